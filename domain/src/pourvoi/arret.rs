//! The arrêt: typed by the greffe or imported from Judilibre.

use super::lists::{FORMATIONS, SOLUTIONS, code_in};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The arrêt of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArretView {
    pub solution: String,
    pub date_arret: String,
    pub formation: String,
    pub ecli: String,
    pub source: String,
    pub sommaire: String,
}

/// An arrêt as typed by the greffe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArretForm {
    pub solution: String,
    pub date_arret: String,
    pub formation: String,
}

/// A checked arrêt, typed or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidArret {
    pub numeros: Vec<String>,
    pub solution: &'static str,
    pub date_arret: NaiveDate,
    pub formation: String,
    pub ecli: String,
    pub sommaire: String,
    pub source: &'static str,
}

impl ArretForm {
    /// Checks the form for the pourvoi numbered `numero`, registered on `depuis`.
    pub fn validate(&self, numero: &str, depuis: NaiveDate, today: NaiveDate) -> Result<ValidArret, (String, String)> {
        let solution = code_in(&SOLUTIONS, &self.solution)
            .ok_or_else(|| ("solution".to_owned(), "Solution : choisissez dans la liste.".to_owned()))?;
        let date_arret = crate::dates::parse_iso(&self.date_arret)
            .filter(|d| *d <= today && *d >= depuis)
            .ok_or_else(|| {
                (
                    "date_arret".to_owned(),
                    "Date de l'arrêt : date invalide, future ou antérieure au pourvoi.".to_owned(),
                )
            })?;
        let formation = code_in(&FORMATIONS, &self.formation).ok_or_else(|| {
            (
                "formation".to_owned(),
                "Formation : choisissez dans la liste.".to_owned(),
            )
        })?;
        Ok(ValidArret {
            numeros: vec![numero.to_owned()],
            solution,
            date_arret,
            formation: formation.to_owned(),
            ecli: String::new(),
            sommaire: String::new(),
            source: "saisie",
        })
    }
}

/// A Cour de cassation decision read from Judilibre: an arrêt deciding its pourvois, or
/// another decision (an ordonnance, a QPC decision, an avis, « autre », a rabat) that ends a
/// special procedure, or a pourvoi by ordonnance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judilibre {
    Arret(ValidArret),
    Decision(DecisionImportee),
}

/// A decision other than a plain arrêt, as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionImportee {
    pub nature: super::DecisionType,
    pub numeros: Vec<String>,
    /// Judilibre's solution folded to its code (`super::solution_code`).
    pub solution: String,
    /// The same as a pourvoi's solution, when it is one (`SOLUTIONS`).
    pub solution_pourvoi: Option<&'static str>,
    pub date: NaiveDate,
    pub formation: String,
    pub ecli: String,
    pub sommaire: String,
}

impl DecisionImportee {
    /// The arrêt this decision makes of its pourvois, when it ends them by itself: an arrêt,
    /// or an ordonnance (or « autre » decision) that ends the instance — déchéance,
    /// désistement, non-lieu, irrecevabilité, non-admission — never a rejet or a cassation
    /// pronounced by an ordonnance, which may only have ruled on an incident.
    pub fn as_arret(&self) -> Option<ValidArret> {
        let solution = self.solution_pourvoi?;
        let ends_instance = matches!(
            solution,
            "decheance" | "desistement" | "non_lieu" | "irrecevabilite" | "non_admission"
        );
        if self.nature != super::DecisionType::Arret && !ends_instance {
            return None;
        }
        Some(ValidArret {
            numeros: self.numeros.clone(),
            solution,
            date_arret: self.date,
            formation: self.formation.clone(),
            ecli: self.ecli.clone(),
            sommaire: self.sommaire.clone(),
            source: "judilibre",
        })
    }
}

/// Reads a decision in the Judilibre API format (labels or internal codes; missing keys and
/// nulls tolerated where they are not needed). Errors are French sentences.
pub fn read_judilibre(json: &str) -> Result<Judilibre, String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("Fichier illisible : JSON invalide ({e})."))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::trim).unwrap_or("");
    let jurisdiction = s("jurisdiction").to_lowercase();
    if !(jurisdiction == "cc" || jurisdiction == "cour de cassation") {
        return Err(format!(
            "Ce fichier n'est pas une décision de la Cour de cassation (juridiction « {} »).",
            s("jurisdiction")
        ));
    }
    let nature = super::DecisionType::parse(s("type")).ok_or_else(|| {
        format!(
            "Type de décision « {} » non importé : arrêt, ordonnance, QPC, avis ou autre.",
            s("type")
        )
    })?;
    let mut numeros: Vec<String> = v
        .get("numbers")
        .and_then(|n| n.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(|x| x.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    if numeros.is_empty() && !s("number").is_empty() {
        numeros.push(s("number").to_owned());
    }
    if numeros.is_empty() {
        return Err("Le fichier ne donne aucun numéro de pourvoi.".into());
    }
    if let Some(bad) = numeros.iter().find(|n| !super::valid_numero(n)) {
        return Err(format!("Numéro de pourvoi « {bad} » invalide dans le fichier."));
    }
    let date = crate::dates::parse_iso(s("decision_date"))
        .ok_or_else(|| format!("Date de décision « {} » invalide.", s("decision_date")))?;
    let formation = match s("formation").to_lowercase().as_str() {
        "fs" | "formation de section" => "fs",
        "fr" | "formation restreinte" => "fr",
        "fp" | "formation plénière de chambre" => "fp",
        _ => "",
    };
    let solution_pourvoi = judilibre_solution(s("solution"));
    let solution = super::solution_code(s("solution"));
    if nature == super::DecisionType::Arret
        && let Some(solution) = solution_pourvoi
    {
        return Ok(Judilibre::Arret(ValidArret {
            numeros,
            solution,
            date_arret: date,
            formation: formation.to_owned(),
            ecli: s("ecli").to_owned(),
            sommaire: s("summary").to_owned(),
            source: "judilibre",
        }));
    }
    if solution.is_empty() {
        return Err("Le fichier ne donne pas la solution de la décision.".into());
    }
    Ok(Judilibre::Decision(DecisionImportee {
        nature,
        numeros,
        solution,
        solution_pourvoi,
        date,
        formation: formation.to_owned(),
        ecli: s("ecli").to_owned(),
        sommaire: s("summary").to_owned(),
    }))
}

/// Our solution code for a Judilibre solution (code or label).
fn judilibre_solution(raw: &str) -> Option<&'static str> {
    let l = raw.to_lowercase();
    let l = l.trim();
    Some(match l {
        "rejet" => "rejet",
        "cassation" | "cassation sans renvoi" => "cassation",
        "cassation partielle" | "cassation_partielle" | "cassation partielle sans renvoi" => "cassation_partielle",
        "irrecevabilite" | "irrecevabilité" => "irrecevabilite",
        "decheance" | "déchéance" => "decheance",
        "non-lieu à statuer" | "non lieu à statuer" | "nonlieu" | "non_lieu" => "non_lieu",
        "desistement" | "désistement" => "desistement",
        "non-admission" | "non admission" | "non_admission" => "non_admission",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads an arrêt in the Judilibre format (see [`read_judilibre`]); any other decision is
    /// refused.
    fn parse_judilibre(json: &str) -> Result<ValidArret, String> {
        match read_judilibre(json)? {
            Judilibre::Arret(a) => Ok(a),
            Judilibre::Decision(d) if d.nature != crate::pourvoi::DecisionType::Arret => {
                Err(format!("Ce fichier n'est pas un arrêt ({}).", d.nature.label()))
            }
            Judilibre::Decision(d) => Err(format!("Solution « {} » inconnue.", d.solution)),
        }
    }

    const RESOLVED: &str = include_str!("../../../server/tests/data/judilibre/sample_detail_resolved_652c0c2.json");

    const UNRESOLVED: &str = include_str!("../../../server/tests/data/judilibre/sample_detail_unresolved_652c0c2.json");

    #[test]
    fn judilibre_labels_and_codes_read_alike() {
        let a = parse_judilibre(RESOLVED).unwrap();
        let b = parse_judilibre(UNRESOLVED).unwrap();
        assert_eq!(a.numeros, ["19-60.222", "19-70.333"]);
        assert_eq!(a.solution, "rejet");
        assert_eq!(a.date_arret, NaiveDate::from_ymd_opt(2020, 11, 25).unwrap());
        assert_eq!(a.formation, "fs");
        assert_eq!(a.ecli, "ECLI:FR:CCASS:2020:SO01153");
        assert!(a.sommaire.starts_with("Aux termes"));
        assert_eq!(
            (b.numeros, b.solution, b.date_arret, b.formation),
            (a.numeros, a.solution, a.date_arret, a.formation)
        );
    }

    #[test]
    fn bad_judilibre_files_are_reported() {
        assert!(parse_judilibre("{").unwrap_err().contains("JSON invalide"));
        assert!(parse_judilibre("[]").unwrap_err().contains("Cour de cassation"));
        let v: serde_json::Value = serde_json::from_str(RESOLVED).unwrap();
        let with = |k: &str, x: serde_json::Value| {
            let mut v = v.clone();
            v[k] = x;
            parse_judilibre(&v.to_string()).unwrap_err()
        };
        assert!(with("solution", "Avis".into()).contains("Solution"));
        assert!(with("decision_date", serde_json::Value::Null).contains("Date"));
        assert!(with("numbers", serde_json::json!(["19-6O.222"])).contains("invalide"));
        assert!(with("type", "ordonnance".into()).contains("arrêt"));
        assert!(with("type", "saisie".into()).contains("non importé"));
        // Missing optional keys are fine.
        let mut lean = v.clone();
        for k in ["summary", "ecli", "formation", "zones", "files", "number"] {
            lean.as_object_mut().unwrap().remove(k);
        }
        assert!(parse_judilibre(&lean.to_string()).is_ok());
    }

    #[test]
    fn ordonnances_qpc_avis_and_other_decisions_are_read() {
        let v: serde_json::Value = serde_json::from_str(RESOLVED).unwrap();
        let read = |t: &str, sol: &str| {
            let mut v = v.clone();
            v["type"] = t.into();
            v["solution"] = sol.into();
            read_judilibre(&v.to_string()).unwrap()
        };
        let Judilibre::Decision(d) = read("qpc", "Non-lieu à statuer") else {
            panic!()
        };
        assert_eq!(
            (d.nature, d.solution.as_str()),
            (super::super::DecisionType::Qpc, "nonlieu")
        );
        assert_eq!(d.numeros, ["19-60.222", "19-70.333"]);
        let Judilibre::Decision(d) = read("ordonnance", "Déchéance") else {
            panic!()
        };
        assert_eq!(d.as_arret().map(|a| a.solution), Some("decheance"));
        let Judilibre::Decision(d) = read("other", "Autre") else {
            panic!()
        };
        assert_eq!((d.solution.as_str(), d.as_arret()), ("autre", None));
        // An ordonnance « rejet » may have ruled on an incident: it never ends the pourvoi.
        let Judilibre::Decision(d) = read("ordonnance", "Rejet") else {
            panic!()
        };
        assert_eq!(d.as_arret(), None);
        // An arrêt with a solution no pourvoi has (a rabat) is a decision to attach too.
        assert!(matches!(read("arret", "Rabat"), Judilibre::Decision(_)));
        assert!(matches!(read("arret", "Rejet"), Judilibre::Arret(_)));
    }

    #[test]
    fn typed_arret_is_checked() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = ArretForm {
            solution: "rejet".into(),
            date_arret: "2026-11-20".into(),
            formation: "fr".into(),
        };
        assert!(f.validate("26-10.001", d("2026-01-01"), d("2026-11-23")).is_ok());
        let field = |f: ArretForm| f.validate("26-10.001", d("2026-01-01"), d("2026-11-23")).unwrap_err().0;
        assert_eq!(
            field(ArretForm {
                solution: "avis".into(),
                ..f.clone()
            }),
            "solution"
        );
        assert_eq!(
            field(ArretForm {
                date_arret: "2025-12-31".into(),
                ..f.clone()
            }),
            "date_arret"
        );
        assert_eq!(
            field(ArretForm {
                date_arret: "2026-11-24".into(),
                ..f.clone()
            }),
            "date_arret"
        );
        assert_eq!(
            field(ArretForm {
                formation: "x".into(),
                ..f
            }),
            "formation"
        );
    }
}
