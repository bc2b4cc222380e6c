//! Structured decisions of a tribunal correctionnel: prévention per infraction, sanction,
//! peines from a catalogue with their legal quantum, civil interests, nature of the judgment;
//! and renvois.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The court's answer on one infraction (list `decision_prevention`, plus requalification).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Prevention {
    Culpabilite,
    Relaxe,
    /// Guilty under another qualification; the infraction keeps its former one in history.
    Requalification {
        natinf_code: Option<String>,
        qualification: String,
    },
    IrresponsabilitePenale,
    IrresponsabiliteTroubleMental,
    NonLieuAStatuer,
}

impl Prevention {
    pub fn label(&self) -> &'static str {
        match self {
            Prevention::Culpabilite => "Culpabilité",
            Prevention::Relaxe => "Relaxe",
            Prevention::Requalification { .. } => "Culpabilité après requalification",
            Prevention::IrresponsabilitePenale => "Irresponsabilité pénale",
            Prevention::IrresponsabiliteTroubleMental => "Irresponsabilité trouble mental",
            Prevention::NonLieuAStatuer => "Non lieu à statuer",
        }
    }

    pub fn is_guilty(&self) -> bool {
        matches!(self, Prevention::Culpabilite | Prevention::Requalification { .. })
    }
}

/// The sanction part (list `decision_sanction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sanction {
    Condamnation,
    DispenseDePeine,
    ExemptionDePeine,
    AjournementSimple,
    AjournementMiseALEpreuve,
    AjournementInjonction,
    AjournementInvestigations,
    AjournementConsignation,
    Amnistie,
}

impl Sanction {
    pub const ALL: [Sanction; 9] = [
        Sanction::Condamnation,
        Sanction::DispenseDePeine,
        Sanction::ExemptionDePeine,
        Sanction::AjournementSimple,
        Sanction::AjournementMiseALEpreuve,
        Sanction::AjournementInjonction,
        Sanction::AjournementInvestigations,
        Sanction::AjournementConsignation,
        Sanction::Amnistie,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sanction::Condamnation => "Condamnation",
            Sanction::DispenseDePeine => "Dispense de peine",
            Sanction::ExemptionDePeine => "Exemption de peine",
            Sanction::AjournementSimple => "Ajournement simple",
            Sanction::AjournementMiseALEpreuve => "Ajournement avec mise à l'épreuve",
            Sanction::AjournementInjonction => "Ajournement avec injonction",
            Sanction::AjournementInvestigations => "Ajournement aux fins d'investigations",
            Sanction::AjournementConsignation => "Ajournement avec consignation",
            Sanction::Amnistie => "Amnistie",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sanction::Condamnation => "condamnation",
            Sanction::DispenseDePeine => "dispense_de_peine",
            Sanction::ExemptionDePeine => "exemption_de_peine",
            Sanction::AjournementSimple => "ajournement_simple",
            Sanction::AjournementMiseALEpreuve => "ajournement_mise_a_l_epreuve",
            Sanction::AjournementInjonction => "ajournement_injonction",
            Sanction::AjournementInvestigations => "ajournement_investigations",
            Sanction::AjournementConsignation => "ajournement_consignation",
            Sanction::Amnistie => "amnistie",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One peine of the catalogue, with its quantum. The JSON form (`type` tag) is what the
/// `decision.peines` column stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Peine {
    EmprisonnementFerme {
        mois: u32,
    },
    EmprisonnementSursis {
        mois: u32,
    },
    SursisProbatoire {
        mois: u32,
        delai_epreuve_mois: u32,
        #[serde(default)]
        obligations: Vec<String>,
    },
    /// Détention à domicile sous surveillance électronique.
    Ddse {
        jours: u32,
    },
    Tig {
        heures: u32,
    },
    Amende {
        euros: u32,
    },
    JoursAmende {
        nombre: u32,
        euros: u32,
    },
    Stage {
        intitule: String,
    },
    SuspensionPermis {
        mois: u32,
    },
    AnnulationPermis {
        mois_interdiction: u32,
    },
    Confiscation {
        objet: String,
    },
    Interdiction {
        nature: String,
        mois: u32,
    },
}

/// Upper bound of imprisonment for a délit, récidive included (arts. 131-4 and 132-10 C. pén.).
pub const EMPRISONNEMENT_MAX_MOIS: u32 = 240;

/// Natures of peine (code, label), in the order the pilotage shows them; the code is the
/// JSON `type` tag.
pub const PEINE_NATURES: [(&str, &str); 12] = [
    ("emprisonnement_ferme", "Emprisonnement ferme"),
    ("emprisonnement_sursis", "Emprisonnement avec sursis"),
    ("sursis_probatoire", "Sursis probatoire"),
    ("ddse", "Détention à domicile sous surveillance électronique"),
    ("tig", "Travail d'intérêt général"),
    ("amende", "Amende"),
    ("jours_amende", "Jours-amende"),
    ("stage", "Stage"),
    ("suspension_permis", "Suspension du permis"),
    ("annulation_permis", "Annulation du permis"),
    ("confiscation", "Confiscation"),
    ("interdiction", "Interdiction"),
];

impl Peine {
    /// Short French wording, as on an extrait.
    pub fn label(&self) -> String {
        match self {
            Peine::EmprisonnementFerme { mois } => format!("{mois} mois d'emprisonnement ferme"),
            Peine::EmprisonnementSursis { mois } => format!("{mois} mois d'emprisonnement avec sursis"),
            Peine::SursisProbatoire {
                mois,
                delai_epreuve_mois,
                obligations,
            } => {
                let mut s = format!("{mois} mois d'emprisonnement avec sursis probatoire ({delai_epreuve_mois} mois)");
                if !obligations.is_empty() {
                    s.push_str(&format!(" — obligations : {}", obligations.join(", ")));
                }
                s
            }
            Peine::Ddse { jours } => format!("{jours} jours de détention à domicile sous surveillance électronique"),
            Peine::Tig { heures } => format!("{heures} heures de travail d'intérêt général"),
            Peine::Amende { euros } => format!("{euros} € d'amende"),
            Peine::JoursAmende { nombre, euros } => format!("{nombre} jours-amende à {euros} €"),
            Peine::Stage { intitule } => format!("stage : {intitule}"),
            Peine::SuspensionPermis { mois } => format!("suspension du permis de conduire pendant {mois} mois"),
            Peine::AnnulationPermis { mois_interdiction } => {
                format!(
                    "annulation du permis de conduire, interdiction de le repasser pendant {mois_interdiction} mois"
                )
            }
            Peine::Confiscation { objet } => format!("confiscation : {objet}"),
            Peine::Interdiction { nature, mois } => format!("interdiction ({nature}) pendant {mois} mois"),
        }
    }

    /// The code of its nature (see [`PEINE_NATURES`]).
    pub fn code(&self) -> &'static str {
        match self {
            Peine::EmprisonnementFerme { .. } => "emprisonnement_ferme",
            Peine::EmprisonnementSursis { .. } => "emprisonnement_sursis",
            Peine::SursisProbatoire { .. } => "sursis_probatoire",
            Peine::Ddse { .. } => "ddse",
            Peine::Tig { .. } => "tig",
            Peine::Amende { .. } => "amende",
            Peine::JoursAmende { .. } => "jours_amende",
            Peine::Stage { .. } => "stage",
            Peine::SuspensionPermis { .. } => "suspension_permis",
            Peine::AnnulationPermis { .. } => "annulation_permis",
            Peine::Confiscation { .. } => "confiscation",
            Peine::Interdiction { .. } => "interdiction",
        }
    }

    /// The quantum counted by the pilotage, with its unit: months of imprisonment or of a
    /// measure, days of DDSE, hours of TIG, euros (jours-amende: number × daily amount).
    /// Peines without a quantum count 0.
    pub fn quantum(&self) -> (i64, &'static str) {
        match self {
            Peine::EmprisonnementFerme { mois }
            | Peine::EmprisonnementSursis { mois }
            | Peine::SursisProbatoire { mois, .. }
            | Peine::SuspensionPermis { mois }
            | Peine::Interdiction { mois, .. }
            | Peine::AnnulationPermis {
                mois_interdiction: mois,
            } => (i64::from(*mois), "mois"),
            Peine::Ddse { jours } => (i64::from(*jours), "jours"),
            Peine::Tig { heures } => (i64::from(*heures), "heures"),
            Peine::Amende { euros } => (i64::from(*euros), "euros"),
            Peine::JoursAmende { nombre, euros } => (i64::from(*nombre) * i64::from(*euros), "euros"),
            Peine::Stage { .. } | Peine::Confiscation { .. } => (0, ""),
        }
    }

    fn is_prison(&self) -> bool {
        matches!(
            self,
            Peine::EmprisonnementFerme { .. } | Peine::EmprisonnementSursis { .. } | Peine::SursisProbatoire { .. }
        )
    }

    /// Checks the quantum against the Code pénal; the error is French and names the article.
    pub fn validate(&self) -> Result<(), String> {
        let within = |v: u32, lo: u32, hi: u32, what: &str, art: &str| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("{what} : {v} hors des limites légales ({lo} à {hi}, {art})."))
            }
        };
        let named = |s: &str, what: &str| {
            if s.trim().is_empty() {
                Err(format!("{what} : précisez l'objet."))
            } else {
                Ok(())
            }
        };
        match self {
            Peine::EmprisonnementFerme { mois } | Peine::EmprisonnementSursis { mois } => within(
                *mois,
                1,
                EMPRISONNEMENT_MAX_MOIS,
                "Durée d'emprisonnement en mois",
                "art. 131-4 et 132-10 C. pén.",
            ),
            Peine::SursisProbatoire {
                mois,
                delai_epreuve_mois,
                ..
            } => {
                within(
                    *mois,
                    1,
                    EMPRISONNEMENT_MAX_MOIS,
                    "Durée d'emprisonnement en mois",
                    "art. 131-4 et 132-10 C. pén.",
                )?;
                within(
                    *delai_epreuve_mois,
                    12,
                    84,
                    "Délai d'épreuve en mois",
                    "art. 132-42 C. pén., récidive comprise",
                )
            }
            Peine::Ddse { jours } => within(*jours, 15, 180, "Durée de DDSE en jours", "art. 131-4-1 C. pén."),
            Peine::Tig { heures } => within(*heures, 20, 400, "Durée du TIG en heures", "art. 131-8 C. pén."),
            Peine::Amende { euros } => within(
                *euros,
                1,
                100_000_000,
                "Montant de l'amende en euros",
                "art. 131-3 C. pén.",
            ),
            Peine::JoursAmende { nombre, euros } => {
                within(*nombre, 1, 360, "Nombre de jours-amende", "art. 131-5 C. pén.")?;
                within(
                    *euros,
                    1,
                    1_000,
                    "Montant du jour-amende en euros",
                    "art. 131-5 C. pén.",
                )
            }
            Peine::SuspensionPermis { mois } => within(
                *mois,
                1,
                120,
                "Durée de suspension du permis en mois",
                "art. 131-6 C. pén. et L. 224-12 C. route",
            ),
            Peine::AnnulationPermis { mois_interdiction } => within(
                *mois_interdiction,
                1,
                120,
                "Interdiction de solliciter un nouveau permis en mois",
                "art. 131-6 C. pén.",
            ),
            Peine::Interdiction { nature, mois } => {
                named(nature, "Interdiction")?;
                within(
                    *mois,
                    1,
                    120,
                    "Durée de l'interdiction en mois",
                    "art. 131-6 et 131-10 C. pén.",
                )
            }
            Peine::Stage { intitule } => named(intitule, "Stage"),
            Peine::Confiscation { objet } => named(objet, "Confiscation"),
        }
    }
}

/// Nature of the judgment (arts. 410 to 412 and 487 CPP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NatureJugement {
    /// Contradictoire.
    C,
    /// Contradictoire à signifier.
    Cas,
    /// Défaut.
    D,
    /// Itératif défaut.
    Id,
}

impl NatureJugement {
    pub const ALL: [NatureJugement; 4] = [
        NatureJugement::C,
        NatureJugement::Cas,
        NatureJugement::D,
        NatureJugement::Id,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NatureJugement::C => "C",
            NatureJugement::Cas => "CAS",
            NatureJugement::D => "D",
            NatureJugement::Id => "ID",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NatureJugement::C => "Contradictoire",
            NatureJugement::Cas => "Contradictoire à signifier",
            NatureJugement::D => "Défaut",
            NatureJugement::Id => "Itératif défaut",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == s)
    }
}

/// Civil interests awarded to one partie civile (amounts in euros).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteretsCivils {
    pub partie_civile: String,
    pub dommages_interets: u32,
    /// Art. 475-1 CPP (frais irrépétibles).
    pub article_475_1: u32,
}

/// The decision on one prévenu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Answer per infraction id of the prévenu.
    pub preventions: Vec<(String, Prevention)>,
    pub sanction: Option<Sanction>,
    pub peines: Vec<Peine>,
    pub mandat_de_depot: bool,
    pub execution_provisoire: bool,
    pub interets_civils: Vec<InteretsCivils>,
    pub nature: NatureJugement,
}

impl Decision {
    /// Summary of the prévention part: culpabilité, relaxe, relaxe partielle, or the one outcome.
    pub fn prevention_summary(&self) -> String {
        let guilty = self.preventions.iter().filter(|(_, p)| p.is_guilty()).count();
        let relaxed = self
            .preventions
            .iter()
            .filter(|(_, p)| matches!(p, Prevention::Relaxe))
            .count();
        match (guilty, relaxed) {
            (g, r) if g > 0 && r > 0 => "Relaxe partielle".into(),
            (g, _) if g > 0 => "Culpabilité".into(),
            (_, r) if r == self.preventions.len() && r > 0 => "Relaxe".into(),
            _ => self
                .preventions
                .first()
                .map(|(_, p)| p.label().to_owned())
                .unwrap_or_default(),
        }
    }

    /// Checks the decision against the prévenu's infractions (`infraction_ids`); French errors.
    pub fn validate(&self, infraction_ids: &[String]) -> Result<(), String> {
        for id in infraction_ids {
            if !self.preventions.iter().any(|(i, _)| i == id) {
                return Err("Chaque infraction doit recevoir une décision sur la prévention.".into());
            }
        }
        if let Some((id, _)) = self.preventions.iter().find(|(i, _)| !infraction_ids.contains(i)) {
            return Err(format!("L'infraction {id} n'est pas reprochée à ce prévenu."));
        }
        for (_, p) in &self.preventions {
            if let Prevention::Requalification { qualification, .. } = p
                && qualification.trim().is_empty()
            {
                return Err("Une requalification doit indiquer la nouvelle qualification.".into());
            }
        }
        let guilty = self.preventions.iter().any(|(_, p)| p.is_guilty());
        match (guilty, self.sanction) {
            (false, Some(_)) => {
                return Err("Sans déclaration de culpabilité, aucune sanction ne peut être prononcée.".into());
            }
            (true, None) => return Err("Après une déclaration de culpabilité, indiquez la sanction.".into()),
            _ => {}
        }
        if self.sanction != Some(Sanction::Condamnation) && !self.peines.is_empty() {
            return Err("Des peines ne peuvent être prononcées qu'avec une condamnation.".into());
        }
        if self.sanction == Some(Sanction::Condamnation) && self.peines.is_empty() {
            return Err("Une condamnation comporte au moins une peine.".into());
        }
        for p in &self.peines {
            p.validate()?;
        }
        let has = |f: fn(&Peine) -> bool| self.peines.iter().any(f);
        if has(|p| matches!(p, Peine::JoursAmende { .. })) && has(|p| matches!(p, Peine::Amende { .. })) {
            return Err("Les jours-amende ne se cumulent pas avec l'amende (art. 131-9 C. pén.).".into());
        }
        if has(Peine::is_prison) && has(|p| matches!(p, Peine::Tig { .. })) {
            return Err(
                "L'emprisonnement ne se cumule pas avec le travail d'intérêt général (art. 131-9 C. pén.).".into(),
            );
        }
        if self.mandat_de_depot && !has(|p| matches!(p, Peine::EmprisonnementFerme { .. })) {
            return Err("Un mandat de dépôt suppose une peine d'emprisonnement ferme (art. 465 CPP).".into());
        }
        for ic in &self.interets_civils {
            if ic.partie_civile.trim().is_empty() {
                return Err("Intérêts civils : nommez la partie civile.".into());
            }
        }
        Ok(())
    }
}

/// Measure ordered with a renvoi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A former qualification of an infraction, kept when the court requalifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormerQualification {
    pub natinf_code: Option<String>,
    pub qualification: String,
    /// ISO date of the decision that changed it.
    pub jusqu_au: String,
}

/// Applies a requalification: returns the new (code, qualification) and the history with the
/// former one appended. Requalifying to the same qualification changes nothing.
pub fn requalify(
    current: (Option<String>, String),
    history: &[FormerQualification],
    new: (Option<String>, String),
    on: NaiveDate,
) -> ((Option<String>, String), Vec<FormerQualification>) {
    let mut history = history.to_vec();
    if current != new {
        history.push(FormerQualification {
            natinf_code: current.0,
            qualification: current.1,
            jusqu_au: on.to_string(),
        });
    }
    (new, history)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guilty_one(peines: Vec<Peine>) -> Decision {
        Decision {
            preventions: vec![("i1".into(), Prevention::Culpabilite)],
            sanction: Some(Sanction::Condamnation),
            peines,
            mandat_de_depot: false,
            execution_provisoire: false,
            interets_civils: vec![],
            nature: NatureJugement::C,
        }
    }

    #[test]
    fn standard_condamnation_is_valid() {
        let d = guilty_one(vec![
            Peine::EmprisonnementSursis { mois: 6 },
            Peine::Amende { euros: 500 },
        ]);
        assert_eq!(d.validate(&["i1".into()]), Ok(()));
        assert_eq!(d.prevention_summary(), "Culpabilité");
    }

    #[test]
    fn jours_amende_quantum_is_bounded() {
        let ok = guilty_one(vec![Peine::JoursAmende {
            nombre: 360,
            euros: 1_000,
        }]);
        assert!(ok.validate(&["i1".into()]).is_ok());
        let too_many = guilty_one(vec![Peine::JoursAmende { nombre: 361, euros: 10 }]);
        assert!(too_many.validate(&["i1".into()]).unwrap_err().contains("131-5"));
        let too_much = guilty_one(vec![Peine::JoursAmende {
            nombre: 10,
            euros: 1_001,
        }]);
        assert!(too_much.validate(&["i1".into()]).unwrap_err().contains("jour-amende"));
    }

    #[test]
    fn tig_bounds_and_cumulation_rules() {
        assert!(Peine::Tig { heures: 19 }.validate().is_err());
        assert!(Peine::Tig { heures: 400 }.validate().is_ok());
        let tig_and_prison = guilty_one(vec![Peine::Tig { heures: 100 }, Peine::EmprisonnementFerme { mois: 3 }]);
        assert!(tig_and_prison.validate(&["i1".into()]).unwrap_err().contains("131-9"));
        let ja_and_amende = guilty_one(vec![
            Peine::JoursAmende { nombre: 10, euros: 10 },
            Peine::Amende { euros: 100 },
        ]);
        assert!(ja_and_amende.validate(&["i1".into()]).is_err());
    }

    #[test]
    fn relaxe_forbids_sanction_and_partial_relaxe_is_named() {
        let mut d = guilty_one(vec![]);
        d.preventions = vec![("i1".into(), Prevention::Relaxe)];
        assert!(d.validate(&["i1".into()]).is_err(), "sanction without culpabilité");
        d.sanction = None;
        assert_eq!(d.validate(&["i1".into()]), Ok(()));
        assert_eq!(d.prevention_summary(), "Relaxe");

        let partial = Decision {
            preventions: vec![
                ("i1".into(), Prevention::Relaxe),
                ("i2".into(), Prevention::Culpabilite),
            ],
            ..guilty_one(vec![Peine::Amende { euros: 300 }])
        };
        assert_eq!(partial.validate(&["i1".into(), "i2".into()]), Ok(()));
        assert_eq!(partial.prevention_summary(), "Relaxe partielle");
    }

    #[test]
    fn every_infraction_needs_an_answer_and_no_foreign_one() {
        let d = guilty_one(vec![Peine::Amende { euros: 300 }]);
        assert!(d.validate(&["i1".into(), "i2".into()]).is_err());
        assert!(d.validate(&["i9".into()]).is_err());
    }

    #[test]
    fn mandat_de_depot_needs_prison_ferme() {
        let mut d = guilty_one(vec![Peine::EmprisonnementSursis { mois: 6 }]);
        d.mandat_de_depot = true;
        assert!(d.validate(&["i1".into()]).unwrap_err().contains("465"));
        d.peines = vec![Peine::EmprisonnementFerme { mois: 6 }];
        assert!(d.validate(&["i1".into()]).is_ok());
    }

    #[test]
    fn condamnation_needs_a_peine_and_dispense_has_none() {
        assert!(guilty_one(vec![]).validate(&["i1".into()]).is_err());
        let mut d = guilty_one(vec![]);
        d.sanction = Some(Sanction::DispenseDePeine);
        assert!(d.validate(&["i1".into()]).is_ok());
        d.peines = vec![Peine::Amende { euros: 10 }];
        assert!(d.validate(&["i1".into()]).is_err());
    }

    #[test]
    fn peines_keep_the_stored_json_form() {
        let json = r#"[{"type":"emprisonnement_sursis","mois":4},{"type":"jours_amende","nombre":20,"euros":15}]"#;
        let peines: Vec<Peine> = serde_json::from_str(json).unwrap();
        assert_eq!(
            peines,
            vec![
                Peine::EmprisonnementSursis { mois: 4 },
                Peine::JoursAmende { nombre: 20, euros: 15 }
            ]
        );
        assert_eq!(serde_json::to_string(&peines).unwrap(), json);
    }

    #[test]
    fn each_peine_has_the_code_of_its_json_tag_and_a_quantum_in_its_unit() {
        let cases = [
            (Peine::EmprisonnementFerme { mois: 8 }, 8, "mois"),
            (Peine::EmprisonnementSursis { mois: 4 }, 4, "mois"),
            (
                Peine::SursisProbatoire {
                    mois: 6,
                    delai_epreuve_mois: 24,
                    obligations: vec![],
                },
                6,
                "mois",
            ),
            (Peine::Ddse { jours: 90 }, 90, "jours"),
            (Peine::Tig { heures: 140 }, 140, "heures"),
            (Peine::Amende { euros: 500 }, 500, "euros"),
            (Peine::JoursAmende { nombre: 20, euros: 15 }, 300, "euros"),
            (
                Peine::Stage {
                    intitule: "citoyenneté".into(),
                },
                0,
                "",
            ),
            (Peine::SuspensionPermis { mois: 3 }, 3, "mois"),
            (Peine::AnnulationPermis { mois_interdiction: 12 }, 12, "mois"),
            (
                Peine::Confiscation {
                    objet: "véhicule".into(),
                },
                0,
                "",
            ),
            (
                Peine::Interdiction {
                    nature: "séjour".into(),
                    mois: 36,
                },
                36,
                "mois",
            ),
        ];
        for (p, quantum, unit) in cases {
            let json: serde_json::Value = serde_json::to_value(&p).unwrap();
            assert_eq!(json["type"], p.code(), "{p:?}");
            assert!(PEINE_NATURES.iter().any(|(c, _)| *c == p.code()), "{p:?}");
            assert_eq!(p.quantum(), (quantum, unit), "{p:?}");
        }
    }

    #[test]
    fn requalification_keeps_history() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let current = (Some("7001".to_owned()), "Vol".to_owned());
        let (now, hist) = requalify(current.clone(), &[], (Some("7151".into()), "Recel".into()), on);
        assert_eq!(now, (Some("7151".into()), "Recel".into()));
        assert_eq!(hist.len(), 1);
        assert_eq!(hist[0].qualification, "Vol");
        assert_eq!(hist[0].jusqu_au, "2026-11-23");
        let (_, again) = requalify(now.clone(), &hist, now.clone(), on);
        assert_eq!(again.len(), 1, "same qualification adds no history");
    }

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
