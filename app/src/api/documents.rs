//! Documents as downloads: `GET /documents/{kind}?id=…&format=pdf|odt` renders a document of
//! [`crate::domain::document`] from the records, after the same session, role and
//! juridiction checks as the server functions; each issue is written to the audit log.

use crate::domain::document::Verification;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Whether Greffe issued the document coded `code` — which, where, when, by whom — and,
/// given the SHA-256 of a copy (`empreinte`), whether that copy is the file delivered. Open
/// to anyone holding a copy: the code (80 random bits) is the secret.
#[server(prefix = "/api", endpoint = "document_verifier", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn verify_document(code: String, empreinte: Option<String>) -> Result<Verification, AppError> {
    use super::guard;
    use crate::domain::document::{valid_code, valid_sha256};
    let req = guard::request().await.map_err(guard::fail)?;
    if !valid_code(&code) {
        return Err(guard::fail(AppError::validation(
            "code",
            "Code de vérification invalide : il s'écrit GRF-XXXX-XXXX-XXXX-XXXX (pied de page du document).",
        )));
    }
    let empreinte = empreinte.filter(|e| !e.trim().is_empty());
    if let Some(e) = &empreinte
        && !valid_sha256(e)
    {
        return Err(guard::fail(AppError::validation(
            "empreinte",
            "Empreinte invalide : 64 caractères hexadécimaux (SHA-256).",
        )));
    }
    crate::store::issued::verify(&req.state.db, &code, empreinte.as_deref())
        .await
        .map_err(guard::fail)
}

/// Every document of audience `id`, each as the URL of its PDF, in the order of the batch's
/// ZIP: for a browser that fetches them one by one and shows its progress.
#[server(prefix = "/api", endpoint = "documents_audience", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn audience_documents(id: String) -> Result<Vec<crate::domain::document::BatchEntry>, AppError> {
    use super::guard;
    use crate::domain::document::{BatchEntry, kind_label};
    use crate::domain::role::Role;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    let wanted = server::batch_list(&req.state, &user, &id).await.map_err(guard::fail)?;
    Ok(wanted
        .into_iter()
        .map(|(kind, q)| {
            let mut query: Vec<String> = ["id", "prevenu"]
                .iter()
                .filter_map(|k| {
                    q.get(*k)
                        .map(|v| format!("{k}={}", crate::domain::indicator::encode(v)))
                })
                .collect();
            query.push("format=pdf".into());
            BatchEntry {
                url: format!("/documents/{kind}?{}", query.join("&")),
                label: kind_label(kind).to_owned(),
            }
        })
        .collect())
}

#[cfg(feature = "ssr")]
pub mod server {
    use crate::domain::account::CurrentUser;
    use crate::domain::document::{self, Document};
    use crate::domain::role::Role;
    use crate::error::AppError;
    use crate::store::audit::{self, Event};
    use crate::store::{self, AppState};
    use axum::extract::{ConnectInfo, Path, Query, State};
    use axum::response::{IntoResponse, Response};
    use http::{HeaderMap, HeaderValue, StatusCode, header};
    use std::collections::HashMap;
    use std::net::SocketAddr;

    /// The two formats, with their media type.
    fn format(q: &HashMap<String, String>) -> Option<(&'static str, &'static str)> {
        match q.get("format").map(String::as_str).unwrap_or("pdf") {
            "pdf" => Some(("pdf", "application/pdf")),
            "odt" => Some(("odt", "application/vnd.oasis.opendocument.text")),
            _ => None,
        }
    }

    fn refuse(status: StatusCode, message: &str) -> Response {
        (status, message.to_owned()).into_response()
    }

    fn failed(e: AppError) -> Response {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        refuse(status, &e.to_string())
    }

    /// The document, or the response refusing it: 404 for a record outside the user's
    /// juridiction as for a missing one, 422 when the record does not make this document.
    async fn build(
        state: &AppState,
        user: &CurrentUser,
        kind: &str,
        q: &HashMap<String, String>,
        ip: &str,
    ) -> Result<Document, AppError> {
        let id = q.get("id").map(String::as_str).unwrap_or_default();
        let db = &state.db;
        let none = |what: &str| AppError::NotFound(what.into());
        let cassation_only = |user: &CurrentUser| {
            if user.at_cassation() {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        };
        match kind {
            "note-audience" | "role" => {
                if store::cases::audience_juridiction(db, id).await? != Some(user.juridiction_id) {
                    return Err(none("audience"));
                }
                let a = store::hearings::audiences::audience_detail(db, id)
                    .await?
                    .ok_or_else(|| none("audience"))?;
                let juridiction = store::accounts::juridiction_label(db, user.juridiction_id).await?;
                let mut affaires = Vec::with_capacity(a.affaires.len());
                for line in &a.affaires {
                    if let Some(detail) = store::hearings::affaires::affaire_detail(db, &line.id).await? {
                        let note = if kind == "note-audience" {
                            store::hearings::notes::note_history(db, &line.id)
                                .await?
                                .into_iter()
                                .max_by_key(|n| n.version)
                                .map(|n| n.texte)
                                .unwrap_or_default()
                        } else {
                            String::new()
                        };
                        affaires.push((detail, note));
                    }
                }
                Ok(if kind == "role" {
                    let list: Vec<_> = affaires.into_iter().map(|(a, _)| a).collect();
                    document::role(&juridiction, &a, &list)
                } else {
                    let visa = store::visa::view(db, id, user, crate::api::guard::today()).await?;
                    let given = (visa.statut == crate::domain::visa::Statut::Vise)
                        .then_some(visa.dernier)
                        .flatten();
                    document::note_audience(&juridiction, &a, &affaires, given.as_ref())
                })
            }
            "jugement" | "extrait" | "fiche-casier" | "convocation" => {
                if store::hearings::affaire_juridiction(db, id).await? != Some(user.juridiction_id) {
                    return Err(none("affaire"));
                }
                let affaire = store::hearings::affaires::affaire_detail(db, id)
                    .await?
                    .ok_or_else(|| none("affaire"))?;
                let a = store::hearings::audiences::audience_detail(db, &affaire.audience_id)
                    .await?
                    .ok_or_else(|| none("audience"))?;
                let juridiction = store::accounts::juridiction_label(db, user.juridiction_id).await?;
                let prevenu = q.get("prevenu").map(String::as_str).unwrap_or_default();
                let unavailable = |m: &str| AppError::validation("document", m);
                match kind {
                    "jugement" => document::jugement(&juridiction, &a, &affaire)
                        .ok_or_else(|| unavailable("Pas encore de décision dans cette affaire.")),
                    "extrait" => document::extrait(&juridiction, &a, &affaire, prevenu)
                        .ok_or_else(|| unavailable("Pas de condamnation de ce prévenu dans cette affaire.")),
                    "fiche-casier" => document::fiche_casier(&juridiction, &a, &affaire, prevenu).ok_or_else(|| {
                        unavailable("Pas de décision de ce prévenu à inscrire au casier judiciaire dans cette affaire.")
                    }),
                    _ => {
                        let motif = match &affaire.origine {
                            Some((from, _)) => store::hearings::affaires::affaire_detail(db, from)
                                .await?
                                .and_then(|o| o.renvoi.map(|r| r.renvoi.motif)),
                            None => None,
                        };
                        document::convocation(&juridiction, &a, &affaire, prevenu, motif.as_deref()).ok_or_else(|| {
                            unavailable("Cette affaire ne vient pas d'un renvoi, ou ce prévenu n'y figure pas.")
                        })
                    }
                }
            }
            "role-seance" => {
                cassation_only(user)?;
                let s = store::pourvois::audiencement::seance_view(db, id, user.juridiction_id)
                    .await?
                    .ok_or_else(|| none("séance"))?;
                Ok(document::role_seance(&s))
            }
            "avis-fixation" => {
                cassation_only(user)?;
                if store::pourvois::pourvoi_juridiction(db, id).await? != Some(user.juridiction_id) {
                    return Err(none("pourvoi"));
                }
                let p = store::pourvois::registration::pourvoi_detail(db, id, user.id)
                    .await?
                    .ok_or_else(|| none("pourvoi"))?;
                let (date, formation) = store::pourvois::audiencement::seance_of(db, id)
                    .await?
                    .ok_or_else(|| AppError::validation("document", "Ce dossier n'est fixé à aucune séance."))?;
                Ok(document::avis_fixation(&p, (&date, &formation), &user.display_name))
            }
            "certificat-non-pourvoi" => {
                if user.role != Role::Greffier {
                    return Err(AppError::Forbidden);
                }
                cassation_only(user)?;
                let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
                let (juridiction, date, numero) = crate::domain::pourvoi::certificate_request(
                    get("juridiction"),
                    get("date"),
                    get("numero"),
                    crate::api::guard::today(),
                )
                .map_err(|(f, m)| AppError::validation(f, m))?;
                let actor = store::Actor { user, ip };
                let c = store::pourvois::audiencement::certificate(
                    db,
                    &juridiction,
                    date,
                    &numero,
                    &actor,
                    crate::api::guard::today(),
                )
                .await?;
                document::certificat_non_pourvoi(&c).ok_or_else(|| {
                    AppError::validation(
                        "document",
                        format!(
                            "Pourvoi(s) enregistré(s) contre cette décision : {}.",
                            c.pourvois.join(", ")
                        ),
                    )
                })
            }
            "notification" => {
                use crate::domain::dispatch::{Nature, may_dispatch};
                if !may_dispatch(user.role, user.at_cassation()) {
                    return Err(AppError::Forbidden);
                }
                let (e, prevenu) = store::dispatch::one(db, user.juridiction_id, id)
                    .await?
                    .ok_or_else(|| none("envoi"))?;
                let with = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
                    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
                };
                let base = match e.nature {
                    Nature::Convocation => {
                        let q = with(&[("id", &e.objet), ("prevenu", prevenu.as_deref().unwrap_or_default())]);
                        Box::pin(build(state, user, "convocation", &q, ip)).await?
                    }
                    Nature::AvisFixation => {
                        Box::pin(build(state, user, "avis-fixation", &with(&[("id", &e.objet)]), ip)).await?
                    }
                    Nature::NotificationMemoire | Nature::NotificationArret => {
                        cassation_only(user)?;
                        let p = store::pourvois::registration::pourvoi_detail(db, &e.objet, user.id)
                            .await?
                            .ok_or_else(|| none("pourvoi"))?;
                        let gone =
                            || AppError::validation("document", "Le dossier ne contient plus ce qui est notifié.");
                        if e.nature == Nature::NotificationArret {
                            document::notification_arret(&p, &user.display_name).ok_or_else(gone)?
                        } else {
                            let m = crate::domain::dispatch::memoire(&p).ok_or_else(gone)?;
                            document::notification_memoire(&p, m, &user.display_name)
                        }
                    }
                };
                Ok(document::letter(&e, base))
            }
            "bordereau" => {
                if !crate::domain::dispatch::may_dispatch(user.role, user.at_cassation()) {
                    return Err(AppError::Forbidden);
                }
                let b = store::dispatch::bordereau(db, user.juridiction_id, id)
                    .await?
                    .ok_or_else(|| none("bordereau"))?;
                let juridiction = store::accounts::juridiction_label(db, user.juridiction_id).await?;
                Ok(document::bordereau(&b, &juridiction))
            }
            _ => Err(none("document")),
        }
    }

    /// The record a document was made from: `kind/id[/prevenu]`.
    fn objet(kind: &str, q: &HashMap<String, String>) -> String {
        let mut s = format!("{kind}/{}", q.get("id").map(String::as_str).unwrap_or_default());
        if let Some(p) = q.get("prevenu") {
            s.push('/');
            s.push_str(p);
        }
        s
    }

    /// Every document of audience `id`: its rôle and notes, each jugement, each condamné's
    /// extrait, each convocation after a renvoi; (kind, document) in that order.
    async fn batch(
        state: &AppState,
        user: &CurrentUser,
        id: &str,
        ip: &str,
    ) -> Result<Vec<(String, String, Document)>, AppError> {
        let wanted = batch_list(state, user, id).await?;
        let mut out = Vec::with_capacity(wanted.len());
        for (kind, q) in wanted {
            let doc = build(state, user, kind, &q, ip).await?;
            out.push((kind.to_owned(), objet(kind, &q), doc));
        }
        Ok(out)
    }

    /// The documents of audience `id`, in the batch's order: (kind, query).
    pub async fn batch_list(
        state: &AppState,
        user: &CurrentUser,
        id: &str,
    ) -> Result<Vec<(&'static str, HashMap<String, String>)>, AppError> {
        let db = &state.db;
        if store::cases::audience_juridiction(db, id).await? != Some(user.juridiction_id) {
            return Err(AppError::NotFound("audience".into()));
        }
        let a = store::hearings::audiences::audience_detail(db, id)
            .await?
            .ok_or_else(|| AppError::NotFound("audience".into()))?;
        let with = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
        };
        let mut wanted: Vec<(&'static str, HashMap<String, String>)> =
            vec![("role", with(&[("id", id)])), ("note-audience", with(&[("id", id)]))];
        for line in &a.affaires {
            let Some(affaire) = store::hearings::affaires::affaire_detail(db, &line.id).await? else {
                continue;
            };
            if affaire.prevenus.iter().any(|p| p.decision.is_some()) {
                wanted.push(("jugement", with(&[("id", &affaire.id)])));
            }
            for p in &affaire.prevenus {
                use crate::domain::decision::Sanction;
                let sanction = p.decision.as_ref().and_then(|d| d.sanction);
                if sanction == Some(Sanction::Condamnation) {
                    wanted.push(("extrait", with(&[("id", &affaire.id), ("prevenu", &p.id)])));
                }
                if p.decision.as_ref().is_some_and(document::recorded_at_the_casier) {
                    wanted.push(("fiche-casier", with(&[("id", &affaire.id), ("prevenu", &p.id)])));
                }
                if affaire.origine.is_some() {
                    wanted.push(("convocation", with(&[("id", &affaire.id), ("prevenu", &p.id)])));
                }
            }
        }
        Ok(wanted)
    }

    /// Cores free for typesetting, server-wide.
    static PRINTING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    });

    /// Limits of a process typesetting with a juridiction's template: address space (KiB)
    /// and CPU seconds; it is killed after as long again on the clock.
    const COMPOSER_MEMORY_KIB: u64 = 3 * 1024 * 1024;
    const COMPOSER_SECONDS: u64 = 10;

    /// `job` typeset by `greffe composer` (`exe`) in a process of its own, with bounded memory
    /// and time: whatever a template does, the server goes on. The PDF, or why not (French).
    async fn compose_isolated(exe: &std::path::Path, job: &print::Job) -> Result<Vec<u8>, String> {
        use std::process::Stdio;
        use tokio::io::AsyncWriteExt;
        let input = serde_json::to_vec(job).map_err(|e| e.to_string())?;
        let script = format!(
            "ulimit -v {COMPOSER_MEMORY_KIB} 2>/dev/null; ulimit -t {COMPOSER_SECONDS} 2>/dev/null; exec \"$0\" composer"
        );
        let mut child = tokio::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(exe)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                tracing::error!(error = %e, "the composer process could not start");
                "la composition n'a pas pu démarrer".to_owned()
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            // A child that died early (its limits) closes the pipe: its status says why.
            let _ = stdin.write_all(&input).await;
        }
        let wait = std::time::Duration::from_secs(2 * COMPOSER_SECONDS);
        let out = tokio::time::timeout(wait, child.wait_with_output())
            .await
            .map_err(|_| format!("sa composition dépasse {COMPOSER_SECONDS} secondes"))?
            .map_err(|e| e.to_string())?;
        match out.status.code() {
            Some(0) => Ok(out.stdout),
            Some(3) => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
            _ => Err(format!(
                "sa composition dépasse la mémoire ou le temps permis ({} Gio, {COMPOSER_SECONDS} secondes)",
                COMPOSER_MEMORY_KIB / 1024 / 1024
            )),
        }
    }

    /// The documents as files of format `ext` (each with its code), typeset off the request
    /// threads, on every core.
    ///
    /// A PDF whose kind has a template of the juridiction in force (`templates`, kind →
    /// source) is laid out by it, in a `composer` process of its own; one that fails there on
    /// this document's data is logged and the document is laid out by Greffe's template, so
    /// that the greffe is never left without it. Greffe's template runs in this process.
    async fn render(
        docs: &[(String, String, String, Document)],
        ext: &'static str,
        now: chrono::DateTime<chrono::Utc>,
        juridiction: &str,
        templates: HashMap<String, String>,
        composer: Option<std::sync::Arc<std::path::PathBuf>>,
    ) -> Result<Vec<Vec<u8>>, String> {
        if ext != "pdf" {
            let created = now.format("%Y-%m-%dT%H:%M:%S").to_string();
            return Ok(docs
                .iter()
                .map(|(_, _, _, d)| crate::documents::odt::render(d, &created))
                .collect());
        }
        let paris = now.with_timezone(&chrono_tz::Europe::Paris);
        let issued_label = format!(
            "{} à {}",
            document::long_date(&paris.date_naive().to_string()),
            paris.format("%H h %M")
        );
        let mut out: Vec<Option<Vec<u8>>> = vec![None; docs.len()];
        let adapted: Vec<usize> = (0..docs.len())
            .filter(|&i| document::template::resolve(&templates, &docs[i].1).is_some())
            .collect();
        match composer.as_deref() {
            Some(exe) if !adapted.is_empty() => {
                let jobs = adapted.iter().map(|&i| {
                    let (code, kind, _, d) = &docs[i];
                    let job = print::Job {
                        doc: d.clone(),
                        code: code.clone(),
                        juridiction: juridiction.to_owned(),
                        issued: now,
                        issued_label: issued_label.clone(),
                        template: document::template::resolve(&templates, kind).map(str::to_owned),
                    };
                    async move {
                        let _permit = PRINTING.acquire().await.map_err(|e| e.to_string())?;
                        compose_isolated(exe, &job).await
                    }
                });
                let results = futures::future::join_all(jobs).await;
                for (&i, r) in adapted.iter().zip(results) {
                    match r {
                        Ok(pdf) => out[i] = Some(pdf),
                        Err(e) => tracing::warn!(
                            kind = docs[i].1,
                            error = %e,
                            "the juridiction's template failed on this document: Greffe's used"
                        ),
                    }
                }
            }
            None if !adapted.is_empty() => {
                tracing::warn!("no composer process: the juridiction's templates are not run, Greffe's are used");
            }
            _ => {}
        }
        let rest: Vec<(usize, String, Document)> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| out[*i].is_none())
            .map(|(i, (c, _, _, d))| (i, c.clone(), d.clone()))
            .collect();
        if !rest.is_empty() {
            let juridiction = juridiction.to_owned();
            // Typesetting takes a core per document: at most as many at once, server-wide, as
            // there are cores, whoever asks.
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let threads = cores.min(rest.len());
            let _permits = PRINTING.acquire_many(threads as u32).await.map_err(|e| e.to_string())?;
            let printed = tokio::task::spawn_blocking(move || {
                let print_one = |(i, code, d): &(usize, String, Document)| {
                    let meta = print::Meta {
                        code,
                        juridiction: &juridiction,
                        issued: now,
                        issued_label: &issued_label,
                    };
                    print::pdf(d, &meta, None)
                        .map(|pdf| (*i, pdf))
                        .map_err(|e| e.to_string())
                };
                let chunk = rest.len().div_ceil(threads).max(1);
                std::thread::scope(|s| {
                    let handles: Vec<_> = rest
                        .chunks(chunk)
                        .map(|part| s.spawn(move || part.iter().map(print_one).collect::<Result<Vec<_>, _>>()))
                        .collect();
                    let mut printed = Vec::with_capacity(rest.len());
                    for h in handles {
                        printed.extend(h.join().map_err(|_| "typesetting thread panicked".to_owned())??);
                    }
                    Ok::<_, String>(printed)
                })
            })
            .await
            .map_err(|e| e.to_string())??;
            for (i, pdf) in printed {
                out[i] = Some(pdf);
            }
        }
        out.into_iter()
            .map(|o| o.ok_or_else(|| "a document was not typeset".to_owned()))
            .collect()
    }

    /// A document of `kind` made from the latest real record of the user's juridiction that
    /// makes one, its people's names masked (the admin who tries a template reads no case);
    /// an example when no record makes one. With what it is.
    pub async fn sample_document(
        state: &AppState,
        user: &CurrentUser,
        kind: &str,
    ) -> Result<(Document, String), AppError> {
        let kind = match kind {
            document::template::COMMON if user.at_cassation() => "avis-fixation",
            document::template::COMMON => "jugement",
            k => k,
        };
        let label = document::kind_label(kind);
        let db = &state.db;
        if let Some(q) = store::templates::sample(db, user.juridiction_id, kind).await? {
            // Read only: the kinds sampled never write (the certificat, which does, is not).
            let mut d = build(state, user, kind, &q, "apercu").await?;
            let id = q.get("id").map(String::as_str).unwrap_or_default();
            let mut names = vec![user.display_name.clone()];
            let mut affaires = Vec::new();
            match kind {
                "role" | "note-audience" => {
                    if let Some(a) = store::hearings::audiences::audience_detail(db, id).await? {
                        names.extend([a.president.clone(), a.ministere_public.clone(), a.greffier.clone()]);
                        names.extend(a.assesseurs.clone());
                        for line in &a.affaires {
                            affaires.extend(store::hearings::affaires::affaire_detail(db, &line.id).await?);
                        }
                    }
                }
                "avis-fixation" => {
                    if let Some(p) = store::pourvois::registration::pourvoi_detail(db, id, user.id).await? {
                        names.extend([p.demandeur, p.defendeur, p.avocats]);
                        names.extend(p.rapporteur);
                        names.extend(p.avocat_general);
                    }
                }
                "role-seance" => {
                    if let Some(s) = store::pourvois::audiencement::seance_view(db, id, user.juridiction_id).await? {
                        for (l, rapporteur, avocat) in s.role {
                            names.extend([l.demandeur, l.defendeur, l.avocats, rapporteur, avocat]);
                        }
                    }
                }
                _ => {
                    affaires.extend(store::hearings::affaires::affaire_detail(db, id).await?);
                    if let Some(a) = affaires.first()
                        && let Some(au) = store::hearings::audiences::audience_detail(db, &a.audience_id).await?
                    {
                        names.extend([au.president, au.ministere_public, au.greffier]);
                        names.extend(au.assesseurs);
                    }
                }
            }
            for a in &affaires {
                for p in &a.prevenus {
                    names.extend([p.nom.clone(), p.prenom.clone(), p.avocat.clone(), p.interprete.clone()]);
                }
                for pc in &a.parties_civiles {
                    names.extend([pc.nom.clone(), pc.avocat.clone()]);
                }
            }
            document::template::mask(&mut d, &names, kind == "note-audience");
            let what = format!("{label} : un document réel de la juridiction, noms masqués");
            return Ok((d, what));
        }
        Ok((
            document::template::example(&user.juridiction_libelle, label),
            format!("{label} : exemple fictif (aucun dossier de la juridiction ne produit encore ce document)"),
        ))
    }

    /// `doc` laid out by `template` in a composer process — no fallback: a template that
    /// fails says why, in French.
    pub async fn try_template(
        composer: Option<&std::path::Path>,
        doc: Document,
        template: String,
        juridiction: String,
    ) -> Result<Vec<u8>, AppError> {
        let Some(exe) = composer else {
            return Err(AppError::validation(
                "source",
                "Ce serveur ne compose pas les modèles des juridictions (processus de composition absent).",
            ));
        };
        let now = chrono::Utc::now();
        let job = print::Job {
            doc,
            code: "APERÇU — SANS VALEUR".into(),
            juridiction,
            issued: now,
            issued_label: document::long_date(&now.date_naive().to_string()),
            template: Some(template),
        };
        let _permit = PRINTING.acquire().await.map_err(|_| AppError::Internal)?;
        compose_isolated(exe, &job).await.map_err(|m| {
            let mut chars = m.chars();
            let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            AppError::validation("source", format!("{first}{}.", chars.as_str().trim_end_matches('.')))
        })
    }

    /// `GET /documents/{kind}?id=…&format=pdf|odt`
    pub async fn download(
        State(state): State<AppState>,
        ConnectInfo(addr): ConnectInfo<SocketAddr>,
        Path(kind): Path<String>,
        headers: HeaderMap,
        Query(q): Query<HashMap<String, String>>,
    ) -> Response {
        let user = match crate::api::guard::header_user(&state, &headers).await {
            Ok(Some(u)) if u.has_role(Role::READ_CASES) => u,
            Ok(Some(_)) => return refuse(StatusCode::FORBIDDEN, "Accès refusé."),
            Ok(None) => return refuse(StatusCode::UNAUTHORIZED, "Session expirée : reconnectez-vous."),
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
        let Some((ext, mime)) = format(&q) else {
            return refuse(StatusCode::BAD_REQUEST, "Format inconnu (pdf ou odt).");
        };
        let ip = crate::api::guard::client_ip(addr.ip(), &headers, &state.trusted_proxies).to_string();
        let id = q.get("id").cloned().unwrap_or_default();
        let docs: Vec<(String, String, Document)> = if kind == document::BATCH {
            match batch(&state, &user, &id, &ip).await {
                Ok(d) => d,
                Err(e) => return failed(e),
            }
        } else {
            match build(&state, &user, &kind, &q, &ip).await {
                Ok(d) => vec![(kind.clone(), objet(&kind, &q), d)],
                Err(e) => return failed(e),
            }
        };
        let now = chrono::Utc::now();
        // A PDF carries its verification code; an ODT, to be completed in a word processor,
        // carries none and is not recorded as issued.
        let coded: Vec<(String, String, String, Document)> = docs
            .into_iter()
            .map(|(k, o, d)| {
                (
                    if ext == "pdf" {
                        store::issued::new_code()
                    } else {
                        String::new()
                    },
                    k,
                    o,
                    d,
                )
            })
            .collect();
        let templates = if ext == "pdf" {
            match store::templates::in_force(&state.db, user.juridiction_id).await {
                Ok(t) => t,
                Err(e) => return failed(e.into()),
            }
        } else {
            HashMap::new()
        };
        let rendered = match render(
            &coded,
            ext,
            now,
            &user.juridiction_libelle,
            templates,
            state.composer.clone(),
        )
        .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, kind, "document template failed");
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Le document n'a pas pu être composé.",
                );
            }
        };
        for ((code, k, objet, d), bytes) in coded.iter().zip(&rendered) {
            if code.is_empty() {
                continue;
            }
            if store::issued::record(
                &state.db,
                &store::issued::Issued {
                    code,
                    juridiction_id: user.juridiction_id,
                    kind: k,
                    objet,
                    nom: &d.name,
                    format: ext,
                    bytes,
                    by: &user,
                    at: now,
                },
            )
            .await
            .is_err()
            {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
        let (body, name, mime, code) = if kind == document::BATCH {
            let names: Vec<String> = coded
                .iter()
                .enumerate()
                .map(|(n, (_, _, _, d))| format!("{:02}-{}.{ext}", n + 1, d.name))
                .collect();
            let entries: Vec<(&str, &[u8])> = names
                .iter()
                .map(String::as_str)
                .zip(rendered.iter().map(Vec::as_slice))
                .collect();
            // The rôle comes first: its name carries the audience's date.
            let name = coded.first().map_or_else(
                || "documents-audience".to_owned(),
                |c| c.3.name.replacen("role-", "documents-audience-", 1),
            );
            (crate::zip::zip(&entries), name, "application/zip", String::new())
        } else {
            let (code, _, _, d) = &coded[0];
            (rendered[0].clone(), d.name.clone(), mime, code.clone())
        };
        let (file_ext, detail) = if kind == document::BATCH {
            ("zip", format!("{name}.zip ({} documents en {ext})", coded.len()))
        } else {
            (ext, format!("{name}.{ext}"))
        };
        let logged = audit::record(
            &state.db,
            Event {
                user_id: Some(user.id),
                actor: Some(&user.email),
                juridiction_id: Some(user.juridiction_id),
                action: "document_delivrer",
                entity: "document",
                entity_id: Some(format!("{kind}/{id}")),
                ip: &ip,
                success: true,
                detail: Some(detail),
            },
        )
        .await;
        if logged.is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        let mut res = body.into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{file_ext}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // The verification code, for clients that file the document away.
        if let Ok(v) = HeaderValue::from_str(&code)
            && !code.is_empty()
        {
            h.insert("x-greffe-code", v);
        }
        res
    }
}
