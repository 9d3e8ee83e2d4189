//! Ladder: a rule language for grading customers and moving them through sales stages.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod cell;
pub mod check;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod examples;
pub mod explain;
pub mod files;
pub mod fmt;
pub mod input;
pub mod ir;
pub mod repl;
pub mod report;
pub mod run;
pub mod source;
pub mod sql;
pub mod summary;
pub mod syntax;
pub mod testing;
pub mod transitions;
pub mod value;
pub mod workbook;
pub mod xlsx;

/// Today's date where Ladder runs. On Unix without `TZ`, the zone is read from /etc/localtime
/// itself: jiff's own lookup first indexes the whole zoneinfo folder, which was a tenth of the
/// instructions of `ladder check` on a rule file.
pub fn today() -> jiff::civil::Date {
    #[cfg(unix)]
    if std::env::var_os("TZ").is_none() {
        let zone = std::fs::read("/etc/localtime").ok().and_then(|b| jiff::tz::TimeZone::tzif("localtime", &b).ok());
        if let Some(zone) = zone {
            return zone.to_datetime(jiff::Timestamp::now()).date();
        }
    }
    jiff::ZonedDateTime::now().date()
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_the_day_jiff_finds_in_the_system_zone() {
        let (before, ours, after) =
            (jiff::ZonedDateTime::now().date(), super::today(), jiff::ZonedDateTime::now().date());
        // Around midnight the day may turn between the calls.
        assert!(ours == before || ours == after, "{ours} vs {before}..{after}");
    }
}
