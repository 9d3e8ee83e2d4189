//! Workbooks (`.xlsx .xlsm .xls .ods`) as records: one sheet's table read as rows of UTF-8 text,
//! so everything downstream reads them as it reads CSV. Typed cells become the text the cell
//! readers read (numbers, `TRUE`/`FALSE`, dates as `YYYY-MM-DD`); a merged cell's value fills the
//! whole merge; empty rows are left out and total rows (合计, 小计, 总计, Total, Subtotal) skipped
//! and counted. A [`Place`] says where each record sits in the sheet, for data errors.
//!
//! The sheet is read on a thread of its own and its rows handed over in batches, so a large
//! sheet is never held whole: `.xlsx` through calamine's cell reader, `.xls` and `.ods` (which
//! calamine reads only whole) from their cell range.

use crate::diag::data::{At, DataProblem};
use crate::diag::Lang;
use crate::ir::{FieldType, Program};
use crate::source::{Data, RecordSource};
use crate::t;
use calamine::{Data as Cell, Dimensions, ExcelDateTime, ExcelDateTimeType, Reader, Sheets};
use csv::ByteRecord;
use std::io::{self, BufReader, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Rows looked at, from the first non-empty one, for a header row holding the declared columns
/// (title rows above a table are common in exports).
const HEADER_ROWS: usize = 10;
/// Rows handed from the reading thread at a time.
const BATCH: usize = 512;

/// Whether `path` names a workbook, by its extension.
pub fn is_workbook(path: &str) -> bool {
    let ext = std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods"))
}

/// What the rules need from a workbook: the columns they read, and which of them hold dates (a
/// bare number there is an Excel date serial).
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub columns: Vec<String>,
    pub dates: Vec<String>,
    /// Whether the header row must hold every column (data) or one is enough (a test table,
    /// which holds the fields its cases set).
    pub all: bool,
}

impl Wanted {
    /// The declared columns of `program`.
    pub fn of(program: &Program) -> Self {
        let columns = program.fields.iter().map(|f| f.column.clone()).collect();
        let dates = program.fields.iter().filter(|f| f.ty == FieldType::Date).map(|f| f.column.clone()).collect();
        Wanted { columns, dates, all: true }
    }
}

/// The records of the file at `path` (not standard input) and the sheet read: a workbook's sheet
/// `sheet` (else the first with `wanted`'s columns) by the file's extension, else CSV.
pub fn open_file(
    path: &str,
    encoding: crate::input::Encoding,
    delimiter: Option<u8>,
    sheet: Option<&str>,
    wanted: &Wanted,
    lang: Lang,
) -> io::Result<(Box<dyn RecordSource>, Option<String>)> {
    if !is_workbook(path) {
        return Ok((crate::source::CsvFile::new(path, encoding, false)?.delimiter(delimiter).open()?, None));
    }
    let book = Workbook::new(path, sheet, wanted).map_err(|e| io::Error::other(e.text(lang, path)))?;
    Ok((book.open()?, Some(book.sheet().to_string())))
}

/// A sheet of a workbook file, chosen and its header row found when it is opened.
#[derive(Debug)]
pub struct Workbook {
    table: Arc<Table>,
}

/// Where the table of a sheet is.
#[derive(Debug)]
struct Table {
    path: String,
    sheet: String,
    /// 0-based sheet row of the header.
    header_row: u32,
    /// 0-based sheet column of the first header cell.
    first_col: u32,
    header: Vec<String>,
    /// By header column: a bare number there is a date serial.
    dates: Vec<bool>,
    merges: Vec<Dimensions>,
}

/// Where the records of one reading of a sheet are: the sheet's name, the sheet row of each
/// record, the column letters; and how many total rows were skipped.
#[derive(Debug)]
pub struct Place {
    sheet: String,
    header_row: u32,
    /// `(header, letter)` of each column.
    columns: Vec<(String, String)>,
    /// The 0-based sheet row of each record read so far.
    rows: Mutex<Vec<u32>>,
    skipped: AtomicUsize,
}

impl Place {
    /// Rewrites where `problem` of record `record` (0-based, the header not counted) is as the
    /// sheet's row and column.
    pub fn locate(&self, problem: &mut DataProblem, record: usize) {
        let At::Cell { column, .. } = &problem.at else { return };
        let row = self.row(record);
        let letter = self.columns.iter().find(|(h, _)| h == column).map_or(String::new(), |(_, l)| l.clone());
        problem.at = At::Sheet { sheet: self.sheet.clone(), row, letter, column: column.clone() };
    }

    /// The sheet's row number (1-based) of record `record` (0-based, the header not counted).
    pub fn row(&self, record: usize) -> usize {
        let rows = self.rows.lock().unwrap_or_else(|e| e.into_inner());
        rows.get(record).map_or(self.header_row as usize + 1 + record, |&r| r as usize) + 1
    }

    /// Total rows skipped so far.
    pub fn skipped(&self) -> usize {
        self.skipped.load(Ordering::Relaxed)
    }
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkbookError {
    /// Not a workbook calamine reads: not a zip, corrupt, protected by a password.
    Open {
        reason: Unopened,
    },
    NoSuchSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    OutOfRange {
        n: usize,
        sheets: Vec<String>,
    },
    EmptySheet {
        sheet: String,
    },
    /// No sheet has a header row with the declared columns.
    NoTable {
        columns: Vec<String>,
        sheets: Vec<String>,
    },
}

/// Why a workbook could not be opened or its sheet read.
#[derive(Debug, Clone, PartialEq)]
pub enum Unopened {
    /// Not in the format its name says (a CSV file renamed `.xlsx`).
    NotAWorkbook,
    Password,
    Missing,
    /// The file cannot be read at all (no such file, no permission), in the system's words.
    Io(String),
    /// Anything else, in calamine's words.
    Other(String),
}

impl Unopened {
    fn of(e: calamine::Error) -> Unopened {
        use calamine::{Error, OdsError, XlsError, XlsxError};
        match e {
            Error::Xlsx(XlsxError::Zip(_)) | Error::Ods(OdsError::Zip(_)) | Error::Xls(XlsError::Cfb(_)) => {
                Unopened::NotAWorkbook
            }
            Error::Xlsx(XlsxError::Password) | Error::Xls(XlsError::Password) | Error::Ods(OdsError::Password) => {
                Unopened::Password
            }
            Error::Io(e)
            | Error::Xlsx(XlsxError::Io(e))
            | Error::Xls(XlsError::Io(e))
            | Error::Ods(OdsError::Io(e)) => match e.kind() {
                std::io::ErrorKind::NotFound => Unopened::Missing,
                _ => Unopened::Io(crate::input::os_reason(&e)),
            },
            e => Unopened::Other(e.to_string()),
        }
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            Unopened::NotAWorkbook => t!(lang, "workbook.not-a-workbook"),
            Unopened::Password => t!(lang, "workbook.password"),
            Unopened::Missing => t!(lang, "missing-file"),
            Unopened::Io(reason) | Unopened::Other(reason) => reason.clone(),
        }
    }
}

impl WorkbookError {
    /// The words in `lang`.
    pub fn text(&self, lang: Lang, path: &str) -> String {
        let voice = crate::diag::Voice { lang, keywords: lang };
        let list = |names: &[String]| {
            crate::diag::words::list(voice, &names.iter().map(|s| quote(lang, s)).collect::<Vec<_>>())
        };
        match self {
            WorkbookError::Open { reason: reason @ (Unopened::Missing | Unopened::Io(_)) } => {
                t!(lang, "workbook.cannot-open", path, reason = reason.text(lang))
            }
            WorkbookError::Open { reason } => {
                let said = t!(lang, "workbook.cannot-open", path, reason = reason.text(lang));
                format!("{said}\n{}", t!(lang, "workbook.cannot-open.hint"))
            }
            WorkbookError::NoSuchSheet { sheet, sheets } => {
                t!(lang, "workbook.no-sheet", path, sheet, sheets = list(sheets))
            }
            WorkbookError::OutOfRange { n, sheets } => {
                t!(lang, "workbook.out-of-range", path, n = *n, count = sheets.len(), sheets = list(sheets))
            }
            WorkbookError::EmptySheet { sheet } => t!(lang, "workbook.empty-sheet", path, sheet),
            WorkbookError::NoTable { columns, sheets } => {
                t!(lang, "workbook.no-table", path, columns = list(columns), sheets = list(sheets))
            }
        }
    }
}

fn quote(lang: Lang, s: &str) -> String {
    t!(lang, "workbook.quoted", name = s)
}

type Book = Sheets<BufReader<std::fs::File>>;

fn open_book(path: &str) -> Result<Book, WorkbookError> {
    calamine::open_workbook_auto(path).map_err(|e| WorkbookError::Open { reason: Unopened::of(e) })
}

/// The names of the sheets of the workbook at `path`, in order.
pub fn sheet_names(path: &str) -> Result<Vec<String>, WorkbookError> {
    Ok(open_book(path)?.sheet_names())
}

impl Workbook {
    /// The sheet `sheet` (a name, or a 1-based number) of the workbook at `path`; without one,
    /// the first sheet with a header row holding `wanted`'s columns.
    pub fn new(path: &str, sheet: Option<&str>, wanted: &Wanted) -> Result<Self, WorkbookError> {
        let mut book = open_book(path)?;
        let sheets = book.sheet_names();
        let has = |header: &[String], c: &String| header.iter().any(|h| h == c);
        let holds = |header: &[String]| match wanted.all {
            true => wanted.columns.iter().all(|c| has(header, c)),
            false => wanted.columns.is_empty() || wanted.columns.iter().any(|c| has(header, c)),
        };
        let chosen = match sheet {
            Some(s) => {
                let name = match sheets.iter().find(|n| *n == s) {
                    Some(n) => n.clone(),
                    None => match s.parse::<usize>() {
                        Ok(n) if (1..=sheets.len()).contains(&n) => sheets[n - 1].clone(),
                        Ok(n) => return Err(WorkbookError::OutOfRange { n, sheets }),
                        Err(_) => return Err(WorkbookError::NoSuchSheet { sheet: s.to_string(), sheets }),
                    },
                };
                let top = top_rows(&mut book, &name)?;
                let Some(first) = top.first() else { return Err(WorkbookError::EmptySheet { sheet: name }) };
                let found = top.iter().find(|(_, _, h)| holds(h)).unwrap_or(first).clone();
                (name, found)
            }
            None => {
                let mut chosen = None;
                for name in &sheets {
                    if let Some(found) = top_rows(&mut book, name)?.into_iter().find(|(_, _, h)| holds(h)) {
                        chosen = Some((name.clone(), found));
                        break;
                    }
                }
                chosen.ok_or(WorkbookError::NoTable { columns: wanted.columns.clone(), sheets })?
            }
        };
        let (sheet, (header_row, first_col, header)) = chosen;
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
            Sheets::Ods(_) => ods_merges(path, &sheet),
            Sheets::Xlsb(_) => Vec::new(),
        };
        let dates = header.iter().map(|h| wanted.dates.contains(h)).collect();
        let table = Table { path: path.to_string(), sheet, header_row, first_col, header, dates, merges };
        Ok(Workbook { table: Arc::new(table) })
    }

    /// The sheet read.
    pub fn sheet(&self) -> &str {
        &self.table.sheet
    }
}

/// The first non-empty rows of sheet `name`, up to [`HEADER_ROWS`], each as `(row, first
/// column, cells)` cut to its non-empty cells.
fn top_rows(book: &mut Book, name: &str) -> Result<Vec<(u32, u32, Vec<String>)>, WorkbookError> {
    let mut rows = Vec::new();
    let mut take = |row: u32, cells: Vec<String>| {
        let first = cells.iter().position(|c| !c.trim().is_empty());
        let last = cells.iter().rposition(|c| !c.trim().is_empty());
        if let (Some(a), Some(b)) = (first, last) {
            let header = cells[a..=b].iter().map(|c| crate::cell::trim(c).to_string()).collect();
            rows.push((row, a as u32, header));
        }
        rows.len() < HEADER_ROWS
    };
    let no_dates = |_: u32| None;
    let err = |e: String| WorkbookError::Open { reason: Unopened::Other(e) };
    match book {
        Sheets::Xlsx(x) => {
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| err(e.to_string()))?;
            stream_xlsx(&mut cells, &no_dates, &mut take).map_err(err)?;
        }
        Sheets::Xls(_) | Sheets::Xlsb(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(name).map_err(|e| err(e.to_string()))?;
            stream_range(&range, &no_dates, &mut take);
        }
    }
    Ok(rows)
}

/// Hands each row of an `.xlsx` sheet with a cell to `row` as `(0-based row, cells from column
/// A)`, until it returns false.
fn stream_xlsx<RS: Read + io::Seek>(
    cells: &mut calamine::XlsxCellReader<'_, RS>,
    date: &dyn Fn(u32) -> Option<Epoch>,
    row: &mut dyn FnMut(u32, Vec<String>) -> bool,
) -> Result<(), String> {
    let mut current: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        let (r, c) = cell.get_position();
        if current.as_ref().is_some_and(|(at, _)| *at != r) {
            let (at, cells) = current.take().unwrap_or_default();
            if !row(at, cells) {
                return Ok(());
            }
        }
        let (_, cells) = current.get_or_insert_with(|| (r, Vec::new()));
        let c = c as usize;
        if cells.len() <= c {
            cells.resize(c + 1, String::new());
        }
        cells[c] = text(Cell::from(cell.get_value().clone()), date(c as u32));
    }
    if let Some((at, cells)) = current {
        row(at, cells);
    }
    Ok(())
}

/// Hands each row of a sheet's cell range to `row`, as [`stream_xlsx`] does.
fn stream_range(
    range: &calamine::Range<Cell>,
    date: &dyn Fn(u32) -> Option<Epoch>,
    row: &mut dyn FnMut(u32, Vec<String>) -> bool,
) {
    let Some((top, left)) = range.start() else { return };
    for (i, cells) in range.rows().enumerate() {
        let mut texts = vec![String::new(); left as usize];
        texts.extend(cells.iter().enumerate().map(|(c, cell)| text(cell.clone(), date(left + c as u32))));
        if !row(top + i as u32, texts) {
            return;
        }
    }
}

/// The date system of a workbook: whether its serial number 0 is 1904-01-01 (old Mac Excel)
/// rather than 1900-01-00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Epoch {
    is_1904: bool,
}

impl Epoch {
    fn of(book: &Book) -> Epoch {
        let is_1904 = match book {
            Sheets::Xlsx(x) => x.has_1904_epoch(),
            Sheets::Xls(x) => x.has_1904_epoch(),
            Sheets::Xlsb(x) => x.has_1904_epoch(),
            Sheets::Ods(_) => false,
        };
        Epoch { is_1904 }
    }
}

/// A cell as the text the cell readers read; `date` when a bare number there is a date serial
/// of that date system.
fn text(cell: Cell, date: Option<Epoch>) -> String {
    match (cell, date) {
        (Cell::Empty, _) => String::new(),
        (Cell::String(s) | Cell::DateTimeIso(s) | Cell::DurationIso(s), _) => s,
        (Cell::Int(i), Some(e)) => serial(i as f64, e.is_1904),
        (Cell::Float(f), Some(e)) => serial(f, e.is_1904),
        (Cell::Int(i), None) => i.to_string(),
        (Cell::Float(f), None) => float_text(f),
        (Cell::Bool(true), _) => "TRUE".into(),
        (Cell::Bool(false), _) => "FALSE".into(),
        (Cell::DateTime(d), _) if d.is_duration() => float_text(d.as_f64()),
        (Cell::DateTime(d), _) => ymd(&d),
        (Cell::Error(e), _) => e.to_string(),
    }
}

/// A number cell's binary fraction as the shortest decimal that reads back as it (`0.1`, not
/// `0.1000000000000000055511151231257827`): what the sheet shows, which the number readers then
/// take as the exact decimal it is.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An Excel date serial number as a date (in the 1900 or the 1904 date system).
fn serial(f: f64, is_1904: bool) -> String {
    ymd(&ExcelDateTime::new(f, ExcelDateTimeType::DateTime, is_1904))
}

/// `YYYY-MM-DD`, with ` HH:MM:SS` when not midnight.
fn ymd(d: &ExcelDateTime) -> String {
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// Column letters: 0 → `A`, 26 → `AA`.
pub fn letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Whether a row's key cell (its first column) marks a total row.
fn is_total(cell: &str) -> bool {
    let word: String = cell.chars().filter(|c| !c.is_whitespace() && *c != ':' && *c != '：').collect();
    matches!(word.as_str(), "合计" | "小计" | "总计" | "合計" | "小計" | "總計")
        || ["total", "subtotal", "grandtotal"].iter().any(|w| word.eq_ignore_ascii_case(w))
}

impl Data for Workbook {
    fn open(&self) -> io::Result<Box<dyn RecordSource>> {
        let t = &self.table;
        let columns = t.header.iter().enumerate().map(|(i, h)| (h.clone(), letters(t.first_col + i as u32)));
        let place = Arc::new(Place {
            sheet: t.sheet.clone(),
            header_row: t.header_row,
            columns: columns.collect(),
            rows: Mutex::new(Vec::new()),
            skipped: AtomicUsize::new(0),
        });
        let (tx, rx) = crossbeam_channel::bounded(4);
        let table = self.table.clone();
        std::thread::spawn(move || read_sheet(&table, &tx));
        let header = Some(t.header.clone());
        Ok(Box::new(SheetRows { rx, batch: Vec::new().into_iter(), header, place, line: 0 }))
    }
}

type Batch = Result<Vec<(u32, Vec<String>)>, String>;

/// The merged cells of the sheet `sheet` of the `.ods` file at `path`, which calamine does not
/// report: a `table:table-cell` spanning columns or rows. None when the file cannot be read (the
/// reading of the cells then says why).
fn ods_merges(path: &str, sheet: &str) -> Vec<Dimensions> {
    use quick_xml::events::{BytesStart, Event};
    let Ok(mut zip) = std::fs::File::open(path).map_err(|_| ()).and_then(|f| zip::ZipArchive::new(f).map_err(|_| ()))
    else {
        return Vec::new();
    };
    let Ok(content) = zip.by_name("content.xml") else { return Vec::new() };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let number = |e: &BytesStart<'_>, name: &str| -> u32 {
        let value = e.try_get_attribute(name).ok().flatten().and_then(|a| a.value.parse().ok());
        value.unwrap_or(1).max(1)
    };
    let (mut merges, mut buf) = (Vec::new(), Vec::new());
    // In the sheet: the row and the column of the next cell, and how many rows the current
    // `table:table-row` stands for.
    let mut at: Option<(u32, u32, u32)> = None;
    loop {
        let (e, empty) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e.into_owned(), false),
            Ok(Event::Empty(e)) => (e.into_owned(), true),
            Ok(Event::End(e)) => {
                match (e.name().into_inner(), &mut at) {
                    ("table:table", Some(_)) => break,
                    ("table:table-row", Some((row, _, repeated))) => *row = row.saturating_add(*repeated),
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {
                buf.clear();
                continue;
            }
        };
        buf.clear();
        match (e.name().into_inner(), &mut at) {
            ("table:table", None) if !empty => {
                let name = e.try_get_attribute("table:name").ok().flatten();
                let name =
                    name.and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|n| n == sheet));
                if name.unwrap_or(false) {
                    at = Some((0, 0, 1));
                }
            }
            ("table:table-row", Some((row, column, repeated))) => {
                let rows = number(&e, "table:number-rows-repeated");
                match empty {
                    true => *row = row.saturating_add(rows),
                    false => (*column, *repeated) = (0, rows),
                }
            }
            ("table:table-cell" | "table:covered-table-cell", Some((row, column, _))) => {
                let spanned = (number(&e, "table:number-columns-spanned"), number(&e, "table:number-rows-spanned"));
                if spanned != (1, 1) {
                    let end = (row.saturating_add(spanned.1 - 1), column.saturating_add(spanned.0 - 1));
                    merges.push(Dimensions { start: (*row, *column), end });
                }
                *column = column.saturating_add(number(&e, "table:number-columns-repeated"));
            }
            _ => {}
        }
    }
    merges
}

/// Reads the rows below the header of `table`, fills merges, and sends them on in batches.
fn read_sheet(table: &Table, tx: &crossbeam_channel::Sender<Batch>) {
    let mut book = match open_book(&table.path) {
        Ok(b) => b,
        Err(e) => {
            let _ = tx.send(Err(e.text(Lang::En, &table.path)));
            return;
        }
    };
    let first = table.first_col as usize;
    let width = table.header.len();
    let epoch = Epoch::of(&book);
    let date = |c: u32| {
        let dated = c >= table.first_col && table.dates.get((c - table.first_col) as usize) == Some(&true);
        dated.then_some(epoch)
    };
    // The merges not yet reached, the last first; and those over the current row, each with its
    // top-left cell's text once read: a row looks only at the merges over it.
    let mut ahead: Vec<Dimensions> = table.merges.clone();
    ahead.sort_by_key(|m| std::cmp::Reverse(m.start.0));
    let mut over: Vec<(Dimensions, Option<String>)> = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut row = |r: u32, mut cells: Vec<String>| {
        while ahead.last().is_some_and(|m| m.start.0 <= r) {
            over.extend(ahead.pop().map(|m| (m, None)));
        }
        over.retain(|(m, _)| m.end.0 >= r);
        for (m, top) in &mut over {
            let (c0, c1) = (m.start.1 as usize, m.end.1 as usize);
            if cells.len() <= c1 {
                cells.resize(c1 + 1, String::new());
            }
            if top.is_none() && r == m.start.0 {
                *top = Some(cells[c0].clone());
            }
            if let Some(v) = top {
                cells[c0..=c1].iter_mut().for_each(|c| *c = v.clone());
            }
        }
        if r <= table.header_row {
            return true;
        }
        cells.resize(cells.len().max(first + width), String::new());
        let cells: Vec<String> = cells.drain(first..first + width).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            batch.push((r, cells));
        }
        batch.len() < BATCH || tx.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))).is_ok()
    };
    let done = match &mut book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(&table.sheet) {
            Ok(mut cells) => stream_xlsx(&mut cells, &date, &mut row),
            Err(e) => Err(e.to_string()),
        },
        Sheets::Xls(_) | Sheets::Xlsb(_) | Sheets::Ods(_) => match book.worksheet_range(&table.sheet) {
            Ok(range) => {
                stream_range(&range, &date, &mut row);
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        },
    };
    let last = done.map(|()| batch);
    let _ = tx.send(last);
}

/// The records of a sheet as they arrive from the reading thread.
struct SheetRows {
    rx: crossbeam_channel::Receiver<Batch>,
    batch: std::vec::IntoIter<(u32, Vec<String>)>,
    /// The header, until read.
    header: Option<Vec<String>>,
    place: Arc<Place>,
    line: u64,
}

impl RecordSource for SheetRows {
    fn header(&mut self) -> io::Result<Option<Vec<String>>> {
        Ok(self.header.take())
    }

    fn next_record(&mut self, record: &mut ByteRecord) -> io::Result<bool> {
        record.clear();
        if let Some(header) = self.header.take() {
            header.iter().for_each(|h| record.push_field(h.as_bytes()));
            self.line = self.place.header_row as u64 + 1;
            return Ok(true);
        }
        loop {
            if let Some((r, cells)) = self.batch.next() {
                if is_total(&cells[0]) {
                    self.place.skipped.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                self.place.rows.lock().unwrap_or_else(|e| e.into_inner()).push(r);
                cells.iter().for_each(|c| record.push_field(c.as_bytes()));
                self.line = r as u64 + 1;
                return Ok(true);
            }
            match self.rx.recv() {
                Ok(Ok(batch)) => self.batch = batch.into_iter(),
                Ok(Err(reason)) => return Err(io::Error::other(reason)),
                Err(_) => return Ok(false),
            }
        }
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn into_csv_text(self: Box<Self>) -> Result<crate::source::CsvText, Box<dyn RecordSource>> {
        Err(self)
    }

    fn place(&self) -> Option<Arc<Place>> {
        Some(self.place.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_the_text_csv_would_hold() {
        let (y1900, y1904) = (Some(Epoch { is_1904: false }), Some(Epoch { is_1904: true }));
        assert_eq!(text(Cell::Float(120.0), None), "120");
        assert_eq!(text(Cell::Float(0.1), None), "0.1");
        assert_eq!(text(Cell::Float(1.0 / 3.0), None), "0.3333333333333333");
        assert_eq!(text(Cell::Bool(true), None), "TRUE");
        assert_eq!(text(Cell::Float(45184.0), y1900), "2023-09-15");
        assert_eq!(text(Cell::Int(61), y1900), "1900-03-01");
        assert_eq!(text(Cell::Float(45184.5), y1900), "2023-09-15 12:00:00");
        // The same day is 1462 days fewer in the 1904 system.
        assert_eq!(text(Cell::Float(43722.0), y1904), "2023-09-15");
        assert_eq!(text(Cell::Int(43722), y1904), "2023-09-15");
        assert_eq!(text(Cell::Error(calamine::CellErrorType::NA), None), "#N/A");
    }

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!([0, 5, 25, 26, 27, 701, 702].map(letters), ["A", "F", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    /// A number cell reads as the exact decimal the sheet shows: `0.1` is one tenth, not the
    /// binary fraction Excel holds for it.
    #[test]
    fn number_cells_read_as_the_decimal_shown() {
        let read = |f: f64| crate::cell::parse_number(&text(Cell::Float(f), None));
        let dec = |s: &str| Ok(Some(s.parse().unwrap()));
        assert_eq!(read(0.1), dec("0.1"));
        assert_eq!(read(1234567.89), dec("1234567.89"));
        assert_eq!(read(-5000.0), dec("-5000"));
        assert_eq!(read(0.1 + 0.2), dec("0.30000000000000004"));
        assert_eq!(read(1e300), Err(crate::cell::CellError::NumberTooLarge));
    }

    proptest::proptest! {
        /// The decimal read from a number cell is the float's own shortest form: converted back
        /// it is the same float.
        #[test]
        fn number_cells_round_trip(f in -1e15f64..1e15) {
            let n = crate::cell::parse_number(&text(Cell::Float(f), None)).unwrap().unwrap();
            proptest::prop_assert_eq!(crate::value::format_number(n).parse::<f64>().unwrap(), f);
        }
    }

    #[test]
    fn total_rows_are_known_by_their_key_cell() {
        assert!(is_total("合计") && is_total(" 合 计 ") && is_total("小计：") && is_total("TOTAL"));
        assert!(!is_total("合计公司") && !is_total(""));
    }
}
