//! Cutting decoded CSV input into blocks of whole records, so that the workers, not one reader
//! thread, parse the CSV.
//!
//! A block ends just after a line terminator (`\r` or `\n`) that is outside quotes, which is
//! where the csv crate ends a record: the next block then parses from a clean state exactly as
//! the rest of the input would (an `\n` left at a block's start, from a `\r\n` cut in two, is an
//! empty line, which the csv crate skips). Where quotes are is found the way the csv crate
//! decides it: a `"` opens a quoted field only at the start of a field; elsewhere it is text.
//!
//! [`Parser`] then splits a block into records. Most records of an export are plain cells and
//! simply quoted ones (`"12,345"`, a note of several lines); those are cut where their commas and
//! line ends lie, found 64 bytes at a time, and a record with any other quote goes through
//! `csv_core`, the csv crate's own parser, so the records are the csv crate's records (a property
//! test holds the two to that).

use memchr::{memchr, memchr3_iter};
use std::io::{self, Read};

/// Bytes read before a block is cut.
pub const BLOCK: usize = 1 << 19;

/// The longest record read: 64 MiB with no line end is not a customer (it is `/dev/zero`, or a
/// binary file named `.csv`), and reading on would only run out of memory.
pub const MAX_RECORD: usize = 64 << 20;

/// A UTF-8 byte-order mark, which the csv crate drops at the start of its input (only there).
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The error of a record longer than [`MAX_RECORD`]; `RunError` words it.
#[derive(Debug)]
pub struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::t!(crate::diag::Lang::from_env(), "run.record-too-long", mib = MAX_RECORD >> 20))
    }
}

impl std::error::Error for RecordTooLong {}

/// A block of whole records and how many records it holds.
pub struct Block {
    pub bytes: Vec<u8>,
    pub records: usize,
    /// The encoding `bytes` are still in; `None`: UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Block {
    /// The block in UTF-8: a block of GBK holds whole characters, since it ends at a line break.
    pub fn decoded(self) -> Block {
        self.decoded_into(Vec::new()).0
    }

    /// [`Block::decoded`], into the memory of `spare` when the block needs decoding; with the
    /// buffer left over, for the next block to be read into. A new buffer's pages are the
    /// kernel's to map and clear, for every block.
    pub fn decoded_into(mut self, spare: Vec<u8>) -> (Block, Vec<u8>) {
        let Some(e) = self.encoding else { return (self, spare) };
        let mut bytes = spare;
        if !(e == encoding_rs::GB18030 && super::gbk::decode(&self.bytes, &mut bytes)) {
            bytes = match e.decode_without_bom_handling(&self.bytes).0 {
                std::borrow::Cow::Borrowed(_) => std::mem::take(&mut self.bytes),
                std::borrow::Cow::Owned(text) => text.into_bytes(),
            };
        }
        (Block { bytes, records: self.records, encoding: None }, self.bytes)
    }
}

/// Reads `input` block by block.
pub struct Blocks<R> {
    input: R,
    /// The byte between cells.
    pub delimiter: u8,
    /// The encoding of `input`, which the blocks keep until [`Block::decoded`]; `None`: UTF-8.
    encoding: Option<&'static encoding_rs::Encoding>,
    size: usize,
    /// Bytes read past the last cut, the start of the next block.
    carry: Vec<u8>,
    done: bool,
    /// Whether reading began (and a byte-order mark at the start was dropped).
    started: bool,
    /// Bytes handed out so far.
    pub position: u64,
    /// A block given back once parsed, whose memory the next block reuses: a new block's memory
    /// is the kernel's to map and clear, page by page.
    spare: Vec<u8>,
}

impl<R: Read> Blocks<R> {
    /// The blocks of `input`, whose cells are separated by `delimiter`.
    pub fn new(input: R, delimiter: u8, encoding: Option<&'static encoding_rs::Encoding>) -> Self {
        Blocks { encoding, ..Self::with_size(input, delimiter, BLOCK) }
    }

    fn with_size(input: R, delimiter: u8, size: usize) -> Self {
        let (carry, position) = (Vec::new(), 0);
        let spare = Vec::new();
        Blocks { input, delimiter, encoding: None, size, carry, done: false, started: false, position, spare }
    }

    /// Gives back the memory of a block parsed, for the next block (the larger of two is kept).
    pub fn give_back(&mut self, bytes: Vec<u8>) {
        if bytes.capacity() > self.spare.capacity() {
            self.spare = bytes;
        }
    }

    /// Whether every block has been handed out: the next is `None` (once the input has ended, a
    /// block takes all that is left).
    pub fn finished(&self) -> bool {
        self.done
    }

    /// The next block, `None` at the end of the input.
    pub fn next_block(&mut self) -> io::Result<Option<Block>> {
        if !self.started {
            self.started = true;
            self.skip_bom()?;
        }
        let mut want = self.size;
        let mut bytes = with_room(std::mem::take(&mut self.spare), self.carry.len() + want);
        bytes.extend_from_slice(&self.carry);
        loop {
            if !self.done {
                bytes.reserve(want);
                let n = (&mut self.input).take(want as u64).read_to_end(&mut bytes)?;
                self.done = n < want;
            }
            if bytes.is_empty() {
                return Ok(None);
            }
            let scan = scan(&bytes, self.delimiter);
            // At the end of the input the last record needs no terminator.
            let (cut, records) = if self.done {
                (bytes.len(), scan.records + usize::from(scan.open_record))
            } else {
                match scan.cut {
                    Some(cut) => (cut, scan.records),
                    // No record ends in this block (one huge cell): read as much again, so
                    // that a cell of any size is scanned a bounded number of times.
                    None if bytes.len() >= MAX_RECORD => {
                        return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
                    }
                    None => {
                        want = bytes.len().min(MAX_RECORD);
                        continue;
                    }
                }
            };
            self.carry.clear();
            self.carry.extend_from_slice(&bytes[cut..]);
            bytes.truncate(cut);
            self.position += cut as u64;
            return Ok(Some(Block { bytes, records, encoding: self.encoding }));
        }
    }

    /// Drops a byte-order mark at the very start of the input, as the csv crate does; anywhere
    /// else U+FEFF is text.
    fn skip_bom(&mut self) -> io::Result<()> {
        let mut head = Vec::with_capacity(BOM.len());
        (&mut self.input).take(BOM.len() as u64).read_to_end(&mut head)?;
        self.done = head.len() < BOM.len();
        if head != BOM {
            self.carry = head;
        }
        Ok(())
    }
}

/// `bytes` emptied, with room for `need` bytes and an eighth more: a buffer too small for the
/// next block is replaced rather than grown, which would copy it, and the slack lets a reused
/// buffer hold the next block even when it is a little longer (each new page of memory is the
/// kernel's to map and clear).
pub(crate) fn with_room(mut bytes: Vec<u8>, need: usize) -> Vec<u8> {
    bytes.clear();
    if bytes.capacity() < need {
        bytes = Vec::with_capacity(need + need / 8);
    }
    bytes
}

/// What [`scan`] found in bytes that start at a record boundary.
#[derive(Debug, PartialEq, Eq)]
struct Scan {
    /// Just past the last line terminator outside quotes.
    cut: Option<usize>,
    /// Records that end before `cut`.
    records: usize,
    /// Bytes after `cut` hold the start of a record (not just empty lines).
    open_record: bool,
}

fn is_term(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn scan(bytes: &[u8], delimiter: u8) -> Scan {
    let mut out = Scan { cut: None, records: 0, open_record: false };
    // Does the byte before `at` end a record? (The block starts at a record boundary.)
    let ends_line = |at: usize| at == 0 || is_term(bytes[at - 1]);
    // Quotes and line ends, one search for the three: an export's many quoted cells made a
    // search for each quote and another for the line ends between.
    let mut hits = memchr3_iter(b'"', b'\n', b'\r', bytes);
    let mut quoted = false;
    while let Some(at) = hits.next() {
        match (quoted, bytes[at]) {
            // Inside quotes until a `"` not followed by another `"`; line ends there are text.
            (true, b'"') => match bytes.get(at + 1) {
                Some(b'"') => {
                    hits.next();
                }
                Some(_) => quoted = false,
                // A quote at the very end: a `""` may follow in the next read.
                None => break,
            },
            (true, _) => {}
            // A quote opens a cell only at its start; inside an unquoted cell it is text.
            (false, b'"') => quoted = ends_line(at) || bytes[at - 1] == delimiter,
            (false, _) => {
                if !ends_line(at) {
                    out.records += 1;
                }
                out.cut = Some(at + 1);
            }
        }
    }
    if quoted {
        out.open_record = true;
        return out;
    }
    let tail = out.cut.unwrap_or(0);
    out.open_record = bytes[tail..].iter().any(|&b| !is_term(b));
    out
}

/// The records of one block. Each cell is a range of `buf`, which holds the block and, after
/// it, the cells that the csv crate had to unescape.
#[derive(Default)]
pub struct Records {
    buf: Vec<u8>,
    cells: Vec<(usize, usize)>,
    /// The index in `cells` of each record's first cell.
    starts: Vec<usize>,
    /// How many cells of each record were counted but not kept (see [`Parser::new`]).
    skipped: Vec<u32>,
}

impl Records {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        // Checked once for the whole block: far quicker than cell by cell.
        let text = simdutf8::basic::from_utf8(&self.buf).ok();
        (0..self.len()).map(move |k| {
            let end = self.starts.get(k + 1).copied().unwrap_or(self.cells.len());
            let cells = &self.cells[self.starts[k]..end];
            Row { buf: &self.buf, text, cells, width: cells.len() + self.skipped[k] as usize }
        })
    }
}

/// One record: its cells as ranges of the block.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    buf: &'a [u8],
    /// `buf` as text, if it is valid UTF-8.
    text: Option<&'a str>,
    /// The cells kept: the first ones, up to the parser's `columns`.
    cells: &'a [(usize, usize)],
    /// How many cells the record has, kept or not.
    width: usize,
}

impl<'a> super::Cells<'a> for Row<'a> {
    fn width(self) -> usize {
        self.width
    }

    fn get(self, i: usize) -> Option<&'a [u8]> {
        self.cells.get(i).map(|&(s, e)| &self.buf[s..e])
    }

    fn text(self) -> Option<&'a str> {
        self.text
    }

    #[inline(always)]
    fn bool_key(self, i: usize) -> Option<u32> {
        // Four bytes read whatever the cell's length, and masked by it: no branch on the length.
        let &(s, e) = self.cells.get(i)?;
        Some(match self.buf.get(s..s + 4) {
            Some(&[a, b, c, d]) => crate::value::bool_key_of(u32::from_le_bytes([a, b, c, d]), e - s),
            _ => crate::value::bool_key(&self.buf[s..e]),
        })
    }

    fn str(self, i: usize) -> Option<&'a str> {
        // The delimiters are ASCII: a cell of UTF-8 text is UTF-8.
        self.cells.get(i).and_then(|&(s, e)| self.text?.get(s..e))
    }

    fn line(self) -> Option<&'a [u8]> {
        // Cells one comma apart are unquoted cells `split_simple` cut from a line: a quoted cell
        // leaves its quotes between, and the cells the csv crate unescaped lie after the block
        // with nothing between them. Such cells hold no comma; a lone cell may be a quoted one.
        let (first, last) = (self.cells.first()?, self.cells.last()?);
        if self.width != self.cells.len()
            || !self.cells.windows(2).all(|w| w[1].0 == w[0].1 + 1 && self.buf[w[0].1] == b',')
        {
            return None;
        }
        let line = &self.buf[first.0..last.1];
        let clean = memchr::memchr3(b'"', b'\n', b'\r', line).is_none()
            && (self.cells.len() > 1 || memchr(b',', line).is_none());
        clean.then_some(line)
    }
}

/// Splits blocks into records; one per worker, reused.
pub struct Parser {
    /// The csv crate's parser, made when a line first needs it: making one builds its state
    /// machine, about 270,000 instructions (the two workers' were 3 % of a small run's start-up).
    core: Option<csv_core::Reader>,
    delimiter: u8,
    columns: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl Parser {
    /// A parser of records whose cells are separated by `delimiter`, which keeps the first
    /// `columns` cells of each record and only counts the others (`usize::MAX`: keeps every
    /// cell). A wide export whose rules read its first columns is not cut cell by cell.
    pub fn new(delimiter: u8, columns: usize) -> Self {
        let core = None;
        Parser { core, delimiter, columns, out: vec![0; 256], ends: vec![0; 64] }
    }

    /// Parses `block` into `records`, reusing their buffers; gives back the block parsed before.
    pub fn parse(&mut self, block: Vec<u8>, records: &mut Records) -> Vec<u8> {
        let len = block.len();
        let parsed = std::mem::replace(&mut records.buf, block);
        records.cells.clear();
        records.starts.clear();
        records.skipped.clear();
        let mut at = 0;
        while at < len {
            let (buf, d) = (&records.buf[..len], self.delimiter);
            let (cells, starts, skipped) = (&mut records.cells, &mut records.starts, &mut records.skipped);
            // Every cell kept, the loops cut them without asking whether to.
            at = match self.columns {
                usize::MAX => split_simple(buf, at, d, Sink::<true>::new(cells, starts, skipped, usize::MAX)),
                room => split_simple(buf, at, d, Sink::<false>::new(cells, starts, skipped, room)),
            };
            if at == len {
                break;
            }
            let (taken, cells) = self.read_record(&records.buf[at..len]);
            at += taken;
            if let Some(ends) = cells {
                let base = records.buf.len();
                records.buf.extend_from_slice(&self.out[..ends.last().map_or(0, |&(_, e)| e)]);
                records.starts.push(records.cells.len());
                records.skipped.push(0);
                records.cells.extend(ends.iter().map(|&(s, e)| (base + s, base + e)));
            }
        }
        parsed
    }

    /// Reads one record from the start of `input` with the csv crate's own parser: the bytes
    /// taken, and the record's cells as ranges of `self.out` (none if only empty lines were left).
    fn read_record(&mut self, input: &[u8]) -> (usize, Option<Vec<(usize, usize)>>) {
        use csv_core::ReadRecordResult::*;
        let delimiter = self.delimiter;
        let core = self.core.get_or_insert_with(|| csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        core.reset();
        // After `reset`, csv_core drops a byte-order mark that starts its first read, as at the
        // start of a file; a record's first cell may well start with U+FEFF. Given the first byte
        // alone, it sees no mark.
        let first = if input.starts_with(BOM) { 1 } else { input.len() };
        let (mut taken, mut out, mut ends) = (0, 0, 0);
        let got = loop {
            let upto = if taken == 0 { first } else { input.len() };
            let (res, nin, nout, nend) =
                core.read_record(&input[taken..upto], &mut self.out[out..], &mut self.ends[ends..]);
            (taken, out, ends) = (taken + nin, out + nout, ends + nend);
            match res {
                // The last call, with nothing left, ends the record.
                InputEmpty => {}
                OutputFull => self.out.resize(self.out.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => break true,
                End => break false,
            }
        };
        let cells = self.ends[..ends].iter().scan(0, |start, &end| Some((std::mem::replace(start, end), end)));
        (taken, got.then(|| cells.collect()))
    }
}

/// Where [`split_simple`] puts the records: every cell (`ALL`), or the first `room` cells of
/// each record, the others only counted.
struct Sink<'r, const ALL: bool> {
    cells: &'r mut Vec<(usize, usize)>,
    starts: &'r mut Vec<usize>,
    skipped: &'r mut Vec<u32>,
    room: usize,
    /// Cells the current record may still keep.
    left: usize,
    /// Cells of the current record counted, not kept.
    counted: usize,
    /// Where the current record's cells begin in `cells`.
    first: usize,
}

impl<'r, const ALL: bool> Sink<'r, ALL> {
    fn new(
        cells: &'r mut Vec<(usize, usize)>,
        starts: &'r mut Vec<usize>,
        skipped: &'r mut Vec<u32>,
        room: usize,
    ) -> Self {
        let first = cells.len();
        Sink { cells, starts, skipped, room, left: room, counted: 0, first }
    }

    /// No more cells of this record are kept: the rest are only counted.
    fn full(&self) -> bool {
        !ALL && self.left == 0
    }

    /// The cell `from..to`.
    fn cut(&mut self, from: usize, to: usize) {
        if self.full() {
            self.counted += 1;
        } else {
            self.cells.push((from, to));
            self.left -= usize::from(!ALL);
        }
    }

    /// The current record ends.
    fn end(&mut self) {
        self.starts.push(self.first);
        self.skipped.push(self.counted as u32);
        self.first = self.cells.len();
        (self.left, self.counted) = (self.room, 0);
    }

    /// The current record is for the csv crate: its cells so far are dropped.
    fn drop_record(&mut self) {
        self.cells.truncate(self.first);
        (self.left, self.counted) = (self.room, 0);
    }
}

/// Splits `buf` into records from `at`, the start of a record, while every cell is plain or
/// simply quoted: `"…"` at the start of the cell, holding no quote, followed by the delimiter
/// `d` or the line's end. Returns where it stopped: `buf.len()`, or the start of a record the
/// csv crate must read (a quote elsewhere, `""`). Lines end at `\n`, `\r` or `\r\n`, and empty
/// ones are skipped, as the csv crate does.
///
/// 64 bytes at a time: bit masks of the delimiters, quotes and line breaks; which bytes lie
/// between quotes, from a running XOR of the quotes; the delimiters and line breaks outside
/// quotes end the cells. Once a record keeps no more cells, the rest up to its line end are only
/// counted.
fn split_simple<const ALL: bool>(buf: &[u8], at: usize, d: u8, mut out: Sink<'_, ALL>) -> usize {
    let end = buf.len();
    // Where the current record and cell start.
    let (mut record, mut from) = (at, at);
    // Bit 0: the stretch's first byte starts a cell; follows a closing quote. `quoted`: it lies
    // between quotes.
    let (mut starts_cell, mut after_quote, mut quoted) = (1u64, 0u64, false);
    let mut base = at;
    while base < end {
        let len = (end - base).min(64);
        let [delimiters, quotes, breaks] = match <&[u8; 64]>::try_from(&buf[base..base + len]) {
            Ok(full) => masks(full, d),
            Err(_) => {
                let mut padded = [0u8; 64];
                padded[..len].copy_from_slice(&buf[base..end]);
                masks(&padded, d).map(|m| m & (u64::MAX >> (64 - len)))
            }
        };
        let inside = prefix_xor(quotes) ^ if quoted { u64::MAX } else { 0 };
        let bounds = delimiters | breaks;
        // Whether the byte after the stretch ends a cell (the block's end does).
        let next = match buf.get(base + 64) {
            _ if len < 64 => 1 << (len - 1),
            Some(&b) => u64::from(b == d || b == b'\n' || b == b'\r') << 63,
            None => 1 << 63,
        };
        // A quote opens a cell at its start and closes it at its end; anything else (`""`, a
        // quote inside a plain cell) is for the csv crate, from the start of its record.
        let odd = quotes & inside & !(bounds << 1 | starts_cell) | quotes & !inside & !(bounds >> 1 | next);
        // The ends of cells outside quotes before the first odd byte. A `\r` ends a line as `\n`
        // does (the `\n` of a `\r\n` then ends an empty line, which is skipped).
        let mut ends = bounds & !inside & (odd.wrapping_sub(1) & !odd);
        // The ends that follow a closing quote end a quoted cell (it opened at the cell's start).
        let closes = quotes & !inside;
        let unquote = closes << 1 | after_quote;
        while ends != 0 {
            if out.full() {
                // The record's other cells up to its line end are counted, not cut (nor is
                // where they start needed).
                let lines = ends & breaks;
                let before = match lines & lines.wrapping_neg() {
                    0 => ends,
                    first => ends & (first - 1),
                };
                if before != 0 {
                    out.counted += before.count_ones() as usize;
                    ends &= !before;
                    continue;
                }
            }
            let bit = ends.trailing_zeros();
            let pos = base + bit as usize;
            ends &= ends - 1;
            let quoted = (unquote >> bit & 1) as usize;
            if breaks >> bit & 1 == 0 {
                out.cut(from + quoted, pos - quoted);
                from = pos + 1;
                continue;
            }
            if pos > record {
                out.cut(from + quoted, pos - quoted);
                out.end();
            }
            (record, from) = (pos + 1, pos + 1);
        }
        if odd != 0 {
            out.drop_record();
            return record;
        }
        quoted = inside >> 63 == 1;
        starts_cell = bounds >> 63;
        after_quote = closes >> 63;
        base += 64;
    }
    if quoted {
        out.drop_record();
        return record;
    }
    if record < end {
        cut_cell(buf, from, end, &mut out);
        out.end();
    }
    end
}

/// The cell `buf[from..to]`, without its quotes if it is quoted.
fn cut_cell<const ALL: bool>(buf: &[u8], from: usize, to: usize, out: &mut Sink<'_, ALL>) {
    let quoted = usize::from(to > from + 1 && buf[from] == b'"');
    out.cut(from + quoted, to - quoted);
}

/// Bit `i` set where an odd number of bits up to `i` are set in `x`: between a quote and the
/// next, the first one included.
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

/// Bit `i` of each mask is set where `bytes[i]` is the delimiter `d`, a quote, a line break (`\r` or `\n`): SSE2,
/// which every x86-64 processor has, compares 16 bytes at once and gathers the results into 16
/// bits.
#[cfg(target_arch = "x86_64")]
fn masks(bytes: &[u8; 64], d: u8) -> [u64; 3] {
    use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i};
    let [d, quote, r, n] = [d, b'"', b'\r', b'\n'].map(|b| set_splat_i8_m128i(b as i8));
    let mut masks = [0; 3];
    for (k, chunk) in bytes.as_chunks::<16>().0.iter().enumerate() {
        let chunk = load_unaligned_m128i(chunk);
        let found = [
            cmp_eq_mask_i8_m128i(chunk, d),
            cmp_eq_mask_i8_m128i(chunk, quote),
            bitor_m128i(cmp_eq_mask_i8_m128i(chunk, r), cmp_eq_mask_i8_m128i(chunk, n)),
        ];
        for (mask, found) in masks.iter_mut().zip(found) {
            *mask |= u64::from(move_mask_i8_m128i(found) as u16) << (16 * k);
        }
    }
    masks
}

#[cfg(not(target_arch = "x86_64"))]
fn masks(bytes: &[u8; 64], d: u8) -> [u64; 3] {
    let [d, quote, r, n] = [d, b'"', b'\r', b'\n'].map(|b| byte_mask_by_words(bytes, b));
    [d, quote, r | n]
}

/// Bit `i` is set where `bytes[i]` is `d`, an ASCII byte: [`masks`]' work for one byte (SSE2, 16
/// bytes at once). A grading group turns its yes/no codes, a byte a record, into bits with it.
#[cfg(target_arch = "x86_64")]
pub(crate) fn byte_mask(bytes: &[u8; 64], d: u8) -> u64 {
    use safe_arch::{cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i};
    let d = set_splat_i8_m128i(d as i8);
    let mut mask = 0;
    for (k, chunk) in bytes.as_chunks::<16>().0.iter().enumerate() {
        let found = cmp_eq_mask_i8_m128i(load_unaligned_m128i(chunk), d);
        mask |= u64::from(move_mask_i8_m128i(found) as u16) << (16 * k);
    }
    mask
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn byte_mask(bytes: &[u8; 64], d: u8) -> u64 {
    byte_mask_by_words(bytes, d)
}

/// Bit `i` is set where `bytes[i]` is `d` (an ASCII byte), eight bytes at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn byte_mask_by_words(bytes: &[u8; 64], d: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut mask = 0;
    for (k, word) in bytes.as_chunks::<8>().0.iter().enumerate() {
        // The high bit of each byte set where that byte is `d`: where `word ^ d…d` has a zero byte.
        let word = u64::from_le_bytes(*word) ^ u64::from_ne_bytes([d; 8]);
        let found = !(((word & LOW7) + LOW7) | word | LOW7);
        // Gathers those eight bits into one byte, the first byte's bit lowest.
        let bits = ((found >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= bits << (8 * k);
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::super::Cells;
    use super::*;

    fn cut(s: &str) -> (Option<usize>, usize, bool) {
        let s = scan(s.as_bytes(), b',');
        (s.cut, s.records, s.open_record)
    }

    #[test]
    fn cuts_after_the_last_terminator_outside_quotes() {
        assert_eq!(cut("a,b\nc,d\ne"), (Some(8), 2, true));
        assert_eq!(cut("a,b\r\nc,d\r\n"), (Some(10), 2, false));
        assert_eq!(cut("a,\"b\nc\"\nd,\"e\n"), (Some(8), 1, true));
        assert_eq!(cut("\n\n\r\n"), (Some(4), 0, false));
        assert_eq!(cut("a\"b\nc"), (Some(4), 1, true));
        assert_eq!(cut("\"a\"\"\n\"\nb"), (Some(7), 1, true));
        assert_eq!(cut("x,\"ab\""), (None, 0, true));
    }

    /// A record's `line()` and its cells.
    type Line = (Option<Vec<u8>>, Vec<Vec<u8>>);

    /// `line()` of every record of `input`, delimited by `d`, with its cells.
    fn lines(input: &[u8], size: usize, d: u8) -> Vec<Line> {
        let mut blocks = Blocks::with_size(input, d, size);
        let (mut parser, mut records, mut all) = (Parser::new(d, usize::MAX), Records::default(), Vec::new());
        while let Some(block) = blocks.next_block().unwrap() {
            parser.parse(block.bytes, &mut records);
            all.extend(records.iter().map(|r| {
                let cells = (0..r.width()).filter_map(|i| r.get(i)).map(<[u8]>::to_vec).collect();
                (r.line().map(<[u8]>::to_vec), cells)
            }));
        }
        all
    }

    /// The cells written one by one as `ladder run` writes CSV: quoted when they hold a comma,
    /// a quote or a line break.
    fn written(cells: &[Vec<u8>]) -> Vec<u8> {
        let quoted = |c: &Vec<u8>| match c.iter().any(|b| b",\"\r\n".contains(b)) {
            true => [
                &b"\""[..],
                &c.iter().flat_map(|&b| if b == b'"' { vec![b, b] } else { vec![b] }).collect::<Vec<_>>(),
                b"\"",
            ]
            .concat(),
            false => c.clone(),
        };
        cells.iter().map(quoted).collect::<Vec<_>>().join(&b',')
    }

    #[test]
    fn a_line_is_copied_whole_only_when_it_needs_no_quoting() {
        let got = lines(b"a,b,c\r\n\"a\",b\nx,\"y\"\n\"a,b\"\n\"ab\"\nab\n,,\n", 64, b',');
        let got: Vec<Option<&[u8]>> = got.iter().map(|(line, _)| line.as_deref()).collect();
        assert_eq!(got, [Some(&b"a,b,c"[..]), None, None, None, Some(b"ab"), Some(b"ab"), Some(b",,")]);
        assert!(lines(b"a;b\n", 64, b';').iter().all(|(line, _)| line.is_none()));
    }

    type Table = Vec<Vec<Vec<u8>>>;

    /// Every record, read block by block with blocks of `size` bytes.
    fn by_blocks(input: &[u8], size: usize) -> Table {
        by_blocks_of(input, size, b',')
    }

    fn by_blocks_of(input: &[u8], size: usize, d: u8) -> Table {
        let mut blocks = Blocks::with_size(input, d, size);
        let (mut parser, mut records, mut all) = (Parser::new(d, usize::MAX), Records::default(), Vec::new());
        loop {
            // A run grades the first block alone when the blocks say they are finished.
            let finished = blocks.finished();
            let Some(block) = blocks.next_block().unwrap() else { break };
            assert!(!finished, "a block after `finished` in {:?}", String::from_utf8_lossy(input));
            let counted = block.records;
            let text = String::from_utf8_lossy(&block.bytes).into_owned();
            parser.parse(block.bytes, &mut records);
            assert_eq!(records.len(), counted, "records counted in {text:?}");
            for r in records.iter() {
                for i in 0..r.width() + 1 {
                    assert_eq!(r.bool_key(i), r.get(i).map(crate::value::bool_key), "cell {i} in {text:?}");
                }
            }
            all.extend(
                records.iter().map(|r| (0..r.width()).filter_map(|i| r.get(i)).map(<[u8]>::to_vec).collect::<Vec<_>>()),
            );
        }
        all
    }

    /// Every record's width and kept cells, read by a parser that keeps `columns` cells.
    fn kept(input: &[u8], size: usize, columns: usize) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut blocks = Blocks::with_size(input, b',', size);
        let (mut parser, mut records, mut all) = (Parser::new(b',', columns), Records::default(), Vec::new());
        while let Some(block) = blocks.next_block().unwrap() {
            parser.parse(block.bytes, &mut records);
            all.extend(records.iter().map(|r| {
                let cells = (0..r.width()).map_while(|i| r.get(i)).map(<[u8]>::to_vec).collect();
                (r.width(), cells)
            }));
        }
        all
    }

    fn by_csv(input: &[u8]) -> Table {
        by_csv_of(input, b',')
    }

    fn by_csv_of(input: &[u8], d: u8) -> Table {
        use crate::source::RecordSource;
        let mut source = crate::source::Csv::with_delimiter(Box::new(std::io::Cursor::new(input.to_vec())), d);
        let mut record = csv::ByteRecord::new();
        let mut all = Vec::new();
        while source.next_record(&mut record).unwrap() {
            all.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        all
    }

    #[test]
    fn comma_masks() {
        let mut bytes = [b'a'; 64];
        for i in [0, 7, 8, 9, 31, 56, 63] {
            bytes[i] = b',';
        }
        bytes[10] = 0x80 | b',';
        let want = [0, 7, 8, 9, 31, 56, 63].iter().fold(0u64, |m, i| m | 1 << i);
        for mask in [|b: &[u8; 64], d| masks(b, d)[0], byte_mask_by_words, byte_mask] {
            assert_eq!(mask(&bytes, b','), want);
            assert_eq!(mask(&[b','; 64], b','), u64::MAX);
            assert_eq!(mask(&bytes.map(|b| if b == b',' { b'\t' } else { b }), b'\t'), want);
            // Bytes past 127 (UTF-8) are never an ASCII delimiter.
            assert_eq!(mask(&bytes.map(|b| if b == b',' { 0xac } else { 0xe4 }), b','), 0);
        }
    }

    /// Whether `split_simple` cuts the whole of `line`.
    fn simple(line: &str) -> bool {
        let (mut cells, mut starts, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
        let sink = Sink::<true>::new(&mut cells, &mut starts, &mut skipped, usize::MAX);
        split_simple(line.as_bytes(), 0, b',', sink) == line.len()
    }

    #[test]
    fn simple_lines() {
        let long = "是,否,,1200万,2026/1/5,".repeat(9);
        // Quotes beside the 64-byte stretches' edges: a cell closed at byte 63, one opened at 64.
        let closed_at_63 = format!("\"{}\",b", "a".repeat(62));
        let opened_at_64 = format!("{},\"x,y\"", "a".repeat(63));
        let long_quoted = format!("{},\"{}\",c", "a".repeat(40), "b,".repeat(50));
        for line in [
            "a,b",
            "aaaaaaa,bbbbbbbbb,,,,,,,,,,,,c,,",
            "是否,是,√,×,,,,,",
            &long,
            "\"a,b\",c",
            "a,\"\",",
            "\"x\"",
            ",",
            &closed_at_63,
            &opened_at_64,
            &long_quoted,
            "a\rb\r\nc\n\n",
            "\"a\rb\",\"c\nd\"",
        ] {
            assert!(simple(line), "{line}");
            assert_eq!(by_blocks(line.as_bytes(), 64), by_csv(line.as_bytes()));
        }
        for line in ["a\"b", "\"a\"b", "\"a", "\"a\"\"b\""] {
            assert!(!simple(line), "{line}");
        }
    }

    #[test]
    fn an_input_shorter_than_a_block_is_finished_after_it() {
        let mut blocks = Blocks::with_size(&b"a,b\n1,2\n3,4"[..], b',', 64);
        assert!(!blocks.finished());
        assert_eq!(blocks.next_block().unwrap().map(|b| b.records), Some(3));
        assert!(blocks.finished());
        let mut long = Blocks::with_size(&b"a,b\n1,2\n3,4\n"[..], b',', 6);
        assert_eq!(long.next_block().unwrap().map(|b| b.records), Some(2));
        assert!(!long.finished());
    }

    #[test]
    fn a_record_that_starts_with_u_feff_keeps_it() {
        // The quotes send these records through csv_core, which is reset before each.
        let input = "\u{feff}h,x\nk,\"1\"\"\"\n\u{feff}丙,\"3\"\"\"\n\u{feff}丁,4\n";
        let records = by_blocks(input.as_bytes(), 7);
        assert_eq!(records, by_csv(input.as_bytes()));
        assert_eq!(records[0][0], b"h");
        assert_eq!(records[2][0], "\u{feff}丙".as_bytes());
        assert_eq!(records[3][0], "\u{feff}丁".as_bytes());
    }

    proptest::proptest! {
        /// Blocks of any size give the csv crate's records, in order, and count them right.
        #[test]
        fn blocks_read_as_the_csv_crate(
            input in proptest::collection::vec(proptest::sample::select(b"ab,\"\r\n\n,,".to_vec()), 0..200),
            size in 1usize..40,
        ) {
            proptest::prop_assert_eq!(by_blocks(&input, size), by_csv(&input));
        }

        /// The same with a semicolon, a tab or a `|` between cells, and commas as text.
        #[test]
        fn other_delimiters_read_as_the_csv_crate(
            input in proptest::collection::vec(proptest::sample::select(b"ab,;\t|\"\r\n\n;;".to_vec()), 0..200),
            size in 1usize..40,
            d in proptest::sample::select(b";\t|".to_vec()),
        ) {
            proptest::prop_assert_eq!(by_blocks_of(&input, size, d), by_csv_of(&input, d));
        }

        /// The same with U+FEFF anywhere: dropped at the very start of the input only.
        #[test]
        fn byte_order_marks_read_as_the_csv_crate(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", ",", "\"", "\r", "\n", "\u{feff}"]), 0..120),
            size in 1usize..40,
        ) {
            let input = pieces.concat();
            proptest::prop_assert_eq!(by_blocks(input.as_bytes(), size), by_csv(input.as_bytes()));
        }

        /// A record's line, where there is one, is its cells as a run writes them.
        #[test]
        fn lines_are_the_cells_as_written(
            input in proptest::collection::vec(proptest::sample::select(b"ab,;\"\r\n\n,,".to_vec()), 0..200),
            size in 1usize..40,
            d in proptest::sample::select(b",;".to_vec()),
        ) {
            for (line, cells) in lines(&input, size, d) {
                if let Some(line) = line {
                    proptest::prop_assert_eq!(line, written(&cells));
                }
            }
        }

        /// A parser keeping the first cells of each record keeps them as they are and counts
        /// the others: each record as wide as the csv crate reads it.
        #[test]
        fn the_first_cells_are_kept_and_the_others_counted(
            input in proptest::collection::vec(proptest::sample::select(b"aaab,,,,\"\r\n\n".to_vec()), 0..400),
            size in 1usize..200,
            columns in 0usize..8,
        ) {
            let all = by_csv(&input);
            let got = kept(&input, size, columns);
            proptest::prop_assert_eq!(got.len(), all.len());
            for ((width, cells), want) in got.iter().zip(&all) {
                proptest::prop_assert_eq!(*width, want.len());
                let n = columns.min(want.len());
                proptest::prop_assert!(cells.len() >= n);
                proptest::prop_assert_eq!(&cells[..n], &want[..n]);
            }
        }

        /// The masks mark each delimiter, quote and line break as a byte-by-byte look finds them,
        /// among bytes of every value, on every machine's way of making them.
        #[test]
        fn masks_mark_each_byte(
            bytes in proptest::collection::vec(proptest::prop_oneof![proptest::sample::select(b",;\"\r\n".to_vec()), proptest::prelude::any::<u8>()], 64),
            d in proptest::sample::select(b",;\t|".to_vec()),
        ) {
            let bytes: [u8; 64] = bytes.try_into().unwrap();
            let want = [&[d][..], b"\"", b"\r\n"].map(|w| bytes.iter().enumerate().filter(|(_, b)| w.contains(b)).fold(0u64, |m, (i, _)| m | 1 << i));
            proptest::prop_assert_eq!(masks(&bytes, d), want);
            for mask in [byte_mask_by_words, byte_mask] {
                let [d, quote, r, n] = [d, b'"', b'\r', b'\n'].map(|w| mask(&bytes, w));
                proptest::prop_assert_eq!([d, quote, r | n], want);
            }
        }

        /// A grading group's yes/no codes (a byte a record) become the bits of each code as a
        /// look at each byte finds them.
        #[test]
        fn codes_become_their_bits(
            codes in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, 2, 4, 0x81, 0xff]), 64),
            code in proptest::sample::select(vec![0u8, 1, 2, 4]),
        ) {
            let codes: [u8; 64] = codes.try_into().unwrap();
            let want = codes.iter().enumerate().fold(0u64, |bits, (k, &c)| bits | u64::from(c == code) << k);
            proptest::prop_assert_eq!(byte_mask(&codes, code), want);
        }

        /// The same for long lines of short cells, with a few quotes.
        #[test]
        fn long_lines_read_as_the_csv_crate(
            input in proptest::collection::vec(proptest::sample::select(b"aaaaaaa,,,,,\"\n\r".to_vec()), 0..600),
            size in 1usize..300,
        ) {
            proptest::prop_assert_eq!(by_blocks(&input, size), by_csv(&input));
        }
    }
}
