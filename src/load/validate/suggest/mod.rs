//! What to tell the author about a quote that did not anchor, in two steps with a file each:
//! [`find`] looks in the source for what the quote most likely meant (and confirms it anchors),
//! [`wording`] says it. The search is the costly part and the wording the part that changes
//! most; apart, each is tested on its own and neither hides in the other.

mod find;
mod wording;

pub(super) use find::{Advice, advise};
pub(super) use wording::explain;
