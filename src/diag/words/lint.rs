//! English for warnings: ladders without `otherwise`, unused names, and the stage graph's findings.

use super::Text;
use crate::diag::problem::{DeadEnd, DeadEndStage, Hides, MoveRef, ShadowedMove, UnreachableStage, Unreached};

pub(super) fn no_otherwise(ladder: &str) -> Text {
    Text::new(
        format!("Some records may get no level of `{ladder}`: no rule says `otherwise`."),
        "this ladder has no `otherwise`",
    )
    .help("End the ladder with a rule such as `A21 \"资料级\" otherwise`, so every record gets a level.")
}

pub(super) fn unreachable_rule(level: &str) -> Text {
    Text::new(format!("The rule for `{level}` can never fire: it comes after `otherwise`."), "never reached")
        .help("Move the `otherwise` rule to the end of the ladder.")
        .related("every record stops here")
}

pub(super) fn unused_field(name: &str) -> Text {
    Text::new(format!("The field `{name}` is declared but no rule uses it."), "never used")
        .help("Remove it, or use it in a rule; columns that are not declared still pass through to the output.")
}

pub(super) fn unused_let(name: &str) -> Text {
    Text::new(format!("`{name}` is defined but no rule uses it."), "never used")
        .help("Remove it, or use its name in a rule's condition.")
}

pub(super) fn unreachable_stage(u: &UnreachableStage) -> Text {
    let name = &u.stage;
    let why = match &u.why {
        Unreached::NoMove => "no move leads to it".to_string(),
        Unreached::DeadMoves => "the moves that lead to it can never fire".to_string(),
        Unreached::OnlyFrom(from) => {
            format!("moves lead to it only from {}, which cannot be reached either", from.join(", "))
        }
    };
    let entries = match u.entries.len() {
        1 => format!("the entry stage {}", u.entries.join(", ")),
        _ => format!("the entry stages {}", u.entries.join(", ")),
    };
    let first = u.entries.first().map_or("…", String::as_str);
    Text::new(
        format!("No customer can ever reach `{name}` through `{}`: starting from {entries}, {why}.", u.set),
        format!("{name} is never reached"),
    )
    .help(format!(
        "Add a move that leads to {name} from a stage customers reach (e.g. `{first} -> {name} if …`), or leave it out of the stage graph if customers never stand there. Records enter at the ladder's `otherwise` level and at stages that moves leave but none leads to."
    ))
    .related(format!("the level {name}"))
}

pub(super) fn dead_end_stage(d: &DeadEndStage) -> Text {
    let name = &d.stage;
    let why = match d.why {
        DeadEnd::NoMove => "no move leaves it",
        DeadEnd::OnlySelf => "its only moves lead back to itself",
        DeadEnd::DeadMoves => "the moves from it can never fire",
    };
    let (reached, label) = if d.reached_from.is_empty() {
        ("Customers start there".to_string(), format!("{name} is an entry stage"))
    } else {
        (
            format!("Customers reach it from {}", d.reached_from.join(", ")),
            format!("leads to {name}, which has no way out"),
        )
    };
    Text::new(
        format!("`{name}` has no way out and is not declared final: {why}. {reached} and then stay there for good."),
        label,
    )
    .help(format!("Add a move out of {name} (e.g. `{name} -> … if …`), or, if {name} is an end stage, say so with `final {name}` inside the `transitions` block."))
}

pub(super) fn self_move(name: &str, others: &[String]) -> Text {
    let help = if others.is_empty() {
        "Change the stage after `->`, or remove the move.".to_string()
    } else {
        format!("Remove {name} from the stages before `->`: `{} -> {name}`.", others.join(", "))
    };
    Text::new(
        format!("This move leads from `{name}` to `{name}` itself: the record stays where it is, as with no move, and the moves after it are not tried."),
        format!("{name} -> {name}"),
    )
    .help(help)
}

pub(super) fn move_from_final(finals: &[String]) -> Text {
    let names = finals.join(", ");
    let verb = if finals.len() == 1 { "is" } else { "are" };
    Text::new(
        format!("This move can never fire from {names}: {names} {verb} declared final, and no customer leaves a final stage."),
        "leaves a final stage",
    )
    .help(format!("Remove {names} from the stages before `->`, or from the `final` list if customers may leave {names}."))
}

pub(super) fn shadowed_move(s: &ShadowedMove) -> Text {
    let message = match s {
        ShadowedMove::One { whole, stages, first, how } => {
            let from = if *whole { String::new() } else { format!(" from {}", stages.join(", ")) };
            format!(
                "This move can never fire{from}: the earlier move {} leaves {} too and {}.",
                move_words(first),
                stages.join(", "),
                hides(*how)
            )
        }
        ShadowedMove::Each(each) => {
            let each: Vec<String> = each.iter().map(|(s, m)| format!("from {s} {}", move_words(m))).collect();
            format!(
                "This move can never fire: from every stage it leaves, an earlier move fires whenever it would ({}).",
                each.join(", ")
            )
        }
    };
    Text::new(message, "never fires")
        .help("Put the more specific move first, or give the two moves different conditions.")
        .related("fires first")
}

/// The words for a move: `` `A07, A08 -> A06` (line 12) ``.
fn move_words(m: &MoveRef) -> String {
    let from = m.from.as_ref().map_or_else(|| "*".to_string(), |f| f.join(", "));
    format!("`{from} -> {}` (line {})", m.to, m.line)
}

fn hides(h: Hides) -> &'static str {
    match h {
        Hides::Otherwise => "it has no condition (`otherwise`), so it always fires",
        Hides::SameCondition => "it has the same condition",
        Hides::Implies => "its condition holds whenever this one does",
    }
}
