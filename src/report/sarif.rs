//! SARIF 2.1.0, the format code scanning reads (GitHub's `upload-sarif`): one run, the codes used as
//! rules with what they mean, each finding at its place, columns counted in Unicode code points.

use super::place;
use crate::diag::words::codes;
use crate::diag::{Diagnostic, Lang, Loc, Severity, Sources};
use crate::t;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

/// The schema every SARIF 2.1.0 log names.
pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The findings of one `ladder check` as a SARIF log, its words in `lang`; paths are made relative
/// to `base`, the directory the command ran in.
pub fn sarif(found: &[(Diagnostic, Arc<Sources>)], lang: Lang, base: &Path) -> Value {
    let mut rules: Vec<&Diagnostic> = Vec::new();
    for (d, _) in found {
        if !rules.iter().any(|r| r.code() == d.code()) {
            rules.push(d);
        }
    }
    let results: Vec<Value> = found
        .iter()
        .map(|(d, s)| {
            let index = rules.iter().position(|r| r.code() == d.code()).unwrap_or_default();
            result(d, s, lang, base, index)
        })
        .collect();
    let mut driver = json!({
        "name": "ladder",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(|d| rule(d, lang)).collect::<Vec<_>>(),
    });
    if let Some(uri) = [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")].into_iter().find(|u| !u.is_empty()) {
        driver["informationUri"] = json!(uri);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "language": language(lang),
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The language of the log's messages (RFC 5646).
fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en-US",
        Lang::Zh => "zh-CN",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A code as a SARIF rule: what it means, and where the fixes are described.
fn rule(d: &Diagnostic, lang: Lang) -> Value {
    let summary = codes::summary(lang, &d.problem);
    let code = d.code();
    json!({
        "id": code,
        "shortDescription": { "text": summary },
        "help": { "text": t!(lang, "sarif.rule-help", summary, code) },
        "defaultConfiguration": { "level": level(d.severity()) },
    })
}

fn result(d: &Diagnostic, sources: &Sources, lang: Lang, base: &Path, rule_index: usize) -> Value {
    let text = d.text(sources.voice(d.loc.file, lang));
    let message = match &text.help {
        Some(help) => t!(lang, "report.with-help", message = text.message, help),
        None => text.message.clone(),
    };
    let mut out = json!({
        "ruleId": d.code(),
        "ruleIndex": rule_index,
        "level": level(d.severity()),
        "message": { "text": message },
        "locations": [{ "physicalLocation": physical(&d.loc, sources, base) }],
        "partialFingerprints": { "ladder/v1": place::fingerprint(d, sources, base) },
    });
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(id, l)| {
                json!({ "id": id, "physicalLocation": physical(l, sources, base), "message": { "text": text.related.as_str() } })
            })
            .collect();
        out["relatedLocations"] = json!(related);
    }
    out
}

/// A file and a region in it; columns in code points, the end column just past the last one.
fn physical(loc: &Loc, sources: &Sources, base: &Path) -> Value {
    let (start_line, start_column) = sources.line_col(loc.file, loc.span.start);
    let (end_line, end_column) = sources.line_col(loc.file, loc.span.end.max(loc.span.start));
    json!({
        "artifactLocation": { "uri": place::uri(&sources.get(loc.file).path, base) },
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        },
    })
}
