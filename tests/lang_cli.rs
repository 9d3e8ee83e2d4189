//! What `ladder run`, `explain` and `audit` write, in Chinese and in English, end to end through
//! the binary: chosen by `--lang` and by the locale (`LANG=zh_CN.UTF-8`).

use std::process::{Command, Output};

/// The variables that choose the language, cleared so each test says which one it sets.
const LOCALE_VARS: [&str; 4] = ["LADDER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

fn ladder_with(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladder"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    for v in LOCALE_VARS {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied()).output().expect("run ladder")
}

/// `ladder --lang LANG ARGS`.
fn ladder(lang: &str, args: &[&str]) -> Output {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    ladder_with(&[], &all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

/// Standard output, then standard error, then the exit code.
fn all(o: &Output) -> String {
    format!("{}--- stderr\n{}[exit {}]", text(&o.stdout), text(&o.stderr), o.status.code().unwrap_or(-1))
}

const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];
const BAD_CELLS: [&str; 7] =
    ["run", "tests/run/formats.ladder", "tests/run/errors.csv", AS_OF[0], AS_OF[1], "--keep", "编号"];

#[test]
fn bad_cells_are_worded_in_the_chosen_language() {
    for lang in ["zh", "en"] {
        insta::assert_snapshot!(format!("bad_cells_{lang}"), all(&ladder(lang, &BAD_CELLS)));
    }
    let jsonl = ladder("zh", &[&BAD_CELLS[..], &["--format", "jsonl"]].concat());
    let second: serde_json::Value = serde_json::from_str(text(&jsonl.stdout).lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["error"].as_str().unwrap().split('：').next(), Some("第 3 行“金额”列"));
}

#[test]
fn a_chinese_locale_gives_chinese_and_lang_overrides_it() {
    let zh = ladder("zh", &BAD_CELLS);
    let by_locale = ladder_with(&[("LANG", "zh_CN.UTF-8")], &BAD_CELLS);
    assert_eq!(all(&by_locale), all(&zh));
    let en = ladder_with(&[("LANG", "zh_CN.UTF-8")], &[&["--lang", "en"], &BAD_CELLS[..]].concat());
    assert_eq!(all(&en), all(&ladder("en", &BAD_CELLS)));
    assert!(text(&en.stderr).contains("5 of 7 rows had data errors"));
}

/// The summary without its last line, which holds the timing.
fn summary(lang: &str) -> (String, String) {
    let o = ladder(lang, &[&BAD_CELLS[..], &["--summary", "-o", "/dev/null"]].concat());
    let err = text(&o.stderr);
    let (rest, timing) = err.trim_end().rsplit_once('\n').unwrap();
    (rest.to_string(), timing.to_string())
}

#[test]
fn summary_in_both_languages() {
    let (zh, timing) = summary("zh");
    insta::assert_snapshot!("summary_zh", zh);
    assert!(timing.starts_with("读取 7 行 · 有数据错误 5 行 · 用时 "), "{timing}");
    let (en, timing) = summary("en");
    insta::assert_snapshot!("summary_en", en);
    assert!(timing.starts_with("rows read: 7 · rows with data errors: 5 · "), "{timing}");
}

#[test]
fn explain_in_both_languages_with_amounts_in_wan() {
    let args = ["explain", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--key", "KH-2026-0236"];
    for lang in ["zh", "en"] {
        let o = ladder(lang, &[&args[..], &AS_OF].concat());
        insta::assert_snapshot!(format!("explain_{lang}"), all(&o));
        assert!(text(&o.stdout).contains("年销售额=120万"), "{}", text(&o.stdout));
    }
    let missing = ladder("zh", &["explain", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--row", "1"]);
    assert_eq!(text(&missing.stderr), "错误：第 1 行是表头；记录从第 2 行开始。\n");
}

#[test]
fn why_columns_in_chinese() {
    let args = ["run", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--explain", "--keep", "客户编号"];
    let o = ladder("zh", &[&args[..], &AS_OF].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    insta::assert_snapshot!("why_zh", text(&o.stdout));
}

#[test]
fn audit_in_both_languages() {
    let args = ["audit", "rules/ten_level.ladder", "rules/ten_level.stage_log.csv", AS_OF[0], AS_OF[1]];
    for lang in ["zh", "en"] {
        for format in ["human", "json", "github"] {
            let o = ladder(lang, &[&args[..], &["--format", format]].concat());
            insta::assert_snapshot!(format!("audit_{format}_{lang}"), all(&o));
        }
        let no_column = ladder(lang, &["audit", "rules/ten_level.ladder", "tests/run/errors.csv"]);
        insta::assert_snapshot!(format!("audit_no_column_{lang}"), all(&no_column));
        let no_set = ladder(lang, &["audit", "rules/ten_level.ladder", "x.csv", "--transitions", "阶级"]);
        insta::assert_snapshot!(format!("audit_no_set_{lang}"), all(&no_set));
    }
}

#[test]
fn command_line_errors_in_chinese() {
    let o = ladder("zh", &["run", "tests/run/formats.ladder", "nowhere.csv", "--as-of", "someday"]);
    assert_eq!(text(&o.stderr), "错误：--as-of someday：应当是日期，如 2026-11-23\n");
    let o = ladder("zh", &["run", "tests/run/logic.ladder", "tests/run/logic.csv", "-o", "tests/run/logic.csv"]);
    assert!(text(&o.stderr).starts_with("错误：输出文件 tests/run/logic.csv 就是输入文件"), "{}", text(&o.stderr));
}
