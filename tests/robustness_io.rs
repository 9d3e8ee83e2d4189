//! Issue 14's regression tests for reading and writing, through the `ladder` binary: output that
//! cannot be written, interrupted runs, data from a pipe, U+FEFF inside the data, rows longer
//! than their header.

mod common;
use common::cli::{ladder, ladder_in, stderr, stdout, tmp};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const LADDER: &str = env!("CARGO_BIN_EXE_ladder");

/// `ladder ARGS…` in `lang` from the project folder, with `stdin` as its standard input and
/// standard output (`to_stdout`) or standard error going to `/dev/full`.
#[cfg(target_os = "linux")]
fn into_full_device(lang: &str, args: &[&str], stdin: Option<&str>, to_stdout: bool) -> Output {
    let full = || Stdio::from(std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full"));
    let mut command = Command::new(LADDER);
    command.env("LADDER_LANG", lang).current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    command.stdin(match stdin {
        Some(path) => Stdio::from(std::fs::File::open(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()),
        None => Stdio::null(),
    });
    match to_stdout {
        true => command.stdout(full()).stderr(Stdio::piped()),
        false => command.stdout(Stdio::null()).stderr(full()),
    };
    command.output().expect("run ladder")
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_ends_in_exit_2_and_a_message_not_a_panic() {
    let dir = tmp("full-device");
    let script = dir.join("script.txt");
    std::fs::write(&script, "1 + 1\n:nothing\n").unwrap();
    let messy = dir.join("messy.ladder");
    std::fs::write(&messy, "ladder \"t\"\nfields {\n  a:   number\n}\n").unwrap();
    let (script, messy) = (script.to_str().unwrap(), messy.to_str().unwrap());
    let (ten, sample, log) = ("rules/ten_level.ladder", "rules/ten_level.sample.csv", "rules/ten_level.stage_log.csv");
    let broken = "tests/robustness/tie.ladder";
    // Every command that writes to standard output, in each of its formats.
    let writes_stdout: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["check", "--format", "json", ten], None),
        (vec!["check", "--format", "github", broken], None),
        (vec!["check", "--format", "sarif", ten], None),
        (vec!["check", "--format", "gitlab", ten], None),
        (vec!["fmt", "-"], Some(ten)),
        (vec!["run", ten, sample], None),
        (vec!["run", ten, sample, "--format", "jsonl"], None),
        (vec!["run", ten, sample, "-o", "-"], None),
        (vec!["explain", ten, sample, "--row", "2"], None),
        (vec!["audit", ten, log], None),
        (vec!["audit", ten, log, "--format", "json"], None),
        (vec!["audit", ten, log, "--format", "github"], None),
        (vec!["graph", ten], None),
        (vec!["graph", ten, "--format", "mermaid"], None),
        (vec!["test", ten], None),
        (vec!["test", ten, "--format", "json"], None),
        (vec!["test", "tests/test_cmd/fail", "--format", "github"], None),
        (vec!["test", ten, "--format", "junit"], None),
        (vec!["repl", "--echo", ten], Some(script)),
        (vec!["completions", "bash"], None),
        (vec!["man"], None),
        (vec!["man", "run"], None),
        (vec!["--help"], None),
        (vec!["run", "--help"], None),
        (vec!["--version"], None),
    ];
    for (lang, said) in
        [("en", "error: cannot write standard output: No space left on device"), ("zh", "错误：写不了标准输出：")]
    {
        for (args, stdin) in &writes_stdout {
            let o = into_full_device(lang, args, *stdin, true);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{lang} {args:?}: {err}");
            assert!(!err.contains("panicked"), "{lang} {args:?}: {err}");
            assert!(err.contains(said), "{lang} {args:?}: {err}");
        }
    }
    // Every command that writes to standard error: nothing more can be said, but it exits 2.
    let writes_stderr: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["check", ten], None),
        (vec!["check", broken], None),
        (vec!["fmt", "--check", "-"], Some(messy)),
        (vec!["fmt", "--check", messy], None),
        (vec!["run", ten, sample, "--summary"], None),
        (vec!["run", ten, "missing.csv"], None),
        (vec!["explain", ten, sample, "--row", "999"], None),
        (vec!["audit", ten, log, "--format", "github"], None),
        (vec!["test", ten, "--format", "junit"], None),
        (vec!["repl", ten], Some(script)),
        (vec!["nonsense"], None),
        (vec!["check"], None),
    ];
    for (args, stdin) in &writes_stderr {
        let o = into_full_device("en", args, *stdin, false);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    // Nothing written to standard output is no failure.
    let o = into_full_device("en", &["fmt", "--check", "-"], Some(ten), true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Whether `dir` holds a temporary file of `tempfile` (`.tmpXXXXXX`).
fn has_temporary(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".tmp"))
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file_and_the_earlier_output() {
    use std::io::Write;
    let dir = tmp("interrupted");
    let rules = dir.join("t.ladder");
    std::fs::write(&rules, "ladder \"t\"\nfields {\n  客户: text key\n  x: number\n}\ngrades 等级 {\n  A \"a\" if x > 1\n  B \"b\" otherwise\n}\n").unwrap();
    let data = dir.join("big.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&data).unwrap());
    w.write_all("客户,x\n".as_bytes()).unwrap();
    for i in 0..2_000_000 {
        writeln!(w, "k{i},{}", i % 97).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let folder = dir.join("out");
    std::fs::create_dir_all(&folder).unwrap();
    let out = folder.join("out.csv");
    let earlier = b"the earlier output\n";
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        std::fs::write(&out, earlier).unwrap();
        let mut child = Command::new(LADDER)
            .args(["run", rules.to_str().unwrap(), data.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .env("LADDER_LANG", "en")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !has_temporary(&folder) {
            assert!(child.try_wait().unwrap().is_none(), "{signal}: the run ended before its temporary file was seen");
            assert!(std::time::Instant::now() < deadline, "{signal}: no temporary file");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let sent = Command::new("kill").args([format!("-{signal}"), child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
        assert!(!has_temporary(&folder), "{signal}: a temporary file was left");
        assert_eq!(std::fs::read(&out).unwrap(), earlier, "{signal}: the earlier output changed");
    }
}

/// `ladder ARGS…` stopped after a minute: a command that would hang fails instead.
#[cfg(unix)]
fn ladder_with_timeout(args: &[&str]) -> Output {
    Command::new("timeout")
        .args(["60", LADDER])
        .args(args)
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_pipe_given_as_data_is_read_once_even_by_population_functions() {
    // rules/abc.ladder ranks with percentile(), which reads the data twice.
    let (rules, sample) = ("rules/abc.ladder", "rules/abc.sample.csv");
    let dir = tmp("fifo-data");
    let fifo = dir.join("data.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let fifo = fifo.to_str().unwrap().to_string();
    let feed = |fifo: String| {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(sample)).unwrap();
        std::thread::spawn(move || std::fs::write(fifo, bytes))
    };
    let as_of = ["--as-of", "2026-12-01"];
    for command in [vec!["run", rules], vec!["explain", rules, "--row", "3"]] {
        let from_file = ladder(&[&command[..], &[sample], &as_of].concat());
        assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
        let writer = feed(fifo.clone());
        let args: Vec<&str> = [&command[..2], &[fifo.as_str()], &command[2..], &as_of].concat();
        let from_pipe = ladder_with_timeout(&args);
        assert_eq!(from_pipe.status.code(), Some(0), "{command:?}: {}", stderr(&from_pipe));
        assert_eq!(stdout(&from_pipe), stdout(&from_file), "{command:?}");
        writer.join().unwrap().unwrap();
    }
    // A device is copied under the same bound as any data: /dev/zero is an error, not a full disk.
    let o = ladder_with_timeout(&["run", rules, "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot read /dev/zero: the data has a record longer than 64 MiB"), "{}", stderr(&o));
}

/// The cells of column `name` of CSV text.
fn column(csv: &str, name: &str) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(csv.as_bytes());
    let at = rdr.headers().expect("a header").iter().position(|h| h == name).expect("the column");
    rdr.records().map(|r| r.expect("a record")[at].to_string()).collect()
}

const TWO_FIELDS: &str =
    "ladder \"t\"\nfields {\n  客户: text key\n  x: number\n}\ngrades 等级 {\n  A \"a\" if x > 1\n  B \"b\" otherwise\n}\n";

#[test]
fn a_cell_that_starts_with_u_feff_keeps_it() {
    let dir = tmp("feff-cells");
    let rules = dir.join("t.ladder");
    std::fs::write(&rules, TWO_FIELDS).unwrap();
    let data = dir.join("d.csv");
    // The file's own byte-order mark goes; the quotes on rows 3 and 5 send them through the csv
    // crate's parser, which dropped a U+FEFF at the start of every record it read.
    let rows = "\u{feff}客户,x\n\u{feff}甲,1\n\u{feff}乙,\"2\"\"\"\n丙,3\n\u{feff}丁,\"4\"\"\"\n";
    std::fs::write(&data, rows).unwrap();
    let o = ladder(&["run", rules.to_str().unwrap(), data.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.starts_with("客户,x,"), "{out}");
    assert_eq!(column(&out, "客户"), ["\u{feff}甲", "\u{feff}乙", "丙", "\u{feff}丁"]);
}

#[test]
fn a_row_longer_than_its_header_keeps_its_extra_cells() {
    let dir = tmp("long-rows");
    let rules = dir.join("t.ladder");
    std::fs::write(&rules, TWO_FIELDS).unwrap();
    let data = dir.join("d.csv");
    std::fs::write(&data, "客户,x\n甲,1\n乙,2,\"3,5\",x\n丙\n丁,4,\n").unwrap();
    let (rules, data) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let o = ladder(&["run", rules, data]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    // Every row is in the output; the long ones have their extra cells after the `error` column.
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[2], "乙,2,,,,row 3 has 4 cells but the header has 2,\"3,5\",x");
    assert_eq!(lines[4], "丁,4,,,,row 5 has 3 cells but the header has 2,");
    let jsonl = stdout(&ladder(&["run", rules, data, "--format", "jsonl"]));
    let rows: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1]["extra_cells"], serde_json::json!(["3,5", "x"]));
    assert_eq!(rows[3]["extra_cells"], serde_json::json!([""]));
    assert!(rows[0].get("extra_cells").is_none() && rows[2].get("extra_cells").is_none());
    // With --keep only the named columns are copied, and the warning says so.
    let kept = ladder(&["run", rules, data, "--keep", "客户"]);
    assert_eq!(stdout(&kept).lines().nth(2), Some("乙,,,,row 3 has 4 cells but the header has 2"));
    let zh = ladder_in("zh", &["run", rules, data]);
    let zh_kept = ladder_in("zh", &["run", rules, data, "--keep", "客户"]);
    insta::assert_snapshot!([&o, &kept, &zh, &zh_kept].map(stderr).join("\n"));
    // A workbook has them after the last column too, and marks the row by its `error` cell.
    let book = dir.join("out.xlsx");
    assert_eq!(ladder(&["run", rules, data, "-o", book.to_str().unwrap()]).status.code(), Some(1));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let row: Vec<String> = sheet.rows().nth(2).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(row[5..], ["row 3 has 4 cells but the header has 2", "3,5", "x"]);
}

#[test]
fn the_json_key_of_extra_cells_never_takes_a_column_name() {
    let dir = tmp("extra-key");
    let rules = dir.join("t.ladder");
    std::fs::write(&rules, TWO_FIELDS).unwrap();
    let data = dir.join("d.csv");
    std::fs::write(&data, "客户,x,extra_cells\n甲,1,a,b\n").unwrap();
    let o = ladder(&["run", rules.to_str().unwrap(), data.to_str().unwrap(), "--format", "jsonl"]);
    let row: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(row["extra_cells"], "a");
    assert_eq!(row["extra_cells_2"], serde_json::json!(["b"]));
}
