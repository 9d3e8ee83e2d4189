//! Conditions as pairs of BDDs over the cells of the domain: when a condition is true, when it is
//! false (unknown is neither), as `eval.rs` decides them.

use super::boxes::CellBox;
use super::domain::{is_logic, key, resolve, Atom, Domain};
use crate::eval::Frame;
use crate::ir::{Expr, Group, LadderId};
use biodivine_lib_bdd::{op_function, Bdd, BddPartialValuation, BddValuation, BddVariable, BddVariableSet};
use std::collections::HashMap;

/// The largest BDD one operation may build, in nodes.
const OP_LIMIT: usize = 200_000;

/// How long one program's analysis may take where there is a clock (not in a browser, where the
/// node budget alone bounds it).
pub const TIME: std::time::Duration = std::time::Duration::from_millis(1500);

#[cfg(not(target_arch = "wasm32"))]
fn clock() -> Option<std::time::Instant> {
    Some(std::time::Instant::now())
}

#[cfg(target_arch = "wasm32")]
fn clock() -> Option<std::time::Instant> {
    None
}

/// Why an analysis stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The BDDs grew beyond the budget.
    Budget,
    /// The analysis took longer than [`TIME`].
    Time,
    /// A condition the domain did not classify (a defect of the analysis, never a finding).
    Unknown,
}

/// When a condition is true and when it is false.
#[derive(Clone)]
pub(super) struct Pair {
    pub(super) t: Bdd,
    pub(super) f: Bdd,
    /// Boxes around `t` and `f`.
    pub(super) tb: CellBox,
    pub(super) fb: CellBox,
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
    /// `conds[l][r]`: rule r of ladder l is true (`otherwise`: always), and its box; built once.
    conds: Vec<Option<Vec<(Bdd, CellBox)>>>,
    /// `fires[l][r]`: rule r is the one that fires; the last entry: none fires. Built when needed.
    fires: Vec<Option<Vec<Bdd>>>,
    /// When the analysis gives up, on the platforms that have a clock.
    deadline: Option<std::time::Instant>,
    /// Nodes left to build before the analysis stops.
    work: usize,
    ops: usize,
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
            conds: vec![None; d.program.ladders.len()],
            fires: vec![None; d.program.ladders.len()],
            deadline: clock().map(|now| now + TIME),
            work,
            ops: 0,
        };
        for f in 0..d.cells.len() {
            let n = d.cells[f].as_ref().map_or(0, |c| c.len());
            let terms: Vec<Bdd> = (0..n).map(|i| e.minterm(f, i)).collect();
            if n > 0 {
                let any = e.cells_where(f, |_| true)?;
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

    /// Gives the analysis another [`TIME`] from now (`--suggest` asks it one question per item).
    pub(super) fn renew(&mut self) {
        self.deadline = clock().map(|now| now + TIME);
    }

    pub(super) fn var(&self, i: usize) -> BddVariable {
        BddVariable::from_index(i)
    }

    /// The field's first variable and its number of bits, when the field has cells.
    pub(super) fn bits(&self, field: usize) -> Option<(usize, usize)> {
        self.bits[field]
    }

    fn minterm(&self, f: usize, cell: usize) -> Bdd {
        match self.clause(f, cell) {
            Some(c) => self.vars.mk_conjunctive_clause(&c),
            None => self.vars.mk_false(),
        }
    }

    /// The values of field `f`'s variables in its cell `cell`, when the field has cells.
    fn clause(&self, f: usize, cell: usize) -> Option<BddPartialValuation> {
        let (start, n) = self.bits[f]?;
        let values: Vec<(BddVariable, bool)> = (0..n).map(|k| (self.var(start + k), cell >> k & 1 == 1)).collect();
        Some(BddPartialValuation::from_values(&values))
    }

    /// The record with each field in its missing cell (or its first, for a required field) and
    /// every opaque atom unknown.
    pub(super) fn all_missing(&self) -> BddValuation {
        let mut point = BddValuation::all_false(self.vars.num_vars());
        for (f, cells) in self.d.cells.iter().enumerate() {
            let (Some(cells), Some((start, n))) = (cells, self.bits[f]) else { continue };
            let cell = (0..cells.len()).find(|&i| cells.value(i).is_missing()).unwrap_or(0);
            for k in 0..n {
                point.set_value(self.var(start + k), cell >> k & 1 == 1);
            }
        }
        point
    }

    /// Field `field` in its cell `i` (any record when the field has no cells), with its box.
    pub(super) fn cell(&self, field: usize, i: usize) -> (Bdd, CellBox) {
        match &self.d.cells[field] {
            Some(cells) => (self.minterms[field][i].clone(), CellBox::field(field, (0..cells.len()).map(|k| k == i))),
            None => (self.tt(), CellBox::full()),
        }
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
        // The clock is read every so often, not on every operation.
        self.ops += 1;
        if self.ops.is_multiple_of(256) && self.deadline.zip(clock()).is_some_and(|(end, now)| now > end) {
            return Err(Stop::Time);
        }
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
            let fneed = (n + 1).checked_sub(need);
            let f = match fneed {
                Some(k) => self.at_least(k, &fs)?,
                None => self.ff(),
            };
            let tb = at_least_box(need, pairs.iter().map(|p| &p.tb));
            let fb = at_least_box(fneed.unwrap_or(0), pairs.iter().map(|p| &p.fb));
            Pair { t, f, tb, fb }
        } else if let crate::ir::ExprKind::Not(x) = &e.kind {
            let p = self.pair(x)?;
            Pair { t: p.f, f: p.t, tb: p.fb, fb: p.tb }
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
        // `and` and `or` chains, by far the most common, without the counting table.
        if k == xs.len() || k == 1 {
            let all = k == xs.len();
            let mut acc = if all { self.tt() } else { self.ff() };
            for x in xs {
                acc = if all { self.and(&acc, x)? } else { self.or(&acc, x)? };
            }
            return Ok(acc);
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
                tb: CellBox::full(),
                fb: CellBox::full(),
            },
            Atom::Opaque(n) => {
                let (t, f) = self.opaque(n);
                Pair { t, f, tb: CellBox::full(), fb: CellBox::full() }
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
                let t = self.cells_where(field, |i| truths[i] == Some(true))?;
                let f = self.cells_where(field, |i| truths[i] == Some(false))?;
                let tb = CellBox::field(field, truths.iter().map(|t| *t == Some(true)));
                let fb = CellBox::field(field, truths.iter().map(|t| *t == Some(false)));
                Pair { t, f, tb, fb }
            }
            Atom::Ladder(l) => {
                let fires = self.fires(l)?;
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

    /// Field `field` in one of the cells where `yes` holds, built at once rather than as a union
    /// of cells (a union per cell is most of the work of encoding a long ladder).
    fn cells_where(&mut self, field: usize, yes: impl Fn(usize) -> bool) -> Result<Bdd, Stop> {
        let (Some(cells), Some((start, n))) = (&self.d.cells[field], self.bits[field]) else { return Ok(self.ff()) };
        let clauses: Vec<BddPartialValuation> = (0..cells.len())
            .filter(|&i| yes(i))
            .map(|i| {
                BddPartialValuation::from_values(
                    &(0..n).map(|k| (self.var(start + k), i >> k & 1 == 1)).collect::<Vec<_>>(),
                )
            })
            .collect();
        let b = self.vars.mk_dnf(&clauses);
        self.spend(Some(b))
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
        Ok(Pair { t, f, tb: CellBox::full(), fb: CellBox::full() })
    }

    /// When each rule of ladder `l` is true (`otherwise`: always), built once.
    pub(super) fn conds(&mut self, l: LadderId) -> Result<Vec<(Bdd, CellBox)>, Stop> {
        if let Some(c) = &self.conds[l] {
            return Ok(c.clone());
        }
        let mut out = Vec::new();
        for rule in &self.d.program.ladders[l].rules {
            out.push(match &rule.cond {
                None => (self.tt(), CellBox::full()),
                Some(c) => {
                    let p = self.pair(c)?;
                    (p.t, p.tb)
                }
            });
        }
        self.conds[l] = Some(out.clone());
        Ok(out)
    }

    /// When each rule of ladder `l` is the one that fires, and (last) when none does.
    pub(super) fn fires(&mut self, l: LadderId) -> Result<Vec<Bdd>, Stop> {
        if let Some(f) = &self.fires[l] {
            return Ok(f.clone());
        }
        let conds = self.conds(l)?;
        let mut fires = Vec::new();
        let mut covered = self.ff();
        for (cond, _) in &conds {
            fires.push(self.and_not(cond, &covered)?);
            covered = self.or(&covered, cond)?;
        }
        fires.push(covered.not());
        self.fires[l] = Some(fires.clone());
        Ok(fires)
    }
}

/// The box of "at least `k` of the parts": all of them when `k` is their number, any of them
/// (over-approximated) otherwise, anything when `k` is 0.
fn at_least_box<'a>(k: usize, parts: impl ExactSizeIterator<Item = &'a CellBox>) -> CellBox {
    let n = parts.len();
    let mut boxes = parts;
    let Some(first) = boxes.next() else { return CellBox::full() };
    match k {
        0 => CellBox::full(),
        k if k == n => boxes.fold(first.clone(), |acc, b| acc.and(b)),
        _ => boxes.fold(first.clone(), |acc, b| acc.or(b)),
    }
}
