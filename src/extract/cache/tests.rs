use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::*;

const PAGE: &[u8] = b"<!doctype html><title>t</title><p>Hello <b>there</b>, reader.</p>";

fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
    move |name| {
        pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| OsString::from(v))
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|l| {
            l.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn the_environment_picks_the_folder_or_turns_the_cache_off() {
    let tmp = tempfile::tempdir().unwrap();
    let xdg = tmp.path().to_str().unwrap();
    let cache = Cache::from_vars(vars(&[("XDG_CACHE_HOME", xdg)])).unwrap();
    assert_eq!(
        cache.folder(),
        tmp.path().join("sourceline").join("extract")
    );
    for off in ["off", "OFF", "0", "false", "no", " off "] {
        assert_eq!(
            Cache::from_vars(vars(&[("XDG_CACHE_HOME", xdg), (CACHE_SWITCH, off)])),
            None,
            "{off:?}"
        );
    }
    let on = Cache::from_vars(vars(&[("XDG_CACHE_HOME", xdg), (CACHE_SWITCH, "on")]));
    assert_eq!(on, Some(cache));
    // A relative XDG_CACHE_HOME is ignored, as the XDG rule says.
    let relative = Cache::from_vars(vars(&[("XDG_CACHE_HOME", "rel/cache")]));
    assert!(relative.is_none_or(|c| c.folder().is_absolute()));
}

#[test]
fn a_miss_extracts_and_stores_a_hit_comes_from_the_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::in_folder(tmp.path().join("c"));
    let fresh = extract_cached(PAGE, Format::Html, Some(&cache)).unwrap();
    assert_eq!(fresh, extract(PAGE, Format::Html).unwrap());
    let key = CacheKey::new(PAGE, Format::Html);
    assert_eq!(entries(cache.folder()), [format!("{}.bin", key.hex())]);
    // An entry that says something else is what a hit returns: the page is not read again.
    let mut planted = fresh.clone();
    planted.text = "Hello there, planted.".into();
    cache.put(&key, &planted);
    assert_eq!(
        extract_cached(PAGE, Format::Html, Some(&cache)),
        Ok(planted)
    );
    assert_eq!(extract_cached(PAGE, Format::Html, None), Ok(fresh));
}

#[cfg(unix)]
#[test]
fn folders_are_made_for_the_user_alone() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let xdg = tmp.path().join("xdg");
    let cache = Cache::from_vars(vars(&[("XDG_CACHE_HOME", xdg.to_str().unwrap())])).unwrap();
    extract_cached(PAGE, Format::Html, Some(&cache)).unwrap();
    for dir in [xdg.join("sourceline"), xdg.join("sourceline/extract")] {
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
    }
    let entry = cache.entry_path(&CacheKey::new(PAGE, Format::Html));
    assert_eq!(fs::metadata(entry).unwrap().permissions().mode() & 0o077, 0);
}

#[cfg(unix)]
#[test]
fn a_folder_others_may_write_to_is_not_used() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::in_folder(tmp.path().join("c"));
    let fresh = extract_cached(PAGE, Format::Html, Some(&cache)).unwrap();
    let key = CacheKey::new(PAGE, Format::Html);
    let mut planted = fresh.clone();
    planted.text = "planted".into();
    cache.put(&key, &planted);
    fs::set_permissions(cache.folder(), fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(cache.get(&key), None);
    assert_eq!(extract_cached(PAGE, Format::Html, Some(&cache)), Ok(fresh));
}

#[test]
fn a_cache_that_cannot_be_written_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    // A file where the folder should be: no folder can be made (even for root).
    let blocker = tmp.path().join("file");
    fs::write(&blocker, "not a folder").unwrap();
    let cache = Cache::in_folder(blocker.join("extract"));
    assert_eq!(
        extract_cached(PAGE, Format::Html, Some(&cache)),
        extract(PAGE, Format::Html)
    );
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
}

#[test]
fn errors_and_plain_text_are_not_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::in_folder(tmp.path().join("c"));
    let broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog";
    assert!(extract_cached(broken, Format::Pdf, Some(&cache)).is_err());
    let text = extract_cached(b"plain notes", Format::Text, Some(&cache)).unwrap();
    assert_eq!(text.text(), "plain notes");
    assert!(!cache.folder().exists(), "{:?}", entries(cache.folder()));
}

#[test]
fn the_folder_keeps_within_its_bounds_oldest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    let cache = Cache::in_folder(&dir).with_bounds(u64::MAX, 2);
    let pages: Vec<Vec<u8>> = (0..3)
        .map(|i| format!("<p>page {i}</p>").into_bytes())
        .collect();
    let keys: Vec<CacheKey> = pages
        .iter()
        .map(|p| CacheKey::new(p, Format::Html))
        .collect();
    let old = SystemTime::now() - Duration::from_secs(7200);
    for (i, page) in pages.iter().enumerate().take(2) {
        extract_cached(page, Format::Html, Some(&cache)).unwrap();
        let at = old + Duration::from_secs(60 * i as u64);
        fs::File::options()
            .write(true)
            .open(cache.entry_path(&keys[i]))
            .unwrap()
            .set_modified(at)
            .unwrap();
    }
    // A hit renews the first entry: the second is now the least recently used.
    assert!(cache.get(&keys[0]).is_some());
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let stale = dir.join(".tmp-crashed");
    fs::write(&stale, "half").unwrap();
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    extract_cached(&pages[2], Format::Html, Some(&cache)).unwrap();
    let mut expected = vec![
        format!("{}.bin", keys[0].hex()),
        format!("{}.bin", keys[2].hex()),
        "notes.txt".to_owned(),
    ];
    expected.sort();
    assert_eq!(entries(&dir), expected);

    // By size: a bound smaller than two entries keeps only the newest.
    let small = Cache::in_folder(&dir).with_bounds(
        fs::metadata(cache.entry_path(&keys[2])).unwrap().len() + 1,
        100,
    );
    extract_cached(&pages[1], Format::Html, Some(&small)).unwrap();
    assert_eq!(
        entries(&dir),
        [format!("{}.bin", keys[1].hex()), "notes.txt".to_owned()]
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_or_an_oversized_file_in_place_of_an_entry_is_a_miss() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::in_folder(tmp.path().join("c"));
    let fresh = extract_cached(PAGE, Format::Html, Some(&cache)).unwrap();
    let key = CacheKey::new(PAGE, Format::Html);
    let path = cache.entry_path(&key);
    fs::remove_file(&path).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if made.is_ok_and(|s| s.success()) {
        // Opened without blocking, seen not to be a file: no writer is waited for.
        assert_eq!(cache.get(&key), None);
        fs::remove_file(&path).unwrap();
    }
    // A sparse file past the bound: refused by its size, never read into memory.
    let huge = fs::File::create(&path).unwrap();
    huge.set_len(limits::CACHE_MAX_ENTRY_BYTES + 1).unwrap();
    assert_eq!(cache.get(&key), None);
    assert_eq!(extract_cached(PAGE, Format::Html, Some(&cache)), Ok(fresh));
}

#[test]
fn a_key_from_a_digest_taken_before_is_the_same_key() {
    use sha2::{Digest, Sha256};
    let digest: [u8; 32] = Sha256::digest(PAGE).into();
    let key = CacheKey::from_sha256(digest, PAGE.len(), Format::Html);
    assert_eq!(key, CacheKey::new(PAGE, Format::Html));
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::in_folder(tmp.path());
    let fresh = extract_keyed(PAGE, &key, Some(&cache)).unwrap();
    assert_eq!(
        cache.get(&CacheKey::new(PAGE, Format::Html)),
        Some(fresh.clone())
    );
    assert_eq!(extract_cached(PAGE, Format::Html, Some(&cache)), Ok(fresh));
}
