//! The scenario file as written: serde types that mirror the TOML, ids as strings.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use toml::value::Datetime;

use crate::engine::{
    Claim, Classroom, FrontKind, Gauge, Initial, LadderRung, Meta, Model, Task, Victory,
};

/// A scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDoc {
    /// Engine format version the file was written for.
    pub format: u32,
    pub meta: Meta,
    pub calendar: CalendarDoc,
    /// Id of the member whose capacity is the "Hamas capacity" meter.
    pub focus: String,
    pub initial: Initial,
    pub victory: Victory,
    #[serde(default)]
    pub classroom: Classroom,
    #[serde(rename = "front")]
    pub fronts: Vec<FrontDoc>,
    #[serde(rename = "faction")]
    pub factions: Vec<FactionDoc>,
    #[serde(rename = "ladder")]
    pub ladder: Vec<LadderRung>,
    #[serde(rename = "us_rung")]
    pub us_ladder: Vec<UsRungDoc>,
    #[serde(default, rename = "event")]
    pub events: Vec<EventDoc>,
    #[serde(default, rename = "week")]
    pub weeks: Vec<WeekDoc>,
    pub model: Model,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDoc {
    /// First day of turn 1, as a TOML date (`2023-10-09`).
    pub start: Datetime,
    pub turn_days: u16,
    pub turns: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontDoc {
    pub id: String,
    pub name: String,
    /// Label for tight places (map, tables); at most 12 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    pub role: String,
    pub kind: FrontKind,
    /// `[latitude, longitude]`.
    pub position: [f64; 2],
    /// `[[latitude, longitude], …]`, not closed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub polygon: Vec<[f64; 2]>,
    pub tension: f64,
    pub diversion: f64,
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactionDoc {
    pub id: String,
    pub name: String,
    /// Label for tight places (tables); at most 12 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    pub tier: TierDoc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
    pub fronts: FrontsDoc,
    pub tasks: Vec<Task>,
    pub autonomy: f64,
    pub public_link: f64,
    pub capacity: f64,
    pub domestic_constraint: f64,
    pub us_watch: f64,
}

/// Changes to the world: meter deltas, and per-front and per-member changes by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EffectsDoc {
    pub ambiguity: f64,
    pub escalation: f64,
    pub international_pressure: f64,
    pub cohesion: f64,
    pub us_posture: f64,
    pub operation: f64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tension: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDoc {
    pub gauge: Gauge,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDoc {
    pub id: String,
    pub title: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Datetime>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<ConditionDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chance: Option<f64>,
    #[serde(default)]
    pub effects: EffectsDoc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsRungDoc {
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub effects: EffectsDoc,
}

/// One order as files write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderDoc {
    pub faction: String,
    pub front: String,
    pub task: Task,
    pub intensity: i64,
    pub claim: Claim,
}

/// What the axis did in one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekDoc {
    pub turn: u16,
    pub note: String,
    #[serde(default)]
    pub orders: Vec<OrderDoc>,
}
