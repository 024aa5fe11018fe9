//! A member's seat: its own panel (figures, order, the operations room's proposal and
//! note) and the roster of the room's seats.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::Paragraph;

use arenas_core::engine::{FactionIdx, Scenario};
use arenas_core::team::{Seat, SeatView};
use arenas_files::text::clean;

use super::order_cells::{order_cells, order_row};
use super::{figures, followed, seat_state, short};
use crate::layout;
use crate::team::seat::{Field, Pane, SeatScreen};
use crate::theme::Theme;
use crate::views::{fit, panel, shorten, wrapped_labelled};

pub(super) fn member_panel(
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

pub(super) fn roster(frame: &mut Frame, area: Rect, view: &SeatView<'_>, sc: &Scenario, t: Theme) {
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
