//! Server functions of the président's visa of the notes d'audience (art. 453 CPP).

use crate::domain::visa::VisaView;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::domain::role::Role;

/// Where the visa of an audience's notes stands; for readers of its juridiction.
#[server(prefix = "/api", endpoint = "notes_visa", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn visa_of(audience_id: String) -> Result<VisaView, AppError> {
    use super::guard;
    let (req, user) = super::hearings::audience_scope(Role::READ_CASES, &audience_id).await?;
    crate::store::visa::view(&req.state.db, &audience_id, &user, crate::api::guard::today())
        .await
        .map_err(guard::fail)
}

/// The président of the audience vises its notes as they stand.
#[server(prefix = "/api", endpoint = "notes_viser", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn give_visa(audience_id: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = super::hearings::audience_scope(&[Role::MagistratSiege], &audience_id).await?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::visa::give(&req.state.db, &audience_id, &actor, crate::api::guard::today())
        .await
        .map_err(guard::fail)
}

/// Visas awaited: the président's to give, or, for the greffe and the direction, those
/// overdue in the juridiction.
#[server(prefix = "/api", endpoint = "visas_attendus", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn awaited_visas() -> Result<Vec<VisaView>, AppError> {
    use super::guard;
    let (req, user) =
        guard::require(&[Role::Greffier, Role::MagistratSiege, Role::Dsgj, Role::ChefJuridiction]).await?;
    crate::store::visa::awaited(&req.state.db, &user, crate::api::guard::today())
        .await
        .map_err(guard::fail)
}
