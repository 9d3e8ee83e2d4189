//! The words of every finding: which catalogue key says it and with what arguments, the same for
//! every language (the texts are in `diag/catalogue/<lang>/`).

pub mod audit;
pub mod codes;
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
use super::{Lang, Text, Voice};
use crate::t;

/// A record the static analysis shows (src/analysis): each field with its value, or missing.
pub fn witness(lang: Lang, witness: &[(String, super::Shown)]) -> String {
    lint::record(lang.into(), witness)
}

/// The words of one problem.
pub fn text(v: Voice, p: &Problem) -> Text {
    use Problem::*;
    match p {
        Syntax(s) => syntax::syntax(v, s),
        Unclosed { open, close } => syntax::unclosed(v, open, *close),
        TooDeep { max_depth, max_parts } => syntax::too_deep(v, *max_depth, *max_parts),
        TooDeepNames { name, max } => syntax::too_deep_names(v, name, *max),
        UnknownName { name, fix } => names::unknown_name(v, name, fix),
        UnknownField { name, suggestion } => names::unknown_field(v, name, suggestion.as_deref()),
        UnknownMember { member, whose, suggestion, choices } => {
            names::unknown_member(v, member, whose, suggestion.as_deref(), choices)
        }
        UnknownLadder { name, suggestion, wanted, names } => {
            names::unknown_ladder(v, name, suggestion.as_deref(), *wanted, names)
        }
        UnknownLevel { ladder, level, label_of, suggestion, levels, form } => {
            names::unknown_level(v, ladder, level, label_of.as_deref(), suggestion.as_deref(), levels, *form)
        }
        UnknownFunction { name, suggestion } => names::unknown_function(v, name, suggestion.as_deref()),
        Duplicate { name, path, line } => names::duplicate(v, name, path, *line),
        DuplicateLevel { level, ladder } => names::duplicate_level(v, level, ladder),
        DuplicateColumn { column } => names::duplicate_column(v, column),
        ResultColumn { column } => names::result_column(v, column),
        TypeMismatch(m) => types::mismatch(v, m),
        NotACondition { src, ty, example } => types::not_a_condition(v, src, ty, example),
        NotAValue { name } => names::not_a_value(v, name),
        NotAConstant => types::not_a_constant(v),
        UnquotedText { name } => types::unquoted_text(v, name),
        BadDate { src } => types::bad_date(v, src),
        TooLong { src, max_years } => types::too_long(v, src, *max_years),
        NumberTooLarge { src } => types::number_too_large(v, src),
        AtLeastTooMany { n, zero, count } => types::at_least_too_many(v, n, *zero, *count),
        NestedPopulation { name } => names::nested_population(v, name),
        NotAStageField { field, declared } => names::not_a_stage_field(v, field, *declared),
        LetCycle { name, chain } => names::let_cycle(v, name, chain),
        LadderCycle { name, chain } => names::ladder_cycle(v, name, chain),
        BadExampleValue { value, field, needs } => names::bad_example_value(v, value, field, needs),
        UseMissing { target, reason, suggestion, looked_for } => {
            names::use_missing(v, target, reason, suggestion.as_deref(), looked_for)
        }
        UseCycle { chain } => names::use_cycle(v, chain),
        NoOtherwise { ladder } => lint::no_otherwise(v, ladder),
        UnreachableRule { level } => lint::unreachable_rule(v, level),
        NeverFires { level, why } => lint::never_fires(v, level, why),
        FallsThrough { ladder, witness } => lint::falls_through(v, ladder, witness),
        AlwaysTrue { level, part, earlier } => lint::constant_part(v, true, level, part, earlier),
        AlwaysFalse { level, part, earlier } => lint::constant_part(v, false, level, part, earlier),
        UnusedField { name } => lint::unused_field(v, name),
        UnusedLet { name } => lint::unused_let(v, name),
        UnreachableStage(u) => lint::unreachable_stage(v, u),
        DeadEndStage(d) => lint::dead_end_stage(v, d),
        ShadowedMove(s) => lint::shadowed_move(v, s),
        ImpossibleMove { whole, stages } => lint::impossible_move(v, *whole, stages),
        SelfMove { stage, others } => lint::self_move(v, stage, others),
        MoveFromFinal { finals } => lint::move_from_final(v, finals),
        ReplOneLet => names::repl_one_let(v),
        SqlCannotExpress { dialect, what } => types::sql_cannot_express(v, dialect, what),
    }
}

/// The words for a declared field type.
fn field_kind(v: Voice, k: FieldKind) -> String {
    match k {
        FieldKind::Text => t!(v, "kind.text"),
        FieldKind::Number => t!(v, "kind.number"),
        FieldKind::Money => t!(v, "kind.money"),
        FieldKind::Bool => t!(v, "kind.bool"),
        FieldKind::Date => t!(v, "kind.date"),
        FieldKind::OneOf => t!(v, "kind.one-of"),
        FieldKind::Grade => t!(v, "kind.grade"),
    }
}

/// "Did you mean `X`?", or nothing.
fn did_you_mean(v: Voice, suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |name| t!(v, "did-you-mean", name))
}

/// Two sentences one after the other, as the language writes them (either may be empty).
fn then(v: Voice, first: String, second: String) -> String {
    match (first.is_empty(), second.is_empty(), v.lang) {
        (true, _, _) => second,
        (_, true, _) => first,
        (false, false, Lang::En) => format!("{first} {second}"),
        (false, false, Lang::Zh) => first + &second,
    }
}

/// Clauses of one sentence: `a; b` or `a；b`.
pub(crate) fn clauses(lang: Lang, parts: impl Iterator<Item = String>) -> String {
    let sep = match lang {
        Lang::En => "; ",
        Lang::Zh => "；",
    };
    parts.collect::<Vec<_>>().join(sep)
}

/// Names in a list: `a, b, c` or `a、b、c`.
pub(crate) fn list(v: Voice, items: &[impl AsRef<str>]) -> String {
    let sep = match v.lang {
        Lang::En => ", ",
        Lang::Zh => "、",
    };
    items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(sep)
}
