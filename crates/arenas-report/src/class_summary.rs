//! The class summary for instructors: one row per saved campaign, as a Markdown table with
//! the outcome counts after it, or as CSV for a spreadsheet. (One save's report is its
//! [`Debrief`](crate::debrief::Debrief).)

use std::io;
use std::sync::Arc;

use arenas_core::engine::{Claim, Meter, Outcome, Scenario, Task};
use arenas_files::save::{Integrity, Rules, Saved};
use arenas_files::text::{clean, csv_cell, markdown};
use arenas_sim::forecast::Start;
use arenas_sim::reference::{REFERENCE_RUNS, Reference};

mod class_files;
pub use class_files::{ClassFiles, Handout, UNPLAYED_HANDOUT, one_per_campaign};

/// A class summary of saved campaigns.
#[derive(Clone, Debug)]
pub struct ClassSummary {
    /// One row per save, in the order given.
    pub rows: Vec<SaveRow>,
    /// The scenarios played, each once, in the order first met, with the rows of each.
    pub scenarios: Vec<(Arc<Scenario>, Vec<usize>)>,
    /// What became of each file given.
    pub files: ClassFiles,
    /// For each scenario (in the order of `scenarios`), the handout every campaign of it
    /// began from, when they all began from one.
    pub handouts: Vec<Option<Handout>>,
}

/// One row of a class summary: a saved campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveRow {
    /// The save's file.
    pub file: String,
    /// The save's name.
    pub name: String,
    /// The scenario's id and version.
    pub scenario: String,
    pub version: String,
    pub seed: u64,
    pub campaign: String,
    /// The first turn the players gave orders for: after the turns an instructor prepared.
    pub start: usize,
    /// Turns committed in all, prepared ones included.
    pub turns: usize,
    /// The outcome's name, or "in progress".
    pub outcome: String,
    /// Final value of every meter, in `Meter::ALL` order.
    pub meters: Vec<f64>,
    /// The statistics of the players' own orders (prepared turns left out):
    /// share of active orders given deniably (0–1), none when they gave none.
    pub deniable_share: Option<f64>,
    /// Sum of the intensities of the orders.
    pub total_intensity: u32,
    /// Turns in which some member opened a front fully.
    pub escalation_weeks: usize,
    /// Turns in which some member pressed US positions.
    pub us_pressure_weeks: usize,
    /// Each member's exposure at the end (what the adversary remembers of its acts), in
    /// the scenario's order of members.
    pub exposure: Vec<f64>,
    /// The player's predictions by week: (week, whether it came true), in order.
    pub predictions: Vec<(u16, bool)>,
    /// Whether the file is as the game wrote it.
    pub integrity: Integrity,
    /// Whether its rules are those of the scenario it names.
    pub rules: Rules,
}

impl SaveRow {
    /// The row of a saved game read from `file`.
    pub fn of(file: &str, saved: &Saved) -> SaveRow {
        let game = &saved.game;
        let sc = &game.scenario;
        // The players' own turns: those after the ones an instructor prepared.
        let own = || game.turns.iter().skip(usize::from(saved.prepared));
        let orders = own()
            .flat_map(|t| t.orders.iter())
            .filter(|o| o.is_active());
        let (mut active, mut deniable, mut total) = (0u32, 0u32, 0u32);
        for o in orders {
            active += 1;
            deniable += u32::from(o.claim == Claim::Deniable);
            total += u32::from(o.intensity);
        }
        let weeks_with = |task: Task| {
            own()
                .filter(|t| t.orders.iter().any(|o| o.is_active() && o.task == task))
                .count()
        };
        SaveRow {
            file: clean(file),
            name: campaign_name(saved),
            scenario: clean(&sc.meta.id),
            version: clean(&sc.meta.version),
            seed: game.seed,
            campaign: saved.campaign.to_string(),
            start: usize::from(saved.prepared) + 1,
            turns: game.turns.len(),
            outcome: game
                .state()
                .outcome
                .map_or_else(|| IN_PROGRESS.to_owned(), |o| o.name().to_owned()),
            meters: Meter::ALL.iter().map(|m| game.state().meter(*m)).collect(),
            deniable_share: (active > 0).then(|| f64::from(deniable) / f64::from(active)),
            total_intensity: total,
            escalation_weeks: weeks_with(Task::Escalate),
            us_pressure_weeks: weeks_with(Task::HarassUs),
            exposure: game.state().exposure.to_vec(),
            predictions: saved
                .classwork
                .scored(game)
                .into_iter()
                .map(|(p, right)| (p.turn, right))
                .collect(),
            integrity: saved.integrity,
            rules: saved.rules.clone(),
        }
    }
}

/// Each member's exposure at the end of each campaign of one scenario (who carried the
/// risk the adversary remembers), as plain text: the heading row (`file`, then the members'
/// short names), then one row per campaign.
pub fn exposure_table<'a>(
    scenario: &Scenario,
    rows: impl Iterator<Item = &'a SaveRow>,
) -> Vec<Vec<String>> {
    let head = std::iter::once("file".to_owned())
        .chain(scenario.factions.iter().map(|f| f.short.clone()))
        .collect();
    std::iter::once(head)
        .chain(rows.map(|r| {
            std::iter::once(r.file.clone())
                .chain(r.exposure.iter().map(|e| format!("{e:.1}")))
                .collect()
        }))
        .collect()
}

/// What the exposure table shows, under its heading in every format.
pub const EXPOSURE_MEANING: &str = "What the adversary remembered of each member's acts when \
     the campaign ended: the higher the figure, the more of the retaliation falls on that \
     member. A room that spread its risk shows figures of one size across the row.";

/// The player's predictions of each campaign of one scenario week by week, as plain text:
/// the heading row (`file`, the weeks, `came true`), then one row per campaign with
/// predictions (`✓` came true, `✗` did not, `·` none made); none when no campaign has any.
pub fn predictions_table<'a>(
    scenario: &Scenario,
    rows: impl Iterator<Item = &'a SaveRow>,
) -> Option<Vec<Vec<String>>> {
    let rows: Vec<&SaveRow> = rows.filter(|r| !r.predictions.is_empty()).collect();
    let last = rows
        .iter()
        .flat_map(|r| r.predictions.iter().map(|(turn, _)| *turn))
        .max()?;
    let unit = scenario.calendar.unit();
    let head = std::iter::once("file".to_owned())
        .chain((1..=last).map(|t| unit.label(t)))
        .chain(["came true".to_owned()])
        .collect();
    let body = rows.into_iter().map(|r| {
        let week = |t: u16| match r.predictions.iter().find(|(turn, _)| *turn == t) {
            Some((_, true)) => "✓".to_owned(),
            Some((_, false)) => "✗".to_owned(),
            None => "·".to_owned(),
        };
        let share = r.prediction_share().unwrap_or(0.0);
        std::iter::once(r.file.clone())
            .chain((1..=last).map(week))
            .chain([format!("{:.0}%", 100.0 * share)])
            .collect()
    });
    Some(std::iter::once(head).chain(body).collect())
}

/// What the predictions table shows, under its heading in every format.
pub const PREDICTIONS_MEANING: &str = "Before each commit the player answered a yes-or-no \
     question on what the week would bring: ✓ the answer came true, ✗ it did not, · no \
     question was answered that week.";

/// A plain-text table in Markdown under a heading and a sentence on what it shows.
fn table_markdown(heading: &str, meaning: &str, table: &[Vec<String>]) -> String {
    let mut out = format!("\n### {heading}\n\n{meaning}\n\n");
    for (i, row) in table.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|c| markdown(c)).collect();
        out += &format!("| {} |\n", cells.join(" | "));
        if i == 0 {
            out += &format!("|{}\n", "---|".repeat(row.len()));
        }
    }
    out
}

/// The outcome cell of a campaign still being played.
const IN_PROGRESS: &str = "in progress";

/// The mean and the median of some values; none without values.
fn mean_median(mut values: Vec<f64>) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Some((mean, median))
}

/// The first columns, before the meters.
const HEADERS: [&str; 10] = [
    "file",
    "name",
    "scenario",
    "version",
    "campaign",
    "seed",
    "start",
    "turns",
    "outcome",
    "deniable share",
];
/// The last columns, after the meters.
const CHOICES: [&str; 3] = ["total intensity", "weeks escalating", "weeks pressing US"];
/// The columns after the choices: predictions made, and the share of them that came true.
const PREDICTED: [&str; 2] = ["predictions", "predictions true"];
/// The column after the choices: whether the file is as the game wrote it.
const CHECKED: &str = "file check";
/// The last column: whether the save's rules are those of its scenario.
const RULES: &str = "rules check";

impl ClassSummary {
    /// Each save whose rules differ or cannot be checked: its file and what the check says.
    pub fn rules_warnings(&self) -> Vec<(&str, String)> {
        self.rows
            .iter()
            .filter_map(|r| Some((r.file.as_str(), r.rules.warning()?)))
            .collect()
    }

    /// The summary of saves, a row each, each named by its file.
    pub fn of(saves: &[(String, Saved)]) -> ClassSummary {
        let mut scenarios: Vec<(Arc<Scenario>, Vec<usize>)> = Vec::new();
        for (i, (_, saved)) in saves.iter().enumerate() {
            let scenario = &saved.game.scenario;
            match scenarios
                .iter_mut()
                .find(|(s, _)| Arc::ptr_eq(s, scenario) || **s == **scenario)
            {
                Some((_, rows)) => rows.push(i),
                None => scenarios.push((Arc::clone(scenario), vec![i])),
            }
        }
        let handouts = scenarios
            .iter()
            .map(|(_, members)| Handout::common(members.iter().map(|&i| &saves[i].1)))
            .collect();
        ClassSummary {
            rows: saves.iter().map(|(file, s)| SaveRow::of(file, s)).collect(),
            scenarios,
            handouts,
            files: ClassFiles {
                given: saves.len(),
                ..ClassFiles::default()
            },
        }
    }

    /// Each scenario with where its reference campaigns begin: the class's common handout,
    /// or the scenario's start.
    pub fn reference_starts(&self) -> Vec<(Arc<Scenario>, Start)> {
        self.scenarios
            .iter()
            .zip(&self.handouts)
            .map(|((scenario, _), handout)| {
                (Arc::clone(scenario), Handout::start(handout.as_ref()))
            })
            .collect()
    }

    /// The summary with what became of the files given.
    pub fn with_files(mut self, files: ClassFiles) -> ClassSummary {
        self.files = files;
        self
    }

    /// The mean and the median of each numeric column over the rows (blank for text
    /// columns), under [`ClassSummary::headings`].
    pub fn mean_and_median(&self) -> [Vec<String>; 2] {
        let columns = Self::headings().len();
        let mut out = [vec![String::new(); columns], vec![String::new(); columns]];
        out[0][0] = "mean".into();
        out[1][0] = "median".into();
        let first_meter = HEADERS.len();
        let mut put = |col: usize, values: Vec<f64>, show: &dyn Fn(f64) -> String| {
            if let Some((mean, median)) = mean_median(values) {
                out[0][col] = show(mean);
                out[1][col] = show(median);
            }
        };
        let rows = &self.rows;
        let turns_col = HEADERS.iter().position(|h| *h == "turns").unwrap_or(0);
        put(
            turns_col,
            rows.iter().map(|r| r.turns as f64).collect(),
            &|v| format!("{v:.1}"),
        );
        put(
            first_meter - 1,
            rows.iter().filter_map(|r| r.deniable_share).collect(),
            &|v| format!("{:.0}%", 100.0 * v),
        );
        for (k, m) in Meter::ALL.iter().enumerate() {
            put(
                first_meter + k,
                rows.iter().map(|r| r.meters[k]).collect(),
                &|v| m.format(v),
            );
        }
        let after = first_meter + Meter::ALL.len();
        let choices: [fn(&SaveRow) -> f64; 3] = [
            |r| f64::from(r.total_intensity),
            |r| r.escalation_weeks as f64,
            |r| r.us_pressure_weeks as f64,
        ];
        for (k, f) in choices.iter().enumerate() {
            put(after + k, rows.iter().map(f).collect(), &|v| {
                format!("{v:.1}")
            });
        }
        let predicted = after + CHOICES.len();
        put(
            predicted,
            rows.iter().map(|r| r.predictions.len() as f64).collect(),
            &|v| format!("{v:.1}"),
        );
        put(
            predicted + 1,
            rows.iter().filter_map(SaveRow::prediction_share).collect(),
            &|v| format!("{:.0}%", 100.0 * v),
        );
        out
    }

    /// The headings of the table's columns, as people read them.
    pub fn headings() -> Vec<&'static str> {
        let mut head: Vec<&str> = HEADERS.to_vec();
        head.extend(Meter::ALL.iter().map(|m| m.name()));
        head.extend(CHOICES);
        head.extend(PREDICTED);
        head.push(CHECKED);
        head.push(RULES);
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
        if rows.len() > 1 {
            for cells in self.mean_and_median() {
                out += &format!("| {} |\n", cells.join(" | "));
            }
        }
        out += &format!("\n## Files\n\n{}\n\n", self.files.sentence(rows.len()));
        for (file, line) in self.files.lines() {
            out += &format!("- `{}`: {}\n", markdown(&file), markdown(&line));
        }
        let warnings = self.rules_warnings();
        if !warnings.is_empty() {
            out += "\n## Rules check\n\n";
            for (file, warning) in warnings {
                out += &format!("- {}: {}\n", markdown(file), markdown(&warning));
            }
        }
        let references = Reference::of_all(&self.reference_starts());
        for (((scenario, members), reference), handout) in
            self.scenarios.iter().zip(&references).zip(&self.handouts)
        {
            out += &format!(
                "\n## Outcomes of `{}` ({} campaigns)\n\nThe class's finished campaigns beside \
                 what the engine gives for the historical course and for restraint ({} runs \
                 each). {}\n\n| outcome | class | historical course | restraint |\n\
                 |---|---|---|---|\n",
                markdown(&scenario.meta.id),
                members.len(),
                REFERENCE_RUNS,
                Handout::sentence(handout.as_ref(), scenario)
            );
            let finished: Vec<&SaveRow> = members
                .iter()
                .map(|&i| &rows[i])
                .filter(|r| r.outcome != IN_PROGRESS)
                .collect();
            for (k, o) in Outcome::ALL.iter().enumerate() {
                let n = finished.iter().filter(|r| r.outcome == o.name()).count();
                out += &format!(
                    "| {} | {n} of {} | {:.1}% | {:.1}% |\n",
                    o.name(),
                    finished.len(),
                    100.0 * reference.history[k],
                    100.0 * reference.restraint[k]
                );
            }
            let open = members.len() - finished.len();
            if open > 0 {
                out += &format!("\n{open} campaigns are still in progress.\n");
            }
            let members = || members.iter().map(|&i| &rows[i]);
            let exposure = exposure_table(scenario, members());
            out += &table_markdown("Exposure by member at the end", EXPOSURE_MEANING, &exposure);
            if let Some(table) = predictions_table(scenario, members()) {
                out += &table_markdown("Predictions by week", PREDICTIONS_MEANING, &table);
            }
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
        head.extend(Meter::ALL.iter().map(|m| m.column()));
        head.extend(CHOICES.iter().map(ids));
        head.extend(PREDICTED.iter().map(ids));
        head.push(ids(&CHECKED));
        head.push(ids(&RULES));
        out.write_record(&head)?;
        for r in &self.rows {
            let mut cells: Vec<String> = r.texts().iter().map(|t| csv_cell(t)).collect();
            cells.extend(r.numbers());
            cells.push(csv_cell(&r.outcome));
            cells.push(
                r.deniable_share
                    .map_or_else(String::new, |d| format!("{d:.3}")),
            );
            cells.extend(r.meters.iter().map(|v| format!("{v:.3}")));
            cells.extend(r.choices());
            cells.push(r.predictions.len().to_string());
            cells.push(
                r.prediction_share()
                    .map_or_else(String::new, |v| format!("{v:.3}")),
            );
            cells.push(r.checked().to_owned());
            cells.push(csv_cell(
                &r.rules.warning().unwrap_or_else(|| r.rules.cell()),
            ));
            out.write_record(&cells)?;
        }
        // Every other file given: a row with its file and, in the outcome column, what
        // became of it.
        let outcome = HEADERS.iter().position(|h| *h == "outcome").unwrap_or(0);
        for (file, line) in self.files.lines() {
            let mut cells = vec![String::new(); head.len()];
            cells[0] = csv_cell(&file);
            cells[outcome] = csv_cell(&line);
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
        let mut cells: Vec<String> = self.texts().to_vec();
        cells.extend(self.numbers());
        cells.push(self.outcome.clone());
        cells.push(
            self.deniable_share
                .map_or_else(|| "—".to_owned(), |d| format!("{:.0}%", 100.0 * d)),
        );
        cells.extend(
            Meter::ALL
                .iter()
                .zip(&self.meters)
                .map(|(m, v)| m.format(*v)),
        );
        cells.extend(self.choices());
        cells.push(self.predictions.len().to_string());
        cells.push(
            self.prediction_share()
                .map_or_else(|| "—".to_owned(), |v| format!("{:.0}%", 100.0 * v)),
        );
        cells.push(self.checked().to_owned());
        cells.push(self.rules.cell());
        cells
    }

    /// The share of the player's predictions that came true (0–1); none without any.
    pub fn prediction_share(&self) -> Option<f64> {
        let right = self.predictions.iter().filter(|(_, r)| *r).count();
        (!self.predictions.is_empty()).then(|| right as f64 / self.predictions.len() as f64)
    }

    /// The first text cells: file, name, scenario, version, campaign.
    fn texts(&self) -> [String; 5] {
        [
            self.file.clone(),
            self.name.clone(),
            self.scenario.clone(),
            self.version.clone(),
            self.campaign.clone(),
        ]
    }

    /// The number cells after them: seed, first own turn, turns reached.
    fn numbers(&self) -> [String; 3] {
        [
            self.seed.to_string(),
            self.start.to_string(),
            self.turns.to_string(),
        ]
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

/// What a report says above a save's debrief, each note with its label: about the file
/// when it is not sealed, and about its rules when they differ or cannot be checked.
pub fn save_notes(saved: &Saved) -> Vec<(&'static str, String)> {
    let file = integrity_note(saved.integrity)
        .map(|note| (integrity_word(saved.integrity), note.to_owned()));
    let rules = saved.rules.warning().map(|w| ("Rules check", w));
    file.into_iter().chain(rules).collect()
}

/// How a report marks a save's integrity: `sealed`, `EDITED` or `unsealed`.
pub fn integrity_word(integrity: Integrity) -> &'static str {
    match integrity {
        Integrity::Sealed => "sealed",
        Integrity::Edited => "EDITED",
        Integrity::Unsealed => "unsealed",
    }
}

/// A campaign's name in the summary: the save's, and for a room's campaign its roster.
fn campaign_name(saved: &Saved) -> String {
    match &saved.room {
        Some(room) => clean(&format!(
            "{} (room: {})",
            saved.name,
            room.roster_text(&saved.game.scenario)
        )),
        None => clean(&saved.name),
    }
}
