//! Am I winning? The room's aims against the scenario's thresholds, judged by how the
//! campaign is likely to end from here if its course holds ([`likely_ends`]: campaigns
//! played on from the state with the standing orders), with a plain verdict naming the most
//! likely bad end. Pure: functions of the scenario, the state and the course.

use super::campaign::{rng_from_seed, run_seed};
use super::explain::Silent;
use super::meters::Meter;
use super::numbers::fixed;
use super::resolve::{LookAhead, advance, ceasefire_chance, us_entry};
use super::scenario::{Order, Scenario};
use super::state::State;
use super::vocabulary::Outcome;

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
    /// The focus member's capacity, cohesion, escalation, US entry, the ceasefire.
    pub aims: Vec<Aim>,
    /// The chance of a ceasefire this turn if pressure stayed where it is (0–1).
    pub ceasefire: f64,
    /// The worst verdict of the aims.
    pub verdict: Verdict,
    /// The most likely end short of the room's aim, and its chance (0–1).
    pub worst: Option<(Outcome, f64)>,
    /// The reason for the verdict, short: the most likely bad end and its chance.
    pub reason: String,
    /// The same, in a sentence fragment.
    pub reason_long: String,
}

/// Campaigns played on from a state to estimate its likely ends: enough that the shares
/// agree with the forecast's (thousands of rollouts) within a few points.
pub const END_RUNS: u64 = 400;

/// How a campaign is likely to end from a state if its course holds: each outcome's share
/// of [`END_RUNS`] campaigns played on with the same orders every turn, in
/// [`Outcome::ALL`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Ends {
    pub shares: [f64; Outcome::ALL.len()],
}

impl Ends {
    /// The share (0–1) of campaigns ending in `outcome`.
    pub fn share(&self, outcome: Outcome) -> f64 {
        self.shares[outcome as usize]
    }
}

/// The likely ends of the campaign from `state` with `course` every turn: the same state
/// gives the same estimate (its draws are seeded by the state).
pub fn likely_ends(scenario: &Scenario, state: &State, course: &[Order]) -> Ends {
    let mut shares = [0.0; Outcome::ALL.len()];
    if let Some(o) = state.outcome {
        shares[o as usize] = 1.0;
        return Ends { shares };
    }
    let seed = state.digest();
    let mut s = state.clone();
    // Only the outcome is wanted: the course ahead need not be weighed on the way.
    let look_ahead = LookAhead::at_end(scenario);
    for run in 0..END_RUNS {
        s.clone_from(state);
        let mut rng = rng_from_seed(run_seed(seed, run));
        while !s.is_over() {
            advance(
                scenario,
                &mut s,
                course,
                0,
                &mut rng,
                &mut Silent,
                look_ahead,
            );
        }
        if let Some(o) = s.outcome {
            shares[o as usize] += 1.0 / END_RUNS as f64;
        }
    }
    Ends { shares }
}

/// A bad end's chance from which its aim is at risk.
const AT_RISK: f64 = 0.2;
/// A bad end's chance from which its aim is failing: more likely than not.
const FAILING: f64 = 0.5;

/// The ends short of the room's aim, each with the aim (index into [`Aims::aims`]) it
/// fails.
const BAD_ENDS: [(Outcome, usize); 6] = [
    (Outcome::HamasDegraded, 0),
    (Outcome::CeasefireDegraded, 0),
    (Outcome::AxisFractured, 1),
    (Outcome::RegionalWar, 2),
    (Outcome::UsDirectConfrontation, 3),
    (Outcome::Stalemate, 4),
];

/// The verdict on an end of chance `p`.
fn verdict_of(p: f64) -> Verdict {
    if p >= FAILING {
        Verdict::Failing
    } else if p >= AT_RISK {
        Verdict::AtRisk
    } else {
        Verdict::OnTrack
    }
}

/// Measures the room's aims at the orders phase of `state`, judged by its likely `ends`.
pub fn assess(scenario: &Scenario, state: &State, ends: &Ends) -> Aims {
    let v = &scenario.victory;
    let unit = scenario.calendar.unit();
    let whole = |x: f64| fixed(x, 0);
    let focus = scenario.focus_short();
    let capacity = state.meter(Meter::HamasCapacity);
    let cohesion = state.meter(Meter::Cohesion);
    let escalation = state.meter(Meter::Escalation);
    let entry = us_entry(scenario, state);
    let p = ceasefire_chance(scenario, state);
    let pct = percent(p);
    let mut aims = vec![
        Aim::new(
            format!(
                "{focus} {}/{}",
                whole(capacity),
                whole(v.capacity_preserved)
            ),
            format!(
                "{focus} capacity {} (needs {})",
                whole(capacity),
                whole(v.capacity_preserved)
            ),
        ),
        Aim::new(
            format!(
                "Cohesion {}/{}",
                whole(cohesion),
                whole(v.cohesion_fracture)
            ),
            format!(
                "Axis cohesion {} (fractures at {})",
                whole(cohesion),
                whole(v.cohesion_fracture)
            ),
        ),
        Aim::new(
            format!("Ladder {}/{}", whole(escalation), whole(v.regional_war)),
            format!(
                "Escalation {} (war at {})",
                whole(escalation),
                whole(v.regional_war)
            ),
        ),
        Aim::new(
            format!("US entry {}", percent(entry.chance / 100.0)),
            format!(
                "US entry {} by the end (range {}–{})",
                percent(entry.chance / 100.0),
                percent(entry.low / 100.0),
                percent(entry.high / 100.0)
            ),
        ),
        Aim::new(
            format!("Ceasefire {pct}"),
            format!("Ceasefire chance {pct} this {}", unit.noun),
        ),
    ];
    for &(outcome, aim) in &BAD_ENDS {
        let share = ends.share(outcome);
        let a = &mut aims[aim];
        let verdict = verdict_of(share);
        if verdict > a.verdict || (verdict == a.verdict && a.reason.is_empty()) {
            a.verdict = verdict;
            a.reason = format!(
                "{} {} likely",
                scenario.outcome_name(outcome),
                percent(share)
            );
            a.reason_long = format!(
                "if the course holds, {} of campaigns from here end in {}",
                percent(share),
                scenario.outcome_name(outcome).to_lowercase()
            );
        }
    }
    let worst = BAD_ENDS
        .iter()
        .map(|&(o, _)| (o, ends.share(o)))
        .filter(|&(_, p)| p > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let verdict = worst.map_or(Verdict::OnTrack, |(_, p)| verdict_of(p));
    let (reason, reason_long) = match worst {
        Some((o, share)) if verdict != Verdict::OnTrack => (
            format!("{} {} likely", scenario.outcome_name(o), percent(share)),
            format!(
                "if the course holds, {} of campaigns from here end in {}",
                percent(share),
                scenario.outcome_name(o).to_lowercase()
            ),
        ),
        _ => {
            let good = ends.share(Outcome::CeasefirePreserved);
            (
                format!("no bad end likely; a good ceasefire {}", percent(good)),
                format!(
                    "if the course holds, no bad end reaches {}; a ceasefire with {focus} \
                     capacity preserved comes in {}",
                    percent(AT_RISK),
                    percent(good)
                ),
            )
        }
    };
    Aims {
        aims,
        ceasefire: p,
        verdict,
        worst,
        reason,
        reason_long,
    }
}

impl Aim {
    /// An aim with its figures, on track until its end says otherwise.
    fn new(short: String, long: String) -> Aim {
        Aim {
            verdict: Verdict::OnTrack,
            short,
            long,
            reason: String::new(),
            reason_long: String::new(),
        }
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
