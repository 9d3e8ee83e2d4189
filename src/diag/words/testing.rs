//! English for `ladder test`: the report for people (cargo test's layout), the messages of GitHub
//! annotations, and why a test could not run. Explanations and table problems are in
//! `testing_why`.

use super::testing_why::explanation;
use crate::testing::problem::{NotALevel, RowProblem, TestError};
use crate::testing::{CaseResult, Kind, Level, Session};
use std::fmt::Write;

/// The words of a test error, parts joined by `; `.
pub fn test_error(e: &TestError) -> String {
    match e {
        TestError::Unreadable(parts) => parts.iter().map(row_problem).collect::<Vec<_>>().join("; "),
        TestError::Broken { errors } => {
            let plural = if *errors == 1 { "" } else { "s" };
            format!("the rule file has {errors} error{plural}; its examples were not run")
        }
    }
}

fn row_problem(p: &RowProblem) -> String {
    match p {
        RowProblem::Data(d) => d.text(crate::diag::Lang::En),
        RowProblem::Expect { row, column, level } => format!("row {row}, column {column}: {}", not_a_level(level)),
    }
}

/// `"A8" is not a level of 等级; did you mean A08?`
pub fn not_a_level(l: &NotALevel) -> String {
    let hint = match &l.suggestion {
        Some(c) => format!("did you mean {c}?"),
        None => format!("the levels are {}", l.levels.join(", ")),
    };
    format!("\"{}\" is not a level of {}; {hint}", l.text, l.ladder)
}

/// `十级 = A06 积极回应`.
fn level_words(l: &Level) -> String {
    format!("{} = {}", l.target, level_value(l))
}

/// `A06 积极回应`, or `no level`.
fn level_value(l: &Level) -> String {
    match (&l.level, &l.label) {
        (None, _) => "no level".into(),
        (Some(level), None) => level.clone(),
        (Some(level), Some(label)) => format!("{level} {label}"),
    }
}

/// The report for people, as cargo test writes it.
pub fn human(s: &Session, min: Option<f64>) -> String {
    let mut out = String::new();
    let n = s.results.len();
    let _ = writeln!(out, "\nrunning {n} test{}", if n == 1 { "" } else { "s" });
    for r in &s.results {
        let _ = writeln!(out, "test {} ... {}", r.label(), if r.passed() { "ok" } else { "FAILED" });
    }
    let failures: Vec<&CaseResult> = s.results.iter().filter(|r| !r.passed()).collect();
    if !failures.is_empty() {
        out.push_str("\nfailures:\n");
        for r in &failures {
            let _ = write!(out, "\n---- {} ----\n{}", r.label(), failure(r));
        }
        out.push_str("\nfailures:\n");
        for r in &failures {
            let _ = writeln!(out, "    {}", r.label());
        }
    }
    if let Some(c) = &s.coverage {
        out.push('\n');
        for f in c.files() {
            let _ = writeln!(out, "coverage {}: {:.1}% ({} of {})", f.file, f.percent, f.covered, f.total);
            for i in f.uncovered {
                let _ = writeln!(out, "  not covered: {}:{}:{} {}", i.file, i.line, i.column, i.text);
            }
        }
        let (covered, total, percent) = c.total();
        let _ = writeln!(out, "coverage total: {percent:.1}% ({covered} of {total})");
    }
    let _ = writeln!(out, "\n{}", closing(s, min));
    out
}

/// `test result: ok. 17 passed, 0 failed`, with what was filtered out and the coverage verdict.
pub fn closing(s: &Session, min: Option<f64>) -> String {
    let verdict = if s.ok(min) { "ok" } else { "FAILED" };
    let mut line = format!("test result: {verdict}. {} passed, {} failed", s.passed(), s.failed());
    if s.filtered_out > 0 {
        let _ = write!(line, "; {} filtered out", s.filtered_out);
    }
    if let (true, Some(c), Some(min)) = (s.below(min), &s.coverage, min) {
        let _ = write!(line, "; {}", below(c.total().2, min));
    }
    line
}

/// `coverage 80.0% is below --min-coverage 90`.
pub fn below(percent: f64, min: f64) -> String {
    format!("coverage {percent:.1}% is below --min-coverage {min}")
}

/// The block under `---- NAME ----`: expected against actual, the explanation, the place.
fn failure(r: &CaseResult) -> String {
    let mut out = String::new();
    if let Some(e) = &r.error {
        let _ = writeln!(out, "error: {}", test_error(e));
    }
    for (e, a) in r.expected.iter().zip(&r.actual).filter(|(e, a)| e != a) {
        let _ = writeln!(out, "expected {}\n  actual {}", level_words(e), level_words(a));
    }
    if let Some(x) = &r.explanation {
        out.push_str(&explanation(x));
    }
    let place = match r.kind {
        Kind::Case => format!("{} row {} (rules: {})", r.file, r.line, r.rules),
        Kind::Example | Kind::File => format!("{}:{}", r.file, r.line),
    };
    let _ = writeln!(out, "at {place}");
    out
}

/// The message of a GitHub annotation for a failed example or case.
pub fn github_failure(r: &CaseResult) -> String {
    let what = match r.kind {
        Kind::Case => format!("case row {}", r.line),
        Kind::Example | Kind::File => "example".into(),
    };
    let name = if r.name.is_empty() { String::new() } else { format!(" \"{}\"", r.name) };
    let mut message = match &r.error {
        Some(e) => format!("{what}{name} could not run: {}", test_error(e)),
        None => {
            let diffs: Vec<String> = r
                .expected
                .iter()
                .zip(&r.actual)
                .filter(|(e, a)| e != a)
                .map(|(e, a)| format!("expected {}, got {}", level_words(e), level_value(a)))
                .collect();
            format!("{what}{name} failed: {}", diffs.join("; "))
        }
    };
    if let Some(x) = &r.explanation {
        message.push('\n');
        message.push_str(explanation(x).trim_end());
    }
    message
}

/// The message of a GitHub warning at an item no test exercised.
pub fn not_covered(text: &str) -> String {
    format!("not covered: {text}")
}
