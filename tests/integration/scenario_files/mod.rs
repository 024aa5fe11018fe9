//! Loading errors of scenario and plan files, through the library API.
//!
//! Each bad scenario is the bundled default scenario with one defect edited in; each test
//! checks where the diagnostic points (line and column, computed from the edited text),
//! a key phrase of its message, and that it comes with a hint.

use std::path::{Path, PathBuf};

use arenas::diag::Diagnostic;

use arenas::engine::{Claim, Order, Scenario, Task};

use arenas::scenario::{self, DEFAULT_ID};

const FILE: &str = "edited.toml";

const PLAN: &str = "plan.toml";

/// Text of the bundled default scenario.
fn bundled_text() -> &'static str {
    scenario::BUNDLED
        .iter()
        .find(|b| b.id == DEFAULT_ID)
        .expect("the default scenario is bundled")
        .text
}

/// Number of times `needle` occurs in `text`.
fn occurrences(text: &str, needle: &str) -> usize {
    text.match_indices(needle).count()
}

/// The bundled scenario with its only occurrence of `from` replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    let text = bundled_text();
    assert_eq!(
        occurrences(text, from),
        1,
        "`{from}` must occur exactly once in the bundled scenario"
    );
    text.replacen(from, to, 1)
}

/// 1-based line and column (in characters) of `part`, the first occurrence of it inside the
/// only occurrence of `snippet` in `text`.
fn position(text: &str, snippet: &str, part: &str) -> (usize, usize) {
    assert_eq!(
        occurrences(text, snippet),
        1,
        "`{snippet}` must occur exactly once in the edited text"
    );
    let start = text.find(snippet).expect("snippet is present");
    let inner = snippet.find(part).expect("`part` must be inside `snippet`");
    let before = &text[..start + inner];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The diagnostics of scenario text that must not load.
fn scenario_errors(text: &str) -> Vec<Diagnostic> {
    match scenario::parse(FILE, text) {
        Ok(_) => panic!("the edited scenario loaded, but it has a defect"),
        Err(d) => {
            assert!(
                !d.0.is_empty(),
                "an error must carry at least one diagnostic"
            );
            d.0
        }
    }
}

/// The only diagnostic of scenario text that must not load.
fn scenario_error(text: &str) -> Diagnostic {
    let mut all = scenario_errors(text);
    assert_eq!(
        all.len(),
        1,
        "expected one diagnostic, got:\n{}",
        list(&all)
    );
    all.remove(0)
}

fn list(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that `d` points at `(line, column)` of `file`, mentions `phrase`, has a hint,
/// and displays as `FILE:LINE:COL: error: message` followed by the hint.
fn assert_diag(d: &Diagnostic, file: &str, (line, column): (usize, usize), phrase: &str) {
    assert_eq!(d.file, file, "{d}");
    assert_eq!(
        (d.line, d.column),
        (line, column),
        "wrong position for: {d}"
    );
    assert!(
        d.message.contains(phrase),
        "message `{}` should mention `{phrase}`",
        d.message
    );
    let hint = d.hint.as_deref().expect("every diagnostic has a hint");
    assert!(!hint.trim().is_empty(), "empty hint in: {d}");
    assert_eq!(
        d.to_string(),
        format!(
            "{file}:{line}:{column}: error: {}\n  hint: {hint}",
            d.message
        )
    );
}

// ---------------------------------------------------------------- valid files

fn default_scenario() -> Scenario {
    match scenario::parse(FILE, bundled_text()) {
        Ok(loaded) => std::sync::Arc::unwrap_or_clone(loaded.scenario),
        Err(d) => panic!("the bundled scenario must load:\n{d}"),
    }
}

fn plans_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans")
}

#[test]
fn the_bundled_scenario_loads() {
    let loaded = scenario::parse(FILE, bundled_text()).unwrap_or_else(|d| panic!("{d}"));
    let s = &loaded.scenario;
    assert_eq!(s.meta.id, DEFAULT_ID);
    assert_eq!(s.fronts.len(), 6);
    assert_eq!(s.factions.len(), 7);
    assert_eq!(s.calendar.turns, 12);
    assert_eq!(s.history.len(), 12);
    assert_eq!(loaded.doc.meta.id, DEFAULT_ID);
}

#[test]
fn the_sample_plans_load_against_the_bundled_scenario() {
    let s = default_scenario();
    for name in ["all_out.toml", "calibrated.toml", "restraint.toml"] {
        let path = plans_dir().join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if let Err(d) = arenas::plan::parse(name, &text, &s) {
            panic!("plan {name} must load:\n{d}");
        }
    }
}

// ---------------------------------------------------------------- scenario: types and fields

#[test]
fn unknown_field_points_at_the_key() {
    let text = edited("id = \"golan\"\n", "id = \"golan\"\ncolour = \"red\"\n");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "colour = \"red\"", "colour"),
        "unknown field `colour`",
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    let text = edited("turns = 12", "turns = \"twelve\"");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "turns = \"twelve\"", "\"twelve\""),
        "`turns`: expected a whole number",
    );
}

#[test]
fn out_of_range_autonomy_points_at_the_value() {
    let text = edited("autonomy = 0.8", "autonomy = 1.5");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "autonomy = 1.5", "1.5"),
        "autonomy = 1.5 is out of range",
    );
}

#[test]
fn out_of_range_front_tension_points_at_the_value() {
    let text = edited("tension = 80.0", "tension = 300.0");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "tension = 300.0", "300.0"),
        "tension = 300 is out of range",
    );
}

/// The bundled scenario's format line.
fn current_format() -> String {
    format!("format = {}\n", arenas::scenario::FORMAT)
}

#[test]
fn newer_format_is_refused_as_newer() {
    let text = edited(&current_format(), "format = 99\n");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "format = 99", "99"),
        "newer version of Arenas",
    );
    assert!(d.message.contains("99"), "{d}");
}

#[test]
fn newer_format_with_new_fields_is_refused_as_newer() {
    let text = edited(&current_format(), "format = 99\nreinforcements = true\n");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "format = 99", "99"),
        "newer version of Arenas",
    );
}

#[test]
fn an_out_of_range_model_value_is_reported_once() {
    let text = edited("baseline = 55.0", "baseline = 2000000.0");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "baseline = 2000000.0", "2000000.0"),
        "baseline = 2e6 is out of range",
    );
}

// ---------------------------------------------------------------- scenario: cross-references

#[test]
fn dangling_home_front_points_at_the_value() {
    let text = edited("home = \"south_lebanon\"", "home = \"sinai\"");
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "home = \"sinai\"", "\"sinai\""),
        "no front has id `sinai`",
    );
}

#[test]
fn dangling_faction_in_a_week_points_at_the_value() {
    let order = "faction = \"hamas\", front = \"gaza\", task = \"limited_strike\", intensity = 3";
    let text = edited(order, &order.replace("\"hamas\"", "\"hamaz\""));
    let d = scenario_error(&text);
    assert_diag(
        &d,
        FILE,
        position(&text, "faction = \"hamaz\"", "\"hamaz\""),
        "no faction has id `hamaz`",
    );
}

#[test]
fn duplicate_front_id_points_at_the_second_one() {
    let text = edited("id = \"west_bank\"", "id = \"gaza\"");
    // Renaming the front also leaves references to `west_bank` dangling; those are
    // reported too, but the duplicate must be among the diagnostics.
    let all = scenario_errors(&text);
    let d = all
        .iter()
        .find(|d| d.message.contains("duplicate id"))
        .unwrap_or_else(|| panic!("no duplicate-id diagnostic in:\n{}", list(&all)));
    let at = position(&text, "id = \"gaza\"\nname = \"West Bank\"", "\"gaza\"");
    assert_diag(d, FILE, at, "duplicate id `gaza`");
}

#[test]
fn event_date_outside_the_campaign_points_at_the_date() {
    let text = edited("date = 2023-12-18", "date = 2024-06-01");
    let d = scenario_errors(&text).remove(0);
    assert_diag(
        &d,
        FILE,
        position(&text, "date = 2024-06-01", "2024-06-01"),
        "outside the campaign",
    );
}

#[test]
fn event_date_outside_the_campaign_is_the_only_problem() {
    let text = edited("date = 2023-12-18", "date = 2024-06-01");
    let d = scenario_error(&text);
    assert!(d.message.contains("outside the campaign"), "{d}");
}

#[test]
fn task_a_faction_may_not_use_in_a_week_points_at_the_task() {
    let order = "faction = \"hamas\", front = \"gaza\", task = \"limited_strike\", intensity = 3";
    let text = edited(order, &order.replace("limited_strike", "harass_us"));
    let d = scenario_error(&text);
    let at = position(
        &text,
        "faction = \"hamas\", front = \"gaza\", task = \"harass_us\"",
        "\"harass_us\"",
    );
    assert_diag(&d, FILE, at, "hamas may not use task `harass_us`");
}

// ---------------------------------------------------------------- scenario: broken text

#[test]
fn empty_text_is_an_error_at_the_start() {
    let d = scenario_errors("").remove(0);
    assert_diag(&d, FILE, (1, 1), "missing field");
}

#[test]
fn binary_garbage_is_an_error() {
    let garbage =
        "PK\u{3}\u{4}\u{0}\u{0}\u{8}\u{0}\u{fffd}\u{fffd}\u{7f}\u{1b}[2J\u{0}=\u{0}[[\u{ff}";
    let d = scenario_errors(garbage).remove(0);
    assert_eq!(d.file, FILE);
    assert!(d.line >= 1 && d.column >= 1, "{d}");
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn a_file_cut_in_half_is_an_error() {
    let text = bundled_text();
    let mut half = text.len() / 2;
    while !text.is_char_boundary(half) {
        half -= 1;
    }
    let d = scenario_errors(&text[..half]).remove(0);
    assert_eq!(d.file, FILE);
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn cutting_the_file_anywhere_never_panics() {
    let text = bundled_text();
    let cuts = (0..text.len())
        .step_by(211)
        .filter(|&i| text.is_char_boundary(i));
    for cut in cuts {
        // Either outcome is fine (a cut inside the last table can still be valid); the
        // loader must return rather than panic, and errors must point inside the text.
        if let Err(d) = scenario::parse(FILE, &text[..cut]) {
            let lines = text[..cut].matches('\n').count() + 1;
            for diag in &d.0 {
                assert!(diag.line >= 1 && diag.line <= lines, "cut at {cut}: {diag}");
                assert!(diag.column >= 1, "cut at {cut}: {diag}");
            }
        }
    }
}

#[test]
fn control_characters_in_strings_are_accepted_by_the_loader() {
    let text = edited(
        "title = \"Unification of the Arenas: Gaza, autumn 2023\"",
        "title = \"Unification\\u001b[31m of the\\u0007 Arenas\\u0000\"",
    );
    match scenario::parse(FILE, &text) {
        Ok(loaded) => assert_eq!(
            loaded.scenario.meta.title,
            "Unification\u{1b}[31m of the\u{7} Arenas\u{0}"
        ),
        Err(d) => panic!("control characters are stripped at display, not refused at load:\n{d}"),
    }
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_the_first_bad_byte() {
    let dir = std::env::temp_dir().join(format!("arenas-scenario-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let path = dir.join("latin1.toml");
    let mut bytes = b"format = 1\n# caf".to_vec();
    bytes.push(0xe9); // `é` in Latin-1: not UTF-8
    bytes.extend_from_slice(b"\n");
    std::fs::write(&path, &bytes).expect("write temp file");
    let result = scenario::load_file(&path);
    std::fs::remove_dir_all(&dir).expect("remove temp dir");
    let d = match result {
        Ok(_) => panic!("a non-UTF-8 file loaded"),
        Err(d) => d.0.into_iter().next().expect("one diagnostic"),
    };
    assert_diag(&d, &path.display().to_string(), (2, 6), "not valid UTF-8");
}

// ---------------------------------------------------------------- plans

/// A plan whose turn-1 entry is valid and whose turn-4 entry holds `order`.
fn plan_with(order: &str) -> String {
    format!(
        "[[turn]]\nfrom = 1\norders = [\n  {{ faction = \"hamas\", front = \"gaza\", task = \"signal\", intensity = 1, claim = \"claimed\" }},\n]\n\n\
         [[turn]]\nfrom = 4\norders = [\n  {order},\n]\n"
    )
}

fn plan_errors(text: &str) -> Vec<Diagnostic> {
    match arenas::plan::parse(PLAN, text, &default_scenario()) {
        Ok(_) => panic!("the plan loaded, but it has a defect:\n{text}"),
        Err(d) => {
            assert!(
                !d.0.is_empty(),
                "an error must carry at least one diagnostic"
            );
            d.0
        }
    }
}

fn plan_error(text: &str) -> Diagnostic {
    let mut all = plan_errors(text);
    assert_eq!(
        all.len(),
        1,
        "expected one diagnostic, got:\n{}",
        list(&all)
    );
    all.remove(0)
}

/// Line and column of the only occurrence of `part` in `text`.
fn plan_position(text: &str, part: &str) -> (usize, usize) {
    position(text, part, part)
}

/// Every member escalates at full intensity, most of them off their home front.
const OVER_BUDGET: [(&str, &str, Task); 7] = [
    ("hamas", "west_bank", Task::Escalate),
    ("pij", "west_bank", Task::Escalate),
    ("hizballah", "golan", Task::Escalate),
    ("syrian_militias", "iraq_syria", Task::Escalate),
    ("iraqi_militias", "iraq_syria", Task::Escalate),
    ("houthis", "yemen", Task::Escalate),
    ("quds_force", "south_lebanon", Task::Resupply),
];

mod plans;
