//! `sourceline schema`: the JSON Schema of the chronology format, for editors that validate
//! YAML against one (yaml-language-server and the editors built on it).

use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct SchemaArgs {}

/// # Errors
/// A failure to write to standard output.
pub fn run(_: &SchemaArgs) -> std::io::Result<ExitCode> {
    let schema = crate::load::json_schema();
    super::io::to_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, &schema)?;
        writeln!(out)
    })?;
    Ok(ExitCode::SUCCESS)
}
