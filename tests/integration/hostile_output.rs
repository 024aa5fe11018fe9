//! The command line under abuse, against the real binary:
//!
//! - files whose names, ids, titles, unknown keys and values are full of control
//!   characters, escape sequences and bidirectional overrides: no command lets one through
//!   to stdout or stderr;
//! - reports: CSV cells that a spreadsheet would read as formulas are neutralised, and the
//!   Markdown shows HTML and `|` as text;
//! - a closed pipe ends the output quietly, a full disk gives exit 74, never a panic;
//! - `play` without a terminal says so;
//! - seeds stay within TOML's integer range;
//! - `report` skips a bad save with a warning and reports the rest.

use crate::common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::{TempDir, assert_exit, run, stderr, stdout};

/// Every C0 control but NUL, DEL, every C1 control, an OSC that retitles the terminal, a
/// CSI that clears it, an OSC 52 that writes the clipboard, and a right-to-left override.
fn payload() -> String {
    let mut p: String = (1u8..0x20).map(char::from).collect();
    p.push('\u{7f}');
    p.extend('\u{80}'..='\u{9f}');
    p + "\u{1b}]0;title\u{7}\u{1b}[2J\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{202e}"
}

/// Whether `c` must never reach stdout or stderr.
fn forbidden(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Asserts that `out` came from a run that did not panic and wrote nothing forbidden.
#[track_caller]
fn assert_clean(out: &Output, what: &str) {
    assert_ne!(out.status.code(), Some(101), "{what} panicked");
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = std::str::from_utf8(bytes)
            .unwrap_or_else(|e| panic!("{what}: {stream} is not UTF-8: {e}"));
        if let Some(c) = text.chars().find(|&c| forbidden(c)) {
            panic!("{what}: {stream} holds U+{:04X}:\n{text:?}", u32::from(c));
        }
    }
}

/// Runs `arenas ARGS` (paths included) from the crate root.
fn arenas(args: &[&dyn AsRef<OsStr>]) -> Output {
    run(args.iter().map(|a| a.as_ref()))
}

/// The bundled scenario as a TOML table.
fn bundled() -> toml::Table {
    toml::from_str(arenas::scenario::BUNDLED[0].text).expect("the bundled scenario parses")
}

/// Text fields whose values a scenario may hold freely (within its length limits).
const TEXT_KEYS: [&str; 8] = [
    "title",
    "author",
    "description",
    "version",
    "name",
    "role",
    "text",
    "note",
];

/// Gives every free text field of `value`, at any depth, the payload (after the first
/// letters of what it held, so that the texts stay distinct and visible).
fn poison(value: &mut toml::Value, payload: &str) {
    match value {
        toml::Value::Table(t) => {
            for (key, v) in t.iter_mut() {
                match v {
                    toml::Value::String(s) if TEXT_KEYS.contains(&key.as_str()) => {
                        let start: String = s.chars().take(8).collect();
                        *s = format!("{start}{payload}");
                    }
                    _ => poison(v, payload),
                }
            }
        }
        toml::Value::Array(a) => a.iter_mut().for_each(|v| poison(v, payload)),
        _ => {}
    }
}

/// Hostile files in a scratch folder, each under a name full of the payload.
struct Hostile {
    dir: TempDir,
    /// A valid scenario whose every text holds the payload.
    scenario: PathBuf,
    /// A scenario with an unknown key made of the payload.
    unknown_key: PathBuf,
    /// A scenario with a faction id made of the payload (and a bad value type).
    bad_id: PathBuf,
    /// A plan naming a faction by the payload, with an unknown key.
    plan: PathBuf,
    /// A valid save of the hostile scenario whose name holds the payload.
    save: PathBuf,
}

impl Hostile {
    fn new() -> Hostile {
        let p = payload();
        let dir = TempDir::new("hostile");
        let mut doc = toml::Value::Table(bundled());
        poison(&mut doc, &p);
        let toml::Value::Table(mut table) = doc else {
            unreachable!()
        };
        table["meta"]["id"] = "hostile-test".into();
        let text = toml::to_string(&table).expect("write the scenario");
        let scenario = dir.write(&format!("{p}scenario.toml"), &text);

        let mut unknown = table.clone();
        unknown.insert(format!("{p}key"), 1.into());
        let unknown_key = dir.write(
            &format!("{p}unknown.toml"),
            toml::to_string(&unknown).expect("TOML"),
        );

        let mut bad = table.clone();
        bad["faction"][0]["id"] = format!("hamas{p}").into();
        bad["calendar"]["turns"] = p.clone().into();
        let bad_id = dir.write(
            &format!("{p}bad-id.toml"),
            toml::to_string(&bad).expect("TOML"),
        );

        let mut plan: toml::Table = toml::from_str(
            "[[turn]]\nfrom = 1\norders = [{ faction = \"pij\", front = \"gaza\", \
             task = \"limited_strike\", intensity = 2, claim = \"claimed\" }]\n",
        )
        .expect("a plan");
        let turn = plan["turn"][0].as_table_mut().expect("a turn");
        turn.insert(format!("x{p}"), 2.into());
        turn["orders"][0]["faction"] = format!("pij{p}").into();
        turn["orders"][0]["front"] = format!("gaza{p}").into();
        let plan = dir.write(
            &format!("{p}plan.toml"),
            toml::to_string(&plan).expect("TOML"),
        );

        let loaded = arenas::scenario::parse("hostile.toml", &text)
            .unwrap_or_else(|d| panic!("the hostile scenario is valid:\n{d}"));
        let mut game = arenas::game::Game::new(loaded.scenario, 5);
        let history = game.scenario.historical_course();
        for turn in 1..=4 {
            game.commit(history.turn(turn).to_vec()).expect("commit");
        }
        let name = format!("class 7{p}");
        let save_text = arenas::save::to_text(
            &game,
            &arenas::save::Lineage::of(arenas::save::Minter::seeded(1).mint()),
            &loaded.doc,
            &name,
        )
        .expect("save text");
        let save = dir.write(&format!("{p}save.toml"), save_text);
        Hostile {
            dir,
            scenario,
            unknown_key,
            bad_id,
            plan,
            save,
        }
    }
}

#[test]
fn scenario_and_plan_files_never_put_control_characters_on_the_terminal() {
    let h = Hostile::new();
    let ok = arenas(&[&"scenario", &"check", &h.scenario]);
    assert_clean(&ok, "check of the hostile scenario");
    assert_exit(&ok, 0);
    let version = &arenas::scenario::default_scenario().scenario.meta.version;
    assert!(
        stdout(&ok).contains(&format!(
            "scenario.toml: ok: scenario `hostile-test` ({version}), 6 fronts"
        )),
        "{}",
        stdout(&ok)
    );
    for (file, says) in [
        (&h.unknown_key, "unknown field"),
        (&h.bad_id, "error"),
        (&h.plan, "error"),
    ] {
        let out = arenas(&[&"scenario", &"check", file, &"--scenario", &h.scenario]);
        assert_clean(&out, &format!("check of {}", file.display()));
        assert_exit(&out, 2);
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
    let upgrade = arenas(&[&"scenario", &"upgrade", &h.scenario]);
    assert_clean(&upgrade, "upgrade");
    assert_exit(&upgrade, 0);
    let new = arenas(&[
        &"scenario",
        &"new",
        &h.dir.path(&format!("{}new.toml", payload())),
    ]);
    assert_clean(&new, "scenario new");
    assert_exit(&new, 0);

    // The user's scenario folder, with a valid and an invalid hostile file.
    let data = TempDir::new("hostile-data");
    let folder = data.dir().join("arenas").join("scenarios");
    std::fs::create_dir_all(&folder).expect("scenario folder");
    for file in [&h.scenario, &h.unknown_key] {
        let name = file.file_name().expect("a file name");
        std::fs::copy(file, folder.join(name)).expect("copy");
    }
    let list = Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(["scenario", "list"])
        .env("XDG_DATA_HOME", data.dir())
        .env("HOME", data.dir())
        .output()
        .expect("run arenas");
    assert_clean(&list, "scenario list");
    assert_exit(&list, 0);
    let listed = stdout(&list);
    assert!(
        listed.contains("hostile-test") && listed.contains("invalid: unknown field"),
        "{listed}"
    );
}

#[test]
fn batch_runs_never_put_control_characters_on_the_terminal() {
    let h = Hostile::new();
    let calibrated = "tests/plans/calibrated.toml";
    for format in ["text", "json"] {
        let out = arenas(&[
            &"sim",
            &"--scenario",
            &h.scenario,
            &"--plan",
            &calibrated,
            &"--runs",
            &"3",
            &"--format",
            &format,
        ]);
        assert_clean(&out, &format!("sim --format {format}"));
        assert_exit(&out, 0);
        let out = arenas(&[
            &"balance",
            &"--scenario",
            &h.scenario,
            &"--budget",
            &"1",
            &"--runs",
            &"1",
            &"--format",
            &format,
        ]);
        assert_clean(&out, &format!("balance --format {format}"));
        assert_exit(&out, 0);
        if format == "json" {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            assert!(
                v["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Unificat")),
                "{v}"
            );
        }
    }
    let bad_plan = arenas(&[&"sim", &"--scenario", &h.scenario, &"--plan", &h.plan]);
    assert_clean(&bad_plan, "sim with the hostile plan");
    assert_exit(&bad_plan, 2);
    let bad_scenario = arenas(&[&"sim", &"--scenario", &h.bad_id, &"--history"]);
    assert_clean(&bad_scenario, "sim with the hostile bad scenario");
    assert_exit(&bad_scenario, 2);
    let saved = h.dir.path(&format!("{}sim.toml", payload()));
    let sim_save = arenas(&[
        &"sim",
        &"--scenario",
        &h.scenario,
        &"--history",
        &"--runs",
        &"1",
        &"--save",
        &saved,
    ]);
    assert_clean(&sim_save, "sim --save");
    assert_exit(&sim_save, 0);
    assert!(stdout(&sim_save).contains("sim.toml: saved: "));
}

#[test]
fn saves_and_reports_never_put_control_characters_on_the_terminal() {
    let h = Hostile::new();
    let check = arenas(&[&"replay", &h.save, &"--check"]);
    assert_clean(&check, "replay --check");
    assert_exit(&check, 0);
    assert!(stdout(&check).contains("save.toml: ok: 4 turns replayed"));
    let check = arenas(&[&"scenario", &"check", &h.save]);
    assert_clean(&check, "scenario check of a save");
    assert_exit(&check, 0);
    let debrief = arenas(&[&"report", &h.save]);
    assert_clean(&debrief, "report");
    assert_exit(&debrief, 0);
    assert!(stdout(&debrief).starts_with("# Debrief: Unificat"));
    for format in ["md", "csv"] {
        let out = arenas(&[&"report", &"--format", &format, &h.save, &h.save]);
        assert_clean(&out, &format!("report --format {format}"));
        assert_exit(&out, 0);
        assert!(stdout(&out).contains("class 7"), "{}", stdout(&out));
    }
    // Saves that fail, named by the payload: the warnings echo their names.
    let broken = h.dir.write(&format!("{}broken.toml", payload()), payload());
    let out = arenas(&[&"report", &h.save, &broken, &h.scenario]);
    assert_clean(&out, "report with bad saves");
    assert_exit(&out, 3);
    let out = arenas(&[&"play", &"--load", &h.save]);
    assert_clean(&out, "play --load without a terminal");
    assert_exit(&out, 2);
    let out = arenas(&[&"play", &"--load", &broken]);
    assert_clean(&out, "play --load of a bad save");
    assert_exit(&out, 2);
}

#[test]
fn arguments_are_echoed_without_control_characters() {
    let p = payload();
    for args in [
        vec!["sim", "--seed", &p],
        vec![&p],
        vec!["report", "--format", &p, "x.toml"],
    ] {
        let out = run(&args);
        assert_clean(&out, &format!("arenas {args:?}"));
        assert_exit(&out, 2);
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
}

/// A save of the bundled scenario with hostile faction names and title, named `name`.
fn formula_save(dir: &TempDir, file: &str, name: &str) -> PathBuf {
    let mut table = bundled();
    table["meta"]["id"] = "formulas".into();
    table["meta"]["title"] = "<script>alert(1)</script> & <b>bold</b>".into();
    // Summaries of orders use the short names; the log and turning points the full ones.
    for key in ["name", "short"] {
        table["faction"][0][key] = "a|b".into();
        table["faction"][1][key] = "<img src=x>".into();
    }
    let text = toml::to_string(&table).expect("TOML");
    let loaded = arenas::scenario::parse("formulas.toml", &text).expect("a valid scenario");
    let mut game = arenas::game::Game::new(loaded.scenario, 9);
    let history = game.scenario.historical_course();
    for turn in 1..=3 {
        game.commit(history.turn(turn).to_vec()).expect("commit");
    }
    dir.write(
        file,
        arenas::save::to_text(
            &game,
            // A campaign each: saves of one campaign are one row of a class report.
            &arenas::save::Lineage::of(arenas::save::CampaignId::derived("test", 0, file)),
            &loaded.doc,
            name,
        )
        .expect("save text"),
    )
}

/// The cells of a Markdown table row, split at the `|` that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in row.trim().trim_matches('|').chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            c => cells.last_mut().expect("a cell").push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    cells
}

#[test]
fn reports_neutralise_formulas_and_show_markup_as_text() {
    let dir = TempDir::new("formulas");
    let names = [
        "=HYPERLINK(\"http://example.com/x\",\"open\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
    ];
    let saves: Vec<PathBuf> = names
        .iter()
        .enumerate()
        .map(|(i, name)| formula_save(&dir, &format!("s{i}.toml"), name))
        .collect();

    let csv = arenas(&[
        &"report",
        &"--format",
        &"csv",
        &saves[0],
        &saves[1],
        &saves[2],
        &saves[3],
    ]);
    assert_exit(&csv, 0);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let header = reader.headers().expect("a header").clone();
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(String::from)
                .zip(r.expect("a record").iter().map(String::from))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4);
    for (row, name) in rows.iter().zip(names) {
        assert_eq!(row["name"], format!("'{name}"), "{row:?}");
        // Numbers stay numbers.
        for column in [
            "turns",
            "deniable_share",
            "escalation_0_100",
            "us_entry_pct",
            "total_intensity",
        ] {
            assert!(row[column].parse::<f64>().is_ok(), "{column}: {row:?}");
        }
    }

    let class = arenas(&[&"report", &saves[0], &saves[1]]);
    assert_exit(&class, 0);
    let class = stdout(&class);
    // Every row of every table has as many cells as its header.
    let mut width = None;
    for line in class.lines() {
        if !line.starts_with("| ") {
            width = None;
            continue;
        }
        let w = *width.get_or_insert(cells(line).len());
        assert_eq!(cells(line).len(), w, "{line}");
    }

    let debrief = arenas(&[&"report", &saves[0]]);
    assert_exit(&debrief, 0);
    let md = stdout(&debrief);
    assert!(!md.contains('<') && !md.contains('>'), "raw HTML:\n{md}");
    assert!(
        md.starts_with(
            "# Debrief: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; — "
        ),
        "{md}"
    );
    assert!(md.contains("a\\|b: "), "{md}");
    let week_rows: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Week | Date |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(week_rows.len(), 2 + 3, "{md}");
    for row in week_rows {
        assert_eq!(cells(row).len(), 5, "{row}");
    }
}

/// Runs `arenas ARGS` with stdout on a pipe whose reader is closed already.
fn into_closed_pipe(args: &[&dyn AsRef<OsStr>]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(args.iter().map(|a| a.as_ref()))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run arenas")
}

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
