//! The forecast overlay: asking for a forecast of this turn's orders and following it, as
//! far as the class's settings allow; and, for a campaign played with the forecast off,
//! working out in the background what it would have said each week, for the debrief.

use super::{App, Effect, FORECAST_ROLLOUTS, ForecastRun, Overlay, Play, SaveKind, Screen};
use arenas_core::engine::{ForecastMode, Order, State, sentence};
use arenas_report::debrief::WouldHaveSaid;
use arenas_sim::forecast::{self, FollowUp, Outlook, Request};

impl App {
    /// Opens the forecast of the orders on screen, asking for it unless the same plan has
    /// one. A limited forecast counts each plan asked for, shows the plan as given only and
    /// compares it with nothing; with the forecast off, nothing is asked.
    pub(super) fn open_forecast(&mut self, follow_up: Option<FollowUp>) {
        let Screen::Campaign(play) = &self.screen else {
            return;
        };
        let teaching = play.teaching();
        let full = teaching.forecast == ForecastMode::Full;
        if teaching.forecast == ForecastMode::Off {
            let unit = play.game.scenario.calendar.unit();
            self.warn(format!(
                "The forecast is off in this class; the debrief shows what it would have said \
                 each {}.",
                unit.noun
            ));
            return;
        }
        let turn = play.game.state().turn;
        let follow_up = if full {
            follow_up
                .or(self.forecast.as_ref().map(|f| f.follow_up))
                .unwrap_or_default()
        } else {
            FollowUp::RepeatPlan
        };
        let same =
            |f: &ForecastRun| f.turn == turn && f.orders == play.orders && f.follow_up == follow_up;
        if !self.forecast.as_ref().is_some_and(same) {
            if play.forecasts_left() == Some(0) {
                self.warn(format!(
                    "No forecasts left: this class allows {} per campaign.",
                    teaching.limit
                ));
                return;
            }
            let request = request(play, play.game.state(), play.orders.clone(), follow_up);
            if let Some(old) = self.forecast.take() {
                let complete = old.outlook.as_ref().is_some_and(Outlook::is_complete);
                if full && old.turn == turn && complete && old.orders != request.orders {
                    self.previous = Some(old);
                }
            }
            if !full || self.previous.as_ref().is_some_and(|p| p.turn != turn) {
                self.previous = None;
            }
            self.forecast = Some(ForecastRun {
                turn,
                orders: request.orders.clone(),
                follow_up,
                outlook: None,
                running: true,
            });
            self.emit(Effect::StartForecast(Box::new(request)));
            if !full {
                self.count_forecast();
            }
        }
        self.overlay = Some(Overlay::Forecast);
    }

    /// Forgets the forecasts of the campaign left (and stops one still running), so that a
    /// campaign started, loaded or branched into compares its first forecast with nothing.
    pub(super) fn forget_forecasts(&mut self) {
        if self.forecast.take().is_some_and(|f| f.running) {
            self.emit(Effect::CancelForecast);
        }
        self.previous = None;
    }

    /// Counts a forecast of a limited class, and saves the count with the campaign at once,
    /// so that resuming does not give it back.
    fn count_forecast(&mut self) {
        let Screen::Campaign(play) = &mut self.screen else {
            return;
        };
        play.classwork.forecasts_used = play.classwork.forecasts_used.saturating_add(1);
        self.autosave_as(SaveKind::Counted);
    }

    /// How the forecast asked for stands; for the debrief's forecasts, each finished one is
    /// recorded and the next week's asked for.
    pub(super) fn forecast_progress(&mut self, outlook: Outlook, finished: bool) {
        if let Some(turn) = self.hindsight {
            if finished {
                let said = outlook
                    .is_complete()
                    .then(|| WouldHaveSaid::of(turn, &outlook));
                if let Screen::Debrief { debrief, .. } = &mut self.screen
                    && let Some(h) = &mut debrief.hindsight
                {
                    match said {
                        Some(said) => h.said.push(said),
                        None => h.failed = Some("the forecast stopped early".to_owned()),
                    }
                }
                self.hindsight = None;
            }
            return;
        }
        if let Some(run) = &mut self.forecast {
            run.outlook = Some(outlook);
            run.running = !finished;
        }
    }

    /// The forecast asked for could not start.
    pub(super) fn forecast_failed(&mut self, error: &str) {
        if self.hindsight.take().is_some() {
            if let Screen::Debrief { debrief, .. } = &mut self.screen
                && let Some(h) = &mut debrief.hindsight
            {
                h.failed = Some(error.to_owned());
            }
            return;
        }
        if self.forecast.take().is_some()
            && let Screen::Campaign(play) = &mut self.screen
            && play.forecasts_left().is_some()
        {
            // A forecast that never ran is not counted.
            play.classwork.forecasts_used = play.classwork.forecasts_used.saturating_sub(1);
            self.autosave_as(SaveKind::Counted);
        }
        if self.overlay == Some(Overlay::Forecast) {
            self.overlay = None;
        }
        self.warn(sentence(&format!("No forecast: {error}")));
    }

    /// Shows the debrief of a finished campaign (with the forecast off, what it would have
    /// said each week is then worked out, see [`App::follow_hindsight`]).
    pub(super) fn show_debrief(&mut self, play: Box<Play>) {
        self.screen = Screen::debrief(play);
    }

    /// Asks for the next forecast the debrief of a campaign played with the forecast off
    /// lacks, the one the player would have seen of that week's orders, unless one is being
    /// worked out or every week has one.
    pub(super) fn follow_hindsight(&mut self) {
        let Screen::Debrief { play, debrief, .. } = &self.screen else {
            return;
        };
        let Some(h) = debrief.hindsight.as_ref().filter(|h| h.failed.is_none()) else {
            return;
        };
        if self.hindsight.is_some() {
            return;
        }
        let said = u16::try_from(h.said.len()).unwrap_or(u16::MAX);
        let turn = play.prepared.saturating_add(said).saturating_add(1);
        let index = usize::from(turn - 1);
        let (Some(played), Some(state)) =
            (play.game.turns.get(index), play.game.states().nth(index))
        else {
            return;
        };
        let request = request(play, state, played.orders.clone(), FollowUp::RepeatPlan);
        self.hindsight = Some(turn);
        self.emit(Effect::StartForecast(Box::new(request)));
    }

    /// Stops working out the debrief's forecasts, when the debrief is left.
    pub(super) fn stop_hindsight(&mut self) {
        if self.hindsight.take().is_some() {
            self.emit(Effect::CancelForecast);
        }
    }
}

/// The forecast of `orders` from `state`, the orders phase of a week of the campaign in
/// play, on the draws every plan of that week is forecast on.
fn request(play: &Play, state: &State, orders: Vec<Order>, follow_up: FollowUp) -> Request {
    let game = &play.game;
    Request {
        scenario: game.scenario.clone(),
        state: state.clone(),
        orders,
        follow_up,
        rollouts: FORECAST_ROLLOUTS,
        seed: forecast::seed_for(game.seed, state.turn),
    }
}
