//! Tests for opening data in its various encodings.

use super::*;
use std::io::Write;

const TEXT: &str = "客户,等级,年销售额\r\n张三,A01,120万\r\n李四,A02,￥1,200\r\n";

fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
    f
}

fn read_path(bytes: &[u8], enc: Encoding) -> (String, Encoding) {
    let f = write_temp(bytes);
    let (mut r, chosen) = open_detect(f.path().to_str().unwrap(), enc).unwrap();
    let mut out = String::new();
    r.read_to_string(&mut out).unwrap();
    (out, chosen)
}

fn gbk(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn utf8_passes_through_with_crlf() {
    assert_eq!(read_path(TEXT.as_bytes(), Encoding::Auto), (TEXT.to_string(), Encoding::Utf8));
    assert_eq!(read_path(TEXT.as_bytes(), Encoding::Utf8), (TEXT.to_string(), Encoding::Utf8));
}

#[test]
fn utf8_bom_is_stripped() {
    let bytes = [UTF8_BOM, TEXT.as_bytes()].concat();
    for enc in [Encoding::Auto, Encoding::Utf8, Encoding::Gbk] {
        assert_eq!(read_path(&bytes, enc), (TEXT.to_string(), Encoding::Utf8), "{enc}");
    }
}

#[test]
fn gbk_is_detected_and_transcoded() {
    let bytes = gbk(TEXT);
    assert!(std::str::from_utf8(&bytes).is_err());
    assert_eq!(read_path(&bytes, Encoding::Auto), (TEXT.to_string(), Encoding::Gbk));
    assert_eq!(read_path(&bytes, Encoding::Gbk), (TEXT.to_string(), Encoding::Gbk));
}

#[test]
fn gb18030_bom_is_stripped() {
    let bytes = [GB18030_BOM, &gbk(TEXT)].concat();
    assert_eq!(read_path(&bytes, Encoding::Gbk), (TEXT.to_string(), Encoding::Gbk));
}

#[test]
fn utf16_with_bom() {
    let mut le = UTF16LE_BOM.to_vec();
    let mut be = UTF16BE_BOM.to_vec();
    for unit in TEXT.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    assert_eq!(read_path(&le, Encoding::Auto), (TEXT.to_string(), Encoding::Utf16));
    assert_eq!(read_path(&be, Encoding::Auto), (TEXT.to_string(), Encoding::Utf16));
}

#[test]
fn large_gbk_file_beyond_the_sniffed_block() {
    let text = "张三,A01\r\n".repeat(20_000);
    let (out, chosen) = read_path(&gbk(&text), Encoding::Auto);
    assert_eq!(chosen, Encoding::Gbk);
    assert_eq!(out, text);
}

#[test]
fn utf8_character_cut_by_the_sniffed_block() {
    // "客" is three bytes; put it across the 64 KiB boundary.
    let text = format!("{}客户\n{}", "a".repeat(SNIFF_LEN - 1), "更多,数据\n".repeat(10));
    assert_eq!(read_path(text.as_bytes(), Encoding::Auto), (text, Encoding::Utf8));
}

#[test]
fn gbk_that_happens_to_end_mid_character_is_gbk() {
    // A short non-UTF-8 file ending in a lead byte: not valid UTF-8, so GBK.
    let bytes = [b"abc".as_slice(), b"\xE5\xAE"].concat();
    assert_eq!(read_path(&bytes, Encoding::Auto).1, Encoding::Gbk);
}

#[test]
fn empty_and_ascii_input() {
    assert_eq!(read_path(b"", Encoding::Auto), (String::new(), Encoding::Utf8));
    assert_eq!(read_path(UTF8_BOM, Encoding::Auto), (String::new(), Encoding::Utf8));
    assert_eq!(read_path(b"a,b\r\n1,2", Encoding::Auto), ("a,b\r\n1,2".into(), Encoding::Utf8));
}

#[test]
fn any_reader_works_like_stdin() {
    // Standard input goes through the same `decode` path: peek a block, then chain.
    let bytes = [UTF8_BOM, TEXT.as_bytes()].concat();
    let (mut r, chosen) = decode(Cursor::new(bytes), Encoding::Auto).unwrap();
    let mut out = String::new();
    r.read_to_string(&mut out).unwrap();
    assert_eq!((out.as_str(), chosen), (TEXT, Encoding::Utf8));
}

#[test]
fn missing_file_is_an_io_error() {
    let err = open("/definitely/not/here.csv", Encoding::Auto).err().unwrap();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
}

#[test]
fn encoding_names() {
    for (s, e) in [
        ("auto", Encoding::Auto),
        ("AUTO", Encoding::Auto),
        ("utf-8", Encoding::Utf8),
        ("UTF8", Encoding::Utf8),
        ("gbk", Encoding::Gbk),
        ("GB18030", Encoding::Gbk),
        ("gb2312", Encoding::Gbk),
        ("utf-16", Encoding::Utf16),
        ("UTF-16LE", Encoding::Utf16),
    ] {
        assert_eq!(s.parse::<Encoding>(), Ok(e), "{s}");
    }
    assert_eq!("latin1".parse::<Encoding>(), Err(UnknownEncoding("latin1".into())));
    for e in [Encoding::Auto, Encoding::Utf8, Encoding::Gbk, Encoding::Utf16] {
        assert_eq!(e.to_string().parse::<Encoding>(), Ok(e));
    }
}

#[test]
fn rule_files_read_in_every_way_notepad_saves_them_and_write_back_the_same() {
    let text = "# 十级标准\nladder 等级 {\n  A01 \"成交\" 如果 已成交\n}\n";
    let crlf = text.replace('\n', "\r\n");
    let utf16 = |be: bool| -> Vec<u8> {
        let bom = if be { UTF16BE_BOM } else { UTF16LE_BOM };
        let units = crlf.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() });
        bom.iter().copied().chain(units).collect()
    };
    let saved = [
        text.as_bytes().to_vec(),
        crlf.as_bytes().to_vec(),
        [UTF8_BOM, crlf.as_bytes()].concat(),
        gbk(&crlf),
        gbk(text),
        utf16(false),
        utf16(true),
    ];
    for bytes in saved {
        let (read, how) = Saved::read(&bytes);
        assert_eq!(read, text, "{how:?}");
        assert_eq!(how.write(&read), bytes, "{how:?}");
    }
    assert_eq!(Saved::read(&gbk(text)).1.encoding, Encoding::Gbk);
    assert!(Saved::read(crlf.as_bytes()).1.crlf);
}

#[test]
fn output_encodings_write_what_excel_reads() {
    let write = |enc: OutputEncoding, pieces: &[&[u8]]| {
        let mut out = Vec::new();
        {
            let mut w = encoded(enc, Box::new(&mut out)).unwrap();
            pieces.iter().for_each(|p| w.write_all(p).unwrap());
            w.flush().unwrap();
        }
        out
    };
    let text = "客户,等级\n张三😀,A01\n".as_bytes();
    assert_eq!(write(OutputEncoding::Utf8, &[text]), text);
    assert_eq!(write(OutputEncoding::Utf8Bom, &[text]), [UTF8_BOM, text].concat());
    // A character cut in two between writes is encoded whole; one GBK lacks becomes a reference.
    let (a, b) = text.split_at(2);
    assert_eq!(write(OutputEncoding::Gbk, &[a, b]), gbk("客户,等级\n张三&#128512;,A01\n"));
}
