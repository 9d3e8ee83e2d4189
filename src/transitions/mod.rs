//! The stage graph of a transition set: which stage leads to which, where records enter, what
//! they can reach. The checker's warnings, `ladder audit` and `ladder graph` all read it.

pub mod audit;
pub mod draw;
pub mod lint;

use crate::ir::{Program, TransId, Transitions};
use std::collections::VecDeque;

/// One stage-to-stage step of a move: a move `A, B -> C` gives the edges A→C and B→C; a `*`
/// move gives an edge from every stage it leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The index of the move in the set.
    pub mv: usize,
    /// Why this edge can never be taken, if it cannot.
    pub dead: Option<Dead>,
}

/// Why an edge can never be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dead {
    /// It leaves a final stage.
    FromFinal,
    /// No record at the stage makes its condition true (src/analysis).
    Impossible,
    /// Earlier moves from the same stage (these indices, the fewest that do) take every record at
    /// the stage that makes its condition true (src/analysis).
    Covered(Vec<usize>),
}

/// The analysed graph of one transition set.
#[derive(Debug, Clone)]
pub struct Graph<'p> {
    pub program: &'p Program,
    pub set: &'p Transitions,
    /// Every edge, in move order.
    pub edges: Vec<Edge>,
    /// Where records start (see [`entries`]).
    pub entries: Vec<usize>,
    /// `reachable[stage]`: some chain of live moves leads there from an entry stage.
    pub reachable: Vec<bool>,
}

impl<'p> Graph<'p> {
    /// The graph of transition set `t` of `program` as written: every move can fire except from a
    /// final stage.
    pub fn new(program: &'p Program, t: TransId) -> Self {
        Graph::with(program, t, |_, _| None)
    }

    /// The graph of transition set `t`, with `dead(from, mv)` saying why move `mv` can never fire
    /// from stage `from` (the static analysis knows).
    pub fn with(program: &'p Program, t: TransId, dead: impl Fn(usize, usize) -> Option<Dead>) -> Self {
        let set = &program.transitions[t];
        let stages = program.ladders[set.ladder].rules.len();
        let mut edges = Vec::new();
        for (i, m) in set.moves.iter().enumerate() {
            let sources: Vec<usize> = match &m.from {
                Some(from) => from.clone(),
                None => (0..stages).filter(|&s| set.leaving(s).any(|(j, _)| j == i)).collect(),
            };
            for from in sources {
                let dead = if set.is_final(from) { Some(Dead::FromFinal) } else { dead(from, i) };
                edges.push(Edge { from, to: m.to, mv: i, dead });
            }
        }
        let entries = entries(program, set);
        let mut graph = Graph { program, set, edges, entries, reachable: vec![false; stages] };
        graph.reach();
        graph
    }

    fn reach(&mut self) {
        let mut queue: VecDeque<usize> = self.entries.iter().copied().collect();
        for &e in &self.entries {
            self.reachable[e] = true;
        }
        while let Some(s) = queue.pop_front() {
            for to in self.targets(s) {
                if !self.reachable[to] {
                    self.reachable[to] = true;
                    queue.push_back(to);
                }
            }
        }
    }

    /// The number of stages (the levels of the ladder).
    pub fn stages(&self) -> usize {
        self.reachable.len()
    }

    /// Edges that can be taken and change the stage.
    pub fn live(&self) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(|e| e.dead.is_none() && e.from != e.to)
    }

    /// The name of a stage.
    pub fn name(&self, stage: usize) -> &'p str {
        &self.program.ladders[self.set.ladder].rules[stage].level
    }

    /// Stage names joined with commas.
    pub fn names(&self, stages: &[usize]) -> String {
        stages.iter().map(|&s| self.name(s)).collect::<Vec<_>>().join(", ")
    }

    /// The distinct stages live moves from `stage` lead to, in move order.
    pub fn targets(&self, stage: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for e in self.live().filter(|e| e.from == stage) {
            if !out.contains(&e.to) {
                out.push(e.to);
            }
        }
        out
    }

    /// Reachable stages that are not final and that no live move leaves.
    pub fn dead_ends(&self) -> Vec<usize> {
        (0..self.stages())
            .filter(|&s| self.reachable[s] && !self.set.is_final(s) && self.targets(s).is_empty())
            .collect()
    }
}

/// The stages where records start: the ladder's `otherwise` level (where a new lead lands), and
/// every stage some move leaves from that no move leads to. When there is neither, the ladder's
/// last (lowest) level.
pub fn entries(program: &Program, set: &Transitions) -> Vec<usize> {
    let rules = &program.ladders[set.ladder].rules;
    let mut out: Vec<usize> = rules.iter().position(|r| r.cond.is_none()).into_iter().collect();
    let targeted = |s: usize| set.moves.iter().any(|m| m.to == s);
    for m in &set.moves {
        for &s in m.from.iter().flatten() {
            if !targeted(s) && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    if out.is_empty() && !rules.is_empty() {
        out.push(rules.len() - 1);
    }
    out
}

/// Why no transition set is chosen (worded by `diag::words::audit`); `names` are the sets there are.
#[derive(Debug, Clone, PartialEq)]
pub enum NoSet {
    /// The rules have no `transitions` block.
    NoneDeclared,
    /// No set has the name given; the closest name when it is a likely typo.
    Unknown { name: String, suggestion: Option<String>, names: Vec<String> },
    /// No name was given and there are several sets.
    Unnamed { names: Vec<String> },
}

/// The transition set named `name`; with no name, the only set (when there is exactly one).
pub fn find(program: &Program, name: Option<&str>) -> Result<TransId, NoSet> {
    let names: Vec<String> = program.transitions.iter().map(|t| t.name.clone()).collect();
    if names.is_empty() {
        return Err(NoSet::NoneDeclared);
    }
    match name {
        Some(n) => names.iter().position(|t| t == n).ok_or_else(|| NoSet::Unknown {
            name: n.to_string(),
            suggestion: crate::diag::closest(n, names.iter().map(String::as_str)).map(String::from),
            names: names.clone(),
        }),
        None if names.len() == 1 => Ok(0),
        None => Err(NoSet::Unnamed { names }),
    }
}
