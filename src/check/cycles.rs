//! Ladders that use each other's levels in a circle, directly or through lets and scores. Lets
//! in a circle of their own are found while checking them (`let_cycle`); a circle through a
//! ladder can only be seen once every ladder's conditions are checked.

use super::Checker;
use crate::diag::{Diagnostic, Loc, Problem};
use crate::ir::{Const, Expr, ExprKind as K, Named, Type};

/// A definition that other definitions may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Def {
    Let(usize),
    Score(usize),
    Ladder(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Todo,
    Open,
    Done,
}

impl Checker<'_> {
    /// Reports each circle that runs through a ladder, at the use that closes it, and cuts that
    /// use out of the program so nothing can follow the circle.
    pub(super) fn ladder_cycles(&mut self) {
        let mut seen = Seen3 {
            lets: vec![Seen::Todo; self.p.lets.len()],
            scores: vec![Seen::Todo; self.p.scores.len()],
            ladders: vec![Seen::Todo; self.p.ladders.len()],
        };
        let mut closing = Vec::new();
        for l in 0..self.p.ladders.len() {
            self.walk(Def::Ladder(l), &mut vec![], &mut seen, &mut closing);
        }
        for (loc, chain) in closing {
            let name = chain.first().cloned().unwrap_or_default();
            self.diags.push(Diagnostic::new(Problem::LadderCycle { name, chain }, loc.clone()));
            self.cut(&loc);
        }
    }

    fn walk(&self, def: Def, stack: &mut Vec<Def>, seen: &mut Seen3, closing: &mut Vec<(Loc, Vec<String>)>) {
        *seen.at(def) = Seen::Open;
        stack.push(def);
        for (next, loc) in self.uses(def) {
            match *seen.at(next) {
                Seen::Todo => self.walk(next, stack, seen, closing),
                Seen::Open => {
                    let start = stack.iter().position(|d| *d == next).unwrap_or(0);
                    let circle = &stack[start..];
                    // The chain starts and ends at the circle's first ladder.
                    if let Some(k) = circle.iter().position(|d| matches!(d, Def::Ladder(_))) {
                        let round = circle[k..].iter().chain(&circle[..=k]);
                        closing.push((loc, round.map(|d| self.def_name(*d)).collect()));
                    }
                }
                Seen::Done => {}
            }
        }
        stack.pop();
        *seen.at(def) = Seen::Done;
    }

    /// The lets, scores and ladders `def` uses directly, with where each use is written.
    fn uses(&self, def: Def) -> Vec<(Def, Loc)> {
        let exprs: Vec<&Expr> = match def {
            Def::Let(i) => vec![&self.p.lets[i].expr],
            Def::Score(i) => vec![&self.p.scores[i].expr],
            Def::Ladder(l) => self.p.ladders[l].rules.iter().filter_map(|r| r.cond.as_ref()).collect(),
        };
        let mut out = Vec::new();
        let mut pending = exprs;
        while let Some(e) = pending.pop() {
            e.visit(&mut |x| {
                match x.named() {
                    Some(Named::Let(i)) => out.push((Def::Let(i), x.loc.clone())),
                    Some(Named::Score(i)) => out.push((Def::Score(i), x.loc.clone())),
                    Some(Named::Ladder(l)) => out.push((Def::Ladder(l), x.loc.clone())),
                    Some(Named::Pop(i)) => pending.push(&self.p.pops[i].arg),
                    Some(Named::Field(_)) | None => {}
                }
                true
            });
        }
        out
    }

    fn def_name(&self, def: Def) -> String {
        match def {
            Def::Let(i) => self.p.lets[i].name.clone(),
            Def::Score(i) => self.p.scores[i].name.clone(),
            Def::Ladder(l) => self.p.ladders[l].name.clone(),
        }
    }

    /// Replaces the use of a name written at `loc` with an error placeholder.
    fn cut(&mut self, loc: &Loc) {
        let p = &mut self.p;
        let lets = p.lets.iter_mut().map(|b| &mut b.expr);
        let scores = p.scores.iter_mut().map(|b| &mut b.expr);
        let pops = p.pops.iter_mut().map(|x| &mut x.arg);
        let rules = p.ladders.iter_mut().flat_map(|l| l.rules.iter_mut().filter_map(|r| r.cond.as_mut()));
        for e in lets.chain(scores).chain(pops).chain(rules) {
            cut_in(e, loc);
        }
    }
}

fn cut_in(e: &mut Expr, loc: &Loc) {
    if e.loc == *loc && e.named().is_some() {
        *e = Expr { kind: K::Const(Const::Bool(false)), ty: Type::Error, loc: loc.clone() };
        return;
    }
    for c in e.children_mut() {
        cut_in(c, loc);
    }
}

/// Where the walk is, for each definition.
struct Seen3 {
    lets: Vec<Seen>,
    scores: Vec<Seen>,
    ladders: Vec<Seen>,
}

impl Seen3 {
    fn at(&mut self, def: Def) -> &mut Seen {
        match def {
            Def::Let(i) => &mut self.lets[i],
            Def::Score(i) => &mut self.scores[i],
            Def::Ladder(l) => &mut self.ladders[l],
        }
    }
}
