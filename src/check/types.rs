//! Kinds of value: arithmetic, comparisons, choices and lists, and the messages that name both types.

use super::Checker;
use crate::diag::{closest, Diagnostic, FileId};
use crate::ir::{self, ArithOp, CmpOp, Const, ExprKind as K, FieldType, Type};
use crate::syntax::ast::{self, BinOp, ExprKind as A, Lit};

impl Checker<'_> {
    pub(super) fn arith(&mut self, op: BinOp, a: ir::Expr, b: ir::Expr, loc: crate::diag::Loc) -> ir::Expr {
        use Type::*;
        let money = |x: Type, y: Type| if x == Money || y == Money { Money } else { Number };
        let (kind, ty) = match (op, a.ty, b.ty) {
            (_, Error, _) | (_, _, Error) => (None, Error),
            (BinOp::Add, Date, Duration) => (Some(K::Shift(Box::new(a.clone()), Box::new(b.clone()), 1)), Date),
            (BinOp::Add, Duration, Date) => (Some(K::Shift(Box::new(b.clone()), Box::new(a.clone()), 1)), Date),
            (BinOp::Sub, Date, Duration) => (Some(K::Shift(Box::new(a.clone()), Box::new(b.clone()), -1)), Date),
            (BinOp::Sub, Date, Date) => (Some(K::DaysBetween(Box::new(a.clone()), Box::new(b.clone()))), Number),
            (BinOp::Div, Money, Money) => (None, Number),
            (BinOp::Div, x, Number) if x.is_numeric() => (None, x),
            (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div, x, y) if x.is_numeric() && y.is_numeric() => {
                (None, money(x, y))
            }
            _ => {
                let verb = match op {
                    BinOp::Add => "add",
                    BinOp::Sub => "subtract",
                    BinOp::Mul => "multiply",
                    _ => "divide",
                };
                self.mismatch(&a, &b, verb, &loc);
                (None, Error)
            }
        };
        let aop = match op {
            BinOp::Add => ArithOp::Add,
            BinOp::Sub => ArithOp::Sub,
            BinOp::Mul => ArithOp::Mul,
            _ => ArithOp::Div,
        };
        let kind = kind.unwrap_or_else(|| K::Arith(aop, Box::new(a), Box::new(b)));
        ir::Expr { kind, ty, loc }
    }

    pub(super) fn compare(
        &mut self,
        file: FileId,
        op: BinOp,
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
        let op = match op {
            BinOp::Eq => CmpOp::Eq,
            BinOp::Ne => CmpOp::Ne,
            BinOp::Lt => CmpOp::Lt,
            BinOp::Le => CmpOp::Le,
            BinOp::Gt => CmpOp::Gt,
            _ => CmpOp::Ge,
        };
        let ordered = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
        let ok = match (x.ty, y.ty) {
            (Type::Error, _) | (_, Type::Error) => true,
            (p, q) if p.is_numeric() && q.is_numeric() => true,
            (Type::Date, Type::Date) | (Type::Duration, Type::Duration) => true,
            (p, q) if p == q => !ordered,
            _ => false,
        };
        if !ok {
            self.mismatch(&x, &y, "compare", &loc);
        }
        ir::Expr { kind: K::Cmp(op, Box::new(x), Box::new(y)), ty: Type::Bool, loc }
    }

    /// The index of `member` among the choices of type `ty`, reporting an unknown one.
    pub(super) fn member(
        &mut self,
        file: FileId,
        ty: Type,
        member: &ast::Name,
        subject: Option<&crate::diag::Loc>,
    ) -> Option<u32> {
        let (choices, whose): (Vec<String>, String) = match ty {
            Type::Member(f) => match &self.p.fields[f].ty {
                FieldType::OneOf(m) => (m.clone(), self.p.fields[f].name.clone()),
                _ => return None,
            },
            Type::Level(l) => {
                (self.p.levels(l).map(String::from).collect(), format!("the ladder {}", self.p.ladders[l].name))
            }
            Type::Error => return None,
            other => {
                let loc = Self::loc(file, &member.span);
                let subject =
                    subject.map_or_else(|| "this value".to_string(), |s| format!("`{}`", self.p.sources.slice(s)));
                let name = subject.trim_matches('`');
                let help = match other {
                    Type::Text => format!("For text write `{name} = \"{}\"`.", member.text),
                    Type::Bool => format!("A yes/no field is a condition by itself: write `{name}` or `not {name}`."),
                    _ => format!("Compare it with `=`, as in `{name} = …`."),
                };
                self.diags.push(
                    Diagnostic::error(
                        "ladder::type_mismatch",
                        loc,
                        format!(
                            "`is` names a choice of a `one of` field or a level, but {subject} is {}.",
                            self.type_name(other)
                        ),
                    )
                    .label("not a choice")
                    .help(help),
                );
                return None;
            }
        };
        if let Some(i) = choices.iter().position(|c| *c == member.text) {
            return Some(i as u32);
        }
        let hint = closest(&member.text, choices.iter().map(String::as_str))
            .map_or(String::new(), |c| format!("Did you mean `{c}`? "));
        let loc = Self::loc(file, &member.span);
        let d = match ty {
            Type::Level(l) => Diagnostic::error(
                "ladder::unknown_level",
                loc,
                format!("The ladder `{}` has no level `{}`.", self.p.ladders[l].name, member.text),
            )
            .label("unknown level")
            .help(format!("{hint}The levels are: {}.", choices.join(", "))),
            _ => Diagnostic::error(
                "ladder::unknown_member",
                loc,
                format!("`{}` is not one of the choices of {whose}.", member.text),
            )
            .label("unknown choice")
            .help(format!("{hint}The choices are: {}.", choices.join(", "))),
        };
        self.diags.push(d);
        None
    }

    pub(super) fn list_item(&mut self, file: FileId, ty: Type, item: &ast::Expr) -> Option<Const> {
        if let Type::Member(_) | Type::Level(_) = ty {
            let name = match &item.kind {
                A::Name(n) => n.clone(),
                A::Lit(Lit::Text(t)) => ast::Name { text: t.clone(), span: item.span.clone(), quoted: true },
                _ => ast::Name {
                    text: self.p.sources.slice(&Self::loc(file, &item.span)).to_string(),
                    span: item.span.clone(),
                    quoted: false,
                },
            };
            return self.member(file, ty, &name, None).map(Const::Member);
        }
        if let (A::Name(n), Type::Text) = (&item.kind, ty) {
            if !self.names.contains_key(&n.text) {
                self.diags.push(
                    Diagnostic::error(
                        "ladder::unquoted_text",
                        Self::loc(file, &item.span),
                        format!("`{}` is not a declared name; text in a list needs quotes.", n.text),
                    )
                    .label("text without quotes")
                    .help(format!("Write \"{}\".", n.text)),
                );
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
            let msg = format!(
                "This list holds {}, but `{}` is {}.",
                self.type_name(ty),
                self.p.sources.slice(&x.loc),
                self.type_name(x.ty)
            );
            self.diags.push(
                Diagnostic::error("ladder::type_mismatch", x.loc.clone(), msg)
                    .label(format!("this is {}", self.type_name(x.ty)))
                    .help(match quoted_number(self.p.sources.slice(&x.loc)) {
                        Some(n) if ty.is_numeric() => format!("Write the number without quotes: `{n}`."),
                        _ => format!(
                            "Every value in the list must be {}, like the value before `in`.",
                            self.type_name(ty)
                        ),
                    }),
            );
            return None;
        }
        match x.kind {
            K::Const(c) => Some(c),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        "ladder::not_a_constant",
                        x.loc,
                        "A list holds fixed values, not fields or calculations.",
                    )
                    .label("not a fixed value")
                    .help("Write the values themselves, such as [\"政府机关\", \"非营利机构\"]."),
                );
                None
            }
        }
    }

    /// Reports `x` when its type is not `want` (numbers and money count as one).
    pub(super) fn expect(&mut self, x: &ir::Expr, want: Type, words: &str) {
        let ok = x.ty == want || x.ty == Type::Error || want.is_numeric() && x.ty.is_numeric();
        if ok {
            return;
        }
        let src = self.p.sources.slice(&x.loc).to_string();
        let mut help = format!("Write {words} here.");
        if want == Type::Date && x.ty == Type::Duration {
            help = format!("`{src}` is a length of time; to test a window write `DATE within next {src}`.");
        }
        let digits = src.len() == 8 && src.bytes().all(|b| b.is_ascii_digit());
        if want == Type::Date && digits {
            help = format!("Write the date with dashes: `{}-{}-{}`.", &src[..4], &src[4..6], &src[6..]);
        }
        if want == Type::Duration && x.ty.is_numeric() && matches!(x.kind, K::Const(_)) {
            help = format!("Add a unit of time, as in `{src} days` or `{src}天`.");
        }
        self.diags.push(
            Diagnostic::error(
                "ladder::type_mismatch",
                x.loc.clone(),
                format!("Expected {words}, but `{src}` is {}.", self.type_name(x.ty)),
            )
            .label(format!("this is {}", self.type_name(x.ty)))
            .help(help),
        );
    }

    /// Reports one value of the wrong kind for what is done to it (`what`, said in words).
    pub(super) fn wrong_kind(&mut self, x: &ir::Expr, what: &str, help: &str) {
        let src = self.p.sources.slice(&x.loc).to_string();
        let ty = self.type_name(x.ty);
        self.diags.push(
            Diagnostic::error("ladder::type_mismatch", x.loc.clone(), format!("{what}, but `{src}` is {ty}."))
                .label(format!("this is {ty}"))
                .help(help),
        );
    }

    /// Reports two values that cannot be combined by `verb`, naming both types.
    pub(super) fn mismatch(&mut self, a: &ir::Expr, b: &ir::Expr, verb: &str, loc: &crate::diag::Loc) {
        let (sa, sb) = (self.p.sources.slice(&a.loc).to_string(), self.p.sources.slice(&b.loc).to_string());
        let (ta, tb) = (self.type_name(a.ty), self.type_name(b.ty));
        let help = match (a.ty, b.ty) {
            (Type::Date, _) | (_, Type::Date) if verb != "compare" => {
                "A date moves by a length of time, as in `预计采购日期 + 30 days`; two dates subtract to a number of days.".to_string()
            }
            _ if verb != "compare" => {
                let (odd, t) = if a.ty.is_numeric() { (&sb, &tb) } else { (&sa, &ta) };
                format!("Arithmetic works on numbers and money only, and `{odd}` is {t}.")
            }
            (Type::Date, Type::Duration) | (Type::Duration, Type::Date) => {
                "A date and a length of time do not compare; write `DATE within next 2 months` or `DATE before today + 2 months`.".to_string()
            }
            (Type::Text, t) | (t, Type::Text) if t.is_numeric() => match quoted_number(&sb).or_else(|| quoted_number(&sa)) {
                Some(n) => format!("Write the number without quotes: `{n}`."),
                None => "Text and numbers do not compare; compare the number with a number such as `100万`.".to_string(),
            },
            (Type::Date, t) | (t, Type::Date) if t.is_numeric() => {
                "To compare a number of days, write `days since DATE` or `days until DATE`; a date is written 2026-11-23.".to_string()
            }
            (Type::Bool, _) | (_, Type::Bool) => "A yes/no field is a condition by itself: write it alone, or with `not`.".to_string(),
            _ => "Both sides must be the same kind of value.".to_string(),
        };
        let msg = match verb {
            "subtract" => format!("Cannot subtract `{sb}` ({tb}) from `{sa}` ({ta})."),
            "divide" => format!("Cannot divide `{sa}` ({ta}) by `{sb}` ({tb})."),
            "compare" => format!("Cannot compare `{sa}` ({ta}) with `{sb}` ({tb})."),
            _ => format!("Cannot {verb} `{sa}` ({ta}) and `{sb}` ({tb})."),
        };
        self.diags.push(
            Diagnostic::error("ladder::type_mismatch", loc.clone(), msg).label(format!("{ta} vs {tb}")).help(help),
        );
    }
}

/// The number inside a quoted text such as `"100万"`, when it is one.
fn quoted_number(s: &str) -> Option<String> {
    let inner = s.trim_matches(['"', '“', '”']);
    let is_number = crate::cell::parse_number(inner).ok().flatten().is_some();
    (s.starts_with(['"', '“']) && is_number).then(|| inner.to_string())
}
