//! The command line: `arenas [play|sim|scenario …]`.

mod batch;
mod console;
mod handout;
mod scenario_command;
#[cfg(feature = "server")]
mod serve;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser;
use clap::{Parser, Subcommand, ValueEnum};

use arenas_core::engine::ForecastMode;
use arenas_files::classwork::ClassSettings;
use arenas_files::diag::Diagnostics;
use arenas_files::save::{self, Saved};
use arenas_files::scenario::{self, DEFAULT_ID};
use arenas_tui::App;
use arenas_tui::runner::Runner;

use crate::terminal;
use arenas_tui::store::{FsStore, Store};
use arenas_tui::theme::Theme;
use console::{errln, outln};

pub use console::{Console, IO_ERROR};

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
    /// Folder of your own scenarios, which commands find by id (default: the user's data
    /// folder; `arenas scenario list` shows it).
    #[arg(long, global = true, value_name = "DIR")]
    pub scenario_dir: Option<PathBuf>,
}

/// The folders a command reads and writes.
#[derive(Clone, Debug)]
pub struct Folders {
    pub saves: PathBuf,
    pub scenarios: PathBuf,
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
    /// A save's debrief, or with several saves a class summary (Markdown, CSV or HTML).
    Report(ReportArgs),
    /// Prepare a save for a class: a campaign played by a plan (or the historical course)
    /// to the start of a given turn, for students to resume with `play --load`.
    Handout(HandoutArgs),
    /// Serve the game to a class over SSH: every student plays in their own terminal with
    /// `ssh -p PORT NAME@HOST`, and this terminal shows the class as it plays.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct HandoutArgs {
    /// Bundled scenario id, scenario file, or the id of a file in the scenario folder.
    #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID)]
    pub scenario: String,
    /// Plan file with the orders of the prepared turns.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "history",
        conflicts_with = "history"
    )]
    pub plan: Option<PathBuf>,
    /// Play the scenario's historical course for the prepared turns.
    #[arg(long)]
    pub history: bool,
    /// The turn the students start at: turns 1 to N − 1 are played for them.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub until: u16,
    /// The campaign's seed, 0 to 2^63 − 1.
    #[arg(long, default_value_t = 1, value_parser = seed)]
    pub seed: u64,
    /// The save's name as the Load screen shows it (default: says what it is).
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the save (must not exist yet).
    pub out: PathBuf,
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
    /// One or more saves. With several, each campaign is counted once (by its furthest
    /// save) and a handout copy no one played is left out; a save that cannot be read is
    /// skipped with a warning: exit 3 when some were skipped, 2 when none could be read.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Also report saves changed after the game wrote them, and unsealed saves of release
    /// 0.2: each is replayed from its orders and marked EDITED or unsealed.
    #[arg(long)]
    pub include_edited: bool,
    /// Check every save's rules against this scenario (a bundled id or a scenario file)
    /// instead of the bundled scenario each save names.
    #[arg(long, value_name = "ID|FILE")]
    pub scenario: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown: a debrief, or a class summary table.
    Md,
    /// CSV: the class summary, a row per save.
    Csv,
    /// One self-contained HTML page with charts: a debrief, or a class report.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// Bundled scenario id or scenario file (default: gaza-2023).
    #[arg(long, value_name = "ID|FILE")]
    pub scenario: Option<String>,
    /// Seed of the campaign, 0 to 2^63 − 1 (default: a fresh one, shown when the
    /// campaign starts).
    #[arg(long, conflicts_with = "load", value_parser = seed)]
    pub seed: Option<u64>,
    /// Resume a saved campaign exactly where it stood.
    #[arg(long, value_name = "SAVE", conflicts_with = "scenario")]
    pub load: Option<PathBuf>,
    #[command(flatten)]
    pub teaching: TeachingArgs,
}

/// How much the forecast tells and whether the player predicts: the class's settings, in
/// place of the scenario's `[classroom]` ones (and of those a resumed save was played
/// under).
#[derive(Debug, Default, clap::Args)]
pub struct TeachingArgs {
    /// How much the forecast tells: `full`; `limited`, a few forecasts per campaign of the
    /// plan as given; or `off`, none until the debrief, which shows what it would have said
    /// each week [default: the scenario's, else full].
    #[arg(
        long,
        value_name = "MODE",
        value_parser = clap::builder::PossibleValuesParser::new(["full", "limited", "off"])
            .map(|id| ForecastMode::from_id(&id).unwrap_or_default())
    )]
    pub forecast: Option<ForecastMode>,
    /// Forecasts per campaign with `--forecast limited`, 1–99 [default: the scenario's,
    /// else 3].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=99))]
    pub forecast_limit: Option<u16>,
    /// Before each commit the player answers a yes-or-no question on what the week will
    /// bring; the debrief and the class summary show how often the answers came true.
    #[arg(long)]
    pub predict: bool,
}

impl TeachingArgs {
    /// The class's settings these flags give, or why they do not fit together.
    pub fn settings(&self) -> Result<ClassSettings, String> {
        if self.forecast_limit.is_some() && self.forecast != Some(ForecastMode::Limited) {
            return Err(
                "--forecast-limit sets the forecasts of a limited forecast: add --forecast \
                 limited"
                    .to_owned(),
            );
        }
        Ok(ClassSettings {
            forecast: self.forecast,
            forecast_limit: self.forecast_limit,
            predict: self.predict.then_some(true),
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Bundled scenario id, scenario file, or the id of a file in the scenario folder.
    #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID, conflicts_with = "from")]
    pub scenario: String,
    /// Continue a save instead of starting afresh: every run plays on from where the save
    /// stands, under its own scenario, with the plan's orders for the turns that are left
    /// (a what-if for an instructor). With `--save`, the one campaign goes on under the
    /// save's own seed, so the plan decides how it differs from the save.
    #[arg(long, value_name = "SAVE")]
    pub from: Option<PathBuf>,
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
    /// Seed of the batch, 0 to 2^63 − 1; the same seed gives the same output.
    #[arg(long, default_value_t = 1, value_parser = seed)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Worker threads (default: one per core). Results do not depend on it. A progress bar
    /// shows on stderr when it is a terminal.
    #[arg(long)]
    pub threads: Option<NonZeroUsize>,
    /// Write the finished campaign as a save (needs `--runs 1`). Its seed is run 0's with
    /// the top bit cleared, as saves hold seeds up to 2^63 − 1: the same `--seed` always
    /// gives the same save.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// The name of the save `--save` writes, as the Load screen shows it (default: says
    /// what it is).
    #[arg(long, requires = "save")]
    pub name: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct BalanceArgs {
    /// Bundled scenario id or scenario file.
    #[arg(long, value_name = "ID|FILE", default_value = DEFAULT_ID)]
    pub scenario: String,
    /// Candidate plans to evaluate (the search budget) [default: 5000; with --ablate, 1000
    /// for each search].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub budget: Option<u64>,
    /// Campaigns per candidate (the same seeds for every candidate); the winner is
    /// re-checked with ten times as many on a fresh seed [default: 2000; with --ablate,
    /// 1000].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub runs: Option<u64>,
    /// What the lesson rests on: switch each mechanism of the model off in turn, play the
    /// optimum again and search again, and report how its score and shape move (thirteen
    /// searches).
    #[arg(long, conflicts_with = "out")]
    pub ablate: bool,
    /// Seed of the search, 0 to 2^63 − 1; the same seed gives the same output.
    #[arg(long, default_value_t = 1, value_parser = seed)]
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
    /// Write a bundled scenario to a file, comments kept, under an id of its own, to edit
    /// and play as your own.
    Export {
        /// The bundled scenario's id (see `arenas scenario list`).
        id: String,
        /// Where to write it (must not exist yet).
        file: PathBuf,
        /// The copy's id (default: from the file's name).
        #[arg(long, value_name = "ID")]
        new_id: Option<String>,
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

/// Exit code for invalid input or usage, `play` without a terminal included.
const INVALID: u8 = 2;
/// Exit code of `report` when some saves were skipped and the rest reported.
const SOME_SKIPPED: u8 = 3;

pub use arenas_files::save::MAX_SEED;

mod report;
use report::report_saves;

/// Parses a `--seed`: a whole number from 0 to [`MAX_SEED`].
fn seed(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n <= MAX_SEED => Ok(n),
        _ => Err(format!(
            "a seed is a whole number from 0 to {MAX_SEED} (2^63 − 1, the largest integer a \
             save file holds)"
        )),
    }
}

/// A path as messages show it: on one line, without control characters.
fn shown(path: &std::path::Path) -> String {
    arenas_files::text::clean(&path.display().to_string())
}

/// Prints diagnostics to stderr and returns the exit code for invalid input.
fn print_diagnostics(con: &mut Console, d: &Diagnostics) -> ExitCode {
    errln!(con, "{d}");
    ExitCode::from(INVALID)
}

/// Runs the command line and returns the process exit code (the codes are listed in
/// docs/instructors.md, "Exit codes").
pub fn main() -> ExitCode {
    catch_file_size_signal();
    let mut con = Console::stdio();
    let code = run(&mut con);
    con.finish(code)
}

/// Writing past the file-size limit (`ulimit -f`) raises SIGXFSZ, which would kill the
/// process mid-save with the terminal raw. Caught, the write fails with an error instead,
/// which every writer reports (and the temporary file is removed).
fn catch_file_size_signal() {
    #[cfg(unix)]
    {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        // If the handler cannot be set, the default action stays; nothing else changes.
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
    }
}

fn run(con: &mut Console) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout, errors (which echo arguments) to stderr; both
        // through the console, without colour.
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                con.err(&text);
            } else {
                con.out(&text);
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(INVALID));
        }
    };
    let folders = Folders {
        saves: cli.save_dir.clone().unwrap_or_else(save::default_dir),
        scenarios: cli.scenario_dir.clone().unwrap_or_else(scenario::user_dir),
    };
    match cli.command {
        Some(Command::Play(args)) => play(con, &args, folders),
        Some(Command::Sim(args)) => batch::run_sim(con, &args, &folders),
        Some(Command::Balance(args)) => batch::run_balance(con, &args, &folders),
        Some(Command::Scenario(ScenarioCommand::Check { file, scenario })) => {
            scenario_command::check(con, &file, &scenario, &folders)
        }
        Some(Command::Scenario(ScenarioCommand::List)) => scenario_command::list(con, &folders),
        Some(Command::Scenario(ScenarioCommand::New { file })) => {
            scenario_command::new_scenario(con, &file)
        }
        Some(Command::Scenario(ScenarioCommand::Schema)) => scenario_command::schema(con),
        Some(Command::Scenario(ScenarioCommand::Export { id, file, new_id })) => {
            scenario_command::export(con, &id, &file, new_id.as_deref(), &folders)
        }
        Some(Command::Scenario(ScenarioCommand::Upgrade { file, out })) => {
            scenario_command::upgrade(con, &file, out.as_deref())
        }
        Some(Command::Replay(args)) => replay(con, &args, folders),
        Some(Command::Report(args)) => report_saves(con, &args, &folders),
        Some(Command::Handout(args)) => handout::run(con, &args, &folders),
        #[cfg(feature = "server")]
        Some(Command::Serve(args)) => serve::run(con, &args, &folders),
        None => interface(con, Interactive::Menu, App::new, folders),
    }
}

fn play(con: &mut Console, args: &PlayArgs, folders: Folders) -> ExitCode {
    let class = match args.teaching.settings() {
        Ok(c) => c,
        Err(e) => {
            errln!(con, "error: {e}");
            return ExitCode::from(INVALID);
        }
    };
    if let Some(path) = &args.load {
        return match save::load_file(path) {
            Ok(saved) => {
                // Said before the interface takes the screen, and again in its status line.
                warn_rules(con, path, &saved);
                interface(
                    con,
                    Interactive::Play,
                    |theme, saves| App::resuming(theme, saves, saved).with_class(class),
                    folders,
                )
            }
            Err(d) => print_diagnostics(con, &d),
        };
    }
    let id = args.scenario.as_deref().unwrap_or(DEFAULT_ID);
    let loaded = match scenario::resolve(id, &folders.scenarios) {
        Ok(l) => l,
        Err(d) => return print_diagnostics(con, &d),
    };
    let seed = args.seed.unwrap_or_else(arenas_tui::runner::fresh_seed);
    interface(
        con,
        Interactive::Play,
        |theme, saves| App::playing(theme, saves, loaded, seed).with_class(class),
        folders,
    )
}

fn replay(con: &mut Console, args: &ReplayArgs, folders: Folders) -> ExitCode {
    let saved = match save::load_file(&args.file) {
        Ok(s) => s,
        Err(d) => return print_diagnostics(con, &d),
    };
    if args.check {
        if saved.rules.differ() {
            errln!(
                con,
                "{}:1:1: error: its orders replay, but its {}\n  hint: {RULES_HINT}",
                shown(&args.file),
                saved.rules.warning().unwrap_or_default()
            );
            return ExitCode::from(INVALID);
        }
        outln!(
            con,
            "{}: ok: {} turns replayed from seed {}, every hash matches",
            shown(&args.file),
            saved.game.turns.len(),
            saved.game.seed
        );
        if saved.integrity == save::Integrity::Unsealed {
            errln!(
                con,
                "{}:1:1: warning: written by Arenas 0.2 without a seal: its orders replay, but \
                 edits elsewhere in the file cannot be ruled out",
                shown(&args.file)
            );
        }
        warn_rules(con, &args.file, &saved);
        return ExitCode::SUCCESS;
    }
    interface(
        con,
        Interactive::Replay,
        |theme, saves| App::replaying(theme, saves, saved),
        folders,
    )
}

/// One warning line on stderr when a save's rules differ from its reference or cannot be
/// checked.
fn warn_rules(con: &mut Console, path: &std::path::Path, saved: &Saved) {
    if let Some(warning) = saved.rules.warning() {
        errln!(con, "{}:1:1: warning: {warning}", shown(path));
    }
}

/// What to do about a save whose rules differ from its reference.
const RULES_HINT: &str = "the scenario inside the save was changed, or the save comes from a \
                          release whose scenario of that version had other rules; its outcome is \
                          not one of the named scenario";

/// The commands that run the interface, for the message when there is no terminal.
#[derive(Clone, Copy)]
enum Interactive {
    Menu,
    Play,
    Replay,
}

impl Interactive {
    /// The command as typed, and what to do instead without a terminal.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Interactive::Menu => ("arenas", "use `arenas sim` for batch runs"),
            Interactive::Play => ("arenas play", "use `arenas sim` for batch runs"),
            Interactive::Replay => (
                "arenas replay",
                "use `arenas replay FILE --check` to check a save",
            ),
        }
    }
}

/// Runs the interface in this terminal, with saves in `save_dir` and the player's own
/// scenarios in the usual folder; `app` builds it from the theme and where saves go.
/// Without a terminal on stdin and stdout it says so and returns [`INVALID`].
fn interface(
    con: &mut Console,
    command: Interactive,
    app: impl FnOnce(Theme, String) -> App,
    folders: Folders,
) -> ExitCode {
    if let Some(stream) = terminal::not_a_terminal() {
        let (name, instead) = command.describe();
        errln!(
            con,
            "error: {name} needs a terminal; {stream} is not one — run it in a terminal, or \
             {instead}"
        );
        return ExitCode::from(INVALID);
    }
    let store = FsStore::new(folders.saves, folders.scenarios);
    let app = app(terminal::theme_from_env(), store.location());
    match terminal::run(Runner::new(app, store)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!(con, "error: the terminal failed: {e}");
            ExitCode::FAILURE
        }
    }
}
