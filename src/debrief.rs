//! The debrief of a campaign: how the meters moved, the turning points, the player's orders
//! beside what the axis actually did each week, and questions for the seminar.
//!
//! Pure data and text: a TUI view draws a [`Debrief`], `arenas report` prints
//! [`Debrief::to_markdown`]. Every string taken from the scenario passes through [`clean`],
//! so text from a shared file cannot carry terminal control sequences into either.

use std::fmt;

use crate::engine::{
    Claim, Date, Faction, Happening, Meter, MeterExplanation, Order, Outcome, Scenario, Sum, Task,
    outcome_meaning,
};
use crate::game::{Game, PlayedTurn};
use crate::text::clean;

/// Meters whose large single-week moves count as turning points.
const MOVING_METERS: [Meter; 4] = [
    Meter::UsIntervention,
    Meter::Escalation,
    Meter::HamasCapacity,
    Meter::Cohesion,
];
/// A single-week move of at least this many points is a turning point.
const BIG_MOVE: f64 = 8.0;
/// Moves smaller than this are never worth a turning point, even in a quiet campaign.
const SMALL_MOVE: f64 = 1.0;
/// Turning points the debrief aims for at least (when the campaign offers them) and at most.
const MIN_POINTS: usize = 3;
const MAX_POINTS: usize = 6;
/// Most meter moves of one meter among the turning points, so no single meter crowds out
/// the others.
const MAX_PER_METER: usize = 2;

/// The debrief of a campaign, finished or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Debrief {
    /// Scenario title.
    pub title: String,
    /// Scenario id and version.
    pub scenario_id: String,
    pub scenario_version: String,
    pub seed: u64,
    /// Weeks played and weeks in the calendar.
    pub turns_played: u16,
    pub turns_total: u16,
    /// How the campaign ended; `None` while it is under way.
    pub outcome: Option<Outcome>,
    /// The outcome's name, or "In progress".
    pub outcome_title: String,
    /// What the outcome means.
    pub meaning: String,
    /// Each meter's value at each orders phase: the start, then after each played week.
    pub series: Vec<(Meter, Vec<f64>)>,
    /// Dates of the orders phases of `series` (the start, then the week after each turn).
    pub series_dates: Vec<Date>,
    /// The decisive weeks, in chronological order.
    pub turning_points: Vec<TurningPoint>,
    /// One row per played week.
    pub weeks: Vec<WeekRow>,
    /// Three questions for the seminar.
    pub questions: [String; 3],
}

/// A decisive moment of the campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct TurningPoint {
    pub turn: u16,
    /// First day of the week.
    pub date: Date,
    /// One sentence, without the week and date (see the `Display` form for both).
    pub text: String,
}

/// A played week: the player's orders beside the historical ones.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekRow {
    pub turn: u16,
    /// First day of the week.
    pub date: Date,
    /// Compact summary of the player's orders.
    pub player: String,
    /// Compact summary of what the axis did that week ("—" when the scenario has no record).
    pub historical: String,
    /// The scenario's historical note for the week.
    pub note: String,
}

impl fmt::Display for TurningPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Week {} ({}): {}", self.turn, self.date, self.text)
    }
}

impl Debrief {
    /// The debrief of a campaign as played so far.
    pub fn new(game: &Game) -> Debrief {
        let sc = &game.scenario;
        let states: Vec<_> = game.states().collect();
        let series = Meter::ALL
            .iter()
            .map(|&m| (m, states.iter().map(|s| s.meter(m)).collect()))
            .collect();
        let series_dates = (0..states.len())
            .map(|i| sc.calendar.date_of(i as u16 + 1))
            .collect();
        let outcome = game.state().outcome;
        let turns_played = game.turns.len() as u16;
        let (outcome_title, meaning) = match outcome {
            Some(o) => (o.name().to_owned(), outcome_meaning(o).to_owned()),
            None => (
                "In progress".to_owned(),
                format!(
                    "The campaign is still under way after {turns_played} of {} weeks; this \
                     debrief covers the weeks played so far.",
                    sc.calendar.turns
                ),
            ),
        };
        let weeks = game
            .turns
            .iter()
            .map(|t| {
                let history = sc.history.get(usize::from(t.turn.max(1) - 1));
                WeekRow {
                    turn: t.turn,
                    date: sc.calendar.date_of(t.turn),
                    player: summarize(sc, &t.orders),
                    historical: history
                        .map_or_else(|| "—".to_owned(), |h| summarize(sc, &h.orders)),
                    note: history.map_or_else(String::new, |h| clean(&h.note)),
                }
            })
            .collect();
        Debrief {
            title: clean(&sc.meta.title),
            scenario_id: clean(&sc.meta.id),
            scenario_version: clean(&sc.meta.version),
            seed: game.seed,
            turns_played,
            turns_total: sc.calendar.turns,
            outcome,
            outcome_title,
            meaning,
            series,
            series_dates,
            turning_points: turning_points(sc, &game.turns),
            weeks,
            questions: questions(game),
        }
    }

    /// The values of one meter over the campaign.
    pub fn values(&self, meter: Meter) -> &[f64] {
        self.series
            .iter()
            .find(|(m, _)| *m == meter)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// The whole debrief as a Markdown document for the instructor.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let push = |md: &mut String, line: &str| {
            md.push_str(line);
            md.push('\n');
        };
        push(
            &mut md,
            &format!("# Debrief: {} — {}", self.title, self.outcome_title),
        );
        push(&mut md, "");
        push(
            &mut md,
            &format!(
                "Scenario `{}` (version {}), seed {}; {} of {} weeks played.",
                self.scenario_id,
                self.scenario_version,
                self.seed,
                self.turns_played,
                self.turns_total
            ),
        );
        push(&mut md, "");

        push(&mut md, "## Outcome");
        push(&mut md, "");
        match self.outcome {
            Some(o) => push(
                &mut md,
                &format!(
                    "**{}** (`{}`). {}",
                    self.outcome_title,
                    o.id(),
                    self.meaning
                ),
            ),
            None => push(
                &mut md,
                &format!("**{}**. {}", self.outcome_title, self.meaning),
            ),
        }
        push(&mut md, "");

        push(&mut md, "## Meters");
        push(&mut md, "");
        push(
            &mut md,
            "Values at each orders phase: at the start, then after each week's resolution \
             (including the next week's brief).",
        );
        push(&mut md, "");
        let mut header = String::from("| Week | As of |");
        let mut rule = String::from("|---|---|");
        for (m, _) in &self.series {
            header.push_str(&format!(" {} |", m.name()));
            rule.push_str("---:|");
        }
        push(&mut md, &header);
        push(&mut md, &rule);
        for (i, date) in self.series_dates.iter().enumerate() {
            let week = if i == 0 {
                "Start".to_owned()
            } else {
                i.to_string()
            };
            let mut row = format!("| {week} | {date} |");
            for (m, values) in &self.series {
                let cell = values
                    .get(i)
                    .map_or_else(|| "—".to_owned(), |&v| format_meter(*m, v));
                row.push_str(&format!(" {cell} |"));
            }
            push(&mut md, &row);
        }
        push(&mut md, "");

        push(&mut md, "## Turning points");
        push(&mut md, "");
        if self.turning_points.is_empty() {
            push(
                &mut md,
                "No week stood out: nothing decisive happened in the weeks played.",
            );
        }
        for p in &self.turning_points {
            push(
                &mut md,
                &format!("- **Week {} ({}):** {}", p.turn, p.date, p.text),
            );
        }
        push(&mut md, "");

        push(&mut md, "## Week by week");
        push(&mut md, "");
        if self.weeks.is_empty() {
            push(&mut md, "No week has been played yet.");
        } else {
            push(
                &mut md,
                "Orders read \"member: task intensity (attribution)\", intensity 0–3; the front \
                 is named when it is not the member's home front.",
            );
            push(&mut md, "");
            push(
                &mut md,
                "| Week | Date | Your orders | What the axis did | Note |",
            );
            push(&mut md, "|---:|---|---|---|---|");
            for w in &self.weeks {
                push(
                    &mut md,
                    &format!(
                        "| {} | {} | {} | {} | {} |",
                        w.turn,
                        w.date,
                        if w.player == w.historical {
                            "same as the axis".to_owned()
                        } else {
                            cell(&w.player)
                        },
                        cell(&w.historical),
                        cell(&w.note)
                    ),
                );
            }
        }
        push(&mut md, "");

        push(&mut md, "## Discussion questions");
        push(&mut md, "");
        for (i, q) in self.questions.iter().enumerate() {
            push(&mut md, &format!("{}. {}", i + 1, q));
        }
        md
    }
}

/// A meter value rounded for tables: risk distribution to two decimals, US intervention as
/// a percentage (one decimal below 10 %), the others to whole points.
fn format_meter(meter: Meter, value: f64) -> String {
    match meter {
        Meter::RiskDistribution => format!("{:.2}", value + 0.0),
        Meter::UsIntervention => format!("{}%", pct(value)),
        _ => whole(value),
    }
}

fn whole(v: f64) -> String {
    // Adding 0.0 turns a negative zero into a positive one.
    format!("{:.0}", v.round() + 0.0)
}

fn pct(v: f64) -> String {
    if v.abs() < 9.95 {
        format!("{:.1}", v + 0.0)
    } else {
        whole(v)
    }
}

/// A meter value in running text.
fn value_text(meter: Meter, value: f64) -> String {
    match meter {
        Meter::UsIntervention => format!("{}%", pct(value)),
        _ => format_meter(meter, value),
    }
}

/// A table cell: cleaned, with `|` escaped.
fn cell(s: &str) -> String {
    clean(s).replace('|', "\\|")
}

/// A short name for a faction, for compact summaries: the name before any parenthesis when
/// it is short ("Houthis"), the id in capitals when it is the name's acronym ("PIJ"), or
/// else the id's words, spelt as in the name where they occur there ("Quds Force",
/// "Syrian militias").
pub fn short_name(faction: &Faction) -> String {
    let name = clean(&faction.name);
    let base = name.split('(').next().unwrap_or("").trim().to_owned();
    let words: Vec<&str> = base.split_whitespace().collect();
    if !words.is_empty() && words.len() <= 2 && base.chars().count() <= 18 {
        return base;
    }
    let id = clean(&faction.id);
    let acronym: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if acronym.chars().count() >= 2 && acronym.eq_ignore_ascii_case(&id) {
        return acronym;
    }
    let parts: Vec<String> = id
        .split(['_', '-'])
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(
            |(i, part)| match words.iter().find(|w| w.eq_ignore_ascii_case(part)) {
                Some(w) => (*w).to_owned(),
                None if i == 0 => capitalise(part),
                None => part.to_owned(),
            },
        )
        .collect();
    if parts.is_empty() {
        base
    } else {
        parts.join(" ")
    }
}

/// A short name for a front: its name when short, else its id's words joined by `/`.
fn short_front(scenario: &Scenario, front: usize) -> String {
    let Some(f) = scenario.fronts.get(front) else {
        return "?".to_owned();
    };
    let name = clean(&f.name);
    if name.chars().count() <= 16 && !name.is_empty() {
        return name;
    }
    let parts: Vec<String> = clean(&f.id)
        .split(['_', '-'])
        .filter(|p| !p.is_empty())
        .map(capitalise)
        .collect();
    if parts.is_empty() {
        name
    } else {
        parts.join("/")
    }
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn decapitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The active orders of a turn in one line, "faction: task intensity (attribution)" with
/// the front named only when it is not the faction's home front: "Hizballah: limited
/// strike 2 (claimed); Quds Force: resupply 1 to Southern Lebanon (deniable)", or "all
/// hold" when no faction acts.
pub fn summarize(scenario: &Scenario, orders: &[Order]) -> String {
    let parts: Vec<String> = scenario
        .factions
        .iter()
        .zip(orders)
        .filter(|(_, o)| o.is_active())
        .map(|(f, o)| {
            let front = if f.home == Some(o.front) {
                String::new()
            } else {
                let to = if o.task == Task::Resupply { "to" } else { "on" };
                format!(" {to} {}", short_front(scenario, o.front))
            };
            let claim = match o.claim {
                Claim::Claimed => "claimed",
                Claim::Deniable => "deniable",
            };
            format!(
                "{}: {} {}{front} ({claim})",
                short_name(f),
                decapitalise(o.task.name()),
                o.intensity
            )
        })
        .collect();
    if parts.is_empty() {
        "all hold".to_owned()
    } else {
        parts.join("; ")
    }
}

/// A candidate turning point with what decides whether it is kept.
struct Candidate {
    turn: u16,
    /// Order within a week: meter moves (in meter order), then the US response,
    /// miscalculations, the end.
    phase: u8,
    /// Higher is more decisive.
    score: f64,
    text: String,
}

/// The name of the largest contributor to a meter's move, phrased for the end of a sentence
/// (", driven mostly by …"), or nothing when no factor points the way the meter moved.
fn driver(exp: &MeterExplanation, previous: Option<&MeterExplanation>) -> String {
    let delta = exp.after - exp.before;
    if delta == 0.0 {
        return String::new();
    }
    let sign = delta.signum();
    let best = match exp.sum {
        // A stock: the factor that pushed hardest in the meter's direction.
        Sum::Change => exp
            .factors
            .iter()
            .filter(|f| f.rule != "bounds")
            .map(|f| (f.value * sign, f))
            .filter(|(v, _)| *v > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0)),
        // A level: the factor whose contribution changed most in the meter's direction.
        Sum::Composition => exp
            .factors
            .iter()
            .filter(|f| f.rule != "us.base" && f.rule != "bounds")
            .map(|f| {
                let before = previous
                    .and_then(|p| p.factors.iter().find(|g| g.rule == f.rule))
                    .map_or(0.0, |g| g.value);
                ((f.value - before) * sign, f)
            })
            .filter(|(v, _)| *v > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0)),
    };
    match best {
        Some((_, f)) if exp.sum == Sum::Composition && delta < 0.0 => {
            format!(", with the largest drop in \"{}\"", clean(&f.label))
        }
        Some((_, f)) => format!(", driven mostly by \"{}\"", clean(&f.label)),
        None => String::new(),
    }
}

/// The decisive weeks: US ladder moves, miscalculations, the end, and the largest moves of
/// the key meters; between three and six of them when the campaign offers that many.
fn turning_points(sc: &Scenario, turns: &[PlayedTurn]) -> Vec<TurningPoint> {
    let mut kept: Vec<Candidate> = Vec::new();
    let mut moves: Vec<Candidate> = Vec::new();
    let top = sc.us_ladder.len();
    for (i, t) in turns.iter().enumerate() {
        let r = &t.report;
        let previous = i.checked_sub(1).map(|p| &turns[p].report);
        let exp = |m: Meter| r.meter(m);
        let end = r.happenings.iter().find_map(|h| match h {
            Happening::End(o) => Some(*o),
            _ => None,
        });
        let ceasefire = r.happenings.contains(&Happening::Ceasefire);
        let us_moved = r
            .happenings
            .iter()
            .any(|h| matches!(h, Happening::UsClimb(_) | Happening::UsStandDown(_)));
        let miscalculated = r
            .happenings
            .iter()
            .any(|h| matches!(h, Happening::Miscalculation(_)));
        let us = exp(Meter::UsIntervention);
        let us_driver = if (us.after - us.before).abs() >= BIG_MOVE {
            driver(us, previous.map(|p| p.meter(Meter::UsIntervention)))
        } else {
            String::new()
        };

        for h in &r.happenings {
            let (phase, score, text) = match *h {
                Happening::UsClimb(rung) => {
                    if end == Some(Outcome::UsDirectConfrontation) && usize::from(rung) >= top {
                        continue;
                    }
                    let text = format!(
                        "The US response moved up to rung {rung} of {top} ({}); intervention \
                         probability stood at {} (from {}){us_driver}.",
                        clean(sc.us_rung_name(rung)),
                        value_text(Meter::UsIntervention, us.after),
                        value_text(Meter::UsIntervention, us.before),
                    );
                    (1, 500.0 + f64::from(rung), text)
                }
                Happening::UsStandDown(rung) => {
                    let to = if rung == 0 {
                        "its initial posture".to_owned()
                    } else {
                        format!("rung {rung} ({})", clean(sc.us_rung_name(rung)))
                    };
                    let text = format!(
                        "The US response stepped back to {to} as intervention probability \
                         eased to {} (from {}){us_driver}.",
                        value_text(Meter::UsIntervention, us.after),
                        value_text(Meter::UsIntervention, us.before),
                    );
                    (1, 300.0, text)
                }
                Happening::Miscalculation(front) => {
                    let e = exp(Meter::Escalation);
                    let name = sc
                        .fronts
                        .get(front)
                        .map_or_else(|| "a front".to_owned(), |f| clean(&f.name));
                    let text = format!(
                        "An exchange on {name} was misread and answered beyond what either side \
                         intended; the escalation ladder ended the week at {} (from {}).",
                        whole(e.after),
                        whole(e.before)
                    );
                    (2, 400.0, text)
                }
                Happening::End(o) => (3, 1000.0, end_text(sc, t, o, ceasefire)),
                Happening::Event(_) | Happening::Ceasefire => continue,
            };
            kept.push(Candidate {
                turn: t.turn,
                phase: 10 + phase,
                score,
                text,
            });
        }

        for (k, &m) in MOVING_METERS.iter().enumerate() {
            let skip = match m {
                // The US ladder's sentences carry the probability and its driver; a
                // miscalculation's carries the ladder.
                Meter::UsIntervention => us_moved,
                Meter::Escalation => {
                    miscalculated
                        || matches!(
                            end,
                            Some(Outcome::RegionalWar | Outcome::UsDirectConfrontation)
                        )
                }
                Meter::HamasCapacity => matches!(
                    end,
                    Some(
                        Outcome::HamasDegraded
                            | Outcome::CeasefirePreserved
                            | Outcome::CeasefireDegraded
                    )
                ),
                Meter::Cohesion => end == Some(Outcome::AxisFractured),
                _ => false,
            };
            let e = exp(m);
            let delta = e.after - e.before;
            if skip || delta.abs() < SMALL_MOVE {
                continue;
            }
            let verb = if delta > 0.0 { "rose" } else { "fell" };
            let why = driver(e, previous.map(|p| p.meter(m)));
            let text = format!(
                "{} {verb} from {} to {}{why}.",
                meter_prose(m),
                value_text(m, e.before),
                value_text(m, e.after)
            );
            moves.push(Candidate {
                turn: t.turn,
                phase: k as u8,
                score: delta.abs(),
                text,
            });
        }
    }

    // The happenings first, by how decisive they are; then the largest moves above the
    // threshold; then smaller moves while there are fewer than the minimum.
    kept.sort_by(|a, b| b.score.total_cmp(&a.score));
    kept.truncate(MAX_POINTS);
    moves.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut per_meter = [0usize; MOVING_METERS.len()];
    for m in moves {
        let room = kept.len() < MAX_POINTS && per_meter[usize::from(m.phase)] < MAX_PER_METER;
        if room && (m.score >= BIG_MOVE || kept.len() < MIN_POINTS) {
            per_meter[usize::from(m.phase)] += 1;
            kept.push(m);
        }
    }
    kept.sort_by_key(|c| (c.turn, c.phase));
    kept.into_iter()
        .map(|c| TurningPoint {
            turn: c.turn,
            date: sc.calendar.date_of(c.turn),
            text: c.text,
        })
        .collect()
}

/// A meter's name at the start of a sentence.
fn meter_prose(meter: Meter) -> &'static str {
    match meter {
        Meter::Escalation => "The escalation ladder",
        Meter::InternationalPressure => "International pressure",
        m => m.name(),
    }
}

/// The sentence for the week a campaign ended.
fn end_text(sc: &Scenario, t: &PlayedTurn, outcome: Outcome, ceasefire: bool) -> String {
    let r = &t.report;
    let at = |m: Meter| value_text(m, r.meter(m).after);
    let from = |m: Meter| value_text(m, r.meter(m).before);
    let v = &sc.victory;
    let name = outcome.name();
    match outcome {
        Outcome::CeasefirePreserved | Outcome::CeasefireDegraded if ceasefire => format!(
            "With international pressure at {}, a ceasefire took hold while Hamas capacity stood \
             at {} (from {} a week earlier); the campaign ended as \"{name}\".",
            at(Meter::InternationalPressure),
            at(Meter::HamasCapacity),
            from(Meter::HamasCapacity),
        ),
        Outcome::CeasefirePreserved | Outcome::CeasefireDegraded => format!(
            "A ceasefire took hold with Hamas capacity at {}; the campaign ended as \"{name}\".",
            at(Meter::HamasCapacity)
        ),
        Outcome::HamasDegraded => format!(
            "Hamas capacity fell to {} (from {}), at or below the collapse threshold of {}; the \
             campaign ended as \"{name}\".",
            at(Meter::HamasCapacity),
            from(Meter::HamasCapacity),
            whole(v.capacity_collapse)
        ),
        Outcome::UsDirectConfrontation => format!(
            "The US response reached the top of its ladder ({}) with intervention probability at \
             {}; the campaign ended as \"{name}\".",
            clean(sc.us_rung_name(t.state.us_rung)),
            at(Meter::UsIntervention)
        ),
        Outcome::RegionalWar => format!(
            "The escalation ladder reached {} (from {}), past the regional-war threshold of {}; \
             the campaign ended as \"{name}\".",
            at(Meter::Escalation),
            from(Meter::Escalation),
            whole(v.regional_war)
        ),
        Outcome::AxisFractured => format!(
            "Axis cohesion fell to {} (from {}), at or below the fracture threshold of {}; the \
             campaign ended as \"{name}\".",
            at(Meter::Cohesion),
            from(Meter::Cohesion),
            whole(v.cohesion_fracture)
        ),
        Outcome::Stalemate => format!(
            "The last week ended with neither a ceasefire nor a collapse, Hamas capacity at {} and \
             international pressure at {}; the campaign ended as \"{name}\".",
            at(Meter::HamasCapacity),
            at(Meter::InternationalPressure)
        ),
    }
}

/// Names joined as "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn weeks(n: usize) -> String {
    if n == 1 {
        "1 week".to_owned()
    } else {
        format!("{n} weeks")
    }
}

/// Three seminar questions: one on the outcome, one on the player's choices, one comparing
/// the campaign with the historical course.
fn questions(game: &Game) -> [String; 3] {
    let sc = &game.scenario;
    let outcome = game.state().outcome;
    let capacity = game.state().meter(Meter::HamasCapacity);
    let first = match outcome {
        None => "The room's two aims, preserving Hamas' capacity and keeping the United States \
                 out of the war, pull against each other. Which of your orders so far served one \
                 aim at the expense of the other?"
            .to_owned(),
        Some(Outcome::CeasefirePreserved) => "The campaign reached the outcome the room aimed \
             for. Which choices did most to keep the United States out while Gaza held, and how \
             much of the result rested on favourable draws rather than on the plan?"
            .to_owned(),
        Some(Outcome::CeasefireDegraded) => format!(
            "A ceasefire came only after Hamas capacity had fallen to {}. Could the other fronts \
             have diverted more of Israel's attention without raising the risk of US entry, or \
             does the campaign suggest the two aims cannot both be met?",
            whole(capacity)
        ),
        Some(Outcome::HamasDegraded) => "Hamas' capacity collapsed before international \
             pressure forced a pause. Was restraint on the other fronts a deliberate price for \
             keeping the United States out, and what would preserving Hamas have required?"
            .to_owned(),
        Some(Outcome::UsDirectConfrontation) => "The United States climbed to direct \
             confrontation with Iran, the result the room treated as existential. In which week \
             did the risk become hard to reverse, and which of the room's signals was Washington \
             most likely to read as a reason to enter?"
            .to_owned(),
        Some(Outcome::RegionalWar) => "The fronts merged into a regional war. Where did \
             calibrated pressure stop being calibrated, and what could the room have done to \
             climb down once the ladder was high?"
            .to_owned(),
        Some(Outcome::AxisFractured) => "Cohesion broke. Which members carried costs the others \
             did not share, and how does that fit the room's principle of distributing risk \
             among its members?"
            .to_owned(),
        Some(Outcome::Stalemate) => "The weeks ran out with neither a ceasefire nor a collapse. \
             Judged by the room's own aims, is an open-ended stalemate a success or a failure, \
             and for which member?"
            .to_owned(),
    };

    // The player's choices.
    let played = game.turns.len();
    let active = |o: &&Order| o.is_active();
    let acted_any = game
        .turns
        .iter()
        .any(|t| t.orders.iter().any(|o| o.is_active()));
    let used_deniable = game.turns.iter().any(|t| {
        t.orders
            .iter()
            .zip(&sc.factions)
            .any(|(o, f)| o.is_active() && o.claim == Claim::Deniable && f.tier.is_some())
    });
    let escalated: Vec<usize> = (0..sc.factions.len())
        .filter(|&i| {
            game.turns.iter().any(|t| {
                t.orders
                    .get(i)
                    .is_some_and(|o| o.is_active() && o.task == Task::Escalate)
            })
        })
        .collect();
    let strained: Vec<String> = escalated
        .iter()
        .map(|&i| &sc.factions[i])
        .filter(|f| f.domestic_constraint >= 0.5 || f.us_watch >= 0.5)
        .map(short_name)
        .collect();
    let patron_weeks = game
        .turns
        .iter()
        .filter(|t| {
            t.orders.iter().zip(&sc.factions).any(|(o, f)| {
                f.tier.is_none()
                    && o.is_active()
                    && (o.claim == Claim::Claimed || o.task == Task::Resupply)
            })
        })
        .count();
    let hold_weeks = game
        .turns
        .iter()
        .filter(|t| !t.orders.iter().any(|o| o.is_active()))
        .count();
    let risk = game
        .turns
        .iter()
        .map(|t| t.state.meter(Meter::RiskDistribution))
        .sum::<f64>()
        / played.max(1) as f64;
    let second = if !strained.is_empty() {
        let names = join_names(&strained);
        let who = if strained.len() == escalated.len() {
            format!("{names} opened a front fully during the campaign.")
        } else {
            format!(
                "{} members opened a front fully during the campaign, among them {names}.",
                escalated.len()
            )
        };
        let them = if strained.len() == 1 { "it" } else { "them" };
        format!(
            "{who} For {names}, how did that choice weigh against domestic constraints at home \
             and the close attention Washington pays to {them}?"
        )
    } else if played > 0 && hold_weeks * 2 >= played {
        format!(
            "The whole room stood down in {} of {played}. Who bore the cost of that restraint, \
             and is restraint a neutral choice in a coalition whose members expect support as \
             they are worn down?",
            weeks(hold_weeks)
        )
    } else if acted_any && !used_deniable {
        "You never left a member's act unattributed. What did the room give up by forgoing \
         ambiguity, and when might owning an act serve deterrence better than denying it?"
            .to_owned()
    } else if patron_weeks * 2 > played && played > 0 {
        format!(
            "The patron acted visibly, in its own name or by resupplying a front, in {} of \
             {played}. Does visible support from Tehran strengthen the room's coordination, or \
             undercut the ambiguity that shields it?",
            weeks(patron_weeks)
        )
    } else if acted_any && risk < 0.5 {
        format!(
            "Exposure was concentrated on few members (mean risk distribution {risk:.2}). Why \
             does spreading exposure lower the chance of a US response, and what does spreading \
             it cost in coordination?"
        )
    } else {
        "Ambiguity and coordination pull in different directions: the more tightly the room \
         coordinates, the easier its acts are to trace to Tehran. How did your orders balance \
         the two?"
            .to_owned()
    };

    // The historical course.
    let mut differing = 0;
    let (mut own, mut actual) = (0u32, 0u32);
    let mut compared = 0;
    for t in &game.turns {
        let Some(h) = sc.history.get(usize::from(t.turn.max(1) - 1)) else {
            continue;
        };
        compared += 1;
        let norm = |orders: &[Order]| -> Vec<Order> {
            (0..sc.factions.len())
                .map(|i| {
                    orders
                        .get(i)
                        .copied()
                        .filter(Order::is_active)
                        .unwrap_or(Order::HOLD)
                })
                .collect()
        };
        if norm(&t.orders) != norm(&h.orders) {
            differing += 1;
        }
        own += t
            .orders
            .iter()
            .filter(active)
            .map(|o| u32::from(o.intensity))
            .sum::<u32>();
        actual += h
            .orders
            .iter()
            .filter(active)
            .map(|o| u32::from(o.intensity))
            .sum::<u32>();
    }
    let third = if compared == 0 {
        "Before the first orders: what does the historical record suggest about how the room \
         weighed pressure on Israel against the risk of drawing in the United States?"
            .to_owned()
    } else if differing == 0 {
        "Your orders followed the historical course in every week. The same orders can end \
         differently under other draws: what does that imply for judging the room's strategy \
         by the result it actually obtained?"
            .to_owned()
    } else {
        let tempo = if own > actual {
            "more intense than"
        } else if own < actual {
            "less intense than"
        } else {
            "as intense as"
        };
        format!(
            "Your orders departed from the historical course in {} of {compared}, and were \
             overall {tempo} it (total intensity {own} against {actual}). Where did you depart \
             most, and does the historical course look more or less effective now that you have \
             played the same weeks?",
            weeks(differing)
        )
    };
    [first, second, third]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_scenario;

    /// Plays a campaign to its end with orders chosen per turn.
    fn play(seed: u64, mut orders: impl FnMut(&Scenario, u16) -> Vec<Order>) -> Game {
        let mut game = Game::new(default_scenario().scenario, seed);
        while !game.state().is_over() {
            let turn = game.state().turn;
            let o = orders(&game.scenario, turn);
            game.commit(o).expect("orders are valid");
        }
        game
    }

    fn history(sc: &Scenario, turn: u16) -> Vec<Order> {
        sc.history[usize::from(turn) - 1].orders.clone()
    }

    /// Every member escalates on its home front; the patron resupplies Gaza.
    fn all_out(sc: &Scenario, _: u16) -> Vec<Order> {
        sc.factions
            .iter()
            .map(|f| match f.home {
                Some(home) if f.may_do(Task::Escalate) => Order {
                    front: home,
                    task: Task::Escalate,
                    intensity: 3,
                    claim: Claim::Claimed,
                },
                _ if f.may_do(Task::Resupply) => Order {
                    front: sc.focus_front(),
                    task: Task::Resupply,
                    intensity: 3,
                    claim: Claim::Claimed,
                },
                _ => Order::HOLD,
            })
            .collect()
    }

    fn check_invariants(game: &Game, d: &Debrief) {
        let played = game.turns.len();
        assert_eq!(d.outcome, game.state().outcome);
        assert!(d.outcome.is_some(), "the campaign ended");
        assert_eq!(d.series.len(), Meter::ALL.len());
        for (m, values) in &d.series {
            assert_eq!(values.len(), played + 1, "{m:?}");
        }
        assert_eq!(d.series_dates.len(), played + 1);
        assert_eq!(d.weeks.len(), played);
        for (w, t) in d.weeks.iter().zip(&game.turns) {
            assert_eq!(w.turn, t.turn);
            assert!(!w.player.is_empty() && !w.historical.is_empty());
        }
        assert!(d.questions.iter().all(|q| q.ends_with('?') && q.len() > 40));
        assert!(d.turning_points.len() <= MAX_POINTS);
        assert!(
            d.turning_points.windows(2).all(|w| w[0].turn <= w[1].turn),
            "chronological: {:#?}",
            d.turning_points
        );
        let climbed = game.turns.iter().any(|t| {
            t.report
                .happenings
                .iter()
                .any(|h| matches!(h, Happening::UsClimb(_)))
        });
        if climbed || d.outcome.is_some() {
            assert!(!d.turning_points.is_empty());
        }
        // The end is always a turning point, in the last week.
        let last = d.turning_points.last().expect("turning points");
        assert_eq!(usize::from(last.turn), played);
        assert!(
            last.text.contains(d.outcome_title.as_str()),
            "{}",
            last.text
        );

        let md = d.to_markdown();
        for heading in [
            "# Debrief: ",
            "## Outcome",
            "## Meters",
            "## Turning points",
            "## Week by week",
            "## Discussion questions",
            "| Week | Date | Your orders | What the axis did | Note |",
        ] {
            assert!(md.contains(heading), "missing {heading}:\n{md}");
        }
        assert!(md.contains(&format!("seed {}", game.seed)));
        assert!(md.contains(d.outcome.map_or("", Outcome::id)));
        assert!(md.contains("| Start | 9 Oct 2023 |"));
        for t in 1..=played {
            assert!(md.contains(&format!("\n| {t} | ")), "meter row {t}");
        }
        let week_rows = md
            .lines()
            .filter(|l| l.starts_with("| ") && l.matches(" | ").count() == 4)
            .count();
        assert_eq!(
            week_rows,
            played + 1,
            "week table: header and one row a week"
        );
        assert!(md.contains("\n3. "));
        assert!(md.chars().all(|c| c == '\n' || !c.is_control()));
    }

    #[test]
    fn historical_course_debrief() {
        for seed in [1, 7, 42] {
            let game = play(seed, history);
            let d = Debrief::new(&game);
            check_invariants(&game, &d);
            assert!(d.questions[2].contains("followed the historical course"));
            assert_eq!(d.weeks[0].player, d.weeks[0].historical);
            assert!(
                d.weeks[0]
                    .player
                    .contains("Hizballah: limited strike 1 (claimed)")
            );
            assert!(
                d.weeks[0]
                    .player
                    .contains("PIJ: limited strike 2 (claimed)")
            );
        }
    }

    #[test]
    fn restraint_debrief() {
        let game = play(3, |sc, _| sc.all_hold());
        let d = Debrief::new(&game);
        check_invariants(&game, &d);
        assert!(d.weeks.iter().all(|w| w.player == "all hold"));
        assert!(d.questions[1].contains("stood down"));
        assert!(d.questions[2].contains("less intense than"));
    }

    #[test]
    fn escalation_debrief() {
        let game = play(5, all_out);
        let d = Debrief::new(&game);
        check_invariants(&game, &d);
        assert!(d.questions[1].contains("Hizballah"), "{}", d.questions[1]);
        assert!(d.questions[2].contains("more intense than"));
    }

    #[test]
    fn unfinished_campaign() {
        let mut game = Game::new(default_scenario().scenario, 11);
        let d = Debrief::new(&game);
        assert_eq!(d.outcome, None);
        assert!(d.weeks.is_empty() && d.turning_points.is_empty());
        assert!(d.series.iter().all(|(_, v)| v.len() == 1));
        assert!(d.to_markdown().contains("No week has been played yet."));
        let orders = history(&game.scenario, 1);
        game.commit(orders).expect("valid");
        let d = Debrief::new(&game);
        assert_eq!(d.weeks.len(), 1);
        assert_eq!(d.outcome_title, "In progress");
        assert!(d.series.iter().all(|(_, v)| v.len() == 2));
    }

    #[test]
    fn control_characters_never_reach_the_markdown() {
        let mut game = play(1, history);
        let sc = std::sync::Arc::make_mut(&mut game.scenario);
        sc.history[0].note =
            "Border \u{1b}[31mexchanges\u{7} | begin\nhere\u{1b}]0;title\u{7}.".into();
        sc.meta.title = "Title\u{1b}[2J\r\nsecond line\u{202e}".into();
        sc.factions[2].name = "Hiz\u{0}ballah".into();
        let d = Debrief::new(&game);
        let md = d.to_markdown();
        assert!(md.chars().all(|c| c == '\n' || !c.is_control()), "{md:?}");
        assert!(!md.contains("[31m") && !md.contains("[2J") && !md.contains("0;title"));
        assert!(!md.contains('\u{202e}'));
        assert!(md.contains("Border exchanges \\| begin here."), "{md}");
        assert!(md.starts_with("# Debrief: Title second line — "));
        assert!(d.weeks[0].player.contains("Hizballah: "));
    }

    #[test]
    fn clean_and_names() {
        assert_eq!(clean("a\u{1b}[1;31mb\u{1b}[0m c\t\td\u{7}\n"), "ab c d");
        assert_eq!(clean("  x  "), "x");
        let sc = default_scenario().scenario;
        let names: Vec<String> = sc.factions.iter().map(short_name).collect();
        assert_eq!(
            names,
            [
                "Hamas",
                "PIJ",
                "Hizballah",
                "Syrian militias",
                "Iraqi militias",
                "Houthis",
                "Quds Force"
            ]
        );
        assert_eq!(summarize(&sc, &sc.all_hold()), "all hold");
        assert_eq!(format_meter(Meter::RiskDistribution, 0.456), "0.46");
        assert_eq!(format_meter(Meter::UsIntervention, 4.26), "4.3%");
        assert_eq!(format_meter(Meter::UsIntervention, 27.4), "27%");
        assert_eq!(format_meter(Meter::Cohesion, -0.2), "0");
    }
}
