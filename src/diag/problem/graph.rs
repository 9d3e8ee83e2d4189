//! The arguments of the stage graph's warnings.

/// A move as named in warnings: `A07, A08 -> A06` (line 12).
#[derive(Debug, Clone, PartialEq)]
pub struct MoveRef {
    /// The stages it leaves; `None` for `*`.
    pub from: Option<Vec<String>>,
    pub to: String,
    pub line: usize,
}

/// `ladder::unreachable_stage`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreachableStage {
    pub stage: String,
    pub set: String,
    pub entries: Vec<String>,
    pub why: Unreached,
}

/// Why no customer reaches a stage.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreached {
    NoMove,
    DeadMoves,
    /// Moves lead to it only from these stages, which cannot be reached either.
    OnlyFrom(Vec<String>),
}

/// `ladder::dead_end_stage`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadEndStage {
    pub stage: String,
    pub why: DeadEnd,
    /// The stages customers reach it from; empty when they start there.
    pub reached_from: Vec<String>,
}

/// Why a stage has no way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadEnd {
    NoMove,
    OnlySelf,
    DeadMoves,
}

/// `ladder::shadowed_move`.
#[derive(Debug, Clone, PartialEq)]
pub enum ShadowedMove {
    /// One earlier move hides this one from `stages` (`whole`: from every stage it leaves but
    /// final ones).
    One { whole: bool, stages: Vec<String>, first: MoveRef, how: Hides },
    /// Several earlier moves together hide it from `stages`.
    Together { whole: bool, stages: Vec<String>, firsts: Vec<MoveRef> },
    /// Different earlier moves hide it from different stages: each stage with the moves that
    /// take its records there.
    Each { whole: bool, each: Vec<(String, Vec<MoveRef>)> },
}

/// Why an earlier move hides a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hides {
    Otherwise,
    SameCondition,
    Implies,
}
