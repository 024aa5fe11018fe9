//! Orders: the historical record of a scenario, and order lists from any file (plans and
//! saves too).

use std::collections::BTreeSet;

use super::{Checker, MAX_TEXT, ProblemSink};
use crate::diag::{Problem, Seg};
use crate::path;
use crate::scenario::doc::{OrderDoc, ScenarioDoc};
use arenas_core::engine::{FactionIdx, HistoryWeek, MAX_INTENSITY, Order, OrderProblem, Scenario};

/// The historical orders and notes of every week (all hold where the file has none).
pub(super) fn weeks(c: &mut Checker, doc: &ScenarioDoc, scenario: &Scenario) -> Vec<HistoryWeek> {
    let turns = usize::from(scenario.calendar.turns);
    let mut history = vec![
        HistoryWeek {
            note: String::new(),
            orders: scenario.all_hold()
        };
        turns
    ];
    let mut seen = BTreeSet::new();
    for (i, w) in doc.weeks.iter().enumerate() {
        let t = usize::from(w.turn);
        if !(1..=turns).contains(&t) {
            c.problem(
                path!["week", i, "turn"],
                format!("turn {t} is outside the campaign (1–{turns})"),
                "pick a turn of the campaign",
            );
            continue;
        }
        if !seen.insert(t) {
            c.problem(
                path!["week", i, "turn"],
                format!("turn {t} has two entries"),
                "merge them into one `[[week]]`",
            );
        }
        c.text(path!["week", i, "note"], &w.note, MAX_TEXT);
        let mut p = path!["week", i];
        if let Some(orders) = orders(c, &mut p, &w.orders, scenario) {
            history[t - 1] = HistoryWeek {
                note: w.note.clone(),
                orders,
            };
        }
    }
    history
}

/// Checks a list of orders against the scenario and its budget; `path` points at the table
/// that holds the `orders` array.
pub(crate) fn orders(
    c: &mut impl ProblemSink,
    path: &mut Vec<Seg>,
    list: &[OrderDoc],
    scenario: &Scenario,
) -> Option<Vec<Order>> {
    let before = c.count();
    let mut out = scenario.all_hold();
    let mut given = vec![false; scenario.factions.len()];
    path.push(Seg::Key("orders".into()));
    for (j, o) in list.iter().enumerate() {
        path.push(Seg::Index(j));
        let (faction, order) = order(c, path, o, scenario);
        if let Some(f) = faction {
            if given[f] {
                let mut at = path.clone();
                at.push(Seg::Key("faction".into()));
                c.push(
                    Problem::new(at, format!("`{}` has two orders", o.faction))
                        .hint("give each faction one order per turn"),
                );
            }
            given[f] = true;
            if let Some(order) = order {
                out[f] = order;
            }
        }
        path.pop();
    }
    if c.count() == before
        && let Err((None, over_budget)) = scenario.check_orders(&out)
    {
        c.push(
            Problem::new(path.clone(), over_budget.to_string())
                .hint("lower intensities, or act on home fronts"),
        );
    }
    path.pop();
    (c.count() == before).then_some(out)
}

/// Checks one order of a file (at `path`) against the scenario: the faction it names, and,
/// when its front and intensity can be read, the order (even an illegal one, whose problem
/// is reported).
pub(crate) fn order(
    c: &mut impl ProblemSink,
    path: &[Seg],
    o: &OrderDoc,
    scenario: &Scenario,
) -> (Option<FactionIdx>, Option<Order>) {
    let at = |key: &str| {
        let mut p = path.to_vec();
        p.push(Seg::Key(key.into()));
        p
    };
    let faction = scenario.faction_index(&o.faction);
    let front = scenario.front_index(&o.front);
    if faction.is_none() {
        c.push(
            Problem::new(at("faction"), format!("no faction has id `{}`", o.faction)).hint(
                super::one_of(scenario.factions.iter().map(|f| f.id.as_str())),
            ),
        );
    }
    if front.is_none() {
        c.push(
            Problem::new(at("front"), format!("no front has id `{}`", o.front))
                .hint(super::one_of(scenario.fronts.iter().map(|f| f.id.as_str()))),
        );
    }
    let intensity = u8::try_from(o.intensity).ok();
    if intensity.is_none() {
        c.push(
            Problem::new(
                at("intensity"),
                format!("intensity {} is out of range", o.intensity),
            )
            .hint(format!("use 0–{MAX_INTENSITY}")),
        );
    }
    let (Some(f), Some(front), Some(intensity)) = (faction, front, intensity) else {
        return (faction, None);
    };
    let order = Order {
        front,
        task: o.task,
        intensity,
        claim: o.claim,
    };
    if let Err(problem) = scenario.check_order(f, &order) {
        let hint = match problem {
            OrderProblem::Intensity { .. } => format!("use 0–{MAX_INTENSITY}"),
            _ => "change the order to one the scenario allows".into(),
        };
        let field = at(problem.field().unwrap_or("task"));
        let message = match problem {
            OrderProblem::Intensity { intensity } => {
                format!("intensity {intensity} is out of range")
            }
            other => other.to_string(),
        };
        c.push(Problem::new(field, message).hint(hint));
    }
    (faction, Some(order))
}
