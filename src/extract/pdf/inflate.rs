//! Decompresses a PDF's streams within limits, before the text reader sees them.
//!
//! lopdf inflates a stream whole whenever asked (`read_to_end`), so a 1 MB stream that
//! inflates a thousandfold would take a gigabyte, and a 100 MB file a hundred. So every stream
//! is decoded here once, through a reader that stops past [`MAX_PDF_STREAM_BYTES`], and stored
//! decoded; the text reader then finds nothing left to inflate. Pictures are emptied instead
//! (text extraction never looks at pixels, and `pdf-extract` would otherwise parse them as
//! drawing commands). The streams lopdf inflates while loading (cross-reference and object
//! streams) are measured first in the raw file by [`prescan`].
//!
//! The filters decoded are those lopdf decodes (Flate, LZW, ASCII85, with the PNG predictors),
//! plus `ASCIIHex`; a stream with another filter is left as it is.

use std::io::Read;

use pdf_extract::{Dictionary, Document, Object, Stream};

use crate::extract::ExtractError;
use crate::extract::limits::{MAX_PDF_EXPANDED_BYTES, MAX_PDF_STREAM_BYTES};

/// A stream past the limit.
#[derive(Debug)]
struct Over;

fn expands(limit: usize) -> ExtractError {
    ExtractError::Expands { limit }
}

/// Measures, in the raw file, each Flate stream that lopdf will inflate while loading (those
/// of `/XRef` and `/ObjStm` objects), refusing one that inflates past the limit.
pub(super) fn prescan(bytes: &[u8]) -> Result<(), ExtractError> {
    for marker in [&b"/XRef"[..], b"/ObjStm"] {
        for at in memchr::memmem::find_iter(bytes, marker).take(100_000) {
            let window = &bytes[at..bytes.len().min(at + 4096)];
            let Some(keyword) = memchr::memmem::find(window, b"stream") else {
                continue;
            };
            let dict_start = at.saturating_sub(2048);
            let dict = &bytes[dict_start..at + keyword];
            if memchr::memmem::find(dict, b"/FlateDecode").is_none() {
                continue;
            }
            let mut data = at + keyword + b"stream".len();
            if bytes.get(data) == Some(&b'\r') {
                data += 1;
            }
            if bytes.get(data) == Some(&b'\n') {
                data += 1;
            }
            let data = &bytes[data.min(bytes.len())..];
            let end = memchr::memmem::find(data, b"endstream").unwrap_or(data.len());
            if inflate(&data[..end], MAX_PDF_STREAM_BYTES).is_err() {
                return Err(expands(MAX_PDF_STREAM_BYTES));
            }
        }
    }
    Ok(())
}

/// Decodes every stream of `doc` in place, within the limits; empties pictures.
pub(super) fn expand_all(doc: &mut Document) -> Result<(), ExtractError> {
    let mut total = 0usize;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if is_picture(&stream.dict) {
            stream.content = Vec::new();
            continue;
        }
        let Some(decoded) = decode(stream).map_err(|Over| expands(MAX_PDF_STREAM_BYTES))? else {
            continue;
        };
        total = total.saturating_add(decoded.len());
        if total > MAX_PDF_EXPANDED_BYTES {
            return Err(expands(MAX_PDF_EXPANDED_BYTES));
        }
        stream.set_plain_content(decoded);
    }
    Ok(())
}

fn is_picture(dict: &Dictionary) -> bool {
    dict.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Image")
}

/// The stream's content decoded through all its filters, `None` when it has none or one this
/// module does not decode (then its known filters were still run, to check their size).
fn decode(stream: &Stream) -> Result<Option<Vec<u8>>, Over> {
    let Ok(filters) = stream.filters() else {
        return Ok(None);
    };
    if filters.is_empty() {
        return Ok(None);
    }
    let params = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .ok();
    let mut data = std::borrow::Cow::Borrowed(stream.content.as_slice());
    for filter in &filters {
        let out = match *filter {
            b"FlateDecode" | b"Fl" => predict(inflate(&data, MAX_PDF_STREAM_BYTES)?, params),
            b"LZWDecode" | b"LZW" => predict(lzw(&data, params, MAX_PDF_STREAM_BYTES)?, params),
            b"ASCII85Decode" | b"A85" => ascii85(&data),
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data),
            _ => return Ok(None),
        };
        data = std::borrow::Cow::Owned(out);
    }
    Ok(Some(data.into_owned()))
}

/// Inflates zlib data (or, when its header is bad, raw deflate after it, as lopdf does),
/// keeping what came out before an error.
fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, Over> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(input)
        .take(cap)
        .read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() && input.len() > 2 {
        let _ = flate2::read::DeflateDecoder::new(&input[2..])
            .take(cap)
            .read_to_end(&mut out);
    }
    if out.len() > limit {
        return Err(Over);
    }
    Ok(out)
}

/// Decodes LZW data in steps, stopping past `limit`.
fn lzw(input: &[u8], params: Option<&Dictionary>, limit: usize) -> Result<Vec<u8>, Over> {
    use weezl::{BitOrder, decode::Decoder};
    let early = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|o| o.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut decoder = if early {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut rest = input;
    loop {
        let result = decoder.decode_bytes(rest, &mut buffer);
        out.extend_from_slice(&buffer[..result.consumed_out]);
        rest = &rest[result.consumed_in..];
        if out.len() > limit {
            return Err(Over);
        }
        let stuck = result.consumed_in == 0 && result.consumed_out == 0;
        if !matches!(result.status, Ok(weezl::LzwStatus::Ok)) || stuck {
            return Ok(out);
        }
    }
}

/// Undoes a PNG predictor (`/Predictor` 10 to 15), as lopdf does; other data passes.
fn predict(data: Vec<u8>, params: Option<&Dictionary>) -> Vec<u8> {
    let Some(params) = params else {
        return data;
    };
    let get = |key: &[u8], default: i64| {
        params
            .get(key)
            .and_then(Object::as_i64)
            .unwrap_or(default)
            .clamp(1, 1 << 20)
    };
    if !(10..=15).contains(&get(b"Predictor", 1)) {
        return data;
    }
    let columns = usize::try_from(get(b"Columns", 1)).unwrap_or(1);
    let colors = usize::try_from(get(b"Colors", 1)).unwrap_or(1);
    let bits = usize::try_from(get(b"BitsPerComponent", 8).max(8)).unwrap_or(8);
    let per_pixel = (colors * bits / 8).max(1);
    pdf_extract::filters::png::decode_frame(&data, per_pixel, columns).unwrap_or(data)
}

/// Decodes ASCII85 (`~>` ends it; `z` is four zero bytes); output is at most four bytes per
/// input byte, so no limit is needed beyond the file's.
fn ascii85(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut group: u64 = 0;
    let mut count = 0;
    for &c in input {
        match c {
            b'~' => break,
            b'z' if count == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group * 85 + u64::from(c - b'!');
                count += 1;
                if count == 5 {
                    out.extend_from_slice(
                        &u32::try_from(group & 0xFFFF_FFFF)
                            .unwrap_or(0)
                            .to_be_bytes(),
                    );
                    group = 0;
                    count = 0;
                }
            }
            _ => {}
        }
    }
    if count > 1 {
        for _ in count..5 {
            group = group * 85 + 84;
        }
        let bytes = u32::try_from(group & 0xFFFF_FFFF)
            .unwrap_or(0)
            .to_be_bytes();
        out.extend_from_slice(&bytes[..count - 1]);
    }
    out
}

/// Decodes `ASCIIHex` (`>` ends it; an odd last digit is followed by 0).
fn ascii_hex(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &c in input {
        if c == b'>' {
            break;
        }
        let Some(digit) = (c as char).to_digit(16) else {
            continue;
        };
        let digit = u8::try_from(digit).unwrap_or(0);
        match high.take() {
            Some(h) => out.push(h << 4 | digit),
            None => high = Some(digit),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflation_stops_past_the_limit() {
        let bomb = zlib(&vec![0u8; 10_000_000]);
        assert!(bomb.len() < 20_000, "{}", bomb.len());
        assert!(inflate(&bomb, 1_000_000).is_err());
        assert_eq!(inflate(&bomb, 10_000_000).unwrap().len(), 10_000_000);
    }

    /// A zlib stream inflating to just past the per-stream limit, made once for all tests.
    fn bomb() -> &'static [u8] {
        static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BOMB.get_or_init(|| zlib(&vec![b'0'; MAX_PDF_STREAM_BYTES + 10]))
    }

    #[test]
    fn expanding_refuses_a_stream_past_the_limit_and_empties_pictures() {
        let mut doc = Document::with_version("1.5");
        let mut flate = Dictionary::new();
        flate.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let small = doc.add_object(Stream::new(flate.clone(), zlib(b"BT (x) Tj ET")));
        let mut picture = flate.clone();
        picture.set("Subtype", Object::Name(b"Image".to_vec()));
        let image = doc.add_object(Stream::new(picture, bomb().to_vec()));
        expand_all(&mut doc).unwrap();
        let content = |doc: &Document, id| {
            doc.get_object(id)
                .unwrap()
                .as_stream()
                .unwrap()
                .content
                .clone()
        };
        assert_eq!(content(&doc, small), b"BT (x) Tj ET");
        assert!(content(&doc, image).is_empty());
        doc.add_object(Stream::new(flate, bomb().to_vec()));
        assert_eq!(expand_all(&mut doc), Err(expands(MAX_PDF_STREAM_BYTES)));
    }

    #[test]
    fn prescan_refuses_a_cross_reference_bomb() {
        let mut pdf =
            b"%PDF-1.7\n1 0 obj\n<< /Type /XRef /Filter /FlateDecode /Length 9 >>\nstream\n"
                .to_vec();
        pdf.extend_from_slice(bomb());
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert_eq!(prescan(&pdf), Err(expands(MAX_PDF_STREAM_BYTES)));
    }

    #[test]
    fn ascii_filters_decode() {
        assert_eq!(ascii_hex(b"48 65 6c6C6f7>"), b"Hello\x70");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7~>"), b"Hello World");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo80~>"), b"Hello World!");
        assert_eq!(ascii85(b"z~>"), [0, 0, 0, 0]);
    }

    #[test]
    fn lzw_decodes_what_weezl_encodes() {
        let text = b"TOBEORNOTTOBEORTOBEORNOT".repeat(100);
        let encoded = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(&text)
            .unwrap();
        assert_eq!(lzw(&encoded, None, 1 << 20).unwrap(), text);
        assert!(lzw(&encoded, None, 100).is_err());
    }
}
