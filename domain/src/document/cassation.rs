//! The Cour de cassation's documents: rôle of a séance, avis de fixation, certificat de
//! non-pourvoi.

use super::*;
use crate::pourvoi::PourvoiDetail;
use crate::pourvoi::{CHAMBRES, Certificat, FORMATIONS, SeanceView, label_of};

fn cour(chambre: &str) -> Vec<String> {
    let mut out = vec!["COUR DE CASSATION".to_owned()];
    if !chambre.is_empty() {
        out.push(label_of(&CHAMBRES, chambre));
    }
    out
}

/// The rôle of a séance of the Cour de cassation.
pub fn role_seance(s: &SeanceView) -> Document {
    let rows = s
        .role
        .iter()
        .map(|(l, rapporteur, avocat)| {
            vec![
                l.numero.clone(),
                format!("{} c/ {}", l.demandeur, l.defendeur),
                l.avocats.clone(),
                rapporteur.clone(),
                avocat.clone(),
            ]
        })
        .collect();
    Document {
        name: format!("role-seance-{}-{}", s.chambre, s.date),
        authority: cour(&s.chambre),
        title: "Rôle de la séance".into(),
        blocks: vec![
            Block::Paragraph(format!(
                "Séance du {} — {}",
                long_date(&s.date),
                label_of(&FORMATIONS, &s.formation).to_lowercase()
            )),
            Block::Table(
                vec![
                    "Pourvoi".into(),
                    "Parties".into(),
                    "Avocats aux Conseils".into(),
                    "Conseiller rapporteur".into(),
                    "Avocat général".into(),
                ],
                rows,
            ),
        ],
    }
}

/// The avis de fixation sent to the avocats aux Conseils once a dossier is scheduled:
/// `seance` is its (date, formation).
pub fn avis_fixation(p: &PourvoiDetail, seance: (&str, &str), greffier: &str) -> Document {
    let chambre = p.chambre.clone().unwrap_or_default();
    let mut lines = vec![
        ("Pourvoi n°".to_owned(), p.numero.clone()),
        ("Parties".to_owned(), format!("{} c/ {}", p.demandeur, p.defendeur)),
        (
            "Décision attaquée".to_owned(),
            format!("{}, {}", p.decision_juridiction, long_date(&p.decision_date)),
        ),
    ];
    if !p.avocats.is_empty() {
        lines.push(("Destinataires".into(), p.avocats.clone()));
    }
    if let Some(r) = &p.rapporteur {
        lines.push(("Conseiller rapporteur".into(), r.clone()));
    }
    if let Some(ag) = &p.avocat_general {
        lines.push(("Avocat général".into(), ag.clone()));
    }
    Document {
        name: format!("avis-fixation-{}", slug(&p.numero)),
        authority: cour(&chambre),
        title: "Avis de fixation".into(),
        blocks: vec![
            Block::Fields(lines),
            Block::Paragraph(format!(
                "Nous avons l'honneur de vous informer que ce pourvoi sera examiné à l'audience du {} de la {}, {}.",
                long_date(seance.0),
                label_of(&CHAMBRES, &chambre).to_lowercase(),
                label_of(&FORMATIONS, seance.1).to_lowercase()
            )),
            Block::Signatures(vec![format!("Le greffier, {greffier}")]),
        ],
    }
}

/// The certificat de non-pourvoi, or `None` when a pourvoi was registered.
pub fn certificat_non_pourvoi(c: &Certificat) -> Option<Document> {
    if !c.pourvois.is_empty() {
        return None;
    }
    let numero = if c.numero_decision.is_empty() {
        String::new()
    } else {
        format!(" (n° {})", c.numero_decision)
    };
    Some(Document {
        name: format!("certificat-non-pourvoi-{}", c.delivre_le),
        authority: vec![c.juridiction_delivrance.to_uppercase(), "Greffe".into()],
        title: "Certificat de non-pourvoi".into(),
        blocks: vec![
            Block::Paragraph(format!(
                "Le greffe certifie qu'à la date du {}, aucun pourvoi en cassation n'est enregistré contre la décision rendue le {} par la juridiction suivante : {}{numero}.",
                long_date(&c.delivre_le),
                long_date(&c.date_decision),
                c.juridiction
            )),
            Block::Signatures(vec![format!("Le greffier, {}", c.par)]),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::text;

    #[test]
    fn a_certificat_is_refused_when_a_pourvoi_exists() {
        let mut c = Certificat {
            juridiction: "Cour d'appel de Lyon".into(),
            date_decision: "2026-09-01".into(),
            numero_decision: "24/01234".into(),
            pourvois: vec![],
            delivre_le: "2026-12-01".into(),
            par: "Mme Greffière".into(),
            juridiction_delivrance: "Cour de cassation".into(),
        };
        let d = certificat_non_pourvoi(&c).unwrap();
        assert!(text(&d).contains(
            "décision rendue le 1er septembre 2026 par la juridiction suivante : Cour d'appel de Lyon (n° 24/01234)"
        ));
        c.pourvois.push("26-10.001".into());
        assert!(certificat_non_pourvoi(&c).is_none());
    }
}
