//! `ladder diff`: what a change of the rules does to the records. One pass over the data grades
//! every record by both programs (the run pipeline, with a tally in place of output rows) and
//! counts, per ladder and transition set, how many records move from which level to which, by
//! which rules, with sample keys; per score and rule output, how many change. The findings are
//! data ([`Impact`]); `render` writes them as text, markdown, JSON, CSV or a workbook.

pub mod render;

use crate::eval::{self, Ctx, Frame, Group64, Truth, LANES};
use crate::ir::{FieldType, Program};
use crate::run::{self, population_pass, Layout, Opened, Outcome, Records, RowErrors, RunError, Stage, SHOWN_ERRORS};
use crate::source::Data;
use crate::value::Decimal;
use jiff::civil::Date;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How to compare.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: Date,
    /// Sample keys kept per move.
    pub sample: usize,
    pub threads: usize,
    /// Keep every changed row (for the workbook's sheet of changed rows).
    pub rows: bool,
    pub progress: Option<indicatif::ProgressBar>,
    /// The language of data errors.
    pub lang: crate::diag::Lang,
}

/// Whether a ladder, transition set, score or output is in both programs or only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Both,
    /// Only in the new rules.
    Added,
    /// Only in the old rules.
    Removed,
}

/// What the change does to the records.
#[derive(Debug, Clone, Default)]
pub struct Impact {
    /// Records read.
    pub rows: usize,
    /// Records with a cell either program could not read: counted apart, in no tally.
    pub error_rows: usize,
    /// The first data errors in full.
    pub errors: Vec<String>,
    /// Records where a ladder or transition set that both programs have gives another level.
    pub changed_rows: usize,
    /// Total rows (合计…) of a workbook, skipped.
    pub skipped: usize,
    pub ladders: Vec<TargetImpact>,
    /// The next stage of each transition set.
    pub transitions: Vec<TargetImpact>,
    pub scores: Vec<ScoreImpact>,
    pub outputs: Vec<OutputImpact>,
    /// With [`Options::rows`]: every changed record, in input order.
    pub changed: Vec<ChangedRow>,
}

/// A ladder or a transition set's next stage, before and after.
#[derive(Debug, Clone)]
pub struct TargetImpact {
    pub name: String,
    pub presence: Presence,
    /// The levels of the old and of the new version, in their order, for the matrix.
    pub old_levels: Vec<String>,
    pub new_levels: Vec<String>,
    /// Records given a level by both versions.
    pub graded: usize,
    /// Records whose level is not the same.
    pub changed: usize,
    /// Every pair of outcomes met, changed or not, most records first.
    pub moves: Vec<Move>,
}

/// The records that got level `from` by `old_rule` before and `to` by `new_rule` after.
#[derive(Debug, Clone)]
pub struct Move {
    /// `None`: no level.
    pub from: Option<String>,
    pub to: Option<String>,
    pub count: usize,
    pub old_rule: Option<RuleRef>,
    pub new_rule: Option<RuleRef>,
    /// The keys of the first records of the move, in input order (changed moves only).
    pub samples: Vec<String>,
}

impl Move {
    /// Whether the records change level.
    pub fn changed(&self) -> bool {
        self.from != self.to
    }
}

/// The rule (or move) that gave a level: where it is and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRef {
    /// `file:line`, as the `_rule` column of `ladder run`.
    pub at: String,
    /// The level's label; empty for a transition's move.
    pub label: String,
}

/// A score before and after.
#[derive(Debug, Clone)]
pub struct ScoreImpact {
    pub name: String,
    pub presence: Presence,
    /// Records whose score is not the same (a value gained or lost counts).
    pub changed: usize,
    /// Records with a score before and after.
    pub compared: usize,
    /// The mean of new − old over the compared records.
    pub mean_change: Option<Decimal>,
    /// The change of the largest size (its sign kept).
    pub largest: Option<Decimal>,
}

/// An output column of a ladder, before and after.
#[derive(Debug, Clone)]
pub struct OutputImpact {
    pub ladder: String,
    pub name: String,
    pub presence: Presence,
    /// Records whose value is not the same.
    pub changed: usize,
}

/// A changed record: its key and, per ladder then transition set of both programs, the level
/// before and after.
#[derive(Debug, Clone)]
pub struct ChangedRow {
    pub key: String,
    pub levels: Vec<(Option<String>, Option<String>)>,
}

/// Grades every record of `data` by `old` and by `new` in one pass and tallies the differences.
pub fn diff(old: &Program, new: &Program, data: &dyn Data, opts: &Options) -> Result<Impact, RunError> {
    let opened = Opened::new(data)?;
    let run_opts = run::Options {
        today: opts.today,
        explain: false,
        format: run::OutFormat::Csv,
        keep: Some(Vec::new()),
        threads: opts.threads,
        progress: None,
        lang: opts.lang,
    };
    let (old_layout, mut new_layout) = match (opened.layout(old, &run_opts), opened.layout(new, &run_opts)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(RunError::Setup(o)), Err(RunError::Setup(mut n))) => {
            let more: Vec<_> = o.into_iter().filter(|p| !n.contains(p)).collect();
            n.extend(more);
            return Err(RunError::Setup(n));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let old_pops = population_pass(old, &old_layout, data, opts.today)?;
    let new_pops = population_pass(new, &new_layout, data, opts.today)?;
    // A field both versions read alike is read once, into the old frame, and copied.
    let shared = shared_fields(old, new);
    new_layout.skip_fields(|f| shared[f].is_some());
    // Each side's rules are worked out 64 records at a time, as `ladder run` does; the new side's
    // shared yes/no fields take their bits from the old side's.
    let sides = [
        Side::new(Ctx { program: old, today: opts.today, pops: &old_pops }, &old_layout, |f| old_layout.reads_bool(f)),
        Side::new(Ctx { program: new, today: opts.today, pops: &new_pops }, &new_layout, |f| {
            new_layout.reads_bool(f) || shared[f].is_some_and(|o| old_layout.reads_bool(o))
        }),
    ];
    let mut plan = Plan::new(old, new, &sides);
    plan.shared = shared.iter().enumerate().filter_map(|(n, o)| Some((n, (*o)?))).collect();
    let mut total = Part::new(&plan);
    let chunk = |records: &Records, first: usize| plan.chunk(&sides, records, first, opts);
    let merge = |part: Part| {
        total.merge(part, opts.sample);
        Ok(())
    };
    let columns = old_layout.cells_read().max(new_layout.cells_read());
    run::pipeline(opened.first, opened.blocks, opts.threads, columns, opts.progress.as_ref(), chunk, merge)?;
    let mut impact = plan.impact(total);
    impact.skipped = old_layout.place.as_ref().map_or(0, |p| p.skipped());
    Ok(impact)
}

/// One program's side of the comparison.
struct Side<'p> {
    ctx: Ctx<'p>,
    layout: &'p Layout,
    plan: eval::Plan<'p>,
    /// The yes/no fields whose values the frames hold besides the group's bits.
    framed: Vec<usize>,
}

impl<'p> Side<'p> {
    /// The side of `ctx`'s program, whose yes/no fields `reads_bool` are read as bits.
    fn new(ctx: Ctx<'p>, layout: &'p Layout, reads_bool: impl Fn(usize) -> bool) -> Self {
        let plan = eval::Plan::new(ctx.program, ctx.today, reads_bool);
        let framed = run::framed(ctx.program, &plan, layout, false);
        Side { ctx, layout, plan, framed }
    }
}

/// A ladder or transition set, by its index in the old and the new program.
#[derive(Debug, Clone, Copy)]
enum What {
    Ladder,
    Transitions,
}

struct Target {
    what: What,
    name: String,
    sides: [Option<usize>; 2],
    /// The level names of each side, and the rules (or moves) that give them.
    levels: [Vec<String>; 2],
    rules: [Vec<RuleRef>; 2],
    /// `same[old][new]`: whether outcome `old` (0: no level, `k + 1`: level `k`) names the same
    /// level as outcome `new`.
    same: Vec<Vec<bool>>,
}

/// An outcome as a tally counts it: `(level, rule)`, each 0 for none and `k + 1` for index `k`.
type Verdict = (u32, u32);

/// Where the old and new version of a target sit in the outcomes, matched by name.
struct Plan {
    targets: Vec<Target>,
    scores: Vec<(String, [Option<usize>; 2])>,
    /// `(target, old output, new output)`: an output column of a ladder in both.
    outputs: Vec<(usize, String, [Option<usize>; 2])>,
    /// The column of the key field, if either program declares one.
    key: Option<usize>,
    /// `(new field, old field)` of the fields read once for both frames.
    shared: Vec<(usize, usize)>,
    place: Option<std::sync::Arc<crate::workbook::Place>>,
}

/// The indices in `old` and `new` of the names of both, the new program's order first.
fn matched<'n>(old: &[&'n str], new: &[&'n str]) -> Vec<(&'n str, [Option<usize>; 2])> {
    let mut out: Vec<_> =
        new.iter().enumerate().map(|(i, n)| (*n, [old.iter().position(|o| o == n), Some(i)])).collect();
    out.extend(old.iter().enumerate().filter(|(_, o)| !new.contains(o)).map(|(i, o)| (*o, [Some(i), None])));
    out
}

fn presence(sides: [Option<usize>; 2]) -> Presence {
    match sides {
        [Some(_), Some(_)] => Presence::Both,
        [None, _] => Presence::Added,
        [Some(_), None] => Presence::Removed,
    }
}

impl Plan {
    fn new(old: &Program, new: &Program, sides: &[Side<'_>; 2]) -> Plan {
        let programs = [old, new];
        let names = |p: &Program| -> Vec<String> { p.ladders.iter().map(|l| l.name.clone()).collect() };
        let (old_ladders, new_ladders) = (names(old), names(new));
        let mut targets = Vec::new();
        let ladder_levels = |p: usize, l: Option<usize>| -> Vec<String> {
            l.map_or(Vec::new(), |l| programs[p].levels(l).map(String::from).collect())
        };
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let rule_refs = |p: usize, l: Option<usize>| -> Vec<RuleRef> {
            let program = programs[p];
            l.map_or(Vec::new(), |l| {
                let rules = &program.ladders[l].rules;
                rules.iter().map(|r| RuleRef { at: program.file_line(&r.loc), label: r.label.clone() }).collect()
            })
        };
        for (name, sides) in matched(&refs(&old_ladders), &refs(&new_ladders)) {
            let levels = [ladder_levels(0, sides[0]), ladder_levels(1, sides[1])];
            let rules = [rule_refs(0, sides[0]), rule_refs(1, sides[1])];
            let same = same(&levels);
            targets.push(Target { what: What::Ladder, name: name.to_string(), sides, levels, rules, same });
        }
        let set_names = |p: &Program| -> Vec<String> { p.transitions.iter().map(|t| t.name.clone()).collect() };
        let (old_sets, new_sets) = (set_names(old), set_names(new));
        for (name, sides) in matched(&refs(&old_sets), &refs(&new_sets)) {
            let levels = [0, 1].map(|p| ladder_levels(p, sides[p].map(|t| programs[p].transitions[t].ladder)));
            let rules = [0, 1].map(|p| {
                let program = programs[p];
                let moves = sides[p].map_or(&[][..], |t| &program.transitions[t].moves[..]);
                moves.iter().map(|m| RuleRef { at: program.file_line(&m.loc), label: String::new() }).collect()
            });
            let same = same(&levels);
            targets.push(Target { what: What::Transitions, name: name.to_string(), sides, levels, rules, same });
        }
        let score_names = |p: &Program| -> Vec<String> { p.scores.iter().map(|s| s.name.clone()).collect() };
        let (old_scores, new_scores) = (score_names(old), score_names(new));
        let scores =
            matched(&refs(&old_scores), &refs(&new_scores)).into_iter().map(|(n, s)| (n.to_string(), s)).collect();
        let mut outputs = Vec::new();
        for (t, target) in targets.iter().enumerate().filter(|(_, t)| matches!(t.what, What::Ladder)) {
            let names = |p: usize| target.sides[p].map_or(Vec::new(), |l| programs[p].ladders[l].outputs.clone());
            let (o, n) = (names(0), names(1));
            outputs.extend(matched(&refs(&o), &refs(&n)).into_iter().map(|(name, s)| (t, name.to_string(), s)));
        }
        let key = [1, 0].into_iter().find_map(|p| {
            let f = programs[p].fields.iter().position(|f| f.key)?;
            Some(sides[p].layout.columns[f])
        });
        Plan { targets, scores, outputs, key, shared: Vec::new(), place: sides[1].layout.place.clone() }
    }

    /// The tallies of the records of one chunk; `first` is the index of its first record.
    fn chunk(&self, sides: &[Side<'_>; 2], records: &Records, first: usize, opts: &Options) -> Part {
        let mut part = Part::new(self);
        let lanes = LANES.min(records.len());
        let [old, new] = [0, 1].map(|p| sides[p].ctx.program);
        let mut frames = [vec![Frame::new(old); lanes], vec![Frame::new(new); lanes]];
        let mut reads = [vec![Truth::default(); old.fields.len()], vec![Truth::default(); new.fields.len()]];
        let mut errors = [vec![RowErrors::default(); lanes], vec![RowErrors::default(); lanes]];
        let mut groups = [Group64::default(), Group64::default()];
        let mut outcomes = [Outcome::default(), Outcome::default()];
        let mut counts = [run::Stats::new(old).counts, run::Stats::new(new).counts];
        let mut verdicts: Vec<[Verdict; 2]> = Vec::with_capacity(self.targets.len());
        let records: Vec<_> = records.iter().collect();
        for (g, group) in records.chunks(LANES).enumerate() {
            let (first, n) = (first + g * LANES, group.len());
            for (p, side) in sides.iter().enumerate() {
                let (frames, errors) = (&mut frames[p][..n], &mut errors[p][..n]);
                run::load_group(side.ctx.program, side.layout, group, first, (frames, &mut reads[p], errors));
            }
            let ([old_frames, new_frames], [old_read, new_read]) = (&mut frames, &mut reads);
            for &(n, o) in &self.shared {
                new_read[n] = old_read[o];
                new_frames.iter_mut().zip(old_frames.iter()).for_each(|(new, old)| new.fields[n] = old.fields[o]);
            }
            for (p, side) in sides.iter().enumerate() {
                run::frame_bools(&side.framed, &reads[p], &mut frames[p][..n]);
                side.plan.eval(&side.ctx, &mut frames[p][..n], &reads[p], &mut groups[p]);
            }
            for (k, &record) in group.iter().enumerate() {
                let row = first + k;
                part.rows += 1;
                if let Some(errors) = errors.iter().map(|e| &e[k]).find(|e| !e.is_empty()) {
                    part.error_rows += 1;
                    if part.errors.len() < SHOWN_ERRORS {
                        part.errors.push(crate::diag::data::join(&errors.problems, opts.lang));
                    }
                    continue;
                }
                for (p, side) in sides.iter().enumerate() {
                    outcomes[p].grade_planned(&side.ctx, &mut frames[p][k], &mut counts[p], (&groups[p], k));
                }
                self.tally(&mut part, sides, (&outcomes, &mut verdicts), record, row, opts);
            }
        }
        part
    }

    /// Counts one record graded by both versions in `part`.
    fn tally<'a>(
        &self,
        part: &mut Part,
        sides: &[Side<'_>; 2],
        (outcomes, verdicts): (&[Outcome; 2], &mut Vec<[Verdict; 2]>),
        record: impl run::Cells<'a>,
        row: usize,
        opts: &Options,
    ) {
        verdicts.clear();
        verdicts.extend(
            self.targets
                .iter()
                .map(|t| [0, 1].map(|p| t.sides[p].map_or((0, 0), |i| verdict(t.what, &outcomes[p], i)))),
        );
        let mut row_changed = false;
        let mut key: Option<String> = None;
        for (t, (target, [o, n])) in self.targets.iter().zip(verdicts.iter()).enumerate() {
            let changed = !target.same[o.0 as usize][n.0 as usize];
            row_changed |= changed && presence(target.sides) == Presence::Both;
            let tally = part.tallies[t].entry([o.0, o.1, n.0, n.1]).or_default();
            tally.count += 1;
            if changed && tally.samples.len() < opts.sample {
                let key = key.get_or_insert_with(|| self.key_of(record, row));
                tally.samples.push(key.clone());
            }
        }
        for (s, (_, sides_of)) in self.scores.iter().enumerate() {
            let [o, n] = [0, 1].map(|p| sides_of[p].and_then(|i| outcomes[p].scores[i]));
            part.scores[s].add(o, n);
        }
        for (k, (t, _, sides_of)) in self.outputs.iter().enumerate() {
            let value = |p: usize| {
                let (l, o) = (self.targets[*t].sides[p]?, sides_of[p]?);
                let rule = outcomes[p].rules[l]?;
                sides[p].ctx.program.ladders[l].rules[rule].output(o)
            };
            part.outputs[k] += usize::from(value(0) != value(1));
        }
        if row_changed {
            part.changed_rows += 1;
            if opts.rows {
                let key = key.unwrap_or_else(|| self.key_of(record, row));
                let levels = self
                    .targets
                    .iter()
                    .zip(verdicts.iter())
                    .filter(|(t, _)| presence(t.sides) == Presence::Both)
                    .map(|(t, [o, n])| (t.level(0, o.0), t.level(1, n.0)))
                    .collect();
                part.changed.push(ChangedRow { key, levels });
            }
        }
    }

    /// The key cell of a record, or its row as the user counts it.
    fn key_of<'a>(&self, record: impl run::Cells<'a>, row: usize) -> String {
        match self.key.and_then(|c| record.get(c)) {
            Some(bytes) => String::from_utf8_lossy(bytes).trim().to_string(),
            None => self.place.as_ref().map_or(row + 2, |p| p.row(row)).to_string(),
        }
    }

    /// The findings from the tallies of every chunk.
    fn impact(&self, part: Part) -> Impact {
        let mut impact = Impact {
            rows: part.rows,
            error_rows: part.error_rows,
            errors: part.errors,
            changed_rows: part.changed_rows,
            changed: part.changed,
            ..Impact::default()
        };
        for (target, tallies) in self.targets.iter().zip(part.tallies) {
            let mut moves: Vec<Move> = tallies
                .into_iter()
                .map(|([ol, or, nl, nr], tally)| Move {
                    from: target.level(0, ol),
                    to: target.level(1, nl),
                    count: tally.count,
                    old_rule: target.rule(0, or),
                    new_rule: target.rule(1, nr),
                    samples: tally.samples,
                })
                .collect();
            // Most records first; ties in the order of the levels, for the same text every run.
            let order = |m: &Move| {
                let at = |p: usize, l: &Option<String>| {
                    l.as_ref().and_then(|l| target.levels[p].iter().position(|x| x == l)).unwrap_or(usize::MAX)
                };
                let rule = |r: &Option<RuleRef>| r.as_ref().map(|r| r.at.clone());
                (std::cmp::Reverse(m.count), at(0, &m.from), at(1, &m.to), rule(&m.old_rule), rule(&m.new_rule))
            };
            moves.sort_by_cached_key(order);
            let graded = moves.iter().filter(|m| m.from.is_some() && m.to.is_some()).map(|m| m.count).sum();
            let changed = moves.iter().filter(|m| m.changed()).map(|m| m.count).sum();
            let found = TargetImpact {
                name: target.name.clone(),
                presence: presence(target.sides),
                old_levels: target.levels[0].clone(),
                new_levels: target.levels[1].clone(),
                graded,
                changed,
                moves,
            };
            match target.what {
                What::Ladder => impact.ladders.push(found),
                What::Transitions => impact.transitions.push(found),
            }
        }
        for ((name, sides), tally) in self.scores.iter().zip(part.scores) {
            let mean_change = match tally.compared {
                0 => None,
                n => tally.sum.and_then(|s| s.checked_div(Decimal::from(n as u64))),
            };
            impact.scores.push(ScoreImpact {
                name: name.clone(),
                presence: presence(*sides),
                changed: tally.changed,
                compared: tally.compared,
                mean_change,
                largest: tally.largest,
            });
        }
        for ((t, name, sides), changed) in self.outputs.iter().zip(part.outputs) {
            let ladder = self.targets[*t].name.clone();
            impact.outputs.push(OutputImpact { ladder, name: name.clone(), presence: presence(*sides), changed });
        }
        impact
    }
}

impl Target {
    /// The name of level `level` (0: none) on side `p`.
    fn level(&self, p: usize, level: u32) -> Option<String> {
        Some(self.levels[p].get((level as usize).checked_sub(1)?)?.clone())
    }

    /// The rule or move `rule` (0: none) on side `p`.
    fn rule(&self, p: usize, rule: u32) -> Option<RuleRef> {
        Some(self.rules[p].get((rule as usize).checked_sub(1)?)?.clone())
    }
}

/// For each field of `new`, the field of `old` that reads the same column the same way, if any.
fn shared_fields(old: &Program, new: &Program) -> Vec<Option<usize>> {
    let levels = |p: &Program, ladder: usize| p.levels(ladder).map(String::from).collect::<Vec<_>>();
    let alike = |o: &crate::ir::Field, n: &crate::ir::Field| {
        let ty = match (&o.ty, &n.ty) {
            // A grade is read as the index of a level: the same only when the levels are.
            (FieldType::Grade(a), FieldType::Grade(b)) => levels(old, *a) == levels(new, *b),
            (a, b) => a == b,
        };
        o.column == n.column && o.required == n.required && ty
    };
    // Declared missing markers change how every cell reads.
    let same_missing = old.missing == new.missing;
    new.fields.iter().map(|n| old.fields.iter().position(|o| same_missing && alike(o, n))).collect()
}

/// `same[old][new]` for the level names of the old and new version (0: no level).
fn same(levels: &[Vec<String>; 2]) -> Vec<Vec<bool>> {
    let name = |p: usize, k: usize| k.checked_sub(1).map(|k| levels[p][k].as_str());
    (0..=levels[0].len()).map(|o| (0..=levels[1].len()).map(|n| name(0, o) == name(1, n)).collect()).collect()
}

/// How a graded record comes out of ladder or transition set `i`.
fn verdict(what: What, outcome: &Outcome, i: usize) -> Verdict {
    let some = |k: usize| k as u32 + 1;
    match what {
        What::Ladder => outcome.rules[i].map_or((0, 0), |r| (some(r), some(r))),
        What::Transitions => match outcome.stages[i] {
            Stage::Moved(m, to) => (some(to), some(m)),
            Stage::Stays(s) => (some(s), 0),
            Stage::Unknown | Stage::Spoiled => (0, 0),
        },
    }
}

/// The tallies of some records.
struct Part {
    rows: usize,
    error_rows: usize,
    errors: Vec<String>,
    changed_rows: usize,
    /// Per target: the records of each pair of verdicts, keyed `[old level, old rule, new level, new rule]`.
    tallies: Vec<Tallies>,
    scores: Vec<ScoreTally>,
    outputs: Vec<usize>,
    changed: Vec<ChangedRow>,
}

type Tallies = HashMap<[u32; 4], Tally, BuildHasherDefault<Fold>>;

/// FxHash's fold, for the tallies' small keys: one lookup per record and target, where the
/// standard SipHash took a tenth of all the instructions of a diff.
#[derive(Default, Clone, Copy)]
struct Fold(u64);

impl Hasher for Fold {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Default)]
struct Tally {
    count: usize,
    samples: Vec<String>,
}

#[derive(Debug, Default)]
struct ScoreTally {
    changed: usize,
    compared: usize,
    /// `None` once the sum no longer fits a decimal.
    sum: Option<Decimal>,
    largest: Option<Decimal>,
}

impl ScoreTally {
    fn add(&mut self, old: Option<Decimal>, new: Option<Decimal>) {
        self.changed += usize::from(old != new);
        let (Some(o), Some(n)) = (old, new) else { return };
        let Some(change) = n.checked_sub(o) else {
            self.sum = None;
            return;
        };
        self.sum = if self.compared == 0 { Some(change) } else { self.sum.and_then(|s| s.checked_add(change)) };
        self.compared += 1;
        if self.largest.is_none_or(|l| change.abs() > l.abs()) {
            self.largest = Some(change);
        }
    }

    fn merge(&mut self, other: ScoreTally) {
        self.changed += other.changed;
        if other.compared > 0 {
            self.sum = if self.compared == 0 {
                other.sum
            } else {
                self.sum.zip(other.sum).and_then(|(a, b)| a.checked_add(b))
            };
            self.compared += other.compared;
        }
        if let Some(change) = other.largest {
            if self.largest.is_none_or(|l| change.abs() > l.abs()) {
                self.largest = Some(change);
            }
        }
    }
}

impl Part {
    fn new(plan: &Plan) -> Part {
        Part {
            rows: 0,
            error_rows: 0,
            errors: Vec::new(),
            changed_rows: 0,
            tallies: plan.targets.iter().map(|_| Tallies::default()).collect(),
            scores: plan.scores.iter().map(|_| ScoreTally::default()).collect(),
            outputs: vec![0; plan.outputs.len()],
            changed: Vec::new(),
        }
    }

    /// Adds the tallies of the records that follow these; samples stay the first `sample` keys.
    fn merge(&mut self, other: Part, sample: usize) {
        self.rows += other.rows;
        self.error_rows += other.error_rows;
        let room = SHOWN_ERRORS.saturating_sub(self.errors.len());
        self.errors.extend(other.errors.into_iter().take(room));
        self.changed_rows += other.changed_rows;
        for (mine, theirs) in self.tallies.iter_mut().zip(other.tallies) {
            for (key, tally) in theirs {
                let into = mine.entry(key).or_default();
                into.count += tally.count;
                let room = sample.saturating_sub(into.samples.len());
                into.samples.extend(tally.samples.into_iter().take(room));
            }
        }
        for (mine, theirs) in self.scores.iter_mut().zip(other.scores) {
            mine.merge(theirs);
        }
        self.outputs.iter_mut().zip(other.outputs).for_each(|(a, b)| *a += b);
        self.changed.extend(other.changed);
    }
}
