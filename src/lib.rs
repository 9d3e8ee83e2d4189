//! Ladder: a rule language for grading customers.
