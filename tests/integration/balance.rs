//! `arenas balance`: the command line end to end, and structural properties of the search.
//! Nothing here asserts what the best plan looks like: only that it is legal, fits the
//! budget, scores no worse than restraint and does not depend on the thread count.

use crate::common;

use common::{TempDir, assert_exit, run};

use std::num::NonZeroUsize;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use arenas::balance::{self, Settings, Space};
use arenas::engine::{Scenario, Schedule, rng_from_seed};
use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

const SMALL: [&str; 6] = ["--budget", "24", "--runs", "300", "--seed", "7"];

fn json_of(out: &Output) -> Value {
    assert_exit(out, 0);
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn gaza() -> Arc<Scenario> {
    arenas::scenario::default_scenario().scenario
}

fn settings(budget: u64, runs: u64, seed: u64, threads: usize) -> Settings {
    Settings {
        budget,
        runs,
        seed,
        threads: NonZeroUsize::new(threads).expect("threads > 0"),
    }
}

#[test]
fn json_has_every_key() {
    let v = json_of(&run(["balance", "--format", "json"].iter().chain(&SMALL)));
    for key in [
        "scenario",
        "title",
        "turn_budget",
        "budget",
        "evaluations",
        "runs",
        "seed",
        "check_runs",
        "check_seed",
        "formula",
        "weights",
        "best",
        "references",
    ] {
        assert!(v.get(key).is_some(), "missing `{key}` in {v:#}");
    }
    assert_eq!(v["evaluations"], 24);
    assert_eq!(v["check_runs"], 3000);
    assert_ne!(v["check_seed"], v["seed"]);
    let names: Vec<&str> = v["references"]
        .as_array()
        .expect("references is an array")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["restraint", "historical"]);
    let best = &v["best"];
    for key in ["name", "search_score", "check", "shape", "plan"] {
        assert!(best.get(key).is_some(), "missing best.{key}");
    }
    for key in ["runs", "seed", "score", "outcomes"] {
        assert!(best["check"].get(key).is_some(), "missing best.check.{key}");
    }
    assert_eq!(
        best["check"]["outcomes"].as_object().map(|o| o.len()),
        Some(7)
    );
    for key in [
        "active_per_week",
        "members",
        "active_orders",
        "fronts",
        "exposure",
        "intensity_mix",
        "deniable_share",
        "harassment",
        "repetition",
        "max_turn_cost",
    ] {
        assert!(best["shape"].get(key).is_some(), "missing best.shape.{key}");
    }
    assert!(best["shape"]["max_turn_cost"].as_u64() <= v["turn_budget"].as_u64());
    let restraint = v["references"][0]["search_score"].as_f64();
    assert!(best["search_score"].as_f64() >= restraint, "{v:#}");
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    for format in ["json", "text"] {
        let one = run(["balance", "--threads", "1", "--format", format]
            .iter()
            .chain(&SMALL));
        let two = run(["balance", "--threads", "2", "--format", format]
            .iter()
            .chain(&SMALL));
        assert_exit(&one, 0);
        assert_exit(&two, 0);
        assert_eq!(text(&one.stdout), text(&two.stdout));
        assert!(one.stderr.is_empty(), "no progress bar on a pipe");
    }
}

#[test]
fn text_report_names_the_plans_and_the_score() {
    let out = run(["balance", "--format", "text"].iter().chain(&SMALL));
    assert_exit(&out, 0);
    let t = text(&out.stdout);
    for part in [
        "score = P(ceasefire_preserved)",
        "restraint",
        "historical",
        "best plan",
    ] {
        assert!(t.contains(part), "missing `{part}` in\n{t}");
    }
}

#[test]
fn the_written_plan_loads_back_with_sim() {
    let dir = TempDir::new("out");
    let plan = dir.path("best.toml");
    let out = run(["balance", "--out"]
        .iter()
        .map(Path::new)
        .chain([plan.as_path()])
        .chain(SMALL.iter().map(Path::new)));
    assert_exit(&out, 0);
    let sim = run([
        "sim".as_ref(),
        "--plan".as_ref(),
        plan.as_os_str(),
        "--runs".as_ref(),
        "50".as_ref(),
    ]);
    assert_exit(&sim, 0);
    let check = run(["scenario".as_ref(), "check".as_ref(), plan.as_os_str()]);
    assert_exit(&check, 0);
    // Identical consecutive weeks are collapsed: no entry repeats the one before.
    let doc: toml::Table = toml::from_str(&std::fs::read_to_string(&plan).expect("read plan"))
        .expect("the plan is TOML");
    let entries = doc["turn"].as_array().expect("[[turn]] entries");
    assert_eq!(entries[0]["from"].as_integer(), Some(1));
    for pair in entries.windows(2) {
        assert!(pair[0]["from"].as_integer() < pair[1]["from"].as_integer());
        assert_ne!(pair[0]["orders"], pair[1]["orders"]);
    }
    // The patron's acts are always traced: its orders carry no claim, every other one does.
    let orders: Vec<&toml::Table> = entries
        .iter()
        .flat_map(|e| e["orders"].as_array().expect("orders"))
        .map(|o| o.as_table().expect("an order"))
        .collect();
    assert!(
        orders
            .iter()
            .any(|o| o["faction"].as_str() == Some("quds_force")),
        "the plan gives the patron an order"
    );
    for o in &orders {
        let patron = o["faction"].as_str() == Some("quds_force");
        assert_eq!(o.contains_key("claim"), !patron, "{o}");
    }
    // The file holds exactly the plan found.
    let scenario = gaza();
    let found = balance::run(Arc::clone(&scenario), &settings(24, 300, 7, 2), false)
        .expect("the search succeeds");
    let loaded = arenas::plan::load_file(&plan, &scenario).expect("the plan loads");
    assert_eq!(loaded, Schedule::new(found.best.turns));
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["balance", "--budget", "0"][..],
        &["balance", "--runs", "0"],
        &["balance", "--budget", "many"],
        &["balance", "--format", "xml"],
        &["balance", "--threads", "0"],
        &["balance", "--scenario", "no-such-scenario.toml"],
        &["balance", "--frobnicate"],
    ] {
        let out = run(args);
        assert_exit(&out, 2);
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

#[test]
fn best_plan_is_legal_and_no_worse_than_restraint() {
    let mut scenario = (*gaza()).clone();
    for budget in [60, 5] {
        scenario.model.budget = budget;
        let scenario = Arc::new(scenario.clone());
        let b = balance::run(Arc::clone(&scenario), &settings(40, 200, 3, 2), false)
            .expect("the search succeeds");
        let space = Space::new(&scenario);
        assert_eq!(space.problem(&b.best.turns), None);
        assert!(b.best.shape.max_turn_cost <= budget);
        let restraint = &b.references[0];
        assert_eq!(restraint.name, "restraint");
        assert!(b.best.search_score >= restraint.search_score);
    }
}

#[test]
fn random_plans_and_their_neighbours_are_legal() {
    let scenario = gaza();
    let space = Space::new(&scenario);
    let mut rng = rng_from_seed(11);
    for _ in 0..50 {
        let mut plan = space.random_plan(&mut rng);
        assert_eq!(space.problem(&plan), None);
        for _ in 0..40 {
            if let Some(next) = space.neighbour(&mut rng, &plan) {
                assert_eq!(space.problem(&next), None);
                assert_ne!(next, plan);
                plan = next;
            }
        }
    }
}

#[test]
fn score_weights_are_stated() {
    let formula = balance::formula();
    for (outcome, _) in balance::WEIGHTS {
        assert!(formula.contains(outcome.id()), "{formula}");
    }
    assert!(formula.starts_with("score = P(ceasefire_preserved) − 2·P("));
}
