//! Colours and emphasis. A dark default, a light theme, and with `NO_COLOR` set, emphasis by
//! bold, underline and reverse only (<https://no-color.org>). The config picks a theme and
//! can recolour any style by name.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Config, ThemeName};
use crate::flags::Mark;
use crate::style::{Colour, StyleSpec, Styles};
use crate::support::Verdict;

/// The workbench's styles, one by name (`border_focus`): the names a config recolours.
pub type Theme = Styles<Style>;

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

    /// The config's theme with its colours over it; `no_color` (see `no_color_in_env`) wins
    /// over both.
    pub fn from_config(config: &Config, no_color: bool) -> Theme {
        if no_color || config.theme == ThemeName::Mono {
            return Theme::mono();
        }
        let mut theme = match config.theme {
            ThemeName::Light => Theme::light(),
            _ => Theme::dark(),
        };
        theme.apply(&config.colors);
        theme
    }

    /// Lays a config's colours over these styles: what a style given says wins, what it does
    /// not say stays.
    pub fn apply(&mut self, patch: &Styles<Option<StyleSpec>>) {
        for (style, spec) in self.zip_mut(patch) {
            if let Some(spec) = spec {
                *style = style.patch(to_style(spec));
            }
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

/// A config's style as the terminal's.
fn to_style(spec: &StyleSpec) -> Style {
    let mut style = Style::new();
    if let Some(c) = spec.fg {
        style = style.fg(to_color(c));
    }
    if let Some(c) = spec.bg {
        style = style.bg(to_color(c));
    }
    for (on, m) in [
        (spec.bold, Modifier::BOLD),
        (spec.dim, Modifier::DIM),
        (spec.italic, Modifier::ITALIC),
        (spec.underline, Modifier::UNDERLINED),
        (spec.reverse, Modifier::REVERSED),
    ] {
        if on {
            style = style.add_modifier(m);
        }
    }
    style
}

fn to_color(c: Colour) -> Color {
    match c {
        Colour::Reset => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Indexed(i) => Color::Indexed(i),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
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

    fn config(text: &str) -> Config {
        crate::config::parse(text, "c").unwrap()
    }

    #[test]
    fn a_style_lays_over_the_themes_as_ratatui_would_parse_it() {
        let c = config(
            r##"(colors: {"weak": "black on yellow bold", "marker": "#5fafff underline"})"##,
        );
        let t = Theme::from_config(&c, false);
        let dark = Theme::dark();
        assert_eq!(
            t.weak,
            dark.weak
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            t.marker,
            dark.marker
                .fg(Color::Rgb(0x5f, 0xaf, 0xff))
                .add_modifier(Modifier::UNDERLINED)
        );
        // Every colour name means what ratatui says it means.
        for name in [
            "reset",
            "black",
            "red",
            "green",
            "yellow",
            "blue",
            "magenta",
            "cyan",
            "gray",
            "dark gray",
            "light-red",
            "lightgreen",
            "bright_yellow",
            "LightBlue",
            "lightmagenta",
            "lightcyan",
            "white",
            "grey",
            "silver",
            "light black",
            "17",
            "#0a0b0c",
        ] {
            let ours = to_color(name.parse().unwrap());
            assert_eq!(Ok(ours), name.parse::<Color>(), "{name}");
        }
    }

    #[test]
    fn every_style_name_recolours_its_own_style_only() {
        for name in Theme::NAMES {
            let c = config(&format!(r##"(colors: {{"{name}": "#010203"}})"##));
            let t = Theme::from_config(&c, false);
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
        let c = config(r#"(theme: light, colors: {"marker": "red", "weak": "on magenta"})"#);
        let t = Theme::from_config(&c, false);
        assert_eq!(t.marker.fg, Some(Color::Red));
        assert_eq!(t.weak.bg, Some(Color::Magenta));
        assert_eq!(
            t.weak.fg,
            Theme::light().weak.fg,
            "what the style does not say stays"
        );
        assert_eq!(t.text, Theme::light().text);
        // NO_COLOR wins over the theme and every colour.
        assert_eq!(Theme::from_config(&c, true), Theme::mono());
    }
}
