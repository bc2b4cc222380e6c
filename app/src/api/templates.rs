//! Document templates of the admin's juridiction: list, versions, a preview on real data,
//! a new version (refused, nothing written, when it does not lay out the real record), and
//! which version is in force.

use crate::domain::document::template::{Preview, TemplateLine, TemplateView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The templates the admin's juridiction may adapt, with the version in force of each.
#[server(prefix = "/api", endpoint = "modeles", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn templates() -> Result<Vec<TemplateLine>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::ADMIN).await?;
    crate::store::templates::list(&req.state.db, user.juridiction_id, user.at_cassation())
        .await
        .map_err(guard::fail)
}

/// The template of one kind: every version saved, which is in force, Greffe's own.
#[server(prefix = "/api", endpoint = "modele", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn template(nature: String) -> Result<TemplateView, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::ADMIN).await?;
    crate::store::templates::detail(&req.state.db, user.juridiction_id, user.at_cassation(), &nature)
        .await
        .map_err(guard::fail)
}

/// `source` laid out on the juridiction's latest record of this kind: the PDF, or why not.
#[cfg(feature = "ssr")]
async fn tried(
    state: &crate::store::AppState,
    user: &crate::domain::account::CurrentUser,
    nature: &str,
    source: String,
) -> Result<(Vec<u8>, String), AppError> {
    use super::documents::server::{sample_document, try_template};
    let (doc, what) = sample_document(state, user, nature).await?;
    let composer = state.composer.as_deref().map(|p| p.as_path());
    let pdf = try_template(composer, doc, source, user.juridiction_libelle.clone()).await?;
    Ok((pdf, what))
}

/// Checks what the admin typed, for a kind of his juridiction.
#[cfg(feature = "ssr")]
fn checked(
    user: &crate::domain::account::CurrentUser,
    nature: &str,
    source: &str,
    commentaire: &str,
) -> Result<(String, String), AppError> {
    use crate::domain::document::template;
    if !template::adaptable(nature, user.at_cassation()) {
        return Err(AppError::NotFound("modèle".into()));
    }
    template::check(source, commentaire).map_err(|(f, m)| AppError::validation(f, m))
}

/// Lays out `source` (as typed, not saved) on real data of the admin's juridiction.
#[server(prefix = "/api", endpoint = "modele_apercu", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn preview_template(nature: String, source: String) -> Result<Preview, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    use base64::Engine;
    let (req, user) = guard::require(Role::ADMIN).await?;
    let (source, _) = checked(&user, &nature, &source, "aperçu").map_err(guard::fail)?;
    let (pdf, exemple) = tried(&req.state, &user, &nature, source).await.map_err(guard::fail)?;
    Ok(Preview {
        octets: pdf.len() as i64,
        pdf_base64: base64::engine::general_purpose::STANDARD.encode(&pdf),
        exemple,
    })
}

/// Saves `source` as the next version of the kind's template, once it lays out the latest
/// real record; not yet in force. Its number.
#[server(prefix = "/api", endpoint = "modele_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn save_template(nature: String, source: String, commentaire: String) -> Result<i32, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::ADMIN).await?;
    let (source, commentaire) = checked(&user, &nature, &source, &commentaire).map_err(guard::fail)?;
    tried(&req.state, &user, &nature, source.clone())
        .await
        .map_err(guard::fail)?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::templates::save(&req.state.db, &nature, &source, &commentaire, &actor)
        .await
        .map_err(guard::fail)
}

/// Puts version `version` of the kind's template in force (none or empty: Greffe's own),
/// provided the one in force is still `attendu` (what the admin saw) and it lays out the
/// latest real record; otherwise nothing changes and the one in force stays.
#[server(prefix = "/api", endpoint = "modele_mettre_en_vigueur", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn activate_template(
    nature: String,
    version: Option<String>,
    attendu: Option<String>,
) -> Result<(), AppError> {
    use super::guard;
    use crate::domain::document::template;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::ADMIN).await?;
    if !template::adaptable(&nature, user.at_cassation()) {
        return Err(guard::fail(AppError::NotFound("modèle".into())));
    }
    let db = &req.state.db;
    let version = version.filter(|v| !v.trim().is_empty());
    let attendu = attendu.filter(|v| !v.trim().is_empty());
    if let Some(id) = &version {
        let source = crate::store::templates::version(db, user.juridiction_id, &nature, id)
            .await
            .map_err(guard::fail)?
            .ok_or_else(|| guard::fail(AppError::NotFound("version du modèle".into())))?;
        // The records may have changed since it was saved: it must still lay them out.
        tried(&req.state, &user, &nature, source).await.map_err(guard::fail)?;
    }
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::templates::activate(db, &nature, version.as_deref(), attendu.as_deref(), &actor)
        .await
        .map_err(guard::fail)
}
