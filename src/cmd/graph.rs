//! `ladder graph`: the stage graph of a transition set as Graphviz DOT or Mermaid text.

use super::{load_rules, OK, USAGE};
use ladder::transitions::draw::{draw, GraphFormat};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    rules: PathBuf,
    #[arg(long, value_name = "NAME")]
    transitions: Option<String>,
    #[arg(long, value_enum, default_value = "dot")]
    format: GraphFormat,
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let t = match ladder::transitions::find(&program, args.transitions.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", e.text(super::lang()));
            return USAGE;
        }
    };
    let text = draw(&program, t, args.format, super::lang());
    match &args.output {
        None => {
            // A closed pipe (`| head`) is not an error.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
        }
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return USAGE;
            }
        }
    }
    OK
}
