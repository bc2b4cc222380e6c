//! The jugement correctionnel as a greffier signs it: the tribunal and its composition, the
//! parties, then « Par ces motifs » — how the tribunal rules and at whose regard, on each
//! prévention (déclare coupable, relaxe, requalifie…), the peines and mesures, the warnings
//! the law has the président give, exécution provisoire, and the action civile — and the
//! extrait pour exécution that carries the same dispositif.

use super::*;
use crate::decision::{Decision, InteretsCivils, NatureJugement, Peine, Prevention, Sanction};
use crate::hearing::{AffaireDetail, AudienceDetail, InfractionView, PrevenuView};

/// « contradictoirement », « par défaut »… : how the tribunal rules at a prévenu's regard
/// (arts. 410 to 412 CPP).
fn manner(n: NatureJugement) -> &'static str {
    match n {
        NatureJugement::C => "contradictoirement",
        NatureJugement::Cas => "par jugement contradictoire à signifier",
        NatureJugement::D => "par défaut",
        NatureJugement::Id => "par itératif défaut",
    }
}

fn name(p: &PrevenuView) -> String {
    format!("{} {}", p.nom.to_uppercase(), p.prenom).trim().to_owned()
}

fn qualification(i: &InfractionView) -> String {
    match i.natinf_code.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => format!("{} (NATINF {code})", i.qualification),
        None => i.qualification.clone(),
    }
}

/// The tribunal's ruling on one prévention.
fn on_prevention(who: &str, i: &InfractionView, p: &Prevention) -> String {
    let faits = qualification(i);
    match p {
        Prevention::Culpabilite => format!("Déclare {who} coupable des faits qualifiés de {faits} ;"),
        Prevention::Requalification {
            natinf_code,
            qualification,
        } => {
            let new = match natinf_code.as_deref().filter(|c| !c.is_empty()) {
                Some(code) => format!("{qualification} (NATINF {code})"),
                None => qualification.clone(),
            };
            format!(
                "Requalifie les faits poursuivis sous la qualification de {faits} en {new}, et déclare {who} coupable de ces faits ;"
            )
        }
        Prevention::Relaxe => format!("Relaxe {who} des fins de la poursuite du chef de {faits} ;"),
        Prevention::IrresponsabilitePenale => {
            format!("Déclare {who} pénalement irresponsable des faits qualifiés de {faits} ;")
        }
        Prevention::IrresponsabiliteTroubleMental => format!(
            "Déclare {who} pénalement irresponsable des faits qualifiés de {faits}, en raison d'un trouble psychique ou neuropsychique ayant aboli son discernement au moment des faits (art. 122-1 du code pénal) ;"
        ),
        Prevention::NonLieuAStatuer => format!("Dit n'y avoir lieu à statuer sur les faits qualifiés de {faits} ;"),
    }
}

/// What the law has the président say to the condamné present at the pronouncement, by the
/// peines pronounced.
fn warnings(peines: &[Peine]) -> Vec<String> {
    let mut out = Vec::new();
    if peines.iter().any(|p| matches!(p, Peine::EmprisonnementSursis { .. })) {
        out.push("Le président a averti le condamné, conformément à l'article 132-29 du code pénal, qu'en cas de nouvelle condamnation pour une infraction commise dans le délai de cinq ans, le sursis pourra être révoqué en tout ou partie par décision spéciale de la juridiction (art. 132-36 du code pénal), et qu'il encourrait les peines de la récidive.".into());
    }
    if peines.iter().any(|p| matches!(p, Peine::SursisProbatoire { .. })) {
        out.push("Le président a notifié au condamné les obligations du sursis probatoire et l'a averti, conformément à l'article 132-40 du code pénal, des conséquences d'une nouvelle infraction commise au cours du délai de probation ou d'un manquement à ses obligations.".into());
    }
    if peines
        .iter()
        .any(|p| matches!(p, Peine::Amende { .. } | Peine::JoursAmende { .. }))
    {
        out.push("Le président a informé le condamné que, s'il s'acquitte de l'amende dans le délai d'un mois à compter de la date à laquelle le jugement a été prononcé, son montant est diminué de 20 % dans la limite de 1 500 €, sans que ce paiement fasse obstacle à l'exercice des voies de recours (art. 707-2 et 707-3 du code de procédure pénale).".into());
    }
    out
}

fn civil(who: &str, ic: &InteretsCivils) -> String {
    let mut s = format!("Reçoit {} en sa constitution de partie civile", ic.partie_civile);
    let mut sums = Vec::new();
    if ic.dommages_interets > 0 {
        sums.push(format!(
            "la somme de {} € à titre de dommages et intérêts",
            ic.dommages_interets
        ));
    }
    if ic.article_475_1 > 0 {
        sums.push(format!(
            "la somme de {} € au titre de l'article 475-1 du code de procédure pénale",
            ic.article_475_1
        ));
    }
    if !sums.is_empty() {
        s.push_str(&format!(" ; condamne {who} à lui payer {}", sums.join(", et ")));
    }
    s.push_str(" ;");
    s
}

/// « Par ces motifs » for one prévenu: how the tribunal rules, on each prévention, the
/// peines, mesures and warnings, and the action civile.
pub fn par_ces_motifs(p: &PrevenuView, d: &Decision) -> Vec<Block> {
    let who = name(p);
    let mut out = vec![Block::Paragraph(format!(
        "Le tribunal, statuant publiquement, en premier ressort et {} à l'égard de {who} :",
        manner(d.nature)
    ))];
    out.push(Block::Heading(2, "Sur l'action publique".into()));
    for i in &p.infractions {
        let line = match d.preventions.iter().find(|(id, _)| *id == i.id) {
            Some((_, x)) => on_prevention(&who, i, x),
            None => format!(
                "Ne statue pas, à cette audience, sur les faits qualifiés de {} ;",
                qualification(i)
            ),
        };
        out.push(Block::Paragraph(line));
    }
    match d.sanction {
        Some(Sanction::Condamnation) if !d.peines.is_empty() => {
            out.push(Block::Paragraph(format!("Condamne {who} :")));
            let n = d.peines.len();
            for (k, peine) in d.peines.iter().enumerate() {
                let end = if k + 1 == n { " ;" } else { "," };
                out.push(Block::Paragraph(format!("— à {}{end}", peine.label())));
            }
        }
        Some(Sanction::Condamnation) => out.push(Block::Paragraph(format!("Condamne {who} ;"))),
        Some(Sanction::DispenseDePeine) => out.push(Block::Paragraph(format!(
            "Dispense {who} de peine (art. 132-59 du code pénal) ;"
        ))),
        Some(Sanction::ExemptionDePeine) => out.push(Block::Paragraph(format!("Exempte {who} de peine ;"))),
        Some(Sanction::Amnistie) => out.push(Block::Paragraph("Constate que les faits sont amnistiés ;".into())),
        Some(s) => out.push(Block::Paragraph(format!(
            "Ajourne le prononcé de la peine à l'égard de {who} ({}) ;",
            s.label().to_lowercase()
        ))),
        None => {}
    }
    if d.mandat_de_depot {
        out.push(Block::Paragraph(format!(
            "Décerne mandat de dépôt à l'encontre de {who} ;"
        )));
    }
    if d.execution_provisoire {
        out.push(Block::Paragraph(
            "Ordonne l'exécution provisoire de la présente décision (art. 471 du code de procédure pénale) ;".into(),
        ));
    }
    // The warnings are given to a condamné present when the jugement is pronounced.
    if d.nature == NatureJugement::C && p.presence == "present" {
        for w in warnings(&d.peines) {
            out.push(Block::Paragraph(w));
        }
    }
    if !d.interets_civils.is_empty() {
        out.push(Block::Heading(2, "Sur l'action civile".into()));
        for ic in &d.interets_civils {
            out.push(Block::Paragraph(civil(&who, ic)));
        }
    }
    out
}

fn parties(a: &AudienceDetail, affaire: &AffaireDetail) -> Vec<Block> {
    let _ = a;
    let mut out = vec![Block::Heading(1, "Parties".into())];
    for p in &affaire.prevenus {
        let mut lines = vec![("Prévenu".to_owned(), super::person(p))];
        lines.push(("Situation".into(), super::statut_label(&p.statut)));
        if !p.presence.is_empty() {
            lines.push((
                "À l'audience".into(),
                crate::hearing::presence_label(&p.presence).to_owned(),
            ));
        }
        if !p.avocat.is_empty() {
            lines.push(("Assisté de".into(), p.avocat.clone()));
        }
        if !p.interprete.is_empty() {
            lines.push(("Interprète".into(), p.interprete.clone()));
        }
        let faits: Vec<String> = p.infractions.iter().map(qualification).collect();
        if !faits.is_empty() {
            lines.push(("Poursuivi pour".into(), faits.join(" ; ")));
        }
        out.push(Block::Fields(lines));
    }
    for pc in &affaire.parties_civiles {
        let mut lines = vec![("Partie civile".to_owned(), pc.nom.clone())];
        if !pc.avocat.is_empty() {
            lines.push(("Représentée par".into(), pc.avocat.clone()));
        }
        out.push(Block::Fields(lines));
    }
    out
}

/// The jugement of an affaire, or `None` while no prévenu has a decision.
pub fn jugement(juridiction: &str, a: &AudienceDetail, affaire: &AffaireDetail) -> Option<Document> {
    if affaire.prevenus.iter().all(|p| p.decision.is_none()) {
        return None;
    }
    let mut blocks = vec![
        Block::Paragraph(format!(
            "Jugement du {}, {}, {} — n° de parquet {}.",
            long_date(&a.date),
            juridiction,
            a.chambre,
            affaire.numero_parquet
        )),
        Block::Heading(1, "Composition du tribunal lors des débats et du délibéré".into()),
        composition(a),
    ];
    blocks.extend(parties(a, affaire));
    blocks.push(Block::Heading(1, "Par ces motifs".into()));
    for p in &affaire.prevenus {
        match &p.decision {
            Some(d) => blocks.extend(par_ces_motifs(p, d)),
            None => blocks.push(Block::Paragraph(format!(
                "À l'égard de {} : l'affaire n'est pas jugée à cette audience.",
                name(p)
            ))),
        }
    }
    blocks.push(Block::Paragraph(format!(
        "Ainsi jugé et prononcé publiquement le {} par {}, président, assisté de {}, greffier.",
        long_date(&a.date),
        a.president,
        a.greffier
    )));
    blocks.push(Block::Signatures(vec![
        format!("Le greffier, {}", a.greffier),
        format!("Le président, {}", a.president),
    ]));
    Some(Document {
        name: format!("jugement-{}", slug(&affaire.numero_parquet)),
        authority: tribunal(juridiction, &a.chambre),
        title: "Jugement correctionnel".into(),
        blocks,
    })
}

/// The extrait of the jugement for the exécution of one prévenu's peines, or `None` when
/// he has no condamnation.
pub fn extrait(juridiction: &str, a: &AudienceDetail, affaire: &AffaireDetail, prevenu_id: &str) -> Option<Document> {
    let p = affaire.prevenus.iter().find(|p| p.id == prevenu_id)?;
    let d = p.decision.as_ref()?;
    if d.sanction != Some(Sanction::Condamnation) {
        return None;
    }
    let mut blocks = vec![
        Block::Paragraph(format!(
            "Extrait des minutes du greffe du {} — tribunal correctionnel : jugement du {}, {}, n° de parquet {}.",
            lower_first(juridiction),
            long_date(&a.date),
            a.chambre,
            affaire.numero_parquet
        )),
        Block::Fields(vec![
            ("Condamné(e)".into(), person(p)),
            ("Statut à l'audience".into(), statut_label(&p.statut)),
        ]),
        Block::Heading(1, "Par ces motifs".into()),
    ];
    blocks.extend(par_ces_motifs(p, d));
    blocks.push(Block::Paragraph(
        "Pour extrait certifié conforme, délivré pour l'exécution de la décision.".into(),
    ));
    blocks.push(Block::Signatures(vec![format!("Le greffier, {}", a.greffier)]));
    Some(Document {
        name: format!("extrait-{}-{}", slug(&affaire.numero_parquet), slug(&p.nom)),
        authority: tribunal(juridiction, &a.chambre),
        title: "Extrait pour exécution".into(),
        blocks,
    })
}

/// Whether the casier judiciaire records this decision (art. 768 1° CPP): a condamnation, a
/// déclaration de culpabilité with a dispense or an ajournement of the peine, or a déclaration
/// d'irresponsabilité pénale pour cause de trouble mental.
pub fn recorded_at_the_casier(d: &Decision) -> bool {
    matches!(
        d.sanction,
        Some(
            Sanction::Condamnation
                | Sanction::DispenseDePeine
                | Sanction::AjournementSimple
                | Sanction::AjournementMiseALEpreuve
                | Sanction::AjournementInjonction
                | Sanction::AjournementInvestigations
                | Sanction::AjournementConsignation
        )
    ) || d
        .preventions
        .iter()
        .any(|(_, p)| *p == Prevention::IrresponsabiliteTroubleMental)
}

/// The fiche for the casier judiciaire national of one condamné (art. 768 CPP), or `None`
/// when his decision is not one the casier records ([`recorded_at_the_casier`]). What the
/// records lack is marked « à compléter ».
pub fn fiche_casier(
    juridiction: &str,
    a: &AudienceDetail,
    affaire: &AffaireDetail,
    prevenu_id: &str,
) -> Option<Document> {
    let p = affaire.prevenus.iter().find(|p| p.id == prevenu_id)?;
    let d = p.decision.as_ref()?;
    if !recorded_at_the_casier(d) {
        return None;
    }
    const MISSING: &str = "à compléter";
    let mut blocks = vec![
        Block::Paragraph(
            "Fiche destinée à l'enregistrement de la décision au casier judiciaire national (art. 768 du code de procédure pénale).".into(),
        ),
        Block::Heading(1, "Identité du condamné".into()),
        Block::Fields(vec![
            ("Nom".into(), p.nom.to_uppercase()),
            ("Prénom(s)".into(), if p.prenom.trim().is_empty() { MISSING.into() } else { p.prenom.clone() }),
            (
                "Date de naissance".into(),
                p.date_naissance.as_deref().map(long_date).unwrap_or_else(|| MISSING.into()),
            ),
            ("Lieu de naissance".into(), MISSING.into()),
        ]),
        Block::Heading(1, "Décision".into()),
        Block::Fields(vec![
            ("Juridiction".into(), format!("{juridiction}, chambre correctionnelle")),
            ("Chambre".into(), a.chambre.clone()),
            ("Date de la décision".into(), long_date(&a.date)),
            ("N° de parquet".into(), affaire.numero_parquet.clone()),
            ("Nature".into(), manner(d.nature).to_owned()),
        ]),
    ];
    let rows: Vec<Vec<String>> = p
        .infractions
        .iter()
        .filter_map(|i| {
            let (_, x) = d.preventions.iter().find(|(id, _)| *id == i.id)?;
            let (qualif, natinf) = match x {
                Prevention::Culpabilite => (i.qualification.clone(), i.natinf_code.clone().unwrap_or_default()),
                Prevention::Requalification {
                    natinf_code,
                    qualification,
                } => (qualification.clone(), natinf_code.clone().unwrap_or_default()),
                Prevention::IrresponsabiliteTroubleMental => (
                    format!("{} — irresponsabilité pénale pour trouble mental", i.qualification),
                    i.natinf_code.clone().unwrap_or_default(),
                ),
                _ => return None,
            };
            Some(vec![qualif, if natinf.is_empty() { MISSING.into() } else { natinf }])
        })
        .collect();
    blocks.push(Block::Heading(
        1,
        "Infractions dont le condamné est déclaré coupable".into(),
    ));
    blocks.push(Block::Table(vec!["Qualification".into(), "NATINF".into()], rows));
    blocks.push(Block::Heading(1, "Peines et mesures".into()));
    let mut lines: Vec<(String, String)> = d
        .peines
        .iter()
        .enumerate()
        .map(|(n, peine)| (format!("Peine {}", n + 1), peine.label()))
        .collect();
    if d.sanction == Some(Sanction::DispenseDePeine) {
        lines.push(("Dispense de peine".into(), "art. 132-59 du code pénal".into()));
    }
    if d.mandat_de_depot {
        lines.push(("Mandat de dépôt".into(), "décerné à l'audience".into()));
    }
    if d.execution_provisoire {
        lines.push(("Exécution provisoire".into(), "ordonnée".into()));
    }
    blocks.push(Block::Fields(lines));
    blocks.push(Block::Signatures(vec![format!("Le greffier, {}", a.greffier)]));
    Some(Document {
        name: format!("fiche-casier-{}-{}", slug(&affaire.numero_parquet), slug(&p.nom)),
        authority: tribunal(juridiction, &a.chambre),
        title: "Fiche de condamnation — casier judiciaire national".into(),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::InteretsCivils;
    use crate::document::tests::{affaire, audience, condamnation, text};

    #[test]
    fn the_jugement_reads_as_a_dispositif() {
        let mut d = condamnation();
        d.interets_civils = vec![InteretsCivils {
            partie_civile: "Mme Vidal".into(),
            dommages_interets: 800,
            article_475_1: 500,
        }];
        d.mandat_de_depot = true;
        let j = jugement("Tribunal judiciaire de Lyon", &audience(), &affaire(Some(d))).unwrap();
        let t = text(&j);
        for expected in [
            "Jugement correctionnel",
            "Jugement du 30 novembre 2026, Tribunal judiciaire de Lyon, 10e chambre correctionnelle",
            "Composition du tribunal lors des débats et du délibéré",
            "Prévenu : MARTIN Paul, né(e) le 12 mars 1990",
            "Assisté de : Me Roux",
            "Par ces motifs",
            "Le tribunal, statuant publiquement, en premier ressort et contradictoirement à l'égard de MARTIN Paul :",
            "Sur l'action publique",
            "Déclare MARTIN Paul coupable des faits qualifiés de Circulation hors voies (NATINF 11886) ;",
            "Condamne MARTIN Paul :",
            "— à 6 mois d'emprisonnement avec sursis,",
            "— à 300 € d'amende ;",
            "Décerne mandat de dépôt à l'encontre de MARTIN Paul ;",
            "Ordonne l'exécution provisoire de la présente décision (art. 471 du code de procédure pénale) ;",
            "article 132-29 du code pénal",
            "art. 707-2 et 707-3 du code de procédure pénale",
            "art. 132-36 du code pénal",
            "Sur l'action civile",
            "Reçoit Mme Vidal en sa constitution de partie civile ; condamne MARTIN Paul à lui payer la somme de 800 € à titre de dommages et intérêts, et la somme de 500 € au titre de l'article 475-1 du code de procédure pénale ;",
            "Ainsi jugé et prononcé publiquement le 30 novembre 2026",
            "Le greffier, ",
            "Le président, ",
        ] {
            assert!(t.contains(expected), "missing « {expected} » in:\n{t}");
        }
        assert!(!t.contains("132-40"), "no sursis probatoire here");
    }

    #[test]
    fn the_casier_fiche_carries_identity_decision_infractions_and_peines() {
        let a = audience();
        let f = fiche_casier("Tribunal judiciaire de Lyon", &a, &affaire(Some(condamnation())), "p1").unwrap();
        let t = text(&f);
        for expected in [
            "art. 768 du code de procédure pénale",
            "Nom : MARTIN",
            "Date de naissance : 12 mars 1990",
            "Lieu de naissance : à compléter",
            "Date de la décision : 30 novembre 2026",
            "Juridiction : Tribunal judiciaire de Lyon, chambre correctionnelle",
            "Nature : contradictoirement",
            "Circulation hors voies | 11886",
            "Peine 1 : 6 mois d'emprisonnement avec sursis",
            "Exécution provisoire : ordonnée",
        ] {
            assert!(t.contains(expected), "missing « {expected} » in:\n{t}");
        }
        let mut relaxe = condamnation();
        relaxe.preventions = vec![("i1".into(), Prevention::Relaxe)];
        relaxe.sanction = None;
        assert!(fiche_casier("TJ", &a, &affaire(Some(relaxe)), "p1").is_none());
        assert!(fiche_casier("TJ", &a, &affaire(None), "p1").is_none());
        let mut ajourne = condamnation();
        ajourne.sanction = Some(Sanction::AjournementSimple);
        ajourne.peines.clear();
        assert!(fiche_casier("TJ", &a, &affaire(Some(ajourne)), "p1").is_some());
    }

    #[test]
    fn each_prevention_and_manner_has_its_formula() {
        let a = audience();
        let with = |p: Prevention, n: NatureJugement, sanction: Option<Sanction>| {
            let mut d = condamnation();
            d.preventions = vec![("i1".into(), p)];
            d.nature = n;
            d.sanction = sanction;
            if sanction.is_none() {
                d.peines.clear();
            }
            text(&jugement("TJ de Lyon", &a, &affaire(Some(d))).unwrap())
        };
        assert!(with(Prevention::Relaxe, NatureJugement::D, None).contains("par défaut à l'égard de MARTIN Paul"));
        assert!(
            with(Prevention::Relaxe, NatureJugement::D, None)
                .contains("Relaxe MARTIN Paul des fins de la poursuite du chef de Circulation hors voies")
        );
        let t = with(
            Prevention::Requalification {
                natinf_code: Some("1234".into()),
                qualification: "Autre qualification".into(),
            },
            NatureJugement::Cas,
            Some(Sanction::Condamnation),
        );
        assert!(t.contains("par jugement contradictoire à signifier"), "{t}");
        assert!(t.contains("Requalifie les faits poursuivis sous la qualification de Circulation hors voies (NATINF 11886) en Autre qualification (NATINF 1234), et déclare MARTIN Paul coupable de ces faits ;"), "{t}");
        let t = with(
            Prevention::Culpabilite,
            NatureJugement::Id,
            Some(Sanction::DispenseDePeine),
        );
        assert!(
            t.contains("par itératif défaut")
                && t.contains("Dispense MARTIN Paul de peine (art. 132-59 du code pénal)"),
            "{t}"
        );
        // Judged par défaut: no warning was given, none is written.
        let t = with(Prevention::Culpabilite, NatureJugement::D, Some(Sanction::Condamnation));
        assert!(!t.contains("132-29") && !t.contains("707-2"), "{t}");
        let t = with(Prevention::IrresponsabiliteTroubleMental, NatureJugement::C, None);
        assert!(t.contains("art. 122-1 du code pénal"), "{t}");
        let mut d = condamnation();
        d.peines = vec![Peine::SursisProbatoire {
            mois: 8,
            delai_epreuve_mois: 24,
            obligations: vec!["soins".into()],
        }];
        let t = text(&extrait("TJ de Lyon", &a, &affaire(Some(d)), "p1").unwrap());
        assert!(
            t.contains("Par ces motifs") && t.contains("article 132-40 du code pénal") && !t.contains("707-2"),
            "{t}"
        );
        assert!(t.contains("Pour extrait certifié conforme"));
    }
}
