//! The result cells of a graded record, and writing a row as CSV or JSON.

use super::{Cells, Layout};
use crate::eval::{Ctx, Frame};
use crate::explain::{move_why_line, why_line};
use crate::value::{format_number, Value};
use std::io;

/// A result cell.
#[derive(Debug, Clone)]
pub(super) enum Cell<'p> {
    Empty,
    Str(&'p str),
    /// A string known to need no quoting in CSV.
    Plain(&'p str),
    Text(String),
    Num(f64),
}

/// The result cells of a record that was read cleanly (without the `error` cell).
pub(super) fn results<'p>(
    ctx: &Ctx<'p>,
    layout: &'p Layout,
    frame: &mut Frame<'p>,
    cells: &mut Vec<Cell<'p>>,
    counts: &mut [Vec<usize>],
) {
    let program = ctx.program;
    let text = |s: &'p str| if layout.plain_results { Cell::Plain(s) } else { Cell::Str(s) };
    for (l, ladder) in program.ladders.iter().enumerate() {
        let fired = ctx.grade(l, frame);
        counts[l][fired.unwrap_or(ladder.rules.len())] += 1;
        match fired {
            Some(i) => {
                let r = &ladder.rules[i];
                cells.extend([text(&r.level), text(&r.label), text(&layout.rule_lines[l][i])]);
            }
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        if layout.explain {
            cells.push(Cell::Text(why_line(ctx, l, frame, fired)));
        }
        for o in 0..ladder.outputs.len() {
            let value = fired.and_then(|i| ladder.rules[i].outputs.iter().find(|(k, _)| *k == o));
            cells.push(value.map_or(Cell::Empty, |(_, v)| text(v)));
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
                cells.push(text(&program.ladders[set.ladder].rules[to].level));
                cells.push(text(&layout.move_lines[t][m]));
            }
            None => {
                let stay = match frame.fields[set.field] {
                    Value::Member(i) => text(&program.ladders[set.ladder].rules[i as usize].level),
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
            Cell::Plain(s) => {
                if !first {
                    out.push(b',');
                }
                out.extend_from_slice(s.as_bytes());
            }
            Cell::Text(s) => push_field(out, s.as_bytes(), first),
            Cell::Num(n) => push_field(out, format_number(*n).as_bytes(), first),
        }
        first = false;
    }
    out.push(b'\n');
}

/// Whether a CSV field must be quoted: it holds a comma, a quote or a line break.
pub(super) fn needs_quotes(field: &[u8]) -> bool {
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

pub(super) fn write_json<'a>(
    out: &mut Vec<u8>,
    layout: &Layout,
    record: impl Cells<'a>,
    cells: &[Cell<'_>],
) -> io::Result<()> {
    let mut map = serde_json::Map::new();
    let names = layout.headers.iter();
    let inputs = layout
        .keep
        .iter()
        .map(|&i| serde_json::Value::String(String::from_utf8_lossy(record.get(i).unwrap_or(b"")).into_owned()));
    let results = cells.iter().map(|c| match c {
        Cell::Empty => serde_json::Value::Null,
        Cell::Str(s) | Cell::Plain(s) => serde_json::Value::String(s.to_string()),
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
