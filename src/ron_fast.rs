//! A fast reader for the subset of RON that stores are written in (issue #17: `ron` took a
//! third of a second over a 40 MB store, the largest single cost of a first open).
//!
//! [`from_str`] is a `serde` deserializer over `&str`, so the model's derives still do all the
//! field work (unknown fields, defaults, `Guessed`'s own impl). Its contract is what makes it
//! safe to put in front of `ron`: it returns `Some(v)` only where `ron`, with the store's
//! options (`implicit_some`, a recursion limit of 64), returns `Ok(v)` with the same value;
//! on anything else, errors included, it returns `None` and the caller asks `ron`, whose
//! errors (and their `file:line:col`) are the ones users see.
//!
//! Read: structs with or without their name, fields in any order, trailing commas, `[…]`
//! sequences, unit enum variants, `Option` as `None`, `Some(…)` or a plain value, strings
//! with `ron`'s escapes (`\xNN` up to 0x7F), raw strings, plain unsigned integers, ASCII
//! whitespace, `//` and unnested `/* */` comments, and a leading `#![enable(implicit_some)]`.
//! Refused: everything else `ron` has (floats, signed, hex or `_` numbers, chars, bytes, maps,
//! tuples, newtypes, non-unit variants, raw and Unicode identifiers, nested comments, other
//! attributes, an `Option` directly in an `Option`), and any value nested deeper than
//! [`MAX_DEPTH`].

mod lex;
mod split;
#[cfg(test)]
mod tests;

pub use split::{element_start_after, from_str_split};

use serde::de::{self, DeserializeSeed, Visitor};

use lex::{Lexer, R, Refused};

/// Structs, sequences and `Some`s nested deeper than this are refused. `ron`'s recursion limit
/// counts two levels for each of these (the container, and the field or element in it) and
/// two for an enum's variant, so nothing accepted comes near the store's limit of 64 (which
/// `ron` would report as an error). A brief nests 5 deep.
pub const MAX_DEPTH: usize = 16;

/// Reads `text` as `ron` would with the store's options, or `None` when not sure it can.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Option<T> {
    read_whole(&mut Deserializer::new(Lexer::new(text)))
}

/// The value `de`'s whole text holds: what goes before it, it, and nothing after.
fn read_whole<'de, T: de::Deserialize<'de>>(de: &mut Deserializer<'de>) -> Option<T> {
    de.lex.prelude().ok()?;
    let value = T::deserialize(&mut *de).ok()?;
    de.lex.skip_ws().ok()?;
    de.lex.at_end().then_some(value)
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("not read by the fast reader")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<M: std::fmt::Display>(_: M) -> Refused {
        // The message is never shown: `ron` parses the text again and reports its own.
        Refused
    }
}

struct Deserializer<'de> {
    lex: Lexer<'de>,
    depth: usize,
    /// Set while the value inside a `Some` is read: an `Option` there would be a nested
    /// option, where `implicit_some` has rules of its own. The model has none.
    in_option: bool,
    /// The top-level struct's field being read.
    top_field: Option<&'de str>,
    /// Where the rest of a sequence is read by another reader (see [`split`]).
    split: Option<split::Split>,
    /// Whether it was: the sequence's elements from the cut on are the other reader's.
    spliced: bool,
}

impl<'de> Deserializer<'de> {
    fn new(lex: Lexer<'de>) -> Deserializer<'de> {
        Deserializer {
            lex,
            depth: 0,
            in_option: false,
            top_field: None,
            split: None,
            spliced: false,
        }
    }

    /// Where any value starts: it is not an option's inner option unless it is an option.
    fn value(&mut self) {
        self.in_option = false;
    }

    fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        if self.depth == MAX_DEPTH {
            return Err(Refused);
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn unsigned(&mut self, max: u64) -> R<u64> {
        self.value();
        let n = self.lex.unsigned()?;
        if n > max { Err(Refused) } else { Ok(n) }
    }
}

macro_rules! refuse {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* _: V) -> R<V::Value> {
            $(let _ = $arg;)*
            Err(Refused)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Refused;

    refuse! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_f32(), deserialize_f64(),
        deserialize_char(), deserialize_bytes(), deserialize_byte_buf(), deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(), deserialize_ignored_any(),
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_u8(self.unsigned(u8::MAX.into())? as u8)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_u16(self.unsigned(u16::MAX.into())? as u16)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_u32(self.unsigned(u32::MAX.into())? as u32)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_u64(self.unsigned(u64::MAX)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.value();
        match self.lex.string()? {
            std::borrow::Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            std::borrow::Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        if std::mem::take(&mut self.in_option) {
            return Err(Refused);
        }
        if self.lex.eat_keyword("None")? {
            return visitor.visit_none();
        }
        if self.lex.eat_keyword("Some")? {
            // `ron` reads `Some` not followed by `(` as the start of an implicit `Some`
            // around what follows (`Some "x"` is `Some("x")`); no store is written so.
            self.lex.skip_ws()?;
            self.lex.expect(b'(')?;
            self.lex.skip_ws()?;
            let value = self.nest(|de| {
                de.in_option = true;
                visitor.visit_some(&mut *de)
            })?;
            self.lex.comma()?;
            self.lex.expect(b')')?;
            return Ok(value);
        }
        self.nest(|de| {
            de.in_option = true;
            visitor.visit_some(&mut *de)
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.value();
        self.lex.expect(b'[')?;
        let value = self.nest(|de| {
            visitor.visit_seq(CommaSeparated {
                de,
                end: b']',
                had_comma: true,
            })
        })?;
        self.lex.skip_ws()?;
        self.lex.expect(b']')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        self.value();
        if self.lex.peek_ident().is_some() {
            // `ron` takes the struct's name if it is there and is the type's.
            if name.is_empty() || self.lex.ident()? != name {
                return Err(Refused);
            }
            self.lex.skip_ws()?;
        }
        self.lex.expect(b'(')?;
        let value = self.nest(|de| {
            visitor.visit_map(CommaSeparated {
                de,
                end: b')',
                had_comma: true,
            })
        })?;
        self.lex.skip_ws()?;
        self.lex.expect(b')')?;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        self.value();
        visitor.visit_enum(UnitVariant { de: self })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        self.value();
        visitor.visit_borrowed_str(self.lex.ident()?)
    }
}

/// The fields of a struct or the elements of a sequence, as `ron` separates them: a comma
/// after each, the last one optional.
struct CommaSeparated<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    end: u8,
    had_comma: bool,
}

impl CommaSeparated<'_, '_> {
    fn has_element(&mut self) -> R<bool> {
        self.de.lex.skip_ws()?;
        let at_end = self.de.lex.peek() == Some(self.end);
        match (self.had_comma, at_end) {
            (true, at_end) => Ok(!at_end),
            (false, true) => Ok(false),
            (false, false) => Err(Refused),
        }
    }
}

impl<'de> de::SeqAccess<'de> for CommaSeparated<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        if self.de.split.is_some() && split::handed_on(self.de) {
            // The other reader read the rest, up to the `]` the lexer now stands at.
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.de)?;
        self.had_comma = self.de.lex.comma()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for CommaSeparated<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        seed.deserialize(FieldName { de: &mut *self.de }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        self.de.lex.skip_ws()?;
        self.de.lex.expect(b':')?;
        self.de.lex.skip_ws()?;
        let value = seed.deserialize(&mut *self.de)?;
        self.had_comma = self.de.lex.comma()?;
        Ok(value)
    }
}

/// A struct's field name: an identifier and nothing else (`ron` reads one even where a
/// hand-written impl asks for a string, and no store needs that).
struct FieldName<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> de::Deserializer<'de> for FieldName<'_, 'de> {
    type Error = Refused;

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        if self.de.depth == 1 {
            self.de.top_field = self.de.lex.peek_ident();
        }
        self.de.deserialize_identifier(visitor)
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> R<V::Value> {
        Err(Refused)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        ignored_any
    }
}

/// An enum value: a bare variant name. Variants with contents are refused.
struct UnitVariant<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> R<(V::Value, Self)> {
        let variant = seed.deserialize(&mut *self.de)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Refused;

    fn unit_variant(self) -> R<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> R<T::Value> {
        Err(Refused)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> R<V::Value> {
        Err(Refused)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> R<V::Value> {
        Err(Refused)
    }
}
