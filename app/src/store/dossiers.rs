//! Cour de cassation dossiers: registration of pourvois, orientation and distribution, the
//! inventory of pièces, the arrêt, deadlines opened and closed by events, and the timeline.
//! Every change commits its events with it, then publishes them live.

use super::entities::{affectation, arret, echeance, evenement, juridiction, piece, pourvoi, suivi, user};
use super::hearings::{Actor, new_id};
use super::live::Hub;
use super::{StoreError, StoreResult};
use crate::domain::deadline::{self, Parties, Residence, compute_for};
use crate::domain::indicator::Source;
use crate::domain::juridiction::Calendar;
use crate::domain::pourvoi::{
    AffectationView, ArretView, Candidat, Candidats, LiveEvent, PieceAttendue, PieceView, Stade, ValidArret, label_of,
    rank,
};
use crate::domain::pourvoi::{EcheanceView, EvenementView, PourvoiDetail, ValidPourvoi, rules_started_by_registration};
use crate::domain::role::Role;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashSet;

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
        at: super::cases::paris_time(at),
        acteur_id: actor.user.id,
        acteur: actor.user.display_name.clone(),
        nature: nature.to_owned(),
        detail,
    });
    Ok(())
}

/// `events` as published live, with their pourvois' number and juridiction.
async fn with_pourvois<C: ConnectionTrait>(db: &C, events: Vec<evenement::Model>) -> StoreResult<Vec<LiveEvent>> {
    let ids: HashSet<String> = events.iter().map(|e| e.pourvoi_id.clone()).collect();
    let pourvois: std::collections::HashMap<String, (String, i64)> = pourvoi::Entity::find()
        .select_only()
        .column(pourvoi::Column::Id)
        .column(pourvoi::Column::Numero)
        .column(pourvoi::Column::JuridictionId)
        .filter(pourvoi::Column::Id.is_in(ids))
        .into_tuple::<(String, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, numero, j)| (id, (numero, j)))
        .collect();
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let (numero, juridiction_id) = pourvois.get(&e.pourvoi_id)?.clone();
            Some(LiveEvent {
                id: e.id,
                pourvoi_id: e.pourvoi_id,
                numero,
                juridiction_id,
                at: super::cases::paris_time(e.at),
                acteur_id: e.acteur_id.unwrap_or_default(),
                acteur: e.acteur,
                nature: e.nature,
                detail: e.detail,
            })
        })
        .collect())
}

/// The events `ids` as published live, in the order they were recorded.
pub async fn live_events<C: ConnectionTrait>(db: &C, ids: &[String]) -> StoreResult<Vec<LiveEvent>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let events = evenement::Entity::find()
        .filter(evenement::Column::Id.is_in(ids.iter().cloned()))
        .order_by_asc(evenement::Column::At)
        .order_by_asc(evenement::Column::Id)
        .all(db)
        .await?;
    with_pourvois(db, events).await
}

/// How far back a reconnecting stream looks before its last event: events are stamped before
/// they commit, so one committed just after may carry an earlier time. The browser drops
/// what it already received (by id).
const CATCH_UP_OVERLAP_SECONDS: i64 = 10;

/// Events of juridiction `juridiction_id` recorded since the event `last_id` (a stream that
/// reconnects), oldest first, at most 500; none when `last_id` is unknown.
pub async fn live_events_since<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    last_id: &str,
) -> StoreResult<Vec<LiveEvent>> {
    let Some(last) = evenement::Entity::find_by_id(last_id.to_owned()).one(db).await? else {
        return Ok(vec![]);
    };
    let of_juridiction = sea_orm::sea_query::Query::select()
        .column(pourvoi::Column::Id)
        .from(pourvoi::Entity)
        .and_where(pourvoi::Column::JuridictionId.eq(juridiction_id))
        .to_owned();
    let events = evenement::Entity::find()
        .filter(evenement::Column::At.gte(last.at - chrono::Duration::seconds(CATCH_UP_OVERLAP_SECONDS)))
        .filter(evenement::Column::Id.ne(last.id))
        .filter(evenement::Column::PourvoiId.in_subquery(of_juridiction))
        .order_by_asc(evenement::Column::At)
        .order_by_asc(evenement::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    with_pourvois(db, events).await
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

/// Opens the deadline of `rule_id` running from `depart` (unless one is already open).
async fn open_deadline<C: ConnectionTrait>(
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
async fn close_deadlines<C: ConnectionTrait>(
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

/// Registers a pourvoi in the actor's juridiction, with the deadlines the déclaration starts
/// (computed with the juridiction's calendar) and the first event; returns its id.
pub async fn register_pourvoi<C: super::Db>(
    db: &C,
    hub: &Hub,
    v: &ValidPourvoi,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    let (_turn, txn) = super::write::begin(db).await?;
    if pourvoi::Entity::find()
        .filter(pourvoi::Column::Numero.eq(&v.numero))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(StoreError::state(format!(
            "le pourvoi n° {} est déjà enregistré",
            v.numero
        )));
    }
    let calendar = calendar_of(&txn, actor.user.juridiction_id).await?;
    let id = new_id();
    let p = pourvoi::ActiveModel {
        id: Set(id.clone()),
        juridiction_id: Set(actor.user.juridiction_id),
        numero: Set(v.numero.clone()),
        matiere: Set(v.matiere.to_owned()),
        chambre: Set(None),
        date_pourvoi: Set(v.date_pourvoi),
        decision_juridiction: Set(v.decision_juridiction.clone()),
        decision_date: Set(v.decision_date),
        demandeur: Set(v.demandeur.clone()),
        defendeur: Set(v.defendeur.clone()),
        detenu: Set(v.detenu),
        stade: Set(Stade::Enregistre.code().into()),
        rapporteur_id: Set(None),
        avocat_general_id: Set(None),
        version: Set(1),
        decision_numero: Set(v.decision_numero.clone()),
        avocats: Set(v.avocats.clone()),
        formation: Set(String::new()),
        seance_id: Set(None),
        recherche: Set(crate::domain::pourvoi::search_key(
            &v.demandeur,
            &v.defendeur,
            &v.avocats,
        )),
        residence_demandeur: Set(v.parties.demandeur.as_str().to_owned()),
        residence_defendeur: Set(v.parties.defendeur.as_str().to_owned()),
    }
    .insert(&txn)
    .await?;
    for rule_id in rules_started_by_registration(v.matiere) {
        open_deadline(&txn, &id, rule_id, v.date_pourvoi, (calendar, v.parties)).await?;
    }
    let mut live = Vec::new();
    event(
        &txn,
        &p,
        actor,
        "enregistrement",
        format!(
            "Pourvoi n° {} enregistré (déclaration du {})",
            v.numero,
            v.date_pourvoi.format("%d/%m/%Y")
        ),
        &mut live,
    )
    .await?;
    actor
        .log(&txn, "pourvoi_enregistrer", "pourvoi", &id, Some(v.numero.clone()))
        .await?;
    super::stats::touch_pourvois(&txn, &[&id], Default::default()).await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(id)
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

/// A pourvoi as `reader` sees it, with its deadlines (soonest first), timeline (newest first),
/// assignments, inventory and arrêt; `None` if there is no such pourvoi.
pub async fn pourvoi_detail<C: ConnectionTrait>(db: &C, id: &str, reader: i64) -> StoreResult<Option<PourvoiDetail>> {
    let Some(p) = pourvoi::Entity::find_by_id(id.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let echeances = echeance::Entity::find()
        .filter(echeance::Column::PourvoiId.eq(id))
        .order_by_asc(echeance::Column::Due)
        .order_by_asc(echeance::Column::RuleId)
        .order_by_asc(echeance::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let rule = deadline::rule(&e.rule_id);
            EcheanceView {
                label: rule.map(|r| r.label.to_owned()).unwrap_or_else(|| e.rule_id.clone()),
                basis: rule.map(|r| r.at(e.depart).basis.cite()).unwrap_or_default(),
                lapse: rule.map(|r| r.lapse.to_owned()).unwrap_or_default(),
                rule_id: e.rule_id,
                depart: e.depart.to_string(),
                due: e.due.to_string(),
                steps: serde_json::from_str(&e.steps).unwrap_or_default(),
                ouverte: e.statut == "ouverte",
                cloture: e.cloture,
            }
        })
        .collect();
    let evenements = evenement::Entity::find()
        .filter(evenement::Column::PourvoiId.eq(id))
        .order_by_desc(evenement::Column::At)
        .order_by_desc(evenement::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EvenementView {
            at: super::cases::paris_time(e.at),
            acteur: e.acteur,
            nature: e.nature,
            detail: e.detail,
        })
        .collect();
    let affectations = affectation::Entity::find()
        .filter(affectation::Column::PourvoiId.eq(id))
        .order_by_desc(affectation::Column::Debut)
        .order_by_desc(affectation::Column::Fonction)
        .order_by_asc(affectation::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = affectations.iter().map(|a| a.user_id).collect();
    ids.extend(p.rapporteur_id);
    ids.extend(p.avocat_general_id);
    let names = names(db, ids).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let affectations = affectations
        .into_iter()
        .map(|a| AffectationView {
            fonction: a.fonction,
            nom: name(a.user_id),
            debut: super::cases::paris_time(a.debut),
            fin: a.fin.map(super::cases::paris_time),
            par: a.par,
            motif: a.motif,
        })
        .collect();
    let pieces = piece::Entity::find()
        .filter(piece::Column::PourvoiId.eq(id))
        .select_only()
        .columns([
            piece::Column::Id,
            piece::Column::Nature,
            piece::Column::DatePiece,
            piece::Column::Deposant,
            piece::Column::NomFichier,
            piece::Column::Mime,
            piece::Column::Taille,
            piece::Column::Sha256,
            piece::Column::Par,
        ])
        .order_by_asc(piece::Column::DatePiece)
        .order_by_asc(piece::Column::At)
        .order_by_asc(piece::Column::Id)
        .into_tuple::<(String, String, NaiveDate, String, String, String, i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(
            |(id, nature, date, deposant, nom_fichier, mime, taille, sha256, par)| PieceView {
                id,
                nature,
                date_piece: date.to_string(),
                deposant,
                nom_fichier,
                mime,
                taille,
                sha256,
                par,
            },
        )
        .collect();
    let arret = arret::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .map(|a| ArretView {
            solution: a.solution,
            date_arret: a.date_arret.to_string(),
            formation: a.formation,
            ecli: a.ecli,
            source: a.source,
            sommaire: a.sommaire,
        });
    let suivi = suivi::Entity::find_by_id((id.to_owned(), reader))
        .one(db)
        .await?
        .is_some();
    Ok(Some(PourvoiDetail {
        rapporteur: p.rapporteur_id.map(name),
        avocat_general: p.avocat_general_id.map(name),
        id: p.id,
        numero: p.numero,
        matiere: p.matiere,
        chambre: p.chambre,
        stade: stade(&p.stade),
        date_pourvoi: p.date_pourvoi.to_string(),
        decision_juridiction: p.decision_juridiction,
        decision_date: p.decision_date.to_string(),
        decision_numero: p.decision_numero,
        demandeur: p.demandeur,
        defendeur: p.defendeur,
        avocats: p.avocats,
        detenu: p.detenu,
        residence_demandeur: p.residence_demandeur,
        residence_defendeur: p.residence_defendeur,
        formation: p.formation,
        version: p.version,
        suivi,
        echeances,
        evenements,
        affectations,
        pieces,
        arret,
    }))
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
    super::write::lock(db, &format!("pourvoi:{id}")).await?;
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
        Ok(saved) => Ok(saved),
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
    let now = super::stats::pourvoi_buckets(db, &[&after.id]).await?;
    let old_chambre = before.chambre.clone().unwrap_or_default();
    let mut buckets = now.clone();
    buckets.extend(now.iter().map(|(j, _, m)| (*j, old_chambre.clone(), *m)));
    buckets.insert((
        before.juridiction_id,
        old_chambre,
        super::stats::mois(before.date_pourvoi),
    ));
    super::stats::refresh(db, Source::Pourvois, &buckets).await
}

/// Orients a pourvoi to a chambre and formation. A new chambre ends the current assignments
/// (its magistrats belong to the old one) and sends the dossier back to distribution.
#[allow(clippy::too_many_arguments)]
pub async fn orient<C: super::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    chambre: &str,
    formation: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    use crate::domain::pourvoi::{CHAMBRES, FORMATIONS, chambres_for};
    let (_turn, txn) = super::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let moved = p.chambre.as_deref() != Some(chambre);
    let stade_after = stade(&p.stade).oriented(moved)?;
    if !chambres_for(&p.matiere).iter().any(|(c, _)| *c == chambre) {
        return Err(StoreError::invalid(
            "chambre",
            if p.matiere == "penal" {
                "Un pourvoi pénal est orienté vers la chambre criminelle."
            } else {
                "Un pourvoi civil est orienté vers une chambre civile, commerciale ou sociale."
            },
        ));
    }
    if !FORMATIONS.iter().any(|(f, _)| *f == formation) {
        return Err(StoreError::invalid(
            "formation",
            "Formation : choisissez dans la liste.",
        ));
    }
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
pub async fn distribute<C: super::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    rapporteur: i64,
    avocat_general: i64,
    motif: &str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
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
    if redistribution && motif.is_empty() {
        return Err(StoreError::invalid(
            "motif",
            "Motif : obligatoire pour une nouvelle distribution.",
        ));
    }
    if motif.chars().count() > 300 {
        return Err(StoreError::invalid("motif", "Motif : 300 caractères au plus."));
    }
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
pub async fn add_piece<C: super::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    new: &NewPiece<'_>,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    use crate::domain::pourvoi::{NATURES, piece_effects};
    use sha2::Digest;
    let (_turn, txn) = super::write::begin(db).await?;
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
    if new.date_piece < p.date_pourvoi {
        return Err(StoreError::invalid(
            "date_piece",
            "Date de la pièce : antérieure au pourvoi.",
        ));
    }
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

/// Corrects the date of pièce `piece_id` of pourvoi `id`: the open deadlines it started are
/// recomputed from the new date, and those it closed are dated anew (met or overdue).
#[allow(clippy::too_many_arguments)]
pub async fn correct_piece_date<C: super::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    piece_id: &str,
    date: NaiveDate,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    use crate::domain::pourvoi::{NATURES, piece_effects};
    let (_turn, txn) = super::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    let before = super::stats::pourvoi_buckets(&txn, &[id]).await?;
    let Some(pc) = piece::Entity::find_by_id(piece_id.to_owned())
        .one(&txn)
        .await?
        .filter(|x| x.pourvoi_id == id)
    else {
        return Err(StoreError::NotFound("pièce"));
    };
    if date == pc.date_piece {
        return Err(StoreError::invalid(
            "date_piece",
            "Date de la pièce : c'est déjà cette date.",
        ));
    }
    if date < p.date_pourvoi || date > super::cases::paris_today() {
        return Err(StoreError::invalid(
            "date_piece",
            "Date de la pièce : ni future, ni antérieure au pourvoi.",
        ));
    }
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
    super::stats::touch_pourvois(&txn, &[id], before).await?;
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

/// Records the receipt of a penal dossier from the lower court on `date`.
pub async fn receive<C: super::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: i64,
    date: NaiveDate,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = super::write::begin(db).await?;
    let p = for_change(&txn, id, Some(version), actor).await?;
    if p.matiere != "penal" {
        return Err(StoreError::invalid(
            "date_reception",
            "La réception du dossier concerne les pourvois pénaux.",
        ));
    }
    if date < p.date_pourvoi {
        return Err(StoreError::invalid(
            "date_reception",
            "Date de réception : antérieure au pourvoi.",
        ));
    }
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
pub async fn record_arret<C: super::Db>(
    db: &C,
    hub: &Hub,
    a: &ValidArret,
    version: Option<i64>,
    actor: &Actor<'_>,
) -> StoreResult<Vec<String>> {
    use crate::domain::pourvoi::SOLUTIONS;
    let (_turn, txn) = super::write::begin(db).await?;
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

/// The events made by others on the dossiers `user` is assigned to or follows: the SQL after
/// `SELECT …`, and its values.
fn my_events(user: &crate::domain::account::CurrentUser) -> (&'static str, Vec<sea_orm::Value>) {
    let sql = "FROM evenement e JOIN pourvoi po ON po.id = e.pourvoi_id WHERE po.juridiction_id = ? \
         AND (po.rapporteur_id = ? OR po.avocat_general_id = ? \
         OR EXISTS (SELECT 1 FROM suivi s WHERE s.pourvoi_id = po.id AND s.user_id = ?)) \
         AND (e.acteur_id IS NULL OR e.acteur_id <> ?)";
    let values = vec![
        user.juridiction_id.into(),
        user.id.into(),
        user.id.into(),
        user.id.into(),
        user.id.into(),
    ];
    (sql, values)
}

/// When `user` last marked his notifications read.
async fn notifications_seen<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
) -> StoreResult<Option<chrono::DateTime<Utc>>> {
    use super::entities::notification_lue;
    Ok(notification_lue::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .map(|n| n.vues_le))
}

/// How many of `user`'s notifications came after `seen` (all of them when never read).
async fn count_unread<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
    seen: Option<chrono::DateTime<Utc>>,
) -> StoreResult<i64> {
    let (mine, mut values) = my_events(user);
    let mut sql = format!("SELECT COUNT(*) {mine}");
    if let Some(s) = seen {
        sql.push_str(" AND e.at > ?");
        values.push(s.into());
    }
    let row = db
        .query_one_raw(super::stats::stmt(db.get_database_backend(), &sql, values))
        .await?;
    Ok(row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// How many notifications `user` has not read (the count beside the menu entry).
pub async fn unread_notifications<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
) -> StoreResult<i64> {
    let seen = notifications_seen(db, user).await?;
    count_unread(db, user, seen).await
}

/// The latest events made by others on the dossiers `user` is assigned to or follows, and
/// how many came since he last marked them read.
pub async fn notifications<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
) -> StoreResult<crate::domain::pourvoi::Notifications> {
    use crate::domain::pourvoi::{NOTIFICATIONS_LIMIT, Notification, Notifications};
    let seen = notifications_seen(db, user).await?;
    let (mine, values) = my_events(user);
    let rows = db
        .query_all_raw(super::stats::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT e.pourvoi_id, po.numero, e.at, e.acteur, e.detail {mine} \
                 ORDER BY e.at DESC, e.id LIMIT {NOTIFICATIONS_LIMIT}"
            ),
            values,
        ))
        .await?;
    let mut evenements = Vec::with_capacity(rows.len());
    for r in rows {
        let at: chrono::DateTime<Utc> = r.try_get_by_index(2)?;
        evenements.push(Notification {
            pourvoi_id: r.try_get_by_index(0)?,
            numero: r.try_get_by_index(1)?,
            at: super::cases::paris_time(at),
            instant: at.to_rfc3339(),
            acteur: r.try_get_by_index(3)?,
            detail: r.try_get_by_index(4)?,
            nouvelle: seen.is_none_or(|s| at > s),
        });
    }
    let non_lues = count_unread(db, user, seen).await?;
    Ok(Notifications { non_lues, evenements })
}

/// Marks the user's notifications read up to `at` (the newest he was shown); an earlier mark
/// never moves a later one back.
pub async fn mark_notifications_read<C: super::Db>(
    db: &C,
    at: chrono::DateTime<Utc>,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    use super::entities::notification_lue;
    use sea_orm::sea_query::OnConflict;
    let (_turn, txn) = super::write::begin(db).await?;
    let current = notification_lue::Entity::find_by_id(actor.user.id)
        .one(&txn)
        .await?
        .map(|n| n.vues_le);
    if current.is_some_and(|c| c >= at) {
        return Ok(());
    }
    notification_lue::Entity::insert(notification_lue::ActiveModel {
        user_id: Set(actor.user.id),
        vues_le: Set(at),
    })
    .on_conflict(
        OnConflict::column(notification_lue::Column::UserId)
            .update_column(notification_lue::Column::VuesLe)
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    actor
        .log(&txn, "notifications_lues", "app_user", &actor.user.id.to_string(), None)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Starts or stops following a dossier (being notified of its events).
pub async fn follow<C: super::Db>(db: &C, pourvoi_id: &str, on: bool, actor: &Actor<'_>) -> StoreResult<()> {
    use sea_orm::sea_query::OnConflict;
    let (_turn, txn) = super::write::begin(db).await?;
    let key = (pourvoi_id.to_owned(), actor.user.id);
    let changed = if on {
        // Twice at once (a double click) follows once.
        suivi::Entity::insert(suivi::ActiveModel {
            pourvoi_id: Set(key.0),
            user_id: Set(key.1),
        })
        .on_conflict(
            OnConflict::columns([suivi::Column::PourvoiId, suivi::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            > 0
    } else {
        suivi::Entity::delete_by_id(key).exec(&txn).await?.rows_affected > 0
    };
    if changed {
        let action = if on { "dossier_suivre" } else { "dossier_ne_plus_suivre" };
        actor.log(&txn, action, "pourvoi", pourvoi_id, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether `user_id` is notified of the dossier's events: assigned to it or following it.
pub async fn concerns<C: ConnectionTrait>(db: &C, pourvoi_id: &str, user_id: i64) -> StoreResult<bool> {
    let assigned = pourvoi::Entity::find_by_id(pourvoi_id.to_owned())
        .filter(
            sea_orm::Condition::any()
                .add(pourvoi::Column::RapporteurId.eq(user_id))
                .add(pourvoi::Column::AvocatGeneralId.eq(user_id)),
        )
        .count(db)
        .await?
        > 0;
    Ok(assigned
        || suivi::Entity::find_by_id((pourvoi_id.to_owned(), user_id))
            .one(db)
            .await?
            .is_some())
}

/// Sets the chambre a Cour de cassation magistrat sits in (`None`: every chambre).
pub async fn set_chambre<C: ConnectionTrait>(db: &C, user_id: i64, chambre: Option<&str>) -> StoreResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::Chambre, Expr::value(chambre.map(str::to_owned)))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// `today` minus `months` months (the lower bound of an age band).
fn months_ago(today: NaiveDate, months: u32) -> NaiveDate {
    today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today)
}

/// The SQL of the age band of `po.date_pourvoi` on `today`, with its values.
fn tranche_sql(today: NaiveDate) -> (String, Vec<sea_orm::Value>) {
    use crate::domain::pourvoi::TRANCHES;
    let mut sql = String::from("CASE");
    let mut values = Vec::new();
    for (code, _, from) in TRANCHES.iter().rev() {
        if *from == 0 {
            continue;
        }
        sql.push_str(&format!(" WHEN po.date_pourvoi <= ? THEN '{code}'"));
        values.push(months_ago(today, *from).into());
    }
    sql.push_str(&format!(" ELSE '{}' END", TRANCHES[0].0));
    (sql, values)
}

/// The stock of open dossiers of a juridiction on `today`: chambre × stade × age band.
pub async fn stock<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    today: NaiveDate,
) -> StoreResult<crate::domain::pourvoi::Stock> {
    let (tranche, mut values) = tranche_sql(today);
    let sql = format!(
        "SELECT COALESCE(po.chambre, '') AS chambre, po.stade, {tranche} AS tranche, COUNT(*) AS n \
         FROM pourvoi po WHERE po.juridiction_id = ? AND po.stade <> 'arret' GROUP BY 1, 2, 3"
    );
    values.push(juridiction_id.into());
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(super::stats::stmt(backend, &sql, values)).await?;
    let mut out = crate::domain::pourvoi::Stock::default();
    for r in rows {
        let n: i64 = r.try_get_by_index(3)?;
        out.total += n;
        out.cellules.push((
            r.try_get_by_index(0)?,
            stade(&r.try_get_by_index::<String>(1)?),
            r.try_get_by_index(2)?,
            n,
        ));
    }
    Ok(out)
}

pub(super) fn ligne(p: pourvoi::Model) -> crate::domain::pourvoi::LignePourvoi {
    crate::domain::pourvoi::LignePourvoi {
        id: p.id,
        numero: p.numero,
        chambre: p.chambre.unwrap_or_default(),
        stade: stade(&p.stade),
        date_pourvoi: p.date_pourvoi.to_string(),
        demandeur: p.demandeur,
        defendeur: p.defendeur,
        avocats: p.avocats,
    }
}

/// Pourvois of a juridiction matching `r` (number or its start, party or avocat; chambre,
/// stade, age band), newest first; unknown codes are refused.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    juridiction_id: i64,
    r: &crate::domain::pourvoi::Recherche,
    today: NaiveDate,
) -> StoreResult<crate::domain::pourvoi::Resultats> {
    use crate::domain::pourvoi::{CHAMBRES, MAX_RESULTATS, Resultats, Stade, TRANCHES};
    let mut q = pourvoi::Entity::find().filter(pourvoi::Column::JuridictionId.eq(juridiction_id));
    let text = r.q.trim();
    if text.chars().count() > 100 {
        return Err(StoreError::invalid("q", "Recherche : 100 caractères au plus."));
    }
    // A number (or its start) reads the unique index on `numero` as a range, in number order.
    let by_number = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.');
    if by_number {
        q = q.filter(pourvoi::Column::Numero.gte(text));
        if let Some(end) = prefix_end(text) {
            q = q.filter(pourvoi::Column::Numero.lt(end));
        }
    } else if !text.is_empty() {
        let escaped: String = crate::domain::pourvoi::fold(text)
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let pattern = sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\');
        q = q.filter(Expr::col(pourvoi::Column::Recherche).like(pattern));
    }
    if !r.chambre.is_empty() {
        if r.chambre == "aucune" {
            q = q.filter(pourvoi::Column::Chambre.is_null());
        } else if CHAMBRES.iter().any(|(c, _)| *c == r.chambre) {
            q = q.filter(pourvoi::Column::Chambre.eq(&r.chambre));
        } else {
            return Err(StoreError::invalid("chambre", "Chambre inconnue."));
        }
    }
    if !r.stade.is_empty() {
        let Some(stade) = Stade::parse(&r.stade) else {
            return Err(StoreError::invalid("stade", "Stade inconnu."));
        };
        q = q.filter(pourvoi::Column::Stade.eq(stade.code()));
    }
    if !r.tranche.is_empty() {
        let Some(i) = TRANCHES.iter().position(|(c, _, _)| *c == r.tranche) else {
            return Err(StoreError::invalid("tranche", "Tranche d'ancienneté inconnue."));
        };
        // Months since the pourvoi in [from, next from): date in (today - next, today - from].
        q = q.filter(pourvoi::Column::DatePourvoi.lte(months_ago(today, TRANCHES[i].2)));
        if let Some(next) = TRANCHES.get(i + 1) {
            q = q.filter(pourvoi::Column::DatePourvoi.gt(months_ago(today, next.2)));
        }
    }
    let total = q.clone().count(db).await? as i64;
    let q = if by_number {
        q.order_by_asc(pourvoi::Column::Numero)
    } else {
        q.order_by_desc(pourvoi::Column::DatePourvoi)
            .order_by_asc(pourvoi::Column::Numero)
    };
    let lignes = q.limit(MAX_RESULTATS).all(db).await?.into_iter().map(ligne).collect();
    Ok(Resultats { lignes, total })
}

/// The smallest string above every string starting with `prefix` (its last character
/// moved up by one); `None` when there is none.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    let last = chars.pop()?;
    chars.push(char::from_u32(u32::from(last) + 1)?);
    Some(chars.into_iter().collect())
}

/// The task list of `user` on `today`: open deadlines due within 30 days or overdue, and
/// dossiers ready for audiencement. A magistrat sees the dossiers he is assigned to or
/// follows; the greffe and direction see the juridiction's, or one chambre's.
pub async fn tasks<C: ConnectionTrait>(
    db: &C,
    user: &crate::domain::account::CurrentUser,
    chambre: Option<&str>,
    today: NaiveDate,
) -> StoreResult<crate::domain::pourvoi::Taches> {
    use crate::domain::pourvoi::{CHAMBRES, Tache, Taches, quand};
    if let Some(c) = chambre
        && !CHAMBRES.iter().any(|(x, _)| *x == c)
    {
        return Err(StoreError::invalid("chambre", "Chambre inconnue."));
    }
    let mine = matches!(user.role, Role::MagistratSiege | Role::MagistratParquet) && chambre.is_none();
    let mut scope = String::from("po.juridiction_id = ?");
    let mut values: Vec<sea_orm::Value> = vec![user.juridiction_id.into()];
    if let Some(c) = chambre {
        scope.push_str(" AND po.chambre = ?");
        values.push(c.into());
    }
    if mine {
        scope.push_str(
            " AND (po.rapporteur_id = ? OR po.avocat_general_id = ? \
             OR EXISTS (SELECT 1 FROM suivi s WHERE s.pourvoi_id = po.id AND s.user_id = ?))",
        );
        values.extend([user.id.into(), user.id.into(), user.id.into()]);
    }
    let backend = db.get_database_backend();
    let mut v = values.clone();
    v.push((today + chrono::Duration::days(30)).into());
    let rows = db
        .query_all_raw(super::stats::stmt(
            backend,
            &format!(
                "SELECT po.id, po.numero, COALESCE(po.chambre, ''), e.rule_id, e.due, e.depart \
                 FROM echeance e JOIN pourvoi po ON po.id = e.pourvoi_id \
                 WHERE {scope} AND e.statut = 'ouverte' AND e.due <= ? ORDER BY e.due, po.numero LIMIT 500"
            ),
            v,
        ))
        .await?;
    let mut echeances = Vec::with_capacity(rows.len());
    for r in rows {
        let rule_id: String = r.try_get_by_index(3)?;
        let due: NaiveDate = r.try_get_by_index(4)?;
        let depart: NaiveDate = r.try_get_by_index(5)?;
        let rule = deadline::rule(&rule_id);
        echeances.push(Tache {
            pourvoi_id: r.try_get_by_index(0)?,
            numero: r.try_get_by_index(1)?,
            chambre: r.try_get_by_index(2)?,
            label: rule.map(|x| x.label.to_owned()).unwrap_or(rule_id.clone()),
            basis: rule.map(|x| x.at(depart).basis.cite()).unwrap_or_default(),
            lapse: rule.map(|x| x.lapse.to_owned()).unwrap_or_default(),
            due: due.to_string(),
            quand: quand(due, today).to_owned(),
        });
    }
    // Distributed dossiers still waiting for the rapport or the avis; a magistrat sees those
    // he is to file himself.
    let rows = db
        .query_all_raw(super::stats::stmt(
            backend,
            &format!(
                "SELECT po.id, po.numero, COALESCE(po.chambre, ''), po.rapporteur_id, po.avocat_general_id, \
                 EXISTS (SELECT 1 FROM piece pi WHERE pi.pourvoi_id = po.id AND pi.nature = 'rapport'), \
                 EXISTS (SELECT 1 FROM piece pi WHERE pi.pourvoi_id = po.id AND pi.nature = 'avis_ag') \
                 FROM pourvoi po WHERE {scope} AND po.stade = 'distribue' ORDER BY po.date_pourvoi, po.numero LIMIT 200"
            ),
            values.clone(),
        ))
        .await?;
    let mut waiting = Vec::with_capacity(rows.len());
    for r in rows {
        let rapporteur: Option<i64> = r.try_get_by_index(3)?;
        let avocat: Option<i64> = r.try_get_by_index(4)?;
        let flag = |i: usize| -> Result<bool, sea_orm::DbErr> {
            // SQLite answers EXISTS with an integer, PostgreSQL with a boolean.
            r.try_get_by_index::<bool>(i)
                .or_else(|_| r.try_get_by_index::<i64>(i).map(|n| n != 0))
        };
        for (nature, piece) in crate::domain::pourvoi::missing_pieces(flag(5)?, flag(6)?) {
            let author = if nature == "rapport" { rapporteur } else { avocat };
            if mine && author != Some(user.id) {
                continue;
            }
            waiting.push((
                r.try_get_by_index::<String>(0)?,
                r.try_get_by_index::<String>(1)?,
                r.try_get_by_index::<String>(2)?,
                piece,
                author,
            ));
        }
    }
    let authors = names(db, waiting.iter().filter_map(|w| w.4).collect()).await?;
    let attendues = waiting
        .into_iter()
        .map(|(pourvoi_id, numero, chambre, piece, author)| PieceAttendue {
            pourvoi_id,
            numero,
            chambre,
            piece: piece.to_owned(),
            auteur: author.and_then(|a| authors.get(&a).cloned()).unwrap_or_default(),
        })
        .collect();
    let ids: Vec<String> = db
        .query_all_raw(super::stats::stmt(
            backend,
            &format!(
                "SELECT po.id FROM pourvoi po WHERE {scope} AND po.stade = 'instruit' \
                 ORDER BY po.date_pourvoi, po.numero LIMIT 200"
            ),
            values,
        ))
        .await?
        .into_iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let prets = pourvoi::Entity::find()
        .filter(pourvoi::Column::Id.is_in(ids))
        .order_by_asc(pourvoi::Column::DatePourvoi)
        .all(db)
        .await?
        .into_iter()
        .map(ligne)
        .collect();
    Ok(Taches {
        portee: match chambre {
            Some(c) => label_of(&CHAMBRES, c),
            None if mine => "Mes dossiers".into(),
            None => "Toute la juridiction".into(),
        },
        echeances,
        attendues,
        prets,
    })
}
