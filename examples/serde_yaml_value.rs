//! The baseline of BENCHMARKS.md's loading comparison, as a command: reads a YAML file and
//! parses it into a generic `serde_yaml::Value`, then exits, as `sourceline check` does after
//! loading. Timing the two alternately, from the same disk cache, compares them on an equal
//! footing:
//!
//! `cargo run --release --example serde_yaml_value -- /tmp/big/chronology.yaml`

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: serde_yaml_value FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(value) => {
            let events = value
                .get("events")
                .and_then(serde_yaml::Value::as_sequence)
                .map_or(0, Vec::len);
            println!("parsed: {events} events");
            // Like `sourceline check`, end without freeing the parsed tree piece by piece.
            std::mem::forget(value);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
