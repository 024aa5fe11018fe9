//! Files of every earlier format load through the migration chain.

use arenas::diag::Source;
use arenas::save::SaveDoc;
use arenas::scenario::ScenarioDoc;
use arenas::{save, scenario};

fn text(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Saves in the current format: the instructor examples and the golden save.
const CURRENT_SAVES: &[&str] = &[
    "saves/after-nasrallah-speech.toml",
    "saves/late-november-truce.toml",
    "saves/mid-november-us-pressure.toml",
    "tests/golden/finished-v4.toml",
];

#[test]
fn older_scenarios_read_into_the_current_format() {
    for (path, written) in [
        ("tests/golden/scenario-v1.toml", 1),
        ("tests/golden/small-v1.toml", 1),
        ("tests/golden/scenario-v2.toml", 2),
    ] {
        let text = text(path);
        let read = scenario::MIGRATIONS
            .read::<ScenarioDoc>(&Source {
                file: path,
                text: &text,
            })
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(read.written, written, "{path}");
        assert_eq!(read.doc.format, scenario::MIGRATIONS.current, "{path}");
        arenas::scenario::parse(path, &text).unwrap_or_else(|d| panic!("{d}"));
    }
}

#[test]
fn the_example_saves_read_through_the_chain() {
    for path in CURRENT_SAVES {
        let text = text(path);
        let read = save::MIGRATIONS
            .read::<SaveDoc>(&Source {
                file: path,
                text: &text,
            })
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(read.written, save::MIGRATIONS.current, "{path}");
        assert_eq!(
            read.doc.scenario.format,
            scenario::MIGRATIONS.current,
            "{path}"
        );
    }
}

/// Reads a save through the chain, which must refuse it; returns the message.
fn refused(path: &str, text: &str) -> String {
    save::MIGRATIONS
        .read::<SaveDoc>(&Source { file: path, text })
        .err()
        .expect("refused")
        .to_string()
}

#[test]
fn saves_of_earlier_models_stop_at_their_step_with_the_release_that_made_them() {
    for (path, release, model) in [
        ("tests/golden/finished-v1.toml", "0.1", "first"),
        ("tests/golden/finished-v2.toml", "0.2", "second"),
        ("tests/golden/finished-v3.toml", "0.2", "second"),
    ] {
        let e = refused(path, &text(path));
        assert!(
            e.contains(&format!("made by Arenas {release} under the {model} model")),
            "{path}: {e}"
        );
        assert!(
            e.contains("a campaign replays only under the rules that made it"),
            "{path}: {e}"
        );
    }
}

#[test]
fn a_format_2_save_holding_what_only_later_formats_have_was_edited() {
    let path = "tests/golden/finished-v2.toml";
    // Seals and campaign ids came with format 3: the step from format 2 says so before the
    // step from format 3 refuses every save of the second model.
    let forged = text(path).replacen("format = 2", "format = 2\ncampaign = \"mine\"", 1);
    let e = refused(path, &forged);
    assert!(e.contains("changed after Arenas wrote it"), "{e}");
}

#[test]
fn a_format_1_scenario_gains_the_new_coefficients_and_keeps_its_own() {
    let text = text("tests/golden/scenario-v1.toml");
    let read = scenario::MIGRATIONS
        .read::<ScenarioDoc>(&Source {
            file: "v1",
            text: &text,
        })
        .unwrap_or_else(|d| panic!("{d}"));
    let bundled = arenas::scenario::default_scenario();
    let model = &read.doc.model;
    // New in format 2: taken from the bundled scenario.
    assert_eq!(model.us_pressure, bundled.doc.model.us_pressure);
    assert_eq!(model.noise, bundled.doc.model.noise);
    assert_eq!(
        read.doc
            .initial
            .meters
            .get(arenas::engine::Meter::UsPressure),
        Some(5.0)
    );
    // Kept from the file: its own values of coefficients that existed in format 1.
    assert_eq!(model.capacity.diversion.weight, 1.1);
    assert_eq!(model.us.harm.weight, 1.0);
    let tracks: Vec<_> = read.doc.us_ladder.iter().map(|r| r.track.id()).collect();
    assert_eq!(tracks, ["forces", "forces", "escalation", "escalation"]);
}
