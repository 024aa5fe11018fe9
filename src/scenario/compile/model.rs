//! The model coefficients of a scenario: every number finite and within its bounds.

use super::Checker;
use crate::diag::Seg;
use crate::engine::Task;
use crate::path;
use crate::scenario::doc::ScenarioDoc;

/// Every number of the model must be finite and non-negative; some have upper bounds.
pub(super) fn model(c: &mut Checker, doc: &ScenarioDoc) {
    fn walk(c: &mut Checker, path: &mut Vec<Seg>, v: &serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    path.push(Seg::Key(k.clone()));
                    walk(c, path, v);
                    path.pop();
                }
            }
            serde_json::Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                c.range(path.clone(), x, 0.0, 1e6);
            }
            _ => {}
        }
    }
    let m = &doc.model;
    let unit = [
        (path!["model", "us", "harm_memory"], m.us.harm_memory),
        (
            path!["model", "us", "stand_down_below"],
            m.us.stand_down_below,
        ),
        (path!["model", "us", "stand_down"], m.us.stand_down),
        (
            path!["model", "ambiguity", "drift", "weight"],
            m.ambiguity.drift.weight,
        ),
        (
            path!["model", "ambiguity", "claimed_share"],
            m.ambiguity.claimed_share,
        ),
        (
            path!["model", "capacity", "max_diversion"],
            m.capacity.max_diversion,
        ),
        (
            path!["model", "draws", "miscalculation", "weight"],
            m.draws.miscalculation.weight,
        ),
        (
            path!["model", "draws", "ceasefire", "weight"],
            m.draws.ceasefire.weight,
        ),
    ];
    for (p, x) in unit {
        c.range(p, x, 0.0, 1.0);
    }
    for (key, base) in [
        ("forces_base", m.us.forces_base),
        ("escalation_base", m.us.escalation_base),
    ] {
        if !(base > 0.0 && base < 1.0) {
            c.problem(
                path!["model", "us", key],
                "a base probability must be strictly between 0 and 1",
                "use a value such as 0.05",
            );
        }
    }
    c.range(
        path!["model", "ambiguity", "baseline"],
        m.ambiguity.baseline,
        0.0,
        100.0,
    );
    for (p, x) in [
        (
            path!["model", "us_pressure", "concentrated"],
            m.us_pressure.concentrated,
        ),
        (
            path!["model", "us_pressure", "decay", "weight"],
            m.us_pressure.decay.weight,
        ),
        (
            path!["model", "retaliation", "memory"],
            m.retaliation.memory,
        ),
        (
            path!["model", "autonomy", "self_action", "weight"],
            m.autonomy.self_action.weight,
        ),
        (path!["model", "siege", "degrade"], m.siege.degrade),
        (
            path!["model", "capacity", "max_resistance"],
            m.capacity.max_resistance,
        ),
    ] {
        c.range(p, x, 0.0, 1.0);
    }
    for task in Task::ALL.iter().filter(|t| **t != Task::Hold) {
        let t = m.tasks.get(*task);
        for (key, value) in [
            ("visibility", t.visibility),
            ("diversion", t.diversion),
            ("threat", t.threat),
            ("leverage", t.leverage),
        ] {
            c.range(path!["model", "tasks", task.id(), key], value, 0.0, 1.0);
        }
        if t.cost > 1000 {
            c.problem(
                path!["model", "tasks", task.id(), "cost"],
                "cost is above 1000",
                "use a small number of points per level",
            );
        }
    }
    match serde_json::to_value(&doc.model) {
        Ok(v) => walk(c, &mut path!["model"], &v),
        // Non-finite floats cannot become JSON numbers.
        Err(_) => c.problem(
            path!["model"],
            "the model holds a number that is not finite",
            "replace nan or inf with a number",
        ),
    }
}
