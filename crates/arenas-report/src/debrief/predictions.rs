//! The player's predictions beside what came of them, and, for a campaign played with the
//! forecast off, what the forecast would have said of each week's orders: the data, the
//! lines the debrief's weeks show, and the Markdown section.

use super::Debrief;
use arenas_core::engine::Outcome;
use arenas_core::game::Game;
use arenas_files::classwork::Classwork;
use arenas_files::text::markdown;
use arenas_sim::forecast::Outlook;

/// A week's question, the player's answer and whether it came true.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictionRow {
    pub turn: u16,
    /// The question as the player read it.
    pub question: String,
    /// Yes (true) or no.
    pub answer: bool,
    /// What the week brought, in a few words.
    pub result: String,
    pub came_true: bool,
}

/// What the forecast would have said of a week's orders (the plan repeated to the end), as
/// the player would have seen it: the most likely outcomes, most likely first.
#[derive(Clone, Debug, PartialEq)]
pub struct WouldHaveSaid {
    pub turn: u16,
    /// At most three outcomes with a chance above zero, with their chances (0–1).
    pub odds: Vec<(Outcome, f64)>,
}

/// Outcomes a week's would-have-said names.
const NAMED: usize = 3;

impl WouldHaveSaid {
    /// The forecast of week `turn`'s orders as the outlook of its rollouts gives it.
    pub fn of(turn: u16, outlook: &Outlook) -> WouldHaveSaid {
        let mut odds: Vec<(Outcome, f64)> = outlook
            .odds
            .iter()
            .filter(|o| o.probability > 0.0)
            .map(|o| (o.outcome, o.probability))
            .collect();
        // Stable: outcomes of equal chance keep the order of `Outcome::ALL`.
        odds.sort_by(|a, b| b.1.total_cmp(&a.1));
        odds.truncate(NAMED);
        WouldHaveSaid { turn, odds }
    }

    /// The outcomes with their chances: `Stalemate 54% · Hamas degraded 20%`.
    pub fn text(&self) -> String {
        self.odds
            .iter()
            .map(|(o, p)| format!("{} {:.0}%", o.name(), 100.0 * p))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What the forecast would have said each week of a campaign played with the forecast off,
/// as far as it has been worked out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hindsight {
    /// One entry per week worked out, in order from the first week the player gave orders
    /// for.
    pub said: Vec<WouldHaveSaid>,
    /// Why the rest could not be worked out, if they could not.
    pub failed: Option<String>,
}

impl Debrief {
    /// The debrief with the player's predictions, each scored against what its week brought.
    pub fn with_classwork(mut self, game: &Game, classwork: &Classwork) -> Debrief {
        let unit = game.scenario.calendar.unit();
        self.predictions = classwork
            .scored(game)
            .into_iter()
            .map(|(p, came_true)| PredictionRow {
                turn: p.turn,
                question: p.question.text(unit),
                answer: p.answer,
                result: p.question.result(came_true == p.answer).to_owned(),
                came_true,
            })
            .collect();
        self
    }

    /// How many predictions came true, in words; none when none were made.
    pub fn predictions_summary(&self) -> Option<String> {
        let (right, all) = tally_rows(&self.predictions);
        (all > 0).then(|| {
            format!(
                "{right} of {all} predictions came true ({:.0}%).",
                100.0 * right as f64 / all as f64
            )
        })
    }

    /// What the debrief adds to week `turn` beside the orders: the player's prediction and
    /// what came of it, and what the forecast would have said, each with a label of at most
    /// seven letters.
    pub fn week_notes(&self, turn: u16) -> Vec<(&'static str, String)> {
        let mut notes = Vec::new();
        if let Some(p) = self.predictions.iter().find(|p| p.turn == turn) {
            notes.push((
                "Predict",
                format!(
                    "{} to \"{}\": {} ({}).",
                    if p.answer { "yes" } else { "no" },
                    p.question,
                    if p.came_true {
                        "came true"
                    } else {
                        "did not come true"
                    },
                    p.result
                ),
            ));
        }
        if let Some(said) = self
            .hindsight
            .as_ref()
            .and_then(|h| h.said.iter().find(|s| s.turn == turn))
        {
            notes.push((
                "Odds",
                format!("the forecast would have given {}", said.text()),
            ));
        }
        notes
    }

    /// The predictions as a Markdown section; empty when none were made.
    pub(super) fn predictions_markdown(&self) -> String {
        let Some(summary) = self.predictions_summary() else {
            return String::new();
        };
        let unit = self.unit;
        let mut md = format!(
            "## Predictions\n\nBefore each commit the player answered a question on what the \
             {} would bring. {summary}\n\n| {} | Question | Answer | What happened | Came true \
             |\n|---:|---|---|---|---|\n",
            unit.noun,
            unit.heading()
        );
        for p in &self.predictions {
            md += &format!(
                "| {} | {} | {} | {} | {} |\n",
                p.turn,
                markdown(&p.question),
                if p.answer { "yes" } else { "no" },
                markdown(&p.result),
                if p.came_true { "yes" } else { "no" }
            );
        }
        md.push('\n');
        md
    }
}

/// How many of some predictions came true, and of how many.
fn tally_rows(rows: &[PredictionRow]) -> (usize, usize) {
    (rows.iter().filter(|p| p.came_true).count(), rows.len())
}
