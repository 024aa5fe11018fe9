//! Fitting text to panels without cutting a word: [`fit`] shortens one line at a word
//! boundary with an ellipsis, [`wrap`] breaks styled lines at spaces with a hanging indent,
//! and [`fit_path`] / [`file_name`] shorten paths from the left, keeping the file name.
//! Widths are terminal columns, so wide (CJK, emoji) and zero-width characters line up.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters dropped before an ellipsis, so that `a, b…` reads `a, b…` and not `a,…`.
const BEFORE_ELLIPSIS: &[char] = &[' ', ',', ';', ':', '·', '—', '–', '-', '/', '(', '['];

/// Text fitted to `width` columns: padded with spaces, or shortened with an ellipsis after
/// the last whole word that fits (inside a word only when not even the first word fits).
pub(crate) fn fit(text: &str, width: usize) -> String {
    let mut s = String::with_capacity(text.len() + width);
    let used = if text.width() <= width {
        s.push_str(text);
        text.width()
    } else if width == 0 {
        0
    } else {
        let kept = shortened(text, width - 1);
        s.push_str(kept);
        s.push('…');
        kept.width() + 1
    };
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// As [`fit`], without the padding: `text` itself when it fits.
pub(crate) fn shorten(text: &str, width: usize) -> String {
    fit(text, width).trim_end_matches(' ').to_owned()
}

/// The longest start of `text` that fits `width` columns and ends at a word boundary
/// (less any punctuation before the break), or that fits at all when no boundary does.
fn shortened(text: &str, width: usize) -> &str {
    let mut end = 0;
    let mut used = 0;
    let mut boundary = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        if c == ' ' {
            boundary = Some(i);
        }
        used += w;
        end = i + c.len_utf8();
    }
    // A word that ends where the room does, or whose only part past it is punctuation
    // dropped before the ellipsis anyway (`Arenas:` → `Arenas…`).
    let rest = &text[end..];
    let after = rest.trim_start_matches(|c| c != ' ' && BEFORE_ELLIPSIS.contains(&c));
    if rest.starts_with(' ')
        || (after.len() < rest.len() && (after.is_empty() || after.starts_with(' ')))
    {
        boundary = Some(end);
    }
    let word_end = boundary.map_or("", |b| text[..b].trim_end_matches(BEFORE_ELLIPSIS));
    if word_end.is_empty() {
        &text[..end]
    } else {
        word_end
    }
}

/// The file name at the end of a path as the player is told it (`/a/b/c.toml` → `c.toml`).
pub(crate) fn file_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches(['/', '\\']);
    trimmed
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(path)
}

/// A path fitted to `width` columns: whole if it fits, else `…/` and as many of its last
/// components as fit; padded with spaces.
pub(crate) fn fit_path(path: &str, width: usize) -> String {
    if path.width() <= width {
        return fit(path, width);
    }
    let mut start = None;
    for (i, c) in path.char_indices().rev() {
        if matches!(c, '/' | '\\') && path[i..].width() < width {
            start = Some(i);
        }
    }
    match start {
        Some(i) => fit(&format!("…{}", &path[i..]), width),
        None => fit(file_name(path), width),
    }
}

/// A styled line broken at spaces into lines of at most `width` columns; lines after the
/// first start with `indent` spaces (a hanging indent). Spaces at a break are dropped; a
/// word wider than a line is broken (the only break inside a word). The line's own style
/// carries over to every piece.
pub(crate) fn wrap(line: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = indent.min(width.saturating_sub(1));
    let mut out = Wrapped::new(width, line.style);
    // The current word and the spaces before it, as (char, style).
    let mut word: Vec<(char, Style)> = Vec::new();
    let mut gap: Vec<(char, Style)> = Vec::new();
    for span in &line.spans {
        for c in span.content.chars() {
            if c == ' ' {
                if !word.is_empty() {
                    out.word(&gap, &word, indent);
                    gap.clear();
                    word.clear();
                }
                gap.push((c, span.style));
            } else {
                word.push((c, span.style));
            }
        }
    }
    out.word(&gap, &word, indent);
    out.finish()
}

/// Lines being filled by [`wrap`].
struct Wrapped {
    width: usize,
    style: Style,
    lines: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    /// The text of the span being filled, and its style.
    run: (String, Style),
    used: usize,
    /// Whether the line holds a word (not only spaces).
    has_word: bool,
}

impl Wrapped {
    fn new(width: usize, style: Style) -> Wrapped {
        Wrapped {
            width,
            style,
            lines: Vec::new(),
            spans: Vec::new(),
            run: (String::new(), Style::new()),
            used: 0,
            has_word: false,
        }
    }

    fn push(&mut self, c: char, style: Style) {
        if style != self.run.1 && !self.run.0.is_empty() {
            let text = std::mem::take(&mut self.run.0);
            self.spans.push(Span::styled(text, self.run.1));
        }
        self.run.1 = style;
        self.run.0.push(c);
        self.used += c.width().unwrap_or(0);
    }

    fn break_line(&mut self, indent: usize) {
        if !self.run.0.is_empty() {
            let text = std::mem::take(&mut self.run.0);
            self.spans.push(Span::styled(text, self.run.1));
        }
        let spans = std::mem::take(&mut self.spans);
        self.lines.push(Line::from(spans).style(self.style));
        self.used = 0;
        self.has_word = false;
        for _ in 0..indent {
            self.push(' ', Style::new());
        }
    }

    /// Adds `word` after the spaces `gap`, on a new line when it does not fit.
    fn word(&mut self, gap: &[(char, Style)], word: &[(char, Style)], indent: usize) {
        let width =
            |s: &[(char, Style)]| -> usize { s.iter().map(|(c, _)| c.width().unwrap_or(0)).sum() };
        let (gw, ww) = (width(gap), width(word));
        if self.has_word && self.used + gw + ww > self.width {
            self.break_line(indent);
        } else {
            for &(c, style) in gap {
                if self.used + c.width().unwrap_or(0) > self.width {
                    break;
                }
                self.push(c, style);
            }
        }
        for &(c, style) in word {
            let w = c.width().unwrap_or(0);
            if self.used + w > self.width && self.used > indent {
                self.break_line(indent);
            }
            self.push(c, style);
        }
        self.has_word |= !word.is_empty();
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        if !self.run.0.is_empty() || !self.spans.is_empty() || self.lines.is_empty() {
            self.break_line(0);
        }
        self.lines
    }
}

/// Every one of `lines` wrapped to `width` with a hanging `indent`.
pub(crate) fn wrapped_all(lines: &[Line<'_>], width: usize, indent: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap(l, width, indent)).collect()
}

/// Every one of `lines` wrapped to `width`; a line of a label and its text (more than one
/// span) hangs its continuation lines under the text, after the first span.
pub(crate) fn wrapped_labelled(lines: &[Line<'_>], width: usize) -> Vec<Line<'static>> {
    lines
        .iter()
        .flat_map(|l| {
            let indent = match l.spans.as_slice() {
                [label, _, ..] => label.width(),
                _ => 0,
            };
            wrap(l, width, indent)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn fitting_counts_terminal_columns_and_keeps_whole_words() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("班级三", 6), "班级三");
        assert_eq!(fit("班级三四", 6), "班级… ");
        assert_eq!(fit("a\u{200b}b", 3), "a\u{200b}b ");
        for (text, width) in [("😀😀😀", 5), ("é班x", 2), ("", 0), ("abc", 0)] {
            assert_eq!(fit(text, width).width(), width, "{text:?} in {width}");
        }
        assert_eq!(fit("+0.5 pts (noise)", 12), "+0.5 pts…   ");
        assert_eq!(
            fit("Unification of the Arenas: Gaza", 28),
            "Unification of the Arenas…  "
        );
        assert_eq!(fit("is an existential threat", 19), "is an existential… ");
        assert_eq!(fit("one two", 4), "one…");
        // Punctuation past the room, dropped before an ellipsis anyway, leaves the word whole.
        assert_eq!(
            fit("Unification of the Arenas: Gaza", 26),
            "Unification of the Arenas…"
        );
        assert_eq!(fit("well-known fact", 5), "well…");
    }

    #[test]
    fn paths_keep_their_file_name() {
        assert_eq!(file_name("/home/a/saves/class-a.toml"), "class-a.toml");
        assert_eq!(file_name("C:\\saves\\b.toml"), "b.toml");
        assert_eq!(file_name("memory"), "memory");
        assert_eq!(file_name("/saves/"), "saves");
        assert_eq!(fit_path("/home/a/saves", 20), "/home/a/saves       ");
        assert_eq!(
            fit_path("/home/student/.local/share/arenas/saves", 20),
            "…/share/arenas/saves"
        );
        assert_eq!(
            fit_path("/home/student/.local/share/arenas/saves", 19),
            "…/arenas/saves     "
        );
        assert_eq!(fit_path("/x/a-very-long-folder-name", 10), "a-very-lo…");
    }

    #[test]
    fn wrapping_breaks_at_spaces_with_a_hanging_indent() {
        let line = Line::from(vec![
            Span::raw("  9 Oct "),
            Span::styled(
                "Tehran praises the attack and denies involvement",
                Style::new().bold(),
            ),
        ]);
        let lines = wrap(&line, 30, 8);
        assert_eq!(
            texts(&lines),
            [
                "  9 Oct Tehran praises the",
                "        attack and denies",
                "        involvement"
            ]
        );
        assert!(lines.iter().all(|l| l.width() <= 30));
        assert_eq!(lines[1].spans[1].style, Style::new().bold());
        // A word wider than the line is the only one broken.
        assert_eq!(
            texts(&wrap(&Line::raw("ab abcdefgh"), 4, 1)),
            ["ab", " abc", " def", " gh"]
        );
        assert_eq!(texts(&wrap(&Line::raw(""), 10, 2)), [""]);
        assert_eq!(texts(&wrap(&Line::raw("fits   "), 10, 2)), ["fits   "]);
        assert_eq!(texts(&wrap(&Line::raw("班级三四"), 5, 0)), ["班级", "三四"]);
    }
}
