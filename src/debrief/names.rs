//! Short names of factions and fronts, and one-line summaries of a week's orders.

use crate::engine::{Claim, Faction, Order, Scenario, Task};
use crate::text::clean;
use unicode_width::UnicodeWidthStr;

/// A short name for a faction, for compact summaries: the name before any parenthesis when
/// it is short ("Houthis"), the id in capitals when it is the name's acronym ("PIJ"), or
/// else the id's words, spelt as in the name where they occur there ("Quds Force",
/// "Syrian militias").
pub fn short_name(faction: &Faction) -> String {
    let name = clean(&faction.name);
    let base = name.split('(').next().unwrap_or("").trim().to_owned();
    let words: Vec<&str> = base.split_whitespace().collect();
    if !words.is_empty() && words.len() <= 2 && base.width() <= 18 {
        return base;
    }
    let id = clean(&faction.id);
    let acronym: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if acronym.chars().count() >= 2 && acronym.eq_ignore_ascii_case(&id) {
        return acronym;
    }
    let parts: Vec<String> = id
        .split(['_', '-'])
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(
            |(i, part)| match words.iter().find(|w| w.eq_ignore_ascii_case(part)) {
                Some(w) => (*w).to_owned(),
                None if i == 0 => capitalise(part),
                None => part.to_owned(),
            },
        )
        .collect();
    if parts.is_empty() {
        base
    } else {
        parts.join(" ")
    }
}

/// A short name for a front: its name when short, else its id's words joined by `/`.
fn short_front(scenario: &Scenario, front: usize) -> String {
    let Some(f) = scenario.fronts.get(front) else {
        return "?".to_owned();
    };
    let name = clean(&f.name);
    if name.width() <= 16 && !name.is_empty() {
        return name;
    }
    let parts: Vec<String> = clean(&f.id)
        .split(['_', '-'])
        .filter(|p| !p.is_empty())
        .map(capitalise)
        .collect();
    if parts.is_empty() {
        name
    } else {
        parts.join("/")
    }
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn decapitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The active orders of a turn in one line, "faction: task intensity (attribution)" with
/// the front named only when it is not the faction's home front: "Hizballah: limited
/// strike 2 (claimed); Quds Force: resupply 1 to Southern Lebanon (deniable)", or "all
/// hold" when no faction acts.
pub fn summarize(scenario: &Scenario, orders: &[Order]) -> String {
    let parts: Vec<String> = scenario
        .factions
        .iter()
        .zip(orders)
        .filter(|(_, o)| o.is_active())
        .map(|(f, o)| {
            let front = if f.home == Some(o.front) {
                String::new()
            } else {
                let to = if o.task == Task::Resupply { "to" } else { "on" };
                format!(" {to} {}", short_front(scenario, o.front))
            };
            let claim = match o.claim {
                Claim::Claimed => "claimed",
                Claim::Deniable => "deniable",
            };
            format!(
                "{}: {} {}{front} ({claim})",
                short_name(f),
                decapitalise(o.task.name()),
                o.intensity
            )
        })
        .collect();
    if parts.is_empty() {
        "all hold".to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_scenario;

    #[test]
    fn clean_and_names() {
        assert_eq!(clean("  x  "), "x");
        let sc = default_scenario().scenario;
        let names: Vec<String> = sc.factions.iter().map(short_name).collect();
        assert_eq!(
            names,
            [
                "Hamas",
                "PIJ",
                "Hizballah",
                "Syrian militias",
                "Iraqi militias",
                "Houthis",
                "Quds Force"
            ]
        );
        assert_eq!(summarize(&sc, &sc.all_hold()), "all hold");
    }
}
