//! The orders table: scrolling, wide names, the glossary and the line under the orders.

use super::*;

#[test]
fn the_orders_table_scrolls_to_the_selected_member_and_fits_wide_names() {
    let mut app = playing(Theme::COLOUR, scratch(), sixteen_members(), 3);
    assert_eq!(app.play().expect("play").orders.len(), 16);
    for size in SIZES {
        let top = screen(&mut app, size);
        assert!(top.contains("Hamas"), "{top}");
    }
    // Down to the last member: it is shown, selected, and Enter edits it.
    press(&mut app, &"j".repeat(15));
    assert_eq!(app.play().expect("play").row, 15);
    let shown = screen(&mut app, (80, 24));
    assert!(shown.contains("│Last…"), "{shown}");
    assert!(
        shown.contains("of 16"),
        "the title says which rows are shown: {shown}"
    );
    assert!(
        !shown.lines().any(|l| l.starts_with("\"│Hamas")),
        "the first rows scrolled away: {shown}"
    );
    let before = app.play().expect("play").orders[15];
    press(&mut app, "\n");
    assert_ne!(
        app.play().expect("play").orders[15],
        before,
        "Enter edits the last member"
    );
    insta::assert_snapshot!("orders_scrolled_80x24", shown);

    // A click on a shown row selects that member, counting the rows scrolled away.
    let orders = arenas::tui::layout::campaign(Rect::new(0, 0, 80, 24)).orders;
    let shown_rows = arenas::tui::layout::order_rows_shown(orders);
    let click = |app: &mut Harness, y: u16| {
        app.handle_event(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: orders.x + 2,
            row: y,
            modifiers: KeyModifiers::NONE,
        }));
    };
    click(&mut app, orders.y + 2);
    assert_eq!(app.play().expect("play").row, 16 - shown_rows);

    // Wide names keep the columns in line: every order row is the panel's width.
    press(&mut app, &"k".repeat(16));
    press(&mut app, &"j".repeat(9));
    let t = terminal(&mut app, (160, 48));
    let buf = t.backend().buffer();
    let big = arenas::tui::layout::campaign(Rect::new(0, 0, 160, 48)).orders;
    let header_y = big.y + 1;
    let task_x = (big.x..big.right())
        .find(|&x| buf[(x, header_y)].symbol() == "T" && buf[(x + 1, header_y)].symbol() == "a")
        .expect("the Task header");
    let rows = arenas::tui::layout::order_rows_shown(big) as u16;
    let mut wide = false;
    assert!(rows >= 7, "the large layout shows seven members at least");
    for y in header_y + 1..=header_y + rows {
        let row: String = (big.x..big.right()).map(|x| buf[(x, y)].symbol()).collect();
        let at_task = buf[(task_x, y)].symbol();
        wide |= row.contains('民');
        assert!(
            at_task
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '—' || c == '–'),
            "row {y} is out of line: {row:?}"
        );
    }
    assert!(wide, "the rows checked hold a name in wide characters");
}

#[test]
fn the_glossary_opens_from_help_and_from_the_campaign() {
    let mut app = game(7);
    press(&mut app, "?g");
    assert_eq!(app.overlay, Some(Overlay::Glossary { scroll: 0 }));
    snapshot_both("glossary", &mut app);
    let text = screen(&mut app, (160, 48));
    for needle in ["Limited strike (L)", "as much as opening a front fully"] {
        assert!(text.contains(needle), "glossary lacks {needle}");
    }
    // The glossary is drawn no further than its end (at the size last drawn).
    screen(&mut app, (80, 24));
    for _ in 0..20 {
        app.handle_event(&Event::Key(KeyEvent::from(KeyCode::PageDown)));
    }
    let end = screen(&mut app, (80, 24));
    assert!(end.contains("is lost for now"), "{end}");
    snapshot_both("glossary_end", &mut app);
    press(&mut app, "?");
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    press(&mut app, "\x1bg");
    assert!(matches!(app.overlay, Some(Overlay::Glossary { .. })));
    press(&mut app, "\x1b");
    assert_eq!(app.overlay, None);
}

#[test]
fn the_line_under_the_orders_explains_the_selected_field() {
    let mut app = game(7);
    // Hizballah's task: a limited strike.
    press(&mut app, "jj\n\n");
    let text = screen(&mut app, (80, 24));
    // The note wraps over the rows above the key line rather than being cut.
    let rows: Vec<&str> = text
        .lines()
        .rev()
        .skip(1)
        .take(2)
        .map(|r| r.trim_matches('"').trim())
        .collect();
    assert_eq!(
        format!("{} {}", rows[1], rows[0]),
        "Limited strike, 2 points a level. Calibrated pressure on military positions of a \
         front: diverts Israel's attention.",
        "{text}"
    );
    snapshot_both("field_note_wrapped", &mut app);
    press(&mut app, "ll");
    let text = screen(&mut app, (160, 48));
    assert!(
        text.contains("Deniable: unattributed; raises ambiguity"),
        "{text}"
    );
}
