//! The labels of the fronts (`Gaza 80 L2 E3`) and their placement beside outlines and
//! markers, or at the edge of a view with an arrow, each on a blank background.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::MapView;
use super::projection::{CELL_ASPECT, View};
use arenas_core::engine::{Front, Order};

/// The short map label of a front: the customary abbreviation for the default scenario's
/// fronts, else the first word of its name.
pub fn short_label(front: &Front) -> String {
    arenas_files::text::clean(&front.short)
}

/// The map mark of an order: task initial and intensity, e.g. `L2` for a limited strike
/// at 2, `LR3` for long-range launches at 3. Empty for an order that does nothing.
pub fn order_mark(order: &Order) -> String {
    let task = order.task.info().mark;
    if !order.is_active() || task.is_empty() {
        return String::new();
    }
    format!("{task}{}", order.intensity)
}

/// Marks with repeats counted: `L2 L2 LR1` → `2×L2 LR1`, in order of first appearance.
fn grouped(marks: &[String]) -> Vec<String> {
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for m in marks {
        match groups.iter_mut().find(|(g, _)| g == m) {
            Some((_, n)) => *n += 1,
            None => groups.push((m, 1)),
        }
    }
    groups
        .into_iter()
        .map(|(m, n)| {
            if n > 1 {
                format!("{n}×{m}")
            } else {
                m.to_owned()
            }
        })
        .collect()
}

/// One line of a label: its styled pieces.
#[derive(Clone, Default)]
struct Text<'t> {
    pieces: Vec<(std::borrow::Cow<'t, str>, Style)>,
}

impl<'t> Text<'t> {
    fn push(mut self, text: impl Into<std::borrow::Cow<'t, str>>, style: Style) -> Self {
        self.pieces.push((text.into(), style));
        self
    }

    fn width(&self) -> u16 {
        let w: usize = self
            .pieces
            .iter()
            .map(|(s, _)| Span::raw(s.as_ref()).width())
            .sum();
        u16::try_from(w).unwrap_or(u16::MAX)
    }

    fn draw(&self, buf: &mut Buffer, x: u16, y: u16) {
        let mut x = x;
        for (s, style) in &self.pieces {
            x = buf.set_stringn(x, y, s, usize::from(u16::MAX), *style).0;
        }
    }
}

/// The text of one front's label.
struct Tag<'a> {
    name: std::borrow::Cow<'a, str>,
    tension: String,
    /// One mark per active order on the front.
    marks: Vec<String>,
    colour: Color,
    text_style: Style,
}

/// How a label lays out its tag, most compact first among those that show everything.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Name, tension and marks on one line.
    Full,
    /// The same, repeated marks counted (`2×L2`).
    FullGrouped,
    /// Name and tension; marks on a second line.
    TwoLines,
    /// The same, repeated marks counted.
    TwoLinesGrouped,
    /// Name and tension; marks, counted, stacked on as many lines as they need at the width
    /// of the first line.
    Stacked,
    /// Name and tension: only when nothing that shows the marks fits anywhere.
    Tension,
    /// Name only: likewise.
    Name,
}

impl Cut {
    /// The cuts that show the whole tag.
    const WHOLE: [Cut; 5] = [
        Cut::Full,
        Cut::FullGrouped,
        Cut::TwoLines,
        Cut::TwoLinesGrouped,
        Cut::Stacked,
    ];
    /// The cuts that leave part of the tag out, for views too small for any other.
    const PARTIAL: [Cut; 2] = [Cut::Tension, Cut::Name];
}

impl Tag<'_> {
    /// The label's lines, `prefix` (an arrow) before the name; `None` when `cut` shows
    /// nothing a cut before it did not.
    fn text<'t>(&'t self, cut: Cut, prefix: &'t str) -> Option<Vec<Text<'t>>> {
        let strong = Style::new().fg(self.colour).add_modifier(Modifier::BOLD);
        let has_marks = !self.marks.is_empty();
        let mut head = Text::default();
        if !prefix.is_empty() {
            head = head.push(prefix, strong).push(" ", self.text_style);
        }
        head = head.push(self.name.as_ref(), strong);
        if cut != Cut::Name {
            head = head
                .push(" ", self.text_style)
                .push(self.tension.as_str(), Style::new().fg(self.colour));
        }
        let grouped_differs = || grouped(&self.marks) != self.marks;
        let indent = if prefix.is_empty() { "" } else { "  " };
        let marks_line = |marks: Vec<String>| {
            Text::default()
                .push(indent, self.text_style)
                .push(marks.join(" "), self.text_style)
        };
        match cut {
            Cut::Full if has_marks => Some(vec![
                head.push(" ", self.text_style)
                    .push(self.marks.join(" "), self.text_style),
            ]),
            Cut::FullGrouped if has_marks && grouped_differs() => Some(vec![
                head.push(" ", self.text_style)
                    .push(grouped(&self.marks).join(" "), self.text_style),
            ]),
            Cut::TwoLines if has_marks => Some(vec![head, marks_line(self.marks.clone())]),
            Cut::TwoLinesGrouped if has_marks && grouped_differs() => {
                Some(vec![head, marks_line(grouped(&self.marks))])
            }
            Cut::Stacked if has_marks => {
                let width = usize::from(head.width())
                    .saturating_sub(indent.len())
                    .max(1);
                let mut lines = vec![head];
                let mut line: Vec<String> = Vec::new();
                for mark in grouped(&self.marks) {
                    let used: usize = line.iter().map(|m| m.chars().count() + 1).sum();
                    if !line.is_empty() && used + mark.chars().count() > width {
                        lines.push(marks_line(std::mem::take(&mut line)));
                    }
                    line.push(mark);
                }
                lines.push(marks_line(line));
                Some(lines)
            }
            Cut::Full | Cut::Name => Some(vec![head]),
            Cut::Tension if has_marks => Some(vec![head]),
            _ => None,
        }
    }
}

/// Where labels may still go in one view.
pub(super) struct Placer {
    pub(super) area: Rect,
    /// Outlines and markers.
    pub(super) obstacles: Vec<Rect>,
    /// Markers alone: no label covers or touches one, even over the outlines.
    pub(super) markers: Vec<Rect>,
    /// Labels placed so far; a new one keeps two blank cells from them on either side.
    pub(super) labels: Vec<Rect>,
}

/// How strictly a spot is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Room {
    /// Clear of outlines, markers and other labels.
    Clear,
    /// Clear of other labels only (over an outline, which it blanks out).
    OverOutlines,
}

impl Placer {
    /// Whether a label of `width` × `height` cells fits at area-relative (`col`, `row`).
    fn spot(&self, col: i32, row: i32, width: u16, height: u16, room: Room) -> Option<Rect> {
        let x = u16::try_from(col).ok()?;
        let y = u16::try_from(row).ok()?;
        let r = Rect::new(
            self.area.x.checked_add(x)?,
            self.area.y.checked_add(y)?,
            width,
            height,
        );
        // A blank column is kept before the right edge, where a border follows: a label
        // touching it would read as cut.
        let inside = width > 0
            && r.right() < self.area.right()
            && r.bottom() <= self.area.bottom()
            && u32::from(r.x) + u32::from(width) <= u32::from(u16::MAX);
        let free = (room == Room::OverOutlines || !self.obstacles.iter().any(|t| t.intersects(r)))
            && !self.markers.iter().any(|m| m.intersects(apart(r)))
            && !self.labels.iter().any(|t| t.intersects(apart(r)));
        (inside && free).then_some(r)
    }

    /// Places the first cut of `tag` that fits, trying: the whole tag at one of
    /// `spots(width, height)` (area-relative top-left corners, best first); anywhere in
    /// the view, nearest the first spot first; anywhere over the outlines; and only then
    /// parts of it at the spots. Draws it on a clear background, one blank cell either
    /// side. Returns whether it was placed.
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
        let cuts = |cuts: &[Cut]| -> Vec<Vec<Text<'_>>> {
            cuts.iter().filter_map(|&c| tag.text(c, prefix)).collect()
        };
        let whole = cuts(&Cut::WHOLE);
        let size = |lines: &[Text]| {
            let width = lines.iter().map(Text::width).max().unwrap_or(0);
            (width, u16::try_from(lines.len()).unwrap_or(u16::MAX))
        };
        let near = |lines: &[Text]| {
            let (w, h) = size(lines);
            spots(w, h).into_iter().next().unwrap_or((0, 0))
        };
        let attempts = [
            (Room::Clear, false),
            (Room::Clear, true),
            (Room::OverOutlines, true),
        ];
        for (room, anywhere) in attempts {
            for lines in &whole {
                let (w, h) = size(lines);
                let found = if anywhere {
                    self.nearest(near(lines), w, h, room)
                } else {
                    spots(w, h)
                        .into_iter()
                        .find_map(|(c, r)| self.spot(c, r, w, h, room))
                };
                if let Some(r) = found {
                    self.draw(buf, lines, r);
                    return true;
                }
            }
        }
        for lines in &cuts(&Cut::PARTIAL) {
            let (w, h) = size(lines);
            let found = spots(w, h)
                .into_iter()
                .find_map(|(c, r)| self.spot(c, r, w, h, Room::Clear));
            if let Some(r) = found {
                self.draw(buf, lines, r);
                return true;
            }
        }
        false
    }

    /// The free spot for a `width` × `height` label nearest area-relative `(col, row)`.
    fn nearest(&self, (col, row): (i32, i32), width: u16, height: u16, room: Room) -> Option<Rect> {
        let (w, h) = (i32::from(self.area.width), i32::from(self.area.height));
        let (tw, th) = (i32::from(width), i32::from(height));
        let mut spots: Vec<(i32, i32)> = (0..=h - th)
            .flat_map(|r| (0..=w - tw).map(move |c| (c, r)))
            .collect();
        spots.sort_by_key(|&(c, r)| (c - col).pow(2) + (CELL_ASPECT as i32 * (r - row)).pow(2));
        spots
            .into_iter()
            .find_map(|(c, r)| self.spot(c, r, width, height, room))
    }

    /// Draws a label's lines in `r`, blanking `r` and one cell either side of it first.
    fn draw(&mut self, buf: &mut Buffer, lines: &[Text], r: Rect) {
        let clear = spaced(r).intersection(self.area);
        for y in clear.top()..clear.bottom() {
            for x in clear.left()..clear.right() {
                // A marker beside the label stays.
                if r.contains((x, y).into()) || buf[(x, y)].symbol() != MARKER {
                    buf[(x, y)].reset();
                }
            }
        }
        for (dy, line) in (0u16..).zip(lines) {
            line.draw(buf, r.x, r.y + dy);
        }
        self.labels.push(r);
    }
}

/// A label's cells and one either side of it.
fn spaced(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_sub(1),
        width: r.width.saturating_add(2),
        ..r
    }
}

/// Blank cells kept between two labels on a row, so that they read as two.
const LABEL_GAP: u16 = 2;

/// The cells a label at `r` keeps other labels out of: its own and [`LABEL_GAP`] either
/// side.
pub(super) fn apart(r: Rect) -> Rect {
    let x = r.x.saturating_sub(LABEL_GAP);
    Rect {
        x,
        width: (r.right().saturating_add(LABEL_GAP)) - x,
        ..r
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

/// The marker of a front without an outline.
const MARKER: &str = "◆";

/// Vertical offsets tried for a label, nearest first.
const ROW_SHIFTS: [i32; 7] = [0, 1, -1, 2, -2, 3, -3];

impl MapView<'_> {
    /// The label of a front.
    fn tag(&self, front: usize) -> Tag<'_> {
        let t = self.tension_of(front);
        let tension = if t.is_finite() {
            format!("{:.0}", t.clamp(0.0, 100.0))
        } else {
            "?".to_owned()
        };
        let marks = self
            .orders
            .iter()
            .filter(|o| o.front == front)
            .map(order_mark)
            .filter(|m| !m.is_empty())
            .collect();
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

    /// Draws markers and labels of one view: every front without an outline that is in view
    /// gets a `◆`; the fronts `labelled` picks get a label beside them, or at the edge with
    /// an arrow when out of view; then seas and countries are named where there is room.
    pub(super) fn draw_labels(
        &self,
        view: &View,
        labelled: impl Fn(usize) -> bool,
        buf: &mut Buffer,
    ) {
        let fronts = &self.scenario.fronts;
        let mut placer = Placer {
            area: view.area,
            obstacles: Vec::with_capacity(fronts.len()),
            markers: Vec::new(),
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
                buf.set_string(foot.x, foot.y, MARKER, style);
                placer.markers.push(foot);
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
                    1 => w - tw - 1,
                    -1 => 0,
                    _ => c.min(w - tw - 1),
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
        self.draw_places(view, &mut placer, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::tests::SETUP;
    use arenas_core::engine::{Claim, FrontKind, Task};

    #[test]
    fn no_label_touches_a_marker_even_over_the_outlines() {
        let marker = Rect::new(20, 2, 1, 1);
        let placer = Placer {
            area: Rect::new(0, 0, 40, 5),
            obstacles: vec![marker],
            markers: vec![marker],
            labels: Vec::new(),
        };
        let fits = |col| placer.spot(col, 2, 5, 1, Room::OverOutlines).is_some();
        // A label of columns 15 to 19 would end against the marker at 20.
        assert!(!fits(15));
        assert!(!fits(21));
        assert!(fits(13) && fits(23));
    }

    #[test]
    fn labels_on_a_row_keep_two_blanks_between_them() {
        let placer = Placer {
            area: Rect::new(0, 0, 40, 5),
            obstacles: Vec::new(),
            markers: Vec::new(),
            labels: vec![Rect::new(5, 1, 6, 1)],
        };
        let fits = |col, row| placer.spot(col, row, 3, 1, Room::Clear).is_some();
        // The label covers columns 5 to 10: one blank after it is too few, two will do.
        assert!(!fits(12, 1));
        assert!(fits(13, 1));
        // Before it: a label ending at column 2 leaves 3 and 4 blank.
        assert!(fits(0, 1));
        assert!(!fits(1, 1));
        // Another row is no concern.
        assert!(fits(11, 2));
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
}
