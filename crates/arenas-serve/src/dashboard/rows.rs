//! The dashboard's drawing of students: the class table, one student's view, and how long
//! ago each was last heard from.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row as TableRow, Table, TableState, Wrap};

use super::MIXED;
use crate::class::{Row, mixed_scripts};

/// The table of the class, the row `selected` highlighted.
pub(super) fn class_table(frame: &mut Frame, area: Rect, rows: &[Row], selected: Option<usize>) {
    let now = Instant::now();
    let body: Vec<TableRow> = rows.iter().map(|r| student_row(r, now)).collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(9),
        Constraint::Length(12),
        Constraint::Length(16),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Min(14),
        Constraint::Length(9),
    ];
    let head = TableRow::new([
        "student", "online", "scenario", "turn", "ambig.", "US entry", "capacity", "outcome",
        "last key",
    ])
    .style(Style::new().add_modifier(Modifier::BOLD));
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(
        Table::new(body, widths)
            .header(head)
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
            .block(Block::new().borders(Borders::TOP).title(" Class ")),
        area,
        &mut state,
    );
}

/// The essentials of one student's screen, as their session last reported them.
pub(super) fn student_view(frame: &mut Frame, area: Rect, row: &Row) {
    let mut lines = vec![Line::styled(
        format!(
            "{} · {} · {}{}",
            row.name,
            if row.connected { "online" } else { "offline" },
            if row.scenario.is_empty() {
                String::new()
            } else {
                format!("{} · ", row.scenario)
            },
            row.turn
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if !row.outcome.is_empty() {
        lines.push(Line::raw(format!("Outcome: {}", row.outcome)));
    }
    if row.detail.is_empty() {
        lines.push(Line::raw("No campaign open since the server started."));
    }
    lines.extend(row.detail.iter().map(|l| Line::raw(l.clone())));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::TOP).title(" Student ")),
        area,
    );
}

pub(super) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(super) fn student_row(r: &Row, now: Instant) -> TableRow<'static> {
    let meter = |i: usize, percent: bool| {
        r.meters.map_or_else(String::new, |m| {
            if percent {
                format!("{:.1}%", m[i])
            } else {
                format!("{:.1}", m[i])
            }
        })
    };
    // A name that mixes scripts may imitate another's: marked, the log says which.
    let name = if mixed_scripts(&r.name).is_some() {
        Cell::from(format!("{MIXED} {}", r.name))
            .style(Style::new().add_modifier(Modifier::REVERSED))
    } else {
        Cell::from(r.name.clone())
    };
    TableRow::new([
        name,
        Cell::from(if r.connected { "yes" } else { "—" }),
        Cell::from(r.scenario.clone()),
        Cell::from(r.turn.clone()),
        Cell::from(meter(0, false)),
        Cell::from(meter(1, true)),
        Cell::from(meter(2, false)),
        Cell::from(r.outcome.clone()),
        Cell::from(
            r.last_activity
                .map_or_else(|| "—".to_owned(), |t| ago(now.saturating_duration_since(t))),
        ),
    ])
}

/// A time ago in a few characters: `12 s`, `3 min`.
pub(super) fn ago(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min", s / 60)
    }
}
