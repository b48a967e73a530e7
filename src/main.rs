//! The `sourceline` binary: install error reporting, parse arguments, run the command.

use std::process::ExitCode;

use clap::Parser as _;
use sourceline::Cli;

fn main() -> color_eyre::Result<ExitCode> {
    sourceline::install_error_hook()?;
    sourceline::run(Cli::parse())
}
