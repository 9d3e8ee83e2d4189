//! Declarations: fields, lets, scores, ladders, transitions and examples.

use super::{Checker, NameRef, State};
use crate::diag::{closest, Diagnostic, FieldKind, FileId, LadderUse, LevelList, Loc, Problem};
use crate::ir::{self, FieldType, Type};
use crate::syntax::ast::{self, Item};
use std::collections::HashMap;

impl<'a> Checker<'a> {
    /// First pass: every declared name, so that uses may come before definitions.
    pub(super) fn declare(&mut self, files: &'a [(FileId, ast::File)]) {
        for (file, ast) in files {
            for item in &ast.items {
                match item {
                    Item::Title(s) => self.p.title = Some(s.text.clone()),
                    // Every file's markers apply to the whole program; one written twice counts once.
                    Item::Missing(markers) => {
                        for m in markers {
                            let m = crate::cell::trim(&m.text).to_string();
                            if !self.p.missing.contains(&m) {
                                self.p.missing.push(m);
                            }
                        }
                    }
                    Item::Broken(n) => {
                        self.register(n, *file, NameRef::Broken);
                    }
                    Item::Grades(l) => self.declare_ladder(*file, l),
                    Item::Transitions(t) => {
                        let id = self.names.values().filter(|(r, _)| matches!(r, NameRef::Transitions(_))).count();
                        self.register(&t.name, *file, NameRef::Transitions(id));
                    }
                    Item::Use(_) | Item::Fields(_) | Item::Let(_) | Item::Score(_) | Item::Example(_) => {}
                }
            }
        }
        let mut columns: HashMap<String, Loc> = HashMap::new();
        for (file, ast) in files {
            for item in &ast.items {
                match item {
                    Item::Fields(fields) => fields.iter().for_each(|f| self.declare_field(*file, f, &mut columns)),
                    Item::Let(b) if self.register(&b.name, *file, NameRef::Let(self.p.lets.len())) => {
                        self.p.lets.push(placeholder(*file, b));
                        self.let_asts.push((*file, b));
                        self.let_state.push(State::Todo);
                        self.used_lets.push(false);
                    }
                    Item::Score(b) if self.register(&b.name, *file, NameRef::Score(self.p.scores.len())) => {
                        self.p.scores.push(placeholder(*file, b));
                        self.score_asts.push((*file, b));
                        self.score_state.push(State::Todo);
                    }
                    Item::Let(_) | Item::Score(_) => {}
                    Item::Title(_) | Item::Use(_) | Item::Grades(_) | Item::Transitions(_) => {}
                    Item::Missing(_) | Item::Example(_) | Item::Broken(_) => {}
                }
            }
        }
    }

    fn declare_ladder(&mut self, file: FileId, l: &ast::LadderDecl) {
        let id = self.p.ladders.len();
        if !self.register(&l.name, file, NameRef::Ladder(id)) {
            return;
        }
        let mut ladder = ir::Ladder {
            name: l.name.text.clone(),
            rules: vec![],
            outputs: vec![],
            loc: Self::loc(file, &l.name.span),
        };
        let mut seen: HashMap<&str, &ast::Span> = HashMap::new();
        for r in &l.rules {
            if let Some(first) = seen.insert(&r.level.text, &r.level.span) {
                let problem = Problem::DuplicateLevel { level: r.level.text.clone(), ladder: l.name.text.clone() };
                let d = Diagnostic::new(problem, Self::loc(file, &r.level.span)).related(Self::loc(file, first));
                self.diags.push(d);
            }
            let mut outputs = vec![];
            for (name, value) in &r.outputs {
                let index = match ladder.outputs.iter().position(|o| *o == name.text) {
                    Some(i) => i,
                    None => {
                        ladder.outputs.push(name.text.clone());
                        ladder.outputs.len() - 1
                    }
                };
                outputs.push((index, value.text.clone()));
            }
            ladder.rules.push(ir::Rule {
                level: r.level.text.clone(),
                label: r.label.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
                cond: None,
                outputs,
                loc: Self::loc(file, &r.span),
            });
        }
        self.p.ladders.push(ladder);
    }

    fn declare_field(&mut self, file: FileId, f: &ast::FieldDecl, columns: &mut HashMap<String, Loc>) {
        let mut untyped = false;
        let ty = match &f.ty {
            ast::TypeExpr::Text => FieldType::Text,
            ast::TypeExpr::Number => FieldType::Number,
            ast::TypeExpr::Money => FieldType::Money,
            ast::TypeExpr::Bool => FieldType::Bool,
            ast::TypeExpr::Date => FieldType::Date,
            ast::TypeExpr::OneOf(members) => FieldType::OneOf(members.iter().map(|m| m.text.clone()).collect()),
            ast::TypeExpr::Grade(name) => match self.names.get(&name.text) {
                Some((NameRef::Ladder(l), _)) => FieldType::Grade(*l),
                Some((NameRef::Broken, _)) => {
                    untyped = true;
                    FieldType::Text
                }
                _ => {
                    let names: Vec<String> = self.p.ladders.iter().map(|l| l.name.clone()).collect();
                    let suggestion = closest(&name.text, names.iter().map(String::as_str)).map(String::from);
                    let problem =
                        Problem::UnknownLadder { name: name.text.clone(), suggestion, wanted: LadderUse::Grade, names };
                    self.diags.push(Diagnostic::new(problem, Self::loc(file, &name.span)));
                    untyped = true;
                    FieldType::Text
                }
            },
        };
        let id = self.p.fields.len();
        if !self.register(&f.name, file, NameRef::Field(id)) {
            return;
        }
        // Headers are matched trimmed as cells are, so a column written with spaces (or a stray
        // U+FEFF) around it names the trimmed one.
        let column = crate::cell::trim(f.column.as_ref().map_or(&f.name.text, |c| &c.text)).to_string();
        let col_span = f.column.as_ref().map_or(&f.name.span, |c| &c.span);
        let loc = Self::loc(file, col_span);
        if let Some(first) = columns.get(&column) {
            let problem = Problem::DuplicateColumn { column: column.clone() };
            self.diags.push(Diagnostic::new(problem, loc.clone()).related(first.clone()));
        }
        columns.insert(column.clone(), loc);
        self.p.fields.push(ir::Field {
            name: f.name.text.clone(),
            column,
            ty,
            key: f.key,
            required: f.required,
            loc: Self::loc(file, &f.name.span),
        });
        self.used_fields.push(false);
        self.untyped_fields.push(untyped);
    }

    /// Second pass: rule conditions, transitions and examples.
    pub(super) fn define(&mut self, files: &'a [(FileId, ast::File)]) {
        let mut ladder = 0;
        for (file, ast) in files {
            for item in &ast.items {
                match item {
                    Item::Grades(l)
                        if self.names.get(&l.name.text).map(|(r, _)| *r) == Some(NameRef::Ladder(ladder)) =>
                    {
                        for (i, r) in l.rules.iter().enumerate() {
                            let cond = r.cond.as_ref().map(|c| self.cond(*file, c));
                            self.p.ladders[ladder].rules[i].cond = cond;
                        }
                        ladder += 1;
                    }
                    // A second ladder of the same name is reported as a duplicate; its
                    // conditions are still checked so their mistakes show in the same run.
                    Item::Grades(l) => {
                        for c in l.rules.iter().filter_map(|r| r.cond.as_ref()) {
                            self.cond(*file, c);
                        }
                    }
                    Item::Transitions(t) => self.transitions(*file, t),
                    Item::Title(_) | Item::Use(_) | Item::Fields(_) | Item::Let(_) | Item::Score(_) => {}
                    Item::Missing(_) | Item::Example(_) | Item::Broken(_) => {}
                }
            }
        }
        for (file, ast) in files {
            for item in &ast.items {
                if let Item::Example(e) = item {
                    self.example(*file, e);
                }
            }
        }
    }

    fn transitions(&mut self, file: FileId, t: &ast::TransitionsDecl) {
        let field_loc = Self::loc(file, &t.field.span);
        let resolved = match self.names.get(&t.field.text).map(|(r, _)| *r) {
            Some(NameRef::Field(f)) if self.untyped_fields[f] => {
                self.used_fields[f] = true;
                None
            }
            Some(NameRef::Broken) => None,
            Some(NameRef::Field(f)) => match self.p.fields[f].ty {
                FieldType::Grade(l) => Some((f, l)),
                FieldType::Text
                | FieldType::Number
                | FieldType::Money
                | FieldType::Bool
                | FieldType::Date
                | FieldType::OneOf(_) => {
                    self.used_fields[f] = true;
                    let declared = field_kind(&self.p.fields[f].ty);
                    let problem = Problem::NotAStageField { field: t.field.text.clone(), declared };
                    self.diags.push(Diagnostic::new(problem, field_loc));
                    None
                }
            },
            _ => {
                self.unknown_name(file, &t.field);
                None
            }
        };
        if let Some((f, _)) = resolved {
            self.used_fields[f] = true;
        }
        let Some((field, ladder)) = resolved else {
            // Still check the conditions so their mistakes are reported.
            for r in &t.rules {
                if let Some(c) = &r.cond {
                    self.cond(file, c);
                }
            }
            return;
        };
        let mut moves = vec![];
        for r in &t.rules {
            let from = if r.from.iter().any(Option::is_none) {
                None
            } else {
                Some(r.from.iter().flatten().filter_map(|n| self.stage(file, ladder, n)).collect())
            };
            let to = self.stage(file, ladder, &r.to);
            let cond = r.cond.as_ref().map(|c| self.cond(file, c));
            if let Some(to) = to {
                moves.push(ir::Move { from, to, cond, loc: Self::loc(file, &r.span) });
            }
        }
        let finals = t.finals.iter().filter_map(|n| self.stage(file, ladder, n)).collect();
        let stages = self.p.ladders[ladder].rules.len();
        let loc = Self::loc(file, &t.name.span);
        self.p.transitions.push(ir::Transitions::new(t.name.text.clone(), (field, ladder, stages), moves, finals, loc));
    }

    /// Resolves a level name of `ladder`, reporting an unknown one.
    fn stage(&mut self, file: FileId, ladder: ir::LadderId, name: &ast::Name) -> Option<usize> {
        if let Some(i) = self.p.ladders[ladder].level(&name.text) {
            return Some(i);
        }
        let levels: Vec<String> = self.p.levels(ladder).map(String::from).collect();
        let suggestion = closest(&name.text, levels.iter().map(String::as_str)).map(String::from);
        let problem = Problem::UnknownLevel {
            ladder: self.p.ladders[ladder].name.clone(),
            level: name.text.clone(),
            label_of: self.p.level_labelled(ladder, &name.text),
            suggestion,
            levels,
            form: LevelList::Stage,
        };
        self.diags.push(Diagnostic::new(problem, Self::loc(file, &name.span)));
        None
    }

    fn example(&mut self, file: FileId, e: &ast::ExampleDecl) {
        let mut example = ir::Example {
            name: e.name.text.clone(),
            given: vec![],
            expect: vec![],
            loc: Self::loc(file, &e.name.span),
        };
        for (name, value) in &e.given {
            let Some(f) = self.field_named(file, name) else { continue };
            self.used_fields[f] = true;
            let field = &self.p.fields[f];
            if let Err(err) = crate::value::read(&self.p, field, &value.text) {
                let problem =
                    Problem::BadExampleValue { value: value.text.clone(), field: field.name.clone(), needs: err };
                self.diags.push(Diagnostic::new(problem, Self::loc(file, &value.span)));
            }
            example.given.push((f, value.text.clone()));
        }
        for (target, level) in &e.expect {
            let t = match self.names.get(&target.text).map(|(r, _)| *r) {
                Some(NameRef::Ladder(l)) => Some((ir::Target::Ladder(l), l)),
                Some(NameRef::Transitions(_)) => {
                    let t = self.p.transitions.iter().position(|s| s.name == target.text);
                    t.map(|t| (ir::Target::Transitions(t), self.p.transitions[t].ladder))
                }
                Some(NameRef::Broken) => None,
                _ => {
                    let names: Vec<String> = self
                        .names
                        .iter()
                        .filter(|(_, (r, _))| matches!(r, NameRef::Ladder(_) | NameRef::Transitions(_)))
                        .map(|(n, _)| n.clone())
                        .collect();
                    let suggestion = closest(&target.text, names.iter().map(String::as_str)).map(String::from);
                    let problem = Problem::UnknownLadder {
                        name: target.text.clone(),
                        suggestion,
                        wanted: LadderUse::Expect,
                        names,
                    };
                    self.diags.push(Diagnostic::new(problem, Self::loc(file, &target.span)));
                    None
                }
            };
            let Some((target_id, ladder)) = t else { continue };
            let level = match level {
                Some(n) => match self.stage(file, ladder, n) {
                    Some(i) => Some(i),
                    None => continue,
                },
                None => None,
            };
            example.expect.push(ir::Expectation { target: target_id, level, loc: Self::loc(file, &target.span) });
        }
        self.p.examples.push(example);
    }

    /// The field with this name, reporting an unknown one.
    fn field_named(&mut self, file: FileId, name: &ast::Name) -> Option<ir::FieldId> {
        match self.names.get(&name.text).map(|(r, _)| *r) {
            Some(NameRef::Field(f)) => Some(f),
            Some(NameRef::Broken) => None,
            _ => {
                let suggestion = closest(&name.text, self.p.fields.iter().map(|f| f.name.as_str())).map(String::from);
                let problem = Problem::UnknownField { name: name.text.clone(), suggestion };
                self.diags.push(Diagnostic::new(problem, Self::loc(file, &name.span)));
                None
            }
        }
    }
}

fn placeholder(file: FileId, b: &ast::Binding) -> ir::Binding {
    let loc = Loc { file, span: b.name.span.clone() };
    let expr = ir::Expr { kind: ir::ExprKind::Const(ir::Const::Bool(false)), ty: Type::Error, loc: loc.clone() };
    ir::Binding { name: b.name.text.clone(), expr, loc }
}

/// A declared field type, as messages name it.
pub(super) fn field_kind(ty: &FieldType) -> FieldKind {
    match ty {
        FieldType::Text => FieldKind::Text,
        FieldType::Number => FieldKind::Number,
        FieldType::Money => FieldKind::Money,
        FieldType::Bool => FieldKind::Bool,
        FieldType::Date => FieldKind::Date,
        FieldType::OneOf(_) => FieldKind::OneOf,
        FieldType::Grade(_) => FieldKind::Grade,
    }
}
