//! `sourceline lsp`: the language server that checks a chronology as it is typed.
//!
//! The main loop ([`serve`]) owns the open documents and answers every message at once: edits
//! are applied to the buffer and handed to the [`worker`], which checks the text off the loop
//! and sends back an [`analysis::Analysis`]; each request is answered by one thin handler over
//! the latest analysis of its document, as rust-analyzer's handlers read a snapshot (or the one
//! before it while the latest's YAML trees are still being made: [`answering`]). Nothing here
//! loads or parses a chronology on the main loop, so a keystroke never waits for a check, and a
//! request waits only when it must (a code action, for the trees its edits are made against).

mod actions;
mod analysis;
mod answering;
mod completion;
mod cursor;
mod diagnostics;
mod goto;
mod hover;
mod lookup;
mod position;
mod server;
mod symbols;
mod uri;
mod worker;

pub use server::{Options, ServeError, serve};
