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
fn dated_events_carry_their_own_dates_in_the_log_once_those_have_come() {
    let sc = scenario();
    let mut game = Game::new(sc.clone(), 7);
    let dated = |game: &Game, title: &str| {
        game.log()
            .iter()
            .find(|e| e.title.starts_with(title))
            .map(|e| e.date.day_month())
    };
    // Week 1's brief opens on 9 Oct: what it foresees for later that week is logged
    // under 9 Oct until the week is played.
    assert_eq!(dated(&game, "The war begins").as_deref(), Some("9 Oct"));
    assert_eq!(dated(&game, "Tehran praises").as_deref(), Some("9 Oct"));
    assert_eq!(dated(&game, "US carrier groups").as_deref(), Some("9 Oct"));
    game.commit(sc.history[0].orders.clone()).expect("valid");
    assert_eq!(dated(&game, "Tehran praises").as_deref(), Some("10 Oct"));
    assert_eq!(dated(&game, "US carrier groups").as_deref(), Some("11 Oct"));
}

#[test]
fn the_log_never_runs_ahead_of_the_header_and_tells_history_as_history() {
    let sc = scenario();
    let mut game = Game::new(sc.clone(), 7);
    let truce = "Historically, 24 Nov: A humanitarian truce takes hold";
    for week in sc
        .history
        .iter()
        .cycle()
        .take(usize::from(sc.calendar.turns))
    {
        let now = sc.calendar.date_of(game.state().turn);
        for e in game.log() {
            assert!(
                e.date <= now,
                "{} is logged on {}, the header says {}",
                e.title,
                e.date,
                now
            );
            // Only the events the scenario tells as history are told so.
            assert_eq!(e.historical, e.title.starts_with("Historically"), "{e:?}");
            assert!(!e.title.contains("Historically") || e.historical, "{e:?}");
        }
        if game.state().is_over() {
            break;
        }
        game.commit(week.orders.clone()).expect("valid");
    }
    let log = game.log();
    let told = log
        .iter()
        .find(|e| e.title.contains("truce takes hold"))
        .expect("the truce's week was played");
    assert_eq!(told.title, truce);
    assert!(told.historical);
    // Logged on the first day of the week whose brief brought it: 20 Nov.
    assert_eq!(told.date.day_month(), "20 Nov");
    assert!(
        told.text.starts_with("A negotiated pause halted"),
        "{}",
        told.text
    );
    // News of the campaign stays news.
    let carriers = log
        .iter()
        .find(|e| e.title.starts_with("US carrier groups"))
        .expect("carriers");
    assert!(!carriers.historical);
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
        "pushes it up by about 2.7 points",
        "draws Israel's attention from Gaza (60% as much as opening a front fully)",
        "counts in Washington as pressure to end the war (the most of any task)",
        "harms US forces where they are present (10% as much as harassing US forces)",
        "always traced to Tehran, 2.5 times as strongly as a member's",
        "at most 15% of a full resupply (intensity 3 at full capacity) gets through in a week, \
         and up to 80% less of that",
        "2×L2 is two members' limited strikes at intensity 2 on that front",
        "with an arrow pointing the way to them (→ Iraq/Syria 25)",
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
    assert_eq!(
        field_note(&sc, &state, hizballah, &strike, Field::Front),
        "Southern Lebanon, its home front; tension 40 of 100; diverts Israel most; US forces \
         5% as exposed as in Iraq/Syria."
    );
    let hold = Order::HOLD;
    assert!(field_note(&sc, &state, hizballah, &hold, Field::Front).contains("holds"));
}

/// Every decimal number of a text with the word after it, for numbers with a fraction
/// ("0.60 in", "2.7 points").
fn decimals(text: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let n = w.trim_matches(|c: char| !c.is_ascii_digit());
            let decimal = n.contains('.') && n.parse::<f64>().is_ok();
            decimal.then(|| (w.to_string(), words.get(i + 1).unwrap_or(&"").to_string()))
        })
        .collect()
}

#[test]
fn the_glossary_and_the_notes_give_numbers_with_units_not_bare_coefficients() {
    let sc = scenario();
    let game = Game::new(sc.clone(), 7);
    let mut texts: Vec<String> = glossary(&sc)
        .iter()
        .flat_map(|s| s.entries.iter())
        .map(|e| e.text.clone())
        .collect();
    for (i, _) in sc.factions.iter().enumerate() {
        for front in sc.allowed_fronts(i) {
            for task in sc.allowed_tasks(i) {
                let order = Order {
                    front,
                    task,
                    intensity: 2,
                    claim: arenas::engine::Claim::Claimed,
                };
                for field in [Field::Front, Field::Task, Field::Intensity, Field::Claim] {
                    texts.push(field_note(&sc, game.state(), i, &order, field));
                }
            }
        }
    }
    for text in &texts {
        for (number, unit) in decimals(text) {
            assert!(
                ["points", "times"].contains(&unit.trim_end_matches([',', '.', ';'])),
                "{number} without a unit in: {text}"
            );
        }
        for word in [
            "diversion",
            "leverage",
            "visibility",
            "presence",
            "attrition",
        ] {
            assert!(
                !text.contains(&format!("{word} 0")) && !text.contains(&format!("{word} 1")),
                "a bare coefficient in: {text}"
            );
        }
    }
}

#[test]
fn members_with_plural_names_take_plural_verbs() {
    use arenas::engine::{Happening, describe};
    let (sc, state) = opening();
    let houthis = sc.faction_index("houthis").expect("houthis");
    let hamas = sc.faction_index("hamas").expect("hamas");
    assert!(sc.factions[houthis].plural && !sc.factions[hamas].plural);
    let hold = Order::HOLD;
    assert_eq!(
        field_note(&sc, &state, houthis, &hold, Field::Front),
        "Houthis hold: no front, intensity or claim until they are given a task."
    );
    assert_eq!(
        field_note(&sc, &state, hamas, &hold, Field::Front),
        "Hamas holds: no front, intensity or claim until it is given a task."
    );
    let launch = sc.history[2].orders[houthis];
    let claimed = Order {
        claim: arenas::engine::Claim::Claimed,
        ..launch
    };
    assert!(
        field_note(&sc, &state, houthis, &claimed, Field::Claim).contains("Houthis are traced"),
        "{}",
        field_note(&sc, &state, houthis, &claimed, Field::Claim)
    );
    let titles = |f: usize| {
        [
            Happening::Reduced(f),
            Happening::Refused(f),
            Happening::ActedAlone(f),
        ]
        .map(|h| describe(&sc, &h).0)
    };
    assert_eq!(
        titles(houthis),
        [
            "Houthis (Ansar Allah) scale their order down",
            "Houthis (Ansar Allah) do not carry out their order",
            "Houthis (Ansar Allah) act on their own",
        ]
    );
    assert_eq!(
        titles(hamas),
        [
            "Hamas scales its order down",
            "Hamas does not carry out its order",
            "Hamas acts on its own",
        ]
    );
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
