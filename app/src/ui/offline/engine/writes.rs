//! Changes: a mutation applied to the local copy and sent, or queued without network.

use super::local::{cached, ensure_loaded, persist, persist_or_tell};
use super::{MEM, clock, state, sync_soon};
use crate::domain::offline::{Mutation, Operation, Outcome, Snapshot};
use crate::error::AppError;
use leptos::prelude::*;

// -------------------------------------------------------------- writes

/// A mutation for a change on a prepared affaire; `None` for others (sent directly).
pub async fn mutation(affaire_id: &str, op: Operation) -> Option<Mutation> {
    ensure_loaded().await;
    let audience_id = cached(|s| {
        s.audiences
            .iter()
            .find(|a| a.affaires.iter().any(|x| x.id == affaire_id))
            .map(|a| a.audience.id.clone())
    })?;
    let id = window().crypto().ok()?.random_uuid();
    Some(Mutation {
        id,
        audience_id,
        affaire_id: affaire_id.to_owned(),
        cree_le: clock(),
        op,
        envoyee: false,
    })
}

pub(super) fn auteur() -> String {
    cached(|s| Some(s.user.display_name.clone())).unwrap_or_default()
}

/// Sends `m` at once when nothing is queued and the network is there; otherwise (or if
/// the server cannot be reached) queues it durably. Returns the mutation as applied
/// locally (a note may merge into a queued one) and the server's outcome if it answered.
pub async fn submit(mut m: Mutation) -> Result<(Mutation, Option<Outcome>), AppError> {
    let s = state();
    let online = s.is_some_and(|s| s.online.get_untracked());
    let queue_empty = MEM.with(|x| x.borrow().outbox.is_empty() && x.borrow().refused.is_none());
    if online && queue_empty {
        match crate::api::offline::synchronise(vec![m.clone()]).await {
            Ok(report) => {
                if let Some(a) = report.applied.into_iter().next() {
                    let who = auteur();
                    MEM.with(|x| {
                        if let Some(sn) = x.borrow_mut().snapshot.as_mut() {
                            sn.apply(&m, &who);
                            fix_after(sn, &m, &a.outcome);
                        }
                    });
                    persist_or_tell().await;
                    return Ok((m, Some(a.outcome)));
                }
                if let Some(r) = report.refused {
                    if let Some(copy) = r.server {
                        MEM.with(|x| {
                            if let Some(sn) = x.borrow_mut().snapshot.as_mut() {
                                sn.refresh(copy.affaire, copy.notes);
                            }
                        });
                        persist_or_tell().await;
                    }
                    return Err(r.error);
                }
                return Err(AppError::Internal);
            }
            // It may have reached the server: the replay will be recognised by its id.
            Err(AppError::Unreachable) => {
                m.envoyee = true;
                if let Some(s) = s {
                    s.online.set(false);
                }
            }
            Err(e) => return Err(e),
        }
    }
    let applied = MEM.with(|x| {
        let mut x = x.borrow_mut();
        x.outbox.push(m);
        let last = x.outbox.items.last().cloned();
        if let (Some(sn), Some(q)) = (x.snapshot.as_mut(), &last) {
            sn.apply(q, &auteur_of(sn));
        }
        last
    });
    let applied = applied.ok_or(AppError::Internal)?;
    persist().await?;
    if let Some(s) = s
        && s.online.get_untracked()
    {
        sync_soon(s);
    }
    Ok((applied, None))
}

pub(super) fn auteur_of(s: &Snapshot) -> String {
    s.user.display_name.clone()
}

/// Aligns the local copy with what the server said it did.
pub(super) fn fix_after(sn: &mut Snapshot, m: &Mutation, outcome: &Outcome) {
    if let (Operation::Renvoi { .. }, Outcome::Renvoi(o)) = (&m.op, outcome)
        && let Some(a) = sn
            .audiences
            .iter_mut()
            .flat_map(|a| a.affaires.iter_mut())
            .find(|a| a.id == m.affaire_id)
        && let Some(r) = a.renvoi.as_mut()
    {
        r.audience_cible_id = Some(o.audience_id.clone());
        r.nouvelle_affaire_id = Some(o.affaire_id.clone());
    }
}
