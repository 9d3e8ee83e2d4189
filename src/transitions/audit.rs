//! `ladder audit`: checks a log of recorded stage moves against a transition set. A recorded
//! move FROM → TO is allowed when a move of the set that leaves FROM leads to TO and its condition
//! is not false for the log row. Fields the log carries are read like data; fields it lacks are
//! missing, so a condition that reads them is unknown and the move counts as allowed, unchecked.

use super::Graph;
use crate::diag::closest;
use crate::eval::{Ctx, Frame, Pops};
use crate::explain::trace;
use crate::ir::{CmpOp, Expr, ExprKind as K, Program, TransId, Type};
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

/// Binds the log's header: the `from` and `to` columns must be there; every declared field is
/// read when its column is there and missing otherwise.
pub fn bind(program: &Program, header: &[String], from: &str, to: &str) -> Result<Columns, String> {
    let find = |name: &str| header.iter().position(|h| h.trim() == name);
    let need = |name: &str, flag: &str| {
        find(name).ok_or_else(|| {
            let hint = closest(name, header.iter().map(String::as_str))
                .map(|c| format!(" The closest header is \"{c}\"; if that is the column, add `{flag} \"{c}\"`."))
                .unwrap_or_else(|| {
                    format!(" Name the column with `{flag} COLUMN`; the headers are: {}.", header.join(", "))
                });
            format!(
                "The log has no column \"{name}\" for the stage the customer moved {}.{hint}",
                if flag == "--from" { "from" } else { "to" }
            )
        })
    };
    let (from, to) = match (need(from, "--from"), need(to, "--to")) {
        (Ok(f), Ok(t)) => (f, t),
        (f, t) => return Err([f.err(), t.err()].into_iter().flatten().collect::<Vec<_>>().join("\n")),
    };
    let fields: Vec<Option<usize>> = program.fields.iter().map(|f| find(&f.column)).collect();
    let key = program.fields.iter().position(|f| f.key).and_then(|k| fields[k]);
    Ok(Columns { from, to, key, fields, width: header.len() })
}

/// What the audit says about one log row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A move allows it; `checked` is false when its condition was unknown for the row.
    Allowed { mv: usize, checked: bool },
    /// FROM and TO are the same stage: no move was made.
    Stayed,
    /// No move allows it; why, in words.
    Illegal(String),
    /// The row cannot be read.
    DataError(String),
}

/// One audited log row.
#[derive(Debug, Clone, PartialEq, Eq)]
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
) -> Result<Audit, String> {
    let Some(header) = log.header().map_err(|e| e.to_string())? else {
        return Err("The log is empty: a header row naming the columns is required.".into());
    };
    let cols = bind(program, &header, from, to)?;
    let program = &absent_unknown(program, t, &cols);
    let pops = Pops::default();
    let ctx = Ctx { program, today, pops: &pops };
    let g = Graph::new(program, t);
    let mut audit = Audit::default();
    let mut index = 0;
    let mut record = ByteRecord::new();
    while log.next_record(&mut record).map_err(|e| e.to_string())? {
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
    match &mut e.kind {
        K::Not(x) | K::Neg(x) | K::Present(x, _) | K::In(x, _, _) | K::Contains(x, _) | K::StartsWith(x, _) => {
            unknown_presence(x, absent)
        }
        K::DaysSince(x) | K::DaysUntil(x) => unknown_presence(x, absent),
        K::And(xs) | K::Or(xs) | K::AtLeast(_, xs) => xs.iter_mut().for_each(|x| unknown_presence(x, absent)),
        K::Cmp(_, a, b)
        | K::Arith(_, a, b)
        | K::Shift(a, b, _)
        | K::DaysBetween(a, b)
        | K::Within(a, b, _)
        | K::Before(a, b)
        | K::After(a, b) => {
            unknown_presence(a, absent);
            unknown_presence(b, absent);
        }
        _ => {}
    }
}

/// The first field an expression reads directly (lets are rewritten on their own).
fn first_field(e: &Expr) -> Option<usize> {
    match &e.kind {
        K::Field(f) => Some(*f),
        _ => e.children().into_iter().find_map(first_field),
    }
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
        (Err(e), _) => Verdict::DataError(format!("column from: {e}")),
        (_, Err(e)) => Verdict::DataError(format!("column to: {e}")),
        (Ok(a), Ok(b)) if a == b => Verdict::Stayed,
        (Ok(a), Ok(b)) => {
            let mut frame = Frame::new(ctx.program);
            match load(ctx.program, cols, record, &mut frame) {
                Err(e) => Verdict::DataError(e),
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
fn stage(g: &Graph<'_>, text: &str) -> Result<usize, String> {
    let ladder = &g.program.ladders[g.set.ladder];
    if text.is_empty() {
        return Err("the cell is empty; write the stage".into());
    }
    ladder.level(text).ok_or_else(|| {
        let levels: Vec<&str> = ladder.rules.iter().map(|r| r.level.as_str()).collect();
        match closest(text, levels.iter().copied()) {
            Some(c) => format!("\"{text}\" is not a level of {}; did you mean {c}?", ladder.name),
            None => format!("\"{text}\" is not a level of {} (the levels are {})", ladder.name, levels.join(", ")),
        }
    })
}

/// Reads the fields the log carries.
fn load<'a>(program: &Program, cols: &Columns, record: &'a ByteRecord, frame: &mut Frame<'a>) -> Result<(), String> {
    let mut errors = Vec::new();
    for (i, field) in program.fields.iter().enumerate() {
        let Some(c) = cols.fields[i] else { continue };
        let text = std::str::from_utf8(record.get(c).unwrap_or(b"")).unwrap_or("\u{fffd}");
        match read(program, field, text) {
            Ok(v) => frame.fields[i] = v,
            Err(e) => errors.push(format!("column {}: \"{}\" is not {}", field.column, text.trim(), e.expected)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Whether the set allows the move `a → b` for the record in `frame`.
fn judge<'a>(ctx: &Ctx<'a>, g: &Graph<'a>, a: usize, b: usize, frame: &mut Frame<'a>) -> Verdict {
    let program = ctx.program;
    let set = g.set;
    let (from, to) = (g.name(a), g.name(b));
    if set.is_final(a) {
        return Verdict::Illegal(format!("{from} is final: no rule moves a customer out of it"));
    }
    let ways: Vec<usize> = set.leaving(a).filter(|(_, m)| m.to == b).map(|(i, _)| i).collect();
    if ways.is_empty() {
        let targets = g.targets(a);
        let lead = if targets.is_empty() {
            format!("no rule leaves {from}")
        } else {
            format!("from {from} the rules lead to {}", g.names(&targets))
        };
        return Verdict::Illegal(format!("no rule moves {from} to {to} ({lead})"));
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
    let cond = first.cond.as_ref().map_or(String::new(), |c| {
        let node = trace(ctx, c, frame, true);
        let why: Vec<String> = node.deciding().iter().map(|n| n.phrase()).collect();
        format!(": {}", why.join(" "))
    });
    let more = match ways.len() {
        1 => String::new(),
        n => format!(" (and {} more rules from {from} to {to}, all false)", n - 1),
    };
    let rule = super::draw::label(program, first);
    Verdict::Illegal(format!(
        "the rule {from} -> {to} ({}) needs {rule}, which is false for this row{cond}{more}",
        program.file_line(&first.loc)
    ))
}
