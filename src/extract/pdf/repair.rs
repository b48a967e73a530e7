//! Repairs what `pdf-extract` misreads or refuses, before it reads the document.
//!
//! A page without a `/MediaBox` (on itself or inherited) makes it panic; viewers take US
//! Letter, and so does [`fix_media_boxes`]. A CID font's widths (`/W`) come in two forms: `c [w1 w2 …]` and `c_first c_last w`.
//! `pdf-extract` 0.12 reads the second form wrongly (it takes `c_first` for all three
//! numbers), so every glyph in such a range gets the default width, often 0: a line's words
//! then pile onto each other and the next explicitly placed glyph looks a word's gap away
//! (`layer .`). Chromium writes its widths that way. So each range is rewritten here in the
//! first form, which the crate reads right.

use std::collections::BTreeMap;

use pdf_extract::{Document, Object, ObjectId};

/// Gives each page without a `/MediaBox` of its own or of an ancestor (up to 64 levels) the
/// US Letter size viewers assume.
pub(super) fn fix_media_boxes(doc: &mut Document, pages: &BTreeMap<u32, ObjectId>) {
    let missing: Vec<ObjectId> = pages
        .values()
        .copied()
        .filter(|&id| {
            let mut node = doc.get_dictionary(id).ok();
            for _ in 0..64 {
                let Some(dict) = node else {
                    return true;
                };
                if dict.has(b"MediaBox") {
                    return false;
                }
                node = dict
                    .get(b"Parent")
                    .and_then(Object::as_reference)
                    .and_then(|p| doc.get_dictionary(p))
                    .ok();
            }
            true
        })
        .collect();
    for id in missing {
        if let Ok(page) = doc.get_dictionary_mut(id) {
            page.set(
                "MediaBox",
                Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
            );
        }
    }
}

/// Longest range rewritten (a CID font has at most 65,536 glyphs).
const MAX_RANGE: i64 = 65_536;

/// Rewrites the range form of every CID font's `/W` in `doc`.
pub(super) fn fix_widths(doc: &mut Document) {
    let mut direct = Vec::new();
    let mut referenced = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else {
            continue;
        };
        let cid_font = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"CIDFontType0" || s == b"CIDFontType2");
        if !cid_font {
            continue;
        }
        match dict.get(b"W") {
            Ok(Object::Array(_)) => direct.push(id),
            Ok(Object::Reference(r)) => referenced.push(*r),
            _ => {}
        }
    }
    for id in direct {
        if let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&id)
            && let Ok(Object::Array(w)) = dict.get_mut(b"W")
        {
            *w = rewrite(w);
        }
    }
    for id in referenced {
        rewrite_object(doc, id);
    }
}

fn rewrite_object(doc: &mut Document, id: ObjectId) {
    if let Some(Object::Array(w)) = doc.objects.get_mut(&id) {
        *w = rewrite(w);
    }
}

/// `/W` with each `c_first c_last w` as `c_first [w …]`.
fn rewrite(w: &[Object]) -> Vec<Object> {
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        match (w.get(i), w.get(i + 1), w.get(i + 2)) {
            (Some(first), Some(Object::Array(widths)), _) => {
                out.push(first.clone());
                out.push(Object::Array(widths.clone()));
                i += 2;
            }
            (Some(Object::Integer(first)), Some(Object::Integer(last)), Some(width))
                if last >= first && last - first < MAX_RANGE =>
            {
                let count = usize::try_from(last - first + 1).unwrap_or(0);
                out.push(Object::Integer(*first));
                out.push(Object::Array(vec![width.clone(); count]));
                i += 3;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_become_arrays() {
        let w = vec![
            Object::Integer(0),
            Object::Array(vec![Object::Real(600.0)]),
            Object::Integer(3),
            Object::Integer(5),
            Object::Real(318.0),
            Object::Integer(9),
            Object::Integer(1),
            Object::Real(1.0),
        ];
        let out = rewrite(&w);
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(out[2], Object::Integer(3));
        assert_eq!(out[3], Object::Array(vec![Object::Real(318.0); 3]));
    }
}
