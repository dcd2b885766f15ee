//! Bytes to text: the charset the headers name, else a byte-order mark, else the page's
//! `<meta charset>` or `http-equiv` declaration, else UTF-8 when the bytes are UTF-8 and
//! windows-1252 (what browsers assume) when they are not.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into a page a `<meta>` charset declaration is looked for (HTML says 1024 bytes;
/// real pages put it later, after long `<link>` lists).
const META_WINDOW: usize = 8192;

/// The `charset=` parameter of a Content-Type value.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// The charset a page declares in a `<meta>` tag near its start.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_WINDOW)];
    // The declaration is ASCII whatever the encoding: search a lower-cased ASCII copy.
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The page's text, decoded as declared (header first, then BOM, then `<meta>` for HTML).
pub fn decode(bytes: &[u8], content_type: Option<&str>, html: bool) -> String {
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()));
    let enc = match (declared, Encoding::for_bom(bytes)) {
        (_, Some((bom, _))) => bom,
        (Some(e), None) => e,
        (None, None) => match html.then(|| meta_charset(bytes)).flatten() {
            Some(e) => e,
            None if std::str::from_utf8(bytes).is_ok() => UTF_8,
            None => WINDOWS_1252,
        },
    };
    // A page cut at the byte cap may end inside a character: the replacement shows it.
    enc.decode_with_bom_removal(bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_charset() {
        assert_eq!(
            charset_param("text/html; Charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(
            decode(b"caf\xe9", Some("text/plain; charset=latin1"), false),
            "café"
        );
    }

    #[test]
    fn a_meta_tag_names_it_when_the_header_does_not() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body>\x93\xfa\x96\x7b</body></html>";
        assert!(decode(page, Some("text/html"), true).contains("日本"));
        let page = b"<meta charset='windows-1252'><p>\x93quoted\x94</p>";
        assert!(decode(page, None, true).contains("\u{201c}quoted\u{201d}"));
    }

    #[test]
    fn undeclared_bytes_are_utf8_when_they_can_be() {
        assert_eq!(decode("naïve".as_bytes(), None, true), "naïve");
        assert_eq!(decode(b"na\xefve", None, true), "naïve");
    }
}
