//! Unit and property tests for cell reading.

use super::*;
use crate::diag::Lang;
use proptest::prelude::*;

/// The exact decimal written in Rust's syntax (`1_200_000.0`, `-0.05`).
fn d(s: &str) -> Decimal {
    s.replace('_', "").parse().unwrap()
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn num(s: &str) -> Decimal {
    match parse_number(s) {
        Ok(Some(v)) => v,
        other => panic!("{s:?} gave {other:?}"),
    }
}

#[test]
fn trims_unicode_whitespace() {
    assert_eq!(trim("  是 "), "是");
    assert_eq!(trim("\u{3000}张三\u{3000}"), "张三");
    assert_eq!(trim("\t\u{a0}12\r\n"), "12");
    assert_eq!(trim("\u{feff}x\u{200b}"), "x");
    assert_eq!(trim("abc"), "abc");
    assert_eq!(trim(""), "");
    assert_eq!(trim("\u{3000}"), "");
}

#[test]
fn missing_markers() {
    let all =
        ["", "  ", "-", "–", "—", "N/A", "n/a", "NULL", "null", "Null", "\u{3000}-\u{3000}", "/", "无", "暂无", "空"];
    for s in all.into_iter().chain(["#N/A", "#n/a", " 暂无 "]) {
        assert!(is_missing(s), "{s:?}");
        assert_eq!(parse_bool(s), Ok(None), "{s:?}");
        assert_eq!(parse_number(s), Ok(None), "{s:?}");
        assert_eq!(parse_date(s), Ok(None), "{s:?}");
        assert_eq!(parse_duration(s), Ok(None), "{s:?}");
    }
    for s in ["0", "NA", "none", "--", "x", "//", "无效", "空白", "#N/A!"] {
        assert!(!is_missing(s), "{s:?}");
    }
    for s in ["暂无", "#N/A", "null"] {
        assert!(s.len() <= LONGEST_MARKER, "{s:?}");
    }
}

#[test]
fn declared_markers_are_trimmed_and_ignore_ascii_case() {
    let declared = ["未知".to_string(), "N.A.".to_string()];
    for s in ["未知", " 未知\u{3000}", "n.a.", "N.A."] {
        assert!(is_declared_missing(s, &declared), "{s:?}");
    }
    for s in ["未知x", "NA", ""] {
        assert!(!is_declared_missing(s, &declared), "{s:?}");
    }
}

#[test]
fn bools() {
    for s in ["是", "true", "TRUE", "True", "yes", "YES", "y", "Y", "1", "√", "✓", "✔", "对", " 是 ", "１"] {
        assert_eq!(parse_bool(s), Ok(Some(true)), "{s:?}");
    }
    for s in ["否", "false", "FALSE", "no", "No", "n", "N", "0", "×", "✗", "✘", "错", "０"] {
        assert_eq!(parse_bool(s), Ok(Some(false)), "{s:?}");
    }
    for s in ["abc", "是的", "2", "yess", "t", "万"] {
        assert_eq!(parse_bool(s), Err(CellError::Bool), "{s:?}");
    }
}

#[test]
fn plain_numbers() {
    assert_eq!(num("1200000"), d("1_200_000.0"));
    assert_eq!(num("1.5"), d("1.5"));
    assert_eq!(num("-3"), d("-3.0"));
    assert_eq!(num("-0"), d("0.0"));
    assert!(num("-0").is_sign_positive());
    assert_eq!(num("0.1"), d("0.1"));
    assert_eq!(num("007"), d("7.0"));
    assert_eq!(num("123456789012345678"), d("123456789012345678.0"));
    assert_eq!(num("1234567890123456789012"), d("1234567890123456789012.0"));
    assert_eq!(num(" 42 "), d("42.0"));
    assert_eq!(num(".5"), d("0.5"));
}

#[test]
fn grouped_numbers() {
    assert_eq!(num("1,200,000"), d("1_200_000.0"));
    assert_eq!(num("1_000_000"), d("1_000_000.0"));
    assert_eq!(num("12,345.67"), d("12345.67"));
    assert_eq!(num("-1,000"), d("-1000.0"));
    assert_eq!(num("１，２００，０００"), d("1_200_000.0"));
    assert_eq!(num("１２．５"), d("12.5"));
    assert_eq!(num("1.2E+07"), d("12_000_000.0"));
    assert_eq!(num("1e3"), d("1000.0"));
}

#[test]
fn chinese_multipliers_and_percent() {
    assert_eq!(num("120万"), d("1_200_000.0"));
    assert_eq!(num("1.2亿"), d("120_000_000.0"));
    assert_eq!(num("3.5万元"), d("35_000.0"));
    assert_eq!(num("100万元"), d("1_000_000.0"));
    assert_eq!(num("0.07亿"), d("7_000_000.0"));
    assert_eq!(num("1.23456789亿"), d("123_456_789.0"));
    assert_eq!(num("30%"), d("0.3"));
    assert_eq!(num("12.5%"), d("0.125"));
    assert_eq!(num("３０％"), d("0.3"));
    assert_eq!(num("-5%"), d("-0.05"));
    assert_eq!(num("120 万"), d("1_200_000.0"));
}

#[test]
fn money_and_units() {
    assert_eq!(num("¥1,200,000"), d("1_200_000.0"));
    assert_eq!(num("￥1,200,000"), d("1_200_000.0"));
    assert_eq!(num("¥ 5000"), d("5000.0"));
    assert_eq!(num("1200000元"), d("1_200_000.0"));
    assert_eq!(num("¥5000元"), d("5000.0"));
    assert_eq!(num("5000 元"), d("5000.0"));
    assert_eq!(num("-¥5000"), d("-5000.0"));
    assert_eq!(num("¥-5000"), d("-5000.0"));
    assert_eq!(num("¥1.2万"), d("12_000.0"));
    for (s, v) in [("5次", 5), ("3个", 3), ("10件", 10), ("8人", 8), ("５次", 5)] {
        assert_eq!(num(s), Decimal::from(v), "{s:?}");
    }
}

#[test]
fn bad_numbers() {
    for s in [
        "abc",
        "12/34/5678",
        "1.2.3",
        "万",
        "¥",
        "%",
        "元",
        "1.",
        "1,2",
        "1,23",
        "1,2345",
        ",100",
        "100,",
        "1__0",
        "_1",
        "1_",
        "1万万",
        "5千",
        "30%元",
        "¥30%",
        "¥5次",
        "1e",
        "--5",
        "5 6",
        "1,000_000",
        "1.5,3",
        "inf",
        "NaN",
        "infinity",
        "0x10",
        "+",
        "1-",
        "--",
    ] {
        assert_eq!(parse_number(s), Err(CellError::Number), "{s:?}");
    }
    assert_eq!(parse_number("1e400"), Err(CellError::NumberTooLarge));
    assert_eq!(parse_number(&"9".repeat(400)), Err(CellError::NumberTooLarge));
    // No exact decimal holds it: more than 28 decimal places.
    assert_eq!(parse_number("1e-400"), Err(CellError::NumberTooLarge));
}

/// Every spelling reads as the exact decimal written, up to the edges of what a decimal holds.
#[test]
fn numbers_are_exact_decimals() {
    assert_eq!(num("0.1") + num("0.2"), num("0.3"));
    assert_eq!(num("1234567.89") + num("0.01"), num("1,234,567.90"));
    assert_eq!(num("120万") + num("30万"), num("150万"));
    assert_eq!(num("1.2亿").to_string(), "120000000");
    assert_eq!(num("30%").to_string(), "0.3");
    assert_eq!(num("1.5e3"), d("1500"));
    assert_eq!(num("−5"), d("-5"));
    assert_eq!(num(".5"), d("0.5"));
    assert_eq!(num("0.0000001"), d("0.0000001"));
    assert_eq!(num("1e-28"), d("0.0000000000000000000000000001"));
    assert_eq!(num("0.10000000000000000000000000000"), d("0.1"));
    assert_eq!(num("79228162514264337593543950335"), Decimal::MAX);
    assert_eq!(num("-79,228,162,514,264,337,593,543,950,335"), Decimal::MIN);
    assert_eq!(num("7.9228162514264337593543950335e28"), Decimal::MAX);
    assert_eq!(num("1e28"), d("10000000000000000000000000000"));
    assert_eq!(num("9999999999999999999"), d("9999999999999999999"));
    assert_eq!(num("99999999999999999999"), d("99999999999999999999"));
    assert_eq!(num("-999999999999999999.9"), d("-999999999999999999.9"));
    for s in [
        "79228162514264337593543950336",
        "1e29",
        "8e28",
        "1e-29",
        "0.00000000000000000000000000001",
        "1.00000000000000000000000000001",
        "123456789012345678901234567890",
        "10000000000000000000000000万",
    ] {
        assert_eq!(parse_number(s), Err(CellError::NumberTooLarge), "{s:?}");
    }
}

#[test]
fn dates() {
    let d = date(2026, 11, 23);
    for s in [
        "2026-11-23",
        "2026/11/23",
        "2026.11.23",
        "2026年11月23日",
        "2026-11-23 14:30:00",
        "2026/11/23 0:00",
        "2026-11-23T14:30:00",
        "2026-11-23 2:30 PM",
        "２０２６－１１－２３",
        "2026年11月23号",
        "2026-11-23 14:30:00.123",
    ] {
        assert_eq!(parse_date(s), Ok(Some(d)), "{s:?}");
    }
    let jan5 = date(2026, 1, 5);
    for s in ["2026/1/5", "2026-1-5", "2026年1月5日", "2026/1/5 0:00", "2026.01.05"] {
        assert_eq!(parse_date(s), Ok(Some(jan5)), "{s:?}");
    }
    assert_eq!(parse_date("2024-02-29"), Ok(Some(date(2024, 2, 29))));
}

#[test]
fn impossible_days() {
    assert_eq!(parse_date("2026/2/30"), Err(CellError::NoSuchDay("2026/2/30".into())));
    let not_a = crate::diag::data::NotA::from(CellError::NoSuchDay("2026/2/30".into()));
    assert_eq!(crate::diag::words::data::not_a(Lang::En, &not_a), "a day in the calendar");
    assert_eq!(crate::diag::words::data::not_a(Lang::Zh, &not_a), "日历上有的日子");
    for s in ["2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026年1月0日"] {
        assert!(matches!(parse_date(s), Err(CellError::NoSuchDay(_))), "{s:?}");
    }
}

#[test]
fn bad_dates() {
    for s in [
        "abc",
        "12/34/5678",
        "11/23/2026",
        "2026-11",
        "2026-11-23-",
        "2026/11-23",
        "26-11-23",
        "20261123",
        "2026-123-1",
        "2026年11月23",
        "2026年11-23日",
        "2026-11-23 foo",
        "2026-11-23 25",
        "2026-11-23T",
        "1.2.3",
        "万",
        "¥",
        "%",
        "2026-11-23 14:3",
        "12026-11-23",
    ] {
        assert_eq!(parse_date(s), Err(CellError::Date), "{s:?}");
    }
}

#[test]
fn durations() {
    let d = |amount, unit| Ok(Some(Duration { amount, unit }));
    use DurationUnit::*;
    assert_eq!(parse_duration("60 days"), d(60, Days));
    assert_eq!(parse_duration("1 day"), d(1, Days));
    assert_eq!(parse_duration("60days"), d(60, Days));
    assert_eq!(parse_duration("2 weeks"), d(2, Weeks));
    assert_eq!(parse_duration("1 Week"), d(1, Weeks));
    assert_eq!(parse_duration("2 months"), d(2, Months));
    assert_eq!(parse_duration("1 month"), d(1, Months));
    assert_eq!(parse_duration("1 year"), d(1, Years));
    assert_eq!(parse_duration("3 YEARS"), d(3, Years));
    assert_eq!(parse_duration("60天"), d(60, Days));
    assert_eq!(parse_duration("半年"), d(6, Months));
    assert_eq!(parse_duration("60 天"), d(60, Days));
    assert_eq!(parse_duration("2周"), d(2, Weeks));
    assert_eq!(parse_duration("2个星期"), d(2, Weeks));
    assert_eq!(parse_duration("2个月"), d(2, Months));
    assert_eq!(parse_duration("1年"), d(1, Years));
    assert_eq!(parse_duration("６０天"), d(60, Days));
    assert_eq!(parse_duration("-3 days"), d(-3, Days));
    for s in ["2月", "abc", "days", "60", "1.5 months", "60 dayz", "万", "¥", "%", "99999999999999999999 days"] {
        assert_eq!(parse_duration(s), Err(CellError::Duration), "{s:?}");
    }
}

#[test]
fn duration_arithmetic() {
    let dur = |amount, unit| Duration { amount, unit };
    use DurationUnit::*;
    assert_eq!(dur(1, Months).add_to(date(2026, 1, 31), 1), Some(date(2026, 2, 28)));
    assert_eq!(dur(1, Months).add_to(date(2026, 3, 31), -1), Some(date(2026, 2, 28)));
    assert_eq!(dur(60, Days).add_to(date(2026, 11, 23), 1), Some(date(2027, 1, 22)));
    assert_eq!(dur(2, Weeks).add_to(date(2026, 1, 1), -1), Some(date(2025, 12, 18)));
    assert_eq!(dur(1, Years).add_to(date(2024, 2, 29), 1), Some(date(2025, 2, 28)));
    assert_eq!(dur(1, Years).add_to(date(9999, 6, 1), 1), None);
    assert_eq!(dur(i64::MAX, Days).add_to(date(2026, 1, 1), 1), None);
    assert_eq!(dur(i64::MIN, Days).add_to(date(2026, 1, 1), -1), None);
    assert_eq!(dur(2, Months).to_string(), "2 months");
    assert_eq!(dur(1, Days).to_string(), "1 day");
}

#[test]
fn messages_speak_to_people() {
    let words = |e: CellError| crate::diag::words::data::not_a(Lang::En, &e.into());
    assert_eq!(words(CellError::Date), "a date such as 2026-11-23, 2026/1/5 or 2026年1月5日");
    assert!(words(CellError::Bool).starts_with("a yes/no value"));
    let zh = crate::diag::words::data::not_a(Lang::Zh, &CellError::Date.into());
    assert_eq!(zh, "日期，如 2026-11-23、2026/1/5 或 2026年1月5日");
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC*") {
        let _ = (parse_bool(&s), parse_number(&s), parse_date(&s), parse_duration(&s), is_missing(&s));
    }

    #[test]
    fn never_panics_on_likely_text(s in "[0-9０-９,，._%¥￥万亿元次年月日天周个:/ T-]{0,20}") {
        let _ = (parse_bool(&s), parse_number(&s), parse_date(&s), parse_duration(&s));
    }

    #[test]
    fn integers_round_trip(n in any::<i64>()) {
        prop_assert_eq!(parse_number(&format!("{n}")), Ok(Some(Decimal::from(n))));
    }

    /// A decimal of up to 28 digits, with the point anywhere, reads as exactly that decimal,
    /// plain or in 万, %, with a currency sign or an exponent.
    #[test]
    fn decimals_read_exactly(digits in "[0-9]{1,28}", point in 0usize..=28, neg in any::<bool>()) {
        let point = point.min(digits.len());
        let (int, frac) = digits.split_at(digits.len() - point);
        let sign = if neg { "-" } else { "" };
        let int = if int.is_empty() { "0" } else { int };
        let text = if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") };
        let m: i128 = digits.parse().unwrap();
        let want = Decimal::from_i128_with_scale(if neg { -m } else { m }, point as u32);
        prop_assert_eq!(parse_number(&text), Ok(Some(want)));
        prop_assert_eq!(parse_number(&format!("{text}e-0")), Ok(Some(want)));
        if point <= 24 {
            let wan = want / Decimal::from(10_000);
            prop_assert_eq!(parse_number(&format!("{}万", wan)), Ok(Some(want)));
        }
        if point <= 26 {
            prop_assert_eq!(parse_number(&format!("{text}%")), Ok(Some(want / Decimal::ONE_HUNDRED)));
        }
        let yuan = if neg { format!("-¥{}", &text[1..]) } else { format!("¥{text}") };
        prop_assert_eq!(parse_number(&yuan), Ok(Some(want)));
    }

    /// Sums and differences of decimals in range are exact: `a + b - b` is `a`.
    #[test]
    fn sums_are_exact(a in "-?[0-9]{1,14}\\.[0-9]{1,12}", b in "-?[0-9]{1,14}\\.[0-9]{1,12}") {
        let (a, b) = (num(&a), num(&b));
        prop_assert_eq!(a.checked_add(b).and_then(|s| s.checked_sub(b)), Some(a));
        prop_assert_eq!(format!("{}", (a + b).normalize()).parse::<Decimal>().unwrap(), a + b);
    }

    #[test]
    fn grouped_equals_plain(n in 0u64..1_000_000_000_000) {
        let plain = n.to_string();
        let mut grouped = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i) % 3 == 0 { grouped.push(','); }
            grouped.push(c);
        }
        prop_assert_eq!(parse_number(&grouped), Ok(Some(Decimal::from(n))));
        prop_assert_eq!(parse_number(&format!("¥{grouped}元")), Ok(Some(Decimal::from(n))));
    }
}

/// The list the SQL backend trims with is exactly what `trim` takes off.
#[test]
fn trimmed_lists_every_trimmed_char() {
    let all: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_trim_char(c)).collect();
    let mut listed = TRIMMED.to_vec();
    listed.sort_unstable();
    assert_eq!(listed, all);
}

/// The markers listed for the SQL backend are the ones `is_missing` knows.
#[test]
fn missing_markers_are_missing() {
    for m in MISSING_MARKERS {
        assert!(is_missing(m) && is_missing(&m.to_ascii_lowercase()), "{m}");
    }
}
