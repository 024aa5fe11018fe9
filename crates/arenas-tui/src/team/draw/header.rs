//! The header row of a seat's screen: the room, the seat, the week and date, the points,
//! and the seat's state or the time left before the week resolves.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::Paragraph;

use arenas_core::engine::Scenario;
use arenas_core::team::{Seat, SeatView};
use arenas_files::text::clean;

use crate::team::seat::SeatScreen;
use crate::views::shorten;

/// A duration left as minutes and seconds.
fn clock(left: Duration) -> String {
    let s = left.as_secs();
    if s == 0 {
        "time is up".to_owned()
    } else {
        format!("{}:{:02} left", s / 60, s % 60)
    }
}

pub(super) fn header(
    frame: &mut Frame,
    area: Rect,
    screen: &SeatScreen,
    view: &SeatView<'_>,
    sc: &Scenario,
    deadline: Option<Duration>,
) {
    let t = screen.theme;
    let unit = sc.calendar.unit();
    let turn = view.public.turn;
    let points = if screen.seat == Seat::Operations {
        format!("{} pts kept, {} spent", view.points, view.spent)
    } else {
        format!("{} pts, {} spent", view.points, view.spent)
    };
    let (state, state_style) = if view.public.over {
        ("campaign over".to_owned(), t.dim())
    } else if view.public.paused {
        ("paused".to_owned(), t.warn())
    } else if view.committed {
        ("committed".to_owned(), t.good())
    } else {
        (
            deadline.map_or_else(|| "drafting".to_owned(), clock),
            if deadline.is_some_and(|d| d.as_secs() < 30) {
                t.warn()
            } else {
                t.text()
            },
        )
    };
    let week = format!("{}/{}", unit.title(turn), sc.calendar.turns);
    let date = sc.calendar.date_of(turn).to_string();
    let seat = clean(&screen.seat.name(sc));
    let room = shorten(&clean(&screen.room), 20);
    let sep = || Span::styled(" │ ", t.dim());
    let build = |with_room: bool, with_date: bool| {
        let mut spans = vec![Span::styled(" ROOM ", t.key()), Span::raw(" ")];
        if with_room && !room.is_empty() {
            spans.push(Span::styled(room.clone(), t.dim()));
            spans.push(sep());
        }
        spans.push(Span::styled(seat.clone(), t.title()));
        spans.push(sep());
        spans.push(Span::raw(if with_date {
            format!("{week} · {date}")
        } else {
            week.clone()
        }));
        spans.push(sep());
        let over = view.spent > view.points;
        spans.push(Span::styled(
            points.clone(),
            if over { t.bad() } else { t.text() },
        ));
        spans.push(sep());
        spans.push(Span::styled(state.clone(), state_style));
        TextLine::from(spans)
    };
    let line = [(true, true), (false, true), (false, false)]
        .into_iter()
        .map(|(r, d)| build(r, d))
        .find(|l| l.width() <= usize::from(area.width))
        .unwrap_or_else(|| build(false, false));
    frame.render_widget(Paragraph::new(line), area);
}
