//! Renvois: the motif, the new date and the mesure de sûreté.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Measure ordered with a renvoi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MesureSurete {
    Aucune,
    MaintienDetention,
    DetentionProvisoire,
    ControleJudiciaire,
    Arse,
}

impl MesureSurete {
    pub const ALL: [MesureSurete; 5] = [
        MesureSurete::Aucune,
        MesureSurete::MaintienDetention,
        MesureSurete::DetentionProvisoire,
        MesureSurete::ControleJudiciaire,
        MesureSurete::Arse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MesureSurete::Aucune => "aucune",
            MesureSurete::MaintienDetention => "maintien_detention",
            MesureSurete::DetentionProvisoire => "detention_provisoire",
            MesureSurete::ControleJudiciaire => "controle_judiciaire",
            MesureSurete::Arse => "arse",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MesureSurete::Aucune => "Aucune",
            MesureSurete::MaintienDetention => "Maintien en détention",
            MesureSurete::DetentionProvisoire => "Placement en détention provisoire",
            MesureSurete::ControleJudiciaire => "Contrôle judiciaire",
            MesureSurete::Arse => "Assignation à résidence sous surveillance électronique",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// A renvoi as entered at the hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Renvoi {
    pub motif: String,
    pub nouvelle_date: NaiveDate,
    pub mesure: MesureSurete,
    pub observations: String,
}

impl Renvoi {
    /// Checks the motif against the reference list and the date against the hearing's.
    pub fn validate(&self, motifs: &[String], audience_date: NaiveDate) -> Result<(), String> {
        if !motifs.iter().any(|m| m == &self.motif) {
            return Err(format!("Motif de renvoi inconnu : « {} ».", self.motif));
        }
        if !crate::dates::in_range(self.nouvelle_date) {
            return Err("Date de renvoi invalide (entre 1900 et 2200).".into());
        }
        if self.nouvelle_date <= audience_date {
            return Err("La date de renvoi doit être postérieure à l'audience.".into());
        }
        if self.motif == "autre cas" && self.observations.trim().is_empty() {
            return Err("Pour le motif « autre cas », précisez le motif en observations.".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renvoi_checks_motif_and_date() {
        let motifs = vec!["absence avis JAP".to_owned(), "autre cas".to_owned()];
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut r = Renvoi {
            motif: "absence avis JAP".into(),
            nouvelle_date: day + chrono::Duration::days(30),
            mesure: MesureSurete::Aucune,
            observations: String::new(),
        };
        assert!(r.validate(&motifs, day).is_ok());
        r.nouvelle_date = day;
        assert!(r.validate(&motifs, day).unwrap_err().contains("postérieure"));
        r.nouvelle_date = day + chrono::Duration::days(1);
        r.motif = "inventé".into();
        assert!(r.validate(&motifs, day).unwrap_err().contains("inconnu"));
        r.motif = "autre cas".into();
        assert!(r.validate(&motifs, day).is_err(), "autre cas needs observations");
    }
}
