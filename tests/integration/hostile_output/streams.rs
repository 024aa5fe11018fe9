//! Closed pipes, full disks, no terminal, seeds, bad saves in a report.

use super::*;

#[test]
fn a_closed_pipe_ends_the_output_quietly_and_a_full_disk_gives_exit_74() {
    let save = "saves/late-november-truce.toml";
    for args in [
        vec![&"report" as &dyn AsRef<OsStr>, &save],
        vec![&"report", &"--format", &"csv", &save, &save],
        vec![&"scenario", &"schema"],
        vec![&"sim", &"--history", &"--runs", &"2"],
        vec![&"--help"],
    ] {
        let out = into_closed_pipe(&args);
        assert_exit(&out, 0);
        assert_eq!(stderr(&out), "", "a closed pipe is no error");
    }
    // Exit codes other than 0 are kept: the report skipped a save.
    let out = into_closed_pipe(&[&"report", &save, &"Cargo.toml"]);
    assert_exit(&out, 3);

    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(["report", save])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .expect("run arenas");
    assert_exit(&out, 74);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot write to stdout: ") && err.lines().count() == 2,
        "{err}"
    );
}

#[test]
fn the_interface_without_a_terminal_says_so() {
    for (args, command) in [
        (vec!["play"], "arenas play"),
        (vec![], "arenas"),
        (
            vec!["replay", "saves/late-november-truce.toml"],
            "arenas replay",
        ),
    ] {
        let out = run(&args);
        assert_exit(&out, 2);
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "error: {command} needs a terminal; stdout is not one — run it in a terminal, or "
            )) && err.lines().count() == 1,
            "{err}"
        );
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn seeds_stay_within_the_range_a_save_holds() {
    let dir = TempDir::new("seeds");
    // Base seeds whose first run's seed has the top bit set, and the largest seed.
    for seed in ["1", "2", "9223372036854775807"] {
        let path = dir.path(&format!("seed-{seed}.toml"));
        let out = arenas(&[
            &"sim",
            &"--history",
            &"--runs",
            &"1",
            &"--seed",
            &seed,
            &"--save",
            &path,
        ]);
        assert_exit(&out, 0);
        let text = std::fs::read_to_string(&path).expect("the save");
        let table: toml::Table = toml::from_str(&text).expect("a save is TOML");
        let written = table["seed"].as_integer().expect("an integer seed");
        assert!(written >= 0, "{written}");
        assert_exit(&arenas(&[&"replay", &path, &"--check"]), 0);
        // The same seed gives the same save.
        let again = dir.path("again.toml");
        let out = arenas(&[
            &"sim",
            &"--history",
            &"--runs",
            &"1",
            &"--seed",
            &seed,
            &"--save",
            &again,
        ]);
        assert_exit(&out, 0);
        assert_eq!(std::fs::read(&again).expect("read"), text.into_bytes());
    }
    for command in ["sim", "balance", "play"] {
        let out = run([command, "--seed", "9223372036854775808"]);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains(
                "invalid value '9223372036854775808' for '--seed <SEED>': a seed is a whole \
                 number from 0 to 9223372036854775807"
            ),
            "{command}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn report_skips_a_bad_save_with_a_warning_and_reports_the_rest() {
    let dir = TempDir::new("report-skips");
    let good = [
        "saves/after-nasrallah-speech.toml",
        "saves/late-november-truce.toml",
        "saves/mid-november-us-pressure.toml",
    ];
    let bad = dir.write("bad.toml", "format = 1\nseed = \"x\"\n");
    for format in ["md", "csv"] {
        let out = arenas(&[
            &"report",
            &"--format",
            &format,
            &good[0],
            &bad,
            &good[1],
            &good[2],
        ]);
        assert_exit(&out, 3);
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(
            lines[0].starts_with(&format!("{}:", bad.display()))
                && lines[0].contains(": warning: skipped this save: "),
            "{err}"
        );
        assert_eq!(
            lines[1],
            "warning: 1 of 4 saves skipped (named above); the report covers the other 3"
        );
        let report = stdout(&out);
        for save in good {
            assert!(report.contains(save), "{save} missing:\n{report}");
        }
        // The report itself names the file it skipped, and why.
        assert!(
            report
                .lines()
                .any(|l| l.contains("bad.toml") && l.contains("skipped: not an Arenas file")),
            "{report}"
        );
    }
    // None readable: exit 2 and nothing on stdout.
    let out = arenas(&[&"report", &bad, &"Cargo.toml"]);
    assert_exit(&out, 2);
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("error: none of the 2 saves could be read"),
        "{}",
        stderr(&out)
    );
    // One save asked for and unreadable: every problem, exit 2.
    let out = arenas(&[&"report", &bad]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains(": error: "), "{}", stderr(&out));
}
