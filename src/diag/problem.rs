//! What can be wrong with a rule file, as data: one variant per `ladder::` code with its arguments.
//! The words live in the catalogues (`diag::en`); nothing here is a sentence.

use super::Severity;

/// One problem found while parsing or checking rules (documented in docs/errors.md).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Syntax(Syntax),
    /// A bracket or quote opened and never closed.
    Unclosed {
        open: String,
        close: Close,
    },
    /// A condition nested deeper than the checker can follow.
    TooDeep {
        max_depth: usize,
        max_parts: usize,
    },
    UnknownName {
        name: String,
        fix: NameFix,
    },
    UnknownField {
        name: String,
        suggestion: Option<String>,
    },
    /// A choice that is not a member of a `one of` field or a `grade` field.
    UnknownMember {
        member: String,
        whose: Whose,
        suggestion: Option<String>,
        choices: Vec<String>,
    },
    UnknownLadder {
        name: String,
        suggestion: Option<String>,
        wanted: LadderUse,
        names: Vec<String>,
    },
    UnknownLevel {
        ladder: String,
        level: String,
        suggestion: Option<String>,
        levels: Vec<String>,
        form: LevelList,
    },
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },
    /// A name defined twice; the first definition is at `path:line`.
    Duplicate {
        name: String,
        path: String,
        line: usize,
    },
    DuplicateLevel {
        level: String,
        ladder: String,
    },
    DuplicateColumn {
        column: String,
    },
    TypeMismatch(Mismatch),
    NotACondition {
        src: String,
        ty: TypeName,
        example: CondExample,
    },
    NotAValue {
        name: String,
    },
    NotAConstant,
    UnquotedText {
        name: String,
    },
    BadDate {
        src: String,
    },
    /// `at least n of` a group of `count` conditions.
    AtLeastTooMany {
        n: u32,
        count: usize,
    },
    NestedPopulation {
        name: String,
    },
    NotAStageField {
        field: String,
        declared: FieldKind,
    },
    /// `chain` runs from the first definition in the circle back to `name`.
    LetCycle {
        name: String,
        chain: Vec<String>,
    },
    BadExampleValue {
        value: String,
        field: String,
        needs: crate::diag::data::NotA,
    },
    /// `reason` is the operating system's; `suggestion` a file beside it; `looked_for` the full path.
    UseMissing {
        target: String,
        reason: String,
        suggestion: Option<String>,
        looked_for: String,
    },
    UseCycle {
        chain: Vec<String>,
    },
    NoOtherwise {
        ladder: String,
    },
    UnreachableRule {
        level: String,
    },
    UnusedField {
        name: String,
    },
    UnusedLet {
        name: String,
    },
    UnreachableStage(Box<UnreachableStage>),
    DeadEndStage(Box<DeadEndStage>),
    ShadowedMove(Box<ShadowedMove>),
    SelfMove {
        stage: String,
        others: Vec<String>,
    },
    MoveFromFinal {
        finals: Vec<String>,
    },
    ReplOneLet,
}

impl Problem {
    /// The stable code, as documented in docs/errors.md.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Syntax(_) => "ladder::syntax",
            Unclosed { .. } => "ladder::unclosed",
            TooDeep { .. } => "ladder::too_deep",
            UnknownName { .. } => "ladder::unknown_name",
            UnknownField { .. } => "ladder::unknown_field",
            UnknownMember { .. } => "ladder::unknown_member",
            UnknownLadder { .. } => "ladder::unknown_ladder",
            UnknownLevel { .. } => "ladder::unknown_level",
            UnknownFunction { .. } => "ladder::unknown_function",
            Duplicate { .. } => "ladder::duplicate",
            DuplicateLevel { .. } => "ladder::duplicate_level",
            DuplicateColumn { .. } => "ladder::duplicate_column",
            TypeMismatch(_) => "ladder::type_mismatch",
            NotACondition { .. } => "ladder::not_a_condition",
            NotAValue { .. } => "ladder::not_a_value",
            NotAConstant => "ladder::not_a_constant",
            UnquotedText { .. } => "ladder::unquoted_text",
            BadDate { .. } => "ladder::bad_date",
            AtLeastTooMany { .. } => "ladder::at_least_too_many",
            NestedPopulation { .. } => "ladder::nested_population",
            NotAStageField { .. } => "ladder::not_a_stage_field",
            LetCycle { .. } => "ladder::let_cycle",
            BadExampleValue { .. } => "ladder::bad_example_value",
            UseMissing { .. } => "ladder::use_missing",
            UseCycle { .. } => "ladder::use_cycle",
            NoOtherwise { .. } => "ladder::no_otherwise",
            UnreachableRule { .. } => "ladder::unreachable_rule",
            UnusedField { .. } => "ladder::unused_field",
            UnusedLet { .. } => "ladder::unused_let",
            UnreachableStage(_) => "ladder::unreachable_stage",
            DeadEndStage(_) => "ladder::dead_end_stage",
            ShadowedMove(_) => "ladder::shadowed_move",
            SelfMove { .. } => "ladder::self_move",
            MoveFromFinal { .. } => "ladder::move_from_final",
            ReplOneLet => "ladder::repl_one_let",
        }
    }

    /// Warnings are the lints: the rules run, but probably not as meant.
    pub fn severity(&self) -> Severity {
        use Problem::*;
        match self {
            NoOtherwise { .. }
            | UnreachableRule { .. }
            | UnusedField { .. }
            | UnusedLet { .. }
            | UnreachableStage(_)
            | DeadEndStage(_)
            | ShadowedMove(_)
            | SelfMove { .. }
            | MoveFromFinal { .. } => Severity::Warning,
            Syntax(_) | Unclosed { .. } | TooDeep { .. } | UnknownName { .. } | UnknownField { .. } => Severity::Error,
            UnknownMember { .. } | UnknownLadder { .. } | UnknownLevel { .. } | UnknownFunction { .. } => {
                Severity::Error
            }
            Duplicate { .. } | DuplicateLevel { .. } | DuplicateColumn { .. } | TypeMismatch(_) => Severity::Error,
            NotACondition { .. } | NotAValue { .. } | NotAConstant | UnquotedText { .. } | BadDate { .. } => {
                Severity::Error
            }
            AtLeastTooMany { .. } | NestedPopulation { .. } | NotAStageField { .. } | LetCycle { .. } => {
                Severity::Error
            }
            BadExampleValue { .. } | UseMissing { .. } | UseCycle { .. } | ReplOneLet => Severity::Error,
        }
    }

    /// Whether the problem means part of a file did not parse (lints then stay quiet).
    pub fn is_parse_failure(&self) -> bool {
        matches!(self, Problem::Syntax(_) | Problem::Unclosed { .. } | Problem::TooDeep { .. })
    }
}

/// The kinds of `ladder::syntax` problem: the parser's "expected" and the slips recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum Syntax {
    /// What the grammar wanted at this point (at most three), and what was found.
    Expected {
        expected: Vec<Expected>,
        found: Found,
    },
    /// `==`, `&&`, `=>`…: `fix` is the Ladder operator.
    Operator {
        written: String,
        fix: OperatorFix,
    },
    /// `100 万`.
    SpacedSuffix {
        suffix: String,
        digits: String,
    },
    /// `询问公司产品 is 是`.
    IsYesNo {
        field: String,
        token: String,
        yes: bool,
    },
    UnitTypo {
        word: String,
        unit: String,
    },
    StrayWord {
        word: String,
    },
    UnquotedLabel {
        token: String,
    },
    Misspelled {
        token: String,
        word: String,
    },
    MissingIf {
        token: String,
    },
    NotAType {
        token: String,
        suggestion: Option<String>,
    },
    NotADeclaration {
        token: String,
        suggestion: Option<String>,
    },
    ReservedWord {
        token: String,
    },
    ExpectedColon {
        found: Found,
    },
}

/// What the parser found where it stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    EndOfLine,
    Token(String),
}

/// Something the grammar accepts at a point, as a manager would name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Condition,
    Value,
    Name,
    Text,
    Comparison,
    AndOr,
    IfOrOtherwise,
    /// A punctuation mark such as `{` or `->`.
    Mark(&'static str),
    Type,
    Field,
    GradeRule,
    Move,
    Declaration,
    EndOfDeclaration,
    From,
    Given,
    GivenValue,
    Expect,
    Output,
    List,
    WholeNumber,
    DurationUnit,
    Direction,
    MemberName,
    Choice,
}

/// The Ladder operator for an operator from elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorFix {
    Arrow,
    And,
    Or,
    Not,
    SingleEquals,
    AtLeast,
    AtMost,
    NotEqual,
}

/// What closes an unclosed bracket or quote, and so what the help says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Close {
    /// A `{` of a block or group, found by the parser.
    Brace,
    Paren,
    Bracket,
    /// A `{` of a declaration block, found when recovering.
    Block,
    /// A quote: the closing character.
    Quote(char),
}

/// The likeliest fix for an unknown name.
#[derive(Debug, Clone, PartialEq)]
pub enum NameFix {
    /// `yes`, `对`…: yes and no are written otherwise.
    YesNo,
    /// A keyword glued between two names: the text written apart.
    Split(String),
    /// The name is a choice of the field `owner`.
    ChoiceOf {
        owner: String,
    },
    DidYouMean(String),
    Declare,
}

/// Whose choices a member was looked up in.
#[derive(Debug, Clone, PartialEq)]
pub enum Whose {
    /// The `one of` field, as written (`subject`) or the field's name.
    Field(String),
    /// The ladder whose levels a `grade` value takes.
    Ladder(String),
}

/// Where a ladder name was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LadderUse {
    /// `grade LADDER` in a field's type.
    Grade,
    /// `expect LADDER = …`.
    Expect,
}

/// How the help of an unknown level lists the levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelList {
    /// After `is`: "The levels are: …".
    Is,
    /// A stage in `transitions` or `expect`: "The levels of LADDER are: …".
    Stage,
}

/// The kind of a value, as named in messages.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeName {
    Bool,
    Number,
    Money,
    Text,
    Date,
    Duration,
    /// A choice of the named field.
    Choice(String),
    /// A level of the named ladder.
    Level(String),
    Unknown,
}

/// A declared field type, as named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    Money,
    Bool,
    Date,
    OneOf,
    Grade,
}

/// How to turn a value into a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum CondExample {
    /// Compare an amount: `src >= 100万`.
    Amount,
    /// Compare text, or test that it is present.
    Text,
    /// Test a window of time.
    Date,
    /// Name a choice: `src is member`.
    Choice {
        member: String,
    },
    /// Name a level: `src is level`.
    Level {
        level: String,
    },
    Compare,
}

/// The kinds of `ladder::type_mismatch`.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// `is` used on a value that is not a choice or level; `subject` is the value as written.
    IsOnValue { subject: Option<String>, member: String, ty: TypeName },
    /// A list item of the wrong kind; `unquote` is the number inside a quoted item.
    ListItem { item: String, want: TypeName, got: TypeName, unquote: Option<String> },
    /// A value where something else was wanted.
    Expected { src: String, want: Wanted, got: TypeName, hint: WantedHint },
    /// One value of a kind the operation does not take.
    WrongKind { src: String, got: TypeName, op: KindOp },
    /// Two values that do not combine.
    Pair(Box<Pair>),
    /// A score that is not a number.
    Score { name: String, got: TypeName },
}

/// What was wanted where a [`Mismatch::Expected`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// The date of `within`/`before`/`after`.
    TimeDate,
    /// The length of time after `within next`.
    TimeLength,
    /// The date after `before`/`after`.
    TimeLimit,
    /// The date of `days since`.
    DaysDate,
    /// The argument of a ranking function.
    RankArg,
}

/// What the hint for a [`Wanted`] says beyond "write … here".
#[derive(Debug, Clone, PartialEq)]
pub enum WantedHint {
    /// The generic "Write WANTED here."
    Plain,
    /// A length of time where a date is wanted.
    Window,
    /// `20261123`: the date with dashes.
    Dashes { year: String, month: String, day: String },
    /// A number where a length of time is wanted.
    Unit,
}

/// An operation on one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindOp {
    Negate,
    /// `contains` or `starts with`, with the hint for the value's kind.
    LooksInside {
        starts_with: bool,
        hint: InsideHint,
    },
}

/// The hint for `contains`/`starts with` on something that is not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsideHint {
    Choice,
    Amount,
    Other,
}

/// Two values that do not combine.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub verb: Verb,
    pub a: (String, TypeName),
    pub b: (String, TypeName),
    pub hint: PairHint,
}

/// What was done to a [`Pair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Add,
    Subtract,
    Multiply,
    Divide,
    Compare,
}

/// The fix for a [`Pair`].
#[derive(Debug, Clone, PartialEq)]
pub enum PairHint {
    DateArithmetic,
    /// Arithmetic on `src`, which is `ty`.
    NotNumeric {
        src: String,
        ty: TypeName,
    },
    DateWithLength,
    Unquote(String),
    TextWithNumber,
    DaysCount,
    YesNo,
    SameKind,
}

/// A move as named in warnings: `A07, A08 -> A06` (line 12).
#[derive(Debug, Clone, PartialEq)]
pub struct MoveRef {
    /// The stages it leaves; `None` for `*`.
    pub from: Option<Vec<String>>,
    pub to: String,
    pub line: usize,
}

/// `ladder::unreachable_stage`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreachableStage {
    pub stage: String,
    pub set: String,
    pub entries: Vec<String>,
    pub why: Unreached,
}

/// Why no customer reaches a stage.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreached {
    NoMove,
    DeadMoves,
    /// Moves lead to it only from these stages, which cannot be reached either.
    OnlyFrom(Vec<String>),
}

/// `ladder::dead_end_stage`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadEndStage {
    pub stage: String,
    pub why: DeadEnd,
    /// The stages customers reach it from; empty when they start there.
    pub reached_from: Vec<String>,
}

/// Why a stage has no way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadEnd {
    NoMove,
    OnlySelf,
    DeadMoves,
}

/// `ladder::shadowed_move`.
#[derive(Debug, Clone, PartialEq)]
pub enum ShadowedMove {
    /// One earlier move hides this one from `stages` (`whole`: from every stage it leaves).
    One { whole: bool, stages: Vec<String>, first: MoveRef, how: Hides },
    /// Earlier moves hide it from every stage: each stage with the move that fires there.
    Each(Vec<(String, MoveRef)>),
}

/// Why an earlier move hides a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hides {
    Otherwise,
    SameCondition,
    Implies,
}
