//! English for why a test could not run.

use crate::testing::problem::{NotALevel, RowProblem, TestError};

/// The words of a test error, parts joined by `; `.
pub fn test_error(e: &TestError) -> String {
    match e {
        TestError::Unreadable(parts) => parts.iter().map(row_problem).collect::<Vec<_>>().join("; "),
        TestError::Broken { errors } => {
            let plural = if *errors == 1 { "" } else { "s" };
            format!("the rule file has {errors} error{plural}; its examples were not run")
        }
    }
}

fn row_problem(p: &RowProblem) -> String {
    match p {
        RowProblem::Data(d) => d.to_string(),
        RowProblem::Expect { row, column, level } => format!("row {row}, column {column}: {}", not_a_level(level)),
    }
}

/// `"A8" is not a level of 等级; did you mean A08?`
pub fn not_a_level(l: &NotALevel) -> String {
    let hint = match &l.suggestion {
        Some(c) => format!("did you mean {c}?"),
        None => format!("the levels are {}", l.levels.join(", ")),
    };
    format!("\"{}\" is not a level of {}; {hint}", l.text, l.ladder)
}
