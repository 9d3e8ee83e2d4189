//! `ladder repl` through a real pseudo-terminal: Tab completes a Chinese field name, the up arrow
//! recalls earlier lines, Ctrl-C clears the line, an open brace continues the input, Ctrl-D
//! leaves, and the history is written to the user's data directory and read back next time.
#![cfg(unix)]

use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const UP: &str = "\x1b[A";

fn spawn(data_home: &Path) -> OsSession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladder"));
    cmd.env("LADDER_LANG", "en");
    cmd.args(["repl", "rules/ten_level.ladder", "--as-of", "2026-03-01"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", data_home)
        .env("XDG_DATA_HOME", data_home.join("share"))
        .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).expect("ladder repl starts in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    p.expect("Type :help").expect("the greeting");
    p.expect("ladder>").expect("the first prompt");
    p
}

#[test]
fn completion_history_and_control_keys_work_in_a_terminal() {
    let home = tempfile::tempdir().expect("a temporary home");
    let mut p = spawn(home.path());

    // Tab completes the one field starting with 询问公.
    p.send("询问公").unwrap();
    p.send("\t").unwrap();
    p.expect("询问公司产品").expect("Tab completes the field name");
    p.send("\r").unwrap();
    p.expect("unknown — 询问公司产品 is missing").expect("the completed line is evaluated");
    p.expect("ladder>").unwrap();

    p.send(":set 询问公司产品 = 是\r").unwrap();
    p.expect("询问公司产品 = 是").unwrap();
    p.expect("ladder>").unwrap();

    // Ctrl-C throws away the line being typed.
    p.send("年销售额 >").unwrap();
    p.send("\x03").unwrap();
    p.expect("ladder>").unwrap();

    // Up twice recalls the expression typed before :set; it is now true.
    p.send(UP).unwrap();
    p.send(UP).unwrap();
    p.send("\r").unwrap();
    p.expect("true").expect("the up arrow recalls the earlier line");
    p.expect("ladder>").unwrap();

    // An open brace continues the input on the next line.
    p.send("all {\r").unwrap();
    p.send("询问公司产品, 了解业务 }\r").unwrap();
    p.expect("unknown — 了解业务 is missing").expect("the two lines are one input");
    p.expect("ladder>").unwrap();

    // Ctrl-D leaves and the history is saved.
    p.send("\x04").unwrap();
    p.expect(Eof).expect("Ctrl-D ends the session");
    let file = home.path().join("share").join("ladder").join("history.txt");
    let history = std::fs::read_to_string(&file).expect("the history file is written on exit");
    assert!(history.contains("询问公司产品\n"), "{history}");
    assert!(history.contains(":set 询问公司产品 = 是"), "{history}");
    assert!(!history.contains("年销售额 >"), "a line cleared with Ctrl-C is not history: {history}");

    // The next session starts with that history.
    let mut p = spawn(home.path());
    p.send(UP).unwrap();
    p.send("\r").unwrap();
    p.expect("unknown — 询问公司产品, 了解业务 are missing").expect("the history of the last session is read back");
    // Ctrl-D once the prompt is up, as in the first session: sent before it, the end of the
    // session once timed out on a loaded machine.
    p.expect("ladder>").unwrap();
    p.send("\x04").unwrap();
    p.expect(Eof).unwrap();
}
