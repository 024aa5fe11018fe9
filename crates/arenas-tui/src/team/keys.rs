//! The keys of the team screens: one table for the key handlers, the footers and the help,
//! with the solo game's conventions (arrows or h j k l to move, Enter to change, Tab for
//! the next pane, c to commit, u to take back, ? for help, q to leave).

use crate::input::{Key, KeyCode};
use crate::keys::{Binding, Footer, bind, hints_in, lookup};

/// Where the keys of a team screen are being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Lobby,
    /// A member's seat.
    Member,
    /// The operations room's seat.
    Operations,
    /// Typing a message or a note.
    Typing,
    /// Reading the help.
    Help,
}

/// What a key asks for on a team screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Up,
    Down,
    Left,
    Right,
    /// Change the selected field, or choose the selected entry.
    Activate,
    NextPane,
    PageUp,
    PageDown,
    /// One point more for the selected member.
    More,
    /// One point fewer for the selected member.
    Fewer,
    /// Take the operations room's proposal as one's own order.
    Adopt,
    /// Write the note of the selected member's proposal.
    Note,
    /// Withdraw the selected member's proposal.
    Withdraw,
    /// Write a message.
    Talk,
    Commit,
    Reopen,
    Help,
    /// Leave the seat (or, in the lobby, the server).
    Leave,
    /// Close what is open, or go back.
    Back,
    /// Send what was typed.
    Send,
}

use Command as C;
use Context::*;
use Footer::{Always, Hidden, Room};

const SEATS: &[Context] = &[Member, Operations];
const MOVE: &[Context] = &[Lobby, Member, Operations, Help];

/// Every key binding of the team screens.
#[rustfmt::skip]
pub const BINDINGS: &[Binding<Context, Command>] = &[
    bind(&[KeyCode::Up, KeyCode::Char('k')], "↑/k", C::Up, "up", MOVE, Hidden),
    bind(&[KeyCode::Down, KeyCode::Char('j')], "↓/j", C::Down, "down", MOVE, Hidden),
    bind(&[KeyCode::Left, KeyCode::Char('h')], "←/h", C::Left, "left", &[Lobby, Member, Operations], Hidden),
    bind(&[KeyCode::Right, KeyCode::Char('l')], "→/l", C::Right, "right", &[Lobby, Member, Operations], Hidden),
    bind(&[], "↑↓←→", C::Up, "move", &[Lobby, Member, Operations], Always),
    bind(&[KeyCode::Enter, KeyCode::Char(' ')], "Enter", C::Activate, "change", SEATS, Always),
    bind(&[KeyCode::Enter, KeyCode::Char(' ')], "Enter", C::Activate, "choose", &[Lobby], Always),
    bind(&[KeyCode::Enter], "Enter", C::Send, "send", &[Typing], Always),
    bind(&[KeyCode::Tab], "Tab", C::NextPane, "pane", SEATS, Always),
    bind(&[KeyCode::PageUp], "PgUp", C::PageUp, "scroll up", &[Member, Operations, Help], Hidden),
    bind(&[KeyCode::PageDown], "PgDn", C::PageDown, "scroll down", &[Member, Operations, Help], Hidden),
    bind(&[KeyCode::Char('+'), KeyCode::Char('=')], "+", C::More, "one point more", &[Operations], Hidden),
    bind(&[KeyCode::Char('-'), KeyCode::Char('_')], "-", C::Fewer, "one point fewer", &[Operations], Hidden),
    bind(&[], "+/-", C::More, "share", &[Operations], Always),
    bind(&[KeyCode::Char('a')], "a", C::Adopt, "adopt", &[Member], Always),
    bind(&[KeyCode::Char('n')], "n", C::Note, "note", &[Operations], Room),
    bind(&[KeyCode::Char('x')], "x", C::Withdraw, "withdraw proposal", &[Operations], Room),
    bind(&[KeyCode::Char('t')], "t", C::Talk, "talk", SEATS, Always),
    bind(&[KeyCode::Char('c')], "c", C::Commit, "commit", SEATS, Always),
    bind(&[KeyCode::Char('u')], "u", C::Reopen, "take back", SEATS, Room),
    bind(&[KeyCode::Char('?')], "?", C::Help, "help", &[Lobby, Member, Operations], Always),
    bind(&[KeyCode::Esc, KeyCode::Char('?')], "Esc", C::Back, "close", &[Help], Always),
    bind(&[KeyCode::Esc], "Esc", C::Back, "back", &[Lobby], Room),
    bind(&[KeyCode::Esc], "Esc", C::Back, "cancel", &[Typing], Always),
    bind(&[KeyCode::Char('q')], "q", C::Leave, "leave seat", SEATS, Room),
    bind(&[KeyCode::Char('q')], "q", C::Leave, "quit", &[Lobby], Always),
];

/// The command a key asks for in a context, if any.
pub fn command(context: Context, key: Key) -> Option<Command> {
    lookup(BINDINGS, context, key)
}

/// The footer's hints of a context, less those `shows` drops: key label, what it does,
/// and whether always shown.
pub(super) fn hints(
    context: Context,
    shows: impl Fn(Command) -> bool,
) -> Vec<(&'static str, &'static str, bool)> {
    hints_in(BINDINGS, context)
        .filter(|b| shows(b.action))
        .map(|b| (b.label, b.hint, b.footer == Always))
        .collect()
}

/// The bindings the help lists for a context (and, for a seat, for typing there): each
/// key once, with what it does.
pub(super) fn listed(context: Context) -> Vec<(&'static str, &'static str)> {
    let typing = SEATS.contains(&context);
    let mut seen = Vec::new();
    for b in BINDINGS.iter().filter(|b| {
        !b.keys.is_empty()
            && (b.contexts.contains(&context) || (typing && b.contexts.contains(&Typing)))
    }) {
        if !seen.contains(&(b.label, b.hint)) {
            seen.push((b.label, b.hint));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_answers_its_keys_and_every_context_has_hints() {
        for ctx in [Lobby, Member, Operations, Typing, Help] {
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
                for k in b.keys {
                    assert_eq!(command(ctx, Key::from(*k)), Some(b.action), "{ctx:?} {k:?}");
                }
            }
            assert!(!hints(ctx, |_| true).is_empty(), "{ctx:?} has no hints");
        }
        // Letters typed into a message are text, not commands.
        assert_eq!(command(Typing, Key::from(KeyCode::Char('q'))), None);
        assert_eq!(command(Typing, Key::from(KeyCode::Char('c'))), None);
    }
}
