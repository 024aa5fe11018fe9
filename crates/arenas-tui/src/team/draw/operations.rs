//! The operations room: its table of members (shares, drafted orders, proposals) and the
//! panel of the selected member.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::Paragraph;

use arenas_core::engine::{FactionIdx, Order, Scenario, Task};
use arenas_core::team::{Seat, SeatView};
use arenas_files::text::clean;

use super::order_cells::{order_cells, order_row};
use super::{figures, followed, input_line, seat_state, short};
use crate::layout;
use crate::team::seat::{Field, Pane, SeatScreen, Target};
use crate::views::{fit, panel, wrapped_labelled};

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

/// The operations room's table: a row per faction, with its share, the order its seat has
/// drafted and the room's proposal (the patron's row: the room's own order).
pub(super) fn table(
    frame: &mut Frame,
    area: Rect,
    screen: &SeatScreen,
    view: &SeatView<'_>,
    sc: &Scenario,
) {
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
pub(super) fn detail(
    frame: &mut Frame,
    area: Rect,
    screen: &SeatScreen,
    view: &SeatView<'_>,
    sc: &Scenario,
) {
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
