//! Format migrations: a file written by an older Arenas is read through explicit steps,
//! format N−1 → N, up to the format this version reads, so a new model can change the
//! rules without stranding authors' scenarios or students' saves.
//!
//! A step works on the TOML document before it is typed, and says what it changes. A file
//! already in the current format is read straight from its text, so every diagnostic keeps
//! its line and column; a migrated file is read from the upgraded document.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};
use toml::{Table, Value};

use crate::diag::{Diagnostics, Problem, Source};
use crate::path;

/// One step: turns a document of format `from` into format `from + 1`.
pub struct Step {
    pub from: u32,
    /// What the step changes, for people.
    pub what: &'static str,
    pub apply: fn(&mut Table) -> Result<(), Problem>,
}

/// The formats of one kind of file and the steps between them.
pub struct Chain {
    /// What the file is, for messages ("scenario", "save").
    pub kind: &'static str,
    /// The format this version reads and writes.
    pub current: u32,
    /// One step per older format, in order.
    pub steps: &'static [Step],
    /// Documents embedded under a key that follow a chain of their own.
    pub nested: &'static [(&'static str, &'static Chain)],
}

/// A document read through a chain.
pub struct Read<T> {
    pub doc: T,
    /// The format the file was written in.
    pub written: u32,
}

impl Chain {
    /// The problem of a file written in a newer format than this version reads.
    pub fn newer(&self, format: i64) -> Problem {
        Problem::new(
            path!["format"],
            format!(
                "this {} uses format {format}, made by a newer version of Arenas (this one reads up to {})",
                self.kind, self.current
            ),
        )
        .hint("update Arenas to open it")
    }

    /// The format a document says it has, if it says one.
    fn format_of(doc: &Table) -> Option<i64> {
        doc.get("format").and_then(Value::as_integer)
    }

    /// Upgrades a document in place to the current format, nested documents included, and
    /// returns the format it was written in.
    pub fn upgrade(&self, doc: &mut Table) -> Result<u32, Problem> {
        let written = match Chain::format_of(doc) {
            Some(f) if f > i64::from(self.current) => return Err(self.newer(f)),
            Some(f) if f >= 1 => f as u32,
            // A missing or impossible format is left for the typed checks to report.
            _ => return Ok(self.current),
        };
        for step in self.steps.iter().filter(|s| s.from >= written) {
            (step.apply)(doc)?;
            doc.insert("format".into(), Value::Integer(i64::from(step.from) + 1));
        }
        for (key, chain) in self.nested {
            if let Some(Value::Table(inner)) = doc.get_mut(*key) {
                chain.upgrade(inner).map_err(|mut p| {
                    p.path.insert(0, (*key).into());
                    p
                })?;
            }
        }
        Ok(written)
    }

    /// Whether a document needs a step to reach the current format, or embeds a document
    /// of another format than its chain's current one (older to upgrade, newer to refuse).
    /// Read from the untyped parse, where integers of any size are still text.
    fn needs_upgrade(&self, doc: &DeTable<'_>) -> bool {
        peek_format(doc).is_some_and(|f| f >= 1 && f < i64::from(self.current))
            || self.nested.iter().any(|(key, chain)| {
                let inner = doc.iter().find(|(k, _)| k.get_ref() == key);
                inner.is_some_and(|(_, v)| match v.get_ref() {
                    DeValue::Table(inner) => {
                        chain.needs_upgrade(inner)
                            || peek_format(inner).is_some_and(|f| f > i64::from(chain.current))
                    }
                    _ => false,
                })
            })
    }

    /// Reads a file of this kind: syntax, then the format (a newer one is refused before
    /// anything else is judged), then the steps, then the typed document.
    pub fn read<T: DeserializeOwned>(&self, src: &Source) -> Result<Read<T>, Diagnostics> {
        let syntax = |e: toml::de::Error| Diagnostics(vec![src.from_toml(&e)]);
        let root = DeTable::parse(src.text).map_err(syntax)?;
        if !self.needs_upgrade(root.get_ref()) {
            let format = peek_format(root.get_ref());
            if let Some(f) = format
                && f > i64::from(self.current)
            {
                return Err(src.locate(vec![self.newer(f)]));
            }
            let written = format.map_or(self.current, |f| f as u32);
            // Typed from the parse already made: large files are parsed once.
            let doc = T::deserialize(toml::de::Deserializer::from(root)).map_err(syntax)?;
            return Ok(Read { doc, written });
        }
        let mut table: Table = src.text.parse().map_err(syntax)?;
        let written = self.upgrade(&mut table).map_err(|p| src.locate(vec![p]))?;
        let doc = T::deserialize(table.clone()).map_err(|e| {
            src.locate(vec![
                Problem::new(
                    typed_error_path::<T>(&table),
                    format!(
                        "after upgrading this {} from format {written}: {}",
                        self.kind,
                        e.message().trim()
                    ),
                )
                .hint("fix the field this message names; the rest of the file was upgraded"),
            ])
        })?;
        Ok(Read { doc, written })
    }
}

/// Where in an upgraded document its typed reading fails, found by writing the document
/// out and reading it back with positions; the same path then locates the problem in the
/// original file, which has every key the upgrade did not add.
fn typed_error_path<T: DeserializeOwned>(table: &Table) -> Vec<crate::diag::Seg> {
    let found = || {
        let text = toml::to_string(table).ok()?;
        let offset = toml::from_str::<T>(&text).err()?.span()?.start;
        let root = DeTable::parse(&text).ok()?;
        let mut path = Vec::new();
        find_offset(root.get_ref(), offset, &mut path).then_some(path)
    };
    found().unwrap_or_default()
}

/// Fills `path` with the way to the deepest value of `table` whose span holds `offset`.
fn find_offset(table: &DeTable<'_>, offset: usize, path: &mut Vec<crate::diag::Seg>) -> bool {
    table.iter().any(|(key, value)| {
        path.push(crate::diag::Seg::Key(key.get_ref().to_string()));
        let found = key.span().contains(&offset) || value_holds(value, offset, path);
        if !found {
            path.pop();
        }
        found
    })
}

fn value_holds(
    value: &toml::Spanned<DeValue<'_>>,
    offset: usize,
    path: &mut Vec<crate::diag::Seg>,
) -> bool {
    match value.get_ref() {
        DeValue::Table(t) => find_offset(t, offset, path) || value.span().contains(&offset),
        DeValue::Array(items) => {
            items.iter().enumerate().any(|(i, item)| {
                path.push(crate::diag::Seg::Index(i));
                let found = value_holds(item, offset, path);
                if !found {
                    path.pop();
                }
                found
            }) || value.span().contains(&offset)
        }
        _ => value.span().contains(&offset),
    }
}

/// The `format` number of an untyped document, if it has a whole number there.
fn peek_format(doc: &DeTable<'_>) -> Option<i64> {
    let (_, value) = doc.iter().find(|(k, _)| k.get_ref() == "format")?;
    match value.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok(),
        _ => None,
    }
}

/// Copies into `to` every key of `from` that `to` lacks, table by table.
pub(crate) fn fill_missing(to: &mut Table, from: &Table) {
    for (key, value) in from {
        match (to.get_mut(key), value) {
            (Some(Value::Table(inner)), Value::Table(defaults)) => fill_missing(inner, defaults),
            (Some(_), _) => {}
            (None, _) => {
                to.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename_rate(doc: &mut Table) -> Result<(), Problem> {
        if let Some(v) = doc.remove("rate") {
            doc.insert("speed".into(), v);
        }
        Ok(())
    }

    fn add_limit(doc: &mut Table) -> Result<(), Problem> {
        doc.entry("limit").or_insert(Value::Integer(10));
        Ok(())
    }

    const INNER: Chain = Chain {
        kind: "inner",
        current: 3,
        steps: &[
            Step {
                from: 1,
                what: "rate is now speed",
                apply: rename_rate,
            },
            Step {
                from: 2,
                what: "a limit, 10 by default",
                apply: add_limit,
            },
        ],
        nested: &[],
    };

    const OUTER: Chain = Chain {
        kind: "outer",
        current: 1,
        steps: &[],
        nested: &[("inner", &INNER)],
    };

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        format: u32,
        speed: i64,
        limit: i64,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        format: u32,
        inner: Doc,
    }

    fn read<T: DeserializeOwned>(chain: &Chain, text: &str) -> Result<Read<T>, Diagnostics> {
        chain.read(&Source {
            file: "f.toml",
            text,
        })
    }

    #[test]
    fn every_step_from_the_written_format_runs_in_order() {
        let r: Read<Doc> = read(&INNER, "format = 1\nrate = 4\n").expect("upgrades");
        assert_eq!(r.written, 1);
        assert_eq!(
            r.doc,
            Doc {
                format: 3,
                speed: 4,
                limit: 10
            }
        );
        let r: Read<Doc> = read(&INNER, "format = 2\nspeed = 4\nlimit = 2\n").expect("upgrades");
        assert_eq!((r.written, r.doc.limit), (2, 2));
    }

    #[test]
    fn a_current_file_is_read_from_its_text_with_located_errors() {
        let r: Read<Doc> = read(&INNER, "format = 3\nspeed = 4\nlimit = 2\n").expect("reads");
        assert_eq!(r.written, 3);
        let e = read::<Doc>(&INNER, "format = 3\nspeed = 4\nlimit = \"x\"\n")
            .err()
            .expect("refused");
        assert_eq!(e.0[0].line, 3, "{e}");
    }

    #[test]
    fn a_newer_file_is_refused_as_such() {
        let e = read::<Doc>(&INNER, "format = 9\nwhatever = true\n")
            .err()
            .expect("refused");
        assert!(e.to_string().contains("this inner uses format 9"), "{e}");
    }

    #[test]
    fn embedded_documents_follow_their_own_chain() {
        let r: Read<Outer> =
            read(&OUTER, "format = 1\n[inner]\nformat = 1\nrate = 5\n").expect("upgrades");
        assert_eq!(r.doc.inner.speed, 5);
        assert_eq!(r.doc.inner.format, 3);
        let e = read::<Outer>(&OUTER, "format = 1\n[inner]\nformat = 8\n")
            .err()
            .expect("refused");
        assert!(e.to_string().contains("inner uses format 8"), "{e}");
    }

    #[test]
    fn a_step_says_what_it_changes() {
        assert!(INNER.steps.iter().all(|s| !s.what.is_empty()));
        assert_eq!(
            INNER.steps.iter().map(|s| s.from).collect::<Vec<_>>(),
            (1..INNER.current).collect::<Vec<_>>(),
            "one step per older format"
        );
    }
}
