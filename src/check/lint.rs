//! Warnings: things that parse and type-check but are probably not what the manager meant.

use super::Checker;
use crate::diag::{Diagnostic, FileId, Loc};
use crate::syntax::ast::{self, Item};

pub(super) fn lint(c: &mut Checker<'_>, files: &[(FileId, ast::File)]) {
    // Part of a file that did not parse may use any name or hold the `otherwise`: say nothing
    // rather than something false.
    if c.diags.iter().any(|d| matches!(d.code, "ladder::syntax" | "ladder::unclosed" | "ladder::too_deep")) {
        return;
    }
    for (file, ast) in files {
        for item in &ast.items {
            match item {
                Item::Grades(l) => ladder(c, *file, l),
                Item::Transitions(t) => transitions(c, *file, t),
                _ => {}
            }
        }
    }
    unused(c, files);
}

fn ladder(c: &mut Checker<'_>, file: FileId, l: &ast::LadderDecl) {
    let otherwise = l.rules.iter().position(|r| r.cond.is_none());
    match otherwise {
        None => c.diags.push(
            Diagnostic::warning(
                "ladder::no_otherwise",
                Loc { file, span: l.name.span.clone() },
                format!("Some records may get no level of `{}`: no rule says `otherwise`.", l.name.text),
            )
            .label("this ladder has no `otherwise`")
            .help("End the ladder with a rule such as `A21 \"资料级\" otherwise`, so every record gets a level."),
        ),
        Some(i) => {
            if let Some(after) = l.rules.get(i + 1) {
                c.diags.push(
                    Diagnostic::warning(
                        "ladder::unreachable_rule",
                        Loc { file, span: after.level.span.clone() },
                        format!("The rule for `{}` can never fire: it comes after `otherwise`.", after.level.text),
                    )
                    .label("never reached")
                    .related(Loc { file, span: l.rules[i].span.clone() }, "every record stops here")
                    .help("Move the `otherwise` rule to the end of the ladder."),
                );
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
            c.diags.push(
                Diagnostic::warning(
                    "ladder::unused_field",
                    field.loc.clone(),
                    format!("The field `{}` is declared but no rule uses it.", field.name),
                )
                .label("never used")
                .help(
                    "Remove it, or use it in a rule; columns that are not declared still pass through to the output.",
                ),
            );
        }
    }
    for (i, binding) in c.p.lets.iter().enumerate() {
        if rule_files.contains(&binding.loc.file) && !c.used_lets[i] {
            c.diags.push(
                Diagnostic::warning(
                    "ladder::unused_let",
                    binding.loc.clone(),
                    format!("`{}` is defined but no rule uses it.", binding.name),
                )
                .label("never used")
                .help("Remove it, or use its name in a rule's condition."),
            );
        }
    }
}
