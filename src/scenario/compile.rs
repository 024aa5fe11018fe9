//! Checks a scenario file and turns it into the engine's [`Scenario`]: ids become indices,
//! every cross-reference and range is checked, and every problem is reported with its path.

use std::collections::BTreeSet;

use toml::value::Datetime;

use super::doc::{EffectsDoc, FactionDoc, FrontsDoc, OrderDoc, ScenarioDoc, TierDoc};
use crate::diag::{Problem, Seg};
use crate::engine::{
    Calendar, Condition, Date, Effects, Event, Faction, Front, FrontSet, HistoryWeek, MAX_EVENTS,
    MAX_FACTIONS, MAX_FRONTS, MAX_INTENSITY, MAX_TURNS, METERS, Meter, Meters, Order, OrderProblem,
    Scenario, Task, UsRung,
};
use crate::path;

/// The scenario format this version of Arenas reads and writes.
pub const FORMAT: u32 = 1;

/// Longest name or title, in characters.
const MAX_NAME: usize = 120;
/// Longest short label, in characters.
const MAX_SHORT: usize = 12;
/// Longest descriptive text, in characters.
const MAX_TEXT: usize = 4000;
/// Most points in a front outline.
const MAX_POLYGON: usize = 2000;

/// Collects problems while a document is checked.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    /// Records a problem, unless one is already recorded at the same place.
    fn problem(&mut self, path: Vec<Seg>, message: impl Into<String>, hint: impl Into<String>) {
        if self.problems.iter().all(|p| p.path != path) {
            self.problems.push(Problem::new(path, message).hint(hint));
        }
    }

    fn range(&mut self, path: Vec<Seg>, value: f64, lo: f64, hi: f64) {
        if !(value.is_finite() && (lo..=hi).contains(&value)) {
            let name = match path.last() {
                Some(Seg::Key(k)) => k.clone(),
                _ => "value".to_owned(),
            };
            self.problem(
                path,
                format!("{name} = {} is out of range", short(value)),
                format!("use a number from {lo} to {hi}"),
            );
        }
    }

    fn id(&mut self, path: Vec<Seg>, id: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !ok {
            self.problem(
                path,
                format!("`{id}` is not a valid id"),
                "use 1–64 lowercase letters, digits, `_` or `-`",
            );
        }
    }

    fn text(&mut self, path: Vec<Seg>, text: &str, max: usize) {
        if text.trim().is_empty() {
            self.problem(path, "text is empty", "write a short text");
        } else if text.chars().count() > max {
            self.problem(
                path,
                format!("text is longer than {max} characters"),
                "shorten it",
            );
        }
    }

    fn unique<'a>(&mut self, key: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = BTreeSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                self.problem(
                    path![key, i, "id"],
                    format!("duplicate id `{id}`"),
                    "give every entry its own id",
                );
            }
        }
    }
}

/// A number for a message: plain when it is of ordinary size, in exponent form otherwise.
fn short(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e6 {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Checks a parsed scenario document and builds the engine's scenario from it.
pub fn compile(doc: &ScenarioDoc) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker::default();
    if doc.format > FORMAT {
        // Nothing else can be trusted in a file from a newer format.
        return Err(vec![crate::migrate::SCENARIO.newer(i64::from(doc.format))]);
    }
    if doc.format == 0 {
        c.problem(
            path!["format"],
            "format 0 does not exist",
            format!("use format = {FORMAT}"),
        );
    }

    c.id(path!["meta", "id"], &doc.meta.id);
    c.text(path!["meta", "title"], &doc.meta.title, MAX_NAME);
    c.text(path!["meta", "author"], &doc.meta.author, MAX_NAME);
    c.text(
        path!["meta", "description"],
        &doc.meta.description,
        MAX_TEXT,
    );
    c.text(path!["meta", "version"], &doc.meta.version, MAX_NAME);

    let start = date(&mut c, path!["calendar", "start"], &doc.calendar.start);
    if !(1..=31).contains(&doc.calendar.turn_days) {
        c.problem(
            path!["calendar", "turn_days"],
            "turn_days must be 1–31",
            "use 7 for weekly turns",
        );
    }
    if !(1..=MAX_TURNS).contains(&doc.calendar.turns) {
        c.problem(
            path!["calendar", "turns"],
            format!("turns must be 1–{MAX_TURNS}"),
            "a classroom campaign has 8–16 turns",
        );
    }
    let calendar = Calendar {
        start: start
            .unwrap_or_else(|| Date::from_ymd(2000, 1, 1).unwrap_or_else(|| unreachable!())),
        turn_days: doc.calendar.turn_days.max(1),
        turns: doc.calendar.turns,
    };

    let fronts = fronts(&mut c, doc);
    let factions = factions(&mut c, doc, &fronts);
    let focus = factions.iter().position(|f| f.id == doc.focus);
    match focus {
        None => c.problem(
            path!["focus"],
            format!("no faction has id `{}`", doc.focus),
            "name the member whose capacity the game tracks",
        ),
        Some(i) if factions[i].home.is_none() => c.problem(
            path!["focus"],
            "the focus member needs a home front",
            "give it a `home`, or choose another member",
        ),
        _ => {}
    }

    model(&mut c, doc);
    let init = &doc.initial;
    for info in METERS.iter().filter(|m| m.initial.is_some()) {
        let key = info.meter.id();
        match init.meters.get(info.meter) {
            Some(value) => c.range(path!["initial", key], value, 0.0, info.scale),
            None => c.problem(
                path!["initial"],
                format!("missing field `{key}`"),
                format!("add `{key} = …` (0–{})", short(info.scale)),
            ),
        }
    }
    for info in METERS.iter().filter(|m| m.initial.is_none()) {
        if init.meters.get(info.meter).is_some() {
            let key = info.meter.id();
            c.problem(
                path!["initial", key],
                format!("`{key}` is computed by the rules and has no starting value"),
                format!("remove `{key}`"),
            );
        }
    }
    for (key, value) in [
        ("us_posture", init.us_posture),
        ("operation", init.operation),
    ] {
        c.range(path!["initial", key], value, 0.0, 1.0);
    }
    let v = &doc.victory;
    for (key, value) in [
        ("capacity_preserved", v.capacity_preserved),
        ("capacity_collapse", v.capacity_collapse),
        ("cohesion_fracture", v.cohesion_fracture),
        ("regional_war", v.regional_war),
    ] {
        c.range(path!["victory", key], value, 0.0, 100.0);
    }
    if v.capacity_collapse >= v.capacity_preserved {
        c.problem(
            path!["victory", "capacity_collapse"],
            "capacity_collapse must be below capacity_preserved",
            "lower it",
        );
    }

    if doc.ladder.is_empty() || doc.ladder.len() > 10 {
        c.problem(
            path!["ladder"],
            "the escalation ladder needs 1–10 rungs",
            "add `[[ladder]]` entries with a name and `from`",
        );
    }
    for (i, rung) in doc.ladder.iter().enumerate() {
        c.text(path!["ladder", i, "name"], &rung.name, MAX_NAME);
        c.range(path!["ladder", i, "from"], rung.from, 0.0, 100.0);
        if i == 0 && rung.from != 0.0 {
            c.problem(
                path!["ladder", 0, "from"],
                "the first rung must start at 0",
                "set from = 0",
            );
        }
        if i > 0 && rung.from <= doc.ladder[i - 1].from {
            c.problem(
                path!["ladder", i, "from"],
                "rungs must start at increasing values",
                "order the rungs from low to high",
            );
        }
    }

    if doc.us_ladder.is_empty() || doc.us_ladder.len() > 8 {
        c.problem(
            path!["us_rung"],
            "the US ladder needs 1–8 rungs",
            "add `[[us_rung]]` entries; the last is direct confrontation",
        );
    }
    let us_ladder = doc
        .us_ladder
        .iter()
        .enumerate()
        .map(|(i, r)| {
            c.text(path!["us_rung", i, "name"], &r.name, MAX_NAME);
            c.text(path!["us_rung", i, "text"], &r.text, MAX_TEXT);
            UsRung {
                name: r.name.clone(),
                text: r.text.clone(),
                effects: effects(
                    &mut c,
                    path!["us_rung", i, "effects"],
                    &r.effects,
                    &fronts,
                    &factions,
                ),
            }
        })
        .collect();

    let calendar_ok = start.is_some()
        && (1..=31).contains(&doc.calendar.turn_days)
        && (1..=MAX_TURNS).contains(&doc.calendar.turns);
    let events = events(&mut c, doc, &calendar, calendar_ok, &fronts, &factions);

    let mut scenario = Scenario {
        meta: doc.meta.clone(),
        calendar,
        fronts,
        factions,
        focus: focus.unwrap_or(0),
        model: doc.model.clone(),
        initial: doc.initial.clone(),
        victory: doc.victory.clone(),
        classroom: doc.classroom.clone(),
        ladder: doc.ladder.clone(),
        us_ladder,
        events,
        history: Vec::new(),
    };
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    scenario.history = weeks(&mut c, doc, &scenario);
    if c.problems.is_empty() {
        Ok(scenario)
    } else {
        Err(c.problems)
    }
}

/// The short label given, or the name cut to fit.
fn short_name(c: &mut Checker, path: Vec<Seg>, short: Option<&str>, name: &str) -> String {
    match short {
        Some(s) => {
            c.text(path, s, MAX_SHORT);
            s.to_owned()
        }
        None => name
            .chars()
            .take(MAX_SHORT)
            .collect::<String>()
            .trim_end()
            .to_owned(),
    }
}

fn date(c: &mut Checker, path: Vec<Seg>, value: &Datetime) -> Option<Date> {
    let d = value
        .date
        .filter(|_| value.time.is_none() && value.offset.is_none());
    let date =
        d.and_then(|d| Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)));
    if date.is_none() {
        c.problem(
            path,
            format!("`{value}` is not a plain date"),
            "write a date like 2023-10-09, without time",
        );
    }
    date
}

fn fronts(c: &mut Checker, doc: &ScenarioDoc) -> Vec<Front> {
    if doc.fronts.is_empty() || doc.fronts.len() > MAX_FRONTS {
        c.problem(
            path!["front"],
            format!("a scenario needs 1–{MAX_FRONTS} fronts"),
            "add `[[front]]` tables",
        );
    }
    c.unique("front", doc.fronts.iter().map(|f| f.id.as_str()));
    doc.fronts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            c.id(path!["front", i, "id"], &f.id);
            c.text(path!["front", i, "name"], &f.name, MAX_NAME);
            c.text(path!["front", i, "role"], &f.role, MAX_NAME);
            c.range(path!["front", i, "position", 0], f.position[0], -90.0, 90.0);
            c.range(
                path!["front", i, "position", 1],
                f.position[1],
                -180.0,
                180.0,
            );
            if f.polygon.len() > MAX_POLYGON || f.polygon.len() == 1 || f.polygon.len() == 2 {
                c.problem(
                    path!["front", i, "polygon"],
                    format!("an outline needs 3–{MAX_POLYGON} points"),
                    "give [latitude, longitude] pairs, or leave the outline out",
                );
            }
            for (j, p) in f.polygon.iter().enumerate().take(MAX_POLYGON) {
                c.range(path!["front", i, "polygon", j, 0], p[0], -90.0, 90.0);
                c.range(path!["front", i, "polygon", j, 1], p[1], -180.0, 180.0);
            }
            c.range(path!["front", i, "tension"], f.tension, 0.0, 100.0);
            c.range(path!["front", i, "diversion"], f.diversion, 0.0, 1.0);
            c.range(path!["front", i, "us_presence"], f.us_presence, 0.0, 1.0);
            Front {
                id: f.id.clone(),
                name: f.name.clone(),
                short: short_name(c, path!["front", i, "short"], f.short.as_deref(), &f.name),
                role: f.role.clone(),
                kind: f.kind,
                position: (f.position[0], f.position[1]),
                polygon: f.polygon.iter().map(|p| (p[0], p[1])).collect(),
                tension: f.tension,
                diversion: f.diversion,
                us_presence: f.us_presence,
            }
        })
        .collect()
}

fn front_ref(c: &mut Checker, path: Vec<Seg>, id: &str, fronts: &[Front]) -> Option<usize> {
    let found = fronts.iter().position(|f| f.id == id);
    if found.is_none() {
        let known: Vec<&str> = fronts.iter().map(|f| f.id.as_str()).collect();
        c.problem(
            path,
            format!("no front has id `{id}`"),
            format!("use one of: {}", known.join(", ")),
        );
    }
    found
}

fn factions(c: &mut Checker, doc: &ScenarioDoc, fronts: &[Front]) -> Vec<Faction> {
    if doc.factions.is_empty() || doc.factions.len() > MAX_FACTIONS {
        c.problem(
            path!["faction"],
            format!("a scenario needs 1–{MAX_FACTIONS} factions"),
            "add `[[faction]]` tables",
        );
    }
    c.unique("faction", doc.factions.iter().map(|f| f.id.as_str()));
    doc.factions
        .iter()
        .enumerate()
        .map(|(i, f)| faction(c, i, f, fronts))
        .collect()
}

fn faction(c: &mut Checker, i: usize, f: &FactionDoc, fronts: &[Front]) -> Faction {
    c.id(path!["faction", i, "id"], &f.id);
    c.text(path!["faction", i, "name"], &f.name, MAX_NAME);
    let tier = match f.tier {
        TierDoc::Patron => None,
        TierDoc::Level(n @ 1..=3) => Some(n as u8),
        TierDoc::Level(n) => {
            c.problem(
                path!["faction", i, "tier"],
                format!("tier {n} does not exist"),
                "use 1, 2, 3 or \"patron\"",
            );
            Some(3)
        }
    };
    let home = f
        .home
        .as_deref()
        .and_then(|h| front_ref(c, path!["faction", i, "home"], h, fronts));
    if f.home.is_none() && tier.is_some() {
        c.problem(
            path!["faction", i],
            format!("member `{}` has no home front", f.id),
            "add `home = \"<front id>\"` (only the patron may go without)",
        );
    }
    let set = match &f.fronts {
        FrontsDoc::Any => FrontSet::Any,
        FrontsDoc::Only(ids) => {
            if ids.is_empty() || ids.len() > MAX_FRONTS {
                c.problem(
                    path!["faction", i, "fronts"],
                    "list 1 or more fronts",
                    "list front ids, or write \"any\"",
                );
            }
            let list: Vec<usize> = ids
                .iter()
                .enumerate()
                .take(MAX_FRONTS)
                .filter_map(|(j, id)| front_ref(c, path!["faction", i, "fronts", j], id, fronts))
                .collect();
            if let Some(h) = home
                && !list.contains(&h)
            {
                c.problem(
                    path!["faction", i, "fronts"],
                    "the home front must be among the fronts a member may act on",
                    "add the home front to the list",
                );
            }
            FrontSet::Only(list)
        }
    };
    let mut tasks = Vec::new();
    for (j, &t) in f.tasks.iter().enumerate().take(Task::ALL.len() + 1) {
        if t == Task::Hold {
            c.problem(
                path!["faction", i, "tasks", j],
                "hold is always allowed and is not listed",
                "remove `hold`",
            );
        } else if tasks.contains(&t) {
            c.problem(
                path!["faction", i, "tasks", j],
                format!("task `{}` is listed twice", t.id()),
                "list each task once",
            );
        } else {
            tasks.push(t);
        }
    }
    for (key, value, hi) in [
        ("autonomy", f.autonomy, 1.0),
        ("public_link", f.public_link, 1.0),
        ("capacity", f.capacity, 100.0),
        ("domestic_constraint", f.domestic_constraint, 1.0),
        ("us_watch", f.us_watch, 1.0),
    ] {
        c.range(path!["faction", i, key], value, 0.0, hi);
    }
    Faction {
        id: f.id.clone(),
        name: f.name.clone(),
        short: short_name(c, path!["faction", i, "short"], f.short.as_deref(), &f.name),
        tier,
        home,
        fronts: set,
        tasks,
        autonomy: f.autonomy,
        public_link: f.public_link,
        capacity: f.capacity,
        domestic_constraint: f.domestic_constraint,
        us_watch: f.us_watch,
    }
}

/// Every number of the model must be finite and non-negative; some have upper bounds.
fn model(c: &mut Checker, doc: &ScenarioDoc) {
    fn walk(c: &mut Checker, path: &mut Vec<Seg>, v: &serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    path.push(Seg::Key(k.clone()));
                    walk(c, path, v);
                    path.pop();
                }
            }
            serde_json::Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                c.range(path.clone(), x, 0.0, 1e6);
            }
            _ => {}
        }
    }
    let m = &doc.model;
    let unit = [
        (path!["model", "us", "base"], m.us.base),
        (path!["model", "us", "harm_memory"], m.us.harm_memory),
        (
            path!["model", "us", "stand_down_below"],
            m.us.stand_down_below,
        ),
        (path!["model", "us", "stand_down"], m.us.stand_down),
        (
            path!["model", "ambiguity", "drift", "weight"],
            m.ambiguity.drift.weight,
        ),
        (
            path!["model", "ambiguity", "claimed_share"],
            m.ambiguity.claimed_share,
        ),
        (
            path!["model", "capacity", "max_diversion"],
            m.capacity.max_diversion,
        ),
        (
            path!["model", "draws", "miscalculation", "weight"],
            m.draws.miscalculation.weight,
        ),
        (
            path!["model", "draws", "ceasefire", "weight"],
            m.draws.ceasefire.weight,
        ),
    ];
    for (p, x) in unit {
        c.range(p, x, 0.0, 1.0);
    }
    if !(m.us.base > 0.0 && m.us.base < 1.0) {
        c.problem(
            path!["model", "us", "base"],
            "the base probability must be strictly between 0 and 1",
            "use a value such as 0.05",
        );
    }
    c.range(
        path!["model", "ambiguity", "baseline"],
        m.ambiguity.baseline,
        0.0,
        100.0,
    );
    c.range(
        path!["model", "draws", "ceasefire_floor"],
        m.draws.ceasefire_floor,
        0.0,
        100.0,
    );
    for task in Task::ALL.iter().filter(|t| **t != Task::Hold) {
        let t = m.tasks.get(*task);
        for (key, value) in [
            ("visibility", t.visibility),
            ("diversion", t.diversion),
            ("threat", t.threat),
        ] {
            c.range(path!["model", "tasks", task.id(), key], value, 0.0, 1.0);
        }
        if t.cost > 1000 {
            c.problem(
                path!["model", "tasks", task.id(), "cost"],
                "cost is above 1000",
                "use a small number of points per level",
            );
        }
    }
    match serde_json::to_value(&doc.model) {
        Ok(v) => walk(c, &mut path!["model"], &v),
        // Non-finite floats cannot become JSON numbers.
        Err(_) => c.problem(
            path!["model"],
            "the model holds a number that is not finite",
            "replace nan or inf with a number",
        ),
    }
}

fn effects(
    c: &mut Checker,
    path: Vec<Seg>,
    e: &EffectsDoc,
    fronts: &[Front],
    factions: &[Faction],
) -> Effects {
    let with = |key: &str| {
        let mut p = path.clone();
        p.push(Seg::Key(key.to_owned()));
        p
    };
    for (key, value, span) in [
        ("ambiguity", e.ambiguity, 100.0),
        ("escalation", e.escalation, 100.0),
        ("international_pressure", e.international_pressure, 100.0),
        ("cohesion", e.cohesion, 100.0),
        ("us_posture", e.us_posture, 1.0),
        ("operation", e.operation, 1.0),
    ] {
        c.range(with(key), value, -span, span);
    }
    let mut tension = Vec::new();
    for (id, &delta) in &e.tension {
        let mut p = with("tension");
        p.push(Seg::Key(id.clone()));
        c.range(p.clone(), delta, -100.0, 100.0);
        if let Some(f) = front_ref(c, p, id, fronts) {
            tension.push((f, delta));
        }
    }
    let mut capacity = Vec::new();
    for (id, &delta) in &e.capacity {
        let mut p = with("capacity");
        p.push(Seg::Key(id.clone()));
        c.range(p.clone(), delta, -100.0, 100.0);
        match factions.iter().position(|f| f.id == *id) {
            Some(f) => capacity.push((f, delta)),
            None => c.problem(
                p,
                format!("no faction has id `{id}`"),
                "use a faction id of this scenario",
            ),
        }
    }
    let mut meters = Meters::default();
    meters[Meter::Ambiguity] = e.ambiguity;
    meters[Meter::Escalation] = e.escalation;
    meters[Meter::InternationalPressure] = e.international_pressure;
    meters[Meter::Cohesion] = e.cohesion;
    Effects {
        meters,
        us_posture: e.us_posture,
        operation: e.operation,
        tension,
        capacity,
    }
}

fn events(
    c: &mut Checker,
    doc: &ScenarioDoc,
    calendar: &Calendar,
    dated: bool,
    fronts: &[Front],
    factions: &[Faction],
) -> Vec<Event> {
    if doc.events.len() > MAX_EVENTS {
        c.problem(
            path!["event"],
            format!("a scenario may have at most {MAX_EVENTS} events"),
            "merge or remove events",
        );
    }
    c.unique("event", doc.events.iter().map(|e| e.id.as_str()));
    doc.events
        .iter()
        .enumerate()
        .take(MAX_EVENTS)
        .map(|(i, e)| {
            c.id(path!["event", i, "id"], &e.id);
            c.text(path!["event", i, "title"], &e.title, MAX_NAME);
            c.text(path!["event", i, "text"], &e.text, MAX_TEXT);
            let mut turn = e.turn;
            if let Some(t) = e.turn
                && dated
                && !(1..=calendar.turns).contains(&t)
            {
                c.problem(
                    path!["event", i, "turn"],
                    format!("turn {t} is outside the campaign (1–{})", calendar.turns),
                    "pick a turn of the campaign",
                );
            }
            if let Some(d) = &e.date {
                if e.turn.is_some() {
                    c.problem(
                        path!["event", i, "date"],
                        "give a turn or a date, not both",
                        "remove one of them",
                    );
                }
                if let Some(date) = date(c, path!["event", i, "date"], d)
                    && dated
                {
                    turn = calendar.turn_of(date);
                    if turn.is_none() {
                        c.problem(
                            path!["event", i, "date"],
                            format!(
                                "{date} is outside the campaign ({} to {})",
                                calendar.start,
                                calendar
                                    .date_of(calendar.turns)
                                    .plus_days(i32::from(calendar.turn_days) - 1)
                            ),
                            "use a date within the campaign, or `turn = 1` for background",
                        );
                    }
                }
            }
            let chance = e.chance.unwrap_or(1.0);
            c.range(path!["event", i, "chance"], chance, 0.0, 1.0);
            if e.turn.is_none() && e.date.is_none() && e.when.is_empty() && e.chance.is_none() {
                c.problem(
                    path!["event", i],
                    format!("event `{}` has no trigger", e.id),
                    "give it a `turn`, a `date`, `when` conditions or a `chance`",
                );
            }
            let when = e
                .when
                .iter()
                .enumerate()
                .map(|(j, w)| {
                    if w.above.is_none() && w.below.is_none() {
                        c.problem(
                            path!["event", i, "when", j],
                            "a condition needs `above` or `below`",
                            "add a threshold",
                        );
                    }
                    for (key, x) in [("above", w.above), ("below", w.below)] {
                        if let Some(x) = x {
                            c.range(path!["event", i, "when", j, key], x, -1e6, 1e6);
                        }
                    }
                    Condition {
                        gauge: w.gauge,
                        above: w.above,
                        below: w.below,
                    }
                })
                .collect();
            Event {
                id: e.id.clone(),
                title: e.title.clone(),
                text: e.text.clone(),
                turn,
                when,
                chance,
                effects: effects(
                    c,
                    path!["event", i, "effects"],
                    &e.effects,
                    fronts,
                    factions,
                ),
            }
        })
        .collect()
}

fn weeks(c: &mut Checker, doc: &ScenarioDoc, scenario: &Scenario) -> Vec<HistoryWeek> {
    let turns = usize::from(scenario.calendar.turns);
    let mut history = vec![
        HistoryWeek {
            note: String::new(),
            orders: scenario.all_hold()
        };
        turns
    ];
    let mut seen = BTreeSet::new();
    for (i, w) in doc.weeks.iter().enumerate() {
        let t = usize::from(w.turn);
        if !(1..=turns).contains(&t) {
            c.problem(
                path!["week", i, "turn"],
                format!("turn {t} is outside the campaign (1–{turns})"),
                "pick a turn of the campaign",
            );
            continue;
        }
        if !seen.insert(t) {
            c.problem(
                path!["week", i, "turn"],
                format!("turn {t} has two entries"),
                "merge them into one `[[week]]`",
            );
        }
        c.text(path!["week", i, "note"], &w.note, MAX_TEXT);
        let mut p = path!["week", i];
        if let Some(orders) = orders(c, &mut p, &w.orders, scenario) {
            history[t - 1] = HistoryWeek {
                note: w.note.clone(),
                orders,
            };
        }
    }
    history
}

/// Checks a list of orders against the scenario and its budget; `path` points at the table
/// that holds the `orders` array.
pub(crate) fn orders(
    c: &mut impl ProblemSink,
    path: &mut Vec<Seg>,
    list: &[OrderDoc],
    scenario: &Scenario,
) -> Option<Vec<Order>> {
    let before = c.count();
    let mut out = scenario.all_hold();
    let mut given = vec![false; scenario.factions.len()];
    path.push(Seg::Key("orders".into()));
    for (j, o) in list.iter().enumerate() {
        path.push(Seg::Index(j));
        let at = |key: &str| {
            let mut p = path.clone();
            p.push(Seg::Key(key.into()));
            p
        };
        let faction = scenario.faction_index(&o.faction);
        let front = scenario.front_index(&o.front);
        match faction {
            None => {
                let known: Vec<&str> = scenario.factions.iter().map(|f| f.id.as_str()).collect();
                c.push(
                    Problem::new(at("faction"), format!("no faction has id `{}`", o.faction))
                        .hint(format!("use one of: {}", known.join(", "))),
                );
            }
            Some(f) if given[f] => c.push(
                Problem::new(at("faction"), format!("`{}` has two orders", o.faction))
                    .hint("give each faction one order per turn"),
            ),
            Some(f) => given[f] = true,
        }
        if front.is_none() {
            let known: Vec<&str> = scenario.fronts.iter().map(|f| f.id.as_str()).collect();
            c.push(
                Problem::new(at("front"), format!("no front has id `{}`", o.front))
                    .hint(format!("use one of: {}", known.join(", "))),
            );
        }
        let intensity = u8::try_from(o.intensity).ok();
        if intensity.is_none() {
            c.push(
                Problem::new(
                    at("intensity"),
                    format!("intensity {} is out of range", o.intensity),
                )
                .hint(format!("use 0–{MAX_INTENSITY}")),
            );
        }
        if let (Some(f), Some(front), Some(intensity)) = (faction, front, intensity) {
            let order = Order {
                front,
                task: o.task,
                intensity,
                claim: o.claim,
            };
            if let Err(problem) = scenario.check_order(f, &order) {
                let hint = match problem {
                    OrderProblem::Intensity { .. } => format!("use 0–{MAX_INTENSITY}"),
                    _ => "change the order to one the scenario allows".into(),
                };
                let field = at(problem.field().unwrap_or("task"));
                let message = match problem {
                    OrderProblem::Intensity { intensity } => {
                        format!("intensity {intensity} is out of range")
                    }
                    other => other.to_string(),
                };
                c.push(Problem::new(field, message).hint(hint));
            }
            out[f] = order;
        }
        path.pop();
    }
    if c.count() == before
        && let Err((None, over_budget)) = scenario.check_orders(&out)
    {
        c.push(
            Problem::new(path.clone(), over_budget.to_string())
                .hint("lower intensities, or act on home fronts"),
        );
    }
    path.pop();
    (c.count() == before).then_some(out)
}

/// Somewhere problems can be collected.
pub(crate) trait ProblemSink {
    fn push(&mut self, problem: Problem);
    fn count(&self) -> usize;
}

impl ProblemSink for Checker {
    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
    fn count(&self) -> usize {
        self.problems.len()
    }
}

impl ProblemSink for Vec<Problem> {
    fn push(&mut self, problem: Problem) {
        Vec::push(self, problem);
    }
    fn count(&self) -> usize {
        self.len()
    }
}
