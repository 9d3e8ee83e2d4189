//! Rules compiled to one SQL `SELECT` over a table of records, for DuckDB, PostgreSQL, Spark,
//! MySQL (MariaDB, Doris, StarRocks) and ClickHouse, with the results `ladder run` gives.
//! docs/design/sql.md explains the shape of the statement and why each piece is written so.

mod dialect;
mod rows;

pub use dialect::{ColumnType, Dialect, NUM_SCALE};
pub use rows::{rows, Inexact, RowsReport};

use crate::cell::{Duration, MISSING_MARKERS};
use crate::diag::{Diagnostic, Problem};
use crate::eval::{Ctx, Frame, Pops};
use crate::ir::{ArithOp, CmpOp, Const, Expr, ExprKind as K, FieldType, Group, Named, PopFn, Program, Type};
use crate::value::{format_number, Decimal, Value};
use jiff::civil::Date;

/// What to compile.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub dialect: Dialect,
    /// The table of records, as written in SQL (it may name a schema: `crm.customers`).
    pub table: &'a str,
    /// `today`; `None` is the engine's current date.
    pub as_of: Option<Date>,
    /// Wrap the statement in `CREATE OR REPLACE VIEW` with this name.
    pub view: Option<&'a str>,
}

/// The `SELECT` (or `CREATE OR REPLACE VIEW`) statement giving, for every row of the table, its
/// key column(s) and the result columns of `ladder run` (without `error`); or why a construct
/// cannot be written for the dialect.
pub fn compile(program: &Program, options: &Options) -> Result<String, Vec<Diagnostic>> {
    let mut c = Compiler::new(program, options);
    let statement = c.statement();
    if c.problems.is_empty() {
        Ok(statement)
    } else {
        Err(c.problems)
    }
}

/// The column type each field is read from, by the field's type.
pub fn column_type(ty: &FieldType) -> ColumnType {
    match ty {
        FieldType::Bool => ColumnType::Bool,
        FieldType::Number => ColumnType::Number,
        FieldType::Money => ColumnType::Money,
        FieldType::Text | FieldType::OneOf(_) | FieldType::Grade(_) => ColumnType::Text,
        FieldType::Date => ColumnType::Date,
    }
}

/// The `CREATE TABLE` statement of the table the rules read: one column per field, named by its
/// data header.
pub fn ddl(program: &Program, dialect: Dialect, table: &str) -> String {
    let columns: Vec<String> = program
        .fields
        .iter()
        .map(|f| format!("  {} {}", dialect.ident(&f.column), dialect.column_type(column_type(&f.ty))))
        .collect();
    format!("CREATE TABLE {table} (\n{}\n){};\n", columns.join(",\n"), dialect.table_tail())
}

/// A value computed once per row, in a CTE of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Let(usize),
    Score(usize),
    /// A population value: its argument, then its window.
    Pop(usize),
    Ladder(usize),
}

struct Compiler<'p> {
    p: &'p Program,
    d: Dialect,
    today: String,
    as_of: Option<Date>,
    table: &'p str,
    view: Option<&'p str>,
    problems: Vec<Diagnostic>,
}

impl<'p> Compiler<'p> {
    fn new(p: &'p Program, o: &Options<'p>) -> Self {
        let today = o.as_of.map_or_else(|| o.dialect.current_date().to_string(), |d| o.dialect.date(d));
        Compiler { p, d: o.dialect, today, as_of: o.as_of, table: o.table, view: o.view, problems: Vec::new() }
    }

    fn statement(&mut self) -> String {
        // Each value is computed in the first CTE after every value it reads: CTE `k` adds the
        // columns of level `k`, so the chain is as long as the longest chain of names, not as
        // long as the list of them (Spark's analyzer gives up on long chains).
        let mut levels: Vec<Vec<(String, String)>> = Vec::new();
        let at = |levels: &mut Vec<Vec<(String, String)>>, k: usize, column: String, expr: String| {
            while levels.len() <= k {
                levels.push(Vec::new());
            }
            levels[k].push((column, expr));
        };
        let mut ready: Vec<(Node, usize)> = Vec::new();
        let available = |ready: &[(Node, usize)], reads: &[Node]| {
            reads.iter().filter_map(|r| ready.iter().find(|(n, _)| n == r).map(|(_, k)| *k)).max().unwrap_or(0)
        };
        for node in self.order() {
            let k = available(&ready, &self.reads(node)) + 1;
            let done = match node {
                Node::Let(i) => {
                    let e = self.expr(&self.p.lets[i].expr);
                    at(&mut levels, k, format!("_l{i}"), e);
                    k
                }
                Node::Score(i) => {
                    let e = self.expr(&self.p.scores[i].expr);
                    at(&mut levels, k, format!("_s{i}"), e);
                    k
                }
                Node::Ladder(l) => {
                    let e = self.ladder(l);
                    at(&mut levels, k, format!("_g{l}"), e);
                    k
                }
                Node::Pop(i) => {
                    let e = self.expr(&self.p.pops[i].arg);
                    at(&mut levels, k, format!("_a{i}"), e);
                    let e = self.window(i);
                    at(&mut levels, k + 1, format!("_p{i}"), e);
                    k + 1
                }
            };
            ready.push((node, done));
        }
        let k = ready.iter().map(|(_, k)| *k).max().unwrap_or(0) + 1;
        for t in 0..self.p.transitions.len() {
            let e = self.moved(t);
            at(&mut levels, k, format!("_t{t}"), e);
        }
        let tail = self.d.cte_tail();
        let mut ctes = vec![format!("_in AS (SELECT {} FROM {}{tail})", self.inputs().join(", "), self.table)];
        for columns in levels.into_iter().filter(|c| !c.is_empty()) {
            let before = if ctes.len() == 1 { "_in".to_string() } else { format!("_c{}", ctes.len() - 1) };
            let columns: Vec<String> = columns.into_iter().map(|(c, e)| format!("{e} AS {c}")).collect();
            ctes.push(format!("_c{} AS (SELECT *, {} FROM {before}{tail})", ctes.len(), columns.join(",\n    ")));
        }
        let last = if ctes.len() == 1 { "_in".to_string() } else { format!("_c{}", ctes.len() - 1) };
        let select = format!("WITH {}\nSELECT {}\nFROM {last}", ctes.join(",\n"), self.outputs().join(",\n  "));
        match self.view {
            Some(view) => format!("CREATE OR REPLACE VIEW {view} AS\n{select};\n"),
            None => format!("{select};\n"),
        }
    }

    /// The key columns as `_k0`…, and every field read as Ladder reads its cell, as `_f0`….
    fn inputs(&self) -> Vec<String> {
        let d = self.d;
        let keys = self.p.fields.iter().filter(|f| f.key).enumerate();
        let mut out: Vec<String> = keys.map(|(k, f)| format!("{} AS _k{k}", d.ident(&f.column))).collect();
        for (i, f) in self.p.fields.iter().enumerate() {
            let c = d.ident(&f.column);
            let read = match &f.ty {
                FieldType::Bool | FieldType::Date => c,
                FieldType::Number | FieldType::Money => d.read_number(&c),
                FieldType::Text => {
                    let trimmed = d.trim(&c);
                    let markers = MISSING_MARKERS.iter().map(|m| m.to_string()).chain(self.p.missing.iter().cloned());
                    let markers: Vec<String> =
                        markers.map(|m| d.bytes(&d.text(&m.to_ascii_uppercase()))).collect::<Vec<_>>();
                    let upper = d.bytes(&d.upper(&trimmed));
                    format!("CASE WHEN {upper} IN ({}) THEN NULL ELSE {trimmed} END", markers.join(", "))
                }
                FieldType::OneOf(members) => self.member(&c, members.iter().map(String::as_str)),
                FieldType::Grade(l) => self.member(&c, self.p.levels(*l)),
            };
            out.push(format!("{read} AS _f{i}"));
        }
        out
    }

    /// A member's index from its name (trimmed); any other text is NULL.
    fn member<'a>(&self, column: &str, names: impl Iterator<Item = &'a str>) -> String {
        let d = self.d;
        let cell = d.bytes(&d.trim(column));
        let whens: Vec<String> =
            names.enumerate().map(|(i, m)| format!("WHEN {cell} = {} THEN {i}", d.bytes(&d.text(m)))).collect();
        if whens.is_empty() {
            "NULL".into()
        } else {
            format!("CASE {} END", whens.join(" "))
        }
    }

    /// Lets, scores, population values and ladders, each after everything it reads.
    fn order(&self) -> Vec<Node> {
        let p = self.p;
        let mut roots: Vec<Node> =
            (0..p.lets.len()).filter(|&i| p.lets[i].expr.ty != Type::Duration).map(Node::Let).collect();
        roots.extend((0..p.scores.len()).map(Node::Score));
        roots.extend((0..p.pops.len()).map(Node::Pop));
        roots.extend((0..p.ladders.len()).map(Node::Ladder));
        let mut done = Vec::new();
        let mut busy = Vec::new();
        for n in roots {
            self.visit(n, &mut done, &mut busy);
        }
        done
    }

    fn visit(&self, n: Node, done: &mut Vec<Node>, busy: &mut Vec<Node>) {
        // A checked program has no cycle; `busy` ends one should it slip through.
        if done.contains(&n) || busy.contains(&n) {
            return;
        }
        busy.push(n);
        for r in self.reads(n) {
            self.visit(r, done, busy);
        }
        busy.retain(|&b| b != n);
        done.push(n);
    }

    /// The lets, scores, population values and ladders a value reads directly.
    fn reads(&self, n: Node) -> Vec<Node> {
        let p = self.p;
        let exprs: Vec<&Expr> = match n {
            Node::Let(i) => vec![&p.lets[i].expr],
            Node::Score(i) => vec![&p.scores[i].expr],
            Node::Pop(i) => vec![&p.pops[i].arg],
            Node::Ladder(l) => p.ladders[l].rules.iter().filter_map(|r| r.cond.as_ref()).collect(),
        };
        let mut reads = Vec::new();
        for e in exprs {
            e.visit(&mut |x| {
                match x.named() {
                    Some(Named::Let(i)) if p.lets[i].expr.ty != Type::Duration => reads.push(Node::Let(i)),
                    Some(Named::Score(i)) => reads.push(Node::Score(i)),
                    Some(Named::Pop(i)) => reads.push(Node::Pop(i)),
                    Some(Named::Ladder(l)) => reads.push(Node::Ladder(l)),
                    Some(Named::Let(_)) | Some(Named::Field(_)) | None => {}
                }
                true
            });
        }
        reads
    }

    /// The index of the rule of ladder `l` that fires: the first whose condition is true.
    fn ladder(&mut self, l: usize) -> String {
        let p = self.p;
        let mut whens = Vec::new();
        for (i, r) in p.ladders[l].rules.iter().enumerate() {
            match &r.cond {
                Some(c) => whens.push(format!("WHEN {} THEN {i}", self.expr(c))),
                None if whens.is_empty() => return i.to_string(),
                None => return format!("CASE {} ELSE {i} END", whens.join(" ")),
            }
        }
        if whens.is_empty() {
            self.d.null_int().into()
        } else {
            format!("CASE {} END", whens.join(" "))
        }
    }

    /// The index of the move of transition set `t` that fires, by the current stage.
    fn moved(&mut self, t: usize) -> String {
        let p = self.p;
        let set = &p.transitions[t];
        let stage = format!("_f{}", set.field);
        let mut by_stage = Vec::new();
        for s in 0..p.ladders[set.ladder].rules.len() {
            let mut whens = Vec::new();
            for (i, m) in set.leaving(s) {
                let cond = match &m.cond {
                    Some(c) => self.expr(c),
                    None => self.d.bool(true).to_string(),
                };
                whens.push(format!("WHEN {cond} THEN {i}"));
            }
            if !whens.is_empty() {
                by_stage.push(format!("WHEN {stage} = {s} THEN CASE {} END", whens.join(" ")));
            }
        }
        if by_stage.is_empty() {
            self.d.null_int().into()
        } else {
            format!("CASE {} END", by_stage.join(" "))
        }
    }

    /// Population value `i` over its argument `_a{i}` (docs/language.md, "Scores"): ties share
    /// their lowest position, rows without a value take no part.
    fn window(&self, i: usize) -> String {
        let d = self.d;
        let a = format!("_a{i}");
        let part = format!("PARTITION BY {}", d.is_null(&a));
        let below = format!("(RANK() OVER ({part} ORDER BY {a}) - 1)");
        let n = format!("COUNT({a}) OVER ()");
        let num = d.num_type();
        let value = match self.p.pops[i].func {
            PopFn::Rank => format!("RANK() OVER ({part} ORDER BY {a} DESC)"),
            PopFn::Quintile => format!("1 + {}", d.int_div(&format!("5 * {below}"), &n)),
            PopFn::Percentile => {
                let share = d.div(&format!("CAST(100 * {below} AS {num})"), &format!("CAST({n} - 1 AS {num})"));
                format!("CASE WHEN {n} = 1 THEN 100 ELSE {} END", d.fit(&share))
            }
        };
        format!("CASE WHEN {a} IS NULL THEN NULL ELSE CAST({value} AS {num}) END")
    }

    /// The columns of the result, named as `ladder run` names them.
    fn outputs(&self) -> Vec<String> {
        let (p, d) = (self.p, self.d);
        let keys = p.fields.iter().filter(|f| f.key).enumerate();
        let mut out: Vec<String> = keys.map(|(k, f)| format!("_k{k} AS {}", d.ident(&f.column))).collect();
        let case = |on: &str, whens: Vec<(usize, String)>| {
            let whens: Vec<String> =
                whens.into_iter().map(|(i, v)| format!("WHEN {on} = {i} THEN {}", d.text(&v))).collect();
            if whens.is_empty() {
                d.null_text()
            } else {
                format!("CASE {} END", whens.join(" "))
            }
        };
        let mut columns = p.result_columns(false).into_iter().map(|c| c.name);
        let mut name = || d.ident(&columns.next().unwrap_or_default());
        for (l, ladder) in p.ladders.iter().enumerate() {
            let g = format!("_g{l}");
            let rules = ladder.rules.iter().enumerate();
            out.push(format!("{} AS {}", case(&g, rules.clone().map(|(i, r)| (i, r.level.clone())).collect()), name()));
            out.push(format!("{} AS {}", case(&g, rules.clone().map(|(i, r)| (i, r.label.clone())).collect()), name()));
            let lines = rules.clone().map(|(i, r)| (i, p.file_line(&r.loc))).collect();
            out.push(format!("{} AS {}", case(&g, lines), name()));
            for o in 0..ladder.outputs.len() {
                let given = rules.clone().filter_map(|(i, r)| Some((i, r.output(o)?.to_string()))).collect();
                out.push(format!("{} AS {}", case(&g, given), name()));
            }
        }
        for s in 0..p.scores.len() {
            out.push(format!("_s{s} AS {}", name()));
        }
        for (t, set) in p.transitions.iter().enumerate() {
            let (moved, stage) = (format!("_t{t}"), format!("_f{}", set.field));
            let levels: Vec<(usize, String)> = p.levels(set.ladder).map(str::to_string).enumerate().collect();
            let to = set.moves.iter().enumerate().map(|(i, m)| (i, levels[m.to].1.clone())).collect();
            let next = format!("CASE WHEN {moved} IS NULL THEN {} ELSE {} END", case(&stage, levels), case(&moved, to));
            out.push(format!("{next} AS {}", name()));
            let lines = set.moves.iter().enumerate().map(|(i, m)| (i, p.file_line(&m.loc))).collect();
            out.push(format!("{} AS {}", case(&moved, lines), name()));
        }
        out
    }

    /// One expression of the program as SQL: unknown is NULL.
    fn expr(&mut self, e: &Expr) -> String {
        let d = self.d;
        match &e.kind {
            K::Const(c) => self.constant(c, e),
            K::Today => self.today.clone(),
            K::Field(i) => format!("_f{i}"),
            K::Let(i) => format!("_l{i}"),
            K::Score(i) => format!("_s{i}"),
            K::Pop(i) => format!("_p{i}"),
            K::Ladder(l) => format!("_g{l}"),
            K::Not(x) => format!("(NOT {})", self.expr(x)),
            K::And(xs) | K::Group(Group::All, xs) => self.chain(xs, "AND"),
            K::Or(xs) | K::Group(Group::Any, xs) => self.chain(xs, "OR"),
            K::Group(Group::AtLeast(n), xs) => {
                let parts: Vec<String> = xs.iter().map(|x| self.expr(x)).collect();
                let yes: Vec<String> = parts.iter().map(|x| format!("CASE WHEN {x} THEN 1 ELSE 0 END")).collect();
                let maybe: Vec<String> = parts
                    .iter()
                    .map(|x| format!("CASE WHEN COALESCE({x}, {}) THEN 1 ELSE 0 END", d.bool(true)))
                    .collect();
                format!(
                    "CASE WHEN {} >= {n} THEN {} WHEN {} >= {n} THEN {} ELSE {} END",
                    sum(&yes),
                    d.bool(true),
                    sum(&maybe),
                    d.null_bool(),
                    d.bool(false)
                )
            }
            K::Cmp(_, a, b) if a.ty == Type::Duration || b.ty == Type::Duration => self.at_compile_time(e),
            K::Cmp(op, a, b) => {
                let (x, y) = (self.value(a), self.value(b));
                format!("({x} {} {y})", cmp(*op))
            }
            K::Arith(op, a, b) => {
                let (x, y) = (self.expr(a), self.expr(b));
                let computed = match op {
                    ArithOp::Add => format!("({x} + {y})"),
                    ArithOp::Sub => format!("({x} - {y})"),
                    ArithOp::Mul => d.mul(&x, &y),
                    ArithOp::Div => d.div(&x, &y),
                };
                d.fit(&computed)
            }
            K::Neg(x) => format!("(- {})", self.expr(x)),
            K::Present(x, present) => {
                format!("({} IS {}NULL)", self.expr(x), if *present { "NOT " } else { "" })
            }
            K::In(x, items, negated) => {
                let v = self.value(x);
                let text = x.ty == Type::Text;
                let items: Vec<String> = items
                    .iter()
                    .map(|c| {
                        let lit = self.constant(c, x);
                        if text {
                            d.bytes(&lit)
                        } else {
                            lit
                        }
                    })
                    .collect();
                let test = d.is_in(&v, &items);
                if *negated {
                    format!("(NOT {test})")
                } else {
                    test
                }
            }
            K::Contains(x, s) => {
                let x = self.expr(x);
                d.contains(&x, &d.text(s))
            }
            K::StartsWith(x, s) => {
                let x = self.expr(x);
                d.starts_with(&x, &d.text(s))
            }
            K::Shift(date, dur, sign) => {
                let date = self.expr(date);
                match self.duration(dur) {
                    Some(dur) => d.shift(&date, dur.amount.saturating_mul(i64::from(*sign)), dur.unit),
                    None => "NULL".into(),
                }
            }
            K::DaysBetween(a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                self.count(d.days(&b, &a))
            }
            K::Within(date, dur, next) => {
                let date = self.expr(date);
                let Some(dur) = self.duration(dur) else { return "NULL".into() };
                let today = self.today.clone();
                let (lo, hi) = if *next {
                    (today.clone(), d.shift(&today, dur.amount, dur.unit))
                } else {
                    (d.shift(&today, dur.amount.saturating_neg(), dur.unit), today)
                };
                format!("({date} >= {lo} AND {date} <= {hi})")
            }
            K::Before(a, b) => format!("({} < {})", self.expr(a), self.expr(b)),
            K::After(a, b) => format!("({} > {})", self.expr(a), self.expr(b)),
            K::Between(x, ..) if x.ty == Type::Duration => self.at_compile_time(e),
            K::Between(x, a, b) => {
                // Unknown when any of the three is missing, even when one end already fails.
                let (x, a, b) = (self.value(x), self.value(a), self.value(b));
                format!(
                    "CASE WHEN {x} IS NULL OR {a} IS NULL OR {b} IS NULL THEN {} \
                     ELSE ({x} >= CASE WHEN {a} <= {b} THEN {a} ELSE {b} END \
                     AND {x} <= CASE WHEN {a} <= {b} THEN {b} ELSE {a} END) END",
                    d.null_bool()
                )
            }
            K::DaysSince(x) => {
                let x = self.expr(x);
                self.count(d.days(&x, &self.today))
            }
            K::DaysUntil(x) => {
                let x = self.expr(x);
                self.count(d.days(&self.today, &x))
            }
        }
    }

    /// A value as compared: text byte-wise.
    fn value(&mut self, e: &Expr) -> String {
        let v = self.expr(e);
        if e.ty == Type::Text {
            self.d.bytes(&v)
        } else {
            v
        }
    }

    /// A whole number of days as a computed number.
    fn count(&self, days: String) -> String {
        format!("CAST({days} AS {})", self.d.num_type())
    }

    fn chain(&mut self, xs: &[Expr], op: &str) -> String {
        let parts: Vec<String> = xs.iter().map(|x| self.expr(x)).collect();
        format!("({})", parts.join(&format!(" {op} ")))
    }

    fn constant(&mut self, c: &Const, at: &Expr) -> String {
        let d = self.d;
        match c {
            Const::Bool(b) => d.bool(*b).to_string(),
            Const::Num(n) => {
                if fits(*n, d) {
                    d.number(&format_number(*n))
                } else {
                    self.cannot(at, crate::diag::SqlConstruct::Number(format_number(*n)));
                    "NULL".into()
                }
            }
            Const::Text(t) => d.text(t),
            Const::Date(date) => d.date(*date),
            Const::Member(m) => m.to_string(),
            Const::Duration(_) => {
                self.cannot(at, crate::diag::SqlConstruct::Duration);
                "NULL".into()
            }
        }
    }

    /// The length of time `e` stands for: a literal, or a let of one.
    fn duration(&mut self, e: &Expr) -> Option<Duration> {
        match &e.kind {
            K::Const(Const::Duration(d)) => Some(*d),
            K::Let(i) => {
                let p = self.p;
                self.duration(&p.lets[*i].expr)
            }
            K::Const(_) | K::Today | K::Field(_) | K::Score(_) | K::Pop(_) | K::Ladder(_) | K::Not(_) => None,
            K::And(_) | K::Or(_) | K::Group(..) | K::Cmp(..) | K::Arith(..) | K::Neg(_) | K::Present(..) => None,
            K::In(..) | K::Contains(..) | K::StartsWith(..) | K::Shift(..) | K::DaysBetween(..) => None,
            K::Within(..) | K::Before(..) | K::After(..) | K::Between(..) => None,
            K::DaysSince(_) | K::DaysUntil(_) => None,
        }
        .or_else(|| {
            self.cannot(e, crate::diag::SqlConstruct::Duration);
            None
        })
    }

    /// A condition on lengths of time alone, which the compiler decides: durations are never
    /// columns.
    fn at_compile_time(&mut self, e: &Expr) -> String {
        let mut reads_row = false;
        e.visit(&mut |x| {
            if matches!(x.kind, K::Field(_) | K::Score(_) | K::Pop(_) | K::Ladder(_) | K::Today) {
                reads_row = true;
            }
            true
        });
        if reads_row {
            self.cannot(e, crate::diag::SqlConstruct::Duration);
            return "NULL".into();
        }
        let pops = Pops::default();
        let today = self.as_of.unwrap_or(jiff::civil::date(2000, 1, 1));
        let ctx = Ctx { program: self.p, today, pops: &pops };
        let mut frame = Frame::new(self.p);
        match ctx.eval(e, &mut frame) {
            Value::Bool(b) => self.d.bool(b).to_string(),
            Value::Missing
            | Value::Num(_)
            | Value::Text(_)
            | Value::Date(_)
            | Value::Duration(_)
            | Value::Member(_) => self.d.null_bool().to_string(),
        }
    }

    fn cannot(&mut self, at: &Expr, what: crate::diag::SqlConstruct) {
        let problem = Problem::SqlCannotExpress { dialect: self.d.name().to_string(), what };
        self.problems.push(Diagnostic::new(problem, at.loc.clone()));
    }
}

/// Whether a number literal is held exactly by the computed type: any number of Ladder's in
/// PostgreSQL; elsewhere at most [`NUM_SCALE`] decimals, below 10^27.
fn fits(n: Decimal, d: Dialect) -> bool {
    let n = n.normalize();
    match d {
        Dialect::Postgres => true,
        Dialect::DuckDb | Dialect::Spark | Dialect::MySql | Dialect::ClickHouse => {
            n.scale() <= NUM_SCALE && n.abs() < Decimal::from_i128_with_scale(10i128.pow(27), 0)
        }
    }
}

fn sum(parts: &[String]) -> String {
    format!("({})", parts.join(" + "))
}

fn cmp(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "<>",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}
