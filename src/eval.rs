//! Evaluation of a checked program over one record, with SQL's three-valued logic: a missing
//! value makes a comparison unknown (`Value::Missing`), and a rule fires only when true.

use crate::ir::{ArithOp, CmpOp, Const, Expr, ExprKind as K, Group, LadderId, Move, Program, TransId};
use crate::value::{Decimal, Value};
use jiff::civil::Date;

/// The values of population functions, computed over the whole input: `cols[pop]`, a value per
/// row.
#[derive(Debug, Clone, Default)]
pub struct Pops {
    pub cols: Vec<Ranked>,
}

/// The argument of one population function for every row, `None` where it has none: the digits
/// of every value at one scale for the whole column (`12.5` at scale 1 is `125`), 4 bytes a row
/// while they fit 32 bits, 8 while they fit 64; else the decimals themselves.
#[derive(Debug, Clone)]
pub enum Args {
    /// [`i32::MIN`] for no value.
    Int32 {
        scale: u32,
        digits: Vec<i32>,
    },
    /// [`i64::MIN`] for no value.
    Int64 {
        scale: u32,
        digits: Vec<i64>,
    },
    Wide(Vec<Option<Decimal>>),
}

impl Default for Args {
    fn default() -> Self {
        Args::Int32 { scale: 0, digits: Vec::new() }
    }
}

/// The digits of `d` at `scale` (not less than its own), if they fit 64 bits.
fn digits_at(d: Decimal, scale: u32) -> Option<i64> {
    let k = d.mantissa().checked_mul(10i128.checked_pow(scale.checked_sub(d.scale())?)?)?;
    i64::try_from(k).ok()
}

impl Args {
    pub fn len(&self) -> usize {
        match self {
            Args::Int32 { digits, .. } => digits.len(),
            Args::Int64 { digits, .. } => digits.len(),
            Args::Wide(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, row: usize) -> Option<Decimal> {
        match self {
            Args::Int32 { scale, digits } => {
                (digits[row] != i32::MIN).then(|| Decimal::from_i128_with_scale(i128::from(digits[row]), *scale))
            }
            Args::Int64 { scale, digits } => {
                (digits[row] != i64::MIN).then(|| Decimal::from_i128_with_scale(i128::from(digits[row]), *scale))
            }
            Args::Wide(values) => values[row],
        }
    }

    fn values(&self) -> impl Iterator<Item = Option<Decimal>> + '_ {
        (0..self.len()).map(|row| self.get(row))
    }

    fn scale(&self) -> Option<u32> {
        match self {
            Args::Int32 { scale, .. } | Args::Int64 { scale, .. } => Some(*scale),
            Args::Wide(_) => None,
        }
    }

    pub fn push(&mut self, value: Option<Decimal>) {
        let Some(mut d) = value else {
            match self {
                Args::Int32 { digits, .. } => digits.push(i32::MIN),
                Args::Int64 { digits, .. } => digits.push(i64::MIN),
                Args::Wide(values) => values.push(None),
            }
            return;
        };
        if self.scale().is_some_and(|s| d.scale() > s) {
            d = d.normalize();
            self.rescale(d.scale());
        }
        match self {
            Args::Int32 { scale, digits } => {
                match digits_at(d, *scale).and_then(|k| i32::try_from(k).ok()).filter(|&k| k != i32::MIN) {
                    Some(k) => digits.push(k),
                    None => {
                        self.widen();
                        self.push(Some(d));
                    }
                }
            }
            Args::Int64 { scale, digits } => match digits_at(d, *scale).filter(|&k| k != i64::MIN) {
                Some(k) => digits.push(k),
                None => {
                    self.widen();
                    self.push(Some(d));
                }
            },
            Args::Wide(values) => values.push(Some(d)),
        }
    }

    /// The same values in the next wider form.
    fn widen(&mut self) {
        *self = match std::mem::take(self) {
            Args::Int32 { scale, digits } => {
                let digits = digits.into_iter().map(|k| if k == i32::MIN { i64::MIN } else { i64::from(k) });
                Args::Int64 { scale, digits: digits.collect() }
            }
            wider @ Args::Int64 { .. } => Args::Wide(wider.values().collect()),
            wide @ Args::Wide(_) => wide,
        }
    }

    /// The same values with digits at `to`, when that is more than the column's scale (widened
    /// where they do not fit).
    fn rescale(&mut self, to: u32) {
        let Some(from) = self.scale().filter(|&s| s < to) else { return };
        let factor = 10i64.checked_pow(to - from);
        let fits = |k: i64, lo: i64, hi: i64| factor.and_then(|f| k.checked_mul(f)).is_some_and(|k| k > lo && k <= hi);
        let done = match self {
            Args::Int32 { scale, digits } => {
                let (lo, hi) = (i64::from(i32::MIN), i64::from(i32::MAX));
                let ok = digits.iter().all(|&k| k == i32::MIN || fits(i64::from(k), lo, hi));
                if ok {
                    let f = factor.unwrap_or(1) as i32;
                    digits.iter_mut().filter(|k| **k != i32::MIN).for_each(|k| *k *= f);
                    *scale = to;
                }
                ok
            }
            Args::Int64 { scale, digits } => {
                let ok = digits.iter().all(|&k| k == i64::MIN || fits(k, i64::MIN, i64::MAX));
                if ok {
                    let f = factor.unwrap_or(1);
                    digits.iter_mut().filter(|k| **k != i64::MIN).for_each(|k| *k *= f);
                    *scale = to;
                }
                ok
            }
            Args::Wide(_) => true,
        };
        if !done {
            self.widen();
            self.rescale(to);
        }
    }

    /// Appends the values of `other`.
    pub fn append(&mut self, mut other: Args) {
        if let (Some(a), Some(b)) = (self.scale(), other.scale()) {
            self.rescale(a.max(b));
            other.rescale(a.max(b));
        }
        // Both still digits: at the same scale.
        match (&mut *self, other) {
            (Args::Int32 { digits, .. }, Args::Int32 { digits: more, .. }) => digits.extend(more),
            (Args::Int64 { digits, .. }, Args::Int64 { digits: more, .. }) => digits.extend(more),
            (_, other) => other.values().for_each(|v| self.push(v)),
        }
    }

    pub fn swap_remove(&mut self, row: usize) {
        match self {
            Args::Int32 { digits, .. } => {
                digits.swap_remove(row);
            }
            Args::Int64 { digits, .. } => {
                digits.swap_remove(row);
            }
            Args::Wide(values) => {
                values.swap_remove(row);
            }
        }
    }
}

/// One population function's value for every row: each row's place among the rows that have a
/// value, the value itself worked out when it is read.
#[derive(Debug, Clone)]
pub struct Ranked {
    func: crate::ir::PopFn,
    /// Per row, 0 for a row without a value; else see [`place`].
    at: Places,
    /// How many rows have a value.
    n: u64,
}

/// Places a row: one byte for quintiles, four for the others.
#[derive(Debug, Clone)]
enum Places {
    Byte(Vec<u8>),
    Word(Vec<u32>),
}

impl Places {
    fn new(func: crate::ir::PopFn, rows: usize) -> Places {
        match func {
            crate::ir::PopFn::Quintile => Places::Byte(vec![0; rows]),
            crate::ir::PopFn::Percentile | crate::ir::PopFn::Rank => Places::Word(vec![0; rows]),
        }
    }

    fn set(&mut self, row: u32, place: u32) {
        match self {
            Places::Byte(at) => at[row as usize] = place as u8,
            Places::Word(at) => at[row as usize] = place,
        }
    }

    fn get(&self, row: usize) -> Option<u64> {
        match self {
            Places::Byte(at) => at.get(row).map(|&a| u64::from(a)),
            Places::Word(at) => at.get(row).map(|&a| u64::from(a)),
        }
    }
}

/// The place of a value whose group of ties runs from `start` to `end` (ascending positions,
/// from 0) among `n`: the quintile itself (1–5), for `rank` its rank (1 for the largest), for
/// `percentile` 1 + `start`; never 0.
fn place(func: crate::ir::PopFn, start: usize, end: usize, n: usize) -> u32 {
    match func {
        crate::ir::PopFn::Quintile => (start * 5 / n + 1) as u32,
        crate::ir::PopFn::Percentile => (start + 1) as u32,
        crate::ir::PopFn::Rank => (n - end) as u32,
    }
}

impl Ranked {
    /// Row `row`'s quintile (1–5), percentile (0–100: the share of the others below it,
    /// unrounded but to the digits of a quotient) or rank (1 for the largest), exactly; `None`
    /// for a row without a value.
    pub fn get(&self, row: usize) -> Option<Decimal> {
        use crate::ir::PopFn::*;
        let at = self.at.get(row).filter(|&a| a > 0)?;
        let n = self.n;
        Some(match self.func {
            Quintile | Rank => Decimal::from(at),
            Percentile if n == 1 => Decimal::ONE_HUNDRED,
            Percentile => {
                (Decimal::ONE_HUNDRED * Decimal::from(at - 1)).checked_div(Decimal::from(n - 1)).unwrap_or_default()
            }
        })
    }
}

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
    /// The record's index in the input (for population values).
    pub row: usize,
}

impl<'a> Frame<'a> {
    /// An empty frame for `program`: every field missing.
    pub fn new(program: &Program) -> Self {
        Frame {
            fields: vec![Value::Missing; program.fields.len()],
            lets: vec![None; program.lets.len()],
            scores: vec![None; program.scores.len()],
            ladders: vec![None; program.ladders.len()],
            row: 0,
        }
    }

    /// Makes the frame ready for the next record.
    pub fn reset(&mut self, row: usize) {
        self.fields.fill(Value::Missing);
        self.clear_cache();
        self.row = row;
    }

    /// Takes `fired` as the rule of `ladder` that fires for this record, without its conditions
    /// (the static analysis asks what a condition is for each level of another ladder).
    pub fn assume_grade(&mut self, ladder: LadderId, fired: Option<usize>) {
        if let Some(slot) = self.ladders.get_mut(ladder) {
            *slot = Some(fired);
        }
    }

    /// Forgets computed lets, scores and levels (after a field changes).
    pub fn clear_cache(&mut self) {
        self.lets.fill(None);
        self.scores.fill(None);
        self.ladders.fill(None);
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
            K::Pop(i) => self.pops.cols.get(*i).and_then(|c| c.get(f.row)).map_or(Missing, Num),
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
fn compare<'a>(op: CmpOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
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

/// The population values of `program`, stage by stage (see [`Program::pop_stages`]): `args`
/// gives, under the values of the earlier stages, the argument of each population value `wanted`
/// for every row (`None` where it takes no part), which are then ranked.
pub fn rank_populations<E>(
    program: &Program,
    mut args: impl FnMut(&Pops, &[usize]) -> Result<Vec<Args>, E>,
) -> Result<Pops, E> {
    let stages = program.pop_stages();
    let empty = |p: usize| Ranked { func: program.pops[p].func, at: Places::new(program.pops[p].func, 0), n: 0 };
    let mut pops = Pops { cols: (0..program.pops.len()).map(empty).collect() };
    for stage in 0..=stages.iter().copied().max().unwrap_or(0) {
        let wanted: Vec<usize> = (0..stages.len()).filter(|&p| stages[p] == stage).collect();
        let cols = args(&pops, &wanted)?;
        for (p, col) in wanted.into_iter().zip(cols) {
            pops.cols[p] = rank_column(program.pops[p].func, col);
        }
    }
    Ok(pops)
}

/// Ranks the values of `col`: those there, ascending, ties sharing their group's place.
fn rank_column(func: crate::ir::PopFn, col: Args) -> Ranked {
    match col {
        Args::Int32 { digits, .. } => rank_digits(func, digits, i32::MIN),
        Args::Int64 { digits, .. } => rank_digits(func, digits, i64::MIN),
        Args::Wide(values) => {
            // Some digits do not fit 64 bits at the column's scale: `i128` if they fit that.
            let rows = values.len();
            let present = || values.iter().enumerate().filter_map(|(i, v)| Some(((*v)?, i as u32)));
            let scale = present().map(|(d, _)| d.scale()).max().unwrap_or(0);
            let key = |d: Decimal| d.mantissa().checked_mul(10i128.checked_pow(scale - d.scale())?);
            let wide: Option<Vec<(i128, u32)>> = present().map(|(d, i)| Some((key(d)?, i))).collect();
            match wide {
                Some(keys) => {
                    drop(values);
                    sorted_places(func, keys, rows)
                }
                None => {
                    let keys: Vec<(Decimal, u32)> = present().collect();
                    drop(values);
                    sorted_places(func, keys, rows)
                }
            }
        }
    }
}

/// Ranks digits at one scale (`none` where a row has no value), which order as the numbers they
/// stand for. Where they span fewer values than there are rows (days, counts, scores), each
/// row's place is read from how many rows hold each value, without sorting. Else, where they
/// span less than 2^32, each is sorted as one `u64`, its distance from the smallest above its
/// row: 8 bytes a row while the other columns' arguments are still held (the memory peak of a
/// run with population functions); else as `(digits, row)` pairs.
fn rank_digits<T: Copy + PartialEq + Into<i64>>(func: crate::ir::PopFn, digits: Vec<T>, none: T) -> Ranked {
    let rows = digits.len();
    let present = || digits.iter().enumerate().filter(|(_, &k)| k != none).map(|(i, &k)| (k.into(), i as u32));
    let (lo, hi, n) = present().fold((i64::MAX, i64::MIN, 0), |(lo, hi, n), (k, _)| (lo.min(k), hi.max(k), n + 1));
    if n == 0 {
        return Ranked { func, at: Places::new(func, rows), n: 0 };
    }
    let span = hi.abs_diff(lo);
    if span < rows.max(1 << 16) as u64 {
        // `below[v]`: how many values are less than `lo + v`.
        let mut below = vec![0u32; span as usize + 2];
        present().for_each(|(k, _)| below[k.abs_diff(lo) as usize + 1] += 1);
        (1..below.len()).for_each(|v| below[v] += below[v - 1]);
        let mut at = Places::new(func, rows);
        for (k, row) in present() {
            let v = k.abs_diff(lo) as usize;
            at.set(row, place(func, below[v] as usize, below[v + 1] as usize - 1, n));
        }
        return Ranked { func, at, n: n as u64 };
    }
    if span < 1 << 32 {
        let mut keys = Vec::with_capacity(n);
        keys.extend(present().map(|(k, i)| k.abs_diff(lo) << 32 | u64::from(i)));
        drop(digits);
        sort(&mut keys);
        return places(func, &keys, |k| k >> 32, |k| k as u32, rows);
    }
    let keys: Vec<(i64, u32)> = present().collect();
    drop(digits);
    sorted_places(func, keys, rows)
}

/// Sorts `keys` on two threads: split about their median, each half sorted on its own.
fn sort<K: Ord + Send>(keys: &mut [K]) {
    if keys.len() < 1 << 16 {
        keys.sort_unstable();
        return;
    }
    let mid = keys.len() / 2;
    keys.select_nth_unstable(mid);
    let (low, high) = keys.split_at_mut(mid);
    std::thread::scope(|s| {
        s.spawn(|| low.sort_unstable());
        high.sort_unstable();
    });
}

fn sorted_places<K: Ord + Copy + Send>(func: crate::ir::PopFn, mut keys: Vec<(K, u32)>, rows: usize) -> Ranked {
    sort(&mut keys);
    places(func, &keys, |k| k.0, |k| k.1, rows)
}

/// The places of `rows` rows, of which `sorted` holds those with a value, ascending, each giving
/// its value's `key` and its `row`.
fn places<T: Copy, K: PartialEq>(
    func: crate::ir::PopFn,
    sorted: &[T],
    key: impl Fn(T) -> K,
    row: impl Fn(T) -> u32,
    rows: usize,
) -> Ranked {
    let n = sorted.len();
    let mut at = Places::new(func, rows);
    let mut start = 0;
    while start < n {
        let mut end = start;
        while end + 1 < n && key(sorted[end + 1]) == key(sorted[start]) {
            end += 1;
        }
        let place = place(func, start, end, n);
        sorted[start..=end].iter().for_each(|&k| at.set(row(k), place));
        start = end + 1;
    }
    Ranked { func, at, n: n as u64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::PopFn;

    fn nums(xs: &[f64]) -> Vec<Option<Decimal>> {
        xs.iter().map(|x| (!x.is_nan()).then(|| Decimal::try_from(*x).unwrap())).collect()
    }

    fn rank_column(func: PopFn, col: Vec<Option<Decimal>>) -> Vec<Option<Decimal>> {
        let rows = col.len();
        let mut args = Args::default();
        col.into_iter().for_each(|v| args.push(v));
        let ranked = super::rank_column(func, args);
        (0..rows).map(|row| ranked.get(row)).collect()
    }

    #[test]
    fn ranks_share_ties_and_skip_missing() {
        let col = nums(&[10.0, f64::NAN, 30.0, 30.0, 20.0]);
        assert_eq!(rank_column(PopFn::Rank, col.clone())[2..], nums(&[1.0, 1.0, 3.0]));
        let q = rank_column(PopFn::Quintile, col.clone());
        assert_eq!((q[0], q[4], q[2]), (Some(Decimal::ONE), Some(Decimal::TWO), Some(Decimal::from(3))));
        assert!(q[1].is_none());
        let p = rank_column(PopFn::Percentile, col);
        // 100 × smaller ÷ (n − 1), to the digits a quotient holds.
        let third = |k: i64| Decimal::from(100 * k) / Decimal::from(3);
        assert_eq!((p[0], p[4], p[2]), (Some(Decimal::ZERO), Some(third(1)), Some(third(2))));
        assert_eq!(p[4].unwrap().to_string(), "33.333333333333333333333333333");
    }

    proptest::proptest! {
        /// Each row's place is what counting the other rows gives, whatever the values' sizes
        /// and scales (digits beyond 64 bits widen the arguments; values spanning 2^32 or more sort as
        /// pairs, beyond `i64` keys `i128` ones).
        #[test]
        fn places_are_counts_of_the_others(
            values in proptest::collection::vec(proptest::option::of((-10i128..10, 0u32..4, 0u32..5)), 0..40)
        ) {
            let big = [1i128, 10i128.pow(5), 10i128.pow(12), 10i128.pow(20), 10i128.pow(27)];
            let col: Vec<Option<Decimal>> =
                values.iter().map(|v| v.map(|(m, s, b)| Decimal::from_i128_with_scale(m * big[b as usize], s))).collect();
            let present: Vec<Decimal> = col.iter().flatten().copied().collect();
            let n = Decimal::from(present.len());
            for func in [PopFn::Quintile, PopFn::Percentile, PopFn::Rank] {
                let got = rank_column(func, col.clone());
                for (row, v) in col.iter().enumerate() {
                    let want = v.map(|v| {
                        let below = Decimal::from(present.iter().filter(|x| **x < v).count());
                        let above = Decimal::from(present.iter().filter(|x| **x > v).count());
                        match func {
                            PopFn::Quintile => (below * Decimal::from(5) / n).trunc() + Decimal::ONE,
                            PopFn::Percentile if present.len() == 1 => Decimal::ONE_HUNDRED,
                            PopFn::Percentile => (Decimal::ONE_HUNDRED * below).checked_div(n - Decimal::ONE).unwrap(),
                            PopFn::Rank => above + Decimal::ONE,
                        }
                    });
                    proptest::prop_assert_eq!(got[row], want, "{:?} row {}", func, row);
                }
            }
        }
    }

    proptest::proptest! {
        /// Arguments pushed in parts and appended, as the workers of a run gather them, hold
        /// every value, whatever mix of scales and sizes moves the column to wider digits.
        #[test]
        fn args_hold_every_value_in_parts(
            values in proptest::collection::vec(proptest::option::of((-100i128..100, 0u32..5, 0u32..5)), 0..60),
            cuts in proptest::collection::vec(0usize..60, 0..4),
        ) {
            let big = [1i128, 10i128.pow(7), 10i128.pow(9), 10i128.pow(17), 10i128.pow(26)];
            let col: Vec<Option<Decimal>> =
                values.iter().map(|v| v.map(|(m, s, b)| Decimal::from_i128_with_scale(m * big[b as usize], s))).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(col.len())).collect();
            cuts.sort_unstable();
            let mut args = Args::default();
            let mut start = 0;
            for end in cuts.into_iter().chain([col.len()]) {
                let mut part = Args::default();
                col[start..end].iter().for_each(|v| part.push(*v));
                args.append(part);
                start = end;
            }
            proptest::prop_assert_eq!(args.values().collect::<Vec<_>>(), col);
        }
    }

    #[test]
    fn args_narrow_while_they_fit() {
        let mut args = Args::default();
        ["12", "-7", "12.50", "0.001"].iter().for_each(|d| args.push(Some(d.parse().unwrap())));
        assert!(matches!(&args, Args::Int32 { scale: 3, digits } if digits == &[12000, -7000, 12500, 1]));
        args.push(None);
        args.push(Some(Decimal::from(3_000_000)));
        assert!(matches!(&args, Args::Int64 { scale: 3, .. }));
        args.push(Some(Decimal::MAX));
        assert!(matches!(&args, Args::Wide(_)));
        assert_eq!(args.get(4), None);
        assert_eq!(args.get(2), Some("12.5".parse().unwrap()));
    }

    /// Enough rows to sort on two threads, spanning more values than rows (sorted, not counted)
    /// and fewer (counted): each place is what a binary search of the sorted values gives.
    #[test]
    fn large_columns_rank_as_sorted_values_say() {
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for span in [1_000i64, 1_000_000_000, 10_000_000_000] {
            let col: Vec<Option<i64>> =
                (0..200_000).map(|_| (next() % 10 != 0).then(|| (next() % span as u64) as i64)).collect();
            let mut sorted: Vec<i64> = col.iter().flatten().copied().collect();
            sorted.sort_unstable();
            let n = sorted.len();
            for func in [PopFn::Quintile, PopFn::Percentile, PopFn::Rank] {
                let got = rank_column(func, col.iter().map(|v| v.map(Decimal::from)).collect());
                for (row, v) in col.iter().enumerate() {
                    let want = v.map(|v| {
                        let (start, end) = (sorted.partition_point(|&x| x < v), sorted.partition_point(|&x| x <= v));
                        match func {
                            PopFn::Quintile => Decimal::from(start * 5 / n + 1),
                            PopFn::Percentile => Decimal::ONE_HUNDRED * Decimal::from(start) / Decimal::from(n - 1),
                            PopFn::Rank => Decimal::from(n - end + 1),
                        }
                    });
                    assert_eq!(got[row], want, "{func:?} span {span} row {row}");
                }
            }
        }
    }

    #[test]
    fn quintiles_spread_evenly() {
        let col = nums(&(0..10).map(f64::from).collect::<Vec<_>>());
        let q = rank_column(PopFn::Quintile, col);
        assert_eq!(q, nums(&[1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0]));
    }

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

    /// Ties are found on the exact values, which no binary fraction tells apart.
    #[test]
    fn ranks_tell_close_decimals_apart() {
        let a: Decimal = "0.1000000000000000000000001".parse().unwrap();
        let col = vec![Some(a), Some("0.1".parse().unwrap())];
        assert_eq!(rank_column(PopFn::Rank, col), [Some(Decimal::ONE), Some(Decimal::TWO)]);
    }
}
