//! The markers of the docs: the sources a doc declares, the figures and output blocks that
//! name them, and where each sits in the text.

use std::collections::HashMap;
use std::ops::Range;

/// Where a source's output comes from.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Origin {
    /// Command lines, each as its words: `arenas …`, or `mkdir DIR`.
    Commands(Vec<Vec<String>>),
    /// A TOML or JSON file of the repository.
    File(String),
}

#[derive(Clone, Debug)]
pub(super) struct Source {
    pub(super) origin: Origin,
    pub(super) slow: bool,
    pub(super) line: usize,
}

/// What a marker says is there.
#[derive(Debug)]
pub(super) enum Quoted {
    /// A number: the value at `path` of the output read as data, times `scale`.
    Figure { path: String, scale: f64 },
    /// A fenced block: the output itself.
    Output,
}

#[derive(Debug)]
pub(super) struct Marker {
    pub(super) line: usize,
    pub(super) source: String,
    pub(super) quoted: Quoted,
    /// The bytes of the doc that quote it: the number, or the block's body.
    pub(super) span: Range<usize>,
}

#[derive(Debug, Default)]
pub(super) struct Doc {
    pub(super) sources: HashMap<String, Source>,
    pub(super) markers: Vec<Marker>,
}

pub(super) fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The number that starts `text`: a sign, digits with thousands commas, decimals, a `%`.
pub(super) fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    if text.starts_with('−') {
        i = '−'.len_utf8();
    } else if matches!(bytes.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let digits_from = i;
    while i < bytes.len()
        && (bytes[i].is_ascii_digit()
            || (bytes[i] == b','
                && i > digits_from
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
    {
        i += 1;
    }
    if i == digits_from {
        return 0;
    }
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if bytes.get(i) == Some(&b'%') {
        i += 1;
    }
    i
}

pub(super) fn parse_source(def: &str) -> Result<Origin, String> {
    if let Some(file) = def.strip_prefix("file ") {
        return Ok(Origin::File(file.trim().to_owned()));
    }
    def.split(" && ")
        .map(|command| {
            let words: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
            match words.first().map(String::as_str) {
                Some("arenas") => Ok(words),
                Some("mkdir") if words.len() == 2 => Ok(words),
                _ => Err(format!(
                    "`{command}` is neither an `arenas` command line nor `mkdir DIR`"
                )),
            }
        })
        .collect::<Result<_, _>>()
        .map(Origin::Commands)
}

/// The sources and markers of a doc, or what is wrong with them (`file:line: …`).
pub(super) fn parse(name: &str, text: &str) -> Result<Doc, Vec<String>> {
    let mut doc = Doc::default();
    let mut errors = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        let Some(close) = text[open..].find("-->").map(|i| open + i) else {
            break;
        };
        from = close + 3;
        // A marker quoted in a code span (`<!-- … -->`) is an example, not a marker.
        if text[..open].ends_with('`') {
            continue;
        }
        let line = line_of(text, open);
        let inner = text[open + 4..close].trim();
        let at = |what: String| format!("{name}:{line}: {what}");
        if let Some(defs) = inner.strip_prefix("figure sources") {
            for (i, def) in defs
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let Some((label, def)) = def.split_once(':') else {
                    errors.push(at(format!("`{def}` is not `NAME: SOURCE`")));
                    continue;
                };
                let (slow, label) = match label.trim().strip_prefix("slow ") {
                    Some(label) => (true, label.trim()),
                    None => (false, label.trim()),
                };
                match parse_source(def.trim()) {
                    Ok(origin) => {
                        let source = Source {
                            origin,
                            slow,
                            line: line + i,
                        };
                        if doc.sources.insert(label.to_owned(), source).is_some() {
                            errors.push(at(format!("the source `{label}` is defined twice")));
                        }
                    }
                    Err(e) => errors.push(at(e)),
                }
            }
        } else if let Some(rest) = inner.strip_prefix("figure ") {
            let mut words = rest.split_whitespace();
            let (Some(source), Some(path), None) = (words.next(), words.next(), words.next())
            else {
                errors.push(at(format!("`{inner}` is not `figure SOURCE PATH[*SCALE]`")));
                continue;
            };
            let (path, scale) = match path.split_once('*') {
                Some((path, scale)) => match scale.parse::<f64>() {
                    Ok(scale) => (path, scale),
                    Err(_) => {
                        errors.push(at(format!("`{scale}` is not a scale")));
                        continue;
                    }
                },
                None => (path, 1.0),
            };
            let len = number_len(&text[from..]);
            if len == 0 {
                errors.push(at(format!("`{inner}` is not followed by a number")));
                continue;
            }
            doc.markers.push(Marker {
                line,
                source: source.to_owned(),
                quoted: Quoted::Figure {
                    path: path.to_owned(),
                    scale,
                },
                span: from..from + len,
            });
        } else if let Some(source) = inner.strip_prefix("output ") {
            match fenced_body(text, from) {
                Some(span) => doc.markers.push(Marker {
                    line,
                    source: source.trim().to_owned(),
                    quoted: Quoted::Output,
                    span,
                }),
                None => errors.push(at(format!(
                    "`{inner}` is not followed by a fenced block on the next line"
                ))),
            }
        }
    }
    for marker in &doc.markers {
        if !doc.sources.contains_key(&marker.source) {
            errors.push(format!(
                "{name}:{}: no source `{}` is defined",
                marker.line, marker.source
            ));
        }
    }
    for (label, source) in &doc.sources {
        if !doc.markers.iter().any(|m| &m.source == label) {
            errors.push(format!(
                "{name}:{}: the source `{label}` quotes no figure",
                source.line
            ));
        }
    }
    if errors.is_empty() {
        Ok(doc)
    } else {
        Err(errors)
    }
}

/// The body of the fenced block whose opening fence is the line after `from` (which ends a
/// marker).
pub(super) fn fenced_body(text: &str, from: usize) -> Option<Range<usize>> {
    let rest = text[from..].strip_prefix('\n')?;
    let fence_end = rest.find('\n')?;
    if !rest[..fence_end].starts_with("```") {
        return None;
    }
    let start = from + 1 + fence_end + 1;
    let end = text[start..]
        .match_indices("```")
        .find(|(i, _)| *i == 0 || text.as_bytes()[start + i - 1] == b'\n')
        .map(|(i, _)| start + i)?;
    Some(start..end)
}
