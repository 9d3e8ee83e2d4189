//! The current record: field values as written in the data, read by the same cell reader as
//! `ladder run`; `:set`, `:unset`, `:clear` and `:show`.

use super::{style, Reply, Session};
use crate::diag::data::DataProblem;
use crate::eval::Frame;
use crate::explain::{field_type, show};
use crate::ir::Program;
use crate::value::{read, Value};
use std::collections::HashMap;

/// The record being tried: each set field's cell text, by field name.
#[derive(Debug, Clone, Default)]
pub(super) struct Record {
    pub values: HashMap<String, String>,
    /// The data row it came from (index from 0, as population values count rows), if any.
    pub row: Option<usize>,
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
                    reply.say(format!("note: the rules no longer declare {name}; it was taken out of the record."));
                }
                Some(field) => {
                    if let Err(e) = read(program, field, &raw) {
                        self.values.remove(&name);
                        reply.error(format!(
                            "{}; it was taken out of the record.",
                            DataProblem::given(field, raw.trim(), e)
                        ));
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
            return Reply::err(format!("write :set FIELD = VALUE, as in `:set {} = 是`.", arg.trim()));
        };
        let id = match self.field(name) {
            Ok(id) => id,
            Err(r) => return r,
        };
        let field = &self.program.fields[id];
        let raw = raw.trim();
        if raw.is_empty() {
            return Reply::err(format!(
                "give {} a value, as written in the data; to make it missing use :unset {}.",
                field.name, field.name
            ));
        }
        match read(&self.program, field, raw) {
            Err(e) => Reply::err(DataProblem::given(field, raw, e).to_string()),
            Ok(v) => {
                let shown = show(&self.program, field_type(&self.program, id), v);
                self.record.values.insert(field.name.clone(), raw.to_string());
                Reply::out(format!("{} = {shown}", field.name))
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
                let name = self.program.fields[id].name.clone();
                self.record.values.remove(&name);
                Reply::out(format!("{name} is now missing"))
            }
            Err(r) => r,
        }
    }

    /// `:clear`.
    pub(super) fn clear(&mut self) -> Reply {
        self.record = super::record::Record::default();
        Reply::out("the record is empty: every field is missing")
    }

    /// `:show`: one line per declared field.
    pub(super) fn show(&mut self) -> Reply {
        if let Some(r) = self.need_rules() {
            return r;
        }
        let p = &self.program;
        let frame = self.record.frame(p);
        let mut r = Reply::out(self.origin());
        let width = p.fields.iter().map(|f| style::width(&f.name)).max().unwrap_or(0);
        let mut missing = 0;
        for (i, f) in p.fields.iter().enumerate() {
            let v = frame.fields[i];
            let raw = self.record.values.get(&f.name).map(|s| s.trim());
            let value = match (v, raw) {
                (Value::Missing, Some(raw)) if !raw.is_empty() => format!("(missing)  as written: {raw}"),
                (Value::Missing, _) => "(missing)".to_string(),
                (v, raw) => {
                    let shown = show(p, field_type(p, i), v);
                    match raw {
                        Some(raw) if raw != shown => format!("{shown}  as written: {raw}"),
                        _ => shown,
                    }
                }
            };
            missing += usize::from(v.is_missing());
            r.say(format!("  {}  {value}", style::pad(&f.name, width)).trim_end().to_string());
        }
        r.say(format!("{} of {} fields missing", missing, p.fields.len()));
        r
    }

    /// Where the record came from, for `:show`.
    fn origin(&self) -> String {
        let today = self.opts.today;
        match (&self.record.row, &self.data) {
            (Some(row), Some(d)) => format!("record from row {} of {} (as of {today}):", row + 2, d.path),
            _ => format!("record (as of {today}):"),
        }
    }

    /// The field named `name` (or whose column is `name`), or an error naming the closest.
    pub(super) fn field(&self, name: &str) -> Result<usize, Reply> {
        let name = name.trim().trim_matches('`');
        let fields = &self.program.fields;
        if let Some(i) =
            fields.iter().position(|f| f.name == name).or_else(|| fields.iter().position(|f| f.column == name))
        {
            return Ok(i);
        }
        let hint = crate::diag::closest(name, fields.iter().map(|f| f.name.as_str()))
            .map(|c| format!(" Did you mean {c}?"))
            .unwrap_or_else(|| " :show lists the fields.".to_string());
        Err(Reply::err(format!("there is no field {name}.{hint}")))
    }
}
