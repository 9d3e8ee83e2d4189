//! The current record: field values as written in the data, read by the same cell reader as
//! `ladder run`; `:set`, `:unset`, `:clear` and `:show`.

use super::said::{Answer, FieldShown, Shown, Trouble};
use super::{Reply, Session};
use crate::diag::data::DataProblem;
use crate::eval::Frame;
use crate::ir::Program;
use crate::value::{read, Value};
use std::collections::HashMap;

/// The record being tried: each set field's cell text, by field name.
#[derive(Debug, Clone, Default)]
pub(super) struct Record {
    pub values: HashMap<String, String>,
    /// The data row it came from (index from 0, as population values count rows), if any.
    pub row: Option<usize>,
    /// That row's number as the user sees it: the spreadsheet's or the sheet's row.
    pub shown_row: usize,
}

impl Record {
    /// A frame for `program` holding this record's values (fields not set are missing).
    pub fn frame<'a>(&'a self, program: &Program) -> Frame<'a> {
        let mut frame = Frame::new(program);
        for (i, field) in program.fields.iter().enumerate() {
            if let Some(raw) = self.values.get(&field.name) {
                frame.fields[i] = read(program, field, raw).unwrap_or(Value::Missing);
            }
        }
        frame
    }

    /// Keeps the values that `program` still declares and can read; says what was dropped.
    pub fn reread(&mut self, program: &Program, reply: &mut Reply) {
        let mut names: Vec<String> = self.values.keys().cloned().collect();
        names.sort();
        for name in names {
            let raw = self.values[&name].clone();
            match program.fields.iter().find(|f| f.name == name) {
                None => {
                    self.values.remove(&name);
                    reply.say(Answer::NoLongerDeclared(name.clone()));
                }
                Some(field) => {
                    if let Err(e) = read(program, field, &raw) {
                        self.values.remove(&name);
                        reply.error(Trouble::TakenOut(Box::new(DataProblem::given(field, raw.trim(), e))));
                    }
                }
            }
        }
    }
}

impl Session {
    /// `:set FIELD = VALUE`.
    pub(super) fn set(&mut self, arg: &str) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let Some((name, raw)) = arg.split_once(['=', '＝']) else {
            return Reply::err(Trouble::SetUsage(arg.trim().to_string()));
        };
        let id = match self.field(name) {
            Ok(id) => id,
            Err(r) => return r,
        };
        let field = &self.scope.program().fields[id];
        let raw = raw.trim();
        if raw.is_empty() {
            return Reply::err(Trouble::GiveValue(field.name.clone()));
        }
        match read(self.scope.program(), field, raw) {
            Err(e) => Reply::err(Trouble::Unreadable(Box::new(DataProblem::given(field, raw, e)))),
            Ok(v) => {
                let shown = crate::explain::show_field(self.scope.program(), id, v);
                self.record.values.insert(field.name.clone(), raw.to_string());
                Reply::out(Answer::Set { field: field.name.clone(), shown })
            }
        }
    }

    /// `:unset FIELD`.
    pub(super) fn unset(&mut self, arg: &str) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        match self.field(arg) {
            Ok(id) => {
                let name = self.scope.program().fields[id].name.clone();
                self.record.values.remove(&name);
                Reply::out(Answer::NowMissing(name))
            }
            Err(r) => r,
        }
    }

    /// `:clear`.
    pub(super) fn clear(&mut self) -> Reply {
        self.record = super::record::Record::default();
        Reply::out(Answer::Cleared)
    }

    /// `:show`: one line per declared field.
    pub(super) fn show(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = self.scope.program();
        let frame = self.record.frame(p);
        let mut fields = Vec::new();
        let mut missing = 0;
        for (i, f) in p.fields.iter().enumerate() {
            missing += usize::from(frame.fields[i].is_missing());
            let raw = self.record.values.get(&f.name).map(|s| s.trim().to_string());
            let value = match (frame.fields[i], raw) {
                (Value::Missing, raw) => FieldShown::Missing { written: raw.filter(|r| !r.is_empty()) },
                (v, raw) => {
                    let shown = crate::explain::show_field(p, i, v);
                    FieldShown::Value { written: raw.filter(|r| *r != shown), shown }
                }
            };
            fields.push((f.name.clone(), value));
        }
        let origin = match (&self.record.row, &self.data) {
            (Some(_), Some(d)) => Some((self.record.shown_row, d.path.clone())),
            _ => None,
        };
        Reply::out(Answer::Show(Shown { origin, today: self.opts.today, fields, missing }))
    }

    /// The field named `name` (or whose column is `name`), or an error naming the closest.
    pub(super) fn field(&self, name: &str) -> Result<usize, Reply> {
        let name = name.trim().trim_matches('`');
        let fields = &self.scope.program().fields;
        if let Some(i) =
            fields.iter().position(|f| f.name == name).or_else(|| fields.iter().position(|f| f.column == name))
        {
            return Ok(i);
        }
        let suggestion = crate::diag::closest(name, fields.iter().map(|f| f.name.as_str())).map(String::from);
        Err(Reply::err(Trouble::NoField { name: name.to_string(), suggestion }))
    }
}
