//! English for the REPL's error sentences and for what a condition needs to become true.

use super::repl::say;
use crate::diag::styled::Styled;
use crate::repl::said::{Change, Need, Now, Suggestion, Trouble, Wanted};

/// The words of one REPL error (shown after `error: `).
pub fn trouble(t: &Trouble) -> String {
    use Trouble::*;
    match t {
        TakesNothing { command } => format!(":{command} takes nothing after it (see :help)."),
        NeedsArg { command, what, example } => format!(":{command} needs {what}, as in `:{command} {example}`."),
        UnknownCommand { word, suggestion } => unknown_command(word, suggestion.as_deref()),
        NotADate(arg) => format!("\"{arg}\" is not a date; write it as 2026-11-23."),
        NoRules => "no rules are loaded; load a rule file with :load FILE first.".into(),
        NoLadder { name, suggestion, ladders } => {
            format!("there is no ladder {name}.{}", hint(suggestion, "ladders", ladders))
        }
        NoLevel { level, suggestion, levels } => {
            format!("no ladder has a level {level}.{}", hint(suggestion, "levels", levels))
        }
        LevelOfMany { level, ladders } => level_of_many(level, ladders),
        WhyUsage => "write :why LEVEL or :why LADDER LEVEL, as in `:why A06`.".into(),
        CannotRead { path, reason } => format!("cannot read {path}: {reason}"),
        Layout(problems) => problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
        DoesNotFit { path } => format!("{path} does not fit the rules; the data was not opened."),
        NoLongerFits { path } => format!("{path} no longer fits these rules; :row and :key will fail until it does."),
        NotARow(arg) => format!("\"{arg}\" is not a row number; write :row 2 for the first record."),
        HeaderRow(n) => format!("row {n} is the header; records start at row 2."),
        NotFound { wanted, path, rows } => not_found(wanted, path, *rows),
        NoKeyField => "no field is marked `key` in the rules; use :row N instead.".into(),
        NoData => "no data is open; open a data file with :data FILE first.".into(),
        LeftMissing(e) => format!("{e}; that field is left missing."),
        TakenOut(e) => format!("{e}; it was taken out of the record."),
        Unreadable(e) => e.to_string(),
        HasErrors { path, errors } => format!("{path} has {errors} error{}.", if *errors == 1 { "" } else { "s" }),
        KeptRules { path } => format!("kept the rules loaded before, from {path}."),
        NothingLoaded => "no rules are loaded; fix the file and :reload, or :load another.".into(),
        NoRuleFile => "no rule file was loaded yet; use :load FILE.".into(),
        LetDropped(name) => format!("the session's let {name} no longer checks against these rules; it was dropped."),
        LetWouldBreak { name, uses } => let_would_break(name, uses),
        NotChecked => "the input could not be checked.".into(),
        SetUsage(arg) => format!("write :set FIELD = VALUE, as in `:set {arg} = 是`."),
        GiveValue(name) => {
            format!("give {name} a value, as written in the data; to make it missing use :unset {name}.")
        }
        NoField { name, suggestion } => no_field(name, suggestion.as_deref()),
        Population { path, reason } => format!("cannot compute quintile, percentile or rank over {path}: {reason}"),
    }
}

fn unknown_command(word: &str, suggestion: Option<&str>) -> String {
    let hint = suggestion.map(|c| format!(" Did you mean :{c}?")).unwrap_or_default();
    format!("there is no command :{word}.{hint} (:help lists the commands)")
}

fn level_of_many(level: &str, ladders: &[String]) -> String {
    let first = ladders.first().map_or("", String::as_str);
    format!("{level} is a level of {}; name the ladder, as in `:why {first} {level}`.", ladders.join(" and "))
}

fn not_found(wanted: &Wanted, path: &str, rows: usize) -> String {
    let what = match wanted {
        Wanted::Row(n) => format!("the data has no row {n}"),
        Wanted::Key(k) => format!("no record has the key \"{k}\""),
    };
    format!("{what} ({path} has {rows} records, rows 2 to {}).", rows + 1)
}

fn let_would_break(name: &str, uses: &str) -> String {
    format!("the session's let {name} uses {uses} and would no longer check; nothing was changed.")
}

fn no_field(name: &str, suggestion: Option<&str>) -> String {
    let hint = suggestion.map_or_else(|| " :show lists the fields.".into(), |c| format!(" Did you mean {c}?"));
    format!("there is no field {name}.{hint}")
}

/// ` Did you mean X?`, or ` The WHAT are: a, b.`
fn hint(suggestion: &Option<String>, what: &str, all: &[String]) -> String {
    match suggestion {
        Some(c) => format!(" Did you mean {c}?"),
        None => format!(" The {what} are: {}.", all.join(", ")),
    }
}

/// Writes a need as an indented list item, its parts below it.
pub(super) fn needs(n: &Need, depth: usize, out: &mut Styled) {
    let pad = "  ".repeat(depth);
    let (head, parts) = match n {
        Need::One(c) => return say(out, &format!("{pad}- {}", change(c))),
        Need::All(v) => ("all of".to_string(), v),
        Need::Any(v) => ("any one of".to_string(), v),
        Need::More { more, none_yet: true, parts } => (format!("at least {more} of"), parts),
        Need::More { more, none_yet: false, parts } => (format!("{more} more of"), parts),
    };
    say(out, &format!("{pad}- {head}:"));
    parts.iter().for_each(|c| needs(c, depth + 1, out));
}

fn change(c: &Change) -> String {
    let verdict = |want: &bool| if *want { "true" } else { "false" };
    match c {
        Change::Set { field, part, value } => {
            let place = part.as_ref().map(|p| format!(" (for {p})")).unwrap_or_default();
            format!("{field} is missing{place} — set it with :set {field} = {}", suggestion(value))
        }
        Change::Become { part, want, now } => {
            let now = match now {
                Now::Nothing => String::new(),
                Now::Value(v) => format!(" (now {v})"),
                Now::Inputs(v) => format!(" (now {})", v.join(", ")),
            };
            format!("{part} to be {}{now}", verdict(want))
        }
        Change::Unknown { part, want } => {
            format!("{part} to be {}; it is unknown because a value it reads is missing", verdict(want))
        }
        Change::NoLevel { ladder, part } => {
            let place = part.as_ref().map(|p| format!(" (for {p})")).unwrap_or_default();
            format!("{ladder} gives no level{place} — see :whynot {ladder} LEVEL for what it needs")
        }
    }
}

fn suggestion(s: &Suggestion) -> &str {
    match s {
        Suggestion::Value(v) => v,
        Suggestion::Number => "<a number such as 12>",
        Suggestion::Money => "<an amount such as 120万>",
        Suggestion::Date => "<a date such as 2026-11-23>",
        Suggestion::Text => "<text>",
        Suggestion::Unknown => "…",
    }
}
