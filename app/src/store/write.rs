//! Write transactions that hold with many writers at once.
//!
//! SQLite allows one writer: a transaction that reads first and writes later is refused
//! ("database is locked") when another wrote in between, and its busy timeout cannot help it.
//! So every write transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), after
//! waiting its turn in this process's queue of writers for that file (waiting there holds no
//! pooled connection, so readers are not starved). PostgreSQL runs writers side by side at
//! READ COMMITTED; what they share (the pilotage cells) is locked per cell in `stats`, and a
//! deadlock or serialisation failure is retried once per request in one place (the server's
//! `retry_busy` layer) as `StoreError::Busy`.

use super::{StoreError, StoreResult};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::{Mutex as Queue, OwnedMutexGuard};

/// A connection a write can begin on: the pool (a new transaction, which waits its turn on
/// SQLite) or an open transaction (a savepoint inside it, which already holds the lock).
pub trait Db: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction> {
    /// The pool behind this connection, when a write begun here opens a new transaction.
    fn pool(&self) -> Option<&DatabaseConnection>;
}

impl Db for DatabaseConnection {
    fn pool(&self) -> Option<&DatabaseConnection> {
        Some(self)
    }
}

impl Db for DatabaseTransaction {
    fn pool(&self) -> Option<&DatabaseConnection> {
        None
    }
}

/// This process's turn to write on one SQLite file; released when dropped (after the
/// transaction it guards has committed or rolled back).
#[must_use]
pub struct Turn(#[allow(dead_code)] Option<OwnedMutexGuard<()>>);

/// Queues of writers, one per SQLite file.
static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<Queue<()>>>>> = LazyLock::new(Default::default);

/// Longest wait for a turn before the request is answered "busy" (a writer never holds the
/// turn that long unless something is stuck).
const TURN_TIMEOUT: Duration = Duration::from_secs(15);

fn queue_of(db: &DatabaseConnection) -> Arc<Queue<()>> {
    let path = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_owned();
    let mut queues = QUEUES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    queues.entry(path).or_default().clone()
}

/// Begins a write transaction on `db`. Keep the `Turn` alive until the transaction ends
/// (`let (_turn, txn) = write::begin(db).await?;`).
pub async fn begin<C: Db>(db: &C) -> StoreResult<(Turn, DatabaseTransaction)> {
    match (db.get_database_backend(), db.pool()) {
        (DbBackend::Sqlite, Some(pool)) => {
            let queue = queue_of(pool);
            let guard = tokio::time::timeout(TURN_TIMEOUT, queue.lock_owned())
                .await
                .map_err(|_| {
                    tracing::warn!("no turn to write on SQLite after {TURN_TIMEOUT:?}");
                    StoreError::Busy
                })?;
            let txn = pool
                .begin_with_options(TransactionOptions {
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                    ..Default::default()
                })
                .await?;
            Ok((Turn(Some(guard)), txn))
        }
        _ => Ok((Turn(None), db.begin().await?)),
    }
}

/// Whether `err` is transient: another writer held a lock (SQLite busy, PostgreSQL deadlock,
/// serialisation failure or lock timeout) or no connection was free in time. Such a request
/// changed nothing and may be sent again.
pub fn transient(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e))
        | DbErr::Conn(RuntimeErr::SqlxError(e)) => {
            match &**e {
                sea_orm::sqlx::Error::Database(d) => {
                    let code = d.code().unwrap_or_default();
                    // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
                    let sqlite = code.parse::<i32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
                    // PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
                    let pg = matches!(&*code, "40001" | "40P01" | "55P03");
                    sqlite || pg
                }
                sea_orm::sqlx::Error::PoolTimedOut => true,
                _ => false,
            }
        }
        _ => false,
    }
}

/// The advisory lock instances take turns on to migrate one PostgreSQL database.
const SCHEMA_LOCK: i64 = 0x6772_6566_6665_0001;

/// Held while this process migrates the database; `release` when done (a process that dies
/// releases it with its connection).
pub struct SchemaLock(Option<sea_orm::sqlx::pool::PoolConnection<sea_orm::sqlx::Postgres>>);

/// Waits for this process's turn to migrate `db` (PostgreSQL; SQLite has one instance).
pub async fn schema_lock(db: &DatabaseConnection) -> Result<SchemaLock, sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(SchemaLock(None));
    }
    let err = |e: sea_orm::sqlx::Error| sea_orm::DbErr::Custom(format!("verrou de migration : {e}"));
    let mut conn = db.get_postgres_connection_pool().acquire().await.map_err(err)?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *conn)
        .await
        .map_err(err)?;
    Ok(SchemaLock(Some(conn)))
}

impl SchemaLock {
    pub async fn release(mut self) -> Result<(), sea_orm::DbErr> {
        if let Some(mut conn) = self.0.take() {
            sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(SCHEMA_LOCK)
                .execute(&mut *conn)
                .await
                .map_err(|e| sea_orm::DbErr::Custom(format!("verrou de migration : {e}")))?;
        }
        Ok(())
    }
}

impl Drop for SchemaLock {
    /// Not released (a migration failed): the connection is closed rather than pooled, which
    /// ends its session and so the lock.
    fn drop(&mut self) {
        if let Some(conn) = self.0.take() {
            drop(conn.detach());
        }
    }
}

/// Inside a write transaction, waits until no other transaction holds `key`, and holds it
/// until this one ends: on PostgreSQL, where writers run side by side, for what two writers
/// must not compute at once from the same reads (a pilotage cell, the next rang of a rôle,
/// the audience a renvoi creates). SQLite writers already take turns.
pub async fn lock<C: ConnectionTrait>(db: &C, key: &str) -> StoreResult<()> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    // FNV-1a: stable across builds and instances.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    db.execute_raw(sea_orm::Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [i64::from_ne_bytes(hash.to_ne_bytes()).into()],
    ))
    .await?;
    Ok(())
}
