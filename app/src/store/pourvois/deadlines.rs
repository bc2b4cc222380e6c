//! Deadlines of a dossier: opened, closed and restarted by its events, each with its
//! computation.

use crate::domain::deadline::{self, Parties, compute_for};
use crate::domain::juridiction::Calendar;
use crate::store::StoreResult;
use crate::store::entities::echeance;
use crate::store::new_id;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

/// Opens the deadline of `rule_id` running from `depart` (unless one is already open).
pub(super) async fn open_deadline<C: ConnectionTrait>(
    db: &C,
    pourvoi_id: &str,
    rule_id: &str,
    depart: NaiveDate,
    (calendar, parties): (Calendar, Parties),
) -> StoreResult<Option<NaiveDate>> {
    let Some(rule) = deadline::rule(rule_id) else {
        return Ok(None);
    };
    let open = echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(pourvoi_id))
        .filter(echeance::Column::RuleId.eq(rule_id))
        .filter(echeance::Column::Statut.eq("ouverte"))
        .count(db)
        .await?;
    if open > 0 {
        return Ok(None);
    }
    let c = compute_for(rule, depart, calendar, parties.residence(rule.distance));
    echeance::ActiveModel {
        id: Set(new_id()),
        pourvoi_id: Set(pourvoi_id.to_owned()),
        rule_id: Set(rule.id.to_owned()),
        depart: Set(depart),
        due: Set(c.due),
        steps: Set(serde_json::to_string(&c.steps).unwrap_or_else(|_| "[]".into())),
        statut: Set("ouverte".into()),
        cloture: Set(String::new()),
        close_le: Set(None),
    }
    .insert(db)
    .await?;
    Ok(Some(c.due))
}

/// Closes the open deadlines of `rules` (every open one when `rules` is `None`), saying why;
/// returns the labels of those closed.
pub(super) async fn close_deadlines<C: ConnectionTrait>(
    db: &C,
    pourvoi_id: &str,
    rules: Option<&[&str]>,
    why: &str,
    on: NaiveDate,
) -> StoreResult<Vec<String>> {
    let mut q = echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(pourvoi_id))
        .filter(echeance::Column::Statut.eq("ouverte"));
    if let Some(rules) = rules {
        if rules.is_empty() {
            return Ok(Vec::new());
        }
        q = q.filter(echeance::Column::RuleId.is_in(rules.iter().copied()));
    }
    let mut closed = Vec::new();
    for e in q.all(db).await? {
        closed.push(
            deadline::rule(&e.rule_id)
                .map(|r| r.label.to_owned())
                .unwrap_or(e.rule_id.clone()),
        );
        let mut a = e.into_active_model();
        a.statut = Set("close".into());
        a.cloture = Set(why.to_owned());
        a.close_le = Set(Some(on));
        a.update(db).await?;
    }
    Ok(closed)
}

/// Runs open deadline `e` from `depart` instead: due date and steps recomputed. Returns the
/// change in words ("label : old → new").
pub(super) async fn restart_deadline<C: ConnectionTrait>(
    db: &C,
    e: echeance::Model,
    rule: &deadline::Rule,
    depart: NaiveDate,
    (calendar, parties): (Calendar, Parties),
) -> StoreResult<String> {
    let c = compute_for(rule, depart, calendar, parties.residence(rule.distance));
    let change = format!(
        "{} : {} → {}",
        rule.label,
        e.due.format("%d/%m/%Y"),
        c.due.format("%d/%m/%Y")
    );
    let mut a = e.into_active_model();
    a.depart = Set(depart);
    a.due = Set(c.due);
    a.steps = Set(serde_json::to_string(&c.steps).unwrap_or_else(|_| "[]".into()));
    a.update(db).await?;
    Ok(change)
}
