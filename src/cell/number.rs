//! Reading numbers and money: the plain fast path, then grouping, currency, 万/亿, % and units.

use super::{take, CellError};

/// Plain ASCII `-?digits(.digits)?`, the overwhelmingly common case.
pub(super) fn fast_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    if digits.iter().all(u8::is_ascii_digit) {
        let n = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        // `as` rounds to nearest, which is exact below 2^53 and correctly rounded above.
        let v = n as f64;
        return Some(if b.len() != digits.len() && n != 0 { -v } else { v });
    }
    let dot = digits.iter().position(|&c| c == b'.')?;
    let (int, frac) = (&digits[..dot], &digits[dot + 1..]);
    let ok = |p: &[u8]| !p.is_empty() && p.iter().all(u8::is_ascii_digit);
    if ok(int) && ok(frac) {
        s.parse::<f64>().ok().map(|v| if v == 0.0 { 0.0 } else { v })
    } else {
        None
    }
}

/// The decimal digits of a number as written, and the power of ten to scale them by.
struct Decimal {
    digits: String,
    exp: i64,
}

/// Everything that is not the plain case: signs, currency, separators, 万/亿, %, units.
pub(super) fn slow_number(s: &str) -> Result<f64, CellError> {
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
    let exp = dec.exp.saturating_add(shift).clamp(-100_000, 100_000);
    let v: f64 = format!("{}e{exp}", dec.digits).parse().map_err(|_| CellError::Number)?;
    if !v.is_finite() {
        return Err(CellError::NumberTooLarge);
    }
    Ok(if v == 0.0 {
        0.0
    } else if neg {
        -v
    } else {
        v
    })
}

/// Scan `int[.frac][e±exp]` at the start of `s`, where `int` may be grouped `1,234,567` or
/// `1_000_000`. Returns the digits, the scale, and how many bytes were used.
fn scan_decimal(s: &str) -> Option<(Decimal, usize)> {
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
    Some((Decimal { digits, exp }, end))
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
