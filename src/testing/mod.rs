//! `ladder test`: running a rule file's examples and test tables against their expectations,
//! explaining each failure, and measuring which parts of the rules the cases exercised.

mod cases;
mod coverage;
mod junit;
pub mod problem;
mod render;
pub mod suggest;
pub mod why;

pub use cases::{load as load_table, Table, EXPECT};
pub use coverage::{Coverage, Covers, FileCoverage, Item, ItemKind, Uncovered};
pub use junit::junit;
pub use render::{failures, github, human, json, JSON_VERSION};

use crate::diag::{Lang, LANGS};
use crate::eval::{Ctx, Frame, Pops};
use crate::examples::{actual, record};
use crate::files::{Disk, Files};
use crate::ir::{Program, Target};
use jiff::civil::Date;
use problem::{RowProblem, TestError};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where a test comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An `example` block of a rule file.
    Example,
    /// A row of a test table.
    Case,
    /// A rule file that does not check; its examples could not run.
    File,
}

/// How a test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// An expectation did not hold.
    Failed,
    /// The test could not run: unreadable values, or a rule file with errors.
    Error,
}

/// A level as expected or as found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// The ladder or transition set.
    pub target: String,
    /// The level's name; `None` for no level.
    pub level: Option<String>,
    pub label: Option<String>,
}

impl Level {
    fn new(program: &Program, target: Target, level: Option<usize>) -> Self {
        let (name, ladder) = match target {
            Target::Ladder(l) => (&program.ladders[l].name, l),
            Target::Transitions(t) => (&program.transitions[t].name, program.transitions[t].ladder),
        };
        let rule = level.map(|i| &program.ladders[ladder].rules[i]);
        Level {
            target: name.clone(),
            level: rule.map(|r| r.level.clone()),
            label: rule.map(|r| r.label.clone()).filter(|l| !l.is_empty()),
        }
    }
}

/// The outcome of one example or test-table row.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The file the test is written in: the rule file of an example, the CSV of a case.
    pub file: String,
    /// The example's line, or the case's row as a spreadsheet counts it (header = row 1).
    pub line: usize,
    pub kind: Kind,
    /// The rule file that was run.
    pub rules: String,
    pub name: String,
    pub status: Status,
    /// Every expectation, and beside it at the same index what was found.
    pub expected: Vec<Level>,
    pub actual: Vec<Level>,
    /// Why the test could not run (in JSON worded by `render::json`).
    #[serde(skip)]
    pub error: Option<problem::TestError>,
    /// For a failure: why the record got its level and not the expected one.
    #[serde(skip)]
    pub explanation: Option<problem::Explanation>,
}

impl CaseResult {
    /// A test that has not run yet (it passes until an expectation fails).
    fn new(file: &str, line: usize, kind: Kind, rules: &str, name: &str) -> Self {
        CaseResult {
            file: file.to_string(),
            line,
            kind,
            rules: rules.to_string(),
            name: name.to_string(),
            status: Status::Ok,
            expected: vec![],
            actual: vec![],
            error: None,
            explanation: None,
        }
    }

    /// How the test is named in the output: `rules/x.ladder: NAME`, `cases.csv row 3: NAME`.
    pub fn label(&self, lang: Lang) -> String {
        crate::diag::words::testing::label(lang, self)
    }

    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Ok
    }
}

/// Everything one `ladder test` run found.
#[derive(Debug)]
pub struct Session {
    pub today: Date,
    /// Only tests whose label contains this text run.
    pub filter: Option<String>,
    pub results: Vec<CaseResult>,
    /// How many tests the filter skipped.
    pub filtered_out: usize,
    /// Present when coverage is measured.
    pub coverage: Option<Coverage>,
    /// Examples already run (a file `use`d by several is tested once): (file, offset).
    seen: HashSet<(PathBuf, usize)>,
}

impl Session {
    /// A session as of `today`; `coverage` turns coverage measurement on.
    pub fn new(today: Date, filter: Option<String>, coverage: bool) -> Self {
        let coverage = coverage.then(Coverage::default);
        Session { today, filter, results: vec![], filtered_out: 0, coverage, seen: HashSet::new() }
    }

    /// Runs every example of `program` not run before.
    pub fn examples(&mut self, program: &Program) {
        let map = self.coverage.as_mut().map(|c| c.register(program));
        let pops = Pops::default();
        let ctx = Ctx { program, today: self.today, pops: &pops };
        let root = program.sources.get(0).path.clone();
        for ex in &program.examples {
            let path = &program.sources.get(ex.loc.file).path;
            let key = Disk.key(Path::new(path));
            if !self.seen.insert((key, ex.loc.span.start)) {
                continue;
            }
            let (line, _) = program.sources.line_col(ex.loc.file, ex.loc.span.start);
            let mut result = CaseResult::new(path, line, Kind::Example, &root, &ex.name);
            if !self.wanted(&result) {
                continue;
            }
            match record(program, &ex.given) {
                Ok(mut frame) => {
                    let expects: Vec<_> = ex.expect.iter().map(|e| (e.target, e.level)).collect();
                    judge(&ctx, &mut frame, &expects, &mut result);
                    if let (Some(cov), Some(map)) = (self.coverage.as_mut(), map.as_ref()) {
                        cov.mark(map, &ctx, &mut frame);
                    }
                }
                Err(e) => fail(&mut result, TestError::Unreadable(vec![RowProblem::Data(*e)])),
            }
            self.results.push(result);
        }
    }

    /// Runs every row of a test table against `program`.
    pub fn table(&mut self, program: &Program, table: &Table) {
        let map = self.coverage.as_mut().map(|c| c.register(program));
        let rows = table.rows(program);
        let pops = cases::populations(program, &rows, self.today);
        let ctx = Ctx { program, today: self.today, pops: &pops };
        let root = program.sources.get(0).path.clone();
        for mut row in rows {
            let mut result = CaseResult::new(&table.path, row.row, Kind::Case, &root, &row.name);
            if !self.wanted(&result) {
                continue;
            }
            if row.errors.is_empty() {
                judge(&ctx, &mut row.frame, &row.expects, &mut result);
                if let (Some(cov), Some(map)) = (self.coverage.as_mut(), map.as_ref()) {
                    cov.mark(map, &ctx, &mut row.frame);
                }
            } else {
                fail(&mut result, TestError::Unreadable(row.errors));
            }
            self.results.push(result);
        }
    }

    /// Records a rule file that does not check: one failed test, its examples not run.
    pub fn broken(&mut self, file: &str, line: usize, errors: usize) {
        let mut result = CaseResult::new(file, line, Kind::File, file, "");
        fail(&mut result, TestError::Broken { errors });
        self.results.push(result);
    }

    fn wanted(&mut self, result: &CaseResult) -> bool {
        // The filter matches the name as the report shows it, in any language.
        let named = |f: &String| LANGS.iter().any(|&lang| result.label(lang).contains(f.as_str()));
        let keep = self.filter.as_ref().is_none_or(|f| result.kind == Kind::File || named(f));
        if !keep {
            self.filtered_out += 1;
        }
        keep
    }

    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// How many tests failed (including rule files with errors).
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// Grades the record in `frame` for each expectation and fills in what was found.
fn judge<'a>(ctx: &Ctx<'a>, frame: &mut Frame<'a>, expects: &[(Target, Option<usize>)], result: &mut CaseResult) {
    let program = ctx.program;
    let mut why = Vec::new();
    for &(target, expected) in expects {
        let found = actual(ctx, target, frame);
        result.expected.push(Level::new(program, target, expected));
        result.actual.push(Level::new(program, target, found));
        if found != expected {
            result.status = Status::Failed;
            why.push(why::explain(ctx, frame, target, expected, found));
        }
    }
    if !why.is_empty() {
        result.explanation = Some(problem::Explanation(why));
    }
}

fn fail(result: &mut CaseResult, error: TestError) {
    result.status = Status::Error;
    result.error = Some(error);
}
