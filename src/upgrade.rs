//! `arenas scenario upgrade`: rewrites a scenario file of an earlier format in the current
//! one, through the same migration steps the game applies when it reads the file.
//!
//! The steps work on the untyped document; what they change is found by comparing it
//! before and after, and only those keys are edited in the original text (with
//! `toml_edit`), so the author's comments, order and layout are kept. Keys the upgrade adds
//! from the bundled scenario are copied from its text, comments included. The result is
//! checked before anyone writes it: it must load with the normal checker into exactly the
//! document the game builds from the original.

use toml::{Table, Value};
use toml_edit::{DocumentMut, Item, TableLike};

use arenas_files::diag::{Diagnostics, Problem, Seg, Source};
use arenas_files::migrate::Chain;
use arenas_files::scenario::{self, DEFAULT_ID, Loaded, ScenarioDoc};

/// One key the upgrade added, retired or changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A key the original lacks; `bundled` when its value is the bundled scenario's.
    Added {
        path: Vec<Seg>,
        value: Value,
        bundled: bool,
    },
    /// A key of the original the current format no longer has.
    Retired { path: Vec<Seg>, was: Value },
    /// A key whose value changed.
    Set {
        path: Vec<Seg>,
        was: Value,
        now: Value,
    },
}

/// What upgrading one file gives.
#[derive(Debug)]
pub enum Outcome {
    /// The file is in the current format already (and valid): nothing to do.
    Current(Loaded),
    /// The file was upgraded.
    Upgraded(Upgraded),
}

/// An upgraded file, checked.
#[derive(Debug)]
pub struct Upgraded {
    /// The format the file was written in.
    pub written: u32,
    /// What each step applied does, in order.
    pub steps: Vec<&'static str>,
    /// Every key added, retired or changed, in document order.
    pub changes: Vec<Change>,
    /// The text to write.
    pub text: String,
    /// The upgraded scenario, as the game loads it.
    pub loaded: Loaded,
}

/// The chain scenario files follow.
const CHAIN: &Chain = &scenario::MIGRATIONS;

/// Upgrades scenario text; `file` names it in diagnostics. A newer, broken or invalid file
/// gives diagnostics located in the original text.
pub fn upgrade(file: &str, text: &str) -> Result<Outcome, Diagnostics> {
    let src = Source { file, text };
    // The game's own reading: syntax, format (newer ones refused), steps, types, checks.
    let read = CHAIN.read::<ScenarioDoc>(&src)?;
    let compiled = scenario::compile(&read.doc).map_err(|p| src.locate(p))?;
    if read.written >= CHAIN.current {
        return Ok(Outcome::Current(Loaded {
            doc: read.doc.into(),
            scenario: compiled.into(),
        }));
    }
    let defect = |what: &str| {
        src.locate(vec![
            Problem::new(vec![], format!("cannot upgrade this file: {what}")).hint(
                "this is a defect of Arenas, not of the file (which loads as it is); please \
                 report it with the file",
            ),
        ])
    };
    let original: Table = text
        .parse()
        .map_err(|e: toml::de::Error| Diagnostics(vec![src.from_toml(&e)]))?;
    let mut upgraded = original.clone();
    CHAIN
        .upgrade(&mut upgraded)
        .map_err(|p| src.locate(vec![p]))?;
    let bundled_text = scenario::BUNDLED
        .iter()
        .find(|b| b.id == DEFAULT_ID)
        .map_or("", |b| b.text);
    let bundled_table: Table = bundled_text
        .parse()
        .map_err(|_| defect("the bundled scenario cannot be read"))?;
    let bundled_doc: DocumentMut = bundled_text
        .parse()
        .map_err(|_| defect("the bundled scenario cannot be read"))?;

    let mut changes = Vec::new();
    diff_tables(&original, &upgraded, &mut Vec::new(), &mut changes);
    for change in &mut changes {
        if let Change::Added {
            path,
            value,
            bundled,
        } = change
        {
            *bundled = !path.iter().any(|s| matches!(s, Seg::Index(_)))
                && value_at(&bundled_table, path) == Some(&*value);
        }
    }

    order_like_bundled(&mut changes, &bundled_doc);

    let mut doc: DocumentMut = text
        .parse()
        .map_err(|_| defect("toml_edit does not read what toml reads"))?;
    let comments = Comments {
        rungs: rung_names(&bundled_table),
        tracks: tracks_comment(&upgraded),
    };
    for change in &changes {
        apply(&mut doc, &bundled_doc, &comments, change).ok_or_else(|| {
            defect(&format!(
                "`{}` cannot be edited in the text",
                dotted(change.path())
            ))
        })?;
    }
    let new_text = with_header(&doc.to_string(), read.written);

    // The upgraded text must load, in the current format, into the very document the game
    // reads from the original: every text, front, faction, event and week kept.
    let loaded = scenario::parse(file, &new_text).map_err(|d| {
        defect(&format!(
            "the upgraded text does not load: {}",
            d.0.first().map_or("", |d| d.message.as_str())
        ))
    })?;
    if *loaded.doc != read.doc {
        return Err(defect(
            "the upgraded text reads differently from the original",
        ));
    }
    Ok(Outcome::Upgraded(Upgraded {
        written: read.written,
        steps: CHAIN
            .steps
            .iter()
            .filter(|s| s.from >= read.written)
            .map(|s| s.what)
            .collect(),
        changes,
        text: new_text,
        loaded,
    }))
}

impl Change {
    /// Where the change is.
    pub fn path(&self) -> &[Seg] {
        match self {
            Change::Added { path, .. }
            | Change::Retired { path, .. }
            | Change::Set { path, .. } => path,
        }
    }
}

/// A path as people write it: `model.us.base`, `us_rung[2].track`.
pub fn dotted(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Whether an array holds only tables (an array of tables in the file).
fn all_tables(a: &[Value]) -> bool {
    a.iter().all(Value::is_table)
}

fn diff_tables(old: &Table, new: &Table, path: &mut Vec<Seg>, out: &mut Vec<Change>) {
    for (key, was) in old {
        path.push(Seg::Key(key.clone()));
        match new.get(key) {
            None => out.push(Change::Retired {
                path: path.clone(),
                was: was.clone(),
            }),
            Some(now) => diff_values(was, now, path, out),
        }
        path.pop();
    }
    for (key, value) in new {
        if !old.contains_key(key) {
            let mut at = path.clone();
            at.push(Seg::Key(key.clone()));
            out.push(Change::Added {
                path: at,
                value: value.clone(),
                bundled: false,
            });
        }
    }
}

fn diff_values(was: &Value, now: &Value, path: &mut Vec<Seg>, out: &mut Vec<Change>) {
    match (was, now) {
        (Value::Table(a), Value::Table(b)) => diff_tables(a, b, path, out),
        (Value::Array(a), Value::Array(b))
            if a.len() == b.len() && all_tables(a) && all_tables(b) && !a.is_empty() =>
        {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(Seg::Index(i));
                diff_values(x, y, path, out);
                path.pop();
            }
        }
        _ if was != now => out.push(Change::Set {
            path: path.clone(),
            was: was.clone(),
            now: now.clone(),
        }),
        _ => {}
    }
}

fn value_at<'a>(table: &'a Table, path: &[Seg]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let Seg::Key(k) = first else { return None };
    let mut value = table.get(k)?;
    for seg in rest {
        value = match (seg, value) {
            (Seg::Key(k), Value::Table(t)) => t.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// The table at `path` in an edited document, and whether it is an inline one.
fn table_at<'a>(
    t: &'a mut dyn TableLike,
    path: &[Seg],
    inline: bool,
) -> Option<(&'a mut dyn TableLike, bool)> {
    let Some((first, rest)) = path.split_first() else {
        return Some((t, inline));
    };
    let Seg::Key(k) = first else { return None };
    let item = t.get_mut(k)?;
    match rest.split_first() {
        Some((Seg::Index(i), rest)) => match item {
            Item::ArrayOfTables(a) => table_at(a.get_mut(*i)?, rest, false),
            Item::Value(toml_edit::Value::Array(a)) => {
                table_at(a.get_mut(*i)?.as_inline_table_mut()?, rest, true)
            }
            _ => None,
        },
        _ => {
            let inline = inline || item.is_inline_table();
            table_at(item.as_table_like_mut()?, rest, inline)
        }
    }
}

/// The bundled scenario's item and key at a path without indices, for its formatting and
/// comments.
fn bundled_item<'a>(doc: &'a DocumentMut, path: &[Seg]) -> Option<(&'a toml_edit::Key, &'a Item)> {
    let (last, parents) = path.split_last()?;
    let mut table: &dyn TableLike = doc.as_table();
    for seg in parents {
        let Seg::Key(k) = seg else { return None };
        table = table.get(k)?.as_table_like()?;
    }
    let Seg::Key(k) = last else { return None };
    table.get_key_value(k)
}

/// Puts the keys added to one table in the order the bundled scenario gives them, so
/// copied comments stay with the keys they describe.
fn order_like_bundled(changes: &mut [Change], bundled: &DocumentMut) {
    let parent = |c: &Change| match c {
        Change::Added { path, .. } => path.split_last().map(|(_, p)| p.to_vec()),
        _ => None,
    };
    for group in changes.chunk_by_mut(|a, b| parent(a).is_some() && parent(a) == parent(b)) {
        let Some(at) = parent(&group[0]) else {
            continue;
        };
        let mut table: Option<&dyn TableLike> = Some(bundled.as_table());
        for seg in &at {
            table = match seg {
                Seg::Key(k) => table.and_then(|t| t.get(k)).and_then(Item::as_table_like),
                Seg::Index(_) => None,
            };
        }
        let Some(table) = table else { continue };
        let order: Vec<&str> = table.iter().map(|(k, _)| k).collect();
        group.sort_by_key(|c| match c.path().last() {
            Some(Seg::Key(k)) => order.iter().position(|o| o == k).unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
    }
}

/// A value as a `toml_edit` item, written the way the `toml` crate writes it.
fn item_of(value: &Value) -> Option<Item> {
    let mut wrapper = Table::new();
    wrapper.insert("v".into(), value.clone());
    let text = toml::to_string(&wrapper).ok()?;
    let mut doc: DocumentMut = text.parse().ok()?;
    doc.remove("v")
}

/// Forgets where tables sat in the file they came from, so they are written after the
/// tables they are inserted next to.
fn unplace(item: &mut Item) {
    match item {
        Item::Table(t) => {
            t.set_position(None);
            for (_, inner) in t.iter_mut() {
                unplace(inner);
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.set_position(None);
                for (_, inner) in t.iter_mut() {
                    unplace(inner);
                }
            }
        }
        _ => {}
    }
}

/// What the upgrade needs to keep the comments it copies or keeps true of the file.
struct Comments {
    /// The names of the bundled scenario's US rungs, lowercased: a bundled comment that
    /// names them describes the bundled scenario's tracks, not the file's.
    rungs: Vec<String>,
    /// A comment on the file's own tracks, written in place of such a comment.
    tracks: String,
}

/// The lowercased names of a document's US rungs.
fn rung_names(doc: &Table) -> Vec<String> {
    let rungs = doc.get("us_rung").and_then(Value::as_array);
    rungs
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("name").and_then(Value::as_str))
        .map(str::to_lowercase)
        .collect()
}

/// A comment that lists the rungs of each of a document's US tracks.
fn tracks_comment(doc: &Table) -> String {
    let rungs: Vec<&Value> = doc
        .get("us_rung")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let mut out = String::from(
        "# Two tracks. Each rung is on the track `arenas scenario upgrade` gave it by what it\n\
         # does; check them:\n",
    );
    for track in ["forces", "escalation"] {
        let names: Vec<String> = rungs
            .iter()
            .filter(|r| r.get("track").and_then(Value::as_str) == Some(track))
            .filter_map(|r| r.get("name").and_then(Value::as_str))
            .map(arenas_files::text::clean)
            .collect();
        let names = if names.is_empty() {
            "none".to_owned()
        } else {
            names.join("; ")
        };
        out += &format!("# {track}: {names}.\n");
    }
    out
}

/// Replaces `old` with `new` in `text` where it stands as a word of its own.
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(old) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + old.len()..].chars().next();
        out += &rest[..i];
        out += if before.is_some_and(word) || after.is_some_and(word) {
            old
        } else {
            new
        };
        rest = &rest[i + old.len()..];
    }
    out + rest
}

/// A scalar as a comment would name it: text without its quotes.
fn scalar_words(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => Some(v.to_string()),
        _ => None,
    }
}

/// Makes one change in the edited document; `None` when its place cannot be found.
fn apply(
    doc: &mut DocumentMut,
    bundled: &DocumentMut,
    comments: &Comments,
    change: &Change,
) -> Option<()> {
    let (last, parents) = change.path().split_last()?;
    let Seg::Key(key) = last else { return None };
    let (table, inline) = table_at(doc.as_table_mut(), parents, false)?;
    match change {
        Change::Retired { .. } => {
            let was_last = table.iter().last().is_some_and(|(k, _)| k == key);
            let removed = table.remove(key)?;
            // The new last value of an inline table takes over the space before its `}`.
            let space = removed.as_value().and_then(|v| v.decor().suffix()).cloned();
            let last = table.iter_mut().last().and_then(|(_, v)| v.as_value_mut());
            if let (true, true, Some(last), Some(space)) = (inline, was_last, last, space) {
                last.decor_mut().set_suffix(space);
            }
        }
        Change::Set { was, now, .. } => {
            let slot = table.get_mut(key)?;
            let mut item = item_of(now)?;
            unplace(&mut item);
            // A changed scalar keeps the comments and spacing around it; a comment that
            // names the old value names the new one.
            if let (Item::Value(old), Item::Value(new)) = (&*slot, &mut item) {
                *new.decor_mut() = old.decor().clone();
                let comment = new.decor().suffix().and_then(|s| s.as_str());
                if let (Some(comment), Some(was), Some(now)) =
                    (comment, scalar_words(was), scalar_words(now))
                {
                    let comment = replace_word(comment, &was, &now);
                    new.decor_mut().set_suffix(comment);
                }
            }
            *slot = item;
        }
        Change::Added {
            path,
            value,
            bundled: from_bundled,
        } => {
            let copied = from_bundled
                .then(|| bundled_item(bundled, path))
                .flatten()
                .map(|(k, i)| (k.clone(), i.clone()));
            match copied {
                // The bundled key and value with their comments, where the form fits; a
                // comment on the bundled scenario's US rungs gives way to one on the file's.
                Some((mut k, mut item)) if !inline => {
                    let prefix = k.leaf_decor().prefix().and_then(|p| p.as_str());
                    if let Some(prefix) = prefix.map(str::to_lowercase)
                        && comments.rungs.iter().any(|r| prefix.contains(r.as_str()))
                    {
                        k.leaf_decor_mut().set_prefix(comments.tracks.clone());
                    }
                    unplace(&mut item);
                    table.entry_format(&k).or_insert(item);
                }
                _ => {
                    let mut item = item_of(value)?;
                    unplace(&mut item);
                    if inline {
                        item = Item::Value(item.into_value().ok()?);
                    }
                    table.insert(key, item);
                }
            }
        }
    }
    Some(())
}

/// The upgraded text with a comment saying where it came from, after a first `#:schema`
/// line if there is one.
fn with_header(text: &str, written: u32) -> String {
    let header = format!(
        "# Upgraded from format {written} to format {} by `arenas scenario upgrade`. The\n\
         # original's comments and layout are kept; keys the upgrade added come from the\n\
         # bundled scenario `{DEFAULT_ID}`, with its comments.\n",
        CHAIN.current
    );
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#:schema") => {
            format!("{first}\n{header}{rest}")
        }
        _ => format!("{header}{text}"),
    }
}
