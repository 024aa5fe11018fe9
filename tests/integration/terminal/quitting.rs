//! Quitting, declining to, Ctrl-C and signals give the terminal back.

use super::*;

#[test]
fn play_commit_help_and_quit_restore_the_terminal() {
    let mut s = campaign();
    let screen = s.screen();
    assert!(screen.alternate_screen(), "not on the alternate screen");
    assert!(screen.hide_cursor(), "the cursor shows during play");
    assert_ne!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "no mouse capture during play"
    );
    assert!(
        !sgr_colours(&s.raw).is_empty(),
        "no colour without NO_COLOR"
    );
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.wait_for_text("Week 1 resolved");
    s.send("?");
    s.wait_for_text("Help — Esc closes");
    s.send(ESC);
    s.wait_for_no_text("Help — Esc closes");
    s.quit();
}

/// A save whose scenario was made easier and sealed anew: the player sees, before playing
/// on, that its rules differ from the bundled scenario's.
#[test]
fn resuming_a_save_whose_rules_differ_says_so_on_screen() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = std::fs::read_to_string(root.join("saves/after-nasrallah-speech.toml"))
        .expect("read the shipped save");
    let (text, _) = saves::easier_rules(&shipped);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("rules-differ-{}.toml", std::process::id()));
    std::fs::write(&path, text).expect("write the save");
    let mut s = spawn(
        &["play", "--load", path.to_str().expect("UTF-8 path")],
        (80, 24),
        false,
    );
    s.wait_for_text("rules differ from gaza-2023");
    s.quit();
    let _ = std::fs::remove_file(&path);
}

#[test]
fn quit_can_be_declined() {
    let mut s = campaign();
    s.send("q");
    s.wait_for_text("Quit Arenas?");
    s.send("n");
    s.wait_for_no_text("Quit Arenas?");
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.quit();
}

#[test]
fn ctrl_c_leaves_at_once_and_restores_the_terminal() {
    let mut s = campaign();
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.send(CTRL_C);
    let status = s.wait_exit(PROMPTLY);
    assert!(status.success(), "exit status {status}");
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores(libc::SIGHUP);
}
