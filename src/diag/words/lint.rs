//! The words of warnings: ladders without `otherwise`, unused names, and the stage graph's findings.

use super::{list, Text};
use crate::diag::problem::{
    DeadEnd, DeadEndStage, Hides, MoveRef, NeverWhy, ShadowedMove, Shown, UnreachableStage, Unreached,
};
use crate::diag::Voice;
use crate::t;

pub(super) fn no_otherwise(v: Voice, ladder: &str) -> Text {
    Text::new(t!(v, "no-otherwise", ladder), t!(v, "no-otherwise.label")).help(t!(v, "no-otherwise.help"))
}

pub(super) fn unreachable_rule(v: Voice, level: &str) -> Text {
    Text::new(t!(v, "unreachable-rule", level), t!(v, "unreachable-rule.label"))
        .help(t!(v, "unreachable-rule.help"))
        .related(t!(v, "unreachable-rule.related"))
}

pub(super) fn never_fires(v: Voice, level: &str, why: &NeverWhy) -> Text {
    let (message, help) = match why {
        NeverWhy::Impossible => (t!(v, "never-fires.impossible", level), t!(v, "never-fires.impossible.help")),
        NeverWhy::Covered(rules) => {
            let (rules, n) = (list(v, rules), rules.len());
            (t!(v, "never-fires.covered", level, rules, n), t!(v, "never-fires.covered.help", level, n))
        }
    };
    Text::new(message, t!(v, "never-fires.label")).help(help).related(t!(v, "never-fires.related"))
}

/// `ladder::always_true` (`truth`) and `ladder::always_false`.
pub(super) fn constant_part(v: Voice, truth: bool, level: &str, part: &str, earlier: &[String]) -> Text {
    let (rules, n) = (list(v, earlier), earlier.len());
    let (message, help, label) = match (truth, n) {
        (true, 0) => (
            t!(v, "always-true.itself", level, part),
            t!(v, "always-true.itself.help", part),
            t!(v, "always-true.label"),
        ),
        (true, _) => (
            t!(v, "always-true.earlier", level, part, rules, n),
            t!(v, "always-true.earlier.help", level, part, n),
            t!(v, "always-true.label"),
        ),
        (false, 0) => (
            t!(v, "always-false.itself", level, part),
            t!(v, "always-false.itself.help", part),
            t!(v, "always-false.label"),
        ),
        (false, _) => (
            t!(v, "always-false.earlier", level, part, rules, n),
            t!(v, "always-false.earlier.help", level, part, n),
            t!(v, "always-false.label"),
        ),
    };
    Text::new(message, label).help(help).related(t!(v, "constant-part.related"))
}

pub(super) fn falls_through(v: Voice, ladder: &str, witness: &[(String, Shown)]) -> Text {
    let record = record(v, witness);
    Text::new(t!(v, "falls-through", ladder), t!(v, "no-otherwise.label")).help(t!(v, "falls-through.help", record))
}

/// A witness record: each field with its value, or missing.
pub(super) fn record(v: Voice, witness: &[(String, Shown)]) -> String {
    let values: Vec<String> = witness
        .iter()
        .map(|(field, shown)| match shown {
            Shown::Missing => t!(v, "witness.missing", field),
            Shown::Yes => t!(v, "witness.value", field, value = t!(v, "witness.yes")),
            Shown::No => t!(v, "witness.value", field, value = t!(v, "witness.no")),
            Shown::Written(value) => t!(v, "witness.value", field, value),
        })
        .collect();
    list(v, &values)
}

pub(super) fn unused_field(v: Voice, name: &str) -> Text {
    Text::new(t!(v, "unused-field", name), t!(v, "unused.label")).help(t!(v, "unused-field.help"))
}

pub(super) fn unused_let(v: Voice, name: &str) -> Text {
    Text::new(t!(v, "unused-let", name), t!(v, "unused.label")).help(t!(v, "unused-let.help"))
}

pub(super) fn unreachable_stage(v: Voice, u: &UnreachableStage) -> Text {
    let stage = &u.stage;
    let why = match &u.why {
        Unreached::NoMove => t!(v, "unreachable-stage.no-move"),
        Unreached::DeadMoves => t!(v, "unreachable-stage.dead-moves"),
        Unreached::OnlyFrom(from) => t!(v, "unreachable-stage.only-from", from = list(v, from)),
    };
    let first = u.entries.first().map_or("…", String::as_str);
    let (entries, n) = (list(v, &u.entries), u.entries.len());
    Text::new(t!(v, "unreachable-stage", stage, set = u.set, entries, n, why), t!(v, "unreachable-stage.label", stage))
        .help(t!(v, "unreachable-stage.help", stage, first))
        .related(t!(v, "unreachable-stage.related", stage))
}

pub(super) fn dead_end_stage(v: Voice, d: &DeadEndStage) -> Text {
    let stage = &d.stage;
    let why = match d.why {
        DeadEnd::NoMove => t!(v, "dead-end-stage.no-move"),
        DeadEnd::OnlySelf => t!(v, "dead-end-stage.only-self"),
        DeadEnd::DeadMoves => t!(v, "dead-end-stage.dead-moves"),
    };
    let (message, label) = match d.reached_from.as_slice() {
        [] => (t!(v, "dead-end-stage.entry", stage, why), t!(v, "dead-end-stage.label.entry", stage)),
        from => (
            t!(v, "dead-end-stage.reached", stage, why, from = list(v, from)),
            t!(v, "dead-end-stage.label.reached", stage),
        ),
    };
    Text::new(message, label).help(t!(v, "dead-end-stage.help", stage))
}

pub(super) fn self_move(v: Voice, stage: &str, others: &[String]) -> Text {
    let help = match others {
        [] => t!(v, "self-move.help.only"),
        others => t!(v, "self-move.help.others", stage, others = others.join(", ")),
    };
    Text::new(t!(v, "self-move", stage), t!(v, "self-move.label", stage)).help(help)
}

pub(super) fn move_from_final(v: Voice, finals: &[String]) -> Text {
    let (names, n) = (list(v, finals), finals.len());
    Text::new(t!(v, "move-from-final", names, n), t!(v, "move-from-final.label")).help(t!(
        v,
        "move-from-final.help",
        names
    ))
}

pub(super) fn shadowed_move(v: Voice, s: &ShadowedMove) -> Text {
    let message = match s {
        ShadowedMove::One { whole, stages, first, how } => {
            let (stages, first, how) = (list(v, stages), move_words(v, first), hides(v, *how));
            match whole {
                true => t!(v, "shadowed-move.whole", stages, first, how),
                false => t!(v, "shadowed-move.from", stages, first, how),
            }
        }
        ShadowedMove::Together { whole, stages, firsts } => {
            let (stages, firsts) = (list(v, stages), moves_words(v, firsts));
            match whole {
                true => t!(v, "shadowed-move.together.whole", stages, firsts),
                false => t!(v, "shadowed-move.together.from", stages, firsts),
            }
        }
        ShadowedMove::Each { whole, each } => {
            let each: Vec<String> = each
                .iter()
                .map(|(stage, ms)| t!(v, "shadowed-move.each.one", stage, first = moves_words(v, ms)))
                .collect();
            match whole {
                true => t!(v, "shadowed-move.each", each = list(v, &each)),
                false => t!(v, "shadowed-move.each.some", each = list(v, &each)),
            }
        }
    };
    Text::new(message, t!(v, "shadowed-move.label"))
        .help(t!(v, "shadowed-move.help"))
        .related(t!(v, "shadowed-move.related"))
}

/// The words for a move: `` `A07, A08 -> A06` (line 12) ``.
fn move_words(v: Voice, m: &MoveRef) -> String {
    let from = m.from.as_ref().map_or_else(|| "*".to_string(), |f| f.join(", "));
    t!(v, "move", from, to = m.to, line = m.line)
}

/// Several moves, each as [`move_words`] names it.
fn moves_words(v: Voice, ms: &[MoveRef]) -> String {
    let words: Vec<String> = ms.iter().map(|m| move_words(v, m)).collect();
    list(v, &words)
}

pub(super) fn impossible_move(v: Voice, whole: bool, stages: &[String]) -> Text {
    let stages = list(v, stages);
    let message = match whole {
        true => t!(v, "impossible-move.whole", stages),
        false => t!(v, "impossible-move.from", stages),
    };
    Text::new(message, t!(v, "impossible-move.label")).help(t!(v, "impossible-move.help"))
}

fn hides(v: Voice, h: Hides) -> String {
    match h {
        Hides::Otherwise => t!(v, "hides.otherwise"),
        Hides::SameCondition => t!(v, "hides.same-condition"),
        Hides::Implies => t!(v, "hides.implies"),
    }
}
