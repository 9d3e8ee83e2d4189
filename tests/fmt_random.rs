//! `ladder fmt` on random small rule files: random conditions over a few fields, written with
//! random spacing, line breaks, full-width punctuation and digits, Chinese keywords and operator
//! words, and comments; the formatter must be idempotent, keep the meaning and keep every comment.

mod common;

use proptest::prelude::*;

/// A condition, before it is written out.
#[derive(Debug, Clone)]
enum Cond {
    Leaf(usize),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Paren(Box<Cond>),
    /// 0 `all`, 1 `any`, 2 `at least 1 of`.
    Group(u8, Vec<Cond>),
}

/// One ladder rule: a label?, a condition (`None`: otherwise), outputs?
type Rule = (bool, Option<Cond>, bool);

/// A whole file, and the choices used to write it.
#[derive(Debug, Clone)]
struct File {
    lets: Vec<Cond>,
    rules: Vec<Rule>,
    style: Vec<u8>,
}

fn cond() -> impl Strategy<Value = Cond> {
    (0..LEAVES).prop_map(Cond::Leaf).prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| Cond::Not(Box::new(c))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::Or(Box::new(a), Box::new(b))),
            inner.clone().prop_map(|c| Cond::Paren(Box::new(c))),
            (0u8..3, prop::collection::vec(inner, 0..4)).prop_map(|(k, m)| Cond::Group(k, m)),
        ]
    })
}

fn file() -> impl Strategy<Value = File> {
    let rule = (any::<bool>(), prop::option::weighted(0.85, cond()), any::<bool>());
    (prop::collection::vec(cond(), 0..3), prop::collection::vec(rule, 1..5), prop::collection::vec(any::<u8>(), 64))
        .prop_map(|(lets, rules, style)| File { lets, rules, style })
}

/// Writes a file, drawing every spacing and spelling choice from the style bytes in turn.
struct Writer {
    style: Vec<u8>,
    at: usize,
    comments: usize,
    text: String,
}

const LEAVES: usize = 16;

impl Writer {
    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        let b = self.style[self.at % self.style.len()] as usize + self.at / self.style.len();
        self.at += 1;
        options[b % options.len()]
    }

    /// Writes one of the options.
    fn put(&mut self, options: &[&str]) {
        let s = self.pick(options);
        self.text.push_str(s);
    }

    /// Whitespace between two tokens: sometimes a line break or a comment.
    fn sep(&mut self) {
        let s = self.pick(&[" ", " ", " ", "  ", "\t", "\n    ", " \n  ", "\u{3000}", "#", " ", "\n\n   "]);
        if s == "#" {
            self.comments += 1;
            let c = format!(" # c{}\n    ", self.comments);
            self.text.push_str(&c);
        } else {
            self.text.push_str(s);
        }
    }

    /// Tokens separated by random whitespace.
    fn words(&mut self, words: &[&str]) {
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                self.sep();
            }
            let w = match *w {
                "," => self.pick(&[",", "，"]),
                ":" => self.pick(&[":", "："]),
                "{" => self.pick(&["{", "｛"]),
                "}" => self.pick(&["}", "｝"]),
                "(" => self.pick(&["(", "（"]),
                ")" => self.pick(&[")", "）"]),
                "[" => self.pick(&["[", "［"]),
                "]" => self.pick(&["]", "］"]),
                ">=" => self.pick(&[">=", "≥", "大于等于"]),
                "<" => self.pick(&["<", "小于"]),
                ">" => self.pick(&[">", "＞", "大于"]),
                "is" => self.pick(&["is", "是"]),
                "is not" => self.pick(&["is not", "不是", "是 非", "is 非"]),
                "not in" => self.pick(&["not in", "不属于", "非 属于"]),
                "in" => self.pick(&["in", "属于"]),
                "is missing" => self.pick(&["is missing", "为空"]),
                "is present" => self.pick(&["is present", "不为空", "是 present"]),
                "contains" => self.pick(&["contains", "包含"]),
                "starts with" => self.pick(&["starts with", "开头是"]),
                "between" => self.pick(&["between", "介于"]),
                "between-and" => self.pick(&["and", "和"]),
                "3" => self.pick(&["3", "３"]),
                "100万" => self.pick(&["100万", "１００万", "1000千"]),
                "2 months" => self.pick(&["2 months", "2个月", "半年", "２个月"]),
                "and" => self.pick(&["and", "且"]),
                "or" => self.pick(&["or", "或"]),
                "not" => self.pick(&["not", "非"]),
                "if" => self.pick(&["if", "如果"]),
                "otherwise" => self.pick(&["otherwise", "否则"]),
                "\"x\"" => self.pick(&["\"x\"", "“x”", "\"a \\\"b\\\" #c\""]),
                w => w,
            };
            self.text.push_str(w);
        }
    }

    fn leaf(&mut self, i: usize) {
        let words: &[&str] = match i {
            0 => &["已付款"],
            1 => &["p"],
            2 => &["`is vip`"],
            3 => &["n", ">=", "3"],
            4 => &["金额", ">=", "100万"],
            5 => &["d", "within", "next", "2 months"],
            6 => &["角色", "is not", "乙"],
            7 => &["角色", "not in", "[", "甲", ",", "乙", "]"],
            8 => &["n", "is missing"],
            9 => &["-", "n", "<", "3"],
            10 => &["名称", "contains", "\"x\""],
            11 => &["n", "+", "1", ">", "金额", "/", "2"],
            12 => &["金额", "between", "3", "between-and", "100万", "and", "名称", "starts with", "\"x\""],
            13 => &["角色", "in", "甲、乙"],
            14 => &["角色", "is", "甲", "or", "d", "is present"],
            _ => &["d", "between", "today", "between-and", "today", "+", "2 months"],
        };
        self.words(words);
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::Leaf(i) => self.leaf(*i),
            Cond::Not(c) => {
                self.words(&["not"]);
                self.sep();
                self.cond(c);
            }
            Cond::And(a, b) | Cond::Or(a, b) => {
                self.cond(a);
                self.sep();
                self.words(&[if matches!(c, Cond::And(..)) { "and" } else { "or" }]);
                self.sep();
                self.cond(b);
            }
            Cond::Paren(c) => {
                self.words(&["("]);
                self.sep();
                self.cond(c);
                self.sep();
                self.words(&[")"]);
            }
            Cond::Group(kind, members) => {
                let head: &[&str] = match kind {
                    0 => &["all"],
                    1 => &["any"],
                    _ => &["at least 1 of"],
                };
                let head = match head[0] {
                    "all" => self.pick(&["all", "全部"]),
                    "any" => self.pick(&["any", "任一"]),
                    _ => self.pick(&["at least 1 of", "至少 1 项", "至少1项"]),
                };
                self.text.push_str(head);
                self.sep();
                self.words(&["{"]);
                for (i, m) in members.iter().enumerate() {
                    self.sep();
                    if i > 0 && starts_with_minus(m) {
                        self.put(&[",", "，", ", \n     "]);
                        self.sep();
                    } else if i > 0 {
                        self.put(&[",", "，", "\n      ", ", \n     "]);
                        self.sep();
                    }
                    self.cond(m);
                }
                self.sep();
                self.words(&["}"]);
            }
        }
    }

    fn file(mut self, f: &File) -> String {
        self.put(&["", "# top\n", "\n\n"]);
        self.text.push_str("fields ");
        self.words(&["{"]);
        for decl in [
            &["已付款", ":", "bool"][..],
            &["p", ":", "是否"],
            &["`is vip`", ":", "bool"],
            &["n", ":", "number"],
            &["金额", ":", "money"],
            &["d", ":", "date"],
            &["角色", ":", "one of", "甲", ",", "乙"],
            &["名称", ":", "text", "key"],
        ] {
            self.put(&["\n  ", "\n\n  ", " ", "\n  # field\n  "]);
            self.words(decl);
        }
        self.text.push_str("\n}\n");
        for (i, c) in f.lets.iter().enumerate() {
            self.put(&["", "\n", "# let\n"]);
            self.text.push_str(&format!("let L{i} "));
            self.put(&["=", "＝"]);
            self.sep();
            self.cond(c);
            self.text.push('\n');
        }
        self.text.push_str("grades G ");
        self.words(&["{"]);
        for (i, (label, cond, outputs)) in f.rules.iter().enumerate() {
            self.put(&["\n  ", "\n\n  ", "\n  # rule\n  "]);
            self.text.push_str(&format!("R{i}"));
            if *label {
                self.sep();
                self.words(&["\"x\""]);
            }
            self.sep();
            match cond {
                Some(c) => {
                    self.words(&["if"]);
                    self.sep();
                    self.cond(c);
                }
                None => self.words(&["otherwise"]),
            }
            if *outputs {
                self.sep();
                self.words(&["{", "o", ":", "\"x\"", ",", "q", ":", "5", "}"]);
            }
        }
        self.text.push_str("\n}\n\nexample \"e\" {\n  given ");
        self.words(&["{", "p", ":", "是", ",", "n", ":", "5", ",", "名称", ":", "\"x\"", "}"]);
        self.text.push_str("\n  expect G = R0\n}\n");
        self.text
    }
}

/// Whether the condition is written starting with `-` (after a line break it would continue the
/// member before it, so members are then separated by a comma).
fn starts_with_minus(c: &Cond) -> bool {
    match c {
        Cond::Leaf(i) => *i == 9,
        Cond::And(a, _) | Cond::Or(a, _) => starts_with_minus(a),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_files_format_idempotently_and_keep_meaning_and_comments(f in file()) {
        let text = Writer { style: f.style.clone(), at: 0, comments: 0, text: String::new() }.file(&f);
        if let Err(e) = ladder::fmt::format(&text) {
            panic!("generated file does not parse: {e:?}\n{text}");
        }
        common::assert_fmt_promises("random.ladder", &text);
    }
}
