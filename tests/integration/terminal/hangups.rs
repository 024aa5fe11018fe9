//! A terminal that closes or is not the controlling one ends the game.

use super::*;

/// Closing the terminal while the game waits for input (a window closed, a connection
/// dropped) ends the game promptly, and not by a signal: crossterm 0.29's event source spins
/// on a hung-up terminal inside `event::poll` (crossterm issue #793), so a watcher ends the
/// process after a grace period; restoring a dead terminal is no error. Which of the
/// kernel's two answers the game's read gets (EIO, then 0 for ever) is a race, so three
/// games are hung up.
#[test]
fn closing_the_terminal_ends_the_game() {
    let mut games: Vec<Runner> = (0..3).map(|_| campaign()).collect();
    for s in &mut games {
        s.wait_idle();
        s.hang_up();
    }
    for s in &mut games {
        let Ok(status) = s.exit.recv_timeout(PROMPTLY) else {
            panic!("a game is still running {PROMPTLY:?} after its terminal closed")
        };
        s.exited = true;
        assert_eq!(status.signal(), None, "{status}");
        // 0 when the hang-up is noticed first, 1 when the terminal's read fails first;
        // never a panic (101).
        assert!(matches!(status.exit_code(), 0 | 1), "{status}");
    }
}

/// A game whose terminal is not its controlling terminal gets no SIGHUP when the terminal
/// closes: it sees the hang-up on its own descriptors and ends promptly, not by a signal and
/// without a panic, instead of spinning. Three games, as the kernel's answer is a race.
#[test]
fn closing_a_terminal_that_is_not_the_controlling_one_ends_the_game() {
    let mut games: Vec<Runner> = (0..3)
        .map(|_| {
            let mut s = spawn_detached(&["play", "--seed", "3"]);
            s.wait_for_text("Week 1/12");
            s
        })
        .collect();
    for s in &mut games {
        s.wait_idle();
        s.hang_up();
    }
    for s in &mut games {
        let Ok(status) = s.exit.recv_timeout(PROMPTLY) else {
            panic!("a game is still running {PROMPTLY:?} after its terminal closed")
        };
        s.exited = true;
        assert_eq!(status.signal(), None, "{status}");
        assert!(matches!(status.exit_code(), 0 | 1), "{status}");
    }
}

/// SIGTERM ends a game whose terminal is not its controlling terminal, and the terminal is
/// restored.
#[test]
fn sigterm_ends_a_game_on_a_terminal_that_is_not_the_controlling_one() {
    let mut s = spawn_detached(&["play", "--seed", "3"]);
    s.wait_for_text("Week 1/12");
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.signal(libc::SIGTERM);
    let status = s.wait_exit(PROMPTLY);
    assert!(status.success(), "exit status {status}");
    s.assert_restored();
}

/// SIGTERM right after the terminal closes ends such a game too (it used to spin and ignore
/// SIGTERM).
#[test]
fn sigterm_after_the_terminal_closes_ends_the_game() {
    let mut s = spawn_detached(&["play", "--seed", "3"]);
    s.wait_for_text("Week 1/12");
    s.wait_idle();
    s.hang_up();
    s.signal(libc::SIGTERM);
    let Ok(status) = s.exit.recv_timeout(PROMPTLY) else {
        panic!("the game is still running {PROMPTLY:?} after SIGTERM")
    };
    s.exited = true;
    assert_eq!(status.signal(), None, "{status}");
    assert!(matches!(status.exit_code(), 0 | 1), "{status}");
}

/// The class server's dashboard, on a terminal that closes without a SIGHUP (not its
/// controlling terminal), ends the class promptly instead of spinning inside crossterm's
/// read for ever: its keys are read on a thread of their own, and a watch on its own
/// descriptors sees the hang-up.
#[cfg(feature = "server")]
#[test]
fn closing_the_dashboards_terminal_ends_the_class() {
    let class = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("dashboard-hang-up-{}", std::process::id()));
    let dir = class.to_str().expect("a UTF-8 path");
    let mut s = spawn_detached(&[
        "serve",
        "--class-dir",
        dir,
        "--open",
        "--rooms",
        "1",
        "--listen",
        "127.0.0.1:0",
    ]);
    s.wait_for_text("Arenas class server");
    s.wait_idle();
    s.hang_up();
    let Ok(status) = s.exit.recv_timeout(Duration::from_secs(10)) else {
        panic!("the server is still running 10 s after its terminal closed")
    };
    s.exited = true;
    assert_eq!(status.signal(), None, "{status}");
    assert!(matches!(status.exit_code(), 0 | 1), "{status}");
}
