//! The class summary for instructors: one row per saved campaign, as a Markdown table with
//! the outcome counts after it, or as CSV for a spreadsheet. (One save's report is its
//! [`Debrief`](crate::debrief::Debrief).)

use std::collections::BTreeMap;
use std::io;

use crate::engine::{Claim, Meter, Task};
use crate::save::{Integrity, Saved};
use crate::text::{clean, csv_cell, markdown};

/// A class summary of saved campaigns.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassSummary {
    /// One row per save, in the order given.
    pub rows: Vec<SaveRow>,
}

/// One row of a class summary: a saved campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveRow {
    /// The save's file.
    pub file: String,
    /// The save's name.
    pub name: String,
    /// The outcome's id, or "in progress".
    pub outcome: String,
    /// Weeks played.
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
    /// Whether the file is as the game wrote it.
    pub integrity: Integrity,
}

impl SaveRow {
    /// The row of a saved game read from `file`.
    pub fn of(file: &str, saved: &Saved) -> SaveRow {
        let game = &saved.game;
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
        SaveRow {
            file: clean(file),
            name: clean(&saved.name),
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
            integrity: saved.integrity,
        }
    }
}

/// The first columns, before the meters.
const HEADERS: [&str; 5] = ["file", "name", "outcome", "turns", "deniable share"];
/// The last columns, after the meters.
const CHOICES: [&str; 3] = ["total intensity", "weeks escalating", "weeks pressing US"];
/// The last column: whether the file is as the game wrote it.
const CHECKED: &str = "file check";

impl ClassSummary {
    /// The summary of saves, a row each, each named by its file.
    pub fn of(saves: &[(String, Saved)]) -> ClassSummary {
        ClassSummary {
            rows: saves.iter().map(|(file, s)| SaveRow::of(file, s)).collect(),
        }
    }

    /// The headings of the table's columns, as people read them.
    pub fn headings() -> Vec<&'static str> {
        let mut head: Vec<&str> = HEADERS.to_vec();
        head.extend(Meter::ALL.iter().map(|m| m.name()));
        head.extend(CHOICES);
        head.push(CHECKED);
        head
    }

    /// The summary as a Markdown table, with the outcome counts after it; text from the
    /// saves is escaped (see [`markdown`]).
    pub fn to_markdown(&self) -> String {
        let rows = &self.rows;
        let head = Self::headings();
        let mut out = String::from("# Class summary\n\n");
        out += &format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
        for r in rows {
            let cells: Vec<String> = r.shown_cells().iter().map(|c| markdown(c)).collect();
            out += &format!("| {} |\n", cells.join(" | "));
        }
        out += "\n## Outcomes\n\n";
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in rows {
            *counts.entry(r.outcome.as_str()).or_default() += 1;
        }
        for (outcome, n) in counts {
            out += &format!("- {}: {n} of {}\n", markdown(outcome), rows.len());
        }
        out
    }

    /// The summary as CSV (RFC 4180 quoting, `\n` line ends), with a header row of ids.
    /// Text cells a spreadsheet would read as formulas are neutralised (see [`csv_cell`]);
    /// numbers are written as numbers.
    ///
    /// # Errors
    /// Only if the CSV writer fails, which it does not when writing to memory.
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        let ids = |h: &&str| h.replace(' ', "_");
        let mut head: Vec<String> = HEADERS.iter().map(ids).collect();
        head.extend(Meter::ALL.iter().map(|m| m.id().to_owned()));
        head.extend(CHOICES.iter().map(ids));
        head.push(ids(&CHECKED));
        out.write_record(&head)?;
        for r in &self.rows {
            let mut cells = vec![
                csv_cell(&r.file),
                csv_cell(&r.name),
                csv_cell(&r.outcome),
                r.turns.to_string(),
                format!("{:.3}", r.deniable_share),
            ];
            cells.extend(r.meters.iter().map(|v| format!("{v:.3}")));
            cells.extend(r.choices());
            cells.push(r.checked().to_owned());
            out.write_record(&cells)?;
        }
        let bytes = out.into_inner().map_err(|e| e.into_error())?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e).into())
    }
}

impl SaveRow {
    /// The row's cells as a table shows them, not yet escaped, under
    /// [`ClassSummary::headings`].
    pub fn shown_cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.file.clone(),
            self.name.clone(),
            self.outcome.clone(),
            self.turns.to_string(),
            format!("{:.0}%", 100.0 * self.deniable_share),
        ];
        cells.extend(
            Meter::ALL
                .iter()
                .zip(&self.meters)
                .map(|(m, v)| m.format(*v)),
        );
        cells.extend(self.choices());
        cells.push(self.checked().to_owned());
        cells
    }

    /// The cell of the [`CHECKED`] column.
    fn checked(&self) -> &'static str {
        integrity_word(self.integrity)
    }

    /// The cells of the last columns ([`CHOICES`]).
    fn choices(&self) -> [String; 3] {
        [
            self.total_intensity.to_string(),
            self.escalation_weeks.to_string(),
            self.us_pressure_weeks.to_string(),
        ]
    }
}

/// What a report says, above a save's debrief, about a save that is not sealed.
pub fn integrity_note(integrity: Integrity) -> Option<&'static str> {
    match integrity {
        Integrity::Sealed => None,
        Integrity::Edited => Some(
            "this save was changed after Arenas wrote it; the campaign below is the replay of \
             its orders under its scenario as it now stands.",
        ),
        Integrity::Unsealed => Some(
            "this save was written before saves were sealed; its orders replay to its hashes, \
             but other edits cannot be ruled out.",
        ),
    }
}

/// How a report marks a save's integrity: `sealed`, `EDITED` or `unsealed`.
pub fn integrity_word(integrity: Integrity) -> &'static str {
    match integrity {
        Integrity::Sealed => "sealed",
        Integrity::Edited => "EDITED",
        Integrity::Unsealed => "unsealed",
    }
}
