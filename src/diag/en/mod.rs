//! The English catalogue: every sentence of a [`Problem`](crate::diag::Problem) and of a
//! [`DataProblem`](crate::diag::data::DataProblem). The only place these words live; another
//! language is a module beside this one with the same functions, chosen in `diag::Lang`.

pub mod audit;
pub(crate) mod data;
mod lint;
mod names;
pub mod repl;
pub mod repl_trouble;
mod syntax;
pub mod testing;
pub mod testing_why;
mod types;

use super::problem::{FieldKind, Problem};
use super::Text;

/// The words of one problem.
pub fn text(p: &Problem) -> Text {
    use Problem::*;
    match p {
        Syntax(s) => syntax::syntax(s),
        Unclosed { open, close } => syntax::unclosed(open, *close),
        TooDeep { max_depth, max_parts } => syntax::too_deep(*max_depth, *max_parts),
        UnknownName { name, fix } => names::unknown_name(name, fix),
        UnknownField { name, suggestion } => names::unknown_field(name, suggestion.as_deref()),
        UnknownMember { member, whose, suggestion, choices } => {
            names::unknown_member(member, whose, suggestion.as_deref(), choices)
        }
        UnknownLadder { name, suggestion, wanted, names } => {
            names::unknown_ladder(name, suggestion.as_deref(), *wanted, names)
        }
        UnknownLevel { ladder, level, suggestion, levels, form } => {
            names::unknown_level(ladder, level, suggestion.as_deref(), levels, *form)
        }
        UnknownFunction { name, suggestion } => names::unknown_function(name, suggestion.as_deref()),
        Duplicate { name, path, line } => names::duplicate(name, path, *line),
        DuplicateLevel { level, ladder } => names::duplicate_level(level, ladder),
        DuplicateColumn { column } => names::duplicate_column(column),
        TypeMismatch(m) => types::mismatch(m),
        NotACondition { src, ty, example } => types::not_a_condition(src, ty, example),
        NotAValue { name } => names::not_a_value(name),
        NotAConstant => types::not_a_constant(),
        UnquotedText { name } => types::unquoted_text(name),
        BadDate { src } => types::bad_date(src),
        AtLeastTooMany { n, count } => types::at_least_too_many(*n, *count),
        NestedPopulation { name } => names::nested_population(name),
        NotAStageField { field, declared } => names::not_a_stage_field(field, *declared),
        LetCycle { name, chain } => names::let_cycle(name, chain),
        LadderCycle { name, chain } => names::ladder_cycle(name, chain),
        BadExampleValue { value, field, needs } => names::bad_example_value(value, field, needs),
        UseMissing { target, reason, suggestion, looked_for } => {
            names::use_missing(target, reason, suggestion.as_deref(), looked_for)
        }
        UseCycle { chain } => names::use_cycle(chain),
        NoOtherwise { ladder } => lint::no_otherwise(ladder),
        UnreachableRule { level } => lint::unreachable_rule(level),
        UnusedField { name } => lint::unused_field(name),
        UnusedLet { name } => lint::unused_let(name),
        UnreachableStage(u) => lint::unreachable_stage(u),
        DeadEndStage(d) => lint::dead_end_stage(d),
        ShadowedMove(s) => lint::shadowed_move(s),
        SelfMove { stage, others } => lint::self_move(stage, others),
        MoveFromFinal { finals } => lint::move_from_final(finals),
        ReplOneLet => names::repl_one_let(),
    }
}

/// The words for a declared field type.
fn field_kind(k: FieldKind) -> &'static str {
    match k {
        FieldKind::Text => "text",
        FieldKind::Number => "a number",
        FieldKind::Money => "money",
        FieldKind::Bool => "yes/no",
        FieldKind::Date => "a date",
        FieldKind::OneOf => "a `one of` choice",
        FieldKind::Grade => "a level",
    }
}
