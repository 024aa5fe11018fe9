//! The report's charts as inline SVG, written by hand: a meter over the weeks, the US
//! tracks over the weeks, and outcome shares side by side.
//!
//! Every chart is one `<svg>` inside a `<figure>`; the page's stylesheet sets its type and
//! colours by class, so the charts stay small and print as they show. Text from files
//! never reaches a chart: labels are meter and outcome names, numbers, and what the caller
//! escaped (see [`arenas_files::text::html`]).

use std::fmt::Write;

use arenas_core::engine::{Hue, Meter, Outcome, Scenario, State, UsTrack};
use arenas_files::text::html;

/// Width and height of a meter chart's view box.
const METER_W: f64 = 300.0;
const METER_H: f64 = 180.0;
/// The plot area of a meter chart: left, right, top and bottom edges.
const PLOT: (f64, f64, f64, f64) = (52.0, 238.0, 12.0, 150.0);

/// A line colour for each meter's hue, dark enough on white paper and on a projector.
fn colour(hue: Hue) -> &'static str {
    match hue {
        Hue::Cyan => "#00707c",
        Hue::Gray => "#4d4d4d",
        Hue::Red => "#b3261e",
        Hue::Magenta => "#8e2c83",
        Hue::Green => "#2e7d32",
        Hue::Yellow => "#7a6000",
        Hue::LightBlue => "#1d6fa5",
        Hue::Blue => "#283593",
    }
}

/// A tick label of a meter's scale: whole numbers on a scale of 10 or more, else one decimal.
fn tick(meter: Meter, value: f64) -> String {
    let text = if meter.full_scale() >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    if meter == Meter::UsEntry {
        text + "%"
    } else {
        text
    }
}

/// Weeks between labelled ticks of a week axis, so that about six are labelled.
fn week_step(weeks: u16) -> u16 {
    weeks.div_ceil(6).max(1)
}

/// The x position of week `week` of `weeks` on a plot from `left` to `right`.
fn week_x(week: usize, weeks: u16, left: f64, right: f64) -> f64 {
    left + (right - left) * week as f64 / f64::from(weeks.max(1))
}

/// A week axis under a plot: a tick and a label every few weeks ("Start" for week 0).
fn week_axis(svg: &mut String, weeks: u16, (left, right): (f64, f64), bottom: f64) {
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>"#
    );
    let step = week_step(weeks);
    for week in (0..=weeks).step_by(usize::from(step)) {
        let x = week_x(usize::from(week), weeks, left, right);
        let label = if week == 0 {
            "Start".to_owned()
        } else {
            week.to_string()
        };
        let _ = write!(
            svg,
            r#"<line class="axis" x1="{x:.1}" y1="{bottom}" x2="{x:.1}" y2="{:.1}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{label}</text>"#,
            bottom + 5.0,
            bottom + 22.0
        );
    }
}

/// Grid lines across a plot from `left` to `right` at 0, half and all of `scale`, each
/// labelled on the left by `label`; `y` places a value.
fn value_grid(
    svg: &mut String,
    (left, right): (f64, f64),
    y: &dyn Fn(f64) -> f64,
    scale: f64,
    label: &dyn Fn(f64) -> String,
) {
    for v in [0.0, scale / 2.0, scale] {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{left}" y1="{y:.1}" x2="{right}" y2="{y:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y(v) + 5.0,
            label(v),
            y = y(v)
        );
    }
}

/// A polyline's points.
fn points(xy: impl Iterator<Item = (f64, f64)>) -> String {
    let mut out = String::new();
    for (i, (x, y)) in xy.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{x:.1},{y:.1}");
    }
    out
}

/// One meter's values over the weeks (the start, then after each week) on its full scale,
/// the week axis spanning the scenario's `weeks`. The last value is marked and written.
pub fn meter_chart(meter: Meter, name: &str, values: &[f64], weeks: u16) -> String {
    let (left, right, top, bottom) = PLOT;
    let scale = meter.full_scale();
    let y = |v: f64| bottom - (bottom - top) * (v / scale).clamp(0.0, 1.0);
    let first = values.first().copied().unwrap_or(0.0);
    let last = values.last().copied().unwrap_or(0.0);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {METER_W} {METER_H}" role="img"><title>{}: {} at the start, {} after week {}</title>"#,
        html(name),
        meter.format(first),
        meter.format(last),
        values.len().saturating_sub(1)
    );
    value_grid(&mut svg, (left, right), &y, scale, &|v| tick(meter, v));
    week_axis(&mut svg, weeks, (left, right), bottom);
    let colour = colour(meter.info().hue);
    let line = points(
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| (week_x(i, weeks, left, right), y(v))),
    );
    let end_x = week_x(values.len().saturating_sub(1), weeks, left, right);
    let _ = write!(
        svg,
        r#"<polyline class="line" stroke="{colour}" points="{line}"/><circle cx="{end_x:.1}" cy="{:.1}" r="4.5" fill="{colour}"/><text class="value" x="{:.1}" y="{:.1}">{}</text></svg>"#,
        y(last),
        end_x + 8.0,
        y(last) + 5.0,
        meter.format(last)
    );
    svg
}

/// One campaign's line on an [`overlay_chart`].
pub struct PairLine {
    /// The pair's label, escaped by the caller.
    pub label: String,
    /// The value at the start, then after each week.
    pub values: Vec<f64>,
}

/// Line styles told apart in grey print too: a colour and a dash pattern per pair.
const PAIR_STYLES: [(&str, &str); 8] = [
    ("#1f3f7a", ""),
    ("#b35900", "8 4"),
    ("#2e7d32", "2 4"),
    ("#8e2c83", "12 4 2 4"),
    ("#b3261e", "4 4"),
    ("#00707c", "10 3 3 3"),
    ("#4d4d4d", "1 3"),
    ("#7a6000", "14 6"),
];

/// Every pair of a class on one quantity over the weeks (`scale` its top, `unit` after its
/// ticks), the weeks an instructor prepared (up to `prepared`) shaded, each line labelled
/// by a number keyed in the legend under the chart.
pub fn overlay_chart(
    title: &str,
    lines: &[PairLine],
    (scale, unit): (f64, &str),
    weeks: u16,
    prepared: u16,
) -> String {
    const W: f64 = 640.0;
    const ROW: f64 = 24.0;
    let (left, right, top, bottom) = (60.0, 600.0, 14.0, 220.0);
    let legend_rows = lines.len().div_ceil(2);
    let height = bottom + 40.0 + ROW * legend_rows as f64;
    let y = |v: f64| bottom - (bottom - top) * (v / scale).clamp(0.0, 1.0);
    let mut svg = format!(
        r#"<svg class="chart overlay" viewBox="0 0 {W} {height:.0}" role="img"><title>{} for every pair over the weeks</title>"#,
        html(title)
    );
    if prepared > 0 {
        let x1 = week_x(usize::from(prepared), weeks, left, right);
        let _ = write!(
            svg,
            r#"<rect class="prepared" x="{left}" y="{top}" width="{:.1}" height="{:.1}"/><text x="{:.1}" y="{:.1}">prepared</text>"#,
            x1 - left,
            bottom - top,
            left + 6.0,
            top + 18.0
        );
    }
    value_grid(&mut svg, (left, right), &y, scale, &|v| {
        let decimals = if scale >= 10.0 { 0 } else { 1 };
        format!("{}{unit}", arenas_core::engine::numbers::fixed(v, decimals))
    });
    week_axis(&mut svg, weeks, (left, right), bottom);
    for (i, line) in lines.iter().enumerate() {
        let (colour, dash) = PAIR_STYLES[i % PAIR_STYLES.len()];
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let pts = points(
            line.values
                .iter()
                .enumerate()
                .map(|(w, &v)| (week_x(w, weeks, left, right), y(v))),
        );
        let last = line.values.last().copied().unwrap_or(0.0);
        let end_x = week_x(line.values.len().saturating_sub(1), weeks, left, right);
        let _ = write!(
            svg,
            r#"<polyline class="line" stroke="{colour}"{dash} points="{pts}"/><text class="value" x="{:.1}" y="{:.1}">{}</text>"#,
            end_x + 6.0,
            y(last) + 5.0,
            i + 1
        );
        // The legend: two pairs a row under the week axis.
        let (lx, ly) = (
            left + if i % 2 == 0 { 0.0 } else { 290.0 },
            bottom + 44.0 + ROW * (i / 2) as f64,
        );
        let _ = write!(
            svg,
            r#"<line class="line" stroke="{colour}"{dash} x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/><text x="{:.1}" y="{ly:.1}">{} {}</text>"#,
            ly - 5.0,
            lx + 36.0,
            ly - 5.0,
            lx + 44.0,
            i + 1,
            line.label
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The rungs climbed on each US track over the weeks, one lane per track, the week axis
/// spanning the scenario's calendar. Rungs are numbered; the caller lists their names.
pub fn us_track_chart(scenario: &Scenario, states: &[&State]) -> String {
    const W: f64 = 760.0;
    const RUNG: f64 = 30.0;
    /// Room above a lane for its title.
    const TITLE: f64 = 34.0;
    let (left, right) = (70.0, 730.0);
    let weeks = scenario.calendar.turns;
    let lanes: Vec<(UsTrack, usize)> = UsTrack::ALL
        .iter()
        .map(|&t| (t, scenario.us_track(t).count()))
        .collect();
    let height: f64 = lanes
        .iter()
        .map(|&(_, n)| TITLE + RUNG * n.max(1) as f64 + 16.0)
        .sum::<f64>()
        + 40.0;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {height}" role="img"><title>Rungs of the US response climbed each week, by track</title>"#
    );
    let mut top = 0.0;
    for (track, rungs) in lanes {
        let bottom = top + TITLE + RUNG * rungs.max(1) as f64;
        let y = |level: usize| bottom - RUNG * level as f64;
        let _ = write!(
            svg,
            r#"<text class="lane" x="0" y="{:.1}">{}</text>"#,
            top + 22.0,
            track.name()
        );
        for level in 0..=rungs {
            let _ = write!(
                svg,
                r#"<line class="grid" x1="{left}" y1="{yl:.1}" x2="{right}" y2="{yl:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="end">{level}</text>"#,
                left - 10.0,
                y(level) + 5.0,
                yl = y(level)
            );
        }
        let climbed = |s: &State| usize::from(s.us_rungs[track as usize]).min(rungs);
        // A step line: each week's level holds until the next week's.
        let mut steps: Vec<(f64, f64)> = Vec::with_capacity(states.len() * 2);
        let mut previous = None;
        for (i, s) in states.iter().enumerate() {
            let x = week_x(i, weeks, left, right);
            if let Some(level) = previous {
                steps.push((x, level));
            }
            let level = y(climbed(s));
            steps.push((x, level));
            previous = Some(level);
        }
        let class = match track {
            UsTrack::Forces => "track-forces",
            UsTrack::Escalation => "track-escalation",
        };
        let _ = write!(
            svg,
            r#"<polyline class="line {class}" points="{}"/>"#,
            points(steps.into_iter())
        );
        top = bottom + 16.0;
    }
    week_axis(&mut svg, weeks, (left, right), top - 4.0);
    svg.push_str("</svg>");
    svg
}

/// A series of outcome shares: its legend label, the CSS class that colours its bars, and
/// one share (0–1) per outcome in [`Outcome::ALL`] order.
pub struct Shares {
    pub label: String,
    pub class: &'static str,
    pub shares: Vec<f64>,
}

/// Outcome shares side by side, one group of bars per outcome, each bar labelled with its
/// percentage (so that the chart reads in grey print too). The `marked` outcome's name is
/// set in bold after a triangle, and the legend says what the triangle marks.
pub fn outcome_chart(sc: &Scenario, series: &[Shares], marked: Option<(Outcome, &str)>) -> String {
    const W: f64 = 900.0;
    const BAR: f64 = 20.0;
    const LEGEND: f64 = 40.0;
    let (left, right) = (360.0, 820.0);
    let group = BAR * series.len() as f64 + 18.0;
    let height = LEGEND + group * Outcome::ALL.len() as f64 + 10.0;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {height}" role="img"><title>Share of campaigns ending in each outcome</title>"#
    );
    let mut x = 0.0;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect class="{}" x="{x}" y="8" width="18" height="18"/><text x="{:.1}" y="23">{}</text>"#,
            s.class,
            x + 24.0,
            s.label
        );
        x += 24.0 + 10.5 * s.label.chars().count() as f64 + 30.0;
    }
    if let Some((_, meaning)) = marked {
        let _ = write!(
            svg,
            r#"<text class="mark" x="{x:.1}" y="23">▶ {meaning}</text>"#
        );
    }
    for (i, outcome) in Outcome::ALL.iter().enumerate() {
        let top = LEGEND + group * i as f64;
        let name = match marked {
            Some((o, _)) if o == *outcome => {
                format!(
                    r#"<tspan class="mark">▶ {}</tspan>"#,
                    html(&sc.outcome_name(*outcome))
                )
            }
            _ => html(&sc.outcome_name(*outcome)),
        };
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{name}</text><line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{:.1}"/>"#,
            left - 12.0,
            top + group / 2.0,
            top + group - 18.0
        );
        for (j, s) in series.iter().enumerate() {
            let share = s.shares.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            let width = (right - left) * share;
            let y = top + BAR * j as f64;
            let _ = write!(
                svg,
                r#"<rect class="{}" x="{left}" y="{y:.1}" width="{width:.1}" height="{:.1}"/><text class="share" x="{:.1}" y="{:.1}">{}</text>"#,
                s.class,
                BAR - 3.0,
                left + width + 6.0,
                y + BAR - 6.0,
                percent(share)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A share as a whole percentage, as SVG text; a share between 0 and 1 that would round
/// to either is "<1%" or ">99%" (escaped).
fn percent(share: f64) -> String {
    match format!("{:.0}%", 100.0 * share) {
        zero if zero == "0%" && share > 0.0 => "&lt;1%".to_owned(),
        all if all == "100%" && share < 1.0 => "&gt;99%".to_owned(),
        text => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arenas_files::scenario::default_scenario;

    #[test]
    fn a_meter_chart_draws_every_value_on_the_full_scale_and_writes_the_last() {
        let svg = meter_chart(Meter::UsEntry, "US entry", &[5.0, 120.0, -3.0, 42.3], 12);
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.ends_with("</svg>"));
        let line = svg
            .split_once("points=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(points, _)| points)
            .expect("a polyline");
        let ys: Vec<f64> = line
            .split(' ')
            .map(|p| p.split_once(',').expect("x,y").1.parse().expect("a number"))
            .collect();
        // Values beyond the scale stay on the plot: 120% at its top, −3 at its bottom.
        assert_eq!(ys, [143.1, PLOT.2, PLOT.3, 91.6]);
        assert!(svg.contains(">42.3%</text></svg>"));
        assert!(svg.contains(">100%</text>") && svg.contains(">Start</text>"));
    }

    #[test]
    fn the_us_chart_has_a_lane_per_track_and_steps_between_weeks() {
        let game = {
            let mut g = arenas_core::game::Game::new(default_scenario().scenario, 3);
            let history = g.scenario.historical_course();
            for turn in 1..=3 {
                g.commit(history.turn(turn).to_vec()).expect("valid");
            }
            g
        };
        let states: Vec<&State> = game.states().collect();
        let svg = us_track_chart(&game.scenario, &states);
        assert_eq!(svg.matches("<polyline").count(), UsTrack::ALL.len());
        assert!(svg.contains(">Forces track<") && svg.contains(">Escalation track<"));
        // Four states: four points and three steps of two points each, less the first.
        let first = svg
            .split_once("points=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(points, _)| points.split(' ').count());
        assert_eq!(first, Some(7));
    }

    #[test]
    fn outcome_bars_are_labelled_and_tiny_shares_are_not_zero() {
        let series = [Shares {
            label: "Historical course".to_owned(),
            class: "s-history",
            shares: vec![0.5, 0.001, 0.0, 0.499, 0.0, 0.0, 0.0],
        }];
        let sc = arenas_files::scenario::default_scenario().scenario;
        let svg = outcome_chart(&sc, &series, Some((Outcome::CeasefireDegraded, "this one")));
        assert_eq!(
            svg.matches("<rect class=\"s-history\"").count(),
            1 + Outcome::ALL.len()
        );
        assert!(svg.contains(">50%<") && svg.contains(">&lt;1%<") && svg.contains(">0%<"));
        assert!(svg.contains("▶ Ceasefire, capacity degraded") && svg.contains("▶ this one"));
        assert_eq!(percent(0.005), "&lt;1%");
        assert_eq!(percent(0.0051), "1%");
        assert_eq!(percent(0.9999), "&gt;99%");
        assert_eq!(
            (percent(0.0), percent(1.0)),
            ("0%".to_owned(), "100%".to_owned())
        );
    }
}
