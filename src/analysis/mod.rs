//! Static analysis of a checked program: what no record can do and what some record does, proven
//! over a finite abstraction of records, before any data exists (docs/design/analysis.md).
//! Findings are diagnostics (`ladder::never_fires`, `ladder::falls_through`), rendered at the edge.

mod boxes;
mod domain;
mod encode;
mod suggest;
mod witness;

pub use encode::Stop;
pub use suggest::{fields_read, with_finder, Aim, Candidate, Finder, Given, NoRecord};

use crate::diag::{Diagnostic, NeverWhy, Problem};
use crate::ir::{LadderId, Program};
use biodivine_lib_bdd::Bdd;
use boxes::CellBox;
use domain::Domain;
use encode::Encoder;
use jiff::civil::Date;

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
}

/// Analyses the ladders of an error-free `program`, with `today` as the reference day for
/// dates relative to it (findings do not depend on it; witnesses' dates do).
pub fn analyse(program: &Program, today: Date) -> Analysis {
    analyse_with(program, today, WORK)
}

/// [`analyse`] with a budget of `work` BDD nodes.
pub fn analyse_with(program: &Program, today: Date, work: usize) -> Analysis {
    let conds: Vec<_> = program.ladders.iter().flat_map(|l| l.rules.iter().filter_map(|r| r.cond.as_ref())).collect();
    let domain = Domain::new(program, today, &conds);
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
    for l in 0..program.ladders.len() {
        if let Err(stop) = ladder(&mut enc, l, &mut out) {
            out.stopped = Some(stop);
            break;
        }
    }
    out
}

/// The findings of one ladder.
fn ladder(enc: &mut Encoder<'_, '_>, l: LadderId, out: &mut Analysis) -> Result<(), Stop> {
    let program = enc.d.program;
    let decl = &program.ladders[l];
    let conds = enc.conds(l)?;
    let valid = enc.valid.clone();
    // Rules after the first `otherwise` are `unreachable_rule` already.
    let last = decl.rules.iter().position(|r| r.cond.is_none()).map_or(decl.rules.len(), |i| i + 1);
    for r in 0..last {
        let can = enc.and(&valid, &conds[r].0)?;
        let why = match can.is_false() {
            true => NeverWhy::Impossible,
            false => match cover(enc, &can, &conds[r].1, &conds[..r])? {
                Some(rules) => NeverWhy::Covered(rules.into_iter().map(|j| decl.rules[j].level.clone()).collect()),
                None => continue,
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
        let none = enc.and(&valid, &fires[decl.rules.len()])?;
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

/// Whether the earlier rules `ts` take every record of `can` (the records a rule matches), and
/// if so the indices of a minimal set of them that does.
///
/// The records left are narrowed rule by rule; after each, one of them (with every field it
/// leaves open missing) is tried against the rules still to come, and when none of them takes
/// it the rule is alive — most live rules are found so, without building large BDDs.
fn cover(
    enc: &mut Encoder<'_, '_>,
    can: &Bdd,
    within: &CellBox,
    ts: &[(Bdd, CellBox)],
) -> Result<Option<Vec<usize>>, Stop> {
    let near: Vec<usize> = (0..ts.len()).filter(|&j| !ts[j].1.disjoint(within)).collect();
    let missing = enc.all_missing();
    let mut rest = can.clone();
    let mut used = 0;
    for (k, &j) in near.iter().enumerate() {
        if let Some(point) = rest.first_clause().map(|path| {
            let mut point = missing.clone();
            for (var, value) in path.to_values() {
                point.set_value(var, value);
            }
            point
        }) {
            if near[k..].iter().all(|&i| !ts[i].0.eval_in(&point)) {
                return Ok(None);
            }
        }
        rest = enc.and_not(&rest, &ts[j].0)?;
        used = k + 1;
        if rest.is_false() {
            break;
        }
    }
    if !rest.is_false() {
        return Ok(None);
    }
    minimal(enc, can, &near[..used], ts).map(Some)
}

/// A minimal set of the rules `near` whose union holds `can`, which all of them do: from the
/// last, each is dropped while the others still cover. Only their parts inside `can` are built.
fn minimal(enc: &mut Encoder<'_, '_>, can: &Bdd, near: &[usize], ts: &[(Bdd, CellBox)]) -> Result<Vec<usize>, Stop> {
    let mut kept: Vec<(usize, Bdd)> = Vec::new();
    // before[i]: the union of the parts before the i-th, which dropping later ones leaves alone.
    let mut before = vec![enc.ff()];
    for &j in near {
        let part = enc.and(can, &ts[j].0)?;
        if !part.is_false() {
            let union = enc.or(before.last().unwrap_or(&part), &part)?;
            before.push(union);
            kept.push((j, part));
        }
    }
    let mut after = enc.ff();
    let mut i = kept.len();
    while i > 0 {
        i -= 1;
        let others = enc.or(&before[i], &after)?;
        if enc.and_not(can, &others)?.is_false() {
            kept.remove(i);
        } else {
            after = enc.or(&after, &kept[i].1)?;
        }
    }
    Ok(kept.into_iter().map(|(j, _)| j).collect())
}

#[cfg(test)]
mod tests;
