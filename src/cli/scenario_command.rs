//! `arenas scenario`: list, new, schema, check and upgrade.

use std::io::Write;
use std::process::ExitCode;

use super::{INVALID, print_diagnostics};
use std::path::PathBuf;

use crate::scenario::DEFAULT_ID;
use crate::{plan, save, scenario};

/// What kind of file a TOML document is, from its top-level keys.
enum Kind {
    Scenario,
    Save,
    Plan,
}

fn kind_of(path: &std::path::Path) -> Kind {
    // A file that cannot be read is taken for a scenario, whose loader says why.
    let text = crate::files::read_text(path, crate::save::MAX_SAVE_BYTES).unwrap_or_default();
    // The untyped parse, which copies nothing: large files are refused sooner.
    let Ok(root) = toml::de::DeTable::parse(&text) else {
        return Kind::Scenario;
    };
    let has = |key: &str| root.get_ref().iter().any(|(k, _)| k.get_ref() == key);
    if has("seed") && has("scenario") {
        Kind::Save
    } else if has("turn") && !has("meta") {
        Kind::Plan
    } else {
        Kind::Scenario
    }
}

pub(super) fn check(file: &std::path::Path, scenario_arg: &str) -> ExitCode {
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

pub(super) fn list() -> ExitCode {
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

pub(super) fn new_scenario(file: &std::path::Path) -> ExitCode {
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

pub(super) fn schema() -> ExitCode {
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

pub(super) fn upgrade(file: &std::path::Path, out: Option<&std::path::Path>) -> ExitCode {
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
