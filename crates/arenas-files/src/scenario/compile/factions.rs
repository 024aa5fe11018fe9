//! The factions of a scenario: tiers, home fronts, the fronts and tasks each may take.

use super::fronts::front_ref;
use super::{Checker, MAX_NAME, short_name};
use crate::path;
use crate::scenario::doc::{FactionDoc, FrontsDoc, ScenarioDoc, TierDoc};
use arenas_core::engine::{Faction, Front, FrontSet, MAX_FACTIONS, MAX_FRONTS, Task};

/// The factions, checked against the fronts.
pub(super) fn factions(c: &mut Checker, doc: &ScenarioDoc, fronts: &[Front]) -> Vec<Faction> {
    if doc.factions.is_empty() || doc.factions.len() > MAX_FACTIONS {
        c.problem(
            path!["faction"],
            format!("a scenario needs 1–{MAX_FACTIONS} factions"),
            "add `[[faction]]` tables",
        );
    }
    // Entries past the most allowed are refused above and not checked one by one.
    let listed = doc.factions.iter().take(MAX_FACTIONS);
    c.unique("faction", listed.clone().map(|f| f.id.as_str()));
    listed
        .enumerate()
        .map(|(i, f)| faction(c, i, f, fronts))
        .collect()
}

fn faction(c: &mut Checker, i: usize, f: &FactionDoc, fronts: &[Front]) -> Faction {
    c.id(path!["faction", i, "id"], &f.id);
    c.text(path!["faction", i, "name"], &f.name, MAX_NAME);
    let tier = match f.tier {
        TierDoc::Patron => None,
        TierDoc::Level(n @ 1..=3) => Some(n as u8),
        TierDoc::Level(n) => {
            c.problem(
                path!["faction", i, "tier"],
                format!("tier {n} does not exist"),
                "use 1, 2, 3 or \"patron\"",
            );
            Some(3)
        }
    };
    let home = f
        .home
        .as_deref()
        .and_then(|h| front_ref(c, path!["faction", i, "home"], h, fronts));
    if f.home.is_none() && tier.is_some() {
        c.problem(
            path!["faction", i],
            format!("member `{}` has no home front", f.id),
            "add `home = \"<front id>\"` (only the patron may go without)",
        );
    }
    let set = match &f.fronts {
        FrontsDoc::Any => FrontSet::Any,
        FrontsDoc::Only(ids) => {
            if ids.is_empty() || ids.len() > MAX_FRONTS {
                c.problem(
                    path!["faction", i, "fronts"],
                    "list 1 or more fronts",
                    "list front ids, or write \"any\"",
                );
            }
            let list: Vec<usize> = ids
                .iter()
                .enumerate()
                .take(MAX_FRONTS)
                .filter_map(|(j, id)| front_ref(c, path!["faction", i, "fronts", j], id, fronts))
                .collect();
            if let Some(h) = home
                && !list.contains(&h)
            {
                c.problem(
                    path!["faction", i, "fronts"],
                    "the home front must be among the fronts a member may act on",
                    "add the home front to the list",
                );
            }
            FrontSet::Only(list)
        }
    };
    let mut tasks = Vec::new();
    for (j, &t) in f.tasks.iter().enumerate().take(Task::ALL.len() + 1) {
        if t == Task::Hold {
            c.problem(
                path!["faction", i, "tasks", j],
                "hold is always allowed and is not listed",
                "remove `hold`",
            );
        } else if tasks.contains(&t) {
            c.problem(
                path!["faction", i, "tasks", j],
                format!("task `{}` is listed twice", t.id()),
                "list each task once",
            );
        } else {
            tasks.push(t);
        }
    }
    Faction {
        id: f.id.clone(),
        name: f.name.clone(),
        short: short_name(c, path!["faction", i, "short"], f.short.as_deref(), &f.name),
        tier,
        home,
        fronts: set,
        tasks,
        autonomy: f.autonomy,
        public_link: f.public_link,
        capacity: f.capacity,
        domestic_constraint: f.domestic_constraint,
        us_watch: f.us_watch,
        plural: f.plural,
    }
}
