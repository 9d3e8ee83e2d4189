//! Ladder: a rule language for grading customers and moving them through sales stages.
#![forbid(unsafe_code)]

pub mod cell;
pub mod diag;
pub mod syntax;
