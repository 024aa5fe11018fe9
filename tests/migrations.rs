//! Files of every earlier format load through the migration chain.

use arenas::diag::Source;
use arenas::migrate;
use arenas::save::SaveDoc;
use arenas::scenario::ScenarioDoc;

fn text(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Saves in the current format: the instructor examples and the golden save.
const CURRENT_SAVES: &[&str] = &[
    "saves/after-nasrallah-speech.toml",
    "saves/late-november-truce.toml",
    "saves/mid-november-us-pressure.toml",
    "tests/golden/finished-v3.toml",
];

#[test]
fn format_1_scenarios_read_into_the_current_format() {
    for path in [
        "tests/golden/scenario-v1.toml",
        "tests/golden/small-v1.toml",
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
fn the_example_saves_read_through_the_chain() {
    for path in CURRENT_SAVES {
        let text = text(path);
        let read = migrate::SAVE
            .read::<SaveDoc>(&Source {
                file: path,
                text: &text,
            })
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(read.written, migrate::SAVE.current, "{path}");
        assert_eq!(
            read.doc.scenario.format,
            migrate::SCENARIO.current,
            "{path}"
        );
    }
}

#[test]
fn a_format_1_save_stops_at_its_step_with_the_release_that_made_it() {
    let path = "tests/golden/finished-v1.toml";
    let text = text(path);
    let e = migrate::SAVE
        .read::<SaveDoc>(&Source {
            file: path,
            text: &text,
        })
        .err()
        .expect("refused");
    assert!(e.to_string().contains("Arenas 0.1"), "{e}");
}

#[test]
fn a_format_2_save_gains_a_campaign_id_and_stays_unsealed() {
    let path = "tests/golden/finished-v2.toml";
    let text = text(path);
    let read = migrate::SAVE
        .read::<SaveDoc>(&Source {
            file: path,
            text: &text,
        })
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(read.written, 2);
    assert!(read.doc.campaign.as_str().starts_with("old-"));
    assert!(read.doc.seal.is_empty());
    let saved = arenas::save::parse(path, &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(saved.integrity, arenas::save::Integrity::Unsealed);
    // A format 2 file holding what only format 3 has was edited.
    let forged = text.replacen("format = 2", "format = 2\ncampaign = \"mine\"", 1);
    let e = arenas::save::parse(path, &forged).expect_err("refused");
    assert!(
        e.to_string().contains("changed after Arenas wrote it"),
        "{e}"
    );
}

#[test]
fn a_format_1_scenario_gains_the_new_coefficients_and_keeps_its_own() {
    let text = text("tests/golden/scenario-v1.toml");
    let read = migrate::SCENARIO
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
