//! UI state and the pure `update(action)` that changes it.

pub mod filter;
