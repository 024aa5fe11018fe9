//! `arenas scenario upgrade`: format-1 and format-2 scenarios rewritten in the current
//! format, with nothing of the author's lost and nothing overwritten.

use crate::common;

use common::{TempDir, assert_exit, run, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Output;

use arenas::engine::Meta;
use arenas::scenario::FORMAT;
use arenas::scenario::doc::{EventDoc, FactionDoc, FrontDoc, WeekDoc};
use serde::de::DeserializeOwned;

const GOLDEN_V1: &str = "tests/golden/scenario-v1.toml";
/// The bundled scenario as model 2 had it (format 2).
const GOLDEN_V2: &str = "tests/golden/scenario-v2.toml";
const SMALL_V1: &str = "tests/golden/small-v1.toml";
const CURRENT: &str = "assets/scenarios/gaza-2023.toml";

fn text(path: impl AsRef<Path>) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A section of an older file read straight into the current types, without migration.
fn section<T: DeserializeOwned>(table: &toml::Table, key: &str) -> T {
    let value = table
        .get(key)
        .cloned()
        .unwrap_or(toml::Value::Array(vec![]));
    value
        .try_into()
        .unwrap_or_else(|e| panic!("[{key}] of the older file: {e}"))
}

/// Asserts that the upgraded file keeps every front, faction, event, week and text of the
/// older original, compared through the typed documents.
fn assert_kept(original: &str, upgraded: &Path) {
    let v1: toml::Table = original.parse().expect("the original parses");
    // Read as the library reads any scenario text: the upgraded copy keeps the bundled id,
    // which only the bundled scenario itself may use when loaded as a file of one's own.
    let text = std::fs::read_to_string(upgraded).expect("the upgraded file");
    let doc = &arenas::scenario::parse(&upgraded.display().to_string(), &text)
        .unwrap_or_else(|d| panic!("{d}"))
        .doc;
    assert_eq!(doc.format, arenas::scenario::FORMAT);
    assert_eq!(doc.meta, section::<Meta>(&v1, "meta"));
    assert_eq!(doc.fronts, section::<Vec<FrontDoc>>(&v1, "front"));
    assert_eq!(doc.factions, section::<Vec<FactionDoc>>(&v1, "faction"));
    assert_eq!(doc.events, section::<Vec<EventDoc>>(&v1, "event"));
    assert_eq!(doc.weeks, section::<Vec<WeekDoc>>(&v1, "week"));
    assert!(!doc.fronts.is_empty() && !doc.events.is_empty() && !doc.weeks.is_empty());
}

/// Every comment line of the original is still in the upgraded text.
fn assert_comments_kept(original: &str, upgraded: &str) {
    for line in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(upgraded.contains(line), "comment lost: {line:?}");
    }
}

fn upgrade_to(dir: &TempDir, input: &str, name: &str) -> (Output, PathBuf) {
    let out = dir.path(name);
    let output = run([
        "scenario".as_ref(),
        "upgrade".as_ref(),
        input.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    (output, out)
}

#[test]
fn upgrade_to_out_writes_a_checked_file_and_leaves_the_original_alone() {
    let dir = TempDir::new("out");
    for input in [GOLDEN_V1, SMALL_V1] {
        let before = text(input);
        let (output, out) = upgrade_to(&dir, input, "upgraded.toml");
        assert_exit(&output, 0);
        let said = stdout(&output);
        for expected in [
            format!("{input}: upgraded from format 1 to format {FORMAT}"),
            "  step 1 -> 2: model 2:".to_owned(),
            "  step 2 -> 3: model 3:".to_owned(),
            "  added from the bundled scenario `gaza-2023`:".to_owned(),
            "    initial.us_pressure 5.0".to_owned(),
            "    model.us.forces_base 0.0065".to_owned(),
            "    model.us.traced { principle = ".to_owned(),
            "    model.ambiguity.shield { principle = ".to_owned(),
            "    model.us_pressure (6 values)".to_owned(),
            format!("    format = {FORMAT} (was 1)"),
            "    us_rung[0].track = \"forces\"".to_owned(),
            "  retired:".to_owned(),
            "    model.us.base (was ".to_owned(),
            "    model.draws.ceasefire_floor (was ".to_owned(),
            format!("{}: written; checked:", out.display()),
        ] {
            assert!(said.contains(&expected), "no {expected:?} in:\n{said}");
        }
        assert_eq!(text(input), before, "the input is left alone");
        let upgraded = std::fs::read_to_string(&out).expect("written");
        assert!(upgraded.contains("by `arenas scenario upgrade`"));
        assert!(
            upgraded.contains(&format!("\nformat = {FORMAT}")),
            "{upgraded}"
        );
        assert!(!upgraded.contains("ceasefire_floor") && !upgraded.contains("\nbase ="));
        assert_kept(&before, &out);
        assert_comments_kept(&before, &upgraded);

        // An upgraded copy of the bundled scenario differs from it, so it may not keep the
        // bundled id: it is refused until it has one of its own.
        if upgraded.contains("\nid = \"gaza-2023\"") {
            let warned = stderr(&output);
            assert!(
                warned.contains("the id `gaza-2023` is taken")
                    && warned.contains("will not load until the problem above is fixed"),
                "the upgrade says so: {warned}"
            );
            let check = run(["scenario".as_ref(), "check".as_ref(), out.as_os_str()]);
            assert_exit(&check, 2);
            assert!(stderr(&check).contains("the id `gaza-2023` is taken"));
            let renamed = upgraded.replace("\nid = \"gaza-2023\"", "\nid = \"gaza-2023-v1\"");
            std::fs::write(&out, renamed).expect("rename the copy");
        }
        checks_and_plays(&out);
        assert_eq!(dir.files(), ["upgraded.toml"], "no backup with --out");
        std::fs::remove_file(&out).expect("remove");
    }
}

/// The first order of the patron in the small format-1 scenario, and the same order with
/// the claim format 1 let authors give it.
const PATRON_ORDER: &str = "{ faction = \"liaison_bureau\", front = \"ridge\", task = \"signal\", intensity = 1, claim = \"deniable\" }";
const PATRON_CLAIMED: &str = "{ faction = \"liaison_bureau\", front = \"ridge\", task = \"signal\", intensity = 1, claim = \"claimed\" }";

#[test]
fn a_claim_the_patron_may_not_make_is_dropped_and_listed() {
    let dir = TempDir::new("claim");
    let v1 = text(SMALL_V1);
    assert_eq!(v1.matches(PATRON_ORDER).count(), 1);
    let claimed = v1.replacen(PATRON_ORDER, PATRON_CLAIMED, 1);
    let input = dir.write("claimed.toml", &claimed);
    let (output, out) = upgrade_to(&dir, &input.display().to_string(), "upgraded.toml");
    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "", "no error, and nothing said twice");
    let said = stdout(&output);
    let note = "  claims dropped (these members' acts are always traced, so they may not claim \
                them; the orders are otherwise kept):\n    week[0].orders[2].claim (was \"claimed\")\n";
    assert!(said.contains(note), "no {note:?} in:\n{said}");
    assert_eq!(said.matches(".claim (was").count(), 1, "{said}");
    assert!(
        said.contains("`claim = \"claimed\"` dropped from the orders"),
        "{said}"
    );

    let upgraded = std::fs::read_to_string(&out).expect("written");
    let kept =
        "{ faction = \"liaison_bureau\", front = \"ridge\", task = \"signal\", intensity = 1 }";
    assert!(upgraded.contains(kept), "{upgraded}");
    // The other members' claims, the patron's other orders and every comment stay.
    assert_eq!(
        upgraded.matches("claim = \"claimed\"").count(),
        claimed.matches("claim = \"claimed\"").count() - 1
    );
    assert_eq!(
        upgraded.matches("claim = \"deniable\"").count(),
        claimed.matches("claim = \"deniable\"").count()
    );
    assert_comments_kept(&claimed, &upgraded);
    checks_and_plays(&out);
}

/// The small format-1 scenario with a fourth US rung, strikes on the least watched member,
/// after the strikes on the most watched one (`ridge_brigades`), which an author's comment
/// places on the escalation track.
fn four_rungs() -> String {
    let v1 = text(SMALL_V1);
    let brigades = "[[us_rung]]\nname = \"Strikes on the Brigades\"";
    assert_eq!(v1.matches(brigades).count(), 1);
    let cells = "[[us_rung]]\nname = \"Strikes on the Cells\"\ntext = \"The outside power \
                 strikes Island Cells depots.\"\neffects = { us_posture = 0.1, capacity = { \
                 island_cells = -10.0 } }\n\n";
    let direct = "[[us_rung]]\nname = \"Direct confrontation\"";
    v1.replacen(
        brigades,
        &format!("# Strikes on the watched member answer escalation.\n{brigades}"),
        1,
    )
    .replacen(direct, &format!("{cells}{direct}"), 1)
}

#[test]
fn us_rungs_go_on_tracks_by_what_they_do_not_where_they_stand() {
    let dir = TempDir::new("tracks");
    let input = dir.write("four.toml", four_rungs());
    let (output, out) = upgrade_to(&dir, &input.display().to_string(), "upgraded.toml");
    assert_exit(&output, 0);
    let said = stdout(&output);
    for (i, track) in ["forces", "escalation", "forces", "escalation"]
        .iter()
        .enumerate()
    {
        assert!(
            said.contains(&format!("us_rung[{i}].track = \"{track}\"")),
            "rung {i}: {said}"
        );
    }
    let upgraded = std::fs::read_to_string(&out).expect("written");
    // The comment on the tracks describes this file's rungs, not the bundled scenario's,
    // and the comment on `format` names the format the file is now in.
    assert!(
        upgraded.contains(
            "# forces: Warnings; Strikes on the Cells.\n\
             # escalation: Strikes on the Brigades; Direct confrontation.\n"
        ),
        "{upgraded}"
    );
    assert!(!upgraded.to_lowercase().contains("hizballah"), "{upgraded}");
    assert!(
        upgraded.contains(&format!("this version of Arenas reads {FORMAT}\n")),
        "{upgraded}"
    );
    assert!(!upgraded.contains("this version of Arenas reads 1\n"));
    let doc = arenas::scenario::load_file(&out).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(doc.doc.us_ladder.len(), 4);
    checks_and_plays(&out);
}

#[test]
fn the_strikes_on_the_watched_member_and_the_last_rung_go_on_the_escalation_track() {
    let dir = TempDir::new("tracks");
    let (output, out) = upgrade_to(&dir, SMALL_V1, "small.toml");
    assert_exit(&output, 0);
    let said = stdout(&output);
    for (i, track) in ["forces", "escalation", "escalation"].iter().enumerate() {
        assert!(
            said.contains(&format!("us_rung[{i}].track = \"{track}\"")),
            "{said}"
        );
    }
    let doc = arenas::scenario::load_file(&out).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(doc.doc.us_ladder.len(), 3);
}

/// The `us_pressure` keys model 3 retired.
const RETIRED_V2: [&str; 5] = ["concentrated", "open", "high", "traced", "claimed"];

/// Asserts that `new` has every value of `old` (both under `path`), but those at the
/// paths `skip` accepts.
fn assert_values_kept(
    old: &toml::Table,
    new: &toml::Table,
    path: &str,
    skip: &dyn Fn(&str) -> bool,
) {
    for (key, value) in old {
        let here = format!("{path}.{key}");
        if skip(&here) {
            continue;
        }
        match (value, new.get(key)) {
            (toml::Value::Table(o), Some(toml::Value::Table(n))) => {
                assert_values_kept(o, n, &here, skip)
            }
            (_, Some(n)) => assert_eq!(value, n, "{here} changed"),
            (_, None) => panic!("{here} was dropped"),
        }
    }
}

#[test]
fn a_format_2_scenario_sheds_the_retired_bonuses_and_keeps_its_own_values() {
    let dir = TempDir::new("v2");
    let before = text(GOLDEN_V2);
    let (output, out) = upgrade_to(&dir, GOLDEN_V2, "upgraded.toml");
    assert_exit(&output, 0);
    let said = stdout(&output);
    let mut expected = vec![
        format!("{GOLDEN_V2}: upgraded from format 2 to format {FORMAT}"),
        "  step 2 -> 3: model 3:".to_owned(),
        format!("    format = {FORMAT} (was 2)"),
        "  retired:".to_owned(),
    ];
    for added in [
        "ambiguity.shield {",
        "ambiguity.claims {",
        "ambiguity.scale ",
        "ambiguity.learning ",
        "us.traced {",
        "capacity.adaptation ",
        "capacity.centre ",
        "retaliation.concentration ",
    ] {
        expected.push(format!("    model.{added}"));
    }
    for key in RETIRED_V2 {
        expected.push(format!("    model.us_pressure.{key} (was "));
    }
    for line in &expected {
        assert!(said.contains(line.as_str()), "no {line:?} in:\n{said}");
    }
    assert!(!said.contains("step 1 -> 2"), "{said}");

    let upgraded = std::fs::read_to_string(&out).expect("written");
    let old: toml::Table = before.parse().expect("the original parses");
    let new: toml::Table = upgraded.parse().expect("the upgrade parses");
    let model = |t: &toml::Table, table: &str| -> toml::Table {
        t["model"][table].as_table().expect("a table").clone()
    };
    let pressure = model(&new, "us_pressure");
    let keys: Vec<&str> = pressure.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "decay",
            "engaged",
            "half",
            "harassment",
            "harassment_peak",
            "sustain"
        ]
    );
    for (table, key) in [
        ("ambiguity", "shield"),
        ("ambiguity", "claims"),
        ("ambiguity", "scale"),
        ("ambiguity", "learning"),
        ("us", "traced"),
        ("capacity", "adaptation"),
        ("capacity", "centre"),
        ("retaliation", "concentration"),
    ] {
        assert!(
            model(&new, table).contains_key(key),
            "no model.{table}.{key}"
        );
    }
    // The file's own coefficients stay as they were, whatever the bundled scenario says now.
    let set_or_retired = |path: &str| {
        path == ".format"
            || RETIRED_V2
                .iter()
                .any(|k| path == format!(".model.us_pressure.{k}"))
    };
    assert_values_kept(&old, &new, "", &set_or_retired);
    assert_kept(&before, &out);
    assert_comments_kept(&before, &upgraded);

    // A copy of the bundled scenario must take an id of its own; then it checks and plays.
    let renamed = upgraded.replace("\nid = \"gaza-2023\"", "\nid = \"gaza-2023-v2\"");
    std::fs::write(&out, renamed).expect("rename the copy");
    checks_and_plays(&out);

    // In place, the backup is named after the format the file was written in.
    let file = dir.write("mine.toml", &before);
    let output = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
    assert_exit(&output, 0);
    assert_eq!(
        dir.files(),
        ["mine.toml", "mine.toml.format2.bak", "upgraded.toml"]
    );
}

#[test]
fn upgrade_in_place_keeps_the_original_as_a_backup() {
    let dir = TempDir::new("in-place");
    let original = text(SMALL_V1);
    let file = dir.write("mine.toml", &original);
    let output = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
    assert_exit(&output, 0);
    assert_eq!(dir.files(), ["mine.toml", "mine.toml.format1.bak"]);
    let backup = dir.path("mine.toml.format1.bak");
    assert_eq!(std::fs::read_to_string(&backup).expect("backup"), original);
    assert!(
        stdout(&output).contains(&format!("{}: the original, unchanged", backup.display())),
        "{}",
        stdout(&output)
    );
    assert_kept(&original, &file);
    let check = run(["scenario".as_ref(), "check".as_ref(), file.as_os_str()]);
    assert_exit(&check, 0);

    // Run again: the file is current now, and nothing is touched.
    let upgraded = std::fs::read_to_string(&file).expect("upgraded");
    let again = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
    assert_exit(&again, 0);
    assert!(stdout(&again).contains(&format!("already in format {FORMAT}")));
    assert_eq!(std::fs::read_to_string(&file).expect("same"), upgraded);
    assert_eq!(std::fs::read_to_string(&backup).expect("backup"), original);
}

#[test]
fn upgrade_refuses_to_overwrite_a_backup_or_an_output() {
    let dir = TempDir::new("refuse");
    let original = text(SMALL_V1);
    let file = dir.write("mine.toml", &original);
    let backup = dir.write("mine.toml.format1.bak", "an older backup\n");
    let output = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "{}:1:1: error: the file exists already",
            backup.display()
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("file"), original);
    assert_eq!(
        std::fs::read_to_string(&backup).expect("backup"),
        "an older backup\n"
    );

    let out = dir.write("taken.toml", "keep me\n");
    let output = run([
        "scenario".as_ref(),
        "upgrade".as_ref(),
        file.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("the file exists already"));
    assert_eq!(std::fs::read_to_string(&out).expect("out"), "keep me\n");
    assert_eq!(std::fs::read_to_string(&file).expect("file"), original);
    assert_eq!(
        dir.files(),
        ["mine.toml", "mine.toml.format1.bak", "taken.toml"]
    );
}

#[test]
fn a_current_file_is_left_alone() {
    let dir = TempDir::new("current");
    let file = dir.write("current.toml", text(CURRENT));
    let output = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        format!(
            "{}: already in format {FORMAT} (scenario `gaza-2023`); nothing to do, nothing was \
             written\n",
            file.display()
        )
    );
    let (output, _) = upgrade_to(&dir, &file.display().to_string(), "out.toml");
    assert_exit(&output, 0);
    assert_eq!(dir.files(), ["current.toml"]);
}

#[test]
fn a_newer_file_is_refused() {
    let dir = TempDir::new("newer");
    let newer = FORMAT + 1;
    let newer = text(GOLDEN_V1).replacen("\nformat = 1", &format!("\nformat = {newer}"), 1);
    let file = dir.write("newer.toml", &newer);
    let output = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
    assert_exit(&output, 2);
    let line = newer
        .lines()
        .position(|l| l.starts_with(&format!("format = {}", FORMAT + 1)))
        .expect("format line")
        + 1;
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!("{}:{line}:", file.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "this scenario uses format {}, made by a newer version of Arenas",
            FORMAT + 1
        )),
        "{err}"
    );
    assert_eq!(dir.files(), ["newer.toml"]);
}

#[test]
fn a_broken_file_is_refused_with_located_diagnostics() {
    let dir = TempDir::new("broken");
    let v1 = text(SMALL_V1);
    // A syntax error, a value of the wrong type (found after the upgrade steps, located in
    // the original all the same) and a value the checker refuses, each at its own line.
    for (name, from, to, needle) in [
        (
            "syntax.toml",
            "tension = 5.0",
            "tension = = 5.0",
            "tension = = 5.0",
        ),
        (
            "typed.toml",
            "tension = 5.0",
            "tension = \"hot\"",
            "tension = \"hot\"",
        ),
        (
            "invalid.toml",
            "tension = 5.0",
            "tension = 500.0",
            "tension = 500.0",
        ),
    ] {
        assert_eq!(v1.matches(from).count(), 1);
        let broken = v1.replacen(from, to, 1);
        let file = dir.write(name, &broken);
        let output = run(["scenario".as_ref(), "upgrade".as_ref(), file.as_os_str()]);
        assert_exit(&output, 2);
        let line = broken
            .lines()
            .position(|l| l.starts_with(needle))
            .expect("edited line")
            + 1;
        let err = stderr(&output);
        assert!(
            err.starts_with(&format!("{}:{line}:", file.display())),
            "{name}: {err}"
        );
        assert!(
            err.contains(": error: ") && err.contains("\n  hint: "),
            "{err}"
        );
        assert!(stdout(&output).is_empty());
        std::fs::remove_file(&file).expect("remove");
        assert!(dir.files().is_empty(), "{name}: nothing written");
    }
}

/// `scenario check` passes on the file and its historical course plays.
fn checks_and_plays(file: &std::path::Path) {
    let check = run(["scenario".as_ref(), "check".as_ref(), file.as_os_str()]);
    assert_exit(&check, 0);
    let sim = run([
        "sim".as_ref(),
        "--scenario".as_ref(),
        file.as_os_str(),
        "--history".as_ref(),
        "--runs".as_ref(),
        "10".as_ref(),
    ]);
    assert_exit(&sim, 0);
}
