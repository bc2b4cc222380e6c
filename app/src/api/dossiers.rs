//! Server functions of Cour de cassation dossiers. Registration is for the greffe of the
//! Cour de cassation; reading for its magistrats and direction.

use crate::domain::pourvoi::{PourvoiDetail, PourvoiForm};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::domain::role::Role;

/// Registers a pourvoi; returns its id.
#[server(prefix = "/api", endpoint = "pourvoi_enregistrer", input = Json)]
pub async fn register_pourvoi(form: PourvoiForm) -> Result<String, AppError> {
    use super::guard;
    let (req, user) = guard::require(&[Role::Greffier]).await?;
    if !user.at_cassation() {
        return Err(guard::fail(AppError::Forbidden));
    }
    let valid = form
        .validate(crate::store::cases::paris_today())
        .map_err(|(f, m)| guard::fail(AppError::validation(&f, m)))?;
    let actor = crate::store::hearings::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::dossiers::register_pourvoi(&req.state.db, &valid, &actor)
        .await
        .map_err(guard::fail)
}

/// A dossier with its deadlines and timeline; only for users of its juridiction.
#[server(prefix = "/api", endpoint = "pourvoi", input = Json)]
pub async fn open_pourvoi(id: String) -> Result<PourvoiDetail, AppError> {
    use super::guard;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    let not_found = || guard::fail(AppError::NotFound("pourvoi".into()));
    match crate::store::dossiers::pourvoi_juridiction(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
    {
        Some(j) if j == user.juridiction_id => {}
        _ => return Err(not_found()),
    }
    crate::store::dossiers::pourvoi_detail(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(not_found)
}
