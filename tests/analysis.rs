//! Properties of the static analysis (src/analysis) on generated ladders: a rule it says never
//! fires does not fire on any random record, a part it says is always true (false) is never false
//! (true) on a random record reaching its rule (no false alarms), and a record it offers as a witness
//! of falling through, read back from its written form, gets no level from the real evaluator.

mod common;

use ladder::analysis::analyse;
use ladder::check::check_text;
use ladder::diag::{Problem, Shown};
use ladder::eval::{Ctx, Frame, Pops};
use ladder::ir::{Expr, Program};
use ladder::value::{read, Value};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 3, 15);

/// Field tests drawn from few constants, so that rules overlap, cover and contradict each other.
fn leaf() -> impl Strategy<Value = String> {
    let n = || 0..4u8;
    prop_oneof![
        (n(), 0..6usize).prop_map(|(c, op)| format!("n {} {c}", ["<", "<=", "=", "!=", ">", ">="][op])),
        (n(), n()).prop_map(|(a, b)| format!("n between {a} and {b}")),
        Just("n is missing".to_string()),
        (0..3usize).prop_map(|m| format!("m = {}", ["甲", "乙", "丙"][m])),
        (0..3usize, any::<bool>()).prop_map(|(m, not)| {
            let items = ["甲", "乙", "丙"];
            format!("m {}in [{}, {}]", if not { "not " } else { "" }, items[m], items[(m + 1) % 3])
        }),
        Just("b".to_string()),
        Just("b is present".to_string()),
        (0..4usize).prop_map(|k| format!("d within last {} days", [0, 7, 30, 31][k])),
        (0..4usize, 0..2usize).prop_map(|(k, op)| format!("days since d {} {}", [">", "<="][op], [0, 7, 30, 31][k])),
        (0..2usize).prop_map(|k| format!("d within next {} months", k + 1)),
        (0..2usize).prop_map(|k| format!("t = \"{}\"", ["p", "q"][k])),
        Just("t is missing".to_string()),
        // A score compared alone has cells of its own; `n` and `s` are abstracted apart.
        (n(), 0..6usize).prop_map(|(c, op)| format!("s {} {c}", ["<", "<=", "=", "!=", ">", ">="][op])),
        (n(), n()).prop_map(|(a, b)| format!("s between {a} and {b}")),
        Just("s is missing".to_string()),
        Just("p = L0".to_string()),
    ]
}

fn cond() -> impl Strategy<Value = String> {
    common::conditions::conditions(leaf(), 12)
}

/// A move: the stages it leaves (none: `*`), where it leads, its condition (none: `otherwise`),
/// as indices into the first ladder's levels.
type MoveSpec = (Vec<usize>, usize, Option<String>);

fn moves() -> impl Strategy<Value = Vec<MoveSpec>> {
    let mv = (prop::collection::vec(0..7usize, 0..3), 0..7usize, prop::option::weighted(0.85, cond()));
    prop::collection::vec(mv, 0..7)
}

/// Two ladders: the second may test the first's levels; moves between the first's levels.
fn program() -> impl Strategy<Value = String> {
    let rules = || prop::collection::vec(cond(), 1..6);
    let shape = (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>());
    (rules(), rules(), shape, moves()).prop_map(|(a, b, (otherwise, required, uses, last_final), moves)| {
        let mut text = format!(
            "fields {{\n  n: number{}\n  m: one of 甲, 乙, 丙\n  b: bool\n  d: date\n  t: text\n  p: grade 甲梯\n}}\nscore s = n * 2\n",
            if required { " required" } else { "" }
        );
        let ladder = |name: &str, rules: &[String], extra: Option<&str>, text: &mut String| {
            text.push_str(&format!("grades {name} {{\n"));
            for (i, c) in rules.iter().enumerate() {
                text.push_str(&format!("  L{i} \"l{i}\" if {c}\n"));
            }
            if let Some(e) = extra {
                text.push_str(&format!("  X \"x\" if {e}\n"));
            }
            if otherwise {
                text.push_str("  Z \"z\" otherwise\n");
            }
            text.push_str("}\n");
        };
        ladder("甲梯", &a, None, &mut text);
        ladder("乙梯", &b, uses.then_some("甲梯 = L0 or 甲梯 is missing"), &mut text);
        let mut levels: Vec<String> = (0..a.len()).map(|i| format!("L{i}")).collect();
        if otherwise {
            levels.push("Z".to_string());
        }
        let level = |i: usize| levels[i % levels.len()].clone();
        text.push_str("transitions 流 from p {\n");
        if last_final {
            text.push_str(&format!("  final {}\n", level(0)));
        }
        for (from, to, cond) in &moves {
            let mut names: Vec<String> = from.iter().map(|&i| level(i)).collect();
            names.dedup();
            let from = if names.is_empty() { "*".to_string() } else { names.join(", ") };
            let cond = cond.as_ref().map_or("otherwise".to_string(), |c| format!("if {c}"));
            text.push_str(&format!("  {from} -> {} {cond}\n", level(*to)));
        }
        text.push_str("}\n");
        text
    })
}

/// A record's n (in halves), m, b, d (days before today), t and p, each maybe missing.
type Record = (Option<i64>, Option<u32>, Option<bool>, Option<i64>, Option<u8>, Option<u32>);

/// Random values of every field, around the constants the generator writes.
fn record() -> impl Strategy<Value = Record> {
    (
        prop::option::weighted(0.8, -2..8i64),
        prop::option::weighted(0.8, 0..3u32),
        prop::option::weighted(0.8, any::<bool>()),
        prop::option::weighted(0.8, -70..70i64),
        prop::option::weighted(0.8, 0..3u8),
        prop::option::weighted(0.8, 0..7u32),
    )
}

fn frame<'p>(program: &'p Program, r: &Record) -> Frame<'p> {
    let mut f = Frame::new(program);
    // Halves too: a number between two constants.
    f.fields[0] = r.0.map_or(Value::Missing, |n| Value::Num(ladder::value::Decimal::new(n * 5, 1)));
    f.fields[1] = r.1.map_or(Value::Missing, Value::Member);
    f.fields[2] = r.2.map_or(Value::Missing, Value::Bool);
    f.fields[3] = r.3.map_or(Value::Missing, |k| Value::Date(TODAY - jiff::Span::new().days(k)));
    f.fields[4] = r.4.map_or(Value::Missing, |k| Value::Text(["p", "q", "r"][k as usize]));
    let levels = program.ladders[0].rules.len() as u32;
    f.fields[5] = r.5.map_or(Value::Missing, |k| Value::Member(k % levels));
    f
}

fn checked(text: &str) -> Program {
    let c = check_text("gen.ladder", text);
    assert!(!c.has_errors(), "{text}\n{:?}", c.diagnostics);
    c.program
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_rule_that_never_fires_fires_on_no_record(
        text in program(),
        records in prop::collection::vec(record(), 64),
    ) {
        let program = checked(&text);
        let found = analyse(&program, TODAY);
        let dead: Vec<(usize, usize)> = found.diagnostics.iter().filter_map(|d| match &d.problem {
            Problem::NeverFires { level, .. } => program.ladders.iter().enumerate().find_map(|(l, x)| {
                x.rules.iter().position(|r| r.loc == d.loc && &r.level == level).map(|r| (l, r))
            }),
            _ => None,
        }).collect();
        let pops = Pops::default();
        let ctx = Ctx { program: &program, today: TODAY, pops: &pops };
        // A record missing a required field is a data error, graded by no ladder.
        let required = program.fields[0].required;
        for r in records.iter().filter(|r| !(required && r.0.is_none())) {
            let mut f = frame(&program, r);
            for &(l, rule) in &dead {
                prop_assert_ne!(ctx.grade(l, &mut f), Some(rule), "{}\n{:?}", text, r);
            }
        }
    }

    #[test]
    fn a_part_said_to_be_constant_is_so_on_every_record_reaching_its_rule(
        text in program(),
        records in prop::collection::vec(record(), 64),
    ) {
        let program = checked(&text);
        let found = analyse(&program, TODAY);
        let parts: Vec<(usize, usize, &Expr, bool)> = found.diagnostics.iter().filter_map(|d| {
            let never = match &d.problem {
                Problem::AlwaysTrue { .. } => Some(false),
                Problem::AlwaysFalse { .. } => Some(true),
                _ => None,
            }?;
            let (l, r, x) = part_at(&program, &d.loc)?;
            Some((l, r, x, never))
        }).collect();
        let flagged = found.diagnostics.iter().filter(|d| {
            matches!(d.problem, Problem::AlwaysTrue { .. } | Problem::AlwaysFalse { .. })
        }).count();
        prop_assert_eq!(parts.len(), flagged, "every part is found at its place");
        let pops = Pops::default();
        let ctx = Ctx { program: &program, today: TODAY, pops: &pops };
        let required = program.fields[0].required;
        for r in records.iter().filter(|r| !(required && r.0.is_none())) {
            let mut f = frame(&program, r);
            for &(l, rule, x, never) in &parts {
                let rules = &program.ladders[l].rules;
                let reaches = rules[..rule].iter().all(|e| {
                    e.cond.as_ref().is_some_and(|c| ctx.eval(c, &mut f).truth() != Some(true))
                });
                if reaches {
                    prop_assert_ne!(ctx.eval(x, &mut f).truth(), Some(never), "{}\n{:?}\n{:?}", text, r, x.loc);
                }
            }
        }
    }

    #[test]
    fn a_move_said_never_to_fire_from_a_stage_never_does(
        text in program(),
        records in prop::collection::vec(record(), 64),
    ) {
        let program = checked(&text);
        let found = analyse(&program, TODAY);
        let pops = Pops::default();
        let ctx = Ctx { program: &program, today: TODAY, pops: &pops };
        let required = program.fields[0].required;
        for (t, dead) in found.dead_moves.iter().enumerate() {
            for r in records.iter().filter(|r| !(required && r.0.is_none())) {
                for &(stage, mv, _) in dead {
                    let mut f = frame(&program, r);
                    f.fields[program.transitions[t].field] = Value::Member(stage as u32);
                    prop_assert_ne!(ctx.next_stage(t, &mut f).map(|(i, _)| i), Some(mv), "{}\n{:?}", text, r);
                }
            }
        }
    }

    #[test]
    fn a_witness_gets_no_level(text in program()) {
        let program = checked(&text);
        let found = analyse(&program, TODAY);
        let pops = Pops::default();
        let ctx = Ctx { program: &program, today: TODAY, pops: &pops };
        for d in &found.diagnostics {
            let Problem::FallsThrough { ladder, witness } = &d.problem else { continue };
            let l = program.ladders.iter().position(|x| &x.name == ladder).expect("the ladder");
            let mut f = Frame::new(&program);
            // Each value read back from how the warning writes it, as a data file would hold it.
            let written: Vec<(usize, String)> = witness.iter().map(|(name, shown)| {
                let text = match shown {
                    Shown::Missing => String::new(),
                    Shown::Yes => "是".to_string(),
                    Shown::No => "否".to_string(),
                    Shown::Written(w) => w.clone(),
                };
                (program.field(name).expect("a field"), text)
            }).collect();
            for (field, text) in &written {
                f.fields[*field] = read(&program, &program.fields[*field], text).expect("a readable value");
            }
            prop_assert_eq!(ctx.grade(l, &mut f), None, "{}\n{:?}", text, witness);
        }
    }
}

/// The ladder, rule and part of a rule's condition at `loc`.
fn part_at<'p>(program: &'p Program, loc: &ladder::diag::Loc) -> Option<(usize, usize, &'p Expr)> {
    fn find<'p>(e: &'p Expr, loc: &ladder::diag::Loc) -> Option<&'p Expr> {
        if &e.loc == loc {
            return Some(e);
        }
        e.children().into_iter().find_map(|c| find(c, loc))
    }
    program.ladders.iter().enumerate().find_map(|(l, ladder)| {
        ladder.rules.iter().enumerate().find_map(|(r, rule)| Some((l, r, find(rule.cond.as_ref()?, loc)?)))
    })
}

/// The generator makes what the properties are about: dead rules and witnesses, often.
#[test]
fn the_generated_ladders_have_findings() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut dead, mut witnesses, mut parts, mut moves) = (0, 0, 0, 0);
    for _ in 0..200 {
        let text = program().new_tree(&mut runner).expect("a program").current();
        let found = analyse(&checked(&text), TODAY);
        moves += found.dead_moves.iter().map(Vec::len).sum::<usize>();
        for d in &found.diagnostics {
            match d.problem {
                Problem::NeverFires { .. } => dead += 1,
                Problem::FallsThrough { .. } => witnesses += 1,
                Problem::AlwaysTrue { .. } | Problem::AlwaysFalse { .. } => parts += 1,
                _ => {}
            }
        }
    }
    assert!(
        dead > 20 && witnesses > 20 && parts > 20 && moves > 20,
        "{dead} dead rules, {witnesses} witnesses, {parts} parts, {moves} dead moves"
    );
}
