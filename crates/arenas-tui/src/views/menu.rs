//! The main menu and the list of scenarios.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{fit, fit_path, footer, panel, status, status_rows, wrap};
use crate::app::{App, MenuItem};
use crate::layout;
use arenas_files::save;
use arenas_files::text::clean;

const TITLE: [&str; 3] = [
    "A R E N A S",
    "the joint operations room, autumn 2023",
    "a classroom crisis simulation",
];

/// The body of a menu screen, its status line (a long message wraps) and its key line.
fn frame_parts(area: Rect, app: &App) -> (Rect, Rect, Rect) {
    let rows = status_rows(app, area.width);
    let body = layout::menu_body(layout::above_long_status(area, rows));
    let footer = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    let status = Rect::new(
        area.x,
        body.bottom(),
        area.width,
        footer.y.saturating_sub(body.bottom()),
    );
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
    let shown = usize::from(rect.height.saturating_sub(2));
    let first = layout::first_shown(selected, items.len(), shown);
    let width = usize::from(rect.width.saturating_sub(2));
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(i, item)| {
            let text = fit(&format!("  {item}"), width);
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
    let (body, status_area, footer_area) = frame_parts(area, app);
    title(frame, body, app);
    let items: Vec<String> = MenuItem::ALL.iter().map(|m| m.label().to_owned()).collect();
    list(frame, body, app, &items, selected, "Menu");
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}

/// Draws the scenarios, with the selected one described. The player's own are shown with
/// their file names, so that two files with one id can be told apart.
pub fn scenarios(frame: &mut Frame, area: Rect, app: &App, selected: usize, start: bool) {
    let (body, status_area, footer_area) = frame_parts(area, app);
    let t = app.theme;
    let items: Vec<String> = app
        .scenarios
        .iter()
        .map(|e| match e.file_name() {
            Some(file) if e.id.is_empty() => clean(&file),
            Some(file) => format!("{} · {}", clean(&e.id), clean(&file)),
            None => clean(&e.id),
        })
        .collect();
    let heading = if start {
        "Choose a scenario"
    } else {
        "Scenarios"
    };
    let menu = layout::menu(body, items.len());
    list(frame, body, app, &items, selected, heading);
    if let Some(folder) = &app.scenarios_folder
        && menu.bottom() < body.bottom()
    {
        let width = usize::from(body.width.saturating_sub(4));
        let prefix = if folder.exists {
            "Your scenarios folder: "
        } else {
            "Your scenarios folder (not created yet): "
        };
        let shown = fit_path(&clean(&folder.path), width.saturating_sub(prefix.len()));
        let line = Line::styled(format!("{prefix}{}", shown.trim_end()), t.dim());
        let at = Rect::new(body.x + 2, menu.bottom(), body.width.saturating_sub(4), 1);
        frame.render_widget(Paragraph::new(line).alignment(Alignment::Center), at);
    }
    if let Some(e) = app.scenarios.get(selected) {
        let top = Rect::new(
            body.x + 2,
            body.y + 1,
            body.width.saturating_sub(4),
            menu.y.saturating_sub(body.y + 1),
        );
        let mut about = vec![
            format!("by {}", clean(&e.author)),
            format!("version {}", clean(&e.version)),
        ];
        about.extend(e.calendar.as_deref().map(clean));
        about.push(format!("{} fronts", e.fronts));
        about.push(format!("{} members", e.factions));
        let mut lines = vec![
            Line::styled(clean(&e.title), t.title()),
            Line::styled(about.join(" · "), t.dim()),
        ];
        if let Some(why) = &e.refused {
            lines.push(Line::styled(
                format!("Cannot be played: {}", clean(why)),
                t.warn(),
            ));
        } else if let Some(file) = e.file_name() {
            lines.push(Line::styled(
                format!(
                    "Your scenario, in {}; checked when you choose it.",
                    clean(&file)
                ),
                t.dim(),
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::raw(clean(&e.description)));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), top);
    }
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}

/// Draws the saves to resume, newest first, with the one selected in full below them.
pub fn load(frame: &mut Frame, area: Rect, app: &App, entries: &[save::Entry], selected: usize) {
    let (body, status_area, footer_area) = frame_parts(area, app);
    let t = app.theme;
    let rect = layout::load_list(body);
    let width = usize::from(rect.width.saturating_sub(2));
    let folder = fit_path(&app.saves_location, width.saturating_sub(9));
    let mut lines = vec![
        Line::styled(format!("Saves in {}", folder.trim_end()), t.dim()),
        Line::raw(""),
    ];
    if entries.is_empty() {
        let hint = Line::raw(
            "No saves yet. A campaign saves itself after every turn; press s to save under a name.",
        );
        lines.extend(wrap(&hint, width, 0));
    }
    let visible = layout::load_rows_shown(rect);
    let first = layout::first_shown(selected, entries.len(), visible);
    for (i, e) in entries.iter().enumerate().skip(first).take(visible) {
        let text = fit(
            &format!(" {}  —  {}  —  {}", label(e), state(e), clean(&e.scenario)),
            width,
        );
        lines.push(if i == selected {
            Line::styled(text, t.selected_cell())
        } else {
            Line::raw(text)
        });
    }
    let block = panel(t, "Load a campaign", true);
    let inner = block.inner(rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    if let Some(e) = entries.get(selected) {
        let file = e
            .path
            .file_name()
            .map_or_else(String::new, |n| clean(&n.to_string_lossy()));
        // The file first: it is what tells two saves of one name apart, so it is never the
        // part cut; the scenario's title is.
        let mut details = vec![
            Line::styled(fit(&label(e), width), t.dim()),
            Line::styled(
                fit(
                    &format!("in {file} · {} · {}", state(e), clean(&e.scenario)),
                    width,
                ),
                t.dim(),
            ),
        ];
        details.truncate(usize::from(layout::LOAD_DETAIL_ROWS));
        let rows = layout::LOAD_DETAIL_ROWS.min(inner.height);
        let at = Rect::new(inner.x, inner.bottom() - rows, inner.width, rows);
        frame.render_widget(Paragraph::new(details), at);
    }
    status(frame, status_area, app);
    footer(frame, footer_area, app);
}

/// How a save is named in the list: the name it was given, or its file name.
fn label(e: &save::Entry) -> String {
    if e.name.is_empty() {
        e.path
            .file_name()
            .map_or_else(String::new, |n| clean(&n.to_string_lossy()))
    } else {
        clean(&e.name)
    }
}

/// Where a saved campaign stands.
fn state(e: &save::Entry) -> String {
    match e.outcome {
        Some(o) => format!("ended: {}", o.name()),
        None => format!("{} · {}", e.unit.label(e.turn), e.date),
    }
}
