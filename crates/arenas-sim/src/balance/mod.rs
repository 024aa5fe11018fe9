//! `arenas balance`: a search of the plan space for the plan that scores best on a scenario.
//!
//! Random starts, then hill climbing over the per-turn orders of every member ([`search`]).
//! Every candidate plays the same campaigns (common random numbers: the same batch seed),
//! so that two plans are compared on the same draws; the winner is then re-checked with
//! more campaigns on a fresh seed. [`shape`] describes a plan; [`report`] prints the result
//! and writes plan files. Everything depends on the seed only, never on the thread count.

pub mod ablate;
pub mod report;
pub mod search;
pub mod shape;

use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::forecast::run_seed;
use crate::forecast::{Batch, Forecast, Start};
use crate::totals::Totals;
use arenas_core::engine::{Outcome, Scenario, Schedule};

pub use search::{Plan, Space};
pub use shape::Shape;

/// Plan evaluations of a search unless `--budget` says otherwise.
pub const DEFAULT_BUDGET: u64 = 5000;

/// Campaigns per evaluation unless `--runs` says otherwise.
pub const DEFAULT_RUNS: u64 = 2000;

/// The re-check plays this many times the search's campaigns per plan.
pub const CHECK_FACTOR: u64 = 10;

/// The score's weights: score = Σ weight · P(outcome). The only place they are set.
pub const WEIGHTS: [(Outcome, f64); 6] = [
    (Outcome::CeasefirePreserved, 1.0),
    (Outcome::UsDirectConfrontation, -2.0),
    (Outcome::RegionalWar, -2.0),
    (Outcome::AxisFractured, -0.5),
    (Outcome::HamasDegraded, -0.5),
    (Outcome::CeasefireDegraded, -0.25),
];

/// The score of a batch's outcome shares.
pub fn score(totals: &Totals) -> f64 {
    WEIGHTS.iter().map(|(o, w)| w * totals.fraction(*o)).sum()
}

/// The score as a formula, for people.
pub fn formula() -> String {
    let mut out = String::from("score =");
    for (i, (o, w)) in WEIGHTS.iter().enumerate() {
        let sign = match (i, *w < 0.0) {
            (0, false) => "",
            (0, true) => " −",
            (_, false) => " +",
            (_, true) => " −",
        };
        let w = w.abs();
        let factor = if (w - 1.0).abs() < f64::EPSILON {
            String::new()
        } else {
            format!("{w}·")
        };
        out += &format!("{sign} {factor}P({})", o.id());
    }
    out
}

/// What a search is asked to do.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Candidate plan evaluations.
    pub budget: u64,
    /// Campaigns per evaluation.
    pub runs: u64,
    pub seed: u64,
    pub threads: NonZeroUsize,
}

impl Settings {
    /// Campaigns of the re-check.
    pub fn check_runs(&self) -> u64 {
        self.runs.saturating_mul(CHECK_FACTOR).min(100_000_000)
    }

    /// The re-check's seed: derived from the search seed, yet unrelated to it, and small
    /// enough for a save or `sim --seed` to take.
    pub fn check_seed(&self) -> u64 {
        run_seed(self.seed ^ 0x6368_6563_6b00_0000, 1) & arenas_files::save::MAX_SEED
    }
}

/// Plays batches of plans on the search's seed, counting evaluations and drawing progress.
pub struct Evaluator {
    scenario: Arc<Scenario>,
    runs: u64,
    seed: u64,
    threads: NonZeroUsize,
    /// Evaluations done so far.
    pub done: u64,
    progress: Option<Progress>,
}

/// A progress bar on a terminal, redrawn a few times a second.
struct Progress {
    total: u64,
    last: Instant,
    shown: usize,
}

impl Evaluator {
    /// An evaluator; `progress` draws a bar of `budget` evaluations on stderr.
    pub fn new(scenario: Arc<Scenario>, settings: &Settings, progress: bool) -> Evaluator {
        Evaluator {
            scenario,
            runs: settings.runs,
            seed: settings.seed,
            threads: settings.threads,
            done: 0,
            progress: progress.then(|| Progress {
                total: settings.budget,
                last: Instant::now(),
                shown: 0,
            }),
        }
    }

    /// The totals of a plan's campaigns on the search seed; counts as one evaluation.
    pub fn totals(&mut self, plan: &Plan) -> Totals {
        let totals = play(&self.scenario, plan, self.runs, self.seed, self.threads);
        self.done += 1;
        self.tick();
        totals
    }

    fn tick(&mut self) {
        const TICK: Duration = Duration::from_millis(200);
        let done = self.done;
        if let Some(p) = &mut self.progress
            && p.last.elapsed() >= TICK
        {
            p.last = Instant::now();
            let line = crate::forecast::progress_line_of(done, p.total, 30, "plans");
            let mut err = std::io::stderr();
            // The bar is a courtesy: a failed write must not stop the search.
            let _ = write!(err, "\r{line}").and_then(|()| err.flush());
            p.shown = p.shown.max(line.chars().count());
        }
    }

    /// Erases the progress bar, if one was drawn.
    pub fn finish(&mut self) {
        if let Some(p) = &mut self.progress
            && p.shown > 0
        {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r{}\r", " ".repeat(p.shown)).and_then(|()| err.flush());
            p.shown = 0;
        }
    }
}

/// Plays `runs` campaigns of a plan from `seed` with the batch runner.
pub fn play(
    scenario: &Arc<Scenario>,
    plan: &Plan,
    runs: u64,
    seed: u64,
    threads: NonZeroUsize,
) -> Totals {
    let batch = Batch {
        scenario: Arc::clone(scenario),
        start: Start::Fresh,
        policy: Schedule::new(plan.clone()),
        runs,
        seed,
    };
    Forecast::batch(batch, threads).wait()
}

/// Outcome shares and score of a batch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub runs: u64,
    pub seed: u64,
    pub score: f64,
    pub outcomes: std::collections::BTreeMap<&'static str, f64>,
}

impl Check {
    fn of(totals: &Totals, seed: u64) -> Check {
        Check {
            runs: totals.runs,
            seed,
            score: score(totals),
            outcomes: totals.summary().outcomes,
        }
    }
}

/// A plan with its scores and shape.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored {
    /// `best`, `restraint` or `historical`.
    pub name: &'static str,
    /// Score on the search's campaigns (the seeds every candidate played).
    pub search_score: f64,
    /// The re-check: more campaigns on a fresh seed.
    pub check: Check,
    pub shape: Shape,
    /// The plan, identical consecutive weeks collapsed.
    pub plan: Vec<report::Entry>,
    /// Every turn's orders, for writing the plan file.
    #[serde(skip)]
    pub turns: Plan,
    /// Plan evaluations of the search that found it (0 for a reference plan).
    #[serde(skip)]
    pub evaluations: u64,
}

/// The outcome of `arenas balance`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance {
    pub scenario: String,
    pub title: String,
    /// Coordination points per turn.
    pub turn_budget: u32,
    /// Plan evaluations asked for and done.
    pub budget: u64,
    pub evaluations: u64,
    pub runs: u64,
    pub seed: u64,
    pub check_runs: u64,
    pub check_seed: u64,
    pub formula: String,
    /// Weight of each outcome in the score (outcomes not named weigh 0).
    pub weights: std::collections::BTreeMap<&'static str, f64>,
    pub best: Scored,
    pub references: Vec<Scored>,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the best plan breaks the scenario's rules in turn {turn}: {problem}")]
    Illegal { turn: usize, problem: String },
}

/// A plan re-checked on more campaigns on the search's fresh seed, with its shape.
fn scored(
    scenario: &Arc<Scenario>,
    settings: &Settings,
    name: &'static str,
    plan: &Plan,
    search_score: f64,
) -> Scored {
    let totals = play(
        scenario,
        plan,
        settings.check_runs(),
        settings.check_seed(),
        settings.threads,
    );
    Scored {
        name,
        search_score,
        check: Check::of(&totals, settings.check_seed()),
        shape: Shape::of(scenario, plan),
        plan: report::entries(scenario, plan),
        turns: plan.clone(),
        evaluations: 0,
    }
}

/// Searches `space` and re-checks the winner: first for the best plan with the same
/// orders every week, then, unless `space` holds only such plans, from it, restraint and the
/// historical course, week by week.
pub fn search_best(
    scenario: &Arc<Scenario>,
    space: &Space,
    settings: &Settings,
    progress: bool,
) -> Result<Scored, Error> {
    search_from(scenario, space, settings, progress, &[])
}

/// [`search_best`] with more plans to start from (those illegal in `space` are skipped):
/// a search on a changed scenario can start from the optimum of the original.
pub fn search_from(
    scenario: &Arc<Scenario>,
    space: &Space,
    settings: &Settings,
    progress: bool,
    starts: &[&Plan],
) -> Result<Scored, Error> {
    let mut eval = Evaluator::new(Arc::clone(scenario), settings, progress);
    let restraint = space.restraint();
    let history = space.historical();
    let found = if space.is_fixed() {
        let mut seeds = vec![&restraint];
        seeds.extend_from_slice(starts);
        search::climb(space, &mut eval, settings, &seeds)
    } else {
        // A third of the budget finds the best plan with the same orders every week; the
        // rest adapts it week by week.
        let first = Settings {
            budget: (settings.budget / 3).max(1),
            ..settings.clone()
        };
        let fixed = search::climb(&Space::fixed(scenario), &mut eval, &first, &[&restraint]);
        let mut seeds = vec![&restraint, &history, &fixed.plan];
        seeds.extend_from_slice(starts);
        search::climb(space, &mut eval, settings, &seeds)
    };
    eval.finish();
    space.check(&found.plan)?;
    let mut best = scored(scenario, settings, "best", &found.plan, found.score);
    best.evaluations = eval.done;
    Ok(best)
}

/// Runs a search and re-checks the winner and the reference plans.
pub fn run(scenario: Arc<Scenario>, settings: &Settings, progress: bool) -> Result<Balance, Error> {
    let space = Space::new(&scenario);
    let best = search_best(&scenario, &space, settings, progress)?;
    let search_score = |p: &Plan| {
        score(&play(
            &scenario,
            p,
            settings.runs,
            settings.seed,
            settings.threads,
        ))
    };
    let references = [
        ("restraint", space.restraint()),
        ("historical", space.historical()),
    ]
    .into_iter()
    .map(|(name, plan)| scored(&scenario, settings, name, &plan, search_score(&plan)))
    .collect();
    Ok(Balance {
        scenario: arenas_files::text::clean(&scenario.meta.id),
        title: arenas_files::text::clean(&scenario.meta.title),
        turn_budget: scenario.model.budget,
        budget: settings.budget,
        evaluations: best.evaluations,
        runs: settings.runs,
        seed: settings.seed,
        check_runs: settings.check_runs(),
        check_seed: settings.check_seed(),
        formula: formula(),
        weights: WEIGHTS.iter().map(|(o, w)| (o.id(), *w)).collect(),
        best,
        references,
    })
}
