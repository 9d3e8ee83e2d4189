//! English for data problems, as written to standard error and the `error` column.

use crate::diag::data::{At, DataKind, DataProblem, HeaderProblem, NotA};
use std::fmt;

/// What a field needs, in words: "a date such as 2026-11-23, …".
pub(crate) fn not_a(n: &NotA) -> String {
    match n {
        NotA::Bool => "a yes/no value such as 是, 否, true, false, √ or ×".into(),
        NotA::Number => "a number such as 1200000, 1,200,000, 1.5, 120万, 1.2亿, ¥5000, 5000元 or 30%".into(),
        NotA::TooLarge => "the number is too large to work with".into(),
        NotA::Date => "a date such as 2026-11-23, 2026/1/5 or 2026年1月5日".into(),
        NotA::NoSuchDay => "a day in the calendar".into(),
        NotA::Duration => "a length of time such as 60 days, 2 weeks, 2 months, 1 year, 60天 or 2个月".into(),
        NotA::Member { members, suggestion } => {
            let hint = suggestion.as_ref().map(|c| format!(" (did you mean {c}?)")).unwrap_or_default();
            format!("one of {}{hint}", members.join(", "))
        }
    }
}

/// Writes one data problem: `row 3, column 金额: "abc" is not a number such as …`.
pub(crate) fn write(f: &mut fmt::Formatter<'_>, p: &DataProblem) -> fmt::Result {
    if let DataKind::Width { cells, header } = p.kind {
        let row = match p.at {
            At::Cell { row, .. } => row,
            At::Column(_) | At::Field => 0,
        };
        return write!(f, "row {row} has {cells} cells but the header has {header}");
    }
    match &p.at {
        At::Cell { row, column } => write!(f, "row {row}, column {column}: ")?,
        At::Column(column) => write!(f, "column {column}: ")?,
        At::Field => write!(f, "{}: ", p.field)?,
    }
    match &p.kind {
        DataKind::NotA(n) => write!(f, "\"{}\" is not {}", p.value, not_a(n)),
        DataKind::Required => write!(f, "a value is required (the field {} is `required`)", p.field),
        DataKind::Encoding => write!(f, "the cell is not valid text in this encoding (try --encoding gbk)"),
        DataKind::Width { .. } => Ok(()),
    }
}

/// Writes why a header does not fit the rules.
pub(crate) fn header(f: &mut fmt::Formatter<'_>, p: &HeaderProblem) -> fmt::Result {
    match p {
        HeaderProblem::Empty => write!(f, "The data is empty: a header row naming the columns is required."),
        HeaderProblem::Twice { header, first, second } => {
            write!(f, "The header \"{header}\" appears twice (columns {first} and {second}); each column needs its own name.")
        }
        HeaderProblem::NoColumn { column, field, declared_at, closest, headers } => {
            write!(f, "The data has no column \"{column}\" for the field {field} ({declared_at}).")?;
            match closest {
                Some(c) => write!(f, " The closest header is \"{c}\"; if that is the column, write `{field}: … column \"{c}\"`."),
                None => write!(f, " The headers are: {}.", headers.join(", ")),
            }
        }
        HeaderProblem::KeepUnknown { column } => {
            write!(f, "--keep names the column \"{column}\", which the data does not have.")
        }
        HeaderProblem::ResultTaken { column } => write!(
            f,
            "The data already has a column \"{column}\", which the results are written to; drop it with --keep or rename it."
        ),
    }
}
