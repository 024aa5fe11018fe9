//! A student's store on the server: their saves in their own folder of the class folder
//! (written as the local game writes them), the class's scenario, and the class handout
//! waiting among their saves. A student reaches no other file.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::class::{Class, Handout, ReadHook};
use super::disk::may_wait_on_disk;
use arenas_files::diag::Diagnostics;
use arenas_files::save::{self, Entry, Saved};
use arenas_files::scenario::{self, Loaded};
use arenas_tui::app::{ScenarioFolder, WriteError, WriteMode};
use arenas_tui::store::{FsStore, Store};

/// One student's saves and the class's scenarios.
pub struct ClassStore {
    saves: FsStore,
    class: Arc<Class>,
    /// The student's name and a test's hook on their reads.
    name: String,
    before_read: Option<ReadHook>,
}

/// `dir`, made if it is not there; refused when it is a symbolic link or not a folder, so
/// that nothing is written through a link inside the class folder (to another student's
/// folder, or out of the class).
fn own_folder(dir: &Path) -> io::Result<()> {
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    is_own_folder(dir)
}

/// What holds a name a handout's copy may take.
enum Occupant {
    None,
    /// A copy of this very handout.
    SameHandout,
    /// A handout no one has played: nothing of the student's is in it.
    UnplayedHandout,
    /// A save the student played, a file that is no save, or one that cannot be read.
    Other,
}

impl Occupant {
    fn of(path: &Path, handout: &str) -> Occupant {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Occupant::None,
            Err(_) => return Occupant::Other,
            Ok(_) => {}
        }
        match arenas_files::files::read_text(path, save::MAX_SAVE_BYTES) {
            Ok(text) if text == handout => Occupant::SameHandout,
            Ok(text) => match save::parse(&path.display().to_string(), &text) {
                Ok(saved) if saved.is_unplayed_handout() => Occupant::UnplayedHandout,
                _ => Occupant::Other,
            },
            Err(_) => Occupant::Other,
        }
    }
}

/// Whether `dir` is a folder itself, not a symbolic link to one (nor anything else).
fn is_own_folder(dir: &Path) -> io::Result<()> {
    let kind = std::fs::symlink_metadata(dir)?.file_type();
    let what = if kind.is_symlink() {
        "is a symbolic link, which the server does not follow"
    } else if !kind.is_dir() {
        "is not a folder"
    } else {
        return Ok(());
    };
    Err(io::Error::other(format!("{} {what}", dir.display())))
}

impl ClassStore {
    /// The store of student `name` (a cleaned name), its folder created, with the class
    /// handout copied in when it is not there yet.
    ///
    /// # Errors
    /// When the folder cannot be created, or it or `students` is a symbolic link.
    pub fn open(class: &Arc<Class>, name: &str) -> io::Result<ClassStore> {
        let dir = class.student_dir(name);
        std::fs::create_dir_all(&class.settings.dir)?;
        let students = dir.parent().unwrap_or(&class.settings.dir);
        own_folder(students)?;
        own_folder(&dir)?;
        let store = ClassStore {
            saves: FsStore::new(dir, PathBuf::new()),
            class: Arc::clone(class),
            name: name.to_owned(),
            before_read: class.faults().before_read.clone(),
        };
        if let Some(handout) = class.handout() {
            store.copy_handout(&handout);
        }
        Ok(store)
    }

    /// Puts a copy of `handout` among the student's saves under its name, unless the
    /// same copy is there already (from an earlier login, or an earlier push). A copy of a
    /// handout no one has played under that name (another handout of the same name, say)
    /// is replaced; a save the student played, or a file that is no save, is never
    /// touched: the copy then takes the name with `-2`, `-3`, … and the log says so.
    pub fn copy_handout(&self, handout: &Handout) {
        if self.checked().is_err() {
            return;
        }
        let dir = self.class.student_dir(&self.name);
        may_wait_on_disk(|| {
            for (i, name) in handout.copy_names().enumerate() {
                let path = dir.join(&name);
                let replace = match Occupant::of(&path, &handout.text) {
                    Occupant::None => save::Replace::No,
                    Occupant::SameHandout => return,
                    Occupant::UnplayedHandout => save::Replace::Yes,
                    Occupant::Other => continue,
                };
                match save::write_atomic(&path, &handout.text, replace) {
                    Ok(()) => {
                        if i > 0 {
                            self.class.log(format!(
                                "{}: the handout is copied as {name}, as {} holds a save of \
                                 their own",
                                self.name,
                                handout.copy_name()
                            ));
                        }
                        return;
                    }
                    // Written meanwhile: look at it again under the next name.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => {
                        self.class.log(format!(
                            "{}: the handout could not be copied as {name}: {e}",
                            self.name
                        ));
                        return;
                    }
                }
            }
            self.class.log(format!(
                "{}: the handout was not copied: every name it may take holds a save of \
                 their own",
                self.name
            ));
        });
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

    /// Checks, before each use, that the student's folder and `students` are still
    /// folders of their own (not links put there since); a refusal is logged.
    fn checked(&self) -> io::Result<()> {
        let dir = self.class.student_dir(&self.name);
        let students = dir.parent().unwrap_or(&self.class.settings.dir);
        let checked = is_own_folder(students).and_then(|()| is_own_folder(&dir));
        if let Err(e) = &checked {
            self.class
                .log(format!("{}: nothing written or read: {e}", self.name));
        }
        checked
    }
}

impl Store for ClassStore {
    fn location(&self) -> String {
        self.location_text()
    }

    fn list_saves(&self) -> Vec<Entry> {
        if self.checked().is_err() {
            return Vec::new();
        }
        self.read(FsStore::list_saves)
    }

    fn write_save(
        &mut self,
        name: &str,
        text: &str,
        mode: WriteMode,
    ) -> Result<String, WriteError> {
        // An autosave is written and synced as each turn resolves.
        may_wait_on_disk(|| {
            if self.checked().is_err() {
                return Err(WriteError::Failed(
                    "your folder on the class server cannot be used; tell your instructor".into(),
                ));
            }
            self.saves.write_save(name, text, mode)
        })
    }

    fn read_save(&self, entry: &Entry) -> Result<Saved, Diagnostics> {
        self.read(|saves| saves.read_save(entry))
    }

    fn list_scenarios(&self) -> Vec<scenario::Entry> {
        self.class.scenarios().to_vec()
    }

    fn scenarios_folder(&self) -> Option<ScenarioFolder> {
        None
    }

    fn read_scenario(&self, entry: &scenario::Entry) -> Result<Loaded, Diagnostics> {
        self.read(|saves| saves.read_scenario(entry))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;
    use std::time::Duration;

    use super::*;
    use crate::class::{Access, Settings};
    use arenas_sim::forecast::Pool;

    fn class(dir: &Path) -> Arc<Class> {
        let settings = Settings {
            dir: dir.to_path_buf(),
            scenario: None,
            handout: None,
            class: Default::default(),
            access: Access::Open,
            max_sessions: 4,
            idle: Duration::from_secs(60),
            login: Duration::from_secs(60),
            stall: Duration::from_secs(30),
            forecast_threads: 1,
            rooms: 0,
            deadline: crate::rooms::DEFAULT_DEADLINE,
        };
        let pool = Pool::new(std::num::NonZeroUsize::MIN, 1).expect("a pool");
        Class::new(settings, pool, false)
    }

    fn files(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, Iterator::count)
    }

    #[test]
    fn a_student_folder_that_is_a_link_is_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        let class = class(tmp.path());
        let students = tmp.path().join("students");
        let alice = students.join("alice");
        std::fs::create_dir_all(&alice).expect("alice's folder");
        symlink(&alice, students.join("bob")).expect("a link to alice's folder");
        symlink(outside.path(), students.join("eve")).expect("a link out of the class");
        for name in ["bob", "eve"] {
            let refused = ClassStore::open(&class, name).err().expect("refused");
            assert!(refused.to_string().contains("symbolic link"), "{refused}");
        }
        assert!(ClassStore::open(&class, "carol").is_ok());
        assert_eq!((files(&alice), files(outside.path())), (0, 0));
    }

    #[test]
    fn a_students_folder_that_is_a_link_is_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        symlink(elsewhere.path(), tmp.path().join("students")).expect("a link");
        let refused = ClassStore::open(&class(tmp.path()), "alice")
            .err()
            .expect("refused");
        assert!(refused.to_string().contains("symbolic link"), "{refused}");
        assert_eq!(files(elsewhere.path()), 0);
    }

    #[test]
    fn a_link_put_in_place_of_an_open_folder_is_not_written_through() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let class = class(tmp.path());
        let mut store = ClassStore::open(&class, "bob").expect("bob's folder");
        let students = tmp.path().join("students");
        let alice = students.join("alice");
        std::fs::create_dir_all(&alice).expect("alice's folder");
        std::fs::remove_dir(students.join("bob")).expect("bob's folder removed");
        symlink(&alice, students.join("bob")).expect("a link to alice's folder");
        let written = store.write_save("autosave", "text", WriteMode::Replace);
        assert!(matches!(written, Err(WriteError::Failed(_))), "{written:?}");
        assert!(store.list_saves().is_empty());
        assert_eq!(files(&alice), 0);
        let log = class.last_log(5);
        assert!(
            log.iter()
                .any(|l| l.starts_with("bob: nothing written or read: ")
                    && l.contains("symbolic link")),
            "{log:?}"
        );
    }
}
