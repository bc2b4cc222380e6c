//! Administration: accounts of the admin's juridiction and the audit log.

use crate::domain::account::{AuditEntry, UserSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// Accounts of the admin's juridiction.
#[server(prefix = "/api", endpoint = "utilisateurs", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::ADMIN).await?;
    crate::store::accounts::list_users(&req.state.db, user.juridiction_id)
        .await
        .map_err(guard::fail)
}

/// Accounts of the admin's juridiction that are blocked from some address (login throttling).
#[server(prefix = "/api", endpoint = "comptes_bloques", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn list_blocked() -> Result<Vec<crate::domain::account::Blocked>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::ADMIN).await?;
    let db = &req.state.db;
    let emails: Vec<String> = crate::store::accounts::list_users(db, user.juridiction_id)
        .await
        .map_err(guard::fail)?
        .into_iter()
        .map(|u| u.email)
        .collect();
    crate::store::throttle::blocked(db, &emails, chrono::Utc::now())
        .await
        .map_err(guard::fail)
}

/// Lifts the login blocks of an account of the admin's juridiction, from every address.
#[server(prefix = "/api", endpoint = "compte_debloquer", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn unlock_account(email: String) -> Result<(), AppError> {
    use super::guard;
    use crate::domain::role::Role;
    use crate::store::{accounts, audit, throttle};
    let (req, admin) = guard::require(Role::ADMIN).await?;
    let db = &req.state.db;
    let email = email.trim().to_lowercase();
    let mine = accounts::list_users(db, admin.juridiction_id)
        .await
        .map_err(guard::fail)?
        .into_iter()
        .any(|u| u.email == email);
    if !mine {
        return Err(guard::fail(AppError::NotFound("compte".into())));
    }
    let lifted = throttle::unlock(db, &email).await.map_err(guard::fail)?;
    audit::record(
        db,
        audit::Event {
            user_id: Some(admin.id),
            actor: Some(&admin.email),
            juridiction_id: Some(admin.juridiction_id),
            action: "deblocage",
            entity: "utilisateur",
            entity_id: Some(email.clone()),
            ip: &req.ip,
            success: true,
            detail: Some(format!("{email} : {lifted} blocage(s) levé(s)")),
        },
    )
    .await
    .map_err(guard::fail)?;
    Ok(())
}

/// Creates an account in the admin's own juridiction.
#[server(prefix = "/api", endpoint = "utilisateur_creer", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn create_user(email: String, display_name: String, role: String, password: String) -> Result<i64, AppError> {
    use super::guard;
    use crate::domain::account::{Email, check_password};
    use crate::domain::role::Role;
    use crate::store::{accounts, audit};

    let (req, admin) = guard::require(Role::ADMIN).await?;
    let email = Email::parse(&email).map_err(|m| guard::fail(AppError::validation("email", m)))?;
    if display_name.trim().is_empty() {
        return Err(guard::fail(AppError::validation(
            "display_name",
            "le nom est obligatoire",
        )));
    }
    let role: Role = role.parse().map_err(|m| guard::fail(AppError::validation("role", m)))?;
    check_password(&password, &email).map_err(|m| guard::fail(AppError::validation("password", m)))?;
    let new = accounts::NewUser {
        email: &email,
        display_name: &display_name,
        role,
        juridiction_id: admin.juridiction_id,
        password: &password,
    };
    let id = accounts::create_user(&req.state.db, new).await.map_err(guard::fail)?;
    audit::record(
        &req.state.db,
        audit::Event {
            user_id: Some(admin.id),
            actor: Some(&admin.email),
            juridiction_id: Some(admin.juridiction_id),
            action: "creation",
            entity: "utilisateur",
            entity_id: Some(id.to_string()),
            ip: &req.ip,
            success: true,
            detail: Some(format!("{} ({})", email.as_str(), role.as_str())),
        },
    )
    .await
    .map_err(guard::fail)?;
    Ok(id)
}

/// The newest audit entries of the admin's juridiction matching the filters (at most 200).
/// Filters are those of the page's URL query; dates are `YYYY-MM-DD`.
#[server(prefix = "/api", endpoint = "journal", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn list_audit(
    acteur: Option<String>,
    action: Option<String>,
    du: Option<String>,
    au: Option<String>,
) -> Result<Vec<AuditEntry>, AppError> {
    use super::guard;
    use crate::domain::role::Role;
    use crate::store::audit::{AuditFilter, list};
    use chrono::NaiveDate;

    let (req, user) = guard::require(Role::ADMIN).await?;
    let date = |field: &str, v: &Option<String>| -> Result<Option<NaiveDate>, AppError> {
        match v.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => crate::domain::dates::parse_iso(s)
                .map(Some)
                .ok_or_else(|| AppError::validation(field, format!("date invalide : « {s} » (attendu AAAA-MM-JJ)"))),
        }
    };
    let filter = AuditFilter {
        from: date("du", &du).map_err(guard::fail)?,
        to: date("au", &au).map_err(guard::fail)?,
        actor: acteur,
        action,
    };
    list(&req.state.db, Some(user.juridiction_id), &filter, 200)
        .await
        .map_err(guard::fail)
}
