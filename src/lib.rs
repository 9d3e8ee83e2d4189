//! Ladder: a rule language for grading customers and moving them through sales stages.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod cell;
pub mod check;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod examples;
pub mod explain;
pub mod files;
pub mod fmt;
pub mod input;
pub mod ir;
pub mod repl;
pub mod report;
pub mod run;
pub mod source;
pub mod sql;
pub mod summary;
pub mod syntax;
pub mod testing;
pub mod transitions;
pub mod value;
pub mod workbook;
pub mod xlsx;
