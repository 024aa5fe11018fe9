//! The terminal interface on a `TestBackend`: snapshots of every screen at 80x24 and
//! 160x48, a whole campaign played with keys, and the monochrome theme.

use arenas::engine::Outcome;
use arenas::tui::app::{App, Overlay, Screen};
use arenas::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn game(seed: u64) -> App {
    App::playing(Theme::COLOUR, arenas::scenario::default_scenario(), seed)
}

fn terminal(app: &mut App, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    app.size = Rect::new(0, 0, w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| arenas::tui::draw(f, app)).expect("draw");
    t
}

fn screen(app: &mut App, size: (u16, u16)) -> String {
    terminal(app, size).backend().to_string()
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        app.handle_event(&Event::Key(KeyEvent::from(code)));
    }
}

fn snapshot_both(name: &str, app: &mut App) {
    for size in SIZES {
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen(app, size));
    }
}

#[test]
fn main_menu() {
    let mut app = App::new(Theme::COLOUR);
    snapshot_both("menu", &mut app);
}

#[test]
fn scenario_list() {
    let mut app = App::new(Theme::COLOUR);
    press(&mut app, "j\n");
    assert!(matches!(app.screen, Screen::Scenarios { start: false, .. }));
    snapshot_both("scenarios", &mut app);
}

#[test]
fn campaign_at_the_start() {
    let mut app = game(7);
    snapshot_both("campaign_start", &mut app);
}

#[test]
fn campaign_after_two_turns_with_orders() {
    let mut app = game(7);
    // Hamas: task → limited strike; Hizballah: limited strike at 2, deniable.
    press(&mut app, "\n\n");
    press(&mut app, "jj\n\nl\nl\n");
    press(&mut app, "c");
    press(&mut app, "c");
    assert_eq!(app.play().map(|p| p.game.turns.len()), Some(2));
    snapshot_both("campaign_turn3", &mut app);
}

#[test]
fn why_overlay() {
    let mut app = game(7);
    press(&mut app, "w");
    snapshot_both("why_before_any_turn", &mut app);
    press(&mut app, "\x1b\n\nc");
    press(&mut app, "w");
    snapshot_both("why_ambiguity", &mut app);
    press(&mut app, "ll");
    assert_eq!(
        app.overlay,
        Some(Overlay::Why {
            meter: 2,
            scroll: 0
        })
    );
    snapshot_both("why_us_intervention", &mut app);
}

#[test]
fn help_overlay_lists_the_bindings() {
    let mut app = game(7);
    press(&mut app, "?");
    let text = screen(&mut app, (160, 48));
    for b in arenas::tui::keys::BINDINGS
        .iter()
        .filter(|b| !b.keys.is_empty())
    {
        assert!(text.contains(b.hint), "help lacks `{}`", b.hint);
    }
    snapshot_both("help", &mut app);
    press(&mut app, "\x1b");
    assert_eq!(app.overlay, None);
}

#[test]
fn quit_asks_first() {
    let mut app = game(7);
    press(&mut app, "q");
    snapshot_both("confirm_quit", &mut app);
    press(&mut app, "n");
    assert!(app.running && app.overlay.is_none());
    press(&mut app, "qy");
    assert!(!app.running);
}

#[test]
fn ctrl_c_leaves_at_once() {
    let mut app = game(7);
    app.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(!app.running);
    assert_eq!(
        app.play().map(|p| p.game.turns.len()),
        Some(0),
        "Ctrl-C must not commit"
    );
}

#[test]
fn a_small_terminal_gets_a_clear_message() {
    let mut app = game(7);
    let text = screen(&mut app, (60, 20));
    assert!(text.contains("Enlarge it to at least 80×24"), "{text}");
    insta::assert_snapshot!("too_small_60x20", text);
}

#[test]
fn a_whole_campaign_played_with_keys_reaches_the_debrief() {
    let mut app = game(11);
    // Spread limited pressure: every member but the patron strikes at intensity 1.
    for _ in 0..6 {
        press(&mut app, "\nj");
    }
    for _ in 0..12 {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        press(&mut app, "c");
    }
    let Screen::Debrief { play, debrief, .. } = &app.screen else {
        panic!("no debrief after twelve commits")
    };
    let outcome = play.game.state().outcome.expect("the campaign ended");
    assert_eq!(debrief.outcome, Some(outcome));
    let text = screen(&mut app, (160, 48));
    assert!(text.contains(outcome.name()), "{text}");
    snapshot_both("debrief_outcome", &mut app);
    for (tab, name) in [
        (1, "debrief_meters"),
        (2, "debrief_weeks"),
        (3, "debrief_questions"),
    ] {
        press(&mut app, "l");
        assert!(matches!(app.screen, Screen::Debrief { tab: t, .. } if t == tab));
        snapshot_both(name, &mut app);
    }
    press(&mut app, "\x1b");
    assert!(matches!(app.screen, Screen::Menu { .. }));
    let _ = Outcome::Stalemate;
}

#[test]
fn orders_over_budget_are_refused_on_the_spot() {
    let mut app = game(7);
    let budget = app
        .play()
        .map(|p| p.game.loaded.scenario.model.budget)
        .expect("play");
    // Every member escalates at full intensity off its home front where it can.
    for _ in 0..7 {
        press(&mut app, "\n\n\n\n"); // cycle the task to the last one the member has
        press(&mut app, "ll\n\n"); // intensity 3
        press(&mut app, "hhhh\n"); // another front where allowed
        press(&mut app, "lj");
    }
    let cost = app.play().map(|p| p.cost()).expect("play");
    assert!(
        cost <= budget,
        "the editor let the cost reach {cost} > {budget}"
    );
}

#[test]
fn a_click_selects_an_order_field() {
    let mut app = game(7);
    let _ = screen(&mut app, (80, 24));
    let l = arenas::tui::layout::campaign(app.size);
    let cols = arenas::tui::layout::order_columns(arenas::tui::layout::inner(l.orders));
    let click = |x: u16, y: u16| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.handle_event(&click(cols[4].0, l.orders.y + 5));
    let play = app.play().expect("play");
    assert_eq!(
        (play.row, play.column),
        (3, arenas::tui::layout::Column::Claim)
    );
}

#[test]
fn no_color_draws_no_colour() {
    let mut app = App::playing(Theme::MONO, arenas::scenario::default_scenario(), 7);
    press(&mut app, "\n\nc");
    for overlay in ["", "w", "\x1b?"] {
        press(&mut app, overlay);
        for size in SIZES {
            let t = terminal(&mut app, size);
            let buf = t.backend().buffer();
            for cell in buf.content() {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "colour at {size:?} with overlay {overlay:?}"
                );
            }
            let selected = buf
                .content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED));
            assert!(
                selected || overlay == "\x1b?",
                "the selection must show without colour"
            );
        }
    }
}
