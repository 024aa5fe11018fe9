//! The debrief of a campaign: how the meters moved, the turning points, the player's orders
//! beside what the axis actually did each week, and questions for the seminar.
//!
//! Pure data and text: a TUI view draws a [`Debrief`], `arenas report` prints
//! [`Debrief::to_markdown`]. Every string taken from the scenario passes through [`clean`],
//! so text from a shared file cannot carry terminal control sequences into either.
//!
//! This file holds the data and its construction; `turning_points`, `questions`,
//! `names` (short names and order summaries), `numbers` (meter values in text) and
//! `markdown` hold the parts of the text.

use std::fmt;

use arenas_core::engine::{Date, Meter, Outcome, TurnUnit, outcome_meaning};
use arenas_core::game::Game;
use arenas_files::text::clean;

mod ceasefire;
mod coordination;
mod markdown;
mod names;
mod numbers;
mod predictions;
mod questions;
mod turning_points;

pub use coordination::{Coordination, CoordinationRow, WHAT_IF_ROLLOUTS};
pub use names::summarize;
pub use numbers::percent;
pub use predictions::{Hindsight, PredictionRow, WouldHaveSaid};

/// The debrief of a campaign, finished or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Debrief {
    /// Scenario title.
    pub title: String,
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario version.
    pub scenario_version: String,
    /// Seed of the campaign.
    pub seed: u64,
    /// What a turn is called in this scenario.
    pub unit: TurnUnit,
    /// Turns played.
    pub turns_played: u16,
    /// Turns in the calendar.
    pub turns_total: u16,
    /// How the campaign ended; `None` while it is under way.
    pub outcome: Option<Outcome>,
    /// The outcome's name, or "In progress".
    pub outcome_title: String,
    /// What the outcome means.
    pub meaning: String,
    /// Each meter's value at each orders phase: the start, then after each played week.
    pub series: Vec<(Meter, Vec<f64>)>,
    /// Each meter's name and short name in this scenario, in [`Meter::ALL`] order.
    pub meter_names: Vec<(String, String)>,
    /// The ceasefire chance (percent) at the start and in each played week.
    pub ceasefire: Vec<f64>,
    /// Why the ceasefire came or did not, in one paragraph.
    pub ceasefire_story: String,
    /// Dates of the orders phases of `series` (the start, then the week after each turn).
    pub series_dates: Vec<Date>,
    /// The decisive weeks, in chronological order.
    pub turning_points: Vec<TurningPoint>,
    /// One row per played week.
    pub weeks: Vec<WeekRow>,
    /// Three questions for the seminar.
    pub questions: [String; 3],
    /// The player's predictions, scored (see [`Debrief::with_classwork`]).
    pub predictions: Vec<PredictionRow>,
    /// What the forecast would have said each week, for a campaign played with it off.
    pub hindsight: Option<Hindsight>,
    /// How the room coordinated, for a campaign a room played.
    pub coordination: Option<Coordination>,
}

/// A decisive moment of the campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct TurningPoint {
    /// The turn number.
    pub turn: u16,
    /// What a turn is called, for the `Display` form.
    pub unit: TurnUnit,
    /// First day of the turn.
    pub date: Date,
    /// One sentence, without the week and date (see the `Display` form for both).
    pub text: String,
}

/// A played week: the player's orders beside the historical ones.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekRow {
    /// The week (turn number).
    pub turn: u16,
    /// First day of the week.
    pub date: Date,
    /// Compact summary of the player's orders (of the instructor's, for a prepared week).
    pub player: String,
    /// Whether an instructor played this week before handing the campaign out.
    pub prepared: bool,
    /// Compact summary of what the axis did that week ("—" when the scenario has no record).
    pub historical: String,
    /// The scenario's historical note for the week.
    pub note: String,
}

impl fmt::Display for TurningPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let turn = self.unit.title(self.turn);
        write!(f, "{turn} ({}): {}", self.date, self.text)
    }
}

impl Debrief {
    /// The debrief, with the first `prepared` weeks marked as played by an instructor
    /// before the campaign was handed out.
    pub fn with_prepared(mut self, prepared: u16) -> Debrief {
        for w in self.weeks.iter_mut().filter(|w| w.turn <= prepared) {
            w.prepared = true;
            w.player = format!("prepared by the instructor: {}", w.player);
        }
        self
    }

    /// The debrief of a campaign as played so far.
    pub fn new(game: &Game) -> Debrief {
        let sc = &game.scenario;
        let states: Vec<_> = game.states().collect();
        let series = Meter::ALL
            .iter()
            .map(|&m| (m, states.iter().map(|s| s.meter(m)).collect()))
            .collect();
        let series_dates = (0..states.len())
            .map(|i| sc.calendar.date_of(i as u16 + 1))
            .collect();
        let outcome = game.state().outcome;
        let turns_played = game.turns.len() as u16;
        let (outcome_title, meaning) = match outcome {
            Some(o) => (sc.outcome_name(o), outcome_meaning(sc, o)),
            None => (
                "In progress".to_owned(),
                format!(
                    "The campaign is still under way after {turns_played} of {}; this debrief \
                     covers the {} played so far.",
                    sc.calendar.unit().count(usize::from(sc.calendar.turns)),
                    sc.calendar.unit().plural
                ),
            ),
        };
        let weeks = game
            .turns
            .iter()
            .map(|t| {
                let history = sc.history.get(usize::from(t.turn.max(1) - 1));
                WeekRow {
                    turn: t.turn,
                    date: sc.calendar.date_of(t.turn),
                    player: summarize(sc, &t.orders),
                    prepared: false,
                    historical: history
                        .map_or_else(|| "—".to_owned(), |h| summarize(sc, &h.orders)),
                    note: history.map_or_else(String::new, |h| clean(&h.note)),
                }
            })
            .collect();
        let ceasefire = ceasefire::chances(sc, &game.initial, &game.turns);
        let turning_points = turning_points::turning_points(sc, &ceasefire, &game.turns);
        let ceasefire_story = ceasefire::paragraph(sc, outcome, &ceasefire, &game.turns);
        Debrief {
            title: clean(&sc.meta.title),
            scenario_id: clean(&sc.meta.id),
            scenario_version: clean(&sc.meta.version),
            seed: game.seed,
            unit: sc.calendar.unit(),
            turns_played,
            turns_total: sc.calendar.turns,
            outcome,
            outcome_title,
            meaning,
            series,
            meter_names: Meter::ALL
                .iter()
                .map(|&m| (sc.meter_name(m), sc.meter_short(m)))
                .collect(),
            ceasefire,
            ceasefire_story,
            series_dates,
            turning_points,
            weeks,
            questions: questions::questions(game),
            predictions: Vec::new(),
            hindsight: None,
            coordination: None,
        }
    }

    /// A meter's name in the campaign's scenario.
    pub fn meter_name(&self, meter: Meter) -> &str {
        self.meter_names
            .get(meter as usize)
            .map_or(meter.name(), |(name, _)| name.as_str())
    }

    /// A meter's name for tight places in the campaign's scenario.
    pub fn meter_short(&self, meter: Meter) -> &str {
        self.meter_names
            .get(meter as usize)
            .map_or(meter.short_name(), |(_, short)| short.as_str())
    }

    /// The values of one meter over the campaign.
    pub fn values(&self, meter: Meter) -> &[f64] {
        self.series
            .iter()
            .find(|(m, _)| *m == meter)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arenas_core::engine::{Claim, Happening, Order, Scenario, Task};
    use arenas_files::scenario::default_scenario;

    /// Plays a campaign to its end with orders chosen per turn.
    fn play(seed: u64, mut orders: impl FnMut(&Scenario, u16) -> Vec<Order>) -> Game {
        let mut game = Game::new(default_scenario().scenario, seed);
        while !game.state().is_over() {
            let turn = game.state().turn;
            let o = orders(&game.scenario, turn);
            game.commit(o).expect("orders are valid");
        }
        game
    }

    fn history(sc: &Scenario, turn: u16) -> Vec<Order> {
        sc.history[usize::from(turn) - 1].orders.clone()
    }

    /// Every member escalates on its home front; the patron resupplies Gaza.
    /// Every member that may escalates at 3 on its home front, claimed, while the week's
    /// points last (the patron resupplies Gaza with what is left).
    fn all_out(sc: &Scenario, _: u16) -> Vec<Order> {
        let mut left = sc.model.budget;
        sc.factions
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let order = match f.home {
                    Some(home) if f.may_do(Task::Escalate) => Order {
                        front: home,
                        task: Task::Escalate,
                        intensity: 3,
                        claim: Claim::Claimed,
                    },
                    _ if f.may_do(Task::Resupply) => Order {
                        front: sc.focus_front(),
                        task: Task::Resupply,
                        intensity: 1,
                        claim: Claim::Deniable,
                    },
                    _ => Order::HOLD,
                };
                let cost = sc.order_cost(i, &order);
                if cost <= left {
                    left -= cost;
                    order
                } else {
                    Order::HOLD
                }
            })
            .collect()
    }

    fn check_invariants(game: &Game, d: &Debrief) {
        let played = game.turns.len();
        assert_eq!(d.outcome, game.state().outcome);
        assert!(d.outcome.is_some(), "the campaign ended");
        assert_eq!(d.series.len(), Meter::ALL.len());
        for (m, values) in &d.series {
            assert_eq!(values.len(), played + 1, "{m:?}");
        }
        assert_eq!(d.series_dates.len(), played + 1);
        assert_eq!(d.weeks.len(), played);
        for (w, t) in d.weeks.iter().zip(&game.turns) {
            assert_eq!(w.turn, t.turn);
            assert!(!w.player.is_empty() && !w.historical.is_empty());
        }
        assert!(d.questions.iter().all(|q| q.ends_with('?') && q.len() > 40));
        assert!(d.turning_points.len() <= turning_points::MAX_POINTS);
        assert!(
            d.turning_points.windows(2).all(|w| w[0].turn <= w[1].turn),
            "chronological: {:#?}",
            d.turning_points
        );
        let climbed = game.turns.iter().any(|t| {
            t.report
                .happenings
                .iter()
                .any(|h| matches!(h, Happening::UsClimb(_)))
        });
        if climbed || d.outcome.is_some() {
            assert!(!d.turning_points.is_empty());
        }
        // The end is always a turning point, in the last week.
        let last = d.turning_points.last().expect("turning points");
        assert_eq!(usize::from(last.turn), played);
        assert!(
            last.text.contains(d.outcome_title.as_str()),
            "{}",
            last.text
        );

        let md = d.to_markdown();
        for heading in [
            "# Debrief: ",
            "## Outcome",
            "## Meters",
            "## Turning points",
            "## Week by week",
            "## Discussion questions",
            "| Week | Date | Your orders | What the axis did | Note |",
        ] {
            assert!(md.contains(heading), "missing {heading}:\n{md}");
        }
        assert!(md.contains(&format!("seed {}", game.seed)));
        assert!(md.contains(d.outcome.map_or("", Outcome::id)));
        assert!(md.contains("| Start | 9 Oct 2023 |"));
        for t in 1..=played {
            assert!(md.contains(&format!("\n| {t} | ")), "meter row {t}");
        }
        let week_rows = md
            .lines()
            .filter(|l| l.starts_with("| ") && l.matches(" | ").count() == 4)
            .count();
        assert_eq!(
            week_rows,
            played + 1,
            "week table: header and one row a week"
        );
        assert!(md.contains("\n3. "));
        assert!(md.chars().all(|c| c == '\n' || !c.is_control()));
    }

    #[test]
    fn historical_course_debrief() {
        for seed in [1, 7, 42] {
            let game = play(seed, history);
            let d = Debrief::new(&game);
            check_invariants(&game, &d);
            assert!(d.questions[2].contains("followed the historical course"));
            assert_eq!(d.weeks[0].player, d.weeks[0].historical);
            assert!(
                d.weeks[0]
                    .player
                    .contains("Hizballah: limited strike 1 (claimed)")
            );
            assert!(
                d.weeks[0]
                    .player
                    .contains("PIJ: limited strike 2 (claimed)")
            );
        }
    }

    #[test]
    fn restraint_debrief() {
        let game = play(3, |sc, _| sc.all_hold());
        let d = Debrief::new(&game);
        check_invariants(&game, &d);
        assert!(d.weeks.iter().all(|w| w.player == "all hold"));
        assert!(d.questions[1].contains("stood down"));
        assert!(d.questions[2].contains("less intense than"));
    }

    #[test]
    fn escalation_debrief() {
        let game = play(5, all_out);
        let d = Debrief::new(&game);
        check_invariants(&game, &d);
        // Every act claimed: a question asks what forgoing ambiguity cost.
        assert!(
            d.questions[1].contains("unattributed"),
            "{}",
            d.questions[1]
        );
        assert!(
            d.questions[2].contains("departed from the historical course"),
            "{:?}",
            d.questions
        );
    }

    #[test]
    fn every_us_step_back_and_forth_is_told_on_its_own_track() {
        // Historical campaigns in which the forces track steps down, then climbs back.
        let mut seen = 0;
        for seed in 0..200 {
            let game = play(seed, history);
            let resumed = game.turns.iter().any(|t| {
                t.report
                    .happenings
                    .iter()
                    .any(|h| matches!(h, Happening::UsResume(_)))
            });
            if !resumed {
                continue;
            }
            let d = Debrief::new(&game);
            let told: Vec<&str> = d
                .turning_points
                .iter()
                .map(|p| p.text.as_str())
                .filter(|t| t.contains("forces track"))
                .collect();
            // No two stand-downs follow each other without the climb back between them.
            let steps: Vec<bool> = told.iter().map(|t| t.contains("back from")).collect();
            assert!(
                !steps.windows(2).any(|w| w[0] && w[1]),
                "seed {seed}: {told:#?}"
            );
            seen += 1;
        }
        assert!(seen > 0, "no historical campaign climbed back to a rung");
    }

    #[test]
    fn unfinished_campaign() {
        let mut game = Game::new(default_scenario().scenario, 11);
        let d = Debrief::new(&game);
        assert_eq!(d.outcome, None);
        assert!(d.weeks.is_empty() && d.turning_points.is_empty());
        assert!(d.series.iter().all(|(_, v)| v.len() == 1));
        assert!(d.to_markdown().contains("No week has been played yet."));
        let orders = history(&game.scenario, 1);
        game.commit(orders).expect("valid");
        let d = Debrief::new(&game);
        assert_eq!(d.weeks.len(), 1);
        assert_eq!(d.outcome_title, "In progress");
        assert!(d.series.iter().all(|(_, v)| v.len() == 2));
    }

    #[test]
    fn control_characters_never_reach_the_markdown() {
        let mut game = play(1, history);
        let sc = std::sync::Arc::make_mut(&mut game.scenario);
        sc.history[0].note =
            "Border \u{1b}[31mexchanges\u{7} | begin\nhere\u{1b}]0;title\u{7}.".into();
        sc.meta.title = "Title\u{1b}[2J\r\nsecond line\u{202e}".into();
        sc.factions[2].name = "Hiz\u{0}ballah".into();
        let d = Debrief::new(&game);
        let md = d.to_markdown();
        assert!(md.chars().all(|c| c == '\n' || !c.is_control()), "{md:?}");
        assert!(!md.contains("[31m") && !md.contains("[2J") && !md.contains("0;title"));
        assert!(!md.contains('\u{202e}'));
        assert!(md.contains("Border exchanges \\| begin here."), "{md}");
        assert!(md.starts_with("# Debrief: Title second line — "));
        assert!(d.weeks[0].player.contains("Hizballah: "));
    }
}
