//! The interface's own input types: what a player can press or click, independent of the
//! terminal library that read it. Runners convert their events into these.

/// A key, as the bindings name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
}

/// Keys held down with another key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Modifiers {
    pub shift: bool,
    pub control: bool,
    pub alt: bool,
}

impl Modifiers {
    /// No modifier.
    pub const NONE: Modifiers = Modifiers {
        shift: false,
        control: false,
        alt: false,
    };
    /// Control alone.
    pub const CONTROL: Modifiers = Modifiers {
        shift: false,
        control: true,
        alt: false,
    };
}

/// One key press.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: Modifiers,
}

impl Key {
    /// A key pressed with modifiers.
    pub const fn new(code: KeyCode, modifiers: Modifiers) -> Key {
        Key { code, modifiers }
    }
}

impl From<KeyCode> for Key {
    fn from(code: KeyCode) -> Key {
        Key::new(code, Modifiers::NONE)
    }
}

/// A mouse button.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MouseButton {
    Left,
    Right,
    Middle,
}

/// A mouse button pressed at a cell of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mouse {
    pub button: MouseButton,
    pub column: u16,
    pub row: u16,
}

/// Everything the player does that the interface hears of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    Key(Key),
    Mouse(Mouse),
    /// The screen now has this many columns and rows.
    Resize(u16, u16),
}
