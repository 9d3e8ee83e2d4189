use super::*;
use crate::syntax::ast::{Expr, ExprKind};
use proptest::prelude::*;

fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
    Tokens::new(text).list.into_iter().map(|t| (t.kind, &text[t.span])).collect()
}

#[test]
fn comments_start_outside_texts_and_quoted_names() {
    use TokenKind::*;
    let toks = kinds("B -> A if `备注#1` contains \"x#y\" # why\r\n");
    let comments: Vec<_> = toks.iter().filter(|(k, _)| *k == Comment).collect();
    assert_eq!(comments, [&(Comment, "# why")]);
    assert!(toks.contains(&(QuotedName, "`备注#1`")));
    assert!(toks.contains(&(Text, "\"x#y\"")));
    assert_eq!(toks.last(), Some(&(Newline, "\r\n")));
}

#[test]
fn numbers_dates_and_amounts_are_one_token() {
    for n in [
        "1_000_000",
        "1.5",
        "100万",
        "1.2亿",
        "30%",
        "5000元",
        "100万元",
        "¥1,200",
        "￥5000",
        "2026-11-23",
        "2026/1/5",
        "2026年1月5日",
    ] {
        assert_eq!(kinds(n), [(TokenKind::Number, n)], "{n}");
    }
    assert_eq!(kinds("2个月")[0], (TokenKind::Number, "2"));
    for n in
        ["5千", "1.5千元", "¥5千", "１００万", "１_０００", "２０２６-１１-２３", "２０２６年１月５日", "￥１,２００"]
    {
        assert_eq!(kinds(n), [(TokenKind::Number, n)], "{n}");
    }
}

#[test]
fn chinese_operator_words_are_words_and_the_enumeration_comma_is_a_comma() {
    use TokenKind::*;
    let text = "类型 属于 代理商、经销商 且 金额 大于等于 5千 且 是否成交";
    let words: Vec<_> = kinds(text).into_iter().filter(|(k, _)| *k != Space).collect();
    let want = [(Word, "类型"), (Word, "属于"), (Word, "代理商"), (Comma, "、"), (Word, "经销商"), (Word, "且")];
    assert_eq!(words[..6], want);
    let t = Tokens::new(text);
    let kw = |w: &str| t.list.iter().find(|tok| &text[tok.span.clone()] == w).and_then(|tok| tok.keyword(text));
    assert_eq!((kw("属于"), kw("大于等于"), kw("是否成交")), (Some(Kw::In), Some(Kw::Ge), None));
}

#[test]
fn chinese_keywords_are_words_of_their_own() {
    let text = "至少3项 { a 且 b }";
    let words: Vec<_> = kinds(text).into_iter().filter(|(k, _)| *k == TokenKind::Word).map(|(_, w)| w).collect();
    assert_eq!(words, ["至少", "项", "a", "且", "b"]);
    let t = Tokens::new("拍板人反馈且口头承诺");
    assert_eq!(t.list.len(), 1, "a name holding a keyword stays one name");
    assert_eq!(t.list[0].keyword("拍板人反馈且口头承诺"), None);
    assert_eq!(Tokens::new("且").list[0].keyword("且"), Some(Kw::And));
}

#[test]
fn given_values_are_data_text() {
    let text = "given { 备注: a \"b, 金额: 1,200,000 , 日期: 2023年9月15日 # c\n x: \"q,r\" }";
    let values: Vec<_> = kinds(text).into_iter().filter(|(k, _)| *k == TokenKind::Value).map(|(_, v)| v).collect();
    assert_eq!(values, ["a \"b", "1,200,000", "2023年9月15日"]);
    assert!(kinds(text).contains(&(TokenKind::Text, "\"q,r\"")));
}

#[test]
fn code_drops_comments_and_joins_lines() {
    let text = "a  # first part\n  and `a{b` and c";
    let t = Tokens::new(text);
    assert_eq!(t.code(text, &(0..text.len())), "a and `a{b` and c");
    assert_eq!(t.open_brackets(), 0);
    assert_eq!(Tokens::new("all { a # }").open_brackets(), 1);
}

#[test]
fn unclosed_quotes_run_to_the_end_of_their_line() {
    assert_eq!(kinds("\"ab\nc")[0], (TokenKind::Unclosed, "\"ab"));
    assert_eq!(kinds("`ab\nc")[0], (TokenKind::Unclosed, "`ab"));
}

fn boundaries(tokens: &Tokens, text: &str, span: &std::ops::Range<usize>, what: &str) {
    for at in [span.start, span.end] {
        assert!(tokens.is_boundary(at), "{what} {span:?} `{}` is not cut at token boundaries", &text[span.clone()]);
    }
}

fn expr_boundaries(tokens: &Tokens, text: &str, e: &Expr) {
    boundaries(tokens, text, &e.span, "expression");
    if let ExprKind::Name(n) | ExprKind::Call(n, _) | ExprKind::Is(_, _, n) = &e.kind {
        boundaries(tokens, text, &n.span, "name");
        assert_eq!(tokens.within(&n.span).len(), 1, "name `{}` is one token", n.text);
    }
    e.children().into_iter().for_each(|c| expr_boundaries(tokens, text, c));
}

/// The syntax tree and the tokens agree: every node of every rule file in the repository starts
/// and ends where tokens do.
#[test]
fn every_node_is_cut_at_token_boundaries() {
    let mut files = 0;
    for dir in ["rules", "tests", "docs"] {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for path in ladder_files(&root) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            check_file(&text);
            files += 1;
        }
    }
    assert!(files > 20, "{files} files");
}

fn ladder_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(ladder_files(&p));
        } else if p.extension().is_some_and(|e| e == "ladder") {
            out.push(p);
        }
    }
    out
}

fn check_file(text: &str) {
    let tokens = Tokens::new(text);
    let (file, _) = crate::syntax::parse::parse_file(0, text);
    for item in &file.items {
        for e in item.exprs() {
            expr_boundaries(&tokens, text, e);
        }
    }
}

proptest! {
    #[test]
    fn tokens_cover_the_text_exactly(text in "[a-z 且#\"“”`{}()\\[\\],，、:0-9０-９.千万年月日¥\\-\r\n\u{3000}]{0,60}") {
        let tokens = Tokens::new(&text);
        let mut at = 0;
        for t in &tokens.list {
            prop_assert_eq!(t.span.start, at);
            prop_assert!(t.span.end > t.span.start);
            at = t.span.end;
        }
        prop_assert_eq!(at, text.len());
    }
}

#[test]
fn a_backslash_in_a_text_takes_the_next_character_even_a_line_break() {
    assert_eq!(
        kinds("\"a\\\"b\" x"),
        [(TokenKind::Text, "\"a\\\"b\""), (TokenKind::Space, " "), (TokenKind::Word, "x")]
    );
    assert_eq!(kinds("\"a\\\nb\"")[0], (TokenKind::Text, "\"a\\\nb\""));
}
