//! Lines on the braille canvas: the outlines of coasts and borders, and the rings of the
//! fronts, drawn dot by dot.

use ratatui::style::Color;
use ratatui::widgets::canvas::{Line as Segment, Painter, Shape};

use super::outlines::Polyline;
use super::projection::GeoBox;

/// Coasts and borders as canvas lines. Segments of `lines` lying wholly inside `hole` are
/// left out (the detailed outlines draw that part); points closer than `step` (degrees of
/// longitude, latitude: about one braille dot) to the last point drawn are skipped.
pub(super) struct Outlines<'a> {
    pub(super) lines: &'a [Polyline],
    pub(super) hole: Option<GeoBox>,
    pub(super) step: (f64, f64),
    pub(super) color: Color,
}

/// Draws canvas lines on the braille dots directly: the canvas's own [`Segment`] clips and
/// rounds every segment, which costs more than the rest of the map; this does so only for
/// segments that leave the canvas.
struct Pen {
    lon0: f64,
    lat1: f64,
    /// Dots per degree.
    scale: (f64, f64),
    /// The last dot, bottom right.
    max: (f64, f64),
    color: Color,
}

impl Pen {
    fn new(painter: &Painter, color: Color) -> Option<Pen> {
        let (&lon, &lat) = painter.bounds();
        let (mx, my) = painter.get_point(lon[1], lat[0])?;
        let max = (mx as f64, my as f64);
        Some(Pen {
            lon0: lon[0],
            lat1: lat[1],
            scale: (max.0 / (lon[1] - lon[0]), max.1 / (lat[1] - lat[0])),
            max,
            color,
        })
    }

    /// A line from (lon, lat) to (lon, lat).
    fn line(&self, painter: &mut Painter, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
        let dot = |x: f64, y: f64| {
            (
                (x - self.lon0) * self.scale.0,
                (self.lat1 - y) * self.scale.1,
            )
        };
        let inside =
            |(x, y): (f64, f64)| (0.0..=self.max.0).contains(&x) && (0.0..=self.max.1).contains(&y);
        let (a, b) = (dot(x1, y1), dot(x2, y2));
        if !(inside(a) && inside(b)) {
            Segment::new(x1, y1, x2, y2, self.color).draw(painter);
            return;
        }
        // Non-negative and small: truncating after adding ½ rounds.
        let round = |(x, y): (f64, f64)| ((x + 0.5) as i32, (y + 0.5) as i32);
        let ((mut x, mut y), (x2, y2)) = (round(a), round(b));
        // Bresenham, all octants.
        let (dx, dy) = ((x2 - x).abs(), -(y2 - y).abs());
        let (sx, sy) = ((x2 - x).signum(), (y2 - y).signum());
        let mut err = dx + dy;
        loop {
            painter.paint(x as usize, y as usize, self.color);
            if x == x2 && y == y2 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }
}

impl Shape for Outlines<'_> {
    fn draw(&self, painter: &mut Painter) {
        let (&lon, &lat) = painter.bounds();
        let view = GeoBox { lon, lat };
        let Some(pen) = Pen::new(painter, self.color) else {
            return;
        };
        let in_hole = |(x, y): (f64, f64)| self.hole.is_some_and(|h| h.contains(x, y));
        for line in self.lines.iter().filter(|l| l.bbox.overlaps(&view)) {
            let Some((&first, rest)) = line.points.split_first() else {
                continue;
            };
            let mut from = first;
            for (i, &to) in rest.iter().enumerate() {
                let last = i + 1 == rest.len();
                let (dx, dy) = ((to.0 - from.0).abs(), (to.1 - from.1).abs());
                if !last && dx < self.step.0 && dy < self.step.1 {
                    continue;
                }
                let ((x1, y1), (x2, y2)) = (from, to);
                from = to;
                let outside = x1.max(x2) < lon[0]
                    || x1.min(x2) > lon[1]
                    || y1.max(y2) < lat[0]
                    || y1.min(y2) > lat[1];
                if outside || (in_hole((x1, y1)) && in_hole((x2, y2))) {
                    continue;
                }
                pen.line(painter, (x1, y1), (x2, y2));
            }
        }
    }
}

/// A closed ring of (lat, lon) points.
pub(super) struct Ring<'a> {
    pub(super) points: &'a [(f64, f64)],
    pub(super) color: Color,
}

impl Shape for Ring<'_> {
    fn draw(&self, painter: &mut Painter) {
        let Some(pen) = Pen::new(painter, self.color) else {
            return;
        };
        let n = self.points.len();
        for (i, &(lat1, lon1)) in self.points.iter().enumerate() {
            let (lat2, lon2) = self.points[(i + 1) % n];
            pen.line(painter, (lon1, lat1), (lon2, lat2));
        }
    }
}
