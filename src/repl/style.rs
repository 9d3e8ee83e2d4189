//! Layout and colour of REPL output: display widths for Chinese text, and the colours a terminal
//! gets (results stay plain text everywhere else).

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

/// Colours plain REPL output for a terminal: ✓ green, ✗ red, ? yellow, `error:` red, the
/// `(missing)` mark dimmed. Text already holding colour codes (a miette report) is left alone.
pub fn paint(text: &str) -> String {
    if text.contains('\x1b') {
        return text.to_string();
    }
    text.split_inclusive('\n').map(paint_line).collect()
}

fn paint_line(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("error:") {
        return format!("{BOLD_RED}error:{RESET}{rest}");
    }
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
        let painted = paint("  ✓ a\n  ? b\nerror: c\n");
        assert!(painted.contains("\x1b[32m✓"));
        assert!(painted.contains("\x1b[33m?"));
        assert!(painted.starts_with("  "));
        assert!(painted.contains("\x1b[1;31merror:"));
    }
}
