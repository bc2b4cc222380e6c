//! Documents generated from the data (never typed twice): the model every format renders
//! (title, headings, paragraphs, label–value lines, tables, signatures) and the builders of
//! each document a greffe issues — the tribunal's (`hearing`: note d'audience, rôle, mentions
//! du jugement, extrait pour exécution, convocation after a renvoi) and the Cour de
//! cassation's (`cassation`: rôle of a séance, avis de fixation, certificat de non-pourvoi).

mod cassation;
mod dispatch;
mod hearing;
mod jugement;
pub mod template;

pub use cassation::*;
pub use dispatch::*;
pub use hearing::*;
pub use jugement::*;

use crate::hearing::{AudienceDetail, PrevenuView, formation_label};
use serde::{Deserialize, Serialize};

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Block {
    /// A heading of level 1 (part) or 2 (sub-part).
    Heading(u8, String),
    Paragraph(String),
    /// Label–value lines ("Président : Mme X").
    Fields(Vec<(String, String)>),
    /// A table: header cells, then rows of as many cells.
    Table(Vec<String>, Vec<Vec<String>>),
    /// Who signs, each on his own line, at the foot of the text.
    Signatures(Vec<String>),
}

/// A document: the issuing authority (one line each), its title, and its blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Document {
    /// File name without extension (`note-audience-2026-11-30`).
    pub name: String,
    pub authority: Vec<String>,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The kind that delivers every document of an audience at once, as a ZIP.
pub const BATCH: &str = "lot-audience";

/// The kinds of document, with their path segment and label.
pub const KINDS: [(&str, &str); 12] = [
    ("note-audience", "Notes d'audience"),
    ("role", "Rôle de l'audience"),
    ("jugement", "Jugement"),
    ("extrait", "Extrait pour exécution"),
    ("fiche-casier", "Fiche pour le casier judiciaire"),
    ("convocation", "Convocation à l'audience de renvoi"),
    ("role-seance", "Rôle de la séance"),
    ("avis-fixation", "Avis de fixation"),
    ("certificat-non-pourvoi", "Certificat de non-pourvoi"),
    ("notification", "Avis ou notification à un destinataire"),
    ("bordereau", "Bordereau d'envoi"),
    (BATCH, "Tous les documents de l'audience"),
];

/// The label of a document kind (the kind itself when unknown).
pub fn kind_label(kind: &str) -> &str {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l).unwrap_or(kind)
}

/// One document of an audience's batch: the URL of its PDF, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BatchEntry {
    pub url: String,
    pub label: String,
}

/// What Greffe knows of a document by its verification code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verification {
    pub code: String,
    /// Whether Greffe issued a document with this code.
    pub trouve: bool,
    /// Its kind, as labelled.
    pub document: String,
    pub juridiction: String,
    /// When (Europe/Paris) and by whom.
    pub emis_le: String,
    pub emis_par: String,
    pub format: String,
    pub taille: i64,
    /// Given the SHA-256 of a copy: whether it is the file delivered.
    pub correspond: Option<bool>,
}

/// Whether `s` is a verification code as printed (`GRF-XXXX-XXXX-XXXX-XXXX`, any case).
pub fn valid_code(s: &str) -> bool {
    let s = s.trim();
    s.len() == 23
        && s.is_char_boundary(4)
        && s[..4].eq_ignore_ascii_case("GRF-")
        && s[4..]
            .split('-')
            .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric()))
        && s[4..].split('-').count() == 4
}

/// Whether `s` is a SHA-256 in hex.
pub fn valid_sha256(s: &str) -> bool {
    let s = s.trim();
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2026-11-30` as "30 novembre 2026" ("1er" for the first); anything else as it is.
pub fn long_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or(iso).split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return iso.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => {
            let day = if d == 1 { "1er".to_owned() } else { d.to_string() };
            format!("{day} {} {y}", MONTHS[m - 1])
        }
        _ => iso.to_owned(),
    }
}

fn person(p: &PrevenuView) -> String {
    let mut s = format!("{} {}", p.nom.to_uppercase(), p.prenom).trim().to_owned();
    if let Some(d) = &p.date_naissance {
        s.push_str(&format!(", né(e) le {}", long_date(d)));
    }
    s
}

fn statut_label(code: &str) -> String {
    crate::import::STATUTS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, l)| (*l).to_owned())
}

fn composition(a: &AudienceDetail) -> Block {
    let mut lines = vec![
        ("Formation".to_owned(), formation_label(&a.formation).to_owned()),
        ("Président".to_owned(), a.president.clone()),
    ];
    if let Some(x) = a.assesseurs.as_ref().filter(|x| !x.trim().is_empty()) {
        lines.push(("Assesseurs".into(), x.clone()));
    }
    lines.push(("Ministère public".into(), a.ministere_public.clone()));
    lines.push(("Greffier".into(), a.greffier.clone()));
    Block::Fields(lines)
}

fn tribunal(juridiction: &str, chambre: &str) -> Vec<String> {
    vec![
        juridiction.to_uppercase(),
        "Tribunal correctionnel".into(),
        chambre.to_owned(),
    ]
}

fn audience_line(a: &AudienceDetail) -> String {
    format!("Audience du {} à {}", long_date(&a.date), a.heure_debut)
}

/// `s` with its first letter in lower case ("Tribunal judiciaire de Lyon" inside a sentence).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` reduced to ASCII letters, digits and dashes, for a file name.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        let ch = match ch {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        };
        if ch != '-' || !out.ends_with('-') {
            out.push(ch);
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::{Decision, Prevention, Sanction};
    use crate::hearing::AffaireDetail;

    use crate::decision::{NatureJugement, Peine};

    use crate::hearing::{Checklist, EtatAffaire, InfractionView, PartieCivileView, Progress};

    pub(crate) fn audience() -> AudienceDetail {
        AudienceDetail {
            id: "a1".into(),
            date: "2026-11-30".into(),
            heure_debut: "13:30".into(),
            chambre: "10e chambre correctionnelle".into(),
            formation: "collegiale".into(),
            president: "Mme Aubert".into(),
            assesseurs: Some("M. Brun, Mme Colin".into()),
            ministere_public: "M. Dupuis".into(),
            greffier: "Mme Esnault".into(),
            prevues: 2,
            maximum: 10,
            duree_estimee_min: 60,
            debut_reel: Some("30/11/2026 13:35".into()),
            fin_reel: Some("30/11/2026 16:05".into()),
            suspensions: vec![("30/11/2026 14:40".into(), Some("30/11/2026 14:50".into()))],
            suspendue: false,
            minutes_siegees: 140,
            version: 3,
            progress: Progress::default(),
            pretes: 0,
            affaires: vec![],
        }
    }

    pub(crate) fn affaire(decision: Option<Decision>) -> AffaireDetail {
        AffaireDetail {
            id: "f1".into(),
            audience_id: "a1".into(),
            audience_date: "2026-11-30".into(),
            numero_parquet: "26/012345".into(),
            rang: 1,
            etat: if decision.is_some() {
                EtatAffaire::Jugee
            } else {
                EtatAffaire::AJuger
            },
            version: 4,
            checklist: Checklist::default(),
            scelles: String::new(),
            prevenus: vec![PrevenuView {
                id: "p1".into(),
                nom: "Martin".into(),
                prenom: "Paul".into(),
                date_naissance: Some("1990-03-12".into()),
                statut: "libre".into(),
                mode_poursuite: "COPJ".into(),
                mode_comparution: "CMP".into(),
                interprete: String::new(),
                avocat: "Me Roux".into(),
                presence: "present".into(),
                infractions: vec![InfractionView {
                    id: "i1".into(),
                    natinf_code: Some("11886".into()),
                    qualification: "Circulation hors voies".into(),
                    historique: vec![],
                }],
                decision,
            }],
            parties_civiles: vec![PartieCivileView {
                id: "pc".into(),
                nom: "Mme Vidal".into(),
                avocat: String::new(),
            }],
            renvoi: None,
            origine: None,
        }
    }

    pub(crate) fn condamnation() -> Decision {
        Decision {
            preventions: vec![("i1".into(), Prevention::Culpabilite)],
            sanction: Some(Sanction::Condamnation),
            peines: vec![Peine::EmprisonnementSursis { mois: 6 }, Peine::Amende { euros: 300 }],
            mandat_de_depot: false,
            execution_provisoire: true,
            interets_civils: vec![],
            nature: NatureJugement::C,
        }
    }

    pub(crate) fn text(d: &Document) -> String {
        let mut out = d.authority.join("\n") + "\n" + &d.title + "\n";
        for b in &d.blocks {
            match b {
                Block::Heading(_, s) | Block::Paragraph(s) => out.push_str(s),
                Block::Fields(l) => l.iter().for_each(|(k, v)| out.push_str(&format!("{k} : {v}\n"))),
                Block::Table(h, rows) => {
                    out.push_str(&h.join(" | "));
                    rows.iter().for_each(|r| out.push_str(&format!("\n{}", r.join(" | "))));
                }
                Block::Signatures(s) => out.push_str(&s.join("\n")),
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn dates_are_written_out_in_french() {
        assert_eq!(long_date("2026-11-30"), "30 novembre 2026");
        assert_eq!(long_date("2027-01-01"), "1er janvier 2027");
        assert_eq!(long_date("2026-08-15T10:00:00"), "15 août 2026");
        assert_eq!(long_date("n'importe"), "n'importe");
        assert_eq!(slug("26/012345 Émile"), "26-012345-emile");
    }
}
