//! Expressions: resolving names, typing every node, and saying what is wrong in words.

use super::{Checker, NameRef, State};
use crate::diag::{closest, Diagnostic, FileId};
use crate::ir::{self, ArithOp, CmpOp, Const, ExprKind as K, FieldType, Type};
use crate::syntax::ast::{self, BinOp, ExprKind as A, GroupKind, Lit, TimeTest};

impl Checker<'_> {
    /// An expression that must be a condition.
    pub(super) fn cond(&mut self, file: FileId, e: &ast::Expr) -> ir::Expr {
        let ex = self.expr(file, e);
        if matches!(ex.ty, Type::Bool | Type::Error) {
            return ex;
        }
        let src = self.p.sources.slice(&ex.loc).to_string();
        let example = match ex.ty {
            Type::Number | Type::Money => format!("compare it, as in `{src} >= 100万`"),
            Type::Text => format!("compare it, as in `{src} = \"制造业\"`, or test `{src} is present`"),
            Type::Date => format!("test a window, as in `{src} within next 2 months`"),
            Type::Member(f) => {
                let m = match &self.p.fields[f].ty {
                    FieldType::OneOf(m) => m.first().cloned().unwrap_or_default(),
                    _ => String::new(),
                };
                format!("name a choice, as in `{src} is {m}`")
            }
            Type::Level(l) => {
                format!("name a level, as in `{src} is {}`", self.p.ladders[l].rules.first().map_or("", |r| &r.level))
            }
            _ => "compare it with a value".to_string(),
        };
        let msg = format!("`{src}` is {}, not a condition that is true or false.", self.type_name(ex.ty));
        self.diags.push(
            Diagnostic::error("ladder::not_a_condition", ex.loc.clone(), msg)
                .label(format!("this is {}", self.type_name(ex.ty)))
                .help(format!("To use it as a condition, {example}.")),
        );
        ir::Expr { ty: Type::Error, ..ex }
    }

    /// Any expression.
    pub(super) fn expr(&mut self, file: FileId, e: &ast::Expr) -> ir::Expr {
        let loc = Self::loc(file, &e.span);
        let mk = |kind, ty| ir::Expr { kind, ty, loc: loc.clone() };
        match &e.kind {
            A::Lit(lit) => {
                let (c, ty) = match lit {
                    Lit::Number(n) => (Const::Num(*n), Type::Number),
                    Lit::Money(n) => (Const::Num(*n), Type::Money),
                    Lit::Text(t) => {
                        if !self.p.sources.slice(&loc).starts_with(['"', '“']) {
                            return self.bad_date(loc);
                        }
                        (Const::Text(t.clone()), Type::Text)
                    }
                    Lit::Date(d) => (Const::Date(*d), Type::Date),
                    Lit::Duration(d) => (Const::Duration(*d), Type::Duration),
                    Lit::Bool(b) => (Const::Bool(*b), Type::Bool),
                    Lit::Today => return mk(K::Today, Type::Date),
                };
                mk(K::Const(c), ty)
            }
            A::Name(name) => self.name(file, name),
            A::Paren(inner) => self.expr(file, inner),
            A::Call(name, arg) => self.call(file, name, arg, loc),
            A::Neg(inner) => {
                let x = self.expr(file, inner);
                let ty = x.ty;
                if !ty.is_numeric() {
                    self.wrong_kind(&x, "`-` makes a number negative", "Put `-` before a number or an amount only.");
                }
                mk(K::Neg(Box::new(x)), if ty.is_numeric() { ty } else { Type::Error })
            }
            A::Not(inner) => mk(K::Not(Box::new(self.cond(file, inner))), Type::Bool),
            A::Binary(op @ (BinOp::And | BinOp::Or), _, _) => {
                let mut operands = Vec::new();
                flatten(e, *op, &mut operands);
                let conds = operands.into_iter().map(|o| self.cond(file, o)).collect();
                mk(if *op == BinOp::And { K::And(conds) } else { K::Or(conds) }, Type::Bool)
            }
            A::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div), a, b) => {
                let (a, b) = (self.expr(file, a), self.expr(file, b));
                self.arith(*op, a, b, loc)
            }
            A::Binary(op, a, b) => self.compare(file, *op, a, b, loc),
            A::Is(inner, negated, member) => {
                let x = self.expr(file, inner);
                let op = if *negated { CmpOp::Ne } else { CmpOp::Eq };
                match self.member(file, x.ty, member, Some(&x.loc)) {
                    Some(i) => {
                        let m =
                            ir::Expr { kind: K::Const(Const::Member(i)), ty: x.ty, loc: Self::loc(file, &member.span) };
                        mk(K::Cmp(op, Box::new(x), Box::new(m)), Type::Bool)
                    }
                    None => mk(K::Const(Const::Bool(false)), Type::Error),
                }
            }
            A::Present(inner, present) => mk(K::Present(Box::new(self.expr(file, inner)), *present), Type::Bool),
            A::In(inner, negated, list) => {
                let x = self.expr(file, inner);
                let items = list.iter().filter_map(|item| self.list_item(file, x.ty, item)).collect();
                mk(K::In(Box::new(x), items, *negated), Type::Bool)
            }
            A::Contains(inner, s) | A::StartsWith(inner, s) => {
                let x = self.expr(file, inner);
                if !matches!(x.ty, Type::Text | Type::Error) {
                    let what = if matches!(e.kind, A::Contains(..)) { "`contains`" } else { "`starts with`" };
                    let help = match x.ty {
                        Type::Member(_) | Type::Level(_) => {
                            "To test a choice write `反馈人 is 拍板人` or `反馈人 in [拍板人, 使用者]`."
                        }
                        t if t.is_numeric() => "To test an amount, compare it: `年销售额 >= 100万`.",
                        _ => "Use it on a text field such as `行业 contains \"制造\"`.",
                    };
                    self.wrong_kind(&x, &format!("{what} looks inside text"), help);
                }
                let x = Box::new(x);
                mk(
                    if matches!(e.kind, A::Contains(..)) {
                        K::Contains(x, s.text.clone())
                    } else {
                        K::StartsWith(x, s.text.clone())
                    },
                    Type::Bool,
                )
            }
            A::Time(test, d, other) => {
                let (d, other) = (self.expr(file, d), self.expr(file, other));
                let want = if matches!(test, TimeTest::WithinNext | TimeTest::WithinLast) {
                    Type::Duration
                } else {
                    Type::Date
                };
                self.expect(&d, Type::Date, "a date such as `预计采购日期`");
                let words = if want == Type::Duration {
                    "a length of time such as `2 months`"
                } else {
                    "a date such as `2026-11-23`"
                };
                self.expect(&other, want, words);
                let (d, other) = (Box::new(d), Box::new(other));
                mk(
                    match test {
                        TimeTest::WithinNext => K::Within(d, other, true),
                        TimeTest::WithinLast => K::Within(d, other, false),
                        TimeTest::Before => K::Before(d, other),
                        TimeTest::After => K::After(d, other),
                    },
                    Type::Bool,
                )
            }
            A::DaysSince(d) | A::DaysUntil(d) => {
                let d = self.expr(file, d);
                self.expect(&d, Type::Date, "a date such as `最近购买日期`");
                let d = Box::new(d);
                mk(if matches!(e.kind, A::DaysSince(_)) { K::DaysSince(d) } else { K::DaysUntil(d) }, Type::Number)
            }
            A::Group(kind, members) => {
                let conds: Vec<ir::Expr> = members.iter().map(|m| self.cond(file, m)).collect();
                match kind {
                    GroupKind::All => mk(K::And(conds), Type::Bool),
                    GroupKind::Any => mk(K::Or(conds), Type::Bool),
                    GroupKind::AtLeast(n) => {
                        if *n == 0 || *n as usize > conds.len() {
                            let msg = if *n == 0 {
                                "`at least 0 of` is always true.".to_string()
                            } else {
                                format!("`at least {n} of` needs {n} conditions, but this group has {}.", conds.len())
                            };
                            self.diags.push(
                                Diagnostic::error("ladder::at_least_too_many", loc.clone(), msg)
                                    .label(format!(
                                        "{} condition{} in this group",
                                        conds.len(),
                                        if conds.len() == 1 { "" } else { "s" }
                                    ))
                                    .help(format!(
                                        "Use a number from 1 to {}, or add the missing conditions.",
                                        conds.len().max(1)
                                    )),
                            );
                        }
                        mk(K::AtLeast(*n, conds), Type::Bool)
                    }
                }
            }
        }
    }

    fn bad_date(&mut self, loc: crate::diag::Loc) -> ir::Expr {
        let src = self.p.sources.slice(&loc).to_string();
        self.diags.push(
            Diagnostic::error("ladder::bad_date", loc.clone(), format!("`{src}` is not a day in the calendar."))
                .label("no such day")
                .help("Check the month and day; dates are written 2026-11-23, 2026/1/5 or 2026年1月5日."),
        );
        ir::Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc }
    }

    fn name(&mut self, file: FileId, name: &ast::Name) -> ir::Expr {
        let loc = Self::loc(file, &name.span);
        let mk = |kind, ty| ir::Expr { kind, ty, loc: loc.clone() };
        match self.names.get(&name.text).map(|(r, _)| *r) {
            Some(NameRef::Field(f)) => {
                self.used_fields[f] = true;
                if self.untyped_fields[f] {
                    return mk(K::Field(f), Type::Error);
                }
                let ty = match &self.p.fields[f].ty {
                    FieldType::Text => Type::Text,
                    FieldType::Number => Type::Number,
                    FieldType::Money => Type::Money,
                    FieldType::Bool => Type::Bool,
                    FieldType::Date => Type::Date,
                    FieldType::OneOf(_) => Type::Member(f),
                    FieldType::Grade(l) => Type::Level(*l),
                };
                mk(K::Field(f), ty)
            }
            Some(r @ (NameRef::Let(i) | NameRef::Score(i))) => {
                let checking = match r {
                    NameRef::Let(_) => self.let_state[i],
                    _ => self.score_state[i],
                } == State::Checking;
                if checking {
                    self.cycle(&loc, &name.text);
                    return mk(K::Const(Const::Bool(false)), Type::Error);
                }
                let ty = self.binding(r);
                match r {
                    NameRef::Let(_) => {
                        self.used_lets[i] = true;
                        mk(K::Let(i), ty)
                    }
                    _ => mk(K::Score(i), ty),
                }
            }
            Some(NameRef::Broken) => mk(K::Const(Const::Bool(false)), Type::Error),
            Some(NameRef::Ladder(_) | NameRef::Transitions(_)) => {
                self.diags.push(
                    Diagnostic::error("ladder::not_a_value", loc.clone(), format!("`{}` is a ladder, not a value a condition can use.", name.text))
                        .label("a ladder")
                        .help("Conditions use fields, lets and scores; to test a stage, declare a field such as `当前阶段: grade 等级`."),
                );
                mk(K::Const(Const::Bool(false)), Type::Error)
            }
            None => {
                self.unknown_name(file, name);
                mk(K::Const(Const::Bool(false)), Type::Error)
            }
        }
    }

    fn cycle(&mut self, loc: &crate::diag::Loc, name: &str) {
        let start = self.stack.iter().position(|n| n == name).unwrap_or(0);
        let mut chain: Vec<&str> = self.stack[start..].iter().map(String::as_str).collect();
        chain.push(name);
        self.diags.push(
            Diagnostic::error("ladder::let_cycle", loc.clone(), format!("`{name}` is defined in terms of itself."))
                .label("this use closes the circle")
                .help(format!(
                    "The definitions go round in a circle: {}. Define one of them without the others.",
                    chain.join(" → ")
                )),
        );
    }

    /// Reports a name that is not declared, with the likeliest fix.
    pub(super) fn unknown_name(&mut self, file: FileId, name: &ast::Name) {
        let yes_no = ["yes", "no", "y", "n", "对", "错", "真", "假", "有", "无", "√", "×"];
        if yes_no.contains(&name.text.to_lowercase().as_str()) {
            self.diags.push(
                Diagnostic::error("ladder::unknown_name", Self::loc(file, &name.span), format!("There is no field, let or score named `{}`.", name.text))
                    .label("unknown name")
                    .help("In rules, yes and no are written `是` and `否` (or `true` and `false`); a yes/no field is a condition by itself."),
            );
            return;
        }
        let split = self.split_on_keyword(&name.text);
        for part in split.iter().flat_map(|s| s.split(' ')) {
            self.mark_used(part);
        }
        let help = split.map(|s| format!("Keywords must stand apart from names: write `{s}`.")).or_else(|| {
            let owner = self
                .p
                .fields
                .iter()
                .find(|f| matches!(&f.ty, FieldType::OneOf(m) if m.contains(&name.text)))?
                .name
                .clone();
            self.mark_used(&owner);
            Some(format!("`{}` is a choice of {owner}: write `{owner} is {}`.", name.text, name.text))
        });
        let help = help.or_else(|| {
            let c = closest(&name.text, self.names.keys().map(String::as_str))?.to_string();
            self.mark_used(&c);
            Some(format!("Did you mean `{c}`?"))
        });
        let help = help.unwrap_or_else(|| "Declare it in `fields { … }` or define it with `let`.".to_string());
        self.diags.push(
            Diagnostic::error(
                "ladder::unknown_name",
                Self::loc(file, &name.span),
                format!("There is no field, let or score named `{}`.", name.text),
            )
            .label("unknown name")
            .help(help),
        );
    }

    /// `拍板人反馈且口头承诺` → `拍板人反馈 且 口头承诺` when both sides are known names.
    fn split_on_keyword(&self, text: &str) -> Option<String> {
        for kw in ["且", "或", "非"] {
            for (i, _) in text.match_indices(kw) {
                let (left, right) = (&text[..i], &text[i + kw.len()..]);
                if left.is_empty() || !self.names.contains_key(left) {
                    continue;
                }
                if self.names.contains_key(right) {
                    return Some(format!("{left} {kw} {right}"));
                }
                if let Some(rest) = self.split_on_keyword(right) {
                    return Some(format!("{left} {kw} {rest}"));
                }
            }
        }
        None
    }

    fn call(&mut self, file: FileId, name: &ast::Name, arg: &ast::Expr, loc: crate::diag::Loc) -> ir::Expr {
        let func = match name.text.as_str() {
            "quintile" | "五分位" => Some(ir::PopFn::Quintile),
            "percentile" | "百分位" => Some(ir::PopFn::Percentile),
            "rank" | "排名" => Some(ir::PopFn::Rank),
            _ => None,
        };
        let error = |kind| ir::Expr { kind, ty: Type::Error, loc: loc.clone() };
        if func.is_none() || self.in_population {
            // The call is an error; its argument is still checked for mistakes of its own.
            let outer = std::mem::replace(&mut self.in_population, false);
            self.expr(file, arg);
            self.in_population = outer;
        }
        let Some(func) = func else {
            let hint = closest(&name.text, ["quintile", "percentile", "rank"])
                .map_or(String::new(), |c| format!("Did you mean `{c}`? "));
            self.diags.push(
                Diagnostic::error(
                    "ladder::unknown_function",
                    Self::loc(file, &name.span),
                    format!("There is no function named `{}`.", name.text),
                )
                .label("unknown function")
                .help(format!("{hint}The functions are quintile(X), percentile(X) and rank(X).")),
            );
            return error(K::Const(Const::Bool(false)));
        };
        if self.in_population {
            self.diags.push(
                Diagnostic::error(
                    "ladder::nested_population",
                    loc.clone(),
                    format!("`{}` cannot be used inside another ranking function.", name.text),
                )
                .label("nested ranking")
                .help("Rank a field or a sum of fields; define the inner ranking as its own `score` first."),
            );
            return error(K::Const(Const::Bool(false)));
        }
        self.in_population = true;
        let arg = self.expr(file, arg);
        self.in_population = false;
        self.expect(&arg, Type::Number, "a number such as `购买金额` or `days since 最近购买日期`");
        self.p.pops.push(ir::Population { func, arg });
        ir::Expr { kind: K::Pop(self.p.pops.len() - 1), ty: Type::Number, loc }
    }

    fn arith(&mut self, op: BinOp, a: ir::Expr, b: ir::Expr, loc: crate::diag::Loc) -> ir::Expr {
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

    fn compare(&mut self, file: FileId, op: BinOp, a: &ast::Expr, b: &ast::Expr, loc: crate::diag::Loc) -> ir::Expr {
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
    fn member(
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

    fn list_item(&mut self, file: FileId, ty: Type, item: &ast::Expr) -> Option<Const> {
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
    fn expect(&mut self, x: &ir::Expr, want: Type, words: &str) {
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
    fn wrong_kind(&mut self, x: &ir::Expr, what: &str, help: &str) {
        let src = self.p.sources.slice(&x.loc).to_string();
        let ty = self.type_name(x.ty);
        self.diags.push(
            Diagnostic::error("ladder::type_mismatch", x.loc.clone(), format!("{what}, but `{src}` is {ty}."))
                .label(format!("this is {ty}"))
                .help(help),
        );
    }

    /// Reports two values that cannot be combined by `verb`, naming both types.
    fn mismatch(&mut self, a: &ir::Expr, b: &ir::Expr, verb: &str, loc: &crate::diag::Loc) {
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

/// The operands of a chain of the same `and`/`or`, in order.
fn flatten<'e>(e: &'e ast::Expr, op: BinOp, out: &mut Vec<&'e ast::Expr>) {
    match &e.kind {
        A::Binary(o, a, b) if *o == op => {
            flatten(a, op, out);
            flatten(b, op, out);
        }
        _ => out.push(e),
    }
}
