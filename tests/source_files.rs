//! What reading sources costs: a file named by several sources is read and searched once, and
//! the texts are shared rather than copied per source.

use std::fmt::Write as _;
use std::sync::Arc;

use sourceline::{Input, LoadOptions, LoadProgress, load};

#[test]
fn a_file_named_by_four_sources_is_read_and_searched_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The envoy said the talks had ended. Nobody else spoke that night.\n";
    std::fs::write(dir.path().join("s.txt"), text).unwrap();
    std::fs::hard_link(dir.path().join("s.txt"), dir.path().join("hard.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("s.txt", dir.path().join("link.txt")).unwrap();
    #[cfg(not(unix))]
    std::fs::hard_link(dir.path().join("s.txt"), dir.path().join("link.txt")).unwrap();
    let paths = ["s.txt", "./s.txt", "link.txt", "hard.txt"];
    let mut yaml = String::from("title: T\nsources:\n");
    for (i, path) in paths.iter().enumerate() {
        let _ = write!(yaml, "  - id: s{i}\n    title: S\n    path: {path}\n");
    }
    yaml.push_str("actors: []\nevents:\n");
    for i in 0..paths.len() {
        let _ = write!(
            yaml,
            "  - id: e{i}\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s{i}\n        quote: the talks had ended\n"
        );
    }
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, yaml).unwrap();
    let progress = Arc::new(LoadProgress::default());
    let options = LoadOptions {
        progress: Some(Arc::clone(&progress)),
        ..LoadOptions::default()
    };
    let loaded = load(Input::File(&file), &options);
    let c = loaded.result.unwrap();
    assert_eq!(c.sources.len(), 4);
    // One text in memory, shared by the four sources.
    for source in &c.sources {
        assert_eq!(source.text.as_str(), text);
        assert_eq!(
            source.text.as_ptr(),
            c.sources[0].text.as_ptr(),
            "{}",
            source.id
        );
    }
    // And searched once: one file to anchor, not four.
    let (_, _, searched, to_search) = progress.snapshot();
    assert_eq!((searched, to_search), (1, 1));
    // Each citation still anchors in its own source.
    for (i, e) in c.events.iter().enumerate() {
        assert_eq!(e.citations[0].source, i);
        assert_eq!(&text[e.citations[0].range.clone()], "the talks had ended");
    }
}
