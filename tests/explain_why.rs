//! The `NAME_why` cells of `ladder run --explain` say what an explanation tree says. `run` writes
//! them from facts worked out once per run (`WhyFacts`), without building the tree that
//! `ladder test`, `ladder explain` and the REPL word: for every condition of every rule and move and
//! every record, both give the same phrases, in both languages; and through the binary, a failed
//! test words a record's level exactly as its `NAME_why` cell does.

mod common;

use common::cli::{ladder_in, stdout, tmp};
use ladder::diag::Lang;
use ladder::eval::{Ctx, Frame, Pops};
use ladder::explain::{trace_deciding, Room, WhyFacts};
use ladder::ir::{Expr, Program};
use ladder::run::{self, Options, OutFormat};

const TODAY: &str = "2026-11-23";

fn today() -> jiff::civil::Date {
    TODAY.parse().unwrap()
}

/// Every rule's and move's condition of `program`.
fn conditions(program: &Program) -> Vec<&Expr> {
    let rules = program.ladders.iter().flat_map(|l| &l.rules).filter_map(|r| r.cond.as_ref());
    let moves = program.transitions.iter().flat_map(|t| &t.moves).filter_map(|m| m.cond.as_ref());
    rules.chain(moves).collect()
}

/// Checks, for each record of the CSV `data` and each condition of `program`, that the phrases of
/// the run equal those of the deciding parts of the tree; returns how many were compared.
/// Population values are left missing (no population pass): those parts are unknown.
fn same_phrases(program: &Program, data: &str) -> usize {
    let mut reader = csv::Reader::from_reader(data.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::ByteRecord> = reader.byte_records().map(Result::unwrap).collect();
    let opts = Options {
        today: today(),
        explain: true,
        format: OutFormat::Csv,
        keep: None,
        threads: 1,
        progress: None,
        lang: Lang::En,
    };
    let layout = run::layout(program, &header, &opts).unwrap();
    let pops = Pops::default();
    let ctx = Ctx { program, today: today(), pops: &pops };
    let facts = WhyFacts::new(program);
    let mut compared = 0;
    // One room for every call, as a run keeps it: nothing of one phrase may stay for the next,
    // nor the words of one record for the next.
    let mut room = Room::default();
    for (i, record) in records.iter().enumerate() {
        room.next_record();
        let mut frame = Frame::new(program);
        run::load(program, &layout, record, i, &mut frame);
        for e in conditions(program) {
            for lang in [Lang::En, Lang::Zh] {
                let tree = trace_deciding(&ctx, e, &mut frame);
                let want: Vec<String> = tree.deciding().iter().map(|n| n.phrase(lang)).collect();
                let got = facts.phrases(&ctx, e, &mut frame, lang, &mut room);
                assert_eq!(got, want.join(" "), "record {}, condition at {:?}", i + 2, e.loc);
                compared += 1;
            }
        }
    }
    compared
}

fn shipped(name: &str) -> (Program, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let program = ladder::check::check_path(&format!("{root}/rules/{name}.ladder")).unwrap().program;
    let data = std::fs::read_to_string(format!("{root}/rules/{name}.sample.csv")).unwrap();
    (program, data.trim_start_matches('\u{feff}').to_string())
}

#[test]
fn the_shipped_rules_say_the_same_phrases_as_their_trees() {
    for name in ["ten_level", "lifecycle", "abc", "rfm"] {
        let (program, data) = shipped(name);
        assert!(same_phrases(&program, &data) > 100, "{name}: too few compared");
    }
}

/// Lets opened inside lets (and, past 500 parts, shown by name where used again), `not` of a
/// group, `any`, `at least`, a ladder used in a condition, money in 万, missing cells.
#[test]
fn every_kind_of_part_says_the_same_phrases_as_its_tree() {
    let mut lets = String::from("let a0 = x and (y or not z)\n");
    for i in 1..12 {
        lets.push_str(&format!("let a{i} = a{} and a{}\n", i - 1, i - 1));
    }
    let program = common::assert_clean(ladder::check::check_text(
        "parts.ladder",
        format!(
            "fields {{\n  k: text key\n  x: bool\n  y: bool\n  z: bool\n  金额: money\n  角色: one of 甲, 乙, 丙\n}}\n\
             {lets}\
             grades 先 {{\n  P if 金额 >= 100万 and 角色 is 甲\n  Q if at least 2 of {{ x, y, z }}\n  R otherwise\n}}\n\
             grades 后 {{\n  S if a11\n  T if not (x and y) and 先 is P\n  U if any {{ 角色 not in [甲, 乙], z, 金额 < 5万 }}\n  V otherwise\n}}\n"
        ),
    ));
    let mut data = String::from("k,x,y,z,金额,角色\n");
    let cells = [["是", "否", ""], ["是", "否", ""], ["是", "否", ""], ["120万", "3万", ""], ["甲", "丙", ""]];
    let mut n = 0;
    for x in cells[0] {
        for y in cells[1] {
            for z in cells[2] {
                for m in cells[3] {
                    for r in cells[4] {
                        data.push_str(&format!("k{n},{x},{y},{z},{m},{r}\n"));
                        n += 1;
                    }
                }
            }
        }
    }
    assert!(same_phrases(&program, &data) > 1000);
}

/// `(十级, 十级_why)` of each sample record, as `ladder run --explain` writes them in `lang`.
fn run_cells(lang: &str, rules: &str, sample: &str) -> Vec<(String, String)> {
    let run = ladder_in(lang, &["run", rules, sample, "--as-of", TODAY, "--keep", "客户编号", "--explain"]);
    let text = stdout(&run);
    let mut cells = csv::Reader::from_reader(text.as_bytes());
    let header = cells.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (level, why) = (column("十级"), column("十级_why"));
    cells.records().map(Result::unwrap).map(|r| (r[level].to_string(), r[why].to_string())).collect()
}

/// Through the binary: a test table expecting the wrong level for every sample record fails each
/// one, and the failure says why the record got its level in the very words of its `十级_why` cell.
#[test]
fn a_failed_test_says_why_in_the_words_of_the_run() {
    let (_, data) = shipped("ten_level");
    let root = env!("CARGO_MANIFEST_DIR");
    let rules = format!("{root}/rules/ten_level.ladder");
    let sample = format!("{root}/rules/ten_level.sample.csv");
    let graded = run_cells("en", &rules, &sample);
    assert!(graded.len() > 40);
    // The same records, each expecting a level it does not get.
    let mut table = csv::Reader::from_reader(data.as_bytes());
    let mut cases = csv::Writer::from_writer(Vec::new());
    cases.write_record(table.headers().unwrap().iter().chain(["expect_十级"])).unwrap();
    for (record, (got, _)) in table.records().map(Result::unwrap).zip(&graded) {
        let wrong = if got == "A21" { "A01" } else { "A21" };
        cases.write_record(record.iter().chain([wrong])).unwrap();
    }
    let path = tmp("explain_why").join("cases.csv");
    std::fs::write(&path, cases.into_inner().unwrap()).unwrap();
    for lang in ["en", "zh"] {
        let test = ladder_in(lang, &["test", &rules, "--cases", path.to_str().unwrap(), "--as-of", TODAY]);
        let report = stdout(&test);
        let lines: Vec<&str> = report.lines().collect();
        for (i, (_, why)) in run_cells(lang, &rules, &sample).iter().enumerate() {
            assert!(
                lines.iter().any(|l| l.len() > why.len() && l.ends_with(why.as_str())),
                "{lang}: record {}: no failure says `{why}`\n{report}",
                i + 2
            );
        }
    }
}
