//! Words for what happened: titles and texts of log entries.

use super::explain::{Happening, Report, Sum};
use super::meters::Meter;
use super::scenario::{Order, Scenario};
use super::tasks::Task;
use super::vocabulary::{Claim, Outcome};

/// Title and text of a happening, in the analytical register of the game.
pub fn describe(scenario: &Scenario, happening: &Happening) -> (String, String) {
    match *happening {
        Happening::Event(i) => scenario
            .events
            .get(i)
            .map(|e| (e.title.clone(), e.text.clone()))
            .unwrap_or_default(),
        Happening::UsClimb(rung) => {
            let r = scenario.us_ladder.get(usize::from(rung).saturating_sub(1));
            (
                format!("US response: {}", r.map_or("", |r| r.name.as_str())),
                r.map(|r| r.text.clone()).unwrap_or_default(),
            )
        }
        Happening::UsStandDown(rung) => (
            format!("US steps back from {}", scenario.us_rung_name(rung)),
            "With the acts that drew it in receding, Washington eases its response on this \
             track by one step."
                .into(),
        ),
        Happening::UsResume(rung) => (
            format!("US response resumes: {}", scenario.us_rung_name(rung)),
            "Washington returns to a response it had used before; the step is familiar and \
             changes less than the first time."
                .into(),
        ),
        Happening::Reduced(f) => (
            member(
                scenario,
                f,
                "scales its order down",
                "scale their order down",
            ),
            "The member carries out its order one level below what the room asked: its own \
             interests and limits weigh against it."
                .into(),
        ),
        Happening::Refused(f) => (
            member(
                scenario,
                f,
                "does not carry out its order",
                "do not carry out their order",
            ),
            "The member keeps its operational autonomy and stands down; the points are spent \
             and the room's unity suffers."
                .into(),
        ),
        Happening::ActedAlone(f) => (
            member(scenario, f, "acts on its own", "act on their own"),
            "Bleeding while the room holds it back, the member strikes from its home front \
             without waiting for coordination, and in its own name."
                .into(),
        ),
        Happening::Miscalculation(front) => {
            let name = scenario
                .fronts
                .get(front)
                .map_or("a front", |f| f.name.as_str());
            (
                format!("Miscalculation on {name}"),
                "An exchange is misread by the other side and answered beyond what either intended; \
                 the ladder jumps."
                    .into(),
            )
        }
        Happening::Ceasefire => (
            "Ceasefire".into(),
            "International pressure produces a ceasefire in Gaza.".into(),
        ),
        Happening::End(outcome) => (
            format!("Campaign ends: {}", scenario.outcome_name(outcome)),
            outcome_meaning(scenario, outcome),
        ),
    }
}

/// What an outcome means, for the log and the debrief, the focus member named as the
/// scenario names it.
pub fn outcome_meaning(scenario: &Scenario, outcome: Outcome) -> String {
    let focus = scenario.focus_short();
    let focus_s = possessive(focus);
    match outcome {
        Outcome::CeasefirePreserved => format!(
            "A ceasefire came while {focus} kept its core capacity and the US stayed out: the \
             outcome the room's strategy aimed for."
        ),
        Outcome::CeasefireDegraded => format!(
            "A ceasefire came, but only after {focus} had been worn down: the fronts bought too \
             little time."
        ),
        Outcome::HamasDegraded => format!(
            "{focus_s} capacity collapsed before international pressure could force a pause: \
             restraint elsewhere left the focus front to carry the war alone."
        ),
        Outcome::UsDirectConfrontation => {
            "The United States climbed its ladder to direct confrontation with Iran: the one \
             result the room treated as existential."
                .to_owned()
        }
        Outcome::RegionalWar => {
            "The escalation ladder reached its top: the fronts merged into a regional war no \
             member could control."
                .to_owned()
        }
        Outcome::AxisFractured => {
            "Cohesion broke: members pursued their own interests and the joint room ceased to \
             coordinate."
                .to_owned()
        }
        Outcome::Stalemate => {
            "The campaign's time ran out with no ceasefire and no collapse: pressure and risk \
             remain suspended."
                .to_owned()
        }
    }
}

/// A name in the possessive: "Hamas'", "Hizballah's".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// Text ended by one full stop: "Syria mil." stays as it is, "Hamas" becomes "Hamas.";
/// text ending in `!`, `?` or an ellipsis keeps its own ending.
pub fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?', '…']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// One member's order in a few words, with the member's short name: "Hizballah: limited
/// strike 2 (claimed)"; the front is named, by its short name, only when it is not the
/// member's home front ("Quds Force: resupply 1 to S. Lebanon").
pub fn order_summary(scenario: &Scenario, faction: usize, order: &Order) -> String {
    let Some(f) = scenario.factions.get(faction) else {
        return String::new();
    };
    let front = match scenario.fronts.get(order.front) {
        Some(front) if f.home != Some(order.front) => {
            let to = if order.task == Task::Resupply {
                "to"
            } else {
                "on"
            };
            format!(" {to} {}", front.short)
        }
        _ => String::new(),
    };
    // The patron's acts are always traced to Tehran: it has no choice to report.
    let claim = match order.claim {
        _ if !f.offers_claim() => "",
        Claim::Claimed => " (claimed)",
        Claim::Deniable => " (deniable)",
    };
    // "Harass US" reads "harass US" in running text: only the first letter is lowered.
    let name = order.task.name();
    let mut task = name.chars();
    let task: String = task
        .next()
        .map(|c| c.to_lowercase().chain(task).collect())
        .unwrap_or_default();
    format!("{}: {task} {}{front}{claim}", f.short, order.intensity)
}

/// The active orders of a turn in one line, "; " between members, or "all hold".
pub fn orders_summary(scenario: &Scenario, orders: &[Order]) -> String {
    let parts: Vec<String> = orders
        .iter()
        .enumerate()
        .filter(|(_, o)| o.is_active())
        .map(|(i, o)| order_summary(scenario, i, o))
        .collect();
    if parts.is_empty() {
        "all hold".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Meters the orders entry of the log reports at most.
const ORDER_EFFECTS: usize = 3;

/// The log entry of the room's own orders for a turn: what they were and what they did,
/// as the sum of the factors the members' orders caused on each meter (the meters they
/// moved most, relative to each meter's scale).
pub fn orders_entry(
    scenario: &Scenario,
    turn: u16,
    orders: &[Order],
    report: &Report,
) -> (String, String) {
    let unit = scenario.calendar.unit();
    let active = orders.iter().filter(|o| o.is_active()).count();
    let title = match active {
        0 => format!("{} orders: all hold", unit.title(turn)),
        1 => format!("{} orders: one member acts", unit.title(turn)),
        n => format!("{} orders: {n} members act", unit.title(turn)),
    };
    let mut moved: Vec<(Meter, f64)> = report
        .meters
        .iter()
        // Levels are recomputed every turn: their factors are not changes.
        .filter(|x| x.sum == Sum::Change)
        .map(|x| {
            let by_orders = x.factors.iter().filter(|f| f.members != 0).map(|f| f.value);
            (x.meter, by_orders.sum::<f64>())
        })
        .filter(|(m, v)| m.format_change(*v) != m.format_change(0.0))
        .collect();
    moved.sort_by(|a, b| (b.1.abs() / b.0.full_scale()).total_cmp(&(a.1.abs() / a.0.full_scale())));
    let effects: Vec<String> = moved
        .iter()
        .take(ORDER_EFFECTS)
        .map(|(m, v)| format!("{} {}", m.name(), m.format_change(*v)))
        .collect();
    let text = if active == 0 {
        "Every member stands down: capacity recovers, and the meters move by other forces \
         alone."
            .to_owned()
    } else if effects.is_empty() {
        format!(
            "{} Their effect on the meters was too small to show.",
            sentence(&orders_summary(scenario, orders))
        )
    } else {
        format!(
            "{} What these orders did: {}.",
            sentence(&orders_summary(scenario, orders)),
            effects.join(", ")
        )
    };
    (title, text)
}

/// A sentence about a faction: its name, then what it did in the number its name takes
/// (`singular` or `plural`); "A member" if the index is out of range.
fn member(scenario: &Scenario, f: usize, singular: &str, plural: &str) -> String {
    match scenario.factions.get(f) {
        Some(f) => format!("{} {}", f.name, f.verb(singular, plural)),
        None => format!("A member {singular}"),
    }
}
