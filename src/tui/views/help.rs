//! Help: the keys (from the binding table) and what the meters mean.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{limit, overlay_area, panel, wrapped_labelled};
use crate::tui::keys::BINDINGS;
use crate::tui::layout;
use crate::tui::theme::Theme;

/// Draws the help overlay.
pub fn draw(frame: &mut Frame, area: Rect, theme: Theme, scroll: u16) {
    let rect = overlay_area(area);
    frame.render_widget(Clear, rect);
    let block = panel(theme, "Help — Esc closes", true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = wrapped_labelled(&lines(theme), usize::from(inner.width));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// How far the help in overlay `rect` scrolls.
pub fn scroll_limit(rect: Rect, theme: Theme) -> u16 {
    let inner = layout::inner(rect);
    let lines = wrapped_labelled(&lines(theme), usize::from(inner.width));
    limit(lines.len(), inner.height)
}

/// The help's lines, unwrapped.
fn lines(theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            "You are the joint operations room. Each turn, give every member an order —",
            theme.text(),
        ),
        Line::styled(
            "front, task, intensity 1–3, claimed or deniable — then commit the turn.",
            theme.text(),
        ),
        Line::styled(
            "Press g for the glossary: what each task does, costs and risks, claim and deny, \
             points, front tension, the ladders, the map marks and the aims, with the numbers \
             of the scenario in play. The line under the orders explains the selected field.",
            theme.dim(),
        ),
        Line::raw(""),
        Line::styled("Keys", theme.title()),
    ];
    let mut seen = Vec::new();
    for b in BINDINGS.iter().filter(|b| !b.keys.is_empty()) {
        let key = (b.label, b.hint);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<7}", b.label), theme.key()),
            Span::raw(format!("  {}", b.hint)),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(" Ctrl-C ", theme.key()),
        Span::raw("  leave at once"),
    ]));
    lines.push(Line::from(vec![
        Span::styled(" mouse  ", theme.key()),
        Span::raw("  a click selects a row or field"),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Meters", theme.title()));
    for (name, what) in [
        (
            "Ambiguity",
            "how unsure adversaries are of Tehran's hand; deniable acts by autonomous members raise it",
        ),
        (
            "Risk spread",
            "how evenly exposure falls on the members; concentration draws the response onto one",
        ),
        (
            "US intervention",
            "this turn's chance that the US climbs a rung: warnings, strikes on militias, on Hizballah, on Iran",
        ),
        (
            "Escalation",
            "the ladder; it settles with restraint, less easily the higher it is; its top is regional war",
        ),
        (
            "Hamas capacity",
            "worn down by Israel's operation, less when other fronts divert it",
        ),
        (
            "Intl. pressure",
            "builds with the operation's toll; drives the chance of a ceasefire",
        ),
        (
            "Axis cohesion",
            "falls when Gaza bleeds alone or members strain at home; rises with collective action",
        ),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!(" {name:<16}"), theme.title()),
            Span::raw(what),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Win: a ceasefire while Hamas keeps its capacity and the US stays out. Lose: US confrontation, regional war, a fractured axis, or a degraded Hamas. The line under the header gives the verdict: on track, at risk or failing, and why.",
        theme.dim(),
    ));
    lines
}
