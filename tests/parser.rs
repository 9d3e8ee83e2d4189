//! The descent parser (src/syntax/descent.rs) against pest's grammar, on every rule text the
//! repository holds: the shipped rules, the test files, the fuzz regressions and every ```ladder
//! block of the docs. Both must give the same trees and the same errors, and the descent parser
//! must take every well-formed declaration itself.

use ladder::syntax::parse::{declined, parse_expr, parse_expr_with_pest, parse_file, parse_file_with_pest};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every rule text: `.ladder` files, and the fenced ```ladder blocks of Markdown files.
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["rules", "tests", "docs", "benches"] {
        files(&root.join(dir), &mut paths);
    }
    paths.push(root.join("README.md"));
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        let name = path.strip_prefix(root).unwrap().display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("ladder") => texts.push((name, String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned())),
            Some("md") => {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut block: Option<String> = None;
                for (i, line) in text.lines().enumerate() {
                    match (&mut block, line.trim_start().strip_prefix("```")) {
                        (None, Some(info)) if info.trim().starts_with("ladder") => block = Some(String::new()),
                        (None, Some(_)) => block = Some(String::from("\0")),
                        (Some(code), Some(_)) => {
                            if !code.starts_with('\0') {
                                texts.push((format!("{name}:{}", i + 1), std::mem::take(code)));
                            }
                            block = None;
                        }
                        (Some(code), None) => {
                            code.push_str(line);
                            code.push('\n');
                        }
                        (None, None) => {}
                    }
                }
            }
            _ => {}
        }
    }
    texts
}

#[test]
fn the_descent_parser_reads_every_rule_text_as_the_grammar_does() {
    let corpus = corpus();
    assert!(corpus.len() > 300, "only {} rule texts found", corpus.len());
    let mut declines = Vec::new();
    for (name, text) in &corpus {
        let fast = parse_file(0, text);
        let pest = parse_file_with_pest(0, text);
        assert_eq!(format!("{:?}", fast.0), format!("{:?}", pest.0), "{name}: the trees differ");
        assert_eq!(format!("{:?}", fast.1), format!("{:?}", pest.1), "{name}: the errors differ");
        for range in declined(text) {
            declines.push(format!("{name}: {}", &text[range]));
        }
    }
    assert!(declines.is_empty(), "{} declarations left to pest:\n{}", declines.len(), declines.join("\n---\n"));
}

/// Pieces of rule text, chosen to meet the places where the two parsers could part: words that
/// are keywords in one place and names in another, numbers the grammar reads in two parts, units
/// of time, `-` after a new line in a group, `*` as a value or a stage.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "let x =", "score s =", "grades G {", "fields {", "transitions T from f {", "example \"e\" {",
    "given {", "expect", "missing", "ladder", "use", "a", "b", "客户", "`q x`", "f", "final", "of",
    "项", "和", "from", "and", "or", "not", "if", "otherwise", "is", "in", "all", "any", "at",
    "least", "至少", "true", "false", "today", "contains", "starts", "with", "within", "next", "last",
    "before", "after", "present", "days", "since", "until", "key", "required", "column", "one",
    "grade", "text", "number", "金额", "且", "或", "非", "如果", "否则", "是", "否", "不是", "属于", "不属于", "全部",
    "任一", "为空", "不为空", "包含", "开头是", "介于", "大于", "小于", "等于", "不等于", "大于等于", "半年", "天", "周", "个月",
    "年", "天内", "项目", "days", "months", "1", "30", "2.5", "100万", "5千元", "¥1,200", "￥5", "30%",
    "2026-11-23", "2026/1/5", "2026年1月5日", "2026年1月", "1_000", "１２", "3天", "60", "2个月", "¥5%",
    "1,200", "\"t\"", "“中”", "\"a\\\"b\"", "=", "+", "-", "*", "/", "×", ">", "<", ">=", "!=", "≥",
    "->", "→", "＊", "＝", "(", ")", "[", "]", "{", "}", "（", "）", "｛", "｝", ",", "，", "、", ":", "：",
    "x:", "A \"a\" if", "A otherwise", "B ->", "* ->", "quintile(", "f (",
];
const GAPS: &[&str] = &[" ", "", "\n", "  ", "\t", " # c\n", "\u{3000}", "\n  - ", "\n  + "];

/// Openers and closers that make most soups one declaration, so that many of them parse.
const FRAMES: &[(&str, &str)] = &[
    ("let x = ", "\n"),
    ("score s = ", ""),
    ("grades G {\n  A \"a\" if ", "\n  B otherwise\n}\n"),
    ("grades G {\n  A if all {\n    ", "\n  }\n}"),
    ("let y = any { ", " }"),
    ("let z = 至少 2 项 {\n", "\n}"),
    ("transitions T from f {\n  A -> B if ", "\n  * -> C otherwise\n}"),
    ("fields {\n  ", "\n}"),
    ("example \"e\" {\n  given { ", " }\n  expect G = A\n}"),
    ("let w = x in ", ""),
];

/// Pieces of expressions: values, operators and tests.
#[rustfmt::skip]
const VALUES: &[&str] = &[
    "a", "b", "客户", "`q x`", "f(a)", "quintile(x)", "1", "30", "2.5", "100万", "5千元", "¥1,200",
    "30%", "2026-11-23", "2026年1月5日", "60 days", "2个月", "半年", "3天", "today", "true", "是", "否",
    "\"t\"", "“中”", "days since d", "(a)", "[1, 2]", "A、B", "-5", "x", "of", "项", "和", "final",
    "from",
];
#[rustfmt::skip]
const JOINS: &[&str] = &[
    " and ", " or ", " 且 ", " 或 ", " + ", " - ", "\n- ", "\n+ ", " * ", " / ", " > ", " >= ", " = ",
    " 大于 ", " is ", " is not ", " 是 ", " 不是 ", " in ", " not in ", " 属于 ", " 不属于 ", " between ",
    " 介于 ", " 和 ", " contains ", " starts with ", " within next ", " before ", " after ",
    " is missing", " 为空", "\n", ", ", "、", " not ", " 非 ", " ", "", " # c\n", ": ", " key",
    " column ", " one of ",
];

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 3000, ..Default::default() })]

    /// Declarations built around expressions of random values and operators: many parse, and
    /// each must parse alike.
    #[test]
    fn framed_expressions_parse_alike(
        frame in proptest::sample::select(FRAMES),
        parts in proptest::collection::vec((proptest::sample::select(VALUES), proptest::sample::select(JOINS)), 1..8),
        last in proptest::sample::select(VALUES),
    ) {
        let mut text = frame.0.to_string();
        for (v, j) in &parts {
            text.push_str(v);
            text.push_str(j);
        }
        text.push_str(last);
        text.push_str(frame.1);
        let fast = parse_file(0, &text);
        let pest = parse_file_with_pest(0, &text);
        proptest::prop_assert_eq!(format!("{:?}", fast.0), format!("{:?}", pest.0), "{}", text);
        proptest::prop_assert_eq!(format!("{:?}", fast.1), format!("{:?}", pest.1), "{}", text);
        // The same expression alone, as the REPL reads it.
        let expr = &text[frame.0.len()..text.len() - frame.1.len()];
        let (fast, pest) = (parse_expr(0, expr), parse_expr_with_pest(0, expr));
        proptest::prop_assert_eq!(format!("{:?}", fast), format!("{:?}", pest), "{}", expr);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 3000, ..Default::default() })]

    /// Whatever the text, the descent parser takes a declaration only as pest's grammar does, and
    /// leaves the rest (with its errors) to it.
    #[test]
    fn token_soup_parses_alike(
        pieces in proptest::collection::vec((proptest::sample::select(PIECES), proptest::sample::select(GAPS)), 1..40),
    ) {
        let text: String = pieces.iter().flat_map(|(p, g)| [*p, *g]).collect();
        let fast = parse_file(0, &text);
        let pest = parse_file_with_pest(0, &text);
        proptest::prop_assert_eq!(format!("{:?}", fast.0), format!("{:?}", pest.0), "{}", text);
        proptest::prop_assert_eq!(format!("{:?}", fast.1), format!("{:?}", pest.1), "{}", text);
    }
}
