//! A class under strain: logins that never finish, stuck clients, floods, failed logins, races for one name, a slow disk.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_does_not_log_in_in_time_is_closed_and_one_that_did_plays_on() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.login = Duration::from_secs(1);
    let server = serve(s).await;
    let mut t = Term::open(&server, "prompt", (100, 30)).await;
    t.until("New campaign").await;
    let mut idle = connect(&server).await;
    // The time under test is the deadline itself: let it pass.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let late = idle.authenticate_password("late", CODE).await;
    assert!(
        !late.is_ok_and(|a| a.success()),
        "logged in after the deadline"
    );
    // The student who logged in in time is not touched by it.
    t.keys("\r").await;
    t.until("Choose a scenario").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stuck_client_whose_connection_drops_leaves_and_frees_its_place() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    // Only the connection's end may end the session here.
    s.stall = Duration::from_secs(600);
    let server = serve(s).await;
    let (relay, handle, channel) = stuck_client(&server, "stuck").await;
    until_logged(&server, "stuck joined").await;
    relay.cut().await;
    drop((channel, handle));
    until_logged(&server, "stuck left").await;
    let row = server.class.rows().into_iter().find(|r| r.name == "stuck");
    assert!(
        row.is_some_and(|r| !r.connected),
        "the row still shows stuck"
    );
    assert_eq!(server.class.sessions(), 0);
    // The one place of the class is free again.
    let mut next = Term::open(&server, "next", (100, 30)).await;
    next.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_takes_no_screen_in_time_is_closed() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    s.stall = Duration::from_secs(2);
    let server = serve(s).await;
    // Connected all along, sending keys, reading nothing.
    let (_relay, _handle, _channel) = stuck_client(&server, "stuck").await;
    until_logged(&server, "stuck: the terminal took no screen for 2 seconds").await;
    until_logged(&server, "stuck left").await;
    let mut next = Term::open(&server, "next", (100, 30)).await;
    next.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_idle_close_ends_a_session_whose_client_takes_no_screen() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    s.idle = Duration::from_secs(1);
    s.stall = Duration::from_secs(10);
    let server = serve(s).await;
    let (_relay, _handle, _channel) = stuck_client(&server, "stuck").await;
    until_logged(&server, "stuck idle: session closed").await;
    until_logged(&server, "stuck left").await;
    assert!(
        !server
            .class
            .last_log(200)
            .iter()
            .any(|l| l.contains("took no screen")),
        "the stall, not the idle close, ended it: {:?}",
        server.class.last_log(200)
    );
    assert_eq!(server.class.sessions(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_address_leaves_the_prompt_to_the_others() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // Idle connections from one address, far more than the class has places for, held
    // open for as long as the login deadline allows (a minute here).
    const FLOOD: usize = 60;
    let mut flood = Vec::new();
    for _ in 0..FLOOD {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind(SocketAddr::new(machine(1), 0)).expect("bind");
        flood.push(socket.connect(server.address).await.expect("connects"));
    }
    until_logged(
        &server,
        "refused a connection from 127.0.0.1: the address holds its share",
    )
    .await;
    // A student on another machine logs in and plays.
    let mut t = Term::open_from(&server, machine(2), "pair 5", (100, 30)).await;
    t.until("New campaign").await;
    // The flood's connections beyond its share were closed at once.
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    for mut c in flood {
        let closed_tx = closed_tx.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 256];
            loop {
                match c.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            let _ = closed_tx.send(());
        });
    }
    let share = server.class.address_share();
    for n in 0..FLOOD - share {
        tokio::time::timeout(PATIENCE, closed.recv())
            .await
            .unwrap_or_else(|_| panic!("only {n} of the flood's connections were closed"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_slow_one_name_down_and_lock_no_one_out() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // Three students behind one address mistype the code, three times each.
    for name in ["ana", "bo", "cy"] {
        let mut handle = connect(&server).await;
        for _ in 0..3 {
            let auth = handle.authenticate_password(name, "tulip-24").await;
            if !auth.is_ok_and(|a| !a.success()) {
                break;
            }
        }
    }
    // Ana's fourth failure is slowed down.
    let mut handle = connect(&server).await;
    let started = Instant::now();
    let auth = handle
        .authenticate_password("ana", "tulip-4")
        .await
        .expect("an answer");
    assert!(!auth.success());
    assert!(started.elapsed() >= Duration::from_secs(1));
    until_logged(
        &server,
        "failed login as \"ana\" from 127.0.0.1 (1 of 3; answered after 1 s)",
    )
    .await;
    // A classmate behind the same address logs in and plays, and so does Ana.
    let mut dan = Term::open(&server, "dan", (100, 30)).await;
    dan.until("New campaign").await;
    let mut ana = Term::open(&server, "ana", (100, 30)).await;
    ana.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_connects_again_takes_over_from_a_stuck_session_at_once() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // The laptop that lost the network: its session waits for a client that reads nothing.
    let (_relay, _handle, _channel) = stuck_client(&server, "laptop").await;
    until_logged(&server, "laptop joined").await;
    let mut again = Term::open(&server, "laptop", (100, 30)).await;
    again.until("New campaign").await;
    // The older session gave way before this one started, whatever its client reads.
    assert_eq!(server.class.sessions(), 1);
    until_logged(&server, "laptop connected again: the older session closed").await;
    let row = server.class.rows().into_iter().find(|r| r.name == "laptop");
    assert!(
        row.is_some_and(|r| r.connected),
        "the row shows laptop gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_logins_under_one_name_at_once_one_plays_for_each_of_ten_names() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 32;
    let server = Arc::new(serve(s).await);
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    let together = Arc::new(tokio::sync::Barrier::new(20));
    let mut terms = Vec::new();
    for i in 0..20u8 {
        let (server, closed_tx) = (Arc::clone(&server), closed_tx.clone());
        let together = Arc::clone(&together);
        terms.push(tokio::spawn(async move {
            let mut handle =
                connect_from(server.address, machine(10 + i), client::Config::default())
                    .await
                    .unwrap_or_else(|e| panic!("login {i} cannot connect: {e}"));
            let name = format!("pair {}", i / 2);
            let channel = ssh::open_pty(&mut handle, &name, CODE, (100, 30))
                .await
                .unwrap_or_else(|e| panic!("login {i}: {e}"));
            together.wait().await;
            channel
                .request_shell(true)
                .await
                .unwrap_or_else(|e| panic!("login {i}: shell: {e}"));
            let mut t = Term {
                channel,
                screen: vt100::Parser::new(side(30), side(100), 0),
                _handle: handle,
            };
            // The survivors are never closed: the loop below bounds the wait.
            let said = t.closed().await;
            let _ = closed_tx.send((i, said));
        }));
    }
    for n in 0..10 {
        let (i, said) = tokio::time::timeout(PATIENCE, closed.recv())
            .await
            .unwrap_or_else(|_| panic!("only {n} of 10 closed"))
            .expect("a login");
        assert!(said.contains("You connected again"), "login {i}: {said}");
    }
    until("ten sessions", &server, |s| s.class.sessions() == 10).await;
    let playing: Vec<String> = server
        .class
        .rows()
        .into_iter()
        .filter(|r| r.connected)
        .map(|r| r.name)
        .collect();
    assert_eq!(playing.len(), 10, "{playing:?}");
    for t in terms {
        t.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_twenty_logins_under_one_name_at_once_one_plays_and_no_save_is_lost() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 32;
    let server = Arc::new(serve(s).await);
    // The student plays a turn, and is still playing when the twenty logins come.
    let mut first = Term::open(&server, "twin", (100, 30)).await;
    new_campaign(&mut first).await;
    first.keys("c").await;
    first.until("resolved").await;
    let saves = autosaves(&dir, "twin");
    assert_eq!(saves.len(), 1, "{saves:?}");
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    {
        let closed_tx = closed_tx.clone();
        tokio::spawn(async move {
            let said = first.closed().await;
            let _ = closed_tx.send((20, said));
        });
    }
    let mut stops = Vec::new();
    let mut twins = Vec::new();
    // Twenty logins, their shells asked for at the same moment.
    let together = Arc::new(tokio::sync::Barrier::new(20));
    for i in 0..20u8 {
        let (stop, stopped) = oneshot::channel::<()>();
        stops.push(stop);
        let (server, closed_tx) = (Arc::clone(&server), closed_tx.clone());
        let together = Arc::clone(&together);
        twins.push(tokio::spawn(async move {
            // From 20 machines, as the class's own limits would have it.
            let mut handle =
                connect_from(server.address, machine(10 + i), client::Config::default())
                    .await
                    .unwrap_or_else(|e| panic!("twin {i} cannot connect: {e}"));
            let channel = ssh::open_pty(&mut handle, "twin", CODE, (100, 30))
                .await
                .unwrap_or_else(|e| panic!("twin {i}: {e}"));
            together.wait().await;
            channel
                .request_shell(true)
                .await
                .unwrap_or_else(|e| panic!("twin {i}: shell: {e}"));
            let mut t = Term {
                channel,
                screen: vt100::Parser::new(side(30), side(100), 0),
                _handle: handle,
            };
            let said = tokio::select! {
                said = t.closed() => Some(said),
                _ = stopped => None,
            };
            match said {
                Some(said) => {
                    let _ = closed_tx.send((i, said));
                    None
                }
                None => Some(t),
            }
        }));
    }
    // The first session and nineteen of the twenty are closed.
    let mut gone = Vec::new();
    while gone.len() < 20 {
        let (i, said) = tokio::time::timeout(PATIENCE, closed.recv())
            .await
            .unwrap_or_else(|_| panic!("only {} of 20 closed: {gone:?}", gone.len()))
            .expect("a twin");
        assert!(said.contains("You connected again"), "twin {i}: {said}");
        gone.push(i);
    }
    until("one session", &server, |s| s.class.sessions() == 1).await;
    assert!(gone.contains(&20), "the first session still plays");
    let survivor = (0..20u8).find(|i| !gone.contains(i)).expect("a survivor");
    for (i, stop) in stops.into_iter().enumerate() {
        if i == usize::from(survivor) {
            let _ = stop.send(());
        }
    }
    let mut t = twins
        .remove(usize::from(survivor))
        .await
        .expect("joined")
        .expect("the survivor's terminal");
    // The campaign so far is there, as saved.
    assert_eq!(autosaves(&dir, "twin"), saves);
    t.until("New campaign").await;
    t.keys("j\r").await;
    t.until("Load a campaign").await;
    t.keys("\r").await;
    t.until("Week 2/12").await;
    assert_eq!(server.class.sessions(), 1);
}

#[test]
fn a_slow_disk_holds_up_only_its_own_student() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, mpsc};
    let dir = TempDir::new().expect("temp dir");
    // The server on a runtime of one worker: what blocks that worker blocks every session.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let armed = Arc::new(AtomicBool::new(false));
    let (entered, mut reading) = tokio::sync::mpsc::unbounded_channel();
    let (release, released) = mpsc::channel::<()>();
    let released = Mutex::new(released);
    let hook = {
        let armed = Arc::clone(&armed);
        move |name: &str| {
            if name == "slow" && armed.load(Ordering::Acquire) {
                let _ = entered.send(());
                let held = released.lock().expect("the release");
                let _ = held.recv_timeout(Duration::from_secs(60));
            }
        }
    };
    let faults = Faults {
        before_read: Some(Arc::new(hook)),
        ..Faults::default()
    };
    let server = server_runtime.block_on(serve_with(settings(&dir), faults));
    clients.block_on(async {
        let mut slow = Term::open(&server, "slow", (100, 30)).await;
        slow.until("New campaign").await;
        let mut other = Term::open(&server, "other", (100, 30)).await;
        other.until("New campaign").await;
        armed.store(true, Ordering::Release);
        // Load: the slow student's folder is read, and the read is held up.
        slow.keys("j\r").await;
        tokio::time::timeout(PATIENCE, reading.recv())
            .await
            .expect("the slow read began");
        // Meanwhile the other student plays.
        other.keys("\r").await;
        let shown = tokio::time::timeout(PATIENCE, other.until("Choose a scenario")).await;
        let _ = release.send(());
        shown.expect("the other student's key was answered while the slow disk read");
        slow.until("Load a campaign").await;
    });
    drop(server);
    server_runtime.shutdown_timeout(Duration::from_secs(5));
}
