//! Fan-out of committed dossier events to the server-sent-event streams.
//!
//! On SQLite (one instance) events go straight to this process's streams. On PostgreSQL any
//! number of instances share one database: an event is announced with `NOTIFY` (its id only),
//! and every instance, this one included, reads the announced events back from the
//! `evenement` table and hands them to its own streams. A stream that reconnects catches up
//! from the table (`Last-Event-ID`), so an announcement lost with a connection loses nothing.

use super::StoreResult;
use super::entities::{evenement, pourvoi};
use crate::domain::pourvoi::LiveEvent;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// The PostgreSQL channel the instances announce events on.
const CHANNEL: &str = "greffe_evenements";

/// Ids per announcement: a `NOTIFY` payload holds under 8,000 bytes.
const IDS_PER_NOTIFY: usize = 150;

/// Publishes committed dossier events; every open stream holds a receiver.
#[derive(Clone)]
pub struct Hub {
    events: broadcast::Sender<LiveEvent>,
    closing: watch::Sender<bool>,
    /// The shared PostgreSQL database events are announced through, if any.
    shared: Option<DatabaseConnection>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            events: broadcast::channel(1024).0,
            closing: watch::channel(false).0,
            shared: None,
        }
    }
}

impl Hub {
    /// A hub for `db`: on PostgreSQL it announces events to every instance and starts this
    /// instance's listener (call it inside the runtime); on SQLite it stays in process.
    pub fn for_db(db: &DatabaseConnection) -> Self {
        let mut hub = Self::default();
        if db.get_database_backend() == DbBackend::Postgres {
            hub.shared = Some(db.clone());
            tokio::spawn(listen(hub.clone(), db.clone()));
        }
        hub
    }

    /// Sends committed `events` to every stream of every instance (none listening is fine).
    pub async fn publish(&self, events: Vec<LiveEvent>) {
        let Some(db) = &self.shared else {
            self.deliver(events);
            return;
        };
        for chunk in events.chunks(IDS_PER_NOTIFY) {
            let ids: Vec<&str> = chunk.iter().map(|e| e.id.as_str()).collect();
            let payload = serde_json::to_string(&ids).unwrap_or_default();
            let sent = db
                .execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), payload.into()],
                ))
                .await;
            if let Err(e) = sent {
                // Committed all the same: this instance's streams get them now, the others'
                // when they reconnect and catch up from the table.
                tracing::warn!(error = %e, "event announcement failed");
                self.deliver(chunk.to_vec());
            }
        }
    }

    fn deliver(&self, events: Vec<LiveEvent>) {
        for e in events {
            let _ = self.events.send(e);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// Tells every stream to end (server shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once `close` has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|closing| *closing).await;
        }
    }
}

/// Receives the announcements of every instance until the hub closes, reconnecting after a
/// lost connection.
async fn listen(hub: Hub, db: DatabaseConnection) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut closed = Box::pin(hub.closed());
    loop {
        let connected = async {
            let mut l = PgListener::connect_with(db.get_postgres_connection_pool()).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(l)
        };
        let mut listener = tokio::select! {
            _ = &mut closed => return,
            l = connected => match l {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "event listener: connection failed, retrying");
                    tokio::select! {
                        _ = &mut closed => return,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            },
        };
        loop {
            let got = tokio::select! {
                _ = &mut closed => return,
                got = listener.recv() => got,
            };
            match got {
                Ok(n) => {
                    let ids: Vec<String> = serde_json::from_str(n.payload()).unwrap_or_default();
                    match live_events(&db, &ids).await {
                        Ok(events) => hub.deliver(events),
                        Err(e) => tracing::warn!(error = ?e, "event listener: events unreadable"),
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "event listener: connection lost, reconnecting");
                    break;
                }
            }
        }
    }
}

/// `events` as published live, with their pourvois' number and juridiction.
async fn with_pourvois<C: ConnectionTrait>(db: &C, events: Vec<evenement::Model>) -> StoreResult<Vec<LiveEvent>> {
    let ids: HashSet<String> = events.iter().map(|e| e.pourvoi_id.clone()).collect();
    let pourvois: std::collections::HashMap<String, (String, i64)> = pourvoi::Entity::find()
        .select_only()
        .column(pourvoi::Column::Id)
        .column(pourvoi::Column::Numero)
        .column(pourvoi::Column::JuridictionId)
        .filter(pourvoi::Column::Id.is_in(ids))
        .into_tuple::<(String, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, numero, j)| (id, (numero, j)))
        .collect();
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let (numero, juridiction_id) = pourvois.get(&e.pourvoi_id)?.clone();
            Some(LiveEvent {
                id: e.id,
                pourvoi_id: e.pourvoi_id,
                numero,
                juridiction_id,
                at: crate::domain::dates::paris_time(e.at),
                acteur_id: e.acteur_id.unwrap_or_default(),
                acteur: e.acteur,
                nature: e.nature,
                detail: e.detail,
            })
        })
        .collect())
}

/// The events `ids` as published live, in the order they were recorded.
pub async fn live_events<C: ConnectionTrait>(db: &C, ids: &[String]) -> StoreResult<Vec<LiveEvent>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let events = evenement::Entity::find()
        .filter(evenement::Column::Id.is_in(ids.iter().cloned()))
        .order_by_asc(evenement::Column::At)
        .order_by_asc(evenement::Column::Id)
        .all(db)
        .await?;
    with_pourvois(db, events).await
}

/// How far back a reconnecting stream looks before its last event: events are stamped before
/// they commit, so one committed just after may carry an earlier time. The browser drops
/// what it already received (by id).
const CATCH_UP_OVERLAP_SECONDS: i64 = 10;

/// Events of juridiction `juridiction_id` recorded since the event `last_id` (a stream that
/// reconnects), oldest first, at most 500; none when `last_id` is unknown.
pub async fn live_events_since<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    last_id: &str,
) -> StoreResult<Vec<LiveEvent>> {
    let Some(last) = evenement::Entity::find_by_id(last_id.to_owned()).one(db).await? else {
        return Ok(vec![]);
    };
    let of_juridiction = sea_orm::sea_query::Query::select()
        .column(pourvoi::Column::Id)
        .from(pourvoi::Entity)
        .and_where(pourvoi::Column::JuridictionId.eq(juridiction_id))
        .to_owned();
    let events = evenement::Entity::find()
        .filter(evenement::Column::At.gte(last.at - chrono::Duration::seconds(CATCH_UP_OVERLAP_SECONDS)))
        .filter(evenement::Column::Id.ne(last.id))
        .filter(evenement::Column::PourvoiId.in_subquery(of_juridiction))
        .order_by_asc(evenement::Column::At)
        .order_by_asc(evenement::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    with_pourvois(db, events).await
}
