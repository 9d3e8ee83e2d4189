//! Expressions printed from the tree: ASCII operators, keywords in the language they were typed
//! in, literals as typed, and groups on one line or one member per line.

use super::layout::{width, Out, WIDTH};
use super::source::Source;
use crate::syntax::ast::{BinOp, Expr, ExprKind, GroupKind, Lit, Name, Span, TimeTest};
use crate::syntax::keywords::Kw;
use crate::syntax::lex::{ascii_digits, Bracket, TokenKind};
use std::collections::HashSet;

/// The groups to print one member per line, by the offset where each starts.
pub type Breaks = HashSet<usize>;

/// Prints names, literals and expressions of one source file.
pub struct Printer<'s, 'a> {
    pub src: &'s Source<'a>,
}

/// A text in ASCII quotes, with `"` and `\` escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Printer<'_, '_> {
    /// A name as written: in backticks when it was, as a quoted text when it was one.
    pub fn name(&self, n: &Name) -> String {
        if self.is_string(&n.span) {
            quote(&n.text)
        } else if n.quoted {
            format!("`{}`", n.text)
        } else {
            n.text.clone()
        }
    }

    /// Whether the source at `span` is a text in quotes.
    pub fn is_string(&self, span: &Span) -> bool {
        self.src.tokens.within(span).first().is_some_and(|t| t.kind == TokenKind::Text)
    }

    /// The keyword as typed in `span`: its Chinese spelling when a token there is that, else
    /// its English one.
    pub fn spell(&self, span: Span, kw: Kw) -> &'static str {
        let k = kw.entry();
        k.zh.filter(|zh| self.src.has_word(&span, zh)).unwrap_or(k.en)
    }

    /// A phrase as typed in `span`: the one Chinese word for all of it (`不是`) when that was
    /// typed, else each of its words as typed (`is not`, `是 非`).
    fn phrase(&self, span: Span, whole: Kw, words: &[Kw]) -> String {
        match whole.entry().zh.filter(|zh| self.src.has_word(&span, zh)) {
            Some(zh) => zh.to_string(),
            None => words.iter().map(|w| self.spell(span.clone(), *w)).collect::<Vec<_>>().join(" "),
        }
    }

    /// An expression on one line.
    pub fn flat(&self, e: &Expr) -> String {
        let mut out = Out::default();
        self.expr(e, &mut out, &Breaks::new());
        out.flat()
    }

    /// Chooses the groups of `e` to break, `e` being printed on a line `line` columns wide when
    /// flat, indented by `indent`: a group holding a comment, or written with a line break right
    /// after its `{` (or holding such a group), always; and every outermost group of a line that
    /// is too wide; then the same for each member line of a broken group.
    pub fn plan(&self, e: &Expr, line: usize, indent: usize, brk: &mut Breaks) {
        for g in outer_groups(e) {
            if line <= WIDTH && !self.src.has_comment(&g.span) && !self.written_broken(g) {
                continue;
            }
            brk.insert(g.span.start);
            let ExprKind::Group(_, members) = &g.kind else { continue };
            for (i, m) in members.iter().enumerate() {
                let comma = usize::from(self.needs_comma(members.get(i + 1)));
                self.plan(m, indent + 2 + width(&self.flat(m)) + comma, indent + 2, brk);
            }
        }
    }

    /// Whether `e` is, or holds, a group with members whose author broke the line right after
    /// its `{`. The printed multi-line form has that break too, so it stays multi-line.
    fn written_broken(&self, e: &Expr) -> bool {
        if let ExprKind::Group(_, members) = &e.kind {
            let open = self.src.after(self.src.open_brace(&e.span));
            let first = self.src.next_code(open, false).map_or(open, |(p, _)| p);
            if !members.is_empty() && self.src.code(&(open..first)).contains('\n') {
                return true;
            }
        }
        e.children().into_iter().any(|c| self.written_broken(c))
    }

    /// A member followed, on the next line, by one starting with a minus sign keeps its comma
    /// (`a` above `-b` would read as `a - b`).
    fn needs_comma(&self, next: Option<&Expr>) -> bool {
        next.is_some_and(|n| self.flat(n).starts_with('-'))
    }

    /// Prints `e` onto the current line of `out`, breaking the groups in `brk`.
    pub fn expr(&self, e: &Expr, out: &mut Out, brk: &Breaks) {
        use ExprKind::*;
        match &e.kind {
            Lit(lit) => out.push(&self.lit(lit, &e.span)),
            Name(n) => out.push(&self.name(n)),
            Call(n, arg) => {
                out.push(&self.name(n));
                out.push("(");
                self.expr(arg, out, brk);
                out.push(")");
            }
            Paren(inner) => {
                out.push("(");
                self.expr(inner, out, brk);
                out.push(")");
            }
            Neg(inner) => {
                out.push("-");
                self.expr(inner, out, brk);
            }
            Not(inner) => {
                out.push(self.spell(e.span.start..inner.span.start, Kw::Not));
                out.push(" ");
                self.expr(inner, out, brk);
            }
            Binary(op, a, b) => {
                self.expr(a, out, brk);
                out.push(&format!(" {} ", self.op(*op, a.span.end..b.span.start)));
                self.expr(b, out, brk);
            }
            Is(x, negated, member) => {
                self.expr(x, out, brk);
                let between = x.span.end..member.span.start;
                let is = match negated {
                    true => self.phrase(between, Kw::IsNot, &[Kw::Is, Kw::Not]),
                    false => self.spell(between, Kw::Is).to_string(),
                };
                out.push(&format!(" {is} {}", self.name(member)));
            }
            Present(x, present) => {
                self.expr(x, out, brk);
                let test = match present {
                    true => self.phrase(x.span.end..e.span.end, Kw::IsPresent, &[Kw::Is, Kw::Present]),
                    false => self.phrase(x.span.end..e.span.end, Kw::IsMissing, &[Kw::Is, Kw::Missing]),
                };
                out.push(&format!(" {test}"));
            }
            In(x, negated, list) => self.in_list(e, x, *negated, list, out, brk),
            Contains(x, s) | StartsWith(x, s) => {
                self.expr(x, out, brk);
                let words = x.span.end..s.span.start;
                let test = match &e.kind {
                    Contains(..) => self.spell(words, Kw::Contains).to_string(),
                    _ => self.phrase(words, Kw::StartsWith, &[Kw::Starts, Kw::With]),
                };
                out.push(&format!(" {test} {}", quote(&s.text)));
            }
            Between(x, low, high) => {
                self.expr(x, out, brk);
                out.push(&format!(" {} ", self.spell(x.span.end..low.span.start, Kw::Between)));
                self.expr(low, out, brk);
                out.push(&format!(" {} ", self.spell(low.span.end..high.span.start, Kw::BetweenAnd)));
                self.expr(high, out, brk);
            }
            Time(t, x, y) => {
                self.expr(x, out, brk);
                out.push(match t {
                    TimeTest::WithinNext => " within next ",
                    TimeTest::WithinLast => " within last ",
                    TimeTest::Before => " before ",
                    TimeTest::After => " after ",
                });
                self.expr(y, out, brk);
            }
            DaysSince(x) | DaysUntil(x) => {
                out.push(if matches!(e.kind, DaysSince(_)) { "days since " } else { "days until " });
                self.expr(x, out, brk);
            }
            Group(kind, members) => self.group(e, *kind, members, out, brk),
        }
    }

    fn op(&self, op: BinOp, between: Span) -> &'static str {
        match op {
            BinOp::And => self.spell(between, Kw::And),
            BinOp::Or => self.spell(between, Kw::Or),
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => self.spell(between, Kw::Eq),
            BinOp::Ne => self.spell(between, Kw::Ne),
            BinOp::Lt => self.spell(between, Kw::Lt),
            BinOp::Le => self.spell(between, Kw::Le),
            BinOp::Gt => self.spell(between, Kw::Gt),
            BinOp::Ge => self.spell(between, Kw::Ge),
        }
    }

    /// A literal as typed, except texts, which get ASCII quotes, and full-width digits, which
    /// become ASCII.
    fn lit(&self, lit: &Lit, span: &Span) -> String {
        let typed = ascii_digits(self.src.slice(span));
        match lit {
            Lit::Text(t) if self.is_string(span) => quote(t),
            Lit::Duration(_) => typed.split([' ', '\t']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "),
            Lit::Text(_)
            | Lit::Number(_)
            | Lit::Money(_)
            | Lit::Date(_)
            | Lit::Bool(_)
            | Lit::Today
            | Lit::BadDate(_) => typed,
        }
    }

    /// `X in [A, B]`, or without brackets as typed: `X 属于 A、B`.
    fn in_list(&self, e: &Expr, x: &Expr, negated: bool, list: &[Expr], out: &mut Out, brk: &Breaks) {
        self.expr(x, out, brk);
        let words = x.span.end..list.first().map_or(e.span.end, |i| i.span.start);
        let bracketed = self.src.tokens.within(&words).iter().any(|t| t.kind == TokenKind::Open(Bracket::Square));
        let test = match negated {
            true => self.phrase(words.clone(), Kw::NotIn, &[Kw::Not, Kw::In]),
            false => self.spell(words, Kw::In).to_string(),
        };
        out.push(&format!(" {test} {}", if bracketed { "[" } else { "" }));
        for (i, item) in list.iter().enumerate() {
            if i > 0 {
                out.push(if bracketed { ", " } else { "、" });
            }
            self.expr(item, out, brk);
        }
        if bracketed {
            out.push("]");
        }
    }

    fn group(&self, e: &Expr, kind: GroupKind, members: &[Expr], out: &mut Out, brk: &Breaks) {
        let brace = self.src.open_brace(&e.span);
        out.push(&self.group_head(kind, e.span.start..brace));
        if !brk.contains(&e.span.start) {
            let flat: Vec<String> = members.iter().map(|m| self.flat(m)).collect();
            out.push(&if flat.is_empty() { " {}".to_string() } else { format!(" {{ {} }}", flat.join(", ")) });
            return;
        }
        let indent = out.indent();
        out.push(" {");
        out.end(self.src.after(brace));
        for (i, m) in members.iter().enumerate() {
            out.open(indent + 2, m.span.start);
            self.expr(m, out, brk);
            if self.needs_comma(members.get(i + 1)) {
                out.push(",");
            }
            out.end(m.span.end);
        }
        out.open(indent, self.src.last_char(&e.span));
        out.mark_closes();
        out.push("}");
    }

    /// `all`, `any` or `at least N of`, each word in the language it was typed in.
    fn group_head(&self, kind: GroupKind, head: Span) -> String {
        match kind {
            GroupKind::All => self.spell(head, Kw::All).to_string(),
            GroupKind::Any => self.spell(head, Kw::Any).to_string(),
            GroupKind::AtLeast(n) => {
                let number = self.src.tokens.first(&head, TokenKind::Number);
                let n = number.map_or(n.to_string(), |t| ascii_digits(self.src.slice(&t.span)));
                format!("{} {n} {}", self.spell(head.clone(), Kw::AtLeast), self.spell(head, Kw::Of))
            }
        }
    }
}

/// The groups of `e` not inside another group of `e`.
fn outer_groups(e: &Expr) -> Vec<&Expr> {
    let mut groups = Vec::new();
    e.visit(&mut |x| {
        let group = matches!(x.kind, ExprKind::Group(..));
        if group {
            groups.push(x);
        }
        !group
    });
    groups
}
