//! The words of `ladder test`: the report for people (cargo test's layout), the messages of GitHub
//! annotations, coverage items, and why a test could not run. Explanations and table problems
//! are in `testing_why`.

use super::testing_why::explanation;
use super::{clauses, list};
use crate::diag::Lang;
use crate::t;
use crate::testing::problem::{NotALevel, RowProblem, TestError};
use crate::testing::{CaseResult, Covers, Kind, Level, Session};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The words of a test error.
pub fn test_error(lang: Lang, e: &TestError) -> String {
    match e {
        TestError::Unreadable(parts) => clauses(lang, parts.iter().map(|p| row_problem(lang, p))),
        TestError::Broken { errors } => t!(lang, "test.broken", errors),
    }
}

fn row_problem(lang: Lang, p: &RowProblem) -> String {
    match p {
        RowProblem::Data(d) => d.text(lang),
        RowProblem::Expect { row, column, level } => {
            t!(lang, "test.cell", row, column, problem = not_a_level(lang, level))
        }
    }
}

/// `"A8" is not a level of 等级; did you mean A08?`
pub fn not_a_level(lang: Lang, l: &NotALevel) -> String {
    let hint = match &l.suggestion {
        Some(name) => t!(lang, "test.not-a-level.did-you-mean", name),
        None => t!(lang, "test.not-a-level.levels", levels = list(lang.into(), &l.levels)),
    };
    t!(lang, "test.not-a-level", text = l.text, ladder = l.ladder, hint)
}

/// How a test is named in the report: `rules/x.ladder: NAME`, `cases.csv row 3: NAME`.
pub fn label(lang: Lang, r: &CaseResult) -> String {
    let place = match r.kind {
        Kind::Case => t!(lang, "test.row", file = r.file, line = r.line),
        Kind::Example | Kind::File => r.file.clone(),
    };
    if r.name.is_empty() {
        place
    } else {
        format!("{place}: {}", r.name)
    }
}

/// `十级 = A06 积极回应`.
fn level_words(lang: Lang, l: &Level) -> String {
    format!("{} = {}", l.target, level_value(lang, l))
}

/// `A06 积极回应`, or `no level`.
fn level_value(lang: Lang, l: &Level) -> String {
    match (&l.level, &l.label) {
        (None, _) => t!(lang, "test.no-level"),
        (Some(level), None) => level.clone(),
        (Some(level), Some(label)) => format!("{level} {label}"),
    }
}

/// `A "核心客户"`, `member 验厂打样 of any { … }`, `move A21 -> A08 of 阶段`.
pub fn item(lang: Lang, c: &Covers) -> String {
    match c {
        Covers::Rule { level, label } if label.is_empty() => level.clone(),
        Covers::Rule { level, label } => format!("{level} \"{label}\""),
        Covers::Move { from, to, set } => t!(lang, "test.coverage.move", from, to, set),
        Covers::Member { part, whole } => t!(lang, "test.coverage.member", part, whole),
        Covers::Operand { part, whole } => t!(lang, "test.coverage.operand", part, whole),
    }
}

fn verdict(lang: Lang, ok: bool) -> String {
    if ok {
        t!(lang, "test.ok")
    } else {
        t!(lang, "test.failed")
    }
}

/// The report for people, as cargo test writes it.
pub fn human(lang: Lang, s: &Session, min: Option<f64>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{}", t!(lang, "test.running", n = s.results.len()));
    for r in &s.results {
        let _ = writeln!(out, "{}", t!(lang, "test.line", label = label(lang, r), verdict = verdict(lang, r.passed())));
    }
    out.push_str(&failed_cases(lang, s));
    if let Some(c) = &s.coverage {
        out.push('\n');
        for f in c.files(lang) {
            let (file, percent, covered, total) = (&f.file, format!("{:.1}", f.percent), f.covered, f.total);
            let _ = writeln!(out, "{}", t!(lang, "test.coverage.file", file, percent, covered, total));
            for u in f.uncovered {
                let item = format!("{}:{}:{} {}", u.item.file, u.item.line, u.item.column, u.text);
                let _ = writeln!(out, "  {}", t!(lang, "test.coverage.not-covered", item));
            }
        }
        let (covered, total, percent) = c.total();
        let _ = writeln!(out, "{}", t!(lang, "test.coverage.total", percent = format!("{percent:.1}"), covered, total));
    }
    let _ = writeln!(out, "\n{}", closing(lang, s, min));
    out
}

/// The report of `--quiet`: nothing when all is well, else the failures and the closing line.
pub fn failures(lang: Lang, s: &Session, min: Option<f64>) -> String {
    if s.ok(min) {
        return String::new();
    }
    format!("{}\n{}\n", failed_cases(lang, s), closing(lang, s, min))
}

/// The `---- NAME ----` block of each failure, then their list; empty without failures.
fn failed_cases(lang: Lang, s: &Session) -> String {
    let mut out = String::new();
    let failures: Vec<&CaseResult> = s.results.iter().filter(|r| !r.passed()).collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "\n{}", t!(lang, "test.failures.details"));
        for r in &failures {
            let _ = write!(out, "\n---- {} ----\n{}", label(lang, r), failure(lang, r));
        }
        let _ = writeln!(out, "\n{}", t!(lang, "test.failures.list"));
        for r in &failures {
            let _ = writeln!(out, "    {}", label(lang, r));
        }
    }
    out
}

/// `test result: ok. 17 passed, 0 failed`, with what was filtered out and the coverage verdict.
pub fn closing(lang: Lang, s: &Session, min: Option<f64>) -> String {
    let verdict = verdict(lang, s.ok(min));
    let mut parts = vec![t!(lang, "test.result", verdict, passed = s.passed(), failed = s.failed())];
    if s.filtered_out > 0 {
        parts.push(t!(lang, "test.filtered-out", n = s.filtered_out));
    }
    if let (true, Some(c), Some(min)) = (s.below(min), &s.coverage, min) {
        parts.push(below(lang, c.total().2, min));
    }
    clauses(lang, parts.into_iter())
}

/// `coverage 80.0% is below --min-coverage 90`.
pub fn below(lang: Lang, percent: f64, min: f64) -> String {
    t!(lang, "test.coverage.below", percent = format!("{percent:.1}"), min)
}

/// The block under `---- NAME ----`: expected against actual, the explanation, the place.
pub fn failure(lang: Lang, r: &CaseResult) -> String {
    let mut out = String::new();
    if let Some(e) = &r.error {
        let _ = writeln!(out, "{}", t!(lang, "error-line", message = test_error(lang, e)));
    }
    let (expected, actual) = (t!(lang, "test.expected"), t!(lang, "test.actual"));
    let width = expected.width().max(actual.width());
    for (e, a) in r.expected.iter().zip(&r.actual).filter(|(e, a)| e != a) {
        let (e, a) = (level_words(lang, e), level_words(lang, a));
        let _ = writeln!(out, "{} {e}\n{} {a}", pad_left(&expected, width), pad_left(&actual, width));
    }
    if let Some(x) = &r.explanation {
        out.push_str(&explanation(lang, x));
    }
    let place = match r.kind {
        Kind::Case => t!(lang, "test.row-of-rules", file = r.file, line = r.line, rules = r.rules),
        Kind::Example | Kind::File => format!("{}:{}", r.file, r.line),
    };
    let _ = writeln!(out, "{}", t!(lang, "test.at", place));
    out
}

/// `s` after spaces, `w` terminal columns in all.
fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

/// The message of a GitHub annotation for a failed example or case.
pub fn github_failure(lang: Lang, r: &CaseResult) -> String {
    let mut message = failure_summary(lang, r);
    if let Some(x) = &r.explanation {
        message.push('\n');
        message.push_str(explanation(lang, x).trim_end());
    }
    message
}

/// One line on a failed example or case: `example "…" failed: expected 等级 = A06, got A07`.
pub fn failure_summary(lang: Lang, r: &CaseResult) -> String {
    let what = match r.kind {
        Kind::Case => t!(lang, "test.github.case", line = r.line),
        Kind::Example | Kind::File => t!(lang, "test.github.example"),
    };
    let what = if r.name.is_empty() { what } else { t!(lang, "test.github.named", what, name = r.name) };
    match &r.error {
        Some(e) => t!(lang, "test.github.could-not-run", what, error = test_error(lang, e)),
        None => {
            let diffs = r.expected.iter().zip(&r.actual).filter(|(e, a)| e != a).map(|(e, a)| {
                t!(lang, "test.github.diff", expected = level_words(lang, e), actual = level_value(lang, a))
            });
            t!(lang, "test.github.failed", what, diffs = clauses(lang, diffs))
        }
    }
}

/// The name of a test case in JUnit: the example's name, `row 4: NAME` for a test-table row, the
/// file for a rule file with errors.
pub fn junit_name(lang: Lang, r: &CaseResult) -> String {
    match r.kind {
        Kind::Example if r.name.is_empty() => t!(lang, "test.junit.example", line = r.line),
        Kind::Example => r.name.clone(),
        Kind::Case if r.name.is_empty() => t!(lang, "test.junit.row", line = r.line),
        Kind::Case => t!(lang, "test.junit.row-named", line = r.line, name = r.name),
        Kind::File => r.file.clone(),
    }
}

/// The name of the JUnit test that holds coverage up: `coverage at least 80%`.
pub fn junit_coverage(lang: Lang, min: f64) -> String {
    t!(lang, "test.junit.coverage", min)
}

/// The message of a GitHub warning at an item no test exercised.
pub fn not_covered(lang: Lang, item: &str) -> String {
    t!(lang, "test.coverage.not-covered", item)
}

/// `no example can be suggested for A "核心客户" (rules/x.ladder:12:3): …`
pub fn unsuggested(lang: Lang, u: &crate::testing::suggest::Unsuggested) -> String {
    use crate::testing::suggest::NoExample;
    let why = match u.why {
        NoExample::Impossible => t!(lang, "test.suggest.why.impossible"),
        NoExample::Unconfirmed => t!(lang, "test.suggest.why.unconfirmed"),
        NoExample::Ranked => t!(lang, "test.suggest.why.ranked"),
        NoExample::Stopped(_) => t!(lang, "test.suggest.why.stopped"),
    };
    let (item, place) = (item(lang, &u.item.what), format!("{}:{}:{}", u.item.file, u.item.line, u.item.column));
    t!(lang, "test.suggest.none", item, place, why)
}
