use std::num::NonZeroUsize;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::class::{Access, Settings};
use arenas_core::team::Seat;
use arenas_sim::forecast::Pool;
use arenas_tui::input::Modifiers;
use std::time::Instant;

fn class() -> Arc<Class> {
    let settings = Settings {
        dir: std::env::temp_dir().join("arenas-dashboard-test"),
        scenario: None,
        handout: None,
        class: Default::default(),
        access: Access::Open,
        max_sessions: 4,
        idle: Duration::from_secs(60),
        forecast_threads: 1,
        rooms: 0,
        deadline: crate::rooms::DEFAULT_DEADLINE,
        login: Duration::from_secs(60),
        stall: Duration::from_secs(30),
    };
    let pool = Pool::new(NonZeroUsize::MIN, 1).expect("a pool");
    let class = Class::new(settings, pool, false);
    for (name, progress, connected) in [("ana", 3, true), ("bo", 9, false), ("cy", 0, true)] {
        class.report(Row {
            name: name.into(),
            connected,
            scenario: if progress > 0 {
                "gaza-2023".into()
            } else {
                String::new()
            },
            turn: if progress > 0 {
                format!("week {progress} of 12")
            } else {
                "at the menu".into()
            },
            progress,
            meters: (progress > 0).then_some([55.0, 12.5, 80.0]),
            outcome: String::new(),
            last_activity: Some(Instant::now()),
            detail: if progress > 0 {
                vec![
                    format!("Orders for week {progress}:"),
                    "Meters: Ambiguity 55".into(),
                ]
            } else {
                Vec::new()
            },
        });
    }
    class
}

fn screen(board: &Dashboard, class: &Class) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 24)).expect("terminal");
    let header = [
        "Arenas class server".to_owned(),
        "Host key SHA256:x".to_owned(),
    ];
    t.draw(|f| board.draw(f, class, &header)).expect("draw");
    t.backend().to_string()
}

fn press(board: &mut Dashboard, class: &Class, keys: &str) -> Command {
    let mut last = Command::Nothing;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        last = board.key(class, Key::from(code));
    }
    last
}

#[test]
fn rows_show_each_student_and_sort_by_turn() {
    let class = class();
    let mut board = Dashboard::default();
    let text = screen(&board, &class);
    assert!(text.contains("2 playing, 3 students in all"), "{text}");
    assert!(text.contains("week 3 of 12"), "{text}");
    assert!(text.contains("12.5%"), "{text}");
    let at = |text: &str, name: &str| text.find(&format!("\"{name} ")).expect(name);
    assert!(at(&text, "ana") < at(&text, "bo"));
    press(&mut board, &class, "s");
    let text = screen(&board, &class);
    assert!(text.contains("sorted by turn"), "{text}");
    assert!(at(&text, "bo") < at(&text, "ana") && at(&text, "ana") < at(&text, "cy"));
}

fn confirm_box(board: &Dashboard) -> Option<(Action, bool)> {
    match board.prompt {
        Some(Prompt::Confirm { action, chosen }) => Some((action, chosen)),
        _ => None,
    }
}

#[test]
fn a_name_that_mixes_scripts_is_marked() {
    let class = class();
    let mut row = class.rows()[0].clone();
    row.name = "\u{430}na".into();
    class.report(row);
    let text = screen(&Dashboard::default(), &class);
    assert!(text.contains(&format!("{MIXED} \u{430}na")), "{text}");
    assert!(text.contains("ana "), "{text}");
    assert!(!text.contains(&format!("{MIXED} ana")), "{text}");
    assert!(text.contains("name mixes scripts"), "{text}");
}

#[test]
fn a_message_goes_to_everyone_and_ending_asks_first() {
    let class = class();
    let mut heard = class.listen();
    let mut board = Dashboard::default();
    press(&mut board, &class, "mhello class\n");
    assert_eq!(
        heard.try_recv().ok(),
        Some(Broadcast::Message("hello class".into()))
    );
    // No handout was given: h says so and sends nothing.
    press(&mut board, &class, "h");
    assert!(board.note.contains("--handout"), "{}", board.note);
    assert!(heard.try_recv().is_err());
    // Ctrl-C and e ask, on "Go back": Enter there, or any other key, goes back.
    let ctrl_c = Key::new(KeyCode::Char('c'), Modifiers::CONTROL);
    assert_eq!(board.key(&class, ctrl_c), Command::Nothing);
    assert!(screen(&board, &class).contains("End the class?"));
    assert_eq!(confirm_box(&board), Some((Action::End, false)));
    assert_eq!(press(&mut board, &class, "\n"), Command::Nothing);
    assert_eq!(board.prompt, None);
    assert_eq!(press(&mut board, &class, "ey"), Command::Nothing);
    assert_eq!(board.prompt, None);
    // q is no key of the dashboard.
    assert_eq!(press(&mut board, &class, "q"), Command::Nothing);
    assert_eq!(board.prompt, None);
    // e, an arrow to "End the class", Enter: the class ends.
    press(&mut board, &class, "e");
    assert_eq!(
        board.key(&class, Key::from(KeyCode::Right)),
        Command::Nothing
    );
    assert_eq!(confirm_box(&board), Some((Action::End, true)));
    assert_eq!(press(&mut board, &class, "\n"), Command::End);
}

#[test]
fn every_printable_key_goes_into_the_message_until_enter() {
    let class = class();
    let mut heard = class.listen();
    let mut board = Dashboard::default();
    let text = "Stop; then quit: yes, no! e/h/s/m/q/y n \u{430}lice \u{3b1}\u{3b2} 中文 é";
    assert_eq!(
        press(&mut board, &class, &format!("m{text}")),
        Command::Nothing
    );
    assert_eq!(
        board.prompt,
        Some(Prompt::Message {
            to: None,
            text: text.to_owned()
        })
    );
    assert!(heard.try_recv().is_err());
    assert!(screen(&board, &class).contains("Stop; then quit"));
    assert_eq!(press(&mut board, &class, "\n"), Command::Nothing);
    assert_eq!(heard.try_recv().ok(), Some(Broadcast::Message(text.into())));
    assert_eq!(board.prompt, None);
    // Esc cancels: nothing is sent.
    press(&mut board, &class, "mqy");
    board.key(&class, Key::from(KeyCode::Esc));
    assert_eq!(board.prompt, None);
    assert!(heard.try_recv().is_err());
}

#[test]
fn a_student_selected_shows_their_screen_and_a_message_goes_to_them_alone() {
    let class = class();
    let mut heard = class.listen();
    let mut board = Dashboard::default();
    // Enter with no one selected opens nothing.
    press(&mut board, &class, "\n");
    assert!(!board.viewing);
    for _ in 0..2 {
        board.key(&class, Key::from(KeyCode::Down));
    }
    assert_eq!(board.selected.as_deref(), Some("bo"));
    press(&mut board, &class, "\n");
    let text = screen(&board, &class);
    assert!(
        text.contains("bo · offline · gaza-2023 · week 9 of 12"),
        "{text}"
    );
    assert!(text.contains("Orders for week 9:"), "{text}");
    assert!(text.contains("Meters: Ambiguity 55"), "{text}");
    assert!(!text.contains("ana "), "{text}");
    assert!(text.contains("m message student"), "{text}");
    press(&mut board, &class, "mcome and see me\n");
    assert_eq!(
        heard.try_recv().ok(),
        Some(Broadcast::MessageTo {
            to: "bo".into(),
            text: "come and see me".into()
        })
    );
    assert!(class.last_log(1)[0].contains("message to bo: come and see me"));
    // Up moves to ana's screen; Esc goes back to the class, where m is for everyone.
    board.key(&class, Key::from(KeyCode::Up));
    let text = screen(&board, &class);
    assert!(text.contains("ana · online"), "{text}");
    board.key(&class, Key::from(KeyCode::Esc));
    let text = screen(&board, &class);
    assert!(text.contains("cy ") && text.contains("bo "), "{text}");
    press(&mut board, &class, "mall\n");
    assert_eq!(
        heard.try_recv().ok(),
        Some(Broadcast::Message("all".into()))
    );
    // A student who has no campaign open says so.
    board.key(&class, Key::from(KeyCode::Down));
    board.key(&class, Key::from(KeyCode::Down));
    press(&mut board, &class, "\n");
    assert!(screen(&board, &class).contains("No campaign open"));
}

#[test]
fn a_long_list_of_handouts_keeps_the_cursor_in_sight() {
    let class = class();
    let mut board = Dashboard {
        prompt: Some(Prompt::Pick {
            choices: (0..30)
                .map(|i| Some(PathBuf::from(format!("handout-{i:02}.toml"))))
                .collect(),
            at: 0,
        }),
        ..Dashboard::default()
    };
    for _ in 0..29 {
        board.key(&class, Key::from(KeyCode::Down));
    }
    let text = screen(&board, &class);
    assert!(text.contains("handout-29.toml"), "{text}");
    assert!(!text.contains("handout-00.toml"), "{text}");
    assert!(text.contains("Esc cancel"), "{text}");
    // Any other key closes the list and pushes nothing.
    let mut heard = class.listen();
    press(&mut board, &class, "x");
    assert_eq!(board.prompt, None);
    assert!(heard.try_recv().is_err());
}

proptest::proptest! {
    /// Any typing — text, Enter among it, a message sent halfway — never ends the
    /// class: that needs an arrow key or Tab in the confirmation.
    #[test]
    fn no_typed_text_ends_the_class(typed in "m([ehmnqsy;:!\n ]|[^\t]){0,60}") {
        let class = class();
        let mut board = Dashboard::default();
        for c in typed.chars() {
            let code = match c {
                '\n' | '\r' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            proptest::prop_assert_eq!(board.key(&class, Key::from(code)), Command::Nothing);
        }
    }
}

#[test]
fn the_room_desk_opens_rooms_places_and_frees_students_pauses_and_sets_deadlines() {
    let class = class();
    let mut board = Dashboard::default();
    press(&mut board, &class, "o");
    assert!(screen(&board, &class).contains("No room yet"));
    press(&mut board, &class, "n");
    assert_eq!(class.rooms.list().len(), 1);
    let room = class.rooms.list()[0].clone();
    assert!(
        screen(&board, &class).contains("room-1"),
        "{}",
        screen(&board, &class)
    );
    // Place a connected student (ana or cy) at the second seat: the first member.
    let down = Key::from(KeyCode::Down);
    press(&mut board, &class, "a");
    board.key(&class, down);
    press(&mut board, &class, "\n\n");
    let first = arenas_core::team::members(&room.scenario.scenario)
        .next()
        .expect("a member");
    let seat = Seat::Member(first);
    let holder = room.read(|t| t.room.roster.holder(seat).map(str::to_owned));
    assert_eq!(holder.as_deref(), Some("ana"), "{}", board.note);
    let text = screen(&board, &class);
    assert!(text.contains("ana"), "{text}");
    // The clock started with the first seat taken; pausing stops it and the room's orders.
    assert!(room.read(|t| t.left()).is_some());
    press(&mut board, &class, "p");
    assert!(room.read(|t| t.room.paused));
    assert!(screen(&board, &class).contains("paused"));
    press(&mut board, &class, "p");
    assert!(!room.read(|t| t.room.paused));
    press(&mut board, &class, "++-+");
    assert_eq!(
        room.read(|t| t.deadline),
        crate::rooms::DEFAULT_DEADLINE + Duration::from_secs(60)
    );
    // Freeing the seat hands it to the model.
    press(&mut board, &class, "f");
    board.key(&class, down);
    press(&mut board, &class, "\n");
    assert_eq!(
        room.read(|t| t.room.roster.holder(seat).map(str::to_owned)),
        None
    );
    assert!(board.note.contains("the model plays it"), "{}", board.note);
    // o goes back to the students.
    press(&mut board, &class, "o");
    assert!(screen(&board, &class).contains("3 students in all"));
}
