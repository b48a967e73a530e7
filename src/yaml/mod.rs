//! YAML as text: what the loader and the editors share about how a value is written.
//!
//! This is the bottom layer for YAML syntax. `load` reads chronologies and `edit` and the
//! importer write them, and both sides must agree on one rule for what a string looks like in
//! the file ([`quote`]); `check --fix` and the problem snippets both need where a scalar ends
//! in the text ([`scalar`]); `check --fix` and the viewer's writes both change the file as byte-range
//! replacements ([`patch`]). So all three live here, below them all, and this module imports none.

pub mod patch;
pub mod quote;
pub mod scalar;

pub use patch::{Patch, PatchError};
pub use quote::{double_quoted, must_escape};
