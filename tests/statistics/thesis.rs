//! The model carries the analysis' thesis: restraint loses, all-out escalation loses, and
//! the calibrated middle tends to avoid catastrophe without guaranteeing success. (That
//! heavy blows keep catastrophe possible is tests/paired_plans.rs's.)

use std::num::NonZeroUsize;
use std::path::Path;

use arenas::engine::{Outcome, Schedule};
use arenas::forecast::simulate;
use arenas::totals::Totals;

const RUNS: u64 = 4000;

fn run(schedule: &Schedule) -> Totals {
    let sc = crate::scenario();
    simulate(
        &sc,
        schedule,
        RUNS,
        2023,
        NonZeroUsize::new(2).expect("two"),
    )
}

fn plan(name: &str) -> Totals {
    let sc = crate::scenario();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/plans")
        .join(name);
    let schedule = arenas::plan::load_file(&path, &sc).unwrap_or_else(|d| panic!("{d}"));
    run(&schedule)
}

fn catastrophe(t: &Totals) -> f64 {
    t.fraction(Outcome::UsDirectConfrontation) + t.fraction(Outcome::RegionalWar)
}

#[test]
fn total_restraint_ends_mostly_with_hamas_degraded_or_the_axis_fractured() {
    let t = plan("restraint.toml");
    let lost = t.fraction(Outcome::HamasDegraded) + t.fraction(Outcome::AxisFractured);
    assert!(
        lost > 0.6,
        "restraint lost in only {lost:.3} of runs: {:?}",
        t.summary()
    );
    // A ceasefire may still come before Gaza is worn down; rarely.
    assert!(
        t.fraction(Outcome::CeasefirePreserved) < 0.15,
        "{:?}",
        t.summary()
    );
    // Members left to bleed may strike on their own, so even restraint keeps a sliver of
    // risk; never more.
    assert!(catastrophe(&t) < 0.01, "{:?}", t.summary());
}

#[test]
fn all_out_escalation_ends_in_catastrophe_or_a_fractured_axis() {
    let t = plan("all_out.toml");
    // Within the room's points all-out escalation rests on few members: their domestic
    // strain and Tehran's caution break the axis first, when the war does not widen.
    let lost = catastrophe(&t) + t.fraction(Outcome::AxisFractured);
    assert!(lost > 0.9, "{:?}", t.summary());
    assert!(catastrophe(&t) > 0.1, "{:?}", t.summary());
    // The fortunes of war leave a rare ceasefire possible, never a likely one.
    assert!(
        t.fraction(Outcome::CeasefirePreserved) < 0.02,
        "{:?}",
        t.summary()
    );
}

#[test]
fn the_calibrated_middle_avoids_catastrophe_without_guaranteeing_a_good_ceasefire() {
    let t = plan("calibrated.toml");
    let c = catastrophe(&t);
    assert!(c < 0.2, "catastrophe in {c:.3} of runs: {:?}", t.summary());
    let good = t.fraction(Outcome::CeasefirePreserved);
    assert!(
        good > 0.1 && good < 0.8,
        "good ceasefire in {good:.3} of runs: {:?}",
        t.summary()
    );
}

#[test]
fn the_historical_course_stays_short_of_catastrophe_in_most_runs() {
    let sc = crate::scenario();
    let t = run(&sc.historical_course());
    assert!(catastrophe(&t) < 0.25, "{:?}", t.summary());
    assert!(
        t.fraction(Outcome::Stalemate)
            + t.fraction(Outcome::CeasefirePreserved)
            + t.fraction(Outcome::CeasefireDegraded)
            > 0.6,
        "{:?}",
        t.summary()
    );
}
