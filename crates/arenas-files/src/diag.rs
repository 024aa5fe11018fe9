//! Diagnostics for files users write: `FILE:LINE:COL: error: message`, with a hint.

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::text::clean;

/// One problem in a file, located by line and column (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// `FILE:LINE:COL: error: message`, then the hint on a line of its own; the file name,
/// message and hint echo what files hold, so each is shown as one [`clean`] line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            clean(&self.file),
            self.line,
            self.column,
            clean(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", clean(hint))?;
        }
        Ok(())
    }
}

/// All problems found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// One step of a path into a TOML document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Seg {
        Seg::Key(key.to_owned())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Index(i)
    }
}

/// A problem found after parsing, located by its path in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<Seg>,
    pub message: String,
    pub hint: Option<String>,
    /// Another place the problem concerns (the first of two entries with one id), named in
    /// the message by its line and column.
    pub also: Option<Vec<Seg>>,
}

/// Builds a path from keys and indices: `path!["faction", 2, "home"]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { vec![$($crate::diag::Seg::from($seg)),*] };
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: Vec<Seg>, message: impl Into<String>) -> Problem {
        Problem {
            path,
            message: message.into(),
            hint: None,
            also: None,
        }
    }

    /// The same problem, which also concerns the value at `path`.
    pub fn also_at(mut self, path: Vec<Seg>) -> Problem {
        self.also = Some(path);
        self
    }

    /// The same problem with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// A source text with its file name, for turning offsets and paths into positions.
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    /// A diagnostic at a byte offset.
    pub fn at(
        &self,
        offset: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let (line, column) = line_column(self.text, offset);
        Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
            hint,
        }
    }

    /// The diagnostic for a TOML or serde error from the `toml` crate, in plain words and
    /// naming the field when the error is about a value.
    pub fn from_toml(&self, err: &toml::de::Error) -> Diagnostic {
        let offset = err.span().map_or(0, |s| s.start);
        let raw = err.message().trim().replace('\n', " ");
        let hint = toml_hint(&raw);
        let mut message = plain_words(&raw);
        if raw.starts_with("invalid")
            && let Some(key) = key_before(self.text, offset)
        {
            let field = key.rsplit('.').next().unwrap_or(key);
            if let Some(range) = whole_range(field)
                && let Some((expected, found)) = message.split_once(", found ")
                && expected.starts_with("expected a whole number")
            {
                message = format!("expected a whole number from {range}, found {found}");
            }
            message = format!("`{key}`: {message}");
        }
        self.at(offset, message, Some(hint.to_owned()))
    }

    /// Diagnostics for problems located by path, in the order of the file (the same
    /// problem at the same place once); the document must parse. At most [`MAX_SHOWN`] are
    /// given, then one that says how many more there are.
    pub fn locate(&self, problems: Vec<Problem>) -> Diagnostics {
        let root = DeTable::parse(self.text).ok();
        let lines = Lines::new(self.text);
        let position = |path: &[Seg]| {
            let offset = root.as_ref().map_or(0, |r| span_of(r, path).start);
            lines.position(offset)
        };
        let mut all: Vec<Diagnostic> = problems
            .into_iter()
            .map(|p| {
                let (line, column) = position(&p.path);
                let message = match &p.also {
                    Some(other) => {
                        let (l, c) = position(other);
                        format!("{}; the first is at {}:{l}:{c}", p.message, self.file)
                    }
                    None => p.message,
                };
                Diagnostic {
                    file: self.file.to_owned(),
                    line,
                    column,
                    message,
                    hint: p.hint,
                }
            })
            .collect();
        all.sort_by_key(|d| (d.line, d.column));
        all.dedup();
        let total = all.len();
        let rest = all.split_off(total.min(MAX_SHOWN));
        if let Some(next) = rest.into_iter().next() {
            all.push(Diagnostic {
                message: format!(
                    "and {} more problems, the first of them here",
                    total - MAX_SHOWN
                ),
                hint: Some("fix the problems above, then check the file again".into()),
                ..next
            });
        }
        Diagnostics(all)
    }
}

/// Most problems reported for one file; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// Where the lines of a text start, to turn many offsets into positions, each in
/// logarithmic time plus the length of its line.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// The line starts of `text`.
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// The key of a `key = value` line whose value starts at `offset`, if the line is one.
fn key_before(text: &str, offset: usize) -> Option<&str> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, value) = text.get(start..offset)?.split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"');
    (value.trim().is_empty() && !key.is_empty() && key.chars().all(bare)).then_some(key)
}

/// The documented range of a whole-number field of scenario and plan files, by its key, as
/// docs/scenarios.md gives it: messages say it rather than what the field's type can hold.
pub fn whole_range(key: &str) -> Option<String> {
    use arenas_core::engine::{MAX_FORECAST_LIMIT, MAX_INTENSITY, MAX_TURNS};
    Some(match key {
        "turns" => format!("1 to {MAX_TURNS}"),
        "turn_days" => "1 to 31".into(),
        "forecast_limit" => format!("1 to {MAX_FORECAST_LIMIT}"),
        "turn" | "from" => "1 to the scenario's number of turns".into(),
        "intensity" => format!("0 to {MAX_INTENSITY}"),
        "budget" | "off_home_cost" => "0 to 1,000,000".into(),
        "cost" => "0 to 1000".into(),
        _ => return None,
    })
}

/// What a serde message names in Rust's words (`u16`, `f64`, `floating point`), in the
/// words of someone writing a file: a whole number, a number, text, a list, a table.
fn plain_words(message: &str) -> String {
    let found = |s: &str| {
        s.replacen("floating point `", "the decimal number `", 1)
            .replacen("integer `", "the whole number `", 1)
            .replacen("string \"", "the text \"", 1)
            .replacen("boolean `", "the true/false value `", 1)
            .replacen("sequence", "a list", 1)
            .replacen("map", "a table", 1)
    };
    let expected = |rust: &str| -> String {
        let whole = |max: &str| format!("a whole number from 0 to {max}");
        match rust.trim() {
            "u8" => whole("255"),
            "u16" => whole("65535"),
            "u32" => whole("4294967295"),
            "u64" | "usize" => whole("18446744073709551615"),
            "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
            "f32" | "f64" => "a number (whole or decimal)".into(),
            "a string" | "a borrowed string" | "string" => "text in quotes".into(),
            "a boolean" | "bool" => "true or false".into(),
            "a sequence" => "a list in [brackets]".into(),
            "a map" => "a table".into(),
            other if other.starts_with("struct ") || other.starts_with("a map") => "a table".into(),
            other => other.to_owned(),
        }
    };
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(kind)
            && let Some((what, wanted)) = rest.rsplit_once(", expected ")
        {
            return format!("expected {}, found {}", expected(wanted), found(what));
        }
    }
    message.to_owned()
}

fn toml_hint(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove the field or fix its spelling; the expected names are listed above"
    } else if message.starts_with("missing field") {
        "add the field; `arenas scenario new` writes a template with every field"
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "give a value of the expected type"
    } else if message.starts_with("unknown variant") {
        "use one of the values listed above"
    } else {
        "fix the TOML syntax at this position (https://toml.io explains the format)"
    }
}

/// 1-based line and column (in characters) of a byte offset; for many offsets in one
/// text, [`Lines`] finds each faster.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Span of the value at `path`; where the path stops existing, the span of the deepest
/// part that exists.
fn span_of(root: &Spanned<DeTable<'_>>, path: &[Seg]) -> Range<usize> {
    let mut span = root.span();
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
    for seg in path {
        let next = match seg {
            Seg::Key(k) => {
                table.and_then(|t| t.iter().find(|(key, _)| key.get_ref() == k).map(|(_, v)| v))
            }
            Seg::Index(i) => array.and_then(|a| a.get(*i)),
        };
        let Some(value) = next else { break };
        span = value.span();
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a.as_ref()),
            _ => {}
        }
    }
    span
}

#[cfg(test)]
mod plain_tests {
    use super::{key_before, plain_words};

    #[test]
    fn serde_messages_read_in_plain_words() {
        for (rust, plain) in [
            (
                "invalid type: floating point `18.0`, expected u32",
                "expected a whole number from 0 to 4294967295, found the decimal number `18.0`",
            ),
            (
                "invalid type: string \"x\", expected f64",
                "expected a number (whole or decimal), found the text \"x\"",
            ),
            (
                "invalid value: integer `-3`, expected u16",
                "expected a whole number from 0 to 65535, found the whole number `-3`",
            ),
            (
                "invalid type: sequence, expected a string",
                "expected text in quotes, found a list",
            ),
            (
                "invalid type: integer `3`, expected struct MetaDoc",
                "expected a table, found the whole number `3`",
            ),
            ("missing field `title`", "missing field `title`"),
        ] {
            assert_eq!(plain_words(rust), plain);
        }
        let text = "a = 1\nturns = \"x\"\n";
        assert_eq!(key_before(text, 14), Some("turns"));
        assert_eq!(key_before(text, 0), None);
        assert_eq!(key_before("[x]\n", 1), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        for (text, offset, at) in [
            ("abc", 0, (1, 1)),
            ("a\nbc", 3, (2, 2)),
            ("a\nbc", 2, (2, 1)),
            ("a\n", 2, (2, 1)),
            ("é\nxé=", 6, (2, 3)),
            ("é\nxé=", 5, (2, 2)),
            ("ab", 99, (1, 3)),
        ] {
            assert_eq!(line_column(text, offset), at, "{text:?} {offset}");
            assert_eq!(Lines::new(text).position(offset), at, "{text:?} {offset}");
        }
    }

    #[test]
    fn many_problems_are_cut_to_the_first_ones_and_counted() {
        let text = "x = 1\n".repeat(10);
        let src = Source {
            file: "s.toml",
            text: &text,
        };
        let problems = (0..MAX_SHOWN + 7)
            .map(|i| Problem::new(path!["x"], format!("problem {i}")).hint("fix it"))
            .collect();
        let d = src.locate(problems);
        assert_eq!(d.0.len(), MAX_SHOWN + 1);
        assert_eq!(
            d.0[MAX_SHOWN].message,
            "and 7 more problems, the first of them here"
        );
    }

    #[test]
    fn paths_locate_values_in_arrays_of_tables() {
        let text = "x = 1\n[[front]]\nid = \"a\"\n[[front]]\nid = \"b\"\ntension = 300\n";
        let src = Source {
            file: "s.toml",
            text,
        };
        let d = src.locate(vec![Problem::new(path!["front", 1, "tension"], "too hot")]);
        assert_eq!(d.0[0].to_string(), "s.toml:6:11: error: too hot");
        let missing = src.locate(vec![Problem::new(path!["front", 0, "name"], "missing")]);
        assert_eq!((missing.0[0].line, missing.0[0].column), (2, 1));
    }

    #[test]
    fn what_files_hold_is_shown_without_control_characters() {
        let d = Diagnostic {
            file: "a\u{1b}]0;t\u{7}.toml".into(),
            line: 1,
            column: 2,
            message: "unknown field `\u{1b}[2Jx\ny`".into(),
            hint: Some("use \u{202e}this\u{9b}".into()),
        };
        assert_eq!(
            d.to_string(),
            "a.toml:1:2: error: unknown field `x y`\n  hint: use this"
        );
    }
}
