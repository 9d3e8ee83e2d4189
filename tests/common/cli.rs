//! Running the `ladder` binary as a user does: from the project folder, in a chosen language.

use std::path::PathBuf;
use std::process::{Command, Output};

fn command(lang: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ladder"));
    command.env("LADDER_LANG", lang).current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    command
}

/// `ladder ARGS…` with its messages in `lang` (`en` or `zh`).
pub fn ladder_in(lang: &str, args: &[&str]) -> Output {
    command(lang, args).output().expect("run ladder")
}

/// `ladder ARGS…` in English, with `input` on its standard input.
pub fn ladder_with_stdin(args: &[&str], input: &str) -> Output {
    let piped = std::process::Stdio::piped;
    let mut child = command("en", args).stdin(piped()).stdout(piped()).stderr(piped()).spawn().expect("run ladder");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), input.as_bytes()).expect("writes");
    child.wait_with_output().expect("run ladder")
}

/// `ladder ARGS…` with its messages in English.
pub fn ladder(args: &[&str]) -> Output {
    ladder_in("en", args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An empty folder of this test run named after `name`, under cargo's folder for test files.
pub fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}
