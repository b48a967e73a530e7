//! Catches a crate's panic as an error value (filled in with the PDF reader).
