//! A source's `sha256:`: the digest of the file its citations were checked against.
//!
//! Sources change under a finished chronology (an article corrected, a page captured again),
//! and a quote that still anchors may now stand in different surroundings. The fingerprint makes
//! the change visible: when the file's digest differs, the load fails with a problem at the
//! `sha256:` value that says, for each citation of the source, whether its quote still anchors
//! exactly, only approximately, or not at all (see `validate::anchoring`). It is a problem, not a
//! warning, because the fingerprint is the author's statement that the citations were checked
//! against this text; `check --pin` writes or updates it once every quote anchors.
//!
//! The digest is of the file's bytes as read (byte-order mark included; for a web page or a
//! PDF, the file itself, never the text read from it), the same as `sha256sum` prints, so an
//! author can write it by hand.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, as 64 lowercase hexadecimal digits.
pub fn sha256_hex(bytes: &(impl AsRef<[u8]> + ?Sized)) -> String {
    let digest = Sha256::digest(bytes.as_ref());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xF), 16).unwrap_or('0'));
    }
    out
}

/// Whether `written` is a SHA-256 in hexadecimal (either case).
pub fn is_well_formed(written: &str) -> bool {
    written.len() == 64 && written.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What a source's fingerprint says of the file read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fingerprint {
    /// No `sha256:` (or one so malformed it was reported already).
    Absent,
    Matches,
    /// The file's digest is not the one written at `at`.
    Differs {
        at: Option<(u64, u64)>,
        digest: String,
    },
}

impl Fingerprint {
    /// The fingerprint `written` (if any) against `digest`, the file's ([`sha256_hex`] of its
    /// bytes).
    pub fn check(written: Option<&str>, at: Option<(u64, u64)>, digest: &str) -> Self {
        match written {
            Some(w) if is_well_formed(w) => {
                if digest.eq_ignore_ascii_case(w) {
                    Fingerprint::Matches
                } else {
                    Fingerprint::Differs {
                        at,
                        digest: digest.to_string(),
                    }
                }
            }
            _ => Fingerprint::Absent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_what_sha256sum_prints() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_well_formed(&sha256_hex("")));
        assert!(!is_well_formed("abc"));
        assert!(!is_well_formed(&"g".repeat(64)));
    }

    #[test]
    fn case_does_not_matter_and_a_change_is_caught() {
        let upper = sha256_hex("text").to_uppercase();
        assert_eq!(
            Fingerprint::check(Some(&upper), None, &sha256_hex("text")),
            Fingerprint::Matches
        );
        assert!(matches!(
            Fingerprint::check(Some(&upper), Some((4, 13)), &sha256_hex("text!")),
            Fingerprint::Differs {
                at: Some((4, 13)),
                ..
            }
        ));
        assert_eq!(Fingerprint::check(None, None, "x"), Fingerprint::Absent);
    }
}
