//! Tab completion: commands, field names (Chinese included), lets, scores, levels, one-of
//! members, and file names after `:load` and `:data`; and whether typed input is still open.

use super::{said::Command, Session};
use crate::ir::FieldType;
use crate::syntax::keywords::Kw;
use crate::syntax::lex::{TokenKind, Tokens};

/// Words of the language offered in expressions, in both languages.
const KEYWORDS: [Kw; 29] = [
    Kw::And,
    Kw::Or,
    Kw::Not,
    Kw::Is,
    Kw::IsNot,
    Kw::In,
    Kw::NotIn,
    Kw::IsMissing,
    Kw::IsPresent,
    Kw::Contains,
    Kw::StartsWith,
    Kw::Between,
    Kw::Eq,
    Kw::Ne,
    Kw::Lt,
    Kw::Le,
    Kw::Gt,
    Kw::Ge,
    Kw::All,
    Kw::Any,
    Kw::AtLeast,
    Kw::Missing,
    Kw::Present,
    Kw::Within,
    Kw::Next,
    Kw::Last,
    Kw::Before,
    Kw::After,
    Kw::Today,
];

impl Session {
    /// Completions of `line` at byte offset `pos`: where the completed word starts, and the
    /// candidates that begin with what is typed of it.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos.min(line.len())];
        if before.starts_with(':') && !before.contains(char::is_whitespace) {
            let cmds = Command::ALL.iter().map(|c| c.name().to_string()).filter(|c| c.starts_with(':'));
            return (0, cmds.filter(|c| c.starts_with(before)).collect());
        }
        let start = word_start(before);
        let typed = &before[start..];
        let (command, arg) = match before.strip_prefix(':') {
            Some(c) => c.split_once(char::is_whitespace).map_or((c, ""), |(w, a)| (w, a.trim_start())),
            None => ("", before),
        };
        let candidates: Vec<String> = match command {
            "load" | "data" => return files(arg, before.len() - arg.len()),
            "set" => match arg.split_once(['=', '＝']) {
                Some((field, _)) => self.values_of(field.trim()),
                None => self.fields(),
            },
            "unset" => self.fields(),
            "why" | "whynot" => self.levels(true),
            "" => self.names(),
            _ => Vec::new(),
        };
        let mut seen = Vec::new();
        for c in candidates {
            if c.starts_with(typed) && !seen.contains(&c) {
                seen.push(c);
            }
        }
        (start, seen)
    }

    fn fields(&self) -> Vec<String> {
        self.scope.program().fields.iter().map(|f| f.name.clone()).collect()
    }

    /// Level names (and, for `:why`, ladder names).
    fn levels(&self, ladders: bool) -> Vec<String> {
        let p = self.scope.program();
        let mut out: Vec<String> = p.ladders.iter().flat_map(|l| l.rules.iter().map(|r| r.level.clone())).collect();
        if ladders {
            out.extend(p.ladders.iter().map(|l| l.name.clone()));
        }
        out
    }

    /// Everything an expression may name.
    fn names(&self) -> Vec<String> {
        let p = self.scope.program();
        let mut out = self.fields();
        out.extend(p.lets.iter().map(|b| b.name.clone()));
        out.extend(p.scores.iter().map(|b| b.name.clone()));
        for f in &p.fields {
            if let FieldType::OneOf(m) = &f.ty {
                out.extend(m.iter().cloned());
            }
        }
        out.extend(self.levels(false));
        out.push("let".into());
        let spellings = KEYWORDS.iter().flat_map(|k| std::iter::once(k.entry().en).chain(k.entry().zh));
        out.extend(spellings.filter(|w| w.starts_with(char::is_alphabetic)).map(String::from));
        out
    }

    /// The values a field can be set to, when there are few.
    fn values_of(&self, field: &str) -> Vec<String> {
        let p = self.scope.program();
        match p.fields.iter().find(|f| f.name == field.trim_matches('`')).map(|f| &f.ty) {
            Some(FieldType::Bool) => vec!["是".into(), "否".into()],
            Some(FieldType::OneOf(m)) => m.clone(),
            Some(FieldType::Grade(l)) => p.levels(*l).map(String::from).collect(),
            Some(FieldType::Text | FieldType::Number | FieldType::Money | FieldType::Date) | None => Vec::new(),
        }
    }
}

/// Where the word being typed at the end of `before` starts: its last token, when that is a word.
fn word_start(before: &str) -> usize {
    match Tokens::new(before).list.last() {
        Some(t) if t.kind == TokenKind::Word => t.span.start,
        Some(_) | None => before.len(),
    }
}

/// File names completing `typed` (a path being written at byte `at` of the line).
fn files(typed: &str, at: usize) -> (usize, Vec<String>) {
    let (dir, stem) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let read = std::fs::read_dir(if dir.is_empty() { "." } else { dir });
    let mut out: Vec<String> = read
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            (name.starts_with(stem) && (!name.starts_with('.') || stem.starts_with('.')))
                .then(|| format!("{dir}{name}{}", if is_dir { "/" } else { "" }))
        })
        .collect();
    out.sort();
    (at, out)
}

/// Whether typed input leaves a brace, bracket or parenthesis open (so more lines follow).
/// Brackets in texts, quoted names and comments do not count.
pub fn is_open(text: &str) -> bool {
    !text.trim_start().starts_with(':') && Tokens::new(text).open_brackets() > 0
}
