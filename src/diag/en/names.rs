//! English for problems with names and declarations: unknown, duplicate, cyclic, missing files.

use super::syntax::did_you_mean_space;
use super::{field_kind, Text};
use crate::diag::data::NotA;
use crate::diag::problem::{FieldKind, LadderUse, LevelList, NameFix, Whose};

pub(super) fn unknown_name(name: &str, fix: &NameFix) -> Text {
    let help = match fix {
        NameFix::YesNo => {
            "In rules, yes and no are written `是` and `否` (or `true` and `false`); a yes/no field is a condition by itself.".to_string()
        }
        NameFix::Split(s) => format!("Keywords must stand apart from names: write `{s}`."),
        NameFix::ChoiceOf { owner } => format!("`{name}` is a choice of {owner}: write `{owner} is {name}`."),
        NameFix::DidYouMean(c) => format!("Did you mean `{c}`?"),
        NameFix::Declare => "Declare it in `fields { … }` or define it with `let`.".to_string(),
    };
    Text::new(format!("There is no field, let or score named `{name}`."), "unknown name").help(help)
}

pub(super) fn unknown_field(name: &str, suggestion: Option<&str>) -> Text {
    let help = suggestion.map_or_else(
        || "Only declared fields can be given; add it to `fields { … }`.".to_string(),
        |c| format!("Did you mean `{c}`?"),
    );
    Text::new(format!("There is no field named `{name}`."), "unknown field").help(help)
}

pub(super) fn unknown_member(member: &str, whose: &Whose, suggestion: Option<&str>, choices: &[String]) -> Text {
    let whose = match whose {
        Whose::Field(f) => f.clone(),
        Whose::Ladder(l) => format!("the ladder {l}"),
    };
    let hint = did_you_mean_space(suggestion);
    Text::new(format!("`{member}` is not one of the choices of {whose}."), "unknown choice")
        .help(format!("{hint}The choices are: {}.", choices.join(", ")))
}

pub(super) fn unknown_ladder(name: &str, suggestion: Option<&str>, wanted: LadderUse, names: &[String]) -> Text {
    let help = match (suggestion, wanted) {
        (Some(c), _) => format!("Did you mean `{c}`?"),
        (None, LadderUse::Grade) => {
            format!("`grade` names a `grades` block; the ladders are: {}.", list_or_none(names))
        }
        (None, LadderUse::Expect) => {
            format!("`expect` names a ladder or a transition set: {}.", list_or_none(names))
        }
    };
    Text::new(format!("There is no ladder named `{name}`."), "unknown ladder").help(help)
}

pub(super) fn unknown_level(
    ladder: &str,
    level: &str,
    suggestion: Option<&str>,
    levels: &[String],
    form: LevelList,
) -> Text {
    let help = match form {
        LevelList::Is => format!("{}The levels are: {}.", did_you_mean_space(suggestion), levels.join(", ")),
        LevelList::Stage => suggestion.map_or_else(
            || format!("The levels of {ladder} are: {}.", levels.join(", ")),
            |c| format!("Did you mean `{c}`?"),
        ),
    };
    Text::new(format!("The ladder `{ladder}` has no level `{level}`."), "unknown level").help(help)
}

pub(super) fn unknown_function(name: &str, suggestion: Option<&str>) -> Text {
    let hint = did_you_mean_space(suggestion);
    Text::new(format!("There is no function named `{name}`."), "unknown function")
        .help(format!("{hint}The functions are quintile(X), percentile(X) and rank(X)."))
}

pub(super) fn duplicate(name: &str, path: &str, line: usize) -> Text {
    Text::new(format!("`{name}` is defined twice."), "second definition")
        .help(format!("The first definition is at {path}:{line}; rename or remove one of them."))
        .related("first defined here")
}

pub(super) fn duplicate_level(level: &str, ladder: &str) -> Text {
    Text::new(format!("The level `{level}` appears twice in the ladder `{ladder}`."), "second rule for this level")
        .help("A level has one rule; join the two conditions with `or`, or rename one level.")
        .related("first rule for this level")
}

pub(super) fn duplicate_column(column: &str) -> Text {
    Text::new(format!("Two fields read the column \"{column}\"."), "second field reading it")
        .help("Each field reads its own column; give one of them `column \"…\"` with another header.")
        .related("first field reading it")
}

pub(super) fn not_a_value(name: &str) -> Text {
    Text::new(format!("`{name}` is a transition set, not a value a condition can use."), "a transition set").help(
        "Conditions use fields, lets, scores and the levels of ladders; to test the stage a record is at, test the `grade` field the set moves from, such as `当前阶段 is A08`.",
    )
}

pub(super) fn nested_population(name: &str) -> Text {
    Text::new(format!("`{name}` cannot be used inside another ranking function."), "nested ranking")
        .help("Rank a field or a sum of fields; define the inner ranking as its own `score` first.")
}

pub(super) fn not_a_stage_field(field: &str, declared: FieldKind) -> Text {
    Text::new(
        format!("`{field}` does not hold a stage: it is declared as {}.", field_kind(declared)),
        "not a `grade` field",
    )
    .help(format!("Declare it as `{field}: grade LADDER`, naming the ladder whose levels are the stages."))
}

pub(super) fn let_cycle(name: &str, chain: &[String]) -> Text {
    Text::new(format!("`{name}` is defined in terms of itself."), "this use closes the circle").help(format!(
        "The definitions go round in a circle: {}. Define one of them without the others.",
        chain.join(" → ")
    ))
}

pub(super) fn ladder_cycle(name: &str, chain: &[String]) -> Text {
    Text::new(format!("The ladder `{name}` uses its own level."), "this use closes the circle").help(format!(
        "The definitions go round in a circle: {}. A ladder can use another ladder's level only when that ladder does not use it back, directly or through lets and scores.",
        chain.join(" → ")
    ))
}

pub(super) fn bad_example_value(value: &str, field: &str, needs: &NotA) -> Text {
    Text::new(format!("`{value}` cannot be read as a value of {field}."), "unreadable value")
        .help(format!("{field} needs {}.", super::data::not_a(needs)))
}

pub(super) fn use_missing(target: &str, reason: &str, suggestion: Option<&str>, looked_for: &str) -> Text {
    let near = did_you_mean_space(suggestion);
    Text::new(format!("Cannot read `{target}`: {}.", lower_first(reason)), "this file")
        .help(format!("{near}The path is relative to the file that says `use`: this one looked for {looked_for}."))
}

pub(super) fn use_cycle(chain: &[String]) -> Text {
    Text::new("These files use each other in a circle.", "this `use` closes the circle")
        .help(format!("{}; move the shared declarations into one file that both use.", chain.join(" → ")))
}

pub(super) fn repl_one_let() -> Text {
    Text::new("Only one `let` can be defined at a time here.", "more than one definition")
        .help("Type each `let NAME = …` on its own line.")
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none yet".into()
    } else {
        let mut v = names.to_vec();
        v.sort();
        v.join(", ")
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}
