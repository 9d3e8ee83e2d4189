//! Random rule programs built from the grammar: fields of every type, lets, scores with
//! arithmetic and population functions, ladders whose rules use and/or/not, groups, comparisons,
//! lists, dates and durations, other ladders' levels, and a transitions block. Every reference
//! points backwards, so most programs check clean and go on to `fmt` and evaluation.

use proptest::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    Number,
    Money,
    Text,
    Date,
    Bool,
    OneOf,
    /// A level of the first ladder: the field transitions move from.
    Grade,
}

#[derive(Debug, Clone)]
pub enum Cond {
    /// A test of one field, written as its type allows: `op` and `lit` pick the form.
    Leaf(usize, u8, u8),
    Cmp(Num, u8, Num),
    Let(usize),
    /// `LADDER is LEVEL` of an earlier ladder.
    Ladder(usize, usize),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    /// 0 all, 1 any, 2 at least N of.
    Group(u8, Vec<Cond>),
}

#[derive(Debug, Clone)]
pub enum Num {
    Field(usize),
    Lit(u8),
    Bin(u8, Box<Num>, Box<Num>),
    /// 0 percentile, 1 rank, 2 quintile.
    Pop(u8, Box<Num>),
    Score(usize),
    Let(usize),
}

#[derive(Debug, Clone)]
pub enum Let {
    Cond(Cond),
    Num(Num),
}

/// One rule of a ladder: its condition (`None`: otherwise, only last) and whether it has outputs.
pub type Rule = (Option<Cond>, bool);

#[derive(Debug, Clone)]
pub struct Prog {
    pub fields: Vec<Ty>,
    pub lets: Vec<Let>,
    pub scores: Vec<Num>,
    pub ladders: Vec<Vec<Rule>>,
    /// `(from, to, condition)`; `from` past the levels is `*`.
    pub moves: Vec<(usize, usize, Cond)>,
    /// Keywords in Chinese, full-width punctuation, names in Chinese.
    pub zh: bool,
    pub wide: bool,
    pub han_names: bool,
}

fn ty() -> impl Strategy<Value = Ty> {
    prop_oneof![
        Just(Ty::Number),
        Just(Ty::Money),
        Just(Ty::Text),
        Just(Ty::Date),
        Just(Ty::Bool),
        Just(Ty::OneOf),
        Just(Ty::Grade)
    ]
}

fn num() -> impl Strategy<Value = Num> {
    let leaf = prop_oneof![
        (0..16usize).prop_map(Num::Field),
        any::<u8>().prop_map(Num::Lit),
        (0..4usize).prop_map(Num::Score),
        (0..4usize).prop_map(Num::Let),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (0..4u8, inner.clone(), inner.clone()).prop_map(|(op, a, b)| Num::Bin(op, Box::new(a), Box::new(b))),
            (0..3u8, inner).prop_map(|(k, a)| Num::Pop(k, Box::new(a))),
        ]
    })
}

pub fn cond() -> impl Strategy<Value = Cond> {
    let leaf = prop_oneof![
        4 => (0..16usize, any::<u8>(), any::<u8>()).prop_map(|(f, op, lit)| Cond::Leaf(f, op, lit)),
        1 => (num(), 0..6u8, num()).prop_map(|(a, op, b)| Cond::Cmp(a, op, b)),
        1 => (0..6usize).prop_map(Cond::Let),
        1 => (0..3usize, 0..5usize).prop_map(|(l, v)| Cond::Ladder(l, v)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| Cond::Not(Box::new(c))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::Or(Box::new(a), Box::new(b))),
            (0..3u8, prop::collection::vec(inner, 1..4)).prop_map(|(k, m)| Cond::Group(k, m)),
        ]
    })
}

fn rules() -> impl Strategy<Value = Vec<Rule>> {
    (prop::collection::vec((cond(), any::<bool>()), 1..5), any::<bool>(), any::<bool>()).prop_map(
        |(conds, otherwise, out)| {
            let mut rules: Vec<Rule> = conds.into_iter().map(|(c, o)| (Some(c), o)).collect();
            if otherwise {
                rules.push((None, out));
            }
            rules
        },
    )
}

pub fn prog() -> impl Strategy<Value = Prog> {
    let lets = prop::collection::vec(prop_oneof![cond().prop_map(Let::Cond), num().prop_map(Let::Num)], 0..4);
    (
        prop::collection::vec(ty(), 1..7),
        lets,
        prop::collection::vec(num(), 0..3),
        prop::collection::vec(rules(), 1..3),
        prop::collection::vec((0..6usize, 0..6usize, cond()), 0..4),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|(fields, lets, scores, ladders, moves, (zh, wide, han_names))| Prog {
            fields,
            lets,
            scores,
            ladders,
            moves,
            zh,
            wide,
            han_names,
        })
}

const NUMS: &[&str] = &[
    "0",
    "1",
    "2",
    "3.5",
    "12",
    "100",
    "0.1",
    "0.2",
    "1_000",
    "30%",
    "5万",
    "100万",
    "1.2亿",
    "5千",
    "-3",
    "1_000_000",
];
const TEXTS: &[&str] = &["\"甲\"", "\"a\"", "\"A\"", "\"\"", "\"x y\"", "\"a\\\"b\"", "“制造业”", "\"#c\""];
const DATES: &[&str] = &["2026-01-01", "2025-06-30", "2026-11-23", "2024-02-29", "today", "today - 1 year"];
const LENGTHS: &[&str] = &["30 days", "2 months", "1 year", "2 weeks", "半年", "60天", "2个月", "0 days"];
pub const MEMBERS: [&str; 3] = ["甲", "乙", "丙"];

/// Where an expression is written, which decides what it may name.
#[derive(Clone, Copy)]
enum At {
    Let(usize),
    Score(usize),
    Ladder(usize),
    Moves,
}

/// Writes a program as rule text.
struct W<'p> {
    p: &'p Prog,
    at: At,
    out: String,
    /// Inside a ranking, where another ranking is an error (`ladder::nested_population`).
    in_pop: bool,
}

impl W<'_> {
    fn kw(&self, en: &'static str, zh: &'static str) -> &'static str {
        if self.p.zh {
            zh
        } else {
            en
        }
    }

    fn punct(&self, c: char) -> char {
        match (self.p.wide, c) {
            (true, '(') => '（',
            (true, ')') => '）',
            (true, '[') => '［',
            (true, ']') => '］',
            (true, ',') => '，',
            (true, '{') => '｛',
            (true, '}') => '｝',
            (true, ':') => '：',
            _ => c,
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn field(&self, i: usize) -> String {
        match (self.p.han_names, i % 3) {
            (true, 2) => format!("`字段 {i}`"),
            (true, _) => format!("字段{i}"),
            (false, _) => format!("f{i}"),
        }
    }

    fn bool_lets(&self) -> Vec<usize> {
        self.lets_before().filter(|&i| matches!(self.p.lets[i], Let::Cond(_))).collect()
    }

    fn num_lets(&self) -> Vec<usize> {
        self.lets_before().filter(|&i| matches!(self.p.lets[i], Let::Num(_))).collect()
    }

    fn lets_before(&self) -> std::ops::Range<usize> {
        match self.at {
            At::Let(i) => 0..i,
            At::Score(_) | At::Ladder(_) | At::Moves => 0..self.p.lets.len(),
        }
    }

    fn scores_before(&self) -> usize {
        match self.at {
            At::Let(_) => 0,
            At::Score(i) => i,
            At::Ladder(_) | At::Moves => self.p.scores.len(),
        }
    }

    fn ladders_before(&self) -> usize {
        match self.at {
            At::Let(_) | At::Score(_) => 0,
            At::Ladder(i) => i,
            At::Moves => self.p.ladders.len(),
        }
    }

    fn list(&mut self, items: &[&str]) {
        let (open, close, comma) = (self.punct('['), self.punct(']'), self.punct(','));
        self.out.push(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(comma);
                self.out.push(' ');
            }
            self.push(item);
        }
        self.out.push(close);
    }

    fn leaf(&mut self, f: usize, op: u8, lit: u8) {
        let f = f % self.p.fields.len();
        let name = self.field(f);
        let pick = |pool: &[&'static str]| pool[lit as usize % pool.len()];
        let second = |pool: &[&'static str]| pool[(lit as usize / 7) % pool.len()];
        let ty = self.p.fields[f];
        if op % 9 == 8 {
            let kw = if lit.is_multiple_of(2) {
                self.kw("is missing", "为空")
            } else {
                self.kw("is present", "不为空")
            };
            return self.push(&format!("{name} {kw}"));
        }
        match ty {
            Ty::Number | Ty::Money => {
                let ops = [">=", "<", "=", "!=", ">", "<=", "≥", "大于"];
                match op % 9 {
                    7 => {
                        let (b, a) = (self.kw("between", "介于"), self.kw("and", "和"));
                        self.push(&format!("{name} {b} {} {a} {}", pick(NUMS), second(NUMS)))
                    }
                    k => self.push(&format!("{name} {} {}", ops[k as usize], pick(NUMS))),
                }
            }
            Ty::Text => match op % 6 {
                0 => self.push(&format!("{name} = {}", pick(TEXTS))),
                1 => self.push(&format!("{name} != {}", pick(TEXTS))),
                2 => self.push(&format!("{name} {} {}", self.kw("contains", "包含"), pick(TEXTS))),
                3 => self.push(&format!("{name} {} {}", self.kw("starts with", "开头是"), pick(TEXTS))),
                4 => {
                    self.push(&format!("{name} {} ", self.kw("in", "属于")));
                    self.list(&[pick(TEXTS), second(TEXTS)]);
                }
                _ => {
                    self.push(&format!("{name} {} ", self.kw("not in", "不属于")));
                    self.list(&[pick(TEXTS)]);
                }
            },
            Ty::Date => match op % 7 {
                0 => self.push(&format!("{name} within last {}", pick(LENGTHS))),
                1 => self.push(&format!("{name} within next {}", pick(LENGTHS))),
                2 => self.push(&format!("{name} before {}", pick(DATES))),
                3 => self.push(&format!("{name} after {}", pick(DATES))),
                4 => self.push(&format!("{name} + {} >= {}", pick(LENGTHS), second(DATES))),
                5 => self.push(&format!("days since {name} > {}", pick(NUMS))),
                _ => {
                    let (b, a) = (self.kw("between", "介于"), self.kw("and", "和"));
                    self.push(&format!("{name} {b} {} {a} {}", pick(DATES), second(DATES)))
                }
            },
            Ty::Bool => match op % 4 {
                0 => self.push(&name),
                1 => self.push(&format!("{name} = {}", ["是", "否", "true", "false"][lit as usize % 4])),
                2 => self.push(&format!("{} {name}", self.kw("not", "非"))),
                _ => self.push(&format!("{name} != 是")),
            },
            Ty::OneOf | Ty::Grade => {
                let levels = self.levels(0);
                let choices: Vec<&str> = match ty {
                    Ty::OneOf => MEMBERS.to_vec(),
                    _ => levels.iter().map(String::as_str).collect(),
                };
                let (a, b) = (choices[lit as usize % choices.len()], choices[(lit as usize / 7) % choices.len()]);
                match op % 4 {
                    0 => self.push(&format!("{name} {} {a}", self.kw("is", "是"))),
                    1 => self.push(&format!("{name} {} {a}", self.kw("is not", "不是"))),
                    2 => {
                        self.push(&format!("{name} {} ", self.kw("in", "属于")));
                        self.list(&[a, b]);
                    }
                    _ => {
                        self.push(&format!("{name} {} ", self.kw("not in", "不属于")));
                        self.list(&[a]);
                    }
                }
            }
        }
    }

    fn levels(&self, ladder: usize) -> Vec<String> {
        (0..self.p.ladders[ladder].len()).map(|i| format!("A{i}")).collect()
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::Leaf(f, op, lit) => self.leaf(*f, *op, *lit),
            Cond::Cmp(a, op, b) => {
                self.num(a);
                self.push(&format!(" {} ", ["<", "<=", ">", ">=", "=", "!="][*op as usize % 6]));
                self.num(b);
            }
            Cond::Let(i) => match self.bool_lets() {
                lets if lets.is_empty() => self.leaf(*i, 8, 1),
                lets => self.push(&format!("l{}", lets[i % lets.len()])),
            },
            Cond::Ladder(l, v) => match self.ladders_before() {
                0 => self.leaf(*v, 8, 0),
                n => {
                    let l = l % n;
                    let level = v % self.p.ladders[l].len();
                    self.push(&format!("g{l} {} A{level}", self.kw("is", "是")))
                }
            },
            Cond::Not(c) => {
                self.push(self.kw("not ", "非 "));
                self.paren_cond(c);
            }
            Cond::And(a, b) | Cond::Or(a, b) => {
                self.paren_cond(a);
                let kw = match c {
                    Cond::And(..) => self.kw(" and ", " 且 "),
                    _ => self.kw(" or ", " 或 "),
                };
                self.push(kw);
                self.paren_cond(b);
            }
            Cond::Group(kind, members) => {
                let head = match kind {
                    0 => self.kw("all", "全部").to_string(),
                    1 => self.kw("any", "任一").to_string(),
                    _ => match self.p.zh {
                        true => format!("至少 {} 项", members.len().div_ceil(2)),
                        false => format!("at least {} of", members.len().div_ceil(2)),
                    },
                };
                self.push(&head);
                self.out.push(' ');
                self.out.push(self.punct('{'));
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        self.out.push(self.punct(','));
                    }
                    self.out.push(' ');
                    self.paren_cond(m);
                }
                self.out.push(' ');
                self.out.push(self.punct('}'));
            }
        }
    }

    /// A condition inside another: in brackets unless it is one piece.
    fn paren_cond(&mut self, c: &Cond) {
        let simple = matches!(c, Cond::Let(_) | Cond::Ladder(..) | Cond::Group(..));
        if simple {
            return self.cond(c);
        }
        self.out.push(self.punct('('));
        self.cond(c);
        self.out.push(self.punct(')'));
    }

    fn num(&mut self, n: &Num) {
        match n {
            Num::Field(f) => {
                let f = f % self.p.fields.len();
                match self.p.fields[f] {
                    Ty::Number | Ty::Money => self.push(&self.field(f)),
                    Ty::Date => self.push(&format!("days since {}", self.field(f))),
                    _ => self.push(NUMS[f % NUMS.len()]),
                }
            }
            Num::Lit(k) => self.push(NUMS[*k as usize % NUMS.len()]),
            Num::Bin(op, a, b) => {
                self.out.push(self.punct('('));
                self.num(a);
                self.push([" + ", " - ", " * ", " / "][*op as usize % 4]);
                self.num(b);
                self.out.push(self.punct(')'));
            }
            Num::Pop(_, a) if self.in_pop => self.num(a),
            Num::Pop(k, a) => {
                let name = match (self.p.zh, k % 3) {
                    (false, 0) => "percentile",
                    (false, 1) => "rank",
                    (false, _) => "quintile",
                    (true, 0) => "百分位",
                    (true, 1) => "排名",
                    (true, _) => "五分位",
                };
                self.push(name);
                self.out.push(self.punct('('));
                self.in_pop = true;
                self.num(a);
                self.in_pop = false;
                self.out.push(self.punct(')'));
            }
            Num::Score(i) => match self.scores_before() {
                0 => self.push(NUMS[i % NUMS.len()]),
                n => self.push(&format!("s{}", i % n)),
            },
            Num::Let(i) => match self.num_lets() {
                lets if lets.is_empty() => self.push(NUMS[i % NUMS.len()]),
                lets => self.push(&format!("l{}", lets[i % lets.len()])),
            },
        }
    }

    fn fields(&mut self) {
        let (open, close, colon) = (self.punct('{'), self.punct('}'), self.punct(':'));
        self.push(&format!("fields {open}\n  id{colon} text key\n"));
        for (i, ty) in self.p.fields.iter().enumerate() {
            let ty = match ty {
                Ty::Number => "number",
                Ty::Money => ["money", "金额"][i % 2],
                Ty::Text => "text",
                Ty::Date => ["date", "日期"][i % 2],
                Ty::Bool => ["bool", "是否"][i % 2],
                Ty::OneOf => "one of 甲, 乙, 丙",
                Ty::Grade => "grade g0",
            };
            let modifier = match i % 5 {
                3 => format!(" column \"col {i}\""),
                _ => String::new(),
            };
            self.push(&format!("  {}{colon} {ty}{modifier}\n", self.field(i)));
        }
        self.push(&format!("{close}\n\n"));
    }

    fn program(mut self) -> String {
        self.push("# generated\nladder \"fuzz\"\n\n");
        self.fields();
        let p = self.p;
        for (i, l) in p.lets.iter().enumerate() {
            self.at = At::Let(i);
            self.push(&format!("let l{i} = "));
            match l {
                Let::Cond(c) => self.cond(c),
                Let::Num(n) => self.num(n),
            }
            self.push("\n");
        }
        for (i, s) in p.scores.iter().enumerate() {
            self.at = At::Score(i);
            self.push(&format!("score s{i} = "));
            self.num(s);
            self.push("\n");
        }
        let (open, close) = (self.punct('{'), self.punct('}'));
        for (g, rules) in p.ladders.iter().enumerate() {
            self.at = At::Ladder(g);
            self.push(&format!("\ngrades g{g} {open}\n"));
            for (i, (c, outputs)) in rules.iter().enumerate() {
                self.push(&format!("  A{i} \"level {i}\" "));
                match c {
                    Some(c) => {
                        self.push(self.kw("if ", "如果 "));
                        self.cond(c);
                    }
                    None => self.push(self.kw("otherwise", "否则")),
                }
                if *outputs {
                    // A name two ladders share (the fourth rule's) clashes: see known.rs.
                    let note = if i == 3 { "备注".to_string() } else { format!("备注{g}") };
                    self.push(&format!(" {open} {note}: \"r{i}\", n{g}: {i} {close}"));
                }
                self.push("\n");
            }
            self.push(&format!("{close}\n"));
        }
        if let Some(stage) = p.fields.iter().position(|t| *t == Ty::Grade).filter(|_| !p.moves.is_empty()) {
            self.at = At::Moves;
            let levels = self.levels(0);
            self.push(&format!("\ntransitions t from {} {open}\n", self.field(stage)));
            self.push(&format!("  final {}\n", levels[levels.len() - 1]));
            for (from, to, c) in &p.moves {
                let from = levels.get(*from).map_or("*", String::as_str);
                self.push(&format!("  {from} -> {} {} ", levels[to % levels.len()], self.kw("if", "如果")));
                self.cond(c);
                self.push("\n");
            }
            self.push(&format!("{close}\n"));
        }
        self.out
    }
}

impl Prog {
    pub fn text(&self) -> String {
        W { p: self, at: At::Let(0), out: String::new(), in_pop: false }.program()
    }

    /// A condition as written after the whole program (what the REPL sees).
    pub fn cond_text(&self, c: &Cond) -> String {
        let mut w = W { p: self, at: At::Moves, out: String::new(), in_pop: false };
        w.cond(c);
        w.out
    }

    pub fn field_name(&self, i: usize) -> String {
        W { p: self, at: At::Moves, out: String::new(), in_pop: false }.field(i)
    }
}
