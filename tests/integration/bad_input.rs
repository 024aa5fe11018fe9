//! Bad input never panics, never loses data and always gets a located error: the TOML
//! conformance suite's invalid documents and the project's own hostile cases, through every
//! loader and through the binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use arenas::diag::Diagnostics;

fn corpus() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/toml-invalid"),
        &mut files,
    );
    files.sort();
    files
}

fn scratch() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "arenas-bad-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Every loader refuses the file with located diagnostics, and leaves it as it was.
fn refused_by_every_loader(path: &Path) {
    let before = fs::read(path).expect("read");
    let scenario = arenas::scenario::default_scenario().scenario;
    let results: [(&str, Option<Diagnostics>); 3] = [
        ("scenario", arenas::scenario::load_file(path).err()),
        ("plan", arenas::plan::load_file(path, &scenario).err()),
        ("save", arenas::save::load_file(path).err()),
    ];
    for (loader, result) in results {
        let d = result.unwrap_or_else(|| panic!("the {loader} loader accepted {}", path.display()));
        let first =
            d.0.first()
                .unwrap_or_else(|| panic!("no diagnostic for {}", path.display()));
        assert_eq!(first.file, path.display().to_string());
        assert!(first.line >= 1 && first.column >= 1 && !first.message.is_empty());
        assert!(
            first.hint.is_some(),
            "{loader}: no hint for {}: {first}",
            path.display()
        );
    }
    assert_eq!(
        fs::read(path).expect("read"),
        before,
        "{} changed",
        path.display()
    );
}

#[test]
fn the_toml_conformance_suites_invalid_documents_are_refused_by_every_loader() {
    let files = corpus();
    assert!(
        files.len() >= 490,
        "the corpus is incomplete: {} files",
        files.len()
    );
    for f in &files {
        refused_by_every_loader(f);
    }
}

#[test]
fn the_binary_refuses_every_invalid_document_with_exit_2() {
    for f in corpus() {
        let out = Command::new(env!("CARGO_BIN_EXE_arenas"))
            .args(["scenario", "check"])
            .arg(&f)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{}: {:?}", f.display(), out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("{}:", f.display())) && stderr.contains(": error: "),
            "{}: {stderr}",
            f.display()
        );
    }
}

fn bundled() -> &'static str {
    arenas::scenario::BUNDLED[0].text
}

fn a_save() -> String {
    let loaded = arenas::scenario::default_scenario();
    let mut game = arenas::game::Game::new(loaded.scenario, 17);
    let history = game.scenario.historical_course();
    for turn in 1..=3 {
        game.commit(history.turn(turn).to_vec()).expect("commit");
    }
    arenas::save::to_text(
        &game,
        &arenas::save::Lineage::of(campaign()),
        &loaded.doc,
        "test",
    )
    .expect("save text")
}

fn campaign() -> arenas::save::CampaignId {
    arenas::save::Minter::seeded(3).mint()
}

#[test]
fn hostile_files_are_refused_by_every_loader() {
    let dir = scratch();
    let save = a_save();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.toml", Vec::new()),
        (
            "truncated-scenario.toml",
            bundled().as_bytes()[..bundled().len() / 3].to_vec(),
        ),
        (
            "truncated-save.toml",
            save.as_bytes()[..save.len() / 2].to_vec(),
        ),
        (
            "garbage.toml",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        ("nul.toml", b"format = 1\0\n".to_vec()),
        (
            "escapes.toml",
            b"format = 1\nname = \"\x1b[2J\x1b]0;pwned\x07\"\n".to_vec(),
        ),
        (
            "huge-string.toml",
            format!("name = \"{}\"\n", "x".repeat(1 << 20)).into_bytes(),
        ),
        (
            "deep-array.toml",
            format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        fs::write(&path, &bytes).expect("write");
        refused_by_every_loader(&path);
    }
}

#[test]
fn files_over_the_size_limit_are_refused_before_they_are_read() {
    let dir = scratch();
    let path = dir.join("enormous.toml");
    let f = fs::File::create(&path).expect("create");
    f.set_len(64 * 1024 * 1024).expect("sparse file");
    refused_by_every_loader(&path);
    let d = arenas::scenario::load_file(&path).expect_err("refused");
    assert!(d.0[0].message.contains("the limit is"), "{}", d);
}

#[test]
fn a_folder_given_as_a_file_is_refused() {
    let dir = scratch();
    refused_by_every_loader_folder(&dir);
}

fn refused_by_every_loader_folder(dir: &Path) {
    let d = arenas::save::load_file(dir).expect_err("a folder is no save");
    assert!(d.0[0].message.contains("folder"), "{d}");
    let d = arenas::scenario::load_file(dir).expect_err("a folder is no scenario");
    assert!(d.0[0].message.contains("folder"), "{d}");
}

#[test]
fn a_save_from_a_newer_format_is_refused_as_such() {
    let current = format!("format = {}", arenas::save::FORMAT);
    let text = a_save().replacen(&current, "format = 70", 1) + "\n[future]\nfield = true\n";
    let e = arenas::save::parse("new.toml", &text).expect_err("refused");
    assert_eq!(e.0.len(), 1);
    assert_eq!(
        e.0[0].message,
        format!(
            "this save uses format 70, made by a newer version of Arenas (this one reads up to \
             {})",
            arenas::save::FORMAT
        )
    );
    assert_eq!((e.0[0].line, e.0[0].column), (3, 10));
}

#[test]
fn a_hand_edited_save_is_refused_at_its_seal_and_its_replay_names_the_turn() {
    use arenas::save::{Integrity, SaveDoc, Trust};
    let save = a_save();
    // Lower an intensity of week 2: the orders still pass, but the seal breaks.
    let week2 = save.match_indices("[[turn]]").nth(1).expect("week 2").0;
    let at = week2
        + save[week2..]
            .find("intensity = 2")
            .expect("an intensity of 2 in week 2");
    let edited = format!(
        "{}intensity = 1{}",
        &save[..at],
        &save[at + "intensity = 2".len()..]
    );
    let e = arenas::save::parse("edited.toml", &edited).expect_err("refused");
    assert!(
        e.0[0].message.contains("changed after Arenas wrote it"),
        "{e}"
    );
    assert_eq!((e.0[0].line, e.0[0].column), (2, 8), "{e}");
    assert!(e.to_string().contains("--include-edited"), "{e}");
    // An instructor may read it anyway: the replay of its orders stands, marked edited.
    let read = arenas::save::parse_with("edited.toml", &edited, Trust::AllowEdited)
        .expect("read when edits are allowed");
    assert_eq!(read.integrity, Integrity::Edited);
    let honest = arenas::save::parse("honest.toml", &save).expect("the save before the edit");
    let level = |turn: &[arenas::engine::Order]| turn.iter().map(|o| o.intensity).sum::<u8>();
    assert_eq!(
        level(&read.game.turns[1].orders) + 1,
        level(&honest.game.turns[1].orders)
    );
    // Behind the seal, the replay still names the first turn that differs, and a changed
    // hash or state is caught the same way.
    let doc: SaveDoc = toml::from_str(&edited).expect("a save document");
    let problems =
        arenas::save::restore(&doc, Integrity::Sealed, arenas::save::FORMAT).expect_err("refused");
    assert!(problems[0].message.contains("turn 2 does not replay"));
    let h = save.find("hash = \"").expect("hash") + 8;
    let flipped = format!(
        "{}{}{}",
        &save[..h],
        if &save[h..h + 1] == "0" { "1" } else { "0" },
        &save[h + 1..]
    );
    let doc: SaveDoc = toml::from_str(&flipped).expect("a save document");
    let problems =
        arenas::save::restore(&doc, Integrity::Sealed, arenas::save::FORMAT).expect_err("refused");
    assert!(problems[0].message.contains("turn 1 does not replay"));
    let state = save.replacen("\ncohesion = ", "\ncohesion = 1", 1);
    let doc: SaveDoc = toml::from_str(&state).expect("a save document");
    assert!(arenas::save::restore(&doc, Integrity::Sealed, arenas::save::FORMAT).is_err());
}

#[test]
fn saves_round_trip_to_the_same_bytes_and_state() {
    let text = a_save();
    let saved = arenas::save::parse("s.toml", &text).expect("loads");
    assert_eq!(
        arenas::save::to_text(
            &saved.game,
            &arenas::save::Lineage::of(saved.campaign.clone()),
            &saved.doc,
            &saved.name,
        )
        .expect("text"),
        text
    );
    assert_eq!(saved.game.turns.len(), 3);
}

#[test]
fn a_good_save_is_never_replaced_by_a_failed_write() {
    let dir = scratch();
    let path = dir.join("keep.toml");
    let saved = arenas::save::parse("s.toml", &a_save()).expect("loads");
    let (game, doc) = (saved.game, saved.doc);
    let id = campaign();
    let keep = |path: &Path, name: &str| {
        arenas::save::save(
            path,
            &game,
            &arenas::save::Lineage::of(id.clone()),
            &doc,
            name,
            arenas::save::Replace::Yes,
        )
    };
    keep(&path, "keep").expect("first save");
    let good = fs::read(&path).expect("read");
    // The folder becomes unwritable: tests run as root, so block it with a file where the
    // temporary file must go.
    let blocked = dir.join("blocked");
    fs::write(&blocked, "not a folder").expect("write");
    assert!(keep(&blocked.join("keep.toml"), "keep").is_err());
    assert_eq!(fs::read(&path).expect("read"), good);
    // A temporary file left by a crash is ignored by the listing and harms nothing.
    fs::write(dir.join(".keep.toml.tmp-4242"), "half a save").expect("write");
    let listed = arenas::save::list(&dir);
    assert_eq!(listed.len(), 1, "{listed:?}");
    keep(&path, "keep again").expect("saving over it still works");
    assert!(arenas::save::load_file(&path).is_ok());
}

#[test]
fn the_saves_of_this_format_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "tests/golden/finished-v4.toml",
        "saves/after-nasrallah-speech.toml",
        "saves/mid-november-us-pressure.toml",
        "saves/late-november-truce.toml",
    ] {
        let saved = arenas::save::load_file(&root.join(file)).unwrap_or_else(|d| panic!("{d}"));
        assert!(!saved.name.is_empty(), "{file}");
    }
    let finished =
        arenas::save::load_file(&root.join("tests/golden/finished-v4.toml")).expect("loads");
    assert!(finished.game.state().is_over());
}

#[test]
fn a_save_made_under_an_earlier_model_is_refused_with_the_release_that_made_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, release, model, at) in [
        ("tests/golden/finished-v1.toml", "0.1", "first", (2, 10)),
        ("tests/golden/finished-v2.toml", "0.2", "second", (2, 10)),
        ("tests/golden/finished-v3.toml", "0.2", "second", (3, 10)),
    ] {
        let e = arenas::save::load_file(&root.join(file))
            .expect_err("a campaign replays only under the rules that made it");
        assert_eq!(e.0.len(), 1, "{e}");
        let message = &e.0[0].message;
        assert!(
            message.contains(&format!("made by Arenas {release}")),
            "{message}"
        );
        assert!(
            message.contains(&format!("{model} model of the rules")),
            "{message}"
        );
        assert_eq!((e.0[0].line, e.0[0].column), at, "{file}: {e}");
        assert!(
            e.0[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains(&format!("Arenas {release}")))
        );
    }
}
