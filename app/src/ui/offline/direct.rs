//! Server rendering of the offline module's calls: straight to the server functions (the
//! server keeps nothing locally; event handlers that would queue or sync never run here).

use super::OfflineState;
use crate::domain::account::CurrentUser;
use crate::domain::decision::{Decision, Renvoi};
use crate::domain::hearing::{AffaireDetail, AudienceDetail, NoteVersion, RenvoiOutcome, Voisins};
use crate::error::AppError;

/// Nothing to start on the server.
pub fn start(_: OfflineState) {}

/// The signed-in user; offline, the one who prepared the local copy.
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    crate::api::auth::whoami().await
}

pub async fn open_audience(id: String) -> Result<AudienceDetail, AppError> {
    crate::api::hearings::open_audience(id).await
}

pub async fn affaire_neighbours(_audience_id: String, id: String) -> Result<Voisins, AppError> {
    crate::api::hearings::affaire_neighbours(id).await
}

pub async fn open_affaire(id: String) -> Result<AffaireDetail, AppError> {
    crate::api::hearings::open_affaire(id).await
}

pub async fn note_history(affaire_id: String) -> Result<Vec<NoteVersion>, AppError> {
    crate::api::hearings::note_history(affaire_id).await
}

pub async fn renvoi_motifs() -> Result<Vec<String>, AppError> {
    crate::api::hearings::renvoi_motifs().await
}

/// Saves a note version; returns the version it becomes.
pub async fn save_note(affaire_id: String, base: i64, texte: String) -> Result<i64, AppError> {
    crate::api::hearings::save_note(affaire_id, base, texte).await
}

pub async fn record_decision(
    affaire_id: String,
    version: i64,
    prevenu_id: String,
    decision: Decision,
) -> Result<(), AppError> {
    crate::api::hearings::record_decision(affaire_id, version, prevenu_id, decision).await
}

/// Records a renvoi. Queued offline, the outcome has no audience yet (empty ids).
pub async fn record_renvoi(affaire_id: String, version: i64, renvoi: Renvoi) -> Result<RenvoiOutcome, AppError> {
    crate::api::hearings::record_renvoi(affaire_id, version, renvoi).await
}

/// Keeps a draft on this device, sealed (the note typed between two saves).
pub fn keep_draft(_key: String, _text: String) {}

/// The draft kept under `key`, if any.
pub async fn draft(_key: &str) -> Option<String> {
    None
}

pub fn drop_draft(_key: &str) {}

/// Wipes what this browser keeps, then runs `then` (logout). With changes still queued, it
/// first tries to send them and, if some remain, asks before dropping them.
pub async fn wipe_before_logout(_force: bool) -> Result<(), String> {
    Ok(())
}

/// Only a browser takes an audience offline.
pub async fn prepare(_: OfflineState, _id: String) -> Result<String, AppError> {
    Err(AppError::Unreachable)
}

pub fn sync_soon(_: OfflineState) {}

pub async fn resolve(_: OfflineState, _keep_mine: bool) {}
