//! Conditions as pairs of BDDs over the cells of the domain: when a condition is true, when it is
//! false (unknown is neither), as `eval.rs` decides them.

use super::boxes::CellBox;
use super::domain::{is_logic, key, resolve, Atom, Domain};
use crate::eval::Frame;
use crate::ir::{Expr, Group, LadderId};
use biodivine_lib_bdd::{
    op_function, Bdd, BddNode, BddPartialValuation, BddPointer, BddValuation, BddVariable, BddVariableSet,
};
use std::collections::HashMap;
use std::ops::Range;

/// The largest BDD one operation may build, in nodes.
const OP_LIMIT: usize = 200_000;

/// Cells of a field in a row, and an atom's truth on each of them.
type Run = (Range<usize>, Option<bool>);

/// The largest union of a run of a ladder's earlier rules: the rules of a long ladder over few
/// fields stay below it (a 5,000-rule ladder of three fields: about 550 nodes), while those over
/// many fields, or stepping a score's and a field's thresholds together, outgrow it after a few
/// dozen rules, and then an operation with the union costs more than trying the rules one by one.
const UNION_LIMIT: usize = 2_000;

/// The largest union of a later run of earlier rules, once the first has outgrown
/// [`UNION_LIMIT`]: only tried against single records, it is kept smaller, so that adding a rule
/// to it stays cheap.
const RUN_LIMIT: usize = 500;

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
    /// `ranges[field]`: the field's codes that are cells (see [`Encoder::valid_and`]).
    ranges: Vec<Bdd>,
    /// `both[n]`: opaque atom n both true and false, which no record can be.
    both: Vec<Bdd>,
    /// The field each variable before the opaque atoms' encodes.
    field_of: Vec<usize>,
    minterms: Vec<Vec<Bdd>>,
    /// [`Encoder::all_missing`], made once.
    missing: BddValuation,
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
            ranges: Vec::new(),
            both: Vec::new(),
            field_of: bits.iter().enumerate().flat_map(|(f, b)| std::iter::repeat_n(f, b.map_or(0, |b| b.1))).collect(),
            vars,
            bits,
            opaque_start,
            minterms: Vec::new(),
            missing: BddValuation::all_false(total),
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
            let range = e.cells_in(f, std::iter::once(0..n))?;
            e.ranges.push(range);
            e.minterms.push(terms);
        }
        for n in 0..d.opaque.len() {
            let (t, f) = e.opaque(n);
            let both = e.and(&t, &f)?;
            e.both.push(both);
        }
        e.missing = e.missing_record();
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
    pub(super) fn all_missing(&self) -> &BddValuation {
        &self.missing
    }

    fn missing_record(&self) -> BddValuation {
        let mut point = BddValuation::all_false(self.vars.num_vars());
        for (f, cells) in self.d.cells.iter().enumerate() {
            let (Some(cells), Some((start, n))) = (cells, self.bits[f]) else { continue };
            let cell = if self.d.required(f) { 0 } else { cells.len() - 1 };
            for k in 0..n {
                point.set_value(self.var(start + k), cell >> k & 1 == 1);
            }
        }
        point
    }

    /// Field `field` in its cell `i` (any record when the field has no cells), with its box.
    pub(super) fn cell(&self, field: usize, i: usize) -> (Bdd, CellBox) {
        match &self.d.cells[field] {
            Some(_) => (self.minterms[field][i].clone(), CellBox::field(field, std::iter::once(i..i + 1))),
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

    /// The records of `b` that can be: each field `b` reads in one of its cells, no opaque atom it
    /// reads both true and false. What `b` does not read it leaves free, and a field or atom left
    /// free can always take a value that can be, so the result has a record exactly when some
    /// record that can be is in `b` — without carrying every field and atom of the program into
    /// every test (a ladder of thousands of scores made each test as long as the program).
    pub(super) fn valid_and(&mut self, b: &Bdd) -> Result<Bdd, Stop> {
        self.valid_past(b, &self.tt())
    }

    /// [`Encoder::valid_and`] for a `b` whose records already can be as far as the fields and
    /// atoms `known` reads go.
    fn valid_past(&mut self, b: &Bdd, known: &Bdd) -> Result<Bdd, Stop> {
        let known = known.support_set();
        let (mut fields, mut atoms) = (Vec::new(), Vec::new());
        for v in b.support_set().into_iter().filter(|v| !known.contains(v)) {
            match v.to_index().checked_sub(self.opaque_start) {
                Some(k) => atoms.push(k / 2),
                None => fields.push(self.field_of[v.to_index()]),
            }
        }
        fields.sort_unstable();
        fields.dedup();
        atoms.sort_unstable();
        atoms.dedup();
        if fields.is_empty() && atoms.is_empty() {
            return Ok(b.clone());
        }
        // The ranges and atoms are small and apart: joined first, they make one pass over `b`
        // instead of one for each.
        let mut valid = self.tt();
        for f in fields {
            valid = self.and(&valid, &self.ranges[f].clone())?;
        }
        for n in atoms {
            valid = self.and_not(&valid, &self.both[n].clone())?;
        }
        self.and(b, &valid)
    }

    /// The records of `a`, which can be, that are not in `b` (see [`Encoder::valid_and`]).
    pub(super) fn and_not_valid(&mut self, a: &Bdd, b: &Bdd) -> Result<Bdd, Stop> {
        let r = self.and_not(a, b)?;
        self.valid_past(&r, a)
    }

    /// Adds `b`, the records of earlier rule `i`, to `unions`: the records the earlier rules take,
    /// as unions of runs of rules in order, each kept within [`UNION_LIMIT`] nodes — one union
    /// while it stays small, then as many as it takes.
    pub(super) fn add_earlier(&mut self, unions: &mut Vec<(Bdd, Range<usize>)>, b: &Bdd, i: usize) -> Result<(), Stop> {
        let limit = if unions.len() > 1 { RUN_LIMIT } else { UNION_LIMIT };
        if let Some((u, rules)) = unions.last_mut() {
            if let Some(w) = Bdd::binary_op_with_limit(limit, u, b, op_function::or) {
                *u = self.spend(Some(w))?;
                rules.end = i + 1;
                return Ok(());
            }
        }
        unions.push((b.clone(), i..i + 1));
        Ok(())
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
                let runs = self.runs(field, e)?;
                let of = |truth| runs.iter().filter(move |(_, t)| *t == Some(truth)).map(|(r, _)| r.clone());
                Pair {
                    t: self.cells_in(field, of(true))?,
                    f: self.cells_in(field, of(false))?,
                    tb: CellBox::field(field, of(true)),
                    fb: CellBox::field(field, of(false)),
                }
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

    /// The truth of atom `e`, which reads only `field` (or score: [`Domain::score`]), on its cells: runs of cells of one
    /// truth, in order. It is tried on each cell it marks and on one cell between two marks
    /// ([`Domain::marks`]), so that a ladder of many rules is not tried on every cell of every
    /// field for every rule.
    fn runs(&self, field: usize, e: &'p Expr) -> Result<Vec<Run>, Stop> {
        let Some(cells) = &self.d.cells[field] else { return Err(Stop::Unknown) };
        let n = cells.len();
        let ctx = self.d.ctx();
        let mut frame = Frame::new(self.d.program);
        let score = self.d.score(field);
        let mut truth = |i: usize| {
            frame.clear_cache();
            match score {
                Some(s) => frame.assume_score(s, cells.value(i)),
                None => frame.fields[field] = cells.value(i),
            }
            ctx.eval(e, &mut frame).truth()
        };
        let mut runs: Vec<Run> = Vec::new();
        let mut push = |r: Range<usize>, t: Option<bool>| match runs.last_mut() {
            Some((last, u)) if *u == t => last.end = r.end,
            _ => runs.push((r, t)),
        };
        match self.d.marks.get(&key(e)) {
            None => (0..n).for_each(|i| push(i..i + 1, truth(i))),
            Some(marks) => {
                let mut start = 0;
                for &m in marks.iter().chain([&n]) {
                    if start < m {
                        push(start..m, truth(start));
                    }
                    if m < n {
                        push(m..m + 1, truth(m));
                    }
                    start = m + 1;
                }
            }
        }
        Ok(runs)
    }

    /// Field `field` in one of the cells of `runs` (in order): a BDD made node by node for each
    /// run, where a union of one BDD per cell was most of the work of encoding a long ladder.
    fn cells_in(&mut self, field: usize, runs: impl Iterator<Item = Range<usize>>) -> Result<Bdd, Stop> {
        let Some((start, n)) = self.bits[field] else { return Ok(self.ff()) };
        let mut out = self.ff();
        for r in runs {
            let run = codes(self.vars.num_vars(), start, n, r)?;
            out = if out.is_false() { run } else { self.or(&out, &run)? };
        }
        self.spend(Some(out))
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

/// The codes `r` of a field whose code's bit `k` is variable `start + k` (of `n`), as a reduced
/// BDD made node by node. The lowest bit is read first: a node stands for how the bits read so
/// far compare with `r.start`'s and `r.end`'s (whether they are as large or larger), so there
/// are at most four nodes a bit, each made once, after its children; the root comes last.
fn codes(vars: u16, start: usize, n: usize, r: Range<usize>) -> Result<Bdd, Stop> {
    let (a, b) = (r.start, r.end);
    // A code is never as large as an end past every code.
    let b_reached = b >> n == 0;
    let mut nodes = vec![BddNode::mk_zero(vars), BddNode::mk_one(vars)];
    // made[k][s]: the node of bit k in state s (bit 0: at least a so far, bit 1: at least b).
    let mut made = vec![[None::<usize>; 4]; n];
    fn node(
        k: usize,
        s: usize,
        (n, a, b, b_reached, start): (usize, usize, usize, bool, usize),
        nodes: &mut Vec<BddNode>,
        made: &mut [[Option<usize>; 4]],
    ) -> usize {
        if k == n {
            return usize::from(s == 1);
        }
        if let Some(p) = made[k][s] {
            return p;
        }
        // Reading bit k: a bit larger than the bound's makes the code larger, a smaller one
        // smaller, an equal one leaves the comparison of the lower bits.
        let next = |x: usize| {
            let ge = |bound: usize, was: bool| match (x, bound >> k & 1) {
                (1, 0) => true,
                (0, 1) => false,
                _ => was,
            };
            usize::from(ge(a, s & 1 == 1)) | usize::from(b_reached && ge(b, s & 2 == 2)) << 1
        };
        let ctx = (n, a, b, b_reached, start);
        let low = node(k + 1, next(0), ctx, nodes, made);
        let high = node(k + 1, next(1), ctx, nodes, made);
        let p = match low == high {
            true => low,
            false => {
                let var = BddVariable::from_index(start + k);
                let same = made[k].iter().flatten().copied().find(|&p| {
                    nodes[p].var == var && nodes[p].low_link.to_index() == low && nodes[p].high_link.to_index() == high
                });
                same.unwrap_or_else(|| {
                    nodes.push(BddNode::mk_node(var, BddPointer::from_index(low), BddPointer::from_index(high)));
                    nodes.len() - 1
                })
            }
        };
        made[k][s] = Some(p);
        p
    }
    // Before any bit is read, a code is as large as either bound (an end past every code aside).
    let root = node(0, 1 | usize::from(b_reached) << 1, (n, a, b, b_reached, start), &mut nodes, &mut made);
    if root >= 2 && root + 1 != nodes.len() {
        return Err(Stop::Unknown);
    }
    // The zero node alone is false, and with the one node, true.
    let nodes = if root < 2 { &nodes[..=root] } else { &nodes[..] };
    Bdd::from_nodes(nodes).map_err(|_| Stop::Unknown)
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
