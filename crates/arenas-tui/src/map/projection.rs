//! From longitude and latitude to terminal cells: the boxes the views must show, their
//! fitting to an area without stretching, and the cells of points and fronts.

use ratatui::layout::Rect;

use arenas_core::engine::Front;

/// Height of a terminal cell over its width.
pub(super) const CELL_ASPECT: f64 = 2.0;

/// A box of the map, `[west, east]` longitudes and `[south, north]` latitudes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct GeoBox {
    pub(super) lon: [f64; 2],
    pub(super) lat: [f64; 2],
}

impl GeoBox {
    pub(super) fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.lon[0]..=self.lon[1]).contains(&lon) && (self.lat[0]..=self.lat[1]).contains(&lat)
    }

    pub(super) fn overlaps(&self, other: &GeoBox) -> bool {
        self.lon[0] <= other.lon[1]
            && other.lon[0] <= self.lon[1]
            && self.lat[0] <= other.lat[1]
            && other.lat[0] <= self.lat[1]
    }
}

/// What the regional view must show: the Levant to the Gulf, Syria to Yemen.
pub(super) const REGION_BOX: GeoBox = GeoBox {
    lon: arenas_files::scenario::MAP_LON,
    lat: arenas_files::scenario::MAP_LAT,
};
/// What the Levant inset must show: Gaza to southern Lebanon and the Golan.
pub(super) const INSET_BOX: GeoBox = GeoBox {
    lon: [33.9, 36.5],
    lat: [30.9, 33.8],
};
/// Where the detailed outlines of `inset.txt` were clipped.
pub(super) const DETAIL_BOX: GeoBox = GeoBox {
    lon: [33.6, 37.2],
    lat: [29.3, 34.4],
};

/// Widens one side of a lon/lat box, about its centre, so that a braille canvas of
/// `width` × `height` cells shows it unstretched: one degree of longitude times the cosine
/// of the centre's latitude as long on screen as one degree of latitude.
///
/// Cells are [`CELL_ASPECT`] times as tall as wide and hold 2×4 braille dots, so dots are
/// square; the canvas spreads a span over `2w − 1` dots across and `4h − 1` down.
fn fit_bounds(lon: [f64; 2], lat: [f64; 2], width: u16, height: u16) -> ([f64; 2], [f64; 2]) {
    if width == 0 || height == 0 {
        return (lon, lat);
    }
    let dots_x = f64::from(width) * 2.0 - 1.0;
    let dots_y = f64::from(height) * 4.0 - 1.0;
    // Physical size of a dot, in cell widths.
    let (dot_w, dot_h) = (0.5, CELL_ASPECT / 4.0);
    let centre = ((lon[0] + lon[1]) / 2.0, (lat[0] + lat[1]) / 2.0);
    let cos = centre.1.to_radians().cos().max(0.05);
    let lon_span = (lon[1] - lon[0]).abs().max(1e-6);
    let lat_span = (lat[1] - lat[0]).abs().max(1e-6);
    // Degrees of latitude (or of longitude × cos) per cell width, per axis; take the larger.
    let scale = (lon_span * cos / (dots_x * dot_w)).max(lat_span / (dots_y * dot_h));
    let half_lon = scale * dots_x * dot_w / cos / 2.0;
    let half_lat = scale * dots_y * dot_h / 2.0;
    (
        [centre.0 - half_lon, centre.0 + half_lon],
        [centre.1 - half_lat, centre.1 + half_lat],
    )
}

/// Width in cells a `height`-cell-high canvas needs to show `geo` unstretched.
pub(super) fn natural_width(geo: &GeoBox, height: u16) -> u16 {
    let cos = ((geo.lat[0] + geo.lat[1]) / 2.0).to_radians().cos();
    let ratio = (geo.lon[1] - geo.lon[0]) * cos / (geo.lat[1] - geo.lat[0]);
    let dots_y = f64::from(height) * 4.0 - 1.0;
    // (2w − 1) · ½ = ratio · (4h − 1) · ½ · aspect/2
    let w = (ratio * dots_y * CELL_ASPECT / 2.0 + 1.0) / 2.0;
    w.round().clamp(0.0, f64::from(u16::MAX)) as u16
}

/// A canvas on part of the screen and the lon/lat box it shows.
pub(super) struct View {
    pub(super) area: Rect,
    pub(super) geo: GeoBox,
}

impl View {
    /// `want` fitted to `area` unstretched, widened about its centre.
    pub(super) fn fit(area: Rect, want: GeoBox) -> View {
        let (lon, lat) = fit_bounds(want.lon, want.lat, area.width, area.height);
        View {
            area,
            geo: GeoBox { lon, lat },
        }
    }

    /// Size of a braille dot in degrees of longitude and latitude.
    pub(super) fn dot(&self) -> (f64, f64) {
        let dots_x = (f64::from(self.area.width) * 2.0 - 1.0).max(1.0);
        let dots_y = (f64::from(self.area.height) * 4.0 - 1.0).max(1.0);
        (
            (self.geo.lon[1] - self.geo.lon[0]) / dots_x,
            (self.geo.lat[1] - self.geo.lat[0]) / dots_y,
        )
    }

    /// The cell of a point, relative to the area's top left and not clamped to it; rounded
    /// as the canvas rounds dots.
    pub(super) fn cell(&self, lon: f64, lat: f64) -> (i32, i32) {
        let GeoBox { lon: x, lat: y } = self.geo;
        let dots_x = f64::from(self.area.width) * 2.0 - 1.0;
        let dots_y = f64::from(self.area.height) * 4.0 - 1.0;
        let dx = ((lon - x[0]) * dots_x / (x[1] - x[0])).round();
        let dy = ((y[1] - lat) * dots_y / (y[1] - y[0])).round();
        let limit = f64::from(i16::MAX);
        (
            (dx / 2.0).floor().clamp(-limit, limit) as i32,
            (dy / 4.0).floor().clamp(-limit, limit) as i32,
        )
    }

    /// The cells a front's outline covers, clipped to the area, or its own cell for a front
    /// without one; `None` when none of it is in view.
    pub(super) fn footprint(&self, front: &Front) -> Option<Rect> {
        let (w, h) = (i32::from(self.area.width), i32::from(self.area.height));
        let mut cells = front.polygon.iter().map(|&(lat, lon)| self.cell(lon, lat));
        let first = if front.polygon.is_empty() {
            let (lat, lon) = front.position;
            self.geo.contains(lon, lat).then(|| self.cell(lon, lat))?
        } else {
            cells.next()?
        };
        let (mut c0, mut r0, mut c1, mut r1) = (first.0, first.1, first.0, first.1);
        for (c, r) in cells {
            (c0, r0, c1, r1) = (c0.min(c), r0.min(r), c1.max(c), r1.max(r));
        }
        let (c0, r0) = (c0.max(0), r0.max(0));
        let (c1, r1) = (c1.min(w - 1), r1.min(h - 1));
        if c0 > c1 || r0 > r1 {
            return None;
        }
        Some(self.rect(c0, r0, c1 - c0 + 1, r1 - r0 + 1))
    }

    /// An absolute rectangle from area-relative cells (callers keep it inside the area).
    pub(super) fn rect(&self, col: i32, row: i32, width: i32, height: i32) -> Rect {
        let clamp = |v: i32| u16::try_from(v.max(0)).unwrap_or(u16::MAX);
        Rect::new(
            self.area.x.saturating_add(clamp(col)),
            self.area.y.saturating_add(clamp(row)),
            clamp(width),
            clamp(height),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_bounds_keeps_aspect_and_centre() {
        let boxes = [
            REGION_BOX,
            INSET_BOX,
            GeoBox {
                lon: [0.0, 1.0],
                lat: [60.0, 61.0],
            },
        ];
        for b in boxes {
            for (w, h) in [(70, 20), (38, 9), (10, 40), (1, 1), (200, 5), (137, 54)] {
                let (lon, lat) = fit_bounds(b.lon, b.lat, w, h);
                let cos = ((b.lat[0] + b.lat[1]) / 2.0).to_radians().cos();
                let across = (lon[1] - lon[0]) * cos / (f64::from(w) * 2.0 - 1.0);
                let down = (lat[1] - lat[0]) / (f64::from(h) * 4.0 - 1.0);
                assert!(
                    (across / down - 1.0).abs() < 1e-9,
                    "{w}x{h}: {across} vs {down}"
                );
                assert!(lon[0] <= b.lon[0] + 1e-9 && lon[1] >= b.lon[1] - 1e-9);
                assert!(lat[0] <= b.lat[0] + 1e-9 && lat[1] >= b.lat[1] - 1e-9);
                assert!((lon[0] + lon[1] - b.lon[0] - b.lon[1]).abs() < 1e-9);
                assert!((lat[0] + lat[1] - b.lat[0] - b.lat[1]).abs() < 1e-9);
                // Only one side is widened.
                let same_lon = (lon[1] - lon[0] - (b.lon[1] - b.lon[0])).abs() < 1e-9;
                let same_lat = (lat[1] - lat[0] - (b.lat[1] - b.lat[0])).abs() < 1e-9;
                assert!(same_lon || same_lat);
            }
        }
        assert_eq!(
            fit_bounds([1.0, 2.0], [3.0, 4.0], 0, 5),
            ([1.0, 2.0], [3.0, 4.0])
        );
    }
}
