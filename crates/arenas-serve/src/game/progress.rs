//! What the dashboard hears of a student's solo campaign: their row and the essentials of
//! their screen.

use std::time::Instant;

use super::super::class::{Class, Row};
use super::super::store::ClassStore;
use arenas_core::engine::aims::assess;
use arenas_core::engine::{Meter, order_summary};
use arenas_files::text::clean;
use arenas_tui::app::Play;
use arenas_tui::runner::Runner;

/// Tells the class where a student stands.
pub(super) fn report(class: &Class, name: &str, runner: &Runner<ClassStore>, connected: bool) {
    let app = &runner.app;
    let detail = app.play().map(essentials).unwrap_or_default();
    let (scenario, turn, meters, outcome, progress) = match app.play() {
        Some(play) => {
            let game = &play.game;
            let state = game.state();
            let unit = app.turn_unit();
            let turn = format!(
                "{} of {}",
                unit.label(state.turn.min(game.scenario.calendar.turns)),
                game.scenario.calendar.turns
            );
            (
                clean(&game.scenario.meta.id),
                turn,
                Some([
                    state.meter(Meter::Ambiguity),
                    state.meter(Meter::UsEntry),
                    state.meter(Meter::HamasCapacity),
                ]),
                state
                    .outcome
                    .map_or(String::new(), |o| game.scenario.outcome_name(o)),
                state.turn,
            )
        }
        None => (
            String::new(),
            "at the menu".to_owned(),
            None,
            String::new(),
            0,
        ),
    };
    class.report(Row {
        name: name.to_owned(),
        connected,
        scenario,
        turn,
        meters,
        outcome,
        progress,
        last_activity: Some(Instant::now()),
        detail,
    });
}

/// Factors of a meter the dashboard's view of one student shows, the largest first.
const TOP_FACTORS: usize = 2;

/// The essentials of a student's campaign screen, as lines for the dashboard: this turn's
/// orders, the aims line, every meter, and why the meters moved in the last turn resolved
/// (each meter's largest factors).
fn essentials(play: &Play) -> Vec<String> {
    let game = &play.game;
    let sc = &game.scenario;
    let state = game.state();
    let unit = sc.calendar.unit();
    let mut lines = vec![format!(
        "Orders for {}:",
        unit.label(state.turn.min(sc.calendar.turns))
    )];
    lines.extend(
        play.orders
            .iter()
            .enumerate()
            .map(|(i, order)| format!("  {}", clean(&order_summary(sc, i, order)))),
    );
    let aims = assess(sc, state, &play.likely_ends());
    let shown: Vec<String> = aims.aims.iter().map(|a| clean(&a.short)).collect();
    lines.push(format!(
        "Aims: {}: {} · {}",
        aims.verdict.title(),
        clean(&aims.reason),
        shown.join(" · ")
    ));
    let meters: Vec<String> = Meter::ALL
        .iter()
        .map(|&m| format!("{} {}", clean(&sc.meter_short(m)), m.format(state.meter(m))))
        .collect();
    lines.push(format!("Meters: {}", meters.join(" · ")));
    let Some(last) = game.turns.last() else {
        lines.push("Why: no turn resolved yet.".to_owned());
        return lines;
    };
    lines.push(format!("Why, {}:", unit.label(last.turn)));
    for &m in Meter::ALL {
        let x = last.report.meter(m);
        let mut factors: Vec<_> = x.factors.iter().collect();
        factors.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
        let top: Vec<String> = factors
            .iter()
            .take(TOP_FACTORS)
            .map(|f| format!("{} {}", clean(&f.label), m.format_change(f.value)))
            .collect();
        let why = if top.is_empty() {
            "no factor of its own".to_owned()
        } else {
            top.join("; ")
        };
        lines.push(format!(
            "  {} {} → {}: {why}",
            clean(&sc.meter_short(m)),
            m.format(x.before),
            m.format(x.after)
        ));
    }
    lines
}
