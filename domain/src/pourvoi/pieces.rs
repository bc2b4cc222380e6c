//! The inventory of pièces: what may be filed, by whom, what its content is, and what it
//! does to the deadlines.

use serde::{Deserialize, Serialize};

/// Largest pièce accepted (bytes).
pub const MAX_PIECE_BYTES: usize = 10 * 1024 * 1024;

/// The French sentence for a refused upload's code (see the upload handler).
pub fn upload_error(code: &str) -> &'static str {
    match code {
        "taille" => "Fichier trop volumineux : 10 Mo au plus.",
        "type" => {
            "Type de fichier refusé : seuls les documents PDF, ODT et DOCX sont acceptés (le contenu du fichier a été vérifié)."
        }
        "doublon" => "Ce fichier est déjà à l'inventaire du dossier : il n'a pas été ajouté une seconde fois.",
        "nature" => "Type de pièce : choisissez dans la liste.",
        "date" => "Date de la pièce : date invalide, future ou antérieure au pourvoi.",
        "deposant" => "Déposant : champ obligatoire (200 caractères au plus).",
        "fichier" => "Fichier : choisissez un fichier non vide.",
        "droits" => "Vous ne pouvez pas déposer ce type de pièce.",
        "affectation" => {
            "Ce dossier ne vous est pas distribué : seul le magistrat désigné dépose le rapport, le projet d'arrêt ou l'avis."
        }
        "formulaire" => "Formulaire d'envoi illisible : réessayez.",
        _ => "La pièce n'a pas pu être enregistrée : réessayez.",
    }
}

/// MIME type of a pièce found from its bytes: PDF, ODF text, or Office Open XML document.
/// Anything else (whatever its name says) is `None`.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    // ODF: the first entry is "mimetype", stored, holding the media type.
    const ODT: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";
    if bytes.get(30..30 + ODT.len()) == Some(ODT) {
        return Some("application/vnd.oasis.opendocument.text");
    }
    // OOXML: the archive names [Content_Types].xml and a word/ part.
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if has(b"[Content_Types].xml") && has(b"word/document.xml") {
        return Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }
    None
}

/// What adding a pièce of `nature` does to the deadlines of a pourvoi of `matiere`: the rules
/// it satisfies (closed), and the rules it starts from the pièce's date.
pub fn piece_effects(matiere: &str, nature: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match (matiere, nature) {
        ("civil", "memoire_ampliatif") => (&["cpc-978"], &["cpc-982"]),
        ("civil", "memoire_defense") => (&["cpc-982"], &[]),
        ("penal", "memoire_ampliatif") => (&["cpp-585-1", "cpp-567-2-memoire"], &[]),
        ("penal", "memoire_personnel") => (&["cpp-584"], &[]),
        ("penal", "avis_ag") => (&["cpp-585-2"], &[]),
        _ => (&[], &[]),
    }
}

/// The rules that the receipt of a penal dossier from the lower court closes and starts: for
/// a détenu, the Cour's three months and, unless it is already in, the demandeur's mémoire
/// within one month (art. 567-2 CPP).
pub fn reception_effects(detenu: bool, memoire_filed: bool) -> (&'static [&'static str], &'static [&'static str]) {
    let starts: &'static [&'static str] = match (detenu, memoire_filed) {
        (false, _) => &[],
        (true, true) => &["cpp-567-2"],
        (true, false) => &["cpp-567-2", "cpp-567-2-memoire"],
    };
    (&["cpp-586"], starts)
}

/// Roles that may add each nature of pièce: the greffe any, a conseiller his rapport and
/// projet d'arrêt, an avocat général his avis.
/// The function a pièce of `nature` belongs to, when it is the work of one magistrat of the
/// dossier: the rapport and the projet d'arrêt the conseiller rapporteur's, the avis the
/// avocat général's.
pub fn assigned_function(nature: &str) -> Option<&'static str> {
    match nature {
        "rapport" | "projet_arret" => Some("rapporteur"),
        "avis_ag" => Some("avocat_general"),
        _ => None,
    }
}

pub fn may_file(role: crate::role::Role, nature: &str) -> bool {
    use crate::role::Role;
    match role {
        Role::Greffier => true,
        Role::MagistratSiege => matches!(nature, "rapport" | "projet_arret"),
        Role::MagistratParquet => nature == "avis_ag",
        _ => false,
    }
}

/// One pièce of the inventory (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PieceView {
    pub id: String,
    pub nature: String,
    pub date_piece: String,
    pub deposant: String,
    pub nom_fichier: String,
    pub mime: String,
    pub taille: i64,
    pub sha256: String,
    pub par: String,
}

/// A pièce a distributed dossier still waits for before it can be audiencé.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PieceAttendue {
    pub pourvoi_id: String,
    pub numero: String,
    pub chambre: String,
    /// What is missing ("Rapport du conseiller rapporteur"…).
    pub piece: String,
    /// Who is to file it.
    pub auteur: String,
}

/// The pièces missing from a distributed dossier: the rapport and the avis, which make it
/// "instruit". `(nature, label)` of each, in that order.
pub fn missing_pieces(has_rapport: bool, has_avis: bool) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !has_rapport {
        out.push(("rapport", "Rapport du conseiller rapporteur"));
    }
    if !has_avis {
        out.push(("avis_ag", "Avis de l'avocat général"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_distributed_dossier_waits_for_the_rapport_and_the_avis() {
        assert_eq!(
            missing_pieces(false, false),
            [
                ("rapport", "Rapport du conseiller rapporteur"),
                ("avis_ag", "Avis de l'avocat général")
            ]
        );
        assert_eq!(missing_pieces(true, false), [("avis_ag", "Avis de l'avocat général")]);
        assert!(missing_pieces(true, true).is_empty());
    }

    #[test]
    fn content_decides_the_type_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt), Some("application/vnd.oasis.opendocument.text"));
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(sniff(&ods), None, "a spreadsheet is not a pièce");
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml....".to_vec();
        assert!(sniff(&docx).unwrap().contains("wordprocessingml"));
        assert_eq!(sniff(b"PK\x03\x04 just a zip"), None);
        assert_eq!(sniff(b"MZ\x90\x00 an executable named memoire.pdf"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn pieces_close_and_start_the_right_deadlines() {
        assert_eq!(
            piece_effects("civil", "memoire_ampliatif"),
            (&["cpc-978"][..], &["cpc-982"][..])
        );
        assert_eq!(piece_effects("civil", "memoire_defense").0, &["cpc-982"]);
        assert_eq!(
            piece_effects("penal", "memoire_ampliatif").0,
            &["cpp-585-1", "cpp-567-2-memoire"]
        );
        assert_eq!(piece_effects("civil", "rapport"), (&[][..], &[][..]));
        for m in ["civil", "penal"] {
            for (n, _) in crate::pourvoi::NATURES {
                let (c, s) = piece_effects(m, n);
                for id in c.iter().chain(s) {
                    assert!(crate::deadline::rule(id).is_some(), "{id}");
                }
            }
        }
        assert_eq!(reception_effects(true, false).1, &["cpp-567-2", "cpp-567-2-memoire"]);
        assert_eq!(reception_effects(true, true).1, &["cpp-567-2"]);
        assert!(reception_effects(false, false).1.is_empty());
    }

    #[test]
    fn who_files_what() {
        use crate::role::Role;
        assert!(may_file(Role::Greffier, "memoire_ampliatif"));
        assert!(may_file(Role::MagistratSiege, "rapport"));
        assert!(!may_file(Role::MagistratSiege, "memoire_defense"));
        assert!(may_file(Role::MagistratParquet, "avis_ag"));
        assert!(!may_file(Role::Dsgj, "autre"));
    }
}
