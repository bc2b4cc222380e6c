//! The append-only audit log: this module only inserts and reads, never updates or deletes.

use super::StoreResult;
use super::entities::audit_log;
use crate::domain::account::AuditEntry;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub user_id: Option<i64>,
    pub actor: Option<&'a str>,
    pub juridiction_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub ip: &'a str,
    pub success: bool,
    pub detail: Option<String>,
}

/// Appends one event, stamped with the current UTC time.
pub async fn record<C: ConnectionTrait>(db: &C, e: Event<'_>) -> StoreResult<()> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        user_id: Set(e.user_id),
        actor: Set(e.actor.map(str::to_owned)),
        juridiction_id: Set(e.juridiction_id),
        action: Set(e.action.to_owned()),
        entity: Set(e.entity.to_owned()),
        entity_id: Set(e.entity_id),
        ip: Set(e.ip.to_owned()),
        success: Set(e.success),
        detail: Set(e.detail),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Filters of the audit page; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The newest entries matching `filter`, at most `limit`, for one juridiction (or all).
pub async fn list<C: ConnectionTrait>(
    db: &C,
    juridiction_id: Option<i64>,
    filter: &AuditFilter,
    limit: u64,
) -> StoreResult<Vec<AuditEntry>> {
    let mut q = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit);
    if let Some(j) = juridiction_id {
        // Failed logins on unknown accounts belong to no juridiction: every admin sees them.
        q = q.filter(
            Condition::any()
                .add(audit_log::Column::JuridictionId.eq(j))
                .add(audit_log::Column::JuridictionId.is_null()),
        );
    }
    if let Some(actor) = filter.actor.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_log::Column::Actor.contains(actor.to_lowercase()));
    }
    if let Some(action) = filter.action.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(from) = filter.from {
        q = q.filter(audit_log::Column::At.gte(from.and_hms_opt(0, 0, 0).map(|d| d.and_utc())));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
        q = q.filter(audit_log::Column::At.lt(to.and_hms_opt(0, 0, 0).map(|d| d.and_utc())));
    }
    let rows = q.all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: crate::domain::dates::paris_time(r.at),
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            ip: r.ip,
            success: r.success,
            detail: r.detail,
        })
        .collect())
}
