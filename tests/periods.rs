//! Periods (`periods:`, named spans of time) and event links (`links:`): how they load, which
//! problems they report, that a large file loaded in pieces reads them as the whole file does,
//! and the timeline's bottom edge naming the periods of the selected event.

mod common;

use std::fmt::Write as _;

use common::{draw, select_id, text};
use sourceline::model::Chronology;
use sourceline::{Input, LoadOptions, MemorySources};

const SOURCE: &str = "a cited passage here\n";

fn load(yaml: &str) -> Result<Chronology, String> {
    sourceline::load(
        Input::text("p.yaml", yaml, &MemorySources(&[("s.txt", SOURCE)])),
        &LoadOptions::default(),
    )
    .result
    .map_err(|p| p.to_string())
}

fn with(head: &str, events: &str) -> String {
    format!(
        "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\n{head}events:\n{events}"
    )
}

const EVENT: &str = "  - id: e\n    date: \"2016-03\"\n    title: E\n    citations:\n      - source: s\n        quote: cited passage\n";

#[test]
fn periods_load_in_date_order_with_their_notes() {
    let yaml = with(
        "periods:\n  - id: later\n    title: Later\n    date: \"2023-10-07/..\"\n  - id: deal\n    title: Nuclear deal in force\n    date: \"2016-01/2018-05\"\n    note: \"Dates from the public record.\"\n",
        EVENT,
    );
    let c = load(&yaml).unwrap();
    let ids: Vec<&str> = c.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["deal", "later"]);
    assert_eq!(c.periods[0].title, "Nuclear deal in force");
    assert_eq!(c.periods[0].date.edtf(), "2016-01/2018-05");
    assert_eq!(
        c.periods[0].note.as_deref(),
        Some("Dates from the public record.")
    );
    let inside: Vec<&str> = c.periods_of(&c.events[0]).map(|p| p.id.as_str()).collect();
    assert_eq!(inside, ["deal"]);
}

#[test]
fn a_file_without_periods_has_none() {
    let c = load(&with("", EVENT)).unwrap();
    assert!(c.periods.is_empty());
}

#[test]
fn period_problems_are_reported_at_their_lines() {
    let yaml = with(
        "periods:\n  - id: a\n    title: A\n    date: \"2018/2016\"\n  - id: a\n    title: Again\n    date: \"2019\"\n  - id: Bad_Id\n    date: \"2019\"\n",
        EVENT,
    );
    let text = load(&yaml).unwrap_err();
    for needle in [
        "p.yaml:10:11: period \"a\", field `date`: bad date: `2018/2016`: the interval ends before it starts",
        "p.yaml:11:9: period \"a\", field `id`: duplicate id \"a\": already used at line 8, column 9",
        "period \"Bad_Id\", field `id`: id \"Bad_Id\" has characters other than a-z, 0-9 and -",
        "period \"Bad_Id\", field `title`: missing required field `title`",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    // A period has no citations: the field is refused like any unknown field.
    let text = load(&with(
        "periods:\n  - id: c\n    title: C\n    date: \"2019\"\n    citations: []\n",
        EVENT,
    ))
    .unwrap_err();
    assert!(text.contains("unknown field `citations`"), "{text}");
    let text = load(&with("periods:\n  - id: c\n    title: C\n", EVENT)).unwrap_err();
    assert!(
        text.contains("period \"c\", field `date`: missing required field `date`"),
        "{text}"
    );
}

#[test]
fn links_keep_url_caption_and_credit_and_refuse_anything_but_web_addresses() {
    let event = format!(
        "{EVENT}    links:\n      - url: https://youtu.be/fSrO91XO1Ck\n        caption: A video\n        credit: Arista Records\n      - url: http://example.org/\n"
    );
    let c = load(&with("", &event)).unwrap();
    let links = &c.events[0].links;
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].url, "https://youtu.be/fSrO91XO1Ck");
    assert_eq!(links[0].caption.as_deref(), Some("A video"));
    assert_eq!(links[0].credit.as_deref(), Some("Arista Records"));
    assert_eq!(links[1].caption, None);
    for bad in [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "//www.flickr.com/photos/x/",
        "/static/img/family.jpg",
        "https://docs.google.com/document/d/x/edit?usp=sharing&'onload='alert(1)",
        "https://example.org/`x`",
    ] {
        let event = format!("{EVENT}    links:\n      - url: \"{bad}\"\n");
        let text = load(&with("", &event)).unwrap_err();
        assert!(
            text.contains(&format!(
                "p.yaml:15:14: event \"e\", field `links.url`: link \"{bad}\" is not a web address"
            )),
            "{text}"
        );
    }
    let text = load(&with(
        "",
        &format!("{EVENT}    links:\n      - caption: c\n"),
    ))
    .unwrap_err();
    assert!(
        text.contains("field `links.url`: missing required field `links.url`"),
        "{text}"
    );
}

/// A file large enough to be loaded in pieces, its periods before `events:` as the format
/// shows them; and the same file with `periods:` after the events, read whole.
#[test]
fn a_large_file_reads_its_periods_in_pieces_as_whole() {
    let periods = "periods:\n  - id: early\n    title: Early\n    date: \"2000/2009\"\n  - id: late\n    title: Late\n    date: \"2010/..\"\n";
    let mut events = String::new();
    for i in 0..4000 {
        let year = 2000 + i % 20;
        let _ = write!(
            events,
            "  - id: e{i}\n    date: \"{year}\"\n    title: Event number {i} with a longer title\n    summary: A summary that makes the file large enough to be split into pieces.\n    links:\n      - url: https://example.org/{i}\n    citations:\n      - source: s\n        quote: cited passage\n"
        );
    }
    let before = with(periods, &events);
    assert!(before.len() > 256 * 1024, "{}", before.len());
    let after = format!(
        "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n{events}{periods}"
    );
    for yaml in [&before, &after] {
        let c = load(yaml).unwrap();
        assert_eq!(c.periods.len(), 2);
        assert_eq!(c.events.len(), 4000);
        let in_late = c
            .events
            .iter()
            .filter(|e| c.periods_of(e).any(|p| p.id == "late"))
            .count();
        assert_eq!(in_late, 2000);
        assert!(c.events.iter().all(|e| e.links.len() == 1));
    }
}

/// The bottom line of the timeline pane (the left pane at this size).
fn timeline_bottom(app: &sourceline::App, width: u16, height: u16) -> String {
    let lines = text(draw(app, width, height).backend().buffer());
    // The timeline pane's bottom edge: the last line starting with its corner (the overview
    // strip may sit below it).
    let bottom = lines
        .iter()
        .rev()
        .find(|l| l.starts_with('┗') || l.starts_with('└'))
        .expect("the timeline's bottom edge");
    bottom
        .split('┛')
        .next()
        .unwrap()
        .split('┘')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_timeline_names_the_periods_of_the_selected_event() {
    let mut app = common::app(240, 40);
    let periods: Vec<&str> = app
        .chronology
        .periods
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        periods,
        ["nuclear-deal-in-force", "attacks-on-western-interests"]
    );
    for (event, label) in [
        ("islamic-republic", None),
        ("nuclear-deal", Some("Nuclear deal in force · 2015 – 2018")),
        ("us-withdrawal", Some("Nuclear deal in force · 2015 – 2018")),
        ("biden-revival", None),
        (
            "hamas-assault",
            Some("Attacks by Iran-backed groups on Western interests · 7 Oct 2023 – Jan 2024"),
        ),
        (
            "us-warning",
            Some("Attacks by Iran-backed groups on Western interests · 7 Oct 2023 – Jan 2024"),
        ),
    ] {
        select_id(&mut app, event);
        let bottom = timeline_bottom(&app, 240, 40);
        match label {
            Some(label) => assert!(bottom.contains(&format!(" {label} ")), "{event}: {bottom}"),
            None => assert!(!bottom.contains('·'), "{event}: {bottom}"),
        }
    }
}

#[test]
fn a_period_label_fits_any_width() {
    let mut app = common::app(80, 24);
    select_id(&mut app, "kerman-bombings");
    for width in [0, 1, 5, 12, 30, 47, 80] {
        for height in [0, 3, 10] {
            let _ = draw(&app, width, height);
        }
    }
    // Stacked panes: the timeline's bottom edge is a whole line, with room for the span.
    let lines = text(draw(&app, 80, 24).backend().buffer());
    assert_eq!(
        lines[7],
        "┗ Attacks by Iran-backed groups on Western interests · 7 Oct 2023 – Jan 2024 ━━┛"
    );
    // Side by side at 120 columns: the title is cut, never the frame.
    let bottom = timeline_bottom(&app, 120, 40);
    assert!(
        bottom.starts_with("┗ Attacks by Iran-backed groups on Western … ━━"),
        "{bottom}"
    );
}
