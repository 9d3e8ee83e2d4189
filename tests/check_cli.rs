//! `ladder check` end to end through the real binary: exit codes, the three output formats,
//! folders, and every error of a file in one run.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `ladder ARGS` in the crate root.
fn ladder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited with a code")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = ladder(&all);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&out)));
    (code(&out), doc)
}

const CLEAN: &str = "tests/diagnostics/clean_ten_level.ladder";
const WARNS: &str = "tests/diagnostics/no_otherwise.ladder";
const ERRS: &str = "tests/diagnostics/several_errors.ladder";

#[test]
fn a_clean_file_exits_0() {
    let out = ladder(&["check", CLEAN]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 1 file: 0 errors, 0 warnings"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn errors_exit_1_with_the_report() {
    let out = ladder(&["check", "tests/diagnostics/typo_field_name.ladder"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("ladder::unknown_name"), "{err}");
    assert!(err.contains("tests/diagnostics/typo_field_name.ladder:9:"), "{err}");
    assert!(err.contains("Did you mean `询问公司产品`?"), "{err}");
    assert!(err.contains("checked 1 file: 1 error, 0 warnings"), "{err}");
}

#[test]
fn warnings_exit_0_unless_denied() {
    let out = ladder(&["check", WARNS]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("ladder::falls_through"));
    assert_eq!(code(&ladder(&["check", "--deny-warnings", WARNS])), 1);
    assert_eq!(code(&ladder(&["check", "--deny-warnings", CLEAN])), 0);
}

#[test]
fn usage_errors_exit_2() {
    let out = ladder(&["check", "tests/diagnostics/no_such_file.ladder"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no_such_file.ladder"), "{}", stderr(&out));
    assert_eq!(code(&ladder(&["check"])), 2, "no file named");
    assert_eq!(code(&ladder(&["check", "--format", "xml", CLEAN])), 2, "unknown format");
    assert_eq!(code(&ladder(&["check", CLEAN, "tests/diagnostics/no_such_file.ladder"])), 2);
}

#[test]
fn every_error_of_a_file_in_one_run() {
    let (code, doc) = json(&[ERRS]);
    assert_eq!(code, 1);
    let codes: Vec<&str> =
        doc["diagnostics"].as_array().expect("a list").iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["ladder::unknown_member", "ladder::unknown_name", "ladder::type_mismatch", "ladder::unclosed"]);
    assert_eq!(doc["errors"], 4);
}

#[test]
fn json_follows_the_schema() {
    let (code, doc) = json(&["tests/diagnostics/duplicate_field_across_use.ladder", WARNS]);
    assert_eq!(code, 1);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["files"], 2);
    assert_eq!((doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(1), Some(1)));
    let diags = doc["diagnostics"].as_array().expect("diagnostics is a list");
    assert_eq!(diags.len(), 2);
    for d in diags {
        for key in ["file", "severity", "code", "message", "label"] {
            assert!(d[key].is_string(), "{key} in {d}");
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key} in {d}");
        }
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")));
        assert!(d["related"].is_array());
    }
    let dup = &diags[0];
    assert_eq!(dup["code"], "ladder::duplicate");
    assert_eq!(dup["file"], "tests/diagnostics/duplicate_field_across_use.ladder");
    assert_eq!((dup["line"].as_u64(), dup["column"].as_u64()), (Some(6), Some(3)));
    assert_eq!((dup["end_line"].as_u64(), dup["end_column"].as_u64()), (Some(6), Some(7)));
    let related = &dup["related"][0];
    assert_eq!(related["file"], "tests/diagnostics/shared/fields.ladder");
    assert_eq!((related["line"].as_u64(), related["column"].as_u64()), (Some(5), Some(3)));
    assert_eq!(related["label"], "first defined here");
    assert_eq!(diags[1]["severity"], "warning");
}

#[test]
fn json_of_a_clean_file() {
    let (code, doc) = json(&[CLEAN]);
    assert_eq!(code, 0);
    assert_eq!(doc["diagnostics"], Value::Array(vec![]));
    assert_eq!((doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(0), Some(0)));
}

/// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::MESSAGE`, taken apart.
fn github_line(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line}"));
    let (kind, rest) = rest.split_once(' ').expect("kind then properties");
    let (props, message) = rest.split_once("::").expect("properties then message");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("property {p}"));
            (k.to_string(), v.to_string())
        })
        .collect();
    (kind.to_string(), props, message.to_string())
}

#[test]
fn github_lines_annotate_the_place() {
    let out = ladder(&["check", "--format", "github", "tests/diagnostics/typo_field_name.ladder", WARNS]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let (kind, props, message) = github_line(lines[0]);
    assert_eq!(kind, "error");
    let keys: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"]);
    assert_eq!(props[0].1, "tests/diagnostics/typo_field_name.ladder");
    assert_eq!(props[1].1, "9");
    assert!(props[1..5].iter().all(|(_, v)| v.parse::<u32>().is_ok()));
    assert_eq!(props[5].1, "ladder%3A%3Aunknown_name");
    assert!(message.contains("`询问公司产口`") && message.contains(" Help: Did you mean"), "{message}");
    assert_eq!(github_line(lines[1]).0, "warning");
    assert!(stderr(&out).contains("checked 2 files"));
}

#[test]
fn a_folder_checks_every_rule_file_under_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let clean = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).expect("fixture");
    std::fs::create_dir(root.join("团队")).expect("folder");
    std::fs::write(root.join("a.ladder"), &clean).expect("write");
    std::fs::write(root.join("团队/b.ladder"), &clean).expect("write");
    std::fs::write(root.join("notes.txt"), "not rules {").expect("write");
    let folder = root.to_string_lossy().into_owned();
    let (code, doc) = json(&[&folder]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["files"], 2);

    std::fs::write(root.join("团队/c.ladder"), "grades 等级 {\n  A if 未知\n}\n").expect("write");
    let (code, doc) = json(&[&folder]);
    assert_eq!(code, 1);
    assert_eq!(doc["files"], 3);
    let file = doc["diagnostics"][0]["file"].as_str().expect("a file");
    assert!(file.ends_with("c.ladder"), "{file}");
}

#[test]
fn a_mistake_in_a_shared_file_is_reported_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("common.ladder"), "fields {\n  询问公司产品: bool\n  年销售额: money\n  行业: txet\n}\n")
        .expect("write");
    let rules =
        "use \"common.ladder\"\ngrades 等级 {\n  A06 \"积极回应\" if 询问公司产品\n  A21 \"资料级\" otherwise\n}\n";
    std::fs::write(root.join("a.ladder"), rules).expect("write");
    std::fs::write(root.join("b.ladder"), rules).expect("write");
    let (code, doc) = json(&[&root.join("a.ladder").to_string_lossy(), &root.join("b.ladder").to_string_lossy()]);
    assert_eq!(code, 1);
    assert_eq!(doc["files"], 2);
    assert_eq!(doc["errors"], 1, "{doc}");
    let file = doc["diagnostics"][0]["file"].as_str().expect("a file");
    assert!(file.ends_with("common.ladder"), "{file}");
    assert!(doc["diagnostics"][0]["help"].as_str().is_some_and(|h| h.contains("`text`")));
}

/// `--verbose` says what the static analysis left undecided, file by file.
#[test]
fn verbose_says_what_the_analysis_left_undecided() {
    let out = ladder(&["check", "--verbose", "tests/diagnostics/no_otherwise_undecided.ladder", CLEAN]);
    let err = stderr(&out);
    assert!(err.contains("no_otherwise_undecided.ladder: analysed 1 ladder; 2 conditions were not followed"), "{err}");
    assert!(err.contains("could not decide (so `no_otherwise`): 等级"), "{err}");
    let quiet = stderr(&ladder(&["check", "tests/diagnostics/no_otherwise_undecided.ladder"]));
    assert!(!quiet.contains("analysed"), "{quiet}");
}

/// `--verbose` lists the pairs of rules that overlap, each with a record that meets both, in
/// both languages.
#[test]
fn verbose_lists_overlapping_rules_with_a_record() {
    let file = "tests/check/overlaps.ladder";
    let out = ladder(&["check", "--verbose", file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!("verbose_overlaps", stderr(&out));
    let zh = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "zh")
        .args(["check", "--verbose", file])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    insta::assert_snapshot!("verbose_overlaps_zh", stderr(&zh));
    let quiet = stderr(&ladder(&["check", file]));
    assert!(!quiet.contains("overlap"), "{quiet}");
}
