//! Files of every earlier format load through the migration chain.

use arenas::diag::Source;
use arenas::migrate;
use arenas::save::SaveDoc;
use arenas::scenario::ScenarioDoc;

fn text(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Saves written in format 1: the instructor examples and the golden save.
const FORMAT_1_SAVES: &[&str] = &[
    "saves/after-nasrallah-speech.toml",
    "saves/late-november-truce.toml",
    "saves/mid-november-us-pressure.toml",
    "tests/golden/finished-v1.toml",
];

#[test]
fn format_1_scenarios_read_into_the_current_format() {
    for path in [
        "tests/golden/scenario-v1.toml",
        "assets/scenarios/template.toml",
    ] {
        let text = text(path);
        let read = migrate::SCENARIO
            .read::<ScenarioDoc>(&Source {
                file: path,
                text: &text,
            })
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(read.written, 1, "{path}");
        assert_eq!(read.doc.format, migrate::SCENARIO.current, "{path}");
        arenas::scenario::parse(path, &text).unwrap_or_else(|d| panic!("{d}"));
    }
}

#[test]
fn format_1_saves_read_into_the_current_format_with_their_scenarios() {
    for path in FORMAT_1_SAVES {
        let text = text(path);
        let read = migrate::SAVE
            .read::<SaveDoc>(&Source {
                file: path,
                text: &text,
            })
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(read.written, 1, "{path}");
        assert_eq!(read.doc.format, migrate::SAVE.current, "{path}");
        assert_eq!(
            read.doc.scenario.format,
            migrate::SCENARIO.current,
            "{path}"
        );
    }
}
