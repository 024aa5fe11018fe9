//! No cliffs: scaling any one `[model]` coefficient of the bundled scenario by ±5 % moves
//! no outcome share of the historical course or of tests/plans/calibrated.toml by more
//! than [`LIMIT`]. Every variant plays the same campaigns (common seeds) as the unmodified
//! scenario. Run with `--nocapture` to see the largest moves.

use std::num::NonZeroUsize;
use std::path::Path;

use arenas::engine::{Outcome, Scenario, Schedule};
use arenas::forecast::simulate;
use arenas::totals::Totals;
use toml::{Table, Value};

/// Campaigns per plan and variant.
const RUNS: u64 = 2000;
/// The batch seed every variant shares.
const SEED: u64 = 2023;
/// The factors each coefficient is scaled by.
const FACTORS: [f64; 2] = [0.95, 1.05];
/// The largest move of an outcome share allowed.
const LIMIT: f64 = 0.10;
/// Integer keys that are not coefficients: the budget and order costs.
const SKIPPED: [&str; 3] = ["budget", "off_home_cost", "cost"];

/// The bundled scenario's document.
fn bundled() -> Table {
    let b = &arenas::scenario::BUNDLED[0];
    assert_eq!(b.id, "gaza-2023");
    b.text.parse().expect("the bundled scenario is TOML")
}

/// Paths (under `model`) of every non-zero float coefficient; for `{ weight, principle }`
/// rules the path ends in `weight`.
fn coefficients(table: &Table, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for (key, value) in table {
        let path: Vec<String> = prefix.iter().cloned().chain([key.clone()]).collect();
        match value {
            Value::Table(t) => coefficients(t, &path, out),
            Value::Float(x) if *x != 0.0 => out.push(path),
            Value::Integer(_) => assert!(
                SKIPPED.contains(&key.as_str()),
                "integer coefficient {} is neither varied nor known to be skipped",
                path.join(".")
            ),
            _ => {}
        }
    }
}

/// The float at `path` in `doc`, for changing it.
fn float_at<'a>(doc: &'a mut Table, path: &[String]) -> &'a mut f64 {
    let (last, parents) = path.split_last().expect("a non-empty path");
    let mut t = doc;
    for key in parents {
        t = t
            .get_mut(key)
            .and_then(Value::as_table_mut)
            .expect("a table");
    }
    match t.get_mut(last) {
        Some(Value::Float(x)) => x,
        _ => panic!("{} is not a float", path.join(".")),
    }
}

/// Checks a document through the game's own scenario parser; `None` when a value is out
/// of its allowed range (a coefficient at the edge of its range cannot be scaled past it).
fn compile(doc: &Table) -> Option<Scenario> {
    let text = toml::to_string(doc).expect("the document serialises");
    match arenas::scenario::parse("<varied>", &text) {
        Ok(loaded) => Some((*loaded.scenario).clone()),
        Err(d) if d.to_string().contains("out of range") => None,
        Err(d) => panic!("{d}"),
    }
}

/// The two courses every variant plays: the historical one and the calibrated plan.
fn courses(sc: &Scenario) -> [(&'static str, Schedule); 2] {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/calibrated.toml");
    let plan = arenas::plan::load_file(&path, sc).unwrap_or_else(|d| panic!("{d}"));
    [("historical", sc.historical_course()), ("calibrated", plan)]
}

fn play(sc: &Scenario, schedule: &Schedule) -> Totals {
    simulate(sc, schedule, RUNS, SEED, NonZeroUsize::new(2).expect("two"))
}

/// One outcome share's move under one variant.
struct Move {
    coefficient: String,
    factor: f64,
    course: &'static str,
    outcome: Outcome,
    points: f64,
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "statistical and slow without optimisations: `cargo test --release --test sensitivity` (CI runs it)"
)]
fn no_model_coefficient_has_a_cliff_within_five_percent() {
    let doc = bundled();
    let base = compile(&doc).expect("the bundled scenario is valid");
    assert_eq!(
        base,
        *arenas::scenario::default_scenario().scenario,
        "writing the document back changes the scenario"
    );
    let courses = courses(&base);
    let reference: Vec<Totals> = courses.iter().map(|(_, s)| play(&base, s)).collect();
    let mut paths = Vec::new();
    let model = doc["model"].as_table().expect("a [model] table");
    coefficients(model, &["model".to_string()], &mut paths);
    assert!(paths.len() > 50, "only {} coefficients found", paths.len());

    let mut moves = Vec::new();
    let mut out_of_range = Vec::new();
    for path in &paths {
        for factor in FACTORS {
            let mut varied = doc.clone();
            *float_at(&mut varied, path) *= factor;
            let Some(sc) = compile(&varied) else {
                out_of_range.push(format!("{} ×{factor}", path.join(".")));
                continue;
            };
            for ((course, schedule), before) in courses.iter().zip(&reference) {
                let after = play(&sc, schedule);
                moves.extend(Outcome::ALL.iter().map(|&outcome| Move {
                    coefficient: path.join("."),
                    factor,
                    course,
                    outcome,
                    points: 100.0 * (after.fraction(outcome) - before.fraction(outcome)),
                }));
            }
        }
    }
    moves.sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()));
    println!("{} coefficients × {FACTORS:?}, {RUNS} runs", paths.len());
    println!("out of range, not played: {out_of_range:?}");
    for m in moves.iter().take(15) {
        println!(
            "{:<40} ×{:.2} {:<10} {:<24} {:+.2} points",
            m.coefficient,
            m.factor,
            m.course,
            m.outcome.id(),
            m.points
        );
    }
    let cliffs: Vec<String> = moves
        .iter()
        .take_while(|m| m.points.abs() > 100.0 * LIMIT)
        .map(|m| {
            format!(
                "{} ×{} {} {} {:+.1}",
                m.coefficient,
                m.factor,
                m.course,
                m.outcome.id(),
                m.points
            )
        })
        .collect();
    assert!(cliffs.is_empty(), "cliffs: {cliffs:#?}");
}
