//! Witness records: a path of a BDD made into a record (a representative value of each field's
//! cell, missing where that is allowed), confirmed by the real evaluator before it is shown.

use super::encode::Encoder;
use crate::diag::Shown;
use crate::eval::Frame;
use crate::ir::{Expr, FieldId, FieldType, LadderId, Named, Program};
use crate::value::Value;
use biodivine_lib_bdd::{Bdd, BddPartialValuation};

/// How many paths of a BDD are tried for a witness that the evaluator confirms.
const TRIES: usize = 16;

/// A record of a path: each abstracted field gets a cell the path allows (the missing cell when
/// it is allowed, so the record says only what matters); every other field is missing, or for
/// a required field some value.
pub(super) fn record<'d>(enc: &Encoder<'d, '_>, path: &BddPartialValuation) -> Vec<Value<'d>> {
    let d = enc.d;
    (0..d.program.fields.len())
        .map(|f| {
            let Some((cells, (start, n))) = d.cells[f].as_ref().zip(enc.bits(f)) else {
                return filler(d.program, f, d.today);
            };
            let allowed =
                |i: usize| (0..n).all(|k| path.get_value(enc.var(start + k)).is_none_or(|b| b == (i >> k & 1 == 1)));
            let cell = (0..cells.len()).filter(|&i| allowed(i)).max_by_key(|&i| cells.value(i).is_missing());
            cell.map_or(Value::Missing, |i| cells.value(i))
        })
        .collect()
}

/// The value of a field no condition decides: missing, unless the field is required.
fn filler<'d>(program: &Program, f: FieldId, today: jiff::civil::Date) -> Value<'d> {
    let field = &program.fields[f];
    if !field.required {
        return Value::Missing;
    }
    match &field.ty {
        FieldType::Text => Value::Text("x"),
        FieldType::Number | FieldType::Money => Value::Num(crate::value::Decimal::ZERO),
        FieldType::Bool => Value::Bool(false),
        FieldType::Date => Value::Date(today),
        FieldType::OneOf(_) | FieldType::Grade(_) => Value::Member(0),
    }
}

/// A confirmed record that ladder `l` gives no level, from the records of `none`.
pub(super) fn falls_through(enc: &Encoder<'_, '_>, l: LadderId, none: &Bdd) -> Option<Vec<(String, Shown)>> {
    let d = enc.d;
    let ctx = d.ctx();
    let fields = fields_of(d.program, l);
    let mut best: Option<(usize, Vec<Value<'_>>)> = None;
    // Of the confirmed records, the one with the most fields missing says least.
    for path in none.sat_clauses().take(TRIES) {
        let values = record(enc, &path);
        let mut frame = Frame::new(d.program);
        frame.fields.clone_from(&values);
        let missing = fields.iter().filter(|&&f| values[f].is_missing()).count();
        if ctx.grade(l, &mut frame).is_none() && best.as_ref().is_none_or(|(m, _)| missing > *m) {
            best = Some((missing, values));
        }
    }
    let (_, values) = best?;
    Some(fields.into_iter().map(|f| (d.program.fields[f].name.clone(), shown(d.program, f, values[f]))).collect())
}

/// A confirmed record that makes both rules `a` and `b` of ladder `l` true, from the records of
/// `both`: the fields the two conditions read, in declared order.
pub(super) fn both_true(
    enc: &Encoder<'_, '_>,
    l: LadderId,
    (a, b): (usize, usize),
    both: &Bdd,
) -> Option<Vec<(String, Shown)>> {
    let d = enc.d;
    let ctx = d.ctx();
    let rules = &d.program.ladders[l].rules;
    let conds: Vec<&Expr> = [a, b].iter().filter_map(|&r| rules[r].cond.as_ref()).collect();
    let fields = fields_of_conds(d.program, &conds);
    let values = both.sat_clauses().take(TRIES).map(|path| record(enc, &path)).find(|values| {
        let mut frame = Frame::new(d.program);
        frame.fields.clone_from(values);
        conds.iter().all(|c| {
            frame.clear_cache();
            ctx.eval(c, &mut frame).truth() == Some(true)
        })
    })?;
    Some(fields.into_iter().map(|f| (d.program.fields[f].name.clone(), shown(d.program, f, values[f]))).collect())
}

/// The fields ladder `l` reads, through lets, scores and the ladders it uses, in declared order.
pub(super) fn fields_of(program: &Program, l: LadderId) -> Vec<FieldId> {
    let conds: Vec<&Expr> = program.ladders[l].rules.iter().filter_map(|r| r.cond.as_ref()).collect();
    fields_of_conds(program, &conds)
}

/// The fields `conds` read, through lets, scores and the ladders they use, in declared order.
fn fields_of_conds(program: &Program, conds: &[&Expr]) -> Vec<FieldId> {
    let mut fields = Vec::new();
    let mut ladders = Vec::new();
    let mut todo: Vec<&Expr> = conds.to_vec();
    let mut i = 0;
    loop {
        for c in todo.drain(..) {
            for n in program.reads(c) {
                match n {
                    Named::Field(f) if !fields.contains(&f) => fields.push(f),
                    Named::Ladder(m) if !ladders.contains(&m) => ladders.push(m),
                    Named::Field(_) | Named::Ladder(_) | Named::Let(_) | Named::Score(_) | Named::Pop(_) => {}
                }
            }
        }
        let Some(&l) = ladders.get(i) else { break };
        i += 1;
        todo.extend(program.ladders[l].rules.iter().filter_map(|r| r.cond.as_ref()));
    }
    fields.sort_unstable();
    fields
}

/// A field's value as the data would hold it.
pub(super) fn shown(program: &Program, f: FieldId, v: Value<'_>) -> Shown {
    let member = |m: u32| match &program.fields[f].ty {
        FieldType::OneOf(names) => names.get(m as usize).cloned(),
        FieldType::Grade(l) => program.ladders[*l].rules.get(m as usize).map(|r| r.level.clone()),
        FieldType::Text | FieldType::Number | FieldType::Money | FieldType::Bool | FieldType::Date => None,
    };
    match v {
        Value::Missing => Shown::Missing,
        Value::Bool(true) => Shown::Yes,
        Value::Bool(false) => Shown::No,
        Value::Num(n) => Shown::Written(crate::value::format_number(n)),
        Value::Text(t) => Shown::Written(t.to_string()),
        Value::Date(d) => Shown::Written(d.to_string()),
        Value::Duration(d) => Shown::Written(d.to_string()),
        Value::Member(m) => member(m).map_or(Shown::Missing, Shown::Written),
    }
}
