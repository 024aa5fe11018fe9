//! The coefficients of the rules engine, as the scenario's `[model]` table spells them:
//! each rule's id is its path there, such as `ambiguity.deniable`.

use serde::{Deserialize, Serialize};

use super::model::Principle;
use super::tasks::TaskTable;

/// A coefficient of the model with the principle it illustrates; its id is its path in
/// the scenario's `[model]` table, such as `ambiguity.deniable`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Size of the effect (its unit depends on the rule; never negative).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1e6)))]
    pub weight: f64,
    /// The principle or constraint this rule illustrates.
    pub principle: Principle,
}

/// Ambiguity rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct AmbiguityModel {
    /// Level ambiguity drifts back to when nothing happens (0–100).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub baseline: f64,
    /// Deniable acts by autonomous members with weak public ties to Tehran.
    pub deniable: Rule,
    /// Acts traced to Tehran: claimed acts, and deniable ones in proportion to the public link.
    pub attribution: Rule,
    /// Share of a claimed act by a member with no public link that is still traced to
    /// Tehran (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub claimed_share: f64,
    /// Many actors at once.
    pub many_actors: Rule,
    /// Members changing front or task: unpredictability.
    pub novelty: Rule,
    /// The same act repeated: the adversary learns the pattern.
    pub pattern: Rule,
    /// Share of the gap to the baseline closed each turn (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub drift: Rule,
}

/// US intervention rules: terms of a logistic function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct UsModel {
    /// Probability with every factor at zero (strictly between 0 and 1).
    #[cfg_attr(feature = "schema", schemars(extend("exclusiveMinimum" = 0.0, "exclusiveMaximum" = 1.0)))]
    pub base: f64,
    /// Share of last turn's harm to US assets still remembered (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub harm_memory: f64,
    /// Harm to US assets (with memory).
    pub harm: Rule,
    /// Escalation by members Washington watches closely.
    pub watched_escalation: Rule,
    /// Attribution to Iran (1 − ambiguity / 100).
    pub attribution: Rule,
    /// Height of the escalation ladder.
    pub ladder: Rule,
    /// Exposure concentrated on few members.
    pub concentration: Rule,
    /// US deterrent posture in the region.
    pub posture: Rule,
    /// Below this probability (0–1) the US may step one rung down.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub stand_down_below: f64,
    /// Chance (0–1) of stepping down when below that probability.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub stand_down: f64,
}

/// Escalation ladder and front tension rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct EscalationModel {
    /// Push from this turn's orders onto the ladder.
    pub push: Rule,
    /// Most the ladder falls in a turn (at mid-height; less near the top and bottom).
    pub restraint: Rule,
    /// Push of an order onto its own front's tension.
    pub front_push: f64,
    /// Most a front's tension falls in a turn.
    pub front_decay: f64,
}

/// Rules for members' capacity and Israel's operation against the focus front.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct CapacityModel {
    /// Points lost per turn by focus-front members at full operation intensity.
    pub operation: Rule,
    /// Share of the operation other fronts can divert, per unit of weighted diversion.
    pub diversion: Rule,
    /// Most of the operation that other fronts can divert (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub max_diversion: f64,
    /// Share of the operation restrained by international pressure at 100.
    pub pressure: Rule,
    /// Capacity spent by members acting (scales each task's attrition).
    pub action: Rule,
    /// Points a holding member recovers per turn when fully depleted (less as it refills).
    pub recovery: Rule,
    /// Points gained by home-front members per unit of patron resupply.
    pub resupply: Rule,
}

/// International pressure rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct PressureModel {
    /// Points gained per turn at full operation intensity.
    pub humanitarian: Rule,
    /// Points lost per point of the axis' escalation push.
    pub axis_escalation: Rule,
}

/// Axis cohesion rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct CohesionModel {
    /// Focus members bleeding while others hold back.
    pub bleeding: Rule,
    /// Effective intensity by other members that counts as full support.
    pub support_target: f64,
    /// Members pushed against their domestic constraints.
    pub domestic: Rule,
    /// Tehran's unease as the ladder climbs past its midpoint.
    pub tehran: Rule,
    /// Points gained when many members act together.
    pub collective: Rule,
    /// Patron resupply to the focus front.
    pub resupply: Rule,
}

/// The three draws of the check phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct DrawModel {
    /// Chance of a miscalculation at ladder 100 and front tension 100 (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub miscalculation: Rule,
    /// Ladder points a miscalculation adds (the hottest front gains twice as much).
    pub miscalculation_jump: f64,
    /// Chance of a ceasefire per turn at pressure 100 (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub ceasefire: Rule,
    /// Pressure below which no ceasefire is possible (0–100).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub ceasefire_floor: f64,
}

/// All model coefficients of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct Model {
    /// Coordination points per turn.
    pub budget: u32,
    /// Extra points per intensity level for acting off one's home front.
    pub off_home_cost: u32,
    /// How each task acts on the world; `hold` has no table.
    pub tasks: TaskTable,
    /// Rules of the ambiguity meter.
    pub ambiguity: AmbiguityModel,
    /// Terms of the US intervention probability and the US ladder.
    pub us: UsModel,
    /// Rules of the escalation ladder and front tension.
    pub escalation: EscalationModel,
    /// Rules of members' capacity and Israel's operation.
    pub capacity: CapacityModel,
    /// Rules of international pressure.
    pub pressure: PressureModel,
    /// Rules of axis cohesion.
    pub cohesion: CohesionModel,
    /// The miscalculation and ceasefire draws.
    pub draws: DrawModel,
}
