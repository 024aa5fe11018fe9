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

// ---------------------------------------------------------------- running and cancelling

#[test]
fn cancelling_returns_promptly_and_leaves_no_thread_behind() {
    let _serial = serial();
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers_left(), 0);
    // Far more than the test will wait for.
    let f = Forecast::start(request(FollowUp::RepeatPlan, 50_000_000), threads(2))
        .expect("forecast allowed");
    let workers = f.workers();
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(f.status(), RunState::Running);
    assert_eq!(workers.alive(), 2);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers(), 2);

    let asked = Instant::now();
    f.cancel();
    assert!(
        f.wait_timeout(Duration::from_secs(5)),
        "workers did not stop"
    );
    assert!(
        asked.elapsed() < Duration::from_millis(500),
        "cancelling took {:?}",
        asked.elapsed()
    );
    assert_eq!(f.status(), RunState::Stopped);
    let partial = f.snapshot();
    assert!(partial.runs < partial.total);
    assert!(
        partial.runs.is_multiple_of(CHUNK),
        "only whole chunks are counted"
    );
    drop(f);
    assert_eq!(workers.alive(), 0);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers_left(), 0);
}

#[test]
fn dropping_a_running_forecast_cancels_and_joins_it() {
    let _serial = serial();
    let f = Forecast::start(request(FollowUp::History, 50_000_000), threads(3))
        .expect("forecast allowed");
    let workers = f.workers();
    std::thread::sleep(Duration::from_millis(20));
    let asked = Instant::now();
    drop(f);
    assert!(asked.elapsed() < Duration::from_millis(500));
    assert_eq!(workers.alive(), 0);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers_left(), 0);
}

#[test]
fn snapshots_while_running_hold_whole_chunks_and_end_complete() {
    let _serial = serial();
    let total = 4000;
    let f = Forecast::start(request(FollowUp::RepeatPlan, total), threads(1)).expect("allowed");
    let mut last = 0;
    let mut seen = Vec::new();
    loop {
        let (done, all) = f.progress();
        assert_eq!(all, total);
        assert!(done >= last, "progress goes forward");
        last = done;
        let s = f.snapshot();
        assert!(s.runs.is_multiple_of(CHUNK) || s.runs == total);
        assert_eq!(s.odds.iter().map(|o| o.count).sum::<u64>(), s.runs);
        assert!(s.us_entry.count <= s.runs);
        assert_eq!(s.hamas_capacity.bins.iter().sum::<u64>(), s.runs);
        seen.push(s.runs);
        if f.status() == RunState::Complete {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let last_snapshot = f.snapshot();
    assert!(last_snapshot.is_complete());
    let totals = f.wait();
    assert_eq!(last_snapshot, Outlook::from_totals(&totals, total));
    assert_eq!(seen.last(), Some(&total));
}

#[test]
fn an_empty_request_is_complete_at_once() {
    let _serial = serial();
    let f = Forecast::start(request(FollowUp::RepeatPlan, 0), threads(4)).expect("allowed");
    assert!(f.wait_timeout(Duration::from_secs(1)));
    assert_eq!(f.status(), RunState::Complete);
    let s = f.snapshot();
    assert_eq!((s.runs, s.total), (0, 0));
    assert!(s.odds.iter().all(|o| (o.low, o.high) == (0.0, 1.0)));
    assert_eq!(f.wait().runs, 0);
}

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

// ---------------------------------------------------------------- arenas sim progress

#[test]
fn the_progress_line_shows_the_share_done() {
    assert_eq!(progress_line(50, 100, 10), "[#####-----]  50%  50/100 runs");
    assert_eq!(progress_line(0, 8, 4), "[----]   0%  0/8 runs");
    assert_eq!(progress_line(8, 8, 4), "[####] 100%  8/8 runs");
}

#[test]
fn a_quick_batch_draws_no_progress_bar() {
    let _serial = serial();
    let sc = scenario();
    let batch = Batch {
        scenario: Arc::new(sc),
        start: Start::Fresh,
        policy: Schedule::constant(Vec::new()),
        runs: 10,
        seed: 1,
    };
    let mut out = Vec::new();
    let totals = forecast::wait_with_progress(Forecast::batch(batch, threads(1)), &mut out);
    assert_eq!(totals.runs, 10);
    assert!(out.is_empty());
}

#[test]
fn arenas_sim_draws_a_progress_bar_on_a_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let _serial = serial();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_arenas"));
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    // Enough runs to outlast the first 200 ms tick even in a debug build.
    cmd.args([
        "sim",
        "--plan",
        "tests/plans/calibrated.toml",
        "--runs",
        "40000",
        "--threads",
        "2",
    ]);
    let mut child = pair.slave.spawn_command(cmd).expect("spawn arenas");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    // Linux reports EIO once the child has gone: that is the end of its output.
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    assert!(child.wait().expect("exit status").success());
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/40000 runs"), "no progress bar in {text:?}");
    let json = &text[text.find('{').expect("JSON after the bar")..];
    assert!(json.contains("\"runs\": 40000"), "{json}");
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

#[test]
fn a_forecast_on_a_pool_gives_the_same_totals_as_on_threads() {
    let _serial = serial();
    let pool = pool(2, 8);
    for follow_up in FollowUp::ALL {
        let on_threads = run(request(follow_up, 1500), 3);
        assert_eq!(on_pool(request(follow_up, 1500), &pool).wait(), on_threads);
    }
    // Several at once, taking turns, each still its own result.
    let a = on_pool(request(FollowUp::RepeatPlan, 1300), &pool);
    let b = on_pool(request(FollowUp::History, 700), &pool);
    let c = Forecast::batch_on(fresh_batch(600, 4), &pool).expect("pool not full");
    assert_eq!(b.wait(), run(request(FollowUp::History, 700), 2));
    assert_eq!(
        c.wait(),
        Forecast::batch(fresh_batch(600, 4), threads(2)).wait()
    );
    assert_eq!(a.wait(), run(request(FollowUp::RepeatPlan, 1300), 1));
    assert_eq!(pool.queued(), 0, "finished forecasts leave the queue");

    // The executor a session uses picks the same runner.
    let executor = Executor::Pool(pool.clone());
    let f = executor
        .start(request(FollowUp::Restraint, 500))
        .expect("allowed");
    assert_eq!(f.wait(), run(request(FollowUp::Restraint, 500), 2));

    // The same checks as on threads, and an empty request complete at once.
    let mut req = request(FollowUp::RepeatPlan, 100);
    req.state.outcome = Some(Outcome::Stalemate);
    assert_eq!(
        Forecast::start_on(req, &pool).err(),
        Some(Unavailable::Over)
    );
    let empty = on_pool(request(FollowUp::RepeatPlan, 0), &pool);
    assert!(empty.is_finished());
    assert_eq!(empty.status(), RunState::Complete);
    assert_eq!(empty.wait().runs, 0);
}

#[test]
fn forecasts_on_a_pool_take_turns_chunk_by_chunk() {
    let _serial = serial();
    // One worker, so that only taking turns lets the second forecast through.
    let pool = pool(1, 4);
    let (long, short) = (
        request(FollowUp::RepeatPlan, 50_000_000),
        request(FollowUp::History, 2 * CHUNK),
    );
    // Far more than the test will wait for.
    let first = on_pool(long, &pool);
    let second = on_pool(short, &pool);
    assert!(
        second.wait_timeout(Duration::from_secs(60)),
        "the second forecast waited behind the first"
    );
    assert_eq!(second.status(), RunState::Complete);
    // The first was queued first, so the worker played a chunk of it before the second's.
    let (done, total) = first.progress();
    assert!(done >= CHUNK && done < total, "{done}/{total}");
    assert_eq!(first.status(), RunState::Running);
    assert_eq!(pool.queued(), 1, "the finished one left the queue");
    drop(first);
    assert_eq!(pool.queued(), 0, "the dropped one left the queue");
    assert_eq!(second.wait(), run(request(FollowUp::History, 2 * CHUNK), 1));
}

#[test]
fn a_full_pool_refuses_forecasts_until_one_is_cancelled_or_dropped() {
    let _serial = serial();
    let pool = pool(1, 2);
    let long = request(FollowUp::RepeatPlan, 50_000_000);
    let a = on_pool(long.clone(), &pool);
    let b = on_pool(long.clone(), &pool);
    assert_eq!(pool.queued(), 2);
    let refused = Forecast::start_on(long.clone(), &pool);
    assert_eq!(refused.err(), Some(Unavailable::Busy));
    assert_eq!(
        Unavailable::Busy.to_string(),
        "the server is busy with other forecasts; try again in a moment"
    );
    assert_eq!(
        Forecast::batch_on(fresh_batch(100, 1), &pool).err(),
        Some(Unavailable::Busy)
    );
    // An empty request takes no place.
    let empty = on_pool(request(FollowUp::RepeatPlan, 0), &pool);
    assert_eq!(empty.status(), RunState::Complete);

    // Cancelling frees the place at once, whether or not the worker is on it.
    a.cancel();
    assert_eq!(pool.queued(), 1);
    let c = on_pool(long.clone(), &pool);
    assert!(a.wait_timeout(Duration::from_secs(5)), "a did not stop");
    assert_eq!(a.status(), RunState::Stopped);
    assert!(a.totals().runs.is_multiple_of(CHUNK));

    // So does dropping.
    assert_eq!(
        Forecast::start_on(long.clone(), &pool).err(),
        Some(Unavailable::Busy)
    );
    drop(b);
    let d = on_pool(long, &pool);
    assert_eq!(pool.queued(), 2);
    drop((c, d));
    assert_eq!(pool.queued(), 0);
}

/// A policy with a bug: it panics as soon as it is asked for orders.
#[derive(Clone)]
struct Panics;

impl Policy for Panics {
    fn orders(&mut self, _: &Scenario, _: &State) -> &[Order] {
        panic!("a bug in the engine (on purpose, in a test)")
    }
}

#[test]
fn a_panicking_batch_stops_alone_and_the_pool_goes_on() {
    let _serial = serial();
    let pool = pool(1, 4);
    let broken = Batch {
        scenario: Arc::new(scenario()),
        start: Start::Fresh,
        policy: Panics,
        runs: 1000,
        seed: 1,
    };
    // Queued first, so the only worker meets the panic before playing the other.
    let bad = Forecast::batch_on(broken, &pool).expect("pool not full");
    let good = Forecast::batch_on(fresh_batch(700, 3), &pool).expect("pool not full");
    assert_eq!(
        good.wait(),
        Forecast::batch(fresh_batch(700, 3), threads(2)).wait()
    );
    assert!(bad.wait_timeout(Duration::from_secs(5)));
    assert_eq!(bad.status(), RunState::Stopped);
    assert_eq!(pool.queued(), 0);
    assert_eq!(bad.wait().runs, 0);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers(), 1, "the worker survived the panic");
    // And it still plays forecasts.
    assert_eq!(
        on_pool(request(FollowUp::Restraint, 300), &pool).wait(),
        run(request(FollowUp::Restraint, 300), 1)
    );
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

#[cfg(target_os = "linux")]
#[test]
fn pool_workers_yield_to_the_threads_that_answer_keys() {
    let _serial = serial();
    // SAFETY: getpriority takes no pointer; PRIO_PROCESS with 0 names the calling thread.
    let own = i64::from(unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) });
    let lower = (own + i64::from(arenas::forecast::NICER)).min(19);
    let pool = pool(2, 1);
    assert_eq!(os_workers_reach(2), 2);
    // A worker lowers its priority as it starts: poll until both have.
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut nice = os_worker_nice();
    while nice != [lower, lower] && Instant::now() < deadline {
        std::thread::yield_now();
        nice = os_worker_nice();
    }
    assert_eq!(nice, [lower, lower], "the workers' nice values");
    // The thread that made the pool keeps its own.
    // SAFETY: as above.
    assert_eq!(
        i64::from(unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }),
        own
    );
    drop(pool);
    assert_eq!(os_workers_left(), 0);
}

#[test]
fn dropping_the_last_pool_handle_stops_its_forecasts_and_joins_its_workers() {
    let _serial = serial();
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers_left(), 0);
    let pool = pool(3, 4);
    assert_eq!(pool.threads(), 3);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers_reach(3), 3);
    // Far more than the test will wait for.
    let running = on_pool(request(FollowUp::History, 50_000_000), &pool);
    let workers = running.workers();
    // Alone on the pool, it keeps every worker busy: the queue's hold and one per chunk
    // being played. Each worker wakes the next, so poll until all are on it.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut most = 0;
    while most < 1 + 3 && Instant::now() < deadline {
        most = most.max(workers.alive());
        std::thread::yield_now();
    }
    assert_eq!(most, 1 + 3, "every worker plays a chunk of it");

    // A clone keeps the workers.
    let other = pool.clone();
    drop(pool);
    assert_eq!(running.status(), RunState::Running);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers(), 3);

    let asked = Instant::now();
    drop(other);
    assert!(
        asked.elapsed() < Duration::from_millis(500),
        "stopping took {:?}",
        asked.elapsed()
    );
    assert!(running.is_finished());
    assert_eq!(workers.alive(), 0);
    assert_eq!(running.status(), RunState::Stopped);
    #[cfg(target_os = "linux")]
    assert_eq!(os_workers_left(), 0);
    // The handle outlives the pool; it holds whole chunks.
    assert!(running.wait().runs.is_multiple_of(CHUNK));
}

#[test]
fn the_aims_lines_likely_ends_agree_with_the_forecast_within_ten_points() {
    let _serial = serial();
    let loaded = arenas::scenario::default_scenario();
    let sc = loaded.scenario;
    // States along three courses: the historical one, restraint and an active plan.
    let courses = [
        sc.historical_course(),
        Schedule::constant(sc.all_hold()),
        plan("calibrated.toml", &sc),
    ];
    for (c, course) in courses.iter().enumerate() {
        let mut game = Game::new(sc.clone(), 40 + c as u64);
        for week in 1..=4u16 {
            if game.state().is_over() {
                break;
            }
            let orders = game.standing_orders();
            let ends = likely_ends(&sc, game.state(), &orders);
            let outlook = Outlook::from_totals(
                &run(
                    Request {
                        scenario: sc.clone(),
                        state: game.state().clone(),
                        orders: orders.clone(),
                        follow_up: FollowUp::RepeatPlan,
                        rollouts: 4000,
                        seed: 99,
                    },
                    2,
                ),
                4000,
            );
            for o in Outcome::ALL {
                let (mine, theirs) = (ends.share(*o), outlook.odds_of(*o).probability);
                assert!(
                    (mine - theirs).abs() <= 0.10,
                    "course {c}, week {week}, {o:?}: aims line {mine:.3}, forecast {theirs:.3}"
                );
            }
            game.commit(course.turn(week).to_vec())
                .expect("valid orders");
        }
    }
}
