//! Ladder: a rule language for grading customers.
pub mod cell;
pub mod input;
