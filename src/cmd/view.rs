//! The viewer, when no command is named: the flags turned into [`crate::viewer::Options`].

use std::process::ExitCode;

use clap::Args;
use color_eyre::eyre::Result;

use super::{ClockArgs, SelectArgs, io};
use crate::find::Unknown;
use crate::model::Chronology;

#[derive(Debug, Args)]
pub struct ViewArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Do not watch the files; reload only with F5 or Ctrl-r.
    #[arg(long)]
    pub no_watch: bool,
    /// The name `m` and `M` write in a review's `by:` (default: `SOURCELINE_REVIEWER`, else
    /// `git config user.name`, else the login name).
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
}

/// Who reviews: `--reviewer`, else `SOURCELINE_REVIEWER`, else git's `user.name`, else the
/// login name; the first that is not blank.
fn reviewer(flag: Option<&str>) -> String {
    let given = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    given(flag.map(str::to_string))
        .or_else(|| given(std::env::var("SOURCELINE_REVIEWER").ok()))
        .or_else(|| {
            let out = std::process::Command::new("git")
                .args(["config", "user.name"])
                .stderr(std::process::Stdio::null())
                .output()
                .ok()?;
            given(String::from_utf8(out.stdout).ok())
        })
        .or_else(|| given(std::env::var("USER").ok()))
        .or_else(|| given(std::env::var("LOGNAME").ok()))
        .unwrap_or_else(|| "unknown reviewer".into())
}

/// The viewer on the named or embedded chronology.
///
/// # Errors
/// A terminal failure.
pub fn run(args: &ViewArgs) -> Result<ExitCode> {
    use std::io::IsTerminal as _;
    // A file that cannot be opened at all gives nothing to show or watch: say so before the
    // terminal is touched. So does any problem when there is no terminal to show it in.
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    // Without a terminal the note goes to stderr; with one, the viewer shows it.
    let target = match args.select.chronology.target(!interactive) {
        Ok(target) => target,
        Err(code) => return Ok(code),
    };
    let clock = match args.clock.clock() {
        Ok(clock) => clock,
        Err(code) => return Ok(code),
    };
    let wanted = args.select.wanted();
    let unreadable = target
        .file
        .as_deref()
        .is_some_and(|f| std::fs::metadata(f).map_or(true, |m| m.is_dir()));
    if (!interactive || unreadable)
        && let Err(code) = target.open(&wanted)
    {
        return Ok(code);
    }
    if let Some(why) = target.options.unusable_folders().first() {
        eprintln!("sourceline: {why}");
        return Ok(io::problems());
    }
    let options = crate::viewer::Options {
        file: target.file,
        allow: target.options.allowed,
        snapshots: target.options.snapshots,
        watch: !args.no_watch,
        monochrome: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        clock,
        local: super::local_clock(),
        reviewer: reviewer(args.reviewer.as_deref()),
    };
    let resolve = |c: &Chronology| wanted.resolve(c);
    match crate::viewer::run(options, &resolve).map_err(color_eyre::Report::downcast::<Unknown>) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(Ok(unknown)) => {
            eprintln!("sourceline: {unknown}");
            Ok(io::problems())
        }
        Err(Err(e)) => Err(e),
    }
}
