//! The extraction cache through its public API (`sourceline::extract::{Cache, extract_cached}`)
//! on the pages and PDFs of tests/data: a hit equals a fresh extraction, a damaged entry is a
//! miss that is extracted and written again, the key follows the bytes and the format, and
//! `EXTRACTOR_VERSION` moves whenever extraction does.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sourceline::extract::{
    Cache, CacheKey, EXTRACTOR_VERSION, Extracted, Format, Origin, extract, extract_cached,
};

fn data_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<PathBuf> = ["html", "pdf"]
        .iter()
        .flat_map(|dir| fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    files
}

fn read(path: &Path) -> (Vec<u8>, Format) {
    let bytes = fs::read(path).unwrap();
    let format = Format::detect(path, &bytes);
    (bytes, format)
}

fn temp_cache() -> (tempfile::TempDir, Cache) {
    let tmp = tempfile::tempdir().unwrap();
    let xdg: OsString = tmp.path().into();
    let cache = Cache::from_vars(|name| (name == "XDG_CACHE_HOME").then(|| xdg.clone())).unwrap();
    (tmp, cache)
}

#[test]
fn every_page_and_pdf_reads_back_from_the_cache_as_extracted() {
    let (tmp, cache) = temp_cache();
    assert!(cache.folder().starts_with(tmp.path().join("sourceline")));
    let mut cached = 0;
    for path in data_files() {
        let (bytes, format) = read(&path);
        assert_ne!(format, Format::Text, "{}", path.display());
        let fresh = extract(&bytes, format);
        let key = CacheKey::new(&bytes, format);
        assert_eq!(
            extract_cached(&bytes, format, Some(&cache)),
            fresh,
            "{}",
            path.display()
        );
        match fresh {
            Ok(fresh) => {
                assert_eq!(cache.get(&key), Some(fresh.clone()), "{}", path.display());
                assert_eq!(
                    extract_cached(&bytes, format, Some(&cache)),
                    Ok(fresh),
                    "{}",
                    path.display()
                );
                cached += 1;
            }
            // Errors are not cached: a damaged PDF is tried again at the next load.
            Err(_) => assert!(!cache.entry_path(&key).exists(), "{}", path.display()),
        }
    }
    assert!(cached >= 8, "only {cached} files cached");
}

/// The cache's entry for `bytes`, after a first read wrote it.
fn written(cache: &Cache, bytes: &[u8], format: Format) -> (CacheKey, PathBuf, Vec<u8>) {
    extract_cached(bytes, format, Some(cache)).unwrap();
    let key = CacheKey::new(bytes, format);
    let path = cache.entry_path(&key);
    let entry = fs::read(&path).unwrap();
    (key, path, entry)
}

#[test]
fn damaged_entries_are_read_afresh_and_rewritten() {
    let (_tmp, cache) = temp_cache();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for rel in ["html/traps.html", "pdf/paper.pdf"] {
        let (bytes, format) = read(&root.join(rel));
        let fresh = extract(&bytes, format).unwrap();
        let (key, path, entry) = written(&cache, &bytes, format);
        let mut damaged: Vec<(String, Vec<u8>)> = vec![
            ("empty".into(), Vec::new()),
            ("wrong extractor version".into(), {
                let mut e = entry.clone();
                e[12] ^= 0xFF;
                e
            }),
        ];
        for len in [1, 8, 40, 80, entry.len() / 2, entry.len() - 1] {
            damaged.push((format!("cut at {len}"), entry[..len].to_vec()));
        }
        for at in (0..entry.len()).step_by(entry.len() / 23 + 1) {
            let mut e = entry.clone();
            e[at] ^= 0x20;
            damaged.push((format!("byte {at} flipped"), e));
        }
        for (what, bad) in damaged {
            fs::write(&path, &bad).unwrap();
            assert_eq!(cache.get(&key), None, "{rel}: {what}");
            assert_eq!(
                extract_cached(&bytes, format, Some(&cache)).as_ref(),
                Ok(&fresh),
                "{rel}: {what}"
            );
            assert_eq!(fs::read(&path).unwrap(), entry, "{rel}: {what}: rewritten");
        }
    }
}

#[test]
fn the_key_follows_the_bytes_and_the_format() {
    let page = b"<!doctype html><p>one</p>".to_vec();
    let mut other = page.clone();
    *other.last_mut().unwrap() = b' ';
    let key = CacheKey::new(&page, Format::Html);
    assert_eq!(key, CacheKey::new(&page, Format::Html));
    assert_eq!(key.hex().len(), 64);
    let keys = [
        key,
        CacheKey::new(&other, Format::Html),
        CacheKey::new(&page, Format::Pdf),
        CacheKey::new(&page, Format::Text),
    ];
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert_ne!(a.hex(), b.hex());
        }
    }
    // The same bytes read as HTML and as text do not share an entry.
    let (_tmp, cache) = temp_cache();
    extract_cached(&page, Format::Html, Some(&cache)).unwrap();
    assert!(cache.entry_path(&keys[0]).exists());
    assert!(!cache.entry_path(&keys[2]).exists());
}

#[test]
fn sourceline_cache_off_turns_it_off() {
    let tmp = tempfile::tempdir().unwrap();
    let env = |switch: &'static str| {
        let xdg: OsString = tmp.path().into();
        move |name: &str| match name {
            "XDG_CACHE_HOME" => Some(xdg.clone()),
            "SOURCELINE_CACHE" => Some(switch.into()),
            _ => None,
        }
    };
    assert_eq!(Cache::from_vars(env("off")), None);
    let cache = Cache::from_vars(env("")).unwrap();
    let page = b"<p>cached</p>";
    extract_cached(page, Format::Html, Some(&cache)).unwrap();
    assert!(
        cache
            .entry_path(&CacheKey::new(page, Format::Html))
            .exists()
    );
}

/// Recorded fingerprints of what extraction makes of tests/data, by `EXTRACTOR_VERSION`.
const FINGERPRINTS: &[(u32, &str)] = &[
    (
        1,
        "a373d45e2923bf102e41fe5bacdca0d5943798e15ab3fab89b4522a372b483a5",
    ),
    // 2: HTML keeps the attributes of elements a caller asks for (metadata, import's links),
    // and tests/data gained article.html.
    (
        2,
        "fe0265b8ef92aaa1b3db2bb59deb2724175d4eb34b678d424d87b3f05e712fdd",
    ),
];

fn fingerprint_of(e: &Extracted, h: &mut Sha256) {
    h.update(e.text().as_bytes());
    h.update([0xFF]);
    match e.origin() {
        Origin::Identity { base } => h.update(format!("identity {base};")),
        Origin::Runs { runs, exact } => {
            h.update(format!("runs {exact};"));
            for r in runs {
                h.update(format!("{} {} {};", r.reader, r.original, r.line));
            }
        }
        Origin::None => h.update("none;"),
    }
    for p in e.pages() {
        h.update(format!("page {} {};", p.number, p.start));
    }
    h.update(format!(
        "textless {:?}; joins {:?}; {}",
        e.textless_pages(),
        e.hyphen_joins(),
        e.encoding()
    ));
}

/// A cache entry stands for what the extractor of its version made: when extraction changes,
/// entries written before would be served as if it had not. So a change in what tests/data
/// extracts to must come with a new `EXTRACTOR_VERSION` (and a line above).
#[test]
fn extractor_version_moves_with_extraction() {
    let mut h = Sha256::new();
    for path in data_files() {
        let (bytes, format) = read(&path);
        h.update(path.file_name().unwrap().as_encoded_bytes());
        match extract(&bytes, format) {
            Ok(e) => fingerprint_of(&e, &mut h),
            Err(e) => h.update(e.kind()),
        }
    }
    let now = format!("{:x}", h.finalize());
    let recorded = FINGERPRINTS
        .iter()
        .find(|(v, _)| *v == EXTRACTOR_VERSION)
        .map(|(_, f)| *f);
    assert_eq!(
        recorded,
        Some(now.as_str()),
        "what tests/data extracts to changed: bump EXTRACTOR_VERSION (src/extract/mod.rs) and \
         record ({}, \"{now}\") in FINGERPRINTS here",
        EXTRACTOR_VERSION + u32::from(recorded.is_some_and(|f| f != now))
    );
}
