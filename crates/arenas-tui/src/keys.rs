//! Key bindings: one table serves the key handler, the footer hints and the help overlay,
//! so hints never drift from what the keys do.

use super::input::{Key, KeyCode};

/// Where the keys are being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Menu,
    Campaign,
    Why,
    Help,
    Confirm,
    Debrief,
    /// Typing a name.
    Prompt,
    /// Choosing from a short list over the screen.
    Pick,
    /// Stepping through a saved campaign.
    Replay,
    /// Reading a forecast.
    Forecast,
    /// Answering the question asked before a commit.
    Predict,
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
    Save,
    Undo,
    Branch,
    Forecast,
    /// Open the glossary.
    Glossary,
    /// Cycle the forecast's follow-up policy.
    Policy,
}

/// Whether and how a binding shows in the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Footer {
    /// Only in the help overlay.
    Hidden,
    /// Always shown.
    Always,
    /// Shown when the footer has room.
    Room,
}

/// One binding: keys, what they do, and where. A table of another screen set (team play)
/// uses contexts and actions of its own.
pub struct Binding<C: 'static = Context, A = Action> {
    pub keys: &'static [KeyCode],
    /// How the keys are written in hints.
    pub label: &'static str,
    pub action: A,
    /// What the keys do, in a few words.
    pub hint: &'static str,
    pub contexts: &'static [C],
    pub footer: Footer,
}

use Context::*;
use Footer::{Always, Hidden, Room};

const MOVE: &[Context] = &[Menu, Campaign, Why, Help, Debrief, Pick, Replay];
const SCROLL: &[Context] = &[Campaign, Why, Debrief, Help, Replay];
const ANYWHERE: &[Context] = &[Menu, Campaign, Why, Help, Debrief, Replay, Forecast, Pick];

pub(crate) const fn bind<C, A>(
    keys: &'static [KeyCode],
    label: &'static str,
    action: A,
    hint: &'static str,
    contexts: &'static [C],
    footer: Footer,
) -> Binding<C, A> {
    Binding {
        keys,
        label,
        action,
        hint,
        contexts,
        footer,
    }
}

/// Every key binding of the game.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[KeyCode::Up, KeyCode::Char('k')], "↑/k", Action::Up, "up", MOVE, Hidden),
    bind(&[KeyCode::Down, KeyCode::Char('j')], "↓/j", Action::Down, "down", MOVE, Hidden),
    bind(&[KeyCode::Left, KeyCode::Char('h')], "←/h", Action::Left, "left", &[Campaign, Why, Debrief, Replay], Hidden),
    bind(&[KeyCode::Right, KeyCode::Char('l')], "→/l", Action::Right, "right", &[Campaign, Why, Debrief, Replay], Hidden),
    bind(&[], "↑↓←→", Action::Up, "move", &[Campaign, Why, Debrief], Always),
    bind(&[], "↑↓", Action::Up, "move", &[Menu, Pick], Always),
    bind(&[], "←→", Action::Left, "step turn", &[Replay], Always),
    bind(&[KeyCode::Enter, KeyCode::Char(' ')], "Enter", Action::Activate, "change", &[Campaign], Always),
    bind(&[KeyCode::Enter, KeyCode::Char(' ')], "Enter", Action::Activate, "choose", &[Menu, Pick], Always),
    bind(&[KeyCode::Enter], "Enter", Action::Activate, "save", &[Prompt], Always),
    bind(&[KeyCode::Tab], "Tab", Action::NextPanel, "orders/log", &[Campaign], Room),
    bind(&[KeyCode::PageUp], "PgUp", Action::PageUp, "scroll up", SCROLL, Hidden),
    bind(&[KeyCode::PageDown], "PgDn", Action::PageDown, "scroll down", SCROLL, Hidden),
    bind(&[KeyCode::Char('c')], "c", Action::Commit, "commit turn", &[Campaign], Always),
    bind(&[KeyCode::Char('w')], "w", Action::Why, "why", &[Campaign, Debrief, Replay], Always),
    bind(&[KeyCode::Char('f')], "f", Action::Forecast, "forecast", &[Campaign], Always),
    bind(&[KeyCode::Char('p')], "p", Action::Policy, "next follow-up", &[Forecast], Always),
    bind(&[KeyCode::Char('s')], "s", Action::Save, "save", &[Campaign, Debrief], Room),
    bind(&[KeyCode::Char('u')], "u", Action::Undo, "undo turn", &[Campaign, Debrief], Room),
    bind(&[KeyCode::Char('b')], "b", Action::Branch, "branch", &[Campaign, Debrief], Room),
    bind(&[KeyCode::Char('?')], "?", Action::Help, "help", ANYWHERE, Always),
    bind(&[KeyCode::Char('g')], "g", Action::Glossary, "glossary", &[Campaign, Why, Help], Room),
    bind(&[KeyCode::Esc], "Esc", Action::Close, "close", &[Why, Help, Pick, Prompt, Forecast], Always),
    bind(&[KeyCode::Esc], "Esc", Action::Close, "menu", &[Debrief], Always),
    bind(&[KeyCode::Esc], "Esc", Action::Close, "back", &[Menu], Hidden),
    bind(&[KeyCode::Char('q')], "q", Action::Quit, "quit", &[Menu, Campaign, Debrief, Replay], Always),
    bind(&[KeyCode::Char('y')], "y", Action::Yes, "yes", &[Confirm, Predict], Always),
    bind(&[KeyCode::Char('n'), KeyCode::Esc], "n/Esc", Action::No, "no", &[Confirm], Always),
    bind(&[KeyCode::Char('n')], "n", Action::No, "no", &[Predict], Always),
    bind(&[KeyCode::Esc], "Esc", Action::Close, "close", &[Predict], Always),
];

/// The action a key asks for in a context, if any.
pub fn action(context: Context, key: Key) -> Option<Action> {
    lookup(BINDINGS, context, key)
}

/// The action a key asks for in a context of a table, if any: shifted letters count as
/// lower-case ones, Shift-/ as `?`, and keys held with Control or Alt as none.
pub fn lookup<C: PartialEq, A: Copy>(table: &[Binding<C, A>], context: C, key: Key) -> Option<A> {
    if key.modifiers.control || key.modifiers.alt {
        return None;
    }
    let code = match key.code {
        // Shifted letters arrive upper-case; the bindings are lower-case.
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let code = if code == KeyCode::Char('/') && key.modifiers.shift {
        KeyCode::Char('?')
    } else {
        code
    };
    table
        .iter()
        .find(|b| b.contexts.contains(&context) && b.keys.contains(&code))
        .map(|b| b.action)
}

/// Whether a key is the interrupt (Ctrl-C), which leaves at once.
pub fn is_interrupt(key: Key) -> bool {
    key.modifiers.control && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

/// The bindings a context shows in the footer, in order.
pub fn hints(context: Context) -> impl Iterator<Item = &'static Binding> {
    hints_in(BINDINGS, context)
}

/// The bindings a context of a table shows in the footer, in order.
pub fn hints_in<C: PartialEq, A>(
    table: &'static [Binding<C, A>],
    context: C,
) -> impl Iterator<Item = &'static Binding<C, A>> {
    table
        .iter()
        .filter(move |b| b.footer != Hidden && b.contexts.contains(&context))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Modifiers;

    #[test]
    fn every_footer_hint_names_a_working_key_or_a_group_of_working_keys() {
        for ctx in [
            Menu, Campaign, Why, Help, Confirm, Debrief, Pick, Replay, Forecast, Predict,
        ] {
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
                for k in b.keys {
                    assert_eq!(action(ctx, Key::from(*k)), Some(b.action), "{ctx:?} {k:?}");
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
                action(Campaign, Key::from(KeyCode::Char(a))),
                action(Campaign, Key::from(b))
            );
        }
        assert!(is_interrupt(Key::new(
            KeyCode::Char('c'),
            Modifiers::CONTROL
        )));
        assert_eq!(
            action(Campaign, Key::new(KeyCode::Char('c'), Modifiers::CONTROL)),
            None
        );
    }
}
