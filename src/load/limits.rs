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
/// Most bytes of source documents one chronology reads, all its files together (a file named by
/// several sources counts once). Files compress well: a pull request of a megabyte can carry
/// gigabytes of repeated text, and every byte read is held while the chronology is open.
pub const MAX_TOTAL_SOURCE_BYTES: u64 = 1024 * 1024 * 1024;
/// Most bytes of source documents anchored at once: each is folded (a copy of it) while its
/// quotes are searched, so large sources take turns while small ones share the cores.
pub const MAX_ANCHORING_BYTES: u64 = MAX_SOURCE_BYTES;
/// Deepest nesting of YAML collections; the schema itself needs 6.
pub const MAX_DEPTH: usize = 32;
/// Parser events allowed per input byte (plus a floor for small files). An honest file cannot
/// produce more than about one event per byte; an alias bomb produces thousands.
pub const EVENTS_PER_BYTE: usize = 2;
/// Floor for the event and node budgets, so small files are never limited.
pub const MIN_EVENTS: usize = 1_000_000;
/// Aliases allowed: chronologies have no use for many, bombs need them.
pub const MAX_ALIASES: usize = 10_000;

/// Longest text value (a title, a summary, a quote …) accepted. No honest field comes near it;
/// a 50 MB scalar is someone testing the reader.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// Names the limit a serde-saphyr budget breach hit, in words, from its message.
pub fn describe_breach(message: &str, len: usize) -> Option<String> {
    let (_, rest) = message.split_once("budget breached: ")?;
    let kind: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let events = len.saturating_mul(EVENTS_PER_BYTE).max(MIN_EVENTS);
    Some(match kind.as_str() {
        "Events" | "Nodes" => format!(
            "the YAML expands to more than {events} nodes (the limit is {EVENTS_PER_BYTE} per byte of the file, at least {MIN_EVENTS}); aliases that repeat large parts of the file cause this"
        ),
        "ScalarBytes" => format!(
            "the YAML's text expands beyond {} bytes, more than the file itself holds; aliases that repeat large parts of the file cause this",
            len.saturating_add(1024)
        ),
        "Aliases"
        | "Anchors"
        | "AliasAnchorRatio"
        | "RecordedAnchorEvents"
        | "RecordedAnchorBytes" => format!(
            "the file uses aliases (`*name`) beyond the limit of {MAX_ALIASES}, or repeats anchored content too often"
        ),
        "Depth" => format!("the YAML nests deeper than {MAX_DEPTH} levels"),
        "Documents" => {
            "the file holds more than one YAML document (`---`); put one chronology in a file"
                .into()
        }
        "InputBytes" => format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        other => format!("the YAML exceeds the loader's `{other}` limit"),
    })
}

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
