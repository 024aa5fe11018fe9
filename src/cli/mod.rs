//! The command line: `arenas [play|sim|scenario …]`.

mod batch;
mod scenario_command;

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::balance;
use crate::class_summary::{ClassSummary, SaveRow};
use crate::diag::Diagnostics;
use crate::save;
use crate::scenario::{self, DEFAULT_ID};
use crate::tui::App;
use crate::tui::runner::{Session, terminal};
use crate::tui::store::{FsStore, Store};
use crate::tui::theme::Theme;

/// Arenas: a classroom crisis simulation of the axis of resistance's joint operations room
/// in the autumn-2023 Gaza war.
#[derive(Debug, Parser)]
#[command(name = "arenas", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folder for saves (default: the user's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub save_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new campaign straight away (without a command: the main menu).
    Play(PlayArgs),
    /// Run many campaigns of a plan and summarise their outcomes.
    Sim(SimArgs),
    /// Search for the plan that scores best on a scenario, and describe it.
    Balance(BalanceArgs),
    /// Work with scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Step through a saved campaign week by week, or check its replay.
    Replay(ReplayArgs),
    /// A save's debrief as Markdown, or with several saves a class summary.
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The save to replay.
    pub file: PathBuf,
    /// Replay the orders from the seed and verify every turn's hash, without the interface:
    /// exit 0 when all match, 2 naming the first turn that differs.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// One or more saves.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// Bundled scenario id or scenario file (default: gaza-2023).
    #[arg(long, value_name = "ID|FILE")]
    pub scenario: Option<String>,
    /// Seed of the campaign (default: a fresh one, shown when the campaign starts).
    #[arg(long, conflicts_with = "load")]
    pub seed: Option<u64>,
    /// Resume a saved campaign exactly where it stood.
    #[arg(long, value_name = "SAVE", conflicts_with = "scenario")]
    pub load: Option<PathBuf>,
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
    /// Write the finished campaign as a save (needs `--runs 1`).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BalanceArgs {
    /// Bundled scenario id or scenario file.
    #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID)]
    pub scenario: String,
    /// Candidate plans to evaluate (the search budget).
    #[arg(long, default_value_t = balance::DEFAULT_BUDGET, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub budget: u64,
    /// Campaigns per candidate (the same seeds for every candidate); the winner is
    /// re-checked with ten times as many on a fresh seed.
    #[arg(long, default_value_t = balance::DEFAULT_RUNS, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub runs: u64,
    /// Seed of the search; the same seed gives the same output.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the best plan as a plan file (for `arenas sim --plan`).
    #[arg(long, value_name = "PLAN.toml")]
    pub out: Option<PathBuf>,
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
    /// Check a scenario, save or plan file: exit 0 when valid, 2 with errors otherwise.
    Check {
        /// The file to check.
        file: PathBuf,
        /// For a plan: the scenario it is for.
        #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID)]
        scenario: String,
    },
    /// List the bundled scenarios and those in the user's scenario folder.
    List,
    /// Write a commented scenario template to start from.
    New {
        /// Where to write it (must not exist yet).
        file: PathBuf,
    },
    /// Print the JSON Schema of scenario files (for editor completion).
    Schema,
    /// Rewrite a scenario of an earlier format in the current one, keeping its comments.
    Upgrade {
        /// The scenario file to upgrade.
        file: PathBuf,
        /// Write the upgraded scenario here (must not exist yet) and leave FILE alone.
        /// Without it, FILE is replaced and the original kept as FILE.formatN.bak.
        #[arg(long, value_name = "OUT")]
        out: Option<PathBuf>,
    },
}

/// Exit code for invalid input.
const INVALID: u8 = 2;

/// Prints diagnostics to stderr and returns the exit code for invalid input.
fn print_diagnostics(d: &Diagnostics) -> ExitCode {
    eprintln!("{d}");
    ExitCode::from(INVALID)
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let save_dir = cli.save_dir.clone().unwrap_or_else(save::default_dir);
    match cli.command {
        Some(Command::Play(args)) => play(&args, save_dir),
        Some(Command::Sim(args)) => batch::run_sim(&args),
        Some(Command::Balance(args)) => batch::run_balance(&args),
        Some(Command::Scenario(ScenarioCommand::Check { file, scenario })) => {
            scenario_command::check(&file, &scenario)
        }
        Some(Command::Scenario(ScenarioCommand::List)) => scenario_command::list(),
        Some(Command::Scenario(ScenarioCommand::New { file })) => {
            scenario_command::new_scenario(&file)
        }
        Some(Command::Scenario(ScenarioCommand::Schema)) => scenario_command::schema(),
        Some(Command::Scenario(ScenarioCommand::Upgrade { file, out })) => {
            scenario_command::upgrade(&file, out.as_deref())
        }
        Some(Command::Replay(args)) => replay(&args, save_dir),
        Some(Command::Report(args)) => report_saves(&args),
        None => interface(App::new, save_dir),
    }
}

fn play(args: &PlayArgs, save_dir: PathBuf) -> ExitCode {
    if let Some(path) = &args.load {
        return match save::load_file(path) {
            Ok(saved) => interface(|theme, saves| App::resuming(theme, saves, saved), save_dir),
            Err(d) => print_diagnostics(&d),
        };
    }
    let loaded = match scenario::resolve(args.scenario.as_deref().unwrap_or(DEFAULT_ID)) {
        Ok(l) => l,
        Err(d) => return print_diagnostics(&d),
    };
    let seed = args.seed.unwrap_or_else(crate::tui::runner::fresh_seed);
    interface(
        |theme, saves| App::playing(theme, saves, loaded, seed),
        save_dir,
    )
}

fn replay(args: &ReplayArgs, save_dir: PathBuf) -> ExitCode {
    let saved = match save::load_file(&args.file) {
        Ok(s) => s,
        Err(d) => return print_diagnostics(&d),
    };
    if args.check {
        println!(
            "{}: ok: {} turns replayed from seed {}, every hash matches",
            args.file.display(),
            saved.game.turns.len(),
            saved.game.seed
        );
        return ExitCode::SUCCESS;
    }
    interface(|theme, saves| App::replaying(theme, saves, saved), save_dir)
}

fn report_saves(args: &ReportArgs) -> ExitCode {
    let mut games = Vec::new();
    let mut failed = false;
    for path in &args.files {
        match save::load_file(path) {
            Ok(saved) => games.push((path.display().to_string(), saved)),
            Err(d) => {
                eprintln!("{d}");
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::from(INVALID);
    }
    let out = match (games.as_slice(), args.format) {
        ([(_, one)], ReportFormat::Md) => crate::debrief::Debrief::new(&one.game).to_markdown(),
        (all, format) => {
            let summary = ClassSummary {
                rows: all
                    .iter()
                    .map(|(file, s)| SaveRow::of(file, &s.name, &s.game))
                    .collect(),
            };
            match format {
                ReportFormat::Md => summary.to_markdown(),
                ReportFormat::Csv => match summary.to_csv() {
                    Ok(csv) => csv,
                    Err(e) => {
                        eprintln!("error: cannot write CSV: {e}");
                        return ExitCode::FAILURE;
                    }
                },
            }
        }
    };
    print!("{out}");
    ExitCode::SUCCESS
}

/// Runs the interface in this terminal, with saves in `save_dir` and the player's own
/// scenarios in the usual folder; `app` builds it from the theme and where saves go.
fn interface(app: impl FnOnce(Theme, String) -> App, save_dir: PathBuf) -> ExitCode {
    let store = FsStore::new(save_dir, scenario::user_dir());
    let app = app(terminal::theme_from_env(), store.location());
    match terminal::run(Session::new(app, store)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The terminal may be gone: a failed report is no reason to panic.
            let _ = writeln!(std::io::stderr(), "error: the terminal failed: {e}");
            ExitCode::FAILURE
        }
    }
}
