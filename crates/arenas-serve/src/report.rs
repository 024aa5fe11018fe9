//! The class report written from the dashboard: every student's saves so far, as the HTML
//! page and the CSV table `arenas report` makes of them, into the class folder.

use std::io;
use std::path::{Path, PathBuf};

use arenas_files::save::{self, Integrity, Saved, Trust};
use arenas_report::class_summary::{ClassFiles, ClassSummary, one_per_campaign};

/// The report's files in the class folder.
pub const HTML_FILE: &str = "class-report.html";
/// The report's table in the class folder.
pub const CSV_FILE: &str = "class-report.csv";

/// A report written: where, and how many saves it covers and left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub html: PathBuf,
    pub csv: PathBuf,
    pub saves: usize,
    pub skipped: usize,
}

/// The saves of every student of the class folder `dir` (`students/NAME/*.toml`) and of
/// its rooms of team play (`rooms/*.toml`), regular files only, by path, in order.
fn save_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = super::class::students_with_folders(dir)
        .into_iter()
        .map(|name| dir.join("students").join(name))
        .chain(std::iter::once(dir.join("rooms")))
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == save::EXTENSION))
        .collect();
    files.sort();
    files
}

/// Writes the class report of the class folder `dir` so far: the class page (HTML) and
/// the class summary (CSV) of every sealed save the students have, each named by its path
/// under the class folder; a save that cannot be read, or is not sealed, is left out and
/// counted.
///
/// # Errors
/// When no save can be read, or a file cannot be written.
pub fn write(dir: &Path) -> io::Result<Written> {
    let files = save_files(dir);
    let mut saves: Vec<(String, Saved)> = Vec::new();
    let mut class = ClassFiles {
        given: files.len(),
        ..ClassFiles::default()
    };
    for path in &files {
        let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        match save::load_file_with(path, Trust::SealedOnly) {
            Ok(saved) if saved.integrity != Integrity::Unsealed => saves.push((shown, saved)),
            Ok(_) => class
                .skipped
                .push((shown, "written before saves were sealed".to_owned())),
            Err(d) => {
                let why =
                    d.0.first()
                        .map_or_else(String::new, |p| arenas_files::text::clean(&p.message));
                class.skipped.push((shown, why));
            }
        }
    }
    // As `arenas report` does: each campaign once, handout copies no one played left out.
    let mut saves = one_per_campaign(saves, &mut class);
    let skipped = class.skipped.len() + class.merged.len();
    if saves.is_empty() {
        return Err(io::Error::other(if files.is_empty() {
            "no student has a save yet".to_owned()
        } else {
            format!("none of the {} saves could be read", files.len())
        }));
    }
    save::rules::compare_claims(&mut saves);
    let csv = ClassSummary::of(&saves)
        .with_files(class.clone())
        .to_csv()
        .map_err(io::Error::other)?;
    let html = arenas_report::html_report::class_page(&saves, class);
    let written = Written {
        html: dir.join(HTML_FILE),
        csv: dir.join(CSV_FILE),
        saves: saves.len(),
        skipped,
    };
    save::write_atomic(&written.html, &html, save::Replace::Yes)?;
    save::write_atomic(&written.csv, &csv, save::Replace::Yes)?;
    Ok(written)
}
