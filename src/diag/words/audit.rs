//! English for `ladder audit`: why a recorded move is not allowed, why a log row cannot be read.

use crate::transitions::audit::{Audit, Finding, Illegal, RowError, StageProblem, Verdict};

/// What is wrong with a row, if anything.
pub fn problem(v: &Verdict) -> Option<String> {
    match v {
        Verdict::Illegal(i) => Some(illegal(i)),
        Verdict::DataError(e) => Some(row_error(e)),
        Verdict::Allowed { .. } | Verdict::Stayed => None,
    }
}

/// `row 7: KH-001 A21 → A02: no rule moves A21 to A02 (…)`, or `row 9: data error: …`.
pub fn line(f: &Finding) -> String {
    let why = problem(&f.verdict).unwrap_or_default();
    match &f.verdict {
        Verdict::DataError(_) => format!("row {}: data error: {why}", f.row),
        Verdict::Allowed { .. } | Verdict::Stayed | Verdict::Illegal(_) => {
            let key = f.key.as_ref().map_or(String::new(), |k| format!("{k} "));
            format!("row {}: {key}{} → {}: {why}", f.row, f.from, f.to)
        }
    }
}

/// The last line: how many recorded moves of `log` the set `name` does not allow, and the rest.
pub fn summary(report: &Audit, name: &str, log: &str) -> String {
    let (checked, unchecked, stayed) = report.counts();
    let illegal = report.illegal().count();
    let errors = report.data_errors().count();
    let moves = report.rows.len() - stayed - errors;
    let mut out = format!("{illegal} of {moves} recorded moves in {log} not allowed by {name}");
    out.push_str(&format!("; {} allowed", checked + unchecked));
    if unchecked > 0 {
        out.push_str(&format!(
            " ({unchecked} of them unchecked: their conditions read fields the log lacks or leaves empty)"
        ));
    }
    if stayed > 0 {
        out.push_str(&format!("; {stayed} {} without a move (from = to)", if stayed == 1 { "row" } else { "rows" }));
    }
    if errors > 0 {
        out.push_str(&format!("; {errors} {} with data errors", if errors == 1 { "row" } else { "rows" }));
    }
    out.push('.');
    out
}

fn illegal(i: &Illegal) -> String {
    match i {
        Illegal::FromFinal { from } => format!("{from} is final: no rule moves a customer out of it"),
        Illegal::NoRule { from, to, targets } => {
            let lead = if targets.is_empty() {
                format!("no rule leaves {from}")
            } else {
                format!("from {from} the rules lead to {}", targets.join(", "))
            };
            format!("no rule moves {from} to {to} ({lead})")
        }
        Illegal::False { from, to, place, rule, deciding, more } => {
            let cond = if deciding.is_empty() {
                String::new()
            } else {
                let why: Vec<String> = deciding.iter().map(|n| n.phrase()).collect();
                format!(": {}", why.join(" "))
            };
            let more = match more {
                0 => String::new(),
                n => format!(" (and {n} more rules from {from} to {to}, all false)"),
            };
            format!("the rule {from} -> {to} ({place}) needs {rule}, which is false for this row{cond}{more}")
        }
    }
}

fn row_error(e: &RowError) -> String {
    match e {
        RowError::Stage { to, problem } => {
            let column = if *to { "to" } else { "from" };
            format!("column {column}: {}", stage(problem))
        }
        RowError::Data(problems) => crate::diag::data::join(problems),
    }
}

fn stage(p: &StageProblem) -> String {
    match p {
        StageProblem::Empty => "the cell is empty; write the stage".into(),
        StageProblem::NotALevel { text, ladder, suggestion: Some(c), .. } => {
            format!("\"{text}\" is not a level of {ladder}; did you mean {c}?")
        }
        StageProblem::NotALevel { text, ladder, suggestion: None, levels } => {
            format!("\"{text}\" is not a level of {ladder} (the levels are {})", levels.join(", "))
        }
    }
}
