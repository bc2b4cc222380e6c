//! Decisions per prévenu and renvois of an affaire.

use super::audiences::next_rang;
use super::role_import::list_labels;
use super::{bump, prevenu_of};
use crate::domain::decision::{Decision, FormerQualification, MesureSurete, Peine, Prevention, Renvoi, requalify};
use crate::domain::hearing::{Checklist, EtatAffaire, RenvoiOutcome};
use crate::store::entities::{affaire, audience, decision, infraction, peine, prevenu, renvoi};
use crate::store::stats;
use crate::store::{Actor, StoreError, StoreResult, new_id};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashSet;

/// Records (or corrects) the decision on one prévenu; the affaire is judged once every
/// prévenu has one. Requalifications update the infraction and keep the former one.
pub async fn record_decision<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    prevenu_id: &str,
    d: &Decision,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(affaire_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    if a.etat == EtatAffaire::Renvoyee.code() {
        return Err(StoreError::invalid(
            "affaire",
            "L'affaire a été renvoyée : elle se juge sur son nouveau rôle.",
        ));
    }
    let p = prevenu_of(&txn, affaire_id, prevenu_id).await?;
    let infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.eq(&p.id))
        .all(&txn)
        .await?;
    let ids: Vec<String> = infractions.iter().map(|i| i.id.clone()).collect();
    d.validate(&ids).map_err(|m| StoreError::invalid("decision", m))?;
    bump(&txn, affaire_id, expected).await?;
    let aud_date = audience::Entity::find_by_id(a.audience_id.clone())
        .one(&txn)
        .await?
        .map(|x| x.date)
        .ok_or(StoreError::NotFound("audience"))?;
    for (iid, prevention) in &d.preventions {
        if let Prevention::Requalification {
            natinf_code,
            qualification,
        } = prevention
            && let Some(i) = infractions.iter().find(|i| &i.id == iid)
        {
            let history: Vec<FormerQualification> = serde_json::from_str(&i.historique).unwrap_or_default();
            let ((code, qual), history) = requalify(
                (i.natinf_code.clone(), i.qualification.clone()),
                &history,
                (
                    natinf_code.clone().filter(|c| !c.trim().is_empty()),
                    qualification.trim().to_owned(),
                ),
                aud_date,
            );
            infraction::Entity::update_many()
                .col_expr(infraction::Column::NatinfCode, Expr::value(code))
                .col_expr(infraction::Column::Qualification, Expr::value(qual))
                .col_expr(
                    infraction::Column::Historique,
                    Expr::value(serde_json::to_string(&history).unwrap_or_else(|_| "[]".into())),
                )
                .filter(infraction::Column::Id.eq(iid))
                .exec(&txn)
                .await?;
        }
    }
    let former: Vec<String> = decision::Entity::find()
        .filter(decision::Column::PrevenuId.eq(prevenu_id))
        .select_only()
        .column(decision::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    if !former.is_empty() {
        peine::Entity::delete_many()
            .filter(peine::Column::DecisionId.is_in(former.clone()))
            .exec(&txn)
            .await?;
        decision::Entity::delete_many()
            .filter(decision::Column::Id.is_in(former))
            .exec(&txn)
            .await?;
    }
    let decision_id = new_id();
    decision_model(decision_id.clone(), prevenu_id.to_owned(), d, Utc::now())
        .insert(&txn)
        .await?;
    let peines = peine_models(&decision_id, &d.peines);
    if !peines.is_empty() {
        peine::Entity::insert_many(peines).exec(&txn).await?;
    }
    // Judged when every prévenu of the affaire has a decision.
    let all: Vec<String> = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.eq(affaire_id))
        .select_only()
        .column(prevenu::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let decided: HashSet<String> = decision::Entity::find()
        .filter(decision::Column::PrevenuId.is_in(all.clone()))
        .select_only()
        .column(decision::Column::PrevenuId)
        .into_tuple::<String>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let etat = EtatAffaire::after_decision(all.iter().map(|p| decided.contains(p)));
    affaire::Entity::update_many()
        .col_expr(affaire::Column::Etat, Expr::value(etat.code()))
        .filter(affaire::Column::Id.eq(affaire_id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "decision_enregistrer",
            "prevenu",
            prevenu_id,
            Some(d.prevention_summary()),
        )
        .await?;
    stats::touch_audiences(&txn, &[&a.audience_id], Default::default()).await?;
    txn.commit().await?;
    Ok(())
}

/// Adjourns an affaire: records the renvoi, attaches the affaire to the audience of the new
/// date (same chambre if any, else any of that day, else a new one with the same composition)
/// and puts a continuation of it at the end of that rôle.
pub async fn record_renvoi<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    r: &Renvoi,
    actor: &Actor<'_>,
) -> StoreResult<RenvoiOutcome> {
    let motifs: Vec<String> = list_labels(db, "renvoi_motif")
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(affaire_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    let source = audience::Entity::find_by_id(a.audience_id.clone())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    r.validate(&motifs, source.date)
        .map_err(|m| StoreError::invalid("renvoi", m))?;
    if a.etat != EtatAffaire::AJuger.code() {
        return Err(StoreError::invalid(
            "affaire",
            "Seule une affaire à juger peut être renvoyée.",
        ));
    }
    bump(&txn, affaire_id, expected).await?;
    // Two renvois to one new date at once find (or create) the same audience.
    crate::store::write::lock(
        &txn,
        &format!("audiences:{}:{}", source.juridiction_id, r.nouvelle_date),
    )
    .await?;
    let same_day = audience::Entity::find()
        .filter(audience::Column::JuridictionId.eq(source.juridiction_id))
        .filter(audience::Column::Date.eq(r.nouvelle_date))
        .order_by_asc(audience::Column::HeureDebut)
        .all(&txn)
        .await?;
    let (target, created) = match same_day
        .iter()
        .find(|x| x.chambre == source.chambre)
        .or(same_day.first())
    {
        Some(t) => (t.id.clone(), false),
        None => {
            let id = new_id();
            audience::ActiveModel {
                id: Set(id.clone()),
                date: Set(r.nouvelle_date),
                prevues: Set(0),
                debut_reel: Set(None),
                fin_reel: Set(None),
                version: Set(1),
                suspensions: Set("[]".into()),
                minutes_siegees: Set(None),
                ..source.clone().into()
            }
            .insert(&txn)
            .await?;
            actor
                .log(
                    &txn,
                    "audience_creer",
                    "audience",
                    &id,
                    Some("créée par un renvoi".into()),
                )
                .await?;
            (id, true)
        }
    };
    if affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(&target))
        .filter(affaire::Column::NumeroParquet.eq(&a.numero_parquet))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(StoreError::state(format!(
            "l'affaire {} figure déjà au rôle de l'audience du {}",
            a.numero_parquet, r.nouvelle_date
        )));
    }
    let new_affaire = new_id();
    let rang = next_rang(&txn, &target).await?;
    let mut checklist = Checklist::from_json(&a.checklist);
    checklist.0.values_mut().for_each(|v| *v = false);
    affaire::ActiveModel {
        id: Set(new_affaire.clone()),
        audience_id: Set(target.clone()),
        rang: Set(rang),
        etat: Set(EtatAffaire::AJuger.code().into()),
        version: Set(1),
        origine_id: Set(Some(a.id.clone())),
        checklist: Set(checklist.to_json()),
        ..a.clone().into()
    }
    .insert(&txn)
    .await?;
    let prevenus = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.eq(affaire_id))
        .all(&txn)
        .await?;
    for p in prevenus {
        let pid = new_id();
        let infractions = infraction::Entity::find()
            .filter(infraction::Column::PrevenuId.eq(&p.id))
            .all(&txn)
            .await?;
        let statut = match r.mesure {
            MesureSurete::DetentionProvisoire | MesureSurete::MaintienDetention => "detenu".to_owned(),
            MesureSurete::ControleJudiciaire => "controle_judiciaire".to_owned(),
            MesureSurete::Arse => "arse".to_owned(),
            MesureSurete::Aucune => p.statut.clone(),
        };
        prevenu::ActiveModel {
            id: Set(pid.clone()),
            affaire_id: Set(new_affaire.clone()),
            statut: Set(statut),
            presence: Set(String::new()),
            ..p.into()
        }
        .insert(&txn)
        .await?;
        for i in infractions {
            infraction::ActiveModel {
                id: Set(new_id()),
                prevenu_id: Set(pid.clone()),
                ..i.into()
            }
            .insert(&txn)
            .await?;
        }
    }
    renvoi::ActiveModel {
        id: Set(new_id()),
        affaire_id: Set(affaire_id.to_owned()),
        motif: Set(r.motif.clone()),
        nouvelle_date: Set(r.nouvelle_date),
        audience_cible_id: Set(Some(target.clone())),
        mesure: Set(r.mesure.as_str().into()),
        observations: Set(r.observations.trim().to_owned()),
        nouvelle_affaire_id: Set(Some(new_affaire.clone())),
        decide_le: Set(Some(Utc::now())),
    }
    .insert(&txn)
    .await?;
    affaire::Entity::update_many()
        .col_expr(affaire::Column::Etat, Expr::value(EtatAffaire::Renvoyee.code()))
        .filter(affaire::Column::Id.eq(affaire_id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "renvoi_enregistrer",
            "affaire",
            affaire_id,
            Some(format!("{} au {}", r.motif, r.nouvelle_date)),
        )
        .await?;
    stats::touch_audiences(&txn, &[&a.audience_id, &target], Default::default()).await?;
    txn.commit().await?;
    Ok(RenvoiOutcome {
        audience_id: target,
        affaire_id: new_affaire,
        audience_creee: created,
    })
}

/// The row of a decision: summary columns for counting, and the whole decision as JSON.
pub fn decision_model(
    id: String,
    prevenu_id: String,
    d: &Decision,
    at: chrono::DateTime<Utc>,
) -> decision::ActiveModel {
    decision::ActiveModel {
        id: Set(id),
        prevenu_id: Set(prevenu_id),
        sens: Set(d.sens().map(|s| s.code().to_owned()).unwrap_or_default()),
        sanction_code: Set(d.sanction.map(|s| s.code().to_owned()).unwrap_or_default()),
        nature: Set(d.nature.code().to_owned()),
        peines: Set(serde_json::to_string(&d.peines).unwrap_or_else(|_| "[]".into())),
        rendue_le: Set(at),
        details: Set(serde_json::to_string(d).unwrap_or_else(|_| "{}".into())),
    }
}

/// The rows of a decision's peines (ids derived from the decision's, in order).
pub fn peine_models(decision_id: &str, peines: &[Peine]) -> Vec<peine::ActiveModel> {
    peines
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (quantum, unite) = p.quantum();
            peine::ActiveModel {
                id: Set(format!("{decision_id}-{i}")),
                decision_id: Set(decision_id.to_owned()),
                rang: Set(i as i32),
                nature: Set(p.code().to_owned()),
                quantum: Set(quantum),
                unite: Set(unite.to_owned()),
            }
        })
        .collect()
}
