//! Batch commands: `sim` (many campaigns of one plan) and `balance` (a search for the best
//! plan).

use std::process::ExitCode;

use super::{BalanceArgs, Format, INVALID, SimArgs, print_diagnostics};
use crate::scenario;
use crate::{balance, forecast, plan, save};

pub(super) fn run_sim(args: &SimArgs) -> ExitCode {
    let loaded = match scenario::resolve(&args.scenario) {
        Ok(l) => l,
        Err(d) => return print_diagnostics(&d),
    };
    let schedule = match &args.plan {
        Some(path) => match plan::load_file(path, &loaded.scenario) {
            Ok(s) => s,
            Err(d) => return print_diagnostics(&d),
        },
        None => loaded.scenario.historical_course(),
    };
    if let Some(path) = &args.save {
        return sim_save(args, loaded, &schedule, path);
    }
    let threads = args.threads.unwrap_or_else(forecast::default_threads);
    let batch = forecast::Batch {
        scenario: loaded.scenario,
        start: forecast::Start::Fresh,
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
        Format::Json => match serde_json::to_string_pretty(&summary) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        },
        Format::Text => print!("{}", summary.to_text()),
    }
    ExitCode::SUCCESS
}

pub(super) fn run_balance(args: &BalanceArgs) -> ExitCode {
    let loaded = match scenario::resolve(&args.scenario) {
        Ok(l) => l,
        Err(d) => return print_diagnostics(&d),
    };
    let settings = balance::Settings {
        budget: args.budget,
        runs: args.runs,
        seed: args.seed,
        threads: args.threads.unwrap_or_else(forecast::default_threads),
    };
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let result = match balance::run(loaded.scenario, &settings, progress) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = &args.out {
        let text = balance::report::plan_file(&result, &result.best);
        if let Err(e) = save::write_atomic(path, &text, save::Replace::Yes) {
            return print_diagnostics(&save::write_error(path, format!("cannot write: {e}")));
        }
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&result) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        },
        Format::Text => print!("{}", balance::report::to_text(&result)),
    }
    ExitCode::SUCCESS
}

/// Plays run 0 of the batch (the same seed derivation as `sim`) and saves it.
fn sim_save(
    args: &SimArgs,
    loaded: scenario::Loaded,
    schedule: &crate::engine::Schedule,
    path: &std::path::Path,
) -> ExitCode {
    if args.runs != 1 {
        eprintln!("error: --save writes one campaign: use it with --runs 1");
        return ExitCode::from(INVALID);
    }
    let mut game =
        crate::game::Game::new(loaded.scenario.clone(), forecast::run_seed(args.seed, 0));
    while !game.state().is_over() {
        let orders = schedule.turn(game.state().turn).to_vec();
        if let Err(e) = game.commit(orders) {
            eprintln!("error: turn {}: {e}", game.state().turn);
            return ExitCode::from(INVALID);
        }
    }
    let name = format!("sim {} seed {}", game.scenario.meta.id, args.seed);
    // The same batch run is the same campaign: its id comes from the seed and name.
    let campaign = save::CampaignId::derived("sim", args.seed, &name);
    match save::save(
        path,
        &game,
        &campaign,
        &loaded.doc,
        &name,
        save::Replace::Yes,
    ) {
        Ok(()) => {
            let outcome = game.state().outcome.map_or("", |o| o.id());
            println!(
                "{}: saved: {} turns, outcome {outcome}",
                path.display(),
                game.turns.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(&save::write_error(path, e)),
    }
}
