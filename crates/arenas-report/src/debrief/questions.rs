//! The three seminar questions: on the outcome, on the player's choices, and on the
//! campaign beside the historical course.

use super::numbers::whole;
use arenas_core::engine::{Claim, Meter, Order, Outcome, Task, possessive};
use arenas_core::game::Game;
use arenas_files::text::clean;

/// Names joined as "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Three seminar questions: one on the outcome, one on the player's choices, one comparing
/// the campaign with the historical course.
pub(super) fn questions(game: &Game) -> [String; 3] {
    let sc = &game.scenario;
    let unit = sc.calendar.unit();
    let weeks = |n: usize| unit.count(n);
    let outcome = game.state().outcome;
    let capacity = game.state().meter(Meter::HamasCapacity);
    let focus = sc.focus_short();
    let focus_s = possessive(focus);
    let first = match outcome {
        None => format!(
            "The room's two aims, preserving {focus_s} capacity and keeping the United States \
             out of the war, pull against each other. Which of your orders so far served one \
             aim at the expense of the other?"
        ),
        Some(Outcome::CeasefirePreserved) => format!(
            "The campaign reached the outcome the room aimed for. Which choices did most to \
             keep the United States out while {focus} held, and how much of the result rested \
             on favourable draws rather than on the plan?"
        ),
        Some(Outcome::CeasefireDegraded) => format!(
            "A ceasefire came only after {focus} capacity had fallen to {}. Could the other fronts \
             have diverted more of Israel's attention without raising the risk of US entry, or \
             does the campaign suggest the two aims cannot both be met?",
            whole(capacity)
        ),
        Some(Outcome::HamasDegraded) => format!(
            "{focus_s} capacity collapsed before international pressure forced a pause. Was \
             restraint on the other fronts a deliberate price for keeping the United States \
             out, and what would preserving {focus} have required?"
        ),
        Some(Outcome::UsDirectConfrontation) => format!(
            "The United States climbed to direct confrontation with Iran, the result the room \
             treated as existential. In which {} did the risk become hard to reverse, and which \
             of the room's signals was Washington most likely to read as a reason to enter?",
            unit.noun
        ),
        Some(Outcome::RegionalWar) => "The fronts merged into a regional war. Where did \
             calibrated pressure stop being calibrated, and what could the room have done to \
             climb down once the ladder was high?"
            .to_owned(),
        Some(Outcome::AxisFractured) => "Cohesion broke. Which members carried costs the others \
             did not share, and how does that fit the room's principle of distributing risk \
             among its members?"
            .to_owned(),
        Some(Outcome::Stalemate) => format!(
            "The {} ran out with neither a ceasefire nor a collapse. Judged by the room's own \
             aims, is an open-ended stalemate a success or a failure, and for which member?",
            unit.plural
        ),
    };

    // The player's choices.
    let played = game.turns.len();
    let acted_any = game
        .turns
        .iter()
        .any(|t| t.orders.iter().any(|o| o.is_active()));
    let used_deniable = game.turns.iter().any(|t| {
        t.orders
            .iter()
            .zip(&sc.factions)
            .any(|(o, f)| o.is_active() && o.claim == Claim::Deniable && f.tier.is_some())
    });
    let escalated: Vec<usize> = (0..sc.factions.len())
        .filter(|&i| {
            game.turns.iter().any(|t| {
                t.orders
                    .get(i)
                    .is_some_and(|o| o.is_active() && o.task == Task::Escalate)
            })
        })
        .collect();
    let strained: Vec<String> = escalated
        .iter()
        .map(|&i| &sc.factions[i])
        .filter(|f| f.domestic_constraint >= 0.5 || f.us_watch >= 0.5)
        .map(|f| clean(&f.short))
        .collect();
    let patron_weeks = game
        .turns
        .iter()
        .filter(|t| {
            t.orders.iter().zip(&sc.factions).any(|(o, f)| {
                f.tier.is_none()
                    && o.is_active()
                    && (o.claim == Claim::Claimed || o.task == Task::Resupply)
            })
        })
        .count();
    let hold_weeks = game
        .turns
        .iter()
        .filter(|t| !t.orders.iter().any(|o| o.is_active()))
        .count();
    let risk = game
        .turns
        .iter()
        .map(|t| t.state.meter(Meter::RiskDistribution))
        .sum::<f64>()
        / played.max(1) as f64;
    let second = if !strained.is_empty() {
        let names = join_names(&strained);
        let who = if strained.len() == escalated.len() {
            format!("{names} opened a front fully during the campaign.")
        } else {
            format!(
                "{} members opened a front fully during the campaign, among them {names}.",
                escalated.len()
            )
        };
        let them = if strained.len() == 1 { "it" } else { "them" };
        format!(
            "{who} For {names}, how did that choice weigh against domestic constraints at home \
             and the close attention Washington pays to {them}?"
        )
    } else if played > 0 && hold_weeks * 2 >= played {
        format!(
            "The whole room stood down in {} of {played}. Who bore the cost of that restraint, \
             and is restraint a neutral choice in a coalition whose members expect support as \
             they are worn down?",
            weeks(hold_weeks)
        )
    } else if acted_any && !used_deniable {
        "You never left a member's act unattributed. What did the room give up by forgoing \
         ambiguity, and when might owning an act serve deterrence better than denying it?"
            .to_owned()
    } else if patron_weeks * 2 > played && played > 0 {
        format!(
            "The patron acted visibly, in its own name or by resupplying a front, in {} of \
             {played}. Does visible support from Tehran strengthen the room's coordination, or \
             undercut the ambiguity that shields it?",
            weeks(patron_weeks)
        )
    } else if acted_any && risk < 0.5 {
        format!(
            "Exposure was concentrated on few members (mean risk distribution {risk:.2}). Why \
             does spreading exposure lower the chance of a US response, and what does spreading \
             it cost in coordination?"
        )
    } else {
        "Ambiguity and coordination pull in different directions: the more tightly the room \
         coordinates, the easier its acts are to trace to Tehran. How did your orders balance \
         the two?"
            .to_owned()
    };

    // The historical course.
    // Total intensity of the active orders of a week.
    let intensity = |orders: &[Order]| -> u32 {
        orders
            .iter()
            .filter(|o| o.is_active())
            .map(|o| u32::from(o.intensity))
            .sum()
    };
    let mut differing = 0;
    let (mut own, mut actual) = (0u32, 0u32);
    let mut compared = 0;
    for t in &game.turns {
        let Some(h) = sc.history.get(usize::from(t.turn.max(1) - 1)) else {
            continue;
        };
        compared += 1;
        let norm = |orders: &[Order]| -> Vec<Order> {
            (0..sc.factions.len())
                .map(|i| {
                    orders
                        .get(i)
                        .copied()
                        .filter(Order::is_active)
                        .unwrap_or(Order::HOLD)
                })
                .collect()
        };
        if norm(&t.orders) != norm(&h.orders) {
            differing += 1;
        }
        own += intensity(&t.orders);
        actual += intensity(&h.orders);
    }
    let third = if compared == 0 {
        "Before the first orders: what does the historical record suggest about how the room \
         weighed pressure on Israel against the risk of drawing in the United States?"
            .to_owned()
    } else if differing == 0 {
        format!(
            "Your orders followed the historical course in every {}. The same orders can end \
             differently under other draws: what does that imply for judging the room's \
             strategy by the result it actually obtained?",
            unit.noun
        )
    } else {
        let tempo = if own > actual {
            "more intense than"
        } else if own < actual {
            "less intense than"
        } else {
            "as intense as"
        };
        format!(
            "Your orders departed from the historical course in {} of {compared}, and were \
             overall {tempo} it (total intensity {own} against {actual}). Where did you depart \
             most, and does the historical course look more or less effective now that you have \
             played the same {}?",
            weeks(differing),
            unit.plural
        )
    };
    [first, second, third]
}
