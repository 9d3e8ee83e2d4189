//! Issue 12's text files end to end through the binary: CSV that Excel opens (a byte-order mark by
//! default, `--output-encoding`), what `-o` writes by extension, Excel's and CRMs' CSV variants
//! (`;`, tabs in UTF-16 "Unicode text", `|`), rule files as Notepad saves them, and an output
//! file that another program holds.

use std::process::{Command, Output};

mod common;
use common::cli::{ladder, ladder_in, stderr, tmp};

const TEN: &str = "rules/ten_level.ladder";
const SAMPLE: &str = "rules/ten_level.sample.csv";
const AS_OF: [&str; 2] = ["--as-of", "2025-12-01"];
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn graded(data: &str, extra: &[&str]) -> Vec<u8> {
    let out = ladder(&[&["run", TEN, data], &AS_OF[..], extra].concat());
    assert_eq!(out.status.code(), Some(0), "{data}: {}", stderr(&out));
    out.stdout
}

/// The result columns (after the input's 35) of CSV output.
fn results(csv: &[u8]) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(csv);
    rdr.records().map(|r| r.expect("csv").iter().skip(35).map(String::from).collect()).collect()
}

#[test]
fn a_file_gets_a_byte_order_mark_and_standard_output_does_not() {
    let dir = tmp("bom");
    let out = dir.join("graded.csv");
    let o = ladder(&[&["run", TEN, SAMPLE, "-o", out.to_str().unwrap()], &AS_OF[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = std::fs::read(&out).unwrap();
    let piped = graded(SAMPLE, &[]);
    assert!(!piped.starts_with(BOM));
    assert_eq!(file, [BOM, &piped].concat());
    // The earlier way stays one flag away; a device never gets a mark.
    let o = ladder(
        &[&["run", TEN, SAMPLE, "-o", out.to_str().unwrap(), "--output-encoding", "utf-8"], &AS_OF[..]].concat(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), piped);
    assert_eq!(graded(SAMPLE, &["--output-encoding", "utf-8-bom"]), [BOM, &piped].concat());
}

#[test]
fn gbk_output_is_what_excel_on_chinese_windows_reads_without_a_mark() {
    let gbk = graded(SAMPLE, &["--output-encoding", "gbk"]);
    let utf8 = String::from_utf8(graded(SAMPLE, &[])).unwrap();
    let (decoded, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(!bad);
    // ¥ is not in GBK: it is kept as a character reference, everything else as it was.
    assert_eq!(decoded.replace("&#165;", "¥"), utf8);
    assert!(decoded.contains("东莞市华盛电子科技有限公司"));
}

#[test]
fn excel_and_crm_exports_read_with_no_flag() {
    let base = results(&graded(SAMPLE, &[]));
    for export in [
        "tests/exports/ten_level.semicolon.csv",
        "tests/exports/ten_level.unicode.txt",
        "tests/exports/ten_level.pipe.txt",
    ] {
        assert_eq!(results(&graded(export, &[])), base, "{export}");
    }
    // Told, the delimiter is obeyed; told wrong, the columns are not found.
    assert_eq!(results(&graded("tests/exports/ten_level.semicolon.csv", &["--delimiter", ";"])), base);
    let wrong = ladder(&[&["run", TEN, "tests/exports/ten_level.pipe.txt", "--delimiter", "tab"], &AS_OF[..]].concat());
    assert_eq!(wrong.status.code(), Some(2));
    let bad = ladder(&["run", TEN, SAMPLE, "--delimiter", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    insta::assert_snapshot!("bad_delimiter", stderr(&bad));
    insta::assert_snapshot!("bad_delimiter_zh", stderr(&ladder_in("zh", &["run", TEN, SAMPLE, "--delimiter", "x"])));
}

/// Headers pasted with invisible characters (a zero-width space, U+FEFF inside the line, a
/// full-width space) name the same columns as the clean ones: headers are trimmed as cells are.
#[test]
fn headers_with_invisible_characters_name_their_columns() {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let (header, rows) = sample.split_once('\n').unwrap();
    let cells: Vec<String> = header
        .split(',')
        .enumerate()
        .map(|(i, h)| match i % 3 {
            0 => format!("{h}\u{200B}"),
            1 => format!("\u{FEFF}{h}"),
            _ => format!("\u{3000}{h} "),
        })
        .collect();
    let dir = tmp("invisible");
    let data = dir.join("pasted.csv");
    std::fs::write(&data, format!("{}\n{rows}", cells.join(","))).unwrap();
    assert_eq!(results(&graded(data.to_str().unwrap(), &[])), results(&graded(SAMPLE, &[])));
    // `--keep` names the columns as they look, too.
    let keep = |data: &str| {
        let csv = graded(data, &["--keep", "客户编号"]);
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(&csv[..]);
        rdr.records().skip(1).map(|r| r.unwrap().iter().map(String::from).collect()).collect::<Vec<Vec<String>>>()
    };
    assert_eq!(keep(data.to_str().unwrap()), keep(SAMPLE));
}

#[test]
fn audit_and_explain_read_a_semicolon_log_and_data() {
    let dir = tmp("audit");
    let log = std::fs::read_to_string("rules/ten_level.stage_log.csv").unwrap().replace(',', ";");
    let path = dir.join("log.csv");
    std::fs::write(&path, log).unwrap();
    let semi = ladder(&[&["audit", TEN, path.to_str().unwrap()], &AS_OF[..]].concat());
    let comma = ladder(&[&["audit", TEN, "rules/ten_level.stage_log.csv"], &AS_OF[..]].concat());
    assert_eq!(semi.status.code(), comma.status.code(), "{}", stderr(&semi));
    let said = |o: &Output, log: &str| String::from_utf8_lossy(&o.stdout).replace(log, "LOG");
    assert_eq!(said(&semi, path.to_str().unwrap()), said(&comma, "rules/ten_level.stage_log.csv"));
    let explain = |data: &str| ladder(&[&["explain", TEN, data, "--row", "3"], &AS_OF[..]].concat());
    assert_eq!(explain("tests/exports/ten_level.unicode.txt").stdout, explain(SAMPLE).stdout);
}

#[test]
fn the_extension_of_the_output_decides_what_is_written() {
    let dir = tmp("ext");
    let run = |lang: &str, out: &str, extra: &[&str]| {
        let path = dir.join(out);
        let o = ladder_in(lang, &[&["run", TEN, SAMPLE, "-o", path.to_str().unwrap()], &AS_OF[..], extra].concat());
        (o.status.code(), stderr(&o).replace(dir.to_str().unwrap(), "DIR"), path)
    };
    let (code, _, path) = run("en", "graded.jsonl", &[]);
    assert_eq!(code, Some(0));
    let first = std::fs::read_to_string(path).unwrap();
    assert!(first.starts_with('{'), "{first}");
    let (code, en, path) = run("en", "graded.txt", &[]);
    assert_eq!(code, Some(0));
    assert!(std::fs::read(path).unwrap().starts_with(BOM));
    let (_, zh, _) = run("zh", "graded.txt", &[]);
    insta::assert_snapshot!("txt_is_csv", format!("{en}\n{zh}"));
    for (name, extra) in
        [("graded.pdf", &[][..]), ("graded.xls", &[]), ("graded.tsv", &[]), ("graded.csv", &["--format", "jsonl"][..])]
    {
        let (code, en, path) = run("en", name, extra);
        assert_eq!(code, Some(2), "{name}");
        assert!(!path.exists(), "{name} was written");
        let (_, zh, _) = run("zh", name, extra);
        insta::assert_snapshot!(format!("refused_{name}"), format!("{en}\n{zh}"));
    }
}

/// `text` saved as Notepad saves it: GBK, UTF-16 or UTF-8 with a BOM, each with CRLF.
fn notepad(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let crlf = text.replace('\n', "\r\n");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(crlf.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    vec![
        ("gbk", encoding_rs::GBK.encode(&crlf).0.into_owned()),
        ("utf-16", utf16),
        ("utf-8-bom", [BOM, crlf.as_bytes()].concat()),
        ("crlf", crlf.into_bytes()),
    ]
}

#[test]
fn rule_files_saved_by_notepad_check_run_and_keep_their_form_through_fmt() {
    let dir = tmp("notepad");
    let text = std::fs::read_to_string(TEN).unwrap();
    let base = results(&graded(SAMPLE, &[]));
    for (how, bytes) in notepad(&text) {
        let rules = dir.join(format!("{how}.ladder"));
        std::fs::write(&rules, &bytes).unwrap();
        let rules = rules.to_str().unwrap();
        let check = ladder(&["check", "--deny-warnings", rules]);
        assert_eq!(check.status.code(), Some(0), "{how}: {}", stderr(&check));
        let run = ladder(&[&["run", rules, SAMPLE], &AS_OF[..]].concat());
        assert_eq!(run.status.code(), Some(0), "{how}");
        let lines = |rows: Vec<Vec<String>>| {
            rows.into_iter()
                .map(|r| r.into_iter().filter(|c| !c.contains(".ladder:")).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(results(&run.stdout)), lines(base.clone()), "{how}");
        // Formatted already: the encoding, the mark and CRLF alone are no change.
        let fmt = ladder(&["fmt", "--check", rules]);
        assert_eq!(fmt.status.code(), Some(0), "{how}: {}", stderr(&fmt));
        // Formatting an untidy file changes only the layout: it is saved the way it came.
        let untidy = text.replacen("fields {", "fields   {", 1);
        assert_ne!(untidy, text);
        let (_, untidy_bytes) = notepad(&untidy).into_iter().find(|(h, _)| *h == how).unwrap();
        std::fs::write(rules, &untidy_bytes).unwrap();
        assert_eq!(ladder(&["fmt", "--check", rules]).status.code(), Some(1), "{how}");
        assert_eq!(ladder(&["fmt", rules]).status.code(), Some(0), "{how}");
        assert_eq!(std::fs::read(rules).unwrap(), bytes, "{how}: fmt changed more than the layout");
    }
}

#[test]
fn an_output_another_program_holds_is_left_alone_with_words_that_say_so() {
    // Windows refuses to replace a file Excel has open; here an immutable file (root only) is
    // refused the same way.
    let dir = tmp("held");
    let out = dir.join("graded.csv");
    std::fs::write(&out, "old").unwrap();
    let held = Command::new("chattr").arg("+i").arg(&out).status();
    if !held.is_ok_and(|s| s.success()) {
        assert!(!is_root(), "chattr +i failed as root");
        return;
    }
    let o = ladder(&[&["run", TEN, SAMPLE, "-o", out.to_str().unwrap()], &AS_OF[..]].concat());
    let zh = ladder_in("zh", &[&["run", TEN, SAMPLE, "-o", out.to_str().unwrap()], &AS_OF[..]].concat());
    Command::new("chattr").arg("-i").arg(&out).status().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    let leftovers = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(leftovers, 1, "a temporary file was left behind");
    let shown = format!("{}\n{}", stderr(&o), stderr(&zh)).replace(out.to_str().unwrap(), "OUT");
    insta::assert_snapshot!("output_held", shown);
}

fn is_root() -> bool {
    std::env::var("USER").is_ok_and(|u| u == "root")
        || Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}
