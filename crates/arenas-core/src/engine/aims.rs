//! Am I winning? The room's aims measured against the scenario's victory thresholds, this
//! turn's ceasefire chance, and a plain verdict with its reason. Pure: a function of the
//! scenario and the state at the orders phase.

use super::meters::Meter;
use super::model::{Scenario, UsTrack};
use super::numbers::fixed;
use super::resolve::ceasefire_chance;
use super::state::State;

/// How the campaign stands against one aim, or overall. Ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The aim holds with room to spare.
    OnTrack,
    /// The aim still holds, but one or two bad turns would lose it.
    AtRisk,
    /// The aim is lost for now, or the next bad turn ends the campaign.
    Failing,
}

impl Verdict {
    /// The verdict in words: `on track`, `at risk`, `failing`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::OnTrack => "on track",
            Verdict::AtRisk => "at risk",
            Verdict::Failing => "failing",
        }
    }

    /// The verdict at the start of a line: `On track`, `At risk`, `Failing`.
    pub fn title(self) -> &'static str {
        match self {
            Verdict::OnTrack => "On track",
            Verdict::AtRisk => "At risk",
            Verdict::Failing => "Failing",
        }
    }
}

/// One aim of the room, with its value against its threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct Aim {
    pub verdict: Verdict,
    /// The aim's value and threshold in a few characters: `Hamas 66/35`.
    pub short: String,
    /// The same in words: `Hamas capacity 66 (a good ceasefire needs 35)`.
    pub long: String,
    /// Why the verdict, in a few words: `Hamas capacity near 35`.
    pub reason: String,
    /// Why the verdict, in a sentence fragment.
    pub reason_long: String,
}

/// The room's aims and the verdict on the campaign at an orders phase.
#[derive(Clone, Debug, PartialEq)]
pub struct Aims {
    /// Hamas capacity, cohesion, escalation, the US escalation track, the ceasefire.
    pub aims: Vec<Aim>,
    /// The chance of a ceasefire this turn if pressure stayed where it is (0–1).
    pub ceasefire: f64,
    /// The worst verdict of the aims.
    pub verdict: Verdict,
    /// The reason of the aim that sets the verdict (or that every aim holds), short.
    pub reason: String,
    /// The same, in a sentence fragment.
    pub reason_long: String,
}

/// Points within which a threshold that ends the campaign is one bad turn away.
const NEAR: f64 = 5.0;
/// Points within which a threshold is close enough to warn about.
const WARN: f64 = 10.0;
/// US intervention chance (percent) from which the US response is a risk in itself.
const US_WARN: f64 = 25.0;
/// Below this chance of any ceasefire in the turns left, a stalemate is the likely end.
const CEASEFIRE_UNLIKELY: f64 = 0.25;

/// Measures the room's aims at the orders phase of `state`.
pub fn assess(scenario: &Scenario, state: &State) -> Aims {
    let v = &scenario.victory;
    let unit = scenario.calendar.unit();
    let whole = |x: f64| fixed(x, 0);
    let focus = scenario
        .factions
        .get(scenario.focus)
        .map_or("Focus", |f| f.short.as_str());
    let mut aims = Vec::with_capacity(5);

    // The focus member's capacity: a ceasefire counts as preserved above its threshold.
    let capacity = state.meter(Meter::HamasCapacity);
    let lost = state.lost.get(scenario.focus).copied().unwrap_or(0.0);
    let room = capacity - v.capacity_preserved;
    let (verdict, reason, reason_long) = if room < 0.0 {
        (
            Verdict::Failing,
            format!("{focus} capacity under {}", whole(v.capacity_preserved)),
            format!(
                "{focus} capacity {} is under the {} a ceasefire needs to leave it preserved",
                whole(capacity),
                whole(v.capacity_preserved)
            ),
        )
    } else if room < WARN.max(2.0 * lost) {
        (
            Verdict::AtRisk,
            format!("{focus} capacity near {}", whole(v.capacity_preserved)),
            format!(
                "{focus} capacity {} is {} above the {} a good ceasefire needs, and it lost {} last {}",
                whole(capacity),
                whole(room),
                whole(v.capacity_preserved),
                whole(lost),
                unit.noun
            ),
        )
    } else {
        ok()
    };
    aims.push(Aim {
        verdict,
        short: format!(
            "{focus} {}/{}",
            whole(capacity),
            whole(v.capacity_preserved)
        ),
        long: format!(
            "{focus} capacity {} (needs {})",
            whole(capacity),
            whole(v.capacity_preserved)
        ),
        reason,
        reason_long,
    });

    // Cohesion: the axis fractures at its threshold.
    let cohesion = state.meter(Meter::Cohesion);
    aims.push(floor_aim(
        ("Cohesion", "Axis cohesion"),
        cohesion,
        v.cohesion_fracture,
        "fractures",
    ));

    // The escalation ladder: regional war at its threshold.
    let escalation = state.meter(Meter::Escalation);
    let room = v.regional_war - escalation;
    let (verdict, reason, reason_long) = near(
        room,
        format!("ladder near regional war ({})", whole(v.regional_war)),
        format!(
            "the escalation ladder {} is {} below regional war at {}",
            whole(escalation),
            whole(room),
            whole(v.regional_war)
        ),
    );
    aims.push(Aim {
        verdict,
        short: format!("Ladder {}/{}", whole(escalation), whole(v.regional_war)),
        long: format!(
            "Escalation {} (war at {})",
            whole(escalation),
            whole(v.regional_war)
        ),
        reason,
        reason_long,
    });

    // The US escalation track: its last rung is direct confrontation.
    let steps = scenario.us_track(UsTrack::Escalation).count();
    let climbed = usize::from(state.us_rungs[UsTrack::Escalation as usize]);
    let chance = state.meter(Meter::UsEntry);
    let (verdict, reason, reason_long) = if steps > 0 && climbed + 1 >= steps {
        (
            Verdict::Failing,
            "one US step from confrontation".to_owned(),
            "the US has climbed its escalation track to one step short of direct confrontation"
                .to_owned(),
        )
    } else if chance >= US_WARN {
        (
            Verdict::AtRisk,
            format!("US intervention {}%", whole(chance)),
            format!(
                "the chance of a US step this {} stands at {}%",
                unit.noun,
                whole(chance)
            ),
        )
    } else {
        ok()
    };
    aims.push(Aim {
        verdict,
        short: format!("US {climbed}/{steps}"),
        long: format!("US escalation track {climbed}/{steps}"),
        reason,
        reason_long,
    });

    // The ceasefire: the only way to the best outcome; a stalemate when it never comes.
    let p = ceasefire_chance(scenario, state);
    let left = scenario.calendar.turns.saturating_sub(state.turn) + 1;
    let any = 1.0 - (1.0 - p).powi(i32::from(left));
    let late = 2 * left <= scenario.calendar.turns;
    let (verdict, reason, reason_long) = if late && any < CEASEFIRE_UNLIKELY {
        (
            Verdict::AtRisk,
            format!(
                "ceasefire unlikely in {} left",
                unit.count(usize::from(left))
            ),
            format!(
                "at this pressure a ceasefire has a {}% chance in the {} left: a stalemate looms",
                whole(100.0 * any),
                unit.count(usize::from(left))
            ),
        )
    } else {
        ok()
    };
    let pct = percent(p);
    aims.push(Aim {
        verdict,
        short: format!("Ceasefire {pct}"),
        long: format!("Ceasefire chance {pct} this {}", unit.noun),
        reason,
        reason_long,
    });

    let worst = aims
        .iter()
        .max_by_key(|a| a.verdict)
        .map_or(Verdict::OnTrack, |a| a.verdict);
    let (reason, reason_long) = match aims.iter().find(|a| a.verdict == worst) {
        Some(a) if worst != Verdict::OnTrack => (a.reason.clone(), a.reason_long.clone()),
        _ => (
            "every aim holds".to_owned(),
            "every aim holds; winning still needs a ceasefire".to_owned(),
        ),
    };
    Aims {
        aims,
        ceasefire: p,
        verdict: worst,
        reason,
        reason_long,
    }
}

fn ok() -> (Verdict, String, String) {
    (Verdict::OnTrack, String::new(), String::new())
}

/// The verdict for `room` points left before a threshold that ends the campaign.
fn near(room: f64, reason: String, reason_long: String) -> (Verdict, String, String) {
    if room <= NEAR {
        (Verdict::Failing, reason, reason_long)
    } else if room <= NEAR + WARN {
        (Verdict::AtRisk, reason, reason_long)
    } else {
        ok()
    }
}

/// An aim that fails when a meter falls to a floor.
fn floor_aim(names: (&str, &str), value: f64, floor: f64, verb: &str) -> Aim {
    let (short, long) = names;
    let whole = |x: f64| fixed(x, 0);
    let room = value - floor;
    let (verdict, reason, reason_long) = near(
        room,
        format!("{} near {}", long.to_lowercase(), whole(floor)),
        format!(
            "{} {} is {} above the {} at which it {verb}",
            long.to_lowercase(),
            whole(value),
            whole(room),
            whole(floor)
        ),
    );
    Aim {
        verdict,
        short: format!("{short} {}/{}", whole(value), whole(floor)),
        long: format!("{long} {} ({verb} at {})", whole(value), whole(floor)),
        reason,
        reason_long,
    }
}

/// A chance (0–1) as a percentage: one decimal below 10 %, else whole.
fn percent(p: f64) -> String {
    let pct = 100.0 * p;
    if pct < 9.95 {
        format!("{}%", fixed(pct, 1))
    } else {
        format!("{}%", fixed(pct, 0))
    }
}
