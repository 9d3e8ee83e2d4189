//! Reading numbers and money: the plain fast path, then grouping, currency, 万/亿, % and units.
//! Every number is read as the exact decimal written (`0.1` is one tenth, `120万` is 1200000).

use super::{take, CellError};
use rust_decimal::Decimal;

/// The most significant digits a number can have: 2^96 − 1 has 29 digits, and not every number
/// of 29 digits fits.
const MAX_DIGITS: usize = 29;

/// The largest scale (digits after the point) a number can have.
const MAX_SCALE: i64 = 28;

/// Plain ASCII `-?digits(.digits)?` of at most 19 digits, the overwhelmingly common case.
pub(super) fn fast_number(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let (mut n, mut scale, mut dot) = (0u64, 0u32, false);
    for (i, &d) in digits.iter().enumerate() {
        match d {
            b'0'..=b'9' => {
                // Wraps only past 19 digits, which are refused below.
                n = n.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                scale += u32::from(dot);
            }
            b'.' if !dot && i > 0 && i + 1 < digits.len() => dot = true,
            _ => return None,
        }
    }
    // At most 19 digits, which a `u64` holds.
    if digits.len() - usize::from(dot) > 19 {
        return None;
    }
    let neg = b.len() != digits.len() && n != 0;
    Some(Decimal::from_parts(n as u32, (n >> 32) as u32, 0, neg, scale))
}

/// The significant digits of a number as written and the power of ten to scale them by, gathered
/// without allocating: leading zeros dropped, trailing zeros counted apart until a digit follows.
#[derive(Default)]
struct Digits {
    significant: u128,
    len: usize,
    zeros: usize,
    exp: i64,
    too_many: bool,
}

impl Digits {
    fn push(&mut self, d: u8) {
        if d == 0 {
            self.zeros += usize::from(self.len > 0);
            return;
        }
        let len = self.len + self.zeros + 1;
        if len > MAX_DIGITS {
            self.too_many = true;
            return;
        }
        // At most 29 digits: below 2^97.
        self.significant = self.significant * 10u128.pow(self.zeros as u32 + 1) + u128::from(d);
        self.len = len;
        self.zeros = 0;
    }

    /// The exact value `digits × 10^exp`, negated when `neg`; an error when it does not fit in a
    /// [`Decimal`] (too large, or more significant digits than it holds).
    fn exact(&self, neg: bool) -> Result<Decimal, CellError> {
        if self.too_many {
            return Err(CellError::NumberTooLarge);
        }
        if self.len == 0 {
            return Ok(Decimal::ZERO);
        }
        let exp = self.exp.saturating_add(self.zeros as i64);
        // Whole digits beyond the 29th, or a scale beyond 28 that no zeros can take up.
        let whole = (self.len as i64).saturating_add(exp);
        if whole > MAX_DIGITS as i64 || exp < -MAX_SCALE {
            return Err(CellError::NumberTooLarge);
        }
        let mut m = self.significant;
        let scale = if exp >= 0 {
            m *= 10u128.pow(exp as u32);
            0
        } else {
            (-exp) as u32
        };
        let m = i128::try_from(m).map_err(|_| CellError::NumberTooLarge)?;
        Decimal::try_from_i128_with_scale(if neg { -m } else { m }, scale).map_err(|_| CellError::NumberTooLarge)
    }
}

/// Everything that is not the plain case: signs, currency, separators, 万/亿, %, units.
pub(super) fn slow_number(s: &str) -> Result<Decimal, CellError> {
    let mut rest = s;
    let mut neg = take(&mut rest, "-");
    rest = rest.trim_start();
    let currency = take(&mut rest, "¥");
    if currency {
        rest = rest.trim_start();
        if !neg {
            neg = take(&mut rest, "-");
        }
    }
    let (dec, used) = scan_decimal(rest).ok_or(CellError::Number)?;
    rest = rest.get(used..).ok_or(CellError::Number)?.trim_start();
    let mut shift = 0i64;
    let mut unit = None;
    if take(&mut rest, "%") {
        if currency {
            return Err(CellError::Number);
        }
        shift = -2;
    } else {
        if take(&mut rest, "万") {
            shift = 4;
        } else if take(&mut rest, "亿") {
            shift = 8;
        }
        rest = rest.trim_start();
        unit = ["元", "次", "个", "件", "人"].into_iter().find(|u| take(&mut rest, u));
    }
    if !rest.trim().is_empty() || (currency && unit.is_some_and(|u| u != "元")) {
        return Err(CellError::Number);
    }
    Digits { exp: dec.exp.saturating_add(shift), ..dec }.exact(neg)
}

/// Scan `int[.frac][e±exp]` at the start of `s`, where `int` may be grouped `1,234,567` or
/// `1_000_000`. Returns the digits, the scale, and how many bytes were used.
fn scan_decimal(s: &str) -> Option<(Digits, usize)> {
    let b = s.as_bytes();
    fn span(b: &[u8], from: usize, ok: impl Fn(u8) -> bool) -> usize {
        from + b.get(from..).unwrap_or(&[]).iter().take_while(|&&c| ok(c)).count()
    }
    let int_end = span(b, 0, |c| c.is_ascii_digit() || c == b',' || c == b'_');
    let int = s.get(..int_end)?;
    let mut end = int_end;
    let mut frac = "";
    if b.get(end) == Some(&b'.') {
        let frac_end = span(b, end + 1, |c| c.is_ascii_digit() || c == b'_');
        frac = s.get(end + 1..frac_end)?;
        if frac.is_empty() {
            return None;
        }
        end = frac_end;
    }
    if !grouped_ok(int, true) || !grouped_ok(frac, false) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let mut exp: i64 = 0;
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let sign_len = usize::from(matches!(b.get(end + 1), Some(b'+' | b'-')));
        let exp_end = span(b, end + 1 + sign_len, |c| c.is_ascii_digit());
        if exp_end > end + 1 + sign_len {
            let text = s.get(end + 1..exp_end)?.trim_start_matches('+');
            exp = text.parse::<i64>().unwrap_or(if text.starts_with('-') { -100_000 } else { 100_000 });
            end = exp_end;
        }
    }
    let mut digits = Digits::default();
    for d in int.bytes().chain(frac.bytes()).filter(u8::is_ascii_digit) {
        digits.push(d - b'0');
    }
    let frac_len = frac.bytes().filter(u8::is_ascii_digit).count();
    digits.exp = exp.saturating_sub(i64::try_from(frac_len).unwrap_or(i64::MAX));
    Some((digits, end))
}

/// Separators only between digits; commas (integer part only) group by thousands. `part` holds only
/// digits, commas and underscores, as [`scan_decimal`] cuts it.
fn grouped_ok(part: &str, commas_allowed: bool) -> bool {
    let b = part.as_bytes();
    match (b.contains(&b','), b.contains(&b'_')) {
        (false, false) => true,
        (true, true) => false,
        (false, true) => b.first() != Some(&b'_') && b.last() != Some(&b'_') && !b.windows(2).any(|w| w == b"__"),
        (true, false) => {
            commas_allowed
                && b.split(|&c| c == b',').enumerate().all(|(i, g)| {
                    if i == 0 {
                        (1..=3).contains(&g.len())
                    } else {
                        g.len() == 3
                    }
                })
        }
    }
}
