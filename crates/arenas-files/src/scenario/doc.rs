//! The scenario file as written: serde types that mirror the TOML, ids as strings.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use toml::value::Datetime;

use arenas_core::engine::{
    Claim, Classroom, FrontKind, Gauge, Initial, LadderRung, Meta, Model, Task, UsTrack, Victory,
};

/// An Arenas scenario file: the situation, its actors, its script and every coefficient of
/// the rules engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDoc {
    /// Engine format version the file was written for.
    #[schemars(range(min = 1, max = super::FORMAT))]
    pub format: u32,
    /// Descriptive metadata.
    pub meta: Meta,
    /// The campaign calendar.
    pub calendar: CalendarDoc,
    /// Id of the member whose capacity is the "Hamas capacity" meter; Israel's operation
    /// targets its home front.
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub focus: String,
    /// Meters at the start of the campaign.
    pub initial: Initial,
    /// Thresholds of the end conditions.
    pub victory: Victory,
    /// What the scenario lets a class do.
    #[serde(default)]
    pub classroom: Classroom,
    /// The fronts and outer arenas (1–16).
    #[serde(rename = "front")]
    #[schemars(length(min = 1, max = arenas_core::engine::MAX_FRONTS))]
    pub fronts: Vec<FrontDoc>,
    /// The members of the axis and their patron (1–16).
    #[serde(rename = "faction")]
    #[schemars(length(min = 1, max = arenas_core::engine::MAX_FACTIONS))]
    pub factions: Vec<FactionDoc>,
    /// Named bands of the escalation ladder, from low to high (1–10).
    #[serde(rename = "ladder")]
    #[schemars(length(min = 1, max = 10))]
    pub ladder: Vec<LadderRung>,
    /// Rungs of the US response ladder, from the first to direct confrontation (1–8).
    #[serde(rename = "us_rung")]
    #[schemars(length(min = 1, max = 8))]
    pub us_ladder: Vec<UsRungDoc>,
    /// Scripted and random events of the brief (at most 128).
    #[serde(default, rename = "event")]
    #[schemars(length(max = arenas_core::engine::MAX_EVENTS))]
    pub events: Vec<EventDoc>,
    /// What the axis actually did, one entry per turn at most.
    #[serde(default, rename = "week")]
    #[schemars(length(max = arenas_core::engine::MAX_TURNS))]
    pub weeks: Vec<WeekDoc>,
    /// Every coefficient of the rules engine; each rule's path is its id in explanations.
    pub model: Model,
}

/// The campaign calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDoc {
    /// First day of turn 1, as a TOML date (`2023-10-09`).
    #[schemars(with = "String", extend("format" = "date"))]
    pub start: Datetime,
    /// Days per turn (1–31; 7 for weekly turns).
    #[schemars(range(min = 1, max = 31))]
    pub turn_days: u16,
    /// Number of turns in the campaign (1–104).
    #[schemars(range(min = 1, max = arenas_core::engine::MAX_TURNS))]
    pub turns: u16,
}

/// A front or outer arena.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontDoc {
    /// Identifier: 1–64 lowercase letters, digits, `_` or `-`.
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub id: String,
    /// Name of the front.
    #[schemars(length(min = 1, max = 120))]
    pub name: String,
    /// Label for tight places (map, tables); at most 12 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 12))]
    pub short: Option<String>,
    /// Its role in the war, such as "northern front".
    #[schemars(length(min = 1, max = 120))]
    pub role: String,
    /// One of the fronts around Israel, or an outer arena.
    pub kind: FrontKind,
    /// `[latitude, longitude]`.
    #[schemars(schema_with = "crate::schema_hints::lat_lon")]
    pub position: [f64; 2],
    /// Outline as `[[latitude, longitude], …]`, not closed (3–2000 points).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "crate::schema_hints::outline")]
    pub polygon: Vec<[f64; 2]>,
    /// Initial tension (0–100).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub tension: f64,
    /// How much acting here diverts Israel from the focus front (0–1).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub diversion: f64,
    /// Presence of US assets (0–1): scales the harm acts here do to them.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub us_presence: f64,
}

/// A member's echelon: 1–3, or `"patron"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierDoc {
    Level(i64),
    Patron,
}

impl Serialize for TierDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TierDoc::Level(n) => s.serialize_i64(*n),
            TierDoc::Patron => s.serialize_str("patron"),
        }
    }
}

impl<'de> Deserialize<'de> for TierDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TierDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("1, 2, 3 or \"patron\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TierDoc, E> {
                Ok(TierDoc::Level(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TierDoc, E> {
                Ok(TierDoc::Level(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TierDoc, E> {
                match v {
                    "patron" => Ok(TierDoc::Patron),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for TierDoc {
    fn schema_name() -> Cow<'static, str> {
        "TierDoc".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A member's echelon: 1–3, or \"patron\".",
            "oneOf": [
                { "type": "integer", "minimum": 1, "maximum": 3 },
                { "type": "string", "const": "patron" },
            ],
        })
    }
}

/// Fronts a member may act on: a list of ids, or `"any"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontsDoc {
    Any,
    Only(Vec<String>),
}

impl Serialize for FrontsDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FrontsDoc::Any => s.serialize_str("any"),
            FrontsDoc::Only(list) => list.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for FrontsDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FrontsDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of front ids or \"any\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FrontsDoc, E> {
                match v {
                    "any" => Ok(FrontsDoc::Any),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FrontsDoc, A::Error> {
                let mut list = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    list.push(id);
                }
                Ok(FrontsDoc::Only(list))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for FrontsDoc {
    fn schema_name() -> Cow<'static, str> {
        "FrontsDoc".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Fronts a member may act on: a list of ids, or \"any\".",
            "oneOf": [
                {
                    "type": "array",
                    "items": { "type": "string", "pattern": crate::schema_hints::ID_PATTERN },
                    "minItems": 1,
                    "maxItems": arenas_core::engine::MAX_FRONTS,
                },
                { "type": "string", "const": "any" },
            ],
        })
    }
}

/// A member of the axis, or its patron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactionDoc {
    /// Identifier: 1–64 lowercase letters, digits, `_` or `-`.
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub id: String,
    /// Name of the member.
    #[schemars(length(min = 1, max = 120))]
    pub name: String,
    /// Label for tight places (tables); at most 12 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 12))]
    pub short: Option<String>,
    /// Echelon 1–3, or "patron".
    pub tier: TierDoc,
    /// Id of the front the member defends; required for all but the patron.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub home: Option<String>,
    /// Ids of the fronts the member may act on (including its home), or "any".
    pub fronts: FrontsDoc,
    /// Tasks the member may carry out besides hold, which is always allowed and not listed.
    #[schemars(extend("uniqueItems" = true))]
    pub tasks: Vec<Task>,
    /// Operational autonomy (0–1): how much its deniable acts raise ambiguity.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub autonomy: f64,
    /// Public link to Tehran (0–1; 1 for the patron).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub public_link: f64,
    /// Initial capacity (0–100).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub capacity: f64,
    /// How much escalation strains the member at home (0–1).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub domestic_constraint: f64,
    /// How closely Washington watches this member's escalation (0–1).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub us_watch: f64,
    /// Whether the name is plural ("Houthis"), so that sentences about the member take
    /// plural verbs ("Houthis hold", "… scale their order down").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plural: bool,
}

/// Changes to the world: meter deltas, and per-front and per-member changes by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EffectsDoc {
    /// Change of ambiguity (−100 to 100).
    #[schemars(range(min = -100.0, max = 100.0))]
    pub ambiguity: f64,
    /// Change of the escalation ladder (−100 to 100).
    #[schemars(range(min = -100.0, max = 100.0))]
    pub escalation: f64,
    /// Change of international pressure (−100 to 100).
    #[schemars(range(min = -100.0, max = 100.0))]
    pub international_pressure: f64,
    /// Change of US pressure on Israel (−100 to 100).
    #[schemars(range(min = -100.0, max = 100.0))]
    pub us_pressure: f64,
    /// Change of axis cohesion (−100 to 100).
    #[schemars(range(min = -100.0, max = 100.0))]
    pub cohesion: f64,
    /// Change of the US deterrent posture (−1 to 1).
    #[schemars(range(min = -1.0, max = 1.0))]
    pub us_posture: f64,
    /// Change of the intensity of Israel's operation (−1 to 1).
    #[schemars(range(min = -1.0, max = 1.0))]
    pub operation: f64,
    /// Change of tension (−100 to 100) by front id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(transform = crate::schema_hints::delta_map)]
    pub tension: BTreeMap<String, f64>,
    /// Change of capacity (−100 to 100) by faction id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(transform = crate::schema_hints::delta_map)]
    pub capacity: BTreeMap<String, f64>,
}

/// A test on a gauge: above and/or below a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{ "required": ["above"] }, { "required": ["below"] }]))]
pub struct ConditionDoc {
    /// The quantity tested.
    pub gauge: Gauge,
    /// Holds when the gauge is strictly above this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -1e6, max = 1e6))]
    pub above: Option<f64>,
    /// Holds when the gauge is strictly below this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -1e6, max = 1e6))]
    pub below: Option<f64>,
}

/// A scripted or random event of the brief; it needs a `turn`, a `date`, `when` conditions
/// or a `chance`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "anyOf" = [
        { "required": ["turn"] },
        { "required": ["date"] },
        { "required": ["when"] },
        { "required": ["chance"] },
    ],
    "not" = { "required": ["turn", "date"] },
))]
pub struct EventDoc {
    /// Identifier: 1–64 lowercase letters, digits, `_` or `-`.
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub id: String,
    /// Headline shown in the event log.
    #[schemars(length(min = 1, max = 120))]
    pub title: String,
    /// What happened, shown in the brief.
    #[schemars(length(min = 1, max = 4000))]
    pub text: String,
    /// Fires in this turn (give a turn or a date, not both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = arenas_core::engine::MAX_TURNS))]
    pub turn: Option<u16>,
    /// Fires in the turn whose days include this TOML date (`2023-10-09`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub date: Option<Datetime>,
    /// Conditions that must all hold for the event to fire.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<ConditionDoc>,
    /// Chance (0–1) it fires in a turn when eligible; 1 if left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub chance: Option<f64>,
    /// What the event changes.
    #[serde(default)]
    pub effects: EffectsDoc,
    /// Tell the event as the historical record, not as news of the campaign: the log shows
    /// it as "Historically, 24 Nov: …" on the day of the brief that brings it, apart from
    /// the campaign's own news. For what happened in history but need not in a campaign (a
    /// truce, a speech by a member the player commands); its effects apply all the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub historical: bool,
}

/// A rung of the US response ladder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsRungDoc {
    /// Name of the rung.
    #[schemars(length(min = 1, max = 120))]
    pub name: String,
    /// What the US does, shown when it climbs to this rung.
    #[schemars(length(min = 1, max = 4000))]
    pub text: String,
    /// The track the rung belongs to: `forces` (the answer to harm against US forces) or
    /// `escalation` (the answer to escalation against Israel and Tehran's visibility). Each
    /// track is climbed in the order of its rungs; the top of the escalation track is
    /// direct confrontation.
    pub track: UsTrack,
    /// What reaching the rung changes (the first time only).
    #[serde(default)]
    pub effects: EffectsDoc,
}

/// One order as files write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderDoc {
    /// Id of the faction given the order.
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub faction: String,
    /// Id of the front it acts on.
    #[schemars(regex(pattern = crate::schema_hints::ID_PATTERN))]
    pub front: String,
    /// What the faction does.
    pub task: Task,
    /// Intensity 0–3.
    #[schemars(range(min = 0, max = arenas_core::engine::MAX_INTENSITY))]
    pub intensity: i64,
    /// Whether the act is owned publicly or left unattributed (`deniable` when left out;
    /// the patron's acts are always traced to Tehran, so leave it out for the patron).
    #[serde(default = "deniable")]
    pub claim: Claim,
}

fn deniable() -> Claim {
    Claim::Deniable
}

/// What the axis did in one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekDoc {
    /// The turn this entry describes.
    #[schemars(range(min = 1, max = arenas_core::engine::MAX_TURNS))]
    pub turn: u16,
    /// What happened that week, for the debrief.
    #[schemars(length(min = 1, max = 4000))]
    pub note: String,
    /// The orders the axis actually gave; factions not named held.
    #[serde(default)]
    pub orders: Vec<OrderDoc>,
}
