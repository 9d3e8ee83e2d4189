//! Expressions: resolving names, typing every node, and saying what is wrong in words.

use super::Checker;
use crate::diag::{CondExample, Diagnostic, FileId, InsideHint, KindOp, Loc, Problem, Wanted};
use crate::ir::{self, ArithOp, CmpOp, Const, ExprKind as K, Type};
use crate::syntax::ast::{self, BinOp, ExprKind as A, GroupKind, Lit, TimeTest};
use crate::syntax::lex::TokenKind;

impl Checker<'_> {
    /// An expression that must be a condition.
    pub(super) fn cond(&mut self, file: FileId, e: &ast::Expr) -> ir::Expr {
        let ex = self.expr(file, e);
        if matches!(ex.ty, Type::Bool | Type::Error) {
            return ex;
        }
        let src = self.p.sources.slice(&ex.loc).to_string();
        let example = match ex.ty {
            Type::Number | Type::Money => CondExample::Amount,
            Type::Text => CondExample::Text,
            Type::Date => CondExample::Date,
            Type::Member(f) => {
                let member = self.p.fields[f].members().and_then(|m| m.first()).cloned().unwrap_or_default();
                CondExample::Choice { member }
            }
            Type::Level(l) => {
                CondExample::Level { level: self.p.ladders[l].rules.first().map_or("", |r| &r.level).to_string() }
            }
            Type::Bool | Type::Duration | Type::Error => CondExample::Compare,
        };
        let problem = Problem::NotACondition { src, ty: self.type_name(ex.ty), example };
        self.diags.push(Diagnostic::new(problem, ex.loc.clone()));
        ir::Expr { ty: Type::Error, ..ex }
    }

    /// Any expression.
    pub(super) fn expr(&mut self, file: FileId, e: &ast::Expr) -> ir::Expr {
        let loc = Self::loc(file, &e.span);
        let mk = |kind, ty| ir::Expr { kind, ty, loc: loc.clone() };
        match &e.kind {
            A::Lit(lit) => self.literal(lit, loc),
            A::Name(name) => self.name(file, name),
            A::Paren(inner) => self.expr(file, inner),
            A::Call(name, arg) => self.call(file, name, arg, loc),
            A::Neg(inner) => {
                let x = self.expr(file, inner);
                let ty = x.ty;
                if !ty.is_numeric() {
                    self.wrong_kind(&x, KindOp::Negate);
                }
                mk(K::Neg(Box::new(x)), if ty.is_numeric() { ty } else { Type::Error })
            }
            A::Not(inner) => mk(K::Not(Box::new(self.cond(file, inner))), Type::Bool),
            A::Binary(op, a, b) => match operator(*op) {
                Operator::Logic(and) => {
                    let mut operands = Vec::new();
                    flatten(e, *op, &mut operands);
                    let conds = operands.into_iter().map(|o| self.cond(file, o)).collect();
                    mk(if and { K::And(conds) } else { K::Or(conds) }, Type::Bool)
                }
                Operator::Arith(aop) => {
                    let (a, b) = (self.expr(file, a), self.expr(file, b));
                    self.arith(aop, a, b, loc)
                }
                Operator::Cmp(cop) => self.compare(file, cop, a, b, loc),
            },
            A::Is(inner, negated, member) => self.is_member(file, inner, *negated, member, loc),
            A::Present(inner, present) => mk(K::Present(Box::new(self.expr(file, inner)), *present), Type::Bool),
            A::In(inner, negated, list) => {
                let x = self.expr(file, inner);
                let items = list.iter().filter_map(|item| self.list_item(file, x.ty, item)).collect();
                mk(K::In(Box::new(x), items, *negated), Type::Bool)
            }
            A::Contains(inner, s) => self.looks_inside(file, inner, s, false, loc),
            A::StartsWith(inner, s) => self.looks_inside(file, inner, s, true, loc),
            A::Time(test, d, other) => self.time(file, *test, d, other, loc),
            A::Between(x, low, high) => self.between(file, x, low, high, loc),
            A::DaysSince(d) | A::DaysUntil(d) => {
                let d = self.expr(file, d);
                self.expect(&d, Type::Date, Wanted::DaysDate);
                let d = Box::new(d);
                mk(if matches!(e.kind, A::DaysSince(_)) { K::DaysSince(d) } else { K::DaysUntil(d) }, Type::Number)
            }
            A::Group(kind, members) => self.group(file, *kind, members, loc),
        }
    }

    fn literal(&mut self, lit: &Lit, loc: Loc) -> ir::Expr {
        let (c, ty) = match lit {
            Lit::Number(Some(n)) => (Const::Num(*n), Type::Number),
            Lit::Money(Some(n)) => (Const::Num(*n), Type::Money),
            Lit::Number(None) | Lit::Money(None) => {
                let src = self.p.sources.slice(&loc).to_string();
                self.diags.push(Diagnostic::new(Problem::NumberTooLarge { src }, loc.clone()));
                return ir::Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc };
            }
            Lit::Text(t) => (Const::Text(t.clone()), Type::Text),
            Lit::Date(d) => (Const::Date(*d), Type::Date),
            Lit::Duration(d) if d.years() > MAX_YEARS as f64 => {
                let src = self.p.sources.slice(&loc).to_string();
                self.diags.push(Diagnostic::new(Problem::TooLong { src, max_years: MAX_YEARS }, loc.clone()));
                return ir::Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc };
            }
            Lit::Duration(d) => (Const::Duration(*d), Type::Duration),
            Lit::Bool(b) => (Const::Bool(*b), Type::Bool),
            Lit::Today => return ir::Expr { kind: K::Today, ty: Type::Date, loc },
            Lit::BadDate(_) => return self.bad_date(loc),
        };
        ir::Expr { kind: K::Const(c), ty, loc }
    }

    /// `X is [not] MEMBER`.
    fn is_member(&mut self, file: FileId, inner: &ast::Expr, negated: bool, member: &ast::Name, loc: Loc) -> ir::Expr {
        let x = self.expr(file, inner);
        let op = if negated { CmpOp::Ne } else { CmpOp::Eq };
        match self.member(file, x.ty, member, Some(&x.loc)) {
            Some(i) => {
                let m = ir::Expr { kind: K::Const(Const::Member(i)), ty: x.ty, loc: Self::loc(file, &member.span) };
                ir::Expr { kind: K::Cmp(op, Box::new(x), Box::new(m)), ty: Type::Bool, loc }
            }
            None => ir::Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc },
        }
    }

    /// `X contains "…"` or `X starts with "…"`.
    fn looks_inside(&mut self, file: FileId, inner: &ast::Expr, s: &ast::Str, starts_with: bool, loc: Loc) -> ir::Expr {
        let x = self.expr(file, inner);
        if !matches!(x.ty, Type::Text | Type::Error) {
            let hint = match x.ty {
                Type::Member(_) | Type::Level(_) => InsideHint::Choice,
                Type::Number | Type::Money => InsideHint::Amount,
                Type::Bool | Type::Text | Type::Date | Type::Duration | Type::Error => InsideHint::Other,
            };
            self.wrong_kind(&x, KindOp::LooksInside { starts_with, hint });
        }
        let x = Box::new(x);
        let kind = if starts_with { K::StartsWith(x, s.text.clone()) } else { K::Contains(x, s.text.clone()) };
        ir::Expr { kind, ty: Type::Bool, loc }
    }

    /// `D within next/last LENGTH`, `D before DATE`, `D after DATE`.
    fn time(&mut self, file: FileId, test: TimeTest, d: &ast::Expr, other: &ast::Expr, loc: Loc) -> ir::Expr {
        let (d, other) = (self.expr(file, d), self.expr(file, other));
        self.expect(&d, Type::Date, Wanted::TimeDate);
        match test {
            TimeTest::WithinNext | TimeTest::WithinLast => self.expect(&other, Type::Duration, Wanted::TimeLength),
            TimeTest::Before | TimeTest::After => self.expect(&other, Type::Date, Wanted::TimeLimit),
        }
        let (d, other) = (Box::new(d), Box::new(other));
        let kind = match test {
            TimeTest::WithinNext => K::Within(d, other, true),
            TimeTest::WithinLast => K::Within(d, other, false),
            TimeTest::Before => K::Before(d, other),
            TimeTest::After => K::After(d, other),
        };
        ir::Expr { kind, ty: Type::Bool, loc }
    }

    /// `all { … }`, `any { … }`, `at least N of { … }`.
    fn group(&mut self, file: FileId, kind: GroupKind, members: &[ast::Expr], loc: Loc) -> ir::Expr {
        let conds: Vec<ir::Expr> = members.iter().map(|m| self.cond(file, m)).collect();
        let group = match kind {
            GroupKind::All => ir::Group::All,
            GroupKind::Any => ir::Group::Any,
            GroupKind::AtLeast(n) => {
                if n == 0 || n as usize > conds.len() {
                    let file = self.p.sources.get(loc.file);
                    let number = file.tokens.first(&loc.span, TokenKind::Number);
                    let written = number.map_or_else(|| n.to_string(), |t| file.text[t.span.clone()].to_string());
                    let problem = Problem::AtLeastTooMany { n: written, zero: n == 0, count: conds.len() };
                    self.diags.push(Diagnostic::new(problem, loc.clone()));
                }
                ir::Group::AtLeast(n)
            }
        };
        ir::Expr { kind: K::Group(group, conds), ty: Type::Bool, loc }
    }

    pub(super) fn bad_date(&mut self, loc: crate::diag::Loc) -> ir::Expr {
        let src = self.p.sources.slice(&loc).to_string();
        self.diags.push(Diagnostic::new(Problem::BadDate { src }, loc.clone()));
        ir::Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc }
    }
}

/// The longest length of time a rule may write: dates stay inside the calendar's range when they
/// move by it.
const MAX_YEARS: u32 = 1000;

/// What a binary operator of the syntax tree becomes in the checked program.
enum Operator {
    /// `and` (true) or `or` (false).
    Logic(bool),
    Arith(ArithOp),
    Cmp(CmpOp),
}

fn operator(op: BinOp) -> Operator {
    match op {
        BinOp::And => Operator::Logic(true),
        BinOp::Or => Operator::Logic(false),
        BinOp::Add => Operator::Arith(ArithOp::Add),
        BinOp::Sub => Operator::Arith(ArithOp::Sub),
        BinOp::Mul => Operator::Arith(ArithOp::Mul),
        BinOp::Div => Operator::Arith(ArithOp::Div),
        BinOp::Eq => Operator::Cmp(CmpOp::Eq),
        BinOp::Ne => Operator::Cmp(CmpOp::Ne),
        BinOp::Lt => Operator::Cmp(CmpOp::Lt),
        BinOp::Le => Operator::Cmp(CmpOp::Le),
        BinOp::Gt => Operator::Cmp(CmpOp::Gt),
        BinOp::Ge => Operator::Cmp(CmpOp::Ge),
    }
}

/// The operands of a chain of the same `and`/`or`, in order.
fn flatten<'e>(e: &'e ast::Expr, op: BinOp, out: &mut Vec<&'e ast::Expr>) {
    if let A::Binary(o, a, b) = &e.kind {
        if *o == op {
            flatten(a, op, out);
            flatten(b, op, out);
            return;
        }
    }
    out.push(e);
}
