//! Boxes: for each field, the cells a condition can hold in — a cheap over-approximation of its
//! BDD. Two conditions whose boxes are disjoint cannot both hold, which spares most of the BDD
//! operations between the rules of a long ladder.

/// The cells each constrained field may be in, by field; a field not listed may be in any.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct CellBox(Vec<(usize, Vec<u64>)>);

impl CellBox {
    /// Any record.
    pub(super) fn full() -> Self {
        CellBox(Vec::new())
    }

    /// Field `f` in the cells where `yes` holds.
    pub(super) fn field(f: usize, yes: impl Iterator<Item = bool>) -> Self {
        let mut bits = Vec::new();
        for (i, y) in yes.enumerate() {
            if bits.len() <= i / 64 {
                bits.push(0u64);
            }
            if y {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        CellBox(vec![(f, bits)])
    }

    /// Both hold: each field in the cells both allow.
    pub(super) fn and(&self, other: &Self) -> Self {
        let mut out = self.0.clone();
        for (f, b) in &other.0 {
            match out.iter_mut().find(|(g, _)| g == f) {
                Some((_, a)) => a.iter_mut().zip(b).for_each(|(x, y)| *x &= y),
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
                Some((*f, a.iter().zip(b).map(|(x, y)| x | y).collect()))
            })
            .collect();
        CellBox(out)
    }

    /// Whether no record is in both.
    pub(super) fn disjoint(&self, other: &Self) -> bool {
        self.0.iter().any(|(f, a)| {
            a.iter().all(|x| *x == 0) || other.0.iter().any(|(g, b)| g == f && a.iter().zip(b).all(|(x, y)| x & y == 0))
        })
    }
}
