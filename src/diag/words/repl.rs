//! The words of what the REPL answers on standard output: values, grades, why and why-not,
//! moves, examples, the record, `:help`. Error sentences are in `repl_trouble`.

use super::list;
use super::repl_trouble::needs;
use crate::diag::styled::{Styled, Tone};
use crate::diag::Voice;
use crate::repl::said::*;
use crate::t;
use unicode_width::UnicodeWidthStr;

/// Writes one answer as lines.
pub fn answer(v: Voice, a: &Answer, out: &mut Styled) {
    match a {
        Answer::Help => help(v, out),
        Answer::TodayIs(date) => say(out, &t!(v, "repl.today-is", date)),
        Answer::Value(value) => say(out, &valued(v, value)),
        Answer::Defined { name, again: false, value } => {
            say(out, &t!(v, "repl.defined", name, value = valued(v, value)))
        }
        Answer::Defined { name, again: true, value } => {
            say(out, &t!(v, "repl.redefined", name, value = valued(v, value)))
        }
        Answer::NoLadders => say(out, &t!(v, "repl.no-ladders")),
        Answer::NoGrade { ladder } => say(out, &t!(v, "repl.no-grade", ladder)),
        Answer::Grade(g) => graded(v, g, out),
        Answer::WhyHead { ladder, level, place } => {
            say(out, &t!(v, "repl.why-head", ladder, level = level_name(level), place))
        }
        Answer::Otherwise { level, first } => otherwise(v, level, first.as_deref(), out),
        Answer::Tree(node) => node.render_into(v.lang, 1, out),
        Answer::Verdict(verdict) => verdict_lines(v, verdict, out),
        Answer::NoTransitions => say(out, &t!(v, "repl.no-transitions")),
        Answer::Stage(s) => say(out, &stage(v, s)),
        Answer::Move(m) => move_line(v, m, out),
        Answer::Moved { to, tried } => say(out, &format!("  {}", moved(v, to.as_ref(), *tried))),
        Answer::NoExamples => say(out, &t!(v, "repl.no-examples")),
        Answer::ExamplePassed(name) => marked(out, Some(true), &format!(" {name}")),
        Answer::ExampleFailed(f) => failed_example(v, f, out),
        Answer::ExampleCount { total, failed } => {
            say(out, &t!(v, "repl.example-count", total, passed = total - failed, failed))
        }
        Answer::Opened { path, sheet: None, rows, span: (first, last) } => {
            say(out, &t!(v, "repl.opened", path, rows, first, last))
        }
        Answer::Opened { path, sheet: Some(sheet), rows, span: (first, last) } => {
            say(out, &t!(v, "repl.opened.sheet", path, sheet, rows, first, last))
        }
        Answer::RecordIsNow { row, key: None } => say(out, &t!(v, "repl.record-is-now", row)),
        Answer::RecordIsNow { row, key: Some((field, value)) } => {
            say(out, &t!(v, "repl.record-is-now.key", row, field, value))
        }
        Answer::Loaded(l) => say(out, &loaded(v, l)),
        Answer::NoLongerDeclared(name) => say(out, &t!(v, "repl.no-longer-declared", name)),
        Answer::NoLets => say(out, &t!(v, "repl.no-lets")),
        Answer::Lets(texts) => texts.iter().for_each(|t| say(out, t.trim())),
        Answer::Set { field, shown } => say(out, &format!("{field} = {shown}")),
        Answer::NowMissing(name) => say(out, &t!(v, "repl.now-missing", name)),
        Answer::Cleared => say(out, &t!(v, "repl.cleared")),
        Answer::Show(s) => show(v, s, out),
    }
}

/// A mark, then `text` as the rest of the line.
fn marked(out: &mut Styled, truth: Option<bool>, text: &str) {
    out.mark(truth);
    say(out, text);
}

fn otherwise(v: Voice, level: &str, first: Option<&str>, out: &mut Styled) {
    out.push("  ");
    marked(out, Some(true), &format!(" {}", t!(v, "repl.otherwise")));
    say(
        out,
        &match first {
            None => t!(v, "repl.otherwise.fires", level),
            Some(first) => t!(v, "repl.otherwise.first", level, first),
        },
    );
}

fn moved(v: Voice, to: Option<&LevelName>, tried: bool) -> String {
    match (to, tried) {
        (Some(to), _) => t!(v, "repl.moves-to", level = level_name(to)),
        (None, true) => t!(v, "repl.stays.no-fire"),
        (None, false) => t!(v, "repl.stays.none-leaves"),
    }
}

/// Adds `text` as a line (or lines), ending it unless it ends already.
pub(super) fn say(out: &mut Styled, text: &str) {
    out.push(text);
    if !text.ends_with('\n') {
        out.push("\n");
    }
}

/// What each command does, for `:help`.
fn describe(v: Voice, c: Command) -> String {
    match c {
        Command::Help => t!(v, "repl.help.help"),
        Command::Load => t!(v, "repl.help.load"),
        Command::Reload => t!(v, "repl.help.reload"),
        Command::Data => t!(v, "repl.help.data"),
        Command::Row => t!(v, "repl.help.row"),
        Command::Key => t!(v, "repl.help.key"),
        Command::Set => t!(v, "repl.help.set"),
        Command::Unset => t!(v, "repl.help.unset"),
        Command::Clear => t!(v, "repl.help.clear"),
        Command::Show => t!(v, "repl.help.show"),
        Command::Grade => t!(v, "repl.help.grade"),
        Command::Why => t!(v, "repl.help.why"),
        Command::WhyNot => t!(v, "repl.help.whynot"),
        Command::Next => t!(v, "repl.help.next"),
        Command::Examples => t!(v, "repl.help.examples"),
        Command::Lets => t!(v, "repl.help.lets"),
        Command::AsOf => t!(v, "repl.help.as-of"),
        Command::Quit => t!(v, "repl.help.quit"),
        Command::Expr => t!(v, "repl.help.expr"),
    }
}

/// What a command takes after it, as `:help` and errors name it: `FILE`, `文件`.
pub(super) fn argument(v: Voice, c: Command) -> Option<String> {
    use Command::*;
    match c {
        Load | Data => Some(t!(v, "repl.arg.file")),
        Row => Some(t!(v, "repl.arg.row")),
        Key => Some(t!(v, "repl.arg.key")),
        Set => Some(t!(v, "repl.arg.set")),
        Unset => Some(t!(v, "repl.arg.field")),
        Why | WhyNot => Some(t!(v, "repl.arg.ladder-level")),
        AsOf => Some(t!(v, "repl.arg.date")),
        Help | Reload | Clear | Show | Grade | Next | Examples | Lets | Quit | Expr => None,
    }
}

fn help(v: Voice, out: &mut Styled) {
    let usage = |c: Command| match (c, argument(v, c)) {
        (Command::Expr, _) => t!(v, "repl.help.expr-usage"),
        (c, Some(arg)) => format!("{} {arg}", c.name()),
        (c, None) => c.name().to_string(),
    };
    let rows: Vec<(String, String)> = Command::ALL.iter().map(|&c| (usage(c), describe(v, c))).collect();
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

/// `true`, `false`, `unknown — 知道报价 is missing`, or a value.
fn valued(v: Voice, value: &Valued) -> String {
    match value {
        Valued::Bool(true) => t!(v, "repl.true"),
        Valued::Bool(false) => t!(v, "repl.false"),
        Valued::Unknown(names) => t!(v, "repl.unknown", missing = missing_words(v, names)),
        Valued::Missing(names) => t!(v, "repl.missing", missing = missing_words(v, names)),
        Valued::Shown(s) => s.clone(),
    }
}

/// `知道报价 is missing`, `a, b are missing`, or `a value is missing`.
pub(super) fn missing_words(v: Voice, names: &[String]) -> String {
    match names {
        [] => t!(v, "repl.missing.none"),
        [name] => t!(v, "repl.missing.one", name),
        many => t!(v, "repl.missing.many", names = list(v, many)),
    }
}

fn graded(v: Voice, g: &Graded, out: &mut Styled) {
    say(out, &t!(v, "repl.graded", ladder = g.ladder, level = level_name(&g.level), place = g.place));
    match &g.decided {
        None => say(out, &format!("  {}", t!(v, "repl.graded.otherwise"))),
        Some(nodes) => nodes.iter().for_each(|n| {
            out.push("  ");
            n.phrase_into(v.lang, out);
            out.push("\n");
        }),
    }
    for (name, value) in &g.outputs {
        say(out, &format!("  {name}: {value}"));
    }
    if let Some(first) = g.unknown.first() {
        say(out, &format!("  {}", t!(v, "repl.graded.unknown", levels = list(v, &g.unknown), first)));
    }
}

fn verdict_lines(v: Voice, verdict: &Verdict, out: &mut Styled) {
    match verdict {
        Verdict::Fires { level, deciding, asked_why_not } => {
            let head = match asked_why_not {
                false => t!(v, "repl.fires", level),
                true => t!(v, "repl.fires.why-not", level),
            };
            say(out, &head);
            for n in deciding {
                out.push("  - ");
                n.phrase_into(v.lang, out);
                out.push("\n");
            }
        }
        Verdict::FiresFirst { level, first } => say(out, &t!(v, "repl.fires-first", level, first)),
        Verdict::Needs { level, unknown, needs: parts, first } => {
            let head = match unknown {
                false => t!(v, "repl.needs.false", level),
                true => t!(v, "repl.needs.unknown", level),
            };
            say(out, &head);
            parts.iter().for_each(|n| needs(v, n, 1, out));
            if let Some(first) = first {
                say(out, &t!(v, "repl.needs.first", first, level));
            }
        }
    }
}

fn stage(v: Voice, s: &StageAt) -> String {
    match s {
        StageAt::Missing { set, field, first } => {
            t!(v, "repl.stage.missing", set, field, first = first.as_deref().unwrap_or("…"))
        }
        StageAt::Final { set, field, level } => t!(v, "repl.stage.final", set, field, level),
        StageAt::From { set, field, level } => t!(v, "repl.stage.from", set, field, level),
    }
}

fn move_line(v: Voice, m: &MoveLine, out: &mut Styled) {
    out.push("  ");
    out.mark(m.truth);
    let (to, place) = (level_name(&m.to), &m.place);
    let line = match &m.cond {
        Some(cond) => t!(v, "repl.move.if", to, cond, place),
        None => t!(v, "repl.move.otherwise", to, place),
    };
    out.push(&format!(" {line}"));
    if let Some(names) = &m.unknown {
        out.push(&format!("  {}", t!(v, "repl.move.unknown", missing = missing_words(v, names))));
    }
    if m.fires {
        say(out, &format!("  {}", t!(v, "repl.move.fires")));
    } else {
        say(out, "");
    }
}

fn failed_example(v: Voice, f: &FailedExample, out: &mut Styled) {
    marked(out, Some(false), &format!(" {}", t!(v, "repl.example.failed", name = f.name, place = f.place)));
    if let Some(e) = &f.error {
        say(out, &format!("    {}", e.text(v.lang)));
    }
    for (target, expected, actual) in &f.mismatches {
        say(out, &format!("    {}", t!(v, "repl.example.mismatch", target, expected, actual)));
    }
}

fn loaded(v: Voice, l: &Loaded) -> String {
    let named = |what: String, names: &[String]| match names {
        [] => what,
        names => t!(v, "repl.loaded.named", what, names = list(v, names)),
    };
    let ladders = named(t!(v, "repl.loaded.ladders", n = l.ladders.len()), &l.ladders);
    let transitions = named(t!(v, "repl.loaded.transitions", n = l.transitions.len()), &l.transitions);
    let examples = t!(v, "repl.loaded.examples", n = l.examples);
    t!(v, "repl.loaded", path = l.path, fields = l.fields, ladders, transitions, examples)
}

fn show(v: Voice, s: &Shown, out: &mut Styled) {
    let head = match &s.origin {
        Some((row, path)) => t!(v, "repl.show.from-row", row, path, today = s.today),
        None => t!(v, "repl.show.head", today = s.today),
    };
    say(out, &head);
    let width = s.fields.iter().map(|(name, _)| name.width()).max().unwrap_or(0);
    let as_written = |raw: &String| format!("  {}", t!(v, "repl.show.as-written", raw));
    for (name, value) in &s.fields {
        out.push(&format!("  {}  ", pad(name, width)));
        match value {
            FieldShown::Missing { written } => {
                out.tone(&t!(v, "repl.show.missing"), Tone::Faint);
                if let Some(raw) = written {
                    out.push(&as_written(raw));
                }
            }
            FieldShown::Value { shown, written: Some(raw) } => out.push(&format!("{shown}{}", as_written(raw))),
            FieldShown::Value { shown, written: None } => out.push(shown),
        }
        out.end_line();
    }
    say(out, &t!(v, "repl.show.count", missing = s.missing, total = s.fields.len()));
}
