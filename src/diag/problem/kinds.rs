//! The arguments of problems with kinds of value: type names and the kinds of mismatch.

/// The kind of a value, as named in messages.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeName {
    Bool,
    Number,
    Money,
    Text,
    Date,
    Duration,
    /// A choice of the named field.
    Choice(String),
    /// A level of the named ladder.
    Level(String),
    Unknown,
}

/// A declared field type, as named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    Money,
    Bool,
    Date,
    OneOf,
    Grade,
}

/// How to turn a value into a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum CondExample {
    /// Compare an amount: `src >= 100万`.
    Amount,
    /// Compare text, or test that it is present.
    Text,
    /// Test a window of time.
    Date,
    /// Name a choice: `src is member`.
    Choice {
        member: String,
    },
    /// Name a level: `src is level`.
    Level {
        level: String,
    },
    Compare,
}

/// The kinds of `ladder::type_mismatch`.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// `is` used on a value that is not a choice or level; `subject` is the value as written.
    IsOnValue { subject: Option<String>, member: String, ty: TypeName },
    /// A list item of the wrong kind; `unquote` is the number inside a quoted item.
    ListItem { item: String, want: TypeName, got: TypeName, unquote: Option<String> },
    /// A value where something else was wanted.
    Expected { src: String, want: Wanted, got: TypeName, hint: WantedHint },
    /// One value of a kind the operation does not take.
    WrongKind { src: String, got: TypeName, op: KindOp },
    /// Two values that do not combine.
    Pair(Box<Pair>),
    /// A score that is not a number.
    Score { name: String, got: TypeName },
}

/// What was wanted where a [`Mismatch::Expected`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// The date of `within`/`before`/`after`.
    TimeDate,
    /// The length of time after `within next`.
    TimeLength,
    /// The date after `before`/`after`.
    TimeLimit,
    /// The date of `days since`.
    DaysDate,
    /// The argument of a ranking function.
    RankArg,
}

/// What the hint for a [`Wanted`] says beyond "write … here".
#[derive(Debug, Clone, PartialEq)]
pub enum WantedHint {
    /// The generic "Write WANTED here."
    Plain,
    /// A length of time where a date is wanted.
    Window,
    /// `20261123`: the date with dashes.
    Dashes { year: String, month: String, day: String },
    /// A number where a length of time is wanted.
    Unit,
}

/// An operation on one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindOp {
    Negate,
    /// `contains` or `starts with`, with the hint for the value's kind.
    LooksInside {
        starts_with: bool,
        hint: InsideHint,
    },
}

/// The hint for `contains`/`starts with` on something that is not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsideHint {
    Choice,
    Amount,
    Other,
}

/// Two values that do not combine.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub verb: Verb,
    pub a: (String, TypeName),
    pub b: (String, TypeName),
    pub hint: PairHint,
}

/// What was done to a [`Pair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Add,
    Subtract,
    Multiply,
    Divide,
    Compare,
}

/// The fix for a [`Pair`].
#[derive(Debug, Clone, PartialEq)]
pub enum PairHint {
    DateArithmetic,
    /// Arithmetic on `src`, which is `ty`.
    NotNumeric {
        src: String,
        ty: TypeName,
    },
    DateWithLength,
    /// `上次回访日期 > 30天`: the number of days since the date, compared with `op`.
    DaysSince {
        date: String,
        op: String,
        days: u64,
    },
    Unquote(String),
    TextWithNumber,
    DaysCount,
    YesNo,
    SameKind,
    /// `<`, `<=`, `>`, `>=` between two values of a kind that has no order (text, a choice).
    Unordered {
        ty: TypeName,
    },
}

/// Why a file named by `use` was not read.
#[derive(Debug, Clone, PartialEq)]
pub enum UseReason {
    /// The operating system's words (no such file, no permission).
    Os(String),
    /// Its name does not end in `.ladder`: only rule files are read, so a `use` never shows
    /// another file's lines (`use "/proc/self/environ"`).
    NotARuleFile,
    /// A folder, a device or a pipe.
    NotAFile,
    /// Larger than any rule file (`crate::files::MAX_RULE_FILE`).
    TooBig,
}

/// What `ladder sql` cannot write for a dialect.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlConstruct {
    /// A number literal the computed decimal type does not hold exactly (more than 10 decimals,
    /// or 10^27 and beyond).
    Number(String),
    /// A length of time that is not written out (a literal or a let of one).
    Duration,
}
