//! The help over a seat's screen (and the lobby's): paragraphs, the keys of the context,
//! and for a seat the meters explained.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::{Clear, Paragraph};

use arenas_core::engine::METERS;
use arenas_core::team::Seat;

use crate::team::keys::{self, Context};
use crate::team::seat::SeatScreen;
use crate::theme::Theme;
use crate::views::{limit, panel, wrapped_labelled};

/// The help's lines for a context: its paragraphs, then its keys, then `after`, wrapped
/// to `width`.
fn help_lines(
    t: Theme,
    paragraphs: &[&str],
    context: Context,
    after: Vec<TextLine<'static>>,
    width: u16,
) -> Vec<TextLine<'static>> {
    let mut lines = Vec::new();
    for p in paragraphs {
        lines.push(TextLine::raw(p.to_string()));
        lines.push(TextLine::raw(""));
    }
    lines.push(TextLine::styled("Keys", t.title()));
    for (label, hint) in keys::listed(context) {
        lines.push(TextLine::from(vec![
            Span::styled(format!(" {label:<6}"), t.key()),
            Span::raw(format!("  {hint}")),
        ]));
    }
    lines.push(TextLine::from(vec![
        Span::styled(" Ctrl-C", t.key()),
        Span::raw("  leave at once"),
    ]));
    lines.extend(after);
    wrapped_labelled(&lines, usize::from(width))
}

pub(super) fn help(frame: &mut Frame, area: Rect, screen: &SeatScreen, scroll: u16) {
    let t = screen.theme;
    let rect = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    let member: &[&str] = &[
        "You hold one member's seat. Set your member's order within the points the operations \
         room gave you, then commit (c). The operations room may propose an order with a note; \
         a adopts it, or you give your own. Until the week resolves you see your own figures \
         and the public meters, not the other members' figures or orders.",
        "The week resolves when every held seat has committed, or when the deadline passes: a \
         seat that has not committed holds. u takes back a commit while the week is open.",
        "Talk: t writes a message; in the talk pane, the arrows switch between the whole room \
         and your private line with the operations room.",
    ];
    let operations: &[&str] = &[
        "You hold the operations room. Divide the week's points among the members (+ and -); \
         what you do not give out stays with you for the patron's own order, on its row. On a \
         member's row, Enter on a field proposes an order to that member and n adds a note; \
         x withdraws the proposal. Members decide for themselves whether to follow it.",
        "You see every member's figures and the orders they have drafted. A seat no one holds \
         is played by the model: it carries out the proposal with the chance shown, or holds.",
        "Talk: t writes a message; in the talk pane, the arrows switch between the whole room \
         and the private line of the selected member.",
    ];
    let text = match screen.seat {
        Seat::Member(_) => member,
        Seat::Operations => operations,
    };
    let context = match screen.seat {
        Seat::Member(_) => Context::Member,
        Seat::Operations => Context::Operations,
    };
    // Every meter of the table, named and explained as in the solo game's help.
    let mut meters = vec![TextLine::raw(""), TextLine::styled("Meters", t.title())];
    for m in &METERS {
        meters.push(TextLine::from(vec![
            Span::styled(format!(" {}  ", m.name), t.title()),
            Span::raw(m.meaning),
        ]));
    }
    help_overlay(frame, rect, t, (text, context), meters, scroll);
}

/// The help over `rect`: the paragraphs of `text`, the keys of `context`, then `after`,
/// scrolled by `scroll` (at most to its last page).
pub(in crate::team) fn help_overlay(
    frame: &mut Frame,
    rect: Rect,
    t: Theme,
    (text, context): (&[&str], Context),
    after: Vec<TextLine<'static>>,
    scroll: u16,
) {
    frame.render_widget(Clear, rect);
    let block = panel(t, "Help — Esc closes", true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = help_lines(t, text, context, after, inner.width);
    let scroll = scroll.min(limit(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
