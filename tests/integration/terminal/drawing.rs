//! What the game draws: a small terminal, no colour, the menu, the roomy layout.

use super::*;

#[test]
fn a_small_terminal_asks_to_be_enlarged_and_redraws_when_it_is() {
    let mut s = spawn(&["play", "--seed", "3"], (60, 20), false);
    s.wait_for_text("Enlarge it to at least 80×24");
    s.wait_for_text("(now 60×20)");
    s.resize((80, 24));
    s.wait_for_text("Week 1/12");
    s.wait_for_no_text("Enlarge");
    s.quit();
}

#[test]
fn no_color_draws_without_colour_but_shows_the_selection() {
    let mut s = spawn(&["play", "--seed", "3"], (80, 24), true);
    s.wait_for_text("Week 1/12");
    // The selected cell is the first member's task; the others' are plain.
    assert!(reversed(s.screen(), "Hamas", "Hold"), "{}", s.text());
    assert!(!reversed(s.screen(), "PIJ", "Hold"), "{}", s.text());
    s.send("j");
    let moved = |s: &Screen| reversed(s, "PIJ", "Hold") && !reversed(s, "Hamas", "Hold");
    s.wait_for("the selection on the second row", moved, DEADLINE);
    // More styles: a refusal, a resolved week (new log entries, changes), why, help.
    s.send("l\r");
    s.wait_for_text("PIJ holds: choose a task first");
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.send("w");
    s.wait_for_text("Why the meters moved");
    s.send(ESC);
    s.wait_for_no_text("Why the meters moved");
    s.send("?");
    s.wait_for_text("Help — Esc closes");
    s.send(ESC);
    s.wait_for_no_text("Help — Esc closes");
    let colours = sgr_colours(&s.raw);
    assert!(colours.is_empty(), "colours with NO_COLOR=1: {colours:?}");
    // crossterm itself honours NO_COLOR: it writes a colour the game asks for as `ESC[m`,
    // a full reset that also drops reverse and bold. Only the reset that ends every frame
    // may have them.
    let asked = requested_colours(&s.raw);
    assert_eq!(
        asked, 0,
        "the game asked for {asked} colours with NO_COLOR=1"
    );
    assert!(contains(&s.raw, b"\x1b[7m"), "no reverse video");
    s.quit();
}

#[test]
fn main_menu_starts_a_campaign() {
    let mut s = spawn(&[], (80, 24), false);
    s.wait_for_text("New campaign");
    s.send("\r");
    s.wait_for_text("Choose a scenario");
    s.send("\r");
    s.wait_for_text("Week 1/12");
    s.quit();
}

#[test]
fn a_large_terminal_shows_the_roomy_layout() {
    let mut s = spawn(&["play", "--seed", "3"], (120, 40), false);
    s.wait_for_text("Week 1/12");
    let top = |panel: &str| {
        let at = find(s.screen(), &format!("┌ {panel} "), "┌");
        at.unwrap_or_else(|| panic!("no {panel} panel:\n{}", s.text()))
            .0
    };
    // Compact puts the orders above the map; roomy puts the map above the orders.
    assert!(top("Map") < top("Orders"), "{}", s.text());
    assert!(s.text().contains("22 of 22 points left"), "{}", s.text());
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.quit();
}
