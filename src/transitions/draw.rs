//! The stage graph as text for drawing tools: Graphviz DOT and Mermaid `stateDiagram-v2`.
//! Stages are boxes labelled with their code and name, entry stages have an arrow from a start
//! dot, final stages are marked, moves are arrows labelled with their (shortened) condition, and
//! `*` moves start from one "any stage" box.

use super::Graph;
use crate::diag::Lang;
use crate::ir::{Move, Program, TransId};
use crate::t;

/// How long an edge label may be, in characters, before it is cut with "…".
pub const LABEL_CHARS: usize = 40;

/// The drawing formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// Mermaid `stateDiagram-v2` (GitHub renders ```mermaid blocks).
    Mermaid,
}

/// The stage graph of transition set `t` in `format`.
pub fn draw(program: &Program, t: TransId, format: GraphFormat, lang: Lang) -> String {
    let g = Graph::new(program, t);
    let title = title(&g, lang);
    match format {
        GraphFormat::Dot => dot(&g, &title),
        GraphFormat::Mermaid => mermaid(&g, &title),
    }
}

/// The condition of a move as a short one-line label: comments dropped, spaces collapsed, cut to
/// [`LABEL_CHARS`] characters.
pub fn label(program: &Program, m: &Move) -> String {
    let Some(cond) = &m.cond else { return "otherwise".into() };
    let joined = program.sources.code(&cond.loc);
    if joined.chars().count() <= LABEL_CHARS {
        return joined;
    }
    let cut: String = joined.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Stages from the ladder's last level to its first: new leads first, the goal last.
fn order(g: &Graph<'_>) -> impl Iterator<Item = usize> {
    (0..g.stages()).rev()
}

fn title(g: &Graph<'_>, lang: Lang) -> String {
    let set = g.set;
    let field = &g.program.fields[set.field].name;
    let ladder = &g.program.ladders[set.ladder].name;
    t!(lang, "graph.title", name = set.name, field, ladder)
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot_quote(s: &str) -> String {
    format!("\"{}\"", dot_escape(s))
}

fn dot(g: &Graph<'_>, title: &str) -> String {
    let mut out = format!("// {title}\ndigraph {} {{\n", dot_quote(&g.set.name));
    out.push_str("  node [shape=box, style=rounded];\n  edge [fontsize=10];\n");
    for s in order(g) {
        let rule = &g.program.ladders[g.set.ladder].rules[s];
        let mut text = dot_escape(&rule.level);
        if !rule.label.is_empty() {
            text = format!("{text}\\n{}", dot_escape(&rule.label));
        }
        let extra = if g.set.is_final(s) { ", peripheries=2" } else { "" };
        out.push_str(&format!("  {} [label=\"{text}\"{extra}];\n", dot_quote(&rule.level)));
    }
    if has_any(g) {
        out.push_str("  \"*\" [label=\"any stage\", style=dashed];\n");
    }
    out.push_str("  \"__start__\" [shape=point];\n");
    for &e in &g.entries {
        out.push_str(&format!("  \"__start__\" -> {};\n", dot_quote(g.name(e))));
    }
    for (from, to, m) in arrows(g) {
        let from = from.map_or("\"*\"".to_string(), |s| dot_quote(g.name(s)));
        out.push_str(&format!("  {from} -> {} [label={}];\n", dot_quote(g.name(to)), dot_quote(&label(g.program, m))));
    }
    out.push_str("}\n");
    out
}

/// Every arrow to draw: `(from, to, move)`, `None` for the "any stage" box.
fn arrows<'g>(g: &Graph<'g>) -> Vec<(Option<usize>, usize, &'g Move)> {
    let mut out = Vec::new();
    for m in &g.set.moves {
        match &m.from {
            None => out.push((None, m.to, m)),
            Some(from) => out.extend(from.iter().map(|&s| (Some(s), m.to, m))),
        }
    }
    out
}

fn has_any(g: &Graph<'_>) -> bool {
    g.set.moves.iter().any(|m| m.from.is_none())
}

/// A Mermaid state id: the level's name when it is plain ASCII, else `s` and its index.
fn mermaid_id(g: &Graph<'_>, s: usize) -> String {
    let name = g.name(s);
    let plain =
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain && name != "any_stage" {
        name.to_string()
    } else {
        format!("s{s}")
    }
}

/// Text that Mermaid reads as a transition label: the characters that end or break one become
/// entity codes.
/// Mermaid's entity codes for the characters that end or break a label; each character is
/// replaced once (replacing `#` and then `;` in turn would mangle `#35;`).
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' | ':' | ';' | '<' | '>' => out.push_str(&format!("#{};", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fn mermaid(g: &Graph<'_>, title: &str) -> String {
    let mut out = format!("stateDiagram-v2\n    %% {title}\n");
    for s in order(g) {
        let rule = &g.program.ladders[g.set.ladder].rules[s];
        let text = format!("{} {}", rule.level, rule.label).trim().replace('"', "'");
        out.push_str(&format!("    state \"{text}\" as {}\n", mermaid_id(g, s)));
    }
    if has_any(g) {
        out.push_str("    state \"any stage\" as any_stage\n");
    }
    for &e in &g.entries {
        out.push_str(&format!("    [*] --> {}\n", mermaid_id(g, e)));
    }
    for (from, to, m) in arrows(g) {
        let from = from.map_or("any_stage".to_string(), |s| mermaid_id(g, s));
        out.push_str(&format!("    {from} --> {} : {}\n", mermaid_id(g, to), mermaid_text(&label(g.program, m))));
    }
    for s in order(g).filter(|&s| g.set.is_final(s)) {
        out.push_str(&format!("    {} --> [*]\n", mermaid_id(g, s)));
    }
    if has_any(g) {
        out.push_str("    classDef anyStage fill:none,stroke-dasharray:5 5\n    class any_stage anyStage\n");
    }
    out
}
