//! The events of a scenario and the effects of events and US rungs.

use super::fronts::front_ref;
use super::{Checker, MAX_NAME, MAX_TEXT, date};
use crate::diag::Seg;
use crate::path;
use crate::scenario::doc::{EffectsDoc, ScenarioDoc};
use arenas_core::engine::{
    Calendar, Condition, Effects, Event, Faction, Front, MAX_EVENTS, Meter, Meters,
};

/// Effects, checked against the fronts and factions they name.
pub(super) fn effects(
    c: &mut Checker,
    path: Vec<Seg>,
    e: &EffectsDoc,
    fronts: &[Front],
    factions: &[Faction],
) -> Effects {
    let with = |key: &str| {
        let mut p = path.clone();
        p.push(Seg::Key(key.to_owned()));
        p
    };
    let mut tension = Vec::new();
    for (id, &delta) in &e.tension {
        let mut p = with("tension");
        p.push(Seg::Key(id.clone()));
        if let Some(f) = front_ref(c, p, id, fronts) {
            tension.push((f, delta));
        }
    }
    let mut capacity = Vec::new();
    for (id, &delta) in &e.capacity {
        let mut p = with("capacity");
        p.push(Seg::Key(id.clone()));
        match factions.iter().position(|f| f.id == *id) {
            Some(f) => capacity.push((f, delta)),
            None => c.problem(
                p,
                format!("no faction has id `{id}`"),
                "use a faction id of this scenario",
            ),
        }
    }
    let mut meters = Meters::default();
    meters[Meter::Ambiguity] = e.ambiguity;
    meters[Meter::Escalation] = e.escalation;
    meters[Meter::InternationalPressure] = e.international_pressure;
    meters[Meter::UsPressure] = e.us_pressure;
    meters[Meter::Cohesion] = e.cohesion;
    Effects {
        meters,
        us_posture: e.us_posture,
        operation: e.operation,
        tension,
        capacity,
    }
}

/// The events, their triggers checked against the calendar when it is valid (`dated`).
pub(super) fn events(
    c: &mut Checker,
    doc: &ScenarioDoc,
    calendar: &Calendar,
    dated: bool,
    fronts: &[Front],
    factions: &[Faction],
) -> Vec<Event> {
    if doc.events.len() > MAX_EVENTS {
        c.problem(
            path!["event"],
            format!("a scenario may have at most {MAX_EVENTS} events"),
            "merge or remove events",
        );
    }
    // Entries past the most allowed are refused above and not checked one by one.
    c.unique(
        "event",
        doc.events.iter().take(MAX_EVENTS).map(|e| e.id.as_str()),
    );
    doc.events
        .iter()
        .enumerate()
        .take(MAX_EVENTS)
        .map(|(i, e)| {
            c.id(path!["event", i, "id"], &e.id);
            c.text(path!["event", i, "title"], &e.title, MAX_NAME);
            c.text(path!["event", i, "text"], &e.text, MAX_TEXT);
            let mut turn = e.turn;
            let mut day = None;
            if let Some(t) = e.turn
                && dated
                && !(1..=calendar.turns).contains(&t)
            {
                c.problem(
                    path!["event", i, "turn"],
                    format!("turn {t} is outside the campaign (1–{})", calendar.turns),
                    "pick a turn of the campaign",
                );
            }
            if let Some(d) = &e.date {
                if e.turn.is_some() {
                    c.problem(
                        path!["event", i, "date"],
                        "give a turn or a date, not both",
                        "remove one of them",
                    );
                }
                if let Some(date) = date(c, path!["event", i, "date"], d)
                    && dated
                {
                    turn = calendar.turn_of(date);
                    day = Some(date);
                    if turn.is_none() {
                        c.problem(
                            path!["event", i, "date"],
                            format!(
                                "{date} is outside the campaign ({} to {})",
                                calendar.start,
                                calendar
                                    .date_of(calendar.turns)
                                    .plus_days(i32::from(calendar.turn_days) - 1)
                            ),
                            "use a date within the campaign, or `turn = 1` for background",
                        );
                    }
                }
            }
            let chance = e.chance.unwrap_or(1.0);
            if e.turn.is_none() && e.date.is_none() && e.when.is_empty() && e.chance.is_none() {
                c.problem(
                    path!["event", i],
                    format!("event `{}` has no trigger", e.id),
                    "give it a `turn`, a `date`, `when` conditions or a `chance`",
                );
            }
            let when = e
                .when
                .iter()
                .enumerate()
                .map(|(j, w)| {
                    if w.above.is_none() && w.below.is_none() {
                        c.problem(
                            path!["event", i, "when", j],
                            "a condition needs `above` or `below`",
                            "add a threshold",
                        );
                    }
                    Condition {
                        gauge: w.gauge,
                        above: w.above,
                        below: w.below,
                    }
                })
                .collect();
            Event {
                id: e.id.clone(),
                title: e.title.clone(),
                text: e.text.clone(),
                turn,
                date: day,
                when,
                chance,
                effects: effects(
                    c,
                    path!["event", i, "effects"],
                    &e.effects,
                    fronts,
                    factions,
                ),
                historical: e.historical,
            }
        })
        .collect()
}
