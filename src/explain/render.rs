//! The text of explanations, in a language: evaluation trees, `ladder explain`'s report and the
//! `NAME_why` lines. Everything here reads the data of `explain`; nothing evaluates.

use super::{explain, move_why, rule_why, Decided, Explanation, Join, LadderSteps, MoveSteps, MoveWhy, Node, RuleWhy};
use crate::diag::styled::Styled;
use crate::diag::words::list;
use crate::diag::Lang;
use crate::eval::{Ctx, Frame};
use crate::ir::{LadderId, Program, TransId, Type};
use crate::t;

impl Node {
    /// This part in one short phrase: `询问公司产品=是 ✓`, `年销售额 >= 100万 ✗ (年销售额=8万)`.
    pub fn phrase(&self, lang: Lang) -> String {
        let mut out = Styled::default();
        self.phrase_into(lang, &mut out);
        out.text
    }

    /// The text of this part: its source, or a group's heading in `lang`.
    fn text(&self, lang: Lang) -> String {
        if !self.group {
            return self.text.clone();
        }
        match self.join {
            Join::All => t!(lang, "group.all"),
            Join::Any => t!(lang, "group.any"),
            Join::AtLeast(n) => t!(lang, "group.at-least", n),
            Join::Leaf | Join::Not | Join::Let => self.text.clone(),
        }
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
    pub fn phrase_into(&self, lang: Lang, out: &mut Styled) {
        if self.truth.is_none() && self.missing.len() == 1 && self.missing[0] == self.text {
            return out.push(&t!(lang, "phrase.missing", name = &self.text));
        }
        if self.truth.is_none() && !self.missing.is_empty() {
            return out.push(&t!(
                lang,
                "phrase.parts-missing",
                text = &self.text,
                names = list(lang.into(), &self.missing)
            ));
        }
        let alone = self.reads_only_itself();
        out.push(&if alone { self.inputs[0].to_string() } else { self.text(lang) });
        out.push(" ");
        out.mark(self.truth);
        if let (Some(false), false, false) = (self.truth, self.inputs.is_empty(), alone) {
            out.push(&format!(" ({})", self.inputs_text()));
        }
    }

    /// The tree as indented lines.
    pub fn render(&self, lang: Lang, indent: usize, out: &mut String) {
        let mut styled = Styled::default();
        self.render_into(lang, indent, &mut styled);
        out.push_str(&styled.text);
    }

    /// [`Node::render`], its marks toned.
    pub fn render_into(&self, lang: Lang, indent: usize, out: &mut Styled) {
        out.push(&"  ".repeat(indent));
        if self.is_cond {
            out.mark(self.truth);
        } else {
            out.push("=");
        }
        out.push(&format!(" {}", self.text(lang)));
        if !self.is_cond {
            out.push(&format!(" = {}", self.shown));
        }
        if self.children.is_empty() && !self.inputs.is_empty() {
            out.push(&format!("    [{}]", self.inputs_text()));
        }
        if !self.missing.is_empty() && self.truth.is_none() {
            out.push(&format!("    {}", t!(lang, "tree.unknown", names = list(lang.into(), &self.missing))));
        }
        out.end_line();
        for c in &self.children {
            c.render_into(lang, indent + 1, out);
        }
    }
}

/// The deciding parts of a tree as phrases joined by `sep`.
fn phrases(lang: Lang, node: &Node, sep: &str) -> String {
    node.deciding().iter().map(|n| n.phrase(lang)).collect::<Vec<_>>().join(sep)
}

/// The deciding parts of a rule or move, or `otherwise` when it has no condition.
fn deciding(lang: Lang, node: Option<&Node>) -> String {
    node.map_or_else(|| t!(lang, "otherwise"), |n| phrases(lang, n, " "))
}

/// The `NAME_why` line: the deciding conditions of the rule that fired, then why the rule just
/// above it did not fire.
pub fn why_line<'a>(ctx: &Ctx<'a>, ladder: LadderId, f: &mut Frame<'a>, fired: Option<usize>, lang: Lang) -> String {
    let why = rule_why(ctx, ladder, f, fired);
    let level = |i: usize| ctx.program.ladders[ladder].rules[i].level.as_str();
    let fired = why.fired.as_ref().map(|(i, node)| (level(*i), node.as_ref()));
    why_text(lang, fired, why.above.as_ref().map(|(j, node)| (level(*j), node)))
}

/// The facts of a `NAME_why` line with the levels named, as test failures keep them.
pub fn decided(program: &Program, why: &RuleWhy) -> Decided {
    let level = |i: usize| program.ladders[why.ladder].rules[i].level.clone();
    Decided {
        fired: why.fired.as_ref().map(|(i, node)| (level(*i), node.clone())),
        above: why.above.as_ref().map(|(j, node)| (level(*j), node.clone())),
    }
}

/// The words of a `NAME_why` line.
pub fn decided_text(lang: Lang, why: &Decided) -> String {
    let fired = why.fired.as_ref().map(|(level, node)| (level.as_str(), node.as_ref()));
    why_text(lang, fired, why.above.as_ref().map(|(level, node)| (level.as_str(), node)))
}

/// The words of a `NAME_why` line from the level that fired (with its condition's tree, none for
/// `otherwise`) and the level just above it with why it did not.
fn why_text(lang: Lang, fired: Option<(&str, Option<&Node>)>, above: Option<(&str, &Node)>) -> String {
    let mut parts = vec![match fired {
        Some((level, node)) => t!(lang, "why.rule", level, why = deciding(lang, node)),
        None => t!(lang, "why.no-level"),
    }];
    if let Some((level, node)) = above {
        parts.push(t!(lang, "why.rule-not", level, why = phrases(lang, node, " ")));
    }
    parts.join(" · ")
}

/// The `NAME_why` line of a transition set: the deciding conditions of the move that fired and
/// why the move tried just before it did not; or, when the record stays, why the last move tried
/// did not fire (as a ladder's line shows the rule just above the one that fired).
pub fn move_why_line<'a>(
    ctx: &Ctx<'a>,
    t: TransId,
    f: &mut Frame<'a>,
    fired: Option<(usize, usize)>,
    lang: Lang,
) -> String {
    render_move_why(lang, ctx.program, t, &move_why(ctx, t, f, fired))
}

fn render_move_why(lang: Lang, program: &Program, t: TransId, why: &MoveWhy) -> String {
    let set = &program.transitions[t];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let why_not = |(m, node): &(usize, Option<Node>)| {
        t!(lang, "why.move-not", level = level(set.moves[*m].to), why = deciding(lang, node.as_ref()))
    };
    match why {
        MoveWhy::NoStage => t!(lang, "why.no-stage", field = &program.fields[set.field].name),
        MoveWhy::Moved { from, by, before } => {
            let (from, to) = (level(*from), level(set.moves[by.0].to));
            let line = t!(lang, "why.moved", from, to, why = deciding(lang, by.1.as_ref()));
            match before {
                Some(b) => format!("{line} · {}", why_not(b)),
                None => line,
            }
        }
        MoveWhy::Final { at } => t!(lang, "why.final", level = level(*at)),
        MoveWhy::NoMoves { at } => t!(lang, "why.no-moves", level = level(*at)),
        MoveWhy::Stays { at, tried: 1, last } => t!(lang, "why.stays-one", level = level(*at), last = why_not(last)),
        MoveWhy::Stays { at, tried, last } => {
            t!(lang, "why.stays-many", level = level(*at), n = tried, last = why_not(last))
        }
    }
}

/// The whole evaluation of every ladder for one record, as `ladder explain` prints it.
pub fn explain_record<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>, lang: Lang) -> String {
    render_explanation(lang, ctx.program, &explain(ctx, f), f)
}

fn render_explanation(lang: Lang, program: &Program, e: &Explanation, f: &Frame<'_>) -> String {
    let mut out = String::new();
    for steps in &e.ladders {
        render_ladder(lang, program, steps, &mut out);
    }
    for steps in &e.moves {
        render_moves(lang, program, steps, f, &mut out);
    }
    out
}

/// `fired` or `did not fire`.
fn status(lang: Lang, fired: bool) -> String {
    if fired {
        t!(lang, "fired")
    } else {
        t!(lang, "not-fired")
    }
}

/// A line of the report, after `indent` spaces.
fn line(out: &mut String, indent: usize, text: &str) {
    out.push_str(&" ".repeat(indent));
    out.push_str(text);
    out.push('\n');
}

fn render_ladder(lang: Lang, program: &Program, steps: &LadderSteps, out: &mut String) {
    let ladder = &program.ladders[steps.ladder];
    let name = &ladder.name;
    let heading = match steps.fired {
        Some(i) => {
            let r = &ladder.rules[i];
            t!(
                lang,
                "explain.ladder",
                ladder = name,
                level = &r.level,
                label = &r.label,
                place = program.file_line(&r.loc)
            )
        }
        None => t!(lang, "explain.ladder-no-level", ladder = name),
    };
    line(out, 0, &heading);
    for (i, node) in &steps.tried {
        let r = &ladder.rules[*i];
        let fired = steps.fired == Some(*i);
        line(out, 2, &t!(lang, "explain.rule", level = &r.level, label = &r.label, status = status(lang, fired)));
        match node {
            None => line(out, 4, &format!("✓ {}", t!(lang, "otherwise"))),
            Some(node) => {
                node.render(lang, 2, out);
                if !fired {
                    line(out, 4, &t!(lang, "explain.why-not", level = &r.level, why = phrases(lang, node, " · ")));
                }
            }
        }
    }
    if let Some(i) = steps.fired.filter(|i| i + 1 < ladder.rules.len()) {
        let n = ladder.rules.len() - i - 1;
        line(out, 2, &t!(lang, "explain.not-tried", n, level = &ladder.rules[i].level));
    }
    out.push('\n');
}

fn render_moves(lang: Lang, program: &Program, steps: &MoveSteps, f: &Frame<'_>, out: &mut String) {
    let set = &program.transitions[steps.set];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let stage = super::show(program, Type::Level(set.ladder), f.fields[set.field]);
    let heading = match (steps.fired, steps.current) {
        (Some((m, to)), _) => {
            let place = program.file_line(&set.moves[m].loc);
            t!(lang, "explain.moved", set = &set.name, from = stage, to = level(to), place)
        }
        (None, None) => t!(
            lang,
            "explain.no-stage",
            set = &set.name,
            stage = t!(lang, "missing"),
            field = &program.fields[set.field].name
        ),
        (None, Some(c)) if set.is_final(c) => t!(lang, "explain.final", set = &set.name, stage),
        (None, Some(_)) => t!(lang, "explain.stays", set = &set.name, stage),
    };
    line(out, 0, &heading);
    for (m, node) in &steps.tried {
        let mv = &set.moves[*m];
        let fired = steps.fired.is_some_and(|(i, _)| i == *m);
        let place = program.file_line(&mv.loc);
        line(out, 2, &t!(lang, "explain.move", to = level(mv.to), place, status = status(lang, fired)));
        match node {
            None => line(out, 4, &format!("✓ {}", t!(lang, "otherwise"))),
            Some(node) => node.render(lang, 2, out),
        }
        if let (false, Some(node)) = (fired, node) {
            line(out, 4, &t!(lang, "explain.why-not", level = level(mv.to), why = phrases(lang, node, " · ")));
        }
    }
}
