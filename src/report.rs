//! Reports for instructors: one save's debrief, or a class summary of many saves.

use crate::engine::{Claim, Meter, Task};
use crate::game::Game;
use crate::text::clean;

/// One row of a class summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub file: String,
    pub name: String,
    pub outcome: String,
    pub turns: usize,
    /// Final value of every meter, in `Meter::ALL` order.
    pub meters: Vec<f64>,
    /// Share of active orders given deniably (0–1).
    pub deniable_share: f64,
    /// Sum of the intensities of all orders.
    pub total_intensity: u32,
    /// Weeks in which some member opened a front fully.
    pub escalation_weeks: usize,
    /// Weeks in which some member pressed US positions.
    pub us_pressure_weeks: usize,
}

impl Row {
    /// The row of a saved game.
    pub fn of(file: &str, name: &str, game: &Game) -> Row {
        let orders = game
            .turns
            .iter()
            .flat_map(|t| t.orders.iter())
            .filter(|o| o.is_active());
        let (mut active, mut deniable, mut total) = (0u32, 0u32, 0u32);
        for o in orders {
            active += 1;
            deniable += u32::from(o.claim == Claim::Deniable);
            total += u32::from(o.intensity);
        }
        let weeks_with = |task: Task| {
            game.turns
                .iter()
                .filter(|t| t.orders.iter().any(|o| o.is_active() && o.task == task))
                .count()
        };
        Row {
            file: clean(file),
            name: clean(name),
            outcome: game
                .state()
                .outcome
                .map_or_else(|| "in progress".to_owned(), |o| o.id().to_owned()),
            turns: game.turns.len(),
            meters: Meter::ALL.iter().map(|m| game.state().meter(*m)).collect(),
            deniable_share: if active == 0 {
                0.0
            } else {
                f64::from(deniable) / f64::from(active)
            },
            total_intensity: total,
            escalation_weeks: weeks_with(Task::Escalate),
            us_pressure_weeks: weeks_with(Task::HarassUs),
        }
    }
}

const HEADERS: [&str; 5] = ["file", "name", "outcome", "turns", "deniable share"];
const CHOICES: [&str; 3] = ["total intensity", "weeks escalating", "weeks pressing US"];

/// A class summary as a Markdown table, with the outcome counts after it.
pub fn markdown(rows: &[Row]) -> String {
    let meters: Vec<&str> = Meter::ALL.iter().map(|m| m.name()).collect();
    let mut head: Vec<&str> = HEADERS.to_vec();
    head.extend(&meters);
    head.extend(CHOICES);
    let mut out = String::from("# Class summary\n\n");
    out += &format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
    for r in rows {
        let mut cells = vec![
            r.file.clone(),
            r.name.clone(),
            r.outcome.clone(),
            r.turns.to_string(),
            format!("{:.0}%", 100.0 * r.deniable_share),
        ];
        cells.extend(Meter::ALL.iter().zip(&r.meters).map(|(m, v)| m.format(*v)));
        cells.extend([
            r.total_intensity.to_string(),
            r.escalation_weeks.to_string(),
            r.us_pressure_weeks.to_string(),
        ]);
        let cells: Vec<String> = cells.into_iter().map(|c| c.replace('|', "\\|")).collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out += "\n## Outcomes\n\n";
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in rows {
        *counts.entry(r.outcome.as_str()).or_default() += 1;
    }
    for (outcome, n) in counts {
        out += &format!("- {outcome}: {n} of {}\n", rows.len());
    }
    out
}

/// A class summary as CSV (RFC 4180 quoting).
pub fn csv(rows: &[Row]) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut head: Vec<String> = HEADERS.iter().map(|h| h.replace(' ', "_")).collect();
    head.extend(Meter::ALL.iter().map(|m| m.id().to_owned()));
    head.extend(CHOICES.iter().map(|h| h.replace(' ', "_")));
    let mut out = head.join(",") + "\n";
    for r in rows {
        let mut cells = vec![
            quote(&r.file),
            quote(&r.name),
            r.outcome.clone(),
            r.turns.to_string(),
            format!("{:.3}", r.deniable_share),
        ];
        cells.extend(r.meters.iter().map(|v| format!("{v:.3}")));
        cells.extend([
            r.total_intensity.to_string(),
            r.escalation_weeks.to_string(),
            r.us_pressure_weeks.to_string(),
        ]);
        out += &(cells.join(",") + "\n");
    }
    out
}
