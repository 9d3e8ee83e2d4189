//! One line of REPL input — an expression or `let NAME = EXPR` — checked against a program that
//! is already checked, with the same expression checker and the same diagnostics as a file.

use super::{Checker, NameRef, State};
use crate::diag::{Diagnostic, FileId, Loc};
use crate::ir::{self, Program};
use crate::syntax::ast::{Item, Name};
use crate::syntax::parse::{parse_expr, parse_file};
use std::collections::BTreeMap;

/// What a line of input turned out to be.
#[derive(Debug, Clone)]
pub enum Input {
    /// An expression to evaluate; its locations point into the input's source.
    Expr(ir::Expr),
    /// A `let`, added to the program under this id.
    Let(ir::LetId),
}

/// A checked program that inputs are checked against one at a time (the REPL's session), its
/// names looked up once: an input costs its own size, not the program's.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    program: Program,
    names: BTreeMap<String, (NameRef, Loc)>,
}

/// How much of the scope there was before an input: what forgetting the input truncates to.
#[derive(Debug, Clone, Copy)]
struct Mark {
    files: usize,
    lets: usize,
    pops: usize,
}

/// The result of checking one input.
#[derive(Debug, Clone)]
pub struct CheckedInput {
    /// The scope with the input's source added (and, for a `let`, the let).
    scope: Scope,
    before: Mark,
    /// `None` when the input has errors.
    pub input: Option<Input>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Scope {
    /// `program` (already checked) with its names looked up.
    pub fn new(program: Program) -> Self {
        let p = &program;
        let all = [
            p.fields.iter().enumerate().map(|(i, f)| (&f.name, NameRef::Field(i), &f.loc)).collect::<Vec<_>>(),
            p.lets.iter().enumerate().map(|(i, b)| (&b.name, NameRef::Let(i), &b.loc)).collect(),
            p.scores.iter().enumerate().map(|(i, b)| (&b.name, NameRef::Score(i), &b.loc)).collect(),
            p.ladders.iter().enumerate().map(|(i, l)| (&l.name, NameRef::Ladder(i), &l.loc)).collect(),
            p.transitions.iter().enumerate().map(|(i, t)| (&t.name, NameRef::Transitions(i), &t.loc)).collect(),
        ];
        let mut names = BTreeMap::new();
        for (name, r, loc) in all.into_iter().flatten() {
            names.entry(name.clone()).or_insert((r, loc.clone()));
        }
        Scope { program, names }
    }

    /// The program inputs are checked against.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Checks `text` as the source file `path` (such as `<repl>`); [`CheckedInput::keep`] gives
    /// the scope back.
    pub fn check(self, path: &str, text: &str) -> CheckedInput {
        let p = &self.program;
        let before = Mark { files: p.sources.files.len(), lets: p.lets.len(), pops: p.pops.len() };
        let Scope { mut program, names } = self;
        let file = program.sources.add(path, text);
        let fail = |program, names, diagnostics| CheckedInput {
            scope: Scope { program, names },
            before,
            input: None,
            diagnostics,
        };
        if !is_let(text) {
            let ast = match parse_expr(file, text) {
                Ok(a) => a,
                Err(d) => return fail(program, names, vec![*d]),
            };
            let mut c = Checker::for_program(program, names);
            let e = c.expr(file, &ast);
            return c.finish_input(before, Input::Expr(e));
        }
        let (ast, errors) = parse_file(file, text);
        if !errors.is_empty() {
            return fail(program, names, errors);
        }
        let binding = match ast.items.as_slice() {
            [Item::Let(b)] => b,
            _ => {
                let loc = Loc { file, span: 0..text.trim_end().len() };
                let d = Diagnostic::new(crate::diag::Problem::ReplOneLet, loc);
                return fail(program, names, vec![d]);
            }
        };
        let mut c = Checker::for_program(program, names);
        let id = c.session_let(file, &binding.name, &binding.expr);
        c.finish_input(before, Input::Let(id))
    }
}

impl CheckedInput {
    /// The program with the input in it: what its diagnostics point into and its expression
    /// is evaluated with.
    pub fn program(&self) -> &Program {
        &self.scope.program
    }

    /// The scope with the input's `let` in it when it checked; otherwise the scope as it was
    /// before the input.
    pub fn keep(self) -> Scope {
        if matches!(self.input, Some(Input::Let(_))) {
            return self.scope;
        }
        let Scope { mut program, mut names } = self.scope;
        let before = self.before;
        for b in program.lets.drain(before.lets..) {
            if matches!(names.get(&b.name), Some((NameRef::Let(i), _)) if *i >= before.lets) {
                names.remove(&b.name);
            }
        }
        program.sources.files.truncate(before.files);
        program.pops.truncate(before.pops);
        Scope { program, names }
    }
}

/// Whether `text` is a `let` definition rather than an expression.
pub fn is_let(text: &str) -> bool {
    let rest = text.trim_start();
    rest.strip_prefix("let").is_some_and(|r| r.starts_with(|c: char| c.is_whitespace()))
}

/// Checks `text` against `program` as the source file `path` (such as `<repl>`).
pub fn check_input(program: &Program, path: &str, text: &str) -> CheckedInput {
    Scope::new(program.clone()).check(path, text)
}

impl Checker<'_> {
    /// A checker that knows every name of `p`, all of them already checked.
    fn for_program(p: Program, names: BTreeMap<String, (NameRef, Loc)>) -> Self {
        let mut c = Checker::new(Default::default(), Vec::new());
        c.p = p;
        c.names = names;
        c.let_state = vec![State::Done; c.p.lets.len()];
        c.score_state = vec![State::Done; c.p.scores.len()];
        c.used_fields = vec![true; c.p.fields.len()];
        c.untyped_fields = vec![false; c.p.fields.len()];
        c.used_lets = vec![true; c.p.lets.len()];
        c
    }

    /// Adds `let NAME = EXPR` to the program; a use of NAME inside EXPR is a cycle.
    fn session_let(&mut self, file: FileId, name: &Name, expr: &crate::syntax::ast::Expr) -> ir::LetId {
        let id = self.p.lets.len();
        let loc = Self::loc(file, &name.span);
        let placeholder =
            ir::Expr { kind: ir::ExprKind::Const(ir::Const::Bool(false)), ty: ir::Type::Error, loc: loc.clone() };
        if !self.register(name, file, NameRef::Let(id)) {
            return id;
        }
        self.p.lets.push(ir::Binding { name: name.text.clone(), expr: placeholder, loc });
        self.let_state.push(State::Checking);
        self.used_lets.push(true);
        self.stack.push(name.text.clone());
        let e = self.expr(file, expr);
        self.stack.pop();
        self.p.lets[id].expr = e;
        self.let_state[id] = State::Done;
        id
    }

    fn finish_input(self, before: Mark, input: Input) -> CheckedInput {
        let diagnostics = self.diags;
        let input = (!diagnostics.iter().any(Diagnostic::is_error)).then_some(input);
        CheckedInput { scope: Scope { program: self.p, names: self.names }, before, input, diagnostics }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Program {
        let text = "fields {\n  a: number\n  b: bool\n}\nlet big = a > 10\ngrades g {\n  X if big\n  Y otherwise\n}\n";
        let checked = super::super::check_text("r.ladder", text);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        checked.program
    }

    #[test]
    fn an_expression_uses_the_program_names() {
        let c = check_input(&rules(), "<repl>", "big and b");
        assert!(matches!(c.input, Some(Input::Expr(ref e)) if e.ty == ir::Type::Bool), "{:?}", c.diagnostics);
    }

    #[test]
    fn a_let_is_added_and_cannot_use_itself() {
        let c = check_input(&rules(), "<repl>", "let double = a * 2");
        assert!(matches!(c.input, Some(Input::Let(1))));
        assert_eq!(c.program().lets[1].name, "double");
        let c = check_input(&rules(), "<repl>", "let loop = loop + 1");
        assert_eq!(c.diagnostics[0].code(), "ladder::let_cycle");
    }

    #[test]
    fn mistakes_are_the_checker_diagnostics() {
        let c = check_input(&rules(), "<repl>", "bigg");
        assert_eq!(c.diagnostics[0].code(), "ladder::unknown_name");
        let fix = crate::diag::NameFix::DidYouMean("big".into());
        assert_eq!(c.diagnostics[0].problem, crate::diag::Problem::UnknownName { name: "bigg".into(), fix });
        let c = check_input(&rules(), "<repl>", "let big = 1");
        assert_eq!(c.diagnostics[0].code(), "ladder::duplicate");
        assert!(c.input.is_none());
    }
}
