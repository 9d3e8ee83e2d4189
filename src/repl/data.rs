//! The session's data file: `:data`, taking a record with `:row` and `:key`, and population
//! values (`quintile`, …) computed over the whole file as `ladder run` computes them.

use super::said::{Answer, Trouble, Wanted};
use super::{record::Record, Reply, Session};
use crate::diag::data::HeaderProblem;
use crate::ir::Program;
use crate::run::{self, Layout, OutFormat, Which};
use crate::source::RecordSource;
use csv::ByteRecord;
use std::io;

/// An opened data file: its header and how many records it has.
#[derive(Debug, Clone)]
pub(super) struct Data {
    pub path: String,
    /// The sheet read, of a workbook.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub rows: usize,
    /// The first and the last record's row number as the user sees it (the sheet's rows).
    pub span: (usize, usize),
}

/// An I/O error in words, without "(os error 2)".
pub(super) fn plain_io(e: &io::Error) -> String {
    let s = crate::input::os_reason(e);
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

impl Session {
    /// `:data FILE [SHEET]`, also used at start-up.
    pub fn open_data(&mut self, arg: &str) -> Reply {
        let (path, sheet) = match arg.rsplit_once(char::is_whitespace) {
            Some((p, s)) if !std::path::Path::new(arg).exists() && crate::workbook::is_workbook(p.trim()) => {
                (p.trim(), Some(s))
            }
            _ => (arg, None),
        };
        let (header, rows, sheet, span) = match self.scan(path, sheet) {
            Ok(Some(found)) => found,
            Ok(None) => return Reply::err(Trouble::EmptyData { path: path.to_string() }),
            Err(reason) => return Reply::err(Trouble::CannotRead { path: path.to_string(), reason }),
        };
        let opened = Answer::Opened { path: path.to_string(), sheet: sheet.clone(), rows, span };
        let data = Data { path: path.to_string(), sheet, header, rows, span };
        if self.rules.is_some() {
            if let Err(problems) = self.layout_of(self.scope.program(), &data) {
                let mut r = Reply::default();
                problems.into_iter().for_each(|p| r.error(Trouble::Layout(vec![p])));
                r.error(Trouble::DoesNotFit { path: path.to_string() });
                return r;
            }
        }
        let mut r = Reply::out(opened);
        self.data = Some(data);
        self.record.row = None;
        self.refresh_pops(&mut r);
        r
    }

    /// `:row N`: the spreadsheet's row number, the header being row 1.
    pub(super) fn row(&mut self, arg: &str) -> Reply {
        let n: usize = match arg.trim().parse() {
            Ok(n) => n,
            Err(_) => return Reply::err(Trouble::NotARow(arg.to_string())),
        };
        if n < 2 {
            return Reply::err(Trouble::HeaderRow(n));
        }
        self.take(Which::Row(n), Wanted::Row(n))
    }

    /// `:key ID`: the record whose key field has this value.
    pub(super) fn key(&mut self, arg: &str) -> Reply {
        if !self.scope.program().fields.iter().any(|f| f.key) {
            return match self.need_rules() {
                Some(r) => r,
                None => Reply::err(Trouble::NoKeyField),
            };
        }
        self.take(Which::Key(arg), Wanted::Key(arg.trim().to_string()))
    }

    /// Makes the first record matching `hit` the current record.
    fn take(&mut self, which: Which<'_>, wanted: Wanted) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let Some(data) = &self.data else {
            return Reply::err(Trouble::NoData);
        };
        let mut layout = match self.layout_of(self.scope.program(), data) {
            Ok(l) => l,
            Err(problems) => return Reply::err(Trouble::Layout(problems)),
        };
        let found = self.open(data).and_then(|mut source| {
            source.header().map_err(|e| e.to_string())?;
            layout.place = source.place();
            run::find_record(self.scope.program(), &layout, &mut *source, which).map_err(|e| e.to_string())
        });
        let (index, record) = match found {
            Ok(Some(found)) => found,
            Ok(None) => {
                return Reply::err(Trouble::NotFound {
                    wanted,
                    path: data.path.clone(),
                    rows: data.rows,
                    span: data.span,
                })
            }
            Err(reason) => return Reply::err(Trouble::CannotRead { path: data.path.clone(), reason }),
        };
        let mut frame = crate::eval::Frame::new(self.scope.program());
        let errors = run::load(self.scope.program(), &layout, &record, index, &mut frame);
        let shown_row = layout.place.as_ref().map_or(index + 2, |p| p.row(index));
        let mut taken = Record { values: Default::default(), row: Some(index), shown_row };
        for (i, f) in self.scope.program().fields.iter().enumerate() {
            let cell = record.get(layout.columns[i]).map(String::from_utf8_lossy).unwrap_or_default();
            if !cell.trim().is_empty() && !frame.fields[i].is_missing() {
                taken.values.insert(f.name.clone(), cell.trim().to_string());
            }
        }
        self.record = taken;
        let key = self.scope.program().fields.iter().position(|f| f.key).and_then(|k| {
            let f = &self.scope.program().fields[k];
            self.record.values.get(&f.name).map(|v| (f.name.clone(), v.clone()))
        });
        let mut r = Reply::out(Answer::RecordIsNow { row: shown_row, key });
        for e in errors.problems {
            r.error(Trouble::LeftMissing(Box::new(e)));
        }
        r
    }

    /// Why the open data no longer fits the rules, if it does not.
    pub(super) fn data_problem(&self) -> Option<Vec<Trouble>> {
        let data = self.data.as_ref()?;
        let problems = self.layout_of(self.scope.program(), data).err()?;
        let mut troubles: Vec<Trouble> = problems.into_iter().map(|p| Trouble::Layout(vec![p])).collect();
        troubles.push(Trouble::NoLongerFits { path: data.path.clone() });
        Some(troubles)
    }

    /// Where each declared field is read from in `data`, or why it does not fit `program`.
    pub(super) fn layout_of(&self, program: &Program, data: &Data) -> Result<Layout, Vec<HeaderProblem>> {
        let opts = run::Options {
            today: self.opts.today,
            explain: false,
            format: OutFormat::Csv,
            keep: None,
            threads: 1,
            progress: None,
            lang: self.opts.lang,
        };
        run::layout(program, &data.header, &opts)
    }
}

/// A data file's header, how many records follow it, the sheet read, and the rows of the first
/// and the last record.
type Scanned = (Vec<String>, usize, Option<String>, (usize, usize));

impl Session {
    /// The records of the session's data file.
    pub(super) fn open(&self, data: &Data) -> Result<Box<dyn RecordSource>, String> {
        self.open_file(&data.path, data.sheet.as_deref()).map(|(source, _)| source)
    }

    fn open_file(&self, path: &str, sheet: Option<&str>) -> Result<(Box<dyn RecordSource>, Option<String>), String> {
        let wanted = crate::workbook::Wanted::of(self.scope.program());
        crate::workbook::open_file(path, self.opts.encoding, None, sheet, &wanted, self.opts.lang)
            .map_err(|e| plain_io(&e))
    }

    /// The header of a data file, how many records follow it and the sheet read; `None` for an
    /// empty file.
    fn scan(&self, path: &str, sheet: Option<&str>) -> Result<Option<Scanned>, String> {
        let (mut source, sheet) = self.open_file(path, sheet)?;
        let Some(header) = source.header().map_err(|e| e.to_string())? else { return Ok(None) };
        let mut record = ByteRecord::new();
        let mut rows: usize = 0;
        while source.next_record(&mut record).map_err(|e| e.to_string())? {
            rows += 1;
        }
        let place = source.place();
        let shown = |index: usize| place.as_ref().map_or(index + 2, |p| p.row(index));
        let span = (shown(0), rows.checked_sub(1).map_or(shown(0) - 1, shown));
        Ok(Some((header, rows, sheet, span)))
    }
}
