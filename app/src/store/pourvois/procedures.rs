//! The special procedures of the Cour de cassation: registered on a pourvoi or as a saisine
//! of their own, with their deadline, what they do to the pourvoi's deadlines, and their end
//! (typed, or imported from Judilibre). The rules are the domain's
//! (`domain::pourvoi::procedure`); this room loads, asks them, and persists.

use super::deadlines::{close_deadlines, open_deadline};
use super::{calendar_of, event, for_change, parties_of, refresh_stats, save, stade};
use crate::domain::deadline::{self, Residence, compute_for};
use crate::domain::pourvoi::{
    CompteurProcedure, DecisionImportee, EcheanceView, LigneProcedure, ProcedureKind, ProcedureView, Procedures,
    ValidArret, ValidFin, ValidProcedure, check_pourvoi_state, effets_fin, effets_saisine, issue_importee,
    kind_ended_by, quand,
};
use crate::store::entities::{arret, echeance, pourvoi, procedure_particuliere as proc_};
use crate::store::live::Hub;
use crate::store::{Actor, new_id};
use crate::store::{StoreError, StoreResult};
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

fn kind_of(code: &str) -> StoreResult<ProcedureKind> {
    ProcedureKind::parse(code).ok_or_else(|| StoreError::Defect(format!("unknown procedure nature {code}")))
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Registers a special procedure in the actor's juridiction; returns its id.
pub async fn register<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    v: &ValidProcedure,
    actor: &Actor<'_>,
) -> StoreResult<String> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let juridiction = actor.user.juridiction_id;
    let calendar = calendar_of(&txn, juridiction).await?;
    let id = new_id();
    let mut interrompues = Vec::new();
    let mut live = Vec::new();
    let mut detail = format!("{} enregistrée (saisine du {})", v.kind.label(), fr(v.date_saisine));
    let (pourvoi_row, matiere) = match &v.pourvoi {
        Some(numero) => {
            let found = pourvoi::Entity::find()
                .filter(pourvoi::Column::JuridictionId.eq(juridiction))
                .filter(pourvoi::Column::Numero.eq(numero))
                .one(&txn)
                .await?
                .ok_or_else(|| StoreError::invalid("pourvoi", format!("Pourvoi n° {numero} inconnu.")))?;
            let p = for_change(&txn, &found.id, None, actor).await?;
            check_pourvoi(&txn, v, &p).await?;
            let matiere = p.matiere.clone();
            (Some(p), matiere)
        }
        None => {
            let numero = v.numero.clone().unwrap_or_default();
            if pourvoi::Entity::find()
                .filter(pourvoi::Column::JuridictionId.eq(juridiction))
                .filter(pourvoi::Column::Numero.eq(&numero))
                .one(&txn)
                .await?
                .is_some()
            {
                return Err(StoreError::invalid(
                    "numero",
                    format!("Le n° {numero} est celui d'un pourvoi : enregistrez la procédure sur ce pourvoi."),
                ));
            }
            if proc_::Entity::find()
                .filter(proc_::Column::JuridictionId.eq(juridiction))
                .filter(proc_::Column::NumeroSaisine.eq(&numero))
                .one(&txn)
                .await?
                .is_some()
            {
                return Err(StoreError::Duplicate(format!(
                    "une saisine n° {numero} est déjà enregistrée"
                )));
            }
            (None, v.matiere.unwrap_or("civil").to_owned())
        }
    };
    // Its own deadline.
    let rule = v.kind.rule(&matiere, v.pourvoi.is_some()).and_then(deadline::rule);
    let computed = rule.map(|r| compute_for(r, v.date_saisine, calendar, Residence::Metropole));
    if let Some(c) = &computed {
        detail.push_str(&format!(" ; échéance le {}", fr(c.due)));
    }
    if let Some(p) = &pourvoi_row {
        // What the procedure does to the pourvoi's deadlines.
        let effets = effets_saisine(v.kind);
        for rule_id in effets.close {
            let open = echeance::Entity::find()
                .filter(echeance::Column::PourvoiId.eq(&p.id))
                .filter(echeance::Column::RuleId.eq(*rule_id))
                .filter(echeance::Column::Statut.eq("ouverte"))
                .one(&txn)
                .await?;
            if open.is_some() {
                interrompues.push((*rule_id).to_owned());
            }
        }
        let closed = close_deadlines(&txn, &p.id, Some(effets.close), effets.why, v.date_saisine).await?;
        if !closed.is_empty() {
            detail.push_str(&format!(" ; échéance interrompue : {}", closed.join(", ")));
        }
        let after = save(&txn, p, |_| {}).await?;
        event(&txn, &after, actor, "procedure", detail.clone(), &mut live).await?;
    }
    proc_::ActiveModel {
        id: Set(id.clone()),
        juridiction_id: Set(juridiction),
        nature: Set(v.kind.code().to_owned()),
        pourvoi_id: Set(pourvoi_row.as_ref().map(|p| p.id.clone())),
        numero_saisine: Set(v.numero.clone()),
        matiere: Set(matiere),
        origine: Set(v.origine.clone()),
        objet: Set(v.objet.clone()),
        date_saisine: Set(v.date_saisine),
        rule_id: Set(rule.map(|r| r.id.to_owned())),
        due: Set(computed.as_ref().map(|c| c.due)),
        steps: Set(computed
            .as_ref()
            .map(|c| serde_json::to_string(&c.steps).unwrap_or_else(|_| "[]".into()))
            .unwrap_or_else(|| "[]".into())),
        interrompues: Set(interrompues.join(",")),
        issue: Set(None),
        date_fin: Set(None),
        acte: Set(None),
        source_fin: Set(String::new()),
        cree_par: Set(actor.user.id),
        cree_par_nom: Set(actor.user.display_name.clone()),
        cree_le: Set(Utc::now()),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    actor
        .log(&txn, "procedure_enregistrer", "procedure", &id, Some(detail))
        .await?;
    txn.commit().await?;
    hub.publish(live).await;
    Ok(id)
}

/// What the pourvoi allows: its state, its matière, one procedure of a kind at a time, the
/// radiation's and the réinscription's own conditions (arts. 1009-1 and 1009-3 CPC).
async fn check_pourvoi<C: ConnectionTrait>(db: &C, v: &ValidProcedure, p: &pourvoi::Model) -> StoreResult<()> {
    let decided = arret::Entity::find_by_id(p.id.clone()).one(db).await?.is_some();
    check_pourvoi_state(v.kind, decided)?;
    if let Some(only) = v.kind.matiere()
        && only != p.matiere
    {
        return Err(StoreError::invalid(
            "nature",
            format!(
                "{} : procédure de la matière {} seulement ; le pourvoi n° {} est en matière {}.",
                v.kind.label(),
                if only == "civil" { "civile" } else { "pénale" },
                p.numero,
                if p.matiere == "civil" { "civile" } else { "pénale" }
            ),
        ));
    }
    if v.date_saisine < p.date_pourvoi {
        return Err(StoreError::invalid(
            "date_saisine",
            format!(
                "La procédure ne peut pas précéder le pourvoi (formé le {}).",
                fr(p.date_pourvoi)
            ),
        ));
    }
    let same = proc_::Entity::find()
        .filter(proc_::Column::PourvoiId.eq(&p.id))
        .order_by_desc(proc_::Column::CreeLe)
        .all(db)
        .await?;
    if same.iter().any(|x| x.nature == v.kind.code() && x.issue.is_none()) {
        return Err(StoreError::state(format!(
            "une procédure « {} » est déjà en cours sur ce pourvoi",
            v.kind.label()
        )));
    }
    let deadline_of = |rule: &str| {
        echeance::Entity::find()
            .filter(echeance::Column::PourvoiId.eq(&p.id))
            .filter(echeance::Column::RuleId.eq(rule.to_owned()))
            .order_by_desc(echeance::Column::Due)
            .one(db)
    };
    match v.kind {
        ProcedureKind::Radiation => {
            if let Some(e) = deadline_of("cpc-982").await?
                && e.due < v.date_saisine
            {
                return Err(StoreError::invalid(
                    "date_saisine",
                    format!(
                        "La demande de radiation doit être présentée avant l'expiration du délai de l'article 982 CPC (échu le {}) : elle est irrecevable.",
                        fr(e.due)
                    ),
                ));
            }
        }
        ProcedureKind::Reinscription => {
            let radiated = same
                .iter()
                .find(|x| x.nature == ProcedureKind::Radiation.code() && x.issue.is_some());
            if radiated.and_then(|x| x.issue.as_deref()) != Some("radiation") {
                return Err(StoreError::state(
                    "l'affaire n'est pas radiée du rôle : il n'y a rien à réinscrire",
                ));
            }
            if let Some(e) = deadline_of("cpc-1009-2").await? {
                if e.statut != "ouverte" {
                    return Err(StoreError::state("l'affaire est déjà réinscrite au rôle"));
                }
                if e.due < v.date_saisine {
                    return Err(StoreError::state(format!(
                        "la péremption de l'instance est acquise depuis le {} (art. 1009-2 CPC) : réinscription impossible",
                        fr(e.due)
                    )));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Ends procedure `id` (at `version`, when the caller read one) with `fin`; `source` says
/// whether it was typed or imported. What the end does to the pourvoi happens in the same
/// transaction.
pub async fn end<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    id: &str,
    version: Option<i64>,
    fin: &ValidFin,
    source: &'static str,
    actor: &Actor<'_>,
) -> StoreResult<()> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let mut live = Vec::new();
    let arret_to_record = end_in(&txn, id, version, fin, source, actor, &mut live).await?;
    if let Some(a) = arret_to_record {
        super::workflow::record_arret(&txn, hub, &a, None, actor).await?;
    }
    txn.commit().await?;
    hub.publish(live).await;
    Ok(())
}

/// The end inside an open transaction; returns the arrêt that ends the pourvoi, if the
/// outcome does (recorded by the caller through the arrêt's own path).
async fn end_in<C: ConnectionTrait>(
    txn: &C,
    id: &str,
    version: Option<i64>,
    fin: &ValidFin,
    source: &'static str,
    actor: &Actor<'_>,
    live: &mut Vec<crate::domain::pourvoi::LiveEvent>,
) -> StoreResult<Option<ValidArret>> {
    crate::store::write::lock(txn, &format!("procedure:{id}")).await?;
    let row = proc_::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .filter(|r| r.juridiction_id == actor.user.juridiction_id)
        .ok_or(StoreError::NotFound("procédure"))?;
    let kind = kind_of(&row.nature)?;
    if version.is_some_and(|v| v != row.version) {
        return Err(StoreError::Stale(
            "la procédure a été modifiée entre-temps ; rechargez la page pour voir la dernière version".into(),
        ));
    }
    if let Some(issue) = &row.issue {
        return Err(StoreError::state(format!(
            "la procédure est déjà terminée ({})",
            kind.issue_label(issue).to_lowercase()
        )));
    }
    if fin.date_fin < row.date_saisine {
        return Err(StoreError::invalid(
            "date_fin",
            "Date de la décision : antérieure à la saisine.",
        ));
    }
    let mut detail = format!(
        "{} terminée le {} ({} : {})",
        kind.label(),
        fr(fin.date_fin),
        if fin.acte == "arret" { "arrêt" } else { "ordonnance" },
        kind.issue_label(fin.issue).to_lowercase()
    );
    if source == "judilibre" {
        detail.push_str(", importée de Judilibre");
    }
    let mut arret_to_record = None;
    if let Some(pourvoi_id) = &row.pourvoi_id {
        let p = for_change(txn, pourvoi_id, None, actor).await?;
        let effets = effets_fin(kind, fin.issue);
        let calendar = (calendar_of(txn, p.juridiction_id).await?, parties_of(&p));
        let closed = close_deadlines(txn, &p.id, Some(effets.close), effets.why, fin.date_fin).await?;
        if !closed.is_empty() {
            detail.push_str(&format!(" ; échéance close : {}", closed.join(", ")));
        }
        let mut to_open: Vec<String> = effets.open.iter().map(|r| (*r).to_owned()).collect();
        if effets.resume_interrupted {
            let interrupted = if kind == ProcedureKind::Radiation {
                row.interrompues.clone()
            } else {
                proc_::Entity::find()
                    .filter(proc_::Column::PourvoiId.eq(&p.id))
                    .filter(proc_::Column::Nature.eq(ProcedureKind::Radiation.code()))
                    .filter(proc_::Column::Issue.eq("radiation"))
                    .order_by_desc(proc_::Column::CreeLe)
                    .one(txn)
                    .await?
                    .map(|r| r.interrompues)
                    .unwrap_or_default()
            };
            to_open.extend(interrupted.split(',').filter(|s| !s.is_empty()).map(str::to_owned));
        }
        for rule_id in &to_open {
            if let Some(due) = open_deadline(txn, &p.id, rule_id, fin.date_fin, calendar).await? {
                let label = deadline::rule(rule_id).map(|r| r.label).unwrap_or(rule_id);
                detail.push_str(&format!(" ; {label} : échéance le {}", fr(due)));
            }
        }
        let mut after = p.clone();
        if effets.reopens_pourvoi {
            let back = stade(&p.stade).rabattu()?;
            arret::Entity::delete_by_id(p.id.clone()).exec(txn).await?;
            detail.push_str(" ; l'arrêt est rabattu : le dossier revient au stock");
            after = save(txn, &p, |m| m.stade = Set(back.code().into())).await?;
            refresh_stats(txn, &p, &after).await?;
        } else if let Some(solution) = effets.ends_pourvoi {
            arret_to_record = Some(ValidArret {
                numeros: vec![p.numero.clone()],
                solution,
                date_arret: fin.date_fin,
                formation: p.formation.clone(),
                ecli: String::new(),
                sommaire: String::new(),
                source,
            });
        } else {
            after = save(txn, &p, |_| {}).await?;
        }
        event(txn, &after, actor, "procedure", detail.clone(), live).await?;
    }
    let mut a = row.clone().into_active_model();
    a.issue = Set(Some(fin.issue.to_owned()));
    a.date_fin = Set(Some(fin.date_fin));
    a.acte = Set(Some(fin.acte.to_owned()));
    a.source_fin = Set(source.to_owned());
    a.version = Set(row.version + 1);
    match proc_::Entity::update(a)
        .validate()?
        .filter(proc_::Column::Version.eq(row.version))
        .exec(txn)
        .await
    {
        Ok(_) => {}
        Err(sea_orm::DbErr::RecordNotUpdated) => {
            return Err(StoreError::Stale(
                "la procédure a été modifiée entre-temps ; rechargez la page pour voir la dernière version".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    actor
        .log(txn, "procedure_terminer", "procedure", id, Some(detail))
        .await?;
    Ok(arret_to_record)
}

/// Attaches a decision imported from Judilibre to what it decides: the procedure in progress
/// it ends (by its kind, or the only one in progress on the pourvoi), else — an ordonnance
/// that ends the pourvoi by itself (déchéance, irrecevabilité…) — the pourvoi. All of the
/// numbers or none; returns them.
pub async fn import_decision<C: crate::store::Db>(
    db: &C,
    hub: &Hub,
    d: &DecisionImportee,
    actor: &Actor<'_>,
) -> StoreResult<Vec<String>> {
    let (_turn, txn) = crate::store::write::begin(db).await?;
    let juridiction = actor.user.juridiction_id;
    let wanted = kind_ended_by(d.nature, &d.solution);
    let mut live = Vec::new();
    let mut arrets = Vec::new();
    for numero in &d.numeros {
        // A saisine of its own, by its number; or the procedures in progress on the pourvoi.
        let mut candidates = proc_::Entity::find()
            .filter(proc_::Column::JuridictionId.eq(juridiction))
            .filter(proc_::Column::NumeroSaisine.eq(numero))
            .filter(proc_::Column::Issue.is_null())
            .all(&txn)
            .await?;
        let p = pourvoi::Entity::find()
            .filter(pourvoi::Column::JuridictionId.eq(juridiction))
            .filter(pourvoi::Column::Numero.eq(numero))
            .one(&txn)
            .await?;
        if let Some(p) = &p {
            candidates.extend(
                proc_::Entity::find()
                    .filter(proc_::Column::PourvoiId.eq(&p.id))
                    .filter(proc_::Column::Issue.is_null())
                    .all(&txn)
                    .await?,
            );
        }
        let chosen: Vec<_> = candidates
            .into_iter()
            .filter(|c| wanted.is_none_or(|k| c.nature == k.code()))
            .collect();
        // The pourvoi itself, when the decision ends the instance (a déchéance, an
        // irrecevabilité…) and names no procedure a QPC or an avis would be.
        let arret = d
            .as_arret()
            .filter(|_| p.is_some() && !matches!(wanted, Some(ProcedureKind::Qpc | ProcedureKind::Avis)));
        let says_how = |c: &proc_::Model| -> StoreResult<bool> {
            Ok(issue_importee(kind_of(&c.nature)?, &d.solution) != crate::domain::pourvoi::ISSUE_AUTRE.0)
        };
        let refuse = |why: String| {
            Err(StoreError::invalid(
                "fichier",
                format!("{why} Rien n'a été enregistré."),
            ))
        };
        let target = match (chosen.as_slice(), arret) {
            (_, Some(a)) if wanted.is_none() => Ok(a),
            ([one], _) if wanted.is_some() || says_how(one)? => Err(one.clone()),
            ([], Some(a)) => Ok(a),
            ([], None) => {
                return refuse(format!(
                    "Aucune procédure {}en cours sous le n° {numero} à laquelle rattacher cette {}.",
                    wanted.map(|k| format!("« {} » ", k.label())).unwrap_or_default(),
                    d.nature.label()
                ));
            }
            ([_], None) => {
                return refuse(format!(
                    "La décision ne dit pas quelle procédure en cours sous le n° {numero} elle termine (solution « {} ») : terminez-la depuis sa page.",
                    d.solution
                ));
            }
            (_, _) => {
                return refuse(format!(
                    "Plusieurs procédures sont en cours sous le n° {numero} : terminez la bonne depuis sa page."
                ));
            }
        };
        match target {
            Ok(mut a) => {
                a.numeros = vec![numero.clone()];
                arrets.push(a);
            }
            Err(one) => {
                let kind = kind_of(&one.nature)?;
                if d.date < one.date_saisine {
                    return refuse(format!(
                        "La décision du {} est antérieure à la saisine n° {numero} ({}).",
                        fr(d.date),
                        fr(one.date_saisine)
                    ));
                }
                let fin = ValidFin {
                    issue: issue_importee(kind, &d.solution),
                    date_fin: d.date,
                    acte: if d.nature == crate::domain::pourvoi::DecisionType::Ordonnance {
                        "ordonnance"
                    } else {
                        "arret"
                    },
                };
                if let Some(a) = end_in(&txn, &one.id, None, &fin, "judilibre", actor, &mut live).await? {
                    arrets.push(a);
                }
            }
        }
    }
    for a in &arrets {
        super::workflow::record_arret(&txn, hub, a, None, actor).await?;
    }
    txn.commit().await?;
    hub.publish(live).await;
    Ok(d.numeros.clone())
}

/// Ends, « sans objet », the procedures still in progress on pourvoi `pourvoi_id` when it is
/// decided (their deadlines leave the task lists with them).
pub(super) async fn close_with_pourvoi<C: ConnectionTrait>(db: &C, pourvoi_id: &str, on: NaiveDate) -> StoreResult<()> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    proc_::Entity::update_many()
        .col_expr(
            proc_::Column::Issue,
            Expr::value(crate::domain::pourvoi::ISSUE_SANS_OBJET.0),
        )
        .col_expr(proc_::Column::DateFin, Expr::value(on))
        .col_expr(proc_::Column::Acte, Expr::value("arret"))
        .col_expr(proc_::Column::SourceFin, Expr::value("arret"))
        .col_expr(proc_::Column::Version, Expr::col(proc_::Column::Version).add(1))
        .filter(proc_::Column::PourvoiId.eq(pourvoi_id))
        .filter(proc_::Column::Issue.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Procedure `id` as its page shows it, if it belongs to `juridiction`.
pub async fn detail<C: ConnectionTrait>(db: &C, id: &str, juridiction: i64) -> StoreResult<Option<ProcedureView>> {
    let Some(r) = proc_::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|r| r.juridiction_id == juridiction)
    else {
        return Ok(None);
    };
    let kind = kind_of(&r.nature)?;
    let numero = match (&r.numero_saisine, &r.pourvoi_id) {
        (Some(n), _) => n.clone(),
        (None, Some(p)) => pourvoi::Entity::find_by_id(p.clone())
            .one(db)
            .await?
            .map(|p| p.numero)
            .unwrap_or_default(),
        (None, None) => String::new(),
    };
    let sur_pourvoi = r.pourvoi_id.is_some();
    let echeance = match (&r.rule_id, r.due) {
        (Some(rule_id), Some(due)) => {
            let rule = deadline::rule(rule_id);
            Some(EcheanceView {
                rule_id: rule_id.clone(),
                label: rule.map(|x| x.label.to_owned()).unwrap_or_else(|| rule_id.clone()),
                basis: rule.map(|x| x.at(r.date_saisine).basis.cite()).unwrap_or_default(),
                lapse: rule.map(|x| x.lapse.to_owned()).unwrap_or_default(),
                depart: r.date_saisine.to_string(),
                due: due.to_string(),
                steps: serde_json::from_str(&r.steps).unwrap_or_default(),
                ouverte: r.issue.is_none(),
                cloture: r
                    .issue
                    .as_deref()
                    .map(|i| format!("{} le {}", kind.issue_label(i), r.date_fin.map(fr).unwrap_or_default()))
                    .unwrap_or_default(),
            })
        }
        _ => None,
    };
    Ok(Some(ProcedureView {
        id: r.id.clone(),
        nature: kind,
        numero,
        pourvoi_id: r.pourvoi_id.clone(),
        matiere: r.matiere.clone(),
        origine: r.origine.clone(),
        objet: r.objet.clone(),
        date_saisine: r.date_saisine.to_string(),
        depart: kind.depart(sur_pourvoi).to_owned(),
        fondement: kind.fondement(&r.matiere, r.date_saisine),
        pieces: kind.pieces(sur_pourvoi).iter().map(|s| (*s).to_owned()).collect(),
        echeance,
        en_cours: r.issue.is_none(),
        issue_label: r.issue.as_deref().map(|i| kind.issue_label(i)),
        issue: r.issue,
        date_fin: r.date_fin.map(|d| d.to_string()),
        acte: r.acte,
        enregistre_par: format!("{}, le {}", r.cree_par_nom, crate::domain::dates::paris_time(r.cree_le)),
        version: r.version,
    }))
}

fn ligne(r: proc_::Model, numero: String, today: Option<NaiveDate>) -> StoreResult<LigneProcedure> {
    let kind = kind_of(&r.nature)?;
    let en_cours = r.issue.is_none();
    let due = r.due.filter(|_| en_cours);
    Ok(LigneProcedure {
        id: r.id,
        nature: kind,
        numero,
        date_saisine: r.date_saisine.to_string(),
        en_cours,
        due: due.map(|d| d.to_string()),
        quand: due.zip(today).map(|(d, t)| quand(d, t).to_owned()),
        issue_label: r.issue.as_deref().map(|i| kind.issue_label(i)),
    })
}

/// The procedures of pourvoi `p` (numbered `numero`), the latest first.
pub async fn of_pourvoi<C: ConnectionTrait>(db: &C, p: &str, numero: &str) -> StoreResult<Vec<LigneProcedure>> {
    proc_::Entity::find()
        .filter(proc_::Column::PourvoiId.eq(p))
        .order_by_desc(proc_::Column::DateSaisine)
        .order_by_desc(proc_::Column::CreeLe)
        .all(db)
        .await?
        .into_iter()
        .map(|r| ligne(r, numero.to_owned(), None))
        .collect()
}

/// Most lines the procedures page lists.
const MAX_LIGNES: u64 = 500;

/// The juridiction's procedures — in progress (the nearest deadline first) or all, of one
/// kind or every — and, per kind, how many are in progress, overdue and ended this year.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    juridiction: i64,
    nature: Option<ProcedureKind>,
    en_cours: bool,
    today: NaiveDate,
) -> StoreResult<Procedures> {
    use sea_orm::QuerySelect;
    /// (nature, issue, due, date_fin)
    type Row = (String, Option<String>, Option<NaiveDate>, Option<NaiveDate>);
    let counts: Vec<Row> = proc_::Entity::find()
        .filter(proc_::Column::JuridictionId.eq(juridiction))
        .select_only()
        .columns([
            proc_::Column::Nature,
            proc_::Column::Issue,
            proc_::Column::Due,
            proc_::Column::DateFin,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let compteurs = ProcedureKind::ALL
        .iter()
        .map(|k| {
            let of_kind = || counts.iter().filter(|c| c.0 == k.code());
            CompteurProcedure {
                nature: *k,
                en_cours: of_kind().filter(|c| c.1.is_none()).count() as i64,
                en_retard: of_kind()
                    .filter(|c| c.1.is_none() && c.2.is_some_and(|d| d < today))
                    .count() as i64,
                terminees_annee: of_kind()
                    .filter(|c| c.3.is_some_and(|d| d.year() == today.year()))
                    .count() as i64,
            }
        })
        .collect();
    let mut q = proc_::Entity::find().filter(proc_::Column::JuridictionId.eq(juridiction));
    if let Some(k) = nature {
        q = q.filter(proc_::Column::Nature.eq(k.code()));
    }
    if en_cours {
        q = q.filter(proc_::Column::Issue.is_null());
    }
    let rows = q
        // Dated deadlines first on both backends (SQLite sorts NULL first, PostgreSQL last).
        .order_by_asc(sea_orm::ExprTrait::is_null(sea_orm::sea_query::Expr::col(
            proc_::Column::Due,
        )))
        .order_by_asc(proc_::Column::Due)
        .order_by_desc(proc_::Column::DateSaisine)
        .order_by_asc(proc_::Column::Id)
        .limit(MAX_LIGNES)
        .all(db)
        .await?;
    let pourvoi_ids: Vec<String> = rows.iter().filter_map(|r| r.pourvoi_id.clone()).collect();
    let numeros: std::collections::HashMap<String, String> = if pourvoi_ids.is_empty() {
        Default::default()
    } else {
        pourvoi::Entity::find()
            .filter(pourvoi::Column::Id.is_in(pourvoi_ids))
            .select_only()
            .columns([pourvoi::Column::Id, pourvoi::Column::Numero])
            .into_tuple::<(String, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let mut lignes = Vec::with_capacity(rows.len());
    for r in rows {
        let numero = r
            .numero_saisine
            .clone()
            .or_else(|| r.pourvoi_id.as_ref().and_then(|p| numeros.get(p).cloned()))
            .unwrap_or_default();
        lignes.push(ligne(r, numero, Some(today))?);
    }
    // Open deadlines first (nearest first), then those without one.
    lignes.sort_by(|a, b| (a.due.is_none(), &a.due).cmp(&(b.due.is_none(), &b.due)));
    Ok(Procedures { compteurs, lignes })
}

/// Open procedure deadlines due by `until` in `juridiction`, as task-list lines (their `quand`
/// left to the caller), optionally only those on pourvois of `chambre`.
pub async fn due_by<C: ConnectionTrait>(
    db: &C,
    juridiction: i64,
    chambre: Option<&str>,
    until: NaiveDate,
) -> StoreResult<Vec<crate::domain::pourvoi::Tache>> {
    let rows = proc_::Entity::find()
        .filter(proc_::Column::JuridictionId.eq(juridiction))
        .filter(proc_::Column::Issue.is_null())
        .filter(proc_::Column::Due.lte(until))
        .order_by_asc(proc_::Column::Due)
        .all(db)
        .await?;
    let ids: Vec<String> = rows.iter().filter_map(|r| r.pourvoi_id.clone()).collect();
    let pourvois: std::collections::HashMap<String, pourvoi::Model> = if ids.is_empty() {
        Default::default()
    } else {
        pourvoi::Entity::find()
            .filter(pourvoi::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect()
    };
    let mut out = Vec::new();
    for r in rows {
        let (numero, pourvoi_id, chambre_of) = match &r.pourvoi_id {
            Some(p) => match pourvois.get(p) {
                Some(p) => (p.numero.clone(), p.id.clone(), p.chambre.clone().unwrap_or_default()),
                None => continue,
            },
            None => (
                r.numero_saisine.clone().unwrap_or_default(),
                String::new(),
                String::new(),
            ),
        };
        if chambre.is_some_and(|c| c != chambre_of) {
            continue;
        }
        let (Some(rule_id), Some(due)) = (&r.rule_id, r.due) else {
            continue;
        };
        let rule = deadline::rule(rule_id);
        out.push(crate::domain::pourvoi::Tache {
            pourvoi_id,
            procedure_id: Some(r.id.clone()),
            numero,
            chambre: chambre_of,
            label: rule.map(|x| x.label.to_owned()).unwrap_or_else(|| rule_id.clone()),
            basis: rule.map(|x| x.at(r.date_saisine).basis.cite()).unwrap_or_default(),
            lapse: rule.map(|x| x.lapse.to_owned()).unwrap_or_default(),
            due: due.to_string(),
            quand: String::new(),
        });
    }
    Ok(out)
}

/// The demo's special procedures, registered and ended through the same paths as the greffe's
/// (so their effects on the pourvois hold): a QPC raised in an open civil pourvoi, a
/// radiation ordered on another, a demande d'avis and a requête en suspicion légitime with
/// their own numbers. Left alone when the Cour de cassation already has procedures.
pub(crate) async fn seed_demo<C: crate::store::Db>(db: &C, today: NaiveDate) -> StoreResult<()> {
    use crate::domain::juridiction::COUR_DE_CASSATION;
    use crate::store::entities::user;
    let Some(ccass) = crate::store::accounts::juridiction_id_by_code(db, COUR_DE_CASSATION).await? else {
        return Ok(());
    };
    if proc_::Entity::find()
        .filter(proc_::Column::JuridictionId.eq(ccass))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let Some(greffier) = user::Entity::find()
        .filter(user::Column::JuridictionId.eq(ccass))
        .filter(user::Column::Role.eq(crate::domain::role::Role::Greffier.as_str()))
        .order_by_asc(user::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let me = crate::domain::account::CurrentUser {
        id: greffier.id,
        email: greffier.email,
        display_name: greffier.display_name,
        role: crate::domain::role::Role::Greffier,
        juridiction_id: ccass,
        juridiction_code: COUR_DE_CASSATION.into(),
        juridiction_libelle: "Cour de cassation".into(),
    };
    let actor = Actor { user: &me, ip: "seed" };
    let hub = Hub::default();
    // Open civil pourvois formed at least four months ago, the newest last.
    let open: Vec<pourvoi::Model> = pourvoi::Entity::find()
        .filter(pourvoi::Column::JuridictionId.eq(ccass))
        .filter(pourvoi::Column::Matiere.eq("civil"))
        .filter(pourvoi::Column::Stade.ne(crate::domain::pourvoi::Stade::Arret.code()))
        .filter(pourvoi::Column::DatePourvoi.lte(today - chrono::Duration::days(120)))
        .order_by_desc(pourvoi::Column::Numero)
        .all(db)
        .await?;
    let yy = today.format("%y").to_string();
    let days = |n: i64| today - chrono::Duration::days(n);
    let mut todo = vec![
        ValidProcedure {
            kind: ProcedureKind::Avis,
            pourvoi: None,
            numero: Some(format!("{yy}-70.100")),
            matiere: Some("civil"),
            origine: "Tribunal judiciaire de Lyon, jugement du 12 octobre 2026".into(),
            date_saisine: days(20),
            objet: "Le délai de l'article 1009-1 du code de procédure civile est-il interrompu par une demande de radiation formée avant la signification du mémoire ampliatif ?".into(),
        },
        ValidProcedure {
            kind: ProcedureKind::SuspicionLegitime,
            pourvoi: None,
            numero: Some(format!("{yy}-85.100")),
            matiere: Some("penal"),
            origine: "M. Jean-Baptiste NGUYỄN, prévenu devant le tribunal correctionnel de Strasbourg".into(),
            date_saisine: days(4),
            objet: "Requête en renvoi pour cause de suspicion légitime.".into(),
        },
    ];
    if let Some(p) = open.first() {
        todo.push(ValidProcedure {
            kind: ProcedureKind::Qpc,
            pourvoi: Some(p.numero.clone()),
            numero: None,
            matiere: None,
            origine: "SCP Exemple, pour le demandeur".into(),
            date_saisine: days(75).max(p.date_pourvoi),
            objet: "L'article 700 du code de procédure civile porte-t-il atteinte au droit à un recours juridictionnel effectif garanti par l'article 16 de la Déclaration de 1789 ?".into(),
        });
    }
    for v in &todo {
        register(db, &hub, v, &actor).await?;
    }
    // A radiation ordered (when the défendeur's delay still allowed the request).
    for p in open.iter().skip(1).take(5) {
        let v = ValidProcedure {
            kind: ProcedureKind::Radiation,
            pourvoi: Some(p.numero.clone()),
            numero: None,
            matiere: None,
            origine: "Le défendeur".into(),
            date_saisine: days(30).max(p.date_pourvoi),
            objet: "Inexécution de la décision attaquée.".into(),
        };
        match register(db, &hub, &v, &actor).await {
            Ok(id) => {
                let fin = ValidFin {
                    issue: "radiation",
                    date_fin: days(10).max(v.date_saisine),
                    acte: "ordonnance",
                };
                end(db, &hub, &id, None, &fin, "saisie", &actor).await?;
                break;
            }
            Err(StoreError::Rule(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
