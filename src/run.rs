//! Grading a data file: bind the header, read records in chunks, grade them in parallel, and
//! write every row once, in input order, with its results.

use crate::eval::{rank_populations, Ctx, Frame, Pops};
use crate::explain::{move_why_line, why_line};
use crate::ir::Program;
use crate::value::{format_number, read, Value};
use crossbeam_channel::{bounded, Receiver, Sender};
use csv::ByteRecord;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::{self, Read, Write};

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
}

/// What a run saw.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub rows: usize,
    pub error_rows: usize,
    /// The first data errors in full.
    pub errors: Vec<String>,
    /// `counts[ladder][level]`, with one extra slot at the end for "no level".
    pub counts: Vec<Vec<usize>>,
}

/// How many data errors are kept in full.
pub const SHOWN_ERRORS: usize = 20;
const CHUNK: usize = 2048;

/// A problem that stops the run before any row is written.
#[derive(Debug)]
pub enum RunError {
    /// The data does not fit the rules (missing column, duplicate header…).
    Setup(String),
    Io(io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Setup(s) => write!(f, "{s}"),
            RunError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> Self {
        RunError::Io(e)
    }
}

impl From<csv::Error> for RunError {
    fn from(e: csv::Error) -> Self {
        RunError::Io(io::Error::other(e.to_string()))
    }
}

/// Opens the input; called twice when population functions need a first pass.
pub type Open<'o> = &'o (dyn Fn() -> io::Result<Box<dyn Read + Send>> + Sync);

/// Where each field is read from and which columns are written.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `columns[field]`: the index of its header.
    pub columns: Vec<usize>,
    /// Input columns copied to the output.
    pub keep: Vec<usize>,
    pub width: usize,
    pub headers: Vec<String>,
    /// `file:line` of every rule, by ladder.
    rule_lines: Vec<Vec<String>>,
    readers: Vec<crate::value::CellReader>,
    /// `slots[column]`: the field read from that column, if any.
    slots: Vec<Option<usize>>,
    move_lines: Vec<Vec<String>>,
    explain: bool,
}

/// A CSV reader over decoded input: no header handling, rows may differ in length.
pub fn reader(input: Box<dyn Read + Send>) -> csv::Reader<Box<dyn Read + Send>> {
    csv::ReaderBuilder::new().flexible(true).has_headers(false).buffer_capacity(1 << 16).from_reader(input)
}

/// Binds the header to the declared fields and lays out the output columns.
pub fn layout(program: &Program, header: &[String], opts: &Options) -> Result<Layout, String> {
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(j) = header[..i].iter().position(|o| o == h) {
            problems.push(format!(
                "The header \"{h}\" appears twice (columns {} and {}); each column needs its own name.",
                j + 1,
                i + 1
            ));
        }
    }
    let mut columns = Vec::new();
    for f in &program.fields {
        match header.iter().position(|h| h.trim() == f.column) {
            Some(i) => columns.push(i),
            None => {
                let hint = crate::diag::closest(&f.column, header.iter().map(String::as_str))
                    .map(|c| {
                        format!(
                            " The closest header is \"{c}\"; if that is the column, write `{}: … column \"{c}\"`.",
                            f.name
                        )
                    })
                    .unwrap_or_else(|| format!(" The headers are: {}.", header.join(", ")));
                problems.push(format!(
                    "The data has no column \"{}\" for the field {} ({}).{hint}",
                    f.column,
                    f.name,
                    program.file_line(&f.loc)
                ));
            }
        }
    }
    let keep: Vec<usize> = match &opts.keep {
        None => (0..header.len()).collect(),
        Some(names) => names
            .iter()
            .filter_map(|n| {
                let i = header.iter().position(|h| h == n);
                if i.is_none() {
                    problems.push(format!("--keep names the column \"{n}\", which the data does not have."));
                }
                i
            })
            .collect(),
    };
    let mut headers: Vec<String> = keep.iter().map(|&i| header[i].clone()).collect();
    for name in result_headers(program, opts.explain) {
        if headers.contains(&name) {
            problems.push(format!(
                "The data already has a column \"{name}\", which the results are written to; drop it with --keep or rename it."
            ));
        }
        headers.push(name);
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let rule_lines =
        program.ladders.iter().map(|l| l.rules.iter().map(|r| program.file_line(&r.loc)).collect()).collect();
    let move_lines =
        program.transitions.iter().map(|t| t.moves.iter().map(|m| program.file_line(&m.loc)).collect()).collect();
    let readers = program.fields.iter().map(|f| crate::value::CellReader::new(program, f)).collect();
    let mut slots = vec![None; header.len()];
    for (field, &column) in columns.iter().enumerate() {
        slots[column] = Some(field);
    }
    Ok(Layout {
        columns,
        keep,
        width: header.len(),
        headers,
        rule_lines,
        readers,
        slots,
        move_lines,
        explain: opts.explain,
    })
}

/// The names of the result columns, in order.
pub fn result_headers(program: &Program, explain: bool) -> Vec<String> {
    let mut out = Vec::new();
    for l in &program.ladders {
        out.push(l.name.clone());
        out.push(format!("{}_label", l.name));
        out.push(format!("{}_rule", l.name));
        if explain {
            out.push(format!("{}_why", l.name));
        }
        out.extend(l.outputs.iter().cloned());
    }
    out.extend(program.scores.iter().map(|s| s.name.clone()));
    for t in &program.transitions {
        out.push(t.name.clone());
        out.push(format!("{}_rule", t.name));
        if explain {
            out.push(format!("{}_why", t.name));
        }
    }
    out.push("error".into());
    out
}

/// Reads a record's fields into `frame`; the messages of unreadable cells on failure.
pub fn load<'a>(
    program: &Program,
    layout: &Layout,
    record: &'a ByteRecord,
    row: usize,
    frame: &mut Frame<'a>,
) -> Vec<String> {
    frame.reset(row);
    let mut errors = Vec::new();
    if record.len() != layout.width {
        errors.push(format!("row {} has {} cells but the header has {}", row + 2, record.len(), layout.width));
    }
    // Cells in record order: the record's fields are walked once, not looked up one by one.
    for (bytes, slot) in record.iter().zip(&layout.slots) {
        let Some(i) = *slot else { continue };
        if let Some(v) = layout.readers[i].fast(bytes) {
            frame.fields[i] = v;
            continue;
        }
        match cell(program, &program.fields[i], bytes, row) {
            Ok(v) => frame.fields[i] = v,
            Err(e) => errors.push(e),
        }
    }
    // A short row lacks the cells of some fields: they stay missing, which a required field may not be.
    for (i, field) in
        program.fields.iter().enumerate().filter(|(i, f)| f.required && layout.columns[*i] >= record.len())
    {
        let _ = i;
        errors.push(format!(
            "row {}, column {}: a value is required (the field {} is `required`)",
            row + 2,
            field.column,
            field.name
        ));
    }
    errors
}

/// Reads the cell of `field` in record `row` (0-based; messages count rows as a spreadsheet
/// does); the message when it cannot be read.
pub fn cell<'a>(program: &Program, field: &crate::ir::Field, raw: &'a [u8], row: usize) -> Result<Value<'a>, String> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(format!(
            "row {}, column {}: the cell is not valid text in this encoding (try --encoding gbk)",
            row + 2,
            field.column
        ));
    };
    match read(program, field, text) {
        Ok(Value::Missing) if field.required => Err(format!(
            "row {}, column {}: a value is required (the field {} is `required`)",
            row + 2,
            field.column,
            field.name
        )),
        Ok(v) => Ok(v),
        Err(e) => Err(format!("row {}, column {}: \"{}\" is not {}", row + 2, field.column, text.trim(), e.expected)),
    }
}

/// Runs `program` over the input and writes the results; returns what it saw.
pub fn run(program: &Program, open: Open<'_>, out: &mut dyn Write, opts: &Options) -> Result<Stats, RunError> {
    let mut rdr = reader(open()?);
    let mut first = ByteRecord::new();
    if !rdr.read_byte_record(&mut first)? {
        return Err(RunError::Setup("The data is empty: a header row naming the columns is required.".into()));
    }
    let header: Vec<String> = first.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
    let layout = layout(program, &header, opts).map_err(RunError::Setup)?;
    let pops =
        if program.pops.is_empty() { Pops::default() } else { population_pass(program, &layout, open, opts.today)? };
    let ctx = Ctx { program, today: opts.today, pops: &pops };
    let mut stats =
        Stats { counts: program.ladders.iter().map(|l| vec![0; l.rules.len() + 1]).collect(), ..Stats::default() };
    match opts.format {
        OutFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            w.write_record(&layout.headers)?;
            out.write_all(&w.into_inner().map_err(|e| io::Error::other(e.to_string()))?)?;
        }
        OutFormat::Jsonl => {}
    }
    pipeline(&ctx, &layout, rdr, out, opts, &mut stats)?;
    Ok(stats)
}

/// One chunk of records and the row index of its first record.
type Batch = (usize, usize, Vec<ByteRecord>);

fn pipeline(
    ctx: &Ctx<'_>,
    layout: &Layout,
    mut rdr: csv::Reader<Box<dyn Read + Send>>,
    out: &mut dyn Write,
    opts: &Options,
    stats: &mut Stats,
) -> Result<(), RunError> {
    let threads = opts.threads.max(1);
    let (batch_tx, batch_rx) = bounded::<Batch>(threads * 2);
    let (done_tx, done_rx) = bounded::<(usize, Chunk)>(threads * 2);
    let (spare_tx, spare_rx) = bounded::<Vec<ByteRecord>>(threads * 4);
    std::thread::scope(|s| -> Result<(), RunError> {
        let reading = s.spawn(move || read_batches(&mut rdr, &batch_tx, &spare_rx, opts.progress.as_ref()));
        for _ in 0..threads {
            let (batch_rx, done_tx, spare_tx) = (batch_rx.clone(), done_tx.clone(), spare_tx.clone());
            s.spawn(move || work(ctx, layout, opts, &batch_rx, &done_tx, &spare_tx));
        }
        drop(done_tx);
        let result = write_in_order(&done_rx, out, stats);
        drop(done_rx);
        let read_result = reading.join().unwrap_or_else(|_| Err(io::Error::other("the reader stopped")));
        result?;
        read_result?;
        Ok(())
    })
}

fn read_batches(
    rdr: &mut csv::Reader<Box<dyn Read + Send>>,
    tx: &Sender<Batch>,
    spare: &Receiver<Vec<ByteRecord>>,
    progress: Option<&indicatif::ProgressBar>,
) -> io::Result<()> {
    let mut row = 0;
    for seq in 0.. {
        let mut batch = spare.try_recv().unwrap_or_else(|_| vec![ByteRecord::new(); CHUNK]);
        let mut n = 0;
        while n < CHUNK {
            if n == batch.len() {
                batch.push(ByteRecord::new());
            }
            if !rdr.read_byte_record(&mut batch[n]).map_err(|e| io::Error::other(e.to_string()))? {
                break;
            }
            n += 1;
        }
        batch.truncate(n);
        if let Some(p) = progress {
            p.set_position(rdr.position().byte());
        }
        if n == 0 || tx.send((seq, row, batch)).is_err() {
            break;
        }
        row += n;
    }
    Ok(())
}

/// The output of one chunk.
struct Chunk {
    bytes: Vec<u8>,
    rows: usize,
    error_rows: usize,
    errors: Vec<String>,
    counts: Vec<Vec<usize>>,
}

fn work(
    ctx: &Ctx<'_>,
    layout: &Layout,
    opts: &Options,
    rx: &Receiver<Batch>,
    tx: &Sender<(usize, Chunk)>,
    spare: &Sender<Vec<ByteRecord>>,
) {
    for (seq, first, batch) in rx.iter() {
        let chunk = grade_chunk(ctx, layout, opts, &batch, first);
        let _ = spare.try_send(batch);
        if tx.send((seq, chunk)).is_err() {
            return;
        }
    }
}

fn write_in_order(rx: &Receiver<(usize, Chunk)>, out: &mut dyn Write, stats: &mut Stats) -> Result<(), RunError> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for (seq, chunk) in rx.iter() {
        pending.insert(seq, chunk);
        while let Some(chunk) = pending.remove(&next) {
            out.write_all(&chunk.bytes)?;
            stats.rows += chunk.rows;
            stats.error_rows += chunk.error_rows;
            let room = SHOWN_ERRORS.saturating_sub(stats.errors.len());
            stats.errors.extend(chunk.errors.into_iter().take(room));
            for (total, part) in stats.counts.iter_mut().zip(&chunk.counts) {
                total.iter_mut().zip(part).for_each(|(t, p)| *t += p);
            }
            next += 1;
        }
    }
    Ok(())
}

fn grade_chunk<'p>(ctx: &Ctx<'p>, layout: &'p Layout, opts: &Options, batch: &'p [ByteRecord], first: usize) -> Chunk {
    let program = ctx.program;
    let mut chunk = Chunk {
        bytes: Vec::with_capacity(batch.len() * 128),
        rows: batch.len(),
        error_rows: 0,
        errors: vec![],
        counts: program.ladders.iter().map(|l| vec![0; l.rules.len() + 1]).collect(),
    };
    let mut frame = Frame::new(program);
    let mut cells: Vec<Cell<'p>> = Vec::with_capacity(layout.headers.len());
    let mut out = std::mem::take(&mut chunk.bytes);
    for (k, record) in batch.iter().enumerate() {
        let row = first + k;
        let errors = load(program, layout, record, row, &mut frame);
        cells.clear();
        if errors.is_empty() {
            results(ctx, layout, &mut frame, &mut cells, &mut chunk.counts);
            cells.push(Cell::Text(String::new()));
        } else {
            chunk.error_rows += 1;
            let message = errors.join("; ");
            if chunk.errors.len() < SHOWN_ERRORS {
                chunk.errors.push(message.clone());
            }
            cells.resize(layout.headers.len() - layout.keep.len() - 1, Cell::Empty);
            cells.push(Cell::Text(message));
        }
        match opts.format {
            OutFormat::Csv => write_csv(&mut out, layout, record, &cells),
            // Writing into memory cannot fail.
            OutFormat::Jsonl => drop(write_json(&mut out, layout, record, &cells)),
        }
    }
    chunk.bytes = out;
    chunk
}

/// A result cell.
#[derive(Debug, Clone)]
enum Cell<'p> {
    Empty,
    Str(&'p str),
    Text(String),
    Num(f64),
}

/// The result cells of a record that was read cleanly (without the `error` cell).
fn results<'p>(
    ctx: &Ctx<'p>,
    layout: &'p Layout,
    frame: &mut Frame<'p>,
    cells: &mut Vec<Cell<'p>>,
    counts: &mut [Vec<usize>],
) {
    let program = ctx.program;
    for (l, ladder) in program.ladders.iter().enumerate() {
        let fired = ctx.grade(l, frame);
        counts[l][fired.unwrap_or(ladder.rules.len())] += 1;
        match fired {
            Some(i) => {
                let r = &ladder.rules[i];
                cells.extend([Cell::Str(&r.level), Cell::Str(&r.label), Cell::Str(&layout.rule_lines[l][i])]);
            }
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        if layout.explain {
            cells.push(Cell::Text(why_line(ctx, l, frame, fired)));
        }
        for o in 0..ladder.outputs.len() {
            let value = fired.and_then(|i| ladder.rules[i].outputs.iter().find(|(k, _)| *k == o));
            cells.push(value.map_or(Cell::Empty, |(_, v)| Cell::Str(v)));
        }
    }
    for s in &program.scores {
        cells.push(match ctx.eval(&s.expr, frame) {
            Value::Num(n) => Cell::Num(n),
            _ => Cell::Empty,
        });
    }
    for (t, set) in program.transitions.iter().enumerate() {
        let fired = ctx.next_stage(t, frame);
        match fired {
            Some((m, to)) => {
                cells.push(Cell::Str(&program.ladders[set.ladder].rules[to].level));
                cells.push(Cell::Str(&layout.move_lines[t][m]));
            }
            None => {
                let stay = match frame.fields[set.field] {
                    Value::Member(i) => Cell::Str(&program.ladders[set.ladder].rules[i as usize].level),
                    _ => Cell::Empty,
                };
                cells.extend([stay, Cell::Empty]);
            }
        }
        if layout.explain {
            cells.push(Cell::Text(move_why_line(ctx, t, frame, fired)));
        }
    }
}

fn write_csv(out: &mut Vec<u8>, layout: &Layout, record: &ByteRecord, cells: &[Cell<'_>]) {
    let mut first = true;
    for &i in &layout.keep {
        push_field(out, record.get(i).unwrap_or(b""), first);
        first = false;
    }
    for c in cells {
        match c {
            Cell::Empty => push_field(out, b"", first),
            Cell::Str(s) => push_field(out, s.as_bytes(), first),
            Cell::Text(s) => push_field(out, s.as_bytes(), first),
            Cell::Num(n) => push_field(out, format_number(*n).as_bytes(), first),
        }
        first = false;
    }
    out.push(b'\n');
}

/// Appends one CSV field as the csv crate writes it (quoted when it holds a comma, a quote or a
/// line break), after a comma unless it is the first. The hot path writes rows itself because
/// most result cells are the same few strings and need no quoting.
fn push_field(out: &mut Vec<u8>, field: &[u8], first: bool) {
    if !first {
        out.push(b',');
    }
    if field.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in field {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
}

fn write_json(out: &mut Vec<u8>, layout: &Layout, record: &ByteRecord, cells: &[Cell<'_>]) -> io::Result<()> {
    let mut map = serde_json::Map::new();
    let names = layout.headers.iter();
    let inputs = layout
        .keep
        .iter()
        .map(|&i| serde_json::Value::String(String::from_utf8_lossy(record.get(i).unwrap_or(b"")).into_owned()));
    let results = cells.iter().map(|c| match c {
        Cell::Empty => serde_json::Value::Null,
        Cell::Str(s) => serde_json::Value::String(s.to_string()),
        Cell::Text(s) if s.is_empty() => serde_json::Value::Null,
        Cell::Text(s) => serde_json::Value::String(s.clone()),
        Cell::Num(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number),
    });
    for (name, value) in names.zip(inputs.chain(results)) {
        map.insert(name.clone(), value);
    }
    serde_json::to_writer(&mut *out, &map)?;
    out.push(b'\n');
    Ok(())
}

/// The first pass for population functions: each row's argument values, then their ranks.
pub fn population_pass(program: &Program, layout: &Layout, open: Open<'_>, today: Date) -> Result<Pops, RunError> {
    let empty = Pops::default();
    let ctx = Ctx { program, today, pops: &empty };
    let mut rdr = reader(open()?);
    let mut record = ByteRecord::new();
    rdr.read_byte_record(&mut record)?;
    let mut args: Vec<Vec<f64>> = vec![Vec::new(); program.pops.len()];
    let mut row = 0;
    while rdr.read_byte_record(&mut record)? {
        let mut frame = Frame::new(program);
        let clean = load(program, layout, &record, row, &mut frame).is_empty();
        for (p, pop) in program.pops.iter().enumerate() {
            let v = match ctx.eval(&pop.arg, &mut frame) {
                Value::Num(n) if clean => n,
                _ => f64::NAN,
            };
            args[p].push(v);
        }
        row += 1;
    }
    Ok(rank_populations(program, args))
}

#[cfg(test)]
mod tests {
    use super::push_field;
    use proptest::prelude::*;

    proptest! {
        /// Rows written by `push_field` are what the csv crate writes and reads back.
        #[test]
        fn fields_are_written_as_the_csv_crate_writes_them(fields in prop::collection::vec("[a-z,\"\n\r 是 ]{0,6}", 2..6)) {
            let mut ours = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                push_field(&mut ours, f.as_bytes(), i == 0);
            }
            ours.push(b'\n');
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&fields).unwrap();
            prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(w.into_inner().unwrap()).unwrap());
        }
    }
}
