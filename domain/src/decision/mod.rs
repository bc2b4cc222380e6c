//! Structured decisions of a tribunal correctionnel: prévention per infraction, sanction,
//! peines from a catalogue with their legal quantum (`peine`), civil interests, nature of the
//! judgment; and renvois (`renvoi`).

pub mod peine;
pub mod renvoi;

pub use peine::*;
pub use renvoi::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The court's answer on one infraction (list `decision_prevention`, plus requalification).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

code_enum! {
    /// The kinds of answer on one infraction: the `type` tag of [`Prevention`].
    pub enum PreventionKind {
        Culpabilite = ("culpabilite", "Culpabilité"),
        Relaxe = ("relaxe", "Relaxe"),
        Requalification = ("requalification", "Culpabilité après requalification"),
        IrresponsabilitePenale = ("irresponsabilite_penale", "Irresponsabilité pénale"),
        IrresponsabiliteTroubleMental = ("irresponsabilite_trouble_mental", "Irresponsabilité trouble mental"),
        NonLieuAStatuer = ("non_lieu_a_statuer", "Non lieu à statuer"),
    }
}

impl Prevention {
    /// Its kind.
    pub fn kind(&self) -> PreventionKind {
        match self {
            Prevention::Culpabilite => PreventionKind::Culpabilite,
            Prevention::Relaxe => PreventionKind::Relaxe,
            Prevention::Requalification { .. } => PreventionKind::Requalification,
            Prevention::IrresponsabilitePenale => PreventionKind::IrresponsabilitePenale,
            Prevention::IrresponsabiliteTroubleMental => PreventionKind::IrresponsabiliteTroubleMental,
            Prevention::NonLieuAStatuer => PreventionKind::NonLieuAStatuer,
        }
    }

    /// The answer of a kind; a requalification carries its new qualification.
    pub fn of_kind(kind: PreventionKind, natinf_code: Option<String>, qualification: String) -> Prevention {
        match kind {
            PreventionKind::Culpabilite => Prevention::Culpabilite,
            PreventionKind::Relaxe => Prevention::Relaxe,
            PreventionKind::Requalification => Prevention::Requalification {
                natinf_code,
                qualification,
            },
            PreventionKind::IrresponsabilitePenale => Prevention::IrresponsabilitePenale,
            PreventionKind::IrresponsabiliteTroubleMental => Prevention::IrresponsabiliteTroubleMental,
            PreventionKind::NonLieuAStatuer => Prevention::NonLieuAStatuer,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }

    pub fn is_guilty(&self) -> bool {
        matches!(self, Prevention::Culpabilite | Prevention::Requalification { .. })
    }
}

code_enum! {
    /// The sense of a decision on the action publique, one per prévenu, as the pilotage
    /// counts it (the `decision.sens` column).
    pub enum Sens {
        Culpabilite = ("culpabilite", "Culpabilité"),
        RelaxePartielle = ("relaxe_partielle", "Relaxe partielle"),
        Relaxe = ("relaxe", "Relaxe"),
        IrresponsabilitePenale = ("irresponsabilite_penale", "Irresponsabilité pénale"),
        IrresponsabiliteTroubleMental = ("irresponsabilite_trouble_mental", "Irresponsabilité trouble mental"),
        NonLieuAStatuer = ("non_lieu_a_statuer", "Non lieu à statuer"),
    }
}

code_enum! {
    /// The sanction part (list `decision_sanction`).
    pub enum Sanction {
        Condamnation = ("condamnation", "Condamnation"),
        DispenseDePeine = ("dispense_de_peine", "Dispense de peine"),
        ExemptionDePeine = ("exemption_de_peine", "Exemption de peine"),
        AjournementSimple = ("ajournement_simple", "Ajournement simple"),
        AjournementMiseALEpreuve = ("ajournement_mise_a_l_epreuve", "Ajournement avec mise à l'épreuve"),
        AjournementInjonction = ("ajournement_injonction", "Ajournement avec injonction"),
        AjournementInvestigations = ("ajournement_investigations", "Ajournement aux fins d'investigations"),
        AjournementConsignation = ("ajournement_consignation", "Ajournement avec consignation"),
        Amnistie = ("amnistie", "Amnistie"),
    }
}

/// Nature of the judgment (arts. 410 to 412 and 487 CPP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InteretsCivils {
    pub partie_civile: String,
    pub dommages_interets: u32,
    /// Art. 475-1 CPP (frais irrépétibles).
    pub article_475_1: u32,
}

/// The decision on one prévenu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The sense of the prévention part: culpabilité, relaxe, relaxe partielle, or the one
    /// outcome (the first answer's when they differ); `None` without any answer.
    pub fn sens(&self) -> Option<Sens> {
        let guilty = self.preventions.iter().filter(|(_, p)| p.is_guilty()).count();
        let relaxed = self
            .preventions
            .iter()
            .filter(|(_, p)| matches!(p, Prevention::Relaxe))
            .count();
        Some(match (guilty, relaxed) {
            (g, r) if g > 0 && r > 0 => Sens::RelaxePartielle,
            (g, _) if g > 0 => Sens::Culpabilite,
            (_, r) if r == self.preventions.len() && r > 0 => Sens::Relaxe,
            _ => match self.preventions.first()?.1.kind() {
                PreventionKind::Relaxe => Sens::Relaxe,
                PreventionKind::IrresponsabilitePenale => Sens::IrresponsabilitePenale,
                PreventionKind::IrresponsabiliteTroubleMental => Sens::IrresponsabiliteTroubleMental,
                PreventionKind::NonLieuAStatuer => Sens::NonLieuAStatuer,
                // Not reached: a guilty answer is counted above.
                PreventionKind::Culpabilite | PreventionKind::Requalification => Sens::Culpabilite,
            },
        })
    }

    /// Summary of the prévention part, in words (the label of its sense).
    pub fn prevention_summary(&self) -> String {
        self.sens().map(|s| s.label().to_owned()).unwrap_or_default()
    }

    /// The whole decision in one line, as the rôle and the waiting list show it.
    pub fn summary(&self) -> String {
        let mut parts = vec![self.prevention_summary()];
        if let Some(s) = self.sanction {
            parts.push(s.label().to_owned());
        }
        parts.extend(self.peines.iter().map(Peine::label));
        if self.mandat_de_depot {
            parts.push("mandat de dépôt".into());
        }
        if self.execution_provisoire {
            parts.push("exécution provisoire".into());
        }
        for ic in &self.interets_civils {
            parts.push(format!(
                "{} : {} € de dommages-intérêts, {} € au titre de l'art. 475-1",
                ic.partie_civile, ic.dommages_interets, ic.article_475_1
            ));
        }
        parts.push(format!("jugement {}", self.nature.label().to_lowercase()));
        parts.join(" ; ")
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

/// A former qualification of an infraction, kept when the court requalifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

    pub(crate) fn guilty_one(peines: Vec<Peine>) -> Decision {
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
        assert_eq!(partial.sens(), Some(Sens::RelaxePartielle));
        assert!(
            partial
                .summary()
                .starts_with("Relaxe partielle ; Condamnation ; 300 € d'amende ; jugement "),
            "{}",
            partial.summary()
        );
        // Without any answer there is no sense to count.
        let none = Decision {
            preventions: vec![],
            ..partial
        };
        assert_eq!(none.sens(), None);
        let mental = Decision {
            preventions: vec![
                ("i1".into(), Prevention::IrresponsabiliteTroubleMental),
                ("i2".into(), Prevention::Relaxe),
            ],
            ..none
        };
        assert_eq!(mental.sens(), Some(Sens::IrresponsabiliteTroubleMental));
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
}
