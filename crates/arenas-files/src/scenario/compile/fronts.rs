//! The fronts of a scenario, and references to them by id.

use super::{Checker, MAX_NAME, MAX_POLYGON, short_name};
use crate::diag::Seg;
use crate::path;
use crate::scenario::doc::ScenarioDoc;
use arenas_core::engine::{Front, MAX_FRONTS};

/// The fronts, checked.
pub(super) fn fronts(c: &mut Checker, doc: &ScenarioDoc) -> Vec<Front> {
    if doc.fronts.is_empty() || doc.fronts.len() > MAX_FRONTS {
        c.problem(
            path!["front"],
            format!("a scenario needs 1–{MAX_FRONTS} fronts"),
            "add `[[front]]` tables",
        );
    }
    // Entries past the most allowed are refused above and not checked one by one.
    let listed = doc.fronts.iter().take(MAX_FRONTS);
    c.unique("front", listed.clone().map(|f| f.id.as_str()));
    listed
        .enumerate()
        .map(|(i, f)| {
            c.id(path!["front", i, "id"], &f.id);
            c.text(path!["front", i, "name"], &f.name, MAX_NAME);
            c.text(path!["front", i, "role"], &f.role, MAX_NAME);
            if f.polygon.len() > MAX_POLYGON || f.polygon.len() == 1 || f.polygon.len() == 2 {
                c.problem(
                    path!["front", i, "polygon"],
                    format!("an outline needs 3–{MAX_POLYGON} points"),
                    "give [latitude, longitude] pairs, or leave the outline out",
                );
            }
            Front {
                id: f.id.clone(),
                name: f.name.clone(),
                short: short_name(c, path!["front", i, "short"], f.short.as_deref(), &f.name),
                role: f.role.clone(),
                kind: f.kind,
                position: (f.position[0], f.position[1]),
                polygon: f.polygon.iter().map(|p| (p[0], p[1])).collect(),
                tension: f.tension,
                diversion: f.diversion,
                us_presence: f.us_presence,
            }
        })
        .collect()
}

/// The index of the front with id `id`, or a problem naming the ids there are.
pub(super) fn front_ref(
    c: &mut Checker,
    path: Vec<Seg>,
    id: &str,
    fronts: &[Front],
) -> Option<usize> {
    let found = fronts.iter().position(|f| f.id == id);
    if found.is_none() {
        c.problem(
            path,
            format!("no front has id `{id}`"),
            super::one_of(fronts.iter().map(|f| f.id.as_str())),
        );
    }
    found
}
