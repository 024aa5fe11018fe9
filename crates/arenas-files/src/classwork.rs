//! What a class decides about the forecast and about predictions, over the scenario's
//! `[classroom]` table, and what a player did under it: the forecasts used and the
//! predictions made. A save keeps both, so a campaign resumed keeps its settings, its count
//! of forecasts and its answers.
//!
//! A prediction is a yes-or-no question the game asks before a week's orders are
//! committed ("Will escalation rise this week?"), chosen from the campaign's seed, the week
//! and the state, and scored against what the week brought.

use serde::{Deserialize, Serialize};

use arenas_core::engine::{
    ForecastMode, MAX_FORECAST_LIMIT, Meter, Scenario, State, TurnUnit, UsTrack, ceasefire_chance,
};
use arenas_core::game::Game;

/// A class's own settings (`arenas play` and `arenas serve` flags), each in place of the
/// scenario's when given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSettings {
    /// How much the forecast tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastMode>,
    /// Forecasts per campaign under a limited forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_limit: Option<u16>,
    /// Whether the player predicts before each commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predict: Option<bool>,
}

impl ClassSettings {
    /// Whether no setting is given.
    pub fn is_empty(&self) -> bool {
        *self == ClassSettings::default()
    }

    /// These settings with the ones `later` gives in their place.
    pub fn and(self, later: ClassSettings) -> ClassSettings {
        ClassSettings {
            forecast: later.forecast.or(self.forecast),
            forecast_limit: later.forecast_limit.or(self.forecast_limit),
            predict: later.predict.or(self.predict),
        }
    }

    /// The settings in force for a campaign of `scenario`: these, else the scenario's.
    pub fn over(&self, scenario: &Scenario) -> Teaching {
        let c = &scenario.classroom;
        Teaching {
            forecast: self.forecast.unwrap_or_else(|| c.forecast_mode()),
            limit: self
                .forecast_limit
                .unwrap_or(c.forecast_limit)
                .clamp(1, MAX_FORECAST_LIMIT),
            predict: self.predict.unwrap_or(c.predict),
        }
    }
}

/// The settings in force for a campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Teaching {
    pub forecast: ForecastMode,
    /// Forecasts per campaign when the forecast is limited.
    pub limit: u16,
    pub predict: bool,
}

impl Teaching {
    /// The forecast's mode in a few words for the header, `used` forecasts in; none for the
    /// full forecast, which the key bar offers. `wide` for the long form.
    pub fn label(&self, used: u16, wide: bool) -> Option<String> {
        let left = self.limit.saturating_sub(used);
        match (self.forecast, wide) {
            (ForecastMode::Full, _) => None,
            (ForecastMode::Limited, true) => Some(format!(
                "{left} of {} forecast{} left",
                self.limit,
                if self.limit == 1 { "" } else { "s" }
            )),
            (ForecastMode::Limited, false) => Some(format!("Forecast {left} left")),
            (ForecastMode::Off, true) => Some("Forecast off until the debrief".to_owned()),
            (ForecastMode::Off, false) => Some("Forecast off".to_owned()),
        }
    }
}

/// What a class set for a campaign and what its player did under it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classwork {
    /// The class's settings the campaign is played under (the scenario's where none).
    pub settings: ClassSettings,
    /// Forecasts asked for so far (counted under a limited forecast).
    pub forecasts_used: u16,
    /// The player's predictions, one per week at most, in the order of the weeks.
    pub predictions: Vec<Prediction>,
}

impl Classwork {
    /// Records the answer for a week, in place of any earlier one for it.
    pub fn answer(&mut self, prediction: Prediction) {
        self.predictions.retain(|p| p.turn != prediction.turn);
        self.predictions.push(prediction);
        self.predictions.sort_by_key(|p| p.turn);
    }

    /// Drops the predictions of the weeks after `last` (taken back, or not in a branch).
    pub fn keep_until(&mut self, last: u16) {
        self.predictions.retain(|p| p.turn <= last);
    }

    /// The prediction for a week, if one was made.
    pub fn prediction(&self, turn: u16) -> Option<&Prediction> {
        self.predictions.iter().find(|p| p.turn == turn)
    }

    /// Each prediction of a week the game has played, with whether it came true.
    pub fn scored(&self, game: &Game) -> Vec<(Prediction, bool)> {
        self.predictions
            .iter()
            .filter_map(|p| Some((*p, p.came_true(game)?)))
            .collect()
    }
}

/// A question the game asks before a week's commit, answered yes or no.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// Will the US climb a rung on either of its tracks?
    UsClimbs,
    /// Will the chance of a ceasefire rise?
    CeasefireRises,
    /// Will escalation rise?
    EscalationRises,
    /// Will axis cohesion fall?
    CohesionFalls,
    /// Will ambiguity rise?
    AmbiguityRises,
}

/// Smallest change of a meter the meters panel marks with an arrow: a change the player
/// can see.
const VISIBLE: f64 = 0.05;

/// Smallest change of the ceasefire chance (0–1) shown on screen (0.05 percentage points).
const VISIBLE_CHANCE: f64 = 0.0005;

impl Question {
    /// Every question, in a fixed order.
    pub const ALL: [Question; 5] = [
        Question::UsClimbs,
        Question::CeasefireRises,
        Question::EscalationRises,
        Question::CohesionFalls,
        Question::AmbiguityRises,
    ];

    /// The question as the player reads it.
    pub fn text(self, unit: TurnUnit) -> String {
        let what = match self {
            Question::UsClimbs => "Will the US climb a rung on either of its tracks",
            Question::CeasefireRises => "Will the chance of a ceasefire rise",
            Question::EscalationRises => "Will escalation rise",
            Question::CohesionFalls => "Will axis cohesion fall",
            Question::AmbiguityRises => "Will ambiguity rise",
        };
        format!("{what} this {}?", unit.noun)
    }

    /// What the week brought, in a few words: whether the thing asked about happened.
    pub fn result(self, happened: bool) -> &'static str {
        match (self, happened) {
            (Question::UsClimbs, true) => "the US climbed a rung",
            (Question::UsClimbs, false) => "the US did not climb",
            (Question::CeasefireRises, true) => "the ceasefire chance rose",
            (Question::CeasefireRises, false) => "the ceasefire chance did not rise",
            (Question::EscalationRises, true) => "escalation rose",
            (Question::EscalationRises, false) => "escalation did not rise",
            (Question::CohesionFalls, true) => "cohesion fell",
            (Question::CohesionFalls, false) => "cohesion did not fall",
            (Question::AmbiguityRises, true) => "ambiguity rose",
            (Question::AmbiguityRises, false) => "ambiguity did not rise",
        }
    }

    /// Whether the question can be asked in a state: the US cannot climb with both tracks
    /// at their top.
    fn fits(self, scenario: &Scenario, state: &State) -> bool {
        match self {
            Question::UsClimbs => UsTrack::ALL.iter().any(|&track| {
                let rungs = scenario.us_track(track).count();
                usize::from(state.us_rungs[track as usize]) < rungs
            }),
            _ => true,
        }
    }

    /// The question of week `state.turn` of a campaign seeded `seed`: the same for the same
    /// seed, week and state.
    pub fn choose(scenario: &Scenario, seed: u64, state: &State) -> Question {
        let fitting: Vec<Question> = Question::ALL
            .into_iter()
            .filter(|q| q.fits(scenario, state))
            .collect();
        let draw = arenas_core::engine::run_seed(seed ^ state.digest(), u64::from(state.turn));
        let n = fitting.len().max(1) as u64;
        fitting
            .get(usize::try_from(draw % n).unwrap_or(0))
            .copied()
            .unwrap_or(Question::EscalationRises)
    }

    /// Whether what was asked about happened between the orders phase `before` and the next
    /// one, `after`.
    pub fn happened(self, scenario: &Scenario, before: &State, after: &State) -> bool {
        let rose = |m: Meter| after.meter(m) - before.meter(m) >= VISIBLE;
        match self {
            Question::UsClimbs => after
                .us_rungs
                .iter()
                .zip(&before.us_rungs)
                .any(|(a, b)| a > b),
            Question::CeasefireRises => {
                ceasefire_chance(scenario, after) - ceasefire_chance(scenario, before)
                    >= VISIBLE_CHANCE
            }
            Question::EscalationRises => rose(Meter::Escalation),
            Question::CohesionFalls => {
                before.meter(Meter::Cohesion) - after.meter(Meter::Cohesion) >= VISIBLE
            }
            Question::AmbiguityRises => rose(Meter::Ambiguity),
        }
    }
}

/// The player's answer to a week's question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    /// The week the question was asked for.
    pub turn: u16,
    pub question: Question,
    /// Yes (true) or no.
    pub answer: bool,
}

impl Prediction {
    /// Whether the answer came true, once the week has been played.
    pub fn came_true(&self, game: &Game) -> Option<bool> {
        let index = usize::from(self.turn).checked_sub(1)?;
        let after = &game.turns.get(index)?.state;
        let before = game.states().nth(index)?;
        Some(self.question.happened(&game.scenario, before, after) == self.answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_scenario;

    #[test]
    fn each_question_is_scored_by_the_change_the_player_can_see() {
        let game = Game::new(default_scenario().scenario, 3);
        let sc = &game.scenario;
        let before = game.state().clone();
        let mut after = before.clone();
        for q in Question::ALL {
            assert!(
                !q.happened(sc, &before, &after),
                "{q:?} with nothing changed"
            );
        }
        after.meters[Meter::Escalation] += 0.04;
        after.meters[Meter::Ambiguity] += 0.5;
        after.meters[Meter::Cohesion] -= 0.5;
        assert!(
            !Question::EscalationRises.happened(sc, &before, &after),
            "too small to see"
        );
        assert!(Question::AmbiguityRises.happened(sc, &before, &after));
        assert!(Question::CohesionFalls.happened(sc, &before, &after));
        after.us_rungs[1] += 1;
        assert!(Question::UsClimbs.happened(sc, &before, &after));
        after.meters[Meter::InternationalPressure] += 30.0;
        assert!(Question::CeasefireRises.happened(sc, &before, &after));
        assert!(
            Question::CeasefireRises.result(true).contains("rose")
                && Question::CohesionFalls
                    .result(false)
                    .contains("did not fall")
        );
    }

    #[test]
    fn the_question_is_the_same_for_the_same_week_and_never_one_that_cannot_happen() {
        let game = Game::new(default_scenario().scenario, 3);
        let sc = &game.scenario;
        let mut state = game.state().clone();
        let mut asked = std::collections::BTreeSet::new();
        for turn in 1..=40 {
            state.turn = turn;
            let q = Question::choose(sc, 3, &state);
            assert_eq!(q, Question::choose(sc, 3, &state));
            asked.insert(format!("{q:?}"));
        }
        assert!(asked.len() >= 4, "the questions vary: {asked:?}");
        // Both US tracks at their top rung: the US cannot climb.
        for track in UsTrack::ALL {
            state.us_rungs[*track as usize] = sc.us_track(*track).count() as u8;
        }
        for turn in 1..=40 {
            state.turn = turn;
            assert_ne!(Question::choose(sc, 3, &state), Question::UsClimbs);
        }
    }

    #[test]
    fn the_class_settings_win_over_the_scenario_and_later_ones_over_earlier() {
        let loaded = default_scenario();
        let sc = &loaded.scenario;
        let none = ClassSettings::default();
        assert_eq!(
            none.over(sc),
            Teaching {
                forecast: ForecastMode::Full,
                limit: 3,
                predict: false
            }
        );
        let mut off = (**sc).clone();
        off.classroom.allow_forecast = false;
        assert_eq!(none.over(&off).forecast, ForecastMode::Off);
        let saved = ClassSettings {
            forecast: Some(ForecastMode::Limited),
            forecast_limit: Some(2),
            predict: Some(true),
        };
        let class = ClassSettings {
            forecast_limit: Some(5),
            ..ClassSettings::default()
        };
        let t = saved.and(class).over(&off);
        assert_eq!(
            (t.forecast, t.limit, t.predict),
            (ForecastMode::Limited, 5, true)
        );
        assert_eq!(t.label(4, false).as_deref(), Some("Forecast 1 left"));
        assert_eq!(t.label(4, true).as_deref(), Some("1 of 5 forecasts left"));
        assert_eq!(none.over(sc).label(0, true), None);
    }
}
