//! Property: `ladder run` writes every input row exactly once, in input order, whatever the
//! rows hold — clean values, unreadable values, short rows — and however many chunks they span.

use ladder::check::check_text;
use ladder::run::{run, Options, OutFormat};
use ladder::source::{Csv, RecordSource};
use proptest::prelude::*;

const RULES: &str = "fields {\n  编号: text key\n  金额: money\n  成交: bool\n}\ngrades 级 {\n  A \"大\" if 金额 >= 100万 and 成交\n  B \"小\" otherwise\n}\n";

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("是".to_string()),
        Just("否".to_string()),
        Just("120万".to_string()),
        Just("abc".to_string()),
        Just("\"a,b\"".to_string()),
        (0u32..10_000_000).prop_map(|n| n.to_string()),
    ]
}

fn rows() -> impl Strategy<Value = Vec<(String, String, bool)>> {
    // Up to ~5000 rows: several 2048-row chunks.
    prop::collection::vec((cell(), cell(), any::<bool>()), 0..5000)
}

/// Runs `program` over `rows` (`(amount, done, short)`: a short row lacks its last cell).
fn run_rows(
    program: &ladder::ir::Program,
    rows: &[(String, String, bool)],
    threads: usize,
) -> (ladder::run::Stats, Vec<u8>) {
    let mut input = String::from("编号,金额,成交\n");
    for (i, (amount, done, short)) in rows.iter().enumerate() {
        if *short {
            input.push_str(&format!("K{i},{amount}\n"));
        } else {
            input.push_str(&format!("K{i},{amount},{done}\n"));
        }
    }
    run_text(program, input, threads)
}

/// Runs `program` over the CSV `input` on `threads` workers: what it saw and wrote.
fn run_text(program: &ladder::ir::Program, input: String, threads: usize) -> (ladder::run::Stats, Vec<u8>) {
    let bytes = input.into_bytes();
    let open = move || -> std::io::Result<Box<dyn RecordSource>> {
        Ok(Box::new(Csv::new(Box::new(std::io::Cursor::new(bytes.clone())))))
    };
    let opts = Options {
        today: jiff::civil::date(2026, 11, 23),
        explain: false,
        format: OutFormat::Csv,
        keep: None,
        threads,
        progress: None,
        lang: ladder::diag::Lang::En,
    };
    let mut out = Vec::new();
    let stats = run(program, &open, &mut out, &opts).expect("run");
    (stats, out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn rows_come_out_once_in_order(rows in rows(), threads in 1usize..4) {
        let program = check_text("order.ladder", RULES).program;
        let (stats, out) = run_rows(&program, &rows, threads);
        prop_assert_eq!(stats.rows, rows.len());
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(out.as_slice());
        let keys: Vec<String> = rdr.records().map(|r| r.expect("csv")[0].to_string()).collect();
        let expected: Vec<String> = (0..rows.len()).map(|i| format!("K{i}")).collect();
        prop_assert_eq!(keys, expected);
    }
}

const TWO_LADDERS: &str = "fields {\n  编号: text key\n  金额: money\n  成交: bool\n}\nlet 大额 = 金额 >= 100万\ngrades 金额级 {\n  A \"大\" if 大额\n  B \"小\" otherwise\n}\ngrades 成交级 {\n  Y \"成交\" if 成交\n  N \"未成交\" otherwise\n}\ngrades 综合 {\n  P \"大额成交\" if 金额级 is A and 成交级 is Y\n  Q \"其他\" otherwise\n}\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// A bad cell blanks exactly the ladders that read it (here directly, through a let, or
    /// through the ladders another uses); a row of the wrong width blanks all; every row is
    /// counted once per ladder.
    #[test]
    fn a_bad_cell_blanks_exactly_what_reads_it(rows in rows(), threads in 1usize..4) {
        let program = check_text("two.ladder", TWO_LADDERS).program;
        let (stats, out) = run_rows(&program, &rows, threads);
        for counts in &stats.counts {
            prop_assert_eq!(counts.iter().sum::<usize>(), rows.len());
        }
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(out.as_slice());
        let got: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("csv")).collect();
        prop_assert_eq!(got.len(), rows.len());
        let unquote = |c: &str| c.trim_matches('"').to_string();
        for (record, (amount, done, short)) in got.iter().zip(&rows) {
            let bad_amount = *short || ladder::cell::parse_number(&unquote(amount)).is_err();
            let bad_done = *short || ladder::cell::parse_bool(&unquote(done)).is_err();
            prop_assert_eq!(record[3].is_empty(), bad_amount, "{:?}", record);
            prop_assert_eq!(record[6].is_empty(), bad_done, "{:?}", record);
            prop_assert_eq!(record[9].is_empty(), bad_amount || bad_done, "{:?}", record);
            prop_assert_eq!(record[12].is_empty(), !(bad_amount || bad_done), "{:?}", record);
        }
    }
}

/// An input of several blocks, each read into memory a block parsed earlier gave back, and each
/// row written into an output buffer a written block gave back: every row comes out once, in
/// order, with its own cells and level — nothing of an earlier block shows through. Some rows
/// hold a cell with `""`, which the csv crate's parser reads (its text is kept after the block).
#[test]
fn blocks_read_into_reused_memory_keep_their_own_rows() {
    let program = check_text("order.ladder", RULES).program;
    let mut input = String::from("编号,金额,成交,备注\n");
    let amount = |i: usize| i * 7919 % 3_000_000;
    let note =
        |i: usize| if i.is_multiple_of(13) { format!("\"第{i}行\"\"引号\"\"\"") } else { format!("备注{i}") };
    // Far more blocks than are read ahead of the workers, so that later ones reuse memory.
    let rows = 400_000;
    for i in 0..rows {
        input.push_str(&format!("K{i},{},{},{}\n", amount(i), ["是", "否"][i % 2], note(i)));
    }
    // Blocks are 512 KiB.
    assert!(input.len() > 20 << 19, "the input spans many blocks");
    let (stats, out) = run_text(&program, input, 2);
    assert_eq!(stats.rows, rows);
    let mut rdr = csv::Reader::from_reader(out.as_slice());
    let mut n = 0;
    for (i, record) in rdr.records().enumerate() {
        let record = record.expect("csv");
        let want_note = if i.is_multiple_of(13) { format!("第{i}行\"引号\"") } else { format!("备注{i}") };
        let level = if amount(i) >= 1_000_000 && i.is_multiple_of(2) { "A" } else { "B" };
        assert_eq!(&record[0], format!("K{i}"));
        assert_eq!(&record[1], amount(i).to_string());
        assert_eq!(&record[3], want_note);
        assert_eq!(&record[4], level, "{record:?}");
        n += 1;
    }
    assert_eq!(n, rows);
}
