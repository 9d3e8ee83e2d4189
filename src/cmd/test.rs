//! `ladder test`: run the examples of rule files and their test tables, cargo-test style.

use super::{files, lang, parse_as_of, stdio, term, FOUND, OK, USAGE};
use ladder::diag::words::testing_why;
use ladder::diag::{Diagnostic, Sources};
use ladder::input::Encoding;
use ladder::ir::Program;
use ladder::report;
use ladder::t;
use ladder::testing::problem::TableProblem;
use ladder::testing::{self, Session};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod suggest;

/// How `ladder test` writes its results: for people, for tools, or as a CI test report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_name = "CASES.csv")]
    cases: Vec<String>,
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
    #[arg(long)]
    coverage: bool,
    #[arg(long, value_name = "P")]
    min_coverage: Option<f64>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
    #[arg(long, conflicts_with = "format")]
    suggest: bool,
    #[arg(long, requires = "suggest")]
    write: bool,
}

pub fn run(args: Args) -> i32 {
    match prepare(&args) {
        Ok((today, paths)) => test(&args, today, &paths),
        Err(e) => {
            stdio::errln(t!(lang(), "error-line", message = e));
            USAGE
        }
    }
}

fn prepare(args: &Args) -> Result<(jiff::civil::Date, Vec<PathBuf>), String> {
    let today = parse_as_of(args.as_of.as_deref())?;
    let paths = files::rule_files(&args.paths, false)?;
    if !args.cases.is_empty() && paths.len() != 1 {
        return Err(t!(lang(), "test.cases-one-file", n = paths.len()));
    }
    if let Some(p) = args.min_coverage.filter(|p| !(0.0..=100.0).contains(p)) {
        return Err(t!(lang(), "test.min-coverage-range", p));
    }
    if args.write && args.cases.len() > 1 {
        return Err(t!(lang(), "test.suggest.one-table", n = args.cases.len()));
    }
    if let Some(table) = args.cases.first().filter(|c| args.write && !c.to_lowercase().ends_with(".csv")) {
        return Err(t!(lang(), "test.suggest.not-csv", path = table));
    }
    Ok((today, paths))
}

fn test(args: &Args, today: jiff::civil::Date, paths: &[PathBuf]) -> i32 {
    let coverage = args.coverage || args.min_coverage.is_some();
    let mut session = Session::new(today, args.filter.clone(), coverage || args.suggest);
    let mut found = report::Found::default();
    let mut programs = Vec::new();
    for path in paths {
        let display = path.to_string_lossy();
        let Some(checked) = super::check_to_run_or_report(&display) else { return USAGE };
        if checked.has_errors() {
            let errors: Vec<Diagnostic> = checked.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
            let line = errors
                .iter()
                .find(|d| d.loc.file == 0)
                .map_or(1, |d| checked.program.sources.line_col(0, d.loc.span.start).0);
            session.broken(&display, line, errors.len());
            found.add(errors, &checked.program.sources);
            continue;
        }
        session.examples(&checked.program);
        for table in tables(path, &args.cases) {
            if let Err(problems) = run_table(&mut session, &checked.program, &table, args.encoding) {
                for p in &problems {
                    stdio::errln(t!(lang(), "error-line", message = testing_why::table_problem(lang(), p)));
                }
                return USAGE;
            }
        }
        if args.suggest {
            programs.push((path.clone(), checked.program));
        }
    }
    // The coverage suggestions start from, apart from the report's (shown only when asked for).
    let mut cov = session.coverage.clone().filter(|_| args.suggest);
    if !coverage {
        session.coverage = None;
    }
    write(args, &session, found.list());
    let code = if session.ok(args.min_coverage) { OK } else { FOUND };
    match cov.as_mut() {
        Some(cov) => code.max(suggest::run(args, today, &programs, cov)),
        None => code,
    }
}

/// The tables to run with a rule file: those given, and `NAME.cases.csv` (or `.xlsx`, `.xls`,
/// `.ods`) beside `NAME.ladder`.
fn tables(rules: &Path, given: &[String]) -> Vec<String> {
    let mut out = given.to_vec();
    for ext in ["cases.csv", "cases.xlsx", "cases.xls", "cases.ods"] {
        let beside = rules.with_extension(ext);
        let same = |g: &String| std::fs::canonicalize(g).ok() == std::fs::canonicalize(&beside).ok();
        if beside.is_file() && !given.iter().any(same) {
            out.push(beside.to_string_lossy().into_owned());
        }
    }
    out
}

fn run_table(
    session: &mut Session,
    program: &Program,
    path: &str,
    encoding: Encoding,
) -> Result<(), Vec<TableProblem>> {
    let table = testing::load_table(program, path, encoding, lang())?;
    for w in &table.warnings {
        stdio::errln(t!(lang(), "warning-line", message = testing_why::table_warning(lang(), w)));
    }
    session.table(program, &table);
    Ok(())
}

fn write(args: &Args, session: &Session, found: &[(Diagnostic, Arc<Sources>)]) {
    let min = args.min_coverage;
    match args.format {
        Format::Human => {
            let color = term::colors().stderr;
            for (d, s) in found {
                stdio::err(report::human(d, s, lang(), color, 100));
            }
            match term::quiet() {
                true if args.suggest => stdio::err(testing::failures(lang(), session, min)),
                true => stdio::out(testing::failures(lang(), session, min)),
                false if args.suggest => stdio::err(testing::human(lang(), session, min)),
                false => stdio::out(testing::human(lang(), session, min)),
            }
        }
        Format::Github => {
            let checked: String = found.iter().map(|(d, s)| report::github(d, s, lang()) + "\n").collect();
            stdio::out(checked + &testing::github(lang(), session, min));
            match term::quiet() {
                true => stdio::err(testing::failures(lang(), session, min)),
                false => stdio::err(testing::human(lang(), session, min)),
            }
        }
        Format::Json => {
            let diagnostics: Vec<_> = found.iter().map(|(d, s)| report::json(d, s, lang())).collect();
            let doc = testing::json(lang(), session, min, &diagnostics);
            stdio::outln(serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Junit => {
            stdio::out(testing::junit(lang(), session, min, found));
            let color = term::colors().stderr;
            for (d, s) in found {
                stdio::err(report::human(d, s, lang(), color, 100));
            }
            match term::quiet() {
                true => stdio::err(testing::failures(lang(), session, min)),
                false => stdio::err(testing::human(lang(), session, min)),
            }
        }
    }
}
