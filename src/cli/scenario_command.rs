//! `arenas scenario`: list, new, schema, check and upgrade.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Console, Folders, INVALID, errln, outln, print_diagnostics, shown};

use arenas_files::file_kind::FileKind;
use arenas_files::scenario::DEFAULT_ID;
use arenas_files::text::clean;
use arenas_files::{plan, save, scenario};

pub(super) fn check(
    con: &mut Console,
    file: &std::path::Path,
    scenario_arg: &str,
    folders: &Folders,
) -> ExitCode {
    // A file that cannot be read is taken for a scenario, whose loader says why.
    let text = arenas_files::files::read_text(file, save::MAX_SAVE_BYTES).unwrap_or_default();
    match FileKind::of(&text).unwrap_or(FileKind::Scenario) {
        FileKind::Save => {
            return match save::load_file(file) {
                Ok(s) => {
                    outln!(
                        con,
                        "{}: ok: save of `{}`, {} turns, every hash matches",
                        shown(file),
                        s.game.scenario.meta.id,
                        s.game.turns.len()
                    );
                    super::warn_rules(con, file, &s);
                    ExitCode::SUCCESS
                }
                Err(d) => print_diagnostics(con, &d),
            };
        }
        FileKind::Plan => {
            let loaded = match scenario::resolve(scenario_arg, &folders.scenarios) {
                Ok(l) => l,
                Err(d) => return print_diagnostics(con, &d),
            };
            return match plan::load_file(file, &loaded.scenario) {
                Ok(_) => {
                    outln!(
                        con,
                        "{}: ok: plan for `{}`",
                        shown(file),
                        loaded.scenario.meta.id
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    let code = print_diagnostics(con, &d);
                    errln!(
                        con,
                        "note: the plan was checked against the scenario `{}`; give \
                         `--scenario ID|FILE` for another",
                        clean(&loaded.scenario.meta.id)
                    );
                    code
                }
            };
        }
        FileKind::Scenario => {}
    }
    match scenario::load_file(file) {
        Ok(l) => {
            let s = &l.scenario;
            outln!(
                con,
                "{}: ok: scenario `{}` ({}), {} fronts, {} factions, {} turns from {}, {} events",
                shown(file),
                s.meta.id,
                clean(&s.meta.version),
                s.fronts.len(),
                s.factions.len(),
                s.calendar.turns,
                s.calendar.start,
                s.events.len()
            );
            // Valid settings that decide every campaign before it is played.
            let name = file.display().to_string();
            let src = arenas_files::diag::Source {
                file: &name,
                text: &text,
            };
            for w in src.locate(scenario::warnings(s)).0 {
                errln!(
                    con,
                    "{}:{}:{}: warning: {}{}",
                    w.file,
                    w.line,
                    w.column,
                    w.message,
                    w.hint
                        .map_or_else(String::new, |h| format!("\n  hint: {h}"))
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => print_diagnostics(con, &d),
    }
}

pub(super) fn list(con: &mut Console, folders: &Folders) -> ExitCode {
    for b in scenario::BUNDLED {
        match scenario::bundled(b.id) {
            Some(Ok(l)) => outln!(
                con,
                "{} {} (bundled)",
                arenas_files::text::pad(b.id, 16),
                clean(&l.scenario.meta.title)
            ),
            _ => outln!(
                con,
                "{} (bundled, invalid)",
                arenas_files::text::pad(b.id, 16)
            ),
        }
    }
    let dir = &folders.scenarios;
    let entries = scenario::list_dir(dir);
    for entry in &entries {
        let scenario::Origin::File(path) = &entry.origin else {
            continue;
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| clean(&n.to_string_lossy()));
        // A quick look refuses what it can; the rest is checked in full.
        let problem = match &entry.refused {
            Some(reason) => Some(clean(reason)),
            None => scenario::load_file(path).err().and_then(|d| {
                d.0.first().map(|e| {
                    format!(
                        "{} (line {}, column {})",
                        clean(&e.message),
                        e.line,
                        e.column
                    )
                })
            }),
        };
        match problem {
            None => outln!(
                con,
                "{} {} ({name})",
                arenas_files::text::pad(&clean(&entry.id), 16),
                clean(&entry.title)
            ),
            Some(problem) => outln!(
                con,
                "{} invalid: {problem}",
                arenas_files::text::pad(&name, 16)
            ),
        }
    }
    let state = if !dir.exists() {
        " (it does not exist yet: create it and put scenario files there)"
    } else if entries.is_empty() {
        " (no .toml files in it yet)"
    } else {
        ""
    };
    outln!(con, "\nYour scenarios folder: {}{state}", shown(dir));
    outln!(
        con,
        "Give a scenario's id or file to `play --scenario` and `sim --scenario`; \
         `--scenario-dir DIR` uses another folder."
    );
    ExitCode::SUCCESS
}

pub(super) fn export(
    con: &mut Console,
    id: &str,
    file: &std::path::Path,
    new_id: Option<&str>,
    folders: &Folders,
) -> ExitCode {
    let new_id = new_id.map(str::to_owned).unwrap_or_else(|| {
        file.file_stem()
            .and_then(|s| scenario::id_from_file_name(&s.to_string_lossy()))
            .unwrap_or_else(scenario::default_copy_id)
    });
    let text = match scenario::export(id, &new_id) {
        Ok(text) => text,
        Err(e) => {
            let hint = match e {
                scenario::ExportError::Unknown(_) => {
                    let ids: Vec<&str> = scenario::BUNDLED.iter().map(|b| b.id).collect();
                    format!("the bundled scenarios are: {}", ids.join(", "))
                }
                _ => "give --new-id 1–64 lowercase letters, digits, `_` or `-`, not a bundled id"
                    .to_owned(),
            };
            errln!(con, "error: {e}\n  hint: {hint}");
            return ExitCode::from(INVALID);
        }
    };
    match save::write_atomic(file, &text, save::Replace::No) {
        Ok(()) => {
            outln!(
                con,
                "{}: written: the bundled scenario `{id}` with the id `{new_id}`; edit it, check \
                 it with `arenas scenario check {}`, and put it in {} to play it by its id",
                shown(file),
                shown(file),
                shown(&folders.scenarios)
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(con, &save::write_error(file, save::write_failure(file, &e))),
    }
}

pub(super) fn new_scenario(con: &mut Console, file: &std::path::Path) -> ExitCode {
    if file.exists() {
        errln!(
            con,
            "{}:1:1: error: the file exists already\n  hint: pick a new name; nothing was overwritten",
            shown(file)
        );
        return ExitCode::from(INVALID);
    }
    match save::write_atomic(file, scenario::TEMPLATE, save::Replace::No) {
        Ok(()) => {
            outln!(
                con,
                "{}: written; edit it, then run `arenas scenario check {}`",
                shown(file),
                shown(file)
            );
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(con, &save::write_error(file, format!("cannot write: {e}"))),
    }
}

pub(super) fn schema(con: &mut Console) -> ExitCode {
    super::batch::print_json(con, &arenas_files::schema::scenario_schema())
}

/// A refusal to write over a file that exists.
fn exists_already(con: &mut Console, path: &std::path::Path, hint: &str) -> ExitCode {
    errln!(
        con,
        "{}:1:1: error: the file exists already\n  hint: {hint}; nothing was written",
        shown(path)
    );
    ExitCode::from(INVALID)
}

pub(super) fn upgrade(
    con: &mut Console,
    file: &std::path::Path,
    out: Option<&std::path::Path>,
) -> ExitCode {
    use crate::upgrade::{Change, Outcome, dotted};
    let text = match arenas_files::files::read_text(file, arenas_files::files::MAX_SCENARIO_BYTES) {
        Ok(t) => t,
        Err(d) => return print_diagnostics(con, &d),
    };
    let up = match crate::upgrade::upgrade(&file.display().to_string(), &text) {
        Ok(Outcome::Upgraded(up)) => up,
        Ok(Outcome::Current(l)) => {
            outln!(
                con,
                "{}: already in format {} (scenario `{}`); nothing to do, nothing was written",
                shown(file),
                scenario::FORMAT,
                clean(&l.scenario.meta.id)
            );
            return ExitCode::SUCCESS;
        }
        Err(d) => return print_diagnostics(con, &d),
    };
    // Where the result goes: OUT, or FILE itself after a backup of the original.
    let backup = {
        let mut name = file.as_os_str().to_owned();
        name.push(format!(".format{}.bak", up.written));
        PathBuf::from(name)
    };
    let target = match out {
        Some(out) if out.exists() => {
            return exists_already(con, out, "give --out a new file name, or remove this one");
        }
        Some(out) => out,
        None if backup.exists() => {
            return exists_already(
                con,
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
                return print_diagnostics(
                    con,
                    &save::write_error(
                        &backup,
                        format!("cannot keep the original: {e}; nothing was written"),
                    ),
                );
            }
            file
        }
    };
    if let Err(e) = save::write_atomic(target, &up.text, save::Replace::Yes) {
        return print_diagnostics(
            con,
            &save::write_error(target, format!("cannot write: {e}")),
        );
    }
    outln!(
        con,
        "{}: upgraded from format {} to format {}",
        shown(file),
        up.written,
        scenario::FORMAT
    );
    for (i, what) in up.steps.iter().enumerate() {
        let from = up.written as usize + i;
        outln!(con, "  step {from} -> {}: {what}", from + 1);
    }
    let section = |con: &mut Console, title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            outln!(con, "  {title}:");
            for l in lines {
                outln!(con, "    {}", clean(&l));
            }
        }
    };
    // Values on one short line; larger tables by their size.
    let brief = |v: &toml::Value| {
        let line = v.to_string();
        match v {
            _ if line.len() <= 60 && !line.contains('\n') => line,
            toml::Value::Table(t) => format!("({} values)", t.len()),
            toml::Value::Array(a) => format!("({} entries)", a.len()),
            _ => line,
        }
    };
    section(
        con,
        &format!("added from the bundled scenario `{DEFAULT_ID}`"),
        up.changes
            .iter()
            .filter_map(|c| match c {
                Change::Added {
                    path,
                    value,
                    bundled: true,
                } => Some(format!("{} {}", dotted(path), brief(value))),
                _ => None,
            })
            .collect(),
    );
    section(
        con,
        "set by the upgrade",
        up.changes
            .iter()
            .filter_map(|c| match c {
                Change::Added {
                    path,
                    value,
                    bundled: false,
                } => Some(format!("{} = {}", dotted(path), brief(value))),
                Change::Set { path, was, now } => Some(format!(
                    "{} = {} (was {})",
                    dotted(path),
                    brief(now),
                    brief(was)
                )),
                _ => None,
            })
            .collect(),
    );
    // A claim dropped from an order is the file's own value, not a retired key.
    let is_claim = |path: &[arenas_files::diag::Seg]| matches!(path.last(), Some(arenas_files::diag::Seg::Key(k)) if k == "claim");
    let retired = |claims: bool| -> Vec<String> {
        up.changes
            .iter()
            .filter_map(|c| match c {
                Change::Retired { path, was } if is_claim(path) == claims => {
                    Some(format!("{} (was {})", dotted(path), brief(was)))
                }
                _ => None,
            })
            .collect()
    };
    section(con, "retired", retired(false));
    section(
        con,
        "claims dropped (these members' acts are always traced, so they may not claim them; \
         the orders are otherwise kept)",
        retired(true),
    );
    let s = &up.loaded.scenario;
    outln!(
        con,
        "{}: written; checked: scenario `{}`, {} fronts, {} factions, {} events, {} weeks, comments kept",
        shown(target),
        clean(&s.meta.id),
        s.fronts.len(),
        s.factions.len(),
        s.events.len(),
        up.loaded.doc.weeks.len()
    );
    if out.is_none() {
        outln!(con, "{}: the original, unchanged", shown(&backup));
    }
    // The upgrade keeps the file's id; a copy of a bundled scenario must take its own.
    if let Err(d) = scenario::parse_user(&target.display().to_string(), &up.text) {
        errln!(
            con,
            "{d}\nnote: the upgraded file is written, but it will not load until the problem \
             above is fixed"
        );
    }
    ExitCode::SUCCESS
}
