//! What a forecast reports: intervals, spreads, shifts, its seed, classroom settings, a finished campaign.

use super::*;

// ---------------------------------------------------------------- what it says

#[test]
fn wilson_interval_contains_the_estimate_and_narrows_with_more_rollouts() {
    for n in [1u64, 7, 10, 100, 1000, 10_000] {
        for k in [0, 1.min(n), n / 3, n / 2, n - 1.min(n), n] {
            let (low, high) = wilson(k, n);
            let p = k as f64 / n as f64;
            assert!(
                0.0 <= low && low <= p && p <= high && high <= 1.0,
                "{k}/{n}: {low}..{high}"
            );
        }
    }
    let width = |k, n| {
        let (l, h) = wilson(k, n);
        h - l
    };
    assert!(width(3, 10) > width(30, 100));
    assert!(width(30, 100) > width(300, 1000));
    assert!(width(0, 100) > width(0, 1000));
    // A textbook value: 5 of 10 gives 0.237–0.763.
    let (low, high) = wilson(5, 10);
    assert!((low - 0.2366).abs() < 1e-3 && (high - 0.7634).abs() < 1e-3);
    assert_eq!(wilson(0, 0), (0.0, 1.0));

    // And on forecasts: every outcome's interval narrows from 1,000 to 8,000 rollouts.
    let _serial = serial();
    let few = Outlook::from_totals(&run(request(FollowUp::RepeatPlan, 1000), 2), 1000);
    let many = Outlook::from_totals(&run(request(FollowUp::RepeatPlan, 8000), 2), 8000);
    for (a, b) in few.odds.iter().zip(&many.odds) {
        assert_eq!(a.outcome, b.outcome);
        assert!(b.low <= b.probability && b.probability <= b.high);
        assert!(b.high - b.low < a.high - a.low, "{:?}", a.outcome);
    }
}

#[test]
fn spreads_are_ordered_on_scale_and_close_to_the_exact_quantiles() {
    let _serial = serial();
    let (sc, state, orders) = mid_campaign();
    let req = request(FollowUp::RepeatPlan, 2000);
    let outlook = Outlook::from_totals(&run(req.clone(), 2), 2000);
    assert_eq!(outlook.odds.len(), Outcome::ALL.len());
    let probability: f64 = outlook.odds.iter().map(|o| o.probability).sum();
    assert!((probability - 1.0).abs() < 1e-9);

    // The end values, one by one.
    let (mut entered, mut capacity) = (0, Vec::new());
    for i in 0..req.rollouts {
        let mut rng = rng_from_seed(run_seed(req.seed, i));
        let mut s = state.clone();
        while !s.is_over() {
            step(&sc, &mut s, &orders, &mut rng, &mut Silent);
        }
        entered += u64::from(s.us_reached[UsTrack::Escalation as usize] > 0);
        // At the end of a campaign the US entry meter is settled: 100 if the US entered.
        assert_eq!(s.meter(Meter::UsEntry) == 100.0, s.us_reached[1] > 0);
        capacity.push(s.capacity[sc.focus]);
    }
    assert_eq!(outlook.us_entry.count, entered);
    let e = outlook.us_entry;
    assert!(e.low <= e.probability && e.probability <= e.high);
    for (spread, values) in [(&outlook.hamas_capacity, &mut capacity)] {
        values.sort_by(f64::total_cmp);
        let exact_mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!(
            (spread.mean - exact_mean).abs() < 1e-6,
            "{:?}",
            spread.meter
        );
        assert!(spread.quantiles.windows(2).all(|w| w[0] <= w[1]));
        for (q, got) in QUANTILES.iter().zip(spread.quantiles) {
            assert!((0.0..=100.0).contains(&got));
            // The smallest value with at least a share q of the values at or below it.
            let rank = (q * values.len() as f64).ceil().max(1.0) as usize;
            let exact = values[rank.min(values.len()) - 1];
            assert!(
                (got - exact).abs() <= 1.0 + 1e-9,
                "{:?} q{q}: {got} vs {exact}",
                spread.meter
            );
        }
        assert_eq!(spread.median(), spread.quantiles[2]);
        assert_eq!(spread.bins.iter().sum::<u64>(), 2000);
        for (b, &count) in spread.bins.iter().enumerate() {
            let lo = b as f64 * 10.0;
            let expected = values
                .iter()
                .filter(|&&v| v >= lo && (v < lo + 10.0 || (b == 9 && v <= 100.0)))
                .count() as u64;
            assert_eq!(count, expected, "{:?} bin {b}", spread.meter);
        }
    }
}

#[test]
fn shifts_show_how_the_odds_moved_against_the_previous_plan() {
    let _serial = serial();
    let (sc, state, calibrated) = mid_campaign();
    let all_out = plan("all_out.toml", &sc).turn(state.turn).to_vec();
    let outlook = |orders: Vec<Order>| {
        let req = Request {
            scenario: Arc::clone(&sc),
            state: state.clone(),
            orders,
            follow_up: FollowUp::RepeatPlan,
            rollouts: 3000,
            seed: forecast::seed_for(11, state.turn),
        };
        Outlook::from_totals(&run(req, 2), 3000)
    };
    let before = outlook(calibrated);
    let after = outlook(all_out);

    let same = before.shifts(&before);
    assert_eq!(same.len(), Outcome::ALL.len());
    assert!(same.iter().all(|s| s.change == 0.0 && !s.significant));

    let shifts = after.shifts(&before);
    for (s, o) in shifts.iter().zip(Outcome::ALL) {
        assert_eq!(s.outcome, *o);
        assert_eq!(s.before, before.odds_of(*o).probability);
        assert_eq!(s.after, after.odds_of(*o).probability);
        assert!((s.change - (s.after - s.before)).abs() < 1e-12);
    }
    let catastrophe: f64 = shifts
        .iter()
        .filter(|s| s.outcome.is_catastrophe())
        .map(|s| s.change)
        .sum();
    assert!(
        catastrophe > 0.0,
        "all-out escalation raises the catastrophe odds"
    );
    assert!(shifts.iter().any(|s| s.significant));
}

#[test]
fn the_forecast_seed_is_per_turn() {
    assert_eq!(forecast::seed_for(7, 3), forecast::seed_for(7, 3));
    assert_ne!(forecast::seed_for(7, 3), forecast::seed_for(7, 4));
    assert_ne!(forecast::seed_for(7, 3), forecast::seed_for(8, 3));
}

// ---------------------------------------------------------------- classroom settings

#[test]
fn the_runner_forecasts_whatever_the_classroom_settings_and_so_does_sim() {
    let _serial = serial();
    let mut sc = scenario();
    sc.classroom.allow_forecast = false;
    assert_eq!(sc.classroom.forecast_mode(), ForecastMode::Off);

    // The interface keeps the forecast from a class that has it off; the runner still works
    // out what it would have said, for the debrief.
    let mut req = request(FollowUp::RepeatPlan, 100);
    req.scenario = Arc::new(sc.clone());
    let forecast = Forecast::start(req, threads(2)).expect("a forecast of a running campaign");
    assert_eq!(forecast.wait().runs, 100);

    // Scenario authors still balance such a scenario with batch runs.
    let schedule = plan("calibrated.toml", &sc);
    let batch = Batch {
        scenario: Arc::new(sc),
        start: Start::Fresh,
        policy: schedule,
        runs: 300,
        seed: 1,
    };
    assert_eq!(Forecast::batch(batch, threads(2)).wait().runs, 300);
}

#[test]
fn a_finished_campaign_has_no_forecast() {
    let mut req = request(FollowUp::RepeatPlan, 100);
    req.state.outcome = Some(Outcome::Stalemate);
    assert_eq!(
        Forecast::start(req, threads(1)).err(),
        Some(Unavailable::Over)
    );
}
