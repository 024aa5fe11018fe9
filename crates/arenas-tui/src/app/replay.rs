//! Stepping through a saved campaign week by week.

use super::{App, Overlay, Play, Screen, Status};
use crate::keys::Action;
use crate::theme::Theme;
use arenas_core::game::Game;
use arenas_files::save::Saved;

impl App {
    /// The interface stepping through a saved game.
    pub fn replaying(theme: Theme, saves_location: String, saved: Saved) -> App {
        let mut app = App::new(theme, saves_location);
        let mut view = Box::new(Play::new(
            replay_until(&saved.game, 0),
            saved.campaign.clone(),
            saved.doc.clone(),
        ));
        view.classwork = saved.classwork.clone();
        app.screen = Screen::Replay {
            saved: Box::new(saved.game),
            at: 0,
            view,
        };
        let unit = app.turn_unit();
        app.status = Status::info(format!("Replay: ← and → step through the {}.", unit.plural));
        app
    }

    pub(super) fn act_on_replay(&mut self, action: Action) {
        let Screen::Replay { saved, at, view } = &mut self.screen else {
            return;
        };
        let last = saved.turns.len();
        let target = match action {
            Action::Left | Action::Up => at.saturating_sub(1),
            Action::Right | Action::Down => (*at + 1).min(last),
            Action::Why => {
                self.overlay = Some(Overlay::Why {
                    meter: 0,
                    scroll: 0,
                });
                return;
            }
            _ => return,
        };
        if target != *at {
            *at = target;
            let classwork = std::mem::take(&mut view.classwork);
            **view = Play::new(
                replay_until(saved, target),
                view.campaign.clone(),
                view.doc.clone(),
            );
            view.classwork = classwork;
            view.orders = saved
                .turns
                .get(target)
                .map_or_else(|| view.game.standing_orders(), |t| t.orders.clone());
            // The entries of the turn just stepped to are the new ones.
            view.seen_turn = view.last_turn().saturating_sub(1);
            let unit = saved.scenario.calendar.unit();
            self.status = Status::info(format!(
                "Replay: {} of {last} committed.",
                unit.label(target as u16)
            ));
        }
    }
}

/// The game replayed up to the orders phase of week `turns + 1`.
pub(super) fn replay_until(game: &Game, turns: usize) -> Game {
    let orders: Vec<_> = game
        .turns
        .iter()
        .take(turns)
        .map(|t| t.orders.clone())
        .collect();
    Game::replay(game.scenario.clone(), game.seed, &orders)
        .unwrap_or_else(|_| Game::new(game.scenario.clone(), game.seed))
}
