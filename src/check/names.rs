//! Names in expressions: fields, lets, scores, ladders and functions, and the fix for an unknown one.

use super::{Checker, NameRef, State};
use crate::diag::{closest, Diagnostic, FileId, Loc, NameFix, Problem};
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
            Some(NameRef::Ladder(l)) => mk(K::Ladder(l), Type::Level(l)),
            Some(NameRef::Transitions(_)) => {
                self.diags.push(Diagnostic::new(Problem::NotAValue { name: name.text.clone() }, loc.clone()));
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
        let chain = chain.into_iter().map(String::from).collect();
        self.diags.push(Diagnostic::new(Problem::LetCycle { name: name.to_string(), chain }, loc.clone()));
    }

    /// Reports a name that is not declared, with the likeliest fix.
    pub(super) fn unknown_name(&mut self, file: FileId, name: &ast::Name) {
        let yes_no = ["yes", "no", "y", "n", "对", "错", "真", "假", "有", "无", "√", "×"];
        if yes_no.contains(&name.text.to_lowercase().as_str()) {
            let problem = Problem::UnknownName { name: name.text.clone(), fix: NameFix::YesNo };
            self.diags.push(Diagnostic::new(problem, Self::loc(file, &name.span)));
            return;
        }
        let split = self.split_on_keyword(&name.text);
        for part in split.iter().flat_map(|s| s.split(' ')) {
            self.mark_used(part);
        }
        let fix = split.map(NameFix::Split).or_else(|| {
            let owner = self
                .p
                .fields
                .iter()
                .find(|f| matches!(&f.ty, FieldType::OneOf(m) if m.contains(&name.text)))?
                .name
                .clone();
            self.mark_used(&owner);
            Some(NameFix::ChoiceOf { owner })
        });
        let fix = fix.or_else(|| {
            let amount = crate::syntax::chinese_amount(&name.text)?;
            Some(NameFix::Amount(crate::syntax::in_wan(amount)))
        });
        let fix = fix.or_else(|| {
            // Between names equally close, the one declared first.
            let names = &self.names;
            let declared = self.declared.get_or_insert_with(|| {
                let mut declared: Vec<(&String, &Loc)> = names.iter().map(|(n, (_, loc))| (n, loc)).collect();
                declared.sort_by_key(|(_, loc)| (loc.file, loc.span.start));
                declared.into_iter().map(|(n, _)| n.clone()).collect()
            });
            let c = closest(&name.text, declared.iter().map(String::as_str))?.to_string();
            self.mark_used(&c);
            Some(NameFix::DidYouMean(c))
        });
        let problem = Problem::UnknownName { name: name.text.clone(), fix: fix.unwrap_or(NameFix::Declare) };
        self.diags.push(Diagnostic::new(problem, Self::loc(file, &name.span)));
    }

    /// `拍板人反馈且口头承诺` → `拍板人反馈 且 口头承诺` when both sides are known names, and
    /// `年销售额大于100万` → `年销售额 大于 100万`, a comparison's right side being a number.
    pub(super) fn split_on_keyword(&self, text: &str) -> Option<String> {
        use Kw::*;
        let words = [(And, false), (Or, false), (Not, false), (Eq, true), (Ne, true)];
        let words = words.into_iter().chain([(Lt, true), (Le, true), (Gt, true), (Ge, true)]);
        for (kw, compares) in words.filter_map(|(k, compares)| Some((k.entry().zh?, compares))) {
            for (i, _) in text.match_indices(kw) {
                let (left, right) = (&text[..i], &text[i + kw.len()..]);
                if left.is_empty() || !self.names.contains_key(left) {
                    continue;
                }
                let number = compares && crate::cell::parse_number(right).is_ok_and(|n| n.is_some());
                if self.names.contains_key(right) || number {
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
            let suggestion = closest(&name.text, ["quintile", "percentile", "rank"]).map(String::from);
            let problem = Problem::UnknownFunction { name: name.text.clone(), suggestion };
            self.diags.push(Diagnostic::new(problem, Self::loc(file, &name.span)));
            return error(K::Const(Const::Bool(false)));
        };
        if self.in_population {
            self.diags.push(Diagnostic::new(Problem::NestedPopulation { name: name.text.clone() }, loc.clone()));
            return error(K::Const(Const::Bool(false)));
        }
        self.in_population = true;
        let arg = self.expr(file, arg);
        self.in_population = false;
        self.expect(&arg, Type::Number, crate::diag::Wanted::RankArg);
        self.p.pops.push(ir::Population { func, arg });
        ir::Expr { kind: K::Pop(self.p.pops.len() - 1), ty: Type::Number, loc }
    }
}
