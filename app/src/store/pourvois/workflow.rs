//! The circuit of a dossier: orientation, distribution, receipt of the lower court's
//! dossier, the arrêt.

use super::deadlines::{close_deadlines, open_deadline};
use super::{calendar_of, event, for_change, parties_of, refresh_stats, save, stade};
use crate::domain::pourvoi::{Candidat, Candidats, Stade, ValidArret, label_of, rank};
use crate::domain::role::Role;
use crate::store::entities::{affectation, arret, piece, pourvoi, user};
use crate::store::live::Hub;
use crate::store::{Actor, new_id};
use crate::store::{StoreError, StoreResult};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use std::collections::HashSet;

/// Orients a pourvoi to a chambre and formation. A new chambre ends the current assignments
/// (its magistrats belong to the old one) and sends the dossier back to distribution.
#[allow(clippy::too_many_arguments)]
pub async fn orient<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    chambre: &str,
    formation: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    use crate::domain::pourvoi::{CHAMBRES, FORMATIONS};
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let moved = p.chambre.as_deref() != Some(chambre);
    let stade_after = stade(&p.stade).oriented(moved)?;
    crate::domain::pourvoi::checks::check_orientation(&p.matiere, chambre, formation)?;
    let now = Utc::now();
    if moved {
        end_assignments(&txn, id, None, now).await?;
    }
    let after = save(&txn, &p, |a| {
        a.chambre = Set(Some(chambre.to_owned()));
        a.formation = Set(formation.to_owned());
        if stade_after == Stade::Oriente {
            a.stade = Set(stade_after.code().into());
            a.rapporteur_id = Set(None);
            a.avocat_general_id = Set(None);
        }
    })
    .await?;
    let mut live = Vec::new();
    let detail = match (&p.chambre, moved) {
        (Some(old), true) => format!(
            "Réorienté de la {} vers la {} ({}) ; affectations closes",
            label_of(&CHAMBRES, old),
            label_of(&CHAMBRES, chambre),
            label_of(&FORMATIONS, formation).to_lowercase()
        ),
        _ => format!(
            "Orienté vers la {} ({})",
            label_of(&CHAMBRES, chambre),
            label_of(&FORMATIONS, formation).to_lowercase()
        ),
    };
    event(&txn, &after, actor, "orientation", detail.clone(), &mut live).await?;
    actor.log(&txn, "pourvoi_orienter", "pourvoi", id, Some(detail)).await?;
    refresh_stats(&txn, &p, &after).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// Ends the current assignments of the dossier (of one function, or all).
async fn end_assignments<C: ConnectionTrait>(
    db: &C,
    pourvoi_id: &str,
    fonction: Option<&str>,
    at: chrono::DateTime<Utc>,
) -> StoreResult<()> {
    let mut q = affectation::Entity::update_many()
        .col_expr(affectation::Column::Fin, Expr::value(at))
        .filter(affectation::Column::PourvoiId.eq(pourvoi_id))
        .filter(affectation::Column::Fin.is_null());
    if let Some(f) = fonction {
        q = q.filter(affectation::Column::Fonction.eq(f));
    }
    q.exec(db).await?;
    Ok(())
}

/// Magistrats of the pourvoi's juridiction who may take it: siège (rapporteurs) and parquet
/// (avocats généraux) of its chambre or of no particular chambre, lightest open workload first.
pub async fn candidates<C: ConnectionTrait>(db: &C, p_id: &str, juridiction_id: i64) -> StoreResult<Candidats> {
    let p = pourvoi::Entity::find_by_id(p_id.to_owned())
        .one(db)
        .await?
        .filter(|p| p.juridiction_id == juridiction_id)
        .ok_or_else(|| StoreError::NotFound("pourvoi"))?;
    let Some(chambre) = p.chambre else {
        return Ok(Candidats {
            rapporteurs: Vec::new(),
            avocats_generaux: Vec::new(),
        });
    };
    let of = |role: Role, col: pourvoi::Column| {
        let chambre = chambre.clone();
        async move {
            let people = user::Entity::find()
                .filter(user::Column::JuridictionId.eq(juridiction_id))
                .filter(user::Column::Role.eq(role.as_str()))
                .filter(user::Column::Active.eq(true))
                .filter(
                    sea_orm::Condition::any()
                        .add(user::Column::Chambre.eq(chambre))
                        .add(user::Column::Chambre.is_null()),
                )
                .all(db)
                .await?;
            let ids: Vec<i64> = people.iter().map(|u| u.id).collect();
            let load: std::collections::HashMap<i64, i64> = pourvoi::Entity::find()
                .select_only()
                .column(col)
                .column_as(
                    Expr::from(sea_orm::sea_query::Func::count(Expr::col(pourvoi::Column::Id))),
                    "n",
                )
                .filter(col.is_in(ids))
                .filter(pourvoi::Column::Stade.ne(Stade::Arret.code()))
                .group_by(col)
                .into_tuple::<(i64, i64)>()
                .all(db)
                .await?
                .into_iter()
                .collect();
            Ok::<_, StoreError>(rank(
                people
                    .into_iter()
                    .map(|u| Candidat {
                        en_cours: load.get(&u.id).copied().unwrap_or(0),
                        id: u.id,
                        nom: u.display_name,
                    })
                    .collect(),
            ))
        }
    };
    Ok(Candidats {
        rapporteurs: of(Role::MagistratSiege, pourvoi::Column::RapporteurId).await?,
        avocats_generaux: of(Role::MagistratParquet, pourvoi::Column::AvocatGeneralId).await?,
    })
}

/// Distributes (or redistributes) an oriented pourvoi to a conseiller rapporteur and an avocat
/// général chosen among `candidates`; each change ends the previous assignment, kept in history.
#[allow(clippy::too_many_arguments)]
pub async fn distribute<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    rapporteur: i64,
    avocat_general: i64,
    motif: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let stade_after = stade(&p.stade).distributed(p.chambre.is_some())?;
    let c = candidates(&txn, id, actor.user.juridiction_id).await?;
    let pick = |list: &[Candidat], who: i64, field: &str, what: &str| {
        list.iter()
            .find(|x| x.id == who)
            .map(|x| x.nom.clone())
            .ok_or_else(|| StoreError::invalid(field, format!("{what} : choisissez un magistrat de la chambre.")))
    };
    let r_name = pick(&c.rapporteurs, rapporteur, "rapporteur", "Conseiller rapporteur")?;
    let ag_name = pick(&c.avocats_generaux, avocat_general, "avocat_general", "Avocat général")?;
    let motif = motif.trim();
    let redistribution = p.rapporteur_id.is_some() || p.avocat_general_id.is_some();
    crate::domain::pourvoi::checks::check_distribution_motif(motif, redistribution)?;
    let now = Utc::now();
    let mut changes = Vec::new();
    for (fonction, old, new, label, name) in [
        (
            "rapporteur",
            p.rapporteur_id,
            rapporteur,
            "conseiller rapporteur",
            &r_name,
        ),
        (
            "avocat_general",
            p.avocat_general_id,
            avocat_general,
            "avocat général",
            &ag_name,
        ),
    ] {
        if old == Some(new) {
            continue;
        }
        end_assignments(&txn, id, Some(fonction), now).await?;
        affectation::ActiveModel {
            id: Set(new_id()),
            pourvoi_id: Set(id.to_owned()),
            fonction: Set(fonction.to_owned()),
            user_id: Set(new),
            debut: Set(now),
            fin: Set(None),
            par: Set(actor.user.display_name.clone()),
            motif: Set(motif.to_owned()),
        }
        .insert(&txn)
        .await?;
        changes.push(format!("{label} : {name}"));
    }
    if changes.is_empty() {
        return Err(StoreError::invalid(
            "rapporteur",
            "Ces magistrats sont déjà affectés au dossier.",
        ));
    }
    let after = save(&txn, &p, |a| {
        a.rapporteur_id = Set(Some(rapporteur));
        a.avocat_general_id = Set(Some(avocat_general));
        a.stade = Set(stade_after.code().into());
    })
    .await?;
    let mut detail = format!(
        "{} — {}",
        if redistribution {
            "Nouvelle distribution"
        } else {
            "Distribué"
        },
        changes.join(", ")
    );
    if !motif.is_empty() {
        detail.push_str(&format!(" (motif : {motif})"));
    }
    let mut live = Vec::new();
    event(&txn, &after, actor, "distribution", detail.clone(), &mut live).await?;
    actor
        .log(&txn, "pourvoi_distribuer", "pourvoi", id, Some(detail))
        .await?;
    refresh_stats(&txn, &p, &after).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// Records the receipt of a penal dossier from the lower court on `date`.
pub async fn receive<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    date: NaiveDate,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    crate::domain::pourvoi::checks::check_reception(&p.matiere, date, p.date_pourvoi)?;
    let memoire_filed = piece::Entity::find()
        .filter(piece::Column::PourvoiId.eq(id))
        .filter(piece::Column::Nature.eq("memoire_ampliatif"))
        .count(&txn)
        .await?
        > 0;
    let (closes, starts) = crate::domain::pourvoi::reception_effects(p.detenu, memoire_filed);
    let date_fr = date.format("%d/%m/%Y").to_string();
    let closed = close_deadlines(&txn, id, Some(closes), &format!("dossier reçu le {date_fr}"), date).await?;
    let mut detail = format!("Dossier reçu de la juridiction le {date_fr}");
    if !closed.is_empty() {
        detail.push_str(&format!(" ; échéance close : {}", closed.join(", ")));
    }
    let calendar = (calendar_of(&txn, p.juridiction_id).await?, parties_of(&p));
    for rule_id in starts {
        if let Some(due) = open_deadline(&txn, id, rule_id, date, calendar).await? {
            let what = match *rule_id {
                "cpp-567-2" => "la Cour doit statuer",
                _ => "mémoire du demandeur à déposer",
            };
            detail.push_str(&format!(" ; {what} au plus tard le {}", due.format("%d/%m/%Y")));
        }
    }
    let after = save(&txn, &p, |_| {}).await?;
    refresh_stats(&txn, &p, &after).await?;
    let mut live = Vec::new();
    event(&txn, &after, actor, "reception", detail.clone(), &mut live).await?;
    actor
        .log(&txn, "pourvoi_reception", "pourvoi", id, Some(detail))
        .await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// Records an arrêt (typed or imported) on each of its pourvois of the actor's juridiction:
/// all of them or none. Unknown numbers and pourvois already decided are refused.
pub async fn record_arret<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    a: &ValidArret,
    version: Option<i64>,
    actor: &Actor<'_>,
) -> StoreResult<Vec<String>> {
    use crate::domain::pourvoi::SOLUTIONS;
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let found = pourvoi::Entity::find()
        .filter(pourvoi::Column::JuridictionId.eq(actor.user.juridiction_id))
        .filter(pourvoi::Column::Numero.is_in(a.numeros.iter().cloned()))
        .all(&txn)
        .await?;
    let known: HashSet<&str> = found.iter().map(|p| p.numero.as_str()).collect();
    let unknown: Vec<&str> = a
        .numeros
        .iter()
        .map(String::as_str)
        .filter(|n| !known.contains(n))
        .collect();
    if !unknown.is_empty() {
        return Err(StoreError::invalid(
            "fichier",
            format!(
                "Pourvoi(s) inconnu(s) : {}. Rien n'a été enregistré.",
                unknown.join(", ")
            ),
        ));
    }
    let mut live = Vec::new();
    let mut ids = Vec::new();
    let date_fr = a.date_arret.format("%d/%m/%Y").to_string();
    for p in &found {
        let p = for_change(&txn, &p.id, version.filter(|_| found.len() == 1), actor).await?;
        if arret::Entity::find_by_id(p.id.clone()).one(&txn).await?.is_some() {
            return Err(StoreError::state(format!(
                "un arrêt est déjà enregistré pour le pourvoi n° {} ; rien n'a été enregistré",
                p.numero
            )));
        }
        if a.date_arret < p.date_pourvoi {
            return Err(StoreError::invalid(
                "date_arret",
                format!(
                    "L'arrêt est antérieur au pourvoi n° {}. Rien n'a été enregistré.",
                    p.numero
                ),
            ));
        }
        arret::ActiveModel {
            pourvoi_id: Set(p.id.clone()),
            solution: Set(a.solution.to_owned()),
            date_arret: Set(a.date_arret),
            formation: Set(if a.formation.is_empty() {
                p.formation.clone()
            } else {
                a.formation.clone()
            }),
            ecli: Set(a.ecli.clone()),
            source: Set(a.source.to_owned()),
            sommaire: Set(a.sommaire.clone()),
            at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
        let closed = close_deadlines(&txn, &p.id, None, &format!("arrêt rendu le {date_fr}"), a.date_arret).await?;
        super::procedures::close_with_pourvoi(&txn, &p.id, a.date_arret).await?;
        let after = save(&txn, &p, |m| m.stade = Set(stade(&p.stade).decided().code().into())).await?;
        let mut detail = format!(
            "Arrêt du {date_fr} : {}{}",
            label_of(&SOLUTIONS, a.solution).to_lowercase(),
            if a.source == "judilibre" {
                " (importé de Judilibre)"
            } else {
                ""
            }
        );
        if !a.ecli.is_empty() {
            detail.push_str(&format!(", {}", a.ecli));
        }
        if !closed.is_empty() {
            detail.push_str(&format!(" ; échéances closes : {}", closed.join(", ")));
        }
        event(&txn, &after, actor, "arret", detail.clone(), &mut live).await?;
        actor.log(&txn, "pourvoi_arret", "pourvoi", &p.id, Some(detail)).await?;
        refresh_stats(&txn, &p, &after).await?;
        ids.push(p.id.clone());
    }
    txn.commit().await?;
    hub.publish(live).await;
    Ok(ids)
}
