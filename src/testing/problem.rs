//! What a test run finds, as data: why a test could not run (unreadable values and cells, or a
//! rule file with errors), why a test table cannot be used, and why a record got other levels
//! than expected. Worded by `diag::words::testing` in a language; JSON gets the same words.

use super::why::Why;
use crate::diag::data::DataProblem;

/// Why a test could not run.
#[derive(Debug, Clone, PartialEq)]
pub enum TestError {
    /// Values of the example, or cells of the test row, that cannot be read.
    Unreadable(Vec<RowProblem>),
    /// The rule file has this many errors, so its examples were not run.
    Broken { errors: usize },
}

/// One unreadable part of a test.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem {
    /// A value or cell of a field.
    Data(DataProblem),
    /// The cell of an `expect_` column at spreadsheet row `row` names no level.
    Expect { row: usize, column: String, level: NotALevel },
}

/// A text that is not a level of `ladder`; `suggestion` is the closest level, if likely a typo.
#[derive(Debug, Clone, PartialEq)]
pub struct NotALevel {
    pub text: String,
    pub ladder: String,
    pub suggestion: Option<String>,
    pub levels: Vec<String>,
}

/// Why a test table cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum TableProblem {
    /// The file cannot be read (the system's or the CSV reader's words).
    Unreadable { path: String, reason: String },
    /// The file has no header row.
    Empty { path: String },
    /// A header appears twice, at these 1-based columns.
    DuplicateHeader { path: String, header: String, first: usize, second: usize },
    /// An `expect_` column names no ladder or transition set; `columns` are those it could be.
    UnknownExpect { path: String, column: String, suggestion: Option<String>, columns: Vec<String> },
    /// No `expect_` column; `example` is one it could have.
    NoExpect { path: String, example: String },
    /// The header is not valid text in the encoding.
    HeaderEncoding { path: String, encoding: String },
}

/// Something about a test table worth saying that does not stop the run.
#[derive(Debug, Clone, PartialEq)]
pub enum TableWarning {
    /// A column that is not a field and looks like a misspelt one.
    NotAField { path: String, column: String, suggestion: String },
}

/// Why a test's record got other levels than expected: one [`Why`] per mismatch.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation(pub Vec<Why>);
