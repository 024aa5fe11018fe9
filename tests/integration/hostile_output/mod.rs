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

mod reports;
mod streams;
