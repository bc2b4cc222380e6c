//! Login throttling that holds with attempts in parallel and cannot lock an owner out.
//!
//! Each attempt on an account from an address is reserved before the password is checked, in
//! one write transaction; past its limit the key is blocked for a growing delay
//! (`domain::account::throttle_block`), and a blocked key refuses without checking anything.
//! A success clears it. So forty wrong passwords sent at once are five checks, and someone
//! elsewhere cannot block the owner's own address. Each address is also charged its failures,
//! whatever the account (not its successes: a whole court may sign in from one address at
//! nine). An administrator lifts an account's blocks (`unlock`).

use super::entities::login_throttle;
use super::{StoreError, StoreResult};
use crate::domain::account::{
    Blocked, MAX_ATTEMPTS_ACCOUNT_ADDRESS, MAX_ATTEMPTS_ADDRESS, THROTTLE_FORGET, throttle_block, throttle_forgotten,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};

/// The keys of one reserved attempt.
#[derive(Debug, Clone)]
pub struct Attempt {
    account: String,
    address: String,
    ip: String,
}

fn account_key(email: &str, address: &str) -> String {
    format!("compte:{email}|{address}")
}

fn address_key(address: &str) -> String {
    format!("adresse:{address}")
}

/// Counts one attempt on `key` at `now` (the row as read, if any) and saves it.
async fn count<C: sea_orm::ConnectionTrait>(
    db: &C,
    key: &str,
    email: &str,
    address: &str,
    row: Option<login_throttle::Model>,
    limit: i32,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let counted = row
        .as_ref()
        .filter(|r| !throttle_forgotten(r.dernier_essai, r.bloque_jusqu_a, now))
        .map_or(0, |r| r.echecs);
    let attempts = counted.saturating_add(1);
    let until = throttle_block(attempts, limit).map(|d| now + d);
    match row {
        Some(r) => {
            let mut a = r.into_active_model();
            a.echecs = Set(attempts);
            a.bloque_jusqu_a = Set(until);
            a.dernier_essai = Set(now);
            a.update(db).await?;
        }
        None => {
            login_throttle::ActiveModel {
                cle: Set(key.to_owned()),
                email: Set(email.to_owned()),
                adresse: Set(address.to_owned()),
                echecs: Set(attempts),
                bloque_jusqu_a: Set(until),
                dernier_essai: Set(now),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Reserves one attempt of `email` from `address` at `now`: `TooManyRequests` while the
/// address or the account from that address is blocked (nothing counted then); otherwise
/// the attempt counts on the account's key until `succeeded` clears it.
pub async fn reserve<C: super::Db>(db: &C, email: &str, address: &str, now: DateTime<Utc>) -> StoreResult<Attempt> {
    let attempt = Attempt {
        account: account_key(email, address),
        address: address_key(address),
        ip: address.to_owned(),
    };
    let (_turn, txn) = super::write::begin(db).await?;
    super::write::lock(&txn, &attempt.account).await?;
    let blocked =
        |r: &Option<login_throttle::Model>| r.as_ref().and_then(|r| r.bloque_jusqu_a).is_some_and(|u| u > now);
    let by_address = login_throttle::Entity::find_by_id(attempt.address.clone())
        .one(&txn)
        .await?;
    let by_account = login_throttle::Entity::find_by_id(attempt.account.clone())
        .one(&txn)
        .await?;
    if blocked(&by_address) || blocked(&by_account) {
        return Err(StoreError::Throttled);
    }
    count(
        &txn,
        &attempt.account,
        email,
        address,
        by_account,
        MAX_ATTEMPTS_ACCOUNT_ADDRESS,
        now,
    )
    .await?;
    // Keys quiet for a day are dropped (typed addresses that were never accounts included).
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::DernierEssai.lt(now - chrono::Duration::days(1) - THROTTLE_FORGET))
        .filter(
            login_throttle::Column::BloqueJusquA
                .is_null()
                .or(login_throttle::Column::BloqueJusquA.lt(now)),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(attempt)
}

/// The password was wrong: the address is charged one failure (so many people behind one
/// address may sign in at once; only failures count against it).
pub async fn failed<C: super::Db>(db: &C, attempt: &Attempt, now: DateTime<Utc>) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    super::write::lock(&txn, &attempt.address).await?;
    let row = login_throttle::Entity::find_by_id(attempt.address.clone())
        .one(&txn)
        .await?;
    count(&txn, &attempt.address, "", &attempt.ip, row, MAX_ATTEMPTS_ADDRESS, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The attempt succeeded: the account is free again from that address.
pub async fn succeeded<C: super::Db>(db: &C, attempt: &Attempt) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    super::write::lock(&txn, &attempt.account).await?;
    login_throttle::Entity::delete_by_id(attempt.account.clone())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Accounts of `emails` blocked at `now` from some address.
pub async fn blocked<C: sea_orm::ConnectionTrait>(
    db: &C,
    emails: &[String],
    now: DateTime<Utc>,
) -> StoreResult<Vec<Blocked>> {
    if emails.is_empty() {
        return Ok(Vec::new());
    }
    Ok(login_throttle::Entity::find()
        .filter(login_throttle::Column::Email.is_in(emails.iter().map(String::as_str)))
        .filter(login_throttle::Column::BloqueJusquA.gt(now))
        .order_by_asc(login_throttle::Column::Email)
        .order_by_asc(login_throttle::Column::Adresse)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(Blocked {
                jusqu_a: crate::domain::dates::paris_time(r.bloque_jusqu_a?),
                email: r.email,
                adresse: r.adresse,
                tentatives: r.echecs,
            })
        })
        .collect())
}

/// Lifts every block of account `email` (from any address); returns how many were lifted.
pub async fn unlock<C: super::Db>(db: &C, email: &str) -> StoreResult<u64> {
    let (_turn, txn) = super::write::begin(db).await?;
    let res = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Email.eq(email))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(res.rows_affected)
}
