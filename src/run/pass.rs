//! Passes over records besides grading: the population pass, which ranks the arguments of
//! population functions over every record, and finding one record by its row or key.

use super::{load, pipeline, Layout, Opened, Records, RunError};
use crate::eval::{rank_populations, Ctx, Frame, Pops, Sample};
use crate::ir::Program;
use crate::source::{Data, RecordSource};
use crate::value::{Decimal, Value};
use csv::ByteRecord;
use jiff::civil::Date;
use std::io;

/// The population values (`quintile`, `percentile`, `rank`) over every record of `data`, read
/// from its start once per stage, on every core; nothing is read when the program has no
/// population function.
pub fn population_pass(program: &Program, layout: &Layout, data: &dyn Data, today: Date) -> Result<Pops, RunError> {
    if program.pops.is_empty() {
        return Ok(Pops::default());
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    rank_populations(program, |pops, wanted| {
        let opened = Opened::new(data)?;
        let reading = reading(program, layout, wanted);
        let ctx = Ctx { program, today, pops };
        let chunk = |records: &Records, first: usize| {
            let mut part = vec![Sample::default(); wanted.len()];
            let mut frame = Frame::new(program);
            for (k, record) in records.iter().enumerate() {
                let errors = load(program, &reading, record, first + k, &mut frame);
                for (&p, sample) in wanted.iter().zip(&mut part) {
                    if let Some(v) = population_arg(&ctx, &mut frame, p, !errors.spoil(&reading.depends.pops[p])) {
                        sample.push(v);
                    }
                }
            }
            part
        };
        let mut samples = vec![Sample::default(); wanted.len()];
        let merge = |part: Vec<Sample>| {
            samples.iter_mut().zip(part).for_each(|(all, some)| all.append(some));
            Ok(())
        };
        pipeline(opened.first, opened.blocks, threads, reading.cells_read(), None, chunk, merge)?;
        Ok(samples)
    })
}

/// `layout` reading only the cells the arguments of population values `wanted` read.
fn reading(program: &Program, layout: &Layout, wanted: &[usize]) -> Layout {
    let mut needed = crate::ir::Fields::default();
    for &p in wanted {
        (0..program.fields.len()).filter(|&f| layout.depends.pops[p].contains(f)).for_each(|f| needed.insert(f));
    }
    let mut reading = layout.clone();
    reading.skip_fields(|f| !needed.contains(f));
    reading
}

/// `args[i][row]`: the argument of population value `wanted[i]` for every record `source` has
/// left, under the population values `pops` of the earlier stages (see [`population_arg`]).
pub fn population_args(
    program: &Program,
    layout: &Layout,
    source: &mut dyn RecordSource,
    today: Date,
    pops: &Pops,
    wanted: &[usize],
) -> io::Result<Vec<Vec<Option<Decimal>>>> {
    let ctx = Ctx { program, today, pops };
    let mut args = vec![Vec::new(); wanted.len()];
    let layout = &reading(program, layout, wanted);
    let mut record = ByteRecord::new();
    let mut row = 0;
    while source.next_record(&mut record)? {
        let mut frame = Frame::new(program);
        let errors = load(program, layout, &record, row, &mut frame);
        for (&p, col) in wanted.iter().zip(&mut args) {
            col.push(population_arg(&ctx, &mut frame, p, !errors.spoil(&layout.depends.pops[p])));
        }
        row += 1;
    }
    Ok(args)
}

/// The record's argument of population value `p`: `None` where it is not a number or not
/// `usable` (it reads a cell of the record that could not be read), which ranks take no part.
pub fn population_arg<'a>(ctx: &Ctx<'a>, frame: &mut Frame<'a>, p: usize, usable: bool) -> Option<Decimal> {
    match ctx.eval(&ctx.program.pops[p].arg, frame) {
        Value::Num(n) if usable => Some(n),
        _ => None,
    }
}

/// Which record to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which<'w> {
    /// The row as a spreadsheet numbers it: in a CSV file the header is row 1; in a workbook,
    /// the sheet's own row number.
    Row(usize),
    /// The record whose `key` field holds this text.
    Key(&'w str),
}

/// The first record after the header that `which` names: its index (0 for the first) and cells.
pub fn find_record(
    program: &Program,
    layout: &Layout,
    source: &mut dyn RecordSource,
    which: Which<'_>,
) -> io::Result<Option<(usize, ByteRecord)>> {
    let key = program.fields.iter().position(|f| f.key).map(|f| layout.columns[f]);
    let mut record = ByteRecord::new();
    let mut index = 0;
    while source.next_record(&mut record)? {
        let hit = match which {
            Which::Row(n) => layout.place.as_ref().map_or(index + 2, |p| p.row(index)) == n,
            Which::Key(k) => key
                .and_then(|c| record.get(c))
                .is_some_and(|c| crate::cell::trim(&String::from_utf8_lossy(c)) == crate::cell::trim(k)),
        };
        if hit {
            return Ok(Some((index, record)));
        }
        index += 1;
    }
    Ok(None)
}
