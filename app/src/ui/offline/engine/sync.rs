//! Synchronisation: the outbox sent in order, a refusal settled by the greffier, and what
//! is wiped at logout.

use super::local::{ensure_loaded, persist_or_tell, wipe};
use super::writes::{auteur_of, fix_after};
use super::{MEM, SYNCING, clock, estimate, now_ms, state};
use crate::domain::offline::Mutation;
use crate::error::AppError;
use crate::ui::offline::OfflineState;
use leptos::prelude::*;

// -------------------------------------------------------------- sync

/// Sends the outbox in order, batch by batch, until it is empty, the server refuses a
/// change, or the network fails. A mutation leaves the outbox only once confirmed.
pub async fn sync(s: OfflineState) {
    if SYNCING.with(|c| c.replace(true)) {
        return;
    }
    s.syncing.set(true);
    ensure_loaded().await;
    let mut sent_any = false;
    loop {
        if MEM.with(|m| m.borrow().refused.is_some()) {
            break;
        }
        let batch = MEM.with(|m| m.borrow_mut().outbox.next_batch());
        if batch.is_empty() {
            if sent_any {
                MEM.with(|m| {
                    if let Some(sn) = m.borrow_mut().snapshot.as_mut() {
                        sn.synced(now_ms());
                    }
                });
                persist_or_tell().await;
            }
            break;
        }
        // "Sent" is durable before the request leaves: a sent note is never rewritten.
        if !persist_or_tell().await {
            break;
        }
        match crate::api::offline::synchronise(batch.clone()).await {
            Ok(report) => {
                sent_any = true;
                let ids: Vec<String> = report.applied.iter().map(|a| a.id.clone()).collect();
                MEM.with(|m| {
                    let mut m = m.borrow_mut();
                    m.outbox.confirm(&ids);
                    if let Some(sn) = m.snapshot.as_mut() {
                        for a in &report.applied {
                            if let Some(q) = batch.iter().find(|q| q.id == a.id) {
                                fix_after(sn, q, &a.outcome);
                            }
                        }
                    }
                    if let Some(r) = &report.refused
                        && let Some(q) = batch.iter().find(|q| q.id == r.id)
                    {
                        m.refused = Some((q.clone(), r.clone()));
                    }
                    m.status.derniere_synchro = Some(clock());
                });
                s.online.set(true);
                s.message.set(None);
                persist_or_tell().await;
                if report.refused.is_some() {
                    break;
                }
            }
            Err(AppError::Unreachable) => {
                s.online.set(false);
                break;
            }
            Err(AppError::Unauthorized) => {
                let n = MEM.with(|m| m.borrow().outbox.len());
                s.message.set(Some(format!(
                    "Session expirée : reconnectez-vous pour envoyer les {n} modification(s) en attente ; \
                     elles restent sur cet appareil."
                )));
                break;
            }
            Err(e) => {
                s.message.set(Some(format!("Synchronisation interrompue : {e}")));
                break;
            }
        }
    }
    SYNCING.with(|c| c.set(false));
    s.syncing.set(false);
    if sent_any {
        s.revision.update(|n| *n += 1);
    }
    estimate(s).await;
}

/// The greffier chose: keep the local change (rechained on the server's version) or the
/// server's (the local change is dropped). The other queued changes of the affaire follow.
pub async fn resolve(s: OfflineState, keep_mine: bool) {
    ensure_loaded().await;
    MEM.with(|m| {
        let mut m = m.borrow_mut();
        let Some((q, r)) = m.refused.take() else {
            return;
        };
        if !keep_mine {
            m.outbox.discard(&q.id);
        }
        if let Some(copy) = r.server {
            let version = copy.affaire.version;
            let note = copy.notes.first().map(|n| n.version).unwrap_or(0);
            m.outbox.rebase(&q.affaire_id, version, note);
            let queued: Vec<Mutation> = m
                .outbox
                .items
                .iter()
                .filter(|x| x.affaire_id == q.affaire_id)
                .cloned()
                .collect();
            if let Some(sn) = m.snapshot.as_mut() {
                sn.refresh(copy.affaire, copy.notes);
                let auteur = auteur_of(sn);
                for x in &queued {
                    sn.apply(x, &auteur);
                }
            }
        }
    });
    persist_or_tell().await;
    s.revision.update(|n| *n += 1);
    sync(s).await;
}

pub async fn wipe_before_logout(force: bool) -> Result<(), String> {
    ensure_loaded().await;
    if let Some(s) = state()
        && MEM.with(|m| !m.borrow().outbox.is_empty())
        && s.online.get_untracked()
    {
        sync(s).await;
    }
    let n = MEM.with(|m| m.borrow().outbox.len());
    if n > 0 && !force {
        return Err(format!(
            "{n} modification(s) ne sont pas encore sur le serveur. Synchronisez-les avant de vous déconnecter, \
             ou confirmez la déconnexion pour les abandonner."
        ));
    }
    wipe().await;
    Ok(())
}
