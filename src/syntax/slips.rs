//! Common slips of a manager writing rules — operators from spreadsheets, a unit glued or
//! misspelled, a quote or bracket left open — each recognised at a parse error with its fix.

use super::expected::DURATION_UNITS;
use super::lex::{Token, TokenKind, Tokens};
use super::parse::Rule;
use crate::diag::{closest, Close, Diagnostic, FileId, Loc, OperatorFix, Problem, Syntax};

/// Operators from spreadsheets and programming languages, with the Ladder word for each.
pub(super) fn operator(
    file: FileId,
    base: usize,
    chunk: &str,
    pos: usize,
    token: &str,
    positives: &[Rule],
) -> Option<Diagnostic> {
    // `==` fails at its second `=`, `=>` at its `>`: widen the span to both characters.
    let prev = chunk[..pos.min(chunk.len())].chars().next_back();
    let (written, start) = match (prev, token) {
        (Some('='), "=") => ("==", pos - 1),
        (Some('='), ">") => ("=>", pos - 1),
        (Some('='), "<") => ("=<", pos - 1),
        (Some('<'), ">") => ("<>", pos - 1),
        (_, "&&" | "||" | "!" | "==" | "=>" | "&" | "|") => (token, pos),
        _ => return None,
    };
    let fix = match written {
        _ if positives.contains(&Rule::arrow) => OperatorFix::Arrow,
        "&&" | "&" => OperatorFix::And,
        "||" | "|" => OperatorFix::Or,
        "!" => OperatorFix::Not,
        "==" => OperatorFix::SingleEquals,
        "=>" => OperatorFix::AtLeast,
        "=<" => OperatorFix::AtMost,
        _ => OperatorFix::NotEqual,
    };
    let loc = Loc { file, span: base + start..base + start + written.len() };
    Some(syntax(Syntax::Operator { written: written.to_string(), fix }, loc))
}

/// A `ladder::syntax` diagnostic.
fn syntax(s: Syntax, loc: Loc) -> Diagnostic {
    Diagnostic::new(Problem::Syntax(s), loc)
}

/// A text whose closing quote is missing on its line.
pub(super) fn unclosed_quote(file: FileId, base: usize, chunk: &str, pos: usize, token: &str) -> Option<Diagnostic> {
    let close = match token {
        "\"" => '"',
        "“" => '”',
        _ => return None,
    };
    let rest = &chunk[pos + token.len()..];
    let line = rest.split('\n').next().unwrap_or("");
    if line.contains(close) {
        return None;
    }
    Some(Diagnostic::new(
        Problem::Unclosed { open: token.to_string(), close: Close::Quote(close) },
        Loc { file, span: base + pos..base + pos + token.len() },
    ))
}

/// `100 万`: a suffix of a number written apart from it (`number` is the text ending in it).
pub(super) fn spaced_suffix(number: &str, suffix: &str, loc: Loc) -> Option<Diagnostic> {
    if !matches!(suffix, "万" | "亿" | "元" | "%") {
        return None;
    }
    let digits: String = number.chars().rev().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '_')).collect();
    let digits: String = digits.chars().rev().collect();
    Some(syntax(Syntax::SpacedSuffix { suffix: suffix.to_string(), digits }, loc))
}

/// `询问公司产品 is 是` or `询问公司产品 是 是`: a yes/no field tested with `is`.
pub(super) fn is_yes_no(chunk: &str, pos: usize, token: &str, loc: Loc) -> Option<Diagnostic> {
    let yes = match token {
        "是" | "true" => true,
        "否" | "false" => false,
        _ => return None,
    };
    let before = chunk[..pos].trim_end();
    let before = before.strip_suffix("is").or_else(|| before.strip_suffix("是"))?;
    if !before.ends_with(char::is_whitespace) {
        return None;
    }
    let before = before.trim_end();
    let field: String = before.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let field: String = field.chars().rev().collect();
    Some(syntax(Syntax::IsYesNo { field, token: token.to_string(), yes }, loc))
}

pub(super) fn unit_typo(word: &str, loc: Loc) -> Option<Diagnostic> {
    let unit = closest(word, DURATION_UNITS)?;
    Some(syntax(Syntax::UnitTypo { word: word.to_string(), unit: unit.to_string() }, loc))
}

/// A word left over at the end of a condition, which the parser took for the level of a new rule
/// and then missed its `if`: `… within next 2 mnths` or `… 询问公司产品 客户`.
pub(super) fn stray_word(file: FileId, base: usize, chunk: &str, pos: usize) -> Option<Diagnostic> {
    let before = chunk[..pos.min(chunk.len())].trim_end();
    let word_start =
        before.char_indices().rev().take_while(|(_, c)| c.is_alphanumeric() || *c == '_').last().map(|(i, _)| i)?;
    let word = &before[word_start..];
    let loc = Loc { file, span: base + word_start..base + before.len() };
    let ahead = before[..word_start].trim_end_matches([' ', '\t', '\u{3000}']);
    if ahead.ends_with(|c: char| c.is_ascii_digit()) {
        if let Some(d) = spaced_suffix(ahead, word, loc.clone()).or_else(|| unit_typo(word, loc.clone())) {
            return Some(d);
        }
    }
    let first_on_line = ahead.is_empty() || ahead.ends_with('\n');
    if first_on_line || ahead.trim_end().ends_with(['{', '｛', '}', '｝']) {
        return None;
    }
    Some(syntax(stray(word), loc))
}

/// A word that does not continue a condition: an operator word a manager says but Ladder spells
/// otherwise (`不在` for `不属于`), or simply a stray word.
pub(super) fn stray(word: &str) -> Syntax {
    let spelled = match word {
        "不在" => "不属于",
        "在" => "属于",
        "非空" => "不为空",
        "不等" => "不等于",
        "高于" | "超过" => "大于",
        "低于" => "小于",
        "含有" => "包含",
        "开头为" => "开头是",
        _ => return Syntax::StrayWord { word: word.to_string() },
    };
    Syntax::Misspelled { token: word.to_string(), word: spelled.to_string() }
}

/// The type a manager likely meant by a word that is not a type.
pub(super) fn type_hint(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let meant = match lower.as_str() {
        "string" | "str" | "char" | "varchar" | "字符串" | "字符" | "文字" => "text",
        "int" | "integer" | "float" | "double" | "decimal" | "整数" | "小数" | "数值" => "number",
        "currency" | "amount" | "price" | "yuan" | "rmb" | "钱" | "货币" | "元" => "money",
        "boolean" | "yesno" | "yes_no" | "flag" | "布尔" | "是否值" => "bool",
        "datetime" | "time" | "day" | "时间" | "日" => "date",
        "enum" | "choice" | "选项" => "one of A, B, C",
        _ => return closest(word, ["text", "number", "money", "bool", "date"]),
    };
    Some(meant)
}

/// The bracket of `chunk` left open, with its offset; strings and comments are skipped. When a
/// bracket is missing, a closing bracket that starts a line belongs to the opening bracket on a
/// line indented as far as it: a bracket opened on a deeper line in between is the one left open.
pub(super) fn unclosed(chunk: &str) -> Option<(char, usize)> {
    let mut stack: Vec<(char, usize, usize)> = Vec::new();
    let mut suspect = None;
    let (mut opens, mut closes) = (0usize, 0usize);
    let mut indent = 0;
    let mut first_on_line = true;
    let tokens = Tokens::new(chunk);
    for (i, c) in tokens.code_chars(chunk) {
        match c {
            '\n' => {
                indent = 0;
                first_on_line = true;
                continue;
            }
            ' ' | '\t' | '\u{3000}' if first_on_line => {
                indent += 1;
                continue;
            }
            '{' | '｛' | '(' | '（' | '[' | '［' => {
                opens += 1;
                stack.push((c, i, indent));
            }
            '}' | '｝' | ')' | '）' | ']' | '］' => {
                closes += 1;
                if first_on_line {
                    while stack.len() > 1 && stack.last().is_some_and(|t| t.2 > indent) {
                        let top = stack.pop();
                        suspect = suspect.or(top);
                    }
                }
                stack.pop();
            }
            _ => {}
        }
        first_on_line = false;
    }
    if opens <= closes {
        return None;
    }
    suspect.or(stack.pop()).map(|(c, i, _)| (c, i))
}

/// `// note`: every comment written with slashes, which the lexer and grammar read as a comment
/// so that the rest of the file is still checked.
pub(super) fn slash_comments<'a>(
    file: FileId,
    text: &'a str,
    tokens: &'a [Token],
) -> impl Iterator<Item = Diagnostic> + 'a {
    tokens.iter().filter(|t| t.kind == TokenKind::Comment && text[t.span.clone()].starts_with("//")).map(move |t| {
        let note = text[t.span.clone()].trim_start_matches('/').trim().to_string();
        syntax(Syntax::SlashComment { text: note }, Loc { file, span: t.span.start..t.span.start + 2 })
    })
}

/// `'积极回应'` or `「积极回应」`: a text in quotes that Ladder does not read, closed on its line.
pub(super) fn wrong_quotes(file: FileId, base: usize, chunk: &str, pos: usize, token: &str) -> Option<Diagnostic> {
    let close = match token {
        "'" => '\'',
        "‘" => '’',
        "「" => '」',
        "『" => '』',
        _ => return None,
    };
    let rest = &chunk[pos + token.len()..];
    let text = &rest[..rest.find(['\n', close])?];
    let written = format!("{token}{text}{close}");
    let loc = Loc { file, span: base + pos..base + pos + written.len() };
    Some(syntax(Syntax::WrongQuotes { written, text: text.to_string() }, loc))
}

/// `最近购买日期 not within …`: `not` between a value and its test.
pub(super) fn not_before_test(file: FileId, base: usize, chunk: &str, pos: usize, token: &str) -> Option<Diagnostic> {
    if !matches!(token, "within" | "before" | "after" | "contains" | "starts") {
        return None;
    }
    let before = chunk[..pos].trim_end();
    let not = ["not", "非"].into_iter().find(|n| before.ends_with(n))?;
    let ahead = before[..before.len() - not.len()].trim_end();
    let subject: String = ahead.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if subject.is_empty() || ahead.len() == before.len() - not.len() {
        return None;
    }
    let at = base + before.len() - not.len();
    let subject = subject.chars().rev().collect();
    Some(syntax(Syntax::NotBeforeTest { subject, test: token.to_string() }, Loc { file, span: at..at + not.len() }))
}

/// `100W`, `1,000,000`: an amount written as elsewhere, at `pos` or just before it.
pub(super) fn amount(file: FileId, base: usize, chunk: &str, pos: usize) -> Option<Diagnostic> {
    let part = |c: char| c.is_alphanumeric() || matches!(c, ',' | '.' | '_');
    let pos = pos.min(chunk.len());
    let at = pos + chunk[pos..].find(|c| !part(c)).unwrap_or(chunk.len() - pos);
    let before = chunk[..pos].trim_end().len();
    [at, before].into_iter().find_map(|end| {
        let start = chunk[..end].char_indices().rev().take_while(|(_, c)| part(*c)).last()?.0;
        let written = chunk[start..end].trim_end_matches([',', '.']);
        let fix = amount_fix(written)?;
        let loc = Loc { file, span: base + start..base + start + written.len() };
        Some(syntax(Syntax::Amount { written: written.to_string(), fix }, loc))
    })
}

/// How Ladder writes an amount written `100W`, `100K`, `1.5M`, `5千` or `1,000,000`.
fn amount_fix(written: &str) -> Option<String> {
    let digits_end =
        written.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '_'))).unwrap_or(written.len());
    let (number, suffix) = written.split_at(digits_end);
    let grouped = number.split(',').skip(1).all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if !number.starts_with(|c: char| c.is_ascii_digit()) || !grouped {
        return None;
    }
    let number = number.replace(',', "");
    let scale = match suffix {
        "W" | "w" => return Some(format!("{number}万")),
        "" if written.contains(',') => 1.0,
        "K" | "k" | "千" => 1e3,
        "M" | "m" | "百万" => 1e6,
        "千万" => 1e7,
        _ => return None,
    };
    Some(in_wan(number.parse::<f64>().ok()? * scale))
}

/// `1000000` as `100万`, `150000000` as `1.5亿`; other amounts in plain digits.
pub(crate) fn in_wan(value: f64) -> String {
    if value >= 1e8 && (value / 1e7).fract() == 0.0 {
        format!("{}亿", value / 1e8)
    } else if value >= 1e4 && (value / 1e4).fract() == 0.0 {
        format!("{}万", value / 1e4)
    } else {
        format!("{value}")
    }
}

/// The value of an amount in Chinese numerals such as `一百万`, `三千五百` or `两亿`.
pub(crate) fn chinese_amount(word: &str) -> Option<f64> {
    let (yi, rest) = word.split_once('亿').unwrap_or(("", word));
    let (wan, rest) = rest.split_once('万').unwrap_or(("", rest));
    let value = below_wan(yi)? * 1e8 + below_wan(wan)? * 1e4 + below_wan(rest)?;
    let has_unit = word.contains(['十', '百', '千', '万', '亿']);
    (value > 0.0 && has_unit).then_some(value)
}

/// `三千五百`: a number below 10000 in Chinese numerals (empty is 0).
fn below_wan(s: &str) -> Option<f64> {
    let (mut total, mut digit) = (0.0, None::<f64>);
    for c in s.chars() {
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '两' => {
                digit = Some(2.0);
                continue;
            }
            _ => {
                let i = "零一二三四五六七八九".chars().position(|d| d == c)?;
                digit = Some(i as f64);
                continue;
            }
        };
        total += digit.take().unwrap_or(1.0) * unit;
    }
    Some(total + digit.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_written_elsewhere_get_ladders_form() {
        let fix = |w: &str| amount_fix(w);
        assert_eq!(fix("100W").as_deref(), Some("100万"));
        assert_eq!(fix("1,000,000").as_deref(), Some("100万"));
        assert_eq!(fix("1,234").as_deref(), Some("1234"));
        assert_eq!(fix("1.5M").as_deref(), Some("150万"));
        assert_eq!(fix("5k").as_deref(), Some("5000"));
        assert_eq!(fix("1,00"), None);
        assert_eq!(fix("1级"), None);
        assert_eq!(fix("100"), None);
    }

    #[test]
    fn chinese_numerals_are_read() {
        assert_eq!(chinese_amount("一百万"), Some(1e6));
        assert_eq!(chinese_amount("三千五百"), Some(3500.0));
        assert_eq!(chinese_amount("两亿"), Some(2e8));
        assert_eq!(chinese_amount("一亿五千万"), Some(1.5e8));
        assert_eq!(chinese_amount("十万"), Some(1e5));
        assert_eq!(chinese_amount("一二"), None);
        assert_eq!(chinese_amount("万能"), None);
        assert_eq!(in_wan(1.5e8), "1.5亿");
        assert_eq!(in_wan(2e8), "2亿");
    }
}
