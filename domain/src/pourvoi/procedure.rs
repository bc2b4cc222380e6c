//! The Cour de cassation's special procedures, each a circuit of its own: registered on its
//! pourvoi or as a saisine transmitted by a juridiction, with its own deadline (a rule of
//! `deadline::RULES`), what it does to the pourvoi's deadlines, the pièces it needs, and how it
//! ends (ordonnance or arrêt).

use super::valid_numero;
use crate::deadline::LegalBasis;
use crate::refusal::Refusal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// A special procedure before the Cour de cassation.
    pub enum ProcedureKind {
        Qpc = ("qpc", "Question prioritaire de constitutionnalité"),
        Avis = ("avis", "Demande d'avis"),
        Radiation = ("radiation", "Radiation du rôle"),
        Reinscription = ("reinscription", "Réinscription au rôle"),
        Decheance = ("decheance", "Déchéance"),
        Desistement = ("desistement", "Désistement"),
        NonAdmission = ("non_admission", "Non-admission"),
        SuspicionLegitime = ("suspicion_legitime", "Renvoi pour cause de suspicion légitime"),
        Rabat = ("rabat", "Rabat d'arrêt"),
    }
}

/// What a procedure is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attache {
    /// A registered pourvoi (an incident of its instance).
    Pourvoi,
    /// A saisine of its own, with its own number (transmitted by a juridiction, a requête).
    Saisine,
    /// Either: a QPC raised in a pourvoi, or transmitted by a juridiction.
    Either,
}

/// The outcome every procedure may have when a decision imported from Judilibre says no more.
pub const ISSUE_AUTRE: (&str, &str) = ("autre", "Autre décision (voir son texte)");

/// The outcome of a procedure still in progress when its pourvoi is decided.
pub const ISSUE_SANS_OBJET: (&str, &str) = ("sans_objet", "Sans objet : le pourvoi a été jugé");

/// How a procedure's decision is given.
pub const ACTES: [(&str, &str); 2] = [("ordonnance", "Ordonnance"), ("arret", "Arrêt")];

const fn basis(code: &'static str, article: &'static str, source: &'static str, in_force: &'static str) -> LegalBasis {
    LegalBasis {
        code,
        article,
        source,
        in_force,
    }
}

const ORD_58_1067: &str = "ord. n° 58-1067 du 7 novembre 1958";
const LO_2009: &str = "loi organique n° 2009-1523 du 10 décembre 2009, art. 1er";
const D_2014: &str = "décret n° 2014-1338 du 6 novembre 2014";
const CPP_2029_SOURCE: &str = "ordonnance n° 2025-1091 du 19 novembre 2025";
const QPC_23_4: LegalBasis = basis(ORD_58_1067, "23-4", LO_2009, "2010-03-01");
const QPC_23_5: LegalBasis = basis(ORD_58_1067, "23-5", LO_2009, "2010-03-01");
const QPC_23_7: LegalBasis = basis(ORD_58_1067, "23-7", LO_2009, "2010-03-01");
const CPC_1031_3: LegalBasis = basis(
    "CPC",
    "1031-3",
    "décret n° 92-228 du 12 mars 1992, art. 1er",
    "1992-03-14",
);
const CPP_706_67: LegalBasis = basis(
    "CPP",
    "706-67",
    "loi n° 2001-539 du 25 juin 2001, art. 26",
    "2002-01-01",
);
const CPC_1009_1: LegalBasis = basis("CPC", "1009-1", D_2014, "2014-11-09");
const CPC_1009_3: LegalBasis = basis("CPC", "1009-3", "décret n° 99-131 du 26 février 1999", "1999-03-01");
const CPC_978: LegalBasis = basis(
    "CPC",
    "978",
    "décret n° 2014-1338 du 6 novembre 2014, art. 15",
    "2014-11-09",
);
const CPP_567_2: LegalBasis = basis("CPP", "567-2", "loi n° 2021-401 du 8 avril 2021, art. 11", "2021-04-10");
const CPP_L7215_3: LegalBasis = basis("CPP", "L. 7215-3", CPP_2029_SOURCE, crate::deadline::CPP_2029);
const CPP_L7215_4: LegalBasis = basis("CPP", "L. 7215-4", CPP_2029_SOURCE, crate::deadline::CPP_2029);
const CPC_1026: LegalBasis = basis("CPC", "1026", D_2014, "2014-11-09");
const CPP_567_1_1: LegalBasis = basis(
    "CPP",
    "567-1-1",
    "ordonnance n° 2006-673 du 8 juin 2006, art. 8",
    "2006-06-09",
);
const CPP_L7214_3: LegalBasis = basis("CPP", "L. 7214-3", CPP_2029_SOURCE, crate::deadline::CPP_2029);
const CPC_1014: LegalBasis = basis("CPC", "1014", D_2014, "2014-11-09");
const CPP_662: LegalBasis = basis("CPP", "662", "loi n° 93-2 du 4 janvier 1993, art. 103", "1993-01-05");

impl ProcedureKind {
    pub fn attache(self) -> Attache {
        match self {
            Self::Qpc => Attache::Either,
            Self::Avis | Self::SuspicionLegitime => Attache::Saisine,
            _ => Attache::Pourvoi,
        }
    }

    /// The matières the procedure exists in (`None`: both).
    pub fn matiere(self) -> Option<&'static str> {
        match self {
            Self::Radiation | Self::Reinscription => Some("civil"),
            Self::SuspicionLegitime => Some("penal"),
            _ => None,
        }
    }

    /// The rule of its own deadline (`deadline::rule`), by matière and by whether it was
    /// raised in a pourvoi; `None` for a procedure the law gives no delay.
    pub fn rule(self, matiere: &str, sur_pourvoi: bool) -> Option<&'static str> {
        match (self, matiere, sur_pourvoi) {
            (Self::Qpc, _, true) => Some("qpc-23-5"),
            (Self::Qpc, _, false) => Some("qpc-23-4"),
            (Self::Avis, "penal", _) => Some("cpp-706-67"),
            (Self::Avis, _, _) => Some("cpc-1031-3"),
            (Self::SuspicionLegitime, _, _) => Some("cpp-662"),
            _ => None,
        }
    }

    /// The texts that govern the procedure: each text with its wordings, oldest first (the
    /// 2029 code's number from its entry into force).
    pub fn textes(self, matiere: &str) -> &'static [&'static [LegalBasis]] {
        let penal = matiere == "penal";
        match self {
            Self::Qpc => &[&[QPC_23_4], &[QPC_23_5], &[QPC_23_7]],
            Self::Avis if penal => &[&[CPP_706_67]],
            Self::Avis => &[&[CPC_1031_3]],
            Self::Radiation => &[&[CPC_1009_1]],
            Self::Reinscription => &[&[CPC_1009_3]],
            Self::Decheance if penal => &[&[CPP_567_2, CPP_L7215_3]],
            Self::Decheance => &[&[CPC_978]],
            Self::Desistement if penal => &[&[CPP_L7215_4]],
            Self::Desistement => &[&[CPC_1026]],
            Self::NonAdmission if penal => &[&[CPP_567_1_1, CPP_L7214_3]],
            Self::NonAdmission => &[&[CPC_1014]],
            Self::SuspicionLegitime => &[&[CPP_662]],
            Self::Rabat => &[],
        }
    }

    /// The texts that govern a procedure started on `on`, each in the wording in force that
    /// day, cited; a procedure the texts do not organise says where it comes from.
    pub fn fondement(self, matiere: &str, on: NaiveDate) -> Vec<String> {
        let mut out: Vec<String> = self
            .textes(matiere)
            .iter()
            .filter_map(|versions| {
                let v = versions.iter().rev().find(|v| v.since() <= on);
                match (v, versions.first()) {
                    (Some(v), _) => Some(v.cite()),
                    // Only the 2029 number is recorded: before it, the practice it codifies.
                    (None, Some(first)) if first.since() > on && first.in_force == crate::deadline::CPP_2029 => None,
                    (None, first) => first.map(LegalBasis::cite),
                }
            })
            .collect();
        match (self, matiere == "penal") {
            (Self::Rabat, _) => out.push(
                "Procédure prétorienne, sans texte ni délai : la Cour rabat un arrêt entaché d'une erreur de procédure qui ne peut être imputée aux parties (Ass. plén., 30 juin 1995, n° 94-20.302).".into(),
            ),
            (Self::Desistement, true) if out.is_empty() => out.push(
                "Désistement constaté par ordonnance du président de la chambre criminelle, ou arrêt en donnant acte.".into(),
            ),
            _ => {}
        }
        out
    }

    /// The event whose date starts the procedure, as the form asks for it.
    pub fn depart(self, sur_pourvoi: bool) -> &'static str {
        match (self, sur_pourvoi) {
            (Self::Qpc, true) => "Date de présentation du mémoire distinct",
            (Self::Qpc, false) => "Date de réception de la décision de transmission",
            (Self::Avis, _) => "Date de réception du dossier",
            (Self::SuspicionLegitime, _) => "Date de signification de la requête aux parties",
            (Self::Reinscription, _) => "Date de la demande de réinscription",
            _ => "Date de la requête ou de l'acte",
        }
    }

    /// How the procedure may end: code and label.
    pub fn issues(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Qpc => &[
                ("renvoi", "Renvoi au Conseil constitutionnel"),
                ("non_renvoi", "Non-lieu à renvoi au Conseil constitutionnel"),
                ("irrecevabilite", "Irrecevabilité de la question"),
                ("desistement", "Désistement"),
                ISSUE_AUTRE,
            ],
            Self::Avis => &[
                ("avis_rendu", "Avis rendu"),
                ("non_lieu", "Non-lieu à avis"),
                ("irrecevabilite", "Irrecevabilité de la demande"),
                ISSUE_AUTRE,
            ],
            Self::Radiation => &[
                ("radiation", "Radiation du rôle ordonnée"),
                ("rejet", "Demande de radiation rejetée"),
                ("irrecevabilite", "Demande de radiation irrecevable"),
                ISSUE_AUTRE,
            ],
            Self::Reinscription => &[
                ("reinscription", "Réinscription au rôle autorisée"),
                ("rejet", "Réinscription refusée"),
                ISSUE_AUTRE,
            ],
            Self::Decheance => &[
                ("decheance", "Déchéance du pourvoi constatée"),
                ("rejet", "Pas de déchéance : le pourvoi se poursuit"),
                ISSUE_AUTRE,
            ],
            Self::Desistement => &[("desistement", "Désistement constaté (donné acte)"), ISSUE_AUTRE],
            Self::NonAdmission => &[
                ("non_admission", "Non-admission du pourvoi"),
                ("admission", "Pourvoi admis : examen au fond"),
                ISSUE_AUTRE,
            ],
            Self::SuspicionLegitime => &[
                ("renvoi", "Renvoi de l'affaire à une autre juridiction"),
                ("rejet", "Requête rejetée"),
                ("irrecevabilite", "Requête irrecevable"),
                ISSUE_AUTRE,
            ],
            Self::Rabat => &[
                ("rabat", "Arrêt rabattu : le pourvoi est à nouveau examiné"),
                ("rejet", "Requête en rabat rejetée"),
                ISSUE_AUTRE,
            ],
        }
    }

    /// The pièces the procedure needs, for the greffe's checklist.
    pub fn pieces(self, sur_pourvoi: bool) -> &'static [&'static str] {
        match (self, sur_pourvoi) {
            (Self::Qpc, true) => &["Mémoire distinct et motivé posant la question"],
            (Self::Qpc, false) => &[
                "Décision de transmission de la juridiction",
                "Mémoire distinct et motivé posant la question",
                "Mémoires et conclusions des parties relatifs à la question",
            ],
            (Self::Avis, _) => &[
                "Décision sollicitant l'avis",
                "Avis de la saisine aux parties et au ministère public",
                "Observations écrites des parties, le cas échéant",
            ],
            (Self::Radiation, _) => &[
                "Requête du défendeur",
                "Avis du procureur général",
                "Observations des parties",
            ],
            (Self::Reinscription, _) => &["Justification de l'exécution de la décision attaquée"],
            (Self::Decheance, _) => &["Constat de l'absence de mémoire dans le délai"],
            (Self::Desistement, _) => &["Acte de désistement", "Acceptation du défendeur s'il a déjà produit"],
            (Self::NonAdmission, _) => &["Rapport du conseiller rapporteur", "Avis de l'avocat général"],
            (Self::SuspicionLegitime, _) => &["Requête motivée", "Preuve de la signification aux parties"],
            (Self::Rabat, _) => &["Requête en rabat", "Arrêt dont le rabat est demandé"],
        }
    }

    /// Label of the outcome `code` of this procedure.
    pub fn issue_label(self, code: &str) -> String {
        if code == ISSUE_SANS_OBJET.0 {
            return ISSUE_SANS_OBJET.1.to_owned();
        }
        super::label_of(self.issues(), code)
    }
}

/// A special procedure as typed by the greffe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProcedureForm {
    /// `ProcedureKind` code.
    pub nature: String,
    /// Number of the pourvoi it is raised in (empty for a saisine of its own).
    #[serde(default)]
    pub pourvoi: String,
    /// The saisine's own number (`YY-NN.NNN`), for a procedure that is not on a pourvoi.
    #[serde(default)]
    pub numero: String,
    /// "civil" or "penal", for a saisine (a procedure on a pourvoi takes its pourvoi's).
    #[serde(default)]
    pub matiere: String,
    /// The juridiction that transmits, or the requérant.
    #[serde(default)]
    pub origine: String,
    /// ISO date of the event that starts the procedure (`ProcedureKind::depart`).
    pub date_saisine: String,
    /// The question, or the motifs.
    #[serde(default)]
    pub objet: String,
    /// A QPC comes in a mémoire distinct et motivé (arts. 23-1 and 23-5).
    #[serde(default)]
    pub memoire_distinct: bool,
}

/// A checked registration; the pourvoi's own facts are checked by the store against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProcedure {
    pub kind: ProcedureKind,
    /// The pourvoi's number, for a procedure raised in a pourvoi.
    pub pourvoi: Option<String>,
    /// The saisine's own number otherwise.
    pub numero: Option<String>,
    /// The saisine's matière (a procedure on a pourvoi takes its pourvoi's).
    pub matiere: Option<&'static str>,
    pub origine: String,
    pub date_saisine: NaiveDate,
    pub objet: String,
}

fn text(field: &str, v: &str, what: &str, max: usize, required: bool) -> Result<String, Refusal> {
    let v = v.trim();
    if required && v.is_empty() {
        Err(Refusal::invalid(field, format!("{what} : champ obligatoire.")))
    } else if v.chars().count() > max {
        Err(Refusal::invalid(field, format!("{what} : {max} caractères au plus.")))
    } else if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        Err(Refusal::invalid(
            field,
            format!("{what} : caractères de contrôle refusés."),
        ))
    } else {
        Ok(v.to_owned())
    }
}

impl ProcedureForm {
    /// Checks the form against `today`; a refusal names the field and says why in French.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidProcedure, Refusal> {
        let kind = ProcedureKind::parse(self.nature.trim())
            .ok_or_else(|| Refusal::invalid("nature", "Nature de la procédure : choisissez dans la liste."))?;
        let pourvoi = self.pourvoi.trim();
        let numero = self.numero.trim();
        let sur_pourvoi = match (kind.attache(), pourvoi.is_empty()) {
            (Attache::Pourvoi, true) => {
                return Err(Refusal::invalid(
                    "pourvoi",
                    format!("{} : indiquez le n° du pourvoi concerné.", kind.label()),
                ));
            }
            (Attache::Saisine, false) => {
                return Err(Refusal::invalid(
                    "pourvoi",
                    format!(
                        "{} : saisine autonome, enregistrée sous son propre numéro et non sur un pourvoi.",
                        kind.label()
                    ),
                ));
            }
            (_, empty) => !empty,
        };
        let (pourvoi, numero, matiere) = if sur_pourvoi {
            if !valid_numero(pourvoi) {
                return Err(Refusal::invalid(
                    "pourvoi",
                    format!("N° de pourvoi « {pourvoi} » invalide : format AA-NN.NNN attendu."),
                ));
            }
            (Some(pourvoi.to_owned()), None, None)
        } else {
            if !valid_numero(numero) {
                return Err(Refusal::invalid(
                    "numero",
                    format!("N° de la saisine « {numero} » invalide : format AA-NN.NNN attendu (ex. 26-70.001)."),
                ));
            }
            let matiere = match self.matiere.as_str() {
                "civil" => "civil",
                "penal" => "penal",
                _ => return Err(Refusal::invalid("matiere", "Matière : civile ou pénale.")),
            };
            (None, Some(numero.to_owned()), Some(matiere))
        };
        if let (Some(m), Some(only)) = (matiere, kind.matiere())
            && m != only
        {
            return Err(Refusal::invalid(
                "matiere",
                format!(
                    "{} : procédure de la matière {} seulement.",
                    kind.label(),
                    if only == "civil" { "civile" } else { "pénale" }
                ),
            ));
        }
        let date_saisine = crate::dates::parse_iso(&self.date_saisine)
            .filter(|d| *d <= today)
            .ok_or_else(|| {
                Refusal::invalid(
                    "date_saisine",
                    format!("{} : date invalide ou future.", kind.depart(sur_pourvoi)),
                )
            })?;
        if let Some(n) = &numero
            && n[..2] != format!("{:02}", chrono::Datelike::year(&date_saisine) % 100)
            && date_saisine.format("%y").to_string() != n[..2]
        {
            return Err(Refusal::invalid(
                "numero",
                "Le n° de la saisine commence par l'année de sa réception (AA).",
            ));
        }
        let needs_objet = matches!(
            kind,
            ProcedureKind::Qpc | ProcedureKind::Avis | ProcedureKind::SuspicionLegitime
        );
        let objet = text(
            "objet",
            &self.objet,
            match kind {
                ProcedureKind::Qpc | ProcedureKind::Avis => "Question posée",
                _ => "Objet ou motifs",
            },
            4000,
            needs_objet,
        )?;
        let origine = text(
            "origine",
            &self.origine,
            if sur_pourvoi {
                "Auteur de la demande"
            } else {
                "Juridiction ou requérant"
            },
            300,
            !sur_pourvoi,
        )?;
        if kind == ProcedureKind::Qpc && !self.memoire_distinct {
            return Err(Refusal::invalid(
                "memoire_distinct",
                "Une question prioritaire de constitutionnalité est présentée, à peine d'irrecevabilité, dans un mémoire distinct et motivé (art. 23-1 et 23-5 de l'ordonnance n° 58-1067) : enregistrez-la à réception de ce mémoire.",
            ));
        }
        Ok(ValidProcedure {
            kind,
            pourvoi,
            numero,
            matiere,
            origine,
            date_saisine,
            objet,
        })
    }
}

/// The end of a procedure as typed by the greffe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FinProcedureForm {
    /// One of `ProcedureKind::issues`.
    pub issue: String,
    /// ISO date of the decision.
    pub date_fin: String,
    /// "ordonnance" or "arret".
    pub acte: String,
}

/// A checked end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFin {
    pub issue: &'static str,
    pub date_fin: NaiveDate,
    pub acte: &'static str,
}

impl FinProcedureForm {
    /// Checks the end of a procedure of `kind` started on `depuis`.
    pub fn validate(&self, kind: ProcedureKind, depuis: NaiveDate, today: NaiveDate) -> Result<ValidFin, Refusal> {
        let issue = kind
            .issues()
            .iter()
            .find(|(c, _)| *c == self.issue.trim())
            .map(|(c, _)| *c)
            .ok_or_else(|| Refusal::invalid("issue", "Issue : choisissez dans la liste."))?;
        let date_fin = crate::dates::parse_iso(&self.date_fin)
            .filter(|d| *d <= today && *d >= depuis)
            .ok_or_else(|| {
                Refusal::invalid(
                    "date_fin",
                    "Date de la décision : date invalide, future ou antérieure à la saisine.",
                )
            })?;
        let acte = ACTES
            .iter()
            .find(|(c, _)| *c == self.acte.trim())
            .map(|(c, _)| *c)
            .ok_or_else(|| Refusal::invalid("acte", "Décision : ordonnance ou arrêt."))?;
        Ok(ValidFin { issue, date_fin, acte })
    }
}

/// What a step of a procedure does to its pourvoi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Effets {
    /// Open deadlines of the pourvoi to close (interrupted or satisfied), with why.
    pub close: &'static [&'static str],
    pub why: &'static str,
    /// Deadline rules of the pourvoi to open from the step's date.
    pub open: &'static [&'static str],
    /// The deadlines a radiation request interrupted run again from the step's date.
    pub resume_interrupted: bool,
    /// The pourvoi ends with this solution (`SOLUTIONS`).
    pub ends_pourvoi: Option<&'static str>,
    /// The pourvoi's arrêt is withdrawn and the dossier returns to the stock.
    pub reopens_pourvoi: bool,
}

/// What registering a procedure of `kind` does to its pourvoi: a request for radiation
/// interrupts the défendeur's delay to file (art. 1009-1 CPC).
pub fn effets_saisine(kind: ProcedureKind) -> Effets {
    match kind {
        ProcedureKind::Radiation => Effets {
            close: &["cpc-982"],
            why: "délai interrompu par la demande de radiation (art. 1009-1 CPC)",
            ..Default::default()
        },
        _ => Effets::default(),
    }
}

/// What the end of a procedure of `kind` with `issue` does to its pourvoi.
pub fn effets_fin(kind: ProcedureKind, issue: &str) -> Effets {
    use ProcedureKind as K;
    match (kind, issue) {
        // Péremption runs from the notification of the ordonnance (art. 1009-2 CPC).
        (K::Radiation, "radiation") => Effets {
            open: &["cpc-1009-2"],
            ..Default::default()
        },
        // Refused: the défendeur's delay runs again.
        (K::Radiation, _) => Effets {
            resume_interrupted: true,
            ..Default::default()
        },
        (K::Reinscription, "reinscription") => Effets {
            close: &["cpc-1009-2"],
            why: "affaire réinscrite au rôle (art. 1009-3 CPC)",
            resume_interrupted: true,
            ..Default::default()
        },
        (K::Decheance, "decheance") => Effets {
            ends_pourvoi: Some("decheance"),
            ..Default::default()
        },
        (K::Desistement, "desistement") => Effets {
            ends_pourvoi: Some("desistement"),
            ..Default::default()
        },
        (K::NonAdmission, "non_admission") => Effets {
            ends_pourvoi: Some("non_admission"),
            ..Default::default()
        },
        (K::Rabat, "rabat") => Effets {
            reopens_pourvoi: true,
            ..Default::default()
        },
        _ => Effets::default(),
    }
}

/// What the pourvoi's state allows: `decided` whether it has an arrêt. A rabat needs an arrêt;
/// every other procedure on a pourvoi needs one still in the stock.
pub fn check_pourvoi_state(kind: ProcedureKind, decided: bool) -> Result<(), Refusal> {
    match (kind, decided) {
        (ProcedureKind::Rabat, false) => Err(Refusal::state(
            "aucun arrêt n'est rendu sur ce pourvoi : il n'y a rien à rabattre",
        )),
        (ProcedureKind::Rabat, true) | (_, false) => Ok(()),
        (k, true) => Err(Refusal::state(format!(
            "l'arrêt est rendu sur ce pourvoi : {} impossible (seul un rabat d'arrêt peut être demandé)",
            k.label().to_lowercase()
        ))),
    }
}

/// A procedure as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProcedureView {
    pub id: String,
    pub nature: ProcedureKind,
    /// The saisine's number, or the pourvoi's.
    pub numero: String,
    pub pourvoi_id: Option<String>,
    pub matiere: String,
    pub origine: String,
    pub objet: String,
    pub date_saisine: String,
    /// Label of the date that started it.
    pub depart: String,
    pub fondement: Vec<String>,
    pub pieces: Vec<String>,
    /// Its own deadline, if the law gives one.
    pub echeance: Option<super::EcheanceView>,
    pub en_cours: bool,
    pub issue: Option<String>,
    pub issue_label: Option<String>,
    pub date_fin: Option<String>,
    pub acte: Option<String>,
    /// Who registered it, and when (Europe/Paris).
    pub enregistre_par: String,
    pub version: i64,
}

/// One procedure in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LigneProcedure {
    pub id: String,
    pub nature: ProcedureKind,
    pub numero: String,
    pub date_saisine: String,
    pub en_cours: bool,
    /// Its deadline, if open, and when it falls (`quand`).
    pub due: Option<String>,
    pub quand: Option<String>,
    pub issue_label: Option<String>,
}

/// The procedures of one kind: in progress, overdue, ended this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CompteurProcedure {
    pub nature: ProcedureKind,
    pub en_cours: i64,
    pub en_retard: i64,
    pub terminees_annee: i64,
}

/// The procedures list and its counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Procedures {
    pub compteurs: Vec<CompteurProcedure>,
    pub lignes: Vec<LigneProcedure>,
}

/// Kinds of Cour de cassation decision published by Judilibre (its `type` taxonomy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionType {
    Arret,
    Ordonnance,
    Qpc,
    Avis,
    Autre,
}

impl DecisionType {
    /// Judilibre's `type` (code or label); `saisie` and unknown types are not decisions we
    /// attach.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw.trim().to_lowercase().as_str() {
            "arret" | "arrêt" => Self::Arret,
            "ordonnance" => Self::Ordonnance,
            "qpc" | "question prioritaire de constitutionnalité" => Self::Qpc,
            "avis" | "demande d'avis" => Self::Avis,
            "other" | "autre" => Self::Autre,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Arret => "arrêt",
            Self::Ordonnance => "ordonnance",
            Self::Qpc => "décision QPC",
            Self::Avis => "avis",
            Self::Autre => "décision",
        }
    }
}

/// Judilibre's solution (code or label) folded to its code (`rejet`, `nonlieu`, `qpc`…).
pub fn solution_code(raw: &str) -> String {
    let l = super::fold(raw.trim());
    match l.as_str() {
        "non-lieu a statuer" | "non lieu a statuer" | "non_lieu" => "nonlieu".into(),
        "designation de juridiction" => "designation".into(),
        "reglement des juges" => "reglement".into(),
        "question prioritaire de constitutionnalite" => "qpc".into(),
        "cassation partielle" | "cassation partielle sans renvoi" => "cassation_partielle".into(),
        "non-admission" | "non admission" => "non_admission".into(),
        _ => l,
    }
}

/// The procedure an imported decision of `t` with `solution` (a `solution_code`) ends, when
/// it names one kind; `None`: the one procedure in progress on the pourvoi, whatever it is.
pub fn kind_ended_by(t: DecisionType, solution: &str) -> Option<ProcedureKind> {
    match (t, solution) {
        (DecisionType::Qpc, _) => Some(ProcedureKind::Qpc),
        (DecisionType::Avis, _) => Some(ProcedureKind::Avis),
        (_, "decheance") => Some(ProcedureKind::Decheance),
        (_, "desistement") => Some(ProcedureKind::Desistement),
        (_, "rabat") => Some(ProcedureKind::Rabat),
        (_, "non_admission") => Some(ProcedureKind::NonAdmission),
        (_, "radiation") => Some(ProcedureKind::Radiation),
        (_, "reinscription") => Some(ProcedureKind::Reinscription),
        _ => None,
    }
}

/// The outcome of a procedure of `kind` that an imported decision with `solution` gives.
pub fn issue_importee(kind: ProcedureKind, solution: &str) -> &'static str {
    use ProcedureKind as K;
    match (kind, solution) {
        (K::Qpc, "renvoi") => "renvoi",
        // « Dit n'y avoir lieu à renvoyer » is published as a non-lieu or a rejet.
        (K::Qpc, "nonlieu" | "rejet") => "non_renvoi",
        (K::Avis, "avis") => "avis_rendu",
        (K::Avis, "nonlieu") => "non_lieu",
        (K::Radiation, "radiation") => "radiation",
        (K::Decheance, "decheance") => "decheance",
        (K::Desistement, "desistement") => "desistement",
        (K::NonAdmission, "non_admission") => "non_admission",
        (K::SuspicionLegitime, "renvoi" | "designation") => "renvoi",
        (K::Rabat, "rabat") => "rabat",
        (_, "rejet") if kind.issues().iter().any(|(c, _)| *c == "rejet") => "rejet",
        (_, "irrecevabilite") if kind.issues().iter().any(|(c, _)| *c == "irrecevabilite") => "irrecevabilite",
        _ => ISSUE_AUTRE.0,
    }
}

#[cfg(test)]
mod tests {
    use super::ProcedureKind as K;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn today() -> NaiveDate {
        d("2026-12-07")
    }

    fn qpc_on(pourvoi: &str) -> ProcedureForm {
        ProcedureForm {
            nature: "qpc".into(),
            pourvoi: pourvoi.into(),
            date_saisine: "2026-11-02".into(),
            objet: "L'article 706-88 CPP porte-t-il atteinte aux droits de la défense ?".into(),
            memoire_distinct: true,
            ..Default::default()
        }
    }

    #[test]
    fn every_kind_has_its_rule_texts_outcomes_and_pieces() {
        for k in K::ALL {
            for (m, sur) in [("civil", true), ("penal", true), ("civil", false), ("penal", false)] {
                if let Some(id) = k.rule(m, sur) {
                    assert!(crate::deadline::rule(id).is_some(), "{k:?} {m}: {id}");
                }
                assert!(!k.fondement(m, d("2026-01-01")).is_empty(), "{k:?} {m}");
                assert!(!k.fondement(m, d("2029-06-01")).is_empty(), "{k:?} {m}");
                assert!(!k.pieces(sur).is_empty(), "{k:?}");
            }
            assert!(k.issues().len() >= 2, "{k:?}");
            assert!(k.issues().contains(&ISSUE_AUTRE), "{k:?}");
            for (c, _) in k.issues() {
                let e = effets_fin(*k, c);
                if let Some(s) = e.ends_pourvoi {
                    assert!(super::super::SOLUTIONS.iter().any(|(x, _)| *x == s), "{s}");
                }
                for r in e.open.iter().chain(e.close) {
                    assert!(crate::deadline::rule(r).is_some(), "{r}");
                }
            }
        }
    }

    #[test]
    fn a_qpc_is_on_a_pourvoi_or_transmitted_and_needs_its_memoire_distinct() {
        let v = qpc_on("26-12.345").validate(today()).unwrap();
        assert_eq!(
            (v.kind, v.pourvoi.as_deref(), v.numero),
            (K::Qpc, Some("26-12.345"), None)
        );
        let mut f = qpc_on("26-12.345");
        f.memoire_distinct = false;
        assert!(
            matches!(f.validate(today()), Err(Refusal::Invalid { ref field, ref message })
                if field == "memoire_distinct" && message.contains("mémoire distinct et motivé"))
        );
        // Transmitted by a juridiction: its own number, matière and origin.
        let mut f = qpc_on("");
        f.numero = "26-40.012".into();
        assert!(matches!(f.validate(today()), Err(Refusal::Invalid { ref field, .. }) if field == "matiere"));
        f.matiere = "civil".into();
        assert!(matches!(f.validate(today()), Err(Refusal::Invalid { ref field, .. }) if field == "origine"));
        f.origine = "Cour d'appel de Lyon, arrêt du 20 octobre 2026".into();
        let v = f.validate(today()).unwrap();
        assert_eq!((v.numero.as_deref(), v.matiere), (Some("26-40.012"), Some("civil")));
        assert_eq!(K::Qpc.rule("civil", false), Some("qpc-23-4"));
        assert_eq!(K::Qpc.rule("penal", true), Some("qpc-23-5"));
    }

    #[test]
    fn forms_refuse_what_the_procedure_does_not_allow() {
        let field = |f: ProcedureForm| match f.validate(today()) {
            Err(Refusal::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let base = ProcedureForm {
            nature: "radiation".into(),
            pourvoi: "26-12.345".into(),
            date_saisine: "2026-11-02".into(),
            ..Default::default()
        };
        assert!(base.validate(today()).is_ok());
        assert_eq!(
            field(ProcedureForm {
                nature: "grâce".into(),
                ..base.clone()
            }),
            "nature"
        );
        assert_eq!(
            field(ProcedureForm {
                pourvoi: String::new(),
                ..base.clone()
            }),
            "pourvoi"
        );
        assert_eq!(
            field(ProcedureForm {
                pourvoi: "26-1234".into(),
                ..base.clone()
            }),
            "pourvoi"
        );
        assert_eq!(
            field(ProcedureForm {
                date_saisine: "2026-12-08".into(),
                ..base.clone()
            }),
            "date_saisine"
        );
        assert_eq!(
            field(ProcedureForm {
                date_saisine: "31/12/2026".into(),
                ..base.clone()
            }),
            "date_saisine"
        );
        assert_eq!(
            field(ProcedureForm {
                objet: "x".repeat(4001),
                ..base.clone()
            }),
            "objet"
        );
        // A demande d'avis is a saisine of its own, and a suspicion légitime is penal.
        let avis = ProcedureForm {
            nature: "avis".into(),
            pourvoi: "26-12.345".into(),
            date_saisine: "2026-11-02".into(),
            objet: "Question".into(),
            ..Default::default()
        };
        assert_eq!(field(avis.clone()), "pourvoi");
        let avis = ProcedureForm {
            pourvoi: String::new(),
            numero: "26-70.003".into(),
            matiere: "civil".into(),
            origine: "TJ de Lyon".into(),
            ..avis
        };
        assert!(avis.validate(today()).is_ok());
        assert_eq!(
            field(ProcedureForm {
                numero: "25-70.003".into(),
                ..avis.clone()
            }),
            "numero"
        );
        let suspicion = ProcedureForm {
            nature: "suspicion_legitime".into(),
            ..avis.clone()
        };
        assert_eq!(field(suspicion.clone()), "matiere");
        assert!(
            ProcedureForm {
                matiere: "penal".into(),
                ..suspicion
            }
            .validate(today())
            .is_ok()
        );
        assert_eq!(
            field(ProcedureForm {
                objet: String::new(),
                ..avis
            }),
            "objet"
        );
    }

    #[test]
    fn ends_are_checked_against_the_procedure() {
        let f = FinProcedureForm {
            issue: "renvoi".into(),
            date_fin: "2026-12-01".into(),
            acte: "arret".into(),
        };
        let v = f.validate(K::Qpc, d("2026-11-02"), today()).unwrap();
        assert_eq!((v.issue, v.acte), ("renvoi", "arret"));
        assert!(f.validate(K::Avis, d("2026-11-02"), today()).is_err());
        assert!(f.validate(K::Qpc, d("2026-12-02"), today()).is_err());
        let bad_acte = FinProcedureForm {
            acte: "jugement".into(),
            ..f.clone()
        };
        assert!(bad_acte.validate(K::Qpc, d("2026-11-02"), today()).is_err());
    }

    #[test]
    fn radiation_interrupts_then_peremption_or_the_delay_again() {
        assert_eq!(effets_saisine(K::Radiation).close, &["cpc-982"]);
        assert_eq!(effets_fin(K::Radiation, "radiation").open, &["cpc-1009-2"]);
        assert!(effets_fin(K::Radiation, "rejet").resume_interrupted);
        let r = effets_fin(K::Reinscription, "reinscription");
        assert_eq!((r.close, r.resume_interrupted), (&["cpc-1009-2"][..], true));
        assert_eq!(effets_fin(K::Reinscription, "rejet"), Effets::default());
        assert_eq!(
            effets_fin(K::Desistement, "desistement").ends_pourvoi,
            Some("desistement")
        );
        assert_eq!(effets_fin(K::NonAdmission, "admission").ends_pourvoi, None);
        assert!(effets_fin(K::Rabat, "rabat").reopens_pourvoi);
        assert_eq!(effets_saisine(K::Qpc), Effets::default());
    }

    #[test]
    fn texts_are_cited_in_the_wording_of_the_day_the_procedure_started() {
        let before = K::NonAdmission.fondement("penal", d("2028-12-31")).join(" ");
        let after = K::NonAdmission.fondement("penal", d("2029-01-01")).join(" ");
        assert!(
            before.contains("art. 567-1-1 CPP") && before.contains("ordonnance n° 2006-673"),
            "{before}"
        );
        assert!(
            after.contains("art. L. 7214-3 CPP") && after.contains("ordonnance n° 2025-1091"),
            "{after}"
        );
        let penal = K::Desistement.fondement("penal", d("2026-05-01")).join(" ");
        assert!(
            penal.contains("président de la chambre criminelle") && !penal.contains("L. 7215-4"),
            "{penal}"
        );
        assert!(K::Desistement.fondement("penal", d("2029-05-01"))[0].contains("L. 7215-4"));
        assert!(K::Desistement.fondement("civil", d("2026-05-01"))[0].contains("art. 1026 CPC"));
        let qpc = K::Qpc.fondement("civil", d("2026-05-01")).join(" ");
        for a in ["23-4", "23-5", "23-7", "loi organique n° 2009-1523"] {
            assert!(qpc.contains(a), "{qpc}");
        }
        assert!(K::Rabat.fondement("civil", d("2026-05-01"))[0].contains("prétorienne"));
    }

    #[test]
    fn only_a_rabat_follows_an_arret() {
        assert!(check_pourvoi_state(K::Rabat, true).is_ok());
        assert!(check_pourvoi_state(K::Rabat, false).is_err());
        assert!(check_pourvoi_state(K::Qpc, false).is_ok());
        assert!(check_pourvoi_state(K::Desistement, true).is_err());
    }

    #[test]
    fn imported_decisions_find_their_procedure_and_outcome() {
        assert_eq!(DecisionType::parse("QPC"), Some(DecisionType::Qpc));
        assert_eq!(DecisionType::parse("other"), Some(DecisionType::Autre));
        assert_eq!(DecisionType::parse("saisie"), None);
        assert_eq!(solution_code("Non-lieu à statuer"), "nonlieu");
        assert_eq!(solution_code("Déchéance"), "decheance");
        assert_eq!(kind_ended_by(DecisionType::Qpc, "nonlieu"), Some(K::Qpc));
        assert_eq!(kind_ended_by(DecisionType::Ordonnance, "decheance"), Some(K::Decheance));
        assert_eq!(kind_ended_by(DecisionType::Autre, "autre"), None);
        assert_eq!(issue_importee(K::Qpc, "renvoi"), "renvoi");
        assert_eq!(issue_importee(K::Qpc, "nonlieu"), "non_renvoi");
        assert_eq!(issue_importee(K::Qpc, "qpc"), "autre");
        assert_eq!(issue_importee(K::Radiation, "irrecevabilite"), "irrecevabilite");
        assert_eq!(issue_importee(K::Desistement, "rejet"), "autre");
        for k in K::ALL {
            for s in ["renvoi", "nonlieu", "rejet", "avis", "autre", "irrecevabilite", "rabat"] {
                let i = issue_importee(*k, s);
                assert!(k.issues().iter().any(|(c, _)| *c == i), "{k:?} {s} → {i}");
            }
        }
    }
}
