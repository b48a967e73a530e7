//! `list`: the chosen events of the chronology, one a line or as JSON.

use std::process::ExitCode;

use clap::Args;
use color_eyre::eyre::{Result, WrapErr as _};

use super::{ClockArgs, ReviewArgs, SelectArgs, io};
use crate::find;
use crate::interop::list;

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub clock: ClockArgs,
    #[command(flatten)]
    pub review: ReviewArgs,
    /// Only events mentioning TEXT (case, accents and quote/dash variants ignored), as `/` does.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Print JSON: every event with its resolved citations (source, quote, byte range).
    #[arg(long)]
    pub json: bool,
    /// Only draft events (`draft: true`): the work still to do.
    #[arg(long)]
    pub drafts: bool,
}

/// `list`: the (filtered) chronology as text or JSON.
///
/// # Errors
/// A failure to write to stdout.
pub fn run(args: &ListArgs) -> Result<ExitCode> {
    let target = match args.select.chronology.target(true) {
        Ok(target) => target,
        Err(code) => return Ok(code),
    };
    let clock = match args.clock.clock() {
        Ok(clock) => clock,
        Err(code) => return Ok(code),
    };
    let (chronology, filter) = match target.open(&args.select.wanted()) {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let by_review = args.review.by_review();
    let mut events = find::choose(&chronology, &filter, args.drafts, args.grep.as_deref());
    by_review.retain(&chronology, &mut events);
    let text = if args.json {
        list::json(&chronology, &events, &clock) + "\n"
    } else {
        list::text(&chronology, &events, &clock)
    };
    io::to_stdout(|out| out.write_all(text.as_bytes()))
        .wrap_err("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}
