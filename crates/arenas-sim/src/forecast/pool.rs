//! A fixed set of worker threads shared fairly by many forecasts, as `arenas serve` runs
//! them: one student's forecast never waits behind another's whole forecast.
//!
//! The pool keeps its batches in a queue. A worker takes the batch at the front, hands
//! itself its next chunk and puts the batch back at the end while chunks are left, so
//! the batches running take turns chunk by chunk. A cancelled batch leaves the queue at
//! once; one whose last chunk has been handed out leaves it then. The queue holds at most
//! `max_jobs` batches: beyond that, starting a forecast fails with [`Unavailable::Busy`].
//! A panic while playing a chunk (a bug in the engine) stops that batch only.

use std::collections::VecDeque;
use std::io;
use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::{Batch, Exit, Forecast, Job, Request, Runner, Shared, Unavailable, check, lock};
use arenas_core::engine::Policy;

/// Worker threads shared by many forecasts (see the module's notes). A cheap handle: clones
/// share the workers, and dropping the last one stops and joins them; forecasts still on
/// the pool then stop ([`RunState::Stopped`](super::RunState::Stopped)).
#[derive(Clone)]
pub struct Pool {
    owner: Arc<Owner>,
}

/// The workers' threads, joined when the last [`Pool`] handle goes.
struct Owner {
    core: Arc<Core>,
    handles: Vec<JoinHandle<()>>,
}

/// What the workers and the forecasts on the pool share.
pub(super) struct Core {
    queue: Mutex<Queue>,
    /// Signalled when a batch is queued or the pool stops.
    ready: Condvar,
    max_jobs: usize,
}

struct Queue {
    jobs: VecDeque<Entry>,
    stop: bool,
}

/// A queued batch. Its guard counts as one of the batch's holds while it is queued.
struct Entry {
    hold: Exit,
    job: Arc<dyn Job>,
}

impl Entry {
    fn shared(&self) -> &Arc<Shared> {
        &self.hold.0
    }
}

impl Pool {
    /// Starts `threads` workers (named `arenas-forecast-pool`; Linux keeps 15 bytes of it,
    /// `arenas-forecast`) for at most `max_jobs` queued forecasts at a time (with 0, every
    /// forecast is refused as busy). Fails when a thread cannot be started, after stopping
    /// those that were.
    pub fn new(threads: NonZeroUsize, max_jobs: usize) -> io::Result<Pool> {
        let core = Arc::new(Core {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                stop: false,
            }),
            ready: Condvar::new(),
            max_jobs,
        });
        let mut owner = Owner {
            core: Arc::clone(&core),
            handles: Vec::with_capacity(threads.get()),
        };
        for _ in 0..threads.get() {
            let core = Arc::clone(&core);
            let handle = std::thread::Builder::new()
                .name("arenas-forecast-pool".into())
                .spawn(move || {
                    yield_to_keys();
                    core.work();
                })?;
            owner.handles.push(handle);
        }
        Ok(Pool {
            owner: Arc::new(owner),
        })
    }

    /// Worker threads.
    pub fn threads(&self) -> usize {
        self.owner.handles.len()
    }

    /// Most forecasts queued at a time.
    pub fn max_jobs(&self) -> usize {
        self.owner.core.max_jobs
    }

    /// Forecasts queued now: those with chunks left to hand out.
    pub fn queued(&self) -> usize {
        lock(&self.owner.core.queue).jobs.len()
    }
}

/// Lowers the calling worker's scheduling priority by [`NICER`] (to at most 19), so that on
/// a busy machine the threads that answer students' keys run first and forecasts take the
/// time left over. Where the system refuses, the worker keeps its priority.
fn yield_to_keys() {
    #[cfg(target_os = "linux")]
    // SAFETY: getpriority and setpriority take no pointer; `who` 0 with PRIO_PROCESS names
    // the calling thread on Linux, whose threads each have their own nice value.
    unsafe {
        let now = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, (now + NICER).min(19));
    }
}

/// How much lower a pool worker runs than the thread that started the pool.
pub const NICER: i32 = 10;

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("threads", &self.threads())
            .field("max_jobs", &self.max_jobs())
            .field("queued", &self.queued())
            .finish()
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        let stopped = {
            let mut queue = lock(&self.core.queue);
            queue.stop = true;
            for entry in &queue.jobs {
                entry.shared().cancel.store(true, Ordering::Relaxed);
            }
            std::mem::take(&mut queue.jobs)
        };
        self.core.ready.notify_all();
        // Releases the queue's holds, so that waiting handles see their batch stopped.
        drop(stopped);
        for h in self.handles.drain(..) {
            // Workers catch the panics of the chunks they play; nothing else can fail.
            let _ = h.join();
        }
    }
}

impl Core {
    /// A worker: takes one chunk at a time from the batch at the front of the queue, until
    /// the pool stops.
    fn work(&self) {
        let mut queue = lock(&self.queue);
        loop {
            if queue.stop {
                return;
            }
            let Some(entry) = queue.jobs.pop_front() else {
                queue = self
                    .ready
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            };
            let shared = entry.shared();
            let chunks = entry.job.chunks();
            // Dropping the entry takes the batch off the queue.
            if shared.cancelled() {
                continue;
            }
            let chunk = shared.next.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks {
                continue;
            }
            // Held before the queue lets go, so that the batch never looks finished early.
            let playing = shared.hold();
            let job = Arc::clone(&entry.job);
            if chunk + 1 < chunks {
                queue.jobs.push_back(entry);
                // An idle worker may take the next chunk (and wake the next in turn).
                self.ready.notify_one();
            } else {
                drop(entry);
            }
            drop(queue);

            let shared = &playing.0;
            if catch_unwind(AssertUnwindSafe(|| job.play(shared, chunk))).is_err() {
                // The panic has been reported on stderr; the batch stops, the worker goes on.
                shared.cancel.store(true, Ordering::Relaxed);
                self.remove(shared);
            }
            drop(playing);
            queue = lock(&self.queue);
        }
    }

    /// Takes a batch off the queue (when it is cancelled).
    pub(super) fn remove(&self, shared: &Arc<Shared>) {
        lock(&self.queue)
            .jobs
            .retain(|entry| !Arc::ptr_eq(entry.shared(), shared));
    }
}

impl Forecast {
    /// Starts the rollouts of a request on a shared pool and returns at once; refused when
    /// the scenario switches the forecast off, the campaign is over, or the pool is full
    /// ([`Unavailable::Busy`]). The results are those of [`Forecast::start`].
    pub fn start_on(request: Request, pool: &Pool) -> Result<Forecast, Unavailable> {
        check(&request)?;
        Forecast::batch_on(request.into(), pool)
    }

    /// Starts any batch on a shared pool and returns at once; refused only when the pool is
    /// full ([`Unavailable::Busy`]). A batch with no rollout is complete at once.
    pub fn batch_on<P: Policy + Clone + Send + Sync + 'static>(
        batch: Batch<P>,
        pool: &Pool,
    ) -> Result<Forecast, Unavailable> {
        let core = &pool.owner.core;
        let total = batch.runs;
        let shared = Arc::new(Shared::new());
        if batch.runs > 0 {
            let mut queue = lock(&core.queue);
            if queue.jobs.len() >= core.max_jobs {
                return Err(Unavailable::Busy);
            }
            queue.jobs.push_back(Entry {
                hold: shared.hold(),
                job: Arc::new(batch),
            });
            drop(queue);
            core.ready.notify_one();
        }
        Ok(Forecast {
            shared,
            total,
            runner: Runner::Pool(Arc::clone(core)),
        })
    }
}

/// Where a session's forecasts run.
#[derive(Clone, Debug)]
pub enum Executor {
    /// Threads of each forecast's own (the local game).
    Threads(NonZeroUsize),
    /// A pool shared with other sessions (`arenas serve`).
    Pool(Pool),
}

impl Default for Executor {
    /// One thread per core for each forecast.
    fn default() -> Executor {
        Executor::Threads(super::default_threads())
    }
}

impl Executor {
    /// Starts a request's rollouts here: [`Forecast::start`] or [`Forecast::start_on`].
    pub fn start(&self, request: Request) -> Result<Forecast, Unavailable> {
        match self {
            Executor::Threads(threads) => Forecast::start(request, *threads),
            Executor::Pool(pool) => Forecast::start_on(request, pool),
        }
    }
}
