//! The arguments of parse problems and of unknown or misplaced names.

/// The kinds of `ladder::syntax` problem: the parser's "expected" and the slips recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum Syntax {
    /// What the grammar wanted at this point (at most three), and what was found.
    Expected {
        expected: Vec<Expected>,
        found: Found,
    },
    /// `==`, `&&`, `=>`…: `fix` is the Ladder operator.
    Operator {
        written: String,
        fix: OperatorFix,
    },
    /// `100 万`.
    SpacedSuffix {
        suffix: String,
        digits: String,
    },
    /// `询问公司产品 is 是`.
    IsYesNo {
        field: String,
        token: String,
        yes: bool,
    },
    UnitTypo {
        word: String,
        unit: String,
    },
    StrayWord {
        word: String,
    },
    UnquotedLabel {
        token: String,
    },
    Misspelled {
        token: String,
        word: String,
    },
    MissingIf {
        token: String,
    },
    NotAType {
        token: String,
        suggestion: Option<String>,
    },
    NotADeclaration {
        token: String,
        suggestion: Option<String>,
    },
    ReservedWord {
        token: String,
    },
    ExpectedColon {
        found: Found,
    },
    /// Something that fits nowhere the grammar could go on.
    Unexpected {
        found: Found,
    },
    /// Something after a declaration that is already complete.
    LeftOver {
        found: Found,
    },
    /// `// note`: a comment as in other languages; `text` is what follows the slashes.
    SlashComment {
        text: String,
    },
    /// `'积极回应'` or `「积极回应」`: a text in quotes Ladder does not read.
    WrongQuotes {
        written: String,
        text: String,
    },
    /// `最近购买日期 not within …`: `not` between a value and its test.
    NotBeforeTest {
        subject: String,
        test: String,
    },
    /// `100W`, `1,000,000`, `一百万`: an amount as written elsewhere; `fix` as Ladder writes it.
    Amount {
        written: String,
        fix: String,
    },
    /// `;` or `。` at the end of a rule.
    EndMark {
        token: String,
    },
    /// `one of 拍板人 使用者`: the choices written with commas.
    ChoicesNeedCommas {
        choices: String,
    },
    /// `1级`: a name that starts with a digit.
    NameStartsWithDigit {
        token: String,
    },
}

/// What the parser found where it stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    EndOfLine,
    Token(String),
}

/// Something the grammar accepts at a point, as a manager would name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Condition,
    Value,
    Name,
    Text,
    Comparison,
    AndOr,
    IfOrOtherwise,
    /// A punctuation mark such as `{` or `->`.
    Mark(&'static str),
    Type,
    Field,
    GradeRule,
    Move,
    Declaration,
    EndOfDeclaration,
    From,
    Given,
    GivenValue,
    Expect,
    Output,
    List,
    WholeNumber,
    DurationUnit,
    Direction,
    MemberName,
    Choice,
    /// `of` after `at least N`.
    Of,
    /// `in` and a list, after `not`.
    In,
    /// `since` or `until` after `days`.
    SinceUntil,
}

/// The Ladder operator for an operator from elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorFix {
    Arrow,
    And,
    Or,
    Not,
    SingleEquals,
    AtLeast,
    AtMost,
    NotEqual,
}

/// What closes an unclosed bracket or quote, and so what the help says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Close {
    /// A `{` of a block or group, found by the parser.
    Brace,
    Paren,
    Bracket,
    /// A `{` of a declaration block, found when recovering.
    Block,
    /// A quote: the closing character.
    Quote(char),
}

/// The likeliest fix for an unknown name.
#[derive(Debug, Clone, PartialEq)]
pub enum NameFix {
    /// `yes`, `对`…: yes and no are written otherwise.
    YesNo,
    /// A keyword glued between two names: the text written apart.
    Split(String),
    /// The name is a choice of the field `owner`.
    ChoiceOf {
        owner: String,
    },
    DidYouMean(String),
    /// `一百万`: an amount in Chinese numerals, as Ladder writes it (`100万`).
    Amount(String),
    Declare,
}

/// Whose choices a member was looked up in.
#[derive(Debug, Clone, PartialEq)]
pub enum Whose {
    /// The `one of` field, as written (`subject`) or the field's name.
    Field(String),
    /// The ladder whose levels a `grade` value takes.
    Ladder(String),
}

/// Where a ladder name was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LadderUse {
    /// `grade LADDER` in a field's type.
    Grade,
    /// `expect LADDER = …`.
    Expect,
}

/// How the help of an unknown level lists the levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelList {
    /// After `is`: "The levels are: …".
    Is,
    /// A stage in `transitions` or `expect`: "The levels of LADDER are: …".
    Stage,
}
