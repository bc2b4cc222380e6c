//! What each role sees first: next audiences, assigned pourvois, headline figures.

use crate::domain::hearing::{AudienceSummary, Headline, PourvoiSummary};
use crate::domain::juridiction::Juridiction;
use crate::error::AppError;
use leptos::prelude::*;

/// The next audiences of the greffier's juridiction (theirs first when they have some).
#[server(prefix = "/api", endpoint = "mes_audiences", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn my_audiences() -> Result<Vec<AudienceSummary>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    use crate::store::cases;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    let today = crate::api::guard::today();
    let mine = cases::next_audiences(&req.state.db, user.juridiction_id, Some(user.id), today, 10)
        .await
        .map_err(guard::fail)?;
    if !mine.is_empty() {
        return Ok(mine);
    }
    cases::next_audiences(&req.state.db, user.juridiction_id, None, today, 10)
        .await
        .map_err(guard::fail)
}

/// One audience's summary; only for users of its juridiction.
#[server(prefix = "/api", endpoint = "audience_resume", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn audience_overview(id: String) -> Result<AudienceSummary, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    use crate::store::cases;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    let not_found = || guard::fail(AppError::NotFound("audience".into()));
    let juridiction = cases::audience_juridiction(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(not_found)?;
    // Another juridiction's audience answers exactly like a missing one: no existence leak.
    if juridiction != user.juridiction_id {
        return Err(not_found());
    }
    cases::audience_summary(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(not_found)
}

/// Open pourvois assigned to the magistrat (rapporteur or avocat général).
#[server(prefix = "/api", endpoint = "mes_pourvois", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn my_pourvois() -> Result<Vec<PourvoiSummary>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(&[Role::MagistratSiege, Role::MagistratParquet]).await?;
    crate::store::cases::my_pourvois(&req.state.db, user.juridiction_id, user.id, 20)
        .await
        .map_err(guard::fail)
}

/// Juridictions whose figures the user may read: their own, and a cour d'appel's tribunaux.
#[server(prefix = "/api", endpoint = "juridictions_visibles", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn visible_juridictions() -> Result<Vec<Juridiction>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_INDICATORS).await?;
    guard::visible_juridictions(&req.state.db, &user)
        .await
        .map_err(guard::fail)
}

/// Headline figures of a juridiction the user may see (their own when `juridiction` is absent).
#[server(prefix = "/api", endpoint = "chiffres_cles", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn headline_figures(juridiction: Option<i64>) -> Result<Headline, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_INDICATORS).await?;
    let target = juridiction.unwrap_or(user.juridiction_id);
    if !guard::may_see(&req, &user, target).await.map_err(guard::fail)? {
        return Err(guard::fail(AppError::Forbidden));
    }
    crate::store::cases::headline(&req.state.db, target, guard::today())
        .await
        .map_err(guard::fail)
}
