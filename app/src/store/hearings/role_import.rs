//! Rôle import: a checked file becomes affaires, prévenus and infractions, merged into the
//! rôle of the audience.

use crate::domain::hearing::{Checklist, EtatAffaire};
use crate::domain::import::{ImportRefs, ImportReport, LineError, MAX_LISTED_ERRORS, Parsed};
use crate::store::entities::{affaire, audience, infraction, natinf, prevenu, referentiel};
use crate::store::stats;
use crate::store::{Actor, StoreError, StoreResult, new_id};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::{HashMap, HashSet};

// ---------------------------------------------------------------- import

/// The reference lists an import is checked against.
pub async fn import_refs<C: ConnectionTrait>(db: &C) -> StoreResult<ImportRefs> {
    let natinf = natinf::Entity::find()
        .select_only()
        .column(natinf::Column::Code)
        .column(natinf::Column::Qualification)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let list = |name: &'static str| async move {
        referentiel::Entity::find()
            .filter(referentiel::Column::List.eq(name))
            .select_only()
            .column(referentiel::Column::Code)
            .into_tuple::<String>()
            .all(db)
            .await
            .map(|v| v.into_iter().collect::<HashSet<_>>())
    };
    Ok(ImportRefs {
        natinf,
        modes_poursuite: list("mode_poursuite").await?,
        modes_comparution: list("mode_comparution").await?,
    })
}

/// Labels of a reference list, in list order.
pub async fn list_labels<C: ConnectionTrait>(db: &C, name: &str) -> StoreResult<Vec<(String, String)>> {
    Ok(referentiel::Entity::find()
        .filter(referentiel::Column::List.eq(name))
        .order_by_asc(referentiel::Column::Position)
        .select_only()
        .column(referentiel::Column::Code)
        .column(referentiel::Column::Libelle)
        .into_tuple()
        .all(db)
        .await?)
}

type PrevenuKey = (String, String, Option<NaiveDate>);

fn prevenu_key(nom: &str, prenom: &str, ddn: Option<NaiveDate>) -> PrevenuKey {
    (nom.to_uppercase(), prenom.to_lowercase(), ddn)
}

fn truncate(mut report: ImportReport, errors: Vec<LineError>) -> ImportReport {
    report.erreurs_total = errors.len();
    report.erreurs = errors.into_iter().take(MAX_LISTED_ERRORS).collect();
    report
}

/// Checks a parsed rôle against the audience and, when `confirm` and there is no error,
/// writes it in one transaction. Affaires already on the rôle (same n° parquet) are kept and
/// only get the prévenus and infractions they lack, so a re-import adds nothing.
pub async fn import_role<C: crate::store::Db>(
    db: &C,
    audience_id: &str,
    parsed: Parsed,
    confirm: bool,
    actor: &Actor<'_>,
) -> StoreResult<ImportReport> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let aud = audience::Entity::find_by_id(audience_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    // Two imports into one rôle at once: the second sees what the first added.
    crate::store::write::lock(&txn, &format!("role:{audience_id}")).await?;
    let mut errors = parsed.errors;
    let mut report = ImportReport {
        lignes: parsed.lines,
        ..ImportReport::default()
    };
    // What the rôle already holds.
    let existing = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(audience_id))
        .all(&txn)
        .await?;
    let existing_by_numero: HashMap<&str, &affaire::Model> =
        existing.iter().map(|a| (a.numero_parquet.as_str(), a)).collect();
    let existing_prevenus = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.is_in(existing.iter().map(|a| a.id.clone())))
        .all(&txn)
        .await?;
    let existing_infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.is_in(existing_prevenus.iter().map(|p| p.id.clone())))
        .all(&txn)
        .await?;
    let mut prevenu_ids: HashMap<(String, PrevenuKey), String> = existing_prevenus
        .iter()
        .map(|p| {
            (
                (p.affaire_id.clone(), prevenu_key(&p.nom, &p.prenom, p.date_naissance)),
                p.id.clone(),
            )
        })
        .collect();
    let mut infraction_keys: HashSet<(String, Option<String>, String)> = existing_infractions
        .iter()
        .map(|i| {
            (
                i.prevenu_id.clone(),
                i.natinf_code.clone(),
                i.qualification.to_lowercase(),
            )
        })
        .collect();
    // Affaires still to be judged on another rôle of the juridiction cannot be added here.
    let numeros: Vec<String> = parsed
        .affaires
        .iter()
        .filter(|a| !existing_by_numero.contains_key(a.numero_parquet.as_str()))
        .map(|a| a.numero_parquet.clone())
        .collect();
    let mut elsewhere: HashMap<String, String> = HashMap::new();
    for chunk in numeros.chunks(500) {
        let rows: Vec<(String, String)> = affaire::Entity::find()
            .filter(affaire::Column::JuridictionId.eq(aud.juridiction_id))
            .filter(affaire::Column::NumeroParquet.is_in(chunk.to_vec()))
            .filter(affaire::Column::Etat.eq(EtatAffaire::AJuger.code()))
            .filter(affaire::Column::AudienceId.ne(audience_id))
            .select_only()
            .column(affaire::Column::NumeroParquet)
            .column(affaire::Column::AudienceId)
            .into_tuple()
            .all(&txn)
            .await?;
        elsewhere.extend(rows);
    }
    let mut new_affaires = vec![];
    let mut new_prevenus = vec![];
    let mut new_infractions = vec![];
    let mut ordered: Vec<&crate::domain::import::ImportedAffaire> = parsed.affaires.iter().collect();
    ordered.sort_by_key(|a| a.rang.unwrap_or(u32::MAX));
    let mut rang = existing.iter().map(|a| a.rang).max().unwrap_or(0);
    for a in ordered {
        let affaire_id = match existing_by_numero.get(a.numero_parquet.as_str()) {
            Some(x) => {
                report.affaires_existantes += 1;
                report.apercu.push((a.numero_parquet.clone(), "déjà au rôle".into()));
                x.id.clone()
            }
            None => {
                if let Some(other) = elsewhere.get(&a.numero_parquet) {
                    errors.push(LineError {
                        ligne: 0,
                        message: format!(
                            "l'affaire {} est déjà inscrite, à juger, au rôle d'une autre audience ({other})",
                            a.numero_parquet
                        ),
                    });
                    continue;
                }
                rang += 1;
                report.affaires_creees += 1;
                report.apercu.push((a.numero_parquet.clone(), "nouvelle".into()));
                let id = new_id();
                let detenu = a.prevenus.iter().any(|p| p.statut == "detenu");
                new_affaires.push(affaire::ActiveModel {
                    id: Set(id.clone()),
                    audience_id: Set(audience_id.to_owned()),
                    juridiction_id: Set(aud.juridiction_id),
                    numero_parquet: Set(a.numero_parquet.clone()),
                    rang: Set(rang),
                    etat: Set(EtatAffaire::AJuger.code().into()),
                    date_faits: Set(a.date_faits),
                    date_poursuite: Set(None),
                    version: Set(1),
                    origine_id: Set(None),
                    checklist: Set(Checklist::for_affaire(detenu).to_json()),
                    scelles: Set(String::new()),
                });
                id
            }
        };
        for p in &a.prevenus {
            let key = (affaire_id.clone(), prevenu_key(&p.nom, &p.prenom, p.date_naissance));
            let prevenu_id = match prevenu_ids.get(&key) {
                Some(id) => id.clone(),
                None => {
                    let id = new_id();
                    report.prevenus_crees += 1;
                    new_prevenus.push(prevenu::ActiveModel {
                        id: Set(id.clone()),
                        affaire_id: Set(affaire_id.clone()),
                        nom: Set(p.nom.clone()),
                        prenom: Set(p.prenom.clone()),
                        date_naissance: Set(p.date_naissance),
                        statut: Set(p.statut.clone()),
                        mode_poursuite: Set(p.mode_poursuite.clone()),
                        mode_comparution: Set(p.mode_comparution.clone()),
                        interprete: Set(String::new()),
                        avocat: Set(String::new()),
                        presence: Set(String::new()),
                    });
                    prevenu_ids.insert(key, id.clone());
                    id
                }
            };
            for i in &p.infractions {
                let k = (
                    prevenu_id.clone(),
                    i.natinf_code.clone(),
                    i.qualification.to_lowercase(),
                );
                if infraction_keys.insert(k) {
                    report.infractions_creees += 1;
                    new_infractions.push(infraction::ActiveModel {
                        id: Set(new_id()),
                        prevenu_id: Set(prevenu_id.clone()),
                        natinf_code: Set(i.natinf_code.clone()),
                        qualification: Set(i.qualification.clone()),
                        historique: Set("[]".into()),
                    });
                }
            }
        }
    }
    let total = existing.len() + report.affaires_creees;
    if report.affaires_creees > 0 && total > aud.maximum as usize {
        errors.push(LineError {
            ligne: 0,
            message: format!(
                "le rôle compterait {total} affaires pour un maximum de {} : augmentez le maximum de l'audience ou répartissez les affaires",
                aud.maximum
            ),
        });
    }
    errors.sort_by_key(|e| e.ligne);
    if !errors.is_empty() || !confirm {
        txn.rollback().await?;
        return Ok(truncate(report, errors));
    }
    for chunk in new_affaires.chunks(400) {
        affaire::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in new_prevenus.chunks(400) {
        prevenu::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in new_infractions.chunks(400) {
        infraction::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    actor
        .log(
            &txn,
            "role_importer",
            "audience",
            audience_id,
            Some(format!(
                "{} lignes ; {} affaires, {} prévenus, {} infractions créés",
                report.lignes, report.affaires_creees, report.prevenus_crees, report.infractions_creees
            )),
        )
        .await?;
    stats::touch_audiences(&txn, &[audience_id], Default::default()).await?;
    txn.commit().await?;
    report.enregistre = true;
    Ok(truncate(report, vec![]))
}
