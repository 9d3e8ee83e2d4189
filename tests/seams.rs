//! What explanations, coverage, graph labels and `run --explain` show of conditions written with
//! comments inside them, backticked names holding `#`, `{` and `"`, Chinese keywords, groups beside
//! `and` chains, and `*` moves with final stages: all read from tokens and the tree, never by
//! scanning the source again. Every output is a snapshot.

use std::process::Command;

const RULES: &str = "tests/seams/tokens.ladder";
const DATA: &str = "tests/seams/tokens.csv";

fn ladder(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("ladder runs");
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    format!("{text}[exit {}]\n", o.status.code().unwrap_or(-1))
}

#[test]
fn explain_shows_conditions_without_comments_and_groups_by_structure() {
    insta::assert_snapshot!("explain_row_2", ladder(&["explain", RULES, DATA, "--row", "2", "--as-of", "2026-11-30"]));
    insta::assert_snapshot!("explain_row_3", ladder(&["explain", RULES, DATA, "--row", "3", "--as-of", "2026-11-30"]));
}

#[test]
fn run_explain_why_columns() {
    insta::assert_snapshot!(ladder(&["run", RULES, DATA, "--explain", "--as-of", "2026-11-30"]));
}

#[test]
fn coverage_names_operands_without_comments() {
    insta::assert_snapshot!(ladder(&["test", "--coverage", RULES]));
}

#[test]
fn graph_labels_keep_hashes_in_names_and_texts() {
    insta::assert_snapshot!("graph_dot", ladder(&["graph", RULES, "--transitions", "推进"]));
    insta::assert_snapshot!("graph_mermaid", ladder(&["graph", RULES, "--transitions", "推进", "--format", "mermaid"]));
}

#[test]
fn the_file_checks_and_formats_unchanged() {
    insta::assert_snapshot!(ladder(&["check", RULES]));
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RULES)).expect("rules");
    insta::assert_snapshot!("formatted", ladder::fmt::format(&text).expect("parses"));
}

/// The shipped ten-level standard: a whole explanation, every `_why` cell and the coverage report
/// as snapshots (they were `contains` checks, which let wrong text through).
#[test]
fn ten_level_explanation_why_cells_and_coverage() {
    let rules = "rules/ten_level.ladder";
    let data = "rules/ten_level.sample.csv";
    let as_of = ["--as-of", "2026-11-23"];
    insta::assert_snapshot!(
        "ten_level_explain_key",
        ladder(&["explain", rules, data, "--key", "KH-2026-0199", as_of[0], as_of[1]])
    );
    insta::assert_snapshot!(
        "ten_level_why",
        ladder(&["run", rules, data, as_of[0], as_of[1], "--explain", "--keep", "客户编号,当前阶段"])
    );
    insta::assert_snapshot!("ten_level_coverage", ladder(&["test", "--coverage", rules]));
}
