//! The load bench of `arenas serve`: a class of simulated students on loopback, each
//! playing a whole campaign by keys with a forecast every few turns, against the real
//! binary in a child process. It reports key-to-frame latency (p50, p99, max), the
//! server's CPU time and its memory per session; it asserts only that every campaign
//! finished, never a time.
//!
//! Run it, optimised, with
//!
//! ```text
//! cargo test --release --test integration -- --ignored --nocapture serve_load::
//! ```
//!
//! `ARENAS_LOAD_STUDENTS` sets the class size (`ARENAS_LOAD_STUDENTS=100`, or a list:
//! `10,50`); without it the bench runs 10, 50 and 100 students in turn, each class on a
//! fresh server. `ARENAS_LOAD_BIN` names another server binary to measure (an earlier
//! build, to compare).
//!
//! What a student does: connects from an address of their own on the loopback network
//! (`127.1.x.y`: the server limits connections per address, as a class on a LAN comes
//! from many machines), logs in with the class code, opens a 100 × 30 terminal, starts a
//! campaign from the menu and plays its 12 turns. Before each commit they press `j` and
//! `k`; on every third turn they open the forecast (`f`), watch it until it is done or
//! for a fixed number of frames, and close it (Esc); then they commit (`c`). Between two
//! keys a student thinks for 50 to 150 ms (drawn from a generator seeded with their
//! number), and the class arrives over the first two seconds: a class, not a flood.
//!
//! Key-to-frame latency is the time from sending a key to the first data the client
//! receives after it. The client reads all the time (a task of its own stamps each
//! message as it arrives); a key that brings no data within [`KEY_TIMEOUT`] is counted
//! as such, not waited for. The server's CPU time (user + system) and memory (VmRSS,
//! VmHWM) come from `/proc/PID/stat` and `/proc/PID/status` of the child process;
//! memory per session is (peak − idle) / N, the peak being the kernel's high-water mark
//! while all N students are connected. The clients run in this process on the same two
//! cores: their CPU time is reported too.
#![cfg(all(feature = "server", target_os = "linux"))]

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use russh::client::{self, Handle};
use russh::{ChannelMsg, ChannelWriteHalf};
use tempfile::TempDir;
use tokio::sync::mpsc;

use crate::common::ssh;
use ssh::{Client, connect_from, open_terminal, side, stuck_client};

/// The bench and the soak measure one server at a time: run together (as `--ignored`
/// runs them), the one waits for the other.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

mod proc;
mod rooms;
mod soak;
mod student;

use proc::*;
use student::*;

const CODE: &str = "load-bench-code";
const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;
/// Turns of the bundled scenario's campaign.
const TURNS: u32 = 12;
/// A forecast on every turn that is a multiple of this.
const FORECAST_EVERY: u32 = 3;
/// Frames a student watches a forecast for, at most, before closing it.
const FORECAST_FRAMES: usize = 10;
/// The longest a student watches a forecast.
const FORECAST_WATCH: Duration = Duration::from_secs(5);
/// Think time between two keys, in milliseconds.
const THINK_MS: std::ops::RangeInclusive<u64> = 50..=150;
/// The class arrives over this long.
const ARRIVAL: Duration = Duration::from_secs(2);
/// A key that brings no data in this long is counted as frameless.
const KEY_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a student waits for a screen they expect (then their campaign failed).
const PATIENCE: Duration = Duration::from_secs(120);
/// The longest a whole class may take.
const CLASS_PATIENCE: Duration = Duration::from_secs(900);
/// How often the server's memory is sampled while the class plays.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// The server binary running in a child process; stopped (or killed) when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    /// What the server has written to stdout: its log.
    log: Arc<Mutex<Vec<String>>>,
    _dir: TempDir,
}

impl Server {
    /// A server for `max_sessions` students with `rooms` rooms of team play.
    fn start(max_sessions: usize, rooms: usize) -> Server {
        let dir = TempDir::new().expect("temp dir");
        let class_dir = dir.path().join("class");
        let binary = std::env::var_os("ARENAS_LOAD_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_arenas").into());
        let mut child = Command::new(binary)
            .arg("--save-dir")
            .arg(dir.path().join("saves"))
            .arg("--scenario-dir")
            .arg(dir.path().join("scenarios"))
            .args(["serve", "--listen", "127.0.0.1:0", "--class-dir"])
            .arg(&class_dir)
            .args(["--password", CODE, "--max-sessions"])
            .arg(max_sessions.to_string())
            .arg("--rooms")
            .arg(rooms.to_string())
            // Weeks end when every seat commits, long before this.
            .args(["--deadline-seconds", "3600"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the arenas binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = std::sync::mpsc::channel();
        {
            let log = Arc::clone(&log);
            // Reads the log for as long as the server writes it, so that its pipe never
            // fills up.
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(rest) = line.strip_prefix("listening on ") {
                        let addr = rest.split(';').next().unwrap_or_default();
                        if let Ok(addr) = addr.parse::<SocketAddr>() {
                            let _ = found.send(addr);
                        }
                    }
                    log.lock().expect("log lock").push(line);
                }
            });
        }
        let address = match address.recv_timeout(Duration::from_secs(30)) {
            Ok(a) => a,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server never said where it listens; it said {:?}",
                    log.lock().expect("log lock")
                );
            }
        };
        Server {
            child,
            address,
            log,
            _dir: dir,
        }
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    fn sample(&self) -> ProcSample {
        proc_sample(&self.pid())
    }

    /// Log lines that tell of something wrong.
    fn troubles(&self) -> Vec<String> {
        self.log
            .lock()
            .expect("log lock")
            .iter()
            .filter(|l| {
                ["fail", "refused", "error", "idle", "panic"]
                    .iter()
                    .any(|w| l.contains(w))
            })
            .cloned()
            .collect()
    }

    /// Ends the class as the instructor's SIGTERM does, killing the server if it lingers.
    fn stop(mut self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid");
        // SAFETY: the pid is our own child's, not yet waited for.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("the server did not stop on SIGTERM in 15 s; killed");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The figures of one class.
struct Figures {
    students: usize,
    finished: usize,
    turns: u32,
    forecasts: u32,
    keys: usize,
    frameless: u32,
    p50: Duration,
    p99: Duration,
    max: Duration,
    frames: u64,
    mean_frame: u64,
    largest_frame: usize,
    wall: Duration,
    server_cpu: f64,
    client_cpu: f64,
    /// Busy CPU time of everything else on the machine meanwhile, and time stolen.
    others_cpu: f64,
    steal: f64,
    idle: ProcSample,
    peak_kib: u64,
    sampled_peak_kib: u64,
    end: ProcSample,
    after_kib: u64,
    /// p50/p99/max latency by key.
    by_key: String,
    /// The server's CPU seconds by thread name, over its whole life.
    threads: String,
}

impl Figures {
    fn per_session_kib(&self) -> u64 {
        self.peak_kib.saturating_sub(self.idle.rss_kib) / self.students.max(1) as u64
    }

    fn cpu_percent(&self) -> f64 {
        100.0 * self.server_cpu / self.wall.as_secs_f64().max(1e-9)
    }
}

/// The nearest-rank percentile `p` of sorted `values`.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

/// What the students of a bench play.
#[derive(Clone, Copy, Debug)]
enum Play {
    /// Each their own campaign.
    Solo,
    /// Rooms of `seats` students each: student `i` takes seat `i % seats` (the operations
    /// room first) of room `i / seats`.
    Rooms { seats: usize },
}

/// Runs a class of `n` students against a fresh server.
async fn class(n: usize, play: Play) -> Figures {
    let rooms = match play {
        Play::Solo => 0,
        Play::Rooms { seats } => n.div_ceil(seats),
    };
    let server = Server::start(200.max(n), rooms);
    // Let the server settle before its idle figures are taken.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = server.sample();
    let client_before = proc_sample("self");
    let machine_before = machine_cpu();
    let pid = server.pid();
    let (stop_sampling, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        loop {
            peak = peak.max(proc_sample(&pid).rss_kib);
            tokio::select! {
                _ = &mut stopped => return peak,
                () = tokio::time::sleep(SAMPLE_EVERY) => {}
            }
        }
    });
    let started = Instant::now();
    let mut arrivals = ChaCha8Rng::seed_from_u64(n as u64);
    let students: Vec<_> = (0..n)
        .map(|i| {
            let arrival = ARRIVAL.mul_f64(arrivals.random_range(0.0..1.0));
            tokio::spawn(student(server.address, i, arrival, play))
        })
        .collect();
    let mut tallies = Vec::with_capacity(n);
    let mut kept = Vec::with_capacity(n);
    let deadline = tokio::time::Instant::now() + CLASS_PATIENCE;
    for (i, s) in students.into_iter().enumerate() {
        match tokio::time::timeout_at(deadline, s).await {
            Ok(Ok((tally, k))) => {
                tallies.push(tally);
                kept.extend(k);
            }
            Ok(Err(e)) => tallies.push(Tally {
                failure: Some(format!("student {i} panicked: {e}")),
                ..Tally::default()
            }),
            Err(_) => tallies.push(Tally {
                failure: Some(format!(
                    "student {i} was still playing after {CLASS_PATIENCE:?}"
                )),
                ..Tally::default()
            }),
        }
    }
    // Every student is still connected: the class at its largest.
    let wall = started.elapsed();
    let end = server.sample();
    let client_after = proc_sample("self");
    let machine_after = machine_cpu();
    let _ = stop_sampling.send(());
    let sampled_peak_kib = sampler.await.unwrap_or(0);
    let threads = thread_cpu(&server.pid());
    drop(kept);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after_kib = server.sample().rss_kib;
    for (i, t) in tallies.iter().enumerate() {
        if let Some(why) = &t.failure {
            eprintln!("student {i}: {why}");
        }
    }
    let troubles = server.troubles();
    if !troubles.is_empty() {
        eprintln!("the server's log tells of trouble:");
        for line in troubles.iter().take(20) {
            eprintln!("  {line}");
        }
    }
    server.stop();

    let mut latencies: Vec<Duration> = tallies
        .iter()
        .flat_map(|t| t.latencies.iter().map(|&(_, d)| d))
        .collect();
    latencies.sort_unstable();
    let by_key = ["Enter", "j/k", "f", "Esc", "c", "arrows"]
        .iter()
        .map(|&name| {
            let mut these: Vec<Duration> = tallies
                .iter()
                .flat_map(|t| t.latencies.iter())
                .filter(|&&(k, _)| k == name)
                .map(|&(_, d)| d)
                .collect();
            these.sort_unstable();
            format!(
                "{name} {}/{}/{} ms ({})",
                ms(percentile(&these, 50.0)),
                ms(percentile(&these, 99.0)),
                ms(these.last().copied().unwrap_or_default()),
                these.len()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let frames = tallies.iter().map(|t| t.frames).sum::<u64>();
    let bytes = tallies.iter().map(|t| t.bytes).sum::<u64>();
    Figures {
        students: n,
        finished: tallies.iter().filter(|t| t.finished).count(),
        turns: tallies.iter().map(|t| t.turns).sum(),
        forecasts: tallies.iter().map(|t| t.forecasts).sum(),
        keys: latencies.len() + tallies.iter().map(|t| t.frameless as usize).sum::<usize>(),
        frameless: tallies.iter().map(|t| t.frameless).sum(),
        p50: percentile(&latencies, 50.0),
        p99: percentile(&latencies, 99.0),
        max: latencies.last().copied().unwrap_or_default(),
        frames,
        mean_frame: bytes / frames.max(1),
        largest_frame: tallies.iter().map(|t| t.largest).max().unwrap_or(0),
        wall,
        server_cpu: end.cpu - idle.cpu,
        client_cpu: client_after.cpu - client_before.cpu,
        others_cpu: (machine_after.0 - machine_before.0)
            - (end.cpu - idle.cpu)
            - (client_after.cpu - client_before.cpu),
        steal: machine_after.1 - machine_before.1,
        idle,
        peak_kib: end.hwm_kib,
        sampled_peak_kib,
        end,
        after_kib,
        by_key,
        threads,
    }
}

fn classes() -> Vec<usize> {
    match std::env::var("ARENAS_LOAD_STUDENTS") {
        Ok(v) if !v.trim().is_empty() => v
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("ARENAS_LOAD_STUDENTS: {n:?} is not a number"))
            })
            .collect(),
        _ => vec![10, 50, 100],
    }
}

fn table(all: &[Figures]) -> String {
    let mut out = String::new();
    out.push_str(
        "    N  finished   keys  no-frame  p50 ms  p99 ms  max ms   frames  B/frame  \
         cpu s  cpu %  client cpu s  RSS idle MiB  RSS peak MiB  per session KiB\n",
    );
    for f in all {
        out.push_str(&format!(
            "{:>5}  {:>8}  {:>5}  {:>8}  {:>6}  {:>6}  {:>6}  {:>7}  {:>7}  {:>5.1}  {:>5.1}  \
             {:>12.1}  {:>12}  {:>12}  {:>15}\n",
            f.students,
            format!("{}/{}", f.finished, f.students),
            f.keys,
            f.frameless,
            ms(f.p50),
            ms(f.p99),
            ms(f.max),
            f.frames,
            f.mean_frame,
            f.server_cpu,
            f.cpu_percent(),
            f.client_cpu,
            mib(f.idle.rss_kib),
            mib(f.peak_kib),
            f.per_session_kib(),
        ));
    }
    out
}

/// Prints the figures of a class of `n`.
fn print_figures(n: usize, f: &Figures) {
    println!(
        "N = {n}: {} of {n} campaigns finished in {:.1} s ({} turns, {} forecasts); latency p50 {} ms, p99 {} ms, \
             max {} ms over {} keys ({} brought no frame in {KEY_TIMEOUT:?}); {} frames, \
             {} bytes on average, the largest {} bytes; server CPU {:.1} s ({:.0}% of one core \
             over the wall time), clients' CPU {:.1} s, the rest of the machine {:.1} s (stolen \
             {:.1} s); server RSS idle {} MiB, peak {} MiB \
             (sampled {} MiB), {} MiB at the end with all connected ({} threads), {} MiB 2 s \
             after they left: {} KiB per session\n  latency p50/p99/max by key: {}\n  \
             server CPU by thread: {}",
        f.finished,
        f.wall.as_secs_f64(),
        f.turns,
        f.forecasts,
        ms(f.p50),
        ms(f.p99),
        ms(f.max),
        f.keys,
        f.frameless,
        f.frames,
        f.mean_frame,
        f.largest_frame,
        f.server_cpu,
        f.cpu_percent(),
        f.client_cpu,
        f.others_cpu.max(0.0),
        f.steal,
        mib(f.idle.rss_kib),
        mib(f.peak_kib),
        mib(f.sampled_peak_kib),
        mib(f.end.rss_kib),
        f.end.threads,
        mib(f.after_kib),
        f.per_session_kib(),
        f.by_key,
        f.threads,
    );
}

#[test]
#[ignore = "a load bench: run it optimised, with --ignored --nocapture"]
fn a_class_plays_whole_campaigns_with_forecasts() {
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!(
        "arenas serve load bench: {cores} cores; each student a {WIDTH}x{HEIGHT} terminal, \
         {TURNS} turns, j and k before each commit, a forecast every {FORECAST_EVERY} turns \
         (watched until done or {FORECAST_FRAMES} frames, at most {FORECAST_WATCH:?}), \
         {}-{} ms thinking between keys, arrivals over {ARRIVAL:?}; clients in this process, \
         the server a child process",
        THINK_MS.start(),
        THINK_MS.end()
    );
    let mut all = Vec::new();
    for n in classes() {
        let f = runtime.block_on(class(n, Play::Solo));
        print_figures(n, &f);
        all.push(f);
    }
    println!("\n{}", table(&all));
    for f in &all {
        assert_eq!(
            f.finished,
            f.students,
            "{} of {} campaigns did not finish (see above)",
            f.students - f.finished,
            f.students
        );
    }
}
