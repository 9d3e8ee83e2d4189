//! REPL command sequences: every `:command` with good, bad and missing arguments, `let`s,
//! conditions and values of the program, unclosed input, and garbage.

use super::program::{cond, Cond, Prog};
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub enum Input {
    /// A `:command` by index, with an argument drawn by `arg`.
    Command(u8, u8),
    /// `:set FIELD = VALUE`.
    Set(usize, u8),
    Let(Cond),
    Eval(Cond),
    Raw(&'static str),
}

const COMMANDS: &[&str] = &[
    "help", "load", "reload", "data", "row", "key", "set", "unset", "clear", "show", "grade", "why", "whynot", "next",
    "examples", "lets", "as-of", "quit", "nope", "h",
];
const VALUES: &[&str] = &["", "是", "12", "120万", "2026-01-05", "甲", "A0", "-", "很多", "\u{feff}", "\"x\"", "🙂"];
const RAW: &[&str] = &[
    "",
    "# comment",
    "1 + 1",
    "(",
    "all {",
    "}",
    ":",
    ": set",
    "let",
    "let = 1",
    "let x = ",
    "let key = 1",
    "today + 1 month",
    "\"中文\" = \"中文\"",
    "1 / 0",
    "99999999999999999999999 * 99999999999999999999999",
    "\u{a0}",
    "\u{feff}:grade",
    "let a = a",
    "rank(1)",
];

pub fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        4 => (any::<u8>(), any::<u8>()).prop_map(|(c, a)| Input::Command(c, a)),
        3 => (0..16usize, any::<u8>()).prop_map(|(f, v)| Input::Set(f, v)),
        1 => cond().prop_map(Input::Let),
        2 => cond().prop_map(Input::Eval),
        1 => prop::sample::select(RAW).prop_map(Input::Raw),
    ]
}

/// The text typed for one input, given the program's file names and its model.
pub fn typed(input: &Input, prog: &Prog, rules: &str, data: &str, n: usize) -> String {
    let field = |f: usize| prog.field_name(f % prog.fields.len());
    match input {
        Input::Command(c, a) => {
            let word = COMMANDS[*c as usize % COMMANDS.len()];
            let a = *a as usize;
            let arg = match (word, a % 4) {
                (_, 0) => String::new(),
                ("load", _) => rules.to_string(),
                ("data", 1) => data.to_string(),
                ("data", _) => format!("{data}.missing"),
                ("row" | "next", _) => ["1", "2", "3", "99", "-1", "x", "18446744073709551616"][a % 7].to_string(),
                ("key", _) => format!("k{}", a % 5),
                ("unset", _) => field(a),
                ("why" | "whynot", _) => ["g0", "A0", "A1", "t", "x"][a % 5].to_string(),
                ("as-of", _) => ["2026-01-31", "2026-02-30", "today", "9999-12-31"][a % 4].to_string(),
                (_, _) => VALUES[a % VALUES.len()].to_string(),
            };
            format!(":{word} {arg}")
        }
        Input::Set(f, v) => format!(":set {} = {}", field(*f), VALUES[*v as usize % VALUES.len()]),
        Input::Let(c) => format!("let r{n} = {}", prog.cond_text(c)),
        Input::Eval(c) => prog.cond_text(c),
        Input::Raw(s) => s.to_string(),
    }
}
