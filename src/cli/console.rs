//! Where the command line writes. Everything passes through [`text::terminal`], so nothing
//! read from a file reaches stdout or stderr as a control character or escape sequence; and
//! no write failure panics. A closed pipe (`arenas report … | head -1`) ends the output
//! quietly with the command's own exit code; any other failure of stdout (a full disk,
//! `> /dev/full`) is reported on stderr and gives [`IO_ERROR`].

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

use arenas_files::text;

/// Exit code when stdout cannot be written (`EX_IOERR` of sysexits.h).
pub const IO_ERROR: u8 = 74;

/// The command line's stdout and stderr.
pub struct Console<O = io::Stdout, E = io::Stderr> {
    out: O,
    err: E,
    /// Whether anything was written to stdout through the console.
    wrote: bool,
    /// The first failed write to stdout; nothing more is written there after it.
    failed: Option<io::Error>,
    /// Whether stdout's terminal hung up: nothing more goes there, and nothing is reported.
    gone: bool,
}

impl Console {
    /// The process's stdout and stderr.
    pub fn stdio() -> Console {
        Console::new(io::stdout(), io::stderr())
    }
}

impl<O: Write, E: Write> Console<O, E> {
    /// A console writing to `out` and `err`.
    pub fn new(out: O, err: E) -> Console<O, E> {
        Console {
            out,
            err,
            wrote: false,
            failed: None,
            gone: false,
        }
    }

    /// Says that stdout's terminal hung up (a window closed, a connection dropped): what
    /// could not reach it is not reported as a failure.
    pub fn terminal_gone(&mut self) {
        self.gone = true;
    }

    /// Writes `text`, made safe for a terminal, to stdout.
    pub fn out(&mut self, text: &str) {
        self.wrote = true;
        if self.failed.is_none()
            && let Err(e) = self.out.write_all(text::terminal(text).as_bytes())
        {
            self.failed = Some(e);
        }
    }

    /// Writes `text`, made safe for a terminal, to stderr; if even that fails, there is
    /// nowhere left to say so.
    pub fn err(&mut self, text: &str) {
        let _ = self.err.write_all(text::terminal(text).as_bytes());
    }

    /// Writes a formatted line to stdout (see [`outln!`](crate::cli::outln)).
    pub fn out_line(&mut self, args: fmt::Arguments<'_>) {
        self.out(&format!("{args}\n"));
    }

    /// Writes a formatted line to stderr (see [`errln!`](crate::cli::errln)).
    pub fn err_line(&mut self, args: fmt::Arguments<'_>) {
        self.err(&format!("{args}\n"));
    }

    /// Flushes what the console wrote to stdout and returns the exit code: `code` when
    /// everything was written or the reader closed the pipe; [`IO_ERROR`], with a line on
    /// stderr, when stdout failed. (What the interface left unwritten on a terminal that
    /// is gone is not the console's to report.)
    pub fn finish(mut self, code: ExitCode) -> ExitCode {
        if self.gone {
            return code;
        }
        if self.wrote
            && self.failed.is_none()
            && let Err(e) = self.out.flush()
        {
            self.failed = Some(e);
        }
        let _ = self.err.flush();
        match self.failed.take() {
            None => code,
            Some(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
            Some(e) => {
                self.err_line(format_args!(
                    "error: cannot write to stdout: {e}\n  hint: the output is incomplete; \
                     write it where there is room, or to a terminal"
                ));
                let _ = self.err.flush();
                ExitCode::from(IO_ERROR)
            }
        }
    }
}

/// `println!` for a [`Console`]: `outln!(console, "…", args)`.
macro_rules! outln {
    ($console:expr, $($arg:tt)*) => {
        $console.out_line(format_args!($($arg)*))
    };
}

/// `eprintln!` for a [`Console`]: `errln!(console, "…", args)`.
macro_rules! errln {
    ($console:expr, $($arg:tt)*) => {
        $console.err_line(format_args!($($arg)*))
    };
}

pub(crate) use {errln, outln};

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_are_made_safe_on_both_streams() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut c = Console::new(&mut out, &mut err);
        outln!(c, "{}: ok\t\u{1b}]0;title\u{7}done", "a\u{1b}[2J.toml");
        errln!(c, "bad \u{9b}31m\u{202e}id");
        assert_eq!(c.finish(ExitCode::SUCCESS), ExitCode::SUCCESS);
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "a.toml: ok\tdone\n");
        assert_eq!(String::from_utf8(err).expect("UTF-8"), "bad id\n");
    }

    #[test]
    fn a_closed_pipe_keeps_the_code_and_other_failures_give_io_error() {
        let mut err = Vec::new();
        let mut c = Console::new(Failing(io::ErrorKind::BrokenPipe), &mut err);
        outln!(c, "one");
        outln!(c, "two");
        assert_eq!(c.finish(ExitCode::from(3)), ExitCode::from(3));
        assert!(err.is_empty());

        let mut c = Console::new(Failing(io::ErrorKind::StorageFull), &mut err);
        outln!(c, "one");
        assert_eq!(c.finish(ExitCode::SUCCESS), ExitCode::from(IO_ERROR));
        let err = String::from_utf8(err).expect("UTF-8");
        assert!(err.starts_with("error: cannot write to stdout: "), "{err}");
        assert_eq!(err.lines().count(), 2, "{err}");
    }
}
