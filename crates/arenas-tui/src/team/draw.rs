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

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use arenas_core::engine::{Claim, FactionIdx, METERS, Meter, Order, Scenario, Task, UsTrack};
use arenas_core::team::{Line, Private, Seat, SeatView};
use arenas_files::text::clean;

use super::keys::{self, Command, Context};
use super::seat::{Field, Pane, SeatScreen, Target, proposal};
use crate::layout::{self, Column};
use crate::theme::Theme;
use crate::views::{fit, fitted_hints, limit, panel, shorten, wrap, wrapped_labelled};

pub(super) use crate::views::too_small;

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

/// What the status line says while text is typed.
fn typing_note(screen: &SeatScreen, sc: &Scenario) -> Option<String> {
    let (target, _) = screen.typing.as_ref()?;
    Some(match target {
        Target::Note(m) => format!(
            "The note goes with the proposal to {}: up to {} characters; Ctrl-U clears it.",
            short(sc, *m),
            arenas_core::team::MAX_NOTE_CHARS
        ),
        Target::Message(line) => format!(
            "The message goes {}: up to {} characters.",
            line_name(*line, screen.seat, sc),
            arenas_core::team::MAX_MESSAGE_CHARS
        ),
    })
}

/// The status line and the key hints of `context` that `shows` keeps, on the two rows of
/// `area`.
pub(super) fn bottom_lines(
    frame: &mut Frame,
    area: Rect,
    t: Theme,
    context: Context,
    status: Option<&str>,
    shows: impl Fn(Command) -> bool,
) {
    let [s, f] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    if let Some(text) = status {
        let text = shorten(&format!(" {}", clean(text)), usize::from(s.width));
        frame.render_widget(Paragraph::new(TextLine::styled(text, t.warn())), s);
    }
    let hints = keys::hints(context, shows);
    frame.render_widget(
        Paragraph::new(TextLine::from(fitted_hints(t, f.width, &hints))),
        f,
    );
}

/// The help's lines for a context: its paragraphs, then its keys, then `after`, wrapped
/// to `width`.
pub(super) fn help_lines(
    t: Theme,
    paragraphs: &[&str],
    context: Context,
    after: Vec<TextLine<'static>>,
    width: u16,
) -> Vec<TextLine<'static>> {
    let mut lines = Vec::new();
    for p in paragraphs {
        lines.push(TextLine::raw(p.to_string()));
        lines.push(TextLine::raw(""));
    }
    lines.push(TextLine::styled("Keys", t.title()));
    for (label, hint) in keys::listed(context) {
        lines.push(TextLine::from(vec![
            Span::styled(format!(" {label:<6}"), t.key()),
            Span::raw(format!("  {hint}")),
        ]));
    }
    lines.push(TextLine::from(vec![
        Span::styled(" Ctrl-C", t.key()),
        Span::raw("  leave at once"),
    ]));
    lines.extend(after);
    wrapped_labelled(&lines, usize::from(width))
}

fn help(frame: &mut Frame, area: Rect, screen: &SeatScreen, scroll: u16) {
    let t = screen.theme;
    let rect = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    let member: &[&str] = &[
        "You hold one member's seat. Set your member's order within the points the operations \
         room gave you, then commit (c). The operations room may propose an order with a note; \
         a adopts it, or you give your own. Until the week resolves you see your own figures \
         and the public meters, not the other members' figures or orders.",
        "The week resolves when every held seat has committed, or when the deadline passes: a \
         seat that has not committed holds. u takes back a commit while the week is open.",
        "Talk: t writes a message; in the talk pane, the arrows switch between the whole room \
         and your private line with the operations room.",
    ];
    let operations: &[&str] = &[
        "You hold the operations room. Divide the week's points among the members (+ and -); \
         what you do not give out stays with you for the patron's own order, on its row. On a \
         member's row, Enter on a field proposes an order to that member and n adds a note; \
         x withdraws the proposal. Members decide for themselves whether to follow it.",
        "You see every member's figures and the orders they have drafted. A seat no one holds \
         is played by the model: it carries out the proposal with the chance shown, or holds.",
        "Talk: t writes a message; in the talk pane, the arrows switch between the whole room \
         and the private line of the selected member.",
    ];
    let text = match screen.seat {
        Seat::Member(_) => member,
        Seat::Operations => operations,
    };
    let context = match screen.seat {
        Seat::Member(_) => Context::Member,
        Seat::Operations => Context::Operations,
    };
    // Every meter of the table, named and explained as in the solo game's help.
    let mut meters = vec![TextLine::raw(""), TextLine::styled("Meters", t.title())];
    for m in &METERS {
        meters.push(TextLine::from(vec![
            Span::styled(format!(" {}  ", m.name), t.title()),
            Span::raw(m.meaning),
        ]));
    }
    help_overlay(frame, rect, t, (text, context), meters, scroll);
}

/// The help over `rect`: the paragraphs of `text`, the keys of `context`, then `after`,
/// scrolled by `scroll` (at most to its last page).
pub(super) fn help_overlay(
    frame: &mut Frame,
    rect: Rect,
    t: Theme,
    (text, context): (&[&str], Context),
    after: Vec<TextLine<'static>>,
    scroll: u16,
) {
    frame.render_widget(Clear, rect);
    let block = panel(t, "Help — Esc closes", true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = help_lines(t, text, context, after, inner.width);
    let scroll = scroll.min(limit(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// A duration left as minutes and seconds.
fn clock(left: Duration) -> String {
    let s = left.as_secs();
    if s == 0 {
        "time is up".to_owned()
    } else {
        format!("{}:{:02} left", s / 60, s % 60)
    }
}

fn header(
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

/// The public meters as items "name value", flowed into as few lines as `width` allows.
fn meter_strip(
    view: &SeatView<'_>,
    sc: &Scenario,
    t: Theme,
    width: usize,
) -> Vec<TextLine<'static>> {
    let mut items: Vec<(String, String)> = Meter::ALL
        .iter()
        .map(|&m| (sc.meter_short(m), m.format(view.public.meters[m])))
        .collect();
    for (track, label) in [
        (UsTrack::Forces, "US forces"),
        (UsTrack::Escalation, "US escal."),
    ] {
        let n = sc.us_track(track).count();
        items.push((
            label.to_owned(),
            format!("{}/{n}", view.public.us_rungs[track as usize]),
        ));
    }
    let (rung, _) = sc.ladder_rung(view.public.meters[Meter::Escalation]);
    items.push(("Ladder".to_owned(), format!("{rung}/{}", sc.ladder.len())));
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = vec![Span::raw(" ")];
    let mut used = 1;
    for (name, value) in items {
        let w = name.width() + 1 + value.width();
        if used > 1 && used + 3 + w > width {
            lines.push(TextLine::from(std::mem::replace(
                &mut spans,
                vec![Span::raw(" ")],
            )));
            used = 1;
        }
        if used > 1 {
            spans.push(Span::styled(" · ", t.dim()));
            used += 3;
        }
        spans.push(Span::styled(format!("{name} "), t.dim()));
        spans.push(Span::styled(value, t.title()));
        used += w;
    }
    lines.push(TextLine::from(spans));
    lines
}

fn meters(frame: &mut Frame, area: Rect, view: &SeatView<'_>, sc: &Scenario, t: Theme) {
    let block = panel(t, "Meters", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let name_w = 24;
    let rest = usize::from(inner.width).saturating_sub(name_w);
    let mut lines: Vec<TextLine> = Meter::ALL
        .iter()
        .map(|&m| {
            TextLine::from(vec![
                Span::raw(fit(&sc.meter_name(m), name_w)),
                Span::styled(format!("{:>7}", m.format(view.public.meters[m])), t.title()),
            ])
        })
        .collect();
    for (track, label) in [
        (UsTrack::Forces, "US forces track"),
        (UsTrack::Escalation, "US escalation track"),
    ] {
        let climbed = view.public.us_rungs[track as usize];
        let n = sc.us_track(track).count();
        let name = usize::from(climbed)
            .checked_sub(1)
            .and_then(|c| sc.us_track(track).nth(c))
            .map_or_else(
                || "no step yet".to_owned(),
                |i| clean(&sc.us_ladder[i].name),
            );
        let style = if climbed > 0 { t.warn() } else { t.text() };
        lines.push(TextLine::from(vec![
            Span::styled(fit(label, name_w), t.dim()),
            Span::styled(fit(&format!("{climbed}/{n} {name}"), rest), style),
        ]));
    }
    let (rung, rung_name) = sc.ladder_rung(view.public.meters[Meter::Escalation]);
    lines.push(TextLine::from(vec![
        Span::styled(fit("Ladder rung", name_w), t.dim()),
        Span::raw(fit(
            &format!("{rung}/{} {}", sc.ladder.len(), clean(rung_name)),
            rest,
        )),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A faction's short name as the scenario writes it, cleaned.
fn short(sc: &Scenario, faction: FactionIdx) -> String {
    sc.factions
        .get(faction)
        .map_or_else(String::new, |f| clean(&f.short))
}

/// An order's fields as cells: front, task, intensity, claim, cost.
fn order_cells(sc: &Scenario, faction: FactionIdx, order: &Order, wide: bool) -> [String; 5] {
    let holds = order.task == Task::Hold;
    let dash = || "–".to_owned();
    let offers_claim = sc.factions.get(faction).is_some_and(|f| f.offers_claim());
    let claim = match (holds || !offers_claim, order.claim, wide) {
        (true, _, _) => dash(),
        (false, c, true) => c.id().to_owned(),
        (false, Claim::Claimed, false) => "claim".to_owned(),
        (false, Claim::Deniable, false) => "deny".to_owned(),
    };
    let cost = sc.order_cost(faction, order);
    [
        if holds {
            "—".to_owned()
        } else {
            sc.fronts
                .get(order.front)
                .map_or_else(dash, |f| clean(&f.short))
        },
        if wide {
            order.task.name()
        } else {
            order.task.short_name()
        }
        .to_owned(),
        if holds {
            dash()
        } else {
            order.intensity.to_string()
        },
        claim,
        if cost == 0 {
            "·".to_owned()
        } else {
            cost.to_string()
        },
    ]
}

/// An order in a few words, for a cell of `width` columns: "Ltd strike 2 Golan".
fn order_brief(sc: &Scenario, faction: FactionIdx, order: &Order) -> String {
    if order.task == Task::Hold {
        return "holds".to_owned();
    }
    let home = sc.factions.get(faction).and_then(|f| f.home);
    let front = match sc.fronts.get(order.front) {
        Some(f) if home != Some(order.front) => format!(" {}", clean(&f.short)),
        _ => String::new(),
    };
    format!("{} {}{front}", order.task.short_name(), order.intensity)
}

/// One row of order cells after a label, each fitted to its width; the field
/// `selected` (when the row has the keys) is marked.
fn order_row(
    label: Span<'static>,
    cells: [String; 5],
    widths: [u16; 5],
    selected: Option<Column>,
    cost_style: Style,
    t: Theme,
) -> TextLine<'static> {
    let mut spans = vec![label];
    for (j, cell) in cells.into_iter().enumerate() {
        let w = usize::from(widths[j]);
        spans.push(Span::raw(" "));
        let text = if j == 4 {
            format!("{cell:>w$}")
        } else {
            fit(&cell, w)
        };
        let style = if j < 4 && selected == Some(Column::ALL[j]) {
            t.selected_cell()
        } else if j == 4 {
            cost_style
        } else {
            t.text()
        };
        spans.push(Span::styled(text, style));
    }
    TextLine::from(spans)
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

fn member_panel(
    frame: &mut Frame,
    area: Rect,
    screen: &SeatScreen,
    view: &SeatView<'_>,
    sc: &Scenario,
    me: FactionIdx,
) {
    let t = screen.theme;
    let focused = screen.pane == Pane::Orders;
    let name = sc
        .factions
        .get(me)
        .map_or_else(String::new, |f| clean(&f.name));
    let block = panel(t, &format!("{name} — your seat"), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(p) = view.members.get(me).and_then(|m| m.private.as_ref()) else {
        return;
    };
    let width = usize::from(inner.width);
    let columns = layout::order_columns(inner);
    let widths = [1, 2, 3, 4, 5].map(|j| columns[j].1);
    let wide = inner.width >= 60;
    let label = |s: &str, style: Style| Span::styled(fit(s, usize::from(columns[0].1)), style);
    let mut lines = vec![TextLine::styled(
        fit(&figures(p, sc, width), width),
        t.text(),
    )];
    let heads = ["Front", "Task", "I", "Claim", "Pts"];
    let mut head = vec![Span::raw(fit("", usize::from(columns[0].1)))];
    for (j, h) in heads.iter().enumerate() {
        let w = usize::from(columns[j + 1].1);
        head.push(Span::raw(" "));
        head.push(Span::raw(if j == 4 {
            format!("{h:>w$}")
        } else {
            fit(h, w)
        }));
    }
    lines.push(TextLine::from(head).style(t.dim()));
    let selected = match screen.field {
        Field::Order(c) if focused => Some(c),
        _ => None,
    };
    let cost_style = if view.spent > view.points {
        t.bad()
    } else {
        t.text()
    };
    let mine = order_row(
        label("Your order", t.title()),
        order_cells(sc, me, &p.order, wide),
        widths,
        selected,
        cost_style,
        t,
    );
    lines.push(if focused {
        mine.style(t.selected_row())
    } else {
        mine
    });
    match &p.proposal {
        Some(prop) => {
            let over = sc.order_cost(me, &prop.order) > p.points;
            let cells = order_cells(sc, me, &prop.order, wide);
            let same = prop.order == p.order;
            let tag = if same { "Proposed ✓" } else { "Proposed" };
            let style = if over { t.bad() } else { t.text() };
            lines.push(order_row(
                label(tag, t.dim()),
                cells,
                widths,
                None,
                style,
                t,
            ));
        }
        None => lines.push(TextLine::styled(
            fit("No proposal from the operations room this week.", width),
            t.dim(),
        )),
    }
    let spare = usize::from(inner.height).saturating_sub(lines.len() + 1);
    if let Some(prop) = p.proposal.as_ref().filter(|p| !p.note.trim().is_empty()) {
        let note = TextLine::from(vec![
            Span::styled("Note: ", t.dim()),
            Span::raw(clean(&prop.note)),
        ]);
        let mut wrapped = wrapped_labelled(&[note], width);
        if wrapped.len() > spare {
            let rest: Vec<String> = wrapped[spare.saturating_sub(1)..]
                .iter()
                .map(ToString::to_string)
                .collect();
            wrapped.truncate(spare.saturating_sub(1));
            wrapped.push(TextLine::raw(shorten(rest.join(" ").trim(), width)));
        }
        lines.extend(wrapped);
    }
    while lines.len() < usize::from(inner.height).saturating_sub(1) {
        lines.push(TextLine::raw(""));
    }
    let tail = format!(
        "{} points · costs {} · {}",
        view.points,
        view.spent,
        followed(p, true)
    );
    lines.push(TextLine::styled(fit(&tail, width), t.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
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

fn roster(frame: &mut Frame, area: Rect, view: &SeatView<'_>, sc: &Scenario, t: Theme) {
    let block = panel(t, "Room", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let state_w = 8;
    let name_w = (width.saturating_sub(state_w + 2)) / 2;
    let holder_w = width.saturating_sub(name_w + state_w + 2);
    let mut lines = Vec::new();
    for m in &view.seats {
        let seat = m.seat;
        let name = match seat {
            Seat::Operations => "Operations".to_owned(),
            Seat::Member(i) => short(sc, i),
        };
        let holder = match (&m.holder, seat == view.seat) {
            (_, true) => "you".to_owned(),
            (Some(h), false) => clean(h),
            (None, false) => "—".to_owned(),
        };
        let state = seat_state(m.holder.is_some(), m.committed, true);
        let style = match state {
            "ready" => t.good(),
            "model" => t.dim(),
            _ => t.text(),
        };
        lines.push(TextLine::from(vec![
            Span::raw(fit(&name, name_w)),
            Span::raw(" "),
            Span::styled(fit(&holder, holder_w), t.dim()),
            Span::raw(" "),
            Span::styled(fit(state, state_w), style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The operations room's table: a row per faction, with its share, the order its seat has
/// drafted and the room's proposal (the patron's row: the room's own order).
fn table(frame: &mut Frame, area: Rect, screen: &SeatScreen, view: &SeatView<'_>, sc: &Scenario) {
    let t = screen.theme;
    let focused = screen.pane == Pane::Orders;
    let rows = view.members.len();
    // Inside the borders, a row of headings, then the rows.
    let shown = usize::from(area.height.saturating_sub(3));
    let row = screen.selected(view);
    let first = layout::first_shown(row, rows, shown);
    let title = if rows > shown && shown > 0 {
        format!(
            "Members {}–{} of {rows}",
            first + 1,
            (first + shown).min(rows)
        )
    } else {
        "Members: shares, drafted orders, proposals".to_owned()
    };
    let given: u32 = view
        .members
        .iter()
        .filter(|m| m.seat != Seat::Operations)
        .filter_map(|m| m.private.as_ref().map(|p| p.points))
        .sum();
    let total = format!(
        " Given {given} of {} points · kept {} · your own order costs {} ",
        view.public.budget, view.points, view.spent
    );
    let total_style = if view.spent > view.points {
        t.bad()
    } else {
        t.dim()
    };
    let block = panel(t, &title, focused).title_bottom(TextLine::styled(total, total_style));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let wide = inner.width >= 110;
    // Member, then (wide) who holds it and its figures, points, drafted order, then the
    // proposal's fields and the seat's state.
    let (name_w, draft_w, order, state_w) = if wide {
        (12, 22, [10, 14, 1, 8, 3], 8)
    } else {
        (10, 18, [10, 10, 1, 5, 3], 5)
    };
    let (holder_w, figure_w) = (12, 5);
    let mut head = vec![Span::raw(fit("Member", name_w))];
    if wide {
        head.push(Span::raw(format!(" {}", fit("Held by", holder_w))));
        head.push(Span::raw(format!(
            " {:>figure_w$} {:>figure_w$}",
            "Cap.", "Exp."
        )));
    }
    head.push(Span::raw(format!(" {:>4}", "Pts")));
    head.push(Span::raw(format!(" {}", fit("Drafted", draft_w))));
    for (j, h) in ["Proposal", "Task", "I", "Claim", "Pts"].iter().enumerate() {
        let w = usize::from(order[j]);
        head.push(Span::raw(if j == 4 {
            format!(" {h:>w$}")
        } else {
            format!(" {}", fit(h, w))
        }));
    }
    head.push(Span::raw(format!(" {}", fit("Seat", state_w))));
    let mut lines = vec![TextLine::from(head).style(t.dim())];
    for (i, m) in view.members.iter().enumerate().skip(first).take(shown) {
        let Some(p) = &m.private else { continue };
        let patron = m.seat == Seat::Operations;
        let here = focused && i == row;
        let mut spans = vec![Span::raw(fit(&short(sc, i), name_w))];
        if wide {
            let holder = match (&m.holder, patron) {
                (_, true) => "you".to_owned(),
                (Some(h), _) => clean(h),
                (None, _) => "—".to_owned(),
            };
            spans.push(Span::styled(
                format!(" {}", fit(&holder, holder_w)),
                t.dim(),
            ));
            spans.push(Span::raw(format!(
                " {:>figure_w$.1} {:>figure_w$.1}",
                p.capacity, p.exposure
            )));
        }
        spans.push(Span::raw(" "));
        let share_style = if here && screen.field == Field::Share {
            t.selected_cell()
        } else if patron {
            t.dim()
        } else {
            t.text()
        };
        spans.push(Span::styled(format!("{:>4}", p.points), share_style));
        spans.push(Span::raw(" "));
        // The patron's row: what the room kept, and its own order in the proposal's place.
        let (drafted, shown_order, over) = if patron {
            (
                "kept; own order:".to_owned(),
                Some(p.order),
                view.spent > view.points,
            )
        } else {
            let q = p.proposal.as_ref().map(|q| q.order);
            let over = q.is_some_and(|o| sc.order_cost(i, &o) > p.points);
            (order_brief(sc, i, &p.order), q, over)
        };
        spans.push(Span::styled(
            fit(&drafted, draft_w),
            if patron { t.dim() } else { t.text() },
        ));
        let selected = match screen.field {
            Field::Order(c) if here => Some(c),
            _ => None,
        };
        let cells = shown_order.map_or_else(
            || ["none", "", "", "", ""].map(str::to_owned),
            |o| order_cells(sc, i, &o, wide),
        );
        let cost_style = if over { t.bad() } else { t.text() };
        let cells = order_row(Span::raw(""), cells, order, selected, cost_style, t);
        spans.extend(cells.spans);
        let committed = if patron { view.committed } else { m.committed };
        let state = seat_state(m.holder.is_some() || patron, committed, wide);
        let style = match state {
            "ready" => t.good(),
            "model" => t.dim(),
            _ => t.text(),
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(fit(state, state_w), style));
        let line = TextLine::from(spans);
        lines.push(if i == row {
            line.style(t.selected_row())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The selected row of the operations room's table in full.
fn detail(frame: &mut Frame, area: Rect, screen: &SeatScreen, view: &SeatView<'_>, sc: &Scenario) {
    let t = screen.theme;
    let row = screen.selected(view);
    let name = sc
        .factions
        .get(row)
        .map_or_else(String::new, |f| clean(&f.name));
    let block = panel(t, &name, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let Some(m) = view.members.get(row) else {
        return;
    };
    let Some(p) = &m.private else { return };
    let mut lines: Vec<TextLine> = Vec::new();
    if m.seat == Seat::Operations {
        lines.push(TextLine::raw(format!(
            "Your own order: {} points kept, it costs {}.",
            view.points, view.spent
        )));
        lines.push(TextLine::styled(
            "Points not given to the members stay here.",
            t.dim(),
        ));
    } else {
        lines.push(match &m.holder {
            Some(h) => TextLine::raw(format!(
                "{} · {}",
                clean(h),
                if m.committed { "committed" } else { "drafting" }
            )),
            None => TextLine::styled("No one holds it: the model plays it.", t.dim()),
        });
        lines.push(TextLine::raw(figures(p, sc, width)));
        lines.push(TextLine::raw(format!(
            "Share {} · costs {} · {}",
            p.points,
            sc.order_cost(row, &p.order),
            followed(p, false)
        )));
        let typing = match &screen.typing {
            Some((Target::Note(n), text)) if *n == row => Some(text),
            _ => None,
        };
        match (typing, &p.proposal) {
            (Some(text), _) => lines.push(input_line("Note: ", text, width, t)),
            (None, Some(q)) if !q.note.trim().is_empty() => lines.push(TextLine::from(vec![
                Span::styled("Note: ", t.dim()),
                Span::raw(clean(&q.note)),
            ])),
            (None, Some(_)) => lines.push(TextLine::styled("No note: n writes one.", t.dim())),
            (None, None) => lines.push(TextLine::styled(
                "No proposal: Enter on a field proposes one.",
                t.dim(),
            )),
        }
        if let Some(c) = p.compliance {
            let pct = |x: f64| (x * 100.0).round();
            lines.push(TextLine::styled(
                format!(
                    "If the model plays it: {:.0}% as proposed, {:.0}% lower, {:.0}% refused.",
                    pct(c.full),
                    pct(c.reduced),
                    pct(c.refused)
                ),
                t.warn(),
            ));
        }
    }
    let lines = wrapped_labelled(&lines, width);
    frame.render_widget(Paragraph::new(lines), inner);
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

/// Where a line goes, as the status line says it to `seat`.
fn line_name(line: Line, seat: Seat, sc: &Scenario) -> String {
    match (line, seat) {
        (Line::Room, _) => "to the whole room".to_owned(),
        (Line::Private(m), Seat::Operations) => format!("privately to {}", short(sc, m)),
        (Line::Private(_), Seat::Member(_)) => "privately to the operations room".to_owned(),
    }
}

fn talk(
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

fn log_panel(frame: &mut Frame, area: Rect, screen: &SeatScreen, log: &[String], shared: bool) {
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
