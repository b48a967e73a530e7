//! YAML as text: what the loader and the editors share about how a value is written.
//!
//! This is the bottom layer for YAML syntax. `load` reads chronologies and `edit` and the
//! importer write them, and both sides must agree on one rule for what a string looks like in
//! the file; so the rule lives here, below both, and this module imports neither.

pub mod quote;

pub use quote::{double_quoted, must_escape};
