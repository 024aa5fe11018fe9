//! The instructors' example saves in `saves/` and the golden finished save of the current
//! format are the historical course up to a given week: each file must be exactly what
//! replaying that course with its seed writes. After a change of the rules,
//! `ARENAS_REGENERATE=1 cargo test --test integration example_saves::` writes them anew.
//! The golden saves of earlier formats (`tests/golden/finished-v1.toml` to `-v3`) are kept
//! as they were written: they must be refused.

use std::path::Path;

use arenas::game::Game;
use arenas::save::CampaignId;
use arenas::scenario::default_scenario;

/// File, name, seed and the number of weeks played.
const EXAMPLES: &[(&str, &str, u64, u16)] = &[
    (
        "saves/after-nasrallah-speech.toml",
        "Just after Nasrallah's speech of 2 November",
        2023,
        3,
    ),
    (
        "saves/mid-november-us-pressure.toml",
        "Mid-November, pressure on US positions high",
        1113,
        5,
    ),
    (
        "saves/late-november-truce.toml",
        "Late November, a truce in sight",
        1124,
        6,
    ),
    (
        "tests/golden/finished-v4.toml",
        "Golden: finished campaign, format 4",
        99,
        u16::MAX,
    ),
];

/// The save text of the historical course played for `weeks` weeks (or to its end).
fn example(name: &str, seed: u64, weeks: u16) -> String {
    let loaded = default_scenario();
    let mut game = Game::new(loaded.scenario.clone(), seed);
    let course = game.scenario.historical_course();
    while !game.state().is_over() && game.turns.len() < usize::from(weeks) {
        let orders = course.turn(game.state().turn).to_vec();
        game.commit(orders)
            .expect("the historical orders are legal");
    }
    let campaign = CampaignId::try_from(format!("example-{seed}")).expect("a valid id");
    arenas::save::to_text(
        &game,
        &arenas::save::Lineage::of(campaign),
        &loaded.doc,
        name,
    )
    .expect("save text")
}

#[test]
fn example_saves_are_the_historical_course_replayed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regenerate = std::env::var_os("ARENAS_REGENERATE").is_some();
    for &(file, name, seed, weeks) in EXAMPLES {
        let text = example(name, seed, weeks);
        let path = root.join(file);
        if regenerate {
            std::fs::write(&path, &text).expect("write");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "{file} is not what the historical course writes now; regenerate it with \
             ARENAS_REGENERATE=1 cargo test --test example_saves"
        );
        let saved = arenas::save::load_file(&path).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(saved.name, name);
        assert_eq!(saved.integrity, arenas::save::Integrity::Sealed);
        assert_eq!(
            saved.game.turns.len() < usize::from(weeks),
            saved.game.state().is_over(),
            "{file}"
        );
    }
}
