//! Boxes: for each field, the cells a condition can hold in — a cheap over-approximation of its
//! BDD. Two conditions whose boxes are disjoint cannot both hold, which spares most of the BDD
//! operations between the rules of a long ladder.

use std::ops::Range;

/// The cells each constrained field may be in, by field, as runs of cells in order (a field of
/// ten thousand cells held by one comparison is one or two runs); a field not listed may be in
/// any.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct CellBox(Vec<(usize, Vec<Range<usize>>)>);

impl CellBox {
    /// Any record.
    pub(super) fn full() -> Self {
        CellBox(Vec::new())
    }

    /// Field `f` in the cells of `runs` (in order).
    pub(super) fn field(f: usize, runs: impl Iterator<Item = Range<usize>>) -> Self {
        CellBox(vec![(f, merged(runs))])
    }

    /// Both hold: each field in the cells both allow.
    pub(super) fn and(&self, other: &Self) -> Self {
        let mut out = self.0.clone();
        for (f, b) in &other.0 {
            match out.iter_mut().find(|(g, _)| g == f) {
                Some((_, a)) => *a = both(a, b),
                None => out.push((*f, b.clone())),
            }
        }
        CellBox(out)
    }

    /// Either holds: each field constrained by both in the cells either allows.
    pub(super) fn or(&self, other: &Self) -> Self {
        let out = self
            .0
            .iter()
            .filter_map(|(f, a)| {
                let (_, b) = other.0.iter().find(|(g, _)| g == f)?;
                let mut runs = a.clone();
                runs.extend(b.iter().cloned());
                runs.sort_by_key(|r| r.start);
                Some((*f, merged(runs.into_iter())))
            })
            .collect();
        CellBox(out)
    }

    /// Whether no record is in both.
    pub(super) fn disjoint(&self, other: &Self) -> bool {
        self.0.iter().any(|(f, a)| a.is_empty() || other.0.iter().any(|(g, b)| g == f && both(a, b).is_empty()))
    }
}

/// Runs in order of their starts, as few as hold the same cells.
fn merged(runs: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in runs.filter(|r| !r.is_empty()) {
        match out.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The cells in runs of both `a` and `b`.
fn both(a: &[Range<usize>], b: &[Range<usize>]) -> Vec<Range<usize>> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let r = a[i].start.max(b[j].start)..a[i].end.min(b[j].end);
        if !r.is_empty() {
            out.push(r);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}
