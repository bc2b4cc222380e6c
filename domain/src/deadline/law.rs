//! The rules as data: each delay with its legal basis, every wording in force with its source
//! and its date of entry into force, the 2029 renumbering.

use super::{Delay, Distance, fr};
use chrono::NaiveDate;
use serde::Serialize;

/// A legal text in one wording: code, article, the text that gave it that wording, and the
/// first day that wording governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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

/// One wording of a rule: its text, its delay, and the text that extends a delay ending on a
/// non-working day, as they stood from `basis.in_force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Version {
    pub basis: LegalBasis,
    pub delay: Delay,
    /// The text that extends a delay ending on a non-working day; `None` for a delay the
    /// procedural codes do not govern (the Cour's own delay under an organic law), which is
    /// never extended: the earlier date is the safe one.
    pub extension: Option<LegalBasis>,
}

/// A deadline rule: data, not code, so that a new wording or a renumbering is one more
/// version in this table, chosen by the date the delay starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
        extension: Some(CPC_642),
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
        extension: Some(CPP_801),
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
        extension: Some(CPP_L1322_5),
    }
}

/// A delay the ordonnance organique of 1958 gives the Cour itself on a QPC: no procedural
/// code extends it.
const fn organic(article: &'static str) -> Version {
    Version {
        basis: LegalBasis {
            code: "ord. n° 58-1067 du 7 novembre 1958",
            article,
            source: "loi organique n° 2009-1523 du 10 décembre 2009, art. 1er",
            in_force: "2010-03-01",
        },
        delay: Delay::Months(3),
        extension: None,
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
            extension: Some(CPP_801),
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
        versions: &[
            penal(
                "567-2",
                "loi n° 2021-401 du 8 avril 2021, art. 11",
                "2021-04-10",
                Delay::Months(3),
            ),
            penal_2029("L. 7214-10", Delay::Months(3)),
        ],
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
    Rule {
        id: "qpc-23-4",
        label: "QPC transmise : décision de la Cour sur son renvoi au Conseil constitutionnel",
        start: "réception de la décision de transmission",
        lapse: "question transmise de plein droit au Conseil constitutionnel (art. 23-7)",
        distance: Distance::None,
        versions: &[organic("23-4")],
    },
    Rule {
        id: "qpc-23-5",
        label: "QPC soulevée devant la Cour : décision sur son renvoi au Conseil constitutionnel",
        start: "présentation du moyen (mémoire distinct et motivé)",
        lapse: "question transmise de plein droit au Conseil constitutionnel (art. 23-7)",
        distance: Distance::None,
        versions: &[organic("23-5")],
    },
    Rule {
        id: "cpc-1031-3",
        label: "Avis de la Cour de cassation (matière civile)",
        start: "réception du dossier",
        lapse: "la juridiction peut statuer sans attendre l'avis (art. 1031-1 CPC)",
        distance: Distance::None,
        versions: &[civil(
            "1031-3",
            "décret n° 92-228 du 12 mars 1992, art. 1er",
            "1992-03-14",
            Delay::Months(3),
        )],
    },
    Rule {
        id: "cpp-706-67",
        label: "Avis de la Cour de cassation (matière pénale)",
        start: "réception du dossier",
        lapse: "la juridiction peut statuer sans attendre l'avis (art. 706-65 CPP)",
        distance: Distance::None,
        versions: &[penal(
            "706-67",
            "loi n° 2001-539 du 25 juin 2001, art. 26",
            "2002-01-01",
            Delay::Months(3),
        )],
    },
    Rule {
        id: "cpp-662",
        label: "Mémoires sur une requête en suspicion légitime",
        start: "signification de la requête",
        lapse: "mémoire déposé hors délai",
        distance: Distance::None,
        versions: &[penal(
            "662",
            "loi n° 93-2 du 4 janvier 1993, art. 103",
            "1993-01-05",
            Delay::Days(10),
        )],
    },
    Rule {
        id: "cpc-1009-2",
        label: "Péremption de l'instance après radiation du rôle",
        start: "notification de l'ordonnance de radiation",
        lapse: "péremption de l'instance de cassation (art. 386 et 1009-2 CPC) : sans diligence d'exécution, le pourvoi est éteint",
        distance: Distance::None,
        versions: &[civil(
            "1009-2",
            "décret n° 2005-1678 du 28 décembre 2005",
            "2006-03-01",
            Delay::Months(24),
        )],
    },
];

/// The rule with `id`.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::tests::d;
    use crate::deadline::*;
    use crate::juridiction::Calendar;
    use Calendar::Metropole as M;

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

    /// The special procedures' delays, each at a case a greffier checks by hand.
    #[test]
    fn special_procedures() {
        for (id, from, due, needles) in [
            // 3 months end on Sunday 7 June 2026: the Cour's own delay is not extended.
            (
                "qpc-23-5",
                "2026-03-07",
                "2026-06-07",
                &["art. 23-5", "aucune prorogation"][..],
            ),
            (
                "qpc-23-4",
                "2026-03-10",
                "2026-06-10",
                &["art. 23-4", "loi organique n° 2009-1523"][..],
            ),
            // The civil avis is extended by art. 642 CPC to Monday 8 June.
            (
                "cpc-1031-3",
                "2026-03-07",
                "2026-06-08",
                &["art. 1031-3 CPC", "art. 642 CPC"][..],
            ),
            (
                "cpp-706-67",
                "2026-03-07",
                "2026-06-08",
                &["art. 706-67 CPP", "art. 801 CPP"][..],
            ),
            // 10 days from Friday 20 November 2026 end on Monday 30.
            (
                "cpp-662",
                "2026-11-20",
                "2026-11-30",
                &["art. 662 CPP", "loi n° 93-2"][..],
            ),
            // Two years from the notification of the radiation.
            (
                "cpc-1009-2",
                "2026-05-15",
                "2028-05-15",
                &["art. 1009-2 CPC", "péremption"][..],
            ),
            // The détention provisoire's three months cite the 2029 code from 2029 on (1 May is
            // a holiday: 2 May, by art. L. 1322-5).
            (
                "cpp-567-2",
                "2029-02-01",
                "2029-05-02",
                &["art. L. 7214-10 CPP", "L. 1322-5"][..],
            ),
        ] {
            let c = compute(rule(id).unwrap(), d(from), M);
            let text = c.steps.join("\n");
            assert_eq!(c.due, d(due), "{id} from {from}:\n{text}");
            for needle in needles {
                assert!(text.contains(needle), "{id} from {from}: no « {needle} » in\n{text}");
            }
        }
    }

    #[test]
    fn versions_are_dated_in_order_and_each_rule_has_one() {
        for r in RULES {
            assert!(!r.versions.is_empty(), "{}", r.id);
            for v in r.versions {
                assert!(parse_day(v.basis.in_force).is_some(), "{}: {}", r.id, v.basis.in_force);
                if let Some(e) = v.extension {
                    assert!(parse_day(e.in_force).is_some(), "{}", r.id);
                }
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
            "qpc-23-4",
            "qpc-23-5",
            "cpc-1031-3",
            "cpp-706-67",
            "cpp-662",
            "cpc-1009-2",
        ] {
            assert!(rule(id).is_some(), "{id}");
        }
    }
}
