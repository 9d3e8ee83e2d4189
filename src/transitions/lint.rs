//! Warnings about a transition set's graph, each with the graph's evidence: stages no move
//! reaches, stages with no way out, moves that can never fire, moves to the same stage. Which
//! moves can fire is the static analysis's to say (src/analysis); without it every move can.

use super::{Dead, Edge, Graph};
use crate::diag::{
    DeadEnd, DeadEndStage, Diagnostic, Hides, MoveRef, Problem, ShadowedMove, UnreachableStage, Unreached,
};
use crate::ir::{Program, TransId};

/// Every graph warning of transition set `t` as written, every move able to fire.
pub fn warnings(program: &Program, t: TransId) -> Vec<Diagnostic> {
    of(&Graph::new(program, t))
}

/// Every warning of the graph `g`.
pub fn of(g: &Graph<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in 0..g.stages() {
        if !g.reachable[s] {
            out.push(unreachable(g, s));
        }
    }
    for s in g.dead_ends() {
        out.push(dead_end(g, s));
    }
    for i in 0..g.set.moves.len() {
        out.extend(self_move(g, i));
        out.extend(from_final(g, i));
        out.extend(never(g, i));
    }
    out
}

fn line(g: &Graph<'_>, mv: usize) -> usize {
    let loc = &g.set.moves[mv].loc;
    g.program.sources.line_col(loc.file, loc.span.start).0
}

/// A move as warnings name it: `A07, A08 -> A06` (line 12).
fn move_ref(g: &Graph<'_>, mv: usize) -> MoveRef {
    let m = &g.set.moves[mv];
    let from = m.from.as_ref().map(|f| names(g, f));
    MoveRef { from, to: g.name(m.to).to_string(), line: line(g, mv) }
}

fn names(g: &Graph<'_>, stages: &[usize]) -> Vec<String> {
    stages.iter().map(|&s| g.name(s).to_string()).collect()
}

fn unreachable(g: &Graph<'_>, s: usize) -> Diagnostic {
    let into: Vec<_> = g.edges.iter().filter(|e| e.to == s && e.from != s).collect();
    let live_from: Vec<usize> = dedup(into.iter().filter(|e| e.dead.is_none()).map(|e| e.from));
    let why = if into.is_empty() {
        Unreached::NoMove
    } else if live_from.is_empty() {
        Unreached::DeadMoves
    } else {
        Unreached::OnlyFrom(names(g, &live_from))
    };
    let rule = &g.program.ladders[g.set.ladder].rules[s];
    let problem =
        UnreachableStage { stage: g.name(s).to_string(), set: g.set.name.clone(), entries: names(g, &g.entries), why };
    Diagnostic::new(Problem::UnreachableStage(Box::new(problem)), g.set.loc.clone()).related(rule.loc.clone())
}

fn dead_end(g: &Graph<'_>, s: usize) -> Diagnostic {
    let out: Vec<_> = g.edges.iter().filter(|e| e.from == s).collect();
    let why = if out.is_empty() {
        DeadEnd::NoMove
    } else if out.iter().all(|e| e.to == s) {
        DeadEnd::OnlySelf
    } else {
        DeadEnd::DeadMoves
    };
    let into: Vec<_> = g.live().filter(|e| e.to == s && g.reachable[e.from]).collect();
    let reached_from = names(g, &dedup(into.iter().map(|e| e.from)));
    let loc = into.first().map_or_else(|| g.set.loc.clone(), |e| g.set.moves[e.mv].loc.clone());
    let problem = DeadEndStage { stage: g.name(s).to_string(), why, reached_from };
    Diagnostic::new(Problem::DeadEndStage(Box::new(problem)), loc)
}

fn self_move(g: &Graph<'_>, i: usize) -> Option<Diagnostic> {
    let m = &g.set.moves[i];
    let from = m.from.as_ref()?;
    if !from.contains(&m.to) {
        return None;
    }
    let others: Vec<usize> = from.iter().copied().filter(|&s| s != m.to).collect();
    let problem = Problem::SelfMove { stage: g.name(m.to).to_string(), others: names(g, &others) };
    Some(Diagnostic::new(problem, m.loc.clone()))
}

fn from_final(g: &Graph<'_>, i: usize) -> Option<Diagnostic> {
    let m = &g.set.moves[i];
    let finals: Vec<usize> = m.from.iter().flatten().copied().filter(|&s| g.set.is_final(s)).collect();
    if finals.is_empty() {
        return None;
    }
    Some(Diagnostic::new(Problem::MoveFromFinal { finals: names(g, &finals) }, m.loc.clone()))
}

/// Move `i` where it can never fire, but from a final stage: where its condition is impossible, and
/// where earlier moves take its records. A `*` move is reported only when it can fire from no stage.
fn never(g: &Graph<'_>, i: usize) -> Vec<Diagnostic> {
    let m = &g.set.moves[i];
    let edges: Vec<&Edge> = g.edges.iter().filter(|e| e.mv == i && e.dead != Some(Dead::FromFinal)).collect();
    let dead = edges.iter().filter(|e| e.dead.is_some()).count();
    if dead == 0 || m.from.is_none() && dead < edges.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let impossible: Vec<usize> = edges.iter().filter(|e| e.dead == Some(Dead::Impossible)).map(|e| e.from).collect();
    if !impossible.is_empty() {
        let problem = Problem::ImpossibleMove { whole: impossible.len() == edges.len(), stages: names(g, &impossible) };
        out.push(Diagnostic::new(problem, m.loc.clone()));
    }
    let hidden: Vec<(usize, &[usize])> = edges
        .iter()
        .filter_map(|e| match &e.dead {
            Some(Dead::Covered(js)) => Some((e.from, js.as_slice())),
            Some(Dead::FromFinal | Dead::Impossible) | None => None,
        })
        .collect();
    let Some(&(_, firsts)) = hidden.first() else { return out };
    let whole = hidden.len() == edges.len();
    let stages: Vec<usize> = hidden.iter().map(|(s, _)| *s).collect();
    let refs = |js: &[usize]| js.iter().map(|&j| move_ref(g, j)).collect::<Vec<_>>();
    let problem = if hidden.iter().any(|(_, js)| *js != firsts) {
        let each = hidden.iter().map(|(s, js)| (g.name(*s).to_string(), refs(js))).collect();
        ShadowedMove::Each { whole, each }
    } else if let [j] = firsts {
        ShadowedMove::One { whole, stages: names(g, &stages), first: move_ref(g, *j), how: how(g, *j, i) }
    } else {
        ShadowedMove::Together { whole, stages: names(g, &stages), firsts: refs(firsts) }
    };
    let mut d = Diagnostic::new(Problem::ShadowedMove(Box::new(problem)), m.loc.clone());
    for j in dedup(hidden.iter().flat_map(|(_, js)| js.iter().copied())) {
        d = d.related(g.set.moves[j].loc.clone());
    }
    out.push(d);
    out
}

/// Why the earlier move `j` hides move `i`.
fn how(g: &Graph<'_>, j: usize, i: usize) -> Hides {
    match (&g.set.moves[j].cond, &g.set.moves[i].cond) {
        (None, _) => Hides::Otherwise,
        (Some(a), Some(b)) if a.same(b) => Hides::SameCondition,
        _ => Hides::Implies,
    }
}

fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for s in it {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
