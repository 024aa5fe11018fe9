//! Text from files users share is shown only after control characters are stripped.

/// Text from a scenario file made safe for terminals and tables: newlines and tabs become
/// spaces, runs of spaces collapse, and control characters, terminal escape sequences and
/// bidirectional overrides are dropped.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        let c = match c {
            // ESC: skip a whole CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`) or
            // two-character sequence.
            '\u{1b}' => {
                match chars.next() {
                    Some('[') => skip_csi(&mut chars),
                    Some(']') => skip_osc(&mut chars),
                    _ => {}
                }
                continue;
            }
            // The single-character C1 CSI.
            '\u{9b}' => {
                skip_csi(&mut chars);
                continue;
            }
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() || is_bidi_control(c) => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_osc(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        if c == '\u{7}' || c == '\u{9c}' {
            break;
        }
        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
            chars.next();
            break;
        }
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_escapes_and_keeps_ordinary_text() {
        assert_eq!(clean("plain — text"), "plain — text");
        assert_eq!(clean("a\u{1b}[31mred\u{7}\u{9b}2Jb\r\nc"), "aredb c");
        assert_eq!(clean("a\u{1b}[1;31mb\u{1b}[0m c\t\td\u{7}\n"), "ab c d");
        assert_eq!(clean("\u{1b}]0;title\u{7}x\u{202e}y"), "xy");
    }
}
