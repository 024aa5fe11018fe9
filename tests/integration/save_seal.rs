//! Saves are tamper-evident: any edit of a saved file, anywhere, is refused.

use std::sync::LazyLock;

use arenas::save::{self, Integrity, Minter, Trust};
use proptest::prelude::*;

/// A save of three weeks of the historical course.
static SAVE: LazyLock<String> = LazyLock::new(|| {
    let loaded = arenas::scenario::default_scenario();
    let mut game = arenas::game::Game::new(loaded.scenario, 17);
    let history = game.scenario.historical_course();
    for turn in 1..=3 {
        game.commit(history.turn(turn).to_vec()).expect("commit");
    }
    let id = Minter::seeded(5).mint();
    save::to_text(&game, &save::Lineage::of(id), &loaded.doc, "sealed").expect("save text")
});

/// One edit of a file's bytes.
#[derive(Clone, Debug)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let len = SAVE.len();
    prop_oneof![
        (0..len, any::<u8>()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (0..=len, any::<u8>()).prop_map(|(at, b)| Edit::Insert(at, b)),
        (0..len).prop_map(Edit::Delete),
    ]
}

fn apply(text: &str, edit: &Edit) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    match *edit {
        Edit::Replace(at, b) => bytes[at] = b,
        Edit::Insert(at, b) => bytes.insert(at, b),
        Edit::Delete(at) => {
            bytes.remove(at);
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_edit_of_a_saved_file_is_detected(edit in edit()) {
        let bytes = apply(&SAVE, &edit);
        prop_assume!(bytes != SAVE.as_bytes());
        // A file that is no longer UTF-8 is refused by every loader before parsing.
        if let Ok(text) = String::from_utf8(bytes) {
            prop_assert!(save::parse("edited.toml", &text).is_err(), "{edit:?} passed");
        }
    }

    #[test]
    fn a_save_that_still_reads_when_edits_are_allowed_is_marked_edited(edit in edit()) {
        let bytes = apply(&SAVE, &edit);
        prop_assume!(bytes != SAVE.as_bytes());
        if let Ok(text) = String::from_utf8(bytes)
            && let Ok(saved) = save::parse_with("edited.toml", &text, Trust::AllowEdited)
        {
            prop_assert_ne!(saved.integrity, Integrity::Sealed, "{:?}", edit);
        }
    }
}

#[test]
fn the_unedited_save_loads_sealed() {
    let saved = save::parse("s.toml", &SAVE).expect("loads");
    assert_eq!(saved.integrity, Integrity::Sealed);
    assert_eq!(saved.game.turns.len(), 3);
}

#[test]
fn edits_that_change_the_format_are_caught_too() {
    let current = format!("\nformat = {}\n", save::FORMAT);
    assert!(SAVE.contains(&current));
    for older in 1..save::FORMAT {
        let text = SAVE.replacen(&current, &format!("\nformat = {older}\n"), 1);
        let e = save::parse("f.toml", &text).expect_err("refused");
        assert!(!e.0.is_empty());
    }
    // A save written before seals is refused too: it was played under an earlier model.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let e = save::load_file(&root.join("tests/golden/finished-v2.toml")).expect_err("refused");
    assert!(e.to_string().contains("second model of the rules"), "{e}");
}
