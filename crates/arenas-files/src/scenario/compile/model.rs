//! The whole numbers of the model, which the range check of decimal numbers leaves out.

use super::Checker;
use crate::diag::whole_range;
use crate::path;
use crate::scenario::doc::ScenarioDoc;
use arenas_core::engine::Task;
use arenas_core::schema_hints::MODEL_MAX;

/// Largest cost of one intensity level of a task, in coordination points.
const MAX_COST: u32 = 1000;

/// The points of the model: the budget and the costs of acting.
pub(super) fn model(c: &mut Checker, doc: &ScenarioDoc) {
    let m = &doc.model;
    let range = |key: &str| {
        format!(
            "use a whole number from {}",
            whole_range(key).unwrap_or_default()
        )
    };
    for (key, points) in [("budget", m.budget), ("off_home_cost", m.off_home_cost)] {
        if f64::from(points) > MODEL_MAX {
            c.problem(
                path!["model", key],
                format!("{key} = {points} is out of range"),
                range(key),
            );
        }
    }
    for task in Task::ALL.iter().filter(|t| **t != Task::Hold) {
        let cost = m.tasks.get(*task).cost;
        if cost > MAX_COST {
            c.problem(
                path!["model", "tasks", task.id(), "cost"],
                format!("cost = {cost} is out of range"),
                range("cost"),
            );
        }
    }
}
