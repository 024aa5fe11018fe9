//! The words and numbers the game shows: the aims verdict, the turn unit, dated events,
//! the log entry of the room's own orders, factors tied to the members behind them, and
//! numbers without a negative zero.

use std::sync::Arc;

use arenas::engine::aims::{Ends, Verdict, assess, likely_ends};
use arenas::engine::glossary::{Field, field_note, glossary};
use arenas::engine::{Meter, Order, Outcome, Scenario, State, UsTrack};
use arenas::game::Game;
use arenas::scenario::default_scenario;

fn scenario() -> Arc<Scenario> {
    default_scenario().scenario
}

/// The opening state of a campaign, to change by hand.
fn opening() -> (Arc<Scenario>, State) {
    let game = Game::new(scenario(), 7);
    (game.scenario.clone(), game.initial.clone())
}

/// Likely ends with the given shares, the rest a good ceasefire.
fn ends(shares: &[(Outcome, f64)]) -> Ends {
    let mut e = Ends {
        shares: [0.0; Outcome::ALL.len()],
    };
    let mut rest = 1.0;
    for &(o, p) in shares {
        e.shares[o as usize] = p;
        rest -= p;
    }
    e.shares[Outcome::CeasefirePreserved as usize] += rest;
    e
}

#[test]
fn with_no_bad_end_likely_the_verdict_is_on_track() {
    let (sc, state) = opening();
    let a = assess(&sc, &state, &ends(&[(Outcome::Stalemate, 0.1)]));
    assert_eq!(a.verdict, Verdict::OnTrack, "{a:?}");
    assert_eq!(a.reason, "no bad end likely; a good ceasefire 90%");
    assert!(a.ceasefire > 0.0 && a.ceasefire < 0.05, "{}", a.ceasefire);
    assert_eq!(a.aims.len(), 5);
    assert!(a.aims.iter().all(|aim| aim.verdict == Verdict::OnTrack));
}

#[test]
fn the_verdict_names_the_most_likely_bad_end_and_its_chance() {
    let (sc, state) = opening();
    let a = assess(
        &sc,
        &state,
        &ends(&[(Outcome::HamasDegraded, 0.76), (Outcome::Stalemate, 0.2)]),
    );
    assert_eq!(a.verdict, Verdict::Failing);
    assert_eq!(a.reason, "Hamas degraded 76% likely");
    assert_eq!(a.worst, Some((Outcome::HamasDegraded, 0.76)));
    assert!(
        a.reason_long
            .contains("76% of campaigns from here end in hamas degraded")
    );
    // Each aim is judged by its own end: capacity failing, the ceasefire (stalemate) at risk.
    assert_eq!(a.aims[0].verdict, Verdict::Failing);
    assert_eq!(a.aims[4].verdict, Verdict::AtRisk);
    assert_eq!(a.aims[1].verdict, Verdict::OnTrack);
    let war = assess(&sc, &state, &ends(&[(Outcome::RegionalWar, 0.3)]));
    assert_eq!(war.verdict, Verdict::AtRisk);
    assert_eq!(war.reason, "Regional war 30% likely");
}

#[test]
fn what_cannot_end_the_game_is_never_flagged() {
    let (sc, mut state) = opening();
    // The forces track at its top and likely to climb again: no end follows from it.
    state.us_rungs[UsTrack::Forces as usize] = sc.us_track(UsTrack::Forces).count() as u8;
    state.us_next[UsTrack::Forces as usize] = 0.9;
    let a = assess(&sc, &state, &ends(&[]));
    assert_eq!(a.verdict, Verdict::OnTrack, "{a:?}");
    assert!(!a.reason.to_lowercase().contains("forces"), "{}", a.reason);
}

#[test]
fn the_likely_ends_of_a_state_are_its_own_and_sum_to_one() {
    let sc = scenario();
    let mut game = Game::new(sc.clone(), 7);
    for week in sc.history.iter().take(3) {
        game.commit(week.orders.clone()).expect("valid");
    }
    let course = game.standing_orders();
    let a = likely_ends(&sc, game.state(), &course);
    assert_eq!(a, likely_ends(&sc, game.state(), &course), "deterministic");
    assert!((a.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    // Over: the end that came.
    let mut over = game.state().clone();
    over.outcome = Some(Outcome::Stalemate);
    assert_eq!(
        likely_ends(&sc, &over, &course).share(Outcome::Stalemate),
        1.0
    );
}

#[test]
fn dated_events_carry_their_own_dates_in_the_log() {
    let game = Game::new(scenario(), 7);
    let log = game.log();
    let dated = |title: &str| {
        log.iter()
            .find(|e| e.title.starts_with(title))
            .map(|e| e.date.day_month())
    };
    assert_eq!(dated("The war begins").as_deref(), Some("9 Oct"));
    assert_eq!(dated("Tehran praises").as_deref(), Some("10 Oct"));
    assert_eq!(dated("US carrier groups").as_deref(), Some("11 Oct"));
}

#[test]
fn the_log_is_in_date_order_and_one_date_keeps_its_order() {
    let sc = scenario();
    let mut game = Game::new(sc.clone(), 7);
    for week in sc.history.iter().take(4) {
        game.commit(week.orders.clone()).expect("valid");
    }
    let log = game.log();
    assert!(
        log.windows(2).all(|w| w[0].date <= w[1].date),
        "{:?}",
        log.iter()
            .map(|e| (e.date.day_month(), &e.title))
            .collect::<Vec<_>>()
    );
    let at = |title: &str| {
        log.iter()
            .position(|e| e.title.starts_with(title))
            .unwrap_or_else(|| panic!("no entry {title}"))
    };
    // 9 Oct: the war begins, then the room's first orders; 10 Oct: Tehran praises.
    assert!(at("The war begins") < at("Week 1 orders"));
    assert!(at("Week 1 orders") < at("Tehran praises"));
    assert!(at("Week 2 orders") < at("Week 3 orders"));
}

#[test]
fn the_log_reports_the_rooms_orders_from_week_one() {
    let sc = scenario();
    let mut game = Game::new(sc.clone(), 7);
    game.commit(sc.history[0].orders.clone()).expect("valid");
    let log = game.log();
    let entry = log
        .iter()
        .find(|e| e.turn == 1 && e.title.starts_with("Week 1 orders"))
        .expect("an entry for the orders of week 1");
    assert_eq!(entry.title, "Week 1 orders: 7 members act");
    assert_eq!(entry.date.day_month(), "9 Oct");
    assert!(
        entry.text.contains("Hizballah: limited strike 1 (claimed)"),
        "{}",
        entry.text
    );
    assert!(
        entry.text.contains("What these orders did: "),
        "{}",
        entry.text
    );
    game.commit(sc.all_hold()).expect("valid");
    let log = game.log();
    assert!(log.iter().any(|e| e.title == "Week 2 orders: all hold"));
}

#[test]
fn factors_name_the_members_whose_orders_caused_them() {
    let sc = scenario();
    let mut game = Game::new(sc.clone(), 7);
    let mut orders = sc.all_hold();
    let hizballah = sc.faction_index("hizballah").expect("hizballah");
    orders[hizballah] = sc.history[0].orders[hizballah];
    game.commit(orders).expect("valid");
    let report = &game.turns[0].report;
    let traced = report
        .meter(Meter::Ambiguity)
        .factors
        .iter()
        .find(|f| f.rule == "ambiguity.attribution")
        .expect("the claimed strike is traced to Tehran");
    assert_eq!(traced.members, 1 << hizballah);
    assert_eq!(traced.label, "acts traced to Tehran");
    assert_eq!(traced.member_indices().collect::<Vec<_>>(), [hizballah]);
    for x in &report.meters {
        assert!(x.balances(), "{:?}", x.meter);
        for f in &x.factors {
            // Holding is an order too: Hamas recovers because it was told to stand down.
            let by = if f.rule == "capacity.recovery" {
                1 << sc.focus
            } else {
                1 << hizballah
            };
            assert_eq!(f.members & !by, 0, "{f:?}");
        }
    }
    let drift = report
        .meter(Meter::Ambiguity)
        .factors
        .iter()
        .find(|f| f.rule == "ambiguity.drift")
        .expect("drift");
    assert_eq!(drift.members, 0);
}

#[test]
fn turn_words_follow_the_scenario_calendar() {
    let mut sc = (*scenario()).clone();
    sc.calendar.turn_days = 3;
    let sc = Arc::new(sc);
    let mut game = Game::new(sc.clone(), 7);
    game.commit(sc.all_hold()).expect("valid");
    assert!(
        game.log()
            .iter()
            .any(|e| e.title == "Turn 1 orders: all hold")
    );
    let md = arenas::debrief::Debrief::new(&game).to_markdown();
    assert!(md.contains("## Turn by turn"), "{md}");
    assert!(md.contains("| Turn | Date | Your orders |"), "{md}");
    assert!(md.contains("1 of 12 turns played"), "{md}");
    let mut sc = (*scenario()).clone();
    sc.calendar.turn_days = 14;
    assert_eq!(sc.calendar.unit().title(2), "Fortnight 2");
}

#[test]
fn the_glossary_explains_every_word_with_the_scenarios_numbers() {
    let sc = scenario();
    let text: String = glossary(&sc)
        .iter()
        .flat_map(|s| s.entries.iter())
        .map(|e| format!("{}: {}\n", e.term, e.text))
        .collect();
    for needle in [
        "Limited strike (L)",
        "Long range (LR)",
        "Costs 2 points per intensity level (3 points off the home front).",
        "Claimed",
        "Deniable",
        "Coordination points",
        "The room has 22 points each week",
        "Front tension",
        "settles back by up to 8.0 points",
        "pushes by about 2.7",
        "Warnings → Strikes on militias",
        "Strikes on Hizballah → Direct confrontation with Iran",
        "L2 is a limited strike at intensity 2",
        "capacity is at least 35",
    ] {
        assert!(text.contains(needle), "glossary lacks {needle:?}:\n{text}");
    }
    let (sc, state) = opening();
    let hizballah = sc.faction_index("hizballah").expect("hizballah");
    let strike = sc.history[0].orders[hizballah];
    assert_eq!(
        field_note(&sc, &state, hizballah, &strike, Field::Task),
        "Limited strike, 2 points a level. Calibrated pressure on military positions of a \
         front: diverts Israel's attention."
    );
    assert!(field_note(&sc, &state, hizballah, &strike, Field::Claim).starts_with("Claimed"));
    assert_eq!(
        field_note(&sc, &state, hizballah, &strike, Field::Intensity),
        "Intensity 1 of 3: scales every effect and the cost, 2 points here."
    );
    let hold = Order::HOLD;
    assert!(field_note(&sc, &state, hizballah, &hold, Field::Front).contains("holds"));
}

#[test]
fn numbers_are_written_without_a_negative_zero() {
    assert_eq!(Meter::Ambiguity.format(-0.01), "0.0");
    assert_eq!(Meter::RiskDistribution.format(-0.001), "0.00");
    assert_eq!(Meter::UsEntry.format(-0.04), "0.0%");
    assert_eq!(Meter::Escalation.format_change(-0.04), "0.0");
    assert_eq!(Meter::Escalation.format_change(-2.25), "−2.3");
    assert_eq!(Meter::RiskDistribution.format_change(0.151), "+0.15");
}
