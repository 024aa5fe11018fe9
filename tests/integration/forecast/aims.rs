//! The aims line's likely ends against the forecast.

use super::*;

#[test]
fn the_aims_lines_likely_ends_agree_with_the_forecast_within_ten_points() {
    let _serial = serial();
    let loaded = arenas::scenario::default_scenario();
    let sc = loaded.scenario;
    // States along three courses: the historical one, restraint and an active plan.
    let courses = [
        sc.historical_course(),
        Schedule::constant(sc.all_hold()),
        plan("calibrated.toml", &sc),
    ];
    for (c, course) in courses.iter().enumerate() {
        let mut game = Game::new(sc.clone(), 40 + c as u64);
        for week in 1..=4u16 {
            if game.state().is_over() {
                break;
            }
            let orders = game.standing_orders();
            let ends = likely_ends(&sc, game.state(), &orders);
            let outlook = Outlook::from_totals(
                &run(
                    Request {
                        scenario: sc.clone(),
                        state: game.state().clone(),
                        orders: orders.clone(),
                        follow_up: FollowUp::RepeatPlan,
                        rollouts: 4000,
                        seed: 99,
                    },
                    2,
                ),
                4000,
            );
            for o in Outcome::ALL {
                let (mine, theirs) = (ends.share(*o), outlook.odds_of(*o).probability);
                assert!(
                    (mine - theirs).abs() <= 0.10,
                    "course {c}, week {week}, {o:?}: aims line {mine:.3}, forecast {theirs:.3}"
                );
            }
            game.commit(course.turn(week).to_vec())
                .expect("valid orders");
        }
    }
}
