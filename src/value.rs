//! Runtime values and reading a data cell as the value of a declared field.

use crate::cell::{self, Duration};
use crate::ir::{Field, FieldType, Program};
use jiff::civil::Date;
use std::fmt;

/// A value during evaluation. `Missing` is also the *unknown* of three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Missing,
    Bool(bool),
    Num(f64),
    Text(&'a str),
    Date(Date),
    Duration(Duration),
    Member(u32),
}

impl Value<'_> {
    /// True, false, or `None` for unknown (and for values that are not conditions).
    pub fn truth(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Whether the value is missing.
    pub fn is_missing(self) -> bool {
        matches!(self, Value::Missing)
    }
}

/// Why a cell could not be read as its field's type.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// What the field needs, in words: "a date such as 2026-11-23".
    pub expected: String,
}

/// Reads one cell as the value of `field`; text values borrow the cell.
pub fn read<'a>(program: &Program, field: &Field, raw: &'a str) -> Result<Value<'a>, ReadError> {
    // Each parser trims for itself; text and members are trimmed here.
    let s = raw;
    let fail = |e: cell::CellError| {
        if let cell::CellError::NoSuchDay(_) = e {
            return ReadError { expected: "a day in the calendar".into() };
        }
        let text = e.to_string();
        ReadError { expected: text.strip_prefix("expected ").map(String::from).unwrap_or(text) }
    };
    Ok(match &field.ty {
        FieldType::Text => {
            let s = cell::trim(s);
            if cell::is_missing(s) {
                Value::Missing
            } else {
                Value::Text(s)
            }
        }
        FieldType::Number | FieldType::Money => cell::parse_number(s).map_err(fail)?.map_or(Value::Missing, Value::Num),
        FieldType::Bool => cell::parse_bool(s).map_err(fail)?.map_or(Value::Missing, Value::Bool),
        FieldType::Date => cell::parse_date(s).map_err(fail)?.map_or(Value::Missing, Value::Date),
        FieldType::OneOf(m) => member(s, m.iter().map(String::as_str), || m.iter().map(String::as_str).collect())?,
        FieldType::Grade(l) => member(s, program.levels(*l), || program.levels(*l).collect())?,
    })
}

fn member<'a, 'm>(
    s: &str,
    mut members: impl Iterator<Item = &'m str>,
    all: impl FnOnce() -> Vec<&'m str>,
) -> Result<Value<'a>, ReadError> {
    let s = cell::trim(s);
    if cell::is_missing(s) {
        return Ok(Value::Missing);
    }
    match members.position(|m| m == s) {
        Some(i) => Ok(Value::Member(i as u32)),
        None => {
            let list = all();
            let hint = crate::diag::closest(s, list.iter().copied())
                .map(|c| format!(" (did you mean {c}?)"))
                .unwrap_or_default();
            Err(ReadError { expected: format!("one of {}{hint}", list.join(", ")) })
        }
    }
}

/// A value shown to a person, with member indices turned back into names.
pub struct Show<'p, 'a> {
    pub value: Value<'a>,
    /// The names of the members when the value is a member.
    pub members: Option<&'p [String]>,
    pub level_names: Option<Vec<&'p str>>,
}

impl fmt::Display for Show<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Value::Missing => write!(f, "missing"),
            Value::Bool(true) => write!(f, "是"),
            Value::Bool(false) => write!(f, "否"),
            Value::Num(n) => write!(f, "{}", format_number(n)),
            Value::Text(t) => write!(f, "{t}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Duration(d) => write!(f, "{}", format_duration(d)),
            Value::Member(i) => {
                let name = match (&self.members, &self.level_names) {
                    (Some(m), _) => m.get(i as usize).map(String::as_str),
                    (_, Some(l)) => l.get(i as usize).copied(),
                    _ => None,
                };
                write!(f, "{}", name.unwrap_or("?"))
            }
        }
    }
}

/// A number as a person writes it: no trailing zeros, at most 6 decimals.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A duration as written in rules: `2 months`.
pub fn format_duration(d: Duration) -> String {
    use cell::DurationUnit::*;
    let unit = match d.unit {
        Days => "days",
        Weeks => "weeks",
        Months => "months",
        Years => "years",
    };
    format!("{} {unit}", d.amount)
}
