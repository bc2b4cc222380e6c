//! Notes d'audience: versioned, with their author.

use crate::domain::hearing::NoteVersion;
use crate::store::entities::note_audience;
use crate::store::{Actor, StoreError, StoreResult, new_id};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

// ---------------------------------------------------------------- note d'audience

/// Every version of an affaire's note, newest first.
pub async fn note_history<C: ConnectionTrait>(db: &C, affaire_id: &str) -> StoreResult<Vec<NoteVersion>> {
    Ok(note_audience::Entity::find()
        .filter(note_audience::Column::AffaireId.eq(affaire_id))
        .order_by_desc(note_audience::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NoteVersion {
            version: n.version,
            texte: n.texte,
            auteur: n.auteur,
            ecrite_le: crate::domain::dates::paris_time(n.ecrite_le),
        })
        .collect())
}

/// Saves a new version of the note on top of `base` (0 for the first); `Conflict` when someone
/// saved another version since. Saving an unchanged text is a no-op returning `base`.
pub async fn save_note<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    base: i64,
    texte: &str,
    actor: &Actor<'_>,
) -> StoreResult<i64> {
    if texte.len() > 200_000 {
        return Err(StoreError::invalid("note", "La note dépasse 200 000 caractères."));
    }
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let latest = note_audience::Entity::find()
        .filter(note_audience::Column::AffaireId.eq(affaire_id))
        .order_by_desc(note_audience::Column::Version)
        .one(&txn)
        .await?;
    let current = latest.as_ref().map(|n| n.version).unwrap_or(0);
    if current != base {
        return Err(StoreError::Stale("la note a été enregistrée par quelqu'un d'autre entre-temps ; votre texte est conservé, comparez-le avec la version actuelle".into()));
    }
    if latest.as_ref().is_some_and(|n| n.texte == texte) {
        return Ok(current);
    }
    // The unique (affaire, version) index settles two simultaneous first saves.
    note_audience::ActiveModel {
        id: Set(new_id()),
        affaire_id: Set(affaire_id.to_owned()),
        version: Set(current + 1),
        texte: Set(texte.to_owned()),
        auteur_id: Set(actor.user.id),
        auteur: Set(actor.user.display_name.clone()),
        ecrite_le: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { foreign_key: false, .. } => {
            StoreError::Stale("la note vient d'être enregistrée par quelqu'un d'autre".into())
        }
        other => other,
    })?;
    actor
        .log(
            &txn,
            "note_enregistrer",
            "affaire",
            affaire_id,
            Some(format!("version {}", current + 1)),
        )
        .await?;
    txn.commit().await?;
    Ok(current + 1)
}
