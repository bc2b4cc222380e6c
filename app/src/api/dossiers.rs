//! Server functions of Cour de cassation dossiers. Changes are for the greffe of the Cour de
//! cassation (and the magistrats for their own pièces); reading for its magistrats and
//! direction. Pièces travel by plain HTTP (multipart upload, download) and events by
//! server-sent events: see [`server`].

use crate::domain::pourvoi::{ArretForm, Candidats, Recherche, Resultats, Stock, Taches};
use crate::domain::pourvoi::{PourvoiDetail, PourvoiForm};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::domain::role::Role;

/// The greffier of the Cour de cassation making a change, with the request.
#[cfg(feature = "ssr")]
pub(crate) async fn greffe() -> Result<(super::guard::Request, crate::domain::account::CurrentUser), AppError> {
    use super::guard;
    let (req, user) = guard::require(&[Role::Greffier]).await?;
    if !user.at_cassation() {
        return Err(guard::fail(AppError::Forbidden));
    }
    Ok((req, user))
}

/// Registers a pourvoi; returns its id.
#[server(prefix = "/api", endpoint = "pourvoi_enregistrer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn register_pourvoi(form: PourvoiForm) -> Result<String, AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let valid = form
        .validate(crate::api::guard::today())
        .map_err(|(f, m)| guard::fail(AppError::validation(&f, m)))?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::registration::register_pourvoi(&req.state.db, &req.state.live, &valid, &actor)
        .await
        .map_err(guard::fail)
}

/// A dossier with its deadlines, timeline, assignments, pièces and arrêt; only for users of
/// its juridiction.
#[server(prefix = "/api", endpoint = "pourvoi", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn open_pourvoi(id: String) -> Result<PourvoiDetail, AppError> {
    use super::guard;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    let not_found = || guard::fail(AppError::NotFound("pourvoi".into()));
    match crate::store::pourvois::pourvoi_juridiction(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
    {
        Some(j) if j == user.juridiction_id => {}
        _ => return Err(not_found()),
    }
    crate::store::pourvois::registration::pourvoi_detail(&req.state.db, &id, user.id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(not_found)
}

/// Orients the pourvoi to a chambre and formation.
#[server(prefix = "/api", endpoint = "pourvoi_orienter", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn orient_pourvoi(id: String, version: i64, chambre: String, formation: String) -> Result<(), AppError> {
    let (req, user) = greffe().await?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::workflow::orient(
        &req.state.db,
        &req.state.live,
        &id,
        version,
        &chambre,
        &formation,
        &actor,
    )
    .await
    .map_err(super::guard::fail)
}

/// Who the oriented pourvoi may be distributed to, the suggestion first.
#[server(prefix = "/api", endpoint = "pourvoi_candidats", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn distribution_candidates(id: String) -> Result<Candidats, AppError> {
    let (req, user) = greffe().await?;
    crate::store::pourvois::workflow::candidates(&req.state.db, &id, user.juridiction_id)
        .await
        .map_err(super::guard::fail)
}

/// Distributes the pourvoi to a conseiller rapporteur and an avocat général.
#[server(prefix = "/api", endpoint = "pourvoi_distribuer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn distribute_pourvoi(
    id: String,
    version: i64,
    rapporteur: i64,
    avocat_general: i64,
    motif: String,
) -> Result<(), AppError> {
    let (req, user) = greffe().await?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::workflow::distribute(
        &req.state.db,
        &req.state.live,
        &id,
        version,
        rapporteur,
        avocat_general,
        &motif,
        &actor,
    )
    .await
    .map_err(super::guard::fail)
}

/// Records the receipt of a penal dossier sent by the lower court.
#[server(prefix = "/api", endpoint = "pourvoi_reception", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn receive_dossier(id: String, version: i64, date: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let date = crate::domain::dates::parse_iso(&date)
        .filter(|d| *d <= crate::api::guard::today())
        .ok_or_else(|| {
            guard::fail(AppError::validation(
                "date_reception",
                "Date de réception : date invalide ou future.",
            ))
        })?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::workflow::receive(&req.state.db, &req.state.live, &id, version, date, &actor)
        .await
        .map_err(guard::fail)
}

/// Corrects the date of a pièce of the pourvoi; the deadlines it started or closed follow.
#[server(prefix = "/api", endpoint = "piece_corriger_date", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn correct_piece_date(id: String, version: i64, piece: String, date: String) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let date = crate::domain::dates::parse_iso(&date)
        .ok_or_else(|| guard::fail(AppError::validation("date_piece", "Date de la pièce : date invalide.")))?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::pieces::correct_piece_date(
        &req.state.db,
        &req.state.live,
        &id,
        version,
        &piece,
        date,
        &actor,
        guard::today(),
    )
    .await
    .map_err(guard::fail)
}

/// Records the arrêt of the pourvoi.
#[server(prefix = "/api", endpoint = "pourvoi_arret", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn record_arret(id: String, version: i64, form: ArretForm) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    let p = crate::store::pourvois::registration::pourvoi_detail(&req.state.db, &id, user.id)
        .await
        .map_err(guard::fail)?
        .ok_or_else(|| guard::fail(AppError::NotFound("pourvoi".into())))?;
    let depuis =
        chrono::NaiveDate::parse_from_str(&p.date_pourvoi, "%Y-%m-%d").map_err(|_| guard::fail(AppError::Internal))?;
    let valid = form
        .validate(&p.numero, depuis, crate::api::guard::today())
        .map_err(|(f, m)| guard::fail(AppError::validation(&f, m)))?;
    crate::store::pourvois::workflow::record_arret(&req.state.db, &req.state.live, &valid, Some(version), &actor)
        .await
        .map(|_| ())
        .map_err(guard::fail)
}

/// Imports a decision published in the Judilibre JSON format: an arrêt attaches to its
/// pourvois (by number); an ordonnance, a QPC decision, an avis or « autre » ends the special
/// procedure in progress it names (or, an ordonnance of déchéance…, the pourvoi). Returns the
/// numbers. Malformed files and unknown numbers change nothing.
#[server(prefix = "/api", endpoint = "arret_importer", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn import_judilibre(contenu: String) -> Result<Vec<String>, AppError> {
    use super::guard;
    let (req, user) = greffe().await?;
    let read = crate::domain::pourvoi::read_judilibre(&contenu)
        .map_err(|m| guard::fail(AppError::validation("fichier", m)))?;
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    match read {
        crate::domain::pourvoi::Judilibre::Arret(valid) => {
            crate::store::pourvois::workflow::record_arret(&req.state.db, &req.state.live, &valid, None, &actor)
                .await
                .map_err(guard::fail)?;
            Ok(valid.numeros)
        }
        crate::domain::pourvoi::Judilibre::Decision(d) => {
            crate::store::pourvois::procedures::import_decision(&req.state.db, &req.state.live, &d, &actor)
                .await
                .map_err(guard::fail)
        }
    }
}

/// Starts (`suivre`) or stops following a dossier of one's juridiction.
#[server(prefix = "/api", endpoint = "pourvoi_suivre", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn follow_pourvoi(id: String, suivre: bool) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    match crate::store::pourvois::pourvoi_juridiction(&req.state.db, &id)
        .await
        .map_err(guard::fail)?
    {
        Some(j) if j == user.juridiction_id => {}
        _ => return Err(guard::fail(AppError::NotFound("pourvoi".into()))),
    }
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::notifications::follow(&req.state.db, &id, suivre, &actor)
        .await
        .map_err(guard::fail)
}

/// The latest events others made on the dossiers the user is assigned to or follows.
#[server(prefix = "/api", endpoint = "mes_notifications", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn my_notifications() -> Result<crate::domain::pourvoi::Notifications, AppError> {
    let (req, user) = cassation_reader().await?;
    crate::store::pourvois::notifications::notifications(&req.state.db, &user)
        .await
        .map_err(super::guard::fail)
}

/// How many notifications the user has not read yet (shown beside the menu entry).
#[server(prefix = "/api", endpoint = "notifications_non_lues", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let (req, user) = cassation_reader().await?;
    crate::store::pourvois::notifications::unread_notifications(&req.state.db, &user)
        .await
        .map_err(super::guard::fail)
}

/// Marks the user's notifications read up to `jusqua` (RFC 3339: the newest one he was
/// shown), so that one arrived since stays unread; now when absent.
#[server(prefix = "/api", endpoint = "notifications_lues", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn notifications_read(jusqua: Option<String>) -> Result<(), AppError> {
    use super::guard;
    let (req, user) = cassation_reader().await?;
    let now = chrono::Utc::now();
    let at = match jusqua.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => now,
        Some(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&chrono::Utc).min(now))
            .map_err(|_| guard::fail(AppError::validation("jusqua", "Date de lecture invalide.")))?,
    };
    let actor = crate::store::Actor {
        user: &user,
        ip: &req.ip,
    };
    crate::store::pourvois::notifications::mark_notifications_read(&req.state.db, at, &actor)
        .await
        .map_err(guard::fail)
}

/// A reader of the Cour de cassation's dossiers.
#[cfg(feature = "ssr")]
pub(crate) async fn cassation_reader() -> Result<(super::guard::Request, crate::domain::account::CurrentUser), AppError>
{
    use super::guard;
    let (req, user) = guard::require(Role::READ_CASES).await?;
    if !user.at_cassation() {
        return Err(guard::fail(AppError::Forbidden));
    }
    Ok((req, user))
}

/// The live stock of open dossiers: chambre × stade × age band.
#[server(prefix = "/api", endpoint = "pourvois_stock", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn pourvoi_stock() -> Result<Stock, AppError> {
    let (req, user) = cassation_reader().await?;
    crate::store::pourvois::search::stock(&req.state.db, user.juridiction_id, crate::api::guard::today())
        .await
        .map_err(super::guard::fail)
}

/// Pourvois by number, party or avocat, chambre, stade and age band (200 at most).
#[server(prefix = "/api", endpoint = "pourvois_recherche", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn search_pourvois(criteres: Recherche) -> Result<Resultats, AppError> {
    let (req, user) = cassation_reader().await?;
    crate::store::pourvois::search::search(
        &req.state.db,
        user.juridiction_id,
        &criteres,
        crate::api::guard::today(),
    )
    .await
    .map_err(super::guard::fail)
}

/// The reader's task list, or one chambre's (`chambre`).
#[server(prefix = "/api", endpoint = "taches", input = Json, input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn task_list(chambre: Option<String>) -> Result<Taches, AppError> {
    let (req, user) = cassation_reader().await?;
    let chambre = chambre.filter(|c| !c.is_empty());
    crate::store::pourvois::search::tasks(&req.state.db, &user, chambre.as_deref(), crate::api::guard::today())
        .await
        .map_err(super::guard::fail)
}

/// Plain axum handlers: pièce upload (a multipart form that works without JavaScript) and
/// download, and the server-sent-event stream of dossier events.
#[cfg(feature = "ssr")]
pub mod server {
    use crate::api::guard;
    use crate::domain::account::CurrentUser;
    use crate::domain::pourvoi::{LiveEvent, MAX_PIECE_BYTES, NATURES, may_file, sniff};
    use crate::domain::role::Role;
    use crate::error::AppError;
    use crate::store::StoreError;
    use crate::store::{self, AppState, pourvois};
    use axum::extract::{Multipart, Path, Query, State};
    use axum::response::sse::{Event, KeepAlive, Sse};
    use axum::response::{IntoResponse, Redirect, Response};
    use futures::StreamExt;
    use http::{HeaderMap, HeaderValue, StatusCode, header};
    use std::collections::HashMap;
    use std::time::Duration;

    /// The signed-in user holding one of `roles`, or the response refusing the request.
    async fn signed_in(state: &AppState, headers: &HeaderMap, roles: &[Role]) -> Result<CurrentUser, Response> {
        match guard::header_user(state, headers).await {
            Ok(Some(u)) if u.has_role(roles) => Ok(u),
            Ok(Some(_)) => Err((StatusCode::FORBIDDEN, "Accès refusé.").into_response()),
            Ok(None) => Err((StatusCode::UNAUTHORIZED, "Session expirée : reconnectez-vous.").into_response()),
            Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        }
    }

    /// Whether the pourvoi exists in `user`'s juridiction.
    async fn in_scope(state: &AppState, user: &CurrentUser, id: &str) -> Result<(), Response> {
        match pourvois::pourvoi_juridiction(&state.db, id).await {
            Ok(Some(j)) if j == user.juridiction_id => Ok(()),
            Ok(_) => Err((StatusCode::NOT_FOUND, "Introuvable : pourvoi").into_response()),
            Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        }
    }

    /// Why an upload was refused, as a short code for the page's address (the page shows the
    /// matching French sentence) and an HTTP status with the sentence for other clients.
    fn refuse(headers: &HeaderMap, id: &str, code: &str, status: StatusCode) -> Response {
        let wants_page = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
        if wants_page {
            Redirect::to(&format!("/pourvois/{id}?erreur={code}#pieces")).into_response()
        } else {
            (status, crate::domain::pourvoi::upload_error(code)).into_response()
        }
    }

    /// `POST /pourvois/{id}/pieces` (multipart: `nature`, `date_piece`, `deposant`, `fichier`).
    pub async fn upload_piece(
        State(state): State<AppState>,
        axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
        Path(id): Path<String>,
        headers: HeaderMap,
        mut form: Multipart,
    ) -> Response {
        let user = match signed_in(
            &state,
            &headers,
            &[Role::Greffier, Role::MagistratSiege, Role::MagistratParquet],
        )
        .await
        {
            Ok(u) if u.at_cassation() => u,
            Ok(_) => return refuse(&headers, &id, "droits", StatusCode::FORBIDDEN),
            Err(r) => return r,
        };
        if let Err(r) = in_scope(&state, &user, &id).await {
            return r;
        }
        let mut fields: HashMap<String, String> = HashMap::new();
        let mut file: Option<(String, Vec<u8>)> = None;
        loop {
            let field = match form.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return refuse(&headers, &id, "taille", StatusCode::PAYLOAD_TOO_LARGE);
                }
                Err(_) => return refuse(&headers, &id, "formulaire", StatusCode::BAD_REQUEST),
            };
            let name = field.name().unwrap_or_default().to_owned();
            if name == "fichier" {
                let filename = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => file = Some((filename, b.to_vec())),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return refuse(&headers, &id, "taille", StatusCode::PAYLOAD_TOO_LARGE);
                    }
                    Err(_) => return refuse(&headers, &id, "formulaire", StatusCode::BAD_REQUEST),
                }
            } else if let Ok(text) = field.text().await {
                fields.insert(name, text);
            }
        }
        let get = |k: &str| fields.get(k).map(|s| s.trim()).unwrap_or("");
        let nature = get("nature");
        if !NATURES.iter().any(|(c, _)| *c == nature) {
            return refuse(&headers, &id, "nature", StatusCode::UNPROCESSABLE_ENTITY);
        }
        if !may_file(user.role, nature) {
            return refuse(&headers, &id, "droits", StatusCode::FORBIDDEN);
        }
        let today = crate::api::guard::today();
        let Some(date_piece) = crate::domain::dates::parse_iso(get("date_piece")).filter(|d| *d <= today) else {
            return refuse(&headers, &id, "date", StatusCode::UNPROCESSABLE_ENTITY);
        };
        let deposant = get("deposant");
        if deposant.is_empty() || deposant.chars().count() > 200 {
            return refuse(&headers, &id, "deposant", StatusCode::UNPROCESSABLE_ENTITY);
        }
        let Some((filename, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
            return refuse(&headers, &id, "fichier", StatusCode::UNPROCESSABLE_ENTITY);
        };
        if bytes.len() > MAX_PIECE_BYTES {
            return refuse(&headers, &id, "taille", StatusCode::PAYLOAD_TOO_LARGE);
        }
        let Some(mime) = sniff(&bytes) else {
            return refuse(&headers, &id, "type", StatusCode::UNSUPPORTED_MEDIA_TYPE);
        };
        // Keep the base name only, whatever path the browser sent.
        let filename: String = filename
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let filename = if filename.is_empty() {
            "piece".to_owned()
        } else {
            filename
        };
        // The peer address, as the server functions record it (never a client-supplied header).
        let ip = guard::client_ip(addr.ip(), &headers, &state.trusted_proxies).to_string();
        let actor = store::Actor { user: &user, ip: &ip };
        let new = pourvois::pieces::NewPiece {
            nature,
            date_piece,
            deposant,
            nom_fichier: &filename,
            mime,
            contenu: &bytes,
        };
        match pourvois::pieces::add_piece(&state.db, &state.live, &id, &new, &actor).await {
            Ok(piece) => {
                if headers
                    .get(header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|a| a.contains("text/html"))
                {
                    Redirect::to(&format!("/pourvois/{id}?piece=ajoutee#pieces")).into_response()
                } else {
                    (StatusCode::CREATED, piece).into_response()
                }
            }
            Err(StoreError::Duplicate(_)) => refuse(&headers, &id, "doublon", StatusCode::CONFLICT),
            Err(StoreError::Rule(_)) => refuse(&headers, &id, "date", StatusCode::UNPROCESSABLE_ENTITY),
            Err(StoreError::Busy) => guard::busy_response(),
            Err(StoreError::Forbidden) => refuse(&headers, &id, "affectation", StatusCode::FORBIDDEN),
            Err(e) => {
                let _ = AppError::from(e);
                refuse(&headers, &id, "interne", StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    /// `GET /pourvois/{id}/pieces/{piece}`: the file, as an attachment.
    pub async fn download_piece(
        State(state): State<AppState>,
        Path((id, piece)): Path<(String, String)>,
        headers: HeaderMap,
    ) -> Response {
        let user = match signed_in(&state, &headers, Role::READ_CASES).await {
            Ok(u) => u,
            Err(r) => return r,
        };
        if let Err(r) = in_scope(&state, &user, &id).await {
            return r;
        }
        match pourvois::pieces::piece_content(&state.db, &id, &piece).await {
            Ok(Some((name, mime, bytes))) => {
                let mut res = bytes.into_response();
                let h = res.headers_mut();
                if let Ok(v) = HeaderValue::from_str(&mime) {
                    h.insert(header::CONTENT_TYPE, v);
                }
                let ascii: String = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
                    h.insert(header::CONTENT_DISPOSITION, v);
                }
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
                res
            }
            Ok(None) => (StatusCode::NOT_FOUND, "Introuvable : pièce").into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }

    /// `GET /flux[?pourvoi=ID]`: server-sent events, one JSON [`LiveEvent`] each. With a
    /// pourvoi, every event of that dossier; without, the events of the dossiers the user is
    /// assigned to or follows, made by others. The stream ends when the session does.
    ///
    /// [`LiveEvent`]: crate::domain::pourvoi::LiveEvent
    pub async fn flux(
        State(state): State<AppState>,
        headers: HeaderMap,
        Query(q): Query<HashMap<String, String>>,
    ) -> Response {
        let user = match signed_in(&state, &headers, Role::READ_CASES).await {
            Ok(u) => u,
            Err(r) => return r,
        };
        let pourvoi = q.get("pourvoi").cloned();
        if let Some(id) = &pourvoi
            && let Err(r) = in_scope(&state, &user, id).await
        {
            return r;
        }
        // Subscribed before the catch-up is read, so nothing falls between the two; the
        // browser drops an event it already has (same id).
        let rx = state.live.subscribe();
        let mut backlog = Vec::new();
        if let Some(last) = headers.get("last-event-id").and_then(|v| v.to_str().ok()) {
            let missed = store::live::live_events_since(&state.db, user.juridiction_id, last.trim())
                .await
                .unwrap_or_default();
            for e in missed {
                if wanted(&state, &user, pourvoi.as_deref(), &e).await {
                    backlog.push(Ok::<_, std::convert::Infallible>(sse_event(&e)));
                }
            }
        }
        let closed = Box::pin(state.live.closed());
        let mut check = tokio::time::interval(Duration::from_secs(30));
        check.tick().await;
        let stream = futures::stream::unfold(
            (rx, check, state, headers, user, pourvoi, closed),
            |(mut rx, mut check, state, headers, user, pourvoi, mut closed)| async move {
                loop {
                    tokio::select! {
                        _ = &mut closed => return None,
                        _ = check.tick() => {
                            if !guard::header_session_live(&state, &headers).await {
                                return None;
                            }
                        }
                        got = rx.recv() => match got {
                            Ok(e) => {
                                if !wanted(&state, &user, pourvoi.as_deref(), &e).await {
                                    continue;
                                }
                                return Some((
                                    Ok::<_, std::convert::Infallible>(sse_event(&e)),
                                    (rx, check, state, headers, user, pourvoi, closed),
                                ));
                            }
                            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                        }
                    }
                }
            },
        );
        let stream = futures::stream::iter(backlog).chain(stream);
        let mut res = Sse::new(stream).keep_alive(KeepAlive::default()).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }

    /// Whether the stream of `user` (on one pourvoi, or on what concerns him) carries `e`.
    async fn wanted(state: &AppState, user: &CurrentUser, pourvoi: Option<&str>, e: &LiveEvent) -> bool {
        if e.juridiction_id != user.juridiction_id {
            return false;
        }
        match pourvoi {
            Some(id) => id == e.pourvoi_id,
            None => {
                e.acteur_id != user.id
                    && pourvois::notifications::concerns(&state.db, &e.pourvoi_id, user.id)
                        .await
                        .unwrap_or(false)
            }
        }
    }

    /// One event of the stream; its id lets a reconnecting browser catch up.
    fn sse_event(e: &LiveEvent) -> Event {
        Event::default()
            .event("evenement")
            .id(e.id.clone())
            .data(serde_json::to_string(e).unwrap_or_default())
    }
}
