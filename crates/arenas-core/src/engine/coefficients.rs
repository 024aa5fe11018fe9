//! The coefficients of the rules engine, as the scenario's `[model]` table spells them:
//! each rule's id is its path there, such as `ambiguity.deniable`.

use serde::{Deserialize, Serialize};

use super::tasks::TaskTable;
use super::vocabulary::Principle;

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
    /// Share of a deniable act's weight that full ambiguity hides from Washington and
    /// Israel (weight 0–1): they answer what they can attribute, so ambiguity lowers every
    /// US step and the retaliation each member draws.
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub shield: Rule,
    /// How far a public claim strips an act's cover (weight 0–1): at 1 a claimed act is
    /// attributed at once, to its member and, through its public link, to Tehran.
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub claims: Rule,
    /// Share of its cover an act at the highest intensity loses, less at lower ones (0–1):
    /// a large act is hard to deny.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub scale: f64,
    /// Share of an act's cover lost for each week it repeats the member's last act (up to
    /// three): the adversary learns the pattern (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub learning: f64,
    /// Members changing front or task: unpredictability.
    pub novelty: Rule,
    /// The same act repeated: the adversary learns the pattern.
    pub pattern: Rule,
    /// Share of the gap to the baseline closed each turn (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub drift: Rule,
}

/// The US response: two tracks, each climbed with the probability of a logistic function
/// of named factors. The forces track answers harm to US forces; the escalation track
/// answers escalation against Israel and Tehran's visibility.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct UsModel {
    /// Probability of climbing the forces track with every factor at zero (strictly 0–1).
    #[cfg_attr(feature = "schema", schemars(extend("exclusiveMinimum" = 0.0, "exclusiveMaximum" = 1.0)))]
    pub forces_base: f64,
    /// Probability of climbing the escalation track with every factor at zero (strictly 0–1).
    #[cfg_attr(feature = "schema", schemars(extend("exclusiveMinimum" = 0.0, "exclusiveMaximum" = 1.0)))]
    pub escalation_base: f64,
    /// Share of last turn's harm to US assets still remembered (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub harm_memory: f64,
    /// Forces track: harm to US assets (with memory).
    pub harm: Rule,
    /// Forces track: attribution to Iran (1 − ambiguity / 100).
    pub attribution: Rule,
    /// Both tracks: US deterrent posture in the region.
    pub posture: Rule,
    /// Escalation track: escalation by members Washington watches closely.
    pub watched_escalation: Rule,
    /// Escalation track: Tehran's visibility (attribution, and the patron's own acts).
    pub tehran: Rule,
    /// Escalation track: height of the escalation ladder.
    pub ladder: Rule,
    /// Escalation track: exposure concentrated on few members (1 − risk distribution).
    pub concentration: Rule,
    /// Escalation track: acts aimed to kill US personnel (intensity 3 against US forces).
    pub casualties: Rule,
    /// Escalation track: this turn's acts traced to Tehran (claims and the patron's acts
    /// above all).
    pub traced: Rule,
    /// Forces track: each rung already climbed makes the next one less likely (Washington
    /// weighs a repeat of strikes more carefully).
    pub rung_step: Rule,
    /// Below this probability (0–1) the US may step one rung down a track.
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
    /// Extra push of a large act: an act's push is multiplied by 1 + size × this, where
    /// size is 0 at intensity 1 and 1 at the highest (limited acts climb the ladder slowly).
    pub size: f64,
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
    /// How much the operation widens, for good, per unit of large acts on the focus front
    /// (effect × the task's threat × the square of how far above intensity 1): Israel
    /// answers a big blow with a wider war.
    pub provocation: Rule,
    /// Share of the operation other fronts can divert, per unit of saturated diversion.
    pub diversion: Rule,
    /// Share of a front's diversion lost for each week an act there repeats the member's
    /// last act (up to three): Israel adapts to a pattern (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub adaptation: f64,
    /// Share of the other fronts' diversion that depends on the focus members fighting on
    /// their own front (0–1): the other arenas support that fight, they cannot replace it.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub centre: f64,
    /// Diversion one front can offer before more effort there adds little (Israel
    /// reinforces a single front).
    pub front_saturation: f64,
    /// Most of the operation that other fronts can divert (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub max_diversion: f64,
    /// Share of the operation that focus members fighting on their own front hold off.
    pub resistance: Rule,
    /// Most of the operation their own fight holds off (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub max_resistance: f64,
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
    /// Points lost per point of the escalation push the world attributes to the axis.
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
    /// Patron resupply that reaches the focus front.
    pub resupply: Rule,
    /// Solidarity shown by acts claimed in public.
    pub claimed: Rule,
    /// A member refusing an order.
    pub refusal: Rule,
}

/// The draws of the check phase.
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
    /// Highest chance of a ceasefire in a turn (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub ceasefire: Rule,
    /// Weight of US pressure on Israel beside international pressure in the ceasefire.
    pub us_pressure: Rule,
    /// Combined pressure (0–1 scale) at which the ceasefire chance is half its highest.
    pub ceasefire_mid: f64,
    /// How sharply the ceasefire chance rises around that point.
    pub ceasefire_slope: f64,
}

/// US pressure on Israel: what the axis can earn in Washington by raising the stakes of
/// American involvement with sustained, bounded pressure. What it loses when the US is drawn
/// in comes from the rungs' effects, not from this table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct UsPressureModel {
    /// Points gained per turn by sustained pressure (saturating).
    pub sustain: Rule,
    /// Leverage at which sustained pressure gives half its most (diminishing returns).
    pub half: f64,
    /// Points gained by bounded harassment of US forces, at its most useful level.
    pub harassment: Rule,
    /// Harm to US assets at which harassment helps most; more helps less.
    pub harassment_peak: f64,
    /// Share of every gain lost while the US stands on its whole ladder, in proportion to
    /// the rungs it holds (0–1): a Washington answering attacks itself presses Israel less.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub engaged: f64,
    /// Share of the meter that fades each turn (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub decay: Rule,
}

/// Retaliation on members in proportion to their share of the axis' exposure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct RetaliationModel {
    /// Capacity a member loses per unit of remembered exposure, times its share of the
    /// axis' exposure raised to `concentration`.
    pub capacity: Rule,
    /// Share of that retaliation the members of the focus front draw on top of the
    /// operation (0–1): Israel answers what it can attribute there too.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub focus: f64,
    /// How much a member's share of the axis' exposure scales what it draws (0–1): at 1
    /// exposure spread thin draws little each, at 0 each member is answered as if alone.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub concentration: f64,
    /// Share of last turn's exposure the adversary still remembers (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub memory: f64,
    /// Cohesion lost as retaliation strains members at home.
    pub domestic: Rule,
}

/// Members' operational autonomy: orders against their interests may be scaled down or
/// refused, and a member left to bleed may act on its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct AutonomyModel {
    /// Reluctance from domestic strain (escalatory acts by a constrained member).
    pub strain: Rule,
    /// Reluctance to act on another member's front.
    pub off_home: Rule,
    /// Reluctance of a depleted member.
    pub depletion: Rule,
    /// Capacity below which a member counts as depleted.
    pub low_capacity: f64,
    /// Ladder push of the task that counts as a unit of strain.
    pub ladder_unit: f64,
    /// Chance a bleeding member acts on its own when the room holds it back (weight 0–1).
    #[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::unit_weight))]
    pub self_action: Rule,
    /// Capacity lost in a turn at which that chance is full.
    pub bleed: f64,
}

/// The patron, the most traceable actor of the room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct PatronModel {
    /// How many times more an act of the patron is traced to Tehran than a member's.
    pub trace: f64,
    /// Escalation track: the patron's own visible acts.
    pub visibility: Rule,
}

/// The siege of the focus front: what resupply can reach it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct SiegeModel {
    /// Most resupply (in effect units) that reaches the focus front in a turn.
    pub cap: f64,
    /// Share of that lost at full operation intensity (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub degrade: f64,
}

/// The fortunes of war: the spread of outcomes around their expected values. Each is the
/// standard deviation of a multiplicative shock (or, for `drift`, of the operation's walk).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct NoiseModel {
    /// Week-to-week variation of the operation's toll.
    pub operation: f64,
    /// Random walk of the operation's intensity.
    pub drift: f64,
    /// Spread of members' starting capacity.
    pub initial_capacity: f64,
    /// Variation of the humanitarian toll's effect on pressure.
    pub humanitarian: f64,
    /// Variation of what US pressure gains.
    pub us_pressure: f64,
    /// Variation of retaliation.
    pub retaliation: f64,
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
    /// The two tracks of the US response.
    pub us: UsModel,
    /// Rules of the escalation ladder and front tension.
    pub escalation: EscalationModel,
    /// Rules of members' capacity and Israel's operation.
    pub capacity: CapacityModel,
    /// Rules of international pressure.
    pub pressure: PressureModel,
    /// Rules of axis cohesion.
    pub cohesion: CohesionModel,
    /// Rules of US pressure on Israel.
    pub us_pressure: UsPressureModel,
    /// Retaliation on exposed members.
    pub retaliation: RetaliationModel,
    /// Members' operational autonomy.
    pub autonomy: AutonomyModel,
    /// The patron's traceability.
    pub patron: PatronModel,
    /// The siege of the focus front.
    pub siege: SiegeModel,
    /// The fortunes of war.
    pub noise: NoiseModel,
    /// The miscalculation and ceasefire draws.
    pub draws: DrawModel,
}
