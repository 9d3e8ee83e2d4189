//! Pest pairs → syntax tree: every node gets its byte span in the file. Expressions are built
//! in `expr`.

mod expr;

use super::ast::*;
use super::parse::Rule;
use crate::cell;
use pest::iterators::Pair;

/// Turns pest pairs into syntax nodes, shifting spans by the declaration's offset in the file.
pub(crate) struct Builder {
    pub base: usize,
}

/// The meaningful children of a pair: punctuation and declaration words dropped.
pub(super) fn kids(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_noise(p.as_rule()))
}

fn is_noise(rule: Rule) -> bool {
    use Rule::*;
    matches!(
        rule,
        colon
            | eq_sign
            | lbrace
            | rbrace
            | lparen
            | rparen
            | lbracket
            | rbracket
            | arrow
            | k_ladder
            | k_use
            | k_missing
            | k_fields
            | k_let
            | k_score
            | k_grades
            | k_transitions
            | k_from
            | k_example
            | k_given
            | k_expect
            | k_contains
            | k_starts
            | k_with
            | k_starts_with
            | k_within
            | k_before
            | k_after
            | k_days
            | k_since
            | k_until
            | k_one
            | k_of
            | k_grade
            | k_column
            | k_final
    )
}

impl Builder {
    /// The pair's span, without the whitespace and comments pest lets a rule swallow after its
    /// last part (so `x > 30` followed by a new line underlines `x > 30` only).
    pub(super) fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        self.base + pair.as_span().start()..self.base + content_end(pair)
    }

    pub(super) fn item(&self, pair: Pair<'_, Rule>) -> Item {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::ladder_item => Item::Title(self.string(first(pair))),
            Rule::use_item => Item::Use(self.string(first(pair))),
            Rule::missing_item => Item::Missing(kids(pair).map(|s| self.string(s)).collect()),
            Rule::fields_item => Item::Fields(kids(pair).map(|f| self.field(f)).collect()),
            Rule::let_item => Item::Let(self.binding(pair, span)),
            Rule::score_item => Item::Score(self.binding(pair, span)),
            Rule::grades_item => {
                let mut it = kids(pair);
                let name = self.name(it.next().expect("ladder name"));
                let rules = it.map(|r| self.grade_rule(r)).collect();
                Item::Grades(LadderDecl { name, rules, span })
            }
            Rule::transitions_item => Item::Transitions(self.transitions(pair, span)),
            Rule::example_item => Item::Example(self.example(pair, span)),
            r => unreachable!("not a declaration: {r:?}"),
        }
    }

    fn binding(&self, pair: Pair<'_, Rule>, span: Span) -> Binding {
        let mut it = kids(pair);
        let name = self.name(it.next().expect("binding name"));
        let expr = self.expr(it.next().expect("binding expr"));
        Binding { name, expr, span }
    }

    pub(super) fn field(&self, pair: Pair<'_, Rule>) -> FieldDecl {
        let span = self.span(&pair);
        let mut it = kids(pair);
        let name = self.name(it.next().expect("field name"));
        let ty_pair = first(it.next().expect("field type"));
        let ty = match ty_pair.as_rule() {
            Rule::one_of_type => TypeExpr::OneOf(kids(ty_pair).map(|m| self.name_or_string(first(m))).collect()),
            Rule::grade_type => TypeExpr::Grade(self.name(first(ty_pair))),
            _ => match ty_pair.as_str() {
                "text" | "文本" => TypeExpr::Text,
                "number" | "数字" => TypeExpr::Number,
                "money" | "金额" => TypeExpr::Money,
                "bool" | "是否" => TypeExpr::Bool,
                _ => TypeExpr::Date,
            },
        };
        let mut field = FieldDecl { name, ty, key: false, required: false, column: None, span };
        for opt in it.filter(|p| p.as_rule() == Rule::field_option) {
            let opt = first(opt);
            match opt.as_rule() {
                Rule::key_opt => field.key = true,
                Rule::required_opt => field.required = true,
                _ => field.column = Some(self.string(first(opt))),
            }
        }
        field
    }

    pub(super) fn grade_rule(&self, pair: Pair<'_, Rule>) -> RuleDecl {
        let span = self.span(&pair);
        let mut rule = RuleDecl { level: self.placeholder(), label: None, cond: None, outputs: vec![], span };
        let mut expect_cond = false;
        for p in kids(pair) {
            match p.as_rule() {
                Rule::plain_name | Rule::quoted_name => rule.level = self.name(p),
                Rule::string => rule.label = Some(self.string(p)),
                Rule::kw_if => expect_cond = true,
                Rule::expr if expect_cond => rule.cond = Some(self.expr(p)),
                Rule::outputs => rule.outputs = kids(p).map(|o| self.output(o)).collect(),
                _ => {}
            }
        }
        rule
    }

    fn output(&self, pair: Pair<'_, Rule>) -> (Name, Str) {
        let mut it = kids(pair);
        let name = self.name(it.next().expect("output name"));
        let value = it.next().expect("output value");
        let text = match value.as_rule() {
            Rule::string => self.string(value),
            _ => Str { text: value.as_str().to_string(), span: self.span(&value) },
        };
        (name, text)
    }

    fn transitions(&self, pair: Pair<'_, Rule>, span: Span) -> TransitionsDecl {
        let mut it = kids(pair);
        let name = self.name(it.next().expect("transitions name"));
        let field = self.name(it.next().expect("transitions field"));
        let mut decl = TransitionsDecl { name, field, rules: vec![], finals: vec![], span };
        for p in it {
            self.transition_member(&mut decl, p);
        }
        decl
    }

    /// Adds a `final` line or a move to the block.
    pub(super) fn transition_member(&self, decl: &mut TransitionsDecl, p: Pair<'_, Rule>) {
        match p.as_rule() {
            Rule::final_decl => decl.finals.extend(kids(p).map(|n| self.name(n))),
            _ => decl.rules.push(self.transition(p)),
        }
    }

    fn transition(&self, pair: Pair<'_, Rule>) -> TransitionDecl {
        let span = self.span(&pair);
        let mut from = vec![];
        let mut from_span = span.start..span.start;
        let mut to = None;
        let mut cond = None;
        for p in kids(pair) {
            match p.as_rule() {
                Rule::stage_pattern => {
                    from_span.end = self.span(&p).end;
                    let inner = first(p);
                    from.push((inner.as_rule() != Rule::star).then(|| self.name(inner)));
                }
                Rule::plain_name | Rule::quoted_name => to = Some(self.name(p)),
                Rule::expr => cond = Some(self.expr(p)),
                _ => {}
            }
        }
        let to = to.unwrap_or_else(|| self.placeholder());
        TransitionDecl { from, from_span, to, cond, span }
    }

    fn example(&self, pair: Pair<'_, Rule>, span: Span) -> ExampleDecl {
        let mut it = kids(pair);
        let name = self.string(it.next().expect("example name"));
        let given = kids(it.next().expect("given"))
            .map(|g| {
                let mut gi = kids(g);
                let field = self.name(gi.next().expect("given field"));
                let raw = first(gi.next().expect("given value"));
                let value = match raw.as_rule() {
                    Rule::string => self.string(raw),
                    _ => {
                        let s = self.span(&raw);
                        let text = raw.as_str();
                        let trimmed = text.trim_end();
                        Str { text: trimmed.to_string(), span: s.start..s.start + trimmed.len() }
                    }
                };
                (field, value)
            })
            .collect();
        let expect = kids(it.next().expect("expect"))
            .map(|e| {
                let mut ei = kids(e);
                let ladder = self.name(ei.next().expect("ladder"));
                let level = ei.next().filter(|p| p.as_rule() != Rule::kw_missing).map(|p| self.name(p));
                (ladder, level)
            })
            .collect();
        ExampleDecl { name, given, expect, span }
    }

    fn placeholder(&self) -> Name {
        Name { text: String::new(), span: self.base..self.base, quoted: false }
    }

    pub(super) fn name(&self, pair: Pair<'_, Rule>) -> Name {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::quoted_name => {
                let inner = first(pair);
                Name { text: inner.as_str().to_string(), span, quoted: true }
            }
            _ => Name { text: pair.as_str().to_string(), span, quoted: false },
        }
    }

    fn name_or_string(&self, pair: Pair<'_, Rule>) -> Name {
        match pair.as_rule() {
            Rule::string => {
                let s = self.string(pair);
                Name { text: s.text, span: s.span, quoted: true }
            }
            _ => self.name(pair),
        }
    }

    pub(super) fn string(&self, pair: Pair<'_, Rule>) -> Str {
        let span = self.span(&pair);
        let inner = first(pair);
        let text = match inner.as_rule() {
            Rule::string_inner => unescape(inner.as_str()),
            _ => inner.as_str().to_string(),
        };
        Str { text, span }
    }
}

/// Where the pair's own text ends: the end of its last part, or its own end for tokens and for
/// quoted texts and names (whose closing quote is not a part).
fn content_end(pair: &Pair<'_, Rule>) -> usize {
    if matches!(pair.as_rule(), Rule::string | Rule::quoted_name | Rule::raw_value) {
        return pair.as_span().end();
    }
    match pair.clone().into_inner().last() {
        Some(last) => content_end(&last),
        None => pair.as_span().end(),
    }
}

pub(super) fn first(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    kids(pair).next().expect("rule has an inner part")
}

fn literal_number(text: &str) -> Option<rust_decimal::Decimal> {
    // A rule may write thousands as `5千`, which data cells do not take: read it as `5e3`.
    cell::parse_number(&text.replacen('千', "e3", 1)).ok().flatten()
}

pub use super::lex::Form;

/// The value of a literal the grammar reads as `form`, written `text`.
pub(super) fn literal(form: Form, text: &str) -> Lit {
    match form {
        Form::Number | Form::NumberPlain => Lit::Number(literal_number(text)),
        Form::Money => Lit::Money(literal_number(text)),
        Form::Date => match cell::parse_date(text).ok().flatten() {
            Some(d) => Lit::Date(d),
            None => Lit::BadDate(text.to_string()),
        },
        Form::Duration => {
            let d = cell::parse_duration(text).ok().flatten();
            Lit::Duration(d.unwrap_or(cell::Duration { amount: 0, unit: cell::DurationUnit::Days }))
        }
        Form::Bool => Lit::Bool(matches!(text, "true" | "是")),
    }
}

/// The `N` of `at least N of`, as written (`u32::MAX` when it is no count; the checker says so).
pub(super) fn at_least_count(text: &str) -> u32 {
    super::lex::ascii_digits(text).replace('_', "").parse().unwrap_or(u32::MAX)
}

pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}
