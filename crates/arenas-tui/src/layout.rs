//! Where everything goes: pure functions of the terminal size, shared by the views (to
//! draw) and the mouse handler (to find what was clicked).
//!
//! ```text
//! compact (80x24 and up)                  large (120x36 and up)
//! ┌header──────────────────────────────┐  ┌header──────────────────────────────────┐
//! │aims                                │  │aims                                    │
//! │orders (48)        │meters          │  │map                     │meters         │
//! ├───────────────────┼────────────────┤  │                        ├───────────────┤
//! │map (34)  │log                      │  │                        │log            │
//! │status                              │  ├orders──────────────────┤               │
//! │footer                              │  │status / footer                         │
//! ```

use ratatui::layout::{Constraint, Layout, Position, Rect};

/// Smallest terminal the game draws in.
pub const MIN_WIDTH: u16 = 80;
/// Smallest terminal the game draws in.
pub const MIN_HEIGHT: u16 = 24;

/// Whether the terminal is too small to draw the game.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Whether the roomy layout applies.
pub fn is_large(area: Rect) -> bool {
    area.width >= 120 && area.height >= 36
}

/// The panels of the campaign screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Campaign {
    pub header: Rect,
    /// The room's aims and the verdict, under the header.
    pub aims: Rect,
    pub map: Rect,
    pub meters: Rect,
    pub orders: Rect,
    pub log: Rect,
    pub status: Rect,
    pub footer: Rect,
}

impl Campaign {
    /// The panels' part of the screen: orders, meters, map and log together.
    pub fn body(&self) -> Rect {
        self.orders
            .union(self.meters)
            .union(self.map)
            .union(self.log)
    }
}

/// Height of the orders panel: seven rows, a header, a total, borders.
const ORDERS_HEIGHT: u16 = 11;
/// Height of the meters panel: a row per meter, two US tracks, the ladder rung, borders.
const METERS_HEIGHT: u16 = 13;

/// Lays out the campaign screen.
pub fn campaign(area: Rect) -> Campaign {
    let [header, aims, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [map, meters, orders, log] = if is_large(area) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(body);
        let [map, orders] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(ORDERS_HEIGHT)]).areas(left);
        let [meters, log] =
            Layout::vertical([Constraint::Length(METERS_HEIGHT), Constraint::Fill(1)]).areas(right);
        [map, meters, orders, log]
    } else {
        // The meters panel without its ladder rung: the map and log keep their rows.
        let [top, bottom] =
            Layout::vertical([Constraint::Length(METERS_HEIGHT - 1), Constraint::Fill(1)])
                .areas(body);
        let [orders, meters] =
            Layout::horizontal([Constraint::Length(48), Constraint::Fill(1)]).areas(top);
        let [map, log] =
            Layout::horizontal([Constraint::Length(34), Constraint::Fill(1)]).areas(bottom);
        [map, meters, orders, log]
    };
    Campaign {
        header,
        aims,
        map,
        meters,
        orders,
        log,
        status,
        footer,
    }
}

/// Rows a status line of `status_rows` rows (a long message wraps) takes beyond the first
/// one every screen has: up to two, and never more than an eighth of the screen.
fn extra_status_rows(area: Rect, status_rows: u16) -> u16 {
    status_rows.saturating_sub(1).min(2).min(area.height / 8)
}

/// The area a screen lays itself out in when its status line takes `status_rows` rows: the
/// rows beyond the first come off the panels above it.
pub fn above_long_status(area: Rect, status_rows: u16) -> Rect {
    Rect {
        height: area.height - extra_status_rows(area, status_rows),
        ..area
    }
}

/// Lays out the campaign screen with a status line of `status_rows` rows. A long message
/// (`message`) takes the footer's row first (its keys come back with the next message),
/// then rows off the panels above it, so the map keeps room for its labels; a long note on
/// the selected field, shown as the orders are given, keeps the keys and takes its rows
/// off the panels.
pub fn campaign_with_status(area: Rect, status_rows: u16, message: bool) -> Campaign {
    let extra = extra_status_rows(area, status_rows);
    if !message {
        let mut l = campaign(above_long_status(area, status_rows));
        l.status.height += extra;
        l.footer.y += extra;
        return l;
    }
    let from_panels = extra.saturating_sub(1);
    let mut l = campaign(Rect {
        height: area.height - from_panels,
        ..area
    });
    l.status.height += extra;
    if extra > 0 {
        l.footer = Rect {
            y: area.bottom(),
            height: 0,
            ..l.footer
        };
    }
    l
}

/// An editable field of an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Front,
    Task,
    Intensity,
    Claim,
}

impl Column {
    /// The fields, left to right.
    pub const ALL: [Column; 4] = [
        Column::Front,
        Column::Task,
        Column::Intensity,
        Column::Claim,
    ];

    /// The field to the right (wrapping).
    pub fn next(self) -> Column {
        Column::ALL[(self as usize + 1) % 4]
    }

    /// The field to the left (wrapping).
    pub fn prev(self) -> Column {
        Column::ALL[(self as usize + 3) % 4]
    }
}

/// Widths of the orders table's columns: faction, front, task, intensity, claim, cost.
pub fn order_widths(inner_width: u16) -> [u16; 6] {
    if inner_width >= 60 {
        [12, 12, 14, 3, 8, 4]
    } else {
        [10, 10, 10, 1, 5, 3]
    }
}

/// Start of each orders column inside the panel's inner area (one space between columns).
pub fn order_columns(inner: Rect) -> [(u16, u16); 6] {
    let widths = order_widths(inner.width);
    let mut x = inner.x;
    widths.map(|w| {
        let start = x;
        x += w + 1;
        (start, w)
    })
}

/// The inner area of a bordered panel.
pub fn inner(panel: Rect) -> Rect {
    Rect::new(
        panel.x + 1,
        panel.y + 1,
        panel.width.saturating_sub(2),
        panel.height.saturating_sub(2),
    )
}

/// The first of `total` rows to show in `visible` rows, so that row `selected` is shown.
pub fn first_shown(selected: usize, total: usize, visible: usize) -> usize {
    selected
        .saturating_sub(visible.saturating_sub(1))
        .min(total.saturating_sub(visible))
}

/// How many order rows the orders panel shows: its inner height less the header and the
/// total.
pub fn order_rows_shown(panel: Rect) -> usize {
    usize::from(inner(panel).height.saturating_sub(2))
}

/// The order row (and field, when one was hit) under a point of the orders panel, whose
/// rows scroll to show row `selected`.
pub fn orders_cell_at(
    panel: Rect,
    rows: usize,
    selected: usize,
    at: Position,
) -> Option<(usize, Option<Column>)> {
    let inner = inner(panel);
    if !inner.contains(at) || at.y == inner.y {
        return None;
    }
    let shown = order_rows_shown(panel);
    let line = usize::from(at.y - inner.y - 1);
    let row = first_shown(selected, rows, shown) + line;
    if line >= shown || row >= rows {
        return None;
    }
    let columns = order_columns(inner);
    let column = (1..=4)
        .find(|&i| (columns[i].0..columns[i].0 + columns[i].1 + 1).contains(&at.x))
        .map(|i| Column::ALL[i - 1]);
    Some((row, column))
}

/// The part of a menu screen above its status and key lines.
pub fn menu_body(area: Rect) -> Rect {
    Rect::new(area.x, area.y, area.width, area.height.saturating_sub(2))
}

/// The box of a centred menu of `items` entries in a menu screen's body.
pub fn menu(area: Rect, items: usize) -> Rect {
    let height = (items as u16 + 2).min(area.height);
    let width = 36.min(area.width);
    let y = area.y + (area.height.saturating_sub(height)) * 2 / 3;
    Rect::new(area.x + (area.width - width) / 2, y, width, height)
}

/// The menu entry under a point of a menu screen, whose entries scroll to show entry
/// `selected`.
pub fn menu_item_at(area: Rect, items: usize, selected: usize, at: Position) -> Option<usize> {
    let inner = inner(menu(menu_body(area), items));
    let first = first_shown(selected, items, usize::from(inner.height));
    inner
        .contains(at)
        .then(|| first + usize::from(at.y - inner.y))
        .filter(|i| *i < items)
}

/// The box of the Load screen's list in a menu screen's body: two lines of heading, then
/// the saves.
pub fn load_list(body: Rect) -> Rect {
    let width = body.width.saturating_sub(6).min(110);
    let x = body.x + (body.width.saturating_sub(width + 2)) / 2;
    Rect::new(x, body.y + 1, width + 2, body.height.saturating_sub(2))
}

/// Rows at the foot of the Load screen's list that show the selected save in full.
pub const LOAD_DETAIL_ROWS: u16 = 2;

/// How many saves the Load screen shows at once: its inner height less two lines of
/// heading, a blank line and the selected save in full.
pub fn load_rows_shown(list: Rect) -> usize {
    usize::from(list.height.saturating_sub(5 + LOAD_DETAIL_ROWS).max(1))
}

/// The save under a point of the Load screen, whose list scrolls to show save `selected`.
pub fn load_item_at(area: Rect, items: usize, selected: usize, at: Position) -> Option<usize> {
    let list = load_list(menu_body(area));
    let inner = inner(list);
    let shown = load_rows_shown(list);
    let line = usize::from(at.y.checked_sub(inner.y + 2)?);
    let i = first_shown(selected, items, shown) + line;
    (inner.contains(at) && line < shown && i < items).then_some(i)
}

/// The tab bar of the debrief.
pub fn debrief_tabs(area: Rect) -> Rect {
    Rect::new(area.x, area.y + 1, area.width, 1)
}

/// Width of one debrief tab label, including its padding.
pub const DEBRIEF_TAB_WIDTH: u16 = 16;

/// The debrief tab under a point.
pub fn debrief_tab_at(area: Rect, tabs: usize, at: Position) -> Option<usize> {
    let bar = debrief_tabs(area);
    (bar.contains(at) && at.x > bar.x)
        .then(|| usize::from((at.x - bar.x - 1) / DEBRIEF_TAB_WIDTH))
        .filter(|t| *t < tabs)
}

/// A centred box taking a share of the area, at least `min` cells where possible.
pub fn popup(area: Rect, width_percent: u16, height_percent: u16, min: (u16, u16)) -> Rect {
    let w = (area.width * width_percent / 100)
        .max(min.0)
        .min(area.width);
    let h = (area.height * height_percent / 100)
        .max(min.1)
        .min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_tile_the_screen_at_both_sizes() {
        for (w, h) in [(80, 24), (100, 30), (160, 48), (240, 70)] {
            let area = Rect::new(0, 0, w, h);
            let l = campaign(area);
            for r in [
                l.header, l.aims, l.map, l.meters, l.orders, l.log, l.status, l.footer,
            ] {
                assert!(
                    area.contains(r.as_position()) && r.right() <= w && r.bottom() <= h,
                    "{r:?} in {w}x{h}"
                );
            }
            assert!(l.orders.height >= ORDERS_HEIGHT && l.meters.height >= ORDERS_HEIGHT);
            assert!(
                !l.orders.intersects(l.meters)
                    && !l.map.intersects(l.log)
                    && !l.orders.intersects(l.map)
            );
        }
    }

    #[test]
    fn clicks_find_order_cells() {
        let panel = Rect::new(0, 1, 48, 11);
        let cols = order_columns(inner(panel));
        let task_x = cols[2].0;
        assert_eq!(
            orders_cell_at(panel, 7, 0, Position::new(task_x, 3)),
            Some((0, Some(Column::Task)))
        );
        assert_eq!(
            orders_cell_at(panel, 7, 0, Position::new(1, 9)),
            Some((6, None))
        );
        assert_eq!(
            orders_cell_at(panel, 7, 0, Position::new(1, 2)),
            None,
            "header row"
        );
        assert_eq!(orders_cell_at(panel, 7, 0, Position::new(60, 3)), None);
    }
}
