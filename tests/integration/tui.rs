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

#[test]
fn saves_undo_branch_load_and_replay() {
    let dir = scratch();
    let mut app = playing(
        Theme::COLOUR,
        dir.clone(),
        arenas::scenario::default_scenario(),
        21,
    );
    press(&mut app, "\n\nc");
    press(&mut app, "c");
    let autosaves = arenas::save::list(&dir);
    assert_eq!(autosaves.len(), 1, "one autosave per campaign");
    assert_eq!(autosaves[0].turn, 3);

    // Save under a name typed in the prompt.
    press(&mut app, "s");
    assert_eq!(app.overlay, Some(Overlay::SaveName));
    let prompt = screen(&mut app, (80, 24));
    assert!(
        prompt.contains("Name of the save:") && prompt.contains("gaza-2023 seed 21 week 3"),
        "{prompt}"
    );
    for _ in 0..40 {
        app.handle_event(&Event::Key(KeyEvent::from(KeyCode::Backspace)));
    }
    press(&mut app, "class A\n");
    let named = dir.join("class-a.toml");
    let saved = arenas::save::load_file(&named).expect("named save loads");
    assert_eq!(saved.name, "class A");
    assert_eq!(saved.game.turns.len(), 2);

    // Undo takes back week 2 and hands its orders back.
    press(&mut app, "u");
    let play = app.play().expect("play");
    assert_eq!(play.game.turns.len(), 1);
    assert_eq!(play.orders, saved.game.turns[1].orders);

    // Branch from the start of week 1 into a new save.
    press(&mut app, "c");
    press(&mut app, "b");
    assert!(matches!(app.overlay, Some(Overlay::Branch { .. })));
    snapshot_both("branch_picker", &mut app);
    press(&mut app, "\n");
    let branch = arenas::save::list(&dir)
        .into_iter()
        .find(|e| e.name.contains("branch from week 1"))
        .expect("branch save");
    assert_eq!(
        arenas::save::load_file(&branch.path)
            .expect("branch loads")
            .game
            .turns
            .len(),
        0
    );

    // The menu's Load lists the saves and resumes one.
    let mut menu = menu(Theme::COLOUR, dir.clone());
    press(&mut menu, "j\n");
    let Screen::Load { entries, .. } = &menu.screen else {
        panic!("no load screen")
    };
    assert_eq!(entries.len(), 3);
    let at = entries
        .iter()
        .position(|e| e.path == named)
        .expect("named save listed");
    for _ in 0..at {
        press(&mut menu, "j");
    }
    press(&mut menu, "\n");
    assert_eq!(menu.play().map(|p| p.game.state().turn), Some(3));

    // Replay steps through the weeks.
    let mut replay = replaying(Theme::COLOUR, dir.clone(), saved.clone());
    assert_eq!(replay.play().map(|p| p.game.turns.len()), Some(0));
    press(&mut replay, "ll");
    assert_eq!(replay.play().map(|p| p.game.turns.len()), Some(2));
    snapshot_both("replay_week2", &mut replay);
    press(&mut replay, "h");
    assert_eq!(replay.play().map(|p| p.game.turns.len()), Some(1));
}

#[test]
fn classroom_settings_can_forbid_taking_turns_back() {
    let mut loaded = arenas::scenario::default_scenario();
    std::sync::Arc::make_mut(&mut loaded.scenario)
        .classroom
        .allow_undo = false;
    let mut app = playing(Theme::COLOUR, scratch(), loaded, 3);
    press(&mut app, "cu");
    assert_eq!(app.play().map(|p| p.game.turns.len()), Some(1));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text.contains("do not allow"))
    );
    press(&mut app, "b");
    assert_eq!(app.overlay, None);
}

#[test]
fn a_failed_autosave_warns_and_keeps_the_game() {
    let blocked = scratch().join("not-a-folder");
    std::fs::write(&blocked, "a file where the save folder should be").expect("write");
    let mut app = playing(
        Theme::COLOUR,
        blocked.clone(),
        arenas::scenario::default_scenario(),
        3,
    );
    press(&mut app, "c");
    assert_eq!(app.play().map(|p| p.game.turns.len()), Some(1));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text.contains("autosave failed")),
        "{:?}",
        app.status
    );
    assert_eq!(
        std::fs::read_to_string(&blocked).expect("read"),
        "a file where the save folder should be"
    );
}

#[test]
fn the_forecast_shows_the_odds_of_every_outcome_and_how_they_moved() {
    let mut app = game(5);
    app.0.executor = Executor::Threads(std::num::NonZeroUsize::new(2).expect("two"));
    press(&mut app, "jj\n\n");
    press(&mut app, "f");
    assert_eq!(app.overlay, Some(Overlay::Forecast));
    assert!(app.forecast.as_ref().expect("running").running);
    // Wait for the workers deterministically: the handle says when every rollout is in.
    app.finish_forecast();
    let text = screen(&mut app, (160, 48));
    for o in Outcome::ALL {
        assert!(text.contains(o.name()), "{} missing:\n{text}", o.name());
    }
    assert!(text.contains("10,000 of 10,000 rollouts"), "{text}");
    snapshot_both("forecast_repeat_plan", &mut app);

    // Another plan: the overlay compares its odds with the first one's.
    press(&mut app, "\x1b");
    press(&mut app, "k\nf");
    app.finish_forecast();
    assert!(app.previous.is_some());
    let text = screen(&mut app, (160, 48));
    assert!(
        text.contains("against the previous plan") && text.contains(" pts"),
        "{text}"
    );

    // The follow-up policy cycles and restarts the forecast.
    press(&mut app, "p");
    assert_eq!(
        app.forecast.as_ref().map(|f| f.follow_up),
        Some(arenas::forecast::FollowUp::Restraint)
    );
    press(&mut app, "\x1b");
    assert_eq!(app.overlay, None);
}

#[test]
fn the_forecast_can_be_switched_off_by_the_scenario() {
    let mut loaded = arenas::scenario::default_scenario();
    std::sync::Arc::make_mut(&mut loaded.scenario)
        .classroom
        .allow_forecast = false;
    let mut app = playing(Theme::COLOUR, scratch(), loaded, 3);
    press(&mut app, "f");
    assert_eq!(app.overlay, None);
    assert!(app.forecast.is_none());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text.contains("The forecast is off in this class")),
        "{:?}",
        app.status
    );
}

#[test]
fn forecasts_run_on_a_shared_pool_and_a_full_pool_says_so() {
    let two = std::num::NonZeroUsize::new(2).expect("two");
    let mut app = game(5);
    app.0.executor = Executor::Pool(Pool::new(two, 1).expect("pool threads"));
    press(&mut app, "jj\n\n");
    press(&mut app, "f");
    assert_eq!(app.overlay, Some(Overlay::Forecast));
    app.finish_forecast();
    let text = screen(&mut app, (160, 48));
    assert!(text.contains("10,000 of 10,000 rollouts"), "{text}");

    // A pool with no room (as when other students' forecasts fill it) refuses in words.
    let mut app = game(5);
    app.0.executor = Executor::Pool(Pool::new(two, 0).expect("pool threads"));
    press(&mut app, "jj\n\n");
    press(&mut app, "f");
    assert_eq!(app.overlay, None);
    assert!(app.forecast.is_none());
    let said = "No forecast: the server is busy with other forecasts; try again in a moment.";
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text == said),
        "{:?}",
        app.status
    );
    assert!(screen(&mut app, (160, 48)).contains(said));
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

/// The orders of the campaign in play, to set by hand.
fn orders_mut(app: &mut Harness) -> &mut Vec<arenas::engine::Order> {
    match &mut app.screen {
        Screen::Campaign(play) => &mut play.orders,
        _ => panic!("not in a campaign"),
    }
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

/// The aims line's verdict on the campaign being played, from its likely ends.
fn verdict(app: &Harness) -> Aims {
    let play = app.play().expect("playing");
    assess(&play.game.scenario, play.game.state(), &play.likely_ends())
}

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
    for _ in 0..8 {
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
fn in_a_restraint_campaign_the_aims_line_names_the_likely_collapse_of_the_focus_member() {
    // Restraint: the other fronts hold while Hamas fights its own war.
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
        Some(Outcome::HamasDegraded),
        "{ends:?}"
    );
    let text = screen(&mut app, (80, 24));
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("Hamas degraded")),
        "{text}"
    );
    snapshot_both("aims_restraint_week5", &mut app);
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

/// The key line at the foot of a screen.
fn key_line(text: &str) -> String {
    text.lines().last().unwrap_or("").to_owned()
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

#[test]
fn the_header_says_how_much_the_forecast_tells() {
    use arenas::engine::ForecastMode;
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            forecast: Some(ForecastMode::Limited),
            ..Default::default()
        },
        3,
    );
    press(&mut app, "f\x1bc");
    snapshot_both("forecast_limited", &mut app);
    // Full, the default, says nothing; off says so.
    let mut app = game(3);
    assert!(!screen(&mut app, (80, 24)).contains("Forecast"));
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            forecast: Some(ForecastMode::Off),
            ..Default::default()
        },
        3,
    );
    let header = |app: &mut Harness, size| screen(app, size).lines().next().map(str::to_owned);
    assert!(header(&mut app, (80, 24)).is_some_and(|h| h.contains("│ Forecast off ")));
    assert!(
        header(&mut app, (160, 48)).is_some_and(|h| h.contains("│ Forecast off until the debrief"))
    );
}

#[test]
fn the_question_before_a_commit() {
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            predict: Some(true),
            ..Default::default()
        },
        3,
    );
    press(&mut app, "cy");
    press(&mut app, "c");
    assert!(matches!(app.overlay, Some(Overlay::Predict { .. })));
    snapshot_both("predict_question", &mut app);
}

#[test]
fn the_debrief_scores_the_predictions_and_says_what_the_forecast_would_have() {
    use arenas::tui::app::{Effect, Msg};
    use arenas::tui::input::{Input, Key, KeyCode};
    let settings = arenas::classwork::ClassSettings {
        forecast: Some(arenas::engine::ForecastMode::Off),
        predict: Some(true),
        ..Default::default()
    };
    let mut app = App::playing(
        Theme::COLOUR,
        "saves".into(),
        arenas::scenario::default_scenario(),
        3,
    )
    .with_class(settings);
    let key = |c: char| Msg::Input(Input::Key(Key::from(KeyCode::Char(c))));
    let asked = |fx: Vec<Effect>| {
        fx.into_iter().find_map(|e| match e {
            Effect::StartForecast(r) => Some(*r),
            _ => None,
        })
    };
    let mut next = None;
    for answer in "yny".chars().cycle() {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        app.update(key('c'));
        next = asked(app.update(key(answer)));
    }
    // The forecasts it would have shown, worked out with fewer rollouts than the game's.
    while let Some(mut request) = next.take() {
        request.rollouts = 256;
        let two = std::num::NonZeroUsize::new(2).expect("two");
        let totals = arenas::forecast::Forecast::start(request, two)
            .expect("a forecast")
            .wait();
        let outlook = arenas::forecast::Outlook::from_totals(&totals, totals.runs);
        next = asked(app.update(Msg::ForecastProgress {
            outlook: Box::new(outlook),
            finished: true,
        }));
    }
    snapshot_both("debrief_predictions_outcome", &mut app);
    app.update(key('l'));
    app.update(key('l'));
    snapshot_both("debrief_predictions_weeks", &mut app);
}

#[test]
fn a_limited_forecast_shows_the_plan_as_given_and_the_count() {
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            forecast: Some(arenas::engine::ForecastMode::Limited),
            ..Default::default()
        },
        3,
    );
    press(&mut app, "f");
    app.finish_forecast();
    let shown = screen(&mut app, (80, 24));
    assert!(
        shown.contains("Forecast 1 of the 3 this class allows"),
        "{shown}"
    );
    assert!(
        !shown.contains("p changes it") && !shown.contains("next follow-up"),
        "{shown}"
    );
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
