//! Standard output and standard error, for every command. A write that fails (a full disk behind
//! `> file`, `/dev/full`) is remembered instead of panicking as `println!` does, and
//! [`exit_code`] then turns the command's exit code into 2, saying why on standard error (when
//! standard error itself failed, nothing more can be said). A reader that went away (`| head`
//! closing the pipe) is no error: nothing more is written and the command ends as it would have.
//! Text goes out through anstream, which drops colour codes where a stream takes none.

use super::{lang, USAGE};
use ladder::t;
use std::fmt::Display;
use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The first failure of standard output (`[0]`) and of standard error (`[1]`).
static FAILED: Mutex<[Option<io::Error>; 2]> = Mutex::new([None, None]);

const OUT: usize = 0;
const ERR: usize = 1;

fn failures() -> MutexGuard<'static, [Option<io::Error>; 2]> {
    FAILED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes `bytes` to the stream unless it already failed; remembers a failure.
fn write(stream: usize, bytes: &[u8], styled: bool) {
    if failures()[stream].is_some() {
        return;
    }
    let written = match (stream, styled) {
        (OUT, true) => write_all(&mut anstream::stdout().lock(), bytes),
        (OUT, false) => write_all(&mut io::stdout().lock(), bytes),
        (_, true) => write_all(&mut anstream::stderr().lock(), bytes),
        (_, false) => write_all(&mut io::stderr().lock(), bytes),
    };
    if let Err(e) = written {
        failures()[stream].get_or_insert(e);
    }
}

fn write_all(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(bytes)?;
    w.flush()
}

/// Writes `text` to standard output.
pub fn out(text: impl Display) {
    write(OUT, text.to_string().as_bytes(), true);
}

/// Writes `text` and a line break to standard output.
pub fn outln(text: impl Display) {
    write(OUT, format!("{text}\n").as_bytes(), true);
}

/// Writes bytes to standard output as they are: a file saved as GBK or UTF-16, a manual page.
pub fn out_bytes(bytes: &[u8]) {
    write(OUT, bytes, false);
}

/// Writes `text` to standard error.
pub fn err(text: impl Display) {
    write(ERR, text.to_string().as_bytes(), true);
}

/// Writes `text` and a line break to standard error.
pub fn errln(text: impl Display) {
    write(ERR, format!("{text}\n").as_bytes(), true);
}

/// Whether standard output failed or its reader went away: nothing written there is read.
pub fn out_failed() -> bool {
    failures()[OUT].is_some()
}

/// Standard output as a writer, for output written in many pieces (the rows of `ladder run`): a
/// failure is returned to the writer and remembered, to be told by [`exit_code`].
pub struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    pub fn lock() -> Self {
        Stdout(io::stdout().lock())
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes).map_err(remember)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(remember)
    }
}

/// Remembers a failure of standard output; gives back an error of the same kind.
fn remember(e: io::Error) -> io::Error {
    let kind = e.kind();
    failures()[OUT].get_or_insert(e);
    kind.into()
}

/// The exit code of a command that would exit with `code`: 2 if standard output or standard
/// error failed (a closed pipe aside), after saying why on standard error when it still works.
pub fn exit_code(code: i32) -> i32 {
    let [out, err] = std::mem::take(&mut *failures());
    let real = |e: Option<io::Error>| e.filter(|e| e.kind() != io::ErrorKind::BrokenPipe);
    match (real(out), real(err)) {
        (_, Some(_)) => USAGE,
        (Some(e), None) => {
            let reason = ladder::input::os_reason(&e);
            errln(t!(lang(), "error-line", message = t!(lang(), "cannot-write-stdout", reason)));
            USAGE
        }
        (None, None) => code,
    }
}
