//! Public holidays of each calendar (métropole, Alsace-Moselle, the territories outre-mer),
//! and whether a day is worked.

use crate::juridiction::Calendar;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Easter Sunday of `year` (Gregorian calendar; anonymous algorithm of Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// Public holidays of `year` with their French names (art. L3133-1 code du travail), plus
/// 26 December and, where the court keeps it, Good Friday in Alsace-Moselle (art. L3134-13),
/// and the abolition-of-slavery day outre-mer (loi n° 83-550 du 30 juin 1983, décret
/// n° 83-1003 du 23 novembre 1983).
pub fn holidays(year: i32, calendar: Calendar) -> Vec<(NaiveDate, &'static str)> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("fixed holiday");
    let easter = easter_sunday(year);
    let mut list = vec![
        (d(1, 1), "jour de l'an"),
        (easter + Duration::days(1), "lundi de Pâques"),
        (d(5, 1), "fête du travail"),
        (d(5, 8), "victoire 1945"),
        (easter + Duration::days(39), "Ascension"),
        (easter + Duration::days(50), "lundi de Pentecôte"),
        (d(7, 14), "fête nationale"),
        (d(8, 15), "Assomption"),
        (d(11, 1), "Toussaint"),
        (d(11, 11), "armistice 1918"),
        (d(12, 25), "Noël"),
    ];
    match calendar {
        Calendar::Metropole => {}
        Calendar::AlsaceMoselle { good_friday } => {
            if good_friday {
                list.push((easter - Duration::days(2), "Vendredi saint"));
            }
            list.push((d(12, 26), "Saint-Étienne"));
        }
        Calendar::OutreMer(territory) => {
            let (m, day) = territory.abolition_day();
            list.push((d(m, day), "abolition de l'esclavage"));
        }
    }
    list.sort();
    list
}

/// Why `date` is not a working day, if it is not one.
pub fn non_working_reason(date: NaiveDate, calendar: Calendar) -> Option<String> {
    match date.weekday() {
        Weekday::Sat => return Some("samedi".into()),
        Weekday::Sun => return Some("dimanche".into()),
        _ => {}
    }
    // Holidays are known for Gregorian years a court can meet; beyond, weekends only (the
    // forms refuse such dates; computations saturate instead of panicking).
    if !(1583..=9999).contains(&date.year()) {
        return None;
    }
    holidays(date.year(), calendar)
        .into_iter()
        .find(|(h, _)| *h == date)
        .map(|(_, name)| format!("jour férié ({name})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::tests::{AM, AM_NO_GF, d};
    use crate::juridiction::{Calendar, Territory};
    use Calendar::Metropole as M;

    #[test]
    fn easter_dates() {
        for (year, easter) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
            (2000, "2000-04-23"),
        ] {
            assert_eq!(easter_sunday(year), d(easter), "{year}");
        }
    }

    #[test]
    fn holiday_calendars() {
        assert_eq!(holidays(2026, M).len(), 11);
        assert_eq!(holidays(2026, AM).len(), 13);
        assert_eq!(holidays(2026, AM_NO_GF).len(), 12);
        for t in Territory::ALL {
            let list = holidays(2026, Calendar::OutreMer(t));
            assert_eq!(list.len(), 12, "{t:?}");
            let (m, day) = t.abolition_day();
            assert!(list.contains(&(
                NaiveDate::from_ymd_opt(2026, m, day).unwrap(),
                "abolition de l'esclavage"
            )));
        }
        let names = |y, c| {
            holidays(y, c)
                .into_iter()
                .map(|(d, _)| d.to_string())
                .collect::<Vec<_>>()
        };
        assert!(names(2026, M).contains(&"2026-05-14".to_string()), "Ascension 2026");
        assert!(
            names(2026, M).contains(&"2026-05-25".to_string()),
            "Pentecost Monday 2026"
        );
        assert!(
            !names(2026, M).contains(&"2026-04-03".to_string()),
            "no Good Friday outside Alsace-Moselle"
        );
        assert!(
            names(2026, AM).contains(&"2026-04-03".to_string()),
            "Good Friday in Alsace-Moselle"
        );
        assert!(names(2026, AM).contains(&"2026-12-26".to_string()));
    }
}
