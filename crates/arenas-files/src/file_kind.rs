//! What kind of Arenas file a text is, told from its top-level keys, so that a file given
//! where another kind is expected is named for what it is, with the command that takes it.

use crate::diag::{Diagnostic, Diagnostics};

/// The kinds of file Arenas reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Save,
    Plan,
}

impl FileKind {
    /// The kind of a text, when its top-level keys tell: a save has a `seed` and an
    /// embedded `scenario` (or, cut short before it, its `seal` or `campaign`), a scenario
    /// a `[meta]`, a plan `turn` entries. Read from the
    /// lines alone, without parsing (it only picks a loader and words a message), so that
    /// it costs next to nothing on a file of any size.
    pub fn of(text: &str) -> Option<FileKind> {
        let mut keys: Vec<&str> = Vec::new();
        let mut in_table = false;
        for line in text.lines().map(str::trim_start) {
            if let Some(header) = line.strip_prefix('[') {
                in_table = true;
                let name = header.trim_start_matches('[').trim_start();
                let end = name.find(['.', ']', ' ']).unwrap_or(name.len());
                keys.push(name[..end].trim_matches('"'));
            } else if !in_table
                && let Some((key, _)) = line.split_once('=')
                && !line.starts_with('#')
            {
                keys.push(key.trim().trim_matches('"'));
            }
        }
        let has = |key: &str| keys.contains(&key);
        if has("seed") && (has("scenario") || has("seal") || has("campaign")) {
            Some(FileKind::Save)
        } else if has("meta") {
            Some(FileKind::Scenario)
        } else if has("turn") {
            Some(FileKind::Plan)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            FileKind::Scenario => "a scenario",
            FileKind::Save => "a save",
            FileKind::Plan => "a plan",
        }
    }

    /// How a file of this kind is used.
    fn usage(self) -> &'static str {
        match self {
            FileKind::Scenario => {
                "start a campaign from it with `arenas play --scenario FILE`, or run it with \
                 `arenas sim --scenario FILE`"
            }
            FileKind::Save => {
                "resume it with `arenas play --load FILE`, or play it on many times with \
                 `arenas sim --from FILE`"
            }
            FileKind::Plan => "give it to `arenas sim --plan FILE`",
        }
    }
}

/// When `text` is a file of another kind than `wanted`, a diagnostic that says so in
/// place of `found` (the loader's own, which would name a field); else `found`. A save
/// wanted is told apart further: a text of no Arenas kind is "not an Arenas file", and a
/// save that does not read as a whole (cut short, or damaged) says where it ends.
pub fn or_other_kind(file: &str, text: &str, wanted: FileKind, found: Diagnostics) -> Diagnostics {
    let one = |line: usize, message: String, hint: &str| {
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            line,
            column: 1,
            message,
            hint: Some(hint.to_owned()),
        }])
    };
    match FileKind::of(text) {
        Some(kind) if kind != wanted => one(
            1,
            format!("this is {}, not {}", kind.name(), wanted.name()),
            kind.usage(),
        ),
        None if wanted == FileKind::Save => one(1, NOT_ARENAS.to_owned(), NOT_ARENAS_HINT),
        Some(FileKind::Save) if wanted == FileKind::Save && !whole_save(text) => {
            let end = text.lines().count().max(1);
            one(
                end,
                format!("damaged or cut short (ends at line {end})"),
                CUT_SHORT_HINT,
            )
        }
        _ => found,
    }
}

/// What a file of no Arenas kind is called where a save was wanted.
pub const NOT_ARENAS: &str = "not an Arenas file";
const NOT_ARENAS_HINT: &str = "an Arenas save holds a seed, the orders of each week and its \
                               scenario; give the saves of a class folder, not its other files";
const CUT_SHORT_HINT: &str = "the file stops before the save does, or lost some of its text: \
                              use another copy of the campaign, such as its autosave";

/// Whether a save's text reads as TOML through to its scenario, its last part.
fn whole_save(text: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("scenario"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the workspace, by its path from the top.
    fn top(path: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path)
    }

    #[test]
    fn kinds_are_told_from_top_level_keys() {
        let scenario = crate::scenario::BUNDLED[0].text;
        assert_eq!(FileKind::of(scenario), Some(FileKind::Scenario));
        assert_eq!(
            FileKind::of("seed = 1\n[scenario]\n[scenario.meta]\n"),
            Some(FileKind::Save)
        );
        assert_eq!(FileKind::of("[[turn]]\nnumber = 1\n"), Some(FileKind::Plan));
        assert_eq!(FileKind::of("x = 1"), None);
        assert_eq!(FileKind::of("not toml ="), None);
        assert_eq!(
            FileKind::of("# seed = 1\n[x]\nseed = 2\n[scenario]\n"),
            None,
            "a commented key and a key inside a table are not top-level keys"
        );
        for save in [
            "saves/late-november-truce.toml",
            "tests/golden/finished-v2.toml",
        ] {
            let text = std::fs::read_to_string(top(save)).expect("read");
            assert_eq!(FileKind::of(&text), Some(FileKind::Save), "{save}");
        }
        let d = or_other_kind("s.toml", scenario, FileKind::Save, Diagnostics(Vec::new()));
        assert_eq!(d.0[0].message, "this is a scenario, not a save");
        assert!(
            d.0[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("--scenario"))
        );
        let cut = std::fs::read_to_string(top("saves/late-november-truce.toml")).expect("read");
        let cut: String = cut.lines().take(40).map(|l| format!("{l}\n")).collect();
        assert_eq!(FileKind::of(&cut), Some(FileKind::Save));
        let d = or_other_kind("s.toml", &cut, FileKind::Save, Diagnostics(Vec::new()));
        assert_eq!(d.0[0].message, "damaged or cut short (ends at line 40)");
        assert_eq!(d.0[0].line, 40);
        let d = or_other_kind(
            "s.toml",
            "[bench]\nruns = 3\n",
            FileKind::Save,
            Diagnostics(Vec::new()),
        );
        assert_eq!(d.0[0].message, NOT_ARENAS);
        let kept = or_other_kind(
            "s.toml",
            scenario,
            FileKind::Scenario,
            Diagnostics(Vec::new()),
        );
        assert!(kept.0.is_empty());
    }
}
