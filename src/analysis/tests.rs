//! Hand-written cases: what is proven dead, what stays alive, and the witnesses.

use crate::check::check_text;
use crate::diag::{NeverWhy, Problem};

/// The findings of `text`, which must check without errors, that `pick` picks.
fn findings<T>(text: &str, pick: impl Fn(&Problem) -> Option<T>) -> Vec<T> {
    let checked = check_text("t.ladder", text);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked.diagnostics.iter().filter_map(|d| pick(&d.problem)).collect()
}

/// The `never_fires` findings of `text`: (level, the covering levels or `None` when impossible).
fn never(text: &str) -> Vec<(String, Option<Vec<String>>)> {
    findings(text, |p| match p {
        Problem::NeverFires { level, why: NeverWhy::Impossible } => Some((level.clone(), None)),
        Problem::NeverFires { level, why: NeverWhy::Covered(c) } => Some((level.clone(), Some(c.clone()))),
        _ => None,
    })
}

fn covered(level: &str, by: &[&str]) -> (String, Option<Vec<String>>) {
    (level.to_string(), Some(by.iter().map(|s| s.to_string()).collect()))
}

fn impossible(level: &str) -> (String, Option<Vec<String>>) {
    (level.to_string(), None)
}

#[test]
fn a_union_of_earlier_rules_shadows_and_missing_values_keep_a_rule_alive() {
    let text = "fields {\n  金额: money\n  行业: text\n}\ngrades 等级 {\n\
        A \"a\" if 金额 >= 100万 and 行业 = \"制造业\"\n\
        B \"b\" if 金额 >= 100万 and 行业 != \"制造业\"\n\
        C \"c\" if 金额 >= 200万\n\
        D \"d\" if 金额 >= 100万 and 行业 is present\n\
        E \"e\" otherwise\n}\n";
    // C fires when 行业 is missing; D is taken by A and B together, neither alone.
    assert_eq!(never(text), [covered("D", &["A", "B"])]);
}

#[test]
fn a_required_field_has_no_missing_value() {
    let text = "fields {\n  金额: money\n  行业: text required\n}\ngrades 等级 {\n\
        A \"a\" if 金额 >= 100万 and 行业 = \"制造业\"\n\
        B \"b\" if 金额 >= 100万 and 行业 != \"制造业\"\n\
        C \"c\" if 金额 >= 200万\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [covered("C", &["A", "B"])]);
}

#[test]
fn contradictions_are_impossible() {
    let text = "fields {\n  金额: number\n  级别: one of 甲, 乙, 丙\n}\ngrades 等级 {\n\
        A \"a\" if 金额 > 10 and 金额 < 5\n\
        B \"b\" if 级别 = 甲 and 级别 = 乙\n\
        C \"c\" if 金额 between 1 and 3 and 金额 > 3\n\
        D \"d\" if 金额 between 1 and 3 and 金额 >= 3\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [impossible("A"), impossible("B"), impossible("C")]);
}

#[test]
fn at_least_n_of() {
    let text = "fields {\n  a: bool\n  b: bool\n  c: bool\n}\ngrades 等级 {\n\
        A \"a\" if at least 2 of { a, b, c }\n\
        B \"b\" if a and b\n\
        C \"c\" if at least 2 of { a, b } and not a\n\
        D \"d\" if a and c\n\
        F \"f\" if at least 1 of { a, b }\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [covered("B", &["A"]), impossible("C"), covered("D", &["A"])]);
}

#[test]
fn date_windows() {
    let text = "fields {\n  签约: date\n}\ngrades 等级 {\n\
        A \"a\" if 签约 within last 30 days\n\
        B \"b\" if 签约 within last 7 days\n\
        C \"c\" if days since 签约 > 365\n\
        D \"d\" if days since 签约 <= 180 and days since 签约 >= 0\n\
        G \"g\" if days since 签约 > 400\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [covered("B", &["A"]), covered("G", &["C"])]);
}

#[test]
fn calendar_windows_nest() {
    let text = "fields {\n  采购: date\n}\ngrades 等级 {\n\
        A \"a\" if 采购 within next 2 months\n\
        B \"b\" if 采购 within next 1 month\n\
        C \"c\" if 采购 after today + 1 year\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [covered("B", &["A"])]);
}

#[test]
fn days_and_months_together_decide_nothing() {
    // Whether 30 days are within a month depends on the month: no claim either way.
    let text = "fields {\n  采购: date\n}\ngrades 等级 {\n\
        A \"a\" if 采购 within next 1 month\n\
        B \"b\" if 采购 within next 28 days\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), []);
}

#[test]
fn one_of_complements() {
    let text = "fields {\n  级别: one of 甲, 乙, 丙\n}\ngrades 等级 {\n\
        A \"a\" if 级别 = 甲\n\
        B \"b\" if 级别 not in [甲]\n\
        C \"c\" if 级别 is present\n\
        D \"d\" if 级别 is missing\n\
        E \"e\" otherwise\n}\n";
    // Every record is 甲, not 甲, or missing: `otherwise` is never reached.
    assert_eq!(never(text), [covered("C", &["A", "B"]), covered("E", &["A", "B", "D"])]);
}

#[test]
fn levels_of_another_ladder_are_exact() {
    let text = "fields {\n  金额: number\n}\ngrades 规模 {\n\
        大 \"大\" if 金额 > 100\n\
        小 \"小\" otherwise\n}\n\
        grades 等级 {\n\
        A \"a\" if 规模 = 大\n\
        B \"b\" if 金额 > 200\n\
        C \"c\" if 规模 is missing\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [covered("B", &["A"]), impossible("C")]);
}

#[test]
fn a_score_compared_alone_has_cells_arithmetic_stays_opaque() {
    let text = "fields {\n  a: number\n  b: number\n}\nscore s = a + b\ngrades 等级 {\n\
        A \"a\" if s > 10\n\
        B \"b\" if s > 10 and a > 1\n\
        C \"c\" if s > 20\n\
        D \"d\" if a + b > 20\n\
        F \"f\" if s between 5 and 10 or s >= 30\n\
        G \"g\" if s > 2\n\
        E \"e\" otherwise\n}\n";
    // s > 20 takes nothing s > 10 does not; F's `s >= 30` is taken by A, its `between` is not.
    // `a + b > 20` is the same number, but arithmetic is not abstracted: no claim.
    assert_eq!(never(text), [covered("B", &["A"]), covered("C", &["A"])]);
    // Every value of s is in one of its cells, missing too: `otherwise` is never reached.
    let all = "fields {\n  a: number\n}\nscore s = a * 2\ngrades 等级 {\n\
        A \"a\" if s > 10\n\
        B \"b\" if s <= 10\n\
        C \"c\" if s is missing\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(all), [covered("E", &["A", "B", "C"])]);
}

#[test]
fn a_ladder_that_covers_every_record_needs_no_otherwise() {
    let text = "fields {\n  a: bool\n}\ngrades 等级 {\n\
        A \"a\" if a\n\
        B \"b\" if not a\n\
        C \"c\" if a is missing\n}\n";
    let checked = check_text("t.ladder", text);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

#[test]
fn a_budget_too_small_stops_without_claims() {
    let text = "fields {\n  a: bool\n}\ngrades 等级 {\n  A \"a\" if a\n  B \"b\" if a\n}\n";
    let checked = check_text("t.ladder", text);
    let found = super::analyse_with(&checked.program, jiff::civil::date(2026, 1, 1), 3);
    assert!(found.stopped.is_some());
    assert!(found.diagnostics.is_empty());
}

#[test]
fn dates_against_today_nest() {
    let text = "fields {\n  采购: date\n}\ngrades 等级 {\n\
        A \"a\" if 采购 after today + 1 month\n\
        B \"b\" if 采购 after today + 1 year\n\
        C \"c\" if 采购 before today and 采购 after today\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), [covered("B", &["A"]), impossible("C")]);
}

#[test]
fn a_test_of_today_alone_is_not_decided() {
    // True on some days and false on others: neither rule is dead.
    let text = "fields {\n  a: bool\n}\ngrades 等级 {\n\
        A \"a\" if today > 2026-06-01\n\
        B \"b\" if today <= 2026-06-01 and a\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(never(text), []);
}

/// The `always_true`/`always_false` findings of `text`: (truth, level, part, earlier rules).
fn constant_parts(text: &str) -> Vec<(bool, String, String, Vec<String>)> {
    findings(text, |p| match p {
        Problem::AlwaysTrue { level, part, earlier } => Some((true, level.clone(), part.clone(), earlier.clone())),
        Problem::AlwaysFalse { level, part, earlier } => Some((false, level.clone(), part.clone(), earlier.clone())),
        _ => None,
    })
}

fn part(truth: bool, level: &str, part: &str, earlier: &[&str]) -> (bool, String, String, Vec<String>) {
    (truth, level.to_string(), part.to_string(), earlier.iter().map(|s| s.to_string()).collect())
}

#[test]
fn a_part_the_earlier_rules_decide_is_constant_for_the_records_reaching_the_rule() {
    let text = "fields {\n  金额: money\n  行业: text\n}\ngrades 等级 {\n\
        A \"a\" if 金额 >= 100万\n\
        B \"b\" if 金额 < 100万 and 行业 = \"制造业\"\n\
        C \"c\" if 金额 >= 200万 or 行业 = \"零售\"\n\
        D \"d\" if not (金额 >= 100万) and 行业 = \"物流\"\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(
        constant_parts(text),
        [
            part(true, "B", "金额 < 100万", &["A"]),
            part(false, "C", "金额 >= 200万", &["A"]),
            part(true, "D", "not (金额 >= 100万)", &["A"]),
        ]
    );
}

#[test]
fn a_part_that_is_constant_by_itself_names_no_rule() {
    let text = "fields {\n  级别: one of 甲, 乙, 丙\n  已付款: bool\n}\ngrades 等级 {\n\
        A \"a\" if 级别 = 甲 or (级别 = 乙 and 级别 = 丙)\n\
        B \"b\" if (已付款 is missing or 已付款 is present) and 级别 = 乙\n\
        E \"e\" otherwise\n}\n";
    assert_eq!(
        constant_parts(text),
        [
            part(false, "A", "级别 = 乙 and 级别 = 丙", &[]),
            part(true, "B", "已付款 is missing or 已付款 is present", &[])
        ]
    );
}

#[test]
fn constants_dead_rules_and_the_inside_of_a_constant_part_are_not_reported() {
    let text = "fields {\n  金额: number\n  行业: text\n}\nlet 开启 = false\ngrades 等级 {\n\
        A \"a\" if 金额 >= 100\n\
        B \"b\" if 行业 = \"x\" or 开启\n\
        C \"c\" if 金额 >= 200 and 行业 = \"y\"\n\
        D \"d\" if any { 金额 >= 200, 金额 >= 300 } or 行业 = \"z\"\n\
        E \"e\" if 行业 = \"w\" and true\n\
        F \"f\" otherwise\n}\n";
    // B and E hold constants; C never fires (its own warning); D's `any` is reported, not its parts.
    assert_eq!(never(text), [covered("C", &["A"])]);
    assert_eq!(constant_parts(text), [part(false, "D", "any { 金额 >= 200, 金额 >= 300 }", &["A"])]);
}

#[test]
fn a_part_that_depends_on_the_record_is_not_constant() {
    let text = "fields {\n  金额: number\n  行业: text\n}\nscore s = 金额 * 2\ngrades 等级 {\n\
        A \"a\" if 金额 >= 100 and 行业 = \"x\"\n\
        B \"b\" if 金额 < 100 and 行业 = \"y\"\n\
        C \"c\" if s > 10 or 金额 > 5\n\
        F \"f\" otherwise\n}\n";
    assert_eq!(constant_parts(text), []);
}

#[test]
fn overlapping_rules_are_listed_with_a_record_that_meets_both() {
    let text = "fields {\n  金额: number\n  行业: text\n}\ngrades 等级 {\n\
        A \"a\" if 金额 >= 100\n\
        B \"b\" if 行业 = \"x\"\n\
        C \"c\" if 金额 < 50 and 行业 = \"y\"\n\
        D \"d\" if 金额 >= 200 or 行业 = \"y\"\n\
        E \"e\" otherwise\n}\n";
    let checked = check_text("t.ladder", text);
    let today = jiff::civil::date(2026, 1, 1);
    let pairs = |max| {
        let found = super::overlaps(&checked.program, today, max).expect("decided");
        let o = &found[0];
        (o.pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(), o.more, o.unconfirmed)
    };
    // A-B, A-D, B-D (金额 200, 行业 x), C-D; never A-C (金额 both >= 100 and < 50) nor B-C.
    assert_eq!(pairs(10), (vec![(0, 1), (0, 3), (1, 3), (2, 3)], 0, 0));
    assert_eq!(pairs(2), (vec![(0, 1), (0, 3)], 2, 0));
    // The record for A-B: 金额 at least 100 and 行业 x.
    let found = super::overlaps(&checked.program, today, 1).expect("decided");
    let [(amount, crate::diag::Shown::Written(n)), (industry, crate::diag::Shown::Written(x))] =
        found[0].pairs[0].witness.as_slice()
    else {
        panic!("{:?}", found[0].pairs[0].witness)
    };
    assert_eq!((amount.as_str(), industry.as_str(), x.as_str()), ("金额", "行业", "x"));
    assert!(n.parse::<i64>().is_ok_and(|n| n >= 100), "{n}");
}

#[test]
fn moves_that_never_fire_from_a_stage_are_exact() {
    let text = "fields {\n  金额: money required\n  报价: bool\n  阶段: grade 等级\n}\ngrades 等级 {\n\
        A01 \"a\" if 金额 >= 100\n  A02 \"b\" if 金额 >= 50\n  A03 \"c\" if 报价\n  A05 \"d\" otherwise\n}\n\
        transitions 流转 from 阶段 {\n  final A01\n\
        A05 -> A03 if 金额 >= 10\n\
        A05 -> A01 if 金额 < 10\n\
        A05 -> A02 if 报价\n\
        A03 -> A01 if 金额 >= 100 and 金额 < 50\n\
        A03, A05 -> A01 if 阶段 = A03 and 报价\n\
        * -> A02 if 报价 is missing\n}\n";
    let checked = check_text("t.ladder", text);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let found = super::analyse(&checked.program, jiff::civil::date(2026, 1, 1));
    use crate::transitions::Dead;
    // Stages: A01 0, A02 1, A03 2, A05 3. From A05 the first two moves take every record (金额 is
    // required); the fourth is impossible from A03, the fifth from A05 (the stage is A05 there).
    assert_eq!(
        found.dead_moves,
        [vec![
            (2, 3, Dead::Impossible),
            (3, 2, Dead::Covered(vec![0, 1])),
            (3, 4, Dead::Impossible),
            (3, 5, Dead::Covered(vec![0, 1])),
        ]]
    );
    // The `*` move can fire from A03 (报价 missing), so it is not reported, and A02, reached so, has
    // no way out.
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(
        codes,
        ["ladder::shadowed_move", "ladder::impossible_move", "ladder::impossible_move", "ladder::dead_end_stage"]
    );
}

/// Each comparison's BDDs and boxes, which are made from its truth on a few cells (those it
/// names and one between two of them) and from runs of cells, hold exactly the cells where the
/// evaluator finds it true (false): for every field kind and comparison, among many boundaries.
#[test]
fn each_comparison_is_encoded_as_its_truth_on_every_cell() {
    let mut tests = Vec::new();
    for c in [-3i64, 0, 2, 5, 7, 11, 40, 41] {
        for op in ["<", "<=", "=", "!=", ">", ">="] {
            tests.push(format!("n {op} {c}"));
            tests.push(format!("r {op} {c}.5"));
        }
        tests.push(format!("n between {c} and {}", c + 3));
        tests.push(format!("金额 >= {c}万"));
        tests.push(format!("days since d > {}", c.abs()));
        tests.push(format!("d within last {} days", c.abs()));
    }
    tests.extend(
        ["n is missing", "r is present", "e before 2026-01-01", "e after 2026-03-01", "e = 2026-02-01", "d is missing"]
            .map(String::from),
    );
    for t in ["p", "q", "r", "s"] {
        tests.push(format!("t = \"{t}\""));
        tests.push(format!("t != \"{t}\""));
    }
    tests.extend(
        [
            "t in [\"p\", \"s\"]",
            "t not in [\"q\", \"x\"]",
            "t is missing",
            "k = 乙",
            "k in [甲, 丙]",
            "b",
            "b is missing",
        ]
        .map(String::from),
    );
    let rules: String = tests.iter().enumerate().map(|(i, c)| format!("  L{i} \"l{i}\" if {c}\n")).collect();
    let text = format!(
        "fields {{\n  n: number\n  r: number required\n  金额: money\n  d: date\n  e: date\n  t: text\n  k: one of 甲, 乙, 丙\n  b: bool\n}}\n\
         grades 等级 {{\n{rules}  Z \"z\" otherwise\n}}\n"
    );
    let checked = check_text("t.ladder", &text);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let program = &checked.program;
    let today = jiff::civil::date(2026, 3, 15);
    let domain = super::Domain::new(program, today, &super::conditions(program));
    let mut enc = super::Encoder::new(&domain, super::WORK).unwrap();
    let ctx = domain.ctx();
    let mut tried = 0;
    for rule in &program.ladders[0].rules {
        let Some(e) = &rule.cond else { continue };
        let Some(super::domain::Atom::Field(f)) = domain.atoms.get(&super::domain::key(e)).cloned() else {
            panic!("{:?} is not a comparison of one field", program.sources.code(&e.loc));
        };
        let p = enc.pair(e).unwrap();
        let cells = domain.cells[f].as_ref().unwrap();
        for i in 0..cells.len() {
            let mut frame = crate::eval::Frame::new(program);
            frame.fields[f] = cells.value(i);
            let truth = ctx.eval(e, &mut frame).truth();
            let (cell, cell_box) = enc.cell(f, i);
            for (want, set, within) in [(Some(true), &p.t, &p.tb), (Some(false), &p.f, &p.fb)] {
                let code = program.sources.code(&e.loc);
                assert_eq!(!set.and(&cell).is_false(), truth == want, "{code} on cell {i} ({:?})", cells.value(i));
                assert_eq!(!within.disjoint(&cell_box), truth == want, "{code}'s box on cell {i}");
            }
            tried += 1;
        }
    }
    assert!(tried > 3_000, "{tried}");
}

#[test]
fn a_rule_far_down_a_long_ladder_is_found_covered_by_any_earlier_rule() {
    // Each rule steps a money and a score threshold together: the union of the earlier rules
    // outgrows one BDD, and is kept as unions of runs of them.
    let mut text = String::from(
        "fields {\n  金额: money\n  次数: number\n  行业: one of 制造, 零售, 金融\n  名称: text\n}\nscore s = 次数 * 2\ngrades 等级 {\n",
    );
    for i in 0..300 {
        text.push_str(&format!(
            "  L{i} \"{i}\" if 金额 >= {} and s > {i} or 名称 = \"客户{i}\" and 行业 = 金融\n",
            10_000_000 - i
        ));
    }
    text.push_str("  Y \"y\" if 金额 >= 10000000 and s > 400\n");
    text.push_str("  Z \"z\" if 名称 = \"客户250\" and 行业 = 金融\n");
    text.push_str("  E \"e\" otherwise\n}\n");
    assert_eq!(never(&text), [covered("Y", &["L0"]), covered("Z", &["L250"])]);
}
