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
    /// embedded `scenario`, a scenario a `[meta]`, a plan `turn` entries. Read from the
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
        if has("seed") && has("scenario") {
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
/// place of `found` (the loader's own, which would name a field); else `found`.
pub fn or_other_kind(file: &str, text: &str, wanted: FileKind, found: Diagnostics) -> Diagnostics {
    match FileKind::of(text) {
        Some(kind) if kind != wanted => Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: format!("this is {}, not {}", kind.name(), wanted.name()),
            hint: Some(kind.usage().to_owned()),
        }]),
        _ => found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let text = std::fs::read_to_string(save).expect("read");
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
        let kept = or_other_kind(
            "s.toml",
            scenario,
            FileKind::Scenario,
            Diagnostics(Vec::new()),
        );
        assert!(kept.0.is_empty());
    }
}
