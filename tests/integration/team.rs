//! Team play's room, without a server: seats, shares of the points, proposals, commits,
//! deadlines, what each seat may know, and the room's save.

use std::sync::Arc;

use arenas::engine::{Claim, Happening, Order, Scenario, Task};
use arenas::save::{self, CampaignId, Lineage};
use arenas::scenario::{self, Loaded};
use arenas::team::{Line, Room, Seat, TeamError};

fn gaza() -> Loaded {
    scenario::bundled(scenario::DEFAULT_ID)
        .expect("bundled")
        .expect("valid")
}

fn idx(sc: &Scenario, id: &str) -> usize {
    sc.faction_index(id).expect("a faction of the scenario")
}

fn strike(sc: &Scenario, faction: &str, intensity: u8, claim: Claim) -> Order {
    let i = idx(sc, faction);
    Order {
        front: sc.factions[i].home.expect("a home front"),
        task: Task::LimitedStrike,
        intensity,
        claim,
    }
}

/// A room of the bundled scenario with the operations room, Hamas and Hizballah held.
fn room(seed: u64) -> (Loaded, Room) {
    let loaded = gaza();
    let mut room = Room::new(Arc::clone(&loaded.scenario), seed);
    room.take(Seat::Operations, "olga").expect("free");
    let sc = Arc::clone(&loaded.scenario);
    room.take(Seat::Member(idx(&sc, "hamas")), "hana")
        .expect("free");
    room.take(Seat::Member(idx(&sc, "hizballah")), "hadi")
        .expect("free");
    (loaded, room)
}

#[test]
fn the_split_of_the_points_is_enforced() {
    let (loaded, mut room) = room(1);
    let sc = &loaded.scenario;
    let (hamas, hizb) = (idx(sc, "hamas"), idx(sc, "hizballah"));
    let budget = sc.model.budget;
    // Only the operations room divides the points, and never more than the week has.
    assert_eq!(
        room.share(Seat::Member(hamas), hamas, 5),
        Err(TeamError::NotOperations)
    );
    for i in arenas::team::members(sc).collect::<Vec<_>>() {
        room.share(Seat::Operations, i, 0)
            .expect("zero is always allowed");
    }
    room.share(Seat::Operations, hamas, budget - 2)
        .expect("within the budget");
    assert!(matches!(
        room.share(Seat::Operations, hizb, 3),
        Err(TeamError::OverBudget { .. })
    ));
    room.share(Seat::Operations, hizb, 2).expect("the rest");
    // A member spends its share and no more; it gives no other member's order.
    let big = strike(sc, "hizballah", 3, Claim::Deniable);
    assert!(matches!(
        room.order(Seat::Member(hizb), hizb, big),
        Err(TeamError::OverPoints { .. })
    ));
    assert_eq!(
        room.order(
            Seat::Member(hamas),
            hizb,
            strike(sc, "hizballah", 1, Claim::Deniable)
        ),
        Err(TeamError::NotYours)
    );
    room.order(
        Seat::Member(hizb),
        hizb,
        strike(sc, "hizballah", 1, Claim::Deniable),
    )
    .expect("within its two points");
    // The operations room kept nothing: the patron cannot act.
    let qf = idx(sc, "quds_force");
    let resupply = Order {
        front: sc.factions[hamas].home.expect("home"),
        task: Task::Resupply,
        intensity: 1,
        claim: Claim::Deniable,
    };
    assert!(matches!(
        room.order(Seat::Operations, qf, resupply),
        Err(TeamError::OverPoints { .. })
    ));
    // A committed member's share cannot fall below what its order costs.
    room.commit(Seat::Member(hizb)).expect("commits");
    assert!(matches!(
        room.share(Seat::Operations, hizb, 0),
        Err(TeamError::BelowCommitted { .. })
    ));
    assert_eq!(
        room.order(Seat::Member(hizb), hizb, Order::HOLD),
        Err(TeamError::Committed)
    );
    room.reopen(Seat::Member(hizb)).expect("reopens");
    room.order(Seat::Member(hizb), hizb, Order::HOLD)
        .expect("after reopening");
}

#[test]
fn a_seat_that_lets_the_deadline_pass_holds_and_the_record_says_so() {
    let (loaded, mut room) = room(2);
    let sc = &loaded.scenario;
    let (hamas, hizb) = (idx(sc, "hamas"), idx(sc, "hizballah"));
    let order = strike(sc, "hizballah", 1, Claim::Deniable);
    room.order(Seat::Member(hizb), hizb, order).expect("legal");
    room.commit(Seat::Operations).expect("commits");
    room.commit(Seat::Member(hamas)).expect("commits");
    assert!(!room.ready(), "Hizballah has not committed");
    room.resolve().expect("the deadline passed");
    let played = &room.game.turns[0];
    assert_eq!(
        played.orders[hizb],
        Order::HOLD,
        "an uncommitted seat holds"
    );
    let week = &room.weeks[0];
    assert!(week.missed(Seat::Member(hizb)));
    assert!(!week.missed(Seat::Member(hamas)));
    assert!(
        !week.missed(Seat::Member(idx(sc, "houthis"))),
        "an empty seat misses nothing"
    );
}

/// Whether the engine's autonomy touched a member's order in the week played.
fn weighed(room: &Room, member: usize) -> bool {
    room.game.turns.last().is_some_and(|t| {
        t.report.happenings.iter().any(|h| {
            matches!(h, Happening::Reduced(i) | Happening::Refused(i) | Happening::ActedAlone(i) if *i == member)
        })
    })
}

#[test]
fn a_held_seat_is_carried_out_as_given_and_an_empty_seat_plays_the_proposal_with_its_autonomy() {
    let loaded = gaza();
    let sc = Arc::clone(&loaded.scenario);
    // A member that may escalate away from home, at full intensity: the model often
    // lowers or refuses such an order.
    let (member, away) = arenas::team::members(&sc)
        .find_map(|i| {
            let home = sc.factions[i].home;
            let away = sc
                .allowed_fronts(i)
                .into_iter()
                .find(|&f| Some(f) != home)?;
            sc.factions[i].may_do(Task::Escalate).then_some((i, away))
        })
        .expect("a member may act away from home");
    let far = Order {
        front: away,
        task: Task::Escalate,
        intensity: 3,
        claim: Claim::Claimed,
    };
    let fits = |room: &mut Room| {
        for i in arenas::team::members(&sc).collect::<Vec<_>>() {
            room.share(Seat::Operations, i, 0).expect("zero");
        }
        room.share(Seat::Operations, member, sc.order_cost(member, &far))
            .expect("the budget allows one such order");
    };
    let (mut by_model, mut by_person) = (0, 0);
    for seed in 0..40 {
        // Empty: the model plays the proposal.
        let mut empty = Room::new(Arc::clone(&sc), seed);
        empty.take(Seat::Operations, "olga").expect("free");
        fits(&mut empty);
        empty
            .propose(Seat::Operations, member, Some((far, "all in")))
            .expect("a legal proposal");
        empty.commit(Seat::Operations).expect("commits");
        assert!(empty.ready());
        empty.resolve().expect("resolves");
        assert_eq!(
            empty.game.turns[0].orders[member], far,
            "the proposal was given"
        );
        by_model += usize::from(weighed(&empty, member));
        // Held: the student's order stands.
        let mut held = Room::new(Arc::clone(&sc), seed);
        held.take(Seat::Operations, "olga").expect("free");
        held.take(Seat::Member(member), "hugo").expect("free");
        fits(&mut held);
        held.order(Seat::Member(member), member, far)
            .expect("within its share");
        held.commit(Seat::Operations).expect("commits");
        held.commit(Seat::Member(member)).expect("commits");
        held.resolve().expect("resolves");
        by_person += usize::from(weighed(&held, member));
    }
    assert!(
        by_model >= 5,
        "the model weighed the far order in {by_model} of 40 weeks"
    );
    assert_eq!(by_person, 0, "a student's order is their own");
}

#[test]
fn a_member_sees_its_own_figures_and_line_and_no_other_members() {
    let (loaded, mut room) = room(3);
    let sc = &loaded.scenario;
    let (hamas, hizb) = (idx(sc, "hamas"), idx(sc, "hizballah"));
    let order = strike(sc, "hizballah", 1, Claim::Deniable);
    room.propose(Seat::Operations, hizb, Some((order, "the north, lightly")))
        .expect("legal");
    room.order(Seat::Member(hizb), hizb, order).expect("legal");
    room.say(
        Seat::Operations,
        Line::Private(hizb),
        "hold the line in the north",
    )
    .expect("said");
    room.say(Seat::Member(hamas), Line::Room, "Gaza holds")
        .expect("said");
    assert_eq!(
        room.say(Seat::Member(hamas), Line::Private(hizb), "listening in"),
        Err(TeamError::NotYours)
    );
    let view = room.view(Seat::Member(hamas));
    for m in &view.members {
        assert_eq!(m.private.is_some(), m.faction == hamas, "{}", m.faction);
    }
    assert!(view.talk.iter().all(|m| m.line == Line::Room));
    // The roster is public: every seat, the operations room first, with its holder.
    assert_eq!(view.seats[0].seat, Seat::Operations);
    assert_eq!(view.seats[0].holder.as_deref(), Some("olga"));
    assert_eq!(view.seats.len(), arenas::team::members(sc).count() + 1);
    let theirs = room.view(Seat::Member(hizb));
    let own = theirs.members[hizb].private.as_ref().expect("its own");
    assert_eq!(own.order, order);
    assert_eq!(
        own.proposal.as_ref().map(|p| p.note.as_str()),
        Some("the north, lightly")
    );
    assert_eq!(theirs.talk.len(), 2);
    let ops = room.view(Seat::Operations);
    assert!(ops.members.iter().all(|m| m.private.is_some()));
    // After the week resolves, the orders are the game's, which everyone's log tells.
    room.commit(Seat::Member(hizb)).expect("commits");
    room.commit(Seat::Member(hamas)).expect("commits");
    room.commit(Seat::Operations).expect("commits");
    assert_eq!(room.weeks.len(), 0);
    assert!(room.ready());
    room.resolve().expect("resolves");
    assert_eq!(room.followed(hizb), (1, 1));
}

/// A room that played three weeks: the operations room proposes to the Iraqi militias
/// (an empty seat, which plays it) and to Hizballah (which goes its own way); Hamas lets
/// the second week's deadline pass.
fn played_room() -> (Loaded, Room) {
    let (loaded, mut room) = room(2023);
    let sc = Arc::clone(&loaded.scenario);
    let (hamas, hizb, iraq) = (
        idx(&sc, "hamas"),
        idx(&sc, "hizballah"),
        idx(&sc, "iraqi_militias"),
    );
    for week in 0..3u8 {
        room.share(Seat::Operations, iraq, 4)
            .expect("within the budget");
        let harass = Order {
            front: sc.factions[iraq].home.expect("home"),
            task: Task::HarassUs,
            intensity: 1,
            claim: Claim::Deniable,
        };
        room.propose(Seat::Operations, iraq, Some((harass, "keep it deniable")))
            .expect("legal");
        room.propose(
            Seat::Operations,
            hizb,
            Some((Order::HOLD, "stand down this week")),
        )
        .expect("legal");
        room.order(
            Seat::Member(hizb),
            hizb,
            strike(&sc, "hizballah", 1, Claim::Deniable),
        )
        .expect("legal");
        if week != 1 {
            room.order(
                Seat::Member(hamas),
                hamas,
                strike(&sc, "hamas", 1, Claim::Claimed),
            )
            .expect("legal");
            room.commit(Seat::Member(hamas)).expect("commits");
        }
        room.say(
            Seat::Member(hizb),
            Line::Private(hizb),
            &format!("week {week}: north"),
        )
        .expect("said");
        room.commit(Seat::Member(hizb)).expect("commits");
        room.commit(Seat::Operations).expect("commits");
        room.resolve().expect("resolves");
    }
    (loaded, room)
}

fn room_save(loaded: &Loaded, room: &Room) -> String {
    let lineage = Lineage::of(CampaignId::derived("room", room.game.seed, "room-1"));
    save::room_text(room, "room-1", &lineage, &loaded.doc, "room-1").expect("saved")
}

#[test]
fn a_rooms_save_replays_its_seats_shares_proposals_orders_and_talk() {
    let (loaded, room) = played_room();
    let text = room_save(&loaded, &room);
    let saved = save::parse("room-1.toml", &text).expect("loads");
    let back = saved.room().expect("a room's save");
    assert_eq!(back.game.state(), room.game.state());
    assert_eq!(back.weeks, room.weeks);
    assert_eq!(back.talk, room.talk);
    assert_eq!(back.roster, room.roster);
    assert_eq!(back.week.shares, room.week.shares);
    assert!(back.weeks[1].missed(Seat::Member(idx(&loaded.scenario, "hamas"))));
    let cut = text.replacen("[room]", "[unknown_room]", 1);
    assert!(
        save::parse("cut.toml", &cut).is_err(),
        "an edited room breaks the seal"
    );
}

#[test]
fn the_debrief_of_a_rooms_save_measures_coordination_and_the_class_report_names_the_roster() {
    let (loaded, room) = played_room();
    let dir = crate::common::TempDir::new("team-report");
    let file = dir.write("room-1.toml", room_save(&loaded, &room));
    let out = crate::common::run(["report", file.to_str().expect("utf-8")]);
    crate::common::assert_exit(&out, 0);
    let md = crate::common::stdout(&out);
    let section = md
        .split("## Coordination")
        .nth(1)
        .expect("a coordination section");
    let row = |member: &str| {
        section
            .lines()
            .find(|l| l.starts_with(&format!("| {member} |")))
            .unwrap_or_else(|| panic!("a row for {member} in:\n{section}"))
            .to_owned()
    };
    let name = |id: &str| {
        loaded.scenario.factions[idx(&loaded.scenario, id)]
            .name
            .clone()
    };
    let iraq = row(&name("iraqi_militias"));
    assert!(iraq.contains("| the model | 3 of 3 |"), "{iraq}");
    let hizb = row(&name("hizballah"));
    assert!(hizb.contains("| hadi | 0 of 3 |"), "{hizb}");
    assert!(hizb.contains("points of the best outcome"), "{hizb}");
    let hamas = row(&name("hamas"));
    assert!(
        hamas.contains("| no proposal |") && hamas.contains("| 1 |"),
        "{hamas}"
    );
    // The page to project has the same section.
    let out = crate::common::run(["report", "--format", "html", file.to_str().expect("utf-8")]);
    crate::common::assert_exit(&out, 0);
    let page = crate::common::stdout(&out);
    let section = page
        .split("<h2>Coordination</h2>")
        .nth(1)
        .expect("a coordination section on the page");
    assert!(
        section.contains("<td>hadi</td>") && section.contains("0 of 3"),
        "{section}"
    );
    // Beside a campaign played alone, the class report names the room's roster.
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/saves/after-nasrallah-speech.toml"
    );
    let solo = dir.write(
        "solo.toml",
        std::fs::read_to_string(example).expect("an example save"),
    );
    let out = crate::common::run([
        "report",
        file.to_str().expect("utf-8"),
        solo.to_str().expect("utf-8"),
    ]);
    crate::common::assert_exit(&out, 0);
    let summary = crate::common::stdout(&out);
    assert!(
        summary.contains(&format!(
            "room-1 (room: Operations room olga; {} hana; {} hadi)",
            name("hamas"),
            name("hizballah")
        )),
        "{summary}"
    );
}
