//! What `arenas scenario check` and the writing commands tell a scenario author: both places
//! of a duplicate id, problems in the order of the file, the documented ranges, and a file
//! in the way named as such.

use crate::common;

use common::{TempDir, assert_exit, run, stderr};

use std::path::Path;

const BUNDLED: &str = "assets/scenarios/gaza-2023.toml";

/// The bundled scenario under an id of its own, with each `(from, to)` edit made once.
fn edited(edits: &[(&str, &str)]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED);
    let mut text = std::fs::read_to_string(path).expect("the bundled scenario");
    for (from, to) in [("id = \"gaza-2023\"", "id = \"my-copy\"")]
        .iter()
        .chain(edits)
    {
        assert_eq!(text.matches(from).count(), 1, "`{from}` once");
        text = text.replacen(from, to, 1);
    }
    text
}

/// 1-based line and column of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// `scenario check` of the text: its exit code must be 2; gives its error lines.
fn check_errors(dir: &TempDir, text: &str) -> (String, Vec<String>) {
    let file = dir.write("mine.toml", text);
    let output = run(["scenario".as_ref(), "check".as_ref(), file.as_os_str()]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    let lines = err
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_owned)
        .collect();
    (file.display().to_string(), lines)
}

#[test]
fn a_duplicate_id_names_both_places() {
    let dir = TempDir::new("duplicate");
    let text = edited(&[("id = \"west_bank\"", "id = \"gaza\"")]);
    let (file, errors) = check_errors(&dir, &text);
    let (l1, c1) = position(&text, "id = \"gaza\"");
    let (l2, c2) = position(&text, "id = \"gaza\"\nname = \"West Bank\"");
    let expected = format!(
        "{file}:{l2}:{}: error: duplicate id `gaza`; the first is at {file}:{l1}:{}",
        c2 + 5,
        c1 + 5
    );
    assert!(errors.contains(&expected), "no {expected:?} in {errors:#?}");
}

#[test]
fn problems_come_in_the_order_of_the_file() {
    let dir = TempDir::new("order");
    // The focus is checked after the fronts and factions, but stands first in the file.
    let text = edited(&[
        ("tension = 80.0", "tension = 800.0"),
        ("focus = \"hamas\"", "focus = \"nobody\""),
        ("budget = 22", "budget = 2000000"),
    ]);
    let (_, errors) = check_errors(&dir, &text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let lines: Vec<usize> = errors
        .iter()
        .map(|e| {
            let mut parts = e.rsplit(".toml:").next().unwrap_or("").split(':');
            parts.next().and_then(|l| l.parse().ok()).expect("a line")
        })
        .collect();
    assert_eq!(
        lines,
        [
            position(&text, "focus =").0,
            position(&text, "tension = 800.0").0,
            position(&text, "budget = 2000000").0
        ],
        "{errors:#?}"
    );
    let output = run([
        "scenario".as_ref(),
        "check".as_ref(),
        dir.path("mine.toml").as_os_str(),
    ]);
    let err = stderr(&output);
    let unique: std::collections::BTreeSet<&str> = err.lines().collect();
    assert_eq!(
        unique.len(),
        err.lines().count(),
        "a line said twice:\n{err}"
    );
}

#[test]
fn whole_numbers_out_of_range_are_given_the_documented_range() {
    let dir = TempDir::new("ranges");
    for (from, to, said) in [
        (
            "turns = 12",
            "turns = 70000",
            "`turns`: expected a whole number from 1 to 104, found the whole number `70000`",
        ),
        ("turns = 12", "turns = 0", "turns must be 1–104"),
        (
            "budget = 22",
            "budget = -1",
            "`budget`: expected a whole number from 0 to 1,000,000, found the whole number `-1`",
        ),
        (
            "budget = 22",
            "budget = 2000000",
            "budget = 2000000 is out of range\n  hint: use a whole number from 0 to 1,000,000",
        ),
    ] {
        let text = edited(&[(from, to)]);
        let file = dir.write("mine.toml", &text);
        let output = run(["scenario".as_ref(), "check".as_ref(), file.as_os_str()]);
        assert_exit(&output, 2);
        let err = stderr(&output);
        assert!(err.contains(said), "{to}: no {said:?} in:\n{err}");
        assert!(
            !err.contains("65535") && !err.contains("4294967295"),
            "{err}"
        );
    }
}

#[test]
fn writing_over_a_file_says_the_file_is_there() {
    let dir = TempDir::new("exists");
    let taken = dir.write("taken.toml", "keep me\n");
    let output = run([
        "scenario".as_ref(),
        "export".as_ref(),
        "gaza-2023".as_ref(),
        taken.as_os_str(),
    ]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "{}:1:1: error: {} exists already and was left as it is; nothing was written\n  \
             hint: give a file name not yet taken, or move that file away first",
            taken.display(),
            taken.display()
        )),
        "{err}"
    );
    assert!(!err.contains("folder exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&taken).expect("kept"), "keep me\n");
}
