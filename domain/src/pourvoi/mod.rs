//! Pourvois before the Cour de cassation: registration and the dossier it opens, then its
//! circuit, one room per step: the stage machine (`stade`), distribution, the inventory of
//! pièces, the arrêt, the stock and its search, séances, and notifications. Every item is
//! re-exported here (`domain::pourvoi::X`).

pub mod arret;
pub mod checks;
pub mod distribution;
pub mod lists;
pub mod notification;
pub mod pieces;
pub mod procedure;
pub mod seance;
pub mod stade;
pub mod stock;

pub use arret::*;
pub use distribution::*;
pub use lists::*;
pub use notification::*;
pub use pieces::*;
pub use procedure::*;
pub use seance::*;
pub use stade::*;
pub use stock::*;

use crate::deadline::{Parties, Residence};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether `s` is a pourvoi number `YY-NN.NNN` (e.g. `26-12.345`).
pub fn valid_numero(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9
        && b.iter().enumerate().all(|(i, c)| match i {
            2 => *c == b'-',
            5 => *c == b'.',
            _ => c.is_ascii_digit(),
        })
}

/// A pourvoi as typed in the registration form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PourvoiForm {
    pub numero: String,
    /// "civil" or "penal".
    pub matiere: String,
    /// ISO date of the déclaration de pourvoi.
    pub date_pourvoi: String,
    pub decision_juridiction: String,
    pub decision_date: String,
    pub decision_numero: String,
    pub demandeur: String,
    pub defendeur: String,
    pub avocats: String,
    pub detenu: bool,
    /// `deadline::Residence` id of the demandeur (empty: métropole), for the délais de distance.
    #[serde(default)]
    pub residence_demandeur: String,
    /// Same for the défendeur.
    #[serde(default)]
    pub residence_defendeur: String,
}

/// A checked registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPourvoi {
    pub numero: String,
    pub matiere: &'static str,
    pub date_pourvoi: NaiveDate,
    pub decision_juridiction: String,
    pub decision_date: NaiveDate,
    pub decision_numero: String,
    pub demandeur: String,
    pub defendeur: String,
    pub avocats: String,
    pub detenu: bool,
    pub parties: Parties,
}

impl PourvoiForm {
    /// Checks the form against `today`; the error names the field and says why in French.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPourvoi, (String, String)> {
        let err = |f: &str, m: String| Err((f.to_owned(), m));
        let numero = self.numero.trim();
        if !valid_numero(numero) {
            return err(
                "numero",
                format!("N° de pourvoi « {numero} » invalide : format AA-NN.NNN attendu (ex. 26-12.345)."),
            );
        }
        let matiere = match self.matiere.as_str() {
            "civil" => "civil",
            "penal" => "penal",
            _ => return err("matiere", "Matière : civile ou pénale.".into()),
        };
        let date = |f: &str, v: &str, what: &str| -> Result<NaiveDate, (String, String)> {
            crate::dates::parse_iso(v)
                .filter(|d| *d <= today)
                .ok_or_else(|| (f.to_owned(), format!("{what} : date invalide ou future.")))
        };
        let date_pourvoi = date("date_pourvoi", &self.date_pourvoi, "Date du pourvoi")?;
        let decision_date = date("decision_date", &self.decision_date, "Date de la décision attaquée")?;
        if decision_date > date_pourvoi {
            return err(
                "decision_date",
                "La décision attaquée ne peut pas être postérieure au pourvoi.".into(),
            );
        }
        if numero[..2] != format!("{:02}", chrono::Datelike::year(&date_pourvoi) % 100) {
            return err(
                "numero",
                "Le n° de pourvoi commence par l'année du pourvoi (AA).".into(),
            );
        }
        let text = |f: &str, v: &str, what: &str, required: bool| -> Result<String, (String, String)> {
            let v = v.trim();
            if required && v.is_empty() {
                Err((f.to_owned(), format!("{what} : champ obligatoire.")))
            } else if v.chars().count() > 300 {
                Err((f.to_owned(), format!("{what} : 300 caractères au plus.")))
            } else {
                Ok(v.to_owned())
            }
        };
        let residence = |f: &str, v: &str, who: &str| -> Result<Residence, (String, String)> {
            match v.trim() {
                "" => Ok(Residence::Metropole),
                v => Residence::from_id(v).ok_or_else(|| {
                    (
                        f.to_owned(),
                        format!("Résidence du {who} : France métropolitaine, outre-mer ou étranger."),
                    )
                }),
            }
        };
        let parties = Parties {
            demandeur: residence("residence_demandeur", &self.residence_demandeur, "demandeur")?,
            defendeur: residence("residence_defendeur", &self.residence_defendeur, "défendeur")?,
        };
        let valid = ValidPourvoi {
            numero: numero.to_owned(),
            matiere,
            date_pourvoi,
            decision_juridiction: text("decision_juridiction", &self.decision_juridiction, "Juridiction", true)?,
            decision_date,
            decision_numero: text("decision_numero", &self.decision_numero, "N° de la décision", false)?,
            demandeur: text("demandeur", &self.demandeur, "Demandeur", true)?,
            defendeur: text("defendeur", &self.defendeur, "Défendeur", true)?,
            avocats: text("avocats", &self.avocats, "Avocats aux Conseils", false)?,
            detenu: self.detenu && matiere == "penal",
            parties,
        };
        if self.detenu && matiere != "penal" {
            return err("detenu", "Seul un pourvoi pénal concerne un détenu.".into());
        }
        Ok(valid)
    }
}

/// The deadline rules a déclaration de pourvoi starts, by matière (see `deadline::RULES`).
pub fn rules_started_by_registration(matiere: &str) -> &'static [&'static str] {
    match matiere {
        "penal" => &["cpp-584", "cpp-585-1", "cpp-586"],
        _ => &["cpc-978"],
    }
}

/// A deadline of a dossier, with why it falls on that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EcheanceView {
    pub rule_id: String,
    pub label: String,
    pub basis: String,
    pub lapse: String,
    pub depart: String,
    pub due: String,
    pub steps: Vec<String>,
    pub ouverte: bool,
    /// Why a closed deadline was closed.
    pub cloture: String,
}

/// One event of a dossier's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EvenementView {
    /// Europe/Paris local time.
    pub at: String,
    pub acteur: String,
    pub nature: String,
    pub detail: String,
}

/// A dossier opened: the pourvoi, its deadlines and its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PourvoiDetail {
    pub id: String,
    pub numero: String,
    pub matiere: String,
    pub chambre: Option<String>,
    pub stade: Stade,
    pub date_pourvoi: String,
    pub decision_juridiction: String,
    pub decision_date: String,
    pub decision_numero: String,
    pub demandeur: String,
    pub defendeur: String,
    pub avocats: String,
    pub detenu: bool,
    /// `deadline::Residence` ids, for the délais de distance.
    pub residence_demandeur: String,
    pub residence_defendeur: String,
    pub formation: String,
    pub rapporteur: Option<String>,
    pub avocat_general: Option<String>,
    /// Optimistic-lock version, sent back with every change.
    pub version: i64,
    /// Whether the reader follows this dossier (notified of its events).
    pub suivi: bool,
    pub echeances: Vec<EcheanceView>,
    pub evenements: Vec<EvenementView>,
    pub affectations: Vec<AffectationView>,
    pub pieces: Vec<PieceView>,
    pub arret: Option<ArretView>,
    /// Its special procedures (QPC, radiation, désistement…), the latest first.
    #[serde(default)]
    pub procedures: Vec<LigneProcedure>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn form() -> PourvoiForm {
        PourvoiForm {
            numero: "26-12.345".into(),
            matiere: "civil".into(),
            date_pourvoi: "2026-11-20".into(),
            decision_juridiction: "Cour d'appel de Lyon".into(),
            decision_date: "2026-09-15".into(),
            decision_numero: "24/01234".into(),
            demandeur: "M. A".into(),
            defendeur: "Mme B".into(),
            avocats: "SCP C".into(),
            detenu: false,
            residence_demandeur: String::new(),
            residence_defendeur: "etranger".into(),
        }
    }

    #[test]
    fn residences_default_to_metropole_and_refuse_unknown_places() {
        let v = form().validate(today()).unwrap();
        assert_eq!(v.parties.demandeur, Residence::Metropole);
        assert_eq!(v.parties.defendeur, Residence::Etranger);
        let bad = PourvoiForm {
            residence_demandeur: "lune".into(),
            ..form()
        };
        let (field, message) = bad.validate(today()).unwrap_err();
        assert_eq!(field, "residence_demandeur");
        assert!(message.contains("Résidence du demandeur"), "{message}");
    }

    #[test]
    fn numbers_follow_the_court_format() {
        for ok in ["26-12.345", "00-00.000"] {
            assert!(valid_numero(ok), "{ok}");
        }
        for bad in [
            "",
            "26-12345",
            "2612.345",
            "26-12.34",
            "26-12.3456",
            "a6-12.345",
            "26.12-345",
        ] {
            assert!(!valid_numero(bad), "{bad}");
        }
    }

    #[test]
    fn registration_is_checked_field_by_field() {
        assert!(form().validate(today()).is_ok());
        let field = |f: PourvoiForm| f.validate(today()).unwrap_err().0;
        assert_eq!(
            field(PourvoiForm {
                numero: "26-1.2345".into(),
                ..form()
            }),
            "numero"
        );
        assert_eq!(
            field(PourvoiForm {
                numero: "25-12.345".into(),
                ..form()
            }),
            "numero",
            "year prefix"
        );
        assert_eq!(
            field(PourvoiForm {
                matiere: "mixte".into(),
                ..form()
            }),
            "matiere"
        );
        assert_eq!(
            field(PourvoiForm {
                date_pourvoi: "2026-12-01".into(),
                ..form()
            }),
            "date_pourvoi"
        );
        assert_eq!(
            field(PourvoiForm {
                decision_date: "2026-11-21".into(),
                ..form()
            }),
            "decision_date"
        );
        assert_eq!(
            field(PourvoiForm {
                demandeur: " ".into(),
                ..form()
            }),
            "demandeur"
        );
        assert_eq!(field(PourvoiForm { detenu: true, ..form() }), "detenu");
    }

    #[test]
    fn registration_starts_the_matiere_deadlines() {
        for id in rules_started_by_registration("penal")
            .iter()
            .chain(rules_started_by_registration("civil"))
        {
            assert!(crate::deadline::rule(id).is_some(), "{id}");
        }
    }
}
