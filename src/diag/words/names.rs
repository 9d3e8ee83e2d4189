//! The words of problems with names and declarations: unknown, duplicate, cyclic, missing files.

use super::{did_you_mean, field_kind, list, then, Text};
use crate::diag::data::NotA;
use crate::diag::problem::{FieldKind, LadderUse, LevelList, NameFix, Whose};
use crate::diag::UseReason;
use crate::diag::Voice;
use crate::t;

pub(super) fn unknown_name(v: Voice, name: &str, fix: &NameFix) -> Text {
    let help = match fix {
        NameFix::YesNo => t!(v, "unknown-name.help.yes-no"),
        NameFix::Split(fix) => t!(v, "unknown-name.help.split", fix),
        NameFix::ChoiceOf { owner } => t!(v, "unknown-name.help.choice-of", name, owner),
        NameFix::DidYouMean(c) => t!(v, "did-you-mean", name = c),
        NameFix::Amount(fix) => t!(v, "unknown-name.help.amount", fix),
        NameFix::Declare => t!(v, "unknown-name.help.declare"),
    };
    Text::new(t!(v, "unknown-name", name), t!(v, "unknown-name.label")).help(help)
}

pub(super) fn unknown_field(v: Voice, name: &str, suggestion: Option<&str>) -> Text {
    let help = match suggestion {
        Some(c) => t!(v, "did-you-mean", name = c),
        None => t!(v, "unknown-field.help"),
    };
    Text::new(t!(v, "unknown-field", name), t!(v, "unknown-field.label")).help(help)
}

pub(super) fn unknown_member(
    v: Voice,
    member: &str,
    whose: &Whose,
    suggestion: Option<&str>,
    choices: &[String],
) -> Text {
    let message = match whose {
        Whose::Field(field) => t!(v, "unknown-member.of-field", member, field),
        Whose::Ladder(ladder) => t!(v, "unknown-member.of-ladder", member, ladder),
    };
    let choices = t!(v, "unknown-member.help", choices = list(v, choices));
    Text::new(message, t!(v, "unknown-member.label")).help(then(v, did_you_mean(v, suggestion), choices))
}

pub(super) fn unknown_ladder(
    v: Voice,
    name: &str,
    suggestion: Option<&str>,
    wanted: LadderUse,
    names: &[String],
) -> Text {
    let names = list_or_none(v, names);
    let help = match (suggestion, wanted) {
        (Some(c), _) => t!(v, "did-you-mean", name = c),
        (None, LadderUse::Grade) => t!(v, "unknown-ladder.help.grade", names),
        (None, LadderUse::Expect) => t!(v, "unknown-ladder.help.expect", names),
    };
    Text::new(t!(v, "unknown-ladder", name), t!(v, "unknown-ladder.label")).help(help)
}

pub(super) fn unknown_level(
    v: Voice,
    ladder: &str,
    level: &str,
    label_of: Option<&str>,
    suggestion: Option<&str>,
    levels: &[String],
    form: LevelList,
) -> Text {
    let levels = list(v, levels);
    let help = match (label_of, form, suggestion) {
        (Some(of), _, _) => t!(v, "unknown-level.help.label", level, of),
        (None, LevelList::Is, _) => then(v, did_you_mean(v, suggestion), t!(v, "unknown-level.help.is", levels)),
        (None, LevelList::Stage, Some(c)) => t!(v, "did-you-mean", name = c),
        (None, LevelList::Stage, None) => t!(v, "unknown-level.help.stage", ladder, levels),
    };
    Text::new(t!(v, "unknown-level", ladder, level), t!(v, "unknown-level.label")).help(help)
}

pub(super) fn unknown_function(v: Voice, name: &str, suggestion: Option<&str>) -> Text {
    Text::new(t!(v, "unknown-function", name), t!(v, "unknown-function.label")).help(then(
        v,
        did_you_mean(v, suggestion),
        t!(v, "unknown-function.help"),
    ))
}

pub(super) fn duplicate(v: Voice, name: &str, path: &str, line: usize) -> Text {
    Text::new(t!(v, "duplicate", name), t!(v, "duplicate.label"))
        .help(t!(v, "duplicate.help", path, line))
        .related(t!(v, "duplicate.related"))
}

pub(super) fn duplicate_level(v: Voice, level: &str, ladder: &str) -> Text {
    Text::new(t!(v, "duplicate-level", level, ladder), t!(v, "duplicate-level.label"))
        .help(t!(v, "duplicate-level.help"))
        .related(t!(v, "duplicate-level.related"))
}

pub(super) fn duplicate_column(v: Voice, column: &str) -> Text {
    Text::new(t!(v, "duplicate-column", column), t!(v, "duplicate-column.label"))
        .help(t!(v, "duplicate-column.help"))
        .related(t!(v, "duplicate-column.related"))
}

pub(super) fn result_column(v: Voice, column: &str) -> Text {
    Text::new(t!(v, "result-column", column), t!(v, "result-column.label"))
        .help(t!(v, "result-column.help"))
        .related(t!(v, "result-column.related"))
}

pub(super) fn not_a_value(v: Voice, name: &str) -> Text {
    Text::new(t!(v, "not-a-value", name), t!(v, "not-a-value.label")).help(t!(v, "not-a-value.help"))
}

pub(super) fn nested_population(v: Voice, name: &str) -> Text {
    Text::new(t!(v, "nested-population", name), t!(v, "nested-population.label")).help(t!(v, "nested-population.help"))
}

pub(super) fn not_a_stage_field(v: Voice, field: &str, declared: FieldKind) -> Text {
    Text::new(t!(v, "not-a-stage-field", field, kind = field_kind(v, declared)), t!(v, "not-a-stage-field.label"))
        .help(t!(v, "not-a-stage-field.help", field))
}

pub(super) fn let_cycle(v: Voice, name: &str, chain: &[String]) -> Text {
    Text::new(t!(v, "let-cycle", name), t!(v, "let-cycle.label")).help(t!(
        v,
        "let-cycle.help",
        chain = chain.join(" → ")
    ))
}

pub(super) fn ladder_cycle(v: Voice, name: &str, chain: &[String]) -> Text {
    Text::new(t!(v, "ladder-cycle", name), t!(v, "ladder-cycle.label")).help(t!(
        v,
        "ladder-cycle.help",
        chain = chain.join(" → ")
    ))
}

pub(super) fn bad_example_value(v: Voice, value: &str, field: &str, needs: &NotA) -> Text {
    Text::new(t!(v, "bad-example-value", value, field), t!(v, "bad-example-value.label")).help(t!(
        v,
        "bad-example-value.help",
        field,
        needs = super::data::not_a(v.lang, needs)
    ))
}

pub(super) fn use_missing(
    v: Voice,
    target: &str,
    reason: &UseReason,
    suggestion: Option<&str>,
    looked_for: &str,
) -> Text {
    let reason = match reason {
        UseReason::Os(words) => lower_first(words),
        UseReason::NotARuleFile => t!(v, "use-missing.not-a-rule-file"),
        UseReason::NotAFile => t!(v, "use-missing.not-a-file"),
        UseReason::TooBig => t!(v, "use-missing.too-big"),
    };
    Text::new(t!(v, "use-missing", target, reason), t!(v, "use-missing.label")).help(then(
        v,
        did_you_mean(v, suggestion),
        t!(v, "use-missing.help", looked_for),
    ))
}

pub(super) fn use_cycle(v: Voice, chain: &[String]) -> Text {
    Text::new(t!(v, "use-cycle"), t!(v, "use-cycle.label")).help(t!(v, "use-cycle.help", chain = chain.join(" → ")))
}

pub(super) fn repl_one_let(v: Voice) -> Text {
    Text::new(t!(v, "repl-one-let"), t!(v, "repl-one-let.label")).help(t!(v, "repl-one-let.help"))
}

fn list_or_none(v: Voice, names: &[String]) -> String {
    if names.is_empty() {
        t!(v, "none-yet")
    } else {
        let mut names = names.to_vec();
        names.sort();
        list(v, &names)
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}
