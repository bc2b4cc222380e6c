//! Avis and notifications to the parties and their avocats: prepared for each recipient of a
//! record, their letters issued with a code, recorded as sent on a bordereau.

use crate::domain::dispatch::Envois;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The caller, if his greffe sends avis and notifications.
#[cfg(feature = "ssr")]
async fn dispatcher() -> Result<(super::guard::Request, crate::domain::account::CurrentUser), AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    if !crate::domain::dispatch::may_dispatch(user.role, user.at_cassation()) {
        return Err(guard::fail(AppError::Forbidden));
    }
    Ok((req, user))
}

/// Prepares the avis or notification `nature` of record `objet` (a pourvoi's id at the Cour
/// de cassation, an affaire's at a tribunal) for each of its recipients: how many.
#[server(prefix = "/api", endpoint = "envois_preparer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn prepare_dispatch(nature: String, objet: String) -> Result<usize, AppError> {
    use super::guard;
    use crate::domain::dispatch::{Nature, at_cassation, convocation_recipients, pourvoi_recipients};
    use crate::store::dispatch::{Subject, prepare};
    use crate::store::{hearings, pourvois};
    let (req, user) = dispatcher().await?;
    let db = &req.state.db;
    let cassation = user.at_cassation();
    let nature = Nature::parse(&nature)
        .ok_or_else(|| guard::fail(AppError::validation("nature", "Nature d'envoi inconnue.")))?;
    if at_cassation(nature) != cassation {
        return Err(guard::fail(AppError::validation(
            "nature",
            "Ce document n'est pas envoyé par cette juridiction.",
        )));
    }
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    let invalid = |m: String| guard::fail(AppError::validation("nature", m));
    if cassation {
        if pourvois::pourvoi_juridiction(db, &objet).await.map_err(guard::fail)? != Some(user.juridiction_id) {
            return Err(guard::fail(AppError::NotFound("pourvoi".into())));
        }
        let p = pourvois::registration::pourvoi_detail(db, &objet, user.id)
            .await
            .map_err(guard::fail)?
            .ok_or_else(|| guard::fail(AppError::NotFound("pourvoi".into())))?;
        let fixed = pourvois::audiencement::seance_of(db, &p.id)
            .await
            .map_err(guard::fail)?
            .is_some();
        let to = pourvoi_recipients(&p, nature, fixed).map_err(invalid)?;
        let subject = Subject {
            nature,
            objet: &p.id,
            dossier: &p.numero,
        };
        prepare(db, &subject, &to, &actor).await.map_err(guard::fail)
    } else {
        if hearings::affaire_juridiction(db, &objet).await.map_err(guard::fail)? != Some(user.juridiction_id) {
            return Err(guard::fail(AppError::NotFound("affaire".into())));
        }
        let a = hearings::affaires::affaire_detail(db, &objet)
            .await
            .map_err(guard::fail)?
            .ok_or_else(|| guard::fail(AppError::NotFound("affaire".into())))?;
        let to = convocation_recipients(&a).map_err(invalid)?;
        let subject = Subject {
            nature,
            objet: &a.id,
            dossier: &a.numero_parquet,
        };
        prepare(db, &subject, &to, &actor).await.map_err(guard::fail)
    }
}

/// The greffe's avis and notifications (of one record when `objet` is given): waiting,
/// sent, and the bordereaux.
#[server(prefix = "/api", endpoint = "envois", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn dispatches(objet: Option<String>) -> Result<Envois, AppError> {
    use super::guard;
    let (req, user) = dispatcher().await?;
    let objet = objet.filter(|o| !o.trim().is_empty());
    crate::store::dispatch::list(&req.state.db, user.juridiction_id, objet.as_deref())
        .await
        .map_err(guard::fail)
}

/// Records the dispatches `envois` as sent on `date` by `mode`, on a new bordereau: its
/// number. Refused, nothing written, when one of them is no longer waiting.
#[server(prefix = "/api", endpoint = "bordereau_etablir", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn close_bordereau(envois: Vec<String>, date: String, mode: String) -> Result<String, AppError> {
    use super::guard;
    use crate::domain::dispatch::{Mode, sent_on};
    let (req, user) = dispatcher().await?;
    let mode = Mode::parse(&mode).ok_or_else(|| guard::fail(AppError::validation("mode", "Mode d'envoi inconnu.")))?;
    let date = sent_on(&date, guard::today()).map_err(|m| guard::fail(AppError::validation("date", m)))?;
    let mut ids: Vec<String> = envois
        .into_iter()
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() || ids.len() > 500 {
        return Err(guard::fail(AppError::validation(
            "envois",
            "Cochez entre 1 et 500 envois à porter sur le bordereau.",
        )));
    }
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::dispatch::close(&req.state.db, &ids, date, mode, &actor)
        .await
        .map_err(guard::fail)
}

/// Cancels a dispatch still waiting (prepared by mistake).
#[server(prefix = "/api", endpoint = "envoi_annuler", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn cancel_dispatch(id: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = dispatcher().await?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::dispatch::cancel(&req.state.db, &id, &actor)
        .await
        .map_err(guard::fail)
}
