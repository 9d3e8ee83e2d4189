//! What the REPL says, as data: every answer on standard output ([`Answer`]) and every error
//! sentence on standard error ([`Trouble`]), each carrying its names, values and verdicts.
//! Worded only by `diag::words::repl` and `diag::words::repl_trouble`.

use crate::diag::data::DataProblem;
use crate::explain::Node;
use jiff::civil::Date;

/// A level with its label: `A06 积极回应`.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelName {
    pub level: String,
    pub label: String,
}

/// One answer on standard output.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// `:help`: every command.
    Help,
    /// `:as-of` took this date.
    TodayIs(Date),
    /// An expression's value.
    Value(Valued),
    /// A session let was defined (`again`: redefined), with its value now.
    Defined { name: String, again: bool, value: Valued },
    /// The rules have no ladder to grade.
    NoLadders,
    /// A ladder gives no level.
    NoGrade { ladder: String },
    /// A ladder's level, with what decided it.
    Grade(Graded),
    /// The heading of `:why`: the rule asked about and where it is.
    WhyHead { ladder: String, level: LevelName, place: String },
    /// `:why` of an `otherwise` rule; `first` is a rule above it that fires.
    Otherwise { level: String, first: Option<String> },
    /// An evaluation tree.
    Tree(Node),
    /// Whether the rule asked about fires, and what it needs.
    Verdict(Verdict),
    /// The rules have no transitions.
    NoTransitions,
    /// The heading of a transition set in `:next`.
    Stage(StageAt),
    /// A move that leaves the record's stage.
    Move(MoveLine),
    /// Where the record moves (`None`: it stays; `tried`: some move leaves its stage).
    Moved { to: Option<LevelName>, tried: bool },
    /// The rules have no examples.
    NoExamples,
    /// An example passed.
    ExamplePassed(String),
    /// An example failed.
    ExampleFailed(FailedExample),
    /// How many examples passed.
    ExampleCount { total: usize, failed: usize },
    /// A data file was opened.
    Opened { path: String, sheet: Option<String>, rows: usize, span: (usize, usize) },
    /// The record was taken from a data row (1-based spreadsheet row), with its key.
    RecordIsNow { row: usize, key: Option<(String, String)> },
    /// A rule file was loaded.
    Loaded(Loaded),
    /// The record had a value for a field the rules no longer declare.
    NoLongerDeclared(String),
    /// No session lets.
    NoLets,
    /// The session's lets as typed.
    Lets(Vec<String>),
    /// `:set` took the value.
    Set { field: String, shown: String },
    /// `:unset` made the field missing.
    NowMissing(String),
    /// `:clear`.
    Cleared,
    /// `:show`.
    Show(Shown),
}

/// An expression's value for the record.
#[derive(Debug, Clone, PartialEq)]
pub enum Valued {
    Bool(bool),
    /// A condition that is unknown because these fields are missing (empty: not known which).
    Unknown(Vec<String>),
    /// A value that is missing because these fields are.
    Missing(Vec<String>),
    /// A value, shown as in the data.
    Shown(String),
}

/// A ladder's level for the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub ladder: String,
    pub level: LevelName,
    pub place: String,
    /// The deciding parts of the condition; `None` for `otherwise`.
    pub decided: Option<Vec<Node>>,
    /// Output columns and their values.
    pub outputs: Vec<(String, String)>,
    /// Levels above it that are unknown while fields are missing.
    pub unknown: Vec<String>,
}

/// Whether the rule for a level fires.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It fires, because of these parts; `asked_why_not` when `:whynot` asked.
    Fires { level: String, deciding: Vec<Node>, asked_why_not: bool },
    /// Its condition is true but `first`, above it, fires first.
    FiresFirst { level: String, first: String },
    /// It does not fire: its condition is false or unknown; what it needs.
    Needs { level: String, unknown: bool, needs: Vec<Need>, first: Option<String> },
}

/// A change a condition needs, or a choice of changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Need {
    One(Change),
    All(Vec<Need>),
    Any(Vec<Need>),
    /// `more` more of the parts (`none_yet`: none of them holds now).
    More {
        more: usize,
        none_yet: bool,
        parts: Vec<Need>,
    },
}

/// One part that must change.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A field is missing; `part` is the condition reading it when that is not the field alone.
    Set { field: String, part: Option<String>, value: Suggestion },
    /// A part must become `want`; what it reads now.
    Become { part: String, want: bool, now: Now },
    /// A part must become `want` but is unknown.
    Unknown { part: String, want: bool },
    /// A ladder the condition uses gives the record no level; `part` as for `Set`.
    NoLevel { ladder: String, part: Option<String> },
}

/// What a part reads now.
#[derive(Debug, Clone, PartialEq)]
pub enum Now {
    Nothing,
    /// The value of the one field it is about.
    Value(String),
    /// `name=value` of each field read.
    Inputs(Vec<String>),
}

/// A value to `:set`.
#[derive(Debug, Clone, PartialEq)]
pub enum Suggestion {
    /// A value as written in the data (a member, a level, 是/否).
    Value(String),
    Number,
    Money,
    Date,
    Text,
    /// Nothing to suggest.
    Unknown,
}

/// The heading of a transition set in `:next`.
#[derive(Debug, Clone, PartialEq)]
pub enum StageAt {
    /// The stage field is missing; `first` is a stage to set it to.
    Missing { set: String, field: String, first: Option<String> },
    /// The record is at a final stage.
    Final { set: String, field: String, level: String },
    /// The record is at this stage.
    From { set: String, field: String, level: String },
}

/// A move tried from the record's stage.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveLine {
    pub truth: Option<bool>,
    pub to: LevelName,
    /// The condition's source; `None` for `otherwise`.
    pub cond: Option<String>,
    pub place: String,
    /// When unknown, the missing fields (empty: not known which).
    pub unknown: Option<Vec<String>>,
    pub fires: bool,
}

/// A failed example.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedExample {
    pub name: String,
    pub place: String,
    pub error: Option<DataProblem>,
    /// Target, expected and actual, as `examples::describe` names them.
    pub mismatches: Vec<(String, String, String)>,
}

/// What `:load` read.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub path: String,
    pub fields: usize,
    pub ladders: Vec<String>,
    pub transitions: Vec<String>,
    pub examples: usize,
}

/// The record as `:show` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The data row (1-based spreadsheet row) and file it came from.
    pub origin: Option<(usize, String)>,
    pub today: Date,
    pub fields: Vec<(String, FieldShown)>,
    pub missing: usize,
}

/// One field in `:show`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldShown {
    /// Missing; `written` is the text that could not be read.
    Missing { written: Option<String> },
    /// A value, and the text as written when it differs.
    Value { shown: String, written: Option<String> },
}

/// An error sentence on standard error.
#[derive(Debug, Clone, PartialEq)]
pub enum Trouble {
    TakesNothing {
        command: String,
    },
    /// A command typed without what it takes (`usage` names it).
    NeedsArg {
        command: String,
        usage: Command,
        example: String,
    },
    UnknownCommand {
        word: String,
        suggestion: Option<String>,
    },
    NotADate(String),
    NoRules,
    NoLadder {
        name: String,
        suggestion: Option<String>,
        ladders: Vec<String>,
    },
    NoLevel {
        level: String,
        suggestion: Option<String>,
        levels: Vec<String>,
    },
    LevelOfMany {
        level: String,
        ladders: Vec<String>,
    },
    WhyUsage,
    CannotRead {
        path: String,
        reason: String,
    },
    /// The data file has not even a header.
    EmptyData {
        path: String,
    },
    /// Why data does not fit the rules.
    Layout(Vec<crate::diag::data::HeaderProblem>),
    DoesNotFit {
        path: String,
    },
    NoLongerFits {
        path: String,
    },
    NotARow(String),
    HeaderRow(usize),
    NotFound {
        wanted: Wanted,
        path: String,
        rows: usize,
        span: (usize, usize),
    },
    NoKeyField,
    NoData,
    /// A cell of the row taken could not be read; the field is left missing.
    LeftMissing(Box<DataProblem>),
    /// A value of the record no longer reads under the rules; it was taken out.
    TakenOut(Box<DataProblem>),
    /// A value given to `:set` cannot be read.
    Unreadable(Box<DataProblem>),
    HasErrors {
        path: String,
        errors: usize,
    },
    KeptRules {
        path: String,
    },
    NothingLoaded,
    NoRuleFile,
    LetDropped(String),
    LetWouldBreak {
        name: String,
        uses: String,
    },
    NotChecked,
    SetUsage(String),
    GiveValue(String),
    NoField {
        name: String,
        suggestion: Option<String>,
    },
    Population {
        path: String,
        reason: String,
    },
}

/// What `:row` or `:key` looked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Wanted {
    Row(usize),
    Key(String),
}

/// Every command (`:help`, completion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Help,
    Load,
    Reload,
    Data,
    Row,
    Key,
    Set,
    Unset,
    Clear,
    Show,
    Grade,
    Why,
    WhyNot,
    Next,
    Examples,
    Lets,
    AsOf,
    Quit,
    Expr,
}

impl Command {
    /// Every command, in `:help`'s order.
    pub const ALL: [Command; 19] = {
        use Command::*;
        [
            Help, Load, Reload, Data, Row, Key, Set, Unset, Clear, Show, Grade, Why, WhyNot, Next, Examples, Lets,
            AsOf, Quit, Expr,
        ]
    };

    /// How it is typed (`:load`); empty for an expression, which is typed as itself.
    pub fn name(self) -> &'static str {
        use Command::*;
        match self {
            Help => ":help",
            Load => ":load",
            Reload => ":reload",
            Data => ":data",
            Row => ":row",
            Key => ":key",
            Set => ":set",
            Unset => ":unset",
            Clear => ":clear",
            Show => ":show",
            Grade => ":grade",
            Why => ":why",
            WhyNot => ":whynot",
            Next => ":next",
            Examples => ":examples",
            Lets => ":lets",
            AsOf => ":as-of",
            Quit => ":quit",
            Expr => "",
        }
    }
}
