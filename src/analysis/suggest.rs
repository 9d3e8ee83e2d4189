//! Candidate records for `ladder test --suggest`: for a rule, a move or a part of a condition, the
//! records of a BDD path that make it fire, move or be true while it is tried. They are only
//! candidates: `testing::suggest` runs each through the evaluator and the coverage machinery and
//! keeps one that does what was asked.

use super::domain::Domain;
use super::encode::{Encoder, Stop};
use super::witness::shown;
use super::WORK;
use crate::diag::Shown;
use crate::ir::{Const, Expr, ExprKind, FieldId, FieldType, LadderId, Named, Program, Target, TransId};
use crate::value::{Decimal, Value};
use biodivine_lib_bdd::{Bdd, BddPartialValuation, BddValuation};
use jiff::civil::Date;

/// How many paths of a BDD are made into records.
const PATHS: usize = 24;

/// What a record should do.
#[derive(Debug, Clone, Copy)]
pub enum Aim<'p> {
    /// Rule `rule` of ladder `ladder` is the one that fires.
    Fires { ladder: LadderId, rule: usize },
    /// Move `step` of transition set `set` moves the record.
    Moves { set: TransId, step: usize },
    /// `part` is true while rule `rule` of `ladder` is tried; with `fires`, the rule then fires.
    PartOfRule { ladder: LadderId, rule: usize, part: &'p Expr, fires: bool },
    /// `part` is true while move `step` of `set` is tried; with `fires`, the move then moves.
    PartOfMove { set: TransId, step: usize, part: &'p Expr, fires: bool },
}

/// Why no record was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRecord {
    /// No record can do it, as the analysis proves.
    Impossible,
    /// The analysis stopped (budget, time) or met a condition it does not classify.
    Stopped(Stop),
}

/// A record: the fields it gives, each as the data would hold it (missing fields left out).
pub type Given = Vec<(FieldId, Shown)>;

/// A candidate record: `nice` has round numbers inside the same cells as `exact`; try it first.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub nice: Given,
    pub exact: Given,
}

/// Finds candidate records for the conditions of one program.
pub struct Finder<'d, 'p> {
    enc: Result<Encoder<'d, 'p>, Stop>,
    /// Values worth trying for each field a condition the analysis does not follow reads.
    pub pools: Vec<(FieldId, Vec<Shown>)>,
    /// `earlier[l][r]`: a rule of ladder l before rule r is true; built once per ladder.
    earlier: std::collections::HashMap<LadderId, Vec<Bdd>>,
}

/// Runs `f` with a finder for `program` as of `today`.
pub fn with_finder<'p, R>(program: &'p Program, today: Date, f: impl FnOnce(&mut Finder<'_, 'p>) -> R) -> R {
    let mut conds: Vec<&Expr> =
        program.ladders.iter().flat_map(|l| l.rules.iter().filter_map(|r| r.cond.as_ref())).collect();
    conds.extend(program.transitions.iter().flat_map(|t| t.moves.iter().filter_map(|m| m.cond.as_ref())));
    let domain = Domain::new(program, today, &conds);
    let pools = pools(&domain);
    let mut finder = Finder { enc: Encoder::new(&domain, WORK), pools, earlier: Default::default() };
    f(&mut finder)
}

impl<'d, 'p> Finder<'d, 'p> {
    /// Candidate records for `aim`, those giving fewer fields first.
    pub fn candidates(&mut self, aim: Aim<'p>) -> Result<Vec<Candidate>, NoRecord> {
        let enc = self.enc.as_mut().map_err(|s| NoRecord::Stopped(*s))?;
        enc.renew();
        let program = enc.d.program;
        let mut out = Vec::new();
        let mut possible = false;
        for (bdd, stage) in aims(enc, &mut self.earlier, aim).map_err(NoRecord::Stopped)? {
            let bdd = enc.valid_and(&bdd).map_err(NoRecord::Stopped)?;
            possible |= !bdd.is_false();
            for path in bdd.sat_clauses().take(PATHS) {
                let mut values = choose(enc, &bdd, &path);
                if let Some((field, s)) = stage {
                    values[field] = Value::Member(s as u32);
                }
                let keep = |f: FieldId| enc.d.cells[f].is_some() || stage.is_some_and(|(g, _)| g == f);
                let given = |nice: bool| -> Given {
                    (0..values.len())
                        .filter(|&f| keep(f) && !values[f].is_missing())
                        .map(|f| {
                            let v = if nice { round(enc.d, f, values[f]) } else { values[f] };
                            (f, shown(program, f, v))
                        })
                        .collect()
                };
                let c = Candidate { nice: given(true), exact: given(false) };
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        if !possible {
            return Err(NoRecord::Impossible);
        }
        out.sort_by_key(|c| c.exact.len());
        Ok(out)
    }
}

/// Records as a BDD, with the field holding a transition set's stage and the stage they are at.
type Records = (Bdd, Option<(FieldId, usize)>);

/// The BDDs of the records that do `aim`, each with the stage the record must be at (for moves:
/// the transition set's field and the stage), one per stage the move leaves from.
fn aims<'p>(
    enc: &mut Encoder<'_, 'p>,
    earlier: &mut std::collections::HashMap<LadderId, Vec<Bdd>>,
    aim: Aim<'p>,
) -> Result<Vec<Records>, Stop> {
    let all = match aim {
        Aim::Fires { ladder, rule } => Ok(vec![(enc.fires(ladder)?[rule].clone(), None)]),
        Aim::PartOfRule { ladder, rule, part, fires } => {
            let conds = enc.conds(ladder)?;
            if let std::collections::hash_map::Entry::Vacant(slot) = earlier.entry(ladder) {
                let mut union = vec![enc.ff()];
                for (c, _) in &conds {
                    let next = enc.or(&union[union.len() - 1], c)?;
                    union.push(next);
                }
                slot.insert(union);
            }
            let mut b = enc.pair(part)?.t;
            b = enc.and_not(&b, &earlier[&ladder][rule])?;
            if fires {
                b = enc.and(&b, &conds[rule].0)?;
            }
            Ok(vec![(b, None)])
        }
        Aim::Moves { set, step } => moves(enc, set, step, None),
        Aim::PartOfMove { set, step, part, fires } => moves(enc, set, step, Some((part, fires))),
    };
    all.map(|mut v| {
        v.retain(|(b, _)| !b.is_false());
        v
    })
}

/// For each stage move `step` of `set` leaves: the records at that stage the move moves, or for
/// which `part` is true while the move is tried.
fn moves<'p>(
    enc: &mut Encoder<'_, 'p>,
    set: TransId,
    step: usize,
    part: Option<(&'p Expr, bool)>,
) -> Result<Vec<Records>, Stop> {
    let program = enc.d.program;
    let t = &program.transitions[set];
    let stages = program.ladders[t.ladder].rules.len();
    let mut out = Vec::new();
    for s in 0..stages {
        let tried: Vec<usize> = t.leaving(s).map(|(i, _)| i).collect();
        let Some(at) = tried.iter().position(|&i| i == step) else { continue };
        let mut b = at_stage(enc, t.field, s);
        for &i in &tried[..at] {
            if let Some(c) = &t.moves[i].cond {
                let earlier = enc.pair(c)?.t;
                b = enc.and_not(&b, &earlier)?;
            }
        }
        let own = match &t.moves[step].cond {
            Some(c) => enc.pair(c)?.t,
            None => enc.tt(),
        };
        b = match part {
            None => enc.and(&b, &own)?,
            Some((p, fires)) => {
                let pt = enc.pair(p)?.t;
                let b = enc.and(&b, &pt)?;
                if fires {
                    enc.and(&b, &own)?
                } else {
                    b
                }
            }
        };
        out.push((b, Some((t.field, s))));
    }
    Ok(out)
}

/// A record of `bdd` on `path`: each field in the cell the path gives it, then every field that
/// can be missing with the record still in `bdd` made missing, so that it says only what matters.
fn choose<'d>(enc: &Encoder<'d, '_>, bdd: &Bdd, path: &BddPartialValuation) -> Vec<Value<'d>> {
    let d = enc.d;
    let mut point = enc.all_missing().clone();
    for (var, value) in path.to_values() {
        point.set_value(var, value);
    }
    let cell = |point: &BddValuation, (start, n): (usize, usize)| {
        (0..n).fold(0, |acc, k| acc | (usize::from(point.value(enc.var(start + k))) << k))
    };
    let set = |point: &mut BddValuation, (start, n): (usize, usize), c: usize| {
        for k in 0..n {
            point.set_value(enc.var(start + k), c >> k & 1 == 1);
        }
    };
    for f in 0..d.cells.len() {
        let (Some(cells), Some(bits)) = (&d.cells[f], enc.bits(f)) else { continue };
        let Some(missing) = (0..cells.len()).find(|&i| cells.value(i).is_missing()) else { continue };
        let now = cell(&point, bits);
        if now != missing {
            set(&mut point, bits, missing);
            if !bdd.eval_in(&point) {
                set(&mut point, bits, now);
            }
        }
    }
    // A record holds the fields; the scores' cells are what the fields make them.
    (0..d.program.fields.len())
        .map(|f| match (&d.cells[f], enc.bits(f)) {
            (Some(cells), Some(bits)) => cells.value(cell(&point, bits)),
            (Some(_), None) | (None, _) => Value::Missing,
        })
        .collect()
}

/// The records whose field `field` (a stage) is `stage`, when the field has cells; every record
/// otherwise (the stage is then set on the record itself).
fn at_stage(enc: &Encoder<'_, '_>, field: FieldId, stage: usize) -> Bdd {
    let (Some(cells), Some((start, n))) = (&enc.d.cells[field], enc.bits(field)) else { return enc.tt() };
    let Some(cell) = (0..cells.len()).find(|&i| cells.value(i) == Value::Member(stage as u32)) else {
        return enc.ff();
    };
    let bits: Vec<_> = (0..n).map(|k| (enc.var(start + k), cell >> k & 1 == 1)).collect();
    enc.tt().select(&bits)
}

/// A rounder number in the same cell as `v` (a number between two boundaries, or beyond the
/// first or last); `v` itself when it is a boundary or no rounder number fits.
fn round<'v>(d: &Domain<'_>, f: FieldId, v: Value<'v>) -> Value<'v> {
    let Some(cells) = &d.cells[f] else { return v };
    // Any text no condition names: a word, not the domain's placeholder.
    if let Value::Text(t) = v {
        let chinese = !d.program.fields[f].name.is_ascii() || cells.texts.iter().any(|t| !t.is_ascii());
        let word = if chinese { "其他" } else { "other" };
        let named = &cells.texts[..cells.texts.len().saturating_sub(1)];
        return match cells.texts.last().is_some_and(|o| o == t) && !named.iter().any(|n| n == word) {
            true => Value::Text(word),
            false => v,
        };
    }
    let Value::Num(n) = v else { return v };
    if !matches!(d.program.fields[f].ty, FieldType::Number | FieldType::Money) {
        return v;
    }
    // The cells of a number are: below the first boundary, the first, between it and the next, …,
    // the last, above it (domain.rs): the even ones are open intervals.
    let nums: Vec<Decimal> = cells.values.iter().filter_map(|x| x.number()).collect();
    let Some(i) = nums.iter().position(|x| *x == n) else { return v };
    if i % 2 == 1 {
        return v;
    }
    let (lo, hi) = (i.checked_sub(1).map(|j| nums[j]), nums.get(i + 1).copied());
    let inside = |c: Decimal| lo.is_none_or(|lo| c > lo) && hi.is_none_or(|hi| c < hi);
    if n < Decimal::ZERO && inside(Decimal::ZERO) {
        return Value::Num(Decimal::ZERO);
    }
    for k in (0..=12u32).rev() {
        let step = Decimal::from(10i64.pow(k));
        let Some(mut c) = n.checked_div(step).map(|q| q.round() * step) else { continue };
        if lo.is_some_and(|lo| c <= lo) {
            c += step;
        }
        if hi.is_some_and(|hi| c >= hi) {
            c -= step;
        }
        let same_side = (c > Decimal::ZERO) == (n > Decimal::ZERO) && (c.is_zero() == n.is_zero());
        if inside(c) && same_side && (c - n).abs() <= n.abs() {
            return Value::Num(c);
        }
    }
    v
}

/// For each field an opaque condition or a compared score reads (arithmetic, `contains`, dates
/// compared both in days and months), values worth trying: the constants of those conditions (through lets and
/// scores) that fit the field, and values beside them. The evaluator decides which work.
fn pools(d: &Domain<'_>) -> Vec<(FieldId, Vec<Shown>)> {
    let program = d.program;
    let mut out: Vec<(FieldId, Vec<Shown>)> = Vec::new();
    for e in d.opaque.iter().chain(&d.scored) {
        let mut consts = Vec::new();
        constants(program, e, &mut consts, 8);
        for n in program.reads(e) {
            let Named::Field(f) = n else { continue };
            let values = values_for(d, f, &consts);
            match out.iter_mut().find(|(g, _)| *g == f) {
                Some((_, pool)) => pool.extend(values.into_iter().filter(|v| !pool.contains(v)).collect::<Vec<_>>()),
                None => out.push((f, values)),
            }
        }
    }
    out
}

/// The constants in `e` and in the lets and scores it names.
fn constants(program: &Program, e: &Expr, out: &mut Vec<Const>, depth: usize) {
    e.visit(&mut |x| {
        if let ExprKind::Const(c) = &x.kind {
            out.push(c.clone());
        } else if let ExprKind::Contains(_, t) | ExprKind::StartsWith(_, t) = &x.kind {
            out.push(Const::Text(t.clone()));
        } else if let ExprKind::In(_, items, _) = &x.kind {
            out.extend(items.iter().cloned());
        }
        match x.named() {
            Some(Named::Let(i)) if depth > 0 => constants(program, &program.lets[i].expr, out, depth - 1),
            Some(Named::Score(i)) if depth > 0 => constants(program, &program.scores[i].expr, out, depth - 1),
            Some(Named::Let(_) | Named::Score(_) | Named::Field(_) | Named::Ladder(_) | Named::Pop(_)) | None => {}
        }
        true
    });
}

/// Values of field `f` to try, from the constants `consts`.
fn values_for(d: &Domain<'_>, f: FieldId, consts: &[Const]) -> Vec<Shown> {
    let program = d.program;
    let mut out = Vec::new();
    let mut push = |v: Value<'_>| {
        let s = shown(program, f, v);
        if s != Shown::Missing && !out.contains(&s) {
            out.push(s);
        }
    };
    match &program.fields[f].ty {
        FieldType::Number | FieldType::Money => {
            for c in consts {
                let Const::Num(n) = c else { continue };
                let near =
                    [Some(*n), n.checked_add(Decimal::ONE), n.checked_sub(Decimal::ONE), n.checked_mul(Decimal::TWO)];
                near.into_iter().flatten().for_each(|x| push(Value::Num(x)));
            }
            push(Value::Num(Decimal::ZERO));
        }
        FieldType::Text => {
            for c in consts {
                if let Const::Text(t) = c {
                    push(Value::Text(t));
                }
            }
        }
        FieldType::Date => {
            let day = jiff::Span::new().days(1);
            let mut dates = vec![d.today];
            for c in consts {
                if let Const::Date(x) = c {
                    dates.push(*x);
                } else if let Const::Duration(x) = c {
                    dates.extend([x.add_to(d.today, 1), x.add_to(d.today, -1)].into_iter().flatten());
                }
            }
            for x in dates {
                push(Value::Date(x));
                [x.checked_sub(day).ok(), x.checked_add(day).ok()]
                    .into_iter()
                    .flatten()
                    .for_each(|y| push(Value::Date(y)));
            }
        }
        FieldType::Bool => [true, false].into_iter().for_each(|b| push(Value::Bool(b))),
        FieldType::OneOf(m) => (0..m.len() as u32).for_each(|i| push(Value::Member(i))),
        FieldType::Grade(l) => (0..program.ladders[*l].rules.len() as u32).for_each(|i| push(Value::Member(i))),
    }
    out
}

/// The fields a ladder or transition set reads (through lets, scores and the ladders it uses;
/// for a transition set also the field holding its stage).
pub fn fields_read(program: &Program, target: Target) -> Vec<FieldId> {
    match target {
        Target::Ladder(l) => super::witness::fields_of(program, l),
        Target::Transitions(t) => {
            let set = &program.transitions[t];
            let mut out = vec![set.field];
            for c in set.moves.iter().filter_map(|m| m.cond.as_ref()) {
                for n in program.reads(c) {
                    match n {
                        Named::Field(f) => out.push(f),
                        Named::Ladder(l) => out.extend(super::witness::fields_of(program, l)),
                        Named::Let(_) | Named::Score(_) | Named::Pop(_) => {}
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        }
    }
}
