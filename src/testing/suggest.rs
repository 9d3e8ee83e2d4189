//! `ladder test --suggest`: for each rule, move and condition part no test covers, an `example`
//! whose record covers it. The records come from the static analysis (`analysis::Finder`); each
//! is read back from its written form exactly as an `example` block is, run through the coverage
//! machinery and kept only when it covers its item. Its `expect` is what it really gets.

use super::cases::EXPECT;
use super::coverage::{Coverage, Map};
use super::Item;
use crate::analysis::{fields_read, with_finder, Aim, Given, NoRecord, Stop};
use crate::diag::{Lang, Shown};
use crate::eval::{Ctx, Pops};
use crate::examples::{actual, record};
use crate::ir::{Expr, FieldId, FieldType, Named, Program, Target};
use crate::syntax::keywords::Kw;
use crate::syntax::lex::{name_text, TokenKind, Tokens};
use crate::t;
use crate::value::Decimal;
use jiff::civil::Date;
use std::collections::HashMap;

/// How the suggested examples are written, learnt from the rule file they go into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// The language of the file's keywords, which names the examples.
    pub lang: Lang,
    /// Money in 万 (`120万`) when the file writes amounts so.
    pub wan: bool,
    /// How yes and no are written: as the file's examples write them, else `是`/`否` in a file
    /// with Chinese keywords or field names and `yes`/`no` in an English one.
    pub yes: String,
    pub no: String,
}

/// Yes/no spellings a data file uses, as pairs.
const YES_NO: [(&str, &str); 9] = [
    ("是", "否"),
    ("yes", "no"),
    ("true", "false"),
    ("TRUE", "FALSE"),
    ("Y", "N"),
    ("y", "n"),
    ("1", "0"),
    ("√", "×"),
    ("对", "错"),
];

impl Style {
    /// The style of the rule file `text`, the root file of `program`. The keyword language is
    /// decided as `ladder fmt` keeps it, keyword by keyword: the file is Chinese when more of its
    /// keywords are spelt in Chinese than in English.
    pub fn of(text: &str, program: &Program) -> Style {
        let tokens = Tokens::new(text);
        let (mut zh, mut en, mut wan) = (0, 0, false);
        for t in &tokens.list {
            let word = &text[t.span.clone()];
            match t.kind {
                TokenKind::Word => match Kw::of_word(word) {
                    Some(kw) if kw.entry().zh.is_some() => match kw.is_chinese(word) {
                        true => zh += 1,
                        false => en += 1,
                    },
                    Some(_) | None => {}
                },
                TokenKind::Number => wan |= word.contains('万') || word.contains('亿'),
                TokenKind::Space
                | TokenKind::Newline
                | TokenKind::Comment
                | TokenKind::QuotedName
                | TokenKind::Text
                | TokenKind::Value
                | TokenKind::Open(_)
                | TokenKind::Close(_)
                | TokenKind::Comma
                | TokenKind::Colon
                | TokenKind::Op
                | TokenKind::Unclosed
                | TokenKind::Other => {}
            }
        }
        let lang = if zh > en { Lang::Zh } else { Lang::En };
        let written = program
            .examples
            .iter()
            .filter(|e| e.loc.file == 0)
            .flat_map(|e| &e.given)
            .filter(|(f, _)| program.fields[*f].ty == FieldType::Bool)
            .find_map(|(_, raw)| YES_NO.iter().find(|(y, n)| raw.trim() == *y || raw.trim() == *n));
        // Data with Chinese headers writes 是/否 whatever language the keywords are in.
        let chinese = lang == Lang::Zh || program.fields.iter().any(|f| !f.name.is_ascii());
        let (yes, no) = written.copied().unwrap_or(if chinese { YES_NO[0] } else { YES_NO[1] });
        Style { lang, wan, yes: yes.to_string(), no: no.to_string() }
    }
}

/// A suggested example.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The item it covers (more may be covered by the way).
    pub item: Item,
    pub name: String,
    /// The fields given and their values, as an example's `given` holds them (texts unquoted).
    pub given: Vec<(FieldId, String)>,
    /// The ladder or transition set whose rule, move or condition the item is.
    pub target: Target,
    /// What the record gets: every ladder or transition set reading a field it gives, and the
    /// one of its item.
    pub expect: Vec<(Target, Option<usize>)>,
}

/// Why no example is suggested for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoExample {
    /// No record can cover it (the rule never fires, the part is never true while tried).
    Impossible,
    /// The records the analysis offered did not cover it when run: the item depends on what the
    /// analysis does not follow (scores, arithmetic, text searches).
    Unconfirmed,
    /// The item depends on a population value (`quintile`, `percentile`, `rank`), which an
    /// example, one record alone, does not have.
    Ranked,
    /// The analysis stopped before it found a record.
    Stopped(Stop),
}

/// The condition whose truth an aim is about.
fn aim_expr<'p>(program: &'p Program, aim: &Aim<'p>) -> Option<&'p Expr> {
    match *aim {
        Aim::Fires { ladder, rule } => program.ladders[ladder].rules[rule].cond.as_ref(),
        Aim::Moves { set, step } => program.transitions[set].moves[step].cond.as_ref(),
        Aim::PartOfRule { part, .. } | Aim::PartOfMove { part, .. } => Some(part),
    }
}

/// An item with no suggested example, and why.
#[derive(Debug, Clone)]
pub struct Unsuggested {
    pub item: Item,
    pub why: NoExample,
}

/// What `--suggest` found for one program.
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    pub examples: Vec<Suggestion>,
    pub none: Vec<Unsuggested>,
}

/// Where a part of a condition is tried: in a rule or a move.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Rule(usize, usize),
    Move(usize, usize),
}

/// One thing to cover: its item in the session's coverage and in the program's own, and the
/// aims whose records would cover it, tried in order.
struct Goal<'p> {
    id: usize,
    own: usize,
    aims: Vec<(Aim<'p>, Target)>,
}

/// Suggests examples for the items of `program` that `cov` (the session's coverage, after every
/// example and test table ran) has not covered, as of `today`. What each suggestion covers is
/// marked in `cov`, so later items (and later programs) are not given a second example.
pub fn suggest(program: &Program, today: Date, cov: &mut Coverage, style: &Style) -> Suggestions {
    let map = cov.register(program);
    let mut fresh = Coverage::default();
    let own = fresh.register(program);
    let pops = Pops::default();
    let ctx = Ctx { program, today, pops: &pops };
    let goals = goals(program, &map, &own);
    let mut names: Vec<String> = program.examples.iter().map(|e| e.name.clone()).collect();
    let mut out = Suggestions::default();
    let mut none = Vec::new();
    with_finder(program, today, |finder| {
        let mut done = Vec::new();
        for goal in goals {
            if cov.get(goal.id).covered || done.contains(&goal.id) {
                continue;
            }
            done.push(goal.id);
            let mut why = NoExample::Impossible;
            let mut found = None;
            let mut bases = Vec::new();
            'aims: for &(aim, target) in &goal.aims {
                let candidates = match finder.candidates(aim) {
                    Ok(c) => c,
                    Err(NoRecord::Impossible) => continue,
                    Err(NoRecord::Stopped(s)) => {
                        why = NoExample::Stopped(s);
                        continue;
                    }
                };
                if why == NoExample::Impossible {
                    why = NoExample::Unconfirmed;
                }
                for c in candidates {
                    for given in [&c.nice, &c.exact] {
                        if let Some((given, expect)) = confirm(&ctx, (&fresh, &own), goal.own, target, given, style) {
                            found = Some((given, expect, target));
                            break 'aims;
                        }
                    }
                    bases.push((c.exact, target));
                }
            }
            // The analysis does not follow some condition: try the values its constants suggest,
            // one field at a time, on the first few records it offered.
            if found.is_none() && why == NoExample::Unconfirmed {
                found = search(&ctx, (&fresh, &own), goal.own, &bases, &finder.pools, style);
            }
            let item = cov.get(goal.id).clone();
            if found.is_none()
                && goal.aims.iter().any(|(aim, _)| aim_expr(program, aim).is_some_and(|e| program.reads_population(e)))
            {
                why = NoExample::Ranked;
            }
            match found {
                Some((given, expect, target)) => {
                    let name = unique(&mut names, name(style.lang, &item));
                    if let Ok(mut frame) = record(program, &given) {
                        cov.mark(&map, &ctx, &mut frame);
                    }
                    out.examples.push(Suggestion { item, name, target, given, expect });
                }
                None => none.push((goal.id, Unsuggested { item, why })),
            }
        }
    });
    // An item an example for a later one covered by the way needs none of its own.
    out.none = none.into_iter().filter(|(id, _)| !cov.get(*id).covered).map(|(_, u)| u).collect();
    out.none.sort_by_key(|u| (u.item.file.clone(), u.item.line, u.item.column));
    out
}

/// A record as an example's `given` holds it.
type Written = Vec<(FieldId, String)>;
/// What a record gets, per ladder or transition set.
type Expect = Vec<(Target, Option<usize>)>;

/// How many records the search past the analysis tries for one item.
const SEARCH: usize = 400;

/// A record covering item `id` of `fresh`: one of `bases` with one field set to a value of its pool.
fn search(
    ctx: &Ctx<'_>,
    fresh: (&Coverage, &Map),
    id: usize,
    bases: &[(Given, Target)],
    pools: &[(FieldId, Vec<Shown>)],
    style: &Style,
) -> Option<(Written, Expect, Target)> {
    let tries = bases.iter().take(4).flat_map(|(base, target)| {
        pools.iter().flat_map(move |(f, pool)| {
            pool.iter().map(move |v| {
                let mut given: Given = base.iter().filter(|(g, _)| g != f).cloned().collect();
                given.push((*f, v.clone()));
                given.sort_by_key(|(g, _)| *g);
                (given, *target)
            })
        })
    });
    tries.take(SEARCH).find_map(|(given, target)| {
        confirm(ctx, fresh, id, target, &given, style).map(|(given, expect)| (given, expect, target))
    })
}

/// The record of `given` written in `style`, read back as an example reads it, if it covers item
/// `id` of `fresh` (the program's own coverage, nothing covered, and its map); with what it gets.
fn confirm(
    ctx: &Ctx<'_>,
    (fresh, map): (&Coverage, &Map),
    id: usize,
    target: Target,
    given: &Given,
    style: &Style,
) -> Option<(Written, Expect)> {
    let program = ctx.program;
    let written: Vec<(FieldId, String)> =
        given.iter().filter_map(|(f, v)| Some((*f, write(program, *f, v, style)?))).collect();
    let mut frame = record(program, &written).ok()?;
    let mut cov = fresh.clone();
    cov.mark(map, ctx, &mut frame);
    if !cov.get(id).covered {
        return None;
    }
    let targets =
        (0..program.ladders.len()).map(Target::Ladder).chain((0..program.transitions.len()).map(Target::Transitions));
    let expect = targets
        .filter(|&t| t == target || fields_read(program, t).iter().any(|f| written.iter().any(|(g, _)| g == f)))
        .map(|t| (t, actual(ctx, t, &mut frame)))
        .collect();
    Some((written, expect))
}

/// A value as a `given` entry holds it, in `style`.
fn write(program: &Program, f: FieldId, v: &Shown, style: &Style) -> Option<String> {
    match v {
        Shown::Missing => None,
        Shown::Yes => Some(style.yes.clone()),
        Shown::No => Some(style.no.clone()),
        Shown::Written(s) if style.wan && program.fields[f].ty == FieldType::Money => Some(wan(s)),
        Shown::Written(s) => Some(s.clone()),
    }
}

/// An amount of at least 10000 in 万: `1200000` is `120万`.
fn wan(s: &str) -> String {
    let Ok(n) = s.parse::<Decimal>() else { return s.to_string() };
    match n.abs() >= Decimal::from(10_000) {
        true => format!("{}万", crate::value::format_number(n / Decimal::from(10_000))),
        false => s.to_string(),
    }
}

/// The example's name for an item.
fn name(lang: Lang, item: &Item) -> String {
    use super::Covers;
    match &item.what {
        Covers::Rule { level, label } if label.is_empty() => level.clone(),
        Covers::Rule { level, label } => format!("{level} {label}"),
        Covers::Move { from, to, set } => t!(lang, "test.suggest.name.move", from, to, set),
        Covers::Member { part, whole } | Covers::Operand { part, whole } => {
            t!(lang, "test.suggest.name.part", part, whole)
        }
    }
}

/// `name`, or `name (2)`, … when an example already has it.
fn unique(names: &mut Vec<String>, name: String) -> String {
    let mut out = name.clone();
    let mut n = 2;
    while names.contains(&out) {
        out = format!("{name} ({n})");
        n += 1;
    }
    names.push(out.clone());
    out
}

/// What to cover, in order: rules, then moves, then parts of conditions (a rule's example
/// covers many of its parts by the way).
fn goals<'p>(program: &'p Program, map: &Map, own: &Map) -> Vec<Goal<'p>> {
    let mut out = Vec::new();
    for (l, ladder) in program.ladders.iter().enumerate() {
        for r in 0..ladder.rules.len() {
            let target = Target::Ladder(l);
            let aims = vec![(Aim::Fires { ladder: l, rule: r }, target)];
            out.push(Goal { id: map.rule(l, r), own: own.rule(l, r), aims });
        }
    }
    for (t, set) in program.transitions.iter().enumerate() {
        for i in 0..set.moves.len() {
            let target = Target::Transitions(t);
            let aims = vec![(Aim::Moves { set: t, step: i }, target)];
            out.push(Goal { id: map.step(t, i), own: own.step(t, i), aims });
        }
    }
    // Each part with every place it is tried (a part of a `let` in several rules).
    let mut parts: Vec<(&'p Expr, Vec<Place>)> = Vec::new();
    let mut index: HashMap<(usize, usize, usize), usize> = HashMap::new();
    let mut add = |part: &'p Expr, place: Place| {
        let key = (part.loc.file, part.loc.span.start, part.loc.span.end);
        let i = *index.entry(key).or_insert_with(|| {
            parts.push((part, Vec::new()));
            parts.len() - 1
        });
        if !parts[i].1.contains(&place) {
            parts[i].1.push(place);
        }
    };
    for (l, ladder) in program.ladders.iter().enumerate() {
        for (r, rule) in ladder.rules.iter().enumerate() {
            if let Some(c) = &rule.cond {
                each_part(program, c, &mut vec![false; program.lets.len()], &mut |p| add(p, Place::Rule(l, r)));
            }
        }
    }
    for (t, set) in program.transitions.iter().enumerate() {
        for (i, m) in set.moves.iter().enumerate() {
            if let Some(c) = &m.cond {
                each_part(program, c, &mut vec![false; program.lets.len()], &mut |p| add(p, Place::Move(t, i)));
            }
        }
    }
    for (part, places) in parts {
        let (Some(id), Some(own_id)) = (map.part(&part.loc), own.part(&part.loc)) else { continue };
        let mut aims = Vec::new();
        // Best the record makes the rule fire too; any record trying it with the part true covers it.
        for fires in [true, false] {
            for &place in &places {
                aims.push(match place {
                    Place::Rule(ladder, rule) => {
                        (Aim::PartOfRule { ladder, rule, part, fires }, Target::Ladder(ladder))
                    }
                    Place::Move(set, step) => (Aim::PartOfMove { set, step, part, fires }, Target::Transitions(set)),
                });
            }
        }
        out.push(Goal { id, own: own_id, aims });
    }
    out
}

/// Calls `f` on every member of a group and operand of `and`/`or` in `e`, through lets (each
/// once), as coverage counts them.
fn each_part<'p>(program: &'p Program, e: &'p Expr, seen: &mut [bool], f: &mut dyn FnMut(&'p Expr)) {
    e.visit(&mut |x| {
        if let Some((_, xs)) = x.logic() {
            xs.iter().for_each(&mut *f);
        }
        if let Some(Named::Let(i)) = x.named() {
            if !std::mem::replace(&mut seen[i], true) {
                each_part(program, &program.lets[i].expr, seen, f);
            }
        }
        true
    });
}

/// A `given` value as written in an example: texts in quotes, anything a bare value cannot hold
/// in quotes too.
fn value_text(program: &Program, f: FieldId, raw: &str) -> String {
    let bare =
        !raw.is_empty() && raw.trim() == raw && !raw.contains([',', '，', '}', '｝', '#', '\n', '\r', '"', '“', '”']);
    match program.fields[f].ty == FieldType::Text || !bare {
        true => crate::fmt::quote(raw),
        false => raw.to_string(),
    }
}

/// The `example` block of a suggestion, before formatting.
pub fn example_text(program: &Program, s: &Suggestion) -> String {
    let given: Vec<String> = s
        .given
        .iter()
        .map(|(f, raw)| format!("{}: {}", name_text(&program.fields[*f].name), value_text(program, *f, raw)))
        .collect();
    let expect: Vec<String> = s
        .expect
        .iter()
        .map(|&(target, level)| {
            let (name, ladder) = match target {
                Target::Ladder(l) => (&program.ladders[l].name, l),
                Target::Transitions(t) => (&program.transitions[t].name, program.transitions[t].ladder),
            };
            let level = level.map_or("missing".to_string(), |i| name_text(&program.ladders[ladder].rules[i].level));
            format!("{} = {level}", name_text(name))
        })
        .collect();
    format!(
        "example {} {{\n  given {{ {} }}\n  expect {}\n}}\n",
        crate::fmt::quote(&s.name),
        given.join(", "),
        expect.join(", ")
    )
}

/// The suggested examples as `ladder fmt` writes them, a blank line between two.
pub fn examples_text(program: &Program, suggestions: &[Suggestion]) -> String {
    let text: Vec<String> = suggestions.iter().map(|s| example_text(program, s)).collect();
    let text = text.join("\n");
    crate::fmt::format(&text).unwrap_or(text)
}

/// The rule file `text` with the suggested examples appended, formatted by `ladder fmt`; the parse
/// errors if the result does not parse.
pub fn appended(
    text: &str,
    program: &Program,
    suggestions: &[Suggestion],
) -> Result<String, Vec<crate::diag::Diagnostic>> {
    let blocks: Vec<String> = suggestions.iter().map(|s| example_text(program, s)).collect();
    crate::fmt::format(&format!("{}\n\n{}", text.trim_end(), blocks.join("\n")))
}

/// [`appended`], checked again as the rule file at `path`: the new text only if it checks without
/// errors and every suggested example, read back from it, passes as of `today`.
pub fn confirmed(path: &str, text: &str, program: &Program, suggestions: &[Suggestion], today: Date) -> Option<String> {
    let new = appended(text, program, suggestions).ok()?;
    let checked = crate::check::check_text(path, new.clone());
    if checked.has_errors() {
        return None;
    }
    let p = &checked.program;
    let added: Vec<usize> = (0..p.examples.len())
        .filter(|&i| p.examples[i].loc.file == 0 && suggestions.iter().any(|s| s.name == p.examples[i].name))
        .collect();
    let passed = added.iter().all(|&i| crate::examples::run(p, i, today).passed());
    (added.len() == suggestions.len() && passed).then_some(new)
}

/// A column a test table lacks for the suggested rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoColumn(pub String);

/// The suggestions as rows of a test table with the columns `header`. Every field given needs its
/// column, and every item's ladder or transition set its `expect_` column; other expectations
/// the table has no column for are left out.
pub fn rows(program: &Program, suggestions: &[Suggestion], header: &[String]) -> Result<Vec<Vec<String>>, NoColumn> {
    let target_name = |t: Target| match t {
        Target::Ladder(l) => program.ladders[l].name.clone(),
        Target::Transitions(t) => program.transitions[t].name.clone(),
    };
    let mut out = Vec::new();
    for s in suggestions {
        for (f, _) in &s.given {
            let column = &program.fields[*f].column;
            if !header.contains(column) {
                return Err(NoColumn(column.clone()));
            }
        }
        let column = format!("{EXPECT}{}", target_name(s.target));
        if !header.contains(&column) {
            return Err(NoColumn(column));
        }
        let row = header
            .iter()
            .map(|h| {
                if super::cases::NAME_COLUMNS.contains(&h.as_str()) {
                    return s.name.clone();
                }
                if let Some((_, raw)) = s.given.iter().find(|(f, _)| program.fields[*f].column == *h) {
                    return raw.clone();
                }
                let expected = s.expect.iter().find(|(t, _)| h.strip_prefix(EXPECT) == Some(target_name(*t).as_str()));
                match expected {
                    Some((t, level)) => {
                        let ladder = match t {
                            Target::Ladder(l) => *l,
                            Target::Transitions(t) => program.transitions[*t].ladder,
                        };
                        level.map_or("missing".to_string(), |i| program.ladders[ladder].rules[i].level.clone())
                    }
                    None => String::new(),
                }
            })
            .collect();
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;

    #[test]
    fn amounts_in_wan_names_in_backticks_where_needed() {
        assert_eq!(
            (wan("1200000"), wan("5000"), wan("1234567.5")),
            ("120万".into(), "5000".into(), "123.45675万".into())
        );
        assert_eq!(name_text("年销售额"), "年销售额");
        for (name, written) in
            [("decision maker", "`decision maker`"), ("and", "`and`"), ("且", "`且`"), ("1st", "`1st`")]
        {
            assert_eq!(name_text(name), written);
        }
    }

    #[test]
    fn the_style_follows_the_keywords_and_the_examples_of_the_file() {
        let zh = "fields {\n  a: bool\n  n: money\n}\ngrades g {\n  X \"x\" 如果 a 且 n 大于 1万\n  Y \"y\" 否则\n}\n";
        let p = check_text("t.ladder", zh).program;
        assert_eq!(Style::of(zh, &p), Style { lang: Lang::Zh, wan: true, yes: "是".into(), no: "否".into() });
        let en = "fields {\n  a: bool\n}\ngrades g {\n  X \"x\" if a\n  Y \"y\" otherwise\n}\n\
                  example \"e\" {\n  given { a: Y }\n  expect g = X\n}\n";
        let p = check_text("t.ladder", en).program;
        assert_eq!(Style::of(en, &p), Style { lang: Lang::En, wan: false, yes: "Y".into(), no: "N".into() });
    }
}
