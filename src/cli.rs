//! The command line: `arenas [play|sim|scenario …]`.

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::class_summary::{ClassSummary, SaveRow};
use crate::diag::Diagnostics;
use crate::save;
use crate::scenario::{self, DEFAULT_ID};
use crate::tui::App;
use crate::tui::runner::{Session, terminal};
use crate::tui::store::{FsStore, Store};
use crate::tui::theme::Theme;
use crate::{balance, forecast, plan};

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
        Some(Command::Sim(args)) => run_sim(&args),
        Some(Command::Balance(args)) => run_balance(&args),
        Some(Command::Scenario(ScenarioCommand::Check { file, scenario })) => {
            check(&file, &scenario)
        }
        Some(Command::Scenario(ScenarioCommand::List)) => list(),
        Some(Command::Scenario(ScenarioCommand::New { file })) => new_scenario(&file),
        Some(Command::Scenario(ScenarioCommand::Schema)) => schema(),
        Some(Command::Scenario(ScenarioCommand::Upgrade { file, out })) => {
            upgrade(&file, out.as_deref())
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

fn run_sim(args: &SimArgs) -> ExitCode {
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

fn run_balance(args: &BalanceArgs) -> ExitCode {
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
        if let Err(e) = save::write_atomic(path, &text) {
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
    match save::save(path, &game, &loaded.doc, &name) {
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

/// What kind of file a TOML document is, from its top-level keys.
enum Kind {
    Scenario,
    Save,
    Plan,
}

fn kind_of(path: &std::path::Path) -> Kind {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match toml::from_str::<toml::Table>(&text) {
        Ok(t) if t.contains_key("seed") && t.contains_key("scenario") => Kind::Save,
        Ok(t) if t.contains_key("turn") && !t.contains_key("meta") => Kind::Plan,
        _ => Kind::Scenario,
    }
}

fn check(file: &std::path::Path, scenario_arg: &str) -> ExitCode {
    match kind_of(file) {
        Kind::Save => {
            return match save::load_file(file) {
                Ok(s) => {
                    println!(
                        "{}: ok: save of `{}`, {} turns, every hash matches",
                        file.display(),
                        s.game.scenario.meta.id,
                        s.game.turns.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => print_diagnostics(&d),
            };
        }
        Kind::Plan => {
            let loaded = match scenario::resolve(scenario_arg) {
                Ok(l) => l,
                Err(d) => return print_diagnostics(&d),
            };
            return match plan::load_file(file, &loaded.scenario) {
                Ok(_) => {
                    println!(
                        "{}: ok: plan for `{}`",
                        file.display(),
                        loaded.scenario.meta.id
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => print_diagnostics(&d),
            };
        }
        Kind::Scenario => {}
    }
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
        Err(d) => print_diagnostics(&d),
    }
}

fn list() -> ExitCode {
    for b in scenario::BUNDLED {
        match scenario::bundled(b.id) {
            Some(Ok(l)) => println!("{:<16} {} (bundled)", b.id, l.scenario.meta.title),
            _ => println!("{:<16} (bundled, invalid)", b.id),
        }
    }
    let dir = scenario::user_dir();
    for (path, loaded) in scenario::user_scenarios(&dir) {
        match loaded {
            Ok(l) => println!(
                "{:<16} {} ({})",
                l.scenario.meta.id,
                crate::text::clean(&l.scenario.meta.title),
                path.display()
            ),
            Err(d) => println!(
                "{:<16} invalid: {}",
                path.display(),
                d.0.first().map_or_else(String::new, |e| e.message.clone())
            ),
        }
    }
    println!("\nYour scenarios folder: {}", dir.display());
    ExitCode::SUCCESS
}

fn new_scenario(file: &std::path::Path) -> ExitCode {
    if file.exists() {
        eprintln!(
            "{}:1:1: error: the file exists already\n  hint: pick a new name; nothing was overwritten",
            file.display()
        );
        return ExitCode::from(INVALID);
    }
    match save::write_atomic(file, scenario::TEMPLATE) {
        Ok(()) => {
            println!(
                "{}: written; edit it, then run `arenas scenario check {}`",
                file.display(),
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(&save::write_error(file, format!("cannot write: {e}"))),
    }
}

fn schema() -> ExitCode {
    match serde_json::to_string_pretty(&crate::schema::scenario_schema()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A refusal to write over a file that exists.
fn exists_already(path: &std::path::Path, hint: &str) -> ExitCode {
    eprintln!(
        "{}:1:1: error: the file exists already\n  hint: {hint}; nothing was written",
        path.display()
    );
    ExitCode::from(INVALID)
}

fn upgrade(file: &std::path::Path, out: Option<&std::path::Path>) -> ExitCode {
    use crate::text::clean;
    use crate::upgrade::{Change, Outcome, dotted};
    let text = match crate::files::read_text(file, crate::files::MAX_SCENARIO_BYTES) {
        Ok(t) => t,
        Err(d) => return print_diagnostics(&d),
    };
    let up = match crate::upgrade::upgrade(&file.display().to_string(), &text) {
        Ok(Outcome::Upgraded(up)) => up,
        Ok(Outcome::Current(l)) => {
            println!(
                "{}: already in format {} (scenario `{}`); nothing to do, nothing was written",
                file.display(),
                scenario::FORMAT,
                clean(&l.scenario.meta.id)
            );
            return ExitCode::SUCCESS;
        }
        Err(d) => return print_diagnostics(&d),
    };
    // Where the result goes: OUT, or FILE itself after a backup of the original.
    let backup = {
        let mut name = file.as_os_str().to_owned();
        name.push(format!(".format{}.bak", up.written));
        PathBuf::from(name)
    };
    let target = match out {
        Some(out) if out.exists() => {
            return exists_already(out, "give --out a new file name, or remove this one");
        }
        Some(out) => out,
        None if backup.exists() => {
            return exists_already(
                &backup,
                "this backup of an earlier upgrade is kept; move it away, or give --out",
            );
        }
        None => {
            let kept = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&backup)
                .and_then(|mut f| {
                    f.write_all(text.as_bytes())?;
                    f.sync_all()
                });
            if let Err(e) = kept {
                return print_diagnostics(&save::write_error(
                    &backup,
                    format!("cannot keep the original: {e}; nothing was written"),
                ));
            }
            file
        }
    };
    if let Err(e) = save::write_atomic(target, &up.text) {
        return print_diagnostics(&save::write_error(target, format!("cannot write: {e}")));
    }
    println!(
        "{}: upgraded from format {} to format {}",
        file.display(),
        up.written,
        scenario::FORMAT
    );
    for (i, what) in up.steps.iter().enumerate() {
        let from = up.written as usize + i;
        println!("  step {from} -> {}: {what}", from + 1);
    }
    let section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            println!("  {title}:");
            for l in lines {
                println!("    {}", clean(&l));
            }
        }
    };
    // Values on one short line; larger tables by their size.
    let shown = |v: &toml::Value| {
        let line = v.to_string();
        match v {
            _ if line.len() <= 60 && !line.contains('\n') => line,
            toml::Value::Table(t) => format!("({} values)", t.len()),
            toml::Value::Array(a) => format!("({} entries)", a.len()),
            _ => line,
        }
    };
    section(
        &format!("added from the bundled scenario `{DEFAULT_ID}`"),
        up.changes
            .iter()
            .filter_map(|c| match c {
                Change::Added {
                    path,
                    value,
                    bundled: true,
                } => Some(format!("{} {}", dotted(path), shown(value))),
                _ => None,
            })
            .collect(),
    );
    section(
        "set by the upgrade",
        up.changes
            .iter()
            .filter_map(|c| match c {
                Change::Added {
                    path,
                    value,
                    bundled: false,
                } => Some(format!("{} = {}", dotted(path), shown(value))),
                Change::Set { path, was, now } => Some(format!(
                    "{} = {} (was {})",
                    dotted(path),
                    shown(now),
                    shown(was)
                )),
                _ => None,
            })
            .collect(),
    );
    section(
        "retired",
        up.changes
            .iter()
            .filter_map(|c| match c {
                Change::Retired { path, was } => {
                    Some(format!("{} (was {})", dotted(path), shown(was)))
                }
                _ => None,
            })
            .collect(),
    );
    let s = &up.loaded.scenario;
    println!(
        "{}: written; checked: scenario `{}`, {} fronts, {} factions, {} events, {} weeks, comments kept",
        target.display(),
        clean(&s.meta.id),
        s.fronts.len(),
        s.factions.len(),
        s.events.len(),
        up.loaded.doc.weeks.len()
    );
    if out.is_none() {
        println!("{}: the original, unchanged", backup.display());
    }
    ExitCode::SUCCESS
}
