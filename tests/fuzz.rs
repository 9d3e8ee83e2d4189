//! The fuzz campaigns of issue 14, kept: generated and mutated rule files through check →
//! rendering (human en/zh, JSON, GitHub) → fmt → evaluation, generated and mutated data through
//! the record source and `run`, and REPL sessions through `repl::Session`.
//!
//! `LADDER_FUZZ_CASES` sets the cases per property (64 by default, a few seconds in debug);
//! `scripts/fuzz.sh MINUTES` runs a time-bounded campaign. A failure is shrunk by proptest, its
//! seed saved in `proptest-regressions/fuzz.txt`; keep the minimal input as a file under
//! `tests/fuzz/regressions/` (see docs/testing.md), which `regressions_still_pass` replays.

mod common;
#[path = "fuzz/data.rs"]
mod data;
#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/program.rs"]
mod program;
#[path = "fuzz/repl.rs"]
mod repl;

use ladder::check::check_text;
use ladder::diag::Lang;
use ladder::input::Encoding;
use ladder::ir::Program;
use ladder::run::{run, Options, OutFormat};
use ladder::source::{CsvFile, Data, Rows};
use ladder::syntax::parse;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn cases() -> u32 {
    std::env::var("LADDER_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/fuzz.txt"))),
        ..ProptestConfig::default()
    }
}

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

/// The shipped rule files and their samples, the bases of mutations.
const SHIPPED: &[(&str, &str)] = &[
    (include_str!("../rules/ten_level.ladder"), include_str!("../rules/ten_level.sample.csv")),
    (include_str!("../rules/abc.ladder"), include_str!("../rules/abc.sample.csv")),
    (include_str!("../rules/rfm.ladder"), include_str!("../rules/rfm.sample.csv")),
    (include_str!("../rules/lifecycle.ladder"), include_str!("../rules/lifecycle.sample.csv")),
    (include_str!("fixtures/language_example.ladder"), ""),
];

/// Check, render every diagnostic in every form, and format; for a clean file, the formatter's
/// promises. The program when it has no errors.
fn front_end(text: &str) -> Option<Program> {
    same_parse(text);
    let checked = check_text("fuzz.ladder", text);
    for d in &checked.diagnostics {
        for lang in [Lang::En, Lang::Zh] {
            let sources = &checked.program.sources;
            let human = ladder::report::human(d, sources, lang, false, 80);
            assert!(!human.is_empty());
            let _ = ladder::report::human(d, sources, lang, true, 20);
            let json = serde_json::to_string(&ladder::report::json(d, sources, lang)).expect("JSON");
            assert!(json.starts_with('{'));
            let _ = ladder::report::github(d, sources, lang);
        }
    }
    let formatted = ladder::fmt::format(text);
    if checked.has_errors() {
        return None;
    }
    if formatted.is_err() {
        panic!("a file that checks clean does not format: {formatted:?}");
    }
    common::assert_fmt_promises("fuzz.ladder", text);
    Some(checked.program)
}

/// The descent parser gives the trees and errors pest's grammar gives (src/syntax/descent.rs).
fn same_parse(text: &str) {
    let (fast, pest) = (parse::parse_file(0, text), parse::parse_file_with_pest(0, text));
    assert_eq!(format!("{:?}", fast.0), format!("{:?}", pest.0), "the trees differ");
    assert_eq!(format!("{:?}", fast.1), format!("{:?}", pest.1), "the errors differ");
}

fn options(format: OutFormat, explain: bool) -> Options {
    Options { today: TODAY, explain, format, keep: None, threads: 2, progress: None, lang: Lang::Zh }
}

/// Runs `program` over `data` and checks that every record it read has one output row, and
/// that CSV rows hold the levels and stages of evaluating each record alone.
fn evaluate(program: &Program, data: &dyn Data, records: usize, format: OutFormat, explain: bool) {
    let mut out = Vec::new();
    let stats = match run(program, data, &mut out, &options(format, explain)) {
        Ok(stats) => stats,
        // A result named like a field's column: the data has that column, and the run refuses it.
        Err(ladder::run::RunError::Setup(_)) if result_is_a_column(program) => return,
        Err(e) => panic!("run failed on generated data: {}", e.text(Lang::En)),
    };
    assert_eq!(stats.rows, records, "rows graded");
    assert_eq!(output_rows(&out, format), records, "rows written:\n{}", String::from_utf8_lossy(&out));
    for counts in &stats.counts {
        assert_eq!(counts.iter().sum::<usize>(), records, "a ladder's counts");
    }
    if format == OutFormat::Csv {
        same_as_record_by_record(program, data, &out, explain);
    }
}

/// `ladder run` grades 64 records at a time, their conditions as bit masks
/// (src/eval/block.rs): every level and stage it wrote is the one `Ctx::grade` and
/// `Ctx::next_stage` give the record alone. Programs with population functions are left out
/// (their ranks need the whole file); records with unreadable cells are graded alone anyway.
fn same_as_record_by_record(program: &Program, data: &dyn Data, out: &[u8], explain: bool) {
    use ladder::eval::{Ctx, Frame, Pops};
    if !program.pops.is_empty() {
        return;
    }
    let layout = ladder::run::data_layout(program, data, &options(OutFormat::Csv, explain)).expect("laid out");
    let mut written = csv::ReaderBuilder::new().from_reader(out);
    let headers = written.headers().expect("a header").clone();
    // Results come after the input's columns, which may share their names.
    let headers: Vec<&str> = headers.iter().collect();
    let column = |name: &str| headers.iter().rposition(|&h| h == name).expect("a result column");
    let pops = Pops::default();
    let ctx = Ctx { program, today: TODAY, pops: &pops };
    let mut source = data.open().expect("opened");
    source.header().expect("a header");
    let mut record = csv::ByteRecord::new();
    for (row, written) in written.records().enumerate() {
        let written = written.expect("a written row");
        assert!(source.next_record(&mut record).expect("a record"), "as many records as rows");
        let mut frame = Frame::new(program);
        if !ladder::run::load(program, &layout, &record, row, &mut frame).is_empty() {
            continue;
        }
        for (l, ladder) in program.ladders.iter().enumerate() {
            let level = ctx.grade(l, &mut frame).map_or("", |i| ladder.rules[i].level.as_str());
            assert_eq!(&written[column(&ladder.name)], level, "ladder {} at row {}", ladder.name, row + 2);
        }
        for (t, set) in program.transitions.iter().enumerate() {
            let levels = &program.ladders[set.ladder].rules;
            let (stage, moved) = match (ctx.next_stage(t, &mut frame), ctx.current_stage(t, &frame)) {
                (Some((_, to)), _) => (levels[to].level.as_str(), true),
                (None, s) => (s.map_or("", |s| levels[s].level.as_str()), false),
            };
            assert_eq!(&written[column(&set.name)], stage, "transitions {} at row {}", set.name, row + 2);
            let rule = &written[column(&format!("{}_rule", set.name))];
            assert_eq!(!rule.is_empty(), moved, "transitions {} at row {}", set.name, row + 2);
        }
    }
}

/// Whether a result column has the name of a column the rules read (two results never share
/// one: check refuses that, `ladder::result_column`).
fn result_is_a_column(program: &ladder::ir::Program) -> bool {
    let results = ladder::run::result_headers(program, true);
    program.fields.iter().any(|f| results.contains(&f.column))
}

/// The records of a run's output (CSV after its header, or JSON lines).
fn output_rows(out: &[u8], format: OutFormat) -> usize {
    match format {
        OutFormat::Csv => {
            let rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(out);
            rdr.into_byte_records().inspect(|r| assert!(r.is_ok(), "the output is CSV: {r:?}")).count()
        }
        OutFormat::Jsonl => {
            let text = std::str::from_utf8(out).expect("the output is UTF-8");
            text.lines().inspect(|l| drop(serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))).count()
        }
    }
}

/// The front end, then for a clean program an evaluation over generated records, on a thread
/// with the stack `ladder` gives its commands: evaluation recurses once per part of a condition,
/// and a debug build's frames are large.
fn rules_case(text: &str, records: &data::Records, jsonl: bool) {
    ladder::syntax::on_deep_stack(|| rules_case_here(text, records, jsonl))
}

fn rules_case_here(text: &str, records: &data::Records, jsonl: bool) {
    let Some(program) = front_end(text) else { return };
    sql_never_panics(&program);
    let rows = records.rows(&program);
    let format = if jsonl { OutFormat::Jsonl } else { OutFormat::Csv };
    evaluate(&program, &Rows::new(rows.clone()), rows.len() - 1, format, !jsonl);
}

/// Every dialect of `ladder sql` compiles a checked program to a statement, or says what it
/// cannot write (scripts/sql_differential.py proves what the statements compute).
fn sql_never_panics(program: &Program) {
    use ladder::sql::{compile, Dialect, Options};
    for dialect in [Dialect::DuckDb, Dialect::Postgres, Dialect::Spark, Dialect::MySql, Dialect::ClickHouse] {
        match compile(program, &Options { dialect, table: "t", as_of: None, view: None }) {
            Ok(statement) => assert!(statement.contains("\nSELECT "), "{statement}"),
            Err(problems) => assert!(!problems.is_empty()),
        }
    }
}

/// `bytes` as a data file: the records its record source reads, then a run over them, which
/// must write one row for each.
fn data_case(program: &Program, bytes: &[u8], format: OutFormat) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("data.csv");
    std::fs::write(&path, bytes).expect("writes");
    let file = CsvFile::new(path.to_str().expect("UTF-8 path"), Encoding::Auto, false).expect("opens");
    let read = count_records(&file);
    let mut out = Vec::new();
    let ran = run(program, &file, &mut out, &options(format, false));
    match (read, ran) {
        (Ok(Some(n)), Ok(stats)) => {
            assert_eq!(stats.rows, n, "rows graded against records read");
            assert_eq!(output_rows(&out, format), stats.rows, "rows written");
        }
        (Ok(None), Err(_)) | (Err(_), Err(_)) => {}
        // A header that does not fit the rules stops the run; reading records is fine.
        (Ok(Some(_)), Err(ladder::run::RunError::Setup(_))) => {}
        (read, ran) => panic!("the record source and the run disagree: {read:?} / {:?}", ran.map(|s| s.rows)),
    }
}

/// The header and how many records the record source gives.
fn count_records(data: &dyn Data) -> std::io::Result<Option<usize>> {
    let mut source = data.open()?;
    if source.header()?.is_none() {
        return Ok(None);
    }
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while source.next_record(&mut record)? {
        n += 1;
    }
    Ok(Some(n))
}

/// A REPL session over the program's file and data: every reply rendered in both languages.
fn repl_case(prog: &program::Prog, records: &data::Records, inputs: &[repl::Input]) {
    ladder::syntax::on_deep_stack(|| repl_case_here(prog, records, inputs))
}

fn repl_case_here(prog: &program::Prog, records: &data::Records, inputs: &[repl::Input]) {
    let text = prog.text();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (rules, data) = (dir.path().join("r.ladder"), dir.path().join("d.csv"));
    std::fs::write(&rules, &text).expect("writes");
    let program = check_text("r.ladder", text.as_str()).program;
    let csv = data::Writing { delimiter: b',', crlf: false, quote_all: false, bom: false }.csv(&records.rows(&program));
    std::fs::write(&data, csv).expect("writes");
    let (rules, data) = (rules.to_str().expect("UTF-8"), data.to_str().expect("UTF-8"));
    for lang in [Lang::En, Lang::Zh] {
        let opts = ladder::repl::Options { today: TODAY, color: false, width: 80, encoding: Encoding::Auto, lang };
        let mut session = ladder::repl::Session::new(opts);
        let mut replies = vec![session.handle(&format!(":load {rules}")), session.handle(&format!(":data {data}"))];
        for (i, input) in inputs.iter().enumerate() {
            let typed = repl::typed(input, prog, rules, data, i);
            let _ = ladder::repl::is_open(&typed);
            replies.push(session.handle(&typed));
        }
        for reply in &replies {
            let voice = session.voice();
            let _ = (reply.out_text(voice), reply.err_text(voice), reply.styled(voice));
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_programs_check_format_and_run(
        prog in program::prog(),
        records in data::records(),
        jsonl in any::<bool>(),
    ) {
        let text = prog.text();
        prop_assert!(parse::declined(&text).is_empty(), "the descent parser left declarations to pest:\n{text}");
        rules_case(&text, &records, jsonl);
    }

    #[test]
    fn mutated_programs_never_panic(
        prog in program::prog(),
        edits in prop::collection::vec(mutate::edit(), 1..6),
        records in data::records(),
    ) {
        rules_case(&mutate::mutated(&prog.text(), &edits), &records, false);
    }

    #[test]
    fn mutated_shipped_rules_never_panic(
        base in prop::sample::select(SHIPPED),
        edits in prop::collection::vec(mutate::edit(), 1..6),
        records in data::records(),
        jsonl in any::<bool>(),
    ) {
        rules_case(&mutate::mutated(base.0, &edits), &records, jsonl);
    }

    #[test]
    fn generated_and_mutated_data_is_read_row_for_row(
        prog in program::prog(),
        records in data::records(),
        writing in data::writing(),
        edits in prop::collection::vec(data::byte_edit(), 0..4),
        jsonl in any::<bool>(),
    ) {
        let Some(program) = front_end(&prog.text()) else { return Ok(()) };
        let mut bytes = writing.csv(&records.rows(&program));
        edits.iter().for_each(|e| data::apply(&mut bytes, e));
        data_case(&program, &bytes, if jsonl { OutFormat::Jsonl } else { OutFormat::Csv });
    }

    #[test]
    fn mutated_shipped_samples_are_read_row_for_row(
        base in prop::sample::select(&SHIPPED[..4]),
        edits in prop::collection::vec(data::byte_edit(), 1..6),
    ) {
        let program = check_text("shipped.ladder", base.0).program;
        let mut bytes = base.1.as_bytes().to_vec();
        edits.iter().for_each(|e| data::apply(&mut bytes, e));
        data_case(&program, &bytes, OutFormat::Csv);
    }

    #[test]
    fn repl_sessions_never_panic(
        prog in program::prog(),
        records in data::records(),
        inputs in prop::collection::vec(repl::input(), 0..24),
    ) {
        repl_case(&prog, &records, &inputs);
    }
}

/// Every minimal input kept under `tests/fuzz/regressions/` goes through its entry point:
/// `*.ladder` the front end and a run over generated records, `*.csv` data reading with the rules
/// of `data.ladder`, `*.repl` a REPL session over `rules/ten_level.ladder` (one input a line).
#[test]
fn regressions_still_pass() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions");
    let mut paths: Vec<_> =
        std::fs::read_dir(&dir).expect("the regressions folder").map(|e| e.unwrap().path()).collect();
    paths.sort();
    let rules = std::fs::read_to_string(dir.join("data.ladder")).expect("data.ladder");
    let data_program = check_text("data.ladder", rules).program;
    let records = data::Records {
        picks: (0..5u16).map(|r| (0..12).map(|c| r * 13 + c).collect()).collect(),
        rotate: 1,
        extra: true,
    };
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("ladder") => rules_case(&String::from_utf8_lossy(&bytes), &records, false),
            Some("csv") => data_case(&data_program, &bytes, OutFormat::Csv),
            Some("repl") => repl_script(&String::from_utf8_lossy(&bytes)),
            _ => {}
        }
    }
}

fn repl_script(script: &str) {
    let root = env!("CARGO_MANIFEST_DIR");
    let opts =
        ladder::repl::Options { today: TODAY, color: false, width: 80, encoding: Encoding::Auto, lang: Lang::En };
    let mut session = ladder::repl::Session::new(opts);
    session.handle(&format!(":load {root}/rules/ten_level.ladder"));
    session.handle(&format!(":data {root}/rules/ten_level.sample.csv"));
    for line in script.lines() {
        let reply = session.handle(line);
        let _ = (reply.out_text(session.voice()), reply.err_text(session.voice()));
    }
}

/// Found by `mutated_shipped_rules_never_panic`: `column " x"` (or a backticked name with spaces
/// around it) never matched a header, since headers are read trimmed.
#[test]
fn a_column_written_with_spaces_reads_the_trimmed_header() {
    let text = "fields {\n  id: text key\n  x: number column \" 满意度评分 \"\n  ` y `: number\n}\ngrades g {\n  A \"a\" if x > 1 and ` y ` > 1\n  B \"b\" otherwise\n}\n";
    let program = common::assert_clean(check_text("t.ladder", text));
    let rows = [["id", "满意度评分", "y"], ["k", "2", "3"]].map(|r| r.map(String::from).to_vec()).to_vec();
    let mut out = Vec::new();
    let stats =
        run(&program, &Rows::new(rows), &mut out, &options(OutFormat::Csv, false)).expect("the columns are found");
    assert_eq!(stats.rows, 1);
    assert!(String::from_utf8(out).unwrap().contains("k,2,3,A,"));
}
