//! Batch commands: `sim` (many campaigns of one plan) and `balance` (a search for the best
//! plan).

use std::process::ExitCode;

use super::{
    BalanceArgs, Console, Folders, Format, INVALID, MAX_SEED, SimArgs, errln, outln,
    print_diagnostics, shown,
};
use arenas_files::scenario;
use arenas_files::{plan, save};
use arenas_sim::{balance, forecast};

pub(super) fn run_sim(con: &mut Console, args: &SimArgs, folders: &Folders) -> ExitCode {
    // Where the runs begin: a new campaign of the scenario, or a save's state.
    let mut heading = None;
    // With `--save`, the campaign `--from` names, to be played on.
    let mut from = None;
    let (loaded, start) = match &args.from {
        Some(path) => match save::load_file(path) {
            Ok(saved) if saved.game.state().is_over() => {
                errln!(
                    con,
                    "{}:1:1: error: this campaign has ended; there is nothing to play on\n  \
                     hint: give a save of a campaign in progress",
                    shown(path)
                );
                return ExitCode::from(INVALID);
            }
            Ok(saved) => {
                super::warn_rules(con, path, &saved);
                let state = saved.game.state().clone();
                heading = Some(format!(
                    "from {}: turn {} of {}, scenario `{}`",
                    shown(path),
                    state.turn,
                    saved.game.scenario.calendar.turns,
                    arenas_files::text::clean(&saved.game.scenario.meta.id)
                ));
                let loaded = scenario::Loaded {
                    doc: saved.doc,
                    scenario: saved.game.scenario.clone(),
                };
                if args.save.is_some() {
                    from = Some((saved.game, saved.prepared));
                }
                (loaded, forecast::Start::From(Box::new(state)))
            }
            Err(d) => return print_diagnostics(con, &d),
        },
        None => match scenario::resolve(&args.scenario, &folders.scenarios) {
            Ok(l) => (l, forecast::Start::Fresh),
            Err(d) => return print_diagnostics(con, &d),
        },
    };
    let schedule = match &args.plan {
        Some(path) => match plan::load_file(path, &loaded.scenario) {
            Ok(s) => s,
            Err(d) => return print_diagnostics(con, &d),
        },
        None => loaded.scenario.historical_course(),
    };
    if let Some(path) = &args.save {
        return sim_save(con, args, loaded, from, &schedule, path);
    }
    let threads = args.threads.unwrap_or_else(forecast::default_threads);
    let batch = forecast::Batch {
        scenario: loaded.scenario,
        start,
        policy: schedule,
        runs: args.runs,
        seed: args.seed,
    };
    let running = forecast::Forecast::batch(batch, threads);
    // A progress bar only for people: piped stderr stays clean.
    let mut stderr = std::io::stderr();
    let totals = if std::io::IsTerminal::is_terminal(&stderr) {
        forecast::wait_with_progress(running, &mut stderr)
    } else {
        running.wait()
    };
    let summary = totals.summary();
    match args.format {
        Format::Json => print_json(con, &summary),
        Format::Text => {
            if let Some(heading) = heading {
                outln!(con, "{heading}");
            }
            con.out(&summary.to_text());
            ExitCode::SUCCESS
        }
    }
}

/// Prints a value as pretty JSON, hidden characters in its strings escaped.
pub(super) fn print_json(con: &mut Console, value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            outln!(con, "{}", arenas_files::text::json(&json));
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!(con, "error: cannot write JSON: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(super) fn run_balance(con: &mut Console, args: &BalanceArgs, folders: &Folders) -> ExitCode {
    let loaded = match scenario::resolve(&args.scenario, &folders.scenarios) {
        Ok(l) => l,
        Err(d) => return print_diagnostics(con, &d),
    };
    let (budget, runs) = if args.ablate {
        (
            balance::ablate::DEFAULT_BUDGET,
            balance::ablate::DEFAULT_RUNS,
        )
    } else {
        (balance::DEFAULT_BUDGET, balance::DEFAULT_RUNS)
    };
    let settings = balance::Settings {
        budget: args.budget.unwrap_or(budget),
        runs: args.runs.unwrap_or(runs),
        seed: args.seed,
        threads: args.threads.unwrap_or_else(forecast::default_threads),
    };
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if args.ablate {
        return match balance::ablate::run(loaded.scenario, &settings, progress) {
            Ok(a) => match args.format {
                Format::Json => print_json(con, &a),
                Format::Text => {
                    con.out(&balance::ablate::to_text(&a));
                    ExitCode::SUCCESS
                }
            },
            Err(e) => {
                errln!(con, "error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let result = match balance::run(loaded.scenario, &settings, progress) {
        Ok(r) => r,
        Err(e) => {
            errln!(con, "error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = &args.out {
        let text = balance::report::plan_file(&result, &result.best);
        if let Err(e) = save::write_atomic(path, &text, save::Replace::Yes) {
            return print_diagnostics(con, &save::write_error(path, format!("cannot write: {e}")));
        }
    }
    match args.format {
        Format::Json => print_json(con, &result),
        Format::Text => {
            con.out(&balance::report::to_text(&result));
            ExitCode::SUCCESS
        }
    }
}

/// Plays run 0 of the batch and saves it. Its seed is run 0's (see
/// [`forecast::run_seed`]) with the top bit cleared, so that the save's seed fits a TOML
/// integer; the same `--seed` always gives the same save. `from` is the campaign of
/// `--from` with its prepared turns: it is played on under its own seed, its prepared turns
/// kept, as a campaign of its own.
fn sim_save(
    con: &mut Console,
    args: &SimArgs,
    loaded: scenario::Loaded,
    from: Option<(arenas_core::game::Game, u16)>,
    schedule: &arenas_core::engine::Schedule,
    path: &std::path::Path,
) -> ExitCode {
    if args.runs != 1 {
        errln!(
            con,
            "error: --save writes one campaign: use it with --runs 1"
        );
        return ExitCode::from(INVALID);
    }
    let (mut game, prepared) = from.unwrap_or_else(|| {
        let seed = forecast::run_seed(args.seed, 0) & MAX_SEED;
        (
            arenas_core::game::Game::new(loaded.scenario.clone(), seed),
            0,
        )
    });
    while !game.state().is_over() {
        let orders = schedule.turn(game.state().turn).to_vec();
        if let Err(e) = game.commit(orders) {
            errln!(con, "error: turn {}: {e}", game.state().turn);
            return ExitCode::from(INVALID);
        }
    }
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| format!("sim {} seed {}", game.scenario.meta.id, args.seed));
    // The same batch run is the same campaign: its id comes from the seed and name, and
    // each name played on from one save is a campaign of its own.
    let campaign = save::CampaignId::derived("sim", args.seed, &name);
    let lineage = save::Lineage {
        prepared,
        ..save::Lineage::of(campaign)
    };
    match save::save(
        path,
        &game,
        &lineage,
        &loaded.doc,
        &name,
        save::Replace::Yes,
    ) {
        Ok(()) => {
            let outcome = game.state().outcome.map_or("", |o| o.id());
            outln!(
                con,
                "{}: saved: {} turns, outcome {outcome}",
                shown(path),
                game.turns.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(con, &save::write_error(path, e)),
    }
}
