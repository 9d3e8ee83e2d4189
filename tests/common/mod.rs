//! Helpers shared by the tests: the language forms, and the promises of `ladder fmt`.
#![allow(dead_code)]

pub mod cli;
pub mod conditions;
pub mod http;

use ladder::check::{check_text, Checked};
use ladder::ir::{self, Const, ExprKind as K, Program, Type};

/// Checks `text` and fails with the rendered errors when there are any.
pub fn ok(text: &str) -> Program {
    assert_clean(check_text("forms.ladder", text))
}

pub fn assert_clean(checked: Checked) -> Program {
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| ladder::report::human(d, &checked.program.sources, ladder::diag::Lang::En, false, 100))
        .collect();
    assert!(errors.is_empty(), "expected no errors:\n{}", errors.join("\n"));
    checked.program
}

/// A program declaring the fields most forms need, then `rest`.
pub fn with_fields(rest: &str) -> Program {
    ok(&format!("{FIELDS}\n{rest}"))
}

pub const FIELDS: &str = r#"
fields {
  客户编号: text key
  行业: text
  年销售额: money
  员工人数: number
  反馈人: one of 拍板人, 使用者, 参谋者, 其他
  询问公司产品: bool
  口头承诺: bool
  预计采购日期: date
  最近购买日期: date
}
"#;

/// The checked body of the let named `name`.
pub fn let_expr<'p>(p: &'p Program, name: &str) -> &'p ir::Expr {
    &p.lets.iter().find(|b| b.name == name).unwrap_or_else(|| panic!("no let {name}")).expr
}

/// The constant a let holds.
pub fn constant<'p>(p: &'p Program, name: &str) -> (&'p Const, Type) {
    let e = let_expr(p, name);
    match &e.kind {
        K::Const(c) => (c, e.ty),
        other => panic!("{name} is not a constant: {other:?}"),
    }
}

pub fn same_meaning(a: &str, b: &str) {
    assert_eq!(ok(a).meaning(), ok(b).meaning(), "\n--- a ---\n{a}\n--- b ---\n{b}");
}

// ---- What every formatted file must satisfy: idempotence, the same meaning, the same comments.

/// Formats `text` (the contents of `path`) and asserts the formatter's promises; returns the
/// formatted text.
pub fn assert_fmt_promises(path: &str, text: &str) -> String {
    let once = ladder::fmt::format(text).unwrap_or_else(|e| panic!("{path} does not parse: {e:?}"));
    let twice = ladder::fmt::format(&once).unwrap_or_else(|e| panic!("{path} formatted does not parse: {e:?}\n{once}"));
    assert_eq!(once, twice, "{path}: formatting is not idempotent");

    let (before, after) = (check_text(path, text), check_text(path, once.clone()));
    assert_eq!(before.program.meaning(), after.program.meaning(), "{path}: formatting changed the meaning\n{once}");
    // Messages quote the source as typed (`a＝b`), so only the kinds of diagnostics must agree.
    let kinds = |c: &ladder::check::Checked| c.diagnostics.iter().map(|d| (d.code(), d.severity())).collect::<Vec<_>>();
    assert_eq!(kinds(&before), kinds(&after), "{path}: formatting changed the diagnostics\n{once}");

    let mut comments = ladder::fmt::comments(text).expect("parses");
    let mut kept = ladder::fmt::comments(&once).expect("parses");
    comments.sort();
    kept.sort();
    assert_eq!(comments, kept, "{path}: comments lost or changed\n{once}");
    // Independently of the comment finder: every `#` (in comments, texts and quoted names) stays.
    assert_eq!(text.matches('#').count(), once.matches('#').count(), "{path}: a `#` went missing\n{once}");
    once
}

/// Whether a literal reads like English prose: two words of letters in a row, one of them at
/// least three letters long, outside `{…}` format arguments.
pub fn is_prose(s: &str) -> bool {
    let mut plain = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain.split(|c: char| !c.is_ascii_alphabetic()).collect();
    let tokens: Vec<&str> = plain.split(' ').collect();
    tokens.windows(2).any(|w| {
        let word = |t: &str| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic() || c == ',' || c == '.');
        word(w[0]) && word(w[1]) && (w[0].len() >= 3 || w[1].len() >= 3)
    }) && !words.is_empty()
}

/// A rule file whose rule adds 1 to 金额 `lets` times, `let s{i} = s{i-1} + 1`: two steps of
/// evaluation a let, each through the rarer kinds of node (whose frames are the largest); 499 is
/// the most the checker allows.
pub fn sum_chain(lets: usize) -> String {
    let chain: String = (1..lets).map(|i| format!("let s{i} = s{} + 1\n", i - 1)).collect();
    chain_file("let s0 = 金额 + 1\n", &chain, &format!("s{} >= 100万", lets - 1))
}

/// A rule file grading 等级 A or B on `condition`, with the lets `first` and `chain`, and an example.
pub fn chain_file(first: &str, chain: &str, condition: &str) -> String {
    format!(
        "ladder \"t\"\nfields {{\n  客户: text key\n  金额: money\n}}\n{first}{chain}grades 等级 {{\n  A \"x\" if {condition}\n  B \"y\" otherwise\n}}\nexample \"大\" {{\n  given {{ 金额: 200万 }}\n  expect 等级 = A\n}}\n"
    )
}
