//! Runtime values and reading a data cell as the value of a declared field.

use crate::cell::{self, Duration};
use crate::diag::data::NotA;
use crate::ir::{Field, FieldType, Program};
use jiff::civil::Date;
pub use rust_decimal::Decimal;
use std::fmt;

/// A value during evaluation. `Missing` is also the *unknown* of three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Missing,
    Bool(bool),
    /// A number or an amount of money: an exact decimal (see [`crate::cell::parse_number`]).
    Num(Decimal),
    Text(&'a str),
    Date(Date),
    Duration(Duration),
    Member(u32),
}

impl Value<'_> {
    /// True, false, or `None` for unknown (and for values that are not conditions).
    pub fn truth(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, or `None` for any other value.
    pub fn number(self) -> Option<Decimal> {
        match self {
            Value::Num(n) => Some(n),
            Value::Missing
            | Value::Bool(_)
            | Value::Text(_)
            | Value::Date(_)
            | Value::Duration(_)
            | Value::Member(_) => None,
        }
    }

    /// Whether the value is missing.
    pub fn is_missing(self) -> bool {
        matches!(self, Value::Missing)
    }
}

/// Reads one cell as the value of `field`; text values borrow the cell. On failure, what the
/// cell is not (built only then).
pub fn read<'a>(program: &Program, field: &Field, raw: &'a str) -> Result<Value<'a>, NotA> {
    // Each parser trims for itself; text and members are trimmed here.
    let s = raw;
    let declared = !program.missing.is_empty() && cell::is_declared_missing(s, &program.missing);
    let members = |names: Vec<&str>| member(s, declared, names);
    Ok(match &field.ty {
        FieldType::OneOf(m) => members(m.iter().map(String::as_str).collect())?,
        FieldType::Grade(l) => members(program.levels(*l).collect())?,
        FieldType::Text | FieldType::Number | FieldType::Money | FieldType::Bool | FieldType::Date if declared => {
            Value::Missing
        }
        FieldType::Text => {
            let s = cell::trim(s);
            if cell::is_missing(s) {
                Value::Missing
            } else {
                Value::Text(s)
            }
        }
        FieldType::Number | FieldType::Money => {
            cell::parse_number(s).map_err(NotA::from)?.map_or(Value::Missing, Value::Num)
        }
        FieldType::Bool => cell::parse_bool(s).map_err(NotA::from)?.map_or(Value::Missing, Value::Bool),
        FieldType::Date => cell::parse_date(s).map_err(NotA::from)?.map_or(Value::Missing, Value::Date),
    })
}

/// A member or level by its exact name; a name that is also a missing marker (a member `无`) is
/// the member.
fn member<'a>(s: &str, declared: bool, names: Vec<&str>) -> Result<Value<'a>, NotA> {
    let s = cell::trim(s);
    match names.iter().position(|m| *m == s) {
        Some(i) => Ok(Value::Member(i as u32)),
        None if declared || cell::is_missing(s) => Ok(Value::Missing),
        None => {
            let suggestion = crate::diag::closest(s, names.iter().copied()).map(String::from);
            Err(NotA::Member { members: names.into_iter().map(String::from).collect(), suggestion })
        }
    }
}

/// A value shown to a person, with member indices turned back into names (a level is named by
/// `explain::show`, which knows the ladders).
pub struct Show<'p, 'a> {
    pub value: Value<'a>,
    /// The names of the members when the value is a member.
    pub members: Option<&'p [String]>,
}

impl fmt::Display for Show<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            // Written as they are, as `write!` with no spec would: a number of rows shows many.
            Value::Missing => f.write_str("missing"),
            Value::Bool(true) => f.write_str("是"),
            Value::Bool(false) => f.write_str("否"),
            Value::Num(n) => f.write_str(&format_number(n)),
            Value::Text(t) => f.write_str(t),
            Value::Date(d) => write!(f, "{d}"),
            Value::Duration(d) => write!(f, "{}", format_duration(d)),
            Value::Member(i) => {
                let name = self.members.and_then(|m| m.get(i as usize)).map(String::as_str);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

/// A number exactly, in its shortest decimal form, for files and people alike: no trailing zeros,
/// no exponent, never rounded (`0.3`, `1200000`, `0.0000000015`, `66.666666666666666666666666667`).
pub fn format_number(n: Decimal) -> String {
    let mut out = Vec::with_capacity(32);
    write_number(&mut out, n);
    // Only ASCII digits, `-` and `.` were written.
    String::from_utf8(out).unwrap_or_default()
}

/// [`format_number`] appended to `out` without allocating: a run writes a number in every row.
pub fn write_number(out: &mut Vec<u8>, n: Decimal) {
    // Written from the digits of the mantissa: rust_decimal's own `Display` divides the 96-bit
    // number by ten for each digit, which made writing scores the slowest part of a run.
    let (mut digits, mut scale) = (n.mantissa().unsigned_abs(), n.scale() as usize);
    while scale > 0 && digits % 10 == 0 {
        digits /= 10;
        scale -= 1;
    }
    if n.is_sign_negative() && digits != 0 {
        out.push(b'-');
    }
    // 2^96 has 29 digits; the text is made from the last digit back.
    let mut buf = [0u8; 40];
    let mut start = buf.len();
    let mut push = |d: u8| {
        start -= 1;
        buf[start] = b'0' + d;
    };
    match u64::try_from(digits) {
        Ok(mut small) => loop {
            push((small % 10) as u8);
            small /= 10;
            if small == 0 {
                break;
            }
        },
        Err(_) => loop {
            push((digits % 10) as u8);
            digits /= 10;
            if digits == 0 {
                break;
            }
        },
    }
    let text = &buf[start..];
    if scale == 0 {
        out.extend_from_slice(text);
    } else if text.len() > scale {
        let (whole, frac) = text.split_at(text.len() - scale);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', scale - text.len()));
        out.extend_from_slice(text);
    }
}

/// A unit amounts of money are written in: 万 (10,000) or 亿 (100,000,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Wan,
    Yi,
}

impl Unit {
    /// The unit a number literal is written in: `120万`, `¥1.5亿`, `3万元`.
    pub fn of_literal(text: &str) -> Option<Unit> {
        let text = text.trim().trim_end_matches('元');
        if text.ends_with('万') {
            Some(Unit::Wan)
        } else if text.ends_with('亿') {
            Some(Unit::Yi)
        } else {
            None
        }
    }

    /// A ten-thousandth of the unit: the step of its fourth decimal.
    fn step(self) -> Decimal {
        match self {
            Unit::Wan => Decimal::ONE,
            Unit::Yi => Decimal::from(10_000),
        }
    }

    /// How many ones the unit is: 10⁴ or 10⁸.
    fn size(self) -> Decimal {
        match self {
            Unit::Wan => Decimal::from(10_000),
            Unit::Yi => Decimal::from(100_000_000),
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Unit::Wan => "万",
            Unit::Yi => "亿",
        }
    }
}

/// An amount in `unit` (`1200000` → `120万`, `15000` → `1.5万`) when that is exact to 4 decimals,
/// otherwise as [`format_number`]: never rounded, so a comparison shown never looks wrong.
pub fn format_in(n: Decimal, unit: Unit) -> String {
    let whole_steps = n.checked_rem(unit.step()).is_some_and(|r| r.is_zero());
    match n.checked_div(unit.size()) {
        Some(amount) if whole_steps => format!("{}{}", format_number(amount), unit.suffix()),
        _ => format_number(n),
    }
}

/// A duration as written in rules: `2 months`.
pub fn format_duration(d: Duration) -> String {
    use cell::DurationUnit::*;
    let unit = match d.unit {
        Days => "days",
        Weeks => "weeks",
        Months => "months",
        Years => "years",
    };
    format!("{} {unit}", d.amount)
}

/// A field's reader, prepared once per run: the spellings exports use most are recognised from
/// the raw bytes; anything else goes through [`read`], which gives the same value for them.
#[derive(Debug, Clone)]
pub struct CellReader {
    kind: Kind,
    /// A missing value is an error, so it is left to [`read`]'s caller.
    required: bool,
    /// The rule file's own missing markers: cells spelling one are left to [`read`].
    declared: Vec<String>,
}

#[derive(Debug, Clone)]
enum Kind {
    Bool,
    Number,
    Text,
    Members(Vec<Member>),
    Date,
}

/// A member name as a cell spells it exactly.
#[derive(Debug, Clone)]
struct Member {
    bytes: Vec<u8>,
    /// For a short name, the name as one number: compared without a call to `memcmp`.
    key: Option<u64>,
}

impl Member {
    fn new(name: &str) -> Self {
        Member { bytes: name.as_bytes().to_vec(), key: short_key(name.as_bytes()) }
    }
}

/// Up to seven bytes and their count packed into one number.
fn short_key(bytes: &[u8]) -> Option<u64> {
    (bytes.len() < 8).then(|| {
        let mut word = [0u8; 8];
        word[..bytes.len()].copy_from_slice(bytes);
        word[7] = bytes.len() as u8;
        u64::from_le_bytes(word)
    })
}

impl CellReader {
    /// The reader of `field`.
    pub fn new(program: &Program, field: &Field) -> Self {
        let kind = match &field.ty {
            FieldType::Bool => Kind::Bool,
            FieldType::Number | FieldType::Money => Kind::Number,
            FieldType::Text => Kind::Text,
            FieldType::OneOf(m) => Kind::Members(m.iter().map(|s| Member::new(s)).collect()),
            FieldType::Grade(l) => Kind::Members(program.levels(*l).map(Member::new).collect()),
            FieldType::Date => Kind::Date,
        };
        CellReader { kind, required: field.required, declared: program.missing.clone() }
    }

    pub fn required(&self) -> bool {
        self.required
    }

    pub fn is_bool(&self) -> bool {
        matches!(self.kind, Kind::Bool)
    }

    /// Readers of one kind sort together.
    pub fn kind_order(&self) -> u8 {
        match self.kind {
            Kind::Bool => 0,
            Kind::Number => 1,
            Kind::Text => 2,
            Kind::Members(_) => 3,
            Kind::Date => 4,
        }
    }

    /// The value of a cell in a common spelling, or `None` to read it the long way. `within` is
    /// text already known to be UTF-8 that holds `bytes`, if there is any.
    #[inline(always)]
    pub fn fast<'a>(&self, bytes: &'a [u8], within: Option<&'a str>) -> Option<Value<'a>> {
        // A member's name is the member even when it is declared a missing marker.
        if !self.declared.is_empty()
            && !matches!(self.kind, Kind::Members(_))
            && declared_missing(bytes, &self.declared)
        {
            return None;
        }
        match &self.kind {
            Kind::Bool => bool_cell(bytes, self.required),
            _ if bytes.is_empty() => (!self.required).then_some(Value::Missing),
            Kind::Number => whole_number(bytes).map(|n| Value::Num(Decimal::from(n))),
            Kind::Date => ascii_date(bytes).map(Value::Date),
            Kind::Text => {
                let s = as_text(bytes, within)?;
                // A cell that starts and ends with an ASCII letter or digit, or with a character of
                // U+4000..U+9FFF (CJK ideographs: a three-byte sequence led by E4..E9), needs no
                // trimming. Looked at as bytes: `s` is UTF-8, so a lead byte three from the end
                // starts the last character.
                let ideograph = |b: u8| (0xE4..=0xE9).contains(&b);
                let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
                let solid_first = first.is_ascii_alphanumeric() || ideograph(first);
                let solid_last = last.is_ascii_alphanumeric() || bytes.len() >= 3 && ideograph(bytes[bytes.len() - 3]);
                let plain = if solid_first && solid_last {
                    s.len() > cell::LONGEST_MARKER || !cell::is_missing(s)
                } else {
                    cell::trim(s).len() == s.len() && (s.len() > cell::LONGEST_MARKER || !cell::is_missing(s))
                };
                plain.then_some(Value::Text(s))
            }
            Kind::Members(names) => match short_key(bytes) {
                Some(k) => names.iter().position(|m| m.key == Some(k)),
                None => names.iter().position(|m| m.bytes == bytes),
            }
            .map(|i| Value::Member(i as u32)),
        }
    }
}

/// Whether a cell spells one of the rule file's own missing markers.
pub fn declared_missing(bytes: &[u8], declared: &[String]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|s| cell::is_declared_missing(s, declared))
}

/// A yes/no cell in the usual spellings — 是 √ Y y 1, 否 × N n 0, or empty — or `None` to read
/// it the long way.
#[inline(always)]
pub fn bool_cell(bytes: &[u8], required: bool) -> Option<Value<'static>> {
    match bool_code(bool_key(bytes), required) {
        UNREAD => None,
        code => Some(BOOL_VALUES[usize::from(code)]),
    }
}

/// What [`bool_code`] says of a cell: empty (of a field that may be missing), yes, no, or read
/// the long way — one bit each, so a grading group's masks take them without a comparison.
/// `BOOL_VALUES[code]` is its value.
pub const EMPTY: u8 = 0;
pub const YES: u8 = 1;
pub const NO: u8 = 2;
pub const UNREAD: u8 = 4;
pub const BOOL_VALUES: [Value<'static>; 5] =
    [Value::Missing, Value::Bool(true), Value::Bool(false), Value::Missing, Value::Missing];

/// The [`bool_code`] of a yes/no field's value read the long way: what is not yes or no is
/// unknown, as an empty cell.
pub fn bool_code_of(v: Value) -> u8 {
    match v {
        Value::Bool(true) => YES,
        Value::Bool(false) => NO,
        Value::Missing | Value::Num(_) | Value::Text(_) | Value::Date(_) | Value::Duration(_) | Value::Member(_) => {
            EMPTY
        }
    }
}

/// A cell as [`bool_code`] compares it: its length (4 for any longer) in the low byte, its first
/// three bytes (those it has) above.
#[inline(always)]
pub fn bool_key(bytes: &[u8]) -> u32 {
    let mut head = [0; 4];
    bytes.iter().take(3).zip(&mut head).for_each(|(b, h)| *h = *b);
    bool_key_of(u32::from_le_bytes(head), bytes.len())
}

/// [`bool_key`] of a cell of `len` bytes whose first four bytes — or as many as it has, and
/// whatever follows them — are `word` (little-endian): the bytes past the cell are masked off.
#[inline(always)]
pub fn bool_key_of(word: u32, len: usize) -> u32 {
    const HEAD: [u32; 5] = [0, 0xFF, 0xFFFF, 0xFF_FFFF, 0xFF_FFFF];
    let len = len.min(4);
    (word & HEAD[len]) << 8 | len as u32
}

/// The yes/no spellings of a cell's [`bool_key`], without a branch on the cell: the value
/// differs from row to row, which the processor cannot predict. The spellings sit in a table of
/// 16 slots, each in the slot a multiplication picks for its key: one look instead of eleven
/// comparisons.
#[inline(always)]
pub fn bool_code(key: u32, required: bool) -> u8 {
    const fn spelled(b: &[u8]) -> u32 {
        let mut word = 0;
        let mut i = 0;
        while i < b.len() {
            word |= (b[i] as u32) << (8 * i);
            i += 1;
        }
        (word << 8) | b.len() as u32
    }
    const fn slot(key: u32) -> usize {
        (key.wrapping_mul(0xFAC7) >> 28) as usize
    }
    const SPELLINGS: [(&str, u8); 11] = [
        ("是", YES),
        ("√", YES),
        ("Y", YES),
        ("y", YES),
        ("1", YES),
        ("否", NO),
        ("×", NO),
        ("N", NO),
        ("n", NO),
        ("0", NO),
        ("", EMPTY),
    ];
    // A key no cell has (its length byte is at most 4) in the slots no spelling takes. The
    // second table, of required fields, reads an empty cell the long way, which reports it.
    const TABLES: [[(u32, u8); 16]; 2] = {
        let mut tables = [[(u32::MAX, UNREAD); 16]; 2];
        let mut i = 0;
        while i < SPELLINGS.len() {
            let (text, code) = SPELLINGS[i];
            let key = spelled(text.as_bytes());
            assert!(tables[0][slot(key)].0 == u32::MAX, "two spellings in one slot: choose another multiplier");
            tables[0][slot(key)] = (key, code);
            tables[1][slot(key)] = (key, if key == spelled(b"") { UNREAD } else { code });
            i += 1;
        }
        tables
    };
    let (spelling, code) = TABLES[usize::from(required)][slot(key)];
    if spelling == key {
        code
    } else {
        UNREAD
    }
}

/// `bytes` as text: cut from `within` where they lie inside it (no second UTF-8 check),
/// otherwise checked.
fn as_text<'a>(bytes: &'a [u8], within: Option<&'a str>) -> Option<&'a str> {
    let inside = within.and_then(|t| {
        let at = (bytes.as_ptr() as usize).checked_sub(t.as_ptr() as usize)?;
        t.get(at..at.checked_add(bytes.len())?)
    });
    inside.or_else(|| std::str::from_utf8(bytes).ok())
}

/// `1200000`, `1,200,000` or `120万`: whole numbers as exports write them most often.
fn whole_number(bytes: &[u8]) -> Option<u64> {
    let (digits, scale) = match bytes.strip_suffix("万".as_bytes()) {
        Some(d) => (d, 10_000),
        None => (bytes, 1),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut n = 0u64;
    let mut group = 0;
    let mut grouped = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                n = n * 10 + u64::from(b - b'0');
                group += 1;
            }
            // A comma ends a group: the first of 1–3 digits, every later one of exactly 3.
            b',' if group > 0 && (group <= 3 && !grouped || group == 3) => {
                grouped = true;
                group = 0;
            }
            _ => return None,
        }
    }
    (!grouped || group == 3).then_some(n * scale)
}

/// `2026-11-23`, `2026/1/5` or `2026.1.5`.
fn ascii_date(bytes: &[u8]) -> Option<Date> {
    let num = |p: &[u8]| -> Option<i16> {
        (!p.is_empty() && p.len() <= 4 && p.iter().all(u8::is_ascii_digit))
            .then(|| p.iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0')))
    };
    let sep = *bytes.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let mut parts = bytes.split(|&b| b == sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    Date::new(num(y)?, num(m)? as i8, num(d)? as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_show_in_wan_or_yi_only_when_exact() {
        assert_eq!(format_in(dec("1200000"), Unit::Wan), "120万");
        assert_eq!(format_in(dec("15000.00"), Unit::Wan), "1.5万");
        assert_eq!(format_in(dec("12345"), Unit::Wan), "1.2345万");
        assert_eq!(format_in(dec("-5000"), Unit::Wan), "-0.5万");
        assert_eq!(format_in(dec("0"), Unit::Wan), "0万");
        assert_eq!(format_in(dec("12345.5"), Unit::Wan), "12345.5");
        assert_eq!(format_in(dec("150000000"), Unit::Yi), "1.5亿");
        assert_eq!(format_in(dec("123456789"), Unit::Yi), "123456789");
        assert_eq!(format_in(Decimal::MAX, Unit::Yi), "79228162514264337593543950335");
        assert_eq!(Unit::of_literal("100万"), Some(Unit::Wan));
        assert_eq!(Unit::of_literal("¥1.5亿元"), Some(Unit::Yi));
        assert_eq!(Unit::of_literal("5000元"), None);
    }

    #[test]
    fn numbers_are_written_exactly_and_shortest() {
        assert_eq!(format_number(dec("0.1") + dec("0.2")), "0.3");
        assert_eq!(format_number(dec("1.50")), "1.5");
        assert_eq!(format_number(dec("1200000")), "1200000");
        assert_eq!(format_number(dec("-0.00")), "0");
        assert_eq!(format_number(dec("0.0000000015")), "0.0000000015");
        assert_eq!(format_number(Decimal::from(200) / Decimal::from(3)), "66.666666666666666666666666667");
        assert_eq!(format_number(Decimal::MIN), "-79228162514264337593543950335");
        assert_eq!(format_number(dec("-0.05")), "-0.05");
        assert_eq!(format_number(dec("100.0100")), "100.01");
        assert_eq!(format_number(dec("0.0000000000000000000000000001")), "0.0000000000000000000000000001");
        assert_eq!(format_number(dec("-0.0000000000000000000000000001")), "-0.0000000000000000000000000001");
    }

    proptest::proptest! {
        /// The shortest form reads back as the same number and has no trailing zeros or exponent.
        #[test]
        fn numbers_read_back_from_their_shortest_form(m in proptest::prelude::any::<i128>(), scale in 0u32..=28) {
            let n = Decimal::from_i128_with_scale(m >> 32, scale);
            let text = format_number(n);
            proptest::prop_assert_eq!(text.parse::<Decimal>().unwrap(), n);
            proptest::prop_assert_eq!(&text, &n.normalize().to_string());
            proptest::prop_assert!(!text.contains(['e', 'E']));
            proptest::prop_assert!(!text.contains('.') || !text.ends_with('0'), "{}", text);
        }
    }

    proptest::proptest! {
        /// Any cell of up to four bytes (the spellings' own bytes among them) is read as a
        /// yes/no value by the quick path as by comparing it with each spelling.
        #[test]
        fn yes_no_cells_are_read_by_their_spelling(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select("是否√×YyNn10".as_bytes().to_vec()),
                proptest::prelude::any::<u8>(),
            ], 0..5),
            required: bool,
        ) {
            let yes = ["是", "√", "Y", "y", "1"].iter().any(|s| s.as_bytes() == bytes);
            let no = ["否", "×", "N", "n", "0"].iter().any(|s| s.as_bytes() == bytes);
            let want = match (yes, no, bytes.is_empty() && !required) {
                (true, _, _) => Some(Value::Bool(true)),
                (_, true, _) => Some(Value::Bool(false)),
                (_, _, true) => Some(Value::Missing),
                _ => None,
            };
            proptest::prop_assert_eq!(bool_cell(&bytes, required), want);
        }
    }

    /// The fast paths agree with the full reader on every spelling they accept, with and
    /// without markers of the rule file's own (which may even spell a value: `是`, `甲`).
    #[test]
    fn fast_paths_agree_with_read() {
        let fields = "fields {\n n: money\n d: date\n b: bool\n t: text\n r: one of 甲, 乙\n}\n";
        for declared in ["", "missing \"未知\", \"是\", \"甲\", \"5\"\n"] {
            fast_paths_agree(&crate::check::check_text("t.ladder", format!("{declared}{fields}")).program);
        }
    }

    fn fast_paths_agree(program: &Program) {
        let cells = [
            "1200000",
            "1,200,000",
            "120万",
            "1,2345",
            "12,34",
            ",123",
            "1,",
            "5",
            "0",
            "是",
            "否",
            "√",
            "×",
            "Y",
            "y",
            "1",
            "N",
            "n",
            "2026-11-23",
            "2026/1/5",
            "2026.1.5",
            "2026/2/30",
            "2026-1-5",
            "26/1/5",
            "甲",
            "乙",
            "丙",
            "-",
            "N/A",
            "东莞市华盛",
            "东莞\u{FEFF}",
            "䶵东莞䷀",
            "东莞\u{3000}",
            "a\u{200B}",
            "\u{3000}东莞",
            "KH-0001",
            " 空格 ",
            "",
            "1.5",
            "abc",
            "无",
            "暂无",
            "空",
            "/",
            "#N/A",
            "未知",
            "未知者",
        ];
        for field in &program.fields {
            let reader = CellReader::new(program, field);
            for cell in cells {
                if let Some(v) = reader.fast(cell.as_bytes(), None) {
                    assert_eq!(Ok(v), read(program, field, cell), "{} {cell:?}", field.name);
                }
            }
        }
    }
}
