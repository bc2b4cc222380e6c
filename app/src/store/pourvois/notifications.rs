//! The timeline as others see it: live events (and catching up after a reconnect),
//! notifications of the dossiers one is assigned to or follows, following.

use crate::store::Actor;
use crate::store::StoreResult;
use crate::store::entities::{pourvoi, suivi};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

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
