//! Runs a crate's code that may panic on a malformed file, and turns the panic into a value.
//!
//! The PDF crates index and unwrap freely (`pdf-extract` expects a `MediaBox`, unwraps a
//! content stream); a damaged PDF must be a problem in the chronology, not the end of the
//! program. `catch_unwind` catches the panic; the process-wide panic hook would still print
//! it (and in the viewer, ratatui's hook restores the terminal on *any* panic, caught or not),
//! so a hook installed once in front of the others stays silent for panics raised inside
//! [`catch`] on the calling thread and keeps their message for the error.
//!
//! The hook must be in front of ratatui's: it is installed on the first [`catch`], which the
//! loader reaches after the viewer has set up the terminal. A panic elsewhere reaches the
//! hooks behind it as before.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

fn install() {
    INSTALL.call_once(|| {
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
    });
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
}
