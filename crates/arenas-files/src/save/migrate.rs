//! The save format's migrations: a save embeds its scenario, which follows the scenario's
//! own chain; a campaign played under older rules is refused with the release that can
//! open it.

use toml::{Table, Value};

use crate::diag::Problem;
use crate::migrate::{Chain, Step};
use crate::path;
use crate::scenario;

/// Save files, which embed their scenario.
pub const MIGRATIONS: Chain = Chain {
    kind: "save",
    current: super::FORMAT,
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
        Step {
            from: 5,
            what: "nothing to change: format 6 adds the `[room]` of a campaign played by a \
                   room of students",
            apply: save_5_to_6,
        },
    ],
    nested: &[("scenario", &scenario::MIGRATIONS)],
};

/// The release of Arenas that wrote each save format.
const SAVE_RELEASES: &[(u32, &str)] = &[(1, "0.1"), (2, "0.2"), (3, "0.2")];

/// The model of the rules each save format was played under.
const SAVE_MODELS: &[(u32, &str)] = &[(1, "first"), (2, "second"), (3, "second")];

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

fn save_5_to_6(_: &mut Table) -> Result<(), Problem> {
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
    let id = super::CampaignId::derived("old", seed as u64, name);
    doc.insert("campaign".into(), Value::String(id.to_string()));
    Ok(())
}
