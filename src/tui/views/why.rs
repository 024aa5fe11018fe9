//! Why: the last resolution's explanation of every meter, as factors with their rule ids
//! and the principles they illustrate. The teaching core of the game.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{change_style, fit, overlay_area, panel};
use crate::engine::{Meter, Sum};
use crate::text::clean;
use crate::tui::app::App;

/// Draws the explanation of meter number `selected` over the screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize, scroll: u16) {
    let t = app.theme;
    let rect = overlay_area(area);
    frame.render_widget(Clear, rect);
    let Some(play) = app.play() else { return };
    let last = play.game.turns.last();
    let title = match last {
        Some(turn) => format!(
            "Why the meters moved in week {} ({})",
            turn.turn,
            play.game.scenario.calendar.date_of(turn.turn)
        ),
        None => "Why the meters move".to_owned(),
    };
    let block = panel(t, &title, true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [tabs, body] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);

    let meter = Meter::ALL[selected % Meter::ALL.len()];
    let mut spans = Vec::new();
    for (i, m) in Meter::ALL.iter().enumerate() {
        let label = if inner.width >= 110 {
            format!(" {} ", m.name())
        } else {
            m.short_name().to_owned()
        };
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(if i == selected {
            Span::styled(label, t.selected_cell())
        } else {
            Span::styled(label, t.dim())
        });
    }
    frame.render_widget(Paragraph::new(vec![Line::from(spans)]), tabs);

    let Some(turn) = last else {
        let text = "No turn has been resolved yet. Give your orders and press c: then this view shows \
                    every change of every meter as a sum of named factors, each tied to a rule of the \
                    scenario and to a principle of the operations room.";
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), body);
        return;
    };
    let x = turn.report.meter(meter);
    let mut lines = Vec::new();
    let delta = x.after - x.before;
    let headline = match x.sum {
        Sum::Change => format!(
            "{}: {} → {}  ({}{})",
            meter.name(),
            meter.format(x.before),
            meter.format(x.after),
            if delta >= 0.0 { "+" } else { "−" },
            meter.format(delta.abs())
        ),
        Sum::Composition => format!(
            "{} = {}, the sum of the factors below",
            meter.name(),
            meter.format(x.after)
        ),
    };
    lines.push(Line::styled(headline, t.title()));
    lines.push(Line::styled(meter.info().meaning, t.dim()));
    lines.push(Line::raw(""));
    let largest = x
        .factors
        .iter()
        .map(|f| f.value.abs())
        .fold(0.0, f64::max)
        .max(1e-9);
    let bar_w = if body.width >= 100 { 16 } else { 8 };
    let label_w = usize::from(body.width).saturating_sub(bar_w + 10 + 2);
    for f in &x.factors {
        let sign = if f.value >= 0.0 { '+' } else { '−' };
        let amount = format!(
            "{sign}{:>7}",
            meter.format(f.value.abs()).trim_end_matches('%')
        );
        let filled = ((f.value.abs() / largest) * bar_w as f64).round() as usize;
        let bar = format!("{:<bar_w$}", "█".repeat(filled.max(1)));
        let style = match x.sum {
            Sum::Change => change_style(t, f.value, meter.higher_is_better()),
            Sum::Composition if f.rule.ends_with(".base") || f.rule == "risk.evenness" => t.text(),
            Sum::Composition => change_style(t, f.value, meter.higher_is_better()),
        };
        lines.push(Line::from(vec![
            Span::styled(amount, style),
            Span::raw(" "),
            Span::styled(bar, style),
            Span::raw(" "),
            Span::raw(fit(&clean(&f.label), label_w)),
        ]));
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(10 + bar_w)),
            Span::styled(
                format!("rule {} · {}", clean(&f.rule), f.principle.statement()),
                t.dim(),
            ),
        ]));
    }
    if x.factors.is_empty() {
        lines.push(Line::styled("Nothing moved this meter.", t.dim()));
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
}
