//! Evaluation of a checked program over one record, with SQL's three-valued logic: a missing
//! value makes a comparison unknown (`Value::Missing`), and a rule fires only when true.

use crate::ir::{ArithOp, CmpOp, Const, Expr, ExprKind as K, Group, LadderId, Move, Program, ScoreId, TransId};
use crate::value::{Decimal, Value};
use jiff::civil::Date;

mod block;
mod population;

pub use block::{Group64, Plan, Truth, LANES};
pub use population::{rank_populations, Pops, Ranked, Sample};

/// What evaluation needs besides the record: the program, the as-of date, population values.
#[derive(Clone, Copy)]
pub struct Ctx<'p> {
    pub program: &'p Program,
    pub today: Date,
    pub pops: &'p Pops,
}

/// One record being evaluated: its field values and the lets, scores and levels computed so far.
#[derive(Debug, Clone)]
pub struct Frame<'a> {
    pub fields: Vec<Value<'a>>,
    lets: Vec<Option<Value<'a>>>,
    scores: Vec<Option<Value<'a>>>,
    /// `ladders[l]`: the rule of ladder `l` that fired (`Some(None)`: none), once computed.
    ladders: Vec<Option<Option<usize>>>,
    pops: Vec<Option<Value<'a>>>,
}

impl<'a> Frame<'a> {
    /// An empty frame for `program`: every field missing.
    pub fn new(program: &Program) -> Self {
        Frame {
            fields: vec![Value::Missing; program.fields.len()],
            lets: vec![None; program.lets.len()],
            scores: vec![None; program.scores.len()],
            ladders: vec![None; program.ladders.len()],
            pops: vec![None; program.pops.len()],
        }
    }

    /// Makes the frame ready for the next record.
    pub fn reset(&mut self) {
        self.fields.fill(Value::Missing);
        self.clear_cache();
    }

    /// Takes `fired` as the rule of `ladder` that fires for this record, without its conditions
    /// (the static analysis asks what a condition is for each level of another ladder).
    pub fn assume_grade(&mut self, ladder: LadderId, fired: Option<usize>) {
        if let Some(slot) = self.ladders.get_mut(ladder) {
            *slot = Some(fired);
        }
    }

    /// Takes `value` as score `score`'s value for this record, without its expression (the static
    /// analysis asks what a comparison of the score is for each of the score's cells).
    pub fn assume_score(&mut self, score: ScoreId, value: Value<'a>) {
        if let Some(slot) = self.scores.get_mut(score) {
            *slot = Some(value);
        }
    }

    /// Forgets computed lets, scores and levels (after a field changes).
    pub fn clear_cache(&mut self) {
        self.lets.fill(None);
        self.scores.fill(None);
        self.ladders.fill(None);
        self.pops.fill(None);
    }
}

impl<'p> Ctx<'p> {
    /// The value of `e` for the record in `f`.
    #[inline(always)]
    pub fn eval<'a>(&self, e: &'a Expr, f: &mut Frame<'a>) -> Value<'a>
    where
        'p: 'a,
    {
        // Most nodes are fields and lets already computed: answer those without a call.
        match &e.kind {
            K::Field(i) => f.fields[*i],
            K::Const(c) => constant(c),
            // A let is computed once per record, straight from its definition.
            K::Let(i) => match f.lets[*i] {
                Some(v) => v,
                None => {
                    let v = self.eval_node(&self.program.lets[*i].expr, f);
                    f.lets[*i] = Some(v);
                    v
                }
            },
            _ => self.eval_node(e, f),
        }
    }

    fn eval_node<'a>(&self, e: &'a Expr, f: &mut Frame<'a>) -> Value<'a>
    where
        'p: 'a,
    {
        use Value::*;
        match &e.kind {
            K::Const(c) => constant(c),
            K::Field(i) => f.fields[*i],
            K::Let(i) => match f.lets[*i] {
                Some(v) => v,
                None => {
                    let v = self.eval(&self.program.lets[*i].expr, f);
                    f.lets[*i] = Some(v);
                    v
                }
            },
            K::Score(i) => match f.scores[*i] {
                Some(v) => v,
                None => {
                    let v = self.eval(&self.program.scores[*i].expr, f);
                    f.scores[*i] = Some(v);
                    v
                }
            },
            // A row's place is looked up from its own argument.
            K::Pop(i) => match (f.pops[*i], self.pops.cols.get(*i)) {
                (Some(v), _) => v,
                (None, None) => Missing,
                (None, Some(ranked)) => {
                    let v = match self.eval(&self.program.pops[*i].arg, f) {
                        Num(x) => ranked.get(x).map_or(Missing, Num),
                        _ => Missing,
                    };
                    f.pops[*i] = Some(v);
                    v
                }
            },
            K::Ladder(l) => self.grade(*l, f).map_or(Missing, |i| Member(i as u32)),
            K::Not(x) => match self.eval(x, f) {
                Bool(b) => Bool(!b),
                _ => Missing,
            },
            K::And(xs) | K::Group(Group::All, xs) => {
                let mut unknown = false;
                for x in xs {
                    match self.eval(x, f) {
                        Bool(false) => return Bool(false),
                        Bool(true) => {}
                        _ => unknown = true,
                    }
                }
                if unknown {
                    Missing
                } else {
                    Bool(true)
                }
            }
            K::Or(xs) | K::Group(Group::Any, xs) => {
                let mut unknown = false;
                for x in xs {
                    match self.eval(x, f) {
                        Bool(true) => return Bool(true),
                        Bool(false) => {}
                        _ => unknown = true,
                    }
                }
                if unknown {
                    Missing
                } else {
                    Bool(false)
                }
            }
            K::Cmp(op, a, b) => {
                let (a, b) = (self.eval(a, f), self.eval(b, f));
                compare(*op, a, b)
            }
            K::Present(x, present) => Bool(self.eval(x, f).is_missing() != *present),
            K::In(x, items, negated) => match self.eval(x, f) {
                Missing => Missing,
                v => Bool(items.iter().any(|c| matches!(compare(CmpOp::Eq, v, constant(c)), Bool(true))) != *negated),
            },
            K::Today
            | K::Group(Group::AtLeast(_), _)
            | K::Arith(..)
            | K::Neg(_)
            | K::Contains(..)
            | K::StartsWith(..)
            | K::Shift(..)
            | K::DaysBetween(..)
            | K::Within(..)
            | K::Before(..)
            | K::Between(..)
            | K::After(..)
            | K::DaysSince(_)
            | K::DaysUntil(_) => self.eval_rest(e, f),
        }
    }

    /// The kinds of node conditions use less often, apart so that the frame of [`Ctx::eval_node`],
    /// entered for every `and`, `or`, `not` and comparison of every record, stays small (their
    /// dates and arithmetic made it 1 KB).
    #[inline(never)]
    fn eval_rest<'a>(&self, e: &'a Expr, f: &mut Frame<'a>) -> Value<'a>
    where
        'p: 'a,
    {
        use Value::*;
        match &e.kind {
            K::Today => Date(self.today),
            K::Group(Group::AtLeast(n), xs) => {
                let (mut yes, mut unknown) = (0usize, 0usize);
                for x in xs {
                    match self.eval(x, f) {
                        Bool(true) => yes += 1,
                        Bool(false) => {}
                        _ => unknown += 1,
                    }
                }
                let n = *n as usize;
                if yes >= n {
                    Bool(true)
                } else if yes + unknown >= n {
                    Missing
                } else {
                    Bool(false)
                }
            }
            K::Arith(op, a, b) => match (self.eval(a, f), self.eval(b, f)) {
                // Exact, as SQL's DECIMAL: a quotient is rounded to the 28–29 significant digits a
                // decimal holds; a result too large to hold, or a division by zero, is unknown.
                (Num(x), Num(y)) => match op {
                    ArithOp::Add => x.checked_add(y),
                    ArithOp::Sub => x.checked_sub(y),
                    ArithOp::Mul => x.checked_mul(y),
                    ArithOp::Div => x.checked_div(y),
                }
                .map_or(Missing, Num),
                _ => Missing,
            },
            K::Neg(x) => match self.eval(x, f) {
                Num(n) => Num(-n),
                _ => Missing,
            },
            K::Contains(x, s) => match self.eval(x, f) {
                Text(t) => Bool(t.contains(s.as_str())),
                _ => Missing,
            },
            K::StartsWith(x, s) => match self.eval(x, f) {
                Text(t) => Bool(t.starts_with(s.as_str())),
                _ => Missing,
            },
            K::Shift(d, dur, sign) => match (self.eval(d, f), self.eval(dur, f)) {
                (Date(d), Duration(dur)) => dur.add_to(d, *sign).map_or(Missing, Date),
                _ => Missing,
            },
            K::DaysBetween(a, b) => match (self.eval(a, f), self.eval(b, f)) {
                (Date(a), Date(b)) => Num(Decimal::from(days_between(b, a))),
                _ => Missing,
            },
            K::Within(d, dur, next) => match (self.eval(d, f), self.eval(dur, f)) {
                (Date(d), Duration(dur)) => {
                    let (lo, hi) = if *next {
                        (Some(self.today), dur.add_to(self.today, 1))
                    } else {
                        (dur.add_to(self.today, -1), Some(self.today))
                    };
                    match (lo, hi) {
                        (Some(lo), Some(hi)) => Bool(lo <= d && d <= hi),
                        _ => Missing,
                    }
                }
                _ => Missing,
            },
            K::Before(a, b) => compare(CmpOp::Lt, self.eval(a, f), self.eval(b, f)),
            K::Between(x, a, b) => {
                let (v, a, b) = (self.eval(x, f), self.eval(a, f), self.eval(b, f));
                let (low, high) = if matches!(compare(CmpOp::Le, a, b), Bool(false)) { (b, a) } else { (a, b) };
                match (compare(CmpOp::Ge, v, low), compare(CmpOp::Le, v, high)) {
                    (Bool(above), Bool(below)) => Bool(above && below),
                    _ => Missing,
                }
            }
            K::After(a, b) => compare(CmpOp::Gt, self.eval(a, f), self.eval(b, f)),
            K::DaysSince(d) => match self.eval(d, f) {
                Date(d) => Num(Decimal::from(days_between(d, self.today))),
                _ => Missing,
            },
            K::DaysUntil(d) => match self.eval(d, f) {
                Date(d) => Num(Decimal::from(days_between(self.today, d))),
                _ => Missing,
            },
            K::Const(_)
            | K::Field(_)
            | K::Let(_)
            | K::Score(_)
            | K::Pop(_)
            | K::Ladder(_)
            | K::Not(_)
            | K::And(_)
            | K::Or(_)
            | K::Group(Group::All | Group::Any, _)
            | K::Cmp(..)
            | K::Present(..)
            | K::In(..) => self.eval_node(e, f),
        }
    }

    /// The rule of `ladder` that fires for the record: the first whose condition is true.
    /// Computed once per record, so a ladder that other ladders use is graded before them.
    pub fn grade<'a>(&self, ladder: LadderId, f: &mut Frame<'a>) -> Option<usize>
    where
        'p: 'a,
    {
        if let Some(fired) = f.ladders[ladder] {
            return fired;
        }
        // Checked programs have no cycle of ladders; should one slip through, it reads as no level.
        f.ladders[ladder] = Some(None);
        let rules = &self.program.ladders[ladder].rules;
        let fired = rules.iter().position(|r| match &r.cond {
            None => true,
            Some(c) => matches!(self.eval(c, f), Value::Bool(true)),
        });
        f.ladders[ladder] = Some(fired);
        fired
    }

    /// The record's current stage in transition set `t`: the level its stage field holds.
    pub fn current_stage(&self, t: TransId, f: &Frame<'_>) -> Option<usize> {
        match f.fields[self.program.transitions[t].field] {
            Value::Member(m) => Some(m as usize),
            _ => None,
        }
    }

    /// The moves of transition set `t` tried for the record, in order, with their indices: those
    /// leaving its current stage (see [`crate::ir::Transitions::leaving`]); none without one.
    pub fn moves_tried(&self, t: TransId, f: &Frame<'_>) -> impl Iterator<Item = (usize, &'p Move)> {
        let set = &self.program.transitions[t];
        self.current_stage(t, f).into_iter().flat_map(move |stage| set.leaving(stage))
    }

    /// The move of transition set `t` that fires for the record, if any: `(move index, stage)`.
    /// The moves leaving the current stage (see [`crate::ir::Transitions::leaving`]) are tried
    /// in order; a record without a current stage, or at a final one, does not move.
    pub fn next_stage<'a>(&self, t: TransId, f: &mut Frame<'a>) -> Option<(usize, usize)>
    where
        'p: 'a,
    {
        for (i, m) in self.moves_tried(t, f) {
            let fires = match &m.cond {
                None => true,
                Some(c) => matches!(self.eval(c, f), Value::Bool(true)),
            };
            if fires {
                return Some((i, m.to));
            }
        }
        None
    }
}

/// Whole days from `a` to `b` (positive when `b` is later).
pub fn days_between(a: Date, b: Date) -> i64 {
    b.duration_since(a).as_secs() / 86_400
}

/// The value of a constant of the program.
#[inline(always)]
pub(crate) fn constant(c: &Const) -> Value<'_> {
    match c {
        Const::Bool(b) => Value::Bool(*b),
        Const::Num(n) => Value::Num(*n),
        Const::Text(t) => Value::Text(t),
        Const::Date(d) => Value::Date(*d),
        Const::Duration(d) => Value::Duration(*d),
        Const::Member(m) => Value::Member(*m),
    }
}

/// Compares two values; unknown when either is missing.
#[inline]
pub(crate) fn compare<'a>(op: CmpOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (Value::Missing, _) | (_, Value::Missing) => return Value::Missing,
        (Value::Num(x), Value::Num(y)) => Some(x.cmp(&y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(&y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(&y)),
        (Value::Member(x), Value::Member(y)) => Some(x.cmp(&y)),
        (Value::Duration(x), Value::Duration(y)) if x.unit == y.unit => Some(x.amount.cmp(&y.amount)),
        _ => None,
    };
    let Some(ord) = ord else { return Value::Missing };
    Value::Bool(match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lets of `S` (`s = a + b`, …) for fields `a` and `b`.
    fn lets(a: &str, b: &str) -> Vec<(String, Value<'static>)> {
        let text = "fields {\n  a: money\n  b: money\n}\nlet s = a + b\nlet d = a - b\nlet p = a * b\n\
                    let q = a / b\nlet e = a + b = 0.3\nlet n = -a\n";
        let checked = crate::check::check_text("t.ladder", text);
        assert!(checked.diagnostics.iter().all(|d| !d.is_error()), "{:?}", checked.diagnostics);
        let program = Box::leak(Box::new(checked.program));
        let pops = Box::leak(Box::new(Pops::default()));
        let ctx = Ctx { program, today: jiff::civil::date(2026, 1, 1), pops };
        let mut f = Frame::new(program);
        f.fields = vec![Value::Num(a.parse().unwrap()), Value::Num(b.parse().unwrap())];
        program.lets.iter().map(|l| (l.name.clone(), ctx.eval(&l.expr, &mut f))).collect()
    }

    #[test]
    fn arithmetic_is_exact_and_too_large_is_unknown() {
        let num = |s: &str| Value::Num(s.parse().unwrap());
        let at = |v: &[(String, Value<'static>)], name: &str| v.iter().find(|(n, _)| n == name).unwrap().1;
        let v = lets("0.1", "0.2");
        assert_eq!(at(&v, "s"), num("0.3"));
        assert_eq!(at(&v, "e"), Value::Bool(true));
        assert_eq!(at(&v, "d"), num("-0.1"));
        assert_eq!(at(&v, "p"), num("0.02"));
        assert_eq!(at(&v, "q"), num("0.5"));
        assert_eq!(at(&v, "n"), num("-0.1"));
        // A quotient that does not end is rounded to 28 decimal places (29 digits at most).
        assert_eq!(at(&lets("2", "3"), "q"), num("0.6666666666666666666666666667"));
        // Too large to hold, or a division by zero: unknown, like a missing value, never a panic.
        let big = "79228162514264337593543950335";
        let v = lets(big, big);
        assert_eq!((at(&v, "s"), at(&v, "p"), at(&v, "d")), (Value::Missing, Value::Missing, num("0")));
        assert_eq!(at(&v, "e"), Value::Missing);
        assert_eq!(at(&lets(big, "0.5"), "q"), Value::Missing);
        assert_eq!(at(&lets("1", "0"), "q"), Value::Missing);
        assert_eq!(at(&lets("-79228162514264337593543950335", "1"), "d"), Value::Missing);
        // A product with more than 28 decimal places is rounded, not refused.
        assert_eq!(at(&lets("0.00000000000001", "0.000000000000001"), "p"), num("0"));
    }
}
