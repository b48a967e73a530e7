//! Writes a large, valid chronology for benchmarks and for trying the viewer at scale:
//!
//! `cargo run --release --example generate -- --events 100000 --actors 300 --sources 50 --out /tmp/big`
//!
//! then `cargo run --release -- /tmp/big/chronology.yaml` (from any folder: the sources are in
//! `sources/` beside it). The output is deterministic for a given `--seed`.

#[path = "../benches/support/generator.rs"]
mod generator;

use std::path::PathBuf;

use clap::Parser;

/// Generate a deterministic chronology of the given size.
#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 1000)]
    events: usize,
    #[arg(long, default_value_t = 50)]
    actors: usize,
    #[arg(long, default_value_t = 10)]
    sources: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write `chronology.yaml` and `sources/` into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let generated = generator::generate(generator::Spec {
        events: args.events,
        actors: args.actors,
        sources: args.sources,
        seed: args.seed,
    });
    std::fs::create_dir_all(args.out.join("sources"))?;
    std::fs::write(args.out.join("chronology.yaml"), &generated.yaml)?;
    for (path, text) in &generated.sources {
        std::fs::write(args.out.join(path), text)?;
    }
    println!(
        "wrote {} ({} bytes) and {} sources",
        args.out.join("chronology.yaml").display(),
        generated.yaml.len(),
        generated.sources.len()
    );
    Ok(())
}
