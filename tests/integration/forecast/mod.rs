//! The forecast runner: determinism across thread counts, agreement with `arenas sim` and
//! with a hand-rolled loop, cancelling, intervals and spreads, the classroom switch, and the
//! pool shared by many forecasts (same results, turns taken chunk by chunk, a bounded queue,
//! a panicking batch stopped alone, workers joined).

use std::io::Read;

use std::num::NonZeroUsize;

use std::path::Path;

use std::process::Command;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use std::time::{Duration, Instant};

use arenas::engine::aims::likely_ends;

use arenas::engine::{
    ForecastMode, Meter, Order, Outcome, Policy, Scenario, Schedule, Silent, State, UsTrack,
    rng_from_seed, step,
};

use arenas::forecast::{
    self, Batch, CHUNK, Continuation, Executor, FollowUp, Forecast, Outlook, Pool, QUANTILES,
    Request, RunState, Start, Unavailable, progress_line, run_seed, wilson,
};

use arenas::game::Game;

use arenas::totals::Totals;

/// Forecasts run one at a time, so that counting the process's worker threads is exact.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

fn threads(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("at least one thread")
}

fn scenario() -> Scenario {
    Arc::unwrap_or_clone(arenas::scenario::default_scenario().scenario)
}

fn plan(name: &str, sc: &Scenario) -> Schedule {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/plans")
        .join(name);
    arenas::plan::load_file(&path, sc).unwrap_or_else(|d| panic!("{d}"))
}

/// The state at the orders phase of turn 3 after two calibrated turns, with the calibrated
/// orders of turn 3.
fn mid_campaign() -> (Arc<Scenario>, State, Vec<Order>) {
    let loaded = arenas::scenario::default_scenario();
    let schedule = plan("calibrated.toml", &loaded.scenario);
    let game = Game::replay(
        loaded.scenario,
        11,
        &[schedule.turn(1).to_vec(), schedule.turn(2).to_vec()],
    )
    .unwrap_or_else(|(turn, e)| panic!("turn {turn}: {e}"));
    let state = game.state().clone();
    assert_eq!(state.turn, 3, "the campaign ended early; pick another seed");
    let orders = schedule.turn(3).to_vec();
    (game.scenario.clone(), state, orders)
}

fn request(follow_up: FollowUp, rollouts: u64) -> Request {
    let (scenario, state, orders) = mid_campaign();
    Request {
        scenario,
        state,
        orders,
        follow_up,
        rollouts,
        seed: 2023,
    }
}

fn run(request: Request, n: usize) -> Totals {
    Forecast::start(request, threads(n))
        .expect("forecast allowed")
        .wait()
}

/// Worker threads of this process, by name (Linux only). Pool workers count too: Linux
/// keeps the first 15 bytes of a thread's name, so `arenas-forecast-pool` reads
/// `arenas-forecast` here.
#[cfg(target_os = "linux")]
fn os_workers() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim_end() == "arenas-forecast")
        .count()
}

/// Workers left once every handle is joined. A joined thread has finished, but the kernel
/// may take a moment to remove its entry from /proc: poll until it is gone or a generous
/// deadline passes.
#[cfg(target_os = "linux")]
fn os_workers_left() -> usize {
    os_workers_reach(0)
}

/// Worker threads once there should be `n`: a new thread names itself once it runs, so poll
/// until there are `n` or a generous deadline passes.
#[cfg(target_os = "linux")]
fn os_workers_reach(n: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let now = os_workers();
        if now == n || Instant::now() > deadline {
            return now;
        }
        std::thread::yield_now();
    }
}

// ---------------------------------------------------------------- determinism

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let _serial = serial();
    for follow_up in FollowUp::ALL {
        // Not a multiple of the chunk size: the last chunk is short.
        let one = run(request(follow_up, 1500), 1);
        assert_eq!(one.runs, 1500);
        for n in [2, 3, 7] {
            let many = run(request(follow_up, 1500), n);
            assert_eq!(one, many, "{follow_up:?} on {n} threads");
            assert_eq!(
                Outlook::from_totals(&one, 1500),
                Outlook::from_totals(&many, 1500)
            );
        }
    }
}

#[test]
fn the_seed_matters() {
    let _serial = serial();
    let a = run(request(FollowUp::RepeatPlan, 512), 2);
    let mut other = request(FollowUp::RepeatPlan, 512);
    other.seed += 1;
    assert_ne!(a, run(other, 2));
}

// ---------------------------------------------------------------- agreement

/// The orders a follow-up gives on a later turn, written out without [`Continuation`].
fn follow_up_orders(sc: &Scenario, follow_up: FollowUp, plan: &[Order], turn: u16) -> Vec<Order> {
    match follow_up {
        FollowUp::RepeatPlan => plan.to_vec(),
        FollowUp::Restraint => sc.all_hold(),
        FollowUp::History => {
            let week = usize::from(turn - 1).min(sc.history.len() - 1);
            sc.history[week].orders.clone()
        }
    }
}

#[test]
fn a_forecast_equals_a_hand_rolled_loop_over_run_seeds() {
    let _serial = serial();
    let (sc, state, orders) = mid_campaign();
    for follow_up in FollowUp::ALL {
        let req = request(follow_up, 700);
        let mut expected = Totals::default();
        for i in 0..req.rollouts {
            let mut rng = rng_from_seed(run_seed(req.seed, i));
            let mut s = state.clone();
            step(&sc, &mut s, &orders, &mut rng, &mut Silent);
            while !s.is_over() {
                let o = follow_up_orders(&sc, follow_up, &orders, s.turn);
                step(&sc, &mut s, &o, &mut rng, &mut Silent);
            }
            expected.add(&s);
        }
        assert_eq!(run(req, 3), expected, "{follow_up:?}");
    }
}

fn sim_stdout(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_arenas"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("sim")
        .args(args)
        .output()
        .expect("run arenas");
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "no progress bar when stderr is piped: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn summary_json(totals: &Totals) -> String {
    serde_json::to_string_pretty(&totals.summary()).expect("JSON") + "\n"
}

#[test]
fn a_fresh_batch_of_a_plan_agrees_with_arenas_sim() {
    let _serial = serial();
    let sc = scenario();
    let schedule = plan("calibrated.toml", &sc);
    let batch = Batch {
        scenario: Arc::new(sc),
        start: Start::Fresh,
        policy: schedule,
        runs: 1000,
        seed: 5,
    };
    let ours = Forecast::batch(batch, threads(2)).wait();
    let cli = sim_stdout(&[
        "--plan",
        "tests/plans/calibrated.toml",
        "--runs",
        "1000",
        "--seed",
        "5",
        "--threads",
        "3",
    ]);
    assert_eq!(cli, summary_json(&ours));
}

#[test]
fn the_history_follow_up_from_the_start_agrees_with_arenas_sim_history() {
    let _serial = serial();
    let sc = scenario();
    let first = sc.history[0].orders.clone();
    let policy = Continuation::new(&sc, 1, first, FollowUp::History);
    let batch = Batch {
        scenario: Arc::new(sc),
        start: Start::Fresh,
        policy,
        runs: 800,
        seed: 9,
    };
    let ours = Forecast::batch(batch, threads(3)).wait();
    let cli = sim_stdout(&[
        "--history",
        "--runs",
        "800",
        "--seed",
        "9",
        "--threads",
        "2",
    ]);
    assert_eq!(cli, summary_json(&ours));
}

#[test]
fn simulate_is_the_same_runner() {
    let _serial = serial();
    let sc = scenario();
    let schedule = plan("restraint.toml", &sc);
    let a = forecast::simulate(&sc, &schedule, 600, 4, threads(1));
    let batch = Batch {
        scenario: Arc::new(sc),
        start: Start::Fresh,
        policy: schedule,
        runs: 600,
        seed: 4,
    };
    assert_eq!(a, Forecast::batch(batch, threads(5)).wait());
}

#[test]
fn follow_ups_give_the_plan_then_their_own_orders() {
    let (sc, state, orders) = mid_campaign();
    let mut later = state.clone();
    later.turn += 1;
    for follow_up in FollowUp::ALL {
        let mut p = Continuation::new(&sc, state.turn, orders.clone(), follow_up);
        assert_eq!(p.orders(&sc, &state), orders.as_slice(), "{follow_up:?}");
        assert_eq!(
            p.orders(&sc, &later),
            follow_up_orders(&sc, follow_up, &orders, later.turn).as_slice(),
            "{follow_up:?}"
        );
    }
    assert_eq!(
        sc.history[usize::from(state.turn)].orders,
        follow_up_orders(&sc, FollowUp::History, &orders, state.turn + 1)
    );
    // Names for display, and a cycle through all of them.
    let names: Vec<&str> = FollowUp::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        ["Repeat this plan", "Restraint", "Historical course"]
    );
    assert_eq!(FollowUp::default(), FollowUp::RepeatPlan);
    let mut f = FollowUp::RepeatPlan;
    for expected in [FollowUp::Restraint, FollowUp::History, FollowUp::RepeatPlan] {
        f = f.next();
        assert_eq!(f, expected);
    }
}

// ---------------------------------------------------------------- a shared pool

fn pool(threads_: usize, max_jobs: usize) -> Pool {
    Pool::new(threads(threads_), max_jobs).expect("pool threads")
}

fn on_pool(request: Request, pool: &Pool) -> Forecast {
    Forecast::start_on(request, pool).expect("forecast allowed, pool not full")
}

/// A batch from the campaign's start with the calibrated plan.
fn fresh_batch(runs: u64, seed: u64) -> Batch<Schedule> {
    let sc = scenario();
    let policy = plan("calibrated.toml", &sc);
    Batch {
        scenario: Arc::new(sc),
        start: Start::Fresh,
        policy,
        runs,
        seed,
    }
}

/// A policy with a bug: it panics as soon as it is asked for orders.
#[derive(Clone)]
struct Panics;

impl Policy for Panics {
    fn orders(&mut self, _: &Scenario, _: &State) -> &[Order] {
        panic!("a bug in the engine (on purpose, in a test)")
    }
}

/// The nice value of each pool worker of this process (Linux only): field 19 of
/// /proc/self/task/TID/stat, counted after the name in parentheses.
#[cfg(target_os = "linux")]
fn os_worker_nice() -> Vec<i64> {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|e| {
            let dir = e.ok()?.path();
            let name = std::fs::read_to_string(dir.join("comm")).ok()?;
            if name.trim_end() != "arenas-forecast" {
                return None;
            }
            let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
            let after_name = &stat[stat.rfind(')')? + 2..];
            after_name.split(' ').nth(16)?.parse().ok()
        })
        .collect()
}

mod aims;
mod odds;
mod pool;
mod progress;
mod running;
