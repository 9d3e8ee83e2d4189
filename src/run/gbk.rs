//! GBK blocks into UTF-8 through a table of every two-byte character, built once from
//! encoding_rs's GB18030 decoder, so the output is the decoder's by construction. encoding_rs
//! works each character out from a compact index, and text that mixes short ASCII cells with
//! Chinese defeats its ASCII fast path; ASCII is copied eight bytes at a time and each pair
//! is one load from a table indexed by its two bytes, its length read from a bitmap small enough
//! to stay in the nearest cache (docs/performance.md has the figures).
//! Anything the table does not hold — a lone lead byte, `0x80`, four-byte sequences, a pair that
//! is not a character — leaves the block to encoding_rs whole. So does a block of a small input:
//! building the table costs what decoding about a megabyte does.

use std::sync::OnceLock;

/// By a byte and the next: the UTF-8 of the byte (ASCII) or of the pair it leads, in the low three
/// bytes, and its length in the high byte; 0 where the table holds nothing. With it, one bit a
/// pair, set where the pair's UTF-8 is two bytes long, not three.
/// Arrays of a fixed size, indexed by a `u16`: no look-up is checked against their length.
type Tables = (Box<[u32; 1 << 16]>, Box<[u64; (1 << 16) / 64]>);

static TABLES: OnceLock<Tables> = OnceLock::new();

/// The size of a block from which on the tables are built: a block of half the size the reader
/// cuts or more comes from a large input.
const WORTH_THE_TABLES: usize = super::blocks::BLOCK / 2;

fn tables() -> &'static Tables {
    TABLES.get_or_init(|| {
        let mut table = vec![0u32; 1 << 16];
        for b in 0..0x80u32 {
            for next in 0..0x100u32 {
                table[(b << 8 | next) as usize] = 1 << 24 | b;
            }
        }
        // Every pair, each followed by a line break, decoded in one call: a pair always ends where
        // its line break begins (the decoder puts back an ASCII byte it cannot pair with).
        let pairs: Vec<(u8, u8)> = (0x81..=0xFEu8).flat_map(|l| (0x40..=0xFEu8).map(move |t| (l, t))).collect();
        let all: Vec<u8> = pairs.iter().flat_map(|&(l, t)| [l, t, b'\n']).collect();
        let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(&all);
        let decoded: Vec<&str> = text.split_terminator('\n').collect();
        assert_eq!(decoded.len(), pairs.len(), "one line a pair");
        let mut short = vec![0u64; (1 << 16) / 64];
        for (&(lead, trail), c) in pairs.iter().zip(decoded) {
            let mut chars = c.chars();
            if let (Some(ch), None) = (chars.next(), chars.next()) {
                if ch != char::REPLACEMENT_CHARACTER && ch.len_utf8() <= 3 {
                    let mut utf8 = [0u8; 4];
                    let n = ch.encode_utf8(&mut utf8).len() as u32;
                    let pair = (lead as usize) << 8 | trail as usize;
                    table[pair] = n << 24 | u32::from_le_bytes(utf8);
                    short[pair / 64] |= u64::from(n == 2) << (pair % 64);
                }
            }
        }
        let table = table.into_boxed_slice().try_into().expect("1 << 16 pairs");
        (table, short.into_boxed_slice().try_into().expect("1 << 16 pairs"))
    })
}

/// `src`, in GBK, as UTF-8 in `out`; `false` (with `out` partly written) when `src` is to be
/// decoded by encoding_rs instead: it holds a sequence the table does not, or it is small and the
/// table not yet built.
pub fn decode(src: &[u8], out: &mut Vec<u8>) -> bool {
    worth_the_tables(src.len(), TABLES.get().is_some()) && by_table(src, out)
}

/// Whether a block of `len` bytes is decoded through the tables, given whether they are `built`.
fn worth_the_tables(len: usize, built: bool) -> bool {
    built || len >= WORTH_THE_TABLES
}

/// [`decode`] through the table, built now if it was not before.
fn by_table(src: &[u8], out: &mut Vec<u8>) -> bool {
    let (table, short): (&[u32; 1 << 16], &[u64; 1 << 10]) = (&tables().0, &tables().1);
    // A pair becomes at most three bytes; the slack takes the last eight-byte store. What `out`
    // holds already is written over, not cleared first.
    let room = src.len() + src.len() / 2 + 8;
    if out.len() < room {
        out.resize(room, 0);
    }
    let (mut i, mut o) = (0, 0);
    while i < src.len() {
        // The ASCII bytes up to the next pair, eight at a time: all eight are copied, and as many
        // as were ASCII kept (a word without a high bit has 64 trailing zeros: eight).
        if let Some(word) = src.get(i..i + 8) {
            let word: [u8; 8] = word.try_into().expect("eight bytes");
            out[o..o + 8].copy_from_slice(&word);
            let ascii = ((u64::from_le_bytes(word) & 0x8080_8080_8080_8080).trailing_zeros() / 8) as usize;
            (i, o) = (i + ascii, o + ascii);
            if ascii == 8 {
                continue;
            }
        } else if src[i] < 0x80 {
            out[o] = src[i];
            (i, o) = (i + 1, o + 1);
            continue;
        }
        // A run of pairs. Where the next one goes is worked out from the bits of the short ones,
        // which stay in the nearest cache, so it does not wait for the table's load.
        while i < src.len() && src[i] >= 0x80 {
            let pair = u16::from_be_bytes([src[i], src.get(i + 1).copied().unwrap_or(0)]);
            let e = table[usize::from(pair)];
            if e == 0 {
                return false;
            }
            out[o..o + 4].copy_from_slice(&e.to_le_bytes());
            o += 3 - (short[usize::from(pair / 64)] >> (pair % 64) & 1) as usize;
            i += 2;
        }
    }
    out.truncate(o);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(src: &[u8]) -> Vec<u8> {
        encoding_rs::GB18030.decode_without_bom_handling(src).0.into_owned().into_bytes()
    }

    #[test]
    fn the_table_is_the_decoders_for_text() {
        let text = "客户编号,行业,金额\nC001,制造业,￥1,200,000元\n“拍板人”：王总；备注——已回访（二次）\n";
        let gbk = encoding_rs::GBK.encode(text).0;
        let mut out = Vec::new();
        assert!(by_table(&gbk, &mut out));
        assert_eq!(out, text.as_bytes());
    }

    #[test]
    fn a_small_input_builds_no_table() {
        assert!(!worth_the_tables(7583, false), "the 44-row sample");
        assert!(!worth_the_tables(WORTH_THE_TABLES - 1, false));
        assert!(worth_the_tables(WORTH_THE_TABLES, false));
        assert!(worth_the_tables(7583, true), "built for a large block before");
    }

    #[test]
    fn a_large_input_goes_through_the_table() {
        let text = "C001,制造业,是,否,√,×\n".repeat(WORTH_THE_TABLES / 16);
        let gbk = encoding_rs::GBK.encode(&text).0;
        assert!(gbk.len() >= WORTH_THE_TABLES);
        let mut out = Vec::new();
        assert!(decode(&gbk, &mut out));
        assert_eq!(out, text.as_bytes());
    }

    #[test]
    fn what_the_table_lacks_is_left_to_the_decoder() {
        // A lone lead byte, the euro byte, a four-byte sequence, a pair that is not a character.
        for bad in [&b"ab\x81"[..], b"\x80", b"\x81\x30\x81\x30", b"x\x81\x7fy", b"\xff\x41"] {
            assert!(!by_table(bad, &mut Vec::new()), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn decoding_is_the_decoders(bytes in proptest::collection::vec(
            prop_oneof![0x20u8..0x7f, 0x81u8..0xff, 0x40u8..0xff, Just(b'\n'), any::<u8>()], 0..64)) {
            let mut out = Vec::new();
            if by_table(&bytes, &mut out) {
                prop_assert_eq!(out, reference(&bytes));
            }
        }
    }

    proptest! {
        #[test]
        fn text_in_gbk_takes_the_table(text in "[客户编号行业金额拍板人是否√×￥，。“”—…（）：；αβ°±·0-9a-zA-Z ,\"\r\n-]{0,80}") {
            let gbk = encoding_rs::GBK.encode(&text).0;
            let mut out = Vec::new();
            prop_assert!(by_table(&gbk, &mut out));
            prop_assert_eq!(out, text.as_bytes());
        }
    }

    #[test]
    fn every_pair_the_table_holds_decodes_as_the_decoder_does() {
        for lead in 0x81..=0xFEu8 {
            for trail in 0x40..=0xFEu8 {
                let src = [b'a', lead, trail, b'b'];
                let mut out = Vec::new();
                if by_table(&src, &mut out) {
                    assert_eq!(out, reference(&src), "{lead:#x} {trail:#x}");
                } else {
                    assert!(reference(&src).windows(3).any(|w| w == "\u{FFFD}".as_bytes()), "{lead:#x} {trail:#x}");
                }
            }
        }
    }
}
