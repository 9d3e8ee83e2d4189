//! Warnings about a transition set's graph, each with the graph's evidence: stages no move
//! reaches, stages with no way out, moves that can never fire, moves to the same stage.

use super::{Dead, Graph};
use crate::diag::Diagnostic;
use crate::ir::{Program, TransId};

/// Every graph warning of transition set `t`.
pub fn warnings(program: &Program, t: TransId) -> Vec<Diagnostic> {
    let g = Graph::new(program, t);
    let mut out = Vec::new();
    for s in 0..g.stages() {
        if !g.reachable[s] {
            out.push(unreachable(&g, s));
        }
    }
    for s in g.dead_ends() {
        out.push(dead_end(&g, s));
    }
    for i in 0..g.set.moves.len() {
        out.extend(self_move(&g, i));
        out.extend(from_final(&g, i));
        out.extend(shadowed(&g, i));
    }
    out
}

fn line(g: &Graph<'_>, mv: usize) -> usize {
    let loc = &g.set.moves[mv].loc;
    g.program.sources.line_col(loc.file, loc.span.start).0
}

/// The words for a move: `A07, A08 -> A06` (line 12).
fn move_words(g: &Graph<'_>, mv: usize) -> String {
    let m = &g.set.moves[mv];
    let from = match &m.from {
        None => "*".to_string(),
        Some(f) => g.names(f),
    };
    format!("`{from} -> {}` (line {})", g.name(m.to), line(g, mv))
}

fn entry_words(g: &Graph<'_>) -> String {
    match g.entries.len() {
        1 => format!("the entry stage {}", g.names(&g.entries)),
        _ => format!("the entry stages {}", g.names(&g.entries)),
    }
}

fn unreachable(g: &Graph<'_>, s: usize) -> Diagnostic {
    let name = g.name(s);
    let into: Vec<_> = g.edges.iter().filter(|e| e.to == s && e.from != s).collect();
    let live_from: Vec<usize> = dedup(into.iter().filter(|e| e.dead.is_none()).map(|e| e.from));
    let why = if into.is_empty() {
        "no move leads to it".to_string()
    } else if live_from.is_empty() {
        "the moves that lead to it can never fire".to_string()
    } else {
        format!("moves lead to it only from {}, which cannot be reached either", g.names(&live_from))
    };
    let rule = &g.program.ladders[g.set.ladder].rules[s];
    Diagnostic::warning(
        "ladder::unreachable_stage",
        g.set.loc.clone(),
        format!("No customer can ever reach `{name}` through `{}`: starting from {}, {why}.", g.set.name, entry_words(g)),
    )
    .label(format!("{name} is never reached"))
    .related(rule.loc.clone(), format!("the level {name}"))
    .help(format!(
        "Add a move that leads to {name} from a stage customers reach (e.g. `{} -> {name} if …`), or leave it out of the stage graph if customers never stand there. Records enter at the ladder's `otherwise` level and at stages that moves leave but none leads to.",
        g.entries.first().map_or("…", |&e| g.name(e))
    ))
}

fn dead_end(g: &Graph<'_>, s: usize) -> Diagnostic {
    let name = g.name(s);
    let out: Vec<_> = g.edges.iter().filter(|e| e.from == s).collect();
    let why = if out.is_empty() {
        "no move leaves it".to_string()
    } else if out.iter().all(|e| e.to == s) {
        "its only moves lead back to itself".to_string()
    } else {
        "the moves from it can never fire".to_string()
    };
    let into: Vec<_> = g.live().filter(|e| e.to == s && g.reachable[e.from]).collect();
    let reached = match into.first() {
        Some(_) => format!("Customers reach it from {}", g.names(&dedup(into.iter().map(|e| e.from)))),
        None => "Customers start there".to_string(),
    };
    let loc = into.first().map_or_else(|| g.set.loc.clone(), |e| g.set.moves[e.mv].loc.clone());
    let label = if into.is_empty() {
        format!("{name} is an entry stage")
    } else {
        format!("leads to {name}, which has no way out")
    };
    Diagnostic::warning(
        "ladder::dead_end_stage",
        loc,
        format!("`{name}` has no way out and is not declared final: {why}. {reached} and then stay there for good."),
    )
    .label(label)
    .help(format!("Add a move out of {name} (e.g. `{name} -> … if …`), or, if {name} is an end stage, say so with `final {name}` inside the `transitions` block."))
}

fn self_move(g: &Graph<'_>, i: usize) -> Option<Diagnostic> {
    let m = &g.set.moves[i];
    let from = m.from.as_ref()?;
    if !from.contains(&m.to) {
        return None;
    }
    let name = g.name(m.to);
    let others: Vec<usize> = from.iter().copied().filter(|&s| s != m.to).collect();
    let help = if others.is_empty() {
        "Change the stage after `->`, or remove the move.".to_string()
    } else {
        format!("Remove {name} from the stages before `->`: `{} -> {name}`.", g.names(&others))
    };
    Some(
        Diagnostic::warning(
            "ladder::self_move",
            m.loc.clone(),
            format!("This move leads from `{name}` to `{name}` itself: the record stays where it is, as with no move, and the moves after it are not tried."),
        )
        .label(format!("{name} -> {name}"))
        .help(help),
    )
}

fn from_final(g: &Graph<'_>, i: usize) -> Option<Diagnostic> {
    let m = &g.set.moves[i];
    let finals: Vec<usize> = m.from.iter().flatten().copied().filter(|&s| g.set.is_final(s)).collect();
    if finals.is_empty() {
        return None;
    }
    let names = g.names(&finals);
    let verb = if finals.len() == 1 { "is" } else { "are" };
    Some(
        Diagnostic::warning(
            "ladder::move_from_final",
            m.loc.clone(),
            format!("This move can never fire from {names}: {names} {verb} declared final, and no customer leaves a final stage."),
        )
        .label("leaves a final stage")
        .help(format!("Remove {names} from the stages before `->`, or from the `final` list if customers may leave {names}.")),
    )
}

fn shadowed(g: &Graph<'_>, i: usize) -> Option<Diagnostic> {
    let m = &g.set.moves[i];
    let edges: Vec<_> = g.edges.iter().filter(|e| e.mv == i && e.dead != Some(Dead::FromFinal)).collect();
    let hidden: Vec<_> = edges
        .iter()
        .filter_map(|e| match e.dead {
            Some(Dead::Shadowed(j)) => Some((e.from, j)),
            _ => None,
        })
        .collect();
    // A `*` move is reported only when it can fire from no stage at all.
    if hidden.is_empty() || m.from.is_none() && hidden.len() < edges.len() {
        return None;
    }
    let stages: Vec<usize> = dedup(hidden.iter().map(|(s, _)| *s));
    let whole = hidden.len() == edges.len();
    let from = if whole { String::new() } else { format!(" from {}", g.names(&stages)) };
    let firsts: Vec<usize> = dedup(hidden.iter().map(|(_, j)| *j));
    let message = match firsts.as_slice() {
        [j] => format!(
            "This move can never fire{from}: the earlier move {} leaves {} too and {}.",
            move_words(g, *j),
            g.names(&stages),
            how(g, *j, i)
        ),
        _ => {
            let each: Vec<String> =
                hidden.iter().map(|(s, j)| format!("from {} {}", g.name(*s), move_words(g, *j))).collect();
            format!(
                "This move can never fire: from every stage it leaves, an earlier move fires whenever it would ({}).",
                each.join(", ")
            )
        }
    };
    let mut d = Diagnostic::warning("ladder::shadowed_move", m.loc.clone(), message)
        .label("never fires")
        .help("Put the more specific move first, or give the two moves different conditions.");
    for j in firsts {
        d = d.related(g.set.moves[j].loc.clone(), "fires first");
    }
    Some(d)
}

/// Why the earlier move `j` hides move `i`.
fn how(g: &Graph<'_>, j: usize, i: usize) -> &'static str {
    match (&g.set.moves[j].cond, &g.set.moves[i].cond) {
        (None, _) => "it has no condition (`otherwise`), so it always fires",
        (Some(a), Some(b)) if a.same(b) => "it has the same condition",
        _ => "its condition holds whenever this one does",
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
