//! `ladder run` and `ladder explain` end to end through the binary, on the files in tests/run/.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn ladder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run ladder")
}

/// Runs `ladder ARGS` with the file `input` on standard input.
fn ladder_piped(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run ladder");
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(input)).expect("input file");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), &bytes).expect("write stdin");
    child.wait_with_output().expect("ladder finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parsed CSV output: header, then rows.
fn table(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv").iter().map(String::from).collect())
        .collect()
}

fn column(t: &[Vec<String>], name: &str) -> Vec<String> {
    let i = t[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    t[1..].iter().map(|r| r[i].clone()).collect()
}

/// An empty folder of the test's own under the build's temporary folder (left for a look after a
/// failure, emptied by the next run).
fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ladder-run-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];

#[test]
fn every_value_format_is_read() {
    let o = ladder(&["run", "tests/run/formats.ladder", "tests/run/formats.csv", AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("formats", stdout(&o));
    let t = table(&stdout(&o));
    assert_eq!(
        column(&t, "金额数")[..8],
        ["1200000", "1200000", "1200000", "1200000", "1200000", "1200000", "120000000", "0.3"]
    );
    // Every missing marker in every type gives missing values, not errors.
    for row in &t[9..15] {
        assert_eq!(row[row.len() - 1], "", "row {row:?}");
        assert_eq!(row[row.len() - 4..row.len() - 1], ["", "", ""]);
    }
}

#[test]
fn encodings_and_line_ends_give_the_same_results() {
    let base = stdout(&ladder(&[
        "run",
        "tests/run/formats.ladder",
        "tests/run/formats.csv",
        AS_OF[0],
        AS_OF[1],
        "--keep",
        "编号",
    ]));
    for (file, enc) in [
        ("formats.gbk.csv", "auto"),
        ("formats.gbk.csv", "gbk"),
        ("formats.bom.csv", "auto"),
        ("formats.lf.csv", "utf-8"),
    ] {
        let path = format!("tests/run/{file}");
        let o = ladder(&[
            "run",
            "tests/run/formats.ladder",
            &path,
            AS_OF[0],
            AS_OF[1],
            "--keep",
            "编号",
            "--encoding",
            enc,
        ]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        assert_eq!(stdout(&o), base, "{file} read as {enc}");
    }
}

#[test]
fn three_valued_logic_matches_sql() {
    let o = ladder(&["run", "tests/run/logic.ladder", "tests/run/logic.csv", "--keep", "编号"]);
    let t = table(&stdout(&o));
    assert_eq!(column(&t, "编号"), ["tt", "tf", "tu", "ft", "ff", "fu", "ut", "uf", "uu"]);
    assert_eq!(column(&t, "且的结果"), ["T", "F", "U", "F", "F", "F", "U", "F", "U"]);
    assert_eq!(column(&t, "或的结果"), ["T", "T", "T", "T", "F", "U", "T", "U", "U"]);
    assert_eq!(column(&t, "非的结果"), ["F", "F", "F", "T", "T", "T", "U", "U", "U"]);
    assert_eq!(column(&t, "至少一项"), ["T", "T", "T", "T", "F", "U", "T", "U", "U"]);
}

#[test]
fn data_errors_keep_the_row_and_name_row_column_value_and_type() {
    let o = ladder(&["run", "tests/run/formats.ladder", "tests/run/errors.csv", AS_OF[0], AS_OF[1], "--keep", "编号"]);
    assert_eq!(o.status.code(), Some(1));
    let t = table(&stdout(&o));
    assert_eq!(column(&t, "编号"), ["E01", "E02", "E03", "E04", "E05", "E06", "E07"]);
    let errors = column(&t, "error");
    assert_eq!(errors[0], "");
    assert!(errors[1].starts_with("row 3, column 金额: \"abc\" is not a number"), "{}", errors[1]);
    assert_eq!(errors[2], "row 4, column 日期: \"2026/2/30\" is not a day in the calendar");
    assert!(errors[3].contains("\"maybe\" is not a yes/no value"));
    assert!(errors[4].contains("did you mean 拍板人?"));
    assert!(errors[5].contains("has 3 cells but the header has 7"));
    // Only the results that read a bad cell are empty: 检查 reads 金额 and 日期, not 成交 or 角色.
    assert_eq!(column(&t, "检查"), ["其他", "", "", "其他", "其他", "", "大额"]);
    assert_eq!(column(&t, "金额数"), ["100", "", "100", "100", "100", "", "2000000"]);
    assert_eq!(column(&t, "距今天数"), ["326", "326", "", "326", "326", "", "175"]);
    let err = stderr(&o);
    assert!(err.contains("data error: row 3, column 金额"));
    assert!(err.contains("5 of 7 rows had data errors"));
}

#[test]
fn a_bad_cell_blanks_what_reads_it_through_lets_scores_and_used_ladders() {
    let dir = tmp("spoil");
    let rules = dir.join("spoil.ladder");
    let text = "fields {\n  k: text key\n  a: money\n  b: bool\n  c: bool\n  s: grade L1\n}\n\
        let big = a >= 100\nscore twice = a * 2\nscore one = 1\n\
        grades L1 {\n  X \"x\" if big\n  Y \"y\" otherwise\n}\n\
        grades L2 {\n  P \"p\" if L1 is X\n  Q \"q\" otherwise\n}\n\
        grades L3 {\n  R \"r\" if b\n  S \"s\" otherwise\n}\n\
        transitions T from s {\n  Y -> X if c\n}\n";
    std::fs::write(&rules, text).unwrap();
    let data = dir.join("spoil.csv");
    std::fs::write(&data, "k,a,b,c,s\nr1,abc,是,是,Y\nr2,200,maybe,否,Y\nr3,200,是,x,Y\nr4,5\n").unwrap();
    for format in ["csv", "jsonl"] {
        let o = ladder(&[
            "run",
            rules.to_str().unwrap(),
            data.to_str().unwrap(),
            "--explain",
            "--summary",
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(1));
        if format == "jsonl" {
            let first: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
            assert_eq!(
                (&first["L1"], &first["L3"], &first["twice"]),
                (&serde_json::Value::Null, &"R".into(), &serde_json::Value::Null)
            );
            continue;
        }
        let t = table(&stdout(&o));
        assert_eq!(column(&t, "L1"), ["", "X", "X", ""]);
        assert_eq!(column(&t, "L1_why")[0], "");
        assert_eq!(column(&t, "L2"), ["", "P", "P", ""]);
        assert_eq!(column(&t, "L3"), ["R", "", "R", ""]);
        assert_eq!(column(&t, "twice"), ["", "400", "400", ""]);
        assert_eq!(column(&t, "one"), ["1", "1", "1", ""]);
        assert_eq!(column(&t, "T"), ["X", "Y", "", ""]);
        assert!(column(&t, "T_why")[0].contains('c'), "{:?}", column(&t, "T_why"));
        assert_eq!(column(&t, "T_why")[2], "");
        let errors = column(&t, "error");
        assert!(errors[0].contains("column a") && errors[1].contains("column b") && errors[2].contains("column c"));
        // Every row is counted once per ladder: as a level, as no level, or as not graded.
        let err = stderr(&o);
        assert!(err.contains("L1 (2 rows graded)") && err.contains("L3 (2 rows graded)"), "{err}");
        assert!(err.contains("(not graded: data error)         2"), "{err}");
    }
}

#[test]
fn many_data_errors_are_listed_up_to_twenty_then_counted() {
    let dir = tmp("many");
    let mut csv = String::from("编号,名称,金额,次数,成交,日期,角色\n");
    for i in 0..25 {
        csv.push_str(&format!("K{i},x,bad,1,是,2026-01-01,其他\n"));
    }
    let data = dir.join("many.csv");
    std::fs::write(&data, csv).unwrap();
    let o = ladder(&["run", "tests/run/formats.ladder", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.matches("data error:").count(), 20);
    assert!(err.contains("… and 5 more rows with data errors"));
    assert_eq!(table(&stdout(&o)).len(), 26);
}

#[test]
fn a_missing_column_stops_before_any_output() {
    let dir = tmp("missing-col");
    let data = dir.join("d.csv");
    std::fs::write(&data, "编号,名称,金额数目,次数,成交,日期,角色\nA,x,1,1,是,2026-01-01,其他\n").unwrap();
    let out = dir.join("out.csv");
    let o = ladder(&["run", "tests/run/formats.ladder", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no column \"金额\""), "{}", stderr(&o));
    assert!(stderr(&o).contains("closest header is \"金额数目\""));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left behind");
}

#[test]
fn a_header_given_twice_is_an_error() {
    let dir = tmp("dup-header");
    let data = dir.join("d.csv");
    std::fs::write(&data, "编号,名称,金额,次数,成交,日期,角色,名称\n").unwrap();
    let o = ladder(&["run", "tests/run/formats.ladder", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("The header \"名称\" appears twice (columns 2 and 8)"));
}

#[test]
fn rule_errors_exit_2_before_any_output() {
    let dir = tmp("bad-rules");
    let rules = dir.join("bad.ladder");
    std::fs::write(&rules, "fields {\n  a: bool\n}\ngrades G {\n  X if b\n  Y otherwise\n}\n").unwrap();
    let o = ladder(&["run", rules.to_str().unwrap(), "tests/run/logic.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("ladder::unknown_name"));
}

#[test]
fn the_input_is_never_the_output() {
    let dir = tmp("same");
    let data = dir.join("logic.csv");
    std::fs::copy("tests/run/logic.csv", &data).unwrap();
    let before = std::fs::read(&data).unwrap();
    let o = ladder(&["run", "tests/run/logic.ladder", data.to_str().unwrap(), "-o", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("never overwrites its input"));
    assert_eq!(std::fs::read(&data).unwrap(), before);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tmp("out");
    let out = dir.join("graded.csv");
    let o = ladder(&["run", "tests/run/logic.ladder", "tests/run/logic.csv", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let t = table(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(t.len(), 10);
}

#[test]
fn jsonl_has_one_object_per_row() {
    let o =
        ladder(&["run", "tests/run/formats.ladder", "tests/run/formats.csv", AS_OF[0], AS_OF[1], "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(lines.len(), 16);
    assert_eq!(lines[0]["编号"], "F01");
    assert_eq!(lines[0]["检查"], "大额");
    assert_eq!(lines[0]["金额数"], 1200000.0);
    assert_eq!(lines[8]["金额数"], serde_json::Value::Null);
    assert_eq!(lines[15]["名称"], "quoted, with comma\nand newline");
}

#[test]
fn standard_input_and_output() {
    let o = ladder_piped(&["run", "tests/run/logic.ladder", "-", "--keep", "编号"], "tests/run/logic.csv");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(column(&table(&stdout(&o)), "编号").len(), 9);
}

#[test]
fn explain_columns_name_the_deciding_conditions() {
    let o = ladder(&[
        "run",
        "rules/ten_level.ladder",
        "rules/ten_level.sample.csv",
        AS_OF[0],
        AS_OF[1],
        "--explain",
        "--keep",
        "客户编号",
    ]);
    let t = table(&stdout(&o));
    let why = column(&t, "十级_why");
    assert_eq!(why.len(), column(&t, "客户编号").len());
    assert!(why.iter().all(|w| !w.is_empty()));
    assert!(why.iter().any(|w| w.starts_with("A06: ") && w.contains(" · A31 not: ")), "{why:?}");
}

#[test]
fn summary_counts_every_level() {
    let o = ladder(&[
        "run",
        "rules/ten_level.ladder",
        "rules/ten_level.sample.csv",
        AS_OF[0],
        AS_OF[1],
        "--summary",
        "-o",
        tmp("sum").join("o.csv").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(err.contains("十级 (44 rows graded)"), "{err}");
    assert!(err.contains("A21 资料级"));
    assert!(err.contains("rows read: 44 · rows with data errors: 0"));
}

#[test]
fn explain_shows_the_tree_by_row_and_by_key() {
    let by_key = ladder(&[
        "explain",
        "rules/ten_level.ladder",
        "rules/ten_level.sample.csv",
        "--key",
        "KH-2026-0199",
        AS_OF[0],
        AS_OF[1],
    ]);
    assert_eq!(by_key.status.code(), Some(0), "{}", stderr(&by_key));
    let text = stdout(&by_key);
    assert!(text.contains("十级: A07 不拒绝"));
    assert!(text.contains("why not A05:"));
    assert!(text.contains("(unknown: 知道报价 missing)"));
    let by_row =
        ladder(&["explain", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--row", "31", AS_OF[0], AS_OF[1]]);
    assert_eq!(stdout(&by_row), text);
    let nowhere = ladder(&["explain", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--key", "nobody"]);
    assert_eq!(nowhere.status.code(), Some(1));
}

#[test]
fn population_functions_rank_the_whole_input_even_from_stdin() {
    let file = ladder(&["run", "rules/rfm.ladder", "rules/rfm.sample.csv", AS_OF[0], AS_OF[1]]);
    let piped = ladder_piped(&["run", "rules/rfm.ladder", "-", AS_OF[0], AS_OF[1]], "rules/rfm.sample.csv");
    assert_eq!(stdout(&file), stdout(&piped));
    let t = table(&stdout(&file));
    let m: Vec<String> = column(&t, "M");
    assert!(m.iter().any(|v| v == "5") && m.iter().any(|v| v == "1"), "{m:?}");
}

#[test]
fn shipped_samples_run_clean() {
    for name in ["ten_level", "abc", "rfm", "lifecycle"] {
        let rules = format!("rules/{name}.ladder");
        let data = format!("rules/{name}.sample.csv");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(&data).exists());
        let o = ladder(&["run", &rules, &data, AS_OF[0], AS_OF[1]]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    }
}

#[test]
fn a_required_field_missing_or_cut_off_is_a_data_error() {
    let dir = tmp("required");
    let rules = dir.join("req.ladder");
    std::fs::write(&rules, "fields {\n  k: text key\n  a: bool required\n  b: bool\n}\ngrades G {\n  X \"x\" if a\n  Y \"y\" otherwise\n}\n").unwrap();
    let data = dir.join("req.csv");
    std::fs::write(&data, "k,b,a\nr1,是,是\nr2,否\nr3,,\n").unwrap();
    let o = ladder(&["run", rules.to_str().unwrap(), data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let t = table(&stdout(&o));
    assert_eq!(column(&t, "G"), ["X", "", ""]);
    let errors = column(&t, "error");
    assert!(
        errors[1].contains("row 3 has 2 cells") && errors[1].contains("row 3, column a: a value is required"),
        "{errors:?}"
    );
    assert_eq!(errors[2], "row 4, column a: a value is required (the field a is `required`)");
}

/// A file of many blocks (the CSV is split between the cores at record boundaries): every row
/// comes out once, in order, graded as the csv crate reads it — with a quoted cell larger than a
/// block, line breaks inside quotes, CRLF and LF lines and a quote inside a cell.
#[test]
fn rows_are_read_across_blocks_as_the_csv_crate_reads_them() {
    let dir = tmp("blocks");
    let input = dir.join("big.csv");
    let mut text = String::from("编号,a,b,note\r\n");
    let spellings = ["是", "否", "", "Y", "×"];
    for i in 0..60_000 {
        let (a, b) = (spellings[i % 5], spellings[i / 5 % 5]);
        let note = match i % 7 {
            _ if i == 30_000 => format!("\"{}\"", "大,\"\"单元格\"\"\n".repeat(60_000)),
            0 => "\"12,345\"".to_string(),
            1 => "\"two\nlines\"".to_string(),
            2 => "5\" screen".to_string(),
            _ => "plain".to_string(),
        };
        let end = if i % 2 == 0 { "\r\n" } else { "\n" };
        text.push_str(&format!("r{i},{a},{b},{note}{end}"));
    }
    std::fs::write(&input, &text).unwrap();
    let o = ladder(&["run", "tests/run/logic.ladder", input.to_str().unwrap(), "--keep", "编号,note"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = table(&stdout(&o));
    let want = table(&text);
    assert_eq!(column(&got, "编号"), column(&want, "编号"));
    let notes = column(&got, "note");
    assert_eq!(notes, column(&want, "note"));
    assert!(notes[30_000].len() > 1 << 19, "the big cell is larger than a block");
    let and = column(&got, "且的结果");
    assert_eq!((&and[0][..], &and[5][..], &and[2][..]), ("T", "F", "U"));
}

/// `ladder explain … | head -1`: when the reader has closed the pipe, ladder stops quietly (killed
/// by SIGPIPE, as other command-line tools are), not with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["explain", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--row", "2"])
        .args(AS_OF)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ladder");
    // Closed before ladder has checked the rules, so its first line already meets a closed pipe.
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait");
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.signal(), Some(13), "{:?}", o.status);
}

#[test]
fn swapped_arguments_are_named_not_parsed_as_rules() {
    for command in ["run", "explain"] {
        let o = ladder(
            &[command, "rules/abc.sample.csv", "rules/abc.ladder", "--row", "2"]
                [..if command == "run" { 3 } else { 5 }],
        );
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            stderr(&o),
            format!("error: rules/abc.sample.csv looks like a data file and rules/abc.ladder like a rule file: the rule file comes first: `ladder {command} rules/abc.ladder rules/abc.sample.csv`.\n")
        );
    }
}

#[test]
fn explain_shows_a_used_ladders_level_as_an_input() {
    let dir = tmp("used");
    let rules = dir.join("used.ladder");
    let text = "fields {\n  k: text key\n  a: money\n  d: date\n}\n\
        grades 价值分类 {\n  VIP \"v\" if a >= 500万\n  普通 \"p\" otherwise\n}\n\
        grades 回访 {\n  该回访 \"c\" 如果 价值分类 is VIP 且 days since d > 30\n  不必 \"n\" 否则\n}\n";
    std::fs::write(&rules, text).unwrap();
    let data = dir.join("used.csv");
    std::fs::write(&data, "k,a,d\nr1,600万,2020-01-01\nr2,100万,2020-01-01\n").unwrap();
    let (rules, data) = (rules.to_str().unwrap(), data.to_str().unwrap());
    let o = ladder(&["explain", rules, data, "--row", "2", AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("✓ 价值分类 is VIP    [价值分类=VIP]"), "{}", stdout(&o));
    let o = ladder(&["run", rules, data, "--explain", AS_OF[0], AS_OF[1]]);
    let t = table(&stdout(&o));
    assert_eq!(column(&t, "回访"), ["该回访", "不必"]);
    assert!(column(&t, "回访_why")[1].contains("价值分类 is VIP ✗ (价值分类=普通)"), "{:?}", column(&t, "回访_why"));
}

#[test]
fn a_missing_column_hint_offers_only_a_column_whose_values_read() {
    let dir = tmp("hint");
    let rules = dir.join("hint.ladder");
    std::fs::write(
        &rules,
        "fields {\n  购买金额: money\n}\ngrades 等级 {\n  A \"高\" if 购买金额 >= 100万\n  B \"低\" otherwise\n}\n",
    )
    .unwrap();
    let said = |data: &str| {
        let path = dir.join("hint.csv");
        std::fs::write(&path, data).unwrap();
        let o = ladder(&["run", rules.to_str().unwrap(), path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        stderr(&o)
    };
    assert!(said("客户,购买金额(元)\n甲,120万\n乙,\n").contains("The closest header is \"购买金额(元)\""));
    let names = said("客户,购买金额(元)\n甲,张三\n");
    assert!(!names.contains("closest header") && names.contains("The headers are: 客户, 购买金额(元)."), "{names}");
}

/// Every row of `--format jsonl` holds the cells of the CSV row, by the same names in the same
/// order, an empty cell as `null` (input cells too, as docs/run.md says), scores as numbers.
#[test]
fn jsonl_is_the_csv_with_empty_cells_null() {
    for (rules, data, keep) in [
        ("rules/ten_level.ladder", "rules/ten_level.sample.csv", None),
        ("rules/ten_level.ladder", "rules/ten_level.sample.csv", Some("客户编号,行业")),
        ("rules/abc.ladder", "rules/abc.sample.csv", None),
        ("tests/run/formats.ladder", "tests/run/formats.csv", None),
    ] {
        for explain in [false, true] {
            let mut args = vec!["run", rules, data, AS_OF[0], AS_OF[1]];
            if let Some(keep) = keep {
                args.extend(["--keep", keep]);
            }
            if explain {
                args.push("--explain");
            }
            let csv_text = stdout(&ladder(&args));
            args.extend(["--format", "jsonl"]);
            let jsonl = stdout(&ladder(&args));
            let t = table(&csv_text);
            let lines: Vec<&str> = jsonl.lines().collect();
            assert_eq!(lines.len(), t.len() - 1, "{rules}: a line per row");
            for (line, row) in lines.iter().zip(&t[1..]) {
                let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).expect("json");
                let keys: Vec<&String> = object.keys().collect();
                assert_eq!(keys.len(), t[0].len(), "{line}");
                for (name, cell) in t[0].iter().zip(row) {
                    let value = &object[name];
                    match value {
                        serde_json::Value::Null => assert_eq!(cell, "", "{rules} {name}: null only for empty cells"),
                        serde_json::Value::String(s) => {
                            assert!(!s.is_empty() && s == cell, "{rules} {name}: {s:?} vs {cell:?}")
                        }
                        // Written exactly as the CSV writes it (serde_json would read it as a float).
                        serde_json::Value::Number(_) => assert!(
                            line.contains(&format!("{}:{cell}", serde_json::to_string(name).unwrap())),
                            "{line}"
                        ),
                        other => panic!("{rules} {name}: {other}"),
                    }
                }
            }
        }
    }
}

/// GBK is cut into blocks before it is decoded, each block on a core of its own: a file of many
/// blocks, with names whose second GBK byte is `|`, `@` or `\`, a quoted cell over two lines and
/// a byte that is no GBK character, gives what its UTF-8 copy gives — with every delimiter, and
/// through the population pass of rules/rfm.ladder, which reads the file twice.
#[test]
fn gbk_cut_into_blocks_gives_what_utf8_gives() {
    let sample = std::fs::read_to_string("rules/rfm.sample.csv").unwrap();
    let sample = sample.trim_start_matches('\u{feff}');
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(sample.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.replace('¥', "")).collect())
        .collect();
    let header = rows.remove(0);
    let odd = ["亅倈億", "丂侤傽", "乗僜刓", "剕凘", "两行\n名字"];
    for delimiter in [b',', b';', b'\t', b'|'] {
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for i in 0..1000 {
            for (j, row) in rows.iter().enumerate() {
                let mut row = row.clone();
                row[0] = format!("{}{}{i}", odd[j % odd.len()], row[0]);
                w.write_record(&row).unwrap();
            }
        }
        let mut text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let dir = tmp(&format!("gbk-blocks-{delimiter}"));
        let (utf8, gbk) = (dir.join("utf8.csv"), dir.join("gbk.csv"));
        let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
        assert!(bytes.len() > 3 << 19, "several blocks: {}", bytes.len());
        // A byte that is no character, as a damaged export has, at the start of the middle line:
        // U+FFFD in both.
        let after = |b: &[u8], k: usize| b.iter().enumerate().filter(|(_, &c)| c == b'\n').nth(k).unwrap().0 + 1;
        let middle = text.matches('\n').count() / 2;
        bytes.insert(after(&bytes, middle), 0xFF);
        text.insert(after(text.as_bytes(), middle), '\u{fffd}');
        std::fs::write(&utf8, &text).unwrap();
        std::fs::write(&gbk, &bytes).unwrap();
        let run = |path: &Path, enc: &str| {
            let path = path.to_str().unwrap();
            let args =
                ["run", "rules/rfm.ladder", path, "--as-of", "2026-11-23", "--keep", "客户名称", "--encoding", enc];
            ladder(&args)
        };
        let want = run(&utf8, "utf-8");
        assert!(want.status.code().is_some_and(|c| c <= 1), "{}", stderr(&want));
        for enc in ["gbk", "auto"] {
            let got = run(&gbk, enc);
            assert_eq!(got.status.code(), want.status.code(), "{delimiter:?} {enc}: {}", stderr(&got));
            assert!(stdout(&got) == stdout(&want), "{delimiter:?} read as {enc}: the outputs differ");
        }
    }
}

/// Keeping every column, a line that needs no quoting is copied whole and its cells are written to
/// JSON without a look at each: cells with a backslash, a tab, a quote or a comma beside plain
/// lines come out as they went in, in CSV and in JSON lines.
#[test]
fn every_column_kept_as_it_was() {
    let dir = tmp("kept");
    let data = dir.join("cells.csv");
    let rows = [
        "编号,名称,金额,次数,成交,日期,角色",
        "K01,plain,1200000,3,是,2026-11-23,拍板人",
        "K02,back\\slash,1,1,是,2026-11-23,拍板人",
        "K03,tab\there,1,1,否,2026-11-23,使用者",
        "K04,\"say \"\"hi\"\"\",1,1,是,2026-11-23,其他",
        "K05,\"a,b\",1,1,是,2026-11-23,其他",
        "K06,short",
        "K07,long,1,1,是,2026-11-23,其他,beyond",
    ];
    std::fs::write(&data, rows.join("\r\n") + "\r\n").unwrap();
    let data = data.to_str().unwrap();
    let ragged = |text: &str| -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        reader.records().map(|r| r.expect("csv").iter().map(String::from).collect()).collect()
    };
    let input = ragged(&std::fs::read_to_string(data).unwrap());
    let csv_out = ragged(&stdout(&ladder(&["run", "tests/run/formats.ladder", data, AS_OF[0], AS_OF[1]])));
    assert_eq!(csv_out.len(), input.len());
    for (row, out) in input.iter().zip(&csv_out).skip(1) {
        assert_eq!(out[..row.len().min(7)], row[..row.len().min(7)], "{row:?}");
        assert_eq!(out.len(), csv_out[0].len() + usize::from(row.len() > 7), "{out:?}");
    }
    assert_eq!(csv_out[7].last().unwrap(), "beyond");
    let o = ladder(&["run", "tests/run/formats.ladder", data, AS_OF[0], AS_OF[1], "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    let names: Vec<&str> = lines.iter().map(|l| l["名称"].as_str().unwrap()).collect();
    assert_eq!(names, ["plain", "back\\slash", "tab\there", "say \"hi\"", "a,b", "short", "long"]);
    assert_eq!(lines[1]["角色"], "拍板人");
    assert_eq!(lines[5]["角色"], serde_json::Value::Null);
}
