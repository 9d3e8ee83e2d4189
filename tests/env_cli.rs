//! The run and output bugs of issue 10, end to end through the binary: coverage of `*` moves at
//! final stages, `explain` with data on standard input, what `-o` writes to and with which
//! permissions, the summary's widths, and JSONL numbers and key order.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];

fn ladder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run ladder")
}

/// Runs `ladder ARGS` with `input` on standard input.
fn ladder_piped(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ladder");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    child.wait_with_output().expect("ladder finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// An empty folder of the test's own under the build's temporary folder (left for a look after a
/// failure, emptied by the next run).
fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ladder-env-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn a_star_move_is_not_covered_at_a_final_stage() {
    let o = ladder(&["test", "tests/env/final_star.ladder", "--coverage"]);
    let out = stdout(&o);
    assert!(out.contains("not covered: tests/env/final_star.ladder:17:3 move * -> B of 升级"), "{out}");
}

#[test]
fn explain_reads_standard_input_once_for_population_functions() {
    let args = ["explain", "rules/rfm.ladder", "rules/rfm.sample.csv", "--row", "3", AS_OF[0], AS_OF[1]];
    let from_file = ladder(&args);
    let data = std::fs::read(root("rules/rfm.sample.csv")).expect("sample");
    let mut piped_args = args;
    piped_args[2] = "-";
    let piped = ladder_piped(&piped_args, &data);
    assert_eq!(from_file.status.code(), Some(0), "{}", String::from_utf8_lossy(&from_file.stderr));
    assert!(stdout(&from_file).contains("✗ M >= 4"), "{}", stdout(&from_file));
    assert_eq!(stdout(&piped), stdout(&from_file));
}

fn run_to(out: &Path) -> Output {
    let out = out.to_str().expect("utf-8 path");
    ladder(&["run", "rules/rfm.ladder", "rules/rfm.sample.csv", AS_OF[0], AS_OF[1], "-o", out])
}

#[cfg(unix)]
#[test]
fn output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let fifo = tmp("fifo").join("out.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reading = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read fifo"))
    };
    let o = run_to(&fifo);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&fifo).expect("still there").file_type().is_fifo(), "the FIFO was replaced");
    let written = reading.join().expect("reader");
    let expected = ladder(&["run", "rules/rfm.ladder", "rules/rfm.sample.csv", AS_OF[0], AS_OF[1]]);
    assert_eq!(written, stdout(&expected));
}

#[test]
fn output_dash_is_standard_output() {
    let dir = tmp("dash");
    let o = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(&dir)
        .args(["run", root("rules/rfm.ladder").to_str().unwrap(), root("rules/rfm.sample.csv").to_str().unwrap()])
        .args(AS_OF)
        .args(["-o", "-"])
        .output()
        .expect("run ladder");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("客户名称,"), "{}", stdout(&o));
    assert!(!dir.join("-").exists(), "-o - made a file named -");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("output").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_output_follows_the_umask_and_a_replaced_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp("mode");
    let new = dir.join("new.csv");
    let _ = std::fs::remove_file(&new);
    let script = format!(
        "umask 022; exec '{}' run rules/rfm.ladder rules/rfm.sample.csv --as-of 2026-11-23 -o '{}'",
        env!("CARGO_BIN_EXE_ladder"),
        new.display()
    );
    let o = Command::new("sh").arg("-c").arg(script).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("sh");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mode(&new), 0o644);
    let old = dir.join("old.csv");
    std::fs::write(&old, "old").expect("old output");
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    assert_eq!(run_to(&old).status.code(), Some(0));
    assert_eq!(mode(&old), 0o640);
    assert!(std::fs::read_to_string(&old).expect("replaced").starts_with("\u{feff}客户名称,"));
}

#[test]
fn the_summary_lines_up_labels_of_narrow_and_wide_characters() {
    let out = tmp("summary").join("out.csv");
    let out = out.to_str().expect("utf-8 path");
    let o = ladder(&["run", "tests/env/widths.ladder", "tests/env/widths.csv", "--summary", "-o", out]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    let counts: Vec<usize> = err
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| unicode_width::UnicodeWidthStr::width(l.trim_end_matches(|c: char| c != '%')))
        .collect();
    assert_eq!(counts.len(), 3, "{err}");
    assert!(counts.windows(2).all(|w| w[0] == w[1]), "the counts do not line up:\n{err}");
}

#[test]
fn jsonl_numbers_and_key_order_are_those_of_the_csv() {
    let args = |format: &'static str| ["run", "tests/env/widths.ladder", "tests/env/widths.csv", "--format", format];
    let csv_text = stdout(&ladder(&args("csv")));
    let jsonl = stdout(&ladder(&args("jsonl")));
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = rows.headers().expect("header").iter().map(String::from).collect();
    for (line, record) in jsonl.lines().zip(rows.records()) {
        let record = record.expect("csv row");
        let keys: Vec<String> =
            line.split("\":").filter_map(|part| part.rsplit_once("\"").map(|(_, k)| k.to_string())).collect();
        assert_eq!(keys, header, "{line}");
        let score = &record[header.iter().position(|h| h == "S").expect("score column")];
        assert!(line.contains(&format!("\"S\":{score}")), "{line} vs {score}");
    }
}

#[cfg(unix)]
#[test]
fn output_through_a_symbolic_link_replaces_the_file_it_points_to() {
    let dir = tmp("link");
    let (real, link) = (dir.join("real.csv"), dir.join("link.csv"));
    let _ = std::fs::remove_file(&link);
    std::fs::write(&real, "old").expect("real output");
    std::os::unix::fs::symlink("real.csv", &link).expect("symlink");
    assert_eq!(run_to(&link).status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).expect("replaced").starts_with("\u{feff}客户名称,"));
}
