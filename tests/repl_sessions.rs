//! Scripted REPL sessions: each `tests/repl/*.txt` is piped into `ladder repl --echo` (standard
//! input not a terminal) and the transcript — standard output and error interleaved, then the
//! exit code — is a snapshot. The script's first line `# args: …` gives the command line.

use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::process::Command;

/// Runs `ladder repl --echo ARGS` with `script` on standard input; the transcript.
pub fn transcript(args: &[&str], script: &Path) -> String {
    let mut out = tempfile::tempfile().expect("a temporary file");
    let status = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .arg("repl")
        .arg("--echo")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(File::open(script).expect("the script"))
        .stdout(out.try_clone().expect("a second handle"))
        .stderr(out.try_clone().expect("a second handle"))
        .status()
        .expect("ladder runs");
    let mut text = String::new();
    out.rewind().expect("rewind");
    out.read_to_string(&mut text).expect("UTF-8 output");
    format!("{text}[exit {}]\n", status.code().unwrap_or(-1))
}

#[test]
fn scripted_sessions() {
    insta::glob!("repl/*.txt", |path| {
        let script = std::fs::read_to_string(path).expect("the script");
        let args: Vec<&str> = script.lines().next().and_then(|l| l.strip_prefix("# args:")).unwrap_or("").split_whitespace().collect();
        insta::assert_snapshot!(transcript(&args, path));
    });
}
