//! Under `LANG=zh_CN.UTF-8` every command speaks Chinese: no English sentence in what a manager
//! reads (names, code excerpts, file paths and machine formats aside), and `--lang en` gives the
//! English back.

mod common;

use common::is_prose;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-23";

fn ladder(args: &[&str], lang_env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladder"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for v in ["LADDER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(v);
    }
    cmd.envs(lang_env.iter().copied()).args(args);
    match stdin {
        None => cmd.output().unwrap(),
        Some(text) => {
            use std::io::Write;
            cmd.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
            child.wait_with_output().unwrap()
        }
    }
}

/// A line as a manager reads it, with what is not a sentence of ours taken out: code spans,
/// quoted values, and the source lines of reports.
fn words(line: &str) -> String {
    if line.contains('│')
        || line.contains('·')
        || line.trim_start().starts_with('╭')
        || line.trim_start().starts_with('╰')
    {
        return String::new();
    }
    // An evaluation tree line is `✓ CODE    [inputs] (notes)`: the code is the rule's own.
    let trimmed = line.trim_start();
    let line = match trimmed.chars().next() {
        Some('✓' | '✗' | '?') => trimmed.split_once("    ").map_or("", |(_, notes)| notes),
        _ => line,
    };
    let mut out = String::new();
    let mut skip = None;
    for c in line.chars() {
        match (skip, c) {
            (None, '`' | '"' | '“' | '\'') => skip = Some(if c == '“' { '”' } else { c }),
            (Some(end), c) if c == end => skip = None,
            (None, c) => out.push(c),
            (Some(_), _) => {}
        }
    }
    out
}

/// The English sentences in `text`.
fn english(text: &str) -> Vec<String> {
    text.lines().filter(|l| is_prose(&words(l))).map(String::from).collect()
}

/// The cells of a graded CSV that Ladder wrote in words: `error` and `NAME_why`, one per line.
fn our_cells(csv_text: &str) -> String {
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let ours: Vec<usize> =
        (0..header.len()).filter(|&i| header[i] == *"error" || header[i].ends_with("_why")).collect();
    let mut out = String::new();
    for row in rows.records() {
        let row = row.unwrap();
        for &i in &ours {
            out.push_str(&row[i].replace(" · ", "\n"));
            out.push('\n');
        }
    }
    out
}

/// Every output a manager reads, as `(what, text)`.
fn outputs(env: &[(&str, &str)]) -> Vec<(String, String)> {
    let runs: Vec<(&str, Vec<&str>, Option<&str>)> = vec![
        ("help", vec!["--help"], None),
        ("run help", vec!["run", "--help"], None),
        ("bad argument", vec!["run", "--bogus"], None),
        ("check", vec!["check", "tests/diagnostics/several_errors.ladder"], None),
        ("check json", vec!["check", "--format", "json", "tests/diagnostics/typo_member.ladder"], None),
        (
            "run with data errors",
            vec!["run", "--summary", "--as-of", TODAY, "tests/run/formats.ladder", "tests/run/errors.csv"],
            None,
        ),
        (
            "explain",
            vec!["explain", "--as-of", TODAY, "--row", "2", "rules/ten_level.ladder", "rules/ten_level.sample.csv"],
            None,
        ),
        ("run --explain", vec!["run", "--explain", "--as-of", TODAY, "rules/abc.ladder", "rules/abc.sample.csv"], None),
        ("test", vec!["test", "--as-of", TODAY, "--coverage", "tests/test_cmd/fail"], None),
        ("audit", vec!["audit", "--as-of", TODAY, "rules/ten_level.ladder", "rules/ten_level.stage_log.csv"], None),
        ("fmt", vec!["fmt", "--check", "tests/diagnostics/fullwidth_fine.ladder"], None),
        (
            "repl",
            vec!["repl", "--as-of", TODAY, "rules/ten_level.ladder"],
            Some(":help\n:fields\n年销售额 >= 100万\n:grade\n:why 十级\n:set 年销售额 = 120万\n:grade\n"),
        ),
    ];
    runs.into_iter()
        .map(|(what, args, stdin)| {
            let o = ladder(&args, env, stdin);
            let out = String::from_utf8_lossy(&o.stdout);
            // The graded rows are the user's data: only the `error` and `_why` cells are ours.
            let data = args[0] == "run" && !args.contains(&"--help") && !args.contains(&"--bogus");
            let out = if data { our_cells(&out) } else { out.into_owned() };
            (what.to_string(), format!("{out}{}", String::from_utf8_lossy(&o.stderr)))
        })
        .collect()
}

#[test]
fn a_chinese_locale_gets_chinese_sentences_everywhere() {
    let mut found = Vec::new();
    for (what, text) in outputs(&[("LANG", "zh_CN.UTF-8")]) {
        assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{what}: no Chinese at all:\n{text}");
        found.extend(english(&text).into_iter().map(|l| format!("{what}: {l}")));
    }
    assert!(found.is_empty(), "English left under LANG=zh_CN.UTF-8:\n{}", found.join("\n"));
}

#[test]
fn lang_en_gives_english_and_lang_zh_chinese_whatever_the_locale() {
    let en =
        ladder(&["--lang", "en", "check", "tests/diagnostics/typo_member.ladder"], &[("LANG", "zh_CN.UTF-8")], None);
    assert!(String::from_utf8_lossy(&en.stderr).contains("Did you mean"));
    let zh = ladder(&["check", "--lang", "zh", "tests/diagnostics/typo_member.ladder"], &[("LC_ALL", "C")], None);
    assert!(String::from_utf8_lossy(&zh.stderr).contains("是不是想写"));
}

#[test]
fn the_environment_chooses_in_order() {
    let said = |env: &[(&str, &str)]| {
        let o = ladder(&["check", "tests/diagnostics/typo_member.ladder"], env, None);
        if String::from_utf8_lossy(&o.stderr).contains("是不是想写") {
            "zh"
        } else {
            "en"
        }
    };
    assert_eq!(said(&[("LANG", "zh_CN.UTF-8")]), "zh");
    assert_eq!(said(&[("LANG", "zh_TW.UTF-8")]), "zh");
    assert_eq!(said(&[("LANG", "en_US.UTF-8")]), "en");
    assert_eq!(said(&[("LANG", "C")]), "en");
    assert_eq!(said(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")]), "en");
    assert_eq!(said(&[("LANG", "C"), ("LC_MESSAGES", "zh_SG")]), "zh");
    assert_eq!(said(&[("LANG", "zh_CN.UTF-8"), ("LADDER_LANG", "en")]), "en");
    assert_eq!(said(&[("LC_ALL", "C"), ("LADDER_LANG", "zh")]), "zh");
}
