//! Numbers that are not finite or out of range are refused where they stand.

use super::*;

#[test]
fn every_decimal_number_of_the_bundled_scenario_is_refused_when_not_finite() {
    let _one = one_at_a_time();
    let dir = TempDir::new("nan");
    let text = bundled_text();
    let root = DeTable::parse(text).expect("TOML");
    let mut found = Vec::new();
    floats(root.get_ref(), &mut found);
    let words = ["nan", "inf", "-inf"];
    let mut by_binary = 0;
    for (i, (key, span)) in found.iter().enumerate() {
        let word = words[i % words.len()];
        let text = format!("{}{word}{}", &text[..span.start], &text[span.end..]);
        let file = dir.write(&format!("variant-{i}.toml"), &text);
        // FILE:LINE:COL: error: NAME = nan is not a finite number
        let first = if i % BINARY_EVERY == 0 {
            by_binary += 1;
            let output = common::run(["scenario".as_ref(), "check".as_ref(), file.as_os_str()]);
            assert_exit(&output, 2);
            stderr(&output)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        } else {
            let d = scenario::load_file(&file).expect_err("refused");
            d.0[0].to_string()
        };
        let line: usize = first
            .strip_prefix(&format!("{}:", file.display()))
            .and_then(|rest| rest.split(':').next()?.parse().ok())
            .unwrap_or_else(|| panic!("variant {i} ({key}): no line in {first}"));
        assert!(
            first.contains(&format!("= {word} is not a finite number"))
                && first.contains(key.as_str()),
            "variant {i} ({key} = {word}): {first}"
        );
        let at = text.lines().nth(line - 1).unwrap_or_default();
        assert!(
            has_word(at, word.trim_start_matches('-')),
            "variant {i} ({key} = {word}): line {line} is {at:?}"
        );
    }
    assert!(
        found.len() > 600 && by_binary >= 50,
        "{} decimal numbers, {by_binary} through the binary",
        found.len()
    );
}

#[test]
fn numbers_out_of_their_documented_range_are_refused_where_they_stand() {
    let _one = one_at_a_time();
    for (from, to, says) in [
        (
            "us_presence = 0.05",
            "us_presence = 1.5",
            "us_presence = 1.5 is out of range",
        ),
        (
            "chance = 0.5",
            "chance = 1.01",
            "chance = 1.01 is out of range",
        ),
        (
            "position = [31.4",
            "position = [131.4",
            "position[0] = 131.4",
        ),
        (
            "effects = { ambiguity = 5.0 }",
            "effects = { ambiguity = 500.0 }",
            "ambiguity = 500 is out of range",
        ),
        (
            "regional_war = 85.0",
            "regional_war = -1.0",
            "regional_war = -1 is out of range",
        ),
    ] {
        assert!(bundled_text().contains(from), "{from}");
        let text = bundled_text().replacen(from, to, 1);
        let d = scenario::parse("range.toml", &text).expect_err(to);
        let first = &d.0[0];
        assert!(first.message.contains(says), "{to}: {d}");
        let line = text.lines().nth(first.line - 1).unwrap_or_default();
        assert!(line.contains(to), "{to}: line {} is {line:?}", first.line);
        assert!(
            first
                .hint
                .as_deref()
                .is_some_and(|h| h.starts_with("use a number"))
        );
    }
}
