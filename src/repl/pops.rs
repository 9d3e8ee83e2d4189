//! Population values (`quintile`, `percentile`, `rank`) for the current record: each function's
//! argument over every row of the open data, with the record in its own row's place (or added as
//! one more row when it was typed in), ranked as `ladder run` ranks them. So `:set 购买金额 = 200万`
//! shows the quintile that amount would get among the data.

use super::said::Trouble;
use super::{record::Record, Reply, Session};
use crate::eval::{rank_populations, Args, Ctx, Frame, Pops};
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
        match self.first_stage_args(self.scope.program()) {
            Ok(args) => self.pop_args = args,
            Err(e) => {
                self.pop_args = Vec::new();
                r.error(e);
            }
        }
    }

    /// `args[pop][row]`: the argument of each population value of the first stage (see
    /// `Program::pop_stages`) for every row of the data; empty for the later stages, which depend
    /// on the record.
    fn first_stage_args(&self, program: &Program) -> Result<Vec<Args>, Trouble> {
        let stages = program.pop_stages();
        let first: Vec<usize> = (0..stages.len()).filter(|&p| stages[p] == 0).collect();
        let mut args = vec![Args::default(); program.pops.len()];
        for (p, col) in first.iter().zip(self.pop_args(program, &Pops::default(), &first)?) {
            args[*p] = col;
        }
        Ok(args)
    }

    /// `args[i][row]`: the argument of population value `wanted[i]` for every row of the data
    /// under `pops` (`None` where missing or where it reads a cell of the row that could not be
    /// read, as `ladder run` counts them).
    fn pop_args(&self, program: &Program, pops: &Pops, wanted: &[usize]) -> Result<Vec<Args>, Trouble> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let Some(data) = &self.data else { return Ok(vec![Args::default(); wanted.len()]) };
        let layout = self.layout_of(program, data).map_err(Trouble::Layout)?;
        let fail = |reason: String| Trouble::Population { path: data.path.clone(), reason };
        let mut source = self.open(data).map_err(fail)?;
        source.header().map_err(|e| fail(e.to_string()))?;
        run::population_args(program, &layout, &mut *source, self.opts.today, pops, wanted)
            .map_err(|e| fail(e.to_string()))
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
        // The first stage's arguments are read once per change of rules or data (`refresh_pops`).
        let mut cached = self.pop_args.len() == program.pops.len();
        let mut row = usize::MAX;
        let pops = rank_populations(program, |pops, wanted| {
            let mut args = match cached {
                true => wanted.iter().map(|&p| self.pop_args[p].clone()).collect(),
                false => self.pop_args(program, pops, wanted)?,
            };
            cached = false;
            let rows = args.first().map_or(0, Args::len);
            row = self.record.row.filter(|&r| r < rows).unwrap_or(rows);
            let ctx = Ctx { program, today: self.opts.today, pops };
            let mut frame = self.record.frame(program);
            frame.row = row;
            run::push_population_args(&ctx, &mut frame, wanted, |_| true, &mut args);
            if row < rows {
                // The record takes its own row's place: the value just pushed replaces the row's.
                for a in &mut args {
                    a.swap_remove(row);
                }
            }
            Ok(args)
        })?;
        Ok((pops, row))
    }
}
