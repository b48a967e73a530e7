//! `init DIR`: writes a new project from the embedded chronology ([`crate::project::init`])
//! and says how to open it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::io;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write into (created if needed).
    pub dir: PathBuf,
}

/// `init`: writes the copy and says how to open it.
pub fn run(args: &InitArgs) -> ExitCode {
    let dir = &args.dir;
    match crate::project::init(dir) {
        Ok(chronology) => {
            let shown = sanitize(&chronology.display().to_string()).into_owned();
            println!("wrote {shown}, its source in {}, and a project marker", {
                let seeds = dir.join("seeds");
                sanitize(&seeds.display().to_string()).into_owned()
            });
            let folder = sanitize(&dir.display().to_string()).into_owned();
            println!("open it with:  sourceline {shown}");
            println!(
                "or, inside {folder}, plain `sourceline` (also `sourceline check`, `list`, `export`)"
            );
            println!("then press e to edit an event; the viewer reloads when you save");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("sourceline: {}", sanitize(&why.to_string()));
            io::problems()
        }
    }
}
