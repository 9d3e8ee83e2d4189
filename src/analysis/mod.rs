//! Static analysis of a checked program: what no record can do and what some record does, proven
//! over a finite abstraction of records, before any data exists (docs/design/analysis.md).
//! Findings are diagnostics (`ladder::never_fires`, `ladder::falls_through`), rendered at the edge.

mod domain;
mod encode;
mod witness;

pub use encode::Stop;

use crate::diag::{Diagnostic, NeverWhy, Problem};
use crate::ir::{LadderId, Program};
use biodivine_lib_bdd::Bdd;
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
    let rules = enc.ladder(l)?;
    let valid = enc.valid.clone();
    // Rules after the first `otherwise` are `unreachable_rule` already.
    let last = decl.rules.iter().position(|r| r.cond.is_none()).unwrap_or(decl.rules.len().saturating_sub(1));
    for r in 0..=last.min(decl.rules.len().saturating_sub(1)) {
        let fires = enc.and(&valid, &rules.fires[r])?;
        if !fires.is_false() {
            continue;
        }
        let can = enc.and(&valid, &rules.t[r])?;
        let why = match can.is_false() {
            true => NeverWhy::Impossible,
            false => NeverWhy::Covered(
                cover(enc, &can, &rules.t[..r])?.into_iter().map(|j| decl.rules[j].level.clone()).collect(),
            ),
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
        let none = enc.and(&valid, &rules.fires[decl.rules.len()])?;
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

/// The indices of a minimal set of the earlier rules `ts` whose union takes all of `can` (which
/// the union of all of them does): each is dropped in turn while the rest still cover.
fn cover(enc: &mut Encoder<'_, '_>, can: &Bdd, ts: &[Bdd]) -> Result<Vec<usize>, Stop> {
    let mut kept: Vec<usize> = Vec::new();
    for (j, t) in ts.iter().enumerate() {
        if !enc.and(can, t)?.is_false() {
            kept.push(j);
        }
    }
    // Dropping rules one by one costs a union per rule; past this many, all are named.
    if kept.len() <= 40 {
        let mut i = kept.len();
        while i > 0 {
            i -= 1;
            let mut union = enc.ff();
            for (k, &j) in kept.iter().enumerate() {
                if k != i {
                    union = enc.or(&union, &ts[j])?;
                }
            }
            if enc.and_not(can, &union)?.is_false() {
                kept.remove(i);
            }
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests;
