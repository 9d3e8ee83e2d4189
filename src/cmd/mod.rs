//! Subcommands of `ladder`, each a function from parsed arguments to an exit code.

mod check;
mod files;
mod fmt;

use clap::{Parser, Subcommand};

/// Exit code: everything fine.
pub const OK: i32 = 0;
/// Exit code: the rules or data have problems (errors, failed examples, data errors).
pub const FOUND: i32 = 1;
/// Exit code: the command could not run (bad arguments, missing file, rule errors before a run).
pub const USAGE: i32 = 2;

/// Ladder grades customers by the rules a sales team writes.
#[derive(Debug, Parser)]
#[command(name = "ladder", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse, type-check and lint rule files; report every error and warning.
    Check(check::Args),
    /// Rewrite rule files in the canonical layout; `--check` only reports which would change.
    Fmt(fmt::Args),
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Fmt(a) => fmt::run(a),
    }
}
