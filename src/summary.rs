//! The `--summary` report: per ladder, how many rows got each level, and how fast the run was.

use crate::diag::Lang;
use crate::ir::Program;
use crate::run::Stats;
use crate::t;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

const BAR: usize = 30;

/// The figures of one ladder: what `--summary` prints and a workbook's summary sheet holds.
pub struct Ladder<'p> {
    pub name: &'p str,
    /// Rows the ladder graded: all but those whose cells it reads could not be read.
    pub graded: usize,
    pub lines: Vec<Line<'p>>,
}

/// A level, or the "(no level)" / "not graded" line (shown only when some rows are counted there).
pub struct Line<'p> {
    /// Empty on the "(no level)" and "not graded" lines.
    pub level: &'p str,
    pub label: String,
    pub count: usize,
    /// The rows the share is of: the graded rows, or all rows for "not graded".
    pub of: usize,
}

impl Line<'_> {
    /// The share of `of`, from 0 to 1.
    pub fn share(&self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            self.count as f64 / self.of as f64
        }
    }
}

/// Each ladder's figures, in `lang`.
pub fn figures<'p>(program: &'p Program, stats: &Stats, lang: Lang) -> Vec<Ladder<'p>> {
    let ladders = program.ladders.iter().zip(&stats.counts);
    ladders
        .map(|(ladder, counts)| {
            let levels = ladder.rules.len();
            let spoiled = counts.get(levels + 1).copied().unwrap_or(0);
            let graded = stats.rows - spoiled;
            let rules = ladder.rules.iter().zip(counts).map(|(r, &count)| Line {
                level: &r.level,
                label: r.label.clone(),
                count,
                of: graded,
            });
            let extra = [(t!(lang, "summary.no-level"), graded), (t!(lang, "summary.not-graded"), stats.rows)];
            let extra = extra.into_iter().zip(&counts[levels..]).filter(|(_, &n)| n > 0);
            let extra = extra.map(|((label, of), &count)| Line { level: "", label, count, of });
            Ladder { name: &ladder.name, graded, lines: rules.chain(extra).collect() }
        })
        .collect()
}

/// The summary as text for standard error, in `lang`.
pub fn render(program: &Program, stats: &Stats, seconds: f64, lang: Lang) -> String {
    let mut out = String::new();
    for ladder in figures(program, stats, lang) {
        let _ = writeln!(out, "{}", t!(lang, "summary.ladder", ladder = ladder.name, graded = ladder.graded));
        let most = ladder.lines.iter().map(|l| l.count).max().unwrap_or(0).max(1);
        let name = |l: &Line| if l.level.is_empty() { l.label.clone() } else { format!("{} {}", l.level, l.label) };
        let width = ladder.lines.iter().map(|l| name(l).width()).max().unwrap_or(0);
        for line in &ladder.lines {
            let (name, n) = (name(line), line.count);
            let share = if line.of == 0 { 0.0 } else { 100.0 * n as f64 / line.of as f64 };
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
