//! Paired plans (tests/plans/paired/): plans that differ in one respect play the same
//! campaigns (common seeds), so the difference in outcome shares is the effect of that
//! respect alone. The criterion is the score of `arenas balance` unless a test says
//! otherwise. Run with `--nocapture` to see the measured shares.

use std::num::NonZeroUsize;
use std::path::Path;

use arenas::balance::score;
use arenas::engine::Outcome;
use arenas::forecast::simulate;
use arenas::totals::Totals;

/// Campaigns per plan.
const RUNS: u64 = 4000;
/// The batch seed every plan shares.
const SEED: u64 = 2023;
/// Score lead that counts as "beats": well above the paired noise at [`RUNS`].
const MARGIN: f64 = 0.01;

/// Plays `tests/plans/NAME.toml` on the bundled scenario and prints its score and shares.
fn play(name: &str) -> Totals {
    let sc = crate::scenario();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/plans")
        .join(format!("{name}.toml"));
    let schedule = arenas::plan::load_file(&path, &sc).unwrap_or_else(|d| panic!("{d}"));
    let threads = NonZeroUsize::new(2).expect("two");
    let t = simulate(&sc, &schedule, RUNS, SEED, threads);
    println!(
        "{name:<32} score {:+.4}  {:?}",
        score(&t),
        t.summary().outcomes
    );
    t
}

/// The score of a plan.
fn scored(name: &str) -> f64 {
    score(&play(name))
}

/// P(us_direct_confrontation) + P(regional_war).
fn catastrophe(t: &Totals) -> f64 {
    t.fraction(Outcome::UsDirectConfrontation) + t.fraction(Outcome::RegionalWar)
}

/// Asserts that plan `better` outscores every plan of `worse` by more than `margin`.
fn assert_beats(better: &str, worse: &[&str], margin: f64) {
    let best = scored(better);
    let failures: Vec<String> = worse
        .iter()
        .map(|w| (w, scored(w)))
        .filter(|(_, s)| best - s <= margin)
        .map(|(w, s)| format!("{w}: {s:+.4}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{better} ({best:+.4}) does not beat by more than {margin}: {failures:?}"
    );
}

#[test]
fn every_claim_costs_and_claiming_everything_costs_most() {
    let base = scored("paired/spread");
    let members = [
        "hamas",
        "pij",
        "hizballah",
        "syrian_militias",
        "iraqi_militias",
        "houthis",
    ];
    let mut dearest: f64 = 0.0;
    for m in members {
        let cost = base - scored(&format!("paired/claimed_{m}"));
        assert!(cost > 0.0, "claiming {m}'s act costs {cost:+.4}");
        dearest = dearest.max(cost);
    }
    // Every claim strips cover from the others too (ambiguity falls for all).
    let all = base - scored("paired/claimed_all");
    assert!(
        all > MARGIN && all > 2.0 * dearest,
        "claiming every act costs {all:+.4}; the dearest single claim {dearest:+.4}"
    );
}

#[test]
fn spread_beats_the_same_pressure_concentrated_on_one_or_two_members() {
    assert_beats("paired/spread_three", &["paired/concentrated_one"], MARGIN);
    assert_beats("paired/intensity_1", &["paired/concentrated_two"], MARGIN);
}

#[test]
fn limited_blows_beat_heavy_ones() {
    assert_beats("paired/intensity_1", &["paired/intensity_3"], MARGIN);
    assert_beats("paired/intensity_2", &["paired/intensity_3"], MARGIN);
}

#[test]
fn harassing_us_forces_every_week_draws_washington_in() {
    let none = play("paired/spread");
    let light = play("paired/harass_1");
    let heavy = play("paired/harass_3");
    // A weekly pattern of attacks on US positions is learned and answered: strikes on the
    // militias cost the room the US pressure on Israel it was building.
    assert!(
        score(&none) - score(&light) > 0.05,
        "harassment at 1 every week moves the score only from {:+.4} to {:+.4}",
        score(&none),
        score(&light)
    );
    assert!(score(&heavy) < score(&light));
    let (light, heavy) = (catastrophe(&light), catastrophe(&heavy));
    assert!(
        heavy > light,
        "harassment at 3 moves catastrophe only from {light:.4} to {heavy:.4}"
    );
}

#[test]
fn reference_plans_fall_clearly_below_the_best_spread_plan() {
    assert_beats(
        "paired/spread",
        &[
            "paired/hizballah_only",
            "restraint",
            "all_out",
            "paired/patron_only",
        ],
        0.2,
    );
}
