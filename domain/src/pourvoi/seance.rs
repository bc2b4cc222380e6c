//! Séances of the chambres, and the certificat de non-pourvoi.

use super::lists::{CHAMBRES, FORMATIONS, code_in};
use super::stock::LignePourvoi;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Checks a request for a certificat de non-pourvoi: the juridiction and the number of the
/// decision (trimmed, required), its date (ISO, not after `today`). French error per field.
pub fn certificate_request(
    juridiction: &str,
    date: &str,
    numero: &str,
    today: NaiveDate,
) -> Result<(String, NaiveDate, String), (&'static str, &'static str)> {
    let (juridiction, numero) = (juridiction.trim(), numero.trim());
    if juridiction.is_empty() || juridiction.chars().count() > 300 {
        return Err(("juridiction", "Juridiction : champ obligatoire."));
    }
    if numero.is_empty() || numero.chars().count() > 100 {
        return Err(("numero", "N° de la décision : champ obligatoire."));
    }
    let date = crate::dates::parse_iso(date)
        .filter(|d| *d <= today)
        .ok_or(("date", "Date de la décision : date invalide ou future."))?;
    Ok((juridiction.to_owned(), date, numero.to_owned()))
}

/// A séance of a chambre as typed by the greffe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeanceForm {
    pub chambre: String,
    pub formation: String,
    pub date: String,
}

/// A checked séance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSeance {
    pub chambre: &'static str,
    pub formation: &'static str,
    pub date: NaiveDate,
}

impl SeanceForm {
    /// Checks the form: a known chambre and formation, a working day from `today` on.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidSeance, (String, String)> {
        use chrono::Datelike;
        let chambre = code_in(&CHAMBRES, &self.chambre)
            .ok_or_else(|| ("chambre".to_owned(), "Chambre : choisissez dans la liste.".to_owned()))?;
        let formation = code_in(&FORMATIONS, &self.formation).ok_or_else(|| {
            (
                "formation".to_owned(),
                "Formation : choisissez dans la liste.".to_owned(),
            )
        })?;
        let date = crate::dates::parse_iso(&self.date)
            .filter(|d| *d >= today)
            .ok_or_else(|| {
                (
                    "date".to_owned(),
                    "Date de la séance : date invalide ou passée.".to_owned(),
                )
            })?;
        if date.weekday().number_from_monday() > 5 {
            return Err((
                "date".to_owned(),
                "Date de la séance : un jour ouvrable (lundi à vendredi).".to_owned(),
            ));
        }
        Ok(ValidSeance {
            chambre,
            formation,
            date,
        })
    }
}

/// A séance with its rôle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeanceView {
    pub id: String,
    pub chambre: String,
    pub formation: String,
    pub date: String,
    /// The dossiers scheduled, by number, with their rapporteur and avocat général.
    pub role: Vec<(LignePourvoi, String, String)>,
}

/// A séance in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeanceLigne {
    pub id: String,
    pub chambre: String,
    pub formation: String,
    pub date: String,
    pub dossiers: i64,
}

/// A certificat de non-pourvoi, or the pourvois that prevent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Certificat {
    pub juridiction: String,
    pub date_decision: String,
    pub numero_decision: String,
    /// Numbers of the pourvois registered against the decision (none: the certificate is given).
    pub pourvois: Vec<String>,
    /// Date of issue (ISO) and who issued it.
    pub delivre_le: String,
    pub par: String,
    pub juridiction_delivrance: String,
}
