//! Population values (`quintile`, `percentile`, `rank`) for the current record: each function's
//! argument over every row of the open data, with the record in its own row's place (or added as
//! one more row when it was typed in), ranked as `ladder run` ranks them. So `:set 购买金额 = 200万`
//! shows the quintile that amount would get among the data.

use super::said::Trouble;
use super::{record::Record, Reply, Session};
use crate::eval::{rank_populations, Ctx, Frame, Pops};
use crate::ir::Program;
use crate::run;
use jiff::civil::Date;

/// The population values the record is evaluated with, and its row among them.
pub(super) struct Place {
    pops: Pops,
    row: usize,
}

impl Place {
    /// The context and frame to evaluate `record` under `program` as of `today`.
    pub(super) fn start<'s>(&'s self, program: &'s Program, record: &'s Record, today: Date) -> (Ctx<'s>, Frame<'s>) {
        let mut frame = record.frame(program);
        frame.row = self.row;
        (Ctx { program, today, pops: &self.pops }, frame)
    }
}

impl Session {
    /// Reads every row's population arguments again (after the rules, the data, a let or the
    /// date changed).
    pub(super) fn refresh_pops(&mut self, r: &mut Reply) {
        match self.pop_args(&self.program) {
            Ok(args) => self.pop_args = args,
            Err(e) => {
                self.pop_args = Vec::new();
                r.error(e);
            }
        }
    }

    /// `args[pop][row]`: each population function's argument for every row of the data (NaN
    /// where missing or where it reads a cell of the row that could not be read, as `ladder run`
    /// counts them).
    fn pop_args(&self, program: &Program) -> Result<Vec<Vec<f64>>, Trouble> {
        if program.pops.is_empty() {
            return Ok(Vec::new());
        }
        let Some(data) = &self.data else { return Ok(vec![Vec::new(); program.pops.len()]) };
        let layout = self.layout_of(program, data).map_err(Trouble::Layout)?;
        let fail = |reason: String| Trouble::Population { path: data.path.clone(), reason };
        let mut source = self.open(data).map_err(fail)?;
        source.header().map_err(|e| fail(e.to_string()))?;
        run::population_args(program, &layout, &mut *source, self.opts.today).map_err(|e| fail(e.to_string()))
    }

    /// What evaluating the record under `program` needs besides the record.
    pub(super) fn place(&self, program: &Program) -> Result<Place, Reply> {
        self.record_pops(program).map(|(pops, row)| Place { pops, row }).map_err(Reply::err)
    }

    /// The population values to evaluate the record with under `program`, and the record's row
    /// among them (for `Frame::row`).
    fn record_pops(&self, program: &Program) -> Result<(Pops, usize), Trouble> {
        if program.pops.is_empty() {
            return Ok((Pops::default(), usize::MAX));
        }
        let mut args =
            if self.pop_args.len() == program.pops.len() { self.pop_args.clone() } else { self.pop_args(program)? };
        let rows = args.first().map_or(0, Vec::len);
        let row = self.record.row.filter(|&r| r < rows).unwrap_or(rows);
        let empty = Pops::default();
        let ctx = Ctx { program, today: self.opts.today, pops: &empty };
        run::push_population_args(&ctx, &mut self.record.frame(program), |_| true, &mut args);
        if row < rows {
            // The record takes its own row's place: the value just pushed replaces the row's.
            for a in &mut args {
                a.swap_remove(row);
            }
        }
        Ok((rank_populations(program, args), row))
    }
}
