//! The forecast overlay: asking for a forecast of this turn's orders and following it.

use super::{App, Effect, FORECAST_ROLLOUTS, ForecastRun, Overlay, Screen};
use crate::engine::sentence;
use crate::forecast::{self, FollowUp, Outlook};

impl App {
    /// Opens the forecast of the orders on screen, asking for it unless the same plan has
    /// one.
    pub(super) fn open_forecast(&mut self, follow_up: Option<FollowUp>) {
        let Screen::Campaign(play) = &self.screen else {
            return;
        };
        let scenario = &play.game.scenario;
        if let Err(e) = forecast::available(scenario) {
            self.warn(sentence(&format!("No forecast: {e}")));
            return;
        }
        let turn = play.game.state().turn;
        let follow_up = follow_up
            .or(self.forecast.as_ref().map(|f| f.follow_up))
            .unwrap_or_default();
        let same =
            |f: &ForecastRun| f.turn == turn && f.orders == play.orders && f.follow_up == follow_up;
        if !self.forecast.as_ref().is_some_and(same) {
            let request = forecast::Request {
                scenario: scenario.clone(),
                state: play.game.state().clone(),
                orders: play.orders.clone(),
                follow_up,
                rollouts: FORECAST_ROLLOUTS,
                seed: forecast::seed_for(play.game.seed, turn),
            };
            if let Some(old) = self.forecast.take() {
                let complete = old.outlook.as_ref().is_some_and(Outlook::is_complete);
                if old.turn == turn && complete && old.orders != request.orders {
                    self.previous = Some(old);
                }
            }
            if self.previous.as_ref().is_some_and(|p| p.turn != turn) {
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

    /// How the forecast asked for stands.
    pub(super) fn forecast_progress(&mut self, outlook: Outlook, finished: bool) {
        if let Some(run) = &mut self.forecast {
            run.outlook = Some(outlook);
            run.running = !finished;
        }
    }

    /// The forecast asked for could not start.
    pub(super) fn forecast_failed(&mut self, error: &str) {
        self.forecast = None;
        if self.overlay == Some(Overlay::Forecast) {
            self.overlay = None;
        }
        self.warn(sentence(&format!("No forecast: {error}")));
    }
}
