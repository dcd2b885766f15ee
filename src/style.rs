//! Styles as a config writes them, knowing nothing of the terminal: a colour
//! ([`Colour`]), a style over a theme's ([`StyleSpec`]: `"black on yellow bold"`), and the
//! list of style names ([`Styles`]), written once and used both by the config (a patch of
//! `Option<StyleSpec>`) and by the workbench's theme (`tui::theme::Theme`, a
//! `Styles<ratatui::style::Style>`).
//!
//! The config's `colors` deserialize straight into a [`Styles`] patch, so a style that does
//! not exist or a colour that is not one is a RON error at its own line and column, as gitui
//! reads its theme.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A colour a style can have: the terminal's 16 named ones, `reset`, a 256-colour index or
/// `#rrggbb`. The names are spelt as ratatui's `Color::from_str` takes them (case, spaces,
/// `-` and `_` ignored; `grey`, `bright`, `silver` as synonyms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl FromStr for Colour {
    type Err = StyleError;

    fn from_str(s: &str) -> Result<Colour, StyleError> {
        // The same folding as ratatui's `Color::from_str`, so a name one accepts the other does.
        let folded = s
            .to_lowercase()
            .replace([' ', '-', '_'], "")
            .replace("bright", "light")
            .replace("grey", "gray")
            .replace("silver", "gray")
            .replace("lightblack", "darkgray")
            .replace("lightwhite", "white")
            .replace("lightgray", "white");
        Ok(match folded.as_str() {
            "reset" => Colour::Reset,
            "black" => Colour::Black,
            "red" => Colour::Red,
            "green" => Colour::Green,
            "yellow" => Colour::Yellow,
            "blue" => Colour::Blue,
            "magenta" => Colour::Magenta,
            "cyan" => Colour::Cyan,
            "gray" => Colour::Gray,
            "darkgray" => Colour::DarkGray,
            "lightred" => Colour::LightRed,
            "lightgreen" => Colour::LightGreen,
            "lightyellow" => Colour::LightYellow,
            "lightblue" => Colour::LightBlue,
            "lightmagenta" => Colour::LightMagenta,
            "lightcyan" => Colour::LightCyan,
            "white" => Colour::White,
            _ => {
                if let Ok(i) = s.parse::<u8>() {
                    Colour::Indexed(i)
                } else if let Some((r, g, b)) = hex(s) {
                    Colour::Rgb(r, g, b)
                } else {
                    return Err(StyleError::NotAColour(s.to_string()));
                }
            }
        })
    }
}

/// `#rrggbb`.
fn hex(s: &str) -> Option<(u8, u8, u8)> {
    let digits = s.strip_prefix('#')?;
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

impl fmt::Display for Colour {
    /// As a config writes it, and reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Colour::Reset => "reset",
            Colour::Black => "black",
            Colour::Red => "red",
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Blue => "blue",
            Colour::Magenta => "magenta",
            Colour::Cyan => "cyan",
            Colour::Gray => "gray",
            Colour::DarkGray => "darkgray",
            Colour::LightRed => "lightred",
            Colour::LightGreen => "lightgreen",
            Colour::LightYellow => "lightyellow",
            Colour::LightBlue => "lightblue",
            Colour::LightMagenta => "lightmagenta",
            Colour::LightCyan => "lightcyan",
            Colour::White => "white",
            Colour::Indexed(i) => return write!(f, "{i}"),
            Colour::Rgb(r, g, b) => return write!(f, "#{r:02x}{g:02x}{b:02x}"),
        };
        f.write_str(name)
    }
}

/// Why a config's style is none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StyleError {
    #[error("{0:?} is not a colour (a name, #rrggbb or 0-255)")]
    NotAColour(String),
    #[error("\"on\" needs a colour after it")]
    NoBackground,
    #[error("empty")]
    Empty,
}

/// A style as a config writes it, laid over a theme's: `"#5fafff"` (the text colour),
/// `"black on yellow"`, `"bold white"`, `"underline"`. What it does not say, the theme's
/// style keeps; the emphasis it names is added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StyleSpec {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
    pub reverse: bool,
}

impl FromStr for StyleSpec {
    type Err = StyleError;

    fn from_str(spec: &str) -> Result<StyleSpec, StyleError> {
        let mut style = StyleSpec::default();
        let mut words = spec.split_whitespace().peekable();
        if words.peek().is_none() {
            return Err(StyleError::Empty);
        }
        while let Some(w) = words.next() {
            match w.to_ascii_lowercase().as_str() {
                "bold" => style.bold = true,
                "dim" => style.dim = true,
                "italic" => style.italic = true,
                "underline" | "underlined" => style.underline = true,
                "reverse" | "reversed" => style.reverse = true,
                "on" => style.bg = Some(words.next().ok_or(StyleError::NoBackground)?.parse()?),
                _ => style.fg = Some(w.parse()?),
            }
        }
        Ok(style)
    }
}

impl fmt::Display for StyleSpec {
    /// As a config writes it, and reads back: emphasis, then `fg`, then `on bg`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let emphasis = [
            (self.bold, "bold"),
            (self.dim, "dim"),
            (self.italic, "italic"),
            (self.underline, "underline"),
            (self.reverse, "reverse"),
        ];
        let mut words: Vec<String> = emphasis
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, w)| w.to_string())
            .collect();
        words.extend(self.fg.map(|c| c.to_string()));
        words.extend(self.bg.map(|c| format!("on {c}")));
        f.write_str(&words.join(" "))
    }
}

impl<'de> Deserialize<'de> for StyleSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StyleSpec, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for StyleSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Declares [`Styles`] from its field names, so the names are written once: the struct,
/// [`Styles::NAMES`], and finding a field by name.
macro_rules! styles {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {
        /// One `T` for each style the workbench draws with. The config's `colors` are a
        /// `Styles<Option<StyleSpec>>` (written as a map by style name:
        /// `{"marker": "#5fafff"}`); the workbench's theme is a `Styles` of terminal styles.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Styles<T> {
            $(#[$doc] pub $name: T,)*
        }

        impl<T> Styles<T> {
            /// The style names, as a config writes them, in the order of the fields.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// The style a config names.
            pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)*
                    _ => None,
                }
            }

            /// Each style with its name, in the order of the fields.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, &T)> {
                [$((stringify!($name), &self.$name)),*].into_iter()
            }

            /// Each style of `self` with the same one of `other`, to lay one over the other.
            pub fn zip_mut<'a, U>(
                &'a mut self,
                other: &'a Styles<U>,
            ) -> impl Iterator<Item = (&'a mut T, &'a U)> {
                [$((&mut self.$name, &other.$name)),*].into_iter()
            }
        }
    };
}

styles! {
    /// Ordinary text.
    text,
    /// Text that matters less.
    dim,
    /// Titles.
    title,
    /// A pane's border.
    border,
    /// The focused pane's border.
    border_focus,
    /// The selected row.
    selected,
    /// Citation markers and the selection bar.
    marker,
    /// A selected citation marker.
    marker_selected,
    /// What a search or a filter matched.
    matched,
    /// The supported badge.
    supported,
    /// The weak badge.
    weak,
    /// The unsupported badge.
    unsupported,
    /// The analyst's flags.
    flag,
    /// Errors.
    error,
    /// Labels, and keys in the help.
    label,
    /// Glosses (italic by default).
    gloss,
}

/// A patch over a theme: the styles a config recolours, the others `None`. Read from a RON
/// map by style name, as config files write it (`{"weak": "red"}`); a name that is not a
/// style, a name given twice, or a value that is not a style is an error where it is.
impl<'de> Deserialize<'de> for Styles<Option<StyleSpec>> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Patch;
        impl<'de> Visitor<'de> for Patch {
            type Value = Styles<Option<StyleSpec>>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of styles by name, like {\"marker\": \"#5fafff\"}")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut patch = Styles::<Option<StyleSpec>>::default();
                while let Some(name) = map.next_key::<String>()? {
                    let Some(slot) = patch.get_mut(&name) else {
                        return Err(de::Error::custom(format!(
                            "colors: no style {name:?} (one of: {})",
                            Styles::<()>::NAMES.join(", ")
                        )));
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format!("colors: {name} is given twice")));
                    }
                    *slot = Some(map.next_value_seed(Named(&name))?);
                }
                Ok(patch)
            }
        }
        d.deserialize_map(Patch)
    }
}

/// A style read as the value of the style `.0`: the error names it, and is raised as the
/// value is read, so that RON places it at the value.
struct Named<'a>(&'a str);

impl<'de> de::DeserializeSeed<'de> for Named<'_> {
    type Value = StyleSpec;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<StyleSpec, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e| de::Error::custom(format!("colors: {}: {e}", self.0)))
    }
}

/// Written back as read: a map of the styles recoloured, by name.
impl Serialize for Styles<Option<StyleSpec>> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let given: Vec<_> = self
            .iter()
            .filter_map(|(name, spec)| Some((name, spec.as_ref()?)))
            .collect();
        let mut map = s.serialize_map(Some(given.len()))?;
        for (name, spec) in given {
            map.serialize_entry(name, spec)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Styles<Option<StyleSpec>>, ron::error::SpannedError> {
        ron::from_str(text)
    }

    #[test]
    fn styles_parse() {
        assert_eq!(
            "black on yellow bold".parse(),
            Ok(StyleSpec {
                fg: Some(Colour::Black),
                bg: Some(Colour::Yellow),
                bold: true,
                ..StyleSpec::default()
            })
        );
        assert_eq!(
            "#5fafff".parse::<StyleSpec>().map(|s| s.fg),
            Ok(Some(Colour::Rgb(0x5f, 0xaf, 0xff)))
        );
        assert_eq!(
            "blurple".parse::<StyleSpec>(),
            Err(StyleError::NotAColour("blurple".into()))
        );
        assert_eq!("red on".parse::<StyleSpec>(), Err(StyleError::NoBackground));
        assert_eq!("  ".parse::<StyleSpec>(), Err(StyleError::Empty));
    }

    #[test]
    fn colours_are_spelt_as_ratatui_spells_them() {
        for (text, colour) in [
            ("DarkGray", Colour::DarkGray),
            ("dark-grey", Colour::DarkGray),
            ("dark_gray", Colour::DarkGray),
            ("lightred", Colour::LightRed),
            ("light-red", Colour::LightRed),
            ("bright-red", Colour::LightRed),
            ("grey", Colour::Gray),
            ("silver", Colour::Gray),
            ("light-black", Colour::DarkGray),
            ("light-gray", Colour::White),
            ("reset", Colour::Reset),
            ("0", Colour::Indexed(0)),
            ("255", Colour::Indexed(255)),
            ("#00FF7f", Colour::Rgb(0, 255, 127)),
        ] {
            assert_eq!(text.parse(), Ok(colour), "{text}");
        }
        for bad in ["256", "#12345", "#1234567", "#12345g", "blurple", "-1"] {
            assert!(bad.parse::<Colour>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_style_prints_as_it_reads() {
        for text in [
            "bold underline #010203 on 17",
            "reset",
            "dim italic reverse lightcyan",
        ] {
            let spec: StyleSpec = text.parse().unwrap();
            assert_eq!(spec.to_string(), text);
        }
        let spec: StyleSpec = "on red BOLD Light-Blue".parse().unwrap();
        assert_eq!(spec.to_string().parse(), Ok(spec));
    }

    #[test]
    fn a_patch_reads_from_a_map_by_style_name_and_back() {
        let patch = read(r##"{"marker": "#5fafff", "weak": "black on yellow"}"##).unwrap();
        assert_eq!(
            patch.marker.unwrap().fg,
            Some(Colour::Rgb(0x5f, 0xaf, 0xff))
        );
        assert_eq!(patch.weak.unwrap().bg, Some(Colour::Yellow));
        assert_eq!(patch.text, None);
        let back = ron::to_string(&patch).unwrap();
        assert_eq!(back, r##"{"marker":"#5fafff","weak":"black on yellow"}"##);
        assert_eq!(read(&back).unwrap(), patch);
        assert_eq!(read("{}").unwrap(), Styles::default());
    }

    /// Where RON places an error in a string: at its first character, inside the quotes.
    #[test]
    fn a_wrong_name_or_colour_is_an_error_where_it_is() {
        let e = read("{\n  \"weak\": \"red\",\n  \"nope\": \"red\",\n}").unwrap_err();
        assert_eq!((e.span.start.line, e.span.start.col), (3, 4), "{e}");
        assert!(
            e.code
                .to_string()
                .starts_with("colors: no style \"nope\" (one of: text, dim,")
        );
        let e = read("{\n  \"weak\": \"red\",\n  \"marker\":  \"blurple\",\n}").unwrap_err();
        assert_eq!((e.span.start.line, e.span.start.col), (3, 15), "{e}");
        assert_eq!(
            e.code.to_string(),
            "colors: marker: \"blurple\" is not a colour (a name, #rrggbb or 0-255)"
        );
        let e = read("{\"weak\": \"red\", \"weak\": \"blue\"}").unwrap_err();
        assert_eq!(e.span.start.col, 18, "{e}");
        assert_eq!(e.code.to_string(), "colors: weak is given twice");
    }

    #[test]
    fn names_are_the_fields() {
        let mut s = Styles::<u8>::default();
        for (i, name) in Styles::<u8>::NAMES.iter().enumerate() {
            *s.get_mut(name).unwrap() = i as u8 + 1;
        }
        let seen: Vec<u8> = s.iter().map(|(_, v)| *v).collect();
        assert_eq!(seen, (1..=16).collect::<Vec<u8>>());
        assert_eq!(s.border_focus, 5);
        assert_eq!(s.gloss, 16);
        assert!(s.get_mut("Border_Focus").is_none());
    }
}
