//! Ids and names: bundled ids, invisible names, the menu's list of user scenarios.

use super::*;

// ---------------------------------------------------------------- ids and names

#[test]
fn a_bundled_id_is_refused_in_a_file_that_is_not_the_bundled_scenario() {
    let _one = one_at_a_time();
    let dir = TempDir::new("reserved");
    let copy = dir.write("copy.toml", bundled_text());
    let output = common::run(["scenario".as_ref(), "check".as_ref(), copy.as_os_str()]);
    assert_exit(&output, 0);

    let edited = bundled_text().replacen("allow_undo = true", "allow_undo = false", 1);
    let file = dir.write("edited.toml", &edited);
    for command in [
        &["scenario", "check"][..],
        &["sim", "--runs", "1", "--history", "--scenario"][..],
    ] {
        let mut args: Vec<&std::ffi::OsStr> = command.iter().map(|a| a.as_ref()).collect();
        args.push(file.as_os_str());
        let output = common::run(&args);
        assert_exit(&output, 2);
        let line = edited
            .lines()
            .position(|l| l.starts_with("id = \"gaza-2023\""))
            .expect("the id line")
            + 1;
        let err = stderr(&output);
        assert!(
            err.starts_with(&format!(
                "{}:{line}:6: error: the id `gaza-2023` is taken by a scenario bundled with Arenas",
                file.display()
            )) && err.contains("hint: give your scenario an id of its own"),
            "{:?}: {err}",
            shown(&args)
        );
    }
}

#[test]
fn names_made_only_of_invisible_characters_are_refused() {
    let _one = one_at_a_time();
    for (field, from) in [
        ("meta title", "title = \"Unification"),
        ("front name", "name = \"Gaza Strip\""),
        ("faction name", "name = \"Hamas\""),
    ] {
        for hidden in [
            "\\u200B\\u2060\\uFEFF",
            "\\u202E\\u2066",
            "\\u0007\\u0085",
            " \\t ",
        ] {
            let at = bundled_text()
                .find(from)
                .unwrap_or_else(|| panic!("{from}"));
            let end = at + bundled_text()[at..].find('\n').expect("line end");
            let key = from.split(" = ").next().expect("key");
            let mut text = bundled_text().to_owned();
            text.replace_range(at..end, &format!("{key} = \"{hidden}\""));
            let d = scenario::parse("names.toml", &text).expect_err(field);
            let problem =
                d.0.iter()
                    .find(|d| {
                        d.message.contains("no visible characters") || d.message == "text is empty"
                    })
                    .unwrap_or_else(|| panic!("{field} {hidden}: {d}"));
            let line = text.lines().nth(problem.line - 1).unwrap_or_default();
            assert!(line.contains(hidden), "{field}: line {line:?}");
        }
    }
}

#[test]
fn the_menu_lists_user_scenarios_at_a_glance_and_checks_the_one_picked() {
    let _one = one_at_a_time();
    let saves = TempDir::new("menu-saves");
    let mine = TempDir::new("menu-scenarios");
    let mut many = template_with_id("straits");
    for _ in 0..MANY {
        many.push_str("\n[[event]]\nid = \"dup\"\ntitle = \"t\"\ntext = \"x\"\nturn = 1\n");
    }
    mine.write("a-many.toml", &many);
    mine.write("b-straits.toml", template_with_id("straits"));
    mine.write("c-straits.toml", template_with_id("straits"));
    mine.write("d-gaza.toml", bundled_text());
    mine.write("e-broken.toml", "not = [ TOML");
    #[cfg(unix)]
    make_fifo(&mine.path("f-fifo.toml"));
    let store = FsStore::new(saves.dir().to_owned(), mine.dir().to_owned());

    let (listed, took) = timed(|| store.list_scenarios());
    assert!(took < DEADLINE, "listing took {took:?}");
    let files: Vec<Option<String>> = listed.iter().map(scenario::Entry::file_name).collect();
    assert_eq!(
        files[..6],
        [
            None,
            Some("a-many.toml".into()),
            Some("b-straits.toml".into()),
            Some("c-straits.toml".into()),
            Some("d-gaza.toml".into()),
            Some("e-broken.toml".into()),
        ]
    );
    #[cfg(unix)]
    assert!(
        listed[6]
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("is not a regular file (a FIFO)")),
        "{:?}",
        listed[6].refused
    );
    assert!(matches!(listed[0].origin, Origin::Bundled(_)));
    assert!(
        listed[1..4]
            .iter()
            .all(|e| e.id == "straits" && e.refused.is_none())
    );
    assert!(
        listed[4]
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("the id `gaza-2023` is taken")),
        "{:?}",
        listed[4].refused
    );
    assert!(
        listed[5]
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("cannot be read"))
    );

    // The menu tells the two files of one id apart by their names.
    let mut app = App::new(Theme::MONO, store.location());
    app.seed = Some(3);
    let mut session = Runner::new(app, store);
    session.send(key(KeyCode::Enter));
    assert!(matches!(
        session.app.screen,
        Screen::Scenarios { start: true, .. }
    ));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    session.app.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    terminal
        .draw(|f| arenas::tui::draw(f, &session.app))
        .expect("draw");
    let screen = terminal.backend().to_string();
    for label in [
        "straits · b-straits.toml",
        "straits · c-straits.toml",
        "d-gaza.toml",
    ] {
        assert!(screen.contains(label), "no {label:?} in\n{screen}");
    }

    // The file with 40,000 entries is checked when picked, and refused with a warning.
    session.send(key(KeyCode::Down));
    let (_, took) = timed(|| session.send(key(KeyCode::Enter)));
    assert!(took < DEADLINE, "checking the picked file took {took:?}");
    let status = session.app.status.clone().expect("a warning");
    assert!(
        status.warning
            && status.text.contains("a-many.toml")
            && status.text.contains("at most 128 events"),
        "{status:?}"
    );
    assert!(session.app.play().is_none());

    // A refused entry says why at once; the valid file plays.
    session.send(key(KeyCode::Down));
    session.send(key(KeyCode::Down));
    session.send(key(KeyCode::Down));
    session.send(key(KeyCode::Enter));
    let status = session.app.status.clone().expect("a warning");
    assert!(
        status.text.contains("is taken by a scenario bundled"),
        "{status:?}"
    );
    session.send(key(KeyCode::Up));
    session.send(key(KeyCode::Enter));
    let play = session.app.play().expect("the valid file plays");
    assert_eq!(play.game.scenario.meta.id, "straits");
    assert_eq!(play.game.seed, 3);
}
