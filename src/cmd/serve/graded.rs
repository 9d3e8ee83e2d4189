//! The last grading the page asked for: every output row as `ladder run` writes it, for paging,
//! filtering, explaining a record ("what if" too) and downloading.

use csv::{ByteRecord, StringRecord};
use ladder::diag::Lang;
use ladder::eval::{Ctx, Pops};
use ladder::ir::Program;
use ladder::run::{self, Layout, OutFormat, Stats};
use ladder::source::{Data, RecordSource, Rows};
use ladder::t;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub struct Graded {
    /// The data file's name, as the page shows it.
    pub name: String,
    program: Program,
    data: Box<dyn Data + Send>,
    today: jiff::civil::Date,
    /// The data's header and the layout of the program over it (for explanations).
    input: Vec<String>,
    layout: Layout,
    pops: Pops,
    /// The output: its header and rows, and the same as CSV for the download.
    header: Vec<String>,
    rows: Vec<StringRecord>,
    csv: Vec<u8>,
    stats: Stats,
    /// The columns a search looks in first: the key fields'.
    keys: Vec<usize>,
}

impl Graded {
    /// Grades `data` with `program` as `ladder run` does, keeping every row.
    pub fn new(
        program: Program,
        data: Box<dyn Data + Send>,
        today: jiff::civil::Date,
        lang: Lang,
    ) -> Result<Graded, String> {
        let opts = options(today, lang);
        let layout = run::data_layout(&program, &*data, &opts).map_err(|e| e.text(lang))?;
        let pops = run::population_pass(&program, &layout, &*data, today).map_err(|e| e.text(lang))?;
        let mut csv = Vec::new();
        let ctx = Ctx { program: &program, today, pops: &pops };
        let stats = run::run_with(&ctx, &*data, &mut csv, &opts).map_err(|e| e.text(lang))?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&csv[..]);
        let header: Vec<String> = reader.headers().map_err(|e| e.to_string())?.iter().map(String::from).collect();
        let rows = reader.records().collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
        // Every input column is copied to the output first.
        let input = header[..layout.width.min(header.len())].to_vec();
        let keys = program
            .fields
            .iter()
            .filter(|f| f.key)
            .filter_map(|f| header.iter().position(|h| ladder::cell::trim(h) == f.column))
            .collect();
        let name = String::new();
        Ok(Graded { name, program, data, today, input, layout, pops, header, rows, csv, stats, keys })
    }

    /// What the page shows first: the columns, each ladder's levels with their counts, the data
    /// errors.
    pub fn summary(&mut self, name: &str, millis: u64, lang: Lang) -> Value {
        self.name = name.to_string();
        let ladders: Vec<Value> = ladder::summary::figures(&self.program, &self.stats, lang)
            .into_iter()
            .map(|l| {
                let levels: Vec<Value> = l
                    .lines
                    .iter()
                    .map(|line| json!({ "level": line.level, "label": line.label, "count": line.count }))
                    .collect();
                json!({ "name": l.name, "graded": l.graded, "levels": levels })
            })
            .collect();
        let results = run::result_headers(&self.program, false);
        let keys: Vec<&str> = self.keys.iter().map(|&k| self.header[k].as_str()).collect();
        json!({
            "name": name, "total": self.rows.len(), "columns": self.header, "inputs": self.input.len(),
            "results": results, "keys": keys, "ladders": ladders,
            "errors": self.stats.errors, "error_count": self.stats.error_rows, "skipped": self.stats.skipped,
            "millis": millis,
        })
    }

    /// The output column of ladder `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.program.ladders.iter().any(|l| l.name == name).then(|| self.header.iter().position(|h| h == name))?
    }

    /// The rows `offset..offset + limit` of those at `level` (a column and the level written in
    /// it) whose cells contain `search`: how many match, and the rows with their indexes.
    pub fn page(&self, level: Option<(usize, &str)>, search: &str, offset: usize, limit: usize) -> (usize, Vec<Value>) {
        let search = search.trim().to_lowercase();
        let found = |row: &StringRecord| {
            let cells: Box<dyn Iterator<Item = &str>> = match self.keys.is_empty() {
                true => Box::new(row.iter()),
                false => Box::new(self.keys.iter().filter_map(|&k| row.get(k))),
            };
            let mut cells = cells;
            cells.any(|c| c.to_lowercase().contains(&search))
        };
        let wanted = self.rows.iter().enumerate().filter(|(_, row)| {
            level.is_none_or(|(column, level)| row.get(column).unwrap_or("") == level)
                && (search.is_empty() || found(row))
        });
        let mut total = 0;
        let mut out = Vec::new();
        for (i, row) in wanted {
            if total >= offset && out.len() < limit {
                out.push(json!({ "index": i, "row": self.row_number(i), "cells": row.iter().collect::<Vec<_>>() }));
            }
            total += 1;
        }
        (total, out)
    }

    /// The row of record `index` as the user numbers it (the header is row 1 of a CSV file).
    fn row_number(&self, index: usize) -> usize {
        self.layout.place.as_ref().map_or(index + 2, |p| p.row(index))
    }

    /// The explanation of record `index`, its cells changed by `edits` (column → text).
    pub fn explain(&self, index: usize, edits: &BTreeMap<String, String>, lang: Lang) -> Result<Value, String> {
        let row = self.rows.get(index).ok_or_else(|| t!(lang, "serve.error.no-record", index))?;
        let mut cells: Vec<String> = row.iter().take(self.input.len()).map(String::from).collect();
        cells.resize(self.input.len(), String::new());
        for (column, text) in edits {
            let at =
                self.input.iter().position(|c| c == column).ok_or_else(|| t!(lang, "serve.error.no-column", column))?;
            cells[at] = text.clone();
        }
        let record = ByteRecord::from(cells.iter().map(String::as_str).collect::<Vec<_>>());
        // A changed cell that a population function ranks moves the record among the others: the
        // whole file is ranked again, with the change.
        let whole = !self.program.pops.is_empty() && !edits.is_empty();
        let (rows, at) = match whole {
            true => {
                let mut all: Vec<Vec<String>> = vec![self.input.clone()];
                all.extend(self.rows.iter().map(|r| r.iter().take(self.input.len()).map(String::from).collect()));
                all[index + 1] = cells.clone();
                (all, index)
            }
            false => (vec![self.input.clone(), cells.clone()], 0),
        };
        let data = move || -> std::io::Result<Box<dyn RecordSource>> { Ok(Box::new(Rows::new(rows.clone()))) };
        let ranked;
        let pops = match whole {
            true => {
                ranked =
                    run::population_pass(&self.program, &self.layout, &data, self.today).map_err(|e| e.text(lang))?;
                &ranked
            }
            false => &self.pops,
        };
        let ctx = Ctx { program: &self.program, today: self.today, pops };
        let (text, read) = ladder::explain::record_text(&ctx, &self.layout, &record, index, lang);
        let results = match edits.is_empty() {
            true => self
                .header
                .iter()
                .zip(row.iter())
                .skip(self.input.len())
                .map(|(h, c)| (h.clone(), c.to_string()))
                .collect(),
            false => self.results(&data, at, lang),
        };
        Ok(json!({ "text": text, "read": read, "results": results }))
    }

    /// The result columns of record `at` of `data`, as `ladder run` writes them.
    fn results(&self, data: &dyn Data, at: usize, lang: Lang) -> BTreeMap<String, String> {
        let mut opts = options(self.today, lang);
        opts.keep = Some(vec![]);
        let mut out = Vec::new();
        if run::run(&self.program, data, &mut out, &opts).is_err() {
            return BTreeMap::new();
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&out[..]);
        let names: Vec<String> = reader.headers().map(|h| h.iter().map(String::from).collect()).unwrap_or_default();
        let cells: Vec<String> = reader
            .records()
            .nth(at)
            .and_then(Result::ok)
            .map(|r| r.iter().map(String::from).collect())
            .unwrap_or_default();
        names.into_iter().zip(cells).collect()
    }

    /// The graded rows as a CSV file Excel opens as UTF-8 (a byte-order mark first).
    pub fn csv_for_excel(&self) -> Vec<u8> {
        let mut out = "\u{feff}".as_bytes().to_vec();
        out.extend_from_slice(&self.csv);
        out
    }

    /// The graded rows as an Excel workbook, as `ladder run -o x.xlsx` writes it.
    pub fn workbook(&self, lang: Lang) -> Result<Vec<u8>, String> {
        let opts = options(self.today, lang);
        let mut out = Vec::new();
        let mut sink = ladder::xlsx::Sink::new(&self.program, false, lang).map_err(|e| e.to_string())?;
        let ctx = Ctx { program: &self.program, today: self.today, pops: &self.pops };
        let stats = run::run_with(&ctx, &*self.data, &mut sink, &opts).map_err(|e| e.text(lang))?;
        sink.finish(&stats, &mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }
}

fn options(today: jiff::civil::Date, lang: Lang) -> run::Options {
    run::Options {
        today,
        explain: false,
        format: OutFormat::Csv,
        keep: None,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        progress: None,
        lang,
    }
}
