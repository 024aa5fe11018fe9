//! The command line of saves, replays, reports and scenario sharing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run arenas")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "arenas-cli-saves-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn sim_saves_one_campaign_that_replays_and_reports() {
    let dir = scratch();
    let save = dir.join("one.toml");
    let out = run(&[
        "sim",
        "--plan",
        "tests/plans/calibrated.toml",
        "--runs",
        "1",
        "--seed",
        "9",
        "--save",
        s(&save),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = dir.join("two.toml");
    assert!(
        run(&[
            "sim",
            "--plan",
            "tests/plans/calibrated.toml",
            "--runs",
            "1",
            "--seed",
            "9",
            "--save",
            s(&again)
        ])
        .status
        .success()
    );
    assert_eq!(
        fs::read(&save).expect("read"),
        fs::read(&again).expect("read"),
        "the same game gives the same bytes"
    );

    let check = run(&["replay", s(&save), "--check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("every hash matches"));

    let md = run(&["report", s(&save)]);
    assert!(md.status.success());
    let md = text(&md.stdout);
    assert!(
        md.starts_with("# Debrief") && md.contains("## Discussion questions"),
        "{md}"
    );

    let class = run(&[
        "report",
        s(&save),
        "saves/after-nasrallah-speech.toml",
        "saves/late-november-truce.toml",
    ]);
    let class = text(&class.stdout);
    assert!(class.starts_with("# Class summary"), "{class}");
    let table: Vec<&str> = class
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| file"))
        .collect();
    assert_eq!(
        table.len(),
        5,
        "three saves, the mean and the median: {class}"
    );
    assert!(table[3].starts_with("| mean |") && table[4].starts_with("| median |"));
    // The class's outcomes beside the historical course and restraint.
    assert!(
        class.contains("## Outcomes of `gaza-2023` (3 campaigns)"),
        "{class}"
    );
    assert!(class.contains("| outcome | class | historical course | restraint |"));

    let csv = run(&[
        "report",
        "--format",
        "csv",
        s(&save),
        "saves/mid-november-us-pressure.toml",
    ]);
    let csv = text(&csv.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[0].starts_with(
            "file,name,scenario,version,campaign,seed,start,turns,outcome,deniable_share,ambiguity"
        ),
        "{csv}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.split(',').count() == lines[0].split(',').count() || l.contains('"'))
    );
}

#[test]
fn sim_save_needs_a_single_run() {
    let dir = scratch();
    let out = run(&[
        "sim",
        "--history",
        "--runs",
        "5",
        "--save",
        s(&dir.join("x.toml")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("x.toml").exists());
}

#[test]
fn replay_check_refuses_an_edited_save() {
    let dir = scratch();
    let original = fs::read_to_string("saves/late-november-truce.toml").expect("read");
    let third = original
        .match_indices("hash = \"")
        .nth(2)
        .expect("third hash")
        .0
        + 8;
    let digit = if &original[third..third + 1] == "a" {
        "b"
    } else {
        "a"
    };
    let edited = format!("{}{digit}{}", &original[..third], &original[third + 1..]);
    let path = dir.join("edited.toml");
    fs::write(&path, &edited).expect("write");
    let out = run(&["replay", s(&path), "--check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("changed after Arenas wrote it"), "{err}");
    assert!(err.contains(":2:8:"), "the seal's line and column: {err}");
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        edited,
        "a save that fails to load is left untouched"
    );
}

#[test]
fn check_takes_scenarios_saves_and_plans() {
    for (file, says) in [
        ("assets/scenarios/gaza-2023.toml", "scenario `gaza-2023`"),
        ("saves/after-nasrallah-speech.toml", "save of `gaza-2023`"),
        ("tests/plans/calibrated.toml", "plan for `gaza-2023`"),
    ] {
        let out = run(&["scenario", "check", file]);
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains(says),
            "{file}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn scenario_new_writes_a_template_that_passes_check_and_never_overwrites() {
    let dir = scratch();
    let path = dir.join("mine.toml");
    let out = run(&["scenario", "new", s(&path)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(run(&["scenario", "check", s(&path)]).status.success());
    fs::write(&path, "my edits").expect("write");
    let again = run(&["scenario", "new", s(&path)]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&path).expect("read"), "my edits");
}

#[test]
fn scenario_list_and_schema() {
    let list = run(&["scenario", "list"]);
    assert!(list.status.success());
    assert!(
        text(&list.stdout).contains("gaza-2023") && text(&list.stdout).contains("scenarios folder")
    );
    let schema = run(&["scenario", "schema"]);
    assert!(schema.status.success());
    let v: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("JSON");
    assert!(
        v.get("properties").and_then(|p| p.get("faction")).is_some(),
        "{v}"
    );
}

#[test]
fn play_refuses_a_bad_save_before_touching_the_terminal() {
    let dir = scratch();
    let path = dir.join("bad.toml");
    fs::write(&path, "format = 1\nseed = \"x\"\n").expect("write");
    let out = run(&["play", "--load", s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(&format!("{}:", path.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn report_refuses_edited_saves_unless_asked_and_then_marks_them() {
    let dir = scratch();
    let good = "saves/after-nasrallah-speech.toml";
    let original = fs::read_to_string("saves/late-november-truce.toml").expect("read");
    // An instructor renames the campaign by hand: the seal no longer holds.
    let edited = dir.join("renamed.toml");
    fs::write(
        &edited,
        original.replacen("name = \"Late November", "name = \"Renamed", 1),
    )
    .expect("write");
    // A save of an earlier model of the rules, refused whatever the flag.
    let legacy = "tests/golden/finished-v3.toml";

    let alone = run(&["report", s(&edited)]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(text(&alone.stderr).contains("changed after Arenas wrote it"));
    assert!(text(&alone.stderr).contains("--include-edited"));

    let class = run(&["report", good, s(&edited), legacy]);
    assert_eq!(class.status.code(), Some(3), "{}", text(&class.stderr));
    let err = text(&class.stderr);
    assert!(
        err.contains("renamed.toml:2:8: warning: skipped this save"),
        "{err}"
    );
    let refused = "finished-v3.toml:3:10: warning: skipped this save: this save was made by \
                   Arenas 0.2 under the second model of the rules";
    assert!(err.contains(refused), "{err}");
    let md = text(&class.stdout);
    assert!(md.contains("after-nasrallah-speech.toml") && md.contains("| sealed |"));
    // Not a row of the table: only named with why it was skipped.
    assert!(!md.contains("| Renamed"), "{md}");
    assert!(
        md.lines().any(|l| l.contains("renamed.toml")
            && l.contains("skipped: this save was changed after Arenas wrote it")),
        "{md}"
    );

    let marked = run(&["report", "--include-edited", good, s(&edited), legacy]);
    assert_eq!(marked.status.code(), Some(3), "{}", text(&marked.stderr));
    assert!(text(&marked.stderr).contains(refused));
    let md = text(&marked.stdout);
    let row = |file: &str| {
        md.lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no row for {file}: {md}"))
            .to_owned()
    };
    // The file check is the column before the rules check, the last.
    let bundled = &arenas::scenario::default_scenario().scenario.meta.version;
    let same = format!("| same as gaza-2023 {bundled} |");
    assert!(
        md.lines()
            .filter(|l| l.contains("finished-v3.toml"))
            .all(|l| l.contains("skipped: this save was made by Arenas 0.2")),
        "{md}"
    );
    assert!(
        row("renamed.toml").ends_with(&format!("| EDITED {same}")),
        "{md}"
    );
    assert!(row("renamed.toml").contains("Renamed"), "{md}");
    assert!(
        row("after-nasrallah-speech.toml").ends_with(&format!("| sealed {same}")),
        "{md}"
    );
    let csv = run(&[
        "report",
        "--format",
        "csv",
        "--include-edited",
        good,
        s(&edited),
    ]);
    let csv = text(&csv.stdout);
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",file_check,rules_check")),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.contains("renamed.toml")
        && l.ends_with(&format!(",EDITED,same as gaza-2023 {bundled}"))));

    let one = run(&["report", "--include-edited", s(&edited)]);
    assert!(one.status.success());
    assert!(text(&one.stdout).starts_with("> **EDITED**: this save was changed"));
}

#[test]
fn replay_check_refuses_a_save_of_an_earlier_model_and_passes_a_sealed_one() {
    let out = run(&["replay", "tests/golden/finished-v3.toml", "--check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).is_empty());
    assert!(
        text(&out.stderr).contains("under the second model of the rules"),
        "{}",
        text(&out.stderr)
    );
    let sealed = run(&["replay", "tests/golden/finished-v4.toml", "--check"]);
    assert!(sealed.status.success(), "{}", text(&sealed.stderr));
    assert!(text(&sealed.stdout).contains("every hash matches"));
    assert!(text(&sealed.stderr).is_empty());
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_an_error_not_a_signal_and_leaves_no_temporary_file() {
    let dir = scratch();
    let save = dir.join("big.toml");
    // 4 KiB is far less than a save; the shell applies the limit to the game alone.
    let out = Command::new("sh")
        .arg("-c")
        .arg(
            "ulimit -f 8 && exec \"$0\" sim --plan tests/plans/calibrated.toml --runs 1 \
             --seed 9 --save \"$1\"",
        )
        .arg(env!("CARGO_BIN_EXE_arenas"))
        .arg(&save)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run under a file-size limit");
    assert_eq!(
        out.status.code(),
        Some(2),
        "killed by a signal? {:?}",
        out.status
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("big.toml") && err.contains("cannot write"),
        "{err}"
    );
    let left: Vec<_> = fs::read_dir(&dir).expect("list").collect();
    assert!(left.is_empty(), "nothing is left behind: {left:?}");
}
