//! The store's own error: what went wrong with the data, in terms the server turns into an
//! answer once (`api::error`), never an HTTP status or a user's sentence chosen here.

use crate::domain::refusal::Refusal;
use sea_orm::DbErr;

/// Why a repository could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another writer held a lock a moment too long (SQLite busy, PostgreSQL deadlock or
    /// serialisation failure, no pooled connection in time): nothing changed, the same
    /// request may be sent again.
    #[error("database busy")]
    Busy,
    /// The record (named in French: "audience", "pourvoi"…) does not exist.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The record changed since the version the caller read (the caller says what).
    #[error("stale version: {0}")]
    Stale(String),
    /// A unique or foreign-key constraint refused the write: its name (PostgreSQL) or its
    /// `table.column` (SQLite, which names no constraint).
    #[error("constraint {constraint}")]
    Conflict { constraint: String, foreign_key: bool },
    /// The same thing is already recorded (what, in French: "ce fichier est déjà à
    /// l'inventaire…"), found before writing.
    #[error("duplicate: {0}")]
    Duplicate(String),
    /// A rule of the domain refused the change.
    #[error(transparent)]
    Rule(#[from] Refusal),
    /// The caller may not do this to this record (checked where only the data can tell,
    /// e.g. a pièce filed by a magistrat the dossier is not distributed to).
    #[error("forbidden")]
    Forbidden,
    /// Too many attempts (login throttling): refused before anything is checked.
    #[error("throttled")]
    Throttled,
    /// Data that should not exist (a defect: a stored value that does not parse, missing
    /// reference data); logged where it is turned into an answer.
    #[error("defect: {0}")]
    Defect(String),
    /// Anything else the database said: a defect or an outage, logged where it is turned
    /// into an answer.
    #[error(transparent)]
    Db(DbErr),
}

impl StoreError {
    /// A wrong value of `field` (a rule checked where the data is).
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Rule(Refusal::invalid(field, message))
    }

    /// A change the record's state forbids.
    pub fn state(message: impl Into<String>) -> Self {
        Self::Rule(Refusal::state(message))
    }
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Self::Conflict {
                constraint: constraint_of(&err),
                foreign_key: false,
            },
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => Self::Conflict {
                constraint: constraint_of(&err),
                foreign_key: true,
            },
            _ if super::write::transient(&err) => Self::Busy,
            _ => Self::Db(err),
        }
    }
}

/// The constraint a write broke, as the database names it.
fn constraint_of(err: &DbErr) -> String {
    use sea_orm::{DbErr as E, RuntimeErr};
    if let E::Exec(RuntimeErr::SqlxError(e)) | E::Query(RuntimeErr::SqlxError(e)) = err
        && let sea_orm::sqlx::Error::Database(d) = &**e
    {
        if let Some(name) = d.constraint() {
            return name.to_owned();
        }
        // SQLite: "UNIQUE constraint failed: pourvoi.numero" names the column only.
        if let Some((_, cols)) = d.message().split_once("failed: ") {
            return cols.trim().to_owned();
        }
    }
    String::new()
}

/// A repository's result.
pub type StoreResult<T> = Result<T, StoreError>;
