//! The last map drawn on this thread, kept so that a frame which redraws the same map over
//! the same cells (every tick between two key presses) copies the cells instead of
//! drawing the outlines and placing the labels again.

use std::cell::RefCell;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use super::MapView;
use crate::theme::Theme;
use arenas_core::engine::{Order, Scenario};

/// What a map was drawn from, and the cells of its area before and after.
struct Memo {
    scenario: Scenario,
    tension: Vec<f64>,
    orders: Vec<Order>,
    theme: Theme,
    area: Rect,
    before: Vec<Cell>,
    after: Vec<Cell>,
}

thread_local! {
    static LAST: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

/// The buffer's rows inside `area` (which lies within the buffer).
fn rows(buf: &Buffer, area: Rect) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    (area.top()..area.bottom()).map(move |y| {
        let start = buf.index_of(area.x, y);
        start..start + usize::from(area.width)
    })
}

fn cells(buf: &Buffer, area: Rect) -> Vec<Cell> {
    rows(buf, area)
        .flat_map(|r| buf.content[r].iter().cloned())
        .collect()
}

impl Memo {
    /// Whether drawing `view` over `buf` would give this memo's cells.
    fn holds(&self, view: &MapView, area: Rect, buf: &Buffer) -> bool {
        let width = usize::from(area.width);
        self.area == area
            && self.theme == view.theme
            && self.tension == view.tension
            && self.orders == view.orders
            && self.scenario == *view.scenario
            && rows(buf, area)
                .zip(self.before.chunks(width))
                .all(|(r, was)| buf.content[r] == *was)
    }

    fn paste(&self, buf: &mut Buffer, area: Rect) {
        let width = usize::from(area.width);
        for (y, cells) in (area.top()..area.bottom()).zip(self.after.chunks(width)) {
            let start = buf.index_of(area.x, y);
            buf.content[start..start + width].clone_from_slice(cells);
        }
    }
}

/// Draws `view` in `area` (within the buffer), from the memo when it holds.
pub(super) fn draw(view: &MapView, area: Rect, buf: &mut Buffer) {
    LAST.with_borrow_mut(|last| {
        if let Some(memo) = last.as_ref().filter(|m| m.holds(view, area, buf)) {
            memo.paste(buf, area);
            return;
        }
        let before = cells(buf, area);
        view.draw(area, buf);
        *last = Some(Memo {
            scenario: view.scenario.clone(),
            tension: view.tension.to_vec(),
            orders: view.orders.to_vec(),
            theme: view.theme,
            area,
            before,
            after: cells(buf, area),
        });
    });
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Style};

    use super::super::tests::SETUP;
    use super::*;

    /// The map over `buf` drawn afresh, and through the memo.
    fn both(view: &MapView, area: Rect, buf: &Buffer) -> (Buffer, Buffer) {
        let mut fresh = buf.clone();
        view.draw(area, &mut fresh);
        let mut memoised = buf.clone();
        draw(view, area, &mut memoised);
        (fresh, memoised)
    }

    #[test]
    fn a_memoised_map_is_the_map_drawn_afresh() {
        let (scenario, tension, orders) = &*SETUP;
        let view = MapView {
            scenario,
            tension,
            orders,
            theme: Theme::COLOUR,
        };
        let area = Rect::new(2, 1, 100, 30);
        let blank = Buffer::empty(Rect::new(0, 0, 110, 34));
        let mut shaded = blank.clone();
        shaded.set_style(area, Style::new().bg(Color::Blue));
        for buf in [&blank, &blank, &shaded, &shaded, &blank] {
            let (fresh, memoised) = both(&view, area, buf);
            assert_eq!(fresh, memoised);
        }
        // Another tension, and another area: drawn again, not pasted.
        let hotter: Vec<f64> = tension.iter().map(|t| (t + 40.0).min(100.0)).collect();
        let hot = MapView {
            tension: &hotter,
            ..view
        };
        for (v, a) in [(&hot, area), (&view, Rect::new(0, 0, 90, 30))] {
            let (fresh, memoised) = both(v, a, &blank);
            assert_eq!(fresh, memoised);
        }
        let (before, _) = both(&view, area, &blank);
        let (after, _) = both(&hot, area, &blank);
        assert_ne!(before, after, "the tension shows on the map");
    }
}
