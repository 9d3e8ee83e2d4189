//! What would make a condition true: the parts of its evaluation tree that failed or were
//! unknown, each as the change it needs (a field to set, with a value to try, or a part that must
//! become true or false). Reads the tree's structure, never its text.

use super::said::{Change, Need, Now, Suggestion};
use crate::explain::{Join, Node};
use crate::ir::{FieldType, Program};

/// What would make `node` come out `want`, as a list; empty when it already does.
pub(super) fn needs(program: &Program, node: &Node, want: bool) -> Vec<Need> {
    match walk(program, node, want) {
        None => Vec::new(),
        Some(Need::All(parts)) => parts,
        Some(n) => vec![n],
    }
}

fn walk(p: &Program, node: &Node, want: bool) -> Option<Need> {
    if node.truth == Some(want) {
        return None;
    }
    let parts = |children: &mut dyn Iterator<Item = &Node>, want: bool| -> Vec<Need> {
        let mut v: Vec<Need> = Vec::new();
        for n in children.filter_map(|c| walk(p, c, want)) {
            if !v.contains(&n) {
                v.push(n);
            }
        }
        v
    };
    let need = match (node.join, want) {
        (Join::Leaf, _) => leaf(p, node, want, None),
        (Join::Not, _) if node.children.len() == 1 && node.children[0].join == Join::Leaf => {
            leaf(p, &node.children[0], !want, Some(node))
        }
        (Join::Not, _) => walk(p, &node.children[0], !want)?,
        (Join::Let, _) => walk(p, &node.children[0], want)?,
        (Join::All, true) => Need::All(parts(&mut node.children.iter(), true)),
        (Join::Any, false) => Need::All(parts(&mut node.children.iter(), false)),
        (Join::Any, true) => Need::Any(parts(&mut node.children.iter(), true)),
        (Join::All, false) => Need::Any(parts(&mut node.children.iter(), false)),
        (Join::AtLeast(n), true) => {
            let have = node.children.iter().filter(|c| c.truth == Some(true)).count();
            let more = (n as usize).saturating_sub(have).max(1);
            Need::More { more, none_yet: have == 0, parts: parts(&mut node.children.iter(), true) }
        }
        (Join::AtLeast(_), false) => leaf(p, node, false, None),
    };
    Some(simplify(need))
}

/// A group of one is its member; an `all` inside an `all` (or `any` inside `any`) joins it.
fn simplify(n: Need) -> Need {
    let flat = |v: Vec<Need>, all: bool| -> Vec<Need> {
        let mut out = Vec::new();
        for c in v {
            match c {
                Need::All(inner) if all => out.extend(inner),
                Need::Any(inner) if !all => out.extend(inner),
                c if !out.contains(&c) => out.push(c),
                Need::One(_) | Need::All(_) | Need::Any(_) | Need::More { .. } => {}
            }
        }
        out
    };
    match n {
        Need::All(v) => one_or(flat(v, true), Need::All),
        Need::Any(v) => one_or(flat(v, false), Need::Any),
        n @ (Need::One(_) | Need::More { .. }) => n,
    }
}

fn one_or(mut v: Vec<Need>, group: fn(Vec<Need>) -> Need) -> Need {
    if v.len() == 1 {
        v.remove(0)
    } else {
        group(v)
    }
}

/// One part that must change. `shown` is the node to name when it differs from `node` (the
/// `not X` around a field).
fn leaf(p: &Program, node: &Node, want: bool, shown: Option<&Node>) -> Need {
    let text = &shown.unwrap_or(node).text;
    let absent = node.presence == Some(want);
    if (node.truth.is_none() || absent) && !node.missing.is_empty() {
        let lines: Vec<Need> = node
            .missing
            .iter()
            .map(|f| {
                let part = (node.field.as_ref() != Some(f)).then(|| text.clone());
                // A ladder used in the condition cannot be set; it needs a level of its own.
                if p.ladders.iter().any(|l| l.name == *f) {
                    let part = Some(text.clone());
                    return Need::One(Change::NoLevel { ladder: f.clone(), part });
                }
                Need::One(Change::Set { field: f.clone(), part, value: suggest(p, f, node, want) })
            })
            .collect();
        return simplify(Need::All(lines));
    }
    let now = match (&node.field, node.presence, node.inputs.as_slice()) {
        (_, _, []) => Now::Nothing,
        (Some(_), None, [_]) => Now::Value(node.shown.clone()),
        (_, _, inputs) => Now::Inputs(inputs.iter().map(ToString::to_string).collect()),
    };
    let part = node.text.clone();
    if node.truth.is_none() {
        return Need::One(Change::Unknown { part, want });
    }
    Need::One(Change::Become { part, want, now })
}

/// A value to `:set` for a missing field so that `node` (the part that reads it) can become `want`.
fn suggest(p: &Program, field: &str, node: &Node, want: bool) -> Suggestion {
    let Some(id) = p.fields.iter().position(|f| f.name == field) else { return Suggestion::Unknown };
    let choose = |names: Vec<&str>| {
        let tests: Vec<_> = node.members.iter().filter(|t| t.field == id).collect();
        let negated = tests.iter().any(|t| t.negated);
        let named = tests.first().and_then(|t| names.get(t.member as usize).copied());
        let other = (0..names.len()).find(|m| !tests.iter().any(|t| t.member as usize == *m)).map(|m| names[m]);
        let pick = if negated != want { named } else { other.filter(|_| negated).or(named) };
        pick.or(names.first().copied()).map_or(Suggestion::Unknown, |v| Suggestion::Value(v.to_string()))
    };
    match &p.fields[id].ty {
        FieldType::Bool => {
            let plain = node.field.as_deref() == Some(field) && node.presence.is_none();
            Suggestion::Value(if !plain || want { "是" } else { "否" }.to_string())
        }
        FieldType::OneOf(m) => choose(m.iter().map(String::as_str).collect()),
        FieldType::Grade(l) => choose(p.levels(*l).collect()),
        FieldType::Number => Suggestion::Number,
        FieldType::Money => Suggestion::Money,
        FieldType::Date => Suggestion::Date,
        FieldType::Text => Suggestion::Text,
    }
}
