//! The progress line of a batch.

use super::*;

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
