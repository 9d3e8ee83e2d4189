//! Tokens → syntax tree by recursive descent: the parser of well-formed declarations. It reads
//! the lexer's tokens, never the text again, and takes a declaration only when the grammar
//! (`grammar/ladder.pest`) reads it the same way; at anything else it declines, and pest parses the
//! declaration: to say what is wrong, or to read a rare form this parser leaves to it (a number
//! the grammar would read in two parts, `all { x 是 }`). Tests hold the two to the same trees and
//! the same errors on every file they see (`parse::parse_file_with_pest`).
//!
//! Each choice is made from the next token, as the grammar's ordered choices would end: where the
//! grammar could backtrack into another reading, this parser declines instead of guessing.

use super::ast::*;
use super::build::{at_least_count, literal, unescape};
use super::keywords::is_reserved;
use super::lex::{form_len, Bracket, Form, Token, TokenKind};

/// The declaration `tokens` hold (with only whitespace and comments around it), or `None` when
/// pest is to parse it.
pub(super) fn item(text: &str, tokens: &[Token]) -> Option<Item> {
    let mut p = Descent::new(text, tokens);
    let item = p.item()?;
    p.at_end().then_some(item)
}

/// The expression `tokens` hold, or `None` when pest is to parse it.
pub(super) fn expr(text: &str, tokens: &[Token]) -> Option<Expr> {
    let mut p = Descent::new(text, tokens);
    let e = p.expr()?;
    p.at_end().then_some(e)
}

struct Descent<'t> {
    text: &'t str,
    tokens: &'t [Token],
    /// The next token that is not whitespace or a comment.
    next: usize,
    /// Just after the last token taken: `tokens[after..next]` is the gap before the next one.
    after: usize,
    /// Inside the members of a group, where a new line before `-` starts the next member.
    in_group: bool,
}

impl<'t> Descent<'t> {
    fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        let mut p = Descent { text, tokens, next: 0, after: 0, in_group: false };
        p.skip_trivia();
        p
    }

    fn skip_trivia(&mut self) {
        while self.tokens.get(self.next).is_some_and(Token::is_trivia) {
            self.next += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.next == self.tokens.len()
    }

    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.next)
    }

    /// The token after the next one (trivia skipped).
    fn peek2(&self) -> Option<&'t Token> {
        self.tokens.get(self.next + 1..)?.iter().find(|t| !t.is_trivia())
    }

    fn text_of(&self, t: &Token) -> &'t str {
        &self.text[t.span.clone()]
    }

    fn bump(&mut self) -> &'t Token {
        let t = &self.tokens[self.next];
        self.next += 1;
        self.after = self.next;
        self.skip_trivia();
        t
    }

    /// The whitespace and comments between the last token taken and the next.
    fn gap(&self) -> &'t [Token] {
        &self.tokens[self.after..self.next]
    }

    /// Where the last token taken ends.
    fn end(&self) -> usize {
        self.after.checked_sub(1).map_or(0, |i| self.tokens[i].span.end)
    }

    fn start(&self) -> usize {
        self.peek().map_or(self.text.len(), |t| t.span.start)
    }

    /// Whether the next token is the word `w` (one of its spellings).
    fn at_word(&self, words: &[&str]) -> bool {
        self.peek().is_some_and(|t| t.kind == TokenKind::Word && words.contains(&self.text_of(t)))
    }

    fn word(&mut self, words: &[&str]) -> Option<&'t Token> {
        self.at_word(words).then(|| self.bump())
    }

    fn at_kind(&self, kind: TokenKind) -> bool {
        self.peek().is_some_and(|t| t.kind == kind)
    }

    fn kind(&mut self, kind: TokenKind) -> Option<&'t Token> {
        self.at_kind(kind).then(|| self.bump())
    }

    fn at_op(&self, ops: &[&str]) -> bool {
        self.peek().is_some_and(|t| t.kind == TokenKind::Op && ops.contains(&self.text_of(t)))
    }

    fn op(&mut self, ops: &[&str]) -> Option<&'t Token> {
        self.at_op(ops).then(|| self.bump())
    }

    /// The grammar's `comma`: `,` or `，` (not `、`).
    fn at_comma(&self) -> bool {
        self.peek().is_some_and(|t| t.kind == TokenKind::Comma && self.text_of(t) != "、")
    }

    fn at_enum_comma(&self) -> bool {
        self.peek().is_some_and(|t| t.kind == TokenKind::Comma && self.text_of(t) == "、")
    }

    fn open(&mut self, b: Bracket) -> Option<&'t Token> {
        self.kind(TokenKind::Open(b))
    }

    fn close(&mut self, b: Bracket) -> Option<&'t Token> {
        self.kind(TokenKind::Close(b))
    }

    fn at_close(&self, b: Bracket) -> bool {
        self.at_kind(TokenKind::Close(b))
    }

    // ------------------------------------------------------------ names and texts

    /// Whether `t` is a name: a word that is not reserved (nor `半年`), or a name in backticks.
    fn is_name(&self, t: Option<&Token>) -> bool {
        t.is_some_and(|t| match t.kind {
            TokenKind::QuotedName => true,
            TokenKind::Word => {
                let w = self.text_of(t);
                !is_reserved(w) && w != "半年"
            }
            _ => false,
        })
    }

    fn name(&mut self) -> Option<Name> {
        if !self.is_name(self.peek()) {
            return None;
        }
        let t = self.bump();
        let quoted = t.kind == TokenKind::QuotedName;
        let raw = self.text_of(t);
        let text = if quoted { &raw[1..raw.len() - 1] } else { raw };
        Some(Name { text: text.to_string(), span: t.span.clone(), quoted })
    }

    fn string(&mut self) -> Option<Str> {
        let t = self.kind(TokenKind::Text)?;
        let raw = self.text_of(t);
        let text = match raw.strip_prefix('"') {
            Some(inner) => unescape(&inner[..inner.len() - 1]),
            None => raw["“".len()..raw.len() - "”".len()].to_string(),
        };
        Some(Str { text, span: t.span.clone() })
    }

    // ------------------------------------------------------------ declarations

    fn item(&mut self) -> Option<Item> {
        let t = self.peek().filter(|t| t.kind == TokenKind::Word)?;
        let start = t.span.start;
        let word = self.text_of(t);
        self.bump();
        Some(match word {
            "ladder" => Item::Title(self.string()?),
            "use" => Item::Use(self.string()?),
            "missing" => {
                let mut texts = vec![self.string()?];
                while self.at_comma() && self.peek2().is_some_and(|t| t.kind == TokenKind::Text) {
                    self.bump();
                    texts.push(self.string()?);
                }
                Item::Missing(texts)
            }
            "fields" => {
                self.open(Bracket::Brace)?;
                let mut fields = Vec::new();
                while self.close(Bracket::Brace).is_none() {
                    fields.push(self.field()?);
                }
                Item::Fields(fields)
            }
            "let" | "score" => {
                let name = self.name()?;
                self.op(&["=", "＝"])?;
                let expr = self.expr()?;
                let b = Binding { name, expr, span: start..self.end() };
                if word == "let" {
                    Item::Let(b)
                } else {
                    Item::Score(b)
                }
            }
            "grades" => {
                let name = self.name()?;
                self.open(Bracket::Brace)?;
                let mut rules = Vec::new();
                while self.close(Bracket::Brace).is_none() {
                    rules.push(self.grade_rule()?);
                }
                Item::Grades(LadderDecl { name, rules, span: start..self.end() })
            }
            "transitions" => Item::Transitions(self.transitions(start)?),
            "example" => Item::Example(self.example(start)?),
            _ => return None,
        })
    }

    fn field(&mut self) -> Option<FieldDecl> {
        let name = self.name()?;
        let start = name.span.start;
        self.kind(TokenKind::Colon)?;
        let ty = if self.word(&["one"]).is_some() {
            self.word(&["of"])?;
            let mut members = vec![self.member_name()?];
            while (self.at_comma() || self.at_enum_comma()) && self.is_member_name(self.peek2()) {
                self.bump();
                members.push(self.member_name()?);
            }
            TypeExpr::OneOf(members)
        } else if self.word(&["grade"]).is_some() {
            TypeExpr::Grade(self.name()?)
        } else {
            let t = self.kind(TokenKind::Word)?;
            match self.text_of(t) {
                "text" | "文本" => TypeExpr::Text,
                "number" | "数字" => TypeExpr::Number,
                "money" | "金额" => TypeExpr::Money,
                "bool" | "是否" => TypeExpr::Bool,
                "date" | "日期" => TypeExpr::Date,
                _ => return None,
            }
        };
        let mut field = FieldDecl { name, ty, key: false, required: false, column: None, span: 0..0 };
        loop {
            if self.word(&["key"]).is_some() {
                field.key = true;
            } else if self.word(&["required"]).is_some() {
                field.required = true;
            } else if self.word(&["column"]).is_some() {
                field.column = Some(self.string()?);
            } else {
                break;
            }
        }
        field.span = start..self.end();
        if self.at_comma() {
            self.bump();
        }
        Some(field)
    }

    fn is_member_name(&self, t: Option<&Token>) -> bool {
        t.is_some_and(|t| t.kind == TokenKind::Text) || self.is_name(t)
    }

    fn member_name(&mut self) -> Option<Name> {
        match self.at_kind(TokenKind::Text) {
            true => self.string().map(|s| Name { text: s.text, span: s.span, quoted: true }),
            false => self.name(),
        }
    }

    fn grade_rule(&mut self) -> Option<RuleDecl> {
        let level = self.name()?;
        let start = level.span.start;
        let label = if self.at_kind(TokenKind::Text) { Some(self.string()?) } else { None };
        let cond = self.condition()?;
        let mut outputs = Vec::new();
        if self.open(Bracket::Brace).is_some() {
            while self.close(Bracket::Brace).is_none() {
                let name = self.name()?;
                self.kind(TokenKind::Colon)?;
                let value = match self.at_kind(TokenKind::Text) {
                    true => self.string()?,
                    false => {
                        let t = self.kind(TokenKind::Number)?;
                        let raw = self.text_of(t);
                        whole(raw, &[Form::Money, Form::Number])?;
                        Str { text: raw.to_string(), span: t.span.clone() }
                    }
                };
                outputs.push((name, value));
                if self.at_comma() {
                    self.bump();
                }
            }
        }
        let span = start..self.end();
        if self.at_comma() {
            self.bump();
        }
        Some(RuleDecl { level, label, cond, outputs, span })
    }

    /// `if COND` (`Some` of the condition) or `otherwise` (`Some(None)`).
    fn condition(&mut self) -> Option<Option<Expr>> {
        if self.word(&["if", "如果"]).is_some() {
            return Some(Some(self.expr()?));
        }
        self.word(&["otherwise", "否则"]).map(|_| None)
    }

    fn transitions(&mut self, start: usize) -> Option<TransitionsDecl> {
        let name = self.name()?;
        self.word(&["from"])?;
        let field = self.name()?;
        self.open(Bracket::Brace)?;
        let mut decl = TransitionsDecl { name, field, rules: vec![], finals: vec![], span: 0..0 };
        while self.close(Bracket::Brace).is_none() {
            // `final NAME` declares; `final` before anything else is a stage of that name.
            if self.at_word(&["final"]) && self.is_name(self.peek2()) {
                self.bump();
                decl.finals.push(self.name()?);
                while self.at_comma() && self.is_name(self.peek2()) {
                    self.bump();
                    decl.finals.push(self.name()?);
                }
                continue;
            }
            decl.rules.push(self.transition()?);
        }
        decl.span = start..self.end();
        Some(decl)
    }

    fn transition(&mut self) -> Option<TransitionDecl> {
        let start = self.start();
        let mut from = vec![self.stage()?];
        while self.at_comma() && (self.is_star(self.peek2()) || self.is_name(self.peek2())) {
            self.bump();
            from.push(self.stage()?);
        }
        let from_span = start..self.end();
        self.op(&["->", "→", "－>"])?;
        let to = self.name()?;
        let cond = self.condition()?;
        let span = start..self.end();
        if self.at_comma() {
            self.bump();
        }
        Some(TransitionDecl { from, from_span, to, cond, span })
    }

    /// Whether a value may start at `t` (a word may be a name or start a group, `days since`, …).
    fn starts_unary(&self, t: &Token) -> bool {
        use TokenKind::*;
        match t.kind {
            Word | QuotedName | Number | Text | Open(Bracket::Paren) => true,
            Op => self.text_of(t) == "-",
            Space | Newline | Comment | Value | Open(_) | Close(_) | Comma | Colon | Unclosed | Other => false,
        }
    }

    fn is_star(&self, t: Option<&Token>) -> bool {
        t.is_some_and(|t| t.kind == TokenKind::Op && matches!(self.text_of(t), "*" | "＊"))
    }

    /// A stage, or `None` inside for `*`.
    fn stage(&mut self) -> Option<Option<Name>> {
        match self.is_star(self.peek()) {
            true => {
                self.bump();
                Some(None)
            }
            false => self.name().map(Some),
        }
    }

    fn example(&mut self, start: usize) -> Option<ExampleDecl> {
        let name = self.string()?;
        self.open(Bracket::Brace)?;
        self.word(&["given"])?;
        self.open(Bracket::Brace)?;
        let mut given = Vec::new();
        while self.close(Bracket::Brace).is_none() {
            let field = self.name()?;
            self.kind(TokenKind::Colon)?;
            given.push((field, self.given_value()?));
            if self.at_comma() {
                self.bump();
            }
        }
        self.word(&["expect"])?;
        let mut expect = vec![self.expectation()?];
        while self.at_comma() && self.is_name(self.peek2()) {
            self.bump();
            expect.push(self.expectation()?);
        }
        self.close(Bracket::Brace)?;
        Some(ExampleDecl { name, given, expect, span: start..self.end() })
    }

    /// A `given` value: a text in quotes, or data text up to its comma, brace or line end
    /// (trailing spaces apart), possibly empty.
    fn given_value(&mut self) -> Option<Str> {
        let t = self.peek()?;
        match t.kind {
            TokenKind::Text => self.string(),
            TokenKind::Value => {
                self.bump();
                let start = t.span.start;
                let raw = &self.text[start..start + super::lex::raw_text_len(&self.text[start..])];
                let text = raw.trim_end();
                Some(Str { text: text.to_string(), span: start..start + text.len() })
            }
            TokenKind::Close(Bracket::Brace) => Some(Str { text: String::new(), span: t.span.start..t.span.start }),
            TokenKind::Comma if self.text_of(t) != "、" => {
                Some(Str { text: String::new(), span: t.span.start..t.span.start })
            }
            _ => None,
        }
    }

    fn expectation(&mut self) -> Option<(Name, Option<Name>)> {
        let ladder = self.name()?;
        self.op(&["=", "＝"])?;
        if self.word(&["missing"]).is_some() {
            return Some((ladder, None));
        }
        Some((ladder, Some(self.name()?)))
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self) -> Option<Expr> {
        let mut acc = self.and_expr()?;
        while self.word(&["or", "或"]).is_some() {
            acc = binary(BinOp::Or, acc, self.and_expr()?);
        }
        Some(acc)
    }

    fn and_expr(&mut self) -> Option<Expr> {
        let mut acc = self.not_expr()?;
        while self.word(&["and", "且"]).is_some() {
            acc = binary(BinOp::And, acc, self.not_expr()?);
        }
        Some(acc)
    }

    fn not_expr(&mut self) -> Option<Expr> {
        match self.word(&["not", "非"]) {
            Some(t) => {
                let inner = self.not_expr()?;
                Some(Expr { span: t.span.start..inner.span.end, kind: ExprKind::Not(Box::new(inner)) })
            }
            None => self.comparison(),
        }
    }

    fn comparison(&mut self) -> Option<Expr> {
        let lhs = self.sum()?;
        let Some(t) = self.peek() else { return Some(lhs) };
        let word = if t.kind == TokenKind::Word { self.text_of(t) } else { "" };
        let cmp = if t.kind == TokenKind::Op { cmp_op(self.text_of(t)) } else { cmp_op(word) };
        let lhs = Box::new(lhs);
        let start = lhs.span.start;
        let kind = if let Some(op) = cmp {
            self.bump();
            ExprKind::Binary(op, lhs, Box::new(self.sum()?))
        } else {
            match word {
                "不是" => {
                    self.bump();
                    self.is_tail(lhs, true)?
                }
                "is" | "是" => {
                    self.bump();
                    let negated = self.word(&["not", "非"]).is_some();
                    self.is_tail(lhs, negated)?
                }
                "为空" | "不为空" => {
                    self.bump();
                    ExprKind::Present(lhs, word == "不为空")
                }
                "不属于" => {
                    self.bump();
                    ExprKind::In(lhs, true, self.list()?)
                }
                "not" | "非" => {
                    self.bump();
                    self.word(&["in", "属于"])?;
                    ExprKind::In(lhs, true, self.list()?)
                }
                "in" | "属于" => {
                    self.bump();
                    ExprKind::In(lhs, false, self.list()?)
                }
                "contains" | "包含" => {
                    self.bump();
                    ExprKind::Contains(lhs, self.string()?)
                }
                "starts" | "开头是" => {
                    self.bump();
                    if word == "starts" {
                        self.word(&["with"])?;
                    }
                    ExprKind::StartsWith(lhs, self.string()?)
                }
                "between" | "介于" => {
                    self.bump();
                    let low = self.sum()?;
                    self.word(&["and", "和"])?;
                    ExprKind::Between(lhs, Box::new(low), Box::new(self.sum()?))
                }
                "within" => {
                    self.bump();
                    let t = self.word(&["next", "last"])?;
                    let test = if self.text_of(t) == "next" { TimeTest::WithinNext } else { TimeTest::WithinLast };
                    ExprKind::Time(test, lhs, Box::new(self.sum()?))
                }
                "before" | "after" => {
                    self.bump();
                    let test = if word == "before" { TimeTest::Before } else { TimeTest::After };
                    ExprKind::Time(test, lhs, Box::new(self.sum()?))
                }
                _ => return Some(*lhs),
            }
        };
        Some(Expr { kind, span: start..self.end() })
    }

    /// After `is` or `is not`: `missing`, `present` or a member.
    fn is_tail(&mut self, lhs: Box<Expr>, negated: bool) -> Option<ExprKind> {
        if self.word(&["missing"]).is_some() {
            return Some(ExprKind::Present(lhs, negated));
        }
        if self.word(&["present"]).is_some() {
            return Some(ExprKind::Present(lhs, !negated));
        }
        Some(ExprKind::Is(lhs, negated, self.name()?))
    }

    /// `[a, b]` or `a、b`.
    fn list(&mut self) -> Option<Vec<Expr>> {
        let mut items = Vec::new();
        if self.open(Bracket::Square).is_some() {
            while self.close(Bracket::Square).is_none() {
                items.push(self.list_item()?);
                if self.at_comma() || self.at_enum_comma() {
                    self.bump();
                }
            }
            return Some(items);
        }
        items.push(self.list_item()?);
        while self.at_enum_comma() && self.peek2().is_some_and(|t| self.starts_list_item(t)) {
            self.bump();
            items.push(self.list_item()?);
        }
        Some(items)
    }

    /// Whether the grammar's `list_item` reads something at `t`.
    fn starts_list_item(&self, t: &Token) -> bool {
        match t.kind {
            TokenKind::Text | TokenKind::QuotedName => true,
            TokenKind::Number => {
                [Form::Date, Form::Money, Form::Number].iter().any(|f| form_len(*f, self.text_of(t)).is_some())
            }
            TokenKind::Op => self.text_of(t) == "-",
            TokenKind::Word => self.is_name(Some(t)),
            _ => false,
        }
    }

    fn list_item(&mut self) -> Option<Expr> {
        let t = self.peek()?;
        match t.kind {
            TokenKind::Text => {
                let s = self.string()?;
                Some(Expr { kind: ExprKind::Lit(Lit::Text(s.text)), span: s.span })
            }
            TokenKind::Number => self.number(&[Form::Date, Form::Money, Form::Number]),
            TokenKind::Op if self.text_of(t) == "-" => {
                self.bump();
                let n = self.number(&[Form::Money, Form::Number])?;
                Some(Expr { span: t.span.start..n.span.end, kind: ExprKind::Neg(Box::new(n)) })
            }
            _ => {
                let name = self.name()?;
                Some(Expr { span: name.span.clone(), kind: ExprKind::Name(name) })
            }
        }
    }

    /// A number token read as the first of `forms` the grammar would try that matches it; the
    /// token must be that form whole.
    fn number(&mut self, forms: &[Form]) -> Option<Expr> {
        let t = self.kind(TokenKind::Number)?;
        let raw = self.text_of(t);
        let form = whole(raw, forms)?;
        Some(Expr { kind: ExprKind::Lit(literal(form, raw)), span: t.span.clone() })
    }

    fn sum(&mut self) -> Option<Expr> {
        let mut acc = self.product()?;
        loop {
            let op = match self.peek() {
                Some(t) if t.kind == TokenKind::Op && matches!(self.text_of(t), "+" | "-") => self.text_of(t),
                _ => break,
            };
            if !self.peek2().is_some_and(|t| self.starts_unary(t)) {
                break;
            }
            // In a group a `-` on a new line (or after a comment) starts the next member.
            if self.in_group && op == "-" && self.gap().iter().any(|t| t.kind != TokenKind::Space) {
                break;
            }
            self.bump();
            let rhs = self.product()?;
            acc = binary(if op == "+" { BinOp::Add } else { BinOp::Sub }, acc, rhs);
        }
        Some(acc)
    }

    fn product(&mut self) -> Option<Expr> {
        let mut acc = self.unary()?;
        // An operator with no value after it is left where it is, as the grammar leaves it: `*`
        // on the next line is a transition from any stage.
        while self.at_op(&["*", "/", "×", "÷"]) && self.peek2().is_some_and(|t| self.starts_unary(t)) {
            let t = self.bump();
            let op = if matches!(self.text_of(t), "*" | "×") { BinOp::Mul } else { BinOp::Div };
            acc = binary(op, acc, self.unary()?);
        }
        Some(acc)
    }

    fn unary(&mut self) -> Option<Expr> {
        match self.op(&["-"]) {
            Some(t) => {
                let atom = self.atom()?;
                Some(Expr { span: t.span.start..atom.span.end, kind: ExprKind::Neg(Box::new(atom)) })
            }
            None => self.atom(),
        }
    }

    fn atom(&mut self) -> Option<Expr> {
        let t = self.peek()?;
        let start = t.span.start;
        let lit = |kind, end| Some(Expr { kind: ExprKind::Lit(kind), span: start..end });
        match t.kind {
            TokenKind::Number => {
                let raw = self.text_of(t);
                if form_len(Form::Date, raw).is_none() && form_len(Form::NumberPlain, raw) == Some(raw.len()) {
                    if let Some(e) = self.duration()? {
                        return Some(e);
                    }
                }
                self.number(&[Form::Date, Form::Money, Form::Number])
            }
            TokenKind::Text => {
                let s = self.string()?;
                lit(Lit::Text(s.text), s.span.end)
            }
            TokenKind::QuotedName => {
                let name = self.name()?;
                Some(Expr { span: name.span.clone(), kind: ExprKind::Name(name) })
            }
            TokenKind::Open(Bracket::Paren) => {
                self.bump();
                let inner = self.expr()?;
                let close = self.close(Bracket::Paren)?;
                Some(Expr { kind: ExprKind::Paren(Box::new(inner)), span: start..close.span.end })
            }
            TokenKind::Word => {
                let word = self.text_of(t);
                match word {
                    "all" | "全部" | "any" | "任一" | "at" | "至少" => self.group(),
                    "days" => {
                        self.bump();
                        let since = self.word(&["since", "until"])?;
                        let inner = Box::new(self.unary()?);
                        let kind = match self.text_of(since) {
                            "since" => ExprKind::DaysSince(inner),
                            _ => ExprKind::DaysUntil(inner),
                        };
                        Some(Expr { kind, span: start..self.end() })
                    }
                    "半年" => {
                        self.bump();
                        lit(literal(Form::Duration, word), t.span.end)
                    }
                    "true" | "false" | "是" | "否" => {
                        self.bump();
                        lit(literal(Form::Bool, word), t.span.end)
                    }
                    "today" => {
                        self.bump();
                        lit(Lit::Today, t.span.end)
                    }
                    _ => {
                        let name = self.name()?;
                        let glued = self.gap().is_empty();
                        if glued && !name.quoted && self.at_kind(TokenKind::Open(Bracket::Paren)) {
                            self.bump();
                            let arg = self.expr()?;
                            let close = self.close(Bracket::Paren)?;
                            let kind = ExprKind::Call(name, Box::new(arg));
                            return Some(Expr { kind, span: start..close.span.end });
                        }
                        Some(Expr { span: name.span.clone(), kind: ExprKind::Name(name) })
                    }
                }
            }
            _ => None,
        }
    }

    /// `60 days`, `2 个月`, `1年`: a plain number, spaces or tabs, a unit of time. `Some(None)`
    /// when no unit follows (the number stands alone); `None` when the word after it starts with
    /// a Chinese unit but is more than the unit (the grammar reads the two apart).
    fn duration(&mut self) -> Option<Option<Expr>> {
        let t = self.tokens[self.next].clone();
        let Some(after) = self.tokens[self.next + 1..].iter().position(|t| t.kind != TokenKind::Space) else {
            return Some(None);
        };
        let after = self.next + 1 + after;
        let gap = &self.tokens[self.next + 1..after];
        let unit = &self.tokens[after];
        if unit.kind != TokenKind::Word {
            return Some(None);
        }
        let word = self.text_of(unit);
        let units = ["days", "day", "weeks", "week", "months", "month", "years", "year", "天", "周", "个月", "年"];
        let spaces = gap.iter().all(|g| self.text_of(g).chars().all(|c| matches!(c, ' ' | '\t')));
        if units.contains(&word) && spaces {
            self.bump();
            self.bump();
            let span = t.span.start..unit.span.end;
            return Some(Some(Expr { kind: ExprKind::Lit(literal(Form::Duration, &self.text[span.clone()])), span }));
        }
        if ["天", "周", "个月", "年"].iter().any(|u| word.starts_with(u)) {
            return None;
        }
        Some(None)
    }

    /// `all { … }`, `any { … }`, `at least N of { … }`, `至少 N 项 { … }`.
    fn group(&mut self) -> Option<Expr> {
        let first = self.bump();
        let start = first.span.start;
        let kind = match self.text_of(first) {
            "all" | "全部" => GroupKind::All,
            "any" | "任一" => GroupKind::Any,
            w => {
                if w == "at" {
                    let only_space = self.gap().iter().all(|t| matches!(t.kind, TokenKind::Space | TokenKind::Newline));
                    if self.gap().is_empty() || !only_space {
                        return None;
                    }
                    self.word(&["least"])?;
                }
                let n = self.kind(TokenKind::Number)?;
                let raw = self.text_of(n);
                whole(raw, &[Form::NumberPlain])?;
                self.word(&["of", "项"])?;
                GroupKind::AtLeast(at_least_count(raw))
            }
        };
        self.open(Bracket::Brace)?;
        let outer = std::mem::replace(&mut self.in_group, true);
        let mut members = Vec::new();
        while !self.at_close(Bracket::Brace) {
            members.push(self.expr()?);
            if self.at_comma() {
                self.bump();
            }
        }
        self.in_group = outer;
        let close = self.bump();
        Some(Expr { kind: ExprKind::Group(kind, members), span: start..close.span.end })
    }
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.start..rhs.span.end;
    Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span }
}

fn cmp_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "=" | "＝" | "等于" => BinOp::Eq,
        "!=" | "≠" | "不等于" => BinOp::Ne,
        "<" | "＜" | "小于" => BinOp::Lt,
        "<=" | "≤" | "小于等于" => BinOp::Le,
        ">" | "＞" | "大于" => BinOp::Gt,
        ">=" | "≥" | "大于等于" => BinOp::Ge,
        _ => return None,
    })
}

/// The first of `forms` that reads a start of `raw`, as the grammar's ordered choice takes it;
/// `None` unless it reads all of `raw`.
fn whole(raw: &str, forms: &[Form]) -> Option<Form> {
    let (form, len) = forms.iter().find_map(|&f| form_len(f, raw).map(|n| (f, n)))?;
    (len == raw.len()).then_some(form)
}
