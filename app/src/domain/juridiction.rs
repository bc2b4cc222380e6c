//! Juridictions: kinds, holiday calendar, and who may see what.

use serde::{Deserialize, Serialize};

/// Which public-holiday calendar applies to a juridiction (arts. 640–642 CPC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Calendar {
    Metropole,
    AlsaceMoselle,
}

impl Calendar {
    /// Stable identifier stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Metropole => "metropole",
            Calendar::AlsaceMoselle => "alsace-moselle",
        }
    }

    /// Parses a stored identifier; unknown values fall back to the metropolitan calendar.
    pub fn parse(s: &str) -> Self {
        if s == "alsace-moselle" {
            Calendar::AlsaceMoselle
        } else {
            Calendar::Metropole
        }
    }
}

/// Code of the appellate courts whose ressort applies the local law of Alsace-Moselle
/// (Colmar: Bas-Rhin and Haut-Rhin; Metz: Moselle), as in `structure.csv`.
pub const ALSACE_MOSELLE_COURS: [&str; 2] = ["22", "18"];

/// Code given to the Cour de cassation, which `structure.csv` does not list.
pub const COUR_DE_CASSATION: &str = "CCASS";

/// A juridiction as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        for c in [Calendar::Metropole, Calendar::AlsaceMoselle] {
            assert_eq!(Calendar::parse(c.as_str()), c);
        }
    }
}
