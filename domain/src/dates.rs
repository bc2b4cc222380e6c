//! Calendar dates that users type or clients send: one strict reading and one sane range, so
//! that no date a request carries can overflow the arithmetic done on it (deadlines, months,
//! periods) or reach a panic.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The date in Europe/Paris at instant `now`: a court day starts at local midnight, and a
/// deadline counts in days of the court, not of UTC.
pub fn paris_today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&chrono_tz::Europe::Paris).date_naive()
}

/// Instant `at` as local time in Europe/Paris, `DD/MM/YYYY HH:MM:SS`.
pub fn paris_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Paris)
        .format("%d/%m/%Y %H:%M:%S")
        .to_string()
}

/// The years Greffe accepts anywhere: births from 1900, audiences and deadlines up to 2200.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Whether `d` lies in the years Greffe accepts.
pub fn in_range(d: NaiveDate) -> bool {
    YEARS.contains(&d.year())
}

/// Whether `s` is ten characters: digits, with `sep` at the two positions `at`.
fn shaped(s: &str, at: [usize; 2], sep: u8) -> bool {
    s.len() == 10
        && s.bytes()
            .enumerate()
            .all(|(i, b)| if at.contains(&i) { b == sep } else { b.is_ascii_digit() })
}

/// The date whose year, month and day are the digits at `y` (four), `m` and `d` (two) of a
/// shaped string. Read by hand: chrono's format parser is about 20 kB of the browser's wasm.
fn ymd(s: &str, y: usize, m: usize, d: usize) -> Option<NaiveDate> {
    let two = |at: usize| s.get(at..at + 2)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(s.get(y..y + 4)?.parse().ok()?, two(m)?, two(d)?)
}

/// Reads `AAAA-MM-JJ` (four-digit year, no sign) within the accepted years.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    shaped(s, [4, 7], b'-')
        .then(|| ymd(s, 0, 5, 8))
        .flatten()
        .filter(|d| in_range(*d))
}

/// Reads `JJ/MM/AAAA` (as in a French file), or `AAAA-MM-JJ`, within the accepted years.
pub fn parse_fr_or_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let shape = shaped(s, [2, 5], b'/');
    if shape {
        ymd(s, 6, 3, 0).filter(|d| in_range(*d))
    } else {
        parse_iso(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_court_day_is_the_day_in_paris() {
        use chrono::TimeZone;
        // 23:30 UTC on 31 December is already 1 January in Paris (UTC+1 in winter)…
        let late = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(paris_today(late), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(paris_time(late), "01/01/2027 00:30:00");
        // …and 22:30 UTC on 30 June is 00:30 on 1 July (UTC+2 in summer).
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 22, 30, 0).unwrap();
        assert_eq!(paris_today(summer), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
    }

    #[test]
    fn only_plain_dates_within_the_years_are_read() {
        assert_eq!(parse_iso("2026-12-03"), NaiveDate::from_ymd_opt(2026, 12, 3));
        assert_eq!(parse_iso(" 1900-01-01 "), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(parse_fr_or_iso("03/12/2026"), NaiveDate::from_ymd_opt(2026, 12, 3));
        assert_eq!(parse_fr_or_iso("2026-12-03"), NaiveDate::from_ymd_opt(2026, 12, 3));
        for bad in [
            "+262142-12-01",
            "-0001-01-01",
            "262142-12-01",
            "1899-12-31",
            "2201-01-01",
            "2026-02-30",
            "2026-1-5",
            "2026-12-03T00:00",
            "",
            "03/12/1800",
            "3/12/2026",
        ] {
            assert_eq!(parse_fr_or_iso(bad), None, "{bad}");
        }
        assert!(in_range(NaiveDate::from_ymd_opt(2200, 12, 31).unwrap()));
        assert!(!in_range(NaiveDate::from_ymd_opt(262_142, 12, 1).unwrap()));
    }
}
