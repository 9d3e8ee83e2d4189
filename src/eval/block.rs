//! The conditions of the ladders and transitions evaluated for up to 64 records at once: each
//! condition's truth is two bit masks (true, false; neither is unknown), and `and`, `or`, `not`
//! and the groups are a few instructions for all the records together instead of a walk of the
//! tree for each. What is not logic is worked out record by record: a field against constants
//! (`is`, `in`, a comparison, `is present`, `within`) in a loop of its own that compares as
//! [`Ctx::eval`] does, anything else by [`Ctx::eval`], the one definition of every value. The
//! logic follows its three-valued rules, and works a part out only for the records that need it,
//! as it does (`tests` and the fuzz campaigns hold the two together).

use super::{compare, constant, Ctx, Frame};
use crate::ir::{CmpOp, Const, Depends, Expr, ExprKind as K, FieldId, FieldType, Fields, Group, LetId, Program, Type};
use crate::value::Value;
use jiff::civil::Date;
use std::collections::HashMap;

/// How many records a [`Plan`] evaluates at once.
pub const LANES: usize = 64;

/// Conditions deeper than this are evaluated record by record from there down (the plan is
/// made on a thread with the usual stack; records are graded on threads with a deep one).
const MAX_DEPTH: usize = 100;

/// The truth of a condition for each record of a group: bit `k` of `yes` (`no`) is set when it
/// is true (false) for record `k`; neither when unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Truth {
    pub yes: u64,
    pub no: u64,
}

impl Truth {
    /// The value of a yes/no field for record `k` whose cells were read as these bits: yes, no,
    /// or missing when neither.
    pub fn value(self, k: usize) -> Value<'static> {
        crate::value::BOOL_VALUES[(self.yes >> k & 1 | (self.no >> k & 1) << 1) as usize]
    }
}

/// An index into the truths a plan computes.
type Slot = usize;

#[derive(Debug)]
enum Op<'p> {
    Const(bool),
    /// The truth of a field's value.
    Field(FieldId),
    /// The truth of a yes/no field, kept as bits as its cells were read.
    Read(FieldId),
    Not(Slot),
    All(Vec<Slot>),
    Any(Vec<Slot>),
    AtLeast(u32, Vec<Slot>),
    /// `X is present` (true) / `X is missing` (false) of a field.
    Present(FieldId, bool),
    /// A `one of` or `grade` field, which holds a member or nothing, compared with members
    /// (bit `m` of `set` is member `m`); `negated` for `is not` and `not in`.
    Members {
        field: FieldId,
        set: u64,
        negated: bool,
    },
    /// A field compared with a value that is the same for every record (`.2`: the field is on
    /// the left).
    Compare(FieldId, CmpOp, bool, Value<'p>),
    /// A field `in` (`not in`: `.2`) a list of values.
    In(FieldId, Vec<Value<'p>>, bool),
    /// A date field `within` the first and last day of `.1`, both included (`None`, unknown for
    /// every record: the as-of date moved by the duration lies outside the calendar).
    Within(FieldId, Option<(Date, Date)>),
    /// Anything else, evaluated record by record.
    Each(&'p Expr),
}

/// The ladders' and transitions' conditions of a program, compiled once per run.
#[derive(Debug)]
pub struct Plan<'p> {
    ops: Vec<Op<'p>>,
    /// `rules[l][r]`: the slot of rule `r` of ladder `l` (`None`: `otherwise`).
    rules: Vec<Vec<Option<Slot>>>,
    /// `moves[t][m]`: the slot of move `m` of transition set `t` (`None`: `otherwise`).
    moves: Vec<Vec<Option<Slot>>>,
    /// `(let, slot)` of each yes/no let the conditions use.
    lets: Vec<(LetId, Slot)>,
    /// `from[t][m]`: the stages move `m` of set `t` is tried from, as bits; `None` for a set of
    /// more than 64 stages, whose moves are found record by record.
    from: Vec<Option<Vec<u64>>>,
}

/// What a plan worked out for a group of records: the truths it needed, each ladder's rule and
/// each transition set's move.
#[derive(Debug, Default)]
pub struct Group64 {
    truths: Vec<Truth>,
    /// `done[s]`: the records for which `truths[s]` was worked out.
    done: Vec<u64>,
    /// `fired[l * LANES + k]`: the rule of ladder `l` that fires for record `k`.
    fired: Vec<Option<usize>>,
    /// `moved[t * LANES + k]`: the move of transition set `t` that fires for record `k`, and
    /// the level it moves to.
    moved: Vec<Option<(usize, usize)>>,
}

impl Group64 {
    /// The rule of ladder `l` that fires for record `k` of the group, as [`Ctx::grade`] gives it.
    pub fn fired(&self, l: usize, k: usize) -> Option<usize> {
        self.fired[l * LANES + k]
    }

    /// The move of transition set `t` that fires for record `k` and the level it moves to, as
    /// [`Ctx::next_stage`] gives it.
    pub fn moved(&self, t: usize, k: usize) -> Option<(usize, usize)> {
        self.moved[t * LANES + k]
    }
}

impl<'p> Plan<'p> {
    /// The plan of `program`'s conditions on the as-of date `today`; the truths of the fields
    /// for which `read` holds are given to [`Plan::eval`] as bits.
    pub fn new(program: &'p Program, today: Date, read: impl Fn(FieldId) -> bool) -> Self {
        let fields = HashMap::new();
        let mut c = Compiler { program, today, read: &read, ops: vec![], fields, lets: HashMap::new() };
        let rules =
            program.ladders.iter().map(|l| l.rules.iter().map(|r| r.cond.as_ref().map(|e| c.slot(e, 0))).collect());
        let rules = rules.collect();
        let moves =
            program.transitions.iter().map(|t| t.moves.iter().map(|m| m.cond.as_ref().map(|e| c.slot(e, 0))).collect());
        let moves = moves.collect();
        let from = program.transitions.iter().map(|t| {
            let stages = program.levels(t.ladder).count();
            (stages <= LANES).then(|| {
                let mut from = vec![0u64; t.moves.len()];
                for s in 0..stages {
                    t.leaving(s).for_each(|(i, _)| from[i] |= 1 << s);
                }
                from
            })
        });
        let lets = c.lets.into_iter().filter(|&(i, _)| program.lets[i].expr.ty == Type::Bool).collect();
        Plan { ops: c.ops, rules, moves, lets, from: from.collect() }
    }

    /// The fields whose values [`Plan::eval`] reads from the records' frames: those of the
    /// conditions worked out record by record, of the fields compared with constants, and the
    /// transition sets' stages. A field given to [`Plan::new`] as read is not among them unless
    /// a condition worked out record by record reads it.
    pub fn frame_fields(&self, program: &Program, depends: &Depends) -> Fields {
        let mut set = Fields::default();
        for op in &self.ops {
            match op {
                Op::Const(_) | Op::Read(_) | Op::Not(_) | Op::All(_) | Op::Any(_) | Op::AtLeast(..) => {}
                Op::Field(f)
                | Op::Present(f, _)
                | Op::Members { field: f, .. }
                | Op::Compare(f, ..)
                | Op::In(f, ..)
                | Op::Within(f, _) => set.insert(*f),
                Op::Each(e) => set.extend(&depends.of_expr(program, e)),
            }
        }
        for t in &program.transitions {
            set.insert(t.field);
        }
        set
    }

    /// Keeps in `frame` what the plan worked out for record `k` of `group`: the value of each
    /// yes/no let and the rule each ladder fires, which the `_why` cells would compute again.
    pub fn remember(&self, group: &Group64, k: usize, frame: &mut Frame<'_>) {
        for &(i, slot) in self.lets.iter().filter(|&&(_, slot)| group.done[slot] >> k & 1 == 1) {
            let t = group.truths[slot];
            frame.lets[i] = Some(match (t.yes >> k & 1, t.no >> k & 1) {
                (1, _) => Value::Bool(true),
                (_, 1) => Value::Bool(false),
                _ => Value::Missing,
            });
        }
        for l in 0..self.rules.len() {
            frame.assume_grade(l, group.fired(l, k));
        }
    }

    /// Works out, for the records in `frames` (at most [`LANES`]), the rule each ladder fires and
    /// the move each transition set makes, into `out`; `read[f]` is the truth of field `f` for the
    /// fields given as read to [`Plan::new`]. As [`Ctx`] does record by record, a condition is
    /// worked out only for the records that need it: those no earlier rule or move took, and
    /// within an `and` (`or`) those no earlier part made false (true).
    pub fn eval<'a>(&self, ctx: &Ctx<'p>, frames: &mut [Frame<'a>], read: &[Truth], out: &mut Group64)
    where
        'p: 'a,
    {
        debug_assert!(frames.len() <= LANES);
        let all = u64::MAX >> (LANES - frames.len().max(1));
        out.truths.clear();
        out.truths.resize(self.ops.len(), Truth::default());
        out.done.clear();
        out.done.resize(self.ops.len(), 0);
        let mut g = Eval { plan: self, ctx, frames, read, truths: &mut out.truths, done: &mut out.done };
        out.fired.clear();
        for rules in &self.rules {
            let mut left = all;
            let at = out.fired.len();
            out.fired.resize(at + LANES, None);
            for (r, slot) in rules.iter().enumerate() {
                if left == 0 {
                    break;
                }
                let fires = left & slot.map_or(all, |s| g.yes(s, left));
                left &= !fires;
                let mut bits = fires;
                while bits != 0 {
                    out.fired[at + bits.trailing_zeros() as usize] = Some(r);
                    bits &= bits - 1;
                }
            }
        }
        out.moved.clear();
        for (t, set) in ctx.program.transitions.iter().enumerate() {
            let at = out.moved.len();
            out.moved.resize(at + LANES, None);
            let Some(from) = &self.from[t] else {
                for k in 0..g.frames.len() {
                    let tried: Vec<_> = ctx.moves_tried(t, &g.frames[k]).collect();
                    let fires =
                        tried.into_iter().find(|&(i, _)| self.moves[t][i].is_none_or(|s| g.yes(s, 1 << k) != 0));
                    out.moved[at + k] = fires.map(|(i, m)| (i, m.to));
                }
                continue;
            };
            // `at_stage[s]`: the records at stage `s`.
            let mut at_stage = [0u64; LANES];
            for (k, frame) in g.frames.iter().enumerate() {
                if let Value::Member(s) = frame.fields[set.field] {
                    if let Some(rows) = at_stage.get_mut(s as usize) {
                        *rows |= 1 << k;
                    }
                }
            }
            let mut left = at_stage.iter().fold(0, |a, r| a | r);
            for (i, m) in set.moves.iter().enumerate() {
                let mut stages = from[i];
                let mut tried = 0;
                while stages != 0 {
                    tried |= at_stage[stages.trailing_zeros() as usize];
                    stages &= stages - 1;
                }
                let open = left & tried;
                if open == 0 {
                    continue;
                }
                let fires = open & self.moves[t][i].map_or(all, |s| g.yes(s, open));
                left &= !fires;
                let mut bits = fires;
                while bits != 0 {
                    out.moved[at + bits.trailing_zeros() as usize] = Some((i, m.to));
                    bits &= bits - 1;
                }
            }
        }
    }
}

/// One group's evaluation under way: `truths[s]` holds for the records in `done[s]`.
struct Eval<'e, 'p, 'a> {
    plan: &'e Plan<'p>,
    ctx: &'e Ctx<'p>,
    frames: &'e mut [Frame<'a>],
    read: &'e [Truth],
    truths: &'e mut [Truth],
    done: &'e mut [u64],
}

impl<'p: 'a, 'a> Eval<'_, 'p, 'a> {
    /// The records among `rows` for which the condition in slot `s` is true.
    fn yes(&mut self, s: Slot, rows: u64) -> u64 {
        self.ensure(s, rows);
        self.truths[s].yes & rows
    }

    /// Works out slot `s` for the records among `rows` not worked out yet.
    fn ensure(&mut self, s: Slot, rows: u64) {
        let need = rows & !self.done[s];
        if need == 0 {
            return;
        }
        let plan = self.plan;
        let frames = &mut *self.frames;
        let t = match &plan.ops[s] {
            Op::Const(true) => Truth { yes: need, no: 0 },
            Op::Const(false) => Truth { yes: 0, no: need },
            Op::Field(i) => each(frames, need, |f| f.fields[*i].truth()),
            Op::Read(i) => Truth { yes: self.read[*i].yes & need, no: self.read[*i].no & need },
            Op::Not(x) => {
                self.ensure(*x, need);
                Truth { yes: self.truths[*x].no & need, no: self.truths[*x].yes & need }
            }
            // Each part for the records no earlier part made false.
            Op::All(xs) => {
                let (mut open, mut yes, mut no) = (need, need, 0);
                for &x in xs {
                    if open == 0 {
                        break;
                    }
                    self.ensure(x, open);
                    let c = self.truths[x];
                    no |= c.no & open;
                    yes &= c.yes | !open;
                    open &= !c.no;
                }
                Truth { yes, no }
            }
            // Each part for the records no earlier part made true.
            Op::Any(xs) => {
                let (mut open, mut yes, mut no) = (need, 0, need);
                for &x in xs {
                    if open == 0 {
                        break;
                    }
                    self.ensure(x, open);
                    let c = self.truths[x];
                    yes |= c.yes & open;
                    no &= c.no | !open;
                    open &= !c.yes;
                }
                Truth { yes, no }
            }
            Op::AtLeast(n, xs) => {
                xs.iter().for_each(|&x| self.ensure(x, need));
                let mut t = Truth::default();
                let mut rows = need;
                while rows != 0 {
                    let k = rows.trailing_zeros();
                    rows &= rows - 1;
                    let yes = xs.iter().filter(|&&x| self.truths[x].yes >> k & 1 == 1).count();
                    let no = xs.iter().filter(|&&x| self.truths[x].no >> k & 1 == 1).count();
                    let n = *n as usize;
                    t.yes |= u64::from(yes >= n) << k;
                    t.no |= u64::from(xs.len() - no < n) << k;
                }
                t
            }
            Op::Present(i, present) => each(frames, need, |f| Some(f.fields[*i].is_missing() != *present)),
            Op::Members { field, set, negated } => each(frames, need, |f| match f.fields[*field] {
                Value::Member(m) => Some((m < 64 && set >> m & 1 == 1) != *negated),
                Value::Missing
                | Value::Bool(_)
                | Value::Num(_)
                | Value::Text(_)
                | Value::Date(_)
                | Value::Duration(_) => None,
            }),
            Op::Compare(i, op, left, v) => each(frames, need, |f| {
                let (a, b) = if *left { (f.fields[*i], *v) } else { (*v, f.fields[*i]) };
                compare(*op, a, b).truth()
            }),
            Op::In(i, items, negated) => each(frames, need, |f| match f.fields[*i] {
                Value::Missing => None,
                v => Some(items.iter().any(|&c| compare(CmpOp::Eq, v, c) == Value::Bool(true)) != *negated),
            }),
            Op::Within(i, range) => each(frames, need, |f| match (f.fields[*i], range) {
                (Value::Date(d), Some((lo, hi))) => Some(*lo <= d && d <= *hi),
                _ => None,
            }),
            Op::Each(e) => {
                let ctx = self.ctx;
                each(frames, need, |f| ctx.eval(e, f).truth())
            }
        };
        let old = self.truths[s];
        self.truths[s] = Truth { yes: old.yes & !need | t.yes & need, no: old.no & !need | t.no & need };
        self.done[s] |= need;
    }
}

/// The truth of `f` for the frames of the records among `rows`.
#[inline(always)]
fn each<'a>(frames: &mut [Frame<'a>], mut rows: u64, mut f: impl FnMut(&mut Frame<'a>) -> Option<bool>) -> Truth {
    let mut t = Truth::default();
    while rows != 0 {
        let k = rows.trailing_zeros();
        rows &= rows - 1;
        let v = f(&mut frames[k as usize]);
        t.yes |= u64::from(v == Some(true)) << k;
        t.no |= u64::from(v == Some(false)) << k;
    }
    t
}

struct Compiler<'p, 'r> {
    program: &'p Program,
    today: Date,
    read: &'r dyn Fn(FieldId) -> bool,
    ops: Vec<Op<'p>>,
    fields: HashMap<FieldId, Slot>,
    lets: HashMap<LetId, Slot>,
}

impl<'p> Compiler<'p, '_> {
    fn push(&mut self, op: Op<'p>) -> Slot {
        self.ops.push(op);
        self.ops.len() - 1
    }

    /// The slot holding the truth of `e`.
    fn slot(&mut self, e: &'p Expr, depth: usize) -> Slot {
        if depth > MAX_DEPTH {
            return self.push(Op::Each(e));
        }
        let all = |c: &mut Self, xs: &'p [Expr]| xs.iter().map(|x| c.slot(x, depth + 1)).collect::<Vec<_>>();
        match &e.kind {
            K::Const(Const::Bool(b)) => self.push(Op::Const(*b)),
            K::Field(i) => match self.fields.get(i) {
                Some(&s) => s,
                None => {
                    let s = self.push(if (self.read)(*i) { Op::Read(*i) } else { Op::Field(*i) });
                    self.fields.insert(*i, s);
                    s
                }
            },
            K::Let(i) => match self.lets.get(i) {
                Some(&s) => s,
                None => {
                    let program = self.program;
                    let s = self.slot(&program.lets[*i].expr, depth + 1);
                    self.lets.insert(*i, s);
                    s
                }
            },
            K::Not(x) => {
                let x = self.slot(x, depth + 1);
                self.push(Op::Not(x))
            }
            K::And(xs) | K::Group(Group::All, xs) => {
                let xs = all(self, xs);
                self.push(Op::All(xs))
            }
            K::Or(xs) | K::Group(Group::Any, xs) => {
                let xs = all(self, xs);
                self.push(Op::Any(xs))
            }
            K::Group(Group::AtLeast(n), xs) => {
                let xs = all(self, xs);
                self.push(Op::AtLeast(*n, xs))
            }
            K::Present(x, present) => match x.kind {
                K::Field(i) => self.push(Op::Present(i, *present)),
                _ => self.push(Op::Each(e)),
            },
            K::In(x, items, negated) => match (&x.kind, self.members(x, items)) {
                (K::Field(field), Some(set)) => self.push(Op::Members { field: *field, set, negated: *negated }),
                (K::Field(field), None) => self.push(Op::In(*field, items.iter().map(constant).collect(), *negated)),
                _ => self.push(Op::Each(e)),
            },
            K::Cmp(op, x, y) => match (&x.kind, &y.kind, self.fixed(x, 0), self.fixed(y, 0)) {
                (K::Field(field), K::Const(c), _, _)
                    if matches!(op, CmpOp::Eq | CmpOp::Ne) && self.members(x, std::slice::from_ref(c)).is_some() =>
                {
                    let set = self.members(x, std::slice::from_ref(c)).unwrap_or_default();
                    self.push(Op::Members { field: *field, set, negated: *op == CmpOp::Ne })
                }
                (K::Field(field), _, _, Some(v)) => self.push(Op::Compare(*field, *op, true, v)),
                (_, K::Field(field), Some(v), _) => self.push(Op::Compare(*field, *op, false, v)),
                _ => self.push(Op::Each(e)),
            },
            K::Within(x, d, next) => match (&x.kind, self.fixed(d, 0)) {
                (K::Field(field), Some(Value::Duration(d))) => {
                    let (lo, hi) = if *next {
                        (Some(self.today), d.add_to(self.today, 1))
                    } else {
                        (d.add_to(self.today, -1), Some(self.today))
                    };
                    self.push(Op::Within(*field, lo.zip(hi)))
                }
                _ => self.push(Op::Each(e)),
            },
            K::Const(_)
            | K::Today
            | K::Score(_)
            | K::Pop(_)
            | K::Ladder(_)
            | K::Arith(..)
            | K::Neg(_)
            | K::Contains(..)
            | K::StartsWith(..)
            | K::Shift(..)
            | K::DaysBetween(..)
            | K::Before(..)
            | K::After(..)
            | K::Between(..)
            | K::DaysSince(_)
            | K::DaysUntil(_) => self.push(Op::Each(e)),
        }
    }

    /// The members `items` name as bits, when `x` is a `one of` or `grade` field and every item
    /// is a member below 64.
    fn members(&self, x: &Expr, items: &[Const]) -> Option<u64> {
        let K::Field(f) = x.kind else { return None };
        match self.program.fields[f].ty {
            FieldType::OneOf(_) | FieldType::Grade(_) => {}
            FieldType::Text | FieldType::Number | FieldType::Money | FieldType::Bool | FieldType::Date => return None,
        }
        items.iter().try_fold(0, |set, c| match c {
            Const::Member(m) if *m < 64 => Some(set | 1 << m),
            Const::Member(_)
            | Const::Bool(_)
            | Const::Num(_)
            | Const::Text(_)
            | Const::Date(_)
            | Const::Duration(_) => None,
        })
    }

    /// The value of `e` when it is the same for every record: a constant, or a let of one.
    fn fixed(&self, e: &'p Expr, depth: usize) -> Option<Value<'p>> {
        match &e.kind {
            K::Const(c) => Some(constant(c)),
            K::Let(i) if depth < MAX_DEPTH => self.fixed(&self.program.lets[*i].expr, depth + 1),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Pops;
    use crate::ir::Program;

    /// Each ladder tells the truth of one condition: `T` true, `F` false, `U` unknown.
    const CONDITIONS: &[&str] = &[
        "a",
        "not a",
        "a and not b",
        "a or b",
        "all { a, b, c }",
        "any { a, not b, c }",
        "at least 2 of { a, b, c }",
        "at least 1 of { a, b }",
        "at least 3 of { a, b, c }",
        "m is x",
        "m is not y",
        "m in [x, z]",
        "m not in [y]",
        "n > k",
        "k >= n",
        "n = 5",
        "n != k",
        "t in [\"p\", \"q\"]",
        "t not in [\"p\"]",
        "t = \"q\"",
        "d within next 2 months",
        "d within last 10 days",
        "t is present",
        "n is missing",
        "t contains \"p\"",
        "(n + 1) > 5 or a",
        "s is G2 and g is G1",
        "true and a",
        "false or a",
    ];

    fn program() -> Program {
        let mut text = String::from(
            "fields {\n  a: bool\n  b: bool\n  c: bool\n  m: one of x, y, z\n  n: money\n  t: text\n  d: date\n  \
             s: grade g\n}\nlet k = 5\ngrades g {\n  G1 \"1\" if a and b\n  G2 \"2\" if c\n  G3 \"3\" otherwise\n}\n",
        );
        for (i, c) in CONDITIONS.iter().enumerate() {
            text += &format!("grades c{i} {{\n  T \"t\" if {c}\n  F \"f\" if not ({c})\n  U \"u\" otherwise\n}}\n");
        }
        text += "transitions 阶段 from s {\n  final G1\n  G3 -> G2 if a or m is x\n  G2, G3 -> G1 if at least 2 of { a, b, c }\n  \
                 * -> G3 if n > 5\n}\n";
        let checked = crate::check::check_text("t.ladder", &text);
        assert!(checked.diagnostics.iter().all(|d| !d.is_error()), "{:?}", checked.diagnostics);
        checked.program
    }

    /// Frames of every kind of value each field can hold, the ends of each range among them.
    fn frames(program: &Program, today: Date, count: usize) -> Vec<Frame<'static>> {
        let bools = [Value::Missing, Value::Bool(true), Value::Bool(false)];
        let members = [Value::Missing, Value::Member(0), Value::Member(1), Value::Member(2)];
        let nums = [Value::Missing, Value::Num(4.into()), Value::Num(5.into()), Value::Num(6.into())];
        let texts = [Value::Missing, Value::Text("p"), Value::Text("q"), Value::Text("rp")];
        let day = |d: i64| Value::Date(today.checked_add(jiff::Span::new().days(d)).unwrap());
        let months = |m: i64, d: i64| {
            Value::Date(
                today.checked_add(jiff::Span::new().months(m)).unwrap().checked_add(jiff::Span::new().days(d)).unwrap(),
            )
        };
        let dates = [Value::Missing, day(0), day(-1), day(1), day(-10), day(-11), months(2, 0), months(2, 1)];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut pick = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        (0..count)
            .map(|_| {
                let mut f = Frame::new(program);
                f.fields = vec![
                    bools[pick(3)],
                    bools[pick(3)],
                    bools[pick(3)],
                    members[pick(4)],
                    nums[pick(4)],
                    texts[pick(4)],
                    dates[pick(8)],
                    members[pick(4)],
                ];
                f
            })
            .collect()
    }

    /// Every condition, every rule and every move the plan works out for groups of records is
    /// what [`Ctx`] gives each record alone, whether yes/no fields come as bits or from frames.
    #[test]
    fn groups_grade_as_records_alone() {
        let program = program();
        let today = jiff::civil::date(2026, 11, 23);
        let pops = Pops::default();
        let ctx = Ctx { program: &program, today, pops: &pops };
        let mut frames = frames(&program, today, 64 * 5 + 37);
        let mut out = Group64::default();
        let mut seen = std::collections::HashSet::new();
        for read_bits in [false, true] {
            let is_bool = |f: FieldId| read_bits && program.fields[f].ty == crate::ir::FieldType::Bool;
            let plan = Plan::new(&program, today, is_bool);
            for group in frames.chunks_mut(LANES) {
                let mut read = vec![Truth::default(); program.fields.len()];
                for (k, f) in group.iter().enumerate() {
                    for (i, r) in read.iter_mut().enumerate().filter(|(i, _)| is_bool(*i)) {
                        r.yes |= u64::from(f.fields[i] == Value::Bool(true)) << k;
                        r.no |= u64::from(f.fields[i] == Value::Bool(false)) << k;
                    }
                }
                plan.eval(&ctx, group, &read, &mut out);
                for (k, f) in group.iter_mut().enumerate() {
                    f.clear_cache();
                    for l in 0..program.ladders.len() {
                        let alone = ctx.grade(l, f);
                        assert_eq!(out.fired(l, k), alone, "ladder {} of {:?}", program.ladders[l].name, f.fields);
                        seen.insert((l, alone));
                    }
                    assert_eq!(out.moved(0, k), ctx.next_stage(0, f), "the move of {:?}", f.fields);
                    seen.insert((usize::MAX, out.moved(0, k).map(|m| m.0)));
                }
            }
        }
        // Every condition was true, false and unknown for some record, and every move fired.
        for l in 1..program.ladders.len() {
            for r in [Some(0), Some(1), Some(2)] {
                let cond = CONDITIONS[l - 1];
                let never = matches!((cond, r), ("true and a" | "t is present" | "n is missing", Some(2)));
                assert!(never || seen.contains(&(l, r)), "`{cond}` never gave rule {r:?}");
            }
        }
        assert!((0..3).all(|m| seen.contains(&(usize::MAX, Some(m)))), "a move never fired");
    }

    /// A set of more than 64 stages, whose moves a plan finds record by record, moves each
    /// record as [`Ctx`] does.
    #[test]
    fn more_than_64_stages_move_as_records_alone() {
        let mut text = String::from("fields {\n  a: bool\n  b: bool\n  s: grade g\n}\ngrades g {\n");
        for i in 0..70 {
            text += &format!("  L{i} \"{i}\" if a and b\n");
        }
        text += "  L70 \"70\" otherwise\n}\ntransitions 阶段 from s {\n  final L0\n  L69 -> L0 if a\n  \
                 L1, L65 -> L2 if b\n  * -> L68 if a or b\n}\n";
        let checked = crate::check::check_text("t.ladder", &text);
        assert!(checked.diagnostics.iter().all(|d| !d.is_error()), "{:?}", checked.diagnostics);
        let program = checked.program;
        let today = jiff::civil::date(2026, 11, 23);
        let pops = Pops::default();
        let ctx = Ctx { program: &program, today, pops: &pops };
        let bools = [Value::Missing, Value::Bool(true), Value::Bool(false)];
        let stages = [0, 1, 2, 63, 64, 65, 69, 70];
        let mut frames: Vec<Frame> = (0..bools.len() * bools.len() * stages.len())
            .map(|i| {
                let mut f = Frame::new(&program);
                let s = Value::Member(stages[i % stages.len()]);
                f.fields = vec![bools[i / stages.len() % 3], bools[i / stages.len() / 3], s];
                f
            })
            .collect();
        let plan = Plan::new(&program, today, |_| false);
        assert!(plan.from[0].is_none(), "71 stages are found record by record");
        let mut out = Group64::default();
        let mut moved = std::collections::HashSet::new();
        for group in frames.chunks_mut(LANES) {
            plan.eval(&ctx, group, &[], &mut out);
            for (k, f) in group.iter_mut().enumerate() {
                assert_eq!(out.moved(0, k), ctx.next_stage(0, f), "the move of {:?}", f.fields);
                moved.insert(out.moved(0, k).map(|m| m.0));
            }
        }
        assert_eq!(moved.len(), 4, "every move fired, and some record stayed: {moved:?}");
    }
}
