//! The load bench of team play: rooms of students, each student at a seat, playing whole
//! campaigns together. Run it, optimised, with
//!
//! ```text
//! cargo test --release --test integration -- --ignored --nocapture serve_load::rooms
//! ```
//!
//! `ARENAS_LOAD_ROOMS` sets the number of rooms (default 20) of `ARENAS_LOAD_SEATS`
//! students each (default 5: the operations room and four members). A student takes their
//! seat from the lobby by arrow keys, then each week presses `j` and `k` and commits; the
//! week resolves when the room's five have committed. Key-to-frame latency counts the
//! first data after a key, which in a room may be a redraw for another seat's move: the
//! figures of team play are an upper bound on how fast the server answers, not the time
//! a key takes.

use super::*;

fn from_env(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[test]
#[ignore = "a load bench: run it optimised, with --ignored --nocapture"]
fn rooms_of_students_play_whole_campaigns() {
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let rooms = from_env("ARENAS_LOAD_ROOMS", 20);
    let seats = from_env("ARENAS_LOAD_SEATS", 5).clamp(1, 7);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "arenas serve team-play bench: {rooms} rooms of {seats} seats; each student a \
         {WIDTH}x{HEIGHT} terminal, {TURNS} weeks, j and k before each commit, {}-{} ms \
         thinking between keys, arrivals over {ARRIVAL:?}",
        THINK_MS.start(),
        THINK_MS.end()
    );
    let n = rooms * seats;
    let f = runtime.block_on(class(n, Play::Rooms { seats }));
    print_figures(n, &f);
    println!("\n{}", table(std::slice::from_ref(&f)));
    assert_eq!(
        f.finished,
        f.students,
        "{} of {} students did not see their room's campaign to its end (see above)",
        f.students - f.finished,
        f.students
    );
}
