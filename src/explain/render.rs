//! The English text of explanations: evaluation trees, `ladder explain`'s report and the
//! `NAME_why` lines. Everything here reads the data of `explain`; nothing evaluates.

use super::{explain, move_why, rule_why, Explanation, LadderSteps, MoveSteps, MoveWhy, Node, RuleWhy};
use crate::diag::styled::Styled;
use crate::eval::{Ctx, Frame};
use crate::ir::{LadderId, Program, TransId, Type};

impl Node {
    /// This part in one short phrase: `询问公司产品=是 ✓`, `年销售额 >= 100万 ✗ (年销售额=80000)`.
    pub fn phrase(&self) -> String {
        let mut out = Styled::default();
        self.phrase_into(&mut out);
        out.text
    }

    /// Whether this part is a bare field: it reads one field, the one its text names.
    fn reads_only_itself(&self) -> bool {
        matches!(self.inputs.as_slice(), [only] if only.field == self.text)
    }

    /// `name=value` of each field read, joined by commas.
    fn inputs_text(&self) -> String {
        self.inputs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }

    /// [`Node::phrase`], its mark toned.
    pub fn phrase_into(&self, out: &mut Styled) {
        if self.truth.is_none() && self.missing.len() == 1 && self.missing[0] == self.text {
            return out.push(&format!("{} missing", self.text));
        }
        if self.truth.is_none() && !self.missing.is_empty() {
            return out.push(&format!("{}: {} missing", self.text, self.missing.join(", ")));
        }
        let alone = self.reads_only_itself();
        out.push(&if alone { self.inputs[0].to_string() } else { self.text.clone() });
        out.push(" ");
        out.mark(self.truth);
        if let (Some(false), false, false) = (self.truth, self.inputs.is_empty(), alone) {
            out.push(&format!(" ({})", self.inputs_text()));
        }
    }

    /// The tree as indented lines.
    pub fn render(&self, indent: usize, out: &mut String) {
        let mut styled = Styled::default();
        self.render_into(indent, &mut styled);
        out.push_str(&styled.text);
    }

    /// [`Node::render`], its marks toned.
    pub fn render_into(&self, indent: usize, out: &mut Styled) {
        out.push(&"  ".repeat(indent));
        if self.is_cond {
            out.mark(self.truth);
        } else {
            out.push("=");
        }
        out.push(&format!(" {}", self.text));
        if !self.is_cond {
            out.push(&format!(" = {}", self.shown));
        }
        if self.children.is_empty() && !self.inputs.is_empty() {
            out.push(&format!("    [{}]", self.inputs_text()));
        }
        if !self.missing.is_empty() && self.truth.is_none() {
            out.push(&format!("    (unknown: {} missing)", self.missing.join(", ")));
        }
        out.end_line();
        for c in &self.children {
            c.render_into(indent + 1, out);
        }
    }
}

/// The deciding parts of a tree as phrases joined by `sep`.
fn phrases(node: &Node, sep: &str) -> String {
    node.deciding().iter().map(|n| n.phrase()).collect::<Vec<_>>().join(sep)
}

/// The `NAME_why` line: the deciding conditions of the rule that fired, then why the rule just
/// above it did not fire.
pub fn why_line<'a>(ctx: &Ctx<'a>, ladder: LadderId, f: &mut Frame<'a>, fired: Option<usize>) -> String {
    render_rule_why(ctx.program, &rule_why(ctx, ladder, f, fired))
}

fn render_rule_why(program: &Program, why: &RuleWhy) -> String {
    let rules = &program.ladders[why.ladder].rules;
    let mut parts = vec![match &why.fired {
        Some((i, None)) => format!("{}: otherwise", rules[*i].level),
        Some((i, Some(node))) => format!("{}: {}", rules[*i].level, phrases(node, " ")),
        None => "no level".to_string(),
    }];
    if let Some((j, node)) = &why.above {
        parts.push(format!("{} not: {}", rules[*j].level, phrases(node, " ")));
    }
    parts.join(" · ")
}

/// The `NAME_why` line of a transition set: the deciding conditions of the move that fired and
/// why the move tried just before it did not; or, when the record stays, why the last move tried
/// did not fire (as a ladder's line shows the rule just above the one that fired).
pub fn move_why_line<'a>(ctx: &Ctx<'a>, t: TransId, f: &mut Frame<'a>, fired: Option<(usize, usize)>) -> String {
    render_move_why(ctx.program, t, &move_why(ctx, t, f, fired))
}

fn render_move_why(program: &Program, t: TransId, why: &MoveWhy) -> String {
    let set = &program.transitions[t];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let deciding = |node: &Option<Node>| node.as_ref().map_or("otherwise".into(), |n| phrases(n, " "));
    let why_not = |(m, node): &(usize, Option<Node>)| format!("→{} not: {}", level(set.moves[*m].to), deciding(node));
    match why {
        MoveWhy::NoStage => format!("no move: {} is missing", program.fields[set.field].name),
        MoveWhy::Moved { from, by, before } => {
            let line = format!("{} → {}: {}", level(*from), level(set.moves[by.0].to), deciding(&by.1));
            match before {
                Some(b) => format!("{line} · {}", why_not(b)),
                None => line,
            }
        }
        MoveWhy::Final { at } => format!("stays at {0}: {0} is final", level(*at)),
        MoveWhy::NoMoves { at } => format!("stays at {0}: no move leaves {0}", level(*at)),
        MoveWhy::Stays { at, tried, last } => {
            let count = match tried {
                1 => format!("the one move from {} does not fire", level(*at)),
                n => format!("none of the {n} moves from {} fires", level(*at)),
            };
            format!("stays at {}: {count} · {}", level(*at), why_not(last))
        }
    }
}

/// The whole evaluation of every ladder for one record, as `ladder explain` prints it.
pub fn explain_record<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>) -> String {
    render_explanation(ctx.program, &explain(ctx, f), f)
}

fn render_explanation(program: &Program, e: &Explanation, f: &Frame<'_>) -> String {
    let mut out = String::new();
    for steps in &e.ladders {
        render_ladder(program, steps, &mut out);
    }
    for steps in &e.moves {
        render_moves(program, steps, f, &mut out);
    }
    out
}

fn render_ladder(program: &Program, steps: &LadderSteps, out: &mut String) {
    let ladder = &program.ladders[steps.ladder];
    match steps.fired {
        Some(i) => {
            let r = &ladder.rules[i];
            out.push_str(&format!("{}: {} {} ({})\n", ladder.name, r.level, r.label, program.file_line(&r.loc)));
        }
        None => out.push_str(&format!("{}: no level (no rule is true and there is no `otherwise`)\n", ladder.name)),
    }
    for (i, node) in &steps.tried {
        let r = &ladder.rules[*i];
        let fired = steps.fired == Some(*i);
        out.push_str(&format!("  {} {} — {}\n", r.level, r.label, if fired { "fired" } else { "did not fire" }));
        match node {
            None => out.push_str("    ✓ otherwise\n"),
            Some(node) => {
                node.render(2, out);
                if !fired {
                    out.push_str(&format!("    why not {}: {}\n", r.level, phrases(node, " · ")));
                }
            }
        }
    }
    if let Some(i) = steps.fired.filter(|i| i + 1 < ladder.rules.len()) {
        let below = ladder.rules.len() - i - 1;
        out.push_str(&format!("  (the {below} rules below {} were not tried)\n", ladder.rules[i].level));
    }
    out.push('\n');
}

fn render_moves(program: &Program, steps: &MoveSteps, f: &Frame<'_>, out: &mut String) {
    let set = &program.transitions[steps.set];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let cur = super::show(program, Type::Level(set.ladder), f.fields[set.field]);
    match (steps.fired, steps.current) {
        (Some((m, to)), _) => {
            out.push_str(&format!("{}: {cur} -> {} ({})\n", set.name, level(to), program.file_line(&set.moves[m].loc)))
        }
        (None, None) => out.push_str(&format!(
            "{}: stays at {cur} (no current stage: {} is missing)\n",
            set.name, program.fields[set.field].name
        )),
        (None, Some(c)) if set.is_final(c) => out.push_str(&format!("{}: stays at {cur} ({cur} is final)\n", set.name)),
        (None, Some(_)) => out.push_str(&format!("{}: stays at {cur} (no move fires)\n", set.name)),
    }
    for (m, node) in &steps.tried {
        let mv = &set.moves[*m];
        let fired = steps.fired.is_some_and(|(i, _)| i == *m);
        let status = if fired { "fired" } else { "did not fire" };
        out.push_str(&format!("  -> {} ({}) — {status}\n", level(mv.to), program.file_line(&mv.loc)));
        match node {
            None => out.push_str("    ✓ otherwise\n"),
            Some(node) => node.render(2, out),
        }
        if let (false, Some(node)) = (fired, node) {
            out.push_str(&format!("    why not {}: {}\n", level(mv.to), phrases(node, " · ")));
        }
    }
}
