//! The debrief: the outcome and what it means, the meters over the weeks, the turning
//! points, the player's orders beside history, and questions for discussion.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Wrap};

use super::{footer, panel, status};
use crate::debrief::Debrief;
use crate::engine::Meter;
use crate::tui::app::App;
use crate::tui::layout::{self, DEBRIEF_TAB_WIDTH};

const TABS: [&str; 4] = ["Outcome", "Meters", "Weeks", "Questions"];

/// Draws the debrief with tab `tab` open.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, debrief: &Debrief, tab: usize, scroll: u16) {
    let t = app.theme;
    let [head, _tabs, body, status_area, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = format!(" Debrief · {} · {}", debrief.title, debrief.outcome_title);
    frame.render_widget(Paragraph::new(Line::styled(title, t.title())), head);
    let mut spans = vec![Span::raw(" ")];
    for (i, name) in TABS.iter().enumerate() {
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
    match tab {
        0 => outcome(frame, body, app, debrief, scroll),
        1 => chart(frame, body, app, debrief),
        2 => weeks(frame, body, app, debrief, scroll),
        _ => questions(frame, body, app, debrief, scroll),
    }
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}

fn outcome(frame: &mut Frame, area: Rect, app: &App, d: &Debrief, scroll: u16) {
    let t = app.theme;
    let style = match d.outcome {
        Some(o) if o.is_catastrophe() => t.bad(),
        Some(crate::engine::Outcome::CeasefirePreserved) => t.good(),
        _ => t.warn(),
    };
    let mut lines = vec![
        Line::styled(d.outcome_title.clone(), style),
        Line::raw(d.meaning.clone()),
        Line::styled(
            format!(
                "{} of {} weeks played · seed {}",
                d.turns_played, d.turns_total, d.seed
            ),
            t.dim(),
        ),
        Line::raw(""),
        Line::styled("At the end", t.title()),
    ];
    for (m, values) in &d.series {
        if let (Some(first), Some(last)) = (values.first(), values.last()) {
            lines.push(Line::raw(format!(
                "  {:<24}{:>8}   (start {})",
                m.name(),
                m.format(*last),
                m.format(*first)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Turning points", t.title()));
    for p in &d.turning_points {
        lines.push(Line::raw(format!("  • {p}")));
    }
    scrolled_panel(frame, area, t, "Outcome", lines, scroll);
}

fn chart(frame: &mut Frame, area: Rect, app: &App, d: &Debrief) {
    let t = app.theme;
    let points: Vec<(Meter, Vec<(f64, f64)>)> = d
        .series
        .iter()
        .map(|(m, values)| {
            let scale = 100.0 / m.full_scale();
            (
                *m,
                values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64, v * scale))
                    .collect(),
            )
        })
        .collect();
    let datasets: Vec<Dataset> = points
        .iter()
        .map(|(m, data)| {
            let style = if t.colour {
                ratatui::style::Style::new().fg(Theme::hue(m.info().hue))
            } else {
                t.text()
            };
            let name = if *m == Meter::RiskDistribution {
                "Risk spread ×100".to_owned()
            } else {
                m.name().to_owned()
            };
            Dataset::default()
                .name(name)
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(style)
                .data(data)
        })
        .collect();
    let weeks = d
        .series
        .first()
        .map_or(1, |(_, v)| v.len().saturating_sub(1))
        .max(1) as f64;
    let labels: Vec<Line> = d
        .series_dates
        .iter()
        .step_by(((d.series_dates.len() / 4).max(1)).max(1))
        .map(|date| Line::raw(date.day_month()))
        .collect();
    let chart = Chart::new(datasets)
        .block(panel(t, "Meters over the weeks (0–100)", true))
        .x_axis(
            Axis::default()
                .bounds([0.0, weeks])
                .labels(labels)
                .style(t.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .style(t.dim()),
        )
        .legend_position(Some(ratatui::widgets::LegendPosition::TopRight))
        .hidden_legend_constraints((Constraint::Percentage(40), Constraint::Percentage(60)));
    frame.render_widget(chart, area);
}

fn weeks(frame: &mut Frame, area: Rect, app: &App, d: &Debrief, scroll: u16) {
    let t = app.theme;
    let mut lines = Vec::new();
    for w in &d.weeks {
        lines.push(Line::styled(
            format!("Week {} · {}", w.turn, w.date),
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
        lines.push(Line::raw(""));
    }
    scrolled_panel(
        frame,
        area,
        t,
        "Your orders beside what the axis did",
        lines,
        scroll,
    );
}

fn questions(frame: &mut Frame, area: Rect, app: &App, d: &Debrief, scroll: u16) {
    let t = app.theme;
    let mut lines = Vec::new();
    for (i, q) in d.questions.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), t.title()),
            Span::raw(q.clone()),
        ]));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "Press w to revisit why the meters moved in the last week.",
        t.dim(),
    ));
    scrolled_panel(frame, area, t, "For discussion", lines, scroll);
}

/// A titled panel of wrapped lines, scrolled.
fn scrolled_panel(
    frame: &mut Frame,
    area: Rect,
    t: crate::tui::theme::Theme,
    title: &str,
    lines: Vec<Line<'_>>,
    scroll: u16,
) {
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .block(panel(t, title, true));
    frame.render_widget(paragraph, area);
}
