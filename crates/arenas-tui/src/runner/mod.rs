//! Runners carry out the effects the interface asks for. [`Runner`] does it for one player
//! against a [`Store`], with forecasts on worker threads of their own or on a pool shared by
//! many players ([`Executor`]), and knows nothing of terminals:
//! the local terminal runner (`arenas::terminal::run`, in the binary) drives one, and so can
//! any other front-end (tests drive one with no terminal at all).

pub mod bytes;
mod input;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::app::{App, Effect, Msg};
use super::input::Input;
use super::store::Store;
use arenas_sim::forecast::{Executor, Forecast};

pub use input::convert;

/// One player's interface, its store and its background work.
pub struct Runner<S> {
    pub app: App,
    pub store: S,
    /// Where forecasts run: threads of their own (the default, one per core), or a pool
    /// shared with other sessions.
    pub executor: Executor,
    /// The forecast running, if any; dropping it stops it (and frees its place on a pool).
    forecast: Option<Forecast>,
}

impl<S: Store> Runner<S> {
    /// The runner of `app` over `store`.
    pub fn new(app: App, store: S) -> Runner<S> {
        Runner {
            app,
            store,
            executor: Executor::default(),
            forecast: None,
        }
    }

    /// Hands the interface a message and carries out the effects that follow, feeding
    /// their results back until none is left. Returns the effects carried out, in order.
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let mut done = Vec::new();
        let mut queue = std::collections::VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            for effect in self.app.update(msg) {
                queue.extend(self.perform(&effect));
                done.push(effect);
            }
        }
        done
    }

    /// Hands the interface the player's input; see [`Runner::send`].
    pub fn input(&mut self, input: Input) -> Vec<Effect> {
        self.send(Msg::Input(input))
    }

    /// Reports how the background work stands: called between inputs, as often as the
    /// screen should follow it.
    pub fn poll(&mut self) {
        let Some(handle) = &self.forecast else { return };
        let finished = handle.is_finished();
        let outlook = Box::new(handle.snapshot());
        if finished {
            self.forecast = None;
        }
        self.send(Msg::ForecastProgress { outlook, finished });
    }

    /// Whether the player is still there.
    pub fn running(&self) -> bool {
        self.app.running
    }

    /// Carries out one effect; returns what it brought back, if anything.
    fn perform(&mut self, effect: &Effect) -> Option<Msg> {
        match effect {
            Effect::ListScenarios => Some(Msg::ScenariosListed {
                entries: self.store.list_scenarios(),
                folder: self.store.scenarios_folder(),
            }),
            Effect::ReadScenario(entry) => Some(Msg::ScenarioRead(
                self.store.read_scenario(entry).map(Box::new),
            )),
            Effect::ListSaves => Some(Msg::SavesListed(self.store.list_saves())),
            Effect::ReadSave(entry) => {
                Some(Msg::SaveRead(self.store.read_save(entry).map(Box::new)))
            }
            Effect::WriteSave {
                kind,
                name,
                text,
                mode,
            } => Some(Msg::SaveWritten {
                kind: *kind,
                result: self.store.write_save(name, text, *mode),
            }),
            Effect::ReadClock => Some(Msg::Clock(since_epoch())),
            Effect::StartForecast(request) => {
                // The one running is dropped, which stops it, before the next starts.
                self.forecast = None;
                match self.executor.start((**request).clone()) {
                    Ok(handle) => {
                        let outlook = Box::new(handle.snapshot());
                        self.forecast = Some(handle);
                        Some(Msg::ForecastProgress {
                            outlook,
                            finished: false,
                        })
                    }
                    Err(e) => Some(Msg::ForecastFailed(e.to_string())),
                }
            }
            Effect::CancelForecast | Effect::Quit => {
                self.forecast = None;
                None
            }
        }
    }
}

/// The time since the Unix epoch (zero if the clock is before it).
fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// A seed for a new campaign from the clock, when the player gave none.
pub fn fresh_seed() -> u64 {
    crate::app::seed_from_clock(since_epoch())
}
