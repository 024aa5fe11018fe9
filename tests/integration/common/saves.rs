//! Saves edited the way anyone with Arenas' source can: a value of the embedded scenario
//! changed and the seal computed anew (a keyless SHA-256, as
//! `crates/arenas-files/src/save/seal.rs` computes it), so that the file reads as sealed.
#![allow(dead_code)]

use sha2::{Digest, Sha256};

/// What comes before the hex digits of a seal, on a save's second line.
const SEAL: &str = "seal = \"sha256:";

/// `text` with its seal computed anew over every other byte of it.
pub fn reseal(text: &str) -> String {
    let start = text.find(SEAL).expect("a sealed save") + SEAL.len();
    let end = start + text[start..].find('"').expect("the seal's closing quote");
    let unsealed = format!("{}{}", &text[..start], &text[end..]);
    let digest: String = Sha256::digest(unsealed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{}{digest}{}", &text[..start], &text[end..])
}

/// Save text with the value at `path` (keys from the top of the save) set to `value`, the
/// file's layout kept, and resealed.
pub fn edited(text: &str, path: &[&str], value: impl Into<toml_edit::Value>) -> String {
    let mut doc: toml_edit::DocumentMut = text.parse().expect("save text is TOML");
    let mut item = doc.as_item_mut();
    for key in path {
        item = &mut item[*key];
    }
    assert!(!item.is_none(), "{path:?} is not in the save");
    *item = toml_edit::value(value);
    reseal(&doc.to_string())
}

/// Save text with an easier threshold for a ceasefire that preserves the focus member's
/// capacity (just above the collapse threshold), resealed; and that difference as the
/// rules check names it (`victory.capacity_preserved 35 → 16`).
pub fn easier_rules(text: &str) -> (String, String) {
    let victory = &arenas::scenario::default_scenario().doc.victory;
    let (before, after) = (victory.capacity_preserved, victory.capacity_collapse + 1.0);
    let text = edited(text, &["scenario", "victory", "capacity_preserved"], after);
    (
        text,
        format!("victory.capacity_preserved {before} → {after}"),
    )
}
