//! The finite abstraction of records: each condition's atoms classified, and for each field the
//! cells its atoms cannot tell apart (see docs/design/analysis.md).

use crate::cell::DurationUnit;
use crate::eval::{compare, constant, Ctx, Frame, Pops};
use crate::ir::{CmpOp, Const, Expr, ExprKind as K, FieldId, FieldType, LadderId, Named, Program, ScoreId};
use crate::value::{Decimal, Value};
use jiff::civil::Date;
use std::collections::HashMap;

/// How deep `let`s are followed when classifying; checked programs are far shallower.
const LET_DEPTH: usize = 64;

static NO_POPS: Pops = Pops { cols: Vec::new() };

/// What a score is abstracted as: a number.
static SCORE: FieldType = FieldType::Number;

/// What a condition's atom (a comparison, a yes/no field, `is missing`, …) depends on.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Atom {
    /// It reads nothing that varies: always this truth (`None`: unknown).
    Fixed(Option<bool>),
    /// It reads only this field, and its truth is one value on each of the field's cells. Past
    /// the program's fields, the abstracted fields are its scores ([`Domain::score`]).
    Field(FieldId),
    /// It reads only the level of this ladder.
    Ladder(LadderId),
    /// Anything else: free, the `n`th distinct opaque atom.
    Opaque(usize),
}

/// How relative a date boundary is: mixing kinds makes the order of boundaries depend on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    Absolute,
    /// `today` itself, which fits both relative kinds.
    Today,
    Days,
    Calendar,
}

/// The boundaries an atom compares its field with, and how each depends on `today`.
type Bounds = Vec<(Value<'static>, DateKind)>;

/// An atom reading one field, with its boundaries (`None`: the field's cells cannot decide it).
type FieldAtom<'p> = (&'p Expr, Option<Bounds>);

/// A field's cells: each a representative value (`Missing` for the missing cell).
#[derive(Debug, Clone)]
pub(super) struct Cells {
    pub(super) values: Vec<Value<'static>>,
    /// Texts, held here so that text values can borrow them.
    pub(super) texts: Vec<String>,
}

/// The classified program: atoms by address, the opaque atoms, each abstracted field's cells.
pub(super) struct Domain<'p> {
    pub(super) program: &'p Program,
    pub(super) today: Date,
    pub(super) atoms: HashMap<usize, Atom>,
    pub(super) opaque: Vec<&'p Expr>,
    /// The atoms that compare a score alone, abstracted by the score's cells.
    pub(super) scored: Vec<&'p Expr>,
    /// `cells[field]`: `None` when no atom reads the field alone; past the program's fields, the
    /// cells of each score ([`Domain::score`]).
    pub(super) cells: Vec<Option<Cells>>,
    /// For an atom reading one field, by address: the cells (in order) where its truth may differ
    /// from the cells beside them — those of the boundaries or texts it names, and the missing
    /// cell. Between two of them it has one truth, as it has before the first and after the last:
    /// a field's cells are in order and a comparison with constants changes only at them. An atom
    /// not listed (a yes/no, `one of` or level field's) is tried on every cell.
    pub(super) marks: HashMap<usize, Vec<usize>>,
    /// What was given up on, for `--verbose`: fields whose comparisons were made opaque.
    pub(super) opaque_fields: Vec<FieldId>,
}

/// An address that identifies an expression of the program for the whole analysis.
pub(super) fn key(e: &Expr) -> usize {
    e as *const Expr as usize
}

/// `e` with every `let` it names replaced by its definition.
pub(super) fn resolve<'p>(program: &'p Program, mut e: &'p Expr) -> &'p Expr {
    for _ in 0..LET_DEPTH {
        let K::Let(i) = &e.kind else { return e };
        e = &program.lets[*i].expr;
    }
    e
}

/// Whether `e` combines conditions (`and`, `or`, a group, `not`) rather than being an atom.
pub(super) fn is_logic(e: &Expr) -> bool {
    e.logic().is_some() || matches!(e.kind, K::Not(_))
}

/// What an atom reads, through lets.
#[derive(Default)]
struct Reads {
    fields: Vec<FieldId>,
    ladders: Vec<LadderId>,
    /// The scores it names: one alone is abstracted by its own cells, as a number field is.
    scores: Vec<ScoreId>,
    /// Population values, lets too deep: what no cell decides.
    other: bool,
    /// `today`: fine beside a date field's boundaries, never alone.
    today: bool,
}

fn reads(program: &Program, e: &Expr, out: &mut Reads, depth: usize) {
    e.visit(&mut |x| {
        // Only names and `today` matter here; every other node is looked into.
        match x.named() {
            Some(Named::Field(f)) if !out.fields.contains(&f) => out.fields.push(f),
            Some(Named::Ladder(l)) if !out.ladders.contains(&l) => out.ladders.push(l),
            Some(Named::Let(i)) if depth > 0 => reads(program, &program.lets[i].expr, out, depth - 1),
            Some(Named::Score(s)) if !out.scores.contains(&s) => out.scores.push(s),
            Some(Named::Score(_)) => {}
            Some(Named::Let(_) | Named::Pop(_)) => out.other = true,
            Some(Named::Field(_) | Named::Ladder(_)) | None => out.today |= matches!(x.kind, K::Today),
        }
        true
    });
}

impl<'p> Domain<'p> {
    /// Classifies every atom of `conds` and makes the cells of the fields they read.
    pub(super) fn new(program: &'p Program, today: Date, conds: &[&'p Expr]) -> Self {
        let mut d = Domain {
            program,
            today,
            atoms: HashMap::new(),
            opaque: Vec::new(),
            scored: Vec::new(),
            cells: vec![None; program.fields.len() + program.scores.len()],
            opaque_fields: Vec::new(),
            marks: HashMap::new(),
        };
        // Per field: its atoms and their boundaries (`None`: an atom the field's cells cannot decide).
        let abstracted = program.fields.len() + program.scores.len();
        let mut found: Vec<Vec<FieldAtom<'p>>> = vec![Vec::new(); abstracted];
        let mut texts: Vec<Vec<String>> = vec![Vec::new(); abstracted];
        let mut seen = std::collections::HashSet::new();
        for c in conds {
            d.scan(c, &mut found, &mut texts, &mut seen, LET_DEPTH);
        }
        for (f, atoms) in found.into_iter().enumerate() {
            d.field_cells(f, atoms, std::mem::take(&mut texts[f]));
        }
        d
    }

    fn scan(
        &mut self,
        e: &'p Expr,
        found: &mut [Vec<FieldAtom<'p>>],
        texts: &mut [Vec<String>],
        seen: &mut std::collections::HashSet<usize>,
        depth: usize,
    ) {
        let e = resolve(self.program, e);
        if depth == 0 || !seen.insert(key(e)) {
            return;
        }
        if is_logic(e) {
            for c in e.children() {
                self.scan(c, found, texts, seen, depth - 1);
            }
            return;
        }
        let mut r = Reads::default();
        reads(self.program, e, &mut r, LET_DEPTH);
        let ordered =
            |f: &FieldId| matches!(self.program.fields[*f].ty, FieldType::Number | FieldType::Money | FieldType::Date);
        let atom = match (r.fields.as_slice(), r.ladders.as_slice(), r.scores.as_slice(), r.other) {
            // Only a date field's comparisons with `today` keep one truth on each cell every day.
            ([], [], [], false) if !r.today => Atom::Fixed(self.fixed(e)),
            ([f], [], [], false) if !r.today || ordered(f) => {
                let b = self.bounds(*f, e, &mut texts[*f]);
                found[*f].push((e, b));
                Atom::Field(*f)
            }
            ([], [l], [], false) if !r.today => Atom::Ladder(*l),
            // A score is a number of the record: compared alone, it has cells as a number field
            // has, so that `s > 20` is known to imply `s > 10`. What the score is made of is not
            // looked into (any value it takes is in one of its cells: the analysis claims no less).
            ([], [], [s], false) if !r.today => {
                let f = self.program.fields.len() + s;
                let b = self.bounds(f, e, &mut texts[f]);
                if b.is_some() {
                    self.scored.push(e);
                }
                found[f].push((e, b));
                Atom::Field(f)
            }
            _ => self.opaque_atom(e),
        };
        self.atoms.insert(key(e), atom);
    }

    fn opaque_atom(&mut self, e: &'p Expr) -> Atom {
        let n = self.opaque.iter().position(|o| o.same(e)).unwrap_or_else(|| {
            self.opaque.push(e);
            self.opaque.len() - 1
        });
        Atom::Opaque(n)
    }

    /// The score abstracted field `f` stands for, when it is past the program's fields.
    pub(super) fn score(&self, f: usize) -> Option<ScoreId> {
        f.checked_sub(self.program.fields.len())
    }

    fn ty(&self, f: usize) -> &FieldType {
        match self.score(f) {
            Some(_) => &SCORE,
            None => &self.program.fields[f].ty,
        }
    }

    /// Whether abstracted field `f` always has a value (a score never needs one).
    pub(super) fn required(&self, f: usize) -> bool {
        self.score(f).is_none() && self.program.fields[f].required
    }

    /// Whether `x` is abstracted field `f` itself: the field, or the score.
    fn is_term(&self, f: usize, x: &Expr) -> bool {
        let x = resolve(self.program, x);
        matches!(x.kind, K::Field(g) if g == f) || matches!(x.kind, K::Score(s) if self.score(f) == Some(s))
    }

    /// The evaluator, with no population values: the analysis never decides them.
    pub(super) fn ctx(&self) -> Ctx<'p> {
        Ctx { program: self.program, today: self.today, pops: &NO_POPS }
    }

    /// The value of an expression that reads no field.
    fn value(&self, e: &'p Expr) -> Value<'p> {
        let mut frame = Frame::new(self.program);
        self.ctx().eval(e, &mut frame)
    }

    fn fixed(&self, e: &'p Expr) -> Option<bool> {
        self.value(e).truth()
    }

    /// The boundaries an atom reading field `f` compares it with, or `None` when the atom is
    /// not a comparison of the field with constants.
    fn bounds(&self, f: FieldId, e: &'p Expr, texts: &mut Vec<String>) -> Option<Bounds> {
        let is_f = |x: &Expr| self.is_term(f, x);
        match self.ty(f) {
            // Every member is a cell: any atom reading only the field is decided on them.
            FieldType::Bool | FieldType::OneOf(_) | FieldType::Grade(_) => return Some(vec![]),
            FieldType::Text => return self.text_bounds(e, &is_f, texts),
            FieldType::Number | FieldType::Money | FieldType::Date => {}
        }
        let mut out = Vec::new();
        match &e.kind {
            K::Cmp(_, a, b) | K::Before(a, b) | K::After(a, b) => {
                let (x, c) = if self.reads_none(b) { (a, b) } else { (b, a) };
                self.side(f, x, c, &mut out)?;
            }
            K::Between(x, a, b) => {
                self.side(f, x, a, &mut out)?;
                self.side(f, x, b, &mut out)?;
            }
            K::In(x, items, _) if is_f(x) => {
                for c in items {
                    out.push((owned(constant(c))?, DateKind::Absolute));
                }
            }
            K::Present(x, _) if is_f(x) => {}
            K::Within(x, dur, _) if is_f(x) && self.reads_none(dur) => {
                let Value::Duration(d) = self.value(dur) else { return None };
                out.push((Value::Date(self.today), DateKind::Today));
                for sign in [1, -1] {
                    out.push((Value::Date(d.add_to(self.today, sign)?), unit_kind(d.unit)));
                }
            }
            // Any other shape is opaque: the analysis then claims less, never something false.
            K::In(..) | K::Present(..) | K::Within(..) => return None,
            K::Const(_) | K::Today | K::Field(_) | K::Let(_) | K::Score(_) | K::Pop(_) | K::Ladder(_) => return None,
            K::Not(_) | K::And(_) | K::Or(_) | K::Group(..) | K::Arith(..) | K::Neg(_) => return None,
            K::Contains(..) | K::StartsWith(..) | K::Shift(..) | K::DaysBetween(..) => return None,
            K::DaysSince(_) | K::DaysUntil(_) => return None,
        }
        Some(out)
    }

    /// A text field is abstracted by the texts it is compared with for (in)equality only.
    fn text_bounds(&self, e: &'p Expr, is_f: &dyn Fn(&Expr) -> bool, texts: &mut Vec<String>) -> Option<Bounds> {
        let mut push = |c: &Const| match c {
            Const::Text(t) => {
                if !texts.contains(t) {
                    texts.push(t.clone());
                }
                Some(())
            }
            Const::Bool(_) | Const::Num(_) | Const::Date(_) | Const::Duration(_) | Const::Member(_) => None,
        };
        match &e.kind {
            K::Cmp(CmpOp::Eq | CmpOp::Ne, a, b) => {
                let other = if is_f(a) {
                    b
                } else if is_f(b) {
                    a
                } else {
                    return None;
                };
                let K::Const(c) = &other.kind else { return None };
                push(c)?;
            }
            K::In(x, items, _) if is_f(x) => {
                for c in items {
                    push(c)?;
                }
            }
            K::Present(x, _) if is_f(x) => {}
            // Ordering, `contains`, `starts with`, …: opaque (see `bounds`).
            K::Cmp(..) | K::In(..) | K::Present(..) | K::Within(..) | K::Before(..) | K::After(..) => return None,
            K::Const(_) | K::Today | K::Field(_) | K::Let(_) | K::Score(_) | K::Pop(_) | K::Ladder(_) => return None,
            K::Not(_) | K::And(_) | K::Or(_) | K::Group(..) | K::Arith(..) | K::Neg(_) | K::Between(..) => return None,
            K::Contains(..) | K::StartsWith(..) | K::Shift(..) | K::DaysBetween(..) => return None,
            K::DaysSince(_) | K::DaysUntil(_) => return None,
        }
        Some(vec![])
    }

    fn reads_none(&self, e: &'p Expr) -> bool {
        let mut r = Reads::default();
        reads(self.program, e, &mut r, LET_DEPTH);
        r.fields.is_empty() && r.ladders.is_empty() && !self.reads_score(e)
    }

    fn reads_score(&self, e: &Expr) -> bool {
        let mut found = false;
        e.visit(&mut |x| {
            found |= matches!(x.kind, K::Score(_) | K::Pop(_));
            !found
        });
        found
    }

    /// The boundary that comparing `x` (the field, or `days since`/`days until` it) with the
    /// constant `c` gives.
    fn side(&self, f: FieldId, x: &'p Expr, c: &'p Expr, out: &mut Vec<(Value<'static>, DateKind)>) -> Option<()> {
        if !self.reads_none(c) {
            return None;
        }
        let x = resolve(self.program, x);
        let v = self.value(c);
        if self.is_term(f, x) {
            out.push((owned(v)?, self.date_kind(c)));
            return Some(());
        }
        // `days since D` / `days until D` against a number: D against a day relative to today.
        let (K::DaysSince(d) | K::DaysUntil(d)) = &x.kind else { return None };
        if !matches!(resolve(self.program, d).kind, K::Field(g) if g == f) {
            return None;
        }
        let Value::Num(n) = v else { return None };
        let sign: i64 = if matches!(x.kind, K::DaysSince(_)) { -1 } else { 1 };
        for days in [n.floor(), n.ceil()] {
            let days: i64 = days.try_into().ok()?;
            let span = jiff::Span::new().try_days(sign.checked_mul(days)?).ok()?;
            out.push((Value::Date(self.today.checked_add(span).ok()?), DateKind::Days));
        }
        Some(())
    }

    /// How a constant date expression depends on `today`.
    fn date_kind(&self, c: &Expr) -> DateKind {
        let (mut today, mut days, mut calendar) = (false, false, false);
        c.visit(&mut |x| {
            today |= matches!(x.kind, K::Today);
            if let K::Const(Const::Duration(d)) = &x.kind {
                match unit_kind(d.unit) {
                    DateKind::Calendar => calendar = true,
                    DateKind::Days | DateKind::Today | DateKind::Absolute => days = true,
                }
            }
            true
        });
        match (today, days, calendar) {
            (false, _, _) => DateKind::Absolute,
            (true, false, false) => DateKind::Today,
            (true, true, false) => DateKind::Days,
            (true, false, true) => DateKind::Calendar,
            // Days and months together: the order depends on the day; refused by `field_cells`.
            (true, true, true) => DateKind::Absolute,
        }
    }

    /// Makes field `f`'s cells from its atoms' boundaries, or makes its atoms opaque.
    fn field_cells(&mut self, f: FieldId, atoms: Vec<FieldAtom<'p>>, texts: Vec<String>) {
        if atoms.is_empty() {
            return;
        }
        let mut points = Vec::new();
        for (e, bounds) in &atoms {
            match bounds {
                Some(b) => points.extend(b.iter()),
                // Not a comparison with constants: this atom alone is opaque.
                None => {
                    let atom = self.opaque_atom(e);
                    self.atoms.insert(key(e), atom);
                }
            }
        }
        match cells_of(self.ty(f), &points, texts, self.program) {
            Some(mut cells) => {
                if !self.required(f) {
                    cells.values.push(Value::Missing);
                }
                let texts: HashMap<&str, usize> =
                    cells.texts.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
                for (e, bounds) in &atoms {
                    if let Some(marks) = bounds.as_ref().and_then(|b| self.marks_of(f, e, b, &cells, &texts)) {
                        self.marks.insert(key(e), marks);
                    }
                }
                self.cells[f] = Some(cells);
            }
            None => {
                if self.score(f).is_none() {
                    self.opaque_fields.push(f);
                }
                for (e, _) in atoms {
                    let atom = self.opaque_atom(e);
                    self.atoms.insert(key(e), atom);
                }
            }
        }
    }

    /// The cells of field `f` that atom `e`, comparing it with `bounds`, marks (see
    /// [`Domain::marks`]); `None` when it is to be tried on every cell.
    fn marks_of(
        &self,
        f: FieldId,
        e: &'p Expr,
        bounds: &Bounds,
        cells: &Cells,
        texts: &HashMap<&str, usize>,
    ) -> Option<Vec<usize>> {
        let present = cells.len() - usize::from(!self.required(f));
        let mut marks = match self.ty(f) {
            FieldType::Bool | FieldType::OneOf(_) | FieldType::Grade(_) => return None,
            FieldType::Text => {
                let is_f = |x: &Expr| self.is_term(f, x);
                let mut own = Vec::new();
                self.text_bounds(e, &is_f, &mut own)?;
                own.iter().map(|t| texts.get(t.as_str()).copied()).collect::<Option<Vec<_>>>()?
            }
            FieldType::Number | FieldType::Money | FieldType::Date => {
                let is = |op, v: &Value<'_>, b: &Value<'_>| compare(op, *v, *b) == Value::Bool(true);
                let values = &cells.values[..present];
                let mut marks = Vec::new();
                for (b, _) in bounds {
                    // Every boundary is a cell (`numbers`, `dates`); anything else: try every cell.
                    let at = values.partition_point(|v| is(CmpOp::Lt, v, b));
                    values.get(at).is_some_and(|v| is(CmpOp::Eq, v, b)).then_some(())?;
                    marks.push(at);
                }
                marks
            }
        };
        marks.extend(present..cells.len());
        marks.sort_unstable();
        marks.dedup();
        Some(marks)
    }
}

fn unit_kind(u: DurationUnit) -> DateKind {
    match u {
        DurationUnit::Days | DurationUnit::Weeks => DateKind::Days,
        DurationUnit::Months | DurationUnit::Years => DateKind::Calendar,
    }
}

/// A boundary that lives without the program: numbers and dates.
fn owned(v: Value<'_>) -> Option<Value<'static>> {
    match v {
        Value::Num(n) => Some(Value::Num(n)),
        Value::Date(d) => Some(Value::Date(d)),
        Value::Missing | Value::Bool(_) | Value::Text(_) | Value::Duration(_) | Value::Member(_) => None,
    }
}

/// The present cells of a field (the missing one is added by the caller).
fn cells_of(ty: &FieldType, points: &[&(Value<'static>, DateKind)], texts: Vec<String>, p: &Program) -> Option<Cells> {
    let members = |n: usize| (0..n as u32).map(Value::Member).collect();
    let values = match ty {
        FieldType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FieldType::OneOf(m) => members(m.len()),
        FieldType::Grade(l) => members(p.ladders[*l].rules.len()),
        // Texts are filled in by `Cells::text`.
        FieldType::Text => return Some(Cells::text(texts)),
        FieldType::Number | FieldType::Money => numbers(points)?,
        FieldType::Date => dates(points)?,
    };
    Some(Cells { values, texts: Vec::new() })
}

impl Cells {
    /// One cell per text, and one for any other text (the missing one is added by the caller).
    fn text(mut texts: Vec<String>) -> Cells {
        let other = (0..).map(|n| format!("x{n}")).find(|t| !texts.contains(t)).unwrap_or_default();
        texts.push(other);
        Cells { values: Vec::new(), texts }
    }

    /// The number of cells.
    pub(super) fn len(&self) -> usize {
        self.texts.len() + self.values.len()
    }

    /// The representative value of cell `i`: texts first, then the other values.
    pub(super) fn value(&self, i: usize) -> Value<'_> {
        match self.texts.get(i) {
            Some(t) => Value::Text(t),
            None => self.values.get(i - self.texts.len()).copied().unwrap_or(Value::Missing),
        }
    }
}

/// Cells of a number: each boundary, and a value below, between and above them.
fn numbers(points: &[&(Value<'static>, DateKind)]) -> Option<Vec<Value<'static>>> {
    let mut ps: Vec<Decimal> = points.iter().map(|(v, _)| v.number()).collect::<Option<_>>()?;
    ps.sort();
    ps.dedup();
    let Some((first, last)) = ps.first().zip(ps.last()) else { return Some(vec![Value::Num(Decimal::ZERO)]) };
    let mut out = vec![Value::Num(first.floor().checked_sub(Decimal::ONE)?)];
    for w in ps.windows(2) {
        out.push(Value::Num(w[0]));
        let next = w[0].floor().checked_add(Decimal::ONE)?;
        let between = if next < w[1] { next } else { (w[0].checked_add(w[1])?).checked_div(Decimal::TWO)? };
        // Two boundaries too close for a decimal between them: give up on the field.
        if !(w[0] < between && between < w[1]) {
            return None;
        }
        out.push(Value::Num(between));
    }
    out.push(Value::Num(*last));
    out.push(Value::Num(last.floor().checked_add(Decimal::ONE)?));
    Some(out)
}

/// Cells of a date: each boundary, the day before the first, after the last, and after each
/// boundary when that day is not the next boundary. Boundaries of mixed kinds are refused.
fn dates(points: &[&(Value<'static>, DateKind)]) -> Option<Vec<Value<'static>>> {
    let kinds = |k: DateKind| points.iter().any(|(_, x)| *x == k);
    let relative = kinds(DateKind::Today) || kinds(DateKind::Days) || kinds(DateKind::Calendar);
    if kinds(DateKind::Days) && kinds(DateKind::Calendar) || kinds(DateKind::Absolute) && relative {
        return None;
    }
    let mut ps: Vec<Date> = points
        .iter()
        .map(|(v, _)| match v {
            Value::Date(d) => Some(*d),
            Value::Missing
            | Value::Bool(_)
            | Value::Text(_)
            | Value::Num(_)
            | Value::Duration(_)
            | Value::Member(_) => None,
        })
        .collect::<Option<_>>()?;
    ps.sort();
    ps.dedup();
    let day = jiff::Span::new().days(1);
    let Some((first, last)) = ps.first().zip(ps.last()) else {
        return Some(vec![Value::Date(jiff::civil::date(2000, 1, 1))]);
    };
    let mut out = vec![Value::Date(first.checked_sub(day).ok()?)];
    for w in ps.windows(2) {
        out.push(Value::Date(w[0]));
        let next = w[0].checked_add(day).ok()?;
        if next < w[1] {
            out.push(Value::Date(next));
        }
    }
    out.push(Value::Date(*last));
    out.push(Value::Date(last.checked_add(day).ok()?));
    Some(out)
}
