//! Forecast speed: 10,000 rollouts of the calibrated plan from turn 1 on two threads, and
//! `arenas sim`'s runner on 1,000,000 campaigns.

use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use arenas::engine::{Schedule, Silent, rng_from_seed, start};
use arenas::forecast::{Batch, FollowUp, Forecast, Request, Start};
use criterion::{Criterion, criterion_group, criterion_main};

fn calibrated() -> (arenas::engine::Scenario, Schedule) {
    let sc = arenas::scenario::default_scenario().scenario;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/calibrated.toml");
    let schedule = arenas::plan::load_file(&path, &sc).unwrap_or_else(|d| panic!("{d}"));
    (sc.as_ref().clone(), schedule)
}

fn two() -> NonZeroUsize {
    NonZeroUsize::new(2).unwrap_or(NonZeroUsize::MIN)
}

fn forecast(c: &mut Criterion) {
    let (sc, schedule) = calibrated();
    let state = start(&sc, &mut rng_from_seed(1), &mut Silent);
    let request = Request {
        scenario: Arc::new(sc),
        state,
        orders: schedule.turn(1).to_vec(),
        follow_up: FollowUp::RepeatPlan,
        rollouts: 10_000,
        seed: 42,
    };
    c.bench_function("forecast_10000_rollouts_2_threads", |b| {
        b.iter(|| {
            Forecast::start(request.clone(), two())
                .map(Forecast::wait)
                .map(|t| t.runs)
        })
    });
}

fn sim(c: &mut Criterion) {
    let (sc, schedule) = calibrated();
    let sc = Arc::new(sc);
    let mut group = c.benchmark_group("sim");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("sim_1000000_runs", |b| {
        b.iter(|| {
            let batch = Batch {
                scenario: Arc::clone(&sc),
                start: Start::Fresh,
                policy: schedule.clone(),
                runs: 1_000_000,
                seed: 42,
            };
            Forecast::batch(batch, two()).wait().runs
        })
    });
    group.finish();
}

criterion_group!(benches, forecast, sim);
criterion_main!(benches);
