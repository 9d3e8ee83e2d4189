//! Ladder: a rule language for grading customers and moving them through sales stages.
#![forbid(unsafe_code)]

pub mod cell;
pub mod check;
pub mod diag;
pub mod fmt;
pub mod input;
pub mod ir;
pub mod report;
pub mod syntax;
pub mod value;
