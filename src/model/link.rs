//! What a [`super::Link`]'s address may be: one rule for the loader, which refuses any other
//! link, and the importer, which keeps a slide's media only when it passes. It lives with the
//! model, below both, so the importer does not reach into the loader's validation for it.

/// An absolute `http(s)` address with a host, and nothing a browser would skip or reinterpret
/// nor anything that could end an HTML attribute it is pasted into: no quote mark of any kind
/// (the web timeline builds some media's markup by joining strings, `<iframe src='…'>`).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !url.chars().any(|c| {
            c.is_whitespace()
                || crate::text::is_unsafe(c)
                || matches!(c, '"' | '\'' | '`' | '<' | '>' | '\\')
        })
}

#[cfg(test)]
mod tests {
    use super::is_web_address;

    #[test]
    fn only_absolute_web_addresses_pass() {
        assert!(is_web_address("https://youtu.be/fSrO91XO1Ck"));
        assert!(is_web_address("HTTP://example.org/a?b=c#d"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "//www.flickr.com/photos/x",
            "/static/img/family.jpg",
            "https://",
            "https:///path",
            "https://a b",
            "https://a\u{202E}b",
            "https://a\"onmouseover=x",
            "https://docs.google.com/document/d/x/edit?usp=sharing&'onload='alert(1)",
            "https://a/`x`",
            "ftp://example.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }
}
