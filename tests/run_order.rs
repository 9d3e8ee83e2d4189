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
