//! Writing a test session: cargo-test style text for people, GitHub annotations for pull
//! requests, JSON for other tools (schema in docs/ci.md).

use super::{CaseResult, Kind, Session};
use crate::diag::words::{testing as words, testing_why};
use crate::diag::Lang;
use crate::report::{escape_data, escape_property, JsonDiagnostic};
use serde::Serialize;
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

pub use crate::diag::words::testing::{failures, human};

/// GitHub Actions annotations: an error at each failed example or case, a warning at each item
/// that is not covered.
pub fn github(lang: Lang, s: &Session, min: Option<f64>) -> String {
    let mut out = String::new();
    for r in s.results.iter().filter(|r| !r.passed() && r.kind != Kind::File) {
        let message = words::github_failure(lang, r);
        let _ = writeln!(
            out,
            "::error file={},line={},title=ladder test::{}",
            escape_property(&r.file),
            r.line,
            escape_data(&message)
        );
    }
    if let Some(c) = &s.coverage {
        for f in c.files(lang) {
            for u in f.uncovered {
                let (file, message) = (escape_property(&u.item.file), escape_data(&words::not_covered(lang, &u.text)));
                let _ = writeln!(
                    out,
                    "::warning file={file},line={},col={},title=ladder coverage::{message}",
                    u.item.line, u.item.column
                );
            }
        }
        if let (true, Some(min)) = (s.below(min), min) {
            let message = words::below(lang, c.total().2, min);
            let _ = writeln!(out, "::error title=ladder coverage::{}", escape_data(&message));
        }
    }
    out
}

/// A result in JSON: its fields, and why it could not run or failed, worded.
#[derive(Serialize)]
struct JsonResult<'a> {
    #[serde(flatten)]
    result: &'a CaseResult,
    error: Option<String>,
    explanation: Option<String>,
}

/// The whole session as one JSON document (schema in docs/ci.md), messages in `lang`.
pub fn json(lang: Lang, s: &Session, min: Option<f64>, diagnostics: &[JsonDiagnostic]) -> serde_json::Value {
    let coverage = s.coverage.as_ref().map(|c| {
        let (covered, total, percent) = c.total();
        json!({
            "covered": covered,
            "total": total,
            "percent": percent,
            "min": min,
            "ok": !s.below(min),
            "files": c.files(lang),
        })
    });
    let results: Vec<JsonResult> = s
        .results
        .iter()
        .map(|r| JsonResult {
            result: r,
            error: r.error.as_ref().map(|e| words::test_error(lang, e)),
            explanation: r.explanation.as_ref().map(|x| testing_why::explanation(lang, x)),
        })
        .collect();
    json!({
        "version": JSON_VERSION,
        "as_of": s.today.to_string(),
        "ok": s.ok(min),
        "passed": s.passed(),
        "failed": s.failed(),
        "filtered_out": s.filtered_out,
        "results": results,
        "diagnostics": diagnostics,
        "coverage": coverage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::words::testing::closing;
    use crate::testing::Status;

    #[test]
    fn closing_line_counts() {
        let today = jiff::civil::date(2026, 11, 23);
        let mut s = Session::new(today, None, false);
        assert_eq!(closing(Lang::En, &s, None), "test result: ok. 0 passed, 0 failed");
        assert_eq!(closing(Lang::Zh, &s, None), "测试结果：通过。0 项通过，0 项失败");
        s.broken("x.ladder", 3, 2);
        assert_eq!(closing(Lang::En, &s, None), "test result: FAILED. 0 passed, 1 failed");
        assert_eq!(s.results[0].status, Status::Error);
    }
}
