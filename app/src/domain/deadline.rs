//! Procedural deadlines: the French public-holiday calendar, the computation of arts.
//! 640–642 CPC (and 801 CPP), and the rules as data with their legal basis.

use super::juridiction::Calendar;
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

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

/// Public holidays of `year` with their French names (art. L3133-1 code du travail, plus
/// Good Friday and 26 December in Alsace-Moselle, art. L3134-13).
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
    if calendar == Calendar::AlsaceMoselle {
        list.push((easter - Duration::days(2), "Vendredi saint"));
        list.push((d(12, 26), "Saint-Étienne"));
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
    holidays(date.year(), calendar)
        .into_iter()
        .find(|(h, _)| *h == date)
        .map(|(_, name)| format!("jour férié ({name})"))
}

/// How a delay is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delay {
    /// Calendar days; the starting day does not count (art. 641 al. 1 CPC).
    Days(u32),
    /// Months: same day number of the last month, or that month's last day (art. 641 al. 2 CPC).
    Months(u32),
    /// Jours francs: neither the starting day nor the last day counts.
    JoursFrancs(u32),
}

impl Delay {
    /// French wording, e.g. « 2 mois », « 5 jours francs ».
    pub fn label(self) -> String {
        match self {
            Delay::Days(n) => format!("{n} jour{}", if n > 1 { "s" } else { "" }),
            Delay::Months(n) => format!("{n} mois"),
            Delay::JoursFrancs(n) => format!(
                "{n} jour{} franc{}",
                if n > 1 { "s" } else { "" },
                if n > 1 { "s" } else { "" }
            ),
        }
    }
}

/// A legal text: code, article, and the date of the version the rule was checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub code: &'static str,
    pub article: &'static str,
    /// `YYYY-MM-DD` of the consolidated version read.
    pub version: &'static str,
}

impl LegalBasis {
    /// « art. 612 CPC (version du 2026-01-01) »
    pub fn cite(&self) -> String {
        format!("art. {} {} (version du {})", self.article, self.code, self.version)
    }
}

/// A deadline rule: data, not code, so that a renumbering changes only this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: &'static str,
    pub label: &'static str,
    pub basis: LegalBasis,
    pub delay: Delay,
    /// The event that starts the delay.
    pub start: &'static str,
    /// What happens when the delay lapses.
    pub lapse: &'static str,
    /// The text that extends a delay ending on a non-working day.
    pub extension: LegalBasis,
}

const V: &str = "2026-01-01";
const CPC_642: LegalBasis = LegalBasis {
    code: "CPC",
    article: "642",
    version: V,
};
const CPP_801: LegalBasis = LegalBasis {
    code: "CPP",
    article: "801",
    version: V,
};

/// Every rule, by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "cpc-612",
        label: "Pourvoi en cassation (matière civile)",
        basis: LegalBasis {
            code: "CPC",
            article: "612",
            version: V,
        },
        delay: Delay::Months(2),
        start: "signification de la décision attaquée",
        lapse: "irrecevabilité du pourvoi",
        extension: CPC_642,
    },
    Rule {
        id: "cpc-978",
        label: "Mémoire ampliatif du demandeur",
        basis: LegalBasis {
            code: "CPC",
            article: "978",
            version: V,
        },
        delay: Delay::Months(4),
        start: "déclaration de pourvoi",
        lapse: "déchéance du pourvoi",
        extension: CPC_642,
    },
    Rule {
        id: "cpc-982",
        label: "Mémoire en défense",
        basis: LegalBasis {
            code: "CPC",
            article: "982",
            version: V,
        },
        delay: Delay::Months(2),
        start: "signification du mémoire ampliatif",
        lapse: "irrecevabilité du mémoire en défense",
        extension: CPC_642,
    },
    Rule {
        id: "cpp-568",
        label: "Pourvoi en cassation (matière pénale)",
        basis: LegalBasis {
            code: "CPP",
            article: "568",
            version: V,
        },
        delay: Delay::JoursFrancs(5),
        start: "prononcé de la décision (ou sa signification dans les cas prévus)",
        lapse: "irrecevabilité du pourvoi",
        extension: CPP_801,
    },
    Rule {
        id: "cpp-584",
        label: "Mémoire personnel au greffe de la juridiction",
        basis: LegalBasis {
            code: "CPP",
            article: "584",
            version: V,
        },
        delay: Delay::Days(10),
        start: "déclaration de pourvoi",
        lapse: "mémoire non transmis avec le dossier",
        extension: CPP_801,
    },
    Rule {
        id: "cpp-585-1",
        label: "Mémoire du condamné ou constitution d'avocat",
        basis: LegalBasis {
            code: "CPP",
            article: "585-1",
            version: V,
        },
        delay: Delay::Months(1),
        start: "déclaration de pourvoi",
        lapse: "irrecevabilité du mémoire",
        extension: CPP_801,
    },
    Rule {
        id: "cpp-585-2",
        label: "Mémoire du ministère public",
        basis: LegalBasis {
            code: "CPP",
            article: "585-2",
            version: V,
        },
        delay: Delay::Months(1),
        start: "déclaration de pourvoi",
        lapse: "irrecevabilité du mémoire",
        extension: CPP_801,
    },
    Rule {
        id: "cpp-586",
        label: "Transmission du dossier par le greffe de la juridiction",
        basis: LegalBasis {
            code: "CPP",
            article: "586",
            version: V,
        },
        delay: Delay::Days(20),
        start: "déclaration de pourvoi",
        lapse: "retard de transmission à signaler",
        extension: CPP_801,
    },
    Rule {
        id: "cpp-567-2",
        label: "Arrêt sur pourvoi en matière de détention provisoire",
        basis: LegalBasis {
            code: "CPP",
            article: "567-2",
            version: V,
        },
        delay: Delay::Months(3),
        start: "réception du dossier à la Cour de cassation",
        lapse: "mise en liberté d'office",
        extension: CPP_801,
    },
];

/// The rule with `id`.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// A computed deadline and the reasoning behind it ("why this date").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computation {
    pub due: NaiveDate,
    pub steps: Vec<String>,
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Adds `months` to `from`: same day number, or the last day of a shorter month.
pub fn add_months(from: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the month's last day, which is exactly art. 641 al. 2 CPC.
    from.checked_add_months(Months::new(months))
        .expect("date within chrono's range")
}

/// Computes the deadline of `rule` started by an event on `from`.
pub fn compute(rule: &Rule, from: NaiveDate, calendar: Calendar) -> Computation {
    let mut steps = vec![format!(
        "Point de départ : {} ({}) ; ce jour ne compte pas (art. 641 CPC).",
        fr(from),
        rule.start
    )];
    let mut due = match rule.delay {
        Delay::Days(n) => from + Duration::days(i64::from(n)),
        Delay::Months(n) => {
            let due = add_months(from, n);
            if due.day() != from.day() {
                steps.push(format!(
                    "Pas de {} dans le mois d'échéance : le délai expire le dernier jour du mois (art. 641 al. 2 CPC).",
                    from.day()
                ));
            }
            due
        }
        Delay::JoursFrancs(n) => {
            steps.push("Jours francs : ni le jour de départ ni le jour de l'échéance ne comptent.".into());
            from + Duration::days(i64::from(n) + 1)
        }
    };
    steps.push(format!(
        "Délai de {} ({}) : échéance le {}.",
        rule.delay.label(),
        rule.basis.cite(),
        fr(due)
    ));
    while let Some(reason) = non_working_reason(due, calendar) {
        let next = due + Duration::days(1);
        steps.push(format!(
            "Le {} est un {reason} : prorogation au {} ({}).",
            fr(due),
            fr(next),
            rule.extension.cite()
        ));
        due = next;
    }
    steps.push(format!(
        "Échéance : le {} à 24 heures ; à défaut : {}.",
        fr(due),
        rule.lapse
    ));
    Computation { due, steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Calendar::{AlsaceMoselle as AM, Metropole as M};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

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

    /// (rule, from, calendar, due) — each line is a case a greffier checks by hand.
    #[test]
    fn deadlines() {
        for (id, from, cal, due, why) in [
            (
                "cpc-612",
                "2026-03-10",
                M,
                "2026-05-11",
                "2 months land on Sunday 10 May → Monday 11",
            ),
            ("cpc-612", "2026-03-13", M, "2026-05-13", "plain two months"),
            (
                "cpc-612",
                "2025-12-31",
                M,
                "2026-03-02",
                "31 Dec + 2 months → 28 Feb 2026 (Saturday) → Monday 2 March",
            ),
            ("cpc-612", "2023-12-29", M, "2024-02-29", "leap year: 29 Feb exists"),
            (
                "cpc-612",
                "2023-12-30",
                M,
                "2024-02-29",
                "no 30 Feb: last day of February",
            ),
            (
                "cpc-978",
                "2026-01-14",
                M,
                "2026-05-15",
                "4 months end on Ascension (Thursday 14 May) → Friday 15",
            ),
            (
                "cpc-982",
                "2026-05-14",
                M,
                "2026-07-15",
                "14 July, fête nationale → 15 July",
            ),
            (
                "cpc-612",
                "2026-09-01",
                M,
                "2026-11-02",
                "1 Nov 2026 is a Sunday → Monday 2 Nov",
            ),
            (
                "cpc-612",
                "2026-09-11",
                M,
                "2026-11-12",
                "11 Nov 2026 is a Wednesday holiday → Thursday 12",
            ),
            (
                "cpc-612",
                "2026-10-25",
                M,
                "2026-12-28",
                "25 Dec Friday (holiday) → Saturday → Sunday → Monday 28",
            ),
            ("cpc-612", "2026-10-26", M, "2026-12-28", "26 Dec is a Saturday anyway"),
            (
                "cpc-612",
                "2025-10-26",
                M,
                "2025-12-26",
                "26 Dec 2025 is a Friday: working day in métropole",
            ),
            (
                "cpc-612",
                "2025-10-26",
                AM,
                "2025-12-29",
                "but a holiday in Alsace-Moselle → Monday 29",
            ),
            (
                "cpc-612",
                "2026-02-03",
                AM,
                "2026-04-07",
                "3 Apr 2026 Good Friday (AM) → Sat → Sun → Easter Monday → Tue 7",
            ),
            (
                "cpc-612",
                "2026-02-03",
                M,
                "2026-04-03",
                "Good Friday is a working day in métropole",
            ),
            (
                "cpp-584",
                "2026-12-22",
                M,
                "2027-01-04",
                "10 days to 1 Jan 2027 (Friday, holiday) → Mon 4 Jan",
            ),
            (
                "cpp-586",
                "2026-12-12",
                M,
                "2027-01-04",
                "20 days end on 1 Jan 2027 (Friday, holiday) → Monday 4",
            ),
            (
                "cpp-568",
                "2026-03-02",
                M,
                "2026-03-09",
                "5 jours francs from Monday 2: 3–7 count, 8 (Sunday) excluded → then Monday 9",
            ),
            (
                "cpp-568",
                "2026-04-28",
                M,
                "2026-05-04",
                "28 Apr + 6 = 4 May (Monday), across 1 May",
            ),
            ("cpp-568", "2026-04-29", M, "2026-05-05", "29 Apr + 6 = 5 May"),
            (
                "cpp-568",
                "2026-05-02",
                M,
                "2026-05-11",
                "2 May + 6 = 8 May (holiday, Friday) → Sat → Sun → Mon 11",
            ),
            (
                "cpp-585-1",
                "2026-01-31",
                M,
                "2026-03-02",
                "31 Jan + 1 month → 28 Feb (Saturday) → Monday 2 March",
            ),
            (
                "cpp-585-2",
                "2026-06-14",
                M,
                "2026-07-15",
                "14 June + 1 month = 14 July (holiday) → 15",
            ),
            (
                "cpp-567-2",
                "2026-05-29",
                M,
                "2026-08-31",
                "29 Aug 2026 Saturday → Monday 31",
            ),
        ] {
            let got = compute(rule(id).unwrap(), d(from), cal);
            assert_eq!(got.due, d(due), "{id} from {from} ({why}): {:#?}", got.steps);
        }
    }

    #[test]
    fn steps_explain_each_adjustment() {
        let c = compute(rule("cpc-612").unwrap(), d("2026-10-25"), M);
        let text = c.steps.join("\n");
        for needle in [
            "25/10/2026",
            "art. 612 CPC",
            "25/12/2026 est un jour férié (Noël)",
            "26/12/2026 est un samedi",
            "27/12/2026 est un dimanche",
            "art. 642 CPC",
            "28/12/2026",
            "irrecevabilité",
        ] {
            assert!(text.contains(needle), "missing « {needle} » in\n{text}");
        }
        let c = compute(rule("cpp-568").unwrap(), d("2026-03-02"), M);
        assert!(c.steps.join("\n").contains("art. 801 CPP"));
    }

    #[test]
    fn rule_ids_are_unique_and_cover_the_domain_table() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for id in [
            "cpc-612",
            "cpc-978",
            "cpc-982",
            "cpp-568",
            "cpp-584",
            "cpp-585-1",
            "cpp-585-2",
            "cpp-586",
            "cpp-567-2",
        ] {
            assert!(rule(id).is_some(), "{id}");
        }
    }
}
