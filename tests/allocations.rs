//! The engine allocates nothing once a campaign is set up: whole campaigns, copies of a
//! state and single turns are counted by a global allocator that tallies every call made
//! on the counting thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use arenas::engine::{Schedule, Silent, State, play, rng_from_seed, start, step};

struct Counting;

thread_local! {
    /// Allocations made by this thread while counting, or `None` when not counting.
    static COUNT: Cell<Option<u64>> = const { Cell::new(None) };
}

fn tally() {
    // `try_with`: the allocator may be called while the thread's locals are torn down.
    let _ = COUNT.try_with(|c| c.set(c.get().map(|n| n + 1)));
}

// SAFETY: every call is passed to the system allocator unchanged; counting touches only a
// thread-local cell that needs no allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        tally();
        // SAFETY: the caller's guarantees are the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        tally();
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations `f` makes on this thread, with its result.
fn allocations<T>(f: impl FnOnce() -> T) -> (u64, T) {
    COUNT.with(|c| c.set(Some(0)));
    let out = f();
    let n = COUNT.with(|c| c.replace(None)).unwrap_or(0);
    (n, out)
}

fn calibrated() -> (arenas::engine::Scenario, Schedule) {
    let sc = arenas::scenario::default_scenario().scenario;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/calibrated.toml");
    let schedule = arenas::plan::load_file(&path, &sc).unwrap_or_else(|d| panic!("{d}"));
    (sc.as_ref().clone(), schedule)
}

#[test]
fn the_counter_sees_an_allocation() {
    let (n, v) = allocations(|| vec![1u8; 64]);
    assert_eq!((n, v.len()), (1, 64));
}

#[test]
fn campaigns_allocate_nothing() {
    let (sc, plan) = calibrated();
    let restraint = Schedule::constant(Vec::new());
    let history = sc.historical_course();
    for schedule in [&plan, &restraint, &history] {
        let mut turns = 0;
        let mut ends = std::collections::BTreeSet::new();
        for seed in 0..300 {
            let (n, state) = allocations(|| play(&sc, seed, &mut &*schedule));
            assert_eq!(n, 0, "campaign {seed} allocated {n} times");
            turns += usize::from(state.turn);
            ends.insert(format!("{:?}", state.outcome));
        }
        // The seeds cover long campaigns and several endings, not one short path.
        assert!(turns > 300 * 4, "{turns} turns in 300 campaigns");
        assert!(ends.len() >= 2, "{ends:?}");
    }
}

#[test]
fn a_copied_state_steps_without_allocating() {
    let (sc, plan) = calibrated();
    let mut rng = rng_from_seed(7);
    let first = start(&sc, &mut rng, &mut Silent);
    let (n, state) = allocations(|| {
        let mut s: State = first.clone();
        step(&sc, &mut s, plan.turn(1), &mut rng, &mut Silent);
        s
    });
    assert_eq!(n, 0);
    assert_eq!(state.turn, 2);
}
