//! Juridictions: kinds, holiday calendar, and who may see what.

use serde::{Deserialize, Serialize};

/// Which public-holiday calendar applies to a juridiction (arts. 640–642 CPC, 801 CPP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Calendar {
    Metropole,
    /// Alsace-Moselle (art. L3134-13 code du travail): 26 December, and Good Friday, a
    /// holiday only in communes with a Protestant temple or a mixed church; each court says
    /// whether its seat keeps it.
    AlsaceMoselle {
        good_friday: bool,
    },
    /// A territory outre-mer with its day commemorating the abolition of slavery.
    OutreMer(Territory),
}

/// Territories whose abolition-of-slavery day is a public holiday (loi n° 83-550 du
/// 30 juin 1983; décret n° 83-1003 du 23 novembre 1983 as amended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Territory {
    Guadeloupe,
    Martinique,
    Guyane,
    LaReunion,
    Mayotte,
    SaintBarthelemy,
    SaintMartin,
}

impl Territory {
    pub const ALL: [Territory; 7] = [
        Territory::Guadeloupe,
        Territory::Martinique,
        Territory::Guyane,
        Territory::LaReunion,
        Territory::Mayotte,
        Territory::SaintBarthelemy,
        Territory::SaintMartin,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Territory::Guadeloupe => "guadeloupe",
            Territory::Martinique => "martinique",
            Territory::Guyane => "guyane",
            Territory::LaReunion => "la-reunion",
            Territory::Mayotte => "mayotte",
            Territory::SaintBarthelemy => "saint-barthelemy",
            Territory::SaintMartin => "saint-martin",
        }
    }

    /// (month, day) of the abolition-of-slavery day.
    pub fn abolition_day(self) -> (u32, u32) {
        match self {
            Territory::Mayotte => (4, 27),
            Territory::Martinique => (5, 22),
            Territory::Guadeloupe => (5, 27),
            Territory::SaintMartin => (5, 28),
            Territory::Guyane => (6, 10),
            Territory::SaintBarthelemy => (10, 9),
            Territory::LaReunion => (12, 20),
        }
    }
}

impl Calendar {
    /// Every calendar, as `greffe deadline --calendar` and the juridiction settings offer them.
    pub fn all() -> Vec<Calendar> {
        let mut all = vec![
            Calendar::Metropole,
            Calendar::AlsaceMoselle { good_friday: true },
            Calendar::AlsaceMoselle { good_friday: false },
        ];
        all.extend(Territory::ALL.map(Calendar::OutreMer));
        all
    }

    /// Stable identifier stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Metropole => "metropole",
            Calendar::AlsaceMoselle { good_friday: true } => "alsace-moselle",
            Calendar::AlsaceMoselle { good_friday: false } => "alsace-moselle-sans-vendredi-saint",
            Calendar::OutreMer(t) => t.as_str(),
        }
    }

    /// The calendar named `s`, if there is one.
    pub fn from_id(s: &str) -> Option<Self> {
        Self::all().into_iter().find(|c| c.as_str() == s)
    }

    /// Parses a stored identifier; unknown values fall back to the metropolitan calendar.
    pub fn parse(s: &str) -> Self {
        Self::from_id(s).unwrap_or(Calendar::Metropole)
    }

    /// The calendar of the court `code` whose cour d'appel is `cour_code` (itself for a cour):
    /// Alsace-Moselle for the ressorts of Colmar and Metz, the territory's for courts seated
    /// outre-mer, métropole otherwise. Courts outre-mer without such a day (Saint-Pierre-et-
    /// Miquelon, Nouvelle-Calédonie, Polynésie, Wallis-et-Futuna) keep the national list.
    pub fn of_court(code: &str, cour_code: &str) -> Self {
        if let Some((_, t)) = OUTRE_MER_COURTS.iter().find(|(c, _)| *c == code) {
            return Calendar::OutreMer(*t);
        }
        if ALSACE_MOSELLE_COURS.contains(&cour_code) {
            Calendar::AlsaceMoselle { good_friday: true }
        } else {
            Calendar::Metropole
        }
    }
}

/// Courts of `structure.csv` seated in a territory with an abolition day, by court code.
/// (Saint-Martin and Saint-Barthélemy have no court of their own in the list.)
pub const OUTRE_MER_COURTS: [(&str, Territory); 11] = [
    ("31", Territory::Guadeloupe),
    ("213", Territory::Guadeloupe),
    ("214", Territory::Guadeloupe),
    ("32", Territory::Martinique),
    ("215", Territory::Martinique),
    ("43116", Territory::Guyane),
    ("216", Territory::Guyane),
    ("33", Territory::LaReunion),
    ("217", Territory::LaReunion),
    ("218", Territory::LaReunion),
    ("41809", Territory::Mayotte),
];

/// Code of the appellate courts whose ressort applies the local law of Alsace-Moselle
/// (Colmar: Bas-Rhin and Haut-Rhin; Metz: Moselle), as in `structure.csv`.
pub const ALSACE_MOSELLE_COURS: [&str; 2] = ["22", "18"];

/// Code given to the Cour de cassation, which `structure.csv` does not list.
pub const COUR_DE_CASSATION: &str = "CCASS";

/// A juridiction as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Juridiction {
    pub id: i64,
    pub code: String,
    pub libelle: String,
    pub kind: String,
    pub cour_appel_id: Option<i64>,
}

/// Kind of a court from its label in `structure.csv`.
pub fn kind_from_label(libelle: &str) -> &'static str {
    let lower = libelle.to_lowercase();
    if lower.starts_with("cour d'appel") || lower.starts_with("tribunal supérieur d'appel") {
        "CA"
    } else if lower.starts_with("tribunal de première instance") {
        "TPI"
    } else {
        "TJ"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_reference_labels() {
        for (label, kind) in [
            ("Cour d'Appel de Lyon", "CA"),
            ("Cour d'Appel deCAen", "CA"),
            ("Tribunal supérieur d'appel de Saint-Pierre", "CA"),
            ("Tribunal judiciaire de Bourg-en-Bresse", "TJ"),
            ("Tribunal de première instance de Papeete", "TPI"),
        ] {
            assert_eq!(kind_from_label(label), kind, "{label}");
        }
    }

    #[test]
    fn calendar_round_trip() {
        let all = Calendar::all();
        assert_eq!(all.len(), 10);
        for c in &all {
            assert_eq!(Calendar::from_id(c.as_str()), Some(*c));
        }
        assert_eq!(Calendar::from_id("corse"), None);
        assert_eq!(Calendar::parse("corse"), Calendar::Metropole);
    }

    #[test]
    fn each_court_gets_its_territory_calendar() {
        for (code, cour, calendar) in [
            ("214", "31", "guadeloupe"),
            ("215", "32", "martinique"),
            ("216", "43116", "guyane"),
            ("217", "33", "la-reunion"),
            ("41809", "33", "mayotte"),
            ("165", "22", "alsace-moselle"),
            ("137", "18", "alsace-moselle"),
            ("18", "18", "alsace-moselle"),
            ("223", "37", "metropole"),
            ("69123", "12", "metropole"),
        ] {
            assert_eq!(Calendar::of_court(code, cour).as_str(), calendar, "{code}");
        }
    }
}
