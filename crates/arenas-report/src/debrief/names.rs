//! One-line summaries of a week's orders, with the members' and fronts' short names from
//! the scenario (the same names every screen uses).

use arenas_core::engine::{Order, Scenario, orders_summary};
use arenas_files::text::clean;

/// The active orders of a turn in one line, "member: task intensity (attribution)" with
/// the front named only when it is not the member's home front: "Hizballah: limited strike
/// 2 (claimed); Quds Force: resupply 1 to S. Lebanon", or "all hold" when no member acts.
pub fn summarize(scenario: &Scenario, orders: &[Order]) -> String {
    clean(&orders_summary(scenario, orders))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arenas_files::scenario::default_scenario;

    #[test]
    fn summaries_use_the_scenario_short_names() {
        let sc = default_scenario().scenario;
        assert_eq!(summarize(&sc, &sc.all_hold()), "all hold");
        let week3 = summarize(&sc, &sc.history[2].orders);
        assert!(
            week3.contains("Syria mil.: harass US 1 on Iraq/Syria (deniable)"),
            "{week3}"
        );
        assert!(
            week3.contains("Quds Force: resupply 1 to S. Lebanon"),
            "{week3}"
        );
        assert!(
            !week3.contains("Quds Force: resupply 1 to S. Lebanon ("),
            "{week3}"
        );
    }
}
