//! PDFs built in memory with the shapes that make an unguarded reader loop, recurse or blow up.

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use super::extract;
use crate::extract::ExtractError;

fn dict(pairs: Vec<(&str, Object)>) -> Dictionary {
    let mut d = Dictionary::new();
    for (k, v) in pairs {
        d.set(k, v);
    }
    d
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// A one-page PDF; `page` adds to the page's dictionary and returns its content and
/// `XObject` resources.
fn build(page: impl FnOnce(&mut Document) -> (Vec<u8>, Dictionary)) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let font = doc.add_object(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Helvetica")),
    ]));
    let (content, xobjects) = page(&mut doc);
    let content = doc.add_object(Stream::new(Dictionary::new(), content));
    let resources = dict(vec![
        (
            "Font",
            Object::Dictionary(dict(vec![("F1", Object::Reference(font))])),
        ),
        ("XObject", Object::Dictionary(xobjects)),
    ]);
    let page_id = doc.add_object(dict(vec![
        ("Type", name("Page")),
        ("Parent", Object::Reference(tree)),
        ("Contents", Object::Reference(content)),
        (
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
        ),
        ("Resources", Object::Dictionary(resources)),
    ]));
    doc.objects.insert(
        tree,
        Object::Dictionary(dict(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(vec![Object::Reference(page_id)])),
            ("Count", 1.into()),
        ])),
    );
    let catalog = doc.add_object(dict(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(tree)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn form(doc: &mut Document, content: &[u8], resources: Option<Dictionary>) -> ObjectId {
    let mut d = dict(vec![("Type", name("XObject")), ("Subtype", name("Form"))]);
    if let Some(r) = resources {
        d.set("Resources", Object::Dictionary(r));
    }
    doc.add_object(Stream::new(d, content.to_vec()))
}

#[test]
fn a_plain_page_reads() {
    let pdf = build(|_| {
        (
            b"BT /F1 12 Tf 72 700 Td (Hello there) Tj ET".to_vec(),
            Dictionary::new(),
        )
    });
    let e = extract(&pdf).unwrap();
    assert_eq!(e.text(), "Hello there");
    assert_eq!(e.page_of(0), Some(1));
}

#[test]
fn a_drawing_that_draws_itself_is_refused() {
    // Without the check, pdf-extract recurses until the stack overflows: the process aborts.
    let pdf = build(|doc| {
        let id = doc.new_object_id();
        let resources = dict(vec![(
            "XObject",
            Object::Dictionary(dict(vec![("X0", Object::Reference(id))])),
        )]);
        let me = form(doc, b"/X0 Do", Some(resources));
        let stream = doc.objects.remove(&me).unwrap();
        doc.objects.insert(id, stream);
        (
            b"/X0 Do".to_vec(),
            dict(vec![("X0", Object::Reference(id))]),
        )
    });
    let err = extract(&pdf).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Malformed { reason } if reason.contains("draws itself")),
        "{err}"
    );
}

#[test]
fn drawings_that_multiply_are_refused() {
    // 30 levels, each drawing the next twice: a billion draws for an unguarded reader.
    let pdf = build(|doc| {
        let mut next = form(doc, b"BT /F1 1 Tf (x) Tj ET", None);
        for _ in 0..30 {
            let resources = dict(vec![(
                "XObject",
                Object::Dictionary(dict(vec![("N", Object::Reference(next))])),
            )]);
            next = form(doc, b"/N Do /N Do", Some(resources));
        }
        (
            b"/Top Do".to_vec(),
            dict(vec![("Top", Object::Reference(next))]),
        )
    });
    let err = extract(&pdf).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Malformed { reason } if reason.contains("100000 drawings")),
        "{err}"
    );
}

#[test]
fn a_page_tree_that_loops_is_refused() {
    let pdf = build(|_| (b"BT /F1 12 Tf (x) Tj ET".to_vec(), Dictionary::new()));
    let mut doc = Document::load_mem(&pdf).unwrap();
    // The page loses its resources and its tree node becomes its own parent: an unguarded
    // reader looking up the inherited resources climbs forever.
    let (&_, &page) = doc.get_pages().iter().next().unwrap();
    let parent = {
        let p = doc.get_dictionary_mut(page).unwrap();
        p.remove(b"Resources");
        p.get(b"Parent").unwrap().as_reference().unwrap()
    };
    doc.get_dictionary_mut(parent)
        .unwrap()
        .set("Parent", Object::Reference(parent));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    let err = extract(&out).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Malformed { reason } if reason.contains("loops")),
        "{err}"
    );
}

#[test]
fn a_page_without_a_media_box_reads_as_letter() {
    // pdf-extract `expect`s a MediaBox; viewers assume US Letter.
    let pdf = build(|_| {
        (
            b"BT /F1 12 Tf 72 700 Td (x) Tj ET".to_vec(),
            Dictionary::new(),
        )
    });
    let mut doc = Document::load_mem(&pdf).unwrap();
    let (&_, &page) = doc.get_pages().iter().next().unwrap();
    doc.get_dictionary_mut(page).unwrap().remove(b"MediaBox");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert_eq!(extract(&out).unwrap().text(), "x");
}

#[test]
fn a_reader_panic_is_an_error_value() {
    // A composite font without its descendant: pdf-extract `expect`s one.
    let pdf = build(|doc| {
        let broken = doc.add_object(dict(vec![
            ("Type", name("Font")),
            ("Subtype", name("Type0")),
            ("BaseFont", name("Broken")),
            ("Encoding", name("Identity-H")),
        ]));
        let resources = dict(vec![(
            "Font",
            Object::Dictionary(dict(vec![("F2", Object::Reference(broken))])),
        )]);
        let drawing = form(doc, b"BT /F2 12 Tf <0001> Tj ET", Some(resources));
        (
            b"/D Do".to_vec(),
            dict(vec![("D", Object::Reference(drawing))]),
        )
    });
    let err = extract(&pdf).unwrap_err();
    assert!(
        matches!(&err, ExtractError::ReaderFailed { reason } if reason.contains("Descendant")),
        "{err}"
    );
}

#[test]
fn text_drawn_back_along_its_line_is_a_new_word() {
    // A right-aligned label drawn before the text at its left (texinfo's `[Function]`).
    let pdf = build(|_| {
        (
            b"BT /F1 12 Tf 400 700 Td ([Function]) Tj ET BT /F1 12 Tf 72 700 Td (int f) Tj ET"
                .to_vec(),
            Dictionary::new(),
        )
    });
    assert_eq!(extract(&pdf).unwrap().text(), "[Function] int f");
}
