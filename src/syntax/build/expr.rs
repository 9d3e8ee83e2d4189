//! Pest pairs → expressions.

use super::{at_least_count, first, kids, literal, Builder, Form};
use crate::syntax::ast::*;
use crate::syntax::parse::Rule;
use pest::iterators::Pair;

impl Builder {
    /// Any expression-level pair.
    pub(crate) fn expr(&self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mk = |kind| Expr { kind, span: span.clone() };
        match rule {
            Rule::expr | Rule::atom => self.expr(first(pair)),
            Rule::or_expr => self.chain(pair, |_| BinOp::Or),
            Rule::and_expr => self.chain(pair, |_| BinOp::And),
            Rule::sum | Rule::product => self.chain(pair, arith_op),
            Rule::not_expr | Rule::unary | Rule::negative => {
                let mut it = pair.into_inner();
                let head = it.next().expect("prefix or operand");
                match head.as_rule() {
                    Rule::kw_not => mk(ExprKind::Not(Box::new(self.expr(it.next().expect("negated"))))),
                    Rule::neg => mk(ExprKind::Neg(Box::new(self.expr(it.next().expect("operand"))))),
                    _ => self.expr(head),
                }
            }
            Rule::comparison => {
                let mut it = pair.into_inner();
                let lhs = self.expr(it.next().expect("comparison lhs"));
                match it.next() {
                    None => lhs,
                    Some(test) => mk(self.test(lhs, test)),
                }
            }
            Rule::paren => mk(ExprKind::Paren(Box::new(self.expr(first(pair))))),
            Rule::call => {
                let mut it = pair.into_inner();
                let name = self.name(it.next().expect("function name"));
                let arg = self.expr(first(it.next().expect("arguments")));
                mk(ExprKind::Call(name, Box::new(arg)))
            }
            Rule::days_since => mk(ExprKind::DaysSince(Box::new(self.expr(first(pair))))),
            Rule::days_until => mk(ExprKind::DaysUntil(Box::new(self.expr(first(pair))))),
            Rule::group => mk(self.group(pair)),
            Rule::plain_name | Rule::quoted_name => mk(ExprKind::Name(self.name(pair))),
            _ => mk(ExprKind::Lit(self.literal(pair))),
        }
    }

    /// Operands joined left to right by the operators between them (`and`, `or`, `+`, `*` …).
    fn chain(&self, pair: Pair<'_, Rule>, op: fn(&str) -> BinOp) -> Expr {
        let mut it = pair.into_inner();
        let mut acc = self.expr(it.next().expect("operand"));
        while let (Some(o), Some(rhs)) = (it.next(), it.next()) {
            let rhs = self.expr(rhs);
            let span = acc.span.start..rhs.span.end;
            acc = Expr { kind: ExprKind::Binary(op(o.as_str()), Box::new(acc), Box::new(rhs)), span };
        }
        acc
    }

    /// `all { … }`, `any { … }` or `at least N of { … }`.
    fn group(&self, pair: Pair<'_, Rule>) -> ExprKind {
        let mut it = kids(pair);
        let head = it.next().expect("group kind");
        let kind = match head.as_rule() {
            Rule::kw_all => GroupKind::All,
            Rule::kw_any => GroupKind::Any,
            _ => {
                let n = head.into_inner().find(|p| p.as_rule() == Rule::number_plain);
                GroupKind::AtLeast(n.map_or(u32::MAX, |p| at_least_count(p.as_str())))
            }
        };
        let members = it.next().map(|m| kids(m).map(|e| self.expr(e)).collect());
        ExprKind::Group(kind, members.unwrap_or_default())
    }

    /// A literal value.
    fn literal(&self, pair: Pair<'_, Rule>) -> Lit {
        let form = match pair.as_rule() {
            Rule::string => return Lit::Text(self.string(pair).text),
            Rule::today => return Lit::Today,
            Rule::boolean => Form::Bool,
            Rule::number => Form::Number,
            Rule::money => Form::Money,
            Rule::date => Form::Date,
            Rule::duration => Form::Duration,
            r => unreachable!("not an expression: {r:?}"),
        };
        literal(form, pair.as_str())
    }

    fn test(&self, lhs: Expr, test: Pair<'_, Rule>) -> ExprKind {
        let lhs = Box::new(lhs);
        let rule = test.as_rule();
        let words = |r| matches!(r, Rule::kw_is | Rule::kw_in | Rule::kw_between | Rule::kw_between_and);
        let mut it = kids(test).filter(|p| !words(p.as_rule())).peekable();
        let negated =
            it.next_if(|p| matches!(p.as_rule(), Rule::negation | Rule::kw_is_not | Rule::kw_not_in)).is_some();
        match rule {
            Rule::cmp_test => {
                let op = cmp_op(it.next().expect("operator").as_str());
                ExprKind::Binary(op, lhs, Box::new(self.expr(it.next().expect("rhs"))))
            }
            Rule::is_test => {
                let what = it.next().expect("is what");
                match what.as_rule() {
                    Rule::kw_missing => ExprKind::Present(lhs, negated),
                    Rule::kw_present => ExprKind::Present(lhs, !negated),
                    _ => ExprKind::Is(lhs, negated, self.name(what)),
                }
            }
            Rule::empty_test => ExprKind::Present(lhs, it.next().is_some_and(|p| p.as_rule() == Rule::kw_is_present)),
            Rule::in_test => {
                let list = it.find(|p| matches!(p.as_rule(), Rule::list | Rule::bare_list)).expect("list");
                ExprKind::In(lhs, negated, kids(list).map(|p| self.expr(p)).collect())
            }
            Rule::between_test => {
                let low = self.expr(it.next().expect("low end"));
                ExprKind::Between(lhs, Box::new(low), Box::new(self.expr(it.next().expect("high end"))))
            }
            Rule::contains_test => ExprKind::Contains(lhs, self.string(it.next().expect("text"))),
            Rule::starts_test => ExprKind::StartsWith(lhs, self.string(it.next().expect("text"))),
            Rule::within_test => {
                let dir = it.next().expect("direction");
                let t = if dir.as_str() == "next" { TimeTest::WithinNext } else { TimeTest::WithinLast };
                ExprKind::Time(t, lhs, Box::new(self.expr(it.next().expect("duration"))))
            }
            _ => {
                let t = if rule == Rule::before_test { TimeTest::Before } else { TimeTest::After };
                ExprKind::Time(t, lhs, Box::new(self.expr(it.next().expect("date"))))
            }
        }
    }
}

fn arith_op(op: &str) -> BinOp {
    match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" | "×" => BinOp::Mul,
        _ => BinOp::Div,
    }
}

fn cmp_op(op: &str) -> BinOp {
    match op {
        "=" | "＝" | "等于" => BinOp::Eq,
        "!=" | "≠" | "不等于" => BinOp::Ne,
        "<" | "＜" | "小于" => BinOp::Lt,
        "<=" | "≤" | "小于等于" => BinOp::Le,
        ">" | "＞" | "大于" => BinOp::Gt,
        _ => BinOp::Ge,
    }
}
