//! GitLab Code Quality: a JSON array of findings that a merge request shows beside the changed lines.

use super::place;
use crate::diag::{Diagnostic, Lang, Severity, Sources};
use crate::t;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

/// The findings of one `ladder check` as a Code Quality report, its words in `lang`; paths are
/// made relative to `base`, the directory the command ran in.
pub fn gitlab(found: &[(Diagnostic, Arc<Sources>)], lang: Lang, base: &Path) -> Value {
    let issues: Vec<Value> = found.iter().map(|(d, s)| issue(d, s, lang, base)).collect();
    Value::Array(issues)
}

fn issue(d: &Diagnostic, sources: &Sources, lang: Lang, base: &Path) -> Value {
    let text = d.text(sources.voice(d.loc.file, lang));
    let description = match &text.help {
        Some(help) => t!(lang, "report.with-help", message = text.message, help),
        None => text.message.clone(),
    };
    let (line, _) = sources.line_col(d.loc.file, d.loc.span.start);
    json!({
        "description": description,
        "check_name": d.code(),
        "fingerprint": place::fingerprint(d, sources, base),
        "severity": severity(d.severity()),
        "location": {
            "path": place::path(&sources.get(d.loc.file).path, base),
            "lines": { "begin": line },
        },
    })
}

/// Errors stop the rules running; warnings point at rules that run but probably not as meant.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}
