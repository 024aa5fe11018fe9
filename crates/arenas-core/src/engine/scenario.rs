//! The validated scenario the engine runs on: fronts, factions, coefficients, events.
//!
//! Ids from the file have become indices here; the `scenario` module builds this from TOML
//! and checks every cross-reference, so the engine can index without fear.

use serde::{Deserialize, Serialize};

use super::calendar::{Date, TurnUnit};
use super::coefficients::Model;
use super::meters::{Meter, MeterValues, Meters};
use super::tasks::Task;
use super::vocabulary::{Claim, FactionIdx, FrontIdx, Outcome, UsTrack};

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
    /// The forecast is available (`false` is the same as `forecast = "off"`).
    #[serde(default = "yes")]
    pub allow_forecast: bool,
    /// How much the forecast tells during a campaign.
    #[serde(default, skip_serializing_if = "ForecastMode::is_full")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "full")))]
    pub forecast: ForecastMode,
    /// Forecasts a campaign may ask for under `forecast = "limited"` (1–99).
    #[serde(
        default = "default_forecast_limit",
        skip_serializing_if = "is_default_forecast_limit"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = 1, max = 99), extend("default" = DEFAULT_FORECAST_LIMIT))
    )]
    pub forecast_limit: u16,
    /// Before each commit the player answers a yes-or-no question on what the week will
    /// bring; the debrief scores the answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = false)))]
    pub predict: bool,
}

fn yes() -> bool {
    true
}

/// Forecasts a campaign may ask for under `forecast = "limited"` unless a scenario or class
/// says otherwise.
pub const DEFAULT_FORECAST_LIMIT: u16 = 3;

/// Most forecasts a limited campaign may be given.
pub const MAX_FORECAST_LIMIT: u16 = 99;

fn default_forecast_limit() -> u16 {
    DEFAULT_FORECAST_LIMIT
}

fn is_default_forecast_limit(n: &u16) -> bool {
    *n == DEFAULT_FORECAST_LIMIT
}

impl Default for Classroom {
    fn default() -> Self {
        Classroom {
            allow_undo: true,
            allow_forecast: true,
            forecast: ForecastMode::Full,
            forecast_limit: DEFAULT_FORECAST_LIMIT,
            predict: false,
        }
    }
}

impl Classroom {
    /// The forecast mode the scenario sets: `allow_forecast = false` switches it off.
    pub fn forecast_mode(&self) -> ForecastMode {
        if self.allow_forecast {
            self.forecast
        } else {
            ForecastMode::Off
        }
    }
}

keyed_enum! {
    /// How much the forecast tells a player during a campaign.
    #[derive(Default)]
    ForecastMode {
        /// Every plan and follow-up, as often as asked, compared with the last plan.
        #[default]
        Full = "full",
        /// A few forecasts per campaign, of the plan as given only.
        Limited = "limited",
        /// None during the campaign; the debrief shows what it would have said each week.
        Off = "off",
    }
}

impl ForecastMode {
    /// Whether this is [`ForecastMode::Full`], the default.
    pub fn is_full(&self) -> bool {
        *self == ForecastMode::Full
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

    /// What a turn is called: a week, a day, a fortnight or a turn of N days.
    pub fn unit(&self) -> TurnUnit {
        TurnUnit::of(self.turn_days)
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
    /// Whether its name is plural ("Houthis"): sentences about it take plural verbs.
    pub plural: bool,
}

impl Faction {
    /// The form of a verb that agrees with the member's name: `verb("holds", "hold")`.
    pub fn verb<'a>(&self, singular: &'a str, plural: &'a str) -> &'a str {
        if self.plural { plural } else { singular }
    }

    /// The possessive pronoun that agrees with the member's name: "its" or "their".
    pub fn its(&self) -> &'static str {
        self.verb("its", "their")
    }

    /// Whether the faction may act on a front.
    #[inline]
    pub fn may_act_on(&self, front: FrontIdx) -> bool {
        match &self.fronts {
            FrontSet::Any => true,
            FrontSet::Only(list) => list.contains(&front),
        }
    }

    /// Whether the faction may carry out a task (hold is always allowed).
    #[inline]
    pub fn may_do(&self, task: Task) -> bool {
        task == Task::Hold || self.tasks.contains(&task)
    }

    /// Whether the faction may choose to claim or deny its acts: the patron's acts are
    /// always traced to Tehran, so it has no such choice.
    pub fn offers_claim(&self) -> bool {
        self.public_link < 1.0
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
    /// The highest US rung held on either track, by its place in the ladder (0 before any).
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
            "The highest US rung held on either track, by its place in the ladder (0 before any response).",
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
    /// The day it happened, when the scenario dates it; the log shows this date.
    pub date: Option<Date>,
    /// All must hold.
    pub when: Vec<Condition>,
    /// Chance it fires when eligible (1 for scripted events).
    pub chance: f64,
    pub effects: Effects,
    /// Told as the historical record rather than as news of the campaign (its effects apply
    /// all the same): what happened in history but need not have in a campaign.
    pub historical: bool,
}

/// A rung of the US response ladder, on one of its two tracks.
#[derive(Clone, Debug, PartialEq)]
pub struct UsRung {
    /// The track it belongs to; each track is climbed in ladder order.
    pub track: UsTrack,
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

    /// Indices in the US ladder of a track's rungs, in the order they are climbed.
    pub fn us_track(&self, track: UsTrack) -> impl Iterator<Item = usize> + '_ {
        self.us_ladder
            .iter()
            .enumerate()
            .filter_map(move |(i, rung)| (rung.track == track).then_some(i))
    }

    /// The name of the focus member's capacity and of other meters in this scenario: no
    /// member's name is written in the code.
    pub fn meter_name(&self, meter: super::meters::Meter) -> String {
        match meter.info().origin {
            super::meters::Origin::FocusCapacity => format!("{} capacity", self.focus_short()),
            _ => meter.name().to_owned(),
        }
    }

    /// A meter's name for tight places in this scenario (at most 11 columns where the
    /// member's short name allows).
    pub fn meter_short(&self, meter: super::meters::Meter) -> String {
        match meter.info().origin {
            super::meters::Origin::FocusCapacity => format!("{} cap.", self.focus_short()),
            _ => meter.short_name().to_owned(),
        }
    }

    /// An outcome's name in this scenario, the focus member named as the scenario names it.
    pub fn outcome_name(&self, outcome: Outcome) -> String {
        match outcome {
            Outcome::HamasDegraded => format!("{} degraded", self.focus_short()),
            o => o.name().to_owned(),
        }
    }

    /// The focus member's short name.
    pub fn focus_short(&self) -> &str {
        self.factions
            .get(self.focus)
            .map_or("Focus member", |f| f.short.as_str())
    }

    /// Where rung `rung` of the US ladder (counted from 1 over both tracks) sits on its own
    /// track: the track, the rung's number on it (from 1) and how many rungs the track has.
    pub fn us_place(&self, rung: u8) -> Option<(UsTrack, u8, u8)> {
        let index = usize::from(rung).checked_sub(1)?;
        let track = self.us_ladder.get(index)?.track;
        let step = self.us_track(track).position(|i| i == index)?;
        let count = self.us_track(track).count();
        Some((track, step as u8 + 1, count as u8))
    }

    /// Name of a US rung (0 is the state before any response).
    pub fn us_rung_name(&self, rung: u8) -> &str {
        match rung {
            0 => "no response yet",
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

    /// Orders in which every faction holds.
    pub fn all_hold(&self) -> Vec<Order> {
        vec![Order::HOLD; self.factions.len()]
    }
}
