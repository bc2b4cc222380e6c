//! Document templates a juridiction adapts (header and address, signatures, layout,
//! wording around the data): what an admin sees of them and the checks on what he types.
//! The layout itself is Typst source, compiled by the `print` crate in a world that reads no
//! file and reaches no network.

use serde::{Deserialize, Serialize};

/// The template used by every kind of document that has none of its own.
pub const COMMON: &str = "commun";

/// Longest template accepted, in characters.
pub const MAX_SOURCE: usize = 100_000;

/// Longest comment on a version, in characters.
pub const MAX_COMMENT: usize = 300;

/// The kinds a tribunal's templates adapt.
const TRIBUNAL: [&str; 8] = [
    "role",
    "note-audience",
    "jugement",
    "extrait",
    "fiche-casier",
    "convocation",
    "notification",
    "bordereau",
];

/// The kinds the Cour de cassation's templates adapt.
const CASSATION: [&str; 5] = [
    "role-seance",
    "avis-fixation",
    "certificat-non-pourvoi",
    "notification",
    "bordereau",
];

/// The templates a juridiction may adapt, the common one first: (kind, label).
pub fn kinds(cassation: bool) -> Vec<(&'static str, &'static str)> {
    let own: &[&'static str] = if cassation { &CASSATION } else { &TRIBUNAL };
    std::iter::once((COMMON, "Tous les documents (modèle commun)"))
        .chain(own.iter().map(|k| (*k, super::kind_label(k))))
        .collect()
}

/// Whether `kind` names a template this juridiction may adapt.
pub fn adaptable(kind: &str, cassation: bool) -> bool {
    kinds(cassation).iter().any(|(k, _)| *k == kind)
}

/// The template used for `kind`, given those in force (kind → source): its own, else the
/// common one, else `None` (Greffe's default).
pub fn resolve<'a>(in_force: &'a std::collections::HashMap<String, String>, kind: &str) -> Option<&'a str> {
    in_force.get(kind).or_else(|| in_force.get(COMMON)).map(String::as_str)
}

/// A template as typed, checked: (source, comment), or the field at fault and why.
pub fn check(source: &str, comment: &str) -> Result<(String, String), (&'static str, String)> {
    if source.trim().is_empty() {
        return Err(("source", "Le modèle est vide.".into()));
    }
    if source.chars().count() > MAX_SOURCE {
        return Err(("source", format!("Le modèle dépasse {MAX_SOURCE} caractères.")));
    }
    if source.contains('\0') {
        return Err(("source", "Le modèle contient un caractère nul.".into()));
    }
    let comment = comment.trim();
    if comment.is_empty() {
        return Err((
            "commentaire",
            "Dites en quelques mots ce que change cette version (adresse, signataire…).".into(),
        ));
    }
    if comment.chars().count() > MAX_COMMENT {
        return Err((
            "commentaire",
            format!("Le commentaire dépasse {MAX_COMMENT} caractères."),
        ));
    }
    Ok((source.replace("\r\n", "\n"), comment.to_owned()))
}

/// A document of every sort of block, to try a template on when no record makes the kind.
pub fn example(juridiction: &str, label: &str) -> super::Document {
    use super::{Block, Document};
    Document {
        name: "apercu".into(),
        authority: vec![juridiction.to_uppercase(), "Greffe".into()],
        title: label.to_owned(),
        blocks: vec![
            Block::Heading(1, "Parties".into()),
            Block::Fields(vec![
                ("Nom".into(), "WÓJCIK-ŞAHİN Łukasz Nguyễn".into()),
                ("Né le".into(), "1er janvier 1990".into()),
            ]),
            Block::Paragraph("Texte d'exemple : aucun dossier de la juridiction ne produit encore ce document.".into()),
            Block::Table(
                vec!["Colonne".into(), "Valeur".into()],
                vec![vec!["Exemple".into(), "1".into()]],
            ),
            Block::Signatures(vec!["Le greffier".into()]),
        ],
    }
}

/// Words of names that are not names.
const CIVILITIES: [&str; 10] = ["m", "mme", "mlle", "me", "scp", "selarl", "selas", "et", "de", "avocat"];

/// `s` with each word of `words` (lower case) replaced by asterisks.
fn hide(s: &str, words: &std::collections::HashSet<String>) -> String {
    fn flush(word: &mut String, out: &mut String, words: &std::collections::HashSet<String>) {
        if !word.is_empty() {
            if words.contains(&word.to_lowercase()) {
                out.push_str("*****");
            } else {
                out.push_str(word);
            }
            word.clear();
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, words);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, words);
    out
}

/// `doc` with every word of `names` masked wherever it appears (a real record laid out for
/// an admin trying a template, its people unnamed); `free_text`: its paragraphs (notes typed
/// at the hearing) masked whole.
pub fn mask(doc: &mut super::Document, names: &[String], free_text: bool) {
    use super::Block;
    let words: std::collections::HashSet<String> = names
        .iter()
        .flat_map(|n| n.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 2 && !CIVILITIES.contains(&w.as_str()))
        .collect();
    let h = |s: &mut String| *s = hide(s, &words);
    doc.name = "apercu".into();
    for b in &mut doc.blocks {
        match b {
            Block::Heading(_, t) => h(t),
            Block::Paragraph(t) if free_text => *t = "[texte masqué dans l'aperçu]".into(),
            Block::Paragraph(t) => h(t),
            Block::Fields(rows) => rows.iter_mut().for_each(|(a, v)| {
                h(a);
                h(v);
            }),
            Block::Table(head, rows) => {
                head.iter_mut().for_each(h);
                rows.iter_mut().flatten().for_each(h);
            }
            Block::Signatures(who) => who.iter_mut().for_each(h),
        }
    }
}

/// One saved version of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TemplateVersion {
    pub id: String,
    pub version: i32,
    pub commentaire: String,
    pub cree_par: String,
    /// When (Europe/Paris, as printed).
    pub cree_le: String,
    pub en_vigueur: bool,
    pub source: String,
}

/// A kind's template: which version is in force, every version saved, Greffe's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TemplateView {
    pub nature: String,
    pub libelle: String,
    /// The id of the version in force; None: Greffe's default.
    pub en_vigueur: Option<String>,
    /// Who put it in force, and when (empty for the default never changed).
    pub depuis: String,
    /// Newest first.
    pub versions: Vec<TemplateVersion>,
    pub defaut: String,
}

/// A line of the templates' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TemplateLine {
    pub nature: String,
    pub libelle: String,
    /// « Version 3 » or « Modèle de Greffe ».
    pub en_vigueur: String,
    pub versions: i64,
}

/// A template tried on real data: the PDF (base64) and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Preview {
    pub pdf_base64: String,
    pub octets: i64,
    /// The record the preview was made from (« Jugement de l'affaire 24123000001… »).
    pub exemple: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn each_court_adapts_its_own_documents_and_the_common_template() {
        assert!(adaptable("jugement", false));
        assert!(!adaptable("jugement", true));
        assert!(adaptable("avis-fixation", true));
        assert!(adaptable(COMMON, true) && adaptable(COMMON, false));
        assert!(!adaptable("lot-audience", false));
        assert!(!adaptable("../etc", false));
        assert_eq!(kinds(false)[0].0, COMMON);
    }

    #[test]
    fn a_kind_uses_its_own_template_then_the_common_one_then_greffes() {
        let mut m = HashMap::new();
        assert_eq!(resolve(&m, "jugement"), None);
        m.insert(COMMON.to_owned(), "c".to_owned());
        assert_eq!(resolve(&m, "jugement"), Some("c"));
        m.insert("jugement".to_owned(), "j".to_owned());
        assert_eq!(resolve(&m, "jugement"), Some("j"));
        assert_eq!(resolve(&m, "role"), Some("c"));
    }

    #[test]
    fn a_preview_names_nobody() {
        use crate::document::{Block, Document};
        let mut d = Document {
            name: "jugement-wojcik".into(),
            authority: vec!["TRIBUNAL".into()],
            title: "Jugement".into(),
            blocks: vec![
                Block::Heading(2, "WÓJCIK-ŞAHİN Łukasz".into()),
                Block::Paragraph("Déclare M. WÓJCIK-ŞAHİN Łukasz coupable ; Me Li Durand plaide.".into()),
                Block::Fields(vec![("Président".into(), "Mme Berthe Martin".into())]),
                Block::Table(vec!["Nom".into()], vec![vec!["ŞAHİN".into()]]),
                Block::Signatures(vec!["Le greffier, Paul Libre".into()]),
            ],
        };
        let names = [
            "WÓJCIK-ŞAHİN".to_owned(),
            "Łukasz".to_owned(),
            "Me Li Durand".to_owned(),
            "Mme Berthe Martin".into(),
            "Paul Libre".into(),
        ];
        mask(&mut d, &names, false);
        let text = format!("{:?}", d.blocks);
        for n in [
            "WÓJCIK", "ŞAHİN", "Łukasz", "Durand", "Berthe", "Martin", "Paul", "Libre", " Li ",
        ] {
            assert!(!text.contains(n), "{n} in {text}");
        }
        assert!(
            text.contains("Déclare M. *****-***** ***** coupable ; Me ***** ***** plaide."),
            "{text}"
        );
        assert_eq!(d.name, "apercu");
        mask(&mut d, &[], true);
        assert!(matches!(&d.blocks[1], Block::Paragraph(t) if t.contains("masqué")));
    }

    #[test]
    fn what_is_typed_is_checked() {
        assert_eq!(check("  ", "x").unwrap_err().0, "source");
        assert_eq!(check("#let render(d) = []", " ").unwrap_err().0, "commentaire");
        assert_eq!(check(&"a".repeat(MAX_SOURCE + 1), "x").unwrap_err().0, "source");
        assert_eq!(check("a\0", "x").unwrap_err().0, "source");
        assert_eq!(check("a", &"é".repeat(MAX_COMMENT + 1)).unwrap_err().0, "commentaire");
        assert_eq!(
            check("a\r\nb", " Adresse du greffe ").unwrap(),
            ("a\nb".to_owned(), "Adresse du greffe".to_owned())
        );
    }
}
