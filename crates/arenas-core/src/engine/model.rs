//! The validated scenario the engine runs on: fronts, factions, coefficients, events.
//!
//! Ids from the file have become indices here; the `scenario` module builds this from TOML
//! and checks every cross-reference, so the engine can index without fear.

use serde::{Deserialize, Serialize};

use super::calendar::Date;
use super::meters::{Meter, MeterValues, Meters};

/// Index of a front in [`Scenario::fronts`].
pub type FrontIdx = usize;
/// Index of a faction in [`Scenario::factions`].
pub type FactionIdx = usize;

/// Most fronts a scenario may define.
pub const MAX_FRONTS: usize = 16;
/// Most factions a scenario may define.
pub const MAX_FACTIONS: usize = 16;
/// Most events a scenario may define (each fires at most once, tracked in a bit set).
pub const MAX_EVENTS: usize = 128;
/// Most turns a campaign may last.
pub const MAX_TURNS: u16 = 104;
/// Highest order intensity.
pub const MAX_INTENSITY: u8 = 3;

keyed_enum! {
    /// What a faction does this turn.
    Task {
        /// Stand down and recover.
        Hold = "hold",
        /// Rhetoric and mobilisation.
        Signal = "signal",
        /// Calibrated pressure on military positions of a front.
        LimitedStrike = "limited_strike",
        /// Pressure on US positions.
        HarassUs = "harass_us",
        /// Distant launches.
        LongRange = "long_range",
        /// Patron support to the members whose home front is the order's front.
        Resupply = "resupply",
        /// Open a front fully.
        Escalate = "escalate",
    }
}

keyed_enum! {
    /// Whether an act is owned publicly.
    Claim {
        /// Publicly owned.
        Claimed = "claimed",
        /// Left unattributed.
        Deniable = "deniable",
    }
}

keyed_enum! {
    /// The operations room's principles and constraints, which every rule illustrates.
    Principle {
        /// Deterrence through limited engagements.
        Deterrence = "deterrence",
        /// Ambiguity in retaliation.
        Ambiguity = "ambiguity",
        /// Collective action in critical periods.
        CollectiveAction = "collective_action",
        /// Task allocation by threat.
        TaskAllocation = "task_allocation",
        /// Risk distribution among members.
        RiskDistribution = "risk_distribution",
        /// A direct clash with the US is an existential threat for Iran.
        UsRedLine = "us_red_line",
        /// Hizballah fears a domestic backlash in Lebanon.
        DomesticBacklash = "domestic_backlash",
        /// Voices in Tehran warn against being dragged into war.
        TehranCaution = "tehran_caution",
        /// Hamas expects more help as it is degraded.
        HamasExpectations = "hamas_expectations",
        /// Forces outside the room's control: Israel, the US, the wider world.
        External = "external",
    }
}

keyed_enum! {
    /// How a campaign ends.
    Outcome {
        /// Ceasefire with the focus member's capacity above the threshold.
        CeasefirePreserved = "ceasefire_preserved",
        /// Ceasefire after the focus member was worn down.
        CeasefireDegraded = "ceasefire_degraded",
        /// The focus member's capacity collapsed before any ceasefire.
        HamasDegraded = "hamas_degraded",
        /// The US reached the top of its response ladder.
        UsDirectConfrontation = "us_direct_confrontation",
        /// The escalation ladder reached its top.
        RegionalWar = "regional_war",
        /// Axis cohesion broke.
        AxisFractured = "axis_fractured",
        /// The turn limit came with none of the above.
        Stalemate = "stalemate",
    }
}

impl Task {
    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            Task::Hold => "Hold",
            Task::Signal => "Signal",
            Task::LimitedStrike => "Limited strike",
            Task::HarassUs => "Harass US",
            Task::LongRange => "Long range",
            Task::Resupply => "Resupply",
            Task::Escalate => "Escalate",
        }
    }
}

impl Task {
    /// Name for tight places (at most 10 characters).
    pub fn short_name(self) -> &'static str {
        match self {
            Task::LimitedStrike => "Ltd strike",
            other => other.name(),
        }
    }
}

impl Principle {
    /// The principle as the room states it.
    pub fn statement(self) -> &'static str {
        match self {
            Principle::Deterrence => "Deterrence through limited engagements",
            Principle::Ambiguity => "Ambiguity in retaliation",
            Principle::CollectiveAction => "Collective action in critical periods",
            Principle::TaskAllocation => "Task allocation by threat",
            Principle::RiskDistribution => "Risk distribution among members",
            Principle::UsRedLine => "A direct clash with the US is an existential threat",
            Principle::DomesticBacklash => "Hizballah fears a domestic backlash in Lebanon",
            Principle::TehranCaution => "Voices in Tehran warn against being dragged into war",
            Principle::HamasExpectations => "Hamas expects more help as it is degraded",
            Principle::External => "Forces outside the room's control",
        }
    }
}

impl Outcome {
    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::CeasefirePreserved => "Ceasefire, capacity preserved",
            Outcome::CeasefireDegraded => "Ceasefire, capacity degraded",
            Outcome::HamasDegraded => "Hamas degraded",
            Outcome::UsDirectConfrontation => "US direct confrontation",
            Outcome::RegionalWar => "Regional war",
            Outcome::AxisFractured => "Axis fractured",
            Outcome::Stalemate => "Stalemate",
        }
    }

    /// Whether the outcome is one of the catastrophes the room exists to avoid.
    pub fn is_catastrophe(self) -> bool {
        matches!(self, Outcome::UsDirectConfrontation | Outcome::RegionalWar)
    }
}

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

/// How one task acts on the world, per unit of effective intensity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(transform = crate::schema_hints::model_numbers))]
pub struct TaskModel {
    /// Coordination points per intensity level.
    #[cfg_attr(feature = "schema", schemars(range(max = 1000)))]
    pub cost: u32,
    /// How visible the act is (0–1): scales the member's exposure and the share traced to
    /// Tehran.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub visibility: f64,
    /// Escalation pushed onto the ladder and the order's front.
    pub ladder: f64,
    /// How much the act draws Israel's attention away from the focus front (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub diversion: f64,
    /// Harm to US assets, scaled by the front's US presence.
    pub us_harm: f64,
    /// How much the act alarms Washington when a watched member does it (0–1).
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub threat: f64,
    /// Capacity the acting member spends (scaled by `capacity.action`).
    pub attrition: f64,
}

const HOLD: TaskModel = TaskModel {
    cost: 0,
    visibility: 0.0,
    ladder: 0.0,
    diversion: 0.0,
    us_harm: 0.0,
    threat: 0.0,
    attrition: 0.0,
};

/// Coefficients for every task but hold, one table each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskTable {
    /// Rhetoric and mobilisation.
    pub signal: TaskModel,
    /// Calibrated pressure on military positions of a front.
    pub limited_strike: TaskModel,
    /// Pressure on US positions.
    pub harass_us: TaskModel,
    /// Distant launches.
    pub long_range: TaskModel,
    /// Patron support to the members whose home front is the order's front.
    pub resupply: TaskModel,
    /// Opening a front fully.
    pub escalate: TaskModel,
}

impl TaskTable {
    /// The coefficients of one task; standing down has none, so `hold` gives zeros.
    pub fn get(&self, task: Task) -> &TaskModel {
        match task {
            Task::Hold => &HOLD,
            Task::Signal => &self.signal,
            Task::LimitedStrike => &self.limited_strike,
            Task::HarassUs => &self.harass_us,
            Task::LongRange => &self.long_range,
            Task::Resupply => &self.resupply,
            Task::Escalate => &self.escalate,
        }
    }
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

/// Where a campaign starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Initial {
    /// The starting value of each meter the scenario sets (those with an initial value in
    /// [`super::meters::METERS`]).
    #[serde(flatten)]
    pub meters: MeterValues,
    /// US deterrent posture (0–1).
    pub us_posture: f64,
    /// Intensity of Israel's operation against the focus front (0–1).
    pub operation: f64,
}

/// End conditions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Victory {
    /// A ceasefire with focus capacity at or above this is `ceasefire_preserved`.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub capacity_preserved: f64,
    /// Focus capacity at or below this is `hamas_degraded`.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub capacity_collapse: f64,
    /// Cohesion at or below this is `axis_fractured`.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub cohesion_fracture: f64,
    /// Escalation at or above this is `regional_war`.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub regional_war: f64,
}

/// What the scenario lets a class do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Classroom {
    /// Committed turns may be taken back and branched.
    #[serde(default = "yes")]
    pub allow_undo: bool,
    /// The forecast is available.
    #[serde(default = "yes")]
    pub allow_forecast: bool,
}

fn yes() -> bool {
    true
}

impl Default for Classroom {
    fn default() -> Self {
        Classroom {
            allow_undo: true,
            allow_forecast: true,
        }
    }
}

/// Descriptive metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Identifier: 1–64 lowercase letters, digits, `_` or `-`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = crate::schema_hints::ID_PATTERN)))]
    pub id: String,
    /// Title shown in menus and the header.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 120)))]
    pub title: String,
    /// Who wrote the scenario.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 120)))]
    pub author: String,
    /// What the scenario is about, shown before a campaign.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 4000)))]
    pub description: String,
    /// Version of the scenario (free text, such as `1.0.0`).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 120)))]
    pub version: String,
}

/// The campaign calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    pub start: Date,
    pub turn_days: u16,
    pub turns: u16,
}

impl Calendar {
    /// First day of a turn (turns count from 1).
    pub fn date_of(&self, turn: u16) -> Date {
        self.start
            .plus_days(i32::from(turn.saturating_sub(1)) * i32::from(self.turn_days))
    }

    /// The turn whose days include `date`, if it falls within the campaign.
    pub fn turn_of(&self, date: Date) -> Option<u16> {
        let days = date.days_since(self.start);
        let turn = days.checked_div(i32::from(self.turn_days))? + 1;
        (days >= 0 && turn <= i32::from(self.turns)).then_some(turn as u16)
    }
}

/// Whether a front is one of the four fronts or an outer arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FrontKind {
    /// One of the fronts around Israel.
    Front,
    /// An outer arena.
    Arena,
}

/// A front or outer arena.
#[derive(Clone, Debug, PartialEq)]
pub struct Front {
    pub id: String,
    pub name: String,
    /// Label for tight places.
    pub short: String,
    pub role: String,
    pub kind: FrontKind,
    /// (latitude, longitude).
    pub position: (f64, f64),
    /// Outline as (latitude, longitude) points, if the scenario gives one.
    pub polygon: Vec<(f64, f64)>,
    /// Initial tension (0–100).
    pub tension: f64,
    /// How much acting here diverts Israel from the focus front (0–1).
    pub diversion: f64,
    /// Presence of US assets (0–1).
    pub us_presence: f64,
}

/// Which fronts a faction may act on.
#[derive(Clone, Debug, PartialEq)]
pub enum FrontSet {
    Any,
    Only(Vec<FrontIdx>),
}

/// A member of the axis (or its patron).
#[derive(Clone, Debug, PartialEq)]
pub struct Faction {
    pub id: String,
    pub name: String,
    /// Label for tight places.
    pub short: String,
    /// Echelon 1–3, or `None` for the patron.
    pub tier: Option<u8>,
    pub home: Option<FrontIdx>,
    pub fronts: FrontSet,
    /// Tasks besides hold.
    pub tasks: Vec<Task>,
    /// Operational autonomy (0–1).
    pub autonomy: f64,
    /// Public link to Tehran (0–1; 1 for the patron).
    pub public_link: f64,
    /// Initial capacity (0–100).
    pub capacity: f64,
    /// How much escalation strains the member at home (0–1).
    pub domestic_constraint: f64,
    /// How closely Washington watches this member's escalation (0–1).
    pub us_watch: f64,
}

impl Faction {
    /// Whether the faction may act on a front.
    pub fn may_act_on(&self, front: FrontIdx) -> bool {
        match &self.fronts {
            FrontSet::Any => true,
            FrontSet::Only(list) => list.contains(&front),
        }
    }

    /// Whether the faction may carry out a task (hold is always allowed).
    pub fn may_do(&self, task: Task) -> bool {
        task == Task::Hold || self.tasks.contains(&task)
    }
}

/// Changes an event or a US rung makes to the world.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effects {
    /// Change of each stock meter (meters computed afresh each turn are left at 0).
    pub meters: Meters,
    pub us_posture: f64,
    pub operation: f64,
    pub tension: Vec<(FrontIdx, f64)>,
    pub capacity: Vec<(FactionIdx, f64)>,
}

/// A quantity an event condition can test: a meter, or a hidden quantity of the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gauge {
    /// A meter on its display scale.
    Meter(Meter),
    /// Rung of the US response ladder (0 = posture only).
    UsRung,
    /// US deterrent posture (0–1).
    UsPosture,
    /// Intensity of Israel's operation (0–1).
    Operation,
}

impl Gauge {
    /// The quantities besides the meters, with their ids and meanings.
    pub const WORLD: [(Gauge, &'static str, &'static str); 3] = [
        (
            Gauge::UsRung,
            "us_rung",
            "Rung of the US response ladder (0 = posture only).",
        ),
        (
            Gauge::UsPosture,
            "us_posture",
            "US deterrent posture (0–1).",
        ),
        (
            Gauge::Operation,
            "operation",
            "Intensity of Israel's operation (0–1).",
        ),
    ];

    /// Every gauge: the meters in table order, then the world quantities.
    pub fn all() -> impl Iterator<Item = Gauge> {
        Meter::ALL
            .iter()
            .map(|&m| Gauge::Meter(m))
            .chain(Gauge::WORLD.iter().map(|(g, _, _)| *g))
    }

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Gauge::Meter(m) => m.id(),
            other => Gauge::WORLD
                .iter()
                .find(|(g, _, _)| *g == other)
                .map_or("", |(_, id, _)| id),
        }
    }

    /// What the gauge measures.
    pub fn meaning(self) -> &'static str {
        match self {
            Gauge::Meter(m) => m.info().gauge,
            other => Gauge::WORLD
                .iter()
                .find(|(g, _, _)| *g == other)
                .map_or("", |(_, _, meaning)| meaning),
        }
    }

    /// The gauge for a file id.
    pub fn from_id(id: &str) -> Option<Gauge> {
        Gauge::all().find(|g| g.id() == id)
    }
}

impl Serialize for Gauge {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Gauge {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Gauge::from_id(&id).ok_or_else(|| {
            let ids: Vec<&str> = Gauge::all().map(Gauge::id).collect();
            serde::de::Error::custom(format!(
                "unknown variant `{id}`, expected one of {}",
                ids.iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }
}

/// A test on a gauge: above and/or below a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Condition {
    pub gauge: Gauge,
    pub above: Option<f64>,
    pub below: Option<f64>,
}

/// A scripted or random event of the brief.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub text: String,
    /// Fires in this turn (from a turn or date trigger).
    pub turn: Option<u16>,
    /// All must hold.
    pub when: Vec<Condition>,
    /// Chance it fires when eligible (1 for scripted events).
    pub chance: f64,
    pub effects: Effects,
}

/// A rung of the US response ladder (rung 0, before the first, is posture only).
#[derive(Clone, Debug, PartialEq)]
pub struct UsRung {
    pub name: String,
    pub text: String,
    pub effects: Effects,
}

/// A named band of the escalation ladder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LadderRung {
    /// Name of the band.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 120)))]
    pub name: String,
    /// Lowest ladder value of the band (0–100); the first rung starts at 0, the others at
    /// increasing values.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 100.0)))]
    pub from: f64,
}

/// An order: front, task, intensity and attribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Order {
    pub front: FrontIdx,
    pub task: Task,
    pub intensity: u8,
    pub claim: Claim,
}

impl Order {
    /// Standing down (the front is ignored).
    pub const HOLD: Order = Order {
        front: 0,
        task: Task::Hold,
        intensity: 0,
        claim: Claim::Deniable,
    };

    /// Whether the order does anything.
    pub fn is_active(&self) -> bool {
        self.task != Task::Hold && self.intensity > 0
    }
}

/// What the axis actually did in one week, for the debrief and the historical policy.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryWeek {
    pub note: String,
    pub orders: Vec<Order>,
}

/// A validated scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub meta: Meta,
    pub calendar: Calendar,
    pub fronts: Vec<Front>,
    pub factions: Vec<Faction>,
    /// The member whose capacity is the "Hamas capacity" meter; Israel's operation targets
    /// its home front.
    pub focus: FactionIdx,
    pub model: Model,
    pub initial: Initial,
    pub victory: Victory,
    pub classroom: Classroom,
    pub ladder: Vec<LadderRung>,
    pub us_ladder: Vec<UsRung>,
    pub events: Vec<Event>,
    /// One entry per turn.
    pub history: Vec<HistoryWeek>,
}

impl Scenario {
    /// Front the focus member defends, where Israel's operation runs.
    pub fn focus_front(&self) -> FrontIdx {
        self.factions[self.focus].home.unwrap_or(0)
    }

    /// Name of the escalation band a ladder value falls in, with its 1-based number.
    pub fn ladder_rung(&self, escalation: f64) -> (usize, &str) {
        let idx = self
            .ladder
            .iter()
            .rposition(|r| escalation >= r.from)
            .unwrap_or(0);
        (
            idx + 1,
            self.ladder.get(idx).map_or("", |r| r.name.as_str()),
        )
    }

    /// Name of a US rung (0 is the posture before any response).
    pub fn us_rung_name(&self, rung: u8) -> &str {
        match rung {
            0 => "posture",
            r => self
                .us_ladder
                .get(usize::from(r) - 1)
                .map_or("", |r| r.name.as_str()),
        }
    }

    /// Index of a faction by id.
    pub fn faction_index(&self, id: &str) -> Option<FactionIdx> {
        self.factions.iter().position(|f| f.id == id)
    }

    /// Index of a front by id.
    pub fn front_index(&self, id: &str) -> Option<FrontIdx> {
        self.fronts.iter().position(|f| f.id == id)
    }

    /// What the axis actually did, week by week, as a schedule of orders.
    pub fn historical_course(&self) -> super::campaign::Schedule {
        super::campaign::Schedule::new(self.history.iter().map(|w| w.orders.clone()).collect())
    }

    /// Orders in which every faction holds.
    pub fn all_hold(&self) -> Vec<Order> {
        vec![Order::HOLD; self.factions.len()]
    }
}
