//! Text from files users share is shown or written only after it is made safe. One filter,
//! [`visible`], drops control characters (C0, DEL, C1), terminal escape sequences and
//! bidirectional controls; the functions built on it fit the result to where it goes:
//!
//! - [`terminal`]: a message for a terminal (keeps line feeds and tabs);
//! - [`clean`]: one line for a table, a label or the interface;
//! - [`csv_cell`]: a text cell a spreadsheet will not read as a formula;
//! - [`markdown`]: text that Markdown shows as written, without HTML;
//! - [`html`]: text for an HTML element or attribute value, shown as written;
//! - [`json`]: JSON whose strings carry hidden characters only as `\u` escapes.

use std::iter::Peekable;
use std::str::Chars;

/// A message for a terminal: line feeds and tabs are kept, carriage returns dropped (one
/// could hide the start of a line), and everything [`visible`] drops is dropped.
pub fn terminal(s: &str) -> String {
    visible(s).filter(|&c| c != '\r').collect()
}

/// One line of text for terminals and tables: newlines and tabs become spaces, runs of
/// spaces collapse, the ends are trimmed, and everything [`visible`] drops is dropped.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in visible(s) {
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

/// Text followed by spaces up to `width` terminal columns (wide characters count two);
/// longer text is left whole.
pub fn pad(s: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

/// A CSV text cell: [`clean`], and a cell a spreadsheet would read as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`. Only for text:
/// numbers written as numbers stay numbers.
pub fn csv_cell(s: &str) -> String {
    let cell = clean(s);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// Text for a Markdown document or table cell, shown as written: [`clean`], then HTML's
/// `<`, `>` and `&` as entities, and Markdown's `\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`
/// and a leading `#` escaped with a backslash (GitHub reads `\|` inside a table cell as a
/// `|` in the cell).
pub fn markdown(s: &str) -> String {
    let text = clean(s);
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML document, as element content or inside a quoted attribute value:
/// [`clean`], then `&`, `<`, `>`, `"` and `'` as entities, so the text shows as written and
/// can neither open an element nor end an attribute.
pub fn html(s: &str) -> String {
    let text = clean(s);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON text from `serde_json` with every hidden character (see [`visible`]) written as a
/// `\u` escape. `serde_json` escapes C0 itself, so the others (DEL, C1, bidirectional
/// controls) can only stand inside strings, where an escape means the same character.
pub fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hidden(c) && !matches!(c, '\n' | '\t' | '\r') {
            // Every hidden character is in the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The characters of `s` that a terminal shows, with line feeds, tabs and carriage returns
/// left for the caller to decide about. Dropped: escape sequences whole (CSI `ESC [ …`,
/// also as the one character U+009B; OSC, DCS, SOS, PM and APC strings up to their
/// terminator or the end of the line; two-character escapes), every other control
/// character (C0, DEL, C1) and the bidirectional controls that can reorder a line.
fn visible(s: &str) -> Visible<'_> {
    Visible {
        chars: s.chars().peekable(),
    }
}

/// The iterator of [`visible`].
struct Visible<'a> {
    chars: Peekable<Chars<'a>>,
}

impl Iterator for Visible<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            match self.chars.next()? {
                '\u{1b}' => match self.chars.peek() {
                    Some('[') => {
                        self.chars.next();
                        self.skip_csi();
                    }
                    // OSC, DCS, SOS, PM and APC carry a string.
                    Some(']' | 'P' | 'X' | '^' | '_') => {
                        self.chars.next();
                        self.skip_string();
                    }
                    Some(' '..='~') => {
                        self.chars.next();
                    }
                    _ => {}
                },
                '\u{9b}' => self.skip_csi(),
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => self.skip_string(),
                c @ ('\n' | '\t' | '\r') => return Some(c),
                c if is_hidden(c) => {}
                c => return Some(c),
            }
        }
    }
}

impl Visible<'_> {
    /// Skips a CSI sequence's parameter and intermediate bytes and its final byte.
    fn skip_csi(&mut self) {
        while self.chars.next_if(|c| (' '..='?').contains(c)).is_some() {}
        self.chars.next_if(|c| ('@'..='~').contains(c));
    }

    /// Skips a control string up to its terminator (BEL, ST as `ESC \` or U+009C), or to
    /// the end of the line, which is kept. Any other escape ends the string, as it does in
    /// a terminal, and is left to start a sequence of its own.
    fn skip_string(&mut self) {
        while let Some(c) = self.chars.next_if(|&c| c != '\n' && c != '\u{1b}') {
            if c == '\u{7}' || c == '\u{9c}' {
                return;
            }
        }
        let mut ahead = self.chars.clone();
        if ahead.next() == Some('\u{1b}') && ahead.next() == Some('\\') {
            self.chars = ahead;
        }
    }
}

/// Control characters (C0, DEL, C1) and the bidirectional controls that can reorder what a
/// line shows.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_terminal_columns_and_never_cuts() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("班级", 6), "班级  ");
        assert_eq!(pad("toolong", 3), "toolong");
    }

    #[test]
    fn strips_escapes_and_keeps_ordinary_text() {
        assert_eq!(clean("plain — text"), "plain — text");
        assert_eq!(clean("a\u{1b}[31mred\u{7}\u{9b}2Jb\r\nc"), "aredb c");
        assert_eq!(clean("a\u{1b}[1;31mb\u{1b}[0m c\t\td\u{7}\n"), "ab c d");
        assert_eq!(clean("\u{1b}]0;title\u{7}x\u{202e}y"), "xy");
        assert_eq!(
            clean("\u{1b}]52;c;ZWNobw==\u{1b}\\z\u{9d}8;;x\u{9c}w"),
            "zw"
        );
        assert_eq!(clean("\u{1b}Ptmux;\u{1b}\u{1b}]0;x\u{7}\u{1b}\\v"), "v");
        // An escape that interrupts a string starts a sequence of its own.
        assert_eq!(clean("\u{9d}0;a\u{1b}]0;title\u{7}b"), "b");
    }

    #[test]
    fn terminal_keeps_lines_and_tabs_and_stops_a_string_at_the_line_end() {
        assert_eq!(terminal("a\tb\r\nc\u{1b}]0;gone\nd"), "a\tb\nc\nd");
        assert_eq!(terminal("ok\rEVIL\u{7f}\u{85}"), "okEVIL");
        // An unfinished CSI takes nothing that is not part of one.
        assert_eq!(terminal("x\u{9b}1;é"), "xé");
        assert_eq!(terminal("x\u{1b}[\nz"), "x\nz");
        let every: String = (1u8..0x20).chain([0x7f]).map(char::from).collect();
        let c1: String = ('\u{80}'..='\u{9f}').collect();
        assert_eq!(terminal(&every), "\t\n");
        assert_eq!(terminal(&c1), "");
        assert_eq!(terminal("\u{2066}.\u{2069}\u{202a}.\u{202e}"), "..");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", " =HYPERLINK(\"x\")"] {
            assert!(csv_cell(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(csv_cell("plain a-b"), "plain a-b");
        assert_eq!(csv_cell("\u{1b}[2J=x"), "'=x");
    }

    #[test]
    fn markdown_shows_text_as_written() {
        assert_eq!(
            markdown("<script>alert(1)</script> & a|b"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; a\\|b"
        );
        assert_eq!(
            markdown("# *x* _y_ `z` [l](u) \\|"),
            "\\# \\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\\\\\|"
        );
        assert_eq!(markdown("a\nb #c"), "a b #c");
    }

    #[test]
    fn html_shows_text_as_written() {
        assert_eq!(
            html("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(html("a\u{1b}[31m\nb\u{0}\u{202e}c &amp;"), "a bc &amp;amp;");
    }

    #[test]
    fn json_escapes_hidden_characters_and_stays_json() {
        let value = "a\u{7f}\u{9b}\u{202e}\u{1b}b\n";
        let text = serde_json::to_string(&value).expect("JSON");
        let safe = json(&text);
        assert_eq!(safe, r#""a\u007f\u009b\u202e\u001bb\n""#);
        let back: String = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, value);
    }
}
