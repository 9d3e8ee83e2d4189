//! Opening data for reading: a file or standard input, as a UTF-8 byte stream whatever its encoding.
//!
//! Spreadsheets saved on Chinese Windows are often GBK; Excel's "CSV UTF-8" adds a byte-order mark.
//! [`open`] hides both: the reader it returns yields UTF-8 without a BOM.

use encoding_rs_io::DecodeReaderBytesBuilder;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, Cursor, Read};
use std::str::FromStr;

#[cfg(test)]
mod tests;

/// How many bytes are examined to guess the encoding.
const SNIFF_LEN: usize = 64 * 1024;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const GB18030_BOM: &[u8] = b"\x84\x31\x95\x33";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// The text encoding of input data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// Guess: a byte-order mark decides; else valid UTF-8 is UTF-8 and anything else is GBK.
    #[default]
    Auto,
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GBK, read with the GB18030 decoder (a superset of GBK and GB2312).
    Gbk,
    /// UTF-16 (Excel's "Unicode text"): little-endian unless a byte-order mark says otherwise.
    Utf16,
}

/// An `--encoding` value that names no supported encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown encoding \"{0}\"; use auto, utf-8, gbk or utf-16")]
pub struct UnknownEncoding(pub String);

impl FromStr for Encoding {
    type Err = UnknownEncoding;

    /// `auto`, `utf-8`/`utf8`, `gbk`/`gb18030`/`gb2312`, `utf-16`/`utf16`/`utf-16le`/`utf-16be`,
    /// in any letter case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" => Ok(Encoding::Gbk),
            "utf-16" | "utf16" | "utf-16le" | "utf-16be" => Ok(Encoding::Utf16),
            _ => Err(UnknownEncoding(s.to_string())),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Gbk => "gbk",
            Encoding::Utf16 => "utf-16",
        })
    }
}

/// Open `path` (`-` = standard input) as a UTF-8 byte stream without a byte-order mark.
pub fn open(path: &str, enc: Encoding) -> io::Result<Box<dyn Read + Send>> {
    open_detect(path, enc).map(|(reader, _)| reader)
}

/// Like [`open`], and also say which encoding was used (never [`Encoding::Auto`]).
pub fn open_detect(path: &str, enc: Encoding) -> io::Result<(Box<dyn Read + Send>, Encoding)> {
    if path == "-" {
        decode(io::stdin(), enc)
    } else {
        decode(std::fs::File::open(path)?, enc)
    }
}

/// Turn any byte source into a UTF-8 byte stream without a byte-order mark, as [`open_detect`]
/// does for files. Reads up to 64 KiB ahead to look at the start of the data.
pub fn decode<R: Read + Send + 'static>(source: R, enc: Encoding) -> io::Result<(Box<dyn Read + Send>, Encoding)> {
    let (text, chosen, gbk) = choose_text(source, enc)?;
    let text = match gbk {
        Some(e) => transcoder(text, e),
        None => text,
    };
    Ok((text, chosen))
}

/// Like [`decode`], but GBK text is left in GBK without its byte-order mark, with its encoding
/// (`None`: the text is UTF-8), for the caller to decode in pieces ([`transcoder`] decodes it
/// as a stream).
pub fn undecoded<R: Read + Send + 'static>(
    source: R,
    enc: Encoding,
) -> io::Result<(Box<dyn Read + Send>, Option<&'static encoding_rs::Encoding>)> {
    let (text, _, gbk) = choose_text(source, enc)?;
    Ok((text, gbk))
}

/// [`undecoded`] of the file at `path` (`-`: standard input).
pub fn open_undecoded(
    path: &str,
    enc: Encoding,
) -> io::Result<(Box<dyn Read + Send>, Option<&'static encoding_rs::Encoding>)> {
    if path == "-" {
        undecoded(io::stdin(), enc)
    } else {
        undecoded(std::fs::File::open(path)?, enc)
    }
}

/// Text in `encoding` as a UTF-8 byte stream.
pub fn transcoder<R: Read + Send + 'static>(text: R, encoding: &'static encoding_rs::Encoding) -> Box<dyn Read + Send> {
    Box::new(DecodeReaderBytesBuilder::new().encoding(Some(encoding)).bom_override(true).build(text))
}

/// The text of `source` and the encoding chosen; GBK text is still GBK (without a byte-order
/// mark), said by the third value.
fn choose_text<R: Read + Send + 'static>(
    mut source: R,
    enc: Encoding,
) -> io::Result<(Box<dyn Read + Send>, Encoding, Option<&'static encoding_rs::Encoding>)> {
    let head = read_head(&mut source)?;
    let at_eof = head.len() < SNIFF_LEN;
    let chosen = choose(&head, at_eof, enc);
    let skip = |head: Vec<u8>, start: usize| {
        let mut head = Cursor::new(head);
        head.set_position(start as u64);
        head
    };
    Ok(match chosen {
        Encoding::Gbk => {
            let start = if head.starts_with(GB18030_BOM) { GB18030_BOM.len() } else { 0 };
            (Box::new(skip(head, start).chain(source)), chosen, Some(encoding_rs::GB18030))
        }
        Encoding::Utf16 => {
            let is_be = head.starts_with(UTF16BE_BOM);
            let encoding = if is_be { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE };
            (transcoder(Cursor::new(head).chain(source), encoding), chosen, None)
        }
        Encoding::Utf8 | Encoding::Auto => {
            let start = if head.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
            (Box::new(skip(head, start).chain(source)), chosen, None)
        }
    })
}

/// Read up to [`SNIFF_LEN`] bytes, fewer only at the end of the data.
fn read_head<R: Read>(source: &mut R) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    source.take(SNIFF_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Decide the encoding. A UTF-8 or UTF-16 byte-order mark always wins, since it cannot be a
/// mistake; otherwise an explicit choice is obeyed; otherwise valid UTF-8 means UTF-8.
fn choose(head: &[u8], at_eof: bool, enc: Encoding) -> Encoding {
    if head.starts_with(UTF8_BOM) {
        return Encoding::Utf8;
    }
    if head.starts_with(UTF16LE_BOM) || head.starts_with(UTF16BE_BOM) {
        return Encoding::Utf16;
    }
    match enc {
        Encoding::Auto if looks_utf8(head, at_eof) || mostly_utf8(head) => Encoding::Utf8,
        Encoding::Auto => Encoding::Gbk,
        other => other,
    }
}

/// UTF-8 with a stray bad byte or two among many Chinese characters: a file edited by two
/// programs, not a GBK file (read as UTF-8, GBK text is invalid at nearly every character). Its
/// bad bytes are then data errors in their cells, and every other cell reads right.
fn mostly_utf8(head: &[u8]) -> bool {
    let (mut rest, mut bad, mut good) = (head, 0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                good += text.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default();
                good += valid.chars().filter(|c| !c.is_ascii()).count();
                bad += 1;
                let Some(len) = e.error_len() else { break };
                rest = &rest[e.valid_up_to() + len..];
            }
        }
    }
    bad <= 8 && good >= 20 * bad
}

/// Valid UTF-8, allowing one multi-byte character cut off by the end of the sniffed block.
fn looks_utf8(head: &[u8], at_eof: bool) -> bool {
    // Checked 32 bytes at a time first: a rule file of Chinese text takes several instructions a
    // byte the standard library's way, at every start-up.
    if simdutf8::basic::from_utf8(head).is_ok() {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // `error_len() == None`: the bytes end in the middle of a character, which is fine when the
        // block was cut short; a file that really ends like that is not UTF-8.
        Err(e) => e.error_len().is_none() && !at_eof,
    }
}

/// A reader that transcodes `head[start..]` followed by `rest` from `encoding` into UTF-8.
/// Malformed bytes become U+FFFD.
/// How a text file was saved: its encoding, whether it starts with a byte-order mark, and its line
/// endings. Notepad on Chinese Windows saves rule files as GBK ("ANSI"), UTF-16 ("Unicode") or UTF-8
/// with a BOM, with CRLF; [`Saved::read`] reads all of them and [`Saved::write`] saves a text back
/// the same way, so `ladder fmt` changes only the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// Never [`Encoding::Auto`].
    pub encoding: Encoding,
    /// UTF-16 big-endian (only with a byte-order mark; without one, UTF-16 is little-endian).
    pub big_endian: bool,
    pub bom: bool,
    pub crlf: bool,
}

impl Saved {
    /// The text of `bytes` with `\n` line endings and no byte-order mark, and how it was saved.
    /// Bytes that are neither UTF-8 nor GBK become U+FFFD.
    pub fn read(bytes: &[u8]) -> (String, Saved) {
        let encoding = choose(bytes, true, Encoding::Auto);
        let big_endian = bytes.starts_with(UTF16BE_BOM);
        let (text, bom) = match encoding {
            Encoding::Utf16 if big_endian => (encoding_rs::UTF_16BE.decode_with_bom_removal(bytes).0, true),
            Encoding::Utf16 => (encoding_rs::UTF_16LE.decode_with_bom_removal(bytes).0, true),
            Encoding::Gbk => {
                let bom = bytes.starts_with(GB18030_BOM);
                let body = if bom { &bytes[GB18030_BOM.len()..] } else { bytes };
                (encoding_rs::GB18030.decode_without_bom_handling(body).0, bom)
            }
            Encoding::Utf8 | Encoding::Auto => {
                let bom = bytes.starts_with(UTF8_BOM);
                let body = if bom { &bytes[UTF8_BOM.len()..] } else { bytes };
                let text =
                    simdutf8::basic::from_utf8(body).map_or_else(|_| String::from_utf8_lossy(body), Cow::Borrowed);
                (text, bom)
            }
        };
        let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
        let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text.into_owned() };
        (text, Saved { encoding, big_endian, bom, crlf })
    }

    /// `text` (with `\n` line endings) as bytes saved this way.
    pub fn write(&self, text: &str) -> Vec<u8> {
        let text = if self.crlf { std::borrow::Cow::Owned(text.replace('\n', "\r\n")) } else { text.into() };
        match self.encoding {
            Encoding::Utf16 => {
                let units = text.encode_utf16();
                let bom = self.bom.then_some(0xFEFF);
                let bytes = |u: u16| if self.big_endian { u.to_be_bytes() } else { u.to_le_bytes() };
                bom.into_iter().chain(units).flat_map(bytes).collect()
            }
            Encoding::Gbk => {
                let body = encoding_rs::GB18030.encode(&text).0;
                [if self.bom { GB18030_BOM } else { b"" }, &body].concat()
            }
            Encoding::Utf8 | Encoding::Auto => [if self.bom { UTF8_BOM } else { b"" }, text.as_bytes()].concat(),
        }
    }
}

/// The encoding of CSV that `ladder run` writes. Excel on Chinese Windows reads a CSV file without a
/// byte-order mark as GBK, so UTF-8 without one opens as mojibake: files get a BOM by default,
/// standard output (a pipe) plain UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputEncoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "utf-8-bom", alias = "utf8-bom")]
    Utf8Bom,
    /// A character GBK lacks is written as an HTML character reference (`&#128512;`), not lost.
    #[value(name = "gbk")]
    Gbk,
}

/// A writer of UTF-8 text that writes it in `encoding` to `out`, the byte-order mark first.
pub fn encoded<'w>(encoding: OutputEncoding, mut out: Box<dyn io::Write + 'w>) -> io::Result<Box<dyn io::Write + 'w>> {
    match encoding {
        OutputEncoding::Utf8 => Ok(out),
        OutputEncoding::Utf8Bom => {
            out.write_all(UTF8_BOM)?;
            Ok(out)
        }
        OutputEncoding::Gbk => Ok(Box::new(Gbk { out, pending: Vec::new() })),
    }
}

/// UTF-8 in, GBK out (a stateless encoding: each piece is encoded alone); `pending` holds a
/// character cut in two by the end of a write.
struct Gbk<'w> {
    out: Box<dyn io::Write + 'w>,
    pending: Vec<u8>,
}

impl io::Write for Gbk<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8")),
        };
        let text = std::str::from_utf8(&self.pending[..whole]).unwrap_or_default();
        self.out.write_all(&encoding_rs::GBK.encode(text).0)?;
        self.pending.drain(..whole);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Why a file could not be read, in the user's language: Ladder's words for a missing file (the
/// most common case, and the one a user can act on), else the operating system's.
pub fn file_reason(e: &std::io::Error, lang: crate::diag::Lang) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::t!(lang, "missing-file"),
        _ => os_reason(e),
    }
}

/// The operating system's words for an error, without its ` (os error N)` number.
pub fn os_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match e.raw_os_error() {
        Some(n) => text.strip_suffix(&format!(" (os error {n})")).map_or(text.clone(), String::from),
        None => text,
    }
}
