//! Drawing: every view reads the app state and writes to the frame, nothing else.

mod campaign;
mod debrief;
mod forecast;
mod glossary;
mod help;
mod log;
mod menu;
mod text;
mod why;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

pub(crate) use log::area as log_area;
pub(crate) use text::{file_name, fit, fit_path, shorten, wrap, wrapped_all, wrapped_labelled};

use super::app::{App, Overlay, Screen};
use super::keys;
use super::layout;
use super::theme::Theme;

/// Draws the whole interface.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(frame, area, app.theme);
        return;
    }
    match &app.screen {
        Screen::Menu { selected } => menu::main(frame, area, app, *selected),
        Screen::Scenarios { selected, start } => {
            menu::scenarios(frame, area, app, *selected, *start)
        }
        Screen::Campaign(play) => campaign::draw(frame, area, app, play),
        Screen::Debrief {
            debrief,
            tab,
            scroll,
            meter,
            ..
        } => debrief::draw(frame, area, app, debrief, (*tab, *scroll, *meter)),
        Screen::Load { entries, selected } => menu::load(frame, area, app, entries, *selected),
        Screen::Replay { saved, at, view } => {
            // As wide at every step, so the header keeps one form.
            let n = saved.turns.len();
            let label = format!("REPLAY {at:>w$}/{n}", w = n.to_string().len());
            campaign::draw_titled(frame, area, app, view, &label);
        }
    }
    match app.overlay {
        Some(Overlay::Help { scroll }) => {
            let scroll = scroll.min(help::scroll_limit(overlay_area(area), app.theme));
            help::draw(frame, area, app.theme, scroll)
        }
        Some(Overlay::Why { meter, scroll }) => {
            let scroll = scroll.min(why::scroll_limit(overlay_area(area), app, meter));
            why::draw(frame, area, app, meter, scroll)
        }
        Some(Overlay::Glossary { scroll }) => glossary::draw(frame, area, app, scroll),
        Some(Overlay::ConfirmQuit) => confirm(
            frame,
            area,
            (app.theme, keys::Context::Confirm),
            (" Quit ", &["Quit Arenas?"]),
            ("quit", "stay"),
        ),
        Some(Overlay::ConfirmReplace) => {
            let at = app
                .pending
                .as_ref()
                .map_or_else(String::new, |p| arenas_files::text::clean(&p.at));
            let question = ["A save is already there:", &at, "Replace it?"];
            let answers = ("replace", "keep it");
            let look = (app.theme, keys::Context::Confirm);
            confirm(frame, area, look, (" Replace? ", &question), answers);
        }
        Some(Overlay::ConfirmBranch) => {
            let at = app
                .branched
                .as_ref()
                .map_or_else(String::new, |b| arenas_files::text::clean(&b.1));
            let question = [
                "The branch is saved in",
                &at,
                "Go on playing in the branch?",
            ];
            let answers = ("play the branch", "stay here");
            confirm(
                frame,
                area,
                (app.theme, keys::Context::Confirm),
                (" Branch saved ", &question),
                answers,
            );
        }
        Some(Overlay::Predict { question }) => {
            let asked = question.text(app.turn_unit());
            let lines = [
                asked.as_str(),
                "The week then resolves; the debrief scores your answers.",
            ];
            let look = (app.theme, keys::Context::Predict);
            confirm(frame, area, look, (" Predict ", &lines), ("yes", "no"));
        }
        Some(Overlay::SaveName) => save_prompt(frame, area, app),
        Some(Overlay::Branch { selected }) => branch_picker(frame, area, app, selected),
        Some(Overlay::Forecast) => forecast::draw(frame, area, app),
        None => {}
    }
    let boxed = matches!(
        app.context(),
        keys::Context::Confirm | keys::Context::Predict
    );
    if app.overlay.is_some() && !boxed {
        let bottom = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        frame.render_widget(Clear, bottom);
        footer(frame, bottom, app);
    }
}

fn save_prompt(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let rect = layout::popup(area, 60, 20, (60, 7));
    frame.render_widget(Clear, rect);
    let text = vec![
        Line::raw("Name of the save:"),
        Line::from(vec![
            Span::styled(
                format!(" {}", arenas_files::text::clean(&app.input)),
                t.selected_cell(),
            ),
            Span::styled("▏", t.title()),
        ]),
        Line::styled(
            format!(
                "in {}",
                fit_path(
                    &app.saves_location,
                    usize::from(rect.width.saturating_sub(5))
                )
                .trim_end()
            ),
            t.dim(),
        ),
        Line::styled("Backspace deletes a letter, Ctrl-U the whole name", t.dim()),
    ];
    frame.render_widget(Paragraph::new(text).block(panel(t, "Save", true)), rect);
}

fn branch_picker(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let t = app.theme;
    let Some(play) = app.play() else { return };
    let sc = &play.game.scenario;
    let weeks = play.game.turns.len();
    let rect = layout::popup(area, 50, 70, (50, 8));
    frame.render_widget(Clear, rect);
    let inner_height = usize::from(rect.height.saturating_sub(3));
    let first = selected.saturating_sub(inner_height.saturating_sub(1));
    let mut lines = vec![Line::styled(
        "Branch into a new save from the start of:",
        t.dim(),
    )];
    for week in (first..weeks).take(inner_height) {
        let text = format!(
            "  {} · {}",
            sc.calendar.unit().label(week as u16 + 1),
            sc.calendar.date_of(week as u16 + 1)
        );
        lines.push(if week == selected {
            Line::styled(text, t.selected_cell())
        } else {
            Line::raw(text)
        });
    }
    frame.render_widget(Paragraph::new(lines).block(panel(t, "Branch", true)), rect);
}

pub(crate) fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled("Arenas needs a larger terminal", theme.title()),
        Line::raw(""),
        Line::raw(format!(
            "Enlarge it to at least {}×{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
        Line::styled(format!("(now {}×{})", area.width, area.height), theme.dim()),
    ];
    let y = area.y + area.height.saturating_sub(4) / 2;
    let rect = Rect::new(area.x, y, area.width, 4.min(area.height));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

/// A yes-or-no question in a box: a title and lines (wrapped), then the keys of `context`
/// with what each answer does.
fn confirm(
    frame: &mut Frame,
    area: Rect,
    (theme, context): (Theme, keys::Context),
    (title, question): (&str, &[&str]),
    (yes, no): (&str, &str),
) {
    let answers = |b: &keys::Binding| match b.action {
        keys::Action::Yes => Some(yes),
        keys::Action::No => Some(no),
        _ => None,
    };
    let keys_line = Line::from(hint_spans(theme, context, area.width, |b| {
        Some(answers(b).unwrap_or(b.hint))
    }));
    let widest = question
        .iter()
        .map(|l| l.width())
        .chain([keys_line.width()])
        .max()
        .unwrap_or(0);
    let width = u16::try_from(widest + 4)
        .unwrap_or(u16::MAX)
        .clamp(36, area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let mut text: Vec<Line> = question
        .iter()
        .flat_map(|l| wrap(&Line::raw(*l), inner, 0))
        .collect();
    text.extend(wrap(&keys_line, inner, 1));
    let height = u16::try_from(text.len() + 3).unwrap_or(u16::MAX);
    let rect = layout::popup(area, 40, 20, (width, height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Line::styled(title.to_owned(), theme.title()))
        .border_style(theme.border(true));
    let blank = text.len() - 1;
    text.insert(blank, Line::raw(""));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .block(block),
        rect,
    );
}

/// Key hints of a context as spans that fit `width`: `key` what, `key` what… Hints shown
/// only when there is room are dropped first; `say` gives what each hint says, or drops it.
fn hint_spans<'b>(
    theme: Theme,
    context: keys::Context,
    width: u16,
    say: impl Fn(&'b keys::Binding) -> Option<&'b str>,
) -> Vec<Span<'b>> {
    let all: Vec<_> = keys::hints(context)
        .filter_map(|b| say(b).map(|what| (b.label, what, b.footer == keys::Footer::Always)))
        .collect();
    fitted_hints(theme, width, &all)
}

/// Key hints as spans that fit `width`: each is a key's label, what it does, and whether it
/// is always shown; the others are dropped first when room is short.
pub(crate) fn fitted_hints<'b>(
    theme: Theme,
    width: u16,
    all: &[(&'b str, &'b str, bool)],
) -> Vec<Span<'b>> {
    let len = |(key, what, _): &(&str, &str, bool)| key.width() + what.width() + 3;
    let essential: usize = all.iter().filter(|h| h.2).map(len).sum();
    let mut spare = usize::from(width).saturating_sub(essential + 1);
    let mut spans = Vec::new();
    for h in all {
        if !h.2 {
            if len(h) > spare {
                continue;
            }
            spare -= len(h);
        }
        let (key, what, _) = *h;
        spans.push(Span::raw(if spans.is_empty() { " " } else { "  " }));
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {what}"), theme.dim()));
    }
    spans
}

/// The footer: key hints for where the keys go now, less what the scenario does not allow.
fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let spans = hint_spans(app.theme, app.context(), area.width, |b| {
        app.allows(b.action).then_some(b.hint)
    });
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Most rows the status line takes.
const STATUS_ROWS: u16 = 3;

/// The status line's last feedback, or else the campaign screen's note on the selected
/// order field, wrapped at spaces to `width`; on [`STATUS_ROWS`] rows at most, the last
/// shortened with an ellipsis when there is more.
fn status_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let (text, style) = match (&app.status, campaign::note(app)) {
        (Some(s), _) if s.warning => (s.text.clone(), app.theme.bad()),
        (Some(s), _) => (s.text.clone(), app.theme.text()),
        (None, Some(note)) => (note, app.theme.dim()),
        (None, None) => return Vec::new(),
    };
    let line = Line::styled(format!(" {}", arenas_files::text::clean(&text)), style);
    let mut lines = wrap(&line, usize::from(width), 1);
    let rows = usize::from(STATUS_ROWS);
    if lines.len() > rows {
        let rest: Vec<String> = lines[rows - 1..].iter().map(ToString::to_string).collect();
        let last = shorten(&rest.join(""), usize::from(width));
        lines.truncate(rows - 1);
        lines.push(Line::styled(last, style));
    }
    lines
}

/// The campaign screen's panels on a screen `area` large, around the status line it shows.
pub(crate) fn campaign_layout(app: &App, area: Rect) -> layout::Campaign {
    layout::campaign_with_status(area, status_rows(app, area.width), app.status.is_some())
}

/// Rows the status line takes on a screen `width` columns wide: one, or up to three for a
/// long message.
pub(crate) fn status_rows(app: &App, width: u16) -> u16 {
    u16::try_from(status_lines(app, width).len())
        .unwrap_or(1)
        .clamp(1, STATUS_ROWS)
}

/// The status line: the last feedback, on as many rows as `area` has.
fn status(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(Paragraph::new(status_lines(app, area.width)), area);
}

/// How far the text that scrolls now (help, why, the glossary, a debrief tab, the event log) may scroll: its
/// rows less the rows shown, on a screen `app.size` large.
pub(crate) fn scroll_limit(app: &App) -> u16 {
    let area = app.size;
    match (&app.overlay, &app.screen) {
        (Some(Overlay::Help { .. }), _) => help::scroll_limit(overlay_area(area), app.theme),
        (Some(Overlay::Why { meter, .. }), _) => why::scroll_limit(overlay_area(area), app, *meter),
        (Some(Overlay::Glossary { .. }), _) => glossary::scroll_limit(overlay_area(area), app),
        (Some(_), _) => u16::MAX,
        (None, Screen::Debrief { debrief, tab, .. }) => {
            debrief::scroll_limit(area, app, debrief, *tab)
        }
        (None, Screen::Campaign(play)) => {
            let l = campaign_layout(app, area);
            log::scroll_limit(log::area(&l, play), app, play)
        }
        (None, _) => 0,
    }
}

/// How far `lines` scroll in `visible` rows: to where the last line is at the bottom.
pub(crate) fn limit(lines: usize, visible: u16) -> u16 {
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_sub(visible)
}

/// Where a full overlay (why, help) goes: over everything but the footer, with a margin
/// when there is room.
fn overlay_area(area: Rect) -> Rect {
    let above_footer = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    if layout::is_large(area) {
        layout::popup(above_footer, 88, 92, (0, 0))
    } else {
        above_footer
    }
}

/// A bordered panel with a title.
pub(crate) fn panel(theme: Theme, title: &str, focused: bool) -> Block<'static> {
    Block::bordered()
        .title(Line::styled(format!(" {title} "), theme.title()))
        .border_style(theme.border(focused))
}

/// A style for a change of a meter: good when it serves the room's aims.
fn change_style(theme: Theme, delta: f64, higher_is_better: bool) -> Style {
    match (delta.abs() < 0.05, (delta > 0.0) == higher_is_better) {
        (true, _) => theme.dim(),
        (false, true) => theme.good(),
        (false, false) => theme.bad(),
    }
}
