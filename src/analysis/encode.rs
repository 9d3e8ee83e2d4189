//! Conditions as pairs of BDDs over the cells of the domain: when a condition is true, when it is
//! false (unknown is neither), as `eval.rs` decides them.

use super::domain::{is_logic, key, resolve, Atom, Domain};
use crate::eval::Frame;
use crate::ir::{Expr, Group, LadderId};
use biodivine_lib_bdd::{op_function, Bdd, BddVariable, BddVariableSet};
use std::collections::HashMap;

/// The largest BDD one operation may build, in nodes.
const OP_LIMIT: usize = 200_000;

/// Why an analysis stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The BDDs grew beyond the budget.
    Budget,
    /// A condition the domain did not classify (a defect of the analysis, never a finding).
    Unknown,
}

/// When a condition is true and when it is false.
#[derive(Clone)]
pub(super) struct Pair {
    pub(super) t: Bdd,
    pub(super) f: Bdd,
}

/// The rules of a ladder as BDDs.
#[derive(Clone)]
pub(super) struct Rules {
    /// `t[r]`: rule r's condition is true (`otherwise`: always).
    pub(super) t: Vec<Bdd>,
    /// `fires[r]`: rule r is the one that fires; the last entry: none fires.
    pub(super) fires: Vec<Bdd>,
}

pub(super) struct Encoder<'d, 'p> {
    pub(super) d: &'d Domain<'p>,
    vars: BddVariableSet,
    /// `bits[field]`: the field's first variable and how many encode its cell.
    bits: Vec<Option<(usize, usize)>>,
    opaque_start: usize,
    /// Codes that are cells, and opaque atoms not both true and false.
    pub(super) valid: Bdd,
    minterms: Vec<Vec<Bdd>>,
    memo: HashMap<usize, Pair>,
    ladders: Vec<Option<Rules>>,
    /// Nodes left to build before the analysis stops.
    work: usize,
}

fn width(cells: usize) -> usize {
    (usize::BITS - cells.saturating_sub(1).leading_zeros()) as usize
}

impl<'d, 'p> Encoder<'d, 'p> {
    /// Variables for the domain `d`, with `work` nodes to spend.
    pub(super) fn new(d: &'d Domain<'p>, work: usize) -> Result<Self, Stop> {
        let mut bits = Vec::new();
        let mut next = 0;
        for cells in &d.cells {
            bits.push(cells.as_ref().map(|c| {
                let b = (next, width(c.len()));
                next += b.1;
                b
            }));
        }
        let opaque_start = next;
        let total = u16::try_from(next + 2 * d.opaque.len()).map_err(|_| Stop::Budget)?;
        let vars = BddVariableSet::new_anonymous(total);
        let mut e = Encoder {
            d,
            valid: vars.mk_true(),
            vars,
            bits,
            opaque_start,
            minterms: Vec::new(),
            memo: HashMap::new(),
            ladders: vec![None; d.program.ladders.len()],
            work,
        };
        for f in 0..d.cells.len() {
            let n = d.cells[f].as_ref().map_or(0, |c| c.len());
            let terms: Vec<Bdd> = (0..n).map(|i| e.minterm(f, i)).collect();
            let mut any = e.vars.mk_false();
            for t in &terms {
                any = e.or(&any, t)?;
            }
            if n > 0 {
                e.valid = e.and(&e.valid.clone(), &any)?;
            }
            e.minterms.push(terms);
        }
        for n in 0..d.opaque.len() {
            let (t, f) = e.opaque(n);
            let both = e.and(&t, &f)?;
            e.valid = e.valid.and_not(&both);
        }
        Ok(e)
    }

    pub(super) fn var(&self, i: usize) -> BddVariable {
        BddVariable::from_index(i)
    }

    /// The field's first variable and its number of bits, when the field has cells.
    pub(super) fn bits(&self, field: usize) -> Option<(usize, usize)> {
        self.bits[field]
    }

    fn minterm(&self, f: usize, cell: usize) -> Bdd {
        let Some((start, n)) = self.bits[f] else { return self.vars.mk_false() };
        let mut b = self.vars.mk_true();
        for k in 0..n {
            b = b.and(&self.vars.mk_literal(self.var(start + k), cell >> k & 1 == 1));
        }
        b
    }

    fn opaque(&self, n: usize) -> (Bdd, Bdd) {
        let t = self.opaque_start + 2 * n;
        (self.vars.mk_var(self.var(t)), self.vars.mk_var(self.var(t + 1)))
    }

    pub(super) fn tt(&self) -> Bdd {
        self.vars.mk_true()
    }

    pub(super) fn ff(&self) -> Bdd {
        self.vars.mk_false()
    }

    fn spend(&mut self, b: Option<Bdd>) -> Result<Bdd, Stop> {
        let b = b.ok_or(Stop::Budget)?;
        self.work = self.work.checked_sub(b.size()).ok_or(Stop::Budget)?;
        Ok(b)
    }

    pub(super) fn and(&mut self, a: &Bdd, b: &Bdd) -> Result<Bdd, Stop> {
        let r = Bdd::binary_op_with_limit(OP_LIMIT, a, b, op_function::and);
        self.spend(r)
    }

    pub(super) fn or(&mut self, a: &Bdd, b: &Bdd) -> Result<Bdd, Stop> {
        let r = Bdd::binary_op_with_limit(OP_LIMIT, a, b, op_function::or);
        self.spend(r)
    }

    pub(super) fn and_not(&mut self, a: &Bdd, b: &Bdd) -> Result<Bdd, Stop> {
        let r = Bdd::binary_op_with_limit(OP_LIMIT, a, b, op_function::and_not);
        self.spend(r)
    }

    /// When condition `e` is true and when it is false.
    pub(super) fn pair(&mut self, e: &'p Expr) -> Result<Pair, Stop> {
        let e = resolve(self.d.program, e);
        if let Some(p) = self.memo.get(&key(e)) {
            return Ok(p.clone());
        }
        let p = if let Some((group, parts)) = e.logic() {
            let pairs = parts.iter().map(|x| self.pair(x)).collect::<Result<Vec<_>, _>>()?;
            let ts: Vec<Bdd> = pairs.iter().map(|p| p.t.clone()).collect();
            let fs: Vec<Bdd> = pairs.iter().map(|p| p.f.clone()).collect();
            let n = parts.len();
            // As `eval.rs` counts: true with N true parts, false when fewer than N can be.
            let need = match group {
                Group::All => n,
                Group::Any => 1,
                Group::AtLeast(k) => k as usize,
            };
            let t = self.at_least(need, &ts)?;
            let f = match (n + 1).checked_sub(need) {
                Some(k) => self.at_least(k, &fs)?,
                None => self.ff(),
            };
            Pair { t, f }
        } else if let crate::ir::ExprKind::Not(x) = &e.kind {
            let p = self.pair(x)?;
            Pair { t: p.f, f: p.t }
        } else {
            debug_assert!(!is_logic(e));
            self.atom(e)?
        };
        self.memo.insert(key(e), p.clone());
        Ok(p)
    }

    /// At least `k` of `xs` hold.
    fn at_least(&mut self, k: usize, xs: &[Bdd]) -> Result<Bdd, Stop> {
        if k > xs.len() {
            return Ok(self.ff());
        }
        let mut dp = vec![self.ff(); k + 1];
        dp[0] = self.tt();
        for x in xs {
            for j in (1..=k).rev() {
                let step = self.and(&dp[j - 1], x)?;
                dp[j] = self.or(&dp[j], &step)?;
            }
        }
        Ok(dp[k].clone())
    }

    fn atom(&mut self, e: &'p Expr) -> Result<Pair, Stop> {
        let atom = self.d.atoms.get(&key(e)).cloned().ok_or(Stop::Unknown)?;
        Ok(match atom {
            Atom::Fixed(v) => Pair {
                t: if v == Some(true) { self.tt() } else { self.ff() },
                f: if v == Some(false) { self.tt() } else { self.ff() },
            },
            Atom::Opaque(n) => {
                let (t, f) = self.opaque(n);
                Pair { t, f }
            }
            Atom::Field(field) => {
                let Some(cells) = &self.d.cells[field] else { return Err(Stop::Unknown) };
                let ctx = self.d.ctx();
                let mut frame = Frame::new(self.d.program);
                let truths: Vec<Option<bool>> = (0..cells.len())
                    .map(|i| {
                        frame.fields[field] = cells.value(i);
                        frame.clear_cache();
                        ctx.eval(e, &mut frame).truth()
                    })
                    .collect();
                let terms = self.minterms[field].clone();
                self.by_truth(&truths, &terms)?
            }
            Atom::Ladder(l) => {
                let fires = self.ladder(l)?.fires;
                let ctx = self.d.ctx();
                let mut frame = Frame::new(self.d.program);
                let truths: Vec<Option<bool>> = (0..fires.len())
                    .map(|r| {
                        frame.clear_cache();
                        frame.assume_grade(l, (r + 1 < fires.len()).then_some(r));
                        ctx.eval(e, &mut frame).truth()
                    })
                    .collect();
                self.by_truth(&truths, &fires)?
            }
        })
    }

    /// The union of the parts where the truth is true, and where it is false.
    fn by_truth(&mut self, truths: &[Option<bool>], parts: &[Bdd]) -> Result<Pair, Stop> {
        let (mut t, mut f) = (self.ff(), self.ff());
        for (truth, part) in truths.iter().zip(parts) {
            match truth {
                Some(true) => t = self.or(&t, part)?,
                Some(false) => f = self.or(&f, part)?,
                None => {}
            }
        }
        Ok(Pair { t, f })
    }

    /// Ladder `l`'s rules as BDDs, built once.
    pub(super) fn ladder(&mut self, l: LadderId) -> Result<Rules, Stop> {
        if let Some(r) = &self.ladders[l] {
            return Ok(r.clone());
        }
        let program = self.d.program;
        let mut t = Vec::new();
        let mut fires = Vec::new();
        let mut covered = self.ff();
        for rule in &program.ladders[l].rules {
            let cond = match &rule.cond {
                None => self.tt(),
                Some(c) => self.pair(c)?.t,
            };
            fires.push(self.and_not(&cond, &covered)?);
            covered = self.or(&covered, &cond)?;
            t.push(cond);
        }
        fires.push(covered.not());
        let rules = Rules { t, fires };
        self.ladders[l] = Some(rules.clone());
        Ok(rules)
    }
}
