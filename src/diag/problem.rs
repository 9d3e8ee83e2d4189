//! What can be wrong with a rule file, as data: one variant per `ladder::` code with its arguments.
//! The words live in the catalogues (`diag::words`); nothing here is a sentence.

mod analysis;
mod graph;
mod kinds;
mod syntax;

pub use analysis::*;
pub use graph::*;
pub use kinds::*;
pub use syntax::*;

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
    /// A let, score, ladder or transition set whose evaluation, through the names it uses, goes
    /// deeper than evaluation can (`ir::MAX_EVAL_DEPTH`).
    TooDeepNames {
        name: String,
        max: usize,
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
        /// The level whose label is what was written (`高价值客户` for `A "高价值客户"`).
        label_of: Option<String>,
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
    ResultColumn {
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
    /// A length of time longer than dates can move by (`within last 4000000000 days`).
    TooLong {
        src: String,
        max_years: u32,
    },
    /// A number no exact decimal holds (`100000000000000000000000000000000`).
    NumberTooLarge {
        src: String,
    },
    /// `at least n of` a group of `count` conditions; `n` as written (it may be larger than any
    /// count), `zero` when it is 0.
    AtLeastTooMany {
        n: String,
        zero: bool,
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
    /// A ladder that uses its own level; `chain` runs from `name` round the circle (through
    /// ladders, lets and scores) back to `name`.
    LadderCycle {
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
        reason: UseReason,
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
    /// A rule no record reaches (src/analysis).
    NeverFires {
        level: String,
        why: NeverWhy,
    },
    /// A part of a rule's condition that is never false for the records reaching the rule
    /// (src/analysis); `earlier`: the earlier rules that take every record making it false, none
    /// when no record does.
    AlwaysTrue {
        level: String,
        part: String,
        earlier: Vec<String>,
    },
    /// A part of a rule's condition that is never true for the records reaching the rule;
    /// `earlier` as for [`Problem::AlwaysTrue`].
    AlwaysFalse {
        level: String,
        part: String,
        earlier: Vec<String>,
    },
    /// A ladder without `otherwise` that this record passes through with no level.
    FallsThrough {
        ladder: String,
        witness: Vec<(String, Shown)>,
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
    /// A move no customer at these stages can make true (`whole`: every stage it leaves but
    /// final ones).
    ImpossibleMove {
        whole: bool,
        stages: Vec<String>,
    },
    SelfMove {
        stage: String,
        others: Vec<String>,
    },
    MoveFromFinal {
        finals: Vec<String>,
    },
    ReplOneLet,
    /// A construct `ladder sql` cannot write for a dialect (docs/sql.md).
    SqlCannotExpress {
        dialect: String,
        what: SqlConstruct,
    },
}

impl Problem {
    /// The stable code, as documented in docs/errors.md.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Syntax(_) => "ladder::syntax",
            Unclosed { .. } => "ladder::unclosed",
            TooDeep { .. } | TooDeepNames { .. } => "ladder::too_deep",
            UnknownName { .. } => "ladder::unknown_name",
            UnknownField { .. } => "ladder::unknown_field",
            UnknownMember { .. } => "ladder::unknown_member",
            UnknownLadder { .. } => "ladder::unknown_ladder",
            UnknownLevel { .. } => "ladder::unknown_level",
            UnknownFunction { .. } => "ladder::unknown_function",
            Duplicate { .. } => "ladder::duplicate",
            DuplicateLevel { .. } => "ladder::duplicate_level",
            DuplicateColumn { .. } => "ladder::duplicate_column",
            ResultColumn { .. } => "ladder::result_column",
            TypeMismatch(_) => "ladder::type_mismatch",
            NotACondition { .. } => "ladder::not_a_condition",
            NotAValue { .. } => "ladder::not_a_value",
            NotAConstant => "ladder::not_a_constant",
            UnquotedText { .. } => "ladder::unquoted_text",
            BadDate { .. } => "ladder::bad_date",
            TooLong { .. } => "ladder::too_long",
            NumberTooLarge { .. } => "ladder::number_too_large",
            AtLeastTooMany { .. } => "ladder::at_least_too_many",
            NestedPopulation { .. } => "ladder::nested_population",
            NotAStageField { .. } => "ladder::not_a_stage_field",
            LetCycle { .. } => "ladder::let_cycle",
            LadderCycle { .. } => "ladder::ladder_cycle",
            BadExampleValue { .. } => "ladder::bad_example_value",
            UseMissing { .. } => "ladder::use_missing",
            UseCycle { .. } => "ladder::use_cycle",
            NoOtherwise { .. } => "ladder::no_otherwise",
            UnreachableRule { .. } => "ladder::unreachable_rule",
            NeverFires { .. } => "ladder::never_fires",
            FallsThrough { .. } => "ladder::falls_through",
            AlwaysTrue { .. } => "ladder::always_true",
            AlwaysFalse { .. } => "ladder::always_false",
            UnusedField { .. } => "ladder::unused_field",
            UnusedLet { .. } => "ladder::unused_let",
            UnreachableStage(_) => "ladder::unreachable_stage",
            DeadEndStage(_) => "ladder::dead_end_stage",
            ShadowedMove(_) => "ladder::shadowed_move",
            ImpossibleMove { .. } => "ladder::impossible_move",
            SelfMove { .. } => "ladder::self_move",
            MoveFromFinal { .. } => "ladder::move_from_final",
            ReplOneLet => "ladder::repl_one_let",
            SqlCannotExpress { .. } => "ladder::sql_cannot_express",
        }
    }

    /// Warnings are the lints: the rules run, but probably not as meant.
    pub fn severity(&self) -> Severity {
        use Problem::*;
        match self {
            NoOtherwise { .. }
            | UnreachableRule { .. }
            | NeverFires { .. }
            | FallsThrough { .. }
            | AlwaysTrue { .. }
            | AlwaysFalse { .. }
            | UnusedField { .. }
            | UnusedLet { .. }
            | UnreachableStage(_)
            | DeadEndStage(_)
            | ShadowedMove(_)
            | ImpossibleMove { .. }
            | SelfMove { .. }
            | MoveFromFinal { .. } => Severity::Warning,
            Syntax(_) | Unclosed { .. } | TooDeep { .. } | UnknownName { .. } | UnknownField { .. } => Severity::Error,
            TooDeepNames { .. } => Severity::Error,
            UnknownMember { .. } | UnknownLadder { .. } | UnknownLevel { .. } | UnknownFunction { .. } => {
                Severity::Error
            }
            Duplicate { .. } | DuplicateLevel { .. } | DuplicateColumn { .. } | TypeMismatch(_) => Severity::Error,
            ResultColumn { .. } => Severity::Error,
            NotACondition { .. } | NotAValue { .. } | NotAConstant | UnquotedText { .. } | BadDate { .. } => {
                Severity::Error
            }
            TooLong { .. } | NumberTooLarge { .. } => Severity::Error,
            AtLeastTooMany { .. } | NestedPopulation { .. } | NotAStageField { .. } | LetCycle { .. } => {
                Severity::Error
            }
            LadderCycle { .. } | BadExampleValue { .. } | UseMissing { .. } | UseCycle { .. } | ReplOneLet => {
                Severity::Error
            }
            SqlCannotExpress { .. } => Severity::Error,
        }
    }

    /// The one replacement that fixes the problem, when there is one: what to write instead of
    /// the diagnostic's span (the did-you-mean of an editor's quick fix).
    pub fn fix(&self) -> Option<Fix<'_>> {
        use Problem::*;
        match self {
            UnknownName { fix, .. } => match fix {
                NameFix::DidYouMean(s) => Some(Fix::Name(s)),
                NameFix::Split(s) | NameFix::Amount(s) => Some(Fix::Text(s)),
                NameFix::YesNo | NameFix::ChoiceOf { .. } | NameFix::Declare => None,
            },
            UnknownLevel { label_of, suggestion, .. } => label_of.as_deref().or(suggestion.as_deref()).map(Fix::Name),
            UnknownField { suggestion, .. }
            | UnknownMember { suggestion, .. }
            | UnknownLadder { suggestion, .. }
            | UnknownFunction { suggestion, .. }
            | UseMissing { suggestion, .. } => suggestion.as_deref().map(Fix::Name),
            Syntax(_)
            | Unclosed { .. }
            | TooDeep { .. }
            | TooDeepNames { .. }
            | Duplicate { .. }
            | DuplicateLevel { .. }
            | DuplicateColumn { .. }
            | ResultColumn { .. }
            | TypeMismatch(_)
            | NotACondition { .. }
            | NotAValue { .. }
            | NotAConstant
            | UnquotedText { .. }
            | BadDate { .. }
            | TooLong { .. }
            | NumberTooLarge { .. }
            | AtLeastTooMany { .. }
            | NestedPopulation { .. }
            | NotAStageField { .. }
            | LetCycle { .. }
            | LadderCycle { .. }
            | BadExampleValue { .. }
            | UseCycle { .. }
            | NoOtherwise { .. }
            | UnreachableRule { .. }
            | NeverFires { .. }
            | FallsThrough { .. }
            | AlwaysTrue { .. }
            | AlwaysFalse { .. }
            | UnusedField { .. }
            | UnusedLet { .. }
            | UnreachableStage(_)
            | DeadEndStage(_)
            | ShadowedMove(_)
            | ImpossibleMove { .. }
            | SelfMove { .. }
            | MoveFromFinal { .. }
            | ReplOneLet
            | SqlCannotExpress { .. } => None,
        }
    }

    /// Whether the problem means part of a file did not parse (lints then stay quiet).
    pub fn is_parse_failure(&self) -> bool {
        matches!(self, Problem::Syntax(_) | Problem::Unclosed { .. } | Problem::TooDeep { .. })
    }
}

/// A replacement for the text a diagnostic points at ([`Problem::fix`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix<'a> {
    /// A name, written as the text it replaces was (in backticks or quotes when that was).
    Name(&'a str),
    /// Text written as it is.
    Text(&'a str),
}
