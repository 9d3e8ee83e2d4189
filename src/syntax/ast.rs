//! The syntax tree of one rule file, every node with its byte span in that file.

use std::ops::Range;

/// Byte offsets into one source file.
pub type Span = Range<usize>;

/// A name as written, without backticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
    /// Written in backticks.
    pub quoted: bool,
}

/// A quoted text as written (escapes resolved).
#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    pub text: String,
    pub span: Span,
}

/// A whole rule file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

/// One top-level declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Title(Str),
    Use(Str),
    /// `missing "未知", "待定"`: cell texts that mean a value is missing.
    Missing(Vec<Str>),
    Fields(Vec<FieldDecl>),
    Let(Binding),
    Score(Binding),
    Grades(LadderDecl),
    Transitions(TransitionsDecl),
    Example(ExampleDecl),
    /// A declaration that did not parse (its error is reported), known only by the name it
    /// declares, so that uses of the name are not reported again.
    Broken(Name),
}

impl Item {
    /// The conditions and values the declaration holds.
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            Item::Let(b) | Item::Score(b) => vec![&b.expr],
            Item::Grades(l) => l.rules.iter().filter_map(|r| r.cond.as_ref()).collect(),
            Item::Transitions(t) => t.rules.iter().filter_map(|r| r.cond.as_ref()).collect(),
            Item::Title(_) | Item::Use(_) | Item::Missing(_) | Item::Fields(_) | Item::Example(_) => vec![],
            Item::Broken(_) => vec![],
        }
    }
}

/// `NAME: TYPE [key] [required] [column "…"]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub key: bool,
    pub required: bool,
    pub column: Option<Str>,
    pub span: Span,
}

/// A field's declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    Text,
    Number,
    Money,
    Bool,
    Date,
    OneOf(Vec<Name>),
    Grade(Name),
}

/// `let NAME = EXPR` or `score NAME = EXPR`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: Name,
    pub expr: Expr,
    pub span: Span,
}

/// `grades NAME { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct LadderDecl {
    pub name: Name,
    pub rules: Vec<RuleDecl>,
    pub span: Span,
}

/// One rule of a ladder; `cond` is `None` for `otherwise`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDecl {
    pub level: Name,
    pub label: Option<Str>,
    pub cond: Option<Expr>,
    pub outputs: Vec<(Name, Str)>,
    pub span: Span,
}

/// `transitions NAME from FIELD { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionsDecl {
    pub name: Name,
    pub field: Name,
    pub rules: Vec<TransitionDecl>,
    pub finals: Vec<Name>,
    pub span: Span,
}

/// `FROM, FROM -> TO if COND`; a `from` of `None` is `*`.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionDecl {
    pub from: Vec<Option<Name>>,
    pub from_span: Span,
    pub to: Name,
    pub cond: Option<Expr>,
    pub span: Span,
}

/// `example "NAME" { given { … } expect … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleDecl {
    pub name: Str,
    pub given: Vec<(Name, Str)>,
    /// `(ladder, level)`; a level of `None` expects no level (`missing`).
    pub expect: Vec<(Name, Option<Name>)>,
    pub span: Span,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Operators between two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The kinds of group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    All,
    Any,
    AtLeast(u32),
}

/// Tests on a value that take a second value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeTest {
    WithinNext,
    WithinLast,
    Before,
    After,
}

/// Literal values.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// A number or an amount of money as written; `None` when no exact decimal holds it (the
    /// checker reports it).
    Number(Option<rust_decimal::Decimal>),
    Money(Option<rust_decimal::Decimal>),
    Text(String),
    Date(jiff::civil::Date),
    Duration(crate::cell::Duration),
    Bool(bool),
    Today,
    /// A date that does not exist, such as 2026-2-30, as typed; the checker reports it.
    BadDate(String),
}

/// What an expression is.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Lit(Lit),
    Name(Name),
    Call(Name, Box<Expr>),
    Paren(Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `X is [not] MEMBER`
    Is(Box<Expr>, bool, Name),
    /// `X is missing` (false) / `X is present` (true)
    Present(Box<Expr>, bool),
    /// `X [not] in [..]`
    In(Box<Expr>, bool, Vec<Expr>),
    Contains(Box<Expr>, Str),
    StartsWith(Box<Expr>, Str),
    Time(TimeTest, Box<Expr>, Box<Expr>),
    /// `X between LOW and HIGH`, both ends included.
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    DaysSince(Box<Expr>),
    DaysUntil(Box<Expr>),
    Group(GroupKind, Vec<Expr>),
}

impl Expr {
    /// The direct sub-expressions, in source order.
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind::*;
        match &self.kind {
            Lit(_) | Name(_) => vec![],
            Call(_, e) | Paren(e) | Neg(e) | Not(e) | Is(e, _, _) | Present(e, _) => vec![e],
            Contains(e, _) | StartsWith(e, _) | DaysSince(e) | DaysUntil(e) => vec![e],
            Binary(_, a, b) | Time(_, a, b) => vec![a, b],
            Between(x, low, high) => vec![x, low, high],
            In(e, _, list) => std::iter::once(&**e).chain(list).collect(),
            Group(_, members) => members.iter().collect(),
        }
    }

    /// Calls `f` on this expression and, when it returns true, on each part in turn, depth first.
    pub fn visit<'e>(&'e self, f: &mut impl FnMut(&'e Expr) -> bool) {
        if f(self) {
            for c in self.children() {
                c.visit(f);
            }
        }
    }
}
