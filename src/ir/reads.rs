//! What each part of a program reads: the fields and ladders an expression uses, and for every
//! result (ladder, score, transition set, population value) the fields it depends on, directly
//! or through lets, scores, population values and the ladders it uses. A row with a cell that
//! cannot be read leaves empty only the results that depend on that cell's field.

use super::{Expr, FieldId, Named, Program};

impl Program {
    /// The fields and ladders `e` reads — through lets, scores and population arguments, not
    /// through the conditions of the ladders it uses — each once, in order of first use. Only
    /// `Named::Field` and `Named::Ladder` are returned.
    pub fn reads(&self, e: &Expr) -> Vec<Named> {
        let mut out = Vec::new();
        self.reads_into(e, &mut out, &mut Vec::new());
        out
    }

    /// `through`: the lets, scores and population values already looked into, each once, so a
    /// let used twice by another is not read twice at every step.
    fn reads_into(&self, e: &Expr, out: &mut Vec<Named>, through: &mut Vec<Named>) {
        e.visit(&mut |x| {
            match x.named() {
                Some(n @ (Named::Field(_) | Named::Ladder(_))) if !out.contains(&n) => out.push(n),
                Some(Named::Field(_) | Named::Ladder(_)) | None => {}
                Some(n) if through.contains(&n) => {}
                Some(n @ Named::Let(i)) => {
                    through.push(n);
                    self.reads_into(&self.lets[i].expr, out, through)
                }
                Some(n @ Named::Score(i)) => {
                    through.push(n);
                    self.reads_into(&self.scores[i].expr, out, through)
                }
                Some(n @ Named::Pop(i)) => {
                    through.push(n);
                    self.reads_into(&self.pops[i].arg, out, through)
                }
            }
            true
        });
    }
}

impl Program {
    /// The stage of each population value: 0 when its argument reads no population value (through
    /// lets, scores and the conditions of the ladders it uses), else one more than the latest
    /// stage it reads. A stage is ranked after every earlier one, so `score Q = quintile(P)` of a
    /// `score P = percentile(金额)` ranks P's values.
    pub fn pop_stages(&self) -> Vec<usize> {
        let mut stages = vec![None; self.pops.len()];
        (0..self.pops.len()).map(|p| self.pop_stage(p, &mut stages)).collect()
    }

    fn pop_stage(&self, p: usize, stages: &mut Vec<Option<usize>>) -> usize {
        if let Some(s) = stages[p] {
            return s;
        }
        // A population value being staged counts as stage 0, so a cycle (which the checker
        // reports) ends.
        stages[p] = Some(0);
        let mut read = Vec::new();
        self.pops_read(&self.pops[p].arg, &mut read, &mut vec![false; self.ladders.len()]);
        let stage = read.into_iter().map(|q| self.pop_stage(q, stages) + 1).max().unwrap_or(0);
        stages[p] = Some(stage);
        stage
    }

    /// Whether `e` reads a population value (`quintile`, `percentile`, `rank`), through lets,
    /// scores and the ladders it uses.
    pub fn reads_population(&self, e: &Expr) -> bool {
        let mut read = Vec::new();
        self.pops_read(e, &mut read, &mut vec![false; self.ladders.len()]);
        !read.is_empty()
    }

    /// The population values `e` reads, through lets, scores and ladder conditions (each ladder
    /// once) but not through the arguments of the population values themselves.
    fn pops_read(&self, e: &Expr, out: &mut Vec<usize>, ladders: &mut [bool]) {
        e.visit(&mut |x| {
            match x.named() {
                Some(Named::Pop(i)) => out.push(i),
                Some(Named::Let(i)) => self.pops_read(&self.lets[i].expr, out, ladders),
                Some(Named::Score(i)) => self.pops_read(&self.scores[i].expr, out, ladders),
                Some(Named::Ladder(l)) if !ladders[l] => {
                    ladders[l] = true;
                    for c in self.ladders[l].rules.iter().filter_map(|r| r.cond.as_ref()) {
                        self.pops_read(c, out, ladders);
                    }
                }
                Some(Named::Ladder(_) | Named::Field(_)) | None => {}
            }
            true
        });
    }
}

/// Evaluating a let, score, population value, ladder or transition set goes at most this many
/// expressions deep, through the names it uses; a deeper program is refused when it is checked,
/// as its evaluation would run out of stack (a chain of thousands of `let a2 = a1`).
pub const MAX_EVAL_DEPTH: usize = 1000;

/// How deep evaluating each named part of a program goes (see [`MAX_EVAL_DEPTH`]), capped just
/// above the limit.
#[derive(Debug, Clone, Default)]
pub struct EvalDepths {
    pub lets: Vec<usize>,
    pub scores: Vec<usize>,
    pub pops: Vec<usize>,
    pub ladders: Vec<usize>,
}

impl EvalDepths {
    fn get(&self, n: Named) -> usize {
        match n {
            Named::Let(i) => self.lets[i],
            Named::Score(i) => self.scores[i],
            Named::Pop(i) => self.pops[i],
            Named::Ladder(i) => self.ladders[i],
            Named::Field(_) => 0,
        }
    }

    fn set(&mut self, n: Named, depth: usize) {
        match n {
            Named::Let(i) => self.lets[i] = depth,
            Named::Score(i) => self.scores[i] = depth,
            Named::Pop(i) => self.pops[i] = depth,
            Named::Ladder(i) => self.ladders[i] = depth,
            Named::Field(_) => {}
        }
    }

    /// How deep evaluating `e` goes, once the names it uses are known.
    pub fn of(&self, e: &Expr) -> usize {
        let below = e.children().into_iter().map(|c| self.of(c)).max().unwrap_or(0);
        let named = e.named().map_or(0, |n| self.get(n));
        below.max(named).saturating_add(1).min(MAX_EVAL_DEPTH + 1)
    }
}

impl Program {
    /// The expressions evaluating `n` evaluates first.
    fn bodies(&self, n: Named) -> Vec<&Expr> {
        match n {
            Named::Let(i) => vec![&self.lets[i].expr],
            Named::Score(i) => vec![&self.scores[i].expr],
            Named::Pop(i) => vec![&self.pops[i].arg],
            Named::Ladder(i) => self.ladders[i].rules.iter().filter_map(|r| r.cond.as_ref()).collect(),
            Named::Field(_) => vec![],
        }
    }

    /// The lets, scores, population values and ladders that evaluating `n` uses directly.
    pub fn uses(&self, n: Named) -> Vec<Named> {
        let mut out = Vec::new();
        for e in self.bodies(n) {
            e.visit(&mut |x| {
                out.extend(x.named().filter(|m| !matches!(m, Named::Field(_))));
                true
            });
        }
        out
    }

    /// How deep evaluating each let, score, population value and ladder goes. The names are
    /// walked in dependency order without recursion, so a chain of any length is measured; a
    /// cycle (which the checker reports) counts as nothing more.
    pub fn eval_depths(&self) -> EvalDepths {
        let mut depths = EvalDepths {
            lets: vec![0; self.lets.len()],
            scores: vec![0; self.scores.len()],
            pops: vec![0; self.pops.len()],
            ladders: vec![0; self.ladders.len()],
        };
        let all = (0..self.lets.len()).map(Named::Let).chain((0..self.scores.len()).map(Named::Score));
        let all: Vec<Named> =
            all.chain((0..self.pops.len()).map(Named::Pop)).chain((0..self.ladders.len()).map(Named::Ladder)).collect();
        let uses = |n: Named| self.uses(n);
        // 0: not seen, 1: being walked, 2: measured.
        let mut state = std::collections::HashMap::new();
        for root in all {
            if state.contains_key(&root) {
                continue;
            }
            let mut stack = vec![(root, uses(root), 0)];
            state.insert(root, 1u8);
            while let Some((n, next, at)) = stack.last_mut() {
                if let Some(&m) = next.get(*at) {
                    *at += 1;
                    if state.get(&m).copied().unwrap_or(0) == 0 {
                        state.insert(m, 1);
                        stack.push((m, uses(m), 0));
                    }
                    continue;
                }
                let n = *n;
                let depth = self.bodies(n).into_iter().map(|e| depths.of(e)).max().unwrap_or(0);
                depths.set(n, depth);
                state.insert(n, 2);
                stack.pop();
            }
        }
        depths
    }
}

/// A set of fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<u64>);

impl Fields {
    /// Adds field `f`.
    pub fn insert(&mut self, f: FieldId) {
        let (word, bit) = (f / 64, f % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    /// Whether the set holds field `f`.
    pub fn contains(&self, f: FieldId) -> bool {
        self.0.get(f / 64).is_some_and(|w| w & (1 << (f % 64)) != 0)
    }

    /// Whether the two sets share a field.
    pub fn meets(&self, other: &Fields) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    /// Adds the fields of `other`.
    pub fn extend(&mut self, other: &Fields) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }
}

/// The fields every result depends on, computed once per program.
#[derive(Debug, Clone, Default)]
pub struct Depends {
    pub ladders: Vec<Fields>,
    pub scores: Vec<Fields>,
    /// A transition set depends on its stage field and on its moves' conditions.
    pub transitions: Vec<Fields>,
    pub pops: Vec<Fields>,
}

impl Depends {
    /// The dependencies of every result of `program`.
    pub fn of(program: &Program) -> Self {
        let mut ladders: Vec<Option<Fields>> = vec![None; program.ladders.len()];
        for l in 0..program.ladders.len() {
            ladder_fields(program, l, &mut ladders);
        }
        let mut exprs = |e: &[&Expr], start: Fields| {
            let mut set = start;
            for x in e {
                expr_fields(program, x, &mut ladders, &mut set);
            }
            set
        };
        let scores = program.scores.iter().map(|s| exprs(&[&s.expr], Fields::default())).collect();
        let pops = program.pops.iter().map(|p| exprs(&[&p.arg], Fields::default())).collect();
        let transitions = program
            .transitions
            .iter()
            .map(|t| {
                let mut stage = Fields::default();
                stage.insert(t.field);
                exprs(&t.moves.iter().filter_map(|m| m.cond.as_ref()).collect::<Vec<_>>(), stage)
            })
            .collect();
        let ladders = ladders.into_iter().map(Option::unwrap_or_default).collect();
        Depends { ladders, scores, transitions, pops }
    }

    /// The fields `e` depends on, directly or through the names and ladders it uses.
    pub fn of_expr(&self, program: &Program, e: &Expr) -> Fields {
        let mut set = Fields::default();
        for n in program.reads(e) {
            match n {
                Named::Field(f) => set.insert(f),
                Named::Ladder(l) => set.extend(&self.ladders[l]),
                Named::Let(_) | Named::Score(_) | Named::Pop(_) => {}
            }
        }
        set
    }
}

/// The fields ladder `l` depends on, memoised in `done`. A ladder being computed counts as
/// reading nothing more, so a cycle (which the checker reports) ends.
fn ladder_fields(program: &Program, l: usize, done: &mut Vec<Option<Fields>>) -> Fields {
    if let Some(set) = &done[l] {
        return set.clone();
    }
    done[l] = Some(Fields::default());
    let mut set = Fields::default();
    for c in program.ladders[l].rules.iter().filter_map(|r| r.cond.as_ref()) {
        expr_fields(program, c, done, &mut set);
    }
    done[l] = Some(set.clone());
    set
}

fn expr_fields(program: &Program, e: &Expr, ladders: &mut Vec<Option<Fields>>, set: &mut Fields) {
    for n in program.reads(e) {
        match n {
            Named::Field(f) => set.insert(f),
            Named::Ladder(l) => set.extend(&ladder_fields(program, l, ladders)),
            Named::Let(_) | Named::Score(_) | Named::Pop(_) => {}
        }
    }
}
