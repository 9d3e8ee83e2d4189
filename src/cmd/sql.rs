//! `ladder sql`: the rules as one SQL statement over a table of records, or the table they expect.

use super::run::same_file;
use super::{as_of_or_report, error, lang, load_rules, output, stdio, term, FOUND, OK, USAGE};
use ladder::ir::Program;
use ladder::sql::{compile, ddl, Dialect, Options, RowsReport};
use ladder::t;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The SQL dialect to write.
    #[arg(long, value_enum)]
    dialect: Dialect,
    /// The table holding the records.
    #[arg(long, value_name = "NAME", required_unless_present_any = ["ddl", "rows"])]
    table: Option<String>,
    /// The date `today` stands for (default: the engine's current date when the query runs).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Wrap the query in `CREATE OR REPLACE VIEW` with this name.
    #[arg(long, value_name = "VIEW")]
    view: Option<String>,
    /// Print the `CREATE TABLE` the rules expect instead of the query.
    #[arg(long, conflicts_with = "rows")]
    ddl: bool,
    /// Write the records of this data file as the CSV the table loads, instead of the query.
    #[arg(long, value_name = "DATA", conflicts_with_all = ["view", "as_of"])]
    rows: Option<String>,
    /// Where `--rows` writes (default: standard output).
    #[arg(short, long, requires = "rows")]
    output: Option<PathBuf>,
    #[command(flatten)]
    read: super::DataArgs,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    if let Some(data) = &args.rows {
        return rows(&args, &program, data);
    }
    let table = args.table.as_deref().unwrap_or("records");
    if args.ddl {
        stdio::out(ddl(&program, args.dialect, table));
        return OK;
    }
    let as_of = match &args.as_of {
        None => None,
        Some(text) => match as_of_or_report(Some(text)) {
            Ok(d) => Some(d),
            Err(()) => return USAGE,
        },
    };
    let options = Options { dialect: args.dialect, table, as_of, view: args.view.as_deref() };
    match compile(&program, &options) {
        Ok(statement) => {
            stdio::out(statement);
            OK
        }
        Err(problems) => {
            let color = term::colors().stderr;
            for d in &problems {
                stdio::err(ladder::report::human(d, &program.sources, lang(), color, 100));
            }
            USAGE
        }
    }
}

/// `--rows DATA`: the records as the typed CSV the table of `--ddl` loads.
fn rows(args: &Args, program: &Program, data: &str) -> i32 {
    let file = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if let Some(out) = file {
        if data != "-" && same_file(Path::new(data), out) {
            error(t!(lang(), "run.same-file", path = out.display()));
            return USAGE;
        }
    }
    let Some(source) = args.read.open(data, program) else {
        return USAGE;
    };
    let write = |out: &mut dyn Write| ladder::sql::rows(program, &*source, args.dialect, out);
    let result = match file {
        Some(path) => output::write(path, |out| write(out)),
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdio::Stdout::lock());
            write(&mut out).and_then(|r| out.flush().map(|_| r).map_err(ladder::run::RunError::Io))
        }
    };
    match result {
        Ok(report) => said(&report),
        Err(_) if stdio::out_failed() => USAGE,
        Err(e) => {
            error(e.text(lang()));
            USAGE
        }
    }
}

/// Says on standard error what the table will not hold as read; the exit code.
fn said(report: &RowsReport) -> i32 {
    let lang = lang();
    for problem in &report.problems {
        stdio::errln(t!(lang, "data-error", message = problem.text(lang)));
    }
    if report.error_rows > 0 {
        stdio::errln(t!(lang, "sql.rows-errors", errors = report.error_rows, rows = report.rows));
    }
    for x in &report.inexact {
        let message = match &x.held {
            Some(held) => t!(
                lang,
                "sql.rows-rounded",
                row = x.row,
                column = x.column.as_str(),
                value = x.value.as_str(),
                held = held.as_str(),
                ty = x.column_type.as_str()
            ),
            None => t!(
                lang,
                "sql.rows-too-large",
                row = x.row,
                column = x.column.as_str(),
                value = x.value.as_str(),
                ty = x.column_type.as_str()
            ),
        };
        stdio::errln(t!(lang, "warning-line", message));
    }
    let more = report.inexact_count.saturating_sub(report.inexact.len());
    if more > 0 {
        stdio::errln(t!(lang, "sql.rows-more-inexact", more));
    }
    match report.error_rows > 0 || report.inexact_count > 0 {
        true => FOUND,
        false => OK,
    }
}
