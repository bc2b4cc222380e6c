//! Backfills that a migration asks for but cannot do itself (they need the domain's types):
//! the migration lists them in the `backfill` table; each runs once at the next start, in its
//! own transaction with the removal of its row, so a crash leaves it to run again.

use super::StoreResult;
use super::entities::{audience, decision, peine, pourvoi};
use super::stats;
use crate::domain::decision::Peine;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement};

/// The backfills in the order they must run (the recount last: it reads the others' rows).
const ORDER: [&str; 5] = [
    "peines",
    "minutes_siegees",
    "pourvoi_mots",
    "decision_codes",
    "stat_cell",
];

/// Rows read per page.
const PAGE: u64 = 5_000;

/// Runs the pending backfills; returns those run, with the number of rows each wrote.
pub async fn run<C: super::Db>(db: &C) -> StoreResult<Vec<(&'static str, u64)>> {
    let backend = db.get_database_backend();
    let pending: Vec<String> = db
        .query_all_raw(Statement::from_string(backend, "SELECT tache FROM backfill"))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let mut done = Vec::new();
    for tache in ORDER.into_iter().filter(|t| pending.iter().any(|p| p == t)) {
        let (_turn, txn) = super::write::begin(db).await?;
        let rows = match tache {
            "peines" => peines(&txn).await?,
            "minutes_siegees" => minutes_siegees(&txn).await?,
            "pourvoi_mots" => pourvoi_mots(&txn).await?,
            "decision_codes" => decision_codes(&txn).await?,
            _ => {
                stats::rebuild(&txn).await?;
                0
            }
        };
        txn.execute_raw(stats::stmt(
            backend,
            "DELETE FROM backfill WHERE tache = ?",
            vec![tache.into()],
        ))
        .await?;
        txn.commit().await?;
        tracing::info!("backfill {tache} done: {rows} row(s)");
        done.push((tache, rows));
    }
    Ok(done)
}

/// One `peine` row per peine of each decision's JSON.
async fn peines<C: ConnectionTrait>(db: &C) -> StoreResult<u64> {
    let mut after = String::new();
    let mut written = 0;
    loop {
        let page: Vec<(String, String)> = decision::Entity::find()
            .filter(decision::Column::Id.gt(after.clone()))
            .filter(decision::Column::Peines.ne("[]"))
            .select_only()
            .column(decision::Column::Id)
            .column(decision::Column::Peines)
            .order_by_asc(decision::Column::Id)
            .limit(PAGE)
            .into_tuple()
            .all(db)
            .await?;
        let Some((last, _)) = page.last() else {
            return Ok(written);
        };
        after = last.clone();
        let ids: Vec<String> = page.iter().map(|(id, _)| id.clone()).collect();
        // Idempotent: a decision already split (recorded since the migration) is skipped.
        peine::Entity::delete_many()
            .filter(peine::Column::DecisionId.is_in(ids))
            .exec(db)
            .await?;
        let rows: Vec<peine::ActiveModel> = page
            .iter()
            .flat_map(|(id, json)| {
                let list: Vec<Peine> = serde_json::from_str(json).unwrap_or_else(|e| {
                    tracing::warn!("backfill peines: decision {id} has unreadable peines ({e}); none counted");
                    Vec::new()
                });
                super::hearings::decisions::peine_models(id, &list)
            })
            .collect();
        written += rows.len() as u64;
        for chunk in rows.chunks(400) {
            peine::Entity::insert_many(chunk.to_vec()).exec(db).await?;
        }
    }
}

/// The sense and sanction codes of every decision, from its JSON (they replace the labels
/// the decision rows used to carry).
async fn decision_codes<C: ConnectionTrait>(db: &C) -> StoreResult<u64> {
    use crate::domain::decision::Decision;
    let mut after = String::new();
    let mut written = 0;
    loop {
        let page: Vec<(String, String)> = decision::Entity::find()
            .filter(decision::Column::Id.gt(after.clone()))
            .select_only()
            .column(decision::Column::Id)
            .column(decision::Column::Details)
            .order_by_asc(decision::Column::Id)
            .limit(PAGE)
            .into_tuple()
            .all(db)
            .await?;
        let Some((last, _)) = page.last() else {
            return Ok(written);
        };
        after = last.clone();
        for (id, json) in page {
            let Ok(d) = serde_json::from_str::<Decision>(&json) else {
                tracing::warn!("backfill decision_codes: decision {id} is unreadable; left without codes");
                continue;
            };
            written += 1;
            decision::Entity::update_many()
                .col_expr(
                    decision::Column::Sens,
                    Expr::value(d.sens().map(|s| s.code()).unwrap_or_default()),
                )
                .col_expr(
                    decision::Column::SanctionCode,
                    Expr::value(d.sanction.map(|s| s.code()).unwrap_or_default()),
                )
                .filter(decision::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
    }
}

/// The sitting time of every closed audience, from its chrono.
async fn minutes_siegees<C: ConnectionTrait>(db: &C) -> StoreResult<u64> {
    let mut after = String::new();
    let mut written = 0;
    loop {
        let page = audience::Entity::find()
            .filter(audience::Column::Id.gt(after.clone()))
            .filter(audience::Column::FinReel.is_not_null())
            .order_by_asc(audience::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(written);
        };
        after = last.id.clone();
        for a in page {
            let chrono = super::hearings::chrono_of(&a);
            let Some(end) = chrono.fin else { continue };
            written += 1;
            audience::Entity::update_many()
                .col_expr(
                    audience::Column::MinutesSiegees,
                    Expr::value(chrono.sitting_time(end).num_minutes()),
                )
                .filter(audience::Column::Id.eq(a.id))
                .exec(db)
                .await?;
        }
    }
}

/// The search words of every pourvoi (`pourvoi_mot`), written afresh.
async fn pourvoi_mots<C: ConnectionTrait>(db: &C) -> StoreResult<u64> {
    super::entities::pourvoi_mot::Entity::delete_many().exec(db).await?;
    let mut after = String::new();
    let mut written = 0;
    loop {
        let page = pourvoi::Entity::find()
            .filter(pourvoi::Column::Id.gt(after.clone()))
            .order_by_asc(pourvoi::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            return Ok(written);
        };
        after = last.id.clone();
        written += page.len() as u64;
        super::pourvois::search::index_words(db, page.iter().map(super::pourvois::search::Words::of)).await?;
    }
}
