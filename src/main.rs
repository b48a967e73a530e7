//! The `sourceline` binary: parse arguments, install error reporting, run the command.

use std::process::ExitCode;

/// mimalloc: loading a large chronology is millions of small allocations, across threads; it is
/// faster than the system allocator at that and returns freed memory instead of stranding it
/// in per-thread arenas (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser as _;
use sourceline::cli::{self, Cli, Command};

fn main() -> color_eyre::Result<ExitCode> {
    cli::install_error_hook()?;
    let args = Cli::parse();
    match args.command {
        Some(Command::Check { file }) => Ok(cli::check(file.as_deref())),
        Some(Command::List(list)) => cli::list(&list),
        None => cli::view(&args.view),
    }
}
