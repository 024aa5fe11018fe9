//! The terminal interface on a `TestBackend`: snapshots of every screen at 80x24 and
//! 160x48, a whole campaign played with keys, and the monochrome theme. The app runs in a
//! session over a save folder and gets terminal events through the terminal runner's
//! conversion, as in the game.

use std::ops::{Deref, DerefMut};

use std::path::PathBuf;

use std::sync::atomic::{AtomicUsize, Ordering};

use arenas::engine::aims::{Aims, Verdict, assess};

use arenas::engine::{Claim, Order, Outcome, Task};

use arenas::forecast::{Executor, Pool};

use arenas::save::Saved;

use arenas::scenario::Loaded;

use arenas::tui::app::{App, Overlay, Screen};

use arenas::tui::runner::{Runner, convert};

use arenas::tui::store::{FsStore, Store};

use arenas::tui::theme::Theme;

use ratatui::Terminal;

use ratatui::backend::TestBackend;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use ratatui::layout::Rect;

use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// A fresh, empty folder for the saves of one test.
fn scratch() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "arenas-tui-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// An app in a session whose saves go to `dir`, built from where the saves go.
struct Harness(Runner<FsStore>);

impl Harness {
    fn new(dir: PathBuf, app: impl FnOnce(String) -> App) -> Harness {
        // A folder that is never there, named the same on every machine for the snapshots.
        let no_scenarios = PathBuf::from("/no-such-folder/arenas-scenarios");
        let store = FsStore::new(dir, no_scenarios);
        let app = app(store.location());
        Harness(Runner::new(app, store))
    }

    /// Hands a terminal event to the app, as the terminal runner does.
    fn handle_event(&mut self, event: &Event) {
        if let Some(input) = convert(event) {
            self.0.input(input);
        }
    }

    /// Follows the forecast until its workers are done.
    fn finish_forecast(&mut self) {
        while self.busy() {
            self.0.poll();
            std::thread::yield_now();
        }
    }
}

impl Deref for Harness {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0.app
    }
}

impl DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.0.app
    }
}

fn menu(theme: Theme, dir: PathBuf) -> Harness {
    Harness::new(dir, |saves| App::new(theme, saves))
}

fn playing(theme: Theme, dir: PathBuf, loaded: Loaded, seed: u64) -> Harness {
    Harness::new(dir, |saves| App::playing(theme, saves, loaded, seed))
}

fn replaying(theme: Theme, dir: PathBuf, saved: Saved) -> Harness {
    Harness::new(dir, |saves| App::replaying(theme, saves, saved))
}

fn game(seed: u64) -> Harness {
    playing(
        Theme::COLOUR,
        scratch(),
        arenas::scenario::default_scenario(),
        seed,
    )
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

fn press(app: &mut Harness, keys: &str) {
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
    let mut app = menu(Theme::COLOUR, scratch());
    snapshot_both("menu", &mut app);
}

#[test]
fn scenario_list() {
    let mut app = menu(Theme::COLOUR, scratch());
    press(&mut app, "jj\n");
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
        .map(|p| p.game.scenario.model.budget)
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
    let mut app = playing(
        Theme::MONO,
        scratch(),
        arenas::scenario::default_scenario(),
        7,
    );
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

/// The bundled scenario with nine more members, named in other scripts, for 16 in all.
fn sixteen_members() -> Loaded {
    let bundled = arenas::scenario::BUNDLED[0].text;
    let mut text = bundled.to_owned();
    let names = [
        "民兵 八",
        "民兵 九",
        "Ἀθηνᾶ",
        "Ополчение",
        "مقاومة",
        "Milice 12",
        "😀 Emoji",
        "Milice 14",
        "Last member",
    ];
    for (i, name) in names.iter().enumerate() {
        text.push_str(&format!(
            "\n[[faction]]\nid = \"m{n}\"\nname = \"{name}\"\nshort = \"{name}\"\ntier = 3\n\
             home = \"gaza\"\nfronts = [\"gaza\", \"west_bank\"]\n\
             tasks = [\"signal\", \"limited_strike\"]\nautonomy = 0.5\npublic_link = 0.5\n\
             capacity = 40.0\ndomestic_constraint = 0.1\nus_watch = 0.1\n",
            n = i + 8
        ));
    }
    arenas::scenario::parse("sixteen.toml", &text).unwrap_or_else(|d| panic!("{d}"))
}

/// The orders of the campaign in play, to set by hand.
fn orders_mut(app: &mut Harness) -> &mut Vec<arenas::engine::Order> {
    match &mut app.screen {
        Screen::Campaign(play) => &mut play.orders,
        _ => panic!("not in a campaign"),
    }
}

/// The aims line's verdict on the campaign being played, from its likely ends.
fn verdict(app: &Harness) -> Aims {
    let play = app.play().expect("playing");
    assess(&play.game.scenario, play.game.state(), &play.likely_ends())
}

/// A game of seed 7 with the historical orders of week 1 given, not yet committed.
fn after_historical_week_one() -> Harness {
    let mut app = game(7);
    let history = app
        .play()
        .map(|p| p.game.scenario.history[0].orders.clone())
        .unwrap_or_default();
    *orders_mut(&mut app) = history;
    app
}

/// The key line at the foot of a screen.
fn key_line(text: &str) -> String {
    text.lines().last().unwrap_or("").to_owned()
}

/// Presses `key` until the screen stops changing (at most 200 times); returns the presses
/// that changed it.
fn press_until_still(app: &mut Harness, key: &str, size: (u16, u16)) -> usize {
    let mut last = screen(app, size);
    for n in 0..200 {
        press(app, key);
        let now = screen(app, size);
        if now == last {
            return n;
        }
        last = now;
    }
    panic!("{key:?} kept changing the screen")
}

/// A campaign of `seed` played with a plan of tests/plans until `stop` says so or it ends.
fn played_with(plan: &str, seed: u64, stop: &dyn Fn(&arenas::game::Game) -> bool) -> Harness {
    let mut app = game(seed);
    let schedule = {
        let play = app.play().expect("playing");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/plans")
            .join(plan);
        arenas::plan::load_file(&path, &play.game.scenario).unwrap_or_else(|d| panic!("{d}"))
    };
    while let Some(play) = app.play() {
        if stop(&play.game) {
            break;
        }
        let turn = play.game.state().turn;
        *orders_mut(&mut app) = schedule.turn(turn).to_vec();
        press(&mut app, "c");
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
    }
    app
}

/// The debrief shown, on its outcome tab.
fn debrief_text(app: &mut Harness) -> String {
    assert!(
        matches!(app.screen, Screen::Debrief { .. }),
        "not at the debrief"
    );
    screen(app, (160, 48))
}

// ---------------------------------------------------------------- forecast modes, predictions

/// A campaign of the bundled scenario under the class's `settings`.
fn class_game(settings: arenas::classwork::ClassSettings, seed: u64) -> Harness {
    Harness::new(scratch(), |saves| {
        App::playing(
            Theme::COLOUR,
            saves,
            arenas::scenario::default_scenario(),
            seed,
        )
        .with_class(settings)
    })
}

/// The words of the rows of a screen between its first `top` and last `bottom` rows, the
/// borders taken out: what a reader of that part of the screen can read, in one line.
fn words_between(text: &str, top: usize, bottom: usize) -> String {
    let rows: Vec<&str> = text.lines().collect();
    rows[top..rows.len() - bottom]
        .iter()
        .map(|r| {
            r.trim_matches('"')
                .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

mod classroom;
mod forecast;
mod log;
mod orders;
mod saves;
mod team;
mod why;
mod wording;
