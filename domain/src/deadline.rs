//! Procedural deadlines: the French public-holiday calendar, the computation of arts.
//! 640–642 CPC (and 801 CPP), and the rules as data with their legal basis.

use super::juridiction::Calendar;
use chrono::{Datelike, Days, Duration, Months, NaiveDate, Weekday};
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

/// A legal text in one wording: code, article, the text that gave it that wording, and the
/// first day that wording governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LegalBasis {
    pub code: &'static str,
    pub article: &'static str,
    /// The text the wording comes from, e.g. « loi n° 2023-1059 du 20 novembre 2023, art. 16 ».
    pub source: &'static str,
    /// `YYYY-MM-DD`: the wording applies to delays starting on or after this day.
    pub in_force: &'static str,
}

impl LegalBasis {
    /// « art. 568 CPP (rédaction issue de la loi n° 2023-1059 du 20 novembre 2023, art. 16,
    /// en vigueur le 30/09/2024) »
    pub fn cite(&self) -> String {
        let since = parse_day(self.in_force)
            .map(fr)
            .unwrap_or_else(|| self.in_force.to_owned());
        // « de la loi », « de l'ordonnance », « du décret ».
        let of = if self.source.starts_with("loi") {
            "de la "
        } else if self.source.starts_with(['o', 'a', 'e', 'é', 'i', 'u']) {
            "de l'"
        } else if self.source.starts_with("décret") {
            "du "
        } else {
            "de "
        };
        format!(
            "art. {} {} (rédaction issue {of}{}, en vigueur le {since})",
            self.article, self.code, self.source
        )
    }

    /// The first day this wording governs.
    pub fn since(&self) -> NaiveDate {
        parse_day(self.in_force).unwrap_or(NaiveDate::MIN)
    }
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Whose residence adds the délais de distance of art. 643 CPC to a civil delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Distance {
    /// Not extended (criminal matters: Crim. 7 févr. 2018; delays the Cour itself must meet).
    None,
    Demandeur,
    Defendeur,
}

/// Where a party lives, for the délais de distance (art. 643 CPC, the Cour de cassation
/// sitting in métropole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Residence {
    #[default]
    Metropole,
    /// Guadeloupe, Guyane, Martinique, La Réunion, Mayotte, Saint-Barthélemy, Saint-Martin,
    /// Saint-Pierre-et-Miquelon, Polynésie française, Wallis-et-Futuna, Nouvelle-Calédonie,
    /// TAAF: one more month.
    OutreMer,
    /// Abroad: two more months.
    Etranger,
}

impl Residence {
    pub const ALL: [Residence; 3] = [Residence::Metropole, Residence::OutreMer, Residence::Etranger];

    /// Stable identifier stored in the database and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Residence::Metropole => "metropole",
            Residence::OutreMer => "outre-mer",
            Residence::Etranger => "etranger",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Residence::Metropole => "France métropolitaine",
            Residence::OutreMer => "Outre-mer",
            Residence::Etranger => "Étranger",
        }
    }

    /// « demeurant à l'étranger »
    pub fn phrase(self) -> &'static str {
        match self {
            Residence::Metropole => "demeurant en France métropolitaine",
            Residence::OutreMer => "demeurant outre-mer",
            Residence::Etranger => "demeurant à l'étranger",
        }
    }

    /// Months added by art. 643 CPC.
    pub fn extra_months(self) -> u32 {
        match self {
            Residence::Metropole => 0,
            Residence::OutreMer => 1,
            Residence::Etranger => 2,
        }
    }
}

/// Where the parties of a pourvoi live, for the délais de distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Parties {
    pub demandeur: Residence,
    pub defendeur: Residence,
}

impl Parties {
    /// The residence that extends a delay of `distance`.
    pub fn residence(self, distance: Distance) -> Residence {
        match distance {
            Distance::None => Residence::Metropole,
            Distance::Demandeur => self.demandeur,
            Distance::Defendeur => self.defendeur,
        }
    }
}

/// One wording of a rule: its text, its delay, and the text that extends a delay ending on a
/// non-working day, as they stood from `basis.in_force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Version {
    pub basis: LegalBasis,
    pub delay: Delay,
    pub extension: LegalBasis,
}

/// A deadline rule: data, not code, so that a new wording or a renumbering is one more
/// version in this table, chosen by the date the delay starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub label: &'static str,
    /// The event that starts the delay.
    pub start: &'static str,
    /// What happens when the delay lapses.
    pub lapse: &'static str,
    /// Whose residence extends the delay (art. 643 CPC).
    pub distance: Distance,
    /// Every wording, oldest first. A delay starting before the first keeps the first.
    pub versions: &'static [Version],
}

impl Rule {
    /// The wording in force on `start`, the day the delay starts.
    pub fn at(&self, start: NaiveDate) -> &'static Version {
        self.versions
            .iter()
            .rev()
            .find(|v| v.basis.since() <= start)
            .unwrap_or(&self.versions[0])
    }
}

/// Délais de distance.
pub const CPC_643: LegalBasis = LegalBasis {
    code: "CPC",
    article: "643",
    source: "décret n° 2017-891 du 6 mai 2017",
    in_force: "2017-05-11",
};

const CPC_642: LegalBasis = LegalBasis {
    code: "CPC",
    article: "642",
    source: "décret n° 75-1123 du 5 décembre 1975",
    in_force: "1976-01-01",
};
const CPP_801: LegalBasis = LegalBasis {
    code: "CPP",
    article: "801",
    source: "loi n° 89-461 du 6 juillet 1989, art. 23",
    in_force: "1989-07-08",
};
/// The recodified code of criminal procedure (ordonnance n° 2025-1091 du 19 novembre 2025):
/// its date of entry into force, which a postponement would move here and nowhere else.
pub const CPP_2029: &str = "2029-01-01";
const CPP_2029_SOURCE: &str = "ordonnance n° 2025-1091 du 19 novembre 2025";
const CPP_L1322_5: LegalBasis = LegalBasis {
    code: "CPP",
    article: "L. 1322-5",
    source: CPP_2029_SOURCE,
    in_force: CPP_2029,
};

/// A civil rule in one wording, extended by art. 642 CPC.
const fn civil(article: &'static str, source: &'static str, in_force: &'static str, delay: Delay) -> Version {
    Version {
        basis: LegalBasis {
            code: "CPC",
            article,
            source,
            in_force,
        },
        delay,
        extension: CPC_642,
    }
}

/// A criminal rule in the code before 2029, extended by art. 801 CPP.
const fn penal(article: &'static str, source: &'static str, in_force: &'static str, delay: Delay) -> Version {
    Version {
        basis: LegalBasis {
            code: "CPP",
            article,
            source,
            in_force,
        },
        delay,
        extension: CPP_801,
    }
}

/// A criminal rule in the code in force from 2029.
const fn penal_2029(article: &'static str, delay: Delay) -> Version {
    Version {
        basis: LegalBasis {
            code: "CPP",
            article,
            source: CPP_2029_SOURCE,
            in_force: CPP_2029,
        },
        delay,
        extension: CPP_L1322_5,
    }
}

/// Every rule, by id.
pub const RULES: &[Rule] = &[
    Rule {
        id: "cpc-612",
        label: "Pourvoi en cassation (matière civile)",
        start: "signification de la décision attaquée",
        lapse: "irrecevabilité du pourvoi",
        distance: Distance::Demandeur,
        versions: &[civil(
            "612",
            "décret n° 75-1123 du 5 décembre 1975",
            "1976-01-01",
            Delay::Months(2),
        )],
    },
    Rule {
        id: "cpc-978",
        label: "Mémoire ampliatif du demandeur",
        start: "déclaration de pourvoi",
        lapse: "déchéance du pourvoi",
        distance: Distance::Demandeur,
        versions: &[civil(
            "978",
            "décret n° 2014-1338 du 6 novembre 2014, art. 15",
            "2014-11-09",
            Delay::Months(4),
        )],
    },
    Rule {
        id: "cpc-982",
        label: "Mémoire en défense",
        start: "signification du mémoire ampliatif",
        lapse: "irrecevabilité du mémoire en défense",
        distance: Distance::Defendeur,
        versions: &[civil(
            "982",
            "décret n° 2008-484 du 22 mai 2008, art. 9",
            "2008-05-25",
            Delay::Months(2),
        )],
    },
    Rule {
        id: "cpp-568",
        label: "Pourvoi en cassation (matière pénale)",
        start: "prononcé de la décision (ou sa signification dans les cas prévus)",
        lapse: "irrecevabilité du pourvoi",
        distance: Distance::None,
        versions: &[
            penal(
                "568",
                "ordonnance n° 60-529 du 4 juin 1960, art. 2",
                "1960-06-08",
                Delay::JoursFrancs(5),
            ),
            penal(
                "568",
                "loi n° 2004-204 du 9 mars 2004, art. 133",
                "2004-10-01",
                Delay::JoursFrancs(5),
            ),
            penal(
                "568",
                "loi n° 2023-1059 du 20 novembre 2023, art. 16 et 60-IV",
                "2024-09-30",
                Delay::JoursFrancs(10),
            ),
            penal_2029("L. 7212-1", Delay::JoursFrancs(10)),
        ],
    },
    Rule {
        id: "cpp-568-1",
        label: "Pourvoi contre un arrêt de remise (mandat d'arrêt européen)",
        start: "prononcé de l'arrêt de la chambre de l'instruction",
        lapse: "irrecevabilité du pourvoi",
        distance: Distance::None,
        versions: &[penal(
            "568-1",
            "loi n° 2004-204 du 9 mars 2004, art. 17",
            "2004-03-11",
            Delay::JoursFrancs(3),
        )],
    },
    Rule {
        id: "cpp-712-15",
        label: "Pourvoi en matière d'application des peines",
        start: "notification de la décision",
        lapse: "irrecevabilité du pourvoi",
        distance: Distance::None,
        versions: &[penal(
            "712-15",
            "loi n° 2004-204 du 9 mars 2004, art. 161",
            "2005-01-01",
            Delay::Days(5),
        )],
    },
    Rule {
        id: "loi-1881-59",
        label: "Pourvoi en matière de presse",
        start: "prononcé de la décision",
        lapse: "irrecevabilité du pourvoi",
        distance: Distance::None,
        versions: &[Version {
            basis: LegalBasis {
                code: "loi du 29 juillet 1881",
                article: "59",
                source: "loi du 29 juillet 1881 sur la liberté de la presse",
                in_force: "1881-07-30",
            },
            delay: Delay::Days(3),
            extension: CPP_801,
        }],
    },
    Rule {
        id: "cpp-453",
        label: "Visa des notes d'audience par le président",
        start: "audience",
        lapse: "notes d'audience non visées dans le délai : à régulariser",
        distance: Distance::None,
        versions: &[penal(
            "453",
            "ordonnance n° 58-1296 du 23 décembre 1958",
            "1959-03-02",
            Delay::Days(3),
        )],
    },
    Rule {
        id: "cpp-584",
        label: "Mémoire personnel au greffe de la juridiction",
        start: "déclaration de pourvoi",
        lapse: "mémoire non transmis avec le dossier",
        distance: Distance::None,
        versions: &[
            penal(
                "584",
                "ordonnance n° 58-1296 du 23 décembre 1958",
                "1959-03-02",
                Delay::Days(10),
            ),
            penal_2029("L. 7212-13", Delay::Days(10)),
        ],
    },
    Rule {
        id: "cpp-585-1",
        label: "Mémoire du condamné ou constitution d'avocat",
        start: "déclaration de pourvoi",
        lapse: "irrecevabilité du mémoire",
        distance: Distance::None,
        versions: &[
            penal(
                "585-1",
                "loi n° 93-1013 du 24 août 1993, art. 42",
                "1993-09-02",
                Delay::Months(1),
            ),
            penal_2029("L. 7212-14", Delay::Months(1)),
        ],
    },
    Rule {
        id: "cpp-585-2",
        label: "Mémoire du ministère public",
        start: "déclaration de pourvoi",
        lapse: "irrecevabilité du mémoire",
        distance: Distance::None,
        versions: &[
            penal(
                "585-2",
                "loi n° 2007-291 du 5 mars 2007",
                "2007-03-07",
                Delay::Months(1),
            ),
            penal_2029("L. 7212-15", Delay::Months(1)),
        ],
    },
    Rule {
        id: "cpp-586",
        label: "Transmission du dossier par le greffe de la juridiction",
        start: "déclaration de pourvoi",
        lapse: "retard de transmission à signaler",
        distance: Distance::None,
        versions: &[penal(
            "586",
            "ordonnance n° 58-1296 du 23 décembre 1958",
            "1959-03-02",
            Delay::Days(20),
        )],
    },
    Rule {
        id: "cpp-567-2",
        label: "Arrêt sur pourvoi en matière de détention provisoire",
        start: "réception du dossier à la Cour de cassation",
        lapse: "mise en liberté d'office",
        distance: Distance::None,
        // The 2029 code's article for the Cour's three months is not identified yet: until it
        // is, a delay starting from 2029 cites this wording.
        versions: &[penal(
            "567-2",
            "loi n° 2021-401 du 8 avril 2021, art. 11",
            "2021-04-10",
            Delay::Months(3),
        )],
    },
    Rule {
        id: "cpp-567-2-memoire",
        label: "Mémoire du demandeur en matière de détention provisoire",
        start: "réception du dossier à la Cour de cassation",
        lapse: "déchéance du pourvoi",
        distance: Distance::None,
        versions: &[
            penal(
                "567-2",
                "loi n° 2021-401 du 8 avril 2021, art. 11",
                "2021-04-10",
                Delay::Months(1),
            ),
            penal_2029("L. 7212-20", Delay::Months(1)),
        ],
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

/// Adds `months` to `from`: same day number, or the last day of a shorter month (chrono
/// clamps, which is exactly art. 641 al. 2 CPC). `None` past chrono's range.
pub fn add_months(from: NaiveDate, months: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(months))
}

/// Computes the deadline of `rule` started by an event on `from`, for a party living in
/// métropole.
pub fn compute(rule: &Rule, from: NaiveDate, calendar: Calendar) -> Computation {
    compute_for(rule, from, calendar, Residence::Metropole)
}

/// Computes the deadline of `rule` started by an event on `from`, with the wording in force
/// on that day, the délais de distance of the party whose residence counts, and the
/// extension of a delay ending on a non-working day of `calendar`. Dates beyond chrono's
/// range (not reachable through `domain::dates`) saturate instead of panicking.
pub fn compute_for(rule: &Rule, from: NaiveDate, calendar: Calendar, residence: Residence) -> Computation {
    let version = rule.at(from);
    let mut steps = vec![format!(
        "Point de départ : {} ({}) ; ce jour ne compte pas (art. 641 CPC).",
        fr(from),
        rule.start
    )];
    if version.basis.since() > from {
        steps.push(format!(
            "Date antérieure à la première rédaction connue ; appliqué : {}.",
            version.basis.cite()
        ));
    }
    let days = |n: u64| from.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX);
    let mut due = match version.delay {
        Delay::Days(n) => days(u64::from(n)),
        Delay::Months(n) => {
            let due = add_months(from, n).unwrap_or(NaiveDate::MAX);
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
            days(u64::from(n) + 1)
        }
    };
    steps.push(format!(
        "Délai de {} ({}) : échéance le {}.",
        version.delay.label(),
        version.basis.cite(),
        fr(due)
    ));
    let extra = if rule.distance == Distance::None {
        0
    } else {
        residence.extra_months()
    };
    if extra > 0 {
        // The delay itself is augmented (art. 643 CPC): count the months from the start.
        due = match version.delay {
            Delay::Months(n) => add_months(from, n + extra),
            _ => add_months(due, extra),
        }
        .unwrap_or(NaiveDate::MAX);
        let party = if rule.distance == Distance::Demandeur {
            "le demandeur"
        } else {
            "le défendeur"
        };
        steps.push(format!(
            "Délai de distance, {party} {} : augmenté de {extra} mois ({}) : échéance le {}.",
            residence.phrase(),
            CPC_643.cite(),
            fr(due)
        ));
    }
    while let Some(reason) = non_working_reason(due, calendar) {
        let Some(next) = due.succ_opt() else { break };
        steps.push(format!(
            "Le {} est un {reason} : prorogation au {} ({}).",
            fr(due),
            fr(next),
            version.extension.cite()
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
    use crate::juridiction::Territory;
    use Calendar::Metropole as M;
    const AM: Calendar = Calendar::AlsaceMoselle { good_friday: true };
    const AM_NO_GF: Calendar = Calendar::AlsaceMoselle { good_friday: false };

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
                "2024-03-04",
                M,
                "2024-03-11",
                "5 jours francs (before 30/09/2024) from Monday 4: 5–9 count, 10 (Sunday) excluded → Monday 11",
            ),
            (
                "cpp-568",
                "2024-04-29",
                M,
                "2024-05-06",
                "29 Apr + 6 = 5 May (Sunday), across 1 May → Monday 6",
            ),
            (
                "cpp-568",
                "2024-05-02",
                M,
                "2024-05-10",
                "2 May + 6 = 8 May (holiday) → 9 May (Ascension 2024) → Friday 10",
            ),
            (
                "cpp-568",
                "2024-09-27",
                M,
                "2024-10-03",
                "decided on Friday 27 Sept 2024: still 5 jours francs",
            ),
            (
                "cpp-568",
                "2024-09-29",
                M,
                "2024-10-07",
                "the last day of 5 jours francs: 5 Oct (Saturday) → Monday 7",
            ),
            (
                "cpp-568",
                "2024-09-30",
                M,
                "2024-10-11",
                "decided on 30 Sept 2024: 10 jours francs, + 11 = Friday 11 Oct",
            ),
            (
                "cpp-568",
                "2026-03-02",
                M,
                "2026-03-13",
                "10 jours francs from Monday 2: 3–12 count, 13 (Friday) is the échéance",
            ),
            (
                "cpp-568",
                "2026-04-28",
                M,
                "2026-05-11",
                "28 Apr + 11 = 9 May (Saturday) → Sunday → Monday 11",
            ),
            (
                "cpp-568",
                "2026-05-03",
                M,
                "2026-05-15",
                "3 May + 11 = 14 May (Ascension) → Friday 15",
            ),
            (
                "cpp-568",
                "2029-01-02",
                M,
                "2029-01-15",
                "2029 code, same 10 jours francs: 13 Jan (Saturday) → Monday 15",
            ),
            (
                "cpp-568-1",
                "2026-03-02",
                M,
                "2026-03-06",
                "3 jours francs (mandat d'arrêt européen): + 4 = Friday 6",
            ),
            (
                "cpp-712-15",
                "2026-03-04",
                M,
                "2026-03-09",
                "5 days, not francs (Crim. 21 oct. 2015): 9 March (Monday)",
            ),
            (
                "loi-1881-59",
                "2026-03-04",
                M,
                "2026-03-09",
                "presse, 3 days: 7 March (Saturday) → Monday 9",
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
            (
                "cpp-567-2-memoire",
                "2026-05-29",
                M,
                "2026-06-29",
                "demandeur's mémoire: 1 month from receipt, Monday 29 June",
            ),
            (
                "cpc-612",
                "2026-02-03",
                AM_NO_GF,
                "2026-04-03",
                "an Alsace-Moselle court whose seat has no Good Friday",
            ),
            (
                "cpc-612",
                "2025-10-26",
                AM_NO_GF,
                "2025-12-29",
                "but 26 December all the same",
            ),
            (
                "cpc-612",
                "2026-03-27",
                Calendar::OutreMer(Territory::Guadeloupe),
                "2026-05-28",
                "27 May, abolition day in Guadeloupe → 28",
            ),
            (
                "cpc-612",
                "2026-03-22",
                Calendar::OutreMer(Territory::Martinique),
                "2026-05-26",
                "22 May (Martinique) is a Friday → Sat → Sun → Pentecost Monday → Tuesday 26",
            ),
            (
                "cpc-612",
                "2026-03-22",
                M,
                "2026-05-22",
                "a working Friday in métropole",
            ),
            (
                "cpc-612",
                "2026-02-27",
                Calendar::OutreMer(Territory::Mayotte),
                "2026-04-28",
                "27 April, Mayotte → 28",
            ),
            (
                "cpc-612",
                "2026-04-10",
                Calendar::OutreMer(Territory::Guyane),
                "2026-06-11",
                "10 June, Guyane → 11",
            ),
            (
                "cpc-612",
                "2027-10-20",
                Calendar::OutreMer(Territory::LaReunion),
                "2027-12-21",
                "20 December 2027 (Monday), La Réunion → 21",
            ),
            (
                "cpc-612",
                "2026-08-09",
                Calendar::OutreMer(Territory::SaintBarthelemy),
                "2026-10-12",
                "9 October 2026 (Friday), Saint-Barthélemy → Monday 12",
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
        let c = compute(rule("cpp-568").unwrap(), d("2026-04-28"), M);
        assert!(c.steps.join("\n").contains("art. 801 CPP"), "{:#?}", c.steps);
    }

    /// A deadline cites the wording in force on the day it starts, with its source.
    #[test]
    fn a_deadline_cites_the_wording_in_force_on_its_start_date() {
        for (id, from, needles) in [
            (
                "cpp-568",
                "2024-09-29",
                &["5 jours francs", "art. 568 CPP", "loi n° 2004-204", "01/10/2004"][..],
            ),
            (
                "cpp-568",
                "2024-09-30",
                &[
                    "10 jours francs",
                    "art. 568 CPP",
                    "loi n° 2023-1059 du 20 novembre 2023",
                    "30/09/2024",
                ][..],
            ),
            ("cpp-568", "2028-12-27", &["art. 568 CPP", "art. 801 CPP"][..]),
            (
                "cpp-568",
                "2029-01-01",
                &[
                    "10 jours francs",
                    "art. L. 7212-1 CPP",
                    "ordonnance n° 2025-1091",
                    "01/01/2029",
                ][..],
            ),
            ("cpp-584", "2029-03-01", &["art. L. 7212-13 CPP"][..]),
            ("cpp-585-1", "2029-03-01", &["art. L. 7212-14 CPP"][..]),
            ("cpp-585-2", "2029-03-01", &["art. L. 7212-15 CPP"][..]),
            ("cpp-567-2-memoire", "2029-03-01", &["art. L. 7212-20 CPP"][..]),
            (
                "cpc-978",
                "2026-01-14",
                &["art. 978 CPC", "issue du décret n° 2014-1338", "09/11/2014"][..],
            ),
            (
                "cpp-568",
                "2026-04-28",
                &["issue de la loi n° 2023-1059", "issue de la loi n° 89-461"][..],
            ),
        ] {
            let text = compute(rule(id).unwrap(), d(from), M).steps.join("\n");
            for needle in needles {
                assert!(text.contains(needle), "{id} from {from}: no « {needle} » in\n{text}");
            }
        }
        // The 2029 extension is the new code's, from a 2029 start only.
        let c = compute(rule("cpp-568").unwrap(), d("2029-01-02"), M);
        assert!(c.steps.join("\n").contains("art. L. 1322-5 CPP"), "{:#?}", c.steps);
        let c = compute(rule("cpp-568").unwrap(), d("2028-12-27"), M);
        assert!(!c.steps.join("\n").contains("L. 1322-5"), "{:#?}", c.steps);
        // Before the first wording recorded: the first one, said so.
        let c = compute(rule("cpc-978").unwrap(), d("2010-01-14"), M);
        assert!(c.steps.join("\n").contains("antérieure à la première rédaction connue"));
    }

    #[test]
    fn versions_are_dated_in_order_and_each_rule_has_one() {
        for r in RULES {
            assert!(!r.versions.is_empty(), "{}", r.id);
            for v in r.versions {
                assert!(parse_day(v.basis.in_force).is_some(), "{}: {}", r.id, v.basis.in_force);
                assert!(parse_day(v.extension.in_force).is_some(), "{}", r.id);
                assert!(!v.basis.source.is_empty(), "{}", r.id);
            }
            for w in r.versions.windows(2) {
                assert!(w[0].basis.since() < w[1].basis.since(), "{} out of order", r.id);
            }
            for w in r.versions.windows(2) {
                let boundary = w[1].basis.since();
                assert_eq!(r.at(boundary), &w[1], "{}", r.id);
                assert_eq!(r.at(boundary.pred_opt().unwrap()), &w[0], "{}", r.id);
            }
        }
    }

    /// (rule, from, residence, due): art. 643 CPC on civil delays only.
    #[test]
    fn delais_de_distance() {
        use Residence::{Etranger, Metropole as Home, OutreMer};
        for (id, from, residence, due, why) in [
            (
                "cpc-978",
                "2026-01-14",
                Home,
                "2026-05-15",
                "no distance: Ascension → 15 May",
            ),
            (
                "cpc-978",
                "2026-01-14",
                OutreMer,
                "2026-06-15",
                "demandeur outre-mer: 5 months, 14 June (Sunday) → 15",
            ),
            (
                "cpc-978",
                "2026-01-14",
                Etranger,
                "2026-07-15",
                "demandeur abroad: 6 months, 14 July → 15",
            ),
            (
                "cpc-982",
                "2025-12-31",
                Etranger,
                "2026-04-30",
                "défendeur abroad: 4 months from 31 Dec counted at once → 30 April, not 28",
            ),
            (
                "cpc-612",
                "2026-03-13",
                OutreMer,
                "2026-06-15",
                "3 months: 13 June (Saturday) → Monday 15",
            ),
            (
                "cpp-585-1",
                "2026-01-31",
                Etranger,
                "2026-03-02",
                "criminal: no délai de distance (Crim. 7 févr. 2018)",
            ),
            (
                "cpp-568",
                "2026-03-02",
                Etranger,
                "2026-03-13",
                "criminal pourvoi: none either",
            ),
        ] {
            let got = compute_for(rule(id).unwrap(), d(from), M, residence);
            assert_eq!(got.due, d(due), "{id} from {from} ({why}): {:#?}", got.steps);
            let text = got.steps.join("\n");
            assert_eq!(
                text.contains("art. 643 CPC"),
                residence != Home && id.starts_with("cpc"),
                "{id}: {text}"
            );
        }
    }

    #[test]
    fn absurd_dates_saturate_instead_of_panicking() {
        for r in RULES {
            for residence in Residence::ALL {
                let c = compute_for(r, NaiveDate::MAX, M, residence);
                assert_eq!(c.due, NaiveDate::MAX, "{}", r.id);
                let c = compute_for(r, NaiveDate::MIN, M, residence);
                assert!(c.due > NaiveDate::MIN, "{}", r.id);
            }
        }
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
            "cpp-567-2-memoire",
            "cpp-568-1",
            "cpp-712-15",
            "loi-1881-59",
        ] {
            assert!(rule(id).is_some(), "{id}");
        }
    }
}
