//! The parallel pipeline: workers take blocks of whole records from the input in turn, parse and
//! grade them, and the caller writes the graded blocks in input order.

use super::blocks::{byte_mask, with_room, Block, Blocks, Parser, Records, Row};
use super::write::{results, write_csv, write_graded, write_json, Cell, Outcome};
use super::{load_with, Cells, Layout, Options, OutFormat, RowErrors, RunError, Stats, SHOWN_ERRORS};
use crate::eval::{Ctx, Frame, Group64, Plan, Truth, LANES};
use crate::explain::Room;
use crate::ir::{FieldId, FieldType, Program};
use crate::syntax::DEEP_STACK;
use crate::value::{NO, YES};
use crossbeam_channel::{bounded, Receiver, Sender};
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::Mutex;

/// A block's place in the input and the row index of its first record.
type Batch = (usize, usize, Block);

/// Cuts the records after `first` into chunks, makes a part of each on every core (`chunk`
/// gets a chunk's records and the row index of its first) and gives the parts to `merge` in
/// input order. `ladder run` makes rows of output; `ladder diff` makes tallies.
pub(crate) fn pipeline<P: Send>(
    first: Block,
    blocks: Blocks<Box<dyn Read + Send>>,
    threads: usize,
    columns: usize,
    progress: Option<&indicatif::ProgressBar>,
    chunk: impl Fn(&Records, usize) -> P + Sync,
    mut merge: impl FnMut(P) -> Result<(), RunError>,
) -> Result<(), RunError> {
    let threads = threads.max(1);
    let delimiter = blocks.delimiter;
    // An input of one block is one worker's job wherever it is done: done here, no thread is
    // started (a start-up cost of the 44-row sample's run, a file an editor runs on every save).
    if blocks.finished() {
        let mut records = Records::default();
        parse(&mut Parser::new(delimiter, columns), first.decoded(), &mut records);
        if let Some(p) = progress {
            p.set_position(blocks.position);
        }
        return merge(crate::syntax::on_deep_stack(|| chunk(&records, 0)));
    }
    let (done_tx, done_rx) = bounded::<(usize, P)>(threads * 2);
    let input = Mutex::new(Input { blocks, next: Some(first), seq: 0, row: 0, failed: None });
    let (chunk, shared) = (&chunk, &input);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job = move || work(chunk, delimiter, columns, shared, &done_tx, progress);
            if std::thread::Builder::new().stack_size(DEEP_STACK).spawn_scoped(s, job.clone()).is_err() {
                s.spawn(job);
            }
        }
        drop(done_tx);
        let result = in_order(&done_rx, &mut merge);
        // Workers waiting to hand over a part stop, when the merge failed.
        drop(done_rx);
        result
    })?;
    // A worker that panicked has made the scope panic already.
    match input.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).failed {
        None => Ok(()),
        Some(e) => Err(e.into()),
    }
}

/// The input, from which each worker takes the next block when it is ready for one: the worker
/// that reads a block parses it, while the bytes are in its core's cache (a thread of its own
/// for reading made a run 3 % slower).
struct Input {
    blocks: Blocks<Box<dyn Read + Send>>,
    /// The block read before the workers started.
    next: Option<Block>,
    seq: usize,
    /// The row index of the next block's first record.
    row: usize,
    /// Why reading stopped early: no worker takes a block after it.
    failed: Option<io::Error>,
}

impl Input {
    /// The next block, with its place and the row index of its first record; `None` at the end
    /// or once reading has failed.
    fn take(&mut self, progress: Option<&indicatif::ProgressBar>) -> Option<Batch> {
        if self.failed.is_some() {
            return None;
        }
        let block = match self.next.take().map(Ok).or_else(|| self.blocks.next_block().transpose())? {
            Ok(block) => block,
            Err(e) => {
                self.failed = Some(e);
                return None;
            }
        };
        let batch = (self.seq, self.row, block);
        self.seq += 1;
        self.row += batch.2.records;
        if let Some(p) = progress {
            p.set_position(self.blocks.position);
        }
        Some(batch)
    }
}

/// `ladder run`'s pipeline: graded rows written to `out` in input order, counted in `stats`.
pub(super) fn grade_all(
    ctx: &Ctx<'_>,
    layout: &Layout,
    first: Block,
    blocks: Blocks<Box<dyn Read + Send>>,
    out: &mut dyn Write,
    opts: &Options,
    stats: &mut Stats,
) -> Result<(), RunError> {
    let plan = Plan::new(ctx.program, ctx.today, |f| layout.reads_bool(f));
    let framed = framed(ctx.program, &plan, layout, layout.explain.is_some());
    // The written blocks' output buffers serve the next blocks (their memory is mapped already).
    let (spare_tx, spare_rx) = bounded::<Vec<u8>>(opts.threads.max(1) * 2);
    let chunk = |records: &Records, first: usize| {
        let bytes = spare_rx.try_recv().unwrap_or_default();
        grade_chunk(ctx, layout, (&plan, &framed), opts, records, first, bytes)
    };
    let columns = layout.cells_read();
    pipeline(first, blocks, opts.threads, columns, opts.progress.as_ref(), chunk, |mut chunk| {
        merge(&mut chunk, out, stats)?;
        _ = spare_tx.try_send(chunk.bytes);
        Ok(())
    })
}

/// The output of one chunk.
struct Chunk {
    bytes: Vec<u8>,
    rows: usize,
    error_rows: usize,
    long_rows: usize,
    errors: Vec<String>,
    counts: Vec<Vec<usize>>,
}

fn work<P>(
    chunk: &(impl Fn(&Records, usize) -> P + Sync),
    delimiter: u8,
    columns: usize,
    input: &Mutex<Input>,
    tx: &Sender<(usize, P)>,
    progress: Option<&indicatif::ProgressBar>,
) {
    let (mut parser, mut records) = (Parser::new(delimiter, columns), Records::default());
    // The memory of the block parsed before, into which a block of GBK is decoded; and the
    // memory to read the next block into: the block before, or the GBK bytes of this one.
    let (mut parsed, mut spare) = (Vec::new(), Vec::new());
    loop {
        let Ok(mut reading) = input.lock() else { return };
        reading.blocks.give_back(std::mem::take(&mut spare));
        let Some((seq, first, block)) = reading.take(progress) else { return };
        drop(reading);
        let (block, left) = block.decoded_into(std::mem::take(&mut parsed));
        spare = left;
        parsed = parse(&mut parser, block, &mut records);
        // A block grown for a record of megabytes is not kept.
        for buffer in [&mut parsed, &mut spare] {
            if buffer.capacity() > 2 * super::blocks::BLOCK {
                *buffer = Vec::new();
            }
        }
        if tx.send((seq, chunk(&records, first))).is_err() {
            return;
        }
    }
}

/// Parses `block`, in UTF-8, into `records`; gives back the buffer of the block parsed before.
fn parse(parser: &mut Parser, block: Block, records: &mut Records) -> Vec<u8> {
    let counted = block.records;
    let parsed = parser.parse(block.bytes, records);
    debug_assert_eq!(records.len(), counted, "the block's records were miscounted");
    parsed
}

/// Gives the parts to `merge` in the order of their blocks, whatever order they come in.
fn in_order<P>(rx: &Receiver<(usize, P)>, merge: &mut impl FnMut(P) -> Result<(), RunError>) -> Result<(), RunError> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for (seq, part) in rx.iter() {
        pending.insert(seq, part);
        while let Some(part) = pending.remove(&next) {
            merge(part)?;
            next += 1;
        }
    }
    Ok(())
}

fn merge(chunk: &mut Chunk, out: &mut dyn Write, stats: &mut Stats) -> Result<(), RunError> {
    out.write_all(&chunk.bytes)?;
    stats.rows += chunk.rows;
    stats.error_rows += chunk.error_rows;
    stats.long_rows += chunk.long_rows;
    let room = SHOWN_ERRORS.saturating_sub(stats.errors.len());
    stats.errors.extend(chunk.errors.drain(..).take(room));
    for (total, part) in stats.counts.iter_mut().zip(&chunk.counts) {
        total.iter_mut().zip(part).for_each(|(t, p)| *t += p);
    }
    Ok(())
}

/// The yes/no fields whose values the frames of a group must hold besides the group's bits: those
/// read record by record (by the plan, a score, and with `explain` the `_why` cells).
pub(crate) fn framed(program: &Program, plan: &Plan<'_>, layout: &Layout, explain: bool) -> Vec<FieldId> {
    let mut read = plan.frame_fields(program, &layout.depends);
    layout.depends.scores.iter().for_each(|s| read.extend(s));
    let bools = program.fields.iter().enumerate().filter(|(_, f)| f.ty == FieldType::Bool);
    bools.map(|(i, _)| i).filter(|&i| explain || read.contains(i)).collect()
}

/// Reads a group of records (at most [`LANES`], the first being row `first`) for a plan: each
/// record's cells into its frame and its problems into `errors`, the yes/no fields' values as the
/// group's bits in `read` (bit `k` for record `k`).
pub(crate) fn load_group<'a>(
    program: &Program,
    layout: &Layout,
    records: &[Row<'a>],
    first: usize,
    (frames, read, errors): (&mut [Frame<'a>], &mut [Truth], &mut [RowErrors]),
) {
    // Each yes/no cell's code, a row of 64 a field: turned into the group's bits 16 at a time.
    let mut codes = vec![[crate::value::EMPTY; LANES]; program.fields.len()];
    for (k, &record) in records.iter().enumerate() {
        errors[k] = load_with(program, layout, record, first + k, &mut frames[k], false, |i, code| {
            codes[i][k] = code;
        });
    }
    read.fill(Truth::default());
    for &(_, i, _) in &layout.bools {
        read[i] = Truth { yes: byte_mask(&codes[i], YES), no: byte_mask(&codes[i], NO) };
    }
}

/// Puts the `framed` fields' values into the group's frames, from its bits.
pub(crate) fn frame_bools(framed: &[FieldId], read: &[Truth], frames: &mut [Frame<'_>]) {
    for &i in framed {
        frames.iter_mut().enumerate().for_each(|(k, f)| f.fields[i] = read[i].value(k));
    }
}

/// Grades a chunk's records [`LANES`] at a time: each group's records are read, then the plan
/// works out their conditions together, then each is written.
fn grade_chunk<'p>(
    ctx: &Ctx<'p>,
    layout: &'p Layout,
    (plan, framed): (&Plan<'p>, &[FieldId]),
    opts: &Options,
    batch: &'p Records,
    first: usize,
    bytes: Vec<u8>,
) -> Chunk {
    let program = ctx.program;
    let mut chunk = Chunk {
        bytes: with_room(bytes, batch.len() * 256),
        rows: batch.len(),
        error_rows: 0,
        long_rows: 0,
        errors: vec![],
        counts: super::Stats::new(program).counts,
    };
    let mut frames = vec![Frame::new(program); LANES.min(batch.len())];
    let mut errors: Vec<RowErrors> = vec![RowErrors::default(); frames.len()];
    let mut group = Group64::default();
    let mut read = vec![Truth::default(); program.fields.len()];
    let mut outcome = Outcome::default();
    let mut room = Room::default();
    let mut cells: Vec<Cell<'p>> = Vec::with_capacity(layout.headers.len());
    let mut out = std::mem::take(&mut chunk.bytes);
    let records: Vec<_> = batch.iter().collect();
    for (g, records) in records.chunks(LANES).enumerate() {
        let first = first + g * LANES;
        let n = records.len();
        load_group(program, layout, records, first, (&mut frames[..n], &mut read, &mut errors[..n]));
        frame_bools(framed, &read, &mut frames[..n]);
        plan.eval(ctx, &mut frames[..n], &read, &mut group);
        for (k, &record) in records.iter().enumerate() {
            let (frame, errors) = (&mut frames[k], &errors[k]);
            cells.clear();
            if errors.is_empty() {
                outcome.grade_planned(ctx, frame, &mut chunk.counts, (&group, k));
                if layout.explain.is_some() {
                    plan.remember(&group, k, frame);
                }
                if let Some(fragments) = &layout.fragments {
                    write_graded(&mut out, layout, fragments, record, &outcome);
                    continue;
                }
                results(ctx, layout, frame, &outcome, &mut cells, opts.lang, &mut room);
                cells.push(Cell::Text(String::new()));
            } else {
                // The results that do not depend on an unreadable cell are still given, by
                // evaluating the record alone: it needs every yes/no value in its frame.
                for &(_, i, _) in &layout.bools {
                    frame.fields[i] = read[i].value(k);
                }
                outcome.grade(ctx, frame, &mut chunk.counts, Some((&layout.depends, errors)));
                results(ctx, layout, frame, &outcome, &mut cells, opts.lang, &mut room);
                chunk.error_rows += 1;
                chunk.long_rows += usize::from(record.width() > layout.width);
                let message = crate::diag::data::join(&errors.problems, opts.lang);
                if chunk.errors.len() < SHOWN_ERRORS {
                    chunk.errors.push(message.clone());
                }
                cells.push(Cell::Text(message));
            }
            match opts.format {
                OutFormat::Csv => write_csv(&mut out, layout, record, &cells),
                OutFormat::Jsonl => write_json(&mut out, layout, record, &cells),
            }
            // The `_why` lines' strings serve the next row's.
            for cell in cells.drain(..) {
                if let Cell::Text(s) = cell {
                    room.give(s);
                }
            }
        }
    }
    chunk.bytes = out;
    chunk
}
