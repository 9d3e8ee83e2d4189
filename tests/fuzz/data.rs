//! Random records for a checked program: for each field a cell drawn from the forms its type
//! reads (docs/language.md, "Reading values from data"), missing markers, values that are data
//! errors, and odd text; written as CSV with a chosen delimiter, quoting and line ends, then
//! mutated byte by byte.

use ladder::ir::{FieldType, Program};
use proptest::prelude::*;

const MISSING: &[&str] = &["", "-", "—", "/", "无", "N/A", "#N/A", "NULL", "null", " "];
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "12",
    "-3",
    "1.5",
    ".5",
    "1,200,000",
    "120万",
    "¥1,200,000",
    "1200000元",
    "1.2亿",
    "30%",
    "1.5e3",
    "−5",
    "１２０万",
    "5次",
    "0.1",
    "0.2",
    "99999999999999999999999",
    "1e308",
    "1e-320",
    "约120万",
    "abc",
];
const DATES: &[&str] = &[
    "2026-11-23",
    "2026/11/23",
    "2026/1/5",
    "2026.11.23",
    "2026年11月23日",
    "2024-02-29",
    "2026-02-30",
    "1900-01-01",
    "9999-12-31",
    "下个月",
    "2026-13-01",
    "20261123",
];
const BOOLS: &[&str] = &["是", "否", "true", "FALSE", "yes", "n", "1", "0", "√", "×", "Y", "maybe"];
const TEXTS: &[&str] = &[
    "甲",
    "a",
    "A",
    "x y",
    "a\"b",
    "制造业 ",
    "#c",
    "东莞市华盛电子科技有限公司",
    "\u{a0}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}x",
    "🙂",
    "a,b",
    "line\nbreak",
    "é",
];
const LEVELS_EXTRA: &[&str] = &["A9", "a0", "其他"];

/// Draws a cell for each field of each row from the choices.
#[derive(Debug, Clone)]
pub struct Records {
    pub picks: Vec<Vec<u16>>,
    /// Column order: a rotation of the fields; an extra column when true.
    pub rotate: usize,
    pub extra: bool,
}

pub fn records() -> impl Strategy<Value = Records> {
    (prop::collection::vec(prop::collection::vec(any::<u16>(), 12), 0..12), 0..8usize, any::<bool>())
        .prop_map(|(picks, rotate, extra)| Records { picks, rotate, extra })
}

fn cell(program: &Program, field: usize, pick: u16) -> String {
    let p = pick as usize;
    if p.is_multiple_of(5) {
        return MISSING[p / 5 % MISSING.len()].to_string();
    }
    let from = |pool: &[&str]| pool[p / 5 % pool.len()].to_string();
    match &program.fields[field].ty {
        FieldType::Number | FieldType::Money => from(NUMBERS),
        FieldType::Date => from(DATES),
        FieldType::Bool => from(BOOLS),
        FieldType::Text => from(TEXTS),
        FieldType::OneOf(members) => match p / 5 % (members.len() + 1) {
            i if i < members.len() => members[i].clone(),
            _ => "拍板".to_string(),
        },
        FieldType::Grade(ladder) => {
            let levels: Vec<&str> = program.levels(*ladder).chain(LEVELS_EXTRA.iter().copied()).collect();
            levels[p / 5 % levels.len()].to_string()
        }
    }
}

impl Records {
    /// The header (each field's column, rotated, maybe one more) and the rows.
    pub fn rows(&self, program: &Program) -> Vec<Vec<String>> {
        let n = program.fields.len();
        let mut order: Vec<usize> = (0..n).collect();
        if n > 0 {
            order.rotate_left(self.rotate % n);
        }
        let mut header: Vec<String> = order.iter().map(|&f| program.fields[f].column.clone()).collect();
        if self.extra {
            header.push("extra".to_string());
        }
        let mut rows = vec![header];
        for (r, picks) in self.picks.iter().enumerate() {
            let mut row: Vec<String> =
                order.iter().map(|&f| cell(program, f, picks[f % picks.len()].wrapping_add(f as u16))).collect();
            if self.extra {
                row.push(format!("r{r}"));
            }
            rows.push(row);
        }
        rows
    }
}

/// How rows are written as CSV.
#[derive(Debug, Clone)]
pub struct Writing {
    pub delimiter: u8,
    pub crlf: bool,
    pub quote_all: bool,
    pub bom: bool,
}

pub fn writing() -> impl Strategy<Value = Writing> {
    (
        prop::sample::select(&[b',', b',', b';', b'\t', b'|'][..]),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(delimiter, crlf, quote_all, bom)| Writing { delimiter, crlf, quote_all, bom })
}

impl Writing {
    pub fn csv(&self, rows: &[Vec<String>]) -> Vec<u8> {
        let style = if self.quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
        let terminator = if self.crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .quote_style(style)
            .terminator(terminator)
            .flexible(true)
            .from_writer(Vec::new());
        for row in rows {
            w.write_record(row).expect("writing to memory");
        }
        let bytes = w.into_inner().expect("writing to memory");
        if self.bom {
            [b"\xEF\xBB\xBF".as_slice(), &bytes].concat()
        } else {
            bytes
        }
    }
}

/// One change to a byte string, with its position as a fraction of the length.
#[derive(Debug, Clone)]
pub enum ByteEdit {
    Flip(f64, u8),
    Insert(f64, &'static [u8]),
    Delete(f64, u8),
    Truncate(f64),
}

/// Bytes that break readers: quotes, delimiters, line ends, a stray UTF-8 continuation, a lone
/// GBK lead byte, byte-order marks, odd spaces and line separators, NUL.
const INSERTS: &[&[u8]] = &[
    b"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r",
    b"\r\n",
    b"\xff",
    b"\x80",
    b"\xe4\xb8",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    "\u{a0}".as_bytes(),
    "\u{85}".as_bytes(),
    "\u{2028}".as_bytes(),
    b"\0",
    b",,,,,,,,",
    b"\"\"\"",
];

pub fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let at = || 0.0..1.0f64;
    prop_oneof![
        (at(), any::<u8>()).prop_map(|(a, b)| ByteEdit::Flip(a, b)),
        (at(), prop::sample::select(INSERTS)).prop_map(|(a, s)| ByteEdit::Insert(a, s)),
        (at(), 1..16u8).prop_map(|(a, n)| ByteEdit::Delete(a, n)),
        at().prop_map(ByteEdit::Truncate),
    ]
}

pub fn apply(bytes: &mut Vec<u8>, e: &ByteEdit) {
    let at = |f: f64, len: usize| ((len as f64) * f) as usize % (len + 1);
    match *e {
        ByteEdit::Flip(f, b) if !bytes.is_empty() => {
            let i = at(f, bytes.len() - 1);
            bytes[i] ^= b.max(1);
        }
        ByteEdit::Flip(..) => {}
        ByteEdit::Insert(f, s) => {
            let i = at(f, bytes.len());
            bytes.splice(i..i, s.iter().copied());
        }
        ByteEdit::Delete(f, n) => {
            let i = at(f, bytes.len());
            let end = (i + n as usize).min(bytes.len());
            bytes.drain(i..end);
        }
        ByteEdit::Truncate(f) => bytes.truncate(at(f, bytes.len())),
    }
}
