//! The parallel pipeline: one thread reads chunks of records, workers grade them, and the
//! caller writes the graded chunks in input order.

use super::write::{results, write_csv, write_json, Cell};
use super::{load, Layout, Options, OutFormat, RunError, Stats, CHUNK, SHOWN_ERRORS};
use crate::eval::{Ctx, Frame};
use crossbeam_channel::{bounded, Receiver, Sender};
use csv::ByteRecord;
use std::collections::BTreeMap;
use std::io::{self, Read, Write};

type Batch = (usize, usize, Vec<ByteRecord>);

pub(super) fn pipeline(
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
        bytes: Vec::with_capacity(batch.len() * 256),
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
