//! Finding events: which ones a filter passes and which ones mention a text.
//!
//! Both `list` (`--actor`, `--tag`, `--grep`) and the viewer (pickers, `/`) ask these
//! questions, and they must get the same answers, so the answers live here rather than in
//! either caller. Nothing here is UI state: a filter or a query goes in, event indices come out.
//! The viewer keeps its own state (the chosen filter, the current match) in `app`.

pub mod filter;
pub mod index;
mod review;
mod wanted;

pub use filter::{Combine, Filter};
pub use index::{SearchIndex, normalize_query};
pub use review::ByReview;
pub use wanted::{Unknown, Wanted, choose};
