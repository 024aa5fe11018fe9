//! The instructor's view of the class, in the server's own terminal: one row per student,
//! sortable and selectable, the essentials of one student's screen, the last lines of the
//! log, and keys to message one student or everyone, push a handout, write the class
//! report and end the class; and the rooms of team play ([`rooms`]).

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::class::{Broadcast, Class, Handout, Row, mixed_scripts};
use super::report::{self, Written};
use arenas_files::text::clean;
use arenas_tui::input::{Input, Key, KeyCode};

mod prompt;
mod rooms;
mod rows;
use rows::{class_table, student_view};

/// The order of the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Name,
    Turn,
    Activity,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Name => Sort::Turn,
            Sort::Turn => Sort::Activity,
            Sort::Activity => Sort::Name,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Turn => "turn",
            Sort::Activity => "last activity",
        }
    }
}

/// What the dashboard is asking, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// Typing a message for one student (`to`) or everyone.
    Message { to: Option<String>, text: String },
    /// Choosing the handout to push: the saves of the class folder's `handouts/` (`None`
    /// is the one the server started with), and the one at the cursor.
    Pick {
        choices: Vec<Option<PathBuf>>,
        at: usize,
    },
    /// Confirming something done to the whole class. The box opens on "Go back";
    /// `chosen` once the instructor has moved to the action's own button.
    Confirm { action: Action, chosen: bool },
}

/// What a confirmation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Every student moves to the handout picked.
    Handout,
    /// The class ends.
    End,
}

impl Action {
    fn question(self, handout: &str) -> String {
        match self {
            Action::Handout => format!(
                "Move every student to the handout {handout}? Their campaigns so far stay saved."
            ),
            Action::End => {
                "End the class? Every student sees a closing screen; campaigns are saved.".into()
            }
        }
    }

    fn button(self) -> &'static str {
        match self {
            Action::Handout => "Move everyone",
            Action::End => "End the class",
        }
    }
}

/// What a key asks the server to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Nothing,
    /// End the class and stop.
    End,
}

/// The dashboard's state.
#[derive(Debug)]
pub struct Dashboard {
    pub sort: Sort,
    pub prompt: Option<Prompt>,
    /// A line about the last thing done.
    pub note: String,
    /// The student selected in the table, by name.
    pub selected: Option<String>,
    /// Whether the selected student's screen is shown in place of the table.
    pub viewing: bool,
    /// Whether the rooms of team play are shown in place of the table.
    pub rooms: bool,
    desk: rooms::Desk,
    /// The handout picked, waiting for the confirmation.
    picked: Option<Handout>,
    /// The class report being written off the dashboard's thread.
    report: Option<mpsc::Receiver<std::io::Result<Written>>>,
}

/// The longest message to students.
const MAX_MESSAGE: usize = 200;
/// The mark before a name that mixes scripts.
const MIXED: &str = "!";
/// The width of the box of a message or a confirmation.
const PROMPT_WIDTH: u16 = 64;
/// The handouts the instructor picks among at most.
const MAX_HANDOUTS: usize = 40;

impl Default for Dashboard {
    fn default() -> Self {
        Dashboard {
            sort: Sort::Name,
            prompt: None,
            note: String::new(),
            selected: None,
            viewing: false,
            rooms: false,
            desk: rooms::Desk::default(),
            picked: None,
            report: None,
        }
    }
}

/// The saves in the class folder's `handouts/` (regular files only), by name.
fn handout_files(class: &Class) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(class.settings.dir.join("handouts")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == arenas_files::save::EXTENSION)
        })
        .collect();
    files.sort();
    files.truncate(MAX_HANDOUTS);
    files
}

/// A handout choice as the list shows it.
fn choice_label(class: &Class, choice: Option<&PathBuf>) -> String {
    match choice {
        Some(path) => clean(
            &path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        ),
        None => format!(
            "{} (given with --handout)",
            class
                .settings
                .handout
                .as_ref()
                .map_or_else(String::new, |h| clean(&h.file))
        ),
    }
}

impl Dashboard {
    /// Handles one key; returns what the server should do. While a message is typed
    /// every printable key is text. A confirmation opens on "Go back" and only an arrow
    /// key or Tab reaches its action's button, so no typed text, Enter included, can end
    /// the class or move it to the handout.
    pub fn key(&mut self, class: &Class, key: Key) -> Command {
        let Some(prompt) = &mut self.prompt else {
            self.command(class, key);
            return Command::Nothing;
        };
        match prompt {
            Prompt::Message { to, text } => match key.code {
                KeyCode::Enter => {
                    let text = clean(text.trim());
                    if !text.is_empty() {
                        match to.take() {
                            Some(to) => {
                                class.log(format!("message to {to}: {text}"));
                                self.note = format!("Message sent to {to}.");
                                class.broadcast(Broadcast::MessageTo { to, text });
                            }
                            None => {
                                class.broadcast(Broadcast::Message(text.clone()));
                                class.log(format!("message to everyone: {text}"));
                                self.note = "Message sent to every student.".into();
                            }
                        }
                    }
                    self.prompt = None;
                }
                KeyCode::Esc => self.prompt = None,
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c)
                    if !key.modifiers.control
                        && !c.is_control()
                        && text.chars().count() < MAX_MESSAGE =>
                {
                    text.push(c);
                }
                _ => {}
            },
            Prompt::Pick { choices, at } => match key.code {
                KeyCode::Up => *at = at.saturating_sub(1),
                KeyCode::Down => *at = (*at + 1).min(choices.len().saturating_sub(1)),
                KeyCode::Enter => {
                    let choice = choices.get(*at).cloned().flatten();
                    self.prompt = None;
                    self.pick(class, choice);
                }
                _ => self.prompt = None,
            },
            Prompt::Confirm { chosen, .. }
                if matches!(key.code, KeyCode::Left | KeyCode::Right | KeyCode::Tab) =>
            {
                *chosen = !*chosen;
            }
            Prompt::Confirm {
                action,
                chosen: true,
            } if key.code == KeyCode::Enter => {
                let action = *action;
                self.prompt = None;
                return self.act(class, action);
            }
            // Any other key goes back.
            Prompt::Confirm { .. } => {
                self.prompt = None;
                self.picked = None;
            }
        }
        Command::Nothing
    }

    /// Reads the handout chosen (`None`: the one the server started with) and asks to
    /// confirm moving everyone to it; a save that cannot be read is noted.
    fn pick(&mut self, class: &Class, choice: Option<PathBuf>) {
        let read = match &choice {
            Some(path) => Handout::read(path)
                .map_err(|d| d.0.first().map_or_else(String::new, |p| clean(&p.message))),
            None => class.settings.handout.clone().ok_or_else(String::new),
        };
        match read {
            Ok(handout) => {
                self.picked = Some(handout);
                self.confirm(Action::Handout);
            }
            Err(why) => {
                self.note = format!(
                    "{} cannot be pushed: {why}",
                    choice_label(class, choice.as_ref())
                );
            }
        }
    }

    /// Does what the instructor confirmed.
    fn act(&mut self, class: &Class, action: Action) -> Command {
        match action {
            Action::End => Command::End,
            Action::Handout => {
                if let Some(handout) = self.picked.take() {
                    let file = clean(&handout.file);
                    class.push_handout(handout);
                    class.log(format!("everyone moved to the handout {file}"));
                    self.note = format!("Every student now continues from the handout {file}.");
                }
                Command::Nothing
            }
        }
    }

    /// Opens the confirmation of `action`, on "Go back".
    fn confirm(&mut self, action: Action) {
        self.prompt = Some(Prompt::Confirm {
            action,
            chosen: false,
        });
    }

    /// A key with no prompt open.
    fn command(&mut self, class: &Class, key: Key) {
        if key.modifiers.control {
            if key.code == KeyCode::Char('c') {
                self.confirm(Action::End);
            }
            return;
        }
        match key.code {
            KeyCode::Char('e') => self.confirm(Action::End),
            KeyCode::Char('o') => self.rooms = !self.rooms,
            KeyCode::Char('r') => self.write_report(class),
            KeyCode::Esc if self.rooms => self.rooms = false,
            _ if self.rooms => {
                if let Some(note) = self.desk.key(class, key, handout_files(class)) {
                    self.note = note;
                }
            }
            KeyCode::Char('s') => self.sort = self.sort.next(),
            KeyCode::Char('m') => {
                let to = if self.viewing {
                    self.selected.clone()
                } else {
                    None
                };
                self.prompt = Some(Prompt::Message {
                    to,
                    text: String::new(),
                });
            }
            KeyCode::Char('h') => self.handouts(class),
            KeyCode::Up => self.step(class, -1),
            KeyCode::Down => self.step(class, 1),
            KeyCode::Enter if self.selected.is_some() => self.viewing = !self.viewing,
            KeyCode::Esc => self.viewing = false,
            _ => {}
        }
    }

    /// Moves the selection `by` rows in the order shown (from none, to the first).
    fn step(&mut self, class: &Class, by: isize) {
        let rows = self.sorted(class.rows());
        let at = self
            .selected
            .as_ref()
            .and_then(|name| rows.iter().position(|r| &r.name == name));
        let next = match at {
            None => 0,
            Some(i) => i
                .saturating_add_signed(by)
                .min(rows.len().saturating_sub(1)),
        };
        self.selected = rows.get(next).map(|r| r.name.clone());
    }

    /// Opens the list of handouts to push, or says how to make one.
    fn handouts(&mut self, class: &Class) {
        let choices: Vec<Option<PathBuf>> = class
            .settings
            .handout
            .as_ref()
            .map(|_| None)
            .into_iter()
            .chain(handout_files(class).into_iter().map(Some))
            .collect();
        if choices.is_empty() {
            self.note = format!(
                "No handout: put saves in {} or start the server with --handout SAVE.",
                clean(&class.settings.dir.join("handouts").display().to_string())
            );
        } else {
            self.prompt = Some(Prompt::Pick { choices, at: 0 });
        }
    }

    /// Starts writing the class report on a thread of its own.
    fn write_report(&mut self, class: &Class) {
        if self.report.is_some() {
            self.note = "The class report is being written.".into();
            return;
        }
        let (done, result) = mpsc::sync_channel(1);
        let dir = class.settings.dir.clone();
        let started = std::thread::Builder::new()
            .name("arenas-report".into())
            .spawn(move || {
                let _ = done.send(report::write(&dir));
            });
        match started {
            Ok(_) => {
                self.report = Some(result);
                self.note = "Writing the class report…".into();
            }
            Err(e) => self.note = format!("The class report cannot be written: {e}"),
        }
    }

    /// Takes the class report's result when it is ready, waiting for it at most `wait`:
    /// where it went, in the note and the log.
    pub fn tick(&mut self, class: &Class, wait: Duration) {
        let Some(result) = &self.report else {
            return;
        };
        let written = match result.recv_timeout(wait) {
            Err(mpsc::RecvTimeoutError::Timeout) => return,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(std::io::Error::other("the report's thread failed"))
            }
            Ok(written) => written,
        };
        self.report = None;
        let line = match written {
            Ok(w) => format!(
                "class report of {} saves written to {} and {}{}",
                w.saves,
                clean(&w.html.display().to_string()),
                clean(&w.csv.display().to_string()),
                match w.skipped {
                    0 => String::new(),
                    n => format!(" ({n} files left out: unreadable or unsealed)"),
                }
            ),
            Err(e) => format!(
                "the class report was not written: {}",
                clean(&e.to_string())
            ),
        };
        class.log(line.clone());
        self.note = line;
    }

    /// Handles any input: keys only.
    pub fn input(&mut self, class: &Class, input: Input) -> Command {
        match input {
            Input::Key(key) => self.key(class, key),
            _ => Command::Nothing,
        }
    }

    /// The rows in the chosen order.
    fn sorted(&self, mut rows: Vec<Row>) -> Vec<Row> {
        match self.sort {
            Sort::Name => {}
            Sort::Turn => rows.sort_by_key(|r| std::cmp::Reverse(r.progress)),
            Sort::Activity => rows.sort_by_key(|r| std::cmp::Reverse(r.last_activity)),
        }
        rows
    }

    /// Draws the dashboard.
    pub fn draw(&self, frame: &mut Frame, class: &Class, header: &[String]) {
        let area = frame.area();
        let rows = self.sorted(class.rows());
        let playing = rows.iter().filter(|r| r.connected).count();
        let [top, table, log, keys] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(5),
            Constraint::Length(7),
            Constraint::Length(1),
        ])
        .areas(area);
        let mut top_lines: Vec<Line> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let style = if i == 0 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                Line::styled(h.clone(), style)
            })
            .collect();
        top_lines.truncate(2);
        frame.render_widget(
            Paragraph::new(
                top_lines
                    .into_iter()
                    .chain([Line::raw(format!(
                        "{playing} playing, {} students in all · sorted by {}{}",
                        rows.len(),
                        self.sort.label(),
                        if self.note.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", self.note)
                        }
                    ))])
                    .collect::<Vec<_>>(),
            ),
            top,
        );
        let at = self
            .selected
            .as_ref()
            .and_then(|name| rows.iter().position(|r| &r.name == name));
        match at.filter(|_| self.viewing) {
            _ if self.rooms => self.desk.draw(frame, class, table),
            Some(i) => student_view(frame, table, &rows[i]),
            None => class_table(frame, table, &rows, at),
        }
        let lines: Vec<Line> = class
            .last_log(usize::from(log.height.saturating_sub(1)))
            .into_iter()
            .map(Line::raw)
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::new().borders(Borders::TOP).title(" Log ")),
            log,
        );
        let legend = if rows.iter().any(|r| mixed_scripts(&r.name).is_some()) {
            format!("  ·  {MIXED} name mixes scripts")
        } else {
            String::new()
        };
        let keys_text = if self.rooms {
            " ↑↓ room  n new  a place  f free  p pause  +- deadline  h handout  r report  o students  e end"
        } else if self.viewing && at.is_some() {
            " ↑↓ next student  Esc class  m message student  h handout  r report  e end"
        } else {
            " ↑↓ Enter student  s sort  m message  h handout  o rooms  r report  e end"
        };
        frame.render_widget(Paragraph::new(format!("{keys_text}{legend}")), keys);
        if let Some(prompt) = &self.prompt {
            self.draw_prompt(frame, class, area, prompt);
        }
    }
}

#[cfg(test)]
mod tests;
