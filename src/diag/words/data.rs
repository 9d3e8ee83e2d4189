//! The words of data problems, for standard error, the `error` column and the REPL.

use super::{list, then};
use crate::diag::data::{At, DataKind, DataProblem, HeaderProblem, NotA};
use crate::diag::Lang;
use crate::t;

/// What a field needs, in words: "a date such as 2026-11-23, …".
pub(crate) fn not_a(lang: Lang, n: &NotA) -> String {
    match n {
        NotA::Bool => t!(lang, "needs.bool"),
        NotA::Number => t!(lang, "needs.number"),
        NotA::TooLarge => t!(lang, "needs.too-large"),
        NotA::Date => t!(lang, "needs.date"),
        NotA::NoSuchDay => t!(lang, "needs.no-such-day"),
        NotA::Duration => t!(lang, "needs.duration"),
        NotA::Member { members, suggestion } => {
            let members = list(lang.into(), members);
            match suggestion {
                Some(name) => t!(lang, "needs.member.did-you-mean", members, name),
                None => t!(lang, "needs.member", members),
            }
        }
    }
}

/// One data problem: `row 3, column 金额: "abc" is not a number such as …`.
pub(crate) fn problem(lang: Lang, p: &DataProblem) -> String {
    let what = match &p.kind {
        DataKind::Width { cells, header } => {
            let row = match p.at {
                At::Cell { row, .. } | At::Sheet { row, .. } => row,
                At::Column(_) | At::Field => 0,
            };
            return t!(lang, "data.width", row, cells, header);
        }
        DataKind::NotA(n) => t!(lang, "data.not-a", value = &p.value, needs = not_a(lang, n)),
        DataKind::Required => t!(lang, "data.required", field = &p.field),
        DataKind::Encoding => t!(lang, "data.encoding"),
    };
    match &p.at {
        At::Cell { row, column } => t!(lang, "data.at-cell", row, column, what),
        At::Sheet { sheet, row, letter, column } => t!(lang, "data.at-sheet", sheet, row, letter, column, what),
        At::Column(column) => t!(lang, "data.at-column", column, what),
        At::Field => t!(lang, "data.at-field", field = &p.field, what),
    }
}

/// Why a header does not fit the rules.
pub(crate) fn header(lang: Lang, p: &HeaderProblem) -> String {
    match p {
        HeaderProblem::Empty => t!(lang, "header.empty"),
        HeaderProblem::Twice { header, first, second } => t!(lang, "header.twice", header, first, second),
        HeaderProblem::NoColumn { column, field, declared_at, closest, headers } => {
            let hint = match closest {
                Some(closest) => t!(lang, "header.no-column.closest", closest, field),
                None => t!(lang, "header.no-column.headers", headers = list(lang.into(), headers)),
            };
            then(lang.into(), t!(lang, "header.no-column", column, field, declared_at), hint)
        }
        HeaderProblem::KeepUnknown { column, closest: None } => t!(lang, "header.keep-unknown", column),
        HeaderProblem::KeepUnknown { column, closest: Some(name) } => {
            t!(lang, "header.keep-unknown.did-you-mean", column, name)
        }
        HeaderProblem::ResultTaken { column } => t!(lang, "header.result-taken", column),
    }
}
