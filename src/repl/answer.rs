//! Answers about the current record: an expression's value, `:grade`, `:why`/`:whynot`,
//! `:next` and `:examples` — all through the library's evaluator and explanation tree.

use super::said::{Answer, FailedExample, Graded, LevelName, MoveLine, StageAt, Trouble, Valued, Verdict};
use super::{needs::needs, rules::REPL, Reply, Session};
use crate::check::{is_let, Input};
use crate::eval::{Ctx, Frame};
use crate::explain::{show, trace, Node};
use crate::ir::{Expr, LadderId, Program, Type};
use crate::value::Value;

impl Session {
    /// A typed expression or `let`.
    pub(super) fn evaluate(&mut self, text: &str) -> Reply {
        let checked = std::mem::take(&mut self.scope).check(REPL, text);
        if is_let(text) {
            return self.define(text, checked);
        }
        let reply = match &checked.input {
            Some(Input::Expr(e)) => self.value(checked.program(), e),
            Some(Input::Let(_)) | None => self.failed(&checked),
        };
        self.scope = checked.keep();
        reply
    }

    /// An expression's value for the current record.
    fn value(&self, program: &Program, e: &Expr) -> Reply {
        let place = match self.place(program) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(program, &self.record, self.opts.today);
        Reply::out(Answer::Value(valued(&ctx, e, &mut frame)))
    }

    /// The line after a session let is defined: its value for the current record.
    pub(super) fn defined(&self, name: &str, again: bool) -> Reply {
        let p = self.scope.program();
        let Some(b) = p.lets.iter().rev().find(|b| b.name == name) else { return Reply::default() };
        let place = match self.place(p) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(p, &self.record, self.opts.today);
        Reply::out(Answer::Defined { name: name.to_string(), again, value: valued(&ctx, &b.expr, &mut frame) })
    }

    /// `:grade`.
    pub(super) fn grade(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = self.scope.program();
        if p.ladders.is_empty() {
            return Reply::out(Answer::NoLadders);
        }
        let place = match self.place(p) {
            Ok(place) => place,
            Err(r) => return r,
        };
        let (ctx, mut frame) = place.start(p, &self.record, self.opts.today);
        let mut r = Reply::default();
        for l in 0..p.ladders.len() {
            r.say(graded(&ctx, l, &mut frame));
        }
        r
    }

    /// `:why [LADDER] LEVEL` and `:whynot [LADDER] LEVEL`.
    pub(super) fn why(&mut self, arg: &str, not: bool) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = self.scope.program();
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
        let (ladder, place) = (p.ladders[l].name.clone(), p.file_line(&rule.loc));
        let mut r = Reply::out(Answer::WhyHead { ladder, level: level_name(p, l, i), place });
        let Some(c) = &rule.cond else {
            r.say(Answer::Otherwise { level: rule.level.clone(), first: first.cloned() });
            return r;
        };
        let node = trace(&ctx, c, &mut frame, true);
        let verdict = verdict(p, &rule.level, &node, first.cloned(), not);
        r.say(Answer::Tree(node));
        r.say(Answer::Verdict(verdict));
        r
    }

    /// `:next`.
    pub(super) fn next(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = self.scope.program();
        if p.transitions.is_empty() {
            return Reply::out(Answer::NoTransitions);
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
        let p = self.scope.program();
        if p.examples.is_empty() {
            return Reply::out(Answer::NoExamples);
        }
        let mut r = Reply::default();
        let mut failed = 0;
        for (i, example) in p.examples.iter().enumerate() {
            let outcome = crate::examples::run(p, i, self.opts.today);
            if outcome.passed() {
                r.say(Answer::ExamplePassed(example.name.clone()));
                continue;
            }
            failed += 1;
            let mismatches = outcome
                .mismatches
                .iter()
                .map(|m| {
                    let (target, expected) = crate::examples::describe(p, m.target, m.expected);
                    let (_, actual) = crate::examples::describe(p, m.target, m.actual);
                    (target, expected, actual)
                })
                .collect();
            let (name, place, error) = (example.name.clone(), p.file_line(&example.loc), outcome.error.map(|e| *e));
            r.say(Answer::ExampleFailed(FailedExample { name, place, error, mismatches }));
        }
        r.say(Answer::ExampleCount { total: p.examples.len(), failed });
        r
    }
}

/// Ladder `l`'s level for the record, and what decided it.
fn graded<'a>(ctx: &Ctx<'a>, l: LadderId, frame: &mut Frame<'a>) -> Answer {
    let p = ctx.program;
    let ladder = &p.ladders[l];
    let Some(i) = ctx.grade(l, frame) else { return Answer::NoGrade { ladder: ladder.name.clone() } };
    let rule = &ladder.rules[i];
    let decided = rule.cond.as_ref().map(|c| trace(ctx, c, frame, true).deciding().into_iter().cloned().collect());
    let outputs = rule.outputs.iter().map(|(o, value)| (ladder.outputs[*o].clone(), value.to_string())).collect();
    let unknown = ladder.rules[..i]
        .iter()
        .filter(|above| above.cond.as_ref().is_some_and(|c| ctx.eval(c, frame).is_missing()))
        .map(|above| above.level.clone())
        .collect();
    let (name, level, place) = (ladder.name.clone(), level_name(p, l, i), p.file_line(&rule.loc));
    Answer::Grade(Graded { ladder: name, level, place, decided, outputs, unknown })
}

/// Whether the rule for `level` fires, and if not, what it needs; `first` is a rule above it
/// that fires now.
fn verdict(p: &Program, level: &str, node: &Node, first: Option<String>, not: bool) -> Verdict {
    let level = level.to_string();
    match (node.truth, first) {
        (Some(true), None) => {
            let deciding = node.deciding().into_iter().cloned().collect();
            Verdict::Fires { level, deciding, asked_why_not: not }
        }
        (Some(true), Some(first)) => Verdict::FiresFirst { level, first },
        (truth, first) => Verdict::Needs { level, unknown: truth.is_none(), needs: needs(p, node, true), first },
    }
}

/// The moves of transition set `t` that leave the record's current stage, and where it goes.
fn moves<'a>(ctx: &Ctx<'a>, t: usize, frame: &mut Frame<'a>) -> Reply {
    let p = ctx.program;
    let set = &p.transitions[t];
    let (name, field) = (set.name.clone(), p.fields[set.field].name.clone());
    let Some(cur) = ctx.current_stage(t, frame) else {
        let first = p.levels(set.ladder).last().map(String::from);
        return Reply::out(Answer::Stage(StageAt::Missing { set: name, field, first }));
    };
    let level = p.ladders[set.ladder].rules[cur].level.clone();
    if set.finals.contains(&cur) {
        return Reply::out(Answer::Stage(StageAt::Final { set: name, field, level }));
    }
    Reply::out(Answer::Stage(StageAt::From { set: name, field, level })).and(move_lines(ctx, t, frame))
}

/// Every move tried from the record's stage, marked true, false or unknown, and where it goes.
fn move_lines<'a>(ctx: &Ctx<'a>, t: usize, frame: &mut Frame<'a>) -> Reply {
    let p = ctx.program;
    let set = &p.transitions[t];
    let fired = ctx.next_stage(t, frame);
    let mut r = Reply::default();
    let moves: Vec<_> = ctx.moves_tried(t, frame).collect();
    let tried = !moves.is_empty();
    for (i, m) in moves {
        let (truth, cond, unknown) = match &m.cond {
            None => (Some(true), None, None),
            Some(c) => {
                let node = trace(ctx, c, frame, true);
                let unknown = node.truth.is_none().then(|| missing_names(&node));
                (node.truth, Some(p.sources.code(&c.loc).to_string()), unknown)
            }
        };
        let (to, place, fires) = (level_name(p, set.ladder, m.to), p.file_line(&m.loc), fired.map(|f| f.0) == Some(i));
        r.say(Answer::Move(MoveLine { truth, to, cond, place, unknown, fires }));
    }
    r.say(Answer::Moved { to: fired.map(|(_, to)| level_name(p, set.ladder, to)), tried });
    r
}

/// `A06 积极回应`, as data.
fn level_name(p: &Program, l: LadderId, i: usize) -> LevelName {
    let rule = &p.ladders[l].rules[i];
    LevelName { level: rule.level.clone(), label: rule.label.clone() }
}

/// `true`, `false`, unknown or missing and why, or a value.
fn valued<'a>(ctx: &Ctx<'a>, e: &'a Expr, frame: &mut Frame<'a>) -> Valued {
    let v = ctx.eval(e, frame);
    let node = trace(ctx, e, frame, true);
    match (e.ty, v) {
        (Type::Bool, Value::Bool(b)) => Valued::Bool(b),
        (Type::Bool, _) => Valued::Unknown(missing_names(&node)),
        (_, Value::Missing) if !node.missing.is_empty() => Valued::Missing(missing_names(&node)),
        (ty, v) => Valued::Shown(show(ctx.program, ty, v)),
    }
}

/// The missing fields that made `node` unknown: those of its deciding parts, else its own.
fn missing_names(node: &Node) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in node.deciding() {
        for m in &n.missing {
            if !names.contains(m) {
                names.push(m.clone());
            }
        }
    }
    if names.is_empty() {
        names = node.missing.clone();
    }
    names
}

/// The ladder and rule named by `[LADDER] LEVEL` (a level's label works too).
fn find_level(p: &Program, arg: &str) -> Result<(LadderId, usize), Trouble> {
    let words: Vec<&str> = arg.split_whitespace().collect();
    let (ladders, level): (Vec<LadderId>, &str) = match words.as_slice() {
        [level] => ((0..p.ladders.len()).collect(), level),
        [ladder, level] => match p.ladders.iter().position(|l| l.name == *ladder) {
            Some(l) => (vec![l], level),
            None => {
                let names = p.ladders.iter().map(|l| l.name.as_str());
                let suggestion = crate::diag::closest(ladder, names.clone()).map(String::from);
                let ladders = names.map(String::from).collect();
                return Err(Trouble::NoLadder { name: ladder.to_string(), suggestion, ladders });
            }
        },
        _ => return Err(Trouble::WhyUsage),
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
            let suggestion = crate::diag::closest(level, all.iter().copied()).map(String::from);
            let levels = all.into_iter().map(String::from).collect();
            Err(Trouble::NoLevel { level: level.to_string(), suggestion, levels })
        }
        many => {
            let ladders = many.iter().map(|(l, _)| p.ladders[*l].name.clone()).collect();
            Err(Trouble::LevelOfMany { level: level.to_string(), ladders })
        }
    }
}
