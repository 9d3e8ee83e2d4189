//! `ladder sql` end to end through the binary: the statement's columns are `ladder run`'s, the
//! table it expects, views, the as-of date, and what it cannot write. Whether the statement
//! computes what `ladder run` does is proven on the engines by scripts/sql_differential.py
//! (docs/sql.md).

use ladder::sql::{compile, Dialect, Options};
use std::process::{Command, Output};

fn ladder(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", lang)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run ladder")
}

const DIALECTS: [(&str, Dialect); 5] = [
    ("duckdb", Dialect::DuckDb),
    ("postgres", Dialect::Postgres),
    ("spark", Dialect::Spark),
    ("mysql", Dialect::MySql),
    ("clickhouse", Dialect::ClickHouse),
];

const SHIPPED: [&str; 4] = ["rules/ten_level.ladder", "rules/abc.ladder", "rules/rfm.ladder", "rules/lifecycle.ladder"];

/// The names the final `SELECT` gives its columns, unquoted.
fn aliases(statement: &str, dialect: Dialect) -> Vec<String> {
    let select = statement.rsplit_once("\nSELECT ").expect("a final SELECT").1;
    let select = select.rsplit_once("\nFROM ").expect("FROM").0;
    let quote = match dialect {
        Dialect::Spark | Dialect::MySql => '`',
        Dialect::DuckDb | Dialect::Postgres | Dialect::ClickHouse => '"',
    };
    select.split(",\n  ").map(|c| c.rsplit_once(" AS ").expect("an alias").1.trim_matches(quote).to_string()).collect()
}

#[test]
fn the_query_names_the_columns_of_ladder_run_keep_key() {
    for path in SHIPPED {
        let checked = ladder::check::check_path(path).expect("shipped rules read");
        let program = checked.program;
        let keys = program.fields.iter().filter(|f| f.key).map(|f| f.column.clone());
        let mut want: Vec<String> = keys.collect();
        want.extend(ladder::run::result_headers(&program, false).into_iter().filter(|h| h != "error"));
        for (_, dialect) in DIALECTS {
            let options = Options { dialect, table: "t", as_of: None, view: None };
            let statement = compile(&program, &options).expect("shipped rules compile");
            assert_eq!(aliases(&statement, dialect), want, "{path} {dialect:?}");
        }
    }
}

#[test]
fn ddl_per_dialect() {
    for (name, _) in DIALECTS {
        let o = ladder("en", &["sql", "tests/sql/rebate.ladder", "--ddl", "--dialect", name, "--table", "客户"]);
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        insta::assert_snapshot!(format!("ddl_{name}"), String::from_utf8(o.stdout).unwrap());
    }
    let o = ladder("en", &["sql", "rules/ten_level.ladder", "--ddl", "--dialect", "mysql"]);
    let ddl = String::from_utf8(o.stdout).unwrap();
    assert!(ddl.starts_with("CREATE TABLE records (\n  `客户编号` VARCHAR(1000),"), "{ddl}");
    assert!(ddl.contains("`已付款` TINYINT(1)") && ddl.contains("`年销售额` DECIMAL(20, 4)"), "{ddl}");
}

#[test]
fn view_and_as_of() {
    let args = ["sql", "rules/rfm.ladder", "--dialect", "postgres", "--table", "crm.客户"];
    let plain = String::from_utf8(ladder("en", &args).stdout).unwrap();
    assert!(plain.starts_with("WITH _in AS (SELECT") && plain.contains(" FROM crm.客户)"), "{plain}");
    assert!(plain.contains("CURRENT_DATE") && plain.trim_end().ends_with(';'), "{plain}");
    let dated = String::from_utf8(ladder("en", &[&args[..], &["--as-of", "2026/11/23"]].concat()).stdout).unwrap();
    assert!(dated.contains("DATE '2026-11-23'") && !dated.contains("CURRENT_DATE"), "{dated}");
    let view = String::from_utf8(ladder("en", &[&args[..], &["--view", "rfm_grades"]].concat()).stdout).unwrap();
    assert_eq!(view, format!("CREATE OR REPLACE VIEW rfm_grades AS\n{plain}"));
}

#[test]
fn a_query_needs_a_table_and_a_dialect() {
    let o = ladder("en", &["sql", "rules/rfm.ladder", "--dialect", "duckdb"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--table"));
    let o = ladder("en", &["sql", "rules/rfm.ladder", "--table", "t"]);
    assert_eq!(o.status.code(), Some(2));
    let o = ladder("en", &["sql", "rules/rfm.ladder", "--table", "t", "--dialect", "oracle"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn what_a_dialect_cannot_write_is_an_error_before_any_sql() {
    for lang in ["en", "zh"] {
        let o = ladder(lang, &["sql", "tests/sql/rebate.ladder", "--dialect", "duckdb", "--table", "t"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty(), "no SQL is printed");
        insta::assert_snapshot!(format!("cannot_express_{lang}"), String::from_utf8_lossy(&o.stderr));
    }
    // PostgreSQL's NUMERIC holds the number exactly.
    let o = ladder("en", &["sql", "tests/sql/rebate.ladder", "--dialect", "postgres", "--table", "t"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("CAST('0.00000000125' AS NUMERIC)"));
}

#[test]
fn text_is_compared_byte_wise_in_every_dialect() {
    let checked = ladder::check::check_path("rules/ten_level.ladder").expect("shipped rules read");
    for (name, dialect) in DIALECTS {
        let options = Options { dialect, table: "t", as_of: None, view: None };
        let s = compile(&checked.program, &options).expect("compiles");
        let byte_wise = match dialect {
            Dialect::Postgres => s.contains("COLLATE \"C\""),
            Dialect::MySql => s.contains("CAST(") && s.contains("AS BINARY)"),
            Dialect::DuckDb | Dialect::Spark | Dialect::ClickHouse => !s.contains("COLLATE"),
        };
        assert!(byte_wise, "{name}");
    }
}

/// `ladder sql --rows`: the cells of an export (万, ¥, √, 2026年2月28日, missing markers, quotes,
/// backslashes) as the typed CSV each dialect's loader reads; what the table cannot hold is said.
/// scripts/sql_differential.py loads these files into the real engines.
#[test]
fn rows_are_the_typed_csv_the_table_loads() {
    for (name, _) in [DIALECTS[0], DIALECTS[3]] {
        let o = ladder("en", &["sql", "tests/sql/rows.ladder", "--dialect", name, "--rows", "tests/sql/rows.csv"]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        insta::assert_snapshot!(format!("rows_{name}"), String::from_utf8(o.stdout).unwrap());
    }
    for lang in ["en", "zh"] {
        let o =
            ladder(lang, &["sql", "tests/sql/rows.ladder", "--dialect", "postgres", "--rows", "tests/sql/rows.csv"]);
        insta::assert_snapshot!(format!("rows_said_{lang}"), String::from_utf8(o.stderr).unwrap());
    }
}

#[test]
fn clean_rows_exit_0_and_are_written_whole_to_a_file_never_over_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("customers.csv");
    let o = ladder(
        "en",
        &["sql", "rules/ten_level.ladder", "--dialect", "clickhouse", "--rows", "rules/ten_level.sample.csv", "-o"],
    );
    assert_eq!(o.status.code(), Some(2), "-o needs a path");
    let args = ["sql", "rules/ten_level.ladder", "--dialect", "clickhouse", "--rows", "rules/ten_level.sample.csv"];
    let o = ladder("en", &[&args[..], &["-o", out.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    let sample = std::fs::read_to_string("rules/ten_level.sample.csv").unwrap();
    assert_eq!(written.lines().count(), sample.lines().count(), "a line per record and the header");
    assert!(written.starts_with("客户编号,公司名称,行业,年销售额,"), "no byte-order mark: {written:.40}");
    assert!(written.lines().nth(1).unwrap().contains(",120000000,"), "1.2亿 as a plain number");
    let o = ladder("en", &[&args[..], &["-o", "rules/ten_level.sample.csv"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ten_level.sample.csv"));
    assert_eq!(std::fs::read_to_string("rules/ten_level.sample.csv").unwrap(), sample);
}

#[test]
fn rows_of_a_workbook_leave_out_its_total_rows() {
    let o =
        ladder("en", &["sql", "tests/excel/客户.ladder", "--dialect", "duckdb", "--rows", "tests/excel/typed.xlsx"]);
    let run = ladder("en", &["run", "tests/excel/客户.ladder", "tests/excel/typed.xlsx", "--as-of", "2024-01-01"]);
    let lines = |o: &Output| String::from_utf8(o.stdout.clone()).unwrap().lines().count();
    assert_eq!(lines(&o), lines(&run), "one row per graded record: {}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(o.status.code(), run.status.code(), "data errors alike: {}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn rows_take_no_query_options() {
    for extra in [&["--ddl"][..], &["--view", "v"], &["--as-of", "2026-01-01"]] {
        let args = ["sql", "tests/sql/rows.ladder", "--dialect", "duckdb", "--rows", "tests/sql/rows.csv"];
        let o = ladder("en", &[&args[..], extra].concat());
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
    }
}
