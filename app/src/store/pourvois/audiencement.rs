//! Audiencement at the Cour de cassation: séances of each chambre, scheduling dossiers that
//! are ready, the rôle of a séance; correcting a déclaration's date; the certificat de
//! non-pourvoi.

use super::deadlines::restart_deadline;
use super::search::ligne;
use super::{calendar_of, event, for_change, names, parties_of, refresh_stats, save, stade};
use crate::domain::deadline;
use crate::domain::pourvoi::rules_started_by_registration;
use crate::domain::pourvoi::{CHAMBRES, Certificat, FORMATIONS, SeanceLigne, SeanceView, ValidSeance, label_of};
use crate::store::entities::{echeance, pourvoi, seance};
use crate::store::live::Hub;
use crate::store::{Actor, new_id};
use crate::store::{StoreError, StoreResult};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Creates a séance of a chambre in the actor's juridiction; returns its id.
pub async fn create_seance<C: ConnectionTrait>(db: &C, s: &ValidSeance, actor: &Actor<'_>) -> StoreResult<String> {
    let taken = seance::Entity::find()
        .filter(seance::Column::JuridictionId.eq(actor.user.juridiction_id))
        .filter(seance::Column::Chambre.eq(s.chambre))
        .filter(seance::Column::Formation.eq(s.formation))
        .filter(seance::Column::Date.eq(s.date))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(StoreError::state(format!(
            "une séance de la {} en {} existe déjà le {}",
            label_of(&CHAMBRES, s.chambre),
            label_of(&FORMATIONS, s.formation).to_lowercase(),
            s.date.format("%d/%m/%Y")
        )));
    }
    let id = new_id();
    seance::ActiveModel {
        id: Set(id.clone()),
        juridiction_id: Set(actor.user.juridiction_id),
        chambre: Set(s.chambre.to_owned()),
        formation: Set(s.formation.to_owned()),
        date: Set(s.date),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    actor
        .log(
            db,
            "seance_creer",
            "seance",
            &id,
            Some(format!("{} {} {}", s.chambre, s.formation, s.date)),
        )
        .await?;
    Ok(id)
}

/// Séances of a juridiction from `from` on (one chambre's, or all), soonest first, with the
/// number of dossiers scheduled.
pub async fn seances<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    chambre: Option<&str>,
    from: NaiveDate,
) -> StoreResult<Vec<SeanceLigne>> {
    let mut q = seance::Entity::find()
        .filter(seance::Column::JuridictionId.eq(juridiction_id))
        .filter(seance::Column::Date.gte(from));
    if let Some(c) = chambre {
        q = q.filter(seance::Column::Chambre.eq(c));
    }
    let list = q
        .order_by_asc(seance::Column::Date)
        .order_by_asc(seance::Column::Chambre)
        .limit(200)
        .all(db)
        .await?;
    let ids: Vec<String> = list.iter().map(|s| s.id.clone()).collect();
    let counts: std::collections::HashMap<String, i64> = pourvoi::Entity::find()
        .select_only()
        .column(pourvoi::Column::SeanceId)
        .column_as(Expr::from(Func::count(Expr::col(pourvoi::Column::Id))), "n")
        .filter(pourvoi::Column::SeanceId.is_in(ids))
        .group_by(pourvoi::Column::SeanceId)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(list
        .into_iter()
        .map(|s| SeanceLigne {
            dossiers: counts.get(&s.id).copied().unwrap_or(0),
            id: s.id,
            chambre: s.chambre,
            formation: s.formation,
            date: s.date.to_string(),
        })
        .collect())
}

/// A séance of the juridiction with its rôle (dossiers by number).
pub async fn seance_view<C: ConnectionTrait>(db: &C, id: &str, juridiction_id: i64) -> StoreResult<Option<SeanceView>> {
    let Some(s) = seance::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|s| s.juridiction_id == juridiction_id)
    else {
        return Ok(None);
    };
    let dossiers = pourvoi::Entity::find()
        .filter(pourvoi::Column::SeanceId.eq(id))
        .order_by_asc(pourvoi::Column::Numero)
        .all(db)
        .await?;
    let people: Vec<i64> = dossiers
        .iter()
        .flat_map(|p| p.rapporteur_id.into_iter().chain(p.avocat_general_id))
        .collect();
    let names = names(db, people).await?;
    let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
    Ok(Some(SeanceView {
        id: s.id,
        chambre: s.chambre,
        formation: s.formation,
        date: s.date.to_string(),
        role: dossiers
            .into_iter()
            .map(|p| {
                let (r, a) = (name(p.rapporteur_id), name(p.avocat_general_id));
                (ligne(p), r, a)
            })
            .collect(),
    }))
}

/// Schedules a dossier that is ready (rapport and avis filed) to a séance of its chambre.
pub async fn schedule<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    seance_id: &str,
    actor: &Actor<'_>,
    today: NaiveDate,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let stade_after = stade(&p.stade).scheduled()?;
    let s = seance::Entity::find_by_id(seance_id.to_owned())
        .one(&txn)
        .await?
        .filter(|s| s.juridiction_id == actor.user.juridiction_id)
        .ok_or_else(|| StoreError::invalid("seance", "Séance : choisissez une séance de la liste."))?;
    crate::domain::pourvoi::checks::check_seance(p.chambre.as_deref(), &s.chambre, s.date, today)?;
    let after = save(&txn, &p, |a| {
        a.seance_id = Set(Some(s.id.clone()));
        a.stade = Set(stade_after.code().into());
    })
    .await?;
    let detail = format!(
        "Audiencé à la séance du {} ({}, {})",
        s.date.format("%d/%m/%Y"),
        label_of(&CHAMBRES, &s.chambre),
        label_of(&FORMATIONS, &s.formation).to_lowercase()
    );
    let mut live = Vec::new();
    event(&txn, &after, actor, "audiencement", detail.clone(), &mut live).await?;
    actor
        .log(&txn, "pourvoi_audiencer", "pourvoi", id, Some(detail))
        .await?;
    refresh_stats(&txn, &p, &after).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// The séance a pourvoi is scheduled to, as (ISO date, formation).
pub async fn seance_of<C: ConnectionTrait>(db: &C, pourvoi_id: &str) -> StoreResult<Option<(String, String)>> {
    let Some(seance_id) = pourvoi::Entity::find_by_id(pourvoi_id.to_owned())
        .one(db)
        .await?
        .and_then(|p| p.seance_id)
    else {
        return Ok(None);
    };
    Ok(seance::Entity::find_by_id(seance_id)
        .one(db)
        .await?
        .map(|s| (s.date.to_string(), s.formation)))
}

/// Corrects the date of the déclaration de pourvoi: the open deadlines it started are
/// recomputed (closed ones are kept as they were).
pub async fn correct_date<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    date: NaiveDate,
    actor: &Actor<'_>,
    today: NaiveDate,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let before = crate::store::stats::pourvoi_buckets(&txn, &[id]).await?;
    crate::domain::pourvoi::checks::check_pourvoi_correction(p.date_pourvoi, date, p.decision_date, &p.numero, today)?;
    let calendar = (calendar_of(&txn, p.juridiction_id).await?, parties_of(&p));
    let mut recomputed = Vec::new();
    for e in echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(id))
        .filter(echeance::Column::Statut.eq("ouverte"))
        .filter(echeance::Column::Depart.eq(p.date_pourvoi))
        .filter(echeance::Column::RuleId.is_in(rules_started_by_registration(&p.matiere).iter().copied()))
        .all(&txn)
        .await?
    {
        let Some(rule) = deadline::rule(&e.rule_id) else {
            continue;
        };
        recomputed.push(restart_deadline(&txn, e, rule, date, calendar).await?);
    }
    let after = save(&txn, &p, |a| a.date_pourvoi = Set(date)).await?;
    super::search::redate_words(&txn, id, date).await?;
    let mut detail = format!(
        "Date du pourvoi corrigée : {} au lieu du {}",
        date.format("%d/%m/%Y"),
        p.date_pourvoi.format("%d/%m/%Y")
    );
    if !recomputed.is_empty() {
        detail.push_str(&format!(" ; échéances recalculées : {}", recomputed.join(", ")));
    }
    let mut live = Vec::new();
    event(&txn, &after, actor, "correction", detail.clone(), &mut live).await?;
    actor
        .log(&txn, "pourvoi_corriger_date", "pourvoi", id, Some(detail))
        .await?;
    // The registration month and the due dates may change: recount the old and new months.
    crate::store::stats::touch_pourvois(&txn, &[id], before).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// Whether a pourvoi was registered against a decision (juridiction, date, number), for a
/// certificat de non-pourvoi; logged in the audit trail when issued.
pub async fn certificate<C: ConnectionTrait>(
    db: &C,
    juridiction: &str,
    date: NaiveDate,
    numero: &str,
    actor: &Actor<'_>,
    today: NaiveDate,
) -> StoreResult<Certificat> {
    let pourvois: Vec<String> = pourvoi::Entity::find()
        .filter(pourvoi::Column::JuridictionId.eq(actor.user.juridiction_id))
        .filter(Expr::expr(Func::lower(Expr::col(pourvoi::Column::DecisionJuridiction))).eq(juridiction.to_lowercase()))
        .filter(pourvoi::Column::DecisionDate.eq(date))
        .filter(Expr::expr(Func::lower(Expr::col(pourvoi::Column::DecisionNumero))).eq(numero.to_lowercase()))
        .select_only()
        .column(pourvoi::Column::Numero)
        .order_by_asc(pourvoi::Column::Numero)
        .into_tuple::<String>()
        .all(db)
        .await?;
    if pourvois.is_empty() {
        actor
            .log(
                db,
                "certificat_non_pourvoi",
                "decision",
                &format!("{juridiction} {date} {numero}"),
                None,
            )
            .await?;
    }
    Ok(Certificat {
        juridiction: juridiction.to_owned(),
        date_decision: date.to_string(),
        numero_decision: numero.to_owned(),
        pourvois,
        delivre_le: today.to_string(),
        par: actor.user.display_name.clone(),
        juridiction_delivrance: actor.user.juridiction_libelle.clone(),
    })
}
