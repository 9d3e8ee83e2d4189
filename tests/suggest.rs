//! `ladder test --suggest [--write] [--cases]`: the printed examples (en and zh), writing them into
//! the rule file or the test table, coverage afterwards, and on generated programs the property
//! that every suggested example, read back from the file, gets the levels it promises and covers
//! its item.

mod common;

use common::cli::{ladder, ladder_in, stderr, stdout, tmp};
use ladder::check::check_text;
use ladder::eval::{Ctx, Pops};
use ladder::testing::suggest::{appended, suggest, Style};
use ladder::testing::{Coverage, Session};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];

/// `ladder test ARGS… --suggest --as-of …` in `lang`: exit code, the examples, the messages.
fn suggest_in(lang: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["test"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--suggest"]);
    all.extend_from_slice(&AS_OF);
    let o = ladder_in(lang, &all);
    (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
}

/// The items `--suggest` gives no example for (`… suggested for ITEM (PLACE): why`).
fn unsuggested(err: &str) -> BTreeSet<String> {
    let marker = "no example can be suggested for ";
    err.lines()
        .filter_map(|l| l.split_once(marker))
        .filter_map(|(_, rest)| rest.split_once("): ").and_then(|(head, _)| head.rsplit_once(" (")))
        .map(|(item, _)| item.to_string())
        .collect()
}

/// The items `--coverage` lists as not covered (`not covered: PLACE ITEM`).
fn not_covered(out: &str) -> BTreeSet<String> {
    out.lines()
        .filter_map(|l| l.split_once("not covered: "))
        .filter_map(|(_, rest)| rest.split_once(' ').map(|(_, item)| item.to_string()))
        .collect()
}

#[test]
fn the_examples_printed_for_an_english_file() {
    let (code, out, err) = suggest_in("en", &["tests/suggest/en.ladder"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("en_examples", out);
    let messages: Vec<&str> = err.lines().filter(|l| l.starts_with("warning") || l.contains("suggested")).collect();
    insta::assert_snapshot!("en_messages", messages.join("\n"));
}

#[test]
fn a_chinese_file_gets_chinese_names_and_yes_no() {
    let (code, out, err) = suggest_in("zh", &["tests/suggest/zh.ladder"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("zh_examples", out);
    let messages: Vec<&str> = err.lines().filter(|l| l.starts_with("警告") || l.contains("例子")).collect();
    insta::assert_snapshot!("zh_messages", messages.join("\n"));
}

#[test]
fn several_files_each_under_its_name() {
    let (code, out, err) = suggest_in("en", &["tests/suggest/en.ladder", "tests/suggest/zh.ladder"]);
    assert_eq!(code, 0, "{err}");
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(heads, ["# tests/suggest/en.ladder", "# tests/suggest/zh.ladder"]);
    assert_eq!(out.matches("example \"").count(), 16, "{out}");
    assert!(err.contains("16 examples suggested, 4 items with no example"), "{err}");
}

#[test]
fn the_printed_examples_are_formatted_and_the_file_with_them_checks() {
    let (_, out, _) = suggest_in("en", &["tests/suggest/en.ladder"]);
    assert_eq!(ladder::fmt::format(&out).as_deref(), Ok(out.as_str()), "not as ladder fmt writes it");
    let text = std::fs::read_to_string("tests/suggest/en.ladder").unwrap() + "\n" + &out;
    let checked = check_text("tests/suggest/en.ladder", text);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let today = jiff::civil::date(2026, 11, 23);
    for i in 0..checked.program.examples.len() {
        assert!(ladder::examples::run(&checked.program, i, today).passed(), "{}", checked.program.examples[i].name);
    }
}

/// `--suggest --write`, then `--coverage`: every item not covered is one `--suggest` said it could
/// not give an example for, and asking again suggests nothing new.
fn write_then_full_coverage(dir: &Path, file: &str) {
    let path = dir.join(file);
    let path = path.to_str().unwrap();
    let before = std::fs::read_to_string(path).unwrap();
    let (code, out, err) = suggest_in("en", &[path, "--write"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "--write prints no examples: {out}");
    // A file as `ladder fmt` writes it only grows.
    let after = std::fs::read_to_string(path).unwrap();
    assert!(after.starts_with(before.trim_end()), "{file}:\n{after}");
    assert_eq!(ladder::fmt::format(&after).as_deref(), Ok(after.as_str()), "{file}: not formatted");
    let unsuggested = unsuggested(&err);
    let o = ladder(&["test", path, "--coverage", AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(not_covered(&stdout(&o)), unsuggested, "{file}:\n{}\n{err}", stdout(&o));
    let (_, again, err) = suggest_in("en", &[path]);
    assert!(again.is_empty(), "{file}: suggested again:\n{again}");
    assert!(err.contains("0 examples suggested"), "{err}");
}

#[test]
fn after_write_coverage_is_everything_that_can_be_covered_on_the_shipped_rules() {
    let dir = tmp("suggest-rules");
    for entry in std::fs::read_dir("rules").unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    for file in ["abc.ladder", "lifecycle.ladder", "rfm.ladder", "ten_level.ladder"] {
        write_then_full_coverage(&dir, file);
    }
}

#[test]
fn after_write_coverage_is_everything_that_can_be_covered_on_hand_written_files() {
    let dir = tmp("suggest-hand");
    for file in ["en.ladder", "zh.ladder"] {
        std::fs::copy(Path::new("tests/suggest").join(file), dir.join(file)).unwrap();
        write_then_full_coverage(&dir, file);
    }
    // The rule that can never fire is all that is left.
    let (_, _, err) = suggest_in("en", &[dir.join("en.ladder").to_str().unwrap()]);
    assert_eq!(unsuggested(&err).len(), 1, "{err}");
}

#[test]
fn write_cases_adds_rows_in_the_tables_columns() {
    let dir = tmp("suggest-cases");
    let (rules, cases) = (dir.join("en.ladder"), dir.join("cases.csv"));
    // Without its example: the table alone covers.
    let text = std::fs::read_to_string("tests/suggest/en.ladder").unwrap();
    let text = &text[..text.find("\nexample").unwrap()];
    std::fs::write(&rules, text).unwrap();
    let table = "name,customer,industry,revenue,role,switching,orders,due,stage,expect_tiers,expect_path\n\
                 a keen user,c1,,,user,yes,,,,A,\n";
    std::fs::write(&cases, table).unwrap();
    let (rules, cases) = (rules.to_str().unwrap(), cases.to_str().unwrap());
    let (code, out, err) = suggest_in("en", &[rules, "--cases", cases, "--write"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("rows to"), "{err}");
    let written = std::fs::read_to_string(cases).unwrap();
    assert!(written.starts_with(table), "the old rows are kept:\n{written}");
    assert!(written.lines().count() > 3, "{written}");
    assert!(written.lines().all(|l| l.split(',').count() == 11), "the table's columns:\n{written}");
    assert_eq!(std::fs::read_to_string(rules).unwrap(), text, "the rule file is left alone");
    let o = ladder(&["test", rules, "--cases", cases, "--coverage", AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(not_covered(&stdout(&o)), unsuggested(&err), "{}\n{written}", stdout(&o));
}

#[test]
fn rows_are_not_added_where_the_rules_rank_the_rows() {
    let dir = tmp("suggest-ranked");
    let (rules, cases) = (dir.join("rfm.ladder"), dir.join("cases.csv"));
    let text = std::fs::read_to_string("rules/rfm.ladder").unwrap();
    std::fs::write(&rules, &text[..text.find("\nexample").unwrap()]).unwrap();
    let table = "客户名称,最近购买日期,购买次数,购买金额,expect_RFM分群\n";
    std::fs::write(&cases, table).unwrap();
    let args = [rules.to_str().unwrap(), "--cases", cases.to_str().unwrap(), "--write"];
    let (code, _, err) = suggest_in("en", &args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("rank"), "{err}");
    assert_eq!(std::fs::read_to_string(&cases).unwrap(), table);
}

#[test]
fn a_column_the_table_lacks_is_an_error_and_nothing_is_written() {
    let dir = tmp("suggest-no-column");
    let (rules, cases) = (dir.join("en.ladder"), dir.join("cases.csv"));
    std::fs::copy("tests/suggest/en.ladder", &rules).unwrap();
    let table = "name,revenue,industry,expect_tiers\n";
    std::fs::write(&cases, table).unwrap();
    let args = [rules.to_str().unwrap(), "--cases", cases.to_str().unwrap(), "--write"];
    let (code, _, err) = suggest_in("en", &args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("has no column \""), "{err}");
    assert_eq!(std::fs::read_to_string(&cases).unwrap(), table);
    let (code, _, err) = suggest_in("zh", &args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("没有“"), "{err}");
    assert_eq!(std::fs::read_to_string(&cases).unwrap(), table);
}

#[test]
fn write_needs_suggest_and_suggest_no_other_format() {
    let o = ladder(&["test", "rules/rfm.ladder", "--write"]);
    assert_eq!(o.status.code(), Some(2));
    let o = ladder(&["test", "rules/rfm.ladder", "--suggest", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = ladder(&["test", "rules/rfm.ladder", "--suggest", "--write", "--cases", "t.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("CSV test table only"), "{}", stderr(&o));
}

// ---- The property: on generated programs, each suggested example, written into the file and
// read back, passes, and covers what it was suggested for.

fn leaf() -> impl Strategy<Value = String> {
    let n = || 0..4u8;
    prop_oneof![
        (n(), 0..6usize).prop_map(|(c, op)| format!("n {} {c}", ["<", "<=", "=", "!=", ">", ">="][op])),
        (n(), n()).prop_map(|(a, b)| format!("n between {a} and {b}")),
        Just("n is missing".to_string()),
        (0..3usize).prop_map(|m| format!("m = {}", ["甲", "乙", "丙"][m])),
        (0..3usize).prop_map(|m| format!("m in [{}, {}]", ["甲", "乙", "丙"][m], ["甲", "乙", "丙"][(m + 1) % 3])),
        Just("b".to_string()),
        Just("b is present".to_string()),
        (0..3usize).prop_map(|k| format!("d within last {} days", [0, 7, 30][k])),
        (0..2usize).prop_map(|k| format!("d before 2026-0{}-01", k + 2)),
        (0..2usize).prop_map(|k| format!("t = \"{}\"", ["p", "q"][k])),
        Just("t is missing".to_string()),
        Just("s > 2".to_string()),
    ]
}

fn cond() -> impl Strategy<Value = String> {
    common::conditions::conditions(leaf(), 10)
}

/// A ladder, a second that may test the first's levels, and moves between the first's levels.
fn program() -> impl Strategy<Value = String> {
    let rules = || prop::collection::vec(cond(), 1..5);
    (rules(), rules(), prop::collection::vec((0..4usize, 0..4usize, cond()), 0..3), any::<bool>()).prop_map(
        |(a, b, moves, otherwise)| {
            let mut text = "fields {\n  n: number\n  m: one of 甲, 乙, 丙\n  b: bool\n  d: date\n  t: text\n  g: grade 甲梯\n}\nscore s = n * 2\n".to_string();
            let ladder = |name: &str, rules: &[String], text: &mut String| {
                text.push_str(&format!("grades {name} {{\n"));
                for (i, c) in rules.iter().enumerate() {
                    text.push_str(&format!("  L{i} \"l{i}\" if {c}\n"));
                }
                if otherwise {
                    text.push_str("  Z \"z\" otherwise\n");
                }
                text.push_str("}\n");
            };
            ladder("甲梯", &a, &mut text);
            let mut b = b;
            b.push("甲梯 = L0 or 甲梯 is missing".to_string());
            ladder("乙梯", &b, &mut text);
            if !moves.is_empty() {
                text.push_str("transitions 阶段 from g {\n");
                for (from, to, c) in &moves {
                    let level = |i: usize| if i < a.len() { format!("L{i}") } else { "*".to_string() };
                    let to = if *to < a.len() { format!("L{to}") } else { "L0".to_string() };
                    text.push_str(&format!("  {} -> {to} if {c}\n", level(*from)));
                }
                text.push_str("}\n");
            }
            text
        },
    )
}

/// An item's words, as coverage lists it.
fn item(what: &ladder::testing::Covers) -> String {
    ladder::diag::words::testing::item(ladder::diag::Lang::En, what)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_suggested_example_gets_its_levels_and_covers_its_item(text in program()) {
        let today = jiff::civil::date(2026, 3, 15);
        let checked = check_text("gen.ladder", text.clone());
        prop_assume!(!checked.has_errors());
        // Formatted first, so that appending the examples moves no item.
        let text = ladder::fmt::format(&text).expect("formats");
        let checked = check_text("gen.ladder", text.clone());
        let program = &checked.program;
        let mut cov = Coverage::default();
        let found = suggest(program, today, &mut cov, &Style::of(&text, program));
        let with = appended(&text, program, &found.examples).expect("the file with the examples parses");
        let again = check_text("gen.ladder", with.clone());
        prop_assert!(!again.has_errors(), "{with}\n{:?}", again.diagnostics);
        let p = &again.program;
        prop_assert_eq!(p.examples.len(), found.examples.len());
        for (i, s) in found.examples.iter().enumerate() {
            // Read back from the file: the same expectations, and they hold.
            let e = &p.examples[i];
            prop_assert_eq!(&e.name, &s.name);
            let expect: Vec<_> = e.expect.iter().map(|x| (x.target, x.level)).collect();
            prop_assert_eq!(&expect, &s.expect, "{}", with);
            let outcome = ladder::examples::run(p, i, today);
            prop_assert!(outcome.passed(), "{} fails: {:?}\n{}", s.name, outcome, with);
            // It covers its own item, alone.
            let mut cov = Coverage::default();
            let map = cov.register(p);
            let pops = Pops::default();
            let ctx = Ctx { program: p, today, pops: &pops };
            let mut frame = ladder::examples::record(p, &e.given).expect("the values read");
            cov.mark(&map, &ctx, &mut frame);
            let own = (s.item.line, s.item.column, item(&s.item.what));
            let covered = cov.files(ladder::diag::Lang::En).iter().all(|f| {
                f.uncovered.iter().all(|u| (u.item.line, u.item.column, u.text.clone()) != own)
            });
            prop_assert!(covered, "{} does not cover its item\n{}", s.name, with);
        }
        // Everything left uncovered is listed as such.
        let mut session = Session::new(today, None, true);
        session.examples(p);
        let cov = session.coverage.as_ref().expect("coverage");
        let left: BTreeSet<_> = cov
            .files(ladder::diag::Lang::En)
            .iter()
            .flat_map(|f| f.uncovered.iter().map(|u| (u.item.line, u.item.column, u.text.clone())))
            .collect();
        let listed: BTreeSet<_> = found.none.iter().map(|u| (u.item.line, u.item.column, item(&u.item.what))).collect();
        prop_assert_eq!(left, listed, "{}", with);
    }
}
