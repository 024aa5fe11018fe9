//! The main menu and the list of scenarios.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{footer, panel, status};
use crate::text::clean;
use crate::tui::app::{App, MenuItem};
use crate::tui::layout;

const TITLE: [&str; 3] = [
    "A R E N A S",
    "the joint operations room, autumn 2023",
    "a classroom crisis simulation",
];

fn frame_parts(area: Rect) -> (Rect, Rect, Rect) {
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(2));
    let status = Rect::new(area.x, area.bottom().saturating_sub(2), area.width, 1);
    let footer = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    (body, status, footer)
}

fn title(frame: &mut Frame, body: Rect, app: &App) {
    let t = app.theme;
    let lines = vec![
        Line::styled(TITLE[0], t.title()),
        Line::raw(""),
        Line::raw(TITLE[1]),
        Line::styled(TITLE[2], t.dim()),
    ];
    let rect = Rect::new(body.x, body.y + body.height / 6, body.width, 4);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), rect);
}

fn list(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    items: &[String],
    selected: usize,
    heading: &str,
) {
    let t = app.theme;
    let rect = layout::menu(body, items.len());
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = format!("  {item:<30}");
            if i == selected {
                Line::styled(text, t.selected_cell())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(panel(t, heading, true)), rect);
}

/// Draws the main menu.
pub fn main(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let (body, status_area, footer_area) = frame_parts(area);
    title(frame, body, app);
    let items: Vec<String> = MenuItem::ALL.iter().map(|m| m.label().to_owned()).collect();
    list(frame, body, app, &items, selected, "Menu");
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}

/// Draws the scenarios, with the selected one described.
pub fn scenarios(frame: &mut Frame, area: Rect, app: &App, selected: usize, start: bool) {
    let (body, status_area, footer_area) = frame_parts(area);
    let t = app.theme;
    let items: Vec<String> = app
        .scenarios
        .iter()
        .map(|l| clean(&l.scenario.meta.id))
        .collect();
    let heading = if start {
        "Choose a scenario"
    } else {
        "Scenarios"
    };
    let menu = layout::menu(body, items.len());
    list(frame, body, app, &items, selected, heading);
    if let Some(l) = app.scenarios.get(selected) {
        let s = &l.scenario;
        let top = Rect::new(
            body.x + 2,
            body.y + 1,
            body.width.saturating_sub(4),
            menu.y.saturating_sub(body.y + 1),
        );
        let lines = vec![
            Line::styled(clean(&s.meta.title), t.title()),
            Line::styled(
                format!(
                    "by {} · version {} · {} turns of {} days from {} · {} fronts · {} members",
                    clean(&s.meta.author),
                    clean(&s.meta.version),
                    s.calendar.turns,
                    s.calendar.turn_days,
                    s.calendar.start,
                    s.fronts.len(),
                    s.factions.len()
                ),
                t.dim(),
            ),
            Line::raw(""),
            Line::raw(clean(&s.meta.description)),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), top);
    }
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}
