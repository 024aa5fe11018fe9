//! Meter values as the debrief prints them, in tables and in running text.

use crate::engine::Meter;

/// A meter value rounded for tables and running text: risk distribution to two decimals, US
/// intervention as a percentage (one decimal below 10 %), the others to whole points.
pub(super) fn format_meter(meter: Meter, value: f64) -> String {
    match meter {
        Meter::RiskDistribution => format!("{:.2}", value + 0.0),
        Meter::UsIntervention => format!("{}%", pct(value)),
        _ => whole(value),
    }
}

/// A value rounded to whole points.
pub(super) fn whole(v: f64) -> String {
    // Adding 0.0 turns a negative zero into a positive one.
    format!("{:.0}", v.round() + 0.0)
}

/// A percentage without its sign: one decimal below 10, else whole.
fn pct(v: f64) -> String {
    if v.abs() < 9.95 {
        format!("{:.1}", v + 0.0)
    } else {
        whole(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_values_are_rounded_for_tables() {
        assert_eq!(format_meter(Meter::RiskDistribution, 0.456), "0.46");
        assert_eq!(format_meter(Meter::UsIntervention, 4.26), "4.3%");
        assert_eq!(format_meter(Meter::UsIntervention, 27.4), "27%");
        assert_eq!(format_meter(Meter::Cohesion, -0.2), "0");
    }
}
