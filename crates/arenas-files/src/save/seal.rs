//! The seal: a SHA-256 digest over every byte of a save but the digest itself, written on
//! the save's second line. Any edit (a name, a threshold in the embedded scenario, an
//! order, a comment, a space) breaks it. It makes a save tamper-evident, not secret: anyone
//! with Arenas' source can compute a new seal.

use sha2::{Digest, Sha256};

/// The key of the seal line.
const KEY: &str = "seal = \"";

/// What comes before the hex digits of a seal.
const SCHEME: &str = "sha256:";

/// Inserts the seal line after the first line of `text` (the comment naming the file).
pub fn seal(text: &str) -> String {
    let cut = text.find('\n').map_or(text.len(), |i| i + 1);
    let (head, body) = text.split_at(cut);
    let unsealed = format!("{head}{KEY}{SCHEME}\"\n{body}");
    let digest = hex(&unsealed);
    format!("{head}{KEY}{SCHEME}{digest}\"\n{body}")
}

/// Why a seal does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broken {
    /// The file has no seal line.
    Missing,
    /// The file changed after the seal was made.
    Mismatch,
}

/// Checks the seal of a save's text; `claimed` is the `seal` value its TOML holds.
pub fn verify(text: &str, claimed: &str) -> Result<(), Broken> {
    let start = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let here = *at;
            *at += line.len();
            Some((here, line))
        })
        .find(|(_, line)| line.starts_with(KEY))
        .map(|(at, _)| at + KEY.len())
        .ok_or(Broken::Missing)?;
    let len = text[start..].find(['"', '\n']).ok_or(Broken::Mismatch)?;
    let written = &text[start..start + len];
    // The line found must be the `seal` key TOML read, not one inside a string.
    if written != claimed {
        return Err(Broken::Mismatch);
    }
    let digits = written.strip_prefix(SCHEME).ok_or(Broken::Mismatch)?;
    let unsealed = format!("{}{SCHEME}{}", &text[..start], &text[start + len..]);
    if hex(&unsealed) == digits {
        Ok(())
    } else {
        Err(Broken::Mismatch)
    }
}

fn hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# a comment\nformat = 3\nname = \"x\"\n";

    fn claimed(text: &str) -> String {
        let v: toml::Table = text.parse().expect("toml");
        v["seal"].as_str().expect("a seal").to_owned()
    }

    #[test]
    fn a_sealed_text_verifies_and_any_change_breaks_it() {
        let sealed = seal(TEXT);
        assert!(sealed.starts_with("# a comment\nseal = \"sha256:"));
        assert_eq!(verify(&sealed, &claimed(&sealed)), Ok(()));
        let edited = sealed.replace("\"x\"", "\"y\"");
        assert_eq!(verify(&edited, &claimed(&edited)), Err(Broken::Mismatch));
        let spaced = sealed.replace("format = 3", "format  = 3");
        assert_eq!(verify(&spaced, &claimed(&spaced)), Err(Broken::Mismatch));
        assert_eq!(verify(TEXT, ""), Err(Broken::Missing));
    }
}
