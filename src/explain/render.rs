//! The text of explanations, in a language: evaluation trees, `ladder explain`'s report and the
//! `NAME_why` lines. Everything here words the data of `explain`, or, for the `NAME_why` cells of a
//! run, the phrases [`WhyFacts`] writes with the same words ([`phrase_into`]).

use super::{explain, move_why, Decided, Explanation, Join, LadderSteps, MoveSteps, MoveWhy, Node, Room, WhyFacts};
use crate::diag::styled::{Marked, Styled};
use crate::diag::words::list;
use crate::diag::Lang;
use crate::eval::{Ctx, Frame};
use crate::ir::{LadderId, Program, TransId, Type};
use crate::t;
use std::borrow::Cow;
use std::fmt::Display;

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

    /// `name=value` of each field read, joined by commas.
    fn inputs_text(&self) -> String {
        self.inputs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }

    /// [`Node::phrase`], its mark toned.
    pub fn phrase_into(&self, lang: Lang, out: &mut Styled) {
        let inputs = self.inputs.iter().map(|i| (i.field.as_str(), &i.shown));
        phrase_into(lang, out, &self.text(lang), self.truth, &self.missing, inputs);
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

/// A part in one short phrase, from its text, its truth, the names it reads that are missing and
/// `name=value` of those it reads that are not: `询问公司产品=是 ✓`, `年销售额 >= 100万 ✗ (年销售额=8万)`.
/// The words of every phrase, whether from a tree ([`Node::phrase`]) or from a run's facts
/// ([`super::WhyFacts`]).
pub(super) fn phrase_into<'s, D: Display>(
    lang: Lang,
    out: &mut impl Marked,
    text: &str,
    truth: Option<bool>,
    missing: &[impl AsRef<str>],
    inputs: impl Iterator<Item = (&'s str, D)> + Clone,
) {
    if truth.is_none() && missing.len() == 1 && missing[0].as_ref() == text {
        return t!(into out.plain(); lang, "phrase.missing", name = text);
    }
    if truth.is_none() && !missing.is_empty() {
        return t!(into out.plain(); lang, "phrase.parts-missing", text, names = list(lang.into(), missing));
    }
    // A bare field reads one field, the one its text names: it is shown with its value.
    let mut first_two = inputs.clone().take(2);
    let alone = match (first_two.next(), first_two.next()) {
        (Some((name, shown)), None) if name == text => Some(shown),
        _ => None,
    };
    let some_inputs = inputs.clone().next().is_some();
    let is_alone = alone.is_some();
    // Pushed piece by piece: one `write!` of `{name}={shown}` cost three times one of `{shown}`.
    out.push(text);
    if let Some(shown) = alone {
        out.push("=");
        _ = write!(out, "{shown}");
    }
    out.push(" ");
    out.mark(truth);
    if let (Some(false), true, false) = (truth, some_inputs, is_alone) {
        out.push(" (");
        for (i, (name, shown)) in inputs.enumerate() {
            if i > 0 {
                out.push(", ");
            }
            out.push(name);
            out.push("=");
            _ = write!(out, "{shown}");
        }
        out.push(")");
    }
}

/// The deciding parts of a tree as phrases joined by `sep`.
fn phrases(lang: Lang, node: &Node, sep: &str) -> String {
    node.deciding().iter().map(|n| n.phrase(lang)).collect::<Vec<_>>().join(sep)
}

/// The `NAME_why` line: the deciding conditions of the rule that fired, then why the rule just
/// above it did not fire.
pub fn why_line<'a>(
    facts: &WhyFacts,
    ctx: &Ctx<'a>,
    ladder: LadderId,
    f: &mut Frame<'a>,
    fired: Option<usize>,
    lang: Lang,
    room: &mut Room<'a>,
) -> String {
    let rules = &ctx.program.ladders[ladder].rules;
    let mut why = |i: usize| rules[i].cond.as_ref().map(|c| facts.phrases(ctx, c, f, lang, room));
    let said = fired.map(|i| (rules[i].level.as_str(), why(i)));
    let above = match fired {
        Some(i) => i.checked_sub(1),
        None => rules.len().checked_sub(1),
    };
    let above = above.and_then(|j| Some((rules[j].level.as_str(), why(j)?)));
    let mut line = room.string();
    let fired = said.as_ref().map(|(level, why)| (*level, why.as_deref()));
    why_text(lang, fired, above.as_ref().map(|(level, why)| (*level, why.as_str())), &mut line);
    said.and_then(|(_, why)| why).into_iter().chain(above.map(|(_, why)| why)).for_each(|s| room.give(s));
    line
}

/// The facts of a `NAME_why` line with the levels named, as test failures keep them.
pub fn decided(program: &Program, why: &super::RuleWhy) -> Decided {
    let level = |i: usize| program.ladders[why.ladder].rules[i].level.clone();
    Decided {
        fired: why.fired.as_ref().map(|(i, node)| (level(*i), node.clone())),
        above: why.above.as_ref().map(|(j, node)| (level(*j), node.clone())),
    }
}

/// The words of a `NAME_why` line.
pub fn decided_text(lang: Lang, why: &Decided) -> String {
    let fired = why.fired.as_ref().map(|(level, node)| (level.as_str(), node.as_ref().map(|n| phrases(lang, n, " "))));
    let above = why.above.as_ref().map(|(level, node)| (level.as_str(), phrases(lang, node, " ")));
    let mut line = String::new();
    why_text(
        lang,
        fired.as_ref().map(|(l, why)| (*l, why.as_deref())),
        above.as_ref().map(|(l, why)| (*l, why.as_str())),
        &mut line,
    );
    line
}

/// The deciding phrases of a rule or move (`None`: it has no condition), or `otherwise`.
fn deciding(lang: Lang, why: Option<&str>) -> Cow<'_, str> {
    why.map_or_else(|| Cow::Owned(t!(lang, "otherwise")), Cow::Borrowed)
}

/// The words of a `NAME_why` line from the level that fired (with the deciding phrases of its
/// condition, none for `otherwise`) and the level just above it with why it did not.
fn why_text(lang: Lang, fired: Option<(&str, Option<&str>)>, above: Option<(&str, &str)>, line: &mut String) {
    match fired {
        Some((level, why)) => t!(into line; lang, "why.rule", level, why = deciding(lang, why)),
        None => t!(into line; lang, "why.no-level"),
    }
    if let Some((level, why)) = above {
        line.push_str(" · ");
        t!(into line; lang, "why.rule-not", level, why);
    }
}

/// The `NAME_why` line of a transition set: the deciding conditions of the move that fired and
/// why the move tried just before it did not; or, when the record stays, why the last move tried
/// did not fire (as a ladder's line shows the rule just above the one that fired).
pub fn move_why_line<'a>(
    facts: &WhyFacts,
    ctx: &Ctx<'a>,
    t: TransId,
    f: &mut Frame<'a>,
    fired: Option<(usize, usize)>,
    lang: Lang,
    room: &mut Room<'a>,
) -> String {
    let why = move_why(facts, ctx, t, f, fired, lang, room);
    let mut line = room.string();
    render_move_why(lang, ctx.program, t, &why, &mut line, room);
    let (by, before) = match why {
        MoveWhy::Moved { by, before, .. } => (by.1, before.and_then(|b| b.1)),
        MoveWhy::Stays { last, .. } => (last.1, None),
        MoveWhy::NoStage | MoveWhy::Final { .. } | MoveWhy::NoMoves { .. } => (None, None),
    };
    by.into_iter().chain(before).for_each(|s| room.give(s));
    line
}

fn render_move_why(lang: Lang, program: &Program, t: TransId, why: &MoveWhy, out: &mut String, room: &mut Room<'_>) {
    let set = &program.transitions[t];
    let level = |s: usize| program.ladders[set.ladder].rules[s].level.as_str();
    let why_not_into = |out: &mut String, (m, why): &(usize, Option<String>)| {
        let (level, why) = (level(set.moves[*m].to), deciding(lang, why.as_deref()));
        t!(into out; lang, "why.move-not", level, why)
    };
    match why {
        MoveWhy::NoStage => t!(into out; lang, "why.no-stage", field = &program.fields[set.field].name),
        MoveWhy::Moved { from, by, before } => {
            let (from, to) = (level(*from), level(set.moves[by.0].to));
            t!(into out; lang, "why.moved", from, to, why = deciding(lang, by.1.as_deref()));
            if let Some(b) = before {
                out.push_str(" · ");
                why_not_into(out, b);
            }
        }
        MoveWhy::Final { at } => t!(into out; lang, "why.final", level = level(*at)),
        MoveWhy::NoMoves { at } => t!(into out; lang, "why.no-moves", level = level(*at)),
        MoveWhy::Stays { at, tried, last } => {
            let mut why_not = room.string();
            why_not_into(&mut why_not, last);
            match *tried {
                1 => t!(into out; lang, "why.stays-one", level = level(*at), last = &why_not),
                _ => t!(into out; lang, "why.stays-many", level = level(*at), n = tried, last = &why_not),
            }
            room.give(why_not);
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
