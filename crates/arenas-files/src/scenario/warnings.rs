//! Settings that are valid but decide the game before it is played: a victory threshold
//! already met at the start, a random event that can never fire, a front placed outside
//! the region the map draws. `scenario check` prints them as warnings and still passes.

use crate::diag::Problem;
use crate::path;
use arenas_core::engine::{ForecastMode, Meter, Scenario};

/// Latitudes the regional map draws, south to north.
pub const MAP_LAT: [f64; 2] = [12.0, 37.5];
/// Longitudes the regional map draws, west to east.
pub const MAP_LON: [f64; 2] = [32.0, 57.0];

/// The warnings of a checked scenario, located by path.
pub fn warnings(sc: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    let v = &sc.victory;
    let start = |m: Meter| sc.initial.meters.get(m);
    let capacity = sc.factions.get(sc.focus).map(|f| f.capacity);
    if let Some(c) = capacity.filter(|c| *c <= v.capacity_collapse) {
        out.push(
            Problem::new(
                path!["victory", "capacity_collapse"],
                format!(
                    "the focus member starts with capacity {c}, at or below capacity_collapse = \
                     {}: every campaign ends in the first turn",
                    v.capacity_collapse
                ),
            )
            .hint("lower capacity_collapse, or raise the focus member's capacity"),
        );
    }
    if let Some(c) = start(Meter::Cohesion).filter(|c| *c <= v.cohesion_fracture) {
        out.push(
            Problem::new(
                path!["victory", "cohesion_fracture"],
                format!(
                    "cohesion starts at {c}, at or below cohesion_fracture = {}: every campaign \
                     ends in the first turn",
                    v.cohesion_fracture
                ),
            )
            .hint("lower cohesion_fracture, or raise [initial] cohesion"),
        );
    }
    if let Some(e) = start(Meter::Escalation).filter(|e| *e >= v.regional_war) {
        out.push(
            Problem::new(
                path!["victory", "regional_war"],
                format!(
                    "escalation starts at {e}, at or above regional_war = {}: every campaign \
                     ends in the first turn",
                    v.regional_war
                ),
            )
            .hint("raise regional_war above the starting escalation"),
        );
    }
    for (i, e) in sc.events.iter().enumerate() {
        if e.chance <= 0.0 {
            out.push(
                Problem::new(
                    path!["event", i, "chance"],
                    format!("event `{}` has chance 0: it never fires", e.id),
                )
                .hint("give a chance above 0, or remove the event"),
            );
        }
    }
    let classroom = &sc.classroom;
    if !classroom.allow_forecast && classroom.forecast == ForecastMode::Limited {
        out.push(
            Problem::new(
                path!["classroom", "allow_forecast"],
                "allow_forecast = false switches the forecast off, so forecast = \"limited\" \
                 has no effect",
            )
            .hint("remove allow_forecast, or set forecast = \"off\""),
        );
    }
    for (i, f) in sc.fronts.iter().enumerate() {
        let (lat, lon) = f.position;
        let inside = |x: f64, [lo, hi]: [f64; 2]| (lo..=hi).contains(&x);
        if !(inside(lat, MAP_LAT) && inside(lon, MAP_LON)) {
            let swapped = inside(lon, MAP_LAT) && inside(lat, MAP_LON);
            out.push(
                Problem::new(
                    path!["front", i, "position"],
                    format!(
                        "front `{}` lies at latitude {lat}, longitude {lon}, outside the region \
                         the map draws (latitude {}–{}, longitude {}–{})",
                        f.id, MAP_LAT[0], MAP_LAT[1], MAP_LON[0], MAP_LON[1]
                    ),
                )
                .hint(if swapped {
                    "a position is [latitude, longitude]; these look swapped"
                } else {
                    "a position is [latitude, longitude] in degrees"
                }),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Seg;

    #[test]
    fn the_bundled_scenario_has_no_warnings_and_degenerate_settings_do() {
        let bundled = crate::scenario::default_scenario();
        assert!(warnings(&bundled.scenario).is_empty());
        let mut sc = (*bundled.scenario).clone();
        sc.victory.regional_war = 0.0;
        sc.victory.cohesion_fracture = 100.0;
        sc.events[0].chance = 0.0;
        sc.classroom.allow_forecast = false;
        sc.classroom.forecast = ForecastMode::Limited;
        let (lat, lon) = sc.fronts[0].position;
        sc.fronts[0].position = (lon, lat);
        let found = warnings(&sc);
        let keys: Vec<Option<&str>> = found
            .iter()
            .map(|p| match p.path.first() {
                Some(Seg::Key(k)) => Some(k.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            keys,
            [
                Some("victory"),
                Some("victory"),
                Some("event"),
                Some("classroom"),
                Some("front")
            ],
            "{found:?}"
        );
        assert_eq!(
            found[4].hint.as_deref(),
            Some("a position is [latitude, longitude]; these look swapped")
        );
    }
}
