//! Reading the files users give, with limits checked before anything is allocated.

use std::fs;
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

/// Reads a UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, Diagnostics> {
    let meta = fs::metadata(path)
        .map_err(|e| error(path, 1, 1, format!("cannot open: {e}"), "check the path"))?;
    if meta.is_dir() {
        return Err(error(
            path,
            1,
            1,
            "is a folder, not a file",
            "give the path of a .toml file",
        ));
    }
    if meta.len() > limit {
        return Err(error(
            path,
            1,
            1,
            format!("file is {} bytes; the limit is {limit}", meta.len()),
            "this is not a file Arenas wrote or expects",
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            error(
                path,
                1,
                1,
                format!("cannot read: {e}"),
                "check the file's permissions",
            )
        })?;
    if bytes.len() as u64 > limit {
        return Err(error(
            path,
            1,
            1,
            format!("file is larger than {limit} bytes"),
            "this is not a file Arenas wrote or expects",
        ));
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
