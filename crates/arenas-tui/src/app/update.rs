//! [`App::update`]: messages in, effects out; the keys of the menus, overlays and debrief,
//! and mouse clicks.

use ratatui::layout::{Position, Rect};

use super::{App, CHART_TAB, DEBRIEF_TABS, Effect, MenuItem, Msg, Overlay, Panel, Screen, Status};
use crate::input::{Input, Key, KeyCode, Mouse, MouseButton};
use crate::keys::{self, Action};
use crate::layout;
use arenas_core::engine::Meter;
use arenas_files::diag::Diagnostics;
use arenas_files::scenario::{Loaded, Origin};
use arenas_sim::forecast::FollowUp;

/// Longest name the save prompt takes, in characters.
const MAX_NAME: usize = 60;

impl App {
    /// Handles one message and returns the effects the runner is to carry out, in order.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Input(input) => self.on_input(input),
            Msg::ScenariosListed { entries, folder } => {
                self.scenarios = entries;
                self.scenarios_folder = folder;
            }
            Msg::ScenarioRead(result) => self.scenario_read(result),
            Msg::SavesListed(entries) => self.saves_listed(entries),
            Msg::SaveRead(result) => self.save_read(result),
            Msg::SaveWritten { kind, result } => self.save_written(kind, result),
            Msg::Clock(since_epoch) => self.clock(since_epoch),
            Msg::ForecastProgress { outlook, finished } => {
                self.forecast_progress(*outlook, finished)
            }
            Msg::ForecastFailed(e) => self.forecast_failed(&e),
        }
        self.follow_hindsight();
        std::mem::take(&mut self.effects)
    }

    fn on_input(&mut self, input: Input) {
        match input {
            Input::Key(key) => self.key(key),
            Input::Mouse(Mouse {
                button: MouseButton::Left,
                column,
                row,
            }) => self.click(Position::new(column, row)),
            Input::Mouse(_) => {}
            Input::Resize(w, h) => self.size = Rect::new(0, 0, w, h),
        }
    }

    fn key(&mut self, key: Key) {
        if keys::is_interrupt(key) {
            self.quit();
            return;
        }
        // Nothing the player cannot see is acted on.
        if layout::too_small(self.size) {
            return;
        }
        if self.overlay == Some(Overlay::SaveName) {
            let m = key.modifiers;
            match key.code {
                // As in a shell: Ctrl-U clears the name, Ctrl-W takes back its last word.
                KeyCode::Char('u') if m.control => self.input.clear(),
                KeyCode::Char('w') if m.control => {
                    let kept = self.input.trim_end().rfind(' ').map_or(0, |i| i + 1);
                    self.input.truncate(kept);
                }
                KeyCode::Char(c)
                    if !m.control
                        && !m.alt
                        && !c.is_control()
                        && self.input.chars().count() < MAX_NAME =>
                {
                    self.input.push(c)
                }
                KeyCode::Backspace => {
                    self.input.pop();
                }
                _ => {}
            }
        }
        if let Some(action) = keys::action(self.context(), key) {
            self.act(action);
        }
    }

    fn quit(&mut self) {
        self.running = false;
        self.emit(Effect::Quit);
    }

    /// Applies what a key asks for.
    fn act(&mut self, action: Action) {
        if let Some(overlay) = self.overlay {
            self.act_on_overlay(overlay, action);
        } else {
            self.act_on_screen(action);
        }
        self.clamp_scroll();
    }

    /// Keeps what scrolls from scrolling past the end of its text.
    fn clamp_scroll(&mut self) {
        let limit = crate::views::scroll_limit(self);
        match (&mut self.overlay, &mut self.screen) {
            (
                Some(
                    Overlay::Help { scroll }
                    | Overlay::Why { scroll, .. }
                    | Overlay::Glossary { scroll },
                ),
                _,
            ) => *scroll = (*scroll).min(limit),
            (Some(_), _) => {}
            (None, Screen::Debrief { scroll, .. }) => *scroll = (*scroll).min(limit),
            (None, Screen::Campaign(play)) => play.log_scroll = play.log_scroll.min(limit),
            (None, _) => {}
        }
    }

    fn act_on_screen(&mut self, action: Action) {
        match action {
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Glossary => self.overlay = Some(Overlay::Glossary { scroll: 0 }),
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            Action::Save if self.play().is_some() => self.open_save_prompt(),
            Action::Undo => self.undo(),
            Action::Forecast => self.open_forecast(None),
            Action::Branch => self.open_branch(),
            _ => match &mut self.screen {
                Screen::Menu { .. } => self.act_on_menu(action),
                Screen::Scenarios { .. } => self.act_on_scenarios(action),
                Screen::Load { .. } => self.act_on_load(action),
                Screen::Campaign(_) => self.act_on_campaign(action),
                Screen::Debrief { .. } => self.act_on_debrief(action),
                Screen::Replay { .. } => self.act_on_replay(action),
            },
        }
    }

    fn act_on_overlay(&mut self, overlay: Overlay, action: Action) {
        self.overlay = match (overlay, action) {
            (Overlay::SaveName, Action::Activate) => {
                self.save_named();
                None
            }
            (Overlay::Branch { selected }, Action::Activate) => {
                self.branch(selected);
                None
            }
            (Overlay::Predict { question }, Action::Yes | Action::No) => {
                self.overlay = None;
                self.predict_and_commit(question, action == Action::Yes);
                self.overlay
            }
            (Overlay::Forecast, Action::Policy) if self.allows(Action::Policy) => {
                let next = self
                    .forecast
                    .as_ref()
                    .map_or(FollowUp::default(), |f| f.follow_up.next());
                self.open_forecast(Some(next));
                Some(Overlay::Forecast)
            }
            (Overlay::Help { .. }, Action::Close) => self.behind.take(),
            (
                o @ (Overlay::Why { .. } | Overlay::Forecast | Overlay::Branch { .. }),
                Action::Help,
            ) => {
                self.behind = Some(o);
                Some(Overlay::Help { scroll: 0 })
            }
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
                self.quit();
                None
            }
            (Overlay::ConfirmReplace, Action::Yes) => {
                self.answer_replace(true);
                None
            }
            (Overlay::ConfirmReplace, Action::No | Action::Close) => {
                self.answer_replace(false);
                None
            }
            (Overlay::ConfirmBranch, Action::Yes) => {
                self.go_on_in_branch();
                None
            }
            (Overlay::ConfirmBranch, Action::No | Action::Close) => {
                self.stay_after_branch();
                None
            }
            (Overlay::ConfirmQuit, Action::No) | (_, Action::Close) => None,
            (_, Action::Glossary) => Some(Overlay::Glossary { scroll: 0 }),
            (Overlay::Glossary { .. }, Action::Help) => Some(Overlay::Help { scroll: 0 }),
            (Overlay::Glossary { scroll }, a) => Some(Overlay::Glossary {
                scroll: scrolled(scroll, a),
            }),
            (Overlay::Help { scroll }, a) => Some(Overlay::Help {
                scroll: scrolled(scroll, a),
            }),
            (Overlay::Why { meter, .. }, Action::Left) => Some(Overlay::Why {
                meter: (meter + Meter::COUNT - 1) % Meter::COUNT,
                scroll: 0,
            }),
            (Overlay::Why { meter, .. }, Action::Right) => Some(Overlay::Why {
                meter: (meter + 1) % Meter::COUNT,
                scroll: 0,
            }),
            (Overlay::Why { meter, scroll }, a) => Some(Overlay::Why {
                meter,
                scroll: scrolled(scroll, a),
            }),
            (o, _) => Some(o),
        };
    }

    fn act_on_menu(&mut self, action: Action) {
        let Screen::Menu { selected } = &mut self.screen else {
            return;
        };
        let n = MenuItem::ALL.len();
        match action {
            Action::Up => *selected = (*selected + n - 1) % n,
            Action::Down => *selected = (*selected + 1) % n,
            Action::Activate => match MenuItem::ALL[*selected] {
                MenuItem::NewCampaign => self.open_scenarios(true),
                MenuItem::Load => self.emit(Effect::ListSaves),
                MenuItem::Scenarios => self.open_scenarios(false),
                MenuItem::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
                MenuItem::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            },
            _ => {}
        }
    }

    /// Shows the scenarios, listed afresh; `start` when opened from New campaign.
    fn open_scenarios(&mut self, start: bool) {
        self.screen = Screen::Scenarios { selected: 0, start };
        self.emit(Effect::ListScenarios);
    }

    fn act_on_scenarios(&mut self, action: Action) {
        let Screen::Scenarios { selected, start } = &mut self.screen else {
            return;
        };
        let n = self.scenarios.len().max(1);
        match action {
            Action::Up => *selected = (*selected + n - 1) % n,
            Action::Down => *selected = (*selected + 1) % n,
            Action::Activate => {
                let Some(entry) = self.scenarios.get(*selected) else {
                    return;
                };
                match (&entry.origin, &entry.refused) {
                    (_, Some(why)) => {
                        let why = format!("Cannot play this scenario: {why}");
                        self.warn(why);
                    }
                    (Origin::Bundled(loaded), None) => {
                        let loaded = loaded.as_ref().clone();
                        self.begin(loaded);
                    }
                    (Origin::File(_), None) => {
                        let entry = Box::new(entry.clone());
                        self.emit(Effect::ReadScenario(entry));
                    }
                }
            }
            Action::Close => {
                let left = if *start {
                    MenuItem::NewCampaign
                } else {
                    MenuItem::Scenarios
                };
                self.screen = Screen::Menu {
                    selected: MenuItem::ALL.iter().position(|m| *m == left).unwrap_or(0),
                }
            }
            _ => {}
        }
    }

    /// The scenario picked, checked: the campaign starts, or the player is told why not.
    fn scenario_read(&mut self, result: Result<Box<Loaded>, Diagnostics>) {
        if !matches!(self.screen, Screen::Scenarios { .. }) {
            return;
        }
        match result {
            Ok(loaded) => self.begin(*loaded),
            Err(d) => self.warn(format!(
                "Cannot play this scenario: {}",
                short_diagnostic(&d)
            )),
        }
    }

    /// Starts a campaign of the picked scenario with the given seed, or one from the clock.
    fn begin(&mut self, loaded: Loaded) {
        match self.seed {
            Some(seed) => self.start(loaded, seed),
            None => {
                self.chosen = Some(loaded);
                self.emit(Effect::ReadClock);
            }
        }
    }

    /// The clock read for a fresh seed: starts the campaign chosen on the scenarios screen.
    fn clock(&mut self, since_epoch: std::time::Duration) {
        if !matches!(self.screen, Screen::Scenarios { .. }) {
            return;
        }
        if let Some(loaded) = self.chosen.take() {
            self.start(loaded, seed_from_clock(since_epoch));
        }
    }

    fn act_on_debrief(&mut self, action: Action) {
        let Screen::Debrief {
            tab,
            scroll,
            meter,
            debrief,
            ..
        } = &mut self.screen
        else {
            return;
        };
        let meters = debrief.series.len().max(1);
        match action {
            // The chart shows one meter at a time: ↑ and ↓ pick it.
            Action::Up if *tab == CHART_TAB => *meter = (*meter + meters - 1) % meters,
            Action::Down if *tab == CHART_TAB => *meter = (*meter + 1) % meters,
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
                self.stop_hindsight();
            }
            a => *scroll = scrolled(*scroll, a),
        }
    }

    /// A left click: selects a menu item, an orders row and field, a log line or a tab.
    fn click(&mut self, at: Position) {
        if self.overlay.is_some() || layout::too_small(self.size) {
            return;
        }
        let size = self.size;
        let status_rows = crate::views::status_rows(self, size.width);
        let menus = layout::above_long_status(size, status_rows);
        let campaign = crate::views::campaign_layout(self, size);
        match &mut self.screen {
            Screen::Menu { selected } => {
                if let Some(i) = layout::menu_item_at(menus, MenuItem::ALL.len(), *selected, at) {
                    *selected = i;
                }
            }
            Screen::Scenarios { selected, .. } => {
                if let Some(i) = layout::menu_item_at(menus, self.scenarios.len(), *selected, at) {
                    *selected = i;
                }
            }
            Screen::Load { entries, selected } => {
                if let Some(i) = layout::load_item_at(menus, entries.len(), *selected, at) {
                    *selected = i;
                }
            }
            Screen::Replay { .. } => {}
            Screen::Campaign(play) => {
                let l = campaign;
                let rows = play.orders.len();
                let log = crate::views::log_area(&l, play);
                if log != l.log {
                    // The log in full covers the orders: a click there reads on.
                } else if let Some((row, column)) =
                    layout::orders_cell_at(l.orders, rows, play.row, at)
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

    /// Shows a warning under the panels.
    pub(super) fn warn(&mut self, text: impl Into<String>) {
        self.status = Status::warning(text);
    }
}

/// The first problem of a file as one line for the status line: the file by its name
/// (the folder is where the player just looked), where in it, what and what to do.
pub(super) fn short_diagnostic(d: &Diagnostics) -> String {
    d.0.first().map_or_else(String::new, |first| {
        let short = arenas_files::diag::Diagnostic {
            file: crate::views::file_name(&first.file).to_owned(),
            ..first.clone()
        };
        short.to_string().replace("\n  hint:", " —")
    })
}

/// A seed for a new campaign from the time since the Unix epoch (not game logic: it only
/// picks the stream).
pub fn seed_from_clock(since_epoch: std::time::Duration) -> u64 {
    (since_epoch.as_nanos() as u64) % 1_000_000
}

/// A scroll offset moved by an action.
pub(super) fn scrolled(scroll: u16, action: Action) -> u16 {
    match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown => scroll.saturating_add(10),
        _ => scroll,
    }
}
