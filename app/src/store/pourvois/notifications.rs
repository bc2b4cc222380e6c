//! The timeline as others see it: live events (and catching up after a reconnect),
//! notifications of the dossiers one is assigned to or follows, following.

use crate::domain::pourvoi::LiveEvent;
use crate::store::Actor;
use crate::store::StoreResult;
use crate::store::entities::{evenement, pourvoi, suivi};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashSet;

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

/// The events made by others on the dossiers `user` is assigned to or follows: the SQL after
/// `SELECT …`, and its values.
fn my_events(user: &crate::domain::account::CurrentUser) -> (&'static str, Vec<sea_orm::Value>) {
    let sql = "FROM evenement e JOIN pourvoi po ON po.id = e.pourvoi_id WHERE po.juridiction_id = ? \
         AND (po.rapporteur_id = ? OR po.avocat_general_id = ? \
         OR EXISTS (SELECT 1 FROM suivi s WHERE s.pourvoi_id = po.id AND s.user_id = ?)) \
         AND (e.acteur_id IS NULL OR e.acteur_id <> ?)";
    let values = vec![
        user.juridiction_id.into(),
        user.id.into(),
        user.id.into(),
        user.id.into(),
        user.id.into(),
    ];
    (sql, values)
}

/// When `user` last marked his notifications read.
async fn notifications_seen<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
) -> StoreResult<Option<chrono::DateTime<Utc>>> {
    use crate::store::entities::notification_lue;
    Ok(notification_lue::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .map(|n| n.vues_le))
}

/// How many of `user`'s notifications came after `seen` (all of them when never read).
async fn count_unread<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
    seen: Option<chrono::DateTime<Utc>>,
) -> StoreResult<i64> {
    let (mine, mut values) = my_events(user);
    let mut sql = format!("SELECT COUNT(*) {mine}");
    if let Some(s) = seen {
        sql.push_str(" AND e.at > ?");
        values.push(s.into());
    }
    let row = db
        .query_one_raw(crate::store::stats::stmt(db.get_database_backend(), &sql, values))
        .await?;
    Ok(row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// How many notifications `user` has not read (the count beside the menu entry).
pub async fn unread_notifications<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
) -> StoreResult<i64> {
    let seen = notifications_seen(db, user).await?;
    count_unread(db, user, seen).await
}

/// The latest events made by others on the dossiers `user` is assigned to or follows, and
/// how many came since he last marked them read.
pub async fn notifications<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
) -> StoreResult<crate::domain::pourvoi::Notifications> {
    use crate::domain::pourvoi::{NOTIFICATIONS_LIMIT, Notification, Notifications};
    let seen = notifications_seen(db, user).await?;
    let (mine, values) = my_events(user);
    let rows = db
        .query_all_raw(crate::store::stats::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT e.pourvoi_id, po.numero, e.at, e.acteur, e.detail {mine} \
                 ORDER BY e.at DESC, e.id LIMIT {NOTIFICATIONS_LIMIT}"
            ),
            values,
        ))
        .await?;
    let mut evenements = Vec::with_capacity(rows.len());
    for r in rows {
        let at: chrono::DateTime<Utc> = r.try_get_by_index(2)?;
        evenements.push(Notification {
            pourvoi_id: r.try_get_by_index(0)?,
            numero: r.try_get_by_index(1)?,
            at: crate::domain::dates::paris_time(at),
            instant: at.to_rfc3339(),
            acteur: r.try_get_by_index(3)?,
            detail: r.try_get_by_index(4)?,
            nouvelle: seen.is_none_or(|s| at > s),
        });
    }
    let non_lues = count_unread(db, user, seen).await?;
    Ok(Notifications { non_lues, evenements })
}

/// Marks the user's notifications read up to `at` (the newest he was shown); an earlier mark
/// never moves a later one back.
pub async fn mark_notifications_read<C: crate::store::Db>(
    db: &C,
    at: chrono::DateTime<Utc>,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    use crate::store::entities::notification_lue;
    use sea_orm::sea_query::OnConflict;
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let current = notification_lue::Entity::find_by_id(actor.user.id)
        .one(&txn)
        .await?
        .map(|n| n.vues_le);
    if current.is_some_and(|c| c >= at) {
        return Ok(());
    }
    notification_lue::Entity::insert(notification_lue::ActiveModel {
        user_id: Set(actor.user.id),
        vues_le: Set(at),
    })
    .on_conflict(
        OnConflict::column(notification_lue::Column::UserId)
            .update_column(notification_lue::Column::VuesLe)
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    actor
        .log(&txn, "notifications_lues", "app_user", &actor.user.id.to_string(), None)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Starts or stops following a dossier (being notified of its events).
pub async fn follow<C: crate::store::Db>(db: &C, pourvoi_id: &str, on: bool, actor: &Actor<'_>) -> StoreResult<()> {
    use sea_orm::sea_query::OnConflict;
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let key = (pourvoi_id.to_owned(), actor.user.id);
    let changed = if on {
        // Twice at once (a double click) follows once.
        suivi::Entity::insert(suivi::ActiveModel {
            pourvoi_id: Set(key.0),
            user_id: Set(key.1),
        })
        .on_conflict(
            OnConflict::columns([suivi::Column::PourvoiId, suivi::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            > 0
    } else {
        suivi::Entity::delete_by_id(key).exec(&txn).await?.rows_affected > 0
    };
    if changed {
        let action = if on { "dossier_suivre" } else { "dossier_ne_plus_suivre" };
        actor.log(&txn, action, "pourvoi", pourvoi_id, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether `user_id` is notified of the dossier's events: assigned to it or following it.
pub async fn concerns<C: ConnectionTrait>(db: &C, pourvoi_id: &str, user_id: i64) -> StoreResult<bool> {
    let assigned = pourvoi::Entity::find_by_id(pourvoi_id.to_owned())
        .filter(
            sea_orm::Condition::any()
                .add(pourvoi::Column::RapporteurId.eq(user_id))
                .add(pourvoi::Column::AvocatGeneralId.eq(user_id)),
        )
        .count(db)
        .await?
        > 0;
    Ok(assigned
        || suivi::Entity::find_by_id((pourvoi_id.to_owned(), user_id))
            .one(db)
            .await?
            .is_some())
}
