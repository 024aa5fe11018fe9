//! Meter values as the debrief prints them, in tables and in running text.

use arenas_core::engine::Meter;
use arenas_core::engine::numbers::fixed;

/// A meter value rounded for tables and running text: risk distribution to two decimals, US
/// intervention as a percentage (one decimal below 10 %), the others to whole points.
pub(super) fn format_meter(meter: Meter, value: f64) -> String {
    match meter {
        Meter::RiskDistribution => fixed(value, 2),
        Meter::UsEntry => percent(value),
        _ => whole(value),
    }
}

/// A value rounded to whole points.
pub(super) fn whole(v: f64) -> String {
    fixed(v, 0)
}

/// A percentage for tables and running text: one decimal below 10, else whole.
pub fn percent(v: f64) -> String {
    format!("{}%", pct(v))
}

/// A percentage without its sign: one decimal below 10, else whole.
fn pct(v: f64) -> String {
    if v.abs() < 9.95 {
        fixed(v, 1)
    } else {
        whole(v)
    }
}

/// Which way a meter moved as the debrief shows it: compared on the rounded values shown,
/// so the words never contradict the numbers. `None` when the shown values are equal.
pub(super) fn direction(meter: Meter, before: f64, after: f64) -> Option<bool> {
    (format_meter(meter, before) != format_meter(meter, after)).then_some(after > before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_values_are_rounded_for_tables() {
        assert_eq!(format_meter(Meter::RiskDistribution, 0.456), "0.46");
        assert_eq!(format_meter(Meter::UsEntry, 4.26), "4.3%");
        assert_eq!(format_meter(Meter::UsEntry, 27.4), "27%");
        assert_eq!(format_meter(Meter::Cohesion, -0.2), "0");
        assert_eq!(format_meter(Meter::RiskDistribution, -0.001), "0.00");
    }

    #[test]
    fn directions_follow_the_rounded_values() {
        assert_eq!(direction(Meter::UsEntry, 7.94, 7.96), Some(true));
        assert_eq!(direction(Meter::UsEntry, 7.96, 7.94), Some(false));
        assert_eq!(direction(Meter::UsEntry, 7.91, 7.94), None);
        assert_eq!(direction(Meter::Cohesion, 40.4, 39.6), None);
        assert_eq!(direction(Meter::Cohesion, 40.6, 39.4), Some(false));
    }
}
