//! One cache entry as bytes: a fixed header, then the extraction in postcard.
//!
//! ```text
//! "SLXCACHE"  layout: u32 LE  extractor: u32 LE  key: [u8; 32]  crc32(payload): u32 LE  payload
//! ```
//!
//! Why postcard: it is serde's most compact well-kept binary format (varint integers, so a run
//! of three `u32`s is usually 5–8 bytes, not 12), it reads a string straight from the buffer,
//! and it allocates no more than its input holds (a length prefix is never trusted for a
//! reservation beyond what serde's cautious size hint allows). Its wire format is stable within
//! 1.x; [`LAYOUT`] still changes with the payload's shape.
//!
//! Nothing read is trusted: the checksum catches truncation and flipped bytes, the header a
//! foreign or older entry, and [`rebuild`] every offset that would not fit the text (out of
//! order, past the end, inside a character) before the [`Extracted`] exists.
//!
//! The checksum is CRC-32, not SHA-256: it is there for accidents (a torn write, a bad disk),
//! which CRC-32 catches (every flipped bit, every cut), while an entry planted on purpose would
//! pass any checksum that has no secret, so what stops that is the folder's owner check and
//! [`rebuild`]. On an 800 KB entry SHA-256 took about 1.4 ms of a 5.2 ms hit (BENCHMARKS.md);
//! CRC-32 a few hundredths.

use std::borrow::Cow;

use super::super::{EXTRACTOR_VERSION, Extracted, Format, Origin, Page, Run, limits};
use super::CacheKey;
use serde::{Deserialize, Serialize};

/// The entry layout's version: bump it when the header or [`Payload`] changes shape.
pub(super) const LAYOUT: u32 = 1;

const MAGIC: &[u8; 8] = b"SLXCACHE";
const HEADER: usize = 8 + 4 + 4 + 32 + 4;

/// An [`Extracted`], borrowed to write, owned once read.
#[derive(Serialize, Deserialize)]
struct Payload<'a> {
    format: u8,
    original_len: u64,
    #[serde(borrow)]
    text: Cow<'a, str>,
    origin: OriginPayload<'a>,
    pages: Cow<'a, [Page]>,
    textless: Cow<'a, [u32]>,
    joins: Cow<'a, [usize]>,
    #[serde(borrow)]
    encoding: Cow<'a, str>,
}

#[derive(Serialize, Deserialize)]
enum OriginPayload<'a> {
    Identity { base: usize },
    Runs { runs: Cow<'a, [Run]>, exact: bool },
    None,
}

fn format_code(format: Format) -> u8 {
    match format {
        Format::Text => 0,
        Format::Html => 1,
        Format::Pdf => 2,
    }
}

/// The entry for `e`, stored under `key`.
pub(super) fn encode(e: &Extracted, key: &CacheKey) -> Vec<u8> {
    let payload = Payload {
        format: format_code(e.format),
        original_len: e.original_len as u64,
        text: Cow::Borrowed(&e.text),
        origin: match &e.origin {
            Origin::Identity { base } => OriginPayload::Identity { base: *base },
            Origin::Runs { runs, exact } => OriginPayload::Runs {
                runs: Cow::Borrowed(runs),
                exact: *exact,
            },
            Origin::None => OriginPayload::None,
        },
        pages: Cow::Borrowed(&e.pages),
        textless: Cow::Borrowed(&e.textless),
        joins: Cow::Borrowed(&e.joins),
        encoding: Cow::Borrowed(e.encoding),
    };
    let mut out = Vec::with_capacity(HEADER + e.text.len() + e.origin.len() * 8 + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&LAYOUT.to_le_bytes());
    out.extend_from_slice(&EXTRACTOR_VERSION.to_le_bytes());
    out.extend_from_slice(&key.digest);
    out.extend_from_slice(&[0; 4]);
    // Serializing into memory cannot fail for these types (no maps, no unsized sequences).
    let Ok(out) = postcard::to_extend(&payload, out) else {
        return Vec::new();
    };
    let mut out = out;
    let sum = crc32fast::hash(&out[HEADER..]);
    out[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
    out
}

/// The extraction an entry holds, when it is sound and stored under `key`.
pub(super) fn decode(bytes: &[u8], key: &CacheKey) -> Option<Extracted> {
    let (header, payload) = bytes.split_at_checked(HEADER)?;
    let (magic, rest) = header.split_at(8);
    let (layout, rest) = rest.split_at(4);
    let (version, rest) = rest.split_at(4);
    let (stored_key, sum) = rest.split_at(32);
    if magic != MAGIC
        || layout != LAYOUT.to_le_bytes()
        || version != EXTRACTOR_VERSION.to_le_bytes()
        || stored_key != key.digest
        || sum != crc32fast::hash(payload).to_le_bytes()
    {
        return None;
    }
    let (p, rest) = postcard::take_from_bytes::<Payload>(payload).ok()?;
    if !rest.is_empty() {
        return None;
    }
    rebuild(p, key)
}

/// The payload as an [`Extracted`], after checking that it is one extraction could have made
/// of a file of the key's length and format.
fn rebuild(p: Payload, key: &CacheKey) -> Option<Extracted> {
    let original_len = usize::try_from(p.original_len).ok()?;
    if p.format != format_code(key.format) || original_len != key.len {
        return None;
    }
    let text = p.text;
    if text.len() > limits::MAX_TEXT_BYTES {
        return None;
    }
    let at = |offset: usize| offset <= text.len() && text.is_char_boundary(offset);
    let origin = match p.origin {
        OriginPayload::Identity { base } if base <= original_len => Origin::Identity { base },
        OriginPayload::Identity { .. } => return None,
        OriginPayload::Runs { runs, exact } => {
            let sound = runs.windows(2).all(|w| w[0].reader <= w[1].reader)
                && runs.iter().all(|r| {
                    at(r.reader as usize) && (r.original as usize) <= original_len && r.line >= 1
                });
            if !sound {
                return None;
            }
            Origin::Runs {
                runs: runs.into_owned(),
                exact,
            }
        }
        OriginPayload::None => Origin::None,
    };
    let pages_sound = p.pages.len() <= limits::MAX_PDF_PAGES
        && p.pages.windows(2).all(|w| w[0].start <= w[1].start)
        && p.pages.iter().all(|pg| pg.number >= 1 && at(pg.start));
    let textless_sound =
        p.textless.len() <= limits::MAX_PDF_PAGES && p.textless.iter().all(|&n| n >= 1);
    let joins_sound =
        p.joins.windows(2).all(|w| w[0] < w[1]) && p.joins.iter().all(|&j| j < text.len() && at(j));
    if !(pages_sound && textless_sound && joins_sound) {
        return None;
    }
    Some(Extracted {
        format: key.format,
        encoding: encoding_name(&p.encoding)?,
        text: text.into_owned(),
        origin,
        pages: p.pages.into_owned(),
        textless: p.textless.into_owned(),
        joins: p.joins.into_owned(),
        original_len,
    })
}

/// The `'static` name extraction gave, from the one stored: only names it can give come back.
fn encoding_name(stored: &str) -> Option<&'static str> {
    if stored == "PDF" {
        return Some("PDF");
    }
    if stored == encoding_rs::REPLACEMENT.name() {
        return Some(encoding_rs::REPLACEMENT.name());
    }
    encoding_rs::Encoding::for_label_no_replacement(stored.as_bytes())
        .map(encoding_rs::Encoding::name)
        .filter(|name| *name == stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key_for(e: &Extracted) -> CacheKey {
        CacheKey::new(&vec![b'x'; e.original_len], e.format)
    }

    /// A page as HTML extraction makes it: multibyte text, runs, a legacy encoding.
    fn html() -> Extracted {
        Extracted {
            format: Format::Html,
            text: "Привет, мир\nsecond line — end".into(),
            origin: Origin::Runs {
                runs: vec![
                    Run {
                        reader: 0,
                        original: 40,
                        line: 3,
                    },
                    Run {
                        reader: 21,
                        original: 90,
                        line: 5,
                    },
                ],
                exact: false,
            },
            pages: vec![],
            textless: vec![],
            joins: vec![],
            encoding: "windows-1251",
            original_len: 120,
        }
    }

    /// A PDF as extraction makes it: pages, a page without text, a hyphen join.
    fn pdf() -> Extracted {
        let text = "inter-\nnational ﬁ\n\nlast page".to_owned();
        Extracted {
            format: Format::Pdf,
            origin: Origin::None,
            pages: vec![
                Page {
                    number: 1,
                    start: 0,
                },
                Page {
                    number: 2,
                    start: 20,
                },
                Page {
                    number: 3,
                    start: 21,
                },
            ],
            textless: vec![2],
            joins: vec![5],
            encoding: "PDF",
            original_len: 5000,
            text,
        }
    }

    /// `bytes` as a payload behind a sound header: only the payload's own checks stand
    /// between it and the caller.
    fn seal(payload: &[u8], key: &CacheKey) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&LAYOUT.to_le_bytes());
        out.extend_from_slice(&EXTRACTOR_VERSION.to_le_bytes());
        out.extend_from_slice(&key.digest);
        out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// The entry of `e` with `change` made to its parts first: the checksum matches, as in an
    /// entry written to mislead.
    fn hostile(e: &Extracted, key: &CacheKey, change: impl FnOnce(&mut Extracted)) -> Vec<u8> {
        let mut e = e.clone();
        change(&mut e);
        encode(&e, key)
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        for e in [html(), pdf()] {
            let key = key_for(&e);
            assert_eq!(decode(&encode(&e, &key), &key), Some(e));
        }
    }

    #[test]
    fn an_entry_under_another_key_format_or_length_is_not_taken() {
        let e = pdf();
        let key = key_for(&e);
        let entry = encode(&e, &key);
        let other = CacheKey::new(b"other bytes", Format::Pdf);
        assert_eq!(decode(&entry, &other), None);
        let as_html = CacheKey {
            format: Format::Html,
            ..key
        };
        assert_eq!(decode(&entry, &as_html), None, "format");
        let longer = CacheKey {
            len: key.len + 1,
            ..key
        };
        assert_eq!(decode(&entry, &longer), None, "original length");
    }

    #[test]
    fn truncated_flipped_or_older_entries_are_misses() {
        for e in [html(), pdf()] {
            let key = key_for(&e);
            let entry = encode(&e, &key);
            for len in 0..entry.len() {
                assert_eq!(decode(&entry[..len], &key), None, "cut at {len}");
            }
            for at in 0..entry.len() {
                for bit in [0x01, 0x80] {
                    let mut bad = entry.clone();
                    bad[at] ^= bit;
                    assert_eq!(decode(&bad, &key), None, "byte {at} ^ {bit:#x}");
                }
            }
            let mut extra = entry.clone();
            extra.push(0);
            assert_eq!(decode(&extra, &key), None, "a byte after the payload");
            let mut older = entry.clone();
            older[12..16].copy_from_slice(&(EXTRACTOR_VERSION - 1).to_le_bytes());
            assert_eq!(decode(&older, &key), None, "another extractor version");
            let mut layout = entry;
            layout[8..12].copy_from_slice(&(LAYOUT + 1).to_le_bytes());
            assert_eq!(decode(&layout, &key), None, "another layout");
        }
    }

    type Change = Box<dyn Fn(&mut Extracted)>;

    #[test]
    fn offsets_that_do_not_fit_the_text_are_refused() {
        let (h, p) = (html(), pdf());
        let (hk, pk) = (key_for(&h), key_for(&p));
        let set_runs = |f: fn(&mut Vec<Run>)| {
            move |e: &mut Extracted| {
                if let Origin::Runs { runs, .. } = &mut e.origin {
                    f(runs);
                }
            }
        };
        let html_cases: Vec<(&str, Change)> = vec![
            ("runs out of order", Box::new(set_runs(|r| r.swap(0, 1)))),
            (
                "run past the text",
                Box::new(set_runs(|r| r[1].reader = 500)),
            ),
            (
                "run inside a character",
                Box::new(set_runs(|r| r[1].reader = 1)),
            ),
            (
                "run past the file",
                Box::new(set_runs(|r| r[1].original = 121)),
            ),
            ("line 0", Box::new(set_runs(|r| r[0].line = 0))),
            ("unknown encoding", Box::new(|e| e.encoding = "klingon")),
            ("a label, not a name", Box::new(|e| e.encoding = "latin1")),
            (
                "identity past the file",
                Box::new(|e| e.origin = Origin::Identity { base: 121 }),
            ),
        ];
        for (what, change) in html_cases {
            assert_eq!(decode(&hostile(&h, &hk, change), &hk), None, "{what}");
        }
        let pdf_cases: Vec<(&str, Change)> = vec![
            ("pages out of order", Box::new(|e| e.pages.swap(1, 2))),
            ("page past the text", Box::new(|e| e.pages[2].start = 999)),
            (
                "page inside a character",
                Box::new(|e| e.pages[1].start = 17),
            ),
            ("page 0", Box::new(|e| e.pages[0].number = 0)),
            ("textless page 0", Box::new(|e| e.textless = vec![0])),
            ("join past the text", Box::new(|e| e.joins = vec![5, 400])),
            (
                "join at the end",
                Box::new(|e| e.joins = vec![e.text.len()]),
            ),
            ("joins repeated", Box::new(|e| e.joins = vec![5, 5])),
            ("join inside a character", Box::new(|e| e.joins = vec![17])),
        ];
        for (what, change) in pdf_cases {
            assert_eq!(decode(&hostile(&p, &pk, change), &pk), None, "{what}");
        }
    }

    #[test]
    fn huge_lengths_fail_without_allocating_them() {
        let e = html();
        let key = key_for(&e);
        // format 1, original_len 120, then a text said to be 2^62 bytes long.
        let mut payload = vec![1, 120];
        payload.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
        payload.extend_from_slice(b"short");
        assert_eq!(decode(&seal(&payload, &key), &key), None);
        // A run list said to hold 2^40 runs.
        let mut payload = postcard::to_allocvec(&(1u8, 120u64, "text")).unwrap();
        payload.extend_from_slice(&[1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1, 2, 3]);
        assert_eq!(decode(&seal(&payload, &key), &key), None);
    }

    /// Everything a caller may do with an `Extracted` at every offset: none of it may panic,
    /// whatever an entry held.
    fn use_all_of(e: &Extracted) {
        for at in 0..=e.text().len() + 1 {
            let _ = (e.original_offset(at), e.original_line(at), e.page_of(at));
        }
        for p in e.pages() {
            let _ = &e.text()[p.start..];
        }
        for &j in e.hyphen_joins() {
            let _ = &e.text()[j..];
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_bytes_as_an_entry_are_a_miss(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let key = key_for(&html());
            prop_assert_eq!(decode(&bytes, &key), None);
        }

        #[test]
        fn random_payloads_behind_a_sound_header_never_panic(
            payload in proptest::collection::vec(any::<u8>(), 0..200),
            pdf_key in any::<bool>(),
        ) {
            let key = if pdf_key { key_for(&pdf()) } else { key_for(&html()) };
            if let Some(e) = decode(&seal(&payload, &key), &key) {
                use_all_of(&e);
            }
        }

        #[test]
        fn damaged_payloads_behind_a_sound_header_never_panic(
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
            cut in any::<usize>(),
            pdf_entry in any::<bool>(),
        ) {
            let e = if pdf_entry { pdf() } else { html() };
            let key = key_for(&e);
            let mut payload = encode(&e, &key)[HEADER..].to_vec();
            for (at, value) in flips {
                let at = at % payload.len();
                payload[at] = value;
            }
            payload.truncate(payload.len() - cut % 3);
            if let Some(got) = decode(&seal(&payload, &key), &key) {
                use_all_of(&got);
            }
        }
    }
}
