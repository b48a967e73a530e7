//! The `sourceline` binary: parse arguments, install error reporting, run the command.

use std::process::ExitCode;

use clap::Parser as _;
use sourceline::cli::{self, Cli, Command};

fn main() -> color_eyre::Result<ExitCode> {
    cli::install_error_hook()?;
    let args = Cli::parse();
    match args.command {
        Some(Command::Check(check)) => Ok(cli::check(&check)),
        Some(Command::List(list)) => cli::list(&list),
        Some(Command::Init { dir }) => Ok(cli::init(&dir)),
        Some(Command::Import(import)) => Ok(sourceline::publish::import(&import)),
        Some(Command::Export(export)) => sourceline::publish::export(&export),
        None => cli::view(&args.view),
    }
}
