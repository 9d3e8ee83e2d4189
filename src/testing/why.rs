//! Why a test's record got another level than expected, as data: what decided the level it got,
//! then for the expected level a compact tree of its condition showing what kept it from firing.
//! Worded by `diag::words::testing_why`.

use crate::eval::{Ctx, Frame};
use crate::explain::{show, trace, Node};
use crate::ir::{Target, Type};

/// The explanation of one mismatch.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A ladder: the `NAME_why` line of the level it got (in the explanation layer's words), and
    /// why the expected rule did not fire.
    Ladder { decided: Box<crate::explain::Decided>, expected: Option<NotFired> },
    /// A transition set: the move that fired, if any, and why no move led to the expected stage.
    Moves { set: String, current: String, fired: Option<FiredMove>, expected: Vec<NotFired> },
}

/// The move that took the record on.
#[derive(Debug, Clone, PartialEq)]
pub struct FiredMove {
    pub to: String,
    pub place: String,
    /// The deciding parts of its condition; `None` for `otherwise`.
    pub deciding: Option<Vec<Node>>,
}

/// Why a rule or move did not fire.
#[derive(Debug, Clone, PartialEq)]
pub struct NotFired {
    pub what: Fired,
    pub reason: Reason,
}

/// The rule or move asked about.
#[derive(Debug, Clone, PartialEq)]
pub enum Fired {
    Level(String),
    /// The move to `stage` written at `place`.
    Move {
        stage: String,
        place: String,
    },
}

/// What came first.
#[derive(Debug, Clone, PartialEq)]
pub enum First {
    /// A rule above, by its level.
    Rule(String),
    /// A move before it, by its place.
    Move(String),
}

/// What kept it from firing.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The `otherwise` rule, after a rule that fired first.
    Otherwise(String),
    /// Its condition is true, but something came first (if known).
    TrueButFirst(Option<First>),
    /// Its condition, cut down to what made it false or unknown; and what came first.
    Tree(Node, Option<First>),
    /// A move without condition, after something that came first (if known).
    Unconditional(Option<First>),
    /// No move of the set leads from the current stage there.
    NoMove { set: String, current: String },
}

/// The explanation of one mismatch.
pub fn explain<'a>(
    ctx: &Ctx<'a>,
    f: &mut Frame<'a>,
    target: Target,
    expected: Option<usize>,
    actual: Option<usize>,
) -> Why {
    match target {
        Target::Ladder(l) => ladder(ctx, f, l, expected, actual),
        Target::Transitions(t) => transitions(ctx, f, t, expected),
    }
}

fn ladder<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, l: usize, expected: Option<usize>, actual: Option<usize>) -> Why {
    let rules = &ctx.program.ladders[l].rules;
    let decided = crate::explain::decided(ctx.program, &crate::explain::rule_why(ctx, l, f, actual));
    let Some(e) = expected else { return Why::Ladder { decided: Box::new(decided), expected: None } };
    let rule = &rules[e];
    let first = match actual {
        Some(a) if a < e => Some(rules[a].level.clone()),
        _ => None,
    };
    let what = Fired::Level(rule.level.clone());
    let expected = match (&rule.cond, first) {
        (None, Some(a)) => Some(NotFired { what, reason: Reason::Otherwise(a) }),
        (None, None) => None,
        (Some(c), first) => Some(not_fired(what, &trace(ctx, c, f, true), first.map(First::Rule))),
    };
    Why::Ladder { decided: Box::new(decided), expected }
}

/// Why the condition `node` did not make `what` fire; `first` says what fired before it.
fn not_fired(what: Fired, node: &Node, first: Option<First>) -> NotFired {
    let reason =
        if node.truth == Some(true) { Reason::TrueButFirst(first) } else { Reason::Tree(compact(node, true), first) };
    NotFired { what, reason }
}

fn transitions<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, t: usize, expected: Option<usize>) -> Why {
    let program = ctx.program;
    let set = &program.transitions[t];
    let current = show(program, Type::Level(set.ladder), f.fields[set.field]);
    let fired = ctx.next_stage(t, f);
    let moved = fired.map(|(m, to)| FiredMove {
        to: program.ladders[set.ladder].rules[to].level.clone(),
        place: program.file_line(&set.moves[m].loc),
        deciding: set.moves[m].cond.as_ref().map(|c| trace(ctx, c, f, true).deciding().into_iter().cloned().collect()),
    });
    let expected = match expected {
        Some(e) => why_not_move(ctx, f, t, e, fired.map(|(m, _)| m)),
        None => Vec::new(),
    };
    Why::Moves { set: set.name.clone(), current, fired: moved, expected }
}

/// Why no move took the record to stage `e`: each move that leads there from its stage.
fn why_not_move<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, t: usize, e: usize, fired: Option<usize>) -> Vec<NotFired> {
    let program = ctx.program;
    let set = &program.transitions[t];
    let current = ctx.current_stage(t, f);
    let stage = &program.ladders[set.ladder].rules[e].level;
    let mut out = Vec::new();
    let leading_there: Vec<_> = ctx.moves_tried(t, f).filter(|(_, m)| m.to == e).collect();
    for (i, m) in leading_there {
        let first = fired.filter(|j| *j < i).map(|j| First::Move(program.file_line(&set.moves[j].loc)));
        let what = Fired::Move { stage: stage.clone(), place: program.file_line(&m.loc) };
        out.push(match &m.cond {
            Some(c) => not_fired(what, &trace(ctx, c, f, true), first),
            None => NotFired { what, reason: Reason::Unconditional(first) },
        });
    }
    if out.is_empty() && Some(e) != current {
        let current = show(program, Type::Level(set.ladder), f.fields[set.field]);
        let reason = Reason::NoMove { set: set.name.clone(), current };
        out.push(NotFired { what: Fired::Level(stage.clone()), reason });
    }
    out
}

/// The tree cut down to what made it false or unknown: parts that are true are shown but not
/// opened.
fn compact(node: &Node, root: bool) -> Node {
    let mut n = node.clone();
    if n.truth == Some(true) && !root {
        n.children.clear();
    } else {
        n.children = node.children.iter().map(|c| compact(c, false)).collect();
    }
    n
}
