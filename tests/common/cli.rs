//! Running the `ladder` binary as a user does: from the project folder, in a chosen language.

use std::path::PathBuf;
use std::process::{Command, Output};

/// `ladder ARGS…` with its messages in `lang` (`en` or `zh`).
pub fn ladder_in(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", lang)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run ladder")
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
