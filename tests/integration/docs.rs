//! The documentation for scenario authors and instructors stays true to the code.
//!
//! - The scenario template and the worked example load without errors.
//! - Every field named in the reference tables of `docs/scenarios.md` is a real field (it
//!   occurs as a key in a scenario or plan file that loads), every gauge, principle, task
//!   and outcome named there is one the code accepts, and every key used by the bundled
//!   scenario, the template and the worked example is documented.
//! - The limits table quotes the engine's constants.
//! - Excerpts marked with the file they come from match that file.
//! - Every `arenas` command line in the docs' shell blocks parses.
//! - Both docs exist, mention their key commands, and the saves the lesson plan hands out
//!   load.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use arenas::cli::Cli;
use arenas::engine::{MAX_EVENTS, MAX_FACTIONS, MAX_FRONTS, MAX_TURNS, Outcome, Principle, Task};
use arenas::scenario::doc::ConditionDoc;
use clap::Parser;

const TEMPLATE: &str = "assets/scenarios/template.toml";
const WORKED: &str = "docs/examples/worked-example.toml";
const BUNDLED: &str = "assets/scenarios/gaza-2023.toml";
const SCENARIOS_MD: &str = "docs/scenarios.md";
const INSTRUCTORS_MD: &str = "docs/instructors.md";
/// Plan files the docs use; their keys count as documented fields too.
const PLANS: &[&str] = &["docs/examples/restraint.toml", "docs/examples/all-out.toml"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn load_scenario(rel: &str) -> arenas::scenario::Loaded {
    arenas::scenario::load_file(&root().join(rel))
        .unwrap_or_else(|d| panic!("{rel} does not load:\n{d}"))
}

#[test]
fn template_loads() {
    let loaded = load_scenario(TEMPLATE);
    let s = &loaded.scenario;
    assert!((2..=3).contains(&s.fronts.len()), "2–3 fronts");
    assert_eq!(s.factions.len(), 3, "three factions");
    assert_eq!(
        s.factions.iter().filter(|f| f.tier.is_none()).count(),
        1,
        "one patron"
    );
    assert_eq!(s.calendar.turns, 6);
    assert!(
        s.events
            .iter()
            .any(|e| e.turn.is_some() && e.when.is_empty())
    );
    assert!(
        s.events
            .iter()
            .any(|e| !e.when.is_empty() && e.chance < 1.0)
    );
    assert!(
        s.history.iter().all(|w| !w.note.is_empty()),
        "a note for every week"
    );
    assert_eq!(
        read(TEMPLATE).lines().next(),
        Some("#:schema ./arenas-scenario.schema.json")
    );
}

#[test]
fn worked_example_loads() {
    let loaded = load_scenario(WORKED);
    assert_eq!(loaded.scenario.meta.id, "delta-compact");
    assert!(
        loaded.scenario.history.iter().all(|w| !w.note.is_empty()),
        "a note for every week"
    );
}

/// The template and the worked example are fictional: no id or name of the bundled
/// scenario's fronts and factions appears outside their comments.
#[test]
fn template_and_example_use_no_names_of_the_bundled_case() {
    let bundled = load_scenario(BUNDLED).scenario;
    let mut names: Vec<String> = Vec::new();
    for f in &bundled.fronts {
        names.extend([f.id.clone(), f.name.clone()]);
    }
    for f in &bundled.factions {
        names.extend([f.id.clone(), f.name.clone()]);
    }
    for rel in [TEMPLATE, WORKED] {
        let text = code_lines(&read(rel)).to_lowercase();
        for name in &names {
            assert!(
                !contains_word(&text, &name.to_lowercase()),
                "{rel} uses `{name}` from the bundled scenario"
            );
        }
    }
}

/// The lines of a TOML file that are not comments, joined.
fn code_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `word` occurs in `text` not touching other letters, digits or underscores.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].bytes().next_back();
        let after = text[i + word.len()..].bytes().next();
        !before.is_some_and(is_word_byte) && !after.is_some_and(is_word_byte)
    })
}

/// Whether `name` is used as a key in TOML text: `name =`, `[name]`, `[[name]]`, or a part
/// of a dotted table name such as `[model.tasks.signal]`. Comment lines are skipped.
fn has_key(text: &str, name: &str) -> bool {
    code_lines(text).lines().any(|line| {
        line.match_indices(name).any(|(i, _)| {
            if line[..i].bytes().next_back().is_some_and(is_word_byte) {
                return false;
            }
            let rest = line[i + name.len()..].trim_start();
            let mut chars = rest.chars();
            match chars.next() {
                Some('=') | Some(']') => true,
                Some('.') => chars.next().is_some_and(|c| c.is_ascii_lowercase()),
                _ => false,
            }
        })
    })
}

/// A Markdown table: its header cells and rows of cells.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

/// Every table of a Markdown text (outside code blocks).
fn tables(md: &str) -> Vec<Table> {
    let mut out = Vec::new();
    let mut in_code = false;
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let is_table = !in_code
            && line.trim_start().starts_with('|')
            && lines
                .get(i + 1)
                .is_some_and(|l| l.trim_start().starts_with("|---"));
        if !is_table {
            i += 1;
            continue;
        }
        let header = cells(line);
        let mut rows = Vec::new();
        i += 2;
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            rows.push(cells(lines[i]));
            i += 1;
        }
        out.push(Table { header, rows });
    }
    out
}

/// The backticked names in a cell.
fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The names in the first column of every table whose first header is `kind`.
fn first_column(md: &str, kind: &str) -> Vec<String> {
    tables(md)
        .into_iter()
        .filter(|t| t.header.first().is_some_and(|h| h == kind))
        .flat_map(|t| t.rows)
        .filter_map(|r| r.into_iter().next())
        .flat_map(|c| backticked(&c))
        .collect()
}

#[test]
fn every_documented_field_is_a_real_field() {
    let md = read(SCENARIOS_MD);
    let mut sources = vec![read(TEMPLATE), read(WORKED), read(BUNDLED)];
    sources.extend(PLANS.iter().map(|p| read(p)));
    let fields = first_column(&md, "field");
    assert!(
        fields.len() > 150,
        "expected the field tables to name over 150 fields, found {}",
        fields.len()
    );
    let unknown: Vec<&String> = fields
        .iter()
        .filter(|name| !sources.iter().any(|text| has_key(text, name)))
        .collect();
    assert!(
        unknown.is_empty(),
        "fields documented in {SCENARIOS_MD} but used as a key in no loadable file: {unknown:?}"
    );
}

#[test]
fn every_documented_gauge_principle_task_and_outcome_exists() {
    let md = read(SCENARIOS_MD);
    let gauges = first_column(&md, "gauge");
    assert_eq!(gauges.len(), 11, "the gauge table lists every gauge");
    for g in &gauges {
        let text = format!("gauge = \"{g}\"\nabove = 0.0\n");
        assert!(
            toml::from_str::<ConditionDoc>(&text).is_ok(),
            "`{g}` is not a gauge"
        );
    }
    let principles = first_column(&md, "principle");
    assert_eq!(principles.len(), Principle::ALL.len());
    for p in &principles {
        assert!(Principle::from_id(p).is_some(), "`{p}` is not a principle");
    }
    let tasks = first_column(&md, "task");
    assert_eq!(tasks.len(), Task::ALL.len());
    for t in &tasks {
        assert!(Task::from_id(t).is_some(), "`{t}` is not a task");
    }
    let outcomes = first_column(&md, "outcome");
    for o in &outcomes {
        assert!(Outcome::from_id(o).is_some(), "`{o}` is not an outcome");
    }
    for o in Outcome::ALL {
        assert!(
            outcomes.iter().any(|x| x == o.id()),
            "outcome `{}` is not documented",
            o.id()
        );
    }
}

/// Every key of every scenario file that ships with the game.
fn keys(value: &toml::Value, out: &mut BTreeSet<String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                out.insert(k.clone());
                // Effects map front and faction ids to numbers: those keys are ids.
                let id_map = matches!(k.as_str(), "tension" | "capacity") && v.is_table();
                if !id_map {
                    keys(v, out);
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_key_in_use_is_documented() {
    let md = read(SCENARIOS_MD);
    // The tables of `[model.tasks]` are named in the tasks table.
    let documented: BTreeSet<String> = first_column(&md, "field")
        .into_iter()
        .chain(first_column(&md, "task"))
        .collect();
    for rel in [TEMPLATE, WORKED, BUNDLED] {
        let value: toml::Value =
            toml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not TOML: {e}"));
        let mut used = BTreeSet::new();
        keys(&value, &mut used);
        let missing: Vec<&String> = used.difference(&documented).collect();
        assert!(
            missing.is_empty(),
            "{rel} uses keys {SCENARIOS_MD} does not document: {missing:?}"
        );
    }
}

#[test]
fn limits_table_quotes_the_engine() {
    let md = read(SCENARIOS_MD);
    for row in [
        format!("| fronts | 1–{MAX_FRONTS} |"),
        format!("| factions | 1–{MAX_FACTIONS} |"),
        format!("| events | 0–{MAX_EVENTS} |"),
        format!("| turns | 1–{MAX_TURNS} |"),
    ] {
        assert!(md.contains(&row), "{SCENARIOS_MD} lacks the row `{row}`");
    }
}

/// The table path a reference heading names: "#### `[model.us]`" gives `model.us`.
fn heading_path(line: &str) -> Option<Vec<String>> {
    let name = backticked(line.trim_start_matches('#'))
        .into_iter()
        .next()?;
    let inner = name.strip_prefix('[')?.strip_suffix(']')?;
    Some(inner.split('.').map(str::to_owned).collect())
}

/// The number a cell quotes for gaza-2023: the whole cell in a `gaza-2023` column, or what
/// follows "gaza-2023: " in a meaning. `None` when it quotes something else.
fn quoted_number(cell: &str) -> Option<f64> {
    let rest = match cell.split_once("gaza-2023: ") {
        Some((_, rest)) => rest,
        None => cell,
    };
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.trim_end_matches('.').parse().ok()
}

/// A value of the bundled scenario as a number: a rule's weight, or the number itself.
fn number_at(value: &toml::Value) -> Option<f64> {
    match value {
        toml::Value::Table(t) => t.get("weight").and_then(number_at),
        toml::Value::Float(f) => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

/// Every value the reference tables quote for gaza-2023 (in a `gaza-2023` column, or as
/// "gaza-2023: N" in a meaning) is the bundled scenario's, so a change of the bundled
/// coefficients cannot leave the reference quoting old ones.
#[test]
fn values_quoted_for_the_bundled_scenario_are_its_own() {
    let md = read(SCENARIOS_MD);
    let bundled: toml::Value = toml::from_str(&read(BUNDLED)).expect("the bundled scenario");
    let mut section: Option<Vec<String>> = None;
    let mut gaza_column: Option<usize> = None;
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut lines = md.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with('#') {
            section = heading_path(line);
            continue;
        }
        if !line.starts_with('|') {
            gaza_column = None;
            continue;
        }
        let row = cells(line);
        if lines.peek().is_some_and(|l| l.starts_with("|---")) {
            gaza_column = row.iter().position(|h| h == "gaza-2023");
            lines.next();
            continue;
        }
        let (Some(path), Some(field)) = (&section, row.first().map(|c| backticked(c))) else {
            continue;
        };
        let [field] = field.as_slice() else { continue };
        let cell = match gaza_column {
            Some(i) => row.get(i),
            None => row.last().filter(|c| c.contains("gaza-2023: ")),
        };
        let Some(quoted) = cell.and_then(|c| quoted_number(c)) else {
            continue;
        };
        let value = path
            .iter()
            .chain([field])
            .try_fold(&bundled, |v, key| v.get(key))
            .and_then(number_at);
        checked += 1;
        if value != Some(quoted) {
            wrong.push(format!(
                "{}.{field}: docs {quoted}, bundled {value:?}",
                path.join(".")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{SCENARIOS_MD} quotes old values: {wrong:#?}"
    );
    assert!(
        checked >= 40,
        "expected at least 40 quoted values, found {checked}"
    );
}

/// The ```toml blocks of a Markdown text whose first line names a file of the repository
/// (`# docs/examples/worked-example.toml`), with that file.
fn marked_excerpts(md: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut lines = md.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```toml" {
            continue;
        }
        let block: Vec<String> = lines
            .by_ref()
            .take_while(|l| l.trim() != "```")
            .map(str::to_owned)
            .collect();
        let Some(file) = block.first().and_then(|l| l.strip_prefix("# ")) else {
            continue;
        };
        if file.ends_with(".toml") && root().join(file).is_file() {
            out.push((file.to_owned(), block));
        }
    }
    out
}

#[test]
fn marked_excerpts_match_their_files() {
    let mut checked = 0;
    for doc in [SCENARIOS_MD, INSTRUCTORS_MD] {
        for (file, block) in marked_excerpts(&read(doc)) {
            let text = read(&file);
            let mut source = text.lines().map(str::trim);
            for line in block.iter().map(|l| l.trim()) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                assert!(
                    source.any(|s| s == line),
                    "{doc}: the excerpt of {file} has a line that is not in the file (or is out of order): {line}"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 8,
        "expected at least 8 marked excerpts, found {checked}"
    );
}

/// The `arenas` command lines of the ```sh blocks of a Markdown text, as argument lists.
fn command_lines(md: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = t == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        // Drop comments, redirections and pipes: only the command itself is checked.
        let t = t.split(" #").next().unwrap_or_default();
        let t = t.split(['>', '|']).next().unwrap_or_default().trim();
        let rest = if let Some(rest) = t.strip_prefix("cargo run --release -- ") {
            rest
        } else if let Some(rest) = t.strip_prefix("arenas ") {
            rest
        } else {
            continue;
        };
        let mut args = vec!["arenas".to_owned()];
        args.extend(rest.split_whitespace().map(str::to_owned));
        out.push(args);
    }
    out
}

#[test]
fn command_lines_in_the_docs_parse() {
    let mut checked = 0;
    for doc in [SCENARIOS_MD, INSTRUCTORS_MD] {
        for args in command_lines(&read(doc)) {
            if let Err(e) = Cli::try_parse_from(&args) {
                panic!("{doc}: `{}` does not parse:\n{e}", args.join(" "));
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 15,
        "expected at least 15 command lines, found {checked}"
    );
}

#[test]
fn docs_exist_and_name_their_commands() {
    let scenarios = read(SCENARIOS_MD);
    for needle in [
        "arenas scenario check",
        "arenas scenario new",
        "arenas sim",
        "--plan",
        "--history",
    ] {
        assert!(
            scenarios.contains(needle),
            "{SCENARIOS_MD} lacks `{needle}`"
        );
    }
    let instructors = read(INSTRUCTORS_MD);
    for needle in [
        "arenas report",
        "arenas replay",
        "--check",
        "arenas play --load",
        "--save-dir",
        "allow_undo",
        "allow_forecast",
        "--format csv",
    ] {
        assert!(
            instructors.contains(needle),
            "{INSTRUCTORS_MD} lacks `{needle}`"
        );
    }
}

/// The example instructor states the lesson plan names are in the repository and load.
#[test]
fn saves_named_in_the_lesson_plan_load() {
    let md = read(INSTRUCTORS_MD);
    let named: BTreeSet<&str> = md
        .split('`')
        .filter(|s| s.starts_with("saves/") && s.ends_with(".toml") && !s.contains('*'))
        .collect();
    assert!(
        named.len() >= 3,
        "expected the lesson plan to name 3 saves, found {named:?}"
    );
    for rel in named {
        let path: &Path = &root().join(rel);
        if let Err(d) = arenas::save::load_file(path) {
            panic!("{rel} does not load:\n{d}");
        }
    }
}
