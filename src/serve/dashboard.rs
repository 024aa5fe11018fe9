//! The instructor's view of the class, in the server's own terminal: one row per student,
//! sortable, the last lines of the log, and keys to message everyone, move everyone to the
//! handout and end the class.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Table};
use unicode_width::UnicodeWidthStr;

use super::class::{Broadcast, Class, Row, mixed_scripts};
use crate::text::clean;
use crate::tui::input::{Input, Key, KeyCode};

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
    /// Typing a message for everyone.
    Message(String),
    /// Confirming something done to the whole class. The box opens on "Go back";
    /// `chosen` once the instructor has moved to the action's own button.
    Confirm { action: Action, chosen: bool },
}

/// What a confirmation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Every student moves to the handout.
    Handout,
    /// The class ends.
    End,
}

impl Action {
    fn question(self) -> &'static str {
        match self {
            Action::Handout => {
                "Move every student to the handout? Their campaigns so far stay saved."
            }
            Action::End => {
                "End the class? Every student sees a closing screen; campaigns are saved."
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
}

/// The longest message to students.
const MAX_MESSAGE: usize = 200;
/// The mark before a name that mixes scripts.
const MIXED: &str = "!";
/// The width of the box of a message or a confirmation.
const PROMPT_WIDTH: u16 = 64;

impl Default for Dashboard {
    fn default() -> Self {
        Dashboard {
            sort: Sort::Name,
            prompt: None,
            note: String::new(),
        }
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
            Prompt::Message(text) => match key.code {
                KeyCode::Enter => {
                    let text = clean(text.trim());
                    if !text.is_empty() {
                        class.broadcast(Broadcast::Message(text.clone()));
                        class.log(format!("message to everyone: {text}"));
                        self.note = "Message sent to every student.".into();
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
            Prompt::Confirm { .. } => self.prompt = None,
        }
        Command::Nothing
    }

    /// Does what the instructor confirmed.
    fn act(&mut self, class: &Class, action: Action) -> Command {
        match action {
            Action::End => Command::End,
            Action::Handout => {
                class.broadcast(Broadcast::Handout);
                class.log("everyone moved to the handout");
                self.note = "Every student now continues from the handout.".into();
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
            KeyCode::Char('m') => self.prompt = Some(Prompt::Message(String::new())),
            KeyCode::Char('h') if class.settings.handout.is_some() => {
                self.confirm(Action::Handout);
            }
            KeyCode::Char('h') => {
                self.note = "No handout: start the server with --handout SAVE.".into();
            }
            _ => {}
        }
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
        frame.render_widget(
            Table::new(body, widths)
                .header(head)
                .block(Block::new().borders(Borders::TOP).title(" Class ")),
            table,
        );
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
        frame.render_widget(
            Paragraph::new(format!(
                " s sort  m message everyone  h handout to all  e end the class{legend}"
            )),
            keys,
        );
        if let Some(prompt) = &self.prompt {
            // A message wraps over as many lines as it needs (one more, for the words
            // that wrap early); a confirmation takes four.
            let text_lines = match prompt {
                Prompt::Message(t) => (t.width() + 1).div_ceil(usize::from(PROMPT_WIDTH - 2)) + 3,
                Prompt::Confirm { .. } => 4,
            };
            let lines = match prompt {
                Prompt::Message(t) => vec![
                    Line::raw("Message to every student:"),
                    Line::raw(format!("{t}▏")),
                    Line::raw("Enter send · Esc cancel"),
                ],
                Prompt::Confirm { action, chosen } => {
                    let button = |label: &'static str, on: bool| {
                        let style = if on {
                            Style::new().add_modifier(Modifier::REVERSED)
                        } else {
                            Style::new()
                        };
                        Span::styled(format!(" {label} "), style)
                    };
                    vec![
                        Line::raw(action.question()),
                        Line::from(vec![
                            button("Go back", !chosen),
                            Span::raw("   "),
                            button(action.button(), *chosen),
                        ]),
                        Line::raw("← → choose · Enter"),
                    ]
                }
            };
            let height = u16::try_from(text_lines + 2).unwrap_or(u16::MAX);
            let rect = centred(area, PROMPT_WIDTH, height);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(ratatui::widgets::Wrap { trim: true })
                    .block(Block::bordered()),
                rect,
            );
        }
    }
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
        Cell::from(ago(now.saturating_duration_since(r.last_activity))),
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
    use crate::forecast::Pool;
    use crate::serve::class::{Access, Settings};
    use crate::tui::input::Modifiers;

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
                last_activity: Instant::now(),
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
        assert_eq!(board.prompt, Some(Prompt::Message(text.to_owned())));
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
