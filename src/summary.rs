//! The `--summary` report: per ladder, how many rows got each level, and how fast the run was.

use crate::diag::Lang;
use crate::ir::Program;
use crate::run::Stats;
use crate::t;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

const BAR: usize = 30;

/// The summary as text for standard error, in `lang`.
pub fn render(program: &Program, stats: &Stats, seconds: f64, lang: Lang) -> String {
    let mut out = String::new();
    let graded = stats.rows - stats.error_rows;
    for (l, ladder) in program.ladders.iter().enumerate() {
        let _ = writeln!(out, "{}", t!(lang, "summary.ladder", ladder = &ladder.name, graded));
        let counts = &stats.counts[l];
        let most = counts.iter().copied().max().unwrap_or(0).max(1);
        let width = ladder.rules.iter().map(|r| r.level.width() + 1 + r.label.width()).max().unwrap_or(0);
        let names =
            ladder.rules.iter().map(|r| format!("{} {}", r.level, r.label)).chain([t!(lang, "summary.no-level")]);
        for (i, (name, &n)) in names.zip(counts).enumerate() {
            let no_level = i == ladder.rules.len();
            if no_level && n == 0 {
                continue;
            }
            let share = if graded == 0 { 0.0 } else { 100.0 * n as f64 / graded as f64 };
            let bar = "█".repeat((n * BAR).div_ceil(most).min(BAR) * usize::from(n > 0));
            let pad = " ".repeat(width.saturating_sub(name.width()));
            let _ = writeln!(out, "  {name}{pad}  {n:>8}  {share:>5.1}%  {bar}");
        }
        out.push('\n');
    }
    let rate = if seconds > 0.0 { stats.rows as f64 / seconds } else { 0.0 };
    let (seconds, rate) = (format!("{seconds:.2}"), format!("{rate:.0}"));
    let _ =
        writeln!(out, "{}", t!(lang, "summary.totals", rows = stats.rows, errors = stats.error_rows, seconds, rate));
    out
}
