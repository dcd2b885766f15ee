//! Colours and emphasis. A dark default, a light theme, and with `NO_COLOR` set, emphasis by
//! bold, underline and reverse only (<https://no-color.org>). The config picks a theme and
//! can recolour any style by name.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use strum::VariantNames;

use crate::config::{Config, ThemeName};
use crate::flags::Mark;
use crate::support::Verdict;

/// The styles a config can recolour, named as the theme's fields are (`border_focus`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantNames,
)]
#[strum(serialize_all = "snake_case")]
pub enum Slot {
    Text,
    Dim,
    Title,
    Border,
    BorderFocus,
    Selected,
    Marker,
    MarkerSelected,
    Matched,
    Supported,
    Weak,
    Unsupported,
    Flag,
    Error,
    Label,
    Gloss,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub marker: Style,
    pub marker_selected: Style,
    pub matched: Style,
    pub supported: Style,
    pub weak: Style,
    pub unsupported: Style,
    pub flag: Style,
    pub error: Style,
    pub label: Style,
    pub gloss: Style,
}

impl Theme {
    pub fn dark() -> Theme {
        let fg = Style::new().fg(Color::Gray);
        Theme {
            text: fg,
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            selected: Style::new().bg(Color::Rgb(40, 44, 52)),
            marker: Style::new().fg(Color::Cyan),
            marker_selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            matched: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            supported: Style::new().fg(Color::Black).bg(Color::Green),
            weak: Style::new().fg(Color::Black).bg(Color::Yellow),
            unsupported: Style::new().fg(Color::White).bg(Color::Red),
            flag: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            label: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            gloss: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        }
    }

    /// For terminals with a light background: dark text, colours that hold on white.
    pub fn light() -> Theme {
        let fg = Style::new().fg(Color::Black);
        Theme {
            text: fg,
            dim: Style::new().fg(Color::Rgb(110, 110, 110)),
            title: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::Rgb(150, 150, 150)),
            border_focus: Style::new().fg(Color::Blue),
            selected: Style::new().bg(Color::Rgb(220, 228, 240)),
            marker: Style::new().fg(Color::Blue),
            marker_selected: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Rgb(170, 60, 0))
                .add_modifier(Modifier::BOLD),
            supported: Style::new().fg(Color::White).bg(Color::Rgb(30, 120, 50)),
            weak: Style::new().fg(Color::Black).bg(Color::Rgb(250, 200, 60)),
            unsupported: Style::new().fg(Color::White).bg(Color::Rgb(190, 30, 30)),
            flag: Style::new()
                .fg(Color::Rgb(140, 30, 140))
                .add_modifier(Modifier::BOLD),
            error: Style::new()
                .fg(Color::Rgb(190, 30, 30))
                .add_modifier(Modifier::BOLD),
            label: Style::new()
                .fg(Color::Rgb(20, 70, 160))
                .add_modifier(Modifier::BOLD),
            gloss: Style::new()
                .fg(Color::Rgb(60, 60, 60))
                .add_modifier(Modifier::ITALIC),
        }
    }

    /// No colour at all: for `NO_COLOR`, and for terminals that cannot show it.
    pub fn mono() -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: plain,
            dim: plain,
            title: bold,
            border: plain,
            border_focus: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            marker: Style::new().add_modifier(Modifier::UNDERLINED),
            marker_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            supported: plain,
            weak: bold,
            unsupported: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            flag: bold,
            error: bold,
            label: bold,
            gloss: Style::new().add_modifier(Modifier::ITALIC),
        }
    }

    /// The config's theme and colours; `no_color` (see `no_color_in_env`) wins over both.
    /// Returns what in the config could not be used.
    pub fn from_config(config: &Config, no_color: bool) -> (Theme, Vec<String>) {
        if no_color || config.theme == ThemeName::Mono {
            return (Theme::mono(), Vec::new());
        }
        let mut theme = match config.theme {
            ThemeName::Light => Theme::light(),
            _ => Theme::dark(),
        };
        let mut problems = Vec::new();
        for (name, spec) in &config.colors {
            let Ok(slot) = name.parse::<Slot>() else {
                problems.push(format!(
                    "colors: no style {name:?} (one of: {})",
                    Slot::VARIANTS.join(", ")
                ));
                continue;
            };
            match parse_style(spec) {
                Ok(patch) => {
                    let style = theme.slot(slot);
                    *style = style.patch(patch);
                }
                Err(e) => problems.push(format!("colors: {name}: {e}")),
            }
        }
        (theme, problems)
    }

    /// What in the config's colours is not a style or not a colour: each an error in the
    /// config file, which then is not used.
    pub fn invalid(config: &Config) -> Vec<crate::config::Invalid> {
        use crate::config::Invalid;
        let mut out = Vec::new();
        for (name, spec) in &config.colors {
            if name.parse::<Slot>().is_err() {
                out.push(Invalid {
                    field: "colors",
                    entry: name.clone(),
                    value: None,
                    message: format!(
                        "colors: no style {name:?} (one of: {})",
                        Slot::VARIANTS.join(", ")
                    ),
                });
            } else if let Err(e) = parse_style(spec) {
                out.push(Invalid {
                    field: "colors",
                    entry: name.clone(),
                    value: Some(spec.clone()),
                    message: format!("colors: {name}: {e}"),
                });
            }
        }
        out
    }

    /// The style a config names, to recolour it.
    fn slot(&mut self, slot: Slot) -> &mut Style {
        match slot {
            Slot::Text => &mut self.text,
            Slot::Dim => &mut self.dim,
            Slot::Title => &mut self.title,
            Slot::Border => &mut self.border,
            Slot::BorderFocus => &mut self.border_focus,
            Slot::Selected => &mut self.selected,
            Slot::Marker => &mut self.marker,
            Slot::MarkerSelected => &mut self.marker_selected,
            Slot::Matched => &mut self.matched,
            Slot::Supported => &mut self.supported,
            Slot::Weak => &mut self.weak,
            Slot::Unsupported => &mut self.unsupported,
            Slot::Flag => &mut self.flag,
            Slot::Error => &mut self.error,
            Slot::Label => &mut self.label,
            Slot::Gloss => &mut self.gloss,
        }
    }

    /// The weak badge's colour as a text colour, for counts in a list.
    pub fn weak_text(&self) -> Style {
        as_text(self.weak)
    }

    /// The unsupported badge's colour as a text colour.
    pub fn unsupported_text(&self) -> Style {
        as_text(self.unsupported)
    }

    pub fn verdict(&self, v: Verdict) -> Style {
        match v {
            Verdict::Supported => self.supported,
            Verdict::Weak => self.weak,
            Verdict::Unsupported => self.unsupported,
            Verdict::Uncited => self.dim,
        }
    }
}

/// A badge style (colour behind text) as text in that colour; a style without a background
/// colour (mono) as it is.
fn as_text(badge: Style) -> Style {
    match badge.bg {
        Some(c) if c != Color::Reset => Style::new().fg(c),
        _ => badge,
    }
}

/// Whether `NO_COLOR` is set to anything but empty (<https://no-color.org>).
pub fn no_color_in_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
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

/// A style as a config writes it: `"#5fafff"`, `"black on yellow"`, `"bold white"`,
/// `"underline"`. Colours are ratatui's names, `#rrggbb`, or a 256-colour index.
pub fn parse_style(spec: &str) -> Result<Style, StyleError> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace();
    let colour = |w: &str| Color::from_str(w).map_err(|_| StyleError::NotAColour(w.to_string()));
    let mut any = false;
    while let Some(w) = words.next() {
        any = true;
        let modifier = match w.to_ascii_lowercase().as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underline" | "underlined" => Some(Modifier::UNDERLINED),
            "reverse" | "reversed" => Some(Modifier::REVERSED),
            _ => None,
        };
        if let Some(m) = modifier {
            style = style.add_modifier(m);
        } else if w.eq_ignore_ascii_case("on") {
            let bg = words.next().ok_or(StyleError::NoBackground)?;
            style = style.bg(colour(bg)?);
        } else {
            style = style.fg(colour(w)?);
        }
    }
    if !any {
        return Err(StyleError::Empty);
    }
    Ok(style)
}

/// Short badge text for a verdict.
pub fn verdict_badge(v: Verdict) -> &'static str {
    match v {
        Verdict::Supported => " OK ",
        Verdict::Weak => "WEAK",
        Verdict::Unsupported => "UNSUP",
        Verdict::Uncited => "UNCIT",
    }
}

pub fn mark_badge(m: Mark) -> &'static str {
    match m {
        Mark::Weak => "⚑ weak",
        Mark::Disputed => "⚑ disputed",
        Mark::Verified => "⚑ verified",
        Mark::NeedsSource => "⚑ needs source",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_parse() {
        assert_eq!(
            parse_style("black on yellow bold"),
            Ok(Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD))
        );
        assert_eq!(
            parse_style("#5fafff"),
            Ok(Style::new().fg(Color::Rgb(0x5f, 0xaf, 0xff)))
        );
        assert_eq!(
            parse_style("blurple"),
            Err(StyleError::NotAColour("blurple".into()))
        );
        assert_eq!(parse_style("red on"), Err(StyleError::NoBackground));
        assert_eq!(parse_style("  "), Err(StyleError::Empty));
    }

    #[test]
    fn every_style_name_recolours_its_own_style_only() {
        for name in Slot::VARIANTS {
            let mut c = Config::default();
            c.colors.insert(name.to_string(), "#010203".into());
            let (t, problems) = Theme::from_config(&c, false);
            assert!(problems.is_empty(), "{problems:?}");
            let shown = format!("{t:?}");
            assert_eq!(shown.matches("Rgb(1, 2, 3)").count(), 1, "{name}");
            let field = shown.find(&format!(" {name}: ")).unwrap();
            let next = shown[field + 1..].find(": Style").unwrap() + field + 1;
            let style_end = shown[next..].find('}').unwrap() + next;
            assert!(shown[field..style_end].contains("Rgb(1, 2, 3)"), "{name}");
        }
    }

    #[test]
    fn config_picks_and_recolours() {
        let mut c = Config {
            theme: ThemeName::Light,
            ..Config::default()
        };
        c.colors.insert("marker".into(), "red".into());
        c.colors.insert("nope".into(), "red".into());
        c.colors.insert("weak".into(), "on magenta".into());
        let (t, problems) = Theme::from_config(&c, false);
        assert_eq!(t.marker.fg, Some(Color::Red));
        assert_eq!(t.weak.bg, Some(Color::Magenta));
        assert_eq!(t.text, Theme::light().text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        // NO_COLOR wins over the theme and every colour.
        assert_eq!(Theme::from_config(&c, true).0, Theme::mono());
    }
}
