//! Giving the memory a load freed back to the system.
//!
//! A full load parses the file on every core, and glibc's allocator gives each thread an
//! arena of its own. What the parse frees (the pieces' parsed forms, the events' first vectors
//! once they are put in order) stays in those arenas, while the viewer's thread builds the
//! search index in its own: at 100,000 events the viewer kept 50 MB more than it used, for as
//! long as it stayed open, and its peak was that much higher (see BENCHMARKS.md, "Sixth pass").
//! `malloc_trim` returns the free pages of every arena; other allocators and systems return
//! freed memory on their own terms, and are left to them.

/// Returns the free pages of every allocator arena to the system: a few milliseconds, once a
/// load is done.
pub(super) fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes a plain integer, touches no memory in use and may be called
    // from any thread at any time; glibc holds each arena's lock while trimming it.
    #[expect(unsafe_code, reason = "the one call into the C library's allocator")]
    unsafe {
        libc::malloc_trim(0);
    }
}
