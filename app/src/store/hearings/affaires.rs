//! An affaire and its preparation: the detail, the checklist, prévenus, infractions,
//! parties civiles, presence; NATINF search.

use super::audiences::audience_dates;
use super::role_import::import_refs;
use super::{bump, prevenu_of};
use crate::domain::decision::{MesureSurete, Renvoi};
use crate::domain::hearing::{
    AffaireDetail, Checklist, EtatAffaire, InfractionView, PartieCivileView, PrevenuInput, PrevenuView, RenvoiView,
    Voisins, is_uuid,
};
use crate::store::entities::{affaire, audience, decision, infraction, natinf, partie_civile, prevenu, renvoi};
use crate::store::{Actor, StoreError, StoreResult};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashSet;

// ---------------------------------------------------------------- affaire

/// An affaire with its prévenus, infractions, decisions and renvoi, or `None`.
pub async fn affaire_detail<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<AffaireDetail>> {
    Ok(affaire_detail_scoped(db, id).await?.map(|(_, a)| a))
}

/// The same with the affaire's juridiction, for the caller to check before showing it: the
/// affaire page's one read (four queries; a renvoi's and an origin's only where there is one).
pub async fn affaire_detail_scoped<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<(i64, AffaireDetail)>> {
    use crate::store::join_on;
    use sea_orm::JoinType;
    let Some((a, aud)) = affaire::Entity::find_by_id(id.to_owned())
        .select_also(audience::Entity)
        .join(
            JoinType::LeftJoin,
            join_on::<affaire::Entity, audience::Entity>(affaire::Column::AudienceId, audience::Column::Id),
        )
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let aud_date = aud.map(|x| x.date.to_string()).unwrap_or_default();
    // Each prévenu with its decision, if any (the first one, should there be several).
    let mut prevenus: Vec<(prevenu::Model, Option<decision::Model>)> = Vec::new();
    for (p, d) in prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.eq(id))
        .select_also(decision::Entity)
        .join_rev(
            JoinType::LeftJoin,
            join_on::<decision::Entity, prevenu::Entity>(decision::Column::PrevenuId, prevenu::Column::Id),
        )
        .order_by_asc(prevenu::Column::Nom)
        .order_by_asc(prevenu::Column::Id)
        .all(db)
        .await?
    {
        match prevenus.last_mut() {
            Some((last, decision)) if last.id == p.id => {
                if decision.is_none() {
                    *decision = d;
                }
            }
            _ => prevenus.push((p, d)),
        }
    }
    let pids: Vec<String> = prevenus.iter().map(|(p, _)| p.id.clone()).collect();
    let infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.is_in(pids))
        .order_by_asc(infraction::Column::Id)
        .all(db)
        .await?;
    // A renvoi is recorded with the affaire's état, in one transaction.
    let r = if a.etat == EtatAffaire::Renvoyee.code() {
        renvoi::Entity::find()
            .filter(renvoi::Column::AffaireId.eq(id))
            .one(db)
            .await?
    } else {
        None
    };
    let origine = match &a.origine_id {
        Some(o) => audience_dates(db, vec![o.clone()])
            .await?
            .into_iter()
            .next()
            .map(|(id, d)| (id, d.to_string())),
        None => None,
    };
    let prevenus = prevenus
        .into_iter()
        .map(|(p, decision)| PrevenuView {
            infractions: infractions
                .iter()
                .filter(|i| i.prevenu_id == p.id)
                .map(|i| InfractionView {
                    id: i.id.clone(),
                    natinf_code: i.natinf_code.clone(),
                    qualification: i.qualification.clone(),
                    historique: serde_json::from_str(&i.historique).unwrap_or_default(),
                })
                .collect(),
            decision: decision.and_then(|d| serde_json::from_str(&d.details).ok()),
            id: p.id,
            nom: p.nom,
            prenom: p.prenom,
            date_naissance: p.date_naissance.map(|d| d.to_string()),
            statut: p.statut,
            mode_poursuite: p.mode_poursuite,
            mode_comparution: p.mode_comparution,
            interprete: p.interprete,
            avocat: p.avocat,
            presence: p.presence,
        })
        .collect();
    let parties_civiles = partie_civile::Entity::find()
        .filter(partie_civile::Column::AffaireId.eq(id))
        .order_by_asc(partie_civile::Column::Nom)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PartieCivileView {
            id: p.id,
            nom: p.nom,
            avocat: p.avocat,
        })
        .collect();
    Ok(Some((
        a.juridiction_id,
        AffaireDetail {
            id: a.id,
            audience_id: a.audience_id,
            audience_date: aud_date,
            numero_parquet: a.numero_parquet,
            rang: a.rang,
            etat: EtatAffaire::parse(&a.etat).unwrap_or(EtatAffaire::AJuger),
            version: a.version,
            checklist: Checklist::from_json(&a.checklist),
            scelles: a.scelles,
            prevenus,
            parties_civiles,
            renvoi: r.map(|r| RenvoiView {
                renvoi: Renvoi {
                    motif: r.motif,
                    nouvelle_date: r.nouvelle_date,
                    mesure: MesureSurete::parse(&r.mesure).unwrap_or(MesureSurete::Aucune),
                    observations: r.observations,
                },
                audience_cible_id: r.audience_cible_id,
                nouvelle_affaire_id: r.nouvelle_affaire_id,
            }),
            origine,
        },
    )))
}

/// Where affaire `id` stands in its rôle, with the juridiction of the affaire: one read of
/// the rôle's affaires (no prévenu, infraction or decision), for the affaire's page.
pub async fn neighbours<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<(i64, Voisins)>> {
    let of_affaire = sea_orm::sea_query::Query::select()
        .column(affaire::Column::AudienceId)
        .from(affaire::Entity)
        .and_where(affaire::Column::Id.eq(id))
        .to_owned();
    let role: Vec<(String, String, String, String, i64)> = affaire::Entity::find()
        .select_only()
        .columns([
            affaire::Column::Id,
            affaire::Column::NumeroParquet,
            affaire::Column::Etat,
            affaire::Column::Checklist,
            affaire::Column::JuridictionId,
        ])
        .filter(affaire::Column::AudienceId.in_subquery(of_affaire))
        .order_by_asc(affaire::Column::Rang)
        .order_by_asc(affaire::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let Some(juridiction) = role.iter().find(|x| x.0 == id).map(|x| x.4) else {
        return Ok(None);
    };
    let voisins = Voisins::of(
        role.iter().map(|(x, numero, etat, checklist, _)| {
            (
                x.as_str(),
                numero.as_str(),
                EtatAffaire::parse(etat).unwrap_or(EtatAffaire::AJuger),
                Checklist::from_json(checklist).is_ready(),
            )
        }),
        id,
    );
    Ok(Some((juridiction, voisins)))
}

/// Replaces the preparation checklist (known items only) and the scellés.
pub async fn prepare_affaire<C: crate::store::Db>(
    db: &C,
    id: &str,
    expected: i64,
    checklist: &Checklist,
    scelles: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    if let Some(k) = checklist
        .0
        .keys()
        .find(|k| !crate::domain::hearing::CHECKLIST_ITEMS.iter().any(|(c, _)| c == k))
    {
        return Err(StoreError::invalid(
            "checklist",
            format!("Élément de préparation inconnu : {k}."),
        ));
    }
    if scelles.chars().count() > 4_000 {
        return Err(StoreError::invalid("scelles", "Scellés : 4 000 caractères au plus."));
    }
    let (_turn, txn) = crate::store::write::begin(db).await?;
    bump(&txn, id, expected).await?;
    affaire::Entity::update_many()
        .col_expr(affaire::Column::Checklist, Expr::value(checklist.to_json()))
        .col_expr(affaire::Column::Scelles, Expr::value(scelles.to_owned()))
        .filter(affaire::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    actor.log(&txn, "affaire_preparer", "affaire", id, None).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- preparation

/// NATINF codes whose code starts with, or qualification contains, `q` (at most 20).
pub async fn search_natinf<C: ConnectionTrait>(db: &C, q: &str) -> StoreResult<Vec<(String, String)>> {
    let q = q.trim();
    if q.chars().count() < 2 {
        return Ok(vec![]);
    }
    let pattern = format!("%{}%", q.replace(['%', '_'], ""));
    let rows: Vec<(String, String)> = natinf::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(natinf::Column::Code.starts_with(q))
                .add(Expr::expr(Func::lower(Expr::col(natinf::Column::Qualification))).like(pattern.to_lowercase())),
        )
        .select_only()
        .column(natinf::Column::Code)
        .column(natinf::Column::Qualification)
        .order_by_asc(natinf::Column::Code)
        .limit(40)
        .into_tuple()
        .all(db)
        .await?;
    let mut seen = HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|(c, _)| seen.insert(c.clone()))
        .take(20)
        .collect())
}

async fn check_codes<C: ConnectionTrait>(db: &C, p: &PrevenuInput) -> StoreResult<()> {
    let refs = import_refs(db).await?;
    if !refs.modes_poursuite.contains(p.mode_poursuite.trim()) {
        return Err(StoreError::invalid(
            "mode_poursuite",
            "Mode de poursuite absent du référentiel.",
        ));
    }
    let comparution = p.mode_comparution.trim();
    if !comparution.is_empty() && !refs.modes_comparution.contains(comparution) {
        return Err(StoreError::invalid(
            "mode_comparution",
            "Mode de comparution absent du référentiel.",
        ));
    }
    Ok(())
}

/// Creates or updates a prévenu of an affaire (client-generated id).
pub async fn save_prevenu<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    p: &PrevenuInput,
    actor: &Actor<'_>,
    today: NaiveDate,
) -> StoreResult<()> {
    let ddn = p.validate(today).map_err(|(f, m)| StoreError::invalid(&f, m))?;
    check_codes(db, p).await?;
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let existing = prevenu::Entity::find_by_id(p.id.clone()).one(&txn).await?;
    if existing.as_ref().is_some_and(|e| e.affaire_id != affaire_id) {
        return Err(StoreError::NotFound("prévenu"));
    }
    bump(&txn, affaire_id, expected).await?;
    let model = prevenu::ActiveModel {
        id: Set(p.id.clone()),
        affaire_id: Set(affaire_id.to_owned()),
        nom: Set(p.nom.trim().to_uppercase()),
        prenom: Set(p.prenom.trim().to_owned()),
        date_naissance: Set(ddn),
        statut: Set(p.statut.clone()),
        mode_poursuite: Set(p.mode_poursuite.trim().to_owned()),
        mode_comparution: Set(p.mode_comparution.trim().to_owned()),
        interprete: Set(p.interprete.trim().to_owned()),
        avocat: Set(p.avocat.trim().to_owned()),
        presence: Set(existing.as_ref().map(|e| e.presence.clone()).unwrap_or_default()),
    };
    if existing.is_some() {
        model.update(&txn).await?;
    } else {
        model.insert(&txn).await?;
    }
    actor
        .log(
            &txn,
            if existing.is_some() {
                "prevenu_modifier"
            } else {
                "prevenu_ajouter"
            },
            "prevenu",
            &p.id,
            None,
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds or edits an infraction of a prévenu (client-generated id): a known NATINF code, or a
/// free qualification.
#[allow(clippy::too_many_arguments)]
pub async fn save_infraction<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    prevenu_id: &str,
    id: &str,
    natinf_code: Option<&str>,
    qualification: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    if !is_uuid(id) {
        return Err(StoreError::invalid("id", "Identifiant invalide."));
    }
    let code = natinf_code.map(str::trim).filter(|c| !c.is_empty());
    let mut qualification = qualification.trim().to_owned();
    if let Some(c) = code {
        let known = natinf::Entity::find()
            .filter(natinf::Column::Code.eq(c))
            .one(db)
            .await?
            .ok_or_else(|| {
                StoreError::invalid(
                    "natinf",
                    format!("Code NATINF {c} inconnu : laissez le code vide et saisissez la qualification."),
                )
            })?;
        if qualification.is_empty() {
            qualification = known.qualification;
        }
    }
    if qualification.is_empty() {
        return Err(StoreError::invalid(
            "qualification",
            "Indiquez un code NATINF ou une qualification.",
        ));
    }
    if qualification.chars().count() > 500 {
        return Err(StoreError::invalid(
            "qualification",
            "Qualification : 500 caractères au plus.",
        ));
    }
    let (_turn, txn) = crate::store::write::begin(db).await?;
    prevenu_of(&txn, affaire_id, prevenu_id).await?;
    let existing = infraction::Entity::find_by_id(id.to_owned()).one(&txn).await?;
    if existing.as_ref().is_some_and(|e| e.prevenu_id != prevenu_id) {
        return Err(StoreError::NotFound("infraction"));
    }
    bump(&txn, affaire_id, expected).await?;
    match existing {
        Some(e) => {
            let mut m: infraction::ActiveModel = e.into();
            m.natinf_code = Set(code.map(str::to_owned));
            m.qualification = Set(qualification);
            m.update(&txn).await?;
        }
        None => {
            infraction::ActiveModel {
                id: Set(id.to_owned()),
                prevenu_id: Set(prevenu_id.to_owned()),
                natinf_code: Set(code.map(str::to_owned)),
                qualification: Set(qualification),
                historique: Set("[]".into()),
            }
            .insert(&txn)
            .await?;
        }
    }
    actor
        .log(&txn, "infraction_enregistrer", "infraction", id, None)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds or edits a partie civile (client-generated id); `nom` empty removes it.
pub async fn save_partie_civile<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    id: &str,
    nom: &str,
    avocat: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    if !is_uuid(id) {
        return Err(StoreError::invalid("id", "Identifiant invalide."));
    }
    if nom.chars().count() > 200 || avocat.chars().count() > 200 {
        return Err(StoreError::invalid("nom", "200 caractères au plus."));
    }
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let existing = partie_civile::Entity::find_by_id(id.to_owned()).one(&txn).await?;
    if existing.as_ref().is_some_and(|e| e.affaire_id != affaire_id) {
        return Err(StoreError::NotFound("partie civile"));
    }
    bump(&txn, affaire_id, expected).await?;
    let action = match (existing, nom.trim().is_empty()) {
        (Some(e), true) => {
            partie_civile::Entity::delete_by_id(e.id).exec(&txn).await?;
            "partie_civile_retirer"
        }
        (None, true) => {
            return Err(StoreError::invalid(
                "nom",
                "Nom de la partie civile : champ obligatoire.",
            ));
        }
        (Some(e), false) => {
            let mut m: partie_civile::ActiveModel = e.into();
            m.nom = Set(nom.trim().to_owned());
            m.avocat = Set(avocat.trim().to_owned());
            m.update(&txn).await?;
            "partie_civile_modifier"
        }
        (None, false) => {
            partie_civile::ActiveModel {
                id: Set(id.to_owned()),
                affaire_id: Set(affaire_id.to_owned()),
                nom: Set(nom.trim().to_owned()),
                avocat: Set(avocat.trim().to_owned()),
            }
            .insert(&txn)
            .await?;
            "partie_civile_ajouter"
        }
    };
    actor.log(&txn, action, "partie_civile", id, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Records a prévenu's presence at the hearing.
pub async fn set_presence<C: crate::store::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    prevenu_id: &str,
    presence: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    if !crate::domain::hearing::PRESENCES.iter().any(|(c, _)| *c == presence) {
        return Err(StoreError::invalid("presence", "Présence inconnue."));
    }
    let (_turn, txn) = crate::store::write::begin(db).await?;
    prevenu_of(&txn, affaire_id, prevenu_id).await?;
    bump(&txn, affaire_id, expected).await?;
    prevenu::Entity::update_many()
        .col_expr(prevenu::Column::Presence, Expr::value(presence))
        .filter(prevenu::Column::Id.eq(prevenu_id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "presence_enregistrer",
            "prevenu",
            prevenu_id,
            Some(presence.to_owned()),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
