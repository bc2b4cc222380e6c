//! The inventory of pièces: filing (and what it does to the deadlines and the stade), date
//! corrections, contents.

use super::deadlines::{close_deadlines, open_deadline, restart_deadline};
use super::{calendar_of, event, for_change, parties_of, refresh_stats, save, stade};
use crate::domain::deadline::{self};
use crate::domain::pourvoi::{Stade, label_of};
use crate::domain::role::Role;
use crate::store::entities::{echeance, piece};
use crate::store::live::Hub;
use crate::store::{Actor, new_id};
use crate::store::{StoreError, StoreResult};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};

/// A pièce to add to the inventory, already checked (type, size, date).
pub struct NewPiece<'a> {
    pub nature: &'a str,
    pub date_piece: NaiveDate,
    pub deposant: &'a str,
    pub nom_fichier: &'a str,
    pub mime: &'a str,
    pub contenu: &'a [u8],
}

/// Adds a pièce to the inventory with its SHA-256 (the same content twice is refused), then
/// closes the deadlines it satisfies and opens those it starts; returns the pièce id.
pub async fn add_piece<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    new: &NewPiece<'_>,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    use crate::domain::pourvoi::{NATURES, piece_effects};
    use sha2::Digest;
    let (_turn, txn) = crate::store::write::begin(db).await?;
    // The same file filed twice at once: the second sees the first (and is refused as such).
    let p = for_change(&txn, id, None, actor).await?;
    // A magistrat files his own rapport, projet or avis: on the dossiers distributed to him.
    if actor.user.role != Role::Greffier
        && let Some(function) = crate::domain::pourvoi::assigned_function(new.nature)
    {
        let assigned = match function {
            "rapporteur" => p.rapporteur_id,
            _ => p.avocat_general_id,
        };
        if assigned != Some(actor.user.id) {
            return Err(StoreError::Forbidden);
        }
    }
    crate::domain::pourvoi::checks::check_piece_date(new.date_piece, p.date_pourvoi)?;
    let sha256 = hex::encode(sha2::Sha256::digest(new.contenu));
    if let Some(dup) = piece::Entity::find()
        .filter(piece::Column::PourvoiId.eq(id))
        .filter(piece::Column::Sha256.eq(&sha256))
        .select_only()
        .columns([piece::Column::NomFichier, piece::Column::Nature])
        .into_tuple::<(String, String)>()
        .one(&txn)
        .await?
    {
        return Err(StoreError::Duplicate(format!(
            "ce fichier est déjà à l'inventaire (« {} », {})",
            dup.0,
            label_of(&NATURES, &dup.1).to_lowercase()
        )));
    }
    let piece_id = new_id();
    let now = Utc::now();
    piece::ActiveModel {
        id: Set(piece_id.clone()),
        pourvoi_id: Set(id.to_owned()),
        nature: Set(new.nature.to_owned()),
        date_piece: Set(new.date_piece),
        deposant: Set(new.deposant.to_owned()),
        nom_fichier: Set(new.nom_fichier.to_owned()),
        mime: Set(new.mime.to_owned()),
        taille: Set(new.contenu.len() as i64),
        sha256: Set(sha256.clone()),
        contenu: Set(new.contenu.to_vec()),
        at: Set(now),
        par: Set(actor.user.display_name.clone()),
    }
    .insert(&txn)
    .await?;
    let label = label_of(&NATURES, new.nature);
    let date_fr = new.date_piece.format("%d/%m/%Y").to_string();
    let mut detail = format!(
        "{label} déposé(e) le {date_fr} par {} (« {} »)",
        new.deposant, new.nom_fichier
    );
    let (closes, starts) = piece_effects(&p.matiere, new.nature);
    let closed = close_deadlines(
        &txn,
        id,
        Some(closes),
        &format!("{label} déposé(e) le {date_fr}"),
        new.date_piece,
    )
    .await?;
    if !closed.is_empty() {
        detail.push_str(&format!(" ; échéance close : {}", closed.join(", ")));
    }
    let calendar = (calendar_of(&txn, p.juridiction_id).await?, parties_of(&p));
    for rule_id in starts {
        if let Some(due) = open_deadline(&txn, id, rule_id, new.date_piece, calendar).await? {
            let rule = deadline::rule(rule_id).map(|r| r.label).unwrap_or(rule_id);
            detail.push_str(&format!(" ; nouvelle échéance : {rule} au {}", due.format("%d/%m/%Y")));
        }
    }
    let mut live = Vec::new();
    event(&txn, &p, actor, "piece", detail, &mut live).await?;
    // Rapport and avis both filed: the dossier is ready for audiencement.
    let mut after = p.clone();
    let before = stade(&p.stade);
    if before == Stade::Distribue && matches!(new.nature, "rapport" | "avis_ag") {
        let filed: Vec<String> = piece::Entity::find()
            .filter(piece::Column::PourvoiId.eq(id))
            .filter(piece::Column::Nature.is_in(["rapport", "avis_ag"]))
            .select_only()
            .column(piece::Column::Nature)
            .distinct()
            .into_tuple::<String>()
            .all(&txn)
            .await?;
        let has = |n: &str| filed.iter().any(|f| f == n);
        let next = before.after_pieces(has("rapport"), has("avis_ag"));
        if next != before {
            after = save(&txn, &p, |a| a.stade = Set(next.code().into())).await?;
            event(
                &txn,
                &after,
                actor,
                "stade",
                "Rapport et avis déposés : dossier en état d'être audiencé".into(),
                &mut live,
            )
            .await?;
        }
    }
    if after.stade == p.stade {
        save(&txn, &p, |_| {}).await?;
    }
    actor
        .log(
            &txn,
            "piece_ajouter",
            "pourvoi",
            id,
            Some(format!("{} {sha256}", new.nature)),
        )
        .await?;
    refresh_stats(&txn, &p, &after).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(piece_id)
}

/// Corrects the date of pièce `piece_id` of pourvoi `id`: the open deadlines it started are
/// recomputed from the new date, and those it closed are dated anew (met or overdue).
#[allow(clippy::too_many_arguments)]
pub async fn correct_piece_date<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    piece_id: &str,
    date: NaiveDate,
    actor: &Actor<'_>,
    today: NaiveDate,
) -> StoreResult<()> {
    use crate::domain::pourvoi::{NATURES, piece_effects};
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let before = crate::store::stats::pourvoi_buckets(&txn, &[id]).await?;
    let Some(pc) = piece::Entity::find_by_id(piece_id.to_owned())
        .one(&txn)
        .await?
        .filter(|x| x.pourvoi_id == id)
    else {
        return Err(StoreError::NotFound("pièce"));
    };
    crate::domain::pourvoi::checks::check_piece_correction(pc.date_piece, date, p.date_pourvoi, today)?;
    let old = pc.date_piece;
    let label = label_of(&NATURES, &pc.nature);
    let (closes, starts) = piece_effects(&p.matiere, &pc.nature);
    let calendar = (calendar_of(&txn, p.juridiction_id).await?, parties_of(&p));
    let fr = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut changes = Vec::new();
    for e in echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(id))
        .all(&txn)
        .await?
    {
        let Some(rule) = deadline::rule(&e.rule_id) else {
            continue;
        };
        let started = e.statut == "ouverte" && e.depart == old && starts.contains(&e.rule_id.as_str());
        // Closed by this pièce: its rule, its date and its wording (not a receipt or an arrêt
        // of the same day).
        let closed = e.statut == "close"
            && e.close_le == Some(old)
            && closes.contains(&e.rule_id.as_str())
            && e.cloture.starts_with(&format!("{label} déposé(e)"));
        if started {
            changes.push(restart_deadline(&txn, e, rule, date, calendar).await?);
        } else if closed {
            changes.push(format!("{} : close le {}", rule.label, fr(date)));
            let mut a = e.into_active_model();
            a.close_le = Set(Some(date));
            a.cloture = Set(format!("{label} déposé(e) le {}", fr(date)));
            a.update(&txn).await?;
        }
    }
    let mut m = pc.into_active_model();
    m.date_piece = Set(date);
    m.update(&txn).await?;
    let after = save(&txn, &p, |_| {}).await?;
    let mut detail = format!("{label} : date corrigée, {} au lieu du {}", fr(date), fr(old));
    if !changes.is_empty() {
        detail.push_str(&format!(" ; échéances : {}", changes.join(", ")));
    }
    let mut live = Vec::new();
    event(&txn, &after, actor, "correction", detail.clone(), &mut live).await?;
    actor
        .log(&txn, "piece_corriger_date", "pourvoi", id, Some(detail))
        .await?;
    crate::store::stats::touch_pourvois(&txn, &[id], before).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// A pièce's file name, type and content, if it belongs to the pourvoi.
pub async fn piece_content<C: ConnectionTrait>(
    db: &C,
    pourvoi_id: &str,
    piece_id: &str,
) -> StoreResult<Option<(String, String, Vec<u8>)>> {
    Ok(piece::Entity::find_by_id(piece_id.to_owned())
        .one(db)
        .await?
        .filter(|p| p.pourvoi_id == pourvoi_id)
        .map(|p| (p.nom_fichier, p.mime, p.contenu)))
}
