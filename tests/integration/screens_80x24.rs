//! Every screen and overlay of a whole campaign, drawn at 80×24, 100×30 and 160×48: no word
//! is cut at the edge of a panel or of the screen, and every order mark of the turn is on
//! the map.
//!
//! **A cut word**, as checked here: on any row, a *token* (a run of cells that are neither
//! blank nor box-drawing) holding a letter or digit, whose last cell is followed at once by
//! a box-drawing cell (a panel's border, an axis) or by the screen's right edge, and which
//! is neither shortened on purpose (it ends in `…`) nor a whole token of the text drawn.
//! The *text drawn* is every token seen anywhere in the run followed by a blank, plus the
//! words of the texts the screens draw from (log entries, debrief). Text that ends at a
//! border only where it fits whole passes; text cut by a border or the screen's edge
//! leaves a piece (`existenti`, `(no`, `Cohe`) that is no whole token, and fails.
//!
//! An overlay is checked where it differs from the screen under it (the screen itself is
//! checked drawn alone): a box over a panel cuts that panel's text by design. The map has a
//! check of its own besides: every front's `name tension`, whole, with all its marks.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use arenas::forecast::Executor;
use arenas::tui::app::{App, Overlay, Panel, Screen, Status};
use arenas::tui::input::{Input, Key, KeyCode};
use arenas::tui::runner::Runner;
use arenas::tui::store::{FsStore, Store};
use arenas::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (160, 48)];

/// Box-drawing characters: borders, corners, axes.
fn is_border(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| ('\u{2500}'..='\u{257f}').contains(&c))
}

/// One drawn screen: its cells, row by row, and the part to check.
struct Drawn {
    name: String,
    cells: Vec<Vec<String>>,
    /// Rows and columns to check (an overlay's box), and whether the last row is checked
    /// too (the key line, which an overlay redraws).
    region: Rect,
}

/// The screens drawn so far and the words of the texts they draw from.
#[derive(Default)]
struct Run {
    drawn: Vec<Drawn>,
    source: HashSet<String>,
    map_checks: usize,
}

fn scratch() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "arenas-screens-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn session(dir: PathBuf, app: impl FnOnce(String) -> App) -> Runner<FsStore> {
    let no_scenarios = std::env::temp_dir().join("arenas-screens-no-user-scenarios");
    let store = FsStore::new(dir, no_scenarios);
    let app = app(store.location());
    Runner::new(app, store)
}

fn press(s: &mut Runner<FsStore>, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        s.input(Input::Key(Key::from(code)));
    }
}

fn buffer(app: &mut App, (w, h): (u16, u16)) -> Buffer {
    app.size = Rect::new(0, 0, w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| arenas::tui::draw(f, app)).expect("draw");
    t.backend().buffer().clone()
}

fn cells(buf: &Buffer) -> Vec<Vec<String>> {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            (a.left()..a.right())
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect()
        })
        .collect()
}

impl Run {
    /// Draws what the app shows at every size: alone, or, with an overlay open, the box
    /// where it differs from the screen under it. Checks the map on screens without one.
    fn draw(&mut self, app: &mut App, name: &str) {
        self.learn(app);
        for size in SIZES {
            let with = cells(&buffer(app, size));
            let region = match app.overlay {
                None => Rect::new(0, 0, size.0, size.1),
                Some(overlay) => {
                    app.overlay = None;
                    let under = cells(&buffer(app, size));
                    app.overlay = Some(overlay);
                    differing(&with, &under)
                }
            };
            // The log in full, where the panels have no room for its texts, covers the map.
            let log_in_full = app.play().is_some_and(|p| p.focus == Panel::Log)
                && panel(&with, "Event log in full").is_some();
            if app.overlay.is_none()
                && !log_in_full
                && matches!(app.screen, Screen::Campaign(_) | Screen::Replay { .. })
            {
                self.check_map(app, &with, &format!("{name} {size:?}"));
            }
            self.drawn.push(Drawn {
                name: format!("{name} at {}x{}", size.0, size.1),
                cells: with,
                region,
            });
        }
    }

    /// Adds the words of the texts the screen draws from.
    fn learn(&mut self, app: &App) {
        let mut add = |text: &str| {
            self.source
                .extend(arenas::text::clean(text).split(' ').map(str::to_owned));
        };
        if let Some(play) = app.play() {
            for e in play.game.log() {
                add(&e.title);
                add(&e.text);
            }
        }
        if let Screen::Debrief { debrief, .. } = &app.screen {
            add(&debrief.meaning);
            for w in &debrief.weeks {
                add(&w.player);
                add(&w.historical);
                add(&w.note);
            }
            for q in &debrief.questions {
                add(q);
            }
            for p in &debrief.turning_points {
                add(&p.to_string());
            }
        }
    }

    /// Every front's `name tension` is in the map panel, with all the marks of this turn's
    /// orders on it.
    fn check_map(&mut self, app: &App, rows: &[Vec<String>], name: &str) {
        let play = app.play().expect("play");
        let Some(map) = panel(rows, "Map") else {
            panic!("{name}: no map panel")
        };
        let inside: Vec<Vec<String>> = rows[map.1..map.3]
            .iter()
            .map(|r| r[map.0..map.2].to_vec())
            .collect();
        let shown = inside
            .iter()
            .map(|r| r.concat())
            .collect::<Vec<_>>()
            .join("\n");
        let state = play.game.state();
        for (i, front) in play.game.scenario.fronts.iter().enumerate() {
            let head = format!(
                "{} {:.0}",
                arenas::tui::map::short_label(front),
                state.tension[i].clamp(0.0, 100.0)
            );
            let mut want: Vec<String> = play
                .orders
                .iter()
                .filter(|o| o.front == i)
                .map(arenas::tui::map::order_mark)
                .filter(|m| !m.is_empty())
                .collect();
            want.sort();
            // The head, whole: not followed by a letter or digit.
            let at = inside.iter().enumerate().find_map(|(y, row)| {
                let line = row.concat();
                let byte = line.match_indices(&head).map(|(b, _)| b).find(|&b| {
                    !line[b + head.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                })?;
                Some((line[..byte].chars().count(), y))
            });
            let (x, y) = at.unwrap_or_else(|| panic!("{name}: {head} is not on the map:\n{shown}"));
            assert_eq!(
                marks_at(&inside, x, y, &head),
                want,
                "{name}: {head}:\n{shown}"
            );
        }
        self.map_checks += 1;
    }

    /// Every token touching a border or the screen's edge is whole or shortened with `…`.
    fn check_cuts(&self) -> usize {
        let mut whole: HashSet<String> = self.source.clone();
        for d in &self.drawn {
            for row in &d.cells {
                for (token, _, end) in tokens(row) {
                    if row.get(end).is_some_and(|s| s == " ") {
                        whole.insert(token);
                    }
                }
            }
        }
        let mut checked = 0;
        let mut cuts = Vec::new();
        for d in &self.drawn {
            let last = d.cells.len() - 1;
            for (y, row) in d.cells.iter().enumerate() {
                let in_rows = (d.region.top()..d.region.bottom()).contains(&(y as u16));
                if !in_rows && y != last {
                    continue;
                }
                for (token, start, end) in tokens(row) {
                    let in_box =
                        y == last || (d.region.left()..d.region.right()).contains(&(start as u16));
                    let touches = row.get(end).is_none_or(|s| is_border(s));
                    if !in_box || !touches || !token.chars().any(char::is_alphanumeric) {
                        continue;
                    }
                    checked += 1;
                    if !token.ends_with('…') && !whole.contains(&token) {
                        cuts.push(format!(
                            "{}: {token:?} on row {y}: {}",
                            d.name,
                            row.concat()
                        ));
                    }
                }
            }
        }
        assert!(
            cuts.is_empty(),
            "words cut at an edge:\n{}",
            cuts.join("\n")
        );
        checked
    }
}

/// The tokens of a row, each with the index of its first cell and of the cell just after
/// it.
fn tokens(row: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut token = String::new();
    let mut start = 0;
    for (x, cell) in row.iter().enumerate() {
        if cell == " " || is_border(cell) {
            if !token.is_empty() {
                out.push((std::mem::take(&mut token), start, x));
            }
            start = x + 1;
        } else {
            token.push_str(cell);
        }
    }
    if !token.is_empty() {
        out.push((token, start, row.len()));
    }
    out
}

/// The smallest box holding every cell where two drawings differ, the last row left out.
fn differing(a: &[Vec<String>], b: &[Vec<String>]) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (y, (ra, rb)) in a.iter().zip(b).enumerate().take(a.len() - 1) {
        for (x, (ca, cb)) in ra.iter().zip(rb).enumerate() {
            if ca != cb {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    if x0 == usize::MAX {
        return Rect::default();
    }
    Rect::new(x0 as u16, y0 as u16, (x1 - x0) as u16, (y1 - y0) as u16)
}

/// The inside of the panel titled `title`: (left, top, right, bottom), exclusive ends.
fn panel(rows: &[Vec<String>], title: &str) -> Option<(usize, usize, usize, usize)> {
    let (y, x) = rows.iter().enumerate().find_map(|(y, row)| {
        let line = row.concat();
        let byte = line.find(&format!("┌ {title} "))?;
        Some((y, line[..byte].chars().count()))
    })?;
    let right = (x + 1..rows[y].len()).find(|&i| rows[y][i] == "┐")?;
    let bottom = (y + 1..rows.len()).find(|&j| rows[j][x] == "└")?;
    Some((x + 1, y + 1, right, bottom))
}

/// The marks in the label whose head starts at (x, y): after it on its row, then at
/// column x on the rows below, `2×L2` counted as two.
fn marks_at(rows: &[Vec<String>], x: usize, y: usize, head: &str) -> Vec<String> {
    let text = |y: usize, from: usize| -> String {
        rows.get(y)
            .map_or_else(String::new, |r| r.iter().skip(from).cloned().collect())
    };
    let mut found = Vec::new();
    let mut take = |text: &str| {
        let mut any = false;
        for token in text
            .trim_start_matches(' ')
            .split("  ")
            .next()
            .unwrap_or("")
            .split(' ')
        {
            let (n, mark) = token.split_once('×').unwrap_or(("1", token));
            let is_mark = mark.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && mark.chars().last().is_some_and(|c| c.is_ascii_digit());
            if !is_mark {
                break;
            }
            found.extend(std::iter::repeat_n(mark.to_owned(), n.parse().unwrap_or(0)));
            any = true;
        }
        any
    };
    take(&text(y, x + head.chars().count()));
    for below in y + 1..y + 4 {
        let line = text(below, x);
        if line.starts_with(' ') || !take(&line) {
            break;
        }
    }
    found.sort();
    found
}

/// Sets this turn's orders: three members on Gaza (two alike), Hizballah on its front.
fn crowd_gaza(s: &mut Runner<FsStore>) {
    use arenas::engine::{Claim, Order, Task};
    let Screen::Campaign(play) = &mut s.app.screen else {
        return;
    };
    let order = |front, task, intensity| Order {
        front,
        task,
        intensity,
        claim: Claim::Deniable,
    };
    play.orders[0] = order(0, Task::LimitedStrike, 2);
    play.orders[1] = order(0, Task::LimitedStrike, 2);
    play.orders[2] = order(2, Task::LimitedStrike, 1);
    play.orders[6] = order(0, Task::Signal, 1);
}

#[test]
fn every_screen_keeps_its_words_whole_and_the_map_its_marks() {
    let mut run = Run::default();
    let dir = scratch();

    // The menus.
    let mut menu = session(dir.clone(), |saves| App::new(Theme::COLOUR, saves));
    run.draw(&mut menu.app, "menu");
    press(&mut menu, "?");
    run.draw(&mut menu.app, "menu help");
    press(&mut menu, "\x1bq");
    run.draw(&mut menu.app, "quit?");
    press(&mut menu, "njj\n");
    run.draw(&mut menu.app, "scenarios");
    press(&mut menu, "\x1bkk\n");
    run.draw(&mut menu.app, "choose a scenario");
    press(&mut menu, "\x1bj\n");
    assert!(matches!(menu.app.screen, Screen::Load { .. }));
    run.draw(&mut menu.app, "load, empty");

    // A whole campaign, every overlay every week.
    let mut game = session(dir.clone(), |saves| {
        App::playing(
            Theme::COLOUR,
            saves,
            arenas::scenario::default_scenario(),
            5,
        )
    });
    game.executor = Executor::Threads(std::num::NonZeroUsize::new(2).expect("two"));
    let mut week = 0;
    while matches!(game.app.screen, Screen::Campaign(_)) {
        week += 1;
        if week % 3 == 1 {
            crowd_gaza(&mut game);
        }
        let w = format!("week {week}");
        run.draw(&mut game.app, &w);
        for (keys, what) in [
            ("?", "help"),
            ("w", "why"),
            ("s", "save prompt"),
            ("q", "quit?"),
        ] {
            press(&mut game, keys);
            run.draw(&mut game.app, &format!("{w} {what}"));
            press(&mut game, if keys == "q" { "n" } else { "\x1b" });
            assert_eq!(game.app.overlay, None, "{w} {what} closes");
        }
        if week <= 2 {
            // Every meter's explanation, scrolled to its end.
            press(&mut game, "w");
            for m in 0..arenas::engine::Meter::COUNT {
                press(&mut game, &"j".repeat(40));
                run.draw(&mut game.app, &format!("{w} why {m} scrolled"));
                press(&mut game, "l");
            }
            press(&mut game, "\x1b");
        }
        if week > 1 {
            press(&mut game, "b");
            run.draw(&mut game.app, &format!("{w} branch"));
            press(&mut game, "\x1b");
        }
        if week <= 2 {
            press(&mut game, "f");
            run.draw(&mut game.app, &format!("{w} forecast starting"));
            while game.app.busy() {
                game.poll();
                std::thread::yield_now();
            }
            run.draw(&mut game.app, &format!("{w} forecast"));
            // Another plan: the change column against the first.
            press(&mut game, "\x1bj\nkf");
            while game.app.busy() {
                game.poll();
                std::thread::yield_now();
            }
            run.draw(&mut game.app, &format!("{w} forecast compared"));
            press(&mut game, "\x1b");
        }
        press(&mut game, "\t");
        run.draw(&mut game.app, &format!("{w} log"));
        press(&mut game, "\t");
        press(&mut game, "c");
    }
    assert!(week >= 3, "the campaign lasted {week} weeks");

    // The debrief, every tab and every meter of the chart.
    for tab in ["outcome", "meters", "weeks", "questions"] {
        run.draw(&mut game.app, &format!("debrief {tab}"));
        if tab == "meters" {
            for m in 1..8 {
                press(&mut game, "j");
                run.draw(&mut game.app, &format!("debrief chart {m}"));
            }
        } else {
            press(&mut game, &"j".repeat(40));
            run.draw(&mut game.app, &format!("debrief {tab} scrolled"));
        }
        press(&mut game, "l");
    }
    // A branch offered to go on in, and a save asking to replace another.
    press(&mut game, "b\n");
    assert_eq!(game.app.overlay, Some(Overlay::ConfirmBranch));
    run.draw(&mut game.app, "branch saved");
    press(&mut game, "n");
    press(&mut game, "s\n");
    press(&mut game, "s\n");
    assert_eq!(game.app.overlay, Some(Overlay::ConfirmReplace));
    run.draw(&mut game.app, "replace?");
    press(&mut game, "n");
    run.draw(&mut game.app, "not replaced");

    // The Load screen with saves, and the replay of the finished campaign.
    let mut menu = session(dir.clone(), |saves| App::new(Theme::COLOUR, saves));
    press(&mut menu, "j\n");
    run.draw(&mut menu.app, "load");
    let saved = arenas::save::list(&dir)
        .into_iter()
        .find(|e| e.name.starts_with("autosave"))
        .expect("the autosave");
    let saved = arenas::save::load_file(&saved.path).expect("the autosave loads");
    let mut replay = session(dir.clone(), |saves| {
        App::replaying(Theme::COLOUR, saves, saved)
    });
    for at in 0..=week {
        run.draw(&mut replay.app, &format!("replay {at}"));
        press(&mut replay, "l");
    }

    // A message too long for one line wraps.
    replay.app.status = Some(Status {
        text: "Week 3 resolved, but the autosave failed: cannot create \
               /home/student/classroom/arenas/saves: permission denied (os error 13). \
               Press s to save by hand."
            .into(),
        warning: true,
    });
    run.draw(&mut replay.app, "long status");

    let checked = run.check_cuts();
    assert!(run.map_checks >= 3 * week, "{} map checks", run.map_checks);
    assert!(checked > 100, "only {checked} tokens met an edge");
}
