//! Stage transitions end to end: the graph warnings on crafted files, evaluation through
//! `ladder run`, `ladder audit` on a log with known illegal moves, `ladder graph` pictures, and
//! the docs' pictures against the current output.

use std::path::Path;
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs the real binary from the project folder.
fn ladder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("the ladder binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The stage graph's warnings on each fixture, in `lang`, against the snapshots called `name`.
fn snapshot_graph_warnings(name: &str, lang: ladder::diag::Lang) {
    insta::glob!("transitions/*.ladder", |path| {
        let file = format!("tests/transitions/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(path).unwrap();
        let checked = ladder::check::check_text(&file, text);
        let rendered: String = checked
            .diagnostics
            .iter()
            .map(|d| ladder::report::human(d, &checked.program.sources, lang, false, 100))
            .collect();
        insta::assert_snapshot!(name, rendered);
    });
}

#[test]
fn graph_warnings() {
    snapshot_graph_warnings("graph_warnings", ladder::diag::Lang::En);
}

#[test]
fn graph_warnings_zh() {
    snapshot_graph_warnings("graph_warnings_zh", ladder::diag::Lang::Zh);
}

#[test]
fn shipped_rules_have_no_warnings() {
    for entry in std::fs::read_dir(format!("{ROOT}/rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ladder") {
            let checked = ladder::check::check_path(&path.to_string_lossy()).unwrap();
            let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
            assert!(codes.is_empty(), "{}: {codes:?}", path.display());
        }
    }
}

#[test]
fn ten_level_examples_pass() {
    let checked = ladder::check::check_path(&format!("{ROOT}/rules/ten_level.ladder")).unwrap();
    let program = &checked.program;
    let today = jiff::civil::date(2026, 1, 15);
    let stage_examples = program
        .examples
        .iter()
        .filter(|e| e.expect.iter().any(|x| matches!(x.target, ladder::ir::Target::Transitions(_))));
    assert!(stage_examples.count() >= 10, "the ten-level rules show their moves with examples");
    for i in 0..program.examples.len() {
        let outcome = ladder::examples::run(program, i, today);
        assert!(outcome.passed(), "example \"{}\": {outcome:?}", program.examples[i].name);
    }
}

/// The columns of a CSV text named in `keep`, one line per row.
fn columns(csv_text: &str, keep: &[&str]) -> String {
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let idx: Vec<usize> =
        keep.iter().map(|k| header.iter().position(|h| h == k).unwrap_or_else(|| panic!("no column {k}"))).collect();
    let mut out = keep.join(" | ") + "\n";
    for r in rdr.records() {
        let r = r.unwrap();
        out.push_str(&idx.iter().map(|&i| &r[i]).collect::<Vec<_>>().join(" | "));
        out.push('\n');
    }
    out
}

#[test]
fn run_writes_next_stage_rule_and_why() {
    let o =
        ladder(&["run", "rules/ten_level.ladder", "rules/ten_level.sample.csv", "--as-of", "2026-01-15", "--explain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header = out.lines().next().unwrap();
    assert!(header.ends_with(",阶段,阶段_rule,阶段_why,error"), "{header}");
    insta::assert_snapshot!(columns(&out, &["客户编号", "当前阶段", "十级", "阶段", "阶段_rule", "阶段_why"]));
}

#[test]
fn run_respects_final_stages_and_star() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    let rows = "编号,报价,成交,拒绝,回心转意,阶段\n\
        K1,是,,,,A05\n\
        K2,,,是,,A05\n\
        K3,,是,是,,A01\n\
        K4,,,是,,A31\n\
        K5,,,,是,A31\n\
        K6,是,,,,\n\
        K7,,,,,A03\n";
    std::fs::write(&data, rows).unwrap();
    let o = ladder(&["run", "tests/transitions/clean.ladder", data.to_str().unwrap(), "--explain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!(columns(&stdout(&o), &["编号", "阶段", "流转", "流转_rule", "流转_why"]));
}

#[test]
fn audit_reports_illegal_moves_with_rows() {
    let o = ladder(&["audit", "rules/ten_level.ladder", "rules/ten_level.stage_log.csv", "--transitions", "阶段"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn audit_json_and_github() {
    let args = ["audit", "rules/ten_level.ladder", "rules/ten_level.stage_log.csv", "--format"];
    let json = ladder(&[&args[..], &["json"]].concat());
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows: Vec<u64> = doc["not_allowed"].as_array().unwrap().iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [6, 10, 12, 13, 19]);
    let github = ladder(&[&args[..], &["github"]].concat());
    insta::assert_snapshot!(stdout(&github));
}

#[test]
fn audit_of_a_clean_log_with_other_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.csv");
    std::fs::write(&log, "编号,原阶段,新阶段,报价\nK1,A05,A03,是\nK2,A03,A31,\nK3,A31,A31,\n").unwrap();
    let log = log.to_str().unwrap();
    let o = ladder(&["audit", "tests/transitions/clean.ladder", log, "--from", "原阶段", "--to", "新阶段"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("0 of 2 recorded moves"), "{}", stdout(&o));
    // A condition the log's own fields make false is not allowed.
    std::fs::write(dir.path().join("log.csv"), "编号,from,to,报价\nK1,A05,A03,否\nK2,A05,A9,\n").unwrap();
    let o = ladder(&["audit", "tests/transitions/clean.ladder", log]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o).replace(log, "LOG"));
}

#[test]
fn audit_usage_errors() {
    let o = ladder(&["audit", "rules/ten_level.ladder", "rules/ten_level.sample.csv"]);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&o));
    let o = ladder(&["audit", "rules/ten_level.ladder", "rules/ten_level.stage_log.csv", "--transitions", "阶"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `阶段`?"), "{}", stderr(&o));
}

#[test]
fn graph_pictures() {
    for (file, format) in [
        ("rules/ten_level.ladder", "dot"),
        ("rules/ten_level.ladder", "mermaid"),
        ("tests/transitions/clean.ladder", "dot"),
        ("tests/transitions/clean.ladder", "mermaid"),
    ] {
        let o = ladder(&["graph", file, "--format", format]);
        assert!(o.status.success(), "{}", stderr(&o));
        let name = format!("graph_{}_{format}", Path::new(file).file_stem().unwrap().to_string_lossy());
        insta::assert_snapshot!(name, stdout(&o));
    }
}

/// The fenced block of `lang` that follows the line `marker` in a Markdown text.
fn block_after(text: &str, marker: &str, lang: &str) -> String {
    let rest = &text[text.find(marker).unwrap_or_else(|| panic!("no {marker}"))..];
    let start = rest.find(&format!("```{lang}\n")).unwrap() + lang.len() + 4;
    let end = rest[start..].find("```").unwrap();
    rest[start..start + end].to_string()
}

#[test]
fn docs_pictures_are_current() {
    let docs = std::fs::read_to_string(format!("{ROOT}/docs/transitions.md")).unwrap();
    for format in ["mermaid", "dot"] {
        let o = ladder(&["graph", "rules/ten_level.ladder", "--transitions", "阶段", "--format", format]);
        let shown = block_after(
            &docs,
            &format!("<!-- ladder graph rules/ten_level.ladder --transitions 阶段 --format {format} -->"),
            format,
        );
        assert_eq!(shown, stdout(&o), "docs/transitions.md shows an old {format} picture; paste the current output");
    }
}
