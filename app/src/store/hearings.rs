//! Hearings: audiences and their rôle, rôle import, preparation, decisions, renvois, notes
//! d'audience. Every change to an affaire checks and bumps its `version` (optimistic
//! concurrency) inside one transaction. Callers check the juridiction first.

use super::audit::{self, Event};
use super::entities::{
    affaire, audience, decision, infraction, natinf, note_audience, partie_civile, peine, prevenu, referentiel, renvoi,
};
use super::stats;
use super::{StoreError, StoreResult};
use crate::domain::account::CurrentUser;
use crate::domain::decision::{Decision, FormerQualification, MesureSurete, Prevention, Renvoi, requalify};
use crate::domain::hearing::{
    AffaireDetail, AffaireLine, AudienceDetail, AudienceSummary, Checklist, Chrono, EtatAffaire, InfractionView,
    NoteVersion, PartieCivileView, PrevenuInput, PrevenuView, Progress, RenvoiOutcome, RenvoiView, ValidAudience,
    is_uuid,
};
use crate::domain::import::{ImportRefs, ImportReport, LineError, MAX_LISTED_ERRORS, Parsed};
use chrono::{NaiveDate, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::{HashMap, HashSet};

/// A fresh random id (UUID v4 form).
pub fn new_id() -> String {
    super::seed::uuid(&mut StdRng::from_entropy())
}

/// Who acts, and from where, for the audit log.
pub struct Actor<'a> {
    pub user: &'a CurrentUser,
    pub ip: &'a str,
}

impl Actor<'_> {
    pub(crate) async fn log<C: ConnectionTrait>(
        &self,
        db: &C,
        action: &str,
        entity: &str,
        id: &str,
        detail: Option<String>,
    ) -> StoreResult<()> {
        audit::record(
            db,
            Event {
                user_id: Some(self.user.id),
                actor: Some(&self.user.email),
                juridiction_id: Some(self.user.juridiction_id),
                action,
                entity,
                entity_id: Some(id.to_owned()),
                ip: self.ip,
                success: true,
                detail,
            },
        )
        .await
    }
}

fn conflict() -> StoreError {
    StoreError::Stale("l'affaire a été modifiée par quelqu'un d'autre entre-temps ; votre saisie est conservée, comparez-la avec la version actuelle".into())
}

/// Bumps an affaire's version if it is still `expected`; `Conflict` otherwise.
async fn bump<C: ConnectionTrait>(txn: &C, id: &str, expected: i64) -> StoreResult<()> {
    let res = affaire::Entity::update_many()
        .col_expr(affaire::Column::Version, Expr::col(affaire::Column::Version).add(1))
        .filter(affaire::Column::Id.eq(id))
        .filter(affaire::Column::Version.eq(expected))
        .exec(txn)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(conflict())
    }
}

/// The prévenu `prevenu_id` if it belongs to `affaire_id`; `NotFound` otherwise.
async fn prevenu_of<C: ConnectionTrait>(db: &C, affaire_id: &str, prevenu_id: &str) -> StoreResult<prevenu::Model> {
    prevenu::Entity::find_by_id(prevenu_id.to_owned())
        .one(db)
        .await?
        .filter(|p| p.affaire_id == affaire_id)
        .ok_or_else(|| StoreError::NotFound("prévenu"))
}

// ---------------------------------------------------------------- audiences

/// Juridiction of an affaire, for access checks.
pub async fn affaire_juridiction<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<i64>> {
    Ok(affaire::Entity::find_by_id(id.to_owned())
        .select_only()
        .column(affaire::Column::JuridictionId)
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

/// Audiences of a juridiction between two dates (inclusive), in date order.
pub async fn list_audiences<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<AudienceSummary>> {
    let rows = audience::Entity::find()
        .filter(audience::Column::JuridictionId.eq(juridiction_id))
        .filter(audience::Column::Date.between(from, to))
        .order_by_asc(audience::Column::Date)
        .order_by_asc(audience::Column::HeureDebut)
        .limit(500)
        .all(db)
        .await?;
    super::cases::summaries(db, rows).await
}

fn audience_model(
    id: String,
    juridiction_id: i64,
    v: &ValidAudience,
    greffier_id: Option<i64>,
) -> audience::ActiveModel {
    audience::ActiveModel {
        id: Set(id),
        juridiction_id: Set(juridiction_id),
        date: Set(v.date),
        heure_debut: Set(v.heure_debut.clone()),
        chambre: Set(v.chambre.clone()),
        formation: Set(v.formation.clone()),
        president: Set(v.president.clone()),
        assesseurs: Set(v.assesseurs.clone()),
        ministere_public: Set(v.ministere_public.clone()),
        greffier: Set(v.greffier.clone()),
        greffier_id: Set(greffier_id),
        prevues: Set(v.prevues),
        maximum: Set(v.maximum),
        duree_estimee_min: Set(v.duree_estimee_min),
        debut_reel: Set(None),
        fin_reel: Set(None),
        version: Set(1),
        suspensions: Set("[]".into()),
        minutes_siegees: Set(None),
    }
}

/// Creates an audience in the actor's juridiction; returns its id.
pub async fn create_audience<C: super::Db>(db: &C, v: &ValidAudience, actor: &Actor<'_>) -> StoreResult<String> {
    let id = new_id();
    let (_turn, txn) = super::write::begin(db).await?;
    let greffier_id = (actor.user.role == crate::domain::role::Role::Greffier).then_some(actor.user.id);
    audience_model(id.clone(), actor.user.juridiction_id, v, greffier_id)
        .insert(&txn)
        .await?;
    actor.log(&txn, "audience_creer", "audience", &id, None).await?;
    txn.commit().await?;
    Ok(id)
}

/// Edits an audience if still at `expected` version.
pub async fn update_audience<C: super::Db>(
    db: &C,
    id: &str,
    expected: i64,
    v: &ValidAudience,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    let before = stats::audience_buckets(&txn, &[id]).await?;
    let res = audience::Entity::update_many()
        .col_expr(audience::Column::Date, Expr::value(v.date))
        .col_expr(audience::Column::HeureDebut, Expr::value(v.heure_debut.clone()))
        .col_expr(audience::Column::Chambre, Expr::value(v.chambre.clone()))
        .col_expr(audience::Column::Formation, Expr::value(v.formation.clone()))
        .col_expr(audience::Column::President, Expr::value(v.president.clone()))
        .col_expr(audience::Column::Assesseurs, Expr::value(v.assesseurs.clone()))
        .col_expr(
            audience::Column::MinisterePublic,
            Expr::value(v.ministere_public.clone()),
        )
        .col_expr(audience::Column::Greffier, Expr::value(v.greffier.clone()))
        .col_expr(audience::Column::Prevues, Expr::value(v.prevues))
        .col_expr(audience::Column::Maximum, Expr::value(v.maximum))
        .col_expr(audience::Column::DureeEstimeeMin, Expr::value(v.duree_estimee_min))
        .col_expr(audience::Column::Version, Expr::col(audience::Column::Version).add(1))
        .filter(audience::Column::Id.eq(id))
        .filter(audience::Column::Version.eq(expected))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::state(
            "l'audience a été modifiée par quelqu'un d'autre entre-temps ; rechargez-la",
        ));
    }
    stats::touch_audiences(&txn, &[id], before).await?;
    actor.log(&txn, "audience_modifier", "audience", id, None).await?;
    txn.commit().await?;
    Ok(())
}

pub(super) fn chrono_of(a: &audience::Model) -> Chrono {
    Chrono {
        debut: a.debut_reel,
        suspensions: serde_json::from_str(&a.suspensions).unwrap_or_default(),
        fin: a.fin_reel,
    }
}

/// Moves the hearing's chrono: "ouvrir", "suspendre", "reprendre" or "clore".
pub async fn clock_audience<C: super::Db>(db: &C, id: &str, action: &str, actor: &Actor<'_>) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    // Two greffiers moving the chrono at once: the second starts from what the first saved.
    super::write::lock(&txn, &format!("audience:{id}")).await?;
    let a = audience::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    let mut chrono = chrono_of(&a);
    chrono
        .apply(action, Utc::now())
        .map_err(|m| StoreError::invalid("chrono", m))?;
    let mut m: audience::ActiveModel = a.clone().into();
    m.debut_reel = Set(chrono.debut);
    m.fin_reel = Set(chrono.fin);
    m.suspensions = Set(serde_json::to_string(&chrono.suspensions).unwrap_or_else(|_| "[]".into()));
    // Counted by the pilotage once the audience is closed.
    m.minutes_siegees = Set(chrono.fin.map(|end| chrono.sitting_time(end).num_minutes()));
    m.version = Set(a.version + 1);
    m.update(&txn).await?;
    stats::touch_audiences(&txn, &[id], Default::default()).await?;
    actor
        .log(&txn, &format!("audience_{action}"), "audience", id, None)
        .await?;
    txn.commit().await?;
    Ok(())
}

fn prevenu_label(p: &prevenu::Model) -> String {
    let mut s = format!("{} {}", p.nom, p.prenom).trim().to_owned();
    if p.statut == "detenu" {
        s.push_str(" (détenu)");
    }
    s
}

/// An audience with its rôle, or `None`.
pub async fn audience_detail<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<AudienceDetail>> {
    let Some(a) = audience::Entity::find_by_id(id.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let affaires = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(id))
        .order_by_asc(affaire::Column::Rang)
        .all(db)
        .await?;
    let ids: Vec<String> = affaires.iter().map(|x| x.id.clone()).collect();
    let prevenus = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.is_in(ids.clone()))
        .order_by_asc(prevenu::Column::Nom)
        .all(db)
        .await?;
    let infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.is_in(prevenus.iter().map(|p| p.id.clone())))
        .select_only()
        .column(infraction::Column::PrevenuId)
        .column(infraction::Column::Qualification)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?;
    let origines: Vec<String> = affaires.iter().filter_map(|x| x.origine_id.clone()).collect();
    let origine_dates: HashMap<String, NaiveDate> = if origines.is_empty() {
        HashMap::new()
    } else {
        audience_dates(db, origines).await?
    };
    let mut by_affaire: HashMap<&str, Vec<&prevenu::Model>> = HashMap::new();
    for p in &prevenus {
        by_affaire.entry(p.affaire_id.as_str()).or_default().push(p);
    }
    let owner: HashMap<&str, &str> = prevenus
        .iter()
        .map(|p| (p.id.as_str(), p.affaire_id.as_str()))
        .collect();
    let mut quals: HashMap<&str, Vec<String>> = HashMap::new();
    for (pid, q) in &infractions {
        if let Some(aid) = owner.get(pid.as_str()) {
            quals.entry(aid).or_default().push(q.clone());
        }
    }
    let mut pretes = 0;
    let lines: Vec<AffaireLine> = affaires
        .iter()
        .map(|x| {
            let checklist = Checklist::from_json(&x.checklist);
            if checklist.is_ready() {
                pretes += 1;
            }
            AffaireLine {
                id: x.id.clone(),
                rang: x.rang,
                numero_parquet: x.numero_parquet.clone(),
                etat: EtatAffaire::parse(&x.etat).unwrap_or(EtatAffaire::AJuger),
                version: x.version,
                prevenus: by_affaire
                    .get(x.id.as_str())
                    .map(|v| v.iter().map(|p| prevenu_label(p)).collect())
                    .unwrap_or_default(),
                infractions: quals.remove(x.id.as_str()).unwrap_or_default(),
                preparation: checklist.count(),
                renvoyee_du: x
                    .origine_id
                    .as_ref()
                    .and_then(|o| origine_dates.get(o))
                    .map(|d| d.to_string()),
            }
        })
        .collect();
    let chrono = chrono_of(&a);
    Ok(Some(AudienceDetail {
        suspensions: chrono
            .suspensions
            .iter()
            .map(|(s, e)| (super::cases::paris_time(*s), e.map(super::cases::paris_time)))
            .collect(),
        suspendue: chrono.is_suspended(),
        minutes_siegees: chrono.sitting_time(Utc::now()).num_minutes(),
        progress: Progress::of(lines.iter().map(|l| l.etat)),
        pretes,
        affaires: lines,
        id: a.id,
        date: a.date.to_string(),
        heure_debut: a.heure_debut,
        chambre: a.chambre,
        formation: a.formation,
        president: a.president,
        assesseurs: a.assesseurs,
        ministere_public: a.ministere_public,
        greffier: a.greffier,
        prevues: a.prevues,
        maximum: a.maximum,
        duree_estimee_min: a.duree_estimee_min,
        debut_reel: a.debut_reel.map(super::cases::paris_time),
        fin_reel: a.fin_reel.map(super::cases::paris_time),
        version: a.version,
    }))
}

/// Audience date of each affaire of `ids`.
async fn audience_dates<C: ConnectionTrait>(db: &C, ids: Vec<String>) -> StoreResult<HashMap<String, NaiveDate>> {
    let pairs: Vec<(String, String)> = affaire::Entity::find()
        .filter(affaire::Column::Id.is_in(ids))
        .select_only()
        .column(affaire::Column::Id)
        .column(affaire::Column::AudienceId)
        .into_tuple()
        .all(db)
        .await?;
    let dates: HashMap<String, NaiveDate> = audience::Entity::find()
        .filter(audience::Column::Id.is_in(pairs.iter().map(|p| p.1.clone())))
        .select_only()
        .column(audience::Column::Id)
        .column(audience::Column::Date)
        .into_tuple::<(String, NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(pairs
        .into_iter()
        .filter_map(|(aff, aud)| dates.get(&aud).map(|d| (aff, *d)))
        .collect())
}

// ---------------------------------------------------------------- rôle order

/// Moves an affaire to position `rang` (from 1) on its rôle; the others close ranks.
pub async fn move_affaire<C: super::Db>(
    db: &C,
    id: &str,
    expected: i64,
    rang: i32,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    bump(&txn, id, expected).await?;
    let mut order: Vec<affaire::Model> = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(&a.audience_id))
        .order_by_asc(affaire::Column::Rang)
        .all(&txn)
        .await?;
    let from = order
        .iter()
        .position(|x| x.id == id)
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    let moved = order.remove(from);
    let to = (std::cmp::max(rang, 1) as usize - 1).min(order.len());
    order.insert(to, moved);
    for (i, x) in order.iter().enumerate() {
        let want = i as i32 + 1;
        if x.rang != want {
            affaire::Entity::update_many()
                .col_expr(affaire::Column::Rang, Expr::value(want))
                .filter(affaire::Column::Id.eq(&x.id))
                .exec(&txn)
                .await?;
        }
    }
    actor
        .log(&txn, "role_reordonner", "affaire", id, Some(format!("rang {}", to + 1)))
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn next_rang<C: ConnectionTrait>(txn: &C, audience_id: &str) -> StoreResult<i32> {
    super::write::lock(txn, &format!("role:{audience_id}")).await?;
    let max: Option<Option<i32>> = affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(audience_id))
        .select_only()
        .column_as(affaire::Column::Rang.max(), "m")
        .into_tuple()
        .one(txn)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

/// Moves an affaire still to be judged to the end of another audience's rôle (same juridiction).
pub async fn transfer_affaire<C: super::Db>(
    db: &C,
    id: &str,
    expected: i64,
    target: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    let t = audience::Entity::find_by_id(target.to_owned())
        .one(&txn)
        .await?
        .filter(|t| t.juridiction_id == a.juridiction_id)
        .ok_or_else(|| StoreError::NotFound("audience de destination"))?;
    if a.etat != EtatAffaire::AJuger.code() {
        return Err(StoreError::invalid(
            "affaire",
            "Seule une affaire à juger peut changer d'audience.",
        ));
    }
    if t.id == a.audience_id {
        return Err(StoreError::invalid(
            "audience",
            "L'affaire est déjà au rôle de cette audience.",
        ));
    }
    bump(&txn, id, expected).await?;
    let rang = next_rang(&txn, &t.id).await?;
    affaire::Entity::update_many()
        .col_expr(affaire::Column::AudienceId, Expr::value(t.id.clone()))
        .col_expr(affaire::Column::Rang, Expr::value(rang))
        .filter(affaire::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "affaire_deplacer",
            "affaire",
            id,
            Some(format!("vers l'audience {}", t.id)),
        )
        .await?;
    stats::touch_audiences(&txn, &[&a.audience_id, &t.id], Default::default()).await?;
    txn.commit().await?;
    Ok(())
}

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
pub async fn import_role<C: super::Db>(
    db: &C,
    audience_id: &str,
    parsed: Parsed,
    confirm: bool,
    actor: &Actor<'_>,
) -> StoreResult<ImportReport> {
    let (_turn, txn) = super::write::begin(db).await?;
    let aud = audience::Entity::find_by_id(audience_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    // Two imports into one rôle at once: the second sees what the first added.
    super::write::lock(&txn, &format!("role:{audience_id}")).await?;
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

// ---------------------------------------------------------------- affaire

/// An affaire with its prévenus, infractions, decisions and renvoi, or `None`.
pub async fn affaire_detail<C: ConnectionTrait>(db: &C, id: &str) -> StoreResult<Option<AffaireDetail>> {
    let Some(a) = affaire::Entity::find_by_id(id.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let aud_date = audience::Entity::find_by_id(a.audience_id.clone())
        .select_only()
        .column(audience::Column::Date)
        .into_tuple::<NaiveDate>()
        .one(db)
        .await?
        .map(|d| d.to_string())
        .unwrap_or_default();
    let prevenus = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.eq(id))
        .order_by_asc(prevenu::Column::Nom)
        .all(db)
        .await?;
    let pids: Vec<String> = prevenus.iter().map(|p| p.id.clone()).collect();
    let infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.is_in(pids.clone()))
        .order_by_asc(infraction::Column::Id)
        .all(db)
        .await?;
    let decisions = decision::Entity::find()
        .filter(decision::Column::PrevenuId.is_in(pids))
        .all(db)
        .await?;
    let r = renvoi::Entity::find()
        .filter(renvoi::Column::AffaireId.eq(id))
        .one(db)
        .await?;
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
        .map(|p| PrevenuView {
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
            decision: decisions
                .iter()
                .find(|d| d.prevenu_id == p.id)
                .and_then(|d| serde_json::from_str(&d.details).ok()),
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
    Ok(Some(AffaireDetail {
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
    }))
}

/// Replaces the preparation checklist (known items only) and the scellés.
pub async fn prepare_affaire<C: super::Db>(
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
    let (_turn, txn) = super::write::begin(db).await?;
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

/// Records (or corrects) the decision on one prévenu; the affaire is judged once every
/// prévenu has one. Requalifications update the infraction and keep the former one.
pub async fn record_decision<C: super::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    prevenu_id: &str,
    d: &Decision,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(affaire_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    if a.etat == EtatAffaire::Renvoyee.code() {
        return Err(StoreError::invalid(
            "affaire",
            "L'affaire a été renvoyée : elle se juge sur son nouveau rôle.",
        ));
    }
    let p = prevenu_of(&txn, affaire_id, prevenu_id).await?;
    let infractions = infraction::Entity::find()
        .filter(infraction::Column::PrevenuId.eq(&p.id))
        .all(&txn)
        .await?;
    let ids: Vec<String> = infractions.iter().map(|i| i.id.clone()).collect();
    d.validate(&ids).map_err(|m| StoreError::invalid("decision", m))?;
    bump(&txn, affaire_id, expected).await?;
    let aud_date = audience::Entity::find_by_id(a.audience_id.clone())
        .one(&txn)
        .await?
        .map(|x| x.date)
        .unwrap_or_else(super::cases::paris_today);
    for (iid, prevention) in &d.preventions {
        if let Prevention::Requalification {
            natinf_code,
            qualification,
        } = prevention
            && let Some(i) = infractions.iter().find(|i| &i.id == iid)
        {
            let history: Vec<FormerQualification> = serde_json::from_str(&i.historique).unwrap_or_default();
            let ((code, qual), history) = requalify(
                (i.natinf_code.clone(), i.qualification.clone()),
                &history,
                (
                    natinf_code.clone().filter(|c| !c.trim().is_empty()),
                    qualification.trim().to_owned(),
                ),
                aud_date,
            );
            infraction::Entity::update_many()
                .col_expr(infraction::Column::NatinfCode, Expr::value(code))
                .col_expr(infraction::Column::Qualification, Expr::value(qual))
                .col_expr(
                    infraction::Column::Historique,
                    Expr::value(serde_json::to_string(&history).unwrap_or_else(|_| "[]".into())),
                )
                .filter(infraction::Column::Id.eq(iid))
                .exec(&txn)
                .await?;
        }
    }
    let former: Vec<String> = decision::Entity::find()
        .filter(decision::Column::PrevenuId.eq(prevenu_id))
        .select_only()
        .column(decision::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    if !former.is_empty() {
        peine::Entity::delete_many()
            .filter(peine::Column::DecisionId.is_in(former.clone()))
            .exec(&txn)
            .await?;
        decision::Entity::delete_many()
            .filter(decision::Column::Id.is_in(former))
            .exec(&txn)
            .await?;
    }
    let decision_id = new_id();
    super::seed::decision_model(decision_id.clone(), prevenu_id.to_owned(), d, Utc::now())
        .insert(&txn)
        .await?;
    let peines = super::seed::peine_models(&decision_id, &d.peines);
    if !peines.is_empty() {
        peine::Entity::insert_many(peines).exec(&txn).await?;
    }
    // Judged when every prévenu of the affaire has a decision.
    let all: Vec<String> = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.eq(affaire_id))
        .select_only()
        .column(prevenu::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let decided: HashSet<String> = decision::Entity::find()
        .filter(decision::Column::PrevenuId.is_in(all.clone()))
        .select_only()
        .column(decision::Column::PrevenuId)
        .into_tuple::<String>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let etat = EtatAffaire::after_decision(all.iter().map(|p| decided.contains(p)));
    affaire::Entity::update_many()
        .col_expr(affaire::Column::Etat, Expr::value(etat.code()))
        .filter(affaire::Column::Id.eq(affaire_id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "decision_enregistrer",
            "prevenu",
            prevenu_id,
            Some(d.prevention_summary()),
        )
        .await?;
    stats::touch_audiences(&txn, &[&a.audience_id], Default::default()).await?;
    txn.commit().await?;
    Ok(())
}

/// Adjourns an affaire: records the renvoi, attaches the affaire to the audience of the new
/// date (same chambre if any, else any of that day, else a new one with the same composition)
/// and puts a continuation of it at the end of that rôle.
pub async fn record_renvoi<C: super::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    r: &Renvoi,
    actor: &Actor<'_>,
) -> StoreResult<RenvoiOutcome> {
    let motifs: Vec<String> = list_labels(db, "renvoi_motif")
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let (_turn, txn) = super::write::begin(db).await?;
    let a = affaire::Entity::find_by_id(affaire_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("affaire"))?;
    let source = audience::Entity::find_by_id(a.audience_id.clone())
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::NotFound("audience"))?;
    r.validate(&motifs, source.date)
        .map_err(|m| StoreError::invalid("renvoi", m))?;
    if a.etat != EtatAffaire::AJuger.code() {
        return Err(StoreError::invalid(
            "affaire",
            "Seule une affaire à juger peut être renvoyée.",
        ));
    }
    bump(&txn, affaire_id, expected).await?;
    // Two renvois to one new date at once find (or create) the same audience.
    super::write::lock(
        &txn,
        &format!("audiences:{}:{}", source.juridiction_id, r.nouvelle_date),
    )
    .await?;
    let same_day = audience::Entity::find()
        .filter(audience::Column::JuridictionId.eq(source.juridiction_id))
        .filter(audience::Column::Date.eq(r.nouvelle_date))
        .order_by_asc(audience::Column::HeureDebut)
        .all(&txn)
        .await?;
    let (target, created) = match same_day
        .iter()
        .find(|x| x.chambre == source.chambre)
        .or(same_day.first())
    {
        Some(t) => (t.id.clone(), false),
        None => {
            let id = new_id();
            audience::ActiveModel {
                id: Set(id.clone()),
                date: Set(r.nouvelle_date),
                prevues: Set(0),
                debut_reel: Set(None),
                fin_reel: Set(None),
                version: Set(1),
                suspensions: Set("[]".into()),
                minutes_siegees: Set(None),
                ..source.clone().into()
            }
            .insert(&txn)
            .await?;
            actor
                .log(
                    &txn,
                    "audience_creer",
                    "audience",
                    &id,
                    Some("créée par un renvoi".into()),
                )
                .await?;
            (id, true)
        }
    };
    if affaire::Entity::find()
        .filter(affaire::Column::AudienceId.eq(&target))
        .filter(affaire::Column::NumeroParquet.eq(&a.numero_parquet))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(StoreError::state(format!(
            "l'affaire {} figure déjà au rôle de l'audience du {}",
            a.numero_parquet, r.nouvelle_date
        )));
    }
    let new_affaire = new_id();
    let rang = next_rang(&txn, &target).await?;
    let mut checklist = Checklist::from_json(&a.checklist);
    checklist.0.values_mut().for_each(|v| *v = false);
    affaire::ActiveModel {
        id: Set(new_affaire.clone()),
        audience_id: Set(target.clone()),
        rang: Set(rang),
        etat: Set(EtatAffaire::AJuger.code().into()),
        version: Set(1),
        origine_id: Set(Some(a.id.clone())),
        checklist: Set(checklist.to_json()),
        ..a.clone().into()
    }
    .insert(&txn)
    .await?;
    let prevenus = prevenu::Entity::find()
        .filter(prevenu::Column::AffaireId.eq(affaire_id))
        .all(&txn)
        .await?;
    for p in prevenus {
        let pid = new_id();
        let infractions = infraction::Entity::find()
            .filter(infraction::Column::PrevenuId.eq(&p.id))
            .all(&txn)
            .await?;
        let statut = match r.mesure {
            MesureSurete::DetentionProvisoire | MesureSurete::MaintienDetention => "detenu".to_owned(),
            MesureSurete::ControleJudiciaire => "controle_judiciaire".to_owned(),
            MesureSurete::Arse => "arse".to_owned(),
            MesureSurete::Aucune => p.statut.clone(),
        };
        prevenu::ActiveModel {
            id: Set(pid.clone()),
            affaire_id: Set(new_affaire.clone()),
            statut: Set(statut),
            presence: Set(String::new()),
            ..p.into()
        }
        .insert(&txn)
        .await?;
        for i in infractions {
            infraction::ActiveModel {
                id: Set(new_id()),
                prevenu_id: Set(pid.clone()),
                ..i.into()
            }
            .insert(&txn)
            .await?;
        }
    }
    renvoi::ActiveModel {
        id: Set(new_id()),
        affaire_id: Set(affaire_id.to_owned()),
        motif: Set(r.motif.clone()),
        nouvelle_date: Set(r.nouvelle_date),
        audience_cible_id: Set(Some(target.clone())),
        mesure: Set(r.mesure.as_str().into()),
        observations: Set(r.observations.trim().to_owned()),
        nouvelle_affaire_id: Set(Some(new_affaire.clone())),
        decide_le: Set(Some(Utc::now())),
    }
    .insert(&txn)
    .await?;
    affaire::Entity::update_many()
        .col_expr(affaire::Column::Etat, Expr::value(EtatAffaire::Renvoyee.code()))
        .filter(affaire::Column::Id.eq(affaire_id))
        .exec(&txn)
        .await?;
    actor
        .log(
            &txn,
            "renvoi_enregistrer",
            "affaire",
            affaire_id,
            Some(format!("{} au {}", r.motif, r.nouvelle_date)),
        )
        .await?;
    stats::touch_audiences(&txn, &[&a.audience_id, &target], Default::default()).await?;
    txn.commit().await?;
    Ok(RenvoiOutcome {
        audience_id: target,
        affaire_id: new_affaire,
        audience_creee: created,
    })
}

// ---------------------------------------------------------------- note d'audience

/// Every version of an affaire's note, newest first.
pub async fn note_history<C: ConnectionTrait>(db: &C, affaire_id: &str) -> StoreResult<Vec<NoteVersion>> {
    Ok(note_audience::Entity::find()
        .filter(note_audience::Column::AffaireId.eq(affaire_id))
        .order_by_desc(note_audience::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NoteVersion {
            version: n.version,
            texte: n.texte,
            auteur: n.auteur,
            ecrite_le: super::cases::paris_time(n.ecrite_le),
        })
        .collect())
}

/// Saves a new version of the note on top of `base` (0 for the first); `Conflict` when someone
/// saved another version since. Saving an unchanged text is a no-op returning `base`.
pub async fn save_note<C: super::Db>(
    db: &C,
    affaire_id: &str,
    base: i64,
    texte: &str,
    actor: &Actor<'_>,
) -> StoreResult<i64> {
    if texte.len() > 200_000 {
        return Err(StoreError::invalid("note", "La note dépasse 200 000 caractères."));
    }
    let (_turn, txn) = super::write::begin(db).await?;
    let latest = note_audience::Entity::find()
        .filter(note_audience::Column::AffaireId.eq(affaire_id))
        .order_by_desc(note_audience::Column::Version)
        .one(&txn)
        .await?;
    let current = latest.as_ref().map(|n| n.version).unwrap_or(0);
    if current != base {
        return Err(StoreError::Stale("la note a été enregistrée par quelqu'un d'autre entre-temps ; votre texte est conservé, comparez-le avec la version actuelle".into()));
    }
    if latest.as_ref().is_some_and(|n| n.texte == texte) {
        return Ok(current);
    }
    // The unique (affaire, version) index settles two simultaneous first saves.
    note_audience::ActiveModel {
        id: Set(new_id()),
        affaire_id: Set(affaire_id.to_owned()),
        version: Set(current + 1),
        texte: Set(texte.to_owned()),
        auteur_id: Set(actor.user.id),
        auteur: Set(actor.user.display_name.clone()),
        ecrite_le: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { foreign_key: false, .. } => {
            StoreError::Stale("la note vient d'être enregistrée par quelqu'un d'autre".into())
        }
        other => other,
    })?;
    actor
        .log(
            &txn,
            "note_enregistrer",
            "affaire",
            affaire_id,
            Some(format!("version {}", current + 1)),
        )
        .await?;
    txn.commit().await?;
    Ok(current + 1)
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
pub async fn save_prevenu<C: super::Db>(
    db: &C,
    affaire_id: &str,
    expected: i64,
    p: &PrevenuInput,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let ddn = p
        .validate(super::cases::paris_today())
        .map_err(|(f, m)| StoreError::invalid(&f, m))?;
    check_codes(db, p).await?;
    let (_turn, txn) = super::write::begin(db).await?;
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
pub async fn save_infraction<C: super::Db>(
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
    let (_turn, txn) = super::write::begin(db).await?;
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
pub async fn save_partie_civile<C: super::Db>(
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
    let (_turn, txn) = super::write::begin(db).await?;
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
pub async fn set_presence<C: super::Db>(
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
    let (_turn, txn) = super::write::begin(db).await?;
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
