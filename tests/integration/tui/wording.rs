//! Wording on screen: wrapped messages, weeks or days, the header, file and member names, the debrief's stories.

use super::*;

#[test]
fn a_long_message_wraps_over_the_panels() {
    let mut app = game(7);
    app.status = Some(arenas::tui::app::Status {
        text: "Week 3 resolved, but the autosave failed: cannot create \
               /home/student/classroom/arenas/saves: permission denied (os error 13). \
               Press s to save by hand."
            .into(),
        warning: true,
    });
    let text = screen(&mut app, (80, 24));
    assert!(
        text.contains("\" to save by hand.") && text.contains("(os error 13)"),
        "the message wraps whole, its lines indented by one: {text}"
    );
    snapshot_both("wrapped_status", &mut app);
}

#[test]
fn no_screen_says_week_when_turns_last_three_days() {
    let text = arenas::scenario::BUNDLED[0].text.replacen(
        "turn_days = 7\nturns = 12",
        "turn_days = 3\nturns = 28",
        1,
    );
    let loaded = arenas::scenario::parse("three-days.toml", &text).expect("valid scenario");
    assert_eq!(loaded.scenario.calendar.turn_days, 3);
    let dir = scratch();
    let mut app = playing(Theme::COLOUR, dir.clone(), loaded, 7);
    let mut shown = Vec::new();
    let mut look = |app: &mut Harness, what: &str| {
        for size in SIZES {
            shown.push((format!("{what} at {size:?}"), screen(app, size)));
        }
    };
    look(&mut app, "campaign");
    press(&mut app, "cc");
    look(&mut app, "campaign, third turn");
    press(&mut app, "\t");
    look(&mut app, "log");
    press(&mut app, "\tw");
    look(&mut app, "why");
    press(&mut app, "\x1bf");
    app.finish_forecast();
    look(&mut app, "forecast");
    press(&mut app, "\x1bj\nkf");
    app.finish_forecast();
    look(&mut app, "forecast compared");
    press(&mut app, "\x1bb");
    look(&mut app, "branch picker");
    press(&mut app, "j\n");
    look(&mut app, "branch saved");
    press(&mut app, "y");
    look(&mut app, "playing the branch");
    for _ in 0..30 {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        press(&mut app, "c");
    }
    assert!(matches!(app.screen, Screen::Debrief { .. }));
    for tab in ["outcome", "meters", "turns", "questions"] {
        look(&mut app, &format!("debrief {tab}"));
        press(&mut app, &"j".repeat(40));
        look(&mut app, &format!("debrief {tab} scrolled"));
        press(&mut app, "l");
    }
    let mut load = menu(Theme::COLOUR, dir);
    press(&mut load, "j\n");
    assert!(matches!(load.screen, Screen::Load { .. }));
    look(&mut load, "load");
    assert!(
        shown.iter().any(|(_, s)| s.contains("Turn 3")),
        "no Turn 3 shown"
    );
    for (what, text) in &shown {
        assert!(!text.to_lowercase().contains("week"), "{what}:\n{text}");
    }
}

#[test]
fn the_header_title_keeps_one_form_all_campaign() {
    let mut app = game(11);
    let history = app
        .play()
        .map(|p| p.game.scenario.history.clone())
        .unwrap_or_default();
    let mut titles = Vec::new();
    while let Screen::Campaign(play) = &app.screen {
        let turn = usize::from(play.game.state().turn);
        if let Some(week) = history.get(turn - 1) {
            *orders_mut(&mut app) = week.orders.clone();
        }
        let text = screen(&mut app, (80, 24));
        let head = text.lines().next().unwrap_or("").to_owned();
        let (title, right) = head.split_once('│').expect("a header with parts");
        assert!(right.contains(&format!("Week {turn}/")), "{head}");
        titles.push((turn, title.to_owned()));
        press(&mut app, "c");
    }
    assert!(titles.len() >= 10, "only {} weeks played", titles.len());
    for (turn, title) in &titles {
        assert_eq!(title, &titles[0].1, "week {turn}");
    }
}

#[test]
fn the_load_screen_at_80x24_always_shows_the_whole_file_name() {
    let dir = scratch();
    let saved = arenas::save::load_file(std::path::Path::new("saves/after-nasrallah-speech.toml"))
        .expect("the shipped save");
    let name = "pair 12 after the speech, with Hizballah escalating in the north";
    let file = arenas::save::file_name(name);
    let lineage = arenas::save::Lineage {
        campaign: saved.campaign.clone(),
        prepared: saved.prepared,
        classwork: saved.classwork.clone(),
    };
    arenas::save::save(
        &dir.join(&file),
        &saved.game,
        &lineage,
        &saved.doc,
        name,
        arenas::save::Replace::No,
    )
    .expect("saved");
    let mut app = menu(Theme::COLOUR, dir);
    press(&mut app, "j\n");
    assert!(matches!(app.screen, Screen::Load { .. }));
    let text = screen(&mut app, (80, 24));
    assert!(
        text.contains(&format!("in {file}")),
        "{file} not whole in:\n{text}"
    );
}

#[test]
fn labels_that_name_the_protected_member_take_its_name_from_the_scenario() {
    let text =
        arenas::scenario::BUNDLED[0]
            .text
            .replacen("focus = \"hamas\"", "focus = \"hizballah\"", 1);
    let loaded = arenas::scenario::parse("hizballah-first.toml", &text).expect("valid scenario");
    let mut app = playing(Theme::COLOUR, scratch(), loaded, 7);
    let labels = [
        "Hamas cap",
        "Hamas capacity",
        "Hamas degraded",
        "Hamas 9",
        "Hamas 8",
    ];
    let check = |app: &mut Harness, what: &str| {
        let mut named = false;
        for size in SIZES {
            let shown = screen(app, size);
            for label in labels {
                assert!(
                    !shown.contains(label),
                    "{what} at {size:?} says {label:?}:\n{shown}"
                );
            }
            named |= shown.contains("Hizballah cap") || shown.contains("Hizballah degraded");
        }
        assert!(named, "{what} never names Hizballah's capacity or end");
    };
    check(&mut app, "the campaign");
    // The why view of the focus member's capacity, the fifth meter.
    press(&mut app, "cwllll");
    check(&mut app, "the why view");
    press(&mut app, "\x1b");
    for _ in 0..12 {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        press(&mut app, "c");
    }
    assert!(
        matches!(app.screen, Screen::Debrief { .. }),
        "the campaign ended"
    );
    for tab in 0..2 {
        let _ = tab;
        check(&mut app, "the debrief");
        press(&mut app, "\t");
    }
}

#[test]
fn the_why_view_says_in_words_when_a_us_track_is_at_its_top() {
    use arenas::engine::UsTrack;
    let top = |g: &arenas::game::Game| {
        let sc = &g.scenario;
        let count = sc.us_track(UsTrack::Forces).count();
        // At the top for a whole turn: its chance that turn could not be drawn.
        g.turns.len() >= 2
            && g.turns[g.turns.len() - 2].state.us_rungs[UsTrack::Forces as usize] as usize >= count
            && g.state().us_rungs[UsTrack::Forces as usize] as usize >= count
    };
    let mut app = (0..200)
        .map(|seed| played_with("all_out.toml", seed, &top))
        .find(|app| app.play().is_some_and(|p| top(&p.game)))
        .expect("a campaign whose forces track stays at its top");
    // The why view of US entry, the third meter.
    press(&mut app, "wll");
    let text = screen(&mut app, (160, 48));
    assert!(
        text.contains("at its top rung: it could not climb"),
        "{text}"
    );
    assert!(text.contains("Escalation track: 0/2"), "{text}");
    snapshot_both("why_track_at_top", &mut app);
}

#[test]
fn an_all_out_debrief_explains_each_us_climb_by_its_own_tracks_factors() {
    use arenas::engine::UsTrack;
    let mut app = (0..200)
        .map(|seed| played_with("all_out.toml", seed, &|_| false))
        .find(|app| {
            matches!(&app.screen, Screen::Debrief { play, .. }
                if play.game.state().us_reached[UsTrack::Escalation as usize] > 0)
        })
        .expect("an all-out campaign that drew the US escalation track");
    let text = debrief_text(&mut app);
    let escalation: Vec<&str> = text
        .split("• ")
        .filter(|s| s.contains("escalation track"))
        .collect();
    assert!(!escalation.is_empty(), "{text}");
    for sentence in escalation {
        let flat = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!flat.contains("harm to US forces"), "{flat}");
    }
    snapshot_both("debrief_all_out", &mut app);
}

#[test]
fn a_stalemate_debrief_tells_the_ceasefire_story() {
    let mut app = (0..200)
        .map(|seed| played_with("calibrated.toml", seed, &|_| false))
        .find(|app| {
            matches!(&app.screen, Screen::Debrief { play, .. }
                if play.game.state().outcome == Some(Outcome::Stalemate))
        })
        .expect("a calibrated campaign that ends in stalemate");
    let text = debrief_text(&mut app);
    for words in ["The ceasefire", "chance each week", "of campaigns"] {
        assert!(text.contains(words), "no {words:?}:\n{text}");
    }
    snapshot_both("debrief_stalemate", &mut app);
}
