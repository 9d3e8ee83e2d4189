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
        .env("LADDER_LANG", "en")
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
        let args: Vec<&str> =
            script.lines().next().and_then(|l| l.strip_prefix("# args:")).unwrap_or("").split_whitespace().collect();
        insta::assert_snapshot!(transcript(&args, path));
    });
}

/// The ```repl boxes of docs/repl.md are one session: the lines after `> ` are typed, the rest is
/// what Ladder answers, and `$ ladder repl …` in the first box gives the command line.
#[test]
fn the_walkthrough_in_docs_repl_md_is_true() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/repl.md")).expect("docs/repl.md");
    let (mut args, mut expected, mut script) = (String::new(), String::new(), String::new());
    let mut fence: Option<bool> = None; // Some(true) inside a ```repl box
    for line in doc.lines() {
        match (fence, line.trim()) {
            (None, "```repl") => fence = Some(true),
            (None, l) if l.starts_with("```") => fence = Some(false),
            (Some(_), "```") => fence = None,
            (Some(true), _) => match line.strip_prefix("$ ladder repl ") {
                Some(a) => args = a.to_string(),
                None => {
                    expected.push_str(line);
                    expected.push('\n');
                    if let Some(typed) = line.strip_prefix("> ") {
                        script.push_str(typed);
                        script.push('\n');
                    }
                }
            },
            _ => {}
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("walkthrough.txt");
    std::fs::write(&path, script).expect("the script");
    let actual = transcript(&args.split_whitespace().collect::<Vec<_>>(), &path);
    let actual = actual.rsplit_once("[exit").map_or(actual.as_str(), |(t, _)| t);
    for (i, (want, got)) in expected.lines().zip(actual.lines()).enumerate() {
        assert_eq!(want, got, "docs/repl.md differs from a real session at transcript line {}", i + 1);
    }
    assert_eq!(
        expected.lines().count(),
        actual.lines().count(),
        "docs/repl.md and the real session differ in length:\n{actual}"
    );
}
