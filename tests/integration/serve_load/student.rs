//! One simulated student: a terminal over SSH playing a whole campaign by keys, and what
//! it saw.

use super::*;

/// What one student saw.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Key-to-frame latencies of the keys that brought data, with the key.
    pub(super) latencies: Vec<(&'static str, Duration)>,
    /// Keys after which no data came within [`KEY_TIMEOUT`].
    pub(super) frameless: u32,
    /// Data messages received, and their bytes.
    pub(super) frames: u64,
    pub(super) bytes: u64,
    pub(super) largest: usize,
    /// Turns committed, and forecasts opened.
    pub(super) turns: u32,
    pub(super) forecasts: u32,
    pub(super) finished: bool,
    /// Why the campaign did not finish.
    pub(super) failure: Option<String>,
}

/// A connection kept open until the whole class is measured.
pub(super) struct Kept {
    pub(super) _handle: Handle<Client>,
    pub(super) _write: ChannelWriteHalf<client::Msg>,
}

/// One simulated student: their terminal and what they saw.
pub(super) struct Student {
    pub(super) write: ChannelWriteHalf<client::Msg>,
    /// Data from the server, stamped when it arrived.
    pub(super) incoming: mpsc::UnboundedReceiver<(Instant, Vec<u8>)>,
    pub(super) screen: vt100::Parser,
    pub(super) rng: ChaCha8Rng,
    pub(super) tally: Tally,
    pub(super) handle: Handle<Client>,
}

/// How the report names a key.
pub(super) fn key_name(bytes: &[u8]) -> &'static str {
    match bytes {
        b"\r" => "Enter",
        b"j" | b"k" => "j/k",
        b"f" => "f",
        b"\x1b" => "Esc",
        b"c" => "c",
        b"\x1b[A" | b"\x1b[B" => "arrows",
        _ => "other",
    }
}

/// Student `i`'s own loopback address.
pub(super) fn student_address(i: usize) -> Ipv4Addr {
    let i = u32::try_from(i).expect("a class fits in u32");
    Ipv4Addr::new(
        127,
        1,
        u8::try_from(i / 250).expect("fewer than 64,000 students"),
        u8::try_from(i % 250 + 1).expect("under 251"),
    )
}

impl Student {
    pub(super) async fn connect(server: SocketAddr, i: usize) -> Result<Student, String> {
        let mut handle =
            connect_from(server, student_address(i).into(), client::Config::default()).await?;
        let channel = open_terminal(
            &mut handle,
            &format!("student {i:03}"),
            CODE,
            (WIDTH, HEIGHT),
        )
        .await?;
        let (mut read, write) = channel.split();
        let (tx, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(msg) = read.wait().await {
                let gone = match msg {
                    ChannelMsg::Data { data } => tx.send((Instant::now(), data.to_vec())).is_err(),
                    ChannelMsg::Eof | ChannelMsg::Close => true,
                    _ => false,
                };
                if gone {
                    return;
                }
            }
        });
        Ok(Student {
            write,
            incoming,
            screen: vt100::Parser::new(side(HEIGHT), side(WIDTH), 0),
            rng: ChaCha8Rng::seed_from_u64(i as u64),
            tally: Tally::default(),
            handle,
        })
    }

    /// Presses `q` then `y` and takes what comes until the server closes the channel.
    pub(super) async fn quit(&mut self) -> Result<(), String> {
        self.key(b"q").await?;
        self.until_shows("Quit").await?;
        self.key(b"y").await?;
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match self.next(deadline).await {
                Err(_) => return Ok(()),
                Ok(Some(_)) => {}
                Ok(None) => return Err("the channel stayed open after quitting".into()),
            }
        }
    }

    pub(super) fn shows(&self, what: &str) -> bool {
        self.screen.screen().contents().contains(what)
    }

    pub(super) fn take(&mut self, data: &[u8]) {
        self.screen.process(data);
        self.tally.frames += 1;
        self.tally.bytes += data.len() as u64;
        self.tally.largest = self.tally.largest.max(data.len());
    }

    /// Takes what arrives until `deadline`; the arrival time of what came, or none when
    /// nothing did in time. Fails when the server closed the channel.
    pub(super) async fn next(
        &mut self,
        deadline: tokio::time::Instant,
    ) -> Result<Option<Instant>, String> {
        match tokio::time::timeout_at(deadline, self.incoming.recv()).await {
            Ok(Some((at, data))) => {
                self.take(&data);
                Ok(Some(at))
            }
            Ok(None) => Err(format!(
                "the server closed the channel; the screen shows:\n{}",
                self.screen.screen().contents()
            )),
            Err(_) => Ok(None),
        }
    }

    /// Thinks for a moment, taking what the server sends meanwhile.
    pub(super) async fn think(&mut self) -> Result<(), String> {
        let pause = Duration::from_millis(self.rng.random_range(THINK_MS));
        let until = tokio::time::Instant::now() + pause;
        while self.next(until).await?.is_some() {}
        Ok(())
    }

    /// Presses a key and measures the time to the first data after it.
    pub(super) async fn key(&mut self, bytes: &'static [u8]) -> Result<(), String> {
        let sent = Instant::now();
        self.write
            .data(bytes)
            .await
            .map_err(|e| format!("sending {bytes:?}: {e}"))?;
        let deadline = tokio::time::Instant::from_std(sent + KEY_TIMEOUT);
        loop {
            match self.next(deadline).await? {
                Some(at) if at >= sent => {
                    self.tally.latencies.push((key_name(bytes), at - sent));
                    return Ok(());
                }
                // Data from before the key, read late.
                Some(_) => {}
                None => {
                    self.tally.frameless += 1;
                    return Ok(());
                }
            }
        }
    }

    /// Takes what arrives until the screen passes `test`.
    pub(super) async fn until(
        &mut self,
        what: &str,
        test: impl Fn(&str) -> bool,
    ) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if test(&self.screen.screen().contents()) {
                return Ok(());
            }
            if self.next(deadline).await?.is_none() {
                return Err(format!(
                    "the screen never showed {what} in {PATIENCE:?}; it shows:\n{}",
                    self.screen.screen().contents()
                ));
            }
        }
    }

    pub(super) async fn until_shows(&mut self, what: &str) -> Result<(), String> {
        self.until(&format!("{what:?}"), |s| s.contains(what)).await
    }

    /// Opens the forecast, watches it until it is done or for a few frames, and closes it.
    pub(super) async fn forecast(&mut self) -> Result<(), String> {
        self.key(b"f").await?;
        self.until_shows("rollouts").await?;
        let until = tokio::time::Instant::now() + FORECAST_WATCH;
        let mut seen = 0;
        while seen < FORECAST_FRAMES && !self.shows("(done)") {
            match self.next(until).await? {
                Some(_) => seen += 1,
                None => break,
            }
        }
        self.think().await?;
        self.key(b"\x1b").await?;
        self.until("the forecast closed", |s| !s.contains("rollouts"))
            .await
    }

    /// The whole campaign, from the menu to the debrief.
    pub(super) async fn play(&mut self) -> Result<(), String> {
        self.until_shows("New campaign").await?;
        self.think().await?;
        self.key(b"\r").await?;
        self.until_shows("Choose a scenario").await?;
        self.think().await?;
        self.key(b"\r").await?;
        self.until_shows("commit turn").await?;
        for turn in 1..=TURNS {
            for key in [&b"j"[..], &b"k"[..]] {
                self.think().await?;
                self.key(key).await?;
            }
            if turn % FORECAST_EVERY == 0 {
                self.think().await?;
                self.forecast().await?;
                self.tally.forecasts += 1;
            }
            self.think().await?;
            self.key(b"c").await?;
            let resolved = format!("Week {turn} resolved");
            self.until(&format!("{resolved:?} or the debrief"), |s| {
                s.contains(&resolved) || s.contains(" Debrief · ")
            })
            .await?;
            self.tally.turns = turn;
            if self.shows(" Debrief · ") {
                break;
            }
        }
        if self.shows(" Debrief · ") {
            Ok(())
        } else {
            Err(format!(
                "no debrief after {TURNS} turns; the screen shows:\n{}",
                self.screen.screen().contents()
            ))
        }
    }
}

impl Student {
    /// Takes seat `seat` (0 the operations room) of room `room` from the lobby, then plays
    /// every week of the room's campaign: `j`, `k`, commit, and waits for the week to
    /// resolve.
    pub(super) async fn play_seat(&mut self, room: usize, seat: usize) -> Result<(), String> {
        self.until_shows("Play on your own").await?;
        for _ in 0..=room {
            self.key(b"\x1b[B").await?;
        }
        self.think().await?;
        self.key(b"\r").await?;
        self.until_shows("free (the model").await?;
        // The cursor opens on the first free seat: from the top, then down to `seat`.
        for _ in 0..8 {
            self.key(b"\x1b[A").await?;
        }
        for _ in 0..seat {
            self.key(b"\x1b[B").await?;
        }
        self.think().await?;
        self.key(b"\r").await?;
        self.until_shows("leave seat").await?;
        // The week is read off the screen: a room whose seats were not all taken yet may
        // have resolved a week without this student.
        for _ in 1..=TURNS {
            let Some(week) = self.week_shown() else {
                return Err(format!(
                    "no week in the header; the screen shows:\n{}",
                    self.screen.screen().contents()
                ));
            };
            for key in [&b"j"[..], &b"k"[..]] {
                self.think().await?;
                self.key(key).await?;
            }
            self.think().await?;
            self.key(b"c").await?;
            let next = format!("Week {}/{TURNS}", week + 1);
            self.until(&format!("{next:?} or the campaign's end"), |s| {
                let header = s.lines().next().unwrap_or_default();
                header.contains(&next) || header.contains("campaign over")
            })
            .await?;
            self.tally.turns += 1;
            if self.header().contains("campaign over") {
                return Ok(());
            }
        }
        Err(format!(
            "the campaign did not end after {TURNS} weeks; the screen shows:\n{}",
            self.screen.screen().contents()
        ))
    }
}

impl Student {
    /// The first line of the screen: a seat's header.
    fn header(&self) -> String {
        let text = self.screen.screen().contents();
        text.lines().next().unwrap_or_default().to_owned()
    }

    /// The week a seat's header shows ("Week 3/12" gives 3).
    fn week_shown(&self) -> Option<u32> {
        let text = self.header();
        let (_, rest) = text.split_once("Week ")?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }
}

/// Student `i` arrives, plays and stays connected; what they saw, and their connection.
pub(super) async fn student(
    server: SocketAddr,
    i: usize,
    arrival: Duration,
    play: Play,
) -> (Tally, Option<Kept>) {
    tokio::time::sleep(arrival).await;
    let mut s = match Student::connect(server, i).await {
        Ok(s) => s,
        Err(e) => {
            return (
                Tally {
                    failure: Some(e),
                    ..Tally::default()
                },
                None,
            );
        }
    };
    let played = match play {
        Play::Solo => s.play().await,
        Play::Rooms { seats } => s.play_seat(i / seats, i % seats).await,
    };
    match played {
        Ok(()) => s.tally.finished = true,
        Err(e) => s.tally.failure = Some(e),
    }
    // What is still on its way is not waited for.
    while let Ok((_, data)) = s.incoming.try_recv() {
        s.take(&data);
    }
    let kept = Kept {
        _handle: s.handle,
        _write: s.write,
    };
    (s.tally, Some(kept))
}
