//! No input makes the checker panic or overflow the stack: thousands of generated and mutated
//! rule files go through `check_text`, which must always return.

use ladder::check::check_text;
use proptest::prelude::*;

#[path = "fuzz/mutate.rs"]
mod mutate;

/// The words, names, literals and punctuation a rule file is made of.
const TOKENS: &[&str] = &[
    // declarations
    "ladder",
    "use",
    "fields",
    "let",
    "score",
    "grades",
    "transitions",
    "from",
    "example",
    "given",
    "expect",
    "final",
    "grade",
    "one of",
    "key",
    "required",
    "column",
    // types
    "text",
    "number",
    "money",
    "bool",
    "date",
    // keywords and their Chinese aliases
    "if",
    "otherwise",
    "and",
    "or",
    "not",
    "is",
    "in",
    "all",
    "any",
    "at least 2 of",
    "of",
    "missing",
    "present",
    "contains",
    "starts with",
    "within next",
    "within last",
    "before",
    "after",
    "days since",
    "days until",
    "today",
    "true",
    "false",
    "如果",
    "否则",
    "且",
    "或",
    "非",
    "全部",
    "任一",
    "至少 2 项",
    "至少",
    "项",
    "是",
    "否",
    // names
    "反馈人",
    "拍板人",
    "使用者",
    "年销售额",
    "询问公司产品",
    "预计采购日期",
    "当前阶段",
    "等级",
    "阶段",
    "A06",
    "A21",
    "拍板人反馈且口头承诺",
    "非营利机构",
    "`Annual Revenue (¥)`",
    "quintile",
    "rank",
    "percentile",
    "x",
    "_",
    // literals
    "0",
    "1",
    "100万",
    "1.2亿",
    "30%",
    "1_000",
    "¥5000",
    "5000元",
    "2026-11-23",
    "2026-02-30",
    "2026年1月5日",
    "60 days",
    "2个月",
    "1年",
    "\"政府机关\"",
    "“制造业”",
    "\"",
    "“",
    "\"\\",
    // punctuation, ASCII and full-width
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "->",
    "*",
    "+",
    "-",
    "/",
    "&&",
    "||",
    "!",
    "｛",
    "｝",
    "（",
    "）",
    "［",
    "］",
    "，",
    "：",
    "＝",
    "≥",
    "→",
    "＊",
    "`",
    "#",
    "# 注释\n",
    "\n",
    "\n\n",
    "\t",
    "\u{3000}",
    "\u{FEFF}",
    "\r\n",
    "é",
    "🙂",
    "\u{0}",
];

/// Real rule files, the bases of the mutations: the whole-file example of LANGUAGE.md and the
/// shipped rules.
const BASES: &[&str] = &[
    include_str!("fixtures/language_example.ladder"),
    include_str!("../rules/ten_level.ladder"),
    include_str!("../rules/abc.ladder"),
    include_str!("../rules/rfm.ladder"),
    include_str!("../rules/lifecycle.ladder"),
];

/// Cases per generator: `PROPTEST_CASES` for a longer hunt, else enough to stay quick in debug.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)
}

fn check(text: &str) {
    let checked = check_text("fuzz.ladder", text);
    // Rendering every diagnostic is part of not panicking.
    for d in &checked.diagnostics {
        let _ = ladder::report::human(d, &checked.program.sources, ladder::diag::Lang::Zh, false, 80);
        let _ = ladder::report::github(d, &checked.program.sources, ladder::diag::Lang::En);
    }
}

/// A string of tokens, glued or spaced.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(TOKENS), prop::sample::select(&["", " ", "\n"][..])), 0..80)
        .prop_map(|parts| parts.into_iter().flat_map(|(t, sep)| [t, sep]).collect())
}

/// Token soup inside a plausible frame, so the parser gets past the first word more often.
fn framed_soup() -> impl Strategy<Value = String> {
    let frames = prop::sample::select(
        &[
            "fields {\n  反馈人: one of 拍板人, 使用者\n  年销售额: money\n  {}\n}\n",
            "let x = {}\n",
            "grades 等级 {\n  A06 \"积极回应\" if {}\n  A21 \"资料级\" otherwise\n}\n",
            "transitions 阶段 from 当前阶段 {\n  {}\n}\n",
            "example \"e\" {\n  given { {} }\n  expect 等级 = A06\n}\n",
        ][..],
    );
    (frames, soup()).prop_map(|(frame, inner)| frame.replacen("{}", &inner, 1))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_never_panics(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn token_soup_never_panics(text in soup()) {
        check(&text);
    }

    #[test]
    fn framed_token_soup_never_panics(text in framed_soup()) {
        check(&text);
    }

    #[test]
    fn mutated_rule_files_never_panic(
        base in prop::sample::select(BASES),
        edits in prop::collection::vec(mutate::edit(), 1..8),
    ) {
        check(&mutate::mutated(base, &edits));
    }
}

/// Deep nesting of every kind that recurses in the parser is refused with an error.
#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = [
        format!("let x = {}询问公司产品{}", "(".repeat(10_000), ")".repeat(10_000)),
        format!("let x = {}询问公司产品", "(".repeat(10_000)),
        format!("let x = {}询问公司产品", "not ".repeat(10_000)),
        format!("let x = {}询问公司产品", "非 ".repeat(10_000)),
        format!("let x = {}询问公司产品", "not\n".repeat(10_000)),
        format!("let x = {}预计采购日期", "days since ".repeat(10_000)),
        format!("let x = {}1", "-".repeat(10_000)),
        format!("let x = {}询问公司产品", "any { ".repeat(10_000)),
        format!("let x = {}a", "quintile(".repeat(10_000)),
        format!("let x = {}", "（".repeat(10_000)),
        format!("grades 等级 {{\n  A if {}x\n}}", "all {\n".repeat(10_000)),
        format!("let x = 年销售额{} > 1", " + 年销售额".repeat(10_000)),
        format!("let x = 询问公司产品{}", " and 询问公司产品".repeat(10_000)),
        format!("let x = {}1", "(1 - ".repeat(60)),
    ];
    for text in &deep {
        let checked = check_text("deep.ladder", text.as_str());
        let head: String = text.chars().take(30).collect();
        assert!(checked.has_errors(), "no error for {head}…");
    }
}

/// Nesting just under the limit checks, also on a test thread's small stack.
#[test]
fn nesting_under_the_limit_checks() {
    let depth = ladder::syntax::parse::MAX_DEPTH - 4;
    let text = format!(
        "fields {{\n  a: bool\n}}\ngrades G {{\n  A \"a\" if {}a{}\n  B \"b\" otherwise\n}}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let checked = check_text("deep.ladder", text);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let nots = format!("fields {{\n  a: bool\n}}\nlet x = {}a\n", "not ".repeat(depth));
    assert!(!check_text("deep.ladder", nots).has_errors());
}
