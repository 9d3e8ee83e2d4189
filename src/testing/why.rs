//! Why a test's record got another level than expected: the line that decided the level it got,
//! then a compact tree of the expected rule's condition showing what kept it from firing.

use crate::eval::{Ctx, Frame};
use crate::explain::{show, trace, why_line, Node};
use crate::ir::{Target, Type};

/// The explanation of one mismatch, as indented lines ending in a newline.
pub fn explain<'a>(
    ctx: &Ctx<'a>,
    f: &mut Frame<'a>,
    target: Target,
    expected: Option<usize>,
    actual: Option<usize>,
) -> String {
    match target {
        Target::Ladder(l) => ladder(ctx, f, l, expected, actual),
        Target::Transitions(t) => transitions(ctx, f, t, expected),
    }
}

fn ladder<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, l: usize, expected: Option<usize>, actual: Option<usize>) -> String {
    let rules = &ctx.program.ladders[l].rules;
    let mut out = format!("why: {}\n", why_line(ctx, l, f, actual));
    let Some(e) = expected else { return out };
    let rule = &rules[e];
    let first = match actual {
        Some(a) if a < e => Some(rules[a].level.as_str()),
        _ => None,
    };
    match (&rule.cond, first) {
        (None, Some(a)) => {
            out.push_str(&format!("why not {}: it is the `otherwise` rule, and {a} above it fired first\n", rule.level))
        }
        (None, None) => {}
        (Some(c), _) => {
            let node = trace(ctx, c, f, true);
            out.push_str(&not_fired(&rule.level, &node, first.map(|a| format!("{a} above it fired first"))));
        }
    }
    out
}

/// `why not LEVEL:` and the compact tree; `first` says what fired before the rule was reached.
fn not_fired(level: &str, node: &Node, first: Option<String>) -> String {
    if node.truth == Some(true) {
        let first = first.unwrap_or_else(|| "another rule fired first".into());
        return format!("why not {level}: its condition is true, but {first}\n");
    }
    let mut out = format!("why not {level}:\n");
    compact(node, true).render(1, &mut out);
    if let Some(first) = first {
        out.push_str(&format!("  (and {first})\n"));
    }
    out
}

fn transitions<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, t: usize, expected: Option<usize>) -> String {
    let program = ctx.program;
    let set = &program.transitions[t];
    let cur = show(program, Type::Level(set.ladder), f.fields[set.field]);
    let fired = ctx.next_stage(t, f);
    let mut out = match fired {
        Some((m, to)) => {
            let node = set.moves[m].cond.as_ref().map(|c| trace(ctx, c, f, true));
            let phrases = node
                .map_or("otherwise".into(), |n| n.deciding().iter().map(|d| d.phrase()).collect::<Vec<_>>().join(" "));
            let to = &program.ladders[set.ladder].rules[to].level;
            format!(
                "why: {} moves {cur} -> {to} by the move at {}: {phrases}\n",
                set.name,
                program.file_line(&set.moves[m].loc)
            )
        }
        None => format!("why: {} stays at {cur}: no move from {cur} fires\n", set.name),
    };
    if let Some(e) = expected {
        out.push_str(&why_not_move(ctx, f, t, e, fired.map(|(m, _)| m)));
    }
    out
}

/// Why no move took the record to stage `e`: each move that leads there from its stage, as a tree.
fn why_not_move<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, t: usize, e: usize, fired: Option<usize>) -> String {
    let program = ctx.program;
    let set = &program.transitions[t];
    let current = ctx.current_stage(t, f);
    let stage = &program.ladders[set.ladder].rules[e].level;
    let mut out = String::new();
    let leading_there: Vec<_> = ctx.moves_tried(t, f).filter(|(_, m)| m.to == e).collect();
    for (i, m) in leading_there {
        let first = fired
            .filter(|j| *j < i)
            .map(|j| format!("the move at {} fired first", program.file_line(&set.moves[j].loc)));
        let level = format!("{stage} (the move at {})", program.file_line(&m.loc));
        match &m.cond {
            Some(c) => out.push_str(&not_fired(&level, &trace(ctx, c, f, true), first)),
            None => out.push_str(&format!("why not {level}: {}\n", first.unwrap_or_default())),
        }
    }
    if out.is_empty() && Some(e) != current {
        let cur = show(program, Type::Level(set.ladder), f.fields[set.field]);
        out = format!("why not {stage}: no move of {} leads from {cur} to {stage}\n", set.name);
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
