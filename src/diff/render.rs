//! Writing an [`Impact`] for people — text, a pull-request comment in markdown, a workbook — and
//! for programs: JSON with a versioned schema (docs/diff.schema.json) and CSV.

use super::{Impact, Move, Presence, ScoreImpact, TargetImpact};
use crate::diag::Lang;
use crate::t;
use crate::value::{format_number, Decimal};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The version of the JSON output's shape; a change that breaks a reader raises it.
pub const JSON_VERSION: u32 = 1;
/// The most characters a GitHub comment holds.
pub const COMMENT_LIMIT: usize = 65_536;
/// The first line of the markdown, by which a CI job finds the comment it posted before.
pub const MARKER: &str = "<!-- ladder-diff -->";

/// `4,675`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `4.7%`: `part` of `whole` to one decimal.
pub fn share(part: usize, whole: usize) -> String {
    match whole {
        0 => "0%".into(),
        _ => format!("{:.1}%", part as f64 * 100.0 / whole as f64),
    }
}

/// A change of a score: `+1.5`, `-2`, to two decimals.
fn signed(d: Decimal) -> String {
    let d = d.round_dp(2).normalize();
    match d.is_sign_negative() {
        true => format_number(d),
        false => format!("+{}", format_number(d)),
    }
}

/// Records compared: read, less those with data errors.
fn compared(impact: &Impact) -> usize {
    impact.rows - impact.error_rows
}

/// Whether the change changes nothing the records get.
fn unchanged(impact: &Impact) -> bool {
    let targets = impact.ladders.iter().chain(&impact.transitions);
    targets.clone().all(|t| t.presence == Presence::Both && t.changed == 0)
        && impact.scores.iter().all(|s| s.presence == Presence::Both && s.changed == 0)
        && impact.outputs.iter().all(|o| o.presence == Presence::Both && o.changed == 0)
}

/// Records counted at each old level (`None`: no level), for the share of a move.
fn from_totals(target: &TargetImpact) -> Vec<(Option<&str>, usize)> {
    let mut totals: Vec<(Option<&str>, usize)> = Vec::new();
    for m in &target.moves {
        let from = m.from.as_deref();
        match totals.iter_mut().find(|(f, _)| *f == from) {
            Some((_, n)) => *n += m.count,
            None => totals.push((from, m.count)),
        }
    }
    totals
}

fn from_total(totals: &[(Option<&str>, usize)], from: Option<&str>) -> usize {
    totals.iter().find(|(f, _)| *f == from).map_or(0, |(_, n)| *n)
}

/// The first line about a target: how many records change, or that it was added or removed.
fn headline(target: &TargetImpact, transitions: bool, rows: usize, lang: Lang) -> String {
    let name = &target.name;
    let given = target.moves.iter().filter(|m| m.to.is_some() || m.from.is_some()).map(|m| m.count).sum::<usize>();
    let (changed, rows_n, share_text) = (count(target.changed), count(rows), share(target.changed, rows));
    match (target.presence, transitions) {
        (Presence::Added, false) => t!(lang, "diff.ladder-added", name, graded = count(given), rows = rows_n),
        (Presence::Removed, false) => t!(lang, "diff.ladder-removed", name, graded = count(given), rows = rows_n),
        (Presence::Added, true) => t!(lang, "diff.set-added", name),
        (Presence::Removed, true) => t!(lang, "diff.set-removed", name),
        (Presence::Both, false) if target.changed == 0 => t!(lang, "diff.no-change", name, rows = rows_n),
        (Presence::Both, true) if target.changed == 0 => t!(lang, "diff.no-change-stage", name, rows = rows_n),
        (Presence::Both, false) => t!(lang, "diff.headline", changed, rows = rows_n, share = share_text, name),
        (Presence::Both, true) => t!(lang, "diff.headline-stage", changed, rows = rows_n, share = share_text, name),
    }
}

/// The migration matrix: a header row, then per old level its counts by new level.
fn matrix(target: &TargetImpact, lang: Lang) -> Vec<Vec<String>> {
    let none = t!(lang, "diff.no-level");
    let has = |from: bool| target.moves.iter().any(|m| if from { m.from.is_none() } else { m.to.is_none() });
    let axis = |levels: &[String], from: bool| -> Vec<Option<String>> {
        let mut out: Vec<Option<String>> = levels.iter().cloned().map(Some).collect();
        if has(from) {
            out.push(None);
        }
        out
    };
    let (rows, cols) = (axis(&target.old_levels, true), axis(&target.new_levels, false));
    let name = |l: &Option<String>| l.clone().unwrap_or_else(|| none.clone());
    let mut table = vec![std::iter::once(t!(lang, "diff.corner")).chain(cols.iter().map(name)).collect::<Vec<_>>()];
    for from in &rows {
        let mut line = vec![name(from)];
        for to in &cols {
            let n: usize = target.moves.iter().filter(|m| &m.from == from && &m.to == to).map(|m| m.count).sum();
            line.push(if n == 0 { String::new() } else { count(n) });
        }
        table.push(line);
    }
    table
}

fn level_name(level: &Option<String>, lang: Lang) -> String {
    level.clone().unwrap_or_else(|| t!(lang, "diff.no-level"))
}

/// The rule that gave a level, or what happened when none did: no level, or (for a transition
/// set) no move, the record staying where it was.
fn rule_text(m: &Move, old: bool, transitions: bool, lang: Lang) -> String {
    let (rule, level) = if old { (&m.old_rule, &m.from) } else { (&m.new_rule, &m.to) };
    match rule {
        Some(r) if r.label.is_empty() => r.at.clone(),
        Some(r) => format!("{} {}", r.at, r.label),
        None if transitions && level.is_some() => t!(lang, "diff.stays"),
        None => t!(lang, "diff.no-rule"),
    }
}

/// The records per level of a ladder or set only one version has: `好 9 (69.2%) · (no level) 4 (30.8%)`.
fn distribution(target: &TargetImpact, lang: Lang) -> String {
    let old = target.presence == Presence::Removed;
    let mut levels: Vec<(Option<String>, usize)> = Vec::new();
    for m in &target.moves {
        let level = if old { &m.from } else { &m.to };
        match levels.iter_mut().find(|(l, _)| l == level) {
            Some((_, n)) => *n += m.count,
            None => levels.push((level.clone(), m.count)),
        }
    }
    let order = if old { &target.old_levels } else { &target.new_levels };
    levels.sort_by_key(|(l, _)| l.as_ref().and_then(|l| order.iter().position(|o| o == l)).unwrap_or(usize::MAX));
    let total: usize = levels.iter().map(|(_, n)| n).sum();
    let parts = levels.iter().map(|(l, n)| format!("{} {} ({})", level_name(l, lang), count(*n), share(*n, total)));
    parts.collect::<Vec<_>>().join(" · ")
}

/// The text for a terminal.
pub fn human(impact: &Impact, lang: Lang) -> String {
    let rows = compared(impact);
    let mut out = String::new();
    if unchanged(impact) {
        let _ = writeln!(out, "{}", t!(lang, "diff.nothing", rows = count(rows)));
    }
    let targets = impact.ladders.iter().map(|t| (t, false)).chain(impact.transitions.iter().map(|t| (t, true)));
    for (target, transitions) in targets {
        let _ = writeln!(out, "\n{}", headline(target, transitions, rows, lang));
        if target.presence != Presence::Both {
            let _ = writeln!(out, "  {}", distribution(target, lang));
            continue;
        }
        if target.changed == 0 {
            continue;
        }
        for line in aligned(&matrix(target, lang)) {
            let _ = writeln!(out, "  {line}");
        }
        let totals = from_totals(target);
        for m in target.moves.iter().filter(|m| m.changed()) {
            let _ = writeln!(out, "  {}", move_line(m, &totals, lang));
            let (before, after) = (rule_text(m, true, transitions, lang), rule_text(m, false, transitions, lang));
            let _ = writeln!(out, "      {}", t!(lang, "diff.rules", before, after));
            if !m.samples.is_empty() {
                let _ = writeln!(out, "      {}", t!(lang, "diff.samples", keys = m.samples.join(", ")));
            }
        }
    }
    for (heading, lines) in scores_and_outputs(impact, lang) {
        let _ = writeln!(out, "\n{heading}");
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str(&footer(impact, lang));
    out.trim_start_matches('\n').to_string()
}

/// The scores and the rule outputs that changed, were added or were removed: a heading and its
/// lines for each of the two that has any.
fn scores_and_outputs(impact: &Impact, lang: Lang) -> Vec<(String, Vec<String>)> {
    let rows = compared(impact);
    let scores: Vec<String> = impact
        .scores
        .iter()
        .filter(|s| s.changed > 0 || s.presence != Presence::Both)
        .map(|s| score_line(s, rows, lang))
        .collect();
    let outputs: Vec<String> = impact
        .outputs
        .iter()
        .filter(|o| o.changed > 0 || o.presence != Presence::Both)
        .map(|o| {
            let (ladder, name) = (&o.ladder, &o.name);
            match o.presence {
                Presence::Both => t!(lang, "diff.output", ladder, name, changed = count(o.changed)),
                Presence::Added => t!(lang, "diff.output-added", ladder, name),
                Presence::Removed => t!(lang, "diff.output-removed", ladder, name),
            }
        })
        .collect();
    [(t!(lang, "diff.scores"), scores), (t!(lang, "diff.outputs"), outputs)]
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .collect()
}

/// What was not compared: rows with data errors (with the first of them) and skipped total rows.
fn footer(impact: &Impact, lang: Lang) -> String {
    let mut out = String::new();
    if impact.error_rows > 0 {
        let _ = writeln!(
            out,
            "\n{}",
            t!(lang, "diff.error-rows", errors = count(impact.error_rows), rows = count(impact.rows))
        );
        for message in impact.errors.iter().take(3) {
            let _ = writeln!(out, "  {}", t!(lang, "data-error", message));
        }
    }
    if impact.skipped > 0 {
        let _ = writeln!(out, "{}", t!(lang, "summary.skipped", skipped = impact.skipped));
    }
    out
}

fn move_line(m: &Move, totals: &[(Option<&str>, usize)], lang: Lang) -> String {
    let (from, to) = (level_name(&m.from, lang), level_name(&m.to, lang));
    let of = share(m.count, from_total(totals, m.from.as_deref()));
    t!(lang, "diff.move", from, to, count = count(m.count), share = of)
}

fn score_line(s: &ScoreImpact, rows: usize, lang: Lang) -> String {
    let name = &s.name;
    match s.presence {
        Presence::Added => t!(lang, "diff.score-added", name),
        Presence::Removed => t!(lang, "diff.score-removed", name),
        Presence::Both => {
            let mean = s.mean_change.map_or_else(|| "—".into(), signed);
            let largest = s.largest.map_or_else(|| "—".into(), signed);
            t!(lang, "diff.score", name, changed = count(s.changed), rows = count(rows), mean, largest)
        }
    }
}

/// Rows of cells as lines with each column as wide as its widest cell (by display width).
fn aligned(table: &[Vec<String>]) -> Vec<String> {
    let columns = table.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..columns).map(|c| table.iter().filter_map(|r| r.get(c)).map(|s| s.width()).max().unwrap_or(0)).collect();
    table
        .iter()
        .map(|row| {
            let cells = row.iter().enumerate().map(|(c, s)| {
                let pad = " ".repeat(widths[c] - s.width());
                // The level names at the left read best aligned left; counts right.
                if c == 0 {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }
            });
            cells.collect::<Vec<_>>().join("  ").trim_end().to_string()
        })
        .collect()
}

/// The pull-request comment: within [`COMMENT_LIMIT`] characters, dropping samples first, then the
/// details of the smallest moves, and saying so.
pub fn markdown(impact: &Impact, lang: Lang) -> String {
    let full = markdown_with(impact, lang, usize::MAX, true);
    if full.chars().count() <= COMMENT_LIMIT {
        return full;
    }
    let without_samples = markdown_with(impact, lang, usize::MAX, false);
    if without_samples.chars().count() <= COMMENT_LIMIT {
        return without_samples;
    }
    let moves: usize = impact.ladders.iter().chain(&impact.transitions).map(|t| t.moves.len()).sum();
    let (mut low, mut high) = (0, moves);
    while low < high {
        let mid = (low + high).div_ceil(2);
        match markdown_with(impact, lang, mid, false).chars().count() <= COMMENT_LIMIT {
            true => low = mid,
            false => high = mid - 1,
        }
    }
    markdown_with(impact, lang, low, false)
}

/// The comment with the details of at most `details` moves per target, samples or not.
fn markdown_with(impact: &Impact, lang: Lang, details: usize, samples: bool) -> String {
    let rows = compared(impact);
    let mut out = format!("{MARKER}\n### {}\n\n", t!(lang, "diff.md-title"));
    if unchanged(impact) {
        let _ = writeln!(out, "{}\n", t!(lang, "diff.nothing", rows = count(rows)));
    }
    let mut left_out = 0;
    let targets = impact.ladders.iter().map(|t| (t, false)).chain(impact.transitions.iter().map(|t| (t, true)));
    for (target, transitions) in targets {
        let _ = writeln!(out, "**{}**\n", md_escape(&headline(target, transitions, rows, lang)));
        if target.presence != Presence::Both {
            let _ = writeln!(out, "{}\n", md_escape(&distribution(target, lang)));
            continue;
        }
        if target.changed == 0 {
            continue;
        }
        let table = matrix(target, lang);
        for (i, row) in table.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, s)| if c == 0 && i > 0 { format!("**{}**", md_escape(s)) } else { md_escape(s) })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
            if i == 0 {
                let _ = writeln!(out, "|---|{}", "---:|".repeat(row.len() - 1));
            }
        }
        out.push('\n');
        let totals = from_totals(target);
        let shown: Vec<&Move> =
            target.moves.iter().filter(|m| m.changed() || target.presence != Presence::Both).collect();
        left_out += shown.len().saturating_sub(details);
        for m in shown.into_iter().take(details) {
            let summary = move_line(m, &totals, lang).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            let _ = writeln!(out, "<details><summary>{summary}</summary>\n");
            let (before, after) = (rule_text(m, true, transitions, lang), rule_text(m, false, transitions, lang));
            let _ = writeln!(out, "- {}", md_escape(&t!(lang, "diff.rules", before, after)));
            if samples && !m.samples.is_empty() {
                let keys =
                    m.samples.iter().map(|k| format!("`{}`", k.replace('`', "'"))).collect::<Vec<_>>().join(", ");
                let _ = writeln!(out, "- {}", t!(lang, "diff.samples", keys));
            }
            out.push_str("\n</details>\n\n");
        }
    }
    for (heading, lines) in scores_and_outputs(impact, lang) {
        let _ = writeln!(out, "**{heading}**\n");
        for line in lines {
            let _ = writeln!(out, "- {}", md_escape(&line));
        }
        out.push('\n');
    }
    let footer = footer(impact, lang);
    for line in footer.lines().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(out, "{}  ", md_escape(line.trim()));
    }
    if !samples {
        let _ = writeln!(out, "\n_{}_", t!(lang, "diff.md-no-samples"));
    }
    if left_out > 0 {
        let _ = writeln!(out, "\n_{}_", t!(lang, "diff.md-cut", moves = count(left_out)));
    }
    out
}

/// Text as markdown shows it literally: the characters that would start markup are escaped.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The JSON document (docs/diff.schema.json).
pub fn json(impact: &Impact) -> String {
    use serde_json::{json, Value};
    let number = |d: Option<Decimal>| d.and_then(|d| serde_json::Number::from_f64(d.round_dp(6).try_into().ok()?));
    let target = |t: &TargetImpact| -> Value {
        let totals = from_totals(t);
        let moves: Vec<Value> = t
            .moves
            .iter()
            .filter(|m| m.changed())
            .map(|m| {
                let of = from_total(&totals, m.from.as_deref());
                json!({
                    "from": m.from,
                    "to": m.to,
                    "count": m.count,
                    "share": if of == 0 { 0.0 } else { m.count as f64 / of as f64 },
                    "old_rule": m.old_rule.as_ref().map(|r| &r.at),
                    "old_label": m.old_rule.as_ref().map(|r| &r.label),
                    "new_rule": m.new_rule.as_ref().map(|r| &r.at),
                    "new_label": m.new_rule.as_ref().map(|r| &r.label),
                    "samples": m.samples,
                })
            })
            .collect();
        let mut cells: Vec<(Option<&String>, Option<&String>, usize)> = Vec::new();
        for m in &t.moves {
            match cells.iter_mut().find(|(f, to, _)| *f == m.from.as_ref() && *to == m.to.as_ref()) {
                Some(cell) => cell.2 += m.count,
                None => cells.push((m.from.as_ref(), m.to.as_ref(), m.count)),
            }
        }
        let matrix: Vec<Value> = cells
            .iter()
            .map(|(f, to, n)| {
                let of = from_total(&totals, f.map(String::as_str));
                json!({"from": f, "to": to, "count": n, "share": if of == 0 { 0.0 } else { *n as f64 / of as f64 }})
            })
            .collect();
        json!({
            "name": t.name,
            "presence": t.presence,
            "levels_before": t.old_levels,
            "levels_after": t.new_levels,
            "graded": t.graded,
            "changed": t.changed,
            "moves": moves,
            "matrix": matrix,
        })
    };
    let doc = json!({
        "version": JSON_VERSION,
        "rows": impact.rows,
        "compared": compared(impact),
        "error_rows": impact.error_rows,
        "changed_rows": impact.changed_rows,
        "ladders": impact.ladders.iter().map(target).collect::<Vec<_>>(),
        "transitions": impact.transitions.iter().map(target).collect::<Vec<_>>(),
        "scores": impact.scores.iter().map(|s| json!({
            "name": s.name,
            "presence": s.presence,
            "changed": s.changed,
            "compared": s.compared,
            "mean_change": number(s.mean_change),
            "largest_change": number(s.largest),
        })).collect::<Vec<_>>(),
        "outputs": impact.outputs.iter().map(|o| json!({
            "ladder": o.ladder,
            "name": o.name,
            "presence": o.presence,
            "changed": o.changed,
        })).collect::<Vec<_>>(),
        "errors": impact.errors,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// One CSV line per pair of outcomes met, changed or not, so a pivot table rebuilds each matrix.
pub fn csv(impact: &Impact) -> std::io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let header = [
        "kind",
        "name",
        "from",
        "to",
        "count",
        "share",
        "changed",
        "old_rule",
        "old_label",
        "new_rule",
        "new_label",
        "samples",
    ];
    w.write_record(header)?;
    let targets =
        impact.ladders.iter().map(|t| ("ladder", t)).chain(impact.transitions.iter().map(|t| ("transitions", t)));
    for (kind, t) in targets {
        let totals = from_totals(t);
        for m in &t.moves {
            let rule = |r: &Option<super::RuleRef>| {
                r.as_ref().map_or((String::new(), String::new()), |r| (r.at.clone(), r.label.clone()))
            };
            let ((old_at, old_label), (new_at, new_label)) = (rule(&m.old_rule), rule(&m.new_rule));
            let of = from_total(&totals, m.from.as_deref());
            let share = if of == 0 { "0".to_string() } else { format!("{:.4}", m.count as f64 / of as f64) };
            w.write_record([
                kind,
                &t.name,
                m.from.as_deref().unwrap_or(""),
                m.to.as_deref().unwrap_or(""),
                &m.count.to_string(),
                &share,
                if m.changed() { "yes" } else { "no" },
                &old_at,
                &old_label,
                &new_at,
                &new_label,
                &m.samples.join("; "),
            ])?;
        }
    }
    w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}

/// The workbook: a sheet per ladder and transition set with its matrix and moves, and a sheet
/// of the changed records (key, then each level before and after).
pub fn workbook(impact: &Impact, lang: Lang, out: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let error = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut names: Vec<String> = Vec::new();
    let rows = compared(impact);
    let targets = impact.ladders.iter().map(|t| (t, false)).chain(impact.transitions.iter().map(|t| (t, true)));
    for (target, transitions) in targets {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&target.name, &mut names)).map_err(error)?;
        sheet.write_with_format(0, 0, headline(target, transitions, rows, lang), &bold).map_err(error)?;
        let table = matrix(target, lang);
        for (r, line) in table.iter().enumerate() {
            for (c, cell) in line.iter().enumerate() {
                let (r, c) = (r as u32 + 2, c as u16);
                match cell.replace(',', "").parse::<f64>() {
                    Ok(n) if c > 0 && r > 2 => sheet.write_number(r, c, n).map_err(error)?,
                    _ if r == 2 || c == 0 => sheet.write_with_format(r, c, cell, &bold).map_err(error)?,
                    _ => sheet.write(r, c, cell.as_str()).map_err(error)?,
                };
            }
        }
        let mut r = table.len() as u32 + 3;
        let headings = [
            t!(lang, "diff.col-from"),
            t!(lang, "diff.col-to"),
            t!(lang, "diff.col-count"),
            t!(lang, "diff.col-before"),
            t!(lang, "diff.col-after"),
            t!(lang, "diff.col-samples"),
        ];
        for (c, h) in headings.iter().enumerate() {
            sheet.write_with_format(r, c as u16, h, &bold).map_err(error)?;
        }
        for m in target.moves.iter().filter(|m| m.changed()) {
            r += 1;
            sheet.write(r, 0, level_name(&m.from, lang)).map_err(error)?;
            sheet.write(r, 1, level_name(&m.to, lang)).map_err(error)?;
            sheet.write_number(r, 2, m.count as f64).map_err(error)?;
            sheet.write(r, 3, rule_text(m, true, transitions, lang)).map_err(error)?;
            sheet.write(r, 4, rule_text(m, false, transitions, lang)).map_err(error)?;
            sheet.write(r, 5, m.samples.join(", ")).map_err(error)?;
        }
        sheet.set_column_width(0, 16).map_err(error)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&t!(lang, "diff.sheet-changed"), &mut names)).map_err(error)?;
    sheet.write_with_format(0, 0, t!(lang, "diff.col-key"), &bold).map_err(error)?;
    let both = impact.ladders.iter().chain(&impact.transitions).filter(|t| t.presence == Presence::Both);
    for (i, t) in both.enumerate() {
        let c = 1 + 2 * i as u16;
        sheet.write_with_format(0, c, t!(lang, "diff.col-was", name = t.name), &bold).map_err(error)?;
        sheet.write_with_format(0, c + 1, t!(lang, "diff.col-now", name = t.name), &bold).map_err(error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(error)?;
    // A worksheet holds 1,048,576 rows, the header among them.
    for (r, row) in impact.changed.iter().take(1_048_575).enumerate() {
        let r = r as u32 + 1;
        sheet.write(r, 0, row.key.as_str()).map_err(error)?;
        for (i, (was, now)) in row.levels.iter().enumerate() {
            let c = 1 + 2 * i as u16;
            sheet.write(r, c, was.as_deref().unwrap_or("")).map_err(error)?;
            sheet.write(r, c + 1, now.as_deref().unwrap_or("")).map_err(error)?;
        }
    }
    book.save_to_writer(out).map_err(error)
}

/// A worksheet name Excel takes (at most 31 characters, none of `[]:*?/\`), unlike those taken.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(28).collect();
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == candidate.to_lowercase()) {
        candidate = format!("{clean} {n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Move, RuleRef};

    /// A ladder of `levels` levels where every customer moved between every pair.
    fn crowded(levels: usize, samples: usize) -> Impact {
        let names: Vec<String> = (0..levels).map(|i| format!("L{i:03}")).collect();
        let rule = |i: usize| Some(RuleRef { at: format!("rules/big.ladder:{}", i + 10), label: format!("level {i}") });
        let mut moves = Vec::new();
        for (i, from) in names.iter().enumerate() {
            for (j, to) in names.iter().enumerate() {
                let keys = (0..samples).map(|k| format!("CUSTOMER-{i:03}-{j:03}-{k:02}")).collect();
                let count = 1 + (i * 7 + j * 3) % 50;
                moves.push(Move {
                    from: Some(from.clone()),
                    to: Some(to.clone()),
                    count,
                    old_rule: rule(i),
                    new_rule: rule(j),
                    samples: keys,
                });
            }
        }
        let rows: usize = moves.iter().map(|m| m.count).sum();
        let changed = moves.iter().filter(|m| m.changed()).map(|m| m.count).sum();
        moves.sort_by_key(|m| std::cmp::Reverse(m.count));
        let ladder = TargetImpact {
            name: "等级".into(),
            presence: Presence::Both,
            old_levels: names.clone(),
            new_levels: names,
            graded: rows,
            changed,
            moves,
        };
        Impact { rows, changed_rows: changed, ladders: vec![ladder], ..Impact::default() }
    }

    #[test]
    fn the_comment_fits_githubs_limit_and_says_what_it_left_out() {
        for lang in crate::diag::LANGS {
            let small = markdown(&crowded(3, 5), lang);
            assert!(small.contains("CUSTOMER-000-001-00"), "a small change keeps everything");
            assert!(!small.contains(&t!(lang, "diff.md-no-samples")));

            let big = markdown(&crowded(40, 5), lang);
            assert!(big.chars().count() <= COMMENT_LIMIT, "{} characters", big.chars().count());
            assert!(big.starts_with(MARKER));
            assert!(!big.contains("CUSTOMER-"), "samples go first");
            assert!(big.contains(&t!(lang, "diff.md-no-samples")));
            let cut = big.lines().last().unwrap_or_default().to_string();
            assert!(
                big.contains("<details>") && cut.starts_with('_'),
                "the largest moves keep their details; then: {cut}"
            );
            // The matrix is whole: a row per old level.
            assert_eq!(big.lines().filter(|l| l.starts_with("| **L")).count(), 40);
        }
    }

    #[test]
    fn counts_and_shares_read_as_people_write_them() {
        assert_eq!(count(4675), "4,675");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(7), "7");
        assert_eq!(share(4675, 100_000), "4.7%");
        assert_eq!(share(1, 0), "0%");
        assert_eq!(signed(Decimal::new(-25, 1)), "-2.5");
        assert_eq!(signed(Decimal::new(40, 0)), "+40");
    }
}
