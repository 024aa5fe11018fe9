//! The meters of the game: one table says everything about each of them, and every other
//! place (state, effects, saves, batch means, views, debrief, schema) iterates it.
//!
//! Adding a meter is one [`Meter`] variant, one [`METERS`] row and the rules that move it.

use std::ops::{Index, IndexMut};

use super::numbers::{fixed, signed};
use serde::{Deserialize, Serialize};

keyed_enum! {
    /// A meter of the game. The order is the order of [`METERS`] and of every display.
    Meter {
        /// How unsure adversaries are about Iran's command link (0–100).
        Ambiguity = "ambiguity",
        /// How evenly exposure is spread over members (0–1).
        RiskDistribution = "risk_distribution",
        /// Chance that the US enters the war directly by the campaign's end (percent).
        UsEntry = "us_entry",
        /// Escalation ladder (0–100).
        Escalation = "escalation",
        /// Capacity of the scenario's focus member (0–100).
        HamasCapacity = "hamas_capacity",
        /// International pressure for a ceasefire (0–100).
        InternationalPressure = "international_pressure",
        /// Washington's pressure on Israel to wind the war down (0–100).
        UsPressure = "us_pressure",
        /// Axis cohesion (0–100).
        Cohesion = "cohesion",
    }
}

/// How a meter's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One decimal: `60.1`.
    Decimal1,
    /// Two decimals: `0.37`.
    Decimal2,
    /// A percentage with one decimal: `6.7%`.
    Percent1,
}

/// Which direction of a meter serves the room's aims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

/// A colour family for the meter's line in charts; front-ends map it to their palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hue {
    Cyan,
    Gray,
    Red,
    Magenta,
    Green,
    Yellow,
    LightBlue,
    Blue,
}

/// Where a meter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A stock that the rules change by named factors, turn after turn.
    Stock,
    /// A level computed afresh each turn from named parts.
    Level,
    /// The capacity of the scenario's focus member.
    FocusCapacity,
}

/// Everything the game says about one meter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeterInfo {
    pub meter: Meter,
    /// Human name.
    pub name: &'static str,
    /// Name for tight places (at most 11 columns).
    pub short: &'static str,
    /// One sentence on what the meter measures.
    pub meaning: &'static str,
    /// Upper end of the display scale (the lower end is 0).
    pub scale: f64,
    pub format: Format,
    pub polarity: Polarity,
    pub hue: Hue,
    pub origin: Origin,
    /// What a scenario's `[initial]` value of the meter means, if the scenario sets one.
    pub initial: Option<&'static str>,
    /// What an event condition on the meter tests.
    pub gauge: &'static str,
}

/// The meters, in the order of [`Meter::ALL`].
pub const METERS: [MeterInfo; Meter::COUNT] = [
    MeterInfo {
        meter: Meter::Ambiguity,
        name: "Ambiguity",
        short: "Ambiguity",
        meaning: "How unsure adversaries are about Tehran's command link and the axis' next move.",
        scale: 100.0,
        format: Format::Decimal1,
        polarity: Polarity::HigherIsBetter,
        hue: Hue::Cyan,
        origin: Origin::Stock,
        initial: Some("Ambiguity about Tehran's hand (0–100)."),
        gauge: "Ambiguity meter (0–100).",
    },
    MeterInfo {
        meter: Meter::RiskDistribution,
        name: "Risk distribution",
        short: "Risk spread",
        meaning: "How evenly exposure is spread over the members: 1 is even, 0 is one member exposed.",
        scale: 1.0,
        format: Format::Decimal2,
        polarity: Polarity::HigherIsBetter,
        hue: Hue::Gray,
        origin: Origin::Level,
        initial: Some("Evenness of exposure over the members (0–1)."),
        gauge: "Risk distribution meter (0–1).",
    },
    MeterInfo {
        meter: Meter::UsEntry,
        name: "US entry",
        short: "US entry",
        meaning: "Chance that the US enters the war directly, with a first step on its \
                  escalation track, by the campaign's end if the course so far holds.",
        scale: 100.0,
        format: Format::Percent1,
        polarity: Polarity::LowerIsBetter,
        hue: Hue::Red,
        origin: Origin::Level,
        initial: None,
        gauge: "Chance of direct US entry by the campaign's end (percent).",
    },
    MeterInfo {
        meter: Meter::Escalation,
        name: "Escalation",
        short: "Escalation",
        meaning: "Height of the escalation ladder; climbing down gets harder the higher it is.",
        scale: 100.0,
        format: Format::Decimal1,
        polarity: Polarity::LowerIsBetter,
        hue: Hue::Magenta,
        origin: Origin::Stock,
        initial: Some("Height of the escalation ladder (0–100)."),
        gauge: "Escalation ladder (0–100).",
    },
    MeterInfo {
        meter: Meter::HamasCapacity,
        name: "Hamas capacity",
        short: "Hamas cap.",
        meaning: "Hamas' military capacity, worn down by Israel's operation in Gaza.",
        scale: 100.0,
        format: Format::Decimal1,
        polarity: Polarity::HigherIsBetter,
        hue: Hue::Green,
        origin: Origin::FocusCapacity,
        initial: None,
        gauge: "Capacity of the focus member (0–100).",
    },
    MeterInfo {
        meter: Meter::InternationalPressure,
        name: "Intl. pressure",
        short: "Pressure",
        meaning: "Pressure for a ceasefire; it drives the ceasefire draw.",
        scale: 100.0,
        format: Format::Decimal1,
        polarity: Polarity::HigherIsBetter,
        hue: Hue::Yellow,
        origin: Origin::Stock,
        initial: Some("International pressure for a ceasefire (0–100)."),
        gauge: "International pressure (0–100).",
    },
    MeterInfo {
        meter: Meter::UsPressure,
        name: "US pressure on Israel",
        short: "US press.",
        meaning: "Washington's pressure on Israel to end the war: earned by sustained, spread, \
                  bounded pressure; lost to open escalation and acts traced to Tehran.",
        scale: 100.0,
        format: Format::Decimal1,
        polarity: Polarity::HigherIsBetter,
        hue: Hue::LightBlue,
        origin: Origin::Stock,
        initial: Some("Washington's pressure on Israel to end the war (0–100)."),
        gauge: "US pressure on Israel (0–100).",
    },
    MeterInfo {
        meter: Meter::Cohesion,
        name: "Axis cohesion",
        short: "Cohesion",
        meaning: "How well the axis holds together under strain.",
        scale: 100.0,
        format: Format::Decimal1,
        polarity: Polarity::HigherIsBetter,
        hue: Hue::Blue,
        origin: Origin::Stock,
        initial: Some("Axis cohesion (0–100)."),
        gauge: "Axis cohesion (0–100).",
    },
];

impl Meter {
    /// How many meters there are.
    pub const COUNT: usize = Meter::ALL.len();

    /// The meter's row of [`METERS`].
    pub fn info(self) -> &'static MeterInfo {
        &METERS[self as usize]
    }

    /// Human name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Name for tight places (at most 11 columns).
    pub fn short_name(self) -> &'static str {
        self.info().short
    }

    /// Whether a rise of the meter serves the room's aims.
    pub fn higher_is_better(self) -> bool {
        self.info().polarity == Polarity::HigherIsBetter
    }

    /// The value as shown.
    pub fn format(self, value: f64) -> String {
        match self.info().format {
            Format::Decimal1 => fixed(value, 1),
            Format::Decimal2 => fixed(value, 2),
            Format::Percent1 => format!("{}%", fixed(value, 1)),
        }
    }

    /// A change of the meter as shown, with its sign (`+1.2`, `−0.4`, `0.0`); percentages
    /// are written in points, without `%`.
    pub fn format_change(self, delta: f64) -> String {
        match self.info().format {
            Format::Decimal2 => signed(delta, 2),
            Format::Decimal1 | Format::Percent1 => signed(delta, 1),
        }
    }

    /// Upper end of the meter's display scale (its lower end is 0).
    pub fn full_scale(self) -> f64 {
        self.info().scale
    }

    /// The meter's column name in tables for machines (CSV, `sim`'s means): its id and
    /// its unit, `us_entry_pct`, `ambiguity_0_100`, `risk_distribution_0_1`.
    pub fn column(self) -> String {
        let unit = match (self.info().format, self.info().scale) {
            (Format::Percent1, _) => "pct",
            (_, 1.0) => "0_1",
            _ => "0_100",
        };
        format!("{}_{unit}", self.id())
    }
}

/// One value per meter, indexed by [`Meter`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meters(pub [f64; Meter::COUNT]);

impl Index<Meter> for Meters {
    type Output = f64;
    fn index(&self, meter: Meter) -> &f64 {
        &self.0[meter as usize]
    }
}

impl IndexMut<Meter> for Meters {
    fn index_mut(&mut self, meter: Meter) -> &mut f64 {
        &mut self.0[meter as usize]
    }
}

impl Meters {
    /// Each meter with its value, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (Meter, f64)> + '_ {
        Meter::ALL.iter().map(|&m| (m, self[m]))
    }
}

/// Values for some meters (those `keep` selects), written as a table keyed by meter id in
/// table order; every selected meter is required and no other key is allowed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeterValues(pub Vec<(Meter, f64)>);

impl MeterValues {
    /// The value given for a meter, if any.
    pub fn get(&self, meter: Meter) -> Option<f64> {
        self.0.iter().find(|(m, _)| *m == meter).map(|(_, v)| *v)
    }

    /// Gives a meter a value, in its place in [`Meter::ALL`] order.
    pub fn set(&mut self, meter: Meter, value: f64) {
        match self.0.binary_search_by_key(&meter, |(m, _)| *m) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (meter, value)),
        }
    }
}

impl Serialize for MeterValues {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (m, v) in &self.0 {
            map.serialize_entry(m.id(), v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for MeterValues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = MeterValues;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of meter values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MeterValues, A::Error> {
                let mut values = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Some(meter) = Meter::from_id(&key) else {
                        return Err(serde::de::Error::unknown_field(&key, &[]));
                    };
                    if values.iter().any(|(m, _)| *m == meter) {
                        return Err(serde::de::Error::duplicate_field(meter.id()));
                    }
                    values.push((meter, map.next_value::<f64>()?));
                }
                values.sort_by_key(|(m, _)| *m);
                Ok(MeterValues(values))
            }
        }
        d.deserialize_map(Visit)
    }
}
