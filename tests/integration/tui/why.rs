//! The aims line, the why panel and view, the key bar, scrolling and the debrief chart.

use super::*;

#[test]
fn the_aims_line_gives_a_verdict_and_its_reason() {
    let mut app = game(7);
    let text = screen(&mut app, (80, 24));
    let a = verdict(&app);
    let line = text.lines().nth(1).unwrap_or_default().to_owned();
    assert!(
        line.contains(&format!("{}: {}", a.verdict.title(), a.reason)),
        "{line}"
    );
    // With every member holding, Gaza bleeds alone and the axis frays.
    for _ in 0..5 {
        press(&mut app, "c");
    }
    assert!(matches!(app.screen, Screen::Campaign(_)));
    snapshot_both("aims_failing", &mut app);
    let a = verdict(&app);
    assert_eq!(a.verdict, Verdict::Failing, "{a:?}");
    let text = screen(&mut app, (160, 48));
    assert!(
        text.contains(&format!("Failing: {}", a.reason_long)),
        "{text}"
    );
}

#[test]
fn in_a_restraint_campaign_the_aims_line_names_the_likely_fracture_of_the_axis() {
    // Restraint: the other fronts hold while Hamas fights its own war, which it expects them
    // to join; left alone, it breaks with the axis before Israel wears it down.
    let mut app = game(7);
    for _ in 0..4 {
        let orders = orders_mut(&mut app);
        orders[0] = Order {
            front: 0,
            task: Task::LimitedStrike,
            intensity: 2,
            claim: Claim::Claimed,
        };
        press(&mut app, "c");
    }
    let play = app.play().expect("playing");
    assert_eq!(play.game.state().turn, 5, "week 5");
    let a = verdict(&app);
    let ends = play.likely_ends();
    assert_eq!(
        a.worst.map(|w| w.0),
        Some(Outcome::AxisFractured),
        "{ends:?}"
    );
    let text = screen(&mut app, (80, 24));
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("Axis fractured")),
        "{text}"
    );
    snapshot_both("aims_restraint_week5", &mut app);
}

#[test]
fn the_why_panel_groups_factors_by_the_orders_behind_them() {
    let mut app = after_historical_week_one();
    press(&mut app, "cw");
    snapshot_both("why_by_member", &mut app);
    let text = screen(&mut app, (160, 48));
    assert!(
        text.contains("Syria mil.: limited strike 1 (deniable)"),
        "{text}"
    );
    // Hamas capacity: Hamas' own fight, the others' diversion, Israel's operation.
    press(&mut app, "llll");
    snapshot_both("why_by_member_capacity", &mut app);
    let text = screen(&mut app, (160, 48));
    for heading in [
        "Hamas: limited strike 3 (claimed)",
        "Together: Hamas, PIJ",
        "Not from an order",
    ] {
        assert!(text.contains(heading), "no heading {heading}:\n{text}");
    }
}

#[test]
fn the_why_view_draws_no_zero_factor_and_sizes_bars_in_the_meters_points() {
    let mut app = after_historical_week_one();
    // The why view of US entry, the third meter: each track's factors.
    press(&mut app, "cwll");
    let text = screen(&mut app, (160, 48));
    assert!(text.contains("US entry ="), "{text}");
    assert!(text.contains("Escalation track: 0/2"), "{text}");
    assert!(text.contains("Forces track:"), "{text}");
    let mut rows = 0;
    for line in text.lines() {
        // A factor's row: its value, then its bar.
        let Some(at) = line.find('█') else {
            continue;
        };
        let Some(value) = line[..at].split_whitespace().last() else {
            continue;
        };
        let bar: String = line[at..].chars().take_while(|&c| c == '█').collect();
        let points: f64 = value.replace('−', "-").parse().expect("a factor's value");
        rows += 1;
        assert!(points != 0.0, "a zero factor is drawn: {line}");
        // One cell per point of the 0–100 scale: a factor under a point draws one.
        if points.abs() < 1.0 {
            assert_eq!(bar.chars().count(), 1, "{line}");
        }
        assert!(bar.chars().count() <= 16, "{line}");
    }
    assert!(rows > 0, "no factor drawn:\n{text}");
    assert!(text.contains("round to zero and are not drawn"), "{text}");
}

#[test]
fn the_key_bar_offers_only_what_the_scenario_allows() {
    let mut app = game(3);
    press(&mut app, "c");
    let keys = key_line(&screen(&mut app, (160, 48)));
    for hint in ["f forecast", "u undo turn", "b branch"] {
        assert!(keys.contains(hint), "{hint} missing: {keys}");
    }
    let mut loaded = arenas::scenario::default_scenario();
    let classroom = &mut std::sync::Arc::make_mut(&mut loaded.scenario).classroom;
    classroom.allow_forecast = false;
    classroom.allow_undo = false;
    let mut app = playing(Theme::COLOUR, scratch(), loaded, 3);
    press(&mut app, "c");
    for size in SIZES {
        let keys = key_line(&screen(&mut app, size));
        for hint in ["forecast", "undo", "branch"] {
            assert!(!keys.contains(hint), "{hint} offered at {size:?}: {keys}");
        }
        assert!(keys.contains("c commit turn"), "{keys}");
    }
}

#[test]
fn scrolling_stops_at_the_end_of_the_text() {
    let size = (80, 24);
    let mut app = game(11);
    // Help: the last line shows once scrolled down, and one key back moves at once.
    press(&mut app, "?");
    let moves = press_until_still(&mut app, "j", size);
    assert!(moves > 0);
    let end = screen(&mut app, size);
    assert!(end.contains("a degraded Hamas"), "{end}");
    let Some(Overlay::Help { scroll }) = app.overlay else {
        panic!("help closed")
    };
    assert_eq!(usize::from(scroll), moves, "no scrolling on past the end");
    press(&mut app, "k");
    assert_ne!(screen(&mut app, size), end, "one key back moves at once");
    press(&mut app, "\x1b");

    // The glossary: its counter stops at the end too.
    press(&mut app, "g");
    let moves = press_until_still(&mut app, "j", size);
    assert!(moves > 0);
    let end = screen(&mut app, size);
    let Some(Overlay::Glossary { scroll }) = app.overlay else {
        panic!("glossary closed")
    };
    assert_eq!(usize::from(scroll), moves, "no scrolling on past the end");
    press(&mut app, "k");
    assert_ne!(screen(&mut app, size), end, "one key back moves at once");
    press(&mut app, "\x1b");

    // The log, focused, scrolls back to its first entry and no further.
    for _ in 0..3 {
        press(&mut app, "c");
    }
    press(&mut app, "\t");
    let moves = press_until_still(&mut app, "k", size);
    let top = screen(&mut app, size);
    assert!(top.contains("The war begins"), "{top}");
    let log_scroll = app.play().map(|p| usize::from(p.log_scroll));
    assert_eq!(log_scroll, Some(moves));

    // A debrief tab stops with its last line at the bottom.
    for _ in 0..12 {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        press(&mut app, "c");
    }
    assert!(matches!(app.screen, Screen::Debrief { .. }));
    press(&mut app, "ll");
    let moves = press_until_still(&mut app, "j", size);
    let Screen::Debrief { scroll, .. } = app.screen else {
        panic!("debrief left")
    };
    assert_eq!(usize::from(scroll), moves);
    let end = screen(&mut app, size);
    let last_week = app.play().map_or(0, |p| p.game.turns.len());
    assert!(end.contains(&format!("Week {last_week} ·")), "{end}");
}

#[test]
fn the_why_overlay_fits_its_tabs_reaches_every_meter_and_stops_at_the_end() {
    let size = (80, 24);
    let mut app = after_historical_week_one();
    press(&mut app, "cw");
    // Every meter's tab is on screen, whole, at 80 columns.
    let shown = screen(&mut app, size);
    for m in arenas::engine::Meter::ALL {
        assert!(
            shown.contains(m.short_name()),
            "{} missing:\n{shown}",
            m.short_name()
        );
    }
    let mut scrolled = 0;
    for n in 0..arenas::engine::Meter::ALL.len() {
        let Some(Overlay::Why { meter, .. }) = app.overlay else {
            panic!("why closed")
        };
        assert_eq!(meter, n, "l steps through every meter");
        let moves = press_until_still(&mut app, "j", size);
        let Some(Overlay::Why { scroll, .. }) = app.overlay else {
            panic!("why closed")
        };
        assert_eq!(usize::from(scroll), moves, "no scrolling on past the end");
        if moves > 0 {
            scrolled += 1;
            let end = screen(&mut app, size);
            press(&mut app, "k");
            assert_ne!(screen(&mut app, size), end, "one key back moves at once");
        }
        press(&mut app, "l");
    }
    assert!(
        scrolled > 0,
        "no meter's explanation was long enough to scroll"
    );
    assert!(matches!(app.overlay, Some(Overlay::Why { meter: 0, .. })));
}

#[test]
fn the_debrief_chart_shows_one_meter_at_a_time_dated_at_its_weeks() {
    let mut app = game(11);
    for _ in 0..12 {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        press(&mut app, "c");
    }
    press(&mut app, "l");
    let Screen::Debrief { debrief, .. } = &app.screen else {
        panic!("no debrief")
    };
    let first = debrief.series_dates.first().expect("dates").day_month();
    let last = debrief.series_dates.last().expect("dates").day_month();
    let names: Vec<&str> = debrief.series.iter().map(|(m, _)| m.short_name()).collect();
    for size in SIZES {
        let text = screen(&mut app, size);
        let dates = text
            .lines()
            .rev()
            .nth(3)
            .expect("the date line above the panel's foot, status and keys");
        assert!(
            dates.contains(&first) && dates.trim_end_matches(['│', ' ', '"']).ends_with(&last),
            "the dates run from {first} to {last}: {dates:?}"
        );
    }
    // ↑ and ↓ pick the meter; the head names the one shown.
    for (i, name) in names.iter().enumerate().skip(1).take(3) {
        press(&mut app, "j");
        assert!(matches!(app.screen, Screen::Debrief { meter, .. } if meter == i));
        let text = screen(&mut app, (80, 24));
        assert!(text.contains(&format!("▸ {name}")), "{name}: {text}");
    }
    press(&mut app, "kkkk");
    assert!(matches!(
        app.screen,
        Screen::Debrief { meter, .. } if meter == names.len() - 1
    ));
}
