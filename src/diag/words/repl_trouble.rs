//! The words of the REPL's error sentences and of what a condition needs to become true.

use super::repl::{argument, say};
use super::{list, then};
use crate::diag::styled::Styled;
use crate::diag::{Lang, Voice};
use crate::repl::said::{Change, Command, Need, Now, Suggestion, Trouble, Wanted};
use crate::t;

/// The words of one REPL error (shown after `error: `).
pub fn trouble(v: Voice, tr: &Trouble) -> String {
    use Trouble::*;
    match tr {
        TakesNothing { command } => t!(v, "trouble.takes-nothing", command),
        NeedsArg { command, usage, example } => {
            // `:why` and `:whynot` need at least the level; `:help` shows the ladder may come first.
            let what = match usage {
                Command::Why | Command::WhyNot => t!(v, "repl.arg.level"),
                other => argument(v, *other).unwrap_or_default(),
            };
            t!(v, "trouble.needs-arg", command, what, example)
        }
        UnknownCommand { word, suggestion } => then(
            v,
            then(v, t!(v, "trouble.unknown-command", word), did_you_mean_command(v, suggestion.as_deref())),
            t!(v, "trouble.help-lists"),
        ),
        NotADate(arg) => t!(v, "trouble.not-a-date", arg),
        NoRules => t!(v, "trouble.no-rules"),
        NoLadder { name, suggestion, ladders } => then(
            v,
            t!(v, "trouble.no-ladder", name),
            hint(v, suggestion, t!(v, "trouble.ladders-are", names = list(v, ladders))),
        ),
        NoLevel { level, suggestion, levels } => then(
            v,
            t!(v, "trouble.no-level", level),
            hint(v, suggestion, t!(v, "trouble.levels-are", names = list(v, levels))),
        ),
        LevelOfMany { level, ladders } => {
            let first = ladders.first().map_or("", String::as_str);
            t!(v, "trouble.level-of-many", level, ladders = and_list(v, ladders), first)
        }
        WhyUsage => t!(v, "trouble.why-usage"),
        CannotRead { path, reason } => t!(v, "trouble.cannot-read", path, reason),
        EmptyData { path } => t!(v, "trouble.empty-data", path),
        Layout(problems) => problems.iter().map(|p| p.text(v.lang)).collect::<Vec<_>>().join("\n"),
        DoesNotFit { path } => t!(v, "trouble.does-not-fit", path),
        NoLongerFits { path } => t!(v, "trouble.no-longer-fits", path),
        NotARow(arg) => t!(v, "trouble.not-a-row", arg),
        HeaderRow(n) => t!(v, "trouble.header-row", n),
        NotFound { wanted: Wanted::Row(n), path, rows, span: (first, last) } => {
            t!(v, "trouble.no-row", n, path, rows, first, last)
        }
        NotFound { wanted: Wanted::Key(key), path, rows, span: (first, last) } => {
            t!(v, "trouble.no-key", key, path, rows, first, last)
        }
        NoKeyField => t!(v, "trouble.no-key-field"),
        NoData => t!(v, "trouble.no-data"),
        LeftMissing(problem) => t!(v, "trouble.left-missing", problem = problem.text(v.lang)),
        TakenOut(problem) => t!(v, "trouble.taken-out", problem = problem.text(v.lang)),
        Unreadable(e) => e.text(v.lang),
        HasErrors { path, errors } => t!(v, "trouble.has-errors", path, errors),
        KeptRules { path } => t!(v, "trouble.kept-rules", path),
        NothingLoaded => t!(v, "trouble.nothing-loaded"),
        NoRuleFile => t!(v, "trouble.no-rule-file"),
        LetDropped(name) => t!(v, "trouble.let-dropped", name),
        LetWouldBreak { name, uses } => t!(v, "trouble.let-would-break", name, uses),
        NotChecked => t!(v, "trouble.not-checked"),
        SetUsage(arg) => t!(v, "trouble.set-usage", arg),
        GiveValue(name) => t!(v, "trouble.give-value", name),
        NoField { name, suggestion } => {
            then(v, t!(v, "trouble.no-field", name), hint(v, suggestion, t!(v, "trouble.show-lists-fields")))
        }
        Population { path, reason } => t!(v, "trouble.population", path, reason),
    }
}

fn did_you_mean_command(v: Voice, suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |name| t!(v, "trouble.did-you-mean-command", name))
}

/// `Did you mean X?`, or `otherwise`.
fn hint(v: Voice, suggestion: &Option<String>, otherwise: String) -> String {
    match suggestion {
        Some(name) => t!(v, "trouble.did-you-mean", name),
        None => otherwise,
    }
}

/// `a and b`, `a、b`.
fn and_list(v: Voice, items: &[String]) -> String {
    match v.lang {
        Lang::En => items.join(" and "),
        Lang::Zh => list(v, items),
    }
}

/// Writes a need as an indented list item, its parts below it.
pub(super) fn needs(v: Voice, n: &Need, depth: usize, out: &mut Styled) {
    let pad = "  ".repeat(depth);
    let (head, parts) = match n {
        Need::One(c) => return say(out, &format!("{pad}- {}", change(v, c))),
        Need::All(parts) => (t!(v, "need.all"), parts),
        Need::Any(parts) => (t!(v, "need.any"), parts),
        Need::More { more, none_yet: true, parts } => (t!(v, "need.at-least", n = more), parts),
        Need::More { more, none_yet: false, parts } => (t!(v, "need.more", n = more), parts),
    };
    say(out, &format!("{pad}- {}", t!(v, "need.group", head)));
    parts.iter().for_each(|c| needs(v, c, depth + 1, out));
}

fn change(v: Voice, c: &Change) -> String {
    let verdict = |want: &bool| if *want { t!(v, "need.true") } else { t!(v, "need.false") };
    match c {
        Change::Set { field, part: None, value } => t!(v, "need.set", field, value = suggestion(v, value)),
        Change::Set { field, part: Some(part), value } => {
            t!(v, "need.set-for", field, part, value = suggestion(v, value))
        }
        Change::Become { part, want, now: Now::Nothing } => t!(v, "need.become", part, want = verdict(want)),
        Change::Become { part, want, now: Now::Value(now) } => {
            t!(v, "need.become-now", part, want = verdict(want), now)
        }
        Change::Become { part, want, now: Now::Inputs(inputs) } => {
            t!(v, "need.become-now", part, want = verdict(want), now = list(v, inputs))
        }
        Change::Unknown { part, want } => t!(v, "need.unknown", part, want = verdict(want)),
        Change::NoLevel { ladder, part: None } => t!(v, "need.no-level", ladder),
        Change::NoLevel { ladder, part: Some(part) } => t!(v, "need.no-level-for", ladder, part),
    }
}

fn suggestion(v: Voice, s: &Suggestion) -> String {
    match s {
        Suggestion::Value(value) => value.clone(),
        Suggestion::Number => t!(v, "need.number"),
        Suggestion::Money => t!(v, "need.money"),
        Suggestion::Date => t!(v, "need.date"),
        Suggestion::Text => t!(v, "need.text"),
        Suggestion::Unknown => "…".to_string(),
    }
}
