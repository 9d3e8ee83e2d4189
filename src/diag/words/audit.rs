//! The words of `ladder audit`: why a recorded move is not allowed, why a log row cannot be read.

use super::list;
use crate::diag::Lang;
use crate::t;
use crate::transitions::audit::{Audit, Finding, Illegal, LogProblem, RowError, StageProblem, Verdict};
use crate::transitions::NoSet;

/// What is wrong with a row, if anything.
pub fn problem(lang: Lang, v: &Verdict) -> Option<String> {
    match v {
        Verdict::Illegal(i) => Some(illegal(lang, i)),
        Verdict::DataError(e) => Some(row_error(lang, e)),
        Verdict::Allowed { .. } | Verdict::Stayed => None,
    }
}

/// `row 7: KH-001 A21 → A02: no rule moves A21 to A02 (…)`, or `row 9: data error: …`.
pub fn line(lang: Lang, f: &Finding) -> String {
    let why = problem(lang, &f.verdict).unwrap_or_default();
    match &f.verdict {
        Verdict::DataError(_) => t!(lang, "audit.line.data-error", row = f.row, why),
        Verdict::Allowed { .. } | Verdict::Stayed | Verdict::Illegal(_) => {
            let key = f.key.as_ref().map_or(String::new(), |k| format!("{k} "));
            t!(lang, "audit.line", row = f.row, key, from = &f.from, to = &f.to, why)
        }
    }
}

/// The last line: how many recorded moves of `log` the set `name` does not allow, and the rest.
pub fn summary(lang: Lang, report: &Audit, name: &str, log: &str) -> String {
    let (checked, unchecked, stayed) = report.counts();
    let illegal = report.illegal().count();
    let errors = report.data_errors().count();
    let moves = report.rows.len() - stayed - errors;
    let allowed = checked + unchecked;
    let mut clauses = vec![t!(lang, "audit.summary.not-allowed", illegal, moves, log, name)];
    clauses.push(match unchecked {
        0 => t!(lang, "audit.summary.allowed", allowed),
        _ => t!(lang, "audit.summary.allowed-unchecked", allowed, unchecked),
    });
    if stayed > 0 {
        clauses.push(t!(lang, "audit.summary.stayed", stayed));
    }
    if errors > 0 {
        clauses.push(t!(lang, "audit.summary.errors", errors));
    }
    t!(lang, "audit.summary", clauses = super::clauses(lang, clauses.into_iter()))
}

fn illegal(lang: Lang, i: &Illegal) -> String {
    match i {
        Illegal::FromFinal { from } => t!(lang, "audit.from-final", from),
        Illegal::NoRule { from, to, targets } => {
            let lead = if targets.is_empty() {
                t!(lang, "audit.no-rule.none-leave", from)
            } else {
                t!(lang, "audit.no-rule.lead", from, targets = list(lang.into(), targets))
            };
            t!(lang, "audit.no-rule", from, to, lead)
        }
        Illegal::False { from, to, place, rule, deciding, more } => {
            let mut sentence = t!(lang, "audit.false", from, to, place, rule);
            if !deciding.is_empty() {
                let why: Vec<String> = deciding.iter().map(|n| n.phrase(lang)).collect();
                sentence = t!(lang, "audit.false.why", sentence, why = why.join(" "));
            }
            if *more > 0 {
                sentence = t!(lang, "audit.false.more", sentence, n = more, from, to);
            }
            sentence
        }
    }
}

fn row_error(lang: Lang, e: &RowError) -> String {
    match e {
        RowError::Stage { to, problem } => {
            let column = if *to { "to" } else { "from" };
            t!(lang, "data.at-column", column, what = stage(lang, problem))
        }
        RowError::Data(problems) => crate::diag::data::join(problems, lang),
    }
}

fn stage(lang: Lang, p: &StageProblem) -> String {
    match p {
        StageProblem::Empty => t!(lang, "audit.stage.empty"),
        StageProblem::NotALevel { text, ladder, suggestion: Some(name), .. } => {
            t!(lang, "audit.stage.did-you-mean", text, ladder, name)
        }
        StageProblem::NotALevel { text, ladder, suggestion: None, levels } => {
            t!(lang, "audit.stage.levels", text, ladder, levels = list(lang.into(), levels))
        }
    }
}

/// Why a log cannot be audited.
pub fn log_problem(lang: Lang, p: &LogProblem) -> String {
    match p {
        LogProblem::Empty => t!(lang, "audit.log-empty"),
        LogProblem::NoColumn { name, to, closest, headers } => {
            let (flag, missing) = if *to {
                ("--to", t!(lang, "audit.no-column.to", name))
            } else {
                ("--from", t!(lang, "audit.no-column.from", name))
            };
            let hint = match closest {
                Some(closest) => t!(lang, "audit.no-column.closest", closest, flag),
                None => t!(lang, "audit.no-column.headers", flag, headers = list(lang.into(), headers)),
            };
            super::then(lang.into(), missing, hint)
        }
        LogProblem::Io(reason) => reason.clone(),
    }
}

/// Why no transition set is chosen, with the sets there are.
pub fn no_set(lang: Lang, p: &NoSet) -> String {
    let listed = |names: &[String]| t!(lang, "transitions.listed", names = list(lang.into(), names));
    match p {
        NoSet::NoneDeclared => t!(lang, "transitions.none"),
        NoSet::Unknown { name, suggestion, names } => {
            let listed = match suggestion {
                Some(c) => t!(lang, "transitions.did-you-mean", name = c, listed = listed(names)),
                None => listed(names),
            };
            t!(lang, "transitions.unknown", name, listed)
        }
        NoSet::Unnamed { names } => t!(lang, "transitions.choose", listed = listed(names)),
    }
}
