//! A project: a folder holding a [`crate::load::PROJECT_MARKER`], below which chronologies may
//! cite sources anywhere and whose chronology commands open when given no FILE. Two jobs, a
//! file each: [`find`] which chronology that is (reading the marker), [`init()`] a new project
//! written from the embedded chronology (writing it). The marker's format is [`find`]'s: `init`
//! writes it through [`marker_text`], so the two never disagree.

mod find;
mod init;

pub use find::{Chosen, DEMO_NOTE, default_chronology, marker_text};
pub use init::init;
