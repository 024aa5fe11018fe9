//! Why: the last resolution's explanation of every meter, as factors with their rule ids
//! and the principles they illustrate, grouped by the members' orders that caused them.
//! The teaching core of the game.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{change_style, limit, overlay_area, panel, shorten, wrap};
use crate::app::{App, Play};
use crate::layout;
use crate::theme::Theme;
use arenas_core::engine::{
    Factor, Members, Meter, Order, Scenario, Sum, TrackExplanation, UsTrack, order_summary,
    us_entry,
};
use arenas_files::text::clean;

/// Draws the explanation of meter number `selected` over the screen, scrolled by `scroll`
/// lines.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize, scroll: u16) {
    let t = app.theme;
    let rect = overlay_area(area);
    frame.render_widget(Clear, rect);
    let Some(play) = app.play() else { return };
    let block = panel(t, &title(play), true);
    frame.render_widget(block, rect);
    let (tabs, body) = parts(app, play, rect, selected);
    frame.render_widget(Paragraph::new(tabs.1), tabs.0);
    frame.render_widget(Paragraph::new(body.1).scroll((scroll, 0)), body.0);
}

/// How far the explanation of meter number `selected` in overlay `rect` scrolls: to where
/// its last line is at the bottom.
pub fn scroll_limit(rect: Rect, app: &App, selected: usize) -> u16 {
    let Some(play) = app.play() else { return 0 };
    let (_, (body, lines)) = parts(app, play, rect, selected);
    limit(lines.len(), body.height)
}

/// Lines and the area they go in.
type Part = (Rect, Vec<Line<'static>>);

/// The overlay's title: the turn explained.
fn title(play: &Play) -> String {
    match play.game.turns.last() {
        Some(turn) => format!(
            "Why the meters moved in {} ({}), by the orders behind them",
            play.game.scenario.calendar.unit().label(turn.turn),
            play.game.scenario.calendar.date_of(turn.turn)
        ),
        None => "Why the meters move".to_owned(),
    }
}

/// The meter tabs and the explanation, each with the area it goes in inside overlay `rect`.
fn parts(app: &App, play: &Play, rect: Rect, selected: usize) -> (Part, Part) {
    let inner = layout::inner(rect);
    let tabs = tab_lines(app.theme, &play.game.scenario, selected, inner.width);
    let rows = u16::try_from(tabs.len() + 1).unwrap_or(u16::MAX);
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(rows), Constraint::Fill(1)]).areas(inner);
    let lines = body_lines(app.theme, play, selected, body.width);
    ((tabs_area, tabs), (body, lines))
}

/// The meter tabs, the selected one highlighted, on as many rows of `width` as they need:
/// full names when there is room, else the short names.
fn tab_lines(t: Theme, sc: &Scenario, selected: usize, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines: Vec<Line<'static>> = vec![Line::default()];
    for (i, m) in Meter::ALL.iter().enumerate() {
        let label = if width >= 110 {
            format!(" {} ", sc.meter_name(*m))
        } else {
            sc.meter_short(*m)
        };
        let style = if i == selected {
            t.selected_cell()
        } else {
            t.dim()
        };
        let row = lines.last_mut().expect("one row at least");
        if row.width() > 0 && row.width() + 1 + label.width() > width {
            lines.push(Line::default());
        }
        let row = lines.last_mut().expect("one row at least");
        if row.width() > 0 {
            row.push_span(Span::raw(" "));
        }
        row.push_span(Span::styled(label, style));
    }
    lines
}

/// The explanation of meter number `selected` in the last turn, for a body `width` wide.
fn body_lines(t: Theme, play: &Play, selected: usize, width: u16) -> Vec<Line<'static>> {
    let meter = Meter::ALL[selected % Meter::ALL.len()];
    let Some(turn) = play.game.turns.last() else {
        let text = "No turn has been resolved yet. Give your orders and press c: then this view shows \
                    every change of every meter as a sum of named factors, each tied to a rule of the \
                    scenario and to a principle of the operations room.";
        return wrap(&Line::raw(text), usize::from(width), 0);
    };
    let x = turn.report.meter(meter);
    let sc = &play.game.scenario;
    let width = usize::from(width);
    let headline = match x.sum {
        Sum::Change => format!(
            "{}: {} → {}  ({})",
            sc.meter_name(meter),
            meter.format(x.before),
            meter.format(x.after),
            meter.format_change(x.after - x.before)
        ),
        Sum::Composition => format!(
            "{} = {}, the sum of the factors below",
            sc.meter_name(meter),
            meter.format(x.after)
        ),
        Sum::Derived => {
            let e = us_entry(sc, play.game.state());
            let name = sc.meter_name(meter);
            let value = meter.format(e.chance);
            if e.low < e.high {
                format!(
                    "{name} = {value} (range {}–{}), from the escalation track's chance below",
                    meter.format(e.low),
                    meter.format(e.high)
                )
            } else if e.chance > 0.0 {
                format!(
                    "{name} = {value}: the US has entered the war, climbing its escalation track"
                )
            } else {
                format!("{name} = {value}: the US can no longer enter the war in this campaign")
            }
        }
    };
    let mut lines = wrap(&Line::styled(headline, t.title()), width, 2);
    lines.extend(wrap(&Line::styled(meter.info().meaning, t.dim()), width, 0));
    if x.sum == Sum::Derived {
        // Each track's chance in the turn explained, the escalation track first: its top
        // is the entry the headline counts.
        for track in [UsTrack::Escalation, UsTrack::Forces] {
            let tx = turn.report.track(track);
            lines.push(Line::raw(""));
            lines.extend(wrap(
                &Line::styled(track_heading(sc, turn.turn, tx), t.title()),
                width,
                2,
            ));
            lines.extend(factor_lines(
                t,
                sc,
                &turn.orders,
                meter,
                &tx.factors,
                true,
                width,
            ));
        }
        return lines;
    }
    lines.extend(factor_lines(
        t,
        sc,
        &turn.orders,
        meter,
        &x.factors,
        x.sum == Sum::Change,
        width,
    ));
    if x.factors.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Nothing moved this meter.", t.dim()));
    }
    lines
}

/// The heading of one US track's explanation: its rungs and its chance of a step in the
/// turn explained, or in words why it could not move.
fn track_heading(sc: &Scenario, turn: u16, x: &TrackExplanation) -> String {
    let (climbed, count) = x.rungs;
    let when = sc.calendar.unit().label(turn);
    let rungs = match usize::from(climbed) {
        0 => format!("{}: {climbed}/{count}", x.track.name()),
        c => format!(
            "{}: {climbed}/{count} ({})",
            x.track.name(),
            sc.us_track(x.track)
                .nth(c - 1)
                .map_or("", |i| sc.us_ladder[i].name.as_str())
        ),
    };
    if count == 0 {
        format!(
            "{}: the scenario's US has no rungs on it, so it cannot move.",
            x.track.name()
        )
    } else if x.at_top() {
        format!("{rungs} · at its top rung: it could not climb in {when}.",)
    } else {
        format!(
            "{rungs} · its chance of a step in {when}, {}, is the sum of the factors below",
            Meter::UsEntry.format(x.chance)
        )
    }
}

/// Factors grouped by the members whose orders caused them, each with a bar counted in
/// the meter's own points; `signed` colours every factor by its direction, else bases and
/// the evenness term (the level's starting points) are drawn plain.
fn factor_lines(
    t: Theme,
    sc: &Scenario,
    orders: &[Order],
    meter: Meter,
    factors: &[Factor],
    signed: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    // A bar counts the meter's own points, one cell for each CELL of its full scale, so a
    // small factor draws a small bar whatever else moved the meter.
    let cell = (meter.full_scale() * CELL).max(1e-9);
    let bar_w = if width >= 100 { 16 } else { 8 };
    let label_w = width.saturating_sub(bar_w + 10 + 2);
    // A factor that shows as zero at the meter's precision is not drawn, only counted.
    let shown: Vec<&Factor> = factors.iter().filter(|f| shows(meter, f.value)).collect();
    let unshown = factors.len() - shown.len();
    // Factors grouped by the members whose orders caused them: one member's orders first,
    // in the order of the table, then those several members caused together, then the rest.
    let mut groups: Vec<Members> = shown.iter().map(|f| f.members).collect();
    groups.sort_by_key(|&g| (g == 0, g.count_ones() > 1, g.trailing_zeros(), g));
    groups.dedup();
    for group in groups {
        let members: Vec<&Factor> = shown
            .iter()
            .copied()
            .filter(|f| f.members == group)
            .collect();
        let total: f64 = members.iter().map(|f| f.value).sum();
        lines.push(Line::raw(""));
        let heading = shorten(&group_heading(sc, orders, group), label_w + bar_w + 2);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>8}  ", meter.format_change(total)), t.title()),
            Span::styled(heading, t.title()),
        ]));
        for f in members {
            let filled = ((f.value.abs() / cell).round() as usize).clamp(1, bar_w);
            let bar = format!("{:<bar_w$}", "█".repeat(filled));
            let plain = !signed && (f.rule.ends_with(".base") || f.rule == "risk.evenness");
            let style = if plain {
                t.text()
            } else {
                change_style(t, f.value, meter.higher_is_better())
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:>8}", meter.format_change(f.value)), style),
                Span::raw("  "),
                Span::styled(bar, style),
                Span::raw(" "),
                Span::raw(shorten(&clean(&f.label), label_w)),
            ]));
            // The rule and the principle whole, wrapped under the label.
            let rule = Line::styled(
                format!("rule {} · {}", clean(&f.rule), f.principle.statement()),
                t.dim(),
            );
            let pad = " ".repeat(10 + bar_w + 1);
            for mut line in wrap(&rule, label_w.max(8), 2) {
                line.spans.insert(0, Span::raw(pad.clone()));
                lines.push(line);
            }
        }
    }
    if unshown > 0 {
        lines.push(Line::raw(""));
        let what = if unshown == 1 {
            "1 more factor rounds to zero and is not drawn.".to_owned()
        } else {
            format!("{unshown} more factors round to zero and are not drawn.")
        };
        lines.push(Line::styled(what, t.dim()));
    }
    lines
}

/// Share of a meter's full scale one cell of a factor's bar stands for.
const CELL: f64 = 0.01;

/// Whether a change shows as other than zero at the meter's precision.
fn shows(meter: Meter, value: f64) -> bool {
    meter
        .format_change(value)
        .chars()
        .any(|c| c.is_ascii_digit() && c != '0')
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
