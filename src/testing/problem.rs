//! Why a test could not run, as data: unreadable values and cells, or a rule file with errors.
//! Worded by `diag::en::testing`; JSON gets the same words.

use crate::diag::data::DataProblem;
use serde::{Serialize, Serializer};
use std::fmt;

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

/// The English words, for `ladder test`'s report.
impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::diag::en::testing::test_error(self))
    }
}

/// In JSON, the same words as the report.
impl Serialize for TestError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}
