//! The instructor's and author's commands: exporting a bundled scenario, finding scenarios
//! by id in a scenario folder, continuing a save many times, and files given where another
//! kind is expected.

use crate::common;

use std::fs;

use common::{TempDir, assert_exit, run, stderr, stdout};

fn export_to(dir: &TempDir, file: &str, extra: &[&str]) -> std::process::Output {
    let path = dir.path(file);
    let mut args = vec!["scenario".into(), "export".into(), "gaza-2023".into()];
    args.push(path.into_os_string());
    args.extend(extra.iter().map(Into::into));
    run(args)
}

#[test]
fn a_bundled_scenario_exports_as_a_commented_file_with_an_id_of_its_own() {
    let dir = TempDir::new("export");
    let out = export_to(&dir, "Red Sea 2024.toml", &[]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("with the id `red-sea-2024`"),
        "{}",
        stdout(&out)
    );
    let text = fs::read_to_string(dir.path("Red Sea 2024.toml")).expect("written");
    assert!(text.contains("\nid = \"red-sea-2024\"\n"));
    assert!(text.contains("# Every coefficient of the rules engine lives in the [model]"));
    let check = run([
        "scenario".as_ref(),
        "check".as_ref(),
        dir.path("Red Sea 2024.toml").as_os_str(),
    ]);
    assert_exit(&check, 0);
    // Never over an existing file; a chosen id is checked.
    let again = export_to(&dir, "Red Sea 2024.toml", &[]);
    assert_exit(&again, 2);
    assert!(
        stderr(&again).contains("exists already and was left as it is; nothing was written"),
        "{}",
        stderr(&again)
    );
    let bad = export_to(&dir, "x.toml", &["--new-id", "gaza-2023"]);
    assert_exit(&bad, 2);
    assert!(stderr(&bad).contains("is the id of a bundled scenario"));
    let unknown = run(["scenario", "export", "nope", "y.toml"]);
    assert_exit(&unknown, 2);
    assert!(stderr(&unknown).contains("the bundled scenarios are: gaza-2023"));
}

#[test]
fn scenarios_are_found_by_id_in_the_scenario_folder() {
    let dir = TempDir::new("by-id");
    assert_exit(
        &export_to(&dir, "mine.toml", &["--new-id", "april-2024"]),
        0,
    );
    let folder = dir.dir().as_os_str();
    let sim = |id: &str| {
        run([
            "sim".as_ref(),
            "--scenario-dir".as_ref(),
            folder,
            "--scenario".as_ref(),
            id.as_ref(),
            "--history".as_ref(),
            "--runs".as_ref(),
            "5".as_ref(),
        ])
    };
    assert_exit(&sim("april-2024"), 0);
    let missing = sim("red-sea-2024");
    assert_exit(&missing, 2);
    let err = stderr(&missing);
    assert!(
        err.contains("no scenario `red-sea-2024`") && err.contains("arenas scenario list"),
        "{err}"
    );
    // Two files with one id: both named.
    fs::copy(dir.path("mine.toml"), dir.path("copy.toml")).expect("copy");
    let twice = sim("april-2024");
    assert_exit(&twice, 2);
    assert!(
        stderr(&twice).contains("copy.toml, mine.toml"),
        "{}",
        stderr(&twice)
    );
}

#[test]
fn scenario_list_shows_every_file_with_its_first_error_and_the_folder() {
    let dir = TempDir::new("list");
    assert_exit(&export_to(&dir, "GOOD.TOML", &["--new-id", "good-one"]), 0);
    fs::write(dir.path("broken.toml"), "format = 2\n[meta]\nid = 3\n").expect("write");
    fs::create_dir(dir.path("drafts")).expect("folder");
    let list = |folder: &std::path::Path| {
        run([
            "scenario".as_ref(),
            "list".as_ref(),
            "--scenario-dir".as_ref(),
            folder.as_os_str(),
        ])
    };
    let out = list(dir.dir());
    assert_exit(&out, 0);
    let said = stdout(&out);
    assert!(
        said.contains("gaza-2023") && said.contains("(bundled)"),
        "{said}"
    );
    assert!(
        said.contains("good-one") && said.contains("(GOOD.TOML)"),
        "{said}"
    );
    assert!(
        said.contains("broken.toml") && said.contains("invalid:"),
        "{said}"
    );
    assert!(said.contains("drafts") && said.contains("folder"), "{said}");
    assert!(said.contains(&format!("Your scenarios folder: {}", dir.dir().display())));
    let gone = list(&dir.path("not-there"));
    assert!(
        stdout(&gone).contains("it does not exist yet"),
        "{}",
        stdout(&gone)
    );
}

#[test]
fn sim_from_a_save_plays_on_from_where_it_stands() {
    let text = run([
        "sim",
        "--from",
        "saves/mid-november-us-pressure.toml",
        "--history",
        "--runs",
        "200",
        "--format",
        "text",
    ]);
    assert_exit(&text, 0);
    let said = stdout(&text);
    assert!(
        said.starts_with("from saves/mid-november-us-pressure.toml: turn 6 of 12"),
        "{said}"
    );
    let json = run([
        "sim",
        "--from",
        "saves/mid-november-us-pressure.toml",
        "--plan",
        "tests/plans/calibrated.toml",
        "--runs",
        "200",
    ]);
    assert_exit(&json, 0);
    let summary: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let turns = summary["mean"]["turns"].as_f64().expect("mean turns");
    assert!(turns >= 6.0, "runs go on from turn 6: {turns}");
    // Fresh campaigns of the same plan differ: they start from turn 1.
    let fresh = run([
        "sim",
        "--plan",
        "tests/plans/calibrated.toml",
        "--runs",
        "200",
    ]);
    assert_ne!(fresh.stdout, json.stdout);
    // A finished campaign has nothing to play on.
    let over = run([
        "sim",
        "--from",
        "tests/golden/finished-v4.toml",
        "--history",
        "--runs",
        "5",
    ]);
    assert_exit(&over, 2);
    assert!(stderr(&over).contains("this campaign has ended"));
    let both = run([
        "sim",
        "--from",
        "saves/late-november-truce.toml",
        "--scenario",
        "gaza-2023",
        "--history",
    ]);
    assert_exit(&both, 2);
}

#[test]
fn a_file_of_another_kind_is_named_for_what_it_is() {
    let save = "saves/late-november-truce.toml";
    let as_scenario = run(["sim", "--scenario", save, "--history", "--runs", "2"]);
    assert_exit(&as_scenario, 2);
    let err = stderr(&as_scenario);
    assert!(
        err.contains("this is a save, not a scenario") && err.contains("play --load"),
        "{err}"
    );
    let as_plan = run(["sim", "--plan", save, "--runs", "2"]);
    assert!(stderr(&as_plan).contains("this is a save, not a plan"));
    let as_save = run(["replay", "--check", "assets/scenarios/gaza-2023.toml"]);
    assert_exit(&as_save, 2);
    assert!(stderr(&as_save).contains("this is a scenario, not a save"));
    // A plan checked against a scenario says which.
    let dir = TempDir::new("plan-note");
    let plan = dir.path("bad-plan.toml");
    fs::write(
        &plan,
        "[[turn]]\nturn = 1\n[[turn.order]]\nfaction = \"nobody\"\n",
    )
    .expect("write");
    let check = run(["scenario".as_ref(), "check".as_ref(), plan.as_os_str()]);
    assert_exit(&check, 2);
    assert!(
        stderr(&check).contains("checked against the scenario `gaza-2023`"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn a_handout_stands_at_the_chosen_turn_and_reports_leave_its_turns_out() {
    let dir = TempDir::new("handout");
    let out = dir.path("week5.toml");
    let made = run([
        "handout".as_ref(),
        "--history".as_ref(),
        "--until".as_ref(),
        "5".as_ref(),
        "--seed".as_ref(),
        "7".as_ref(),
        out.as_os_str(),
    ]);
    assert_exit(&made, 0);
    assert!(stdout(&made).contains("standing at the start of week 5 (6 Nov 2023)"));
    let saved = arenas::save::load_file(&out).expect("the handout loads");
    assert_eq!((saved.game.turns.len(), saved.prepared), (4, 4));
    assert_eq!(saved.game.state().turn, 5);
    // The same command gives the same file, and never over an existing one.
    let again = run([
        "handout".as_ref(),
        "--history".as_ref(),
        "--until".as_ref(),
        "5".as_ref(),
        "--seed".as_ref(),
        "7".as_ref(),
        out.as_os_str(),
    ]);
    assert_exit(&again, 2);
    assert!(stderr(&again).contains("exists already"));

    // A pair plays week 5 with every member holding, and saves.
    let mut game = saved.game.clone();
    game.commit(game.scenario.all_hold()).expect("commit");
    let lineage = arenas::save::Lineage {
        campaign: saved.campaign.clone(),
        prepared: saved.prepared,
        classwork: saved.classwork.clone(),
    };
    let pair = dir.path("pair.toml");
    arenas::save::save(
        &pair,
        &game,
        &lineage,
        &saved.doc,
        "pair 1",
        arenas::save::Replace::No,
    )
    .expect("saved");
    // The class summary counts only the pair's own week: no orders, so no deniable share
    // and no intensity, though the prepared weeks had plenty.
    let csv = run([
        "report".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        pair.as_os_str(),
        out.as_os_str(),
    ]);
    assert_exit(&csv, 0);
    let text = stdout(&csv);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let col = |name: &str| rows[0].iter().position(|h| *h == name).expect(name);
    let pair_row = rows
        .iter()
        .find(|r| r[0].ends_with("pair.toml"))
        .expect("pair row");
    assert_eq!(pair_row[col("start")], "5");
    assert_eq!(pair_row[col("turns")], "5");
    assert_eq!(pair_row[col("deniable_share")], "");
    assert_eq!(pair_row[col("total_intensity")], "0");
    assert!(pair_row[col("campaign")].starts_with("prep-"));
    assert_eq!(pair_row[col("outcome")], "in progress");

    // The pair's debrief tells the prepared weeks from the pair's own.
    let debrief = run(["report".as_ref(), pair.as_os_str()]);
    assert_exit(&debrief, 0);
    let md = stdout(&debrief);
    assert_eq!(md.matches("prepared by the instructor:").count(), 4, "{md}");

    // Past the last turn, or a campaign that ends first, is refused.
    let late = run([
        "handout".as_ref(),
        "--history".as_ref(),
        "--until".as_ref(),
        "13".as_ref(),
        dir.path("late.toml").as_os_str(),
    ]);
    assert_exit(&late, 2);
    assert!(stderr(&late).contains("past the scenario's last turn, 12"));
}

#[test]
fn degenerate_settings_pass_with_warnings() {
    let dir = TempDir::new("warnings");
    assert_exit(&export_to(&dir, "odd.toml", &["--new-id", "odd"]), 0);
    let path = dir.path("odd.toml");
    let text = fs::read_to_string(&path).expect("read");
    let text = text
        .replacen("regional_war = 85.0", "regional_war = 0.0", 1)
        .replacen("position = [31.42, 34.38]", "position = [34.38, 31.42]", 1);
    fs::write(&path, &text).expect("write");
    let check = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&check, 0);
    let err = stderr(&check);
    assert!(
        err.contains("warning: escalation starts at 22, at or above regional_war = 0"),
        "{err}"
    );
    assert!(
        err.contains("front `gaza` lies at latitude 34.38") && err.contains("look swapped"),
        "{err}"
    );
}

#[test]
fn check_messages_name_the_field_its_length_and_each_id_once() {
    let dir = TempDir::new("messages");
    assert_exit(&export_to(&dir, "m.toml", &["--new-id", "m"]), 0);
    let path = dir.path("m.toml");
    let text = fs::read_to_string(&path).expect("read");
    let long = "x".repeat(130);
    let text = text
        .replacen(
            "title = \"Unification of the Arenas: Gaza, autumn 2023\"",
            &format!("title = \"{long}\""),
            1,
        )
        .replacen("id = \"west_bank\"", "id = \"gaza\"", 1);
    fs::write(&path, &text).expect("write");
    let check = run(["scenario".as_ref(), "check".as_ref(), path.as_os_str()]);
    assert_exit(&check, 2);
    let err = stderr(&check);
    assert!(
        err.contains("`title` is 130 characters long; the most is 120"),
        "{err}"
    );
    let hint = err
        .lines()
        .find(|l| l.contains("use one of:"))
        .unwrap_or_else(|| panic!("no id list in {err}"));
    assert_eq!(hint.matches("gaza").count(), 1, "each id once: {hint}");
}

#[test]
fn the_class_summary_gives_each_members_exposure_and_the_mean_and_median() {
    let files = [
        "saves/after-nasrallah-speech.toml",
        "saves/mid-november-us-pressure.toml",
        "saves/late-november-truce.toml",
    ];
    let out = run(["report"].iter().chain(&files));
    assert_exit(&out, 0);
    let md = stdout(&out);
    let section = md
        .split("### Exposure by member at the end")
        .nth(1)
        .unwrap_or_else(|| panic!("no exposure table:\n{md}"));
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with('|')).collect();
    let saved: Vec<arenas::save::Saved> = files
        .iter()
        .map(|f| arenas::save::load_file(std::path::Path::new(f)).expect(f))
        .collect();
    let shorts: Vec<&str> = saved[0]
        .game
        .scenario
        .factions
        .iter()
        .map(|f| f.short.as_str())
        .collect();
    assert_eq!(rows[0], format!("| file | {} |", shorts.join(" | ")));
    for (file, s) in files.iter().zip(&saved) {
        let cells: Vec<String> = s
            .game
            .state()
            .exposure
            .iter()
            .map(|e| format!("{e:.1}"))
            .collect();
        let row = format!("| {file} | {} |", cells.join(" | "));
        assert!(rows.contains(&row.as_str()), "{row} not in:\n{section}");
    }
    // The turns column's mean and median, over the three saves.
    let mut turns: Vec<usize> = saved.iter().map(|s| s.game.turns.len()).collect();
    turns.sort_unstable();
    let mean = turns.iter().sum::<usize>() as f64 / 3.0;
    let stat = |name: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no {name} row:\n{md}"))
            .to_owned()
    };
    assert!(
        stat("mean").contains(&format!("| {mean:.1} |")),
        "{}",
        stat("mean")
    );
    assert!(
        stat("median").contains(&format!("| {:.1} |", turns[1] as f64)),
        "{}",
        stat("median")
    );
}
