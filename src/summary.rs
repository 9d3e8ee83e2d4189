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
    for (l, ladder) in program.ladders.iter().enumerate() {
        let counts = &stats.counts[l];
        // Rows whose cells this ladder reads could not be read are not graded by it.
        let spoiled = counts.get(ladder.rules.len() + 1).copied().unwrap_or(0);
        let graded = stats.rows - spoiled;
        let _ = writeln!(out, "{}", t!(lang, "summary.ladder", ladder = &ladder.name, graded));
        let most = counts.iter().copied().max().unwrap_or(0).max(1);
        let extra = [t!(lang, "summary.no-level"), t!(lang, "summary.not-graded")];
        // The "(no level)" and "not graded" lines are shown, and so widen the column, only when
        // some rows are counted there.
        let shown_extra = extra.iter().zip(&counts[ladder.rules.len()..]).filter(|(_, &n)| n > 0);
        let width = ladder.rules.iter().map(|r| r.level.width() + 1 + r.label.width());
        let width = width.chain(shown_extra.map(|(e, _)| e.width())).max().unwrap_or(0);
        let names = ladder.rules.iter().map(|r| format!("{} {}", r.level, r.label)).chain(extra);
        for (i, (name, &n)) in names.zip(counts).enumerate() {
            if i >= ladder.rules.len() && n == 0 {
                continue;
            }
            let of = if i > ladder.rules.len() { stats.rows } else { graded };
            let share = if of == 0 { 0.0 } else { 100.0 * n as f64 / of as f64 };
            let bar = "█".repeat((n * BAR).div_ceil(most).min(BAR) * usize::from(n > 0));
            let pad = " ".repeat(width.saturating_sub(name.width()));
            let _ = writeln!(out, "  {name}{pad}  {n:>8}  {share:>5.1}%  {bar}");
        }
        out.push('\n');
    }
    if stats.skipped > 0 {
        let _ = writeln!(out, "{}", t!(lang, "summary.skipped", skipped = stats.skipped));
    }
    let rate = if seconds > 0.0 { stats.rows as f64 / seconds } else { 0.0 };
    let (seconds, rate) = (format!("{seconds:.2}"), format!("{rate:.0}"));
    let _ =
        writeln!(out, "{}", t!(lang, "summary.totals", rows = stats.rows, errors = stats.error_rows, seconds, rate));
    out
}
