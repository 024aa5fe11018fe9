//! Work that waits on the disk, kept off the keys of other students.

/// Runs `work` that waits on the disk (a save synced: mostly a millisecond, now and then
/// hundreds when the disk is busy; a folder listed, a save read and replayed). On a
/// multi-threaded runtime the worker's other tasks move to another thread meanwhile, so
/// that one student's disk never holds up the keys of the students whose sessions share
/// that worker.
pub fn may_wait_on_disk<T>(work: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}
