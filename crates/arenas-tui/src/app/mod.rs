//! The interface as a state machine: all its state, and [`App::update`], which takes a
//! message (the player's input, or the result of an effect) and returns the effects to
//! carry out. It does no I/O, starts no thread and reads no clock; a runner does that
//! (see [`crate::runner`]). Views only draw the state.

mod editing;
mod forecast;
mod message;
mod persistence;
mod replay;
mod update;

use std::cell::RefCell;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::keys::{self, Context};
use super::layout::Column;
use super::theme::Theme;
use arenas_core::engine::aims::{Ends, likely_ends};
use arenas_core::engine::{ForecastMode, Order, TurnUnit, sentence};
use arenas_core::game::Game;
use arenas_files::classwork::{ClassSettings, Classwork, Question, Teaching};
use arenas_files::save::{self, CampaignId, Minter, Saved};
use arenas_files::scenario::{self, Loaded, ScenarioDoc};
use arenas_report::debrief::{Debrief, Hindsight};
use arenas_sim::forecast::{FollowUp, Outlook};

pub use message::{Effect, Msg, SaveKind, ScenarioFolder, WriteError, WriteMode};
pub use update::seed_from_clock;

/// A line of feedback under the panels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub warning: bool,
}

impl Status {
    /// A line of information.
    fn info(text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            warning: false,
        })
    }

    /// A warning.
    fn warning(text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            warning: true,
        })
    }
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
    /// The campaign's identity, which names its autosave.
    pub campaign: CampaignId,
    /// Whether this session has written the campaign's autosave, and so may replace it.
    pub owns_autosave: bool,
    /// Turns an instructor played before handing the campaign out.
    pub prepared: u16,
    /// The scenario document saves embed.
    pub doc: Arc<ScenarioDoc>,
    /// This turn's orders, one per faction.
    pub orders: Vec<Order>,
    pub row: usize,
    pub column: Column,
    pub focus: Panel,
    /// Lines scrolled in the log (0: newest at the bottom).
    pub log_scroll: u16,
    /// The last turn whose log entries were seen before the last commit; the entries of
    /// later turns are new.
    pub seen_turn: u16,
    /// The likely ends of the campaign from its current state, with the digest of the
    /// state they were estimated from: computed when first drawn, kept until it moves.
    ends: RefCell<Option<(u64, Ends)>>,
    /// The class's settings the campaign is played under, the forecasts used and the
    /// predictions made.
    pub classwork: Classwork,
}

impl Play {
    fn new(game: Game, campaign: CampaignId, doc: Arc<ScenarioDoc>) -> Play {
        let orders = game.standing_orders();
        Play {
            game,
            campaign,
            owns_autosave: false,
            prepared: 0,
            doc,
            orders,
            row: 0,
            column: Column::Task,
            focus: Panel::Orders,
            log_scroll: 0,
            seen_turn: 0,
            ends: RefCell::new(None),
            classwork: Classwork::default(),
        }
    }

    /// How the campaign is likely to end from here if its standing orders hold (see
    /// [`likely_ends`]), estimated once per state.
    pub fn likely_ends(&self) -> Ends {
        let state = self.game.state();
        let digest = state.digest();
        let mut cache = self.ends.borrow_mut();
        match &*cache {
            Some((d, ends)) if *d == digest => ends.clone(),
            _ => {
                let ends = likely_ends(&self.game.scenario, state, &self.game.standing_orders());
                *cache = Some((digest, ends.clone()));
                ends
            }
        }
    }

    /// The campaign's identity and beginning, as its saves record them.
    pub fn lineage(&self) -> save::Lineage {
        save::Lineage {
            campaign: self.campaign.clone(),
            prepared: self.prepared,
            classwork: self.classwork.clone(),
        }
    }

    /// How much the forecast tells and whether the player predicts, in this campaign.
    pub fn teaching(&self) -> Teaching {
        self.classwork.settings.over(&self.game.scenario)
    }

    /// Forecasts left under a limited forecast; none when the forecast is not limited.
    pub fn forecasts_left(&self) -> Option<u16> {
        let t = self.teaching();
        (t.forecast == ForecastMode::Limited)
            .then(|| t.limit.saturating_sub(self.classwork.forecasts_used))
    }

    /// The last turn committed (0 before the first).
    pub fn last_turn(&self) -> u16 {
        self.game.turns.last().map_or(0, |t| t.turn)
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
    /// The scenarios; choosing one starts a campaign. `start` when opened from New
    /// campaign (the heading asks to choose, and Esc goes back to that item).
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
        /// The meter the chart shows, as an index of `debrief.series`.
        meter: usize,
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
        let mut debrief = Debrief::new(&play.game)
            .with_prepared(play.prepared)
            .with_classwork(&play.game, &play.classwork);
        if play.teaching().forecast == ForecastMode::Off {
            debrief.hindsight = Some(Hindsight::default());
        }
        Screen::Debrief {
            play,
            debrief: Box::new(debrief),
            tab: 0,
            scroll: 0,
            meter: 0,
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
    /// Asking whether a save may replace the file already under its name.
    ConfirmReplace,
    /// Choosing the week to branch from.
    Branch {
        selected: usize,
    },
    /// The words of the game explained with the scenario's numbers.
    Glossary {
        scroll: u16,
    },
    /// The forecast of this turn's orders.
    Forecast,
    /// Asking whether to go on in the branch just written.
    ConfirmBranch,
    /// The question to answer before this turn's orders are committed.
    Predict {
        question: Question,
    },
}

/// A forecast asked for the orders of a turn, as far as the runner has reported it.
#[derive(Clone, Debug)]
pub struct ForecastRun {
    pub turn: u16,
    pub orders: Vec<Order>,
    pub follow_up: FollowUp,
    /// What the rollouts in so far say; none before the first report.
    pub outlook: Option<Outlook>,
    /// Whether the runner is still working on it.
    pub running: bool,
}

/// Rollouts per forecast.
pub const FORECAST_ROLLOUTS: u64 = 10_000;

/// Number of debrief tabs.
pub const DEBRIEF_TABS: usize = 4;

/// The debrief tab of the chart of the meters.
pub const CHART_TAB: usize = 1;

/// The whole interface state.
#[derive(Debug)]
pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub running: bool,
    /// Terminal size at the last draw, for placing mouse clicks.
    pub size: Rect,
    /// Bundled and user scenarios, as last listed (user ones unchecked).
    pub scenarios: Vec<scenario::Entry>,
    /// The folder of the player's own scenarios and its state, as last listed.
    pub scenarios_folder: Option<ScenarioFolder>,
    /// The scenario picked to start a campaign, waiting for the clock to give a seed.
    chosen: Option<Loaded>,
    /// Seed for the next campaign; one is drawn from the clock when absent.
    pub seed: Option<u64>,
    /// Where saves go, as the player is told.
    pub saves_location: String,
    /// The name being typed in the save prompt.
    pub input: String,
    /// The forecast of the plan on screen, if one was asked for.
    pub forecast: Option<ForecastRun>,
    /// The last finished forecast of another plan this turn, to show how the odds moved.
    pub previous: Option<ForecastRun>,
    /// The class's settings, in place of those of every campaign played or resumed.
    pub class: ClassSettings,
    /// The week whose forecast is being worked out for the debrief of a campaign played
    /// with the forecast off.
    pub hindsight: Option<u16>,
    /// A save waiting for the player's yes to replace the file under its name.
    pub pending: Option<PendingWrite>,
    /// A branch being written, then offered to go on in: the campaign from its first week,
    /// and the file it went to (empty until written).
    pub branched: Option<(Box<Play>, String)>,
    /// The overlay the help overlay was opened over, shown again when help closes.
    behind: Option<Overlay>,
    /// Where new campaign ids come from.
    ids: Minter,
    /// Effects asked for by the message being handled.
    effects: Vec<Effect>,
}

/// A save that found a file under its name, held while the player is asked.
#[derive(Clone, Debug)]
pub struct PendingWrite {
    pub kind: SaveKind,
    pub name: String,
    pub text: String,
    /// The file in the way, as the player is told.
    pub at: String,
}

impl App {
    /// The interface at the main menu; `saves_location` says where saves go.
    pub fn new(theme: Theme, saves_location: String) -> App {
        App {
            theme,
            screen: Screen::Menu { selected: 0 },
            overlay: None,
            status: None,
            running: true,
            size: Rect::new(0, 0, 80, 24),
            scenarios: Vec::new(),
            scenarios_folder: None,
            chosen: None,
            seed: None,
            saves_location,
            input: String::new(),
            forecast: None,
            previous: None,
            class: ClassSettings::default(),
            hindsight: None,
            pending: None,
            branched: None,
            behind: None,
            ids: Minter::from_os(),
            effects: Vec::new(),
        }
    }

    /// The interface minting campaign ids from `seed`, so they repeat from run to run.
    pub fn with_id_seed(mut self, seed: u64) -> App {
        self.ids = Minter::seeded(seed);
        self
    }

    /// The interface with the class's settings in place of every campaign's own, the
    /// campaign in play included.
    pub fn with_class(mut self, class: ClassSettings) -> App {
        self.class = class;
        if let Some(play) = self.play_mut() {
            play.classwork.settings = play.classwork.settings.and(class);
        }
        // The debrief of a finished campaign asks for the forecasts it needs afresh.
        if matches!(self.screen, Screen::Debrief { .. }) {
            let screen = std::mem::replace(&mut self.screen, Screen::Menu { selected: 0 });
            if let Screen::Debrief { play, .. } = screen {
                self.show_debrief(play);
            }
        }
        self
    }

    /// The interface in a new campaign.
    pub fn playing(theme: Theme, saves_location: String, loaded: Loaded, seed: u64) -> App {
        let mut app = App::new(theme, saves_location);
        app.start(loaded, seed);
        app
    }

    /// The interface resuming a saved game.
    pub fn resuming(theme: Theme, saves_location: String, saved: Saved) -> App {
        let mut app = App::new(theme, saves_location);
        app.resume(saved);
        app
    }

    fn resume(&mut self, saved: Saved) {
        let week = saved
            .game
            .scenario
            .calendar
            .unit()
            .label(saved.game.state().turn);
        let over = saved.game.state().is_over();
        self.forget_forecasts();
        // A handout no one has played starts a campaign of the player's own, so that the
        // pairs given one handout never share a campaign id.
        let campaign = if saved.is_unplayed_handout() {
            self.ids.mint()
        } else {
            saved.campaign
        };
        let mut play = Box::new(Play::new(saved.game, campaign, saved.doc));
        play.prepared = saved.prepared;
        play.seen_turn = play.last_turn();
        play.classwork = saved.classwork;
        play.classwork.settings = play.classwork.settings.and(self.class);
        if over {
            self.show_debrief(play);
        } else {
            self.screen = Screen::Campaign(play);
        }
        let rules = saved.rules.warning();
        self.status = match (saved.integrity, rules) {
            (_, Some(rules)) => {
                Status::warning(sentence(&format!("Resumed at {week}. Its {rules}")))
            }
            (save::Integrity::Sealed, None) => Status::info(format!("Resumed at {week}.")),
            (save::Integrity::Unsealed, None) => Status::warning(format!(
                "Resumed at {week} from an older save without a seal; the next save is sealed."
            )),
            (save::Integrity::Edited, None) => {
                Status::warning(format!("Resumed at {week} from an edited save."))
            }
        };
    }

    fn start(&mut self, loaded: Loaded, seed: u64) {
        self.forget_forecasts();
        let campaign = self.ids.mint();
        let mut play = Box::new(Play::new(
            Game::new(loaded.scenario, seed),
            campaign,
            loaded.doc,
        ));
        play.classwork.settings = self.class;
        self.screen = Screen::Campaign(play);
        self.status = Status::info(format!(
            "New campaign, seed {seed}. Give your orders, then press c."
        ));
    }

    /// Where the keys go now.
    pub fn context(&self) -> Context {
        match (self.overlay, &self.screen) {
            (Some(Overlay::ConfirmQuit | Overlay::ConfirmReplace | Overlay::ConfirmBranch), _) => {
                Context::Confirm
            }
            (Some(Overlay::SaveName), _) => Context::Prompt,
            (Some(Overlay::Branch { .. }), _) => Context::Pick,
            (Some(Overlay::Forecast), _) => Context::Forecast,
            (Some(Overlay::Predict { .. }), _) => Context::Predict,
            (None, Screen::Load { .. }) => Context::Menu,
            (None, Screen::Replay { .. }) => Context::Replay,
            (Some(Overlay::Help { .. } | Overlay::Glossary { .. }), _) => Context::Help,
            (Some(Overlay::Why { .. }), _) => Context::Why,
            (None, Screen::Menu { .. } | Screen::Scenarios { .. }) => Context::Menu,
            (None, Screen::Campaign(_)) => Context::Campaign,
            (None, Screen::Debrief { .. }) => Context::Debrief,
        }
    }

    /// Whether the campaign in play lets the player use `action` (its classroom settings
    /// may limit or forbid forecasts and forbid taking turns back and branching).
    pub fn allows(&self, action: keys::Action) -> bool {
        let Some(play) = self.play() else {
            return true;
        };
        let sc = &play.game.scenario;
        match action {
            keys::Action::Forecast => match play.teaching().forecast {
                ForecastMode::Full => true,
                ForecastMode::Limited => play.forecasts_left().is_some_and(|n| n > 0),
                ForecastMode::Off => false,
            },
            keys::Action::Policy => play.teaching().forecast == ForecastMode::Full,
            keys::Action::Undo | keys::Action::Branch => sc.classroom.allow_undo,
            _ => true,
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

    /// The campaign in play, to change.
    fn play_mut(&mut self) -> Option<&mut Play> {
        match &mut self.screen {
            Screen::Campaign(p)
            | Screen::Debrief { play: p, .. }
            | Screen::Replay { view: p, .. } => Some(p),
            _ => None,
        }
    }

    /// Whether work is under way that the screen should follow closely.
    pub fn busy(&self) -> bool {
        self.forecast.as_ref().is_some_and(|f| f.running) || self.hindsight.is_some()
    }

    /// What a turn is called in the campaign in play (a week when none is).
    pub fn turn_unit(&self) -> TurnUnit {
        self.play()
            .map_or(TurnUnit::of(7), |p| p.game.scenario.calendar.unit())
    }

    /// Asks the runner for an effect.
    fn emit(&mut self, effect: Effect) {
        self.effects.push(effect);
    }
}
