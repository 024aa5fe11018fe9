//! The two US tracks under the historical course, calibrated to the record: strikes on the
//! militias in Iraq and Syria by the end of week 3 (26 October 2023) in most runs, strikes on
//! Hizballah rare, direct confrontation with Iran rarer still, and the historical end (no
//! lasting ceasefire, the axis intact, no US–Iran war) the most likely one.

use arenas::engine::{
    Happening, Happenings, Outcome, Policy, Scenario, Silent, State, UsTrack, rng_from_seed, start,
    step,
};
use arenas::forecast::run_seed;

const RUNS: u64 = 4000;

/// What happened on the US tracks in one historical campaign.
struct Run {
    militias_by_week_3: bool,
    hizballah: bool,
    end: Option<Outcome>,
}

fn historical(sc: &Scenario, seed: u64) -> Run {
    let mut rng = rng_from_seed(seed);
    let mut state: State = start(sc, &mut rng, &mut Silent);
    let mut course = sc.historical_course();
    let mut militias_by_week_3 = false;
    while !state.is_over() {
        let turn = state.turn;
        let orders = course.orders(sc, &state).to_vec();
        step(sc, &mut state, &orders, &mut rng, &mut Silent);
        if turn <= 3 && state.us_reached[UsTrack::Forces as usize] >= 2 {
            militias_by_week_3 = true;
        }
    }
    Run {
        militias_by_week_3,
        hizballah: state.us_reached[UsTrack::Escalation as usize] >= 1,
        end: state.outcome,
    }
}

fn runs() -> Vec<Run> {
    let sc = crate::scenario();
    (0..RUNS)
        .map(|i| historical(&sc, run_seed(26, i)))
        .collect()
}

fn share(runs: &[Run], f: impl Fn(&Run) -> bool) -> f64 {
    runs.iter().filter(|r| f(r)).count() as f64 / runs.len() as f64
}

#[test]
fn under_the_historical_course_the_us_tracks_follow_the_record() {
    let runs = runs();
    let militias = share(&runs, |r| r.militias_by_week_3);
    let hizballah = share(&runs, |r| r.hizballah);
    let confrontation = share(&runs, |r| r.end == Some(Outcome::UsDirectConfrontation));
    eprintln!(
        "militias by week 3 {militias:.3}, Hizballah {hizballah:.3}, confrontation {confrontation:.3}"
    );
    assert!(
        (0.6..=0.8).contains(&militias),
        "strikes on militias by the end of week 3 in {militias:.3} of runs"
    );
    assert!(
        hizballah <= 0.15,
        "strikes on Hizballah in {hizballah:.3} of runs"
    );
    assert!(
        confrontation <= 0.02,
        "direct confrontation in {confrontation:.3} of runs"
    );
}

#[test]
fn the_most_likely_end_of_the_historical_course_is_the_historical_one() {
    let runs = runs();
    let counts: Vec<(Outcome, f64)> = Outcome::ALL
        .iter()
        .map(|&o| (o, share(&runs, |r| r.end == Some(o))))
        .collect();
    let (top, _) = counts
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((Outcome::Stalemate, 0.0));
    assert_eq!(top, Outcome::Stalemate, "{counts:?}");
}

#[test]
fn a_rung_reached_before_applies_its_effects_only_once() {
    let mut sc = crate::scenario().as_ref().clone();
    // The forces track climbs every week; nothing else moves the posture.
    sc.model.us.forces_base = 0.999_999;
    sc.events.clear();
    let mut rng = rng_from_seed(5);
    let mut state = start(&sc, &mut rng, &mut Silent);
    let hold = sc.all_hold();
    let mut seen = Happenings::default();
    step(&sc, &mut state, &hold, &mut rng, &mut seen);
    assert!(seen.0.contains(&Happening::UsClimb(1)), "{:?}", seen.0);
    let after_first = state.us_posture;
    assert!(
        after_first > 0.2,
        "the first climb applies the rung's effects"
    );

    // The US steps back to posture only, then climbs to the same rung again.
    state.us_rungs[UsTrack::Forces as usize] = 0;
    let mut again = Happenings::default();
    step(&sc, &mut state, &hold, &mut rng, &mut again);
    assert!(again.0.contains(&Happening::UsResume(1)), "{:?}", again.0);
    assert!(!again.0.contains(&Happening::UsClimb(1)));
    assert_eq!(state.us_posture, after_first, "no effect applies twice");
}

/// Whether a turn's report holds news: an event of the scenario or a move of a US track.
fn news(h: &Happening) -> bool {
    matches!(
        h,
        Happening::Event(_)
            | Happening::UsClimb(_)
            | Happening::UsStandDown(_)
            | Happening::UsResume(_)
            | Happening::Miscalculation(_)
    )
}

#[test]
fn the_us_entry_figure_holds_still_from_week_to_week_when_nothing_happens() {
    use arenas::engine::Meter;
    use arenas::game::Game;
    let sc = std::sync::Arc::new(crate::scenario().as_ref().clone());
    // The same orders every week: week 3's historical orders, a wider plan of several fronts.
    for orders in [sc.history[2].orders.clone(), sc.history[5].orders.clone()] {
        // Campaigns with at least one quiet pair of weeks, and those in which the figure
        // held within 10 points across every such pair.
        let (mut judged, mut held) = (0, 0);
        for seed in 0..1000u64 {
            let mut game = Game::new(sc.clone(), seed);
            let mut before: Option<f64> = None;
            let (mut quiet_pairs, mut moved) = (0, false);
            while !game.state().is_over() {
                let Ok(turn) = game.commit(orders.clone()) else {
                    break;
                };
                let quiet =
                    !turn.report.happenings.iter().any(news) && turn.state.outcome.is_none();
                let now = turn.state.meter(Meter::UsEntry);
                if let (Some(b), true) = (before, quiet) {
                    quiet_pairs += 1;
                    moved |= (now - b).abs() >= 10.0;
                }
                before = Some(now);
            }
            if quiet_pairs > 0 {
                judged += 1;
                held += usize::from(!moved);
            }
        }
        assert!(
            judged > 500,
            "{judged} campaigns with a quiet pair of weeks"
        );
        let share = held as f64 / judged as f64;
        assert!(
            share >= 0.95,
            "the US entry figure held within 10 points in {share:.3} of {judged} campaigns"
        );
    }
}
