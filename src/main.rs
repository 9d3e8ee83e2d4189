//! The `ladder` command line: a thin layer over the library.
#![deny(unsafe_code)]

mod cmd;

/// mimalloc in the static Linux binary: musl's allocator made every command slower — start-up,
/// where parsing and checking allocate thousands of small nodes, and the grading threads. With
/// glibc the system's allocator is as quick or quicker (docs/performance.md, twenty-first step).
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    quit_quietly_on_closed_pipe();
    // Evaluating and explaining a record recurse as deep as the rules nest: at the checker's
    // limits a release build takes over half of Windows' 1 MiB main thread, a debug build more
    // than any main thread holds.
    let code = ladder::syntax::on_deep_stack(|| match cmd::help::parse(arguments()) {
        Ok((cli, lang)) => cmd::run(cli, lang),
        Err(code) => code,
    });
    std::process::exit(cmd::stdio::exit_code(code));
}

/// The command line's arguments. Windows shells hand `rules\*.ladder` over as it was typed (a Unix
/// shell expands it before the program starts), so on Windows `wild` expands the patterns, as a
/// shell would: a pattern that matches nothing stays as typed, and quoted arguments are left alone.
#[cfg(windows)]
fn arguments() -> Vec<std::ffi::OsString> {
    wild::args_os().collect()
}

#[cfg(not(windows))]
fn arguments() -> Vec<std::ffi::OsString> {
    std::env::args_os().collect()
}

/// `ladder explain … | head` must stop quietly when `head` closes the pipe, as other command-line
/// tools do; Rust ignores SIGPIPE by default, which turns the closed pipe into a panic in `println!`.
#[cfg(unix)]
#[allow(unsafe_code)]
fn quit_quietly_on_closed_pipe() {
    // SAFETY: called first thing in `main`, before any other thread exists; it only sets the
    // signal's disposition back to the system default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quit_quietly_on_closed_pipe() {}
