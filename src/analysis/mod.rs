//! Static analysis of a checked program: what no record can do and what some record does, proven
//! over a finite abstraction of records, before any data exists (docs/design/analysis.md).
//! Findings are diagnostics (`ladder::never_fires`, `ladder::falls_through`, `ladder::always_true`,
//! `ladder::always_false`, and the stage graph's warnings built from the moves that can fire),
//! rendered at the edge; overlapping rules are data for `ladder check --verbose`.

mod boxes;
mod domain;
mod encode;
mod suggest;
mod witness;

pub use encode::Stop;
pub use suggest::{fields_read, with_finder, Aim, Candidate, Finder, Given, NoRecord};

use crate::diag::{Diagnostic, NeverWhy, Problem, Shown};
use crate::ir::{Expr, ExprKind, LadderId, Program, TransId};
use crate::transitions::{lint, Dead, Graph};
use biodivine_lib_bdd::{Bdd, BddPartialValuation, BddValuation};
use boxes::CellBox;
use domain::{is_logic, key, resolve, Atom, Domain};
use encode::Encoder;
use jiff::civil::Date;
use std::collections::HashMap;
use std::ops::Range;

/// How many BDD nodes one program's analysis may build before it gives up (a few seconds' work
/// at most): `ladder check` never hangs on a large rule file.
pub const WORK: usize = 40_000_000;

/// What the analysis found, and what it could not decide.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// Ladders without `otherwise` that provably give every record a level.
    pub exhaustive: Vec<LadderId>,
    /// Ladders without `otherwise` that some record may pass through, for which no witness
    /// record could be confirmed.
    pub undecided: Vec<LadderId>,
    /// Why the analysis stopped early, if it did: nothing was claimed past that point.
    pub stopped: Option<Stop>,
    /// Fields whose comparisons could not be abstracted (dates mixing kinds, …).
    pub opaque_fields: Vec<String>,
    /// How many conditions were treated as opaque (scores, arithmetic, population values, …).
    pub opaque_atoms: usize,
    /// The stage graph's warnings of every transition set, with the moves that can never fire
    /// found exactly; `None` when the analysis stopped before it knew them.
    pub graph: Option<Vec<Diagnostic>>,
    /// For each transition set analysed, the moves that can never fire from a stage they leave
    /// (but a final one): (stage, move, why).
    pub dead_moves: Vec<Vec<(usize, usize, Dead)>>,
}

/// Two rules of a ladder that are both true for some record (the upper one wins), with such a
/// record, confirmed by the evaluator.
#[derive(Debug, Clone)]
pub struct Overlap {
    pub a: usize,
    pub b: usize,
    pub witness: Vec<(String, Shown)>,
}

/// The overlapping rules of one ladder: the first few, and how many more there are.
#[derive(Debug, Clone)]
pub struct Overlaps {
    pub ladder: LadderId,
    pub pairs: Vec<Overlap>,
    /// Overlapping pairs past those listed.
    pub more: usize,
    /// Pairs that may overlap, for which no record was confirmed (conditions not followed).
    pub unconfirmed: usize,
}

/// The pairs of rules (not `otherwise`) that overlap, ladder by ladder, at most `max` listed for
/// each; ladders without overlaps are left out. `Err` when the analysis stopped before the end,
/// with what it found until then.
pub fn overlaps(program: &Program, today: Date, max: usize) -> Result<Vec<Overlaps>, (Vec<Overlaps>, Stop)> {
    let domain = Domain::new(program, today, &conditions(program));
    let mut out = Vec::new();
    let mut enc = Encoder::new(&domain, WORK).map_err(|stop| (Vec::new(), stop))?;
    for l in 0..program.ladders.len() {
        match ladder_overlaps(&mut enc, l, max) {
            Ok(Some(o)) => out.push(o),
            Ok(None) => {}
            Err(stop) => return Err((out, stop)),
        }
    }
    Ok(out)
}

fn ladder_overlaps(enc: &mut Encoder<'_, '_>, l: LadderId, max: usize) -> Result<Option<Overlaps>, Stop> {
    let rules = &enc.d.program.ladders[l].rules;
    let n = rules.iter().position(|r| r.cond.is_none()).unwrap_or(rules.len());
    let conds = enc.conds(l)?;
    let mut found = Overlaps { ladder: l, pairs: Vec::new(), more: 0, unconfirmed: 0 };
    for b in 0..n {
        for a in 0..b {
            if conds[a].1.disjoint(&conds[b].1) {
                continue;
            }
            let both = enc.and(&conds[a].0, &conds[b].0)?;
            let both = enc.valid_and(&both)?;
            if both.is_false() {
                continue;
            }
            match witness::both_true(enc, l, (a, b), &both) {
                Some(witness) if found.pairs.len() < max => found.pairs.push(Overlap { a, b, witness }),
                Some(_) => found.more += 1,
                None => found.unconfirmed += 1,
            }
        }
    }
    Ok((!found.pairs.is_empty() || found.more + found.unconfirmed > 0).then_some(found))
}

/// The conditions the analysis classifies: every rule's and every move's.
fn conditions(program: &Program) -> Vec<&Expr> {
    let rules = program.ladders.iter().flat_map(|l| l.rules.iter().filter_map(|r| r.cond.as_ref()));
    let steps = program.transitions.iter().flat_map(|t| t.moves.iter().filter_map(|m| m.cond.as_ref()));
    rules.chain(steps).collect()
}

/// Analyses the ladders of an error-free `program`, with `today` as the reference day for
/// dates relative to it (findings do not depend on it; witnesses' dates do).
pub fn analyse(program: &Program, today: Date) -> Analysis {
    analyse_with(program, today, WORK)
}

/// [`analyse`] with a budget of `work` BDD nodes.
pub fn analyse_with(program: &Program, today: Date, work: usize) -> Analysis {
    let domain = Domain::new(program, today, &conditions(program));
    let mut out = Analysis {
        opaque_fields: domain.opaque_fields.iter().map(|&f| program.fields[f].name.clone()).collect(),
        opaque_atoms: domain.opaque.len(),
        ..Analysis::default()
    };
    let mut enc = match Encoder::new(&domain, work) {
        Ok(e) => e,
        Err(stop) => {
            out.stopped = Some(stop);
            return out;
        }
    };
    let mut graph = Vec::new();
    for t in 0..program.transitions.len() {
        match moves(&mut enc, t) {
            Ok(dead) => {
                graph.extend(lint::of(&Graph::with(program, t, |from, mv| dead.get(&(from, mv)).cloned())));
                let mut dead: Vec<_> = dead.into_iter().map(|((s, mv), why)| (s, mv, why)).collect();
                dead.sort_by_key(|(s, mv, _)| (*s, *mv));
                out.dead_moves.push(dead);
            }
            Err(stop) => {
                out.stopped = Some(stop);
                return out;
            }
        }
    }
    out.graph = Some(graph);
    for l in 0..program.ladders.len() {
        if let Err(stop) = ladder(&mut enc, l, &mut out) {
            out.stopped = Some(stop);
            break;
        }
    }
    out
}

/// Why each move of transition set `t` can never fire from a stage it leaves, by (stage, move):
/// no record at the stage makes its condition true, or the moves tried before it there take
/// every record that does (docs/transitions.md: first true wins, nothing leaves a final stage).
fn moves(enc: &mut Encoder<'_, '_>, t: TransId) -> Result<HashMap<(usize, usize), Dead>, Stop> {
    let program = enc.d.program;
    let set = &program.transitions[t];
    let mut conds = Vec::new();
    for m in &set.moves {
        conds.push(match &m.cond {
            None => (enc.tt(), CellBox::full()),
            Some(c) => {
                let p = enc.pair(c)?;
                (p.t, p.tb)
            }
        });
    }
    let mut dead = HashMap::new();
    for s in 0..program.ladders[set.ladder].rules.len() {
        // A condition may read the stage field itself: here it holds stage `s`.
        let (at, _) = enc.cell(set.field, s);
        let mut earlier: Vec<(Bdd, CellBox)> = Vec::new();
        let mut unions = Vec::new();
        let mut ids = Vec::new();
        for (i, _) in set.leaving(s) {
            let can = enc.and(&at, &conds[i].0)?;
            let can = enc.valid_and(&can)?;
            let why = match can.is_false() {
                true => Some(Dead::Impossible),
                false => cover(enc, &can, Earlier { each: &earlier, unions: &unions })?
                    .map(|js| Dead::Covered(js.into_iter().map(|j| ids[j]).collect())),
            };
            if let Some(why) = why {
                dead.insert((s, i), why);
            }
            enc.add_earlier(&mut unions, &conds[i].0, earlier.len())?;
            earlier.push(conds[i].clone());
            ids.push(i);
        }
    }
    Ok(dead)
}

/// The findings of one ladder.
fn ladder(enc: &mut Encoder<'_, '_>, l: LadderId, out: &mut Analysis) -> Result<(), Stop> {
    let program = enc.d.program;
    let decl = &program.ladders[l];
    let conds = enc.conds(l)?;
    // Rules after the first `otherwise` are `unreachable_rule` already.
    let last = decl.rules.iter().position(|r| r.cond.is_none()).map_or(decl.rules.len(), |i| i + 1);
    let mut unions = Vec::new();
    for r in 0..last {
        if r > 0 {
            enc.add_earlier(&mut unions, &conds[r - 1].0, r - 1)?;
        }
        let earlier = Earlier { each: &conds[..r], unions: &unions };
        let can = enc.valid_and(&conds[r].0)?;
        let why = match can.is_false() {
            true => NeverWhy::Impossible,
            false => match cover(enc, &can, earlier)? {
                Some(rules) => NeverWhy::Covered(rules.into_iter().map(|j| decl.rules[j].level.clone()).collect()),
                None => {
                    if let Some(c) = &decl.rules[r].cond {
                        parts(enc, l, r, c, earlier, out)?;
                    }
                    continue;
                }
            },
        };
        let mut d = Diagnostic::new(
            Problem::NeverFires { level: decl.rules[r].level.clone(), why: why.clone() },
            decl.rules[r].loc.clone(),
        );
        if let NeverWhy::Covered(names) = &why {
            for rule in decl.rules[..r].iter().filter(|x| names.contains(&x.level)) {
                d = d.related(rule.loc.clone());
            }
        }
        out.diagnostics.push(d);
    }
    if decl.rules.iter().all(|r| r.cond.is_some()) {
        let fires = enc.fires(l)?;
        let none = enc.valid_and(&fires[decl.rules.len()])?;
        if none.is_false() {
            out.exhaustive.push(l);
        } else {
            match witness::falls_through(enc, l, &none) {
                Some(w) => out.diagnostics.push(Diagnostic::new(
                    Problem::FallsThrough { ladder: decl.name.clone(), witness: w },
                    decl.loc.clone(),
                )),
                None => out.undecided.push(l),
            }
        }
    }
    Ok(())
}

/// The parts of rule `r`'s condition `e` (the operands of its `and`s, `or`s and groups, at any
/// depth, but not inside a `let` it names) that are never true, or never false, for the records
/// reaching the rule: those the earlier rules `earlier` do not take. A part found so is not looked
/// into, and a part holding a constant (`true`, a `let` switched off) is meant to be constant.
fn parts<'p>(
    enc: &mut Encoder<'_, 'p>,
    l: LadderId,
    r: usize,
    e: &'p Expr,
    earlier: Earlier<'_>,
    out: &mut Analysis,
) -> Result<(), Stop> {
    // `not (a and b)`: the parts of `a and b`.
    let e = if let ExprKind::Not(x) = &e.kind { x } else { e };
    let Some((_, xs)) = e.logic() else { return Ok(()) };
    for x in xs {
        if has_constant(enc, x) || !judge(enc, l, r, x, earlier, out)? {
            parts(enc, l, r, x, earlier, out)?;
        }
    }
    Ok(())
}

/// Reports part `x` of rule `r` when it is never true or never false for the records reaching
/// the rule, and says whether it did.
fn judge<'p>(
    enc: &mut Encoder<'_, 'p>,
    l: LadderId,
    r: usize,
    x: &'p Expr,
    earlier: Earlier<'_>,
    out: &mut Analysis,
) -> Result<bool, Stop> {
    let program = enc.d.program;
    let decl = &program.ladders[l];
    let p = enc.pair(x)?;
    // Never true first: a part that is never true nor false there says more so.
    for (truth, when) in [(false, &p.t), (true, &p.f)] {
        let can = enc.valid_and(when)?;
        let by = match can.is_false() {
            true => Vec::new(),
            false => match cover(enc, &can, earlier)? {
                Some(rules) => rules,
                None => continue,
            },
        };
        let (level, part) = (decl.rules[r].level.clone(), program.sources.code(&x.loc));
        let names = by.iter().map(|&j| decl.rules[j].level.clone()).collect();
        let problem = match truth {
            true => Problem::AlwaysTrue { level, part, earlier: names },
            false => Problem::AlwaysFalse { level, part, earlier: names },
        };
        let mut d = Diagnostic::new(problem, x.loc.clone());
        for &j in &by {
            d = d.related(decl.rules[j].loc.clone());
        }
        out.diagnostics.push(d);
        return Ok(true);
    }
    Ok(false)
}

/// Whether a condition holds a constant among its atoms (through `let`s).
fn has_constant(enc: &Encoder<'_, '_>, e: &Expr) -> bool {
    let e = resolve(enc.d.program, e);
    match is_logic(e) {
        true => e.children().into_iter().any(|c| has_constant(enc, c)),
        false => matches!(enc.d.atoms.get(&key(e)), Some(Atom::Fixed(_))),
    }
}

/// The rules (or moves) tried before the one looked at, each with its box, and the records they
/// take as unions of runs of them in order ([`Encoder::add_earlier`]).
#[derive(Clone, Copy)]
struct Earlier<'a> {
    each: &'a [(Bdd, CellBox)],
    unions: &'a [(Bdd, Range<usize>)],
}

/// Whether the earlier rules take every record of `can` (the records a rule matches), and if so
/// the indices of a minimal set of them that does.
///
/// Driven by records, not by rules: one record of those left (with every field it leaves open
/// missing, the record least likely to be taken) is tried against the earlier rules; when none
/// takes it the rule is alive — most live rules are found so, without building a BDD — and
/// otherwise the first that does is taken out of the records left. Only the rules some record
/// needs are ever combined. A record is tried against the unions of runs of earlier rules before
/// the rules of a run that takes it, so that a live rule is not tried against each earlier rule;
/// while one union holds them all, one operation with it says whether the rule is alive.
fn cover(enc: &mut Encoder<'_, '_>, can: &Bdd, earlier: Earlier<'_>) -> Result<Option<Vec<usize>>, Stop> {
    let missing = enc.all_missing().clone();
    let point = |path: BddPartialValuation| {
        let mut point = missing.clone();
        for (var, value) in path.to_values() {
            point.set_value(var, value);
        }
        point
    };
    if let [(all, _)] = earlier.unions {
        let first = can.first_clause().map(point);
        if first.is_some_and(|p| !all.eval_in(&p)) || !enc.and_not_valid(can, all)?.is_false() {
            return Ok(None);
        }
    }
    let ts = earlier.each;
    // The first earlier rule that takes `point`, looked for only in the runs whose union takes it.
    let taker = |point: &BddValuation| {
        let runs = earlier.unions.iter().filter(|(u, _)| u.eval_in(point));
        runs.flat_map(|(_, rules)| rules.clone()).find(|&j| ts[j].0.eval_in(point))
    };
    let mut rest = can.clone();
    let mut used = Vec::new();
    while let Some(path) = rest.first_clause() {
        let point = point(path);
        let Some(j) = taker(&point) else { return Ok(None) };
        rest = enc.and_not_valid(&rest, &ts[j].0)?;
        used.push(j);
    }
    used.sort_unstable();
    // rests[k]: the records of `can` that none of the first k rules used takes.
    let mut rests = vec![can.clone()];
    for &j in &used[..used.len().saturating_sub(1)] {
        let next = enc.and_not(rests.last().unwrap_or(can), &ts[j].0)?;
        rests.push(next);
    }
    minimal(enc, can, &used, &rests, ts).map(Some)
}

/// A minimal set of the rules `near` that takes every record of `can`, which all of them do:
/// from the last, each is dropped while the others still take them all. `rests[i]` holds the
/// records of `can` the first `i` rules leave (for every rule but the last), so only parts of
/// `can` are ever built.
fn minimal(
    enc: &mut Encoder<'_, '_>,
    can: &Bdd,
    near: &[usize],
    rests: &[Bdd],
    ts: &[(Bdd, CellBox)],
) -> Result<Vec<usize>, Stop> {
    let mut kept = Vec::new();
    // The records of `can` that the rules kept so far (after the i-th) leave.
    let mut left = can.clone();
    for i in (0..near.len()).rev() {
        let both = enc.and(&rests[i], &left)?;
        if !enc.valid_and(&both)?.is_false() {
            left = enc.and_not(&left, &ts[near[i]].0)?;
            kept.push(near[i]);
        }
    }
    kept.reverse();
    Ok(kept)
}

#[cfg(test)]
mod tests;
