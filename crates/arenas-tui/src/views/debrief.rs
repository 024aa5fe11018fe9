//! The debrief: the outcome and what it means, the meters over the weeks, the turning
//! points, the player's orders beside history, and questions for discussion.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Segment};
use ratatui::widgets::{Paragraph, Widget};

use super::{fit, footer, limit, panel, status, status_rows, wrap, wrapped_labelled};
use crate::app::{App, CHART_TAB};
use crate::layout::{self, DEBRIEF_TAB_WIDTH};
use crate::theme::Theme;
use arenas_core::engine::Meter;
use arenas_report::debrief::{Debrief, percent};

/// Draws the debrief with tab `tab` open, scrolled `scroll` rows, its chart on meter
/// `meter`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    debrief: &Debrief,
    (tab, scroll, meter): (usize, u16, usize),
) {
    let t = app.theme;
    let [head, body, status_area, footer_area] = parts(area, app);
    let clean = arenas_files::text::clean;
    let title = format!(
        " Debrief · {} · {}",
        clean(&debrief.title),
        clean(&debrief.outcome_title)
    );
    let head_text = fit(&title, usize::from(head.width));
    frame.render_widget(Paragraph::new(Line::styled(head_text, t.title())), head);
    let mut spans = vec![Span::raw(" ")];
    let turns = debrief.unit.plural_heading();
    for (i, name) in ["Outcome", "Meters", &turns, "Questions"]
        .iter()
        .enumerate()
    {
        let label = format!("{:^w$}", name, w = usize::from(DEBRIEF_TAB_WIDTH) - 1);
        spans.push(if i == tab {
            Span::styled(label, t.selected_cell())
        } else {
            Span::styled(label, t.dim())
        });
        spans.push(Span::raw(" "));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        layout::debrief_tabs(area),
    );
    if tab == CHART_TAB {
        chart(frame, body, t, debrief, meter);
    } else {
        let (title, lines) = text(t, debrief, tab);
        let block = panel(t, title, true);
        let inner = block.inner(body);
        let lines = wrapped_labelled(&lines, usize::from(inner.width));
        let scroll = scroll.min(limit(lines.len(), inner.height));
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), body);
    }
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}

/// The head line, the tab body, the status line and the key line (the tab bar is at
/// [`layout::debrief_tabs`]).
fn parts(area: Rect, app: &App) -> [Rect; 4] {
    let [head, _tabs, body, status_area, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status_rows(app, area.width)),
        Constraint::Length(1),
    ])
    .areas(area);
    [head, body, status_area, footer_area]
}

/// How far text tab `tab` scrolls on a screen `area` large (the chart does not scroll).
pub fn scroll_limit(area: Rect, app: &App, debrief: &Debrief, tab: usize) -> u16 {
    if tab == CHART_TAB {
        return 0;
    }
    let inner = layout::inner(parts(area, app)[1]);
    let (_, lines) = text(app.theme, debrief, tab);
    limit(
        wrapped_labelled(&lines, usize::from(inner.width)).len(),
        inner.height,
    )
}

/// The title and lines (unwrapped) of a text tab.
fn text(t: Theme, d: &Debrief, tab: usize) -> (&'static str, Vec<Line<'static>>) {
    match tab {
        0 => ("Outcome", outcome(t, d)),
        2 => ("Your orders beside what the axis did", weeks(t, d)),
        _ => ("For discussion", questions(t, d)),
    }
}

fn outcome(t: Theme, d: &Debrief) -> Vec<Line<'static>> {
    let style = match d.outcome {
        Some(o) if o.is_catastrophe() => t.bad(),
        Some(arenas_core::engine::Outcome::CeasefirePreserved) => t.good(),
        _ => t.warn(),
    };
    let mut lines = vec![
        Line::styled(d.outcome_title.clone(), style),
        Line::raw(d.meaning.clone()),
        Line::styled(
            format!(
                "{} of {} played · seed {}",
                d.turns_played,
                d.unit.count(usize::from(d.turns_total)),
                d.seed
            ),
            t.dim(),
        ),
    ];
    lines.extend(classwork(t, d));
    lines.push(Line::raw(""));
    lines.push(Line::styled("At the end", t.title()));
    for (m, values) in &d.series {
        if let (Some(first), Some(last)) = (values.first(), values.last()) {
            lines.push(Line::raw(format!(
                "  {:<24}{:>8}   (start {})",
                d.meter_name(*m),
                m.format(*last),
                m.format(*first)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("The ceasefire", t.title()));
    let chances = &d.ceasefire;
    if let (Some(first), Some(last)) = (chances.first(), chances.last()) {
        let peak = chances.iter().copied().fold(0.0, f64::max);
        lines.push(Line::from(vec![
            Span::raw(format!("  chance each {}  ", d.unit.noun)),
            Span::styled(
                super::campaign::sparkline(chances, peak.max(1.0), chances.len()),
                t.warn(),
            ),
            Span::raw(format!(
                "  {} at the start, {} at the end, peak {}",
                percent(*first),
                percent(*last),
                percent(peak)
            )),
        ]));
    }
    lines.push(Line::raw(d.ceasefire_story.clone()));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Turning points", t.title()));
    for p in &d.turning_points {
        lines.push(Line::from(vec![
            Span::raw("  • "),
            Span::raw(p.to_string()),
        ]));
    }
    lines
}

/// What the outcome tab says of the player's predictions and, for a campaign played with the
/// forecast off, of what it would have said (shown week by week under the weeks' tab).
fn classwork(t: Theme, d: &Debrief) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let weeks = d.unit.plural_heading();
    if let Some(summary) = d.predictions_summary() {
        lines.push(Line::styled(
            format!("{summary} The {weeks} tab shows each."),
            t.text(),
        ));
    }
    if let Some(h) = &d.hindsight {
        let own = d.weeks.iter().filter(|w| !w.prepared).count();
        let progress = match &h.failed {
            Some(why) => format!(" It could not be worked out: {why}."),
            None if h.said.len() < own => format!(
                " Worked out so far: {} of {}.",
                h.said.len(),
                d.unit.count(own)
            ),
            None => String::new(),
        };
        lines.push(Line::styled(
            format!(
                "The forecast was off in this campaign: the {weeks} tab shows what it would \
                 have said of each {}'s orders.{progress}",
                d.unit.noun
            ),
            t.text(),
        ));
    }
    lines
}

/// Rows under the chart: the axis and the dates.
const AXIS_ROWS: u16 = 2;

/// The meters over the weeks, one at a time: a list of the meters (the legend: ↑↓ pick
/// one) beside the chart of the one picked, on its own scale, dated at its own weeks.
fn chart(frame: &mut Frame, area: Rect, t: Theme, d: &Debrief, meter: usize) {
    let block = panel(t, &format!("Meters over the {}", d.unit.plural), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some((m, values)) = d.series.get(meter % d.series.len().max(1)) else {
        return;
    };
    let wide = inner.width >= 110;
    let name_w = if wide { 22 } else { 11 };
    let list_w = (name_w + 12).min(inner.width / 2);
    let [list, _, right] = Layout::horizontal([
        Constraint::Length(list_w),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let mut rows: Vec<Line> = d
        .series
        .iter()
        .enumerate()
        .map(|(i, (m, values))| {
            let name = if wide {
                d.meter_name(*m)
            } else {
                d.meter_short(*m)
            };
            let last = values.last().map_or_else(String::new, |v| m.format(*v));
            let text = format!(
                "{} {}{:>8}",
                if i == meter { '▸' } else { ' ' },
                fit(name, usize::from(name_w)),
                last
            );
            let style = match (i == meter, t.colour) {
                (true, _) => t.selected_cell(),
                (false, true) => Style::new().fg(Theme::hue(m.info().hue)),
                (false, false) => t.text(),
            };
            Line::styled(text, style)
        })
        .collect();
    rows.push(Line::raw(""));
    rows.push(Line::styled("↑↓ another meter", t.dim()));
    frame.render_widget(Paragraph::new(rows), list);

    let (first, last) = (values.first().copied(), values.last().copied());
    let head = match (first, last) {
        (Some(a), Some(b)) => format!(
            "{}: {} → {}. {}",
            d.meter_name(*m),
            m.format(a),
            m.format(b),
            m.info().meaning
        ),
        _ => m.name().to_owned(),
    };
    let head = wrap(&Line::styled(head, t.title()), usize::from(right.width), 0);
    let head_rows = u16::try_from(head.len())
        .unwrap_or(u16::MAX)
        .min(right.height / 3);
    let [head_area, graph_area] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Fill(1)]).areas(right);
    frame.render_widget(Paragraph::new(head), head_area);
    let colour = if t.colour {
        Theme::hue(m.info().hue)
    } else {
        ratatui::style::Color::Reset
    };
    plot(frame.buffer_mut(), graph_area, t, *m, values, colour, d);
}

/// A nice top for a scale that shows `max`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_top(max: f64, full_scale: f64) -> f64 {
    let want = (max * 1.1).max(full_scale / 100.0);
    let power = 10f64.powf(want.log10().floor());
    let top = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|k| k * power)
        .find(|top| *top >= want)
        .unwrap_or(10.0 * power);
    top.min(full_scale)
}

/// The line of one meter's values in `area`: a y axis with three labels on the left, the
/// weeks' ticks and dates below.
fn plot(
    buf: &mut Buffer,
    area: Rect,
    t: Theme,
    m: Meter,
    values: &[f64],
    colour: ratatui::style::Color,
    d: &Debrief,
) {
    if area.height < AXIS_ROWS + 2 || values.is_empty() {
        return;
    }
    let max = values.iter().copied().fold(0.0, f64::max);
    let top = nice_top(max, m.full_scale());
    let labels = [top, top / 2.0, 0.0].map(|v| m.format(v));
    // The labels, then a space before the axis.
    let label_w = labels.iter().map(|l| l.len()).max().unwrap_or(1) as u16 + 1;
    let graph = Rect::new(
        area.x + label_w + 1,
        area.y,
        area.width.saturating_sub(label_w + 2),
        area.height - AXIS_ROWS,
    );
    if graph.width < 4 {
        return;
    }
    let dim = t.dim();
    for (row, label) in [
        (graph.y, &labels[0]),
        (graph.y + graph.height / 2, &labels[1]),
        (graph.bottom() - 1, &labels[2]),
    ] {
        buf.set_string(
            area.x,
            row,
            format!("{label:>w$} ", w = usize::from(label_w - 1)),
            dim,
        );
        buf.set_string(area.x + label_w, row, "┤", dim);
    }
    for row in graph.y..graph.bottom() {
        if buf[(area.x + label_w, row)].symbol() == " " {
            buf.set_string(area.x + label_w, row, "│", dim);
        }
    }
    let n = values.len();
    let span = (n.max(2) - 1) as f64;
    Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, span])
        .y_bounds([0.0, top])
        .paint(|ctx| {
            for (i, pair) in values.windows(2).enumerate() {
                let (a, b) = (pair[0].min(top), pair[1].min(top));
                ctx.draw(&Segment::new(i as f64, a, (i + 1) as f64, b, colour));
            }
            if n == 1 {
                ctx.print(0.0, values[0].min(top), "•");
            }
        })
        .render(graph, buf);
    // The axis, a tick at every dated week, and the dates under their ticks.
    let axis_y = graph.bottom();
    buf.set_string(area.x + label_w, axis_y, "└", dim);
    buf.set_string(graph.x, axis_y, "─".repeat(usize::from(graph.width)), dim);
    let column = |i: usize| -> u16 {
        let dots = f64::from(graph.width) * 2.0 - 1.0;
        graph.x + ((i as f64 * dots / span).round() as u16) / 2
    };
    for (i, x, label) in date_labels(d, n, graph, column) {
        buf.set_string(column(i), axis_y, "┬", dim);
        buf.set_string(x, axis_y + 1, &label, dim);
    }
}

/// The weeks to date under the chart, as (week, column of the label, label): the first
/// and the last always, and others evenly between as far as they fit apart.
fn date_labels(
    d: &Debrief,
    n: usize,
    graph: Rect,
    column: impl Fn(usize) -> u16,
) -> Vec<(usize, u16, String)> {
    let label = |i: usize| {
        d.series_dates
            .get(i)
            .map_or_else(String::new, |date| date.day_month())
    };
    let place = |i: usize| -> (usize, u16, String) {
        let text = label(i);
        let w = text.chars().count() as u16;
        let x = column(i)
            .saturating_sub(w / 2)
            .clamp(graph.x, graph.right().saturating_sub(w).max(graph.x));
        (i, x, text)
    };
    let last = n.saturating_sub(1);
    for step in 1..=last.max(1) {
        let mut weeks: Vec<usize> = (0..last).step_by(step).collect();
        weeks.push(last);
        weeks.dedup();
        let placed: Vec<_> = weeks.into_iter().map(place).collect();
        let apart = placed
            .windows(2)
            .all(|p| p[0].1 + p[0].2.chars().count() as u16 + 2 <= p[1].1);
        if apart {
            return placed;
        }
    }
    vec![place(0), place(last)]
        .into_iter()
        .take(if last == 0 { 1 } else { 2 })
        .collect()
}

fn weeks(t: Theme, d: &Debrief) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for w in &d.weeks {
        lines.push(Line::styled(
            format!("{} · {}", d.unit.title(w.turn), w.date),
            t.title(),
        ));
        lines.push(Line::from(vec![
            Span::styled("  You:     ", t.dim()),
            Span::raw(w.player.clone()),
        ]));
        lines.push(Line::from(vec![
            Span::styled("  History: ", t.dim()),
            Span::raw(w.historical.clone()),
        ]));
        lines.push(Line::from(vec![
            Span::styled("  Note:    ", t.dim()),
            Span::styled(w.note.clone(), t.text()),
        ]));
        for (label, text) in d.week_notes(w.turn) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<9}", format!("{label}:")), t.dim()),
                Span::raw(text),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

fn questions(t: Theme, d: &Debrief) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, q) in d.questions.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), t.title()),
            Span::raw(q.clone()),
        ]));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        format!(
            "Press w to revisit why the meters moved in the last {}.",
            d.unit.noun
        ),
        t.dim(),
    ));
    lines
}
