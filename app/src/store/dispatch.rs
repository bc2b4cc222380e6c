//! Avis and notifications: dispatches prepared for each recipient, the letters' codes once
//! issued, and the bordereaux that record when and how they left the greffe.

use super::entities::{bordereau, document_emis, envoi};
use super::{Actor, Db, StoreError, StoreResult, new_id};
use crate::domain::dates::paris_time;
use crate::domain::dispatch::{BordereauView, EnvoiView, Envois, Mode, Nature, Recipient, bordereau_number};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashMap;

/// What a dispatch is about: its nature, its record and the record's number.
pub struct Subject<'a> {
    pub nature: Nature,
    pub objet: &'a str,
    pub dossier: &'a str,
}

/// Prepares `subject` for each recipient, in the actor's juridiction: how many. The same
/// document already waiting for the same recipient is refused (nothing written).
pub async fn prepare<C: Db>(db: &C, subject: &Subject<'_>, to: &[Recipient], actor: &Actor<'_>) -> StoreResult<usize> {
    let (_turn, txn) = super::write::begin(db).await?;
    let now = chrono::Utc::now();
    // Those already waiting for the same document are not prepared twice: only the new
    // recipients (an avocat added since) are.
    let waiting: std::collections::HashSet<(String, String)> = envoi::Entity::find()
        .filter(envoi::Column::JuridictionId.eq(actor.user.juridiction_id))
        .filter(envoi::Column::Nature.eq(subject.nature.code()))
        .filter(envoi::Column::Objet.eq(subject.objet))
        .filter(envoi::Column::BordereauId.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| (e.destinataire, e.qualite))
        .collect();
    let to: Vec<&Recipient> = to
        .iter()
        .filter(|r| !waiting.contains(&(r.nom.chars().take(250).collect(), r.qualite.chars().take(250).collect())))
        .collect();
    if to.is_empty() {
        return Err(StoreError::Duplicate(
            "Ce document attend déjà d'être envoyé à chacun de ses destinataires : rien n'est préparé une seconde fois."
                .into(),
        ));
    }
    for r in &to {
        envoi::ActiveModel {
            id: Set(new_id()),
            juridiction_id: Set(actor.user.juridiction_id),
            nature: Set(subject.nature.code().to_owned()),
            objet: Set(subject.objet.to_owned()),
            prevenu_id: Set(r.prevenu_id.clone()),
            dossier: Set(subject.dossier.to_owned()),
            destinataire: Set(r.nom.chars().take(250).collect()),
            qualite: Set(r.qualite.chars().take(250).collect()),
            mode: Set(r.mode.code().to_owned()),
            prepare_le: Set(now),
            prepare_par: Set(actor.user.id),
            prepare_par_nom: Set(actor.user.display_name.clone()),
            bordereau_id: Set(None),
            envoye_le: Set(None),
            code_envoye: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    actor
        .log(
            &txn,
            "envois_preparer",
            "envoi",
            subject.objet,
            Some(format!(
                "{} ({}) : {} destinataire(s)",
                subject.nature.label(),
                subject.dossier,
                to.len()
            )),
        )
        .await?;
    txn.commit().await?;
    Ok(to.len())
}

fn parse<T>(code: &str, f: impl Fn(&str) -> Option<T>) -> StoreResult<T> {
    f(code).ok_or_else(|| StoreError::Defect(format!("envoi: unknown code {code}")))
}

/// The views of `rows`, each with its letter's codes (newest first) and its bordereau's
/// number.
async fn views<C: ConnectionTrait>(db: &C, j: i64, rows: Vec<envoi::Model>) -> StoreResult<Vec<EnvoiView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let objets: Vec<String> = rows.iter().map(|r| format!("notification/{}", r.id)).collect();
    let mut codes: HashMap<String, Vec<String>> = HashMap::new();
    for d in document_emis::Entity::find()
        .filter(document_emis::Column::JuridictionId.eq(j))
        .filter(document_emis::Column::Nature.eq("notification"))
        .filter(document_emis::Column::Objet.is_in(objets))
        .order_by_desc(document_emis::Column::EmisLe)
        .all(db)
        .await?
    {
        let id = d.objet.trim_start_matches("notification/").to_owned();
        codes.entry(id).or_default().push(d.code);
    }
    let bordereaux: Vec<String> = rows.iter().filter_map(|r| r.bordereau_id.clone()).collect();
    let numbers: HashMap<String, String> = if bordereaux.is_empty() {
        HashMap::new()
    } else {
        bordereau::Entity::find()
            .filter(bordereau::Column::Id.is_in(bordereaux))
            .all(db)
            .await?
            .into_iter()
            .map(|b| (b.id, b.numero))
            .collect()
    };
    rows.into_iter()
        .map(|r| {
            Ok(EnvoiView {
                nature: parse(&r.nature, Nature::parse)?,
                mode: parse(&r.mode, Mode::parse)?,
                codes: codes.remove(&r.id).unwrap_or_default(),
                bordereau: r.bordereau_id.as_ref().and_then(|b| numbers.get(b).cloned()),
                envoye_le: r.envoye_le.map(|d| d.to_string()),
                code_envoye: r.code_envoye,
                prepare_le: paris_time(r.prepare_le),
                prepare_par: r.prepare_par_nom,
                objet: r.objet,
                dossier: r.dossier,
                destinataire: r.destinataire,
                qualite: r.qualite,
                id: r.id,
            })
        })
        .collect()
}

/// Juridiction `j`'s dispatches (of one record when `objet` is given): those waiting, the
/// latest 200 sent, the latest 50 bordereaux.
pub async fn list<C: ConnectionTrait>(db: &C, j: i64, objet: Option<&str>) -> StoreResult<Envois> {
    let scoped = || {
        let q = envoi::Entity::find().filter(envoi::Column::JuridictionId.eq(j));
        match objet {
            Some(o) => q.filter(envoi::Column::Objet.eq(o)),
            None => q,
        }
    };
    let waiting = scoped()
        .filter(envoi::Column::BordereauId.is_null())
        .order_by_asc(envoi::Column::PrepareLe)
        .order_by_asc(envoi::Column::Id)
        .all(db)
        .await?;
    let sent = scoped()
        .filter(envoi::Column::BordereauId.is_not_null())
        .order_by_desc(envoi::Column::EnvoyeLe)
        .order_by_desc(envoi::Column::PrepareLe)
        .order_by_asc(envoi::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let bordereaux = if objet.is_some() {
        Vec::new()
    } else {
        let list = bordereau::Entity::find()
            .filter(bordereau::Column::JuridictionId.eq(j))
            .order_by_desc(bordereau::Column::EtabliLe)
            .limit(50)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(list.len());
        for b in list {
            out.push(BordereauView {
                mode: parse(&b.mode, Mode::parse)?,
                envois: Vec::new(),
                id: b.id,
                numero: b.numero,
                date_envoi: b.date_envoi.to_string(),
                etabli_par: b.etabli_par_nom,
            });
        }
        out
    };
    Ok(Envois {
        a_envoyer: views(db, j, waiting).await?,
        envoyes: views(db, j, sent).await?,
        bordereaux,
    })
}

/// One dispatch of juridiction `j`, with the prévenu its convocation is for.
pub async fn one<C: ConnectionTrait>(db: &C, j: i64, id: &str) -> StoreResult<Option<(EnvoiView, Option<String>)>> {
    let Some(row) = envoi::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|r| r.juridiction_id == j)
    else {
        return Ok(None);
    };
    let prevenu = row.prevenu_id.clone();
    Ok(views(db, j, vec![row]).await?.pop().map(|v| (v, prevenu)))
}

/// Bordereau `id` of juridiction `j`, with every dispatch on it.
pub async fn bordereau<C: ConnectionTrait>(db: &C, j: i64, id: &str) -> StoreResult<Option<BordereauView>> {
    let Some(b) = bordereau::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|b| b.juridiction_id == j)
    else {
        return Ok(None);
    };
    let rows = envoi::Entity::find()
        .filter(envoi::Column::JuridictionId.eq(j))
        .filter(envoi::Column::BordereauId.eq(b.id.clone()))
        .order_by_asc(envoi::Column::Dossier)
        .order_by_asc(envoi::Column::Id)
        .all(db)
        .await?;
    Ok(Some(BordereauView {
        mode: parse(&b.mode, Mode::parse)?,
        envois: views(db, j, rows).await?,
        id: b.id,
        numero: b.numero,
        date_envoi: b.date_envoi.to_string(),
        etabli_par: b.etabli_par_nom,
    }))
}

/// Records dispatches `ids` as sent on `date` by `mode`, on a new bordereau: its number.
/// Refused, nothing written, when one of them is not waiting any more (another greffier put
/// it on his bordereau, or cancelled it, meanwhile).
pub async fn close<C: Db>(
    db: &C,
    ids: &[String],
    date: NaiveDate,
    mode: Mode,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match close_once(db, ids, date, mode, actor).await {
            // PostgreSQL: another bordereau took this rank between our read and our insert.
            Err(StoreError::Conflict { foreign_key: false, .. }) if attempt < 8 => continue,
            r => return r,
        }
    }
}

async fn close_once<C: Db>(
    db: &C,
    ids: &[String],
    date: NaiveDate,
    mode: Mode,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    let j = actor.user.juridiction_id;
    let (_turn, txn) = super::write::begin(db).await?;
    let year = date.year();
    let last: Option<i32> = bordereau::Entity::find()
        .select_only()
        .column_as(bordereau::Column::Rang.max(), "last")
        .filter(bordereau::Column::JuridictionId.eq(j))
        .filter(bordereau::Column::Annee.eq(year))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let rang = last.unwrap_or(0) + 1;
    let numero = bordereau_number(year, i64::from(rang));
    let id = new_id();
    bordereau::ActiveModel {
        id: Set(id.clone()),
        juridiction_id: Set(j),
        annee: Set(year),
        rang: Set(rang),
        numero: Set(numero.clone()),
        date_envoi: Set(date),
        mode: Set(mode.code().to_owned()),
        etabli_par: Set(actor.user.id),
        etabli_par_nom: Set(actor.user.display_name.clone()),
        etabli_le: Set(chrono::Utc::now()),
    }
    .insert(&txn)
    .await?;
    let stale = || {
        StoreError::Stale(
            "Un des envois cochés vient d'être porté sur un autre bordereau ou annulé : rechargez la page ; rien n'a été enregistré."
                .into(),
        )
    };
    let rows = envoi::Entity::find()
        .filter(envoi::Column::JuridictionId.eq(j))
        .filter(envoi::Column::Id.is_in(ids.iter().cloned()))
        .all(&txn)
        .await?;
    if rows.len() != ids.len() {
        return Err(stale());
    }
    // What leaves is the letter issued: each must have been, and its code is recorded.
    let letters = views(&txn, j, rows).await?;
    for l in &letters {
        let Some(code) = l.codes.first() else {
            return Err(StoreError::invalid(
                "envois",
                format!(
                    "La lettre à {} ({}) n'a pas encore été délivrée : ouvrez-la en PDF avant de la porter sur un bordereau ; rien n'a été enregistré.",
                    l.destinataire, l.dossier
                ),
            ));
        };
        let done = envoi::Entity::update_many()
            .col_expr(envoi::Column::BordereauId, Some(id.clone()).into())
            .col_expr(envoi::Column::EnvoyeLe, Some(date).into())
            .col_expr(envoi::Column::Mode, mode.code().into())
            .col_expr(envoi::Column::CodeEnvoye, Some(code.clone()).into())
            .filter(envoi::Column::JuridictionId.eq(j))
            .filter(envoi::Column::Id.eq(l.id.clone()))
            .filter(envoi::Column::BordereauId.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if done != 1 {
            return Err(stale());
        }
    }
    actor
        .log(
            &txn,
            "bordereau_etablir",
            "bordereau",
            &id,
            Some(format!(
                "Bordereau n° {numero} : {} pli(s) envoyé(s) le {date} ({})",
                ids.len(),
                mode.label()
            )),
        )
        .await?;
    txn.commit().await?;
    Ok(numero)
}

/// Cancels dispatch `id` while it waits (prepared by mistake).
pub async fn cancel<C: Db>(db: &C, id: &str, actor: &Actor<'_>) -> StoreResult<()> {
    let j = actor.user.juridiction_id;
    let (_turn, txn) = super::write::begin(db).await?;
    let row = envoi::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .filter(|r| r.juridiction_id == j)
        .ok_or(StoreError::NotFound("envoi"))?;
    let gone = envoi::Entity::delete_many()
        .filter(envoi::Column::Id.eq(id))
        .filter(envoi::Column::BordereauId.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if gone != 1 {
        return Err(StoreError::state(
            "Cet envoi est déjà porté sur un bordereau : il ne peut plus être annulé.",
        ));
    }
    actor
        .log(
            &txn,
            "envoi_annuler",
            "envoi",
            id,
            Some(format!("{} à {} ({})", row.nature, row.destinataire, row.dossier)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
