//! The class's rooms: shared campaigns whose seats students take (team play). Each room is
//! hosted behind a lock with a clock: the week resolves when every held seat has committed
//! or when the instructor's deadline runs out (a held seat that has not committed holds);
//! after every week the room is saved under the class folder's `rooms/`. Sessions in a
//! room hear of every change through the room's watch, sessions in the lobby through the
//! class's.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::disk::may_wait_on_disk;
use arenas_core::team::{Room, Seat, TeamError};
use arenas_files::save::{self, CampaignId, Lineage, Replace};
use arenas_files::scenario::Loaded;

/// How long a week of a room lasts unless the instructor says otherwise.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(180);

/// The most rooms a class may have.
pub const MAX_ROOMS: usize = 64;

/// A room's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Clock {
    /// No one has taken a seat this week yet.
    Stopped,
    /// The week resolves at this instant unless every seat commits first.
    Running(Instant),
    /// The instructor paused the room with this much of the week left.
    Paused(Duration),
}

/// A room and its clock, behind the room's lock.
pub struct Table {
    pub room: Room,
    clock: Clock,
    /// How long each week lasts.
    pub deadline: Duration,
}

impl Table {
    /// The time left this week, when the clock runs or is paused.
    pub fn left(&self) -> Option<Duration> {
        match self.clock {
            Clock::Stopped => None,
            Clock::Running(at) => Some(at.saturating_duration_since(Instant::now())),
            Clock::Paused(left) => Some(left),
        }
    }
}

/// Where a room's lines for the class log go.
pub type Log = Arc<dyn Fn(String) + Send + Sync>;

/// One room of the class.
pub struct Hosted {
    pub name: String,
    pub scenario: Loaded,
    table: Mutex<Table>,
    /// Bumped on every change of the room.
    changed: watch::Sender<u64>,
    file: PathBuf,
    log: Log,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a change of a room did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Done {
    /// The change was made.
    Made,
    /// The change was made and the week resolved.
    Resolved(u16),
}

impl Hosted {
    /// A room of `scenario`'s campaign from `seed`, saved under `dir`, telling `log` of
    /// every week it resolves.
    pub fn new(
        name: &str,
        scenario: Loaded,
        seed: u64,
        dir: &Path,
        deadline: Duration,
        log: Log,
    ) -> Hosted {
        let room = Room::new(Arc::clone(&scenario.scenario), seed);
        Hosted {
            name: name.to_owned(),
            file: dir.join(save::file_name(name)),
            scenario,
            table: Mutex::new(Table {
                room,
                clock: Clock::Stopped,
                deadline,
            }),
            changed: watch::Sender::new(0),
            log,
        }
    }

    /// A receiver told of every change of the room.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Reads the room under its lock.
    pub fn read<T>(&self, f: impl FnOnce(&Table) -> T) -> T {
        f(&lock(&self.table))
    }

    /// Changes the room as `seat` asks; a change that makes every held seat committed
    /// resolves the week (and saves the room).
    pub fn act(
        &self,
        f: impl FnOnce(&mut Room) -> Result<(), TeamError>,
    ) -> Result<Done, TeamError> {
        let done = {
            let mut t = lock(&self.table);
            f(&mut t.room)?;
            if t.clock == Clock::Stopped && !t.room.game.state().is_over() {
                let held = t.room.roster.held();
                if held.operations || held.members != 0 {
                    t.clock = Clock::Running(Instant::now() + t.deadline);
                }
            }
            if t.room.ready() && !t.room.paused {
                self.resolve(&mut t)
            } else {
                Done::Made
            }
        };
        self.changed.send_modify(|v| *v += 1);
        Ok(done)
    }

    /// Resolves the week if its deadline has passed; returns the week resolved.
    pub fn tick(&self) -> Option<u16> {
        let resolved = {
            let mut t = lock(&self.table);
            match t.clock {
                Clock::Running(at) if Instant::now() >= at => match self.resolve(&mut t) {
                    Done::Resolved(week) => Some(week),
                    Done::Made => None,
                },
                _ => None,
            }
        };
        if resolved.is_some() {
            self.changed.send_modify(|v| *v += 1);
        }
        resolved
    }

    /// When the room's clock runs out, if it runs.
    pub fn due(&self) -> Option<Instant> {
        match lock(&self.table).clock {
            Clock::Running(at) => Some(at),
            _ => None,
        }
    }

    fn resolve(&self, t: &mut Table) -> Done {
        let week = t.room.game.state().turn;
        if t.room.resolve().is_err() {
            return Done::Made;
        }
        let sc = t.room.scenario();
        let missed: Vec<String> = t.room.weeks.last().map_or_else(Vec::new, |w| {
            Seat::all(sc)
                .filter(|&s| w.missed(s))
                .map(|s| s.name(sc))
                .collect()
        });
        (self.log)(if missed.is_empty() {
            format!("{}: week {week} resolved", self.name)
        } else {
            format!(
                "{}: week {week} resolved at the deadline; {} held",
                self.name,
                missed.join(", ")
            )
        });
        t.clock = if t.room.game.state().is_over() {
            Clock::Stopped
        } else {
            Clock::Running(Instant::now() + t.deadline)
        };
        self.save(&t.room);
        Done::Resolved(week)
    }

    /// Writes the room's save (replacing the last one).
    fn save(&self, room: &Room) {
        let lineage = Lineage::of(CampaignId::derived("room", room.game.seed, &self.name));
        let text = save::room_text(room, &self.name, &lineage, &self.scenario.doc, &self.name);
        if let Ok(text) = text {
            let _ = may_wait_on_disk(|| {
                if let Some(dir) = self.file.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                save::write_atomic(&self.file, &text, Replace::Yes)
            });
        }
    }

    /// Pauses or resumes the room: a paused room's clock stands still and it takes no
    /// orders.
    pub fn pause(&self, paused: bool) {
        {
            let mut t = lock(&self.table);
            t.room.paused = paused;
            t.clock = match (t.clock, paused) {
                (Clock::Running(at), true) => {
                    Clock::Paused(at.saturating_duration_since(Instant::now()))
                }
                (Clock::Paused(left), false) => Clock::Running(Instant::now() + left),
                (c, _) => c,
            };
        }
        self.changed.send_modify(|v| *v += 1);
    }

    /// Sets how long each week lasts; a running week's clock restarts with it.
    pub fn set_deadline(&self, deadline: Duration) {
        {
            let mut t = lock(&self.table);
            t.deadline = deadline;
            if let Clock::Running(_) = t.clock {
                t.clock = Clock::Running(Instant::now() + deadline);
            }
        }
        self.changed.send_modify(|v| *v += 1);
    }

    /// Starts the room over from a campaign (a handout) of the room's own scenario, keeping
    /// its roster; the week's clock starts again.
    pub fn start_over(&self, game: arenas_core::game::Game) -> Result<(), String> {
        if *game.scenario != *self.scenario.scenario {
            return Err("the handout is of another scenario or other rules than the room's".into());
        }
        {
            let mut t = lock(&self.table);
            let roster = t.room.roster.clone();
            t.room = Room::resume(game);
            t.room.roster = roster;
            let held = t.room.roster.held();
            t.clock = if (held.operations || held.members != 0) && !t.room.game.state().is_over() {
                Clock::Running(Instant::now() + t.deadline)
            } else {
                Clock::Stopped
            };
            self.save(&t.room);
        }
        self.changed.send_modify(|v| *v += 1);
        Ok(())
    }

    /// Frees a seat (the instructor's decision); returns who held it.
    pub fn free(&self, seat: Seat) -> Option<String> {
        let was = lock(&self.table).room.free(seat);
        self.changed.send_modify(|v| *v += 1);
        was
    }
}

/// The rooms of a class.
#[derive(Default)]
pub struct Rooms {
    list: Mutex<Vec<Arc<Hosted>>>,
    /// Bumped when a room is opened or a seat changes hands: the lobby's cue.
    changed: watch::Sender<u64>,
    /// The server's runtime, which keeps the rooms' clocks (the dashboard opens rooms from
    /// a thread of its own).
    runtime: std::sync::OnceLock<tokio::runtime::Handle>,
}

impl Rooms {
    /// The rooms, in the order they were opened.
    pub fn list(&self) -> Vec<Arc<Hosted>> {
        lock(&self.list).clone()
    }

    /// Whether the class has any room.
    pub fn any(&self) -> bool {
        !lock(&self.list).is_empty()
    }

    /// Opens a room (named `room-N`); `None` when the class has [`MAX_ROOMS`].
    pub fn open(
        &self,
        scenario: Loaded,
        seed: u64,
        dir: &Path,
        deadline: Duration,
        log: Log,
    ) -> Option<Arc<Hosted>> {
        let room = {
            let mut list = lock(&self.list);
            if list.len() >= MAX_ROOMS {
                return None;
            }
            let name = format!("room-{}", list.len() + 1);
            let room = Arc::new(Hosted::new(&name, scenario, seed, dir, deadline, log));
            list.push(Arc::clone(&room));
            room
        };
        let runtime = tokio::runtime::Handle::try_current()
            .ok()
            .or_else(|| self.runtime.get().cloned());
        if let Some(runtime) = runtime {
            runtime.spawn(keep_time(Arc::downgrade(&room)));
        }
        self.touch();
        Some(room)
    }

    /// Keeps the rooms' clocks on `runtime` (the server's).
    pub fn keep_time_on(&self, runtime: tokio::runtime::Handle) {
        let _ = self.runtime.set(runtime);
    }

    /// Tells the lobby something changed.
    pub fn touch(&self) {
        self.changed.send_modify(|v| *v += 1);
    }

    /// A receiver told when rooms open or seats change hands.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// The room and seat a student holds, if any.
    pub fn seat_of(&self, name: &str) -> Option<(Arc<Hosted>, Seat)> {
        self.list()
            .into_iter()
            .find_map(|r| r.read(|t| t.room.roster.seat_of(name)).map(|s| (r, s)))
    }
}

/// Resolves a room's weeks when their deadline runs out, for as long as the room exists.
async fn keep_time(room: std::sync::Weak<Hosted>) {
    let Some(mut changed) = room.upgrade().map(|r| r.watch()) else {
        return;
    };
    loop {
        let Some(due) = room.upgrade().and_then(|r| r.due()) else {
            if changed.changed().await.is_err() {
                return;
            }
            continue;
        };
        tokio::select! {
            () = tokio::time::sleep_until(due) => {
                let Some(r) = room.upgrade() else { return };
                r.tick();
            }
            moved = changed.changed() => if moved.is_err() { return },
        }
    }
}
