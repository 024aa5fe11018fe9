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
//! space is short the marks move to a second line, then are dropped, then the tension is.
//!
//! The outlines are Natural Earth data embedded from `assets/map/` and parsed once.

use std::fmt::Write as _;
use std::sync::LazyLock;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Segment, Painter, Shape};
use ratatui::widgets::{Block, Widget};

use crate::engine::{Front, Order, Scenario, Task};
use crate::tui::theme::Theme;

/// Narrowest area that gets the regional view plus the Levant inset.
pub const WIDE_MIN_WIDTH: u16 = 60;
/// Lowest area that gets the regional view plus the Levant inset.
pub const WIDE_MIN_HEIGHT: u16 = 10;

// The inset takes at least 24 columns and at most half.
const _: () = assert!(WIDE_MIN_WIDTH >= 48);

/// Height of a terminal cell over its width.
const CELL_ASPECT: f64 = 2.0;

/// A box of the map, `[west, east]` longitudes and `[south, north]` latitudes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct GeoBox {
    lon: [f64; 2],
    lat: [f64; 2],
}

impl GeoBox {
    fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.lon[0]..=self.lon[1]).contains(&lon) && (self.lat[0]..=self.lat[1]).contains(&lat)
    }

    fn overlaps(&self, other: &GeoBox) -> bool {
        self.lon[0] <= other.lon[1]
            && other.lon[0] <= self.lon[1]
            && self.lat[0] <= other.lat[1]
            && other.lat[0] <= self.lat[1]
    }
}

/// What the regional view must show: the Levant to the Gulf, Syria to Yemen.
const REGION_BOX: GeoBox = GeoBox {
    lon: [32.0, 57.0],
    lat: [12.0, 37.5],
};
/// What the Levant inset must show: Gaza to southern Lebanon and the Golan.
const INSET_BOX: GeoBox = GeoBox {
    lon: [33.9, 36.5],
    lat: [30.9, 33.8],
};
/// Where the detailed outlines of `inset.txt` were clipped.
const DETAIL_BOX: GeoBox = GeoBox {
    lon: [33.6, 37.2],
    lat: [29.3, 34.4],
};

/// One polyline of an outline file, with its bounding box.
struct Polyline {
    /// (lon, lat) points.
    points: Vec<(f64, f64)>,
    bbox: GeoBox,
}

/// Coasts and borders, lon 24..64, lat 8..42, 1:50m.
static REGION: LazyLock<Vec<Polyline>> =
    LazyLock::new(|| parse_outlines(include_str!("../../assets/map/region.txt")));
/// Coasts and borders of the Levant ([`DETAIL_BOX`]), 1:10m.
static DETAIL: LazyLock<Vec<Polyline>> =
    LazyLock::new(|| parse_outlines(include_str!("../../assets/map/inset.txt")));

/// Parses an outline file: `#` comments, then one polyline a line as space-separated
/// `lon,lat` pairs. Malformed pairs are skipped.
fn parse_outlines(text: &str) -> Vec<Polyline> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|line| {
            let points: Vec<(f64, f64)> = line
                .split_whitespace()
                .filter_map(|pair| {
                    let (lon, lat) = pair.split_once(',')?;
                    let (lon, lat) = (lon.parse::<f64>().ok()?, lat.parse::<f64>().ok()?);
                    (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
                })
                .collect();
            let first = *points.first()?;
            let bbox = points.iter().fold(
                GeoBox {
                    lon: [first.0; 2],
                    lat: [first.1; 2],
                },
                |b, &(lon, lat)| GeoBox {
                    lon: [b.lon[0].min(lon), b.lon[1].max(lon)],
                    lat: [b.lat[0].min(lat), b.lat[1].max(lat)],
                },
            );
            Some(Polyline { points, bbox })
        })
        .collect()
}

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
fn natural_width(geo: &GeoBox, height: u16) -> u16 {
    let cos = ((geo.lat[0] + geo.lat[1]) / 2.0).to_radians().cos();
    let ratio = (geo.lon[1] - geo.lon[0]) * cos / (geo.lat[1] - geo.lat[0]);
    let dots_y = f64::from(height) * 4.0 - 1.0;
    // (2w − 1) · ½ = ratio · (4h − 1) · ½ · aspect/2
    let w = (ratio * dots_y * CELL_ASPECT / 2.0 + 1.0) / 2.0;
    w.round().clamp(0.0, f64::from(u16::MAX)) as u16
}

/// The short map label of a front: the customary abbreviation for the default scenario's
/// fronts, else the first word of its name.
pub fn short_label(front: &Front) -> String {
    crate::text::clean(&front.short)
}

/// The map mark of an order: task initial and intensity, e.g. `L2` for a limited strike
/// at 2, `LR3` for long-range launches at 3. Empty for an order that does nothing.
pub fn order_mark(order: &Order) -> String {
    let mut mark = String::new();
    push_mark(&mut mark, order);
    mark
}

/// Appends an order's mark to `marks`, after a space unless `marks` is empty.
fn push_mark(marks: &mut String, order: &Order) {
    let task = match order.task {
        _ if !order.is_active() => return,
        Task::Hold => return,
        Task::Signal => "S",
        Task::LimitedStrike => "L",
        Task::HarassUs => "H",
        Task::LongRange => "LR",
        Task::Resupply => "R",
        Task::Escalate => "E",
    };
    let sep = if marks.is_empty() { "" } else { " " };
    // Writing to a String cannot fail.
    let _ = write!(marks, "{sep}{task}{}", order.intensity);
}

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

/// A canvas on part of the screen and the lon/lat box it shows.
struct View {
    area: Rect,
    geo: GeoBox,
}

impl View {
    /// `want` fitted to `area` unstretched, widened about its centre.
    fn fit(area: Rect, want: GeoBox) -> View {
        let (lon, lat) = fit_bounds(want.lon, want.lat, area.width, area.height);
        View {
            area,
            geo: GeoBox { lon, lat },
        }
    }

    /// Size of a braille dot in degrees of longitude and latitude.
    fn dot(&self) -> (f64, f64) {
        let dots_x = (f64::from(self.area.width) * 2.0 - 1.0).max(1.0);
        let dots_y = (f64::from(self.area.height) * 4.0 - 1.0).max(1.0);
        (
            (self.geo.lon[1] - self.geo.lon[0]) / dots_x,
            (self.geo.lat[1] - self.geo.lat[0]) / dots_y,
        )
    }

    /// The cell of a point, relative to the area's top left and not clamped to it; rounded
    /// as the canvas rounds dots.
    fn cell(&self, lon: f64, lat: f64) -> (i32, i32) {
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
    fn footprint(&self, front: &Front) -> Option<Rect> {
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
    fn rect(&self, col: i32, row: i32, width: i32, height: i32) -> Rect {
        let clamp = |v: i32| u16::try_from(v.max(0)).unwrap_or(u16::MAX);
        Rect::new(
            self.area.x.saturating_add(clamp(col)),
            self.area.y.saturating_add(clamp(row)),
            clamp(width),
            clamp(height),
        )
    }
}

/// Coasts and borders as canvas lines. Segments of `lines` lying wholly inside `hole` are
/// left out (the detailed outlines draw that part); points closer than `step` (degrees of
/// longitude, latitude: about one braille dot) to the last point drawn are skipped.
struct Outlines<'a> {
    lines: &'a [Polyline],
    hole: Option<GeoBox>,
    step: (f64, f64),
    color: Color,
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
struct Ring<'a> {
    points: &'a [(f64, f64)],
    color: Color,
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

/// Which outline data a view draws.
#[derive(Clone, Copy)]
enum Detail {
    /// 1:50m only.
    Region,
    /// 1:10m in the Levant, 1:50m around it.
    Levant,
}

/// Up to seven styled pieces of one line of a label.
#[derive(Clone, Copy)]
struct Text<'t> {
    pieces: [(&'t str, Style); 7],
    len: usize,
}

impl<'t> Text<'t> {
    const EMPTY: Text<'static> = Text {
        pieces: [("", Style::new()); 7],
        len: 0,
    };

    fn push(mut self, text: &'t str, style: Style) -> Self {
        if let Some(slot) = self.pieces.get_mut(self.len) {
            *slot = (text, style);
            self.len += 1;
        }
        self
    }

    fn pieces(&self) -> &[(&'t str, Style)] {
        &self.pieces[..self.len]
    }

    fn width(&self) -> u16 {
        let w: usize = self
            .pieces()
            .iter()
            .map(|(s, _)| Span::raw(*s).width())
            .sum();
        u16::try_from(w).unwrap_or(u16::MAX)
    }

    fn draw(&self, buf: &mut Buffer, x: u16, y: u16) {
        let mut x = x;
        for &(s, style) in self.pieces() {
            x = buf.set_stringn(x, y, s, usize::from(u16::MAX), style).0;
        }
    }
}

/// The text of one front's label.
struct Tag<'a> {
    name: std::borrow::Cow<'a, str>,
    tension: String,
    marks: String,
    colour: Color,
    text_style: Style,
}

/// How much of a tag a label shows, most first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Name, tension and marks on one line.
    Full,
    /// Name and tension; marks on a second line.
    TwoLines,
    /// Name and tension.
    Tension,
    /// Name only.
    Name,
}

impl Cut {
    const ALL: [Cut; 4] = [Cut::Full, Cut::TwoLines, Cut::Tension, Cut::Name];
}

impl Tag<'_> {
    /// The label's one or two lines, `prefix` (an arrow) before the name; `None` when `cut`
    /// shows nothing a larger cut did not.
    fn text<'t>(&'t self, cut: Cut, prefix: &'t str) -> Option<[Text<'t>; 2]> {
        let strong = Style::new().fg(self.colour).add_modifier(Modifier::BOLD);
        let has_marks = !self.marks.is_empty();
        let mut head = Text::EMPTY;
        if !prefix.is_empty() {
            head = head.push(prefix, strong).push(" ", self.text_style);
        }
        head = head.push(&self.name, strong);
        if cut != Cut::Name {
            head = head
                .push(" ", self.text_style)
                .push(&self.tension, Style::new().fg(self.colour));
        }
        let marks = |t: Text<'t>| t.push(&self.marks, self.text_style);
        match cut {
            Cut::Full if has_marks => Some([marks(head.push(" ", self.text_style)), Text::EMPTY]),
            Cut::Full | Cut::Name => Some([head, Text::EMPTY]),
            Cut::TwoLines if has_marks => {
                let indent = if prefix.is_empty() { "" } else { "  " };
                Some([head, marks(Text::EMPTY.push(indent, self.text_style))])
            }
            Cut::Tension if has_marks => Some([head, Text::EMPTY]),
            Cut::TwoLines | Cut::Tension => None,
        }
    }
}

/// Where labels may still go in one view.
struct Placer {
    area: Rect,
    /// Outlines and markers.
    obstacles: Vec<Rect>,
    /// Labels placed so far; a new one keeps a blank cell from them on either side.
    labels: Vec<Rect>,
}

impl Placer {
    /// Whether a label of `width` × `height` cells fits at area-relative (`col`, `row`).
    fn spot(&self, col: i32, row: i32, width: u16, height: u16) -> Option<Rect> {
        let x = u16::try_from(col).ok()?;
        let y = u16::try_from(row).ok()?;
        let r = Rect::new(
            self.area.x.checked_add(x)?,
            self.area.y.checked_add(y)?,
            width,
            height,
        );
        let inside = width > 0
            && r.right() <= self.area.right()
            && r.bottom() <= self.area.bottom()
            && u32::from(r.x) + u32::from(width) <= u32::from(u16::MAX);
        let spaced = Rect {
            x: r.x.saturating_sub(1),
            width: r.width.saturating_add(2),
            ..r
        };
        let free = !self.obstacles.iter().any(|t| t.intersects(r))
            && !self.labels.iter().any(|t| t.intersects(spaced));
        (inside && free).then_some(r)
    }

    /// Places the first cut of `tag` that fits at one of `spots(width, height)` (area-relative
    /// top-left corners, best first) and draws it.
    fn place<I>(
        &mut self,
        buf: &mut Buffer,
        tag: &Tag,
        prefix: &str,
        spots: impl Fn(u16, u16) -> I,
    ) -> bool
    where
        I: IntoIterator<Item = (i32, i32)>,
    {
        for cut in Cut::ALL {
            let Some(lines) = tag.text(cut, prefix) else {
                continue;
            };
            let height = if lines[1].len == 0 { 1 } else { 2 };
            let width = lines[0].width().max(lines[1].width());
            let found = spots(width, height)
                .into_iter()
                .find_map(|(c, r)| self.spot(c, r, width, height));
            if let Some(r) = found {
                for y in r.top()..r.bottom() {
                    for x in r.left()..r.right() {
                        buf[(x, y)].reset();
                    }
                }
                for (dy, line) in (0u16..).zip(&lines) {
                    line.draw(buf, r.x, r.y + dy);
                }
                self.labels.push(r);
                return true;
            }
        }
        false
    }
}

/// The arrow pointing from a view to a point beyond its edges, `(h, v)` being −1, 0 or 1.
fn arrow(h: i32, v: i32) -> &'static str {
    match (h.signum(), v.signum()) {
        (1, 0) => "→",
        (-1, 0) => "←",
        (0, -1) => "↑",
        (0, 1) => "↓",
        (1, 1) => "↘",
        (1, -1) => "↗",
        (-1, 1) => "↙",
        (-1, -1) => "↖",
        _ => "◆",
    }
}

/// Vertical offsets tried for a label, nearest first.
const ROW_SHIFTS: [i32; 7] = [0, 1, -1, 2, -2, 3, -3];

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

    /// The label of a front.
    fn tag(&self, front: usize) -> Tag<'_> {
        let t = self.tension_of(front);
        let tension = if t.is_finite() {
            format!("{:.0}", t.clamp(0.0, 100.0))
        } else {
            "?".to_owned()
        };
        let mut marks = String::new();
        for order in self.orders.iter().filter(|o| o.front == front) {
            push_mark(&mut marks, order);
        }
        Tag {
            name: self
                .scenario
                .fronts
                .get(front)
                .map_or("?".into(), |f| short_label(f).into()),
            tension,
            marks,
            colour: self.theme.tension(t),
            text_style: self.theme.text(),
        }
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

    /// Draws markers and labels of one view: every front without an outline that is in view
    /// gets a `◆`; the fronts `labelled` picks get a label beside them, or at the edge with
    /// an arrow when out of view.
    fn draw_labels(&self, view: &View, labelled: impl Fn(usize) -> bool, buf: &mut Buffer) {
        let fronts = &self.scenario.fronts;
        let mut placer = Placer {
            area: view.area,
            obstacles: Vec::with_capacity(fronts.len()),
            labels: Vec::with_capacity(fronts.len()),
        };
        // Outlines and markers are obstacles.
        let footprints: Vec<Option<Rect>> = fronts.iter().map(|f| view.footprint(f)).collect();
        for (i, (front, foot)) in fronts.iter().zip(&footprints).enumerate() {
            let Some(foot) = *foot else { continue };
            if front.polygon.is_empty() {
                let style = Style::new()
                    .fg(self.theme.tension(self.tension_of(i)))
                    .add_modifier(Modifier::BOLD);
                buf.set_string(foot.x, foot.y, "◆", style);
            }
            placer.obstacles.push(foot);
        }
        let (w, h) = (i32::from(view.area.width), i32::from(view.area.height));
        // Fronts out of view first: they have one edge to go to.
        for (i, front) in fronts.iter().enumerate() {
            let (lat, lon) = front.position;
            if !labelled(i) || view.geo.contains(lon, lat) {
                continue;
            }
            let (c, r) = view.cell(lon, lat);
            let dh = if c < 0 { -1 } else { i32::from(c >= w) };
            let dv = if r < 0 { -1 } else { i32::from(r >= h) };
            let (c, r) = (c.clamp(0, (w - 1).max(0)), r.clamp(0, (h - 1).max(0)));
            let tag = self.tag(i);
            placer.place(buf, &tag, arrow(dh, dv), |tw, th| {
                let (tw, th) = (i32::from(tw), i32::from(th));
                let x = match dh {
                    1 => w - tw,
                    -1 => 0,
                    _ => c.min(w - tw),
                };
                let y = match dv {
                    1 => h - th,
                    -1 => 0,
                    _ => r.min(h - th),
                };
                ROW_SHIFTS
                    .iter()
                    .map(move |&s| if dv == 0 { s } else { -dv * s.abs() })
                    .map(move |s| (x, y + s))
            });
        }
        // Fronts in view, beside their outline or marker, on the side away from their
        // nearest neighbour.
        let anchors: Vec<Option<(i32, i32)>> = fronts
            .iter()
            .map(|f| {
                let (lat, lon) = f.position;
                view.geo.contains(lon, lat).then(|| view.cell(lon, lat))
            })
            .collect();
        for (i, anchor) in anchors.iter().enumerate() {
            let (Some((ac, ar)), Some(foot)) = (*anchor, footprints[i]) else {
                continue;
            };
            if !labelled(i) {
                continue;
            }
            let nearest = anchors
                .iter()
                .enumerate()
                .filter_map(|(j, a)| a.filter(|_| j != i))
                .min_by_key(|&(c, r)| (c - ac).pow(2) + (CELL_ASPECT as i32 * (r - ar)).pow(2));
            let left_first = nearest.is_some_and(|(c, _)| c > ac);
            let fx0 = i32::from(foot.x - view.area.x);
            let fx1 = fx0 + i32::from(foot.width);
            let fy0 = i32::from(foot.y - view.area.y);
            let fy1 = fy0 + i32::from(foot.height);
            let row = ar.clamp(fy0, fy1 - 1);
            let marker = fronts[i].polygon.is_empty();
            let tag = self.tag(i);
            placer.place(buf, &tag, "", |tw, th| {
                let (tw, th) = (i32::from(tw), i32::from(th));
                // One blank cell from the outline, else touching it; always one from a marker.
                let (right, left) = (fx1 + 1, fx0 - 1 - tw);
                let touch = if marker { 0 } else { 1 };
                let sides = if left_first {
                    [left, left + touch, right, right - touch]
                } else {
                    [right, right - touch, left, left + touch]
                };
                let centred = (fx0 + fx1 - tw) / 2;
                ROW_SHIFTS
                    .iter()
                    .flat_map(move |&s| sides.map(|x| (x, row + s)))
                    .chain([(centred, fy1), (centred, fy0 - th)])
            });
        }
    }
}

impl Widget for MapView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
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
    use super::*;
    use crate::engine::{Claim, FrontKind};

    /// The default scenario, its initial tensions and the historical orders of week 3.
    static SETUP: LazyLock<(Scenario, Vec<f64>, Vec<Order>)> = LazyLock::new(|| {
        let scenario = crate::scenario::default_scenario()
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

    #[test]
    fn outlines_parse_and_skip_malformed_pairs() {
        let lines = parse_outlines("# comment\n1,2 x,3 4,5 6\n\n  \n7,8 nan,1\n");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].points, vec![(1.0, 2.0), (4.0, 5.0)]);
        assert_eq!(
            lines[0].bbox,
            GeoBox {
                lon: [1.0, 4.0],
                lat: [2.0, 5.0]
            }
        );
        assert_eq!(lines[1].points, vec![(7.0, 8.0)]);
        assert!(REGION.len() > 50 && DETAIL.len() > 5);
        assert!(REGION.iter().all(|l| !l.points.is_empty()));
    }

    #[test]
    fn marks_and_labels() {
        let order = |task, intensity| Order {
            front: 0,
            task,
            intensity,
            claim: Claim::Claimed,
        };
        assert_eq!(order_mark(&order(Task::LimitedStrike, 2)), "L2");
        assert_eq!(order_mark(&order(Task::LongRange, 3)), "LR3");
        assert_eq!(order_mark(&order(Task::HarassUs, 1)), "H1");
        assert_eq!(order_mark(&order(Task::Escalate, 0)), "");
        assert_eq!(order_mark(&Order::HOLD), "");
        let (scenario, ..) = &*SETUP;
        let labels: Vec<String> = scenario.fronts.iter().map(short_label).collect();
        assert_eq!(
            labels,
            [
                "Gaza",
                "West Bank",
                "S. Lebanon",
                "Golan",
                "Iraq/Syria",
                "Yemen"
            ]
        );
        let mut other = scenario.fronts[0].clone();
        other.short = "Sinai\u{1b}[31m".into();
        other.kind = FrontKind::Arena;
        assert_eq!(
            short_label(&other),
            "Sinai",
            "control characters are stripped"
        );
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
        assert!(shown.contains("Gaza 80 L2 L2"), "{shown}");
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
}
