//! Writing the results of `ladder run` as an Excel workbook (`-o FILE.xlsx`).
//!
//! [`Sink`] takes the CSV text the run writes, row by row in input order, and writes each row to
//! a results sheet in constant-memory mode (a row is on disk once the next one starts), with the
//! cells typed and coloured; [`Sink::finish`] adds the summary sheet from the run's [`Stats`] and
//! writes the workbook. Parsing our own CSV again costs little next to writing the XML, and keeps
//! one run pipeline for every output (docs/performance.md measures it).

use crate::diag::Lang;
use crate::ir::{FieldType, Program};
use crate::run::{result_headers, Stats};
use crate::t;
use crate::value::{read, Value};
use rust_xlsxwriter::{Chart, ChartType, Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The last row index of a worksheet.
const LAST_ROW: u32 = 1_048_575;
/// The most characters a cell holds.
const MAX_TEXT: usize = 32_767;
/// The column widths fit the header and this many first rows.
const WIDTH_ROWS: u32 = 1000;
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 6;
/// A row with a data error: its key cell and its `error` cell.
const ERROR_FILL: u32 = 0xFFC7CE;
/// Level colours from the best level to the worst: green, yellow, red (Excel's own light fills).
const GRADIENT: [u32; 3] = [0xC6EFCE, 0xFFEB9C, 0xF8CBAD];

/// What a column of the results sheet holds.
#[derive(Debug, Clone, Copy)]
enum Column {
    Text,
    /// An input column read by a number, money or date field.
    Field(usize),
    Score,
    /// A ladder's level, or its label: coloured by the level.
    Level(usize),
    Label(usize),
    Error,
}

/// The number formats of typed cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    General,
    Money,
    Percent,
    Date,
}

/// Writes the CSV text of a run as a workbook.
pub struct Sink<'p> {
    program: &'p Program,
    lang: Lang,
    explain: bool,
    workbook: Workbook,
    sheet: Worksheet,
    /// Set by the header row.
    columns: Vec<Column>,
    names: Vec<String>,
    key: usize,
    widths: Vec<usize>,
    /// `levels[ladder]`: the colour of each level, by its name.
    levels: Vec<HashMap<&'p str, usize>>,
    level_fills: Vec<Vec<Fill>>,
    /// The colour of each ladder's level in the current row.
    row_levels: Vec<Option<usize>>,
    header: Format,
    formats: [Format; 4],
    error: Fill,
    row: u32,
    csv: csv_core::Reader,
    bytes: Vec<u8>,
    used: usize,
    ends: Vec<usize>,
    nends: usize,
}

impl<'p> Sink<'p> {
    /// A sink for the rows of a run of `program`, with the `_why` columns if `explain`.
    pub fn new(program: &'p Program, explain: bool, lang: Lang) -> io::Result<Self> {
        let mut workbook = Workbook::new();
        let mut sheet = workbook.new_worksheet_with_constant_memory().map_err(error)?;
        sheet.set_name(t!(lang, "xlsx.results-sheet")).map_err(error)?;
        sheet.set_freeze_panes(1, 0).map_err(error)?;
        let mut levels = Vec::new();
        let mut level_fills = Vec::new();
        for ladder in &program.ladders {
            let mut names: HashMap<&str, usize> = HashMap::new();
            for r in &ladder.rules {
                let next = names.len();
                names.entry(&r.level).or_insert(next);
            }
            let n = names.len();
            level_fills.push((0..n).map(|i| Fill::new(level_colour(i, n))).collect());
            levels.push(names);
        }
        Ok(Sink {
            program,
            lang,
            explain,
            workbook,
            sheet,
            columns: Vec::new(),
            names: Vec::new(),
            key: 0,
            widths: Vec::new(),
            row_levels: vec![None; levels.len()],
            levels,
            level_fills,
            header: Format::new().set_bold(),
            formats: [
                Format::new(),
                Format::new().set_num_format("#,##0.00"),
                Format::new().set_num_format("0.0#%"),
                Format::new().set_num_format("yyyy-mm-dd"),
            ],
            error: Fill::new(Color::RGB(ERROR_FILL)),
            row: 0,
            csv: csv_core::Reader::new(),
            bytes: vec![0; 1 << 12],
            used: 0,
            ends: vec![0; 64],
            nends: 0,
        })
    }

    /// Lays out the columns from the header row and writes it.
    fn header_row(&mut self, names: &[String]) -> io::Result<()> {
        let program = self.program;
        let results = result_headers(program, self.explain).len();
        let inputs = names.len().saturating_sub(results);
        self.columns = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                if i < inputs {
                    let field = program.fields.iter().position(|f| f.column == crate::cell::trim(name));
                    let typed = |f: usize| {
                        matches!(program.fields[f].ty, FieldType::Number | FieldType::Money | FieldType::Date)
                    };
                    return field.filter(|&f| typed(f)).map_or(Column::Text, Column::Field);
                }
                if i + 1 == names.len() {
                    return Column::Error;
                }
                let ladder = |n: &str| program.ladders.iter().position(|l| l.name == n);
                if let Some(l) = ladder(name) {
                    Column::Level(l)
                } else if let Some(l) = name.strip_suffix("_label").and_then(ladder) {
                    Column::Label(l)
                } else if program.scores.iter().any(|s| s.name == *name) {
                    Column::Score
                } else {
                    Column::Text
                }
            })
            .collect();
        let key = program.fields.iter().find(|f| f.key).map(|f| f.column.as_str());
        self.key = key.and_then(|k| names[..inputs].iter().position(|n| crate::cell::trim(n) == k)).unwrap_or(0);
        // Room for the autofilter's button.
        self.widths = names.iter().map(|n| n.width() + 3).collect();
        for (c, name) in names.iter().enumerate() {
            self.sheet.write_string_with_format(0, col(c), name, &self.header).map_err(error)?;
        }
        self.names = names.to_vec();
        Ok(())
    }

    /// Writes one data row.
    fn data_row(&mut self, cells: &[&str]) -> io::Result<()> {
        if self.row == LAST_ROW {
            return Err(io::Error::other(t!(self.lang, "xlsx.too-many-rows", rows = LAST_ROW)));
        }
        self.row += 1;
        let row = self.row;
        // The `error` cell is the last column's; a row longer than the data's header has its
        // extra cells after it.
        let marked = cells.get(self.columns.len().saturating_sub(1)).is_some_and(|e| !e.is_empty());
        self.row_levels.iter_mut().for_each(|l| *l = None);
        for (c, &text) in cells.iter().enumerate() {
            let column = self.columns.get(c).copied().unwrap_or(Column::Text);
            if row <= WIDTH_ROWS {
                if let Some(w) = self.widths.get_mut(c) {
                    *w = (*w).max(shown_width(column, text, self.program));
                }
            }
            if text.chars().nth(MAX_TEXT).is_some() {
                let (header, column) = (
                    self.names.get(c).map_or("", String::as_str),
                    rust_xlsxwriter::utility::column_number_to_name(col(c)),
                );
                let text = t!(self.lang, "xlsx.long-cell", row = row + 1, column, header, most = MAX_TEXT);
                return Err(io::Error::other(text));
            }
            let fill = match column {
                Column::Level(l) => {
                    self.row_levels[l] = self.levels[l].get(text).copied();
                    self.row_levels[l].map(|i| &self.level_fills[l][i])
                }
                Column::Label(l) => self.row_levels[l].map(|i| &self.level_fills[l][i]),
                Column::Text | Column::Field(_) | Column::Score | Column::Error => {
                    let error = matches!(column, Column::Error) || c == self.key;
                    (marked && error).then_some(&self.error)
                }
            };
            let (c, sheet) = (col(c), &mut self.sheet);
            let typed = match column {
                Column::Field(f) => typed(self.program, f, text),
                Column::Score => {
                    text.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| Typed::Num(n, Kind::General))
                }
                Column::Text | Column::Level(_) | Column::Label(_) | Column::Error => None,
            };
            let written = match typed {
                Some(value) => {
                    let kind = match value {
                        Typed::Num(_, kind) => kind,
                        Typed::Date(_) => Kind::Date,
                    };
                    let base = &self.formats[kind as usize];
                    let format = match fill {
                        Some(fill) => &base.clone().set_background_color(fill.colour),
                        None => base,
                    };
                    match value {
                        Typed::Num(n, _) => sheet.write_number_with_format(row, c, n, format),
                        Typed::Date(d) => excel_date(d).and_then(|d| sheet.write_date_with_format(row, c, d, format)),
                    }
                }
                None => match fill {
                    Some(fill) if text.is_empty() => sheet.write_blank(row, c, &fill.format),
                    Some(fill) => sheet.write_string_with_format(row, c, text, &fill.format),
                    None if text.is_empty() => Ok(&mut *sheet),
                    None => sheet.write_string(row, c, text),
                },
            };
            written.map_err(error)?;
        }
        Ok(())
    }

    /// Adds the autofilter, the column widths and the summary sheet, and writes the workbook.
    pub fn finish(mut self, stats: &Stats, out: &mut (dyn Write + Send)) -> io::Result<()> {
        self.flush_record()?;
        let last = col(self.columns.len().max(1) - 1);
        self.sheet.autofilter(0, 0, self.row, last).map_err(error)?;
        for (c, &w) in self.widths.iter().enumerate() {
            self.sheet.set_column_width(col(c), w.clamp(MIN_WIDTH, MAX_WIDTH) as f64).map_err(error)?;
        }
        self.workbook.push_worksheet(self.sheet);
        let summary = summary_sheet(self.program, stats, self.lang, &self.header)?;
        self.workbook.push_worksheet(summary);
        self.workbook.save_to_writer(out).map_err(error)
    }

    /// Handles a record the CSV reader finished.
    fn record(&mut self) -> io::Result<()> {
        let (bytes, ends) = (std::mem::take(&mut self.bytes), std::mem::take(&mut self.ends));
        let mut start = 0;
        let cells: Vec<std::borrow::Cow<str>> = ends[..self.nends]
            .iter()
            .map(|&end| {
                let cell = String::from_utf8_lossy(&bytes[start..end]);
                start = end;
                cell
            })
            .collect();
        let written = if self.columns.is_empty() {
            let names: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            self.header_row(&names)
        } else {
            let cells: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
            self.data_row(&cells)
        };
        drop(cells);
        (self.bytes, self.ends, self.used, self.nends) = (bytes, ends, 0, 0);
        written
    }

    /// Feeds `input` to the CSV reader (the end of the text when empty).
    fn feed(&mut self, mut input: &[u8]) -> io::Result<()> {
        use csv_core::ReadRecordResult::{End, InputEmpty, OutputEndsFull, OutputFull, Record};
        loop {
            let (result, nin, nout, nend) =
                self.csv.read_record(input, &mut self.bytes[self.used..], &mut self.ends[self.nends..]);
            input = &input[nin..];
            self.used += nout;
            self.nends += nend;
            match result {
                InputEmpty | End => return Ok(()),
                OutputFull => self.bytes.resize(self.bytes.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => self.record()?,
            }
        }
    }

    /// Ends the CSV text: a last record without a line break is read.
    fn flush_record(&mut self) -> io::Result<()> {
        self.feed(&[])
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !buf.is_empty() {
            self.feed(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A typed cell's value.
#[derive(Debug, Clone, Copy)]
enum Typed {
    Num(f64, Kind),
    Date(jiff::civil::Date),
}

/// A date as Excel's; `typed` keeps only days from March 1900, which jiff ends in 9999, as Excel does.
fn excel_date(d: jiff::civil::Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The value of an input cell of field `f` as a number or a date, if the field reads it as one.
fn typed(program: &Program, f: usize, text: &str) -> Option<Typed> {
    let field = &program.fields[f];
    match read(program, field, text).ok()? {
        // Excel has no day before 1900 and takes 1900 for a leap year: its days are right from March 1900.
        Value::Date(d) if d >= jiff::civil::date(1900, 3, 1) => Some(Typed::Date(d)),
        Value::Num(n) => {
            // Excel holds binary fractions: the nearest to the exact decimal.
            let n = crate::value::format_number(n).parse::<f64>().ok()?;
            let percent = text.trim_end().ends_with(['%', '％']);
            let kind = if percent {
                Kind::Percent
            } else if field.ty == FieldType::Money {
                Kind::Money
            } else {
                Kind::General
            };
            Some(Typed::Num(n, kind))
        }
        Value::Missing | Value::Bool(_) | Value::Text(_) | Value::Date(_) | Value::Duration(_) | Value::Member(_) => {
            None
        }
    }
}

/// The width a cell takes as shown: a money cell gains its thousands separators and decimals.
fn shown_width(column: Column, text: &str, program: &Program) -> usize {
    let value = if let Column::Field(f) = column { typed(program, f, text) } else { None };
    match value {
        Some(Typed::Num(n, Kind::Money)) => {
            let digits = format!("{:.0}", n.abs()).len();
            digits + (digits - 1) / 3 + 4
        }
        Some(Typed::Num(..) | Typed::Date(_)) | None => text.width() + 1,
    }
}

/// A cell fill: its colour, and the format of a text cell with it.
struct Fill {
    colour: Color,
    format: Format,
}

impl Fill {
    fn new(colour: Color) -> Self {
        Fill { colour, format: Format::new().set_background_color(colour) }
    }
}

/// The colour of level `i` of `n`, from green (the best) through yellow to red (the worst).
fn level_colour(i: usize, n: usize) -> Color {
    let t = if n < 2 { 0.0 } else { i as f64 / (n - 1) as f64 };
    let (from, to, t) =
        if t <= 0.5 { (GRADIENT[0], GRADIENT[1], t * 2.0) } else { (GRADIENT[1], GRADIENT[2], t * 2.0 - 1.0) };
    let channel = |shift: u32| {
        let (a, b) = (((from >> shift) & 0xFF) as f64, ((to >> shift) & 0xFF) as f64);
        ((a + (b - a) * t).round() as u32) << shift
    };
    Color::RGB(channel(16) | channel(8) | channel(0))
}

/// The summary sheet: per ladder, a table of its levels with counts and shares, and a column
/// chart of the counts beside it.
fn summary_sheet(program: &Program, stats: &Stats, lang: Lang, bold: &Format) -> io::Result<Worksheet> {
    let mut sheet = Worksheet::new();
    let name = t!(lang, "xlsx.summary-sheet");
    sheet.set_name(&name).map_err(error)?;
    let share = Format::new().set_num_format("0.0%");
    let heads = [t!(lang, "xlsx.level"), t!(lang, "xlsx.label"), t!(lang, "xlsx.rows"), t!(lang, "xlsx.share")];
    let mut row = 0;
    let mut widths = heads.iter().map(|h| h.width() + 2).collect::<Vec<_>>();
    for ladder in crate::summary::figures(program, stats, lang) {
        let title = t!(lang, "summary.ladder", ladder = ladder.name, graded = ladder.graded);
        sheet.write_string_with_format(row, 0, &title, bold).map_err(error)?;
        for (c, h) in heads.iter().enumerate() {
            sheet.write_string_with_format(row + 1, col(c), h, bold).map_err(error)?;
        }
        let first = row + 2;
        for (i, line) in ladder.lines.iter().enumerate() {
            let r = first + i as u32;
            sheet.write_string(r, 0, line.level).map_err(error)?;
            sheet.write_string(r, 1, &line.label).map_err(error)?;
            sheet.write_number(r, 2, line.count as f64).map_err(error)?;
            sheet.write_number_with_format(r, 3, line.share(), &share).map_err(error)?;
            widths[0] = widths[0].max(line.level.width() + 2);
            widths[1] = widths[1].max(line.label.width() + 2);
        }
        let last = first + ladder.lines.len().max(1) as u32 - 1;
        let mut chart = Chart::new(ChartType::Column);
        chart.title().set_name(ladder.name);
        chart.legend().set_hidden();
        let series = chart.add_series();
        series.set_categories((name.as_str(), first, 0, last, 0)).set_values((name.as_str(), first, 2, last, 2));
        sheet.insert_chart(row, 5, &chart).map_err(error)?;
        // A chart is 15 rows high.
        row = (last + 2).max(row + 16);
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), *w.min(&MAX_WIDTH) as f64).map_err(error)?;
    }
    Ok(sheet)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::Sink;
    use crate::cell::{parse_date, parse_number};
    use crate::diag::Lang;
    use crate::run::Stats;
    use calamine::{Data, Reader, Xlsx};
    use proptest::prelude::*;
    use std::io::Write;

    const RULES: &str = "ladder \"t\"\nfields {\n  客户: text key\n  数量: number\n  金额: money\n  日期: date\n}\n\
                         grades 等级 {\n  高 \"大\" if 金额 >= 100万\n  低 \"小\" otherwise\n}\n";

    /// The cells of the results sheet of a workbook whose rows hold these input cells.
    fn round_trip(rows: &[[String; 3]]) -> Vec<Vec<Data>> {
        let program = crate::check::check_text("t.ladder", RULES).program;
        let mut sink = Sink::new(&program, false, Lang::En).unwrap();
        writeln!(sink, "客户,数量,金额,日期,等级,等级_label,等级_rule,error").unwrap();
        for (i, [n, m, d]) in rows.iter().enumerate() {
            writeln!(sink, "k{i},\"{n}\",\"{m}\",\"{d}\",,,,").unwrap();
        }
        let mut out = Vec::new();
        sink.finish(&Stats::new(&program), &mut out).unwrap();
        let mut workbook = Xlsx::new(std::io::Cursor::new(out)).unwrap();
        workbook.worksheet_range("Results").unwrap().rows().map(|r| r.to_vec()).collect()
    }

    fn serial(date: jiff::civil::Date) -> f64 {
        date.since(jiff::civil::date(1899, 12, 30)).unwrap().get_days() as f64
    }

    proptest! {
        /// Number, money and date texts become cells holding the value the field reads.
        #[test]
        fn typed_cells_hold_the_value_the_field_reads(
            n in -1e9f64..1e9,
            wan in 1u32..100_000,
            cents in 0u32..100,
            (y, m, d) in (1900i16..2100, 1i8..=12, 1i8..=28),
            style in 0usize..3,
        ) {
            let money = [format!("{wan}万"), format!("¥{wan},{cents:02}0.{cents:02}"), format!("{wan}.{cents:02}")];
            let date = [format!("{y}年{m}月{d}日"), format!("{y}/{m}/{d}"), format!("{y}-{m:02}-{d:02}")];
            let rows = [[format!("{n}"), money[style].clone(), date[style].clone()]];
            let cells = round_trip(&rows);
            let [n, m, d] = &rows[0];
            // A text the field cannot read stays text.
            let number = |text: &String| match parse_number(text) {
                Ok(Some(v)) => Data::Float(v.to_string().parse().unwrap()),
                Ok(None) | Err(_) => Data::String(text.clone()),
            };
            prop_assert_eq!(&cells[1][1], &number(n));
            prop_assert_eq!(&cells[1][2], &number(m));
            match (&cells[1][3], parse_date(d)) {
                (Data::DateTime(x), Ok(Some(v))) => prop_assert_eq!(x.as_f64(), serial(v)),
                (Data::String(s), Err(_)) => prop_assert_eq!(s, d),
                (Data::String(s), Ok(Some(v))) if v < jiff::civil::date(1900, 3, 1) => prop_assert_eq!(s, d),
                (cell, v) => panic!("{d}: {cell:?} for {v:?}"),
            }
        }
    }
}
