//! Runs a crate's code that may panic on a malformed file, and turns the panic into a value.
//!
//! The PDF crates index and unwrap freely (`pdf-extract` expects a `MediaBox`, unwraps a
//! content stream); a damaged PDF must be a problem in the chronology, not the end of the
//! program. `catch_unwind` catches the panic; the process-wide panic hook would still print
//! it (and in the viewer, ratatui's hook restores the terminal on *any* panic, caught or not),
//! so a hook installed once in front of the others stays silent for panics raised inside
//! [`catch`] on the calling thread and keeps their message for the error.
//!
//! The filter must be in front of ratatui's hook: it is put there on the first [`catch`], and
//! again by [`install_panic_filter`], which a program calls after installing a hook that must
//! not see caught panics (the viewer, right after `ratatui::init`), in case a source was read
//! before. A panic elsewhere, or on another thread, reaches the hooks behind it as before;
//! filters stacked twice are harmless.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

fn install() {
    INSTALL.call_once(install_panic_filter);
}

/// Puts the filter in front of the panic hooks installed so far.
pub fn install_panic_filter() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if QUIET.with(Cell::get) {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            MESSAGE.with(|m| *m.borrow_mut() = Some(message));
        } else {
            previous(info);
        }
    }));
}

/// Runs `f`; a panic inside it comes back as `Err(message)`, printed nowhere.
pub(super) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    result.map_err(|_| {
        MESSAGE
            .with(|m| m.borrow_mut().take())
            .unwrap_or_else(|| "unknown panic".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        let caught = catch(|| -> u32 { panic!("bad xref {}", 7) });
        let message = caught.unwrap_err();
        assert_eq!(message, "bad xref 7");
        assert_eq!(catch(|| 5), Ok(5));
    }

    thread_local! {
        static SEEN: Cell<u32> = const { Cell::new(0) };
    }

    #[test]
    fn a_hook_installed_later_is_kept_out_by_installing_the_filter_again() {
        // Stands in for ratatui's hook, which restores the terminal on any panic it sees.
        catch(|| ()).unwrap();
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            SEEN.with(|s| s.set(s.get() + 1));
            previous(info);
        }));
        install_panic_filter();
        assert!(catch(|| panic!("inside")).is_err());
        assert_eq!(SEEN.with(Cell::get), 0, "the later hook saw a caught panic");
        let _ = panic::catch_unwind(|| panic!("outside"));
        assert_eq!(
            SEEN.with(Cell::get),
            1,
            "the later hook still sees other panics"
        );
    }
}
