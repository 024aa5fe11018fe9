//! The command line: `arenas [play|sim|scenario …]`.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostics;
use crate::save;
use crate::scenario::{self, DEFAULT_ID};
use crate::tui::App;
use crate::tui::theme::Theme;
use crate::{forecast, plan, sim};

/// Arenas: a classroom crisis simulation of the axis of resistance's joint operations room
/// in the autumn-2023 Gaza war.
#[derive(Debug, Parser)]
#[command(name = "arenas", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new campaign straight away (without a command: the main menu).
    Play(PlayArgs),
    /// Run many campaigns of a plan and summarise their outcomes.
    Sim(SimArgs),
    /// Work with scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
}

#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// Bundled scenario id or scenario file.
    #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID)]
    pub scenario: String,
    /// Seed of the campaign (default: a fresh one, shown when the campaign starts).
    #[arg(long)]
    pub seed: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Bundled scenario id or scenario file.
    #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID)]
    pub scenario: String,
    /// Plan file with the orders of each turn.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "history",
        conflicts_with = "history"
    )]
    pub plan: Option<PathBuf>,
    /// Play the scenario's historical course instead of a plan.
    #[arg(long)]
    pub history: bool,
    /// Number of campaigns.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub runs: u64,
    /// Seed of the batch; the same seed gives the same output.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Worker threads (default: one per core). Results do not depend on it. A progress bar
    /// shows on stderr when it is a terminal.
    #[arg(long)]
    pub threads: Option<NonZeroUsize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Check a scenario file: exit 0 when valid, 2 with errors otherwise.
    Check {
        /// The file to check.
        file: PathBuf,
    },
    /// List the bundled scenarios.
    List,
}

/// Exit code for invalid input.
const INVALID: u8 = 2;

fn report(d: &Diagnostics) -> ExitCode {
    eprintln!("{d}");
    ExitCode::from(INVALID)
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Play(args)) => play(&args),
        Some(Command::Sim(args)) => run_sim(&args),
        Some(Command::Scenario(ScenarioCommand::Check { file })) => check(&file),
        Some(Command::Scenario(ScenarioCommand::List)) => list(),
        None => interface(App::new(Theme::from_env(), save::default_dir())),
    }
}

fn play(args: &PlayArgs) -> ExitCode {
    let loaded = match scenario::resolve(&args.scenario) {
        Ok(l) => l,
        Err(d) => return report(&d),
    };
    let theme = Theme::from_env();
    let app = match args.seed {
        Some(seed) => App::playing(theme, save::default_dir(), loaded, seed),
        None => App::playing(
            theme,
            save::default_dir(),
            loaded,
            crate::tui::app::fresh_seed(),
        ),
    };
    interface(app)
}

fn interface(app: App) -> ExitCode {
    match crate::tui::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the terminal failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_sim(args: &SimArgs) -> ExitCode {
    let loaded = match scenario::resolve(&args.scenario) {
        Ok(l) => l,
        Err(d) => return report(&d),
    };
    let schedule = match &args.plan {
        Some(path) => match plan::load_file(path, &loaded.scenario) {
            Ok(s) => s,
            Err(d) => return report(&d),
        },
        None => loaded.scenario.historical_course(),
    };
    let threads = args.threads.unwrap_or_else(forecast::default_threads);
    let batch = forecast::Batch {
        scenario: std::sync::Arc::new(loaded.scenario),
        start: forecast::Start::Fresh,
        policy: schedule,
        runs: args.runs,
        seed: args.seed,
    };
    let running = forecast::Forecast::batch(batch, threads);
    // A progress bar only for people: piped stderr stays clean.
    let mut stderr = std::io::stderr();
    let totals = if std::io::IsTerminal::is_terminal(&stderr) {
        sim::wait_with_progress(running, &mut stderr)
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

fn check(file: &std::path::Path) -> ExitCode {
    match scenario::load_file(file) {
        Ok(l) => {
            let s = &l.scenario;
            println!(
                "{}: ok: scenario `{}` ({}), {} fronts, {} factions, {} turns from {}, {} events",
                file.display(),
                s.meta.id,
                s.meta.version,
                s.fronts.len(),
                s.factions.len(),
                s.calendar.turns,
                s.calendar.start,
                s.events.len()
            );
            ExitCode::SUCCESS
        }
        Err(d) => report(&d),
    }
}

fn list() -> ExitCode {
    for b in scenario::BUNDLED {
        match scenario::bundled(b.id) {
            Some(Ok(l)) => println!("{:<16} {} (bundled)", b.id, l.scenario.meta.title),
            _ => println!("{:<16} (bundled, invalid)", b.id),
        }
    }
    ExitCode::SUCCESS
}
