//! Server functions of the Cour de cassation's special procedures: registered and ended by its
//! greffe, read by its magistrats and direction (`dossiers::greffe`, `dossiers::cassation_reader`).

use crate::domain::pourvoi::{FinProcedureForm, ProcedureForm, ProcedureView, Procedures};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Registers a special procedure (on its pourvoi, or a saisine with its own number); returns
/// its id.
#[server(prefix = "/api", endpoint = "procedure_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn register_procedure(form: ProcedureForm) -> Result<String, AppError> {
    use super::guard;
    let (req, user) = super::dossiers::greffe().await?;
    let valid = form.validate(guard::today()).map_err(guard::fail)?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::procedures::register(&req.state.db, &req.state.live, &valid, &actor)
        .await
        .map_err(guard::fail)
}

/// A special procedure with its deadline ("why this date"), texts, pièces and end; only for
/// readers of its juridiction.
#[server(prefix = "/api", endpoint = "procedure", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn open_procedure(id: String) -> Result<ProcedureView, AppError> {
    use super::guard;
    let (req, user) = super::dossiers::cassation_reader().await?;
    crate::store::pourvois::procedures::detail(&req.state.db, &id, user.juridiction_id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(|| guard::fail(AppError::NotFound("procédure".into())))
}

/// Records how a special procedure ended (ordonnance or arrêt); what it does to its pourvoi
/// (a péremption opened, a delay running again, the pourvoi ended or its arrêt rabattu)
/// happens with it.
#[server(prefix = "/api", endpoint = "procedure_terminer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn end_procedure(id: String, version: i64, form: FinProcedureForm) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = super::dossiers::greffe().await?;
    let p = crate::store::pourvois::procedures::detail(&req.state.db, &id, user.juridiction_id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(|| guard::fail(AppError::NotFound("procédure".into())))?;
    let depuis = crate::domain::dates::parse_iso(&p.date_saisine).ok_or_else(|| guard::fail(AppError::Internal))?;
    let valid = form.validate(p.nature, depuis, guard::today()).map_err(guard::fail)?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::procedures::end(
        &req.state.db,
        &req.state.live,
        &id,
        Some(version),
        &valid,
        "saisie",
        &actor,
    )
    .await
    .map_err(guard::fail)
}

/// The juridiction's special procedures (`nature`: one kind; `en_cours`: in progress only)
/// and, per kind, how many are in progress, overdue and ended this year.
#[server(prefix = "/api", endpoint = "procedures", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn list_procedures(nature: Option<String>, en_cours: bool) -> Result<Procedures, AppError> {
    use super::guard;
    let (req, user) = super::dossiers::cassation_reader().await?;
    let nature = match nature.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(
            crate::domain::pourvoi::ProcedureKind::parse(code)
                .ok_or_else(|| guard::fail(AppError::validation("nature", "Nature de procédure inconnue.")))?,
        ),
    };
    crate::store::pourvois::procedures::list(&req.state.db, user.juridiction_id, nature, en_cours, guard::today())
        .await
        .map_err(guard::fail)
}
