//! The tribunal's documents: note d'audience, rôle, mentions du jugement, extrait pour
//! exécution, convocation after a renvoi.

use super::*;
use crate::decision::{Decision, InteretsCivils, Prevention};
use crate::hearing::{AffaireDetail, AudienceDetail, PrevenuView, presence_label};

/// The wording of a decision on the prévention of one infraction.
fn prevention_text(p: &Prevention) -> String {
    match p {
        Prevention::Requalification {
            natinf_code,
            qualification,
        } => match natinf_code.as_deref().filter(|c| !c.is_empty()) {
            Some(code) => format!("requalifié en : {qualification} (NATINF {code}) ; coupable"),
            None => format!("requalifié en : {qualification} ; coupable"),
        },
        other => other.label().to_lowercase(),
    }
}

/// What the tribunal decided for one prévenu, as the lines of the jugement's dispositif.
fn dispositif(p: &PrevenuView, d: &Decision) -> Vec<Block> {
    let mut out = Vec::new();
    let rows: Vec<Vec<String>> = p
        .infractions
        .iter()
        .map(|i| {
            let decided = d
                .preventions
                .iter()
                .find(|(id, _)| *id == i.id)
                .map(|(_, x)| prevention_text(x))
                .unwrap_or_else(|| "non statué".into());
            vec![
                i.qualification.clone(),
                i.natinf_code.clone().unwrap_or_default(),
                decided,
            ]
        })
        .collect();
    out.push(Block::Table(
        vec!["Infraction".into(), "NATINF".into(), "Décision".into()],
        rows,
    ));
    let mut lines = Vec::new();
    if let Some(s) = d.sanction {
        lines.push(("Sanction".to_owned(), s.label().to_owned()));
    }
    for (n, peine) in d.peines.iter().enumerate() {
        lines.push((format!("Peine {}", n + 1), peine.label()));
    }
    if d.mandat_de_depot {
        lines.push(("Mandat de dépôt".into(), "décerné à l'audience".into()));
    }
    if d.execution_provisoire {
        lines.push(("Exécution provisoire".into(), "ordonnée".into()));
    }
    for ic in &d.interets_civils {
        lines.push(("Intérêts civils".into(), interets(ic)));
    }
    lines.push(("Nature du jugement".into(), d.nature.label().to_owned()));
    out.push(Block::Fields(lines));
    out
}

fn interets(ic: &InteretsCivils) -> String {
    let mut parts = Vec::new();
    if ic.dommages_interets > 0 {
        parts.push(format!("dommages-intérêts : {} €", ic.dommages_interets));
    }
    if ic.article_475_1 > 0 {
        parts.push(format!("art. 475-1 CPP : {} €", ic.article_475_1));
    }
    if parts.is_empty() {
        ic.partie_civile.clone()
    } else {
        format!("{} — {}", ic.partie_civile, parts.join(", "))
    }
}

/// The note d'audience (art. 453 CPP): composition, chrono, and for each affaire of the rôle
/// the persons, what the note records and what was decided; signed by the greffier and visé
/// by the président: `visa` when he vised these notes in Greffe, a blank to sign otherwise.
pub fn note_audience(
    juridiction: &str,
    a: &AudienceDetail,
    affaires: &[(AffaireDetail, String)],
    visa: Option<&crate::visa::Visa>,
) -> Document {
    let mut blocks = vec![Block::Paragraph(audience_line(a)), composition(a)];
    let mut chrono = Vec::new();
    if let Some(d) = &a.debut_reel {
        chrono.push(("Ouverture".to_owned(), d.clone()));
    }
    for (start, end) in &a.suspensions {
        chrono.push((
            "Suspension".into(),
            match end {
                Some(e) => format!("de {start} à {e}"),
                None => format!("depuis {start}"),
            },
        ));
    }
    if let Some(f) = &a.fin_reel {
        chrono.push(("Clôture".into(), f.clone()));
        chrono.push((
            "Temps d'audience".into(),
            crate::indicator::hours_minutes(a.minutes_siegees),
        ));
    }
    if !chrono.is_empty() {
        blocks.push(Block::Fields(chrono));
    }
    for (affaire, note) in affaires {
        blocks.push(Block::Heading(
            1,
            format!("Affaire n° {} — parquet n° {}", affaire.rang, affaire.numero_parquet),
        ));
        for p in &affaire.prevenus {
            let mut lines = vec![
                ("Prévenu".to_owned(), person(p)),
                ("Statut".to_owned(), statut_label(&p.statut)),
                ("Présence".to_owned(), presence_label(&p.presence).to_owned()),
            ];
            if !p.avocat.is_empty() {
                lines.push(("Avocat".into(), p.avocat.clone()));
            }
            if !p.interprete.is_empty() {
                lines.push(("Interprète".into(), p.interprete.clone()));
            }
            blocks.push(Block::Fields(lines));
        }
        if !affaire.parties_civiles.is_empty() {
            blocks.push(Block::Fields(
                affaire
                    .parties_civiles
                    .iter()
                    .map(|pc| {
                        let who = if pc.avocat.is_empty() {
                            pc.nom.clone()
                        } else {
                            format!("{}, assisté(e) de {}", pc.nom, pc.avocat)
                        };
                        ("Partie civile".to_owned(), who)
                    })
                    .collect(),
            ));
        }
        blocks.push(Block::Heading(2, "Déroulement".into()));
        if note.trim().is_empty() {
            blocks.push(Block::Paragraph("(Aucune note prise.)".into()));
        } else {
            blocks.extend(
                note.split('\n')
                    .map(str::trim_end)
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| Block::Paragraph(l.to_owned())),
            );
        }
        blocks.push(Block::Heading(2, "Décision".into()));
        blocks.extend(outcome(affaire));
    }
    blocks.push(Block::Signatures(vec![
        format!("Le greffier, {}", a.greffier),
        match visa {
            Some(v) => format!("Vu, le président, {}, le {}", v.president, v.le),
            None => format!("Vu, le président, {}", a.president),
        },
    ]));
    Document {
        name: format!("notes-audience-{}", a.date),
        authority: tribunal(juridiction, &a.chambre),
        title: "Notes d'audience".into(),
        blocks,
    }
}

/// What became of an affaire at its audience: each prévenu's decision, a renvoi, or nothing yet.
fn outcome(affaire: &AffaireDetail) -> Vec<Block> {
    if let Some(r) = &affaire.renvoi {
        let mut s = format!(
            "Renvoi à l'audience du {} ; motif : {}.",
            long_date(&r.renvoi.nouvelle_date.to_string()),
            r.renvoi.motif
        );
        if !r.renvoi.observations.trim().is_empty() {
            s.push_str(&format!(" Observations : {}", r.renvoi.observations.trim()));
        }
        return vec![Block::Paragraph(s)];
    }
    let mut out = Vec::new();
    for p in &affaire.prevenus {
        match &p.decision {
            Some(d) => {
                out.push(Block::Paragraph(format!("{} : {}", person(p), d.prevention_summary())));
                out.extend(dispositif(p, d));
            }
            None => out.push(Block::Paragraph(format!("{} : pas encore de décision.", person(p)))),
        }
    }
    out
}

/// The rôle of an audience: its affaires in calling order.
pub fn role(juridiction: &str, a: &AudienceDetail, affaires: &[AffaireDetail]) -> Document {
    let rows = affaires
        .iter()
        .map(|x| {
            vec![
                x.rang.to_string(),
                x.numero_parquet.clone(),
                x.prevenus
                    .iter()
                    .map(|p| format!("{} ({})", person(p), statut_label(&p.statut)))
                    .collect::<Vec<_>>()
                    .join(" ; "),
                x.prevenus
                    .iter()
                    .flat_map(|p| p.infractions.iter().map(|i| i.qualification.clone()))
                    .collect::<Vec<_>>()
                    .join(" ; "),
                x.etat.label().to_owned(),
            ]
        })
        .collect();
    Document {
        name: format!("role-{}", a.date),
        authority: tribunal(juridiction, &a.chambre),
        title: "Rôle de l'audience".into(),
        blocks: vec![
            Block::Paragraph(audience_line(a)),
            composition(a),
            Block::Table(
                vec![
                    "Rang".into(),
                    "N° parquet".into(),
                    "Prévenu(s)".into(),
                    "Infractions".into(),
                    "État".into(),
                ],
                rows,
            ),
            Block::Signatures(vec![format!("Le greffier, {}", a.greffier)]),
        ],
    }
}

/// The convocation of one prévenu to the audience an affaire was adjourned to, or `None`
/// when the affaire does not come from a renvoi.
pub fn convocation(
    juridiction: &str,
    a: &AudienceDetail,
    affaire: &AffaireDetail,
    prevenu_id: &str,
    motif: Option<&str>,
) -> Option<Document> {
    let (_, from) = affaire.origine.as_ref()?;
    let p = affaire.prevenus.iter().find(|p| p.id == prevenu_id)?;
    let faits: Vec<String> = p.infractions.iter().map(|i| i.qualification.clone()).collect();
    let mut why = format!("À l'audience du {}, l'affaire a été renvoyée", long_date(from));
    if let Some(m) = motif.filter(|m| !m.is_empty()) {
        why.push_str(&format!(" (motif : {m})"));
    }
    why.push('.');
    Some(Document {
        name: format!("convocation-{}-{}", slug(&affaire.numero_parquet), slug(&p.nom)),
        authority: tribunal(juridiction, &a.chambre),
        title: "Convocation à l'audience de renvoi".into(),
        blocks: vec![
            Block::Fields(vec![
                ("Destinataire".into(), person(p)),
                ("N° de parquet".into(), affaire.numero_parquet.clone()),
            ]),
            Block::Paragraph(why),
            Block::Paragraph(format!(
                "Vous êtes convoqué(e) à l'audience du tribunal correctionnel du {}, {}, le {} à {}, pour y être jugé(e) des faits suivants : {}.",
                lower_first(juridiction),
                a.chambre,
                long_date(&a.date),
                a.heure_debut,
                faits.join(" ; ")
            )),
            Block::Paragraph(
                "Vous pouvez vous faire assister d'un avocat de votre choix ou demander qu'il vous en soit désigné un d'office. Si vous ne comparaissez pas, vous pourrez être jugé(e) en votre absence."
                    .into(),
            ),
            Block::Signatures(vec![format!("Le greffier, {}", a.greffier)]),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{affaire, audience, condamnation, text};

    #[test]
    fn the_note_records_composition_chrono_persons_note_and_decision() {
        let d = note_audience(
            "Tribunal judiciaire de Lyon",
            &audience(),
            &[(
                affaire(Some(condamnation())),
                "Appel de la cause.\n\nLe prévenu reconnaît les faits.".into(),
            )],
            None,
        );
        let t = text(&d);
        for expected in [
            "TRIBUNAL JUDICIAIRE DE LYON",
            "Audience du 30 novembre 2026 à 13:30",
            "Assesseurs : M. Brun, Mme Colin",
            "Suspension : de 30/11/2026 14:40 à 30/11/2026 14:50",
            "Temps d'audience : 2 h 20",
            "Affaire n° 1 — parquet n° 26/012345",
            "Prévenu : MARTIN Paul, né(e) le 12 mars 1990",
            "Présence : Présent",
            "Partie civile : Mme Vidal",
            "Le prévenu reconnaît les faits.",
            "Circulation hors voies | 11886 | culpabilité",
            "Peine 1 : 6 mois d'emprisonnement avec sursis",
            "Peine 2 : 300 € d'amende",
            "Exécution provisoire : ordonnée",
            "Nature du jugement : Contradictoire",
            "Vu, le président, Mme Aubert",
        ] {
            assert!(t.contains(expected), "missing « {expected} » in:\n{t}");
        }
        assert_eq!(d.name, "notes-audience-2026-11-30");
        let visa = crate::visa::Visa {
            president: "Mme Aubert".into(),
            le: "01/12/2026 10:15:00".into(),
            notes: 1,
        };
        let d = note_audience("Tribunal judiciaire de Lyon", &audience(), &[], Some(&visa));
        assert!(text(&d).contains("Vu, le président, Mme Aubert, le 01/12/2026 10:15:00"));
    }

    #[test]
    fn a_jugement_needs_a_decision_and_an_extrait_a_condamnation() {
        let a = audience();
        assert!(jugement("TJ", &a, &affaire(None)).is_none());
        assert!(extrait("TJ", &a, &affaire(None), "p1").is_none());
        let judged = affaire(Some(condamnation()));
        let j = jugement("TJ", &a, &judged).unwrap();
        assert!(text(&j).contains("Jugement du 30 novembre 2026"));
        let e = extrait("Tribunal judiciaire de Lyon", &a, &judged, "p1").unwrap();
        assert!(text(&e).contains("Condamné(e) : MARTIN Paul"));
        assert!(
            text(&e).contains("Extrait des minutes du greffe du tribunal judiciaire de Lyon — tribunal correctionnel")
        );
        assert_eq!(e.name, "extrait-26-012345-martin");
        let mut relaxe = condamnation();
        relaxe.preventions = vec![("i1".into(), Prevention::Relaxe)];
        relaxe.sanction = None;
        relaxe.peines.clear();
        assert!(extrait("Lyon", &a, &affaire(Some(relaxe)), "p1").is_none());
        assert!(extrait("Lyon", &a, &judged, "inconnu").is_none());
    }

    #[test]
    fn a_convocation_follows_a_renvoi_only() {
        let a = audience();
        let mut f = affaire(None);
        assert!(convocation("Lyon", &a, &f, "p1", None).is_none());
        f.origine = Some(("f0".into(), "2026-10-05".into()));
        let c = convocation(
            "Tribunal judiciaire de Lyon",
            &a,
            &f,
            "p1",
            Some("absence enquête sociale rapide"),
        )
        .unwrap();
        let t = text(&c);
        assert!(t.contains(
            "À l'audience du 5 octobre 2026, l'affaire a été renvoyée (motif : absence enquête sociale rapide)."
        ));
        assert!(
            t.contains("le 30 novembre 2026 à 13:30, pour y être jugé(e) des faits suivants : Circulation hors voies.")
        );
    }
}
