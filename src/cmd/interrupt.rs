//! Ending on Ctrl+C, `kill` or a closed terminal (SIGINT, SIGTERM, SIGHUP; on Windows Ctrl+C,
//! Ctrl+Break and closing the console window) without leaving temporary files behind: the files
//! being written beside an output (`ladder run -o`, `ladder fmt`) are removed, the earlier
//! output stays as it was, and Ladder exits as shells expect, 128 + the signal's number (130,
//! 143, 129). The handlers are installed with the first temporary file.

use std::io;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use tempfile::NamedTempFile;

/// The temporary files being written.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary_files() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file that an interruption removes, until it is put in place or dropped.
pub struct Temporary(PathBuf);

/// Creates a temporary file with `create`, known to the handlers from the moment it exists.
pub fn temporary(create: impl FnOnce() -> io::Result<NamedTempFile>) -> io::Result<(NamedTempFile, Temporary)> {
    watch();
    let mut files = temporary_files();
    let file = create()?;
    files.push(file.path().to_path_buf());
    let path = file.path().to_path_buf();
    Ok((file, Temporary(path)))
}

/// A temporary folder that an interruption removes with everything in it, until it is dropped
/// (the files dropped on the workbench's page).
pub fn temporary_dir() -> io::Result<(tempfile::TempDir, Temporary)> {
    watch();
    let mut files = temporary_files();
    let dir = tempfile::tempdir()?;
    files.push(dir.path().to_path_buf());
    let path = dir.path().to_path_buf();
    Ok((dir, Temporary(path)))
}

impl Temporary {
    /// Runs `put`, which puts the file in place (a rename): an interruption meanwhile waits for it,
    /// so the output is either the earlier one or the whole new one.
    pub fn put<T>(self, put: impl FnOnce() -> T) -> T {
        let mut files = temporary_files();
        let done = put();
        files.retain(|p| *p != self.0);
        done
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        temporary_files().retain(|p| *p != self.0);
    }
}

/// Removes the temporary files and exits with `code`. The list stays locked, so no file is put
/// in place after this.
fn end(code: i32) -> ! {
    let files = temporary_files();
    for path in files.iter() {
        let _ = match path.is_dir() {
            true => std::fs::remove_dir_all(path),
            false => std::fs::remove_file(path),
        };
    }
    std::process::exit(code)
}

fn watch() {
    static WATCHING: Once = Once::new();
    WATCHING.call_once(install);
}

/// A thread waits for the signals; without one (the system refused), they end Ladder as before.
/// A signal ignored from the start stays ignored: `nohup ladder run …` goes on after a hangup.
#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let watched = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|&s| !ignored(s));
    let Ok(mut signals) = signal_hook::iterator::Signals::new(watched) else { return };
    let waiting = std::thread::Builder::new().spawn(move || {
        if let Some(signal) = signals.forever().next() {
            end(128 + signal);
        }
    });
    drop(waiting);
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn ignored(signal: i32) -> bool {
    // SAFETY: with no new action, `sigaction` only writes the current one into `old`, a plain
    // C struct for which all zeros is a valid value.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// The system calls the handler on a thread of its own.
#[cfg(windows)]
#[allow(unsafe_code)]
fn install() {
    use windows_sys::Win32::System::Console::{SetConsoleCtrlHandler, CTRL_BREAK_EVENT, CTRL_C_EVENT};
    extern "system" fn handler(event: u32) -> windows_sys::core::BOOL {
        // Ctrl+C and Ctrl+Break as SIGINT; closing the console, logging off or shutting down as SIGHUP.
        end(if event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT { 130 } else { 129 })
    }
    // SAFETY: `handler` is a plain function that lives as long as the program; the call only adds
    // it to the process's list of console handlers.
    unsafe {
        SetConsoleCtrlHandler(Some(handler), 1);
    }
}

#[cfg(not(any(unix, windows)))]
fn install() {}
