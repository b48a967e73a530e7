//! Resource limits for reading untrusted chronology files, as named constants.
//!
//! A YAML file can describe far more data than it contains (aliases expand, brackets nest).
//! serde-saphyr enforces a parse budget; the budget here scales with the input's size, so an
//! honest 1,000,000-event file loads while an alias bomb (a few hundred KB that would expand to
//! gigabytes) is refused in milliseconds.

use serde_saphyr::Budget;

/// Largest chronology file read (bytes). A 1,000,000-event chronology is about 400 MB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest source document read (bytes).
pub const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;
/// Deepest nesting of YAML collections; the schema itself needs 6.
pub const MAX_DEPTH: usize = 32;
/// Parser events allowed per input byte (plus a floor for small files). An honest file cannot
/// produce more than about one event per byte; an alias bomb produces thousands.
pub const EVENTS_PER_BYTE: usize = 2;
/// Floor for the event and node budgets, so small files are never limited.
pub const MIN_EVENTS: usize = 1_000_000;
/// Aliases allowed: chronologies have no use for many, bombs need them.
pub const MAX_ALIASES: usize = 10_000;

/// The parse budget for an input of `len` bytes.
pub fn budget(len: usize) -> Budget {
    let events = len.saturating_mul(EVENTS_PER_BYTE).max(MIN_EVENTS);
    let mut budget = Budget::default();
    budget.max_events = events;
    budget.max_nodes = events;
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_total_scalar_bytes = len.saturating_add(1024);
    budget.max_documents = 1;
    budget.max_reader_input_bytes = usize::try_from(MAX_FILE_BYTES).ok();
    budget
}
