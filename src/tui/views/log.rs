//! The event log of the campaign screen: dated entries, newest at the bottom, wrapped with
//! a hanging indent so that continuation lines start under the text, not under the date.
//! In a small panel the log not being read (focus elsewhere) shows one line per entry,
//! shortened at a word with an ellipsis, so that more entries fit; Tab shows them in full.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit, limit, panel, wrapped_all};
use crate::text::clean;
use crate::tui::app::{App, Panel, Play};
use crate::tui::layout;

/// Columns before an entry's text: the new-entry mark, the date and a space.
const INDENT: usize = 8;

/// Draws the log in its panel, scrolled back `play.log_scroll` rows from the newest.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, play: &Play) {
    let inner = layout::inner(area);
    let title = if compact(play, inner) {
        "Event log · Tab: in full"
    } else {
        "Event log"
    };
    let block = panel(app.theme, title, play.focus == Panel::Log);
    frame.render_widget(block, area);
    let lines = lines(app, play, inner);
    // Newest at the bottom; scrolling moves back in time.
    let bottom = limit(lines.len(), inner.height);
    let scroll = bottom.saturating_sub(play.log_scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// How far back the log in panel `area` scrolls.
pub fn scroll_limit(area: Rect, app: &App, play: &Play) -> u16 {
    let inner = layout::inner(area);
    limit(lines(app, play, inner).len(), inner.height)
}

/// Whether the log in a panel of inner area `inner` shows one line per entry.
fn compact(play: &Play, inner: Rect) -> bool {
    !roomy(inner) && play.focus != Panel::Log
}

/// Whether the panel has room for each entry's text under its title.
fn roomy(inner: Rect) -> bool {
    inner.width >= 50 && inner.height >= 12
}

/// The entries, wrapped to the panel's inner area (or shortened, when compact); with room,
/// each entry's text under its title.
fn lines(app: &App, play: &Play, inner: Rect) -> Vec<Line<'static>> {
    let t = app.theme;
    let wide = roomy(inner);
    let width = usize::from(inner.width);
    let compact = compact(play, inner);
    let mut lines = Vec::new();
    for e in &play.game.log() {
        let new = e.turn > play.seen_turn;
        let marker = if new {
            Span::styled("•", t.new_entry())
        } else {
            Span::raw(" ")
        };
        let title_style = match (e.historical, new) {
            (true, _) => t.history(),
            (false, true) => t.new_entry(),
            (false, false) => t.text(),
        };
        let title = clean(&e.title);
        let title = if compact {
            fit(&title, width.saturating_sub(INDENT))
                .trim_end()
                .to_owned()
        } else {
            title
        };
        lines.push(Line::from(vec![
            marker,
            Span::styled(format!("{:>6} ", e.date.day_month()), t.dim()),
            Span::styled(title, title_style),
        ]));
        if wide {
            let text = format!("{:INDENT$}{}", "", clean(&e.text));
            lines.push(Line::styled(text, t.dim()));
        }
    }
    wrapped_all(&lines, width, INDENT)
}
