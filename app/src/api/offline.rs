//! Server functions of offline hearings: taking an audience away and bringing its changes
//! back. Same checks as the online ones: session, role, and the juridiction of each record.

use crate::domain::offline::{Mutation, OfflineAudience, ServerCopy};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The first mutation the server could not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Refused {
    pub id: String,
    pub error: AppError,
    /// On a conflict or a refusal: the server's current copy of the affaire.
    pub server: Option<ServerCopy>,
}

/// Answer to one sync request: the mutations applied, in order, then the first refused one
/// (the rest were not tried, to keep the order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SyncReport {
    pub applied: Vec<crate::domain::offline::Applied>,
    pub refused: Option<Refused>,
}

/// Everything the courtroom needs to run audience `id` without network.
#[server(prefix = "/api", endpoint = "audience_hors_ligne", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn take_offline(id: String) -> Result<OfflineAudience, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::RECORD_HEARINGS).await?;
    if crate::store::cases::audience_juridiction(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
        != Some(user.juridiction_id)
    {
        return Err(guard::fail(AppError::NotFound("audience".into())));
    }
    crate::store::offline::take(&req.state.db, &id, req.state.offline, guard::today())
        .await
        .map_err(guard::fail)?
        .ok_or_else(|| guard::fail(AppError::NotFound("audience".into())))
}

/// Applies queued changes in order, each once. Stops at the first one refused on business
/// grounds (conflict, invalid), reporting it with the server's copy of its affaire; a change
/// outside the caller's rights fails the whole request (those before it stay applied, and a
/// replay of them changes nothing).
#[server(prefix = "/api", endpoint = "synchroniser", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn synchronise(mutations: Vec<Mutation>) -> Result<SyncReport, AppError> {
    use super::guard;
    use crate::domain::offline::{Operation, SYNC_BATCH};
    use crate::domain::role::Role;
    use crate::store::Actor;
    use crate::store::StoreError;
    let (req, user) = guard::require(Role::RECORD_HEARINGS).await?;
    if mutations.len() > SYNC_BATCH {
        return Err(guard::fail(AppError::validation(
            "mutations",
            format!("Au plus {SYNC_BATCH} modifications par envoi."),
        )));
    }
    let db = &req.state.db;
    let actor = Actor {
        user: &user,
        ip: &req.ip,
    };
    let mut report = SyncReport::default();
    for m in &mutations {
        if matches!(m.op, Operation::Note { .. }) && !user.has_role(&[Role::Greffier]) {
            return Err(guard::fail(AppError::Forbidden));
        }
        if crate::store::hearings::affaire_juridiction(db, &m.affaire_id)
            .await
            .map_err(guard::fail)?
            != Some(user.juridiction_id)
        {
            return Err(guard::fail(AppError::NotFound("affaire".into())));
        }
        match crate::store::offline::apply(db, m, &actor).await {
            Ok(applied) => report.applied.push(applied),
            // Refused on business grounds: the greffier settles it; anything else fails.
            Err(
                e @ (StoreError::Stale(_)
                | StoreError::Rule(_)
                | StoreError::NotFound(_)
                | StoreError::Duplicate(_)
                | StoreError::Conflict { .. }),
            ) => {
                let server = crate::store::offline::server_copy(db, &m.affaire_id)
                    .await
                    .map_err(guard::fail)?;
                report.refused = Some(Refused {
                    id: m.id.clone(),
                    error: e.into(),
                    server,
                });
                break;
            }
            Err(e) => return Err(guard::fail(e)),
        }
    }
    Ok(report)
}
