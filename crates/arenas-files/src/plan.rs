//! Plan files: orders for headless runs, `[[turn]]` entries that apply from their turn on.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostics, Problem, Source};
use crate::files::{self, MAX_SCENARIO_BYTES};
use crate::path;
use crate::scenario::check_orders;
use crate::scenario::doc::OrderDoc;
use arenas_core::engine::{Scenario, Schedule};

/// A plan file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanDoc {
    /// Entries in increasing order of `from`, one per turn at most.
    #[serde(rename = "turn")]
    #[schemars(length(min = 1, max = arenas_core::engine::MAX_TURNS))]
    pub turns: Vec<PlanTurnDoc>,
}

/// Orders that apply from turn `from` until the next entry; factions not named hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTurnDoc {
    /// First turn the orders apply to.
    #[schemars(range(min = 1, max = arenas_core::engine::MAX_TURNS))]
    pub from: u16,
    /// One order per faction at most; factions not named hold.
    #[serde(default)]
    pub orders: Vec<OrderDoc>,
}

/// Checks a plan against a scenario and expands it into orders for every turn.
pub fn compile(doc: &PlanDoc, scenario: &Scenario) -> Result<Schedule, Vec<Problem>> {
    let turns = scenario.calendar.turns;
    let mut problems = Vec::new();
    if doc.turns.is_empty() {
        problems.push(
            Problem::new(path![], "the plan has no `[[turn]]` entries")
                .hint("add `[[turn]]` with `from = 1` and an `orders` array"),
        );
    }
    if doc.turns.len() > usize::from(turns) {
        problems.push(
            Problem::new(
                path!["turn"],
                format!("the plan has {} entries for {turns} turns", doc.turns.len()),
            )
            .hint("give one `[[turn]]` entry per turn at most"),
        );
    }
    let mut schedule = vec![scenario.all_hold(); usize::from(turns)];
    // Entries past one per turn are refused above and not checked one by one.
    for (i, entry) in doc.turns.iter().enumerate().take(usize::from(turns)) {
        let from = entry.from;
        if !(1..=turns).contains(&from) {
            problems.push(
                Problem::new(
                    path!["turn", i, "from"],
                    format!("turn {from} is outside the campaign (1–{turns})"),
                )
                .hint("pick a turn of the campaign"),
            );
            continue;
        }
        if i > 0 && from <= doc.turns[i - 1].from {
            problems.push(
                Problem::new(
                    path!["turn", i, "from"],
                    "entries must have increasing `from` turns",
                )
                .hint("order the entries by turn"),
            );
            continue;
        }
        let before = problems.len();
        let mut p = path!["turn", i];
        let orders = check_orders(&mut problems, &mut p, &entry.orders, scenario);
        for problem in &mut problems[before..] {
            problem.message = format!("turn {from}: {}", problem.message);
        }
        if let Some(orders) = orders {
            for slot in &mut schedule[usize::from(from) - 1..] {
                slot.clone_from(&orders);
            }
        }
    }
    if problems.is_empty() {
        Ok(Schedule::new(schedule))
    } else {
        Err(problems)
    }
}

/// Parses and checks plan text; `file` names it in diagnostics.
pub fn parse(file: &str, text: &str, scenario: &Scenario) -> Result<Schedule, Diagnostics> {
    let src = Source { file, text };
    let doc: PlanDoc = toml::from_str(text).map_err(|e| Diagnostics(vec![src.from_toml(&e)]))?;
    compile(&doc, scenario).map_err(|problems| src.locate(problems))
}

/// Loads a plan from a file.
pub fn load_file(path: &std::path::Path, scenario: &Scenario) -> Result<Schedule, Diagnostics> {
    let text = files::read_text(path, MAX_SCENARIO_BYTES)?;
    let file = path.display().to_string();
    parse(&file, &text, scenario).map_err(|d| {
        crate::file_kind::or_other_kind(&file, &text, crate::file_kind::FileKind::Plan, d)
    })
}
