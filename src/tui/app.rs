//! All state of the terminal interface and how actions change it. Views only draw it.

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::keys::{self, Action, Context};
use super::layout::{self, Column};
use super::theme::Theme;
use crate::debrief::Debrief;
use crate::engine::{Claim, FrontSet, MAX_INTENSITY, Order, Task};
use crate::game::Game;
use crate::scenario::{self, Loaded};

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
    Scenarios,
    Help,
    Quit,
}

impl MenuItem {
    /// The menu, in order.
    pub const ALL: [MenuItem; 4] = [
        MenuItem::NewCampaign,
        MenuItem::Scenarios,
        MenuItem::Help,
        MenuItem::Quit,
    ];

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            MenuItem::NewCampaign => "New campaign",
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
    fn new(game: Game) -> Play {
        let orders = game.standing_orders();
        let seen_log = 0;
        Play {
            game,
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
        self.game.loaded.scenario.orders_cost(&self.orders)
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
    Campaign(Box<Play>),
    Debrief {
        play: Box<Play>,
        debrief: Box<Debrief>,
        tab: usize,
        scroll: u16,
    },
}

/// A window over the screen that takes the keys first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: u16 },
    Why { meter: usize, scroll: u16 },
    ConfirmQuit,
}

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
}

/// Number of debrief tabs.
pub const DEBRIEF_TABS: usize = 4;

impl App {
    /// The interface at the main menu.
    pub fn new(theme: Theme) -> App {
        let scenarios = scenario::BUNDLED
            .iter()
            .filter_map(|b| scenario::bundled(b.id)?.ok())
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
        }
    }

    /// The interface in a new campaign.
    pub fn playing(theme: Theme, loaded: Loaded, seed: u64) -> App {
        let mut app = App::new(theme);
        app.start(loaded, seed);
        app
    }

    fn start(&mut self, loaded: Loaded, seed: u64) {
        self.screen = Screen::Campaign(Box::new(Play::new(Game::new(loaded, seed))));
        self.status = Some(Status {
            text: format!("New campaign, seed {seed}. Give your orders, then press c."),
            warning: false,
        });
    }

    /// Where the keys go now.
    pub fn context(&self) -> Context {
        match (self.overlay, &self.screen) {
            (Some(Overlay::ConfirmQuit), _) => Context::Confirm,
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
            Screen::Campaign(p) | Screen::Debrief { play: p, .. } => Some(p),
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
            _ => match &mut self.screen {
                Screen::Menu { .. } => self.update_menu(action),
                Screen::Scenarios { .. } => self.update_scenarios(action),
                Screen::Campaign(_) => self.update_campaign(action),
                Screen::Debrief { .. } => self.update_debrief(action),
            },
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        self.overlay = match (overlay, action) {
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
                        let debrief = Box::new(Debrief::new(&play.game));
                        self.screen = Screen::Debrief {
                            play,
                            debrief,
                            tab: 0,
                            scroll: 0,
                        };
                    }
                } else {
                    self.status = Some(Status {
                        text: format!("Week {week} resolved. Press w to see why the meters moved."),
                        warning: false,
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
    let sc = &play.game.loaded.scenario;
    let Some(faction) = sc.factions.get(play.row) else {
        return Ok(());
    };
    let current = play.orders[play.row];
    let mut next = current;
    let home = faction.home.unwrap_or(sc.focus_front());
    match play.column {
        Column::Task => {
            let tasks: Vec<Task> = std::iter::once(Task::Hold)
                .chain(faction.tasks.iter().copied())
                .collect();
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
            let fronts: Vec<usize> = match &faction.fronts {
                FrontSet::Any => (0..sc.fronts.len()).collect(),
                FrontSet::Only(list) => list.clone(),
            };
            let i = fronts.iter().position(|f| *f == current.front).unwrap_or(0);
            next.front = fronts[(i + 1) % fronts.len()];
        }
        Column::Intensity => {
            if current.task == Task::Hold {
                return Err(format!("{} holds: choose a task first", faction.short));
            }
            next.intensity = current.intensity % MAX_INTENSITY + 1;
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
    let cost = sc.orders_cost(&orders);
    if cost > sc.model.budget && cost > sc.orders_cost(&play.orders) {
        // Intensity wraps to its lowest level rather than stopping at the budget.
        if play.column == Column::Intensity {
            orders[play.row].intensity = 1;
            play.orders = orders;
            return Ok(());
        }
        return Err(format!(
            "over budget: {cost} of {} coordination points",
            sc.model.budget
        ));
    }
    play.orders = orders;
    Ok(())
}
