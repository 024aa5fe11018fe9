//! The screens of team play on a `TestBackend`: the lobby, a member's seat and the
//! operations room at 80x24 and 120x40, drawn from a room of the bundled scenario; and a
//! member's screen that shows nothing of another member's private figures, orders,
//! proposal or private line.

use std::sync::Arc;
use std::time::Duration;

use arenas::engine::{Claim, Order, Scenario, Task};
use arenas::tui::input::{Key, KeyCode};
use arenas::tui::team::{
    Lobby, LobbyChoice, RoomSummary, SeatScreen, TeamAction, draw, draw_lobby,
};
use arenas::tui::theme::Theme;
use arenas_core::team::{Line, Room, Seat};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn scenario() -> Arc<Scenario> {
    arenas::scenario::default_scenario().scenario
}

fn idx(room: &Room, id: &str) -> usize {
    room.scenario().faction_index(id).expect("faction")
}

fn order(room: &Room, front: &str, task: Task, intensity: u8, claim: Claim) -> Order {
    Order {
        front: room.scenario().front_index(front).expect("front"),
        task,
        intensity,
        claim,
    }
}

/// A room one week in: the operations room (Dana), Hizballah (Sam) and PIJ (Rami) held,
/// the rest played by the model; shares moved, proposals with notes, drafts, and talk on
/// the room channel and on private lines.
fn room() -> Room {
    let mut room = Room::new(scenario(), 7);
    let (hiz, pij, hamas) = (
        idx(&room, "hizballah"),
        idx(&room, "pij"),
        idx(&room, "hamas"),
    );
    room.take(Seat::Operations, "Dana").expect("seat");
    room.take(Seat::Member(hiz), "Sam").expect("seat");
    room.take(Seat::Member(pij), "Rami").expect("seat");
    // Week 1: Hizballah follows its proposal; the week resolves.
    let strike = order(
        &room,
        "south_lebanon",
        Task::LimitedStrike,
        1,
        Claim::Deniable,
    );
    room.propose(Seat::Operations, hiz, Some((strike, "")))
        .expect("proposal");
    room.order(Seat::Member(hiz), hiz, strike).expect("order");
    for seat in [Seat::Operations, Seat::Member(hiz), Seat::Member(pij)] {
        room.commit(seat).expect("commit");
    }
    room.resolve().expect("resolve");
    // Week 2, being prepared.
    room.share(Seat::Operations, hamas, 2).expect("share");
    room.share(Seat::Operations, hiz, 4).expect("share");
    room.share(Seat::Operations, pij, 4).expect("share");
    let signal = order(&room, "south_lebanon", Task::Signal, 2, Claim::Claimed);
    room.propose(
        Seat::Operations,
        hiz,
        Some((
            signal,
            "Keep the northern front bounded; spread the exposure.",
        )),
    )
    .expect("proposal");
    let west_bank = order(&room, "west_bank", Task::Signal, 1, Claim::Deniable);
    room.propose(
        Seat::Operations,
        pij,
        Some((
            west_bank,
            "Mobilise in the West Bank; Gaza holds this week.",
        )),
    )
    .expect("proposal");
    let pij_draft = order(&room, "gaza", Task::LimitedStrike, 2, Claim::Claimed);
    room.order(Seat::Member(pij), pij, pij_draft)
        .expect("order");
    room.order(Seat::Member(hiz), hiz, strike).expect("order");
    room.commit(Seat::Member(pij)).expect("commit");
    room.say(
        Seat::Member(hiz),
        Line::Room,
        "The north stays at one step.",
    )
    .expect("say");
    room.say(
        Seat::Operations,
        Line::Private(pij),
        "Resupply reaches Gaza late this week.",
    )
    .expect("say");
    room.say(
        Seat::Member(hiz),
        Line::Private(hiz),
        "We can carry more if Tehran stays quiet.",
    )
    .expect("say");
    room
}

fn log_lines(room: &Room) -> Vec<String> {
    room.game
        .log()
        .iter()
        .rev()
        .take(6)
        .rev()
        .map(|e| format!("{} {}: {}", e.date.day_month(), e.title, e.text))
        .collect()
}

fn seat_screen(room: &Room, screen: &SeatScreen, (w, h): (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let view = room.view(screen.seat);
    let log = log_lines(room);
    t.draw(|f| {
        draw(
            f,
            screen,
            &view,
            room.scenario(),
            &log,
            Some(Duration::from_secs(161)),
            None,
        )
    })
    .expect("draw");
    t.backend().to_string()
}

fn lobby_screen(lobby: &Lobby, rooms: &[RoomSummary], (w, h): (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| draw_lobby(f, lobby, rooms, None)).expect("draw");
    t.backend().to_string()
}

fn key(c: char) -> Key {
    Key::from(match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\t' => KeyCode::Tab,
        c => KeyCode::Char(c),
    })
}

#[test]
fn lobby_lists_the_own_campaign_and_the_rooms_with_their_seats() {
    let rooms = [
        RoomSummary::of("Room A", &room()),
        RoomSummary::of("Room B", &Room::new(scenario(), 8)),
    ];
    let mut lobby = Lobby::new("Sam", Theme::COLOUR);
    for size in SIZES {
        insta::assert_snapshot!(
            format!("team_lobby_{}x{}", size.0, size.1),
            lobby_screen(&lobby, &rooms, size)
        );
    }
    // Room A: the student's own seat is chosen first; Enter takes it back.
    assert_eq!(lobby.handle(key('j'), &rooms), None);
    assert_eq!(lobby.handle(key('\n'), &rooms), None);
    for size in SIZES {
        insta::assert_snapshot!(
            format!("team_lobby_seats_{}x{}", size.0, size.1),
            lobby_screen(&lobby, &rooms, size)
        );
    }
    let hiz = Seat::Member(idx(&room(), "hizballah"));
    assert_eq!(
        lobby.handle(key('\n'), &rooms),
        Some(LobbyChoice::Take { room: 0, seat: hiz })
    );
    // The operations room is Dana's: refused, with a word on the status line.
    let seats = &rooms[0].seats;
    let mine = seats.iter().position(|s| s.seat == hiz).expect("seat");
    for _ in 0..mine {
        lobby.handle(key('k'), &rooms);
    }
    assert_eq!(lobby.handle(key('\n'), &rooms), None);
    assert!(lobby_screen(&lobby, &rooms, (80, 24)).contains("Operations room is held by Dana."));
    // Back to the list; the own campaign, and quitting.
    lobby.handle(key('\x1b'), &rooms);
    lobby.handle(key('k'), &rooms);
    assert_eq!(lobby.handle(key('\n'), &rooms), Some(LobbyChoice::Solo));
    assert_eq!(lobby.handle(key('q'), &rooms), Some(LobbyChoice::Quit));
}

#[test]
fn a_member_seat_shows_its_own_figures_order_and_proposal() {
    let room = room();
    let hiz = Seat::Member(idx(&room, "hizballah"));
    let screen = SeatScreen::new(hiz, "Room A", Theme::COLOUR);
    for size in SIZES {
        let text = seat_screen(&room, &screen, size);
        assert!(text.contains("Keep the northern front bounded"), "{text}");
        assert!(text.contains("2:41 left"), "{text}");
        insta::assert_snapshot!(format!("team_member_{}x{}", size.0, size.1), text);
    }
}

#[test]
fn the_operations_room_shows_every_member_and_its_proposals() {
    let room = room();
    let mut screen = SeatScreen::new(Seat::Operations, "Room A", Theme::COLOUR);
    let view = room.view(Seat::Operations);
    // The selected row: PIJ's, whose note and figures the panel under the table shows.
    for _ in 0..idx(&room, "pij") {
        screen.handle(key('j'), &view, room.scenario());
    }
    for size in SIZES {
        let text = seat_screen(&room, &screen, size);
        assert!(text.contains("Mobilise in the West Bank"), "{text}");
        insta::assert_snapshot!(format!("team_operations_{}x{}", size.0, size.1), text);
    }
}

#[test]
fn a_member_sees_the_results_after_a_week_resolves() {
    let room = room();
    let hiz = Seat::Member(idx(&room, "hizballah"));
    let mut screen = SeatScreen::new(hiz, "Room A", Theme::COLOUR);
    screen.show_results();
    let text = seat_screen(&room, &screen, (80, 24));
    let last = log_lines(&room).pop().expect("a log line");
    let start: String = last.chars().take(20).collect();
    assert!(text.contains(&start), "{start} not in:\n{text}");
    insta::assert_snapshot!("team_member_results_80x24", text);
    // The keys stay with the orders: the next week's first Enter changes the order.
    let view = room.view(hiz);
    let action = screen.handle(key('\n'), &view, room.scenario());
    assert!(
        matches!(action, Some(TeamAction::Order { .. })),
        "{action:?}"
    );
}

#[test]
fn a_member_screen_shows_nothing_private_of_another_member() {
    let room = room();
    let hiz = Seat::Member(idx(&room, "hizballah"));
    let pij = idx(&room, "pij");
    let state = room.game.state();
    let capacity = format!("{:.1}", state.capacity[pij]);
    let exposure = format!("exposure {:.1}", state.exposure[pij]);
    let secrets = [
        capacity.as_str(),
        exposure.as_str(),
        "Mobilise in the West Bank",
        "Resupply reaches Gaza late",
        // PIJ's drafted order as the operations room's table writes it.
        "Ltd strike 2",
    ];
    // The operations room does see them, so the search would find them.
    let ops = SeatScreen::new(Seat::Operations, "Room A", Theme::COLOUR);
    let mut ops_text = String::new();
    let view = room.view(Seat::Operations);
    let mut ops_pij = ops.clone();
    for _ in 0..idx(&room, "pij") {
        ops_pij.handle(key('j'), &view, room.scenario());
    }
    for size in SIZES {
        ops_text.push_str(&seat_screen(&room, &ops_pij, size));
    }
    let mut talking = ops_pij.clone();
    talking.handle(key('\t'), &view, room.scenario());
    talking.handle(key('l'), &view, room.scenario());
    ops_text.push_str(&seat_screen(&room, &talking, (120, 40)));
    for s in secrets {
        assert!(ops_text.contains(s), "the operations room should see `{s}`");
    }
    // Every pane of the member's screen, at both sizes, with its help open too.
    let member = SeatScreen::new(hiz, "Room A", Theme::COLOUR);
    let view = room.view(hiz);
    let mut screens = vec![member.clone()];
    let mut s = member.clone();
    for k in ['\t', 'l', '\t', '?'] {
        s.handle(key(k), &view, room.scenario());
        screens.push(s.clone());
    }
    for screen in &screens {
        for size in SIZES {
            let text = seat_screen(&room, screen, size);
            for secret in secrets {
                assert!(
                    !text.contains(secret),
                    "`{secret}` shown to Hizballah:\n{text}"
                );
            }
        }
    }
}

#[test]
fn keys_on_the_operations_seat_act_on_the_room() {
    let mut room = room();
    let mut screen = SeatScreen::new(Seat::Operations, "Room A", Theme::COLOUR);
    let hamas = idx(&room, "hamas");
    // Hamas' row, one point more, then a proposal's task, a note, and commit.
    for _ in 0..hamas {
        let view = room.view(Seat::Operations);
        screen.handle(key('j'), &view, room.scenario());
    }
    let apply = |room: &mut Room, screen: &mut SeatScreen, keys: &str| {
        for c in keys.chars() {
            let view = room.view(Seat::Operations);
            if let Some(action) = screen.handle(key(c), &view, room.scenario()) {
                action.apply(room, Seat::Operations).expect("applied");
            }
        }
    };
    apply(&mut room, &mut screen, "+");
    assert_eq!(room.week.shares[hamas], 3);
    apply(&mut room, &mut screen, "ll\n");
    let proposed = room.week.proposals[hamas].clone().expect("a proposal");
    assert_eq!(proposed.order.task, Task::Signal);
    apply(&mut room, &mut screen, "nHold the line.\n");
    assert_eq!(
        room.week.proposals[hamas].as_ref().map(|p| p.note.as_str()),
        Some("Hold the line.")
    );
    apply(&mut room, &mut screen, "c");
    assert!(room.week.has_committed(Seat::Operations));
    let action = screen.handle(key('u'), &room.view(Seat::Operations), room.scenario());
    assert_eq!(action, Some(TeamAction::Reopen));
}

#[test]
fn text_from_students_is_cleaned_and_fitted_in_columns() {
    let mut room = Room::new(scenario(), 9);
    let hiz = idx(&room, "hizballah");
    let pij = idx(&room, "pij");
    room.take(Seat::Operations, "Eve\x1b[2J\x1b]0;owned\x07")
        .expect("seat");
    room.take(Seat::Member(hiz), "班级三四五六七八九十班级三四五六")
        .expect("seat");
    room.take(Seat::Member(pij), "\u{202e}reversed")
        .expect("seat");
    let hold = Order::HOLD;
    room.propose(
        Seat::Operations,
        hiz,
        Some((hold, "stand\x1b[31m down\r\nnow 📣📣📣")),
    )
    .expect("proposal");
    room.say(Seat::Member(hiz), Line::Room, "\x1b[1;1Hcleared? 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十")
        .expect("say");
    let rooms = [RoomSummary::of("Room \x1b[5mA", &room)];
    let mut lobby = Lobby::new("班级三四五六七八九十班级三四五六", Theme::COLOUR);
    lobby.handle(key('j'), &rooms);
    lobby.handle(key('\n'), &rooms);
    let mut texts = vec![];
    for size in SIZES {
        texts.push(lobby_screen(&lobby, &rooms, size));
        for seat in [Seat::Operations, Seat::Member(hiz)] {
            let mut screen = SeatScreen::new(seat, "Room \x1b[5mA", Theme::COLOUR);
            let text = seat_screen(&room, &screen, size);
            if seat == Seat::Member(hiz) {
                assert!(text.contains("stand down now"), "{text}");
            }
            texts.push(text);
            screen.handle(key('t'), &room.view(seat), room.scenario());
            texts.push(seat_screen(&room, &screen, size));
        }
    }
    for text in &texts {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "a control character reached the screen:\n{text}"
        );
    }
    // The name is kept, less its escape sequences.
    assert!(
        texts[0].contains("Operations room         Eve "),
        "{}",
        texts[0]
    );
}
