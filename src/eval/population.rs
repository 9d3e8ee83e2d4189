//! Population functions (`quintile`, `percentile`, `rank`): every row's argument gathered in no
//! order ([`Sample`]), ranked once ([`Ranked`]), and each row's place looked up from its own
//! argument when the row is graded. Nothing is kept per row: a column of days or counts is a
//! table of how many rows hold each value, any other column its values alone (4 bytes each while
//! their digits fit 32 bits), and a quintile keeps only the four values where its fifths start.

use crate::ir::{PopFn, Program};
use crate::value::Decimal;

/// The values of population functions over the whole input: `cols[pop]` ranks population value
/// `pop`'s arguments.
#[derive(Debug, Clone, Default)]
pub struct Pops {
    pub cols: Vec<Ranked>,
}

/// The population values of `program`, stage by stage (see [`Program::pop_stages`]): `samples`
/// gives, under the values of the earlier stages, the arguments of each population value
/// `wanted`, which are then ranked.
pub fn rank_populations<E>(
    program: &Program,
    mut samples: impl FnMut(&Pops, &[usize]) -> Result<Vec<Sample>, E>,
) -> Result<Pops, E> {
    let stages = program.pop_stages();
    let mut pops = Pops { cols: program.pops.iter().map(|p| Sample::default().rank(p.func)).collect() };
    for stage in 0..=stages.iter().copied().max().unwrap_or(0) {
        let wanted: Vec<usize> = (0..stages.len()).filter(|&p| stages[p] == stage).collect();
        let cols = samples(&pops, &wanted)?;
        for (p, col) in wanted.into_iter().zip(cols) {
            pops.cols[p] = col.rank(program.pops[p].func);
        }
    }
    Ok(pops)
}

/// A column whose values span at most this many is counted as it is gathered (256 KiB).
const COUNTED: u64 = 1 << 16;

/// The arguments of one population function, in no order: digits at one scale for the whole
/// column (`12.5` at scale 1 is `125`), counted while they span few values, else listed.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    scale: u32,
    /// `counts[v]` values are `lo + v`.
    lo: i64,
    counts: Vec<u32>,
    listed: Listed,
}

/// Values one by one: 4 bytes each while their digits fit 32 bits, 8 while they fit 64, else
/// the decimals themselves.
#[derive(Debug, Clone)]
enum Listed {
    I32(Vec<i32>),
    I64(Vec<i64>),
    Wide(Vec<Decimal>),
}

impl Default for Listed {
    fn default() -> Self {
        Listed::I32(Vec::new())
    }
}

impl Listed {
    fn len(&self) -> usize {
        match self {
            Listed::I32(v) => v.len(),
            Listed::I64(v) => v.len(),
            Listed::Wide(v) => v.len(),
        }
    }
}

/// The digits of `d` at `scale` (not less than its own), if they fit 64 bits.
fn digits_at(d: Decimal, scale: u32) -> Option<i64> {
    const POW10: [i64; 19] = {
        let mut p = [1; 19];
        let mut i = 1;
        while i < 19 {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    let up = scale.checked_sub(d.scale())?;
    match (POW10.get(up as usize), i64::try_from(d.mantissa())) {
        (Some(f), Ok(m)) => m.checked_mul(*f),
        // 10^19 and more times anything but 0 is past 64 bits.
        (None, Ok(0)) => Some(0),
        (None | Some(_), Ok(_) | Err(_)) => None,
    }
}

fn span<T: Copy + Into<i64>>(values: &[T]) -> Option<(i64, i64)> {
    let lo = values.iter().map(|&k| k.into()).min()?;
    Some((lo, values.iter().map(|&k| k.into()).max()?))
}

impl Sample {
    /// Adds `d`.
    pub fn push(&mut self, d: Decimal) {
        let d = if d.scale() > self.scale { d.normalize() } else { d };
        if d.scale() > self.scale {
            self.rescale(d.scale());
        }
        match digits_at(d, self.scale) {
            Some(k) => self.list(k),
            None => loop {
                match &mut self.listed {
                    Listed::Wide(v) => break v.push(d),
                    Listed::I32(_) | Listed::I64(_) => self.widen(),
                }
            },
        }
    }

    /// Adds the values of `other` (a worker's part), counting those that fit the table of counts.
    pub fn append(&mut self, mut other: Sample) {
        let to = self.scale.max(other.scale);
        self.rescale(to);
        other.rescale(to);
        let (lo, counts) = (other.lo, std::mem::take(&mut other.counts));
        if let Some(last) = counts.len().checked_sub(1) {
            if self.room(lo, lo + last as i64, COUNTED) {
                let at = (lo - self.lo) as usize;
                self.counts[at..].iter_mut().zip(counts).for_each(|(a, c)| *a += c);
            } else {
                counts.iter().enumerate().for_each(|(v, &c)| (0..c).for_each(|_| self.list(lo + v as i64)));
            }
        }
        match other.listed {
            Listed::I32(v) if !self.take(&v, COUNTED) => v.iter().for_each(|&k| self.list(k.into())),
            Listed::I64(v) if !self.take(&v, COUNTED) => v.iter().for_each(|&k| self.list(k)),
            Listed::I32(_) | Listed::I64(_) => {}
            Listed::Wide(v) => v.into_iter().for_each(|d| self.push(d)),
        }
    }

    /// Counts `values` (digits at the column's scale), if the table of counts can reach them
    /// all while it spans fewer than `limit` values.
    fn take<T: Copy + Into<i64>>(&mut self, values: &[T], limit: u64) -> bool {
        let Some((lo, hi)) = span(values) else { return true };
        let room = self.room(lo, hi, limit);
        if room {
            values.iter().for_each(|&k| self.counts[(k.into() - self.lo) as usize] += 1);
        }
        room
    }

    /// Makes the table of counts reach from `lo` to `hi`, if it then spans fewer than `limit`
    /// values.
    fn room(&mut self, lo: i64, hi: i64, limit: u64) -> bool {
        let (start, end) = match self.counts.len() {
            0 => (lo, hi),
            len => (self.lo.min(lo), (self.lo + len as i64 - 1).max(hi)),
        };
        if end.abs_diff(start) >= limit {
            return false;
        }
        if start < self.lo || self.counts.is_empty() {
            let mut grown = vec![0; if self.counts.is_empty() { 0 } else { (self.lo - start) as usize }];
            grown.append(&mut self.counts);
            self.counts = grown;
            self.lo = start;
        }
        self.counts.resize(end.abs_diff(start) as usize + 1, 0);
        true
    }

    /// Lists digits `k` at the column's scale.
    fn list(&mut self, k: i64) {
        match &mut self.listed {
            Listed::I32(v) => match i32::try_from(k) {
                Ok(k) => v.push(k),
                Err(_) => {
                    self.widen();
                    self.list(k);
                }
            },
            Listed::I64(v) => v.push(k),
            Listed::Wide(v) => v.push(Decimal::from_i128_with_scale(i128::from(k), self.scale)),
        }
    }

    /// The listed values in the next wider form.
    fn widen(&mut self) {
        let scale = self.scale;
        self.listed = match std::mem::take(&mut self.listed) {
            Listed::I32(v) => Listed::I64(v.into_iter().map(i64::from).collect()),
            Listed::I64(v) => {
                Listed::Wide(v.into_iter().map(|k| Decimal::from_i128_with_scale(i128::from(k), scale)).collect())
            }
            wide @ Listed::Wide(_) => wide,
        }
    }

    /// The same values with digits at `to`, when that is more than the column's scale: counted
    /// ones spread apart while they still span few values, else listed; listed ones widened
    /// where they no longer fit.
    fn rescale(&mut self, to: u32) {
        if to <= self.scale {
            return;
        }
        let factor = 10i64.checked_pow(to - self.scale);
        if let Some(last) = self.counts.len().checked_sub(1) {
            let spread = factor.filter(|&f| (last as u64).saturating_mul(f as u64) < COUNTED);
            match spread.and_then(|f| Some((f, self.lo.checked_mul(f)?))) {
                Some((f, lo)) => {
                    let mut counts = vec![0; last * f as usize + 1];
                    self.counts.iter().enumerate().for_each(|(v, &c)| counts[v * f as usize] = c);
                    (self.counts, self.lo) = (counts, lo);
                }
                None => {
                    let (lo, counts) = (self.lo, std::mem::take(&mut self.counts));
                    counts.iter().enumerate().for_each(|(v, &c)| (0..c).for_each(|_| self.list(lo + v as i64)));
                }
            }
        }
        let fits = |k: i64, lo: i64, hi: i64| factor.and_then(|f| k.checked_mul(f)).is_some_and(|k| lo <= k && k <= hi);
        loop {
            match &mut self.listed {
                Listed::I32(v) if v.iter().all(|&k| fits(i64::from(k), i64::from(i32::MIN), i64::from(i32::MAX))) => {
                    let f = factor.unwrap_or(1) as i32;
                    v.iter_mut().for_each(|k| *k *= f);
                    break;
                }
                Listed::I64(v) if v.iter().all(|&k| fits(k, i64::MIN, i64::MAX)) => {
                    let f = factor.unwrap_or(1);
                    v.iter_mut().for_each(|k| *k *= f);
                    break;
                }
                Listed::Wide(_) => break,
                Listed::I32(_) | Listed::I64(_) => self.widen(),
            }
        }
        self.scale = to;
    }

    /// Ranks the values for `func`: a column spanning fewer values than it has is counted (no
    /// sort); quintiles of the others are found by selection, the others' values sorted.
    pub fn rank(mut self, func: PopFn) -> Ranked {
        let n = self.counts.iter().map(|&c| c as usize).sum::<usize>() + self.listed.len();
        self.listed = match std::mem::take(&mut self.listed) {
            Listed::I32(v) if self.take(&v, (n as u64).max(COUNTED)) => Listed::default(),
            Listed::I64(v) if self.take(&v, (n as u64).max(COUNTED)) => Listed::default(),
            listed => listed,
        };
        let scale = self.scale;
        if self.listed.len() == 0 {
            return Ranked { func, n, order: counted(func, scale, self.lo, self.counts, n) };
        }
        let (lo, counts) = (self.lo, std::mem::take(&mut self.counts));
        counts.iter().enumerate().for_each(|(v, &c)| (0..c).for_each(|_| self.list(lo + v as i64)));
        let order = match (func, self.listed) {
            (PopFn::Quintile, Listed::I32(mut v)) => Order::Cuts { scale, cuts: cuts(&mut v).map(i64::from) },
            (PopFn::Quintile, Listed::I64(mut v)) => Order::Cuts { scale, cuts: cuts(&mut v) },
            (PopFn::Quintile, Listed::Wide(mut v)) => Order::WideCuts(cuts(&mut v)),
            (PopFn::Percentile | PopFn::Rank, Listed::I32(values)) => {
                Order::Sorted32 { scale, sorted: Sorted::new(values) }
            }
            (PopFn::Percentile | PopFn::Rank, Listed::I64(values)) => {
                Order::Sorted64 { scale, sorted: Sorted::new(values) }
            }
            (PopFn::Percentile | PopFn::Rank, Listed::Wide(mut sorted)) => {
                sort(&mut sorted);
                Order::Wide(sorted)
            }
        };
        Ranked { func, n, order }
    }

    /// The values, ascending.
    #[cfg(test)]
    fn values(&self) -> Vec<Decimal> {
        let at = |k: i64| Decimal::from_i128_with_scale(i128::from(k), self.scale);
        let mut all: Vec<Decimal> = match &self.listed {
            Listed::I32(v) => v.iter().map(|&k| at(k.into())).collect(),
            Listed::I64(v) => v.iter().map(|&k| at(k)).collect(),
            Listed::Wide(v) => v.clone(),
        };
        self.counts.iter().enumerate().for_each(|(v, &c)| all.extend((0..c).map(|_| at(self.lo + v as i64))));
        all.sort();
        all
    }
}

/// The order of a counted column: for quintiles their cuts, else how many values lie below each.
fn counted(func: PopFn, scale: u32, lo: i64, mut counts: Vec<u32>, n: usize) -> Order {
    match func {
        PopFn::Quintile => {
            let mut cuts = [lo; 4];
            let (mut seen, mut k) = (0, 1);
            for (v, &c) in counts.iter().enumerate() {
                seen += c as usize;
                while k <= 4 && (k * n).div_ceil(5) <= seen {
                    cuts[k - 1] = lo + v as i64;
                    k += 1;
                }
            }
            Order::Cuts { scale, cuts }
        }
        PopFn::Percentile | PopFn::Rank => {
            // `below[v]`: how many values are less than `lo + v`.
            counts.insert(0, 0);
            (1..counts.len()).for_each(|v| counts[v] += counts[v - 1]);
            Order::Counted { scale, lo, below: counts }
        }
    }
}

/// The values at which the second to the fifth fifth of `values` (not empty) start, found by
/// selection, not by sorting: see [`Order::Cuts`].
fn cuts<T: Ord + Copy>(values: &mut [T]) -> [T; 4] {
    let n = values.len();
    let mut cuts = [values[0]; 4];
    let mut end = n;
    for k in (1..=4).rev() {
        // The value with `ceil(k·n/5)` values up to it: `values[..end]` holds the `end`
        // smallest, as the selection before left them.
        let at = (k * n).div_ceil(5) - 1;
        cuts[k - 1] = *values[..end].select_nth_unstable(at).1;
        end = at + 1;
    }
    cuts
}

/// Sorts `values` on two threads: split about their median, each half sorted on its own.
fn sort<T: Ord + Send>(values: &mut [T]) {
    if values.len() < 1 << 16 {
        values.sort_unstable();
        return;
    }
    let mid = values.len() / 2;
    values.select_nth_unstable(mid);
    let (low, high) = values.split_at_mut(mid);
    std::thread::scope(|s| {
        s.spawn(|| low.sort_unstable());
        high.sort_unstable();
    });
}

/// One population function's arguments, ranked: any value's place among them is looked up
/// ([`Ranked::get`]).
#[derive(Debug, Clone)]
pub struct Ranked {
    func: PopFn,
    /// How many values.
    n: usize,
    order: Order,
}

#[derive(Debug, Clone)]
enum Order {
    /// For quintiles, digits at `scale`: the value with `ceil(k·n/5)` values up to it, for `k`
    /// from 1 to 4. A value's quintile is one more than how many of these are less than it.
    Cuts {
        scale: u32,
        cuts: [i64; 4],
    },
    WideCuts([Decimal; 4]),
    /// Digits at `scale`: `below[v]`, how many values are less than `lo + v`, up to one past the
    /// largest.
    Counted {
        scale: u32,
        lo: i64,
        below: Vec<u32>,
    },
    /// Digits at `scale`.
    Sorted32 {
        scale: u32,
        sorted: Sorted<i32>,
    },
    Sorted64 {
        scale: u32,
        sorted: Sorted<i64>,
    },
    Wide(Vec<Decimal>),
}

/// Where a value falls among digits at a scale.
#[derive(Debug, Clone, Copy, PartialEq)]
enum At<T> {
    Exactly(T),
    /// Between `k` and `k + 1`: the value has more decimal places than the digits.
    Past(T),
    Below,
    Above,
}

/// Where `v` falls among digits at `scale`.
fn at(v: Decimal, scale: u32) -> At<i64> {
    let v = if v.scale() > scale { v.normalize() } else { v };
    let beyond = if v.is_sign_negative() { At::Below } else { At::Above };
    if v.scale() <= scale {
        return digits_at(v, scale).map_or(beyond, At::Exactly);
    }
    let floor = v.checked_mul(Decimal::from_i128_with_scale(10i128.pow(scale), 0)).map(|x| x.floor().normalize());
    floor.and_then(|x| digits_at(x, 0)).map_or(beyond, At::Past)
}

/// How many of a quintile's cut values are less than the value `at` says.
fn cuts_below(cuts: &[i64; 4], at: At<i64>) -> usize {
    match at {
        At::Exactly(k) => cuts.iter().filter(|&&c| c < k).count(),
        At::Past(k) => cuts.iter().filter(|&&c| c <= k).count(),
        At::Below => 0,
        At::Above => 4,
    }
}

/// Digits in order, each once, with how many values lie below it; and where each bucket of
/// `2^shift` digits from the smallest starts among them, so finding a value reads its bucket (a
/// few entries, one cache line) rather than searching them all — an amount many rows share is one
/// entry.
#[derive(Debug, Clone)]
struct Sorted<T> {
    /// `(digits, how many values are less)`.
    entries: Vec<(T, u32)>,
    /// How many values in all.
    n: usize,
    shift: u32,
    /// `starts[b]`: where bucket `b` starts in `entries`; one past the last bucket too.
    starts: Vec<u32>,
}

impl<T: Copy + Ord + Send + Into<i64>> Sorted<T> {
    /// The distinct `values` (not empty) in order, with a bucket for about every four.
    fn new(mut values: Vec<T>) -> Self {
        sort(&mut values);
        let n = values.len();
        let mut entries: Vec<(T, u32)> = Vec::new();
        for (i, &x) in values.iter().enumerate() {
            if entries.last().is_none_or(|&(last, _)| last != x) {
                entries.push((x, i as u32));
            }
        }
        drop(values);
        entries.shrink_to_fit();
        let lo = entries[0].0.into();
        let span = entries[entries.len() - 1].0.into().abs_diff(lo);
        let shift = (0..64).find(|&s| span >> s < (entries.len() as u64 / 4).max(1)).unwrap_or(63);
        let mut starts = Vec::with_capacity((span >> shift) as usize + 2);
        for (i, &(x, _)) in entries.iter().enumerate() {
            let b = (x.into().abs_diff(lo) >> shift) as usize;
            while starts.len() <= b {
                starts.push(i as u32);
            }
        }
        starts.push(entries.len() as u32);
        Sorted { entries, n, shift, starts }
    }

    /// How many values are less than the value `at` says, and how many not more.
    fn counts(&self, at: At<i64>) -> (usize, usize) {
        let n = self.n;
        let (lo, hi) = (self.entries[0].0.into(), self.entries[self.entries.len() - 1].0.into());
        let (k, exactly) = match at {
            At::Below => return (0, 0),
            At::Above => return (n, n),
            At::Exactly(k) => (k, true),
            At::Past(k) => (k, false),
        };
        if k < lo {
            return (0, 0);
        }
        if k > hi || (k == hi && !exactly) {
            return (n, n);
        }
        let b = (k.abs_diff(lo) >> self.shift) as usize;
        let start = self.starts[b] as usize;
        let bucket = &self.entries[start..self.starts[b + 1] as usize];
        let i = start + bucket.partition_point(|&(x, _)| x.into() < k);
        let below = |i: usize| self.entries.get(i).map_or(n, |&(_, below)| below as usize);
        let found = self.entries.get(i).is_some_and(|&(x, _)| x.into() == k);
        match (found, exactly) {
            (true, true) => (below(i), below(i + 1)),
            (true, false) => (below(i + 1), below(i + 1)),
            (false, _) => (below(i), below(i)),
        }
    }
}

impl Ranked {
    /// The quintile (1–5), percentile (0–100: the share of the others below it, unrounded but to
    /// the digits of a quotient) or rank (1 for the largest) of `v` among the values, exactly;
    /// `None` when there are none. A value that is not among them (a row that took no part)
    /// gets the place it would take.
    pub fn get(&self, v: Decimal) -> Option<Decimal> {
        let n = self.n;
        if n == 0 {
            return None;
        }
        let (less, not_more) = match &self.order {
            Order::Cuts { scale, cuts } => return Some(Decimal::from(1 + cuts_below(cuts, at(v, *scale)))),
            Order::WideCuts(cuts) => return Some(Decimal::from(1 + cuts.partition_point(|&c| c < v))),
            Order::Counted { scale, lo, below } => {
                let last = below.len() - 1;
                // A value more than 2^63 above the smallest is past the last count, not below the first.
                let index = |k: i64| (k >= *lo).then(|| k.abs_diff(*lo).min(last as u64) as usize);
                let next = |d: usize| below[(d + 1).min(last)] as usize;
                match at(v, *scale) {
                    At::Exactly(k) => index(k).map_or((0, 0), |d| (below[d] as usize, next(d))),
                    At::Past(k) => index(k).map_or((0, 0), |d| (next(d), next(d))),
                    At::Below => (0, 0),
                    At::Above => (n, n),
                }
            }
            Order::Sorted32 { scale, sorted } => sorted.counts(at(v, *scale)),
            Order::Sorted64 { scale, sorted } => sorted.counts(at(v, *scale)),
            Order::Wide(sorted) => (sorted.partition_point(|&x| x < v), sorted.partition_point(|&x| x <= v)),
        };
        Some(match self.func {
            PopFn::Quintile => Decimal::from((less * 5 / n + 1).min(5)),
            PopFn::Rank => Decimal::from(n - not_more + 1),
            PopFn::Percentile if n == 1 => Decimal::ONE_HUNDRED,
            PopFn::Percentile => {
                (Decimal::ONE_HUNDRED * Decimal::from(less)).checked_div(Decimal::from(n - 1)).unwrap_or_default()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(xs: &[f64]) -> Vec<Option<Decimal>> {
        xs.iter().map(|x| (!x.is_nan()).then(|| Decimal::try_from(*x).unwrap())).collect()
    }

    fn sample(values: &[Option<Decimal>]) -> Sample {
        let mut sample = Sample::default();
        values.iter().flatten().for_each(|&v| sample.push(v));
        sample
    }

    /// Each row's value among the values of the column (a row without one has none).
    fn rank_column(func: PopFn, col: Vec<Option<Decimal>>) -> Vec<Option<Decimal>> {
        let ranked = sample(&col).rank(func);
        col.iter().map(|v| v.and_then(|v| ranked.get(v))).collect()
    }

    /// What counting the values below and above `v` gives.
    fn counted(func: PopFn, values: &[Decimal], v: Decimal) -> Option<Decimal> {
        let n = values.len();
        let below = values.iter().filter(|x| **x < v).count();
        let above = values.iter().filter(|x| **x > v).count();
        (n > 0).then(|| match func {
            PopFn::Quintile => Decimal::from((below * 5 / n + 1).min(5)),
            PopFn::Percentile if n == 1 => Decimal::ONE_HUNDRED,
            PopFn::Percentile => {
                (Decimal::ONE_HUNDRED * Decimal::from(below)).checked_div(Decimal::from(n - 1)).unwrap()
            }
            PopFn::Rank => Decimal::from(above + 1),
        })
    }

    #[test]
    fn ranks_share_ties_and_skip_missing() {
        let col = nums(&[10.0, f64::NAN, 30.0, 30.0, 20.0]);
        assert_eq!(rank_column(PopFn::Rank, col.clone())[2..], nums(&[1.0, 1.0, 3.0]));
        let q = rank_column(PopFn::Quintile, col.clone());
        assert_eq!((q[0], q[4], q[2]), (Some(Decimal::ONE), Some(Decimal::TWO), Some(Decimal::from(3))));
        assert!(q[1].is_none());
        let p = rank_column(PopFn::Percentile, col);
        // 100 × smaller ÷ (n − 1), to the digits a quotient holds.
        let third = |k: i64| Decimal::from(100 * k) / Decimal::from(3);
        assert_eq!((p[0], p[4], p[2]), (Some(Decimal::ZERO), Some(third(1)), Some(third(2))));
        assert_eq!(p[4].unwrap().to_string(), "33.333333333333333333333333333");
    }

    proptest::proptest! {
        /// Each value's place is what counting the others gives, whatever the values' sizes and
        /// scales (counted, listed in 32 or 64 bits, or as decimals), and so is the place of a
        /// value not among them, with more decimal places or beyond them all.
        #[test]
        fn places_are_counts_of_the_others(
            values in proptest::collection::vec(proptest::option::of((-10i128..10, 0u32..4, 0u32..5)), 0..40),
            probes in proptest::collection::vec((-12i128..12, 0u32..6, 0u32..5), 0..6),
        ) {
            let big = [1i128, 10i128.pow(5), 10i128.pow(12), 10i128.pow(20), 10i128.pow(27)];
            let num = |(m, s, b): (i128, u32, u32)| Decimal::from_i128_with_scale(m * big[b as usize], s);
            let col: Vec<Option<Decimal>> = values.iter().map(|v| v.map(num)).collect();
            let present: Vec<Decimal> = col.iter().flatten().copied().collect();
            for func in [PopFn::Quintile, PopFn::Percentile, PopFn::Rank] {
                let ranked = sample(&col).rank(func);
                // Just above each value: more decimal places than the column has.
                let above = present.iter().filter_map(|v| v.checked_add(Decimal::new(1, 6)));
                for v in present.iter().copied().chain(above).chain(probes.iter().copied().map(num)) {
                    proptest::prop_assert_eq!(ranked.get(v), counted(func, &present, v), "{:?} of {}", func, v);
                }
            }
        }

        /// Values pushed in parts and appended, as the workers of a run gather them, are all
        /// there, whatever mix of scales and sizes moves the column from counts to wider digits.
        #[test]
        fn samples_hold_every_value_in_parts(
            values in proptest::collection::vec((-100i128..100, 0u32..5, 0u32..5), 0..60),
            cuts in proptest::collection::vec(0usize..60, 0..4),
        ) {
            let big = [1i128, 10i128.pow(4), 10i128.pow(9), 10i128.pow(17), 10i128.pow(26)];
            let col: Vec<Decimal> =
                values.iter().map(|&(m, s, b)| Decimal::from_i128_with_scale(m * big[b as usize], s)).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(col.len())).collect();
            cuts.sort_unstable();
            let mut all = Sample::default();
            let mut start = 0;
            for end in cuts.into_iter().chain([col.len()]) {
                let mut part = Sample::default();
                col[start..end].iter().for_each(|&v| part.push(v));
                all.append(part);
                start = end;
            }
            let mut want = col.clone();
            want.sort();
            let got = all.values();
            proptest::prop_assert_eq!(got.len(), want.len());
            // Equal as numbers (`12.50` is `12.5`).
            proptest::prop_assert!(got.iter().zip(&want).all(|(a, b)| a == b), "{:?} ≠ {:?}", got, want);
        }
    }

    #[test]
    fn listed_digits_narrow_while_they_fit() {
        let mut s = Sample::default();
        ["12", "-7", "12.50", "0.001"].iter().for_each(|d| s.push(d.parse().unwrap()));
        assert!(matches!(&s.listed, Listed::I32(digits) if digits == &[12000, -7000, 12500, 1]));
        assert_eq!(s.scale, 3);
        s.push(Decimal::from(3_000_000));
        assert!(matches!(&s.listed, Listed::I64(_)));
        s.push(Decimal::MAX);
        assert!(matches!(&s.listed, Listed::Wide(_)));
        assert_eq!(s.values().len(), 6);
    }

    /// Days since a purchase over two years, gathered in parts as a run's workers do: counted,
    /// 731 counts whatever the rows; amounts spanning millions are listed.
    #[test]
    fn few_values_are_counted_as_they_come() {
        let (mut days, mut amounts) = (Sample::default(), Sample::default());
        for part in 0..100 {
            let (mut d, mut a) = (Sample::default(), Sample::default());
            (0..1000).for_each(|i| d.push(Decimal::from((part * 1000 + i) % 731)));
            (0..1000).for_each(|i| a.push(Decimal::from((part * 7919 + i * 104_729) % 9_000_000)));
            days.append(d);
            amounts.append(a);
        }
        assert_eq!((days.counts.len(), days.listed.len()), (731, 0));
        assert_eq!(amounts.listed.len(), 100_000);
    }

    /// Enough values to sort on two threads, spanning more values than there are (listed) and
    /// fewer (counted): each place is what a binary search of the sorted values gives.
    #[test]
    fn large_columns_rank_as_sorted_values_say() {
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for span in [1_000i64, 1_000_000_000, 10_000_000_000] {
            let col: Vec<Option<i64>> =
                (0..200_000).map(|_| (next() % 10 != 0).then(|| (next() % span as u64) as i64)).collect();
            let mut sorted: Vec<i64> = col.iter().flatten().copied().collect();
            sorted.sort_unstable();
            let n = sorted.len();
            for func in [PopFn::Quintile, PopFn::Percentile, PopFn::Rank] {
                let got = rank_column(func, col.iter().map(|v| v.map(Decimal::from)).collect());
                for (row, v) in col.iter().enumerate() {
                    let want = v.map(|v| {
                        let (start, end) = (sorted.partition_point(|&x| x < v), sorted.partition_point(|&x| x <= v));
                        match func {
                            PopFn::Quintile => Decimal::from(start * 5 / n + 1),
                            PopFn::Percentile => Decimal::ONE_HUNDRED * Decimal::from(start) / Decimal::from(n - 1),
                            PopFn::Rank => Decimal::from(n - end + 1),
                        }
                    });
                    assert_eq!(got[row], want, "{func:?} span {span} row {row}");
                }
            }
        }
    }

    #[test]
    fn quintiles_spread_evenly() {
        let col = nums(&(0..10).map(f64::from).collect::<Vec<_>>());
        let q = rank_column(PopFn::Quintile, col);
        assert_eq!(q, nums(&[1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0]));
    }

    /// Ties are found on the exact values, which no binary fraction tells apart.
    #[test]
    fn ranks_tell_close_decimals_apart() {
        let a: Decimal = "0.1000000000000000000000001".parse().unwrap();
        let col = vec![Some(a), Some("0.1".parse().unwrap())];
        assert_eq!(rank_column(PopFn::Rank, col), [Some(Decimal::ONE), Some(Decimal::TWO)]);
    }
}
