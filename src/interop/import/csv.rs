//! The TimelineJS Google Sheets template, downloaded as CSV → [`Timeline`].
//!
//! Columns are found by their heading in the first row (case and spacing ignored), so a sheet
//! with its columns moved or some left out still reads; a column the template does not have is
//! reported, cell by cell, as not kept. `Type` says what a row is: `title`, `era`, or an event
//! (blank). The CSV itself is RFC 4180 as Sheets writes it (commas, `"` quoting with `""` for a
//! quote, line breaks inside quotes, `\r\n` or `\n` between rows), read by the `csv` crate.

use std::io::Read as _;

use super::dates::{NotWhole, RawDate, TIME_KEPT, clock_parts};
use super::limits::{MAX_COLUMNS, MAX_SLIDES, MAX_TEXT_BYTES};
use super::tally::{Outcome, Tally};
use super::{ImportError, Media, Names, Slide, Timeline};

const NAMES: Names = Names {
    events: "",
    title: "title row: ",
    eras: "era row: ",
    slide: "row",
    era: "row",
    unique_id: "Unique ID",
    start: "Year, Month, Day",
    end: "End Year, End Month, End Day",
    display_date: "Display Date",
    headline: "Headline",
    text: "Text",
    media_url: "Media",
    media_caption: "Media Caption",
    media_credit: "Media Credit",
    group: "Group",
};

/// The template's columns, as its first row names them; the last three are those of the first
/// template, which TimelineJS still reads (a date as text in one cell, `Tag` for the group).
const COLUMNS: [&str; 21] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
    "Start Date",
    "End Date",
    "Tag",
];

/// Reads a sheet.
///
/// # Errors
/// A quote left open, a first row that names none of the template's columns, or a limit.
pub fn read(text: &str, tally: &mut Tally) -> Result<Timeline, ImportError> {
    let rows = records(text)?;
    let mut rows = rows.into_iter();
    let header = rows.next().unwrap_or_default();
    let heading: Vec<Option<&'static str>> = header.iter().map(|h| column(h)).collect();
    let legacy = !heading.contains(&Some("Year")) && heading.contains(&Some("Start Date"));
    if !(heading.contains(&Some("Year")) || legacy) || !heading.contains(&Some("Headline")) {
        return Err(ImportError(format!(
            "is not the TimelineJS sheet: its first row must name the template's columns ({}), at least Year and Headline",
            COLUMNS[..18].join(", ")
        )));
    }
    let mut names = NAMES;
    if legacy {
        names.start = "Start Date";
        names.end = "End Date";
    }
    if !heading.contains(&Some("Group")) && heading.contains(&Some("Tag")) {
        names.group = "Tag";
    }
    let mut timeline = Timeline {
        kind: "TimelineJS sheet (CSV)",
        names,
        ..Timeline::default()
    };
    for (i, row) in rows.enumerate() {
        let number = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |name: &str| {
            heading
                .iter()
                .position(|h| *h == Some(name))
                .and_then(|at| row.get(at))
                .map(String::as_str)
                .filter(|c| !c.trim().is_empty())
        };
        let mut kind = cell("Type").map(|t| t.trim().to_ascii_lowercase());
        if kind.as_deref() == Some("title") && timeline.title.is_some() {
            // As TimelineJS reads it: only the first title row titles the timeline.
            timeline.notices.push(format!(
                "row {number} is a second title row: it is read as an event, as TimelineJS reads it"
            ));
            kind = None;
        }
        let prefix = match kind.as_deref() {
            Some("title") => "title row: ",
            Some("era") => "era row: ",
            _ => "",
        };
        let mut slide = Slide {
            number,
            ..Slide::default()
        };
        aside(
            &row,
            (&heading, &names),
            number,
            prefix,
            kind.as_deref(),
            tally,
            &mut slide.comments,
        )?;
        fill(&mut slide, &cell, legacy, &names);
        match kind.as_deref() {
            Some("title") => timeline.title = Some(slide),
            Some("era") => timeline.eras.push(slide),
            _ => timeline.slides.push(slide),
        }
    }
    Ok(timeline)
}

/// A slide's fields from the row's cells (`cell` gives a column's non-blank cell).
fn fill<'a>(
    slide: &mut Slide,
    cell: &dyn Fn(&str) -> Option<&'a str>,
    legacy: bool,
    names: &Names,
) {
    let owned = |name: &str| cell(name).map(str::to_string);
    // Sheets may write `1,963` or ` 1963 `: spaces and commas go, as TimelineJS does.
    let part = |name: &str| {
        cell(name).map(|c| {
            let digits: String = c
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect();
            digits.parse::<i64>().map_err(|_| NotWhole(c.to_string()))
        })
    };
    let date = |y: &str, m: &str, d: &str| {
        cell(y).or(cell(m)).or(cell(d)).map(|_| RawDate {
            year: part(y),
            month: part(m),
            day: part(d),
            ..RawDate::default()
        })
    };
    if legacy {
        slide.start = cell("Start Date").map(legacy_date);
        slide.end = cell("End Date").map(legacy_date);
    } else {
        slide.start = date("Year", "Month", "Day");
        slide.end = date("End Year", "End Month", "End Day");
    }
    for (raw, column) in [(&mut slide.start, "Time"), (&mut slide.end, "End Time")] {
        if let (Some(raw), Some(text)) = (raw.as_mut(), cell(column)) {
            set_time(raw, text);
        }
    }
    slide.display_date = owned("Display Date");
    slide.headline = owned("Headline");
    slide.text = owned("Text");
    slide.group = owned(names.group);
    let media = Media {
        url: owned("Media"),
        caption: owned("Media Caption"),
        credit: owned("Media Credit"),
    };
    if media.url.is_some() || media.caption.is_some() || media.credit.is_some() {
        slide.media = Some(media);
    }
}

/// Checks each cell's length, and counts (and keeps in comments) the cells a chronology has no
/// field for: time of day, thumbnails, backgrounds, columns the template does not have.
fn aside(
    row: &[String],
    (heading, names): (&[Option<&'static str>], &Names),
    number: usize,
    prefix: &str,
    kind: Option<&str>,
    tally: &mut Tally,
    comments: &mut Vec<String>,
) -> Result<(), ImportError> {
    for (at, value) in row.iter().enumerate() {
        if value.len() > MAX_TEXT_BYTES {
            return Err(ImportError(format!(
                "row {number}, column {}: the cell is {} bytes long, over the limit of {MAX_TEXT_BYTES} bytes",
                at + 1,
                value.len()
            )));
        }
        // A blank cell is no field: only the cells that hold something are counted.
        if value.trim().is_empty() {
            continue;
        }
        let Some(Some(name)) = heading.get(at) else {
            let field = format!("{prefix}column {} (no heading)", at + 1);
            tally.add(
                &field,
                Outcome::Lost("not a column of the template (kept in a comment)"),
            );
            comments.push(format!("column {}: {value}", at + 1));
            continue;
        };
        let field = format!("{prefix}{name}");
        match *name {
            "Time" | "End Time" if clock_parts(value).is_some() => {
                tally.add(&field, Outcome::Kept(TIME_KEPT));
            }
            "Time" | "End Time" => {
                tally.add(&field, Outcome::Kept("a comment (not a time of day)"));
                comments.push(format!("{name}: {value}"));
            }
            "Media Thumbnail" | "Background" => {
                tally.add(&field, Outcome::Kept("a comment"));
                comments.push(format!("{name}: {value}"));
            }
            "Type" if matches!(kind, Some("title" | "era")) => {
                tally.add(&field, Outcome::Kept("what the row is"));
            }
            "Type" => {
                tally.add(
                    &field,
                    Outcome::Lost("neither title nor era: read as an event"),
                );
                comments.push(format!("Type: {value}"));
            }
            // The first template's columns, when the sheet also has the ones that replaced them.
            "Start Date" | "End Date" if names.start != "Start Date" => {
                tally.add(
                    &field,
                    Outcome::Kept("a comment (the Year columns give the date)"),
                );
                comments.push(format!("{name}: {value}"));
            }
            "Tag" if names.group != "Tag" => {
                tally.add(
                    &field,
                    Outcome::Kept("a comment (the Group column gives the tag)"),
                );
                comments.push(format!("{name}: {value}"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The time of day `text` gives to `raw`, when it reads as one (`14:45`, `2:45 PM`); kept as
/// written for a comment either way.
fn set_time(raw: &mut RawDate, text: &str) {
    raw.time = Some(text.trim().to_string());
    if let Some([hour, minute, second, millisecond]) = clock_parts(text) {
        (raw.hour, raw.minute, raw.second, raw.millisecond) = (hour, minute, second, millisecond);
    }
}

/// A date written in one cell, as the first template had it and TimelineJS still reads it:
/// `1963`, `1963-08`, `1963-08-09`, `8/9/1963` (month first), `8/1963`, a time after it.
fn legacy_date(cell: &str) -> RawDate {
    let text = cell.trim();
    let number = |s: &str| Some(s.parse::<i64>().map_err(|_| NotWhole(s.to_string())));
    let mut raw = RawDate::default();
    let (date, time) = match text.split_once(char::is_whitespace) {
        Some((d, t)) if t.contains(':') => (d, Some(t.trim())),
        _ => (text, None),
    };
    if let Some(time) = time {
        set_time(&mut raw, time);
    }
    let negative = date.starts_with('-');
    let body = date.trim_start_matches(['-', '+']);
    if body.contains('/') {
        let parts: Vec<&str> = body.split('/').collect();
        match parts.as_slice() {
            [m, d, y] => (raw.month, raw.day, raw.year) = (number(m), number(d), number(y)),
            [m, y] => (raw.month, raw.year) = (number(m), number(y)),
            _ => raw.year = Some(Err(NotWhole(cell.to_string()))),
        }
    } else {
        let parts: Vec<&str> = body.split('-').collect();
        match parts.as_slice() {
            [y, rest @ ..] if rest.len() <= 2 => {
                raw.year = number(y);
                raw.month = rest.first().and_then(|m| number(m));
                raw.day = rest.get(1).and_then(|d| number(d));
            }
            _ => raw.year = Some(Err(NotWhole(cell.to_string()))),
        }
    }
    if negative && let Some(Ok(y)) = &mut raw.year {
        *y = -*y;
    }
    if raw.year.is_none() {
        raw.year = Some(Err(NotWhole(cell.to_string())));
    }
    raw
}

/// The template column a heading names, if any.
fn column(heading: &str) -> Option<&'static str> {
    let squashed = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let h = squashed(heading.trim_start_matches('\u{FEFF}'));
    COLUMNS.iter().copied().find(|c| squashed(c) == h)
}

/// The cells of each row, with the limits on rows and columns applied as they are read.
///
/// The `csv` crate parses; two things are added to it. It skips blank lines, but a sheet
/// counts them as rows: each becomes a row of one empty cell here, so a row's number is its
/// number in the sheet, and blank lines count towards the row limit. And it reads a quote left
/// open as a cell running to the end of the file: that is refused here, naming the line the
/// cell opens on, since such a file was cut short or mistyped.
fn records(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    let mut reader = reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut last_start = None;
    loop {
        let before = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        let more = reader.read_record(&mut record).map_err(|e| {
            ImportError(format!(
                "could not be read as CSV ({e}); save it as CSV again"
            ))
        })?;
        let start = blank_rows(text, before, &mut rows)?;
        if !more {
            break;
        }
        if record.len() > MAX_COLUMNS {
            return Err(ImportError(format!(
                "line {}: more than {MAX_COLUMNS} columns, over the limit",
                line_at(text, start)
            )));
        }
        push_row(&mut rows, record.iter().map(str::to_string).collect())?;
        last_start = Some(start);
    }
    if let Some(start) = last_start
        && quote_left_open(&text[start..])
    {
        let cell = rows
            .last()
            .and_then(|row| row.last())
            .map_or("", String::as_str);
        let opened = text
            .len()
            .saturating_sub(1 + cell.len() + cell.matches('"').count());
        return Err(ImportError(format!(
            "line {}: a quoted cell is never closed (a `\"` is missing)",
            line_at(text, opened)
        )));
    }
    Ok(rows)
}

/// A reader of the sheet's CSV as Sheets writes it: commas, `"` quoting with `""` for a quote,
/// `\r\n`, `\n` or `\r` between rows, rows of any length.
fn reader<R: std::io::Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// Adds the row to `rows`, refusing one past the limit.
fn push_row(rows: &mut Vec<Vec<String>>, row: Vec<String>) -> Result<(), ImportError> {
    rows.push(row);
    if rows.len() > MAX_SLIDES + 1 {
        return Err(ImportError(format!(
            "has more than {MAX_SLIDES} rows, over the limit"
        )));
    }
    Ok(())
}

/// The blank lines the reader skipped from byte `from` (where the previous row's line break
/// ended, or began for a `\r\n`), each added to `rows` as a row of one empty cell; returns
/// where the next row starts.
fn blank_rows(text: &str, from: usize, rows: &mut Vec<Vec<String>>) -> Result<usize, ImportError> {
    let bytes = text.as_bytes();
    let mut at = from;
    if at > 0 && bytes.get(at - 1) == Some(&b'\r') && bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 2,
            b'\r' | b'\n' => at += 1,
            _ => break,
        }
        push_row(rows, vec![String::new()])?;
    }
    Ok(at)
}

/// Whether the last row (`tail`, from its start to the end of the file) ends inside a quoted
/// cell. Asked of the parser itself: a line break and a cell put after it start a second row,
/// unless the quote is still open and swallows them.
fn quote_left_open(tail: &str) -> bool {
    let mut reader = reader(tail.as_bytes().chain(&b"\nx"[..]));
    reader.records().take(2).count() < 2
}

/// The 1-based line of byte `at`, counting `\n`, `\r\n` and `\r` as one break each.
fn line_at(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at.min(text.len())];
    let lone_cr = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
        .count();
    1 + memchr::memchr_iter(b'\n', before).count() + lone_cr
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::import::dates::Part;

    #[test]
    fn quoting_as_sheets_writes_it() {
        let rows = records("a,\"b, \"\"c\"\"\nd\",e\r\n1,2,3\n").unwrap();
        assert_eq!(
            rows,
            vec![vec!["a", "b, \"c\"\nd", "e"], vec!["1", "2", "3"]]
        );
        assert!(
            records("a,\"open\n\n")
                .unwrap_err()
                .0
                .contains("line 1: a quoted cell is never closed")
        );
    }

    /// The `csv` crate skips blank lines; the sheet counts them, so rows keep their numbers.
    #[test]
    fn blank_lines_are_rows_of_the_sheet() {
        let rows = records("a\n\nb\r\n\r\nc\rd\n\"\"").unwrap();
        let expected: Vec<Vec<&str>> = vec![
            vec!["a"],
            vec![""],
            vec!["b"],
            vec![""],
            vec!["c"],
            vec!["d"],
            vec![""],
        ];
        assert_eq!(rows, expected);
        let mut tally = Tally::default();
        let sheet = read("Year,Headline\n\n2020,x\r\n\r\n2021,y\n", &mut tally).unwrap();
        let numbers: Vec<usize> = sheet.slides.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [3, 5]);
    }

    /// The `csv` crate reads an open quote to the end of the file; it is refused, at the line
    /// the cell opens on.
    #[test]
    fn a_quote_left_open_is_refused_where_it_opens() {
        let err =
            records("Year,Headline\n2020,\"ok\nstill\",\"open \"\"q\"\"\nmore\n").unwrap_err();
        assert_eq!(
            err.0,
            "line 3: a quoted cell is never closed (a `\"` is missing)"
        );
        let err = records("a\rb\r\"open").unwrap_err();
        assert!(err.0.starts_with("line 3: "), "{}", err.0);
        assert_eq!(records("a,\"closed\"\"\"\n").unwrap(), [["a", "closed\""]]);
    }

    #[test]
    fn too_many_columns_are_refused_naming_the_line() {
        let wide = ",".repeat(MAX_COLUMNS);
        let err = records(&format!("a\n\n{wide}\n")).unwrap_err();
        assert_eq!(
            err.0,
            format!("line 3: more than {MAX_COLUMNS} columns, over the limit")
        );
        let widest = ",".repeat(MAX_COLUMNS - 1);
        assert_eq!(records(&widest).unwrap()[0].len(), MAX_COLUMNS);
    }

    #[test]
    fn legacy_dates_read_as_timelinejs_reads_them() {
        let read = |s: &str| {
            let r = legacy_date(s);
            let show = |p: Part| match p {
                None => "-".to_string(),
                Some(Ok(n)) => n.to_string(),
                Some(Err(NotWhole(t))) => format!("!{t}"),
            };
            format!(
                "{} {} {} {:?}",
                show(r.year),
                show(r.month),
                show(r.day),
                r.time
            )
        };
        assert_eq!(read("1963"), "1963 - - None");
        assert_eq!(read("1963-08-09"), "1963 8 9 None");
        assert_eq!(read("-500"), "-500 - - None");
        assert_eq!(read("8/9/1963"), "1963 8 9 None");
        assert_eq!(read("8/1963"), "1963 8 - None");
        assert_eq!(read("8/9/1963 10:30"), "1963 8 9 Some(\"10:30\")");
        assert_eq!(read("last spring"), "!last spring - - None");
    }

    #[test]
    fn headings_are_found_whatever_their_case_and_spacing() {
        assert_eq!(column("end  year"), Some("End Year"));
        assert_eq!(column("\u{FEFF}Year"), Some("Year"));
        assert_eq!(column("Colour"), None);
    }

    #[test]
    fn a_sheet_without_the_template_headings_is_refused() {
        let mut tally = Tally::default();
        let err = read("name,when\nx,1999\n", &mut tally).unwrap_err();
        assert!(
            err.0.starts_with("is not the TimelineJS sheet"),
            "{}",
            err.0
        );
    }
}
