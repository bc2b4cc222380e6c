//! Registration of a pourvoi, and the dossier as its page shows it.

use super::deadlines::open_deadline;
use super::{calendar_of, event, names, stade};
use crate::domain::deadline::{self};
use crate::domain::pourvoi::{AffectationView, ArretView, PieceView, Stade};
use crate::domain::pourvoi::{EcheanceView, EvenementView, PourvoiDetail, ValidPourvoi, rules_started_by_registration};
use crate::store::entities::{affectation, arret, echeance, evenement, piece, pourvoi, suivi};
use crate::store::live::Hub;
use crate::store::{Actor, new_id};
use crate::store::{StoreError, StoreResult};
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// Registers a pourvoi in the actor's juridiction, with the deadlines the déclaration starts
/// (computed with the juridiction's calendar) and the first event; returns its id.
pub async fn register_pourvoi<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    v: &ValidPourvoi,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    if pourvoi::Entity::find()
        .filter(pourvoi::Column::Numero.eq(&v.numero))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(StoreError::state(format!(
            "le pourvoi n° {} est déjà enregistré",
            v.numero
        )));
    }
    let calendar = calendar_of(&txn, actor.user.juridiction_id).await?;
    let id = new_id();
    let p = pourvoi::ActiveModel {
        id: Set(id.clone()),
        juridiction_id: Set(actor.user.juridiction_id),
        numero: Set(v.numero.clone()),
        matiere: Set(v.matiere.to_owned()),
        chambre: Set(None),
        date_pourvoi: Set(v.date_pourvoi),
        decision_juridiction: Set(v.decision_juridiction.clone()),
        decision_date: Set(v.decision_date),
        demandeur: Set(v.demandeur.clone()),
        defendeur: Set(v.defendeur.clone()),
        detenu: Set(v.detenu),
        stade: Set(Stade::Enregistre.code().into()),
        rapporteur_id: Set(None),
        avocat_general_id: Set(None),
        version: Set(1),
        decision_numero: Set(v.decision_numero.clone()),
        avocats: Set(v.avocats.clone()),
        formation: Set(String::new()),
        seance_id: Set(None),
        residence_demandeur: Set(v.parties.demandeur.as_str().to_owned()),
        residence_defendeur: Set(v.parties.defendeur.as_str().to_owned()),
    }
    .insert(&txn)
    .await?;
    super::search::index_words(&txn, [super::search::Words::of(&p)]).await?;
    for rule_id in rules_started_by_registration(v.matiere) {
        open_deadline(&txn, &id, rule_id, v.date_pourvoi, (calendar, v.parties)).await?;
    }
    let mut live = Vec::new();
    event(
        &txn,
        &p,
        actor,
        "enregistrement",
        format!(
            "Pourvoi n° {} enregistré (déclaration du {})",
            v.numero,
            v.date_pourvoi.format("%d/%m/%Y")
        ),
        &mut live,
    )
    .await?;
    actor
        .log(&txn, "pourvoi_enregistrer", "pourvoi", &id, Some(v.numero.clone()))
        .await?;
    crate::store::stats::touch_pourvois(&txn, &[&id], Default::default()).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(id)
}

/// A pourvoi as `reader` sees it, with its deadlines (soonest first), timeline (newest first),
/// assignments, inventory and arrêt; `None` if there is no such pourvoi.
pub async fn pourvoi_detail<C: ConnectionTrait>(db: &C, id: &str, reader: i64) -> StoreResult<Option<PourvoiDetail>> {
    let Some(p) = pourvoi::Entity::find_by_id(id.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let echeances = echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(id))
        .order_by_asc(echeance::Column::Due)
        .order_by_asc(echeance::Column::RuleId)
        .order_by_asc(echeance::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let rule = deadline::rule(&e.rule_id);
            EcheanceView {
                label: rule.map(|r| r.label.to_owned()).unwrap_or_else(|| e.rule_id.clone()),
                basis: rule.map(|r| r.at(e.depart).basis.cite()).unwrap_or_default(),
                lapse: rule.map(|r| r.lapse.to_owned()).unwrap_or_default(),
                rule_id: e.rule_id,
                depart: e.depart.to_string(),
                due: e.due.to_string(),
                steps: serde_json::from_str(&e.steps).unwrap_or_default(),
                ouverte: e.statut == "ouverte",
                cloture: e.cloture,
            }
        })
        .collect();
    let evenements = evenement::Entity::find()
        .filter(evenement::Column::PourvoiId.eq(id))
        .order_by_desc(evenement::Column::At)
        .order_by_desc(evenement::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EvenementView {
            at: crate::domain::dates::paris_time(e.at),
            acteur: e.acteur,
            nature: e.nature,
            detail: e.detail,
        })
        .collect();
    let affectations = affectation::Entity::find()
        .filter(affectation::Column::PourvoiId.eq(id))
        .order_by_desc(affectation::Column::Debut)
        .order_by_desc(affectation::Column::Fonction)
        .order_by_asc(affectation::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = affectations.iter().map(|a| a.user_id).collect();
    ids.extend(p.rapporteur_id);
    ids.extend(p.avocat_general_id);
    let names = names(db, ids).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let affectations = affectations
        .into_iter()
        .map(|a| AffectationView {
            fonction: a.fonction,
            nom: name(a.user_id),
            debut: crate::domain::dates::paris_time(a.debut),
            fin: a.fin.map(crate::domain::dates::paris_time),
            par: a.par,
            motif: a.motif,
        })
        .collect();
    let pieces = piece::Entity::find()
        .filter(piece::Column::PourvoiId.eq(id))
        .select_only()
        .columns([
            piece::Column::Id,
            piece::Column::Nature,
            piece::Column::DatePiece,
            piece::Column::Deposant,
            piece::Column::NomFichier,
            piece::Column::Mime,
            piece::Column::Taille,
            piece::Column::Sha256,
            piece::Column::Par,
        ])
        .order_by_asc(piece::Column::DatePiece)
        .order_by_asc(piece::Column::At)
        .order_by_asc(piece::Column::Id)
        .into_tuple::<(String, String, NaiveDate, String, String, String, i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(
            |(id, nature, date, deposant, nom_fichier, mime, taille, sha256, par)| PieceView {
                id,
                nature,
                date_piece: date.to_string(),
                deposant,
                nom_fichier,
                mime,
                taille,
                sha256,
                par,
            },
        )
        .collect();
    let arret = arret::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .map(|a| ArretView {
            solution: a.solution,
            date_arret: a.date_arret.to_string(),
            formation: a.formation,
            ecli: a.ecli,
            source: a.source,
            sommaire: a.sommaire,
        });
    let suivi = suivi::Entity::find_by_id((id.to_owned(), reader))
        .one(db)
        .await?
        .is_some();
    let procedures = super::procedures::of_pourvoi(db, &p.id, &p.numero).await?;
    Ok(Some(PourvoiDetail {
        procedures,
        rapporteur: p.rapporteur_id.map(name),
        avocat_general: p.avocat_general_id.map(name),
        id: p.id,
        numero: p.numero,
        matiere: p.matiere,
        chambre: p.chambre,
        stade: stade(&p.stade),
        date_pourvoi: p.date_pourvoi.to_string(),
        decision_juridiction: p.decision_juridiction,
        decision_date: p.decision_date.to_string(),
        decision_numero: p.decision_numero,
        demandeur: p.demandeur,
        defendeur: p.defendeur,
        avocats: p.avocats,
        detenu: p.detenu,
        residence_demandeur: p.residence_demandeur,
        residence_defendeur: p.residence_defendeur,
        formation: p.formation,
        version: p.version,
        suivi,
        echeances,
        evenements,
        affectations,
        pieces,
        arret,
    }))
}
