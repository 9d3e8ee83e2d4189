//! Running a rule file's `example` blocks: build the record from `given`, grade it, compare
//! with `expect`.

use crate::diag::data::DataProblem;
use crate::eval::{Ctx, Frame, Pops};
use crate::ir::{Program, Target};
use crate::value::read;
use jiff::civil::Date;

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub target: Target,
    /// The expected level (`None`: no level).
    pub expected: Option<usize>,
    pub actual: Option<usize>,
}

/// The result of one example.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub example: usize,
    pub mismatches: Vec<Mismatch>,
    /// A `given` value that could not be read (the checker reports these too).
    pub error: Option<Box<DataProblem>>,
}

impl Outcome {
    /// Whether the example passed.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && self.error.is_none()
    }
}

/// Builds the record of `given` values; fields not given are missing.
pub fn record<'p>(program: &'p Program, given: &'p [(usize, String)]) -> Result<Frame<'p>, Box<DataProblem>> {
    let mut frame = Frame::new(program);
    for (f, raw) in given {
        let field = &program.fields[*f];
        frame.fields[*f] = read(program, field, raw).map_err(|e| Box::new(DataProblem::given(field, raw, e)))?;
    }
    Ok(frame)
}

/// The level a target gives the record in `frame`.
pub fn actual<'p>(ctx: &Ctx<'p>, target: Target, frame: &mut Frame<'p>) -> Option<usize> {
    match target {
        Target::Ladder(l) => ctx.grade(l, frame),
        Target::Transitions(t) => match ctx.next_stage(t, frame) {
            Some((_, to)) => Some(to),
            None => ctx.current_stage(t, frame),
        },
    }
}

/// Runs example `index` as of `today`.
pub fn run(program: &Program, index: usize, today: Date) -> Outcome {
    let example = &program.examples[index];
    let pops = Pops::default();
    let ctx = Ctx { program, today, pops: &pops };
    let mut frame = match record(program, &example.given) {
        Ok(f) => f,
        Err(e) => return Outcome { example: index, mismatches: vec![], error: Some(e) },
    };
    let mismatches = example
        .expect
        .iter()
        .filter_map(|e| {
            let actual = actual(&ctx, e.target, &mut frame);
            (actual != e.level).then_some(Mismatch { target: e.target, expected: e.level, actual })
        })
        .collect();
    Outcome { example: index, mismatches, error: None }
}

/// The name of a target and the name of one of its levels (`missing` for none).
pub fn describe(program: &Program, target: Target, level: Option<usize>) -> (String, String) {
    let (name, ladder) = match target {
        Target::Ladder(l) => (program.ladders[l].name.clone(), l),
        Target::Transitions(t) => (program.transitions[t].name.clone(), program.transitions[t].ladder),
    };
    let level = level.map_or("missing (no level)".to_string(), |i| {
        let r = &program.ladders[ladder].rules[i];
        if r.label.is_empty() {
            r.level.clone()
        } else {
            format!("{} {}", r.level, r.label)
        }
    });
    (name, level)
}
