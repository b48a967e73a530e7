//! An event's `links:`: web pages and media about it (a web timeline slide's `media`).
//!
//! Only absolute `http` and `https` addresses are accepted ([`is_web_address`], the rule the
//! importer keeps too). A link ends up as a link target in every export (a slide's media, the
//! HTML report), so a `javascript:` or `data:` address, or one a browser would read differently
//! from what the file shows (spaces, control characters), is refused here once rather than
//! escaped in each format.

use super::report::Report;
use crate::load::schema::{At, LinkDoc, Position};
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
        if !is_web_address(&url) {
            report.add(
                url_at,
                entity,
                "links.url",
                format!(
                    "link \"{}\" is not a web address",
                    crate::text::sanitize(&url)
                ),
                "write an absolute address starting with https:// or http://, without spaces",
            );
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
