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

/// Scenario files.
pub const SCENARIO: Chain = Chain {
    kind: "scenario",
    current: crate::scenario::FORMAT,
    steps: &[
        Step {
            from: 1,
            what: "model 2: US pressure on Israel, two US tracks, retaliation, autonomy, the \
                   patron, the siege and the fortunes of war; new coefficients from the \
                   bundled scenario, `us.base` and `draws.ceasefire_floor` retired; each US \
                   rung on a track by what it does (strikes on the patron or on the member \
                   the US watches most closely, and the last rung, on the escalation track; \
                   the others on the forces track); `claim = \"claimed\"` dropped from the \
                   orders of members whose acts are always traced (the patron), which may \
                   not claim",
            apply: scenario_1_to_2,
        },
        Step {
            from: 2,
            what: "model 3: ambiguity shields deniable acts, less when they are large or \
                   repeated (`ambiguity.shield`, `claims`, `scale`, `learning`), large acts \
                   push the ladder harder (`escalation.size`), acts traced to Tehran weigh on \
                   the escalation track (`us.traced`), Israel adapts to \
                   patterns and the other fronts support the focus front's own fight \
                   (`capacity.adaptation`, `centre`), a large act on the focus front widens \
                   the operation (`capacity.provocation`), `retaliation.concentration` and \
                   `focus`, a US drawn in presses Israel less (`us_pressure.engaged`), only \
                   escalation pinned on the axis lowers international pressure; the \
                   bonuses of `us_pressure` (`concentrated`, `open`, `high`, `traced`, \
                   `claimed`) retired; new coefficients from the bundled scenario",
            apply: scenario_2_to_3,
        },
        Step {
            from: 3,
            what: "the gauge `us_intervention` (the chance of a US step that turn) becomes \
                   `us_entry` (the chance the US enters the war by the campaign's end); \
                   thresholds on it keep their numbers, so check their sense",
            apply: scenario_3_to_4,
        },
    ],
    nested: &[],
};

/// Save files, which embed their scenario.
pub const SAVE: Chain = Chain {
    kind: "save",
    current: crate::save::FORMAT,
    steps: &[
        Step {
            from: 1,
            what: "none possible: a campaign replays only under the rules that made it",
            apply: save_1_to_2,
        },
        Step {
            from: 2,
            what: "a campaign id derived from the seed and name; the save stays unsealed, so \
                   edits outside its orders cannot be detected",
            apply: save_2_to_3,
        },
        Step {
            from: 3,
            what: "none possible: a campaign replays only under the rules that made it",
            apply: save_3_to_4,
        },
        Step {
            from: 4,
            what: "the US meter `us_intervention` (the chance of a US step that turn) becomes \
                   `us_entry` (the chance the US enters the war by the campaign's end), taken \
                   from the replay",
            apply: save_4_to_5,
        },
    ],
    nested: &[("scenario", &SCENARIO)],
};

/// The release of Arenas that wrote each save format.
const SAVE_RELEASES: &[(u32, &str)] = &[(1, "0.1"), (2, "0.2"), (3, "0.2")];

/// The model of the rules each save format was played under.
const SAVE_MODELS: &[(u32, &str)] = &[(1, "first"), (2, "second"), (3, "second")];

/// The bundled scenario's document, whose coefficients fill what an older file lacks.
fn bundled_table() -> Result<Table, Problem> {
    let bundled = crate::scenario::BUNDLED
        .iter()
        .find(|b| b.id == crate::scenario::DEFAULT_ID)
        .map(|b| b.text)
        .unwrap_or_default();
    bundled.parse().map_err(|_| {
        Problem::new(path![], "the bundled scenario cannot be read")
            .hint("this is a defect of this build of Arenas; please report it")
    })
}

/// Copies into `to` every key of `from` that `to` lacks, table by table.
fn fill_missing(to: &mut Table, from: &Table) {
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

fn scenario_1_to_2(doc: &mut Table) -> Result<(), Problem> {
    let defaults = bundled_table()?;
    if let Some(Value::Table(model)) = doc.get_mut("model") {
        if let Some(Value::Table(us)) = model.get_mut("us") {
            us.remove("base");
        }
        if let Some(Value::Table(draws)) = model.get_mut("draws") {
            draws.remove("ceasefire_floor");
        }
        if let Some(Value::Table(bundled)) = defaults.get("model") {
            fill_missing(model, bundled);
        }
    }
    if let (Some(Value::Table(initial)), Some(Value::Table(bundled))) =
        (doc.get_mut("initial"), defaults.get("initial"))
    {
        fill_missing(initial, bundled);
    }
    let factions: Vec<&Table> = match doc.get("faction") {
        Some(Value::Array(factions)) => factions.iter().filter_map(Value::as_table).collect(),
        _ => Vec::new(),
    };
    let watched = watched_factions(&factions);
    let traced: Vec<String> = factions
        .iter()
        .filter(|f| is_patron(f) || f.get("public_link").and_then(as_number) >= Some(1.0))
        .filter_map(|f| f.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    if let Some(Value::Array(rungs)) = doc.get_mut("us_rung") {
        let n = rungs.len();
        for (i, rung) in rungs.iter_mut().enumerate() {
            if let Value::Table(rung) = rung {
                let track = us_track(rung, i + 1 == n, &watched);
                rung.entry("track").or_insert(Value::String(track.into()));
            }
        }
    }
    if let Some(Value::Array(weeks)) = doc.get_mut("week") {
        let orders = weeks
            .iter_mut()
            .filter_map(|w| match w.get_mut("orders") {
                Some(Value::Array(orders)) => Some(orders),
                _ => None,
            })
            .flatten()
            .filter_map(Value::as_table_mut);
        for order in orders {
            let by_traced = order
                .get("faction")
                .and_then(Value::as_str)
                .is_some_and(|f| traced.iter().any(|t| t == f));
            if by_traced && order.get("claim").and_then(Value::as_str) == Some("claimed") {
                order.remove("claim");
            }
        }
    }
    Ok(())
}

fn as_number(v: &Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

fn is_patron(faction: &Table) -> bool {
    faction.get("tier").and_then(Value::as_str) == Some("patron")
}

/// The ids of the factions whose harm is escalation in the outside power's eyes: the
/// patron, and the members it watches most closely (the highest `us_watch`).
fn watched_factions(factions: &[&Table]) -> Vec<String> {
    let watch = |f: &Table| f.get("us_watch").and_then(as_number).unwrap_or(0.0);
    let members = factions.iter().filter(|f| !is_patron(f));
    let closest = members.clone().map(|f| watch(f)).fold(f64::NAN, f64::max);
    factions
        .iter()
        .filter(|f| is_patron(f) || (closest > 0.0 && watch(f) >= closest))
        .filter_map(|f| f.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// The track a format-1 US rung belongs on, by what it does: strikes on a watched faction
/// answer escalation, and so does the last rung, which ended a format-1 campaign as a
/// direct confrontation; warnings and strikes on other members answer harm to US forces.
fn us_track(rung: &Table, last: bool, watched: &[String]) -> &'static str {
    let strikes_watched = rung
        .get("effects")
        .and_then(|e| e.get("capacity"))
        .and_then(Value::as_table)
        .is_some_and(|hit| hit.keys().any(|f| watched.contains(f)));
    if strikes_watched || last {
        "escalation"
    } else {
        "forces"
    }
}

fn scenario_2_to_3(doc: &mut Table) -> Result<(), Problem> {
    let defaults = bundled_table()?;
    if let Some(Value::Table(model)) = doc.get_mut("model") {
        if let Some(Value::Table(pressure)) = model.get_mut("us_pressure") {
            for retired in ["concentrated", "open", "high", "traced", "claimed"] {
                pressure.remove(retired);
            }
        }
        if let Some(Value::Table(bundled)) = defaults.get("model") {
            fill_missing(model, bundled);
        }
    }
    Ok(())
}

fn scenario_3_to_4(doc: &mut Table) -> Result<(), Problem> {
    let Some(Value::Array(events)) = doc.get_mut("event") else {
        return Ok(());
    };
    let conditions = events
        .iter_mut()
        .filter_map(|e| match e.get_mut("when") {
            Some(Value::Array(when)) => Some(when),
            _ => None,
        })
        .flatten();
    for condition in conditions {
        if let Some(gauge) = condition.get_mut("gauge")
            && gauge.as_str() == Some("us_intervention")
        {
            *gauge = Value::String("us_entry".into());
        }
    }
    Ok(())
}

/// The refusal of a save whose campaign was played under an older model of the rules.
fn older_model(format: u32) -> Problem {
    let release = SAVE_RELEASES
        .iter()
        .find(|(f, _)| *f == format)
        .map_or("an earlier release", |(_, r)| r);
    let model = SAVE_MODELS
        .iter()
        .find(|(f, _)| *f == format)
        .map_or("an earlier", |(_, m)| m);
    Problem::new(
        path!["format"],
        format!(
            "this save was made by Arenas {release} under the {model} model of the rules; \
             this version plays the third model, and a campaign replays only under the rules \
             that made it"
        ),
    )
    .hint(format!(
        "open it with Arenas {release}, or start a new campaign from its scenario"
    ))
}

fn save_1_to_2(_: &mut Table) -> Result<(), Problem> {
    Err(older_model(1))
}

fn save_3_to_4(_: &mut Table) -> Result<(), Problem> {
    Err(older_model(3))
}

fn save_4_to_5(doc: &mut Table) -> Result<(), Problem> {
    if let Some(Value::Table(state)) = doc.get_mut("state")
        && let Some(v) = state.remove("us_intervention")
    {
        state.insert("us_entry".into(), v);
    }
    Ok(())
}

fn save_2_to_3(doc: &mut Table) -> Result<(), Problem> {
    // Seals and campaign ids came with format 3: a format 2 file holding them was edited.
    if let Some(key) = ["seal", "campaign"]
        .into_iter()
        .find(|k| doc.contains_key(*k))
    {
        return Err(Problem::new(
            path![key],
            format!("a format 2 save has no `{key}`; this file was changed after Arenas wrote it"),
        )
        .hint("use an unedited copy"));
    }
    let seed = doc.get("seed").and_then(Value::as_integer).unwrap_or(0);
    let name = doc.get("name").and_then(Value::as_str).unwrap_or("");
    let id = crate::save::CampaignId::derived("old", seed as u64, name);
    doc.insert("campaign".into(), Value::String(id.to_string()));
    Ok(())
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
    fn the_model_3_step_retires_the_us_pressure_bonuses_and_fills_from_the_bundled_scenario() {
        let mut doc: Table = "format = 2\n\
             [model.us_pressure]\n\
             sustain = { weight = 2.5, principle = \"deterrence\" }\n\
             concentrated = 0.3\n\
             open = { weight = 12.0, principle = \"us_red_line\" }\n\
             high = { weight = 4.0, principle = \"deterrence\" }\n\
             traced = { weight = 3.0, principle = \"ambiguity\" }\n\
             claimed = { weight = 1.5, principle = \"ambiguity\" }\n\
             [model.ambiguity]\n\
             baseline = 12.0\n"
            .parse()
            .expect("TOML");
        assert_eq!(SCENARIO.upgrade(&mut doc), Ok(2));
        let bundled = bundled_table().expect("the bundled scenario");
        let model = |t: &Table, table: &str| t["model"][table].as_table().cloned();
        let pressure = model(&doc, "us_pressure").expect("kept");
        for retired in ["concentrated", "open", "high", "traced", "claimed"] {
            assert!(!pressure.contains_key(retired), "{retired}");
        }
        assert_eq!(
            pressure["sustain"]["weight"].as_float(),
            Some(2.5),
            "its own"
        );
        assert_eq!(
            pressure.get("decay"),
            model(&bundled, "us_pressure")
                .expect("bundled")
                .get("decay")
        );
        let ambiguity = model(&doc, "ambiguity").expect("kept");
        assert_eq!(ambiguity["baseline"].as_float(), Some(12.0), "its own");
        for new in ["shield", "claims", "scale", "learning"] {
            assert_eq!(
                ambiguity.get(new),
                model(&bundled, "ambiguity").expect("bundled").get(new),
                "{new}"
            );
        }
        assert_eq!(
            doc["format"].as_integer(),
            Some(i64::from(crate::scenario::FORMAT))
        );
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
