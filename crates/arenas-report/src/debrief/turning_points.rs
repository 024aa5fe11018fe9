//! The turning points of a campaign: US ladder moves, miscalculations, the end, and the
//! largest single-week moves of the key meters.

use super::TurningPoint;
use super::numbers::{direction, format_meter, whole};
use arenas_core::engine::{
    Happening, Meter, MeterExplanation, Outcome, Scenario, Sum, TrackExplanation, UsTrack,
    order_summary,
};
use arenas_core::game::PlayedTurn;
use arenas_files::text::clean;

/// Meters whose large single-week moves count as turning points.
const MOVING_METERS: [Meter; 4] = [
    Meter::UsEntry,
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
pub(super) const MAX_POINTS: usize = 6;
/// Most meter moves of one meter among the turning points, so no single meter crowds out
/// the others.
const MAX_PER_METER: usize = 2;

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
        // A figure of others: its moves are explained by theirs.
        Sum::Derived => None,
    };
    match best {
        Some((_, f)) if exp.sum == Sum::Composition && delta < 0.0 => {
            format!(", with the largest drop in \"{}\"", clean(&f.label))
        }
        Some((_, f)) => format!(", driven mostly by \"{}\"", clean(&f.label)),
        None => String::new(),
    }
}

/// What drove a US track's chance in turn `t`, phrased for the end of a sentence: the
/// factor that rose most since the turn before (the largest one, without a turn before),
/// with the orders of the members behind it (", driven mostly by \"…\" (Hizballah:
/// limited strike 2, claimed, week 5)"); nothing when no factor rose.
fn track_driver(
    sc: &Scenario,
    t: &PlayedTurn,
    x: &TrackExplanation,
    previous: Option<&TrackExplanation>,
) -> String {
    let best = x
        .factors
        .iter()
        .filter(|f| !f.rule.ends_with("_base"))
        .map(|f| {
            let before = previous
                .and_then(|p| p.factors.iter().find(|g| g.rule == f.rule))
                .map_or(0.0, |g| g.value);
            (f.value - before, f)
        })
        .filter(|(v, _)| *v > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let Some((_, f)) = best else {
        return String::new();
    };
    let week = sc.calendar.unit().label(t.turn);
    let orders: Vec<String> = (0..sc.factions.len())
        .filter(|i| f.members & (1 << i) != 0)
        .filter_map(|i| t.orders.get(i).filter(|o| o.is_active()).map(|o| (i, o)))
        .map(|(i, o)| clean(&order_summary(sc, i, o)))
        .collect();
    if orders.is_empty() {
        format!(", driven mostly by \"{}\"", clean(&f.label))
    } else {
        format!(
            ", driven mostly by \"{}\" ({}, {week})",
            clean(&f.label),
            orders.join("; ")
        )
    }
}

/// The decisive weeks: US ladder moves, miscalculations, the end, and the largest moves of
/// the key meters and of the ceasefire chance (`chances`: at the start, then after each
/// turn); between three and six of them when the campaign offers that many.
pub(super) fn turning_points(
    sc: &Scenario,
    chances: &[f64],
    turns: &[PlayedTurn],
) -> Vec<TurningPoint> {
    let mut kept: Vec<Candidate> = Vec::new();
    let mut moves: Vec<Candidate> = Vec::new();
    let top = sc.us_ladder.len();
    let unit = sc.calendar.unit();
    for (i, t) in turns.iter().enumerate() {
        let r = &t.report;
        let previous = i.checked_sub(1).map(|p| &turns[p].report);
        let exp = |m: Meter| r.meter(m);
        let end = r.happenings.iter().find_map(|h| match h {
            Happening::End(o) => Some(*o),
            _ => None,
        });
        let ceasefire = r.happenings.contains(&Happening::Ceasefire);
        let us_moved = r.happenings.iter().any(|h| {
            matches!(
                h,
                Happening::UsClimb(_) | Happening::UsStandDown(_) | Happening::UsResume(_)
            )
        });
        let miscalculated = r
            .happenings
            .iter()
            .any(|h| matches!(h, Happening::Miscalculation(_)));
        for h in &r.happenings {
            let (phase, score, text) = match *h {
                Happening::UsClimb(rung) => {
                    if end == Some(Outcome::UsDirectConfrontation) && usize::from(rung) >= top {
                        continue;
                    }
                    let Some((track, step, count)) = sc.us_place(rung) else {
                        continue;
                    };
                    let x = r.track(track);
                    let text = format!(
                        "The US climbed its {} to rung {step} of {count} ({}): its chance of a \
                         step that {} stood at {}{}.",
                        track.name().to_lowercase(),
                        clean(sc.us_rung_name(rung)),
                        unit.noun,
                        format_meter(Meter::UsEntry, x.chance),
                        track_driver(sc, t, x, previous.map(|p| p.track(track)))
                    );
                    (1, 500.0 + f64::from(rung), text)
                }
                Happening::UsResume(rung) => {
                    let Some((track, step, count)) = sc.us_place(rung) else {
                        continue;
                    };
                    let x = r.track(track);
                    let text = format!(
                        "The US climbed its {} back to rung {step} of {count} ({}), a step it had \
                         taken before: its chance of a step that {} stood at {}{}.",
                        track.name().to_lowercase(),
                        clean(sc.us_rung_name(rung)),
                        unit.noun,
                        format_meter(Meter::UsEntry, x.chance),
                        track_driver(sc, t, x, previous.map(|p| p.track(track)))
                    );
                    (1, 320.0, text)
                }
                Happening::UsStandDown(rung) => {
                    let Some((track, step, count)) = sc.us_place(rung) else {
                        continue;
                    };
                    let text = format!(
                        "After a quiet spell the US stepped its {} back from rung {step} ({}) \
                         to rung {} of {count}.",
                        track.name().to_lowercase(),
                        clean(sc.us_rung_name(rung)),
                        step - 1
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
                         intended; the escalation ladder ended the {} at {} (from {}).",
                        unit.noun,
                        whole(e.after),
                        whole(e.before)
                    );
                    (2, 400.0, text)
                }
                Happening::Refused(f) => (
                    1,
                    200.0,
                    format!(
                        "{} did not carry out its order: its own interests and limits \
                         outweighed the room's.",
                        member(sc, f)
                    ),
                ),
                Happening::ActedAlone(f) => (
                    1,
                    250.0,
                    format!(
                        "{}, bleeding while the room held it back, struck on its own and in \
                         its own name.",
                        member(sc, f)
                    ),
                ),
                Happening::End(o) => (3, 1000.0, end_text(sc, t, o, ceasefire)),
                Happening::Event(_) | Happening::Ceasefire | Happening::Reduced(_) => continue,
            };
            kept.push(Candidate {
                turn: t.turn,
                phase: 10 + phase,
                score,
                text,
            });
        }

        // The ceasefire chance's large moves, with the pressure and members that moved it.
        let (before, after) = (chances[i], chances[i + 1]);
        if (after - before).abs() >= super::ceasefire::MOVE && !ceasefire {
            let verb = if after > before { "rose" } else { "fell" };
            kept.push(Candidate {
                turn: t.turn,
                phase: 10,
                score: 350.0 + (after - before).abs(),
                text: format!(
                    "The ceasefire chance {verb} from {} to {}{}.",
                    super::numbers::percent(before),
                    super::numbers::percent(after),
                    super::ceasefire::cause(sc, t)
                ),
            });
        }

        for (k, &m) in MOVING_METERS.iter().enumerate() {
            let skip = match m {
                // A US step's sentence carries its track's chance and driver; a
                // miscalculation's carries the ladder.
                Meter::UsEntry => us_moved,
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
            let Some(rose) = direction(m, e.before, e.after) else {
                continue;
            };
            if skip || delta.abs() < SMALL_MOVE {
                continue;
            }
            let verb = if rose { "rose" } else { "fell" };
            let why = if m == Meter::UsEntry {
                // The entry estimate moves with the escalation track's chance.
                let track = UsTrack::Escalation;
                track_driver(sc, t, r.track(track), previous.map(|p| p.track(track)))
            } else {
                driver(e, previous.map(|p| p.meter(m)))
            };
            let text = format!(
                "{} {verb} from {} to {}{why}.",
                meter_prose(sc, m),
                format_meter(m, e.before),
                format_meter(m, e.after)
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
            unit,
            date: sc.calendar.date_of(c.turn),
            text: c.text,
        })
        .collect()
}

/// A meter's name at the start of a sentence, as the scenario names it.
fn meter_prose(sc: &Scenario, meter: Meter) -> String {
    match meter {
        Meter::Escalation => "The escalation ladder".to_owned(),
        Meter::InternationalPressure => "International pressure".to_owned(),
        m => sc.meter_name(m),
    }
}

/// The sentence for the week a campaign ended.
fn end_text(sc: &Scenario, t: &PlayedTurn, outcome: Outcome, ceasefire: bool) -> String {
    let r = &t.report;
    let at = |m: Meter| format_meter(m, r.meter(m).after);
    let from = |m: Meter| format_meter(m, r.meter(m).before);
    let v = &sc.victory;
    let unit = sc.calendar.unit().noun;
    let name = sc.outcome_name(outcome);
    let focus = sc.focus_short();
    match outcome {
        Outcome::CeasefirePreserved | Outcome::CeasefireDegraded if ceasefire => format!(
            "With international pressure at {}, a ceasefire took hold while {focus} capacity stood \
             at {} (from {} a {unit} earlier); the campaign ended as \"{name}\".",
            at(Meter::InternationalPressure),
            at(Meter::HamasCapacity),
            from(Meter::HamasCapacity),
        ),
        Outcome::CeasefirePreserved | Outcome::CeasefireDegraded => format!(
            "A ceasefire took hold with {focus} capacity at {}; the campaign ended as \"{name}\".",
            at(Meter::HamasCapacity)
        ),
        Outcome::HamasDegraded => format!(
            "{focus} capacity fell to {} (from {}), at or below the collapse threshold of {}; the \
             campaign ended as \"{name}\".",
            at(Meter::HamasCapacity),
            from(Meter::HamasCapacity),
            whole(v.capacity_collapse)
        ),
        Outcome::UsDirectConfrontation => format!(
            "The US climbed its escalation track to its top ({}), its chance of a step that {unit} \
             at {}{}; the campaign ended as \"{name}\".",
            clean(sc.us_rung_name(t.state.us_rung(sc))),
            format_meter(Meter::UsEntry, r.track(UsTrack::Escalation).chance),
            track_driver(sc, t, r.track(UsTrack::Escalation), None)
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
            "The last {unit} ended with neither a ceasefire nor a collapse, {focus} capacity at {} and \
             international pressure at {}; the campaign ended as \"{name}\".",
            at(Meter::HamasCapacity),
            at(Meter::InternationalPressure)
        ),
    }
}

/// A member's name, cleaned, or a neutral word for an index out of range.
fn member(sc: &Scenario, f: usize) -> String {
    sc.factions
        .get(f)
        .map_or_else(|| "A member".to_owned(), |f| clean(&f.name))
}
