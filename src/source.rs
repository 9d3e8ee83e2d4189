//! Where records come from: the [`RecordSource`] trait that `ladder run`, `explain`, `audit`,
//! test tables, the REPL and the population pass read records through, and [`Data`], data that
//! can be read from its start again. CSV implements both ([`Csv`], [`CsvFile`]); a new input
//! format (a workbook) implements them too and nothing that reads records changes.

use crate::input::{self, Encoding};
use csv::ByteRecord;
use std::io::{self, Read, Write};
use std::sync::Arc;

/// Records read one at a time: a header row naming the columns, then rows of cells.
pub trait RecordSource: Send {
    /// The column names, trimmed; `None` when the data is empty. Read before any record.
    fn header(&mut self) -> io::Result<Option<Vec<String>>>;
    /// Reads the next record's cells (UTF-8 text) into `record`; false at the end of the data.
    fn next_record(&mut self, record: &mut ByteRecord) -> io::Result<bool>;
    /// The line of the source where the last record read starts (the header is on line 1).
    fn line(&self) -> u64;
    /// For CSV not yet read from: its decoded text, which `ladder run` cuts into blocks and
    /// parses on every core. Any other source gives itself back (see [`as_csv_text`]).
    fn into_csv_text(self: Box<Self>) -> Result<CsvText, Box<dyn RecordSource>>;
    /// Where the records sit, for data errors and `--row`, when that is not simply
    /// "row = record + 2" of a CSV file (a workbook's sheet).
    fn place(&self) -> Option<std::sync::Arc<crate::workbook::Place>> {
        None
    }
}

/// CSV text and the byte between its cells.
pub struct CsvText {
    pub text: Box<dyn Read + Send>,
    pub delimiter: u8,
    /// The encoding `text` is still in (GBK), decoded block by block on every core; `None`:
    /// UTF-8 already.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Data that can be read from its start more than once (population functions need a pass over
/// every record before the first is graded).
pub trait Data: Sync {
    /// The records from the start.
    fn open(&self) -> io::Result<Box<dyn RecordSource>>;
}

/// A function that opens the records afresh each time it is called.
impl<F: Fn() -> io::Result<Box<dyn RecordSource>> + Sync> Data for F {
    fn open(&self) -> io::Result<Box<dyn RecordSource>> {
        self()
    }
}

/// The column names of a header record, as every reader of records names them.
pub fn header_names(record: &ByteRecord) -> Vec<String> {
    record.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect()
}

/// CSV text: UTF-8, or GBK decoded as it is read (see [`crate::input`]).
pub struct Csv {
    /// The text before the first read, and the encoding it is still in.
    unread: Option<(Box<dyn Read + Send>, Option<&'static encoding_rs::Encoding>)>,
    rdr: Option<csv::Reader<Box<dyn Read + Send>>>,
    /// The line the last record read starts on.
    line: u64,
    delimiter: u8,
}

impl Csv {
    /// Records of the CSV text `text`, with cells separated by commas.
    pub fn new(text: Box<dyn Read + Send>) -> Self {
        Csv::with_delimiter(text, b',')
    }

    /// Records of the text `text`, with cells separated by `delimiter`.
    pub fn with_delimiter(text: Box<dyn Read + Send>, delimiter: u8) -> Self {
        Csv::encoded(text, None, delimiter)
    }

    /// Records of `text` in `encoding` (`None`: UTF-8), with cells separated by `delimiter`.
    fn encoded(text: Box<dyn Read + Send>, encoding: Option<&'static encoding_rs::Encoding>, delimiter: u8) -> Self {
        Csv { unread: Some((text, encoding)), rdr: None, line: 0, delimiter }
    }

    fn reader(&mut self) -> &mut csv::Reader<Box<dyn Read + Send>> {
        let delimiter = self.delimiter;
        let unread = &mut self.unread;
        self.rdr.get_or_insert_with(|| {
            let text = match unread.take() {
                Some((text, Some(encoding))) => input::transcoder(text, encoding),
                Some((text, None)) => text,
                None => Box::new(io::empty()),
            };
            csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .delimiter(delimiter)
                .buffer_capacity(1 << 16)
                .from_reader(Box::new(LineLimit { inner: text, since_line_end: 0 }) as Box<dyn Read + Send>)
        })
    }
}

/// A text that fails with [`crate::run::blocks::RecordTooLong`] past that many bytes with no line
/// end (`\n`, or `\r` alone as old Mac exports end lines), so a device or binary file read as CSV
/// ends in an error, not in all the memory there is.
struct LineLimit {
    inner: Box<dyn Read + Send>,
    since_line_end: usize,
}

impl Read for LineLimit {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.since_line_end = match memchr::memrchr2(b'\n', b'\r', &buf[..n]) {
            Some(at) => n - at - 1,
            None => self.since_line_end + n,
        };
        if self.since_line_end > crate::run::blocks::MAX_RECORD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, crate::run::blocks::RecordTooLong));
        }
        Ok(n)
    }
}

/// The delimiters Ladder reads: Excel writes `,`, `;` where the decimal mark is a comma, and tabs
/// in its "Unicode text"; some CRM exports use `|`.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// The delimiter of a CSV text whose header line starts `head`: the one of [`DELIMITERS`] found
/// most often outside quotes (a comma on a tie or when there is none).
pub fn detect_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if let Some(i) = DELIMITERS.iter().position(|&d| d == b && !quoted) {
            counts[i] += 1;
        }
    }
    let best = (0..DELIMITERS.len()).rev().max_by_key(|&i| counts[i]).unwrap_or(0);
    DELIMITERS[best]
}

impl RecordSource for Csv {
    fn header(&mut self) -> io::Result<Option<Vec<String>>> {
        let mut record = ByteRecord::new();
        Ok(self.next_record(&mut record)?.then(|| header_names(&record)))
    }

    fn next_record(&mut self, record: &mut ByteRecord) -> io::Result<bool> {
        let more = self.reader().read_byte_record(record).map_err(io_error)?;
        self.line = record.position().map_or(0, |p| p.line());
        Ok(more)
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn into_csv_text(mut self: Box<Self>) -> Result<CsvText, Box<dyn RecordSource>> {
        match self.unread.take() {
            // The text is untouched before the first read. Its blocks bound a record themselves
            // (`run::blocks::MAX_RECORD`), so it goes without `LineLimit`: through the standard
            // library's readers alone, a block is read into memory that was never written, not
            // zeroed first, as a reader of ours would have it (a tenth of a wide file's run).
            Some((text, encoding)) => Ok(CsvText { text, delimiter: self.delimiter, encoding }),
            None => Err(self),
        }
    }
}

fn io_error(e: csv::Error) -> io::Error {
    let text = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        _ => io::Error::other(text),
    }
}

/// A CSV file (`-`: standard input) in any encoding [`crate::input`] reads, with any of the
/// [`DELIMITERS`].
pub struct CsvFile {
    path: String,
    encoding: Encoding,
    /// `None`: detected from the header line.
    delimiter: Option<u8>,
    /// Input that can be read only once, copied here when it is to be read more than once.
    spool: Option<Arc<std::fs::File>>,
}

impl CsvFile {
    /// The file at `path`. Standard input, a pipe (a FIFO, `/dev/stdin`) or a device can be read
    /// only once; with `reread` it is first copied to a temporary file, which is read instead.
    /// The copy has no name: the system deletes it when Ladder ends, however it ends.
    pub fn new(path: &str, encoding: Encoding, reread: bool) -> io::Result<Self> {
        let regular = path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file());
        let spool = if reread && !regular {
            let mut tmp = tempfile::tempfile()?;
            let source: Box<dyn Read + Send> = match path {
                "-" => Box::new(io::stdin()),
                _ => Box::new(std::fs::File::open(path)?),
            };
            // Bounded as reading is: `/dev/zero` is an error, not a disk filled with zeros.
            io::copy(&mut LineLimit { inner: source, since_line_end: 0 }, &mut tmp)?;
            tmp.flush()?;
            Some(Arc::new(tmp))
        } else {
            None
        };
        Ok(CsvFile { path: path.to_string(), encoding, delimiter: None, spool })
    }

    /// Cells separated by `delimiter` (`None`: detected from the header line).
    pub fn delimiter(mut self, delimiter: Option<u8>) -> Self {
        self.delimiter = delimiter;
        self
    }
}

/// A reader of the spooled copy from its start, with a position of its own: the population
/// pass reads the copy while the run's own reader is open on it.
struct Spooled {
    file: Arc<std::fs::File>,
    at: u64,
}

impl Read for Spooled {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.at)?;
        #[cfg(not(any(unix, windows)))]
        let n = {
            use std::io::Seek;
            (&*self.file).seek(io::SeekFrom::Start(self.at))?;
            (&*self.file).read(buf)?
        };
        self.at += n as u64;
        Ok(n)
    }
}

impl Data for CsvFile {
    fn open(&self) -> io::Result<Box<dyn RecordSource>> {
        let (mut text, encoding) = match &self.spool {
            Some(file) => input::undecoded(Spooled { file: file.clone(), at: 0 }, self.encoding)?,
            None => input::open_undecoded(&self.path, self.encoding)?,
        };
        let (text, delimiter) = match self.delimiter {
            Some(delimiter) => (text, delimiter),
            None => {
                let head = first_line(&mut text)?;
                let delimiter = match encoding {
                    Some(e) => detect_delimiter(e.decode_without_bom_handling(&head).0.as_bytes()),
                    None => detect_delimiter(&head),
                };
                (Box::new(io::Cursor::new(head).chain(text)) as Box<dyn Read + Send>, delimiter)
            }
        };
        // GBK is cut into blocks before it is decoded: its line breaks and quotes are never part of
        // a character, nor are `,` `;` and tab; `|` can be the second byte of one.
        match encoding {
            Some(e) if delimiter == b'|' => Ok(Box::new(Csv::with_delimiter(input::transcoder(text, e), delimiter))),
            _ => Ok(Box::new(Csv::encoded(text, encoding, delimiter))),
        }
    }
}

/// The start of `text` up to its first line break, or its first 64 KiB (a decoder hands out a few
/// bytes at a time).
fn first_line(text: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut piece = [0; 4096];
    while head.len() < 1 << 16 && !head.contains(&b'\n') {
        match text.read(&mut piece)? {
            0 => break,
            n => head.extend_from_slice(&piece[..n]),
        }
    }
    Ok(head)
}

/// Records held in memory, a header row first: data from somewhere other than a file, and the
/// shape a workbook sheet is read into.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    rows: Vec<Vec<String>>,
    next: usize,
}

impl Rows {
    /// `rows[0]` is the header.
    pub fn new(rows: Vec<Vec<String>>) -> Self {
        Rows { rows, next: 0 }
    }
}

impl RecordSource for Rows {
    fn header(&mut self) -> io::Result<Option<Vec<String>>> {
        let mut record = ByteRecord::new();
        Ok(self.next_record(&mut record)?.then(|| header_names(&record)))
    }

    fn next_record(&mut self, record: &mut ByteRecord) -> io::Result<bool> {
        let Some(row) = self.rows.get(self.next) else { return Ok(false) };
        record.clear();
        row.iter().for_each(|cell| record.push_field(cell.as_bytes()));
        self.next += 1;
        Ok(true)
    }

    fn line(&self) -> u64 {
        self.next as u64
    }

    fn into_csv_text(self: Box<Self>) -> Result<CsvText, Box<dyn RecordSource>> {
        Err(self)
    }
}

impl Data for Rows {
    fn open(&self) -> io::Result<Box<dyn RecordSource>> {
        Ok(Box::new(Rows::new(self.rows.clone())))
    }
}

/// The records of `source` as CSV text: the decoded text itself for CSV, else the records
/// written as CSV while they are read, so `ladder run`'s block reader takes any source.
pub fn as_csv_text(source: Box<dyn RecordSource>) -> CsvText {
    match source.into_csv_text() {
        Ok(text) => text,
        Err(source) => {
            let text = Box::new(Written { source, record: ByteRecord::new(), buf: Vec::new(), at: 0 });
            CsvText { text, delimiter: b',', encoding: None }
        }
    }
}

/// A [`Read`] of a source's records written as CSV.
struct Written {
    source: Box<dyn RecordSource>,
    record: ByteRecord,
    buf: Vec<u8>,
    at: usize,
}

impl Read for Written {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.buf.len() {
            if !self.source.next_record(&mut self.record)? {
                return Ok(0);
            }
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            w.write_byte_record(&self.record)?;
            self.buf = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
            self.at = 0;
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Rows {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect();
        Rows::new(vec![row(&[" a ", "b"]), row(&["1", "x,\"y\""]), row(&["2"])])
    }

    #[test]
    fn any_source_reads_back_as_csv_text() {
        let mut text = String::new();
        as_csv_text(Box::new(rows())).text.read_to_string(&mut text).unwrap();
        assert_eq!(text, " a ,b\n1,\"x,\"\"y\"\"\"\n2\n");
        let mut csv = Csv::new(Box::new(io::Cursor::new(text.into_bytes())));
        assert_eq!(csv.header().unwrap(), Some(vec!["a".to_string(), "b".to_string()]));
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_line_uses_most_outside_quotes() {
        assert_eq!(detect_delimiter(b"a,b;c,d\n1;2;3;4"), b',');
        assert_eq!(detect_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(detect_delimiter("客户\t年销售额\t行业\r\n".as_bytes()), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c"), b'|');
        assert_eq!(detect_delimiter(b"a;b,c"), b',');
        assert_eq!(detect_delimiter(b"only"), b',');
        assert_eq!(detect_delimiter(b""), b',');
    }

    #[test]
    fn csv_gives_its_text_back_only_before_reading() {
        let text = || Box::new(io::Cursor::new(b"a\n1\n".to_vec())) as Box<dyn Read + Send>;
        assert!(Box::new(Csv::new(text())).into_csv_text().is_ok());
        let mut read = Box::new(Csv::new(text()));
        read.header().unwrap();
        assert!(read.into_csv_text().is_err());
    }
}
