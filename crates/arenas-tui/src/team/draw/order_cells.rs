//! An order as a row of cells (front, task, intensity, claim, cost), shared by a member's
//! panel and the operations room's table.

use ratatui::style::Style;
use ratatui::text::{Line as TextLine, Span};

use arenas_core::engine::{Claim, FactionIdx, Order, Scenario, Task};
use arenas_files::text::clean;

use crate::layout::Column;
use crate::theme::Theme;
use crate::views::fit;

/// An order's fields as cells: front, task, intensity, claim, cost.
pub(super) fn order_cells(
    sc: &Scenario,
    faction: FactionIdx,
    order: &Order,
    wide: bool,
) -> [String; 5] {
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

/// One row of order cells after a label, each fitted to its width; the field
/// `selected` (when the row has the keys) is marked.
pub(super) fn order_row(
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
