//! Exports checked against what reads them: TimelineJS JSON against the documented format (the
//! check itself first run on Knight Lab's own files), Markdown through comrak, a port of the
//! cmark-gfm that GitHub renders with, and the HTML report against hostile data.
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

use std::collections::HashSet;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};
use serde_json::Value;
use sourceline::export::GroupBy;
use sourceline::model::Chronology;
use sourceline::model::Clock;
use sourceline::{Input, LoadOptions, MemorySources, export, is_unsafe, load};

const SEED: &str = include_str!("../seeds/reuters-us-warned-iran-2024-01.txt");

fn embedded() -> Chronology {
    load(Input::Embedded, &LoadOptions::default())
        .result
        .expect("the embedded chronology loads")
}

fn all(chronology: &Chronology) -> Vec<usize> {
    (0..chronology.events.len()).collect()
}

// TimelineJS

/// Every rule <https://timeline.knightlab.com/docs/json-format.html> states, as problems found.
/// `strict` also asks for numbers where the documentation says "a number" (Knight Lab's own
/// files write strings, which TimelineJS accepts).
fn timelinejs_problems(doc: &Value, strict: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut p = |s: String| problems.push(s);
    let Some(top) = doc.as_object() else {
        return vec!["the document is not an object".into()];
    };
    for key in top.keys() {
        if !["events", "title", "eras", "scale"].contains(&key.as_str()) {
            p(format!("unknown top-level key {key}"));
        }
    }
    if let Some(scale) = top.get("scale")
        && !matches!(scale.as_str(), Some("human" | "cosmological"))
    {
        p(format!("scale {scale}"));
    }
    let Some(events) = top.get("events").and_then(Value::as_array) else {
        p("events is required and must be a list".into());
        return problems;
    };
    let mut ids = HashSet::new();
    let title = top.get("title").into_iter().map(|t| ("title", t));
    for (what, slide) in title.chain(events.iter().map(|e| ("event", e))) {
        let Some(slide) = slide.as_object() else {
            p(format!("{what} slide is not an object"));
            continue;
        };
        for (key, value) in slide {
            match key.as_str() {
                "start_date" | "end_date" => date_problems(value, strict, &mut p),
                "text" => text_problems(value, &mut p),
                "media" => {
                    if value.get("url").and_then(Value::as_str).is_none() {
                        p(format!("media without a url: {value}"));
                    }
                }
                "group" | "display_date" => {
                    if !value.is_string() {
                        p(format!("{key} is not a string"));
                    }
                }
                "unique_id" => match value.as_str() {
                    Some(id) if ids.insert(id.to_string()) => {}
                    _ => p(format!("unique_id {value} is not a unique string")),
                },
                "autolink" => {
                    if !value.is_boolean() {
                        p("autolink is not a boolean".into());
                    }
                }
                "background" => {
                    if !value.is_object() {
                        p("background is not an object".into());
                    }
                }
                _ => p(format!("unknown slide key {key}")),
            }
        }
        if what == "event" && !slide.contains_key("start_date") {
            p(format!("event slide without start_date: {slide:?}"));
        }
    }
    for era in top
        .get("eras")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for key in ["start_date", "end_date"] {
            match era.get(key) {
                Some(d) => date_problems(d, strict, &mut p),
                None => p(format!("era without {key}")),
            }
        }
    }
    problems
}

fn date_problems(date: &Value, strict: bool, p: &mut impl FnMut(String)) {
    let Some(date) = date.as_object() else {
        p(format!("date is not an object: {date}"));
        return;
    };
    let number = |v: &Value| {
        v.as_i64()
            .or_else(|| (!strict).then(|| v.as_str()?.trim().parse().ok()).flatten())
    };
    let ranges = [
        ("year", i64::MIN, i64::MAX),
        ("month", 1, 12),
        ("day", 1, 31),
        ("hour", 0, 23),
        ("minute", 0, 59),
        ("second", 0, 59),
        ("millisecond", 0, i64::MAX),
    ];
    for (key, value) in date {
        if let Some(&(_, lo, hi)) = ranges.iter().find(|r| r.0 == key) {
            match number(value) {
                Some(n) if (lo..=hi).contains(&n) => {}
                _ => p(format!("date {key} {value} is not a number in {lo}..={hi}")),
            }
        } else if !matches!(key.as_str(), "display_date" | "format") {
            p(format!("unknown date key {key}"));
        }
    }
    if !date.contains_key("year") {
        p(format!("date without a year: {date:?}"));
    }
}

fn text_problems(text: &Value, p: &mut impl FnMut(String)) {
    let Some(text) = text.as_object() else {
        p("text is not an object".into());
        return;
    };
    for (key, value) in text {
        if !matches!(key.as_str(), "headline" | "text") || !value.is_string() {
            p(format!("text {key}: {value}"));
        }
    }
}

#[test]
fn the_format_check_accepts_knight_labs_own_files() {
    for name in ["houston", "eras"] {
        let path = format!("tests/browser/knightlab/{name}.json");
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            timelinejs_problems(&doc, false),
            Vec::<String>::new(),
            "{path}"
        );
        assert!(
            !timelinejs_problems(&doc, true).is_empty(),
            "{path} writes numbers as strings, which the strict check refuses"
        );
    }
}

#[test]
fn timelinejs_export_follows_the_documented_format() {
    let chronology = embedded();
    for group_by in [GroupBy::Actor, GroupBy::Tag, GroupBy::None] {
        let doc = export::timelinejs(&chronology, &all(&chronology), group_by);
        assert_eq!(
            timelinejs_problems(&doc, true),
            Vec::<String>::new(),
            "{group_by}"
        );
        let text = serde_json::to_string(&doc).unwrap();
        let reread: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(reread, doc);
    }
}

#[test]
fn one_slide_per_event_with_its_id_title_passages_and_group() {
    let chronology = embedded();
    let doc = export::timelinejs(&chronology, &all(&chronology), GroupBy::Actor);
    assert_eq!(
        doc["title"]["text"]["headline"].as_str(),
        Some("US–Iran: the duty to warn")
    );
    let slides = doc["events"].as_array().unwrap();
    assert_eq!(slides.len(), chronology.events.len());
    for (slide, event) in slides.iter().zip(&chronology.events) {
        assert_eq!(slide["unique_id"].as_str(), Some(event.id.as_str()));
        assert_eq!(
            slide["text"]["headline"].as_str(),
            Some(escape(&event.title).as_str())
        );
        let body = slide["text"]["text"].as_str().unwrap();
        for c in &event.citations {
            let passage = &chronology.sources[c.source].text[c.range.clone()];
            let quoted = format!("<blockquote><p>{}</p>", escape(passage));
            assert!(body.contains(&quoted), "{}: {body}", event.id);
        }
        assert!(body.contains(
            "<cite>US Warned Iran of ‘Terrorist Threat’ Before January 3 Attack – Official, Reuters, Jan 2024</cite></blockquote>"
        ));
        let first_actor = &chronology.actors[event.actors[0]].name;
        assert_eq!(slide["group"].as_str(), Some(first_actor.as_str()));
        // The viewer's words exactly when TimelineJS's own date would hide something.
        let edtf = event.date.edtf();
        let worded = edtf.contains(['~', '?', '%']) || edtf.contains("..");
        let expected = worded.then(|| event.date.describe());
        assert_eq!(
            slide.get("display_date").and_then(Value::as_str),
            expected.as_deref(),
            "{edtf}"
        );
    }
    let by_tag = export::timelinejs(&chronology, &all(&chronology), GroupBy::Tag);
    let tags: Vec<&str> = by_tag["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["group"].as_str().unwrap())
        .collect();
    assert_eq!(tags[0], "history");
    let none = export::timelinejs(&chronology, &all(&chronology), GroupBy::None);
    assert!(none["events"][0].get("group").is_none());
}

#[test]
fn the_open_start_warning_sits_on_its_end_and_says_so() {
    let chronology = embedded();
    let ix = chronology
        .events
        .iter()
        .position(|e| e.id == "us-warning")
        .unwrap();
    let doc = export::timelinejs(&chronology, &[ix], GroupBy::None);
    let slide = &doc["events"][0];
    assert_eq!(
        slide["start_date"],
        serde_json::json!({"year": 2024, "month": 1, "day": 2})
    );
    assert!(slide.get("end_date").is_none());
    assert_eq!(
        slide["display_date"].as_str(),
        Some("before 2 Jan 2024 — exact day unknown")
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

// Markdown

fn gfm() -> Options<'static> {
    let mut options = Options::default();
    options.extension.footnotes = true;
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options
}

/// The text a node draws: breaks inside a paragraph are the line breaks of the source text.
fn drawn<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push('\n'),
            NodeValue::Paragraph if !out.is_empty() => out.push_str("\n\n"),
            _ => {}
        }
    }
    out
}

/// Each footnote definition as (name, its block quote's text, its first paragraph's text).
fn footnotes(markdown: &str) -> Vec<(String, String, String)> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &gfm());
    root.descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::FootnoteDefinition(def) => Some((def.name.clone(), n)),
            _ => None,
        })
        .map(|(name, def)| {
            let quote = def
                .children()
                .find(|c| matches!(c.data().value, NodeValue::BlockQuote))
                .map(drawn)
                .unwrap_or_default();
            let credit = def.first_child().map(drawn).unwrap_or_default();
            (name, quote, credit)
        })
        .collect()
}

#[test]
fn every_footnote_passage_is_a_byte_exact_slice_of_the_seed() {
    let chronology = embedded();
    let markdown = export::markdown(&chronology, &all(&chronology));
    let notes = footnotes(&markdown);
    let citations: Vec<_> = chronology
        .events
        .iter()
        .flat_map(|e| &e.citations)
        .collect();
    assert_eq!(notes.len(), citations.len(), "{markdown}");
    for (i, ((name, passage, credit), citation)) in notes.iter().zip(citations).enumerate() {
        assert_eq!(name, &(i + 1).to_string());
        assert_eq!(
            SEED.get(citation.range.clone()),
            Some(passage.as_str()),
            "footnote {name}"
        );
        let line = SEED[..citation.range.start].matches('\n').count() + 1;
        assert_eq!(
            credit,
            &format!(
                "US Warned Iran of ‘Terrorist Threat’ Before January 3 Attack – Official, Reuters, Jan 2024, line {line}:"
            )
        );
        assert!(
            SEED.lines()
                .nth(line - 1)
                .unwrap()
                .contains(passage.lines().next().unwrap())
        );
        assert!(
            markdown.contains(&format!("[^{name}]\n"))
                || markdown.contains(&format!("[^{name}][^")),
            "footnote {name} is referenced"
        );
    }
}

#[test]
fn markdown_sections_read_back_as_the_data() {
    let chronology = embedded();
    let markdown = export::markdown(&chronology, &all(&chronology));
    let arena = Arena::new();
    let root = parse_document(&arena, &markdown, &gfm());
    let headings: Vec<String> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
        .map(drawn)
        .collect();
    let mut expected = vec![chronology.title.clone()];
    expected.extend(chronology.events.iter().map(|e| e.title.clone()));
    expected.extend(["Periods".into(), "Sources".into()]);
    assert_eq!(headings, expected);
    let items: Vec<String> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Item(_)))
        .map(drawn)
        .collect();
    let first = &chronology.events[0];
    assert!(
        items.contains(&format!("When: {}", first.date.describe())),
        "{items:?}"
    );
    assert!(
        items.contains(&"Actors: Iran, United States".to_string()),
        "{items:?}"
    );
    // Each period with its note, and each source with its authors, in sections of their own.
    for period in &chronology.periods {
        let line = format!(
            "{} ({}): {}",
            period.title,
            period.span(),
            period.note.as_deref().unwrap().trim().replace('\n', " ")
        );
        assert!(items.contains(&line), "{line} in {items:?}");
    }
    let source = "US Warned Iran of ‘Terrorist Threat’ Before January 3 Attack – Official, by Simon Lewis and Arshad Mohammed, Reuters, Jan 2024.";
    assert!(items.contains(&source.to_string()), "{items:?}");
    let summary = first.summary.as_deref().unwrap().trim();
    let paragraphs: Vec<String> = root
        .children()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .map(drawn)
        .collect();
    assert!(paragraphs.iter().any(|p| p == summary), "{paragraphs:?}");
}

#[test]
fn a_multi_line_passage_stays_inside_its_footnote() {
    let source = "first line of it\n    indented: *not* code\n\n# not a heading\n";
    let yaml = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s\n        quote: \"first line of it indented: *not* code # not a heading\"\n";
    let chronology = load(
        Input::text("t.yaml", yaml, &MemorySources(&[("s.txt", source)])),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let markdown = export::markdown(&chronology, &[0]);
    let notes = footnotes(&markdown);
    assert_eq!(notes.len(), 1, "{markdown}");
    let passage = &source[chronology.events[0].citations[0].range.clone()];
    assert_eq!(
        passage,
        source.trim_end(),
        "the quote spans the three lines"
    );
    // White space that begins a line is kept; the empty line parts paragraphs, as in the source.
    assert_eq!(notes[0].1, passage, "{markdown}");
}

// Hostile data

/// tests/hostile.rs's terminal injection, plus markup, script and link injection for browsers
/// and Markdown renderers (the browser tests open the same file).
fn hostile() -> Chronology {
    let yaml = include_str!("browser/hostile.yaml");
    let sources = MemorySources(&[("s.txt", include_str!("browser/hostile-source.txt"))]);
    let hostile = Input::text("hostile.yaml", yaml, &sources);
    load(hostile, &LoadOptions::default()).result.unwrap()
}

fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| is_unsafe(c) && c != '\n')
        .collect()
}

#[test]
fn the_html_report_of_hostile_data_is_inert() {
    let chronology = hostile();
    assert!(chronology.events[0].title.contains('\u{1b}'));
    let html = export::html(&chronology, &[0]);
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
    ));
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script",
        "javascript:",
        "<iframe",
        "<svg",
        "<img",
        "<style>*",
    ] {
        assert!(!lower.contains(banned), "{banned} in\n{html}");
    }
    assert_eq!(raw_controls(&html), Vec::<char>::new(), "{html}");
    assert!(!html.contains('\t'));
    // Besides the footnote anchors, the links are the data's two http(s) URLs, and only those.
    let links: Vec<&str> = html
        .match_indices("<a ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
        .collect();
    let external: Vec<&&str> = links.iter().filter(|l| !l.contains("href=\"#")).collect();
    assert_eq!(
        external,
        [
            &"<a rel=\"noreferrer\" href=\"https://example.org/?q=\"",
            &"<a rel=\"noreferrer\" href=\"http://x\""
        ],
        "{links:?}"
    );
    // Escaped, the data still reads as itself: visible placeholders for the escapes.
    assert!(
        html.contains("title␛]52;c;SGVsbG8=␇␛[2J\u{FFFD}&lt;svg onload=alert(5)&gt;"),
        "{html}"
    );
}

#[test]
fn markdown_of_hostile_data_renders_no_markup_or_link() {
    let chronology = hostile();
    let markdown = export::markdown(&chronology, &[0]);
    assert_eq!(
        raw_controls(&markdown.replace('\t', "")),
        Vec::<char>::new()
    );
    let mut options = gfm();
    options.render.r#unsafe = true; // as pandoc does: raw HTML would pass straight through
    let rendered = comrak::markdown_to_html(&markdown, &options);
    let lower = rendered.to_ascii_lowercase();
    for banned in [
        "<script",
        "<iframe",
        "<svg",
        "<img",
        "<style",
        "href=\"javascript",
        "<del>",
        "<code>",
    ] {
        assert!(
            !lower.contains(banned),
            "{banned} in\n{rendered}\nfrom\n{markdown}"
        );
    }
    let notes = footnotes(&markdown);
    assert_eq!(notes[0].1, "</blockquote><script>alert(10)</script>");
}

#[test]
fn timelinejs_of_hostile_data_is_escaped_html_without_control_characters() {
    let chronology = hostile();
    let doc = export::timelinejs(&chronology, &[0], GroupBy::Actor);
    assert_eq!(timelinejs_problems(&doc, true), Vec::<String>::new());
    let json = serde_json::to_string(&doc).unwrap();
    assert_eq!(raw_controls(&json), Vec::<char>::new(), "{json}");
    let lower = json.to_ascii_lowercase();
    for banned in ["<script", "<iframe", "<svg", "<img", "<style", "<a "] {
        assert!(!lower.contains(banned), "{banned} in {json}");
    }
    assert_eq!(
        doc["events"][0]["display_date"].as_str(),
        Some("c. 2024 (approximate)")
    );
}

/// A chronology built without the loader (which refuses them) may hold a link address with
/// quote marks: the TimelineJS export percent-encodes them, in the media and in "See also".
#[test]
fn timelinejs_link_addresses_carry_no_quote_mark_whatever_the_model_holds() {
    let mut c = embedded();
    let evil = "https://docs.google.com/document/d/x/edit?usp=sharing&'onload='alert(1)\"`<b>";
    let link = sourceline::model::Link {
        url: evil.into(),
        caption: None,
        credit: None,
    };
    c.events[0].links = vec![link.clone(), link];
    let doc = export::timelinejs(&c, &[0], GroupBy::None);
    let slide = &doc["events"][0];
    assert_eq!(
        slide["media"]["url"],
        "https://docs.google.com/document/d/x/edit?usp=sharing&%27onload=%27alert(1)%22%60%3Cb%3E"
    );
    let text = slide["text"]["text"].as_str().unwrap();
    let see_also = &text[text.find("See also").unwrap()..];
    assert!(
        see_also.starts_with(
            "See also: <a href=\"https://docs.google.com/document/d/x/edit?usp=sharing&amp;%27onload=%27alert(1)%22%60%3Cb%3E\">"
        ),
        "{see_also}"
    );
}

/// The command writes the document as it makes it (`write_timelinejs`); what it writes is the
/// document `timelinejs` returns, indented, with a final line break.
#[test]
fn timelinejs_written_as_made_is_the_same_document() {
    let c = embedded();
    for group_by in [GroupBy::None, GroupBy::Tag, GroupBy::Actor] {
        let mut out = Vec::new();
        export::write_timelinejs(&c, &all(&c), group_by, &Clock::AsWritten, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("}\n") && text.starts_with("{\n  \""),
            "{text}"
        );
        let written: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written, export::timelinejs(&c, &all(&c), group_by));
        assert_eq!(written["events"].as_array().unwrap().len(), c.events.len());
        assert_eq!(written["eras"].as_array().unwrap().len(), c.periods.len());
    }
}

proptest::proptest! {
    /// Whatever punctuation a title or a summary holds, and wherever (a line's start, its
    /// end, beside a footnote mark), the report renders exactly that text: no markup, no
    /// dropped character; at most an address shown as a link to itself.
    #[test]
    fn markdown_renders_any_punctuation_as_itself(
        title in "[a-z0-9 !\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,30}",
        summary in proptest::collection::vec(
            "[a-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][a-z0-9 !\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{0,25}",
            1..4,
        ),
    ) {
        let mut c = embedded();
        let summary: Vec<String> = summary.iter().map(|l| l.trim_end().to_string()).collect();
        let summary = summary.join("\n");
        proptest::prop_assume!(!title.trim().is_empty() && !summary.trim().is_empty());
        c.events[0].title = title.clone();
        c.events[0].summary = Some(summary.clone());
        let markdown = export::markdown(&c, &[0]);
        let arena = Arena::new();
        let root = parse_document(&arena, &markdown, &gfm());
        let headings: Vec<String> = root
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
            .map(drawn)
            .collect();
        proptest::prop_assert_eq!(&headings[1], title.trim_end(), "{}", markdown);
        let paragraphs: Vec<String> = root
            .children()
            .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
            .map(drawn)
            .collect();
        proptest::prop_assert_eq!(paragraphs.len(), 1, "{}", markdown);
        proptest::prop_assert_eq!(&paragraphs[0], summary.trim(), "{}", markdown);
        for n in root.descendants() {
            // GitHub links a web or mail address written out in text; the link shows its own
            // target, so nothing is hidden behind words.
            if let NodeValue::Link(link) = &n.data().value {
                let shown = drawn(n);
                let scheme_ok = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|s| link.url.starts_with(s));
                proptest::prop_assert!(scheme_ok && link.url.ends_with(&shown), "{:?} in {}", link, markdown);
                continue;
            }
            let allowed = matches!(
                n.data().value,
                NodeValue::Document
                    | NodeValue::Heading(_)
                    | NodeValue::Paragraph
                    | NodeValue::Text(_)
                    | NodeValue::SoftBreak
                    | NodeValue::List(_)
                    | NodeValue::Item(_)
                    | NodeValue::Strong
                    | NodeValue::Emph
                    | NodeValue::BlockQuote
                    | NodeValue::FootnoteDefinition(_)
                    | NodeValue::FootnoteReference(_)
            );
            proptest::prop_assert!(allowed, "{:?} in {}", n.data().value, markdown);
        }
    }
}
