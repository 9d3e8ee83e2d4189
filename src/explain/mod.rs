//! Why a record got its level, as data: the evaluation tree of a condition with every part's
//! value, each ladder's and transition set's steps, and the facts of the `NAME_why` columns.
//! `render` turns them into text.

use crate::eval::{Ctx, Frame};
use crate::ir::{CmpOp, Const, Expr, ExprKind as K, FieldType, Group, LadderId, Named, Program, TransId, Type};
use crate::value::{format_in, Show, Unit, Value};

mod record;
mod render;
mod why;
pub use record::record_text;
pub use render::{decided, decided_text, explain_record, move_why_line, why_line};
pub use why::{Room, WhyFacts};

/// A field a part reads, or a ladder it uses, with its value (the level) as shown to a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub field: String,
    pub shown: String,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.field, self.shown)
    }
}

/// One evaluated condition or value, with its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The source text, or a heading such as `all of` (see `group`).
    pub text: String,
    /// Whether this is a group (`all of`, `any of`, `at least N of`), whose heading is worded in
    /// the language of the explanation.
    pub group: bool,
    /// True, false, or unknown (`None`); `None` also for values that are not conditions.
    pub truth: Option<bool>,
    pub is_cond: bool,
    pub join: Join,
    /// The value shown for non-conditions and bare fields.
    pub shown: String,
    /// `name = value` of the fields this part reads and the ladders it uses.
    pub inputs: Vec<Input>,
    /// Fields read by this part that are missing, and ladders it uses that gave no level.
    pub missing: Vec<String>,
    /// The field this part is about alone: a bare field, or `FIELD is present` / `is missing`.
    pub field: Option<String>,
    /// `Some(true)` for an `is present` test, `Some(false)` for `is missing`.
    pub presence: Option<bool>,
    /// The members (or levels) this part compares a field with: `反馈人 is 拍板人`, `x not in [..]`.
    pub members: Vec<MemberTest>,
    pub children: Vec<Node>,
}

/// A field compared with one of its members or levels; `negated` for `is not` and `not in`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberTest {
    pub field: usize,
    pub member: u32,
    pub negated: bool,
}

/// How a node combines its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Leaf,
    All,
    Any,
    /// `at least N of`.
    AtLeast(u32),
    Not,
    Let,
}

/// Shows a value of type `ty` for a person.
pub fn show(program: &Program, ty: Type, v: Value<'_>) -> String {
    Showing { program, ty, value: v, unit: None }.to_string()
}

/// A value of type `ty` as shown to a person; with `unit`, an amount in 万 or 亿 when exact.
pub(crate) struct Showing<'p, 'a> {
    pub program: &'p Program,
    pub ty: Type,
    pub value: Value<'a>,
    pub unit: Option<Unit>,
}

impl std::fmt::Display for Showing<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let program = self.program;
        let members = match self.ty {
            Type::Member(f) => program.fields[f].members(),
            Type::Bool | Type::Number | Type::Money | Type::Text | Type::Date | Type::Duration | Type::Level(_) => None,
            Type::Error => None,
        };
        if let (Value::Num(n), Some(unit)) = (self.value, self.unit) {
            return f.write_str(&format_in(n, unit));
        }
        if let (Value::Member(i), Type::Level(l)) = (self.value, self.ty) {
            return f.write_str(program.ladders[l].rules.get(i as usize).map_or("?", |r| r.level.as_str()));
        }
        Show { value: self.value, members }.fmt(f)
    }
}

/// The value `v` of field `id` as shown where `e` reads it: a money field that `e` compares with
/// an amount written in 万 or 亿 is shown in that unit when exact (`购买金额=120万`).
pub fn show_read(program: &Program, e: &Expr, id: usize, v: Value<'_>) -> String {
    Showing { program, ty: field_type(program, id), value: v, unit: money_unit(program, e, id) }.to_string()
}

/// The value `v` of field `id` as a record listing shows it: in 万 or 亿 when a rule or move
/// compares the field with an amount written so (`年销售额 = 8600万`), as its explanations do.
pub fn show_field(program: &Program, id: usize, v: Value<'_>) -> String {
    let rules = program.ladders.iter().flat_map(|l| &l.rules).filter_map(|r| r.cond.as_ref());
    let moves = program.transitions.iter().flat_map(|t| &t.moves).filter_map(|m| m.cond.as_ref());
    let unit = rules.chain(moves).find_map(|e| money_unit(program, e, id));
    Showing { program, ty: field_type(program, id), value: v, unit }.to_string()
}

/// The unit (万, 亿) of an amount that `e` compares money field `id` with, through lets and scores.
fn money_unit(program: &Program, e: &Expr, id: usize) -> Option<Unit> {
    if program.fields[id].ty != FieldType::Money {
        return None;
    }
    let mut found = None;
    e.visit(&mut |x| {
        found = found.or_else(|| match (&x.kind, x.named()) {
            (K::Cmp(_, a, b), _) => compared(program, a, b, id).or_else(|| compared(program, b, a, id)),
            (_, Some(Named::Let(i))) => money_unit(program, &program.lets[i].expr, id),
            (_, Some(Named::Score(i))) => money_unit(program, &program.scores[i].expr, id),
            (_, Some(Named::Field(_) | Named::Pop(_) | Named::Ladder(_)) | None) => None,
        });
        found.is_none()
    });
    found
}

/// The unit `amount` is written in when `field` is field `id`.
fn compared(program: &Program, field: &Expr, amount: &Expr, id: usize) -> Option<Unit> {
    if !matches!(field.kind, K::Field(f) if f == id) {
        return None;
    }
    if let K::Let(i) = &amount.kind {
        return compared(program, field, &program.lets[*i].expr, id);
    }
    let K::Const(Const::Num(_)) = amount.kind else { return None };
    Unit::of_literal(&program.sources.code(&amount.loc))
}

/// Evaluates `e` and each of its parts; lets are opened when `open_lets`. Once the explanation
/// has [`OPEN_AGAIN`] parts, a let already opened is shown by name where it is used again, so a
/// let built from another used twice (`let a2 = a1 and a1`, twenty deep) does not double the
/// explanation at every step.
pub fn trace<'a>(ctx: &Ctx<'a>, e: &'a Expr, f: &mut Frame<'a>, open_lets: bool) -> Node {
    let mut opened = Opened { open: open_lets, lets: Vec::new(), parts: 0, deciding: false };
    trace_in(ctx, e, f, &mut opened)
}

/// [`trace`] with lets opened, keeping only the parts that decide each part's truth (those
/// [`Node::deciding`] follows): what a `NAME_why` line says, without the parts it leaves out.
pub fn trace_deciding<'a>(ctx: &Ctx<'a>, e: &'a Expr, f: &mut Frame<'a>) -> Node {
    let mut opened = Opened { open: true, lets: Vec::new(), parts: 0, deciding: true };
    trace_in(ctx, e, f, &mut opened)
}

/// The parts an explanation may have and still open a let a second time.
const OPEN_AGAIN: usize = 500;

/// Whether lets are opened, those opened so far, the parts traced so far, and whether only
/// the deciding parts are traced.
struct Opened {
    open: bool,
    lets: Vec<usize>,
    parts: usize,
    deciding: bool,
}

fn trace_in<'a>(ctx: &Ctx<'a>, e: &'a Expr, f: &mut Frame<'a>, opened: &mut Opened) -> Node {
    opened.parts += 1;
    let v = ctx.eval(e, f);
    let program = ctx.program;
    let is_cond = e.ty == Type::Bool;
    let code = || program.sources.code(&e.loc);
    let truth = v.truth();
    let (join, text, children): (Join, String, Vec<Node>) = match &e.kind {
        K::Group(Group::All, xs) => (Join::All, "all of".into(), kids(ctx, (Join::All, truth), xs, f, opened)),
        K::Group(Group::Any, xs) => (Join::Any, "any of".into(), kids(ctx, (Join::Any, truth), xs, f, opened)),
        K::Group(Group::AtLeast(n), xs) => {
            let join = Join::AtLeast(*n);
            (join, format!("at least {n} of"), kids(ctx, (join, truth), xs, f, opened))
        }
        K::And(xs) => (Join::All, code(), kids(ctx, (Join::All, truth), xs, f, opened)),
        K::Or(xs) => (Join::Any, code(), kids(ctx, (Join::Any, truth), xs, f, opened)),
        K::Not(x) => (Join::Not, code(), vec![trace_in(ctx, x, f, opened)]),
        K::Let(i) if opened.open && is_cond && (opened.parts < OPEN_AGAIN || !opened.lets.contains(i)) => {
            opened.lets.push(*i);
            let b = &program.lets[*i];
            (Join::Let, b.name.clone(), vec![trace_in(ctx, &b.expr, f, opened)])
        }
        K::Let(_) | K::Const(_) | K::Today | K::Field(_) | K::Score(_) | K::Pop(_) | K::Ladder(_) => {
            (Join::Leaf, code(), vec![])
        }
        K::Cmp(..) | K::Arith(..) => (Join::Leaf, code(), vec![]),
        K::Neg(_) | K::Present(..) | K::In(..) | K::Contains(..) | K::StartsWith(..) | K::Shift(..) => {
            (Join::Leaf, code(), vec![])
        }
        K::DaysBetween(..) | K::Within(..) | K::Before(..) | K::After(..) | K::Between(..) => {
            (Join::Leaf, code(), vec![])
        }
        K::DaysSince(_) | K::DaysUntil(_) => (Join::Leaf, code(), vec![]),
    };
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for read in program.reads(e) {
        // A ladder used in the condition is an input like a field: the level it gave the record.
        let (name, value, shown) = match read {
            Named::Field(id) => {
                let value = f.fields[id];
                (&program.fields[id].name, value, show_read(program, e, id, value))
            }
            Named::Ladder(l) => {
                let level = ctx.grade(l, f).map_or(Value::Missing, |i| Value::Member(i as u32));
                (&program.ladders[l].name, level, show(program, Type::Level(l), level))
            }
            Named::Let(_) | Named::Score(_) | Named::Pop(_) => continue,
        };
        match value {
            Value::Missing => missing.push(name.clone()),
            _ => inputs.push(Input { field: name.clone(), shown }),
        }
    }
    let (field, presence) = alone(program, e);
    // A condition's value is its mark; only a bare field's is also shown.
    let shown = if is_cond && field.is_none() { String::new() } else { show(program, e.ty, v) };
    let members = if join == Join::Leaf { member_tests(e) } else { Vec::new() };
    let group = matches!(e.kind, K::Group(..));
    Node { text, truth, is_cond, join, shown, inputs, missing, field, presence, members, children, group }
}

/// The comparisons of a field with members or levels in `e`, in order.
fn member_tests(e: &Expr) -> Vec<MemberTest> {
    let mut out = Vec::new();
    let mut add = |x: &Expr, c: &Const, negated: bool| {
        if let (K::Field(field), Const::Member(member)) = (&x.kind, c) {
            out.push(MemberTest { field: *field, member: *member, negated });
        }
    };
    e.visit(&mut |x| {
        if let K::Cmp(op, a, b) = &x.kind {
            let negated = *op == CmpOp::Ne;
            if let K::Const(c) = &b.kind {
                add(a, c, negated);
            }
            if let K::Const(c) = &a.kind {
                add(b, c, negated);
            }
        } else if let K::In(a, consts, not) = &x.kind {
            consts.iter().for_each(|c| add(a, c, *not));
        }
        true
    });
    out
}

/// The field `e` is about alone, and whether it tests presence (see [`Node::field`]).
fn alone(program: &Program, e: &Expr) -> (Option<String>, Option<bool>) {
    let name = |x: &Expr| match x.named() {
        Some(Named::Field(id)) => Some(program.fields[id].name.clone()),
        Some(Named::Let(_) | Named::Score(_) | Named::Pop(_) | Named::Ladder(_)) | None => None,
    };
    if let K::Present(x, present) = &e.kind {
        return (name(x), Some(*present));
    }
    (name(e), None)
}

/// The traced parts `xs` of a part that joins them by `join` and has `truth`: all of them, or
/// with `opened.deciding` those that decide it.
fn kids<'a>(
    ctx: &Ctx<'a>,
    (join, truth): (Join, Option<bool>),
    xs: &'a [Expr],
    f: &mut Frame<'a>,
    opened: &mut Opened,
) -> Vec<Node> {
    if !opened.deciding {
        return xs.iter().map(|x| trace_in(ctx, x, f, opened)).collect();
    }
    let truths: Vec<Option<bool>> = xs.iter().map(|x| ctx.eval(x, f).truth()).collect();
    deciding_parts(join, truth, &truths).into_iter().map(|i| trace_in(ctx, &xs[i], f, opened)).collect()
}

/// Which of the parts (by their truths) decide the truth of a part that joins them by `join`:
/// all of them, those of one truth, or the first true one.
fn deciding_parts(join: Join, truth: Option<bool>, parts: &[Option<bool>]) -> Vec<usize> {
    let mut out: Vec<usize> = (0..parts.len()).filter(|&i| decides(join, truth, parts[i])).collect();
    if first_only(join, truth) {
        out.truncate(1);
    }
    out
}

/// Whether a part of truth `part` is one of those that decide the truth of a part that joins its
/// parts by `join` and has `truth` (of which only the first, when [`first_only`]).
fn decides(join: Join, truth: Option<bool>, part: Option<bool>) -> bool {
    match (join, truth) {
        (Join::Leaf, _) => false,
        (Join::Not | Join::Let, _) => true,
        (_, None) => part.is_none(),
        (Join::All, Some(true)) | (Join::Any, Some(false)) => true,
        (Join::All, Some(false)) => part == Some(false),
        (Join::Any, Some(true)) | (Join::AtLeast(_), Some(true)) => part == Some(true),
        (Join::AtLeast(_), Some(false)) => part != Some(true),
    }
}

/// Whether only the first deciding part is said: an `any of` that holds needs one true part.
fn first_only(join: Join, truth: Option<bool>) -> bool {
    matches!((join, truth), (Join::Any, Some(true)))
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

impl Node {
    /// The parts that decided this node's truth.
    pub fn deciding(&self) -> Vec<&Node> {
        match (self.join, self.truth) {
            (Join::Leaf, _) => vec![self],
            (Join::Not, _) if self.children.iter().all(|c| c.join == Join::Leaf) => vec![self],
            (join, truth) => {
                let truths: Vec<Option<bool>> = self.children.iter().map(|c| c.truth).collect();
                deciding_parts(join, truth, &truths).into_iter().flat_map(|i| self.children[i].deciding()).collect()
            }
        }
    }
}

/// Why one ladder gave its level: the rule that fired (with its evaluation, `None` for
/// `otherwise`), and the rule just above it (or the last rule, when none fired) with why it did not.
#[derive(Debug, Clone)]
pub struct RuleWhy {
    pub ladder: LadderId,
    pub fired: Option<(usize, Option<Node>)>,
    pub above: Option<(usize, Node)>,
}

/// A [`RuleWhy`] with its levels named: what a test failure keeps to word later.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub fired: Option<(String, Option<Node>)>,
    pub above: Option<(String, Node)>,
}

/// The `NAME_why` facts of a ladder for the record in `f`.
pub fn rule_why<'a>(ctx: &Ctx<'a>, ladder: LadderId, f: &mut Frame<'a>, fired: Option<usize>) -> RuleWhy {
    let rules = &ctx.program.ladders[ladder].rules;
    let fired_step = fired.map(|i| (i, rules[i].cond.as_ref().map(|c| trace_deciding(ctx, c, f))));
    let above = match fired {
        Some(i) => i.checked_sub(1),
        None => rules.len().checked_sub(1),
    };
    let above = above.and_then(|j| rules[j].cond.as_ref().map(|c| (j, trace_deciding(ctx, c, f))));
    RuleWhy { ladder, fired: fired_step, above }
}

/// Why a transition set moves a record or leaves it where it is. Moves are indices into the
/// set's moves; each comes with the deciding phrases of its condition (`None` for `otherwise`).
#[derive(Debug, Clone)]
pub enum MoveWhy {
    /// The record has no current stage.
    NoStage,
    /// Move `by` fired; `before` is the move tried just before it.
    Moved { from: usize, by: (usize, Option<String>), before: Option<(usize, Option<String>)> },
    /// The stage is final: no move is tried.
    Final { at: usize },
    /// No move leaves the stage.
    NoMoves { at: usize },
    /// None of the `tried` moves fired; `last` is the last of them.
    Stays { at: usize, tried: usize, last: (usize, Option<String>) },
}

/// The `NAME_why` facts of transition set `t` for the record in `f`, its phrases in `lang`.
pub fn move_why<'a>(
    facts: &WhyFacts,
    ctx: &Ctx<'a>,
    t: TransId,
    f: &mut Frame<'a>,
    fired: Option<(usize, usize)>,
    lang: crate::diag::Lang,
    room: &mut Room<'a>,
) -> MoveWhy {
    let set = &ctx.program.transitions[t];
    let Some(current) = ctx.current_stage(t, f) else { return MoveWhy::NoStage };
    // The moves tried: counted, and the one before the move that fired or the last one kept.
    let (mut tried, mut before) = (0, None);
    for (i, _) in ctx.moves_tried(t, f) {
        if fired.is_some_and(|(m, _)| m == i) {
            break;
        }
        (tried, before) = (tried + 1, Some(i));
    }
    let mut step = |m: usize| (m, set.moves[m].cond.as_ref().map(|c| facts.phrases(ctx, c, f, lang, room)));
    match (fired, before) {
        (Some((m, _)), _) => MoveWhy::Moved { from: current, by: step(m), before: before.map(step) },
        (None, _) if set.is_final(current) => MoveWhy::Final { at: current },
        (None, None) => MoveWhy::NoMoves { at: current },
        (None, Some(last)) => MoveWhy::Stays { at: current, tried, last: step(last) },
    }
}

/// The whole evaluation of one record: every ladder's rules up to the one that fired, and every
/// transition set's moves up to the one that fired.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub ladders: Vec<LadderSteps>,
    pub moves: Vec<MoveSteps>,
}

/// One ladder's rules as tried for one record.
#[derive(Debug, Clone)]
pub struct LadderSteps {
    pub ladder: LadderId,
    pub fired: Option<usize>,
    /// Each rule tried, in order, with its evaluation (`None` for `otherwise`).
    pub tried: Vec<(usize, Option<Node>)>,
}

/// One transition set's moves as tried for one record.
#[derive(Debug, Clone)]
pub struct MoveSteps {
    pub set: TransId,
    pub current: Option<usize>,
    /// The move that fired and the stage it leads to.
    pub fired: Option<(usize, usize)>,
    /// Each move tried, in order, with its evaluation (`None` for `otherwise`).
    pub tried: Vec<(usize, Option<Node>)>,
}

/// Evaluates every ladder and transition set for the record in `f`, keeping each step.
pub fn explain<'a>(ctx: &Ctx<'a>, f: &mut Frame<'a>) -> Explanation {
    let program = ctx.program;
    let mut ladders = Vec::new();
    for (l, ladder) in program.ladders.iter().enumerate() {
        let fired = ctx.grade(l, f);
        let last = fired.unwrap_or(ladder.rules.len().saturating_sub(1));
        let tried = ladder
            .rules
            .iter()
            .enumerate()
            .take(last + 1)
            .map(|(i, r)| (i, r.cond.as_ref().map(|c| trace(ctx, c, f, true))));
        ladders.push(LadderSteps { ladder: l, fired, tried: tried.collect() });
    }
    let moves = (0..program.transitions.len()).map(|t| move_steps(ctx, t, f)).collect();
    Explanation { ladders, moves }
}

/// The moves of transition set `t` tried for the record in `f`, up to the one that fired.
pub fn move_steps<'a>(ctx: &Ctx<'a>, t: TransId, f: &mut Frame<'a>) -> MoveSteps {
    let set = &ctx.program.transitions[t];
    let fired = ctx.next_stage(t, f);
    let current = ctx.current_stage(t, f);
    let mut tried = Vec::new();
    let tried_moves: Vec<usize> = ctx.moves_tried(t, f).map(|(i, _)| i).collect();
    for m in tried_moves {
        tried.push((m, set.moves[m].cond.as_ref().map(|c| trace(ctx, c, f, true))));
        if fired.is_some_and(|(i, _)| i == m) {
            break;
        }
    }
    MoveSteps { set: t, current, fired, tried }
}
