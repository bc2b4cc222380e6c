//! Hearings, one room per use case: audiences and their rôle (`audiences`), rôle import
//! (`role_import`), affaires and their preparation (`affaires`), decisions and renvois
//! (`decisions`), notes d'audience (`notes`). Every change to an affaire checks and bumps its
//! `version` (optimistic concurrency) inside one transaction. Callers check the juridiction
//! first.

pub mod affaires;
pub mod audiences;
pub mod decisions;
pub mod notes;
pub mod role_import;

use crate::domain::hearing::Chrono;
use crate::store::entities::{affaire, audience, prevenu};
use crate::store::{StoreError, StoreResult};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

fn conflict() -> StoreError {
    StoreError::Stale("l'affaire a été modifiée par quelqu'un d'autre entre-temps ; votre saisie est conservée, comparez-la avec la version actuelle".into())
}

/// Bumps an affaire's version if it is still `expected`; `Conflict` otherwise.
async fn bump<C: ConnectionTrait>(txn: &C, id: &str, expected: i64) -> StoreResult<()> {
    let res = affaire::Entity::update_many()
        .col_expr(affaire::Column::Version, Expr::col(affaire::Column::Version).add(1))
        .filter(affaire::Column::Id.eq(id))
        .filter(affaire::Column::Version.eq(expected))
        .exec(txn)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(conflict())
    }
}

/// The prévenu `prevenu_id` if it belongs to `affaire_id`; `NotFound` otherwise.
async fn prevenu_of<C: ConnectionTrait>(db: &C, affaire_id: &str, prevenu_id: &str) -> StoreResult<prevenu::Model> {
    prevenu::Entity::find_by_id(prevenu_id.to_owned())
        .one(db)
        .await?
        .filter(|p| p.affaire_id == affaire_id)
        .ok_or_else(|| StoreError::NotFound("prévenu"))
}

// ---------------------------------------------------------------- audiences

/// Juridiction of an affaire, for access checks.
pub async fn affaire_juridiction<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<i64>> {
    Ok(affaire::Entity::find_by_id(id.to_owned())
        .select_only()
        .column(affaire::Column::JuridictionId)
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

pub(super) fn chrono_of(a: &audience::Model) -> Chrono {
    Chrono {
        debut: a.debut_reel,
        suspensions: serde_json::from_str(&a.suspensions).unwrap_or_default(),
        fin: a.fin_reel,
    }
}

fn prevenu_label(p: &prevenu::Model) -> String {
    let mut s = format!("{} {}", p.nom, p.prenom).trim().to_owned();
    if p.statut == "detenu" {
        s.push_str(" (détenu)");
    }
    s
}
