//! JUnit XML, the test report CI servers read (GitLab's `artifacts:reports:junit`, Jenkins, Azure):
//! one test suite per rule file run, one test case per example and test-table row, a failure with
//! expected against actual and why, an error for a test that could not run.

use super::{CaseResult, Kind, Session, Status};
use crate::diag::words::testing as words;
use crate::diag::{Diagnostic, Lang, Sources};
use std::fmt::Write;
use std::sync::Arc;

/// The session as a JUnit XML document, its words in `lang`. `diagnostics` are the errors of rule
/// files that do not check (each with the sources of the rule file it was found through); they
/// go in the error of that file's test case.
pub fn junit(lang: Lang, s: &Session, min: Option<f64>, diagnostics: &[(Diagnostic, Arc<Sources>)]) -> String {
    let mut suites: Vec<(&str, Vec<&CaseResult>)> = Vec::new();
    for r in &s.results {
        match suites.iter_mut().find(|(rules, _)| *rules == r.rules) {
            Some((_, cases)) => cases.push(r),
            None => suites.push((r.rules.as_str(), vec![r])),
        }
    }
    let coverage = coverage_case(lang, s, min);
    let count = |status: Status| s.results.iter().filter(|r| r.status == status).count();
    let (tests, failures) = (s.results.len() + usize::from(coverage.is_some()), count(Status::Failed));
    let failures = failures + usize::from(coverage.as_ref().is_some_and(|c| c.1.is_some()));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ladder test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">",
        count(Status::Error)
    );
    for (rules, cases) in &suites {
        let failed = cases.iter().filter(|r| r.status == Status::Failed).count();
        let errors = cases.iter().filter(|r| r.status == Status::Error).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"{errors}\">",
            attr(rules),
            cases.len()
        );
        for r in cases {
            case(&mut out, lang, r, diagnostics);
        }
        out.push_str("  </testsuite>\n");
    }
    if let Some((name, below)) = coverage {
        let failed = usize::from(below.is_some());
        let _ = writeln!(out, "  <testsuite name=\"coverage\" tests=\"1\" failures=\"{failed}\" errors=\"0\">");
        let _ = write!(out, "    <testcase name=\"{}\" classname=\"coverage\"", attr(&name));
        match below {
            Some(message) => {
                let _ = writeln!(out, ">\n      <failure message=\"{}\"/>\n    </testcase>", attr(&message));
            }
            None => out.push_str("/>\n"),
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// With `--min-coverage`, one more test: its name, and the failure when coverage is below.
fn coverage_case(lang: Lang, s: &Session, min: Option<f64>) -> Option<(String, Option<String>)> {
    let (c, min) = (s.coverage.as_ref()?, min?);
    let percent = c.total().2;
    let below = s.below(Some(min)).then(|| words::below(lang, percent, min));
    Some((words::junit_coverage(lang, min), below))
}

fn case(out: &mut String, lang: Lang, r: &CaseResult, diagnostics: &[(Diagnostic, Arc<Sources>)]) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
        attr(&words::junit_name(lang, r)),
        attr(&r.file),
        attr(&r.file),
        r.line
    );
    let (tag, message) = match (r.status, &r.error) {
        (Status::Ok, _) => {
            out.push_str("/>\n");
            return;
        }
        (Status::Failed, _) => ("failure", words::failure_summary(lang, r)),
        (Status::Error, Some(e)) => ("error", words::test_error(lang, e)),
        (Status::Error, None) => ("error", words::failure_summary(lang, r)),
    };
    let mut details = words::failure(lang, r);
    if r.kind == Kind::File {
        for (d, sources) in diagnostics.iter().filter(|(_, s)| s.get(0).path == r.file) {
            details.push('\n');
            details.push_str(&crate::report::human(d, sources, lang, false, 100));
        }
    }
    let _ = writeln!(out, ">\n      <{tag} message=\"{}\">{}</{tag}>\n    </testcase>", attr(&message), text(&details));
}

/// Whether XML 1.0 allows `c` in a document, leaving out the C1 controls and DEL it only tolerates.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Text content: markup escaped, characters XML cannot hold removed.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value in double quotes; line breaks and tabs kept as character references, which
/// a parser would otherwise turn into spaces.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in text(s).chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_chinese_and_drops_what_xml_cannot_hold() {
        assert_eq!(text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(text("积极回应\u{1}\u{1b}[31m\u{7f}\u{85}\u{FFFE}"), "积极回应[31m");
        assert_eq!(attr("\"甲\"\n乙\t'"), "&quot;甲&quot;&#10;乙&#9;'");
    }
}
