//! The event log at 80x24.

use super::*;

#[test]
fn at_80x24_the_log_cuts_no_entry_and_tab_shows_it_in_full() {
    use arenas::engine::{Claim, Order, Task};
    let mut app = game(7);
    // The militias press US positions until the US climbs to its second rung.
    let sc = app.play().expect("play").game.scenario.clone();
    let harass = |id: &str| {
        let i = sc.faction_index(id).expect("member");
        let front = sc.faction_index(id).and_then(|i| sc.factions[i].home);
        (i, front.expect("home"))
    };
    for _ in 0..8 {
        for id in ["iraqi_militias", "syrian_militias"] {
            let (i, front) = harass(id);
            orders_mut(&mut app)[i] = Order {
                front: sc.front_index("iraq_syria").unwrap_or(front),
                task: Task::HarassUs,
                intensity: 3,
                claim: Claim::Claimed,
            };
        }
        press(&mut app, "c");
        let climbed = app.play().is_some_and(|p| {
            p.game
                .log()
                .iter()
                .any(|e| e.title == "US response: Strikes on militias")
        });
        if climbed || !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
    }
    assert!(matches!(app.screen, Screen::Campaign(_)));
    let log = app.play().expect("play").game.log();
    // In its panel, every title is whole: no entry is shortened.
    let text = screen(&mut app, (80, 24));
    let panel: String = text
        .lines()
        .skip(12)
        .map(|r| r.chars().skip(36).collect::<String>())
        .collect();
    assert!(!panel.contains('…'), "{text}");
    // Tab: the log in full over the panels, each entry's text under its title.
    press(&mut app, "\t");
    let text = screen(&mut app, (80, 24));
    assert!(
        text.contains("Event log in full · Tab: back to the orders"),
        "{text}"
    );
    snapshot_both("log_in_full", &mut app);
    let shown = words_between(&text, 3, 2);
    let last = log.last().expect("an entry");
    let rung = log
        .iter()
        .find(|e| e.title == "US response: Strikes on militias")
        .expect("the US climbed to its second rung");
    // Scrolled back far enough, each of these is read whole.
    for entry in [last, rung] {
        let mut found = false;
        for _ in 0..40 {
            let text = screen(&mut app, (80, 24));
            let shown = words_between(&text, 3, 2);
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let whole = |s: &str| shown.contains(&words(s));
            if whole(&entry.title) && whole(&entry.text) {
                found = true;
                break;
            }
            press(&mut app, "k");
        }
        assert!(found, "{} is not shown whole:\n{shown}", entry.title);
    }
    let orders = log
        .iter()
        .rev()
        .find(|e| e.title.contains("orders"))
        .expect("an orders entry");
    assert!(orders.text.contains("What these orders did"), "{orders:?}");
    // Tab again gives the keys back to the orders, in their panel.
    press(&mut app, "\t");
    let text = screen(&mut app, (80, 24));
    assert!(text.contains("┌ Orders"), "{text}");
}
