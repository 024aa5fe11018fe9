//! The interface's input from the bytes a remote terminal sends (over SSH there is no
//! local terminal for crossterm to read): printable text, the control keys, the cursor and
//! page keys in their common encodings, and SGR mouse clicks. What it does not know it
//! skips. Each chunk of bytes is decoded on its own: a remote terminal sends a key's
//! sequence in one write, so a lone ESC at the end of a chunk is the Esc key.

use crate::tui::input::{Input, Key, KeyCode, Modifiers, Mouse, MouseButton};

/// The longest escape sequence read; a longer one is skipped.
const MAX_SEQUENCE: usize = 32;

/// The inputs in one chunk of bytes from a terminal.
pub fn decode(bytes: &[u8]) -> Vec<Input> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (input, used) = one(&bytes[i..]);
        out.extend(input);
        i += used.max(1);
    }
    out
}

fn key(code: KeyCode, modifiers: Modifiers) -> Option<Input> {
    Some(Input::Key(Key::new(code, modifiers)))
}

fn plain(code: KeyCode) -> Option<Input> {
    key(code, Modifiers::NONE)
}

/// The input at the start of `b` (none for what is skipped) and the bytes it took.
fn one(b: &[u8]) -> (Option<Input>, usize) {
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => (plain(KeyCode::Enter), 1),
        b'\t' => (plain(KeyCode::Tab), 1),
        0x7f | 0x08 => (plain(KeyCode::Backspace), 1),
        c @ 0x01..=0x1a => {
            let letter = char::from(b'a' + c - 1);
            (key(KeyCode::Char(letter), Modifiers::CONTROL), 1)
        }
        0x00 | 0x1c..=0x1f => (None, 1),
        _ => text(b),
    }
}

/// One UTF-8 character; an invalid byte is skipped.
fn text(b: &[u8]) -> (Option<Input>, usize) {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return (None, 1),
    };
    match b.get(..len).and_then(|s| std::str::from_utf8(s).ok()) {
        Some(s) => {
            let c = s.chars().next().unwrap_or(' ');
            (plain(KeyCode::Char(c)), len)
        }
        None => (None, 1),
    }
}

/// An escape sequence, Alt with a key, or Esc itself.
fn escape(b: &[u8]) -> (Option<Input>, usize) {
    match b.get(1) {
        None | Some(0x1b) => (plain(KeyCode::Esc), 1),
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            Some(&c) => (arrow(c, Modifiers::NONE), 3),
            None => (plain(KeyCode::Esc), 1),
        },
        Some(_) => {
            // Alt with a key: the key's own input, Alt added.
            let (inner, used) = one(&b[1..]);
            let alt = inner.map(|i| match i {
                Input::Key(mut k) => {
                    k.modifiers.alt = true;
                    Input::Key(k)
                }
                other => other,
            });
            (alt, used + 1)
        }
    }
}

fn arrow(c: u8, modifiers: Modifiers) -> Option<Input> {
    let code = match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        _ => return None,
    };
    key(code, modifiers)
}

/// `ESC [` parameters, then one final byte (0x40–0x7e).
fn csi(b: &[u8]) -> (Option<Input>, usize) {
    let body = &b[2..];
    let Some(end) = body
        .iter()
        .take(MAX_SEQUENCE)
        .position(|c| (0x40..=0x7e).contains(c))
    else {
        // Unfinished or too long: skip what was read.
        return (None, b.len().min(MAX_SEQUENCE + 2));
    };
    let params = &body[..end];
    let last = body[end];
    let used = end + 3;
    let numbers: Vec<u16> = params
        .split(|c| *c == b';')
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|s| s.trim_start_matches('<').parse().ok())
                .unwrap_or(0)
        })
        .collect();
    let modifiers = numbers
        .get(1)
        .map_or(Modifiers::NONE, |&m| xterm_modifiers(m));
    let input = match last {
        b'A'..=b'D' => arrow(last, modifiers),
        b'Z' => key(
            KeyCode::Tab,
            Modifiers {
                shift: true,
                ..Modifiers::NONE
            },
        ),
        b'~' => match numbers.first() {
            Some(5) => key(KeyCode::PageUp, modifiers),
            Some(6) => key(KeyCode::PageDown, modifiers),
            _ => None,
        },
        b'M' if params.first() == Some(&b'<') => mouse(&numbers),
        _ => None,
    };
    (input, used)
}

/// The modifiers of an xterm key parameter: 1 plus shift 1, alt 2, control 4.
fn xterm_modifiers(m: u16) -> Modifiers {
    let bits = m.saturating_sub(1);
    Modifiers {
        shift: bits & 1 != 0,
        alt: bits & 2 != 0,
        control: bits & 4 != 0,
    }
}

/// An SGR mouse press (`ESC [ < button ; column ; row M`, 1-based); motion, wheel and
/// releases are skipped.
fn mouse(numbers: &[u16]) -> Option<Input> {
    let [button, column, row] = numbers else {
        return None;
    };
    if button & (32 | 64) != 0 {
        return None;
    }
    let button = match button & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        2 => MouseButton::Right,
        _ => return None,
    };
    Some(Input::Mouse(Mouse {
        button,
        column: column.checked_sub(1)?,
        row: row.checked_sub(1)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Input> {
        decode(bytes)
    }

    fn k(code: KeyCode) -> Input {
        Input::Key(Key::from(code))
    }

    #[test]
    fn text_control_keys_and_arrows() {
        assert_eq!(
            keys("cé\r\x7f\t".as_bytes()),
            [
                k(KeyCode::Char('c')),
                k(KeyCode::Char('é')),
                k(KeyCode::Enter),
                k(KeyCode::Backspace),
                k(KeyCode::Tab)
            ]
        );
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[C\x1b[D\x1b[5~\x1b[6~"),
            [
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::Right),
                k(KeyCode::Left),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown)
            ]
        );
        assert_eq!(
            keys(b"\x03\x15"),
            [
                Input::Key(Key::new(KeyCode::Char('c'), Modifiers::CONTROL)),
                Input::Key(Key::new(KeyCode::Char('u'), Modifiers::CONTROL))
            ]
        );
    }

    #[test]
    fn a_lone_escape_is_esc_and_alt_adds_to_a_key() {
        assert_eq!(keys(b"\x1b"), [k(KeyCode::Esc)]);
        assert_eq!(keys(b"\x1b\x1b"), [k(KeyCode::Esc), k(KeyCode::Esc)]);
        let mut alt_x = Key::from(KeyCode::Char('x'));
        alt_x.modifiers.alt = true;
        assert_eq!(keys(b"\x1bx"), [Input::Key(alt_x)]);
        let mut shift_tab = Key::from(KeyCode::Tab);
        shift_tab.modifiers.shift = true;
        assert_eq!(keys(b"\x1b[Z"), [Input::Key(shift_tab)]);
        assert_eq!(
            keys(b"\x1b[1;5A"),
            [Input::Key(Key::new(KeyCode::Up, Modifiers::CONTROL))]
        );
    }

    #[test]
    fn a_mouse_press_is_a_click_and_the_rest_of_the_mouse_is_skipped() {
        assert_eq!(
            keys(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<32;11;5M\x1b[<64;1;1M"),
            [Input::Mouse(Mouse {
                button: MouseButton::Left,
                column: 9,
                row: 4
            })]
        );
    }

    #[test]
    fn unknown_and_broken_sequences_are_skipped() {
        assert_eq!(keys(b"\x1b[99xq"), [k(KeyCode::Char('q'))]);
        assert_eq!(keys(b"\xffq"), [k(KeyCode::Char('q'))]);
        assert!(keys(b"\x1b[12;").is_empty());
        assert!(keys(&[0x1b, b'['].repeat(100)).len() <= 100);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let inputs = decode(&bytes);
            proptest::prop_assert!(inputs.len() <= bytes.len());
        }
    }
}
