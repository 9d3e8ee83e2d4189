//! Population values (`quintile`, `percentile`, `rank`) for the current record: each function's
//! argument over every row of the open data, with the record in its own row's place (or added as
//! one more row when it was typed in), ranked as `ladder run` ranks them. So `:set 购买金额 = 200万`
//! shows the quintile that amount would get among the data.

use super::said::Trouble;
use super::{record::Record, Reply, Session};
use crate::eval::{rank_populations, Ctx, Frame, Pops, Sample};
use crate::ir::Program;
use crate::run;
use crate::value::Decimal;
use jiff::civil::Date;

/// The population values the record is evaluated with.
pub(super) struct Place {
    pops: Pops,
}

impl Place {
    /// The context and frame to evaluate `record` under `program` as of `today`.
    pub(super) fn start<'s>(&'s self, program: &'s Program, record: &'s Record, today: Date) -> (Ctx<'s>, Frame<'s>) {
        (Ctx { program, today, pops: &self.pops }, record.frame(program))
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
    fn first_stage_args(&self, program: &Program) -> Result<Vec<Vec<Option<Decimal>>>, Trouble> {
        let stages = program.pop_stages();
        let first: Vec<usize> = (0..stages.len()).filter(|&p| stages[p] == 0).collect();
        let mut args = vec![Vec::new(); program.pops.len()];
        for (p, col) in first.iter().zip(self.pop_args(program, &Pops::default(), &first)?) {
            args[*p] = col;
        }
        Ok(args)
    }

    /// `args[i][row]`: the argument of population value `wanted[i]` for every row of the data
    /// under `pops` (`None` where missing or where it reads a cell of the row that could not be
    /// read, as `ladder run` counts them).
    fn pop_args(&self, program: &Program, pops: &Pops, wanted: &[usize]) -> Result<Vec<Vec<Option<Decimal>>>, Trouble> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let Some(data) = &self.data else { return Ok(vec![Vec::new(); wanted.len()]) };
        let layout = self.layout_of(program, data).map_err(Trouble::Layout)?;
        let fail = |reason: String| Trouble::Population { path: data.path.clone(), reason };
        let mut source = self.open(data).map_err(fail)?;
        source.header().map_err(|e| fail(e.to_string()))?;
        run::population_args(program, &layout, &mut *source, self.opts.today, pops, wanted)
            .map_err(|e| fail(e.to_string()))
    }

    /// What evaluating the record under `program` needs besides the record.
    pub(super) fn place(&self, program: &Program) -> Result<Place, Reply> {
        self.record_pops(program).map(|pops| Place { pops }).map_err(Reply::err)
    }

    /// The population values to evaluate the record with under `program`: each ranks the
    /// arguments of every row of the data, the record's own in its row's place (or added).
    fn record_pops(&self, program: &Program) -> Result<Pops, Trouble> {
        if program.pops.is_empty() {
            return Ok(Pops::default());
        }
        // The first stage's arguments are read once per change of rules or data (`refresh_pops`).
        let mut cached = self.pop_args.len() == program.pops.len();
        rank_populations(program, |pops, wanted| {
            let read = match cached {
                true => None,
                false => Some(self.pop_args(program, pops, wanted)?),
            };
            cached = false;
            let ctx = Ctx { program, today: self.opts.today, pops };
            let mut frame = self.record.frame(program);
            let mut samples = Vec::new();
            for (i, &p) in wanted.iter().enumerate() {
                let col = match &read {
                    Some(read) => &read[i],
                    None => &self.pop_args[p],
                };
                let mut sample = Sample::default();
                let own = self.record.row.filter(|&r| r < col.len());
                col.iter()
                    .enumerate()
                    .filter(|&(r, _)| Some(r) != own)
                    .for_each(|(_, v)| v.iter().for_each(|&v| sample.push(v)));
                run::population_arg(&ctx, &mut frame, p, true).into_iter().for_each(|v| sample.push(v));
                samples.push(sample);
            }
            Ok(samples)
        })
    }
}
