//! Words for what happened: titles and texts of log entries.

use super::explain::Happening;
use super::model::{Outcome, Scenario};

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
            format!("US steps back to {}", scenario.us_rung_name(rung)),
            "With the risk of intervention receding, Washington eases its response by one step."
                .into(),
        ),
        Happening::UsResume(rung) => (
            format!("US response resumes: {}", scenario.us_rung_name(rung)),
            "Washington returns to a response it had used before; the step is familiar and \
             changes less than the first time."
                .into(),
        ),
        Happening::Reduced(f) => (
            format!("{} scales its order down", faction(scenario, f)),
            "The member carries out its order one level below what the room asked: its own \
             interests and limits weigh against it."
                .into(),
        ),
        Happening::Refused(f) => (
            format!("{} does not carry out its order", faction(scenario, f)),
            "The member keeps its operational autonomy and stands down; the points are spent \
             and the room's unity suffers."
                .into(),
        ),
        Happening::ActedAlone(f) => (
            format!("{} acts on its own", faction(scenario, f)),
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
            format!("Campaign ends: {}", outcome.name()),
            outcome_meaning(outcome).into(),
        ),
    }
}

/// What an outcome means, for the log and the debrief.
pub fn outcome_meaning(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::CeasefirePreserved => {
            "A ceasefire came while Hamas kept its core capacity and the US stayed out: the \
             outcome the room's strategy aimed for."
        }
        Outcome::CeasefireDegraded => {
            "A ceasefire came, but only after Hamas had been worn down: the fronts bought too \
             little time."
        }
        Outcome::HamasDegraded => {
            "Hamas' capacity collapsed before international pressure could force a pause: \
             restraint elsewhere left Gaza to carry the war alone."
        }
        Outcome::UsDirectConfrontation => {
            "The United States climbed its ladder to direct confrontation with Iran: the one \
             result the room treated as existential."
        }
        Outcome::RegionalWar => {
            "The escalation ladder reached its top: the fronts merged into a regional war no \
             member could control."
        }
        Outcome::AxisFractured => {
            "Cohesion broke: members pursued their own interests and the joint room ceased to \
             coordinate."
        }
        Outcome::Stalemate => {
            "The campaign's weeks ran out with no ceasefire and no collapse: pressure and risk \
             remain suspended."
        }
    }
}

/// The name of a faction, or a neutral word if the index is out of range.
fn faction(scenario: &Scenario, f: usize) -> &str {
    scenario
        .factions
        .get(f)
        .map_or("A member", |f| f.name.as_str())
}
