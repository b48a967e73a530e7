//! A web page's title, publisher and date, from the tree html5ever builds of it (with the
//! page's encoding, as its reader text is read): `<meta>` tags by `property` or `name`, and the
//! first `<title>`.
//!
//! Which tags, best first: for the title Open Graph's `og:title` (what the page asks link
//! previews to show, without the site's name tacked on), then `<title>`, then Dublin Core's and
//! Google Scholar's; for the publisher `og:site_name`, then theirs; for the date
//! `article:published_time` (Open Graph's article), then the older `date`, `dc.date` and
//! `citation_publication_date` kinds. A date that does not read as a day (or month, or year)
//! is passed over for the next.

use html5ever::{LocalName, QualName, local_name, ns};

use super::dom::{Kind, NONE, Tree};
use crate::extract::decode;
use crate::extract::limits::MAX_HTML_BYTES;
use crate::extract::metadata::{Metadata, clean, iso_date};

const TITLES: &[&str] = &[
    "og:title",
    "<title>",
    "dc.title",
    "dcterms.title",
    "citation_title",
];
const PUBLISHERS: &[&str] = &[
    "og:site_name",
    "dc.publisher",
    "dcterms.publisher",
    "citation_publisher",
];
const DATES: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
];

/// The metadata of a page; none for a page over the size limit.
pub(in crate::extract) fn metadata(bytes: &[u8]) -> Metadata {
    if bytes.len() > MAX_HTML_BYTES {
        return Metadata::default();
    }
    let page = decode::decode(bytes);
    let keep_meta = |name: &QualName| name.ns == ns!(html) && name.local == local_name!("meta");
    let tree = super::parse::parse_keeping(&page, keep_meta);
    let said = said(&tree);
    let first = |keys: &[&str], read: fn(&str) -> Option<String>| {
        keys.iter().find_map(|key| {
            said.iter()
                .filter(|(k, _)| k == key)
                .find_map(|(_, v)| read(v))
        })
    };
    Metadata {
        title: first(TITLES, clean),
        publisher: first(PUBLISHERS, clean),
        date: first(DATES, iso_date),
    }
}

/// What the page says, in document order, as `(key, value)`: each `<meta>` with a `property`
/// or `name` this module reads (keys lowercase) and its `content`, and the first `<title>` as
/// `<title>`.
fn said(tree: &Tree) -> Vec<(String, String)> {
    let wanted = |key: &str| {
        [TITLES, PUBLISHERS, DATES]
            .iter()
            .any(|keys| keys.contains(&key))
    };
    let mut out = Vec::new();
    let mut title_seen = false;
    let mut stack = vec![0u32];
    while let Some(n) = stack.pop() {
        let Some(node) = tree.nodes.get(n as usize) else {
            continue;
        };
        if let Kind::Element(name) = node.kind {
            let qual = &tree.names[name as usize];
            if qual.ns == ns!(html) && qual.local == local_name!("meta") {
                let attr = |name: LocalName| {
                    tree.attributes(n)
                        .iter()
                        .find(|a| a.name.ns == ns!() && a.name.local == name)
                        .map(|a| &*a.value)
                };
                let key = attr(local_name!("property"))
                    .or_else(|| attr(local_name!("name")))
                    .map(|k| k.trim().to_ascii_lowercase());
                if let (Some(key), Some(content)) = (key, attr(local_name!("content")))
                    && wanted(&key)
                {
                    out.push((key, content.to_owned()));
                }
            } else if qual.ns == ns!(html) && qual.local == local_name!("title") && !title_seen {
                title_seen = true;
                out.push(("<title>".to_owned(), text_of(tree, n)));
            }
        }
        let mut child = node.last;
        while child != NONE {
            stack.push(child);
            child = tree.nodes[child as usize].prev;
        }
    }
    out
}

/// The text directly inside element `n` (a `<title>` holds only text).
fn text_of(tree: &Tree, n: u32) -> String {
    let mut text = String::new();
    let mut child = tree.nodes[n as usize].first;
    while child != NONE {
        if let Kind::Text(t) = tree.nodes[child as usize].kind {
            text.push_str(&tree.texts[t as usize].text);
        }
        child = tree.nodes[child as usize].next;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> Metadata {
        metadata(html.as_bytes())
    }

    #[test]
    fn open_graph_first_then_title() {
        let m = meta(concat!(
            "<html><head><title>Kerman blasts &ndash; BBC News</title>",
            "<meta property=\"og:title\" content=\"Kerman blasts: dozens killed &amp; more\">",
            "<meta property=\"og:site_name\" content=\" BBC\nNews \">",
            "<meta property=\"article:published_time\" content=\"2024-01-03T12:34:56.000Z\">",
            "</head><body><p>text</p></body></html>"
        ));
        assert_eq!(
            m.title.as_deref(),
            Some("Kerman blasts: dozens killed & more")
        );
        assert_eq!(m.publisher.as_deref(), Some("BBC News"));
        assert_eq!(m.date.as_deref(), Some("2024-01-03"));
        let m = meta("<title>\n  Only\ta &lt;title&gt;\u{1b}[31m </title><p>x");
        assert_eq!(m.title.as_deref(), Some("Only a <title>[31m"));
        assert_eq!((m.publisher, m.date), (None, None));
    }

    #[test]
    fn older_kinds_when_the_first_say_nothing_usable() {
        let m = meta(concat!(
            "<meta name=\"og:title\" content=\"  \">",
            "<META NAME=\"DC.Title\" CONTENT=\"Dublin core title\">",
            "<meta name=citation_publisher content=\"Journal Press\">",
            "<meta property=\"article:published_time\" content=\"soon\">",
            "<meta name=\"citation_publication_date\" content=\"2019/07/15\">",
        ));
        assert_eq!(m.title.as_deref(), Some("Dublin core title"));
        assert_eq!(m.publisher.as_deref(), Some("Journal Press"));
        assert_eq!(m.date.as_deref(), Some("2019-07-15"));
    }

    /// The test pages, each in its own encoding: the title decoded as the page is.
    #[test]
    fn titles_of_the_test_pages() {
        let page = |name: &str| {
            let path = format!("{}/tests/data/html/{name}", env!("CARGO_MANIFEST_DIR"));
            metadata(&std::fs::read(path).unwrap())
        };
        let article = page("article.html");
        assert_eq!(
            article.title.as_deref(),
            Some("Harbour wall rises by two metres")
        );
        assert_eq!(article.publisher.as_deref(), Some("Harbour Gazette"));
        assert_eq!(article.date.as_deref(), Some("2024-03-05"));
        for (name, title) in [
            ("traps.html", "open graph words quagga"),
            ("scripts.html", "Five scripts"),
            ("western-1252.html", "Caf\u{e9} notes"),
            (
                "cyrillic-1251.html",
                "\u{417}\u{430}\u{43c}\u{435}\u{442}\u{43a}\u{438}",
            ),
        ] {
            assert_eq!(page(name).title.as_deref(), Some(title), "{name}");
        }
    }

    #[test]
    fn only_the_page_s_own_title_counts() {
        // An SVG's <title> is a tooltip; a <title> in a template is never part of the page;
        // a <title> in the body is the page's when there is none before.
        let m = meta(concat!(
            "<body><svg><title>tooltip</title></svg><template><title>t</title></template>",
            "<title>Body title</title><title>second</title>"
        ));
        assert_eq!(m.title.as_deref(), Some("Body title"));
        assert_eq!(meta("<p>no title</p>"), Metadata::default());
        assert_eq!(meta(""), Metadata::default());
    }
}
