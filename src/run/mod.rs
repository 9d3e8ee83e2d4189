//! Grading a data file: bind the header, read records in chunks, grade them in parallel, and
//! write every row once, in input order, with its results.

pub(crate) mod blocks;
mod gbk;
mod pass;
mod pipeline;
mod write;

pub(crate) use blocks::Records;
pub(crate) use pipeline::{frame_bools, framed, load_group, pipeline};
pub(crate) use write::{Outcome, Stage};

pub use pass::{find_record, population_arg, population_args, population_pass, Which};

use crate::diag::data::{At, DataKind, DataProblem, HeaderProblem};
use crate::eval::{Ctx, Frame};
use crate::ir::{Depends, FieldId, Fields, Program};
use crate::source::{as_csv_text, header_names, CsvText, Data};
use crate::value::{bool_code, bool_code_of, read, Value, BOOL_VALUES, EMPTY, UNREAD};
use csv::ByteRecord;
use jiff::civil::Date;
use std::io::{self, Write};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Csv,
    Jsonl,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: Date,
    pub explain: bool,
    pub format: OutFormat,
    /// Copy only these input columns.
    pub keep: Option<Vec<String>>,
    pub threads: usize,
    /// Advanced by bytes read.
    pub progress: Option<indicatif::ProgressBar>,
    /// The language of the `error` column and of `Stats::errors`.
    pub lang: crate::diag::Lang,
}

/// What a run saw.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub rows: usize,
    pub error_rows: usize,
    /// Total rows (合计, 小计…) of a workbook, not graded and not in `rows`.
    pub skipped: usize,
    /// Rows with more cells than the header (data errors too): their extra cells follow the
    /// last column of the output, unless `--keep` chose the columns.
    pub long_rows: usize,
    /// The first data errors in full, in the run's language.
    pub errors: Vec<String>,
    /// `counts[ladder][level]`, with two extra slots at the end: "no level", then "not graded"
    /// (the ladder reads a cell of the row that could not be read). Each ladder's counts add up
    /// to `rows`.
    pub counts: Vec<Vec<usize>>,
}

impl Stats {
    /// Empty counts for the ladders of `program`.
    pub fn new(program: &Program) -> Self {
        Stats { counts: program.ladders.iter().map(|l| vec![0; l.rules.len() + 2]).collect(), ..Stats::default() }
    }
}

/// What was wrong with the cells of one record.
#[derive(Debug, Clone, Default)]
pub struct RowErrors {
    /// Every problem, in column order.
    pub problems: Vec<DataProblem>,
    /// The fields whose cells could not be read; they are missing in the frame.
    pub fields: Fields,
    /// The record has more or fewer cells than the header: no cell can be trusted.
    pub width: bool,
}

impl RowErrors {
    /// Whether the record was read cleanly.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether a result that depends on `fields` must be left empty for this record.
    pub fn spoil(&self, fields: &Fields) -> bool {
        self.width || fields.meets(&self.fields)
    }
}

/// How many data errors are kept in full.
pub const SHOWN_ERRORS: usize = 20;

/// A problem that stops the run before any row is written.
#[derive(Debug)]
pub enum RunError {
    /// The data does not fit the rules (missing column, duplicate header…).
    Setup(Vec<HeaderProblem>),
    Io(io::Error),
    /// A record with no end for [`blocks::MAX_RECORD`] bytes.
    RecordTooLong,
}

impl RunError {
    /// The words in `lang`: one line per problem.
    pub fn text(&self, lang: crate::diag::Lang) -> String {
        match self {
            RunError::Setup(problems) => problems.iter().map(|p| p.text(lang)).collect::<Vec<_>>().join("\n"),
            RunError::Io(e) => e.to_string(),
            RunError::RecordTooLong => crate::t!(lang, "run.record-too-long", mib = blocks::MAX_RECORD >> 20),
        }
    }
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> Self {
        match e.get_ref().is_some_and(|inner| inner.is::<blocks::RecordTooLong>()) {
            true => RunError::RecordTooLong,
            false => RunError::Io(e),
        }
    }
}

impl From<csv::Error> for RunError {
    fn from(e: csv::Error) -> Self {
        RunError::Io(io::Error::other(e.to_string()))
    }
}

/// Where each field is read from and which columns are written.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `columns[field]`: the index of its header.
    pub columns: Vec<usize>,
    /// Input columns copied to the output.
    pub keep: Vec<usize>,
    /// The JSON key of the cells a record has beyond the header, which follow the last column:
    /// `extra_cells`, or `extra_cells_2`… when the output has a column of that name. `None` with
    /// `--keep`, which copies only the columns it names.
    pub extra: Option<String>,
    pub width: usize,
    pub headers: Vec<String>,
    /// `file:line` of every rule, by ladder.
    rule_lines: Vec<Vec<String>>,
    /// `(column, field, required)` of each yes/no field: most fields of an export, read in a loop
    /// of their own.
    bools: Vec<(usize, usize, bool)>,
    /// `(column, field, reader)` of every other field, grouped by the kind of reader: a run of
    /// cells of one kind keeps the processor's branch prediction right.
    readers: Vec<(usize, usize, crate::value::CellReader)>,
    move_lines: Vec<Vec<String>>,
    /// With `--explain`: what the `_why` cells say of each part of the conditions, worked out once.
    explain: Option<crate::explain::WhyFacts>,
    /// The results as text in the output format, when there are no `_why` cells.
    fragments: Option<write::Fragments>,
    /// The fields each result depends on: a record with an unreadable cell leaves empty only
    /// the results that depend on it.
    pub depends: Depends,
    /// Where records sit in a workbook's sheet; `None` for CSV (row = record + 2).
    pub place: Option<std::sync::Arc<crate::workbook::Place>>,
}

impl Layout {
    /// How many cells of each record are read: up to the last column a field is read from or
    /// the output keeps; every one (`usize::MAX`) when that is the header's last, or when the
    /// output keeps every column (and any beyond them).
    pub(crate) fn cells_read(&self) -> usize {
        let read = self.columns.iter().chain(&self.keep).max().map_or(0, |&c| c + 1);
        match self.extra.is_some() || read >= self.width {
            true => usize::MAX,
            false => read,
        }
    }

    /// Whether `load` reads field `f` as a yes/no cell.
    pub(crate) fn reads_bool(&self, f: FieldId) -> bool {
        self.bools.iter().any(|&(_, i, _)| i == f)
    }

    /// Stops `load` reading the fields `skip` says (another frame read them already).
    pub(crate) fn skip_fields(&mut self, skip: impl Fn(usize) -> bool) {
        self.bools.retain(|&(_, field, _)| !skip(field));
        self.readers.retain(|&(_, field, _)| !skip(field));
    }
}

/// The cells of one record, however it was read.
pub trait Cells<'a>: Copy {
    /// How many cells the record has.
    fn width(self) -> usize;
    fn get(self, i: usize) -> Option<&'a [u8]>;
    /// Text known to be UTF-8 that holds the cells, if there is any.
    fn text(self) -> Option<&'a str>;
    /// Cell `i` as text, when it is known to be UTF-8 without checking it again.
    fn str(self, _i: usize) -> Option<&'a str> {
        None
    }
    /// Every cell as one line of CSV, exactly as writing them one by one with commas between
    /// would give, when the record holds such a line already (no cell needs quoting).
    fn line(self) -> Option<&'a [u8]> {
        None
    }
    /// Cell `i` as [`crate::value::bool_key`] gives it.
    fn bool_key(self, i: usize) -> Option<u32> {
        self.get(i).map(crate::value::bool_key)
    }
}

impl<'a> Cells<'a> for &'a ByteRecord {
    fn width(self) -> usize {
        ByteRecord::len(self)
    }

    fn get(self, i: usize) -> Option<&'a [u8]> {
        ByteRecord::get(self, i)
    }

    fn text(self) -> Option<&'a str> {
        None
    }
}

/// The header most likely meant for the missing `column`: one that contains it (`购买金额(元)` for
/// `购买金额`) or is a likely typo of it, and that no other field reads.
fn closest_header<'h>(column: &str, header: &'h [String], program: &Program) -> Option<&'h str> {
    let free =
        || header.iter().map(|h| crate::cell::trim(h)).filter(|h| !program.fields.iter().any(|f| f.column == *h));
    let containing = free().filter(|h| h.contains(column)).min_by_key(|h| h.chars().count());
    containing.or_else(|| crate::diag::closest(column, free()))
}

/// Binds the header to the declared fields and lays out the output columns.
pub fn layout(program: &Program, header: &[String], opts: &Options) -> Result<Layout, Vec<HeaderProblem>> {
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(j) = header[..i].iter().position(|o| o == h) {
            problems.push(HeaderProblem::Twice { header: h.clone(), first: j + 1, second: i + 1 });
        }
    }
    let mut columns = Vec::new();
    for f in &program.fields {
        match header.iter().position(|h| crate::cell::trim(h) == f.column) {
            Some(i) => columns.push(i),
            None => problems.push(HeaderProblem::NoColumn {
                column: f.column.clone(),
                field: f.name.clone(),
                declared_at: program.file_line(&f.loc),
                closest: closest_header(&f.column, header, program).map(String::from),
                headers: header.to_vec(),
            }),
        }
    }
    let keep: Vec<usize> = match &opts.keep {
        None => (0..header.len()).collect(),
        Some(names) => names
            .iter()
            .filter_map(|n| {
                // Trimmed as the fields' columns are: a header pasted with a zero-width space is kept too.
                let i = header.iter().position(|h| crate::cell::trim(h) == crate::cell::trim(n));
                if i.is_none() {
                    let closest = crate::diag::closest(n, header.iter().map(String::as_str)).map(String::from);
                    problems.push(HeaderProblem::KeepUnknown { column: n.clone(), closest });
                }
                i
            })
            .collect(),
    };
    let mut headers: Vec<String> = keep.iter().map(|&i| header[i].clone()).collect();
    for name in result_headers(program, opts.explain) {
        if headers.contains(&name) {
            problems.push(HeaderProblem::ResultTaken { column: name.clone() });
        }
        headers.push(name);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let extra = opts.keep.is_none().then(|| {
        let key = |n: usize| if n == 1 { "extra_cells".to_string() } else { format!("extra_cells_{n}") };
        (1..).map(key).find(|k| !headers.contains(k)).unwrap_or_default()
    });
    let rule_lines: Vec<Vec<String>> =
        program.ladders.iter().map(|l| l.rules.iter().map(|r| program.file_line(&r.loc)).collect()).collect();
    let move_lines: Vec<Vec<String>> =
        program.transitions.iter().map(|t| t.moves.iter().map(|m| program.file_line(&m.loc)).collect()).collect();
    let (bools, mut readers): (Vec<_>, Vec<_>) = columns
        .iter()
        .enumerate()
        .map(|(field, &column)| (column, field, crate::value::CellReader::new(program, &program.fields[field])))
        .partition(|(_, _, reader)| reader.is_bool());
    let bools = bools.into_iter().map(|(column, field, reader)| (column, field, reader.required())).collect();
    readers.sort_by_key(|(column, _, reader)| (reader.kind_order(), *column));
    let kept: Vec<&str> = keep.iter().map(|&i| header[i].as_str()).collect();
    let fragments =
        (!opts.explain).then(|| write::Fragments::new(program, opts.format, &kept, &rule_lines, &move_lines));
    Ok(Layout {
        columns,
        keep,
        extra,
        width: header.len(),
        headers,
        rule_lines,
        bools,
        readers,
        move_lines,
        explain: opts.explain.then(|| crate::explain::WhyFacts::new(program)),
        fragments,
        depends: Depends::of(program),
        place: None,
    })
}

/// The names of the result columns, in order.
pub fn result_headers(program: &Program, explain: bool) -> Vec<String> {
    program.result_columns(explain).into_iter().map(|c| c.name).collect()
}

/// Reads a record's fields into `frame`; what was wrong with its cells. A field whose cell is
/// unreadable is missing, and the results that depend on it must be left empty
/// ([`RowErrors::spoil`]).
pub fn load<'a>(
    program: &Program,
    layout: &Layout,
    record: impl Cells<'a>,
    row: usize,
    frame: &mut Frame<'a>,
) -> RowErrors {
    load_with(program, layout, record, row, frame, true, |_, _| {})
}

/// How many yes/no cells [`bool_codes`] looks up at a time.
const BOOL_CHUNK: usize = 64;

/// The [`bool_code`] of each of `bools`' cells in `record` into `codes` (those the record lacks
/// are left as they are). A loop of its own, with nothing else to keep in registers: inside the
/// loop that sets the group's masks it took 70 instructions a cell, here 43.
#[inline(never)]
fn bool_codes<'a>(record: impl Cells<'a>, bools: &[(usize, usize, bool)], codes: &mut [u8; BOOL_CHUNK]) {
    for (&(column, _, required), code) in bools.iter().zip(codes) {
        if let Some(key) = record.bool_key(column) {
            *code = bool_code(key, required);
        }
    }
}

/// [`load`], telling `read_bool` each yes/no field's value as it is read, as a
/// [`crate::value::bool_code`] (a grading group keeps them as bits: see [`crate::eval::Plan`]);
/// with `framed`, also into the frame (a grading group puts there only those read from it).
#[inline(always)]
pub(super) fn load_with<'a>(
    program: &Program,
    layout: &Layout,
    record: impl Cells<'a>,
    row: usize,
    frame: &mut Frame<'a>,
    framed: bool,
    mut read_bool: impl FnMut(usize, u8),
) -> RowErrors {
    // A record with every column sets every field below; a shorter one starts from missing.
    if record.width() < layout.width {
        frame.reset();
    } else {
        frame.clear_cache();
    }
    let mut errors = RowErrors::default();
    if record.width() != layout.width {
        let at = At::Cell { row: row + 2, column: String::new() };
        let kind = DataKind::Width { cells: record.width(), header: layout.width };
        errors.problems.push(DataProblem { at, field: String::new(), value: String::new(), kind });
        errors.width = true;
    }
    let text = record.text();
    // `(column, field, message)`: reported in column order, not in the order the readers run.
    let mut unreadable = Vec::new();
    let mut slow = |column: usize, i: usize, bytes: &'a [u8], frame: &mut Frame<'a>| match cell(
        program,
        &program.fields[i],
        bytes,
        row,
    ) {
        Ok(v) => frame.fields[i] = v,
        Err(e) => {
            frame.fields[i] = Value::Missing;
            unreadable.push((column, i, *e));
        }
    };
    // A short record's missing cells were dealt with above.
    let declared = !program.missing.is_empty();
    // Every yes/no cell is looked at without a branch on what it says; those in no usual
    // spelling, and the rule file's own missing markers, are read the long way after.
    let marker = |column: usize| {
        declared && record.get(column).is_some_and(|b| crate::value::declared_missing(b, &program.missing))
    };
    let code = |column: usize, required: bool| {
        let key = record.bool_key(column)?;
        Some(if marker(column) { UNREAD } else { bool_code(key, required) })
    };
    let mut unread = false;
    for bools in layout.bools.chunks(BOOL_CHUNK) {
        let mut codes = [EMPTY; BOOL_CHUNK];
        bool_codes(record, bools, &mut codes);
        for (&(column, i, _), &code) in bools.iter().zip(&codes) {
            let code = if marker(column) { UNREAD } else { code };
            if framed {
                frame.fields[i] = BOOL_VALUES[usize::from(code)];
            }
            read_bool(i, code);
            unread |= code & UNREAD != 0;
        }
    }
    if unread {
        for &(column, i, required) in &layout.bools {
            if code(column, required) == Some(UNREAD) {
                let Some(bytes) = record.get(column) else { continue };
                slow(column, i, bytes, frame);
                read_bool(i, bool_code_of(frame.fields[i]));
            }
        }
    }
    for &(column, i, ref reader) in &layout.readers {
        let Some(bytes) = record.get(column) else { continue };
        match reader.fast(bytes, text) {
            Some(v) => frame.fields[i] = v,
            None => slow(column, i, bytes, frame),
        }
    }
    unreadable.sort_by_key(|(column, _, _)| *column);
    for (_, i, e) in unreadable {
        errors.fields.insert(i);
        errors.problems.push(e);
    }
    // A short row lacks the cells of some fields: they stay missing, which a required field may not be.
    if record.width() < layout.width {
        let short = program.fields.iter().zip(&layout.columns).enumerate();
        for (i, (field, _)) in short.filter(|(_, (f, &c))| f.required && c >= record.width()) {
            errors.fields.insert(i);
            errors.problems.push(DataProblem::cell(row + 2, field, "", DataKind::Required));
        }
    }
    if let Some(place) = &layout.place {
        errors.problems.iter_mut().for_each(|e| place.locate(e, row));
    }
    errors
}

/// Reads the cell of `field` in record `row` (0-based; problems count rows as a spreadsheet
/// does); what is wrong when it cannot be read, built only then.
pub fn cell<'a>(
    program: &Program,
    field: &crate::ir::Field,
    raw: &'a [u8],
    row: usize,
) -> Result<Value<'a>, Box<DataProblem>> {
    let problem = |text: &str, kind| Box::new(DataProblem::cell(row + 2, field, text, kind));
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(problem("", DataKind::Encoding));
    };
    match read(program, field, text) {
        Ok(Value::Missing) if field.required => Err(problem(text, DataKind::Required)),
        Ok(v) => Ok(v),
        Err(e) => Err(problem(text, DataKind::NotA(e))),
    }
}

/// `problems` without the column hints whose column holds a value the field could not read in
/// the first records (`bytes`): a column of names is never offered for a money field.
fn readable_hints(
    program: &Program,
    header: &[String],
    bytes: &[u8],
    delimiter: u8,
    mut problems: Vec<HeaderProblem>,
) -> Vec<HeaderProblem> {
    const SAMPLE: usize = 200;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(bytes);
    let rows: Vec<ByteRecord> = rdr.byte_records().take(SAMPLE).filter_map(Result::ok).collect();
    for p in &mut problems {
        let HeaderProblem::NoColumn { field, closest, .. } = p else { continue };
        let (Some(f), Some(c)) = (program.fields.iter().find(|f| f.name == *field), closest.as_deref()) else {
            continue;
        };
        let Some(i) = header.iter().position(|h| crate::cell::trim(h) == c) else { continue };
        let reads = |r: &ByteRecord| {
            r.get(i).is_none_or(|raw| std::str::from_utf8(raw).is_ok_and(|t| read(program, f, t).is_ok()))
        };
        if !rows.iter().all(reads) {
            *closest = None;
        }
    }
    problems
}

/// Data opened for the pipeline: its header, the first block of records after it, and the
/// blocks still to come.
pub(crate) struct Opened {
    pub header: Vec<String>,
    pub first: blocks::Block,
    pub blocks: blocks::Blocks<Box<dyn io::Read + Send>>,
    pub place: Option<std::sync::Arc<crate::workbook::Place>>,
}

impl Opened {
    /// Opens `data` and reads its header.
    pub fn new(data: &dyn Data) -> Result<Opened, RunError> {
        let source = data.open()?;
        let place = source.place();
        let CsvText { text, delimiter, encoding } = as_csv_text(source);
        let mut blocks = blocks::Blocks::new(text, delimiter, encoding);
        let first = blocks.next_block()?.unwrap_or(blocks::Block { bytes: vec![], records: 0, encoding: None });
        let mut first = first.decoded();
        let Some((record, body)) = header_record(&first.bytes, delimiter)? else {
            return Err(RunError::Setup(vec![HeaderProblem::Empty]));
        };
        let header = header_names(&record);
        first.bytes.drain(..body);
        first.records = first.records.saturating_sub(1);
        Ok(Opened { header, first, blocks, place })
    }

    /// The layout of `program` over this header; the problems, with hints checked against the
    /// first records, when it does not fit.
    pub fn layout(&self, program: &Program, opts: &Options) -> Result<Layout, RunError> {
        let delimiter = self.blocks.delimiter;
        let mut layout = layout(program, &self.header, opts).map_err(|problems| {
            RunError::Setup(readable_hints(program, &self.header, &self.first.bytes, delimiter, problems))
        })?;
        layout.place = self.place.clone();
        Ok(layout)
    }
}

/// Runs `program` over the records of `data` and writes the results; returns what it saw.
pub fn run(program: &Program, data: &dyn Data, out: &mut dyn Write, opts: &Options) -> Result<Stats, RunError> {
    let opened = Opened::new(data)?;
    let layout = opened.layout(program, opts)?;
    let pops = population_pass(program, &layout, data, opts.today)?;
    let ctx = Ctx { program, today: opts.today, pops: &pops };
    write_all(&ctx, opened, &layout, out, opts)
}

/// The first record of `bytes` and where the records after it start. A plain first line — no
/// quote, no `\r` but one before its `\n` — is cut here; any other is read by the csv crate, whose
/// reader builds its tables first (a twentieth of a small file's run).
fn header_record(bytes: &[u8], delimiter: u8) -> csv::Result<Option<(ByteRecord, usize)>> {
    if let Some(end) = memchr::memchr(b'\n', bytes) {
        let line = &bytes[..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() && memchr::memchr2(b'"', b'\r', line).is_none() {
            return Ok(Some((line.split(|&b| b == delimiter).collect(), end + 1)));
        }
    }
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(bytes);
    let mut record = ByteRecord::new();
    Ok(rdr.read_byte_record(&mut record)?.then(|| (record, rdr.position().byte() as usize)))
}

/// The layout of `program` over the header of `data`, as [`run`] finds it (problems with their
/// hints, a workbook's places).
pub fn data_layout(program: &Program, data: &dyn Data, opts: &Options) -> Result<Layout, RunError> {
    Opened::new(data)?.layout(program, opts)
}

/// [`run`] with the population values of `ctx`, already ranked over the same records (the
/// workbench keeps them for its explanations, and ranks once).
pub fn run_with(ctx: &Ctx<'_>, data: &dyn Data, out: &mut dyn Write, opts: &Options) -> Result<Stats, RunError> {
    let opened = Opened::new(data)?;
    let layout = opened.layout(ctx.program, opts)?;
    write_all(ctx, opened, &layout, out, opts)
}

fn write_all(
    ctx: &Ctx<'_>,
    opened: Opened,
    layout: &Layout,
    out: &mut dyn Write,
    opts: &Options,
) -> Result<Stats, RunError> {
    let program = ctx.program;
    let mut stats = Stats::new(program);
    match opts.format {
        OutFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            w.write_record(&layout.headers)?;
            out.write_all(&w.into_inner().map_err(|e| io::Error::other(e.to_string()))?)?;
        }
        OutFormat::Jsonl => {}
    }
    pipeline::grade_all(ctx, layout, opened.first, opened.blocks, out, opts, &mut stats)?;
    stats.skipped = layout.place.as_ref().map_or(0, |p| p.skipped());
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_header_is_read_as_the_csv_crate_reads_it(
            cells in proptest::collection::vec(proptest::sample::select(vec!["a", "客户", ",", ";", "\"", "\r", "\n", " ", ""]), 0..12),
            d in proptest::sample::select(vec![b',', b';']),
        ) {
            let bytes = cells.concat().into_bytes();
            let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(d).from_reader(&bytes[..]);
            let mut record = ByteRecord::new();
            let by_csv = rdr.read_byte_record(&mut record).unwrap().then_some(record);
            let found = header_record(&bytes, d).unwrap();
            proptest::prop_assert_eq!(found.as_ref().map(|(r, _)| r), by_csv.as_ref());
            // The records after it read as after the csv crate's header (it may leave the `\n`
            // of a `\r\n`, an empty line, behind).
            let rest = |at: usize| {
                let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(d).from_reader(&bytes[at..]);
                rdr.byte_records().map(|r| r.unwrap()).collect::<Vec<_>>()
            };
            if let Some((_, body)) = found {
                proptest::prop_assert_eq!(rest(body), rest(rdr.position().byte() as usize));
            }
        }
    }

    #[test]
    fn a_missing_column_is_matched_to_the_header_that_contains_its_name() {
        let rules = "fields {\n  购买金额: money\n  购买频率: number\n  客户: text\n}\n";
        let program = crate::check::check_text("t.ladder", rules).program;
        let header: Vec<String> = ["客户", "购买金额(元)", "购买频次"].map(String::from).to_vec();
        assert_eq!(closest_header("购买金额", &header, &program), Some("购买金额(元)"));
        assert_eq!(closest_header("购买频率", &header, &program), Some("购买频次"));
        // A header another field reads is never offered.
        assert_eq!(closest_header("客", &header, &program), None);
    }

    /// A CSV run's options on `threads` workers, in English.
    fn options(threads: usize) -> Options {
        Options {
            today: Date::constant(2026, 11, 23),
            explain: false,
            format: OutFormat::Csv,
            keep: None,
            threads,
            progress: None,
            lang: crate::diag::Lang::En,
        }
    }

    /// Yes/no cells through the whole run: a cell that spells one of the rule file's own missing
    /// markers is missing even where the marker spells yes (`是`); an empty cell of a required
    /// field and a cell in no spelling are errors of their row; the usual spellings are read.
    #[test]
    fn yes_no_cells_are_read_with_the_rule_files_markers() {
        let rules = "missing \"未知\", \"是\"\nfields {\n  a: bool\n  b: bool required\n}\n\
                     grades g {\n  Y \"y\" if a and b\n  N \"n\" if not a\n  U \"u\" otherwise\n}\n";
        let program = crate::check::check_text("t.ladder", rules).program;
        let rows = [
            ["a", "b"],
            ["√", "Y"],
            ["是", "1"],
            ["未知", "√"],
            ["×", "否"],
            ["x", "√"],
            ["√", ""],
            ["", "是"],
            ["TRUE", " yes"],
            ["false", "√"],
        ];
        let data = crate::source::Rows::new(rows.iter().map(|r| r.map(String::from).to_vec()).collect());
        let opts = options(1);
        let mut out = Vec::new();
        let stats = run(&program, &data, &mut out, &opts).unwrap();
        let out = String::from_utf8(out).unwrap();
        let levels: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').nth(2).unwrap()).collect();
        // 是 and 未知 are missing: no level but `otherwise`'s; `x` is unreadable, as is an empty
        // required `b` and a `b` of 是; spellings only the long way reads (`TRUE`, ` yes`) are read.
        assert_eq!(levels, ["Y", "U", "U", "N", "", "", "", "Y", "N"], "{out}");
        assert_eq!(stats.error_rows, 3, "{out}");
    }

    /// A run keeps yes/no values as bits and puts in the frames only those something reads
    /// record by record: here `a` and `b`, through `g is Y` and `b is missing`, but not `c`. Every
    /// level is the one the record gets graded alone, on rows whose cells change from row to row
    /// within a group of 64, and on rows with an unreadable cell, which are graded alone (`k`
    /// reads `c` and `a` there).
    #[test]
    fn yes_no_values_read_record_by_record_are_the_records_own() {
        let rules = "fields {\n  id: text key\n  m: money\n  a: bool\n  b: bool\n  c: bool\n}\n\
                     grades g {\n  Y \"y\" if a and b and m > 10\n  N \"n\" if not a\n}\n\
                     grades h {\n  V \"v\" if g is Y and c\n  M \"m\" if b is missing\n  W \"w\" otherwise\n}\n\
                     grades k {\n  K \"k\" if c and not a\n  L \"l\" otherwise\n}\n";
        let program = crate::check::check_text("t.ladder", rules).program;
        assert!(program.ladders.len() == 3, "{rules}");
        let spell = ["是", "否", "", "√", "×"];
        let mut rows = vec![["id", "m", "a", "b", "c"].map(String::from).to_vec()];
        for n in 0..300usize {
            let m = if n % 37 == 5 { "abc".to_string() } else { (n % 23).to_string() };
            let cells = [n % 5, n / 5 % 5, n * 7 % 5].map(|i| spell[i].to_string());
            rows.push([vec![format!("R{n}"), m], cells.to_vec()].concat());
        }
        let data = crate::source::Rows::new(rows);
        let opts = options(2);
        let mut out = Vec::new();
        let stats = run(&program, &data, &mut out, &opts).unwrap();
        assert_eq!(stats.error_rows, 8);
        let layout = data_layout(&program, &data, &opts).unwrap();
        let pops = crate::eval::Pops::default();
        let ctx = Ctx { program: &program, today: opts.today, pops: &pops };
        let mut written = csv::Reader::from_reader(&out[..]);
        let header = written.headers().unwrap().clone();
        let mut source = data.open().unwrap();
        source.header().unwrap();
        let mut record = ByteRecord::new();
        for (row, line) in written.records().enumerate() {
            let line = line.unwrap();
            assert!(source.next_record(&mut record).unwrap());
            let mut frame = Frame::new(&program);
            let errors = load(&program, &layout, &record, row, &mut frame);
            for (l, ladder) in program.ladders.iter().enumerate() {
                let level = match errors.spoil(&layout.depends.ladders[l]) {
                    true => "",
                    false => ctx.grade(l, &mut frame).map_or("", |i| ladder.rules[i].level.as_str()),
                };
                let column = header.iter().position(|h| h == ladder.name).unwrap();
                assert_eq!(&line[column], level, "ladder {} at row {}: {line:?}", ladder.name, row + 2);
            }
        }
    }
}
