//! The box of the dashboard's prompts: a message being typed, the handout to push, a
//! confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::rows::centred;
use super::{Dashboard, PROMPT_WIDTH, Prompt, choice_label};
use crate::class::Class;
use arenas_files::text::clean;

impl Dashboard {
    /// Draws the box of a prompt over the middle of `area`.
    pub(super) fn draw_prompt(
        &self,
        frame: &mut Frame,
        class: &Class,
        area: Rect,
        prompt: &Prompt,
    ) {
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
