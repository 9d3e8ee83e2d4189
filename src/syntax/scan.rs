//! Reading rule text outside its quotes and comments, for the checks that run on raw text
//! (nesting depth, unclosed brackets, where a broken line ends).

/// The characters of `text` that are code: not inside a quoted text (`"…"`, `“…”`) and not in
/// a `#` comment. Line breaks are always yielded (a quote or comment never spans lines), quote
/// marks and comments never.
pub(super) fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut comment = false;
    text.char_indices().filter(move |&(_, c)| match (quote, c) {
        (_, '\n') => {
            quote = None;
            comment = false;
            true
        }
        _ if comment => false,
        (Some(q), c) => {
            if c == q {
                quote = None;
            }
            false
        }
        (None, '"') => {
            quote = Some('"');
            false
        }
        (None, '“') => {
            quote = Some('”');
            false
        }
        (None, '#') => {
            comment = true;
            false
        }
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::code_chars;

    #[test]
    fn quotes_and_comments_are_skipped() {
        let code: String = code_chars("a \"(b)\" “{c}” # (d\ne").map(|(_, c)| c).collect();
        assert_eq!(code, "a   \ne");
    }
}
