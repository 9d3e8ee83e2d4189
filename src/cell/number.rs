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

/// The decimal digits of a number as written, and the power of ten to scale them by.
struct Digits {
    digits: String,
    exp: i64,
}

impl Digits {
    /// The exact value `digits × 10^exp`, negated when `neg`; an error when it does not fit in a
    /// [`Decimal`] (too large, or more significant digits than it holds).
    fn exact(&self, neg: bool) -> Result<Decimal, CellError> {
        let d = self.digits.trim_start_matches('0');
        let significant = d.trim_end_matches('0');
        if significant.is_empty() {
            return Ok(Decimal::ZERO);
        }
        let exp = self.exp.saturating_add((d.len() - significant.len()) as i64);
        let len = significant.len();
        // Whole digits beyond the 29th, or a scale beyond 28 that no zeros can take up.
        let whole = (len as i64).saturating_add(exp);
        if len > MAX_DIGITS || whole > MAX_DIGITS as i64 || exp < -MAX_SCALE {
            return Err(CellError::NumberTooLarge);
        }
        let mut m: u128 = significant.bytes().fold(0, |m, c| m * 10 + u128::from(c - b'0'));
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
    let span = |from: usize, ok: &dyn Fn(u8) -> bool| {
        from + b.get(from..).unwrap_or(&[]).iter().take_while(|&&c| ok(c)).count()
    };
    let int_end = span(0, &|c| c.is_ascii_digit() || c == b',' || c == b'_');
    let int = s.get(..int_end)?;
    let mut end = int_end;
    let mut frac = "";
    if b.get(end) == Some(&b'.') {
        let frac_end = span(end + 1, &|c| c.is_ascii_digit() || c == b'_');
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
        let exp_end = span(end + 1 + sign_len, &|c| c.is_ascii_digit());
        if exp_end > end + 1 + sign_len {
            let text = s.get(end + 1..exp_end)?.trim_start_matches('+');
            exp = text.parse::<i64>().unwrap_or(if text.starts_with('-') { -100_000 } else { 100_000 });
            end = exp_end;
        }
    }
    let digits: String = int.chars().chain(frac.chars()).filter(char::is_ascii_digit).collect();
    let frac_len = frac.chars().filter(char::is_ascii_digit).count();
    let exp = exp.saturating_sub(i64::try_from(frac_len).unwrap_or(i64::MAX));
    Some((Digits { digits, exp }, end))
}

/// Separators only between digits; commas (integer part only) group by thousands.
fn grouped_ok(part: &str, commas_allowed: bool) -> bool {
    if part.is_empty() {
        return true;
    }
    if part.split('_').any(str::is_empty) {
        return false;
    }
    let groups: Vec<&str> = part.split(',').collect();
    if groups.len() == 1 {
        return true;
    }
    let len = |g: &str| g.chars().filter(char::is_ascii_digit).count();
    commas_allowed
        && !part.contains('_')
        && (1..=3).contains(&len(groups[0]))
        && groups[1..].iter().all(|g| len(g) == 3)
}
