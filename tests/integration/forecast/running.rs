//! A forecast under way: cancelling, dropping, snapshots, an empty request.

use super::*;

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
        // Asked before the snapshot: once the run is complete, the snapshot taken after
        // must hold every run (asked after, a run may end between the two).
        let complete = f.status() == RunState::Complete;
        let s = f.snapshot();
        assert!(s.runs.is_multiple_of(CHUNK) || s.runs == total);
        assert_eq!(s.odds.iter().map(|o| o.count).sum::<u64>(), s.runs);
        assert!(s.us_entry.count <= s.runs);
        assert_eq!(s.hamas_capacity.bins.iter().sum::<u64>(), s.runs);
        seen.push(s.runs);
        if complete {
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
