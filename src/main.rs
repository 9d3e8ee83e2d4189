//! The `ladder` command line: a thin layer over the library.
#![deny(unsafe_code)]

mod cmd;

use clap::Parser;

fn main() {
    let cli = cmd::Cli::parse();
    std::process::exit(cmd::run(cli));
}
