//! Reading the files users give: only regular files, opened without blocking, with limits
//! checked before anything is allocated.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, line_column};

/// Largest scenario or plan file accepted.
pub const MAX_SCENARIO_BYTES: u64 = 4 * 1024 * 1024;

fn error(
    path: &Path,
    line: usize,
    column: usize,
    message: impl Into<String>,
    hint: &str,
) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        file: path.display().to_string(),
        line,
        column,
        message: message.into(),
        hint: Some(hint.to_owned()),
    }])
}

/// What a file that is not a regular file is, for messages.
fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a plain file"
    }
}

/// Opens a file for reading without waiting on it: a FIFO or a device is opened in
/// non-blocking mode (and never becomes the controlling terminal), so the check that
/// follows happens at once.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

/// Opens a file for reading, after checking by its path that it is a regular file (other
/// systems have no non-blocking open).
#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "is {}",
            kind_of(meta.file_type())
        )));
    }
    File::open(path)
}

/// Opens a regular file of at most `limit` bytes for reading, and says how long it is.
/// Anything else (a FIFO, a device, a socket, a folder) is refused without waiting on it.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), Diagnostics> {
    let file = open(path).map_err(|e| {
        error(
            path,
            1,
            1,
            format!("cannot open: {e}"),
            "check the path and the file's permissions",
        )
    })?;
    let meta = file.metadata().map_err(|e| {
        error(
            path,
            1,
            1,
            format!("cannot read: {e}"),
            "check the file's permissions",
        )
    })?;
    if !meta.is_file() {
        return Err(error(
            path,
            1,
            1,
            format!("is not a regular file ({})", kind_of(meta.file_type())),
            "give the path of a .toml file",
        ));
    }
    if meta.len() > limit {
        return Err(too_large(path, meta.len(), limit));
    }
    Ok((file, meta.len()))
}

/// A file of `len` bytes (or more) over the limit.
fn too_large(path: &Path, len: u64, limit: u64) -> Diagnostics {
    error(
        path,
        1,
        1,
        format!("the file is at least {len} bytes; the limit is {limit}"),
        "this is not a file Arenas wrote or expects",
    )
}

/// Reads a UTF-8 text file of at most `limit` bytes. Every file a user gives goes through
/// here: only a regular file is read (see [`open_regular`]), and never more than `limit`
/// bytes of it, even if it grows while it is read.
pub fn read_text(path: &Path, limit: u64) -> Result<String, Diagnostics> {
    let (file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| {
        error(
            path,
            1,
            1,
            format!("cannot read: {e}"),
            "check the file's permissions",
        )
    })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, column) = line_column(&text, valid);
        error(
            path,
            line,
            column,
            "the file is not valid UTF-8 text",
            "save it as UTF-8",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_refused_by_kind() {
        let dir = std::env::temp_dir();
        let d = read_text(&dir, 10).expect_err("a folder is not a file");
        assert!(
            d.0[0].message.contains("not a regular file (a folder)"),
            "{d}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let d = read_text(Path::new("/dev/zero"), 10).expect_err("a device");
        assert!(d.0[0].message.contains("(a device)"), "{d}");
    }
}
