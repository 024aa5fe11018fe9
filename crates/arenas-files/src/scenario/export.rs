//! A bundled scenario as a file of the player's own: its text with every comment kept, a
//! new id (a copy may not share a bundled id), and a header saying where it came from.

use toml_edit::{DocumentMut, value};

use super::{BUNDLED, DEFAULT_ID};

/// Why a scenario cannot be exported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("there is no bundled scenario `{0}`")]
    Unknown(String),
    #[error("`{0}` is not a valid id")]
    BadId(String),
    #[error("`{0}` is the id of a bundled scenario")]
    Reserved(String),
    #[error("the bundled scenario cannot be edited: {0}")]
    Defect(String),
}

/// Whether `id` is a valid scenario id: 1–64 lowercase letters, digits, `_` or `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// An id for a copy from a file name: its stem lowercased, other characters as dashes;
/// `None` when nothing valid remains or it is a bundled id.
pub fn id_from_file_name(stem: &str) -> Option<String> {
    let mut id = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id.trim_matches('-').chars().take(64).collect();
    (valid_id(&id) && !BUNDLED.iter().any(|b| b.id == id)).then_some(id)
}

/// The text of bundled scenario `id` under the new id `new_id`, comments kept.
pub fn export(id: &str, new_id: &str) -> Result<String, ExportError> {
    let bundled = BUNDLED
        .iter()
        .find(|b| b.id == id)
        .ok_or_else(|| ExportError::Unknown(id.to_owned()))?;
    if !valid_id(new_id) {
        return Err(ExportError::BadId(new_id.to_owned()));
    }
    if BUNDLED.iter().any(|b| b.id == new_id) {
        return Err(ExportError::Reserved(new_id.to_owned()));
    }
    let mut doc: DocumentMut = bundled
        .text
        .parse()
        .map_err(|e: toml_edit::TomlError| ExportError::Defect(e.to_string()))?;
    let meta = doc
        .get_mut("meta")
        .and_then(|m| m.as_table_like_mut())
        .ok_or_else(|| ExportError::Defect("no [meta] table".into()))?;
    meta.insert("id", value(new_id));
    let body = doc.to_string();
    // The editor hint stays first, where editors look for it.
    let (schema_line, rest) = match body.split_once('\n') {
        Some((first, rest)) if first.starts_with("#:schema") => (format!("{first}\n"), rest),
        _ => (String::new(), body.as_str()),
    };
    Ok(format!(
        "{schema_line}# Exported from the bundled scenario `{id}` by Arenas {version}, with the id \
         `{new_id}`\n# so that it can sit beside the bundled one. For editor completion, write \
         the schema next\n# to it: `arenas scenario schema > arenas-scenario.schema.json`.\n\
         # Check it with `arenas scenario check FILE`.\n{rest}",
        version = env!("CARGO_PKG_VERSION"),
    ))
}

/// The id a copy of the default scenario gets when no better one is known.
pub fn default_copy_id() -> String {
    format!("{DEFAULT_ID}-copy")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_keeps_the_comments_takes_the_new_id_and_loads() {
        let text = export(DEFAULT_ID, "my-gaza").expect("exported");
        assert!(text.starts_with("#:schema ./arenas-scenario.schema.json\n# Exported from"));
        assert!(text.contains("\nid = \"my-gaza\"\n"), "{text}");
        // Every comment line of the bundled file is still there.
        let bundled = BUNDLED[0].text;
        for comment in bundled.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(text.contains(comment), "lost: {comment}");
        }
        let loaded = crate::scenario::parse_user("my-gaza.toml", &text).expect("loads");
        assert_eq!(loaded.scenario.meta.id, "my-gaza");
        let original = crate::scenario::default_scenario();
        assert_eq!(loaded.scenario.model, original.scenario.model);
    }

    #[test]
    fn ids_are_checked_and_made_from_file_names() {
        assert_eq!(
            export("nope", "x"),
            Err(ExportError::Unknown("nope".into()))
        );
        assert!(matches!(
            export(DEFAULT_ID, "Bad Id"),
            Err(ExportError::BadId(_))
        ));
        assert!(matches!(
            export(DEFAULT_ID, DEFAULT_ID),
            Err(ExportError::Reserved(_))
        ));
        assert_eq!(
            id_from_file_name("Red Sea 2024"),
            Some("red-sea-2024".into())
        );
        assert_eq!(id_from_file_name("gaza-2023"), None);
        assert_eq!(id_from_file_name("élève"), Some("l-ve".into()));
        assert_eq!(id_from_file_name("..."), None);
        assert_eq!(default_copy_id(), "gaza-2023-copy");
    }
}
