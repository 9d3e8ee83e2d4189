//! The one table of the language's words: each keyword with its English and Chinese spellings.
//! `grammar/ladder.pest` spells the same words; a test checks the two agree.

/// A word of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kw {
    And,
    Or,
    Not,
    If,
    Otherwise,
    Is,
    IsNot,
    In,
    NotIn,
    All,
    Any,
    At,
    Least,
    AtLeast,
    Of,
    True,
    False,
    Today,
    Contains,
    Starts,
    With,
    StartsWith,
    Between,
    BetweenAnd,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Within,
    Before,
    After,
    Missing,
    Present,
    IsMissing,
    IsPresent,
    Days,
    Since,
    Until,
    Next,
    Last,
    Key,
    Required,
    Column,
    Ladder,
    Use,
    Fields,
    Let,
    Score,
    Grades,
    Transitions,
    From,
    Final,
    Example,
    Given,
    Expect,
    One,
    Grade,
}

/// Where a keyword may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Reserved: never a plain name (the grammar's `keyword` rule).
    Reserved,
    /// Starts a top-level declaration; may also be a name elsewhere.
    Declaration,
    /// Reserved, and also starts a top-level declaration (`missing "未知"`).
    ReservedDeclaration,
    /// Part of a form; may also be a name.
    Word,
}

impl Role {
    /// Whether a word of this role is never a plain name.
    pub fn is_reserved(self) -> bool {
        match self {
            Role::Reserved | Role::ReservedDeclaration => true,
            Role::Declaration | Role::Word => false,
        }
    }
}

/// One keyword: its English spelling, its Chinese spelling if it has one, and its role.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    pub kw: Kw,
    pub en: &'static str,
    pub zh: Option<&'static str>,
    pub role: Role,
}

const fn k(kw: Kw, en: &'static str, zh: Option<&'static str>, role: Role) -> Keyword {
    Keyword { kw, en, zh, role }
}

use Role::{Declaration as D, Reserved as R, ReservedDeclaration as RD, Word as W};

/// Every keyword of the language. A Chinese word may stand for a whole English phrase: `至少` for
/// `at least`, `不是` for `is not`, `为空` for `is missing`, `开头是` for `starts with`. `Of` is
/// also written `项`. `是` is both `is` (between a value and a member: `客户等级 是 VIP`) and the
/// yes value `true` (anywhere else). The comparisons' English spellings are their symbols, and
/// `BetweenAnd` is the `and` of `between A and B`, which Chinese writes `和`.
pub const KEYWORDS: &[Keyword] = &[
    k(Kw::And, "and", Some("且"), R),
    k(Kw::Or, "or", Some("或"), R),
    k(Kw::Not, "not", Some("非"), R),
    k(Kw::If, "if", Some("如果"), R),
    k(Kw::Otherwise, "otherwise", Some("否则"), R),
    k(Kw::Is, "is", Some("是"), R),
    k(Kw::IsNot, "is not", Some("不是"), R),
    k(Kw::In, "in", Some("属于"), R),
    k(Kw::NotIn, "not in", Some("不属于"), R),
    k(Kw::All, "all", Some("全部"), R),
    k(Kw::Any, "any", Some("任一"), R),
    k(Kw::At, "at", None, R),
    k(Kw::AtLeast, "at least", Some("至少"), R),
    k(Kw::True, "true", Some("是"), R),
    k(Kw::False, "false", Some("否"), R),
    k(Kw::Today, "today", None, R),
    k(Kw::Contains, "contains", Some("包含"), R),
    k(Kw::Starts, "starts", None, R),
    k(Kw::StartsWith, "starts with", Some("开头是"), R),
    k(Kw::Between, "between", Some("介于"), R),
    k(Kw::Eq, "=", Some("等于"), R),
    k(Kw::Ne, "!=", Some("不等于"), R),
    k(Kw::Lt, "<", Some("小于"), R),
    k(Kw::Le, "<=", Some("小于等于"), R),
    k(Kw::Gt, ">", Some("大于"), R),
    k(Kw::Ge, ">=", Some("大于等于"), R),
    k(Kw::Within, "within", None, R),
    k(Kw::Before, "before", None, R),
    k(Kw::After, "after", None, R),
    k(Kw::Missing, "missing", None, RD),
    k(Kw::Present, "present", None, R),
    k(Kw::IsMissing, "is missing", Some("为空"), R),
    k(Kw::IsPresent, "is present", Some("不为空"), R),
    k(Kw::Days, "days", None, R),
    k(Kw::Key, "key", None, R),
    k(Kw::Required, "required", None, R),
    k(Kw::Column, "column", None, R),
    k(Kw::Least, "least", None, W),
    k(Kw::Of, "of", Some("项"), W),
    k(Kw::With, "with", None, W),
    k(Kw::BetweenAnd, "and", Some("和"), W),
    k(Kw::Since, "since", None, W),
    k(Kw::Until, "until", None, W),
    k(Kw::Next, "next", None, W),
    k(Kw::Last, "last", None, W),
    k(Kw::From, "from", None, W),
    k(Kw::Final, "final", None, W),
    k(Kw::Given, "given", None, W),
    k(Kw::Expect, "expect", None, W),
    k(Kw::One, "one", None, W),
    k(Kw::Grade, "grade", None, W),
    k(Kw::Ladder, "ladder", None, D),
    k(Kw::Use, "use", None, D),
    k(Kw::Fields, "fields", None, D),
    k(Kw::Let, "let", None, D),
    k(Kw::Score, "score", None, D),
    k(Kw::Grades, "grades", None, D),
    k(Kw::Transitions, "transitions", None, D),
    k(Kw::Example, "example", None, D),
];

impl Kw {
    /// This keyword's entry in [`KEYWORDS`].
    pub fn entry(self) -> &'static Keyword {
        KEYWORDS.iter().find(|k| k.kw == self).expect("every keyword is in the table")
    }

    /// The keyword a whole word spells, in either language (`是` gives `Is`: only its place tells
    /// it from `True`).
    pub fn of_word(word: &str) -> Option<Kw> {
        WORDS.get(word).map(|&(kw, _)| kw)
    }

    /// Whether `word` is this keyword's Chinese spelling.
    pub fn is_chinese(self, word: &str) -> bool {
        self.entry().zh == Some(word)
    }
}

impl Keyword {
    /// Its spellings that are single words (not a phrase such as `at least`, nor a symbol such
    /// as `>=`).
    pub fn words(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.en).chain(self.zh).filter(|w| !w.contains(' ') && w.starts_with(char::is_alphabetic))
    }
}

/// Whether `word` is reserved: never read as a plain name.
pub fn is_reserved(word: &str) -> bool {
    WORDS.get(word).is_some_and(|&(_, reserved)| reserved)
}

/// Every spelling in [`KEYWORDS`]: the first keyword it spells, and whether it is reserved (a
/// single word that any reserved keyword spells). Looked up for every word a rule file holds.
static WORDS: std::sync::LazyLock<std::collections::HashMap<&'static str, (Kw, bool)>> =
    std::sync::LazyLock::new(|| {
        let mut words = std::collections::HashMap::new();
        for k in KEYWORDS {
            for w in std::iter::once(k.en).chain(k.zh) {
                words.entry(w).or_insert((k.kw, false));
            }
        }
        for k in KEYWORDS.iter().filter(|k| k.role.is_reserved()) {
            for w in k.words() {
                words.entry(w).or_insert((k.kw, true)).1 = true;
            }
        }
        words
    });

/// The words that start a top-level declaration.
pub fn declarations() -> impl Iterator<Item = &'static str> {
    KEYWORDS.iter().filter(|k| matches!(k.role, Role::Declaration | Role::ReservedDeclaration)).map(|k| k.en)
}

/// Every spelling of every keyword that is a single word, for completion.
pub fn spellings() -> impl Iterator<Item = &'static str> {
    KEYWORDS.iter().flat_map(Keyword::words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    const GRAMMAR: &str = include_str!("../../grammar/ladder.pest");

    /// The quoted words of one grammar rule, `NAME = … }`.
    fn rule_words(name: &str) -> BTreeSet<String> {
        let start = GRAMMAR.find(&format!("\n{name} = ")).unwrap_or_else(|| panic!("rule {name}"));
        let body = &GRAMMAR[start..];
        let body = &body[..body.find("}\n").expect("rule end")];
        body.split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| w.chars().next().is_some_and(|c| c.is_alphabetic()))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_reserved_words_are_the_grammars() {
        let table: BTreeSet<String> =
            KEYWORDS.iter().filter(|k| k.role.is_reserved()).flat_map(Keyword::words).map(str::to_string).collect();
        assert_eq!(table, rule_words("keyword"));
    }

    #[test]
    fn every_keyword_rule_spells_its_table_entry() {
        for rule in GRAMMAR
            .lines()
            .filter_map(|l| l.split(" = ").next())
            .filter(|r| r.starts_with("k_") || r.starts_with("kw_"))
        {
            for word in rule_words(rule) {
                let kw = Kw::of_word(&word).unwrap_or_else(|| panic!("{rule}: `{word}` is not in the keyword table"));
                let e = kw.entry();
                let name = rule.trim_start_matches("kw_").trim_start_matches("k_");
                let spelled = e.en.replace(' ', "_") == name || e.en == word || e.zh == Some(&word);
                assert!(spelled, "{rule}: `{word}` is {kw:?}");
            }
        }
        for decl in declarations() {
            assert!(GRAMMAR.contains(&format!("k_{decl} = @{{ \"{decl}\"")), "no k_{decl} rule");
        }
    }
}
