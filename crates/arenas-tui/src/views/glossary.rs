//! Glossary: the words of the game explained with the numbers of the scenario in play.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{limit, overlay_area, panel};
use crate::app::App;
use crate::layout;
use arenas_core::engine::glossary::glossary;
use arenas_files::text::clean;

/// Columns a term's explanation is indented by.
const INDENT: usize = 2;

/// Draws the glossary over the screen, scrolled by `scroll` lines (never past its end).
pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let rect = overlay_area(area);
    frame.render_widget(Clear, rect);
    let title = if app.play().is_some() {
        "Glossary of this scenario — Esc closes"
    } else {
        "Glossary — Esc closes"
    };
    let block = panel(app.theme, title, true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = lines(app, usize::from(inner.width));
    let scroll = scroll.min(limit(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// How far the glossary in overlay `rect` scrolls: to where its last line is at the
/// bottom.
pub fn scroll_limit(rect: Rect, app: &App) -> u16 {
    let inner = layout::inner(rect);
    limit(lines(app, usize::from(inner.width)).len(), inner.height)
}

/// The glossary's lines, wrapped to `width`: the scenario in play's, or a pointer to it.
fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let Some(play) = app.play() else {
        let text = wrap(
            "The glossary explains tasks, claims, points, tension, the ladders, the map marks \
             and the aims with the numbers of a campaign's scenario. Start a campaign, then \
             press g.",
            width,
            0,
        );
        return text.into_iter().map(Line::raw).collect();
    };
    let mut lines = Vec::new();
    for (i, section) in glossary(&play.game.scenario).into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(section.title, t.title()));
        for e in section.entries {
            lines.push(Line::from(Span::styled(clean(&e.term), t.key())));
            lines.extend(
                wrap(&clean(&e.text), width, INDENT)
                    .into_iter()
                    .map(Line::raw),
            );
        }
    }
    lines
}

/// Text broken at spaces into lines of at most `width` columns, each indented by
/// `indent`; a word wider than a line stands alone on its own.
fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let room = width.saturating_sub(indent).max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > room {
            lines.push(format!("{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("{pad}{line}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_at_spaces_with_an_indent() {
        assert_eq!(
            wrap("one two three four", 9, 2),
            ["  one two", "  three", "  four"]
        );
        assert_eq!(wrap("unbreakable", 4, 0), ["unbreakable"]);
        assert!(wrap("", 10, 2).is_empty());
    }
}
