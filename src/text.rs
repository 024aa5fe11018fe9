//! Text from files users share is shown only after control characters are stripped.

use std::borrow::Cow;

/// The text without control characters (escape sequences, bells, carriage returns…); line
/// breaks and tabs become spaces.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_escapes_and_keeps_ordinary_text() {
        assert_eq!(clean("plain — text"), "plain — text");
        assert_eq!(clean("a\u{1b}[31mred\u{7}\u{9b}b\r\nc"), "a[31mredb c");
    }
}
