//! Frames on their way to a client: one in flight at a time, newer ones coalescing into
//! one whole redraw while the client is still taking the last.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Frame;
use russh::ChannelWriteHalf;
use russh::server::Msg as ServerMsg;
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

use crate::remote_terminal::RemoteTerminal;

/// What goes to the writer.
enum Out {
    Frame(Vec<u8>),
    /// The last bytes; then exit status 0 and the channel closes.
    Last(Vec<u8>),
}

/// The way frames go to the client: one in flight at a time, each delivered within the
/// stall time or the session ends.
pub(super) struct Frames {
    queue: mpsc::Sender<Out>,
    sent: Arc<Notify>,
    /// Told when a frame could not be delivered in time, or at all.
    lost: Arc<Notify>,
    /// A frame was dropped: the client's screen is behind and needs a whole redraw.
    behind: AtomicBool,
    writer: JoinHandle<()>,
    stall: Duration,
}

impl Frames {
    /// Starts the task that writes frames to the channel, waiting for the client's window
    /// at most `stall` for each.
    pub(super) fn start(out: ChannelWriteHalf<ServerMsg>, stall: Duration) -> Frames {
        let (queue, mut frames) = mpsc::channel::<Out>(1);
        let sent = Arc::new(Notify::new());
        let lost = Arc::new(Notify::new());
        let (on_sent, on_lost) = (Arc::clone(&sent), Arc::clone(&lost));
        // Without a last frame (the game panicked), the channel is left to whoever
        // watches the game.
        let writer = tokio::spawn(async move {
            while let Some(out_bytes) = frames.recv().await {
                match out_bytes {
                    Out::Frame(frame) => {
                        if !matches!(
                            tokio::time::timeout(stall, out.data_bytes(frame)).await,
                            Ok(Ok(()))
                        ) {
                            on_lost.notify_one();
                            return;
                        }
                        on_sent.notify_one();
                    }
                    Out::Last(bytes) => {
                        let close = async {
                            let _ = out.data_bytes(bytes).await;
                            // Without an exit status OpenSSH's `ssh` exits with 255, which
                            // terminals (Windows Terminal, for one) show as a failure.
                            let _ = out.exit_status(0).await;
                            let _ = out.eof().await;
                            let _ = out.close().await;
                        };
                        let _ = tokio::time::timeout(stall, close).await;
                        return;
                    }
                }
            }
        });
        Frames {
            queue,
            sent,
            lost,
            behind: AtomicBool::new(false),
            writer,
            stall,
        }
    }

    /// Draws a screen and hands the frame on, or, while the last one is still on its way,
    /// drops it and remembers that the next must be whole.
    pub(super) fn send(&self, terminal: &mut RemoteTerminal, draw: impl FnOnce(&mut Frame)) {
        if self.behind.load(Ordering::Relaxed) && terminal.repaint().is_err() {
            return;
        }
        let Ok(bytes) = terminal.draw(draw) else {
            return;
        };
        if bytes.is_empty() && !self.behind.load(Ordering::Relaxed) {
            return;
        }
        match self.queue.try_send(Out::Frame(bytes)) {
            Ok(()) => self.behind.store(false, Ordering::Relaxed),
            Err(_) => self.behind.store(true, Ordering::Relaxed),
        }
    }

    /// Whether a frame was dropped and a whole one is owed.
    pub(super) fn behind(&self) -> bool {
        self.behind.load(Ordering::Relaxed)
    }

    /// Resolves when the writer has sent a frame.
    pub(super) async fn ready(&self) {
        self.sent.notified().await;
    }

    /// Resolves when a frame could not be delivered within the stall time.
    pub(super) async fn lost(&self) {
        self.lost.notified().await;
    }

    /// Sends the last bytes and closes the channel, all within the stall time.
    pub(super) async fn last(mut self, bytes: Vec<u8>) {
        let writer = &mut self.writer;
        let queue = &self.queue;
        let _ = tokio::time::timeout(self.stall, async {
            if queue.send(Out::Last(bytes)).await.is_ok() {
                let _ = writer.await;
            }
        })
        .await;
    }
}

impl Drop for Frames {
    /// A writer still waiting for the client is stopped with the session.
    fn drop(&mut self) {
        self.writer.abort();
    }
}
