//! Writing files atomically in folders others can write to: a temporary file with an
//! unpredictable name, created exclusively (never through a planted link), flushed, then
//! renamed over the target, or linked to it when nothing may be replaced. A crash leaves the
//! old file or the new one, never a mix; every error path removes the temporary file.

use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How temporary files begin, so listings skip them and stale ones can be swept.
pub const TEMP_PREFIX: &str = ".arenas-";

/// How temporary files end.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Age after which a temporary file is taken to be left by a crash.
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether a write may replace a file already at the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    /// Replace whatever is there.
    Yes,
    /// Fail with [`io::ErrorKind::AlreadyExists`] when a file is there.
    No,
}

/// Writes `text` to `path` atomically, replacing a file there or not as `replace` says.
pub fn write_atomic(path: &Path, text: &str, replace: Replace) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if replace == Replace::Yes
        && let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_file()
    {
        return Err(io::Error::other(
            "a folder, link or other non-file is in the way",
        ));
    }
    // Dropping the temporary file on an error path removes it. Its name is unpredictable
    // and it is created exclusively; it gets the permissions an ordinary new file would
    // (read-write for all, less the umask), so a class's shared folder stays readable.
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    match replace {
        Replace::Yes => tmp.persist(path).map_err(|e| e.error)?,
        Replace::No => tmp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    if let Ok(d) = std::fs::File::open(dir) {
        // Not every platform can sync a folder; the rename is done either way.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes temporary files in `dir` older than [`STALE_AFTER`] (by `now`): ours, and the
/// `.NAME.tmp-PID` files of earlier releases. Only regular files are touched.
pub fn sweep_stale(dir: &Path, now: SystemTime) -> usize {
    let Ok(read) = std::fs::read_dir(dir) else {
        return 0;
    };
    read.filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            (name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX))
                || (name.starts_with('.') && name.contains(".toml.tmp-"))
        })
        .filter(|e| {
            std::fs::symlink_metadata(e.path()).is_ok_and(|m| {
                m.is_file()
                    && m.modified()
                        .ok()
                        .and_then(|t| now.duration_since(t).ok())
                        .is_some_and(|age| age > STALE_AFTER)
            })
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_files(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    }

    #[test]
    fn replacing_or_not_and_no_temporary_file_left_behind() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.toml");
        write_atomic(&path, "one", Replace::No).expect("new file");
        let err = write_atomic(&path, "two", Replace::No).expect_err("exists");
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one");
        write_atomic(&path, "three", Replace::Yes).expect("replace");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "three");
        assert!(temp_files(dir.path()).is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode();
            let plain = dir.path().join("plain");
            std::fs::write(&plain, "x").expect("write");
            assert_eq!(
                mode(&path),
                mode(&plain),
                "the permissions of an ordinary new file"
            );
        }
        let missing = dir.path().join("no/such/folder/a.toml");
        assert!(write_atomic(&missing, "x", Replace::Yes).is_err());
    }

    #[test]
    fn stale_temporary_files_are_swept_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().expect("dir");
        for name in [".arenas-x1.tmp", ".old.toml.tmp-42", "keep.toml", ".hidden"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        assert_eq!(sweep_stale(dir.path(), SystemTime::now()), 0);
        let later = SystemTime::now() + STALE_AFTER + Duration::from_secs(60);
        assert_eq!(sweep_stale(dir.path(), later), 2);
        let mut left = temp_files(dir.path());
        left.sort();
        assert_eq!(left, [".hidden"]);
        assert!(dir.path().join("keep.toml").exists());
    }
}
