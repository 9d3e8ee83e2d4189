//! Syntax tree → checked program: names resolved, types known, every mistake collected.

mod cycles;
mod decls;
mod expr;
mod input;
mod lint;
mod load;
mod names;
mod types;

pub use input::{check_input, is_let, CheckedInput, Input, Scope};

use crate::diag::{Diagnostic, FileId, Loc, Mismatch, Problem, Sources, TypeName};
use crate::files::{Disk, Files};
use crate::ir::{self, Program};
use crate::syntax::ast;
use std::collections::BTreeMap;

/// The result of checking: the program (complete when there are no errors) and its diagnostics.
#[derive(Debug, Clone)]
pub struct Checked {
    pub program: Program,
    pub diagnostics: Vec<Diagnostic>,
    /// What the static analysis could not decide (its findings are in `diagnostics`); `None`
    /// when the program has errors or was checked to run ([`check_path_to_run`]), not analysed.
    pub analysis: Option<crate::analysis::Analysis>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks the rule file at `path` and the files it uses, all read from the disk.
pub fn check_path(path: &str) -> Result<Checked, std::io::Error> {
    check_with(&Disk, path)
}

/// Checks the rule file at `path` to run it: every error and the checker's own warnings, without
/// the static analysis (src/analysis), whose findings are warnings that only `ladder check` and the
/// workbench show. The analysis was a third of the start-up of `ladder run` (docs/performance.md).
pub fn check_path_to_run(path: &str) -> Result<Checked, std::io::Error> {
    check_files(&Disk, path, Analyse::No)
}

/// Whether an error-free program gets the static analysis.
#[derive(Clone, Copy, PartialEq)]
enum Analyse {
    Yes,
    No,
}

/// Checks the rule file at `path` and the files it uses, all read through `files` (an editor's
/// unsaved buffers, files held in memory).
pub fn check_with(files: &dyn Files, path: &str) -> Result<Checked, std::io::Error> {
    check_files(files, path, Analyse::Yes)
}

fn check_files(files: &dyn Files, path: &str, analyse: Analyse) -> Result<Checked, std::io::Error> {
    let text = files.read(std::path::Path::new(path))?;
    Ok(check_on_deep_stack(files, path, text, analyse))
}

/// Checks rule text given as `path` (used for `use` paths and messages); used files are read
/// from the disk.
pub fn check_text(path: &str, text: impl Into<String>) -> Checked {
    check_text_with(&Disk, path, text)
}

/// Checks rule text given as `path`; the files it uses are read through `files`.
pub fn check_text_with(files: &dyn Files, path: &str, text: impl Into<String>) -> Checked {
    check_on_deep_stack(files, path, text.into(), Analyse::Yes)
}

fn check_on_deep_stack(files: &dyn Files, path: &str, text: String, analyse: Analyse) -> Checked {
    crate::syntax::on_deep_stack(|| check_here(files, path, text.clone(), analyse))
}

fn check_here(files: &dyn Files, path: &str, text: String, analyse: Analyse) -> Checked {
    let mut sources = Sources::default();
    let mut diags = Vec::new();
    let loaded = load::load(files, &mut sources, &mut diags, path, text);
    let mut c = Checker::new(sources, diags);
    c.run(&loaded.files);
    let mut checked = c.finish();
    if analyse == Analyse::Yes && !checked.has_errors() {
        analysed(&mut checked);
    }
    checked
}

/// Adds the static analysis's findings (src/analysis) to an error-free program's: a ladder
/// without `otherwise` keeps `no_otherwise` only when the analysis could not decide it.
fn analysed(checked: &mut Checked) {
    let today = crate::today();
    let mut found = crate::analysis::analyse(&checked.program, today);
    let decided: Vec<&str> = checked
        .program
        .ladders
        .iter()
        .enumerate()
        .filter(|(l, _)| !found.undecided.contains(l) && found.stopped.is_none())
        .map(|(_, l)| l.name.as_str())
        .collect();
    checked
        .diagnostics
        .retain(|d| !matches!(&d.problem, Problem::NoOtherwise { ladder } if decided.contains(&ladder.as_str())));
    // The stage graph's warnings again, now with the moves that can never fire known exactly.
    if let Some(mut graph) = found.graph.take() {
        checked.diagnostics.retain(|d| !is_graph(&d.problem));
        checked.diagnostics.append(&mut graph);
    }
    checked.diagnostics.append(&mut found.diagnostics);
    checked.diagnostics.sort_by_key(|d| (d.loc.file, d.loc.span.start));
    checked.analysis = Some(found);
}

/// Whether a problem is one of the stage graph's warnings (`transitions::lint`).
fn is_graph(p: &Problem) -> bool {
    matches!(
        p,
        Problem::UnreachableStage(_)
            | Problem::DeadEndStage(_)
            | Problem::ShadowedMove(_)
            | Problem::ImpossibleMove { .. }
            | Problem::SelfMove { .. }
            | Problem::MoveFromFinal { .. }
    )
}

/// What a name in expressions stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRef {
    Field(ir::FieldId),
    Let(ir::LetId),
    Score(ir::ScoreId),
    Ladder(ir::LadderId),
    Transitions(ir::TransId),
    /// Declared by a declaration that did not parse; uses of it are not reported again.
    Broken,
}

/// Whether a let or score has been checked yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Checking,
    Done,
}

/// The checker's working state.
struct Checker<'a> {
    p: Program,
    diags: Vec<Diagnostic>,
    /// In name order, so a did-you-mean between equally close names is the same every run.
    names: BTreeMap<String, (NameRef, Loc)>,
    /// The names in the order they are declared, for suggestions; made when first needed.
    declared: Option<Vec<String>>,
    let_asts: Vec<(FileId, &'a ast::Binding)>,
    score_asts: Vec<(FileId, &'a ast::Binding)>,
    let_state: Vec<State>,
    score_state: Vec<State>,
    /// The lets and scores being checked, innermost last (for cycle messages).
    stack: Vec<String>,
    used_fields: Vec<bool>,
    used_lets: Vec<bool>,
    /// Fields whose declared type is itself an error (`grade` of an unknown ladder): their uses
    /// type as errors, so the one mistake is reported once.
    untyped_fields: Vec<bool>,
    /// Set while checking the argument of a population function.
    in_population: bool,
}

impl<'a> Checker<'a> {
    fn new(sources: Sources, diags: Vec<Diagnostic>) -> Self {
        Checker {
            p: Program { sources, ..Program::default() },
            diags,
            names: BTreeMap::new(),
            declared: None,
            let_asts: vec![],
            score_asts: vec![],
            let_state: vec![],
            score_state: vec![],
            stack: vec![],
            used_fields: vec![],
            used_lets: vec![],
            untyped_fields: vec![],
            in_population: false,
        }
    }

    fn run(&mut self, files: &'a [(FileId, ast::File)]) {
        self.declare(files);
        for i in 0..self.let_asts.len() {
            self.binding(NameRef::Let(i));
        }
        for i in 0..self.score_asts.len() {
            self.binding(NameRef::Score(i));
        }
        self.define(files);
        self.result_columns();
        self.ladder_cycles();
        self.eval_depths();
        lint::lint(self, files);
    }

    /// Refuses two results written to one column (a score named `等级_label`, an output named like
    /// a ladder, a score named `error`): the run could not write both. Two declarations of one
    /// name are `duplicate` already.
    fn result_columns(&mut self) {
        let columns = self.p.result_columns(true);
        let mut first: BTreeMap<&str, &ir::ResultColumn> = BTreeMap::new();
        let mut found = Vec::new();
        for c in &columns {
            let Some(f) = first.get(c.name.as_str()) else {
                first.insert(&c.name, c);
                continue;
            };
            // `error` (no place) comes last: the message goes on the declaration.
            let (at, other) = if c.from.is_some() { (c.from, f.from) } else { (f.from, c.from) };
            if let (Some(at), false) = (at, f.declared && c.declared) {
                let d = Diagnostic::new(Problem::ResultColumn { column: c.name.clone() }, at.clone());
                found.push(match other {
                    Some(other) => d.related(other.clone()),
                    None => d,
                });
            }
        }
        self.diags.extend(found);
    }

    /// Refuses a let, score, ladder or transition set whose evaluation would go deeper than
    /// evaluation can: at the first name of each chain that goes too deep.
    fn eval_depths(&mut self) {
        use crate::ir::{Named, MAX_EVAL_DEPTH};
        let depths = self.p.eval_depths();
        let too_deep = |n: Named| match n {
            Named::Let(i) => depths.lets[i] > MAX_EVAL_DEPTH,
            Named::Score(i) => depths.scores[i] > MAX_EVAL_DEPTH,
            Named::Pop(i) => depths.pops[i] > MAX_EVAL_DEPTH,
            Named::Ladder(i) => depths.ladders[i] > MAX_EVAL_DEPTH,
            Named::Field(_) => false,
        };
        let mut found = Vec::new();
        let names = (0..self.p.lets.len()).map(Named::Let).chain((0..self.p.scores.len()).map(Named::Score));
        for n in names.chain((0..self.p.ladders.len()).map(Named::Ladder)) {
            if too_deep(n) && !self.p.uses(n).into_iter().any(too_deep) {
                let (name, loc) = match n {
                    Named::Let(i) => (&self.p.lets[i].name, &self.p.lets[i].loc),
                    Named::Score(i) => (&self.p.scores[i].name, &self.p.scores[i].loc),
                    Named::Ladder(i) => (&self.p.ladders[i].name, &self.p.ladders[i].loc),
                    Named::Pop(_) | Named::Field(_) => continue,
                };
                found.push((name.clone(), loc.clone()));
            }
        }
        for t in &self.p.transitions {
            let deepest = t.moves.iter().filter_map(|m| m.cond.as_ref()).map(|c| depths.of(c)).max();
            if deepest.is_some_and(|d| d > MAX_EVAL_DEPTH) {
                found.push((t.name.clone(), t.loc.clone()));
            }
        }
        for (name, loc) in found {
            self.diags.push(Diagnostic::new(Problem::TooDeepNames { name, max: MAX_EVAL_DEPTH }, loc));
        }
    }

    fn finish(self) -> Checked {
        let mut diagnostics = self.diags;
        diagnostics.sort_by_key(|d| (d.loc.file, d.loc.span.start));
        diagnostics.dedup();
        Checked { program: self.p, diagnostics, analysis: None }
    }

    fn loc(file: FileId, span: &ast::Span) -> Loc {
        Loc { file, span: span.clone() }
    }

    /// Registers a name, reporting a duplicate against its first definition.
    fn register(&mut self, name: &ast::Name, file: FileId, what: NameRef) -> bool {
        let loc = Self::loc(file, &name.span);
        if let Some((_, first)) = self.names.get(&name.text) {
            let (line, _) = self.p.sources.line_col(first.file, first.span.start);
            let path = self.p.sources.get(first.file).path.clone();
            let problem = Problem::Duplicate { name: name.text.clone(), path, line };
            self.diags.push(Diagnostic::new(problem, loc).related(first.clone()));
            return false;
        }
        self.names.insert(name.text.clone(), (what, loc));
        self.declared = None;
        true
    }

    /// Marks a field or let as used: by a rule, or by an error that offers it as the fix (so the
    /// manager is not also told that the name they meant is unused).
    fn mark_used(&mut self, name: &str) {
        match self.names.get(name).map(|(r, _)| *r) {
            Some(NameRef::Field(f)) => self.used_fields[f] = true,
            Some(NameRef::Let(l)) => self.used_lets[l] = true,
            _ => {}
        }
    }

    /// Checks the body of a let or score (once), detecting cycles.
    fn binding(&mut self, which: NameRef) -> ir::Type {
        let (state, id) = match which {
            NameRef::Let(i) => (self.let_state[i], i),
            NameRef::Score(i) => (self.score_state[i], i),
            _ => return ir::Type::Error,
        };
        let is_let = matches!(which, NameRef::Let(_));
        match state {
            State::Done => {
                let b = if is_let { &self.p.lets[id] } else { &self.p.scores[id] };
                return b.expr.ty;
            }
            State::Checking => return ir::Type::Error,
            State::Todo => {}
        }
        let (file, ast) = if is_let { self.let_asts[id] } else { self.score_asts[id] };
        // Each name checked inside another is one level deeper here: a chain too long to
        // evaluate is refused before it is too long to check.
        if self.stack.len() >= crate::ir::MAX_EVAL_DEPTH {
            let problem = Problem::TooDeepNames { name: ast.name.text.clone(), max: crate::ir::MAX_EVAL_DEPTH };
            self.diags.push(Diagnostic::new(problem, Self::loc(file, &ast.name.span)));
            return ir::Type::Error;
        }
        self.set_state(which, State::Checking);
        self.stack.push(ast.name.text.clone());
        let mut e = self.expr(file, &ast.expr);
        if !is_let && !e.ty.is_numeric() {
            let m = Mismatch::Score { name: ast.name.text.clone(), got: self.type_name(e.ty) };
            self.diags.push(Diagnostic::new(Problem::TypeMismatch(m), Self::loc(file, &ast.expr.span)));
            e.ty = ir::Type::Error;
        }
        self.stack.pop();
        let ty = e.ty;
        let target = if is_let { &mut self.p.lets[id] } else { &mut self.p.scores[id] };
        target.expr = e;
        self.set_state(which, State::Done);
        ty
    }

    fn set_state(&mut self, which: NameRef, state: State) {
        match which {
            NameRef::Let(i) => self.let_state[i] = state,
            NameRef::Score(i) => self.score_state[i] = state,
            _ => {}
        }
    }

    /// A type as messages name it: "text", "a number", "a level of 等级", …
    fn type_name(&self, ty: ir::Type) -> TypeName {
        use ir::Type::*;
        match ty {
            Bool => TypeName::Bool,
            Number => TypeName::Number,
            Money => TypeName::Money,
            Text => TypeName::Text,
            Date => TypeName::Date,
            Duration => TypeName::Duration,
            Member(f) => TypeName::Choice(self.p.fields[f].name.clone()),
            Level(l) => TypeName::Level(self.p.ladders[l].name.clone()),
            Error => TypeName::Unknown,
        }
    }
}
