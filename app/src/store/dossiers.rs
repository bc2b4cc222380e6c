//! Cour de cassation dossiers: registration of pourvois, their deadlines and timeline.

use super::entities::{echeance, evenement, juridiction, pourvoi};
use super::hearings::{Actor, new_id};
use crate::domain::deadline::{self, compute};
use crate::domain::indicator::Source;
use crate::domain::juridiction::Calendar;
use crate::domain::pourvoi::{EcheanceView, EvenementView, PourvoiDetail, ValidPourvoi, rules_started_by_registration};
use crate::error::AppError;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};

/// Juridiction of a pourvoi, for access checks.
pub async fn pourvoi_juridiction<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<i64>, AppError> {
    Ok(pourvoi::Entity::find_by_id(id.to_owned())
        .select_only()
        .column(pourvoi::Column::JuridictionId)
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

async fn event<C: ConnectionTrait>(
    db: &C,
    pourvoi_id: &str,
    actor: &Actor<'_>,
    nature: &str,
    detail: String,
) -> Result<(), AppError> {
    evenement::ActiveModel {
        id: Set(new_id()),
        pourvoi_id: Set(pourvoi_id.to_owned()),
        at: Set(Utc::now()),
        acteur: Set(actor.user.display_name.clone()),
        nature: Set(nature.to_owned()),
        detail: Set(detail),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Registers a pourvoi in the actor's juridiction, with the deadlines the déclaration starts
/// (computed with the juridiction's calendar) and the first event; returns its id.
pub async fn register_pourvoi<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    v: &ValidPourvoi,
    actor: &Actor<'_>,
) -> Result<String, AppError> {
    let txn = db.begin().await?;
    if pourvoi::Entity::find()
        .filter(pourvoi::Column::Numero.eq(&v.numero))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "le pourvoi n° {} est déjà enregistré",
            v.numero
        )));
    }
    let calendar = juridiction::Entity::find_by_id(actor.user.juridiction_id)
        .one(&txn)
        .await?
        .map(|j| Calendar::parse(&j.calendar))
        .unwrap_or(Calendar::parse("metropole"));
    let id = new_id();
    pourvoi::ActiveModel {
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
        stade: Set("enregistre".into()),
        rapporteur_id: Set(None),
        avocat_general_id: Set(None),
        version: Set(1),
        decision_numero: Set(v.decision_numero.clone()),
        avocats: Set(v.avocats.clone()),
    }
    .insert(&txn)
    .await?;
    for rule_id in rules_started_by_registration(v.matiere) {
        let Some(rule) = deadline::rule(rule_id) else { continue };
        let c = compute(rule, v.date_pourvoi, calendar);
        echeance::ActiveModel {
            id: Set(new_id()),
            pourvoi_id: Set(id.clone()),
            rule_id: Set(rule.id.to_owned()),
            depart: Set(v.date_pourvoi),
            due: Set(c.due),
            steps: Set(serde_json::to_string(&c.steps).unwrap_or_else(|_| "[]".into())),
            statut: Set("ouverte".into()),
        }
        .insert(&txn)
        .await?;
    }
    event(
        &txn,
        &id,
        actor,
        "enregistrement",
        format!(
            "Pourvoi n° {} enregistré (déclaration du {})",
            v.numero,
            v.date_pourvoi.format("%d/%m/%Y")
        ),
    )
    .await?;
    actor
        .log(&txn, "pourvoi_enregistrer", "pourvoi", &id, Some(v.numero.clone()))
        .await?;
    let bucket = (
        actor.user.juridiction_id,
        String::new(),
        super::stats::mois(v.date_pourvoi),
    );
    super::stats::refresh(&txn, Source::Pourvois, &[bucket].into()).await?;
    txn.commit().await?;
    Ok(id)
}

/// A pourvoi with its deadlines (soonest first) and timeline (newest first), or `None`.
pub async fn pourvoi_detail<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<PourvoiDetail>, AppError> {
    let Some(p) = pourvoi::Entity::find_by_id(id.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let echeances = echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(id))
        .order_by_asc(echeance::Column::Due)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let rule = deadline::rule(&e.rule_id);
            EcheanceView {
                label: rule.map(|r| r.label.to_owned()).unwrap_or_else(|| e.rule_id.clone()),
                basis: rule.map(|r| r.basis.cite()).unwrap_or_default(),
                lapse: rule.map(|r| r.lapse.to_owned()).unwrap_or_default(),
                rule_id: e.rule_id,
                depart: e.depart.to_string(),
                due: e.due.to_string(),
                steps: serde_json::from_str(&e.steps).unwrap_or_default(),
                ouverte: e.statut == "ouverte",
            }
        })
        .collect();
    let evenements = evenement::Entity::find()
        .filter(evenement::Column::PourvoiId.eq(id))
        .order_by_desc(evenement::Column::At)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EvenementView {
            at: super::cases::paris_time(e.at),
            acteur: e.acteur,
            nature: e.nature,
            detail: e.detail,
        })
        .collect();
    Ok(Some(PourvoiDetail {
        id: p.id,
        numero: p.numero,
        matiere: p.matiere,
        chambre: p.chambre,
        stade: p.stade,
        date_pourvoi: p.date_pourvoi.to_string(),
        decision_juridiction: p.decision_juridiction,
        decision_date: p.decision_date.to_string(),
        decision_numero: p.decision_numero,
        demandeur: p.demandeur,
        defendeur: p.defendeur,
        avocats: p.avocats,
        detenu: p.detenu,
        echeances,
        evenements,
    }))
}
