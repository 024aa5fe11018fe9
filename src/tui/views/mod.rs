//! Drawing: every view reads the app state and writes to the frame, nothing else.

mod campaign;
mod debrief;
mod forecast;
mod glossary;
mod help;
mod menu;
mod why;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
            ..
        } => debrief::draw(frame, area, app, debrief, *tab, *scroll),
        Screen::Load { entries, selected } => menu::load(frame, area, app, entries, *selected),
        Screen::Replay { saved, at, view } => {
            let label = format!("REPLAY {at}/{}", saved.turns.len());
            campaign::draw_titled(frame, area, app, view, &label);
        }
    }
    match app.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, area, app.theme, scroll),
        Some(Overlay::Why { meter, scroll }) => why::draw(frame, area, app, meter, scroll),
        Some(Overlay::Glossary { scroll }) => glossary::draw(frame, area, app, scroll),
        Some(Overlay::ConfirmQuit) => confirm(frame, area, app.theme, " Quit ", &["Quit Arenas?"]),
        Some(Overlay::ConfirmReplace) => {
            let at = app
                .pending
                .as_ref()
                .map_or_else(String::new, |p| crate::text::clean(&p.at));
            let question = ["A save is already there:", &at, "Replace it?"];
            confirm(frame, area, app.theme, " Replace? ", &question);
        }
        Some(Overlay::SaveName) => save_prompt(frame, area, app),
        Some(Overlay::Branch { selected }) => branch_picker(frame, area, app, selected),
        Some(Overlay::Forecast) => forecast::draw(frame, area, app),
        None => {}
    }
    if app
        .overlay
        .is_some_and(|o| !matches!(o, Overlay::ConfirmQuit | Overlay::ConfirmReplace))
    {
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
                format!(" {}", crate::text::clean(&app.input)),
                t.selected_cell(),
            ),
            Span::styled("▏", t.title()),
        ]),
        Line::styled(
            fit(
                &format!("in {}", app.saves_location),
                usize::from(rect.width.saturating_sub(2)),
            ),
            t.dim(),
        ),
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

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
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

/// A yes-or-no question in a box: its lines (wrapped), then the keys.
fn confirm(frame: &mut Frame, area: Rect, theme: Theme, title: &str, question: &[&str]) {
    let widest = question.iter().map(|l| l.width()).max().unwrap_or(0);
    let width = u16::try_from(widest + 4)
        .unwrap_or(u16::MAX)
        .clamp(36, area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = question
        .iter()
        .map(|l| l.width().div_ceil(inner).max(1))
        .sum();
    let height = u16::try_from(rows + 4).unwrap_or(u16::MAX);
    let rect = layout::popup(area, 40, 20, (width, height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Line::styled(title.to_owned(), theme.title()))
        .border_style(theme.border(true));
    let mut text: Vec<Line> = question.iter().map(|l| Line::raw(l.to_string())).collect();
    text.push(Line::from(hint_spans(
        theme,
        keys::Context::Confirm,
        rect.width,
    )));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(block),
        rect,
    );
}

/// Key hints of a context as spans that fit `width`: `key` what, `key` what… Hints shown
/// only when there is room are dropped first.
fn hint_spans(theme: Theme, context: keys::Context, width: u16) -> Vec<Span<'static>> {
    let all: Vec<_> = keys::hints(context).collect();
    let len = |(key, what, _): &(&str, &str, bool)| key.width() + what.width() + 3;
    let essential: usize = all.iter().filter(|h| h.2).map(len).sum();
    let mut spare = usize::from(width).saturating_sub(essential + 1);
    let mut spans = Vec::new();
    for h in &all {
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

/// The footer: key hints for where the keys go now.
fn footer(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(
        Paragraph::new(Line::from(hint_spans(app.theme, app.context(), area.width))),
        area,
    );
}

/// The status line: the last feedback.
fn status(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(s) = &app.status {
        let style = if s.warning {
            app.theme.bad()
        } else {
            app.theme.text()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", s.text), style)),
            area,
        );
    }
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
fn panel(theme: Theme, title: &str, focused: bool) -> Block<'static> {
    Block::bordered()
        .title(Line::styled(format!(" {title} "), theme.title()))
        .border_style(theme.border(focused))
}

/// Text fitted to `width` terminal columns: padded with spaces, or cut with an ellipsis.
/// Widths are measured in columns, so wide (CJK, emoji) and zero-width characters line up.
fn fit(text: &str, width: usize) -> String {
    let mut s = String::with_capacity(text.len() + width);
    let mut used = 0;
    if text.width() <= width {
        s.push_str(text);
        used = text.width();
    } else if width > 0 {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            s.push(c);
            used += w;
        }
        s.push('…');
        used += 1;
    }
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// Text shortened at a word boundary with an ellipsis when it is wider than `width`.
fn fit_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.width()
        } else {
            out.width() + 1 + word.width()
        };
        if next + 1 > width {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.trim_end_matches([',', ';', ':']);
    format!("{out}…")
}

/// A style for a change of a meter: good when it serves the room's aims.
fn change_style(theme: Theme, delta: f64, higher_is_better: bool) -> Style {
    match (delta.abs() < 0.05, (delta > 0.0) == higher_is_better) {
        (true, _) => theme.dim(),
        (false, true) => theme.good(),
        (false, false) => theme.bad(),
    }
}

#[cfg(test)]
mod tests {
    use super::{fit, fit_words};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn fitting_counts_terminal_columns() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("班级三", 6), "班级三");
        assert_eq!(fit("班级三四", 6), "班级… ");
        assert_eq!(fit("a\u{200b}b", 3), "a\u{200b}b ");
        for (text, width) in [("😀😀😀", 5), ("é班x", 2), ("", 0), ("abc", 0)] {
            assert_eq!(fit(text, width).width(), width, "{text:?} in {width}");
        }
    }

    #[test]
    fn fitting_words_cuts_at_a_space() {
        assert_eq!(fit_words("short", 10), "short");
        assert_eq!(fit_words("one two three", 10), "one two…");
        assert_eq!(fit_words("one, two three", 6), "one…");
        assert_eq!(fit_words("unbreakable", 5), "…");
    }
}
