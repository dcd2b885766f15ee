//! Colours and emphasis. A dark default; with `NO_COLOR` set, emphasis by bold, underline
//! and reverse only (<https://no-color.org>).

use ratatui::style::{Color, Modifier, Style};

use crate::flags::Mark;
use crate::support::Verdict;

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

    /// The theme for this environment: `NO_COLOR` set to anything but empty means mono.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::dark(),
        }
    }

    pub fn verdict(&self, v: Verdict) -> Style {
        match v {
            Verdict::Supported => self.supported,
            Verdict::Weak => self.weak,
            Verdict::Unsupported => self.unsupported,
        }
    }
}

/// Short badge text for a verdict.
pub fn verdict_badge(v: Verdict) -> &'static str {
    match v {
        Verdict::Supported => " OK ",
        Verdict::Weak => "WEAK",
        Verdict::Unsupported => "UNSUP",
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
