//! The campaign screen: editing this turn's orders, committing them, taking a turn back.

use super::update::scrolled;
use super::{App, Effect, Overlay, Panel, Play, Screen, Status};
use crate::keys::Action;
use crate::layout::Column;
use crate::order_field::{lowest_intensity, next_value};
use arenas_core::engine::{OrderProblem, sentence};
use arenas_files::classwork::{Prediction, Question};

impl App {
    pub(super) fn act_on_campaign(&mut self, action: Action) {
        let Screen::Campaign(play) = &mut self.screen else {
            return;
        };
        match (action, play.focus) {
            (Action::NextPanel, Panel::Orders) => play.focus = Panel::Log,
            (Action::NextPanel, Panel::Log) => play.focus = Panel::Orders,
            (Action::Up | Action::Down | Action::Left | Action::Right, Panel::Orders) => {
                match action {
                    Action::Up => play.row = play.row.saturating_sub(1),
                    Action::Down => {
                        play.row = (play.row + 1).min(play.orders.len().saturating_sub(1))
                    }
                    Action::Left => play.column = play.column.prev(),
                    _ => play.column = play.column.next(),
                }
                // Moving over the orders makes way for the note on the selected field.
                self.status = None;
            }
            (Action::Up | Action::PageUp, Panel::Log) => {
                play.log_scroll = scrolled(play.log_scroll, Action::Down)
            }
            (Action::Down | Action::PageDown, Panel::Log) => {
                play.log_scroll = scrolled(play.log_scroll, Action::Up)
            }
            (Action::Activate, _) => {
                play.focus = Panel::Orders;
                self.status = change_field(play).err().and_then(Status::warning);
            }
            (Action::Why, _) => {
                self.overlay = Some(Overlay::Why {
                    meter: 0,
                    scroll: 0,
                })
            }
            (Action::Commit, _) => self.ask_or_commit(),
            _ => {}
        }
    }

    /// Commits this turn's orders, first asking this turn's question when the class
    /// predicts (orders that would be refused are refused before any question).
    fn ask_or_commit(&mut self) {
        let Screen::Campaign(play) = &self.screen else {
            return;
        };
        if !play.teaching().predict {
            self.commit();
            return;
        }
        if let Err(e) = play.game.check(&play.orders) {
            self.warn(format!("Orders refused: {e}."));
            return;
        }
        let game = &play.game;
        let question = Question::choose(&game.scenario, game.seed, game.state());
        self.overlay = Some(Overlay::Predict { question });
    }

    /// Records the player's answer to this turn's question, then commits.
    pub(super) fn predict_and_commit(&mut self, question: Question, answer: bool) {
        let Screen::Campaign(play) = &mut self.screen else {
            return;
        };
        play.classwork.answer(Prediction {
            turn: play.game.state().turn,
            question,
            answer,
        });
        self.commit();
    }

    /// Commits this turn's orders; the game is then autosaved, and a forecast still running
    /// for this turn is stopped.
    fn commit(&mut self) {
        let Screen::Campaign(play) = &mut self.screen else {
            return;
        };
        let seen = play.last_turn();
        let turn = match play.game.commit(play.orders.clone()) {
            Ok(turn) => turn,
            Err(e) => {
                self.warn(sentence(&format!("Orders refused: {e}")));
                return;
            }
        };
        let week = turn.turn;
        let unit = play.game.scenario.calendar.unit();
        let predicted = play.classwork.prediction(week).and_then(|p| {
            let right = p.came_true(&play.game)?;
            let verdict = if right {
                "came true"
            } else {
                "did not come true"
            };
            Some(format!(
                " Your prediction {verdict}: {}.",
                p.question.result(right == p.answer)
            ))
        });
        let predicted = predicted.unwrap_or_default();
        play.seen_turn = seen;
        play.log_scroll = 0;
        play.orders = play.game.standing_orders();
        let outcome = play.game.state().outcome;
        if let Some(outcome) = outcome {
            self.status = Status::info(format!(
                "{} resolved.{predicted} The campaign has ended: {}.",
                unit.title(week),
                play.game.scenario.outcome_name(outcome)
            ));
            let screen = std::mem::replace(&mut self.screen, Screen::Menu { selected: 0 });
            if let Screen::Campaign(play) = screen {
                self.show_debrief(play);
            }
        } else {
            self.status = Status::info(format!(
                "{} resolved.{predicted} Press w to see why the meters moved.",
                unit.title(week)
            ));
        }
        self.autosave(week);
        if let Some(run) = self.forecast.as_mut().filter(|f| f.running) {
            run.running = false;
            self.emit(Effect::CancelForecast);
        }
    }

    fn undo_allowed(&mut self) -> bool {
        let allowed = self
            .play()
            .is_some_and(|p| p.game.scenario.classroom.allow_undo);
        if !allowed && self.play().is_some() {
            self.warn("This scenario's classroom settings do not allow taking turns back.");
        }
        allowed
    }

    pub(super) fn undo(&mut self) {
        if !self.undo_allowed() {
            return;
        }
        self.stop_hindsight();
        let screen = std::mem::replace(&mut self.screen, Screen::Menu { selected: 0 });
        let mut play = match screen {
            Screen::Campaign(p) | Screen::Debrief { play: p, .. } => p,
            other => {
                self.screen = other;
                return;
            }
        };
        let taken = play.game.turns.last().map(|t| (t.turn, t.orders.clone()));
        match taken {
            Some((week, orders)) if play.game.undo() => {
                // The forecasts were of a state that is gone.
                self.forget_forecasts();
                play.orders = orders;
                play.seen_turn = play.last_turn();
                play.classwork.keep_until(play.last_turn());
                let unit = play.game.scenario.calendar.unit();
                self.status = Status::info(format!(
                    "{} taken back: its orders are yours to change.",
                    unit.title(week)
                ));
            }
            _ => self.warn("No committed turn to take back."),
        }
        self.screen = Screen::Campaign(play);
    }

    pub(super) fn open_branch(&mut self) {
        if !self.undo_allowed() {
            return;
        }
        if self.play().is_some_and(|p| p.game.turns.is_empty()) {
            let unit = self.turn_unit();
            self.warn(format!("No past {} to branch from yet.", unit.noun));
            return;
        }
        self.overlay = Some(Overlay::Branch { selected: 0 });
    }
}

/// Cycles the selected field of the selected order to its next allowed value; refuses a
/// change that would break the budget.
fn change_field(play: &mut Play) -> Result<(), String> {
    let sc = &play.game.scenario;
    let Some(&current) = play.orders.get(play.row) else {
        return Ok(());
    };
    let next = next_value(sc, play.row, current, play.column)?;
    let mut orders = play.orders.clone();
    orders[play.row] = next;
    if let Err((None, OrderProblem::OverBudget { cost, budget })) = sc.check_orders(&orders)
        && cost > sc.orders_cost(&play.orders)
    {
        // Intensity wraps to its lowest level rather than stopping at the budget.
        if play.column == Column::Intensity {
            orders[play.row].intensity = lowest_intensity();
            play.orders = orders;
            return Ok(());
        }
        return Err(format!(
            "over budget: {cost} of {budget} coordination points"
        ));
    }
    play.orders = orders;
    Ok(())
}
