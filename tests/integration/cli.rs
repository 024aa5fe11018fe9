//! End-to-end tests of the `arenas` binary: exit codes, output formats, diagnostics.

use crate::common;

use common::{TempDir, assert_exit, run, stderr, stdout};

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

const SCENARIO: &str = "assets/scenarios/gaza-2023.toml";
const CALIBRATED: &str = "tests/plans/calibrated.toml";

const OUTCOMES: [&str; 7] = [
    "ceasefire_preserved",
    "ceasefire_degraded",
    "hamas_degraded",
    "us_direct_confrontation",
    "regional_war",
    "axis_fractured",
    "stalemate",
];

/// The bundled scenario file's text.
fn scenario_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SCENARIO))
        .expect("read the bundled scenario")
}

/// `text` with its only occurrence of `from` replaced by `to`.
fn edited(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur exactly once"
    );
    text.replacen(from, to, 1)
}

/// 1-based line and column (in characters) of `part` inside the only occurrence of
/// `snippet` in `text`.
fn position(text: &str, snippet: &str, part: &str) -> (usize, usize) {
    assert_eq!(
        text.matches(snippet).count(),
        1,
        "`{snippet}` must occur exactly once"
    );
    let start = text.find(snippet).expect("snippet is present")
        + snippet.find(part).expect("`part` is inside `snippet`");
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Asserts that every line of `stderr` is a diagnostic `FILE:LINE:COL: error: …` for
/// `file` or a `  hint: …` line, and returns the positions of the diagnostics.
fn diagnostics(stderr: &str, file: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("  hint: ") {
            continue;
        }
        let rest = line
            .strip_prefix(file)
            .and_then(|r| r.strip_prefix(':'))
            .unwrap_or_else(|| panic!("not a diagnostic for {file}: {line:?}"));
        let mut parts = rest.splitn(3, ':');
        let num = |p: Option<&str>| {
            p.and_then(|s| s.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("no line:col in {line:?}"))
        };
        let (l, c) = (num(parts.next()), num(parts.next()));
        let message = parts
            .next()
            .and_then(|m| m.strip_prefix(" error: "))
            .unwrap_or_else(|| panic!("no ` error: ` in {line:?}"));
        assert!(l >= 1 && c >= 1, "{line:?}");
        found.push((l, c, message.to_owned()));
    }
    assert!(!found.is_empty(), "no diagnostics on stderr:\n{stderr}");
    found
}

/// Runs `arenas sim` on the calibrated plan and returns stdout.
fn sim(extra: &[&str]) -> String {
    let mut args = vec!["sim", "--plan", CALIBRATED];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_exit(&out, 0);
    stdout(&out)
}

// ---------------------------------------------------------------- scenario check

#[test]
fn check_accepts_the_bundled_scenario_with_a_one_line_summary() {
    let out = run(["scenario", "check", SCENARIO]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "one line expected:\n{text}");
    assert!(text.starts_with(SCENARIO), "{text}");
    assert!(text.contains("gaza-2023"), "{text}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn check_reports_errors_with_positions_and_leaves_the_file_alone() {
    let text = edited(&scenario_text(), "turns = 12", "turns = \"twelve\"");
    let dir = TempDir::new("check-bad");
    let path = dir.write("bad.toml", text.as_bytes());
    let file = path.display().to_string();

    let out = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&out, 2);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let found = diagnostics(&stderr(&out), &file);
    let (line, col) = position(&text, "turns = \"twelve\"", "\"twelve\"");
    assert_eq!((found[0].0, found[0].1), (line, col), "{}", stderr(&out));
    assert_eq!(
        found[0].2,
        "`turns`: expected a whole number from 1 to 104, found the text \"twelve\""
    );
    assert!(stderr(&out).contains("\n  hint: "), "{}", stderr(&out));

    let after = std::fs::read(&path).expect("the bad file still exists");
    assert_eq!(after, text.as_bytes(), "check must not modify the file");
}

#[test]
fn check_reports_every_problem_of_a_file_one_per_line() {
    // A duplicate front id also leaves the references to the renamed front dangling.
    let text = edited(&scenario_text(), "id = \"west_bank\"", "id = \"gaza\"");
    let dir = TempDir::new("check-many");
    let path = dir.write("dup.toml", text.as_bytes());

    let out = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    assert!(found.len() >= 2, "{}", stderr(&out));
    assert!(
        found.iter().any(|d| d.2.contains("duplicate id `gaza`")),
        "{}",
        stderr(&out)
    );
    assert!(
        found
            .iter()
            .any(|d| d.2.contains("no front has id `west_bank`")),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).expect("file kept"), text.as_bytes());
}

#[test]
fn check_refuses_a_directory() {
    let dir = TempDir::new("check-dir");
    let out = run(["scenario".as_ref(), "check".as_ref(), dir.dir().as_os_str()]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &dir.dir().display().to_string());
    assert!(found[0].2.contains("folder"), "{}", stderr(&out));
    assert!(dir.dir().is_dir(), "the directory must survive");
}

#[test]
fn check_reports_a_missing_file() {
    let dir = TempDir::new("check-missing");
    let path = dir.dir().join("nowhere.toml");
    let out = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    assert!(found[0].2.contains("cannot open"), "{}", stderr(&out));
    assert!(!path.exists(), "check must not create the file");
}

#[test]
fn check_reports_a_file_that_is_not_text() {
    let dir = TempDir::new("check-binary");
    let bytes = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe,
    ];
    let path = dir.write("image.toml", bytes);
    let out = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    assert!(found[0].2.contains("UTF-8"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).expect("file kept"), bytes);
}

#[test]
fn check_reports_an_empty_file() {
    let dir = TempDir::new("check-empty");
    let path = dir.write("empty.toml", b"");
    let out = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    assert_eq!((found[0].0, found[0].1), (1, 1), "{}", stderr(&out));
}

// ---------------------------------------------------------------- sim: JSON

#[test]
fn sim_prints_a_json_summary() {
    let json: Value =
        serde_json::from_str(&sim(&["--runs", "300", "--seed", "7"])).expect("stdout is JSON");
    assert_eq!(json["runs"], 300);

    let outcomes = json["outcomes"]
        .as_object()
        .expect("`outcomes` is an object");
    let ids: BTreeSet<&str> = outcomes.keys().map(String::as_str).collect();
    assert_eq!(ids, OUTCOMES.into_iter().collect::<BTreeSet<_>>());
    let mut total = 0.0;
    for (id, share) in outcomes {
        let share = share
            .as_f64()
            .unwrap_or_else(|| panic!("outcome {id} is not a number"));
        assert!((0.0..=1.0).contains(&share), "{id} = {share}");
        // Each share is a whole number of runs out of 300.
        let runs = share * 300.0;
        assert!(
            (runs - runs.round()).abs() < 1e-6,
            "{id} = {share} is not k/300"
        );
        total += share;
    }
    assert!((total - 1.0).abs() <= 1e-9, "outcome shares sum to {total}");

    let mean = json["mean"].as_object().expect("`mean` is an object");
    for (key, lo, hi) in [
        ("ambiguity_0_100", 0.0, 100.0),
        ("risk_distribution_0_1", 0.0, 1.0),
        ("us_entry_pct", 0.0, 100.0),
        ("escalation_0_100", 0.0, 100.0),
        ("hamas_capacity_0_100", 0.0, 100.0),
        ("international_pressure_0_100", 0.0, 100.0),
        ("us_pressure_0_100", 0.0, 100.0),
        ("cohesion_0_100", 0.0, 100.0),
        ("turns", 1.0, 12.0),
    ] {
        let v = mean
            .get(key)
            .and_then(Value::as_f64)
            .unwrap_or_else(|| panic!("mean.{key} missing or not a number"));
        assert!(
            (lo..=hi).contains(&v),
            "mean.{key} = {v} is outside {lo}–{hi}"
        );
    }
}

#[test]
fn sim_is_deterministic_for_a_seed() {
    let args = ["--runs", "300", "--seed", "7"];
    assert_eq!(sim(&args), sim(&args));
}

#[test]
fn sim_depends_on_the_seed() {
    assert_ne!(
        sim(&["--runs", "300", "--seed", "7"]),
        sim(&["--runs", "300", "--seed", "8"])
    );
}

#[test]
fn sim_does_not_depend_on_the_thread_count() {
    let one = sim(&["--runs", "301", "--seed", "7", "--threads", "1"]);
    for threads in ["2", "3", "8"] {
        assert_eq!(
            one,
            sim(&["--runs", "301", "--seed", "7", "--threads", threads]),
            "--threads {threads}"
        );
    }
}

#[test]
fn sim_golden_calibrated_200_runs_seed_42() {
    insta::assert_snapshot!(
        "sim_calibrated_200_seed_42",
        sim(&["--runs", "200", "--seed", "42"])
    );
}

#[test]
fn sim_accepts_the_scenario_as_a_file_or_a_bundled_id() {
    let args = ["--runs", "50", "--seed", "3"];
    let default = sim(&args);
    assert_eq!(
        default,
        sim(&[&args[..], &["--scenario", "gaza-2023"]].concat())
    );
    assert_eq!(
        default,
        sim(&[&args[..], &["--scenario", SCENARIO]].concat())
    );
}

// ---------------------------------------------------------------- sim: text

#[test]
fn sim_text_prints_a_table() {
    let text = sim(&["--runs", "100", "--seed", "7", "--format", "text"]);
    assert!(text.starts_with("100 runs"), "{text}");
    for name in [
        "Regional war",
        "Stalemate",
        "US direct confrontation",
        "Axis fractured",
    ] {
        assert!(text.contains(name), "`{name}` missing from:\n{text}");
    }
    assert!(text.contains("cohesion"), "{text}");
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "text output must not be JSON"
    );
}

#[test]
fn sim_text_aligns_the_share_column() {
    let text = sim(&["--runs", "100", "--seed", "7", "--format", "text"]);
    let ends: BTreeSet<usize> = text
        .lines()
        .filter(|l| l.ends_with('%') && !l.starts_with("US entry"))
        .map(|l| l.chars().count())
        .collect();
    assert_eq!(ends.len(), 1, "shares end in different columns:\n{text}");
}

// ---------------------------------------------------------------- bad usage

#[test]
fn sim_without_a_plan_is_a_usage_error() {
    let out = run(["sim"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("Usage:") && err.contains("--plan"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn sim_with_zero_runs_is_a_usage_error() {
    let out = run(["sim", "--plan", "x", "--runs", "0"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--runs"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn sim_with_zero_threads_is_a_usage_error() {
    let out = run(["sim", "--plan", CALIBRATED, "--threads", "0"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--threads"), "{}", stderr(&out));
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = run(["frobnicate"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("frobnicate"), "{}", stderr(&out));
}

// ---------------------------------------------------------------- sim: bad files

#[test]
fn sim_with_a_bad_plan_reports_the_plan_file() {
    let plan = "[[turn]]\nfrom = 1\norders = [\n  { faction = \"houthis\", front = \"yemen\", task = \"harass_us\", intensity = 1, claim = \"claimed\" },\n]\n";
    let dir = TempDir::new("sim-bad-plan");
    let path = dir.write("plan.toml", plan.as_bytes());
    let out = run([
        "sim".as_ref(),
        "--plan".as_ref(),
        path.as_os_str(),
        "--runs".as_ref(),
        "10".as_ref(),
    ]);
    assert_exit(&out, 2);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    let (line, col) = position(plan, "\"harass_us\"", "\"harass_us\"");
    assert_eq!((found[0].0, found[0].1), (line, col), "{}", stderr(&out));
    assert!(
        found[0]
            .2
            .starts_with("turn 1: houthis may not use task `harass_us`"),
        "{}",
        found[0].2
    );
    assert_eq!(std::fs::read(&path).expect("plan kept"), plan.as_bytes());
}

#[test]
fn sim_with_a_missing_plan_is_an_error() {
    let dir = TempDir::new("sim-missing-plan");
    let path = dir.dir().join("none.toml");
    let out = run([
        "sim".as_ref(),
        "--plan".as_ref(),
        path.as_os_str(),
        "--runs".as_ref(),
        "10".as_ref(),
    ]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    assert!(found[0].2.contains("cannot open"), "{}", stderr(&out));
}

#[test]
fn sim_with_a_bad_scenario_file_reports_the_scenario() {
    let text = edited(&scenario_text(), "autonomy = 0.8", "autonomy = 1.5");
    let dir = TempDir::new("sim-bad-scenario");
    let path = dir.write("scenario.toml", text.as_bytes());
    let out = run([
        "sim".as_ref(),
        "--scenario".as_ref(),
        path.as_os_str(),
        "--plan".as_ref(),
        CALIBRATED.as_ref(),
        "--runs".as_ref(),
        "10".as_ref(),
    ]);
    assert_exit(&out, 2);
    let found = diagnostics(&stderr(&out), &path.display().to_string());
    let (line, col) = position(&text, "autonomy = 1.5", "1.5");
    assert_eq!((found[0].0, found[0].1), (line, col), "{}", stderr(&out));
    assert!(
        found[0].2.contains("autonomy = 1.5 is out of range"),
        "{}",
        found[0].2
    );
}

// ---------------------------------------------------------------- forecast modes, predictions

#[test]
fn play_takes_the_class_settings_of_the_forecast_and_predictions() {
    // Accepted: the command goes on to look for a terminal, which a test has not.
    let dir = TempDir::new("play-class-settings");
    let save = dir.path("handout.toml");
    let out = run([
        "handout".as_ref(),
        "--history".as_ref(),
        "--until".as_ref(),
        "2".as_ref(),
        save.as_os_str(),
    ]);
    assert_exit(&out, 0);
    let save = save.to_string_lossy().into_owned();
    for args in [
        vec!["play", "--forecast", "off"],
        vec!["play", "--forecast", "limited", "--forecast-limit", "5"],
        vec!["play", "--forecast", "full", "--predict"],
        vec!["play", "--predict", "--load", &save],
    ] {
        let out = run(&args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).starts_with("error: arenas play needs a terminal"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Refused before any terminal is looked for.
    let out = run(["play", "--forecast", "sometimes"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("[possible values: full, limited, off]"),
        "{}",
        stderr(&out)
    );
    let out = run(["play", "--forecast", "limited", "--forecast-limit", "0"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("--forecast-limit"),
        "{}",
        stderr(&out)
    );
    for args in [
        vec!["play", "--forecast-limit", "5"],
        vec!["play", "--forecast", "off", "--forecast-limit", "5"],
    ] {
        let out = run(&args);
        assert_exit(&out, 2);
        assert_eq!(
            stderr(&out),
            "error: --forecast-limit sets the forecasts of a limited forecast: add --forecast \
             limited\n",
            "{args:?}"
        );
    }
}

#[cfg(feature = "server")]
#[test]
fn serve_takes_the_same_class_settings() {
    let help = stdout(&run(["serve", "--help"]));
    for flag in ["--forecast <MODE>", "--forecast-limit <N>", "--predict"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    // A limit without a limited forecast is refused before the server starts.
    let dir = TempDir::new("serve-forecast-limit");
    let out = run([
        "serve".as_ref(),
        "--class-dir".as_ref(),
        dir.dir().as_os_str(),
        "--open".as_ref(),
        "--forecast-limit".as_ref(),
        "4".as_ref(),
    ]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("add --forecast limited"),
        "{}",
        stderr(&out)
    );
    assert!(
        dir.files().is_empty(),
        "nothing was started: {:?}",
        dir.files()
    );
    let out = run(["serve", "--open", "--class-dir", "x", "--forecast", "never"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("possible values"), "{}", stderr(&out));
}
