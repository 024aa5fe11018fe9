//! What an instructor decides when starting a class: who gets in, the handout, the limits
//! and the rooms; and the faults a test may inject.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use arenas_files::classwork::ClassSettings;
use arenas_files::save::Saved;
use arenas_files::scenario::Loaded;

/// How students get in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Any name with this class code as the password.
    Code(String),
    /// Any name, any password (a trusted lab network).
    Open,
}

/// The most names a handout's copy tries among a student's saves before it gives up.
pub const HANDOUT_COPY_NAMES: usize = 20;

/// A class handout: a save as read from its file.
#[derive(Clone, Debug)]
pub struct Handout {
    /// The file's name, as students see it.
    pub file: String,
    /// The file's text, copied as it is (so it stays sealed).
    pub text: String,
    pub saved: Saved,
}

impl Handout {
    /// Reads the handout at `path`: its save, and its text as it is.
    ///
    /// # Errors
    /// The problems of a file that is no readable save.
    pub fn read(path: &std::path::Path) -> Result<Handout, arenas_files::diag::Diagnostics> {
        let saved = arenas_files::save::load_file(path)?;
        let text = arenas_files::files::read_text(path, arenas_files::save::MAX_SAVE_BYTES)?;
        let file = path.file_stem().map_or_else(
            || "handout".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        Ok(Handout { file, text, saved })
    }

    /// The name of its copy among a student's saves: `handout-` and its own name, which
    /// keeps its name when it starts with `handout` already.
    pub fn copy_name(&self) -> String {
        let own = arenas_files::save::file_name(&self.file);
        if own.starts_with("handout") {
            own
        } else {
            arenas_files::save::file_name(&format!("handout {}", self.file))
        }
    }

    /// The names its copy may take, in order: [`Handout::copy_name`], then the same with
    /// `-2`, `-3`, … up to [`HANDOUT_COPY_NAMES`] names, for when a student's own save
    /// holds the first.
    pub fn copy_names(&self) -> impl Iterator<Item = String> {
        let first = self.copy_name();
        let ext = format!(".{}", arenas_files::save::EXTENSION);
        let stem = first.strip_suffix(&ext).unwrap_or(&first).to_owned();
        std::iter::once(first)
            .chain((2..=HANDOUT_COPY_NAMES).map(move |n| format!("{stem}-{n}{ext}")))
    }
}

/// What an instructor decides when starting a class.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The class folder: the host key, and each student's saves under `students/NAME/`.
    pub dir: PathBuf,
    /// The one scenario new campaigns start from; all bundled ones when none.
    pub scenario: Option<Loaded>,
    /// A save every student may resume, copied into each student's folder; the dashboard
    /// may push another from the class folder's `handouts/` during class.
    pub handout: Option<Handout>,
    /// How much the forecast tells and whether students predict, in place of the
    /// scenario's settings.
    pub class: ClassSettings,
    pub access: Access,
    /// Students playing at once; one more is refused with a message.
    pub max_sessions: usize,
    /// A session without a key for this long is closed (its campaign is saved).
    pub idle: Duration,
    /// A connection not logged in this long after it opened is closed.
    pub login: Duration,
    /// A session whose client has not taken a screen for this long is closed: a client
    /// that stopped reading, or whose network went away without a word.
    pub stall: Duration,
    /// Threads of the forecast pool all sessions share.
    pub forecast_threads: usize,
    /// Rooms for team play opened when the class starts (the dashboard may open more).
    pub rooms: usize,
    /// How long each week of a room lasts.
    pub deadline: Duration,
}

/// A test's hook on reads of a student's folder, called with the student's name.
#[doc(hidden)]
pub type ReadHook = Arc<dyn Fn(&str) + Send + Sync>;

/// Faults a test injects into a class, kept apart from its [`Settings`]: a class the
/// command line starts has none.
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct Faults {
    /// A student of this name makes their session panic with the key `!`.
    pub panic_name: Option<String>,
    /// Called with the student's name on the thread that reads their folder, before each
    /// read (to hold a read up, as a slow disk would).
    pub before_read: Option<ReadHook>,
}
