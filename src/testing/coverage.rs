//! Coverage: which rules fired, which transition moves moved, and which members of groups and
//! operands of `and`/`or` chains were true, for some example or case.
//!
//! An item is identified by its place in the source, so a file `use`d by several others is
//! counted once, and a `let` used by many rules has its parts counted once.

use crate::diag::words::testing as words;
use crate::diag::{FileId, Lang, Loc};
use crate::eval::{Ctx, Frame};
use crate::files::{Disk, Files};
use crate::ir::{Expr, ExprKind as K, Named, Program};
use crate::syntax::lex::{Bracket, TokenKind};
use crate::value::Value;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What kind of thing an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A rule of a ladder: covered when it gave some record its level.
    Rule,
    /// A move of a transition set: covered when it moved some record.
    Move,
    /// A member of `all`/`any`/`at least` or an operand of `and`/`or`: covered when it was true
    /// for some record while its rule was tried.
    Member,
}

/// One thing that a test can cover.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub kind: ItemKind,
    /// What it is, worded by `diag::words::testing::item`.
    #[serde(skip)]
    pub what: Covers,
    pub covered: bool,
}

/// What an item is, with the names and source text that describe it.
#[derive(Debug, Clone, PartialEq)]
pub enum Covers {
    /// A rule: `A "核心客户"`.
    Rule { level: String, label: String },
    /// A move of a transition set; `from` is `*` or its stages.
    Move { from: String, to: String, set: String },
    /// A member of a group: `验厂打样` of `any { … }`.
    Member { part: String, whole: String },
    /// An operand of an `and`/`or` chain.
    Operand { part: String, whole: String },
}

/// The coverage of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileCoverage<'c> {
    pub file: String,
    pub covered: usize,
    pub total: usize,
    pub percent: f64,
    pub uncovered: Vec<Uncovered<'c>>,
}

/// An item no test covered, with its words.
#[derive(Debug, Clone, Serialize)]
pub struct Uncovered<'c> {
    #[serde(flatten)]
    pub item: &'c Item,
    pub text: String,
}

/// Every item seen so far, and which are covered.
#[derive(Debug, Default, Clone)]
pub struct Coverage {
    items: Vec<Item>,
    index: HashMap<(PathBuf, usize, usize), usize>,
}

/// The items of one program by its own ids.
#[derive(Debug)]
pub struct Map {
    rules: Vec<Vec<usize>>,
    moves: Vec<Vec<usize>>,
    parts: HashMap<(FileId, usize, usize), usize>,
}

impl Map {
    /// The item of rule `r` of ladder `l`.
    pub fn rule(&self, l: usize, r: usize) -> usize {
        self.rules[l][r]
    }

    /// The item of move `i` of transition set `t`.
    pub fn step(&self, t: usize, i: usize) -> usize {
        self.moves[t][i]
    }

    /// The item of a group member or `and`/`or` operand, by its place.
    pub fn part(&self, loc: &Loc) -> Option<usize> {
        self.parts.get(&key(loc)).copied()
    }
}

fn key(loc: &Loc) -> (FileId, usize, usize) {
    (loc.file, loc.span.start, loc.span.end)
}

/// The percentage `covered` is of `total`, to one decimal as shown (100 when there is nothing
/// to cover).
pub fn percent(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        (covered as f64 * 1000.0 / total as f64).round() / 10.0
    }
}

impl Coverage {
    /// Adds the items of `program` (once each) and returns where they are.
    pub fn register(&mut self, program: &Program) -> Map {
        let mut map = Map { rules: vec![], moves: vec![], parts: HashMap::new() };
        let mut seen = vec![false; program.lets.len()];
        for ladder in &program.ladders {
            let mut ids = Vec::new();
            for r in &ladder.rules {
                let what = Covers::Rule { level: r.level.clone(), label: r.label.clone() };
                ids.push(self.item(program, &r.loc, ItemKind::Rule, what));
                if let Some(c) = &r.cond {
                    self.parts(program, c, &mut seen, &mut map);
                }
            }
            map.rules.push(ids);
        }
        for set in &program.transitions {
            let mut ids = Vec::new();
            for m in &set.moves {
                let level = |i: &usize| program.ladders[set.ladder].rules[*i].level.clone();
                let from = m.from.as_ref().map_or("*".into(), |f| f.iter().map(level).collect::<Vec<_>>().join(", "));
                let what = Covers::Move { from, to: level(&m.to), set: set.name.clone() };
                ids.push(self.item(program, &m.loc, ItemKind::Move, what));
                if let Some(c) = &m.cond {
                    self.parts(program, c, &mut seen, &mut map);
                }
            }
            map.moves.push(ids);
        }
        map
    }

    fn item(&mut self, program: &Program, loc: &Loc, kind: ItemKind, what: Covers) -> usize {
        let file = &program.sources.get(loc.file).path;
        let path = Disk.key(Path::new(file));
        let next = self.items.len();
        let id = *self.index.entry((path, loc.span.start, loc.span.end)).or_insert(next);
        if id == next {
            let (line, column) = program.sources.line_col(loc.file, loc.span.start);
            self.items.push(Item { file: file.clone(), line, column, kind, what, covered: false });
        }
        id
    }

    fn parts(&mut self, program: &Program, e: &Expr, seen: &mut [bool], map: &mut Map) {
        e.visit(&mut |x| {
            if let Some((_, xs)) = x.logic() {
                let whole = group_words(program, x);
                for part in xs {
                    let (part_text, whole) = (short(&program.sources.code(&part.loc)), whole.clone());
                    let what = if matches!(x.kind, K::Group(..)) {
                        Covers::Member { part: part_text, whole }
                    } else {
                        Covers::Operand { part: part_text, whole }
                    };
                    let id = self.item(program, &part.loc, ItemKind::Member, what);
                    map.parts.insert(key(&part.loc), id);
                }
            }
            if let Some(Named::Let(i)) = x.named() {
                if !std::mem::replace(&mut seen[i], true) {
                    self.parts(program, &program.lets[i].expr, seen, map);
                }
            }
            true
        });
    }

    /// Marks what the record in `f` covers.
    pub fn mark<'a>(&mut self, map: &Map, ctx: &Ctx<'a>, f: &mut Frame<'a>) {
        let program = ctx.program;
        let mut seen = vec![false; program.lets.len()];
        for (l, ladder) in program.ladders.iter().enumerate() {
            let fired = ctx.grade(l, f);
            if let Some(i) = fired {
                self.items[map.rules[l][i]].covered = true;
            }
            let tried = fired.map_or(ladder.rules.len(), |i| i + 1);
            for c in ladder.rules[..tried].iter().filter_map(|r| r.cond.as_ref()) {
                self.walk(map, ctx, c, f, &mut seen);
            }
        }
        for t in 0..program.transitions.len() {
            self.mark_moves(map, ctx, t, f, &mut seen);
        }
    }

    /// Marks the move of transition set `t` that fires, and the parts of the moves tried.
    fn mark_moves<'a>(&mut self, map: &Map, ctx: &Ctx<'a>, t: usize, f: &mut Frame<'a>, seen: &mut [bool]) {
        for (i, m) in ctx.moves_tried(t, f) {
            let fires = match &m.cond {
                None => true,
                Some(c) => {
                    self.walk(map, ctx, c, f, seen);
                    ctx.eval(c, f) == Value::Bool(true)
                }
            };
            if fires {
                self.items[map.moves[t][i]].covered = true;
                return;
            }
        }
    }

    fn walk<'a>(&mut self, map: &Map, ctx: &Ctx<'a>, e: &'a Expr, f: &mut Frame<'a>, seen: &mut [bool]) {
        e.visit(&mut |x| {
            for part in x.logic().map_or(&[][..], |(_, xs)| xs) {
                if ctx.eval(part, f) == Value::Bool(true) {
                    if let Some(&id) = map.parts.get(&key(&part.loc)) {
                        self.items[id].covered = true;
                    }
                }
            }
            if let Some(Named::Let(i)) = x.named() {
                if !std::mem::replace(&mut seen[i], true) {
                    self.walk(map, ctx, &ctx.program.lets[i].expr, f, seen);
                }
            }
            true
        });
    }

    /// The coverage of each file, sorted by path; uncovered items in source order, worded in `lang`.
    pub fn files(&self, lang: Lang) -> Vec<FileCoverage<'_>> {
        let mut files: Vec<&str> = self.items.iter().map(|i| i.file.as_str()).collect();
        files.sort();
        files.dedup();
        files
            .into_iter()
            .map(|file| {
                let items: Vec<&Item> = self.items.iter().filter(|i| i.file == file).collect();
                let covered = items.iter().filter(|i| i.covered).count();
                let mut uncovered: Vec<&Item> = items.iter().copied().filter(|i| !i.covered).collect();
                uncovered.sort_by_key(|i| (i.line, i.column));
                let uncovered =
                    uncovered.into_iter().map(|item| Uncovered { item, text: words::item(lang, &item.what) });
                FileCoverage {
                    file: file.to_string(),
                    covered,
                    total: items.len(),
                    percent: percent(covered, items.len()),
                    uncovered: uncovered.collect(),
                }
            })
            .collect()
    }

    /// Item `id` (as [`Map`] gives it).
    pub fn get(&self, id: usize) -> &Item {
        &self.items[id]
    }

    /// `(covered, total, percent)` over every file.
    pub fn total(&self) -> (usize, usize, f64) {
        let covered = self.items.iter().filter(|i| i.covered).count();
        (covered, self.items.len(), percent(covered, self.items.len()))
    }
}

/// `any { … }`, `at least 2 of { … }`, or `a and b` (cut short) for a chain.
fn group_words(program: &Program, e: &Expr) -> String {
    if !matches!(e.kind, K::Group(..)) {
        return short(&program.sources.code(&e.loc));
    }
    let tokens = &program.sources.get(e.loc.file).tokens;
    let brace = tokens.within(&e.loc.span).iter().find(|t| t.kind == TokenKind::Open(Bracket::Brace));
    let head = Loc { file: e.loc.file, span: e.loc.span.start..brace.map_or(e.loc.span.end, |b| b.span.start) };
    format!("{} {{ … }}", program.sources.code(&head))
}

/// Text cut to 40 characters.
fn short(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(39).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;
    use crate::eval::Pops;
    use crate::examples::record;

    #[test]
    fn parts_of_lets_count_once_and_rules_below_the_fired_one_are_not_tried() {
        let text = "ladder \"t\"\nfields {\n  a: bool\n  b: bool\n}\nlet both = a and b\n\
                    grades g {\n  X \"x\" if both\n  Y \"y\" if any { both, b }\n  Z \"z\" otherwise\n}\n\
                    example \"a and b\" {\n  given { a: 是, b: 是 }\n  expect g = X\n}\n";
        let checked = check_text("t.ladder", text);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let p = &checked.program;
        let mut cov = Coverage::default();
        let map = cov.register(p);
        // Rules X, Y, Z; operands a, b of the let; members both, b of any.
        assert_eq!(cov.total(), (0, 7, 0.0));
        let pops = Pops::default();
        let ctx = Ctx { program: p, today: jiff::civil::date(2026, 11, 23), pops: &pops };
        let mut frame = record(p, &p.examples[0].given).unwrap();
        cov.mark(&map, &ctx, &mut frame);
        let uncovered: Vec<String> = cov.files(Lang::En)[0].uncovered.iter().map(|i| i.text.clone()).collect();
        assert_eq!(uncovered, ["Y \"y\"", "member both of any { … }", "member b of any { … }", "Z \"z\""]);
        assert_eq!(cov.total(), (3, 7, 42.9));
    }
}
