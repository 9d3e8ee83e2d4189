//! The lengths of numbers, amounts and dates at the start of a text, as the grammar reads them.

use super::is_name_char;

/// Length of the digits (with `_` between them) at the start of `s`.
fn digits(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len()
        && (b[i].is_ascii_digit() || b[i] == b'_' && i > 0 && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    {
        i += 1;
    }
    i
}

/// `digits(.digits)?` followed by what may end a number: 万, 亿, %, 元.
pub(super) fn plain_number(s: &str) -> usize {
    let mut n = digits(s);
    if s[n..].starts_with('.') && digits(&s[n + 1..]) > 0 {
        n += 1 + digits(&s[n + 1..]);
    }
    for suffix in ["万", "亿", "%"] {
        if s[n..].starts_with(suffix) {
            n += suffix.len();
            break;
        }
    }
    if s[n..].starts_with('元') {
        n += '元'.len_utf8();
    }
    n
}

/// `¥5000`, `￥1,200.50万元`.
pub(super) fn money(s: &str) -> Option<usize> {
    let sign = s.strip_prefix('¥').or_else(|| s.strip_prefix('￥'))?;
    let at = s.len() - sign.len();
    let mut n = digits(sign);
    if n == 0 {
        return Some(at);
    }
    while sign[n..].starts_with(',')
        && sign.as_bytes().get(n + 1..n + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    {
        n += 4;
    }
    Some(at + n + plain_number(&sign[n..]))
}

/// `2026-11-23`, `2026/1/5`, `2026.1.5` (not followed by a name character), `2026年1月5日`.
pub(super) fn date(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let part = |at: usize| -> usize { b[at..].iter().take(2).take_while(|c| c.is_ascii_digit()).count() };
    if let Some(sep) = ["-", "/", "."].into_iter().find(|sep| s[4..].starts_with(sep)) {
        let m = part(5);
        let after_m = 5 + m;
        if m == 0 || !s[after_m..].starts_with(sep) {
            return None;
        }
        let d = part(after_m + 1);
        let end = after_m + 1 + d;
        let boundary = !s[end..].starts_with(is_name_char);
        return (d > 0 && boundary).then_some(end);
    }
    let rest = s[4..].strip_prefix('年')?;
    let m = rest.bytes().take(2).take_while(u8::is_ascii_digit).count();
    let rest2 = rest[m..].strip_prefix('月').filter(|_| m > 0)?;
    let d = rest2.bytes().take(2).take_while(u8::is_ascii_digit).count();
    rest2[d..].strip_prefix('日').filter(|_| d > 0).map(|after| s.len() - after.len())
}
