//! The result cells of a graded record, and writing a row as CSV or JSON.

use super::{Cells, Layout, RowErrors};
use crate::eval::{Ctx, Frame};
use crate::explain::{move_why_line, why_line};
use crate::ir::{Depends, Fields, Program};
use crate::value::{format_number, Decimal, Value};
use std::io;

/// A result cell.
#[derive(Debug, Clone)]
pub(super) enum Cell<'p> {
    Empty,
    Str(&'p str),
    Text(String),
    Num(Decimal),
}

/// How a record was graded: the rule that fired in each ladder, each score, and where each
/// transition set leaves the record. Reused from row to row.
#[derive(Default)]
pub(crate) struct Outcome {
    pub(crate) rules: Vec<Option<usize>>,
    /// `spoiled[l]`: ladder `l` depends on a cell of the record that could not be read, and is
    /// left empty.
    spoiled: Vec<bool>,
    pub(crate) scores: Vec<Option<Decimal>>,
    pub(crate) stages: Vec<Stage>,
}

/// Where a transition set leaves a record.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stage {
    /// Move `.0` fired, to level `.1`.
    Moved(usize, usize),
    /// No move fired; the record stays at this level.
    Stays(usize),
    /// No move fired and the record has no current stage.
    Unknown,
    /// The set depends on a cell of the record that could not be read.
    Spoiled,
}

impl Stage {
    /// `(move, level)` of the move that fired, as `ladder explain` takes it.
    fn fired(self) -> Option<(usize, usize)> {
        match self {
            Stage::Moved(m, to) => Some((m, to)),
            _ => None,
        }
    }
}

impl Outcome {
    /// Grades the record in `frame` and counts the levels. With `spoilt` (a record with cells
    /// that could not be read), the results that depend on such a cell are left empty and
    /// counted as not graded.
    pub(crate) fn grade<'p>(
        &mut self,
        ctx: &Ctx<'p>,
        frame: &mut Frame<'p>,
        counts: &mut [Vec<usize>],
        spoilt: Option<(&Depends, &RowErrors)>,
    ) {
        let program = ctx.program;
        let spoils = |of: fn(&Depends) -> &[Fields], i: usize| spoilt.is_some_and(|(d, e)| e.spoil(&of(d)[i]));
        self.rules.clear();
        self.spoiled.clear();
        for (l, ladder) in program.ladders.iter().enumerate() {
            let spoiled = spoils(|d| &d.ladders, l);
            let fired = if spoiled { None } else { ctx.grade(l, frame) };
            let slot = if spoiled { ladder.rules.len() + 1 } else { fired.unwrap_or(ladder.rules.len()) };
            counts[l][slot] += 1;
            self.rules.push(fired);
            self.spoiled.push(spoiled);
        }
        self.scores.clear();
        for (s, score) in program.scores.iter().enumerate() {
            self.scores.push(match ctx.eval(&score.expr, frame) {
                Value::Num(n) if !spoils(|d| &d.scores, s) => Some(n),
                _ => None,
            });
        }
        self.stages.clear();
        for t in 0..program.transitions.len() {
            if spoils(|d| &d.transitions, t) {
                self.stages.push(Stage::Spoiled);
                continue;
            }
            self.stages.push(match (ctx.next_stage(t, frame), ctx.current_stage(t, frame)) {
                (Some((m, to)), _) => Stage::Moved(m, to),
                (None, Some(s)) => Stage::Stays(s),
                (None, None) => Stage::Unknown,
            });
        }
    }
}

/// The result cells of an outcome (without the `error` cell), with the `_why` cells if asked.
pub(super) fn results<'p>(
    ctx: &Ctx<'p>,
    layout: &'p Layout,
    frame: &mut Frame<'p>,
    outcome: &Outcome,
    cells: &mut Vec<Cell<'p>>,
    lang: crate::diag::Lang,
) {
    let program = ctx.program;
    for ((l, ladder), &fired) in program.ladders.iter().enumerate().zip(&outcome.rules) {
        match fired {
            Some(i) => {
                let r = &ladder.rules[i];
                cells.extend([Cell::Str(&r.level), Cell::Str(&r.label), Cell::Str(&layout.rule_lines[l][i])]);
            }
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        if layout.explain {
            let spoiled = outcome.spoiled[l];
            cells.push(if spoiled { Cell::Empty } else { Cell::Text(why_line(ctx, l, frame, fired, lang)) });
        }
        for o in 0..ladder.outputs.len() {
            cells.push(fired.and_then(|i| ladder.rules[i].output(o)).map_or(Cell::Empty, Cell::Str));
        }
    }
    cells.extend(outcome.scores.iter().map(|s| s.map_or(Cell::Empty, Cell::Num)));
    for ((t, set), &stage) in program.transitions.iter().enumerate().zip(&outcome.stages) {
        let level = |s: usize| Cell::Str(&program.ladders[set.ladder].rules[s].level);
        match stage {
            Stage::Moved(m, to) => cells.extend([level(to), Cell::Str(&layout.move_lines[t][m])]),
            Stage::Stays(s) => cells.extend([level(s), Cell::Empty]),
            Stage::Unknown | Stage::Spoiled => cells.extend([Cell::Empty, Cell::Empty]),
        }
        if layout.explain {
            let spoiled = matches!(stage, Stage::Spoiled);
            cells.push(if spoiled {
                Cell::Empty
            } else {
                Cell::Text(move_why_line(ctx, t, frame, stage.fired(), lang))
            });
        }
    }
}

/// The CSV text of every possible result of each ladder and transition set, each after a comma,
/// made once: a graded row is then written with a copy per ladder (used without `--explain`).
#[derive(Debug, Clone)]
pub(super) struct Fragments {
    /// `ladders[l][i]`: the cells of rule `i` of ladder `l`; the last, of no rule.
    ladders: Vec<Vec<Vec<u8>>>,
    /// `moves[t][m]`: the cells of move `m` of transition set `t`.
    moves: Vec<Vec<Vec<u8>>>,
    /// `stays[t][s]`: the cells of staying at level `s`; the last, of having no stage.
    stays: Vec<Vec<Vec<u8>>>,
}

impl Fragments {
    pub(super) fn new(program: &Program, rule_lines: &[Vec<String>], move_lines: &[Vec<String>]) -> Self {
        let csv = |cells: &[&str]| {
            let mut out = Vec::new();
            cells.iter().for_each(|c| push_field(&mut out, c.as_bytes(), false));
            out
        };
        let ladders = program.ladders.iter().zip(rule_lines).map(|(ladder, lines)| {
            let rule = |(r, line): (&crate::ir::Rule, &String)| {
                let outputs = (0..ladder.outputs.len()).map(|o| r.output(o).unwrap_or(""));
                let cells: Vec<&str> = [r.level.as_str(), &r.label, line].into_iter().chain(outputs).collect();
                csv(&cells)
            };
            let none = csv(&vec![""; 3 + ladder.outputs.len()]);
            ladder.rules.iter().zip(lines).map(rule).chain([none]).collect()
        });
        let level = |t: &crate::ir::Transitions, s: usize| program.ladders[t.ladder].rules[s].level.as_str();
        let moves = program.transitions.iter().zip(move_lines);
        let moves =
            moves.map(|(t, lines)| t.moves.iter().zip(lines).map(|(m, line)| csv(&[level(t, m.to), line])).collect());
        let stays = program.transitions.iter().map(|t| {
            let levels = program.ladders[t.ladder].rules.len();
            (0..levels).map(|s| csv(&[level(t, s), ""])).chain([csv(&["", ""])]).collect()
        });
        Fragments { ladders: ladders.collect(), moves: moves.collect(), stays: stays.collect() }
    }
}

/// Writes a clean record's row as CSV from the fragments.
pub(super) fn write_graded_csv<'a>(
    out: &mut Vec<u8>,
    layout: &Layout,
    fragments: &Fragments,
    record: impl Cells<'a>,
    outcome: &Outcome,
) {
    let mut first = true;
    for &i in &layout.keep {
        push_field(out, record.get(i).unwrap_or(b""), first);
        first = false;
    }
    let start = out.len();
    for (cells, fired) in fragments.ladders.iter().zip(&outcome.rules) {
        out.extend_from_slice(&cells[fired.unwrap_or(cells.len() - 1)]);
    }
    for score in &outcome.scores {
        push_field(out, score.map(format_number).unwrap_or_default().as_bytes(), false);
    }
    for (t, stage) in outcome.stages.iter().enumerate() {
        let stays = &fragments.stays[t];
        out.extend_from_slice(match *stage {
            Stage::Moved(m, _) => &fragments.moves[t][m],
            Stage::Stays(s) => &stays[s],
            Stage::Unknown | Stage::Spoiled => &stays[stays.len() - 1],
        });
    }
    // The empty `error` cell.
    out.extend_from_slice(b",\n");
    // The fragments start with a comma, which the row's first cell has none of.
    if first {
        out.remove(start);
    }
}

pub(super) fn write_csv<'a>(out: &mut Vec<u8>, layout: &Layout, record: impl Cells<'a>, cells: &[Cell<'_>]) {
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
    for cell in extra_cells(layout, record) {
        push_field(out, cell, first);
        first = false;
    }
    out.push(b'\n');
}

/// The cells of `record` beyond the header's, which are written after the last column.
fn extra_cells<'a>(layout: &Layout, record: impl Cells<'a>) -> impl Iterator<Item = &'a [u8]> {
    let beyond = if layout.extra.is_some() { layout.width..record.width() } else { 0..0 };
    beyond.filter_map(move |i| record.get(i))
}

/// Whether a CSV field must be quoted: it holds a comma, a quote or a line break.
fn needs_quotes(field: &[u8]) -> bool {
    field.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends one CSV field as the csv crate writes it (quoted when it holds a comma, a quote or a
/// line break), after a comma unless it is the first. The hot path writes rows itself because
/// most result cells are the same few strings and need no quoting.
fn push_field(out: &mut Vec<u8>, field: &[u8], first: bool) {
    if !first {
        out.push(b',');
    }
    if needs_quotes(field) {
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

/// Writes a row as one JSON object whose keys are the output columns in order; a number is
/// written as the CSV output writes it, an empty result as `null`.
pub(super) fn write_json<'a>(
    out: &mut Vec<u8>,
    layout: &Layout,
    record: impl Cells<'a>,
    cells: &[Cell<'_>],
) -> io::Result<()> {
    let inputs = layout.keep.iter().map(|&i| Json::Text(String::from_utf8_lossy(record.get(i).unwrap_or(b""))));
    let results = cells.iter().map(|c| match c {
        Cell::Empty => Json::Null,
        Cell::Str(s) => Json::Text((*s).into()),
        Cell::Text(s) if s.is_empty() => Json::Null,
        Cell::Text(s) => Json::Text(s.as_str().into()),
        Cell::Num(n) => Json::Number(format_number(*n)),
    });
    out.push(b'{');
    for (i, (name, value)) in layout.headers.iter().zip(inputs.chain(results)).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, name)?;
        out.push(b':');
        match value {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Text(t) => serde_json::to_writer(&mut *out, &t)?,
            Json::Number(n) => out.extend_from_slice(n.as_bytes()),
        }
    }
    let extra: Vec<_> = extra_cells(layout, record).map(String::from_utf8_lossy).collect();
    if let (Some(key), false) = (&layout.extra, extra.is_empty()) {
        out.push(b',');
        serde_json::to_writer(&mut *out, key)?;
        out.push(b':');
        serde_json::to_writer(&mut *out, &extra)?;
    }
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// A JSON value of an output row.
enum Json<'t> {
    Null,
    Text(std::borrow::Cow<'t, str>),
    Number(String),
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
