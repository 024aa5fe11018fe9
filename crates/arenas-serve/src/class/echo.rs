//! The log's copy on stdout, on a thread of its own.

use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak, mpsc};
use std::time::Duration;

use super::{Class, lock};

/// Log lines queued for stdout at most; more are counted and left out.
pub(super) const ECHO_QUEUE: usize = 1024;

/// The log's copy on stdout, written by a thread of its own, so that a stdout that blocks
/// (a pager nobody scrolls) or fails (a pipe whose reader has gone, a full disk, a closed
/// terminal) holds up and stops no session: a line that finds the queue full is left out
/// and counted, a failed write is lost, and the first failure in a row is noted in the
/// log the dashboard keeps.
pub(super) struct Echo {
    pub(super) lines: mpsc::SyncSender<String>,
    /// Lines left out since the last one written.
    pub(super) left_out: Arc<AtomicUsize>,
    /// Lines queued so far.
    pub(super) queued: AtomicU64,
    /// Lines the thread has written (or failed to) so far, and a wake-up for each.
    pub(super) done: Arc<(Mutex<u64>, Condvar)>,
}

impl Echo {
    /// Starts the thread writing to `out`, which notes its failures in `class`'s log.
    pub(super) fn start(
        mut out: Box<dyn Write + Send>,
        class: Weak<Class>,
    ) -> std::io::Result<Echo> {
        let (lines, queued) = mpsc::sync_channel::<String>(ECHO_QUEUE);
        let left_out = Arc::new(AtomicUsize::new(0));
        let missed = Arc::clone(&left_out);
        let done = Arc::new((Mutex::new(0), Condvar::new()));
        let counted = Arc::clone(&done);
        std::thread::Builder::new()
            .name("arenas-log".into())
            .spawn(move || {
                let mut failing = false;
                // Ends when the class, and with it the sender, is gone.
                for line in queued {
                    let mut text = match missed.swap(0, Ordering::Relaxed) {
                        0 => String::new(),
                        n => format!("({n} log lines left out here: this output fell behind)\n"),
                    };
                    text.push_str(&line);
                    text.push('\n');
                    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                        Ok(()) => failing = false,
                        Err(e) if !failing => {
                            failing = true;
                            if let Some(class) = class.upgrade() {
                                class.keep(format!("log lines cannot be written to stdout: {e}"));
                            }
                        }
                        Err(_) => {}
                    }
                    *lock(&counted.0) += 1;
                    counted.1.notify_all();
                }
            })?;
        Ok(Echo {
            lines,
            left_out,
            queued: AtomicU64::new(0),
            done,
        })
    }

    /// Queues a line, or counts it when the queue is full.
    pub(super) fn send(&self, line: &str) {
        match self.lines.try_send(line.to_owned()) {
            Ok(()) => {
                self.queued.fetch_add(1, Ordering::AcqRel);
            }
            Err(_) => {
                self.left_out.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Waits until the lines queued so far are written, for at most `patience`.
    pub(super) fn flush(&self, patience: Duration) {
        let queued = self.queued.load(Ordering::Acquire);
        let (done, written) = &*self.done;
        let _ = written.wait_timeout_while(lock(done), patience, |d| *d < queued);
    }
}
