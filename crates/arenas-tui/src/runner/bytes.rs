//! The interface's input from the bytes a remote terminal sends (over SSH there is no
//! local terminal for crossterm to read): printable text, the control keys, the cursor and
//! page keys in their common encodings, and SGR mouse clicks. What it does not know it
//! skips. A key's sequence may come split over two chunks (two SSH packets): the
//! [`Decoder`] holds the start of a sequence until the rest comes, or until its caller
//! decides no more is coming (then a lone ESC is the Esc key).

use crate::input::{Input, Key, KeyCode, Modifiers, Mouse, MouseButton};

/// The longest escape sequence read; a longer one is skipped.
const MAX_SEQUENCE: usize = 32;

/// What the bytes at some point hold.
enum Read {
    /// An input (none for what is skipped), and the bytes it took.
    Done(Option<Input>, usize),
    /// The start of a sequence whose end has not come yet.
    Partial,
}

/// Decodes a terminal's bytes as they come, chunk by chunk. An input split over chunks
/// decodes as if it had come whole: the start of a sequence is held until the next chunk.
/// The caller decides when no more is coming — a short wait without bytes while
/// [`holding`](Decoder::holding) — and then calls [`flush`](Decoder::flush), which
/// decodes what is held as it stands: a lone ESC is the Esc key.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The start of a sequence, at most `MAX_SEQUENCE + 1` bytes.
    held: Vec<u8>,
}

impl Decoder {
    /// The inputs that `bytes`, after what was held, complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut all = std::mem::take(&mut self.held);
        all.extend_from_slice(bytes);
        let (inputs, used) = run(&all, false);
        self.held = all.split_off(used);
        inputs
    }

    /// Whether the start of a sequence is held, waiting for more bytes or a flush.
    pub fn holding(&self) -> bool {
        !self.held.is_empty()
    }

    /// The inputs of what is held, taken as complete: no more bytes are coming for it.
    pub fn flush(&mut self) -> Vec<Input> {
        run(&std::mem::take(&mut self.held), true).0
    }
}

/// The inputs in bytes that are all there is: the same as a [`Decoder`] fed them, then
/// flushed.
pub fn decode(bytes: &[u8]) -> Vec<Input> {
    run(bytes, true).0
}

/// Decodes `bytes` until the end or, unless `end` says no more will come, the start of a
/// sequence that has not ended; the inputs, and the bytes they took.
fn run(bytes: &[u8], end: bool) -> (Vec<Input>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match one(&bytes[i..], end) {
            Read::Done(input, used) => {
                out.extend(input);
                i += used.max(1);
            }
            Read::Partial => break,
        }
    }
    (out, i.min(bytes.len()))
}

fn key(code: KeyCode, modifiers: Modifiers) -> Option<Input> {
    Some(Input::Key(Key::new(code, modifiers)))
}

fn plain(code: KeyCode) -> Option<Input> {
    key(code, Modifiers::NONE)
}

/// What is at the start of `b` (not empty); `end` when no byte follows `b`. What is
/// decided before the end is never changed by bytes that come after.
fn one(b: &[u8], end: bool) -> Read {
    let done = |input, used| Read::Done(input, used);
    match b[0] {
        0x1b => escape(b, end),
        b'\r' | b'\n' => done(plain(KeyCode::Enter), 1),
        b'\t' => done(plain(KeyCode::Tab), 1),
        0x7f | 0x08 => done(plain(KeyCode::Backspace), 1),
        c @ 0x01..=0x1a => {
            let letter = char::from(b'a' + c - 1);
            done(key(KeyCode::Char(letter), Modifiers::CONTROL), 1)
        }
        0x00 | 0x1c..=0x1f => done(None, 1),
        _ => text(b, end),
    }
}

/// One UTF-8 character; an invalid byte is skipped.
fn text(b: &[u8], end: bool) -> Read {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Read::Done(None, 1),
    };
    let Some(whole) = b.get(..len) else {
        // Continuation bytes so far: the rest may come.
        let continues = b[1..].iter().all(|c| (0x80..=0xbf).contains(c));
        return if continues && !end {
            Read::Partial
        } else {
            Read::Done(None, 1)
        };
    };
    match std::str::from_utf8(whole)
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => Read::Done(plain(KeyCode::Char(c)), len),
        None => Read::Done(None, 1),
    }
}

/// An escape sequence, Alt with a key, or Esc itself.
fn escape(b: &[u8], end: bool) -> Read {
    match b.get(1) {
        None if !end => Read::Partial,
        None | Some(0x1b) => Read::Done(plain(KeyCode::Esc), 1),
        Some(b'[') => csi(b, end),
        Some(b'O') => match b.get(2) {
            Some(&c) => Read::Done(arrow(c, Modifiers::NONE), 3),
            None if !end => Read::Partial,
            None => Read::Done(plain(KeyCode::Esc), 1),
        },
        Some(_) => match one(&b[1..], end) {
            // Alt with a key: the key's own input, Alt added.
            Read::Done(inner, used) => {
                let alt = inner.map(|i| match i {
                    Input::Key(mut k) => {
                        k.modifiers.alt = true;
                        Input::Key(k)
                    }
                    other => other,
                });
                Read::Done(alt, used + 1)
            }
            Read::Partial => Read::Partial,
        },
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
fn csi(b: &[u8], end: bool) -> Read {
    let body = &b[2..];
    let Some(last_at) = body
        .iter()
        .take(MAX_SEQUENCE)
        .position(|c| (0x40..=0x7e).contains(c))
    else {
        if !end && body.len() < MAX_SEQUENCE {
            return Read::Partial;
        }
        // Unfinished at the end, or too long: skip what was read.
        return Read::Done(None, b.len().min(MAX_SEQUENCE + 2));
    };
    let params = &body[..last_at];
    let last = body[last_at];
    let used = last_at + 3;
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
    Read::Done(input, used)
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

    #[test]
    fn a_sequence_split_over_chunks_waits_for_its_end() {
        let mut d = Decoder::default();
        assert_eq!(d.feed(b"j\x1b"), [k(KeyCode::Char('j'))]);
        assert!(d.holding());
        assert_eq!(d.feed(b"[<0;10"), []);
        assert_eq!(
            d.feed(b";5Mx"),
            [
                Input::Mouse(Mouse {
                    button: MouseButton::Left,
                    column: 9,
                    row: 4
                }),
                k(KeyCode::Char('x'))
            ]
        );
        assert!(!d.holding());
        let e = "é".as_bytes();
        assert_eq!(d.feed(&e[..1]), []);
        assert_eq!(d.feed(&e[1..]), [k(KeyCode::Char('é'))]);
    }

    #[test]
    fn a_held_escape_is_esc_when_flushed_and_nothing_after_it_is_lost() {
        let mut d = Decoder::default();
        assert_eq!(d.feed(b"\x1b"), []);
        assert_eq!(d.flush(), [k(KeyCode::Esc)]);
        assert!(!d.holding());
        assert_eq!(d.flush(), []);
        // An unfinished sequence flushed is skipped; the next chunk starts afresh.
        assert_eq!(d.feed(b"\x1b[12;"), []);
        assert_eq!(d.flush(), []);
        assert_eq!(d.feed(b"q"), [k(KeyCode::Char('q'))]);
        // A sequence that never ends is skipped at its length limit, not held.
        assert!(d.feed(&[b'1'; 100]).len() == 100 && !d.holding());
        d.feed(b"\x1b[");
        d.feed(&[b'1'; 100]);
        assert!(!d.holding());
    }

    /// Bytes a terminal sends, with escape sequences and multi-byte characters often cut.
    fn stream() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let token = prop_oneof![
            any::<u8>().prop_map(|b| vec![b]),
            Just(b"\x1b".to_vec()),
            Just(b"\x1b[A".to_vec()),
            Just(b"\x1b[1;5D".to_vec()),
            Just(b"\x1bOB".to_vec()),
            Just(b"\x1b[5~".to_vec()),
            Just(b"\x1b[<0;12;7M".to_vec()),
            Just(b"\x1b[<0;12;7m".to_vec()),
            Just(b"\x1bx".to_vec()),
            Just("é€𝄞".as_bytes().to_vec()),
            Just(b"\x1b[".repeat(3)),
            Just(b";<0123456789".to_vec()),
            Just(b"q\r".to_vec()),
        ];
        proptest::collection::vec(token, 0..40).prop_map(|t| t.concat())
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let inputs = decode(&bytes);
            proptest::prop_assert!(inputs.len() <= bytes.len());
        }

        #[test]
        fn any_split_of_a_stream_yields_the_keys_of_the_whole(
            bytes in stream(),
            cuts in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..8),
        ) {
            let mut cuts: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
            cuts.sort_unstable();
            let mut d = Decoder::default();
            let mut inputs = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                inputs.extend(d.feed(&bytes[from..cut]));
                proptest::prop_assert!(d.held.len() <= MAX_SEQUENCE + 1);
                from = cut;
            }
            inputs.extend(d.flush());
            proptest::prop_assert_eq!(inputs, decode(&bytes));
        }
    }
}
