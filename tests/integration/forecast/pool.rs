//! The pool many players share: same totals, turns, a bounded queue, panics, priorities, shutdown.

use super::*;

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
