//! Drawing a seat's screen from its [`SeatView`] alone: nothing here reads the room or the
//! game, so what a member's screen shows is what its member may know.
//!
//! ```text
//! member, compact (80x24)                  operations room, compact
//! header                                   header
//! meters in a line or three                meters in a line or three
//! own member and order   │ room            members: shares, drafts, proposals
//! talk, or the log (Tab)                   selected member │ talk, or the log
//! status / keys                            status / keys
//! ```
//! From 120x36 the meters get a panel, and talk and log one each.

mod header;
mod help;
mod member;
mod meters;
mod operations;
mod order_cells;
mod status;
mod talk_log;

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use arenas_core::engine::{FactionIdx, Scenario};
use arenas_core::team::{Private, Seat, SeatView};
use arenas_files::text::clean;

use header::header;
use help::help;
use member::{member_panel, roster};
use meters::{meter_strip, meters};
use operations::{detail, table};
use status::typing_note;
use talk_log::{log_panel, talk};

use super::keys::Command;
use super::seat::{Pane, SeatScreen, proposal};
use crate::layout;
use crate::theme::Theme;

pub(super) use crate::views::too_small;
pub(super) use help::help_overlay;
pub(super) use status::bottom_lines;

/// Width of the right-hand column on a large screen, and of the room panel on a compact
/// one.
const SIDE: u16 = 48;
const ROSTER_WIDTH: u16 = 32;
/// Width of the selected member's panel of the operations room on a compact screen.
const DETAIL_WIDTH: u16 = 40;

/// Where a seat's panels go.
struct Panels {
    header: Rect,
    strip: Option<Rect>,
    meters: Option<Rect>,
    /// A member's own panel, or the operations room's table.
    orders: Rect,
    roster: Option<Rect>,
    detail: Option<Rect>,
    talk: Option<Rect>,
    log: Option<Rect>,
    bottom: Rect,
}

fn panels(area: Rect, seat: Seat, strip_rows: u16, seats: u16, factions: u16) -> Panels {
    let large = layout::is_large(area);
    let table = factions.saturating_add(3);
    let mut p = Panels {
        header: Rect::default(),
        strip: None,
        meters: None,
        orders: Rect::default(),
        roster: None,
        detail: None,
        talk: None,
        log: None,
        bottom: Rect::default(),
    };
    match (seat, large) {
        (Seat::Member(_), false) => {
            let [h, s, top, lower, b] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(strip_rows),
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Length(2),
            ])
            .areas(area);
            let [orders, roster] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(ROSTER_WIDTH)])
                    .areas(top);
            (p.header, p.strip, p.orders, p.roster, p.bottom) =
                (h, Some(s), orders, Some(roster), b);
            p.talk = Some(lower);
            p.log = Some(lower);
        }
        (Seat::Member(_), true) => {
            let [h, body, b] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(2),
            ])
            .areas(area);
            let [left, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(SIDE)]).areas(body);
            let [orders, talk] =
                Layout::vertical([Constraint::Length(12), Constraint::Fill(1)]).areas(left);
            let [meters, roster, log] = Layout::vertical([
                Constraint::Length(13),
                Constraint::Length(seats.saturating_add(2)),
                Constraint::Fill(1),
            ])
            .areas(right);
            (p.header, p.orders, p.bottom) = (h, orders, b);
            (p.meters, p.roster, p.talk, p.log) =
                (Some(meters), Some(roster), Some(talk), Some(log));
        }
        (Seat::Operations, false) => {
            let [h, s, orders, lower, b] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(strip_rows),
                Constraint::Max(table),
                Constraint::Min(5),
                Constraint::Length(2),
            ])
            .areas(area);
            let [detail, rest] =
                Layout::horizontal([Constraint::Length(DETAIL_WIDTH), Constraint::Fill(1)])
                    .areas(lower);
            (p.header, p.strip, p.orders, p.bottom) = (h, Some(s), orders, b);
            (p.detail, p.talk, p.log) = (Some(detail), Some(rest), Some(rest));
        }
        (Seat::Operations, true) => {
            let [h, orders, rest, b] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Max(table),
                Constraint::Fill(1),
                Constraint::Length(2),
            ])
            .areas(area);
            let [left, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(SIDE)]).areas(rest);
            let [detail, talk] =
                Layout::vertical([Constraint::Length(9), Constraint::Fill(1)]).areas(left);
            let [meters, log] =
                Layout::vertical([Constraint::Length(13), Constraint::Fill(1)]).areas(right);
            (p.header, p.orders, p.bottom) = (h, orders, b);
            (p.detail, p.meters, p.talk, p.log) =
                (Some(detail), Some(meters), Some(talk), Some(log));
        }
    }
    p
}

/// Draws a seat's screen: `log` is the campaign's recent log, as lines; `deadline_left`
/// the time before the week resolves without the seats still drafting (none when the room
/// has no deadline running); `status` the server's last word (a refusal, say).
pub fn draw(
    frame: &mut Frame,
    screen: &SeatScreen,
    view: &SeatView<'_>,
    sc: &Scenario,
    log: &[String],
    deadline_left: Option<Duration>,
    status: Option<&str>,
) {
    let area = frame.area();
    let t = screen.theme;
    if layout::too_small(area) {
        too_small(frame, area, t);
        return;
    }
    let strip = meter_strip(view, sc, t, usize::from(area.width));
    let rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let seats = rows(Seat::all(sc).count());
    let p = panels(
        area,
        screen.seat,
        rows(strip.len()),
        seats,
        rows(view.members.len()),
    );
    header(frame, p.header, screen, view, sc, deadline_left);
    if let Some(r) = p.strip {
        frame.render_widget(Paragraph::new(strip), r);
    }
    if let Some(r) = p.meters {
        meters(frame, r, view, sc, t);
    }
    match screen.seat {
        Seat::Member(me) => member_panel(frame, p.orders, screen, view, sc, me),
        Seat::Operations => table(frame, p.orders, screen, view, sc),
    }
    if let Some(r) = p.roster {
        roster(frame, r, view, sc, t);
    }
    if let Some(r) = p.detail {
        detail(frame, r, screen, view, sc);
    }
    // Talk and log share a place on a compact screen: the one last given the keys shows.
    let shared = p.talk == p.log;
    if let Some(r) = p.talk.filter(|_| !shared || screen.lower == Pane::Talk) {
        talk(frame, r, screen, view, sc, shared);
    }
    if let Some(r) = p.log.filter(|_| !shared || screen.lower == Pane::Log) {
        log_panel(frame, r, screen, log, shared);
    }
    let note = status
        .map(str::to_owned)
        .or_else(|| screen.note.clone())
        .or_else(|| typing_note(screen, sc));
    let committed = view.committed;
    let has_proposal = match screen.seat {
        Seat::Member(me) => proposal(view, me).is_some(),
        Seat::Operations => false,
    };
    bottom_lines(
        frame,
        p.bottom,
        t,
        screen.context(),
        note.as_deref(),
        |c| match c {
            Command::Commit => !committed,
            Command::Reopen => committed,
            Command::Adopt => has_proposal,
            _ => true,
        },
    );
    if let Some(scroll) = screen.help {
        help(frame, area, screen, scroll);
    }
}

/// A faction's short name as the scenario writes it, cleaned.
fn short(sc: &Scenario, faction: FactionIdx) -> String {
    sc.factions
        .get(faction)
        .map_or_else(String::new, |f| clean(&f.short))
}

/// A member's own figures in `width` columns: in words, or abridged where they do not fit.
fn figures(p: &Private, sc: &Scenario, width: usize) -> String {
    let home = p
        .home
        .and_then(|h| sc.fronts.get(h))
        .map_or_else(|| "none".to_owned(), |f| clean(&f.short));
    let long = format!(
        "Capacity {:.1} · exposure {:.1} · home {home}",
        p.capacity, p.exposure
    );
    if long.width() <= width {
        long
    } else {
        format!(
            "Cap. {:.1} · exp. {:.1} · home {home}",
            p.capacity, p.exposure
        )
    }
}

/// How often a member followed the operations room's proposals; `noun` names them.
fn followed(p: &Private, noun: bool) -> String {
    match (p.followed, noun) {
        ((_, 0), _) => "no past proposals".to_owned(),
        ((yes, of), true) => format!("followed {yes} of {of} proposals"),
        ((yes, of), false) => format!("followed {yes} of {of}"),
    }
}

/// How a seat's state reads in the roster and the table: played by the model, or held and
/// committed or not.
fn seat_state(held: bool, committed: bool, wide: bool) -> &'static str {
    match (held, committed, wide) {
        (false, _, _) => "model",
        (true, true, _) => "ready",
        (true, false, true) => "drafting",
        (true, false, false) => "draft",
    }
}

/// A line being typed: a label, then as much of the end of the text as fits, and a cursor.
fn input_line(label: &str, text: &str, width: usize, t: Theme) -> TextLine<'static> {
    let room = width.saturating_sub(label.width() + 1);
    let text = clean_typed(text);
    // The end of the text: what was typed last stays in sight.
    let mut start = 0;
    while text[start..].width() > room {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    TextLine::from(vec![
        Span::styled(label.to_owned(), t.dim()),
        Span::styled(text[start..].to_owned(), t.selected_cell()),
        Span::styled("▏", t.title()),
    ])
}

/// Text being typed as it is shown: what [`clean`] keeps, spaces kept as typed.
fn clean_typed(text: &str) -> String {
    text.split(' ').map(clean).collect::<Vec<_>>().join(" ")
}
