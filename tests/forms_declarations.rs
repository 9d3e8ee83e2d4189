//! Every declaration form of LANGUAGE.md — fields, ladders, scores, transitions, examples and
//! `use` — and the whole-file example, each checked with no errors and its meaning asserted.

mod common;

use common::*;
use ladder::check::check_path;
use ladder::ir::{self, ExprKind as K, FieldType, Target, Type};

// ---------------------------------------------------------------- Fields

#[test]
fn every_field_type_and_option() {
    let p = ok(r#"
fields {
  客户编号: text key required
  员工人数: number
  年销售额: money column "年销售额（元）"
  询问公司产品: bool
  预计采购日期: date
  反馈人: one of 拍板人, 使用者, 参谋者, 其他
  客户类型: one of "新客户", "老客户"
  当前阶段: grade 等级
}
grades 等级 {
  A21 "资料级" otherwise
}"#);
    let types: Vec<&FieldType> = p.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types[..5],
        [&FieldType::Text, &FieldType::Number, &FieldType::Money, &FieldType::Bool, &FieldType::Date]
    );
    assert_eq!(*types[5], FieldType::OneOf(vec!["拍板人".into(), "使用者".into(), "参谋者".into(), "其他".into()]));
    assert_eq!(*types[6], FieldType::OneOf(vec!["新客户".into(), "老客户".into()]));
    assert_eq!(*types[7], FieldType::Grade(0));
    assert!(p.fields[0].key && p.fields[0].required);
    assert!(!p.fields[1].key && !p.fields[1].required);
    assert_eq!(p.fields[2].column, "年销售额（元）");
    assert_eq!(p.fields[3].column, "询问公司产品");
}

// ---------------------------------------------------------------- Grades and scores

#[test]
fn ladders_with_otherwise_and_outputs() {
    let p = with_fields(
        "grades 等级 {\n  A06 \"积极回应\" if 询问公司产品 { 拜访: \"每月至少一次\", 负责人: \"专人\" }\n  A21 \"资料级\" otherwise { 拜访: \"每半年一次\" }\n}\ngrades ABC {\n  A \"核心客户\" if 年销售额 >= 500万\n  C \"普通客户\" otherwise\n}",
    );
    assert_eq!(p.ladders.len(), 2);
    let l = &p.ladders[0];
    assert_eq!(l.outputs, ["拜访", "负责人"]);
    assert_eq!(l.rules[0].outputs, [(0, "每月至少一次".to_string()), (1, "专人".to_string())]);
    assert_eq!(l.rules[1].outputs, [(0, "每半年一次".to_string())]);
    assert_eq!((l.rules[0].level.as_str(), l.rules[0].label.as_str()), ("A06", "积极回应"));
    assert!(l.rules[0].cond.is_some() && l.rules[1].cond.is_none());
}

#[test]
fn scores_and_population_functions() {
    let p = ok(r#"
fields {
  客户名称: text key
  最近购买日期: date
  购买次数: number
  购买金额: money
  忠诚度: number
}
score R = 6 - quintile(days since 最近购买日期)
score F = quintile(购买次数)
score M = quintile(购买金额)
score 金额分 = percentile(购买金额)
score 频次分 = rank(购买次数)
score 价值分 = 0.4 * 金额分 + 0.3 * 频次分 + 0.3 * 忠诚度
grades RFM {
  重要 "重要价值客户" if R >= 4 and F >= 4 and M >= 4 and 价值分 >= 80
  一般 "一般客户" otherwise
}"#);
    let funcs: Vec<ir::PopFn> = p.pops.iter().map(|x| x.func).collect();
    use ir::PopFn::*;
    assert_eq!(funcs, [Quintile, Quintile, Quintile, Percentile, Rank]);
    assert!(p.scores.iter().all(|s| s.expr.ty == Type::Number));
    assert!(matches!(&p.scores[0].expr.kind, K::Arith(ir::ArithOp::Sub, _, q) if q.kind == K::Pop(0)));
}

// ---------------------------------------------------------------- Transitions and examples

const STAGES: &str = "fields {\n  年销售额: money\n  询问公司产品: bool\n  当前阶段: grade 等级\n}\ngrades 等级 {\n  A06 \"积极回应\" if 询问公司产品\n  A08 \"范围级\" if 年销售额 >= 100万\n  A21 \"资料级\" otherwise\n}\n";

#[test]
fn transitions_from_a_grade_field() {
    let p = ok(&format!(
        "{STAGES}transitions 阶段 from 当前阶段 {{\n  A21 -> A08 if 年销售额 >= 100万\n  A08, A21 → A06 if 询问公司产品\n  * -> A21 if 年销售额 is missing\n}}"
    ));
    let t = &p.transitions[0];
    assert_eq!((t.name.as_str(), t.field, t.ladder), ("阶段", 2, 0));
    assert_eq!(t.moves[0].from, Some(vec![2]));
    assert_eq!(t.moves[0].to, 1);
    assert_eq!(t.moves[1].from, Some(vec![1, 2]));
    assert_eq!(t.moves[2].from, None);
}

#[test]
fn examples_give_values_as_in_the_data() {
    let p = ok(&format!(
        "{STAGES}transitions 阶段 from 当前阶段 {{\n  A21 -> A06 if 询问公司产品\n}}\nexample \"询问产品\" {{\n  given {{ 询问公司产品: 是, 年销售额: 1,200,000, 当前阶段: A21 }}\n  expect 等级 = A06, 阶段 = A06\n}}\nexample \"什么都没填\" {{\n  given {{ }}\n  expect 等级 = A21\n}}"
    ));
    let e = &p.examples[0];
    assert_eq!(e.name, "询问产品");
    assert_eq!(e.given, [(1, "是".to_string()), (0, "1,200,000".to_string()), (2, "A21".to_string())]);
    assert_eq!(e.expect[0].target, Target::Ladder(0));
    assert_eq!(e.expect[0].level, Some(0));
    assert_eq!(e.expect[1].target, Target::Transitions(0));
    assert!(p.examples[1].given.is_empty());
}

// ---------------------------------------------------------------- Sharing between files

#[test]
fn use_brings_in_fields_lets_and_ladders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let common =
        "fields {\n  反馈人: one of 拍板人, 使用者\n  询问公司产品: bool\n}\nlet 拍板人反馈 = 反馈人 is 拍板人\n";
    std::fs::create_dir(dir.path().join("shared")).expect("folder");
    std::fs::write(dir.path().join("shared/common.ladder"), common).expect("write");
    let rules = "use \"shared/common.ladder\"\ngrades 等级 {\n  A06 \"积极回应\" if 拍板人反馈 and 询问公司产品\n  A21 \"资料级\" otherwise\n}\n";
    let path = dir.path().join("rules.ladder");
    std::fs::write(&path, rules).expect("write");
    let p = assert_clean(check_path(&path.to_string_lossy()).expect("readable"));
    assert_eq!(p.fields.len(), 2);
    assert_eq!(p.lets[0].name, "拍板人反馈");
    assert_eq!(p.sources.files.len(), 2);
}

#[test]
fn missing_markers_of_a_file_and_the_files_it_uses_merge() {
    let mut files = ladder::files::Memory::new();
    files.insert("m/common.ladder", "missing \"未知\", \"待定\"\nfields {\n  金额: money\n}\n");
    files.insert(
        "m/main.ladder",
        "use \"common.ladder\"\nmissing “待定”， \" N.A. \"\ngrades 级 {\n  A \"大\" if 金额 >= 1\n}\n",
    );
    let p = assert_clean(ladder::check::check_with(&files, "m/main.ladder").expect("in memory"));
    assert_eq!(p.missing, ["未知", "待定", "N.A."]);
}

#[test]
fn a_member_named_like_a_missing_marker_is_the_member() {
    let p = ok("missing \"待定\"\nfields {\n  有无: one of 有, 无, 待定\n  金额: money\n}\n");
    let (choice, amount) = (&p.fields[0], &p.fields[1]);
    assert_eq!(ladder::value::read(&p, choice, "无"), Ok(ladder::value::Value::Member(1)));
    assert_eq!(ladder::value::read(&p, choice, " 待定 "), Ok(ladder::value::Value::Member(2)));
    assert_eq!(ladder::value::read(&p, choice, "暂无"), Ok(ladder::value::Value::Missing));
    assert_eq!(ladder::value::read(&p, amount, "待定"), Ok(ladder::value::Value::Missing));
}

#[test]
fn a_ladder_name_is_the_level_that_ladder_gives() {
    let p = with_fields(
        "grades 价值 {\n  VIP \"VIP\" if 年销售额 >= 500万\n  普通 \"普通\" otherwise\n}\nlet 是VIP = 价值 is VIP\ngrades 回访 {\n  该回访 \"需回访\" if 是VIP and days since 最近购买日期 > 30\n  不必 \"不必\" if 价值 in [普通] or 价值 is missing\n}",
    );
    let e = let_expr(&p, "是VIP");
    let K::Cmp(_, a, b) = &e.kind else { panic!("{e:?}") };
    assert_eq!((&a.kind, a.ty), (&K::Ladder(0), Type::Level(0)));
    assert_eq!(b.kind, K::Const(ir::Const::Member(0)));
}

#[test]
fn the_title() {
    assert_eq!(ok("ladder \"客户十级分级\"").title.as_deref(), Some("客户十级分级"));
}

// ---------------------------------------------------------------- The whole file of LANGUAGE.md

#[test]
fn the_whole_file_example_checks() {
    let text = include_str!("fixtures/language_example.ladder");
    let p = ok(text);
    assert_eq!(p.title.as_deref(), Some("客户十级分级"));
    let levels: Vec<&str> = p.levels(0).collect();
    assert_eq!(levels, ["A01", "A02", "A03", "A06", "A31", "A07", "A08", "A21"]);
    assert!(p.ladders[0].rules[7].cond.is_none());
    let revenue = p.field("revenue").expect("revenue");
    assert_eq!(p.fields[revenue].column, "Annual Revenue (¥)");
    assert_eq!(p.transitions[0].moves.len(), 3);
    assert_eq!(p.transitions[0].moves[2].from, None);
    assert_eq!(p.examples[0].expect[0].level, Some(3));
}
