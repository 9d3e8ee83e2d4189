//! `ladder test`, `ladder check` and `ladder fmt` in Chinese, end-to-end through the binary:
//! chosen with `--lang zh`, and by a Chinese locale in `LANG` giving the same words.

use std::process::Command;

/// Runs `ladder ARGS` from the crate root with `LANG` set and no other locale variable:
/// (exit code, stdout, stderr).
fn ladder_in(lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LADDER_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("the ladder binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// `ladder --lang zh ARGS`, checked to say the same as with `LANG=zh_CN.UTF-8`.
fn zh(args: &[&str]) -> (i32, String, String) {
    let flagged = ladder_in("C", &[&["--lang", "zh"], args].concat());
    assert_eq!(flagged, ladder_in("zh_CN.UTF-8", args), "--lang zh and LANG=zh_CN.UTF-8 differ");
    flagged
}

fn test(args: &[&str]) -> (i32, String, String) {
    zh(&[&["test", "--as-of", "2026-11-23"], args].concat())
}

#[test]
fn test_failures_in_chinese() {
    let (code, out, _) = test(&["tests/test_cmd/fail"]);
    assert_eq!(code, 1);
    assert!(out.ends_with("测试结果：失败。2 项通过，5 项失败\n"), "{out}");
    insta::assert_snapshot!("zh_fail", out);
}

#[test]
fn test_table_and_filter_in_chinese() {
    let (_, out, _) = test(&["tests/test_cmd/cases/grading.ladder", "--cases", "tests/test_cmd/cases/table.csv"]);
    insta::assert_snapshot!("zh_cases", out);
    // The filter matches a case by its row as either language names it.
    let (_, by_zh, _) = test(&[
        "tests/test_cmd/cases/grading.ladder",
        "--cases",
        "tests/test_cmd/cases/table.csv",
        "--filter",
        "第 3 行",
    ]);
    let (_, by_en, _) = test(&[
        "tests/test_cmd/cases/grading.ladder",
        "--cases",
        "tests/test_cmd/cases/table.csv",
        "--filter",
        "row 3",
    ]);
    assert_eq!(by_zh, by_en);
    assert!(by_zh.contains("运行 1 项测试"), "{by_zh}");
}

#[test]
fn coverage_in_chinese() {
    let (code, out, _) = test(&["tests/test_cmd/coverage", "--min-coverage", "80"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("zh_coverage", out);
}

#[test]
fn github_annotations_in_chinese() {
    let (_, out, _) = test(&["tests/test_cmd/fail", "tests/test_cmd/coverage", "--format", "github", "--coverage"]);
    insta::assert_snapshot!("zh_github", out);
}

#[test]
fn test_usage_errors_in_chinese() {
    let (code, _, err) = test(&["tests/test_cmd/coverage", "--min-coverage", "180"]);
    assert_eq!((code, err.as_str()), (2, "错误：--min-coverage 180：要写 0 到 100 之间的百分数。\n"));
    let (code, _, err) =
        test(&["tests/test_cmd/cases/grading.ladder", "--cases", "tests/test_cmd/cases/bad_expect.csv"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("zh_bad_expect", err);
}

#[test]
fn check_summary_in_chinese() {
    let (code, _, err) = zh(&["check", "tests/test_cmd/broken"]);
    assert_eq!(code, 1);
    assert!(err.ends_with("检查了 2 个文件：1 个错误，0 个警告\n"), "{err}");
    let (code, _, err) = zh(&["check", "tests/test_cmd/nothing-here"]);
    assert_eq!((code, err.as_str()), (2, "错误：tests/test_cmd/nothing-here：没有这个文件或文件夹\n"));
}

#[test]
fn fmt_check_in_chinese() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("messy.ladder");
    std::fs::write(&path, "fields {\n    询价: bool\n}\ngrades 等级 {\n  A \"a\"  if 询价\n  B \"b\" otherwise\n}\n")
        .expect("the file");
    let path = path.to_string_lossy();
    let (code, _, err) = zh(&["fmt", "--check", &path]);
    assert_eq!((code, err), (1, format!("{path} 需要格式化\n")));
}

#[test]
fn json_messages_in_chinese() {
    let (_, out, _) = test(&["tests/test_cmd/fail", "tests/test_cmd/coverage", "--format", "json", "--coverage"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let explanation = doc["results"][1]["explanation"].as_str().unwrap_or_default();
    assert!(explanation.starts_with("原因："), "{explanation}");
    let uncovered = &doc["coverage"]["files"][0]["uncovered"][0];
    assert_eq!(uncovered["text"], "any { … } 中的一项 金额 >= 100万", "{uncovered}");
    assert_eq!(uncovered["line"], 16);
}
