//! The lengths of numbers, amounts and dates at the start of a text, as the grammar reads them.
//! A digit is ASCII or full width (`１２`), as the grammar's `digit`.

use super::is_name_char;

/// Whether `c` is a digit of the grammar: ASCII or full width.
pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Bytes of the first `max` digits at the start of `s`, and how many digits they are.
fn some_digits(s: &str, max: usize) -> (usize, usize) {
    s.chars().take(max).take_while(|c| is_digit(*c)).fold((0, 0), |(b, n), c| (b + c.len_utf8(), n + 1))
}

/// Length of the digits (with `_` between them) at the start of `s`.
fn digits(s: &str) -> usize {
    let mut n = 0;
    loop {
        let (d, _) = some_digits(&s[n..], usize::MAX);
        n += d;
        let underscore = d > 0 && s[n..].starts_with('_') && s[n + 1..].starts_with(is_digit);
        if !underscore {
            return n;
        }
        n += 1;
    }
}

/// `digits(.digits)?` followed by what may end a number: 千, 万, 亿, %, 元.
pub(super) fn plain_number(s: &str) -> usize {
    let mut n = digits(s);
    if s[n..].starts_with('.') && digits(&s[n + 1..]) > 0 {
        n += 1 + digits(&s[n + 1..]);
    }
    for suffix in ["千", "万", "亿", "%"] {
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
    while let Some(group) = sign[n..].strip_prefix(',').map(|rest| some_digits(rest, 3)).filter(|g| g.1 == 3) {
        n += 1 + group.0;
    }
    Some(at + n + plain_number(&sign[n..]))
}

/// `2026-11-23`, `2026/1/5`, `2026.1.5` (not followed by a name character), `2026年1月5日`.
pub(super) fn date(s: &str) -> Option<usize> {
    let (year, count) = some_digits(s, 4);
    if count < 4 {
        return None;
    }
    let rest = &s[year..];
    let sep = ["-", "/", ".", "年"].into_iter().find(|sep| rest.starts_with(sep))?;
    let rest = &rest[sep.len()..];
    let (month, m) = some_digits(rest, 2);
    let close = if sep == "年" { "月" } else { sep };
    let rest = rest[month..].strip_prefix(close).filter(|_| m > 0)?;
    let (day, d) = some_digits(rest, 2);
    let rest = &rest[day..];
    let rest = match sep {
        "年" => rest.strip_prefix('日')?,
        _ if rest.starts_with(is_name_char) => return None,
        _ => rest,
    };
    (d > 0).then_some(s.len() - rest.len())
}

/// The grammar's forms of a literal that starts with a digit or `¥` (and of `半年` and the yes/no
/// words, for [`crate::syntax::build::literal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Date,
    Duration,
    Money,
    Number,
    /// A number without unit (`number_plain`): the count of `at least N of` and a duration's.
    NumberPlain,
    Bool,
}

/// How many bytes at the start of `s` the grammar's rule for `form` reads, if it reads any:
/// exactly its `date`, `money`, `number` and `number_plain` (a duration spans tokens: `None`).
pub fn form_len(form: Form, s: &str) -> Option<usize> {
    let n = match form {
        Form::Date => return date(s),
        Form::Number => {
            let n = number_plain_len(s)?;
            n + ["千", "万", "亿", "%"].iter().find(|x| s[n..].starts_with(**x)).map_or(0, |x| x.len())
        }
        Form::NumberPlain => number_plain_len(s)?,
        Form::Money => return money_len(s),
        Form::Duration | Form::Bool => return None,
    };
    Some(n)
}

/// `digits ~ ("." ~ digits)?`
fn number_plain_len(s: &str) -> Option<usize> {
    let n = digits(s);
    if n == 0 {
        return None;
    }
    let fraction = s[n..].strip_prefix('.').map_or(0, digits);
    Some(if fraction > 0 { n + 1 + fraction } else { n })
}

/// The grammar's `money`: `¥` digits (`,` three digits)* (`.` digits)? scale? `元`?, or digits
/// (`.` digits)? scale? `元`.
fn money_len(s: &str) -> Option<usize> {
    let scale = |s: &str| ["千", "万", "亿"].iter().find(|x| s.starts_with(**x)).map_or(0, |x| x.len());
    let yuan = |s: &str| if s.starts_with('元') { '元'.len_utf8() } else { 0 };
    if let Some(rest) = s.strip_prefix('¥').or_else(|| s.strip_prefix('￥')) {
        let mut n = s.len() - rest.len();
        let d = digits(rest);
        if d == 0 {
            return None;
        }
        n += d;
        while let Some(group) = s[n..].strip_prefix(',').map(|r| some_digits(r, 3)).filter(|g| g.1 == 3) {
            n += 1 + group.0;
        }
        let fraction = s[n..].strip_prefix('.').map_or(0, digits);
        if fraction > 0 {
            n += 1 + fraction;
        }
        n += scale(&s[n..]);
        return Some(n + yuan(&s[n..]));
    }
    let mut n = number_plain_len(s)?;
    n += scale(&s[n..]);
    let y = yuan(&s[n..]);
    (y > 0).then_some(n + y)
}
