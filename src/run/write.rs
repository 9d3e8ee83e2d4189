//! The result cells of a graded record, and writing a row as CSV or JSON.

use super::{Cells, Layout, OutFormat, RowErrors};
use crate::eval::{Ctx, Frame, Group64};
use crate::explain::{move_why_line, why_line, Room};
use crate::ir::{Depends, Fields, Program};
use crate::value::{write_number, Decimal, Value};

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
        self.tally(ctx, frame, counts, spoilt, None);
    }

    /// Grades record `k` of a group whose conditions a [`crate::eval::Plan`] worked out, as
    /// [`Outcome::grade`] would (a record read cleanly).
    pub(crate) fn grade_planned<'p>(
        &mut self,
        ctx: &Ctx<'p>,
        frame: &mut Frame<'p>,
        counts: &mut [Vec<usize>],
        planned: (&Group64, usize),
    ) {
        self.tally(ctx, frame, counts, None, Some(planned));
    }

    fn tally<'p>(
        &mut self,
        ctx: &Ctx<'p>,
        frame: &mut Frame<'p>,
        counts: &mut [Vec<usize>],
        spoilt: Option<(&Depends, &RowErrors)>,
        planned: Option<(&Group64, usize)>,
    ) {
        let program = ctx.program;
        let spoils = |of: fn(&Depends) -> &[Fields], i: usize| spoilt.is_some_and(|(d, e)| e.spoil(&of(d)[i]));
        self.rules.clear();
        self.spoiled.clear();
        for (l, ladder) in program.ladders.iter().enumerate() {
            let spoiled = spoils(|d| &d.ladders, l);
            let fired = match planned {
                _ if spoiled => None,
                Some((group, k)) => group.fired(l, k),
                None => ctx.grade(l, frame),
            };
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
            let next = match planned {
                Some((group, k)) => group.moved(t, k),
                None => ctx.next_stage(t, frame),
            };
            self.stages.push(match (next, ctx.current_stage(t, frame)) {
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
    room: &mut Room<'p>,
) {
    let program = ctx.program;
    room.next_record();
    for ((l, ladder), &fired) in program.ladders.iter().enumerate().zip(&outcome.rules) {
        match fired {
            Some(i) => {
                let r = &ladder.rules[i];
                cells.extend([Cell::Str(&r.level), Cell::Str(&r.label), Cell::Str(&layout.rule_lines[l][i])]);
            }
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        if let Some(facts) = &layout.explain {
            let spoiled = outcome.spoiled[l];
            cells.push(if spoiled {
                Cell::Empty
            } else {
                Cell::Text(why_line(facts, ctx, l, frame, fired, lang, room))
            });
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
        if let Some(facts) = &layout.explain {
            let spoiled = matches!(stage, Stage::Spoiled);
            cells.push(if spoiled {
                Cell::Empty
            } else {
                Cell::Text(move_why_line(facts, ctx, t, frame, stage.fired(), lang, room))
            });
        }
    }
}

/// The text of every possible result of each ladder and transition set in the output format, made
/// once: a graded row is then written with a copy per ladder (used without `--explain`). In CSV a
/// fragment is its cells, each after a comma; in JSON lines, its `,"name":value` pairs.
#[derive(Debug, Clone)]
pub(super) struct Fragments {
    format: OutFormat,
    /// JSON lines: `"name":` of each kept input column, after a comma but for the first.
    keep_keys: Vec<Vec<u8>>,
    /// `ladders[l][i]`: the cells of rule `i` of ladder `l`; the last, of no rule.
    ladders: Vec<Vec<Vec<u8>>>,
    /// What comes before each score's value: `,` or `,"name":`.
    score_keys: Vec<Vec<u8>>,
    /// `moves[t][m]`: the cells of move `m` of transition set `t`.
    moves: Vec<Vec<Vec<u8>>>,
    /// `stays[t][s]`: the cells of staying at level `s`; the last, of having no stage.
    stays: Vec<Vec<Vec<u8>>>,
    /// The empty `error` cell and the end of the row.
    end: Vec<u8>,
}

impl Fragments {
    pub(super) fn new(
        program: &Program,
        format: OutFormat,
        kept: &[&str],
        rule_lines: &[Vec<String>],
        move_lines: &[Vec<String>],
    ) -> Self {
        // Pairs of column name and value (`None`: empty) as the format writes them, each after a comma.
        let cells = |cells: &[(&str, Option<&str>)]| {
            let mut out = Vec::new();
            for (name, value) in cells {
                match format {
                    OutFormat::Csv => push_field(&mut out, value.unwrap_or("").as_bytes(), false),
                    OutFormat::Jsonl => {
                        out.push(b',');
                        push_json_str(&mut out, name.as_bytes());
                        out.push(b':');
                        push_json_value(&mut out, value.unwrap_or("").as_bytes());
                    }
                }
            }
            out
        };
        let ladders = program.ladders.iter().zip(rule_lines).map(|(ladder, lines)| {
            let (label, rule) = (format!("{}_label", ladder.name), format!("{}_rule", ladder.name));
            let names: Vec<&str> = [ladder.name.as_str(), &label, &rule]
                .into_iter()
                .chain(ladder.outputs.iter().map(String::as_str))
                .collect();
            let of = |values: Vec<Option<&str>>| cells(&names.iter().copied().zip(values).collect::<Vec<_>>());
            let fired = |(r, line): (&crate::ir::Rule, &String)| {
                let outputs = (0..ladder.outputs.len()).map(|o| r.output(o));
                of([Some(r.level.as_str()), Some(&r.label), Some(line)].into_iter().chain(outputs).collect())
            };
            let none = of(vec![None; names.len()]);
            ladder.rules.iter().zip(lines).map(fired).chain([none]).collect()
        });
        let level = |t: &crate::ir::Transitions, s: usize| program.ladders[t.ladder].rules[s].level.as_str();
        let set_cells = |t: &crate::ir::Transitions, stage: Option<&str>, line: Option<&str>| {
            cells(&[(t.name.as_str(), stage), (&format!("{}_rule", t.name), line)])
        };
        let moves = program.transitions.iter().zip(move_lines).map(|(t, lines)| {
            t.moves.iter().zip(lines).map(|(m, line)| set_cells(t, Some(level(t, m.to)), Some(line))).collect()
        });
        let stays = program.transitions.iter().map(|t| {
            let levels = program.ladders[t.ladder].rules.len();
            (0..levels).map(|s| set_cells(t, Some(level(t, s)), None)).chain([set_cells(t, None, None)]).collect()
        });
        let key = |name: &str, comma: bool| {
            let mut out = Vec::new();
            if comma {
                out.push(b',');
            }
            if format == OutFormat::Jsonl {
                push_json_str(&mut out, name.as_bytes());
                out.push(b':');
            }
            out
        };
        let end = match format {
            OutFormat::Csv => b",\n".to_vec(),
            OutFormat::Jsonl => b",\"error\":null}\n".to_vec(),
        };
        Fragments {
            format,
            keep_keys: kept.iter().enumerate().map(|(i, name)| key(name, i > 0)).collect(),
            ladders: ladders.collect(),
            score_keys: program.scores.iter().map(|s| key(&s.name, true)).collect(),
            moves: moves.collect(),
            stays: stays.collect(),
            end,
        }
    }
}

/// Writes a clean record's row from the fragments.
pub(super) fn write_graded<'a>(
    out: &mut Vec<u8>,
    layout: &Layout,
    fragments: &Fragments,
    record: impl Cells<'a>,
    outcome: &Outcome,
) {
    let json = fragments.format == OutFormat::Jsonl;
    if json {
        out.push(b'{');
    }
    match json {
        false => push_kept(out, layout, record),
        true => {
            // Every cell of UTF-8 text with nothing to escape, checked once for the whole line.
            let plain = layout.extra.is_some() && record.text().is_some() && record.line().is_some_and(json_plain);
            for (k, &i) in layout.keep.iter().enumerate() {
                let cell = record.get(i).unwrap_or(b"");
                out.extend_from_slice(&fragments.keep_keys[k]);
                if cell.is_empty() {
                    out.extend_from_slice(b"null");
                } else if plain {
                    out.push(b'"');
                    out.extend_from_slice(cell);
                    out.push(b'"');
                } else {
                    match record.str(i) {
                        Some(text) => push_json_text(out, text),
                        None => push_json_str(out, cell),
                    }
                }
            }
        }
    }
    let start = out.len();
    for (cells, fired) in fragments.ladders.iter().zip(&outcome.rules) {
        out.extend_from_slice(&cells[fired.unwrap_or(cells.len() - 1)]);
    }
    for (key, score) in fragments.score_keys.iter().zip(&outcome.scores) {
        out.extend_from_slice(key);
        match (score, json) {
            (Some(n), _) => write_number(out, *n),
            (None, true) => out.extend_from_slice(b"null"),
            (None, false) => {}
        }
    }
    for (t, stage) in outcome.stages.iter().enumerate() {
        let stays = &fragments.stays[t];
        out.extend_from_slice(match *stage {
            Stage::Moved(m, _) => &fragments.moves[t][m],
            Stage::Stays(s) => &stays[s],
            Stage::Unknown | Stage::Spoiled => &stays[stays.len() - 1],
        });
    }
    out.extend_from_slice(&fragments.end);
    // The fragments start with a comma, which the row's first cell has none of.
    if layout.keep.is_empty() {
        out.remove(start);
    }
}

/// Appends `text` as a JSON string; bytes that are not UTF-8 become U+FFFD.
fn push_json_str(out: &mut Vec<u8>, text: &[u8]) {
    match std::str::from_utf8(text) {
        Ok(text) => push_json_text(out, text),
        Err(_) => push_json_text(out, &String::from_utf8_lossy(text)),
    }
}

/// Whether text needs no escape in a JSON string: it holds no quote, backslash or control
/// character. Most cells need none; that is found without a branch per byte — 16 bytes at a time,
/// the last 16 overlapping the ones before, and a short cell in one or two words.
fn json_plain(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes")));
    match n {
        16.. => {
            let (chunks, _) = bytes.as_chunks::<16>();
            let last: &[u8; 16] = bytes[n - 16..].try_into().expect("sixteen bytes");
            plain_chunks(chunks, last)
        }
        8..16 => escapes(word(0)) | escapes(word(n - 8)) == 0,
        4..8 => escapes(half(0) | half(n - 4) << 32) == 0,
        _ => bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\'),
    }
}

/// The high bit of a byte of `word` is set where some byte of it needs an escape in JSON (exact
/// for the word as a whole; bytes after the first such one may be marked wrongly).
fn escapes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `b`: subtracting `b` borrows into its high bit, which was clear.
    let below = |w: u64, b: u8| w.wrapping_sub(ONES * u64::from(b)) & !w & HIGH;
    below(word, 0x20) | below(word ^ (ONES * u64::from(b'"')), 1) | below(word ^ (ONES * u64::from(b'\\')), 1)
}

/// Whether `chunks` and `last` hold no byte that needs an escape in JSON: SSE2, which every x86-64
/// processor has, compares 16 bytes at once.
#[cfg(target_arch = "x86_64")]
fn plain_chunks(chunks: &[[u8; 16]], last: &[u8; 16]) -> bool {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, min_u8_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
        zeroed_m128i,
    };
    let [control, quote, backslash] = [0x1f, b'"', b'\\'].map(|b| set_splat_i8_m128i(b as i8));
    let mut bad = zeroed_m128i();
    for chunk in chunks.iter().chain([last]) {
        let x = load_unaligned_m128i(chunk);
        let low = cmp_eq_mask_i8_m128i(min_u8_m128i(x, control), x);
        let marks = bitor_m128i(cmp_eq_mask_i8_m128i(x, quote), cmp_eq_mask_i8_m128i(x, backslash));
        bad = bitor_m128i(bad, bitor_m128i(low, marks));
    }
    move_mask_i8_m128i(bad) == 0
}

#[cfg(not(target_arch = "x86_64"))]
fn plain_chunks(chunks: &[[u8; 16]], last: &[u8; 16]) -> bool {
    plain_chunks_by_words(chunks, last)
}

/// [`plain_chunks`] eight bytes at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn plain_chunks_by_words(chunks: &[[u8; 16]], last: &[u8; 16]) -> bool {
    let words = chunks.iter().chain([last]).flat_map(|c| c.as_chunks::<8>().0);
    words.fold(0, |bad, w| bad | escapes(u64::from_le_bytes(*w))) == 0
}

/// Appends `text` as a JSON string.
fn push_json_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    if json_plain(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut done = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[done..i]);
        match escaped.is_empty() {
            true => out.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
            false => out.extend_from_slice(escaped),
        }
        done = i + 1;
    }
    out.extend_from_slice(&bytes[done..]);
    out.push(b'"');
}

/// Appends an input or result cell as a JSON value: `null` when empty, else a string.
fn push_json_value(out: &mut Vec<u8>, cell: &[u8]) {
    match cell.is_empty() {
        true => out.extend_from_slice(b"null"),
        false => push_json_str(out, cell),
    }
}

pub(super) fn write_csv<'a>(out: &mut Vec<u8>, layout: &Layout, record: impl Cells<'a>, cells: &[Cell<'_>]) {
    push_kept(out, layout, record);
    let mut first = layout.keep.is_empty();
    for c in cells {
        match c {
            Cell::Empty => push_field(out, b"", first),
            Cell::Str(s) => push_field(out, s.as_bytes(), first),
            Cell::Text(s) => push_field(out, s.as_bytes(), first),
            Cell::Num(n) => {
                if !first {
                    out.push(b',');
                }
                write_number(out, *n);
            }
        }
        first = false;
    }
    for cell in extra_cells(layout, record) {
        push_field(out, cell, first);
        first = false;
    }
    out.push(b'\n');
}

/// Appends the input columns the output keeps, as CSV fields. When it keeps every column and the
/// record's cells lie in its block as a line that needs no quoting, that line is copied whole:
/// the same bytes, without a look at each cell.
fn push_kept<'a>(out: &mut Vec<u8>, layout: &Layout, record: impl Cells<'a>) {
    if layout.extra.is_some() && record.width() == layout.width {
        if let Some(line) = record.line() {
            out.extend_from_slice(line);
            return;
        }
    }
    for (k, &i) in layout.keep.iter().enumerate() {
        push_field(out, record.get(i).unwrap_or(b""), k == 0);
    }
}

/// The cells of `record` beyond the header's, which are written after the last column.
fn extra_cells<'a>(layout: &Layout, record: impl Cells<'a>) -> impl Iterator<Item = &'a [u8]> {
    let beyond = if layout.extra.is_some() { layout.width..record.width() } else { 0..0 };
    beyond.filter_map(move |i| record.get(i))
}

/// Whether a CSV field must be quoted: it holds a comma, a quote or a line break.
fn needs_quotes(field: &[u8]) -> bool {
    // Long cells (`--explain`'s) are searched with SIMD; for the short ones a loop is quicker.
    match field.len() {
        0..32 => field.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r')),
        _ => memchr::memchr3(b',', b'"', b'\n', field).is_some() || memchr::memchr(b'\r', field).is_some(),
    }
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
        let mut done = 0;
        for quote in memchr::memchr_iter(b'"', field) {
            out.extend_from_slice(&field[done..=quote]);
            out.push(b'"');
            done = quote + 1;
        }
        out.extend_from_slice(&field[done..]);
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
}

/// Writes a row as one JSON object whose keys are the output columns in order; a number is
/// written as the CSV output writes it, an empty cell as `null`.
pub(super) fn write_json<'a>(out: &mut Vec<u8>, layout: &Layout, record: impl Cells<'a>, cells: &[Cell<'_>]) {
    let inputs = layout.keep.iter().map(|&i| Json::Text(record.get(i).unwrap_or(b"")));
    let results = cells.iter().map(|c| match c {
        Cell::Empty => Json::Text(b""),
        Cell::Str(s) => Json::Text(s.as_bytes()),
        Cell::Text(s) => Json::Text(s.as_bytes()),
        Cell::Num(n) => Json::Number(*n),
    });
    out.push(b'{');
    for (i, (name, value)) in layout.headers.iter().zip(inputs.chain(results)).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_str(out, name.as_bytes());
        out.push(b':');
        match value {
            Json::Text(t) => push_json_value(out, t),
            Json::Number(n) => write_number(out, n),
        }
    }
    let mut extra = extra_cells(layout, record).peekable();
    if let (Some(key), true) = (&layout.extra, extra.peek().is_some()) {
        out.push(b',');
        push_json_str(out, key.as_bytes());
        out.extend_from_slice(b":[");
        for (i, cell) in extra.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_json_str(out, cell);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"}\n");
}

/// A JSON value of an output row.
enum Json<'t> {
    /// A text; empty is `null`.
    Text(&'t [u8]),
    Number(Decimal),
}

#[cfg(test)]
mod tests {
    use super::{json_plain, plain_chunks, plain_chunks_by_words, push_field, push_json_str};
    use proptest::prelude::*;

    proptest! {
        /// Text is plain for JSON exactly when no byte is a quote, a backslash or a control
        /// character, wherever such a byte lies and however long the text is.
        #[test]
        fn json_plain_finds_every_escape(
            mut bytes in prop::collection::vec(0x20u8..=0xff, 0..70),
            bad in prop::option::of((any::<prop::sample::Index>(), prop::sample::select(vec![0u8, 0x1f, b'\n', b'"', b'\\']))),
        ) {
            bytes.iter_mut().filter(|b| matches!(b, b'"' | b'\\')).for_each(|b| *b = b'a');
            if let (Some((at, b)), false) = (bad, bytes.is_empty()) {
                let at = at.index(bytes.len());
                bytes[at] = b;
            }
            let want = bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\');
            prop_assert_eq!(json_plain(&bytes), want);
            if let Some(last) = bytes.last_chunk::<16>() {
                let chunks = bytes.as_chunks::<16>().0;
                prop_assert_eq!(plain_chunks_by_words(chunks, last), plain_chunks(chunks, last));
            }
        }

        /// Any bytes are written as a JSON string that reads back as their text.
        #[test]
        fn json_strings_read_back(bytes in prop::collection::vec(any::<u8>(), 0..40), text in "[\\PC\"\\\\\n\t\u{1}-\u{1f}是]{0,12}") {
            for input in [bytes.clone(), text.into_bytes()] {
                let mut out = Vec::new();
                push_json_str(&mut out, &input);
                let back: String = serde_json::from_slice(&out).unwrap();
                prop_assert_eq!(back, String::from_utf8_lossy(&input).into_owned());
            }
        }

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
