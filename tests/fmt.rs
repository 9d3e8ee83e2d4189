//! `ladder fmt`: its promises over every rule file in the repository, snapshots of messy inputs,
//! and the command end to end through the binary.

mod common;

use common::assert_fmt_promises;
use std::path::{Path, PathBuf};
use std::process::Command;

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() && !matches!(name.as_str(), "target" | ".git") && !name.starts_with("invalid") {
            rule_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "ladder") && !name.starts_with("invalid") {
            out.push(p);
        }
    }
}

#[test]
fn every_rule_file_in_the_repository_formats_idempotently_and_keeps_its_meaning() {
    let mut files = Vec::new();
    rule_files(Path::new(env!("CARGO_MANIFEST_DIR")), &mut files);
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        if ladder::fmt::format(&text).is_err() {
            continue;
        }
        assert_fmt_promises(&path.to_string_lossy(), &text);
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} rule files found");
}

#[test]
fn messy_inputs_format_as_in_their_snapshots() {
    insta::glob!("fmt/*.ladder", |path| {
        let text = std::fs::read_to_string(path).expect("readable");
        insta::assert_snapshot!(assert_fmt_promises(&path.to_string_lossy(), &text));
    });
}

#[test]
fn a_file_that_does_not_parse_is_refused() {
    assert!(ladder::fmt::format("let x = = 1\n").is_err());
    assert!(ladder::fmt::format("grades G {\n  A if\n}\n").is_err());
}

#[test]
fn full_width_punctuation_becomes_ascii_outside_texts() {
    let out = ladder::fmt::format("fields｛a：bool，b：text｝\nlet x＝a 且 b ＝ “（全角）”\n").unwrap();
    assert_eq!(out, "fields {\n  a: bool\n  b: text\n}\n\nlet x = a 且 b = \"（全角）\"\n");
}

#[test]
fn the_example_in_the_docs_is_true() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fmt.md")).unwrap();
    let blocks: Vec<&str> =
        doc.split("```ladder\n").skip(1).map(|b| b.split("```").next().unwrap_or_default()).collect();
    let [before, after] = blocks[..] else { panic!("docs/fmt.md should hold a before and an after block") };
    assert_eq!(assert_fmt_promises("docs/fmt.md", before), after);
    assert_eq!(assert_fmt_promises("docs/fmt.md", after), after);
}

// ---------------------------------------------------------------- end to end

fn ladder(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ladder")).env("LADDER_LANG", "en").args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn temp_copy(dir: &Path, name: &str, text: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let shown = path.to_string_lossy().into_owned();
    (path, shown)
}

const MESSY: &str = "fields{a:bool}\nlet x=a # why\n";
const CANONICAL: &str = "fields {\n  a: bool\n}\n\nlet x = a  # why\n";

#[test]
fn check_exits_1_on_a_file_to_reformat_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, shown) = temp_copy(dir.path(), "messy.ladder", MESSY);
    let (code, err) = ladder(&["fmt", "--check", &shown]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("would reformat {shown}")), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
}

#[test]
fn check_exits_0_on_canonical_files() {
    let dir = tempfile::tempdir().unwrap();
    temp_copy(dir.path(), "a.ladder", CANONICAL);
    let (code, err) = ladder(&["fmt", "--check", &dir.path().to_string_lossy()]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn fmt_rewrites_in_place_only_what_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (messy, messy_shown) = temp_copy(dir.path(), "messy.ladder", MESSY);
    let (_, canonical_shown) = temp_copy(dir.path(), "canonical.ladder", CANONICAL);
    let (code, err) = ladder(&["fmt", &messy_shown, &canonical_shown]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, format!("formatted {messy_shown}\n"));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), CANONICAL);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "no temporary file is left behind");
    assert_eq!(ladder(&["fmt", &messy_shown]), (0, String::new()));
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "fields {\n  a: bool\n}\nlet x = a and\n";
    let (path, shown) = temp_copy(dir.path(), "broken.ladder", broken);
    for args in [vec!["fmt", &shown], vec!["fmt", "--check", &shown]] {
        let (code, err) = ladder(&args);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("ladder::syntax") && err.contains("does not parse"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    }
}

#[test]
fn a_missing_file_exits_2() {
    let (code, err) = ladder(&["fmt", "no/such/file.ladder"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no such file"), "{err}");
}
