//! A class's report from its folder: pairs made from one handout with `sim --from --save`,
//! each campaign counted once however many of its saves are given, every file left out
//! named with the reason in each format, and the reference played from the handout.

use crate::common;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use arenas::engine::Outcome;
use arenas::save;
use common::{TempDir, assert_exit, run, stderr, stdout};

fn arenas(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    run(args.iter().map(|a| a.as_ref().to_os_string()))
}

/// The class folder: a handout at week 5, two pairs played on from it by `sim`, an earlier
/// save of pair 1, an autosave of pair 2's last week, an unplayed copy of the handout, a
/// save cut short and a stray TOML file.
struct Class {
    dir: TempDir,
    handout: PathBuf,
}

impl Class {
    fn new() -> Class {
        let dir = TempDir::new("class-report");
        let handout = dir.path("handout.toml");
        let made = arenas(&[
            &"handout",
            &"--history",
            &"--until",
            &"5",
            &"--seed",
            &"7",
            &handout,
        ]);
        assert_exit(&made, 0);
        let pair = |file: &str, name: &str, policy: &[&str]| {
            let mut args: Vec<OsString> = vec![
                "sim".into(),
                "--from".into(),
                handout.clone().into(),
                "--runs".into(),
                "1".into(),
                "--name".into(),
                name.into(),
                "--save".into(),
                dir.path(file).into(),
            ];
            args.extend(policy.iter().map(OsString::from));
            let out = run(args);
            assert_exit(&out, 0);
            assert!(stdout(&out).contains(": saved: "), "{}", stdout(&out));
        };
        pair("pair1.toml", "pair 1", &["--history"]);
        pair(
            "pair2.toml",
            "pair 2",
            &["--plan", "tests/plans/calibrated.toml"],
        );
        // Pair 1's save of two weeks ago: the same campaign, fewer weeks.
        let one = save::load_file(&dir.path("pair1.toml")).expect("pair 1 loads");
        let orders: Vec<_> = one.game.turns.iter().map(|t| t.orders.clone()).collect();
        let earlier = arenas::game::Game::replay(
            one.game.scenario.clone(),
            one.game.seed,
            &orders[..orders.len() - 2],
        )
        .expect("replays");
        let lineage = save::Lineage {
            campaign: one.campaign.clone(),
            prepared: one.prepared,
            classwork: one.classwork.clone(),
        };
        save::save(
            &dir.path("pair1-earlier.toml"),
            &earlier,
            &lineage,
            &one.doc,
            "pair 1 earlier",
            save::Replace::No,
        )
        .expect("saved");
        // Pair 2's autosave of its last week, listed before its named save.
        let two = save::load_file(&dir.path("pair2.toml")).expect("pair 2 loads");
        let lineage = save::Lineage {
            campaign: two.campaign.clone(),
            prepared: two.prepared,
            classwork: two.classwork.clone(),
        };
        let autosave = format!("autosave gaza-2023 seed 7 {}", two.campaign);
        save::save(
            &dir.path("autosave-pair2.toml"),
            &two.game,
            &lineage,
            &two.doc,
            &autosave,
            save::Replace::No,
        )
        .expect("saved");
        fs::copy(&handout, dir.path("copy-of-handout.toml")).expect("copy");
        let two = fs::read_to_string(dir.path("pair2.toml")).expect("read");
        let cut: String = two.lines().take(40).map(|l| format!("{l}\n")).collect();
        dir.write("cut.toml", cut);
        dir.write("bench.toml", "[bench]\nruns = 3\n");
        Class { dir, handout }
    }

    /// `arenas report` of every file in the folder, in the given format.
    fn report(&self, format: &str) -> std::process::Output {
        let mut args: Vec<OsString> = vec!["report".into(), "--format".into(), format.into()];
        args.extend(
            self.dir
                .files()
                .iter()
                .map(|f| self.dir.path(f).into_os_string()),
        );
        run(args)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path(file)
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn sim_from_a_handout_saves_a_named_campaign_of_its_own() {
    let class = Class::new();
    let handout = save::load_file(&class.handout).expect("handout");
    let one = save::load_file(&class.path("pair1.toml")).expect("pair 1");
    let two = save::load_file(&class.path("pair2.toml")).expect("pair 2");
    assert_eq!(one.name, "pair 1");
    assert_eq!(two.name, "pair 2");
    // Played on from the handout: its weeks first, kept as prepared.
    for pair in [&one, &two] {
        assert_eq!(pair.prepared, 4);
        assert_eq!(pair.game.seed, handout.game.seed);
        assert!(pair.game.turns.len() > 4);
        assert_eq!(pair.game.turns[..4], handout.game.turns[..]);
        assert!(pair.game.state().is_over());
    }
    assert_ne!(one.campaign, two.campaign);
    assert_ne!(one.campaign, handout.campaign);
    assert_ne!(one.game.turns, two.game.turns);
    // Several runs still cannot be one save.
    let many = arenas(&[
        &"sim",
        &"--from",
        &class.handout,
        &"--history",
        &"--runs",
        &"2",
        &"--save",
        &class.path("x.toml"),
    ]);
    assert_exit(&many, 2);
    assert!(stderr(&many).contains("use it with --runs 1"));
}

#[test]
fn the_class_report_counts_each_campaign_once_and_names_every_file_it_leaves_out() {
    let class = Class::new();
    let md = class.report("md");
    // The cut save and the stray file cannot be read: exit 3, each named on stderr.
    assert_exit(&md, 3);
    let text = stdout(&md);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" | gaza-2023 | "))
        .collect();
    assert_eq!(rows.len(), 2, "one row per pair:\n{text}");
    assert!(rows[0].contains("| pair 1 |") && rows[1].contains("| pair 2 |"));
    assert!(
        text.contains(
            "8 files given: 2 campaigns counted, 2 merged into a later save of the same \
             campaign, 4 skipped."
        ),
        "{text}"
    );
    let line = |file: &str| {
        let name = shown(&class.path(file));
        text.lines()
            .find(|l| l.starts_with(&format!("- `{name}`")))
            .unwrap_or_else(|| panic!("{file} is not named:\n{text}"))
            .to_owned()
    };
    assert!(
        line("pair1-earlier.toml")
            .ends_with(&format!("merged into {}", shown(&class.path("pair1.toml"))))
    );
    assert!(
        line("autosave-pair2.toml")
            .ends_with(&format!("merged into {}", shown(&class.path("pair2.toml"))))
    );
    assert!(line("cut.toml").ends_with("skipped: damaged or cut short (ends at line 40)"));
    assert!(line("bench.toml").ends_with("skipped: not an Arenas file"));
    for copy in ["handout.toml", "copy-of-handout.toml"] {
        assert!(
            line(copy).contains("skipped: a handout copy no one played"),
            "{copy}"
        );
    }
    let err = stderr(&md);
    assert!(
        err.contains("cut.toml:40:1: warning: skipped this save: damaged or cut short"),
        "{err}"
    );
    assert!(!err.contains("this is a plan") && !err.contains("unknown field"));

    // The CSV: a row per campaign, then each other file with what became of it.
    let csv = class.report("csv");
    assert_exit(&csv, 3);
    let csv = stdout(&csv);
    let counted = csv.lines().filter(|l| l.contains(",gaza-2023,")).count();
    assert_eq!(counted, 2, "{csv}");
    for said in [
        "merged into",
        "skipped: damaged or cut short (ends at line 40)",
        "skipped: not an Arenas file",
        "skipped: a handout copy no one played",
    ] {
        assert!(csv.contains(said), "{said}:\n{csv}");
    }
    assert_eq!(csv.lines().count(), 1 + 2 + 6, "{csv}");

    // The HTML page names them too.
    let html = class.report("html");
    assert_exit(&html, 3);
    let html = stdout(&html);
    assert!(
        html.contains("2 campaigns of"),
        "two campaigns in the header"
    );
    for said in [
        "8 files given: 2 campaigns counted",
        "damaged or cut short (ends at line 40)",
        "not an Arenas file",
        "a handout copy no one played",
    ] {
        assert!(html.contains(said), "{said}");
    }
}

#[test]
fn the_reference_is_played_from_the_handout_every_pair_began_from() {
    let class = Class::new();
    let md = class.report("md");
    let text = stdout(&md);
    assert!(
        text.contains(
            "Every campaign began from one handout, so the reference is played from its state \
             at week 5 (after 4 prepared weeks), not from the scenario's start."
        ),
        "{text}"
    );
    // The historical figures are those `sim --from HANDOUT --history` gives.
    let sim = arenas(&[
        &"sim",
        &"--from",
        &class.handout,
        &"--history",
        &"--runs",
        &"2000",
        &"--seed",
        &"1",
    ]);
    assert_exit(&sim, 0);
    let json: serde_json::Value = serde_json::from_slice(&sim.stdout).expect("JSON");
    let share = json["outcomes"]["hamas_degraded"].as_f64().expect("share");
    let row = text
        .lines()
        .find(|l| l.starts_with("| Hamas degraded |"))
        .expect("the outcome row");
    let cells: Vec<&str> = row.split(" | ").collect();
    assert_eq!(cells[2], format!("{:.1}%", 100.0 * share), "{row}");
    let html = stdout(&class.report("html"));
    assert!(html.contains("Every campaign began from one handout"));

    // A class that did not all begin from one handout is set against the scenario's start.
    let mixed = arenas(&[
        &"report",
        &class.path("pair1.toml"),
        &"saves/late-november-truce.toml",
    ]);
    assert_exit(&mixed, 0);
    assert!(stdout(&mixed).contains("The reference is played from the scenario's start."));
}

/// The debrief page of one save begun from a handout sets it against the references played
/// from that handout, as the class page does.
#[test]
fn the_debrief_page_of_a_save_from_a_handout_uses_the_handouts_reference() {
    let class = Class::new();
    let page = arenas(&[&"report", &"--format", &"html", &class.path("pair1.toml")]);
    assert_exit(&page, 0);
    let page = stdout(&page);
    assert!(
        page.contains(
            "from the state of the handout this campaign began from, at week 5 (after 4 \
             prepared weeks)"
        ),
        "{page}"
    );
    let sim = arenas(&[
        &"sim",
        &"--from",
        &class.handout,
        &"--history",
        &"--runs",
        &"2000",
        &"--seed",
        &"1",
    ]);
    assert_exit(&sim, 0);
    let json: serde_json::Value = serde_json::from_slice(&sim.stdout).expect("JSON");
    // The outcome chart's bar labels: for each outcome, the historical course then restraint.
    let labels: Vec<&str> = page
        .split("<text class=\"share\"")
        .skip(1)
        .filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once('<')))
        .map(|(label, _)| label)
        .collect();
    assert_eq!(labels.len(), 2 * Outcome::ALL.len(), "{labels:?}");
    let stalemate = Outcome::ALL
        .iter()
        .position(|&o| o == Outcome::Stalemate)
        .expect("an outcome");
    let share = json["outcomes"]["stalemate"].as_f64().expect("share");
    assert_eq!(labels[2 * stalemate], format!("{:.0}%", 100.0 * share));

    // A save begun at week 1 is set against the scenario's start.
    let fresh = arenas(&[
        &"report",
        &"--format",
        &"html",
        &"saves/late-november-truce.toml",
    ]);
    assert_exit(&fresh, 0);
    assert!(stdout(&fresh).contains("with seed 1, from the scenario's start."));
}
