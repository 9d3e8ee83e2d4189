//! What differs between the SQL engines Ladder compiles to: one method per difference, each a
//! `match` over every dialect.

use crate::cell::{DurationUnit, TRIMMED};
use jiff::civil::Date;

/// The SQL dialects `ladder sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// DuckDB.
    #[value(name = "duckdb")]
    DuckDb,
    /// PostgreSQL.
    Postgres,
    /// Spark SQL.
    Spark,
    /// MySQL, MariaDB, Doris, StarRocks.
    #[value(name = "mysql")]
    MySql,
    /// ClickHouse.
    #[value(name = "clickhouse")]
    ClickHouse,
}

/// The decimal places numbers are computed to in dialects with 38-digit decimals (all but
/// PostgreSQL, whose `NUMERIC` computes as Ladder does, to 28 decimal places).
pub const NUM_SCALE: u32 = 10;
/// Numbers whose size reaches this are unknown in dialects with 38-digit decimals.
pub const NUM_LIMIT: &str = "1000000000000000000000000000";
/// One more than Ladder's largest number: PostgreSQL's limit, exactly Ladder's.
const LADDER_LIMIT: &str = "79228162514264337593543950336";

/// A column type of the `CREATE TABLE` the rules expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Bool,
    Number,
    Money,
    Text,
    Date,
}

impl Dialect {
    /// The dialect's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Spark => "spark",
            Dialect::MySql => "mysql",
            Dialect::ClickHouse => "clickhouse",
        }
    }

    /// A quoted identifier.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres | Dialect::ClickHouse => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark | Dialect::MySql => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// A string literal. MySQL, Spark and ClickHouse read backslashes in literals as escapes.
    pub fn text(self, s: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("'{}'", s.replace('\'', "''")),
            Dialect::Spark | Dialect::MySql | Dialect::ClickHouse => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        }
    }

    /// The type numbers are computed in.
    pub fn num_type(self) -> String {
        match self {
            Dialect::Postgres => "NUMERIC".into(),
            // ClickHouse's CAST of a NULL to a type that is not Nullable is an error.
            Dialect::ClickHouse => format!("Nullable(Decimal(38, {NUM_SCALE}))"),
            // Spark gives the sum of two DECIMAL(38, 10) only 9 decimals (it keeps 38 digits);
            // the sum of two DECIMAL(37, 10) fits whole.
            Dialect::Spark => format!("DECIMAL(37, {NUM_SCALE})"),
            Dialect::DuckDb | Dialect::MySql => format!("DECIMAL(38, {NUM_SCALE})"),
        }
    }

    /// `x` as a binary fraction.
    fn double(self, x: &str) -> String {
        match self {
            Dialect::ClickHouse => format!("CAST({x} AS Nullable(Float64))"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => format!("CAST({x} AS DOUBLE)"),
        }
    }

    /// `x IN (items)`, NULL when `x` is NULL (ClickHouse's `IN` gives false for NULL).
    pub fn is_in(self, x: &str, items: &[String]) -> String {
        let list = items.join(", ");
        match self {
            Dialect::ClickHouse => format!("if(isNull({x}), NULL, {x} IN ({list}))"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => format!("({x} IN ({list}))"),
        }
    }

    /// An exact decimal literal, written as text and cast, so that no engine reads it as a binary
    /// fraction (ClickHouse reads `0.1` as a Float64).
    pub fn number(self, digits: &str) -> String {
        format!("CAST({} AS {})", self.text(digits), self.num_type())
    }

    /// A number column (`DOUBLE` or `DECIMAL(20, 4)`) as a computed number.
    pub fn read_number(self, column: &str) -> String {
        match self {
            // float8 to numeric keeps the 15 significant digits a double prints: 0.1 is 0.1.
            Dialect::Postgres => self.fit(&format!("CAST({column} AS NUMERIC)")),
            Dialect::DuckDb | Dialect::Spark | Dialect::MySql | Dialect::ClickHouse => self.fit(column),
        }
    }

    /// `x` (a number of any type) as a computed number: NULL when its size reaches the limit,
    /// as Ladder's result too large to hold is unknown. `x` is written once: `LEAST`/`GREATEST`
    /// clamp it, and the clamped ends become NULL.
    pub fn fit(self, x: &str) -> String {
        let (least, greatest) = match self {
            Dialect::ClickHouse => ("least", "greatest"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => ("LEAST", "GREATEST"),
        };
        let limit = match self {
            Dialect::Postgres => LADDER_LIMIT,
            Dialect::DuckDb | Dialect::Spark | Dialect::MySql | Dialect::ClickHouse => NUM_LIMIT,
        };
        // The limits are decimals, so that a decimal `x` is not turned into a binary fraction.
        let wide = |v: &str| match self {
            // 10^27 needs 28 digits before the point, which Spark's DECIMAL(37, 10) has not.
            Dialect::Spark => format!("CAST({} AS DECIMAL(38, {NUM_SCALE}))", self.text(v)),
            Dialect::DuckDb | Dialect::Postgres | Dialect::MySql | Dialect::ClickHouse => self.number(v),
        };
        let (lo, hi) = (wide(&format!("-{limit}")), wide(limit));
        let x = match self {
            // ClickHouse has no common type of a binary fraction and a decimal: make it a
            // decimal first (NULL when it does not fit).
            Dialect::ClickHouse => format!("accurateCastOrNull({x}, 'Decimal(38, {NUM_SCALE})')"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => x.to_string(),
        };
        let clamped = format!("NULLIF(NULLIF({least}({greatest}({x}, {lo}), {hi}), {hi}), {lo})");
        match self {
            // A product keeps at most 28 decimal places, as Ladder's does.
            Dialect::Postgres => format!("ROUND({clamped}, 28)"),
            Dialect::DuckDb | Dialect::Spark | Dialect::MySql | Dialect::ClickHouse => {
                format!("CAST({clamped} AS {})", self.num_type())
            }
        }
    }

    /// `a * b` of two computed numbers, before [`Dialect::fit`]: the exact product cut to 10
    /// decimals. A product of 38-digit decimals has 20 decimals and overflows at 10^18 (Spark's
    /// keeps 11 decimals of two 23-digit ones): larger ones, past any amount of money, are
    /// multiplied as binary fractions.
    pub fn mul(self, a: &str, b: &str) -> String {
        let binary = || self.fit(&format!("({} * {})", self.double(a), self.double(b)));
        let num = self.num_type();
        match self {
            // Exact: numeric has no fixed precision.
            Dialect::Postgres => format!("({a} * {b})"),
            // DECIMAL(65, 20): exact up to 10^45, beyond Ladder's limit.
            Dialect::MySql => format!("({a} * {b})"),
            Dialect::DuckDb | Dialect::ClickHouse => {
                let wide = match self {
                    Dialect::ClickHouse => "Nullable(Decimal(38, 10))",
                    Dialect::DuckDb | Dialect::Postgres | Dialect::MySql | Dialect::Spark => "DECIMAL(38, 10)",
                };
                let (x, y) = (self.double(a), self.double(b));
                format!(
                    "(CASE WHEN ABS({x} * {y}) < 1e17 THEN CAST(CAST({a} AS {wide}) * CAST({b} AS {wide}) AS {num}) \
                     ELSE {} END)",
                    binary()
                )
            }
            Dialect::Spark => format!(
                "(CASE WHEN ABS({a}) < 1e13 AND ABS({b}) < 1e13 THEN CAST(CAST({a} AS DECIMAL(23, 10)) * \
                 CAST({b} AS DECIMAL(23, 10)) AS {num}) ELSE {} END)",
                binary()
            ),
        }
    }

    /// `a / b` of two computed numbers, NULL when `b` is zero, before [`Dialect::fit`].
    pub fn div(self, a: &str, b: &str) -> String {
        match self {
            // At least 28 decimal places: PostgreSQL gives a quotient the scale of its dividend
            // or more (16 significant digits at least).
            Dialect::Postgres => format!("(ROUND({a}, 28) / NULLIF({b}, 0))"),
            Dialect::DuckDb | Dialect::Spark | Dialect::MySql | Dialect::ClickHouse => {
                format!("({} / {})", self.double(a), self.double(&format!("NULLIF({b}, 0)")))
            }
        }
    }

    /// Integer division of two non-negative whole numbers, rounded down.
    pub fn int_div(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("({a} // {b})"),
            Dialect::Postgres => format!("(CAST({a} AS BIGINT) / CAST({b} AS BIGINT))"),
            Dialect::MySql => format!("({a} DIV {b})"),
            Dialect::Spark => format!("({a} div {b})"),
            Dialect::ClickHouse => format!("intDiv({a}, {b})"),
        }
    }

    pub fn bool(self, b: bool) -> &'static str {
        if b {
            "TRUE"
        } else {
            "FALSE"
        }
    }

    /// A boolean NULL, typed, so that `CASE` branches agree on their type.
    pub fn null_bool(self) -> &'static str {
        match self {
            Dialect::MySql => "NULL",
            Dialect::ClickHouse => "CAST(NULL AS Nullable(Bool))",
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark => "CAST(NULL AS BOOLEAN)",
        }
    }

    /// A whole-number NULL, typed.
    pub fn null_int(self) -> &'static str {
        match self {
            Dialect::MySql => "CAST(NULL AS SIGNED)",
            Dialect::ClickHouse => "CAST(NULL AS Nullable(Int64))",
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark => "CAST(NULL AS INTEGER)",
        }
    }

    /// A text NULL, typed.
    pub fn null_text(self) -> String {
        match self {
            Dialect::MySql => "CAST(NULL AS CHAR)".into(),
            Dialect::ClickHouse => "CAST(NULL AS Nullable(String))".into(),
            Dialect::Spark => "CAST(NULL AS STRING)".into(),
            Dialect::DuckDb | Dialect::Postgres => "CAST(NULL AS VARCHAR)".into(),
        }
    }

    pub fn date(self, d: Date) -> String {
        match self {
            Dialect::ClickHouse => format!("toDate('{d}')"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => format!("DATE '{d}'"),
        }
    }

    pub fn current_date(self) -> &'static str {
        match self {
            Dialect::ClickHouse => "today()",
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => "CURRENT_DATE",
        }
    }

    /// `d` moved by `amount` units, by Ladder's month rule: a day past the end of the target
    /// month is that month's last day (every engine below does so for months; Spark's
    /// `add_months` stopped snapping month ends to month ends in Spark 3).
    pub fn shift(self, d: &str, amount: i64, unit: DurationUnit) -> String {
        let (n, months) = match unit {
            DurationUnit::Days => (amount, false),
            DurationUnit::Weeks => (amount * 7, false),
            DurationUnit::Months => (amount, true),
            DurationUnit::Years => (amount * 12, true),
        };
        match (self, months) {
            (Dialect::DuckDb, true) => format!("CAST({d} + to_months({n}) AS DATE)"),
            (Dialect::DuckDb, false) => format!("CAST({d} + to_days({n}) AS DATE)"),
            (Dialect::Postgres, true) => format!("CAST({d} + make_interval(months => {n}) AS DATE)"),
            (Dialect::Postgres, false) => format!("CAST({d} + {n} AS DATE)"),
            (Dialect::MySql, true) => format!("DATE_ADD({d}, INTERVAL {n} MONTH)"),
            (Dialect::MySql, false) => format!("DATE_ADD({d}, INTERVAL {n} DAY)"),
            (Dialect::Spark, true) => format!("add_months({d}, {n})"),
            (Dialect::Spark, false) => format!("date_add({d}, {n})"),
            (Dialect::ClickHouse, true) => format!("addMonths({d}, {n})"),
            (Dialect::ClickHouse, false) => format!("addDays({d}, {n})"),
        }
    }

    /// Whole days from date `a` to date `b`.
    pub fn days(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("date_diff('day', {a}, {b})"),
            Dialect::Postgres => format!("({b} - {a})"),
            Dialect::MySql => format!("DATEDIFF({b}, {a})"),
            Dialect::Spark => format!("datediff({b}, {a})"),
            Dialect::ClickHouse => format!("dateDiff('day', {a}, {b})"),
        }
    }

    /// A text as compared byte-wise, as Ladder compares text.
    pub fn bytes(self, x: &str) -> String {
        match self {
            // The database's collation may order by language; "C" orders by bytes.
            Dialect::Postgres => format!("({x} COLLATE \"C\")"),
            // The default collations ignore case and trailing spaces ('a ' = 'a').
            Dialect::MySql => format!("CAST({x} AS BINARY)"),
            Dialect::DuckDb | Dialect::Spark | Dialect::ClickHouse => x.to_string(),
        }
    }

    pub fn contains(self, x: &str, s: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("(strpos({x}, {s}) > 0)"),
            Dialect::MySql => format!("(LOCATE({}, {}) > 0)", self.bytes(s), self.bytes(x)),
            Dialect::Spark => format!("(instr({x}, {s}) > 0)"),
            Dialect::ClickHouse => format!("(position({x}, {s}) > 0)"),
        }
    }

    pub fn starts_with(self, x: &str, s: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("starts_with({x}, {s})"),
            Dialect::MySql => {
                let (x, s) = (self.bytes(x), self.bytes(s));
                format!("(LEFT({x}, LENGTH({s})) = {s})")
            }
            Dialect::Spark => format!("startswith({x}, {s})"),
            Dialect::ClickHouse => format!("startsWith({x}, {s})"),
        }
    }

    /// `x` without the whitespace Ladder trims from cells ([`TRIMMED`]).
    pub fn trim(self, x: &str) -> String {
        let chars: String = TRIMMED.iter().collect();
        let class: String = TRIMMED.iter().map(|c| format!("\\x{{{:X}}}", *c as u32)).collect();
        match self {
            Dialect::DuckDb => format!("trim({x}, {})", self.text(&chars)),
            Dialect::Postgres => format!("btrim({x}, {})", self.text(&chars)),
            Dialect::Spark => format!("trim(BOTH {} FROM {x})", self.text(&chars)),
            Dialect::MySql => {
                let class: String = TRIMMED.iter().collect();
                format!("REGEXP_REPLACE({x}, {}, '')", self.text(&format!("^[{class}]+|[{class}]+$")))
            }
            Dialect::ClickHouse => {
                format!("replaceRegexpAll({x}, {}, '')", self.text(&format!("^[{class}]+|[{class}]+$")))
            }
        }
    }

    pub fn upper(self, x: &str) -> String {
        match self {
            Dialect::ClickHouse => format!("upper({x})"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => format!("UPPER({x})"),
        }
    }

    /// `x IS NULL` as a value to partition by.
    pub fn is_null(self, x: &str) -> String {
        match self {
            Dialect::ClickHouse => format!("isNull({x})"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => format!("({x} IS NULL)"),
        }
    }

    /// A column type of the table the rules read.
    pub fn column_type(self, t: ColumnType) -> String {
        let plain = match (self, t) {
            (Dialect::MySql, ColumnType::Bool) => "TINYINT(1)",
            (Dialect::ClickHouse, ColumnType::Bool) => "Bool",
            (_, ColumnType::Bool) => "BOOLEAN",
            (Dialect::ClickHouse, ColumnType::Number) => "Float64",
            (Dialect::Postgres, ColumnType::Number) => "DOUBLE PRECISION",
            (_, ColumnType::Number) => "DOUBLE",
            (Dialect::ClickHouse, ColumnType::Money) => "Decimal(20, 4)",
            (_, ColumnType::Money) => "DECIMAL(20, 4)",
            (Dialect::ClickHouse, ColumnType::Text) => "String",
            (Dialect::Spark, ColumnType::Text) => "STRING",
            (Dialect::MySql, ColumnType::Text) => "VARCHAR(1000)",
            (_, ColumnType::Text) => "VARCHAR",
            (Dialect::ClickHouse, ColumnType::Date) => "Date32",
            (_, ColumnType::Date) => "DATE",
        };
        match self {
            Dialect::ClickHouse => format!("Nullable({plain})"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::MySql => plain.to_string(),
        }
    }

    /// What ends each CTE of the statement.
    pub fn cte_tail(self) -> &'static str {
        match self {
            // MariaDB merges a CTE into the one reading it, and then ranks a window over the
            // merged columns wrongly (10.11: `RANK()` came out in the rows' order). A derived
            // table with a LIMIT is never merged; this one keeps every row (MySQL's idiom).
            Dialect::MySql => " LIMIT 18446744073709551615",
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::ClickHouse => "",
        }
    }

    /// A NULL in a CSV file the database loads (`LOAD DATA` reads an empty field as an empty
    /// string, or as 0 in a number column).
    pub fn csv_null(self) -> &'static str {
        match self {
            Dialect::MySql => "\\N",
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::ClickHouse => "",
        }
    }

    /// A yes/no value in a CSV file the database loads.
    pub fn csv_bool(self, b: bool) -> &'static str {
        match (self, b) {
            (Dialect::MySql, true) => "1",
            (Dialect::MySql, false) => "0",
            (Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::ClickHouse, true) => "true",
            (Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::ClickHouse, false) => "false",
        }
    }

    /// A text in a CSV file the database loads: `LOAD DATA` reads a backslash as an escape.
    pub fn csv_text(self, t: &str) -> String {
        match self {
            Dialect::MySql => t.replace('\\', "\\\\"),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark | Dialect::ClickHouse => t.to_string(),
        }
    }

    /// What follows the columns of a `CREATE TABLE`.
    pub fn table_tail(self) -> &'static str {
        match self {
            Dialect::ClickHouse => " ENGINE = MergeTree ORDER BY tuple()",
            Dialect::Spark => " USING parquet",
            Dialect::DuckDb | Dialect::Postgres | Dialect::MySql => "",
        }
    }
}
