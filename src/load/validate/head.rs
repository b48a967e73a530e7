//! The head of the file (title, sources, actors): what every event refers to, so it is
//! checked first and once, even when the events are checked in pieces on several threads.
//!
//! Reading the sources from disk happens here, through [`SourceFiles`], because a source
//! that cannot be read is a problem of the source entry, reported at its `path:`.

use std::collections::HashMap;
use std::sync::Arc;

use super::report::{Ids, Report};
use crate::extract::ExtractError;
use crate::load::files::{SourceFiles, SourceText};
use crate::load::fingerprint::{self, Fingerprint};
use crate::load::limits::MAX_FIELD_BYTES;
use crate::load::read_error::ReadError;
use crate::load::schema::{ActorDoc, At, PeriodDoc, Position, SourceDoc, Text};
use crate::model::{Actor, Format, Period, Reliability, Source, Zone, ZoneError};
use crate::problem::Problem;

/// What every event is checked against: the file's title, sources and actors, checked.
#[derive(Clone)]
pub(in crate::load) struct Head {
    pub(super) title: String,
    /// The file's `timezone:`, which the events' dates are read in.
    pub(super) zone: Option<Zone>,
    pub(super) sources: Vec<Source>,
    pub(super) source_ids: Ids,
    /// For each source, its file as read (`None` when it could not be: citations of an
    /// unreadable source are not anchored, so one missing file is one problem, not one per
    /// quote), with what anchoring tells citations (pages, original lines, pages without text).
    pub(super) texts: Vec<Option<Arc<SourceText>>>,
    /// For each source, what its `sha256:` says of the file read.
    pub(super) fingerprints: Vec<Fingerprint>,
    /// Whether to search for what to tell the author about a failed quote (the closest
    /// passage, each occurrence's prefix). Only the reading with positions, whose problems are
    /// the ones shown, does: the fast first reading only decides whether that one is needed.
    pub(super) advise: bool,
    pub(super) actors: Vec<Actor>,
    pub(super) actor_ids: Ids,
    pub(super) periods: Vec<Period>,
    pub(super) problems: Vec<Problem>,
    /// Where anchoring reports each source done.
    pub(super) progress: Option<std::sync::Arc<crate::load::LoadProgress>>,
}

impl Head {
    /// Whether the head has no problem (a reload builds on a head only then).
    pub(in crate::load) fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Anchoring reports each source done to `progress` (a head kept from an earlier load
    /// reports to the load that uses it again).
    pub(in crate::load) fn report_to(
        &mut self,
        progress: Option<&std::sync::Arc<crate::load::LoadProgress>>,
    ) {
        self.progress = progress.cloned();
    }
}

/// Checks the part of the file before the events (periods included), and reads the sources.
pub(in crate::load) fn head<P: Position>(
    file: &str,
    title: Option<Text<P>>,
    timezone: Option<Text<P>>,
    sources: Vec<At<SourceDoc<P>, P>>,
    actors: Vec<At<ActorDoc<P>, P>>,
    periods: Vec<At<PeriodDoc<P>, P>>,
    reader: &SourceFiles<'_>,
) -> Head {
    let mut report = Report::new(file);
    let title = match title {
        Some(t) if t.value.len() > MAX_FIELD_BYTES => {
            report.too_long(&t, "", "title");
            String::new()
        }
        Some(t) if !t.value.trim().is_empty() => t.value,
        _ => {
            report.add(
                Some((1, 1)),
                "",
                "title",
                "the chronology has no `title`".into(),
                "add `title: …` at the top of the file",
            );
            String::new()
        }
    };
    report.zone = timezone.and_then(|t| zone(&mut report, &t));
    let Built {
        sources,
        ids: source_ids,
        texts,
        fingerprints,
    } = build_sources(&mut report, sources, reader);
    let (actors, actor_ids) = build_actors(&mut report, actors);
    let periods = super::periods::periods(&mut report, periods);
    Head {
        title,
        zone: report.zone,
        sources,
        source_ids,
        texts,
        fingerprints,
        advise: P::default().get().is_some(),
        actors,
        actor_ids,
        periods,
        problems: report.problems,
        progress: reader.progress().cloned(),
    }
}

/// The zone `timezone:` names, or a problem at it.
fn zone<P: Position>(report: &mut Report<'_>, text: &Text<P>) -> Option<Zone> {
    let name = text.value.trim();
    let found = Zone::named(name);
    if found.is_none() {
        let why = ZoneError::unknown(name);
        report.add(
            text.pos(),
            "",
            "timezone",
            format!("{why}: `timezone:` takes an IANA zone name"),
            why.help(),
        );
    }
    found
}

/// The sources checked, each with its file as read and what its fingerprint says.
struct Built {
    sources: Vec<Source>,
    ids: Ids,
    texts: Vec<Option<Arc<SourceText>>>,
    fingerprints: Vec<Fingerprint>,
}

/// Tells `reader` what every source will ask of its file, so each file's bytes are read once.
fn announce<P: Position>(docs: &[At<SourceDoc<P>, P>], reader: &SourceFiles<'_>) {
    for doc in docs {
        let d = &doc.value;
        let format = d.format.as_ref().map(|f| Format::from_label(&f.value));
        if let (Some(path), None | Some(Some(_))) = (&d.path, format) {
            let digest = d
                .sha256
                .as_ref()
                .is_some_and(|w| fingerprint::is_well_formed(&w.value));
            reader.expect(&path.value, format.flatten(), digest);
        }
    }
}

/// The sources, checked, with their files read: each file's bytes once, however many sources
/// name it ([`SourceFiles`], told first what every source will ask of its file).
fn build_sources<P: Position>(
    report: &mut Report<'_>,
    docs: Vec<At<SourceDoc<P>, P>>,
    reader: &SourceFiles<'_>,
) -> Built {
    announce(&docs, reader);
    let mut ids = Ids::default();
    let mut sources = Vec::new();
    let mut texts = Vec::new();
    let mut fingerprints = Vec::new();
    let mut seen = HashMap::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = doc.pos();
        let d = doc.value;
        let (id, entity) = report.list_id(d.id, at, "source", i, &mut seen);
        let path_at = d.path.as_ref().and_then(At::pos);
        let title = report.required(d.title, at, &entity, "title");
        let path = report.required(d.path, at, &entity, "path");
        let date = d
            .date
            .as_ref()
            .and_then(|t| report.date(t, &entity, "date"));
        let url = super::links::optional_address(report, d.url, &entity, "url", "source url");
        let archived = super::links::optional_address(
            report,
            d.archived,
            &entity,
            "archived",
            "archived copy",
        );
        let accessed = d
            .accessed
            .as_ref()
            .and_then(|t| report.date(t, &entity, "accessed"));
        let format = source_format(report, d.format.as_ref(), &entity);
        let sha256 = d.sha256.filter(|written| {
            let ok = fingerprint::is_well_formed(&written.value);
            if !ok {
                report.add(
                    written.pos(),
                    &entity,
                    "sha256",
                    "`sha256` is not a SHA-256 digest (64 hexadecimal digits)".into(),
                    "write the digest `sha256sum FILE` prints, or or run `sourceline check --pin` to write it",
                );
            }
            ok
        });
        let read = match (&path, format) {
            (Some(p), Ok(format)) => reader
                .read(p, format, sha256.is_some())
                .map_err(|why| {
                    let message = format!("source file \"{p}\" {why}");
                    report.add(path_at, &entity, "path", message, read_help(&why));
                })
                .ok(),
            _ => None,
        };
        if let (Some(id), Some(title), Some(path)) = (id, title, path) {
            ids.insert(id.clone(), sources.len());
            fingerprints.push(
                match (&sha256, read.as_ref().and_then(|r| r.digest.as_ref())) {
                    (Some(written), Some(digest)) => {
                        Fingerprint::check(Some(&written.value), written.pos(), digest)
                    }
                    _ => Fingerprint::Absent,
                },
            );
            let digest = read.as_ref().and_then(|r| r.digest.clone());
            let text = read.map(|r| r.text);
            sources.push(Source {
                id,
                title,
                publisher: report.optional(d.publisher, &entity, "publisher"),
                authors: report.list(d.authors, &entity, "authors"),
                date,
                url,
                archived,
                accessed,
                path,
                text: text
                    .as_ref()
                    .map(|t| Arc::clone(&t.text))
                    .unwrap_or_default(),
                format: text
                    .as_ref()
                    .map_or(format.ok().flatten().unwrap_or_default(), |t| t.format),
                pages: text
                    .as_ref()
                    .map(|t| Arc::clone(&t.pages))
                    .unwrap_or_default(),
                reliability: reliability(report, d.reliability.as_ref(), &entity),
                sha256: digest.map(|d| d.to_ascii_lowercase()),
            });
            texts.push(text);
        }
    }
    Built {
        sources,
        ids,
        texts,
        fingerprints,
    }
}

/// The format a source names, if it names one; `Err` (and a problem) when it names one that
/// is not read.
fn source_format<P: Position>(
    report: &mut Report<'_>,
    written: Option<&Text<P>>,
    entity: &str,
) -> Result<Option<Format>, ()> {
    let Some(written) = written else {
        return Ok(None);
    };
    if let Some(format) = Format::from_label(&written.value) {
        return Ok(Some(format));
    }
    report.add(
        written.pos(),
        entity,
        "format",
        format!(
            "`format` is {}, which is not a format sourceline reads",
            crate::yaml::double_quoted(&written.value)
        ),
        "write `format: html`, `format: pdf` or `format: text`, or leave it out to have the format told from the file's name and first bytes",
    );
    Err(())
}

/// The Admiralty grade a source is given, or a problem at it.
fn reliability<P: Position>(
    report: &mut Report<'_>,
    written: Option<&Text<P>>,
    entity: &str,
) -> Option<Reliability> {
    let written = written?;
    let grade = Reliability::parse(&written.value);
    if grade.is_none() {
        report.add(
            written.pos(),
            entity,
            "reliability",
            format!(
                "`reliability` is {}, which is not a grade of the Admiralty scale",
                crate::yaml::double_quoted(&written.value)
            ),
            "write one letter: A (reliable), B, C, D, E (unreliable) or F (cannot be judged)",
        );
    }
    grade
}

/// What to do about a source that could not be read.
fn read_help(why: &ReadError) -> String {
    match why {
        ReadError::NotUtf8 { .. } => {
            "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8 old.txt > new.txt`".into()
        }
        ReadError::NotTextButLooks { looks, .. } => format!(
            "remove `format: text` (or write `format: {}`) to read it as {}; if it is text, convert it to UTF-8 or rename it",
            looks.label(),
            if *looks == Format::Pdf { "a PDF" } else { "a web page" }
        ),
        ReadError::OverBudget { .. } => {
            "cite excerpts of the largest documents, or split the chronology in two".into()
        }
        ReadError::TooLarge { .. } | ReadError::GrewPastLimit { .. } => {
            "cite a shorter document, or an excerpt of it".into()
        }
        ReadError::Outside { .. } => {
            "keep sources beside the chronology or in its project (the nearest folder above it with `.git` or `.sourceline`); to read another folder, pass `--allow-sources-in DIR`".into()
        }
        ReadError::NotAFile(_) => "cite a regular text file".into(),
        ReadError::NoText { .. } => {
            "run OCR over it to give it a text layer (e.g. `ocrmypdf in.pdf out.pdf`) and cite the result".into()
        }
        ReadError::Extract(e) => match e {
            ExtractError::Encrypted => {
                "sourceline reads PDFs that open without a password (one locked only against printing or copying opens as it is)".into()
            }
            ExtractError::Malformed { .. } | ExtractError::ReaderFailed { .. } => {
                "check that it opens in a PDF viewer; if it is not a PDF, name its format (`format: html` or `format: text`)".into()
            }
            _ => "the limits on sources are listed in the README, under \"Input limits\"".into(),
        },
        _ => {
            "source paths are relative to the chronology file's folder; check the path and the file's name".into()
        }
    }
}

fn build_actors<P: Position>(
    report: &mut Report<'_>,
    docs: Vec<At<ActorDoc<P>, P>>,
) -> (Vec<Actor>, Ids) {
    let mut ids = Ids::default();
    let mut actors = Vec::new();
    let mut seen = HashMap::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = doc.pos();
        let d = doc.value;
        let (id, entity) = report.list_id(d.id, at, "actor", i, &mut seen);
        let name = report.required(d.name, at, &entity, "name");
        if let (Some(id), Some(name)) = (id, name) {
            ids.insert(id.clone(), actors.len());
            actors.push(Actor {
                id,
                name,
                kind: report.optional(d.kind, &entity, "kind").unwrap_or_default(),
                aliases: report.list(d.aliases, &entity, "aliases"),
            });
        }
    }
    (actors, ids)
}
