//! Procedural deadlines: rules as data with their legal basis and dated wordings (`law`),
//! the calendars of public holidays (`calendar`), délais de distance (`distance`), and the
//! computation that explains each step of the date it finds (here).

mod calendar;
mod distance;
mod law;

pub use calendar::*;
pub use distance::*;
pub use law::*;

use crate::juridiction::Calendar;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a delay is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// A computed deadline and the reasoning behind it ("why this date").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Computation {
    pub due: NaiveDate,
    pub steps: Vec<String>,
}

pub(crate) fn fr(d: NaiveDate) -> String {
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
    match version.extension {
        Some(extension) => {
            while let Some(reason) = non_working_reason(due, calendar) {
                let Some(next) = due.succ_opt() else { break };
                steps.push(format!(
                    "Le {} est un {reason} : prorogation au {} ({}).",
                    fr(due),
                    fr(next),
                    extension.cite()
                ));
                due = next;
            }
        }
        None => {
            if let Some(reason) = non_working_reason(due, calendar) {
                steps.push(format!(
                    "Le {} est un {reason} : délai imparti à la Cour par une loi organique, aucune prorogation n'est appliquée (la date la plus proche est retenue).",
                    fr(due)
                ));
            }
        }
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

    pub(crate) const AM: Calendar = Calendar::AlsaceMoselle { good_friday: true };

    pub(crate) const AM_NO_GF: Calendar = Calendar::AlsaceMoselle { good_friday: false };

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
}
