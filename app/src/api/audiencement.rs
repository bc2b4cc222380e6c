//! Server functions of audiencement at the Cour de cassation, the correction of a
//! déclaration's date, and the certificat de non-pourvoi.

use crate::domain::pourvoi::{Certificat, SeanceForm, SeanceLigne, SeanceView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::dossiers::{cassation_reader, greffe};

/// Creates a séance of a chambre; returns its id.
#[server(prefix = "/api", endpoint = "seance_creer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn create_seance(form: SeanceForm) -> Result<String, AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let valid = form
        .validate(guard::today())
        .map_err(|(f, m)| guard::fail(AppError::validation(&f, m)))?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::audiencement::create_seance(&req.state.db, &valid, &actor)
        .await
        .map_err(guard::fail)
}

/// The coming séances (one chambre's, or all).
#[server(prefix = "/api", endpoint = "seances", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn list_seances(chambre: Option<String>) -> Result<Vec<SeanceLigne>, AppError> {
    let (req, user) = cassation_reader().await?;
    let chambre = chambre.filter(|c| !c.is_empty());
    crate::store::pourvois::audiencement::seances(
        &req.state.db,
        user.juridiction_id,
        chambre.as_deref(),
        super::guard::today(),
    )
    .await
    .map_err(super::guard::fail)
}

/// A séance and its rôle.
#[server(prefix = "/api", endpoint = "seance", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn open_seance(id: String) -> Result<SeanceView, AppError> {
    use super::guard;
    let (req, user) = cassation_reader().await?;
    crate::store::pourvois::audiencement::seance_view(&req.state.db, &id, user.juridiction_id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(|| guard::fail(AppError::NotFound("séance".into())))
}

/// Schedules a ready dossier to a séance of its chambre.
#[server(prefix = "/api", endpoint = "pourvoi_audiencer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn schedule_pourvoi(id: String, version: i64, seance: String) -> Result<(), AppError> {
    let (req, user) = greffe().await?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::audiencement::schedule(
        &req.state.db,
        &req.state.live,
        &id,
        version,
        &seance,
        &actor,
        super::guard::today(),
    )
    .await
    .map_err(super::guard::fail)
}

/// Corrects the date of the déclaration de pourvoi; its open deadlines are recomputed.
#[server(prefix = "/api", endpoint = "pourvoi_corriger_date", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn correct_pourvoi_date(id: String, version: i64, date: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let date = crate::domain::dates::parse_iso(&date)
        .ok_or_else(|| guard::fail(AppError::validation("date_pourvoi", "Date du pourvoi : date invalide.")))?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::audiencement::correct_date(
        &req.state.db,
        &req.state.live,
        &id,
        version,
        date,
        &actor,
        guard::today(),
    )
    .await
    .map_err(guard::fail)
}

/// A certificat de non-pourvoi for a decision, or the pourvois registered against it.
#[server(prefix = "/api", endpoint = "certificat_non_pourvoi", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn non_pourvoi_certificate(
    juridiction: String,
    date: String,
    numero: String,
) -> Result<Certificat, AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let (juridiction, date, numero) =
        crate::domain::pourvoi::certificate_request(&juridiction, &date, &numero, guard::today())
            .map_err(|(f, m)| guard::fail(AppError::validation(f, m)))?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::audiencement::certificate(
        &req.state.db,
        &juridiction,
        date,
        &numero,
        &actor,
        guard::today(),
    )
    .await
    .map_err(guard::fail)
}
