//! `arenas balance --ablate`: what a scenario's lesson rests on. Each mechanism of the model
//! is switched off in turn (its coefficients set so that it does nothing); the optimum found
//! with every mechanism on is played again under the change, and the search is run again to
//! see where the best play moves. A lesson that rests on one mechanism shows as one row
//! where everything moves and others where nothing does.

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::{Error, Scored, Settings, Space, play, score, search_best, search_from};
use arenas_core::engine::{Meter, Scenario};

/// Plan evaluations of each of the ablation's searches unless `--budget` says otherwise.
pub const DEFAULT_BUDGET: u64 = 1000;

/// Campaigns per evaluation of the ablation's searches unless `--runs` says otherwise.
pub const DEFAULT_RUNS: u64 = 1000;

/// A mechanism of the model that can be switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    Ambiguity,
    Claims,
    RiskDistribution,
    UsPressure,
    Diversion,
    FocusFight,
    Patterns,
    Autonomy,
    PatronTracing,
    ForcesTrack,
    EscalationTrack,
    Budget,
}

/// A track's base probability when it is switched off: it never climbs in practice.
const NEVER: f64 = 1e-12;

impl Mechanism {
    /// Every mechanism, in the order the report lists them.
    pub const ALL: [Mechanism; 12] = [
        Mechanism::Ambiguity,
        Mechanism::Claims,
        Mechanism::RiskDistribution,
        Mechanism::UsPressure,
        Mechanism::Diversion,
        Mechanism::FocusFight,
        Mechanism::Patterns,
        Mechanism::Autonomy,
        Mechanism::PatronTracing,
        Mechanism::ForcesTrack,
        Mechanism::EscalationTrack,
        Mechanism::Budget,
    ];

    /// Short name for the report.
    pub fn id(self) -> &'static str {
        match self {
            Mechanism::Ambiguity => "ambiguity",
            Mechanism::Claims => "claims",
            Mechanism::RiskDistribution => "risk distribution",
            Mechanism::UsPressure => "US pressure",
            Mechanism::Diversion => "diversion",
            Mechanism::FocusFight => "focus front's fight",
            Mechanism::Patterns => "patterns learned",
            Mechanism::Autonomy => "autonomy",
            Mechanism::PatronTracing => "patron tracing",
            Mechanism::ForcesTrack => "US forces track",
            Mechanism::EscalationTrack => "US escalation track",
            Mechanism::Budget => "budget",
        }
    }

    /// What switching the mechanism off changes, in the scenario's coefficients.
    pub fn change(self) -> &'static str {
        match self {
            Mechanism::Ambiguity => {
                "ambiguity hides nothing: ambiguity.shield, us.attribution and us.tehran at 0"
            }
            Mechanism::Claims => {
                "a claim strips no cover and shows no solidarity: ambiguity.claims and \
                 cohesion.claimed at 0"
            }
            Mechanism::RiskDistribution => {
                "each member is answered as if it acted alone: retaliation.concentration and \
                 us.concentration at 0"
            }
            Mechanism::UsPressure => {
                "US pressure on Israel does not count toward a ceasefire: draws.us_pressure at 0"
            }
            Mechanism::Diversion => "other fronts divert nothing: capacity.diversion at 0",
            Mechanism::FocusFight => {
                "the focus members' own fight holds nothing off and the other fronts do not \
                 need it: capacity.resistance and capacity.centre at 0"
            }
            Mechanism::Patterns => {
                "the adversary learns nothing from repetition: ambiguity.learning, \
                 ambiguity.pattern, ambiguity.novelty and capacity.adaptation at 0"
            }
            Mechanism::Autonomy => {
                "members carry out every order and never act alone: the autonomy rules at 0"
            }
            Mechanism::PatronTracing => {
                "the patron is traced like any member: patron.trace 1, patron.visibility 0"
            }
            Mechanism::ForcesTrack => "the US forces track never climbs",
            Mechanism::EscalationTrack => "the US escalation track never climbs",
            Mechanism::Budget => "ten times the coordination points",
        }
    }

    /// The scenario with this mechanism switched off.
    pub fn switch_off(self, scenario: &Scenario) -> Scenario {
        let mut sc = scenario.clone();
        let m = &mut sc.model;
        match self {
            Mechanism::Ambiguity => {
                m.ambiguity.shield.weight = 0.0;
                m.us.attribution.weight = 0.0;
                m.us.tehran.weight = 0.0;
            }
            Mechanism::Claims => {
                m.ambiguity.claims.weight = 0.0;
                m.cohesion.claimed.weight = 0.0;
            }
            Mechanism::RiskDistribution => {
                m.retaliation.concentration = 0.0;
                m.us.concentration.weight = 0.0;
            }
            Mechanism::UsPressure => m.draws.us_pressure.weight = 0.0,
            Mechanism::Diversion => m.capacity.diversion.weight = 0.0,
            Mechanism::FocusFight => {
                m.capacity.resistance.weight = 0.0;
                m.capacity.centre = 0.0;
            }
            Mechanism::Patterns => {
                m.ambiguity.learning = 0.0;
                m.ambiguity.pattern.weight = 0.0;
                m.ambiguity.novelty.weight = 0.0;
                m.capacity.adaptation = 0.0;
            }
            Mechanism::Autonomy => {
                let a = &mut m.autonomy;
                for rule in [
                    &mut a.strain,
                    &mut a.off_home,
                    &mut a.depletion,
                    &mut a.self_action,
                ] {
                    rule.weight = 0.0;
                }
            }
            Mechanism::PatronTracing => {
                m.patron.trace = 1.0;
                m.patron.visibility.weight = 0.0;
            }
            Mechanism::ForcesTrack => {
                let us = &mut m.us;
                us.forces_base = NEVER;
                for rule in [&mut us.harm, &mut us.attribution, &mut us.posture] {
                    rule.weight = 0.0;
                }
                us.rung_step.weight = 0.0;
            }
            Mechanism::EscalationTrack => {
                let us = &mut m.us;
                us.escalation_base = NEVER;
                for rule in [
                    &mut us.watched_escalation,
                    &mut us.tehran,
                    &mut us.ladder,
                    &mut us.concentration,
                    &mut us.casualties,
                    &mut us.traced,
                    &mut us.posture,
                ] {
                    rule.weight = 0.0;
                }
                m.patron.visibility.weight = 0.0;
            }
            Mechanism::Budget => m.budget = m.budget.saturating_mul(10),
        }
        sc
    }
}

/// The scenario with ambiguity held at `level` (0–100) all campaign: nothing moves it, not
/// even events.
pub fn pin_ambiguity(scenario: &Scenario, level: f64) -> Scenario {
    let mut sc = scenario.clone();
    let level = level.clamp(0.0, 100.0);
    let am = &mut sc.model.ambiguity;
    for rule in [
        &mut am.deniable,
        &mut am.attribution,
        &mut am.many_actors,
        &mut am.novelty,
        &mut am.pattern,
    ] {
        rule.weight = 0.0;
    }
    am.baseline = level;
    am.drift.weight = 1.0;
    for (meter, value) in &mut sc.initial.meters.0 {
        if *meter == Meter::Ambiguity {
            *value = level;
        }
    }
    for event in &mut sc.events {
        event.effects.meters[Meter::Ambiguity] = 0.0;
    }
    for rung in &mut sc.us_ladder {
        rung.effects.meters[Meter::Ambiguity] = 0.0;
    }
    sc
}

/// One mechanism switched off.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub mechanism: &'static str,
    pub change: &'static str,
    /// Score of the optimum (found with every mechanism on) played with this one off.
    pub replayed: f64,
    /// The optimum searched again with this mechanism off.
    pub best: Scored,
}

/// The outcome of `arenas balance --ablate`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ablation {
    pub scenario: String,
    pub title: String,
    /// Plan evaluations of each search and campaigns of each evaluation.
    pub budget: u64,
    pub runs: u64,
    pub seed: u64,
    pub check_runs: u64,
    /// The optimum with every mechanism on.
    pub baseline: Scored,
    pub rows: Vec<Row>,
}

/// Searches the optimum, then switches each mechanism off in turn.
pub fn run(
    scenario: Arc<Scenario>,
    settings: &Settings,
    progress: bool,
) -> Result<Ablation, Error> {
    let baseline = search_best(&scenario, &Space::new(&scenario), settings, progress)?;
    let mut rows = Vec::with_capacity(Mechanism::ALL.len());
    for mechanism in Mechanism::ALL {
        let off = Arc::new(mechanism.switch_off(&scenario));
        let replayed = score(&play(
            &off,
            &baseline.turns,
            settings.check_runs(),
            settings.check_seed(),
            settings.threads,
        ));
        let best = search_from(
            &off,
            &Space::new(&off),
            settings,
            progress,
            &[&baseline.turns],
        )?;
        rows.push(Row {
            mechanism: mechanism.id(),
            change: mechanism.change(),
            replayed,
            best,
        });
    }
    Ok(Ablation {
        scenario: arenas_files::text::clean(&scenario.meta.id),
        title: arenas_files::text::clean(&scenario.meta.title),
        budget: settings.budget,
        runs: settings.runs,
        seed: settings.seed,
        check_runs: settings.check_runs(),
        baseline,
        rows,
    })
}

/// Score in points (the score × 100), signed.
fn points(x: f64) -> String {
    format!("{:+.1}", 100.0 * x)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The report for people: one row per mechanism.
pub fn to_text(a: &Ablation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "arenas balance --ablate: {} ({})", a.scenario, a.title);
    let _ = writeln!(
        out,
        "each search: {} plan evaluations of {} campaigns (seed {}); scores re-checked on {} \
         campaigns; scores in points (score × 100)",
        a.budget, a.runs, a.seed, a.check_runs
    );
    let base = &a.baseline;
    let _ = writeln!(
        out,
        "optimum with every mechanism on: {} points\n",
        points(base.check.score)
    );
    let _ = writeln!(
        out,
        "{:<20} {:>9} {:>9} {:>8} {:>6} {:>6} {:>7} {:>7} {:>6} {:>6}",
        "switched off",
        "replayed",
        "searched",
        "deniable",
        "int 3",
        "active",
        "changes",
        "full",
        "focus",
        "fronts"
    );
    let line = |out: &mut String, label: &str, replayed: String, s: &Scored| {
        let focus = s.shape.focus_weeks;
        let fronts = s.shape.fronts.iter().filter(|f| f.orders > 0).count();
        let _ = writeln!(
            out,
            "{:<20} {:>9} {:>9} {:>8} {:>6} {:>6.1} {:>7} {:>7} {:>6} {:>6}",
            label,
            replayed,
            points(s.check.score),
            pct(s.shape.deniable_share),
            pct(s.shape.intensity_mix[2]),
            s.shape.active_per_week,
            format!("{}/{}", s.shape.changes, s.shape.weeks.saturating_sub(1)),
            format!("{}/{}", s.shape.full_weeks, s.shape.weeks),
            format!("{}/{}", focus, s.shape.weeks),
            fronts,
        );
    };
    line(&mut out, "(nothing)", points(base.check.score), base);
    for row in &a.rows {
        line(&mut out, row.mechanism, points(row.replayed), &row.best);
    }
    out += "\nreplayed: the optimum above played with the mechanism off; searched: the best \
            plan found with it off, and its shape (share of deniable acts and of acts at \
            intensity 3, members active a week, weeks whose orders change, weeks using 80% of \
            the points, weeks the focus member acts, fronts used).\n\nwhat each switch \
            changes:\n";
    for row in &a.rows {
        let _ = writeln!(out, "  {:<20} {}", row.mechanism, row.change);
    }
    out
}
