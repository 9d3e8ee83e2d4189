//! Limits on how deep a rule may nest, so that no input can exhaust the stack: one counted on the
//! text before parsing (the parser recurses once per bracket and prefix word), one on the built
//! tree (everything after the parser walks it recursively; long chains such as `a + b + c + …`
//! make trees deep without any bracket).

use super::ast::{Expr, Item};
use super::keywords::Kw;
use super::lex::{Token, TokenKind};
use crate::diag::{Diagnostic, FileId, Loc};

/// How deeply brackets, groups and prefix words (`not`, `-`, `days since`) may nest.
pub const MAX_DEPTH: usize = 64;

/// How deep the tree of one condition may be, chains of `and`, `+`, … included.
pub const MAX_TREE_DEPTH: usize = 256;

/// The stack of a thread that parses, checks or evaluates rules: parsing recurses once per bracket,
/// `not` or group, evaluation once per part of a condition through the names it uses (up to
/// [`crate::ir::MAX_EVAL_DEPTH`] deep), and an unoptimised build spends up to 17 KB a level — more
/// than a spawned thread's default 2 MiB, or Windows' 1 MiB main thread, holds at the limits. The
/// memory is reserved, not used, until needed.
pub const DEEP_STACK: usize = 64 << 20;

std::thread_local! {
    /// Whether this thread is one [`on_deep_stack`] made.
    static DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work` (parsing, checking or formatting a rule file, a whole command) on a thread whose
/// stack holds a rule nested to the limits: on this thread when it is one already (a command
/// checks its files on the thread it runs on) or when no thread can be had, else on a new one.
pub fn on_deep_stack<T: Send>(work: impl Fn() -> T + Sync) -> T {
    if DEEP.get() {
        return work();
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new().stack_size(DEEP_STACK);
        let deep = || {
            DEEP.set(true);
            work()
        };
        match worker.spawn_scoped(scope, deep) {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => work(),
        }
    })
}

/// Refuses text nested so deeply that parsing it could exhaust the stack; `tokens` are the
/// text's (or a declaration's) tokens.
pub(super) fn nesting_error(file: FileId, text: &str, tokens: &[Token]) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut prefix_run = 0usize;
    for t in tokens {
        match t.kind {
            TokenKind::Open(_) => depth += 1,
            TokenKind::Close(_) => depth = depth.saturating_sub(1),
            TokenKind::Op if &text[t.span.clone()] == "-" => prefix_run += 1,
            TokenKind::Word | TokenKind::Number => match t.keyword(text) {
                Some(Kw::Not | Kw::Days) => prefix_run += 1,
                Some(Kw::Since | Kw::Until) => {}
                Some(_) | None => prefix_run = 0,
            },
            TokenKind::Op | TokenKind::Space | TokenKind::Newline | TokenKind::Comment | TokenKind::QuotedName => {}
            TokenKind::Text | TokenKind::Value | TokenKind::Comma | TokenKind::Colon => {}
            TokenKind::Unclosed | TokenKind::Other => {}
        }
        if depth + prefix_run > MAX_DEPTH {
            let first = text[t.span.clone()].chars().next().map_or(1, char::len_utf8);
            return Some(too_deep(Loc { file, span: t.span.start..t.span.start + first }));
        }
    }
    None
}

/// Refuses a built declaration holding a condition deeper than [`MAX_TREE_DEPTH`].
pub(super) fn tree_error(file: FileId, item: &Item) -> Option<Diagnostic> {
    let deepest = item.exprs().into_iter().filter_map(too_deep_part).next()?;
    Some(too_deep(Loc { file, span: deepest.span.clone() }))
}

/// Refuses one condition deeper than [`MAX_TREE_DEPTH`].
pub(super) fn expr_error(file: FileId, e: &Expr) -> Option<Diagnostic> {
    too_deep_part(e).map(|deep| too_deep(Loc { file, span: deep.span.clone() }))
}

fn too_deep(loc: Loc) -> Diagnostic {
    Diagnostic::new(crate::diag::Problem::TooDeep { max_depth: MAX_DEPTH, max_parts: MAX_TREE_DEPTH }, loc)
}

/// The first node of `e` that sits deeper than the limit, found without recursion.
fn too_deep_part(e: &Expr) -> Option<&Expr> {
    let mut stack = vec![(e, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH {
            return Some(node);
        }
        stack.extend(node.children().into_iter().map(|c| (c, depth + 1)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_words_count_across_lines() {
        let text = format!("let x = {}a", "not\n".repeat(MAX_DEPTH + 1));
        assert!(nesting_error(0, &text, &crate::syntax::lex::Tokens::new(&text).list).is_some());
        let text = format!("let x = {}d", "days since ".repeat(MAX_DEPTH + 1));
        assert!(nesting_error(0, &text, &crate::syntax::lex::Tokens::new(&text).list).is_some());
    }

    #[test]
    fn names_holding_not_do_not_count() {
        let text = format!("let x = {}", "非营利机构 and ".repeat(200));
        assert!(nesting_error(0, &text, &crate::syntax::lex::Tokens::new(&text).list).is_none());
    }

    #[test]
    fn brackets_in_texts_and_comments_do_not_count() {
        let text = format!("let x = \"{}\" # {}\n", "(".repeat(100), "{".repeat(100));
        assert!(nesting_error(0, &text, &crate::syntax::lex::Tokens::new(&text).list).is_none());
    }

    #[test]
    fn a_deep_thread_is_made_once_and_work_on_it_stays_there() {
        let caller = std::thread::current().id();
        let (outer, inner) = super::on_deep_stack(|| {
            (std::thread::current().id(), super::on_deep_stack(|| std::thread::current().id()))
        });
        assert_ne!(outer, caller);
        assert_eq!(inner, outer);
    }
}
