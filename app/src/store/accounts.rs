//! Users, password hashes (argon2id) and server-side sessions.

use super::entities::{juridiction, session, user};
use super::{StoreError, StoreResult};
use crate::domain::account::{CurrentUser, Email, UserSummary, session_is_live};
use crate::domain::role::Role;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> StoreResult<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Defect(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fixed hash verified when the account does not exist, so that timing does not reveal
/// which e-mail addresses have an account.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("compte-inexistant-greffe").unwrap_or_default())
}

/// New account data, already validated by the caller.
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub role: Role,
    pub juridiction_id: i64,
    pub password: &'a str,
}

/// Creates an account; a duplicate e-mail is a `Conflict`.
pub async fn create_user<C: ConnectionTrait>(db: &C, new: NewUser<'_>) -> StoreResult<i64> {
    if juridiction::Entity::find_by_id(new.juridiction_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(StoreError::invalid("juridiction", "juridiction inconnue"));
    }
    if user::Entity::find()
        .filter(user::Column::Email.eq(new.email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(StoreError::state(format!(
            "un compte existe déjà pour {}",
            new.email.as_str()
        )));
    }
    let model = user::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name.trim().to_owned()),
        role: Set(new.role.as_str().to_owned()),
        juridiction_id: Set(new.juridiction_id),
        password_hash: Set(hash_password(new.password)?),
        active: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(model.id)
}

/// The account behind `email` if the password matches and the account is active.
pub async fn authenticate<C: ConnectionTrait>(db: &C, email: &str, password: &str) -> StoreResult<Option<(i64, i64)>> {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?;
    Ok(match found {
        Some(u) if verify_password(password, &u.password_hash) && u.active => Some((u.id, u.juridiction_id)),
        Some(_) => None,
        None => {
            verify_password(password, dummy_hash());
            None
        }
    })
}

/// The juridiction of an account, if the e-mail is known (for the audit log).
pub async fn juridiction_of<C: ConnectionTrait>(db: &C, email: &str) -> StoreResult<Option<i64>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|u| u.juridiction_id))
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session and returns the token to put in the cookie (only its hash is stored).
pub async fn create_session<C: ConnectionTrait>(db: &C, user_id: i64, ip: &str) -> StoreResult<String> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = Utc::now();
    session::ActiveModel {
        id: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        ip: Set(ip.to_owned()),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends the session behind `token` (no error if it is already gone).
pub async fn delete_session<C: ConnectionTrait>(db: &C, token: &str) -> StoreResult<()> {
    session::Entity::delete_by_id(token_hash(token)).exec(db).await?;
    Ok(())
}

/// The user behind a live session; expired sessions are deleted and yield `None`. The
/// session counts as active (idle timer reset).
pub async fn session_user<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<CurrentUser>> {
    session_user_with(db, token, now, true).await
}

/// The same, without resetting the idle timer: what an open event stream checks, so that a
/// tab left open still ends its session after the idle timeout.
pub async fn session_still_live<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<CurrentUser>> {
    session_user_with(db, token, now, false).await
}

/// A session with its user and juridiction, read in one query: every page and server
/// function starts with it.
#[derive(sea_orm::FromQueryResult)]
struct SessionRow {
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    user_id: i64,
    email: String,
    display_name: String,
    role: String,
    juridiction_id: i64,
    active: bool,
    code: Option<String>,
    libelle: Option<String>,
}

async fn session_user_with<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
    touch: bool,
) -> StoreResult<Option<CurrentUser>> {
    use super::join_on;
    use sea_orm::{JoinType, QuerySelect};
    let id = token_hash(token);
    let row = session::Entity::find_by_id(id.clone())
        .select_only()
        .columns([
            session::Column::CreatedAt,
            session::Column::LastSeenAt,
            session::Column::UserId,
        ])
        .columns([
            user::Column::Email,
            user::Column::DisplayName,
            user::Column::Role,
            user::Column::JuridictionId,
            user::Column::Active,
        ])
        .columns([juridiction::Column::Code, juridiction::Column::Libelle])
        .join(
            JoinType::InnerJoin,
            join_on::<session::Entity, user::Entity>(session::Column::UserId, user::Column::Id),
        )
        .join(
            JoinType::LeftJoin,
            join_on::<user::Entity, juridiction::Entity>(user::Column::JuridictionId, juridiction::Column::Id),
        )
        .into_model::<SessionRow>()
        .one(db)
        .await?;
    let Some(s) = row else {
        return Ok(None);
    };
    if !session_is_live(s.created_at, s.last_seen_at, now) {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let Ok(role) = s.role.parse::<Role>() else {
        tracing::error!(user = s.user_id, role = %s.role, "unknown role in database");
        return Ok(None);
    };
    if !s.active {
        return Ok(None);
    }
    // Touch at most once a minute: keeps the idle timeout honest without a write per request.
    if touch && now - s.last_seen_at > Duration::minutes(1) {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(Some(CurrentUser {
        juridiction_code: s.code.unwrap_or_default(),
        id: s.user_id,
        email: s.email,
        display_name: s.display_name,
        role,
        juridiction_id: s.juridiction_id,
        juridiction_libelle: s.libelle.unwrap_or_default(),
    }))
}

/// Accounts of one juridiction, by e-mail.
pub async fn list_users<C: ConnectionTrait>(db: &C, juridiction_id: i64) -> StoreResult<Vec<UserSummary>> {
    let rows = user::Entity::find()
        .filter(user::Column::JuridictionId.eq(juridiction_id))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|u| {
            Some(UserSummary {
                role: u.role.parse().ok()?,
                id: u.id,
                email: u.email,
                display_name: u.display_name,
                juridiction_id: u.juridiction_id,
                active: u.active,
            })
        })
        .collect())
}

/// Juridiction id from its code (as in `structure.csv`, or `CCASS`).
pub async fn juridiction_id_by_code<C: ConnectionTrait>(db: &C, code: &str) -> StoreResult<Option<i64>> {
    Ok(juridiction::Entity::find()
        .filter(juridiction::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|j| j.id))
}

/// The name of a juridiction ("Tribunal judiciaire de Lyon").
pub async fn juridiction_label<C: ConnectionTrait>(db: &C, juridiction_id: i64) -> StoreResult<String> {
    Ok(juridiction::Entity::find_by_id(juridiction_id)
        .one(db)
        .await?
        .map(|j| j.libelle)
        .unwrap_or_default())
}

/// The cour d'appel a juridiction belongs to, if any.
pub async fn parent_of<C: ConnectionTrait>(db: &C, juridiction_id: i64) -> StoreResult<Option<i64>> {
    Ok(juridiction::Entity::find_by_id(juridiction_id)
        .one(db)
        .await?
        .and_then(|j| j.cour_appel_id))
}

/// Juridictions a user may pick: their own and, for a cour d'appel, its tribunaux.
pub async fn juridictions_under<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
) -> StoreResult<Vec<crate::domain::juridiction::Juridiction>> {
    use sea_orm::Condition;
    let rows = juridiction::Entity::find()
        .filter(
            Condition::any()
                .add(juridiction::Column::Id.eq(juridiction_id))
                .add(juridiction::Column::CourAppelId.eq(juridiction_id)),
        )
        .order_by_asc(juridiction::Column::Libelle)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|j| crate::domain::juridiction::Juridiction {
            id: j.id,
            code: j.code,
            libelle: j.libelle,
            kind: j.kind,
            cour_appel_id: j.cour_appel_id,
        })
        .collect())
}

/// Sets the chambre a Cour de cassation magistrat sits in (`None`: every chambre).
pub async fn set_chambre<C: ConnectionTrait>(db: &C, user_id: i64, chambre: Option<&str>) -> StoreResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::Chambre, Expr::value(chambre.map(str::to_owned)))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
