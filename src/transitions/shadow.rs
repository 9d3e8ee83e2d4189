//! Moves that can never fire because an earlier move from the same stage fires whenever they
//! would: found by reading the conditions (same condition, no condition, one that is part of the
//! other), not by trying values.

use crate::ir::{Const, Expr, ExprKind as K, Group, Named, Program, Transitions};

/// How deep `let`s are opened when comparing conditions.
const DEPTH: usize = 12;

/// The earliest move before move `i` that leaves `stage` and fires whenever move `i` would.
pub(super) fn shadowed_by(program: &Program, set: &Transitions, i: usize, stage: usize) -> Option<usize> {
    let m = &set.moves[i];
    set.leaving(stage).take_while(|&(j, _)| j < i).find_map(|(j, earlier)| {
        let covers = match (&m.cond, &earlier.cond) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => implies(program, a, b, DEPTH),
        };
        covers.then_some(j)
    })
}

/// Whether `a` being true makes `b` true, as far as reading them shows.
pub(super) fn implies(program: &Program, a: &Expr, b: &Expr, depth: usize) -> bool {
    if matches!(b.kind, K::Const(Const::Bool(true))) || a.same(b) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    let d = depth - 1;
    let go = |x: &Expr, y: &Expr| implies(program, x, y, d);
    if let Some(Named::Let(i)) = a.named() {
        return go(&program.lets[i].expr, b);
    }
    if let Some(Named::Let(j)) = b.named() {
        return go(a, &program.lets[j].expr);
    }
    // Every part of an `and` holds, and some part of an `or`.
    all_of(a).is_some_and(|xs| xs.iter().any(|x| go(x, b)))
        || any_of(b).is_some_and(|ys| ys.iter().any(|y| go(a, y)))
        || all_of(b).is_some_and(|ys| ys.iter().all(|y| go(a, y)))
        || any_of(a).is_some_and(|xs| xs.iter().all(|x| go(x, b)))
}

/// The parts of a condition that all hold when it holds: `and`, `all { }`, `at least N of` with
/// N the number of parts.
fn all_of(e: &Expr) -> Option<&[Expr]> {
    match e.logic()? {
        (Group::All, xs) => Some(xs),
        (Group::AtLeast(n), xs) if n as usize == xs.len() => Some(xs),
        (Group::AtLeast(_) | Group::Any, _) => None,
    }
}

/// The parts of a condition of which one holds when it holds: `or`, `any { }`, `at least 1 of`.
fn any_of(e: &Expr) -> Option<&[Expr]> {
    match e.logic()? {
        (Group::Any | Group::AtLeast(1), xs) => Some(xs),
        (Group::AtLeast(_) | Group::All, _) => None,
    }
}
