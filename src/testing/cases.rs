//! Test tables: a CSV file of records, each with the levels it should get in `expect_<ladder>`
//! columns. Cells are read exactly as `ladder run` reads them; field columns the table leaves
//! out are missing values.

use super::problem::{NotALevel, RowProblem, TableProblem, TableWarning};
use crate::cell;
use crate::diag::closest;
use crate::diag::data::{At, DataKind, DataProblem};
use crate::eval::{rank_populations, Ctx, Frame, Pops, Sample};
use crate::input::Encoding;
use crate::ir::{LadderId, Program, Target};
use crate::run;
use csv::ByteRecord;
use jiff::civil::Date;

/// The prefix of the columns holding expected levels.
pub const EXPECT: &str = "expect_";
/// Columns that name a case.
pub(super) const NAME_COLUMNS: [&str; 2] = ["name", "case"];

/// A test table, read and bound to a program's fields.
#[derive(Debug)]
pub struct Table {
    /// The path as given.
    pub path: String,
    /// Things worth saying that do not stop the run (a column that looks like a misspelt field).
    pub warnings: Vec<TableWarning>,
    width: usize,
    records: Vec<ByteRecord>,
    /// The column of each field, if the table has it.
    fields: Vec<Option<usize>>,
    /// `(column, target, the ladder whose levels it holds)`.
    expects: Vec<(usize, Target, LadderId)>,
    name: Option<usize>,
    /// Where the rows sit in a workbook's sheet.
    place: Option<std::sync::Arc<crate::workbook::Place>>,
}

/// One row, read: the record, its expectations, and what could not be read.
pub struct Row<'r> {
    /// The row as a spreadsheet counts it (the header is row 1), or the sheet's own row number.
    pub row: usize,
    pub name: String,
    pub frame: Frame<'r>,
    pub expects: Vec<(Target, Option<usize>)>,
    pub errors: Vec<RowProblem>,
}

/// Reads the table at `path` (CSV, or a workbook's first sheet with a declared column) for
/// `program`. The error says why the table cannot be used (a workbook's, in `lang`).
pub fn load(
    program: &Program,
    path: &str,
    encoding: Encoding,
    lang: crate::diag::Lang,
) -> Result<Table, Vec<TableProblem>> {
    let cannot = |e: std::io::Error| vec![TableProblem::Unreadable { path: path.into(), reason: e.to_string() }];
    let wanted = crate::workbook::Wanted { all: false, ..crate::workbook::Wanted::of(program) };
    let (mut source, _) = crate::workbook::open_file(path, encoding, None, None, &wanted, lang).map_err(cannot)?;
    let Some(header) = source.header().map_err(cannot)? else {
        return Err(vec![TableProblem::Empty { path: path.to_string() }]);
    };
    let mut records = Vec::new();
    let mut record = ByteRecord::new();
    while source.next_record(&mut record).map_err(cannot)? {
        records.push(record.clone());
    }
    let mut table = bind(program, path, &header).map_err(|mut e| {
        if header.iter().any(|h| h.contains('\u{FFFD}')) {
            e.push(TableProblem::HeaderEncoding { path: path.to_string(), encoding: encoding.to_string() });
        }
        e
    })?;
    table.records = records;
    table.place = source.place();
    Ok(table)
}

fn bind(program: &Program, path: &str, header: &[String]) -> Result<Table, Vec<TableProblem>> {
    let targets: Vec<(String, Target, LadderId)> = program
        .ladders
        .iter()
        .enumerate()
        .map(|(l, x)| (x.name.clone(), Target::Ladder(l), l))
        .chain(program.transitions.iter().enumerate().map(|(t, x)| (x.name.clone(), Target::Transitions(t), x.ladder)))
        .collect();
    let mut problems = Vec::new();
    let mut expects = Vec::new();
    let mut warnings = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(j) = header[..i].iter().position(|o| o == h) {
            let (header, first, second) = (h.clone(), j + 1, i + 1);
            problems.push(TableProblem::DuplicateHeader { path: path.to_string(), header, first, second });
        }
        if let Some(name) = h.strip_prefix(EXPECT) {
            match targets.iter().find(|(n, _, _)| n == name) {
                Some((_, t, l)) => expects.push((i, *t, *l)),
                None => {
                    let columns: Vec<String> = targets.iter().map(|(n, _, _)| n.clone()).collect();
                    let suggestion = closest(name, columns.iter().map(String::as_str)).map(String::from);
                    let (path, column) = (path.to_string(), h.clone());
                    problems.push(TableProblem::UnknownExpect { path, column, suggestion, columns });
                }
            }
        } else if !NAME_COLUMNS.contains(&h.as_str())
            && !program.fields.iter().any(|f| f.column == crate::cell::trim(h))
        {
            if let Some(c) = closest(h, program.fields.iter().map(|f| f.column.as_str())) {
                let (path, column, suggestion) = (path.to_string(), h.clone(), c.to_string());
                warnings.push(TableWarning::NotAField { path, column, suggestion });
            }
        }
    }
    if expects.is_empty() && problems.is_empty() {
        let example = targets.first().map_or("expect_LADDER".into(), |(n, _, _)| format!("{EXPECT}{n}"));
        problems.push(TableProblem::NoExpect { path: path.to_string(), example });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Table {
        path: path.to_string(),
        warnings,
        width: header.len(),
        records: vec![],
        fields: program.fields.iter().map(|f| header.iter().position(|h| crate::cell::trim(h) == f.column)).collect(),
        expects,
        name: header.iter().position(|h| NAME_COLUMNS.contains(&h.as_str())),
        place: None,
    })
}

impl Table {
    /// Every row read for `program` (the program the table was loaded for).
    pub fn rows<'r>(&'r self, program: &'r Program) -> Vec<Row<'r>> {
        self.records.iter().enumerate().map(|(i, r)| self.row(program, i, r)).collect()
    }

    fn row<'r>(&'r self, program: &'r Program, index: usize, record: &'r ByteRecord) -> Row<'r> {
        let mut frame = Frame::new(program);
        let row = self.place.as_ref().map_or(index + 2, |p| p.row(index));
        let mut problems = Vec::new();
        if record.len() != self.width {
            let at = At::Cell { row: index + 2, column: String::new() };
            let kind = DataKind::Width { cells: record.len(), header: self.width };
            problems.push(DataProblem { at, field: String::new(), value: String::new(), kind });
        }
        for (f, column) in self.fields.iter().enumerate() {
            let Some(c) = column else { continue };
            match run::cell(program, &program.fields[f], record.get(*c).unwrap_or(b""), index) {
                Ok(v) => frame.fields[f] = v,
                Err(e) => problems.push(*e),
            }
        }
        if let Some(place) = &self.place {
            problems.iter_mut().for_each(|p| place.locate(p, index));
        }
        let mut errors: Vec<RowProblem> = problems.into_iter().map(RowProblem::Data).collect();
        let text = |c: usize| String::from_utf8_lossy(record.get(c).unwrap_or(b"")).trim().to_string();
        let mut expects = Vec::new();
        for &(c, target, ladder) in &self.expects {
            match expected(program, ladder, &text(c)) {
                Ok(Some(level)) => expects.push((target, level)),
                Ok(None) => {}
                Err(e) => {
                    let column = format!("{EXPECT}{}", target_name(program, target));
                    errors.push(RowProblem::Expect { row, column, level: e })
                }
            }
        }
        let key = program.fields.iter().position(|f| f.key).and_then(|f| self.fields[f]);
        let name = self.name.or(key).map(text).unwrap_or_default();
        Row { row, name, frame, expects, errors }
    }
}

/// An expect cell: `None` when empty (no expectation), `Some(None)` for no level.
fn expected(program: &Program, ladder: LadderId, cell: &str) -> Result<Option<Option<usize>>, NotALevel> {
    if cell.is_empty() {
        return Ok(None);
    }
    // A level spelled like a missing marker (a level `无`) is that level.
    match program.ladders[ladder].level(cell) {
        Some(i) => Ok(Some(Some(i))),
        None if cell.eq_ignore_ascii_case("missing") || cell::is_missing(cell) => Ok(Some(None)),
        None => {
            let levels: Vec<String> = program.levels(ladder).map(String::from).collect();
            let suggestion = closest(cell, levels.iter().map(String::as_str)).map(String::from);
            let (text, ladder) = (cell.to_string(), program.ladders[ladder].name.clone());
            Err(NotALevel { text, ladder, suggestion, levels })
        }
    }
}

fn target_name(program: &Program, target: Target) -> &str {
    match target {
        Target::Ladder(l) => &program.ladders[l].name,
        Target::Transitions(t) => &program.transitions[t].name,
    }
}

/// Population functions (`quintile`, `percentile`, `rank`) over the rows of the table, as
/// `ladder run` computes them over a data file. Rows that could not be read take no part.
pub fn populations(program: &Program, rows: &[Row<'_>], today: Date) -> Pops {
    if program.pops.is_empty() {
        return Pops::default();
    }
    let ranked = rank_populations(program, |pops, wanted| {
        let ctx = Ctx { program, today, pops };
        let mut samples = vec![Sample::default(); wanted.len()];
        for row in rows {
            let mut frame = row.frame.clone();
            for (&p, sample) in wanted.iter().zip(&mut samples) {
                let arg = run::population_arg(&ctx, &mut frame, p, row.errors.is_empty());
                arg.into_iter().for_each(|v| sample.push(v));
            }
        }
        Ok::<_, std::convert::Infallible>(samples)
    });
    match ranked {
        Ok(pops) => pops,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;

    const RULES: &str = "ladder \"t\"\nfields {\n  金额: money\n}\ngrades 等级 {\n  A08 \"范围级\" if 金额 >= 100万\n  A21 \"资料级\" otherwise\n}\n";

    #[test]
    fn expect_cells() {
        let p = check_text("t.ladder", RULES).program;
        assert_eq!(expected(&p, 0, ""), Ok(None));
        assert_eq!(expected(&p, 0, "A08"), Ok(Some(Some(0))));
        assert_eq!(expected(&p, 0, "missing"), Ok(Some(None)));
        assert_eq!(expected(&p, 0, "-"), Ok(Some(None)));
        let e = expected(&p, 0, "A8").unwrap_err();
        assert_eq!(
            crate::diag::words::testing::not_a_level(crate::diag::Lang::En, &e),
            "\"A8\" is not a level of 等级; did you mean A08?"
        );
    }

    #[test]
    fn columns_bind_and_absent_fields_are_missing() {
        let p = check_text("t.ladder", RULES).program;
        let header = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let t = bind(&p, "c.csv", &header(&["name", "expect_等级", "备注"])).unwrap();
        assert_eq!((t.fields.clone(), t.name), (vec![None], Some(0)));
        let e = bind(&p, "c.csv", &header(&["金额"])).unwrap_err();
        assert!(matches!(e.as_slice(), [TableProblem::NoExpect { .. }]), "{e:?}");
        let t = bind(&p, "c.csv", &header(&["金 额", "expect_等级"])).unwrap();
        let words: Vec<String> = t
            .warnings
            .iter()
            .map(|w| crate::diag::words::testing_why::table_warning(crate::diag::Lang::En, w))
            .collect();
        assert_eq!(words, ["c.csv: the column \"金 额\" is not a field and is ignored; did you mean \"金额\"?"]);
    }
}
