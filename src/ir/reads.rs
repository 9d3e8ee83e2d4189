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
        self.reads_into(e, &mut out);
        out
    }

    fn reads_into(&self, e: &Expr, out: &mut Vec<Named>) {
        e.visit(&mut |x| {
            match x.named() {
                Some(n @ (Named::Field(_) | Named::Ladder(_))) if !out.contains(&n) => out.push(n),
                Some(Named::Field(_) | Named::Ladder(_)) | None => {}
                Some(Named::Let(i)) => self.reads_into(&self.lets[i].expr, out),
                Some(Named::Score(i)) => self.reads_into(&self.scores[i].expr, out),
                Some(Named::Pop(i)) => self.reads_into(&self.pops[i].arg, out),
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

    fn extend(&mut self, other: &Fields) {
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
