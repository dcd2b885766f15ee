//! Where a value is written in a store's RON text, so that a diagnostic can name its line
//! and column. One pass over the text however many values are asked for; comments are
//! skipped (a `"summary.1"` in a `// was …` note is not where the id is written), raw
//! strings are read as raw, and a literal with escapes is compared by what it says.

use rustc_hash::FxHashMap;

/// Where each `value` is written as a string literal for the `nth` time (from 0) in `text`:
/// the offset of the literal's opening quote (or its `r`, for a raw string).
pub fn locate_all<'a>(
    text: &str,
    wanted: impl Iterator<Item = (&'a str, usize)>,
) -> Vec<Option<usize>> {
    let wanted: Vec<(&str, usize)> = wanted.collect();
    let mut by_value: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, (value, _)) in wanted.iter().enumerate() {
        by_value.entry(value).or_default().push(i);
    }
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let mut found = vec![None; wanted.len()];
    // A value's nth literal, once found, is found: the text after the last one wanted is
    // not read (a large store's dangling markers are all in its claims, before its sources).
    let mut left = wanted.len();
    for (at, literal) in Literals::new(text) {
        if left == 0 {
            break;
        }
        let value: std::borrow::Cow<str> = match literal {
            Literal::Plain(s) => s.into(),
            Literal::Escaped(s) => match unescape(s) {
                Some(v) => v.into(),
                None => continue,
            },
        };
        let Some((&key, ids)) = by_value.get_key_value(value.as_ref()) else {
            continue;
        };
        let count = seen.entry(key).or_default();
        for &k in ids {
            if wanted[k].1 == *count {
                found[k] = Some(at);
                left -= 1;
            }
        }
        *count += 1;
    }
    found
}

/// A string literal's content as written.
enum Literal<'a> {
    /// No escape in it (or a raw string): the content is the value.
    Plain(&'a str),
    /// With escapes, still to be read.
    Escaped(&'a str),
}

/// The string literals of RON text, in order, with where each starts; comments skipped.
struct Literals<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Literals<'a> {
    fn new(text: &'a str) -> Self {
        Literals { text, at: 0 }
    }
}

impl<'a> Iterator for Literals<'a> {
    type Item = (usize, Literal<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.text.as_bytes();
        loop {
            let i = self.at + memchr::memchr2(b'"', b'/', b.get(self.at..)?)?;
            if b[i] == b'/' {
                self.at = match b.get(i + 1) {
                    Some(b'/') => memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1),
                    Some(b'*') => block_comment_end(b, i),
                    _ => i + 1,
                };
                continue;
            }
            // A quote after `r` and hashes opens a raw string, if the `r` starts a word.
            let hashes = b[..i].iter().rev().take_while(|&&c| c == b'#').count();
            let r = i.checked_sub(hashes + 1).filter(|&r| b[r] == b'r');
            let word_start =
                |r: usize| r == 0 || !(b[r - 1].is_ascii_alphanumeric() || b[r - 1] == b'_');
            if let Some(r) = r.filter(|&r| word_start(r)) {
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 1;
                let end = memchr::memmem::find(&b[body..], close.as_bytes()).map(|n| body + n);
                self.at = end.map_or(b.len(), |e| e + close.len());
                let content = &self.text[body..end.unwrap_or(b.len())];
                return Some((r, Literal::Plain(content)));
            }
            let body = i + 1;
            let mut j = body;
            let mut escaped = false;
            let end = loop {
                match memchr::memchr2(b'"', b'\\', b.get(j..).unwrap_or_default()) {
                    Some(k) if b[j + k] == b'"' => break j + k,
                    Some(k) => {
                        escaped = true;
                        j += k + 2;
                    }
                    None => break b.len(),
                }
            };
            self.at = (end + 1).min(b.len());
            let content = self.text.get(body..end).unwrap_or_default();
            let literal = if escaped {
                Literal::Escaped(content)
            } else {
                Literal::Plain(content)
            };
            return Some((i, literal));
        }
    }
}

/// Where the block comment opening at `i` ends; RON's block comments nest.
fn block_comment_end(b: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < b.len() {
        match (b[j], b[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    b.len()
}

/// What a literal with escapes says, by RON's escapes; `None` for one it does not read.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '"' => '"',
            '\'' => '\'',
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                char::from(u8::from_str_radix(&hex, 16).ok().filter(u8::is_ascii)?)
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, value: &str, nth: usize) -> Option<usize> {
        locate_all(text, [(value, nth)].into_iter())[0]
    }

    #[test]
    fn literals_in_comments_are_not_where_a_value_is_written() {
        let text = "(\n  // was \"a\" before\n  /* \"a\" /* \"a\" */ \"a\" */\n  id: \"a\",\n  id: \"a\",\n)";
        assert_eq!(at(text, "a", 0), text.find("id: \"a\"").map(|i| i + 4));
        assert_eq!(at(text, "a", 1), text.rfind("\"a\""));
        assert_eq!(at(text, "a", 2), None);
    }

    #[test]
    fn several_values_are_found_in_one_pass_however_it_ends() {
        let text = "(x: \"a\", y: \"b\", z: \"a\", w: \"b\")";
        let all = |wanted: &[(&str, usize)]| locate_all(text, wanted.iter().copied());
        let (a0, b0) = (text.find("\"a"), text.find("\"b"));
        let (a1, b1) = (text.rfind("\"a"), text.rfind("\"b"));
        // Every one found before the text ends: the rest is not read.
        assert_eq!(all(&[("b", 0), ("a", 0), ("a", 0)]), [b0, a0, a0]);
        assert_eq!(all(&[("a", 1), ("b", 1)]), [a1, b1]);
        // One never found: the whole text is read, the others found as ever.
        assert_eq!(all(&[("a", 1), ("c", 0), ("b", 0)]), [a1, None, b0]);
    }

    #[test]
    fn a_lone_quote_in_a_comment_does_not_unbalance_the_rest() {
        let text = "(\n  // a 5\" screen\n  id: \"a\",\n  id: \"a\",\n)";
        assert_eq!(at(text, "a", 1), text.rfind("\"a\""));
    }

    #[test]
    fn escaped_and_raw_literals_are_compared_by_what_they_say() {
        let text =
            r##"(a: "x\"y", b: "\u{1b}[2J", c: r#"q"u"#, d: "\x41", e: "tab\there", f: bar"baz")"##;
        assert_eq!(at(text, "x\"y", 0), text.find("\"x\\"));
        assert_eq!(at(text, "\u{1b}[2J", 0), text.find("\"\\u{1b}"));
        assert_eq!(at(text, "q\"u", 0), text.find("r#\""));
        assert_eq!(at(text, "A", 0), text.find("\"\\x41"));
        assert_eq!(at(text, "tab\there", 0), text.find("\"tab"));
        // `bar"` is an identifier and a quote, not a raw string.
        assert_eq!(at(text, "baz", 0), text.find("\"baz"));
    }

    #[test]
    fn an_unclosed_literal_or_comment_ends_the_text_without_a_panic() {
        for text in [
            "(a: \"x",
            "(a: r#\"x\"",
            "/* never closed \"a\"",
            "\"a\\",
            "/",
            "r#",
        ] {
            let _ = at(text, "a", 0);
        }
        assert_eq!(at("(\"a\" /* \"a\"", "a", 1), None);
    }
}
