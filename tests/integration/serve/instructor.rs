//! The instructor's side: class settings, the handout pushed, a restart, the class report, the dashboard.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_settings_of_the_forecast_and_predictions_reach_every_student() {
    let dir = TempDir::new().expect("temp dir");
    let mut class = settings(&dir);
    class.class = arenas::classwork::ClassSettings {
        forecast: Some(arenas::engine::ForecastMode::Limited),
        forecast_limit: Some(1),
        predict: Some(true),
    };
    let server = serve(class).await;
    let mut t = Term::open(&server, "pair 3", (100, 30)).await;
    new_campaign(&mut t).await;
    t.until("Forecast 1 left").await;
    // The commit waits for the answer to the week's question.
    t.keys("c").await;
    t.until("this week?").await;
    t.keys("y").await;
    t.until("Your prediction").await;
    let saves = autosaves(&dir, "pair-3");
    let text = std::fs::read_to_string(dir.path().join("students/pair-3").join(&saves[0]))
        .expect("the autosave");
    assert!(text.contains("[[prediction]]\nturn = 1\n"), "{text}");
    assert!(
        text.contains("[class]\nforecast = \"limited\"\nforecast_limit = 1\npredict = true\n"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handout_made_during_class_is_pushed_and_every_row_moves_at_once() {
    let dir = TempDir::new().expect("temp dir");
    let handouts = dir.path().join("handouts");
    std::fs::create_dir_all(&handouts).expect("handouts/");
    let source = std::path::Path::new("saves/mid-november-us-pressure.toml");
    std::fs::copy(source, handouts.join("handout-w5.toml")).expect("a handout");
    std::fs::copy(
        "saves/after-nasrallah-speech.toml",
        handouts.join("after-nasrallah-speech.toml"),
    )
    .expect("another handout");
    std::fs::write(handouts.join("notes.txt"), "not a save").expect("a stray file");
    let week = arenas::save::load_file(source)
        .expect("the shipped save loads")
        .game
        .state()
        .turn;
    let server = serve(settings(&dir)).await;
    let mut playing = Term::open(&server, "pair 1", (100, 30)).await;
    new_campaign(&mut playing).await;
    let mut menu = Term::open_from(&server, machine(2), "pair 2", (100, 30)).await;
    menu.until("New campaign").await;
    let mut board = Dashboard::default();
    desk(&mut board, &server, "h");
    let text = desk_screen(&board, &server);
    assert!(text.contains("after-nasrallah-speech.toml"), "{text}");
    assert!(text.contains("handout-w5.toml"), "{text}");
    assert!(!text.contains("notes.txt"), "{text}");
    desk(&mut board, &server, "↓\n");
    assert!(desk_screen(&board, &server).contains("handout handout-w5?"));
    desk(&mut board, &server, "→\n");
    assert!(board.note.contains("handout handout-w5"), "{}", board.note);
    // Without a key from either student, both rows and both screens are at the handout.
    let at_handout = format!("week {week} of 12");
    until("both rows at the handout", &server, |s| {
        ["pair-1", "pair-2"]
            .iter()
            .all(|n| row(s, n).is_some_and(|r| r.turn.starts_with(&at_handout)))
    })
    .await;
    playing.until(&format!("Week {week}/12")).await;
    menu.until(&format!("Week {week}/12")).await;
    // The copy keeps the handout's name, once.
    for student in ["pair-1", "pair-2"] {
        let folder = dir.path().join("students").join(student);
        assert!(folder.join("handout-w5.toml").is_file(), "{student}");
        assert!(
            !folder.join("handout-handout-w5.toml").exists(),
            "{student}"
        );
    }
    until_logged(&server, "everyone moved to the handout handout-w5").await;
    // A student who joins later finds it among their saves.
    let mut late = Term::open_from(&server, machine(3), "pair 3", (100, 30)).await;
    late.until("New campaign").await;
    let copy = dir.path().join("students/pair-3/handout-w5.toml");
    assert!(copy.is_file());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_the_students_with_folders_are_listed_offline() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "pair 07", (100, 30)).await;
    new_campaign(&mut t).await;
    t.keys("c").await;
    t.until("resolved").await;
    server.end("The class has ended.", PATIENCE).await;
    let students = dir.path().join("students");
    std::fs::create_dir_all(students.join("ana")).expect("a folder");
    std::fs::create_dir_all(students.join("Not A Name")).expect("a stray folder");
    std::fs::write(students.join("bo"), "a file, not a folder").expect("a stray file");
    let server = serve(settings(&dir)).await;
    let rows = server.class.rows();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ana", "pair-07"]);
    assert!(
        rows.iter()
            .all(|r| !r.connected && r.last_activity.is_none())
    );
    let board = Dashboard::default();
    let text = desk_screen(&board, &server);
    assert!(text.contains("0 playing, 2 students in all"), "{text}");
    assert!(text.contains("pair-07"), "{text}");
    // The student who comes back takes their row.
    let mut back = Term::open(&server, "pair 07", (100, 30)).await;
    back.until("New campaign").await;
    until("pair-07 online", &server, |s| {
        row(s, "pair-07").is_some_and(|r| r.connected)
    })
    .await;
    assert_eq!(server.class.rows().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_writes_the_class_report_into_the_class_folder() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut board = Dashboard::default();
    // With no save yet, it says so.
    desk(&mut board, &server, "r");
    board.tick(&server.class, PATIENCE);
    assert!(
        board.note.contains("no student has a save yet"),
        "{}",
        board.note
    );
    for (n, name) in [(2, "pair 1"), (3, "pair 2")] {
        let mut t = Term::open_from(&server, machine(n), name, (100, 30)).await;
        new_campaign(&mut t).await;
        t.keys("c").await;
        t.until("resolved").await;
    }
    desk(&mut board, &server, "r");
    assert!(
        board.note.contains("Writing the class report"),
        "{}",
        board.note
    );
    // The dashboard keeps answering keys meanwhile.
    desk(&mut board, &server, "s");
    assert_eq!(board.sort, arenas::serve::dashboard::Sort::Turn);
    board.tick(&server.class, PATIENCE);
    let html = dir.path().join("class-report.html");
    let csv = dir.path().join("class-report.csv");
    assert!(
        board.note.contains("class report of 2 saves written to")
            && board.note.contains(&html.display().to_string())
            && board.note.contains(&csv.display().to_string()),
        "{}",
        board.note
    );
    until_logged(&server, "class report of 2 saves written").await;
    let table = std::fs::read_to_string(&csv).expect("the CSV");
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.contains("students/pair-1/autosave-"), "{table}");
    assert!(table.contains("students/pair-2/autosave-"), "{table}");
    let page = std::fs::read_to_string(&html).expect("the HTML");
    assert!(page.contains("students/pair-1/autosave-"));
    assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_a_students_orders_aims_meters_and_last_why() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "pair 5", (100, 30)).await;
    new_campaign(&mut t).await;
    t.keys("c").await;
    t.until("resolved").await;
    until("pair-5 at week 2", &server, |s| {
        row(s, "pair-5").is_some_and(|r| r.turn.starts_with("week 2"))
    })
    .await;
    let mut board = Dashboard::default();
    desk(&mut board, &server, "↓\n");
    let text = desk_screen(&board, &server);
    for needle in [
        "pair-5 · online · gaza-2023 · week 2 of 12",
        "Orders for week 2:",
        "Hizballah",
        "Aims: ",
        "Meters: ",
        "Why, week 1:",
    ] {
        assert!(text.contains(needle), "{needle:?} in\n{text}");
    }
    desk(&mut board, &server, "mlook at the US track\n");
    t.until("From your instructor: look at the US track").await;
}

/// A pushed handout's copy never replaces a save a student played under its name: it takes
/// the name with `-2`; it replaces a handout copy no one played, and is written once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_handout_never_replaces_a_students_own_save_of_its_name() {
    let dir = TempDir::new().expect("temp dir");
    let handouts = dir.path().join("handouts");
    std::fs::create_dir_all(&handouts).expect("handouts/");
    let pushed = handouts.join("handout-w5.toml");
    std::fs::copy("saves/mid-november-us-pressure.toml", &pushed).expect("a handout");
    let handout = std::fs::read_to_string(&pushed).expect("read");
    let folder = |student: &str| dir.path().join("students").join(student);
    // pair 1 played a campaign and saved it as "handout w5"; pair 2 holds an older handout
    // of that name that no one played; pair 3 has this very handout already.
    let played = std::fs::read_to_string("saves/late-november-truce.toml").expect("read");
    let older = folder("pair-2").join("handout-w5.toml");
    for student in ["pair-1", "pair-2", "pair-3"] {
        std::fs::create_dir_all(folder(student)).expect("a student's folder");
    }
    std::fs::write(folder("pair-1").join("handout-w5.toml"), &played).expect("write");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(["handout", "--history", "--until", "3", "--seed", "5"])
        .arg(&older)
        .output()
        .expect("arenas runs");
    assert!(made.status.success(), "{made:?}");
    std::fs::write(folder("pair-3").join("handout-w5.toml"), &handout).expect("write");

    let server = serve(settings(&dir)).await;
    let mut one = Term::open(&server, "pair 1", (100, 30)).await;
    one.until("New campaign").await;
    let mut two = Term::open_from(&server, machine(2), "pair 2", (100, 30)).await;
    two.until("New campaign").await;
    let mut board = Dashboard::default();
    desk(&mut board, &server, "h");
    desk(&mut board, &server, "\n");
    assert!(desk_screen(&board, &server).contains("handout handout-w5?"));
    desk(&mut board, &server, "→\n");
    until_logged(
        &server,
        "pair-1: the handout is copied as handout-w5-2.toml",
    )
    .await;
    let week = arenas::save::load_file(&pushed)
        .expect("the shipped save loads")
        .game
        .state()
        .turn;
    let week = format!("week {week} of 12");
    until("both rows at the handout", &server, |s| {
        ["pair-1", "pair-2"]
            .iter()
            .all(|n| row(s, n).is_some_and(|r| r.turn.starts_with(&week)))
    })
    .await;
    let mut three = Term::open_from(&server, machine(3), "pair 3", (100, 30)).await;
    three.until("New campaign").await;

    let read = |student: &str, file: &str| std::fs::read_to_string(folder(student).join(file));
    assert_eq!(read("pair-1", "handout-w5.toml").ok(), Some(played));
    assert_eq!(
        read("pair-1", "handout-w5-2.toml").ok().as_ref(),
        Some(&handout)
    );
    assert_eq!(
        read("pair-2", "handout-w5.toml").ok().as_ref(),
        Some(&handout)
    );
    for student in ["pair-2", "pair-3"] {
        assert_eq!(
            read(student, "handout-w5.toml").ok().as_ref(),
            Some(&handout)
        );
        assert!(
            !folder(student).join("handout-w5-2.toml").exists(),
            "{student}"
        );
    }
}
