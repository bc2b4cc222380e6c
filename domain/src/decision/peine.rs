//! The catalogue of peines: natures, what the decision form asks for each, their quantum
//! and its legal bounds.

use serde::{Deserialize, Serialize};

/// One peine of the catalogue, with its quantum. The JSON form (`type` tag) is what the
/// `decision.peines` column stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

code_enum! {
    /// Natures of peine, in the order the pilotage shows them; the code is the JSON `type`
    /// tag of [`Peine`] and what the `peine.nature` column stores.
    pub enum PeineNature {
        EmprisonnementFerme = ("emprisonnement_ferme", "Emprisonnement ferme"),
        EmprisonnementSursis = ("emprisonnement_sursis", "Emprisonnement avec sursis"),
        SursisProbatoire = ("sursis_probatoire", "Sursis probatoire"),
        Ddse = ("ddse", "Détention à domicile sous surveillance électronique"),
        Tig = ("tig", "Travail d'intérêt général"),
        Amende = ("amende", "Amende"),
        JoursAmende = ("jours_amende", "Jours-amende"),
        Stage = ("stage", "Stage"),
        SuspensionPermis = ("suspension_permis", "Suspension du permis"),
        AnnulationPermis = ("annulation_permis", "Annulation du permis"),
        Confiscation = ("confiscation", "Confiscation"),
        Interdiction = ("interdiction", "Interdiction"),
    }
}

/// What the decision form asks for a nature of peine: the labels of its two numbers and of
/// its text, empty where it has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeineFields {
    pub n1: &'static str,
    pub n2: &'static str,
    pub text: &'static str,
}

impl PeineNature {
    /// The order the decision form offers them: the most frequent first.
    pub const FORM_ORDER: [PeineNature; 12] = [
        PeineNature::EmprisonnementSursis,
        PeineNature::EmprisonnementFerme,
        PeineNature::SursisProbatoire,
        PeineNature::Amende,
        PeineNature::JoursAmende,
        PeineNature::Tig,
        PeineNature::Ddse,
        PeineNature::Stage,
        PeineNature::SuspensionPermis,
        PeineNature::AnnulationPermis,
        PeineNature::Confiscation,
        PeineNature::Interdiction,
    ];

    /// What the form asks for this nature.
    pub const fn fields(self) -> PeineFields {
        let (n1, n2, text) = match self {
            PeineNature::EmprisonnementFerme | PeineNature::EmprisonnementSursis => ("Durée (mois)", "", ""),
            PeineNature::SursisProbatoire => (
                "Durée (mois)",
                "Délai d'épreuve (mois)",
                "Obligations (séparées par des virgules)",
            ),
            PeineNature::Amende => ("Montant (€)", "", ""),
            PeineNature::JoursAmende => ("Nombre de jours", "Montant par jour (€)", ""),
            PeineNature::Tig => ("Durée (heures)", "", ""),
            PeineNature::Ddse => ("Durée (jours)", "", ""),
            PeineNature::Stage => ("", "", "Intitulé du stage"),
            PeineNature::SuspensionPermis => ("Durée (mois)", "", ""),
            PeineNature::AnnulationPermis => ("Interdiction de le repasser (mois)", "", ""),
            PeineNature::Confiscation => ("", "", "Objet confisqué"),
            PeineNature::Interdiction => ("Durée (mois)", "", "Nature de l'interdiction"),
        };
        PeineFields { n1, n2, text }
    }
}

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

    /// Its nature.
    pub fn nature(&self) -> PeineNature {
        match self {
            Peine::EmprisonnementFerme { .. } => PeineNature::EmprisonnementFerme,
            Peine::EmprisonnementSursis { .. } => PeineNature::EmprisonnementSursis,
            Peine::SursisProbatoire { .. } => PeineNature::SursisProbatoire,
            Peine::Ddse { .. } => PeineNature::Ddse,
            Peine::Tig { .. } => PeineNature::Tig,
            Peine::Amende { .. } => PeineNature::Amende,
            Peine::JoursAmende { .. } => PeineNature::JoursAmende,
            Peine::Stage { .. } => PeineNature::Stage,
            Peine::SuspensionPermis { .. } => PeineNature::SuspensionPermis,
            Peine::AnnulationPermis { .. } => PeineNature::AnnulationPermis,
            Peine::Confiscation { .. } => PeineNature::Confiscation,
            Peine::Interdiction { .. } => PeineNature::Interdiction,
        }
    }

    /// The code of its nature (the JSON `type` tag).
    pub fn code(&self) -> &'static str {
        self.nature().code()
    }

    /// The peine typed in the decision form: its nature, its two numbers and its text as
    /// typed (see [`PeineNature::fields`]). The error names the field in French.
    pub fn from_fields(nature: PeineNature, n1: &str, n2: &str, text: &str) -> Result<Peine, String> {
        let f = nature.fields();
        let label = nature.label();
        let num = |s: &str, what: &str| -> Result<u32, String> {
            s.trim()
                .parse::<u32>()
                .map_err(|_| format!("{label} : « {what} » doit être un nombre entier."))
        };
        let text = text.trim().to_owned();
        Ok(match nature {
            PeineNature::EmprisonnementSursis => Peine::EmprisonnementSursis { mois: num(n1, f.n1)? },
            PeineNature::EmprisonnementFerme => Peine::EmprisonnementFerme { mois: num(n1, f.n1)? },
            PeineNature::SursisProbatoire => Peine::SursisProbatoire {
                mois: num(n1, f.n1)?,
                delai_epreuve_mois: num(n2, f.n2)?,
                obligations: text
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
            },
            PeineNature::Amende => Peine::Amende { euros: num(n1, f.n1)? },
            PeineNature::JoursAmende => Peine::JoursAmende {
                nombre: num(n1, f.n1)?,
                euros: num(n2, f.n2)?,
            },
            PeineNature::Tig => Peine::Tig { heures: num(n1, f.n1)? },
            PeineNature::Ddse => Peine::Ddse { jours: num(n1, f.n1)? },
            PeineNature::Stage => Peine::Stage { intitule: text },
            PeineNature::SuspensionPermis => Peine::SuspensionPermis { mois: num(n1, f.n1)? },
            PeineNature::AnnulationPermis => Peine::AnnulationPermis {
                mois_interdiction: num(n1, f.n1)?,
            },
            PeineNature::Confiscation => Peine::Confiscation { objet: text },
            PeineNature::Interdiction => Peine::Interdiction {
                nature: text,
                mois: num(n1, f.n1)?,
            },
        })
    }

    /// The form's fields for this peine: (nature, first number, second number, text).
    pub fn to_fields(&self) -> (PeineNature, String, String, String) {
        let none = String::new;
        let (n1, n2, text) = match self {
            Peine::EmprisonnementSursis { mois }
            | Peine::EmprisonnementFerme { mois }
            | Peine::SuspensionPermis { mois }
            | Peine::AnnulationPermis {
                mois_interdiction: mois,
            } => (mois.to_string(), none(), none()),
            Peine::SursisProbatoire {
                mois,
                delai_epreuve_mois,
                obligations,
            } => (mois.to_string(), delai_epreuve_mois.to_string(), obligations.join(", ")),
            Peine::Amende { euros } => (euros.to_string(), none(), none()),
            Peine::JoursAmende { nombre, euros } => (nombre.to_string(), euros.to_string(), none()),
            Peine::Tig { heures } => (heures.to_string(), none(), none()),
            Peine::Ddse { jours } => (jours.to_string(), none(), none()),
            Peine::Stage { intitule } => (none(), none(), intitule.clone()),
            Peine::Confiscation { objet } => (none(), none(), objet.clone()),
            Peine::Interdiction { nature, mois } => (mois.to_string(), none(), nature.clone()),
        };
        (self.nature(), n1, n2, text)
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

    pub(crate) fn is_prison(&self) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::tests::guilty_one;

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
            assert_eq!(PeineNature::parse(p.code()), Some(p.nature()), "{p:?}");
            let (nature, n1, n2, text) = p.to_fields();
            assert_eq!(Peine::from_fields(nature, &n1, &n2, &text).as_ref(), Ok(&p), "{p:?}");
            assert_eq!(p.quantum(), (quantum, unit), "{p:?}");
        }
    }
}
