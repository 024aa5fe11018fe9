//! All state of the terminal interface and how actions change it. Views only draw it.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::keys::{self, Action, Context};
use super::layout::{self, Column};
use super::theme::Theme;
use crate::debrief::Debrief;
use crate::engine::{Claim, Order, OrderProblem, Scenario, Task};
use crate::forecast::{self, FollowUp, Forecast, Outlook};
use crate::game::Game;
use crate::save::{self, Saved};
use crate::scenario::{self, Loaded, ScenarioDoc};

/// A line of feedback under the panels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub warning: bool,
}

/// Entries of the main menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    NewCampaign,
    Load,
    Scenarios,
    Help,
    Quit,
}

impl MenuItem {
    /// The menu, in order.
    pub const ALL: [MenuItem; 5] = [
        MenuItem::NewCampaign,
        MenuItem::Load,
        MenuItem::Scenarios,
        MenuItem::Help,
        MenuItem::Quit,
    ];

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            MenuItem::NewCampaign => "New campaign",
            MenuItem::Load => "Load",
            MenuItem::Scenarios => "Scenarios",
            MenuItem::Help => "Help",
            MenuItem::Quit => "Quit",
        }
    }
}

/// Which campaign panel takes the arrow keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Orders,
    Log,
}

/// A campaign being played, with the orders being edited.
#[derive(Clone, Debug)]
pub struct Play {
    pub game: Game,
    /// The scenario document saves embed.
    pub doc: Arc<ScenarioDoc>,
    /// This turn's orders, one per faction.
    pub orders: Vec<Order>,
    pub row: usize,
    pub column: Column,
    pub focus: Panel,
    /// Lines scrolled in the log (0: newest at the bottom).
    pub log_scroll: u16,
    /// Log entries there were before the last commit; later ones are new.
    pub seen_log: usize,
}

impl Play {
    fn new(game: Game, doc: Arc<ScenarioDoc>) -> Play {
        let orders = game.standing_orders();
        let seen_log = 0;
        Play {
            game,
            doc,
            orders,
            row: 0,
            column: Column::Task,
            focus: Panel::Orders,
            log_scroll: 0,
            seen_log,
        }
    }

    /// Coordination points this turn's orders cost.
    pub fn cost(&self) -> u32 {
        self.game.scenario.orders_cost(&self.orders)
    }
}

/// What fills the screen.
#[derive(Clone, Debug)]
pub enum Screen {
    Menu {
        selected: usize,
    },
    /// The scenarios to pick from; `start` when choosing one starts a campaign.
    Scenarios {
        selected: usize,
        start: bool,
    },
    /// Saves to resume, newest first.
    Load {
        entries: Vec<save::Entry>,
        selected: usize,
    },
    Campaign(Box<Play>),
    Debrief {
        play: Box<Play>,
        debrief: Box<Debrief>,
        tab: usize,
        scroll: u16,
    },
    /// A saved campaign shown as it stood at the orders phase of week `at + 1`.
    Replay {
        saved: Box<Game>,
        at: usize,
        view: Box<Play>,
    },
}

impl Screen {
    /// The debrief of a finished campaign, on its first tab.
    fn debrief(play: Box<Play>) -> Screen {
        let debrief = Box::new(Debrief::new(&play.game));
        Screen::Debrief {
            play,
            debrief,
            tab: 0,
            scroll: 0,
        }
    }
}

/// A window over the screen that takes the keys first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Why {
        meter: usize,
        scroll: u16,
    },
    ConfirmQuit,
    /// Typing the name of a save.
    SaveName,
    /// Choosing the week to branch from.
    Branch {
        selected: usize,
    },
    /// The forecast of this turn's orders.
    Forecast,
}

/// A forecast being run for the orders of a turn.
pub struct ForecastRun {
    pub handle: Forecast,
    pub turn: u16,
    pub orders: Vec<Order>,
    pub follow_up: FollowUp,
}

/// Rollouts per forecast.
pub const FORECAST_ROLLOUTS: u64 = 10_000;

/// The whole interface state.
pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub running: bool,
    /// Terminal size at the last draw, for placing mouse clicks.
    pub size: Rect,
    /// Bundled and user scenarios, checked.
    pub scenarios: Vec<Loaded>,
    /// Seed for the next campaign; a fresh one is drawn when absent.
    pub seed: Option<u64>,
    /// Where saves are written and listed.
    pub save_dir: PathBuf,
    /// The name being typed in the save prompt.
    pub input: String,
    /// The forecast of the plan on screen, if one was asked for.
    pub forecast: Option<ForecastRun>,
    /// The last finished forecast of another plan this turn, to show how the odds moved.
    pub previous: Option<(ForecastRun, Outlook)>,
    /// Worker threads for forecasts.
    pub threads: std::num::NonZeroUsize,
}

/// Number of debrief tabs.
pub const DEBRIEF_TABS: usize = 4;

impl App {
    /// The interface at the main menu.
    pub fn new(theme: Theme, save_dir: PathBuf) -> App {
        let scenarios = scenario::BUNDLED
            .iter()
            .filter_map(|b| scenario::bundled(b.id)?.ok())
            .chain(
                scenario::user_scenarios(&scenario::user_dir())
                    .into_iter()
                    .filter_map(|(_, l)| l.ok()),
            )
            .collect();
        App {
            theme,
            screen: Screen::Menu { selected: 0 },
            overlay: None,
            status: None,
            running: true,
            size: Rect::new(0, 0, 80, 24),
            scenarios,
            seed: None,
            save_dir,
            input: String::new(),
            forecast: None,
            previous: None,
            threads: forecast::default_threads(),
        }
    }

    /// The interface in a new campaign.
    pub fn playing(theme: Theme, save_dir: PathBuf, loaded: Loaded, seed: u64) -> App {
        let mut app = App::new(theme, save_dir);
        app.start(loaded, seed);
        app
    }

    /// The interface resuming a saved game.
    pub fn resuming(theme: Theme, save_dir: PathBuf, saved: Saved) -> App {
        let mut app = App::new(theme, save_dir);
        app.resume(saved);
        app
    }

    /// The interface stepping through a saved game.
    pub fn replaying(theme: Theme, save_dir: PathBuf, saved: Saved) -> App {
        let mut app = App::new(theme, save_dir);
        let view = Box::new(Play::new(replay_until(&saved.game, 0), saved.doc.clone()));
        app.screen = Screen::Replay {
            saved: Box::new(saved.game),
            at: 0,
            view,
        };
        app.status = Some(Status {
            text: "Replay: ← and → step through the weeks.".into(),
            warning: false,
        });
        app
    }

    fn resume(&mut self, saved: Saved) {
        let week = saved.game.state().turn;
        let over = saved.game.state().is_over();
        let mut play = Box::new(Play::new(saved.game, saved.doc));
        play.seen_log = play.game.log().len();
        if over {
            self.screen = Screen::debrief(play);
        } else {
            self.screen = Screen::Campaign(play);
        }
        self.status = Some(Status {
            text: format!("Resumed at week {week}."),
            warning: false,
        });
    }

    fn start(&mut self, loaded: Loaded, seed: u64) {
        self.screen = Screen::Campaign(Box::new(Play::new(
            Game::new(loaded.scenario, seed),
            loaded.doc,
        )));
        self.status = Some(Status {
            text: format!("New campaign, seed {seed}. Give your orders, then press c."),
            warning: false,
        });
    }

    /// Where the keys go now.
    pub fn context(&self) -> Context {
        match (self.overlay, &self.screen) {
            (Some(Overlay::ConfirmQuit), _) => Context::Confirm,
            (Some(Overlay::SaveName), _) => Context::Prompt,
            (Some(Overlay::Branch { .. }), _) => Context::Pick,
            (Some(Overlay::Forecast), _) => Context::Forecast,
            (None, Screen::Load { .. }) => Context::Menu,
            (None, Screen::Replay { .. }) => Context::Replay,
            (Some(Overlay::Help { .. }), _) => Context::Help,
            (Some(Overlay::Why { .. }), _) => Context::Why,
            (None, Screen::Menu { .. } | Screen::Scenarios { .. }) => Context::Menu,
            (None, Screen::Campaign(_)) => Context::Campaign,
            (None, Screen::Debrief { .. }) => Context::Debrief,
        }
    }

    /// The campaign in play, if any.
    pub fn play(&self) -> Option<&Play> {
        match &self.screen {
            Screen::Campaign(p)
            | Screen::Debrief { play: p, .. }
            | Screen::Replay { view: p, .. } => Some(p),
            _ => None,
        }
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.handle_key(*key),
            Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
                self.click(Position::new(m.column, m.row))
            }
            Event::Resize(w, h) => self.size = Rect::new(0, 0, *w, *h),
            _ => {}
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if keys::is_interrupt(key) {
            self.running = false;
            return;
        }
        if self.overlay == Some(Overlay::SaveName) {
            match key.code {
                KeyCode::Char(c) if !c.is_control() && self.input.chars().count() < 60 => {
                    self.input.push(c)
                }
                KeyCode::Backspace => {
                    self.input.pop();
                }
                _ => {}
            }
        }
        if let Some(action) = keys::action(self.context(), key) {
            self.update(action);
        }
    }

    /// Applies an action.
    pub fn update(&mut self, action: Action) {
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
            return;
        }
        match action {
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            Action::Save if self.play().is_some() => {
                self.input = default_save_name(self.play().map(|p| &p.game));
                self.overlay = Some(Overlay::SaveName);
            }
            Action::Undo => self.undo(),
            Action::Forecast => self.open_forecast(None),
            Action::Branch => self.open_branch(),
            _ => match &mut self.screen {
                Screen::Menu { .. } => self.update_menu(action),
                Screen::Scenarios { .. } => self.update_scenarios(action),
                Screen::Load { .. } => self.update_load(action),
                Screen::Campaign(_) => self.update_campaign(action),
                Screen::Debrief { .. } => self.update_debrief(action),
                Screen::Replay { .. } => self.update_replay(action),
            },
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        self.overlay = match (overlay, action) {
            (Overlay::SaveName, Action::Activate) => {
                self.save_named();
                None
            }
            (Overlay::Branch { selected }, Action::Activate) => {
                self.branch(selected);
                None
            }
            (Overlay::Forecast, Action::Policy) => {
                let next = self
                    .forecast
                    .as_ref()
                    .map_or(FollowUp::default(), |f| f.follow_up.next());
                self.open_forecast(Some(next));
                Some(Overlay::Forecast)
            }
            (Overlay::Forecast, Action::Help) => Some(Overlay::Help { scroll: 0 }),
            (Overlay::Branch { selected }, Action::Up) => Some(Overlay::Branch {
                selected: selected.saturating_sub(1),
            }),
            (Overlay::Branch { selected }, Action::Down) => {
                let weeks = self.play().map_or(1, |p| p.game.turns.len().max(1));
                Some(Overlay::Branch {
                    selected: (selected + 1).min(weeks - 1),
                })
            }
            (Overlay::ConfirmQuit, Action::Yes) => {
                self.running = false;
                None
            }
            (Overlay::ConfirmQuit, Action::No) | (_, Action::Close) => None,
            (Overlay::Help { scroll }, a) => Some(Overlay::Help {
                scroll: scrolled(scroll, a),
            }),
            (Overlay::Why { meter, .. }, Action::Left) => Some(Overlay::Why {
                meter: (meter + 6) % 7,
                scroll: 0,
            }),
            (Overlay::Why { meter, .. }, Action::Right) => Some(Overlay::Why {
                meter: (meter + 1) % 7,
                scroll: 0,
            }),
            (Overlay::Why { meter, scroll }, a) => Some(Overlay::Why {
                meter,
                scroll: scrolled(scroll, a),
            }),
            (o, _) => Some(o),
        };
    }

    fn update_menu(&mut self, action: Action) {
        let Screen::Menu { selected } = &mut self.screen else {
            return;
        };
        let n = MenuItem::ALL.len();
        match action {
            Action::Up => *selected = (*selected + n - 1) % n,
            Action::Down => *selected = (*selected + 1) % n,
            Action::Activate => match MenuItem::ALL[*selected] {
                MenuItem::NewCampaign => {
                    self.screen = Screen::Scenarios {
                        selected: 0,
                        start: true,
                    }
                }
                MenuItem::Load => {
                    let entries = save::list(&self.save_dir);
                    if entries.is_empty() {
                        let text = format!("No saves yet in {}.", self.save_dir.display());
                        self.status = Some(Status {
                            text,
                            warning: false,
                        });
                    }
                    self.screen = Screen::Load {
                        entries,
                        selected: 0,
                    };
                }
                MenuItem::Scenarios => {
                    self.screen = Screen::Scenarios {
                        selected: 0,
                        start: false,
                    }
                }
                MenuItem::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
                MenuItem::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            },
            _ => {}
        }
    }

    fn update_scenarios(&mut self, action: Action) {
        let Screen::Scenarios { selected, start } = &mut self.screen else {
            return;
        };
        let n = self.scenarios.len().max(1);
        match action {
            Action::Up => *selected = (*selected + n - 1) % n,
            Action::Down => *selected = (*selected + 1) % n,
            Action::Activate if *start => {
                if let Some(loaded) = self.scenarios.get(*selected).cloned() {
                    let seed = self.seed.unwrap_or_else(fresh_seed);
                    self.start(loaded, seed);
                }
            }
            Action::Activate | Action::Close => {
                self.screen = Screen::Menu {
                    selected: if *start { 0 } else { 1 },
                }
            }
            _ => {}
        }
    }

    fn update_campaign(&mut self, action: Action) {
        let Screen::Campaign(play) = &mut self.screen else {
            return;
        };
        match (action, play.focus) {
            (Action::NextPanel, Panel::Orders) => play.focus = Panel::Log,
            (Action::NextPanel, Panel::Log) => play.focus = Panel::Orders,
            (Action::Up, Panel::Orders) => play.row = play.row.saturating_sub(1),
            (Action::Down, Panel::Orders) => {
                play.row = (play.row + 1).min(play.orders.len().saturating_sub(1))
            }
            (Action::Left, Panel::Orders) => play.column = play.column.prev(),
            (Action::Right, Panel::Orders) => play.column = play.column.next(),
            (Action::Up | Action::PageUp, Panel::Log) => {
                play.log_scroll = scrolled(play.log_scroll, Action::Down)
            }
            (Action::Down | Action::PageDown, Panel::Log) => {
                play.log_scroll = scrolled(play.log_scroll, Action::Up)
            }
            (Action::Activate, _) => {
                play.focus = Panel::Orders;
                self.status = change_field(play).err().map(|text| Status {
                    text,
                    warning: true,
                });
            }
            (Action::Why, _) => {
                self.overlay = Some(Overlay::Why {
                    meter: 0,
                    scroll: 0,
                })
            }
            (Action::Commit, _) => self.commit(),
            _ => {}
        }
    }

    fn commit(&mut self) {
        let Screen::Campaign(play) = &mut self.screen else {
            return;
        };
        let seen = play.game.log().len();
        match play.game.commit(play.orders.clone()) {
            Ok(turn) => {
                let week = turn.turn;
                let autosaved = autosave(&self.save_dir, &play.game, &play.doc);
                play.seen_log = seen;
                play.log_scroll = 0;
                play.orders = play.game.standing_orders();
                let state = play.game.state().clone();
                if let Some(outcome) = state.outcome {
                    self.status = Some(Status {
                        text: format!(
                            "Week {week} resolved. The campaign has ended: {}.",
                            outcome.name()
                        ),
                        warning: false,
                    });
                    let play = std::mem::replace(&mut self.screen, Screen::Menu { selected: 0 });
                    if let Screen::Campaign(play) = play {
                        self.screen = Screen::debrief(play);
                    }
                } else {
                    self.status = Some(match autosaved {
                        Ok(()) => Status {
                            text: format!(
                                "Week {week} resolved. Press w to see why the meters moved."
                            ),
                            warning: false,
                        },
                        Err(e) => Status {
                            text: format!("Week {week} resolved, but the autosave failed: {e}"),
                            warning: true,
                        },
                    });
                }
            }
            Err(e) => {
                self.status = Some(Status {
                    text: format!("Orders refused: {e}."),
                    warning: true,
                })
            }
        }
    }

    fn update_debrief(&mut self, action: Action) {
        let Screen::Debrief { tab, scroll, .. } = &mut self.screen else {
            return;
        };
        match action {
            Action::Left => (*tab, *scroll) = ((*tab + DEBRIEF_TABS - 1) % DEBRIEF_TABS, 0),
            Action::Right => (*tab, *scroll) = ((*tab + 1) % DEBRIEF_TABS, 0),
            Action::Why => {
                self.overlay = Some(Overlay::Why {
                    meter: 0,
                    scroll: 0,
                })
            }
            Action::Close => {
                self.screen = Screen::Menu { selected: 0 };
                self.status = None;
            }
            a => *scroll = scrolled(*scroll, a),
        }
    }

    /// Whether work is under way that the screen should follow closely.
    pub fn busy(&self) -> bool {
        self.forecast
            .as_ref()
            .is_some_and(|f| !f.handle.is_finished())
    }

    /// Opens the forecast of the orders on screen, starting it unless the same plan has one.
    fn open_forecast(&mut self, follow_up: Option<FollowUp>) {
        let Screen::Campaign(play) = &self.screen else {
            return;
        };
        let scenario = &play.game.scenario;
        if let Err(e) = forecast::available(scenario) {
            self.status = Some(Status {
                text: format!("No forecast: {e}."),
                warning: true,
            });
            return;
        }
        let turn = play.game.state().turn;
        let follow_up = follow_up
            .or(self.forecast.as_ref().map(|f| f.follow_up))
            .unwrap_or_default();
        let same =
            |f: &ForecastRun| f.turn == turn && f.orders == play.orders && f.follow_up == follow_up;
        if !self.forecast.as_ref().is_some_and(same) {
            if let Some(old) = self.forecast.take() {
                let outlook = old.handle.snapshot();
                if old.turn == turn && outlook.is_complete() && old.orders != play.orders {
                    self.previous = Some((old, outlook));
                }
            }
            if self.previous.as_ref().is_some_and(|(p, _)| p.turn != turn) {
                self.previous = None;
            }
            let request = forecast::Request {
                scenario: scenario.clone(),
                state: play.game.state().clone(),
                orders: play.orders.clone(),
                follow_up,
                rollouts: FORECAST_ROLLOUTS,
                seed: forecast::seed_for(play.game.seed, turn),
            };
            match Forecast::start(request, self.threads) {
                Ok(handle) => {
                    self.forecast = Some(ForecastRun {
                        handle,
                        turn,
                        orders: play.orders.clone(),
                        follow_up,
                    })
                }
                Err(e) => {
                    self.status = Some(Status {
                        text: format!("No forecast: {e}."),
                        warning: true,
                    });
                    return;
                }
            }
        }
        self.overlay = Some(Overlay::Forecast);
    }

    fn update_load(&mut self, action: Action) {
        let Screen::Load { entries, selected } = &mut self.screen else {
            return;
        };
        let n = entries.len().max(1);
        match action {
            Action::Up => *selected = (*selected + n - 1) % n,
            Action::Down => *selected = (*selected + 1) % n,
            Action::Close => self.screen = Screen::Menu { selected: 1 },
            Action::Activate => {
                let Some(entry) = entries.get(*selected) else {
                    return;
                };
                match save::load_file(&entry.path) {
                    Ok(saved) => self.resume(saved),
                    Err(d) => {
                        let first = d.0.first().map_or_else(String::new, ToString::to_string);
                        self.status = Some(Status {
                            text: format!("Cannot load: {}", first.lines().next().unwrap_or("")),
                            warning: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn update_replay(&mut self, action: Action) {
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
            **view = Play::new(replay_until(saved, target), view.doc.clone());
            view.orders = saved
                .turns
                .get(target)
                .map_or_else(|| view.game.standing_orders(), |t| t.orders.clone());
            self.status = Some(Status {
                text: format!("Replay: week {} of {last} committed.", target),
                warning: false,
            });
        }
    }

    fn undo_allowed(&mut self) -> bool {
        let allowed = self
            .play()
            .is_some_and(|p| p.game.scenario.classroom.allow_undo);
        if !allowed && self.play().is_some() {
            self.status = Some(Status {
                text: "This scenario's classroom settings do not allow taking turns back.".into(),
                warning: true,
            });
        }
        allowed
    }

    fn undo(&mut self) {
        if !self.undo_allowed() {
            return;
        }
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
                play.orders = orders;
                play.seen_log = play.game.log().len();
                self.status = Some(Status {
                    text: format!("Week {week} taken back: its orders are yours to change."),
                    warning: false,
                });
            }
            _ => {
                self.status = Some(Status {
                    text: "No committed turn to take back.".into(),
                    warning: true,
                })
            }
        }
        self.screen = Screen::Campaign(play);
    }

    fn open_branch(&mut self) {
        if !self.undo_allowed() {
            return;
        }
        if self.play().is_some_and(|p| p.game.turns.is_empty()) {
            self.status = Some(Status {
                text: "No past week to branch from yet.".into(),
                warning: true,
            });
            return;
        }
        self.overlay = Some(Overlay::Branch { selected: 0 });
    }

    /// Saves the campaign as it stood at the orders phase of week `selected + 1` into a new
    /// file, to be resumed on another path.
    fn branch(&mut self, selected: usize) {
        let Some(play) = self.play() else { return };
        let game = replay_until(&play.game, selected);
        let week = selected + 1;
        let name = format!(
            "{} seed {} branch from week {week}",
            play.game.scenario.meta.id, play.game.seed
        );
        let path = self.save_dir.join(save::file_name(&name));
        self.status = Some(
            match write_save(&self.save_dir, &path, &game, &play.doc, &name) {
                Ok(()) => Status {
                    text: format!("Branched from week {week} into {}.", path.display()),
                    warning: false,
                },
                Err(e) => Status {
                    text: format!("Branch not saved: {e}"),
                    warning: true,
                },
            },
        );
    }

    fn save_named(&mut self) {
        let Some(play) = self.play() else { return };
        let name = self.input.trim().to_owned();
        let path = self.save_dir.join(save::file_name(&name));
        self.status = Some(
            match write_save(&self.save_dir, &path, &play.game, &play.doc, &name) {
                Ok(()) => Status {
                    text: format!("Saved to {}.", path.display()),
                    warning: false,
                },
                Err(e) => Status {
                    text: format!("Not saved: {e}"),
                    warning: true,
                },
            },
        );
    }

    /// A left click: selects a menu item, an orders row and field, a log line or a tab.
    pub fn click(&mut self, at: Position) {
        if self.overlay.is_some() {
            return;
        }
        let size = self.size;
        match &mut self.screen {
            Screen::Menu { selected } => {
                if let Some(i) = layout::menu_item_at(size, MenuItem::ALL.len(), at) {
                    *selected = i;
                }
            }
            Screen::Scenarios { selected, .. } => {
                if let Some(i) = layout::menu_item_at(size, self.scenarios.len(), at) {
                    *selected = i;
                }
            }
            Screen::Load { entries, selected } => {
                if let Some(i) = layout::menu_item_at(size, entries.len(), at) {
                    *selected = i;
                }
            }
            Screen::Replay { .. } => {}
            Screen::Campaign(play) => {
                let l = layout::campaign(size);
                if let Some((row, column)) = layout::orders_cell_at(l.orders, play.orders.len(), at)
                {
                    play.focus = Panel::Orders;
                    play.row = row;
                    if let Some(c) = column {
                        play.column = c;
                    }
                } else if l.log.contains(at) {
                    play.focus = Panel::Log;
                }
            }
            Screen::Debrief { tab, scroll, .. } => {
                if let Some(t) = layout::debrief_tab_at(size, DEBRIEF_TABS, at) {
                    (*tab, *scroll) = (t, 0);
                }
            }
        }
    }
}

/// The game replayed up to the orders phase of week `turns + 1`.
fn replay_until(game: &Game, turns: usize) -> Game {
    let orders: Vec<_> = game
        .turns
        .iter()
        .take(turns)
        .map(|t| t.orders.clone())
        .collect();
    Game::replay(game.scenario.clone(), game.seed, &orders)
        .unwrap_or_else(|_| Game::new(game.scenario.clone(), game.seed))
}

fn write_save(
    dir: &std::path::Path,
    path: &std::path::Path,
    game: &Game,
    doc: &ScenarioDoc,
    name: &str,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    save::save(path, game, doc, name)
}

/// Saves the game after a committed turn under a name of its own.
fn autosave(dir: &std::path::Path, game: &Game, doc: &ScenarioDoc) -> Result<(), String> {
    let name = format!("autosave {} seed {}", game.scenario.meta.id, game.seed);
    write_save(dir, &dir.join(save::file_name(&name)), game, doc, &name)
}

/// The name the save prompt starts with.
fn default_save_name(game: Option<&Game>) -> String {
    game.map_or_else(String::new, |g| {
        format!(
            "{} seed {} week {}",
            g.scenario.meta.id,
            g.seed,
            g.state().turn
        )
    })
}

fn scrolled(scroll: u16, action: Action) -> u16 {
    match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown => scroll.saturating_add(10),
        _ => scroll,
    }
}

/// A seed for a new campaign when none was given (not game logic: only picks the stream).
pub fn fresh_seed() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u64) % 1_000_000
}

/// Cycles the selected field of the selected order to its next allowed value; refuses a
/// change that would break the budget.
fn change_field(play: &mut Play) -> Result<(), String> {
    let sc = &play.game.scenario;
    let Some(faction) = sc.factions.get(play.row) else {
        return Ok(());
    };
    let current = play.orders[play.row];
    let mut next = current;
    let home = faction.home.unwrap_or(sc.focus_front());
    match play.column {
        Column::Task => {
            let tasks: Vec<Task> = sc.allowed_tasks(play.row).collect();
            let i = tasks.iter().position(|t| *t == current.task).unwrap_or(0);
            next.task = tasks[(i + 1) % tasks.len()];
            if current.task == Task::Hold {
                next.intensity = 1;
                next.front = if faction.may_act_on(current.front) && faction.home.is_some() {
                    current.front
                } else {
                    home
                };
            }
            if next.task == Task::Hold {
                next.intensity = 0;
            }
        }
        Column::Front => {
            if current.task == Task::Hold {
                return Err(format!("{} holds: choose a task first", faction.short));
            }
            let fronts = sc.allowed_fronts(play.row);
            let i = fronts.iter().position(|f| *f == current.front).unwrap_or(0);
            next.front = fronts[(i + 1) % fronts.len()];
        }
        Column::Intensity => {
            if current.task == Task::Hold {
                return Err(format!("{} holds: choose a task first", faction.short));
            }
            let mut levels = Scenario::allowed_intensities();
            next.intensity = levels
                .find(|i| *i > current.intensity)
                .unwrap_or(*Scenario::allowed_intensities().start());
        }
        Column::Claim => {
            if current.task == Task::Hold {
                return Err(format!("{} holds: choose a task first", faction.short));
            }
            next.claim = match current.claim {
                Claim::Claimed => Claim::Deniable,
                Claim::Deniable => Claim::Claimed,
            };
        }
    }
    let mut orders = play.orders.clone();
    orders[play.row] = next;
    if let Err((None, OrderProblem::OverBudget { cost, budget })) = sc.check_orders(&orders)
        && cost > sc.orders_cost(&play.orders)
    {
        // Intensity wraps to its lowest level rather than stopping at the budget.
        if play.column == Column::Intensity {
            orders[play.row].intensity = *Scenario::allowed_intensities().start();
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
