//! sourceline: a terminal timeline viewer that checks every claim against its source.
//!
//! Data flows one way: YAML → [`load`] (validate, anchor quotes) → [`model::Chronology`]
//! (immutable) → `app` state → `ui` render. The binary in `main.rs` only wires these together.

pub mod anchor;
pub mod app;
pub mod cmd;
pub mod diagnostic;
pub mod edit;
pub mod embedded;
pub mod extract;
pub mod file_kind;
pub mod find;
pub mod interop;
pub mod load;
pub mod model;
pub mod problem;
pub mod project;
pub mod text;
pub mod ui;
pub mod viewer;
pub mod yaml;
