//! The instructor's view of the class, in the server's own terminal: one row per student,
//! sortable and selectable, the essentials of one student's screen, the last lines of the
//! log, and keys to message one student or everyone, push a handout, write the class
//! report and end the class.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Table, TableState, Wrap,
};

use super::class::{Broadcast, Class, Handout, Row, mixed_scripts};
use super::report::{self, Written};
use arenas_files::text::clean;
use arenas_tui::input::{Input, Key, KeyCode};

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
            KeyCode::Char('r') => self.write_report(class),
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
        let keys_text = if self.viewing && at.is_some() {
            " ↑↓ next student  Esc class  m message student  h handout  r report  e end"
        } else {
            " ↑↓ Enter student  s sort  m message all  h handout  r report  e end"
        };
        frame.render_widget(Paragraph::new(format!("{keys_text}{legend}")), keys);
        if let Some(prompt) = &self.prompt {
            self.draw_prompt(frame, class, area, prompt);
        }
    }

    /// Draws the box of a prompt over the middle of `area`.
    fn draw_prompt(&self, frame: &mut Frame, class: &Class, area: Rect, prompt: &Prompt) {
        let inner = usize::from(PROMPT_WIDTH - 2);
        let lines =
            match prompt {
                Prompt::Message { to, text } => vec![
                    Line::raw(match to {
                        Some(name) => format!("Message to {name}:"),
                        None => "Message to every student:".to_owned(),
                    }),
                    Line::raw(format!("{text}▏")),
                    Line::raw("Enter send · Esc cancel"),
                ],
                Prompt::Pick { choices, at } => {
                    let mut lines = vec![Line::raw("Push which handout to every student?")];
                    // As many choices as fit between the question and the keys, the cursor's
                    // among them.
                    let room = usize::from(area.height.saturating_sub(6)).max(1);
                    let first = (*at + 1).saturating_sub(room);
                    lines.extend(choices.iter().enumerate().skip(first).take(room).map(
                        |(i, c)| {
                            let style = if i == *at {
                                Style::new().add_modifier(Modifier::REVERSED)
                            } else {
                                Style::new()
                            };
                            Line::styled(format!(" {} ", choice_label(class, c.as_ref())), style)
                        },
                    ));
                    lines.push(Line::raw("↑↓ choose · Enter · Esc cancel"));
                    lines
                }
                Prompt::Confirm { action, chosen } => {
                    let button = |label: &'static str, on: bool| {
                        let style = if on {
                            Style::new().add_modifier(Modifier::REVERSED)
                        } else {
                            Style::new()
                        };
                        Span::styled(format!(" {label} "), style)
                    };
                    let handout = self
                        .picked
                        .as_ref()
                        .map_or_else(String::new, |h| clean(&h.file));
                    vec![
                        Line::raw(action.question(&handout)),
                        Line::from(vec![
                            button("Go back", !chosen),
                            Span::raw("   "),
                            button(action.button(), *chosen),
                        ]),
                        Line::raw("← → choose · Enter"),
                    ]
                }
            };
        // Each line wraps over as many rows as it needs (one more for a message, for the
        // words that wrap early).
        let mut rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
        if matches!(prompt, Prompt::Message { .. }) {
            rows += 1;
        }
        let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
        let rect = centred(area, PROMPT_WIDTH, height);
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .block(Block::bordered()),
            rect,
        );
    }
}

/// The table of the class, the row `selected` highlighted.
fn class_table(frame: &mut Frame, area: Rect, rows: &[Row], selected: Option<usize>) {
    let now = Instant::now();
    let body: Vec<TableRow> = rows.iter().map(|r| student_row(r, now)).collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(9),
        Constraint::Length(12),
        Constraint::Length(16),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Min(14),
        Constraint::Length(9),
    ];
    let head = TableRow::new([
        "student", "online", "scenario", "turn", "ambig.", "US entry", "capacity", "outcome",
        "last key",
    ])
    .style(Style::new().add_modifier(Modifier::BOLD));
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(
        Table::new(body, widths)
            .header(head)
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
            .block(Block::new().borders(Borders::TOP).title(" Class ")),
        area,
        &mut state,
    );
}

/// The essentials of one student's screen, as their session last reported them.
fn student_view(frame: &mut Frame, area: Rect, row: &Row) {
    let mut lines = vec![Line::styled(
        format!(
            "{} · {} · {}{}",
            row.name,
            if row.connected { "online" } else { "offline" },
            if row.scenario.is_empty() {
                String::new()
            } else {
                format!("{} · ", row.scenario)
            },
            row.turn
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if !row.outcome.is_empty() {
        lines.push(Line::raw(format!("Outcome: {}", row.outcome)));
    }
    if row.detail.is_empty() {
        lines.push(Line::raw("No campaign open since the server started."));
    }
    lines.extend(row.detail.iter().map(|l| Line::raw(l.clone())));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::TOP).title(" Student ")),
        area,
    );
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn student_row(r: &Row, now: Instant) -> TableRow<'static> {
    let meter = |i: usize, percent: bool| {
        r.meters.map_or_else(String::new, |m| {
            if percent {
                format!("{:.1}%", m[i])
            } else {
                format!("{:.1}", m[i])
            }
        })
    };
    // A name that mixes scripts may imitate another's: marked, the log says which.
    let name = if mixed_scripts(&r.name).is_some() {
        Cell::from(format!("{MIXED} {}", r.name))
            .style(Style::new().add_modifier(Modifier::REVERSED))
    } else {
        Cell::from(r.name.clone())
    };
    TableRow::new([
        name,
        Cell::from(if r.connected { "yes" } else { "—" }),
        Cell::from(r.scenario.clone()),
        Cell::from(r.turn.clone()),
        Cell::from(meter(0, false)),
        Cell::from(meter(1, true)),
        Cell::from(meter(2, false)),
        Cell::from(r.outcome.clone()),
        Cell::from(
            r.last_activity
                .map_or_else(|| "—".to_owned(), |t| ago(now.saturating_duration_since(t))),
        ),
    ])
}

/// A time ago in a few characters: `12 s`, `3 min`.
fn ago(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min", s / 60)
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;
    use std::sync::Arc;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::class::{Access, Settings};
    use arenas_sim::forecast::Pool;
    use arenas_tui::input::Modifiers;

    fn class() -> Arc<Class> {
        let settings = Settings {
            dir: std::env::temp_dir().join("arenas-dashboard-test"),
            scenario: None,
            handout: None,
            class: Default::default(),
            access: Access::Open,
            max_sessions: 4,
            idle: Duration::from_secs(60),
            forecast_threads: 1,
            login: Duration::from_secs(60),
            stall: Duration::from_secs(30),
        };
        let pool = Pool::new(NonZeroUsize::MIN, 1).expect("a pool");
        let class = Class::new(settings, pool, false);
        for (name, progress, connected) in [("ana", 3, true), ("bo", 9, false), ("cy", 0, true)] {
            class.report(Row {
                name: name.into(),
                connected,
                scenario: if progress > 0 {
                    "gaza-2023".into()
                } else {
                    String::new()
                },
                turn: if progress > 0 {
                    format!("week {progress} of 12")
                } else {
                    "at the menu".into()
                },
                progress,
                meters: (progress > 0).then_some([55.0, 12.5, 80.0]),
                outcome: String::new(),
                last_activity: Some(Instant::now()),
                detail: if progress > 0 {
                    vec![
                        format!("Orders for week {progress}:"),
                        "Meters: Ambiguity 55".into(),
                    ]
                } else {
                    Vec::new()
                },
            });
        }
        class
    }

    fn screen(board: &Dashboard, class: &Class) -> String {
        let mut t = Terminal::new(TestBackend::new(100, 24)).expect("terminal");
        let header = [
            "Arenas class server".to_owned(),
            "Host key SHA256:x".to_owned(),
        ];
        t.draw(|f| board.draw(f, class, &header)).expect("draw");
        t.backend().to_string()
    }

    fn press(board: &mut Dashboard, class: &Class, keys: &str) -> Command {
        let mut last = Command::Nothing;
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            last = board.key(class, Key::from(code));
        }
        last
    }

    #[test]
    fn rows_show_each_student_and_sort_by_turn() {
        let class = class();
        let mut board = Dashboard::default();
        let text = screen(&board, &class);
        assert!(text.contains("2 playing, 3 students in all"), "{text}");
        assert!(text.contains("week 3 of 12"), "{text}");
        assert!(text.contains("12.5%"), "{text}");
        let at = |text: &str, name: &str| text.find(&format!("\"{name} ")).expect(name);
        assert!(at(&text, "ana") < at(&text, "bo"));
        press(&mut board, &class, "s");
        let text = screen(&board, &class);
        assert!(text.contains("sorted by turn"), "{text}");
        assert!(at(&text, "bo") < at(&text, "ana") && at(&text, "ana") < at(&text, "cy"));
    }

    fn confirm_box(board: &Dashboard) -> Option<(Action, bool)> {
        match board.prompt {
            Some(Prompt::Confirm { action, chosen }) => Some((action, chosen)),
            _ => None,
        }
    }

    #[test]
    fn a_name_that_mixes_scripts_is_marked() {
        let class = class();
        let mut row = class.rows()[0].clone();
        row.name = "\u{430}na".into();
        class.report(row);
        let text = screen(&Dashboard::default(), &class);
        assert!(text.contains(&format!("{MIXED} \u{430}na")), "{text}");
        assert!(text.contains("ana "), "{text}");
        assert!(!text.contains(&format!("{MIXED} ana")), "{text}");
        assert!(text.contains("name mixes scripts"), "{text}");
    }

    #[test]
    fn a_message_goes_to_everyone_and_ending_asks_first() {
        let class = class();
        let mut heard = class.listen();
        let mut board = Dashboard::default();
        press(&mut board, &class, "mhello class\n");
        assert_eq!(
            heard.try_recv().ok(),
            Some(Broadcast::Message("hello class".into()))
        );
        // No handout was given: h says so and sends nothing.
        press(&mut board, &class, "h");
        assert!(board.note.contains("--handout"), "{}", board.note);
        assert!(heard.try_recv().is_err());
        // Ctrl-C and e ask, on "Go back": Enter there, or any other key, goes back.
        let ctrl_c = Key::new(KeyCode::Char('c'), Modifiers::CONTROL);
        assert_eq!(board.key(&class, ctrl_c), Command::Nothing);
        assert!(screen(&board, &class).contains("End the class?"));
        assert_eq!(confirm_box(&board), Some((Action::End, false)));
        assert_eq!(press(&mut board, &class, "\n"), Command::Nothing);
        assert_eq!(board.prompt, None);
        assert_eq!(press(&mut board, &class, "ey"), Command::Nothing);
        assert_eq!(board.prompt, None);
        // q is no key of the dashboard.
        assert_eq!(press(&mut board, &class, "q"), Command::Nothing);
        assert_eq!(board.prompt, None);
        // e, an arrow to "End the class", Enter: the class ends.
        press(&mut board, &class, "e");
        assert_eq!(
            board.key(&class, Key::from(KeyCode::Right)),
            Command::Nothing
        );
        assert_eq!(confirm_box(&board), Some((Action::End, true)));
        assert_eq!(press(&mut board, &class, "\n"), Command::End);
    }

    #[test]
    fn every_printable_key_goes_into_the_message_until_enter() {
        let class = class();
        let mut heard = class.listen();
        let mut board = Dashboard::default();
        let text = "Stop; then quit: yes, no! e/h/s/m/q/y n \u{430}lice \u{3b1}\u{3b2} 中文 é";
        assert_eq!(
            press(&mut board, &class, &format!("m{text}")),
            Command::Nothing
        );
        assert_eq!(
            board.prompt,
            Some(Prompt::Message {
                to: None,
                text: text.to_owned()
            })
        );
        assert!(heard.try_recv().is_err());
        assert!(screen(&board, &class).contains("Stop; then quit"));
        assert_eq!(press(&mut board, &class, "\n"), Command::Nothing);
        assert_eq!(heard.try_recv().ok(), Some(Broadcast::Message(text.into())));
        assert_eq!(board.prompt, None);
        // Esc cancels: nothing is sent.
        press(&mut board, &class, "mqy");
        board.key(&class, Key::from(KeyCode::Esc));
        assert_eq!(board.prompt, None);
        assert!(heard.try_recv().is_err());
    }

    #[test]
    fn a_student_selected_shows_their_screen_and_a_message_goes_to_them_alone() {
        let class = class();
        let mut heard = class.listen();
        let mut board = Dashboard::default();
        // Enter with no one selected opens nothing.
        press(&mut board, &class, "\n");
        assert!(!board.viewing);
        for _ in 0..2 {
            board.key(&class, Key::from(KeyCode::Down));
        }
        assert_eq!(board.selected.as_deref(), Some("bo"));
        press(&mut board, &class, "\n");
        let text = screen(&board, &class);
        assert!(
            text.contains("bo · offline · gaza-2023 · week 9 of 12"),
            "{text}"
        );
        assert!(text.contains("Orders for week 9:"), "{text}");
        assert!(text.contains("Meters: Ambiguity 55"), "{text}");
        assert!(!text.contains("ana "), "{text}");
        assert!(text.contains("m message student"), "{text}");
        press(&mut board, &class, "mcome and see me\n");
        assert_eq!(
            heard.try_recv().ok(),
            Some(Broadcast::MessageTo {
                to: "bo".into(),
                text: "come and see me".into()
            })
        );
        assert!(class.last_log(1)[0].contains("message to bo: come and see me"));
        // Up moves to ana's screen; Esc goes back to the class, where m is for everyone.
        board.key(&class, Key::from(KeyCode::Up));
        let text = screen(&board, &class);
        assert!(text.contains("ana · online"), "{text}");
        board.key(&class, Key::from(KeyCode::Esc));
        let text = screen(&board, &class);
        assert!(text.contains("cy ") && text.contains("bo "), "{text}");
        press(&mut board, &class, "mall\n");
        assert_eq!(
            heard.try_recv().ok(),
            Some(Broadcast::Message("all".into()))
        );
        // A student who has no campaign open says so.
        board.key(&class, Key::from(KeyCode::Down));
        board.key(&class, Key::from(KeyCode::Down));
        press(&mut board, &class, "\n");
        assert!(screen(&board, &class).contains("No campaign open"));
    }

    #[test]
    fn a_long_list_of_handouts_keeps_the_cursor_in_sight() {
        let class = class();
        let mut board = Dashboard {
            prompt: Some(Prompt::Pick {
                choices: (0..30)
                    .map(|i| Some(PathBuf::from(format!("handout-{i:02}.toml"))))
                    .collect(),
                at: 0,
            }),
            ..Dashboard::default()
        };
        for _ in 0..29 {
            board.key(&class, Key::from(KeyCode::Down));
        }
        let text = screen(&board, &class);
        assert!(text.contains("handout-29.toml"), "{text}");
        assert!(!text.contains("handout-00.toml"), "{text}");
        assert!(text.contains("Esc cancel"), "{text}");
        // Any other key closes the list and pushes nothing.
        let mut heard = class.listen();
        press(&mut board, &class, "x");
        assert_eq!(board.prompt, None);
        assert!(heard.try_recv().is_err());
    }

    proptest::proptest! {
        /// Any typing — text, Enter among it, a message sent halfway — never ends the
        /// class: that needs an arrow key or Tab in the confirmation.
        #[test]
        fn no_typed_text_ends_the_class(typed in "m([ehmnqsy;:!\n ]|[^\t]){0,60}") {
            let class = class();
            let mut board = Dashboard::default();
            for c in typed.chars() {
                let code = match c {
                    '\n' | '\r' => KeyCode::Enter,
                    c => KeyCode::Char(c),
                };
                proptest::prop_assert_eq!(board.key(&class, Key::from(code)), Command::Nothing);
            }
        }
    }
}
