//! Reading one CSV cell as a typed value: missing markers, yes/no, numbers and money, dates, durations.
//!
//! Every `parse_*` function trims the cell first, returns `Ok(None)` for a missing marker,
//! `Ok(Some(value))` for a readable value and `Err` for anything else. None of them panic.

use jiff::civil::Date;
use rust_decimal::Decimal;
use std::fmt;

mod number;
#[cfg(test)]
mod tests;

/// Why a cell could not be read (worded by `diag::words::data` through [`crate::diag::data::NotA`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellError {
    /// Not a yes/no value.
    Bool,
    /// Not a number or amount of money.
    Number,
    /// A number too large, or with too many significant digits, to hold exactly.
    NumberTooLarge,
    /// Not a date.
    Date,
    /// Written like a date, but no such day exists (e.g. `2026/2/30`).
    NoSuchDay(String),
    /// Not a length of time.
    Duration,
}

/// The unit of a [`Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months (adding clamps to the month's last day).
    Months,
    /// Calendar years.
    Years,
}

/// A length of time as written: an amount of one calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// How many units (may be negative).
    pub amount: i64,
    /// Which unit.
    pub unit: DurationUnit,
}

impl Duration {
    /// About how many years it spans (a year being 365.2425 days).
    pub fn years(self) -> f64 {
        let amount = (self.amount as f64).abs();
        match self.unit {
            DurationUnit::Days => amount / 365.2425,
            DurationUnit::Weeks => amount * 7.0 / 365.2425,
            DurationUnit::Months => amount / 12.0,
            DurationUnit::Years => amount,
        }
    }

    /// `d + self` when `sign >= 0`, `d - self` when `sign < 0`, calendar-aware (2026-01-31 + 1 month
    /// = 2026-02-28). `None` when the result falls outside the supported years.
    pub fn add_to(self, d: Date, sign: i8) -> Option<Date> {
        let n = if sign < 0 { self.amount.checked_neg()? } else { self.amount };
        let span = jiff::Span::new();
        let span = match self.unit {
            DurationUnit::Days => span.try_days(n),
            DurationUnit::Weeks => span.try_weeks(n),
            DurationUnit::Months => span.try_months(n),
            DurationUnit::Years => span.try_years(n),
        }
        .ok()?;
        d.checked_add(span).ok()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            DurationUnit::Days => "day",
            DurationUnit::Weeks => "week",
            DurationUnit::Months => "month",
            DurationUnit::Years => "year",
        };
        let plural = if self.amount == 1 || self.amount == -1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// Whitespace trimmed from cells: Unicode White_Space (includes U+3000 and U+00A0), plus the
/// zero-width space and a stray byte-order mark.
fn is_trim_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Trim ASCII and Unicode whitespace (including the full-width space U+3000) from both ends.
pub fn trim(s: &str) -> &str {
    // Fast path: nothing to trim at either end (one char decoded at each end).
    let keeps = |c: Option<char>| c.is_some_and(|c| !is_trim_char(c));
    if keeps(s.chars().next()) && keeps(s.chars().next_back()) {
        return s;
    }
    s.trim_matches(is_trim_char)
}

/// Is the (trimmed) cell a missing marker: empty, `-`, `–`, `—`, `/`, `无`, `暂无`, `空`, `N/A`,
/// `#N/A` or `NULL` (the last three in any letter case)?
pub fn is_missing(s: &str) -> bool {
    let s = trim(s);
    MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(s))
}

/// The built-in missing markers, as [`is_missing`] compares them: ASCII letters in any case.
pub const MISSING_MARKERS: [&str; 11] = ["", "-", "–", "—", "/", "无", "暂无", "空", "N/A", "#N/A", "NULL"];

/// What [`trim`] takes from both ends of a cell, listed (for the SQL backend, which must trim alike):
/// Unicode `White_Space`, the zero-width space and the byte-order mark.
pub const TRIMMED: [char; 27] = [
    '\t', '\n', '\u{0B}', '\u{0C}', '\r', ' ', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}',
    '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}',
    '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}', '\u{200B}', '\u{FEFF}',
];

/// The length in bytes of the longest marker [`is_missing`] knows (`暂无`): a longer cell with
/// nothing to trim is never one.
pub const LONGEST_MARKER: usize = 6;

/// Is the cell one of a rule file's own missing markers (`missing "未知"`)? Compared after
/// trimming, ASCII letters in any case.
pub fn is_declared_missing(s: &str, declared: &[String]) -> bool {
    let s = trim(s);
    declared.iter().any(|m| m.eq_ignore_ascii_case(s))
}

/// Map full-width ASCII forms (`１２３，４５６`, `％`, `－`), the full-width yen sign and the
/// ideographic space to their ASCII twins; also the Unicode minus sign to `-`.
fn normalize(s: &str) -> std::borrow::Cow<'_, str> {
    let map = |c: char| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FFE5}' => '¥',
        '\u{3000}' => ' ',
        '\u{2212}' => '-',
        _ => c,
    };
    if s.is_ascii() || s.chars().all(|c| map(c) == c) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(map).collect())
}

/// Read a yes/no cell: 是/否, true/false, yes/no, y/n, 1/0, √/×, ✓/✗, 对/错 (letters in any case).
pub fn parse_bool(s: &str) -> Result<Option<bool>, CellError> {
    // The spellings exports use most, without trimming or case folding.
    match s {
        "是" | "√" | "Y" | "y" | "1" | "true" | "TRUE" | "yes" => return Ok(Some(true)),
        "否" | "×" | "N" | "n" | "0" | "false" | "FALSE" | "no" => return Ok(Some(false)),
        "" => return Ok(None),
        _ => {}
    }
    let s = trim(s);
    if is_missing(s) {
        return Ok(None);
    }
    let n = normalize(s);
    let n = n.as_ref();
    const YES: &[&str] = &["是", "true", "yes", "y", "1", "√", "✓", "✔", "对"];
    const NO: &[&str] = &["否", "false", "no", "n", "0", "×", "✗", "✘", "错"];
    if YES.iter().any(|w| w.eq_ignore_ascii_case(n)) {
        Ok(Some(true))
    } else if NO.iter().any(|w| w.eq_ignore_ascii_case(n)) {
        Ok(Some(false))
    } else {
        Err(CellError::Bool)
    }
}

/// Read a number or amount of money: `1200000`, `1,200,000`, `1_000_000`, `1.5`, `-3`, `120万`,
/// `1.2亿`, `30%` (= 0.3), `¥1,200,000`, `￥5000`, `1200000元`, `3.5万元`, `5次` (a count with a
/// 次/个/件/人 unit), full-width digits and commas, and `1.2E+07` as spreadsheets export it.
///
/// The value is the exact decimal written (`0.1` is one tenth, `1.2亿` is 120000000); a number
/// that a [`Decimal`] cannot hold exactly — beyond about ±7.9×10^28, or with more than 28
/// significant digits — is [`CellError::NumberTooLarge`].
pub fn parse_number(s: &str) -> Result<Option<Decimal>, CellError> {
    let s = trim(s);
    if let Some(v) = number::fast_number(s) {
        return Ok(Some(v));
    }
    if is_missing(s) {
        return Ok(None);
    }
    number::slow_number(&normalize(s)).map(Some)
}

/// If `rest` starts with `prefix`, remove it and say so.
fn take(rest: &mut &str, prefix: &str) -> bool {
    match rest.strip_prefix(prefix) {
        Some(r) => {
            *rest = r;
            true
        }
        None => false,
    }
}

/// Read a date: `2026-11-23`, `2026/11/23`, `2026/1/5`, `2026.11.23`, `2026-1-5`,
/// `2026年11月23日`, optionally followed by a time of day that is ignored (`2026/1/5 0:00`,
/// `2026-11-23 14:30:00`, `2026-11-23T14:30:00`).
pub fn parse_date(s: &str) -> Result<Option<Date>, CellError> {
    let s = trim(s);
    if is_missing(s) {
        return Ok(None);
    }
    let n = normalize(s);
    let mut rest = n.as_ref();
    let year = take_digits(&mut rest, 4, 4).ok_or(CellError::Date)?;
    let (month, day) = if take(&mut rest, "年") {
        let month = take_digits(&mut rest, 1, 2).ok_or(CellError::Date)?;
        if !take(&mut rest, "月") {
            return Err(CellError::Date);
        }
        let day = take_digits(&mut rest, 1, 2).ok_or(CellError::Date)?;
        if !(take(&mut rest, "日") || take(&mut rest, "号")) {
            return Err(CellError::Date);
        }
        (month, day)
    } else {
        let sep = ["-", "/", "."].into_iter().find(|p| take(&mut rest, p)).ok_or(CellError::Date)?;
        let month = take_digits(&mut rest, 1, 2).ok_or(CellError::Date)?;
        if !take(&mut rest, sep) {
            return Err(CellError::Date);
        }
        (month, take_digits(&mut rest, 1, 2).ok_or(CellError::Date)?)
    };
    if !is_time_tail(rest) {
        return Err(CellError::Date);
    }
    let (y, m, d) = (year as i16, month as i8, day as i8); // at most 4 and 2 digits: fits
    Date::new(y, m, d).map(Some).map_err(|_| CellError::NoSuchDay(s.to_string()))
}

/// Take `min..=max` ASCII digits from the front of `rest`; fail on more or fewer.
fn take_digits(rest: &mut &str, min: usize, max: usize) -> Option<u32> {
    let count = rest.bytes().take_while(u8::is_ascii_digit).count();
    if count < min || count > max {
        return None;
    }
    let (digits, tail) = rest.split_at(count);
    *rest = tail;
    digits.parse().ok()
}

/// Nothing, or a separator then `H:MM[:SS[.fff]]` with an optional AM/PM.
fn is_time_tail(rest: &str) -> bool {
    if rest.is_empty() {
        return true;
    }
    let mut t = match rest.strip_prefix('T') {
        Some(t) => t,
        None if rest.starts_with(char::is_whitespace) => rest.trim_start(),
        None => return false,
    };
    if take_digits(&mut t, 1, 2).is_none() || !take(&mut t, ":") || take_digits(&mut t, 2, 2).is_none() {
        return false;
    }
    if take(&mut t, ":") {
        if take_digits(&mut t, 2, 2).is_none() {
            return false;
        }
        if take(&mut t, ".") && take_digits(&mut t, 1, 9).is_none() {
            return false;
        }
    }
    let t = t.trim_start();
    t.is_empty() || t.eq_ignore_ascii_case("am") || t.eq_ignore_ascii_case("pm")
}

/// Read a length of time: `60 days`, `1 day`, `2 weeks`, `2 months`, `1 year`, `60天`, `60日`,
/// `2周`, `2星期`, `2个星期`, `2个月`, `1年`, `半年` (6 months); a space between number and unit is
/// optional.
pub fn parse_duration(s: &str) -> Result<Option<Duration>, CellError> {
    let s = trim(s);
    if is_missing(s) {
        return Ok(None);
    }
    if s == "半年" {
        return Ok(Some(Duration { amount: 6, unit: DurationUnit::Months }));
    }
    let n = normalize(s);
    let mut rest = n.as_ref();
    let neg = take(&mut rest, "-");
    if !neg {
        take(&mut rest, "+");
    }
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, unit) = rest.split_at(len);
    let amount: i64 = digits.parse().map_err(|_| CellError::Duration)?;
    let unit = unit.trim_start();
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(unit));
    let unit = if is(&["day", "days", "天", "日"]) {
        DurationUnit::Days
    } else if is(&["week", "weeks", "周", "星期", "个星期"]) {
        DurationUnit::Weeks
    } else if is(&["month", "months", "个月"]) {
        DurationUnit::Months
    } else if is(&["year", "years", "年"]) {
        DurationUnit::Years
    } else {
        return Err(CellError::Duration);
    };
    Ok(Some(Duration { amount: if neg { -amount } else { amount }, unit }))
}
