//! Every form of LANGUAGE.md's Lexical and Expressions sections, each in a small program that
//! must check with no errors, with what it must mean asserted on the checked program.
//! Declarations (fields, ladders, scores, transitions, examples, `use`) are in `forms_declarations.rs`.

mod common;

use common::*;
use ladder::cell::{Duration, DurationUnit};
use ladder::ir::{CmpOp, Const, ExprKind as K, Group, Type};

// ---------------------------------------------------------------- Lexical

#[test]
fn numbers_in_every_spelling() {
    let p = ok("let a = 1000000\nlet b = 1_000_000\nlet c = 1.5\nlet d = 100万\nlet e = 1.2亿\nlet f = 30%");
    // Exactly the decimal written.
    for (name, want) in
        [("a", "1000000"), ("b", "1000000"), ("c", "1.5"), ("d", "1000000"), ("e", "120000000"), ("f", "0.3")]
    {
        assert_eq!(constant(&p, name), (&num(want), Type::Number), "{name}");
    }
}

/// A number literal as the exact decimal `text`.
fn num(text: &str) -> Const {
    Const::Num(text.parse().expect("a decimal"))
}

#[test]
fn money_with_yuan_sign_or_suffix() {
    let p = ok("let a = ¥5000\nlet b = 5000元\nlet c = ￥1,200,000\nlet d = 100万元");
    for (name, want) in [("a", "5000"), ("b", "5000"), ("c", "1200000"), ("d", "1000000")] {
        assert_eq!(constant(&p, name), (&num(want), Type::Money), "{name}");
    }
}

#[test]
fn dates_and_today() {
    let p = ok("let a = 2026-11-23\nlet b = 2026/11/23\nlet c = 2026年11月23日\nlet d = 2026.11.23\nlet t = today");
    let day = jiff::civil::date(2026, 11, 23);
    for name in ["a", "b", "c", "d"] {
        assert_eq!(constant(&p, name), (&Const::Date(day), Type::Date), "{name}");
    }
    assert_eq!(let_expr(&p, "t").kind, K::Today);
    assert_eq!(let_expr(&p, "t").ty, Type::Date);
}

#[test]
fn durations_in_english_and_chinese() {
    let cases = [
        ("60 days", 60, DurationUnit::Days),
        ("2 weeks", 2, DurationUnit::Weeks),
        ("2 months", 2, DurationUnit::Months),
        ("1 year", 1, DurationUnit::Years),
        ("60天", 60, DurationUnit::Days),
        ("2周", 2, DurationUnit::Weeks),
        ("2个月", 2, DurationUnit::Months),
        ("1年", 1, DurationUnit::Years),
    ];
    for (text, amount, unit) in cases {
        let p = ok(&format!("let d = {text}"));
        assert_eq!(constant(&p, "d"), (&Const::Duration(Duration { amount, unit }), Type::Duration), "{text}");
    }
}

#[test]
fn booleans_in_english_and_chinese() {
    let p = ok("let a = true\nlet b = 是\nlet c = false\nlet d = 否");
    for (name, want) in [("a", true), ("b", true), ("c", false), ("d", false)] {
        assert_eq!(constant(&p, name), (&Const::Bool(want), Type::Bool), "{name}");
    }
}

#[test]
fn comments_and_names() {
    let p = ok("# 整行注释\nfields {\n  非营利机构: bool  # 名字里含“非”也还是一个名字\n  `Annual Revenue (¥)`: money\n  客户_2: text\n}\nlet a = 非营利机构\nlet b = `Annual Revenue (¥)` >= 100万 # 行尾注释\nlet c = 客户_2 is present");
    assert_eq!(let_expr(&p, "a").kind, K::Field(0));
    assert_eq!(p.fields[1].name, "Annual Revenue (¥)");
    assert_eq!(p.fields[2].name, "客户_2");
}

#[test]
fn backticked_names_resolve_like_plain_ones() {
    same_meaning(
        &format!("{FIELDS}let x = `询问公司产品` and `反馈人` is 拍板人"),
        &format!("{FIELDS}let x = 询问公司产品 and 反馈人 is 拍板人"),
    );
}

#[test]
fn chinese_keywords_mean_the_english_ones() {
    let english = "grades 等级 {\n  A03 \"冲刺级\" if 口头承诺 and not 询问公司产品 or all { 口头承诺, 询问公司产品 }\n  A06 \"积极回应\" if any { 口头承诺, 询问公司产品 } or at least 1 of { 口头承诺, 询问公司产品 }\n  A21 \"资料级\" otherwise\n}\nlet x = 询问公司产品 = true or 口头承诺 = false";
    let chinese = "grades 等级 {\n  A03 \"冲刺级\" 如果 口头承诺 且 非 询问公司产品 或 全部 { 口头承诺, 询问公司产品 }\n  A06 \"积极回应\" 如果 任一 { 口头承诺, 询问公司产品 } 或 至少 1 项 { 口头承诺, 询问公司产品 }\n  A21 \"资料级\" 否则\n}\nlet x = 询问公司产品 = 是 或 口头承诺 = 否";
    same_meaning(&format!("{FIELDS}{english}"), &format!("{FIELDS}{chinese}"));
}

#[test]
fn full_width_punctuation_means_the_ascii() {
    let ascii = "fields {\n  反馈人: one of 拍板人, 使用者, 其他\n  行业: text\n  年销售额: money\n}\ngrades 等级 {\n  A06 \"积极回应\" if 反馈人 in [拍板人, 使用者] and (年销售额 >= 100万)\n  A08 \"范围级\" if 行业 not in [\"政府机关\", \"非营利机构\"]\n  A21 \"资料级\" otherwise\n}\nexample \"e\" {\n  given { 反馈人: 使用者, 年销售额: 120万 }\n  expect 等级 = A06\n}";
    let full = "fields ｛\n  反馈人：one of 拍板人，使用者，其他\n  行业：text\n  年销售额：money\n｝\ngrades 等级 ｛\n  A06 “积极回应” if 反馈人 in ［拍板人，使用者］ and （年销售额 ≥ 100万）\n  A08 “范围级” if 行业 not in ［“政府机关”，“非营利机构”］\n  A21 “资料级” otherwise\n｝\nexample “e” ｛\n  given ｛ 反馈人：使用者，年销售额：120万 ｝\n  expect 等级 ＝ A06\n｝";
    same_meaning(ascii, full);
}

#[test]
fn newlines_and_commas_separate_members_alike() {
    same_meaning(
        &format!("{FIELDS}let x = any {{ 口头承诺, 询问公司产品, 反馈人 is 拍板人 }}"),
        &format!("{FIELDS}let x = any {{\n  口头承诺\n  询问公司产品\n  反馈人 is 拍板人\n}}"),
    );
    same_meaning("let a = 100万", "let a = 1_000_000");
}

// ---------------------------------------------------------------- Expressions

#[test]
fn comparisons() {
    let ops =
        [("=", CmpOp::Eq), ("!=", CmpOp::Ne), ("<", CmpOp::Lt), ("<=", CmpOp::Le), (">", CmpOp::Gt), (">=", CmpOp::Ge)];
    for (op, want) in ops {
        let p = with_fields(&format!("let x = 年销售额 {op} 100万"));
        let e = let_expr(&p, "x");
        assert!(matches!(&e.kind, K::Cmp(o, a, _) if *o == want && a.kind == K::Field(2)), "{op}: {e:?}");
        assert_eq!(e.ty, Type::Bool);
    }
}

#[test]
fn choices_lists_and_text_tests() {
    let p = with_fields(
        "let a = 反馈人 is 拍板人\nlet b = 反馈人 is not 使用者\nlet c = 反馈人 in [拍板人, 使用者, 参谋者]\nlet d = 反馈人 not in [其他]\nlet e = 行业 not in [\"政府机关\", \"非营利机构\"]\nlet f = 行业 contains \"制造\"\nlet g = 行业 starts with \"制造\"",
    );
    assert!(matches!(&let_expr(&p, "a").kind, K::Cmp(CmpOp::Eq, _, m) if m.kind == K::Const(Const::Member(0))));
    assert!(matches!(&let_expr(&p, "b").kind, K::Cmp(CmpOp::Ne, _, m) if m.kind == K::Const(Const::Member(1))));
    let members = vec![Const::Member(0), Const::Member(1), Const::Member(2)];
    assert!(matches!(&let_expr(&p, "c").kind, K::In(_, l, false) if *l == members));
    assert!(matches!(&let_expr(&p, "d").kind, K::In(_, l, true) if *l == vec![Const::Member(3)]));
    let texts = vec![Const::Text("政府机关".into()), Const::Text("非营利机构".into())];
    assert!(matches!(&let_expr(&p, "e").kind, K::In(_, l, true) if *l == texts));
    assert!(matches!(&let_expr(&p, "f").kind, K::Contains(_, s) if s == "制造"));
    assert!(matches!(&let_expr(&p, "g").kind, K::StartsWith(_, s) if s == "制造"));
}

#[test]
fn missing_and_present() {
    let p = with_fields("let a = 行业 is missing\nlet b = 预计采购日期 is present");
    assert!(matches!(let_expr(&p, "a").kind, K::Present(_, false)));
    assert!(matches!(let_expr(&p, "b").kind, K::Present(_, true)));
}

#[test]
fn logic_parentheses_and_bare_conditions() {
    let p = with_fields("let 拍板 = 反馈人 is 拍板人\nlet x = 询问公司产品 and not (拍板 or 口头承诺)");
    let K::And(parts) = &let_expr(&p, "x").kind else { panic!("not an and") };
    assert_eq!(parts[0].kind, K::Field(5));
    let K::Not(inner) = &parts[1].kind else { panic!("not a not") };
    assert!(matches!(&inner.kind, K::Or(v) if v[0].kind == K::Let(0) && v[1].kind == K::Field(6)));
}

#[test]
fn groups() {
    let p = with_fields(
        "let a = all { 询问公司产品, 口头承诺 }\nlet b = any {\n  询问公司产品\n  口头承诺\n}\nlet c = at least 2 of { 询问公司产品, 口头承诺, 反馈人 is 拍板人 }\nlet d = 至少 1 项 { 询问公司产品 }",
    );
    assert!(matches!(&let_expr(&p, "a").kind, K::Group(Group::All, v) if v.len() == 2));
    assert!(matches!(&let_expr(&p, "b").kind, K::Group(Group::Any, v) if v.len() == 2));
    assert!(matches!(&let_expr(&p, "c").kind, K::Group(Group::AtLeast(2), v) if v.len() == 3));
    assert!(matches!(&let_expr(&p, "d").kind, K::Group(Group::AtLeast(1), v) if v.len() == 1));
}

#[test]
fn arithmetic_on_numbers_money_and_dates() {
    let p = with_fields(
        "let a = (年销售额 + 100万 - ¥5000) * 2 / 3\nlet b = 员工人数 * 1.5\nlet c = 预计采购日期 + 30 days\nlet d = 预计采购日期 - 2个月\nlet e = days since 最近购买日期\nlet f = days until 预计采购日期\nlet g = 预计采购日期 - 最近购买日期",
    );
    assert_eq!(let_expr(&p, "a").ty, Type::Money);
    assert_eq!(let_expr(&p, "b").ty, Type::Number);
    assert!(matches!(let_expr(&p, "c").kind, K::Shift(_, _, 1)));
    assert!(matches!(let_expr(&p, "d").kind, K::Shift(_, _, -1)));
    assert_eq!(let_expr(&p, "c").ty, Type::Date);
    assert!(matches!(let_expr(&p, "e").kind, K::DaysSince(_)));
    assert!(matches!(let_expr(&p, "f").kind, K::DaysUntil(_)));
    for name in ["e", "f", "g"] {
        assert_eq!(let_expr(&p, name).ty, Type::Number, "{name}");
    }
}

#[test]
fn time_windows() {
    let p = with_fields(
        "let a = 预计采购日期 within next 2 months\nlet b = 最近购买日期 within last 30 days\nlet c = 预计采购日期 before 2026-12-31\nlet d = 预计采购日期 after today",
    );
    assert!(
        matches!(&let_expr(&p, "a").kind, K::Within(_, d, true) if d.kind == K::Const(Const::Duration(Duration { amount: 2, unit: DurationUnit::Months })))
    );
    assert!(matches!(let_expr(&p, "b").kind, K::Within(_, _, false)));
    assert!(matches!(let_expr(&p, "c").kind, K::Before(..)));
    assert!(matches!(&let_expr(&p, "d").kind, K::After(_, t) if t.kind == K::Today));
}

#[test]
fn lets_use_earlier_lets_as_values_and_conditions() {
    let p = with_fields("let 门槛 = 500万\nlet 大客户 = 年销售额 > 门槛\nlet 重点 = 大客户 and 询问公司产品");
    assert_eq!(let_expr(&p, "门槛").ty, Type::Number);
    assert!(matches!(&let_expr(&p, "大客户").kind, K::Cmp(CmpOp::Gt, _, b) if b.kind == K::Let(0)));
    assert!(matches!(&let_expr(&p, "重点").kind, K::And(v) if v[0].kind == K::Let(1)));
}

// ---------------------------------------------------------------- Chinese operator words

#[test]
fn chinese_operator_words_mean_the_english_ones() {
    let english = "let a = 反馈人 is 拍板人\nlet b = 反馈人 is not 拍板人\nlet c = 反馈人 in [拍板人, 使用者]\nlet d = 反馈人 not in [其他]\nlet e = 行业 is missing\nlet f = 行业 is present\nlet g = 行业 contains \"制造\"\nlet h = 行业 starts with \"制造\"\nlet i = 年销售额 between 100万 and 500万";
    let chinese = "let a = 反馈人 是 拍板人\nlet b = 反馈人 不是 拍板人\nlet c = 反馈人 属于 拍板人、使用者\nlet d = 反馈人 不属于 [其他]\nlet e = 行业 为空\nlet f = 行业 不为空\nlet g = 行业 包含 \"制造\"\nlet h = 行业 开头是 \"制造\"\nlet i = 年销售额 介于 100万 和 500万";
    same_meaning(&format!("{FIELDS}{english}"), &format!("{FIELDS}{chinese}"));
}

#[test]
fn comparison_words() {
    let words = [
        ("等于", CmpOp::Eq),
        ("不等于", CmpOp::Ne),
        ("小于", CmpOp::Lt),
        ("小于等于", CmpOp::Le),
        ("大于", CmpOp::Gt),
        ("大于等于", CmpOp::Ge),
    ];
    for (word, want) in words {
        let p = with_fields(&format!("let x = 年销售额 {word} 100万"));
        let e = let_expr(&p, "x");
        assert!(matches!(&e.kind, K::Cmp(o, a, _) if *o == want && a.kind == K::Field(2)), "{word}: {e:?}");
    }
}

#[test]
fn shi_is_is_after_a_value_and_yes_everywhere_else() {
    let p = with_fields(
        "let a = 反馈人 是 拍板人\nlet b = 询问公司产品 = 是\nlet c = 是\nlet d = 口头承诺 且 询问公司产品 = 是",
    );
    assert!(matches!(&let_expr(&p, "a").kind, K::Cmp(CmpOp::Eq, _, m) if m.kind == K::Const(Const::Member(0))));
    assert!(matches!(&let_expr(&p, "b").kind, K::Cmp(CmpOp::Eq, _, y) if y.kind == K::Const(Const::Bool(true))));
    assert_eq!(constant(&p, "c"), (&Const::Bool(true), Type::Bool));
    assert!(matches!(&let_expr(&p, "d").kind, K::And(v) if v.len() == 2));
}

#[test]
fn names_holding_operator_words_stay_names() {
    let words = [
        "是否成交",
        "大于阈值",
        "包含项",
        "属于本区",
        "为空标记",
        "介于区间",
        "开头是否",
        "不是新客",
        "小于等于线",
        "半年内成交",
    ];
    let fields: String = words.iter().map(|w| format!("  {w}: bool\n")).collect();
    let text = format!("fields {{\n{fields}}}\nlet x = {}", words.join(" 且 "));
    let p = ok(&text);
    let K::And(parts) = &let_expr(&p, "x").kind else { panic!("not an and") };
    let read: Vec<&K> = parts.iter().map(|e| &e.kind).collect();
    let want: Vec<K> = (0..words.len()).map(K::Field).collect();
    assert_eq!(read, want.iter().collect::<Vec<_>>());
}

#[test]
fn between_includes_a_whole_comparison_and_no_more() {
    let p = with_fields(
        "let a = 年销售额 between 1 and 5 and 口头承诺\nlet b = 预计采购日期 介于 2026-01-01 和 today + 半年",
    );
    let K::And(parts) = &let_expr(&p, "a").kind else { panic!("not an and") };
    assert!(matches!(&parts[0].kind, K::Between(x, lo, hi) if x.kind == K::Field(2)
        && lo.kind == K::Const(num("1")) && hi.kind == K::Const(num("5"))));
    assert_eq!(parts[1].kind, K::Field(6));
    assert!(matches!(&let_expr(&p, "b").kind, K::Between(_, _, hi) if matches!(hi.kind, K::Shift(..))));
}

#[test]
fn between_checks_its_ends_like_a_comparison() {
    let text = format!("{FIELDS}let a = 年销售额 介于 1 和 \"5\"\nlet b = 预计采购日期 between 1 and 2026-01-01\nlet c = 行业 between \"a\" and \"b\"");
    let checked = ladder::check::check_text("forms.ladder", text);
    let codes: Vec<&str> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code()).collect();
    assert_eq!(codes, ["ladder::type_mismatch"; 4]);
}

#[test]
fn half_a_year_thousands_and_full_width_digits() {
    let p = ok("let a = 半年\nlet b = 5千\nlet c = 1.5千元\nlet d = ¥5千\nlet e = １００万\nlet f = １２\nlet g = ２０２６-１１-２３\nlet h = ３个月");
    let months = |amount| Const::Duration(Duration { amount, unit: DurationUnit::Months });
    assert_eq!(constant(&p, "a"), (&months(6), Type::Duration));
    assert_eq!(constant(&p, "b"), (&num("5000"), Type::Number));
    assert_eq!(constant(&p, "c"), (&num("1500"), Type::Money));
    assert_eq!(constant(&p, "d"), (&num("5000"), Type::Money));
    assert_eq!(constant(&p, "e"), (&num("1000000"), Type::Number));
    assert_eq!(constant(&p, "f"), (&num("12"), Type::Number));
    assert_eq!(constant(&p, "g"), (&Const::Date(jiff::civil::date(2026, 11, 23)), Type::Date));
    assert_eq!(constant(&p, "h"), (&months(3), Type::Duration));
    same_meaning("let a = 至少 ２ 项 { 是, 否 }", "let a = at least 2 of { true, false }");
}

#[test]
fn the_enumeration_comma_separates_list_items() {
    let want = format!("{FIELDS}let x = 反馈人 in [拍板人, 使用者, 参谋者]");
    for list in [
        "in [拍板人、使用者、参谋者]",
        "in 拍板人、使用者、参谋者",
        "属于 拍板人、 使用者、\n  参谋者",
        "属于 [拍板人，使用者 参谋者]",
    ] {
        same_meaning(&format!("{FIELDS}let x = 反馈人 {list}"), &want);
    }
    same_meaning("fields {\n  甲: one of 代理商、经销商\n}", "fields {\n  甲: one of 代理商, 经销商\n}");
}

// ---------------------------------------------------------------- end to end, through the binary

fn ladder_cli(args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("ladder runs");
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    format!("{text}[exit {}]\n", o.status.code().unwrap_or(-1))
}

const CHINESE: &str = "tests/fixtures/chinese_words.ladder";
const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];

#[test]
fn chinese_words_end_to_end_examples_explanations_and_coverage() {
    let tested = ladder_cli(&["test", CHINESE, AS_OF[0], AS_OF[1]]);
    assert!(tested.ends_with("9 passed, 0 failed\n[exit 0]\n"), "{tested}");
    let data = "tests/fixtures/chinese_words.csv";
    insta::assert_snapshot!(
        "chinese_words_explain",
        ladder_cli(&["explain", CHINESE, data, "--key", "K2", AS_OF[0], AS_OF[1]])
    );
    insta::assert_snapshot!(
        "chinese_words_why",
        ladder_cli(&["run", CHINESE, data, "--explain", "--keep", "客户编号", AS_OF[0], AS_OF[1]])
    );
    insta::assert_snapshot!("chinese_words_coverage", ladder_cli(&["test", "--coverage", CHINESE, AS_OF[0], AS_OF[1]]));
}

#[test]
fn chinese_words_check_clean_and_format_as_written() {
    assert_eq!(ladder_cli(&["check", "--deny-warnings", CHINESE]), "checked 1 file: 0 errors, 0 warnings\n[exit 0]\n");
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CHINESE)).expect("rules");
    insta::assert_snapshot!("chinese_words_formatted", assert_fmt_promises(CHINESE, &text));
}
