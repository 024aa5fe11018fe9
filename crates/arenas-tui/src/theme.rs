//! Colours and emphasis, in one place. The monochrome theme (for `NO_COLOR`, which the
//! runner reads) has no colour at all: selection and warnings show with bold, reverse and
//! underline.

use ratatui::style::{Color, Modifier, Style};

use arenas_core::engine::Hue;

/// The styles every view draws with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    /// The terminal colour of a meter's hue.
    pub fn hue(hue: Hue) -> Color {
        match hue {
            Hue::Cyan => Color::Cyan,
            Hue::Gray => Color::Gray,
            Hue::Red => Color::Red,
            Hue::Magenta => Color::Magenta,
            Hue::Green => Color::Green,
            Hue::Yellow => Color::Yellow,
            Hue::LightBlue => Color::LightBlue,
            Hue::Blue => Color::Blue,
        }
    }

    /// The colourful theme.
    pub const COLOUR: Theme = Theme { colour: true };
    /// The monochrome theme.
    pub const MONO: Theme = Theme { colour: false };

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Secondary text: labels, hints, units.
    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// Panel titles and headings.
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Panel borders; `focused` for the panel that takes the keys.
    pub fn border(&self, focused: bool) -> Style {
        match (self.colour, focused) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, false) => Style::new(),
        }
    }

    /// The selected row of a list or table.
    pub fn selected_row(&self) -> Style {
        if self.colour {
            Style::new().bg(Color::Rgb(40, 48, 64))
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The selected cell, the one Enter changes.
    pub fn selected_cell(&self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// Something that went well, or a value moving the good way.
    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }

    /// A warning: something close to a limit.
    pub fn warn(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// Danger: a limit crossed, a refusal, a catastrophe.
    pub fn bad(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// Entries new since the last turn.
    pub fn new_entry(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// What the log tells as the historical record, apart from the campaign's own news.
    pub fn history(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::ITALIC)
    }

    /// Key names in hints.
    pub fn key(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Black).bg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Map outlines (coasts and borders).
    pub fn land(&self) -> Color {
        if self.colour {
            Color::DarkGray
        } else {
            Color::Reset
        }
    }

    /// Colour of a front by its tension (0–100): green, yellow, orange, red.
    pub fn tension(&self, tension: f64) -> Color {
        if !self.colour {
            return Color::Reset;
        }
        match tension {
            t if t >= 75.0 => Color::Red,
            t if t >= 50.0 => Color::Rgb(255, 140, 0),
            t if t >= 25.0 => Color::Yellow,
            _ => Color::Green,
        }
    }
}
