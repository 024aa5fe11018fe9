//! The `[room]` of a save: a campaign played by a room of students — its roster, each
//! week's shares of the points, proposals, the seats held and committed, and what was
//! said. Replaying a room's save carries out the orders of the seats people held as given.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::{Problem, Seg};
use crate::path;
use crate::scenario::check_order;
use crate::scenario::doc::OrderDoc;
use arenas_core::engine::{Claim, FactionIdx, Members, Scenario, Task};
use arenas_core::team::{
    Held, Line, MAX_MESSAGE_CHARS, MAX_NOTE_CHARS, Message, OPERATIONS_ID, Proposal, Room, Roster,
    Seat, WeekRecord, is_member,
};

/// The most characters of a room's or a student's name in a save.
const MAX_NAME_CHARS: usize = 64;

/// A room as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomDoc {
    /// The room's name on the server ("room-2").
    pub name: String,
    /// Who held each seat when the save was written.
    #[serde(default, rename = "seat", skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<SeatDoc>,
    /// One entry per committed turn.
    #[serde(default, rename = "week", skip_serializing_if = "Vec::is_empty")]
    pub weeks: Vec<WeekDoc>,
    /// Everything said, in order.
    #[serde(default, rename = "message", skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<MessageDoc>,
}

/// A seat and its student.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatDoc {
    /// A member's id, or `operations`.
    pub seat: String,
    pub student: String,
}

/// A week of the room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekDoc {
    pub number: u16,
    /// Points given to each member, by id.
    #[serde(default)]
    pub shares: BTreeMap<String, u32>,
    /// Seats people held when the week resolved.
    #[serde(default)]
    pub held: Vec<String>,
    /// The held seats that committed in time.
    #[serde(default)]
    pub committed: Vec<String>,
    /// The operations room's proposals.
    #[serde(default, rename = "proposal", skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<ProposalDoc>,
}

/// A proposal: an order and its note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalDoc {
    pub faction: String,
    pub front: String,
    pub task: Task,
    pub intensity: i64,
    pub claim: Claim,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Something said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageDoc {
    pub week: u16,
    /// The seat that said it.
    pub from: String,
    /// `room`, or the member whose private line with the operations room it went on.
    pub to: String,
    pub text: String,
}

/// The line id of the whole room.
const ROOM_LINE: &str = "room";

/// A room's record, read from a save.
#[derive(Clone, Debug, PartialEq)]
pub struct RoomRecord {
    pub name: String,
    pub roster: Roster,
    pub weeks: Vec<WeekRecord>,
    pub talk: Vec<Message>,
}

impl RoomRecord {
    /// Who held which seat, in words: "Operations room olga; Hamas hana", or that no
    /// student was seated.
    pub fn roster_text(&self, scenario: &Scenario) -> String {
        let seats: Vec<String> = Seat::all(scenario)
            .filter_map(|s| {
                self.roster
                    .holder(s)
                    .map(|h| format!("{} {h}", s.name(scenario)))
            })
            .collect();
        if seats.is_empty() {
            "no student seated".to_owned()
        } else {
            seats.join("; ")
        }
    }

    /// The members people played in each committed turn, in order: what the replay needs.
    pub fn seated(&self, scenario: &Scenario) -> Vec<Members> {
        self.weeks
            .iter()
            .map(|w| w.held.factions(scenario))
            .collect()
    }
}

fn seat_ids(scenario: &Scenario, held: Held) -> Vec<String> {
    Seat::all(scenario)
        .filter(|&s| held.holds(s))
        .map(|s| s.id(scenario))
        .collect()
}

impl RoomDoc {
    /// The document of a room named `name`.
    pub fn of(room: &Room, name: &str) -> RoomDoc {
        let sc = room.scenario();
        let seats = Seat::all(sc)
            .filter_map(|s| {
                room.roster.holder(s).map(|h| SeatDoc {
                    seat: s.id(sc),
                    student: h.to_owned(),
                })
            })
            .collect();
        let weeks = room
            .weeks
            .iter()
            .map(|w| WeekDoc {
                number: w.turn,
                shares: arenas_core::team::members(sc)
                    .map(|i| (sc.factions[i].id.clone(), w.shares[i]))
                    .collect(),
                held: seat_ids(sc, w.held),
                committed: seat_ids(sc, w.committed),
                proposals: w
                    .proposals
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| p.as_ref().map(|p| proposal_doc(sc, i, p)))
                    .collect(),
            })
            .collect();
        let messages = room
            .talk
            .iter()
            .map(|m| MessageDoc {
                week: m.turn,
                from: m.from.id(sc),
                to: match m.line {
                    Line::Room => ROOM_LINE.to_owned(),
                    Line::Private(i) => Seat::Member(i).id(sc),
                },
                text: m.text.clone(),
            })
            .collect();
        RoomDoc {
            name: name.to_owned(),
            seats,
            weeks,
            messages,
        }
    }

    /// Checks the room against its scenario and the save's `turns` committed turns.
    pub fn record(&self, scenario: &Scenario, turns: usize) -> Result<RoomRecord, Vec<Problem>> {
        let mut problems = Vec::new();
        text(
            &mut problems,
            path!["room", "name"],
            &self.name,
            MAX_NAME_CHARS,
        );
        let mut roster = Roster::empty(scenario);
        for (i, s) in self.seats.iter().enumerate() {
            text(
                &mut problems,
                path!["room", "seat", i, "student"],
                &s.student,
                MAX_NAME_CHARS,
            );
            let Some(seat) = seat(
                &mut problems,
                scenario,
                path!["room", "seat", i, "seat"],
                &s.seat,
            ) else {
                continue;
            };
            if roster.holder(seat).is_some() || roster.seat_of(&s.student).is_some() {
                problems.push(
                    Problem::new(
                        path!["room", "seat", i],
                        "a seat or a student is listed twice",
                    )
                    .hint("list each seat once, each student at one seat"),
                );
                continue;
            }
            match seat {
                Seat::Operations => roster.operations = Some(s.student.clone()),
                Seat::Member(m) => roster.members[m] = Some(s.student.clone()),
            }
        }
        if self.weeks.len() != turns {
            problems.push(
                Problem::new(
                    path!["room", "week"],
                    format!(
                        "the room records {} weeks; the save has {turns} turns",
                        self.weeks.len()
                    ),
                )
                .hint("the file was edited by hand or damaged"),
            );
        }
        let weeks = self
            .weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| week(&mut problems, scenario, i, w))
            .collect();
        let talk = self
            .messages
            .iter()
            .enumerate()
            .filter_map(|(i, m)| message(&mut problems, scenario, i, m, turns))
            .collect();
        if problems.is_empty() {
            Ok(RoomRecord {
                name: self.name.clone(),
                roster,
                weeks,
                talk,
            })
        } else {
            Err(problems)
        }
    }
}

fn proposal_doc(sc: &Scenario, i: FactionIdx, p: &Proposal) -> ProposalDoc {
    ProposalDoc {
        faction: sc.factions[i].id.clone(),
        front: sc
            .fronts
            .get(p.order.front)
            .map_or_else(String::new, |f| f.id.clone()),
        task: p.order.task,
        intensity: i64::from(p.order.intensity),
        claim: p.order.claim,
        note: p.note.clone(),
    }
}

fn text(problems: &mut Vec<Problem>, at: Vec<Seg>, s: &str, max: usize) {
    if s.chars().count() > max {
        problems.push(
            Problem::new(at, format!("longer than {max} characters"))
                .hint("the file was edited by hand or damaged"),
        );
    }
}

fn seat(problems: &mut Vec<Problem>, sc: &Scenario, at: Vec<Seg>, id: &str) -> Option<Seat> {
    let seat = Seat::from_id(sc, id);
    if seat.is_none() {
        let mut ids = vec![OPERATIONS_ID.to_owned()];
        ids.extend(arenas_core::team::members(sc).map(|i| sc.factions[i].id.clone()));
        problems.push(
            Problem::new(at, format!("no seat has id `{id}`"))
                .hint(format!("use one of: {}", ids.join(", "))),
        );
    }
    seat
}

fn held(problems: &mut Vec<Problem>, sc: &Scenario, at: Vec<Seg>, ids: &[String]) -> Held {
    let mut held = Held::default();
    for (j, id) in ids.iter().enumerate() {
        let mut p = at.clone();
        p.push(Seg::Index(j));
        match seat(problems, sc, p, id) {
            Some(Seat::Operations) => held.operations = true,
            Some(Seat::Member(m)) => held.members |= 1 << m,
            None => {}
        }
    }
    held
}

fn week(problems: &mut Vec<Problem>, sc: &Scenario, i: usize, w: &WeekDoc) -> Option<WeekRecord> {
    let before = problems.len();
    if usize::from(w.number) != i + 1 {
        problems.push(
            Problem::new(
                path!["room", "week", i, "number"],
                format!("week {} is out of sequence; expected {}", w.number, i + 1),
            )
            .hint("weeks must run 1, 2, 3…"),
        );
    }
    let mut shares = vec![0; sc.factions.len()];
    for (id, &points) in &w.shares {
        match sc.faction_index(id).filter(|&m| is_member(sc, m)) {
            Some(m) => shares[m] = points,
            None => problems.push(
                Problem::new(
                    path!["room", "week", i, "shares", id.as_str()],
                    format!("no member has id `{id}`"),
                )
                .hint("give shares to the scenario's members only"),
            ),
        }
    }
    let given: u64 = shares.iter().map(|&s| u64::from(s)).sum();
    if given > u64::from(sc.model.budget) {
        problems.push(
            Problem::new(
                path!["room", "week", i, "shares"],
                format!(
                    "the shares add up to {given} points; the week has {}",
                    sc.model.budget
                ),
            )
            .hint("the file was edited by hand or damaged"),
        );
    }
    let held_seats = held(problems, sc, path!["room", "week", i, "held"], &w.held);
    let committed = held(
        problems,
        sc,
        path!["room", "week", i, "committed"],
        &w.committed,
    );
    let mut proposals = vec![None; sc.factions.len()];
    for (j, p) in w.proposals.iter().enumerate() {
        let at = path!["room", "week", i, "proposal", j];
        let mut note_at = at.clone();
        note_at.push(Seg::Key("note".into()));
        text(problems, note_at, &p.note, MAX_NOTE_CHARS);
        let doc = OrderDoc {
            faction: p.faction.clone(),
            front: p.front.clone(),
            task: p.task,
            intensity: p.intensity,
            claim: p.claim,
        };
        let (faction, order) = check_order(problems, &at, &doc, sc);
        match faction {
            Some(m) if is_member(sc, m) && proposals[m].is_none() => {
                proposals[m] = order.map(|order| Proposal {
                    order,
                    note: p.note.clone(),
                });
            }
            Some(_) => problems.push(
                Problem::new(at, "a proposal goes to a member, one per week")
                    .hint("the file was edited by hand or damaged"),
            ),
            None => {}
        }
    }
    (problems.len() == before).then_some(WeekRecord {
        turn: w.number,
        shares,
        proposals,
        held: held_seats,
        committed,
    })
}

fn message(
    problems: &mut Vec<Problem>,
    sc: &Scenario,
    i: usize,
    m: &MessageDoc,
    turns: usize,
) -> Option<Message> {
    text(
        problems,
        path!["room", "message", i, "text"],
        &m.text,
        MAX_MESSAGE_CHARS,
    );
    if m.week == 0 || usize::from(m.week) > turns + 1 {
        problems.push(
            Problem::new(
                path!["room", "message", i, "week"],
                format!("week {} is not a week of this campaign so far", m.week),
            )
            .hint("the file was edited by hand or damaged"),
        );
    }
    let from = seat(problems, sc, path!["room", "message", i, "from"], &m.from)?;
    let line = if m.to == ROOM_LINE {
        Line::Room
    } else {
        match seat(problems, sc, path!["room", "message", i, "to"], &m.to)? {
            Seat::Member(x) => Line::Private(x),
            Seat::Operations => {
                problems.push(
                    Problem::new(
                        path!["room", "message", i, "to"],
                        "a private line is named by its member",
                    )
                    .hint("write `room` or a member's id"),
                );
                return None;
            }
        }
    };
    Some(Message {
        turn: m.week,
        from,
        line,
        text: m.text.clone(),
    })
}
