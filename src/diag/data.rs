//! Problems with the data, as data: which cell, what it held, and what it is not. Built only when
//! a cell fails to read (the happy path allocates nothing); worded by `diag::words::data`.

use super::Lang;

/// What a cell's text is not, for the field that reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotA {
    Bool,
    Number,
    /// A number too large to work with.
    TooLarge,
    Date,
    /// Written like a date, but no such day exists (`2026/2/30`).
    NoSuchDay,
    Duration,
    /// Not one of the choices or levels; the closest one when it is a likely typo.
    Member {
        members: Vec<String>,
        suggestion: Option<String>,
    },
}

impl From<crate::cell::CellError> for NotA {
    fn from(e: crate::cell::CellError) -> Self {
        use crate::cell::CellError as E;
        match e {
            E::Bool => NotA::Bool,
            E::Number => NotA::Number,
            E::NumberTooLarge => NotA::TooLarge,
            E::Date => NotA::Date,
            E::NoSuchDay(_) => NotA::NoSuchDay,
            E::Duration => NotA::Duration,
        }
    }
}

/// Where in the data a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// A cell of a data file: `row` as a spreadsheet counts it (the header is row 1).
    Cell { row: usize, column: String },
    /// A cell of a workbook's sheet: the sheet's own row number and the column's letter.
    Sheet { sheet: String, row: usize, letter: String, column: String },
    /// A column of the one record being read (an audit log row).
    Column(String),
    /// A value given for a field by name (examples, the REPL's `:set`).
    Field,
}

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataKind {
    /// The value does not read as the field's type.
    NotA(NotA),
    /// A `required` field's cell is missing.
    Required,
    /// The bytes are not text in the input's encoding.
    Encoding,
    /// The record has `cells` cells but the header has `header`.
    Width { cells: usize, header: usize },
}

/// One unreadable cell (or record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProblem {
    pub at: At,
    /// The field's name (empty for a record of the wrong width).
    pub field: String,
    /// The cell's text, trimmed.
    pub value: String,
    pub kind: DataKind,
}

impl DataProblem {
    /// A cell of `field` at spreadsheet row `row` whose `value` is not what the field reads.
    pub fn cell(row: usize, field: &crate::ir::Field, value: &str, kind: DataKind) -> Self {
        let at = At::Cell { row, column: field.column.clone() };
        DataProblem { at, field: field.name.clone(), value: value.trim().to_string(), kind }
    }

    /// A value given for `field` by name (an example's `given`, the REPL's `:set`), as written.
    pub fn given(field: &crate::ir::Field, value: &str, not_a: NotA) -> Self {
        DataProblem { at: At::Field, field: field.name.clone(), value: value.to_string(), kind: DataKind::NotA(not_a) }
    }
}

impl DataProblem {
    /// The words in `lang`, for the `error` column, standard error and the REPL.
    pub fn text(&self, lang: Lang) -> String {
        super::words::data::problem(lang, self)
    }
}

/// Several problems of one record, as one line: `a; b` (`a；b`).
pub fn join(problems: &[DataProblem], lang: Lang) -> String {
    super::words::clauses(lang, problems.iter().map(|p| p.text(lang)))
}

/// Why a data file's header does not fit the rules; found before any row is read.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderProblem {
    /// The file has no header row.
    Empty,
    /// Two columns have the same header (1-based column numbers).
    Twice { header: String, first: usize, second: usize },
    /// No column is headed as a field's `column`.
    NoColumn { column: String, field: String, declared_at: String, closest: Option<String>, headers: Vec<String> },
    /// `--keep` names a column the data does not have; `closest` is the header it likely meant.
    KeepUnknown { column: String, closest: Option<String> },
    /// The data already has a column the results are written to.
    ResultTaken { column: String },
}

impl HeaderProblem {
    /// The words in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        super::words::data::header(lang, self)
    }
}
