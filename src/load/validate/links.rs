//! An event's `links:`: web pages and media about it (a web timeline slide's `media`).
//!
//! Only absolute `http` and `https` addresses are accepted ([`is_web_address`], the rule the
//! importer keeps too). A link ends up as a link target in
//! every export (a slide's media, the HTML report), so a `javascript:` or `data:` address, or
//! one a browser would read differently from what the file shows (spaces, control
//! characters), is refused here once rather than escaped in each format. So is every quote
//! mark, `'` and `` ` `` as well as `"`: the web timeline builds some media's markup by joining
//! strings (its Google Doc type writes `<iframe src='…'>`), so a `'` in an address would end
//! the attribute and start another (`…&'onload='alert(1)`). A real address with an apostrophe
//! is written `%27`, which every server reads the same.

use super::report::{Pos, Report};
use crate::load::schema::{At, LinkDoc, Position, Text};
use crate::model::{Link, is_web_address};

/// Checks each link of an event; returns the usable ones.
pub(super) fn links<P: Position>(
    report: &mut Report<'_>,
    docs: Vec<At<LinkDoc<P>, P>>,
    entity: &str,
) -> Vec<Link> {
    let mut links = Vec::with_capacity(docs.len());
    for doc in docs {
        let at = doc.pos();
        let d = doc.value;
        let url_at = d.url.as_ref().and_then(At::pos);
        let Some(url) = report.required(d.url, at, entity, "links.url") else {
            continue;
        };
        if !web_address(report, &url, url_at, entity, "links.url", "link") {
            continue;
        }
        let caption = report.optional(d.caption, entity, "links.caption");
        let credit = report.optional(d.credit, entity, "links.credit");
        let blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        links.push(Link {
            url,
            caption: blank(caption),
            credit: blank(credit),
        });
    }
    links
}

/// An optional address field (a source's `url:`, `archived:`): its value when it is a web
/// address; a problem, and `None`, when it is not.
pub(super) fn optional_address<P: Position>(
    report: &mut Report<'_>,
    text: Option<Text<P>>,
    entity: &str,
    field: &str,
    what: &str,
) -> Option<String> {
    let at = text.as_ref().and_then(At::pos);
    let url = report.optional(text, entity, field)?;
    web_address(report, &url, at, entity, field, what).then_some(url)
}

/// Whether `url` is a web address; when not, a problem naming it (`what`: `link`, `source url`).
fn web_address(
    report: &mut Report<'_>,
    url: &str,
    at: Pos,
    entity: &str,
    field: &str,
    what: &str,
) -> bool {
    if is_web_address(url) {
        return true;
    }
    report.add(
        at,
        entity,
        field,
        format!(
            "{what} \"{}\" is not a web address",
            crate::text::sanitize(url)
        ),
        "write an absolute address starting with https:// or http://, without spaces or quote marks (write ' as %27, ` as %60)",
    );
    false
}
