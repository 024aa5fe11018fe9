//! A student's store on the server: their saves in their own folder of the class folder
//! (written as the local game writes them), the class's scenario, and the class handout
//! waiting among their saves. A student reaches no other file.

use std::path::PathBuf;
use std::sync::Arc;

use super::class::{Class, ReadHook};
use crate::diag::Diagnostics;
use crate::save::{self, Entry, Saved};
use crate::scenario::{self, Loaded};
use crate::tui::app::{ScenarioFolder, WriteError, WriteMode};
use crate::tui::store::{FsStore, Store};

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

/// One student's saves and the class's scenarios.
pub struct ClassStore {
    saves: FsStore,
    /// Shared by the class: read once, not for every student.
    scenarios: Arc<[scenario::Entry]>,
    /// The student's name and a test's hook on their reads.
    name: String,
    before_read: Option<ReadHook>,
}

impl ClassStore {
    /// The store of student `name` (a cleaned name), its folder created, with the class
    /// handout copied in when it is not there yet.
    ///
    /// # Errors
    /// When the folder cannot be created.
    pub fn open(class: &Class, name: &str) -> std::io::Result<ClassStore> {
        let dir = class.student_dir(name);
        std::fs::create_dir_all(&dir)?;
        if let Some(handout) = &class.settings.handout {
            let path = dir.join(save::file_name(&format!("handout {}", handout.file)));
            // Already there (from an earlier login) is as good as written.
            let _ = save::write_atomic(&path, &handout.text, save::Replace::No);
        }
        Ok(ClassStore {
            saves: FsStore::new(dir, PathBuf::new()),
            scenarios: class.scenarios(),
            name: name.to_owned(),
            before_read: class.faults().before_read.clone(),
        })
    }

    /// Reads the student's folder off the runtime's workers.
    fn read<T>(&self, work: impl FnOnce(&FsStore) -> T) -> T {
        may_wait_on_disk(|| {
            if let Some(hook) = &self.before_read {
                hook(&self.name);
            }
            work(&self.saves)
        })
    }

    /// Where saves go, as a student is told: their folder, not the server's paths.
    pub fn location_text(&self) -> String {
        "your folder on the class server".to_owned()
    }
}

impl Store for ClassStore {
    fn location(&self) -> String {
        self.location_text()
    }

    fn list_saves(&self) -> Vec<Entry> {
        self.read(FsStore::list_saves)
    }

    fn write_save(
        &mut self,
        name: &str,
        text: &str,
        mode: WriteMode,
    ) -> Result<String, WriteError> {
        // An autosave is written and synced as each turn resolves.
        may_wait_on_disk(|| self.saves.write_save(name, text, mode))
    }

    fn read_save(&self, entry: &Entry) -> Result<Saved, Diagnostics> {
        self.read(|saves| saves.read_save(entry))
    }

    fn list_scenarios(&self) -> Vec<scenario::Entry> {
        self.scenarios.to_vec()
    }

    fn scenarios_folder(&self) -> Option<ScenarioFolder> {
        None
    }

    fn read_scenario(&self, entry: &scenario::Entry) -> Result<Loaded, Diagnostics> {
        self.read(|saves| saves.read_scenario(entry))
    }
}
