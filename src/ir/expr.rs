//! Typed expressions of the checked program, and the ways to walk them.

use super::{ArithOp, CmpOp, Const, FieldId, Group, LadderId, LetId, PopId, ScoreId, Type};
use crate::diag::Loc;

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub loc: Loc,
}

/// What a typed expression computes.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Const(Const),
    Today,
    Field(FieldId),
    Let(LetId),
    Score(ScoreId),
    Pop(PopId),
    /// The level another ladder gives the record (missing when none of its rules fires).
    Ladder(LadderId),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// `all { … }`, `any { … }` or `at least N of { … }`, apart from `and`/`or` chains.
    Group(Group, Vec<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    /// `X is present` (true) / `X is missing` (false).
    Present(Box<Expr>, bool),
    /// `X in [..]`; the flag is `not in`.
    In(Box<Expr>, Vec<Const>, bool),
    Contains(Box<Expr>, String),
    StartsWith(Box<Expr>, String),
    /// `date + duration` (sign 1) or `date - duration` (sign -1).
    Shift(Box<Expr>, Box<Expr>, i8),
    /// `date - date` in days.
    DaysBetween(Box<Expr>, Box<Expr>),
    /// `D within next DUR` (true) / `within last DUR` (false).
    Within(Box<Expr>, Box<Expr>, bool),
    Before(Box<Expr>, Box<Expr>),
    After(Box<Expr>, Box<Expr>),
    /// `X between A and B`: X lies between the two ends, both included, whichever is larger.
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    DaysSince(Box<Expr>),
    DaysUntil(Box<Expr>),
}

impl Expr {
    /// The direct sub-expressions.
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind::*;
        match &self.kind {
            Const(_) | Today | Field(_) | Let(_) | Score(_) | Pop(_) | Ladder(_) => vec![],
            Not(e) | Neg(e) | Present(e, _) | In(e, _, _) | Contains(e, _) | StartsWith(e, _) => vec![e],
            DaysSince(e) | DaysUntil(e) => vec![e],
            And(v) | Or(v) | Group(_, v) => v.iter().collect(),
            Cmp(_, a, b) | Arith(_, a, b) | Shift(a, b, _) | DaysBetween(a, b) | Within(a, b, _) => vec![a, b],
            Before(a, b) | After(a, b) => vec![a, b],
            Between(x, a, b) => vec![x, a, b],
        }
    }

    /// The direct sub-expressions, for changing them.
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        use ExprKind::*;
        match &mut self.kind {
            Const(_) | Today | Field(_) | Let(_) | Score(_) | Pop(_) | Ladder(_) => vec![],
            Not(e) | Neg(e) | Present(e, _) | In(e, _, _) | Contains(e, _) | StartsWith(e, _) => vec![e],
            DaysSince(e) | DaysUntil(e) => vec![e],
            And(v) | Or(v) | Group(_, v) => v.iter_mut().collect(),
            Cmp(_, a, b) | Arith(_, a, b) | Shift(a, b, _) | DaysBetween(a, b) | Within(a, b, _) => vec![a, b],
            Before(a, b) | After(a, b) => vec![a, b],
            Between(x, a, b) => vec![x, a, b],
        }
    }

    /// Calls `f` on this expression and, when it returns true, on each part in turn, depth first.
    pub fn visit<'e>(&'e self, f: &mut impl FnMut(&'e Expr) -> bool) {
        if f(self) {
            for c in self.children() {
                c.visit(f);
            }
        }
    }

    /// How an `and`, `or` or group combines its conditions, and the conditions: an `and` chain
    /// holds when all do, an `or` chain when any does.
    pub fn logic(&self) -> Option<(Group, &[Expr])> {
        use ExprKind::*;
        match &self.kind {
            And(v) => Some((super::Group::All, v)),
            Or(v) => Some((super::Group::Any, v)),
            Group(g, v) => Some((*g, v)),
            Const(_) | Today | Field(_) | Let(_) | Score(_) | Pop(_) | Ladder(_) | Not(_) | Neg(_) | Present(..)
            | In(..) => None,
            Contains(..) | StartsWith(..) | DaysSince(_) | DaysUntil(_) | Cmp(..) | Arith(..) | Shift(..) => None,
            DaysBetween(..) | Within(..) | Before(..) | After(..) | Between(..) => None,
        }
    }

    /// The field, let, score, population value or ladder this expression names, if it is a name.
    pub fn named(&self) -> Option<Named> {
        use ExprKind::*;
        match &self.kind {
            Field(i) => Some(Named::Field(*i)),
            Let(i) => Some(Named::Let(*i)),
            Score(i) => Some(Named::Score(*i)),
            Pop(i) => Some(Named::Pop(*i)),
            Ladder(i) => Some(Named::Ladder(*i)),
            Const(_) | Today | Not(_) | Neg(_) | Present(..) | In(..) | Contains(..) | StartsWith(..) => None,
            And(_) | Or(_) | Group(..) | DaysSince(_) | DaysUntil(_) | Cmp(..) | Arith(..) | Shift(..) => None,
            DaysBetween(..) | Within(..) | Before(..) | After(..) | Between(..) => None,
        }
    }
}

/// What a name in an expression stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Field(FieldId),
    Let(LetId),
    Score(ScoreId),
    Pop(PopId),
    Ladder(LadderId),
}

impl Expr {
    /// Whether two expressions compute the same thing, wherever they are written.
    pub fn same(&self, other: &Expr) -> bool {
        use ExprKind::*;
        let all = |a: &[Expr], b: &[Expr]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y));
        let o = &other.kind;
        self.ty == other.ty
            && match &self.kind {
                Const(a) => matches!(o, Const(b) if a == b),
                Today => matches!(o, Today),
                Field(a) => matches!(o, Field(b) if a == b),
                Let(a) => matches!(o, Let(b) if a == b),
                Score(a) => matches!(o, Score(b) if a == b),
                Pop(a) => matches!(o, Pop(b) if a == b),
                Ladder(a) => matches!(o, Ladder(b) if a == b),
                Not(a) => matches!(o, Not(b) if a.same(b)),
                Neg(a) => matches!(o, Neg(b) if a.same(b)),
                DaysSince(a) => matches!(o, DaysSince(b) if a.same(b)),
                DaysUntil(a) => matches!(o, DaysUntil(b) if a.same(b)),
                And(a) => matches!(o, And(b) if all(a, b)),
                Or(a) => matches!(o, Or(b) if all(a, b)),
                Group(g, a) => matches!(o, Group(h, b) if g == h && all(a, b)),
                Cmp(p, a1, a2) => matches!(o, Cmp(q, b1, b2) if p == q && a1.same(b1) && a2.same(b2)),
                Arith(p, a1, a2) => matches!(o, Arith(q, b1, b2) if p == q && a1.same(b1) && a2.same(b2)),
                Present(a, x) => matches!(o, Present(b, y) if x == y && a.same(b)),
                In(a, xs, n) => matches!(o, In(b, ys, m) if n == m && xs == ys && a.same(b)),
                Contains(a, x) => matches!(o, Contains(b, y) if x == y && a.same(b)),
                StartsWith(a, x) => matches!(o, StartsWith(b, y) if x == y && a.same(b)),
                Shift(a1, a2, x) => matches!(o, Shift(b1, b2, y) if x == y && a1.same(b1) && a2.same(b2)),
                Within(a1, a2, x) => matches!(o, Within(b1, b2, y) if x == y && a1.same(b1) && a2.same(b2)),
                DaysBetween(a1, a2) => matches!(o, DaysBetween(b1, b2) if a1.same(b1) && a2.same(b2)),
                Before(a1, a2) => matches!(o, Before(b1, b2) if a1.same(b1) && a2.same(b2)),
                After(a1, a2) => matches!(o, After(b1, b2) if a1.same(b1) && a2.same(b2)),
                Between(x, a1, a2) => matches!(o, Between(y, b1, b2) if x.same(y) && a1.same(b1) && a2.same(b2)),
            }
    }
}
