//! Offline hearings: the audience a browser takes away, and the changes it brings back, each
//! applied once. A change and its mutation row commit together; a replay of an applied id
//! answers the recorded outcome and changes nothing.

use super::Actor;
use super::entities::mutation;
use super::hearings;
use super::{StoreError, StoreResult};
use crate::domain::hearing::is_uuid;
use crate::domain::offline::{Applied, Mutation, OfflineAudience, Operation, Outcome, ServerCopy};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

/// How long browsers keep an audience taken offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days after the audience's date.
    pub days: u32,
    /// Hours after everything typed reached the server.
    pub hours_after_sync: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            days: 2,
            hours_after_sync: 12,
        }
    }
}

/// Everything needed to run audience `id` without network; `None` if it does not exist.
pub async fn take<C: ConnectionTrait>(
    db: &C,
    id: &str,
    retention: Retention,
    today: chrono::NaiveDate,
) -> StoreResult<Option<OfflineAudience>> {
    let Some(audience) = hearings::audiences::audience_detail(db, id).await? else {
        return Ok(None);
    };
    let mut affaires = Vec::with_capacity(audience.affaires.len());
    let mut notes = Vec::with_capacity(audience.affaires.len());
    for line in &audience.affaires {
        if let Some(a) = hearings::affaires::affaire_detail(db, &line.id).await? {
            notes.push((a.id.clone(), hearings::notes::note_history(db, &a.id).await?));
            affaires.push(a);
        }
    }
    let motifs = hearings::role_import::list_labels(db, "renvoi_motif")
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    // Kept until the end (Paris time) of the audience's day plus `days`.
    let day = chrono::NaiveDate::parse_from_str(&audience.date, "%Y-%m-%d").unwrap_or(today);
    let until = (day + chrono::Duration::days(i64::from(retention.days) + 1))
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(chrono_tz::Europe::Paris).earliest())
        .map(|t| t.timestamp_millis())
        .unwrap_or(i64::MAX);
    Ok(Some(OfflineAudience {
        garder_jusqu_au: until,
        delai_apres_synchro_ms: i64::from(retention.hours_after_sync) * 3_600_000,
        audience,
        affaires,
        notes,
        motifs,
        prise_le: crate::domain::dates::paris_time(Utc::now()),
    }))
}

/// The server's copy of an affaire, shown beside a refused change.
pub async fn server_copy<C: ConnectionTrait>(db: &C, affaire_id: &str) -> StoreResult<Option<ServerCopy>> {
    let Some(affaire) = hearings::affaires::affaire_detail(db, affaire_id).await? else {
        return Ok(None);
    };
    let notes = hearings::notes::note_history(db, affaire_id).await?;
    Ok(Some(ServerCopy { affaire, notes }))
}

/// The recorded outcome of mutation `id` if it was applied, for its author only.
async fn recorded<C: ConnectionTrait>(db: &C, id: &str, user_id: i64) -> StoreResult<Option<Outcome>> {
    match mutation::Entity::find_by_id(id.to_owned()).one(db).await? {
        None => Ok(None),
        Some(row) if row.user_id == user_id => serde_json::from_str(&row.outcome)
            .map(Some)
            .map_err(|e| StoreError::Defect(format!("unreadable outcome of mutation {id}: {e}"))),
        Some(_) => Err(StoreError::invalid(
            "mutation",
            "Identifiant de modification déjà utilisé par un autre compte.",
        )),
    }
}

/// Applies `m` once: its change and its mutation row in one transaction. The caller checked
/// the session, the role and the affaire's juridiction.
pub async fn apply<C: super::Db>(db: &C, m: &Mutation, actor: &Actor<'_>) -> StoreResult<Applied> {
    if !is_uuid(&m.id) {
        return Err(StoreError::invalid("mutation", "Identifiant de modification invalide."));
    }
    let user_id = actor.user.id;
    if let Some(outcome) = recorded(db, &m.id, user_id).await? {
        return Ok(Applied {
            id: m.id.clone(),
            outcome,
            deja: true,
        });
    }
    match write(db, m, actor).await {
        Ok(outcome) => Ok(Applied {
            id: m.id.clone(),
            outcome,
            deja: false,
        }),
        // A busy database changed nothing: the whole request is retried in one place.
        Err(StoreError::Busy) => Err(StoreError::Busy),
        // The same id sent twice at once: the copy that lost the race finds the winner's row
        // (its own failure being a version conflict or a duplicate key).
        Err(e) => match recorded(db, &m.id, user_id).await? {
            Some(outcome) => Ok(Applied {
                id: m.id.clone(),
                outcome,
                deja: true,
            }),
            None => Err(e),
        },
    }
}

/// The change and its mutation row, in one transaction.
async fn write<C: super::Db>(db: &C, m: &Mutation, actor: &Actor<'_>) -> StoreResult<Outcome> {
    let (_turn, txn) = super::write::begin(db).await?;
    let outcome = match &m.op {
        Operation::Note { base, texte } => {
            Outcome::Note(hearings::notes::save_note(&txn, &m.affaire_id, *base, texte, actor).await?)
        }
        Operation::Decision {
            version,
            prevenu_id,
            decision,
        } => {
            hearings::decisions::record_decision(&txn, &m.affaire_id, *version, prevenu_id, decision, actor).await?;
            Outcome::Decision
        }
        Operation::Renvoi { version, renvoi } => {
            Outcome::Renvoi(hearings::decisions::record_renvoi(&txn, &m.affaire_id, *version, renvoi, actor).await?)
        }
    };
    mutation::ActiveModel {
        id: Set(m.id.clone()),
        user_id: Set(actor.user.id),
        affaire_id: Set(m.affaire_id.clone()),
        kind: Set(m.op.kind().to_owned()),
        outcome: Set(serde_json::to_string(&outcome)
            .map_err(|e| StoreError::Defect(format!("unwritable mutation outcome: {e}")))?),
        applied_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(outcome)
}
