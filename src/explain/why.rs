//! The `NAME_why` cells of `ladder run --explain`, written record after record from facts worked
//! out once per run for each part of the program: its source text, and the fields and ladders it
//! reads (with the unit a money field is shown in). Only the parts that decide are visited — those
//! [`trace_deciding`](super::trace_deciding) keeps and [`Node::deciding`](super::Node::deciding)
//! follows — and no tree is built; the phrases are worded by [`super::render::phrase_into`], as the
//! trees' are.

use super::render::phrase_into;
use super::{decides, field_type, first_only, money_unit, Join, Showing, OPEN_AGAIN};
use crate::diag::Lang;
use crate::eval::{Ctx, Frame};
use crate::ir::{Expr, ExprKind as K, Group, LadderId, Named, Program, Type};
use crate::value::{Unit, Value};
use std::borrow::Cow;

/// The facts of every part of a program's conditions that a `NAME_why` phrase can be about.
#[derive(Debug, Clone)]
pub struct WhyFacts {
    /// The address of the program they are about.
    program: usize,
    /// The addresses of the expressions, sorted, and the facts of each: apart, so that the
    /// search for a part reads a few lines of memory, not one a step.
    addresses: Vec<usize>,
    parts: Vec<Part>,
}

/// What a phrase says of a part, apart from the record's values.
#[derive(Debug, Clone)]
struct Part {
    code: String,
    reads: Vec<Read>,
}

/// A field a part reads (with its type and the unit its amounts are shown in), or a ladder it uses.
#[derive(Debug, Clone, Copy)]
enum Read {
    Field(usize, Type, Option<Unit>),
    Ladder(LadderId),
}

fn address(e: &Expr) -> usize {
    e as *const Expr as usize
}

impl Part {
    fn of(program: &Program, e: &Expr) -> Part {
        let reads = program.reads(e).into_iter().filter_map(|n| match n {
            Named::Field(id) => Some(Read::Field(id, field_type(program, id), money_unit(program, e, id))),
            Named::Ladder(l) => Some(Read::Ladder(l)),
            Named::Let(_) | Named::Score(_) | Named::Pop(_) => None,
        });
        Part { code: program.sources.code(&e.loc), reads: reads.collect() }
    }
}

impl WhyFacts {
    /// The facts of every part of the rules', moves' and lets' conditions that is not a group.
    pub fn new(program: &Program) -> WhyFacts {
        let rules = program.ladders.iter().flat_map(|l| &l.rules).filter_map(|r| r.cond.as_ref());
        let moves = program.transitions.iter().flat_map(|t| &t.moves).filter_map(|m| m.cond.as_ref());
        let lets = program.lets.iter().map(|l| &l.expr);
        let mut parts = Vec::new();
        for e in rules.chain(moves).chain(lets) {
            e.visit(&mut |x| {
                if x.logic().is_none() {
                    parts.push((address(x), Part::of(program, x)));
                }
                true
            });
        }
        parts.sort_by_key(|(a, _)| *a);
        parts.dedup_by_key(|(a, _)| *a);
        let (addresses, parts) = parts.into_iter().unzip();
        WhyFacts { program: program as *const Program as usize, addresses, parts }
    }

    /// The facts of `e`, worked out now if they were not before.
    fn part<'s>(&'s self, program: &Program, e: &Expr) -> Cow<'s, Part> {
        let found = (self.program == program as *const Program as usize)
            .then(|| self.addresses.binary_search(&address(e)).ok())
            .flatten();
        match found {
            Some(i) => Cow::Borrowed(&self.parts[i]),
            None => Cow::Owned(Part::of(program, e)),
        }
    }

    /// The deciding parts of condition `e` for the record in `f`, as phrases joined by spaces:
    /// the words of [`super::trace_deciding`]'s tree.
    pub fn phrases<'a>(
        &self,
        ctx: &Ctx<'a>,
        e: &'a Expr,
        f: &mut Frame<'a>,
        lang: Lang,
        room: &mut Room<'a>,
    ) -> String {
        // A condition that is a let alone is worded once a record: a ladder's rule and a move
        // often name the same let, and its words depend only on the record.
        let named = match e.kind {
            K::Let(i) => Some(i),
            _ => None,
        };
        if let Some(k) = named.and_then(|i| room.worded.iter().position(|w| (w.0, w.1) == (i, lang))) {
            let mut out = room.string();
            out.push_str(&room.worded[k].2);
            return out;
        }
        let out = room.string();
        room.lets.clear();
        let mut walk = Walk { facts: self, ctx, lang, out, parts: 0, room };
        let truth = ctx.eval(e, f).truth();
        let step = walk.enter(e);
        walk.decide(e, step, truth, f);
        if let Some(i) = named {
            let mut words = walk.room.string();
            words.push_str(&walk.out);
            walk.room.worded.push((i, lang, words));
        }
        walk.out
    }
}

/// The lists a [`WhyFacts::phrases`] fills as it walks a condition, kept from call to call (a
/// run with `--explain` words several conditions a row, and allocating them was a tenth of it),
/// and the strings of `NAME_why` lines given back once written.
#[derive(Default)]
pub struct Room<'a> {
    lets: Vec<usize>,
    /// A phrase's reads that are missing, and those that are not with their values.
    missing: Vec<&'a str>,
    present: Vec<(&'a str, Showing<'a, 'a>)>,
    spare: Vec<String>,
    /// The words of the lets worded for the current record, in a language (see
    /// [`WhyFacts::phrases`]).
    worded: Vec<(usize, Lang, String)>,
}

impl Room<'_> {
    /// A new record: the words of the last are not its.
    pub fn next_record(&mut self) {
        while let Some((_, _, words)) = self.worded.pop() {
            self.give(words);
        }
    }

    /// An empty string, one given back before if there is one.
    pub fn string(&mut self) -> String {
        self.spare.pop().unwrap_or_else(|| String::with_capacity(256))
    }

    /// Keeps `s` for [`Room::string`] (a few are enough: a row's lines are given back after it),
    /// unless it has less room than a new one would.
    pub fn give(&mut self, mut s: String) {
        if self.spare.len() < 16 && s.capacity() >= 256 {
            s.clear();
            self.spare.push(s);
        }
    }
}

/// What a part is made of, as an explanation opens it.
enum Step<'a> {
    Leaf,
    Parts(Join, &'a [Expr]),
    Not(&'a Expr),
    Let(&'a Expr),
}

/// One condition's deciding parts being written: the lets opened so far and the parts visited,
/// counted as [`super::trace_deciding`] counts them.
struct Walk<'w, 'a> {
    facts: &'w WhyFacts,
    ctx: &'w Ctx<'a>,
    lang: Lang,
    out: String,
    parts: usize,
    room: &'w mut Room<'a>,
}

impl<'a> Walk<'_, 'a> {
    fn enter(&mut self, e: &'a Expr) -> Step<'a> {
        self.parts += 1;
        match &e.kind {
            K::Group(Group::All, xs) | K::And(xs) => Step::Parts(Join::All, xs),
            K::Group(Group::Any, xs) | K::Or(xs) => Step::Parts(Join::Any, xs),
            K::Group(Group::AtLeast(n), xs) => Step::Parts(Join::AtLeast(*n), xs),
            K::Not(x) => Step::Not(x),
            K::Let(i) if e.ty == Type::Bool && (self.parts < OPEN_AGAIN || !self.room.lets.contains(i)) => {
                self.room.lets.push(*i);
                Step::Let(&self.ctx.program.lets[*i].expr)
            }
            K::Let(_) | K::Const(_) | K::Today | K::Field(_) | K::Score(_) | K::Pop(_) | K::Ladder(_) => Step::Leaf,
            K::Cmp(..) | K::Arith(..) | K::Neg(_) | K::Present(..) | K::In(..) | K::Contains(..) => Step::Leaf,
            K::StartsWith(..) | K::Shift(..) | K::DaysBetween(..) | K::Within(..) | K::Before(..) => Step::Leaf,
            K::After(..) | K::Between(..) | K::DaysSince(_) | K::DaysUntil(_) => Step::Leaf,
        }
    }

    /// Writes the deciding parts of `e`, entered as `step`, whose truth is `truth`.
    fn decide(&mut self, e: &'a Expr, step: Step<'a>, truth: Option<bool>, f: &mut Frame<'a>) {
        match step {
            Step::Leaf => self.phrase(e, truth, f),
            // A `not` of a plain part is said as one phrase.
            Step::Not(x) => match self.enter(x) {
                Step::Leaf => self.phrase(e, truth, f),
                inner => {
                    let t = self.ctx.eval(x, f).truth();
                    self.decide(x, inner, t, f)
                }
            },
            Step::Let(body) => {
                let inner = self.enter(body);
                self.decide(body, inner, truth, f)
            }
            Step::Parts(join, xs) => {
                for x in xs {
                    let t = self.ctx.eval(x, f).truth();
                    if decides(join, truth, t) {
                        let inner = self.enter(x);
                        self.decide(x, inner, t, f);
                        if first_only(join, truth) {
                            break;
                        }
                    }
                }
            }
        }
    }

    /// The phrase of part `e` for the record in `f`, after the phrases before it.
    fn phrase(&mut self, e: &'a Expr, truth: Option<bool>, f: &mut Frame<'a>) {
        let program = self.ctx.program;
        let part = self.facts.part(program, e);
        let room = &mut *self.room;
        room.missing.clear();
        room.present.clear();
        for read in &part.reads {
            let (name, ty, value, unit) = match *read {
                Read::Field(id, ty, unit) => (&program.fields[id].name, ty, f.fields[id], unit),
                Read::Ladder(l) => {
                    let level = self.ctx.grade(l, f).map_or(Value::Missing, |i| Value::Member(i as u32));
                    (&program.ladders[l].name, Type::Level(l), level, None)
                }
            };
            match value {
                Value::Missing => room.missing.push(name),
                _ => room.present.push((name, Showing { program, ty, value, unit })),
            }
        }
        if !self.out.is_empty() {
            self.out.push(' ');
        }
        let present = room.present.iter().map(|(n, s)| (*n, s));
        phrase_into(self.lang, &mut self.out, &part.code, truth, &room.missing, present);
    }
}
