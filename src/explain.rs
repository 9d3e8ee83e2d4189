//! Why a record got its level: the evaluation tree of a condition, with every part's value, and
//! the one-line summary written to `NAME_why` columns.

use crate::eval::{Ctx, Frame};
use crate::ir::{Expr, ExprKind as K, FieldType, LadderId, Program, TransId, Type};
use crate::value::{Show, Value};

/// One evaluated condition or value, with its parts.
#[derive(Debug, Clone)]
pub struct Node {
    /// The source text, or a heading such as `all of`.
    pub text: String,
    /// True, false, or unknown (`None`); `None` also for values that are not conditions.
    pub truth: Option<bool>,
    pub is_cond: bool,
    pub join: Join,
    /// The value shown for non-conditions and bare fields.
    pub shown: String,
    /// `name = value` of the fields this part reads.
    pub inputs: Vec<String>,
    /// Fields read by this part that are missing.
    pub missing: Vec<String>,
    pub children: Vec<Node>,
}

/// How a node combines its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Leaf,
    All,
    Any,
    AtLeast,
    Not,
    Let,
}

/// Shows a value of type `ty` for a person.
pub fn show(program: &Program, ty: Type, v: Value<'_>) -> String {
    let members = match ty {
        Type::Member(f) => match &program.fields[f].ty {
            FieldType::OneOf(m) => Some(m.as_slice()),
            _ => None,
        },
        _ => None,
    };
    let level_names = match ty {
        Type::Level(l) => Some(program.levels(l).collect()),
        _ => None,
    };
    Show { value: v, members, level_names }.to_string()
}

/// Evaluates `e` and each of its parts; lets are opened when `open_lets`.
pub fn trace<'a>(ctx: &Ctx<'a>, e: &'a Expr, f: &mut Frame<'a>, open_lets: bool) -> Node {
    let v = ctx.eval(e, f);
    let program = ctx.program;
    let is_cond = e.ty == Type::Bool;
    let (join, text, children): (Join, String, Vec<Node>) = match &e.kind {
        K::And(xs) if is_group(program, e) => (Join::All, "all of".into(), kids(ctx, xs, f, open_lets)),
        K::Or(xs) if is_group(program, e) => (Join::Any, "any of".into(), kids(ctx, xs, f, open_lets)),
        K::And(xs) => (Join::All, source(program, e), kids(ctx, xs, f, open_lets)),
        K::Or(xs) => (Join::Any, source(program, e), kids(ctx, xs, f, open_lets)),
        K::AtLeast(n, xs) => (Join::AtLeast, format!("at least {n} of"), kids(ctx, xs, f, open_lets)),
        K::Not(x) => (Join::Not, source(program, e), vec![trace(ctx, x, f, open_lets)]),
        K::Let(i) if open_lets && is_cond => {
            let b = &program.lets[*i];
            (Join::Let, b.name.clone(), vec![trace(ctx, &b.expr, f, open_lets)])
        }
        _ => (Join::Leaf, source(program, e), vec![]),
    };
    let mut fields = Vec::new();
    reads(program, e, &mut fields);
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for id in fields {
        let field = &program.fields[id];
        match f.fields[id] {
            Value::Missing => missing.push(field.name.clone()),
            fv => inputs.push(format!("{}={}", field.name, show(program, field_type(program, id), fv))),
        }
    }
    Node { text, truth: v.truth(), is_cond, join, shown: show(program, e.ty, v), inputs, missing, children }
}

fn kids<'a>(ctx: &Ctx<'a>, xs: &'a [Expr], f: &mut Frame<'a>, open_lets: bool) -> Vec<Node> {
    xs.iter().map(|x| trace(ctx, x, f, open_lets)).collect()
}

/// `all { … }` and `any { … }` groups start with their keyword; `a and b` does not.
fn is_group(program: &Program, e: &Expr) -> bool {
    let s = source(program, e);
    ["all", "any", "全部", "任一"].iter().any(|k| s.starts_with(k))
}

fn source(program: &Program, e: &Expr) -> String {
    let s = program.sources.slice(&e.loc);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The type of a field's values.
pub fn field_type(program: &Program, id: usize) -> Type {
    match &program.fields[id].ty {
        FieldType::Text => Type::Text,
        FieldType::Number => Type::Number,
        FieldType::Money => Type::Money,
        FieldType::Bool => Type::Bool,
        FieldType::Date => Type::Date,
        FieldType::OneOf(_) => Type::Member(id),
        FieldType::Grade(l) => Type::Level(*l),
    }
}

/// The fields an expression reads, through lets and scores, each once, in order.
pub fn reads(program: &Program, e: &Expr, out: &mut Vec<usize>) {
    match &e.kind {
        K::Field(i) if !out.contains(i) => out.push(*i),
        K::Let(i) => reads(program, &program.lets[*i].expr, out),
        K::Score(i) => reads(program, &program.scores[*i].expr, out),
        K::Pop(i) => reads(program, &program.pops[*i].arg, out),
        _ => e.children().into_iter().for_each(|c| reads(program, c, out)),
    }
}

impl Node {
    /// The parts that decided this node's truth.
    pub fn deciding(&self) -> Vec<&Node> {
        let with = |t: Option<bool>| self.children.iter().filter(move |c| c.truth == t);
        fn all<'n>(it: &mut dyn Iterator<Item = &'n Node>) -> Vec<&'n Node> {
            it.flat_map(|c| c.deciding()).collect()
        }
        match (self.join, self.truth) {
            (Join::Leaf, _) => vec![self],
            (Join::Not, _) if self.children.iter().all(|c| c.join == Join::Leaf) => vec![self],
            (Join::Not | Join::Let, _) => all(&mut self.children.iter()),
            (_, None) => all(&mut with(None)),
            (Join::All, Some(true)) | (Join::Any, Some(false)) => all(&mut self.children.iter()),
            (Join::All, Some(false)) => all(&mut with(Some(false))),
            (Join::Any, Some(true)) => all(&mut with(Some(true)).take(1)),
            (Join::AtLeast, Some(true)) => all(&mut with(Some(true))),
            (Join::AtLeast, Some(false)) => all(&mut self.children.iter().filter(|c| c.truth != Some(true))),
        }
    }

    /// This part in one short phrase: `询问公司产品=是 ✓`, `年销售额 >= 100万 ✗ (年销售额=80000)`.
    pub fn phrase(&self) -> String {
        let mark = match self.truth {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        if self.truth.is_none() && self.missing.len() == 1 && self.missing[0] == self.text {
            return format!("{} missing", self.text);
        }
        if self.truth.is_none() && !self.missing.is_empty() {
            return format!("{}: {} missing", self.text, self.missing.join(", "));
        }
        if self.inputs.len() == 1 && self.inputs[0].starts_with(&format!("{}=", self.text)) {
            return format!("{} {mark}", self.inputs[0]);
        }
        match (self.truth, self.inputs.is_empty()) {
            (Some(false), false) => format!("{} {mark} ({})", self.text, self.inputs.join(", ")),
            _ => format!("{} {mark}", self.text),
        }
    }

    /// The tree as indented lines.
    pub fn render(&self, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        let mark = match (self.is_cond, self.truth) {
            (false, _) => "=".to_string(),
            (true, Some(true)) => "✓".into(),
            (true, Some(false)) => "✗".into(),
            (true, None) => "?".into(),
        };
        let mut line = format!("{pad}{mark} {}", self.text);
        if !self.is_cond {
            line.push_str(&format!(" = {}", self.shown));
        }
        if self.children.is_empty()
            && !self.inputs.is_empty()
            && !(self.inputs.len() == 1 && self.inputs[0].starts_with(&format!("{}=", self.text)))
        {
            line.push_str(&format!("    [{}]", self.inputs.join(", ")));
        } else if self.children.is_empty() && self.inputs.len() == 1 {
            line.push_str(&format!("    [{}]", self.inputs[0]));
        }
        if !self.missing.is_empty() && self.truth.is_none() {
            line.push_str(&format!("    (unknown: {} missing)", self.missing.join(", ")));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        for c in &self.children {
            c.render(indent + 1, out);
        }
    }
}

/// The `NAME_why` line: the deciding conditions of the rule that fired, then why the rule just
/// above it did not fire.
pub fn why_line<'a>(ctx: &Ctx<'a>, ladder: LadderId, f: &mut Frame<'a>, fired: Option<usize>) -> String {
    let rules = &ctx.program.ladders[ladder].rules;
    let phrases = |node: &Node| node.deciding().iter().map(|n| n.phrase()).collect::<Vec<_>>().join(" ");
    let mut parts = Vec::new();
    match fired {
        Some(i) => {
            let r = &rules[i];
            parts.push(match &r.cond {
                None => format!("{}: otherwise", r.level),
                Some(c) => format!("{}: {}", r.level, phrases(&trace(ctx, c, f, true))),
            });
        }
        None => parts.push("no level".to_string()),
    }
    let above = match fired {
        Some(i) => i.checked_sub(1),
        None => rules.len().checked_sub(1),
    };
    if let Some(j) = above {
        if let Some(c) = &rules[j].cond {
            parts.push(format!("{} not: {}", rules[j].level, phrases(&trace(ctx, c, f, true))));
        }
    }
    parts.join(" · ")
}

/// The whole evaluation of every ladder for one record, as `ladder explain` prints it.
pub fn explain_record<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>) -> String {
    let program = ctx.program;
    let mut out = String::new();
    for (l, ladder) in program.ladders.iter().enumerate() {
        let fired = ctx.grade(l, f);
        match fired {
            Some(i) => {
                let r = &ladder.rules[i];
                out.push_str(&format!("{}: {} {} ({})\n", ladder.name, r.level, r.label, program.file_line(&r.loc)));
            }
            None => out.push_str(&format!("{}: no level (no rule is true and there is no `otherwise`)\n", ladder.name)),
        }
        let last = fired.unwrap_or(ladder.rules.len().saturating_sub(1));
        for (i, r) in ladder.rules.iter().enumerate().take(last + 1) {
            let status = if Some(i) == fired { "fired" } else { "did not fire" };
            out.push_str(&format!("  {} {} — {status}\n", r.level, r.label));
            match &r.cond {
                None => out.push_str("    ✓ otherwise\n"),
                Some(c) => {
                    let node = trace(ctx, c, f, true);
                    node.render(2, &mut out);
                    if Some(i) != fired {
                        let why: Vec<String> = node.deciding().iter().map(|n| n.phrase()).collect();
                        out.push_str(&format!("    why not {}: {}\n", r.level, why.join(" · ")));
                    }
                }
            }
        }
        if let Some(i) = fired {
            if i + 1 < ladder.rules.len() {
                out.push_str(&format!(
                    "  (the {} rules below {} were not tried)\n",
                    ladder.rules.len() - i - 1,
                    ladder.rules[i].level
                ));
            }
        }
        out.push('\n');
    }
    for t in 0..program.transitions.len() {
        explain_moves(ctx, t, f, &mut out);
    }
    out
}

/// The deciding conditions of a move in one line (`otherwise` for a move without a condition).
fn move_phrases<'a>(ctx: &Ctx<'a>, t: TransId, m: usize, f: &mut Frame<'a>) -> String {
    match &ctx.program.transitions[t].moves[m].cond {
        None => "otherwise".into(),
        Some(c) => trace(ctx, c, f, true).deciding().iter().map(|n| n.phrase()).collect::<Vec<_>>().join(" "),
    }
}

/// The `NAME_why` line of a transition set: the deciding conditions of the move that fired and
/// why the move tried just before it did not; or, when the record stays, why the last move tried
/// did not fire (as a ladder's line shows the rule just above the one that fired).
pub fn move_why_line<'a>(ctx: &Ctx<'a>, t: TransId, f: &mut Frame<'a>, fired: Option<(usize, usize)>) -> String {
    let program = ctx.program;
    let set = &program.transitions[t];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let Some(current) = ctx.current_stage(t, f) else {
        return format!("no move: {} is missing", program.fields[set.field].name);
    };
    let tried: Vec<usize> = ctx.moves_tried(t, f).map(|(i, _)| i).collect();
    let why_not =
        |m: usize, f: &mut Frame<'a>| format!("→{} not: {}", level(set.moves[m].to), move_phrases(ctx, t, m, f));
    match fired {
        Some((m, to)) => {
            let mut line = format!("{} → {}: {}", level(current), level(to), move_phrases(ctx, t, m, f));
            if let Some(&before) = tried.iter().take_while(|&&i| i != m).last() {
                line = format!("{line} · {}", why_not(before, f));
            }
            line
        }
        None if set.is_final(current) => format!("stays at {0}: {0} is final", level(current)),
        None if tried.is_empty() => format!("stays at {0}: no move leaves {0}", level(current)),
        None => {
            let count = match tried.len() {
                1 => format!("the one move from {} does not fire", level(current)),
                n => format!("none of the {n} moves from {} fires", level(current)),
            };
            let last = tried[tried.len() - 1];
            format!("stays at {}: {count} · {}", level(current), why_not(last, f))
        }
    }
}

/// The moves of transition set `t` for one record, as `ladder explain` prints them: the outcome,
/// then each move tried up to the one that fired, with its evaluation tree.
pub fn explain_moves<'a>(ctx: &Ctx<'a>, t: TransId, f: &mut Frame<'a>, out: &mut String) {
    let program = ctx.program;
    let set = &program.transitions[t];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let cur = show(program, Type::Level(set.ladder), f.fields[set.field]);
    let fired = ctx.next_stage(t, f);
    match fired {
        Some((m, to)) => {
            out.push_str(&format!("{}: {cur} -> {} ({})\n", set.name, level(to), program.file_line(&set.moves[m].loc)))
        }
        None => {
            let why = match ctx.current_stage(t, f) {
                None => format!("no current stage: {} is missing", program.fields[set.field].name),
                Some(c) if set.is_final(c) => format!("{cur} is final"),
                Some(_) => "no move fires".into(),
            };
            out.push_str(&format!("{}: stays at {cur} ({why})\n", set.name));
        }
    }
    let tried: Vec<usize> = ctx.moves_tried(t, f).map(|(i, _)| i).collect();
    for m in tried {
        let mv = &set.moves[m];
        let status = if fired.map(|(i, _)| i) == Some(m) { "fired" } else { "did not fire" };
        out.push_str(&format!("  -> {} ({}) — {status}\n", level(mv.to), program.file_line(&mv.loc)));
        match &mv.cond {
            None => out.push_str("    ✓ otherwise\n"),
            Some(c) => trace(ctx, c, f, true).render(2, out),
        }
        if status == "fired" {
            break;
        }
        if let Some(c) = &mv.cond {
            let why: Vec<String> = trace(ctx, c, f, true).deciding().iter().map(|n| n.phrase()).collect();
            out.push_str(&format!("    why not {}: {}\n", level(mv.to), why.join(" · ")));
        }
    }
}
