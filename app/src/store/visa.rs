//! The président's visa of the notes d'audience (art. 453 CPP): where it stands for an
//! audience, the président giving it, and the visas awaited (his, and the greffe's alerts).
//!
//! The président of an audience is the magistrat du siège of its juridiction whose name is
//! the audience's "Président" (as the audience form offers them); a président without an
//! account (or a name shared by two) vises on paper.

use super::entities::{affaire, audience, note_audience, user, visa_notes};
use super::{Actor, new_id};
use super::{StoreError, StoreResult};
use crate::domain::account::CurrentUser;
use crate::domain::role::Role;
use crate::domain::visa::{self, Statut, Visa, VisaView};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// How far back the visas awaited are listed.
const LOOKBACK_DAYS: i64 = 60;

/// The account of the président named `name` in `juridiction_id`, if exactly one.
async fn president_account<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    name: &str,
) -> StoreResult<Option<user::Model>> {
    let name = name.trim().to_lowercase();
    let mut found: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::JuridictionId.eq(juridiction_id))
        .filter(user::Column::Role.eq(Role::MagistratSiege.as_str()))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|u| !name.is_empty() && u.display_name.trim().to_lowercase() == name)
        .collect();
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// Latest note version of each affaire of `audiences`, by audience.
async fn notes_of<C: ConnectionTrait>(
    db: &C,
    audiences: &[String],
) -> StoreResult<HashMap<String, Vec<(String, i64)>>> {
    let affaires: HashMap<String, String> = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.is_in(audiences.iter().map(String::as_str)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.audience_id))
        .collect();
    let mut latest: HashMap<String, i64> = HashMap::new();
    for n in note_audience::Entity::find()
        .filter(note_audience::Column::AffaireId.is_in(affaires.keys().map(String::as_str)))
        .all(db)
        .await?
    {
        let v = latest.entry(n.affaire_id).or_insert(n.version);
        *v = (*v).max(n.version);
    }
    let mut out: HashMap<String, Vec<(String, i64)>> = HashMap::new();
    for (affaire_id, version) in latest {
        if let Some(audience_id) = affaires.get(&affaire_id) {
            out.entry(audience_id.clone()).or_default().push((affaire_id, version));
        }
    }
    Ok(out)
}

/// The last visa of each of `audiences`.
async fn last_visas<C: ConnectionTrait>(
    db: &C,
    audiences: &[String],
) -> StoreResult<HashMap<String, visa_notes::Model>> {
    let mut out = HashMap::new();
    for v in visa_notes::Entity::find()
        .filter(visa_notes::Column::AudienceId.is_in(audiences.iter().map(String::as_str)))
        .order_by_asc(visa_notes::Column::ViseLe)
        .all(db)
        .await?
    {
        out.insert(v.audience_id.clone(), v);
    }
    Ok(out)
}

/// The views of `audiences` for `reader`, on `today`.
async fn views<C: ConnectionTrait>(
    db: &C,
    audiences: Vec<audience::Model>,
    reader: &CurrentUser,
    today: NaiveDate,
) -> StoreResult<Vec<VisaView>> {
    let ids: Vec<String> = audiences.iter().map(|a| a.id.clone()).collect();
    let notes = notes_of(db, &ids).await?;
    let visas = last_visas(db, &ids).await?;
    let mut presidents: HashMap<(i64, String), Option<i64>> = HashMap::new();
    let mut calendars = HashMap::new();
    let mut out = Vec::with_capacity(audiences.len());
    for a in audiences {
        let key = (a.juridiction_id, a.president.clone());
        if !presidents.contains_key(&key) {
            let account = president_account(db, a.juridiction_id, &a.president).await?;
            presidents.insert(key.clone(), account.map(|u| u.id));
        }
        let president_id = presidents[&key];
        let current = visa::fingerprint(notes.get(&a.id).map(Vec::as_slice).unwrap_or_default());
        let last = visas.get(&a.id);
        let statut = Statut::of(&current, last.map(|v| v.empreinte.as_str()));
        let calendar = match calendars.get(&a.juridiction_id) {
            Some(c) => *c,
            None => {
                let c = super::pourvois::calendar_of(db, a.juridiction_id).await?;
                calendars.insert(a.juridiction_id, c);
                c
            }
        };
        let due = crate::domain::deadline::rule(visa::RULE)
            .map(|r| crate::domain::deadline::compute(r, a.date, calendar).due)
            .unwrap_or(a.date);
        out.push(VisaView {
            audience_id: a.id,
            audience_date: a.date.to_string(),
            chambre: a.chambre,
            president: a.president,
            president_inscrit: president_id.is_some(),
            statut,
            echeance: due.to_string(),
            retard: statut.pending() && today > due,
            dernier: last.map(|v| Visa {
                president: v.president.clone(),
                le: crate::domain::dates::paris_time(v.vise_le),
                notes: v.notes,
            }),
            par_moi: president_id == Some(reader.id),
        });
    }
    Ok(out)
}

/// Where the visa of audience `id` stands for `reader`.
pub async fn view<C: ConnectionTrait>(
    db: &C,
    id: &str,
    reader: &CurrentUser,
    today: NaiveDate,
) -> StoreResult<VisaView> {
    let a = audience::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    Ok(views(db, vec![a], reader, today).await?.remove(0))
}

/// The président vises the notes of audience `id` as they stand.
pub async fn give<C: super::Db>(db: &C, id: &str, actor: &Actor<'_>, today: NaiveDate) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    super::write::lock(&txn, &format!("visa:{id}")).await?;
    let a = audience::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    let president = president_account(&txn, a.juridiction_id, &a.president).await?;
    if president.as_ref().map(|u| u.id) != Some(actor.user.id) {
        return Err(StoreError::Forbidden);
    }
    if a.date > today {
        return Err(StoreError::invalid("visa", "L'audience n'a pas encore eu lieu."));
    }
    let notes = notes_of(&txn, std::slice::from_ref(&a.id))
        .await?
        .remove(&a.id)
        .unwrap_or_default();
    let current = visa::fingerprint(&notes);
    let last = last_visas(&txn, std::slice::from_ref(&a.id)).await?.remove(&a.id);
    match Statut::of(&current, last.as_ref().map(|v| v.empreinte.as_str())) {
        Statut::SansNote => return Err(StoreError::invalid("visa", "Aucune note d'audience à viser.")),
        Statut::Vise => {
            return Err(StoreError::state("les notes sont déjà visées dans cette version"));
        }
        Statut::AViser | Statut::ARenouveler => {}
    }
    visa_notes::ActiveModel {
        id: Set(new_id()),
        audience_id: Set(a.id.clone()),
        president_id: Set(actor.user.id),
        president: Set(actor.user.display_name.clone()),
        vise_le: Set(Utc::now()),
        empreinte: Set(current),
        notes: Set(i32::try_from(notes.len()).unwrap_or(i32::MAX)),
    }
    .insert(&txn)
    .await?;
    actor
        .log(
            &txn,
            "notes_viser",
            "audience",
            &a.id,
            Some(format!("{} note(s)", notes.len())),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Visas awaited in the reader's juridiction over the last two months: a magistrat du siège
/// sees those he is to give; the greffe and the direction see those overdue.
pub async fn awaited<C: ConnectionTrait>(db: &C, reader: &CurrentUser, today: NaiveDate) -> StoreResult<Vec<VisaView>> {
    let audiences = audience::Entity::find()
        .filter(audience::Column::JuridictionId.eq(reader.juridiction_id))
        .filter(audience::Column::Date.gte(today - Duration::days(LOOKBACK_DAYS)))
        .filter(audience::Column::Date.lte(today))
        .order_by_asc(audience::Column::Date)
        .all(db)
        .await?;
    let president = reader.role == Role::MagistratSiege;
    let audiences: Vec<audience::Model> = if president {
        let me = reader.display_name.trim().to_lowercase();
        audiences
            .into_iter()
            .filter(|a| a.president.trim().to_lowercase() == me)
            .collect()
    } else {
        audiences
    };
    Ok(views(db, audiences, reader, today)
        .await?
        .into_iter()
        .filter(|v| {
            if president {
                v.par_moi && v.statut.pending()
            } else {
                v.retard
            }
        })
        .collect())
}
