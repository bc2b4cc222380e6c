//! Audiences: listing, creation and changes, the chrono, the rôle and its order, moving an
//! affaire to another audience.

use super::prevenu_label;
use super::{bump, chrono_of};
use crate::domain::hearing::{
    AffaireLine, AudienceDetail, AudienceSummary, Checklist, EtatAffaire, Progress, ValidAudience,
};
use crate::store::entities::{affaire, audience, infraction, prevenu};
use crate::store::stats;
use crate::store::{Actor, StoreError, StoreResult, new_id};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashMap;

/// Audiences of a juridiction between two dates (inclusive), in date order: the first
/// `MAX_AUDIENCES_LISTED` of them (the page says when it shows that many).
pub async fn list_audiences<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<AudienceSummary>> {
    let rows = audience::Entity::find()
        .filter(audience::Column::JuridictionId.eq(juridiction_id))
        .filter(audience::Column::Date.between(from, to))
        .order_by_asc(audience::Column::Date)
        .order_by_asc(audience::Column::HeureDebut)
        .limit(crate::domain::hearing::MAX_AUDIENCES_LISTED as u64)
        .all(db)
        .await?;
    crate::store::cases::summaries(db, rows).await
}

fn audience_model(
    id: String,
    juridiction_id: i64,
    v: &ValidAudience,
    greffier_id: Option<i64>,
) -> audience::ActiveModel {
    audience::ActiveModel {
        id: Set(id),
        juridiction_id: Set(juridiction_id),
        date: Set(v.date),
        heure_debut: Set(v.heure_debut.clone()),
        chambre: Set(v.chambre.clone()),
        formation: Set(v.formation.clone()),
        president: Set(v.president.clone()),
        assesseurs: Set(v.assesseurs.clone()),
        ministere_public: Set(v.ministere_public.clone()),
        greffier: Set(v.greffier.clone()),
        greffier_id: Set(greffier_id),
        prevues: Set(v.prevues),
        maximum: Set(v.maximum),
        duree_estimee_min: Set(v.duree_estimee_min),
        debut_reel: Set(None),
        fin_reel: Set(None),
        version: Set(1),
        suspensions: Set("[]".into()),
        minutes_siegees: Set(None),
    }
}

/// Creates an audience in the actor's juridiction; returns its id.
pub async fn create_audience<C: crate::store::Db>(db: &C, v: &ValidAudience, actor: &Actor<'_>) -> StoreResult<String> {
    let id = new_id();
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let greffier_id = (actor.user.role == crate::domain::role::Role::Greffier).then_some(actor.user.id);
    audience_model(id.clone(), actor.user.juridiction_id, v, greffier_id)
        .insert(&txn)
        .await?;
    actor.log(&txn, "audience_creer", "audience", &id, None).await?;
    txn.commit().await?;
    Ok(id)
}

/// Edits an audience if still at `expected` version.
pub async fn update_audience<C: crate::store::Db>(
    db: &C,
    id: &str,
    expected: i64,
    v: &ValidAudience,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let before = stats::audience_buckets(&txn, &[id]).await?;
    let res = audience::Entity::update_many()
        .col_expr(audience::Column::Date, Expr::value(v.date))
        .col_expr(audience::Column::HeureDebut, Expr::value(v.heure_debut.clone()))
        .col_expr(audience::Column::Chambre, Expr::value(v.chambre.clone()))
        .col_expr(audience::Column::Formation, Expr::value(v.formation.clone()))
        .col_expr(audience::Column::President, Expr::value(v.president.clone()))
        .col_expr(audience::Column::Assesseurs, Expr::value(v.assesseurs.clone()))
        .col_expr(
            audience::Column::MinisterePublic,
            Expr::value(v.ministere_public.clone()),
        )
        .col_expr(audience::Column::Greffier, Expr::value(v.greffier.clone()))
        .col_expr(audience::Column::Prevues, Expr::value(v.prevues))
        .col_expr(audience::Column::Maximum, Expr::value(v.maximum))
        .col_expr(audience::Column::DureeEstimeeMin, Expr::value(v.duree_estimee_min))
        .col_expr(audience::Column::Version, Expr::col(audience::Column::Version).add(1))
        .filter(audience::Column::Id.eq(id))
        .filter(audience::Column::Version.eq(expected))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::state(
            "l'audience a été modifiée par quelqu'un d'autre entre-temps ; rechargez-la",
        ));
    }
    stats::touch_audiences(&txn, &[id], before).await?;
    actor.log(&txn, "audience_modifier", "audience", id, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves the hearing's chrono: "ouvrir", "suspendre", "reprendre" or "clore".
pub async fn clock_audience<C: crate::store::Db>(db: &C, id: &str, action: &str, actor: &Actor<'_>) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    // Two greffiers moving the chrono at once: the second starts from what the first saved.
    crate::store::write::lock(&txn, &format!("audience:{id}")).await?;
    let a = audience::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    let mut chrono = chrono_of(&a);
    chrono
        .apply(action, Utc::now())
        .map_err(|m| StoreError::invalid("chrono", m))?;
    let mut m: audience::ActiveModel = a.clone().into();
    m.debut_reel = Set(chrono.debut);
    m.fin_reel = Set(chrono.fin);
    m.suspensions = Set(serde_json::to_string(&chrono.suspensions).unwrap_or_else(|_| "[]".into()));
    // Counted by the pilotage once the audience is closed.
    m.minutes_siegees = Set(chrono.fin.map(|end| chrono.sitting_time(end).num_minutes()));
    m.version = Set(a.version + 1);
    m.update(&txn).await?;
    stats::touch_audiences(&txn, &[id], Default::default()).await?;
    actor
        .log(&txn, &format!("audience_{action}"), "audience", id, None)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// An audience with its rôle, or `None`.
pub async fn audience_detail<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<AudienceDetail>> {
    let Some(a) = audience::Entity::find_by_id(id.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let affaires = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(id))
        .order_by_asc(affaire::Column::Rang)
        .all(db)
        .await?;
    let ids: Vec<String> = affaires.iter().map(|x| x.id.clone()).collect();
    let prevenus = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.is_in(ids.clone()))
        .order_by_asc(prevenu::Column::Nom)
        .all(db)
        .await?;
    let infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.is_in(prevenus.iter().map(|p| p.id.clone())))
        .select_only()
        .column(infraction::Column::PrevenuId)
        .column(infraction::Column::Qualification)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?;
    let origines: Vec<String> = affaires.iter().filter_map(|x| x.origine_id.clone()).collect();
    let origine_dates: HashMap<String, NaiveDate> = if origines.is_empty() {
        HashMap::new()
    } else {
        audience_dates(db, origines).await?
    };
    let mut by_affaire: HashMap<&str, Vec<&prevenu::Model>> = HashMap::new();
    for p in &prevenus {
        by_affaire.entry(p.affaire_id.as_str()).or_default().push(p);
    }
    let owner: HashMap<&str, &str> = prevenus
        .iter()
        .map(|p| (p.id.as_str(), p.affaire_id.as_str()))
        .collect();
    let mut quals: HashMap<&str, Vec<String>> = HashMap::new();
    for (pid, q) in &infractions {
        if let Some(aid) = owner.get(pid.as_str()) {
            quals.entry(aid).or_default().push(q.clone());
        }
    }
    let mut pretes = 0;
    let lines: Vec<AffaireLine> = affaires
        .iter()
        .map(|x| {
            let checklist = Checklist::from_json(&x.checklist);
            if checklist.is_ready() {
                pretes += 1;
            }
            AffaireLine {
                id: x.id.clone(),
                rang: x.rang,
                numero_parquet: x.numero_parquet.clone(),
                etat: EtatAffaire::parse(&x.etat).unwrap_or(EtatAffaire::AJuger),
                version: x.version,
                prevenus: by_affaire
                    .get(x.id.as_str())
                    .map(|v| v.iter().map(|p| prevenu_label(p)).collect())
                    .unwrap_or_default(),
                infractions: quals.remove(x.id.as_str()).unwrap_or_default(),
                preparation: checklist.count(),
                renvoyee_du: x
                    .origine_id
                    .as_ref()
                    .and_then(|o| origine_dates.get(o))
                    .map(|d| d.to_string()),
            }
        })
        .collect();
    let chrono = chrono_of(&a);
    Ok(Some(AudienceDetail {
        suspensions: chrono
            .suspensions
            .iter()
            .map(|(s, e)| {
                (
                    crate::domain::dates::paris_time(*s),
                    e.map(crate::domain::dates::paris_time),
                )
            })
            .collect(),
        suspendue: chrono.is_suspended(),
        minutes_siegees: chrono.sitting_time(Utc::now()).num_minutes(),
        progress: Progress::of(lines.iter().map(|l| l.etat)),
        pretes,
        affaires: lines,
        id: a.id,
        date: a.date.to_string(),
        heure_debut: a.heure_debut,
        chambre: a.chambre,
        formation: a.formation,
        president: a.president,
        assesseurs: a.assesseurs,
        ministere_public: a.ministere_public,
        greffier: a.greffier,
        prevues: a.prevues,
        maximum: a.maximum,
        duree_estimee_min: a.duree_estimee_min,
        debut_reel: a.debut_reel.map(crate::domain::dates::paris_time),
        fin_reel: a.fin_reel.map(crate::domain::dates::paris_time),
        version: a.version,
    }))
}

/// Audience date of each affaire of `ids`.
pub(super) async fn audience_dates<C: ConnectionTrait>(
    db: &C,
    ids: Vec<String>,
) -> StoreResult<HashMap<String, NaiveDate>> {
    let pairs: Vec<(String, String)> = affaire::Entity::find()
        .filter(affaire::Column::Id.is_in(ids))
        .select_only()
        .column(affaire::Column::Id)
        .column(affaire::Column::AudienceId)
        .into_tuple()
        .all(db)
        .await?;
    let dates: HashMap<String, NaiveDate> = audience::Entity::find()
        .filter(audience::Column::Id.is_in(pairs.iter().map(|p| p.1.clone())))
        .select_only()
        .column(audience::Column::Id)
        .column(audience::Column::Date)
        .into_tuple::<(String, NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(pairs
        .into_iter()
        .filter_map(|(aff, aud)| dates.get(&aud).map(|d| (aff, *d)))
        .collect())
}

// ---------------------------------------------------------------- rôle order

/// Moves an affaire to position `rang` (from 1) on its rôle; the others close ranks.
pub async fn move_affaire<C: crate::store::Db>(
    db: &C,
    id: &str,
    expected: i64,
    rang: i32,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    bump(&txn, id, expected).await?;
    let mut order: Vec<affaire::Model> = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(&a.audience_id))
        .order_by_asc(affaire::Column::Rang)
        .all(&txn)
        .await?;
    let from = order
        .iter()
        .position(|x| x.id == id)
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    let moved = order.remove(from);
    let to = (std::cmp::max(rang, 1) as usize - 1).min(order.len());
    order.insert(to, moved);
    for (i, x) in order.iter().enumerate() {
        let want = i as i32 + 1;
        if x.rang != want {
            affaire::Entity::update_many()
                .col_expr(affaire::Column::Rang, Expr::value(want))
                .filter(affaire::Column::Id.eq(&x.id))
                .exec(&txn)
                .await?;
        }
    }
    actor
        .log(&txn, "role_reordonner", "affaire", id, Some(format!("rang {}", to + 1)))
        .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) async fn next_rang<C: ConnectionTrait>(txn: &C, audience_id: &str) -> StoreResult<i32> {
    crate::store::write::lock(txn, &format!("role:{audience_id}")).await?;
    let max: Option<Option<i32>> = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(audience_id))
        .select_only()
        .column_as(affaire::Column::Rang.max(), "m")
        .into_tuple()
        .one(txn)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

/// Moves an affaire still to be judged to the end of another audience's rôle (same juridiction).
pub async fn transfer_affaire<C: crate::store::Db>(
    db: &C,
    id: &str,
    expected: i64,
    target: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    let t = audience::Entity::find_by_id(target.to_owned())
        .one(&txn)
        .await?
        .filter(|t| t.juridiction_id == a.juridiction_id)
        .ok_or_else(|| StoreError::NotFound("audience de destination"))?;
    if a.etat != EtatAffaire::AJuger.code() {
        return Err(StoreError::invalid(
            "affaire",
            "Seule une affaire à juger peut changer d'audience.",
        ));
    }
    if t.id == a.audience_id {
        return Err(StoreError::invalid(
            "audience",
            "L'affaire est déjà au rôle de cette audience.",
        ));
    }
    bump(&txn, id, expected).await?;
    let rang = next_rang(&txn, &t.id).await?;
    affaire::Entity::update_many()
        .col_expr(affaire::Column::AudienceId, Expr::value(t.id.clone()))
        .col_expr(affaire::Column::Rang, Expr::value(rang))
        .filter(affaire::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "affaire_deplacer",
            "affaire",
            id,
            Some(format!("vers l'audience {}", t.id)),
        )
        .await?;
    stats::touch_audiences(&txn, &[&a.audience_id, &t.id], Default::default()).await?;
    txn.commit().await?;
    Ok(())
}
