//! The lesson comes from the mechanisms the analysis names, not from one reward: each test
//! switches one mechanism, or changes one thing about the optimum that `arenas balance`
//! finds, and measures the difference on the same campaigns (common seeds). Release only:
//! `cargo test --release --test lesson -- --nocapture` prints every figure;
//! `ARENAS_STATS_SCENARIO=FILE` runs the same checks on another scenario file, and
//! `-- --ignored` runs the two checks Model 3 does not meet yet (no single route: its
//! share of intensity 3; points are scarce).
//!
//! Standard errors, for the thresholds below: a difference of two scores on 20,000 paired
//! campaigns has a standard error of about 0.4 points (score × 100; outcome weights up to 2,
//! most campaigns ending alike in both plans); a difference of two shares of about 0.3
//! points. The search that finds the optimum is noisier than that: on another seed it
//! finds a plan a few points better or worse. Each test notes what it measured on the
//! bundled scenario when the model was made.

use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};

use arenas::balance::ablate::{Mechanism, pin_ambiguity};
use arenas::balance::{self, Plan, Scored, Settings, Space, score, search_best, search_from};
use arenas::engine::{Claim, Order, Scenario, Task};
use arenas::totals::Totals;

use crate::scenario;

/// The searches: smaller than the command's default, still past where they level off.
const SETTINGS: Settings = Settings {
    budget: 2500,
    runs: 1000,
    seed: 1,
    threads: NonZeroUsize::new(2).expect("two"),
};

/// Campaigns of every comparison, on one seed.
const RUNS: u64 = 20_000;
const SEED: u64 = 2023;

/// The optimum with every mechanism on, searched once for all the tests of this file.
fn best() -> &'static Scored {
    static BEST: OnceLock<Scored> = OnceLock::new();
    BEST.get_or_init(|| {
        let sc = scenario();
        let best = search_best(&sc, &Space::new(&sc), &SETTINGS, false).expect("search");
        eprintln!(
            "best: {:+.1} points, shape {}",
            100.0 * best.check.score,
            serde_json::to_string(&best.shape).unwrap_or_default()
        );
        show(&best);
        best
    })
}

/// Prints a plan, one line per change of orders.
fn show(found: &Scored) {
    for e in &found.plan {
        let orders: Vec<String> = e
            .orders
            .iter()
            .map(|o| {
                let task: String = o.task.split('_').filter_map(|w| w.chars().next()).collect();
                format!(
                    "{} {} {task}{} {}",
                    o.faction,
                    o.front,
                    o.intensity,
                    o.claim.map_or("t", |c| &c[..1])
                )
            })
            .collect();
        eprintln!("  week {:>2}: {}", e.from, orders.join(", "));
    }
}

fn play(sc: &Scenario, plan: &Plan) -> Totals {
    balance::play(&Arc::new(sc.clone()), plan, RUNS, SEED, SETTINGS.threads)
}

/// Score in points (× 100).
fn points(t: &Totals) -> f64 {
    100.0 * score(t)
}

/// The plan with one member's order replaced every week.
fn with_member(plan: &Plan, member: usize, order: Order) -> Plan {
    plan.iter()
        .map(|week| {
            let mut week = week.clone();
            week[member] = order;
            week
        })
        .collect()
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs optimised code: `cargo test --release --test statistics`"
)]
fn ambiguity_shields_members_from_the_us_and_israel() {
    // Measured: +44.8 points (SE about 0.4); US strikes on militias or higher 0.4% with
    // ambiguity pinned at 100 against 99.3% at 0 (SE about 0.1 points).
    let sc = scenario();
    let plan = &best().turns;
    let opaque = play(&pin_ambiguity(&sc, 100.0), plan);
    let clear = play(&pin_ambiguity(&sc, 0.0), plan);
    let gain = points(&opaque) - points(&clear);
    let strikes = clear.us_strikes() - opaque.us_strikes();
    eprintln!(
        "ambiguity 100 vs 0: score {gain:+.1} points; US strikes {:.1}% vs {:.1}%",
        100.0 * opaque.us_strikes(),
        100.0 * clear.us_strikes()
    );
    assert!(
        gain >= 5.0,
        "pinning ambiguity moves the score by {gain:.1} points"
    );
    assert!(
        strikes >= 0.10,
        "pinning ambiguity moves US strikes by {:.1} points",
        100.0 * strikes
    );
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs optimised code: `cargo test --release --test statistics`"
)]
fn claims_provoke_washington() {
    // Measured: the escalation track reached in 0.8% → 4.1% of campaigns (SE about 0.2
    // points); the score 33.2 points lower (SE about 0.4).
    let sc = scenario();
    let plan = &best().turns;
    let claimed: Plan = plan
        .iter()
        .map(|week| {
            week.iter()
                .enumerate()
                .map(|(i, o)| {
                    if o.is_active() && sc.factions[i].offers_claim() {
                        Order {
                            claim: Claim::Claimed,
                            ..*o
                        }
                    } else {
                        *o
                    }
                })
                .collect()
        })
        .collect();
    let (as_found, all_claimed) = (play(&sc, plan), play(&sc, &claimed));
    for (name, t) in [("as found", &as_found), ("all claimed", &all_claimed)] {
        eprintln!(
            "  {name}: strikes {:.1}% {:?} {}",
            100.0 * t.us_strikes(),
            t.summary().outcomes,
            serde_json::to_string(&t.summary().mean).unwrap_or_default()
        );
    }
    let escalation = all_claimed.us_escalation() - as_found.us_escalation();
    let cost = points(&as_found) - points(&all_claimed);
    eprintln!(
        "claiming every act: escalation track {:.1}% → {:.1}%, score −{cost:.1} points",
        100.0 * as_found.us_escalation(),
        100.0 * all_claimed.us_escalation()
    );
    assert!(
        escalation >= 0.03,
        "claiming every act raises the escalation track by {:.1} points",
        100.0 * escalation
    );
    assert!(cost >= 10.0, "claiming every act costs {cost:.1} points");
}

#[test]
#[ignore = "Model 3 falls short (84% deniable and 27.6 points above history, but 6.5% of its 31 acts at intensity 3): issue 18 stays open"]
fn the_strategy_pays_without_the_us_pressure_route() {
    // Measured: 84% deniable, 2 of 31 acts (6.5%) at intensity 3, 27.6 points above the
    // historical course (SE of the paired difference about 0.4; the search's own noise a
    // few points). The route left is international pressure: deniable, limited acts keep
    // the world's eyes on Gaza, where attributed escalation would turn them to the axis.
    let sc = Arc::new(Mechanism::UsPressure.switch_off(&scenario()));
    let space = Space::new(&sc);
    let found = search_best(&sc, &space, &SETTINGS, false).expect("search");
    show(&found);
    let history = play(&sc, &space.historical());
    let lead = points(&play(&sc, &found.turns)) - points(&history);
    eprintln!("historical course: {:?}", history.summary().outcomes);
    let shape = &found.shape;
    eprintln!(
        "without US pressure: {:.0}% deniable, {:.1}% at intensity 3, {lead:+.1} points above \
         the historical course",
        100.0 * shape.deniable_share,
        100.0 * shape.intensity_mix[2]
    );
    assert!(shape.deniable_share >= 0.8, "{shape:?}");
    assert!(shape.intensity_mix[2] <= 0.05, "{shape:?}");
    assert!(lead >= 25.0, "{lead:.1} points above the historical course");
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs optimised code: `cargo test --release --test statistics`"
)]
fn timing_matters() {
    // Measured: the best plan 13.6 points above the best fixed plan (SE of the paired
    // difference about 0.4; each search's own noise is larger), new orders in 11 weeks.
    let sc = scenario();
    let best = best();
    let fixed = search_best(&sc, &Space::fixed(&sc), &SETTINGS, false).expect("search");
    let lead = points(&play(&sc, &best.turns)) - points(&play(&sc, &fixed.turns));
    eprintln!(
        "the best plan leads the best fixed plan by {lead:.1} points; its orders change in {} \
         weeks",
        best.shape.changes
    );
    assert!(
        lead >= 5.0,
        "the best fixed plan is only {lead:.1} points behind"
    );
    assert!(best.shape.changes >= 3, "{:?}", best.shape);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs optimised code: `cargo test --release --test statistics`"
)]
fn hamas_fights_its_own_war() {
    // Measured: a claimed strike at 1 every week 4.5 points better than holding (SE about
    // 0.4), Gaza left to no one 16.7 points worse, Hamas active in 11 of 12 weeks.
    let sc = scenario();
    let best = best();
    let focus = sc.focus;
    let gaza = sc.focus_front();
    let holding = play(&sc, &with_member(&best.turns, focus, Order::HOLD));
    let striking = play(
        &sc,
        &with_member(
            &best.turns,
            focus,
            Order {
                front: gaza,
                task: Task::LimitedStrike,
                intensity: 1,
                claim: Claim::Claimed,
            },
        ),
    );
    let cost = points(&holding) - points(&striking);
    // The Gaza front left to no one: every member's order there becomes hold.
    let empty: Plan = best
        .turns
        .iter()
        .map(|week| {
            week.iter()
                .enumerate()
                .map(|(i, o)| {
                    let fights = sc.factions[i].tier.is_some() && o.front == gaza;
                    if fights { Order::HOLD } else { *o }
                })
                .collect()
        })
        .collect();
    let abandoned = points(&play(&sc, &best.turns)) - points(&play(&sc, &empty));
    eprintln!(
        "a claimed limited strike at 1 every week costs {cost:.1} points against holding; \
         Gaza left to no one costs {abandoned:.1}; the focus member acts in {} of {} weeks",
        best.shape.focus_weeks, best.shape.weeks
    );
    assert!(cost <= 3.0, "fighting costs {cost:.1} points");
    assert!(
        2 * best.shape.focus_weeks >= best.shape.weeks,
        "{:?}",
        best.shape
    );
    assert!(
        abandoned >= 10.0,
        "leaving Gaza costs {abandoned:.1} points"
    );
}

#[test]
#[ignore = "Model 3 falls short (the budget binds in 1 of 12 weeks; 50% more points gain 0.0): issue 18 stays open"]
fn points_are_scarce() {
    let sc = scenario();
    let best = best();
    let mut richer = (*sc).clone();
    richer.model.budget = sc.model.budget * 3 / 2;
    let richer = Arc::new(richer);
    // Both searches start from the optimum (every plan of the room stays legal with more
    // points) and spend the same effort, so the gain is the points', not the search's.
    let more = |sc: &Arc<Scenario>| {
        search_from(sc, &Space::new(sc), &SETTINGS, false, &[&best.turns]).expect("search")
    };
    let (same, found) = (more(&sc), more(&richer));
    show(&found);
    let gain = points(&play(&richer, &found.turns)) - points(&play(&sc, &same.turns));
    eprintln!(
        "{} of {} weeks use 80% of the points; 50% more points gain {gain:.1}",
        best.shape.full_weeks, best.shape.weeks
    );
    assert!(
        2 * best.shape.full_weeks >= best.shape.weeks,
        "{:?}",
        best.shape
    );
    assert!(gain >= 3.0, "50% more points gain {gain:.1}");
}
