//! The event log of the campaign screen: dated entries, newest at the bottom, wrapped with
//! a hanging indent so that continuation lines start under the text, not under the date.
//! No entry is ever cut. With room, each entry's text is shown under its title; in a small
//! panel only the titles are, and Tab shows the log in full (titles and texts) over the
//! other panels, until Tab gives the keys back to the orders.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{limit, panel, wrapped_all};
use crate::app::{App, Panel, Play};
use crate::layout;
use arenas_files::text::clean;

/// Columns before an entry's text: the new-entry mark, the date and a space.
const INDENT: usize = 8;

/// Where the log goes on a campaign screen laid out as `l`: its own panel, or, when it
/// has the keys and its panel has no room for the entries' texts, the panels' whole part
/// of the screen.
pub fn area(l: &layout::Campaign, play: &Play) -> Rect {
    if play.focus == Panel::Log && !roomy(layout::inner(l.log)) {
        l.body()
    } else {
        l.log
    }
}

/// Draws the log of a campaign screen laid out as `l` where [`area`] puts it, scrolled
/// back `play.log_scroll` rows from the newest.
pub fn draw(frame: &mut Frame, l: &layout::Campaign, app: &App, play: &Play) {
    let area = area(l, play);
    let inner = layout::inner(area);
    let title = if area != l.log {
        "Event log in full · Tab: back to the orders"
    } else if roomy(inner) {
        "Event log"
    } else {
        "Event log · Tab: in full"
    };
    let block = panel(app.theme, title, play.focus == Panel::Log);
    frame.render_widget(block, area);
    let lines = lines(app, play, inner);
    // Newest at the bottom; scrolling moves back in time.
    let bottom = limit(lines.len(), inner.height);
    let scroll = bottom.saturating_sub(play.log_scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// How far back the log in `area` (see [`area`]) scrolls.
pub fn scroll_limit(area: Rect, app: &App, play: &Play) -> u16 {
    let inner = layout::inner(area);
    limit(lines(app, play, inner).len(), inner.height)
}

/// Whether the panel has room for each entry's text under its title.
fn roomy(inner: Rect) -> bool {
    inner.width >= 50 && inner.height >= 12
}

/// The entries, wrapped to the inner area `inner`; with room, each entry's text under its
/// title.
fn lines(app: &App, play: &Play, inner: Rect) -> Vec<Line<'static>> {
    let t = app.theme;
    let wide = roomy(inner);
    let width = usize::from(inner.width);
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
        lines.push(Line::from(vec![
            marker,
            Span::styled(format!("{:>6} ", e.date.day_month()), t.dim()),
            Span::styled(clean(&e.title), title_style),
        ]));
        if wide {
            let text = format!("{:INDENT$}{}", "", clean(&e.text));
            lines.push(Line::styled(text, t.dim()));
        }
    }
    wrapped_all(&lines, width, INDENT)
}
