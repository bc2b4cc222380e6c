//! Avis and notifications as letters to one recipient, and the bordereau of what was sent.

use super::*;
use crate::dispatch::{BordereauView, EnvoiView};
use crate::pourvoi::{CHAMBRES, PieceView, PourvoiDetail, label_of};

fn pourvoi_fields(p: &PourvoiDetail) -> Block {
    Block::Fields(vec![
        ("Pourvoi n°".to_owned(), p.numero.clone()),
        ("Parties".to_owned(), format!("{} c/ {}", p.demandeur, p.defendeur)),
        (
            "Décision attaquée".to_owned(),
            format!("{}, {}", p.decision_juridiction, long_date(&p.decision_date)),
        ),
    ])
}

fn cour_of(p: &PourvoiDetail) -> Vec<String> {
    let mut out = vec!["COUR DE CASSATION".to_owned()];
    if let Some(c) = p.chambre.as_deref().filter(|c| !c.is_empty()) {
        out.push(label_of(&CHAMBRES, c));
    }
    out
}

/// The notice that a mémoire ampliatif was filed in pourvoi `p`.
pub fn notification_memoire(p: &PourvoiDetail, m: &PieceView, greffier: &str) -> Document {
    let by = if m.deposant.is_empty() {
        String::new()
    } else {
        format!(" par {}", m.deposant)
    };
    Document {
        name: format!("notification-memoire-{}", slug(&p.numero)),
        authority: cour_of(p),
        title: "Notification du mémoire ampliatif".into(),
        blocks: vec![
            pourvoi_fields(p),
            Block::Paragraph(format!(
                "Nous avons l'honneur de vous notifier que le mémoire ampliatif a été déposé au greffe le {}{by} dans ce pourvoi.",
                long_date(&m.date_piece)
            )),
            Block::Signatures(vec![format!("Le greffier, {greffier}")]),
        ],
    }
}

/// The notice of the arrêt rendered in pourvoi `p` (`None` before it is).
pub fn notification_arret(p: &PourvoiDetail, greffier: &str) -> Option<Document> {
    let a = p.arret.as_ref()?;
    let mut lines = vec![format!(
        "Nous avons l'honneur de vous notifier l'arrêt rendu le {} dans ce pourvoi, qui en prononce la solution suivante : {}.",
        long_date(&a.date_arret),
        a.solution.to_lowercase()
    )];
    if !a.ecli.is_empty() {
        lines.push(format!("Identifiant européen de la décision : {}.", a.ecli));
    }
    let mut blocks = vec![pourvoi_fields(p)];
    blocks.extend(lines.into_iter().map(Block::Paragraph));
    blocks.push(Block::Signatures(vec![format!("Le greffier, {greffier}")]));
    Some(Document {
        name: format!("notification-arret-{}", slug(&p.numero)),
        authority: cour_of(p),
        title: "Notification de l'arrêt".into(),
        blocks,
    })
}

/// `doc` as a letter to the recipient of envoi `e`: who it is for and in which capacity,
/// above the document's own text.
pub fn letter(e: &EnvoiView, doc: Document) -> Document {
    // How it leaves is the bordereau's to say (the greffe chooses when it sends).
    let mut blocks = vec![Block::Fields(vec![
        ("Destinataire".to_owned(), e.destinataire.clone()),
        ("Qualité".to_owned(), e.qualite.clone()),
    ])];
    blocks.extend(doc.blocks);
    Document {
        name: format!("{}-{}", doc.name, slug(&e.destinataire)),
        authority: doc.authority,
        title: doc.title,
        blocks,
    }
}

/// The bordereau: every document that left the greffe on one day by one mode, to whom.
pub fn bordereau(b: &BordereauView, juridiction: &str) -> Document {
    let rows = b
        .envois
        .iter()
        .enumerate()
        .map(|(n, e)| {
            vec![
                (n + 1).to_string(),
                format!("{} — {}", e.dossier, e.nature.label()),
                format!("{} ({})", e.destinataire, e.qualite.to_lowercase()),
            ]
        })
        .collect();
    Document {
        name: format!("bordereau-{}", b.numero),
        authority: vec![juridiction.to_uppercase(), "Greffe".into()],
        title: format!("Bordereau d'envoi n° {}", b.numero),
        blocks: vec![
            Block::Fields(vec![
                ("Date d'envoi".into(), long_date(&b.date_envoi)),
                ("Mode d'envoi".into(), b.mode.label().to_owned()),
                ("Nombre de plis".into(), b.envois.len().to_string()),
                ("Établi par".into(), b.etabli_par.clone()),
            ]),
            Block::Table(
                vec!["Pli".into(), "Dossier et document".into(), "Destinataire".into()],
                rows,
            ),
            // Each code on a line of its own: a table column would break it at its dashes.
            Block::Heading(2, "Codes de vérification des lettres envoyées".into()),
            Block::Fields(
                b.envois
                    .iter()
                    .enumerate()
                    .map(|(n, e)| (format!("Pli {}", n + 1), e.code_envoye.clone().unwrap_or_default()))
                    .collect(),
            ),
            Block::Signatures(vec!["Le greffier".into()]),
        ],
    }
}
