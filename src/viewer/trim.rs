//! The allocator's settings for loads: heaps grown in large steps, and the memory a load freed
//! given back to the system.
//!
//! A full load parses the file on every core, and glibc's allocator gives each thread an
//! arena of its own. What the parse frees (the pieces' parsed forms, the events' first vectors
//! once they are put in order) stays in those arenas, while the viewer's thread builds the
//! search index in its own: at 100,000 events the viewer kept 50 MB more than it used, for as
//! long as it stayed open, and its peak was that much higher (see BENCHMARKS.md, "Sixth pass").
//! `malloc_trim` returns the free pages of every arena; other allocators and systems return
//! freed memory on their own terms, and are left to them.
//!
//! A warm opening decodes 100,000 events on two threads, each allocating in an arena of its
//! own, which glibc grows 128 KB at a time by default: hundreds of `mprotect` calls, each
//! holding the process's memory map while the other thread faults in its pages. Growing by 32
//! MB reserves address space, not memory (a page costs only once touched), and the entry's
//! decoding took about 20 ms less (BENCHMARKS.md, "Eighth pass").

/// Returns the free pages of every allocator arena to the system: a few milliseconds, once a
/// load is done.
pub(super) fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes a plain integer, touches no memory in use and may be called
    // from any thread at any time; glibc holds each arena's lock while trimming it.
    #[expect(unsafe_code, reason = "a call into the C library's allocator")]
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Grows allocator heaps 32 MB at a time rather than glibc's 128 KB (see the module
/// documentation); set once, before the first load.
pub(super) fn grow_heaps_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` takes two plain integers and only sets the allocator's parameter,
    // under its lock; M_TOP_PAD accepts any size.
    #[expect(unsafe_code, reason = "a call into the C library's allocator")]
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
    }
}
