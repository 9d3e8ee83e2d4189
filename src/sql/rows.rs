//! The records of a data file as the typed table `ddl` declares: a CSV the database's own loader
//! reads (`COPY`, `LOAD DATA`, `read_csv`), each cell read as `ladder run` reads it and written
//! in the one form the column type takes, so that the query and `ladder run` see the same values.

use super::{column_type, ColumnType, Dialect};
use crate::diag::data::DataProblem;
use crate::eval::Frame;
use crate::ir::{FieldType, Program};
use crate::run::{load, pipeline, Opened, OutFormat, Records, RunError, SHOWN_ERRORS};
use crate::source::Data;
use crate::value::{format_number, Decimal, Value};
use std::io::Write;

/// A value the table's column cannot hold exactly: the database will hold it rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inexact {
    /// The row as a spreadsheet counts it (the header is row 1).
    pub row: usize,
    pub column: String,
    /// The value, exactly.
    pub value: String,
    /// What the column holds; `None` when the value does not fit it at all (the database
    /// refuses the row).
    pub held: Option<String>,
    /// The column's type in the dialect: `DECIMAL(20, 4)`, `DOUBLE`.
    pub column_type: String,
}

/// What writing the rows saw.
#[derive(Debug, Clone, Default)]
pub struct RowsReport {
    pub rows: usize,
    /// Rows with a cell that could not be read: written with that cell empty (NULL).
    pub error_rows: usize,
    /// The first data problems.
    pub problems: Vec<DataProblem>,
    /// How many values the table holds rounded, and the first of them.
    pub inexact_count: usize,
    pub inexact: Vec<Inexact>,
    /// Total rows (合计, 小计…) of a workbook, not written.
    pub skipped: usize,
}

/// Money has four decimals and sixteen digits before the point in every dialect's table.
const MONEY_SCALE: u32 = 4;
const MONEY_WHOLE_DIGITS: u32 = 16;
/// The significant digits a double keeps through a round trip.
const DOUBLE_DIGITS: u32 = 15;

/// Writes the records of `data` to `out` as a CSV with a header of the fields' columns, in the
/// order of [`super::ddl`]; a missing value is the dialect's NULL in a CSV file.
pub fn rows(program: &Program, data: &dyn Data, dialect: Dialect, out: &mut dyn Write) -> Result<RowsReport, RunError> {
    let opened = Opened::new(data)?;
    let opts = crate::run::Options {
        today: jiff::civil::Date::constant(2000, 1, 1),
        explain: false,
        format: OutFormat::Csv,
        keep: Some(Vec::new()),
        threads: 1,
        progress: None,
        lang: crate::diag::Lang::En,
    };
    let layout = opened.layout(program, &opts)?;
    let mut header = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    header.write_record(program.fields.iter().map(|f| f.column.as_str()))?;
    out.write_all(&header.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?)?;
    let types: Vec<String> = program.fields.iter().map(|f| dialect.column_type(column_type(&f.ty))).collect();
    let chunk = |records: &Records, first: usize| -> Result<(Vec<u8>, RowsReport), RunError> {
        let mut part = RowsReport::default();
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let mut frame = Frame::new(program);
        let mut line: Vec<String> = Vec::with_capacity(program.fields.len());
        for (k, record) in records.iter().enumerate() {
            let row = first + k;
            let errors = load(program, &layout, record, row, &mut frame);
            part.rows += 1;
            if !errors.is_empty() {
                part.error_rows += 1;
                part.problems.extend(errors.problems.into_iter().take(SHOWN_ERRORS));
                part.problems.truncate(SHOWN_ERRORS);
            }
            line.clear();
            for (f, field) in program.fields.iter().enumerate() {
                let value = frame.fields[f];
                if let Some((n, held)) = held(&field.ty, value) {
                    part.inexact_count += 1;
                    if part.inexact.len() < SHOWN_ERRORS {
                        let (row, column, value) = (row + 2, field.column.clone(), format_number(n));
                        part.inexact.push(Inexact { row, column, value, held, column_type: types[f].clone() });
                    }
                }
                line.push(typed(program, &field.ty, value, dialect));
            }
            w.write_record(&line)?;
        }
        let bytes = w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok((bytes, part))
    };
    let mut report = RowsReport::default();
    let merge = |part: Result<(Vec<u8>, RowsReport), RunError>| {
        let (bytes, part) = part?;
        out.write_all(&bytes)?;
        report.rows += part.rows;
        report.error_rows += part.error_rows;
        report.problems.extend(part.problems);
        report.problems.truncate(SHOWN_ERRORS);
        report.inexact_count += part.inexact_count;
        report.inexact.extend(part.inexact);
        report.inexact.truncate(SHOWN_ERRORS);
        Ok(())
    };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    pipeline(opened.first, opened.blocks, threads, layout.cells_read(), None, chunk, merge)?;
    report.skipped = layout.place.as_ref().map_or(0, |p| p.skipped());
    Ok(report)
}

/// The value as the column of `ty` takes it in a CSV file of `dialect`.
fn typed(program: &Program, ty: &FieldType, value: Value<'_>, dialect: Dialect) -> String {
    match value {
        Value::Missing => dialect.csv_null().to_string(),
        Value::Bool(b) => dialect.csv_bool(b).to_string(),
        Value::Num(n) => format_number(n),
        Value::Text(t) => dialect.csv_text(t),
        Value::Date(d) => d.to_string(),
        Value::Member(i) => {
            let name = match ty {
                FieldType::OneOf(members) => members[i as usize].as_str(),
                FieldType::Grade(l) => program.ladders[*l].rules[i as usize].level.as_str(),
                FieldType::Text | FieldType::Number | FieldType::Money | FieldType::Bool | FieldType::Date => "",
            };
            dialect.csv_text(name)
        }
        // A cell never reads as a length of time.
        Value::Duration(_) => dialect.csv_null().to_string(),
    }
}

/// A number the column of `ty` cannot hold exactly, and what it holds instead (`None`: it
/// does not fit).
fn held(ty: &FieldType, value: Value<'_>) -> Option<(Decimal, Option<String>)> {
    let Value::Num(n) = value else { return None };
    let n = n.normalize();
    match column_type(ty) {
        ColumnType::Money => {
            let fits = n.trunc().abs() < Decimal::from(10u64.pow(MONEY_WHOLE_DIGITS));
            (n.scale() > MONEY_SCALE || !fits).then(|| {
                (
                    n,
                    fits.then(|| {
                        format_number(
                            n.round_dp_with_strategy(MONEY_SCALE, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
                        )
                    }),
                )
            })
        }
        ColumnType::Number => {
            let digits = n.mantissa().unsigned_abs().to_string().len() as u32;
            let double = n.to_string().parse::<f64>().ok().filter(|d| d.is_finite());
            (digits > DOUBLE_DIGITS).then(|| (n, double.map(|d| d.to_string())))
        }
        ColumnType::Bool | ColumnType::Text | ColumnType::Date => None,
    }
}
