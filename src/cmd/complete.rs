//! `ladder completions SHELL` and `ladder man [COMMAND]`: shell completion scripts and manual pages,
//! generated from the same localized command as `--help` (`help::command`).

use super::{error, help, lang, stdio, OK, USAGE};
use ladder::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    shell: Shell,
}

/// The shells a completion script is written for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    // A subcommand's page (`ladder-check(1)`) instead of the main one.
    command: Option<String>,
}

/// Prints the completion script for the shell.
pub fn completions(args: Args) -> i32 {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut help::command(lang()), "ladder", &mut out);
    print(&out)
}

/// Prints the manual page (roff) of `ladder`, or of one of its commands.
pub fn man(args: ManArgs) -> i32 {
    let mut cmd = help::command(lang()).bin_name("ladder");
    cmd.build();
    let page = match &args.command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name).filter(|s| !s.is_hide_set()) {
            Some(sub) => sub.clone(),
            None => {
                error(t!(lang(), "cli.error.unknown-command", name));
                return USAGE;
            }
        },
    };
    let mut out = Vec::new();
    match clap_mangen::Man::new(page).render(&mut out) {
        Ok(()) => print(&out),
        Err(e) => {
            error(e);
            USAGE
        }
    }
}

fn print(bytes: &[u8]) -> i32 {
    stdio::out_bytes(bytes);
    OK
}
