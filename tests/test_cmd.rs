//! End-to-end runs of `ladder test` on the fixtures under tests/test_cmd/: passing and failing
//! folders, a broken rule file, known coverage, test tables (UTF-8 and GBK), and the CI formats.

use std::process::Command;

/// Runs `ladder ARGS` from the crate root: (exit code, stdout, stderr).
fn ladder(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the ladder binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];

fn test(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["test"];
    all.extend_from_slice(&AS_OF);
    all.extend_from_slice(args);
    ladder(&all)
}

#[test]
fn a_passing_folder_exits_0() {
    let (code, out, _) = test(&["tests/test_cmd/pass"]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("pass", out);
}

#[test]
fn an_example_of_a_used_file_runs_once() {
    let (_, out, _) = test(&["tests/test_cmd/pass/common.ladder", "tests/test_cmd/pass/tier.ladder"]);
    assert_eq!(out.matches("使用者在换供应商：积极回应").count(), 1, "{out}");
    assert!(out.contains("3 passed, 0 failed"), "{out}");
}

#[test]
fn failures_show_expected_actual_and_why() {
    let (code, out, _) = test(&["tests/test_cmd/fail"]);
    assert_eq!(code, 1);
    assert!(out.ends_with("test result: FAILED. 2 passed, 5 failed\n"), "{out}");
    insta::assert_snapshot!("fail", out);
}

#[test]
fn a_rule_file_with_errors_counts_as_failed() {
    let (code, out, err) = test(&["tests/test_cmd/broken"]);
    assert_eq!(code, 1);
    assert!(err.contains("There is no field, let, score or ladder named `年销售`."), "{err}");
    assert!(out.contains("test tests/test_cmd/broken/bad.ladder ... FAILED"), "{out}");
    assert!(out.contains("test tests/test_cmd/broken/good.ladder: 年销售额200万：范围级 ... ok"), "{out}");
    assert!(out.contains("1 passed, 1 failed"), "{out}");
}

#[test]
fn filter_runs_matching_examples_only() {
    let (code, out, _) = test(&["tests/test_cmd/fail", "--filter", "供应商"]);
    assert_eq!(code, 1);
    assert!(out.contains("running 3 tests"), "{out}");
    assert!(out.ends_with("test result: FAILED. 1 passed, 2 failed; 4 filtered out\n"), "{out}");
    let (code, out, _) = test(&["tests/test_cmd/fail", "--filter", "拍板人考虑"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn coverage_of_a_file_known_by_construction() {
    let (code, out, _) = test(&["tests/test_cmd/coverage", "--coverage"]);
    assert_eq!(code, 0);
    let report: Vec<&str> =
        out.lines().skip_while(|l| !l.starts_with("coverage ")).take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        report,
        [
            "coverage tests/test_cmd/coverage/known.ladder: 75.0% (6 of 8)",
            "  not covered: tests/test_cmd/coverage/known.ladder:16:20 member 金额 >= 100万 of any { … }",
            "  not covered: tests/test_cmd/coverage/known.ladder:18:3 C \"普通客户\"",
            "coverage total: 75.0% (6 of 8)",
        ]
    );
}

#[test]
fn min_coverage_fails_below_the_total() {
    let (code, out, _) = test(&["tests/test_cmd/coverage", "--min-coverage", "75"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = test(&["tests/test_cmd/coverage", "--min-coverage", "80"]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with("test result: FAILED. 2 passed, 0 failed; coverage 75.0% is below --min-coverage 80\n"),
        "{out}"
    );
    let (code, _, err) = test(&["tests/test_cmd/coverage", "--min-coverage", "180"]);
    assert_eq!(code, 2);
    assert!(err.contains("from 0 to 100"), "{err}");
}

#[test]
fn a_test_table_reports_the_failing_row() {
    let (code, out, _) = test(&["tests/test_cmd/cases/grading.ladder", "--cases", "tests/test_cmd/cases/table.csv"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("cases", out);
}

#[test]
fn a_gbk_table_reads_like_ladder_run() {
    let args = ["tests/test_cmd/cases/grading.ladder", "--cases", "tests/test_cmd/cases/table_gbk.csv"];
    let (code, auto, _) = test(&args);
    assert_eq!(code, 1);
    assert!(auto.contains("test tests/test_cmd/cases/table_gbk.csv row 3: 福州闽侯联发建材有限公司 ... ok"), "{auto}");
    assert!(
        auto.contains("test tests/test_cmd/cases/table_gbk.csv row 4: 肇庆市高要区金利五金有限公司 ... FAILED"),
        "{auto}"
    );
    let (_, gbk, _) = test(&[&args[..], &["--encoding", "gbk"]].concat());
    assert_eq!(auto, gbk);
    let (code, _, err) = test(&[&args[..], &["--encoding", "utf-8"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("try --encoding gbk"), "{err}");
}

#[test]
fn an_unknown_expect_column_is_a_usage_error() {
    let (code, out, err) =
        test(&["tests/test_cmd/cases/grading.ladder", "--cases", "tests/test_cmd/cases/bad_expect.csv"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: tests/test_cmd/cases/bad_expect.csv: the column \"expect_等极\" names no ladder or transition set; did you mean \"expect_等级\"?\n"
    );
}

#[test]
fn cases_need_exactly_one_rule_file() {
    let (code, _, err) = test(&["tests/test_cmd/pass", "--cases", "tests/test_cmd/cases/table.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("--cases needs exactly one rule file"), "{err}");
}

#[test]
fn a_table_beside_its_rule_file_runs_and_is_ranked_as_a_population() {
    let (code, out, _) = test(&["tests/test_cmd/auto"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("test tests/test_cmd/auto/rank.cases.csv row 6: 东莞市恒通五金制品有限公司 ... ok"), "{out}");
    assert!(out.contains("6 passed, 0 failed"), "{out}");
}

#[test]
fn github_annotations_for_failures_and_uncovered_items() {
    let (code, out, err) =
        test(&["tests/test_cmd/fail", "tests/test_cmd/coverage", "--format", "github", "--coverage"]);
    assert_eq!(code, 1);
    assert!(err.contains("test result: FAILED"), "the human report goes to stderr: {err}");
    insta::assert_snapshot!("github", out);
}

#[test]
fn github_annotations_for_a_failing_row_and_a_broken_file() {
    let (_, out, _) = test(&[
        "tests/test_cmd/cases/grading.ladder",
        "--cases",
        "tests/test_cmd/cases/table.csv",
        "--format",
        "github",
    ]);
    assert!(out.starts_with("::error file=tests/test_cmd/cases/table.csv,line=4,title=ladder test::case row 4 \"前台说在换供应商\" failed: expected 等级 = A06 积极回应, got A21 资料级%0Awhy: "), "{out}");
    let (_, out, _) = test(&["tests/test_cmd/broken", "--format", "github"]);
    assert!(out.starts_with("::error file=tests/test_cmd/broken/bad.ladder,line=9,"), "{out}");
}

#[test]
fn check_writes_github_annotations() {
    let (code, out, _) = ladder(&["check", "--format", "github", "tests/test_cmd/broken"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error file=tests/test_cmd/broken/bad.ladder,line=9,col="), "{out}");
    assert!(
        out.contains("title=ladder%3A%3Aunknown_name::There is no field, let, score or ladder named `年销售`."),
        "{out}"
    );
}

#[test]
fn json_has_the_documented_schema() {
    let (code, out, _) =
        test(&["tests/test_cmd/fail", "tests/test_cmd/coverage", "--format", "json", "--min-coverage", "80"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!((doc["passed"].as_u64(), doc["failed"].as_u64(), doc["ok"].as_bool()), (Some(4), Some(5), Some(false)));
    let failed = &doc["results"][1];
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["line"], 34);
    assert_eq!(failed["expected"][0], serde_json::json!({"target": "等级", "level": "A06", "label": "积极回应"}));
    assert_eq!(failed["actual"][0]["level"], "A07");
    assert!(failed["explanation"].as_str().unwrap().contains("why not A06:"));
    assert_eq!(doc["coverage"]["min"], 80.0);
    let documented = documented_json();
    assert_same_keys(&documented, &doc, "$");
}

/// The JSON example in docs/ci.md.
fn documented_json() -> serde_json::Value {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).unwrap();
    let start = docs.find("```json\n").expect("docs/ci.md has a JSON example") + 8;
    let end = start + docs[start..].find("```").unwrap();
    serde_json::from_str(&docs[start..end]).expect("the documented JSON parses")
}

/// Objects in `doc` have the same keys as in `shown`, recursively (first array elements).
fn assert_same_keys(shown: &serde_json::Value, doc: &serde_json::Value, path: &str) {
    use serde_json::Value::*;
    match (shown, doc) {
        (Object(a), Object(b)) => {
            let keys =
                |o: &serde_json::Map<std::string::String, serde_json::Value>| o.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(a), keys(b), "keys at {path}");
            for (k, v) in a {
                assert_same_keys(v, &b[k], &format!("{path}.{k}"));
            }
        }
        (Array(a), Array(b)) if !a.is_empty() && !b.is_empty() => assert_same_keys(&a[0], &b[0], &format!("{path}[0]")),
        _ => {}
    }
}

#[test]
fn the_shipped_rules_pass_their_tests() {
    let (code, out, err) = ladder(&["test", "rules/"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("test rules/rfm.cases.csv row 2: 深圳市南山区华星光电配套有限公司 ... ok"), "{out}");
}
