//! Names in expressions: fields, lets, scores and functions, and the fix for an unknown one.

use super::{Checker, NameRef, State};
use crate::diag::{closest, Diagnostic, FileId};
use crate::ir::{self, Const, ExprKind as K, FieldType, Type};
use crate::syntax::ast;
use crate::syntax::keywords::Kw;

impl Checker<'_> {
    pub(super) fn name(&mut self, file: FileId, name: &ast::Name) -> ir::Expr {
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

    pub(super) fn cycle(&mut self, loc: &crate::diag::Loc, name: &str) {
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
    pub(super) fn split_on_keyword(&self, text: &str) -> Option<String> {
        for kw in [Kw::And, Kw::Or, Kw::Not].into_iter().filter_map(|k| k.entry().zh) {
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

    pub(super) fn call(&mut self, file: FileId, name: &ast::Name, arg: &ast::Expr, loc: crate::diag::Loc) -> ir::Expr {
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
}
