//! The checked program: every name resolved to an index, every expression typed. Evaluation,
//! explanation, tests and the REPL consume this; nothing here refers to the grammar.

use crate::cell::Duration;
use crate::diag::{Loc, Sources};
use jiff::civil::Date;

mod expr;
mod reads;
pub use expr::{Expr, ExprKind, Named};
pub use reads::{Depends, EvalDepths, Fields, MAX_EVAL_DEPTH};

pub type FieldId = usize;
pub type LetId = usize;
pub type ScoreId = usize;
pub type LadderId = usize;
pub type TransId = usize;
pub type PopId = usize;

/// The type of a field or expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Bool,
    Number,
    Money,
    Text,
    Date,
    Duration,
    /// A member of the `one of` list declared by this field.
    Member(FieldId),
    /// A level of this ladder.
    Level(LadderId),
    /// The type of an expression that already has an error; it matches anything.
    Error,
}

impl Type {
    /// Number or money.
    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Number | Type::Money | Type::Error)
    }
}

/// A literal value of the program.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Bool(bool),
    /// A number or an amount of money, exactly as written.
    Num(rust_decimal::Decimal),
    Text(String),
    Date(Date),
    Duration(Duration),
    /// Index into the member list of a `one of` field or the levels of a ladder.
    Member(u32),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// The kinds of group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    All,
    Any,
    AtLeast(u32),
}

/// Population functions, computed over the whole input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopFn {
    Quintile,
    Percentile,
    Rank,
}

/// The kinds of value a field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    Text,
    Number,
    Money,
    Bool,
    Date,
    OneOf(Vec<String>),
    Grade(LadderId),
}

/// A declared field of the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// The data header this field is read from.
    pub column: String,
    pub ty: FieldType,
    pub key: bool,
    pub required: bool,
    pub loc: Loc,
}

impl Field {
    /// The members of a `one of` field.
    pub fn members(&self) -> Option<&[String]> {
        match &self.ty {
            FieldType::OneOf(m) => Some(m),
            FieldType::Text | FieldType::Number | FieldType::Money | FieldType::Bool | FieldType::Date => None,
            FieldType::Grade(_) => None,
        }
    }
}

/// A `let` or `score`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: String,
    pub expr: Expr,
    pub loc: Loc,
}

/// A population function applied to an expression of the row.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    pub func: PopFn,
    pub arg: Expr,
}

/// One rule of a ladder; its index is its level.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub level: String,
    pub label: String,
    /// `None` for `otherwise`.
    pub cond: Option<Expr>,
    /// `(index into the ladder's outputs, value)`.
    pub outputs: Vec<(usize, String)>,
    pub loc: Loc,
}

impl Rule {
    /// The value this rule gives output `o` of its ladder, if it gives one.
    pub fn output(&self, o: usize) -> Option<&str> {
        self.outputs.iter().find(|(k, _)| *k == o).map(|(_, v)| v.as_str())
    }
}

/// A `grades` ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct Ladder {
    pub name: String,
    pub rules: Vec<Rule>,
    /// Names of the output columns its rules carry, in order of first appearance.
    pub outputs: Vec<String>,
    pub loc: Loc,
}

impl Ladder {
    /// The rule index of a level name.
    pub fn level(&self, name: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.level == name)
    }
}

/// One move of a transition set.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Levels this move leaves from; `None` is `*`.
    pub from: Option<Vec<usize>>,
    pub to: usize,
    /// `None` for `otherwise`.
    pub cond: Option<Expr>,
    pub loc: Loc,
}

impl Move {
    /// Whether this move leaves from `stage`: a listed stage, or for `*` any stage but its own
    /// target. Final stages are the set's business: see [`Transitions::leaving`].
    pub fn leaves(&self, stage: usize) -> bool {
        match &self.from {
            None => self.to != stage,
            Some(from) => from.contains(&stage),
        }
    }
}

/// A `transitions` set.
#[derive(Debug, Clone, PartialEq)]
pub struct Transitions {
    pub name: String,
    /// The `grade LADDER` field holding the current stage.
    pub field: FieldId,
    pub ladder: LadderId,
    pub moves: Vec<Move>,
    pub finals: Vec<usize>,
    pub loc: Loc,
    /// `tried[stage]`: the indices of the moves tried for a record at that stage, in order.
    tried: Vec<Vec<usize>>,
}

impl Transitions {
    /// A set of moves between the `stages` levels of `ladder`.
    pub fn new(
        name: String,
        (field, ladder, stages): (FieldId, LadderId, usize),
        moves: Vec<Move>,
        finals: Vec<usize>,
        loc: Loc,
    ) -> Self {
        let tried = (0..stages)
            .map(|s| (0..moves.len()).filter(|&i| !finals.contains(&s) && moves[i].leaves(s)).collect())
            .collect();
        Transitions { name, field, ladder, moves, finals, loc, tried }
    }

    /// Whether `stage` is declared `final`.
    pub fn is_final(&self, stage: usize) -> bool {
        self.finals.contains(&stage)
    }

    /// The moves tried for a record at `stage`, in order, with their indices. None leaves a final
    /// stage, not even `*`.
    pub fn leaving(&self, stage: usize) -> impl Iterator<Item = (usize, &Move)> {
        self.tried.get(stage).into_iter().flatten().map(|&i| (i, &self.moves[i]))
    }
}

/// What an example's `expect` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ladder(LadderId),
    Transitions(TransId),
}

/// One `expect TARGET = LEVEL`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub target: Target,
    /// `None` expects no level.
    pub level: Option<usize>,
    pub loc: Loc,
}

/// An `example` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub given: Vec<(FieldId, String)>,
    pub expect: Vec<Expectation>,
    pub loc: Loc,
}

/// A whole checked program: the root file and everything it `use`s.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub sources: Sources,
    pub title: Option<String>,
    /// Cell texts declared with `missing "…"`, trimmed: missing values besides the built-in
    /// markers (see [`crate::cell::is_missing`]).
    pub missing: Vec<String>,
    pub fields: Vec<Field>,
    pub lets: Vec<Binding>,
    pub scores: Vec<Binding>,
    pub pops: Vec<Population>,
    pub ladders: Vec<Ladder>,
    pub transitions: Vec<Transitions>,
    pub examples: Vec<Example>,
}

/// A column `ladder run` writes after the input's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultColumn<'p> {
    pub name: String,
    /// The declaration it comes from; `None` for `error`, the column of data errors.
    pub from: Option<&'p Loc>,
    /// Whether the column is the declaration's own name (a ladder, score or transition set),
    /// which two declarations cannot share anyway.
    pub declared: bool,
}

impl Program {
    /// The program without its places in the source, for comparing two programs' meaning.
    pub fn meaning(&self) -> String {
        let mut shape = self.clone();
        shape.sources = Sources::default();
        without_locs(&format!("{shape:?}"))
    }

    /// The columns `ladder run` writes after the input's, in order: per ladder its level, label,
    /// rule, explanation (with `explain`) and outputs; the scores; per transition set its stage,
    /// rule and explanation; then `error`.
    pub fn result_columns<'p>(&'p self, explain: bool) -> Vec<ResultColumn<'p>> {
        let column = |name: String, from: &'p Loc, declared: bool| ResultColumn { name, from: Some(from), declared };
        let mut out = Vec::new();
        for l in &self.ladders {
            out.push(column(l.name.clone(), &l.loc, true));
            out.push(column(format!("{}_label", l.name), &l.loc, false));
            out.push(column(format!("{}_rule", l.name), &l.loc, false));
            if explain {
                out.push(column(format!("{}_why", l.name), &l.loc, false));
            }
            for (o, name) in l.outputs.iter().enumerate() {
                let rule = l.rules.iter().find(|r| r.output(o).is_some());
                out.push(column(name.clone(), rule.map_or(&l.loc, |r| &r.loc), false));
            }
        }
        out.extend(self.scores.iter().map(|s| column(s.name.clone(), &s.loc, true)));
        for t in &self.transitions {
            out.push(column(t.name.clone(), &t.loc, true));
            out.push(column(format!("{}_rule", t.name), &t.loc, false));
            if explain {
                out.push(column(format!("{}_why", t.name), &t.loc, false));
            }
        }
        out.push(ResultColumn { name: "error".into(), from: None, declared: false });
        out
    }

    /// The level names of a ladder.
    pub fn levels(&self, ladder: LadderId) -> impl Iterator<Item = &str> {
        self.ladders[ladder].rules.iter().map(|r| r.level.as_str())
    }

    /// The level of `ladder` whose label is `label`, if one is.
    pub fn level_labelled(&self, ladder: LadderId, label: &str) -> Option<String> {
        self.ladders[ladder].rules.iter().find(|r| r.label == label).map(|r| r.level.clone())
    }

    /// Index of the field, let, score, ladder or transition set with this name.
    pub fn field(&self, name: &str) -> Option<FieldId> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// `file:line` of a location.
    pub fn file_line(&self, loc: &Loc) -> String {
        self.sources.file_line(loc)
    }
}

/// A `{:?}` dump of program parts with every `Loc { … }` dropped. Locations are the only
/// `Loc { … }` in such a dump.
fn without_locs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("Loc { file: ") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('}').map_or(rest.len(), |e| e + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
