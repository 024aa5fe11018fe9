//! A save's rules are checked, not trusted. The seal is a keyless digest: a save whose
//! embedded scenario was edited (easier victory thresholds) and sealed anew reads as sealed,
//! so its scenario is compared with the bundled one it names. `replay --check`, every report
//! format and `play --load` say that its rules differ; honest saves (the shipped ones, a
//! fresh one, a handout) pass; saves that claim one scenario of their own but carry
//! different rules are flagged as differing from each other; a save that names a bundled
//! scenario at another version is said to be unchecked, not different.

use crate::common;
use crate::common::saves;

use std::path::{Path, PathBuf};

use arenas::game::Game;
use arenas::save::{self, Integrity, Lineage, Minter};
use arenas::scenario::{ScenarioDoc, default_scenario};
use common::{TempDir, assert_exit, run, stderr, stdout};

/// The shipped save edited in these tests.
const SHIPPED: &str = "saves/after-nasrallah-speech.toml";

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The bundled scenario as the checks name it: `gaza-2023 1.0.0`.
fn bundled_label() -> String {
    let doc = default_scenario().doc;
    format!("{} {}", doc.meta.id, doc.meta.version)
}

/// The shipped save with easier rules, sealed anew, and the difference as the checks name
/// it.
fn easier_rules() -> (String, String) {
    saves::easier_rules(&read(SHIPPED))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A campaign of `doc` played along its historical course for three weeks, as save text.
fn played(doc: &ScenarioDoc, seed: u64, name: &str) -> String {
    let text = toml::to_string(doc).expect("scenario text");
    let loaded = arenas::scenario::parse("scenario.toml", &text).expect("the scenario loads");
    let mut game = Game::new(loaded.scenario, seed);
    let course = game.scenario.historical_course();
    for week in 1..=3 {
        game.commit(course.turn(week).to_vec()).expect("commit");
    }
    let lineage = Lineage::of(Minter::seeded(seed).mint());
    save::to_text(&game, &lineage, &loaded.doc, name).expect("save text")
}

#[test]
fn a_resealed_save_with_easier_rules_reads_as_sealed() {
    // The premise: the seal alone cannot tell this save from an honest one.
    let (text, _) = easier_rules();
    let saved = save::parse("edited.toml", &text).expect("loads");
    assert_eq!(saved.integrity, Integrity::Sealed);
}

#[test]
fn replay_check_refuses_a_save_whose_rules_differ() {
    let dir = TempDir::new("rules-replay");
    let (text, change) = easier_rules();
    let file = dir.write("edited.toml", text);
    let out = run(["replay", s(&file), "--check"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("rules differ from {}: {change}", bundled_label())),
        "{err}"
    );
    assert!(!stdout(&out).contains("ok:"), "{}", stdout(&out));
    // `scenario check` judges the file's validity, and warns about its rules.
    let out = run(["scenario", "check", s(&file)]);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("warning: rules differ from"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_report_format_shows_that_the_rules_differ() {
    let dir = TempDir::new("rules-report");
    let (text, change) = easier_rules();
    let edited = dir.write("edited.toml", text);
    let honest = PathBuf::from(SHIPPED);
    let differ = format!("rules differ from {}", bundled_label());
    let same = format!("same as {}", bundled_label());
    // Markdown escapes the underscore of a field name.
    let md_change = change.replace('_', "\\_");
    for (format, detail) in [("md", &md_change), ("csv", &change), ("html", &change)] {
        let out = run(["report", "--format", format, s(&edited), s(&honest)]);
        assert_exit(&out, 0);
        let report = stdout(&out);
        assert!(report.contains(&differ), "{format}:\n{report}");
        assert!(report.contains(detail.as_str()), "{format}:\n{report}");
        assert!(
            report.contains(&same),
            "{format}: the honest save\n{report}"
        );
        assert!(stderr(&out).contains(&differ), "{format}: {}", stderr(&out));
    }
    for format in ["md", "html"] {
        let out = run(["report", "--format", format, s(&edited)]);
        assert_exit(&out, 0);
        let debrief = stdout(&out);
        assert!(debrief.contains(&differ), "{format} debrief:\n{debrief}");
        let honest = stdout(&run(["report", "--format", format, SHIPPED]));
        assert!(!honest.contains("rules differ"), "{format}:\n{honest}");
    }
}

#[test]
fn play_load_says_the_rules_differ_before_the_game_starts() {
    let dir = TempDir::new("rules-play");
    let (text, change) = easier_rules();
    let file = dir.write("edited.toml", text.clone());
    // Without a terminal the game does not start, but the warning comes first.
    let out = run(["play", "--load", s(&file)]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    let warning = format!("rules differ from {}: {change}", bundled_label());
    let at = err.find(&warning).unwrap_or_else(|| panic!("{err}"));
    assert!(
        at < err.find("needs a terminal").expect("no terminal"),
        "{err}"
    );
    // In the interface, the status line says it when the save is resumed.
    let saved = save::parse("edited.toml", &text).expect("loads");
    let app =
        arenas::tui::app::App::resuming(arenas::tui::theme::Theme::MONO, "saves".into(), saved);
    let status = app.status.expect("a status line");
    assert!(status.warning, "{}", status.text);
    assert!(status.text.contains(&warning), "{}", status.text);
}

#[test]
fn honest_saves_pass_the_rules_check() {
    let dir = TempDir::new("rules-honest");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("saves"))
            .expect("saves/")
            .map(|e| e.expect("entry").path())
            .collect();
    files.sort();
    assert!(!files.is_empty());
    files.push("tests/golden/finished-v4.toml".into());
    files.push(dir.write("fresh.toml", played(&default_scenario().doc, 7, "fresh")));
    let handout = dir.path("handout.toml");
    assert_exit(
        &run(["handout", "--history", "--until", "4", s(&handout)]),
        0,
    );
    files.push(handout);
    for file in &files {
        let out = run(["replay", s(file), "--check"]);
        assert_exit(&out, 0);
        let err = stderr(&out);
        assert!(
            !err.contains("rules differ") && !err.contains("rules cannot"),
            "{}: {err}",
            file.display()
        );
    }
    let mut args = vec!["report", "--format", "csv", "--include-edited"];
    args.extend(files.iter().map(|f| s(f)));
    let out = run(&args);
    assert_exit(&out, 0);
    let csv = stdout(&out);
    let same = format!("same as {}", bundled_label());
    // The handout, which no one played, is left out of the class report (its rules pass
    // `replay --check` above).
    assert_eq!(csv.matches(&same).count(), files.len() - 1, "{csv}");
    assert!(
        csv.contains("skipped: a handout copy no one played"),
        "{csv}"
    );
    assert!(!csv.contains("rules differ"), "{csv}");
}

#[test]
fn saves_claiming_one_scenario_with_different_rules_are_flagged() {
    let dir = TempDir::new("rules-custom");
    let mut doc = (*default_scenario().doc).clone();
    doc.meta.id = "my-class".into();
    let claim = format!("my-class {}", doc.meta.version);
    let scenario = dir.write("my-class.toml", toml::to_string(&doc).expect("text"));
    let a = dir.write("a.toml", played(&doc, 1, "pair a"));
    let b_doc = ScenarioDoc {
        victory: arenas::engine::Victory {
            capacity_preserved: doc.victory.capacity_preserved / 2.0,
            ..doc.victory.clone()
        },
        ..doc.clone()
    };
    let b = dir.write("b.toml", played(&b_doc, 2, "pair b"));
    let c = dir.write("c.toml", played(&doc, 3, "pair c"));
    // Alone, a save of a scenario of its own has nothing to be checked against.
    let out = run(["replay", s(&b), "--check"]);
    assert_exit(&out, 0);
    let between = format!("rules differ between saves of {claim}");
    for format in ["md", "csv", "html"] {
        let out = run(["report", "--format", format, s(&a), s(&b), s(&c)]);
        assert_exit(&out, 0);
        let report = stdout(&out);
        // Each save names one it differs from; the tables' cells say it in short.
        let also = format!("which also claims {claim}");
        assert_eq!(report.matches(&also).count(), 3, "{format}:\n{report}");
        if format != "csv" {
            assert!(report.matches(&between).count() >= 3, "{format}:\n{report}");
        }
    }
    // Against the scenario file, only the save with other rules differs.
    let out = run([
        "report",
        "--format",
        "csv",
        "--scenario",
        s(&scenario),
        s(&a),
        s(&b),
        s(&c),
    ]);
    assert_exit(&out, 0);
    let csv = stdout(&out);
    assert_eq!(csv.matches(&format!("same as {claim}")).count(), 2, "{csv}");
    assert_eq!(
        csv.matches(&format!("rules differ from {claim}")).count(),
        1,
        "{csv}"
    );
    let b_line = csv.lines().find(|l| l.contains("b.toml")).expect("b's row");
    assert!(b_line.contains("victory.capacity_preserved"), "{b_line}");
}

#[test]
fn another_version_of_the_bundled_scenario_cannot_be_checked() {
    let dir = TempDir::new("rules-version");
    let text = saves::edited(&read(SHIPPED), &["scenario", "meta", "version"], "0.9.0");
    let file = dir.write("older.toml", text);
    let out = run(["replay", s(&file), "--check"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("ok:"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("rules cannot be checked"), "{err}");
    assert!(!err.contains("rules differ"), "{err}");
    let out = run(["report", "--format", "csv", s(&file), SHIPPED]);
    assert_exit(&out, 0);
    let csv = stdout(&out);
    assert!(csv.contains("rules cannot be checked"), "{csv}");
    assert!(!csv.contains("rules differ"), "{csv}");
    // Given that version's scenario file (which keeps the bundled id), the save is checked.
    let mut older = (*default_scenario().doc).clone();
    older.meta.version = "0.9.0".into();
    let scenario = dir.write("gaza-0.9.0.toml", toml::to_string(&older).expect("text"));
    let out = run([
        "report",
        "--format",
        "csv",
        "--scenario",
        s(&scenario),
        s(&file),
    ]);
    assert_exit(&out, 0);
    let csv = stdout(&out);
    let id = &older.meta.id;
    assert!(csv.contains(&format!("same as {id} 0.9.0")), "{csv}");
    // And the bundled id names the bundled scenario, from which this save differs.
    let out = run(["report", "--format", "csv", "--scenario", id, s(&file)]);
    assert_exit(&out, 0);
    let csv = stdout(&out);
    assert!(
        csv.contains(&format!(
            "rules differ from {}: meta.version",
            bundled_label()
        )),
        "{csv}"
    );
}
