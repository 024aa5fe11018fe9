//! Key bindings: one table serves the key handler, the footer hints and the help overlay,
//! so hints never drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keys are being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Menu,
    Campaign,
    Why,
    Help,
    Confirm,
    Debrief,
}

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    /// Enter or Space: change the selected field, choose the selected item.
    Activate,
    NextPanel,
    Commit,
    Why,
    Help,
    Quit,
    Yes,
    No,
    Close,
    PageUp,
    PageDown,
}

/// One binding: keys, what they do, and where.
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in hints.
    pub label: &'static str,
    pub action: Action,
    /// What the keys do, in a few words.
    pub hint: &'static str,
    pub contexts: &'static [Context],
    /// Whether the footer shows it (the help overlay shows every binding).
    pub footer: bool,
}

use Context::*;

const MOVE: &[Context] = &[Menu, Campaign, Why, Help, Debrief];
const EVERYWHERE_BUT_CONFIRM: &[Context] = &[Menu, Campaign, Why, Help, Debrief];

/// Every key binding of the game.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Up, KeyCode::Char('k')],
        label: "↑/k",
        action: Action::Up,
        hint: "up",
        contexts: MOVE,
        footer: false,
    },
    Binding {
        keys: &[KeyCode::Down, KeyCode::Char('j')],
        label: "↓/j",
        action: Action::Down,
        hint: "down",
        contexts: MOVE,
        footer: false,
    },
    Binding {
        keys: &[KeyCode::Left, KeyCode::Char('h')],
        label: "←/h",
        action: Action::Left,
        hint: "left",
        contexts: &[Campaign, Why, Debrief],
        footer: false,
    },
    Binding {
        keys: &[KeyCode::Right, KeyCode::Char('l')],
        label: "→/l",
        action: Action::Right,
        hint: "right",
        contexts: &[Campaign, Why, Debrief],
        footer: false,
    },
    Binding {
        keys: &[],
        label: "↑↓←→",
        action: Action::Up,
        hint: "move",
        contexts: &[Campaign, Why, Debrief],
        footer: true,
    },
    Binding {
        keys: &[],
        label: "↑↓",
        action: Action::Up,
        hint: "move",
        contexts: &[Menu],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Enter, KeyCode::Char(' ')],
        label: "Enter",
        action: Action::Activate,
        hint: "change",
        contexts: &[Campaign],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Enter, KeyCode::Char(' ')],
        label: "Enter",
        action: Action::Activate,
        hint: "choose",
        contexts: &[Menu],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Tab],
        label: "Tab",
        action: Action::NextPanel,
        hint: "orders/log",
        contexts: &[Campaign],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::PageUp],
        label: "PgUp",
        action: Action::PageUp,
        hint: "scroll up",
        contexts: &[Campaign, Why, Debrief, Help],
        footer: false,
    },
    Binding {
        keys: &[KeyCode::PageDown],
        label: "PgDn",
        action: Action::PageDown,
        hint: "scroll down",
        contexts: &[Campaign, Why, Debrief, Help],
        footer: false,
    },
    Binding {
        keys: &[KeyCode::Char('c')],
        label: "c",
        action: Action::Commit,
        hint: "commit turn",
        contexts: &[Campaign],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Char('w')],
        label: "w",
        action: Action::Why,
        hint: "why",
        contexts: &[Campaign, Debrief],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Char('?')],
        label: "?",
        action: Action::Help,
        hint: "help",
        contexts: EVERYWHERE_BUT_CONFIRM,
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "Esc",
        action: Action::Close,
        hint: "close",
        contexts: &[Why, Help],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "Esc",
        action: Action::Close,
        hint: "menu",
        contexts: &[Debrief],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "Esc",
        action: Action::Close,
        hint: "back",
        contexts: &[Menu],
        footer: false,
    },
    Binding {
        keys: &[KeyCode::Char('q')],
        label: "q",
        action: Action::Quit,
        hint: "quit",
        contexts: &[Menu, Campaign, Debrief],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Char('y')],
        label: "y",
        action: Action::Yes,
        hint: "yes, quit",
        contexts: &[Confirm],
        footer: true,
    },
    Binding {
        keys: &[KeyCode::Char('n'), KeyCode::Esc],
        label: "n/Esc",
        action: Action::No,
        hint: "stay",
        contexts: &[Confirm],
        footer: true,
    },
];

/// The action a key asks for in a context, if any.
pub fn action(context: Context, key: KeyEvent) -> Option<Action> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    let code = match key.code {
        // Shifted letters arrive upper-case; the bindings are lower-case.
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let code = if code == KeyCode::Char('/') && key.modifiers.contains(KeyModifiers::SHIFT) {
        KeyCode::Char('?')
    } else {
        code
    };
    BINDINGS
        .iter()
        .find(|b| b.contexts.contains(&context) && b.keys.contains(&code))
        .map(|b| b.action)
}

/// Whether a key is the interrupt (Ctrl-C), which leaves at once.
pub fn is_interrupt(key: KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

/// The footer hints of a context, as (keys, what they do).
pub fn hints(context: Context) -> impl Iterator<Item = (&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(move |b| b.footer && b.contexts.contains(&context))
        .map(|b| (b.label, b.hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_footer_hint_names_a_working_key_or_a_group_of_working_keys() {
        for ctx in [Menu, Campaign, Why, Help, Confirm, Debrief] {
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
                for k in b.keys {
                    assert_eq!(
                        action(ctx, KeyEvent::from(*k)),
                        Some(b.action),
                        "{ctx:?} {k:?}"
                    );
                }
            }
            assert!(hints(ctx).count() >= 2, "{ctx:?} has too few hints");
        }
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        for (a, b) in [
            ('k', KeyCode::Up),
            ('j', KeyCode::Down),
            ('h', KeyCode::Left),
            ('l', KeyCode::Right),
        ] {
            assert_eq!(
                action(Campaign, KeyEvent::from(KeyCode::Char(a))),
                action(Campaign, KeyEvent::from(b))
            );
        }
        assert!(is_interrupt(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL
        )));
        assert_eq!(
            action(
                Campaign,
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            None
        );
    }
}
