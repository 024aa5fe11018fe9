//! Why: the last resolution's explanation of every meter, as factors with their rule ids
//! and the principles they illustrate, grouped by the members' orders that caused them.
//! The teaching core of the game.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{change_style, overlay_area, panel, shorten};
use crate::engine::{Factor, Members, Meter, Order, Scenario, Sum, order_summary};
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
            "Why the meters moved in {} ({}), by the orders behind them",
            play.game.scenario.calendar.unit().label(turn.turn),
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
    let sc = &play.game.scenario;
    let mut lines = Vec::new();
    let headline = match x.sum {
        Sum::Change => format!(
            "{}: {} → {}  ({})",
            meter.name(),
            meter.format(x.before),
            meter.format(x.after),
            meter.format_change(x.after - x.before)
        ),
        Sum::Composition => format!(
            "{} = {}, the sum of the factors below",
            meter.name(),
            meter.format(x.after)
        ),
    };
    lines.push(Line::styled(headline, t.title()));
    lines.push(Line::styled(meter.info().meaning, t.dim()));
    let largest = x
        .factors
        .iter()
        .map(|f| f.value.abs())
        .fold(0.0, f64::max)
        .max(1e-9);
    let bar_w = if body.width >= 100 { 16 } else { 8 };
    let label_w = usize::from(body.width).saturating_sub(bar_w + 10 + 2);
    // Factors grouped by the members whose orders caused them: one member's orders first,
    // in the order of the table, then those several members caused together, then the rest.
    let mut groups: Vec<Members> = x.factors.iter().map(|f| f.members).collect();
    groups.sort_by_key(|&g| (g == 0, g.count_ones() > 1, g.trailing_zeros(), g));
    groups.dedup();
    for group in groups {
        let factors: Vec<&Factor> = x.factors.iter().filter(|f| f.members == group).collect();
        let total: f64 = factors.iter().map(|f| f.value).sum();
        lines.push(Line::raw(""));
        let heading = shorten(&group_heading(sc, &turn.orders, group), label_w + bar_w + 2);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>8}  ", meter.format_change(total)), t.title()),
            Span::styled(heading, t.title()),
        ]));
        for f in factors {
            let filled = ((f.value.abs() / largest) * bar_w as f64).round() as usize;
            let bar = format!("{:<bar_w$}", "█".repeat(filled.max(1)));
            let style = match x.sum {
                Sum::Change => change_style(t, f.value, meter.higher_is_better()),
                Sum::Composition if f.rule.ends_with(".base") || f.rule == "risk.evenness" => {
                    t.text()
                }
                Sum::Composition => change_style(t, f.value, meter.higher_is_better()),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:>8}", meter.format_change(f.value)), style),
                Span::raw("  "),
                Span::styled(bar, style),
                Span::raw(" "),
                Span::raw(shorten(&clean(&f.label), label_w)),
            ]));
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(10 + bar_w + 1)),
                Span::styled(
                    shorten(
                        &format!("rule {} · {}", clean(&f.rule), f.principle.statement()),
                        label_w,
                    ),
                    t.dim(),
                ),
            ]));
        }
    }
    if x.factors.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Nothing moved this meter.", t.dim()));
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
}

/// The heading of a group of factors: the order of the member behind them, the members
/// who caused them together, or nobody's order.
fn group_heading(sc: &Scenario, orders: &[Order], group: Members) -> String {
    let members: Vec<usize> = (0..sc.factions.len())
        .filter(|i| group & (1 << i) != 0)
        .collect();
    match members.as_slice() {
        [] => "Not from an order: events, the world and the meter's own course".to_owned(),
        [one] => {
            let order = orders.get(*one).copied().unwrap_or(Order::HOLD);
            if order.is_active() {
                clean(&order_summary(sc, *one, &order))
            } else {
                format!("{}: holds", clean(&sc.factions[*one].short))
            }
        }
        several if several.len() == sc.factions.len() => "Together: every member".to_owned(),
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|&i| clean(&sc.factions[i].short))
                .collect();
            format!("Together: {}", names.join(", "))
        }
    }
}
