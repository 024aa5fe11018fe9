//! The scenario format's migrations: one step per older format, each filling what the
//! older file lacks from the bundled scenario.

use toml::{Table, Value};

use crate::diag::Problem;
use crate::migrate::{Chain, Step, fill_missing};
use crate::path;

/// Scenario files.
pub const MIGRATIONS: Chain = Chain {
    kind: "scenario",
    current: super::FORMAT,
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

/// The bundled scenario's document, whose coefficients fill what an older file lacks.
fn bundled_table() -> Result<Table, Problem> {
    let bundled = super::BUNDLED
        .iter()
        .find(|b| b.id == super::DEFAULT_ID)
        .map(|b| b.text)
        .unwrap_or_default();
    bundled.parse().map_err(|_| {
        Problem::new(path![], "the bundled scenario cannot be read")
            .hint("this is a defect of this build of Arenas; please report it")
    })
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(MIGRATIONS.upgrade(&mut doc), Ok(2));
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
}
