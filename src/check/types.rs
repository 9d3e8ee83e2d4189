//! Kinds of value: arithmetic, comparisons, choices and lists, and the messages that name both types.

use super::Checker;
use crate::diag::{closest, Diagnostic, FileId, Mismatch, Pair, PairHint, Problem, Verb, Wanted, WantedHint, Whose};
use crate::ir::{self, ArithOp, CmpOp, Const, ExprKind as K, Type};
use crate::syntax::ast::{self, ExprKind as A, Lit};

impl Checker<'_> {
    pub(super) fn arith(&mut self, op: ArithOp, a: ir::Expr, b: ir::Expr, loc: crate::diag::Loc) -> ir::Expr {
        use Type::*;
        let money = |x: Type, y: Type| if x == Money || y == Money { Money } else { Number };
        let (kind, ty) = match (op, a.ty, b.ty) {
            (_, Error, _) | (_, _, Error) => (None, Error),
            (ArithOp::Add, Date, Duration) => (Some(K::Shift(Box::new(a.clone()), Box::new(b.clone()), 1)), Date),
            (ArithOp::Add, Duration, Date) => (Some(K::Shift(Box::new(b.clone()), Box::new(a.clone()), 1)), Date),
            (ArithOp::Sub, Date, Duration) => (Some(K::Shift(Box::new(a.clone()), Box::new(b.clone()), -1)), Date),
            (ArithOp::Sub, Date, Date) => (Some(K::DaysBetween(Box::new(a.clone()), Box::new(b.clone()))), Number),
            (ArithOp::Div, Money, Money) => (None, Number),
            (ArithOp::Div, x, Number) if x.is_numeric() => (None, x),
            (_, x, y) if x.is_numeric() && y.is_numeric() => (None, money(x, y)),
            _ => {
                let verb = match op {
                    ArithOp::Add => Verb::Add,
                    ArithOp::Sub => Verb::Subtract,
                    ArithOp::Mul => Verb::Multiply,
                    ArithOp::Div => Verb::Divide,
                };
                self.mismatch(&a, &b, verb, &loc);
                (None, Error)
            }
        };
        let kind = kind.unwrap_or_else(|| K::Arith(op, Box::new(a), Box::new(b)));
        ir::Expr { kind, ty, loc }
    }

    pub(super) fn compare(
        &mut self,
        file: FileId,
        op: CmpOp,
        a: &ast::Expr,
        b: &ast::Expr,
        loc: crate::diag::Loc,
    ) -> ir::Expr {
        let x = self.expr(file, a);
        let y = match (&b.kind, x.ty) {
            (A::Name(n), Type::Member(_) | Type::Level(_)) if !self.names.contains_key(&n.text) => {
                match self.member(file, x.ty, n, Some(&x.loc)) {
                    Some(i) => ir::Expr { kind: K::Const(Const::Member(i)), ty: x.ty, loc: Self::loc(file, &n.span) },
                    None => return ir::Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc },
                }
            }
            _ => self.expr(file, b),
        };
        let ordered = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
        if !comparable(x.ty, y.ty, ordered) {
            self.mismatch(&x, &y, Verb::Compare, &loc);
        }
        ir::Expr { kind: K::Cmp(op, Box::new(x), Box::new(y)), ty: Type::Bool, loc }
    }

    /// `X between A and B`: X is compared with each end as by `>=` and `<=`.
    pub(super) fn between(
        &mut self,
        file: FileId,
        x: &ast::Expr,
        low: &ast::Expr,
        high: &ast::Expr,
        loc: crate::diag::Loc,
    ) -> ir::Expr {
        let (x, low, high) = (self.expr(file, x), self.expr(file, low), self.expr(file, high));
        for end in [&low, &high] {
            if !comparable(x.ty, end.ty, true) {
                self.mismatch(&x, end, Verb::Compare, &loc);
            }
        }
        ir::Expr { kind: K::Between(Box::new(x), Box::new(low), Box::new(high)), ty: Type::Bool, loc }
    }

    /// The index of `member` among the choices of type `ty`, reporting an unknown one.
    pub(super) fn member(
        &mut self,
        file: FileId,
        ty: Type,
        member: &ast::Name,
        subject: Option<&crate::diag::Loc>,
    ) -> Option<u32> {
        let (choices, whose): (Vec<String>, Whose) = match ty {
            Type::Member(f) => match self.p.fields[f].members() {
                Some(m) => (m.to_vec(), Whose::Field(self.p.fields[f].name.clone())),
                None => return None,
            },
            Type::Level(l) => {
                (self.p.levels(l).map(String::from).collect(), Whose::Ladder(self.p.ladders[l].name.clone()))
            }
            Type::Error => return None,
            other => {
                let loc = Self::loc(file, &member.span);
                let subject = subject.map(|s| self.p.sources.slice(s).to_string());
                let m = Mismatch::IsOnValue { subject, member: member.text.clone(), ty: self.type_name(other) };
                self.diags.push(Diagnostic::new(Problem::TypeMismatch(m), loc));
                return None;
            }
        };
        if let Some(i) = choices.iter().position(|c| *c == member.text) {
            return Some(i as u32);
        }
        let suggestion = closest(&member.text, choices.iter().map(String::as_str)).map(String::from);
        let loc = Self::loc(file, &member.span);
        let problem = match ty {
            Type::Level(l) => Problem::UnknownLevel {
                ladder: self.p.ladders[l].name.clone(),
                level: member.text.clone(),
                label_of: self.p.level_labelled(l, &member.text),
                suggestion,
                levels: choices,
                form: crate::diag::LevelList::Is,
            },
            Type::Member(_)
            | Type::Bool
            | Type::Number
            | Type::Money
            | Type::Text
            | Type::Date
            | Type::Duration
            | Type::Error => Problem::UnknownMember { member: member.text.clone(), whose, suggestion, choices },
        };
        self.diags.push(Diagnostic::new(problem, loc));
        None
    }

    pub(super) fn list_item(&mut self, file: FileId, ty: Type, item: &ast::Expr) -> Option<Const> {
        if let Type::Member(_) | Type::Level(_) = ty {
            let name = if let A::Name(n) = &item.kind {
                n.clone()
            } else if let A::Lit(Lit::Text(t)) = &item.kind {
                ast::Name { text: t.clone(), span: item.span.clone(), quoted: true }
            } else {
                let text = self.p.sources.slice(&Self::loc(file, &item.span)).to_string();
                ast::Name { text, span: item.span.clone(), quoted: false }
            };
            return self.member(file, ty, &name, None).map(Const::Member);
        }
        if let (A::Name(n), Type::Text) = (&item.kind, ty) {
            if !self.names.contains_key(&n.text) {
                let problem = Problem::UnquotedText { name: n.text.clone() };
                self.diags.push(Diagnostic::new(problem, Self::loc(file, &item.span)));
                return None;
            }
        }
        let x = self.expr(file, item);
        let ok = match (ty, x.ty) {
            (Type::Error, _) | (_, Type::Error) => true,
            (p, q) if p.is_numeric() && q.is_numeric() => true,
            (p, q) => p == q,
        };
        if !ok {
            let item = self.p.sources.slice(&x.loc).to_string();
            let unquote = quoted_number(&item).filter(|_| ty.is_numeric());
            let m = Mismatch::ListItem { item, want: self.type_name(ty), got: self.type_name(x.ty), unquote };
            self.diags.push(Diagnostic::new(Problem::TypeMismatch(m), x.loc.clone()));
            return None;
        }
        if let K::Neg(n) = &x.kind {
            if let K::Const(Const::Num(v)) = n.kind {
                return Some(Const::Num(-v));
            }
        }
        if let K::Const(c) = x.kind {
            return Some(c);
        }
        self.diags.push(Diagnostic::new(Problem::NotAConstant, x.loc));
        None
    }

    /// Reports `x` when its type is not `want` (numbers and money count as one).
    pub(super) fn expect(&mut self, x: &ir::Expr, want: Type, wanted: Wanted) {
        let ok = x.ty == want || x.ty == Type::Error || want.is_numeric() && x.ty.is_numeric();
        if ok {
            return;
        }
        let src = self.p.sources.slice(&x.loc).to_string();
        let mut hint = WantedHint::Plain;
        if want == Type::Date && x.ty == Type::Duration {
            hint = WantedHint::Window;
        }
        let digits = src.len() == 8 && src.bytes().all(|b| b.is_ascii_digit());
        if want == Type::Date && digits {
            let (year, month, day) = (src[..4].to_string(), src[4..6].to_string(), src[6..].to_string());
            hint = WantedHint::Dashes { year, month, day };
        }
        if want == Type::Duration && x.ty.is_numeric() && matches!(x.kind, K::Const(_)) {
            hint = WantedHint::Unit;
        }
        let m = Mismatch::Expected { src, want: wanted, got: self.type_name(x.ty), hint };
        self.diags.push(Diagnostic::new(Problem::TypeMismatch(m), x.loc.clone()));
    }

    /// Reports one value of the wrong kind for what is done to it.
    pub(super) fn wrong_kind(&mut self, x: &ir::Expr, op: crate::diag::KindOp) {
        let src = self.p.sources.slice(&x.loc).to_string();
        let m = Mismatch::WrongKind { src, got: self.type_name(x.ty), op };
        self.diags.push(Diagnostic::new(Problem::TypeMismatch(m), x.loc.clone()));
    }

    /// Reports two values that cannot be combined by `verb`, naming both types.
    pub(super) fn mismatch(&mut self, a: &ir::Expr, b: &ir::Expr, verb: Verb, loc: &crate::diag::Loc) {
        let (sa, sb) = (self.p.sources.slice(&a.loc).to_string(), self.p.sources.slice(&b.loc).to_string());
        let arith = verb != Verb::Compare;
        let hint = match (a.ty, b.ty) {
            (Type::Date, _) | (_, Type::Date) if arith => PairHint::DateArithmetic,
            _ if arith => {
                let (odd, t) = if a.ty.is_numeric() { (&sb, b.ty) } else { (&sa, a.ty) };
                PairHint::NotNumeric { src: odd.clone(), ty: self.type_name(t) }
            }
            (Type::Date, Type::Duration) => {
                let op = crate::diag::Loc { file: a.loc.file, span: a.loc.span.end..b.loc.span.start };
                let op = self.p.sources.slice(&op).trim().to_string();
                days_in(&sb).map_or(PairHint::DateWithLength, |days| PairHint::DaysSince { date: sa.clone(), op, days })
            }
            (Type::Duration, Type::Date) => PairHint::DateWithLength,
            (Type::Text, t) | (t, Type::Text) if t.is_numeric() => {
                quoted_number(&sb).or_else(|| quoted_number(&sa)).map_or(PairHint::TextWithNumber, PairHint::Unquote)
            }
            (Type::Date, t) | (t, Type::Date) if t.is_numeric() => PairHint::DaysCount,
            (Type::Bool, _) | (_, Type::Bool) => PairHint::YesNo,
            (p, q) if p == q => PairHint::Unordered { ty: self.type_name(p) },
            _ => PairHint::SameKind,
        };
        let pair = Pair { verb, a: (sa, self.type_name(a.ty)), b: (sb, self.type_name(b.ty)), hint };
        self.diags.push(Diagnostic::new(Problem::TypeMismatch(Mismatch::Pair(Box::new(pair))), loc.clone()));
    }
}

/// Whether values of types `p` and `q` can be compared; `ordered` for `<`, `<=`, `>`, `>=`.
fn comparable(p: Type, q: Type, ordered: bool) -> bool {
    match (p, q) {
        (Type::Error, _) | (_, Type::Error) => true,
        (p, q) if p.is_numeric() && q.is_numeric() => true,
        (Type::Date, Type::Date) | (Type::Duration, Type::Duration) => true,
        (p, q) if p == q => !ordered,
        _ => false,
    }
}

/// The days of a length of time written in days or weeks (`30天`, `2 weeks`).
fn days_in(length: &str) -> Option<u64> {
    let digits = length.find(|c: char| !c.is_ascii_digit()).unwrap_or(length.len());
    let n: u64 = length[..digits].parse().ok()?;
    match length[digits..].trim() {
        "天" | "day" | "days" => Some(n),
        "周" | "week" | "weeks" => n.checked_mul(7),
        _ => None,
    }
}

/// The number inside a quoted text such as `"100万"`, when it is one.
fn quoted_number(s: &str) -> Option<String> {
    let inner = s.trim_matches(['"', '“', '”']);
    let is_number = crate::cell::parse_number(inner).ok().flatten().is_some();
    (s.starts_with(['"', '“']) && is_number).then(|| inner.to_string())
}
