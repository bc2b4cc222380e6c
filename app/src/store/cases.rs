//! Read models of hearings and pourvois for home pages.

use super::StoreResult;
use super::entities::{affaire, audience, pourvoi};
use crate::domain::hearing::{AudienceSummary, EtatAffaire, Headline, PourvoiSummary, Progress};
use crate::domain::pourvoi::Stade;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

async fn progress_by_audience<C: ConnectionTrait>(db: &C, ids: Vec<String>) -> StoreResult<HashMap<String, Progress>> {
    let rows: Vec<(String, String, i64)> = affaire::Entity::find()
        .select_only()
        .column(affaire::Column::AudienceId)
        .column(affaire::Column::Etat)
        .column_as(Expr::col(affaire::Column::Id).count(), "n")
        .filter(affaire::Column::AudienceId.is_in(ids))
        .group_by(affaire::Column::AudienceId)
        .group_by(affaire::Column::Etat)
        .into_tuple()
        .all(db)
        .await?;
    let mut map: HashMap<String, Progress> = HashMap::new();
    for (id, etat, n) in rows {
        let p = map.entry(id).or_default();
        match EtatAffaire::parse(&etat) {
            Some(EtatAffaire::Jugee) => p.jugees += n,
            Some(EtatAffaire::Renvoyee) => p.renvoyees += n,
            _ => p.restantes += n,
        }
    }
    Ok(map)
}

/// The next audiences of a juridiction from `from` on, soonest first; those of `greffier_id`
/// only when given.
pub async fn next_audiences<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    greffier_id: Option<i64>,
    from: NaiveDate,
    limit: u64,
) -> StoreResult<Vec<AudienceSummary>> {
    let mut q = audience::Entity::find()
        .filter(audience::Column::JuridictionId.eq(juridiction_id))
        .filter(audience::Column::Date.gte(from))
        .order_by_asc(audience::Column::Date)
        .order_by_asc(audience::Column::HeureDebut)
        .limit(limit);
    if let Some(g) = greffier_id {
        q = q.filter(audience::Column::GreffierId.eq(g));
    }
    summaries(db, q.all(db).await?).await
}

/// One audience's summary.
pub async fn audience_summary<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<AudienceSummary>> {
    let rows = audience::Entity::find_by_id(id.to_owned()).all(db).await?;
    Ok(summaries(db, rows).await?.pop())
}

pub(crate) async fn summaries<C: ConnectionTrait>(
    db: &C,
    rows: Vec<audience::Model>,
) -> StoreResult<Vec<AudienceSummary>> {
    let progress = progress_by_audience(db, rows.iter().map(|a| a.id.clone()).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|a| AudienceSummary {
            progress: progress.get(&a.id).copied().unwrap_or_default(),
            id: a.id,
            date: a.date.to_string(),
            heure_debut: a.heure_debut,
            chambre: a.chambre,
            formation: a.formation,
            president: a.president,
            prevues: i64::from(a.prevues),
        })
        .collect())
}

/// Open pourvois where `user_id` is conseiller rapporteur or avocat général.
pub async fn my_pourvois<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    user_id: i64,
    limit: u64,
) -> StoreResult<Vec<PourvoiSummary>> {
    let rows = pourvoi::Entity::find()
        .filter(pourvoi::Column::JuridictionId.eq(juridiction_id))
        .filter(
            Condition::any()
                .add(pourvoi::Column::RapporteurId.eq(user_id))
                .add(pourvoi::Column::AvocatGeneralId.eq(user_id)),
        )
        .filter(pourvoi::Column::Stade.ne(Stade::Arret.code()))
        .order_by_asc(pourvoi::Column::DatePourvoi)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| PourvoiSummary {
            id: p.id,
            numero: p.numero,
            matiere: p.matiere,
            chambre: p.chambre,
            stade: super::pourvois::stade(&p.stade),
            date_pourvoi: p.date_pourvoi.to_string(),
            demandeur: p.demandeur,
        })
        .collect())
}

/// Headline figures of one juridiction, counted now from the data.
/// The headline figures of a juridiction on `today`.
pub async fn headline<C: ConnectionTrait>(db: &C, juridiction_id: i64, today: NaiveDate) -> StoreResult<Headline> {
    let count_etat = |etat: EtatAffaire| {
        affaire::Entity::find()
            .filter(affaire::Column::JuridictionId.eq(juridiction_id))
            .filter(affaire::Column::Etat.eq(etat.code()))
            .count(db)
    };
    Ok(Headline {
        audiences_a_venir: audience::Entity::find()
            .filter(audience::Column::JuridictionId.eq(juridiction_id))
            .filter(audience::Column::Date.gte(today))
            .count(db)
            .await? as i64,
        affaires_jugees: count_etat(EtatAffaire::Jugee).await? as i64,
        affaires_renvoyees: count_etat(EtatAffaire::Renvoyee).await? as i64,
        affaires_restantes: count_etat(EtatAffaire::AJuger).await? as i64,
        pourvois_en_stock: pourvoi::Entity::find()
            .filter(pourvoi::Column::JuridictionId.eq(juridiction_id))
            .filter(pourvoi::Column::Stade.ne(Stade::Arret.code()))
            .count(db)
            .await? as i64,
        computed_at: crate::domain::dates::paris_time(Utc::now()),
    })
}

/// Juridiction of an audience, for access checks.
pub async fn audience_juridiction<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<i64>> {
    Ok(audience::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .map(|a| a.juridiction_id))
}
