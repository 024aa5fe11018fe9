//! Names of the seas and countries around the fronts, drawn dim on blank parts of the map
//! after the fronts' labels, so that a reader can tell where the outer arenas lie.

use std::sync::LazyLock;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::MapView;
use super::labels::{Placer, apart};
use super::projection::View;

/// A named place: its names, longest first, and where the name goes.
struct Place {
    names: &'static [&'static str],
    lon: f64,
    lat: f64,
    /// A sea's name not over the sea points to it with an arrow; a country's goes
    /// anywhere near.
    sea: bool,
}

/// The places named, seas first.
const PLACES: &[Place] = &[
    Place {
        names: &["Mediterranean", "Med. Sea", "Med."],
        lon: 33.4,
        lat: 33.2,
        sea: true,
    },
    Place {
        names: &["Mediterranean", "Med. Sea", "Med."],
        lon: 34.3,
        lat: 32.4,
        sea: true,
    },
    Place {
        names: &["Red Sea"],
        lon: 38.6,
        lat: 20.5,
        sea: true,
    },
    Place {
        names: &["Persian Gulf", "Gulf"],
        lon: 51.5,
        lat: 27.2,
        sea: true,
    },
    Place {
        names: &["Gulf of Aden"],
        lon: 48.0,
        lat: 12.6,
        sea: true,
    },
    Place {
        names: &["Arabian Sea"],
        lon: 55.5,
        lat: 15.0,
        sea: true,
    },
    Place {
        names: &["Iran"],
        lon: 54.0,
        lat: 32.5,
        sea: false,
    },
    Place {
        names: &["Saudi Arabia", "Saudi Ar."],
        lon: 44.5,
        lat: 24.0,
        sea: false,
    },
    Place {
        names: &["Egypt"],
        lon: 30.8,
        lat: 26.5,
        sea: false,
    },
    Place {
        names: &["Jordan"],
        lon: 36.9,
        lat: 30.8,
        sea: false,
    },
    Place {
        names: &["Syria"],
        lon: 38.6,
        lat: 35.3,
        sea: false,
    },
];

/// How far from its place a name may go: columns and rows either way.
const REACH: (i32, i32) = (6, 2);

/// How a name is written at a spot.
#[derive(Clone, Copy)]
enum Form {
    /// As it is, over its place.
    Over,
    /// `← name`, right of its place.
    PointingLeft,
    /// `name →`, left of its place.
    PointingRight,
}

/// Offsets around a place, nearest first: (columns, rows).
static SHIFTS: LazyLock<Vec<(i32, i32)>> = LazyLock::new(|| {
    let mut shifts: Vec<(i32, i32)> = (-REACH.1..=REACH.1)
        .flat_map(|dr| (-REACH.0..=REACH.0).map(move |dc| (dc, dr)))
        .collect();
    shifts.sort_by_key(|&(dc, dr)| dc * dc + 4 * dr * dr);
    shifts
});

impl MapView<'_> {
    /// Names the seas and countries in view where the map is blank, away from the labels.
    pub(super) fn draw_places(&self, view: &View, placer: &mut Placer, buf: &mut Buffer) {
        let style = self.theme.dim().add_modifier(Modifier::ITALIC);
        let mut named: Vec<&str> = Vec::new();
        for place in PLACES {
            if !view.geo.contains(place.lon, place.lat) || named.contains(&place.names[0]) {
                continue;
            }
            let anchor = view.cell(place.lon, place.lat);
            let found = [false, true]
                .into_iter()
                .flat_map(|beside| place.names.iter().map(move |name| (*name, beside)))
                .find_map(|(name, beside)| {
                    let w = i32::try_from(name.width()).ok()?;
                    spots(anchor, w, place.sea, beside)
                        .into_iter()
                        .find_map(|(col, row, form)| {
                            let width = if matches!(form, Form::Over) { w } else { w + 2 };
                            Some((placer.blank(buf, col, row, width)?, name, form))
                        })
                });
            if let Some((spot, name, form)) = found {
                let text = match form {
                    Form::Over => name.to_owned(),
                    Form::PointingLeft => format!("← {name}"),
                    Form::PointingRight => format!("{name} →"),
                };
                buf.set_string(spot.x, spot.y, text, style);
                placer.labels.push(spot);
                named.push(place.names[0]);
            }
        }
    }
}

/// Where a name `w` columns wide may go, best first, as (column, row, form) relative to
/// the view: over its place at `(c, r)`, nearest first (a country's anywhere near); or,
/// `beside` it, a sea's with an arrow pointing to it.
fn spots((c, r): (i32, i32), w: i32, sea: bool, beside: bool) -> Vec<(i32, i32, Form)> {
    match (beside, sea) {
        (false, _) => SHIFTS
            .iter()
            .filter(|&&(dc, _)| !sea || dc.abs() <= w / 2)
            .map(|&(dc, dr)| (c - w / 2 + dc, r + dr, Form::Over))
            .collect(),
        (true, true) => (1..=REACH.0)
            .flat_map(|gap| [0, 1, -1].map(|dr| (gap, dr)))
            .flat_map(|(gap, dr)| {
                [
                    (c + gap, r + dr, Form::PointingLeft),
                    (c - gap - w - 2, r + dr, Form::PointingRight),
                ]
            })
            .collect(),
        (true, false) => Vec::new(),
    }
}

impl Placer {
    /// The one-row spot of `width` cells at area-relative (`col`, `row`) when it and a
    /// cell either side are blank and away from the labels.
    fn blank(&self, buf: &Buffer, col: i32, row: i32, width: i32) -> Option<Rect> {
        let x = self.area.x.checked_add(u16::try_from(col).ok()?)?;
        let y = self.area.y.checked_add(u16::try_from(row).ok()?)?;
        let r = Rect::new(x, y, u16::try_from(width).ok()?, 1);
        let margin = Rect {
            x: x.saturating_sub(1),
            width: r.width + 2,
            ..r
        };
        let inside = r.right() < self.area.right() && x > self.area.x && y < self.area.bottom();
        let blank = inside
            && (margin.left()..margin.right()).all(|x| buf[(x, y)].symbol() == " ")
            && !self.labels.iter().any(|l| l.intersects(apart(r)));
        blank.then_some(r)
    }
}
