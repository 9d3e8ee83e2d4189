//! Reading what can be read of a declaration that has a mistake: the fields, rules and moves of
//! a block one by one, so that one bad line neither hides the errors of the next nor makes every
//! name it declares look unknown.

use super::ast::{Expr, ExprKind, Item, Lit, Name, RuleDecl};
use super::build::Builder;
use super::expected::{parse_error, Within};
use super::lex::Tokens;
use super::parse::{LadderParser, Rule};
use crate::diag::{Diagnostic, FileId, Loc};
use pest::Parser;

/// The items read from a declaration with a mistake, and the errors found in it.
pub(super) struct Recovered {
    pub items: Vec<Item>,
    pub errors: Vec<Diagnostic>,
}

/// Reads the block declaration `chunk` (at byte `base` of `text`) member by member. `None` when
/// it is not a block, its header does not parse, or its members explain nothing.
pub(super) fn block(file: FileId, text: &str, base: usize, chunk: &str) -> Option<Recovered> {
    let member_rule = match first_word(chunk) {
        "fields" => Rule::lone_fields,
        "grades" => Rule::lone_grade_rules,
        "transitions" => Rule::lone_moves,
        _ => return None,
    };
    let open = find_outside_quotes(chunk, |c| matches!(c, '{' | '｛'), false)?;
    let header = format!("{}{{}}", &chunk[..open]);
    let mut pairs = LadderParser::parse(Rule::lone_item, &header).ok()?;
    let item_pair = pairs.next()?.into_inner().next()?;
    let mut item = Builder { base }.item(item_pair);
    let close = block_close(chunk)?;
    let body_end = close.unwrap_or(chunk.len());
    let body_start = open + chunk[open..].chars().next().map_or(1, char::len_utf8);
    let mut errors = Vec::new();
    let mut broken = Vec::new();
    for range in members(&chunk[body_start..body_end]) {
        let start = body_start + range.start;
        let member = &chunk[start..body_start + range.end];
        let b = Builder { base: base + start };
        match LadderParser::parse(member_rule, member) {
            Ok(mut pairs) => {
                let inner = pairs.next().map(|p| p.into_inner()).into_iter().flatten();
                for p in inner.filter(|p| p.as_rule() != Rule::EOI) {
                    add_member(&mut item, &b, p);
                }
            }
            Err(e) => {
                errors.push(parse_error(file, text, base + start, member, e, Within::Block));
                let skip = comments_len(member);
                let name = leading_name(&member[skip..], base + start + skip);
                match &mut item {
                    Item::Fields(_) => broken.extend(name),
                    Item::Grades(ladder) => {
                        ladder.rules.extend(name.map(|level| placeholder_rule(level, base + start, member)))
                    }
                    _ => {}
                }
            }
        }
    }
    if close.is_none() {
        let at = base + open;
        let c = chunk[open..].chars().next().unwrap_or('{');
        let problem = crate::diag::Problem::Unclosed { open: c.to_string(), close: crate::diag::Close::Block };
        errors.push(Diagnostic::new(problem, Loc { file, span: at..at + c.len_utf8() }));
    }
    if errors.is_empty() {
        return None;
    }
    let mut items = vec![item];
    items.extend(broken.into_iter().map(Item::Broken));
    Some(Recovered { items, errors })
}

/// The name a declaration that failed to parse would have declared (`let NAME`, `grades NAME`,
/// …), so its uses are not reported as unknown.
pub(super) fn declared_name(chunk: &str, base: usize) -> Option<Name> {
    let word = first_word(chunk);
    if !matches!(word, "let" | "score" | "grades" | "transitions") {
        return None;
    }
    let rest = &chunk[word.len()..];
    let skip = rest.len() - rest.trim_start().len();
    leading_name(rest.trim_start(), base + word.len() + skip)
}

/// A rule that did not parse keeps its level, so examples and transitions that name the level
/// are not reported again; its condition is `false` (the program has errors and never runs).
fn placeholder_rule(level: Name, at: usize, member: &str) -> RuleDecl {
    let span = at..at + member.trim_end().len();
    let cond = Expr { kind: ExprKind::Lit(Lit::Bool(false)), span: span.clone() };
    RuleDecl { level, label: None, cond: Some(cond), outputs: vec![], span }
}

fn add_member(item: &mut Item, b: &Builder, p: pest::iterators::Pair<'_, Rule>) {
    match item {
        Item::Fields(fields) => fields.push(b.field(p)),
        Item::Grades(ladder) => ladder.rules.push(b.grade_rule(p)),
        Item::Transitions(t) => b.transition_member(t, p),
        _ => {}
    }
}

/// The leading ASCII word of a declaration.
fn first_word(chunk: &str) -> &str {
    let end = chunk.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(chunk.len());
    &chunk[..end]
}

/// A plain or backticked name at the start of `s` (which sits at byte `at` of the file).
fn leading_name(s: &str, at: usize) -> Option<Name> {
    let s_trim = s.trim_start();
    let at = at + (s.len() - s_trim.len());
    if let Some(rest) = s_trim.strip_prefix('`') {
        let end = rest.find(['`', '\n'])?;
        let text = rest[..end].to_string();
        return (!text.is_empty()).then(|| Name { span: at..at + end + 2, text, quoted: true });
    }
    let end = s_trim.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s_trim.len());
    let text = &s_trim[..end];
    let starts_well = text.chars().next().is_some_and(|c| !c.is_ascii_digit());
    starts_well.then(|| Name { text: text.to_string(), span: at..at + end, quoted: false })
}

/// Byte ranges of the members of a block body: a member starts at a line indented no deeper
/// than the first member; deeper lines, and lines starting with `}`, continue the one above.
fn members(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut indent: Option<usize> = None;
    let mut offset = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let content = line.trim_start_matches([' ', '\t', '\u{3000}']);
        let depth = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        let closing = content.starts_with(['}', '｝']);
        if i > 0 && !blank && !closing {
            match indent {
                None => {
                    indent = Some(depth);
                    if !only_comments(&body[..offset]) {
                        starts.push(offset);
                    }
                }
                Some(n) if depth <= n => starts.push(offset),
                Some(_) => {}
            }
        }
        offset += line.len();
    }
    starts.dedup();
    starts.push(body.len());
    starts.windows(2).map(|w| w[0]..w[1]).filter(|r| !only_comments(&body[r.clone()])).collect()
}

/// Where the block's closing brace is: `Some(None)` when it is missing, `None` when the text
/// after it is not a comment (the declaration is then reported as a whole).
fn block_close(chunk: &str) -> Option<Option<usize>> {
    let braces = |open: bool| {
        let mut n = 0;
        let mut rest = chunk;
        while let Some(i) = find_outside_quotes(
            rest,
            |c| {
                if open {
                    matches!(c, '{' | '｛')
                } else {
                    matches!(c, '}' | '｝')
                }
            },
            false,
        ) {
            n += 1;
            rest = &rest[i + rest[i..].chars().next().map_or(1, char::len_utf8)..];
        }
        n
    };
    let (opens, closes) = (braces(true), braces(false));
    let Some(last) = find_outside_quotes(chunk, |c| matches!(c, '}' | '｝'), true) else {
        return Some(None);
    };
    let after = &chunk[last + chunk[last..].chars().next().map_or(1, char::len_utf8)..];
    if !only_comments(after) || closes > opens {
        return None;
    }
    // With a brace missing, a last `}` in column 0 still closes the block (a group inside was
    // left open); one indented deeper closes a group, and the block itself is left open.
    let line_start = chunk[..last].rfind('\n').map_or(0, |i| i + 1);
    let in_column_0 = last == line_start;
    Some((opens == closes || in_column_0).then_some(last))
}

/// How many bytes of whitespace and comment lines `s` starts with.
fn comments_len(s: &str) -> usize {
    let mut at = 0;
    for line in s.split_inclusive('\n') {
        let t = line.trim();
        if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        at += line.len();
    }
    at
}

/// Whether `s` holds only whitespace and comments.
fn only_comments(s: &str) -> bool {
    s.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// The first (or last) char matching `want` outside quotes and comments.
fn find_outside_quotes(s: &str, want: impl Fn(char) -> bool, last: bool) -> Option<usize> {
    let tokens = Tokens::new(s);
    let mut found = tokens.code_chars(s).filter(|&(_, c)| want(c)).map(|(i, _)| i);
    if last {
        found.last()
    } else {
        found.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_follow_indentation() {
        let body = "\n  A if any {\n    x\n    y\n  }\n  B otherwise\n";
        let parts: Vec<&str> = members(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[1].trim_start().starts_with('B'));
    }

    #[test]
    fn a_member_on_the_header_line_is_its_own() {
        let body = " a: bool\n  b: text\n";
        assert_eq!(members(body).len(), 2);
    }

    #[test]
    fn comment_lines_before_a_member_are_skipped() {
        let member = "\n  # 十、结案级\n  A01 \"结案级\" 已用完\n";
        let skip = comments_len(member);
        assert_eq!(leading_name(&member[skip..], 0).map(|n| n.text), Some("A01".to_string()));
    }

    #[test]
    fn names_of_broken_declarations() {
        let n = declared_name("let 拍板人反馈 = 反馈人 is", 10).expect("a name");
        assert_eq!(n.text, "拍板人反馈");
        assert_eq!(n.span, 14..14 + "拍板人反馈".len());
        assert!(declared_name("example \"x\" {", 0).is_none());
    }
}
