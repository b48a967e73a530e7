use super::*;

fn read(html: &str) -> Extracted {
    extract(html.as_bytes()).unwrap()
}

#[test]
fn tags_inside_sentences_join_without_spaces() {
    let e = read(
        "<p>He asked him <a href=\"x\">how many minds</a> he had, <b>un</b><i>broken</i>.</p>",
    );
    assert_eq!(e.text(), "He asked him how many minds he had, unbroken.");
}

#[test]
fn hidden_content_and_attributes_never_show() {
    let e = read(concat!(
        "<!doctype html><html><head><title>Title words</title><meta name=description content=\"meta words\">",
        "<style>p { color: red }</style><script>var secret = 'script words';</script></head>",
        "<body><!-- comment words --><p title=\"attribute words\">Visible <img alt=\"alt words\">text.</p>",
        "<noscript>noscript words</noscript><template><p>template words</p></template>",
        "<script type=\"application/ld+json\">{\"json\": \"json words\"}</script></body></html>"
    ));
    assert_eq!(e.text(), "Visible text.");
}

#[test]
fn character_references_decode_once() {
    let e = read("<p>it&rsquo;s&nbsp;here &amp;percnt; &lt;b&gt; &#x41;&#66; &notit; &AElig</p>");
    assert_eq!(
        e.text(),
        "it\u{2019}s\u{a0}here &percnt; <b> AB \u{ac}it; \u{c6}"
    );
}

#[test]
fn blocks_break_lines_and_white_space_collapses() {
    let e = read(concat!(
        "<h1>Title</h1>\n<div>  one\n   two  </div><div>three<br>four</div>",
        "<ul><li>a</li><li>b</li></ul><table><tr><td>c1</td><td>c2</td></tr><tr><td>d</td></tr></table>",
        "<p>para</p><p>graph</p><pre>  keep\n    this  </pre>after"
    ));
    assert_eq!(
        e.text(),
        "Title\n\none two\nthree\nfour\na\nb\nc1\tc2\nd\n\npara\n\ngraph\n\n  keep\n    this  \nafter"
    );
}

#[test]
fn soft_hyphens_vanish() {
    assert_eq!(
        read("<p>inter&shy;national inter\u{ad}national</p>").text(),
        "international international"
    );
}

#[test]
fn lines_point_at_the_passage_in_the_file() {
    let html = "<!doctype html>\n<html>\n<head><title>x</title></head>\n<body>\n<p>First \
                paragraph\nwith <a\nhref=\"#\">a link</a>\n</p>\n<script>\nvar a = 'a link';\n</script>\n<p>Last &amp; \
                least</p>\n</body></html>\n";
    let e = read(html);
    assert_eq!(e.text(), "First paragraph with a link\n\nLast & least");
    let line_of = |needle: &str| e.original_line(e.text().find(needle).unwrap()).unwrap();
    let file_line = |needle: &str| 1 + html[..html.find(needle).unwrap()].matches('\n').count();
    assert_eq!(line_of("First"), 5);
    assert_eq!(line_of("with"), 6);
    assert_eq!(line_of("a link"), file_line("a link</a>"));
    assert_eq!(line_of("Last"), file_line("Last"));
    // offsets are exact in UTF-8
    for needle in ["First", "paragraph", "with", "a link", "Last", "least"] {
        let at = e.text().find(needle).unwrap();
        let original = e.original_offset(at).unwrap();
        assert_eq!(&html[original..original + needle.len()], needle, "{needle}");
    }
}

#[test]
fn words_in_tags_and_comments_before_text_do_not_steal_its_place() {
    let html = "<p title=\"fire\"><!-- fire -->fire</p>";
    let e = read(html);
    assert_eq!(e.text(), "fire");
    assert_eq!(e.original_offset(0), Some(html.rfind("fire").unwrap()));
}

#[test]
fn crlf_pages_keep_offsets_in_step() {
    let html = "<p>one\r\ntwo\r\n<b>three</b></p>";
    let e = read(html);
    assert_eq!(e.text(), "one two three");
    for needle in ["two", "three"] {
        let at = e.text().find(needle).unwrap();
        let o = e.original_offset(at).unwrap();
        assert_eq!(&html[o..o + needle.len()], needle);
    }
    assert_eq!(e.original_line(e.text().find("three").unwrap()), Some(3));
}

#[test]
fn legacy_encodings_decode_and_map_to_lines() {
    let mut page = b"<meta charset=\"windows-1251\">\n<p>".to_vec();
    page.extend_from_slice(b"\xcf\xf0\xe8\xe2\xe5\xf2\n<b>\xec\xe8\xf0</b></p>");
    let e = extract(&page).unwrap();
    assert_eq!(e.text(), "Привет мир");
    assert_eq!(e.encoding(), "windows-1251");
    assert_eq!(e.original_line(0), Some(2));
    let mir = e.text().find("мир").unwrap();
    assert_eq!(e.original_line(mir), Some(3));
    assert_eq!(e.original_offset(mir), Some(page.len() - 11));
}

#[test]
fn too_large_is_refused_by_name() {
    let big = vec![b' '; limits::MAX_HTML_BYTES + 1];
    assert_eq!(extract(&big).unwrap_err().kind(), "too-large");
}

#[test]
fn deep_nesting_is_capped_so_parsing_stays_linear() {
    // 100,000 nested elements: html5ever's scope checks walk every open element for each tag,
    // hours for this page without the cap (40,000 took 200 s in a debug build).
    let mut page = "<div>".repeat(100_000);
    page.push_str("deep text<script>var hidden = 1;</script>");
    let e = read(&page);
    assert_eq!(e.text(), "deep text");
}

mod located {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of pages: text with the usual traps, tags, comments, scripts, references.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,8}( [a-z]{1,8}){0,3}",
            Just("\n".to_owned()),
            Just("\r\n   ".to_owned()),
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<b>".to_owned()),
            Just("</b>".to_owned()),
            Just("<a href=\"word other\" title='text'>".to_owned()),
            Just("</a>".to_owned()),
            Just("<br>".to_owned()),
            Just("<div\nclass=x>".to_owned()),
            Just("</div>".to_owned()),
            Just("<!-- word text -->".to_owned()),
            Just("<script>var word = '<b>text</b>';</script>".to_owned()),
            Just("&amp;".to_owned()),
            Just("&rsquo;".to_owned()),
            Just("&#x41;".to_owned()),
            Just("<table><tr><td>".to_owned()),
            Just("é ü 中".to_owned()),
            Just("<pre>\n  kept  ".to_owned()),
            Just("</pre>".to_owned()),
            Just("<textarea>a &lt; b <i></textarea>".to_owned()),
            Just("<style>p<b { x: '>' }</style>".to_owned()),
            Just("a < b > c".to_owned()),
            Just("&notaref; &amp".to_owned()),
            Just("<svg><text>word</text></svg>".to_owned()),
            Just("<li>".to_owned()),
            Just("\u{ad}".to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Every run of reader text maps to where its first character is in the page (or to
        /// the `&` of the reference that made it), so its line is the right one.
        #[test]
        fn every_run_maps_to_its_own_characters(pieces in proptest::collection::vec(piece(), 1..40)) {
            let page = pieces.concat();
            let e = read(&page);
            let Origin::Runs { runs, exact } = e.origin() else { panic!("html has runs") };
            prop_assert!(*exact);
            for run in runs {
                let at = run.reader as usize;
                let Some(c) = e.text()[at..].chars().next() else { continue };
                let o = e.original_offset(at).unwrap();
                let here = &page[o..];
                prop_assert!(
                    here.starts_with(c) || here.starts_with('&'),
                    "run at {at} ({c:?}) maps to {o}: {:?}\npage: {page:?}\ntext: {:?}",
                    here.chars().take(20).collect::<String>(), e.text()
                );
                prop_assert_eq!(run.line as usize, 1 + page[..o].matches('\n').count());
            }
        }
    }
}
