//! One student's session: slow readers, panics, coming back, names, folder links, split keys, idling, the handout and the end.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_does_not_stall_another() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // The stalled client: its terminal is opened, then never read again while it sends
    // key after key, each one a new frame for it.
    let stalled = Term::open(&server, "stalled", (200, 60)).await;
    let flood = tokio::spawn(async move {
        for _ in 0..400 {
            stalled.keys("jkjkjkjkjk").await;
        }
        stalled
    });
    let mut other = Term::open(&server, "other", (100, 30)).await;
    new_campaign(&mut other).await;
    other.keys("c").await;
    other.until("resolved").await;
    let stalled = flood.await.expect("the flood ran");
    drop(stalled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_one_session_leaves_the_others_playing() {
    let dir = TempDir::new().expect("temp dir");
    let faults = Faults {
        panic_name: Some("crash".into()),
        ..Faults::default()
    };
    let server = serve_with(settings(&dir), faults).await;
    let mut calm = Term::open(&server, "calm", (100, 30)).await;
    calm.until("New campaign").await;
    let mut crash = Term::open(&server, "crash", (100, 30)).await;
    crash.until("New campaign").await;
    crash.keys("!").await;
    let said = crash.until_closed().await;
    assert!(said.contains("stopped on an error"), "{said}");
    new_campaign(&mut calm).await;
    calm.keys("c").await;
    calm.until("resolved").await;
    assert!(
        server
            .class
            .last_log(20)
            .iter()
            .any(|l| l.contains("crash: the session stopped on an error"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_comes_back_resumes_their_campaign() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    {
        let mut t = Term::open(&server, "returning", (100, 30)).await;
        new_campaign(&mut t).await;
        t.keys("c").await;
        t.until("resolved").await;
        // The connection drops without a word.
    }
    let mut t = Term::open(&server, "returning", (100, 30)).await;
    t.until("New campaign").await;
    // Load, then the newest save: the campaign at week 2.
    t.keys("j\r").await;
    t.until("Load a campaign").await;
    t.keys("\r").await;
    t.until("Week 2/12").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_plays_on_when_the_reader_of_its_log_goes_away() {
    use std::io::BufRead;
    let dir = TempDir::new().expect("temp dir");
    // `arenas serve … | tee serve.log`, and then tee is gone.
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(["serve", "--listen", "127.0.0.1:0", "--open", "--class-dir"])
        .arg(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    let stdout = server.stdout.take().expect("stdout is a pipe");
    let address = tokio::task::spawn_blocking(move || {
        std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|l| {
                let rest = l.strip_prefix("Arenas class server on ")?;
                rest.split(' ').next()?.parse::<SocketAddr>().ok()
            })
        // The reader goes here: the pipe's last reader is closed.
    });
    let address = tokio::time::timeout(PATIENCE, address)
        .await
        .expect("the server says where it listens")
        .expect("the reader ran")
        .expect("the server says where it listens");
    // Every session's coming and going is a log line that finds the pipe closed.
    for student in ["first", "second"] {
        let mut t = Term::at(address, machine(1), student, (100, 30)).await;
        t.until("New campaign").await;
    }
    let mut last = Term::at(address, machine(1), "third", (100, 30)).await;
    new_campaign(&mut last).await;
    assert!(
        server.try_wait().expect("the server's state").is_none(),
        "the server stopped"
    );
    // SIGTERM ends the class as usual.
    let pid = libc::pid_t::try_from(server.id()).expect("a pid");
    // SAFETY: kill(2) on the child this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let said = last.until_closed().await;
    assert!(said.contains("The class has ended"), "{said}");
    let ended = tokio::task::spawn_blocking(move || server.wait_with_output());
    let out = tokio::time::timeout(PATIENCE, ended)
        .await
        .expect("the server ends")
        .expect("the waiter ran")
        .expect("the server's exit");
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_typed_two_ways_is_one_student_and_a_mixed_one_is_flagged() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    {
        // `élève` as letters and combining accents.
        let mut t = Term::open(&server, "e\u{301}le\u{300}ve", (100, 30)).await;
        new_campaign(&mut t).await;
        t.keys("c").await;
        t.until("resolved").await;
    }
    assert!(!autosaves(&dir, "\u{e9}l\u{e8}ve").is_empty());
    // Typed with composed letters, it is the same student, with the same saves.
    let mut t = Term::open(&server, "\u{e9}l\u{e8}ve", (100, 30)).await;
    t.until("New campaign").await;
    t.keys("j\r").await;
    t.until("Load a campaign").await;
    t.keys("\r").await;
    t.until("Week 2/12").await;
    let folders: Vec<_> = std::fs::read_dir(dir.path().join("students"))
        .expect("the students' folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(folders, ["\u{e9}l\u{e8}ve"]);
    // A Cyrillic а in `alice`.
    let mut t = Term::open(&server, "\u{430}lice", (100, 30)).await;
    t.until("New campaign").await;
    let log = server.class.last_log(20);
    assert!(
        log.iter()
            .any(|l| l.starts_with("\u{430}lice: the name mixes Cyrillic and Latin letters")),
        "{log:?}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it() {
    let dir = TempDir::new().expect("temp dir");
    let alice = dir.path().join("students").join("alice");
    std::fs::create_dir_all(&alice).expect("alice's folder");
    std::fs::write(alice.join("mine.toml"), "alice's").expect("alice's file");
    std::os::unix::fs::symlink(&alice, dir.path().join("students").join("bob"))
        .expect("a link to alice's folder");
    let server = serve(settings(&dir)).await;
    let mut bob = Term::open(&server, "bob", (100, 30)).await;
    let said = bob.until_closed().await;
    assert!(said.contains("cannot open your folder"), "{said}");
    let log = server.class.last_log(10);
    assert!(
        log.iter()
            .any(|l| l.starts_with("bob: cannot open the student's folder")
                && l.contains("symbolic link")),
        "{log:?}"
    );
    let files: Vec<_> = std::fs::read_dir(&alice)
        .expect("alice's folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(files, ["mine.toml"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_split_over_two_packets_is_one_key_and_a_lone_esc_is_esc() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "split", (100, 30)).await;
    t.until("New campaign").await;
    // The down arrow, ESC in one packet and `[B` in the next, then Enter: Load.
    t.keys("\x1b").await;
    t.keys("[B").await;
    t.keys("\r").await;
    t.until("Load a campaign").await;
    // ESC alone, nothing after it: Esc, back to the menu.
    t.keys("\x1b").await;
    t.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_is_closed_with_a_word() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.idle = Duration::from_secs(1);
    let server = serve(s).await;
    let mut t = Term::open(&server, "sleepy", (100, 30)).await;
    t.until("New campaign").await;
    let said = t.until_closed().await;
    assert!(
        said.contains("Closed after 1 second without a key"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instructor_moves_everyone_to_the_handout_and_ends_the_class() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    let path = std::path::Path::new("saves/after-nasrallah-speech.toml");
    let saved = arenas::save::load_file(path).expect("the shipped save loads");
    let week = saved.game.state().turn;
    s.handout = Some(arenas::serve::Handout {
        file: "after-nasrallah-speech".into(),
        text: std::fs::read_to_string(path).expect("read"),
        saved,
    });
    let server = serve(s).await;
    let mut t = Term::open(&server, "pair 3", (100, 30)).await;
    t.until("New campaign").await;
    // The handout waits among the student's saves, as written.
    let copy = dir
        .path()
        .join("students/pair-3/handout-after-nasrallah-speech.toml");
    assert!(copy.is_file(), "no handout copy at {}", copy.display());
    server.class.broadcast(arenas::serve::Broadcast::Message(
        "five minutes left".into(),
    ));
    t.until("From your instructor: five minutes left").await;
    server.class.broadcast(arenas::serve::Broadcast::Handout);
    t.until(&format!("Week {week}/12")).await;
    let ending = tokio::spawn(async move {
        server
            .end("The class has ended.", Duration::from_secs(10))
            .await;
    });
    let said = t.until_closed().await;
    assert!(said.contains("The class has ended."), "{said}");
    ending.await.expect("the server ended");
}
