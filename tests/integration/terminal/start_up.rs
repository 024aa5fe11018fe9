//! Start-up time and peak memory.

use super::*;

/// Start-up to the first whole campaign frame, ten runs, and the peak resident memory
/// over a few turns with why and help. Figures for the release build:
/// `cargo test --release --test terminal -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a test"]
fn start_up_time_and_peak_memory() {
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..10 {
        let spawned = Instant::now();
        let mut s = campaign();
        times.push(spawned.elapsed());
        for turn in 2..=4 {
            s.send("c");
            s.wait_for_text(&format!("Turn {turn}/12"));
        }
        s.send("w");
        s.wait_for_text("Why the meters moved");
        s.send(ESC);
        s.wait_for_no_text("Why the meters moved");
        s.send("?");
        s.wait_for_text("Help — Esc closes");
        let status = std::fs::read_to_string(format!("/proc/{}/status", s.pid)).expect("status");
        let peak = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .map(|v| v.trim().to_owned())
            .expect("VmHWM");
        peaks.push(peak);
        s.send(ESC);
        s.wait_for_no_text("Help — Esc closes");
        s.quit();
    }
    let mut sorted = times.clone();
    sorted.sort();
    eprintln!("first frame: {times:?}");
    eprintln!("first frame median: {:?}", (sorted[4] + sorted[5]) / 2);
    eprintln!("peak resident memory (VmHWM): {peaks:?}");
}
