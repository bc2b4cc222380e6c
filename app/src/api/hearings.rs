//! Server functions of the hearings: audiences, rôle, import, preparation, decisions, renvois,
//! notes d'audience. Each checks the session, the role, and that the record belongs to the
//! caller's juridiction (another juridiction's record answers like a missing one).
//! Arguments travel as JSON.

use crate::domain::decision::{Decision, Renvoi};
use crate::domain::hearing::{
    AffaireDetail, AudienceDetail, AudienceForm, AudienceSummary, Checklist, PrevenuInput, Voisins,
};
use crate::domain::import::ImportReport;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::role::Role;

#[cfg(feature = "ssr")]
const ORGANISE: &[Role] = Role::ORGANISE_HEARINGS;
#[cfg(feature = "ssr")]
const HEARING: &[Role] = Role::RECORD_HEARINGS;

#[cfg(feature = "ssr")]
async fn in_scope<F, Fut>(
    roles: &[Role],
    lookup: F,
) -> Result<(super::guard::Request, crate::domain::account::CurrentUser), AppError>
where
    F: FnOnce(sea_orm::DatabaseConnection) -> Fut,
    Fut: std::future::Future<Output = Result<Option<i64>, crate::store::StoreError>>,
{
    use super::guard;
    let (req, user) = guard::require(roles).await?;
    match lookup(req.state.db.clone()).await.map_err(guard::fail)? {
        Some(j) if j == user.juridiction_id => Ok((req, user)),
        _ => Err(guard::fail(AppError::NotFound("enregistrement".into()))),
    }
}

#[cfg(feature = "ssr")]
pub(super) async fn audience_scope(
    roles: &[Role],
    id: &str,
) -> Result<(super::guard::Request, crate::domain::account::CurrentUser), AppError> {
    let id = id.to_owned();
    in_scope(roles, |db| async move {
        crate::store::cases::audience_juridiction(&db, &id).await
    })
    .await
}

#[cfg(feature = "ssr")]
async fn affaire_scope(
    roles: &[Role],
    id: &str,
) -> Result<(super::guard::Request, crate::domain::account::CurrentUser), AppError> {
    let id = id.to_owned();
    in_scope(roles, |db| async move {
        crate::store::hearings::affaire_juridiction(&db, &id).await
    })
    .await
}

/// A record read with its juridiction: the caller's own, or not found (another juridiction's
/// record answers like a missing one).
#[cfg(feature = "ssr")]
fn own<T>(
    user: &crate::domain::account::CurrentUser,
    found: Result<Option<(i64, T)>, crate::store::StoreError>,
) -> Result<T, AppError> {
    use super::guard;
    match found.map_err(guard::fail)? {
        Some((j, record)) if j == user.juridiction_id => Ok(record),
        _ => Err(guard::fail(AppError::NotFound("enregistrement".into()))),
    }
}

#[cfg(feature = "ssr")]
fn actor<'a>(req: &'a super::guard::Request, user: &'a crate::domain::account::CurrentUser) -> crate::store::Actor<'a> {
    crate::store::Actor { user, ip: &req.ip }
}

#[cfg(feature = "ssr")]
fn parse_date(field: &str, s: &str) -> Result<chrono::NaiveDate, AppError> {
    crate::domain::dates::parse_iso(s).ok_or_else(|| AppError::validation(field, "Date invalide."))
}

/// Audiences of the caller's juridiction between two ISO dates (by default from 30 days ago;
/// 120 days from the first date, or up to the second, when only one is given), a year at most:
/// the first 500 of them (`MAX_AUDIENCES_LISTED`).
#[server(prefix = "/api", endpoint = "audiences", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn list_audiences(du: Option<String>, au: Option<String>) -> Result<Vec<AudienceSummary>, AppError> {
    use super::guard;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    let today = crate::api::guard::today();
    let date = |field: &str, s: Option<String>| match s.filter(|s| !s.is_empty()) {
        Some(s) => parse_date(field, &s).map(Some).map_err(guard::fail),
        None => Ok(None),
    };
    // `field`: the date given, named in the refusal should the period leave the calendar.
    let days = |field: &str, d: chrono::NaiveDate, n: i64| {
        d.checked_add_signed(chrono::Duration::days(n))
            .ok_or_else(|| guard::fail(AppError::validation(field, "Date invalide.")))
    };
    let (from, to) = match (date("du", du)?, date("au", au)?) {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, days("du", from, 120)?),
        (None, Some(to)) => (days("au", to, -120)?, to),
        (None, None) => (days("du", today, -30)?, days("au", today, 90)?),
    };
    if to < from {
        return Err(guard::fail(AppError::validation(
            "au",
            "La fin de la période précède son début.",
        )));
    }
    if to - from > chrono::Duration::days(366) {
        return Err(guard::fail(AppError::validation("au", "Période : un an au plus.")));
    }
    crate::store::hearings::audiences::list_audiences(&req.state.db, user.juridiction_id, from, to)
        .await
        .map_err(guard::fail)
}

/// Creates an audience in the caller's juridiction; returns its id.
#[server(prefix = "/api", endpoint = "audience_creer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn create_audience(form: AudienceForm) -> Result<String, AppError> {
    use super::guard;
    let (req, user) = guard::require(ORGANISE).await?;
    let valid = form
        .validate()
        .map_err(|(f, m)| guard::fail(AppError::validation(&f, m)))?;
    crate::store::hearings::audiences::create_audience(&req.state.db, &valid, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// Edits an audience (composition, numbers) at the version the caller saw.
#[server(prefix = "/api", endpoint = "audience_modifier", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn update_audience(id: String, version: i64, form: AudienceForm) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = audience_scope(ORGANISE, &id).await?;
    let valid = form
        .validate()
        .map_err(|(f, m)| guard::fail(AppError::validation(&f, m)))?;
    crate::store::hearings::audiences::update_audience(&req.state.db, &id, version, &valid, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// An audience with its rôle and progress.
#[server(prefix = "/api", endpoint = "audience", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn open_audience(id: String) -> Result<AudienceDetail, AppError> {
    use super::guard;
    let (req, _) = audience_scope(Role::READ_CASES, &id).await?;
    crate::store::hearings::audiences::audience_detail(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(|| guard::fail(AppError::NotFound("audience".into())))
}

/// Moves the hearing's chrono: `action` is "ouvrir", "suspendre", "reprendre" or "clore".
#[server(prefix = "/api", endpoint = "audience_chrono", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn clock_audience(id: String, action: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = audience_scope(HEARING, &id).await?;
    crate::store::hearings::audiences::clock_audience(&req.state.db, &id, &action, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// Import file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    Csv,
    Json,
}

/// Checks (dry run) or, with `confirmer` and no error, writes a rôle import.
#[server(prefix = "/api", endpoint = "role_importer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn import_role(
    audience_id: String,
    format: ImportFormat,
    contenu: String,
    confirmer: bool,
) -> Result<ImportReport, AppError> {
    use super::guard;
    use crate::domain::import;
    let (req, user) = audience_scope(ORGANISE, &audience_id).await?;
    let refs = crate::store::hearings::role_import::import_refs(&req.state.db)
        .await
        .map_err(guard::fail)?;
    let today = crate::api::guard::today();
    // Parsing a large file is CPU work: keep it off the async workers.
    let parsed = tokio::task::spawn_blocking(move || match format {
        ImportFormat::Csv => import::parse_csv(&contenu, &refs, today),
        ImportFormat::Json => import::parse_json(&contenu, &refs, today),
    })
    .await
    .map_err(|_| guard::fail(AppError::Internal))?;
    crate::store::hearings::role_import::import_role(
        &req.state.db,
        &audience_id,
        parsed,
        confirmer,
        &actor(&req, &user),
    )
    .await
    .map_err(guard::fail)
}

/// Moves an affaire to position `rang` on its rôle.
#[server(prefix = "/api", endpoint = "affaire_ordonner", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn move_affaire(id: String, version: i64, rang: i32) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(ORGANISE, &id).await?;
    crate::store::hearings::audiences::move_affaire(&req.state.db, &id, version, rang, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// Moves an affaire to another audience of the juridiction.
#[server(prefix = "/api", endpoint = "affaire_transferer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn transfer_affaire(id: String, version: i64, audience_id: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(ORGANISE, &id).await?;
    crate::store::hearings::audiences::transfer_affaire(&req.state.db, &id, version, &audience_id, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// An affaire with prévenus, infractions, decisions and renvoi.
#[server(prefix = "/api", endpoint = "affaire", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn open_affaire(id: String) -> Result<AffaireDetail, AppError> {
    use super::guard;
    // Read, then scoped: one read of the affaire instead of two (as `affaire_scope`, another
    // juridiction's affaire is not found).
    let (req, user) = guard::require(Role::READ_CASES).await?;
    own(
        &user,
        crate::store::hearings::affaires::affaire_detail_scoped(&req.state.db, &id).await,
    )
}

/// Where an affaire stands in its rôle: progress, affaires ready, previous and next affaire.
#[server(prefix = "/api", endpoint = "affaire_voisins", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn affaire_neighbours(id: String) -> Result<Voisins, AppError> {
    use super::guard;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    // Scoped on the rôle's own read, as `open_affaire`.
    own(
        &user,
        crate::store::hearings::affaires::neighbours(&req.state.db, &id).await,
    )
}

/// Saves the preparation checklist and scellés of an affaire.
#[server(prefix = "/api", endpoint = "affaire_preparer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn prepare_affaire(id: String, version: i64, checklist: Checklist, scelles: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(ORGANISE, &id).await?;
    crate::store::hearings::affaires::prepare_affaire(
        &req.state.db,
        &id,
        version,
        &checklist,
        &scelles,
        &actor(&req, &user),
    )
    .await
    .map_err(guard::fail)
}

/// Records the decision on one prévenu of an affaire.
#[server(prefix = "/api", endpoint = "decision_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn record_decision(
    affaire_id: String,
    version: i64,
    prevenu_id: String,
    decision: Decision,
) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(HEARING, &affaire_id).await?;
    crate::store::hearings::decisions::record_decision(
        &req.state.db,
        &affaire_id,
        version,
        &prevenu_id,
        &decision,
        &actor(&req, &user),
    )
    .await
    .map_err(guard::fail)
}

/// Adjourns an affaire to a new date; returns where it went.
#[server(prefix = "/api", endpoint = "renvoi_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn record_renvoi(
    affaire_id: String,
    version: i64,
    renvoi: Renvoi,
) -> Result<crate::domain::hearing::RenvoiOutcome, AppError> {
    use super::guard;
    let (req, user) = affaire_scope(HEARING, &affaire_id).await?;
    crate::store::hearings::decisions::record_renvoi(&req.state.db, &affaire_id, version, &renvoi, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// The motifs de renvoi of the reference list, in order.
#[server(prefix = "/api", endpoint = "motifs_renvoi", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn renvoi_motifs() -> Result<Vec<String>, AppError> {
    use super::guard;
    let (req, _) = guard::require(Role::READ_CASES).await?;
    Ok(
        crate::store::hearings::role_import::list_labels(&req.state.db, "renvoi_motif")
            .await
            .map_err(guard::fail)?
            .into_iter()
            .map(|(_, l)| l)
            .collect(),
    )
}

/// Every version of an affaire's note d'audience, newest first.
#[server(prefix = "/api", endpoint = "note_historique", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn note_history(affaire_id: String) -> Result<Vec<crate::domain::hearing::NoteVersion>, AppError> {
    use super::guard;
    let (req, _) = affaire_scope(Role::READ_CASES, &affaire_id).await?;
    crate::store::hearings::notes::note_history(&req.state.db, &affaire_id)
        .await
        .map_err(guard::fail)
}

/// Saves the note d'audience on top of version `base`; returns the new version.
#[server(prefix = "/api", endpoint = "note_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn save_note(affaire_id: String, base: i64, texte: String) -> Result<i64, AppError> {
    use super::guard;
    let (req, user) = affaire_scope(&[Role::Greffier], &affaire_id).await?;
    crate::store::hearings::notes::save_note(&req.state.db, &affaire_id, base, &texte, &actor(&req, &user))
        .await
        .map_err(guard::fail)
}

/// Names of the juridiction's magistrats and greffiers, to fill an audience's composition.
#[server(prefix = "/api", endpoint = "audience_personnel", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn staff() -> Result<Vec<(String, Role)>, AppError> {
    use super::guard;
    let (req, user) = guard::require(ORGANISE).await?;
    Ok(crate::store::accounts::list_users(&req.state.db, user.juridiction_id)
        .await
        .map_err(guard::fail)?
        .into_iter()
        .filter(|u| u.active && matches!(u.role, Role::Greffier | Role::MagistratSiege | Role::MagistratParquet))
        .map(|u| (u.display_name, u.role))
        .collect())
}

/// NATINF codes matching `q` (code prefix or words of the qualification), at most 20.
#[server(prefix = "/api", endpoint = "natinf_chercher", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn search_natinf(q: String) -> Result<Vec<(String, String)>, AppError> {
    use super::guard;
    let (req, _) = guard::require(Role::READ_CASES).await?;
    crate::store::hearings::affaires::search_natinf(&req.state.db, &q)
        .await
        .map_err(guard::fail)
}

/// Adds or edits a prévenu of the affaire.
#[server(prefix = "/api", endpoint = "prevenu_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn save_prevenu(affaire_id: String, version: i64, prevenu: PrevenuInput) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(ORGANISE, &affaire_id).await?;
    crate::store::hearings::affaires::save_prevenu(
        &req.state.db,
        &affaire_id,
        version,
        &prevenu,
        &actor(&req, &user),
        guard::today(),
    )
    .await
    .map_err(guard::fail)
}

/// Adds or edits an infraction of a prévenu.
#[server(prefix = "/api", endpoint = "infraction_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn save_infraction(
    affaire_id: String,
    version: i64,
    prevenu_id: String,
    id: String,
    natinf_code: Option<String>,
    qualification: String,
) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(ORGANISE, &affaire_id).await?;
    crate::store::hearings::affaires::save_infraction(
        &req.state.db,
        &affaire_id,
        version,
        &prevenu_id,
        &id,
        natinf_code.as_deref(),
        &qualification,
        &actor(&req, &user),
    )
    .await
    .map_err(guard::fail)
}

/// Adds, edits or (with an empty `nom`) removes a partie civile.
#[server(prefix = "/api", endpoint = "partie_civile_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn save_partie_civile(
    affaire_id: String,
    version: i64,
    id: String,
    nom: String,
    avocat: String,
) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(ORGANISE, &affaire_id).await?;
    crate::store::hearings::affaires::save_partie_civile(
        &req.state.db,
        &affaire_id,
        version,
        &id,
        &nom,
        &avocat,
        &actor(&req, &user),
    )
    .await
    .map_err(guard::fail)
}

/// Records a prévenu's presence when the case is called.
#[server(prefix = "/api", endpoint = "presence_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn set_presence(
    affaire_id: String,
    version: i64,
    prevenu_id: String,
    presence: String,
) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = affaire_scope(HEARING, &affaire_id).await?;
    crate::store::hearings::affaires::set_presence(
        &req.state.db,
        &affaire_id,
        version,
        &prevenu_id,
        &presence,
        &actor(&req, &user),
    )
    .await
    .map_err(guard::fail)
}
