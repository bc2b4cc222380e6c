//! Reads: from the server when it answers, else from the local copy of a prepared audience;
//! preparing an audience for offline.

use super::local::{Mem, cached, ensure_loaded, pending_for, pending_on, persist, persist_or_tell, wipe};
use super::{MEM, ask_persistence, estimate, now_ms, register_service_worker, state, sync_soon};
use crate::domain::account::CurrentUser;
use crate::domain::hearing::{AffaireDetail, AudienceDetail, NoteVersion, Voisins};
use crate::domain::offline::{KEY_SNAPSHOT, Snapshot};
use crate::error::AppError;
use crate::ui::offline::OfflineState;
use gloo_storage::{LocalStorage, Storage};

// -------------------------------------------------------------- prepare, reads

pub async fn prepare(s: OfflineState, id: String) -> Result<String, AppError> {
    let started = now_ms();
    let user = crate::api::auth::whoami().await?.ok_or(AppError::Unauthorized)?;
    let taken = crate::api::offline::take_offline(id).await?;
    ensure_loaded().await;
    let n = taken.affaires.len();
    MEM.with(|m| {
        let mut m = m.borrow_mut();
        m.status.user_id = Some(user.id);
        let Mem { snapshot, outbox, .. } = &mut *m;
        let sn = snapshot.get_or_insert_with(|| Snapshot {
            user: user.clone(),
            audiences: Vec::new(),
        });
        sn.user = user;
        sn.put(taken);
        // Changes still queued stay visible on the fresh copy.
        for q in &outbox.items {
            let auteur = sn.user.display_name.clone();
            sn.apply(q, &auteur);
        }
    });
    persist().await?;
    register_service_worker();
    ask_persistence().await;
    estimate(s).await;
    let size = LocalStorage::raw()
        .get_item(KEY_SNAPSHOT)
        .ok()
        .flatten()
        .map(|v| v.len())
        .unwrap_or(0);
    let took = now_ms() - started;
    Ok(format!(
        "Audience disponible hors ligne : {n} affaire(s), {} Ko chiffrés sur cet appareil, préparée en {:.1} s.",
        size.div_ceil(1024),
        took as f64 / 1000.0
    ))
}

pub async fn whoami(r: Result<Option<CurrentUser>, AppError>) -> Result<Option<CurrentUser>, AppError> {
    ensure_loaded().await;
    match r {
        Ok(Some(u)) => {
            // Another account signs in on this browser: the previous one's copy goes.
            let other = MEM.with(|m| m.borrow().status.user_id.is_some_and(|id| id != u.id));
            if other {
                wipe().await;
            } else if let Some(s) = state()
                && MEM.with(|m| !m.borrow().outbox.is_empty())
            {
                // Signed in again after the session expired: send what waited.
                sync_soon(s);
            }
            Ok(Some(u))
        }
        Err(AppError::Unreachable) => match cached(|s| Some(s.user.clone())) {
            Some(u) => Ok(Some(u)),
            None => Err(AppError::Unreachable),
        },
        other => other,
    }
}

pub async fn open_audience(id: String) -> Result<AudienceDetail, AppError> {
    ensure_loaded().await;
    let local = cached(|s| s.audience(&id).map(|a| a.audience.clone()));
    if let Some(a) = &local
        && pending_on(&id)
    {
        return Ok(a.clone());
    }
    match crate::api::hearings::open_audience(id).await {
        Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_else(|| unreachable!())),
        r => r,
    }
}

/// Where an affaire stands in its audience's rôle; for a prepared audience, from the local
/// copy when it holds changes not yet sent or the server cannot be reached.
pub async fn neighbours(audience_id: String, id: String) -> Result<Voisins, AppError> {
    ensure_loaded().await;
    let local = cached(|s| s.audience(&audience_id).map(|a| Voisins::in_audience(&a.audience, &id)));
    if let Some(v) = &local
        && pending_on(&audience_id)
    {
        return Ok(v.clone());
    }
    match crate::api::hearings::affaire_neighbours(id).await {
        Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_else(|| unreachable!())),
        r => r,
    }
}

pub async fn open_affaire(id: String) -> Result<AffaireDetail, AppError> {
    ensure_loaded().await;
    let local = cached(|s| s.affaire(&id).cloned());
    if let Some(a) = &local
        && pending_for(&id)
    {
        return Ok(a.clone());
    }
    match crate::api::hearings::open_affaire(id).await {
        Ok(a) => {
            if local.as_ref().is_some_and(|l| *l != a) {
                // Keep the offline copy as fresh as the page.
                MEM.with(|m| {
                    if let Some(s) = m.borrow_mut().snapshot.as_mut() {
                        let notes = s.notes(&a.id).unwrap_or_default();
                        s.refresh(a.clone(), notes);
                    }
                });
                leptos::task::spawn_local(async {
                    persist_or_tell().await;
                });
            }
            Ok(a)
        }
        Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_else(|| unreachable!())),
        r => r,
    }
}

pub async fn note_history(affaire_id: String) -> Result<Vec<NoteVersion>, AppError> {
    ensure_loaded().await;
    let local = cached(|s| s.notes(&affaire_id));
    if let Some(n) = &local
        && pending_for(&affaire_id)
    {
        return Ok(n.clone());
    }
    match crate::api::hearings::note_history(affaire_id).await {
        Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_default()),
        r => r,
    }
}

/// Why a renvoi of a prepared affaire would be refused, if it would.
pub async fn renvoi_check(affaire_id: &str, r: &crate::domain::decision::Renvoi) -> Option<String> {
    ensure_loaded().await;
    let (motifs, date) = cached(|s| {
        let a = s.affaire(affaire_id)?;
        Some((
            s.motifs(),
            chrono::NaiveDate::parse_from_str(&a.audience_date, "%Y-%m-%d").ok()?,
        ))
    })?;
    r.validate(&motifs, date).err()
}

pub async fn motifs() -> Vec<String> {
    ensure_loaded().await;
    cached(|s| Some(s.motifs())).unwrap_or_default()
}
