//! The ceasefire as a story: its chance week by week, the weeks it moved most and why, and
//! one paragraph on why it came or did not (too little pressure, escalation that rallied
//! the world against the axis, or luck, with how often it would have come).

use super::numbers::{percent, whole};
use arenas_core::engine::{Meter, MeterExplanation, Outcome, Scenario, State, ceasefire_chance};
use arenas_core::game::PlayedTurn;
use arenas_files::text::clean;

/// A week's move of the ceasefire chance (percentage points) worth a turning point.
pub(super) const MOVE: f64 = 2.0;
/// A chance that never reached this (percent) was too little pressure to hope on.
const TOO_LITTLE: f64 = 5.0;
/// Points of international pressure lost to escalation pinned on the axis that count as a
/// rally against it.
const RALLY: f64 = 5.0;
/// The rule by which escalation pinned on the axis lowers international pressure.
const AXIS_ESCALATION: &str = "pressure.axis_escalation";

/// The ceasefire chance (percent) in each played turn, as the draw that closed it weighed
/// it, after the start.
pub(super) fn chances(sc: &Scenario, initial: &State, turns: &[PlayedTurn]) -> Vec<f64> {
    std::iter::once(initial)
        .chain(turns.iter().map(|t| &t.state))
        .map(|s| 100.0 * ceasefire_chance(sc, s))
        .collect()
}

/// What moved the ceasefire chance in turn `t`: the pressure that rose most (weighted as
/// the chance weighs it) and the members whose orders raised it, for the end of a sentence
/// ("when pressure from the Houthis and Iraq mil. raised US pressure on Israel").
pub(super) fn cause(sc: &Scenario, t: &PlayedTurn) -> String {
    let r = &t.report;
    let weight = sc.model.draws.us_pressure.weight;
    let moves = [
        (Meter::InternationalPressure, 1.0),
        (Meter::UsPressure, weight),
    ]
    .map(|(m, w)| {
        let x = r.meter(m);
        (m, w * (x.after - x.before), x)
    });
    let rose = t.state.meter(Meter::InternationalPressure) + t.state.meter(Meter::UsPressure)
        >= moves.iter().map(|(_, _, x)| x.before).sum::<f64>();
    let pick = if rose {
        moves.iter().max_by(|a, b| a.1.total_cmp(&b.1))
    } else {
        moves.iter().min_by(|a, b| a.1.total_cmp(&b.1))
    };
    let Some(&(meter, _, x)) = pick else {
        return String::new();
    };
    let verb = if rose { "raised" } else { "lowered" };
    let name = meter.name();
    match members_behind(sc, x, rose) {
        Some(who) => format!(" when pressure from {who} {verb} {}", lower(name)),
        None => format!(" as {} {}", lower(name), if rose { "rose" } else { "fell" }),
    }
}

/// The members whose orders moved a meter most in the direction it went, named together.
fn members_behind(sc: &Scenario, x: &MeterExplanation, rose: bool) -> Option<String> {
    let sign = if rose { 1.0 } else { -1.0 };
    let best = x
        .factors
        .iter()
        .filter(|f| f.members != 0 && f.value * sign > 0.0)
        .max_by(|a, b| (a.value * sign).total_cmp(&(b.value * sign)))?;
    let names: Vec<String> = (0..sc.factions.len())
        .filter(|i| best.members & (1 << i) != 0)
        .map(|i| clean(&sc.factions[i].short))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// A meter's name inside a sentence: lower case but for proper names.
fn lower(name: &str) -> String {
    match name {
        "US pressure on Israel" => name.to_owned(),
        n => n.to_lowercase(),
    }
}

/// One paragraph on why the ceasefire came or did not: the chance it had, how often a
/// ceasefire would have come with those chances, and what held it back.
pub(super) fn paragraph(
    sc: &Scenario,
    outcome: Option<Outcome>,
    chances: &[f64],
    turns: &[PlayedTurn],
) -> String {
    let unit = sc.calendar.unit();
    // The chance of each played turn's draw: the chance at its end.
    let drawn = chances.get(1..).unwrap_or(&[]);
    let peak = drawn.iter().copied().fold(0.0, f64::max);
    let start = chances.first().copied().unwrap_or(0.0);
    let last = drawn.last().copied().unwrap_or(start);
    let none = drawn.iter().map(|c| 1.0 - c / 100.0).product::<f64>();
    let by_end = 100.0 * (1.0 - none);
    let pressure = |m: Meter| turns.iter().map(|t| t.state.meter(m)).fold(0.0, f64::max);
    let rally: f64 = -turns
        .iter()
        .flat_map(|t| &t.report.meter(Meter::InternationalPressure).factors)
        .filter(|f| f.rule == AXIS_ESCALATION)
        .map(|f| f.value)
        .sum::<f64>();
    let rally_text = if rally >= RALLY {
        format!(
            " Escalation pinned on the axis cost {} points of international pressure over the \
             campaign: each such act shifted the world's attention from the operation to the \
             axis.",
            whole(rally)
        )
    } else {
        String::new()
    };
    let came = matches!(
        outcome,
        Some(Outcome::CeasefirePreserved | Outcome::CeasefireDegraded)
    );
    if came {
        let week = unit.label(turns.last().map_or(0, |t| t.turn));
        return format!(
            "The ceasefire came in {week}, when its chance stood at {} (from {} at the start). \
             With the chances it had {} by {}, a ceasefire had come by then in {} of \
             campaigns: the pressure built was what brought it.{rally_text}",
            percent(last),
            percent(start),
            unit.noun,
            unit.noun,
            percent(by_end)
        );
    }
    let why = if peak < TOO_LITTLE {
        format!(
            "Too little pressure: the chance never passed {}, with international pressure at \
             most {} and US pressure on Israel at most {}.",
            percent(peak),
            whole(pressure(Meter::InternationalPressure)),
            whole(pressure(Meter::UsPressure))
        )
    } else if by_end >= 50.0 {
        format!(
            "Chance more than policy: the pressure was there (the chance reached {}), and a \
             ceasefire would have come in {} of campaigns with the same chances.",
            percent(peak),
            percent(by_end)
        )
    } else {
        format!(
            "Pressure built, but too little or too late: the chance peaked at {}, and with the \
             chances it had a ceasefire would have come in {} of campaigns.",
            percent(peak),
            percent(by_end)
        )
    };
    let ended = match outcome {
        Some(Outcome::Stalemate) => "The campaign's time ran out without a ceasefire.".to_owned(),
        Some(o) => format!(
            "The campaign ended as \"{}\" before any ceasefire.",
            sc.outcome_name(o)
        ),
        None => "No ceasefire has come so far.".to_owned(),
    };
    format!("{ended} {why}{rally_text}")
}
