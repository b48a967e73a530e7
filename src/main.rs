//! The `sourceline` binary: install error reporting, parse arguments, run the command.

use std::process::ExitCode;

use clap::Parser as _;
use sourceline::cmd::{self, Cli};

fn main() -> color_eyre::Result<ExitCode> {
    cmd::install_error_hook()?;
    cmd::run(Cli::parse())
}
