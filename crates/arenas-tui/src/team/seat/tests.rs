//! Tests of a seat's key handler: keys pressed on a real room and the actions they give.

use super::*;
use crate::input::Modifiers;
use arenas_core::engine::{Claim, Task};
use arenas_core::team::Room;

fn room() -> Room {
    let mut room = Room::new(arenas_files::scenario::default_scenario().scenario, 5);
    room.take(Seat::Operations, "Dana").expect("seat");
    room
}

fn hizballah(room: &Room) -> FactionIdx {
    room.scenario()
        .faction_index("hizballah")
        .expect("hizballah")
}

fn key(c: char) -> Key {
    Key::from(match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\t' => KeyCode::Tab,
        '\x08' => KeyCode::Backspace,
        c => KeyCode::Char(c),
    })
}

/// Presses `keys` on `screen`, applying each action to the room; returns the actions.
fn press(room: &mut Room, screen: &mut SeatScreen, keys: &str) -> Vec<TeamAction> {
    let mut actions = Vec::new();
    for c in keys.chars() {
        let view = room.view(screen.seat);
        let action = screen.handle(key(c), &view, room.scenario());
        if let Some(a) = action {
            a.apply(room, screen.seat).expect("the room takes it");
            actions.push(a);
        }
    }
    actions
}

/// The operations room's screen with `faction`'s row selected.
fn ops_on(faction: FactionIdx) -> SeatScreen {
    let mut s = SeatScreen::new(Seat::Operations, "A", Theme::MONO);
    s.row = faction;
    s
}

#[test]
fn plus_and_minus_move_the_selected_members_share() {
    let mut room = room();
    let hiz = hizballah(&room);
    let mut ops = ops_on(hiz);
    let before = room.week.shares[hiz];
    let kept = room.week.points(room.scenario(), Seat::Operations);
    let actions = press(&mut room, &mut ops, "++");
    assert_eq!(
        actions,
        [
            TeamAction::Share {
                member: hiz,
                points: before + 1
            },
            TeamAction::Share {
                member: hiz,
                points: before + 2
            },
        ]
    );
    assert_eq!(
        room.week.points(room.scenario(), Seat::Operations),
        kept - 2
    );
    press(&mut room, &mut ops, "-");
    assert_eq!(room.week.shares[hiz], before + 1);
    // At nought, minus asks nothing.
    let mut zero = room.clone();
    zero.share(Seat::Operations, hiz, 0).expect("share");
    assert!(press(&mut zero, &mut ops, "-").is_empty());
    // The patron's row keeps what is not given: nothing to share, and a word why.
    let patron = (0..room.scenario().factions.len())
        .find(|&i| !is_member(room.scenario(), i))
        .expect("a patron");
    let mut on_patron = ops_on(patron);
    assert!(press(&mut room, &mut on_patron, "+").is_empty());
    assert!(on_patron.note.is_some());
}

#[test]
fn the_operations_room_edits_a_proposal_and_its_note() {
    let mut room = room();
    let hiz = hizballah(&room);
    let mut ops = ops_on(hiz);
    // Share → front → task: Enter gives the first task at the home front.
    press(&mut room, &mut ops, "ll\n");
    let p = room.week.proposals[hiz].clone().expect("proposed");
    assert_eq!(p.order.task, Task::Signal);
    assert_eq!(Some(p.order.front), room.scenario().factions[hiz].home);
    assert_eq!(p.order.intensity, 1);
    // The note: typed, a letter taken back, sent; the order stays as proposed.
    press(&mut room, &mut ops, "nStay boundedd\x08\n");
    let p = room.week.proposals[hiz].clone().expect("proposed");
    assert_eq!(p.note, "Stay bounded");
    assert_eq!(p.order.task, Task::Signal);
    // Changing a field keeps the note; intensity goes up.
    press(&mut room, &mut ops, "l\n");
    let p = room.week.proposals[hiz].clone().expect("proposed");
    assert_eq!((p.order.intensity, p.note.as_str()), (2, "Stay bounded"));
    // Esc drops a note being typed; x withdraws the proposal.
    press(&mut room, &mut ops, "nxyz\x1b");
    assert_eq!(
        room.week.proposals[hiz].as_ref().map(|p| p.note.as_str()),
        Some("Stay bounded")
    );
    press(&mut room, &mut ops, "x");
    assert_eq!(room.week.proposals[hiz], None);
}

#[test]
fn a_note_stops_at_its_longest() {
    let mut room = room();
    let hiz = hizballah(&room);
    let mut ops = ops_on(hiz);
    let long: String = std::iter::once('n')
        .chain(std::iter::repeat_n('a', MAX_NOTE_CHARS + 30))
        .chain(['\n'])
        .collect();
    press(&mut room, &mut ops, &long);
    let note = room.week.proposals[hiz].clone().expect("proposed").note;
    assert_eq!(note.chars().count(), MAX_NOTE_CHARS);
}

#[test]
fn a_member_adopts_the_proposal_then_commits_and_takes_it_back() {
    let mut room = room();
    let hiz = hizballah(&room);
    room.take(Seat::Member(hiz), "Sam").expect("seat");
    let mut me = SeatScreen::new(Seat::Member(hiz), "A", Theme::MONO);
    // No proposal yet: a adopts nothing, and says so.
    assert!(press(&mut room, &mut me, "a").is_empty());
    assert!(me.note.is_some());
    let proposed = Order {
        front: room.scenario().factions[hiz].home.expect("home"),
        task: Task::LimitedStrike,
        intensity: 1,
        claim: Claim::Deniable,
    };
    room.propose(Seat::Operations, hiz, Some((proposed, "Bounded.")))
        .expect("proposal");
    let actions = press(&mut room, &mut me, "a");
    assert_eq!(
        actions,
        [TeamAction::Order {
            faction: hiz,
            order: proposed
        }]
    );
    assert_eq!(room.week.orders[hiz], proposed);
    assert_eq!(press(&mut room, &mut me, "c"), [TeamAction::Commit]);
    assert!(room.week.has_committed(Seat::Member(hiz)));
    assert_eq!(press(&mut room, &mut me, "u"), [TeamAction::Reopen]);
    assert!(!room.week.has_committed(Seat::Member(hiz)));
}

#[test]
fn a_member_edits_its_own_order_within_its_points() {
    let mut room = room();
    let hiz = hizballah(&room);
    room.take(Seat::Member(hiz), "Sam").expect("seat");
    let mut me = SeatScreen::new(Seat::Member(hiz), "A", Theme::MONO);
    // Task (the field selected first): signal at 1; then intensity up until the points
    // run out, where it wraps to 1.
    press(&mut room, &mut me, "\n");
    assert_eq!(room.week.orders[hiz].task, Task::Signal);
    let points = room.week.points(room.scenario(), Seat::Member(hiz));
    press(&mut room, &mut me, "l\n\n");
    let order = room.week.orders[hiz];
    assert!(room.scenario().order_cost(hiz, &order) <= points);
    // Front of a holding order: refused here, with the reason.
    let mut holding = SeatScreen::new(Seat::Member(hiz), "A", Theme::MONO);
    room.order(Seat::Member(hiz), hiz, Order::HOLD)
        .expect("hold");
    assert!(press(&mut room, &mut holding, "h\n").is_empty());
    assert!(
        holding
            .note
            .as_deref()
            .is_some_and(|n| n.contains("choose a task first"))
    );
}

#[test]
fn messages_go_on_the_line_chosen_and_ctrl_c_quits() {
    let mut room = room();
    let hiz = hizballah(&room);
    room.take(Seat::Member(hiz), "Sam").expect("seat");
    let mut me = SeatScreen::new(Seat::Member(hiz), "A", Theme::MONO);
    assert_eq!(
        press(&mut room, &mut me, "tq c\n"),
        [TeamAction::Say(Line::Room, "q c".into())]
    );
    // In the talk pane, → switches to the private line with the operations room.
    assert_eq!(me.pane, Pane::Talk);
    assert_eq!(
        press(&mut room, &mut me, "lthi\n"),
        [TeamAction::Say(Line::Private(hiz), "hi".into())]
    );
    // An empty message is not sent.
    assert!(press(&mut room, &mut me, "t  \n").is_empty());
    let view = room.view(me.seat);
    let ctrl_c = Key::new(KeyCode::Char('c'), Modifiers::CONTROL);
    assert_eq!(
        me.handle(ctrl_c, &view, room.scenario()),
        Some(TeamAction::Quit)
    );
    assert_eq!(
        me.handle(key('q'), &view, room.scenario()),
        Some(TeamAction::Leave)
    );
}
