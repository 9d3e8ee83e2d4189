//! How this run talks to people: whether to colour (decided once, from `--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`, `TERM` and whether each stream is a terminal) and whether to be quiet.
//! Coloured text goes out through `anstream`, which also colours the Windows console.

use std::sync::OnceLock;

/// A `--color` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Whether each stream gets colour.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    pub stdout: bool,
    pub stderr: bool,
}

static COLORS: OnceLock<Colors> = OnceLock::new();
static QUIET: OnceLock<bool> = OnceLock::new();

/// Sets the colour choice for the whole run; `auto` leaves it to the environment and the streams.
/// clap's help follows it too.
pub fn choose(when: ColorArg) {
    anstream::ColorChoice::write_global(match when {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    });
}

/// Whether standard output and standard error get colour, decided once by anstream's rules:
/// `NO_COLOR` (not empty) → none, `CLICOLOR_FORCE` → colour, `TERM=dumb` or not a terminal → none,
/// unless `--color always` or `never` said otherwise.
pub fn colors() -> Colors {
    *COLORS.get_or_init(|| {
        let on = |choice| choice != anstream::ColorChoice::Never;
        Colors {
            stdout: on(anstream::AutoStream::choice(&std::io::stdout())),
            stderr: on(anstream::AutoStream::choice(&std::io::stderr())),
        }
    })
}

/// Sets `--quiet` for the whole run.
pub fn set_quiet(quiet: bool) {
    QUIET.get_or_init(|| quiet);
}

/// `--quiet`: only problems are written; nothing on success.
pub fn quiet() -> bool {
    *QUIET.get_or_init(|| false)
}
