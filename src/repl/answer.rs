//! Answers about the current record: an expression's value, `:grade`, `:why`/`:whynot`,
//! `:next` and `:examples` — all through the library's evaluator and explanation tree.

use super::{needs::needs, rules::REPL, Reply, Session};
use crate::check::{check_input, is_let, Input};
use crate::eval::{Ctx, Frame};
use crate::explain::{show, trace, Node};
use crate::ir::{Expr, LadderId, Program, Type};
use crate::value::Value;

impl Session {
    /// A typed expression or `let`.
    pub(super) fn evaluate(&mut self, text: &str) -> Reply {
        let checked = check_input(&self.program, REPL, text);
        if is_let(text) {
            return self.define(text, checked);
        }
        let Some(Input::Expr(e)) = &checked.input else { return self.failed(&checked) };
        let program = &checked.program;
        let place = match self.place(program) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(program, &self.record, self.opts.today);
        Reply::out(value_words(&ctx, e, &mut frame))
    }

    /// The line after a session let is defined: its value for the current record.
    pub(super) fn defined(&self, name: &str, verb: &str) -> Reply {
        let p = &self.program;
        let Some(b) = p.lets.iter().rev().find(|b| b.name == name) else { return Reply::default() };
        let place = match self.place(p) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(p, &self.record, self.opts.today);
        Reply::out(format!("{verb} {name} (now {})", value_words(&ctx, &b.expr, &mut frame)))
    }

    /// `:grade`.
    pub(super) fn grade(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = &self.program;
        if p.ladders.is_empty() {
            return Reply::out("the rules have no ladder (`grades NAME { … }`)");
        }
        let place = match self.place(p) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(p, &self.record, self.opts.today);
        let mut r = Reply::default();
        for (l, ladder) in p.ladders.iter().enumerate() {
            let fired = ctx.grade(l, &mut frame);
            let Some(i) = fired else {
                r.say(format!("{}: no level (no rule is true and there is no `otherwise`)", ladder.name));
                continue;
            };
            let rule = &ladder.rules[i];
            r.say(format!("{}: {} ({})", ladder.name, level_words(p, l, i), p.file_line(&rule.loc)));
            match &rule.cond {
                None => r.say("  otherwise: no rule above it is true"),
                Some(c) => {
                    trace(&ctx, c, &mut frame, true).deciding().iter().for_each(|n| r.say(format!("  {}", n.phrase())))
                }
            }
            for (o, value) in &rule.outputs {
                r.say(format!("  {}: {value}", ladder.outputs[*o]));
            }
            let unknown: Vec<&str> = ladder.rules[..i]
                .iter()
                .filter(|above| above.cond.as_ref().is_some_and(|c| ctx.eval(c, &mut frame).is_missing()))
                .map(|above| above.level.as_str())
                .collect();
            if let Some(first) = unknown.first() {
                r.say(format!(
                    "  higher levels unknown while fields are missing: {} (:whynot {first} says what it needs)",
                    unknown.join(", ")
                ));
            }
        }
        r
    }

    /// `:why [LADDER] LEVEL` and `:whynot [LADDER] LEVEL`.
    pub(super) fn why(&mut self, arg: &str, not: bool) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = &self.program;
        let (l, i) = match find_level(p, arg) {
            Ok(found) => found,
            Err(e) => return Reply::err(e),
        };
        let place = match self.place(p) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(p, &self.record, self.opts.today);
        let rule = &p.ladders[l].rules[i];
        let fired = ctx.grade(l, &mut frame);
        let first = fired.filter(|&j| j < i).map(|j| &p.ladders[l].rules[j].level);
        let mut r = Reply::out(format!("{} {} ({})", p.ladders[l].name, level_words(p, l, i), p.file_line(&rule.loc)));
        let Some(c) = &rule.cond else {
            r.say("  ✓ otherwise");
            r.say(match first {
                None => format!("{} fires: no rule above it is true.", rule.level),
                Some(f) => format!("{} does not fire: {f}, above it, fires first.", rule.level),
            });
            return r;
        };
        let node = trace(&ctx, c, &mut frame, true);
        let mut tree = String::new();
        node.render(1, &mut tree);
        r.say(tree);
        r.and(verdict(p, &rule.level, &node, first.map(String::as_str), not))
    }

    /// `:next`.
    pub(super) fn next(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = &self.program;
        if p.transitions.is_empty() {
            return Reply::out("the rules have no transitions (`transitions NAME from FIELD { … }`)");
        }
        let place = match self.place(p) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(p, &self.record, self.opts.today);
        let mut r = Reply::default();
        for t in 0..p.transitions.len() {
            r = r.and(moves(&ctx, t, &mut frame));
        }
        r
    }

    /// `:examples`.
    pub(super) fn examples(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = &self.program;
        if p.examples.is_empty() {
            return Reply::out("the rules have no examples (`example \"NAME\" { given { … } expect … }`)");
        }
        let mut r = Reply::default();
        let mut failed = 0;
        for (i, example) in p.examples.iter().enumerate() {
            let outcome = crate::examples::run(p, i, self.opts.today);
            if outcome.passed() {
                r.say(format!("✓ {}", example.name));
                continue;
            }
            failed += 1;
            r.say(format!("✗ {} ({})", example.name, p.file_line(&example.loc)));
            if let Some(e) = &outcome.error {
                r.say(format!("    {e}"));
            }
            for m in &outcome.mismatches {
                let (target, expected) = crate::examples::describe(p, m.target, m.expected);
                let (_, actual) = crate::examples::describe(p, m.target, m.actual);
                r.say(format!("    {target}: expected {expected}, got {actual}"));
            }
        }
        let n = p.examples.len();
        r.say(format!("{n} example{}: {} passed, {failed} failed", if n == 1 { "" } else { "s" }, n - failed));
        r
    }
}

/// Whether the rule for `level` fires, and if not, what it needs; `first` is a rule above it
/// that fires now.
fn verdict(p: &Program, level: &str, node: &Node, first: Option<&str>, not: bool) -> Reply {
    let mut r = Reply::default();
    match (node.truth, first) {
        (Some(true), None) => {
            let already = if not { " (so there is no why-not)" } else { "" };
            r.say(format!("{level} fires{already} because:"));
            node.deciding().iter().for_each(|n| r.say(format!("  - {}", n.phrase())));
        }
        (Some(true), Some(f)) => r.say(format!(
            "{level}'s condition is true, but {f}, above it, fires first: a ladder gives the first level whose rule is true (:why {f})."
        )),
        (truth, _) => {
            let state = if truth.is_none() { "unknown" } else { "false" };
            r.say(format!("{level} does not fire: its condition is {state}. To fire, it needs:"));
            needs(p, node, true).into_iter().for_each(|line| r.say(line));
            if let Some(f) = first {
                r.say(format!("and {f}, above it, fires now; it comes first even when {level} is true."));
            }
        }
    }
    r
}

/// The moves of transition set `t` that leave the record's current stage, and where it goes.
fn moves<'a>(ctx: &Ctx<'a>, t: usize, frame: &mut Frame<'a>) -> Reply {
    let p = ctx.program;
    let set = &p.transitions[t];
    let field = &p.fields[set.field].name;
    let mut r = Reply::default();
    let Some(cur) = ctx.current_stage(t, frame) else {
        let first = p.levels(set.ladder).last().unwrap_or("…");
        r.say(format!(
            "{}: {field} is missing — set it with :set {field} = {first}; no move is tried without a current stage",
            set.name
        ));
        return r;
    };
    let level = &p.ladders[set.ladder].rules[cur].level;
    if set.finals.contains(&cur) {
        r.say(format!("{}: {field} = {level}, which is final; no move leaves it", set.name));
        return r;
    }
    r.say(format!("{}: from {field} = {level}", set.name));
    r.and(move_lines(ctx, t, frame))
}

/// Every move tried from the record's stage, marked true, false or unknown, and where it goes.
fn move_lines<'a>(ctx: &Ctx<'a>, t: usize, frame: &mut Frame<'a>) -> Reply {
    let p = ctx.program;
    let set = &p.transitions[t];
    let fired = ctx.next_stage(t, frame);
    let mut r = Reply::default();
    let tried: Vec<_> = ctx.moves_tried(t, frame).collect();
    let any = !tried.is_empty();
    for (i, m) in tried {
        let to = level_words(p, set.ladder, m.to);
        let (mark, cond, unknown) = match &m.cond {
            None => ("✓", "otherwise".to_string(), String::new()),
            Some(c) => {
                let node = trace(ctx, c, frame, true);
                let unknown = if node.truth.is_none() {
                    format!("  (unknown: {} missing)", missing_words(&node))
                } else {
                    String::new()
                };
                (mark(node.truth), format!("if {}", p.sources.code(&c.loc)), unknown)
            }
        };
        let fires = if fired.map(|f| f.0) == Some(i) { "  ← moves" } else { "" };
        r.say(format!("  {mark} -> {to} {cond} ({}){unknown}{fires}", p.file_line(&m.loc)));
    }
    match fired {
        Some((_, to)) => r.say(format!("  moves to {}", level_words(p, set.ladder, to))),
        None if any => r.say("  stays where it is: no move fires"),
        None => r.say("  stays where it is: no move leaves this stage"),
    }
    r
}

/// `A06 积极回应`.
fn level_words(p: &Program, l: LadderId, i: usize) -> String {
    let rule = &p.ladders[l].rules[i];
    if rule.label.is_empty() {
        rule.level.clone()
    } else {
        format!("{} {}", rule.level, rule.label)
    }
}

fn mark(truth: Option<bool>) -> &'static str {
    match truth {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "?",
    }
}

/// `true`, `false`, `unknown — 知道报价 missing`, or a value.
fn value_words<'a>(ctx: &Ctx<'a>, e: &'a Expr, frame: &mut Frame<'a>) -> String {
    let v = ctx.eval(e, frame);
    let node = trace(ctx, e, frame, true);
    match (e.ty, v) {
        (Type::Bool, Value::Bool(b)) => b.to_string(),
        (Type::Bool, _) => format!("unknown — {} missing", missing_words(&node)),
        (_, Value::Missing) if !node.missing.is_empty() => format!("missing — {} missing", missing_words(&node)),
        (ty, v) => show(ctx.program, ty, v),
    }
}

/// The missing fields that made `node` unknown, in words.
fn missing_words(node: &Node) -> String {
    let mut names: Vec<&str> = Vec::new();
    for n in node.deciding() {
        for m in &n.missing {
            if !names.contains(&m.as_str()) {
                names.push(m);
            }
        }
    }
    if names.is_empty() {
        names = node.missing.iter().map(String::as_str).collect();
    }
    if names.is_empty() {
        "a value is".to_string()
    } else {
        format!("{} {}", names.join(", "), if names.len() == 1 { "is" } else { "are" })
    }
}

/// The ladder and rule named by `[LADDER] LEVEL` (a level's label works too).
fn find_level(p: &Program, arg: &str) -> Result<(LadderId, usize), String> {
    let words: Vec<&str> = arg.split_whitespace().collect();
    let (ladders, level): (Vec<LadderId>, &str) = match words.as_slice() {
        [level] => ((0..p.ladders.len()).collect(), level),
        [ladder, level] => match p.ladders.iter().position(|l| l.name == *ladder) {
            Some(l) => (vec![l], level),
            None => {
                let hint = crate::diag::closest(ladder, p.ladders.iter().map(|l| l.name.as_str()))
                    .map(|c| format!(" Did you mean {c}?"));
                let hint = hint.unwrap_or_else(|| {
                    format!(
                        " The ladders are: {}.",
                        p.ladders.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", ")
                    )
                });
                return Err(format!("there is no ladder {ladder}.{hint}"));
            }
        },
        _ => return Err("write :why LEVEL or :why LADDER LEVEL, as in `:why A06`.".into()),
    };
    let hits: Vec<(LadderId, usize)> = ladders
        .iter()
        .flat_map(|&l| {
            p.ladders[l]
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.level == level || r.label == level)
                .map(move |(i, _)| (l, i))
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => {
            let all: Vec<&str> = ladders.iter().flat_map(|&l| p.levels(l)).collect();
            let hint = crate::diag::closest(level, all.iter().copied())
                .map(|c| format!(" Did you mean {c}?"))
                .unwrap_or_else(|| format!(" The levels are: {}.", all.join(", ")));
            Err(format!("no ladder has a level {level}.{hint}"))
        }
        many => {
            let names: Vec<&str> = many.iter().map(|(l, _)| p.ladders[*l].name.as_str()).collect();
            Err(format!(
                "{level} is a level of {}; name the ladder, as in `:why {} {level}`.",
                names.join(" and "),
                names[0]
            ))
        }
    }
}
