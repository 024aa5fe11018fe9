//! The words of the game explained from the scenario's own numbers: tasks, intensity,
//! claim and denial, coordination points, front tension, the ladders, the map marks and
//! the aims. Pure text for the interface's glossary and for the line that explains the
//! order field being edited.

use super::narrative::sentence;
use super::numbers::fixed;
use super::scenario::{Order, Scenario};
use super::state::State;
use super::tasks::{TASKS, Task, TaskModel};
use super::vocabulary::{Claim, MAX_INTENSITY, UsTrack};

/// A term and what it means in this scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub term: String,
    pub text: String,
}

/// A titled group of entries.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub entries: Vec<Entry>,
}

/// A field of an order, as the orders table shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Front,
    Task,
    Intensity,
    Claim,
}

fn entry(term: impl Into<String>, text: impl Into<String>) -> Entry {
    Entry {
        term: term.into(),
        text: text.into(),
    }
}

fn one(x: f64) -> String {
    fixed(x, 1)
}

/// The glossary of a scenario, section by section.
pub fn glossary(sc: &Scenario) -> Vec<Section> {
    let model = &sc.model;
    let unit = sc.calendar.unit();
    let tasks = Task::ALL
        .iter()
        .filter(|&&t| t == Task::Hold || sc.factions.iter().any(|f| f.may_do(t)))
        .map(|&t| entry(task_term(t), task_text(sc, t)))
        .collect();

    let link = sc
        .factions
        .iter()
        .find(|f| !f.offers_claim())
        .map(|f| f.short.as_str());
    let mut claims = vec![
        entry(
            "Claimed",
            format!(
                "The act is owned in public. It shows solidarity (axis cohesion rises a little) \
                 but ambiguity no longer covers it: Washington and Israel attribute all of it to \
                 the member, and trace it to Tehran through the member's public link and {}% \
                 of the rest. That lowers ambiguity, adds to the member's exposure to \
                 retaliation and weighs on both US tracks.",
                fixed(100.0 * model.ambiguity.claimed_share, 0)
            ),
        ),
        entry(
            "Deniable",
            format!(
                "The act is left unattributed. Ambiguity rises with the member's autonomy and \
                 weak public link to Tehran, and hides part of the act from Washington and \
                 Israel: at ambiguity 100, {}% of it, less for an act that repeats a pattern \
                 they have learned. What stays hidden draws no US step and no retaliation.",
                fixed(100.0 * model.ambiguity.shield.weight, 0)
            ),
        ),
    ];
    if let Some(patron) = link {
        claims.push(entry(
            patron,
            format!(
                "The patron has no choice to make: its acts are always traced to Tehran, {} \
                 as strongly as a member's, and weigh on the US escalation track.",
                times(model.patron.trace)
            ),
        ));
    }

    let lim = &model.tasks.limited_strike;
    let push = model.escalation.front_push * lim.ladder * 2.0 / f64::from(MAX_INTENSITY);
    let room = vec![
        entry(
            "Coordination points",
            format!(
                "The room has {} points each {}. An order costs its task's points times its \
                 intensity, plus {} per level when the member acts off its home front. The \
                 header shows what is left; orders over the budget cannot be committed.",
                model.budget, unit.noun, model.off_home_cost
            ),
        ),
        entry(
            "Intensity",
            format!(
                "1 to {MAX_INTENSITY}. It scales the cost and every effect of the order. The \
                 effect also scales with the member's capacity: intensity {MAX_INTENSITY} by a \
                 member at full capacity is one unit of effect."
            ),
        ),
        entry(
            "Compliance",
            "Members keep their autonomy: an order against a member's interests, off its home \
             front or beyond its domestic limits may be carried out one level lower or refused. \
             The line under the orders shows the chances before you commit.",
        ),
        entry(
            "Front tension",
            format!(
                "0 to 100, shown beside each front on the map. Orders on a front push it up, \
                 the more the harder their task pushes the ladder and the higher their \
                 intensity; every {} it also settles back by up to {} points (most at 50, less \
                 near 0 and 100). A limited strike at intensity 2 by a member at full capacity \
                 pushes it up by about {} points, so a front's tension falls even under such \
                 strikes unless it is pressed harder. The hottest front, with the ladder, sets \
                 the chance of a miscalculation.",
                unit.noun,
                one(model.escalation.front_decay),
                one(push)
            ),
        ),
    ];

    let mut ladders = vec![entry(
        "Escalation ladder",
        sc.ladder
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{} {} (from {})", i + 1, r.name, fixed(r.from, 0)))
            .collect::<Vec<_>>()
            .join(" · "),
    )];
    for track in UsTrack::ALL {
        let rungs: Vec<&str> = sc
            .us_track(*track)
            .map(|i| sc.us_ladder[i].name.as_str())
            .collect();
        if rungs.is_empty() {
            continue;
        }
        let (term, what) = match track {
            UsTrack::Forces => (
                "US forces track",
                "Washington's answer to harm against its forces",
            ),
            UsTrack::Escalation => (
                "US escalation track",
                "Washington's answer to escalation against Israel and to Tehran's visible hand; \
                 its last step ends the campaign",
            ),
        };
        ladders.push(entry(
            term,
            sentence(&format!("{what}: {}", rungs.join(" → "))),
        ));
    }
    ladders.push(entry(
        "US intervention",
        format!(
            "The chance this {} that the US climbs a step on either track. Each step's effects \
             apply the first time it is reached; a quiet spell may bring the US one step down.",
            unit.noun
        ),
    ));

    let marks = TASKS
        .iter()
        .filter(|t| !t.mark.is_empty())
        .map(|t| format!("{} {}", t.mark, t.name))
        .collect::<Vec<_>>()
        .join(" · ");
    let map = vec![
        entry(
            "Marks",
            format!(
                "Each order is marked on its front by its task and intensity: {marks}. L2 is a \
                 limited strike at intensity 2; LR1 a long-range launch at intensity 1. Where \
                 room is short, orders with the same mark are counted: 2×L2 is two members' \
                 limited strikes at intensity 2 on that front."
            ),
        ),
        entry(
            "Numbers",
            "The number beside a front's name is its tension (0 to 100). Outer arenas are drawn \
             on the regional map, or at the edge of a map of the Levant alone, with an arrow \
             pointing the way to them (→ Iraq/Syria 25).",
        ),
    ];

    let v = &sc.victory;
    let focus = sc
        .factions
        .get(sc.focus)
        .map_or("The focus member", |f| f.short.as_str());
    let aims = vec![
        entry(
            "Best outcome",
            format!(
                "A ceasefire while {focus} capacity is at least {} and the US has not reached \
                 direct confrontation.",
                fixed(v.capacity_preserved, 0)
            ),
        ),
        entry(
            "Losing",
            format!(
                "{focus} capacity at or below {}, axis cohesion at or below {}, the escalation \
                 ladder at {} or more, or the last step of the US escalation track.",
                fixed(v.capacity_collapse, 0),
                fixed(v.cohesion_fracture, 0),
                fixed(v.regional_war, 0)
            ),
        ),
        entry(
            "Ceasefire chance",
            format!(
                "Each {} a ceasefire may come; its chance grows with international pressure and \
                 US pressure on Israel. With neither a ceasefire nor a loss by the last {}, the \
                 campaign ends in a stalemate.",
                unit.noun, unit.noun
            ),
        ),
        entry(
            "Verdict",
            "On track: every aim has room. At risk: an aim is one or two bad turns from being \
             lost, or a ceasefire looks unlikely in the time left. Failing: an aim is lost for \
             now, or the next bad turn ends the campaign.",
        ),
    ];

    vec![
        Section {
            title: "Tasks",
            entries: tasks,
        },
        Section {
            title: "Claim or deny",
            entries: claims,
        },
        Section {
            title: "The room",
            entries: room,
        },
        Section {
            title: "Ladders",
            entries: ladders,
        },
        Section {
            title: "Map",
            entries: map,
        },
        Section {
            title: "Aims",
            entries: aims,
        },
    ]
}

/// A task as the glossary names it: `Limited strike (L)`.
fn task_term(task: Task) -> String {
    let info = task.info();
    if info.mark.is_empty() {
        info.name.to_owned()
    } else {
        format!("{} ({})", info.name, info.mark)
    }
}

/// What a task does, costs and risks, from the scenario's coefficients, and who may use it.
fn task_text(sc: &Scenario, task: Task) -> String {
    let t = sc.model.tasks.get(task);
    let mut parts = vec![task.info().meaning.to_owned()];
    if task == Task::Hold {
        parts.push(format!(
            "A holding member recovers capacity, up to {} points a {} when depleted.",
            one(sc.model.capacity.recovery.weight),
            sc.calendar.unit().noun
        ));
        return parts.join(" ");
    }
    parts.push(format!(
        "Costs {} per intensity level ({} off the home front).",
        points(t.cost),
        points(t.cost + sc.model.off_home_cost)
    ));
    let gains = gains(sc, task);
    if !gains.is_empty() {
        parts.push(format!("Gains: {}.", gains.join("; ")));
    }
    let risks = risks(sc, task);
    if !risks.is_empty() {
        parts.push(format!("Risks: {}.", risks.join("; ")));
    }
    if task == Task::Resupply {
        let siege = &sc.model.siege;
        parts.push(format!(
            "Into the besieged {} at most {} of a full resupply (intensity {MAX_INTENSITY} at \
             full capacity) gets through in a {}, and up to {} less of that as Israel's \
             operation reaches its height.",
            focus_front(sc),
            percent(siege.cap),
            sc.calendar.unit().noun,
            percent(siege.degrade)
        ));
    }
    let who: Vec<&str> = sc
        .factions
        .iter()
        .filter(|f| f.may_do(task))
        .map(|f| f.short.as_str())
        .collect();
    parts.push(sentence(&format!("Open to: {}", who.join(", "))));
    parts.join(" ")
}

fn points(n: u32) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// One of a task's coefficients.
type Coefficient = fn(&TaskModel) -> f64;

/// What a task earns, in words: each coefficient as a share of the largest among the
/// scenario's tasks.
fn gains(sc: &Scenario, task: Task) -> Vec<String> {
    let focus = focus_front(sc);
    [
        (
            format!("draws Israel's attention from {focus}"),
            (|t: &TaskModel| t.diversion) as Coefficient,
        ),
        (
            "counts in Washington as pressure to end the war".to_owned(),
            |t| t.leverage,
        ),
    ]
    .into_iter()
    .filter_map(|(what, of)| compared(sc, task, of).map(|c| format!("{what} ({c})")))
    .collect()
}

/// What a task risks, in words: each coefficient as a share of the largest among the
/// scenario's tasks.
fn risks(sc: &Scenario, task: Task) -> Vec<String> {
    let risks: [(&str, Coefficient); 5] = [
        (
            "exposes the member to retaliation and to tracing to Tehran",
            |t| t.visibility,
        ),
        ("pushes the ladder and the front's tension", |t| t.ladder),
        ("harms US forces where they are present", |t| t.us_harm),
        (
            "alarms Washington when a closely watched member does it",
            |t| t.threat,
        ),
        ("spends the member's capacity", |t| t.attrition),
    ];
    risks
        .into_iter()
        .filter_map(|(what, of)| compared(sc, task, of).map(|c| format!("{what} ({c})")))
        .collect()
}

/// How much of something a task does beside the task of the scenario that does most of
/// it: "60% as much as opening a front fully", "the most of any task"; none when it does
/// none.
fn compared(sc: &Scenario, task: Task, of: impl Fn(&TaskModel) -> f64) -> Option<String> {
    let value = of(sc.model.tasks.get(task));
    if value <= 0.0 {
        return None;
    }
    let (most, top) = used_tasks(sc)
        .map(|t| (t, of(sc.model.tasks.get(t))))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((task, value));
    if most == task || value >= top {
        return Some("the most of any task".to_owned());
    }
    Some(format!(
        "{} as much as {}",
        percent(value / top),
        most.info().act
    ))
}

/// How much acting on a front diverts Israel, beside the front that diverts most.
fn front_diversion(sc: &Scenario, front: usize) -> String {
    let (most, top) = most_of(sc, |f| f.diversion);
    let value = sc.fronts.get(front).map_or(0.0, |f| f.diversion);
    match most {
        _ if sc.factions.get(sc.focus).and_then(|f| f.home) == Some(front) => {
            "Israel's operation is here: no diversion".to_owned()
        }
        _ if value <= 0.0 => "no diversion of Israel".to_owned(),
        Some(m) if m != front && value < top => format!(
            "diverts Israel {} as much as {}",
            percent(value / top),
            sc.fronts[m].short
        ),
        _ => "diverts Israel most".to_owned(),
    }
}

/// How many US forces a front holds, beside the front that holds most.
fn us_presence(sc: &Scenario, front: usize) -> String {
    let (most, top) = most_of(sc, |f| f.us_presence);
    let value = sc.fronts.get(front).map_or(0.0, |f| f.us_presence);
    match most {
        _ if value <= 0.0 => "no US forces to harm".to_owned(),
        Some(m) if m != front && value < top => format!(
            "US forces {} as exposed as in {}",
            percent(value / top),
            sc.fronts[m].short
        ),
        _ => "US forces most exposed here".to_owned(),
    }
}

/// The front with the largest value of something, and that value.
fn most_of(sc: &Scenario, of: impl Fn(&super::scenario::Front) -> f64) -> (Option<usize>, f64) {
    sc.fronts
        .iter()
        .enumerate()
        .map(|(i, f)| (Some(i), of(f)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((None, 0.0))
}

/// The tasks besides hold that some member of the scenario may carry out.
fn used_tasks(sc: &Scenario) -> impl Iterator<Item = Task> + '_ {
    Task::ALL
        .iter()
        .copied()
        .filter(move |&t| t != Task::Hold && sc.factions.iter().any(|f| f.may_do(t)))
}

/// A share as a whole percentage, "under 1%" rather than 0% for a share above zero.
fn percent(share: f64) -> String {
    let p = 100.0 * share;
    if p > 0.0 && p < 0.5 {
        "under 1%".to_owned()
    } else {
        format!("{}%", fixed(p, 0))
    }
}

/// How many times, in words: "twice", "3 times", "1.5 times".
fn times(x: f64) -> String {
    if (x - 2.0).abs() < 1e-9 {
        "twice".to_owned()
    } else if (x - x.round()).abs() < 1e-9 {
        format!("{} times", fixed(x, 0))
    } else {
        format!("{} times", fixed(x, 1))
    }
}

/// The short name of the focus member's home front ("Gaza"), or a neutral phrase.
fn focus_front(sc: &Scenario) -> &str {
    sc.factions
        .get(sc.focus)
        .and_then(|f| f.home)
        .and_then(|h| sc.fronts.get(h))
        .map_or("the focus front", |f| f.short.as_str())
}

/// One sentence on the current value of a field of a member's order, for the line under
/// the orders table.
pub fn field_note(
    sc: &Scenario,
    state: &State,
    faction: usize,
    order: &Order,
    field: Field,
) -> String {
    let Some(f) = sc.factions.get(faction) else {
        return String::new();
    };
    let holds = order.task == Task::Hold;
    match field {
        _ if holds && field != Field::Task => format!(
            "{} {}: no front, intensity or claim until {} given a task.",
            f.short,
            f.verb("holds", "hold"),
            f.verb("it is", "they are")
        ),
        Field::Front => {
            let Some(front) = sc.fronts.get(order.front) else {
                return String::new();
            };
            let home = if f.home == Some(order.front) {
                "its home front".to_owned()
            } else {
                format!(
                    "off its home front (+{} a level)",
                    points(sc.model.off_home_cost)
                )
            };
            sentence(&format!(
                "{}, {home}; tension {} of 100; {}; {}",
                front.name,
                fixed(state.tension.get(order.front).copied().unwrap_or(0.0), 0),
                front_diversion(sc, order.front),
                us_presence(sc, order.front)
            ))
        }
        Field::Task => {
            let t = sc.model.tasks.get(order.task);
            if holds {
                format!("{}. {}", order.task.name(), order.task.info().meaning)
            } else {
                format!(
                    "{}, {} a level. {}",
                    order.task.name(),
                    points(t.cost),
                    order.task.info().meaning
                )
            }
        }
        Field::Intensity => format!(
            "Intensity {} of {MAX_INTENSITY}: scales every effect and the cost, {} here.",
            order.intensity,
            points(sc.order_cost(faction, order))
        ),
        Field::Claim if !f.offers_claim() => {
            "The patron's acts are always traced to Tehran: there is no choice to make.".to_owned()
        }
        Field::Claim => match order.claim {
            Claim::Claimed => format!(
                "Claimed: owned in public; solidarity in the room, but {} {} traced to \
                 Tehran and Washington takes note.",
                f.short,
                f.verb("is", "are")
            ),
            Claim::Deniable => format!(
                "Deniable: unattributed; raises ambiguity as far as {} autonomy and weak \
                 link to Tehran allow.",
                f.its()
            ),
        },
    }
}
