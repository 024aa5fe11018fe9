//! Who a student is: a name from the SSH user name, a warning for a name that mixes
//! scripts, and the class code checked in constant time.

/// The student's name from an SSH user name: its [`slug`](arenas_files::save::slug) of at most 32
/// characters, in Unicode's composed form (NFC), so that a name typed with a letter
/// composed (`é`) or as a letter and an accent is one student; none when nothing is left.
pub fn student_name(user: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let composed: String = user.nfc().collect();
    // Lowercasing can decompose (`İ` becomes `i` and a dot above): composed again.
    let name: String = arenas_files::save::slug(&composed, 32).nfc().collect();
    (!name.is_empty()).then_some(name)
}

/// The scripts a name mixes (`Cyrillic and Latin`) when it mixes letters of several that
/// are not written together (as Latin and Cyrillic, unlike Japanese kanji and kana):
/// such a name may imitate another student's (a Cyrillic `а` in `аlice`).
pub fn mixed_scripts(name: &str) -> Option<String> {
    use unicode_script::{Script, UnicodeScript};
    use unicode_security::MixedScript;
    if name.is_single_script() {
        return None;
    }
    let mut scripts: Vec<&str> = name
        .chars()
        .map(|c| c.script())
        .filter(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .map(|s| s.full_name())
        .collect();
    scripts.sort_unstable();
    scripts.dedup();
    Some(match scripts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => scripts.concat(),
    })
}

/// Whether a password is the class code, compared in time that does not depend on where
/// they differ.
pub fn code_matches(code: &str, password: &str) -> bool {
    let (a, b) = (code.as_bytes(), password.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}
