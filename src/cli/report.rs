//! `arenas report`: the saves read (one per campaign, the edited and unsealed left out
//! with a reason), then the debrief or the class summary in the format asked for.

use std::path::PathBuf;
use std::process::ExitCode;

use arenas_files::save::{self, Saved};
use arenas_files::scenario;
use arenas_report::class_summary::{ClassFiles, ClassSummary};

use super::console::{Console, errln};
use super::{Folders, INVALID, ReportArgs, ReportFormat, SOME_SKIPPED, print_diagnostics, shown};

/// The saves a report covers, read in the order given, and the files skipped, each with
/// why.
struct ReportSaves {
    /// Each save with its file name.
    saves: Vec<(String, Saved)>,
    skipped: Vec<(String, String)>,
}

/// Why a report skips a save of release 0.2.
const UNSEALED_SKIP: &str = "written by Arenas 0.2, before saves were sealed, so edits to it \
                             cannot be ruled out (--include-edited reports it, marked)";

/// Reads the saves of a report. The one place that decides which saves a report covers: a
/// save that cannot be read is skipped with one warning line naming its file and its first
/// problem (with a single file, every problem is shown). An edited save is refused, and an
/// unsealed one skipped, unless `include_edited`; then both are read, marked.
fn read_saves(con: &mut Console, files: &[PathBuf], include_edited: bool) -> ReportSaves {
    let mut read = ReportSaves {
        saves: Vec::new(),
        skipped: Vec::new(),
    };
    let trust = if include_edited {
        save::Trust::AllowEdited
    } else {
        save::Trust::SealedOnly
    };
    for path in files {
        match save::load_file_with(path, trust) {
            Ok(saved) if saved.integrity == save::Integrity::Unsealed && !include_edited => {
                read.skipped.push((shown(path), UNSEALED_SKIP.to_owned()));
                errln!(
                    con,
                    "{}:1:1: warning: skipped this save: it was written by Arenas 0.2, before \
                     saves were sealed, so edits to it cannot be ruled out\n  hint: pass \
                     --include-edited to report it, marked unsealed",
                    shown(path)
                );
            }
            Ok(saved) => read.saves.push((path.display().to_string(), saved)),
            Err(d) => {
                let why = d.0.first().map_or_else(String::new, |first| {
                    arenas_files::text::clean(&first.message)
                });
                read.skipped.push((shown(path), why));
                match d.0.first() {
                    Some(first) if files.len() > 1 => errln!(
                        con,
                        "{}:{}:{}: warning: skipped this save: {}",
                        arenas_files::text::clean(&first.file),
                        first.line,
                        first.column,
                        arenas_files::text::clean(&first.message)
                    ),
                    _ => errln!(con, "{d}"),
                }
            }
        }
    }
    read
}

pub(super) fn report_saves(con: &mut Console, args: &ReportArgs, folders: &Folders) -> ExitCode {
    let reference = match args.scenario.as_deref() {
        Some(arg) => match scenario::reference(arg, &folders.scenarios) {
            Ok(loaded) => Some(loaded),
            Err(d) => return print_diagnostics(con, &d),
        },
        None => None,
    };
    let ReportSaves { saves, skipped } = read_saves(con, &args.files, args.include_edited);
    let unreadable = skipped.len();
    let read = saves.len();
    let mut files = ClassFiles {
        given: args.files.len(),
        merged: Vec::new(),
        skipped,
    };
    // A class counts each campaign once; one file asked for is its debrief, whatever it is.
    let mut saves = if args.files.len() > 1 {
        arenas_report::class_summary::one_per_campaign(saves, &mut files)
    } else {
        saves
    };
    let skipped_in_all = files.skipped.len();
    if let Some(reference) = &reference {
        save::rules::check_all(&mut saves, reference);
    }
    save::rules::compare_claims(&mut saves);
    for (file, saved) in &saves {
        if let Some(warning) = saved.rules.warning() {
            errln!(
                con,
                "{}:1:1: warning: {warning}",
                arenas_files::text::clean(file)
            );
        }
    }
    if saves.is_empty() && read > 0 {
        errln!(
            con,
            "error: nothing to report: the {read} saves read are handout copies no one played"
        );
        return ExitCode::from(INVALID);
    }
    if saves.is_empty() {
        if args.files.len() > 1 {
            errln!(
                con,
                "error: none of the {} saves could be read; nothing to report\n  hint: run \
                 `arenas replay FILE --check` on one to see every problem",
                args.files.len()
            );
        }
        return ExitCode::from(INVALID);
    }
    // One file asked for is a debrief; several are a class summary, however many were read.
    let out = match (args.files.len(), args.format) {
        (1, ReportFormat::Html) => {
            arenas_report::html_report::debrief_page(&saves[0].0, &saves[0].1)
        }
        (_, ReportFormat::Html) => arenas_report::html_report::class_page(&saves, files),
        (1, ReportFormat::Md) => {
            let saved = &saves[0].1;
            let debrief = arenas_report::debrief::Debrief::of_save(
                saved,
                arenas_sim::forecast::default_threads(),
            )
            .to_markdown();
            let notes: String = arenas_report::class_summary::save_notes(saved)
                .iter()
                .map(|(label, note)| {
                    format!("> **{label}**: {}\n\n", arenas_files::text::markdown(note))
                })
                .collect();
            format!("{notes}{debrief}")
        }
        (_, ReportFormat::Md) => ClassSummary::of(&saves).with_files(files).to_markdown(),
        (_, ReportFormat::Csv) => match ClassSummary::of(&saves).with_files(files).to_csv() {
            Ok(csv) => csv,
            Err(e) => {
                errln!(con, "error: cannot write CSV: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    con.out(&out);
    if unreadable == 0 {
        return ExitCode::SUCCESS;
    }
    errln!(
        con,
        "warning: {unreadable} of {} saves skipped (named above); the report covers the other {}",
        args.files.len(),
        args.files.len() - skipped_in_all
    );
    ExitCode::from(SOME_SKIPPED)
}
