//! `ladder audit`: checks a log of recorded stage moves against a transition set. A recorded
//! move FROM → TO is allowed when a move of the set that leaves FROM leads to TO and its condition
//! is not false for the log row. Fields the log carries are read like data; fields it lacks are
//! missing, so a condition that reads them is unknown and the move counts as allowed, unchecked.

use super::Graph;
use crate::diag::closest;
use crate::diag::data::{At, DataKind, DataProblem};
use crate::eval::{Ctx, Frame, Pops};
use crate::explain::trace;
use crate::explain::Node;
use crate::ir::{CmpOp, Expr, ExprKind as K, Named, Program, TransId, Type};
use crate::source::RecordSource;
use crate::value::{read, Value};
use csv::ByteRecord;
use jiff::civil::Date;

/// Where the log's columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    pub from: usize,
    pub to: usize,
    /// The column of the key field, if the log has it.
    pub key: Option<usize>,
    /// `fields[field]`: its column, if the log has it.
    pub fields: Vec<Option<usize>>,
    pub width: usize,
}

/// Why a log cannot be audited (worded by `diag::words::audit`).
#[derive(Debug, Clone, PartialEq)]
pub enum LogProblem {
    /// The log has no header row.
    Empty,
    /// No column holds the stage moved from (`to` false) or to; the closest header, or all of them.
    NoColumn { name: String, to: bool, closest: Option<String>, headers: Vec<String> },
    /// The log cannot be read.
    Io(String),
}

/// Binds the log's header: the `from` and `to` columns must be there; every declared field is
/// read when its column is there and missing otherwise.
pub fn bind(program: &Program, header: &[String], from: &str, to: &str) -> Result<Columns, Vec<LogProblem>> {
    let find = |name: &str| header.iter().position(|h| crate::cell::trim(h) == name);
    let need = |name: &str, to: bool| {
        find(name).ok_or_else(|| LogProblem::NoColumn {
            name: name.to_string(),
            to,
            closest: closest(name, header.iter().map(String::as_str)).map(String::from),
            headers: header.to_vec(),
        })
    };
    let (from, to) = match (need(from, false), need(to, true)) {
        (Ok(f), Ok(t)) => (f, t),
        (f, t) => return Err([f.err(), t.err()].into_iter().flatten().collect()),
    };
    let fields: Vec<Option<usize>> = program.fields.iter().map(|f| find(&f.column)).collect();
    let key = program.fields.iter().position(|f| f.key).and_then(|k| fields[k]);
    Ok(Columns { from, to, key, fields, width: header.len() })
}

/// What the audit says about one log row (worded by `diag::words::audit`).
#[derive(Debug, Clone)]
pub enum Verdict {
    /// A move allows it; `checked` is false when its condition was unknown for the row.
    Allowed { mv: usize, checked: bool },
    /// FROM and TO are the same stage: no move was made.
    Stayed,
    /// No move allows it, and why.
    Illegal(Illegal),
    /// The row cannot be read.
    DataError(RowError),
}

/// Why no move allows a recorded move `from → to`.
#[derive(Debug, Clone)]
pub enum Illegal {
    /// `from` is a final stage.
    FromFinal { from: String },
    /// No rule moves `from` to `to`; `targets` are the stages rules from `from` lead to.
    NoRule { from: String, to: String, targets: Vec<String> },
    /// The first rule from `from` to `to` (at `place`, condition `rule`) is false for the row:
    /// `deciding` are the parts that made it so; `more` rules between the two were false too.
    False { from: String, to: String, place: String, rule: String, deciding: Vec<Node>, more: usize },
}

/// Why a log row cannot be read.
#[derive(Debug, Clone)]
pub enum RowError {
    /// The `from` (`to: false`) or `to` column does not name a stage.
    Stage { to: bool, problem: StageProblem },
    /// Cells of fields the log carries.
    Data(Vec<DataProblem>),
}

/// What is wrong with a cell that should name a stage.
#[derive(Debug, Clone)]
pub enum StageProblem {
    Empty,
    NotALevel { text: String, ladder: String, suggestion: Option<String>, levels: Vec<String> },
}

/// One audited log row.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The row as a spreadsheet counts it (the header is row 1).
    pub row: usize,
    /// The line of the file the row starts on.
    pub line: u64,
    pub key: Option<String>,
    pub from: String,
    pub to: String,
    pub verdict: Verdict,
}

/// The whole audit.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Every row, in log order.
    pub rows: Vec<Finding>,
}

impl Audit {
    /// Rows whose move no rule allows.
    pub fn illegal(&self) -> impl Iterator<Item = &Finding> {
        self.rows.iter().filter(|f| matches!(f.verdict, Verdict::Illegal(_)))
    }

    /// Rows that could not be read.
    pub fn data_errors(&self) -> impl Iterator<Item = &Finding> {
        self.rows.iter().filter(|f| matches!(f.verdict, Verdict::DataError(_)))
    }

    /// How many rows have each verdict: (allowed and checked, allowed unchecked, stayed).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |p: &dyn Fn(&Verdict) -> bool| self.rows.iter().filter(|f| p(&f.verdict)).count();
        (
            count(&|v| matches!(v, Verdict::Allowed { checked: true, .. })),
            count(&|v| matches!(v, Verdict::Allowed { checked: false, .. })),
            count(&|v| matches!(v, Verdict::Stayed)),
        )
    }

    /// Whether every recorded move is allowed and every row was read.
    pub fn clean(&self) -> bool {
        self.illegal().next().is_none() && self.data_errors().next().is_none()
    }
}

/// Audits every row of the log read from `log` against transition set `t`; conditions count
/// from `today`.
pub fn audit(
    program: &Program,
    t: TransId,
    today: Date,
    log: &mut dyn RecordSource,
    from: &str,
    to: &str,
) -> Result<Audit, Vec<LogProblem>> {
    let io = |e: std::io::Error| vec![LogProblem::Io(e.to_string())];
    let Some(header) = log.header().map_err(io)? else {
        return Err(vec![LogProblem::Empty]);
    };
    let cols = bind(program, &header, from, to)?;
    let program = &absent_unknown(program, t, &cols);
    let pops = Pops::default();
    let ctx = Ctx { program, today, pops: &pops };
    let g = Graph::new(program, t);
    let mut audit = Audit::default();
    let mut index = 0;
    let mut record = ByteRecord::new();
    while log.next_record(&mut record).map_err(io)? {
        let line = log.line();
        audit.rows.push(row(&ctx, &g, &cols, &record, index, line));
        index += 1;
    }
    Ok(audit)
}

/// The program as the audit evaluates it: a field the log has no column for is unknown, not
/// empty, so `X is present` and `X is missing` on it are unknown rather than false and true.
pub fn absent_unknown(program: &Program, t: TransId, cols: &Columns) -> Program {
    let mut p = program.clone();
    // The stage field is read from the `from` column.
    let absent = |f: usize| cols.fields[f].is_none() && f != program.transitions[t].field;
    let fix = |e: &mut Expr| unknown_presence(e, &|f| absent(f));
    p.lets.iter_mut().for_each(|b| fix(&mut b.expr));
    p.scores.iter_mut().for_each(|b| fix(&mut b.expr));
    for set in &mut p.transitions {
        set.moves.iter_mut().filter_map(|m| m.cond.as_mut()).for_each(fix);
    }
    p
}

/// Rewrites `X is present` / `X is missing` over an absent field into a comparison that is
/// unknown (the field with itself), keeping the place in the source for explanations.
fn unknown_presence(e: &mut Expr, absent: &dyn Fn(usize) -> bool) {
    if let K::Present(x, _) = &e.kind {
        if let Some(f) = first_field(x).filter(|&f| absent(f)) {
            let field =
                |loc: &crate::diag::Loc| Box::new(Expr { kind: K::Field(f), ty: Type::Error, loc: loc.clone() });
            e.kind = K::Cmp(CmpOp::Eq, field(&x.loc), field(&x.loc));
            return;
        }
    }
    for c in e.children_mut() {
        unknown_presence(c, absent);
    }
}

/// The first field an expression reads directly (lets are rewritten on their own).
fn first_field(e: &Expr) -> Option<usize> {
    let mut first = None;
    e.visit(&mut |x| {
        if let (None, Some(Named::Field(f))) = (first, x.named()) {
            first = Some(f);
        }
        first.is_none()
    });
    first
}

fn cell(record: &ByteRecord, i: usize) -> String {
    String::from_utf8_lossy(record.get(i).unwrap_or(b"")).trim().to_string()
}

/// Audits one log row (`index` 0 is the first row after the header).
pub fn row(ctx: &Ctx<'_>, g: &Graph<'_>, cols: &Columns, record: &ByteRecord, index: usize, line: u64) -> Finding {
    let key = cols.key.map(|k| cell(record, k)).filter(|k| !k.is_empty());
    let (from, to) = (cell(record, cols.from), cell(record, cols.to));
    let mut finding =
        Finding { row: index + 2, line, key, from: from.clone(), to: to.clone(), verdict: Verdict::Stayed };
    finding.verdict = match (stage(g, &from), stage(g, &to)) {
        (Err(problem), _) => Verdict::DataError(RowError::Stage { to: false, problem }),
        (_, Err(problem)) => Verdict::DataError(RowError::Stage { to: true, problem }),
        (Ok(a), Ok(b)) if a == b => Verdict::Stayed,
        (Ok(a), Ok(b)) => {
            let mut frame = Frame::new(ctx.program);
            match load(ctx.program, cols, record, &mut frame) {
                Err(e) => Verdict::DataError(RowError::Data(e)),
                Ok(()) => {
                    frame.fields[g.set.field] = Value::Member(a as u32);
                    judge(ctx, g, a, b, &mut frame)
                }
            }
        }
    };
    finding
}

/// The level of the set's ladder named by a cell.
fn stage(g: &Graph<'_>, text: &str) -> Result<usize, StageProblem> {
    let ladder = &g.program.ladders[g.set.ladder];
    if text.is_empty() {
        return Err(StageProblem::Empty);
    }
    ladder.level(text).ok_or_else(|| {
        let levels: Vec<String> = ladder.rules.iter().map(|r| r.level.clone()).collect();
        let suggestion = closest(text, levels.iter().map(String::as_str)).map(String::from);
        StageProblem::NotALevel { text: text.to_string(), ladder: ladder.name.clone(), suggestion, levels }
    })
}

/// Reads the fields the log carries.
fn load<'a>(
    program: &Program,
    cols: &Columns,
    record: &'a ByteRecord,
    frame: &mut Frame<'a>,
) -> Result<(), Vec<DataProblem>> {
    let mut errors = Vec::new();
    for (i, field) in program.fields.iter().enumerate() {
        let Some(c) = cols.fields[i] else { continue };
        let text = std::str::from_utf8(record.get(c).unwrap_or(b"")).unwrap_or("\u{fffd}");
        match read(program, field, text) {
            Ok(v) => frame.fields[i] = v,
            Err(e) => errors.push(DataProblem {
                at: At::Column(field.column.clone()),
                field: field.name.clone(),
                value: text.trim().to_string(),
                kind: DataKind::NotA(e),
            }),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Whether the set allows the move `a → b` for the record in `frame`.
fn judge<'a>(ctx: &Ctx<'a>, g: &Graph<'a>, a: usize, b: usize, frame: &mut Frame<'a>) -> Verdict {
    let program = ctx.program;
    let set = g.set;
    let (from, to) = (g.name(a).to_string(), g.name(b).to_string());
    if set.is_final(a) {
        return Verdict::Illegal(Illegal::FromFinal { from });
    }
    let ways: Vec<usize> = set.leaving(a).filter(|(_, m)| m.to == b).map(|(i, _)| i).collect();
    if ways.is_empty() {
        let targets = g.targets(a).into_iter().map(|s| g.name(s).to_string()).collect();
        return Verdict::Illegal(Illegal::NoRule { from, to, targets });
    }
    let mut unknown = None;
    for &i in &ways {
        match &set.moves[i].cond {
            None => return Verdict::Allowed { mv: i, checked: true },
            Some(c) => match ctx.eval(c, frame) {
                Value::Bool(true) => return Verdict::Allowed { mv: i, checked: true },
                Value::Bool(false) => {}
                _ => unknown = unknown.or(Some(i)),
            },
        }
    }
    if let Some(i) = unknown {
        return Verdict::Allowed { mv: i, checked: false };
    }
    let first = &set.moves[ways[0]];
    let deciding = first.cond.as_ref().map_or(vec![], |c| {
        let node = trace(ctx, c, frame, true);
        node.deciding().into_iter().cloned().collect()
    });
    let (place, rule) = (program.file_line(&first.loc), super::draw::label(program, first));
    Verdict::Illegal(Illegal::False { from, to, place, rule, deciding, more: ways.len() - 1 })
}
