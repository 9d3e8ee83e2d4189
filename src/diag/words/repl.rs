//! English for what the REPL answers on standard output: values, grades, why and why-not,
//! moves, examples, the record, `:help`. Error sentences are in `repl_trouble`.

use super::repl_trouble::needs;
use crate::diag::styled::{Styled, Tone};
use crate::repl::said::*;
use unicode_width::UnicodeWidthStr;

/// Writes one answer as lines.
pub fn answer(a: &Answer, out: &mut Styled) {
    match a {
        Answer::Help => help(out),
        Answer::TodayIs(d) => say(out, &format!("today is now {d}")),
        Answer::Value(v) => say(out, &valued(v)),
        Answer::Defined { name, again, value } => say(out, &defined(name, *again, value)),
        Answer::NoLadders => say(out, "the rules have no ladder (`grades NAME { … }`)"),
        Answer::NoGrade { ladder } => {
            say(out, &format!("{ladder}: no level (no rule is true and there is no `otherwise`)"))
        }
        Answer::Grade(g) => graded(g, out),
        Answer::WhyHead { ladder, level, place } => say(out, &format!("{ladder} {} ({place})", level_name(level))),
        Answer::Otherwise { level, first } => otherwise(level, first.as_deref(), out),
        Answer::Tree(node) => node.render_into(crate::diag::Lang::En, 1, out),
        Answer::Verdict(v) => verdict(v, out),
        Answer::NoTransitions => say(out, "the rules have no transitions (`transitions NAME from FIELD { … }`)"),
        Answer::Stage(s) => say(out, &stage(s)),
        Answer::Move(m) => move_line(m, out),
        Answer::Moved { to, tried } => say(out, &moved(to.as_ref(), *tried)),
        Answer::NoExamples => say(out, "the rules have no examples (`example \"NAME\" { given { … } expect … }`)"),
        Answer::ExamplePassed(name) => marked(out, Some(true), &format!(" {name}")),
        Answer::ExampleFailed(f) => failed_example(f, out),
        Answer::ExampleCount { total, failed } => say(out, &example_count(*total, *failed)),
        Answer::Opened { path, rows } => say(out, &format!("opened {path}: {rows} records (rows 2 to {})", rows + 1)),
        Answer::RecordIsNow { row, key } => say(out, &record_is_now(*row, key.as_ref())),
        Answer::Loaded(l) => say(out, &loaded(l)),
        Answer::NoLongerDeclared(name) => say(out, &no_longer_declared(name)),
        Answer::NoLets => say(out, "no lets were defined in this session (define one with `let NAME = …`)"),
        Answer::Lets(texts) => texts.iter().for_each(|t| say(out, t.trim())),
        Answer::Set { field, shown } => say(out, &format!("{field} = {shown}")),
        Answer::NowMissing(name) => say(out, &format!("{name} is now missing")),
        Answer::Cleared => say(out, "the record is empty: every field is missing"),
        Answer::Show(s) => show(s, out),
    }
}

/// A mark, then `text` as the rest of the line.
fn marked(out: &mut Styled, truth: Option<bool>, text: &str) {
    out.mark(truth);
    say(out, text);
}

fn defined(name: &str, again: bool, value: &Valued) -> String {
    let verb = if again { "redefined" } else { "defined" };
    format!("{verb} {name} (now {})", valued(value))
}

fn otherwise(level: &str, first: Option<&str>, out: &mut Styled) {
    out.push("  ");
    marked(out, Some(true), " otherwise");
    say(
        out,
        &match first {
            None => format!("{level} fires: no rule above it is true."),
            Some(f) => format!("{level} does not fire: {f}, above it, fires first."),
        },
    );
}

fn moved(to: Option<&LevelName>, tried: bool) -> String {
    match (to, tried) {
        (Some(to), _) => format!("  moves to {}", level_name(to)),
        (None, true) => "  stays where it is: no move fires".into(),
        (None, false) => "  stays where it is: no move leaves this stage".into(),
    }
}

fn example_count(total: usize, failed: usize) -> String {
    let s = if total == 1 { "" } else { "s" };
    format!("{total} example{s}: {} passed, {failed} failed", total - failed)
}

fn record_is_now(row: usize, key: Option<&(String, String)>) -> String {
    let key = key.map(|(f, v)| format!(" ({f} {v})")).unwrap_or_default();
    format!("the record is now row {row}{key}")
}

fn no_longer_declared(name: &str) -> String {
    format!("note: the rules no longer declare {name}; it was taken out of the record.")
}

/// Adds `text` as a line (or lines), ending it unless it ends already.
pub(super) fn say(out: &mut Styled, text: &str) {
    out.push(text);
    if !text.ends_with('\n') {
        out.push("\n");
    }
}

/// What each command does, for `:help`.
fn describe(c: Command) -> &'static str {
    match c {
        Command::Help => "this list",
        Command::Load => "load a rule file (the record and the session's lets are kept)",
        Command::Reload => "read the rule file again after editing it; keeps the record and lets",
        Command::Data => "open a data file (CSV) for :row and :key",
        Command::Row => "take the record from row N of the data (the header is row 1)",
        Command::Key => "take the record whose key field is ID",
        Command::Set => "set a field; the value is written as in the data",
        Command::Unset => "make a field missing",
        Command::Clear => "make every field missing",
        Command::Show => "the record as a table, missing fields marked",
        Command::Grade => "every ladder's level for the record, with the deciding conditions",
        Command::Why => "that rule's conditions, each part's value, and why it fires or not",
        Command::WhyNot => "the same, and what would make it fire",
        Command::Next => "the transitions that would move the record to another stage",
        Command::Examples => "run the rule file's examples",
        Command::Lets => "the lets defined in this session",
        Command::AsOf => "count `today` and time windows from DATE",
        Command::Quit => "leave (Ctrl-D does too)",
        Command::Expr => "an expression's value for the record; define a name for the session",
    }
}

fn help(out: &mut Styled) {
    let rows: Vec<(String, &str)> = Command::ALL
        .iter()
        .map(|c| match c.usage() {
            (name, "") => (name.to_string(), describe(*c)),
            (name, arg) => (format!("{name} {arg}"), describe(*c)),
        })
        .collect();
    let width = rows.iter().map(|(c, _)| c.width()).max().unwrap_or(0);
    for (c, d) in rows {
        out.push(&format!("{}  {d}\n", pad(&c, width)));
    }
}

/// `s` padded with spaces to `w` terminal columns.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

/// `A06 积极回应`.
pub(super) fn level_name(l: &LevelName) -> String {
    if l.label.is_empty() {
        l.level.clone()
    } else {
        format!("{} {}", l.level, l.label)
    }
}

/// `true`, `false`, `unknown — 知道报价 missing`, or a value.
fn valued(v: &Valued) -> String {
    match v {
        Valued::Bool(b) => b.to_string(),
        Valued::Unknown(names) => format!("unknown — {} missing", missing_words(names)),
        Valued::Missing(names) => format!("missing — {} missing", missing_words(names)),
        Valued::Shown(s) => s.clone(),
    }
}

/// `知道报价 is`, `a, b are`, or `a value is`.
fn missing_words(names: &[String]) -> String {
    match names {
        [] => "a value is".to_string(),
        [one] => format!("{one} is"),
        many => format!("{} are", many.join(", ")),
    }
}

fn graded(g: &Graded, out: &mut Styled) {
    say(out, &format!("{}: {} ({})", g.ladder, level_name(&g.level), g.place));
    match &g.decided {
        None => say(out, "  otherwise: no rule above it is true"),
        Some(nodes) => nodes.iter().for_each(|n| {
            out.push("  ");
            n.phrase_into(crate::diag::Lang::En, out);
            out.push("\n");
        }),
    }
    for (name, value) in &g.outputs {
        say(out, &format!("  {name}: {value}"));
    }
    if let Some(first) = g.unknown.first() {
        say(
            out,
            &format!(
                "  higher levels unknown while fields are missing: {} (:whynot {first} says what it needs)",
                g.unknown.join(", ")
            ),
        );
    }
}

fn verdict(v: &Verdict, out: &mut Styled) {
    match v {
        Verdict::Fires { level, deciding, asked_why_not } => {
            let already = if *asked_why_not { " (so there is no why-not)" } else { "" };
            say(out, &format!("{level} fires{already} because:"));
            for n in deciding {
                out.push("  - ");
                n.phrase_into(crate::diag::Lang::En, out);
                out.push("\n");
            }
        }
        Verdict::FiresFirst { level, first: f } => say(out, &format!(
            "{level}'s condition is true, but {f}, above it, fires first: a ladder gives the first level whose rule is true (:why {f})."
        )),
        Verdict::Needs { level, unknown, needs: parts, first } => {
            let state = if *unknown { "unknown" } else { "false" };
            say(out, &format!("{level} does not fire: its condition is {state}. To fire, it needs:"));
            parts.iter().for_each(|n| needs(n, 1, out));
            if let Some(f) = first {
                say(out, &format!("and {f}, above it, fires now; it comes first even when {level} is true."));
            }
        }
    }
}

fn stage(s: &StageAt) -> String {
    match s {
        StageAt::Missing { set, field, first } => format!(
            "{set}: {field} is missing — set it with :set {field} = {}; no move is tried without a current stage",
            first.as_deref().unwrap_or("…")
        ),
        StageAt::Final { set, field, level } => format!("{set}: {field} = {level}, which is final; no move leaves it"),
        StageAt::From { set, field, level } => format!("{set}: from {field} = {level}"),
    }
}

fn move_line(m: &MoveLine, out: &mut Styled) {
    out.push("  ");
    out.mark(m.truth);
    let cond = m.cond.as_ref().map_or_else(|| "otherwise".to_string(), |c| format!("if {c}"));
    out.push(&format!(" -> {} {cond} ({})", level_name(&m.to), m.place));
    if let Some(names) = &m.unknown {
        out.push(&format!("  (unknown: {} missing)", missing_words(names)));
    }
    say(out, if m.fires { "  ← moves" } else { "" });
}

fn failed_example(f: &FailedExample, out: &mut Styled) {
    marked(out, Some(false), &format!(" {} ({})", f.name, f.place));
    if let Some(e) = &f.error {
        say(out, &format!("    {}", e.text(crate::diag::Lang::En)));
    }
    for (target, expected, actual) in &f.mismatches {
        say(out, &format!("    {target}: expected {expected}, got {actual}"));
    }
}

fn loaded(l: &Loaded) -> String {
    let names = |v: &[String]| if v.is_empty() { String::new() } else { format!(" ({})", v.join(", ")) };
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "loaded {}: {} fields, {}{}, {}{}, {}",
        l.path,
        l.fields,
        count(l.ladders.len(), "ladder"),
        names(&l.ladders),
        count(l.transitions.len(), "transition set"),
        names(&l.transitions),
        count(l.examples, "example"),
    )
}

fn show(s: &Shown, out: &mut Styled) {
    say(
        out,
        &match &s.origin {
            Some((row, path)) => format!("record from row {row} of {path} (as of {}):", s.today),
            None => format!("record (as of {}):", s.today),
        },
    );
    let width = s.fields.iter().map(|(name, _)| name.width()).max().unwrap_or(0);
    for (name, value) in &s.fields {
        out.push(&format!("  {}  ", pad(name, width)));
        match value {
            FieldShown::Missing { written } => {
                out.tone("(missing)", Tone::Faint);
                if let Some(raw) = written {
                    out.push(&format!("  as written: {raw}"));
                }
            }
            FieldShown::Value { shown, written: Some(raw) } => out.push(&format!("{shown}  as written: {raw}")),
            FieldShown::Value { shown, written: None } => out.push(shown),
        }
        out.end_line();
    }
    say(out, &format!("{} of {} fields missing", s.missing, s.fields.len()));
}
