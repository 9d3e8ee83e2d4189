//! The command line in the user's language: clap's help, usage and argument errors, worded from
//! the catalogue (`cli.cat`). clap derives the arguments; every text it would show comes from here.

use super::stdio;
use super::term::ColorArg;
use super::{Cli, USAGE};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches, ValueEnum};
use ladder::diag::Lang;
use ladder::t;
use std::ffi::OsString;

/// Parses the command line, choosing the language first (`--lang`, then the environment) so help
/// and errors are in it. `Err` is the exit code after help, the version or an error was printed.
pub fn parse(args: Vec<OsString>) -> Result<(Cli, Lang), i32> {
    let lang = *super::LANG.get_or_init(|| lang_in(&args).unwrap_or_else(Lang::from_env));
    if let Some(when) = option_in(&args, "--color").and_then(|v| ColorArg::from_str(v, false).ok()) {
        super::term::choose(when);
    }
    // Most lines parse: the command with its texts in `lang` (an eighth of a short run's
    // instructions) is built only to say help, the version or an error.
    if let Ok(cli) = bare().try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m)) {
        return Ok((cli, lang));
    }
    let cmd = command(lang);
    let sub = args.iter().filter_map(|a| a.to_str()).find_map(|a| cmd.find_subcommand(a)).cloned();
    let usage_of = sub.unwrap_or_else(|| cmd.clone());
    let matches = match cmd.clone().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => return Err(report(&e, lang, &usage_of)),
    };
    Cli::from_arg_matches(&matches).map(|cli| (cli, lang)).map_err(|e| report(&e, lang, &usage_of))
}

/// `--lang X` or `--lang=X` anywhere on the line, if X is a language.
fn lang_in(args: &[OsString]) -> Option<Lang> {
    let value = option_in(args, "--lang")?;
    ladder::diag::LANGS.into_iter().find(|l| l.code() == value)
}

/// The value of `option` (`--color X` or `--color=X`) anywhere on the line.
fn option_in<'a>(args: &'a [OsString], option: &str) -> Option<&'a str> {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    words.iter().enumerate().find_map(|(i, w)| match w.strip_prefix(option) {
        Some("") => words.get(i + 1).copied(),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    })
}

/// `ladder`'s clap command as [`command`] parses it, without its texts.
fn bare() -> Command {
    Cli::command()
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version))
}

/// `ladder`'s clap command with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command()
        .about(t!(lang, "cli.about"))
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(t!(lang, "cli.version")));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let mut cmd = texts(cmd, lang, None)
        .subcommand_help_heading(t!(lang, "cli.commands"))
        .subcommand_value_name(t!(lang, "cli.command"));
    for name in names {
        let about = about(lang, &name);
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = texts(sub.about(about), lang, Some(&name));
            let usage = usage(sub.clone().bin_name(format!("ladder {name}")), lang);
            sub.override_usage(usage)
        });
    }
    let usage = usage(cmd.clone().bin_name("ladder"), lang);
    cmd.override_usage(usage)
}

/// A usage line with clap's `[OPTIONS]` in `lang`, without the heading.
fn usage(mut cmd: Command, lang: Lang) -> String {
    let line = cmd.render_usage().to_string();
    let line = line.split_once(": ").map_or(line.as_str(), |(_, rest)| rest).trim().to_string();
    line.replace("[OPTIONS]", &t!(lang, "cli.options-placeholder"))
}

/// Headings, the help flag and every argument's help of one command.
fn texts(cmd: Command, lang: Lang, sub: Option<&str>) -> Command {
    let usage = t!(lang, "cli.usage", usage = "{usage}");
    let template = format!("{{about-with-newline}}\n{usage}\n\n{{all-args}}{{after-help}}");
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    let mut cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(t!(lang, "cli.help")));
    for (order, id) in ids.into_iter().enumerate() {
        let help = arg_help(lang, sub, &id).unwrap_or_default();
        cmd = cmd.mut_arg(&id, |a| with_values(a, help, lang).display_order(order));
    }
    let last = cmd.get_arguments().count();
    cmd.mut_arg("help", |a| a.help_heading(t!(lang, "cli.options")).display_order(last))
}

/// An argument with its help, heading, value name, default and possible values in `lang`.
fn with_values(a: Arg, help: String, lang: Lang) -> Arg {
    let mut notes = Vec::new();
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && a.get_action().takes_values() {
        notes.push(t!(lang, "cli.default", value = defaults.join(", ")));
    }
    let values: Vec<String> = a.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
    if !values.is_empty() && a.get_action().takes_values() {
        notes.push(t!(lang, "cli.possible", values = values.join(", ")));
    }
    let help = std::iter::once(help).chain(notes).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let heading = if a.is_positional() { t!(lang, "cli.arguments") } else { t!(lang, "cli.options") };
    let a = match value_name(lang, a.get_id().as_str()).filter(|_| a.is_positional()) {
        Some(name) => a.value_name(name),
        None => a,
    };
    let a = a.help(help).help_heading(heading);
    match a.get_action().takes_values() {
        true => a.hide_default_value(true).hide_possible_values(true),
        false => a,
    }
}

/// What a subcommand does, in one line.
fn about(lang: Lang, sub: &str) -> String {
    match sub {
        "check" => t!(lang, "cli.check"),
        "run" => t!(lang, "cli.run"),
        "diff" => t!(lang, "cli.diff"),
        "explain" => t!(lang, "cli.explain"),
        "audit" => t!(lang, "cli.audit"),
        "graph" => t!(lang, "cli.graph"),
        "sql" => t!(lang, "cli.sql"),
        "test" => t!(lang, "cli.test"),
        "repl" => t!(lang, "cli.repl"),
        "serve" => t!(lang, "cli.serve"),
        "fmt" => t!(lang, "cli.fmt"),
        "completions" => t!(lang, "cli.completions"),
        "man" => t!(lang, "cli.man"),
        _ => String::new(),
    }
}

/// The name a positional argument's value is shown with in usage lines.
fn value_name(lang: Lang, id: &str) -> Option<String> {
    Some(match id {
        "rules" => t!(lang, "cli.value.rules"),
        "data" => t!(lang, "cli.value.data"),
        "paths" => t!(lang, "cli.value.paths"),
        "files" => t!(lang, "cli.value.diff-files"),
        "dir" => t!(lang, "cli.value.dir"),
        "log" => t!(lang, "cli.value.log"),
        "shell" => t!(lang, "cli.value.shell"),
        "command" => t!(lang, "cli.command"),
        _ => return None,
    })
}

/// The help of argument `id` of subcommand `sub` (`None`: the top level).
fn arg_help(lang: Lang, sub: Option<&str>, id: &str) -> Option<String> {
    Some(match (sub, id) {
        (None, "lang") => t!(lang, "cli.lang"),
        (None, "version") => t!(lang, "cli.version"),
        (None, "color") => t!(lang, "cli.color"),
        (None, "quiet") => t!(lang, "cli.quiet"),
        (Some("check"), "paths") => t!(lang, "cli.check.paths"),
        (Some("check"), "format") => t!(lang, "cli.check.format"),
        (Some("check"), "deny_warnings") => t!(lang, "cli.check.deny-warnings"),
        (Some("check"), "verbose") => t!(lang, "cli.check.verbose"),
        (Some("run"), "rules") => t!(lang, "cli.rules"),
        (Some("run"), "data") => t!(lang, "cli.run.data"),
        (Some("run"), "output") => t!(lang, "cli.run.output"),
        (Some("run"), "as_of") => t!(lang, "cli.as-of"),
        (Some("run"), "explain") => t!(lang, "cli.run.explain"),
        (Some("run"), "summary") => t!(lang, "cli.run.summary"),
        (Some("run"), "keep") => t!(lang, "cli.run.keep"),
        (Some("run"), "format") => t!(lang, "cli.run.format"),
        (Some("run" | "explain" | "repl" | "sql"), "encoding") => t!(lang, "cli.encoding"),
        (Some("run" | "explain" | "sql"), "delimiter") => t!(lang, "cli.delimiter"),
        (Some("audit"), "delimiter") => t!(lang, "cli.audit.delimiter"),
        (Some("run"), "output_encoding") => t!(lang, "cli.run.output-encoding"),
        (Some("run" | "explain" | "diff" | "sql"), "sheet") => t!(lang, "cli.sheet"),
        (Some("diff"), "files") => t!(lang, "cli.diff.files"),
        (Some("diff"), "base") => t!(lang, "cli.diff.base"),
        (Some("diff"), "as_of") => t!(lang, "cli.as-of"),
        (Some("diff"), "format") => t!(lang, "cli.diff.format"),
        (Some("diff"), "sample") => t!(lang, "cli.diff.sample"),
        (Some("diff"), "max_changed") => t!(lang, "cli.diff.max-changed"),
        (Some("diff"), "output") => t!(lang, "cli.diff.output"),
        (Some("diff"), "encoding") => t!(lang, "cli.encoding"),
        (Some("diff"), "delimiter") => t!(lang, "cli.delimiter"),
        (Some("audit"), "sheet") => t!(lang, "cli.audit.sheet"),
        (Some("explain"), "rules") => t!(lang, "cli.rules"),
        (Some("explain"), "data") => t!(lang, "cli.explain.data"),
        (Some("explain"), "row") => t!(lang, "cli.explain.row"),
        (Some("explain"), "key") => t!(lang, "cli.explain.key"),
        (Some("explain" | "repl" | "audit" | "test"), "as_of") => t!(lang, "cli.as-of"),
        (Some("audit"), "rules") => t!(lang, "cli.rules"),
        (Some("audit"), "log") => t!(lang, "cli.audit.log"),
        (Some("audit"), "transitions") => t!(lang, "cli.audit.transitions"),
        (Some("audit"), "from") => t!(lang, "cli.audit.from"),
        (Some("audit"), "to") => t!(lang, "cli.audit.to"),
        (Some("audit"), "format") => t!(lang, "cli.audit.format"),
        (Some("audit"), "encoding") => t!(lang, "cli.audit.encoding"),
        (Some("graph"), "rules") => t!(lang, "cli.rules"),
        (Some("graph"), "transitions") => t!(lang, "cli.graph.transitions"),
        (Some("graph"), "format") => t!(lang, "cli.graph.format"),
        (Some("graph"), "output") => t!(lang, "cli.graph.output"),
        (Some("serve"), "dir") => t!(lang, "cli.serve.dir"),
        (Some("serve"), "data") => t!(lang, "cli.serve.data"),
        (Some("serve"), "port") => t!(lang, "cli.serve.port"),
        (Some("serve"), "host") => t!(lang, "cli.serve.host"),
        (Some("serve"), "no_open") => t!(lang, "cli.serve.no-open"),
        (Some("sql"), "rules") => t!(lang, "cli.rules"),
        (Some("sql"), "dialect") => t!(lang, "cli.sql.dialect"),
        (Some("sql"), "table") => t!(lang, "cli.sql.table"),
        (Some("sql"), "as_of") => t!(lang, "cli.sql.as-of"),
        (Some("sql"), "view") => t!(lang, "cli.sql.view"),
        (Some("sql"), "ddl") => t!(lang, "cli.sql.ddl"),
        (Some("sql"), "rows") => t!(lang, "cli.sql.rows"),
        (Some("sql"), "output") => t!(lang, "cli.sql.output"),
        (Some("test"), "paths") => t!(lang, "cli.test.paths"),
        (Some("test"), "cases") => t!(lang, "cli.test.cases"),
        (Some("test"), "filter") => t!(lang, "cli.test.filter"),
        (Some("test"), "coverage") => t!(lang, "cli.test.coverage"),
        (Some("test"), "min_coverage") => t!(lang, "cli.test.min-coverage"),
        (Some("test"), "format") => t!(lang, "cli.test.format"),
        (Some("test"), "encoding") => t!(lang, "cli.test.encoding"),
        (Some("test"), "suggest") => t!(lang, "cli.test.suggest"),
        (Some("test"), "write") => t!(lang, "cli.test.write"),
        (Some("repl"), "rules") => t!(lang, "cli.repl.rules"),
        (Some("repl"), "data") => t!(lang, "cli.repl.data"),
        (Some("repl"), "echo") => t!(lang, "cli.repl.echo"),
        (Some("fmt"), "paths") => t!(lang, "cli.fmt.paths"),
        (Some("fmt"), "check") => t!(lang, "cli.fmt.check"),
        (Some("completions"), "shell") => t!(lang, "cli.completions.shell"),
        (Some("man"), "command") => t!(lang, "cli.man.command"),
        _ => return None,
    })
}

/// Prints a clap error, help or version in `lang` and returns the exit code; `cmd` is the
/// (sub)command whose usage an error shows.
fn report(e: &clap::Error, lang: Lang, cmd: &Command) -> i32 {
    match e.kind() {
        ErrorKind::DisplayVersion => {
            stdio::outln(format_args!("ladder {}", env!("CARGO_PKG_VERSION")));
            return super::OK;
        }
        ErrorKind::DisplayHelp => {
            stdio::out(e.render().ansi());
            return super::OK;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            stdio::err(e.render().ansi());
            return USAGE;
        }
        _ => {}
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        Some(ContextValue::None) | None => String::new(),
        Some(_) => String::new(),
    };
    let (arg, value) = (text(ContextKind::InvalidArg), text(ContextKind::InvalidValue));
    let message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => t!(lang, "cli.error.no-value", arg),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t!(lang, "cli.error.bad-value", arg, value),
        ErrorKind::UnknownArgument => t!(lang, "cli.error.unknown-argument", arg),
        ErrorKind::InvalidSubcommand => {
            t!(lang, "cli.error.unknown-command", name = text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => t!(lang, "cli.error.missing", args = arg),
        ErrorKind::MissingSubcommand => t!(lang, "cli.error.no-command"),
        ErrorKind::ArgumentConflict => t!(lang, "cli.error.conflict", arg, other = text(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            t!(lang, "cli.error.values", arg)
        }
        _ => t!(lang, "cli.error.other", detail = e.kind()),
    };
    let mut out = format!("{}\n", t!(lang, "cli.error", message));
    let valid = match e.get(ContextKind::ValidValue) {
        // Spaces, not commas, between them: `,` is a value of --delimiter.
        Some(ContextValue::Strings(v)) => v.join(" "),
        _ => String::new(),
    };
    if !valid.is_empty() {
        out.push_str(&format!("  {}\n", t!(lang, "cli.possible", values = valid)));
    }
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
        .into_iter()
        .map(text)
        .find(|s| !s.is_empty());
    if let Some(name) = suggested {
        out.push_str(&format!("  {}\n", t!(lang, "did-you-mean", name)));
    }
    let usage = subcommand_usage(e, cmd);
    out.push_str(&format!("\n{}\n\n{}\n", t!(lang, "cli.usage", usage), t!(lang, "cli.more")));
    stdio::err(out);
    USAGE
}

/// The usage line of the command the error is about, without clap's English heading.
fn subcommand_usage(e: &clap::Error, cmd: &Command) -> String {
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        _ => {
            let name = cmd.get_name();
            let line = cmd
                .clone()
                .bin_name(if name == "ladder" { "ladder".to_string() } else { format!("ladder {name}") })
                .render_usage();
            line.to_string()
        }
    };
    let line = usage.lines().next().unwrap_or_default();
    line.split_once(": ").map_or(line, |(_, rest)| rest).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_argument_has_words_in_every_language() {
        for lang in ladder::diag::LANGS {
            let cmd = Cli::command();
            for id in cmd.get_arguments().map(|a| a.get_id().to_string()) {
                assert!(arg_help(lang, None, &id).is_some(), "ladder --{id} has no help");
            }
            for sub in cmd.get_subcommands() {
                assert!(!about(lang, sub.get_name()).is_empty(), "ladder {} has no words", sub.get_name());
                for a in sub.get_arguments() {
                    let id = a.get_id().as_str();
                    assert!(
                        arg_help(lang, Some(sub.get_name()), id).is_some(),
                        "ladder {} {id} has no help",
                        sub.get_name()
                    );
                    if a.is_positional() {
                        assert!(value_name(lang, id).is_some(), "ladder {} {id} has no value name", sub.get_name());
                    }
                }
            }
        }
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let line = |s: &str| s.split(' ').map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_in(&line("ladder check --lang zh x")), Some(Lang::Zh));
        assert_eq!(lang_in(&line("ladder --lang=en check x")), Some(Lang::En));
        assert_eq!(lang_in(&line("ladder check x")), None);
        assert_eq!(lang_in(&line("ladder check --lang fr")), None);
    }
}
