//! Which saves a class summary counts: one per campaign (the furthest played of each), the
//! files left out with the reason, and the handout the campaigns began from.

use arenas_core::engine::{Scenario, State};
use arenas_files::save::Saved;
use arenas_files::text::clean;
use arenas_sim::forecast::Start;

/// The state a class's campaigns all began from, after the weeks an instructor prepared.
#[derive(Clone, Debug, PartialEq)]
pub struct Handout {
    /// Weeks prepared.
    pub prepared: u16,
    /// The state at the orders phase of the first week the players played.
    pub state: State,
}

impl Handout {
    /// The handout the saves all began from: each with prepared weeks, the same number of
    /// them, and the same seed and orders for them; none otherwise.
    pub fn common<'a>(mut saves: impl Iterator<Item = &'a Saved>) -> Option<Handout> {
        let first = saves.next()?;
        let prepared = usize::from(first.prepared);
        let opening = first.game.turns.get(..prepared)?;
        let same = |s: &Saved| {
            s.prepared == first.prepared
                && s.game.seed == first.game.seed
                && s.game.turns.get(..prepared) == Some(opening)
        };
        if prepared == 0 || !saves.all(same) {
            return None;
        }
        Some(Handout {
            prepared: first.prepared,
            state: first.game.states().nth(prepared)?.clone(),
        })
    }

    /// Where reference campaigns begin: from the handout's state, or without one from the
    /// scenario's start.
    pub fn start(handout: Option<&Handout>) -> Start {
        handout.map_or(Start::Fresh, |h| Start::From(Box::new(h.state.clone())))
    }

    /// Where the reference campaigns begin, as a sentence.
    pub fn sentence(handout: Option<&Handout>, scenario: &Scenario) -> String {
        match handout {
            Some(h) => format!(
                "Every campaign began from one handout, so the reference is played from its \
                 state at {} (after {} prepared weeks), not from the scenario's start.",
                scenario.calendar.unit().label(h.state.turn),
                h.prepared
            ),
            None => "The reference is played from the scenario's start.".to_owned(),
        }
    }
}

/// What a class report did with the files it was given: which saves it merged into a
/// later save of their campaign, and which files it left out, and why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassFiles {
    /// Files given.
    pub given: usize,
    /// (file, the file of the furthest save of its campaign, which the report counts).
    pub merged: Vec<(String, String)>,
    /// (file, why the report leaves it out).
    pub skipped: Vec<(String, String)>,
}

/// Why a report leaves out a handout no one played.
pub const UNPLAYED_HANDOUT: &str =
    "a handout copy no one played (no week beyond the prepared ones)";

/// The saves of a class, one per campaign: a save whose orders begin another save's of
/// the same campaign (the same id, scenario and seed) is merged into the furthest one (a
/// named save before an autosave of the same week),
/// and a handout no one played is left out. The saves kept stay in the order given; the
/// files merged and left out are recorded in `files`, which keeps the skips already in it.
pub fn one_per_campaign(
    saves: Vec<(String, Saved)>,
    files: &mut ClassFiles,
) -> Vec<(String, Saved)> {
    let (unplayed, saves): (Vec<_>, Vec<_>) = saves
        .into_iter()
        .partition(|(_, s)| s.is_unplayed_handout());
    files.skipped.extend(
        unplayed
            .into_iter()
            .map(|(file, _)| (clean(&file), UNPLAYED_HANDOUT.to_owned())),
    );
    // Furthest first, so that each save meets the campaign it belongs to already kept;
    // of two saves of one week, the one the players named before the autosave.
    let mut order: Vec<usize> = (0..saves.len()).collect();
    order.sort_by_key(|&i| {
        let saved = &saves[i].1;
        (
            std::cmp::Reverse(saved.game.turns.len()),
            saved.name.starts_with("autosave"),
        )
    });
    let mut into: Vec<Option<usize>> = vec![None; saves.len()];
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let short = &saves[i].1;
        let same = kept.iter().copied().find(|&k| {
            let long = &saves[k].1;
            long.campaign == short.campaign
                && long.game.seed == short.game.seed
                && *long.game.scenario == *short.game.scenario
                && long.game.turns.starts_with(&short.game.turns)
        });
        match same {
            Some(k) => into[i] = Some(k),
            None => kept.push(i),
        }
    }
    for (i, k) in into.iter().enumerate() {
        if let Some(k) = k {
            files.merged.push((clean(&saves[i].0), clean(&saves[*k].0)));
        }
    }
    saves
        .into_iter()
        .zip(into)
        .filter_map(|(save, into)| into.is_none().then_some(save))
        .collect()
}

impl ClassFiles {
    /// The files merged into the save read from `file`.
    pub fn merged_into(&self, file: &str) -> Vec<&str> {
        self.merged
            .iter()
            .filter(|(_, into)| into == file)
            .map(|(from, _)| from.as_str())
            .collect()
    }

    /// Each file merged or skipped, with what became of it: "merged into FILE", or
    /// "skipped: WHY".
    pub fn lines(&self) -> Vec<(String, String)> {
        let merged = self
            .merged
            .iter()
            .map(|(file, into)| (file.clone(), format!("merged into {into}")));
        let skipped = self
            .skipped
            .iter()
            .map(|(file, why)| (file.clone(), format!("skipped: {why}")));
        merged.chain(skipped).collect()
    }

    /// One sentence on the files: how many were given, counted, merged and skipped.
    pub fn sentence(&self, campaigns: usize) -> String {
        let files = |n: usize| if n == 1 { "file" } else { "files" };
        format!(
            "{} {} given: {campaigns} {} counted, {} merged into a later save of the same \
             campaign, {} skipped.",
            self.given,
            files(self.given),
            if campaigns == 1 {
                "campaign"
            } else {
                "campaigns"
            },
            self.merged.len(),
            self.skipped.len()
        )
    }
}
