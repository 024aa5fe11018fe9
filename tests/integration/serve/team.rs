//! Team play over SSH: rooms of students, each at a seat, playing weeks together.

use std::sync::Arc;
use std::time::Duration;

use arenas::engine::{Claim, Order, Task};
use arenas::serve::rooms::Hosted;
use arenas::team::Seat;

use super::{Dashboard, PATIENCE, Term, desk, machine, serve, settings, until, until_logged};

/// Takes seat `seat` (0 the operations room, then the members) of room `room` from the
/// lobby, whose entries are the student's own campaign, then the rooms.
async fn take_seat(t: &mut Term, room: usize, seat: usize) {
    t.until("Play on your own").await;
    for _ in 0..=room {
        t.keys("\x1b[B").await;
    }
    t.keys("\r").await;
    t.until("free (the model").await;
    // The cursor opens on the first free seat: from the top, then down to `seat`.
    for _ in 0..10 {
        t.keys("\x1b[A").await;
    }
    for _ in 0..seat {
        t.keys("\x1b[B").await;
    }
    t.keys("\r").await;
    t.until("leave seat").await;
}

fn room(server: &arenas::serve::Running, i: usize) -> Arc<Hosted> {
    server.class.rooms.list()[i].clone()
}

fn week(room: &Hosted) -> u16 {
    room.read(|t| t.room.game.state().turn)
}

/// The faction index of the member at seat `seat` (1 = the first member).
fn member(room: &Hosted, seat: usize) -> usize {
    match Seat::all(&room.scenario.scenario).nth(seat) {
        Some(Seat::Member(i)) => i,
        other => panic!("seat {seat} is {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_rooms_of_four_play_three_weeks_and_each_rooms_save_replays_to_its_state() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.rooms = 2;
    s.max_sessions = 10;
    let server = serve(s).await;
    let mut terms = Vec::new();
    for r in 0..2 {
        for seat in 0..4 {
            let name = format!("r{r}s{seat}");
            let mut t = Term::open_from(
                &server,
                machine(10 + (r * 4 + seat) as u8),
                &name,
                (100, 30),
            )
            .await;
            take_seat(&mut t, r, seat).await;
            terms.push(t);
        }
    }
    for w in 1..=3u16 {
        for t in &terms {
            t.keys("c").await;
        }
        for t in &mut terms {
            t.until(&format!("Week {}/12", w + 1)).await;
        }
        assert_eq!(week(&room(&server, 0)), w + 1);
        assert_eq!(week(&room(&server, 1)), w + 1);
    }
    for r in 0..2 {
        let hosted = room(&server, r);
        let file = dir
            .path()
            .join("rooms")
            .join(format!("room-{}.toml", r + 1));
        let saved = arenas::save::load_file(&file).expect("the room's save loads");
        let back = saved.room().expect("a room's save");
        hosted.read(|t| {
            assert_eq!(back.game.state(), t.room.game.state());
            assert_eq!(back.weeks, t.room.weeks);
            assert_eq!(back.roster, t.room.roster);
            assert_eq!(t.room.weeks.len(), 3);
            assert!(t.room.weeks.iter().all(|w| w.held == w.committed));
        });
    }
    // The class report counts each room's campaign, named with its roster.
    let mut board = Dashboard::default();
    desk(&mut board, &server, "r");
    board.tick(&server.class, PATIENCE);
    assert!(
        board.note.contains("class report of 2 saves written"),
        "{}",
        board.note
    );
    let table = std::fs::read_to_string(dir.path().join("class-report.csv")).expect("the CSV");
    assert!(table.contains("rooms/room-1.toml"), "{table}");
    assert!(
        table.contains("room-2 (room: Operations room r1s0;"),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_that_does_not_commit_by_the_deadline_holds_and_a_student_who_returns_has_their_seat()
 {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.rooms = 1;
    let server = serve(s).await;
    let hosted = room(&server, 0);
    let mut ops = Term::open_from(&server, machine(20), "olga", (100, 30)).await;
    take_seat(&mut ops, 0, 0).await;
    let mut hadi = Term::open_from(&server, machine(21), "hadi", (80, 24)).await;
    take_seat(&mut hadi, 0, 3).await;
    // Hadi drafts an order and never commits it; the operations room commits.
    let m = member(&hosted, 3);
    let sc = Arc::clone(&hosted.scenario.scenario);
    let order = Order {
        front: sc.factions[m].home.expect("home"),
        task: Task::Signal,
        intensity: 1,
        claim: Claim::Deniable,
    };
    hosted
        .act(|r| r.order(Seat::Member(m), m, order))
        .expect("a legal draft within its share");
    // Both seated, the week's clock starts again, short.
    hosted.set_deadline(Duration::from_secs(2));
    ops.keys("c").await;
    ops.until("Week 2/12").await;
    let seat_name = Seat::Member(m).name(&sc);
    until_logged(
        &server,
        &format!("room-1: week 1 resolved at the deadline; {seat_name} held"),
    )
    .await;
    hosted.read(|t| {
        assert_eq!(
            t.room.game.turns[0].orders[m],
            Order::HOLD,
            "the draft was not given"
        );
        assert!(t.room.weeks[0].missed(Seat::Member(m)));
    });
    // Hadi leaves and comes back: the seat is theirs again.
    drop(hadi);
    until("hadi gone", &server, |s| {
        s.class
            .rows()
            .iter()
            .any(|r| r.name == "hadi" && !r.connected)
    })
    .await;
    let mut back = Term::open_from(&server, machine(21), "hadi", (80, 24)).await;
    back.until("your seat").await;
    assert_eq!(
        hosted.read(|t| t.room.roster.holder(Seat::Member(m)).map(str::to_owned)),
        Some("hadi".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_reaches_only_its_member_and_the_split_of_points_is_enforced() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.rooms = 1;
    let server = serve(s).await;
    let hosted = room(&server, 0);
    let mut ops = Term::open_from(&server, machine(30), "olga", (100, 30)).await;
    take_seat(&mut ops, 0, 0).await;
    let mut a = Term::open_from(&server, machine(31), "ana", (100, 30)).await;
    take_seat(&mut a, 0, 1).await;
    let mut b = Term::open_from(&server, machine(32), "bo", (100, 30)).await;
    take_seat(&mut b, 0, 3).await;
    let (ma, mb) = (member(&hosted, 1), member(&hosted, 3));
    hosted
        .act(|r| {
            r.propose(
                Seat::Operations,
                mb,
                Some((Order::HOLD, "quiet-north-plan")),
            )
        })
        .expect("a legal proposal");
    hosted
        .act(|r| r.order(Seat::Member(ma), ma, Order::HOLD))
        .expect("holding");
    b.until("quiet-north-plan").await;
    // Ana's screen, redrawn after the change, never shows it.
    a.keys("\t").await;
    a.keys("\t").await;
    let seen = a.until("leave seat").await;
    assert!(!seen.contains("quiet-north-plan"), "{seen}");
    // The operations room cannot give out more than the week's points: the last + is
    // refused on its status line.
    let budget = hosted.scenario.scenario.model.budget;
    for _ in 0..=budget {
        ops.keys("+").await;
    }
    let refused = ops.until("points; the week has").await;
    assert!(
        refused.contains(&format!("the week has {budget}")),
        "{refused}"
    );
    let given: u32 = hosted.read(|t| t.room.week.given());
    assert!(given <= budget);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instructor_places_a_student_from_the_lobby_and_frees_the_seat() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.rooms = 1;
    let server = serve(s).await;
    let mut ana = Term::open_from(&server, machine(40), "ana", (100, 30)).await;
    ana.until("Play on your own").await;
    until("ana connected", &server, |s| {
        s.class
            .rows()
            .iter()
            .any(|r| r.name == "ana" && r.connected)
    })
    .await;
    // Rooms, place, the first member's seat, the only student connected.
    let mut board = Dashboard::default();
    desk(&mut board, &server, "oa↓\n\n");
    let seen = ana.until("your seat").await;
    assert!(seen.contains("Your instructor placed you at"), "{seen}");
    desk(&mut board, &server, "f↓\n");
    let seen = ana.until("Play on your own").await;
    assert!(seen.contains("freed your seat"), "{seen}");
}
