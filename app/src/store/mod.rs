//! Server-side persistence: sea-orm entities, repositories returning domain types,
//! reference data, deterministic seeding, and the audit log.

pub mod accounts;
mod actor;
pub mod audit;
pub mod backfill;
pub mod cases;
pub mod dispatch;
mod entities;
mod error;
pub mod hearings;
pub mod issued;
pub mod live;
pub mod offline;
pub mod pourvois;
pub mod refdata;
pub mod seed;
pub mod stats;
pub mod templates;
pub mod throttle;
pub mod visa;
pub mod write;

pub use actor::{Actor, new_id};
pub use error::{StoreError, StoreResult};
pub use write::Db;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Everything a request handler or server function needs; cloned per request (cheap).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    /// Mark cookies `Secure` and use the `__Host-` prefix (served over HTTPS).
    pub secure_cookies: bool,
    /// Live dossier events for server-sent-event streams.
    pub live: live::Hub,
    /// How long browsers keep audiences taken offline.
    pub offline: offline::Retention,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none: the TCP peer is).
    pub trusted_proxies: std::sync::Arc<[std::net::IpAddr]>,
    /// The executable that typesets with a juridiction's template, in a process of its own
    /// with bounded memory and time (`greffe composer`); without it, such templates are not
    /// run and Greffe's own is used.
    pub composer: Option<std::sync::Arc<std::path::PathBuf>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The join from column `from` of `A` to column `to` of `B` (the entities declare no
/// relations): `JoinType::InnerJoin, join_on::<A, B>(…)`, or with `join_rev` from `B`'s side.
pub(crate) fn join_on<A: sea_orm::EntityTrait, B: sea_orm::EntityTrait>(
    from: A::Column,
    to: B::Column,
) -> sea_orm::RelationDef {
    A::belongs_to(B::default()).from(from).to(to).into()
}

/// Connections a pool opens at most: `GREFFE_DB_CONNEXIONS` (1 to 256), else `default`.
fn pool_size(default: u32) -> u32 {
    std::env::var("GREFFE_DB_CONNEXIONS")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| (1..=256).contains(n))
        .unwrap_or(default)
}

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        // Readers run side by side (WAL); writers take turns (`write::begin`) and wait for a
        // lock held by another process (the command line) up to the busy timeout. Each pooled
        // connection gets these settings, not only the first one.
        // A file never drops a connection: no ping before each query's connection is lent
        // (the default doubled the round trips of every query).
        opts.max_connections(pool_size(8))
            .test_before_acquire(false)
            .map_sqlx_sqlite_opts(|o| {
                use sea_orm::sqlx::sqlite::SqliteJournalMode;
                // Pages read through a shared mapping of the file, not a copy per read call.
                o.journal_mode(SqliteJournalMode::Wal)
                    .pragma("mmap_size", "268435456")
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
    } else {
        opts.max_connections(pool_size(16));
        // Plan each query with its values: a generic plan of a prepared statement guesses the
        // selectivity of a LIKE pattern and of LIMIT, and walked the whole stock of pourvois in
        // date order for a search by party, chambre and stade (128 ms instead of 2 ms).
        opts.map_sqlx_postgres_opts(|o| o.options([("plan_cache_mode", "force_custom_plan")]));
    }
    Database::connect(opts).await
}

/// Refreshes the planner's statistics where they are missing or stale (SQLite; PostgreSQL's
/// autovacuum keeps its own): without them SQLite may walk an index chosen for the sort
/// order rather than the selective one (a search by chambre and stade over the whole stock).
/// After backfills (`rewritten`), every table is vacuumed and analysed: they may have
/// rewritten whole tables, leaving dead rows and stale statistics behind.
pub async fn optimize(db: &DatabaseConnection, rewritten: bool) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    match (db.get_database_backend(), rewritten) {
        (sea_orm::DbBackend::Postgres, true) => {
            db.execute_unprepared("VACUUM ANALYZE").await?;
        }
        (sea_orm::DbBackend::Postgres, false) => {}
        (_, true) => {
            db.execute_unprepared("ANALYZE").await?;
        }
        (_, false) => {
            db.execute_unprepared("PRAGMA optimize=0x10002").await?;
        }
    }
    Ok(())
}

/// Whether the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
