//! Writing a test session: cargo-test style text for people, GitHub annotations for pull
//! requests, JSON for other tools (schema in docs/ci.md).

use super::{CaseResult, Kind, Session};
use crate::report::{escape_data, escape_property, JsonDiagnostic};
use serde_json::json;
use std::fmt::Write;

/// The version of the JSON schema; raised when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

impl Session {
    /// Whether coverage is measured and below `min` percent (over all files together).
    pub fn below(&self, min: Option<f64>) -> bool {
        match (&self.coverage, min) {
            (Some(c), Some(min)) => c.total().2 < min,
            _ => false,
        }
    }

    /// Whether the run succeeded: every test passed and coverage is not below `min`.
    pub fn ok(&self, min: Option<f64>) -> bool {
        self.failed() == 0 && !self.below(min)
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
        let _ = write!(line, "; coverage {:.1}% is below --min-coverage {min}", c.total().2);
    }
    line
}

/// The block under `---- NAME ----`: expected against actual, the explanation, the place.
fn failure(r: &CaseResult) -> String {
    let mut out = String::new();
    if let Some(e) = &r.error {
        let _ = writeln!(out, "error: {e}");
    }
    for (e, a) in r.expected.iter().zip(&r.actual).filter(|(e, a)| e != a) {
        let _ = writeln!(out, "expected {}\n  actual {}", e.words(), a.words());
    }
    if let Some(x) = &r.explanation {
        out.push_str(x);
    }
    let _ = writeln!(out, "at {}", place(r));
    out
}

fn place(r: &CaseResult) -> String {
    match r.kind {
        Kind::Case => format!("{} row {} (rules: {})", r.file, r.line, r.rules),
        _ => format!("{}:{}", r.file, r.line),
    }
}

/// GitHub Actions annotations: an error at each failed example or case, a warning at each item
/// that is not covered.
pub fn github(s: &Session, min: Option<f64>) -> String {
    let mut out = String::new();
    for r in s.results.iter().filter(|r| !r.passed() && r.kind != Kind::File) {
        let what = match r.kind {
            Kind::Case => format!("case row {}", r.line),
            _ => "example".into(),
        };
        let name = if r.name.is_empty() { String::new() } else { format!(" \"{}\"", r.name) };
        let mut message = match &r.error {
            Some(e) => format!("{what}{name} could not run: {e}"),
            None => {
                let diffs: Vec<String> = r
                    .expected
                    .iter()
                    .zip(&r.actual)
                    .filter(|(e, a)| e != a)
                    .map(|(e, a)| format!("expected {}, got {}", e.words(), a.value()))
                    .collect();
                format!("{what}{name} failed: {}", diffs.join("; "))
            }
        };
        if let Some(x) = &r.explanation {
            message.push('\n');
            message.push_str(x.trim_end());
        }
        let _ = writeln!(
            out,
            "::error file={},line={},title=ladder test::{}",
            escape_property(&r.file),
            r.line,
            escape_data(&message)
        );
    }
    if let Some(c) = &s.coverage {
        for f in c.files() {
            for i in f.uncovered {
                let (file, message) = (escape_property(&i.file), escape_data(&format!("not covered: {}", i.text)));
                let _ = writeln!(
                    out,
                    "::warning file={file},line={},col={},title=ladder coverage::{message}",
                    i.line, i.column
                );
            }
        }
        if let (true, Some(min)) = (s.below(min), min) {
            let message = format!("coverage {:.1}% is below --min-coverage {min}", c.total().2);
            let _ = writeln!(out, "::error title=ladder coverage::{}", escape_data(&message));
        }
    }
    out
}

/// The whole session as one JSON document (schema in docs/ci.md).
pub fn json(s: &Session, min: Option<f64>, diagnostics: &[JsonDiagnostic]) -> serde_json::Value {
    let coverage = s.coverage.as_ref().map(|c| {
        let (covered, total, percent) = c.total();
        json!({
            "covered": covered,
            "total": total,
            "percent": percent,
            "min": min,
            "ok": !s.below(min),
            "files": c.files(),
        })
    });
    json!({
        "version": JSON_VERSION,
        "as_of": s.today.to_string(),
        "ok": s.ok(min),
        "passed": s.passed(),
        "failed": s.failed(),
        "filtered_out": s.filtered_out,
        "results": s.results,
        "diagnostics": diagnostics,
        "coverage": coverage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Status;

    #[test]
    fn closing_line_counts() {
        let today = jiff::civil::date(2026, 11, 23);
        let mut s = Session::new(today, None, false);
        assert_eq!(closing(&s, None), "test result: ok. 0 passed, 0 failed");
        s.broken("x.ladder", 3, 2);
        assert_eq!(closing(&s, None), "test result: FAILED. 0 passed, 1 failed");
        assert_eq!(s.results[0].status, Status::Error);
    }
}
