//! Engine speed: one turn, and one whole 12-turn campaign with and without explanations;
//! the aims line's likely ends from the start of a campaign.

use std::hint::black_box;
use std::path::Path;

use arenas::engine::{Policy, Report, Schedule, Silent, play, rng_from_seed, start, step};
use criterion::{Criterion, criterion_group, criterion_main};

fn calibrated() -> (arenas::engine::Scenario, Schedule) {
    let sc = arenas::scenario::default_scenario().scenario;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/calibrated.toml");
    let schedule = arenas::plan::load_file(&path, &sc).unwrap_or_else(|d| panic!("{d}"));
    (sc.as_ref().clone(), schedule)
}

fn engine(c: &mut Criterion) {
    let (sc, schedule) = calibrated();
    // A seed whose campaign runs all twelve turns.
    let seed = (0..)
        .find(|&s| play(&sc, s, &mut &schedule).turn == sc.calendar.turns)
        .unwrap_or(0);
    let mut rng = rng_from_seed(seed);
    let first = start(&sc, &mut rng, &mut Silent);
    let orders = schedule.turn(1).to_vec();

    c.bench_function("turn", |b| {
        b.iter(|| {
            let mut s = first.clone();
            step(
                &sc,
                &mut s,
                black_box(&orders),
                &mut rng.clone(),
                &mut Silent,
            );
            s
        })
    });
    c.bench_function("turn_explained", |b| {
        b.iter(|| {
            let mut s = first.clone();
            let mut report = Report::starting_from(&s);
            step(
                &sc,
                &mut s,
                black_box(&orders),
                &mut rng.clone(),
                &mut report,
            );
            report
        })
    });
    c.bench_function("campaign_12_turns", |b| {
        b.iter(|| play(&sc, black_box(seed), &mut &schedule))
    });
    c.bench_function("campaign_12_turns_explained", |b| {
        b.iter(|| {
            let mut policy = &schedule;
            let mut rng = rng_from_seed(black_box(seed));
            let mut report = Report::starting_from(&first);
            let mut s = start(&sc, &mut rng, &mut report);
            while !s.is_over() {
                let o = policy.orders(&sc, &s).to_vec();
                step(&sc, &mut s, &o, &mut rng, &mut report);
            }
            (s, report)
        })
    });
    // The aims line's estimate, drawn once per state: played on from week 1.
    c.bench_function("likely_ends_from_week_1", |b| {
        b.iter(|| arenas::engine::aims::likely_ends(&sc, black_box(&first), &orders))
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
