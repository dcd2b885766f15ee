//! The tokens of the store subset: whitespace and comments, identifiers, strings and unsigned
//! integers. Every function answers `Err(Refused)` on anything it is not sure `ron` reads
//! the same way; the caller then gives the whole text to `ron`.

use std::borrow::Cow;

/// What every refusal is: the text is left to `ron`, which says what is wrong (or reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

pub type R<T> = Result<T, Refused>;

/// The only attribute accepted: the store's options already enable `implicit_some`, so it
/// changes nothing, and the embedded brief starts with it.
const IMPLICIT_SOME_ATTRIBUTE: &str = "#![enable(implicit_some)]";

pub struct Lexer<'de> {
    src: &'de str,
    pos: usize,
}

impl<'de> Lexer<'de> {
    pub fn new(src: &'de str) -> Lexer<'de> {
        Lexer { src, pos: 0 }
    }

    /// A lexer that starts at byte `pos` of `src` (a sequence's element read apart).
    pub fn at(src: &'de str, pos: usize) -> Lexer<'de> {
        Lexer { src, pos }
    }

    /// The byte it is at.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The text it reads.
    pub fn src(&self) -> &'de str {
        self.src
    }

    fn rest(&self) -> &'de [u8] {
        &self.src.as_bytes()[self.pos..]
    }

    #[inline]
    pub fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.src.len()
    }

    #[inline]
    pub fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.pos += usize::from(hit);
        hit
    }

    #[inline]
    pub fn expect(&mut self, b: u8) -> R<()> {
        if self.eat(b) { Ok(()) } else { Err(Refused) }
    }

    /// What `ron` reads before the value: whitespace, comments and extension attributes.
    pub fn prelude(&mut self) -> R<()> {
        self.skip_ws()?;
        while self.peek() == Some(b'#') {
            if !self.rest().starts_with(IMPLICIT_SOME_ATTRIBUTE.as_bytes()) {
                return Err(Refused);
            }
            self.pos += IMPLICIT_SOME_ATTRIBUTE.len();
            self.skip_ws()?;
        }
        Ok(())
    }

    /// Skips `ron`'s ASCII whitespace, `//` comments and unnested `/* */` comments. `ron` also
    /// counts U+0085, U+200E, U+200F, U+2028 and U+2029 as whitespace; those are refused
    /// where a token would start, so they need no case here.
    #[inline]
    pub fn skip_ws(&mut self) -> R<()> {
        // Most calls find a token at once, or after the one space of `key: value`.
        let bytes = self.src.as_bytes();
        let mut at = self.pos;
        if bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'/') => self.skip_ws_and_comments(),
            _ => {
                self.pos = at;
                Ok(())
            }
        }
    }

    #[inline(never)]
    fn skip_ws_and_comments(&mut self) -> R<()> {
        let bytes = self.src.as_bytes();
        let mut pos = self.pos;
        loop {
            pos = skip_blanks(bytes, pos);
            if bytes.get(pos) != Some(&b'/') {
                self.pos = pos;
                return Ok(());
            }
            match bytes.get(pos + 1) {
                Some(b'/') => {
                    pos = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
                }
                Some(b'*') => {
                    let body = &bytes[pos + 2..];
                    let close = memchr::memmem::find(body, b"*/").ok_or(Refused)?;
                    // `ron`'s block comments nest: a `/*` before the first `*/` (even one
                    // sharing its star, as in `/*/`) opens another level. Left to `ron`.
                    if memchr::memmem::find(&body[..close + 1], b"/*").is_some() {
                        return Err(Refused);
                    }
                    pos += 2 + close + 2;
                }
                _ => return Err(Refused),
            }
        }
    }

    /// `ron`'s separator: whitespace, an optional comma, whitespace. Says if there was one.
    #[inline]
    pub fn comma(&mut self) -> R<bool> {
        self.skip_ws()?;
        let had = self.eat(b',');
        if had {
            self.skip_ws()?;
        }
        Ok(had)
    }

    /// An ASCII identifier, when the text here is one.
    #[inline]
    pub fn peek_ident(&self) -> Option<&'de str> {
        let rest = self.rest();
        if !matches!(rest.first(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'_')) {
            return None;
        }
        let mut len = 1;
        while rest
            .get(len)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            len += 1;
        }
        Some(&self.src[self.pos..self.pos + len])
    }

    /// An identifier, refused unless `ron` would read the same one. After it, a non-ASCII
    /// character may continue it (Unicode identifiers), `.`, `+` or `-` make `ron` suggest a
    /// raw identifier, and `#`, `"` or `'` make it a raw identifier or a (byte) string.
    #[inline]
    pub fn ident(&mut self) -> R<&'de str> {
        let ident = self.peek_ident().ok_or(Refused)?;
        let after = self.src.as_bytes().get(self.pos + ident.len());
        if after.is_some_and(|b| !b.is_ascii() || b"#\"'.+-".contains(b)) {
            return Err(Refused);
        }
        self.pos += ident.len();
        Ok(ident)
    }

    /// Consumes `word` if the identifier here is exactly it.
    #[inline]
    pub fn eat_keyword(&mut self, word: &str) -> R<bool> {
        if self.peek_ident() != Some(word) {
            return Ok(false);
        }
        self.ident().map(|_| true)
    }

    /// Plain decimal digits. Signs, `0x`/`0b`/`0o`, `_`, suffixes (`5u32`), floats and byte
    /// literals (`b'a'`) are refused: `ron` reads them, but no store is written with them.
    #[inline]
    pub fn unsigned(&mut self) -> R<u64> {
        let rest = self.rest();
        let len = rest
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(Refused);
        }
        if rest
            .get(len)
            .is_some_and(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || b"_.".contains(b))
        {
            return Err(Refused);
        }
        let mut n: u64 = 0;
        for &d in &rest[..len] {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(Refused)?;
        }
        self.pos += len;
        Ok(n)
    }

    /// A string: `"…"` with `ron`'s escapes, or a raw string `r"…"`, `r#"…"#`. Borrowed from
    /// the text unless an escape had to be decoded.
    #[inline]
    pub fn string(&mut self) -> R<Cow<'de, str>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.quoted()
            }
            Some(b'r') => {
                self.pos += 1;
                self.raw()
            }
            _ => Err(Refused),
        }
    }

    fn raw(&mut self) -> R<Cow<'de, str>> {
        let rest = self.rest();
        let hashes = rest.iter().take_while(|&&b| b == b'#').count();
        if rest.get(hashes) != Some(&b'"') {
            return Err(Refused);
        }
        let start = self.pos + hashes + 1;
        // The closing quote with as many hashes as opened it; `ron` takes the first.
        let mut end = Vec::with_capacity(hashes + 1);
        end.push(b'"');
        end.resize(hashes + 1, b'#');
        let len = memchr::memmem::find(&self.src.as_bytes()[start..], &end).ok_or(Refused)?;
        self.pos = start + len + end.len();
        Ok(Cow::Borrowed(&self.src[start..start + len]))
    }

    #[inline]
    fn quoted(&mut self) -> R<Cow<'de, str>> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let at = memchr::memchr2(b'"', b'\\', &bytes[start..]).ok_or(Refused)? + start;
        if bytes[at] == b'"' {
            self.pos = at + 1;
            return Ok(Cow::Borrowed(&self.src[start..at]));
        }
        let mut out = String::with_capacity(at - start + 16);
        out.push_str(&self.src[start..at]);
        self.pos = at;
        loop {
            // At a backslash.
            self.pos += 1;
            self.escape(&mut out)?;
            let from = self.pos;
            let at = memchr::memchr2(b'"', b'\\', &bytes[from..]).ok_or(Refused)? + from;
            out.push_str(&self.src[from..at]);
            self.pos = at;
            if bytes[at] == b'"' {
                self.pos += 1;
                return Ok(Cow::Owned(out));
            }
        }
    }

    /// The escapes `ron` 0.11 reads in a string (`parse_escape`): `\' \" \\ \n \r \t \0`,
    /// `\xNN` and `\u{1-6 hex digits}`. `\xNN` above 0x7F starts a UTF-8 sequence of `\x`
    /// escapes in `ron`, a rule of its own: refused. Every other escape is an error in `ron`.
    fn escape(&mut self, out: &mut String) -> R<()> {
        let b = self.peek().ok_or(Refused)?;
        self.pos += 1;
        let c = match b {
            b'\'' => '\'',
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'x' => {
                let hi = self.hex_digit()?;
                let lo = self.hex_digit()?;
                let v = hi << 4 | lo;
                if v > 0x7F {
                    return Err(Refused);
                }
                char::from(v as u8)
            }
            b'u' => {
                self.expect(b'{')?;
                let mut v: u32 = 0;
                let mut digits = 0;
                while self.peek() != Some(b'}') {
                    if digits == 6 {
                        return Err(Refused);
                    }
                    v = v << 4 | self.hex_digit()?;
                    digits += 1;
                }
                self.pos += 1;
                if digits == 0 {
                    return Err(Refused);
                }
                char::from_u32(v).ok_or(Refused)?
            }
            _ => return Err(Refused),
        };
        out.push(c);
        Ok(())
    }

    fn hex_digit(&mut self) -> R<u32> {
        let d = char::from(self.peek().ok_or(Refused)?)
            .to_digit(16)
            .ok_or(Refused)?;
        self.pos += 1;
        Ok(d)
    }
}

/// The index of the first byte from `pos` on that is not ASCII whitespace.
#[inline]
fn skip_blanks(bytes: &[u8], mut pos: usize) -> usize {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    loop {
        // Pretty stores are indented with long runs of spaces: eight are checked at a time.
        while let Some(chunk) = bytes.get(pos..pos + 8) {
            let diff = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ SPACES;
            if diff != 0 {
                pos += (diff.trailing_zeros() / 8) as usize;
                break;
            }
            pos += 8;
        }
        match bytes.get(pos) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => pos += 1,
            _ => return pos,
        }
    }
}
