//! The one place crossterm's events become the interface's input.

use ratatui::crossterm::event::{
    Event, KeyCode as CtKeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton as CtButton,
    MouseEventKind,
};

use crate::input::{Input, Key, KeyCode, Modifiers, Mouse, MouseButton};

/// The interface's input for a terminal event; `None` for what the interface ignores
/// (key releases and repeats, mouse moves, keys it has no use for, focus, paste).
pub fn convert(event: &Event) -> Option<Input> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => convert_key(*key).map(Input::Key),
        Event::Mouse(m) => {
            let button = match m.kind {
                MouseEventKind::Down(CtButton::Left) => MouseButton::Left,
                MouseEventKind::Down(CtButton::Right) => MouseButton::Right,
                MouseEventKind::Down(CtButton::Middle) => MouseButton::Middle,
                _ => return None,
            };
            Some(Input::Mouse(Mouse {
                button,
                column: m.column,
                row: m.row,
            }))
        }
        Event::Resize(w, h) => Some(Input::Resize(*w, *h)),
        _ => None,
    }
}

fn convert_key(key: KeyEvent) -> Option<Key> {
    let code = match key.code {
        CtKeyCode::Char(c) => KeyCode::Char(c),
        CtKeyCode::Enter => KeyCode::Enter,
        CtKeyCode::Esc => KeyCode::Esc,
        CtKeyCode::Tab => KeyCode::Tab,
        CtKeyCode::Backspace => KeyCode::Backspace,
        CtKeyCode::Up => KeyCode::Up,
        CtKeyCode::Down => KeyCode::Down,
        CtKeyCode::Left => KeyCode::Left,
        CtKeyCode::Right => KeyCode::Right,
        CtKeyCode::PageUp => KeyCode::PageUp,
        CtKeyCode::PageDown => KeyCode::PageDown,
        _ => return None,
    };
    let modifiers = Modifiers {
        shift: key.modifiers.contains(KeyModifiers::SHIFT),
        control: key.modifiers.contains(KeyModifiers::CONTROL),
        alt: key.modifiers.contains(KeyModifiers::ALT),
    };
    Some(Key::new(code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEventState, MouseEvent};

    #[test]
    fn presses_clicks_and_resizes_convert_and_the_rest_is_dropped() {
        let ctrl_c = Event::Key(KeyEvent::new(CtKeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(
            convert(&ctrl_c),
            Some(Input::Key(Key::new(KeyCode::Char('c'), Modifiers::CONTROL)))
        );
        let release = Event::Key(KeyEvent {
            code: CtKeyCode::Enter,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        });
        assert_eq!(convert(&release), None);
        let click = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(CtButton::Left),
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(
            convert(&click),
            Some(Input::Mouse(Mouse {
                button: MouseButton::Left,
                column: 3,
                row: 4
            }))
        );
        assert_eq!(
            convert(&Event::Resize(100, 30)),
            Some(Input::Resize(100, 30))
        );
        assert_eq!(convert(&Event::FocusGained), None);
    }
}
