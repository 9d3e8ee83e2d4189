//! Top-level declarations: one per paragraph, two-space indentation inside braces, field types and
//! rule labels aligned in columns.

use super::expr::{quote, Breaks};
use super::layout::width;
use super::Fmt;
use crate::syntax::ast::*;
use crate::syntax::keywords::Kw;

impl Fmt<'_, '_> {
    /// Prints the declaration that starts at `start`; returns the offset where it ends.
    pub fn item(&mut self, item: &Item, start: usize) -> usize {
        let first = self.out.lines.len();
        let end = self.item_lines(item, start);
        if self.out.lines.len() == first + 1
            && matches!(item, Item::Title(_) | Item::Use(_) | Item::Missing(_) | Item::Let(_) | Item::Score(_))
        {
            self.out.lines[first].joinable = true;
        }
        end
    }

    fn item_lines(&mut self, item: &Item, start: usize) -> usize {
        match item {
            // Only a file with syntax errors has broken items, and fmt does not print those.
            Item::Broken(n) => n.span.end,
            Item::Title(s) | Item::Use(s) => {
                let word = if matches!(item, Item::Title(_)) { "ladder" } else { "use" };
                self.line(0, start..s.span.end, &format!("{word} {}", quote(&s.text)));
                s.span.end
            }
            Item::Missing(markers) => {
                let end = markers.last().map_or(start, |m| m.span.end);
                let list: Vec<String> = markers.iter().map(|m| quote(&m.text)).collect();
                self.line(0, start..end, &format!("missing {}", list.join(", ")));
                end
            }
            Item::Fields(fields) => self.fields(fields, start),
            Item::Let(b) | Item::Score(b) => {
                let word = if matches!(item, Item::Let(_)) { "let" } else { "score" };
                let prefix = format!("{word} {} = ", self.p.name(&b.name));
                self.out.open(0, start);
                self.out.mark_item();
                self.cond(&prefix, &b.expr, 0);
                self.out.end(b.span.end);
                b.span.end
            }
            Item::Grades(g) => self.grades(g, start),
            Item::Transitions(t) => self.transitions(t, start),
            Item::Example(e) => self.example(e, start),
        }
    }

    /// A line of its own.
    fn line(&mut self, indent: usize, src: Span, text: &str) {
        self.out.open(indent, src.start);
        if indent == 0 {
            self.out.mark_item();
        }
        self.out.push(text);
        self.out.end(src.end);
    }

    /// `head {`, the body, `}`; or `head {}` when the block holds nothing.
    fn block(
        &mut self,
        indent: usize,
        head: &str,
        span: Span,
        brace: usize,
        empty: bool,
        body: impl FnOnce(&mut Self),
    ) {
        let close = self.p.src.last_char(&span);
        if empty && !self.p.src.has_comment(&(brace..close)) {
            return self.line(indent, span, &format!("{head} {{}}"));
        }
        self.line(indent, span.start..self.p.src.after(brace), &format!("{head} {{"));
        body(self);
        self.out.open(indent, close);
        self.out.mark_closes();
        self.out.push("}");
        self.out.end(span.end);
    }

    /// Prints `prefix` and the expression onto the current line, breaking its groups if need be.
    fn cond(&mut self, prefix: &str, e: &Expr, suffix: usize) {
        let indent = self.out.indent();
        let mut brk = Breaks::new();
        let flat = indent + width(prefix) + width(&self.p.flat(e)) + suffix;
        self.p.plan(e, flat, indent, &mut brk);
        self.out.push(prefix);
        self.p.expr(e, &mut self.out, &brk);
    }

    fn next_code(&self, pos: usize, commas: bool) -> usize {
        self.p.src.next_code(pos, commas).map_or(pos, |(p, _)| p)
    }

    fn fields(&mut self, fields: &[FieldDecl], start: usize) -> usize {
        let brace = self.next_code(start + "fields".len(), false);
        let close = self.next_code(fields.last().map_or(self.p.src.after(brace), |f| f.span.end), true);
        let end = self.p.src.after(close);
        let names: Vec<String> = fields.iter().map(|f| format!("{}:", self.p.name(&f.name))).collect();
        let column = names.iter().map(|n| width(n)).max().unwrap_or(0) + 1;
        self.block(0, "fields", start..end, brace, fields.is_empty(), |me| {
            for (f, name) in fields.iter().zip(&names) {
                let pad = " ".repeat(column - width(name));
                let text = format!("{name}{pad}{}", me.field_rest(f));
                me.line(2, f.span.clone(), &text);
            }
        });
        end
    }

    /// A field's type and options.
    fn field_rest(&self, f: &FieldDecl) -> String {
        let typed = self.p.src.code(&(f.name.span.end..f.span.end));
        let typed = typed.trim_start().trim_start_matches([':', '：']).trim_start();
        let mut s = match &f.ty {
            TypeExpr::OneOf(members) => {
                format!("one of {}", members.iter().map(|m| self.p.name(m)).collect::<Vec<_>>().join(", "))
            }
            TypeExpr::Grade(l) => format!("grade {}", self.p.name(l)),
            ty => {
                let (en, cn) = match ty {
                    TypeExpr::Text => ("text", "文本"),
                    TypeExpr::Number => ("number", "数字"),
                    TypeExpr::Money => ("money", "金额"),
                    TypeExpr::Bool => ("bool", "是否"),
                    TypeExpr::Date | TypeExpr::OneOf(_) | TypeExpr::Grade(_) => ("date", "日期"),
                };
                (if typed.starts_with(cn) { cn } else { en }).to_string()
            }
        };
        if f.key {
            s.push_str(" key");
        }
        if f.required {
            s.push_str(" required");
        }
        if let Some(c) = &f.column {
            s.push_str(&format!(" column {}", quote(&c.text)));
        }
        s
    }

    fn grades(&mut self, g: &LadderDecl, start: usize) -> usize {
        let brace = self.p.src.open_brace(&(g.name.span.end..g.span.end));
        let levels: Vec<String> = g.rules.iter().map(|r| self.p.name(&r.level)).collect();
        let labels: Vec<String> =
            g.rules.iter().map(|r| r.label.as_ref().map_or(String::new(), |l| quote(&l.text))).collect();
        let level_w = levels.iter().map(|l| width(l)).max().unwrap_or(0);
        let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(0);
        let head = format!("grades {}", self.p.name(&g.name));
        self.block(0, &head, start..g.span.end, brace, g.rules.is_empty(), |me| {
            for ((r, level), label) in g.rules.iter().zip(&levels).zip(&labels) {
                let mut prefix = format!("{level}{}", " ".repeat(level_w - width(level)));
                if label_w > 0 {
                    prefix.push_str(&format!(" {label}{}", " ".repeat(label_w - width(label))));
                }
                me.grade_rule(r, prefix);
            }
        });
        g.span.end
    }

    fn grade_rule(&mut self, r: &RuleDecl, mut prefix: String) {
        let after = r.label.as_ref().map_or(r.level.span.end, |l| l.span.end);
        let rest = r.cond.as_ref().map_or(after, |c| c.span.end)..r.span.end;
        let brace = (!r.outputs.is_empty()).then(|| self.p.src.open_brace(&rest));
        let kw_end = r.cond.as_ref().map_or(brace.unwrap_or(r.span.end), |c| c.span.start);
        prefix.push_str(&match &r.cond {
            Some(_) => format!(" {} ", self.p.spell(after..kw_end, Kw::If)),
            None => format!(" {}", self.p.spell(after..kw_end, Kw::Otherwise)),
        });
        let outputs = self.outputs(&r.outputs);
        self.out.open(2, r.span.start);
        match &r.cond {
            Some(c) => self.cond(&prefix, c, if brace.is_some() { 2 } else { 0 }),
            None => self.out.push(&prefix),
        }
        let Some(brace) = brace else { return self.out.end(r.span.end) };
        let close = self.next_code(r.outputs.last().map_or(brace, |(_, v)| v.span.end), true);
        let fits = self.out.width() + 1 + width(&outputs) <= super::layout::WIDTH;
        if fits && !self.p.src.has_comment(&(brace..close)) {
            self.out.push(&format!(" {outputs}"));
            return self.out.end(r.span.end);
        }
        self.out.push(" {");
        self.out.end(self.p.src.after(brace));
        for (n, v) in &r.outputs {
            self.line(4, n.span.start..v.span.end, &format!("{}: {}", self.p.name(n), self.value(v)));
        }
        self.out.open(2, close);
        self.out.mark_closes();
        self.out.push("}");
        self.out.end(r.span.end);
    }

    /// `{ a: "x", b: 5 }`.
    fn outputs(&self, outputs: &[(Name, Str)]) -> String {
        let items: Vec<String> =
            outputs.iter().map(|(n, v)| format!("{}: {}", self.p.name(n), self.value(v))).collect();
        format!("{{ {} }}", items.join(", "))
    }

    /// A text in quotes if it was written in quotes, else as typed.
    fn value(&self, v: &Str) -> String {
        if self.p.is_string(&v.span) {
            quote(&v.text)
        } else if v.text.is_empty() {
            "\"\"".to_string()
        } else {
            v.text.clone()
        }
    }

    fn transitions(&mut self, t: &TransitionsDecl, start: usize) -> usize {
        let brace = self.p.src.open_brace(&(t.field.span.end..t.span.end));
        let head = format!("transitions {} from {}", self.p.name(&t.name), self.p.name(&t.field));
        let mut finals = self.finals(t, self.p.src.after(brace)).into_iter().peekable();
        let empty = t.rules.is_empty() && t.finals.is_empty();
        self.block(0, &head, start..t.span.end, brace, empty, |me| {
            for r in &t.rules {
                while let Some((span, text)) = finals.next_if(|(s, _)| s.start < r.span.start) {
                    me.line(2, span, &text);
                }
                me.transition(r);
            }
            for (span, text) in finals {
                me.line(2, span, &text);
            }
        });
        t.span.end
    }

    /// The `final` lines as written, each with the source it spans (from its `final`).
    fn finals(&self, t: &TransitionsDecl, body: usize) -> Vec<(Span, String)> {
        let mut groups: Vec<Vec<&Name>> = Vec::new();
        for (i, n) in t.finals.iter().enumerate() {
            let listed =
                i > 0 && matches!(self.p.src.code(&(t.finals[i - 1].span.end..n.span.start)).trim(), "," | "，");
            match groups.last_mut() {
                Some(g) if listed => g.push(n),
                _ => groups.push(vec![n]),
            }
        }
        let mut lines: Vec<(Span, String)> = Vec::new();
        for g in groups {
            let first = g[0].span.start;
            let rules = t.rules.iter().map(|r| r.span.end).filter(|&e| e <= first);
            let previous = rules.chain(lines.iter().map(|(s, _)| s.end)).max().unwrap_or(body);
            let names: Vec<String> = g.iter().map(|n| self.p.name(n)).collect();
            let end = g.last().map_or(first, |n| n.span.end);
            lines.push((self.next_code(previous, false)..end, format!("final {}", names.join(", "))));
        }
        lines
    }

    fn transition(&mut self, r: &TransitionDecl) {
        let from: Vec<String> = r.from.iter().map(|f| f.as_ref().map_or("*".to_string(), |n| self.p.name(n))).collect();
        let kw_end = r.cond.as_ref().map_or(r.span.end, |c| c.span.start);
        let words = r.to.span.end..kw_end;
        let kw = match &r.cond {
            Some(_) => format!(" {} ", self.p.spell(words, Kw::If)),
            None => format!(" {}", self.p.spell(words, Kw::Otherwise)),
        };
        let prefix = format!("{} -> {}{kw}", from.join(", "), self.p.name(&r.to));
        self.out.open(2, r.span.start);
        match &r.cond {
            Some(c) => self.cond(&prefix, c, 0),
            None => self.out.push(&prefix),
        }
        self.out.end(r.span.end);
    }

    fn example(&mut self, e: &ExampleDecl, start: usize) -> usize {
        let src = self.p.src;
        let brace = src.open_brace(&(e.name.span.end..e.span.end));
        let given_kw = self.next_code(src.after(brace), false);
        let given_brace = self.next_code(given_kw + "given".len(), false);
        let given_close = self.next_code(e.given.last().map_or(src.after(given_brace), |(_, v)| v.span.end), true);
        let expect_kw = self.next_code(src.after(given_close), false);
        let head = format!("example {}", quote(&e.name.text));
        self.block(0, &head, start..e.span.end, brace, false, |me| {
            let values: Vec<String> =
                e.given.iter().map(|(n, v)| format!("{}: {}", me.p.name(n), me.value(v))).collect();
            let span = given_kw..src.after(given_close);
            let flat = format!("given {{ {} }}", values.join(", "));
            let one_line = !src.slice(&span).contains('\n');
            if e.given.is_empty() || one_line && 2 + width(&flat) <= super::layout::WIDTH {
                me.line(2, span, if e.given.is_empty() { "given {}" } else { &flat });
            } else {
                let lines = me.given_lines(&e.given, &values);
                me.block(2, "given", span, given_brace, false, |me| {
                    for (span, text) in lines {
                        me.line(4, span, &text);
                    }
                });
            }
            me.expect(e, expect_kw);
        });
        e.span.end
    }

    /// The lines of a multi-line `given` block: the values written on one source line stay on
    /// one line, `, ` between them, as many as fit in the width (indented four); each line with
    /// the source it spans.
    fn given_lines(&self, given: &[(Name, Str)], values: &[String]) -> Vec<(Span, String)> {
        let mut lines: Vec<(Span, String)> = Vec::new();
        for (i, ((n, v), text)) in given.iter().zip(values).enumerate() {
            let same_line = i > 0 && !self.p.src.slice(&(given[i - 1].1.span.end..n.span.start)).contains('\n');
            match lines.last_mut() {
                Some((span, line)) if same_line && 4 + width(line) + 2 + width(text) <= super::layout::WIDTH => {
                    line.push_str(", ");
                    line.push_str(text);
                    span.end = v.span.end;
                }
                _ => lines.push((n.span.start..v.span.end, text.clone())),
            }
        }
        lines
    }

    fn expect(&mut self, e: &ExampleDecl, start: usize) {
        let items: Vec<String> = e
            .expect
            .iter()
            .map(|(l, v)| {
                format!("{} = {}", self.p.name(l), v.as_ref().map_or("missing".to_string(), |n| self.p.name(n)))
            })
            .collect();
        let end = match e.expect.last() {
            Some((_, Some(level))) => level.span.end,
            Some((ladder, None)) => {
                let eq = self.next_code(ladder.span.end, false);
                self.next_code(self.p.src.after(eq), false) + "missing".len()
            }
            None => start,
        };
        self.line(2, start..end, &format!("expect {}", items.join(", ")));
    }
}
