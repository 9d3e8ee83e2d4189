//! `ladder graph`: the stage graph of a transition set as Graphviz DOT or Mermaid text.

use super::{error, lang, load_rules, stdio, OK, USAGE};
use ladder::t;
use ladder::transitions::draw::{draw, GraphFormat};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The transition set to draw (may be left out when the rules have only one).
    #[arg(long, value_name = "NAME")]
    transitions: Option<String>,
    /// dot (render with Graphviz: `dot -Tsvg`) or mermaid (a stateDiagram-v2 for Markdown).
    #[arg(long, value_enum, default_value = "dot")]
    format: GraphFormat,
    /// Write the text here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let t = match ladder::transitions::find(&program, args.transitions.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            error(ladder::diag::words::audit::no_set(lang(), &e));
            return USAGE;
        }
    };
    let text = draw(&program, t, args.format, super::lang());
    match &args.output {
        None => stdio::out(text),
        Some(path) => {
            if let Err(reason) = std::fs::write(path, text) {
                error(t!(lang(), "cannot-write", path = path.display(), reason));
                return USAGE;
            }
        }
    }
    OK
}
