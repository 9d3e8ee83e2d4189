//! What each code means in one or two sentences, for reports that list the codes they use (SARIF
//! rules, GitLab descriptions): the short form of its section in docs/errors.md.

use crate::diag::{Lang, Problem};
use crate::t;

/// The meaning of `p`'s code, whatever its arguments.
pub fn summary(lang: Lang, p: &Problem) -> String {
    use Problem::*;
    match p {
        Syntax(_) => t!(lang, "code.syntax"),
        Unclosed { .. } => t!(lang, "code.unclosed"),
        TooDeep { .. } | TooDeepNames { .. } => t!(lang, "code.too_deep"),
        UnknownName { .. } => t!(lang, "code.unknown_name"),
        UnknownField { .. } => t!(lang, "code.unknown_field"),
        UnknownMember { .. } => t!(lang, "code.unknown_member"),
        UnknownLadder { .. } => t!(lang, "code.unknown_ladder"),
        UnknownLevel { .. } => t!(lang, "code.unknown_level"),
        UnknownFunction { .. } => t!(lang, "code.unknown_function"),
        Duplicate { .. } => t!(lang, "code.duplicate"),
        DuplicateLevel { .. } => t!(lang, "code.duplicate_level"),
        DuplicateColumn { .. } => t!(lang, "code.duplicate_column"),
        ResultColumn { .. } => t!(lang, "code.result_column"),
        TypeMismatch(_) => t!(lang, "code.type_mismatch"),
        NotACondition { .. } => t!(lang, "code.not_a_condition"),
        NotAValue { .. } => t!(lang, "code.not_a_value"),
        NotAConstant => t!(lang, "code.not_a_constant"),
        UnquotedText { .. } => t!(lang, "code.unquoted_text"),
        BadDate { .. } => t!(lang, "code.bad_date"),
        TooLong { .. } => t!(lang, "code.too_long"),
        NumberTooLarge { .. } => t!(lang, "code.number_too_large"),
        AtLeastTooMany { .. } => t!(lang, "code.at_least_too_many"),
        NestedPopulation { .. } => t!(lang, "code.nested_population"),
        NotAStageField { .. } => t!(lang, "code.not_a_stage_field"),
        LetCycle { .. } => t!(lang, "code.let_cycle"),
        LadderCycle { .. } => t!(lang, "code.ladder_cycle"),
        BadExampleValue { .. } => t!(lang, "code.bad_example_value"),
        UseMissing { .. } => t!(lang, "code.use_missing"),
        UseCycle { .. } => t!(lang, "code.use_cycle"),
        NoOtherwise { .. } => t!(lang, "code.no_otherwise"),
        UnreachableRule { .. } => t!(lang, "code.unreachable_rule"),
        NeverFires { .. } => t!(lang, "code.never_fires"),
        FallsThrough { .. } => t!(lang, "code.falls_through"),
        AlwaysTrue { .. } => t!(lang, "code.always_true"),
        AlwaysFalse { .. } => t!(lang, "code.always_false"),
        UnusedField { .. } => t!(lang, "code.unused_field"),
        UnusedLet { .. } => t!(lang, "code.unused_let"),
        UnreachableStage(_) => t!(lang, "code.unreachable_stage"),
        DeadEndStage(_) => t!(lang, "code.dead_end_stage"),
        ShadowedMove(_) => t!(lang, "code.shadowed_move"),
        ImpossibleMove { .. } => t!(lang, "code.impossible_move"),
        SelfMove { .. } => t!(lang, "code.self_move"),
        MoveFromFinal { .. } => t!(lang, "code.move_from_final"),
        ReplOneLet => t!(lang, "code.repl_one_let"),
        SqlCannotExpress { .. } => t!(lang, "code.sql_cannot_express"),
    }
}
