//! Cour de cassation dossiers, one room per use case: registration and the dossier page
//! (`registration`), the circuit — orientation, distribution, receipt, arrêt — (`workflow`),
//! the inventory of pièces (`pieces`), deadlines opened and closed by events (`deadlines`),
//! séances and the certificat de non-pourvoi (`audiencement`), the timeline as others see it
//! (`notifications`), the stock, search and task lists (`search`). Every change commits its
//! events with it, then publishes them live.

pub mod audiencement;
pub mod deadlines;
pub mod notifications;
pub mod pieces;
pub mod procedures;
pub mod registration;
pub mod search;
pub mod workflow;

use crate::domain::deadline::{Parties, Residence};
use crate::domain::indicator::Source;
use crate::domain::juridiction::Calendar;
use crate::domain::pourvoi::{LiveEvent, Stade};
use crate::domain::role::Role;
use crate::store::entities::{evenement, juridiction, pourvoi, user};
use crate::store::{Actor, new_id};
use crate::store::{StoreError, StoreResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};

/// Juridiction of a pourvoi, for access checks.
pub async fn pourvoi_juridiction<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<i64>> {
    Ok(pourvoi::Entity::find_by_id(id.to_owned())
        .select_only()
        .column(pourvoi::Column::JuridictionId)
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

/// The stade a stored code names (an unknown code is a defect, logged; the dossier then
/// reads as just registered).
pub(super) fn stade(code: &str) -> Stade {
    Stade::parse(code).unwrap_or_else(|| {
        tracing::error!(code, "unknown stade in the database");
        Stade::Enregistre
    })
}

/// Records an event on the dossier's timeline; `out` collects it for publication after commit.
pub(super) async fn event<C: ConnectionTrait>(
    db: &C,
    p: &pourvoi::Model,
    actor: &Actor<'_>,
    nature: &str,
    detail: String,
    out: &mut Vec<LiveEvent>,
) -> StoreResult<()> {
    let at = Utc::now();
    let id = new_id();
    evenement::ActiveModel {
        id: Set(id.clone()),
        pourvoi_id: Set(p.id.clone()),
        at: Set(at),
        acteur: Set(actor.user.display_name.clone()),
        nature: Set(nature.to_owned()),
        detail: Set(detail.clone()),
        acteur_id: Set(Some(actor.user.id)),
    }
    .insert(db)
    .await?;
    out.push(LiveEvent {
        id,
        pourvoi_id: p.id.clone(),
        numero: p.numero.clone(),
        juridiction_id: p.juridiction_id,
        at: crate::domain::dates::paris_time(at),
        acteur_id: actor.user.id,
        acteur: actor.user.display_name.clone(),
        nature: nature.to_owned(),
        detail,
    });
    Ok(())
}

/// Where the parties of `p` live, for the délais de distance.
pub(super) fn parties_of(p: &pourvoi::Model) -> Parties {
    Parties {
        demandeur: Residence::from_id(&p.residence_demandeur).unwrap_or_default(),
        defendeur: Residence::from_id(&p.residence_defendeur).unwrap_or_default(),
    }
}

pub(super) async fn calendar_of<C: ConnectionTrait>(db: &C, juridiction_id: i64) -> StoreResult<Calendar> {
    Ok(juridiction::Entity::find_by_id(juridiction_id)
        .one(db)
        .await?
        .map(|j| Calendar::parse(&j.calendar))
        .unwrap_or(Calendar::parse("metropole")))
}

/// Display names of users by id.
pub(super) async fn names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
) -> StoreResult<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Display names of the magistrats (siège and parquet) of juridictions `js`, by id.
pub async fn user_names<C: ConnectionTrait>(db: &C, js: &[i64]) -> StoreResult<Vec<(i64, String)>> {
    Ok(user::Entity::find()
        .filter(user::Column::JuridictionId.is_in(js.iter().copied()))
        .filter(user::Column::Role.is_in([Role::MagistratSiege.as_str(), Role::MagistratParquet.as_str()]))
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?)
}

/// The pourvoi `id` of the actor's juridiction at `version`, for a change; `NotFound` or
/// `Conflict` otherwise.
pub(super) async fn for_change<C: ConnectionTrait>(
    db: &C,
    id: &str,
    version: Option<i64>,
    actor: &Actor<'_>,
) -> StoreResult<pourvoi::Model> {
    // Writers of one dossier take turns until they commit, each reading what the previous
    // one saved: a change made without a version (a pièce) never fails because another
    // landed meanwhile, and a stale version is a real conflict.
    crate::store::write::lock(db, &format!("pourvoi:{id}")).await?;
    let p = pourvoi::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|p| p.juridiction_id == actor.user.juridiction_id)
        .ok_or_else(|| StoreError::NotFound("pourvoi"))?;
    if version.is_some_and(|v| v != p.version) {
        return Err(StoreError::Stale(
            "le dossier a été modifié entre-temps ; rechargez la page pour voir la dernière version".into(),
        ));
    }
    Ok(p)
}

/// Saves `p` with `change` applied and its version bumped, if nobody saved it since it was
/// read (on PostgreSQL two writers read the same version side by side); `Conflict` otherwise.
/// Its search words follow a change of stade or chambre.
pub(super) async fn save<C: ConnectionTrait>(
    db: &C,
    p: &pourvoi::Model,
    change: impl FnOnce(&mut pourvoi::ActiveModel),
) -> StoreResult<pourvoi::Model> {
    let mut a = p.clone().into_active_model();
    change(&mut a);
    a.version = Set(p.version + 1);
    match pourvoi::Entity::update(a)
        .validate()?
        .filter(pourvoi::Column::Version.eq(p.version))
        .exec(db)
        .await
    {
        Ok(saved) => {
            // In the same transaction: the word index never disagrees with the pourvoi.
            if (&saved.stade, &saved.chambre) != (&p.stade, &p.chambre) {
                search::refile_words(db, &saved).await?;
            }
            Ok(saved)
        }
        Err(sea_orm::DbErr::RecordNotUpdated) => Err(StoreError::Stale(
            "le dossier a été modifié entre-temps ; rechargez la page pour voir la dernière version".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Recounts the pourvoi indicators of every month `after` touches (registration, arrêt,
/// deadlines), in its old and new chambre.
pub(super) async fn refresh_stats<C: ConnectionTrait>(
    db: &C,
    before: &pourvoi::Model,
    after: &pourvoi::Model,
) -> StoreResult<()> {
    let now = crate::store::stats::pourvoi_buckets(db, &[&after.id]).await?;
    let old_chambre = before.chambre.clone().unwrap_or_default();
    let mut buckets = now.clone();
    buckets.extend(now.iter().map(|(j, _, m)| (*j, old_chambre.clone(), *m)));
    buckets.insert((
        before.juridiction_id,
        old_chambre,
        crate::store::stats::mois(before.date_pourvoi),
    ));
    crate::store::stats::refresh(db, Source::Pourvois, &buckets).await
}
