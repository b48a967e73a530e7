//! `sourceline lsp`: the language server, over standard input and output.

use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only way; accepted because many editors'
    /// clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_: &LspArgs) -> ExitCode {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let served = crate::lsp::serve(&connection, &crate::lsp::Options::default());
    drop(connection);
    let joined = io_threads.join();
    match (served, joined) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(why), _) => {
            eprintln!("sourceline lsp: {why}");
            ExitCode::FAILURE
        }
        (_, Err(why)) => {
            eprintln!("sourceline lsp: standard input or output failed: {why}");
            ExitCode::FAILURE
        }
    }
}
