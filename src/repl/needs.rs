//! What would make a condition true: the parts of its evaluation tree that failed or were
//! unknown, each phrased as the change it needs ("询问公司产品 to be true", "知道报价 is missing —
//! set it with :set 知道报价 = 是").

use crate::explain::{Join, Node};
use crate::ir::{FieldType, Program};

/// A change a condition needs, or a choice of changes.
#[derive(Debug, Clone, PartialEq)]
enum Need {
    One(String),
    All(Vec<Need>),
    Any(Vec<Need>),
    /// At least this many more of the parts.
    More(String, Vec<Need>),
}

/// The lines saying what would make `node` come out `want`; empty when it already does.
pub(super) fn needs(program: &Program, node: &Node, want: bool) -> Vec<String> {
    let mut out = Vec::new();
    match walk(program, node, want) {
        None => {}
        Some(Need::All(parts)) => parts.iter().for_each(|p| render(p, 1, &mut out)),
        Some(n) => render(&n, 1, &mut out),
    }
    out
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
            let n = n as usize;
            let more = n.saturating_sub(have).max(1);
            let words = if have == 0 { format!("at least {more}") } else { format!("{more} more") };
            Need::More(words, parts(&mut node.children.iter(), true))
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
                _ => {}
            }
        }
        out
    };
    match n {
        Need::All(v) => one_or(flat(v, true), Need::All),
        Need::Any(v) => one_or(flat(v, false), Need::Any),
        n => n,
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
                let place = if node.field.as_ref() == Some(f) { String::new() } else { format!(" (for {text})") };
                Need::One(format!("{f} is missing{place} — set it with :set {f} = {}", suggest(p, f, &node.text, want)))
            })
            .collect();
        return simplify(Need::All(lines));
    }
    let now = if node.inputs.is_empty() {
        String::new()
    } else if let (Some(field), None, [input]) = (&node.field, node.presence, node.inputs.as_slice()) {
        format!(" (now {})", &input[field.len() + 1..])
    } else {
        format!(" (now {})", node.inputs.join(", "))
    };
    let text = &node.text;
    let verdict = if want { "true" } else { "false" };
    if node.truth.is_none() {
        return Need::One(format!("{text} to be {verdict}; it is unknown because a value it reads is missing"));
    }
    Need::One(format!("{text} to be {verdict}{now}"))
}

/// A value to `:set` for a missing field so that `cond` (the part that reads it) can become `want`.
fn suggest(p: &Program, field: &str, cond: &str, want: bool) -> String {
    let Some(f) = p.fields.iter().find(|f| f.name == field) else { return "…".into() };
    let choose = |names: Vec<&str>| {
        let rest = cond.replacen(field, "", 1);
        let negated = rest.contains(" not ") || rest.contains(" 非 ");
        let named = names
            .iter()
            .filter_map(|m| rest.find(*m).map(|at| (at, *m)))
            .min_by_key(|(at, m)| (*at, usize::MAX - m.len()))
            .map(|(_, m)| m);
        let other = names.iter().find(|m| !rest.contains(*m)).copied();
        let pick = if negated != want { named } else { other.filter(|_| negated).or(named) };
        pick.or(names.first().copied()).unwrap_or("…").to_string()
    };
    match &f.ty {
        FieldType::Bool => {
            let plain = cond == field;
            if !plain || want { "是" } else { "否" }.to_string()
        }
        FieldType::OneOf(m) => choose(m.iter().map(String::as_str).collect()),
        FieldType::Grade(l) => choose(p.levels(*l).collect()),
        FieldType::Number => "<a number such as 12>".into(),
        FieldType::Money => "<an amount such as 120万>".into(),
        FieldType::Date => "<a date such as 2026-11-23>".into(),
        FieldType::Text => "<text>".into(),
    }
}

fn render(n: &Need, depth: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    match n {
        Need::One(s) => out.push(format!("{pad}- {s}")),
        Need::All(v) => {
            out.push(format!("{pad}- all of:"));
            v.iter().for_each(|c| render(c, depth + 1, out));
        }
        Need::Any(v) => {
            out.push(format!("{pad}- any one of:"));
            v.iter().for_each(|c| render(c, depth + 1, out));
        }
        Need::More(k, v) => {
            out.push(format!("{pad}- {k} of:"));
            v.iter().for_each(|c| render(c, depth + 1, out));
        }
    }
}
