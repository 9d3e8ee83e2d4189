//! The arguments of the static analysis's warnings (src/analysis).

/// Why a rule can never fire (`ladder::never_fires`).
#[derive(Debug, Clone, PartialEq)]
pub enum NeverWhy {
    /// No record makes its condition true.
    Impossible,
    /// These earlier rules, together, take every record it would match.
    Covered(Vec<String>),
}

/// One value of a witness record, as the data would hold it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Missing,
    Yes,
    No,
    /// A number, a date, a text or a choice, written as in the data.
    Written(String),
}
