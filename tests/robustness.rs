//! Issue 14's regression tests: wrong answers the SQL oracle found and what fuzzing broke, each
//! through the `ladder` binary.

mod common;
use common::cli::{ladder, stderr, stdout};

const NESTED: [&str; 2] = ["tests/robustness/nested_pops.ladder", "tests/robustness/nested_pops.csv"];

fn column(csv: &str, name: &str) -> Vec<String> {
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let at = rdr.headers().expect("a header").iter().position(|h| h == name).expect("the column");
    rdr.records().map(|r| r.expect("a record")[at].to_string()).collect()
}

#[test]
fn a_ranking_of_a_ranking_is_ranked_and_percentiles_keep_their_precision() {
    let o = ladder(&["run", NESTED[0], NESTED[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 100 × smaller ÷ (n − 1), exact but for the 29 digits of a quotient, printed in full.
    assert_eq!(column(&out, "P"), ["0", "33.333333333333333333333333333", "66.666666666666666666666666667", "100"]);
    // quintile(P) and rank(P) rank the values of P: they were empty on every row.
    assert_eq!(column(&out, "Q"), ["1", "2", "3", "4"]);
    // 66.666… is not >= 66.67 (it passed when P was rounded); rank(P) <= 2 takes it instead.
    assert_eq!(column(&out, "等级"), ["C", "C", "B", "A"]);
    let jsonl = stdout(&ladder(&["run", NESTED[0], NESTED[1], "--format", "jsonl"]));
    assert!(jsonl.contains(r#""P":66.666666666666666666666666667,"Q":3"#), "{jsonl}");
}

#[test]
fn a_ranking_of_a_ranking_in_explain_and_in_a_test_table() {
    let o = ladder(&["explain", NESTED[0], NESTED[1], "--key", "丙"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("等级: B 前二名"), "{}", stdout(&o));
    // nested_pops.cases.csv expects the same levels as the run.
    let o = ladder(&["test", NESTED[0]]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("4 passed, 0 failed"), "{}", stdout(&o));
}

#[test]
fn scores_are_written_exactly_not_to_six_decimals() {
    let dir = common::cli::tmp("exact-scores");
    let rules = dir.join("s.ladder");
    let data = dir.join("s.csv");
    std::fs::write(&rules, "ladder \"t\"\nfields {\n  客户: text key\n  x: number\n}\nscore S = x * 1\ngrades 等级 {\n  A \"a\" otherwise\n}\n").unwrap();
    std::fs::write(&data, "客户,x\n甲,0.0000000015\n乙,123456789000000000000\n丙,0.1\n").unwrap();
    let (rules, data) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let csv = stdout(&ladder(&["run", rules, data]));
    assert_eq!(column(&csv, "S"), ["0.0000000015", "123456789000000000000", "0.1"]);
    let jsonl = stdout(&ladder(&["run", rules, data, "--format", "jsonl"]));
    let scores: Vec<f64> =
        jsonl.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["S"].as_f64().unwrap()).collect();
    assert_eq!(scores, [1.5e-9, 1.23456789e20, 0.1]);
}

#[test]
fn check_says_the_same_every_run() {
    // Three fields equally close to the misspelt name: the suggestion was picked in hash order.
    let runs: Vec<String> = (0..10).map(|_| stderr(&ladder(&["check", "tests/robustness/tie.ladder"]))).collect();
    assert!(runs[0].contains("Did you mean `金额甲`?"), "{}", runs[0]);
    assert!(runs.iter().all(|r| *r == runs[0]), "{runs:#?}");
}

#[test]
fn negative_numbers_in_lists_and_at_the_start_of_a_group_member() {
    let rules = "tests/robustness/negatives.ladder";
    let o = ladder(&["check", "--deny-warnings", rules]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = ladder(&["run", rules, "tests/robustness/negatives.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // -5 is in [-5, 0, 5]; -1 passes the member `-5 < 增长率` on its own line; -6 passes nothing.
    assert_eq!(column(&out, "等级"), ["A", "B", "C"]);
    // Outside a group a `-` starting a line goes on subtracting.
    assert_eq!(column(&out, "变化"), ["-2", "2", "-6"]);
}

#[test]
fn ordering_text_says_what_orders() {
    let dir = common::cli::tmp("ordering-text");
    let rules = dir.join("t.ladder");
    let text = "ladder \"t\"\nfields {\n  客户: text key\n  t: text\n}\ngrades 等级 {\n  A \"x\" if t < \"x\"\n  B \"y\" otherwise\n}\n";
    std::fs::write(&rules, text).unwrap();
    let o = ladder(&["check", rules.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("text is only\n        compared with `=` or `!=`"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("same kind"), "{}", stderr(&o));
}

#[test]
fn a_message_about_a_very_long_line_shows_the_part_around_the_place() {
    let dir = common::cli::tmp("long-line");
    let rules = dir.join("long.ladder");
    let label = "很长的说明".repeat(14_000);
    let text = format!("ladder \"t\"\nfields {{\n  金额: money\n}}\ngrades 等级 {{\n  A \"{label}\" if 金额 >= )\n  B \"x\" otherwise\n}}\n");
    std::fs::write(&rules, &text).unwrap();
    let column = "  A \"".chars().count() + label.chars().count() + "\" if 金额 >= ".chars().count() + 1;
    let path = rules.to_str().unwrap();
    for command in [&["check", path][..], &["fmt", "--check", path], &["run", path, "tests/robustness/nested_pops.csv"]]
    {
        let o = ladder(command);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{command:?}: {err}");
        assert!(matches!(o.status.code(), Some(1 | 2)), "{command:?}: {err}");
        assert!(err.contains(&format!("long.ladder:6:{column}]")), "{command:?}: {err}");
        assert!(err.contains("│ …") && err.contains("\" if 金额 >= )"), "{command:?}: {err}");
        assert!(err.lines().all(|l| l.chars().count() < 1000), "{command:?}: {err}");
    }
}

/// A rule file whose rule uses a chain of `lets` lets, `let a{i} = a{i-1}`, declared in order or
/// from the last.
fn let_chain(lets: usize, reversed: bool) -> String {
    let mut chain: Vec<String> = (1..lets).map(|i| format!("let a{i} = a{}\n", i - 1)).collect();
    if reversed {
        chain.reverse();
    }
    common::chain_file("let a0 = 金额 >= 100万\n", &chain.concat(), &format!("a{}", lets - 1))
}

#[test]
fn a_long_chain_of_lets_is_evaluated_and_a_longer_one_refused_not_crashed() {
    let dir = common::cli::tmp("let-chain");
    let data = dir.join("d.csv");
    std::fs::write(&data, "客户,金额\n甲,200万\n乙,5万\n").unwrap();
    let data = data.to_str().unwrap();
    // 990 lets deep is allowed, and evaluates on every path (it overflowed the stack of the
    // grading threads of a debug build); so do 499 sums, the most allowed (they overflowed the
    // main thread of a debug build in `explain` and the REPL).
    for (name, text) in [("ok", let_chain(990, false)), ("sums", common::sum_chain(499))] {
        let ok = dir.join(format!("{name}.ladder"));
        std::fs::write(&ok, text).unwrap();
        let ok = ok.to_str().unwrap();
        assert_eq!(ladder(&["check", ok]).status.code(), Some(0), "{name}");
        let o = ladder(&["run", ok, data]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(column(&stdout(&o), "等级"), ["A", "B"], "{name}");
        let o = ladder(&["run", "--explain", ok, data]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let o = ladder(&["explain", ok, data, "--key", "甲"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let o = ladder(&["test", ok]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let o = common::cli::ladder_with_stdin(&["repl", ok], &format!(":data {data}\n:row 2\n等级\n"));
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(stdout(&o).ends_with("\nA\n"), "{name}: {}", stdout(&o));
    }
    // Deeper chains, in order and from the last (which overflowed the checker), are refused.
    let too_many_sums = dir.join("sums-500.ladder");
    std::fs::write(&too_many_sums, common::sum_chain(500)).unwrap();
    assert_eq!(ladder(&["check", too_many_sums.to_str().unwrap()]).status.code(), Some(1));
    for (lets, reversed) in [(1_500, false), (3_000, true)] {
        let deep = dir.join(format!("deep-{lets}.ladder"));
        std::fs::write(&deep, let_chain(lets, reversed)).unwrap();
        let o = ladder(&["check", deep.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{lets}: {}", stderr(&o));
        assert!(stderr(&o).contains("ladder::too_deep"), "{lets}: {}", stderr(&o));
        assert!(stderr(&o).contains("goes more than 1000 steps deep"), "{lets}: {}", stderr(&o));
        let o = ladder(&["run", deep.to_str().unwrap(), data]);
        assert_eq!(o.status.code(), Some(2), "{lets}: {}", stderr(&o));
    }
}

#[test]
fn a_length_of_time_beyond_the_calendar_is_refused() {
    let dir = common::cli::tmp("too-long");
    let rules = dir.join("t.ladder");
    for (length, refused) in
        [("4000000000 days", true), ("1001 years", true), ("12001 months", true), ("5 years", false)]
    {
        let text = format!("ladder \"t\"\nfields {{\n  客户: text key\n  d: date\n}}\ngrades 等级 {{\n  A \"x\" if d within last {length}\n  B \"y\" otherwise\n}}\n");
        std::fs::write(&rules, text).unwrap();
        let o = ladder(&["check", rules.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(if refused { 1 } else { 0 }), "{length}: {}", stderr(&o));
        assert_eq!(stderr(&o).contains("ladder::too_long"), refused, "{length}: {}", stderr(&o));
    }
}

#[test]
fn use_reads_only_rule_files() {
    let dir = common::cli::tmp("use-only-rules");
    std::fs::create_dir_all(dir.join("folder.ladder")).unwrap();
    std::fs::write(dir.join("big.ladder"), "#".repeat(17 << 20)).unwrap();
    let fifo = dir.join("fifo.ladder");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let cases = [
        ("/proc/self/environ", "only rule files (.ladder) are read by `use`"),
        ("/etc/passwd", "only rule files (.ladder) are read by `use`"),
        ("/dev/zero", "only rule files (.ladder) are read by `use`"),
        ("folder.ladder", "it is not a file (a folder, a device or a pipe)"),
        ("fifo.ladder", "it is not a file (a folder, a device or a pipe)"),
        ("big.ladder", "it is larger than 16 MiB"),
    ];
    let rules = dir.join("u.ladder");
    for (target, reason) in cases {
        std::fs::write(&rules, format!("use \"{target}\"\nladder \"t\"\n")).unwrap();
        // A FIFO or a device used to hang or eat memory: `timeout` turns that into a failure.
        let o = std::process::Command::new("timeout")
            .args(["20", env!("CARGO_BIN_EXE_ladder"), "check", rules.to_str().unwrap()])
            .env("LADDER_LANG", "en")
            .env("LADDER_TEST_SECRET", "do-not-print-me")
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{target}: {err}");
        assert!(err.contains(&format!("Cannot read `{target}`: {reason}")), "{target}: {err}");
        assert!(!err.contains("do-not-print-me") && !err.contains("root:"), "{target}: {err}");
    }
}

#[test]
fn an_explanation_opens_each_let_once() {
    // `let a{i} = a{i-1} and a{i-1}` twenty times: opening every use doubled the explanation at
    // each step (2^20 parts, 28 s and 1 GB for one record).
    let dir = common::cli::tmp("lets-once");
    let rules = dir.join("t.ladder");
    let lets: String = (1..=20).map(|i| format!("let a{i} = a{} and a{}\n", i - 1, i - 1)).collect();
    let text = format!("ladder \"t\"\nfields {{\n  客户: text key\n  金额: money\n}}\nlet a0 = 金额 >= 100万\n{lets}grades 等级 {{\n  A \"x\" if a20\n  B \"y\" otherwise\n}}\n");
    std::fs::write(&rules, text).unwrap();
    let data = dir.join("d.csv");
    std::fs::write(&data, "客户,金额\n甲,200万\n").unwrap();
    let (rules, data) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let o = ladder(&["explain", rules, data, "--key", "甲"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() < 2_000, "{} lines", out.lines().count());
    assert!(out.contains("✓ 金额 >= 100万"), "{out}");
    let o = ladder(&["run", "--explain", rules, data]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).len() < 10_000, "{} bytes", stdout(&o).len());
}

/// `ladder repl --echo` reading `script` from standard input: its output and exit code.
fn repl_script(script: &[u8]) -> (String, Option<i32>) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(["repl", "--echo", "rules/ten_level.ladder"])
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(script).unwrap();
    let o = child.wait_with_output().unwrap();
    (format!("{}{}", stdout(&o), stderr(&o)), o.status.code())
}

#[test]
fn a_repl_script_saved_as_gbk_or_utf16_runs_to_the_end() {
    let script = "1 + 1\n\"中文\" = \"中文\"\n2 + 2\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(script);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(script.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    for bytes in [gbk.into_owned(), utf16] {
        let (out, code) = repl_script(&bytes);
        assert_eq!(code, Some(0), "{out}");
        assert!(out.contains("> \"中文\" = \"中文\"\ntrue\n> 2 + 2\n4"), "{out}");
    }
    // Text that stops being UTF-8 after the first 64 KiB: said, not a silent stop.
    let mut late = b"1 + 1\n".to_vec();
    late.extend(std::iter::repeat_n(b'#', 70_000));
    late.extend(b"\n\xff\xfe bad\n3 + 3\n");
    let (out, code) = repl_script(&late);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("error: line 3 of the script is not UTF-8 text"), "{out}");
}

#[test]
fn one_stray_byte_does_not_turn_a_utf8_file_into_gbk() {
    let sample = std::fs::read("rules/ten_level.sample.csv").unwrap();
    let at = sample.iter().position(|&b| b == b'\n').unwrap() + 5;
    let stray = [&sample[..at], b"\xff", &sample[at..]].concat();
    let dir = common::cli::tmp("stray-byte");
    let data = dir.join("stray.csv");
    std::fs::write(&data, stray).unwrap();
    let args = |d: &str| ladder(&["run", "rules/ten_level.ladder", d, "--as-of", "2025-12-01"]);
    let (clean, stray) = (args("rules/ten_level.sample.csv"), args(data.to_str().unwrap()));
    let (clean, stray) =
        (String::from_utf8_lossy(&clean.stdout).into_owned(), String::from_utf8_lossy(&stray.stdout).into_owned());
    // The header and every row but the first read as in the clean file: only the cell with the
    // byte is touched.
    assert_eq!(clean.lines().next(), stray.lines().next());
    assert_eq!(clean.lines().skip(2).collect::<Vec<_>>(), stray.lines().skip(2).collect::<Vec<_>>());
}

#[test]
fn a_device_read_as_data_ends_in_an_error_not_out_of_memory() {
    for command in [
        &["run", "rules/ten_level.ladder", "/dev/zero"][..],
        &["explain", "rules/ten_level.ladder", "/dev/zero", "--row", "2"],
    ] {
        let o = ladder(command);
        assert_eq!(o.status.code(), Some(2), "{command:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("a record longer than 64 MiB with no line end"), "{command:?}: {}", stderr(&o));
    }
    let o = common::cli::ladder_in("zh", &["run", "rules/ten_level.ladder", "/dev/zero"]);
    assert!(stderr(&o).contains("超过 64 MiB 还没有换行的记录"), "{}", stderr(&o));
}

/// A record without end after many blocks (a pipe that goes on giving bytes): the run ends in
/// the error, the earlier output is kept whole, and the workers stop (a worker reads the blocks
/// it grades).
#[cfg(unix)]
#[test]
fn a_record_without_end_after_many_blocks_ends_the_run_in_an_error() {
    use std::io::Write;
    let sample = std::fs::read_to_string("rules/ten_level.sample.csv").expect("the sample");
    let (header, rows) = sample.split_once('\n').expect("a header");
    let rows = format!("{header}\n{}", rows.repeat(200));
    assert!(rows.len() > 2 << 19, "more than two blocks of 512 KiB before the endless record");
    let dir = common::cli::tmp("endless_record");
    let (data, out) = (dir.join("data.csv"), dir.join("out.csv"));
    let made = std::process::Command::new("mkfifo").arg(&data).status().expect("mkfifo");
    assert!(made.success());
    std::fs::write(&out, "earlier output\n").expect("an earlier output");
    let pipe = data.clone();
    // Writes until the run closes the pipe.
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(pipe).expect("the pipe");
        let endless = vec![b'x'; 1 << 16];
        pipe.write_all(rows.as_bytes()).ok();
        while pipe.write_all(&endless).is_ok() {}
    });
    let o = ladder(&["run", "rules/ten_level.ladder", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    writer.join().expect("the writer");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("a record longer than 64 MiB with no line end"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).expect("the earlier output"), "earlier output\n");
    std::fs::remove_dir_all(dir).expect("remove the files");
}

#[test]
fn the_documented_cell_forms_read_as_documented() {
    // docs/language.md, "Reading values from data": each form and what it reads as.
    let dir = common::cli::tmp("cell-forms");
    let rules = dir.join("t.ladder");
    let text = "ladder \"t\"\nfields {\n  客户: text key\n  n: number\n  m: money\n  t: text\n  d: date\n}\nscore N = n\nscore M = m\nscore D = days since d\ngrades 等级 {\n  A \"a\" if t = \"abc\"\n  B \"b\" otherwise\n}\n";
    std::fs::write(&rules, text).unwrap();
    let data = dir.join("d.csv");
    let rows = "客户,n,m,t,d\n1,5次,120万元,abc,2026-01-31\n2,1.5e3,−5,ABC,2026-02-28\n3,.5,null,abc ,2025-12-31\n4,１２,１２０万,x,2026-03-01\n";
    std::fs::write(&data, rows).unwrap();
    let o = ladder(&["run", rules.to_str().unwrap(), data.to_str().unwrap(), "--as-of", "2026-03-31"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(column(&out, "N"), ["5", "1500", "0.5", "12"]);
    assert_eq!(column(&out, "M"), ["1200000", "-5", "", "1200000"]);
    // Text is trimmed, and compared in its case.
    assert_eq!(column(&out, "等级"), ["A", "B", "A", "B"]);
    assert_eq!(column(&out, "D"), ["59", "31", "90", "30"]);
}

#[test]
fn fmt_keeps_files_with_unicode_spaces_escaped_quotes_and_bom_in_at_least_clean() {
    // What fuzzing found breaking `ladder fmt` (tests/fmt_clean.rs tries many more such files).
    let dir = common::cli::tmp("fmt-clean");
    let rules = dir.join("t.ladder");
    let brackets = "(".repeat(70);
    let files = [
        "\u{feff}#\u{a0}注释\n# \u{85}说明\n#\u{2028}备注\n".to_string(),
        format!("# x\nlet 括号 = t = \"a\\\"{brackets}\"\n"),
        "let 两项 = at\u{feff}least\u{feff}1\u{feff}of { x, y }\nlet 任两项 = 至少\u{feff}1\u{feff}项 { x, y }\n"
            .to_string(),
    ];
    for head in files {
        let text = format!("{head}ladder \"t\"\nfields {{\n  客户: text key\n  x: bool\n  y: bool\n  t: text\n}}\ngrades 等级 {{\n  A \"a\" if x\n  B \"b\" otherwise\n}}\n");
        std::fs::write(&rules, &text).unwrap();
        let path = rules.to_str().unwrap();
        assert_eq!(ladder(&["check", path]).status.code(), Some(0), "{text}");
        let o = ladder(&["fmt", path]);
        assert_eq!(o.status.code(), Some(0), "{text}\n{}", stderr(&o));
        let formatted = std::fs::read_to_string(&rules).unwrap();
        assert_eq!(ladder(&["check", path]).status.code(), Some(0), "{formatted}");
        assert_eq!(ladder(&["fmt", "--check", path]).status.code(), Some(0), "not idempotent:\n{formatted}");
    }
}

#[test]
fn a_mistake_in_a_transitions_block_is_the_only_error_reported() {
    let dir = common::cli::tmp("transitions-mistake");
    let rules = dir.join("t.ladder");
    for mistake in ["B -> A if x and", "B -> A if x )", "B -> A iff x", "B -> if x", "B A if x"] {
        let text = format!("ladder \"t\"\nfields {{\n  客户: text key\n  x: bool\n  当前: grade 级\n}}\ngrades 级 {{\n  A \"a\" if x\n  B \"b\" otherwise\n}}\ntransitions 阶段 from 当前 {{\n  final A\n  {mistake}\n  A -> B if x\n}}\n");
        std::fs::write(&rules, text).unwrap();
        let o = ladder(&["check", rules.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{mistake}: {err}");
        // `final A` (line 12) used to be read as a move from a stage named `final`.
        assert!(err.contains("t.ladder:13:"), "{mistake}: {err}");
        assert!(!err.contains("t.ladder:12:"), "{mistake}: {err}");
        assert!(err.contains("checked 1 file: 1 error"), "{mistake}: {err}");
        assert!(err.contains("ladder::syntax"), "{mistake}: {err}");
    }
}

#[test]
fn check_output_is_byte_identical_run_to_run() {
    // A did-you-mean tie (金额丁 is as close to 金额甲, 金额乙 and 金额丙) decides which field is
    // marked used, and so which `unused_field` warnings follow: each run is its own process, with
    // its own hash seeds.
    let dir = common::cli::tmp("same-every-run");
    let rules = dir.join("t.ladder");
    let fields: String = ["甲", "乙", "丙", "戊", "己", "庚"].iter().map(|s| format!("  金额{s}: money\n")).collect();
    let text = format!("ladder \"t\"\nfields {{\n  客户: text key\n{fields}  备注: text\n  渠道: text\n}}\ngrades 等级 {{\n  A \"大\" if 金额丁 >= 100万 and 金额丁丁 > 1\n  B \"小\" otherwise\n}}\n");
    std::fs::write(&rules, text).unwrap();
    let path = rules.to_str().unwrap();
    for format in ["human", "json", "sarif"] {
        let runs: Vec<Vec<u8>> = (0..20)
            .map(|_| {
                let o = ladder(&["check", "--format", format, path]);
                [o.stdout, o.stderr].concat()
            })
            .collect();
        assert!(runs.iter().all(|r| *r == runs[0]), "{format}: {}", String::from_utf8_lossy(&runs[0]));
    }
    let err = stderr(&ladder(&["check", path]));
    // Of names equally close, the first declared; the others are unused.
    assert!(err.contains("Did you mean `金额甲`?"), "{err}");
    assert!(!err.contains("`金额甲` is declared but no rule uses it"), "{err}");
    assert!(err.contains("The field `金额乙` is declared but no rule uses it"), "{err}");
}

#[test]
fn a_number_too_large_to_work_with_is_said_in_a_sentence() {
    let dir = common::cli::tmp("too-large");
    let rules = dir.join("t.ladder");
    let data = dir.join("d.csv");
    let text = "ladder \"t\"\nfields {\n  客户: text key\n  n: number\n}\ngrades 等级 {\n  A \"a\" if n > 1\n  B \"b\" otherwise\n}\n";
    std::fs::write(&rules, text).unwrap();
    std::fs::write(&data, "客户,n\n甲,1e400\n").unwrap();
    let (r, d) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let o = ladder(&["run", r, d]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("row 2, column n: \"1e400\" is not a number small enough to work with"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("is not the"), "{}", stderr(&o));
    let o = common::cli::ladder_in("zh", &["run", r, d]);
    assert!(stderr(&o).contains("第 2 行“n”列：“1e400”不是能精确计算的数字（这个数太大或位数太多"), "{}", stderr(&o));
    // The same words in an example's given value.
    std::fs::write(&rules, format!("{text}example \"e\" {{\n  given {{ n: 1e400 }}\n  expect 等级 = A\n}}\n")).unwrap();
    let o = ladder(&["check", r]);
    assert!(stderr(&o).contains("n needs a number small enough to work with exactly"), "{}", stderr(&o));
}

#[test]
fn at_least_n_of_is_quoted_as_written() {
    let dir = common::cli::tmp("at-least-written");
    let rules = dir.join("t.ladder");
    for (written, zh) in
        [("18446744073709551616", false), ("4294967296", false), ("1.5", false), ("18446744073709551616", true)]
    {
        let head = if zh { format!("至少 {written} 项") } else { format!("at least {written} of") };
        let text = format!("ladder \"t\"\nfields {{\n  客户: text key\n  x: bool\n  y: bool\n}}\ngrades 等级 {{\n  A \"a\" if {head} {{ x, y }}\n  B \"b\" otherwise\n}}\n");
        std::fs::write(&rules, text).unwrap();
        let o = ladder(&["check", rules.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!(" {written} ")), "{written}: {err}");
        assert!(err.contains(&format!("needs {written} conditions")), "{written}: {err}");
        assert!(!err.contains("4294967295"), "{written}: {err}");
    }
}

#[test]
fn six_thousand_session_lets_are_each_checked_alone() {
    // Each `let` was checked against a fresh copy of the whole session (every earlier let, every
    // earlier input's text and tokens): 6,000 lets took minutes.
    let script: String = (0..6_000).map(|i| format!("let x{i} = {i}\n")).collect();
    let (out, code) = repl_script(script.as_bytes());
    assert_eq!(code, Some(0), "{}", &out[out.len().saturating_sub(2_000)..]);
    assert!(out.contains("defined x5999 (now 5999)"), "{}", &out[out.len().saturating_sub(2_000)..]);
    assert_eq!(out.matches("defined x").count(), 6_000);
}

#[test]
fn thousands_of_diagnostics_do_not_each_hold_a_copy_of_the_file() {
    // 4,000 duplicate fields took 2.5 GB (each message kept a copy of the file's text and tokens);
    // the address space is capped far below that.
    let dir = common::cli::tmp("many-diagnostics");
    let rules = dir.join("t.ladder");
    let fields = "  金额: money\n".repeat(4_000);
    std::fs::write(&rules, format!("ladder \"t\"\nfields {{\n  客户: text key\n{fields}}}\ngrades 等级 {{\n  A \"a\" if 金额 > 1\n  Z \"z\" otherwise\n}}\n")).unwrap();
    for format in ["human", "json"] {
        let o = std::process::Command::new("prlimit")
            .args([
                "--as=1000000000",
                "--",
                env!("CARGO_BIN_EXE_ladder"),
                "check",
                "--format",
                format,
                rules.to_str().unwrap(),
            ])
            .env("LADDER_LANG", "en")
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{format}: {}", &all[all.len().saturating_sub(2_000)..]);
        assert_eq!(all.matches("ladder::duplicate").count(), 3_999, "{format}");
    }
}

#[test]
fn thousands_of_unknown_names_are_each_reported_with_their_suggestion() {
    // Item 13 of issue 14: a 356 KB file of unknown names took 3.5 GB (a 190 KB file here). Each unknown name is
    // looked for among the declared names; the memory stays far below the cap.
    let dir = common::cli::tmp("many-unknown-names");
    let rules = dir.join("t.ladder");
    let lets: String = (0..3_000).map(|i| format!("let 条件{i} = 金额 > 1 and 未知名字{i} and 金额2 > 1\n")).collect();
    std::fs::write(&rules, format!("ladder \"t\"\nfields {{\n  客户: text key\n  金额: money\n}}\n{lets}grades 等级 {{\n  A \"a\" if 金额 > 1\n  Z \"z\" otherwise\n}}\n")).unwrap();
    assert!(std::fs::metadata(&rules).unwrap().len() > 150_000);
    let o = std::process::Command::new("prlimit")
        .args([
            "--as=1000000000",
            "--",
            env!("CARGO_BIN_EXE_ladder"),
            "check",
            "--format",
            "json",
            rules.to_str().unwrap(),
        ])
        .env("LADDER_LANG", "en")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(out.matches("ladder::unknown_name").count(), 6_000);
    // `金额2` is one edit from the field `金额`; `未知名字5` is close to no declared name.
    assert_eq!(out.matches("Did you mean `金额`?").count(), 3_000, "{}", &out[..2_000]);
}

/// Issue 14, item 4: money is exact decimal arithmetic, as SQL's DECIMAL.
const PAYMENTS: &str = "ladder \"t\"\nfields {\n  合同: text key\n  首付: money\n  尾款: money\n  合同金额: money\n}\n\
                        score 合计 = 首付 + 尾款\nscore 积 = 首付 * 尾款\n\
                        grades 对账 {\n  平 \"对上了\" if 首付 + 尾款 = 合同金额\n  差 \"对不上\" otherwise\n}\n";

fn payments(name: &str, rows: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = common::cli::tmp(name);
    let (rules, data) = (dir.join("p.ladder"), dir.join("p.csv"));
    std::fs::write(&rules, PAYMENTS).unwrap();
    std::fs::write(&data, format!("合同,首付,尾款,合同金额\n{rows}")).unwrap();
    (rules, data)
}

#[test]
fn money_adds_up_exactly() {
    let rows = "a,0.1,0.2,0.3\nb,1234567.89,0.01,1234567.90\nc,120万,30万,150万\nd,\"¥1,000.10\",999.90元,2000\n\
                e,0.1,0.2,0.30000000000000004\n";
    let (rules, data) = payments("exact-money", rows);
    let (rules, data) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let o = ladder(&["run", rules, data]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    assert_eq!(column(&csv, "对账"), ["平", "平", "平", "平", "差"]);
    assert_eq!(column(&csv, "合计"), ["0.3", "1234567.9", "1500000", "2000", "0.3"]);
    assert_eq!(column(&csv, "积")[..2], ["0.02", "12345.6789"]);
    let o = ladder(&["run", rules, data, "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let jsonl = stdout(&o);
    let first = jsonl.lines().next().unwrap();
    // A JSON number, in the shortest exact form.
    assert!(first.contains(r#""合计":0.3,"积":0.02"#), "{first}");
    assert!(first.contains(r#""对账":"平""#), "{first}");
    let levels: Vec<String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["对账"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(levels, ["平", "平", "平", "平", "差"]);
    // The explanation shows the exact values.
    let o = ladder(&["explain", rules, data, "--key", "a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("对账: 平"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("0.30000000000000004"), "{}", stdout(&o));
}

#[test]
fn a_number_beyond_exact_decimals_is_a_data_error_and_an_overflow_is_unknown() {
    let rows =
        "a,79228162514264337593543950336,1,1\nb,1e-30,1,1\nc,10000000000000000万,10000000000000000万,1\nd,1,2,3\n";
    let (rules, data) = payments("decimal-range", rows);
    let (rules, data) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let o = ladder(&["run", rules, data]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        err.contains(
            "row 2, column 首付: \"79228162514264337593543950336\" is not a number small enough to work with exactly"
        ),
        "{err}"
    );
    assert!(err.contains("row 3, column 首付: \"1e-30\" is not a number small enough"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The bad cells leave their rows' results empty; the others are graded.
    assert_eq!(column(&out, "对账"), ["", "", "差", "平"]);
    // 10^20 × 10^20 does not fit in 28 digits: the product is unknown, the sum is not.
    assert_eq!(column(&out, "积"), ["", "", "", "2"]);
    assert_eq!(column(&out, "合计")[2..], ["200000000000000000000", "3"]);
    let o = common::cli::ladder_in("zh", &["run", rules, data]);
    assert!(stderr(&o).contains("不是能精确计算的数字"), "{}", stderr(&o));
    // In a rule file, such a number is refused when the rules are checked.
    let dir = common::cli::tmp("decimal-literal");
    let big = dir.join("big.ladder");
    std::fs::write(&big, PAYMENTS.replace("首付 + 尾款 = 合同金额", "合同金额 >= 1000000000000000000000亿")).unwrap();
    let o = ladder(&["check", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("ladder::number_too_large"), "{}", stderr(&o));
}
