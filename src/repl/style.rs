//! Layout and colour of REPL output: display widths for Chinese text, and the colours a terminal
//! gets (results stay plain text everywhere else).

use super::Said;
use unicode_width::UnicodeWidthStr;

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD_RED: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// How many terminal columns `s` takes (a Chinese character takes two).
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` padded with spaces to `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Colours plain REPL output for a terminal: ✓ green, ✗ red, ? yellow, the `(missing)` mark
/// dimmed. Text already holding colour codes (a miette report) is left alone.
pub fn paint(text: &str) -> String {
    if text.contains('\x1b') {
        return text.to_string();
    }
    text.split_inclusive('\n').map(paint_line).collect()
}

/// Colours standard error for a terminal: the `error:` of each error red. When a report
/// already holds colour codes, everything is left as it is.
pub fn paint_errors(said: &[Said]) -> String {
    let plain = super::Reply { errors: said.to_vec(), ..Default::default() }.err_text();
    if said.iter().any(|s| matches!(s, Said::Report(t) if t.contains('\x1b'))) {
        return plain;
    }
    let paint_one = |s: &Said| match s {
        Said::Error(text) => {
            let mut lines = text.split_inclusive('\n');
            let first = lines.next().unwrap_or("");
            let newline = if text.ends_with('\n') { "" } else { "\n" };
            let rest: String = lines.map(paint_line).collect();
            format!("{BOLD_RED}error:{RESET} {first}{rest}{newline}")
        }
        Said::Report(text) => paint(text),
    };
    said.iter().map(paint_one).collect()
}

fn paint_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        match c {
            '✓' => out.push_str(&format!("{GREEN}✓{RESET}")),
            '✗' => out.push_str(&format!("{RED}✗{RESET}")),
            _ => out.push(c),
        }
    }
    let indent = out.len() - out.trim_start().len();
    if out[indent..].starts_with("? ") {
        out = format!("{}{YELLOW}?{RESET}{}", &out[..indent], &out[indent + 1..]);
    }
    out.replace("(missing)", &format!("{DIM}(missing){RESET}"))
}

/// The prompt as a terminal shows it.
pub fn prompt(color: bool) -> String {
    if color {
        format!("{GREEN}ladder>{RESET} ")
    } else {
        "ladder> ".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("询问公司产品"), 12);
        assert_eq!(pad("年销售额", 10), "年销售额  ");
    }

    #[test]
    fn marks_get_colours() {
        let painted = paint("  ✓ a\n  ? b\n");
        assert!(painted.contains("\x1b[32m✓"));
        assert!(painted.contains("\x1b[33m?"));
        assert!(painted.starts_with("  "));
        let errors = paint_errors(&[Said::Error("c".into())]);
        assert_eq!(errors, "\x1b[1;31merror:\x1b[0m c\n");
    }
}
