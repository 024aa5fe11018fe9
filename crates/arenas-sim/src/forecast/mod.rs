//! Forecasts: Monte Carlo rollouts of a plan on worker threads, without blocking the caller.
//!
//! A [`Request`] asks where this turn's orders are likely to lead: each rollout resolves the
//! turn with them and continues with a [`FollowUp`] policy to the end of the campaign. The
//! same runner plays `arenas sim` batches from the campaign's start ([`Batch`] with
//! [`Start::Fresh`]).
//!
//! Rollout `i` draws from its own generator, seeded with [`run_seed`]`(seed, i)`. Workers
//! take fixed chunks of rollouts from a shared counter and add whole chunks to integer
//! [`Totals`], so the finished result is the same whatever the number of threads; partial
//! results while running contain whole chunks only. [`simulate`] and [`wait_with_progress`]
//! wait for a batch, as `arenas sim` does.
//!
//! A forecast runs either on threads of its own ([`Forecast::start`]) or on a [`Pool`] of
//! workers shared by many forecasts ([`Forecast::start_on`]), as `arenas serve` does;
//! [`Executor`] says which. Both give the same handle and the same results.
//!
//! This file holds the runner; `pool` the shared workers; `outlook` what the rollouts say
//! ([`Outlook`]).
//!
//! ```no_run
//! # use arenas_sim::forecast::{Forecast, FollowUp, Request, RunState};
//! # fn demo(game: &arenas_core::game::Game, orders: Vec<arenas_core::engine::Order>) {
//! let request = Request {
//!     scenario: game.scenario.clone(),
//!     state: game.state().clone(),
//!     orders,
//!     follow_up: FollowUp::RepeatPlan,
//!     rollouts: arenas_sim::forecast::DEFAULT_ROLLOUTS,
//!     seed: arenas_sim::forecast::seed_for(game.seed, game.state().turn),
//! };
//! if let Ok(forecast) = Forecast::start(request, arenas_sim::forecast::default_threads()) {
//!     // Each frame: cheap, never waits on the workers.
//!     let outlook = forecast.snapshot();
//!     let (done, total) = forecast.progress();
//!     if forecast.status() == RunState::Running { /* draw "done/total" */ }
//!     // Esc: dropping the handle cancels and joins the workers.
//!     drop(forecast);
//! }
//! # }
//! ```

use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::totals::Totals;
pub use arenas_core::engine::run_seed;
use arenas_core::engine::{Order, Policy, Scenario, Silent, State, play_on, rng_from_seed, start};

mod outlook;
mod pool;

pub use outlook::{Odds, Outlook, QUANTILES, Shift, Spread, wilson};
pub use pool::{Executor, NICER, Pool};

mod follow_up;
pub use follow_up::{Continuation, FollowUp};

/// Rollouts per unit of work a worker takes at a time.
pub const CHUNK: u64 = 256;

/// Rollouts of a forecast in the game, unless the caller picks another number.
pub const DEFAULT_ROLLOUTS: u64 = 10_000;

/// Where every rollout of a batch begins.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// A new campaign: each rollout runs the opening brief with its own generator (the
    /// random events of the brief differ between rollouts), as `arenas sim` does.
    Fresh,
    /// A given state at the orders phase.
    From(Box<State>),
}

/// A batch of rollouts of any policy: what the runner plays.
#[derive(Clone, Debug)]
pub struct Batch<P> {
    pub scenario: Arc<Scenario>,
    pub start: Start,
    pub policy: P,
    pub runs: u64,
    pub seed: u64,
}

/// What the forecast overlay asks: this turn's orders from the current state, then a
/// follow-up to the end of the campaign.
#[derive(Clone, Debug)]
pub struct Request {
    pub scenario: Arc<Scenario>,
    /// The state at the orders phase of the turn being planned.
    pub state: State,
    /// The orders being planned for this turn, one per faction (missing ones hold).
    pub orders: Vec<Order>,
    pub follow_up: FollowUp,
    pub rollouts: u64,
    pub seed: u64,
}

impl From<Request> for Batch<Continuation> {
    fn from(r: Request) -> Self {
        let policy = Continuation::new(&r.scenario, r.state.turn, r.orders, r.follow_up);
        Batch {
            scenario: r.scenario,
            start: Start::From(Box::new(r.state)),
            policy,
            runs: r.rollouts,
            seed: r.seed,
        }
    }
}

/// Why a forecast cannot be made. (Whether a player may see one is the interface's to say,
/// from the class's settings: a campaign played with the forecast off still has its
/// forecasts worked out for the debrief.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("the campaign is over")]
    Over,
    /// The shared [`Pool`] already holds as many forecasts as it may.
    #[error("the server is busy with other forecasts; try again in a moment")]
    Busy,
}

/// Whether a request may be forecast: the campaign is not over.
fn check(request: &Request) -> Result<(), Unavailable> {
    if request.state.is_over() {
        return Err(Unavailable::Over);
    }
    Ok(())
}

/// A forecast seed for a turn of a campaign: the same for every plan of that turn, so that
/// two plans are compared on the same random draws, and unrelated to the campaign's own.
pub fn seed_for(campaign_seed: u64, turn: u16) -> u64 {
    run_seed(campaign_seed ^ 0x666f_7265_6361_7374, u64::from(turn))
}

/// One worker per core (at least one).
pub fn default_threads() -> NonZeroUsize {
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}

/// Where a forecast's run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Workers are still playing rollouts.
    Running,
    /// Every rollout has been played.
    Complete,
    /// The workers stopped before the end: cancelled, a worker failed, or the pool it ran
    /// on was dropped.
    Stopped,
}

/// State shared by a forecast's handle and its workers.
struct Shared {
    /// Next chunk to hand out.
    next: AtomicU64,
    /// Rollouts added to `totals`.
    done: AtomicU64,
    cancel: AtomicBool,
    totals: Mutex<Totals>,
    /// Workers that have not exited yet; on a pool, the pool's holds on the batch (one while
    /// it is queued, one per chunk being played).
    live: Mutex<usize>,
    exited: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn new() -> Shared {
        Shared {
            next: AtomicU64::new(0),
            done: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
            totals: Mutex::new(Totals::default()),
            live: Mutex::new(0),
            exited: Condvar::new(),
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Counts one more hold on the batch, released when the guard is dropped.
    fn hold(self: &Arc<Self>) -> Exit {
        *lock(&self.live) += 1;
        Exit(Arc::clone(self))
    }

    /// Plays chunks from the shared counter until none is left or the batch is cancelled.
    fn work<P: Policy>(&self, batch: &Batch<P>, policy: &mut P) {
        let chunks = batch.runs.div_ceil(CHUNK);
        loop {
            if self.cancelled() {
                return;
            }
            let chunk = self.next.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks || !self.play(batch, policy, chunk) {
                return;
            }
        }
    }

    /// Plays chunk `chunk` of a batch and adds it to the totals; false when cancelling
    /// interrupted it. An interrupted chunk is dropped, so totals always hold whole chunks.
    fn play<P: Policy>(&self, batch: &Batch<P>, policy: &mut P, chunk: u64) -> bool {
        let first = chunk * CHUNK;
        let end = (first + CHUNK).min(batch.runs);
        let mut totals = Totals::default();
        for i in first..end {
            if self.cancelled() {
                return false;
            }
            totals.add(&rollout(
                &batch.scenario,
                &batch.start,
                policy,
                batch.seed,
                i,
            ));
        }
        let mut all = lock(&self.totals);
        all.merge(&totals);
        self.done.fetch_add(end - first, Ordering::Release);
        true
    }

    /// Waits until nothing holds the batch any more.
    fn wait_exited(&self) {
        let live = lock(&self.live);
        drop(
            self.exited
                .wait_while(live, |n| *n > 0)
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

/// Rollout `index`: from the start, the policy's orders each turn until the campaign ends.
fn rollout<P: Policy>(
    scenario: &Scenario,
    from: &Start,
    policy: &mut P,
    seed: u64,
    index: u64,
) -> State {
    let mut rng = rng_from_seed(run_seed(seed, index));
    let mut state = match from {
        Start::Fresh => start(scenario, &mut rng, &mut Silent),
        Start::From(s) => s.as_ref().clone(),
    };
    play_on(scenario, &mut state, &mut rng, policy);
    state
}

/// A batch with its policy's type erased, so the handle need not be generic.
trait Job: Send + Sync {
    /// Chunks in the batch.
    fn chunks(&self) -> u64;
    /// Plays chunks until none is left or the batch is cancelled ([`Shared::work`]).
    fn run(&self, shared: &Shared);
    /// Plays one chunk with a copy of the policy of its own ([`Shared::play`]).
    fn play(&self, shared: &Shared, chunk: u64);
}

impl<P: Policy + Clone + Send + Sync> Job for Batch<P> {
    fn chunks(&self) -> u64 {
        self.runs.div_ceil(CHUNK)
    }

    fn run(&self, shared: &Shared) {
        shared.work(self, &mut self.policy.clone());
    }

    fn play(&self, shared: &Shared, chunk: u64) {
        shared.play(self, &mut self.policy.clone(), chunk);
    }
}

/// Marks a worker as exited (or a pool's hold on a batch as released) when dropped, even
/// if it panicked.
struct Exit(Arc<Shared>);

impl Drop for Exit {
    fn drop(&mut self) {
        let mut live = lock(&self.0.live);
        *live = live.saturating_sub(1);
        if *live == 0 {
            self.0.exited.notify_all();
        }
    }
}

/// A running batch of rollouts. Dropping it cancels the batch and joins its own workers, so
/// no thread outlives it; on a [`Pool`], dropping it takes it off the pool's queue.
pub struct Forecast {
    shared: Arc<Shared>,
    total: u64,
    runner: Runner,
}

/// Who plays a forecast's chunks.
enum Runner {
    /// Threads of its own; with none (none could be started), `wait` plays the batch.
    Threads {
        handles: Vec<JoinHandle<()>>,
        job: Arc<dyn Job>,
    },
    /// The workers of a shared pool.
    Pool(Arc<pool::Core>),
}

impl std::fmt::Debug for Forecast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Forecast");
        d.field("progress", &self.progress());
        match &self.runner {
            Runner::Threads { handles, .. } => d.field("threads", &handles.len()),
            Runner::Pool(_) => d.field("on", &"pool"),
        };
        d.finish_non_exhaustive()
    }
}

impl Forecast {
    /// Starts the rollouts of a request on `threads` workers and returns at once; refused
    /// when the campaign is over.
    pub fn start(request: Request, threads: NonZeroUsize) -> Result<Forecast, Unavailable> {
        check(&request)?;
        Ok(Forecast::batch(request.into(), threads))
    }

    /// Starts any batch on `threads` workers (never more than it has chunks) and returns at
    /// once. Ignores the classroom settings: this is also `arenas sim`'s runner.
    pub fn batch<P: Policy + Clone + Send + Sync + 'static>(
        batch: Batch<P>,
        threads: NonZeroUsize,
    ) -> Forecast {
        let chunks = batch.runs.div_ceil(CHUNK);
        let threads = threads
            .get()
            .min(usize::try_from(chunks).unwrap_or(usize::MAX));
        let total = batch.runs;
        let job: Arc<dyn Job> = Arc::new(batch);
        let shared = Arc::new(Shared::new());
        let mut handles = Vec::with_capacity(threads);
        for _ in 0..threads {
            // Counted before it starts, so that a quick worker cannot exit uncounted.
            *lock(&shared.live) += 1;
            let (s, j) = (Arc::clone(&shared), Arc::clone(&job));
            let spawned = std::thread::Builder::new()
                .name("arenas-forecast".into())
                .spawn(move || {
                    let exit = Exit(s);
                    j.run(&exit.0);
                });
            match spawned {
                Ok(h) => handles.push(h),
                Err(_) => {
                    // Uncount it; `wait` plays the rollouts itself if no worker started.
                    drop(Exit(Arc::clone(&shared)));
                    break;
                }
            }
        }
        Forecast {
            shared,
            total,
            runner: Runner::Threads { handles, job },
        }
    }

    /// Rollouts finished so far and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.shared.done.load(Ordering::Acquire), self.total)
    }

    /// Whether every worker has exited (finished, cancelled or failed); on a pool, whether
    /// the pool has let go of the batch (no chunk left to hand out or being played).
    pub fn is_finished(&self) -> bool {
        *lock(&self.shared.live) == 0
    }

    /// Running, complete, or stopped early.
    pub fn status(&self) -> RunState {
        let (done, total) = self.progress();
        if done >= total {
            RunState::Complete
        } else if self.is_finished() {
            RunState::Stopped
        } else {
            RunState::Running
        }
    }

    /// The totals of the rollouts finished so far (whole chunks; a short lock).
    pub fn totals(&self) -> Totals {
        lock(&self.shared.totals).clone()
    }

    /// What the rollouts finished so far say. Cheap enough to call every frame.
    pub fn snapshot(&self) -> Outlook {
        Outlook::from_totals(&self.totals(), self.total)
    }

    /// Asks the workers to stop; they do within one rollout. Returns at once. On a pool, the
    /// batch leaves the queue at once, freeing its place.
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
        if let Runner::Pool(core) = &self.runner {
            core.remove(&self.shared);
        }
    }

    /// Waits up to `timeout` for every worker to exit; true when they have.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let live = lock(&self.shared.live);
        let (live, _) = self
            .shared
            .exited
            .wait_timeout_while(live, timeout, |n| *n > 0)
            .unwrap_or_else(PoisonError::into_inner);
        *live == 0
    }

    /// Waits for the workers and returns the totals: every rollout's unless cancelled.
    /// When no worker thread could be started, plays the rollouts on the calling thread. On
    /// a pool, waits for the pool to let go of the batch; a chunk that panicked has stopped
    /// it (its totals hold the chunks played before).
    ///
    /// # Panics
    /// If a worker thread of its own panicked (a bug in the engine), with its panic, after
    /// the other workers have been stopped and joined.
    pub fn wait(mut self) -> Totals {
        let handles = match &mut self.runner {
            Runner::Threads { handles, job } => {
                let handles = std::mem::take(handles);
                if handles.is_empty() && !self.shared.cancelled() {
                    job.run(&self.shared);
                }
                handles
            }
            Runner::Pool(_) => {
                self.shared.wait_exited();
                Vec::new()
            }
        };
        let mut panic = None;
        for h in handles {
            if let Err(p) = h.join() {
                self.cancel();
                panic.get_or_insert(p);
            }
        }
        if let Some(p) = panic {
            std::panic::resume_unwind(p);
        }
        self.totals()
    }

    /// A handle that counts this forecast's live workers, and outlives it.
    pub fn workers(&self) -> Workers {
        Workers(Arc::clone(&self.shared))
    }
}

impl Drop for Forecast {
    fn drop(&mut self) {
        self.cancel();
        if let Runner::Threads { handles, .. } = &mut self.runner {
            for h in handles.drain(..) {
                // A worker's panic has already been reported on stderr; nothing more to do.
                let _ = h.join();
            }
        }
    }
}

/// Counts the live workers of a forecast, even after its handle is dropped.
#[derive(Clone)]
pub struct Workers(Arc<Shared>);

impl Workers {
    /// Workers that have not exited yet; on a pool, the pool's holds on the batch (one
    /// while it is queued, one per chunk being played).
    pub fn alive(&self) -> usize {
        *lock(&self.0.live)
    }
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Workers").field(&self.alive()).finish()
    }
}

/// Plays `runs` campaigns of a policy from seed `seed` on `threads` threads and waits for
/// them: run `i` is [`play`](arenas_core::engine::play)`(scenario, run_seed(seed, i), policy)`.
///
/// # Panics
/// If the engine panics in a run.
pub fn simulate<P: Policy + Clone + Send + Sync + 'static>(
    scenario: &Scenario,
    policy: &P,
    runs: u64,
    seed: u64,
    threads: NonZeroUsize,
) -> Totals {
    let batch = Batch {
        scenario: Arc::new(scenario.clone()),
        start: Start::Fresh,
        policy: policy.clone(),
        runs,
        seed,
    };
    Forecast::batch(batch, threads).wait()
}

/// Waits for a batch, drawing a progress bar on `out` a few times a second while it runs
/// (nothing when it finishes within the first tick), then erasing it.
pub fn wait_with_progress(forecast: Forecast, out: &mut impl Write) -> Totals {
    const TICK: Duration = Duration::from_millis(200);
    const WIDTH: usize = 30;
    let mut shown = 0;
    while !forecast.wait_timeout(TICK) {
        let (done, total) = forecast.progress();
        let line = progress_line(done, total, WIDTH);
        // The bar is a courtesy: a failed write to the terminal must not stop the batch.
        let _ = write!(out, "\r{line}").and_then(|()| out.flush());
        shown = shown.max(line.chars().count());
    }
    if shown > 0 {
        let _ = write!(out, "\r{}\r", " ".repeat(shown)).and_then(|()| out.flush());
    }
    forecast.wait()
}

/// A one-line progress bar `[#####·····]  50%  500000/1000000 runs`, `width` cells of bar.
pub fn progress_line(done: u64, total: u64, width: usize) -> String {
    progress_line_of(done, total, width, "runs")
}

/// [`progress_line`] counting `unit` instead of runs.
pub fn progress_line_of(done: u64, total: u64, width: usize, unit: &str) -> String {
    let share = if total == 0 {
        1.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let filled = ((share * width as f64) as usize).min(width);
    format!(
        "[{}{}] {:>3}%  {done}/{total} {unit}",
        "#".repeat(filled),
        "-".repeat(width - filled),
        (share * 100.0) as u32
    )
}
