//! The talk pane (the messages of the seat's lines and the line being typed) and the pane
//! of the campaign's recent log.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::Paragraph;

use arenas_core::engine::Scenario;
use arenas_core::team::{Line, Seat, SeatView};
use arenas_files::text::clean;

use super::{input_line, short};
use crate::team::seat::{Pane, SeatScreen, Target};
use crate::views::{fit, limit, panel, wrap};

pub(super) fn talk(
    frame: &mut Frame,
    area: Rect,
    screen: &SeatScreen,
    view: &SeatView<'_>,
    sc: &Scenario,
    shared: bool,
) {
    let t = screen.theme;
    let title = if shared { "Talk · Tab: log" } else { "Talk" };
    let block = panel(t, title, screen.pane == Pane::Talk);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let name = |s: Seat| match s {
        _ if s == view.seat => "You".to_owned(),
        Seat::Operations => "Operations".to_owned(),
        Seat::Member(i) => short(sc, i),
    };
    let unit = sc.calendar.unit();
    let messages: Vec<TextLine> = view
        .talk
        .iter()
        .map(|m| {
            let channel = match (m.line, view.seat) {
                (Line::Room, _) => String::new(),
                (Line::Private(to), Seat::Operations) if m.from == Seat::Operations => {
                    format!(" → {}", short(sc, to))
                }
                (Line::Private(_), _) => " (private)".to_owned(),
            };
            TextLine::from(vec![
                Span::styled(format!("{} ", unit.label(m.turn)), t.dim()),
                Span::styled(format!("{}{channel}: ", name(m.from)), t.title()),
                Span::raw(clean(&m.text)),
            ])
        })
        .collect();
    let lines: Vec<TextLine> = messages.iter().flat_map(|l| wrap(l, width, 2)).collect();
    let rows = inner.height.saturating_sub(1);
    let bottom = limit(lines.len(), rows);
    let scroll = bottom.saturating_sub(screen.talk_scroll);
    let [said, input] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    if lines.is_empty() {
        let empty = "Nothing said yet. Messages are kept in the room's save.";
        frame.render_widget(
            Paragraph::new(TextLine::styled(fit(empty, width), t.dim())),
            said,
        );
    } else {
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), said);
    }
    let line = screen.talk_line(view, sc);
    let to = match (line, screen.seat) {
        (Line::Room, _) => "Room ▸ ".to_owned(),
        (Line::Private(m), Seat::Operations) => format!("To {} ▸ ", short(sc, m)),
        (Line::Private(_), Seat::Member(_)) => "To operations ▸ ".to_owned(),
    };
    let input_text = match &screen.typing {
        Some((Target::Message(_), text)) => input_line(&to, text, width, t),
        _ => TextLine::styled(
            fit(&format!("{to}t writes · ←→ here: other line"), width),
            t.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(input_text), input);
}

pub(super) fn log_panel(
    frame: &mut Frame,
    area: Rect,
    screen: &SeatScreen,
    log: &[String],
    shared: bool,
) {
    let t = screen.theme;
    let title = if shared { "Log · Tab: orders" } else { "Log" };
    let block = panel(t, title, screen.pane == Pane::Log);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    if log.is_empty() {
        let empty = "What each week did shows here once it resolves.";
        frame.render_widget(
            Paragraph::new(wrap(&TextLine::styled(empty, t.dim()), width, 0)),
            inner,
        );
        return;
    }
    let lines: Vec<TextLine> = log
        .iter()
        .flat_map(|l| wrap(&TextLine::raw(clean(l)), width, 2))
        .collect();
    let bottom = limit(lines.len(), inner.height);
    let scroll = bottom.saturating_sub(screen.log_scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
