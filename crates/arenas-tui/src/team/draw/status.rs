//! The two rows at the foot of a screen: the status line and the key hints; and what the
//! status line says while text is typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line as TextLine;
use ratatui::widgets::Paragraph;

use arenas_core::engine::Scenario;
use arenas_core::team::{Line, Seat};
use arenas_files::text::clean;

use super::short;
use crate::team::keys::{self, Command, Context};
use crate::team::seat::{SeatScreen, Target};
use crate::theme::Theme;
use crate::views::{fitted_hints, shorten};

/// What the status line says while text is typed.
pub(super) fn typing_note(screen: &SeatScreen, sc: &Scenario) -> Option<String> {
    let (target, _) = screen.typing.as_ref()?;
    Some(match target {
        Target::Note(m) => format!(
            "The note goes with the proposal to {}: up to {} characters; Ctrl-U clears it.",
            short(sc, *m),
            arenas_core::team::MAX_NOTE_CHARS
        ),
        Target::Message(line) => format!(
            "The message goes {}: up to {} characters.",
            line_name(*line, screen.seat, sc),
            arenas_core::team::MAX_MESSAGE_CHARS
        ),
    })
}

/// The status line and the key hints of `context` that `shows` keeps, on the two rows of
/// `area`.
pub(in crate::team) fn bottom_lines(
    frame: &mut Frame,
    area: Rect,
    t: Theme,
    context: Context,
    status: Option<&str>,
    shows: impl Fn(Command) -> bool,
) {
    let [s, f] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    if let Some(text) = status {
        let text = shorten(&format!(" {}", clean(text)), usize::from(s.width));
        frame.render_widget(Paragraph::new(TextLine::styled(text, t.warn())), s);
    }
    let hints = keys::hints(context, shows);
    frame.render_widget(
        Paragraph::new(TextLine::from(fitted_hints(t, f.width, &hints))),
        f,
    );
}

/// Where a line goes, as the status line says it to `seat`.
fn line_name(line: Line, seat: Seat, sc: &Scenario) -> String {
    match (line, seat) {
        (Line::Room, _) => "to the whole room".to_owned(),
        (Line::Private(m), Seat::Operations) => format!("privately to {}", short(sc, m)),
        (Line::Private(_), Seat::Member(_)) => "privately to the operations room".to_owned(),
    }
}
