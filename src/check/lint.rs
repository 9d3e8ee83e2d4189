//! Warnings: things that parse and type-check but are probably not what the manager meant.

use super::Checker;
use crate::diag::{Diagnostic, FileId, Loc, Problem};
use crate::syntax::ast::{self, Item};

pub(super) fn lint(c: &mut Checker<'_>, files: &[(FileId, ast::File)]) {
    // Part of a file that did not parse may use any name or hold the `otherwise`: say nothing
    // rather than something false.
    if c.diags.iter().any(|d| d.problem.is_parse_failure()) {
        return;
    }
    for (file, ast) in files {
        for item in &ast.items {
            match item {
                Item::Grades(l) => ladder(c, *file, l),
                Item::Transitions(t) => transitions(c, *file, t),
                Item::Title(_) | Item::Use(_) | Item::Missing(_) | Item::Fields(_) | Item::Let(_) | Item::Score(_) => {}
                Item::Example(_) | Item::Broken(_) => {}
            }
        }
    }
    unused(c, files);
}

fn ladder(c: &mut Checker<'_>, file: FileId, l: &ast::LadderDecl) {
    let otherwise = l.rules.iter().position(|r| r.cond.is_none());
    match otherwise {
        None => c.diags.push(Diagnostic::new(
            Problem::NoOtherwise { ladder: l.name.text.clone() },
            Loc { file, span: l.name.span.clone() },
        )),
        Some(i) => {
            if let Some(after) = l.rules.get(i + 1) {
                let problem = Problem::UnreachableRule { level: after.level.text.clone() };
                let d = Diagnostic::new(problem, Loc { file, span: after.level.span.clone() })
                    .related(Loc { file, span: l.rules[i].span.clone() });
                c.diags.push(d);
            }
        }
    }
}

/// The stage graph's warnings (see `crate::transitions::lint`), unless the block has errors: a
/// stage that could not be resolved would make the graph look wrong.
fn transitions(c: &mut Checker<'_>, file: FileId, t: &ast::TransitionsDecl) {
    let Some(id) = c.p.transitions.iter().position(|s| s.name == t.name.text && s.loc.file == file) else { return };
    let inside = |d: &Diagnostic| {
        d.is_error() && d.loc.file == file && t.span.start <= d.loc.span.start && d.loc.span.end <= t.span.end
    };
    if c.diags.iter().any(inside) {
        return;
    }
    let warnings = crate::transitions::lint::warnings(&c.p, id);
    c.diags.extend(warnings);
}

/// Fields and lets declared and never used. A file that only declares (no ladders, scores or
/// transitions) is a shared declaration file, and its fields and lets are not reported: each rule
/// file that uses it may need only some of them.
fn unused(c: &mut Checker<'_>, files: &[(FileId, ast::File)]) {
    let has_rules =
        |f: &ast::File| f.items.iter().any(|i| matches!(i, Item::Grades(_) | Item::Score(_) | Item::Transitions(_)));
    let rule_files: Vec<FileId> = files.iter().filter(|(_, f)| has_rules(f)).map(|(id, _)| *id).collect();
    for (i, field) in c.p.fields.iter().enumerate() {
        let reported = rule_files.contains(&field.loc.file) && !c.untyped_fields[i];
        if reported && !c.used_fields[i] && !field.key {
            c.diags.push(Diagnostic::new(Problem::UnusedField { name: field.name.clone() }, field.loc.clone()));
        }
    }
    for (i, binding) in c.p.lets.iter().enumerate() {
        if rule_files.contains(&binding.loc.file) && !c.used_lets[i] {
            c.diags.push(Diagnostic::new(Problem::UnusedLet { name: binding.name.clone() }, binding.loc.clone()));
        }
    }
}
