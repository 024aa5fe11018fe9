//! The campaign map: coastlines and borders in braille, the fronts outlined in the colour of
//! their tension, each labelled with a short name, its tension and this turn's orders on it.
//!
//! Two layouts, chosen by the size of the area:
//!
//! - **Wide** (at least [`WIDE_MIN_WIDTH`] × [`WIDE_MIN_HEIGHT`] cells): a regional view from
//!   the Levant to the Gulf and Yemen on the left, where the outer arenas are marked with `◆`
//!   and labelled, and a bordered "Levant" inset on the right, where the four close-together
//!   fronts are outlined and labelled.
//! - **Compact** (anything smaller, e.g. 32×8 on an 80×24 terminal): one view of the Levant,
//!   kept at the left edge so the labels have room to its right; a front that falls outside
//!   the view (Yemen, usually Iraq/Syria) is shown as an arrow and its label at the edge it lies
//!   beyond, e.g. `→ Iraq/Syria 25` or `↘ Yemen 10`.
//!
//! A label reads `Gaza 80 L2 E3`: short name, tension (0–100, always printed, so the map is
//! readable without colour) and one mark per active order on the front ([`order_mark`]). When
//! space is short, repeated marks are counted (`2×L2`), the marks move to a second line or
//! are stacked, and the label moves further from its front, over the outlines if it must;
//! only a view too small for the whole label anywhere drops the marks, then the tension.
//! Labels are drawn on a blank background, a blank cell either side. Seas and countries
//! are named where the map leaves room (`places`).
//!
//! The outlines are Natural Earth data embedded from `assets/map/` and parsed once.
//!
//! `projection` maps longitude and latitude to cells, `outlines` holds the map data,
//! `lines` draws on the braille canvas, `labels` places the labels and `places` the names
//! of seas and countries; this file holds
//! the widget and its layouts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::canvas::Canvas;
use ratatui::widgets::{Block, Widget};

use crate::theme::Theme;
use arenas_core::engine::{Order, Scenario};

mod labels;
mod lines;
mod memo;
mod outlines;
mod places;
mod projection;

pub use labels::{order_mark, short_label};
use lines::{Outlines, Ring};
use outlines::{DETAIL, REGION};
use projection::{DETAIL_BOX, INSET_BOX, REGION_BOX, View, natural_width};

/// Narrowest area that gets the regional view plus the Levant inset.
pub const WIDE_MIN_WIDTH: u16 = 60;
/// Lowest area that gets the regional view plus the Levant inset.
pub const WIDE_MIN_HEIGHT: u16 = 10;

// The inset takes at least 24 columns and at most half.
const _: () = assert!(WIDE_MIN_WIDTH >= 48);

/// The map of the campaign screen. Draws inside its area, without an outer border; see the
/// [module documentation](self) for the layouts.
pub struct MapView<'a> {
    /// Fronts and their outlines.
    pub scenario: &'a Scenario,
    /// Tension per front (0–100), indexed like `scenario.fronts`.
    pub tension: &'a [f64],
    /// This turn's orders, one per faction.
    pub orders: &'a [Order],
    /// Colours, or none.
    pub theme: Theme,
}

/// Which outline data a view draws.
#[derive(Clone, Copy)]
enum Detail {
    /// 1:50m only.
    Region,
    /// 1:10m in the Levant, 1:50m around it.
    Levant,
}

/// The two layouts of the map.
enum Layout {
    /// Regional view, and the Levant inset (with its border) on the right.
    Wide { region: Rect, inset: Rect },
    /// The Levant only.
    Compact(Rect),
}

impl Layout {
    fn of(area: Rect) -> Layout {
        if area.width < WIDE_MIN_WIDTH || area.height < WIDE_MIN_HEIGHT {
            return Layout::Compact(area);
        }
        // The inset gets room for its labels beside the Levant, but at most half.
        let natural = natural_width(&INSET_BOX, area.height - 2).saturating_add(2 + 16);
        let inset_width = natural.clamp(24, area.width / 2);
        let region_width = area.width - inset_width;
        Layout::Wide {
            region: Rect {
                width: region_width,
                ..area
            },
            inset: Rect {
                x: area.x + region_width,
                width: inset_width,
                ..area
            },
        }
    }
}

impl MapView<'_> {
    fn tension_of(&self, front: usize) -> f64 {
        self.tension.get(front).copied().unwrap_or(0.0)
    }

    /// Draws the outlines and the fronts of one view.
    fn draw_map(&self, view: &View, detail: Detail, buf: &mut Buffer) {
        let land = self.theme.land();
        let step = view.dot();
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds(view.geo.lon)
            .y_bounds(view.geo.lat)
            .paint(|ctx| {
                match detail {
                    Detail::Region => ctx.draw(&Outlines {
                        lines: &REGION,
                        hole: None,
                        step,
                        color: land,
                    }),
                    Detail::Levant => {
                        ctx.draw(&Outlines {
                            lines: &REGION,
                            hole: Some(DETAIL_BOX),
                            step,
                            color: land,
                        });
                        ctx.draw(&Outlines {
                            lines: &DETAIL,
                            hole: None,
                            step,
                            color: land,
                        });
                    }
                }
                ctx.layer();
                for (i, front) in self.scenario.fronts.iter().enumerate() {
                    if !front.polygon.is_empty() {
                        ctx.draw(&Ring {
                            points: &front.polygon,
                            color: self.theme.tension(self.tension_of(i)),
                        });
                    }
                }
            })
            .render(view.area, buf);
    }
}

impl Widget for MapView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if !area.is_empty() {
            memo::draw(&self, area, buf);
        }
    }
}

impl MapView<'_> {
    /// Draws the map in `area`, which lies within the buffer and is not empty.
    fn draw(&self, area: Rect, buf: &mut Buffer) {
        match Layout::of(area) {
            Layout::Wide { region, inset } => {
                let block = Block::bordered()
                    .border_style(self.theme.border(false))
                    .title(Line::styled(" Levant ", self.theme.title()));
                let inner = block.inner(inset);
                block.render(inset, buf);
                let inset_view = View::fit(inner, INSET_BOX);
                let in_inset = |i: usize| {
                    self.scenario.fronts.get(i).is_some_and(|f| {
                        let (lat, lon) = f.position;
                        !inner.is_empty() && inset_view.geo.contains(lon, lat)
                    })
                };
                let region_view = View::fit(region, REGION_BOX);
                self.draw_map(&region_view, Detail::Region, buf);
                self.draw_labels(&region_view, |i| !in_inset(i), buf);
                if !inner.is_empty() {
                    self.draw_map(&inset_view, Detail::Levant, buf);
                    self.draw_labels(&inset_view, in_inset, buf);
                }
            }
            Layout::Compact(area) => {
                let mut view = View::fit(area, INSET_BOX);
                // Widened sideways: keep the Levant at the left, room for labels on the right.
                let shift = view.geo.lon[0] - INSET_BOX.lon[0];
                if shift < 0.0 {
                    view.geo.lon = [view.geo.lon[0] - shift, view.geo.lon[1] - shift];
                }
                self.draw_map(&view, Detail::Levant, buf);
                self.draw_labels(&view, |_| true, buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use ratatui::style::Color;

    use super::*;

    /// The default scenario, its initial tensions and the historical orders of week 3.
    pub(super) static SETUP: LazyLock<(Scenario, Vec<f64>, Vec<Order>)> = LazyLock::new(|| {
        let scenario = arenas_files::scenario::default_scenario()
            .scenario
            .as_ref()
            .clone();
        let tension = scenario.fronts.iter().map(|f| f.tension).collect();
        let orders = scenario
            .history
            .get(2)
            .map_or_else(|| scenario.all_hold(), |h| h.orders.clone());
        (scenario, tension, orders)
    });

    fn render(area: Rect, buffer: Rect, theme: Theme) -> Buffer {
        let (scenario, tension, orders) = &*SETUP;
        let mut buf = Buffer::empty(buffer);
        MapView {
            scenario,
            tension,
            orders,
            theme,
        }
        .render(area, &mut buf);
        buf
    }

    fn text(buf: &Buffer) -> String {
        let a = buf.area;
        (a.top()..a.bottom())
            .map(|y| {
                (a.left()..a.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_front_is_labelled_with_its_tension() {
        for (w, h) in [
            (70, 20),
            (38, 9),
            (32, 8),
            (67, 20),
            (110, 30),
            (158, 46),
            (137, 54),
        ] {
            let area = Rect::new(0, 0, w, h);
            let shown = text(&render(area, area, Theme::MONO));
            for label in [
                "Gaza 80",
                "West Bank 35",
                "S. Lebanon 40",
                "Golan 20",
                "Iraq/Syria 25",
                "Yemen 10",
            ] {
                assert!(shown.contains(label), "{w}x{h} lacks {label}:\n{shown}");
            }
            if w >= WIDE_MIN_WIDTH {
                assert!(
                    shown.contains("Levant") && shown.contains('◆'),
                    "{w}x{h}:\n{shown}"
                );
            } else {
                assert!(
                    shown.contains("→ Iraq/Syria") && shown.contains("↘ Yemen"),
                    "{shown}"
                );
            }
        }
    }

    #[test]
    fn orders_are_marked_on_their_front() {
        let area = Rect::new(0, 0, 110, 30);
        let shown = text(&render(area, area, Theme::COLOUR));
        // Week 3: Hamas and PIJ strike in Gaza; militias harass US positions.
        assert!(shown.contains("Gaza 80 L2 L1"), "{shown}");
        assert!(shown.contains("Iraq/Syria 25 H1 H2"), "{shown}");
    }

    #[test]
    fn monochrome_has_no_colour() {
        for (w, h) in [(70, 20), (38, 9), (160, 48)] {
            let area = Rect::new(0, 0, w, h);
            let buf = render(area, area, Theme::MONO);
            for cell in buf.content() {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{w}x{h}");
            }
        }
        let area = Rect::new(0, 0, 70, 20);
        let buf = render(area, area, Theme::COLOUR);
        assert!(
            buf.content().iter().any(|c| c.fg == Color::Red),
            "Gaza at 80 is red"
        );
    }

    #[test]
    fn empty_areas_draw_nothing() {
        let buffer = Rect::new(0, 0, 20, 10);
        for area in [
            Rect::new(0, 0, 0, 0),
            Rect::new(3, 3, 0, 5),
            Rect::new(3, 3, 5, 0),
            Rect::new(30, 30, 5, 5),
        ] {
            assert_eq!(render(area, buffer, Theme::COLOUR), Buffer::empty(buffer));
        }
    }

    #[test]
    fn any_size_and_offset_stays_inside_its_area() {
        let buffer = Rect::new(0, 0, 130, 45);
        for w in (0..=120).step_by(7) {
            for h in (0..=12).chain((15..=40).step_by(5)) {
                let area = Rect::new(4, 3, w, h);
                let buf = render(area, buffer, Theme::COLOUR);
                for y in 0..buffer.height {
                    for x in 0..buffer.width {
                        if !area.contains((x, y).into()) {
                            assert_eq!(buf[(x, y)], Default::default(), "{w}x{h} at {x},{y}");
                        }
                    }
                }
            }
        }
    }

    /// The marks shown in the label of the front whose `name tension` starts at (x, y):
    /// those after it on its row, then those starting at column x on the rows below it,
    /// `2×L2` counted as two.
    fn marks_at(rows: &[Vec<String>], x: usize, y: usize, head: &str) -> Vec<String> {
        let mut found = Vec::new();
        let row_text = |y: usize, from: usize| -> String {
            rows.get(y)
                .map_or_else(String::new, |r| r.iter().skip(from).cloned().collect())
        };
        // The marks a text starts with, up to a gap of two spaces.
        let mut take = |text: &str| {
            let marks = text
                .trim_start_matches(' ')
                .split("  ")
                .next()
                .unwrap_or("");
            let mut any = false;
            for token in marks.split(' ') {
                let (n, mark) = token.split_once('×').unwrap_or(("1", token));
                let is_mark = mark.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && mark.chars().last().is_some_and(|c| c.is_ascii_digit());
                if !is_mark {
                    break;
                }
                let n: usize = n.parse().unwrap_or(0);
                found.extend(std::iter::repeat_n(mark.to_owned(), n));
                any = true;
            }
            any
        };
        take(&row_text(y, x + head.chars().count()));
        for below in y + 1..y + 4 {
            let text = row_text(below, x);
            if text.starts_with(' ') || !take(&text) {
                break;
            }
        }
        found.sort();
        found
    }

    #[test]
    fn no_mark_is_dropped_when_three_orders_share_a_front() {
        let (scenario, tension, _) = &*SETUP;
        let order = |front, task, intensity| Order {
            front,
            task,
            intensity,
            claim: arenas_core::engine::Claim::Claimed,
        };
        let mut orders = scenario.all_hold();
        orders[0] = order(0, arenas_core::engine::Task::LimitedStrike, 2);
        orders[1] = order(0, arenas_core::engine::Task::LimitedStrike, 2);
        orders[6] = order(0, arenas_core::engine::Task::LongRange, 1);
        orders[2] = order(2, arenas_core::engine::Task::Escalate, 3);
        orders[3] = order(3, arenas_core::engine::Task::HarassUs, 1);
        for (w, h) in [
            (32, 8),
            (32, 7),
            (32, 6),
            (40, 8),
            (66, 20),
            (90, 36),
            (110, 30),
        ] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            MapView {
                scenario,
                tension,
                orders: &orders,
                theme: Theme::MONO,
            }
            .render(area, &mut buf);
            let rows: Vec<Vec<String>> = (0..h)
                .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_owned()).collect())
                .collect();
            let shown = text(&buf);
            for (front, want) in [
                ("Gaza 80", vec!["L2", "L2", "LR1"]),
                ("S. Lebanon 40", vec!["E3"]),
                ("Golan 20", vec!["H1"]),
            ] {
                let at = rows.iter().enumerate().find_map(|(y, row)| {
                    let line: String = row.concat();
                    let byte = line.find(front)?;
                    Some((line[..byte].chars().count(), y))
                });
                let (x, y) = at.unwrap_or_else(|| panic!("{w}x{h} lacks {front}:\n{shown}"));
                assert_eq!(
                    marks_at(&rows, x, y, front),
                    want,
                    "{w}x{h} {front}:\n{shown}"
                );
            }
        }
    }

    #[test]
    fn seas_and_countries_are_named_where_there_is_room() {
        let area = Rect::new(0, 0, 90, 36);
        let shown = text(&render(area, area, Theme::MONO));
        for name in ["Mediterranean", "Red Sea", "Saudi Arabia", "Iran"] {
            assert!(shown.contains(name), "{name} missing:\n{shown}");
        }
    }
}
