//! Output meant for a browser, opened in a real one: headless Chromium loads the HTML report
//! and a page running TimelineJS on the exported JSON, and the tests read back what it built.
//!
//! `.ci/browser-deps` installs both (Debian's `chromium`, TimelineJS from npm into
//! `target/browser-deps/`). Without them a test prints why and passes, except under CI (`CI`
//! set), where a missing browser is a failure: a browser test that silently skips tests nothing.
//! Every page is local and Chromium resolves no host name, so nothing reaches the network.
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sourceline::export::GroupBy;
use sourceline::model::Chronology;
use sourceline::{Input, LoadOptions, MemorySources, export, load};

const TIMELINEJS: &str = "target/browser-deps/node_modules/@knight-lab/timelinejs/dist";
/// Far above the two seconds a page takes, for a loaded machine; a hung browser is killed.
const DEADLINE: Duration = Duration::from_secs(120);

/// Skips (or, under CI, fails) when something the test needs is missing.
fn require(what: &str, found: bool) -> bool {
    if found {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{what} is missing under CI: run .ci/browser-deps");
    eprintln!("skipped: {what} is missing (run .ci/browser-deps to install it)");
    false
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

/// Opens `page` in headless Chromium, lets its scripts run for five seconds of virtual time,
/// and returns the DOM as Chromium serialises it.
fn dump_dom(browser: &Path, page: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dom.html");
    let started = Instant::now();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1200,800",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        // Chromium writes outside its profile too (crash reports under ~/.config, dconf under
        // ~/.cache): all of it goes to the test's folder, never the user's home.
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish {} within {DEADLINE:?}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    eprintln!(
        "chromium drew {} in {:?}",
        page.display(),
        started.elapsed()
    );
    assert!(status.success(), "chromium failed: {status}");
    std::fs::read_to_string(out).unwrap()
}

/// Text of serialised markup: tags dropped, the entities Chromium's serialiser writes decoded.
fn text_of(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The inner markup of every `<tag …>…</tag>` (not nested in itself) that opens with `open`.
fn elements<'a>(markup: &'a str, open: &str, tag: &str) -> Vec<&'a str> {
    let close = format!("</{tag}>");
    markup
        .match_indices(open)
        .filter_map(|(at, _)| {
            let body = &markup[at..];
            let start = body.find('>')? + 1;
            let end = body.find(&close)?;
            body.get(start..end)
        })
        .collect()
}

fn embedded() -> Chronology {
    load(Input::Embedded, &LoadOptions::default())
        .result
        .expect("the embedded chronology loads")
}

fn passages(chronology: &Chronology) -> Vec<&str> {
    chronology
        .events
        .iter()
        .flat_map(|e| &e.citations)
        .map(|c| &chronology.sources[c.source].text[c.range.clone()])
        .collect()
}

#[test]
fn the_html_report_draws_every_event_and_passage() {
    let Some(browser) = chromium() else {
        require("chromium", false);
        return;
    };
    let chronology = embedded();
    let all: Vec<usize> = (0..chronology.events.len()).collect();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, export::html(&chronology, &all)).unwrap();
    let dom = dump_dom(&browser, &page);
    let text = text_of(&dom);
    let headings: Vec<String> = elements(&dom, "<h2", "h2")
        .into_iter()
        .map(text_of)
        .collect();
    for event in &chronology.events {
        assert!(
            headings.contains(&event.title),
            "{}: {headings:?}",
            event.title
        );
        assert!(text.contains(&event.date.describe()), "{}", event.id);
    }
    // The browser put each passage, whole and in order, in its own quote.
    let quoted: Vec<String> = elements(&dom, "<blockquote", "blockquote")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(quoted, passages(&chronology));
    assert_eq!(dom.matches("<article").count(), chronology.events.len());
    assert!(!dom.contains("<script"));
}

#[test]
fn the_html_report_of_hostile_data_builds_only_its_own_elements() {
    let Some(browser) = chromium() else {
        require("chromium", false);
        return;
    };
    let yaml = include_str!("browser/hostile.yaml");
    let sources = MemorySources(&[("s.txt", include_str!("browser/hostile-source.txt"))]);
    let hostile = Input::text("hostile.yaml", yaml, &sources);
    let chronology = load(hostile, &LoadOptions::default()).result.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hostile.html");
    std::fs::write(&page, export::html(&chronology, &[0])).unwrap();
    let dom = dump_dom(&browser, &page);
    let allowed = [
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "p",
        "main",
        "article",
        "h2",
        "dl",
        "dt",
        "dd",
        "sup",
        "a",
        "section",
        "ol",
        "li",
        "blockquote",
        "cite",
    ];
    let mut tags: Vec<&str> = dom
        .match_indices('<')
        .filter_map(|(at, _)| {
            let name = dom[at + 1..]
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()?;
            (!name.is_empty()).then_some(name)
        })
        .collect();
    tags.sort_unstable();
    tags.dedup();
    let foreign: Vec<&&str> = tags.iter().filter(|t| !allowed.contains(t)).collect();
    assert!(foreign.is_empty(), "{foreign:?} in\n{dom}");
    let links = elements(&dom, "<a ", "a");
    assert_eq!(
        links.len(),
        4,
        "two footnote anchors and the two http(s) URLs"
    );
    let quoted = elements(&dom, "<blockquote", "blockquote");
    assert_eq!(
        quoted.into_iter().map(text_of).collect::<Vec<_>>(),
        ["</blockquote><script>alert(10)</script>"]
    );
}

/// A page that runs the local TimelineJS on `doc`, marking `<body>` with `data-loaded` once it
/// has drawn, or `data-error` with the message of any script error.
fn timeline_page(doc: &serde_json::Value, js: &Path, css: &Path) -> String {
    // Inline in a script element: `<` escaped so no string can close the element.
    let json = serde_json::to_string(doc).unwrap().replace('<', "\\u003c");
    // TimelineJS fetches its fonts and any other part relative to this: here, the local copy.
    let script_path = format!("file://{}/", js.parent().unwrap().display());
    let mut html = String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n");
    let _ = writeln!(
        html,
        "<link rel=\"stylesheet\" href=\"file://{}\">\n<script src=\"file://{}\"></script>",
        css.display(),
        js.display()
    );
    let _ = write!(
        html,
        "</head><body><div id=\"timeline\" style=\"width:1200px;height:700px\"></div>\n<script>\n\
         window.onerror = function (message) {{ document.body.setAttribute('data-error', message); }};\n\
         var timeline = new TL.Timeline('timeline', {json}, {{hash_bookmark: false, script_path: '{script_path}'}});\n\
         timeline.on('loaded', function () {{ document.body.setAttribute('data-loaded', 'yes'); }});\n\
         </script></body></html>\n"
    );
    html
}

/// Fails unless TimelineJS loaded without a script error and every style sheet and script it
/// added comes from disk.
fn loaded_from_disk_only(dom: &str) {
    if let Some(at) = dom.find(" data-error=") {
        let end = dom[at..].find('>').map_or(dom.len(), |e| at + e);
        panic!("TimelineJS failed: {}", &dom[at..end]);
    }
    assert!(
        dom.contains("data-loaded=\"yes\""),
        "TimelineJS never loaded:\n{dom}"
    );
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in dom.match_indices(attribute) {
            let url = &dom[at + attribute.len()..];
            let element = &dom[dom[..at].rfind('<').unwrap()..at];
            let resource = element.starts_with("<link") || element.starts_with("<script");
            assert!(
                !resource || url.starts_with("file://"),
                "TimelineJS loads {}",
                &url[..url.find('"').unwrap()]
            );
        }
    }
}

#[test]
fn timelinejs_draws_a_slide_per_event_from_the_export() {
    let Some(browser) = chromium() else {
        require("chromium", false);
        return;
    };
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join(TIMELINEJS);
    let (js, css) = (dist.join("js/timeline.js"), dist.join("css/timeline.css"));
    if !require("TimelineJS", js.is_file() && css.is_file()) {
        return;
    }
    let chronology = embedded();
    let all: Vec<usize> = (0..chronology.events.len()).collect();
    let doc = export::timelinejs(&chronology, &all, GroupBy::Tag);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("timeline.html");
    std::fs::write(&page, timeline_page(&doc, &js, &css)).unwrap();
    let dom = dump_dom(&browser, &page);
    loaded_from_disk_only(&dom);

    let slides: Vec<&str> = dom.split("<div class=\"tl-slide ").skip(1).collect();
    assert_eq!(
        slides.len(),
        chronology.events.len() + 1,
        "the title slide and one per event"
    );
    let title = slides[0];
    assert!(title.starts_with("tl-slide-titleslide"), "{title}");
    assert_eq!(
        elements(title, "<h2 class=\"tl-headline", "h2")
            .first()
            .map(|h| text_of(h)),
        Some(chronology.title.clone())
    );
    // TimelineJS orders slides by date as the chronology does (ties keep file order).
    for (slide, event) in slides[1..].iter().zip(&chronology.events) {
        assert!(
            slide.contains(&format!("id=\"{}\"", event.id)),
            "{}",
            event.id
        );
        let headline = elements(slide, "<h2 class=\"tl-headline", "h2");
        assert_eq!(
            headline.first().map(|h| text_of(h)),
            Some(event.title.clone())
        );
        let quoted: Vec<String> = elements(slide, "<blockquote", "blockquote")
            .into_iter()
            .flat_map(|q| elements(q, "<p", "p"))
            .map(text_of)
            .collect();
        let expected: Vec<&str> = event
            .citations
            .iter()
            .map(|c| &chronology.sources[c.source].text[c.range.clone()])
            .collect();
        assert_eq!(quoted, expected, "{}", event.id);
        assert!(
            dom.contains(&format!("id=\"{}-marker\"", event.id)),
            "no marker for {}",
            event.id
        );
    }
    let warning = slides
        .iter()
        .find(|s| s.contains("id=\"us-warning\""))
        .unwrap();
    assert_eq!(
        elements(warning, "<h3 class=\"tl-headline-date", "h3")
            .first()
            .map(|d| text_of(d)),
        Some("before 2 Jan 2024 — exact day unknown".to_string())
    );
    let mut groups: Vec<String> = elements(&dom, "<div class=\"tl-timegroup-message", "div")
        .into_iter()
        .map(text_of)
        .collect();
    groups.sort();
    let mut first_tags: Vec<String> = chronology
        .events
        .iter()
        .map(|e| chronology.tags[e.tags[0]].clone())
        .collect();
    first_tags.sort();
    first_tags.dedup();
    assert_eq!(groups, first_tags);
    // Periods are drawn as eras, labelled with their titles.
    let eras: Vec<String> = elements(&dom, "<div class=\"tl-timeera-text", "div")
        .into_iter()
        .map(text_of)
        .collect();
    let periods: Vec<&str> = chronology
        .periods
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(eras, periods);
}
