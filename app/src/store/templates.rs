//! Document templates per juridiction: every version an admin saves (kept as saved), which
//! one is in force for each kind, and the real records a template is tried on.

use super::entities::{
    affaire, audience, decision, modele_document as md, modele_en_vigueur as mv, pourvoi, prevenu, seance,
};
use super::{Actor, Db, StoreError, StoreResult, new_id};
use crate::domain::dates::paris_time;
use crate::domain::document::template::{self, TemplateLine, TemplateVersion, TemplateView};
use sea_orm::sea_query::Query;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashMap;

/// The sources in force in juridiction `j`, by kind (kinds on Greffe's default absent).
pub async fn in_force<C: ConnectionTrait>(db: &C, j: i64) -> StoreResult<HashMap<String, String>> {
    let rows = mv::Entity::find()
        .filter(mv::Column::JuridictionId.eq(j))
        .filter(mv::Column::ModeleId.is_not_null())
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<String> = rows.iter().filter_map(|r| r.modele_id.clone()).collect();
    let sources: HashMap<String, String> = md::Entity::find()
        .filter(md::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.source))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.nature, sources.get(&r.modele_id?)?.clone())))
        .collect())
}

/// The templates juridiction `j` may adapt, with the version in force of each.
pub async fn list<C: ConnectionTrait>(db: &C, j: i64, cassation: bool) -> StoreResult<Vec<TemplateLine>> {
    let versions = md::Entity::find()
        .filter(md::Column::JuridictionId.eq(j))
        .all(db)
        .await?;
    let force = mv::Entity::find()
        .filter(mv::Column::JuridictionId.eq(j))
        .all(db)
        .await?;
    Ok(template::kinds(cassation)
        .into_iter()
        .map(|(kind, label)| {
            let current = force
                .iter()
                .find(|f| f.nature == kind)
                .and_then(|f| f.modele_id.as_ref())
                .and_then(|id| versions.iter().find(|v| &v.id == id));
            TemplateLine {
                nature: kind.to_owned(),
                libelle: label.to_owned(),
                en_vigueur: current.map_or_else(|| "Modèle de Greffe".to_owned(), |v| format!("Version {}", v.version)),
                versions: versions.iter().filter(|v| v.nature == kind).count() as i64,
            }
        })
        .collect())
}

/// The template of `kind` in juridiction `j`: every version, which is in force.
pub async fn detail<C: ConnectionTrait>(db: &C, j: i64, cassation: bool, kind: &str) -> StoreResult<TemplateView> {
    let Some((_, label)) = template::kinds(cassation).into_iter().find(|(k, _)| *k == kind) else {
        return Err(StoreError::NotFound("modèle"));
    };
    let current = mv::Entity::find_by_id((j, kind.to_owned())).one(db).await?;
    let en_vigueur = current.as_ref().and_then(|c| c.modele_id.clone());
    let versions = md::Entity::find()
        .filter(md::Column::JuridictionId.eq(j))
        .filter(md::Column::Nature.eq(kind))
        .order_by_desc(md::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|m| TemplateVersion {
            en_vigueur: en_vigueur.as_deref() == Some(m.id.as_str()),
            id: m.id,
            version: m.version,
            commentaire: m.commentaire,
            cree_par: m.cree_par_nom,
            cree_le: paris_time(m.cree_le),
            source: m.source,
        })
        .collect();
    Ok(TemplateView {
        nature: kind.to_owned(),
        libelle: label.to_owned(),
        depuis: current
            .map(|c| format!("{}, le {}", c.par_nom, paris_time(c.depuis)))
            .unwrap_or_default(),
        en_vigueur,
        versions,
        defaut: print::DEFAULT_TEMPLATE.to_owned(),
    })
}

/// One saved version of `kind`'s template, by id, if it is juridiction `j`'s.
pub async fn version<C: ConnectionTrait>(db: &C, j: i64, kind: &str, id: &str) -> StoreResult<Option<String>> {
    Ok(md::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|m| m.juridiction_id == j && m.nature == kind)
        .map(|m| m.source))
}

/// Saves `source` as the next version of `kind`'s template in the actor's juridiction (not
/// yet in force): its number. Admins saving at once each get their own number.
pub async fn save<C: Db>(db: &C, kind: &str, source: &str, comment: &str, actor: &Actor<'_>) -> StoreResult<i32> {
    let j = actor.user.juridiction_id;
    let mut attempt = 0;
    loop {
        attempt += 1;
        match save_once(db, j, kind, source, comment, actor).await {
            // On PostgreSQL another admin took the same number between our read and our
            // insert: take the next one.
            Err(StoreError::Conflict { foreign_key: false, .. }) if attempt < 8 => continue,
            r => return r,
        }
    }
}

async fn save_once<C: Db>(
    db: &C,
    j: i64,
    kind: &str,
    source: &str,
    comment: &str,
    actor: &Actor<'_>,
) -> StoreResult<i32> {
    let (_turn, txn) = super::write::begin(db).await?;
    let last: Option<i32> = md::Entity::find()
        .select_only()
        .column_as(md::Column::Version.max(), "last")
        .filter(md::Column::JuridictionId.eq(j))
        .filter(md::Column::Nature.eq(kind))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let version = last.unwrap_or(0) + 1;
    let id = new_id();
    md::ActiveModel {
        id: Set(id.clone()),
        juridiction_id: Set(j),
        nature: Set(kind.to_owned()),
        version: Set(version),
        source: Set(source.to_owned()),
        commentaire: Set(comment.to_owned()),
        cree_par: Set(actor.user.id),
        cree_par_nom: Set(actor.user.display_name.clone()),
        cree_le: Set(chrono::Utc::now()),
    }
    .insert(&txn)
    .await?;
    actor
        .log(
            &txn,
            "modele_enregistrer",
            "modele_document",
            &id,
            Some(format!("{kind}, version {version} : {comment}")),
        )
        .await?;
    txn.commit().await?;
    Ok(version)
}

/// Puts version `id` of `kind`'s template in force (None: Greffe's default), provided the
/// one in force is still `expected` (what the admin saw): otherwise another admin changed it
/// meanwhile, and nothing is written.
pub async fn activate<C: Db>(
    db: &C,
    kind: &str,
    id: Option<&str>,
    expected: Option<&str>,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let j = actor.user.juridiction_id;
    let (_turn, txn) = super::write::begin(db).await?;
    let label = match id {
        Some(id) => {
            let m = md::Entity::find_by_id(id.to_owned())
                .one(&txn)
                .await?
                .filter(|m| m.juridiction_id == j && m.nature == kind)
                .ok_or(StoreError::NotFound("version du modèle"))?;
            format!("version {}", m.version)
        }
        None => "modèle de Greffe".to_owned(),
    };
    let changed = || {
        StoreError::Stale(
            "Un autre administrateur vient de changer le modèle en vigueur : rechargez la page avant de recommencer."
                .into(),
        )
    };
    let now = chrono::Utc::now();
    let update = mv::Entity::update_many()
        .col_expr(mv::Column::ModeleId, id.map(str::to_owned).into())
        .col_expr(mv::Column::Depuis, now.into())
        .col_expr(mv::Column::ParNom, actor.user.display_name.clone().into())
        .filter(mv::Column::JuridictionId.eq(j))
        .filter(mv::Column::Nature.eq(kind));
    let update = match expected {
        Some(e) => update.filter(mv::Column::ModeleId.eq(e)),
        None => update.filter(mv::Column::ModeleId.is_null()),
    };
    if update.exec(&txn).await?.rows_affected != 1 {
        let exists = mv::Entity::find_by_id((j, kind.to_owned())).one(&txn).await?.is_some();
        if exists || expected.is_some() {
            return Err(changed());
        }
        // Never changed before: the first change writes the line (another admin's first
        // change at the same moment breaks its key, and this one is refused).
        let inserted = mv::ActiveModel {
            juridiction_id: Set(j),
            nature: Set(kind.to_owned()),
            modele_id: Set(id.map(str::to_owned)),
            depuis: Set(now),
            par_nom: Set(actor.user.display_name.clone()),
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) => {
                return Err(match StoreError::from(e) {
                    StoreError::Conflict { .. } => changed(),
                    other => other,
                });
            }
        }
    }
    actor
        .log(
            &txn,
            "modele_mettre_en_vigueur",
            "modele_document",
            &format!("{kind}/{}", id.unwrap_or("defaut")),
            Some(format!("{kind} : {label} en vigueur")),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A real record of juridiction `j` that makes a document of `kind` (the query of
/// `/documents/{kind}`), to try a template on: the latest one.
pub async fn sample<C: ConnectionTrait>(db: &C, j: i64, kind: &str) -> StoreResult<Option<HashMap<String, String>>> {
    let q = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    };
    let affaires_here = Query::select()
        .column(affaire::Column::Id)
        .from(affaire::Entity)
        .and_where(affaire::Column::JuridictionId.eq(j))
        .to_owned();
    Ok(match kind {
        "role" | "note-audience" => audience::Entity::find()
            .filter(audience::Column::JuridictionId.eq(j))
            .filter(
                audience::Column::Id.in_subquery(
                    Query::select()
                        .column(affaire::Column::AudienceId)
                        .from(affaire::Entity)
                        .and_where(affaire::Column::JuridictionId.eq(j))
                        .to_owned(),
                ),
            )
            .order_by_desc(audience::Column::Date)
            .one(db)
            .await?
            .map(|a| q(&[("id", &a.id)])),
        "jugement" | "extrait" | "fiche-casier" => {
            let mut find = decision::Entity::find().filter(
                decision::Column::PrevenuId.in_subquery(
                    Query::select()
                        .column(prevenu::Column::Id)
                        .from(prevenu::Entity)
                        .and_where(prevenu::Column::AffaireId.in_subquery(affaires_here))
                        .to_owned(),
                ),
            );
            if kind != "jugement" {
                find = find.filter(decision::Column::SanctionCode.eq("condamnation"));
            }
            let Some(d) = find.order_by_desc(decision::Column::RendueLe).one(db).await? else {
                return Ok(None);
            };
            prevenu::Entity::find_by_id(d.prevenu_id)
                .one(db)
                .await?
                .map(|p| q(&[("id", &p.affaire_id), ("prevenu", &p.id)]))
        }
        "convocation" => {
            let Some(a) = affaire::Entity::find()
                .filter(affaire::Column::JuridictionId.eq(j))
                .filter(affaire::Column::OrigineId.is_not_null())
                .order_by_desc(affaire::Column::Id)
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            prevenu::Entity::find()
                .filter(prevenu::Column::AffaireId.eq(a.id.clone()))
                .one(db)
                .await?
                .map(|p| q(&[("id", &a.id), ("prevenu", &p.id)]))
        }
        "role-seance" => seance::Entity::find()
            .filter(seance::Column::JuridictionId.eq(j))
            .order_by_desc(seance::Column::Date)
            .one(db)
            .await?
            .map(|s| q(&[("id", &s.id)])),
        "avis-fixation" => pourvoi::Entity::find()
            .filter(pourvoi::Column::JuridictionId.eq(j))
            .filter(pourvoi::Column::SeanceId.is_not_null())
            .order_by_desc(pourvoi::Column::DatePourvoi)
            .one(db)
            .await?
            .map(|p| q(&[("id", &p.id)])),
        _ => None,
    })
}
